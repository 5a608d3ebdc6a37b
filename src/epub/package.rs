//! The zip container from the rendered files: `mimetype` first and stored, `META-INF/container.xml`,
//! then the content in a fixed order with fixed timestamps, so two builds are byte-identical.
// Written by hand rather than with epub-builder, which cannot set entry timestamps, a publisher,
// the nav language or an imprint landmark (see the crate notes in the project's design files), or
// with the `zip` crate, which deflates every entry anew: under `heft watch` an entry equal to one
// of the last build is taken deflated from the memo (`crate::memo`), and most of a rebuilt EPUB is.

use super::opf::civil;
use super::plan::{Plan, CONTENT_DIR, OPF};
use super::EpubError;

/// Zips `files` (paths relative to the content folder) and the plan's images into an EPUB.
pub(crate) fn package(plan: &Plan, files: Vec<(String, Vec<u8>)>) -> Result<Vec<u8>, EpubError> {
    let size = files.iter().map(|(_, bytes)| bytes.len() / 3).sum::<usize>()
        + plan.issue.assets.iter().map(|asset| asset.bytes.len()).sum::<usize>();
    let mut zip = Zip::new(dos_time(plan.issue.modified_epoch), size + 64 * 1024);
    // OCF 3.3 §4.2.3: `mimetype` must be the first entry, uncompressed and without extra fields.
    zip.add("mimetype", b"application/epub+zip", Method::Stored)?;
    zip.add("META-INF/container.xml", container().as_bytes(), Method::Deflated)?;
    for (path, bytes) in &files {
        zip.add(&format!("{CONTENT_DIR}/{path}"), bytes, Method::Deflated)?;
    }
    for asset in &plan.issue.assets {
        // PNG, JPEG, GIF and WebP are compressed already; deflating them again only costs time.
        let method = if asset.media_type.starts_with("image/svg") { Method::Deflated } else { Method::Stored };
        zip.add(&format!("{CONTENT_DIR}/{}", asset.package_path), &asset.bytes, method)?;
    }
    zip.finish()
}

fn container() -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n\
         <rootfiles>\n<rootfile full-path=\"{CONTENT_DIR}/{OPF}\" media-type=\"application/oebps-package+xml\"/>\n\
         </rootfiles>\n</container>\n"
    )
}

/// How an entry's bytes are stored.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Method {
    Stored,
    Deflated,
}

impl Method {
    fn code(self) -> u16 {
        match self {
            Method::Stored => 0,
            Method::Deflated => 8,
        }
    }
}

/// A zip archive written into memory: local headers and data as entries come, the central
/// directory at the end. No zip64: an EPUB of 4 GiB or 65 535 files is refused.
struct Zip {
    out: Vec<u8>,
    central: Vec<u8>,
    entries: u16,
    /// MS-DOS time and date of every entry.
    time: (u16, u16),
}

/// Zip version 2.0: what deflate needs; "made by" MS-DOS, so no file attributes are implied.
const VERSION: u16 = 20;

impl Zip {
    fn new(time: (u16, u16), capacity: usize) -> Zip {
        Zip { out: Vec::with_capacity(capacity), central: Vec::new(), entries: 0, time }
    }

