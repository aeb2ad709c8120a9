//! Writes a generated repository of governance records for benchmarks:
//! `cargo run --release -p forvalt-model --example gen_records -- 10000 /tmp/rec-10k`.

#![allow(clippy::print_stderr)]

mod generate;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(n), Some(dir)) = (args.next(), args.next()) else {
        eprintln!("usage: gen_records RECORDS DIR");
        std::process::exit(2);
    };
    let Ok(n) = n.parse::<usize>() else {
        eprintln!("RECORDS must be a number");
        std::process::exit(2);
    };
    let dir = std::path::PathBuf::from(dir);
    for (path, text) in generate::generate(n) {
        let p = dir.join(&path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("create directory");
        }
        std::fs::write(&p, text).expect("write file");
    }
    eprintln!("wrote {n} records to {}", dir.display());
}
