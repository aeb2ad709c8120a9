//! What Liquid sees of the site: each page as Jekyll's `page` object, `_data/` as
//! `site.data`, and the Liquid in page bodies run once every page is known (so that a
//! front page can loop over `site.news` or `site.html_pages`).

use crate::files::{FileEntry, Files};
use crate::liquid::{Liquid, PageVar};
use crate::page::{Page, TitleSource};
use crate::publishing::Publishing;
use forvalt_diag::{Diagnostic, Sources, Span};
use jiff::Zoned;
use rayon::prelude::*;
use serde_json::{Map, Value};

/// The largest `_data` file read (larger ones are reported and left out).
const MAX_DATA_FILE: usize = 4 << 20;

/// `page.excerpt` when no other is known: the first paragraph of the Markdown.
fn first_paragraph(body: &str) -> String {
    let body = body.trim_start_matches(['\n', '\r']);
    let end = body.find("\n\n").or_else(|| body.find("\r\n\r\n"));
    body[..end.unwrap_or(body.len())].trim_end().to_string()
}

/// `"%Y-%m-%d %H:%M:%S %z"`, as Jekyll shows a time.
fn jekyll_time(z: &Zoned) -> String {
    z.strftime("%Y-%m-%d %H:%M:%S %z").to_string()
}

/// Page `p` as Jekyll's `page`: its front matter, `title`, `url`, `path`, `name`, `dir`,
/// for a document `collection` and `date`, `content` and `excerpt` (its Markdown).
pub fn page_values(
    p: &Page,
    body: &str,
    publishing: &Publishing,
    now: &Zoned,
) -> Map<String, Value> {
    let mut o = p
        .front_matter
        .as_ref()
        .map(|f| f.values.clone())
        .unwrap_or_default();
    // A Jekyll page without a title has none (unless a plugin gave it one).
    let untitled =
        publishing.is_jekyll() && p.collection.is_none() && p.title_from == TitleSource::FileName;
    if !untitled {
        o.insert("title".into(), p.title.clone().into());
    }
    o.insert("url".into(), p.url.clone().into());
    o.insert("path".into(), p.path.clone().into());
    let name = p.path.rsplit('/').next().unwrap_or("");
    o.insert("name".into(), name.into());
    let dir = match p.url.rfind('/') {
        Some(i) => &p.url[..=i],
        None => "/",
    };
    o.insert("dir".into(), dir.into());
    if let Some(c) = &p.collection {
        o.insert("collection".into(), c.clone().into());
        if !o.get("date").is_some_and(|d| d.is_string()) {
            o.insert("date".into(), jekyll_time(now).into());
        }
    }
    let modified = p
        .modified
        .and_then(|m| jiff::Timestamp::from_millisecond(m).ok())
        .map(|t| jekyll_time(&t.to_zoned(now.time_zone().clone())));
    if let Some(m) = modified {
        o.entry("last_modified_at").or_insert(m.into());
    }
    o.insert("content".into(), body.into());
    if !o.contains_key("excerpt") {
        o.insert("excerpt".into(), first_paragraph(body).into());
    }
    o
}

/// Gives `liquid` the site's pages and data, then runs the Liquid in every page body that
/// Jekyll would run it in (every page of a Jekyll site; a plain repository's pages with
/// front matter), in parallel.
pub fn run_bodies(
    liquid: &mut Liquid,
    pages: &mut [Page],
    published: &[bool],
    sources: &Sources,
    data: Map<String, Value>,
    (publishing, now): (&Publishing, &Zoned),
    diagnostics: &mut Vec<Diagnostic>,
) {
    let body = |p: &Page| -> &str {
        sources
            .get(p.file)
            .and_then(|f| f.text.get(p.body_offset..))
            .unwrap_or("")
    };
    let vars: Vec<Map<String, Value>> = pages
        .iter()
        .map(|p| page_values(p, body(p), publishing, now))
        .collect();
    // Without Liquid that reads pages' text, `site` keeps none (a copy of the whole site).
    let contents = sources
        .iter()
        .any(|(_, f)| crate::liquid::reads_contents(&f.text));
    liquid.set_pages_with(
        vars.iter()
            .zip(pages.iter().zip(published))
            .map(|(v, (p, on))| PageVar::new(v, p.collection.clone(), *on))
            .collect(),
        data,
        contents,
    );
    let liquid: &Liquid = liquid;
    let done: Vec<(Option<String>, Vec<Diagnostic>)> = pages
        .par_iter()
        .zip(vars.par_iter())
        .map(|(p, vars)| {
            let text = body(p);
            let runs = p.front_matter.is_some() || publishing.is_jekyll();
            if !runs || !Liquid::has_liquid(text) {
                return (None, Vec::new());
            }
            let mut found = Vec::new();
            let mut page = vars.clone();
            page.remove("content");
            let out = liquid.render(text, &page, p.file, p.body_offset, &mut found);
            ((out != text).then_some(out), found)
        })
        .collect();
    for (p, (out, found)) in pages.iter_mut().zip(done) {
        p.liquid_body = out;
        diagnostics.extend(found);
    }
}

