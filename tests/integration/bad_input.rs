//! Bad input through the CLI: each broken issue → exit status, a message naming the culprit
//! (file, line, column), and an output folder left exactly as it was.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::common::heft;

/// The one test image of the repository (4×3 pixels, grey).
pub const PNG: &[u8] = include_bytes!("../fixtures/epub/images/grey-4x3.png");

/// The manifest of the small test issue; `articles` sits on line 9.
pub const MANIFEST: &str = "title = \"Testheft\"
issue = \"Nr. 3/2026\"
date = 2026-03-01
language = \"de\"
imprint = \"impressum.md\"

[[sections]]
title = \"Alles\"
articles = [\"articles/a.md\", \"articles/b.md\"]
";

const ARTICLE_A: &str = "---
title: Der Streik
kicker: Arbeit
authors: [Ada Muster]
---

Ein \"Absatz\" mit Verweis auf [den zweiten Text](b.md) und eine Fußnote.[^1]

![Ein Bild](../images/pic.png)

[^1]: Die Fußnote.
";

const ARTICLE_B: &str = "+++
title = \"Die Docks\"
lang = \"en\"
+++

A paragraph about the docks, with a [link back](a.md).
";

const IMPRINT: &str = "Herausgegeben von der Redaktion.\n\nKontakt: redaktion@example.org\n";

/// Writes the small, valid test issue into `dir`.
pub fn write_small_issue(dir: &Path) {
    for (path, bytes) in [
        ("issue.toml", MANIFEST.as_bytes()),
        ("articles/a.md", ARTICLE_A.as_bytes()),
        ("articles/b.md", ARTICLE_B.as_bytes()),
        ("impressum.md", IMPRINT.as_bytes()),
        ("images/pic.png", PNG),
    ] {
        let full = dir.join(path);
        std::fs::create_dir_all(full.parent().expect("has a parent")).expect("mkdir");
        std::fs::write(full, bytes).expect("write fixture");
    }
}

/// Files of a folder (recursively) → bytes; a missing folder or a plain file is read as such.
fn snapshot(path: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    if path.is_file() {
        files.insert(PathBuf::new(), std::fs::read(path).expect("read"));
        return files;
    }
    let Ok(entries) = std::fs::read_dir(path) else { return files };
    for entry in entries {
        let entry = entry.expect("entry");
        let name = PathBuf::from(entry.file_name());
        for (sub, bytes) in snapshot(&entry.path()) {
            let path = if sub.as_os_str().is_empty() { name.clone() } else { name.join(sub) };
            files.insert(path, bytes);
        }
    }
    files
}

/// The outputs of a good build of the small issue: (file name, bytes), built once.
fn earlier_outputs() -> &'static BTreeMap<PathBuf, Vec<u8>> {
    static OUTPUTS: OnceLock<BTreeMap<PathBuf, Vec<u8>>> = OnceLock::new();
    OUTPUTS.get_or_init(|| {
        let issue = tempfile::tempdir().expect("temp dir");
        write_small_issue(issue.path());
        let out = crate::common::build(issue.path());
        let files = snapshot(out.path());
        let top: std::collections::BTreeSet<_> = files.keys().filter_map(|p| p.components().next()).collect();
        assert_eq!(top.len(), 4, "a good build writes an EPUB, a PDF, a print PDF and a site: {:?}", files.keys());
        assert!(files.keys().any(|p| p.ends_with("index.html")), "{:?}", files.keys());
        files
    })
}

/// A copy of the small issue to break, and an output folder holding an earlier good build.
struct Case {
    issue: tempfile::TempDir,
    out: tempfile::TempDir,
}

impl Case {
    fn new() -> Case {
        let issue = tempfile::tempdir().expect("temp dir");
        write_small_issue(issue.path());
        let out = tempfile::tempdir().expect("temp dir");
        for (name, bytes) in earlier_outputs() {
            let path = out.path().join(name);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, bytes).expect("write earlier output");
        }
        Case { issue, out }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.issue.path().join(relative)
    }

    fn write(&self, relative: &str, bytes: impl AsRef<[u8]>) -> &Case {
        let full = self.path(relative);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, bytes).expect("write");
        self
    }

    fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).expect("read")
    }

    /// Replaces `from` (which must occur) by `to` in a file of the issue.
    fn edit(&self, relative: &str, from: &str, to: &str) -> &Case {
        let text = self.read(relative);
        assert!(text.contains(from), "{relative} lacks {from:?}");
        self.write(relative, text.replacen(from, to, 1))
    }

    /// Runs `heft build` into `out`, expects `code`, checks that `out` is unchanged; returns stderr.
    fn build_fails_into(&self, out: &Path, code: i32) -> String {
        let before = snapshot(out);
        let result = heft().arg("build").arg(self.issue.path()).arg("--out").arg(out).output().expect("heft runs");
        let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
        assert_eq!(result.status.code(), Some(code), "exit status; stderr:\n{stderr}");
        let after = snapshot(out);
        let names: Vec<&PathBuf> = after.keys().collect();
        assert!(before == after, "the output folder changed: {names:?}\n{stderr}");
        stderr
    }

    /// `heft build` into the folder with the earlier outputs must fail with input errors (1).
    fn build_fails(&self) -> String {
        self.build_fails_into(self.out.path(), 1)
    }

    /// `heft check`: exit status and stderr.
    fn check(&self) -> (Option<i32>, String) {
        let result = heft().arg("check").arg(self.issue.path()).output().expect("heft runs");
        (result.status.code(), String::from_utf8_lossy(&result.stderr).into_owned())
    }
}

