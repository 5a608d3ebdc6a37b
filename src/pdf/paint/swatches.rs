//! The style's colours in the PDFs: one colour space per swatch (`/C1`, `/C2`, …), an
//! `Indexed` space of a single entry, so that the content stream selects it the same way in
//! both PDFs (`/C1 cs 0 scn`) and print can show the screen's streams, while the resources say
//! what it is: the sRGB value over DeviceRGB on screen, the CMYK value over DeviceCMYK in print
//! (covered by the print PDF's CMYK output intent; process colour, so no extra plate).

use pdf_writer::writers::ColorSpace;
use pdf_writer::Name;

use super::PaintError;
use crate::pdf::frame::Swatch;
use crate::style::colours::{derive_cmyk, Rgb};
use crate::style::print::OutputIntent;

/// The resource name of swatch `index`: `C1` for the first.
pub(super) fn resource_name(index: u8) -> String {
    format!("C{}", u32::from(index) + 1)
}

/// Defines every swatch in `spaces`: on screen (`print` is `None`) by its RGB, in print by its
/// CMYK, derived through the output intent's profile when the style gave none.
pub(super) fn define(
    spaces: &mut pdf_writer::Dict,
    swatches: &[Swatch],
    print: Option<&OutputIntent>,
) -> Result<(), PaintError> {
    for (index, swatch) in swatches.iter().enumerate() {
        let name = resource_name(index as u8);
        let space = spaces.insert(Name(name.as_bytes())).start::<ColorSpace>();
        match print {
            None => space.indexed(Name(b"DeviceRGB"), 0, &swatch.rgb),
            Some(intent) => {
                let cmyk = match swatch.cmyk {
                    Some(cmyk) => cmyk,
                    None => {
                        derive_cmyk(Rgb(swatch.rgb), &intent.profile)
                            .map_err(|reason| PaintError::Colour { colour: Rgb(swatch.rgb).hex(), reason })?
                            .0
                    }
                };
                space.indexed(Name(b"DeviceCMYK"), 0, &cmyk.map(|ink| (ink.clamp(0.0, 1.0) * 255.0).round() as u8));
            }
        }
    }
    Ok(())
}
