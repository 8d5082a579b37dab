//! Properties that hold for every input: nothing panics, the same input gives the same report,
//! a suggestion applied removes its diagnostic and adds no error, and text and its parsed value
//! give the same findings but for positions; and any Okta expression simulates without a panic,
//! the same each time.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use scim_preflight::simulate::{simulate, SimulateOptions, Simulation};
use scim_preflight::{apply_suggestions, map_attributes, profile_mapping, resolve_office, validate, Office, OneOrMany, Options};
use serde_json::{json, Map, Value};

/// Values that a profile attribute might hold: good ones, the common mistakes, and odd JSON.
fn attribute_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!("US")), Just(json!("USA")), Just(json!("United States")), Just(json!("us")), Just(json!(" DE")),
        Just(json!("en")), Just(json!("English")), Just(json!("en_US")), Just(json!("xx")),
        Just(json!("dialpad_talk")), Just(json!("Dialpad_Talk")), Just(json!("Dialpad_Ai Voice")), Just(json!("dialpad_support")),
        Just(json!("ann@example.com")), Just(json!("ANN@example.com")), Just(json!("ann")), Just(json!("")), Just(json!("  ")),
        Just(json!("HQ")), Just(json!("hq")), Just(json!(null)), Just(json!(5)), Just(json!(true)), Just(json!([])), Just(json!({})),
        "\\PC{0,12}".prop_map(Value::String),
    ]
}

const ATTRIBUTES: [&str; 14] = [
    "login", "firstName", "lastName", "email", "title", "countryCode", "preferredLanguage", "licenseType", "officeName",
    "department", "physicalDeliveryOfficeName", "primaryPhone", "nickName", "FirstName",
];

fn okta_profile() -> impl Strategy<Value = Value> {
    proptest::collection::vec((proptest::sample::select(&ATTRIBUTES[..]), attribute_value()), 0..10).prop_map(|pairs| {
        let profile: Map<String, Value> = pairs.into_iter().map(|(key, value)| (key.to_string(), value)).collect();
        json!({ "profile": profile })
    })
}

/// Any JSON value, nested a few levels.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![Just(Value::Null), any::<bool>().prop_map(Value::Bool), any::<i64>().prop_map(|n| json!(n)), "\\PC{0,8}".prop_map(Value::String)];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec(("[a-zA-Z:._]{0,10}", inner), 0..6).prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

fn offices() -> Vec<Office> {
    vec![Office { name: "HQ".into(), country: Some("US".into()), available_numbers: Some(0), ..Office::default() }]
}

