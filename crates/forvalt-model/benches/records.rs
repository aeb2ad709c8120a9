//! Loading generated repositories of governance records (see `examples/gen_records`): the
//! whole load (decode, front matter, Markdown, records) of 1,000 and 10,000 records, and the
//! records stage alone.

use criterion::{Criterion, criterion_group, criterion_main};
use forvalt_model::{LoadOptions, MemoryFiles, load, records};
use std::hint::black_box;

#[path = "../examples/gen_records/generate.rs"]
mod gen_records;

const NOW: i64 = 1_781_519_400_000;

fn files(n: usize) -> MemoryFiles {
    let mut f = MemoryFiles::new();
    for (p, t) in gen_records::generate(n) {
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

fn records_bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("records");
    g.sample_size(10);
    for n in [1_000, 10_000] {
        let f = files(n);
        let repo = load(&f, &options()).value;
        assert_eq!(
            repo.records.decisions.len() + repo.records.meetings.len(),
            n,
            "the generator's records all parse"
        );
        g.bench_function(format!("load {n} records"), |b| {
            b.iter(|| black_box(load(black_box(&f), &options()).value.records.meetings.len()))
        });
        g.bench_function(format!("extract {n} records"), |b| {
            b.iter(|| {
                let mut diags = Vec::new();
                black_box(
                    records::extract(black_box(&repo), &f, &mut diags)
                        .decisions
                        .len(),
                )
            })
        });
    }
    g.finish();
}

criterion_group!(benches, records_bench);
criterion_main!(benches);
