//! `heft watch --serve`: the HTML edition over HTTP on 127.0.0.1, with live reload. Every page
//! gets a small script that asks `/__heft/build` for the number of the last good build and
//! reloads when it changes, as mdBook's `serve` does (by polling, so no WebSocket is needed).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// The path the live-reload script polls.
const BUILD_PATH: &str = "/__heft/build";

/// Injected before `</body>` of every HTML page served.
const RELOAD_SCRIPT: &str = "<script>(function(){var seen=null;function poll(){fetch('/__heft/build',\
{cache:'no-store'}).then(function(r){return r.text()}).then(function(n){if(seen!==null&&n!==seen)\
{location.reload()}seen=n}).catch(function(){}).finally(function(){setTimeout(poll,500)})}poll()})();</script>";

/// The number of the last good build, shared by the watch loop and the server.
#[derive(Debug, Clone, Default)]
pub(super) struct BuildCounter(Arc<AtomicU64>);

impl BuildCounter {
    pub(super) fn built(&self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }

    fn get(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// Binds 127.0.0.1:`port` and serves the HTML edition under `out` on a thread of its own.
pub(super) fn start(port: u16, out: &Path, builds: BuildCounter) -> std::io::Result<u16> {
    let listener = TcpListener::bind(("127.0.0.1", port))?;
    let port = listener.local_addr()?.port();
    let out = out.to_path_buf();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (out, builds) = (out.clone(), builds.clone());
            std::thread::spawn(move || answer(stream, &out, &builds));
        }
    });
    Ok(port)
}

/// Answers one request (GET or HEAD); anything else is refused.
fn answer(mut stream: TcpStream, out: &Path, builds: &BuildCounter) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(&stream);
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    // The headers are read and ignored: nothing in them changes the answer.
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let mut parts = request.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let path = target.split(['?', '#']).next().unwrap_or("");
    let response = match method {
        "GET" | "HEAD" if path == BUILD_PATH => {
            Response::ok("text/plain; charset=utf-8", builds.get().to_string().into())
        }
        "GET" | "HEAD" => site_file(out, path),
        _ => Response::status("405 Method Not Allowed"),
    };
    let _ = response.send(&mut stream, method == "HEAD");
}

struct Response {
    status: &'static str,
    content_type: &'static str,
    body: Vec<u8>,
}

impl Response {
    fn ok(content_type: &'static str, body: Vec<u8>) -> Response {
        Response { status: "200 OK", content_type, body }
    }

    fn status(status: &'static str) -> Response {
        Response { status, content_type: "text/plain; charset=utf-8", body: status.as_bytes().to_vec() }
    }

    fn send(&self, stream: &mut TcpStream, head_only: bool) -> std::io::Result<()> {
        let head = format!(
            "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
            self.status,
            self.content_type,
            self.body.len()
        );
        stream.write_all(head.as_bytes())?;
        if !head_only {
            stream.write_all(&self.body)?;
        }
        stream.flush()
    }
}

/// A file of the HTML edition (`/` is its index), HTML pages with the reload script.
fn site_file(out: &Path, path: &str) -> Response {
    let Some(site) = site_folder(out) else { return Response::status("503 Service Unavailable") };
    let Some(file) = inside(&site, path) else { return Response::status("404 Not Found") };
    let file = if file.is_dir() { file.join("index.html") } else { file };
    let Ok(bytes) = std::fs::read(&file) else { return Response::status("404 Not Found") };
    let content_type = content_type(&file);
    if content_type.starts_with("text/html") {
        return Response::ok(content_type, with_reload_script(&bytes));
    }
    Response::ok(content_type, bytes)
}

/// The HTML edition's folder in `out` (`NAME-html`), once a build has written it.
fn site_folder(out: &Path) -> Option<PathBuf> {
    let mut folders: Vec<PathBuf> = std::fs::read_dir(out)
        .ok()?
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_dir() && path.file_name().is_some_and(|n| n.to_string_lossy().ends_with("-html")))
        .collect();
    folders.sort();
    folders.pop()
}

/// The file a URL path names below `site`; `None` for a path that would leave it.
fn inside(site: &Path, path: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8().ok()?;
    let relative = Path::new(decoded.trim_start_matches('/'));
    relative.components().all(|c| matches!(c, Component::Normal(_))).then(|| site.join(relative))
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "xml" => "application/atom+xml",
        "js" => "text/javascript",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "woff2" => "font/woff2",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

fn with_reload_script(page: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(page);
    match text.rfind("</body>") {
        Some(at) => format!("{}{RELOAD_SCRIPT}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{RELOAD_SCRIPT}").into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_site() {
        let site = Path::new("/srv/x-html");
        assert_eq!(inside(site, "/a01.html"), Some(site.join("a01.html")));
        assert_eq!(inside(site, "/images/a%20b.png"), Some(site.join("images/a b.png")));
        assert_eq!(inside(site, "/"), Some(site.to_path_buf()));
        assert_eq!(inside(site, "/../secret"), None);
        assert_eq!(inside(site, "/%2e%2e/secret"), None);
    }

    #[test]
    fn pages_get_the_reload_script_before_the_body_ends() {
        let page = with_reload_script(b"<html><body><p>x</p></body></html>");
        let text = String::from_utf8(page).unwrap();
        assert!(text.ends_with("</script></body></html>") && text.contains(BUILD_PATH), "{text}");
    }
}