/// Asserts `text` contains every one of `parts`.
fn assert_mentions(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "expected {part:?} in:\n{text}");
    }
}

/// `path:line:column` as codespan-reporting shows it under the issue folder.
fn at(case: &Case, relative: &str, line: usize, column: usize) -> String {
    format!("┌─ {}:{line}:{column}", case.path(relative).display())
}

#[test]
fn a_good_build_replaces_earlier_outputs_cleanly() {
    let case = Case::new();
    let result = heft().arg("build").arg(case.issue.path()).arg("--out").arg(case.out.path()).output().expect("runs");
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    let names: Vec<String> = snapshot(case.out.path()).keys().map(|p| p.display().to_string()).collect();
    let top: Vec<&str> = names.iter().filter(|n| !n.contains('/')).map(String::as_str).collect();
    assert_eq!(top, ["testheft-2026-3-print.pdf", "testheft-2026-3.epub", "testheft-2026-3.pdf"]);
    assert!(names.iter().all(|n| !n.contains('/') || n.starts_with("testheft-2026-3-html/")), "{names:?}");
    assert!(names.contains(&"testheft-2026-3-html/index.html".to_string()), "{names:?}");
}

#[test]
fn missing_article_names_the_path_and_the_manifest_line() {
    let case = Case::new();
    case.edit("issue.toml", "\"articles/b.md\"]", "\"articles/b.md\", \"articles/fehlt.md\"]");
    let stderr = case.build_fails();
    assert_mentions(
        &stderr,
        &["articles/fehlt.md (no such file)", &at(&case, "issue.toml", 9, 47), "help: check the path"],
    );
}

#[test]
fn toml_syntax_error_in_the_manifest_has_line_and_column() {
    let case = Case::new();
    case.edit("issue.toml", "issue = \"Nr. 3/2026\"", "issue = \"Nr. 3/2026");
    let stderr = case.build_fails();
    assert_mentions(&stderr, &["failed to read issue.toml", &at(&case, "issue.toml", 2, 20), "help:"]);
}

#[test]
fn unknown_key_in_the_manifest_is_named_with_the_closest_key() {
    let case = Case::new();
    case.edit("issue.toml", "imprint =", "imprit =");
    let stderr = case.build_fails();
    assert_mentions(
        &stderr,
        &["unknown key `imprit` in issue.toml", &at(&case, "issue.toml", 5, 1), "did you mean `imprint`?"],
    );
}

#[test]
fn unknown_keys_in_yaml_and_toml_front_matter_are_named() {
    let case = Case::new();
    case.edit("articles/a.md", "kicker:", "kiker:");
    case.edit("articles/b.md", "lang =", "lnag =");
    let (code, stderr) = case.check();
    assert_eq!(code, Some(1), "{stderr}");
    assert_mentions(
        &stderr,
        &[
            "unknown key `kiker` in the front matter of articles/a.md",
            &at(&case, "articles/a.md", 3, 1),
            "did you mean `kicker`?",
            "unknown key `lnag` in the front matter of articles/b.md",
            &at(&case, "articles/b.md", 3, 1),
            "did you mean `lang`?",
        ],
    );
    case.build_fails();
}

#[test]
fn yaml_syntax_error_in_front_matter_names_file_and_line() {
    let case = Case::new();
    case.edit("articles/a.md", "kicker: Arbeit", "kicker: \"Arbeit");
    let stderr = case.build_fails();
    assert_mentions(&stderr, &["failed to read the front matter of articles/a.md", "articles/a.md:", "line 3"]);
}

#[test]
fn toml_syntax_error_in_front_matter_names_file_and_line() {
    let case = Case::new();
    case.edit("articles/b.md", "lang = \"en\"", "lang = en");
    let stderr = case.build_fails();
    assert_mentions(&stderr, &["failed to read the front matter of articles/b.md", &at(&case, "articles/b.md", 3, 8)]);
}

#[test]
fn front_matter_without_title_is_an_error() {
    let case = Case::new();
    case.edit("articles/a.md", "title: Der Streik\n", "");
    let stderr = case.build_fails();
    assert_mentions(
        &stderr,
        &["the front matter of articles/a.md has no `title`", &at(&case, "articles/a.md", 1, 1), "title: "],
    );
}

#[test]
fn required_manifest_field_missing_is_named() {
    let case = Case::new();
    case.edit("issue.toml", "date = 2026-03-01\n", "");
    let stderr = case.build_fails();
    assert_mentions(&stderr, &["issue.toml lacks the required key `date`", "add a line such as `date = "]);
}

#[test]
fn missing_image_names_article_and_image() {
    let case = Case::new();
    std::fs::remove_file(case.path("images/pic.png")).expect("remove");
    let stderr = case.build_fails();
    assert_mentions(
        &stderr,
        &["the image images/pic.png in articles/a.md (no such file)", &at(&case, "articles/a.md", 9, 1)],
    );
}

#[test]
fn image_that_is_a_folder_names_article_and_image() {
    let case = Case::new();
    std::fs::remove_file(case.path("images/pic.png")).expect("remove");
    std::fs::create_dir(case.path("images/pic.png")).expect("mkdir");
    let stderr = case.build_fails();
    assert_mentions(
        &stderr,
        &["the image images/pic.png in articles/a.md", "folder", &at(&case, "articles/a.md", 9, 1)],
    );
}

