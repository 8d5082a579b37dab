//! The core without the wasm boundary, on the same kind of records as bench/bench.mjs:
//! `cargo bench --bench core` (run by `make bench`).

use scim_preflight::simulate::{simulate_to_wire, SimulateOptions};
use scim_preflight::{profile_mapping, validate, Options};

fn main() {
    divan::main();
}

/// Okta Users API objects shaped like bench/generate.mjs's, 5% with an error.
fn users(count: usize) -> String {
    let records: Vec<String> = (0..count)
        .map(|i| {
            let country = if i % 20 == 10 { "USA" } else { "US" };
            format!(
                r#"{{"id":"00u{i:017}","status":"ACTIVE","created":"2026-01-05T10:00:00.000Z","profile":{{"login":"ana.silva{i}@example.com","firstName":"Ana","lastName":"Silva","email":"ana.silva{i}@example.com","title":"Account Executive","countryCode":"{country}","preferredLanguage":"en-US","officeName":"New York","licenseType":"dialpad_talk"}}}}"#
            )
        })
        .collect();
    format!("[{}]", records.join(","))
}

#[divan::bench(sample_count = 20)]
fn validate_batch_20000(bencher: divan::Bencher) {
    let text = users(20_000);
    let options = Options::default();
    bencher.counter(divan::counter::BytesCount::new(text.len())).bench(|| validate(divan::black_box(&text), &options));
}

/// The same users through bench/mapping.json, written as the wasm boundary writes them.
#[divan::bench(sample_count = 20)]
fn simulate_batch_20000(bencher: divan::Bencher) {
    let text = users(20_000);
    let mapping_text = include_str!("../bench/mapping.json");
    let mapping = profile_mapping::read(mapping_text);
    let options = SimulateOptions::default();
    bencher.bench(|| simulate_to_wire(divan::black_box(&text), mapping_text, &mapping, &options));
}

#[divan::bench]
fn validate_one_record(bencher: divan::Bencher) {
    let text = users(1);
    let one = &text[1..text.len() - 1];
    let options = Options::default();
    bencher.bench(|| validate(divan::black_box(one), &options));
}

#[divan::bench(sample_count = 20)]
fn serialise_report_20000(bencher: divan::Bencher) {
    let report = validate(&users(20_000), &Options::default());
    bencher.bench(|| serde_json::to_string(divan::black_box(&report)));
}
