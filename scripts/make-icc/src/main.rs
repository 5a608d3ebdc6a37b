//! Writes `heft-cmyk.icc`: a small, generic, *uncalibrated* CMYK output profile for the
//! PDF/X output intent of heft's print PDF, released under CC0 1.0.
//!
//! The profile is built from an idealised print model, not from measurements:
//!
//! * each ink (C, M, Y, K) has a solid density in three broad bands (red, green, blue);
//!   band densities add (Beer–Lambert), a tint `a` contributes `a^1.25` of the solid
//!   density (a simple dot-gain curve: K 50 % prints at about L* 53);
//! * band reflectances are read as linear sRGB primaries adapted to D50, so the bare paper
//!   is the D50 white (L* 100) and equal band reflectances are neutral (a* = b* = 0).
//!
//! AToB0 (CMYK → Lab) samples that model on a 9⁴ grid. BToA0 (Lab → CMYK) inverts it
//! analytically on a 17³ grid with full grey-component replacement: the neutral part of a
//! colour goes to K, so Lab greys (a* = b* = 0) print with K only, CMY are added under K
//! only beyond K's solid density, and total ink is limited to 300 %. Colours outside the
//! gamut are clipped in density space. Intents 1 and 2 are links to the intent-0 tables;
//! the gamut tag marks Lab values whose round trip is off by more than ΔE 3.
//!
//! Usage: `cargo run --release -- [OUT.icc]` (default `heft-cmyk.icc`). The output is
//! deterministic: the same source always gives the same bytes.

mod reproducible;
use reproducible::reproducible;

use foreign_types::ForeignType;
use lcms2::{
    ColorSpaceSignature, Intent, Locale, PixelFormat, Profile, ProfileClassSignature, Stage, Tag, TagSignature,
    ToneCurve, Transform, CIEXYZ, MLU,
};
use lcms2_sys as ffi;

const DESCRIPTION: &str = "heft generic CMYK (uncalibrated, for PDF/X output intent)";
const COPYRIGHT: &str = "No rights reserved: released under CC0 1.0 Universal (public domain dedication)";

/// Solid ink densities in the red, green and blue bands: cyan, magenta, yellow, black.
const INKS: [[f64; 3]; 4] = [
    [1.45, 0.50, 0.15], // cyan: absorbs red, some green
    [0.10, 1.35, 0.55], // magenta: absorbs green, some blue
    [0.02, 0.08, 1.00], // yellow: absorbs blue
    [1.60, 1.60, 1.60], // black: neutral, L* about 16 at solid
];
const GAMMA: f64 = 1.25;
const MAX_TAC: f64 = 3.0;
const A2B_GRID: usize = 9;
const B2A_GRID: usize = 17;

/// Linear sRGB (Bradford-adapted to D50) to XYZ; rows are rescaled in `rgb_to_xyz` to sum to
/// lcms's D50 exactly, so equal band reflectances give a* = b* = 0 with no rounding drift.
const SRGB_D50: [[f64; 3]; 3] =
    [[0.4360747, 0.3850649, 0.1430804], [0.2225045, 0.7168786, 0.0606169], [0.0139322, 0.0971045, 0.7141733]];
const D50: [f64; 3] = [0.9642, 1.0, 0.8249];

fn rgb_to_xyz() -> [[f64; 3]; 3] {
    [0, 1, 2].map(|i| {
        let sum: f64 = SRGB_D50[i].iter().sum();
        SRGB_D50[i].map(|v| v * D50[i] / sum)
    })
}

fn mul(m: &[[f64; 3]; 3], v: [f64; 3]) -> [f64; 3] {
    [0, 1, 2].map(|i| m[i][0] * v[0] + m[i][1] * v[1] + m[i][2] * v[2])
}

fn invert(m: &[[f64; 3]; 3]) -> [[f64; 3]; 3] {
    let det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    let c = |r: usize, s: usize| {
        let (r0, r1) = ((r + 1) % 3, (r + 2) % 3);
        let (s0, s1) = ((s + 1) % 3, (s + 2) % 3);
        m[r0][s0] * m[r1][s1] - m[r0][s1] * m[r1][s0]
    };
    let mut inv = [[0.0; 3]; 3];
    for i in 0..3 {
        for j in 0..3 {
            inv[i][j] = c(j, i) / det;
        }
    }
    inv
}

