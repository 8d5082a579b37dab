//! Simulates the benchmark's 20,000 users through bench/mapping.json, for callgrind and timing:
//! `cargo run --release --example profile_simulate [validate]`.
use scim_preflight::simulate::{simulate_to_wire, SimulateOptions};
use scim_preflight::{profile_mapping, validate, Options};

fn main() {
    let users: Vec<String> = (0..std::env::var("USERS").ok().and_then(|n| n.parse().ok()).unwrap_or(20_000))
        .map(|i| {
            let country = if i % 20 == 10 { "USA" } else { "US" };
            format!(
                r#"{{"id":"00u{i:017}","status":"ACTIVE","created":"2026-01-05T10:00:00.000Z","profile":{{"login":"ana.silva{i}@example.com","firstName":"Ana","lastName":"Silva","email":"ana.silva{i}@example.com","title":"Account Executive","countryCode":"{country}","preferredLanguage":"en-US","officeName":"New York","licenseType":"dialpad_talk"}}}}"#
            )
        })
        .collect();
    let text = format!("[{}]", users.join(","));
    let mapping_text = include_str!("../bench/mapping.json");
    let start = std::time::Instant::now();
    if std::env::args().any(|arg| arg == "validate") {
        let report = validate(&text, &Options::default());
        eprintln!("validate: {} diagnostics in {:?}", report.diagnostics.len(), start.elapsed());
    } else {
        let mapping = profile_mapping::read(mapping_text);
        let json = simulate_to_wire(&text, mapping_text, &mapping, &SimulateOptions::default()).text;
        eprintln!("simulate: {} bytes of wire text in {:?}", json.len(), start.elapsed());
        if let Ok(path) = std::env::var("DUMP") {
            std::fs::write(path, json).unwrap();
        }
    }
}
