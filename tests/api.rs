//! The three exports through the native API: positions, batches, mapping and office resolution.
#![cfg(not(target_arch = "wasm32"))]

use scim_preflight::office::{DecidedBy, NumberSource, Outcome};
use scim_preflight::{map_attributes, resolve_office, validate, Kind, Office, OneOrMany, Options, Suggestion};
use serde_json::json;

const RFC_7643_USER: &str = include_str!("fixtures/rfc7643-8.3-user.json");

fn office(name: &str, country: &str) -> Office {
    Office { name: name.into(), country: Some(country.into()), ..Office::default() }
}

fn line_of(text: &str, needle: &str) -> usize {
    text[..text.find(needle).unwrap()].matches('\n').count() + 1
}

#[test]
fn rfc_7643_user_country_error_points_at_the_line_with_a_certain_suggestion() {
    let report = validate(RFC_7643_USER, &Options::default());
    assert_eq!(report.kind, Kind::ScimUser);
    assert!(!report.ok);
    let country = report.diagnostics.iter().find(|d| d.path == "/addresses/0/country").expect("a diagnostic at /addresses/0/country");
    assert_eq!(country.code, "country.not_alpha2");
    assert_eq!(country.line, Some(line_of(RFC_7643_USER, "\"country\":\"USA\"")));
    assert_eq!(country.column, Some(17));
    assert_eq!(country.suggestion.as_ref().and_then(Suggestion::as_str), Some("US"));
}

#[test]
fn rfc_7643_user_maps_name_email_and_office() {
    let OneOrMany::One(mapping) = map_attributes(RFC_7643_USER, &Options::default()) else { panic!("one mapping") };
    assert_eq!(mapping.fields.name.value.as_deref(), Some("Barbara Jensen"));
    assert_eq!(mapping.fields.email.value.as_deref(), Some("bjensen@example.com"));
    assert_eq!(mapping.fields.email.source.as_deref(), Some("/userName"));
    assert_eq!(mapping.fields.office.value.as_deref(), Some("Tour Operations"));
    assert_eq!(mapping.fields.job_title.value.as_deref(), Some("Tour Guide"));
    assert!(mapping.unmapped.contains(&"/nickName".to_string()));
}

#[test]
fn rfc_7643_user_is_placed_by_department() {
    let offices = [office("HQ", "US"), office("Tour Operations", "US")];
    let OneOrMany::One(resolution) = resolve_office(RFC_7643_USER, &offices, &Options::default()) else { panic!("one resolution") };
    assert_eq!(resolution.office.as_deref(), Some("Tour Operations"));
    assert_eq!(resolution.decided_by, DecidedBy::Department);
    let outcomes: Vec<(&str, Outcome)> = resolution.trace.iter().map(|step| (step.attribute, step.outcome)).collect();
    assert_eq!(
        outcomes,
        [("officeName", Outcome::Absent), ("physicalDeliveryOfficeName", Outcome::Absent), ("department", Outcome::Matched), ("country", Outcome::Skipped)]
    );
}

#[test]
fn near_miss_falls_back_to_the_country() {
    let text = json!({ "profile": { "login": "a@example.com", "firstName": "A", "lastName": "B", "officeName": "tour  operations", "countryCode": "GB" } }).to_string();
    let offices = [office("Tour Operations", "US"), office("London", "GB")];
    let OneOrMany::One(resolution) = resolve_office(&text, &offices, &Options::default()) else { panic!() };
    assert_eq!(resolution.office.as_deref(), Some("London"));
    assert_eq!(resolution.decided_by, DecidedBy::Country);
    assert_eq!(resolution.trace[0].outcome, Outcome::NearMiss);
    assert_eq!(resolution.trace[0].office.as_deref(), Some("Tour Operations"));
    let near = resolution.diagnostics.iter().find(|d| d.code == "office.near_miss").unwrap();
    assert_eq!(near.suggestion.as_ref().and_then(Suggestion::as_str), Some("Tour Operations"));
}

#[test]
fn several_offices_in_the_country_leave_the_choice_to_dialpad() {
    let text = json!({ "profile": { "login": "a@example.com", "countryCode": "US" } }).to_string();
    let offices = [office("New York", "US"), office("Austin", "United States")];
    let OneOrMany::One(resolution) = resolve_office(&text, &offices, &Options::default()) else { panic!() };
    assert_eq!(resolution.office, None);
    assert_eq!(resolution.decided_by, DecidedBy::Country);
    let country = resolution.trace.iter().find(|step| step.attribute == "country").unwrap();
    assert_eq!(country.outcome, Outcome::Ambiguous);
    assert_eq!(country.candidates, ["New York", "Austin"]);
    assert_eq!(resolution.number.source, NumberSource::Unknown);
}

