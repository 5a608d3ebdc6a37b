//! The editor's workflow around `build`: `heft new`.

use crate::common;

#[test]
fn heft_new_writes_an_issue_that_builds_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let issue = dir.path().join("ausgabe");
    let result = common::heft().arg("new").arg(&issue).output().unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{stderr}");
    assert!(stderr.contains("heft build"), "it prints the next commands: {stderr}");
    let (out, stderr) = common::build_with_stderr(&issue);
    // The one warning is the print PDF's padding to a multiple of 4 pages.
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.starts_with("warning")).collect();
    assert!(warnings.len() == 1 && warnings[0].contains("blank page(s) added"), "{stderr}");
    let names: Vec<String> =
        std::fs::read_dir(out.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().any(|n| n.ends_with(".epub")) && names.iter().any(|n| n.ends_with(".pdf")), "{names:?}");
    // A second run finds the files and writes nothing.
    std::fs::write(issue.join("impressum.md"), "edited").unwrap();
    let again = common::heft().arg("new").arg(&issue).output().unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already holds"));
    assert_eq!(std::fs::read_to_string(issue.join("impressum.md")).unwrap(), "edited");
}
