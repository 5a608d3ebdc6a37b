//! Image XObjects from decoded or passed-through image data: JPEG bytes as they are
//! (DCTDecode), RGB pixels deflated losslessly with an optional soft mask for alpha.

use lopdf::{dictionary, Dictionary, Document as Pdf, Object, ObjectId, Stream};
use rayon::prelude::*;

use super::{deflate, PaintError};
use crate::pdf::frame::ImageData;

/// The resource name of image `index` (`Im0`, `Im1`, …).
pub(super) fn resource_name(index: usize) -> String {
    format!("Im{index}")
}

/// Embeds all images in order; returns their XObjects.
pub(super) fn embed(pdf: &mut Pdf, images: &[ImageData]) -> Result<Vec<ObjectId>, PaintError> {
    let streams = images
        .par_iter()
        .enumerate()
        .map(|(index, image)| image_streams(index, image))
        .collect::<Result<Vec<_>, _>>()?;
    let mut ids = Vec::with_capacity(streams.len());
    for ImageStreams { mut image, soft_mask } in streams {
        if let Some(mask) = soft_mask {
            image.dict.set("SMask", pdf.add_object(mask));
        }
        ids.push(pdf.add_object(image));
    }
    Ok(ids)
}

/// An image XObject's stream and the soft mask of its alpha channel, if it has one.
struct ImageStreams {
    image: Stream,
    soft_mask: Option<Stream>,
}

/// The streams of one image; `index` names it in errors.
fn image_streams(index: usize, image: &ImageData) -> Result<ImageStreams, PaintError> {
    let bad = |reason: &str| PaintError::BadImage { image: index, reason: reason.to_owned() };
    match image {
        ImageData::Jpeg { bytes, width, height, components } => {
            if !bytes.starts_with(&[0xFF, 0xD8]) {
                return Err(bad("JPEG data does not start with an SOI marker"));
            }
            let mut dict = image_dict(
                *width,
                *height,
                colour_space(*components).ok_or_else(|| bad("unsupported JPEG component count"))?,
            );
            dict.set("Filter", "DCTDecode");
            if *components == 4 && adobe_inverted(bytes) {
                // Photoshop writes CMYK JPEGs inverted and marks them with an Adobe segment.
                dict.set("Decode", [1, 0, 1, 0, 1, 0, 1, 0].map(Object::from).to_vec());
            }
            Ok(ImageStreams { image: Stream::new(dict, bytes.clone()), soft_mask: None })
        }
        ImageData::Rgb { pixels, alpha, width, height } => {
            let count = (*width as usize).checked_mul(*height as usize).ok_or_else(|| bad("too large"))?;
            if count == 0 || pixels.len() != count.saturating_mul(3) {
                return Err(bad("pixel data does not match width × height × 3"));
            }
            let mut dict = image_dict(*width, *height, "DeviceRGB");
            dict.set("Filter", "FlateDecode");
            let mask = match alpha {
                Some(alpha) if alpha.len() != count => return Err(bad("alpha does not match width × height")),
                Some(alpha) => {
                    let mut mask = image_dict(*width, *height, "DeviceGray");
                    mask.set("Filter", "FlateDecode");
                    Some(Stream::new(mask, deflate(alpha)))
                }
                None => None,
            };
            Ok(ImageStreams { image: Stream::new(dict, deflate(pixels)), soft_mask: mask })
        }
    }
}

fn image_dict(width: u32, height: u32, colour_space: &str) -> Dictionary {
    dictionary! {
        "Type" => "XObject",
        "Subtype" => "Image",
        "Width" => i64::from(width),
        "Height" => i64::from(height),
        "ColorSpace" => colour_space,
        "BitsPerComponent" => 8,
    }
}

fn colour_space(components: u8) -> Option<&'static str> {
    match components {
        1 => Some("DeviceGray"),
        3 => Some("DeviceRGB"),
        4 => Some("DeviceCMYK"),
        _ => None,
    }
}

/// Whether the JPEG has an Adobe APP14 segment (before the scan data), which marks CMYK
/// data stored inverted.
fn adobe_inverted(bytes: &[u8]) -> bool {
    let mut at = 2;
    while at + 4 <= bytes.len() && bytes[at] == 0xFF {
        let marker = bytes[at + 1];
        let length = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        if marker == 0xDA {
            break;
        }
        if marker == 0xEE && bytes.get(at + 4..at + 9) == Some(b"Adobe") {
            return true;
        }
        at += 2 + length;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rgb_with_wrong_pixel_count_is_an_error() {
        let image = ImageData::Rgb { pixels: vec![0; 5], alpha: None, width: 2, height: 1 };
        assert!(matches!(image_streams(3, &image), Err(PaintError::BadImage { image: 3, .. })));
    }

    #[test]
    fn adobe_segment_is_found_before_the_scan() {
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0];
        assert!(!adobe_inverted(&jpeg));
        jpeg.extend_from_slice(&[0xFF, 0xEE, 0, 14]);
        jpeg.extend_from_slice(b"Adobe\0\0\0\0\0\0\x02");
        assert!(adobe_inverted(&jpeg));
    }
}
