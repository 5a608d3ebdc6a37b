//! Hostile but valid input → it builds; the EPUB passes EPUBCheck with zero messages and carries
//! no script; the PDF passes `qpdf --check` (when installed) and has no line running past the
//! margin.

use std::io::Read;
use std::path::Path;
use std::process::Command;

use heft::pdf::frame::FrameItem;
use heft::pdf::units::Pt;
use heft::source::DiskLoader;

use crate::bad_input::PNG;
use crate::common::{build_with_stderr, epubcheck, output};

/// Writes an issue with one article per (file stem, Markdown) pair; returns its folder.
pub fn write_issue(articles: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let list: Vec<String> = articles.iter().map(|(stem, _)| format!("\"articles/{stem}.md\"")).collect();
    let manifest = format!(
        "title = \"Feindliche Eingaben\"\nissue = \"Nr. 9/2026\"\ndate = 2026-09-01\nlanguage = \"de\"\n\
         imprint = \"impressum.md\"\n\n[[sections]]\ntitle = \"Alles\"\narticles = [{}]\n",
        list.join(", ")
    );
    std::fs::create_dir_all(dir.path().join("articles")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("images")).expect("mkdir");
    std::fs::write(dir.path().join("issue.toml"), manifest).expect("write");
    std::fs::write(dir.path().join("impressum.md"), "Impressum: <script>alert(1)</script> Redaktion.\n")
        .expect("write");
    std::fs::write(dir.path().join("images/pic.png"), PNG).expect("write");
    for (stem, text) in articles {
        std::fs::write(dir.path().join(format!("articles/{stem}.md")), text).expect("write");
    }
    dir
}

fn article(title: &str, body: &str) -> String {
    format!("---\ntitle: \"{title}\"\n---\n\n{body}\n")
}

/// Every XHTML file of an EPUB: (name, text).
pub fn xhtml_files(epub: &[u8]) -> Vec<(String, String)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(epub)).expect("the EPUB is a zip");
    let mut files = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("zip entry");
        if entry.name().ends_with(".xhtml") {
            let mut text = String::new();
            entry.read_to_string(&mut text).expect("XHTML is UTF-8");
            files.push((entry.name().to_string(), text));
        }
    }
    files
}

/// No script, event handler, frame or `javascript:` URL in any XHTML file.
fn assert_no_active_content(epub: &[u8]) {
    let forbidden =
        ["<script", "onclick", "onerror", "onload", "<iframe", "<object", "<embed", "javascript:", "<style"];
    for (name, text) in xhtml_files(epub) {
        let lower = text.to_lowercase();
        for needle in forbidden {
            assert!(!lower.contains(needle), "{name} contains {needle}");
        }
    }
}