#[test]
fn nothing_decides_so_dialpad_chooses() {
    let text = json!({ "profile": { "login": "a@example.com" } }).to_string();
    let offices = [office("New York", "US"), office("London", "GB")];
    let OneOrMany::One(resolution) = resolve_office(&text, &offices, &Options::default()) else { panic!() };
    assert_eq!(resolution.decided_by, DecidedBy::Dialpad);
    assert_eq!(resolution.trace.last().unwrap().outcome, Outcome::DialpadChooses);
    assert!(resolution.diagnostics.iter().any(|d| d.code == "office.dialpad_chooses"));
}

#[test]
fn number_comes_from_the_pool_or_the_area_code() {
    let text = json!({ "profile": { "login": "a@example.com", "officeName": "HQ" } }).to_string();
    let pool = |numbers| [Office { available_numbers: Some(numbers), ..office("HQ", "US") }];
    let source = |offices: &[Office]| match resolve_office(&text, offices, &Options::default()) {
        OneOrMany::One(resolution) => resolution.number.source,
        OneOrMany::Many(_) => panic!(),
    };
    assert_eq!(source(&pool(3)), NumberSource::Pool);
    assert_eq!(source(&pool(0)), NumberSource::AreaCode);
    let support = json!({ "profile": { "login": "a@example.com", "officeName": "HQ", "licenseType": "dialpad_support" } }).to_string();
    let OneOrMany::One(resolution) = resolve_office(&support, &pool(3), &Options::default()) else { panic!() };
    assert_eq!(resolution.number.source, NumberSource::None);
}

#[test]
fn invalid_json_is_a_report_at_the_failing_line_and_column() {
    let text = "{\n  \"profile\": {\n    \"login\": \"a@example.com\",\n  }\n}";
    let report = validate(text, &Options::default());
    assert_eq!(report.kind, Kind::Unknown);
    assert_eq!(report.diagnostics.len(), 1);
    let diagnostic = &report.diagnostics[0];
    assert_eq!(diagnostic.code, "input.invalid_json");
    assert_eq!((diagnostic.line, diagnostic.column), (Some(4), Some(3)));
}

#[test]
fn batch_diagnostics_carry_record_index_and_pointer() {
    let text = "[\n  {\"profile\": {\"login\": \"a@example.com\", \"firstName\": \"A\", \"lastName\": \"B\"}},\n  {\"profile\": {\"login\": \"nope\", \"firstName\": \"C\", \"lastName\": \"D\"}}\n]";
    let report = validate(text, &Options::default());
    assert_eq!(report.kind, Kind::Batch);
    let error = report.diagnostics.iter().find(|d| d.code == "username.not_email").unwrap();
    assert_eq!(error.record, Some(1));
    assert_eq!(error.path, "/1/profile/login");
    assert_eq!((error.line, error.column), (Some(3), Some(25)));
}

#[test]
fn ndjson_and_csv_records_are_located() {
    let ndjson = "{\"login\":\"a@example.com\",\"firstName\":\"A\",\"lastName\":\"B\"}\n{\"login\":\"b@example.com\",\"firstName\":\"C\",\"lastName\":\"D\",\"countryCode\":\"USA\"}\n";
    let report = validate(ndjson, &Options::default());
    let country = report.diagnostics.iter().find(|d| d.code == "country.not_alpha2").unwrap();
    assert_eq!((country.record, country.path.as_str(), country.line), (Some(1), "/1/countryCode", Some(2)));

    let csv = "Username,First name,Last name,countryCode\na@example.com,A,B,US\nb@example.com,C,D,Germany\n";
    let report = validate(csv, &Options::default());
    let country = report.diagnostics.iter().find(|d| d.code == "country.not_alpha2").unwrap();
    assert_eq!((country.record, country.path.as_str(), country.line, country.column), (Some(1), "/1/countryCode", Some(3), Some(19)));
    assert_eq!(country.suggestion.as_ref().and_then(Suggestion::as_str), Some("DE"));
}