#[test]
fn image_behind_a_dangling_symlink_names_article_and_image() {
    let case = Case::new();
    std::fs::remove_file(case.path("images/pic.png")).expect("remove");
    std::os::unix::fs::symlink("gone.png", case.path("images/pic.png")).expect("symlink");
    let stderr = case.build_fails();
    assert_mentions(
        &stderr,
        &["the image images/pic.png in articles/a.md", "symbolic link", &at(&case, "articles/a.md", 9, 1)],
    );
}

#[test]
fn file_that_is_not_an_image_names_article_and_image() {
    let case = Case::new();
    case.write("images/pic.png", "<html>not a picture</html>");
    let stderr = case.build_fails();
    assert_mentions(
        &stderr,
        &["the image images/pic.png in articles/a.md (not a PNG, JPEG or GIF image)", "help: save the image again as"],
    );
}

#[test]
fn link_to_an_article_outside_the_issue_names_both_files() {
    let case = Case::new();
    case.write("articles/c.md", "---\ntitle: C\n---\nNot listed.\n");
    case.edit("articles/b.md", "(a.md)", "(c.md)");
    let stderr = case.build_fails();
    assert_mentions(
        &stderr,
        &[
            "articles/b.md links to articles/c.md, which is not an article of this issue",
            &at(&case, "articles/b.md", 6, 37),
        ],
    );
}

#[test]
fn links_to_missing_headings_name_the_link_and_the_headings_there_are() {
    let case = Case::new();
    case.edit("articles/a.md", "](b.md)", "](b.md#missing)");
    case.edit("articles/a.md", "und eine Fußnote.", "und [oben](#missing) eine Fußnote.");
    case.edit("articles/a.md", "[^1]: Die", "## Streik\n\n[^1]: Die");
    let (code, stderr) = case.check();
    assert_eq!(code, Some(1), "{stderr}");
    assert_mentions(
        &stderr,
        &[
            "the link to #missing points at no heading of articles/b.md",
            &at(&case, "articles/a.md", 7, 30),
            "help: articles/b.md has no headings; link to the article without `#…`",
            "the link to #missing points at no heading of articles/a.md",
            &at(&case, "articles/a.md", 7, 67),
            "help: the headings of articles/a.md are #streik",
            "2 error(s)",
        ],
    );
    case.build_fails();
}

#[test]
fn impossible_article_date_is_named_at_the_date_with_the_last_day_of_the_month() {
    let case = Case::new();
    case.edit("articles/a.md", "kicker: Arbeit\n", "kicker: Arbeit\ndate: 2026-02-31\n");
    let stderr = case.build_fails();
    assert_mentions(
        &stderr,
        &[
            "`date` in the front matter of articles/a.md is not a real date: February 2026 has 28 days",
            &at(&case, "articles/a.md", 4, 7),
            "help: write the date as YYYY-MM-DD, e.g. `date: 2026-02-28`",
        ],
    );
}

#[test]
fn date_written_as_a_number_is_named_at_the_date_with_what_to_write() {
    let case = Case::new();
    case.edit("articles/b.md", "lang = \"en\"\n", "lang = \"en\"\ndate = 20220112\n");
    case.edit("articles/a.md", "kicker: Arbeit\n", "kicker: Arbeit\ndate: 20220112\n");
    let stderr = case.build_fails();
    assert_mentions(
        &stderr,
        &[
            "`date` in the front matter of articles/a.md is a number, not a date",
            &at(&case, "articles/a.md", 4, 7),
            "help: write the date as YYYY-MM-DD, e.g. `date: 2022-01-12`",
            "`date` in the front matter of articles/b.md is a number, not a date",
            &at(&case, "articles/b.md", 4, 8),
            "help: write the date as YYYY-MM-DD, e.g. `date = 2022-01-12`",
        ],
    );
    assert!(!stderr.contains("untagged"), "{stderr}");
}

#[test]
fn impossible_manifest_date_is_named_at_the_date() {
    let case = Case::new();
    case.edit("issue.toml", "date = 2026-03-01", "date = \"2026-02-30\"");
    let stderr = case.build_fails();
    assert_mentions(
        &stderr,
        &[
            "`date` in issue.toml is not a real date: February 2026 has 28 days",
            &at(&case, "issue.toml", 3, 8),
            "help: write the date as YYYY-MM-DD, e.g. `date = 2026-02-28`",
        ],
    );
    // A bare TOML date is checked by the TOML parser, which points at the day.
    case.edit("issue.toml", "date = \"2026-02-30\"", "date = 2026-02-30");
    let stderr = case.build_fails();
    assert_mentions(
        &stderr,
        &[
            "failed to read issue.toml (invalid date-time: value is out of range)",
            &at(&case, "issue.toml", 3, 16),
            "help: write the date as YYYY-MM-DD with a day the month has",
        ],
    );
}

#[test]
fn invalid_utf8_in_the_manifest_names_line_and_byte() {
    let case = Case::new();
    let mut bytes = MANIFEST.as_bytes().to_vec();
    let at_byte = MANIFEST.find("Alles").expect("section title");
    bytes[at_byte + 1] = 0xFF;
    case.write("issue.toml", bytes);
    let stderr = case.build_fails();
    assert_mentions(
        &stderr,
        &[&format!("invalid UTF-8 at line 8 (byte offset {})", at_byte + 1), &at(&case, "issue.toml", 8, 11), "UTF-8"],
    );
}

