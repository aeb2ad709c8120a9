//! Loading generated repositories of governance records (see `examples/gen_records`): the
//! whole load (decode, front matter, Markdown, records) of 1,000 and 10,000 records, and the
//! records stage alone; and one meeting of 32,000 participants (rosters, people and name
//! matching at scale).

use criterion::{Criterion, criterion_group, criterion_main};
use forvalt_model::{LoadOptions, MemoryFiles, load, records};
use std::hint::black_box;

#[path = "../examples/gen_records/generate.rs"]
mod gen_records;

#[path = "../tests/support/big_meeting.rs"]
mod big_meeting;

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

fn big_meeting_bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("records");
    g.sample_size(10);
    let mut f = MemoryFiles::new();
    f.insert_modified(
        "dagsordner-og-referater/styregruppe/20260604_XStyregruppe.md",
        big_meeting::big_meeting(32_000),
        NOW,
    );
    let repo = load(&f, &options()).value;
    assert_eq!(repo.records.meetings[0].participants.len(), 32_000);
    g.bench_function("load a meeting of 32000 participants", |b| {
        b.iter(|| black_box(load(black_box(&f), &options()).value.records.people.len()))
    });
    g.bench_function("extract a meeting of 32000 participants", |b| {
        b.iter(|| {
            let mut diags = Vec::new();
            black_box(
                records::extract(black_box(&repo), &f, &mut diags)
                    .people
                    .len(),
            )
        })
    });
    g.finish();
}

criterion_group!(benches, records_bench, big_meeting_bench);
criterion_main!(benches);