/// `_data/*.yml`, `.yaml` and `.json` (also in folders) as `site.data`; what cannot be
/// read is reported and left out.
pub fn read_data(
    files: &dyn Files,
    list: &[FileEntry],
    sources: &mut Sources,
    diagnostics: &mut Vec<Diagnostic>,
) -> Map<String, Value> {
    let mut data = Map::new();
    for f in list {
        let Some(rest) = f.path.strip_prefix("_data/") else {
            continue;
        };
        let Some((stem, ext)) = rest.rsplit_once('.') else {
            continue;
        };
        let ext = ext.to_ascii_lowercase();
        // Årshjul files are read as such (once, so their diagnostics are not repeated).
        if !matches!(ext.as_str(), "yml" | "yaml" | "json")
            || stem.is_empty()
            || crate::repo::is_wheel_file(&f.path)
        {
            continue;
        }
        let Some((file, text)) = crate::repo::read_text(files, &f.path, sources, diagnostics)
        else {
            continue;
        };
        if text.len() > MAX_DATA_FILE {
            diagnostics.push(
                Diagnostic::warning(
                    "data::too-large",
                    format!(
                        "`{}` is larger than {} MB; `site.data` leaves it out",
                        f.path,
                        MAX_DATA_FILE >> 20
                    ),
                )
                .with_span(Span::new(0, 0).in_file(file)),
            );
            continue;
        }
        let value = if ext == "json" {
            serde_json::from_str::<Value>(&text).map_err(|e| (e.to_string(), e.line()))
        } else {
            serde_saphyr::from_str::<Value>(&text).map_err(|e| {
                let line = e.location().map_or(1, |l| l.line() as usize);
                (e.to_string().lines().next().unwrap_or("").to_string(), line)
            })
        };
        match value {
            Ok(v) => insert_path(&mut data, stem, v),
            Err((msg, line)) => {
                let start: usize = text
                    .split_inclusive('\n')
                    .take(line.saturating_sub(1))
                    .map(str::len)
                    .sum();
                diagnostics.push(
                    Diagnostic::warning(
                        "data::unreadable",
                        format!("`{}` cannot be read: {msg}", f.path),
                    )
                    .with_span(Span::new(start, start).in_file(file))
                    .with_note("`site.data` leaves the file out"),
                );
            }
        }
    }
    data
}

/// Puts `v` at `a/b/c` → `data.a.b.c`.
fn insert_path(data: &mut Map<String, Value>, stem: &str, v: Value) {
    let mut parts: Vec<&str> = stem.split('/').collect();
    let last = parts.pop().unwrap_or(stem);
    let mut cur = data;
    for part in parts {
        let entry = cur
            .entry(part.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if !entry.is_object() {
            *entry = Value::Object(Map::new());
        }
        let Value::Object(next) = entry else { return };
        cur = next;
    }
    cur.insert(last.to_string(), v);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_is_the_first_paragraph() {
        assert_eq!(first_paragraph("\nEt.\nTo.\n\nTre."), "Et.\nTo.");
        assert_eq!(first_paragraph("Kun én"), "Kun én");
    }

    #[test]
    fn data_paths_nest() {
        let mut m = Map::new();
        insert_path(&mut m, "a/b", Value::from(1));
        insert_path(&mut m, "a/c", Value::from(2));
        insert_path(&mut m, "d", Value::from(3));
        assert_eq!(Value::Object(m).to_string(), r#"{"a":{"b":1,"c":2},"d":3}"#);
    }
}
