//! Times validate() on one Okta user, natively: `cargo run --release --example time_one`.
use scim_preflight::{validate, Options};
use std::time::Instant;

fn main() {
    let one = r#"{"id":"00u0000000000000000","status":"ACTIVE","created":"2026-01-05T10:00:00.000Z","profile":{"login":"ana.silva0@example.com","firstName":"Ana","lastName":"Silva","email":"ana.silva0@example.com","title":"Account Executive","countryCode":"US","preferredLanguage":"en-US","officeName":"New York","licenseType":"dialpad_talk"}}"#;
    let options = Options::default();
    let calls = 20_000;
    let start = Instant::now();
    for _ in 0..calls {
        std::hint::black_box(validate(std::hint::black_box(one), &options));
    }
    println!("validate one record: {:?} per call", start.elapsed() / calls);
    let start = Instant::now();
    for _ in 0..calls {
        std::hint::black_box(serde_json::to_string(&validate(one, &options)).unwrap_or_default());
    }
    println!("validate + serialise: {:?} per call", start.elapsed() / calls);
}
