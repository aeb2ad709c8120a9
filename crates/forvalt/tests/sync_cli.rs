//! `forvalt sync github` against a local server on 127.0.0.1 that replays recorded GitHub
//! REST answers (`fixtures/github`): the cache it writes, a second run that writes nothing,
//! failures that keep the old cache, and the site built from the cache.

mod common;

use common::{forvalt, workspace};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// What the replayed GitHub answers: `normal`, or a rate limit for every request.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Normal,
    RateLimited,
}

/// The requests the server got: path and headers.
type Log = Arc<Mutex<Vec<(String, HashMap<String, String>)>>>;

struct Server {
    base: String,
    mode: Arc<Mutex<Mode>>,
    log: Log,
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        workspace()
            .join("crates/forvalt/tests/fixtures/github")
            .join(name),
    )
    .unwrap_or_else(|_| "[]".into())
}

/// GitHub for `os2skolekoersel/governance`, from the recorded answers.
fn answer(
    path: &str,
    headers: &HashMap<String, String>,
    mode: Mode,
    base: &str,
) -> (u16, Vec<(String, String)>, String) {
    if mode == Mode::RateLimited {
        return (
            403,
            vec![
                ("X-RateLimit-Remaining".into(), "0".into()),
                ("X-RateLimit-Reset".into(), "1780563600".into()),
                ("Date".into(), "Thu, 04 Jun 2026 08:00:00 GMT".into()),
            ],
            "{\"message\": \"API rate limit exceeded for 127.0.0.1.\"}".into(),
        );
    }
    let repo = "/repos/os2skolekoersel/governance";
    if path == format!("{repo}/issues?state=all&sort=updated&direction=desc&per_page=100") {
        let etag = "W/\"9f3c2a\"".to_string();
        if headers.get("if-none-match") == Some(&etag) {
            return (304, vec![("ETag".into(), etag)], String::new());
        }
        let next = format!(
            "<{base}/repositories/77/issues?state=all&sort=updated&direction=desc&per_page=100&page=2>; rel=\"next\""
        );
        return (
            200,
            vec![("ETag".into(), etag), ("Link".into(), next)],
            fixture("issues-1.json"),
        );
    }
    if path == "/repositories/77/issues?state=all&sort=updated&direction=desc&per_page=100&page=2" {
        return (200, vec![], fixture("issues-2.json"));
    }
    for (kind, file) in [("comments", "comments"), ("events", "events")] {
        if let Some(rest) = path.strip_prefix(&format!("{repo}/issues/"))
            && let Some(n) = rest.strip_suffix(&format!("/{kind}?per_page=100"))
        {
            return (200, vec![], fixture(&format!("{file}-{n}.json")));
        }
    }
    (404, vec![], "{\"message\": \"Not Found\"}".into())
}

fn serve() -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let mode = Arc::new(Mutex::new(Mode::Normal));
    let log = Arc::new(Mutex::new(Vec::new()));
    let (m, l, b) = (mode.clone(), log.clone(), base.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let path = line.split(' ').nth(1).unwrap_or("").to_string();
            let mut headers = HashMap::new();
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
                    break;
                }
                if let Some((k, v)) = h.split_once(':') {
                    headers.insert(k.trim().to_lowercase(), v.trim().to_string());
                }
            }
            l.lock().unwrap().push((path.clone(), headers.clone()));
            let mode = *m.lock().unwrap();
            let (status, extra, body) = answer(&path, &headers, mode, &b);
            let mut out = format!(
                "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
                body.len()
            );
            for (k, v) in extra {
                out.push_str(&format!("{k}: {v}\r\n"));
            }
            out.push_str("\r\n");
            out.push_str(&body);
            let _ = stream.write_all(out.as_bytes());
        }
    });
    Server { base, mode, log }
}

fn sync(root: &Path, server: &Server) -> assert_cmd::assert::Assert {
    forvalt()
        .args(["sync", "github"])
        .arg(root)
        .env_remove("GITHUB_TOKEN")
        .env_remove("GH_TOKEN")
        .env("GITHUB_REPOSITORY", "os2skolekoersel/governance")
        .env("GITHUB_API_URL", &server.base)
        .assert()
}

