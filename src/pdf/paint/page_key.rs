//! A page's fingerprint for `heft watch`: a hash of everything `content::page_stream` reads to
//! paint the page for the screen but the font set. With the font set's fingerprint it keys the
//! page's deflated stream in the memo (`crate::memo::page`), so that a page painted in the last
//! build is not painted and deflated again; alone it keys the glyphs the page uses, which the
//! font set is collected from.
//!
//! What goes in: the page size; its items in painting order with their positions, fonts, sizes,
//! inks, glyph ids, advances and texts, rectangles and images (with the pixel size a bleed
//! image is fitted by); for marked content, where a sequence begins and the role it opens with
//! (structure ids themselves shift when an earlier article grows, and the stream holds only
//! page-local MCIDs). The font set goes into the stream's key apart (`stream_key`), since glyph
//! codes and font names are numbered over the set of glyphs the whole document uses
//! (`embed.rs`). Link items paint nothing and are left out.
//!
//! The hash is FxHash (rustc-hash): a page holds some 6 000 glyphs, and SipHash over them cost
//! a fifth of a rebuild. The pages compared are a page and its own earlier versions, not
//! adversarial input.

use std::hash::Hasher;

use rustc_hash::FxHasher;

use super::tagged::{self, Marker};
use crate::pdf::frame::{FrameItem, ImageData, Ink, Page, StructId, StructNode, Tag};

/// The page's fingerprint and the structure node of each MCID its stream opens (what painting
/// would return beside the stream); `None` when the page cannot be painted (an image it names
/// is missing), so that painting reports the error.
pub(super) fn page_key(
    page: &Page,
    images: &[ImageData],
    order: &[usize],
    nodes: &[StructNode],
) -> Option<(u64, Vec<StructId>)> {
    let mut hasher = FxHasher::default();
    hasher.write_u64(page.width.0.to_bits());
    hasher.write_u64(page.height.0.to_bits());
    let mut marker = Marker::default();
    for positioned in order.iter().map(|&i| &page.items[i]) {
        if matches!(positioned.item, FrameItem::Link { .. }) {
            continue;
        }
        // The marker only compares a tag with the open one and writes the role of a new one.
        let opens = marker.opens(positioned.tag);
        match (opens, positioned.tag) {
            (false, _) => hasher.write_u8(0),
            (true, Tag::Layout) => hasher.write_u8(1),
            (true, Tag::Pagination) => hasher.write_u8(2),
            (true, Tag::Content(id)) => {
                hasher.write_u8(3);
                hasher.write(tagged::role_name(nodes, id));
            }
        }
        marker.open(positioned.tag);
        hasher.write_u64(positioned.x.0.to_bits());
        hasher.write_u64(positioned.y.0.to_bits());
        hash_item(&mut hasher, &positioned.item, images)?;
    }
    Some((hasher.finish(), marker.mcids))
}

fn hash_item(hasher: &mut FxHasher, item: &FrameItem, images: &[ImageData]) -> Option<()> {
    let mut floats = |values: &[f64]| values.iter().for_each(|v| hasher.write_u64(v.to_bits()));
    match item {
        FrameItem::Text(run) => {
            hasher.write_u8(1);
            std::hash::Hash::hash(&run.font, hasher);
            hasher.write_u64(run.size.0.to_bits());
            hash_ink(hasher, run.ink);
            hasher.write_u64(run.horizontal_scale.to_bits());
            hasher.write_usize(run.glyphs.len());
            for glyph in &run.glyphs {
                hasher.write_u64(u64::from(glyph.id) | u64::from(glyph.text_len) << 16);
                hasher.write_u64(glyph.advance.0.to_bits());
            }
            hasher.write(run.text.as_bytes());
        }
        FrameItem::Rect { width, height, ink } => {
            floats(&[2.0, width.0, height.0]);
            hash_ink(hasher, *ink);
        }
        FrameItem::BoxOutline { width, height, stroke, ink } => {
            floats(&[3.0, width.0, height.0, stroke.0]);
            hash_ink(hasher, *ink);
        }
        FrameItem::Image { image, width, height, bleed } => {
            let (pixels_w, pixels_h) = images.get(*image)?.pixel_size();
            floats(&[4.0, width.0, height.0, pixels_w, pixels_h]);
            hasher.write_usize(*image);
            hasher.write_u8(u8::from(*bleed));
        }
        FrameItem::Link { .. } => {}
    }
    Some(())
}

/// A gray level, or the index of a style colour: the stream names the colour space `/C{i}`,
/// whose colour the resources give, so only the index shapes the stream.
fn hash_ink(hasher: &mut FxHasher, ink: Ink) {
    match ink {
        Ink::Gray(level) => {
            hasher.write_u8(0);
            hasher.write_u64(level.to_bits());
        }
        Ink::Swatch(index) => {
            hasher.write_u8(1);
            hasher.write_u8(index);
        }
    }
}

/// The key of a page's deflated stream: its fingerprint with the font set's and whether it is
/// tagged (an untagged page paints no marked content).
pub(super) fn stream_key(page: u64, fonts: u64, tagged: bool) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write_u64(page);
    hasher.write_u64(fonts);
    hasher.write_u8(u8::from(tagged));
    hasher.finish()
}
