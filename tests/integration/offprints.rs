//! Offprints (`heft build --offprints`): per article a PDF and an EPUB in `NAME-offprints/`,
//! built with the CLI from the sample issues. Both pass their validators; the PDF's pages carry
//! the issue's page numbers (an online-only article's from 1) and say where the article appeared;
//! links to articles not in the offprint go to the web edition or are dropped.

use std::path::{Path, PathBuf};
use std::process::Command;

use lopdf::{Document, Object};

use crate::common;

/// Builds an issue under `issues/` with `--offprints` once per test run; returns the output folder.
fn built_with_offprints(name: &str) -> PathBuf {
    static BUILT: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let out = common::target_dir().join("itests").join(format!("{name}-offprints"));
    let mut done = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    if !done.iter().any(|n| n == name) {
        let _ = std::fs::remove_dir_all(&out);
        let result = common::heft()
            .arg("build")
            .arg(common::root().join("issues").join(name))
            .args(["--offprints", "--out"])
            .arg(&out)
            .env("SOURCE_DATE_EPOCH", "1769860800")
            .output()
            .expect("heft runs");
        assert!(result.status.success(), "heft build failed:\n{}", String::from_utf8_lossy(&result.stderr));
        done.push(name.to_string());
    }
    out
}

fn sample(name: &str) -> heft::model::Issue {
    common::compile(&common::memory_loader(&common::root().join("issues").join(name)), &heft::Options::default())
}

/// The offprint folder of a built issue.
fn folder(name: &str) -> PathBuf {
    let issue = sample(name);
    built_with_offprints(name).join(format!("{}-offprints", issue.slug))
}

