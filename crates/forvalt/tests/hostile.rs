//! A hostile repository, built and served as CI builds a pull request: nothing is written
//! outside the output folder, nothing outside the repository or under `.git` is published or
//! served, no page can run a script, and one absurd page never takes the site down. Each
//! test is named for the class of attack it covers.

mod common;

use common::{forvalt, git, write};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Every file below `dir` with its bytes (links as their target), for before/after checks.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let t = e.file_type().unwrap();
            if t.is_symlink() {
                let target = std::fs::read_link(&p).unwrap();
                out.insert(p, target.to_string_lossy().as_bytes().to_vec());
            } else if t.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.clone(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// Every file the site holds, as text.
fn site_text(out: &Path) -> Vec<(PathBuf, String)> {
    snapshot(out)
        .into_iter()
        .map(|(p, b)| (p, String::from_utf8_lossy(&b).into_owned()))
        .collect()
}

/// A git repository with a start page, committed.
fn repository(tmp: &Path) -> PathBuf {
    let repo = tmp.join("repo");
    write(
        &repo,
        "_config.yml",
        "title: Fjendtlig\nlang: da\nbaseurl: /fjendtlig\n",
    );
    write(
        &repo,
        "index.md",
        "---\ntitle: Forside\n---\n# Forside\n\nStyregruppen mødes den 4. juni 2026.\n",
    );
    git(&repo, &["init", "-q", "-b", "main"], None);
    git(&repo, &["config", "core.fsmonitor", "false"], None);
    git(&repo, &["add", "-A"], None);
    git(
        &repo,
        &["commit", "-q", "-m", "Start"],
        Some("2026-06-01T10:00:00+02:00"),
    );
    repo
}

#[test]
fn write_through_a_committed_link_into_git_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = repository(tmp.path());
    std::fs::create_dir(repo.join("_site")).unwrap();
    symlink("../.git", repo.join("_site/g")).unwrap();
    let before = snapshot(&repo.join(".git"));
    // The default output folder, as in docs/ci.md.
    forvalt()
        .current_dir(&repo)
        .args(["build", "-q"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("symbolic link"));
    assert_eq!(snapshot(&repo.join(".git")), before, ".git was written");
    // The output folder itself a link into .git, or inside .git: refused too.
    symlink(".git", repo.join("ud")).unwrap();
    forvalt()
        .current_dir(&repo)
        .args(["build", "-q", "--out", "ud"])
        .assert()
        .code(2);
    forvalt()
        .args(["build", "-q", "--out"])
        .arg(repo.join(".git/site"))
        .arg(&repo)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(".git"));
    assert_eq!(snapshot(&repo.join(".git")), before, ".git was written");
}

#[test]
fn links_out_of_the_repository_or_into_git_are_never_published() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = repository(tmp.path());
    std::fs::write(tmp.path().join("hemmelig.md"), "# TOKEN-UDENFOR-4711\n").unwrap();
    std::fs::write(repo.join(".git/forvalt-token"), "TOKEN-I-GIT-4712").unwrap();
    std::fs::create_dir_all(repo.join("docs")).unwrap();
    symlink("../.git/config", repo.join("docs/x.txt")).unwrap();
    symlink("../.git/forvalt-token", repo.join("docs/token.md")).unwrap();
    symlink("../../hemmelig.md", repo.join("docs/hemmelig.md")).unwrap();
    symlink("/etc/passwd", repo.join("docs/passwd.txt")).unwrap();
    symlink("../..", repo.join("docs/op")).unwrap();
    symlink("../.git", repo.join("git")).unwrap();
    let out = tmp.path().join("site");
    let run = forvalt()
        .args(["build", "--out"])
        .arg(&out)
        .arg(&repo)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(out.join("index.html").is_file(), "{stderr}");
    for (path, text) in site_text(&out) {
        for secret in [
            "TOKEN-UDENFOR-4711",
            "TOKEN-I-GIT-4712",
            "root:x:0",
            "[core]",
        ] {
            assert!(
                !text.contains(secret),
                "{secret} published in {}",
                path.display()
            );
        }
    }
    for code in ["files::link-into-git", "files::link-outside"] {
        assert!(stderr.contains(code), "{code} not reported:\n{stderr}");
    }
    // `check` reports the links too.
    let check = forvalt()
        .arg("check")
        .arg(&repo)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&check.stdout).into_owned()
        + &String::from_utf8_lossy(&check.stderr);
    assert!(report.contains("files::link-outside"), "{report}");
    assert!(report.contains("docs/passwd.txt"), "{report}");
}

