//! The zip container from the rendered files: `mimetype` first and stored, `META-INF/container.xml`,
//! then the content in a fixed order with fixed timestamps, so two builds are byte-identical.
// Written with `zip` rather than epub-builder, which cannot set entry timestamps, a publisher,
// the nav language or an imprint landmark (see the crate notes in the project's design files).

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::opf::civil;
use super::plan::{Plan, CONTENT_DIR, OPF};
use super::EpubError;

/// Zips `files` (paths relative to the content folder) and the plan's images into an EPUB.
pub(crate) fn package(plan: &Plan, files: Vec<(String, Vec<u8>)>) -> Result<Vec<u8>, EpubError> {
    let time = zip_time(plan.issue.modified_epoch);
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored).last_modified_time(time);
    let deflated = stored.compression_method(CompressionMethod::Deflated);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    // OCF 3.3 §4.2.3: `mimetype` must be the first entry, uncompressed and without extra fields.
    zip.start_file("mimetype", stored)?;
    zip.write_all(b"application/epub+zip")?;
    zip.start_file("META-INF/container.xml", deflated)?;
    zip.write_all(container().as_bytes())?;
    for (path, bytes) in &files {
        zip.start_file(format!("{CONTENT_DIR}/{path}"), deflated)?;
        zip.write_all(bytes)?;
    }
    for asset in &plan.issue.assets {
        // PNG, JPEG, GIF and WebP are compressed already; deflating them again only costs time.
        let options = if asset.media_type.starts_with("image/svg") { deflated } else { stored };
        zip.start_file(format!("{CONTENT_DIR}/{}", asset.package_path), options)?;
        zip.write_all(&asset.bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

fn container() -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n\
         <rootfiles>\n<rootfile full-path=\"{CONTENT_DIR}/{OPF}\" media-type=\"application/oebps-package+xml\"/>\n\
         </rootfiles>\n</container>\n"
    )
}

/// The entry timestamp: the issue's modification time (UTC), within what zip can store
/// (1980–2107); the zip epoch 1980-01-01 when outside.
fn zip_time(epoch: i64) -> DateTime {
    let (y, mo, d, h, mi, s) = civil(epoch);
    u16::try_from(y)
        .ok()
        // Zip stores seconds in two-second steps.
        .and_then(|y| DateTime::from_date_and_time(y, mo as u8, d as u8, h as u8, mi as u8, (s / 2 * 2) as u8).ok())
        .unwrap_or_default()
}
