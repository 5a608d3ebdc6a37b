//! `heft watch` and incremental rebuilds: an edit rebuilds the outputs, an error is reported and
//! leaves the last good outputs, and a rebuild that reuses laid-out articles writes exactly the
//! bytes of a full build.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use heft::{compile, render_observed, Options, RenderCache, RenderOptions};

use crate::common;

/// A running `heft watch … --message-format json` and the JSON lines it printed so far.
struct Watching {
    child: Child,
    lines: Arc<Mutex<Vec<serde_json::Value>>>,
}

impl Watching {
    fn start(issue: &Path, out: &Path) -> Watching {
        Watching::start_with(issue, out, &[])
    }

    fn start_with(issue: &Path, out: &Path, flags: &[&str]) -> Watching {
        let mut child = common::heft()
            .args(["watch", "--message-format", "json"])
            .arg(issue)
            .arg("--out")
            .arg(out)
            .args(flags)
            .env("SOURCE_DATE_EPOCH", "1769860800")
            .stderr(Stdio::piped())
            .spawn()
            .expect("heft watch starts");
        let stderr = child.stderr.take().expect("piped");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&lines);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let value = serde_json::from_str(&line).unwrap_or_else(|_| panic!("not a JSON line: {line}"));
                sink.lock().unwrap().push(value);
            }
        });
        Watching { child, lines }
    }

    /// The summaries printed so far (one per build).
    fn summaries(&self) -> Vec<serde_json::Value> {
        self.lines.lock().unwrap().iter().filter(|l| l["type"] == "summary").cloned().collect()
    }

    /// Waits for a build after the first `done` ones that ended with `status` ("ok", "failed");
    /// returns how many builds there have been up to it. (A save caught half-way may give one
    /// more build in between.)
    fn await_build(&self, done: usize, status: &str) -> usize {
        let what = format!("a build with status {status} after build {done} of heft watch");
        wait_until(&what, || self.summaries().iter().skip(done).position(|s| s["status"] == status)) + done + 1
    }

    /// The address `--serve` printed.
    fn url(&self) -> String {
        wait_until("the address of heft watch --serve", || {
            let lines = self.lines.lock().unwrap();
            lines.iter().find(|l| l["type"] == "serving").map(|l| l["url"].as_str().unwrap().to_string())
        })
    }

    fn diagnostics(&self) -> Vec<serde_json::Value> {
        self.lines.lock().unwrap().iter().filter(|l| l["type"] == "diagnostic").cloned().collect()
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `probe` until it gives a value; panics after a generous time (the machine may be busy).
fn wait_until<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        if let Some(value) = probe() {
            return value;
        }
        assert!(Instant::now() < deadline, "gave up waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Every output file (the HTML edition's files too), by path under `out`.
fn outputs(out: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut folders = vec![out.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("out folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("output");
                files.push((path.strip_prefix(out).expect("below out").to_path_buf(), bytes));
            }
        }
    }
    files.sort();
    files
}

/// Replaces the first `from` by `to` and saves the file as many editors do: a hidden temporary
/// file renamed over it, so that the watch never sees it half-written.
fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).expect("article");
    assert!(text.contains(from), "{} has no {from:?}", file.display());
    let temporary = file.with_file_name(".heft-test-save.tmp");
    std::fs::write(&temporary, text.replacen(from, to, 1)).expect("edit");
    std::fs::rename(&temporary, file).expect("save");
}

#[test]
fn watch_rebuilds_on_an_edit_and_keeps_the_last_good_outputs_after_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let (issue, out) = (dir.path().join("issue"), dir.path().join("out"));
    common::copy_dir(&common::sample(), &issue);
    let watching = Watching::start(&issue, &out);
    let built = watching.await_build(0, "ok");
    assert_eq!(watching.summaries()[0]["command"], "watch");
    let before = outputs(&out);
    assert!(before.iter().any(|(p, _)| p.extension().is_some_and(|e| e == "epub")), "{before:?}");

    let article = issue.join("articles/docks.md");
    edit(&article, "People Do.", "People Do. Wasserstandsmeldung.");
    let built = watching.await_build(built, "ok");
    let after = outputs(&out);
    assert!(before != after, "the outputs changed");
    let page = after.iter().find(|(p, bytes)| {
        p.extension().is_some_and(|e| e == "html") && String::from_utf8_lossy(bytes).contains("Wasserstandsmeldung")
    });
    assert!(page.is_some(), "the edited title is on a page of the HTML edition");

    edit(&article, "kicker: Letter", "kiker: Letter");
    let built = watching.await_build(built, "failed");
    let reported = watching.diagnostics();
    let error = reported.iter().find(|d| d["severity"] == "error" && d["message"].as_str().unwrap().contains("kiker"));
    let error = error.unwrap_or_else(|| panic!("the error is reported: {reported:?}"));
    assert!(error["file"].as_str().unwrap().ends_with("articles/docks.md"), "{error}");
    assert_eq!(error["line"], 3);
    assert!(outputs(&out) == after, "the last good outputs stay in place");

    // The watch goes on: fixing the error builds again.
    edit(&article, "kiker: Letter", "kicker: Letter");
    watching.await_build(built, "ok");
}

