//! The frame document, the contract between layout and painting: pages of positioned items,
//! produced by `layout`, consumed by `paint`. Text arrives here already shaped, hyphenated and justified.
//!
//! Coordinates: points from the page's top-left corner, y growing downwards. A text run is
//! placed by the start of its baseline; every other item by its top-left corner.

use crate::pdf::typeset::fonts::FontKey;
use crate::pdf::units::Pt;

/// A finished document, ready to paint.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
    pub info: DocInfo,
    /// Images referred to by `FrameItem::Image`, by index.
    pub images: Vec<ImageData>,
    /// The logical structure in reading order: node 0 is the document, every other node names
    /// its parent. Items point into it with `Tag::Content`. Empty: an untagged document.
    pub structure: Vec<StructNode>,
    /// The number each page is labelled with, as its folio prints it (an offprint keeps the
    /// issue's numbers). Empty: page i is i + 1.
    pub page_numbers: Vec<usize>,
    /// The style's colours that `Ink::Swatch` refers to, by index.
    pub swatches: Vec<Swatch>,
}

/// What an item is painted in: a gray of the black ink, or a colour of the style.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Ink {
    /// 0.0 = black, 1.0 = white: a tint of the black ink.
    Gray(f64),
    /// `Document::swatches[i]`, at full strength.
    Swatch(u8),
}

impl Ink {
    pub const BLACK: Ink = Ink::Gray(0.0);
}

/// A colour of the style as paint needs it: for the screen in sRGB, for the press in CMYK
/// (fractions of full ink) when the style or the output profile gave it (otherwise
/// paint derives it through the print target's profile).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Swatch {
    pub rgb: [u8; 3],
    pub cmyk: Option<[f32; 4]>,
}

/// A node of the structure tree, by index into `Document::structure`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StructId(pub u32);

impl StructId {
    /// The document node, the root of every tree.
    pub const DOCUMENT: StructId = StructId(0);

    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What a structure node is, in the vocabulary of tagged documents (without PDF syntax).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StructRole {
    Document,
    /// A self-contained part: the title page, the contents, the imprint.
    Part,
    /// An article.
    Art,
    /// A grouping without meaning of its own (the related-articles box).
    Div,
    /// A heading, level 1 (article titles) to 6.
    Heading(u8),
    Paragraph,
    List,
    ListItem,
    /// A list item's marker.
    ListLabel,
    ListBody,
    Table,
    TableHead,
    TableBody,
    TableRow,
    /// A header cell; its scope says which cells it heads.
    TableHeader,
    TableCell,
    BlockQuote,
    Figure,
    Caption,
    /// A footnote; its `id` is unique in the document.
    Note,
    Link,
    /// Words without a role of their own (a link whose target is not in an offprint).
    Span,
    Toc,
    TocItem,
    Code,
}

/// Which cells a table header cell heads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderScope {
    Column,
}

#[derive(Debug, Clone)]
pub struct StructNode {
    pub role: StructRole,
    /// `None` for the document node only.
    pub parent: Option<StructId>,
    pub scope: Option<HeaderScope>,
    /// Description, language and id, which few nodes have: behind one box, the node is 24
    /// bytes instead of 88 (a long list has half a million nodes).
    pub text: Option<Box<NodeText>>,
}

/// What a structure node may say besides its role.
#[derive(Debug, Clone, Default)]
pub struct NodeText {
    /// Replacement text read instead of the content (an image's description).
    pub alt: Option<String>,
    /// BCP 47 tag where it differs from the parent's language.
    pub lang: Option<String>,
    /// A document-wide unique id (footnotes).
    pub id: Option<String>,
}

impl StructNode {
    pub fn new(role: StructRole, parent: Option<StructId>) -> StructNode {
        StructNode { role, parent, scope: None, text: None }
    }

    pub fn alt(&self) -> Option<&str> {
        self.text.as_ref()?.alt.as_deref()
    }

    pub fn lang(&self) -> Option<&str> {
        self.text.as_ref()?.lang.as_deref()
    }

    pub fn id(&self) -> Option<&str> {
        self.text.as_ref()?.id.as_deref()
    }

    /// The node's text, made when it has none yet.
    pub fn text_mut(&mut self) -> &mut NodeText {
        self.text.get_or_insert_with(Default::default)
    }
}

/// What a painted item is to a reader: content of a structure node, or an artifact that is
/// not read (decoration, or pagination such as running heads and folios).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tag {
    /// Decoration: rules, box outlines, strike lines, decorative images.
    #[default]
    Layout,
    /// Page furniture: running heads, folios.
    Pagination,
    Content(StructId),
}

/// The document's metadata: info dictionary, `/Lang`, dates and `/ID`.
#[derive(Debug, Clone, Default)]
pub struct DocInfo {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub creator: String,
    /// BCP 47 tag for the catalog's `/Lang`.
    pub lang: String,
    /// Seconds since the Unix epoch, for creation and modification dates.
    pub epoch: i64,
    /// Seed for the trailer `/ID` (e.g. the issue identifier): same input, same bytes.
    pub id_seed: String,
}

/// One page: its size and what is drawn on it.
#[derive(Debug, Clone)]
pub struct Page {
    pub width: Pt,
    pub height: Pt,
    pub items: Vec<Positioned>,
}