#[test]
fn script_addresses_and_raw_scripts_never_reach_a_page() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = repository(tmp.path());
    common::xss_pages(&repo);
    let out = tmp.path().join("site");
    let run = forvalt()
        .args(["build", "--out"])
        .arg(&out)
        .arg(&repo)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(out.join("index.html").is_file(), "{stderr}");
    for (path, text) in site_text(&out) {
        if path.extension().is_some_and(|e| e == "html") {
            if let Some(tag) = tag_with_script(&text) {
                panic!("a tag that can run a script in {}: {tag}", path.display());
            }
            assert!(
                text.contains("Content-Security-Policy"),
                "{}",
                path.display()
            );
        }
    }
    for code in [
        "frontmatter::permalink",
        "site::html-removed",
        "links::unsafe-url",
    ] {
        assert!(stderr.contains(code), "{code} not reported:\n{stderr}");
    }
}

/// The first start tag in `html` (escaped text is not a tag) with an event handler, a script
/// address or a `<script>` element without `src`.
fn tag_with_script(html: &str) -> Option<String> {
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let after = &rest[i + 1..];
        let end = after.find('>').unwrap_or(after.len());
        let tag = after[..end].to_ascii_lowercase();
        rest = &after[end..];
        if !tag.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let handler = tag
            .split(|c: char| c.is_ascii_whitespace() || c == '/')
            .skip(1)
            .any(|a| a.starts_with("on") && a.contains('='));
        let address = ["javascript:", "vbscript:", "data:text/html"]
            .iter()
            .any(|s| {
                ["=\"", "='", "="]
                    .iter()
                    .any(|q| tag.contains(&format!("{q}{s}")) || tag.contains(&format!("{q} {s}")))
            });
        let inline_script =
            (tag == "script" || tag.starts_with("script ")) && !tag.contains("src=");
        if handler || address || inline_script {
            return Some(tag);
        }
    }
    None
}

#[test]
fn one_absurd_page_never_takes_the_site_down() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = repository(tmp.path());
    write(
        &repo,
        "_includes/selv.html",
        "før {% include selv.html %} efter",
    );
    write(&repo, "_includes/a.html", "{% include b.html %}");
    write(&repo, "_includes/b.html", "{% include a.html %}");
    write(
        &repo,
        "selv.md",
        "---\ntitle: Selv\n---\n{% include selv.html %}\n",
    );
    write(
        &repo,
        "ring.md",
        "---\ntitle: Ring\n---\n{% include a.html %}\n",
    );
    write(&repo, "dyb.md", &(">".repeat(50_000) + " dybt\n"));
    let n = 2000;
    let mut table = format!("{}|\n{}|\n", "| h ".repeat(n), "|---".repeat(n));
    for _ in 0..n {
        table.push_str("| x |\n");
    }
    write(&repo, "tabel.md", &table);
    write(
        &repo,
        "nul.md",
        "---\ntitle: Nul\npermalink: \"/a\\u0000b/\"\n---\n# Nul\n",
    );
    write(
        &repo,
        "fil.md",
        "---\ntitle: Fil\npermalink: /x.html\n---\n",
    );
    write(
        &repo,
        "mappe.md",
        "---\ntitle: Mappe\npermalink: /x.html/y/\n---\n",
    );
    let long_title = "Referat ".repeat(130_000);
    write(
        &repo,
        "lang.md",
        &format!("---\ntitle: {long_title}\n---\nTekst\n"),
    );
    for i in 0..40 {
        write(&repo, &format!("side-{i:02}.md"), &format!("# Side {i}\n"));
    }
    let out = tmp.path().join("site");
    let started = Instant::now();
    let run = forvalt()
        .args(["build", "--out"])
        .arg(&out)
        .arg(&repo)
        .env("NO_COLOR", "1")
        .timeout(Duration::from_secs(300))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        run.status.code().is_some_and(|c| c <= 1),
        "the build failed as a whole ({:?}):\n{}",
        run.status,
        &stderr[..stderr.len().min(4000)]
    );
    for page in [
        "index.html",
        "side-00.html",
        "side-39.html",
        "dyb.html",
        "tabel.html",
        "selv.html",
        "ring.html",
        "x.html",
        "nul.html",
    ] {
        assert!(
            out.join(page).is_file(),
            "{page} missing:\n{}",
            &stderr[..stderr.len().min(4000)]
        );
    }
    for code in [
        "site::too-complex",
        "site::same-address",
        "frontmatter::permalink",
        "frontmatter::title-too-long",
    ] {
        assert!(stderr.contains(code), "{code} not reported");
    }
    assert!(
        stderr.contains("mappe.md") && stderr.contains("fil.md"),
        "the conflict names both files"
    );
    // A 1 MB title is not copied into every page.
    let size: usize = site_text(&out).iter().map(|(_, t)| t.len()).sum();
    assert!(size < 20_000_000, "the site is {size} bytes");
    assert!(started.elapsed() < Duration::from_secs(240));
}