fn findings(text: &str, options: &Options) -> Vec<(&'static str, String, String)> {
    validate(text, options).diagnostics.into_iter().map(|d| (d.code, d.path, d.message)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn no_text_makes_it_panic(text in "\\PC{0,200}") {
        let options = Options { offices: Some(offices()), ..Options::default() };
        validate(&text, &options);
        map_attributes(&text, &options);
        resolve_office(&text, &offices(), &options);
        apply_suggestions(&text, &options);
    }

    #[test]
    fn no_json_value_makes_it_panic(value in any_json()) {
        let text = value.to_string();
        validate(&text, &Options::default());
        map_attributes(&text, &Options::default());
        let as_records = format!("[{text}, {text}]");
        validate(&as_records, &Options { offices: Some(offices()), ..Options::default() });
    }

    #[test]
    fn forced_kinds_never_panic(value in any_json(), kind in proptest::sample::select(vec!["okta-user", "scim-user", "scim-patch", "app-schema"])) {
        let options = Options::from_json(&json!({ "kind": kind }).to_string()).unwrap();
        validate(&value.to_string(), &options);
    }

    #[test]
    fn csv_and_ndjson_never_panic(lines in proptest::collection::vec("[a-z@.\",;\\t ]{0,20}", 0..6)) {
        let text = lines.join("\n");
        validate(&format!("login,firstName\n{text}"), &Options::default());
        validate(&format!("{{\"login\":\"a@b.co\"}}\n{text}"), &Options::default());
    }

    #[test]
    fn the_same_input_gives_the_same_report(profile in okta_profile()) {
        let text = serde_json::to_string_pretty(&profile).unwrap();
        let options = Options { offices: Some(offices()), ..Options::default() };
        prop_assert_eq!(validate(&text, &options), validate(&text, &options));
    }

    #[test]
    fn applied_suggestions_remove_their_diagnostics_and_add_no_error(profile in okta_profile()) {
        let text = serde_json::to_string_pretty(&profile).unwrap();
        let options = Options { offices: Some(offices()), ..Options::default() };
        let before = validate(&text, &options);
        let fixed = apply_suggestions(&text, &options);
        let after = validate(&fixed, &options);
        for diagnostic in before.diagnostics.iter().filter(|d| d.suggestion.is_some()) {
            prop_assert!(
                !after.diagnostics.iter().any(|d| d.code == diagnostic.code && d.path == diagnostic.path),
                "{} at {} survived its fix:\n{}", diagnostic.code, diagnostic.path, fixed
            );
        }
        prop_assert!(after.counts.error <= before.counts.error, "{} -> {} errors:\n{}", before.counts.error, after.counts.error, fixed);
    }

    #[test]
    fn text_and_parsed_value_agree_but_for_positions(profile in okta_profile()) {
        let text = serde_json::to_string_pretty(&profile).unwrap();
        let reparsed: Value = serde_json::from_str(&text).unwrap();
        let without_positions = Options { positions: false, ..Options::default() };
        prop_assert_eq!(findings(&text, &Options::default()), findings(&reparsed.to_string(), &without_positions));
    }
}

/// Pieces of Okta expressions, so generated expressions reach the evaluator, not only the parser.
const EXPRESSION_TOKENS: [&str; 40] = [
    "user.", "appuser.", "department", "firstName", "licenseType", "nickName", "(", ")", "{", "}", ",", "?", ":", "+", "-", "==", "!=", "<",
    "!", " AND ", " OR ", "null", "true", "1", "2.5", "'Support'", "\"x\"", "String.", "Arrays.", "Convert.", "substringBefore",
    "stringSwitch", "toUpperCase", "len", "size", "toInt", "isMemberOfGroupName", "matches", " ", "'.*'",
];

fn expression() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,60}",
        proptest::collection::vec(proptest::sample::select(&EXPRESSION_TOKENS[..]), 1..25).prop_map(|tokens| tokens.concat()),
    ]
}

/// Runs `user` through Dialpad's default mapping with `expression` as the licenseType and title.
fn simulated(user: &Value, expression: &str) -> String {
    serde_json::to_string(&simulation(user, expression)).unwrap()
}

