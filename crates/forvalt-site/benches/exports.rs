//! Chart exports of a 20-task roadmap (the generated sites' chart) and of the example's
//! årshjul: the standalone SVG as PNG (resvg) and as PDF (krilla).

use criterion::{Criterion, criterion_group, criterion_main};
use forvalt_site::export::{PNG_SCALE, pdf, png};
use std::hint::black_box;

fn roadmap() -> String {
    let mut text = String::from("gantt\n    title Køreplan 2027\n    dateFormat YYYY-MM-DD\n");
    for s in 0..4 {
        text.push_str(&format!("    section Område {}\n", s + 1));
        for t in 0..5 {
            let start = jiff::civil::date(2027, 1, 4)
                .checked_add(jiff::Span::new().days((s * 5 + t) * 9))
                .unwrap();
            text.push_str(&format!(
                "    Opgave {} i område {} :o{s}{t}, {start}, 30d\n",
                t + 1,
                s + 1
            ));
        }
    }
    let options = forvalt_gantt::Options {
        theme: forvalt_gantt::Theme::Light,
        width: 800.0,
        ..forvalt_gantt::Options::at(1_795_392_000_000)
    };
    forvalt_gantt::render(&text, &options).svg
}

fn exports(c: &mut Criterion) {
    let svg = roadmap();
    let mut g = c.benchmark_group("export a 20-task roadmap");
    g.sample_size(20);
    g.bench_function("PNG", |b| {
        b.iter(|| black_box(png(black_box(&svg), PNG_SCALE).unwrap().len()))
    });
    g.bench_function("PNG drawing only", |b| {
        b.iter(|| {
            let tree = resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default()).unwrap();
            let size = tree.size().to_int_size().scale_by(2.0).unwrap();
            let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
            resvg::render(
                &tree,
                resvg::tiny_skia::Transform::from_scale(2.0, 2.0),
                &mut pixmap.as_mut(),
            );
            black_box(pixmap.data().len())
        })
    });
    g.bench_function("PDF", |b| {
        b.iter(|| {
            black_box(
                pdf(black_box(&svg), "Køreplan", "En køreplan", "da")
                    .unwrap()
                    .len(),
            )
        })
    });
    g.finish();
}

criterion_group!(benches, exports);
criterion_main!(benches);
