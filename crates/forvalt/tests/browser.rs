//! The website of `forvalt serve` in a real browser: serves the example repository and runs
//! the browser end-to-end tests (`tests/browser/e2e.mjs`: menu, search, roadmap SVG, dark
//! mode, narrow layout, no third-party requests, axe-core accessibility checks) against it.
//!
//! Needs Node.js, Chromium and the tests' npm packages. Without them the test is skipped
//! (loudly), unless `CI` is set: then it fails.

#![allow(
    clippy::print_stderr,
    reason = "the browser tests' output must be shown"
)]

mod common;

use std::fs::File;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const INSTALL: &str =
    "apt-get install -y chromium nodejs npm poppler-utils && npm ci --prefix tests/browser";

/// How long the server may take to build the site and answer.
const SERVER_START: Duration = Duration::from_secs(180);
/// How long the whole browser run may take.
const BROWSER_RUN: Duration = Duration::from_secs(900);

fn workspace() -> PathBuf {
    Path::new(
        &std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_string()),
    )
    .ancestors()
    .nth(2)
    .expect("the crate lies two levels below the workspace")
    .to_path_buf()
}

/// What is missing to run the browser tests, if anything.
fn missing(root: &Path) -> Vec<String> {
    let mut missing = Vec::new();
    match Command::new("node").arg("--version").output() {
        Ok(out) if out.status.success() => {
            let version = String::from_utf8_lossy(&out.stdout).trim().to_string();
            let major: u32 = version
                .trim_start_matches('v')
                .split('.')
                .next()
                .and_then(|m| m.parse().ok())
                .unwrap_or(0);
            if major < 18 {
                missing.push(format!("Node.js 18 or newer (found {version})"));
            }
        }
        _ => missing.push("`node` (Node.js 18 or newer) on PATH".to_string()),
    }
    let chromium = chromium();
    if !chromium.is_file() {
        missing.push(format!("Chromium at {}", chromium.display()));
    }
    // The PDF a roadmap's download draws is read back with poppler's tools.
    for tool in ["pdftoppm", "pdftotext", "pdfinfo"] {
        let found = Command::new(tool)
            .arg("-v")
            .output()
            .is_ok_and(|o| o.status.success() || !o.stderr.is_empty());
        if !found {
            missing.push(format!("`{tool}` (Debian's poppler-utils)"));
        }
    }
    let modules = root.join("tests/browser/node_modules");
    for package in ["playwright-core", "axe-core"] {
        if !modules.join(package).join("package.json").is_file() {
            missing.push(format!(
                "the npm package {package} in {}",
                modules.display()
            ));
        }
    }
    missing
}

fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

/// A port nobody listens on (free when asked; the server binds it right after).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("cannot find a free port")
        .port()
}

/// The server process: killed when the test ends, however it ends.
struct Server {
    child: Child,
    log: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Waits for the "Serving … at URL" line and a 200 answer from that address.
    fn wait_ready(&mut self, port: u16) -> String {
        let started = Instant::now();
        let mut url = None;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "`forvalt serve` stopped ({status}) before answering:\n{}",
                    self.log()
                );
            }
            if url.is_none() {
                url = self
                    .log()
                    .lines()
                    .filter(|l| l.starts_with("Serving "))
                    .find_map(|l| l.rfind(" at http://").map(|i| &l[i + 4..]))
                    .and_then(|rest| rest.split_whitespace().next())
                    .map(str::to_string);
            }
            if let Some(u) = &url
                && http_status(port, path_of(u)) == Some(200)
            {
                return u.clone();
            }
            assert!(
                started.elapsed() < SERVER_START,
                "`forvalt serve` did not answer on port {port} within {} s:\n{}",
                SERVER_START.as_secs(),
                self.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// The path of an `http://host:port/path` address.
fn path_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.find('/').map_or("/", |i| &rest[i..])
}

/// The status code of `GET path` on 127.0.0.1:port, if it answers.
fn http_status(port: u16, path: &str) -> Option<u16> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut head = [0u8; 64];
    let n = stream.read(&mut head).ok()?;
    let line = String::from_utf8_lossy(&head[..n]);
    line.split_whitespace().nth(1)?.parse().ok()
}

/// One browser run at a time: each starts Chromium, and the machine may have two cores.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Serves `repo` and runs the browser script `script` (relative to the workspace) against
/// it; skipped (loudly) when Node.js, Chromium or the npm packages are missing, unless `CI`
/// is set.
fn run_browser(repo: &Path, script: &str) {
    let _one = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let root = workspace();
    let missing = missing(&root);
    if !missing.is_empty() {
        let message = format!(
            "the browser tests need {}.\n    Install them (Debian/Ubuntu, from the workspace root):\n        {INSTALL}",
            missing.join(", ")
        );
        if std::env::var_os("CI").is_some() {
            panic!("CI is set and {message}");
        }
        // Straight to stderr, not `eprintln!`: the test harness would swallow that.
        let _ = writeln!(
            std::io::stderr(),
            "\n==================================================================\n\
             SKIPPED: browser end-to-end tests ({script}): {message}\n\
             =================================================================="
        );
        return;
    }

    let logs = tempfile::tempdir().expect("cannot create a temporary folder");
    let log = logs.path().join("serve.log");
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_forvalt"))
        .arg("serve")
        .arg(repo)
        .args(["--port", &port.to_string(), "--today", "2026-06-15", "-q"])
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(File::create(&log).expect("cannot create the server log"))
        .spawn()
        .expect("cannot start `forvalt serve`");
    let mut server = Server { child, log };
    let url = server.wait_ready(port);

    // Output to files, not pipes: a long report must not block the browser run.
    let out_path = logs.path().join("e2e.out");
    let out = File::create(&out_path).expect("cannot create the output file");
    let err = out.try_clone().expect("cannot share the output file");
    let mut node = Command::new("node")
        .arg(script)
        .current_dir(&root)
        .env("FORVALT_URL", &url)
        .env("CHROMIUM", chromium())
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .expect("cannot start node");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = node.try_wait().expect("cannot wait for node") {
            break Some(status);
        }
        if started.elapsed() > BROWSER_RUN {
            let _ = node.kill();
            let _ = node.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let output = std::fs::read_to_string(&out_path).unwrap_or_default();
    eprintln!("{output}");
    drop(server);
    match status {
        None => panic!(
            "the browser tests did not finish within {} s",
            BROWSER_RUN.as_secs()
        ),
        Some(s) => assert!(
            s.success(),
            "the browser tests failed ({s}) against {url}; their output is above.\n\
             Run them alone: forvalt serve {} --port 4123 --today 2026-06-15 -q \
             and FORVALT_URL={url} node {script}",
            repo.display()
        ),
    }
}

#[test]
fn the_served_site_works_in_a_browser() {
    run_browser(
        &workspace().join("examples/os2skolekoersel"),
        "tests/browser/e2e.mjs",
    );
}

#[test]
fn no_script_runs_on_any_page_of_a_hostile_site() {
    let tmp = tempfile::tempdir().expect("cannot create a temporary folder");
    let repo = tmp.path().join("repo");
    common::write(
        &repo,
        "index.md",
        "---\ntitle: Forside\n---\n# Forside\n\nSe [rå HTML](docs/raa-html.md).\n",
    );
    common::xss_pages(&repo);
    run_browser(&repo, "tests/browser/xss.mjs");
}
