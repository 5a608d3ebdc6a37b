//! What a link may be: the one link policy. The model only holds addresses with a safe scheme;
//! the writers check again with `is_safe_link` before they write one.

/// Schemes a link may have: web and mail addresses.
pub(crate) const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto"];

/// Whether an address has one of the `SAFE_SCHEMES`.
pub(crate) fn is_safe_link(url: &str) -> bool {
    url_scheme(url).is_some_and(|scheme| SAFE_SCHEMES.contains(&scheme.as_str()))
}

/// The lowercased scheme of an absolute URL (`JavaScript:` → "javascript").
pub(crate) fn url_scheme(url: &str) -> Option<String> {
    let cleaned: String = url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
    let (scheme, _) = cleaned.split_once(':')?;
    let valid = scheme.len() > 1
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    valid.then(|| scheme.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_mail_addresses_are_safe() {
        assert!(is_safe_link("https://example.org") && is_safe_link("MAILTO:a@b.org"));
        assert!(!is_safe_link("javascript:alert(1)") && !is_safe_link("java\tscript:x") && !is_safe_link("a.md"));
        assert_eq!(url_scheme(" JavaScript:x").as_deref(), Some("javascript"));
        assert_eq!(url_scheme("c:x"), None, "a one-letter scheme is a drive letter");
    }
}
