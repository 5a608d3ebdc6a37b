//! Image assets → `frame::ImageData`: JPEG passed through (size and components read from the SOF
//! marker), PNG and GIF decoded to 8-bit RGB with an optional alpha channel.

use std::io::Cursor;

use crate::model::Asset;
use crate::pdf::frame::ImageData;

/// Why an asset cannot be painted.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImageError {
    #[error("image {0} is SVG, which the PDF writer cannot draw")]
    Svg(String),
    #[error("image {0} has an unsupported type ({1})")]
    Unsupported(String, String),
    #[error("failed to decode image {0} ({1})")]
    Corrupt(String, String),
}

/// Images larger than this many pixels are refused rather than decoded: a guard against
/// decompression bombs (a 12 000 × 12 000 photo is already far beyond print resolution).
const MAX_PIXELS: u64 = 150_000_000;

/// Turns one asset into paintable image data.
pub fn decode(asset: &Asset) -> Result<ImageData, ImageError> {
    let name = asset.path.clone();
    match asset.media_type {
        "image/jpeg" => jpeg(&asset.bytes).map_err(|e| ImageError::Corrupt(name, e)),
        "image/png" => png(&asset.bytes).map_err(|e| ImageError::Corrupt(name, e)),
        "image/gif" => gif(&asset.bytes).map_err(|e| ImageError::Corrupt(name, e)),
        "image/svg+xml" => Err(ImageError::Svg(name)),
        other => Err(ImageError::Unsupported(name, other.to_string())),
    }
}

/// Reads width, height and component count from the first start-of-frame marker.
fn jpeg(bytes: &[u8]) -> Result<ImageData, String> {
    if bytes.len() < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8 {
        return Err("not a JPEG file".into());
    }
    let mut i = 2;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return Err("bad marker".into());
        }
        let marker = bytes[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
        let is_sof = (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_sof {
            let seg = bytes.get(i + 4..i + 2 + len).ok_or("truncated frame header")?;
            if seg.len() < 6 {
                return Err("truncated frame header".into());
            }
            let height = u32::from(u16::from_be_bytes([seg[1], seg[2]]));
            let width = u32::from(u16::from_be_bytes([seg[3], seg[4]]));
            let components = seg[5];
            if width == 0 || height == 0 || !matches!(components, 1 | 3 | 4) {
                return Err("unusable frame header".into());
            }
            return Ok(ImageData::Jpeg { bytes: bytes.to_vec(), width, height, components });
        }
        i += 2 + len;
    }
    Err("no frame header".into())
}

fn png(bytes: &[u8]) -> Result<ImageData, String> {
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let (w, h) = (reader.info().width, reader.info().height);
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(format!("{w}×{h} pixels is too large"));
    }
    let size = reader.output_buffer_size().ok_or("image too large")?;
    let mut buf = vec![0; size];
    let info = reader.next_frame(&mut buf).map_err(|e| e.to_string())?;
    buf.truncate(info.buffer_size());
    let channels = match info.color_type {
        png::ColorType::Grayscale => 1,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        png::ColorType::Indexed => return Err("palette not expanded".into()),
    };
    Ok(split_channels(&buf, channels, info.width, info.height))
}

fn gif(bytes: &[u8]) -> Result<ImageData, String> {
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::RGBA);
    let mut decoder = options.read_info(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let frame = decoder.read_next_frame().map_err(|e| e.to_string())?.ok_or("no frame")?;
    let (w, h) = (u32::from(frame.width), u32::from(frame.height));
    if frame.buffer.len() < (w * h * 4) as usize || w == 0 || h == 0 {
        return Err("short frame".into());
    }
    Ok(split_channels(&frame.buffer, 4, w, h))
}

/// Interleaved gray/RGB with or without alpha → RGB pixels and an alpha plane (dropped when
/// fully opaque, so opaque images need no soft mask).
fn split_channels(buf: &[u8], channels: usize, width: u32, height: u32) -> ImageData {
    let n = (width as usize) * (height as usize);
    let mut pixels = Vec::with_capacity(n * 3);
    let has_alpha = channels == 2 || channels == 4;
    let mut alpha = Vec::with_capacity(if has_alpha { n } else { 0 });
    for px in buf.chunks_exact(channels).take(n) {
        match channels {
            1 | 2 => pixels.extend_from_slice(&[px[0], px[0], px[0]]),
            _ => pixels.extend_from_slice(&px[..3]),
        }
        if has_alpha {
            alpha.push(px[channels - 1]);
        }
    }
    let alpha = (has_alpha && alpha.iter().any(|&a| a != 255)).then_some(alpha);
    ImageData::Rgb { pixels, alpha, width, height }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asset(media_type: &'static str, bytes: Vec<u8>) -> Asset {
        Asset { path: "x".into(), package_path: "images/x".into(), media_type, bytes, width: 2, height: 1 }
    }

    fn png_bytes(color: png::ColorType, data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut out, 2, 1);
            enc.set_color(color);
            enc.set_depth(png::BitDepth::Eight);
            let mut w = enc.write_header().unwrap();
            w.write_image_data(data).unwrap();
        }
        out
    }

    #[test]
    fn png_rgba_keeps_alpha_and_gray_expands() {
        let rgba = png_bytes(png::ColorType::Rgba, &[1, 2, 3, 128, 4, 5, 6, 255]);
        match decode(&asset("image/png", rgba)).unwrap() {
            ImageData::Rgb { pixels, alpha, width, height } => {
                assert_eq!((width, height), (2, 1));
                assert_eq!(pixels, vec![1, 2, 3, 4, 5, 6]);
                assert_eq!(alpha, Some(vec![128, 255]));
            }
            other => panic!("{other:?}"),
        }
        let gray = png_bytes(png::ColorType::Grayscale, &[7, 9]);
        match decode(&asset("image/png", gray)).unwrap() {
            ImageData::Rgb { pixels, alpha, .. } => {
                assert_eq!(pixels, vec![7, 7, 7, 9, 9, 9]);
                assert_eq!(alpha, None);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn jpeg_header_is_read() {
        // SOI, APP0 (len 4), SOF0 (len 11: precision, h=3, w=5, 3 components…), EOI.
        let mut j = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0];
        j.extend_from_slice(&[0xFF, 0xC0, 0, 11, 8, 0, 3, 0, 5, 3, 1, 0x11, 0, 2, 0x11]);
        j.extend_from_slice(&[0xFF, 0xD9]);
        match decode(&asset("image/jpeg", j)).unwrap() {
            ImageData::Jpeg { width, height, components, .. } => {
                assert_eq!((width, height, components), (5, 3, 3));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn corrupt_and_svg_are_errors_not_panics() {
        for (t, b) in [
            ("image/png", vec![0x89, b'P', b'N', b'G', 1, 2]),
            ("image/jpeg", vec![0xFF, 0xD8, 0xFF, 0xC0, 0xFF]),
            ("image/gif", b"GIF89a\x01".to_vec()),
            ("image/jpeg", vec![]),
        ] {
            assert!(matches!(decode(&asset(t, b)), Err(ImageError::Corrupt(..))), "{t}");
        }
        assert!(matches!(decode(&asset("image/svg+xml", vec![])), Err(ImageError::Svg(_))));
    }
}
