//! Deflated streams kept between the builds of one `heft watch`: an edit to one article leaves
//! most pages' content streams, the font programs and most files of the EPUB byte for byte as
//! they were, and deflating them again was most of a rebuild. Off until a build with a `RenderCache` switches it
//! on (`heft build` never does); then a stream equal to one deflated in the last build is taken
//! from here. The key is a hash, but a hit is only taken when the stored input is equal, so the
//! output is exactly what deflating would give.
//!
//! Whole PDF pages are kept too: a page's deflated content stream under a fingerprint of all that
//! painting it reads (`pdf/paint/page_key.rs`), so an unchanged page is neither painted nor
//! deflated again.

use std::any::Any;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hasher};
use std::sync::{Arc, Mutex};

/// The streams of the current and the previous build, by hash of their input.
struct Memo {
    entries: HashMap<u64, Entry>,
    /// Deflated page content streams by their page's fingerprint.
    pages: HashMap<u64, PageEntry>,
    /// Anything else worked out from a fingerprinted input (a PDF page's glyphs).
    values: HashMap<u64, (Arc<dyn Any + Send + Sync>, u64)>,
    /// The build now running; entries not used by it or the one before are dropped.
    generation: u64,
}

struct Entry {
    /// Which kind of deflating made it (a PDF stream, a zip entry): the same input gives each
    /// other bytes.
    codec: &'static str,
    input: Vec<u8>,
    deflated: Vec<u8>,
    generation: u64,
}

struct PageEntry {
    deflated: Vec<u8>,
    generation: u64,
}

/// `None` until `next_build` is called: builds without a cache pay nothing.
static MEMO: Mutex<Option<Memo>> = Mutex::new(None);

/// A build that keeps its streams for the next one begins: drops what the build before last
/// used and the last build did not.
pub(crate) fn next_build() {
    let mut memo = MEMO.lock().unwrap_or_else(|e| e.into_inner());
    let memo = memo.get_or_insert_with(|| Memo {
        entries: HashMap::new(),
        pages: HashMap::new(),
        values: HashMap::new(),
        generation: 0,
    });
    let last = memo.generation;
    memo.entries.retain(|_, entry| entry.generation == last);
    memo.pages.retain(|_, entry| entry.generation == last);
    memo.values.retain(|_, (_, generation)| *generation == last);
    memo.generation += 1;
}

/// `data` deflated by `deflate` (named `codec`), or the stream deflated from equal data by the
/// same codec in this or the last build.
pub(crate) fn deflated(codec: &'static str, data: &[u8], deflate: fn(&[u8]) -> Vec<u8>) -> Vec<u8> {
    if !enabled() {
        return deflate(data);
    }
    // Hashed outside the lock: painting runs on several threads.
    let mut hasher = DefaultHasher::new();
    hasher.write(codec.as_bytes());
    hasher.write(data);
    let key = hasher.finish();
    {
        let mut memo = MEMO.lock().unwrap_or_else(|e| e.into_inner());
        let Some(memo) = memo.as_mut() else { return deflate(data) };
        let generation = memo.generation;
        if let Some(entry) = memo.entries.get_mut(&key).filter(|entry| entry.codec == codec && entry.input == data) {
            entry.generation = generation;
            return entry.deflated.clone();
        }
    }
    let deflated = deflate(data);
    let mut memo = MEMO.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(memo) = memo.as_mut() {
        let entry = Entry { codec, input: data.to_vec(), deflated: deflated.clone(), generation: memo.generation };
        memo.entries.insert(key, entry);
    }
    deflated
}

/// Whether a build with a `RenderCache` switched the memo on (then pages are worth a key).
pub(crate) fn enabled() -> bool {
    MEMO.lock().unwrap_or_else(|e| e.into_inner()).is_some()
}

/// The deflated content stream of a page with this fingerprint, painted in this or the last build.
pub(crate) fn page(key: u64) -> Option<Vec<u8>> {
    let mut memo = MEMO.lock().unwrap_or_else(|e| e.into_inner());
    let memo = memo.as_mut()?;
    let generation = memo.generation;
    let entry = memo.pages.get_mut(&key)?;
    entry.generation = generation;
    Some(entry.deflated.clone())
}

/// Keeps a page's deflated content stream under its fingerprint for the next build.
pub(crate) fn keep_page(key: u64, deflated: &[u8]) {
    let mut memo = MEMO.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(memo) = memo.as_mut() {
        let entry = PageEntry { deflated: deflated.to_vec(), generation: memo.generation };
        memo.pages.insert(key, entry);
    }
}

/// The value kept under `key` in this or the last build, if it is a `T`.
pub(crate) fn remembered<T: Any + Send + Sync>(key: u64) -> Option<Arc<T>> {
    let mut memo = MEMO.lock().unwrap_or_else(|e| e.into_inner());
    let memo = memo.as_mut()?;
    let generation = memo.generation;
    let (value, used) = memo.values.get_mut(&key)?;
    *used = generation;
    Arc::clone(value).downcast().ok()
}

/// Keeps `value` under `key` for the next build.
pub(crate) fn remember<T: Any + Send + Sync>(key: u64, value: Arc<T>) {
    let mut memo = MEMO.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(memo) = memo.as_mut() {
        let generation = memo.generation;
        memo.values.insert(key, (value, generation));
    }
}
