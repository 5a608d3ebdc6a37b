//! Print settings: bleed, crop marks, binding and the output intent (the printing condition and
//! its ICC profile) of the print PDF. A style sets the defaults (`[print]` in `styles/*.toml`);
//! the issue's `[print]` table overrides them.

use serde::Deserialize;

/// The bundled output profile: generic, uncalibrated CMYK, CC0 (`icc/heft-cmyk.LICENSE.txt`).
pub const GENERIC_CMYK_PROFILE: &[u8] = include_bytes!("../../icc/heft-cmyk.icc");

/// The largest bleed accepted: print shops ask for 3 to 5 mm; more is a typo.
pub const MAX_BLEED_MM: f64 = 20.0;

/// How the issue is bound, which decides how many pages it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Binding {
    /// Folded sheets stapled in the fold: a multiple of 4 pages. A magazine's usual binding.
    Saddle,
    /// Glued at the spine: an even page count, plus a separate cover with the spine.
    Perfect,
}

impl Binding {
    /// The page count the binding needs: `pages` rounded up.
    pub fn padded(self, pages: usize) -> usize {
        match self {
            Binding::Saddle => pages.div_ceil(4) * 4,
            Binding::Perfect => pages.div_ceil(2) * 2,
        }
    }
}

/// Print settings as a style writes them (unknown keys are reported by `style/file.rs`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default)]
pub struct PrintStyle {
    /// Bleed beyond the trim on every side, mm.
    pub bleed_mm: f64,
    /// Crop marks outside the bleed (the page grows by a slug to hold them).
    pub crop_marks: bool,
    pub binding: Binding,
    /// Thickness of one sheet (two pages), mm: the spine of a perfect-bound cover.
    pub paper_thickness_mm: f64,
    /// The spine width, mm, when the shop gives it; else sheets × paper thickness.
    pub spine_mm: Option<f64>,
}

impl Default for PrintStyle {
    fn default() -> Self {
        PrintStyle {
            bleed_mm: 3.0,
            crop_marks: false,
            binding: Binding::Saddle,
            paper_thickness_mm: 0.1,
            spine_mm: None,
        }
    }
}

impl PrintStyle {
    /// The spine width in mm for a book of `pages` pages.
    pub fn spine_width_mm(&self, pages: usize) -> f64 {
        self.spine_mm.unwrap_or(pages.div_ceil(2) as f64 * self.paper_thickness_mm)
    }
}

/// The printing condition the print PDF is made for: its output intent.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputIntent {
    /// The ICC output profile (class `prtr`, CMYK).
    pub profile: std::sync::Arc<[u8]>,
    /// `OutputConditionIdentifier`: a registry name such as `FOGRA51`, or `Custom`.
    pub identifier: String,
    /// `OutputCondition` and `Info`: a readable description.
    pub condition: String,
}

impl Default for OutputIntent {
    /// The bundled profile, named honestly: it describes no standard printing condition.
    fn default() -> Self {
        OutputIntent {
            profile: GENERIC_CMYK_PROFILE.into(),
            identifier: "Custom".to_string(),
            condition: "heft generic CMYK (uncalibrated)".to_string(),
        }
    }
}

/// Why bytes are not a CMYK output profile.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    #[error("is not an ICC profile ({0})")]
    NotIcc(&'static str),
    #[error("is an ICC profile of class `{0}`, not an output (`prtr`) profile")]
    NotOutput(String),
    #[error("is an output profile for `{0}`, not for CMYK")]
    NotCmyk(String),
}

/// Checks the 128-byte ICC header: the declared size, the `acsp` signature, the device class
/// (`prtr`) and the colour space (`CMYK`).
pub fn check_cmyk_output_profile(bytes: &[u8]) -> Result<(), ProfileError> {
    if bytes.len() < 132 {
        return Err(ProfileError::NotIcc("shorter than an ICC header"));
    }
    if &bytes[36..40] != b"acsp" {
        return Err(ProfileError::NotIcc("no `acsp` signature at byte 36"));
    }
    let declared = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize;
    if declared != bytes.len() {
        return Err(ProfileError::NotIcc("its header size does not match the file size"));
    }
    let text = |range: std::ops::Range<usize>| String::from_utf8_lossy(&bytes[range]).trim().to_string();
    if &bytes[12..16] != b"prtr" {
        return Err(ProfileError::NotOutput(text(12..16)));
    }
    if &bytes[16..20] != b"CMYK" {
        return Err(ProfileError::NotCmyk(text(16..20)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_profile_is_a_cmyk_output_profile() {
        assert_eq!(check_cmyk_output_profile(GENERIC_CMYK_PROFILE), Ok(()));
    }

    #[test]
    fn wrong_profiles_are_named() {
        assert!(matches!(check_cmyk_output_profile(b"not a profile"), Err(ProfileError::NotIcc(_))));
        let mut rgb = GENERIC_CMYK_PROFILE.to_vec();
        rgb[12..16].copy_from_slice(b"mntr");
        assert_eq!(check_cmyk_output_profile(&rgb), Err(ProfileError::NotOutput("mntr".into())));
        rgb[12..16].copy_from_slice(b"prtr");
        rgb[16..20].copy_from_slice(b"RGB ");
        assert_eq!(check_cmyk_output_profile(&rgb), Err(ProfileError::NotCmyk("RGB".into())));
        let short = &GENERIC_CMYK_PROFILE[..GENERIC_CMYK_PROFILE.len() - 1];
        assert!(matches!(check_cmyk_output_profile(short), Err(ProfileError::NotIcc(_))));
    }

    #[test]
    fn bindings_pad_pages() {
        assert_eq!(Binding::Saddle.padded(13), 16);
        assert_eq!(Binding::Saddle.padded(16), 16);
        assert_eq!(Binding::Perfect.padded(13), 14);
    }

    #[test]
    fn spine_from_sheets_or_given() {
        let style = PrintStyle::default();
        assert!((style.spine_width_mm(64) - 3.2).abs() < 1e-9);
        let given = PrintStyle { spine_mm: Some(5.0), ..PrintStyle::default() };
        assert_eq!(given.spine_width_mm(64), 5.0);
    }
}
