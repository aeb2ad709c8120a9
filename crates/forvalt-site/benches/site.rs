//! Site builds of generated repositories (see `examples/gen_site`): clean builds of 100 and
//! 1,000 pages including the search index, and the rebuild `serve` does after one page changed.

use criterion::{Criterion, criterion_group, criterion_main};
use forvalt_model::{LoadOptions, MemoryFiles, load};
use forvalt_site::{BuildOptions, Cache, build, build_cached};
use std::hint::black_box;

#[path = "../examples/gen_site/generate.rs"]
mod gen_site;

const NOW: i64 = 1_781_519_400_000;

fn files(n: usize) -> MemoryFiles {
    let mut f = MemoryFiles::new();
    for (p, t) in gen_site::generate(n) {
        f.insert_modified(p, t, NOW);
    }
    f
}

fn options() -> LoadOptions {
    LoadOptions {
        now: NOW,
        publish: None,
    }
}

fn clean_no_exports(c: &mut Criterion) {
    let mut g = c.benchmark_group("clean build without exports");
    g.sample_size(10);
    for n in [100, 1000] {
        let f = files(n);
        let o = BuildOptions {
            exports: false,
            ..BuildOptions::default()
        };
        g.bench_function(format!("{n} pages"), |b| {
            b.iter(|| {
                let repo = load(black_box(&f), &options()).value;
                black_box(build(&repo, &o).value.files.len())
            })
        });
    }
    g.finish();
}

fn clean(c: &mut Criterion) {
    let mut g = c.benchmark_group("clean build");
    g.sample_size(10);
    for n in [100, 1000] {
        let f = files(n);
        g.bench_function(format!("{n} pages"), |b| {
            b.iter(|| {
                let repo = load(black_box(&f), &options()).value;
                black_box(build(&repo, &BuildOptions::default()).value.files.len())
            })
        });
    }
    g.finish();
}

fn incremental(c: &mut Criterion) {
    let mut g = c.benchmark_group("rebuild after editing one page");
    g.sample_size(10);
    let n = 1000;
    let mut f = files(n);
    let path = "docs/omraade-05/emne-05/side-05.md".to_string();
    let original = gen_site::generate(n)
        .into_iter()
        .find(|(p, _)| *p == path)
        .expect("page")
        .1;
    let mut cache = Cache::new();
    let repo = load(&f, &options()).value;
    build_cached(&repo, &BuildOptions::default(), &mut cache);
    let mut k = 0u64;
    g.bench_function(format!("{n} pages"), |b| {
        b.iter(|| {
            k += 1;
            f.insert_modified(path.clone(), format!("{original}\nRettelse {k}.\n"), NOW);
            let repo = load(&f, &options()).value;
            black_box(
                build_cached(&repo, &BuildOptions::default(), &mut cache)
                    .value
                    .files
                    .len(),
            )
        })
    });
    g.finish();
}

criterion_group!(benches, clean_no_exports, clean, incremental);
criterion_main!(benches);
