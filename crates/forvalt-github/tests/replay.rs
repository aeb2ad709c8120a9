//! Syncs against a local server on 127.0.0.1 that answers as GitHub's REST API does:
//! several pages, pull requests mixed in, comments, events, an ETag round trip, a rate
//! limit and a 502 before success.

use forvalt_github::{Config, Error, State, sync};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// An answer: status, headers, body.
type Reply = (u16, Vec<(String, String)>, String);
/// Path and query, request headers (lower-case names), how often this path was asked before.
type Handler = dyn Fn(&str, &HashMap<String, String>, usize) -> Reply + Send + Sync;

/// Serves `handler` on 127.0.0.1; returns the base address and the log of requests (path and
/// the headers).
/// The requests a server got: path and headers.
type Log = Arc<Mutex<Vec<(String, HashMap<String, String>)>>>;

fn serve(handler: Arc<Handler>) -> (String, Log) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let log = Arc::new(Mutex::new(Vec::new()));
    let seen = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() {
                continue;
            }
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
            let n = {
                let mut l = seen.lock().unwrap();
                let n = l.iter().filter(|(p, _)| *p == path).count();
                l.push((path.clone(), headers.clone()));
                n
            };
            let (status, extra, body) = handler(&path, &headers, n);
            let mut out = format!(
                "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\nContent-Type: application/json\r\n",
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
    (base, log)
}

fn issue(number: u64, title: &str, labels: &[&str], updated: &str, comments: u64) -> String {
    let labels: Vec<String> = labels
        .iter()
        .map(|l| format!("{{\"name\": \"{l}\", \"color\": \"ededed\"}}"))
        .collect();
    format!(
        r###"{{"number": {number}, "title": "{title}", "body": "## Beskrivelse\r\n\r\nKørselsplanerne skal kunne hentes som PDF.", "labels": [{}], "state": "open", "state_reason": null, "html_url": "https://github.com/os2test/governance/issues/{number}", "created_at": "2026-03-03T09:00:00Z", "updated_at": "{updated}", "closed_at": null, "user": {{"login": "anne-k"}}, "assignees": [{{"login": "jonas-h"}}], "milestone": {{"title": "Version 3.2", "due_on": "2026-09-30T07:00:00Z"}}, "comments": {comments}, "author_association": "MEMBER"}}"###,
        labels.join(", ")
    )
}

fn pull_request(number: u64) -> String {
    format!(
        r#"{{"number": {number}, "title": "Ret stavefejl", "body": null, "labels": [], "state": "closed", "html_url": "https://github.com/os2test/governance/pull/{number}", "created_at": "2026-04-01T09:00:00Z", "updated_at": "2026-04-02T09:00:00Z", "comments": 0, "pull_request": {{"url": "x"}}}}"#
    )
}

fn no_wait(_: Duration) {}

