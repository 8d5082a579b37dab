//! Validates a generated 20,000-record batch once, for a profiler:
//! `valgrind --tool=callgrind target/release/examples/profile_batch`.
use scim_preflight::{validate, Options};

fn main() {
    let records: Vec<String> = (0..20_000)
        .map(|i| {
            let country = if i % 20 == 10 { "USA" } else { "US" };
            format!(r#"{{"id":"00u{i:017}","status":"ACTIVE","created":"2026-01-05T10:00:00.000Z","profile":{{"login":"ana.silva{i}@example.com","firstName":"Ana","lastName":"Silva","email":"ana.silva{i}@example.com","title":"Account Executive","countryCode":"{country}","preferredLanguage":"en-US","officeName":"New York","licenseType":"dialpad_talk"}}}}"#)
        })
        .collect();
    let text = format!("[{}]", records.join(","));
    let report = validate(&text, &Options::default());
    println!("{} diagnostics, {} bytes of JSON", report.diagnostics.len(), serde_json::to_string(&report).map(|json| json.len()).unwrap_or(0));
}
