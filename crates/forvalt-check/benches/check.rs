//! `forvalt check` over generated sites (the site benchmark's generator: a three-level page
//! tree of Danish prose, links and roadmaps): every rule on 1,000 and 10,000 pages, without
//! and with Danish spelling (when hunspell-da is installed).

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

criterion_group!(benches, bench);
criterion_main!(benches);