#[test]
fn invalid_utf8_in_an_article_names_line_and_byte() {
    let case = Case::new();
    let mut text = ARTICLE_B.as_bytes().to_vec();
    text.extend_from_slice(b"\nLatin-1: Stra\xDFe\n");
    case.write("articles/b.md", &text);
    let stderr = case.build_fails();
    let offset = ARTICLE_B.len() + "\nLatin-1: Stra".len();
    assert_mentions(
        &stderr,
        &[
            &format!("articles/b.md: invalid UTF-8 at line 8 (byte offset {offset})"),
            &at(&case, "articles/b.md", 8, 14),
        ],
    );
}

#[test]
fn invalid_utf8_in_the_imprint_names_line_and_byte() {
    let case = Case::new();
    case.write("impressum.md", b"Impressum\n\nV.i.S.d.P.: M\xFCller\n");
    let stderr = case.build_fails();
    assert_mentions(
        &stderr,
        &["impressum.md: invalid UTF-8 at line 3 (byte offset 24)", &at(&case, "impressum.md", 3, 14)],
    );
}

#[test]
fn issue_without_articles_is_an_error() {
    let case = Case::new();
    case.edit("issue.toml", "articles = [\"articles/a.md\", \"articles/b.md\"]", "articles = []");
    let stderr = case.build_fails();
    assert_mentions(&stderr, &["has no articles", &at(&case, "issue.toml", 8, 9), "help:"]);
}

#[test]
fn article_listed_twice_names_both_lines() {
    let case = Case::new();
    case.write(
        "issue.toml",
        format!("{MANIFEST}\n[[sections]]\ntitle = \"Nochmal\"\narticles = [\"articles/./a.md\"]\n"),
    );
    let stderr = case.build_fails();
    assert_mentions(
        &stderr,
        &["the article articles/a.md is listed twice", &at(&case, "issue.toml", 13, 13), "already listed on line 9"],
    );
}

#[test]
fn article_paths_leaving_the_issue_folder_are_refused() {
    let case = Case::new();
    let outside = tempfile::tempdir().expect("temp dir");
    std::fs::write(outside.path().join("x.md"), "---\ntitle: Outside\n---\nSecret.\n").expect("write");
    std::os::unix::fs::symlink(outside.path().join("x.md"), case.path("articles/link.md")).expect("symlink");
    let absolute = outside.path().join("x.md").display().to_string();
    case.edit(
        "issue.toml",
        "\"articles/b.md\"]",
        &format!("\"articles/b.md\", \"../x.md\", \"{absolute}\", \"articles/link.md\"]"),
    );
    let (code, stderr) = case.check();
    assert_eq!(code, Some(1), "{stderr}");
    assert_mentions(
        &stderr,
        &[
            "the article path ../x.md leaves the issue folder",
            &format!("the article path {absolute} leaves the issue folder"),
            "failed to read the article articles/link.md (the path leads outside the issue folder)",
            &at(&case, "issue.toml", 9, 47),
        ],
    );
    assert!(!stderr.contains("Secret"), "{stderr}");
    case.build_fails();
}

#[test]
fn output_folder_that_is_a_file_is_an_io_error() {
    let case = Case::new();
    let file = case.out.path().join("testheft-2026-3.epub");
    let stderr = case.build_fails_into(&file, 2);
    assert_mentions(&stderr, &["the output folder", "is a file", "--out"]);
}

#[test]
fn output_folder_under_a_file_is_an_io_error() {
    let case = Case::new();
    let file = case.out.path().join("testheft-2026-3.pdf");
    let stderr = case.build_fails_into(&file.join("sub"), 2);
    assert_mentions(&stderr, &["cannot be created", "testheft-2026-3.pdf is a file"]);
    assert_eq!(snapshot(case.out.path()), *earlier_outputs());
}

#[test]
fn missing_issue_folder_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("nope");
    let result = heft().arg("check").arg(&missing).output().expect("runs");
    assert_eq!(result.status.code(), Some(2));
    assert_mentions(&String::from_utf8_lossy(&result.stderr), &["nope", "cannot be opened", "issue.toml"]);
}

#[test]
fn check_reports_three_errors_in_three_files_at_once() {
    let case = Case::new();
    case.edit("articles/a.md", "kicker:", "kiker:");
    case.edit("articles/b.md", "(a.md)", "(fehlt.md)");
    case.write("impressum.md", b"Impressum \xFF\n");
    let (code, stderr) = case.check();
    assert_eq!(code, Some(1), "{stderr}");
    assert_mentions(
        &stderr,
        &[
            "unknown key `kiker`",
            &at(&case, "articles/a.md", 3, 1),
            "articles/b.md links to articles/fehlt.md",
            &at(&case, "articles/b.md", 6, 37),
            "impressum.md: invalid UTF-8 at line 1",
            &at(&case, "impressum.md", 1, 11),
            "3 error(s)",
        ],
    );
    assert!(snapshot(case.issue.path()).keys().all(|p| !p.starts_with("out")), "check writes nothing");
}

#[test]
fn failed_rebuild_leaves_earlier_outputs_byte_identical() {
    let case = Case::new();
    let result = heft().arg("build").arg(case.issue.path()).arg("--out").arg(case.out.path()).output().expect("runs");
    assert!(result.status.success());
    let good = snapshot(case.out.path());
    case.edit("articles/a.md", "title: Der Streik\n", "");
    case.build_fails();
    assert_eq!(snapshot(case.out.path()), good);
}

