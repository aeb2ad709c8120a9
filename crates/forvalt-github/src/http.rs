//! Requests to the GitHub REST API: the token only ever goes to the configured API's own
//! address, answers are size-limited, and failures are retried where that can help.

use std::time::Duration;

/// Where and how to ask.
#[derive(Debug, Clone)]
pub struct Config {
    /// The API's address (`https://api.github.com`, or GitHub Enterprise's `…/api/v3`).
    pub api: String,
    /// `owner/name`.
    pub repository: String,
    /// A token (`GITHUB_TOKEN`), if any; without one, public repositories at a lower rate.
    pub token: Option<String>,
    /// How many times a failed request is tried again.
    pub retries: u32,
    /// How long one request may take.
    pub timeout: Duration,
    /// The longest wait for a rate limit to reset (or a `Retry-After`) before giving up.
    pub max_wait: Duration,
}

impl Config {
    /// The defaults for `owner/name` at `api`: three retries, 30 s per request, and waits of
    /// up to a minute.
    pub fn new(api: &str, repository: &str, token: Option<String>) -> Config {
        Config {
            api: api.trim_end_matches('/').to_string(),
            repository: repository.to_string(),
            token,
            retries: 3,
            timeout: Duration::from_secs(30),
            max_wait: Duration::from_secs(60),
        }
    }
}

/// Why a sync failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The rate limit is used up: when it resets (seconds since the epoch, if GitHub said),
    /// and whether a token was sent.
    RateLimited {
        /// `X-RateLimit-Reset`.
        reset: Option<i64>,
        /// Whether the request carried a token.
        authenticated: bool,
    },
    /// GitHub answered with an error.
    Status {
        /// The address asked.
        url: String,
        /// The HTTP status.
        status: u16,
        /// GitHub's message, if it gave one.
        message: String,
    },
    /// No answer (connection refused, time-out, TLS).
    Transport {
        /// The address asked.
        url: String,
        /// What went wrong.
        message: String,
    },
    /// An answer that is not what the API documents.
    Invalid {
        /// The address asked.
        url: String,
        /// What is wrong with it.
        message: String,
    },
    /// More than forvalt reads (pages, bytes).
    TooLarge {
        /// What.
        what: String,
    },
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::RateLimited { authenticated, .. } => {
                write!(f, "GitHub's rate limit is used up")?;
                if !authenticated {
                    write!(
                        f,
                        " (without a token: 60 requests an hour; set GITHUB_TOKEN or GH_TOKEN for 5,000)"
                    )?;
                }
                Ok(())
            }
            Error::Status {
                url,
                status,
                message,
            } => {
                write!(f, "GitHub answered {status} to {url}")?;
                if !message.is_empty() {
                    write!(f, ": {message}")?;
                }
                match status {
                    401 => write!(f, " (the token is not valid)"),
                    404 => write!(
                        f,
                        " (no such repository, or a private one the token cannot read)"
                    ),
                    _ => Ok(()),
                }
            }
            Error::Transport { url, message } => write!(f, "no answer from {url}: {message}"),
            Error::Invalid { url, message } => write!(f, "{url} answered unexpectedly: {message}"),
            Error::TooLarge { what } => write!(f, "{what}"),
        }
    }
}

impl std::error::Error for Error {}

/// The most a single answer may hold.
const MAX_BODY: usize = 32 << 20;

/// An answer.
#[derive(Debug)]
pub enum Answer {
    /// `304 Not Modified`: what the ETag named is still current.
    NotModified,
    /// The body, the ETag and the next page's address.
    Body {
        /// The bytes.
        bytes: Vec<u8>,
        /// `ETag`.
        etag: Option<String>,
        /// The `rel="next"` address of the `Link` header.
        next: Option<String>,
    },
}

/// A client for one API.
pub struct Client {
    http: reqwest::blocking::Client,
    config: Config,
    /// Requests sent, retries included.
    pub requests: usize,
}

/// The `rel="next"` address of a `Link` header.
pub fn next_link(header: &str) -> Option<String> {
    header.split(',').find_map(|part| {
        let (url, params) = part.split_once(';')?;
        let next = params
            .split(';')
            .any(|p| p.trim().replace(' ', "") == "rel=\"next\"");
        next.then(|| {
            url.trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_string()
        })
    })
}

/// Seconds since the epoch of an HTTP date (`Sun, 06 Dec 2026 10:00:00 GMT`).
fn http_date(text: &str) -> Option<i64> {
    let t = jiff::fmt::strtime::parse("%a, %d %b %Y %H:%M:%S GMT", text.trim()).ok()?;
    Some(
        t.to_datetime()
            .ok()?
            .to_zoned(jiff::tz::TimeZone::UTC)
            .ok()?
            .timestamp()
            .as_second(),
    )
}

fn header<'a>(r: &'a reqwest::blocking::Response, name: &str) -> Option<&'a str> {
    r.headers().get(name)?.to_str().ok()
}

/// What to do about an answer that is no success.
enum Retry {
    /// Wait this long and try again; this error when no attempt is left.
    After(Duration, Error),
    /// Give up with this error.
    Fail(Error),
}

