//! The editor's workflow around `build`: `heft new`, `--version`, completions, quiet and JSON messages.

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

#[test]
fn version_and_shell_completions() {
    let version = common::heft().arg("--version").output().unwrap();
    assert!(version.status.success());
    assert_eq!(String::from_utf8_lossy(&version.stdout).trim(), format!("heft {}", env!("CARGO_PKG_VERSION")));
    for (shell, marker) in [("bash", "_heft()"), ("zsh", "#compdef heft"), ("fish", "complete -c heft")] {
        let script = common::heft().args(["completions", shell]).output().unwrap();
        let text = String::from_utf8_lossy(&script.stdout);
        assert!(script.status.success() && text.contains(marker), "{shell}: {text}");
        assert!(text.contains("watch") && text.contains("message-format"), "{shell} completes the commands and flags");
    }
}

#[test]
fn in_a_pipe_a_build_prints_only_diagnostics() {
    let (_out, stderr) = common::build_with_stderr(&common::root().join("issues/field-notes"));
    assert!(!stderr.contains("wrote") && !stderr.contains("built in"), "{stderr}");
    let quiet = common::heft().arg("check").arg(common::sample()).arg("--quiet").output().unwrap();
    assert!(quiet.status.success());
    assert!(!String::from_utf8_lossy(&quiet.stderr).contains(": ok ("), "no status line with --quiet");
}

#[test]
fn message_format_json_prints_one_object_per_line() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&common::sample(), dir.path());
    let article = dir.path().join("articles/docks.md");
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(&article, text.replacen("kicker:", "kiker:", 1)).unwrap();
    let out = tempfile::tempdir().unwrap();
    let result = common::heft()
        .args(["build", "--message-format", "json"])
        .arg(dir.path())
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&result.stderr)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line}")))
        .collect();
    let unknown = lines.iter().find(|l| l["message"].as_str().is_some_and(|m| m.contains("kiker"))).unwrap();
    assert_eq!((unknown["type"].as_str(), unknown["severity"].as_str()), (Some("diagnostic"), Some("error")));
    assert!(unknown["file"].as_str().unwrap().ends_with("articles/docks.md"));
    assert_eq!((unknown["line"].as_u64(), unknown["column"].as_u64()), (Some(3), Some(1)));
    assert!(unknown["hints"][0].as_str().unwrap().contains("kicker"), "{unknown}");
    let summary = lines.last().unwrap();
    assert_eq!((summary["type"].as_str(), summary["status"].as_str()), (Some("summary"), Some("failed")));
    assert_eq!(summary["command"], "build");
}

#[test]
fn verbose_reports_lines_set_ragged_at_their_place() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&common::root().join("issues/field-notes"), dir.path());
    let article = dir.path().join("articles/walks.md");
    let text = std::fs::read_to_string(&article).unwrap();
    // An address whose last part fills most of a line: the line before it cannot justify.
    let url = "https://eastbrook.example.org/walks/bookings/dawnchoruswalkfifteenplacesonlyplease";
    std::fs::write(&article, format!("{text}\nBook at <{url}> today.\n")).unwrap();
    let line = text.lines().count() + 2;
    let run = |args: &[&str]| {
        let out = tempfile::tempdir().unwrap();
        let result = common::heft()
            .args(args)
            .arg(dir.path())
            .args(["--format", "pdf", "--out"])
            .arg(out.path())
            .output()
            .unwrap();
        assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
        String::from_utf8_lossy(&result.stderr).into_owned()
    };
    let quiet = run(&["build"]);
    assert!(!quiet.contains("note") && !quiet.contains("ragged"), "notes only with --verbose: {quiet}");
    let verbose = run(&["build", "--verbose"]);
    assert!(verbose.contains("note: a justified line was set ragged"), "{verbose}");
    assert!(verbose.contains(&format!("walks.md:{line}:")), "the note names the line of the address: {verbose}");
    let json = run(&["build", "--verbose", "--message-format", "json"]);
    let note = json.lines().find(|l| l.contains(r#""severity":"note""#)).unwrap_or_else(|| panic!("{json}"));
    assert!(note.contains(&format!(r#""line":{line}"#)), "{note}");
    let warnings =
        |stderr: &str| stderr.lines().last().and_then(|l| l.split(r#""warnings":"#).nth(1)).map(str::to_owned);
    let without = run(&["build", "--message-format", "json"]);
    assert_eq!(warnings(&json), warnings(&without), "a note is not a warning: {json}");
    let check = common::heft().args(["check", "--verbose"]).arg(dir.path()).output().unwrap();
    assert!(String::from_utf8_lossy(&check.stderr).contains("set ragged"), "heft check --verbose reports them too");
}