#[test]
fn builds_are_byte_identical_across_copies_and_working_directories() {
    let first = tempfile::tempdir().expect("temp dir");
    let second = tempfile::tempdir().expect("temp dir");
    write_small_issue(first.path());
    write_small_issue(&second.path().join("elsewhere/deeper"));
    let out_a = tempfile::tempdir().expect("temp dir");
    let out_b = tempfile::tempdir().expect("temp dir");
    let run = |cwd: &Path, issue: &Path, out: &Path| {
        let result = heft()
            .current_dir(cwd)
            .env_remove("SOURCE_DATE_EPOCH")
            .arg("build")
            .arg(issue)
            .arg("--out")
            .arg(out)
            .output()
            .expect("runs");
        assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    };
    // Relative paths from one working directory, absolute ones from another.
    run(first.path(), Path::new("."), out_a.path());
    run(out_b.path(), &second.path().join("elsewhere/deeper"), out_b.path());
    let (a, b) = (snapshot(out_a.path()), snapshot(out_b.path()));
    for output in [".epub", "-print.pdf", "-html/index.html"] {
        assert!(a.keys().any(|name| name.to_string_lossy().ends_with(output)), "no *{output}: {:?}", a.keys());
    }
    assert!(a == b, "builds differ: {:?} vs {:?}", a.keys(), b.keys());
}

/// A case whose manifest ends with a `[print]` table holding `line` (on line 12).
fn printing(line: &str) -> Case {
    let case = Case::new();
    case.write("issue.toml", format!("{MANIFEST}\n[print]\n{line}\n"));
    case
}

#[test]
fn missing_output_profile_names_the_file_and_line() {
    let case = printing("output_profile = \"fogra51.icc\"");
    let stderr = case.build_fails();
    assert_mentions(
        &stderr,
        &["the output profile fogra51.icc cannot be read", &at(&case, "issue.toml", 12, 18), "help:"],
    );
}

#[test]
fn a_file_that_is_no_cmyk_output_profile_is_refused() {
    let case = printing("output_profile = \"images/pic.png\"");
    assert_mentions(&case.build_fails(), &["images/pic.png is not an ICC profile", &at(&case, "issue.toml", 12, 18)]);
    // The bundled sRGB profile is an ICC profile, but for a monitor, not a press.
    let srgb = std::fs::read(crate::common::root().join("icc/heft-srgb.icc")).expect("sRGB profile");
    let case = printing("output_profile = \"srgb.icc\"");
    case.write("srgb.icc", srgb);
    assert_mentions(
        &case.build_fails(),
        &["class `mntr`, not an output (`prtr`) profile", &at(&case, "issue.toml", 12, 18)],
    );
}

#[test]
fn negative_or_absurd_bleed_is_refused() {
    for (value, column) in [("-1", 12), ("25", 12)] {
        let case = printing(&format!("bleed_mm = {value}"));
        let stderr = case.build_fails();
        assert_mentions(
            &stderr,
            &[
                "`bleed_mm` in [print]",
                "outside the accepted range",
                &at(&case, "issue.toml", 12, column),
                "from 0 to 20 mm",
            ],
        );
    }
}

#[test]
fn unknown_binding_is_refused() {
    let case = printing("binding = \"spiral\"");
    let stderr = case.build_fails();
    assert_mentions(&stderr, &["unknown variant `spiral`", "saddle", "perfect", &at(&case, "issue.toml", 12, 11)]);
}

/// `heft check` on the case: must fail with input errors; returns stderr.
fn check_fails(case: &Case) -> String {
    let (code, stderr) = case.check();
    assert_eq!(code, Some(1), "{stderr}");
    stderr
}

#[test]
fn svg_images_are_refused_with_advice_to_convert() {
    let case = Case::new();
    let svg = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\">\
               <script>alert(2)</script><image href=\"file:///etc/passwd\"/></svg>\n";
    case.write("images/pic.png", svg);
    let stderr = case.build_fails();
    assert_mentions(
        &stderr,
        &["SVG images are not supported", &at(&case, "articles/a.md", 9, 1), "help: convert it to PNG"],
    );
    case.edit("issue.toml", "imprint =", "cover = \"images/pic.png\"\nimprint =");
    assert_mentions(
        &check_fails(&case),
        &["failed to use the cover image images/pic.png (SVG images are not supported)"],
    );
}

#[test]
fn a_truncated_png_is_an_error_in_check_and_build() {
    let case = Case::new();
    case.write("images/pic.png", &crate::bad_input::PNG[..50]);
    assert_mentions(&check_fails(&case), &["the image data is damaged", &at(&case, "articles/a.md", 9, 1)]);
    case.build_fails();
}

/// A PNG whose header says `width` × `height` grey pixels, with the first rows of data: the
/// size must be refused from the header, before any pixel is decoded.
fn big_png(width: u32, height: u32) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let row = vec![0u8; width as usize + 1];
    for _ in 0..height.min(16) {
        encoder.write_all(&row).unwrap();
    }
    let data = encoder.finish().unwrap();
    let chunk = |kind: &[u8], body: &[u8]| {
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(body);
        [&(body.len() as u32).to_be_bytes()[..], kind, body, &crc.sum().to_be_bytes()].concat()
    };
    let header = [&width.to_be_bytes()[..], &height.to_be_bytes(), &[8, 0, 0, 0, 0]].concat();
    [&b"\x89PNG\r\n\x1a\n"[..], &chunk(b"IHDR", &header), &chunk(b"IDAT", &data), &chunk(b"IEND", b"")].concat()
}

