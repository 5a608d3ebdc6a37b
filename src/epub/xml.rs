//! The XML writer of the EPUB's documents, over quick-xml: quick-xml escapes text and attribute
//! values; this layer drops the characters XML 1.0 forbids, closes elements from its own stack so
//! every document is well-formed, and leaves line breaks to the caller for readable output.
//! `Xml::html` writes the same markup as HTML5 for the web edition: no XML declaration, and
//! without the attributes only XML and EPUB know (`epub:type`, `xml:lang`, `xmlns:…`), so the
//! EPUB's page writers serve the web pages unchanged.

use std::borrow::Cow;

use quick_xml::escape::partial_escape;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

/// An XML document being written into memory.
pub(crate) struct Xml {
    writer: quick_xml::Writer<Vec<u8>>,
    /// Names of the elements opened and not yet closed, innermost last.
    open: Vec<&'static str>,
    /// HTML syntax: attributes in the `epub`, `xml` and `xmlns` namespaces are dropped.
    html: bool,
}

impl Xml {
    /// A document that starts with the XML declaration.
    pub(crate) fn new() -> Xml {
        let mut xml = Xml::empty_document(false);
        xml.event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        xml.newline();
        xml
    }

    /// An HTML5 document (written in its XML-compatible form, void elements as `<br/>`).
    pub(crate) fn html() -> Xml {
        Xml::empty_document(true)
    }

    fn empty_document(html: bool) -> Xml {
        Xml { writer: quick_xml::Writer::new(Vec::with_capacity(8 * 1024)), open: Vec::new(), html }
    }

    /// `<!DOCTYPE {name}>` on a line of its own.
    pub(crate) fn doctype(&mut self, name: &str) -> &mut Self {
        self.event(Event::DocType(BytesText::from_escaped(name)));
        self.newline()
    }

    /// Opens an element; `end` closes it.
    pub(crate) fn start(&mut self, name: &'static str, attributes: &[(&str, &str)]) -> &mut Self {
        let tag = tag(name, attributes, self.html);
        self.event(Event::Start(tag));
        self.open.push(name);
        self
    }

    /// Closes the innermost open element.
    pub(crate) fn end(&mut self) -> &mut Self {
        let name = self.open.pop().expect("end() matches a start()");
        self.event(Event::End(BytesEnd::new(name)));
        self
    }

    /// An element without content: `<name …/>`.
    pub(crate) fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) -> &mut Self {
        let tag = tag(name, attributes, self.html);
        self.event(Event::Empty(tag));
        self
    }

    /// Character data, escaped.
    pub(crate) fn text(&mut self, text: &str) -> &mut Self {
        let text = xml_chars(text);
        self.event(Event::Text(BytesText::from_escaped(partial_escape(text.as_ref()))));
        self
    }

    /// An element holding only text, followed by a line break: `<name …>text</name>`.
    pub(crate) fn line(&mut self, name: &'static str, attributes: &[(&str, &str)], text: &str) -> &mut Self {
        self.start(name, attributes).text(text).end().newline()
    }

    /// A line break between elements, where it changes nothing but readability.
    pub(crate) fn newline(&mut self) -> &mut Self {
        self.event(Event::Text(BytesText::from_escaped("\n")));
        self
    }

    /// The bytes of the finished document.
    pub(crate) fn finish(self) -> Vec<u8> {
        debug_assert!(self.open.is_empty(), "unclosed elements: {:?}", self.open);
        self.writer.into_inner()
    }

    fn event(&mut self, event: Event) {
        self.writer.write_event(event).expect("writing into a Vec cannot fail");
    }
}

/// A start tag with its attributes; quick-xml escapes the values. `html`: without the
/// attributes HTML syntax does not allow.
fn tag<'a>(name: &'a str, attributes: &[(&str, &str)], html: bool) -> BytesStart<'a> {
    let mut tag = BytesStart::new(name);
    let xml_only = |key: &str| key.starts_with("epub:") || key.starts_with("xml:") || key.starts_with("xmlns");
    for &(key, value) in attributes.iter().filter(|(key, _)| !(html && xml_only(key))) {
        tag.push_attribute((key, xml_chars(value).as_ref()));
    }
    tag
}

/// `text` without the characters XML 1.0 forbids (controls but tab and line breaks, U+FFFE,
/// U+FFFF); borrowed when there are none, as almost always.
fn xml_chars(text: &str) -> Cow<'_, str> {
    if text.chars().any(forbidden) {
        Cow::Owned(text.chars().filter(|&c| !forbidden(c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

fn forbidden(c: char) -> bool {
    (c < '\u{20}' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{fffe}' || c == '\u{ffff}'
}

/// Text without soft hyphens: for metadata and titles, where they only get in the way.
pub(crate) fn without_soft_hyphens(text: &str) -> Cow<'_, str> {
    if text.contains('\u{ad}') {
        Cow::Owned(text.replace('\u{ad}', ""))
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(write: impl FnOnce(&mut Xml)) -> String {
        let mut xml = Xml::new();
        write(&mut xml);
        String::from_utf8(xml.finish()).unwrap()
    }

    #[test]
    fn escapes_text_and_attributes() {
        let out = written(|xml| {
            xml.start("p", &[("title", "a \"b\" <c> & 'd'")]).text("x < y && z > \"w\"").end();
        });
        assert_eq!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <p title=\"a &quot;b&quot; &lt;c&gt; &amp; &apos;d&apos;\">x &lt; y &amp;&amp; z &gt; \"w\"</p>"
        );
    }

    #[test]
    fn drops_characters_xml_forbids() {
        let out = written(|xml| {
            xml.start("p", &[("title", "a\u{1}b")]).text("c\u{0}d\u{b}e\u{fffe}f\u{ffff}g\th").end();
        });
        assert!(out.ends_with("<p title=\"ab\">cdefg\th</p>"), "{out}");
    }

    #[test]
    fn closes_elements_innermost_first() {
        let out = written(|xml| {
            xml.start("a", &[]).start("b", &[]).empty("br", &[]).end().end();
        });
        assert!(out.ends_with("<a><b><br/></b></a>"), "{out}");
    }

    #[test]
    fn html_documents_drop_what_only_xml_and_epub_know() {
        let mut xml = Xml::html();
        xml.doctype("html").start("p", &[("epub:type", "x"), ("xml:lang", "de"), ("lang", "de")]).text("a").end();
        assert_eq!(String::from_utf8(xml.finish()).unwrap(), "<!DOCTYPE html>\n<p lang=\"de\">a</p>");
    }

    #[test]
    fn soft_hyphens_removed() {
        assert_eq!(without_soft_hyphens("Ge\u{ad}werk\u{ad}schaft"), "Gewerkschaft");
        assert!(matches!(without_soft_hyphens("Streik"), Cow::Borrowed("Streik")));
    }
}
