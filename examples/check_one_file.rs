//! Runs the three exports once on one file, for a profiler.
use scim_preflight::{map_attributes, resolve_office, validate, Office, Options};
fn main() {
    let bytes = std::fs::read(std::env::args().nth(1).unwrap_or_default()).unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes);
    let offices = [Office { name: "HQ".into(), country: Some("US".into()), available_numbers: Some(0), ..Office::default() }];
    let options = Options { offices: Some(offices.to_vec()), ..Options::default() };
    println!("{}", validate(&text, &options).diagnostics.len());
    map_attributes(&text, &options);
    resolve_office(&text, &offices, &options);
}
