//! Times the streaming check of a generated NDJSON batch: `cargo run --release --example bench_stream -- 100000`.
use scim_preflight::stream::BatchSession;
use scim_preflight::{Office, Options};
use std::time::Instant;

fn main() {
    let count: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let text: String = (0..count)
        .map(|i| {
            let country = if i % 20 == 0 { "USA" } else { "US" };
            format!("{{\"login\":\"user{i}@example.com\",\"firstName\":\"User{i}\",\"lastName\":\"Example\",\"email\":\"user{i}@example.com\",\"countryCode\":\"{country}\",\"licenseType\":\"dialpad_talk\",\"officeName\":\"New York\"}}\n")
        })
        .collect();
    let offices = vec![Office { name: "New York".into(), country: Some("US".into()), available_numbers: Some(12), ..Office::default() }];
    for with_offices in [false, true] {
        let options = Options { offices: with_offices.then(|| offices.clone()), ..Options::default() };
        let started = Instant::now();
        let mut session = BatchSession::new(options);
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let mut diagnostics = 0;
        let mut json_bytes = 0;
        for piece in lines.chunks(2000) {
            let chunk = session.push_ndjson(&piece.concat());
            diagnostics += chunk.diagnostics.len();
            json_bytes += serde_json::to_string(&chunk).map(|json| json.len()).unwrap_or(0);
        }
        let summary = session.finish();
        println!("{count} records ({} MB), offices: {with_offices}: {:?}, {diagnostics} diagnostics, {} MB of JSON, {} with errors", text.len() / 1_000_000, started.elapsed(), json_bytes / 1_000_000, summary.with_errors);
    }
}
