//! Document-level PDF objects from the frame document's metadata: the info dictionary with
//! dates, the trailer `/ID`, and the nested outline (bookmarks).

use pdf_writer::types::TrappingStatus;
use pdf_writer::{Finish, Name, Pdf, Ref, TextStr};

use super::{write_destination, PaintError, Refs, Targets};
use crate::pdf::frame::{DocInfo, OutlineEntry};

/// The info dictionary; empty fields are left out, the producer is always "heft". A print PDF
/// also says it is untrapped and which PDF/X part it follows (as its XMP does).
pub(super) fn info(pdf: &mut Pdf, id: Ref, info: &DocInfo, print: bool) {
    let date = pdf_date(info.epoch);
    let mut dict = pdf.document_info(id);
    for (key, value) in
        [("Title", &info.title), ("Author", &info.author), ("Subject", &info.subject), ("Creator", &info.creator)]
    {
        if !value.is_empty() {
            dict.pair(Name(key.as_bytes()), TextStr(value));
        }
    }
    dict.pair(Name(b"Producer"), TextStr("heft"));
    // Written as text rather than through pdf-writer's `Date`, which has no seconds offset form
    // we want to pin: the same epoch always gives the same bytes.
    dict.pair(Name(b"CreationDate"), TextStr(&date));
    dict.pair(Name(b"ModDate"), TextStr(&date));
    if print {
        dict.trapped(TrappingStatus::NotTrapped);
        dict.pair(Name(b"GTS_PDFXVersion"), TextStr(super::print::PDFX_VERSION));
    }
    dict.finish();
}

/// `D:YYYYMMDDHHmmSS+00'00'` for seconds since the Unix epoch, in UTC.
pub(super) fn pdf_date(epoch: i64) -> String {
    let (year, month, day, hour, minute, second) = crate::text::lang::civil_from_epoch(epoch);
    // PDF dates have four-digit years.
    let year = year.clamp(0, 9999);
    format!("D:{year:04}{month:02}{day:02}{hour:02}{minute:02}{second:02}+00'00'")
}

/// The trailer `/ID`: two equal 16-byte strings hashed from the seed (stable across runs).
pub(super) fn file_id(seed: &str) -> (Vec<u8>, Vec<u8>) {
    let mut id = fnv1a(0, seed.as_bytes()).to_be_bytes().to_vec();
    id.extend_from_slice(&fnv1a(1, seed.as_bytes()).to_be_bytes());
    (id.clone(), id)
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
    refs: &mut Refs,
    entries: &[OutlineEntry],
    targets: &Targets,
) -> Result<Option<Ref>, PaintError> {
    if entries.is_empty() {
        return Ok(None);
    }
    let root = refs.next();
    let level = outline_level(pdf, refs, entries, root, 0, targets)?;
    pdf.outline(root).first(level.first).last(level.last).count(level.visible);
    Ok(Some(root))
}

/// A written level of outline items: its ends and how many items it shows (its own items
/// plus the visible descendants of open ones).
struct Level {
    first: Ref,
    last: Ref,
    visible: i32,
}

fn outline_level(
    pdf: &mut Pdf,
    refs: &mut Refs,
    entries: &[OutlineEntry],
    parent: Ref,
    depth: usize,
    targets: &Targets,
) -> Result<Level, PaintError> {
    let ids: Vec<Ref> = entries.iter().map(|_| refs.next()).collect();
    let open = depth == 0;
    let mut visible = 0;
    for (i, entry) in entries.iter().enumerate() {
        let destination = targets.destination(entry.page, entry.y.0)?;
        visible += 1;
        let children = match entry.children.is_empty() {
            true => None,
            false => Some(outline_level(pdf, refs, &entry.children, ids[i], depth + 1, targets)?),
        };
        let mut item = pdf.outline_item(ids[i]);
        item.title(TextStr(&entry.title)).parent(parent);
        write_destination(item.insert(Name(b"Dest")).array(), destination);
        if i > 0 {
            item.prev(ids[i - 1]);
        }
        if let Some(&next) = ids.get(i + 1) {
            item.next(next);
        }
        if let Some(children) = children {
            item.first(children.first).last(children.last);
            // Positive: open, showing that many; negative: closed, would show that many.
            item.count(if open { children.visible } else { -children.visible });
            if open {
                visible += children.visible;
            }
        }
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
    fn ids_depend_on_the_seed_only() {
        assert_eq!(file_id("issue-7"), file_id("issue-7"));
        assert_ne!(file_id("issue-7"), file_id("issue-8"));
    }
}
