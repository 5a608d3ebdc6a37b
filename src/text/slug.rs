//! Ids and file names from titles: ASCII slugs for files, readable ids for anchors.

use std::collections::{HashMap, HashSet};

/// An ASCII slug: lowercase letters, digits and single hyphens ("Straße & Söhne" → "strasse-soehne").
pub(crate) fn ascii_slug(text: &str, max_len: usize) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        let piece: &str = match c {
            'ä' => "ae",
            'ö' => "oe",
            'ü' => "ue",
            'ß' => "ss",
            'à' | 'á' | 'â' | 'ã' | 'å' => "a",
            'ç' => "c",
            'è' | 'é' | 'ê' | 'ë' => "e",
            'ì' | 'í' | 'î' | 'ï' => "i",
            'ñ' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ø' => "o",
            'ù' | 'ú' | 'û' => "u",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "-",
        };
        out.push_str(piece);
    }
    let mut slug = String::new();
    for part in out.split('-').filter(|p| !p.is_empty()) {
        if slug.len() + part.len() + 1 > max_len && !slug.is_empty() {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(part);
    }
    slug.truncate(max_len);
    slug
}

/// Anchor ids unique within one document, from heading text ("Was jetzt zu tun ist" →
/// "was-jetzt-zu-tun-ist"); letters beyond ASCII are kept, as GitHub does.
#[derive(Debug, Default)]
pub(crate) struct IdSet {
    used: HashSet<String>,
    /// Per base, the suffix to try next: a thousand headings of the same text would otherwise
    /// try 1, 2, 3 … anew each time (quadratic; 60 000 equal headings took minutes).
    next_suffix: HashMap<String, usize>,
}

impl IdSet {
    /// Reserves an id as it is (e.g. one the author wrote); returns a unique variant.
    pub(crate) fn unique(&mut self, base: &str) -> String {
        let base = match base {
            "" => "section".to_string(),
            reserved_id if reserved(reserved_id) => format!("h-{reserved_id}"),
            _ => base.to_string(),
        };
        if self.used.insert(base.clone()) {
            return base;
        }
        let n = self.next_suffix.entry(base.clone()).or_insert(1);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }

    /// A unique id for heading text.
    pub(crate) fn for_heading(&mut self, text: &str) -> String {
        self.unique(&heading_slug(text))
    }
}

/// Footnote anchors are `fn-N` and `fnref-N`; headings never take them.
fn reserved(id: &str) -> bool {
    id.starts_with("fn-") || id.starts_with("fnref-")
}

/// GitHub-style heading slug, made a valid XML id (starts with a letter).
pub(crate) fn heading_slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '_' {
            slug.push(c);
        } else if (c == ' ' || c == '-') && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-').to_string();
    match slug.chars().next() {
        Some(c) if c.is_alphabetic() || c == '_' => slug,
        Some(_) => format!("h-{slug}"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(ascii_slug("Straße & Söhne: Ärger!", 40), "strasse-soehne-aerger");
        assert_eq!(heading_slug("Was jetzt zu tun ist"), "was-jetzt-zu-tun-ist");
        assert_eq!(heading_slug("Löhne – 2026"), "löhne-2026");
        assert_eq!(heading_slug("1933"), "h-1933");
    }

    #[test]
    fn ids_are_unique() {
        let mut ids = IdSet::default();
        assert_eq!(ids.for_heading("Streik"), "streik");
        assert_eq!(ids.for_heading("Streik"), "streik-1");
        assert_eq!(ids.unique("fn-1"), "h-fn-1");
    }

    #[test]
    fn many_equal_headings_get_the_next_free_suffix() {
        let mut ids = IdSet::default();
        assert_eq!(ids.unique("streik-2"), "streik-2", "an id the author wrote");
        let made: Vec<String> = (0..10_000).map(|_| ids.for_heading("Streik")).collect();
        assert_eq!(made[..4], ["streik", "streik-1", "streik-3", "streik-4"]);
        assert_eq!(made.last().map(String::as_str), Some("streik-10000"));
        assert_eq!(made.iter().collect::<HashSet<_>>().len(), made.len());
    }
}