#[test]
fn a_batch_maps_every_record_even_the_broken_ones() {
    let text = "{\"login\":\"a@example.com\",\"firstName\":\"A\",\"lastName\":\"B\"}\n{oops}\n{\"login\":\"c@example.com\",\"firstName\":\"C\",\"lastName\":\"D\"}\n";
    let OneOrMany::Many(mappings) = map_attributes(text, &Options::default()) else { panic!("a batch") };
    assert_eq!(mappings.len(), 3);
    assert_eq!(mappings[0].fields.name.value.as_deref(), Some("A B"));
    assert_eq!(mappings[1].kind, Kind::Unknown);
    assert_eq!(mappings[1].diagnostics[0].code, "input.invalid_json");
    assert_eq!(mappings[2].fields.email.value.as_deref(), Some("c@example.com"));
}

#[test]
fn without_positions_diagnostics_have_no_line_or_column() {
    let options = Options { positions: false, ..Options::default() };
    let report = validate(RFC_7643_USER, &options);
    assert!(report.diagnostics.iter().all(|d| d.line.is_none() && d.column.is_none()));
    let with_positions = validate(RFC_7643_USER, &Options::default());
    let strip = |report: scim_preflight::Report| report.diagnostics.into_iter().map(|d| (d.code, d.path, d.message)).collect::<Vec<_>>();
    assert_eq!(strip(report), strip(with_positions));
}

#[test]
fn options_offices_add_office_checks_to_validate() {
    let text = json!({ "profile": { "login": "a@example.com", "firstName": "A", "lastName": "B", "officeName": "hq" } }).to_string();
    let options = Options { offices: Some(vec![office("HQ", "US")]), ..Options::default() };
    let report = validate(&text, &options);
    assert!(report.diagnostics.iter().any(|d| d.code == "office.near_miss"));
    assert!(!validate(&text, &Options::default()).diagnostics.iter().any(|d| d.code.starts_with("office.")));
}

/// serde_json's text with each character beyond ASCII as `\uXXXX`, as the fast writer writes it.
fn escaped_beyond_ascii(json: String) -> String {
    json.chars().map(|c| if c.is_ascii() { c.to_string() } else { c.encode_utf16(&mut [0; 2]).iter().map(|unit| format!("\\u{unit:04x}")).collect() }).collect()
}

/// Reports and diagnostics written by the fast writer (`Report::write_json`, used across the
/// wasm boundary and in simulations) are the text serde_json writes, in ASCII (characters beyond
/// it escaped, which JSON.parse reads back the same): on every kind of input, every finding,
/// odd strings, suggestions of every type, and simulated bodies' origins.
#[test]
fn reports_written_fast_are_the_text_serde_json_writes() {
    use scim_preflight::simulate::{simulate, SimulateOptions};
    let texts = [
        include_str!("fixtures/rfc7643-8.3-user.json").to_string(),
        r#"[{"profile":{"login":"a\"b\\c@example.com","firstName":" Ana\t","lastName":"\u0001","countryCode":"USA","preferredLanguage":"English","licenseType":"Dialpad_Talk","title":5,"mobilePhone":"+1 555"}},{"login":"a\"b\\c@example.com"},7,{"x":1}]"#.to_string(),
        "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"remove\",\"path\":\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:licenseType\"}]}".to_string(),
        "login,firstName,countryCode\né@x.co,\"Jo\"\"e\",Deutschland\n".to_string(),
        "{\"definitions\":{\"custom\":{\"properties\":{\"licenseType\":{\"type\":\"integer\",\"externalNamespace\":\"urn:x\"}}}}}".to_string(),
        "[1,".to_string(),
    ];
    for text in &texts {
        let report = validate(text, &Options::default());
        let mut fast = Vec::new();
        report.write_json(&mut fast);
        let fast = String::from_utf8(fast).unwrap();
        assert!(fast.is_ascii());
        assert_eq!(fast, escaped_beyond_ascii(serde_json::to_string(&report).unwrap()), "{text}");
    }
    let users = r#"[{"profile":{"login":"ana@example.com","firstName":"Ana","lastName":"Silva","department":"Support","countryCode":"USA"}},{"profile":{"login":"bo@example.com"}}]"#;
    let mapping = r#"{"properties":{"userName":{"expression":"user.login"},"givenName":{"expression":"user.firstName"},"familyName":{"expression":"user.lastName"},"countryCode":{"expression":"user.countryCode"},"licenseType":{"expression":"user.department == 'Support' ? 'Dialpad_Support (Contact Center)' : 'x'"}}}"#;
    let read = scim_preflight::profile_mapping::read(mapping);
    let OneOrMany::Many(simulations) = simulate(users, mapping, &read, &SimulateOptions::default()) else { panic!("a batch") };
    let mut checked = 0;
    for simulation in simulations.iter().filter_map(|simulation| simulation.report.as_ref()) {
        let mut fast = Vec::new();
        simulation.write_json(&mut fast);
        assert_eq!(String::from_utf8(fast).unwrap(), escaped_beyond_ascii(serde_json::to_string(simulation).unwrap()));
        checked += simulation.diagnostics.iter().filter(|diagnostic| diagnostic.origin.is_some()).count();
    }
    assert!(checked > 0, "some diagnostics have an origin");
}

