//! The project's files: a loader (disk, or memory in tests) and the table of text sources that
//! diagnostics point into.

use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};

/// Index of a text file in the `Sources` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub usize);

/// Reads files of an issue by their path relative to the issue folder.
pub trait Loader: Sync {
    fn read(&self, path: &str) -> io::Result<Vec<u8>>;
}

/// Reads from an issue folder on disk; refuses paths that leave it (also through symlinks).
pub struct DiskLoader {
    root: PathBuf,
}

impl DiskLoader {
    pub fn new(root: impl Into<PathBuf>) -> DiskLoader {
        DiskLoader { root: root.into() }
    }
}

impl Loader for DiskLoader {
    fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        let root = self.root.canonicalize()?;
        let full = self.root.join(path);
        let resolved = match full.canonicalize() {
            Ok(resolved) => resolved,
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                if full.symlink_metadata().is_ok_and(|m| m.is_symlink()) {
                    return Err(Refusal::DanglingLink.into());
                }
                same_name_normalised(&full).ok_or(err)?.canonicalize()?
            }
            Err(err) => return Err(err),
        };
        if !resolved.starts_with(&root) {
            return Err(Refusal::OutsideIssue.into());
        }
        let kind = std::fs::metadata(&resolved)?.file_type();
        if kind.is_dir() {
            return Err(Refusal::Folder.into());
        }
        // A named pipe or device would block or never end: only regular files are read.
        if !kind.is_file() {
            return Err(Refusal::NotRegular.into());
        }
        std::fs::read(resolved)
    }
}

/// The entry of `path`'s folder whose name equals `path`'s file name in Unicode NFC: macOS and
/// some editors store "ä" decomposed (NFD) while the manifest has it composed, or the other way
/// round, and both look the same to the editor.
fn same_name_normalised(path: &Path) -> Option<PathBuf> {
    use unicode_normalization::UnicodeNormalization;
    let wanted: String = path.file_name()?.to_str()?.nfc().collect();
    let folder = path.parent()?;
    let folder = if folder.exists() { folder.to_path_buf() } else { same_name_normalised(folder)? };
    std::fs::read_dir(&folder).ok()?.flatten().map(|entry| entry.path()).find(|candidate| {
        candidate.file_name().and_then(|n| n.to_str()).is_some_and(|name| name.nfc().collect::<String>() == wanted)
    })
}

/// Why `DiskLoader` will not read a path, carried inside its `io::Error` so that callers can tell
/// the cases apart by type rather than by message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum Refusal {
    #[error("a symbolic link to a file that does not exist")]
    DanglingLink,
    #[error("the path leads outside the issue folder")]
    OutsideIssue,
    #[error("is a folder, not a file")]
    Folder,
    #[error("is not a regular file")]
    NotRegular,
}

impl Refusal {
    /// The refusal behind an error a loader returned, if it is one.
    pub(crate) fn of(err: &io::Error) -> Option<Refusal> {
        err.get_ref()?.downcast_ref::<Refusal>().copied()
    }
}

impl From<Refusal> for io::Error {
    fn from(refusal: Refusal) -> io::Error {
        let kind = match refusal {
            Refusal::DanglingLink => io::ErrorKind::NotFound,
            Refusal::OutsideIssue => io::ErrorKind::PermissionDenied,
            Refusal::Folder | Refusal::NotRegular => io::ErrorKind::InvalidInput,
        };
        io::Error::new(kind, refusal)
    }
}

/// Files held in memory, for tests and fuzzing.
#[derive(Default)]
pub struct MemoryLoader {
    files: BTreeMap<String, Vec<u8>>,
}

impl MemoryLoader {
    pub fn new() -> MemoryLoader {
        MemoryLoader::default()
    }

    pub fn with(mut self, path: &str, bytes: impl Into<Vec<u8>>) -> MemoryLoader {
        self.files.insert(path.to_string(), bytes.into());
        self
    }
}

impl Loader for MemoryLoader {
    fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        self.files.get(path).cloned().ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such file"))
    }
}

/// A text file read for the issue: its path (relative to the issue folder) and content.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
}

/// Every text file read, so that diagnostics can show lines and columns.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub files: Vec<SourceFile>,
}

