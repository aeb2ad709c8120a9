//! `forvalt sync github`: the repository's issues into the cache the build reads
//! (`.github/issues.json`), with the list's ETag kept beside it (`.github/issues-sync.json`).
//! Each file is replaced atomically, and only when its bytes change; a failed sync leaves
//! both as they were.

use crate::cli::{SyncArgs, SyncGithubArgs, SyncSource};
use anyhow::{Context, Result, bail};
use forvalt_github::{Config, Error, Progress, State};
use forvalt_model::records::issues::IssueJson;
use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

/// The file beside the cache that keeps what the next sync needs.
const STATE_FILE: &str = ".github/issues-sync.json";

pub(crate) fn run(args: SyncArgs) -> Result<ExitCode> {
    match args.source {
        SyncSource::Github(a) => github(&a),
    }
}

/// `owner/name` of a remote's address: `https://github.com/o/r.git`, `git@github.com:o/r.git`,
/// `ssh://git@host/o/r`.
fn owner_name(url: &str) -> Option<String> {
    let url = url.trim().trim_end_matches('/').trim_end_matches(".git");
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.split_once('/')?.1,
        None => url.split_once(':')?.1,
    };
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    match parts.as_slice() {
        [.., owner, name] => Some(format!("{owner}/{name}")),
        _ => None,
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// Which repository: `--repo`, `GITHUB_REPOSITORY`, or the `origin` remote.
fn repository(args: &SyncGithubArgs) -> Result<String> {
    let name = args
        .repo
        .clone()
        .or_else(|| env("GITHUB_REPOSITORY"))
        .or_else(|| forvalt_history::origin_url(&args.dir).and_then(|u| owner_name(&u)));
    let Some(name) = name else {
        bail!(
            "which GitHub repository? Give --repo OWNER/NAME, set GITHUB_REPOSITORY, or add an `origin` remote"
        );
    };
    let ok = |p: &str| {
        !p.is_empty()
            && !p.bytes().all(|b| b == b'.')
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    };
    match name.split_once('/') {
        Some((o, n)) if ok(o) && ok(n) => Ok(name),
        _ => bail!("`{name}` is not a repository name of the form OWNER/NAME"),
    }
}

/// Where the cache is: `forvalt: records: issues:` in `_config.yml`, else
/// `.github/issues.json`. The setting is repository content: it must name a `.json` file
/// inside the repository, outside `.git`.
fn cache_path(dir: &Path) -> Result<String> {
    let raw = match std::fs::read_to_string(dir.join("_config.yml")) {
        Ok(text) => {
            let mut sink = Vec::new();
            forvalt_model::config::read_config(&text, forvalt_diag::FileId::DETACHED, &mut sink).raw
        }
        Err(_) => Default::default(),
    };
    let path = forvalt_model::records::RecordsConfig::from_config(&raw).issues;
    let safe = path.ends_with(".json")
        && !path.starts_with('/')
        && !path.contains('\\')
        && path
            .split('/')
            .all(|p| !p.is_empty() && p != ".." && p != "." && p != ".git");
    if !safe {
        bail!(
            "the issue cache's path in _config.yml ({path}) must be a .json file inside the repository"
        );
    }
    Ok(path)
}

/// Refuses a path that a symbolic link leads out of the repository (or into `.git`).
fn inside(dir: &Path, path: &Path) -> Result<()> {
    let root = dir
        .canonicalize()
        .with_context(|| format!("cannot open {}", dir.display()))?;
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        bail!(
            "{} is a symbolic link: forvalt writes no file through one",
            path.display()
        );
    }
    // The nearest folder that exists must lie inside the repository, outside `.git`.
    let mut folder = path.parent();
    while let Some(f) = folder {
        if let Ok(real) = f.canonicalize() {
            if !real.starts_with(&root) || real.starts_with(root.join(".git")) {
                bail!("{} lies outside the repository", path.display());
            }
            return Ok(());
        }
        folder = f.parent();
    }
    Ok(())
}

