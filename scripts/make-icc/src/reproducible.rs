//! Reproducible profile bytes, shared by both generators: lcms stamps the current time into the
//! header, so it is fixed and the MD5 profile ID recomputed.

use lcms2::Profile;

/// Sets the header date to 2026-01-01 00:00:00 and recomputes the MD5 profile ID.
pub fn reproducible(mut bytes: Vec<u8>) -> Vec<u8> {
    let date: [u16; 6] = [2026, 1, 1, 0, 0, 0];
    for (i, v) in date.iter().enumerate() {
        bytes[24 + 2 * i..26 + 2 * i].copy_from_slice(&v.to_be_bytes());
    }
    let mut profile = Profile::new_icc(&bytes).expect("re-reading the profile");
    profile.set_default_profile_id();
    // Re-serialising keeps the tags; check the date survived (lcms keeps the header date of
    // a profile it has read).
    let again = profile.icc().expect("serialising the profile");
    assert_eq!(&again[24..36], &bytes[24..36], "lcms changed the header date");
    again
}