/// The GitHub of these tests: issue 2's update time comes from `updated2`.
fn github(updated2: Arc<Mutex<String>>) -> Arc<Handler> {
    Arc::new(
        move |path: &str, headers: &HashMap<String, String>, n: usize| {
            let base = headers
                .get("host")
                .map(|h| format!("http://{h}"))
                .unwrap_or_default();
            let list = "/repos/os2test/governance/issues?state=all&sort=updated&direction=desc&per_page=100";
            let u2 = updated2.lock().unwrap().clone();
            let etag = format!("W/\"liste-{u2}\"");
            if path == list {
                if headers.get("if-none-match") == Some(&etag) {
                    return (304, vec![("ETag".into(), etag)], String::new());
                }
                let body = format!(
                    "[{}, {}, {}]",
                    issue(
                        2,
                        "Udskrift af kørselsplaner",
                        &["ændringsønske", "under evaluering"],
                        &u2,
                        0
                    ),
                    pull_request(4),
                    issue(
                        1,
                        "[ADR] Kortvisning af ruter",
                        &["beslutning"],
                        "2026-05-01T10:00:00Z",
                        2
                    ),
                );
                let link = format!(
                    "<{base}/repositories/1/issues?state=all&per_page=100&page=2>; rel=\"next\", <{base}/repositories/1/issues?state=all&per_page=100&page=2>; rel=\"last\""
                );
                return (
                    200,
                    vec![("ETag".into(), etag), ("Link".into(), link)],
                    body,
                );
            }
            if path == "/repositories/1/issues?state=all&per_page=100&page=2" {
                // The second page fails once with a 502.
                if n == 0 {
                    return (502, vec![], "{\"message\": \"Server Error\"}".into());
                }
                return (
                    200,
                    vec![],
                    format!(
                        "[{}]",
                        issue(
                            3,
                            "Eksport til CSV",
                            &["ændringsønske", "modtaget"],
                            "2026-02-01T10:00:00Z",
                            0
                        )
                    ),
                );
            }
            if path == "/repos/os2test/governance/issues/1/comments?per_page=100" {
                return (200, vec![], r#"[{"user": {"login": "anne-k"}, "body": "Styregruppen drøfter forslaget **4. juni**.", "created_at": "2026-05-01T10:00:00Z", "html_url": "https://github.com/os2test/governance/issues/1#issuecomment-1"}, {"user": {"login": "jonas-h"}, "body": "Godkendt på mødet.", "created_at": "2026-06-04T15:00:00Z", "html_url": "https://github.com/os2test/governance/issues/1#issuecomment-2"}]"#.into());
            }
            if path.ends_with("/events?per_page=100") {
                return (200, vec![], r#"[{"event": "labeled", "label": {"name": "modtaget"}, "created_at": "2026-03-03T09:00:00Z", "actor": {"login": "anne-k"}}, {"event": "subscribed", "created_at": "2026-03-03T09:00:00Z"}, {"event": "unlabeled", "label": {"name": "modtaget"}, "created_at": "2026-04-02T09:00:00Z", "actor": {"login": "anne-k"}}, {"event": "labeled", "label": {"name": "under evaluering"}, "created_at": "2026-04-02T09:00:00Z", "actor": {"login": "anne-k"}}]"#.into());
            }
            (404, vec![], "{\"message\": \"Not Found\"}".into())
        },
    )
}

#[test]
fn issues_comments_and_events_are_synced_and_an_etag_saves_the_second_run() {
    let updated2 = Arc::new(Mutex::new("2026-04-02T09:00:00Z".to_string()));
    let (base, log) = serve(github(updated2.clone()));
    let config = Config::new(&base, "os2test/governance", Some("hemmelig".into()));
    let waits = Mutex::new(Vec::new());
    let wait = |d: Duration| waits.lock().unwrap().push(d);
    let mut progress = Vec::new();
    let first = sync(&config, &[], &State::default(), &wait, &mut |p| {
        progress.push(p)
    })
    .unwrap();
    let numbers: Vec<u64> = first.issues.iter().map(|i| i.number).collect();
    assert_eq!(
        numbers,
        [1, 2, 3],
        "pull requests left out, sorted by number"
    );
    let one = &first.issues[0];
    assert_eq!(one.state, "OPEN");
    assert_eq!(one.author.as_ref().unwrap().login, "anne-k");
    assert_eq!(one.milestone.as_ref().unwrap().title, "Version 3.2");
    assert_eq!(one.comments.len(), 2);
    assert_eq!(one.comments[1].body, "Godkendt på mødet.");
    let events: Vec<(&str, Option<&str>)> = first.issues[1]
        .events
        .iter()
        .map(|e| (e.event.as_str(), e.label.as_deref()))
        .collect();
    assert_eq!(
        events,
        [
            ("labeled", Some("modtaget")),
            ("unlabeled", Some("modtaget")),
            ("labeled", Some("under evaluering"))
        ]
    );
    // The 502 was retried after a second.
    assert_eq!(*waits.lock().unwrap(), [Duration::from_secs(1)]);
    assert!(progress.contains(&forvalt_github::Progress::ListPage(2)));
    // The token went with every request, to the configured address only.
    assert!(
        log.lock()
            .unwrap()
            .iter()
            .all(|(_, h)| h.get("authorization").map(String::as_str) == Some("Bearer hemmelig"))
    );
    assert_eq!(
        first.state.etag.as_deref(),
        Some("W/\"liste-2026-04-02T09:00:00Z\"")
    );

    // Nothing changed: one conditional request.
    let before = log.lock().unwrap().len();
    let second = sync(&config, &first.issues, &first.state, &no_wait, &mut |_| {}).unwrap();
    assert!(second.unchanged);
    assert_eq!(second.issues, first.issues);
    assert_eq!(log.lock().unwrap().len() - before, 1);
    assert_eq!(second.requests, 1);

    // Issue 2 changed: only its comments and events are asked for again.
    *updated2.lock().unwrap() = "2026-06-05T08:00:00Z".into();
    let before = log.lock().unwrap().len();
    let third = sync(&config, &first.issues, &first.state, &no_wait, &mut |_| {}).unwrap();
    assert!(!third.unchanged);
    assert_eq!(third.refreshed, 1);
    let asked: Vec<String> = log.lock().unwrap()[before..]
        .iter()
        .map(|(p, _)| p.clone())
        .collect();
    assert!(asked.iter().any(|p| p.contains("/issues/2/events")));
    assert!(!asked.iter().any(|p| p.contains("/issues/1/")), "{asked:?}");
    assert_eq!(third.issues[0].comments, first.issues[0].comments);
}

#[test]
fn a_rate_limit_fails_with_its_reset_time_and_a_short_one_is_waited_for() {
    let reset = 1_780_560_000i64;
    let handler: Arc<Handler> = Arc::new(move |_: &str, _: &HashMap<String, String>, n: usize| {
        let headers = |left: i64| {
            vec![
                ("X-RateLimit-Remaining".to_string(), "0".to_string()),
                ("X-RateLimit-Reset".to_string(), reset.to_string()),
                // GitHub's clock: `left` seconds before the reset.
                (
                    "Date".to_string(),
                    jiff::Timestamp::from_second(reset - left)
                        .unwrap()
                        .strftime("%a, %d %b %Y %H:%M:%S GMT")
                        .to_string(),
                ),
            ]
        };
        match n {
            // An hour to go: give up at once.
            0 => (
                403,
                headers(3600),
                "{\"message\": \"API rate limit exceeded\"}".into(),
            ),
            // Ten seconds to go: wait and try again.
            1 => (
                403,
                headers(10),
                "{\"message\": \"API rate limit exceeded\"}".into(),
            ),
            _ => (200, vec![], "[]".into()),
        }
    });
    let (base, _) = serve(handler);
    let config = Config::new(&base, "os2test/governance", None);
    let err = sync(&config, &[], &State::default(), &no_wait, &mut |_| {}).unwrap_err();
    assert_eq!(
        err,
        Error::RateLimited {
            reset: Some(reset),
            authenticated: false
        }
    );
    assert!(err.to_string().contains("GITHUB_TOKEN"));
    let waits = Mutex::new(Vec::new());
    let ok = sync(
        &config,
        &[],
        &State::default(),
        &|d| waits.lock().unwrap().push(d),
        &mut |_| {},
    )
    .unwrap();
    assert!(ok.issues.is_empty());
    assert_eq!(*waits.lock().unwrap(), [Duration::from_secs(11)]);
}

#[test]
fn failures_say_what_and_a_link_elsewhere_is_not_followed() {
    let handler: Arc<Handler> = Arc::new(|path: &str, _: &HashMap<String, String>, _| {
        if path.starts_with("/repos/os2test/mangler/") {
            return (404, vec![], "{\"message\": \"Not Found\"}".into());
        }
        if path.starts_with("/repos/os2test/nede/") {
            return (503, vec![], "{\"message\": \"Unavailable\"}".into());
        }
        (
            200,
            vec![(
                "Link".into(),
                "<https://andet.example/stjal?page=2>; rel=\"next\"".into(),
            )],
            "[]".into(),
        )
    });
    let (base, _) = serve(handler);
    let err = sync(
        &Config::new(&base, "os2test/mangler", None),
        &[],
        &State::default(),
        &no_wait,
        &mut |_| {},
    )
    .unwrap_err();
    assert!(matches!(err, Error::Status { status: 404, .. }));
    assert!(err.to_string().contains("no such repository"), "{err}");
    let waits = Mutex::new(0);
    let err = sync(
        &Config::new(&base, "os2test/nede", None),
        &[],
        &State::default(),
        &|_| *waits.lock().unwrap() += 1,
        &mut |_| {},
    )
    .unwrap_err();
    assert!(matches!(err, Error::Status { status: 503, .. }));
    assert_eq!(*waits.lock().unwrap(), 3, "three retries, then the error");
    let err = sync(
        &Config::new(&base, "os2test/governance", Some("hemmelig".into())),
        &[],
        &State::default(),
        &no_wait,
        &mut |_| {},
    )
    .unwrap_err();
    assert!(matches!(err, Error::Invalid { .. }), "{err:?}");
    // Nothing answers: a transport error after the retries.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let err = sync(
        &Config::new(&addr, "os2test/governance", None),
        &[],
        &State::default(),
        &no_wait,
        &mut |_| {},
    )
    .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
}

#[test]
fn next_links_are_read_as_github_writes_them() {
    let h = "<https://api.github.com/repositories/1/issues?page=2>; rel=\"next\", <https://api.github.com/repositories/1/issues?page=5>; rel=\"last\"";
    assert_eq!(
        forvalt_github::http::next_link(h).as_deref(),
        Some("https://api.github.com/repositories/1/issues?page=2")
    );
    assert_eq!(forvalt_github::http::next_link("<x>; rel=\"prev\""), None);
}

#[test]
fn a_token_never_travels_unencrypted_to_another_machine() {
    for api in [
        "http://api.github.example",
        "http://localhost.example.org",
        "http://[2001:db8::1]",
    ] {
        let err = sync(
            &Config::new(api, "o/r", Some("hemmelig".into())),
            &[],
            &State::default(),
            &no_wait,
            &mut |_| {},
        )
        .unwrap_err();
        assert!(err.to_string().contains("https://"), "{api}: {err}");
    }
}

#[test]
fn an_issue_updated_while_the_pages_are_read_is_not_lost() {
    // The first read of page 1 lacks issue 5, which moves there (updated) while page 2 is
    // read; page 2 no longer has it. The check of page 1 afterwards reads the list again.
    let handler: Arc<Handler> =
        Arc::new(|path: &str, headers: &HashMap<String, String>, n: usize| {
            let base = headers
                .get("host")
                .map(|h| format!("http://{h}"))
                .unwrap_or_default();
            let first = "/repos/o/r/issues?state=all&sort=updated&direction=desc&per_page=100";
            if path == first {
                if n == 0 {
                    let link = format!("<{base}/repositories/9/issues?page=2>; rel=\"next\"");
                    return (
                        200,
                        vec![("ETag".into(), "\"a\"".into()), ("Link".into(), link)],
                        format!("[{}]", issue(4, "Fire", &[], "2026-05-01T00:00:00Z", 0)),
                    );
                }
                if headers.get("if-none-match").map(String::as_str) == Some("\"b\"") {
                    return (304, vec![], String::new());
                }
                return (
                    200,
                    vec![("ETag".into(), "\"b\"".into())],
                    format!(
                        "[{}, {}]",
                        issue(5, "Fem", &[], "2026-06-01T00:00:00Z", 0),
                        issue(4, "Fire", &[], "2026-05-01T00:00:00Z", 0)
                    ),
                );
            }
            (200, vec![], "[]".into())
        });
    let (base, _) = serve(handler);
    let synced = sync(
        &Config::new(&base, "o/r", None),
        &[],
        &State::default(),
        &no_wait,
        &mut |_| {},
    )
    .unwrap();
    let numbers: Vec<u64> = synced.issues.iter().map(|i| i.number).collect();
    assert_eq!(numbers, [4, 5]);
    assert_eq!(synced.state.etag.as_deref(), Some("\"b\""));
}
