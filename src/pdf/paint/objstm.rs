//! Compressed object streams (PDF 1.5): the structure tree's many small dictionaries packed
//! into deflated streams, and the cross-reference stream that finds them there.
//!
//! A tagged PDF has a structure element for every paragraph, list item, label and span. Written
//! as plain objects they made up almost all of the file for a long issue: 66 MB of the 70 MB
//! screen PDF of 165 000 nested list items (under 1 MB of Markdown), all of it in memory while
//! the PDF is assembled. Packed and deflated they take a tenth. `pdf-writer` writes object
//! streams' contents but not the cross-reference entries that point into them, so `finish`
//! turns the free entries it writes for those objects into such entries.

use pdf_writer::{Chunk, Filter, Name, Pdf, Ref};

use super::{deflate, Refs};

/// Objects in one stream: enough to compress well, few enough that a reader looking for one
/// structure element inflates little.
const OBJECTS_PER_STREAM: usize = 256;

/// Writes objects into `pdf` packed: each object goes into a small chunk first, and every
/// `OBJECTS_PER_STREAM` of them become one deflated object stream, so the written-out objects
/// never pile up in memory.
pub(crate) struct Packer<'a> {
    pdf: &'a mut Pdf,
    pub refs: &'a mut Refs,
    chunk: Chunk,
    starts: Vec<usize>,
    packed: Packed,
    /// Reused for each stream's header and bodies.
    data: Vec<u8>,
}

/// Where packed objects went: (object, its stream, its index in the stream).
#[derive(Default)]
pub(crate) struct Packed(Vec<(i32, i32, u32)>);

impl<'a> Packer<'a> {
    pub fn new(pdf: &'a mut Pdf, refs: &'a mut Refs) -> Packer<'a> {
        Packer { pdf, refs, chunk: new_chunk(), starts: Vec::new(), packed: Packed::default(), data: Vec::new() }
    }

    /// The chunk to write the next object into (exactly one object per call).
    pub fn begin(&mut self) -> &mut Chunk {
        if self.starts.len() == OBJECTS_PER_STREAM {
            self.flush();
        }
        self.starts.push(self.chunk.len());
        &mut self.chunk
    }

    /// Packs what is left; returns where every packed object went.
    pub fn finish(mut self) -> Packed {
        self.flush();
        self.packed
    }

    /// Packs the objects written since the last flush into one object stream. Should an object
    /// not have the shape `pdf-writer` gives indirect objects, they go in unpacked instead.
    fn flush(&mut self) {
        if self.starts.is_empty() {
            return;
        }
        let chunk = std::mem::replace(&mut self.chunk, new_chunk());
        let starts = std::mem::take(&mut self.starts);
        let bytes = chunk.as_bytes();
        let objects: Option<Vec<(i32, &[u8])>> = starts
            .iter()
            .enumerate()
            .map(|(k, &start)| split_object(&bytes[start..starts.get(k + 1).copied().unwrap_or(bytes.len())]))
            .collect();
        let Some(objects) = objects else {
            self.pdf.extend(&chunk);
            return;
        };
        let stream = self.refs.next();
        let mut header = String::new();
        self.data.clear();
        for (index, (id, body)) in objects.iter().enumerate() {
            header.push_str(&format!("{id} {} ", self.data.len()));
            self.data.extend_from_slice(body);
            self.data.push(b'\n');
            self.packed.0.push((*id, stream.get(), index as u32));
        }
        let mut whole = Vec::with_capacity(header.len() + self.data.len());
        whole.extend_from_slice(header.as_bytes());
        whole.extend_from_slice(&self.data);
        let compressed = deflate(&whole);
        self.pdf
            .stream(stream, &compressed)
            .filter(Filter::FlateDecode)
            .pair(Name(b"Type"), Name(b"ObjStm"))
            .pair(Name(b"N"), objects.len() as i32)
            .pair(Name(b"First"), header.len() as i32);
    }
}

fn new_chunk() -> Chunk {
    Chunk::with_settings(pdf_writer::Settings { pretty: false })
}

/// `N 0 obj\n…\nendobj\n` → (N, the object's body).
fn split_object(object: &[u8]) -> Option<(i32, &[u8])> {
    const OPEN: &[u8] = b" 0 obj\n";
    const CLOSE: &[u8] = b"\nendobj\n";
    let digits = object.iter().take_while(|b| b.is_ascii_digit()).count();
    let id: i32 = std::str::from_utf8(&object[..digits]).ok()?.parse().ok()?;
    let rest = object[digits..].strip_prefix(OPEN)?;
    Some((id, rest.strip_suffix(CLOSE)?))
}

/// Finishes `pdf` with its cross-reference stream, in which the entries of the objects in
/// `packed` (free entries as pdf-writer writes them: it never saw those objects) become type-2
/// entries pointing into their object stream. `xref` must be the last reference handed out, so
/// that the stream has an entry for every object.
pub(crate) fn finish(pdf: Pdf, xref: Ref, packed: &Packed) -> Vec<u8> {
    let size = xref.get() as usize + 1;
    pdf.finish_with_xref_stream_and_filter(xref, |entries| {
        let mut entries = entries.to_vec();
        // pdf-writer writes `/W [1 w 2]`: type, offset (w bytes, enough for the file's length,
        // so for any object number too), generation.
        let entry = entries.len() / size;
        assert!(entry >= 4 && entries.len() == entry * size, "a cross-reference entry for every object");
        let width = entry - 3;
        for &(id, stream, index) in &packed.0 {
            let at = &mut entries[id as usize * entry..][..entry];
            at[0] = 2;
            at[1..=width].copy_from_slice(&(stream as u64).to_be_bytes()[8 - width..]);
            at[1 + width..].copy_from_slice(&(index as u16).to_be_bytes());
        }
        (deflate(&entries), pdf_writer::XRefFilter::Single(Filter::FlateDecode))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_split_into_number_and_body() {
        assert_eq!(split_object(b"12 0 obj\n<</A 1>>\nendobj\n"), Some((12, &b"<</A 1>>"[..])));
        assert_eq!(split_object(b"12 0 obj\n<</A 1>>"), None);
    }

    #[test]
    fn packed_objects_are_found_through_the_cross_reference_stream() {
        let mut refs = Refs::new();
        let catalog = refs.next();
        let pages = refs.next();
        let mut pdf = Pdf::new();
        pdf.catalog(catalog).pages(pages);
        pdf.pages(pages).count(0);
        let dicts: Vec<Ref> = (0..300).map(|_| refs.next()).collect();
        let mut packer = Packer::new(&mut pdf, &mut refs);
        for (k, &id) in dicts.iter().enumerate() {
            packer.begin().indirect(id).dict().pair(Name(b"K"), k as i32);
        }
        let packed = packer.finish();
        assert_eq!(packed.0.len(), 300);
        let bytes = finish(pdf, refs.next(), &packed);
        let doc = lopdf::Document::load_mem(&bytes).expect("a readable PDF");
        for (k, &id) in dicts.iter().enumerate() {
            let object = doc.get_object((id.get() as u32, 0)).expect("packed object");
            let value = object.as_dict().unwrap().get(b"K").unwrap().as_i64().unwrap();
            assert_eq!(value, k as i64);
        }
    }
}
