//! `forvalt serve`: build the site in memory, serve it on the loopback interface, rebuild
//! when a file changes and reload the open pages.
//!
//! The site is served from memory (static files are read from the repository on request),
//! so nothing is written to disk and a rebuild only swaps a map. Every address is looked up
//! in that map: a path cannot reach outside the site.

use crate::cli::ServeArgs;
use crate::output::safe_path;
use crate::report::{self, Reporter};
use anyhow::{Context, Result};
use axum::body::Body;
use axum::http::{HeaderValue, Request, Response, StatusCode, header};
use forvalt_site::{BuildOptions, Cache, Content, OutputFile, Site};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// The site as served: path → content.
#[derive(Debug, Default)]
struct Served {
    files: HashMap<String, Content>,
    baseurl: String,
}

type Shared = Arc<RwLock<Arc<Served>>>;

struct Builder {
    dir: PathBuf,
    approved_only: bool,
    today: Option<String>,
    cache: Cache,
    options: BuildOptions,
    quiet: bool,
    timings: bool,
}

impl Builder {
    /// Loads and builds, reusing what the last build made, and swaps the new site in; on a
    /// rebuild the pages are swapped in first, with the last search index, and the new index
    /// follows. Prints diagnostics and a one-line summary.
    fn build(&mut self, first: bool, state: &Shared, swapped: &dyn Fn()) -> Result<()> {
        let started = Instant::now();
        let mut timings = super::build::Timings::default();
        let now = super::now_or(self.today.as_deref())?;
        let (repo, mut diagnostics) = timings
            .time("load", || {
                super::build::load(&self.dir, None, now, self.approved_only)
            })?
            .into_parts();
        let plan = timings
            .time("plan", || forvalt_site::plan(&repo, &self.options))
            .unpack(&mut diagnostics);
        let mut rendered = timings
            .time("render", || {
                forvalt_site::render(&plan, &mut self.cache, &|| {})
            })
            .unpack(&mut diagnostics);
        let records = std::mem::take(&mut rendered.search);
        let previous = current(state);
        let mut index: Vec<OutputFile> = if first {
            timings
                .time("index", || forvalt_site::index(&plan, &records))
                .unpack(&mut diagnostics)
        } else {
            // The last index, until the new one is ready (after the pages are served).
            previous
                .files
                .iter()
                .filter(|(p, _)| p.starts_with("search/"))
                .map(|(p, c)| OutputFile {
                    path: p.clone(),
                    content: c.clone(),
                })
                .collect()
        };
        index.sort_by(|a, b| a.path.cmp(&b.path));
        let site = timings
            .time("assemble", || {
                forvalt_site::assemble(&plan, rendered, index, &mut self.cache)
            })
            .unpack(&mut diagnostics);
        let baseurl = repo.config.baseurl.trim_end_matches('/').to_string();
        timings.time("swap", || swap(state, served(&site, &baseurl)));
        swapped();
        let elapsed = started.elapsed();
        if !first {
            let index = timings
                .time("index", || forvalt_site::index(&plan, &records))
                .unpack(&mut diagnostics);
            let mut with_index = served(&site, &baseurl);
            with_index.files.retain(|p, _| !p.starts_with("search/"));
            with_index
                .files
                .extend(index.into_iter().map(|f| (f.path, f.content)));
            swap(state, with_index);
        }
        super::build::sort(&mut diagnostics, &repo);
        let mut reporter = Reporter {
            // After the first build, only the summary: the diagnostics were shown already
            // unless they changed, and `forvalt check` lists them all.
            quiet: self.quiet || !first,
            ..Reporter::default()
        };
        for d in &diagnostics {
            reporter.report(d, &repo.sources);
        }
        if !self.quiet {
            report::eprint(&format!(
                "{} in {} ms: {}\n",
                summary(&site.stats, first),
                elapsed.as_millis(),
                reporter.counts()
            ));
        }
        if self.timings {
            report::eprint(&format!("{}\n", timings.line()));
        }
        Ok(())
    }
}

