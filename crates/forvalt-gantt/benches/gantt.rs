//! Parse + schedule + layout + SVG of real roadmaps (the seed documents in `../shared`, or
//! forvalt's own example when it is missing), of generated 100- and 1,000-task charts, and of
//! chains of forward references 1,000 and 10,000 tasks deep.

use criterion::{Criterion, criterion_group, criterion_main};
use forvalt_gantt::{
    LayoutOptions, Options, ParseOptions, ScheduleOptions, layout, parse, render, schedule, svg,
};
use std::hint::black_box;

const NOW: i64 = 1_780_531_200_000;

/// The gantt charts of the seed documents, or forvalt's own roadmap example.
fn seed_charts() -> Vec<(String, String)> {
    let shared = std::env::var_os("FORVALT_SHARED")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::PathBuf::from(
                std::env::var("CARGO_MANIFEST_DIR")
                    .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_string()),
            )
            .join("../../../shared")
        });
    let mut out = Vec::new();
    if let Ok(dir) = std::fs::read_dir(shared.join("seeds")) {
        let mut files: Vec<_> = dir.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        files.sort();
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap_or_default();
            for (i, c) in forvalt_gantt::charts_in_markdown(&text)
                .into_iter()
                .enumerate()
            {
                let name = f
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .chars()
                    .take(3)
                    .collect::<String>();
                out.push((format!("seed-{name}-{i}"), c.text.into_owned()));
            }
        }
    }
    if out.is_empty() {
        let msg = "*** ../shared/seeds is missing (set FORVALT_SHARED): benchmarking forvalt's own roadmap instead ***";
        let _ = std::io::Write::write_all(&mut std::io::stderr(), format!("{msg}\n").as_bytes());
        let own = include_str!("../tests/cases/roadmap-da.mmd");
        out.push(("roadmap-da".into(), own.into()));
    }
    out
}

/// A chart of `n` tasks in sections of 20: dates, `after` chains, durations, milestones,
/// weekends excluded.
pub fn generated(n: usize) -> String {
    let mut s = String::from(
        "gantt\n    title Generated roadmap\n    dateFormat YYYY-MM-DD\n    excludes weekends\n",
    );
    for i in 0..n {
        if i % 20 == 0 {
            s.push_str(&format!("    section Område {}\n", i / 20 + 1));
        }
        let line = match i % 5 {
            0 => format!(
                "    Opgave {i} :t{i}, 2026-{:02}-{:02}, {}d\n",
                1 + (i / 28) % 12,
                1 + i % 28,
                3 + i % 17
            ),
            1 => format!(
                "    Opgave {i} :crit, t{i}, after t{}, {}d\n",
                i - 1,
                2 + i % 9
            ),
            2 => format!(
                "    Opgave {i} :active, t{i}, after t{}, 2026-12-31\n",
                i - 1
            ),
            3 => format!(
                "    Milepæl {i} :milestone, t{i}, 2026-{:02}-15, 0d\n",
                1 + i % 12
            ),
            _ => format!(
                "    Opgave {i} :done, t{i}, 2026-{:02}-01, 2026-{:02}-20\n",
                1 + i % 12,
                1 + i % 12
            ),
        };
        s.push_str(&line);
    }
    s
}

/// `n` tasks, each starting after the task on the line below it: Mermaid places only the
/// last eleven; the rest must be explained in linear time.
pub fn reverse_chain(n: usize) -> String {
    let mut s = String::from("gantt\n    dateFormat YYYY-MM-DD\n");
    for i in 0..n - 1 {
        s.push_str(&format!("    Opgave {i} :t{i}, after t{}, 1d\n", i + 1));
    }
    s.push_str(&format!(
        "    Opgave {} :t{}, 2026-01-05, 1d\n",
        n - 1,
        n - 1
    ));
    s
}

fn bench(c: &mut Criterion) {
    let options = Options::at(NOW);
    for (name, chart) in seed_charts() {
        c.bench_function(&format!("render/{name}"), |b| {
            b.iter(|| render(black_box(&chart), &options))
        });
    }
    for n in [100, 1000] {
        let chart = generated(n);
        c.bench_function(&format!("render/generated-{n}"), |b| {
            b.iter(|| render(black_box(&chart), &options))
        });
    }
    let mut group = c.benchmark_group("reverse-chain");
    group.sample_size(10);
    for n in [1_000, 10_000] {
        let chart = reverse_chain(n);
        let d = parse(&chart, &ParseOptions::default()).value;
        group.bench_function(format!("schedule-{n}"), |b| {
            b.iter(|| schedule(black_box(&d), &ScheduleOptions::at(NOW)))
        });
        group.bench_function(format!("render-{n}"), |b| {
            b.iter(|| render(black_box(&chart), &options))
        });
    }
    group.finish();
    // Stages of the 1,000-task chart.
    let chart = generated(1000);
    let d = parse(&chart, &ParseOptions::default()).value;
    let s = schedule(&d, &ScheduleOptions::at(NOW)).value;
    let l = layout(&s, &LayoutOptions::default()).value;
    c.bench_function("stage/parse-1000", |b| {
        b.iter(|| parse(black_box(&chart), &ParseOptions::default()))
    });
    c.bench_function("stage/schedule-1000", |b| {
        b.iter(|| schedule(black_box(&d), &ScheduleOptions::at(NOW)))
    });
    c.bench_function("stage/layout-1000", |b| {
        b.iter(|| layout(black_box(&s), &LayoutOptions::default()))
    });
    c.bench_function("stage/svg-1000", |b| {
        b.iter(|| svg(black_box(&l), &forvalt_gantt::SvgOptions::default()))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