#[test]
fn an_image_of_too_many_pixels_is_refused_before_decoding() {
    let case = Case::new();
    case.write("images/pic.png", big_png(12_000, 12_000));
    let stderr = check_fails(&case);
    assert_mentions(&stderr, &["12000 × 12000 pixels, more than the limit of 25 megapixels", "help: scale it down"]);
}

#[test]
fn yaml_aliases_and_deep_nesting_in_front_matter_are_refused() {
    let case = Case::new();
    let long = "x".repeat(10_000);
    let aliases = vec!["*name"; 1000].join(", ");
    case.edit("articles/a.md", "authors: [Ada Muster]", &format!("subtitle: &name {long}\nauthors: [{aliases}]"));
    assert_mentions(&check_fails(&case), &["uses a YAML anchor or alias", &at(&case, "articles/a.md", 4, 11)]);
    case.edit(
        "articles/a.md",
        &format!("subtitle: &name {long}\nauthors: [{aliases}]"),
        &format!("authors: {}", "[".repeat(60_000)),
    );
    assert_mentions(&check_fails(&case), &["nests lists deeper than 16 levels", "articles/a.md:4:"]);
}

#[test]
fn unclosed_raw_html_is_an_error_not_lost_text() {
    let case = Case::new();
    case.edit("articles/a.md", "eine Fußnote.[^1]", "aus dem <title>-Element.\n\nDieser Absatz bleibt.[^1]");
    let stderr = check_fails(&case);
    assert_mentions(&stderr, &["<title> in articles/a.md is never closed", "articles/a.md:7:", "backticks"]);
    let case = Case::new();
    case.edit("articles/b.md", "A paragraph", "<!-- a note to self\n\nA paragraph");
    assert_mentions(
        &check_fails(&case),
        &["`<!--` in articles/b.md is never closed with `-->`", &at(&case, "articles/b.md", 6, 1)],
    );
}

#[test]
fn imprint_with_front_matter_is_refused() {
    let case = Case::new();
    case.write("impressum.md", "---\ntitle: Impressum\n---\nText\n");
    assert_mentions(
        &check_fails(&case),
        &["the imprint impressum.md starts with front matter", &at(&case, "impressum.md", 1, 1)],
    );
}

#[test]
fn a_byte_order_mark_never_reaches_the_outputs() {
    let case = Case::new();
    case.write("impressum.md", format!("\u{feff}{IMPRINT}"));
    case.write("articles/b.md", format!("\u{feff}{ARTICLE_B}"));
    let out = crate::common::build(case.issue.path());
    let epub = std::fs::read(crate::common::output(out.path(), "epub")).unwrap();
    for (name, text) in crate::hostile::xhtml_files(&epub) {
        assert!(!text.contains('\u{feff}'), "{name} holds a BOM");
    }
}

#[test]
fn titles_and_labels_without_visible_characters_are_errors_at_their_key() {
    let case = Case::new();
    case.edit("articles/a.md", "title: Der Streik", "title: \"\\u00AD\\u0001\"");
    case.edit("issue.toml", "issue = \"Nr. 3/2026\"", "issue = \"\\u0007\"\nidentifier = \"\\u0001\"");
    case.edit("issue.toml", "title = \"Alles\"", "title = \"\"");
    let stderr = check_fails(&case);
    assert_mentions(
        &stderr,
        &[
            "the `title` of articles/a.md holds no visible character",
            &at(&case, "articles/a.md", 2, 1),
            "`issue` in issue.toml is empty",
            &at(&case, "issue.toml", 2, 9),
            "`identifier` in issue.toml holds no visible character",
            "a section `title` in issue.toml is empty",
        ],
    );
}

#[test]
fn an_empty_link_keeps_its_text() {
    let case = Case::new();
    case.edit("articles/b.md", "A paragraph", "An [empty]() link. A paragraph");
    let (code, stderr) = case.check();
    assert_eq!(code, Some(0), "{stderr}");
    assert_mentions(&stderr, &["has no address; its text is kept"]);
}

#[test]
fn a_wrong_issue_language_is_reported_once() {
    let case = Case::new();
    case.edit("issue.toml", "language = \"de\"", "language = \"deutsch language\"");
    let stderr = check_fails(&case);
    assert_eq!(stderr.matches("error:").count(), 1, "{stderr}");
    assert_mentions(&stderr, &["`language` in issue.toml is not a language tag"]);
}