/// "Built 74 pages (6 charts)" or "Rebuilt: 2 of 1101 pages rendered again, 1099 unchanged".
fn summary(s: &forvalt_site::Stats, first: bool) -> String {
    let all = s.pages + s.generated;
    if first {
        format!("Built {} pages ({} charts)", s.pages, s.charts)
    } else {
        format!(
            "Rebuilt: {} of {all} pages rendered again, {} unchanged",
            s.rendered,
            all.saturating_sub(s.rendered)
        )
    }
}

/// The site as served, from a built site.
fn served(site: &Site, baseurl: &str) -> Served {
    Served {
        files: site
            .files
            .iter()
            .filter(|f| safe_path(&f.path))
            .map(|f| (f.path.clone(), f.content.clone()))
            .collect(),
        baseurl: baseurl.to_string(),
    }
}

/// The `sha256-…` hash of the script `layer` adds to every page, read off a page it served.
async fn injected_script_hash(layer: &tower_livereload::LiveReloadLayer) -> Option<String> {
    use base64::Engine as _;
    use sha2::Digest as _;
    use tower::{Layer as _, ServiceExt as _};
    let page = tower::service_fn(|_req: Request<Body>| async {
        axum::http::Response::builder()
            .header(axum::http::header::CONTENT_TYPE, "text/html")
            .body(Body::from("<html><head></head><body></body></html>"))
    });
    let request = Request::builder()
        .uri("/")
        .header(axum::http::header::ACCEPT, "text/html")
        .body(Body::empty())
        .ok()?;
    let response = layer.layer(page).oneshot(request).await.ok()?;
    let bytes = axum::body::to_bytes(Body::new(response.into_body()), 1 << 20)
        .await
        .ok()?;
    let html = String::from_utf8_lossy(&bytes);
    let start = html.find("<script")?;
    let code_start = start + html[start..].find('>')? + 1;
    let code_end = code_start + html[code_start..].find("</script>")?;
    let digest = sha2::Sha256::digest(html[code_start..code_end].as_bytes());
    Some(format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    ))
}

/// The site being served now.
fn current(state: &Shared) -> Arc<Served> {
    state
        .read()
        .map(|s| s.clone())
        .unwrap_or_else(|_| Arc::new(Served::default()))
}

/// Serves `site` from now on.
fn swap(state: &Shared, site: Served) {
    if let Ok(mut s) = state.write() {
        *s = Arc::new(site);
    }
}