    fn add(&mut self, name: &str, bytes: &[u8], method: Method) -> Result<(), EpubError> {
        let too_large = || EpubError::TooLarge(name.to_string());
        let deflated;
        let data = match method {
            Method::Stored => bytes,
            Method::Deflated => {
                deflated = crate::memo::deflated("zip", bytes, deflate);
                &deflated
            }
        };
        let offset = u32::try_from(self.out.len()).map_err(|_| too_large())?;
        let sizes = (u32::try_from(data.len()), u32::try_from(bytes.len()));
        let (Ok(packed), Ok(size)) = sizes else { return Err(too_large()) };
        let name_len = u16::try_from(name.len()).map_err(|_| too_large())?;
        self.entries = self.entries.checked_add(1).ok_or_else(too_large)?;
        // Bit 11: the name is UTF-8.
        let flags: u16 = if name.is_ascii() { 0 } else { 1 << 11 };
        let fields = Fields { flags, method: method.code(), crc: crc32fast::hash(bytes), packed, size, name_len };
        put32(&mut self.out, 0x0403_4b50);
        put16(&mut self.out, VERSION);
        fields.write(&mut self.out, self.time);
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(data);
        put32(&mut self.central, 0x0201_4b50);
        put16(&mut self.central, VERSION);
        put16(&mut self.central, VERSION);
        fields.write(&mut self.central, self.time);
        // Comment length, disk number, internal and external attributes, then the local header.
        put16(&mut self.central, 0);
        put16(&mut self.central, 0);
        put16(&mut self.central, 0);
        put32(&mut self.central, 0);
        put32(&mut self.central, offset);
        self.central.extend_from_slice(name.as_bytes());
        Ok(())
    }

    fn finish(mut self) -> Result<Vec<u8>, EpubError> {
        let too_large = || EpubError::TooLarge("the central directory".to_string());
        let offset = u32::try_from(self.out.len()).map_err(|_| too_large())?;
        let size = u32::try_from(self.central.len()).map_err(|_| too_large())?;
        self.out.extend_from_slice(&self.central);
        put32(&mut self.out, 0x0605_4b50);
        put16(&mut self.out, 0);
        put16(&mut self.out, 0);
        put16(&mut self.out, self.entries);
        put16(&mut self.out, self.entries);
        put32(&mut self.out, size);
        put32(&mut self.out, offset);
        put16(&mut self.out, 0);
        Ok(self.out)
    }
}

/// What the local header and the central directory entry both say about an entry, in the
/// same order in both, after the versions.
struct Fields {
    flags: u16,
    method: u16,
    crc: u32,
    packed: u32,
    size: u32,
    name_len: u16,
}

impl Fields {
    fn write(&self, out: &mut Vec<u8>, (time, date): (u16, u16)) {
        put16(out, self.flags);
        put16(out, self.method);
        put16(out, time);
        put16(out, date);
        put32(out, self.crc);
        put32(out, self.packed);
        put32(out, self.size);
        put16(out, self.name_len);
        // No extra field.
        put16(out, 0);
    }
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

thread_local! {
    /// One raw-deflate compressor per thread, reset between entries: a new one allocates and
    /// zeroes its window and tables each time.
    static COMPRESSOR: std::cell::RefCell<flate2::Compress> =
        std::cell::RefCell::new(flate2::Compress::new(flate2::Compression::new(6), false));
}

/// Raw deflate (no zlib header, as zip stores it) at zlib's default level.
fn deflate(data: &[u8]) -> Vec<u8> {
    COMPRESSOR.with_borrow_mut(|compress| crate::deflate::deflate_with(compress, data))
}

/// The entries' MS-DOS time and date: the issue's modification time (UTC), within what zip can
/// store (1980–2107); the zip epoch 1980-01-01 00:00 when outside.
fn dos_time(epoch: i64) -> (u16, u16) {
    let (y, mo, d, h, mi, s) = civil(epoch);
    if !(1980..=2107).contains(&y) {
        return (0, (1 << 5) | 1);
    }
    // Zip stores seconds in two-second steps.
    let time = ((h as u16) << 11) | ((mi as u16) << 5) | ((s as u16) / 2);
    let date = (((y - 1980) as u16) << 9) | ((mo as u16) << 5) | (d as u16);
    (time, date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_carry_the_issue_time_and_early_dates_the_zip_epoch() {
        // 2026-01-31 12:00:01 UTC.
        let (time, date) = dos_time(1_769_860_801);
        assert_eq!((time >> 11, time >> 5 & 63, time & 31), (12, 0, 0));
        assert_eq!((date >> 9, date >> 5 & 15, date & 31), (46, 1, 31));
        assert_eq!(dos_time(0), (0, (1 << 5) | 1), "1970 is before zip's epoch");
    }
}