#[test]
fn a_rebuild_reusing_unchanged_articles_writes_the_bytes_of_a_full_build() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&common::sample(), dir.path());
    let options = Options { style: None, source_date_epoch: Some(1_769_860_800) };
    let loader = heft::source::DiskLoader::new(dir.path());
    let mut cache = RenderCache::default();
    let silent = heft::progress::Silent;
    let first = compile(&loader, &options).issue.expect("the sample builds");
    render_observed(&first, &RenderOptions::all(), Some(&mut cache), &silent).expect("renders");
    let articles = first.print_edition().articles.len();
    assert_eq!(cache.articles.last_count().laid_out, articles);

    let edits = [
        // A longer paragraph in one article: its pages change, and every later page number too.
        ("mieten.md", "\n\n".to_string(), format!("\n\n{}\n\n", "Ein Satz mehr. ".repeat(80))),
        // A word in another article and a letter no page had before: every glyph code may move.
        ("docks.md", "smells of toast".to_string(), "smells of toast, Ωmega".to_string()),
        // A word with letters the issue has: only that article's pages are painted anew.
        ("pflege.md", "\n\n".to_string(), "\n\nNoch ein Satz.\n\n".to_string()),
    ];
    for (file, from, to) in &edits {
        edit(&dir.path().join("articles").join(file), from, to);
        let edited = compile(&loader, &options).issue.expect("still builds");
        let incremental = render_observed(&edited, &RenderOptions::all(), Some(&mut cache), &silent).expect("renders");
        let count = cache.articles.last_count();
        assert_eq!((count.laid_out, count.reused), (1, articles - 1), "{file}: only it is laid out anew");
        // A full build in a process of its own, where no cache of any kind was ever switched on.
        let built = common::build(dir.path());
        let full = outputs(built.path());
        let rebuilt = rendered_files(&incremental, &edited.slug);
        assert_eq!(rebuilt.len(), full.len(), "{file}: the same files");
        for ((path, bytes), (full_path, full_bytes)) in rebuilt.iter().zip(&full) {
            assert_eq!(path, full_path, "{file}: the same files");
            assert!(bytes == full_bytes, "{file}: {} as heft build writes it", path.display());
        }
    }
}

/// The files `heft build` writes for these outputs, by path under the output folder.
fn rendered_files(rendered: &heft::Rendered, slug: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> =
        rendered.files(slug).into_iter().map(|(name, bytes)| (PathBuf::from(name), bytes.to_vec())).collect();
    let site = Path::new(&heft::Rendered::site_folder(slug)).to_path_buf();
    let html = rendered.html.as_ref().expect("the HTML edition");
    files.extend(html.files.iter().map(|(name, bytes)| (site.join(name), bytes.clone())));
    files.sort();
    files
}

/// GET over plain HTTP/1.1 on 127.0.0.1: the status line and the body.
fn get(url: &str, path: &str) -> (String, String) {
    let address = url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = std::net::TcpStream::connect(address).expect("the server answers");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").expect("a head and a body");
    (head.lines().next().unwrap_or("").to_string(), body.to_string())
}

#[test]
fn serve_gives_the_html_edition_with_live_reload() {
    let dir = tempfile::tempdir().unwrap();
    let (issue, out) = (dir.path().join("issue"), dir.path().join("out"));
    common::copy_dir(&common::root().join("issues/field-notes"), &issue);
    let watching = Watching::start_with(&issue, &out, &["--format", "html", "--serve", "--port", "0"]);
    let url = watching.url();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let built = watching.await_build(0, "ok");
    let (status, index) = get(&url, "/");
    assert!(status.contains("200") && index.contains("<html") && index.contains("/__heft/build"), "{status}");
    // The counter of good builds moves right after the summary is printed.
    wait_until("build 1 served", || (get(&url, "/__heft/build").1 == "1").then_some(()));
    assert!(get(&url, "/../issue.toml").0.contains("404"));

    let article = std::fs::read_dir(issue.join("articles")).unwrap().next().unwrap().unwrap().path();
    edit(&article, "\n\n", "\n\nA sentence added while serving.\n\n");
    watching.await_build(built, "ok");
    wait_until("a new build number served, so that pages polling it reload", || {
        (get(&url, "/__heft/build").1 != "1").then_some(())
    });
    let page = wait_until("the new sentence served", || {
        let site =
            std::fs::read_dir(&out).ok()?.flatten().find(|e| e.file_name().to_string_lossy().ends_with("-html"))?;
        let pages = std::fs::read_dir(site.path()).ok()?;
        let names: Vec<String> = pages.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
        names.iter().map(|name| get(&url, &format!("/{name}")).1).find(|body| body.contains("added while serving"))
    });
    assert!(page.contains("/__heft/build"), "the page has the reload script");
}