/// An item at its place on the page (see the module comment for the coordinates).
#[derive(Debug, Clone)]
pub struct Positioned {
    pub x: Pt,
    pub y: Pt,
    pub item: FrameItem,
    pub tag: Tag,
}

impl Positioned {
    /// An item placed at (x, y), decoration until layout tags it.
    pub fn new(x: Pt, y: Pt, item: FrameItem) -> Positioned {
        Positioned { x, y, item, tag: Tag::Layout }
    }
}

/// Something drawn on a page, or a clickable area.
#[derive(Debug, Clone)]
pub enum FrameItem {
    Text(TextRun),
    /// A filled rectangle (rules are thin rectangles).
    Rect {
        width: Pt,
        height: Pt,
        ink: Ink,
    },
    /// A stroked rectangle outline: the related-articles box, the stand-in for an undrawable
    /// image. `stroke` is the line width, centred on the edges.
    BoxOutline {
        width: Pt,
        height: Pt,
        stroke: Pt,
        ink: Ink,
    },
    /// An image scaled into its box. A `bleed` image covers its box (cropped to it) and, in the
    /// print PDF, grows into the bleed on every side where the box meets the page edge.
    Image {
        image: usize,
        width: Pt,
        height: Pt,
        bleed: bool,
    },
    /// A clickable area; painted as an annotation without a border.
    Link {
        width: Pt,
        height: Pt,
        target: LinkDest,
        /// Where the link goes, in words, for readers that announce the annotation.
        description: String,
    },
}

/// Glyphs of one font at one size on one baseline.
#[derive(Debug, Clone)]
pub struct TextRun {
    pub font: FontKey,
    pub size: Pt,
    pub ink: Ink,
    /// Horizontal glyph scaling from glyph expansion (PDF `Tz` / 100): 1.0 = none. The glyph
    /// advances already include it.
    pub horizontal_scale: f64,
    pub glyphs: Vec<Glyph>,
    /// The characters the glyphs stand for, in order: each glyph's `text_len` bytes follow
    /// the previous glyph's. One buffer per run rather than a string per glyph: a
    /// 1000-article issue has about ten million glyphs, and a heap string each doubled the
    /// peak memory.
    pub text: String,
}

impl TextRun {
    /// An empty run.
    pub(crate) fn new(font: FontKey, size: Pt, ink: Ink) -> TextRun {
        TextRun { font, size, ink, horizontal_scale: 1.0, glyphs: Vec::new(), text: String::new() }
    }

    /// Appends a glyph standing for `text` (empty for later glyphs of a cluster). A cluster
    /// text longer than 65 535 bytes keeps only its first characters up to that length.
    pub(crate) fn push(&mut self, id: u16, advance: Pt, text: &str) {
        let mut len = text.len().min(usize::from(u16::MAX));
        while !text.is_char_boundary(len) {
            len -= 1;
        }
        self.text.push_str(&text[..len]);
        self.glyphs.push(Glyph { id, advance, text_len: len as u16 });
    }

    /// Each glyph with the characters it stands for.
    pub(crate) fn glyph_texts(&self) -> impl Iterator<Item = (&Glyph, &str)> {
        let mut start = 0;
        self.glyphs.iter().map(move |g| {
            let end = start + usize::from(g.text_len);
            let text = self.text.get(start..end).unwrap_or("");
            start = end;
            (g, text)
        })
    }

    /// Frees spare capacity once the run is complete (runs live until the PDF is written).
    pub(crate) fn shrink_to_fit(&mut self) {
        self.glyphs.shrink_to_fit();
        self.text.shrink_to_fit();
    }
}

/// One glyph of a text run.
#[derive(Debug, Clone)]
pub struct Glyph {
    /// Glyph id in the bundled (unsubsetted) font.
    pub id: u16,
    /// Length in bytes of the characters this glyph stands for in the run's `text` ("fi" for
    /// a ligature); 0 for the second and later glyphs of a cluster.
    pub text_len: u16,
    /// Distance from this glyph's origin to the next one's, as laid out (kerning and
    /// justification included).
    pub advance: Pt,
}

/// Where a link leads.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkDest {
    /// 0-based page index and the y of the target from the page top.
    Page {
        page: usize,
        y: Pt,
    },
    Uri(String),
}

/// A bookmark: its title, the place it opens, and the entries nested under it.
#[derive(Debug, Clone)]
pub struct OutlineEntry {
    pub title: String,
    pub page: usize,
    pub y: Pt,
    pub children: Vec<OutlineEntry>,
}

/// Decoded or passed-through image data for painting.
#[derive(Debug, Clone)]
pub enum ImageData {
    /// JPEG bytes embedded as they are (DCTDecode).
    Jpeg { bytes: Vec<u8>, width: u32, height: u32, components: u8 },
    /// 8-bit RGB pixels, with an optional 8-bit alpha channel.
    Rgb { pixels: Vec<u8>, alpha: Option<Vec<u8>>, width: u32, height: u32 },
}

impl ImageData {
    /// Width and height in pixels.
    pub fn pixel_size(&self) -> (f64, f64) {
        match self {
            ImageData::Jpeg { width, height, .. } | ImageData::Rgb { width, height, .. } => {
                (f64::from(*width), f64::from(*height))
            }
        }
    }
}