/// `forvalt serve`, killed at the end of the test.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(port: u16, path: &str) -> Option<(u16, Vec<u8>)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).ok()?;
    let head_end = buf.windows(4).position(|w| w == b"\r\n\r\n")?;
    let status = String::from_utf8_lossy(&buf[..head_end])
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some((status, buf[head_end + 4..].to_vec()))
}

fn wait_for(port: u16, path: &str, want: impl Fn(u16, &[u8]) -> bool) -> bool {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(120) {
        if let Some((status, body)) = get(port, path)
            && want(status, &body)
        {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

#[test]
fn serve_survives_hostile_edits_and_serves_nothing_outside() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = repository(tmp.path());
    write(&repo, "docs/bilag.txt", "Bilag til referatet\n");
    write(
        &repo,
        "docs/side.md",
        "---\ntitle: Side\n---\n# Side\n\nFørste udgave.\n",
    );
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(env!("CARGO_BIN_EXE_forvalt"))
        .arg("serve")
        .arg(&repo)
        .args(["--port", &port.to_string(), "-q"])
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut server = Server(child);
    assert!(wait_for(port, "/fjendtlig/docs/bilag.txt", |s, b| s == 200
        && b.starts_with(b"Bilag")));
    // A served file swapped for a link to /etc/passwd, and one to .git.
    std::fs::remove_file(repo.join("docs/bilag.txt")).unwrap();
    symlink("/etc/passwd", repo.join("docs/bilag.txt")).unwrap();
    symlink("../.git/config", repo.join("docs/config.txt")).unwrap();
    std::thread::sleep(Duration::from_millis(800));
    for path in [
        "/fjendtlig/docs/bilag.txt",
        "/fjendtlig/docs/config.txt",
        "/fjendtlig/../../etc/passwd",
        "/fjendtlig/%2e%2e/%2e%2e/etc/passwd",
        "/fjendtlig/.git/config",
    ] {
        if let Some((_, body)) = get(port, path) {
            let body = String::from_utf8_lossy(&body);
            assert!(
                !body.contains("root:x:0") && !body.contains("[core]"),
                "{path} served a secret"
            );
        }
    }
    // A page made to include itself: the server keeps serving.
    write(&repo, "_includes/selv.html", "{% include selv.html %}");
    write(
        &repo,
        "docs/side.md",
        "---\ntitle: Side\n---\n# Side\n\n{% include selv.html %}\n\nAnden udgave.\n",
    );
    std::thread::sleep(Duration::from_millis(1500));
    assert!(server.0.try_wait().unwrap().is_none(), "serve stopped");
    assert!(
        wait_for(port, "/fjendtlig/", |s, _| s == 200),
        "serve no longer answers"
    );
    // And it picks up the next good edit.
    write(
        &repo,
        "docs/side.md",
        "---\ntitle: Side\n---\n# Side\n\nTredje udgave.\n",
    );
    assert!(wait_for(port, "/fjendtlig/docs/side.html", |s, b| s == 200
        && String::from_utf8_lossy(b).contains("Tredje udgave")));
    assert!(server.0.try_wait().unwrap().is_none(), "serve stopped");
    drop(server);
}
