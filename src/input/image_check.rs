//! Image data checked when the issue is read, so that a damaged or oversized image is an error
//! at its reference — in `heft check` too — instead of a box in the PDF and a broken file in the
//! EPUB. PNG and GIF are decoded row by row (memory: one row), JPEG is walked marker by marker;
//! the pixel size is checked before any pixel is decoded.

use std::io::Cursor;

/// More pixels than this in one image are refused: 25 megapixels is a 6000 × 4000 photo, far
/// beyond print resolution for a magazine page, and decoded it already takes 100 MB.
pub(crate) const MAX_PIXELS: u64 = 25_000_000;

/// Why image data cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ImageProblem {
    Damaged(String),
    NoPixels,
    TooLarge { width: u32, height: u32 },
}

/// The pixel size of a PNG, JPEG or GIF after checking that its data is whole.
pub(crate) fn check_image(bytes: &[u8], media_type: &str) -> Result<(u32, u32), ImageProblem> {
    match media_type {
        "image/png" => check_png(bytes),
        "image/gif" => check_gif(bytes),
        _ => check_jpeg(bytes),
    }
}

fn within_limit(width: u32, height: u32) -> Result<(u32, u32), ImageProblem> {
    if width == 0 || height == 0 {
        return Err(ImageProblem::NoPixels);
    }
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(ImageProblem::TooLarge { width, height });
    }
    Ok((width, height))
}

fn damaged(err: impl std::fmt::Display) -> ImageProblem {
    ImageProblem::Damaged(err.to_string())
}

fn check_png(bytes: &[u8]) -> Result<(u32, u32), ImageProblem> {
    let mut reader = png::Decoder::new(Cursor::new(bytes)).read_info().map_err(damaged)?;
    let size = within_limit(reader.info().width, reader.info().height)?;
    while reader.next_row().map_err(damaged)?.is_some() {}
    reader.finish().map_err(damaged)?;
    Ok(size)
}

fn check_gif(bytes: &[u8]) -> Result<(u32, u32), ImageProblem> {
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::Indexed);
    let mut decoder = options.read_info(Cursor::new(bytes)).map_err(damaged)?;
    let size = within_limit(u32::from(decoder.width()), u32::from(decoder.height()))?;
    let frame = decoder.next_frame_info().map_err(damaged)?.ok_or_else(|| damaged("it holds no picture"))?;
    within_limit(u32::from(frame.width), u32::from(frame.height))?;
    let mut row = vec![0; usize::from(frame.width)];
    while decoder.fill_buffer(&mut row).map_err(damaged)? {}
    Ok(size)
}

/// Walks the JPEG segments: a frame header with the size, then entropy-coded scans up to the
/// end-of-image marker. A file cut short never reaches that marker.
fn check_jpeg(bytes: &[u8]) -> Result<(u32, u32), ImageProblem> {
    let mut size = None;
    let mut at = 2;
    loop {
        let marker = match bytes.get(at..at + 2) {
            Some([0xFF, 0xFF]) => {
                at += 1;
                continue;
            }
            Some([0xFF, marker]) => *marker,
            Some(_) => return Err(damaged("a segment is not where the previous one ends")),
            None => return Err(damaged("the file ends before its end marker (it is cut short)")),
        };
        if marker == 0xD9 {
            return size.ok_or_else(|| damaged("it has no frame header"));
        }
        let length = bytes.get(at + 2..at + 4).map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])));
        let segment = length.filter(|&l| l >= 2).and_then(|l| bytes.get(at + 4..at + 2 + l));
        let segment = segment.ok_or_else(|| damaged("a segment is cut short"))?;
        let is_frame_header = (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_frame_header {
            let header = segment.get(..5).ok_or_else(|| damaged("the frame header is cut short"))?;
            let height = u32::from(u16::from_be_bytes([header[1], header[2]]));
            let width = u32::from(u16::from_be_bytes([header[3], header[4]]));
            size = Some(within_limit(width, height)?);
        }
        at += 2 + segment.len() + 2;
        if marker == 0xDA {
            at = end_of_scan(bytes, at);
        }
    }
}

/// The offset of the first marker after entropy-coded data starting at `from` (stuffed `FF 00`
/// and restart markers belong to the data); the end of `bytes` when there is none.
fn end_of_scan(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    while at + 1 < bytes.len() {
        if bytes[at] == 0xFF && !matches!(bytes[at + 1], 0x00 | 0xD0..=0xD7 | 0xFF) {
            return at;
        }
        at += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 2 × 1 baseline JPEG (grey).
    const JPEG_2X1: &[u8] = &[
        0xFF, 0xD8, 0xFF, 0xDB, 0x00, 0x43, 0x00, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
        0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
        0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
        0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0xFF,
        0xC0, 0x00, 0x0B, 0x08, 0x00, 0x01, 0x00, 0x02, 0x01, 0x01, 0x11, 0x00, 0xFF, 0xC4, 0x00, 0x14, 0x00, 0x01,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xDA,
        0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x00, 0xFF, 0x00, 0x12, 0xFF, 0xD9,
    ];

    #[test]
    fn a_whole_jpeg_passes_and_a_cut_one_does_not() {
        assert_eq!(check_jpeg(JPEG_2X1), Ok((2, 1)));
        for cut in [JPEG_2X1.len() - 2, 100, 80, 10] {
            assert!(matches!(check_jpeg(&JPEG_2X1[..cut]), Err(ImageProblem::Damaged(_))), "cut at {cut}");
        }
    }

    #[test]
    fn oversized_jpeg_is_refused_by_its_header() {
        let mut huge = JPEG_2X1.to_vec();
        let sof = huge.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
        huge[sof + 5..sof + 9].copy_from_slice(&[0x2E, 0xE0, 0x2E, 0xE0]);
        assert_eq!(check_jpeg(&huge), Err(ImageProblem::TooLarge { width: 12_000, height: 12_000 }));
    }

    #[test]
    fn cut_png_and_gif_are_damaged() {
        let png = include_bytes!("../../tests/fixtures/image_check/pixel.png");
        assert_eq!(check_png(png), Ok((1, 1)));
        assert!(matches!(check_png(&png[..png.len() - 20]), Err(ImageProblem::Damaged(_))));
        let gif = include_bytes!("../../tests/fixtures/image_check/pixel.gif");
        assert_eq!(check_gif(gif), Ok((1, 1)));
        assert!(matches!(check_gif(&gif[..gif.len() - 6]), Err(ImageProblem::Damaged(_))));
    }
}