#[test]
fn issues_are_synced_into_the_cache_and_a_second_run_writes_nothing() {
    let server = serve();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("_config.yml"),
        "title: OS2skolekørsel\nlang: da\n",
    )
    .unwrap();
    std::fs::write(
        root.join("index.md"),
        "# OS2skolekørsel\n\nProduktforvaltning.\n",
    )
    .unwrap();
    let out = sync(root, &server).success();
    let said = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        said.contains("3 issues of os2skolekoersel/governance"),
        "{said}"
    );
    assert!(said.contains("wrote .github/issues.json"), "{said}");
    let cache = root.join(".github/issues.json");
    let text = std::fs::read_to_string(&cache).unwrap();
    let issues: serde_json::Value = serde_json::from_str(&text).unwrap();
    let numbers: Vec<u64> = issues
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["number"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [3, 9, 11], "the pull request is left out");
    let nine = &issues[1];
    assert_eq!(nine["state"], "OPEN");
    assert_eq!(nine["comments"].as_array().unwrap().len(), 2);
    assert_eq!(nine["comments"][1]["author"]["login"], "lise-horsens");
    assert_eq!(
        nine["events"].as_array().unwrap().len(),
        5,
        "subscribed and milestoned left out"
    );
    assert_eq!(nine["milestone"]["title"], "Version 3.2");
    assert_eq!(issues[2]["stateReason"], "COMPLETED");
    // The site shows the decision's and the change request's pages with their discussion.
    let site = dir.path().join("_site-ud");
    forvalt()
        .args(["build", "-q", "--today", "2026-06-15", "--out"])
        .arg(&site)
        .arg(root)
        .assert()
        .success();
    let nine = std::fs::read_to_string(site.join("forvaltning/sager/9.html")).unwrap();
    assert!(nine.contains("Horsens vil gerne bidrage med 40.000 kr."));
    assert!(!nine.contains("<script>alert"));
    assert!(nine.contains(
        "modtaget <time datetime=\"2026-03-03\">3. marts 2026</time> → under evaluering"
    ));
    let eleven = std::fs::read_to_string(site.join("forvaltning/sager/11.html")).unwrap();
    assert!(eleven.contains("Vedtaget på styregruppemødet 4. juni 2026."));
    std::fs::remove_dir_all(&site).unwrap();
    // Anonymous: no token was sent.
    assert!(
        server
            .log
            .lock()
            .unwrap()
            .iter()
            .all(|(_, h)| !h.contains_key("authorization"))
    );

    // The second run asks once, with the ETag, and writes nothing.
    let modified = std::fs::metadata(&cache).unwrap().modified().unwrap();
    let before = server.log.lock().unwrap().len();
    let out = sync(root, &server).success();
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("nothing changed"));
    let log = server.log.lock().unwrap();
    assert_eq!(log.len() - before, 1);
    assert_eq!(
        log[before].1.get("if-none-match").map(String::as_str),
        Some("W/\"9f3c2a\"")
    );
    drop(log);
    assert_eq!(
        std::fs::metadata(&cache).unwrap().modified().unwrap(),
        modified
    );
    assert_eq!(std::fs::read_to_string(&cache).unwrap(), text);

    // A cache changed since (by hand, or by `git pull`): the ETag no longer holds for it,
    // so the list is read again and the cache written as GitHub has it.
    std::fs::write(&cache, text.replace("Version 3.2", "Version 9")).unwrap();
    let out = sync(root, &server).success();
    assert!(
        String::from_utf8_lossy(&out.get_output().stderr).contains("wrote .github/issues.json")
    );
    assert_eq!(std::fs::read_to_string(&cache).unwrap(), text);

    // A rate limit: a clear message, and the cache as it was.
    std::fs::remove_file(root.join(".github/issues-sync.json")).unwrap();
    *server.mode.lock().unwrap() = Mode::RateLimited;
    let out = sync(root, &server).code(2);
    let said = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(said.contains("rate limit is used up"), "{said}");
    assert!(said.contains("GITHUB_TOKEN"), "{said}");
    assert!(said.contains("resets at 2026-06-04 09:00 UTC"), "{said}");
    assert!(said.contains("left as it was"), "{said}");
    assert_eq!(std::fs::read_to_string(&cache).unwrap(), text);
}

#[test]
fn the_repository_and_the_cache_path_are_checked() {
    let server = serve();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // A cache that is no issue list is not written over.
    std::fs::create_dir_all(root.join(".github")).unwrap();
    std::fs::write(root.join(".github/issues.json"), "{\"ikke\": \"en liste\"}").unwrap();
    let out = sync(root, &server).code(2);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("is not an issue cache"));
    assert_eq!(
        std::fs::read_to_string(root.join(".github/issues.json")).unwrap(),
        "{\"ikke\": \"en liste\"}"
    );
    // _config.yml cannot point the cache out of the repository.
    std::fs::write(
        root.join("_config.yml"),
        "forvalt:\n  records:\n    issues: ../../udenfor.json\n",
    )
    .unwrap();
    let out = sync(root, &server).code(2);
    assert!(
        String::from_utf8_lossy(&out.get_output().stderr)
            .contains("must be a .json file inside the repository")
    );
    // A name that is no OWNER/NAME.
    let out = forvalt()
        .args(["sync", "github", "--repo", "../etc"])
        .arg(root)
        .env("GITHUB_API_URL", &server.base)
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("not a repository name"));
}
