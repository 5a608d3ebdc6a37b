//! Image XObjects from decoded or passed-through image data: JPEG bytes as they are
//! (DCTDecode), RGB pixels deflated losslessly with an optional soft mask for alpha.

use pdf_writer::{Filter, Finish, Name, Pdf, Ref};
use rayon::prelude::*;

use super::{deflate, PaintError, Refs};
use crate::pdf::frame::ImageData;

/// The resource name of image `index` (`Im0`, `Im1`, …).
pub(super) fn resource_name(index: usize) -> String {
    format!("Im{index}")
}

/// Embeds all images in order; returns their XObjects. For print (`srgb` is the sRGB profile
/// stream) RGB images are tagged with that profile and transparency is flattened onto white
/// paper, so every colour is characterised and nothing needs a soft mask.
pub(super) fn embed(
    pdf: &mut Pdf,
    refs: &mut Refs,
    images: &[ImageData],
    srgb: Option<Ref>,
) -> Result<Vec<Ref>, PaintError> {
    let streams = images
        .par_iter()
        .enumerate()
        .map(|(index, image)| image_streams(index, image, srgb.is_some()))
        .collect::<Result<Vec<_>, _>>()?;
    let mut ids = Vec::with_capacity(streams.len());
    for (image, mask) in streams {
        let mask_id = mask.map(|mask| {
            let id = refs.next();
            write_image(pdf, id, &mask, None, None);
            id
        });
        let id = refs.next();
        write_image(pdf, id, &image, mask_id, srgb);
        ids.push(id);
    }
    Ok(ids)
}

/// An image XObject's data and the entries it needs, before it is written.
#[derive(Debug)]
struct ImageStream {
    width: u32,
    height: u32,
    colour_space: &'static str,
    filter: Filter,
    /// `[1 0 1 0 1 0 1 0]` for inverted (Adobe) CMYK JPEGs.
    inverted: bool,
    data: Vec<u8>,
}

fn write_image(pdf: &mut Pdf, id: Ref, image: &ImageStream, mask: Option<Ref>, srgb: Option<Ref>) {
    let mut xobject = pdf.image_xobject(id, &image.data);
    xobject.filter(image.filter);
    xobject.width(image.width as i32).height(image.height as i32).bits_per_component(8);
    match srgb {
        Some(profile) if image.colour_space == "DeviceRGB" => xobject.color_space().icc_based(profile),
        _ => {
            xobject.color_space_name(Name(image.colour_space.as_bytes()));
        }
    }
    if image.inverted {
        xobject.decode([1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0]);
    }
    if let Some(mask) = mask {
        xobject.s_mask(mask);
    }
    xobject.finish();
}

/// The image stream and its soft mask, if any.
fn image_streams(
    index: usize,
    image: &ImageData,
    flatten: bool,
) -> Result<(ImageStream, Option<ImageStream>), PaintError> {
    let bad = |reason: &str| PaintError::BadImage { image: index, reason: reason.to_owned() };
    match image {
        ImageData::Jpeg { bytes, width, height, components } => {
            if !bytes.starts_with(&[0xFF, 0xD8]) {
                return Err(bad("JPEG data does not start with an SOI marker"));
            }
            let colour_space = colour_space(*components).ok_or_else(|| bad("unsupported JPEG component count"))?;
            // Photoshop writes CMYK JPEGs inverted and marks them with an Adobe segment.
            let inverted = *components == 4 && adobe_inverted(bytes);
            let stream = ImageStream {
                width: *width,
                height: *height,
                colour_space,
                filter: Filter::DctDecode,
                inverted,
                data: bytes.clone(),
            };
            Ok((stream, None))
        }
        ImageData::Rgb { pixels, alpha, width, height } => {
            let count = (*width as usize).checked_mul(*height as usize).ok_or_else(|| bad("too large"))?;
            if count == 0 || pixels.len() != count.saturating_mul(3) {
                return Err(bad("pixel data does not match width × height × 3"));
            }
            let flate = |colour_space, data: &[u8]| ImageStream {
                width: *width,
                height: *height,
                colour_space,
                filter: Filter::FlateDecode,
                inverted: false,
                data: deflate(data),
            };
            match alpha {
                Some(alpha) if alpha.len() != count => Err(bad("alpha does not match width × height")),
                Some(alpha) if flatten => Ok((flate("DeviceRGB", &on_white(pixels, alpha)), None)),
                Some(alpha) => Ok((flate("DeviceRGB", pixels), Some(flate("DeviceGray", alpha)))),
                None => Ok((flate("DeviceRGB", pixels), None)),
            }
        }
    }
}

/// RGB pixels composited onto white by their alpha: what the image looks like on paper.
fn on_white(pixels: &[u8], alpha: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(pixels.len());
    for (rgb, &a) in pixels.chunks_exact(3).zip(alpha) {
        let a = u16::from(a);
        out.extend(rgb.iter().map(|&c| ((u16::from(c) * a + 255 * (255 - a) + 127) / 255) as u8));
    }
    out
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
        assert!(matches!(image_streams(3, &image, false), Err(PaintError::BadImage { image: 3, .. })));
    }

    #[test]
    fn transparency_is_flattened_onto_white_for_print() {
        assert_eq!(on_white(&[0, 100, 255, 0, 0, 0], &[255, 0]), vec![0, 100, 255, 255, 255, 255]);
        assert_eq!(on_white(&[0, 0, 0], &[128]), vec![127, 127, 127]);
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
