//! The inputs that were quadratic or unbounded before the hardening (issue 14), at growing
//! sizes: time must grow linearly with the input. A table of N header columns and N one-cell
//! rows (padded to N² cells before), a page of raw HTML with N tags to sanitize, and a site of
//! 100 pages one of which has a title of N characters (copied into every menu before).

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use forvalt_model::{LoadOptions, MemoryFiles, load};
use forvalt_site::{BuildOptions, build};
use std::hint::black_box;

const NOW: i64 = 1_781_519_400_000;

fn site(pages: &[(String, String)]) -> usize {
    let mut f = MemoryFiles::new();
    f.insert("_config.yml", "title: Bench\nlang: da\n");
    for (p, t) in pages {
        f.insert(p.as_str(), t.as_str());
    }
    let repo = load(
        &f,
        &LoadOptions {
            now: NOW,
            publish: None,
        },
    )
    .value;
    let o = BuildOptions {
        exports: false,
        search: false,
        ..BuildOptions::default()
    };
    build(&repo, &o).value.files.len()
}

fn square_table(n: usize) -> String {
    let mut t = format!("{}|\n{}|\n", "| h ".repeat(n), "|---".repeat(n));
    for _ in 0..n {
        t.push_str("| x |\n");
    }
    t
}

fn raw_html(n: usize) -> String {
    let mut t = String::from("# Rå HTML\n\n");
    for i in 0..n {
        t.push_str(&format!(
            "<p class=\"x\" onclick=\"alert({i})\">Afsnit {i} <span style=\"color: red\">rød</span></p>\n"
        ));
    }
    t
}

fn hostile(c: &mut Criterion) {
    let mut g = c.benchmark_group("hostile inputs");
    g.sample_size(10);
    for n in [250, 500, 1000] {
        let t = square_table(n);
        g.throughput(Throughput::Bytes(t.len() as u64));
        g.bench_with_input(BenchmarkId::new("square table", n), &t, |b, t| {
            b.iter(|| site(&[("tabel.md".into(), black_box(t.clone()))]))
        });
    }
    for n in [1000, 4000, 16000] {
        let t = raw_html(n);
        g.throughput(Throughput::Bytes(t.len() as u64));
        g.bench_with_input(BenchmarkId::new("raw HTML tags", n), &t, |b, t| {
            b.iter(|| site(&[("html.md".into(), black_box(t.clone()))]))
        });
    }
    for n in [10_000, 100_000, 1_000_000] {
        let mut pages: Vec<(String, String)> = (0..99)
            .map(|i| (format!("side-{i:02}.md"), format!("# Side {i}\n")))
            .collect();
        pages.push((
            "lang.md".into(),
            format!("---\ntitle: {}\n---\n", "x".repeat(n)),
        ));
        g.throughput(Throughput::Bytes(n as u64));
        g.bench_with_input(BenchmarkId::new("title characters", n), &pages, |b, p| {
            b.iter(|| black_box(site(p)))
        });
    }
    g.finish();
}

criterion_group!(benches, hostile);
criterion_main!(benches);
