//! Document-level PDF objects from the frame document's metadata: the info dictionary with
//! dates, the trailer `/ID`, and the nested outline (bookmarks).

use lopdf::{dictionary, Dictionary, Document as Pdf, Object, ObjectId, StringFormat};

use super::{PaintError, Targets};
use crate::pdf::frame::{DocInfo, OutlineEntry};

/// A PDF text string: literal if plain printable ASCII, else UTF-16BE with a byte order mark.
pub(super) fn text_string(s: &str) -> Object {
    if s.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        return Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// The info dictionary; empty fields are left out, the producer is always "heft".
pub(super) fn info(info: &DocInfo) -> Dictionary {
    let mut dict = Dictionary::new();
    for (key, value) in
        [("Title", &info.title), ("Author", &info.author), ("Subject", &info.subject), ("Creator", &info.creator)]
    {
        if !value.is_empty() {
            dict.set(key, text_string(value));
        }
    }
    dict.set("Producer", text_string("heft"));
    let date = pdf_date(info.epoch);
    dict.set("CreationDate", text_string(&date));
    dict.set("ModDate", text_string(&date));
    dict
}

/// `D:YYYYMMDDHHmmSS+00'00'` for seconds since the Unix epoch, in UTC.
pub(super) fn pdf_date(epoch: i64) -> String {
    let (year, month, day, hour, minute, second) = crate::text::lang::civil_from_epoch(epoch);
    // PDF dates have four-digit years.
    let year = year.clamp(0, 9999);
    format!("D:{year:04}{month:02}{day:02}{hour:02}{minute:02}{second:02}+00'00'")
}

/// The trailer `/ID`: two equal 16-byte strings hashed from the seed (stable across runs).
pub(super) fn file_id(seed: &str) -> Object {
    let mut id = fnv1a(0, seed.as_bytes()).to_be_bytes().to_vec();
    id.extend_from_slice(&fnv1a(1, seed.as_bytes()).to_be_bytes());
    let id = Object::String(id, StringFormat::Hexadecimal);
    Object::Array(vec![id.clone(), id])
}

/// 64-bit FNV-1a, its offset basis varied by `salt`: a fixed hash for ids and subset tags.
pub(super) fn fnv1a(salt: u64, data: &[u8]) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01B3;
    let mut hash = 0xCBF2_9CE4_8422_2325_u64 ^ salt.wrapping_mul(PRIME);
    for &byte in data {
        hash = (hash ^ u64::from(byte)).wrapping_mul(PRIME);
    }
    hash
}

/// The outline dictionary, if there are entries. The top level is open, deeper levels closed.
pub(super) fn outline(
    pdf: &mut Pdf,
    entries: &[OutlineEntry],
    targets: &Targets,
) -> Result<Option<ObjectId>, PaintError> {
    if entries.is_empty() {
        return Ok(None);
    }
    let root = pdf.new_object_id();
    let level = outline_level(pdf, entries, root, 0, targets)?;
    pdf.set_object(
        root,
        dictionary! { "Type" => "Outlines", "First" => level.first, "Last" => level.last, "Count" => level.visible },
    );
    Ok(Some(root))
}

/// A written level of outline items: its ends and how many items it shows (its own items
/// plus the visible descendants of open ones).
struct Level {
    first: ObjectId,
    last: ObjectId,
    visible: i64,
}

fn outline_level(
    pdf: &mut Pdf,
    entries: &[OutlineEntry],
    parent: ObjectId,
    depth: usize,
    targets: &Targets,
) -> Result<Level, PaintError> {
    let ids: Vec<ObjectId> = entries.iter().map(|_| pdf.new_object_id()).collect();
    let open = depth == 0;
    let mut visible = 0;
    for (i, entry) in entries.iter().enumerate() {
        let mut item = dictionary! {
            "Title" => text_string(&entry.title),
            "Parent" => parent,
            "Dest" => targets.destination(entry.page, entry.y.0)?,
        };
        if i > 0 {
            item.set("Prev", ids[i - 1]);
        }
        if let Some(&next) = ids.get(i + 1) {
            item.set("Next", next);
        }
        visible += 1;
        if !entry.children.is_empty() {
            let children = outline_level(pdf, &entry.children, ids[i], depth + 1, targets)?;
            item.set("First", children.first);
            item.set("Last", children.last);
            // Positive: open, showing that many; negative: closed, would show that many.
            item.set("Count", if open { children.visible } else { -children.visible });
            if open {
                visible += children.visible;
            }
        }
        pdf.set_object(ids[i], item);
    }
    Ok(Level { first: ids[0], last: ids[ids.len() - 1], visible })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_utc_pdf_form() {
        assert_eq!(pdf_date(0), "D:19700101000000+00'00'");
        // 2024-02-29T13:45:07Z, a leap day.
        assert_eq!(pdf_date(1_709_214_307), "D:20240229134507+00'00'");
        assert_eq!(pdf_date(-1), "D:19691231235959+00'00'");
    }

    #[test]
    fn text_strings_fall_back_to_utf16() {
        assert_eq!(text_string("Heft 3"), Object::String(b"Heft 3".to_vec(), StringFormat::Literal));
        let Object::String(bytes, StringFormat::Hexadecimal) = text_string("Ö") else { panic!() };
        assert_eq!(bytes, vec![0xFE, 0xFF, 0x00, 0xD6]);
    }

    #[test]
    fn ids_depend_on_the_seed_only() {
        assert_eq!(file_id("issue-7"), file_id("issue-7"));
        assert_ne!(file_id("issue-7"), file_id("issue-8"));
    }
}
