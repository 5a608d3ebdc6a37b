//! Writes `heft-srgb.icc`: Little CMS's built-in sRGB profile as ICC v2.1 with a CC0 copyright
//! tag, for the RGB images of heft's print PDF (PDF/X-4 wants every colour characterised).
//!
//! Usage: `cargo run --release --bin srgb -- [OUT.icc]` (default `heft-srgb.icc`). The header
//! date is fixed, so the same source always gives the same bytes.

#[path = "../reproducible.rs"]
mod reproducible;
use reproducible::reproducible;

use lcms2::{ColorSpaceSignature, Locale, Profile, ProfileClassSignature, Tag, TagSignature, MLU};

const DESCRIPTION: &str = "heft sRGB (IEC 61966-2-1 primaries and curve, from Little CMS)";
const COPYRIGHT: &str = "No rights reserved: released under CC0 1.0 Universal (public domain dedication)";

fn main() {
    let out = std::env::args().nth(1).unwrap_or_else(|| "heft-srgb.icc".into());
    let mut profile = Profile::new_srgb();
    // v2 for the widest RIP and preflight acceptance, as for the CMYK profile.
    profile.set_version(2.1);
    let mut desc = MLU::new(1);
    desc.set_text_ascii(DESCRIPTION, Locale::none());
    let mut cprt = MLU::new(1);
    cprt.set_text_ascii(COPYRIGHT, Locale::none());
    assert!(profile.write_tag(TagSignature::ProfileDescriptionTag, Tag::MLU(&desc)), "writing desc");
    assert!(profile.write_tag(TagSignature::CopyrightTag, Tag::MLU(&cprt)), "writing cprt");
    let bytes = reproducible(profile.icc().expect("serialising the profile"));
    let check = Profile::new_icc(&bytes).expect("reading the profile back");
    assert_eq!(check.device_class(), ProfileClassSignature::DisplayClass);
    assert_eq!(check.color_space(), ColorSpaceSignature::RgbData);
    std::fs::write(&out, &bytes).expect("writing the profile");
    eprintln!("wrote {out}: {} bytes", bytes.len());
}
