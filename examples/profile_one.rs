//! validate() of one Okta user, many times, for a profiler:
//! `valgrind --tool=callgrind target/release/examples/profile_one`.
use scim_preflight::{validate, Options};

fn main() {
    let one = r#"{"id":"00u00000000000000000","status":"ACTIVE","created":"2026-01-05T10:00:00.000Z","profile":{"login":"ana.larsen0@example.com","firstName":"Ana","lastName":"Larsen","email":"ana.larsen0@example.com","title":"Account Executive","countryCode":"US","preferredLanguage":"en-US","officeName":"New York","licenseType":"dialpad_sell"}}"#;
    let options = Options::default();
    for _ in 0..2_000 {
        std::hint::black_box(validate(std::hint::black_box(one), &options));
    }
}