pub(crate) fn run(args: ServeArgs) -> Result<ExitCode> {
    let dir = args
        .dir
        .canonicalize()
        .with_context(|| format!("cannot read the repository {}", args.dir.display()))?;
    let mut builder = Builder {
        dir: dir.clone(),
        approved_only: args.approved_only,
        today: args.today.clone(),
        cache: Cache::new(),
        options: BuildOptions {
            search: !args.no_search && cfg!(feature = "search"),
            exports: !args.no_exports,
            export_store: crate::store::DiskStore::shared(),
            ..BuildOptions::default()
        },
        quiet: args.quiet,
        timings: args.timings,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the server")?;
    let livereload = tower_livereload::LiveReloadLayer::new();
    let reloader = livereload.reloader();
    // The pages' Content-Security-Policy lets exactly the live-reload script run.
    builder
        .options
        .script_hashes
        .extend(runtime.block_on(injected_script_hash(&livereload)));
    let state: Shared = Arc::new(RwLock::new(Arc::new(Served::default())));
    builder.build(true, &state, &|| {})?;
    let baseurl = current(&state).baseurl.clone();

    // Rebuild on change, in a thread of its own; the server keeps serving the last site.
    let watch_state = state.clone();
    let (tx, rx) = std::sync::mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher =
        notify::recommended_watcher(tx).context("cannot watch the repository for changes")?;
    notify::Watcher::watch(&mut watcher, &dir, notify::RecursiveMode::Recursive)
        .with_context(|| format!("cannot watch {}", dir.display()))?;
    let watched = dir.clone();
    std::thread::spawn(move || {
        while let Ok(event) = rx.recv() {
            if !changes_site(&watched, &event) {
                continue;
            }
            // An editor's save is several events (write, rename, attributes) within a few
            // milliseconds: wait until the file system is quiet for a moment.
            let until = Instant::now() + Duration::from_millis(200);
            while let Ok(_more) = rx.recv_timeout(Duration::from_millis(8)) {
                if Instant::now() > until {
                    break;
                }
            }
            if let Err(e) = builder.build(false, &watch_state, &|| reloader.reload()) {
                report::eprint(&format!("error: {e:#}\n"));
            }
        }
    });

    let host = args.host.clone().unwrap_or_else(|| "127.0.0.1".to_string());
    let addr: SocketAddr = format!("{host}:{}", args.port)
        .parse()
        .or_else(|_| format!("[{host}]:{}", args.port).parse())
        .with_context(|| format!("`{host}` is not an IP address"))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let local = listener.local_addr()?;
        report::eprint(&format!(
            "Serving {} at http://{local}{baseurl}/ (Ctrl+C stops)\n",
            dir.display()
        ));
        if !addr.ip().is_loopback() {
            report::eprint("warning: the site is reachable from other machines on this network\n");
        }
        let app = axum::Router::new()
            .fallback(move |req: Request<Body>| {
                let state = state.clone();
                let dir = dir.clone();
                async move { respond(&state, &dir, req.uri().path()) }
            })
            .layer(livereload);
        axum::serve(listener, app)
            .await
            .context("the server stopped")
    })?;
    drop(watcher);
    Ok(ExitCode::SUCCESS)
}

/// Whether a file system event can change the site: a change (reading files, as a rebuild
/// does, reports access events), of a path that is not in `.git`, a `_site` next to it or an
/// editor's temporary file.
fn changes_site(root: &Path, event: &notify::Result<notify::Event>) -> bool {
    let Ok(e) = event else { return false };
    matches!(
        e.kind,
        notify::EventKind::Create(_) | notify::EventKind::Modify(_) | notify::EventKind::Remove(_)
    ) && e.paths.iter().any(|p| relevant_change(root, p))
}

/// Whether a changed path can change the site (not `.git`, not a `_site` next to it, not an
/// editor's temporary file).
fn relevant_change(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let rel = rel.to_string_lossy();
    let first = rel.split('/').next().unwrap_or("");
    let name = rel.rsplit('/').next().unwrap_or("");
    !(first == ".git"
        || first == "_site"
        || first == "node_modules"
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.starts_with(".#")
        || name.ends_with(".forvalt-tmp"))
}

/// The response for a request path.
fn respond(state: &Shared, root: &Path, raw_path: &str) -> Response<Body> {
    let site = match state.read() {
        Ok(s) => s.clone(),
        Err(_) => return status(StatusCode::INTERNAL_SERVER_ERROR, "server error"),
    };
    let path = forvalt_model::url::unescape(raw_path);
    let Some(rest) = strip_base(&path, &site.baseurl) else {
        if path == "/" || path.is_empty() {
            return redirect(&format!("{}/", site.baseurl));
        }
        return not_found(&site, root);
    };
    let rel = rest.trim_start_matches('/');
    let candidates: Vec<String> = if rel.is_empty() {
        vec!["index.html".into()]
    } else if rel.ends_with('/') {
        vec![format!("{rel}index.html")]
    } else {
        vec![rel.to_string()]
    };
    for c in &candidates {
        if !safe_path(c) {
            return not_found(&site, root);
        }
        if let Some(content) = site.files.get(c) {
            return file_response(StatusCode::OK, c, content, root);
        }
    }
    // `/docs` → `/docs/` when it is a folder with an index page: relative links need the
    // slash.
    if !rel.is_empty()
        && !rel.ends_with('/')
        && site.files.contains_key(&format!("{rel}/index.html"))
    {
        return redirect(&format!("{}/{rel}/", site.baseurl));
    }
    not_found(&site, root)
}

