//! Laid-out articles kept from one build to the next (`heft watch`). Articles are laid out each
//! into their own pages and only then concatenated and numbered, so an article whose inputs did
//! not change lays out into the same pages again: those are taken from here instead.
//!
//! An entry's key is a fingerprint of everything `layout_article` reads — the article itself
//! (its blocks, footnotes, related entries, file id) and the context shared by all articles
//! (page style, language, decoded image sizes, every article's title for related boxes, asset
//! paths for warnings). A stale entry cannot be hit: any change to those gives another key.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::{DefaultHasher, Hasher};

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::model::Article;
use crate::progress::{Observer, Stage};

use super::pages::Laid;
use super::Ctx;

/// An article laid out: its pages and the warnings layout found in it.
pub(crate) type LaidArticle = (Laid, Vec<Diagnostic>);

/// The laid-out articles of the last build, by fingerprint. Only the entries a build used are
/// kept for the next one, so the cache never outgrows one issue.
#[derive(Default)]
pub struct ArticleCache {
    entries: HashMap<u64, LaidArticle>,
    /// Articles taken from the cache and laid out anew in the last build.
    pub(crate) last: CacheCount,
}

/// How many articles a build took from the cache (`reused`) and laid out (`laid_out`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheCount {
    pub reused: usize,
    pub laid_out: usize,
}

impl ArticleCache {
    /// What the last build reused and laid out.
    pub fn last_count(&self) -> CacheCount {
        self.last
    }

    /// The key of each article under this context.
    pub(crate) fn fingerprints(ctx: &Ctx) -> Vec<u64> {
        let context = context_fingerprint(ctx);
        ctx.issue.articles.iter().map(|article| article_fingerprint(context, article)).collect()
    }

    /// The cached layout of the article with this key, if any.
    pub(crate) fn get(&self, key: u64) -> Option<&LaidArticle> {
        self.entries.get(&key)
    }

    /// Keeps exactly the articles of this build for the next one.
    pub(crate) fn replace(&mut self, entries: HashMap<u64, LaidArticle>, count: CacheCount) {
        self.entries = entries;
        self.last = count;
    }
}

/// A `fmt::Write` that feeds a hasher: fingerprints from `Debug` without building the string.
struct HashWriter<'a>(&'a mut DefaultHasher);

impl std::fmt::Write for HashWriter<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.write(s.as_bytes());
        Ok(())
    }
}

fn hash_debug(hasher: &mut DefaultHasher, value: &dyn std::fmt::Debug) {
    // Writing into a hasher cannot fail.
    let _ = write!(HashWriter(hasher), "{value:?}");
    hasher.write_u8(0xff);
}

/// What every article's layout reads besides the article.
fn context_fingerprint(ctx: &Ctx) -> u64 {
    let mut hasher = DefaultHasher::new();
    let issue = ctx.issue;
    hash_debug(&mut hasher, ctx.style);
    hash_debug(&mut hasher, &(&issue.language, &issue.title, &issue.issue_label));
    // The editor's hyphenation list changes breaks in every article.
    hash_debug(&mut hasher, &issue.hyphenation);
    hash_debug(&mut hasher, ctx.images);
    for article in &issue.articles {
        hash_debug(&mut hasher, &(&article.id, &article.title));
    }
    for asset in &issue.assets {
        hash_debug(&mut hasher, &asset.path);
    }
    hasher.finish()
}

fn article_fingerprint(context: u64, article: &Article) -> u64 {
    let mut hasher = DefaultHasher::new();
    hasher.write_u64(context);
    hash_debug(&mut hasher, article);
    hasher.finish()
}

/// Lays out every article of `ctx.issue` in parallel, in order, taking unchanged ones from
/// `cache` when there is one (and leaving this build's articles in it).
pub(crate) fn lay_out_articles(
    ctx: &Ctx,
    cache: Option<&mut ArticleCache>,
    observer: &dyn Observer,
) -> Vec<LaidArticle> {
    let articles = &ctx.issue.articles;
    observer.begin(Stage::Layout, articles.len());
    let lay_out = |article: &Article| {
        let laid = super::layout_article(ctx, article);
        observer.advance(Stage::Layout);
        laid
    };
    let Some(cache) = cache else { return articles.par_iter().map(lay_out).collect() };
    let keys = ArticleCache::fingerprints(ctx);
    let laid: Vec<(LaidArticle, bool)> = articles
        .par_iter()
        .zip(&keys)
        .map(|(article, key)| match cache.get(*key) {
            Some(hit) => {
                observer.advance(Stage::Layout);
                (hit.clone(), true)
            }
            None => (lay_out(article), false),
        })
        .collect();
    let reused = laid.iter().filter(|(_, hit)| *hit).count();
    let count = CacheCount { reused, laid_out: laid.len() - reused };
    // Hits stay as they are in the cache; only articles laid out now are copied into it.
    let mut kept = std::mem::take(&mut cache.entries);
    let entries = keys
        .into_iter()
        .zip(&laid)
        .filter_map(|(key, (article, hit))| match hit {
            true => kept.remove_entry(&key),
            false => Some((key, article.clone())),
        })
        .collect();
    cache.replace(entries, count);
    laid.into_iter().map(|(article, _)| article).collect()
}