/// `qpdf --check` passes (qpdf is installed by `.ci/run`; a missing qpdf fails the test).
fn assert_qpdf_ok(pdf: &Path) {
    let result = Command::new("qpdf")
        .arg("--check")
        .arg(pdf)
        .output()
        .expect("qpdf runs (apt-get install qpdf; .ci/run installs it)");
    assert!(
        result.status.success(),
        "qpdf --check failed:\n{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
}

/// Lays the issue out through the library and checks that no text run ends past the right
/// margin (1 pt tolerance) or starts left of the page's left margin.
pub fn assert_no_overfull_line(issue_dir: &Path) {
    let compiled = heft::compile(&DiskLoader::new(issue_dir), &heft::Options::default());
    let issue = compiled.issue.expect("the issue compiles");
    assert_layout_fits(&issue, &issue.style.page);
}

/// The overfull-line check on a model already compiled.
pub fn assert_layout_fits(issue: &heft::model::Issue, style: &heft::style::page::PdfStyle) {
    let (doc, _) = heft::pdf::layout::layout(issue, style);
    // Margins may differ on left and right pages; the narrower one bounds both sides.
    let margin = Pt::from_mm(style.margins.inner.min(style.margins.outer));
    let tolerance = 1.0;
    for (number, page) in doc.pages.iter().enumerate() {
        for placed in &page.items {
            let FrameItem::Text(run) = &placed.item else { continue };
            let width: f64 = run.glyphs.iter().map(|g| g.advance.0).sum();
            let end = placed.x.0 + width;
            let text: String = run.text.clone();
            let shown: String = text.chars().take(60).collect();
            assert!(
                end <= page.width.0 - margin.0 + tolerance,
                "page {}: text ends at {end:.1} pt, past the margin at {:.1} pt: {shown:?}",
                number + 1,
                page.width.0 - margin.0
            );
            assert!(
                placed.x.0 >= margin.0 - tolerance,
                "page {}: text starts at {:.1} pt: {shown:?}",
                number + 1,
                placed.x.0
            );
        }
    }
}

/// Builds, validates both outputs and checks the layout; returns stderr.
fn build_and_validate(issue: &Path) -> String {
    let (out, stderr) = build_with_stderr(issue);
    let epub_path = output(out.path(), "epub");
    let epub = std::fs::read(&epub_path).expect("read EPUB");
    assert_no_active_content(&epub);
    if let Err(report) = epubcheck(&epub_path) {
        panic!("EPUBCheck reported messages:\n{report}");
    }
    assert_qpdf_ok(&output(out.path(), "pdf"));
    assert_no_overfull_line(issue);
    stderr
}

fn raw_html() -> String {
    article(
        "Rohes HTML",
        "<script>alert('x')</script>\n\n\
         Text <b onclick=\"steal()\">fett</b> und <i onmouseover=\"x()\">kursiv</i>.\n\n\
         <iframe src=\"https://example.org/frame\"></iframe>\n\n\
         [Link](javascript:alert(1)) [Link2](JaVaScRiPt:alert(2)) [Link3]( javascript:alert(3)) <javascript:alert(4)>\n\n\
         <a href=\"javascript:alert(5)\">a</a> <img src=x onerror=\"alert(6)\"> <svg onload=\"alert(7)\"><circle/></svg>\n\n\
         <style>body { display: none }</style> <object data=\"x.swf\"></object> <embed src=\"x\">\n\n\
         <div><p>offen <em>kursiv <strong>fett</i> verirrt</span></div></div></p>\n\n\
         <b><i>überkreuz</b></i> <sup>hoch <sub>tief</sup> </sub> </em></em> <br/> <br>\n\n\
         <!-- Kommentar <script>alert(8)</script> --> &lt;script&gt; als Text &amp; mehr\n\n\
         <details open ontoggle=\"alert(9)\"><summary>x</summary>y</details>\n",
    )
}

fn nested_quotes(depth: usize) -> String {
    let mut body = String::new();
    for level in 1..=depth {
        body.push_str(&"> ".repeat(level));
        body.push_str(&format!("Ebene {level} des Zitats.\n"));
        body.push_str(&"> ".repeat(level));
        body.push('\n');
    }
    article("Zitat im Zitat", &body)
}

fn nested_lists(depth: usize) -> String {
    let mut body = String::new();
    for level in 0..depth {
        let marker = if level % 2 == 0 { "-" } else { "1." };
        body.push_str(&" ".repeat(level * 3));
        body.push_str(&format!("{marker} Punkt auf Ebene {level}\n"));
    }
    article("Listen in Listen", &body)
}

fn long_word(chars: usize) -> String {
    let word: String = "Donaudampfschifffahrtsgesellschaftskapitän".chars().cycle().take(chars).collect();
    let url = format!("https://example.org/{}", "a".repeat(3000));
    article("Ein langes Wort", &format!("Vorher {word} nachher.\n\nLink: <{url}> und [Text]({url}).\n\n`{word}`\n"))
}

/// Titles, kicker and headings far longer than a line (running heads, contents, outline).
fn long_titles() -> String {
    let word: String = "Arbeitszeitverkürzungsforderung".chars().cycle().take(3000).collect();
    let k: String = word.chars().take(900).collect();
    format!("---\ntitle: \"{word}\"\nkicker: \"{k}\"\nsubtitle: \"{k} {k}\"\nbyline: \"{k}\"\n---\n\n# {word}\n\n## {word} {word}\n\nText.\n")
}

fn wide_table(columns: usize) -> String {
    let row = |f: &dyn Fn(usize) -> String| format!("|{}|\n", (0..columns).map(f).collect::<Vec<_>>().join("|"));
    let mut body = row(&|c| format!("Spalte {c}"));
    body.push_str(&row(&|c| if c % 3 == 0 { ":--".into() } else { "--:".into() }));
    for r in 0..5 {
        body.push_str(&row(&|c| format!("Zelle{r}x{c}Ohne Leerzeichen")));
    }
    article("Breite Tabelle", &body)
}

fn unicode_mix() -> String {
    article(
        "Zeichen aller Art",
        "Steuerzeichen: a\u{1}b\u{7}c\u{1b}d\u{7f}e\u{85}f\u{8}g\u{0}h \u{b}\u{c}Ende.\n\n\
         Bidi: \u{202e}gnirts desrever\u{202c} \u{2066}isoliert\u{2069} \u{200f}rtl\u{200e} \u{061c}\n\n\
         Emoji: 😀 👍🏽 👨‍👩‍👧 🇩🇪 ❤️ 🏳️‍🌈 \u{fe0f}\n\n\
         CJK: 漢字かなカナ、한국어。 Arabisch: مرحبا بالعالم، هذا نص عربي. Hebräisch: שלום עולם\n\n\
         Kombinierend: e\u{301} a\u{308} Z\u{335}\u{336}\u{337}a\u{338}l\u{334}g\u{335}o\u{336} \u{feff}BOM \u{fffd} \u{ad}weich\n\n\
         | 漢字 | مرحبا | 😀 |\n|---|---|---|\n| \u{202e}x | y\u{200d}z | \u{1}q |\n",
    )
}

#[test]
fn hostile_but_valid_input_builds_cleanly() {
    let issue = write_issue(&[
        ("html", raw_html()),
        ("quotes", nested_quotes(200)),
        ("lists", nested_lists(120)),
        ("word", long_word(20_000)),
        ("table", wide_table(40)),
        ("unicode", unicode_mix()),
        ("titles", long_titles()),
    ]);
    let stderr = build_and_validate(issue.path());
    assert!(stderr.contains("raw HTML in articles/html.md was removed"), "{stderr}");
    assert!(stderr.contains("unsafe scheme `javascript:`"), "{stderr}");
    assert!(stderr.contains("no bundled font has"), "missing glyphs are warned about:\n{stderr}");
    assert!(!stderr.lines().any(|l| l.starts_with("error")), "{stderr}");
}

#[test]
fn deep_nesting_keeps_every_level_in_the_epub() {
    let issue = write_issue(&[("quotes", nested_quotes(200)), ("lists", nested_lists(120))]);
    let (out, _) = build_with_stderr(issue.path());
    let epub = std::fs::read(output(out.path(), "epub")).expect("read");
    let files = xhtml_files(&epub);
    let all: String = files.iter().map(|(_, text)| text.as_str()).collect();
    assert!(all.contains("Ebene 200 des Zitats"), "the deepest quote is kept");
    assert!(all.contains("Punkt auf Ebene 119"), "the deepest list item is kept");
    assert!(all.matches("<blockquote").count() >= 200);
}

/// A big article: 5 MB in an optimised build; in a debug build (unoptimised, 10–30× slower)
/// 0.5 MB keeps the suite fast. `HEFT_BIG_MB` overrides.
fn big_article_bytes() -> usize {
    let default_mb = if cfg!(debug_assertions) { 0.5 } else { 5.0 };
    let mb: f64 = std::env::var("HEFT_BIG_MB").ok().and_then(|v| v.parse().ok()).unwrap_or(default_mb);
    (mb * 1_000_000.0) as usize
}

/// Markdown of about `bytes` bytes: paragraphs, headings, lists, quotes, footnotes, emphasis.
pub fn big_markdown(bytes: usize) -> String {
    let mut body = String::with_capacity(bytes + 4096);
    let mut n = 0usize;
    while body.len() < bytes {
        n += 1;
        match n % 10 {
            0 => body.push_str(&format!("## Abschnitt {n}\n\n")),
            3 => body.push_str(&format!("- Punkt {n} mit *Betonung*\n- noch ein **Punkt**\n\n")),
            6 => body.push_str(&format!("> Ein Zitat Nummer {n}, \"mit Anführungszeichen\" -- und Gedankenstrich.\n\n")),
            _ => body.push_str(&format!(
                "Absatz {n}: Die Beschäftigten der Krankenhäuser streikten elf Wochen lang für einen \
                 Entlastungstarifvertrag, der feste Personalschlüssel für jede Station vorsieht.[^n{n}] \
                 Sie organisierten sich in Teams, wählten Delegierte und stellten Ultimaten.\n\n[^n{n}]: Anmerkung {n}.\n\n"
            )),
        }
    }
    article("Ein sehr langer Text", &body)
}

#[test]
fn big_article_builds() {
    let bytes = big_article_bytes();
    let issue = write_issue(&[("big", big_markdown(bytes))]);
    let (out, stderr) = build_with_stderr(issue.path());
    assert!(!stderr.lines().any(|l| l.starts_with("error")), "{stderr}");
    let epub = std::fs::read(output(out.path(), "epub")).expect("read");
    assert!(xhtml_files(&epub).iter().any(|(_, text)| text.contains("Absatz 1:")));
    // How long it may take is a limit of `scripts/worst` (5 s for any input under 1 MB), not
    // of a test: timings on a shared machine say little.
}

/// Runs heft with `args`; kills it and fails the test if it takes longer than `limit`.
fn run_within(args: &[&std::ffi::OsStr], limit: std::time::Duration) -> std::process::Output {
    let mut child = crate::common::heft()
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("heft starts");
    let start = std::time::Instant::now();
    while child.try_wait().expect("heft runs").is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("heft {args:?} still ran after {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.wait_with_output().expect("heft output")
}

#[test]
fn a_named_pipe_in_place_of_an_article_or_image_is_refused_not_waited_for() {
    let dir = write_issue(&[("a", "---\ntitle: A\n---\n![Bild](../images/pipe.png)\n".to_string())]);
    for fifo in ["articles/b.md", "images/pipe.png"] {
        let status = Command::new("mkfifo").arg(dir.path().join(fifo)).status().expect("mkfifo runs");
        assert!(status.success());
    }
    let manifest = std::fs::read_to_string(dir.path().join("issue.toml")).unwrap();
    std::fs::write(
        dir.path().join("issue.toml"),
        manifest.replace("\"articles/a.md\"", "\"articles/a.md\", \"articles/b.md\""),
    )
    .unwrap();
    let limit = std::time::Duration::from_secs(30);
    for command in ["check", "build"] {
        let out = tempfile::tempdir().unwrap();
        let args: Vec<&std::ffi::OsStr> = if command == "check" {
            vec![command.as_ref(), dir.path().as_os_str()]
        } else {
            vec![command.as_ref(), dir.path().as_os_str(), "--out".as_ref(), out.path().as_os_str()]
        };
        let result = run_within(&args, limit);
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert_eq!(result.status.code(), Some(1), "{stderr}");
        assert_eq!(stderr.matches("is not a regular file").count(), 2, "{stderr}");
    }
}
