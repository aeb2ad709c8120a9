//! `forvalt check` over generated sites (the site benchmark's generator: a three-level page
//! tree of Danish prose, links and roadmaps): every rule on 1,000 and 10,000 pages, without
//! and with Danish spelling (when hunspell-da is installed); and over 100,000 findings
//! with inline ignore comments and an ignore pattern, then as JSON (time linear in the
//! findings).

#![allow(clippy::print_stderr)]

use criterion::{Criterion, criterion_group, criterion_main};
use forvalt_check::{Dictionary, Options, check};
use forvalt_model::{LoadOptions, MemoryFiles, load};
use std::hint::black_box;

// The generator is a plain file shared with the site benchmark (no crate dependency).
#[path = "../../forvalt-site/examples/gen_site/generate.rs"]
mod gen_site;

const NOW: i64 = 1_781_519_400_000;

fn files(n: usize) -> MemoryFiles {
    let mut f = MemoryFiles::new();
    for (p, t) in gen_site::generate(n) {
        f.insert_modified(p, t, NOW);
    }
    f
}

fn dictionary() -> Option<Dictionary> {
    let aff = std::fs::read_to_string("/usr/share/hunspell/da_DK.aff").ok()?;
    let dic = std::fs::read_to_string("/usr/share/hunspell/da_DK.dic").ok()?;
    Dictionary::new(&aff, &dic).ok()
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("check");
    g.sample_size(10);
    let dict = dictionary();
    if dict.is_none() {
        eprintln!("*** hunspell-da is not installed: the spelling benchmarks are left out ***");
    }
    for n in [1_000, 10_000] {
        let f = files(n);
        let options = LoadOptions {
            now: NOW,
            publish: None,
        };
        let (repo, loaded) = load(&f, &options).into_parts();
        g.bench_function(format!("rules, {n} pages"), |b| {
            b.iter(|| {
                black_box(
                    check(&repo, loaded.clone(), &Options::default())
                        .diagnostics
                        .len(),
                )
            })
        });
        if let Some(d) = &dict {
            g.bench_function(format!("rules and spelling, {n} pages"), |b| {
                b.iter(|| {
                    black_box(
                        check(
                            &repo,
                            loaded.clone(),
                            &Options {
                                dictionary: Some(d),
                                ..Options::default()
                            },
                        )
                        .diagnostics
                        .len(),
                    )
                })
            });
        }
        g.bench_function(format!("load and check, {n} pages"), |b| {
            b.iter(|| {
                let (repo, loaded) = load(&f, &options).into_parts();
                black_box(check(&repo, loaded, &Options::default()).diagnostics.len())
            })
        });
    }
    g.finish();
}

/// `files` pages of `per_file` images without alt text, each line with an ignore comment
/// for another rule, and a star-heavy ignore pattern that matches none of them.
fn findings(files: usize, per_file: usize) -> MemoryFiles {
    let mut f = MemoryFiles::new();
    f.insert(
        "_config.yml",
        "title: T\nforvalt:\n  check:\n    ignore:\n      - \"**a**a**a**a**b\"\n",
    );
    f.insert("docs/a.png", Vec::new());
    let body = "![](a.png) tekst <!-- forvalt-ignore spelling -->\n".repeat(per_file);
    for i in 0..files {
        f.insert(
            format!("docs/side{i:05}.md"),
            format!("---\ntitle: Side {i}\n---\n\n{body}"),
        );
    }
    f
}

fn bench_findings(c: &mut Criterion) {
    let mut g = c.benchmark_group("findings");
    g.sample_size(10);
    let options = LoadOptions {
        now: NOW,
        publish: None,
    };
    for (files, per_file) in [(1_000, 100), (10, 10_000)] {
        let (repo, loaded) = load(&findings(files, per_file), &options).into_parts();
        let n = files * per_file;
        g.bench_function(format!("check, {n} findings in {files} files"), |b| {
            b.iter(|| {
                let out = check(&repo, loaded.clone(), &Options::default());
                assert!(out.diagnostics.len() >= n);
                black_box(out.diagnostics.len())
            })
        });
        let out = check(&repo, loaded.clone(), &Options::default());
        g.bench_function(format!("json, {n} findings in {files} files"), |b| {
            b.iter(|| black_box(forvalt_check::format::json(&out.diagnostics, &repo.sources).len()))
        });
    }
    g.finish();
}

criterion_group!(benches, bench, bench_findings);
criterion_main!(benches);