#[test]
fn a_single_author_may_be_written_without_brackets() {
    let case = Case::new();
    case.edit("articles/a.md", "authors: [Ada Muster]", "authors: Neil Faulkner");
    let (code, stderr) = case.check();
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn malformed_source_date_epoch_is_a_usage_error() {
    let case = Case::new();
    for value in ["abc", "-86400"] {
        let result = heft().arg("check").arg(case.issue.path()).env("SOURCE_DATE_EPOCH", value).output().unwrap();
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert_eq!(result.status.code(), Some(2), "{stderr}");
        assert_mentions(&stderr, &["SOURCE_DATE_EPOCH", "help:"]);
    }
}

#[test]
fn output_folder_that_is_a_dangling_symlink_is_named_as_such() {
    let case = Case::new();
    let links = tempfile::tempdir().unwrap();
    let out = links.path().join("out");
    std::os::unix::fs::symlink(links.path().join("gone"), &out).unwrap();
    let stderr = case.build_fails_into(&out, 2);
    assert_mentions(&stderr, &["is a symbolic link to nothing"]);
    assert!(!stderr.contains("os error"), "{stderr}");
}

#[test]
fn leftovers_of_a_killed_build_are_removed_by_the_next() {
    let case = Case::new();
    for name in [".testheft-2026-3.epub.4294967295.tmp", ".testheft-2026-3.pdf.4294967295.old"] {
        std::fs::write(case.out.path().join(name), b"half").unwrap();
    }
    let result = heft().arg("build").arg(case.issue.path()).arg("--out").arg(case.out.path()).output().unwrap();
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    let names: Vec<String> = snapshot(case.out.path()).keys().map(|p| p.display().to_string()).collect();
    assert!(names.iter().all(|name| !name.starts_with('.')), "{names:?}");
}

/// The small issue with `style = "house.toml"` and that style file.
fn house_case(style: &str) -> Case {
    let case = Case::new();
    case.edit("issue.toml", "language = \"de\"", "language = \"de\"\nstyle = \"stil/house.toml\"");
    case.write("stil/house.toml", style);
    case
}

#[test]
fn house_style_unknown_keys_and_wrong_types_name_the_style_file_line_and_column() {
    let case =
        house_case("extends = \"a4\"\nbody_sise = 9.0\n\n[margins]\nouterr = 20\n\n[print]\nbinding = \"geklebt\"\n");
    let stderr = case.build_fails();
    assert_mentions(
        &stderr,
        &[
            "unknown key `body_sise` in stil/house.toml",
            &at(&case, "stil/house.toml", 2, 1),
            "did you mean `body_size`?",
            "unknown key `outerr`",
            &at(&case, "stil/house.toml", 5, 1),
            "did you mean `outer`?",
            "unknown variant `geklebt`",
            &at(&case, "stil/house.toml", 8, 11),
        ],
    );
}

#[test]
fn bleed_figures_takes_true_or_false_and_a_misspelling_is_named_with_the_style_file_and_line() {
    let case = house_case("extends = \"a4\"\n\nbleed_figures = \"ja\"\n");
    assert_mentions(
        &case.build_fails(),
        &["stil/house.toml", "invalid type: string \"ja\", expected a boolean", &at(&case, "stil/house.toml", 3, 17)],
    );
    let case = house_case("extends = \"a4\"\nbleed_figure = true\n");
    assert_mentions(
        &case.build_fails(),
        &[
            "unknown key `bleed_figure` in stil/house.toml",
            &at(&case, "stil/house.toml", 2, 1),
            "did you mean `bleed_figures`?",
        ],
    );
}

#[test]
fn a_figure_marked_bleed_without_the_pixels_for_it_stays_in_the_type_area_with_a_warning() {
    let case = Case::new();
    case.edit("articles/a.md", "![Ein Bild](../images/pic.png)", "![Ein Bild](../images/pic.png){.bleed}");
    let (code, stderr) = case.check();
    assert_eq!(code, Some(0), "a warning, not an error:\n{stderr}");
    assert_mentions(
        &stderr,
        &[
            "image images/pic.png in \"Der Streik\" is marked `{.bleed}` but would print at",
            "ppi from edge to edge, below 150; it is set in the type area",
            "articles/a.md",
        ],
    );
}

#[test]
fn house_style_that_is_missing_or_extends_no_builtin_is_an_error_at_its_name() {
    let case = Case::new();
    case.edit("issue.toml", "language = \"de\"", "language = \"de\"\nstyle = \"haus.toml\"");
    let stderr = case.build_fails();
    assert_mentions(
        &stderr,
        &["failed to read the style file haus.toml (no such file)", &at(&case, "issue.toml", 5, 9)],
    );
    let case = house_case("extends = \"a6\"\n");
    assert_mentions(&case.build_fails(), &["names no built-in style: `a6`", &at(&case, "stil/house.toml", 1, 11)]);
}

#[test]
fn house_style_colours_that_are_not_colours_are_errors_at_line_and_column_with_a_hint() {
    let case = house_case(
        "extends = \"a4\"\n\n[colours]\nkicker = \"rot\"\nrules = { screen = \"#a3121f\", print = [0, 100, 120, 0] }\n",
    );
    let stderr = case.build_fails();
    assert_mentions(
        &stderr,
        &[
            "failed to read stil/house.toml (not a colour: \"rot\"",
            &at(&case, "stil/house.toml", 4, 10),
            "help: write \"#rrggbb\"",
        ],
    );
    let case =
        house_case("extends = \"a4\"\n\n[colours]\nrules = { screen = \"#a3121f\", print = [0, 100, 120, 0] }\n");
    assert_mentions(
        &case.build_fails(),
        &["not a colour: 120 is outside 0 to 100 percent", &at(&case, "stil/house.toml", 4, 9)],
    );
    let case = house_case("extends = \"a4\"\n[colours]\nkicker = [176, 0, 32]\n");
    assert_mentions(&case.build_fails(), &["invalid type: sequence", &at(&case, "stil/house.toml", 3, 10)]);
    let case = house_case("extends = \"a4\"\n[colours]\nkicke = \"#a3121f\"\n");
    assert_mentions(
        &case.build_fails(),
        &["unknown key `kicke`", &at(&case, "stil/house.toml", 3, 1), "did you mean `kicker`?"],
    );
}

#[test]
fn house_style_stylesheet_that_is_missing_is_an_error_in_the_style_file() {
    let case = house_case("extends = \"a5\"\n\ncss = \"fehlt.css\"\n");
    let stderr = case.build_fails();
    assert_mentions(&stderr, &["stil/fehlt.css (no such file)", &at(&case, "stil/house.toml", 3, 7)]);
}

#[test]
fn bad_lines_of_the_hyphenation_list_are_errors_at_line_and_column() {
    let case = Case::new();
    case.edit("issue.toml", "imprint = \"impressum.md\"", "imprint = \"impressum.md\"\nhyphenation = \"trennung.txt\"");
    case.write(
        "trennung.txt",
        "# Namen ohne Trennung\nLiebknecht\nTarif-aus-ein-an-der-set-zung\n  Streik--kasse\nU2-Bahn\n",
    );
    let stderr = check_fails(&case);
    assert_mentions(
        &stderr,
        &[
            "the hyphenation list has a hyphen with no letter before it",
            &at(&case, "trennung.txt", 4, 10),
            "the hyphenation list has \"2\", not a letter",
            &at(&case, "trennung.txt", 5, 2),
            "help: write one word a line",
        ],
    );
}

#[test]
fn a_missing_hyphenation_list_is_an_error_at_its_key() {
    let case = Case::new();
    case.edit("issue.toml", "imprint = \"impressum.md\"", "imprint = \"impressum.md\"\nhyphenation = \"fehlt.txt\"");
    assert_mentions(&check_fails(&case), &["fehlt.txt", &at(&case, "issue.toml", 6, 15)]);
}

/// A face of the house-fonts fixture (Linux Biolinum, OpenType/CFF), copied into a case.
fn with_font(case: &Case, relative: &str) {
    let bytes = std::fs::read(crate::common::fixture("house-fonts/fonts/LinBiolinum_R.otf")).expect("fixture font");
    case.write(relative, bytes);
}

#[test]
fn house_font_file_that_is_missing_is_an_error_at_its_style_key() {
    let case = house_case("extends = \"a5\"\n\n[fonts]\nbody = { regular = \"schrift/fehlt.otf\" }\n");
    let stderr = case.build_fails();
    assert_mentions(
        &stderr,
        &[
            "the font file `stil/schrift/fehlt.otf` does not exist",
            &at(&case, "stil/house.toml", 4, 20),
            "[fonts] body",
        ],
    );
}

#[test]
fn house_font_file_that_is_not_a_font_is_an_error_at_its_style_key() {
    let case = house_case("[fonts]\nheading = { regular = \"r.otf\", bold = \"b.otf\" }\n");
    with_font(&case, "stil/r.otf");
    case.write("stil/b.otf", "Das ist keine Schrift.\n");
    let stderr = case.build_fails();
    assert_mentions(
        &stderr,
        &[
            "`b.otf` is not a TrueType or OpenType font",
            &at(&case, "stil/house.toml", 2, 39),
            "name a .otf or .ttf file",
        ],
    );
    let (code, check) = case.check();
    assert_eq!(code, Some(1), "{check}");
    assert_mentions(&check, &["is not a TrueType or OpenType font"]);
}

#[test]
fn house_fonts_unknown_keys_and_a_family_without_regular_are_located() {
    let case =
        house_case("[fonts]\nbdy = { regular = \"r.otf\" }\nheading = { regular = \"r.otf\", fett = \"r.otf\" }\n");
    with_font(&case, "stil/r.otf");
    assert_mentions(
        &case.build_fails(),
        &[
            "unknown key `bdy`",
            &at(&case, "stil/house.toml", 2, 1),
            "did you mean `body`?",
            "unknown key `fett`",
            &at(&case, "stil/house.toml", 3, 32),
            "known keys: regular, italic, bold, bold_italic",
        ],
    );
    let case = house_case("[fonts]\nmono = { bold = \"r.otf\" }\n");
    assert_mentions(&case.build_fails(), &["lacks the required key `regular`", "stil/house.toml:2:8"]);
}

#[test]
fn a_house_family_lacking_a_style_the_text_uses_is_a_warning_at_its_style_key() {
    // The figure's caption is set in the heading family's italic, which the style does not give.
    let case = house_case("extends = \"a5\"\n\n[fonts]\nheading = { regular = \"r.otf\" }\n");
    with_font(&case, "stil/r.otf");
    let result = heft().arg("build").arg(case.issue.path()).arg("--out").arg(case.out.path()).output().expect("runs");
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "a warning, not an error:\n{stderr}");
    assert_mentions(
        &stderr,
        &[
            "`[fonts] heading` has no `italic` face, but the issue sets italic heading text",
            &at(&case, "stil/house.toml", 4, 11),
            "add `italic = ",
        ],
    );
    assert_eq!(stderr.matches("has no `italic` face").count(), 1, "one warning per family and style:\n{stderr}");
}

#[test]
fn a_weight_a_variable_font_does_not_have_is_an_error_at_its_style_key() {
    let case = house_case("[fonts]\nmono = { regular = { file = \"v.ttf\", weight = 1200 } }\n");
    let font = std::fs::read(crate::common::fixture("variable-font/HeftTestVariable.ttf")).expect("fixture font");
    case.write("stil/v.ttf", font);
    assert_mentions(
        &case.build_fails(),
        &[
            "weight 1200 is outside the font's range 100–900",
            &at(&case, "stil/house.toml", 2, 20),
            "inside the font's range",
        ],
    );
}
