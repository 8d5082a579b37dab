//! Times validate, mapAttributes and resolveOffice on every file in a folder and prints the
//! slowest: `cargo run --release --example time_files -- fuzz/corpus/validate_bytes`.
use scim_preflight::{map_attributes, resolve_office, validate, Office, Options};
use std::time::Instant;

fn main() {
    let folder = std::env::args().nth(1).unwrap_or_else(|| "fuzz/corpus/validate_bytes".into());
    let offices = [Office { name: "HQ".into(), country: Some("US".into()), available_numbers: Some(0), ..Office::default() }];
    let options = Options { offices: Some(offices.to_vec()), ..Options::default() };
    let mut times = Vec::new();
    for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
        let bytes = std::fs::read(entry.path()).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        let start = Instant::now();
        validate(&text, &options);
        map_attributes(&text, &options);
        resolve_office(&text, &offices, &options);
        times.push((start.elapsed(), bytes.len(), entry.path()));
    }
    times.sort();
    for (elapsed, size, path) in times.iter().rev().take(5) {
        println!("{elapsed:?} {size} bytes {}", path.display());
    }
}