impl Client {
    /// A client for `config`.
    pub fn new(config: Config) -> Result<Client, Error> {
        // The token must not travel unencrypted: plain http only to this machine (tests,
        // a local proxy).
        let host = config.api.strip_prefix("http://").map(|r| {
            let authority = r.split('/').next().unwrap_or("");
            match authority.strip_prefix('[') {
                Some(v6) => v6.split(']').next().unwrap_or(""),
                None => authority.split(':').next().unwrap_or(""),
            }
        });
        if let Some(h) = host
            && !matches!(h, "127.0.0.1" | "localhost" | "::1")
        {
            return Err(Error::Invalid {
                url: config.api.clone(),
                message:
                    "the API's address must start with https:// (a token would travel unencrypted)"
                        .into(),
            });
        }
        // rustls needs its cryptography chosen once per process; a second call is a no-op.
        // *ring* rather than the default aws-lc-rs: it builds without aws-lc's C toolchain.
        // It lacks post-quantum key exchange (hence deprecated), which a sync of public
        // issue data does not need.
        #[allow(deprecated)]
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::blocking::Client::builder()
            .timeout(config.timeout)
            .user_agent(concat!("forvalt/", env!("CARGO_PKG_VERSION")))
            // A redirect could carry the token elsewhere: none is followed.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::Transport {
                url: config.api.clone(),
                message: e.to_string(),
            })?;
        Ok(Client {
            http,
            config,
            requests: 0,
        })
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Asks for `url` (which must be on the API's own address), with `If-None-Match: etag`
    /// when given; `wait` is called before each retry.
    pub fn get(
        &mut self,
        url: &str,
        etag: Option<&str>,
        wait: &dyn Fn(Duration),
    ) -> Result<Answer, Error> {
        if !url.starts_with(&format!("{}/", self.config.api)) {
            return Err(Error::Invalid {
                url: url.to_string(),
                message: format!("the address is not on {}", self.config.api),
            });
        }
        let mut attempt = 0;
        loop {
            attempt += 1;
            let (delay, error) = match self.send(url, etag) {
                Ok(r) if r.status().as_u16() == 304 => return Ok(Answer::NotModified),
                Ok(r) if r.status().is_success() => return body(url, r),
                Ok(r) => match self.failed(url, r, attempt) {
                    Retry::After(d, e) => (d, e),
                    Retry::Fail(e) => return Err(e),
                },
                Err(e) => {
                    let retryable = e.is_timeout() || e.is_connect() || e.is_request();
                    let error = Error::Transport {
                        url: url.to_string(),
                        message: e.to_string(),
                    };
                    if !retryable {
                        return Err(error);
                    }
                    (backoff(attempt), error)
                }
            };
            if attempt > self.config.retries {
                return Err(error);
            }
            wait(delay);
        }
    }

    fn send(
        &mut self,
        url: &str,
        etag: Option<&str>,
    ) -> Result<reqwest::blocking::Response, reqwest::Error> {
        self.requests += 1;
        let mut req = self
            .http
            .get(url)
            .header("Accept", "application/vnd.github+json")
            .header("X-GitHub-Api-Version", "2022-11-28");
        if let Some(t) = &self.config.token {
            req = req.bearer_auth(t);
        }
        if let Some(e) = etag {
            req = req.header("If-None-Match", e);
        }
        req.send()
    }

    /// Whether and when to try again after an answer that is no success.
    fn failed(&self, url: &str, r: reqwest::blocking::Response, attempt: u32) -> Retry {
        let status = r.status().as_u16();
        let retry_after = header(&r, "retry-after").and_then(|v| v.trim().parse::<u64>().ok());
        let exhausted = header(&r, "x-ratelimit-remaining").is_some_and(|v| v.trim() == "0");
        let reset = header(&r, "x-ratelimit-reset").and_then(|v| v.trim().parse::<i64>().ok());
        let now = header(&r, "date").and_then(http_date);
        let message = message(r);
        let limited = Error::RateLimited {
            reset,
            authenticated: self.config.token.is_some(),
        };
        let status_error = Error::Status {
            url: url.to_string(),
            status,
            message,
        };
        let within = |secs: u64| {
            let d = Duration::from_secs(secs);
            (d <= self.config.max_wait).then_some(d)
        };
        match status {
            403 | 429 if retry_after.is_some() => match retry_after.and_then(within) {
                Some(d) => Retry::After(d, limited),
                None => Retry::Fail(limited),
            },
            403 | 429 if exhausted => {
                // GitHub says when the limit resets; its own clock says what time it is.
                let left = reset.zip(now).map(|(r, n)| (r - n).max(0) as u64 + 1);
                match left.and_then(within) {
                    Some(d) => Retry::After(d, limited),
                    None => Retry::Fail(limited),
                }
            }
            429 => Retry::After(backoff(attempt), limited),
            500..=599 => Retry::After(backoff(attempt), status_error),
            _ => Retry::Fail(status_error),
        }
    }
}

/// Reads an answer's body (at most [`MAX_BODY`] bytes) with its ETag and next page.
fn body(url: &str, r: reqwest::blocking::Response) -> Result<Answer, Error> {
    use std::io::Read;
    let etag = header(&r, "etag").map(str::to_string);
    let next = header(&r, "link").and_then(next_link);
    let mut bytes = Vec::new();
    r.take(MAX_BODY as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::Transport {
            url: url.to_string(),
            message: e.to_string(),
        })?;
    if bytes.len() > MAX_BODY {
        return Err(Error::TooLarge {
            what: format!("{url} answered with more than {} MB", MAX_BODY >> 20),
        });
    }
    Ok(Answer::Body { bytes, etag, next })
}

/// GitHub's `message` from an error answer's JSON body, if any.
fn message(r: reqwest::blocking::Response) -> String {
    use std::io::Read;
    let mut bytes = Vec::new();
    let _ = r.take(64 << 10).read_to_end(&mut bytes);
    serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()
        .and_then(|v| v.get("message")?.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// 1 s, 2 s, 4 s, … between attempts.
fn backoff(attempt: u32) -> Duration {
    Duration::from_secs(1 << attempt.saturating_sub(1).min(6))
}