impl Sources {
    pub fn add(&mut self, path: &str, text: String) -> FileId {
        self.files.push(SourceFile { path: path.to_string(), text });
        FileId(self.files.len() - 1)
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0]
    }

    /// 1-based line and column of a byte offset.
    pub fn line_col(&self, id: FileId, offset: usize) -> (usize, usize) {
        let text = &self.get(id).text;
        let offset = offset.min(text.len());
        let before = &text[..floor_char_boundary(text, offset)];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, column)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Joins a path written in a file (relative to that file's folder) onto that folder and
/// normalises it; `None` when it is absolute or climbs out of the issue folder.
pub(crate) fn resolve_relative(base_dir: &str, path: &str) -> Option<String> {
    if path.starts_with('/') || path.starts_with('\\') || Path::new(path).is_absolute() {
        return None;
    }
    let mut parts: Vec<String> = Vec::new();
    let joined = Path::new(base_dir).join(path);
    for component in joined.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(parts.join("/"))
}

/// The folder part of a relative path ("articles/a.md" → "articles").
pub(crate) fn parent_dir(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Where a file stops being UTF-8: the text decoded with U+FFFD replacements (for showing the
/// line), the byte offset of the first bad byte, and its 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Utf8Problem {
    pub(crate) lossy: String,
    pub(crate) offset: usize,
    pub(crate) line: usize,
}

impl Utf8Problem {
    /// "invalid UTF-8 at line L (byte offset B)".
    pub(crate) fn message(&self) -> String {
        format!("invalid UTF-8 at line {} (byte offset {})", self.line, self.offset)
    }

    /// The replacement character standing for the bad byte(s) in `lossy`. The text before the
    /// first bad byte is the same in both, so the offset carries over.
    pub(crate) fn range(&self) -> std::ops::Range<usize> {
        let end = self.lossy[self.offset..].chars().next().map_or(self.offset, |c| self.offset + c.len_utf8());
        self.offset..end
    }
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes UTF-8 or says where it is not. A byte order mark at the start is dropped: it is no
/// text, and kept it would reach the outputs as an invisible U+FEFF. Offsets count from after it.
pub(crate) fn decode(mut bytes: Vec<u8>) -> Result<String, Utf8Problem> {
    if bytes.starts_with(UTF8_BOM) {
        bytes.drain(..UTF8_BOM.len());
    }
    String::from_utf8(bytes).map_err(|err| {
        let offset = err.utf8_error().valid_up_to();
        let bytes = err.as_bytes();
        let line = bytes[..offset].iter().filter(|b| **b == b'\n').count() + 1;
        Utf8Problem { lossy: String::from_utf8_lossy(bytes).into_owned(), offset, line }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_stay_inside() {
        assert_eq!(resolve_relative("articles", "b.md").as_deref(), Some("articles/b.md"));
        assert_eq!(resolve_relative("articles", "../images/x.png").as_deref(), Some("images/x.png"));
        assert_eq!(resolve_relative("", "../x.md"), None);
        assert_eq!(resolve_relative("articles", "/etc/passwd"), None);
        assert_eq!(resolve_relative("articles", "../../x.md"), None);
    }

    #[test]
    fn invalid_utf8_names_line_and_offset() {
        let problem = decode(b"ok\nbad \xff here".to_vec()).unwrap_err();
        assert_eq!(problem.message(), "invalid UTF-8 at line 2 (byte offset 7)");
        assert_eq!(&problem.lossy[problem.range()], "\u{FFFD}");
    }

    #[test]
    fn a_byte_order_mark_is_dropped() {
        assert_eq!(decode(b"\xEF\xBB\xBFImpressum".to_vec()).unwrap(), "Impressum");
        assert_eq!(decode("a\u{feff}b".into()).unwrap(), "a\u{feff}b");
    }

    #[test]
    fn line_and_column() {
        let mut sources = Sources::default();
        let id = sources.add("a.md", "ab\ncdé\nf".into());
        assert_eq!(sources.line_col(id, 0), (1, 1));
        assert_eq!(sources.line_col(id, 5), (2, 3));
        assert_eq!(sources.line_col(id, 8), (3, 1));
    }

    #[test]
    fn only_regular_files_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let status = std::process::Command::new("mkfifo").arg(dir.path().join("pipe.md")).status().unwrap();
        assert!(status.success());
        let err = DiskLoader::new(dir.path()).read("pipe.md").unwrap_err();
        assert_eq!(err.to_string(), "is not a regular file");
    }

    #[test]
    fn file_names_match_in_either_unicode_normal_form() {
        let dir = tempfile::tempdir().unwrap();
        // On disk decomposed ("a" + combining diaeresis), asked for composed, and the reverse.
        std::fs::create_dir(dir.path().join("Ba\u{308}cker")).unwrap();
        std::fs::write(dir.path().join("Ba\u{308}cker/Gru\u{308}n.md"), b"x").unwrap();
        std::fs::write(dir.path().join("K\u{f6}ln.md"), b"y").unwrap();
        let loader = DiskLoader::new(dir.path());
        assert_eq!(loader.read("B\u{e4}cker/Gr\u{fc}n.md").unwrap(), b"x");
        assert_eq!(loader.read("Ko\u{308}ln.md").unwrap(), b"y");
        assert_eq!(loader.read("Koln.md").unwrap_err().kind(), io::ErrorKind::NotFound);
    }
}