fn simulation(user: &Value, expression: &str) -> Simulation {
    let mut mapping = serde_json::to_value(profile_mapping::default_mapping()).unwrap();
    mapping["properties"]["licenseType"] = json!({ "expression": expression, "pushStatus": "PUSH" });
    mapping["properties"]["title"] = json!({ "expression": expression, "pushStatus": "DONT_PUSH" });
    let mapping_text = serde_json::to_string_pretty(&mapping).unwrap();
    let mut options = SimulateOptions { options: Options { offices: Some(offices()), ..Options::default() }, ..SimulateOptions::default() };
    options.groups = Some([("ann@example.com".to_string(), vec!["Sales".to_string()])].into_iter().collect());
    let read = profile_mapping::read(&mapping_text);
    match simulate(&user.to_string(), &mapping_text, &read, &options) {
        OneOrMany::One(simulation) => simulation,
        OneOrMany::Many(mut many) => many.remove(0),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn no_expression_makes_simulate_panic_and_the_same_input_gives_the_same_simulation(profile in okta_profile(), expression in expression()) {
        prop_assert_eq!(simulated(&profile, &expression), simulated(&profile, &expression));
    }

    /// A simulated body's findings are placed from its layout, without its text being written:
    /// each range holds, in `JSON.stringify(body, null, 2)`, the value at the finding's path or
    /// that member's name, and its line and column are where the range starts.
    #[test]
    fn findings_in_a_simulated_body_point_into_its_text(profile in okta_profile(), expression in expression()) {
        let simulation = simulation(&profile, &expression);
        let Some(request) = &simulation.request else { return Ok(()) };
        // Written from the body itself, whose members keep Okta's order.
        let text = serde_json::to_string_pretty(&request.body).unwrap();
        let body: Value = serde_json::from_str(&text).unwrap();
        let simulation = serde_json::to_value(&simulation).unwrap();
        let units: Vec<u16> = text.encode_utf16().collect();
        for finding in simulation["report"]["diagnostics"].as_array().into_iter().flatten() {
            let Some([start, end]) = finding["range"].as_array().map(|range| [range[0].as_u64().unwrap() as usize, range[1].as_u64().unwrap() as usize]) else { continue };
            let held = String::from_utf16(&units[start..end]).unwrap();
            let path = finding["path"].as_str().unwrap();
            let key = path.rsplit('/').next().unwrap_or("").replace("~1", "/").replace("~0", "~");
            let is_value = serde_json::from_str::<Value>(&held).ok().as_ref() == body.pointer(path);
            prop_assert!(is_value || held == serde_json::to_string(&key).unwrap(), "{held:?} at {path} in {text}");
            let before = String::from_utf16(&units[..start]).unwrap();
            prop_assert_eq!(finding["line"].as_u64(), Some(before.matches('\n').count() as u64 + 1));
            let line_start = before.rfind('\n').map_or(0, |at| before[..=at].encode_utf16().count());
            prop_assert_eq!(finding["column"].as_u64(), Some((start - line_start + 1) as u64));
        }
    }
}

/// NDJSON of profiles (with a broken line now and then), as a file holds it.
fn ndjson_text() -> impl Strategy<Value = String> {
    let line = prop_oneof![9 => okta_profile().prop_map(|user| user["profile"].to_string()), 1 => Just("{broken".to_string())];
    (proptest::collection::vec(line, 1..12), any::<bool>()).prop_map(|(lines, last_newline)| {
        let text = lines.join("\n");
        if last_newline { text + "\n" } else { text }
    })
}

/// Everything a batch session gives for `pieces`: each finding (code, record, line, column,
/// range) and the totals.
fn streamed(pieces: &[&[u8]]) -> (Vec<String>, String) {
    let mut session = scim_preflight::stream::BatchSession::new(Options { offices: Some(offices()), ..Options::default() });
    let mut findings = Vec::new();
    let mut keep = |diagnostics: Vec<scim_preflight::Diagnostic>| findings.extend(diagnostics.into_iter().map(|d| format!("{} {:?} {:?} {:?} {:?}", d.code, d.record, d.line, d.column, d.range)));
    for piece in pieces {
        keep(session.push_ndjson_bytes(piece).diagnostics);
    }
    let mut summary = session.finish();
    keep(std::mem::take(&mut summary.last.diagnostics));
    keep(std::mem::take(&mut summary.diagnostics));
    (findings, format!("{} {} {} {:?}", summary.records, summary.with_errors, summary.with_warnings, summary.counts))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// A stream cuts a file anywhere, even inside a character: the findings and totals are
    /// those of the whole text pushed at once.
    #[test]
    fn ndjson_cut_anywhere_gives_what_the_whole_text_gives(text in ndjson_text(), cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..8)) {
        let bytes = text.as_bytes();
        let mut at: Vec<usize> = cuts.iter().map(|cut| cut.index(bytes.len() + 1)).collect();
        at.extend([0, bytes.len()]);
        at.sort_unstable();
        let pieces: Vec<&[u8]> = at.windows(2).map(|pair| &bytes[pair[0]..pair[1]]).collect();
        prop_assert_eq!(streamed(&pieces), streamed(&[bytes]));
    }
}
