//! Image files → model assets: read once through the loader, checked to be whole PNG, JPEG or
//! GIF images within the pixel limits (`image_check`), named uniquely inside the EPUB package.

use std::collections::HashMap;

use crate::input::image_check::{check_image, ImageProblem, MAX_PIXELS};
use crate::model::{Asset, AssetId};
use crate::source::{Loader, Refusal};

/// Why an image file cannot be used. The hint for the editor depends on the case.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum AssetError {
    #[error("no such file")]
    NotFound,
    #[error("a symbolic link to a file that does not exist")]
    DanglingLink,
    #[error("cannot be read: the path leads outside the issue folder")]
    OutsideIssue,
    #[error("is a folder, not a file")]
    Folder,
    #[error("is not a regular file")]
    NotRegular,
    #[error("cannot be read: {0}")]
    Unreadable(String),
    #[error("not a PNG, JPEG or GIF image")]
    NotAnImage,
    /// Neither output can use SVG safely: the PDF cannot draw it, and in the EPUB it may carry
    /// scripts and references to other files.
    #[error("SVG images are not supported")]
    Svg,
    #[error("the image has {width} × {height} pixels, more than the limit of {} megapixels", MAX_PIXELS / 1_000_000)]
    TooLarge { width: u32, height: u32 },
    #[error("the PNG and GIF images of the issue have more than {} megapixels together", MAX_DECODED_PIXELS / 1_000_000)]
    IssueTooLarge,
    #[error("the image data is damaged: {0}")]
    Damaged(String),
    #[error("the image has no pixels")]
    NoPixels,
}

impl AssetError {
    fn from_io(err: &std::io::Error) -> AssetError {
        match Refusal::of(err) {
            Some(Refusal::DanglingLink) => AssetError::DanglingLink,
            Some(Refusal::OutsideIssue) => AssetError::OutsideIssue,
            Some(Refusal::Folder) => AssetError::Folder,
            Some(Refusal::NotRegular) => AssetError::NotRegular,
            None if err.kind() == std::io::ErrorKind::NotFound => AssetError::NotFound,
            None => AssetError::Unreadable(err.to_string()),
        }
    }

    /// How to fix it; `base_dir` is the folder the image path is relative to ("" for the issue
    /// folder itself).
    pub(crate) fn hint(&self, base_dir: &str) -> String {
        match self {
            AssetError::NotFound if base_dir.is_empty() => {
                "check the path: it is relative to the issue folder".to_string()
            }
            AssetError::NotFound => format!("check the path: it is relative to {base_dir}/ (the article's folder)"),
            AssetError::DanglingLink => {
                "replace the link by the image itself, or point it at an image inside the issue folder".to_string()
            }
            AssetError::OutsideIssue => {
                "copy the image into the issue folder; links that lead out of it are not followed".to_string()
            }
            AssetError::Folder => "name the image file itself, not a folder".to_string(),
            AssetError::NotRegular => "a named pipe or device is no image; name the image file itself".to_string(),
            AssetError::Unreadable(_) => "make the image file readable".to_string(),
            AssetError::NotAnImage | AssetError::Damaged(_) | AssetError::NoPixels => {
                "save the image again as PNG, JPEG or GIF".to_string()
            }
            AssetError::Svg => {
                "convert it to PNG (e.g. `rsvg-convert -w 2000 -o bild.png bild.svg`) and refer to the PNG".to_string()
            }
            AssetError::TooLarge { .. } => {
                "scale it down, e.g. to 3000 pixels on the longer side; that is enough for a full printed page"
                    .to_string()
            }
            AssetError::IssueTooLarge => {
                "scale the PNG and GIF images down, or save photos as JPEG (JPEG is not decoded)".to_string()
            }
        }
    }
}

/// The issue's images, each stored once however often it is used.
#[derive(Debug, Default)]
pub(crate) struct AssetStore {
    by_path: HashMap<String, AssetId>,
    names: HashMap<String, usize>,
    /// Pixels of the PNG and GIF images so far: the PDF holds them decoded.
    decoded_pixels: u64,
    pub(crate) assets: Vec<Asset>,
}

impl AssetStore {
    /// Loads the image at `path` (relative to the issue folder), or returns why it cannot be used.
    pub(crate) fn add(&mut self, path: &str, loader: &dyn Loader) -> Result<AssetId, AssetError> {
        if let Some(&index) = self.by_path.get(path) {
            return Ok(index);
        }
        let bytes = loader.read(path).map_err(|err| AssetError::from_io(&err))?;
        let (media_type, extension) = sniff(&bytes)?;
        let (width, height) = check_image(&bytes, media_type).map_err(AssetError::from)?;
        if media_type != "image/jpeg" {
            self.decoded_pixels += u64::from(width) * u64::from(height);
            if self.decoded_pixels > MAX_DECODED_PIXELS {
                return Err(AssetError::IssueTooLarge);
            }
        }
        let package_path = self.package_path(path, extension);
        self.assets.push(Asset { path: path.to_string(), package_path, media_type, bytes, width, height });
        let id = AssetId::new(self.assets.len() - 1);
        self.by_path.insert(path.to_string(), id);
        Ok(id)
    }

