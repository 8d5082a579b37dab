//! The hostile-input suite, natively: every case gives a report (never a panic) with the code
//! it should, and a normal call afterwards still works.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::hostile::{cases, normal_profile};
use scim_preflight::{apply_suggestions, map_attributes, validate, Options};

#[test]
fn every_hostile_input_gets_a_report_and_the_checker_keeps_working() {
    let all = cases();
    assert!(all.len() >= 40, "{} cases", all.len());
    for case in all {
        let report = validate(&case.text, &Options::default());
        if let Some(code) = case.expect {
            assert!(report.diagnostics.iter().any(|d| d.code == code), "{}: expected {code}, got {:?}", case.name, report.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>());
        }
        map_attributes(&case.text, &Options::default());
        apply_suggestions(&case.text, &Options::default());
        let normal = validate(&normal_profile(), &Options::default());
        assert!(normal.ok && normal.counts.warning == 0, "{}: the normal call afterwards failed: {:?}", case.name, normal.diagnostics);
    }
}

#[test]
fn deep_nesting_names_the_limit() {
    let report = validate(&"[".repeat(100_000), &Options::default());
    assert!(report.diagnostics[0].message.contains("nested more than 256 levels"), "{}", report.diagnostics[0].message);
}

#[test]
fn duplicate_keys_take_the_last_value_as_json_parse_does() {
    let report = validate("{\"profile\":{\"login\":\"nope\",\"login\":\"ann@example.com\",\"firstName\":\"A\",\"lastName\":\"B\"}}", &Options::default());
    assert!(!report.diagnostics.iter().any(|d| d.code == "username.not_email"));
}

#[test]
fn limits_are_enforced_with_a_diagnostic_that_names_them() {
    let huge = format!("[{}]", " ".repeat(65 * 1024 * 1024));
    let report = validate(&huge, &Options::default());
    assert_eq!(report.diagnostics.len(), 1);
    assert_eq!(report.diagnostics[0].code, "input.too_large");
    assert!(report.diagnostics[0].message.contains("more than the 64.0 MiB one call reads"), "{}", report.diagnostics[0].message);

    let options = Options { limits: scim_preflight::input::Limits { max_records: 3, ..Default::default() }, ..Options::default() };
    let report = validate("{\"login\":\"a@example.com\"}\n{oops}\n{}\n{}\n{oops}\n", &options);
    let over = report.diagnostics.iter().find(|d| d.code == "input.too_many_records").unwrap();
    assert_eq!((over.record, over.path.as_str(), over.line), (Some(3), "/3", Some(4)));
    assert!(over.message.contains("5 records, more than the 3 one call checks"), "{}", over.message);
    assert!(!report.diagnostics.iter().any(|d| d.record == Some(4)), "record 4 is past the limit");
}
