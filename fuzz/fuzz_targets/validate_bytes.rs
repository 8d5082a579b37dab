//! Arbitrary bytes (read as text the way a browser decodes a dropped file) through every export.
#![no_main]
use libfuzzer_sys::fuzz_target;
use scim_preflight::{map_attributes, resolve_office, validate, Office, Options};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let offices = [Office { name: "HQ".into(), country: Some("US".into()), available_numbers: Some(0), ..Office::default() }];
    let options = Options { offices: Some(offices.to_vec()), ..Options::default() };
    let report = validate(&text, &options);
    assert_eq!(report.ok, report.counts.error == 0);
    map_attributes(&text, &options);
    resolve_office(&text, &offices, &options);
});