fn strip_base<'a>(path: &'a str, base: &str) -> Option<&'a str> {
    if base.is_empty() {
        return Some(path);
    }
    let rest = path.strip_prefix(base)?;
    (rest.is_empty() || rest.starts_with('/')).then_some(rest)
}

fn not_found(site: &Served, root: &Path) -> Response<Body> {
    match site.files.get("404.html") {
        Some(c) => file_response(StatusCode::NOT_FOUND, "404.html", c, root),
        None => status(StatusCode::NOT_FOUND, "not found"),
    }
}

fn file_response(code: StatusCode, path: &str, content: &Content, root: &Path) -> Response<Body> {
    let bytes = match content {
        Content::Bytes(b) => b.to_vec(),
        Content::Copy(from) => {
            if !safe_path(from) {
                return status(StatusCode::NOT_FOUND, "not found");
            }
            // Read now, from the repository: resolved again and opened without following a
            // link, so a file swapped for a link while serving leads nowhere.
            match crate::files::read_inside(root, from) {
                Ok(b) => b,
                Err(_) => return status(StatusCode::NOT_FOUND, "not found"),
            }
        }
        // `serve` keeps its pages in memory; it never writes them while building.
        Content::Written { .. } => return status(StatusCode::NOT_FOUND, "not found"),
    };
    let mut r = Response::new(Body::from(bytes));
    *r.status_mut() = code;
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(path)),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    r
}

fn status(code: StatusCode, text: &'static str) -> Response<Body> {
    let mut r = Response::new(Body::from(text));
    *r.status_mut() = code;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

fn redirect(to: &str) -> Response<Body> {
    let mut r = Response::new(Body::empty());
    *r.status_mut() = StatusCode::FOUND;
    if let Ok(v) = HeaderValue::from_str(&forvalt_model::url::escape_path(to)) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// The media type for a file name.
pub(crate) fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "ttf" => "font/ttf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "csv" => "text/csv; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "mp4" => "video/mp4",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Shared {
        let mut files = HashMap::new();
        files.insert(
            "index.html".to_string(),
            Content::bytes(b"forside".to_vec()),
        );
        files.insert(
            "docs/index.html".to_string(),
            Content::bytes(b"docs".to_vec()),
        );
        files.insert("docs/a b.html".to_string(), Content::bytes(b"ab".to_vec()));
        files.insert("404.html".to_string(), Content::bytes(b"mangler".to_vec()));
        Arc::new(RwLock::new(Arc::new(Served {
            files,
            baseurl: "/fv".into(),
        })))
    }

    #[test]
    fn paths_are_looked_up_never_joined() {
        let s = site();
        let root = Path::new("/nowhere");
        assert_eq!(respond(&s, root, "/fv/").status(), StatusCode::OK);
        assert_eq!(
            respond(&s, root, "/fv/docs/a%20b.html").status(),
            StatusCode::OK
        );
        assert_eq!(respond(&s, root, "/fv/docs").status(), StatusCode::FOUND);
        assert_eq!(respond(&s, root, "/").status(), StatusCode::FOUND);
        for bad in [
            "/fv/../etc/passwd",
            "/fv/%2e%2e/%2e%2e/etc/passwd",
            "/fv/docs/..%2f..%2fCargo.toml",
            "/fv//etc/passwd",
            "/other/index.html",
        ] {
            assert_eq!(
                respond(&s, root, bad).status(),
                StatusCode::NOT_FOUND,
                "{bad}"
            );
        }
    }

    #[test]
    fn editor_noise_is_ignored() {
        let root = Path::new("/r");
        assert!(relevant_change(root, Path::new("/r/docs/a.md")));
        assert!(!relevant_change(root, Path::new("/r/.git/index")));
        assert!(!relevant_change(root, Path::new("/r/docs/.a.md.swp")));
        assert!(!relevant_change(root, Path::new("/r/_site/index.html")));
        assert!(!relevant_change(
            Path::new("/r"),
            Path::new("/elsewhere/x.md")
        ));
    }
}