    /// `images/<slug>.<ext>`, unique in the package.
    fn package_path(&mut self, path: &str, extension: &str) -> String {
        let stem = path.rsplit('/').next().unwrap_or(path);
        let stem = stem.rsplit_once('.').map_or(stem, |(stem, _)| stem);
        let mut slug = crate::text::slug::ascii_slug(stem, 40);
        if slug.is_empty() {
            slug = "image".into();
        }
        let count = self.names.entry(slug.clone()).or_insert(0);
        *count += 1;
        if *count > 1 {
            slug = format!("{slug}-{count}");
        }
        format!("images/{slug}.{extension}")
    }
}

/// PNG and GIF pixels the PDF may hold decoded for one issue (4 bytes each with alpha).
const MAX_DECODED_PIXELS: u64 = 40_000_000;

impl From<ImageProblem> for AssetError {
    fn from(problem: ImageProblem) -> AssetError {
        match problem {
            ImageProblem::Damaged(reason) => AssetError::Damaged(reason),
            ImageProblem::NoPixels => AssetError::NoPixels,
            ImageProblem::TooLarge { width, height } => AssetError::TooLarge { width, height },
        }
    }
}

/// The media type and file extension from the file's first bytes (never from its name).
fn sniff(bytes: &[u8]) -> Result<(&'static str, &'static str), AssetError> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Ok(("image/png", "png"))
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Ok(("image/jpeg", "jpg"))
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Ok(("image/gif", "gif"))
    } else if is_svg(bytes) {
        Err(AssetError::Svg)
    } else {
        Err(AssetError::NotAnImage)
    }
}

fn is_svg(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    (head.starts_with("<?xml") || head.starts_with("<svg") || head.starts_with("<!--")) && head.contains("<svg")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::MemoryLoader;

    /// The one test image of the repository (4×3 pixels, grey).
    const PNG: &[u8] = include_bytes!("../../tests/fixtures/epub/images/grey-4x3.png");

    #[test]
    fn images_are_sniffed_and_stored_once() {
        let loader = MemoryLoader::new().with("images/Foto Ä.png", PNG).with("images/fake.png", b"hello".to_vec());
        let mut store = AssetStore::default();
        assert_eq!(store.add("images/Foto Ä.png", &loader), Ok(AssetId::new(0)));
        assert_eq!(store.add("images/Foto Ä.png", &loader), Ok(AssetId::new(0)));
        assert_eq!(store.assets[0].package_path, "images/foto-ae.png");
        assert_eq!((store.assets[0].width, store.assets[0].height), (4, 3));
        assert_eq!(store.add("images/fake.png", &loader), Err(AssetError::NotAnImage));
        let svg = MemoryLoader::new().with("x.svg", &b"<?xml version=\"1.0\"?>\n<svg onload=\"x()\"/>"[..]);
        assert_eq!(store.add("x.svg", &svg), Err(AssetError::Svg));
        assert_eq!(store.add("images/none.png", &loader), Err(AssetError::NotFound));
        assert_eq!(AssetError::NotFound.to_string(), "no such file");
    }

    #[test]
    fn loader_refusals_become_their_own_errors() {
        let of = |refusal: Refusal| AssetError::from_io(&refusal.into());
        assert_eq!(of(Refusal::DanglingLink), AssetError::DanglingLink);
        assert_eq!(of(Refusal::OutsideIssue), AssetError::OutsideIssue);
        assert_eq!(of(Refusal::Folder), AssetError::Folder);
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert!(matches!(AssetError::from_io(&denied), AssetError::Unreadable(_)));
    }

    #[test]
    fn every_error_has_its_own_hint() {
        let hint = |error: AssetError| error.hint("articles");
        assert_eq!(hint(AssetError::NotFound), "check the path: it is relative to articles/ (the article's folder)");
        assert_eq!(AssetError::NotFound.hint(""), "check the path: it is relative to the issue folder");
        assert!(hint(AssetError::DanglingLink).starts_with("replace the link by the image itself"));
        assert!(hint(AssetError::OutsideIssue).starts_with("copy the image into the issue folder"));
        assert_eq!(hint(AssetError::Folder), "name the image file itself, not a folder");
        assert_eq!(hint(AssetError::Unreadable("denied".into())), "make the image file readable");
        for unusable in [AssetError::NotAnImage, AssetError::Damaged("eof".into()), AssetError::NoPixels] {
            assert_eq!(hint(unusable), "save the image again as PNG, JPEG or GIF");
        }
        assert!(hint(AssetError::Svg).starts_with("convert it to PNG"));
        assert!(hint(AssetError::TooLarge { width: 1, height: 1 }).starts_with("scale it down"));
    }
}
