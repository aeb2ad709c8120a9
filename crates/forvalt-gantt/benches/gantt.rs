//! Benchmarks: parse + schedule + layout + SVG of the seed charts and generated charts.

fn main() {}