/// The cache and the state of the last sync, if any.
fn read_cache(cache: &Path, state: &Path) -> Result<(Vec<IssueJson>, State, Option<Vec<u8>>)> {
    let bytes = match std::fs::read(cache) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", cache.display())),
    };
    let issues = match &bytes {
        Some(b) => serde_json::from_slice(b).with_context(|| {
            format!(
                "{} is not an issue cache (a JSON list of issues); move it away or repair it, and sync again",
                cache.display()
            )
        })?,
        None => Vec::new(),
    };
    let state = std::fs::read(state)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    Ok((issues, state, bytes))
}

/// Writes `bytes` to `path` unless it already holds them; whether it wrote.
fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    crate::output::write_atomic(path, bytes)?;
    Ok(true)
}

/// A digest of the cache's bytes (64-bit FNV-1a, in hex): the same bytes give the same
/// digest on every machine and Rust version.
fn digest(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// A clear message for a failed sync.
fn explain(e: &Error) -> String {
    let mut msg = e.to_string();
    if let Error::RateLimited {
        reset: Some(reset), ..
    } = e
        && let Ok(t) = jiff::Timestamp::from_second(*reset)
    {
        msg.push_str(&format!(
            "; it resets at {} UTC",
            t.strftime("%Y-%m-%d %H:%M")
        ));
    }
    msg.push_str(". The issue cache is left as it was");
    msg
}

fn github(args: &SyncGithubArgs) -> Result<ExitCode> {
    let repo = repository(args)?;
    let api = args
        .api
        .clone()
        .or_else(|| env("GITHUB_API_URL"))
        .unwrap_or_else(|| "https://api.github.com".into());
    let token = env("GITHUB_TOKEN").or_else(|| env("GH_TOKEN"));
    let issues = cache_path(&args.dir)?;
    let cache = args.dir.join(&issues);
    let state_path = args.dir.join(STATE_FILE);
    for p in [&cache, &state_path] {
        inside(&args.dir, p)?;
    }
    let (cached, mut state, bytes) = read_cache(&cache, &state_path)?;
    // The stored ETag holds for the cache the last sync wrote, not for one edited since.
    if state.digest.is_none() || state.digest != bytes.as_deref().map(digest) {
        state.etag = None;
    }
    let config = Config::new(&api, &repo, token);
    let quiet = args.quiet;
    let say = |line: String| {
        if !quiet {
            let _ = writeln!(anstream::stderr(), "{line}");
        }
    };
    let wait = |d: std::time::Duration| {
        say(format!(
            "waiting {} s before asking GitHub again",
            d.as_secs()
        ));
        std::thread::sleep(d);
    };
    let mut progress = |p: Progress| match p {
        Progress::ListPage(n) if n > 1 => say(format!("issues: page {n}")),
        Progress::Details { done, of } if done % 25 == 0 || done == of => {
            say(format!("comments and events: {done} of {of} issues"))
        }
        _ => {}
    };
    let synced = match forvalt_github::sync(&config, &cached, &state, &wait, &mut progress) {
        Ok(s) => s,
        Err(e) => bail!("{}", explain(&e)),
    };
    let mut json = serde_json::to_vec_pretty(&synced.issues)?;
    json.push(b'\n');
    let mut kept = synced.state.clone();
    kept.digest = Some(digest(&json));
    let mut state_json = serde_json::to_vec_pretty(&kept)?;
    state_json.push(b'\n');
    let wrote = !synced.unchanged && write_if_changed(&cache, &json)?;
    write_if_changed(&state_path, &state_json)?;
    let what = if wrote {
        format!("wrote {issues}")
    } else {
        "nothing changed".to_string()
    };
    say(format!(
        "{} issues of {repo} ({} read again) in {} requests: {what}",
        synced.issues.len(),
        synced.refreshed,
        synced.requests
    ));
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::owner_name;

    #[test]
    fn remotes_name_their_repository() {
        for url in [
            "https://github.com/OS2skolekoersel/governance.git",
            "git@github.com:OS2skolekoersel/governance.git",
            "ssh://git@github.example.dk/OS2skolekoersel/governance",
            "https://github.com/OS2skolekoersel/governance/",
        ] {
            assert_eq!(
                owner_name(url).as_deref(),
                Some("OS2skolekoersel/governance"),
                "{url}"
            );
        }
        assert_eq!(owner_name("/srv/git/repo"), None);
    }
}