/// Every result the wasm gives (mapAttributes, resolveOffice, BatchChecker's chunks and
/// summary, the default mapping) written by `json_out::ToJson` is the text serde_json writes
/// from `Serialize`, in ASCII: on every kind of input, with offices, capacity and pools.
#[test]
fn results_written_by_json_out_are_the_text_serde_json_writes() {
    use scim_preflight::json_out::ToJson;
    use scim_preflight::stream::BatchSession;
    fn same<T: ToJson + serde::Serialize>(value: &T, what: &str) -> usize {
        let mut ours = Vec::new();
        value.to_json(&mut ours);
        let ours = String::from_utf8(ours).unwrap();
        assert!(ours.is_ascii(), "{what}");
        assert_eq!(ours, escaped_beyond_ascii(serde_json::to_string(value).unwrap()), "{what}");
        ours.len()
    }
    let offices: Vec<Office> = vec![
        Office { name: "São Paulo".into(), country: Some("BR".into()), main: Some(true), available_numbers: Some(0), available_licenses: Some([("dialpad_talk".to_string(), 1)].into()) },
        office("Berlin", "DE"),
        office("Berlin 2", "DE"),
        Office { name: "HQ \"1\"".into(), available_numbers: Some(3), ..Office::default() },
    ];
    let texts = [
        include_str!("fixtures/rfc7643-8.3-user.json").to_string(),
        r#"[{"profile":{"login":"a\"b\\c@example.com","firstName":" Ana\t","lastName":"\u0001","countryCode":"USA","preferredLanguage":"English","licenseType":"Dialpad_Talk","title":5,"officeName":"sao paulo"}},{"login":"b@example.com","countryCode":"DE","licenseType":"dialpad_talk"},7,{"x":1},{"profile":{"login":"c@example.com","officeName":"HQ \"1\"","licenseType":"dialpad_support"}}]"#.to_string(),
        "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"remove\",\"path\":\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:licenseType\"}]}".to_string(),
        "login,firstName,countryCode,officeName\né@x.co,\"Jo\"\"e\",Deutschland,Berlin\nz@x.co,Zoë,BR,\n".to_string(),
        "{\"definitions\":{\"custom\":{\"properties\":{\"licenseType\":{\"type\":\"integer\",\"externalNamespace\":\"urn:x\"}}}}}".to_string(),
        "[1,".to_string(),
    ];
    let (mut written, mut rows) = (0, 0);
    for text in &texts {
        written += same(&map_attributes(text, &Options::default()), text);
        written += same(&resolve_office(text, &offices, &Options::default()), text);
        let mut session = BatchSession::new(Options { offices: Some(offices.clone()), ..Options::default() });
        written += same(&session.push_text(text), text);
        let summary = session.finish();
        rows += summary.capacity.len() * summary.numbers.len();
        written += same(&summary, text);
        let mut lines = BatchSession::new(Options::default());
        written += same(&lines.push_ndjson(&text.replace('\n', " ")), text);
        written += same(&lines.finish(), text);
    }
    written += same(&scim_preflight::profile_mapping::default_mapping(), "the default mapping");
    assert!(written > 20_000, "{written} bytes compared");
    assert!(rows > 0, "a summary has capacity and number rows");
}

/// Findings at the same place keep one order: what reading found (a ragged CSV row) before the
/// rules about that row, in `validate` as in a BatchSession given the same text, as it was
/// before records were checked while being read.
#[test]
fn findings_at_the_same_place_come_reading_first() {
    use scim_preflight::stream::BatchSession;
    let text = "login,firstName,lastName\nann@example.com,Ann\n";
    let codes = |diagnostics: &[scim_preflight::Diagnostic]| diagnostics.iter().filter(|d| d.record == Some(0)).map(|d| d.code).collect::<Vec<_>>();
    let report = validate(text, &Options::default());
    let validated = codes(&report.diagnostics);
    assert_eq!(validated.first(), Some(&"input.csv_ragged_row"), "{validated:?}");
    let mut session = BatchSession::new(Options::default());
    let chunk = session.push_text(text);
    assert_eq!(codes(&chunk.diagnostics), validated);
}