fn xyz_to_lab(xyz: [f64; 3]) -> [f64; 3] {
    let f = |t: f64| if t > 216.0 / 24389.0 { t.cbrt() } else { (24389.0 / 27.0 * t + 16.0) / 116.0 };
    let [fx, fy, fz] = [0, 1, 2].map(|i| f(xyz[i] / D50[i]));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

fn lab_to_xyz(lab: [f64; 3]) -> [f64; 3] {
    let fy = (lab[0] + 16.0) / 116.0;
    let f = [fy + lab[1] / 500.0, fy, fy - lab[2] / 200.0];
    let g = |t: f64| if t > 6.0 / 29.0 { t * t * t } else { 108.0 / 841.0 * (t - 4.0 / 29.0) };
    [0, 1, 2].map(|i| D50[i] * g(f[i]))
}

/// The forward model: ink amounts 0..1 to Lab.
fn cmyk_to_lab(ink: [f64; 4]) -> [f64; 3] {
    let mut density = [0.0; 3];
    for (i, &a) in ink.iter().enumerate() {
        let g = a.clamp(0.0, 1.0).powf(GAMMA);
        for band in 0..3 {
            density[band] += INKS[i][band] * g;
        }
    }
    xyz_to_lab(mul(&rgb_to_xyz(), density.map(|d| 10f64.powf(-d))))
}

/// The inverse with full GCR: Lab to ink amounts 0..1.
fn lab_to_cmyk(lab: [f64; 3], xyz_to_rgb: &[[f64; 3]; 3], cmy_inv: &[[f64; 3]; 3], neutral: [f64; 3]) -> [f64; 4] {
    let max_density = cmyk_dmax();
    let rgb = mul(xyz_to_rgb, lab_to_xyz(lab));
    let density: [f64; 3] = [0, 1, 2].map(|b| (-rgb[b].max(1e-6).log10()).clamp(0.0, max_density[b]));
    // CMY densities (as a^GAMMA) that would print this colour without black.
    let cmy = mul(cmy_inv, density);
    // The grey component: the largest neutral density all three can give up.
    let grey = (0..3).map(|i| cmy[i] / neutral[i]).fold(f64::INFINITY, f64::min).max(0.0);
    let dk = INKS[3][0];
    let k = (grey / dk).min(1.0);
    let rest = [0, 1, 2].map(|i| (cmy[i] - k * dk * neutral[i]).clamp(0.0, 1.0));
    let mut ink = rest.map(|v| v.powf(1.0 / GAMMA));
    let k_amount = k.powf(1.0 / GAMMA);
    let total = k_amount + ink.iter().sum::<f64>();
    if total > MAX_TAC {
        let scale = (MAX_TAC - k_amount) / ink.iter().sum::<f64>();
        ink = ink.map(|v| v * scale);
    }
    [ink[0], ink[1], ink[2], k_amount]
}

/// Densest printable band densities: all four inks solid.
fn cmyk_dmax() -> [f64; 3] {
    [0, 1, 2].map(|b| INKS.iter().map(|ink| ink[b]).sum())
}

/// ICC v2 16-bit Lab encoding (lut16Type): L 0..100 → 0..0xFF00, a/b −128..127.996 → 0..0xFFFF.
fn encode_lab_v2(lab: [f64; 3]) -> [u16; 3] {
    let l = (lab[0] * 652.8).round().clamp(0.0, 65535.0) as u16;
    let ab = |v: f64| ((v + 128.0) * 256.0).round().clamp(0.0, 65535.0) as u16;
    [l, ab(lab[1]), ab(lab[2])]
}

fn decode_lab_v2(v: [f64; 3]) -> [f64; 3] {
    [v[0] / 652.8, v[1] / 256.0 - 128.0, v[2] / 256.0 - 128.0]
}

/// A pipeline of optional input curves and one 16-bit CLUT stage (written as lut16Type in a
/// v2 profile).
fn clut_pipeline(
    grid: usize,
    inputs: u32,
    outputs: u32,
    curves: Option<&[ToneCurve]>,
    table: &[u16],
) -> lcms2::Pipeline {
    let pipeline = lcms2::Pipeline::new(inputs as usize, outputs as usize).expect("pipeline");
    let mut stages = Vec::new();
    if let Some(curves) = curves {
        let refs: Vec<&lcms2::ToneCurveRef> = curves.iter().map(|c| &**c).collect();
        stages.push(Stage::new_tone_curves(&refs).expect("curve stage"));
    }
    stages.push(Stage::new_clut(grid, inputs, outputs, Some(table)).expect("clut stage"));
    for stage in stages {
        // SAFETY: the pipeline takes ownership of the stage; both pointers are valid.
        let ok = unsafe { ffi::cmsPipelineInsertStage(pipeline.as_ptr(), ffi::StageLoc::AT_END, stage.into_ptr()) };
        assert!(ok != 0, "cmsPipelineInsertStage failed");
    }
    pipeline
}

/// Input curves for Lab-indexed tables: L* is stretched so that L* 100 (0xFF00 in the v2
/// encoding) lands on the last grid node, so paper white is exactly a node (CMYK 0 0 0 0);
/// a* and b* pass unchanged (a* = b* = 0 is already a node of an odd-sized grid).
fn lab_input_curves() -> Vec<ToneCurve> {
    const N: usize = 257;
    let at = |i: usize| i as f64 * 65535.0 / (N - 1) as f64;
    let l: Vec<u16> = (0..N).map(|i| (at(i) * 65535.0 / 65280.0).round().min(65535.0) as u16).collect();
    let identity: Vec<u16> = (0..N).map(|i| at(i).round() as u16).collect();
    vec![ToneCurve::new_tabulated(&l), ToneCurve::new_tabulated(&identity), ToneCurve::new_tabulated(&identity)]
}

/// Grid node `i` of `n` as a 16-bit value (what lcms evaluates the CLUT at).
fn node(i: usize, n: usize) -> f64 {
    (i as f64 * 65535.0 / (n - 1) as f64).round()
}

fn main() {
    let out = std::env::args().nth(1).unwrap_or_else(|| "heft-cmyk.icc".into());
    let xyz_to_rgb = invert(&rgb_to_xyz());
    let cmy_matrix = [0, 1, 2].map(|band| [INKS[0][band], INKS[1][band], INKS[2][band]]);
    let cmy_inv = invert(&cmy_matrix);
    let neutral = mul(&cmy_inv, [1.0, 1.0, 1.0]);
    assert!(neutral.iter().all(|&v| v > 0.0), "inks cannot make a neutral");

    // AToB0: CMYK grid → Lab (v2 encoding). lcms orders CLUT nodes with the first channel slowest.
    let n = A2B_GRID;
    let mut a2b = Vec::with_capacity(n.pow(4) * 3);
    for c in 0..n {
        for m in 0..n {
            for y in 0..n {
                for k in 0..n {
                    let ink = [c, m, y, k].map(|i| node(i, n) / 65535.0);
                    a2b.extend(encode_lab_v2(cmyk_to_lab(ink)));
                }
            }
        }
    }
    // BToA0: Lab grid → CMYK; gamut: Lab grid → 0 (in gamut) or 0xFFFF (out).
    let n = B2A_GRID;
    let mut b2a = Vec::with_capacity(n.pow(3) * 4);
    let mut gamut = Vec::with_capacity(n.pow(3));
    for l in 0..n {
        for a in 0..n {
            for b in 0..n {
                // The L* input curve stretches 0..0xFF00 to the whole grid: node L* = 0..100.
                let lab = decode_lab_v2([node(l, n) * 65280.0 / 65535.0, node(a, n), node(b, n)]);
                let ink = lab_to_cmyk(lab, &xyz_to_rgb, &cmy_inv, neutral);
                b2a.extend(ink.map(|v| (v * 65535.0).round() as u16));
                let back = cmyk_to_lab(ink);
                let de = ((back[0] - lab[0]).powi(2) + (back[1] - lab[1]).powi(2) + (back[2] - lab[2]).powi(2)).sqrt();
                gamut.push(if de > 3.0 { 0xFFFF } else { 0 });
            }
        }
    }

    let mut profile = Profile::new_placeholder();
    profile.set_version(2.4);
    profile.set_device_class(ProfileClassSignature::OutputClass);
    profile.set_color_space(ColorSpaceSignature::CmykData);
    profile.set_pcs(ColorSpaceSignature::LabData);
    profile.set_header_rendering_intent(Intent::Perceptual);
    let mut desc = MLU::new(1);
    desc.set_text_ascii(DESCRIPTION, Locale::none());
    let mut cprt = MLU::new(1);
    cprt.set_text_ascii(COPYRIGHT, Locale::none());
    let white = CIEXYZ { X: D50[0], Y: D50[1], Z: D50[2] };
    let a2b0 = clut_pipeline(A2B_GRID, 4, 3, None, &a2b);
    let b2a0 = clut_pipeline(B2A_GRID, 3, 4, Some(&lab_input_curves()), &b2a);
    let gamt = clut_pipeline(B2A_GRID, 3, 1, Some(&lab_input_curves()), &gamut);
    let tags = [
        (TagSignature::ProfileDescriptionTag, Tag::MLU(&desc)),
        (TagSignature::CopyrightTag, Tag::MLU(&cprt)),
        (TagSignature::MediaWhitePointTag, Tag::CIEXYZ(&white)),
        (TagSignature::AToB0Tag, Tag::Pipeline(&a2b0)),
        (TagSignature::BToA0Tag, Tag::Pipeline(&b2a0)),
        (TagSignature::GamutTag, Tag::Pipeline(&gamt)),
    ];
    for (sig, tag) in tags {
        assert!(profile.write_tag(sig, tag), "writing tag {sig:?} failed");
    }
    for (sig, target) in [
        (TagSignature::AToB1Tag, TagSignature::AToB0Tag),
        (TagSignature::AToB2Tag, TagSignature::AToB0Tag),
        (TagSignature::BToA1Tag, TagSignature::BToA0Tag),
        (TagSignature::BToA2Tag, TagSignature::BToA0Tag),
    ] {
        assert!(profile.link_tag(sig, target), "linking tag {sig:?} failed");
    }
    profile.set_default_profile_id();
    let bytes = profile.icc().expect("serialising the profile");
    // Fixed creation date (bytes 24..36) and zeroed profile ID recomputed, so builds are
    // reproducible: lcms stamps the current time into the header.
    let bytes = reproducible(bytes);
    std::fs::write(&out, &bytes).expect("writing the profile");
    eprintln!("wrote {out}: {} bytes", bytes.len());
    check(&bytes);
}

/// Round-trips a few colours through lcms with the written profile and prints them.
fn check(bytes: &[u8]) {
    let cmyk = Profile::new_icc(bytes).expect("reading the profile back");
    assert_eq!(cmyk.device_class(), ProfileClassSignature::OutputClass);
    assert_eq!(cmyk.color_space(), ColorSpaceSignature::CmykData);
    let d50 = lcms2::CIExyY { x: 0.3457, y: 0.3585, Y: 1.0 };
    let lab = Profile::new_lab4_context(lcms2::GlobalContext::new(), &d50).expect("lab profile");
    let to_cmyk: Transform<[f64; 3], [f64; 4]> =
        Transform::new(&lab, PixelFormat::Lab_DBL, &cmyk, PixelFormat::CMYK_DBL, Intent::Perceptual)
            .expect("transform");
    let to_lab: Transform<[f64; 4], [f64; 3]> =
        Transform::new(&cmyk, PixelFormat::CMYK_DBL, &lab, PixelFormat::Lab_DBL, Intent::Perceptual)
            .expect("transform");
    for probe in [
        [100.0, 0.0, 0.0],
        [75.0, 0.0, 0.0],
        [50.0, 0.0, 0.0],
        [25.0, 0.0, 0.0],
        [10.0, 0.0, 0.0],
        [53.2, 80.1, 67.2],
        [55.0, -37.0, -50.0],
        [90.0, -5.0, 90.0],
    ] {
        let mut c = [[0.0; 4]];
        to_cmyk.transform_pixels(&[probe], &mut c);
        let mut back = [[0.0; 3]];
        to_lab.transform_pixels(&c, &mut back);
        eprintln!(
            "Lab {:>5.1} {:>6.1} {:>6.1} -> CMYK {:>5.1} {:>5.1} {:>5.1} {:>5.1} % -> Lab {:>5.1} {:>6.1} {:>6.1}",
            probe[0], probe[1], probe[2], c[0][0], c[0][1], c[0][2], c[0][3], back[0][0], back[0][1], back[0][2]
        );
    }
    for solid in [
        [100.0, 0.0, 0.0, 0.0],
        [0.0, 100.0, 0.0, 0.0],
        [0.0, 0.0, 100.0, 0.0],
        [0.0, 0.0, 0.0, 100.0],
        [0.0, 0.0, 0.0, 50.0],
        [100.0, 100.0, 100.0, 100.0],
    ] {
        let mut l = [[0.0; 3]];
        to_lab.transform_pixels(&[solid], &mut l);
        eprintln!(
            "CMYK {:>3.0} {:>3.0} {:>3.0} {:>3.0} % -> Lab {:>5.1} {:>6.1} {:>6.1}",
            solid[0], solid[1], solid[2], solid[3], l[0][0], l[0][1], l[0][2]
        );
    }
}
