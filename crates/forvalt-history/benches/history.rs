//! Reading the history of a generated repository: 10,000 commits over 1,000 files (a
//! governance site's pages), each commit changing one to three pages, one in a hundred
//! renaming one. Built once with `git fast-import`.

#![allow(clippy::print_stderr)]

use criterion::{Criterion, criterion_group, criterion_main};
use std::io::Write as _;
use std::process::{Command, Stdio};

const FILES: usize = 1_000;
const COMMITS: usize = 10_000;

fn path(i: usize) -> String {
    format!("docs/omraade-{:02}/side-{:04}.md", i % 20, i)
}

fn generate(dir: &std::path::Path) {
    let ok = Command::new("git")
        .args(["init", "-q", "-b", "main"])
        .arg(dir)
        .status()
        .expect("git")
        .success();
    assert!(ok);
    let mut child = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["fast-import", "--quiet"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("git fast-import");
    let mut s = String::new();
    let mut names: Vec<String> = (0..FILES).map(path).collect();
    let mut rng: u64 = 0x5eed;
    let mut next = || {
        rng = rng
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (rng >> 33) as usize
    };
    for c in 0..COMMITS {
        let time = 1_700_000_000 + c as i64 * 3_600;
        let msg = format!("Ændring {c}");
        s.push_str(&format!(
            "commit refs/heads/main\nmark :{}\nauthor Jonas Brix Holm <jbh@example.org> {time} +0100\ncommitter Jonas Brix Holm <jbh@example.org> {time} +0100\ndata {}\n{msg}\n",
            c + 1,
            msg.len()
        ));
        if c > 0 {
            s.push_str(&format!("from :{c}\n"));
        }
        if c == 0 {
            for (i, n) in names.iter().enumerate() {
                let body = format!("---\ntitle: Side {i}\n---\n\n# Side {i}\n\nTekst.\n");
                s.push_str(&format!(
                    "M 100644 inline {n}\ndata {}\n{body}\n",
                    body.len()
                ));
            }
        } else if c % 100 == 0 {
            let i = next() % FILES;
            let new = format!("{}-flyttet-{c}.md", names[i].trim_end_matches(".md"));
            s.push_str(&format!("R {} {}\n", names[i], new));
            names[i] = new;
        } else {
            for _ in 0..1 + next() % 3 {
                let i = next() % FILES;
                let body =
                    format!("---\ntitle: Side {i}\n---\n\n# Side {i}\n\nTekst, version {c}.\n");
                s.push_str(&format!(
                    "M 100644 inline {}\ndata {}\n{body}\n",
                    names[i],
                    body.len()
                ));
            }
        }
        if s.len() > 1 << 20 {
            child
                .stdin
                .as_mut()
                .unwrap()
                .write_all(s.as_bytes())
                .unwrap();
            s.clear();
        }
    }
    child
        .stdin
        .as_mut()
        .unwrap()
        .write_all(s.as_bytes())
        .unwrap();
    drop(child.stdin.take());
    assert!(child.wait().unwrap().success());
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let t = std::time::Instant::now();
    generate(dir.path());
    eprintln!(
        "generated {COMMITS} commits × {FILES} files in {:.1?}",
        t.elapsed()
    );
    let h = forvalt_history::read(dir.path()).unwrap().unwrap();
    assert_eq!(h.revisions.len(), COMMITS);
    assert!(h.documents.len() >= FILES);
    let mut g = c.benchmark_group("history");
    g.sample_size(10);
    g.bench_function(format!("read, {COMMITS} commits × {FILES} files"), |b| {
        b.iter(|| {
            forvalt_history::read(dir.path())
                .unwrap()
                .unwrap()
                .revisions
                .len()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