/// `NN-slug` of each article, from its position and its web page's name (`aNN-slug.html`).
fn names(issue: &heft::model::Issue) -> Vec<String> {
    issue
        .articles_with_ids()
        .enumerate()
        .map(|(k, (id, _))| {
            let web = issue.web_file(id);
            let slug = web.trim_end_matches(".html").split_once('-').expect("aNN-slug").1.to_string();
            format!("{:02}-{slug}", k + 1)
        })
        .collect()
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of one page (1-based) or, with `None`, of the whole PDF.
fn pdf_text(pdf: &Path, page: Option<usize>) -> String {
    let mut command = Command::new("pdftotext");
    if let Some(page) = page {
        command.args(["-f", &page.to_string(), "-l", &page.to_string()]);
    }
    let out = command.arg("-layout").arg(pdf).arg("-").output().expect("pdftotext runs (poppler-utils)");
    assert!(out.status.success(), "pdftotext failed on {}", pdf.display());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Each page's label number, read from `/PageLabels` (decimal ranges with an optional `/St`).
fn page_labels(pdf: &Path) -> Vec<i64> {
    let doc = Document::load(pdf).expect("the PDF loads");
    let pages = doc.get_pages().len();
    let catalog = doc.catalog().expect("catalog");
    let labels = catalog.get(b"PageLabels").and_then(|l| doc.dereference(l)).expect("PageLabels").1;
    let nums = labels.as_dict().unwrap().get(b"Nums").and_then(|n| n.as_array()).expect("Nums").clone();
    let ranges: Vec<(usize, i64)> = nums
        .chunks(2)
        .map(|pair| {
            let start = pair[0].as_i64().expect("page index") as usize;
            let range = doc.dereference(&pair[1]).unwrap().1.as_dict().unwrap().clone();
            (start, range.get(b"St").and_then(Object::as_i64).unwrap_or(1))
        })
        .collect();
    (0..pages)
        .map(|page| {
            let (start, first) = ranges.iter().rev().find(|(start, _)| *start <= page).expect("a range at 0");
            first + (page - start) as i64
        })
        .collect()
}

/// The last non-empty line of a page: its folio.
fn folio(page_text: &str) -> String {
    page_text.lines().map(str::trim).rev().find(|l| !l.is_empty()).unwrap_or_default().to_string()
}

#[test]
fn every_article_has_an_offprint_pdf_and_epub_that_pass_their_validators() {
    let issue = sample("rote-feder");
    assert!(issue.articles.iter().any(|a| a.online_only), "the sample has an online-only article");
    let dir = folder("rote-feder");
    let expected = names(&issue);
    let mut found: Vec<String> = std::fs::read_dir(&dir)
        .expect("the offprint folder")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    let mut wanted: Vec<String> = expected.iter().flat_map(|n| [format!("{n}.epub"), format!("{n}.pdf")]).collect();
    wanted.sort();
    assert_eq!(found, wanted);
    for name in &expected {
        let epub = dir.join(format!("{name}.epub"));
        if let Err(report) = common::epubcheck(&epub) {
            panic!("EPUBCheck on {name}.epub:\n{report}");
        }
        let pdf = dir.join(format!("{name}.pdf"));
        let qpdf = Command::new("qpdf").arg("--check").arg(&pdf).output().expect("qpdf runs (apt-get install qpdf)");
        assert!(qpdf.status.success(), "qpdf --check {name}.pdf:\n{}", String::from_utf8_lossy(&qpdf.stdout));
    }
}

#[test]
fn an_offprint_keeps_the_issue_page_numbers_and_an_online_only_one_counts_from_1() {
    let issue = sample("rote-feder");
    let dir = folder("rote-feder");
    let whole = common::output(&built_with_offprints("rote-feder"), "pdf");
    for (article, name) in issue.articles.iter().zip(names(&issue)) {
        let pdf = dir.join(format!("{name}.pdf"));
        let labels = page_labels(&pdf);
        for (page, &label) in labels.iter().enumerate() {
            let text = pdf_text(&pdf, Some(page + 1));
            assert_eq!(folio(&text), label.to_string(), "{name}: page {} prints its label", page + 1);
            if !article.online_only {
                // The issue's page of that number shows the same lines.
                let issue_page = squash(&pdf_text(&whole, Some(label as usize)));
                let longest = text.lines().map(squash).max_by_key(|l| l.len()).unwrap_or_default();
                assert!(issue_page.contains(&longest), "{name}: issue page {label} lacks {longest:?}");
            }
        }
        if article.online_only {
            assert_eq!(labels.first(), Some(&1), "{name} counts from 1");
            assert!(labels.windows(2).all(|w| w[1] == w[0] + 1), "{name}: {labels:?}");
        } else {
            let first = squash(&pdf_text(&whole, Some(labels[0] as usize)));
            assert!(first.contains(&squash(&article.title)), "{name} starts on the issue's page {}", labels[0]);
            assert!(labels[0] > 2, "{name}: an article is after the title page and the contents");
        }
    }
}

#[test]
fn an_offprint_names_its_article_and_where_it_appeared() {
    let issue = sample("rote-feder");
    let dir = folder("rote-feder");
    for (article, name) in issue.articles.iter().zip(names(&issue)) {
        let text = squash(&pdf_text(&dir.join(format!("{name}.pdf")), None));
        let title = squash(&article.title.replace('\u{ad}', ""));
        assert!(text.contains(&title), "{name}.pdf lacks its title");
        let appeared = match (article.online_only, article.lang.as_str()) {
            (true, _) => "Dieser Artikel erschien in der Online-Ausgabe von Rote Feder Nr. 1/2026 (Januar/Februar 2026) (nur online)",
            (false, "en") => "This article appeared in Rote Feder Nr. 1/2026 (Januar/Februar 2026)",
            (false, _) => "Dieser Artikel erschien in Rote Feder Nr. 1/2026 (Januar/Februar 2026)",
        };
        assert!(text.contains(appeared), "{name}.pdf lacks {appeared:?}:\n{text}");
        let opf = epub_file(&dir.join(format!("{name}.epub")), ".opf");
        assert!(opf.contains(&format!("<dc:title>{title}</dc:title>")), "{name}.epub title:\n{opf}");
        for author in &article.authors {
            assert!(opf.contains(&format!(">{author}</dc:creator>")), "{name}.epub creator {author}");
        }
        assert!(opf.contains(&format!(">{appeared}</dc:source>")), "{name}.epub source:\n{opf}");
        let title_page = epub_file(&dir.join(format!("{name}.epub")), "titlepage.xhtml");
        assert!(title_page.contains("Rote Feder") && title_page.contains("Nr. 1/2026"), "{name}: {title_page}");
    }
}

/// The text of the first file of the EPUB whose name ends with `suffix`.
fn epub_file(epub: &Path, suffix: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    let name = zip.file_names().find(|n| n.ends_with(suffix)).expect("the file is in the EPUB").to_string();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(&name).unwrap(), &mut text).unwrap();
    text
}

/// The link annotations of a PDF: `Ok(uri)` or `Err(page index)` for a link inside the PDF.
fn links(pdf: &Path) -> Vec<Result<String, usize>> {
    let doc = Document::load(pdf).expect("the PDF loads");
    let pages: Vec<_> = doc.get_pages().into_values().collect();
    let mut out = Vec::new();
    for &page in &pages {
        for annotation in doc.get_page_annotations(page).unwrap_or_default() {
            if let Ok(dest) = annotation.get(b"Dest").and_then(Object::as_array) {
                let target = dest[0].as_reference().expect("a page reference");
                out.push(Err(pages.iter().position(|&p| p == target).expect("the target page is in the offprint")));
            } else if let Ok(action) =
                annotation.get(b"A").and_then(|a| doc.dereference(a)).and_then(|(_, a)| a.as_dict())
            {
                let uri = action.get(b"URI").and_then(Object::as_str).expect("a web link");
                out.push(Ok(String::from_utf8_lossy(uri).into_owned()));
            }
        }
    }
    out
}

#[test]
fn links_to_other_articles_go_to_the_web_edition_or_are_dropped_keeping_their_words() {
    // rote-feder has a base_url: the first article links to others, which become web links.
    let issue = sample("rote-feder");
    let base = issue.base_url.clone().expect("the sample has a base_url");
    let dir = folder("rote-feder");
    let first = links(&dir.join(format!("{}.pdf", names(&issue)[0])));
    assert!(first.iter().any(|l| matches!(l, Ok(uri) if uri.starts_with(&base))), "{first:?}");
    // field-notes has none: "Waiting for the Swifts" in the third article is text, not a link.
    let notes = sample("field-notes");
    assert!(notes.base_url.is_none());
    let pdf = folder("field-notes").join(format!("{}.pdf", names(&notes)[2]));
    let to_articles = links(&pdf).into_iter().filter(|l| l.as_ref().is_ok_and(|uri| uri.ends_with(".html"))).count();
    assert_eq!(to_articles, 0, "no web edition, no web links to articles");
    assert!(squash(&pdf_text(&pdf, None)).contains("Waiting for the Swifts"));
}

#[test]
fn offprints_are_opt_in_and_reproducible() {
    let plain = common::built("rote-feder");
    let has_offprints =
        std::fs::read_dir(&plain).unwrap().any(|e| e.unwrap().file_name().to_string_lossy().ends_with("-offprints"));
    assert!(!has_offprints, "a default build writes no offprints");
    let issue = sample("field-notes");
    let options = heft::RenderOptions { offprints: true, ..heft::RenderOptions::none() };
    let once = heft::render(&issue, &options).expect("renders").offprints.expect("offprints");
    let again = heft::render(&issue, &options).expect("renders").offprints.expect("offprints");
    assert_eq!(once.len(), issue.articles.len());
    for (a, b) in once.iter().zip(&again) {
        assert!(a.pdf == b.pdf && a.epub == b.epub, "{} differs between two builds", a.name);
    }
}
