//! The exports as JavaScript calls them, run by wasm-pack in Node, headless Chrome and
//! headless Firefox (`WASM_BINDGEN_USE_BROWSER=1` sends the same suite to a browser).
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Reflect, Uint8Array, JSON};
use scim_preflight::wasm::{apply_suggestions, check_stream, default_mapping, limits, map_attributes, resolve_office, rules, simulate, validate, BatchChecker};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

#[path = "common/hostile.rs"]
mod hostile;

const RFC_7643_USER: &str = include_str!("fixtures/rfc7643-8.3-user.json");

/// Reads a dotted path ("diagnostics.0.code") from a JS value.
fn get(value: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(value.clone(), |current, key| Reflect::get(&current, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED))
}

fn text(value: &JsValue, path: &str) -> Option<String> {
    get(value, path).as_string()
}

fn parse(json: &str) -> JsValue {
    JSON::parse(json).unwrap()
}

fn error_message(result: Result<JsValue, JsError>) -> String {
    let error = JsValue::from(result.expect_err("a thrown Error"));
    assert!(error.is_instance_of::<js_sys::Error>());
    get(&error, "message").as_string().unwrap()
}

fn diagnostics(report: &JsValue) -> Vec<JsValue> {
    Array::from(&get(report, "diagnostics")).iter().collect()
}

#[wasm_bindgen_test]
fn validate_text_gives_positions_and_certain_suggestions() {
    let report = validate(JsValue::from_str(RFC_7643_USER), JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&report, "ok").as_bool(), Some(false));
    assert_eq!(text(&report, "kind").as_deref(), Some("scim-user"));
    let country = diagnostics(&report).into_iter().find(|d| text(d, "path").as_deref() == Some("/addresses/0/country")).unwrap();
    assert_eq!(text(&country, "code").as_deref(), Some("country.not_alpha2"));
    assert_eq!(text(&country, "suggestion").as_deref(), Some("US"));
    assert_eq!(get(&country, "line").as_f64(), Some(36.0));
    assert_eq!(get(&country, "column").as_f64(), Some(17.0));
}

#[wasm_bindgen_test]
fn validate_a_parsed_object_gives_the_same_findings_without_positions() {
    let from_text = validate(JsValue::from_str(RFC_7643_USER), JsValue::UNDEFINED).unwrap();
    let from_object = validate(parse(RFC_7643_USER), JsValue::UNDEFINED).unwrap();
    let codes = |report: &JsValue| diagnostics(report).iter().map(|d| (text(d, "code"), text(d, "path"))).collect::<Vec<_>>();
    assert_eq!(codes(&from_text), codes(&from_object));
    assert!(diagnostics(&from_object).iter().all(|d| get(d, "line").is_undefined()));
}

#[wasm_bindgen_test]
fn invalid_json_is_a_report_not_an_exception() {
    let report = validate(JsValue::from_str("{\"profile\": {\"login\": }"), JsValue::UNDEFINED).unwrap();
    assert_eq!(text(&report, "diagnostics.0.code").as_deref(), Some("input.invalid_json"));
    assert_eq!(get(&report, "diagnostics.0.column").as_f64(), Some(23.0));
}

#[wasm_bindgen_test]
fn map_attributes_maps_the_rfc_user() {
    let mapping = map_attributes(JsValue::from_str(RFC_7643_USER), JsValue::UNDEFINED).unwrap();
    assert_eq!(text(&mapping, "fields.name.value").as_deref(), Some("Barbara Jensen"));
    assert_eq!(text(&mapping, "fields.email.source").as_deref(), Some("/userName"));
    assert_eq!(text(&mapping, "fields.office.value").as_deref(), Some("Tour Operations"));
    assert!(get(&mapping, "product").is_null());
}

#[wasm_bindgen_test]
fn map_attributes_of_a_batch_is_an_array() {
    let batch = "{\"login\":\"a@example.com\"}\n{\"login\":\"b@example.com\",\"licenseType\":\"dialpad_sell\"}\n";
    let mappings = map_attributes(JsValue::from_str(batch), JsValue::UNDEFINED).unwrap();
    assert!(Array::is_array(&mappings));
    assert_eq!(text(&mappings, "1.product").as_deref(), Some("Dialpad Sell"));
}

#[wasm_bindgen_test]
fn resolve_office_decides_by_department() {
    let offices = parse(r#"[{"name":"HQ","country":"US","main":true},{"name":"Tour Operations","country":"US","availableNumbers":4}]"#);
    let resolution = resolve_office(JsValue::from_str(RFC_7643_USER), offices, JsValue::UNDEFINED).unwrap();
    assert_eq!(text(&resolution, "office").as_deref(), Some("Tour Operations"));
    assert_eq!(text(&resolution, "decidedBy").as_deref(), Some("department"));
    assert_eq!(text(&resolution, "trace.2.outcome").as_deref(), Some("matched"));
    assert_eq!(text(&resolution, "number.source").as_deref(), Some("pool"));
}

#[wasm_bindgen_test]
fn options_offices_adds_office_checks() {
    let options = parse(r#"{"offices":[{"name":"Tour Operations","country":"US"}]}"#);
    let report = validate(JsValue::from_str(RFC_7643_USER), options).unwrap();
    assert!(diagnostics(&report).iter().any(|d| text(d, "code").as_deref() == Some("office.resolved")));
}

#[wasm_bindgen_test]
fn misuse_throws_an_error_that_says_what_was_expected() {
    let message = error_message(resolve_office(JsValue::from_str("{}"), parse("{}"), JsValue::UNDEFINED));
    assert!(message.contains("offices must be an array"), "{message}");
    let message = error_message(resolve_office(JsValue::from_str("{}"), parse(r#"[{"country":"US"}]"#), JsValue::UNDEFINED));
    assert!(message.contains("offices[0]"), "{message}");
    let message = error_message(validate(JsValue::from_f64(42.0), JsValue::UNDEFINED));
    assert!(message.contains("input must be the pasted text"), "{message}");
    let message = error_message(validate(JsValue::from_str("{}"), JsValue::from_str("scim-user")));
    assert!(message.contains("options must be an object"), "{message}");
    let message = error_message(validate(JsValue::from_str("{}"), parse(r#"{"kind":"user"}"#)));
    assert!(message.contains("options.kind must be one of"), "{message}");
    let message = error_message(validate(Uint8Array::new_with_length(4).into(), JsValue::UNDEFINED));
    assert!(message.contains("binary"), "{message}");
}

#[wasm_bindgen_test]
fn still_works_after_a_thrown_error() {
    let _ = validate(JsValue::UNDEFINED, JsValue::UNDEFINED);
    let report = validate(JsValue::from_str("{\"login\":\"a@example.com\",\"firstName\":\"A\",\"lastName\":\"B\"}"), JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&report, "ok").as_bool(), Some(true));
}

#[wasm_bindgen_test]
fn apply_suggestions_rewrites_only_the_fixed_values() {
    let fixed = apply_suggestions(JsValue::from_str(RFC_7643_USER), JsValue::UNDEFINED).unwrap();
    assert_eq!(fixed, RFC_7643_USER.replace("\"country\":\"USA\"", "\"country\":\"US\""));
    let message = error_message(apply_suggestions(parse("{}"), JsValue::UNDEFINED).map(JsValue::from));
    assert!(message.contains("text must be a string"), "{message}");
}

/// checkStream's JavaScript half (src/check_stream.js) in each runtime: pieces cut inside a
/// character, a last line without its newline, and a record callback.
#[wasm_bindgen_test]
async fn check_stream_reads_pieces_cut_anywhere() {
    let text = "{\"login\":\"zo\u{eb}@example.com\",\"firstName\":\"Zo\u{eb}\",\"lastName\":\"N\",\"countryCode\":\"USA\"}\n{\"login\":\"b@example.com\",\"firstName\":\"B\",\"lastName\":\"C\"}";
    let pieces = Array::new();
    for piece in text.as_bytes().chunks(5) {
        pieces.push(&Uint8Array::from(piece));
    }
    let logins = Array::new();
    let on_record = Closure::<dyn FnMut(JsValue, JsValue)>::new({
        let logins = logins.clone();
        move |row: JsValue, _diagnostics: JsValue| {
            logins.push(&get(&row, "login"));
        }
    });
    let options = js_sys::Object::new();
    Reflect::set(&options, &"onRecord".into(), on_record.as_ref()).unwrap();
    let summary = JsFuture::from(check_stream(pieces.into(), options.into()).unwrap()).await.unwrap();
    assert_eq!(get(&summary, "records").as_f64(), Some(2.0));
    assert_eq!(get(&summary, "withErrors").as_f64(), Some(1.0));
    assert_eq!(text_of(&logins), "[\"zo\u{eb}@example.com\",\"b@example.com\"]");
    assert_eq!(get(&summary, "last.records.length").as_f64(), Some(1.0), "the last line, without its newline");
    let refused = JsFuture::from(check_stream(JsValue::from_f64(42.0), JsValue::UNDEFINED).unwrap()).await.expect_err("42 is no stream");
    assert!(get(&refused, "message").as_string().unwrap_or_default().contains("source must be a Node Readable"));
    assert!(rules().unwrap().dyn_into::<Array>().unwrap().length() > 50);
}

fn text_of(value: &JsValue) -> String {
    JSON::stringify(value).unwrap().as_string().unwrap_or_default()
}

#[wasm_bindgen_test]
fn apply_suggestions_can_fix_only_the_paths_given() {
    let text = r#"{"profile":{"login":"a@example.com","countryCode":"USA","licenseType":"Dialpad_Talk"}}"#;
    let country_only = apply_suggestions(JsValue::from_str(text), parse(r#"{"paths":["/profile/countryCode"]}"#)).unwrap();
    assert_eq!(country_only, text.replace("\"USA\"", "\"US\""));
    let message = error_message(apply_suggestions(JsValue::from_str(text), parse(r#"{"paths":"/profile/countryCode"}"#)).map(JsValue::from));
    assert!(message.contains("options.paths must be an array of JSON Pointers"), "{message}");
    let message = error_message(apply_suggestions(JsValue::from_str(text), parse(r#"{"path":["/profile"]}"#)).map(JsValue::from));
    assert!(message.contains("options.path is not an option"), "{message}");
}

#[wasm_bindgen_test]
fn batch_checker_streams_ndjson_and_totals_at_the_end() {
    let mut checker = BatchChecker::new(JsValue::UNDEFINED).unwrap();
    let first = checker.push_ndjson(JsValue::from_str("{\"login\":\"a@example.com\",\"firstName\":\"A\",\"lastName\":\"B\"}\n")).unwrap();
    let second = checker.push_ndjson(JsValue::from_str("{\"login\":\"A@example.com\",\"firstName\":\"A\",\"lastName\":\"B\",\"countryCode\":\"USA\"}\n")).unwrap();
    assert_eq!(get(&first, "records.0.login").as_string().as_deref(), Some("a@example.com"));
    assert_eq!(get(&second, "records.0.record").as_f64(), Some(1.0));
    let codes: Vec<_> = diagnostics(&second).iter().map(|d| (text(d, "code"), get(d, "line").as_f64())).collect();
    assert!(codes.contains(&(Some("batch.duplicate_username".into()), Some(2.0))), "{codes:?}");
    let summary = checker.finish().unwrap();
    assert_eq!(get(&summary, "records").as_f64(), Some(2.0));
    assert_eq!(get(&summary, "withErrors").as_f64(), Some(1.0));
    let message = error_message(checker.finish());
    assert!(message.contains("has finished"), "{message}");
}

#[wasm_bindgen_test]
fn batch_checker_takes_ndjson_as_bytes_and_reads_bytes_that_are_not_utf8_as_replacements() {
    let mut checker = BatchChecker::new(JsValue::UNDEFINED).unwrap();
    let mut line = b"{\"login\":\"a@example.com\",\"firstName\":\"A\",\"lastName\":\"B\xE9\"}\n".to_vec();
    line.extend_from_slice(b"{\"login\":\"b@example.com\",\"firstName\":\"B\",\"lastName\":\"C\"}\n");
    let chunk = checker.push_ndjson(Uint8Array::from(&line[..]).into()).unwrap();
    assert_eq!(get(&chunk, "records.1.login").as_string().as_deref(), Some("b@example.com"));
    let found: Vec<_> = diagnostics(&chunk).iter().map(|d| (text(d, "code"), text(d, "path"))).collect();
    assert!(found.contains(&(Some("value.replacement_character".into()), Some("/0/lastName".into()))), "{found:?}");
    let message = error_message(checker.push_ndjson(JsValue::from_f64(1.0)));
    assert!(message.contains("a string or a Uint8Array") && message.contains("number"), "{message}");
}

#[wasm_bindgen_test]
fn batch_checker_without_rows_gives_only_the_diagnostics_and_totals() {
    let mut checker = BatchChecker::new(parse("{\"rows\": false, \"kind\": \"okta-user\"}")).unwrap();
    let chunk = checker.push_ndjson(JsValue::from_str("{\"login\":\"a@example.com\",\"firstName\":\"A\",\"lastName\":\"B\",\"countryCode\":\"USA\"}\n")).unwrap();
    assert_eq!(Array::from(&get(&chunk, "records")).length(), 0);
    let codes: Vec<_> = diagnostics(&chunk).iter().map(|d| text(d, "code")).collect();
    assert!(codes.contains(&Some("country.not_alpha2".into())), "{codes:?}");
    let summary = checker.finish().unwrap();
    assert_eq!((get(&summary, "records").as_f64(), get(&summary, "withErrors").as_f64()), (Some(1.0), Some(1.0)));
    let message = error_message(BatchChecker::new(parse("{\"rows\": \"no\"}")).map(JsValue::from));
    assert!(message.contains("options.rows must be true or false"), "{message}");
}

#[wasm_bindgen_test]
fn batch_checker_refuses_a_file_too_large_without_reading_it() {
    let mut checker = BatchChecker::new(JsValue::UNDEFINED).unwrap();
    let max_bytes = get(&limits().unwrap(), "maxBytes").as_f64().unwrap();
    assert_eq!(max_bytes, 64.0 * 1024.0 * 1024.0);
    let chunk = checker.push_too_large(300.0 * 1024.0 * 1024.0).unwrap();
    assert_eq!(text(&diagnostics(&chunk)[0], "code").as_deref(), Some("input.too_large"));
    assert!(text(&diagnostics(&chunk)[0], "message").is_some_and(|m| m.contains("more than the 64.0 MiB")));
    assert_eq!(get(&checker.finish().unwrap(), "counts.error").as_f64(), Some(1.0));
    let mut checker = BatchChecker::new(JsValue::UNDEFINED).unwrap();
    let message = error_message(checker.push_too_large(f64::NAN));
    assert!(message.contains("bytes must be the size"), "{message}");
}

fn still_works() {
    let normal = validate(JsValue::from_str(&hostile::normal_profile()), JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&normal, "ok").as_bool(), Some(true));
}

#[wasm_bindgen_test]
fn hostile_text_gets_a_report_and_the_module_keeps_working() {
    for case in hostile::cases() {
        let report = validate(JsValue::from_str(&case.text), JsValue::UNDEFINED).unwrap_or_else(|_| panic!("{}: threw", case.name));
        if let Some(code) = case.expect {
            assert!(diagnostics(&report).iter().any(|d| text(d, "code").as_deref() == Some(code)), "{}: expected {code}", case.name);
        }
        still_works();
    }
}

#[wasm_bindgen_test]
fn js_values_that_are_not_text_or_objects_throw_clear_errors() {
    let function = js_sys::Function::new_no_args("return 1");
    let symbol = js_sys::Symbol::for_("s");
    let bigint = js_sys::BigInt::from(5u32);
    for (name, value) in [
        ("undefined", JsValue::UNDEFINED),
        ("null", JsValue::NULL),
        ("a function", function.into()),
        ("a symbol", symbol.into()),
        ("a bigint", bigint.into()),
        ("a boolean", JsValue::TRUE),
    ] {
        let message = error_message(validate(value, JsValue::UNDEFINED));
        assert!(message.contains("input must be the pasted text"), "{name}: {message}");
        still_works();
    }
    for bytes in [JsValue::from(Uint8Array::new_with_length(3)), js_sys::ArrayBuffer::new(3).into(), js_sys::Float64Array::new_with_length(2).into()] {
        assert!(error_message(validate(bytes, JsValue::UNDEFINED)).contains("binary data"));
        still_works();
    }
}

#[wasm_bindgen_test]
fn objects_json_cannot_hold_throw_and_odd_strings_are_read() {
    let cyclic = js_sys::Object::new();
    Reflect::set(&cyclic, &JsValue::from_str("self"), &cyclic).unwrap();
    assert!(error_message(validate(cyclic.into(), JsValue::UNDEFINED)).contains("cannot be turned into JSON"));
    still_works();
    // A JS string with lone surrogates crosses as U+FFFD; it is read, not refused.
    let lone = parse(r#""{\"profile\":{\"login\":\"a@example.com\",\"title\":\"\ud800x\"}}""#);
    assert!(validate(lone, JsValue::UNDEFINED).is_ok());
    let with_proto = parse(r#"{"__proto__":{"login":"a@example.com"},"constructor":{"prototype":1}}"#);
    assert!(validate(with_proto, JsValue::UNDEFINED).is_ok());
    still_works();
}

/// Text crosses into wasm through `encodeInto` with room for an eighth more bytes than units,
/// then, when that is short, room for three bytes a unit: text of every width crosses whole,
/// and columns still count UTF-16 units.
#[wasm_bindgen_test]
fn text_of_every_width_crosses_whole() {
    let cases = [
        ("ascii", "Ana".to_string()),
        ("some accents", "José Müller".to_string()),
        ("all three-byte", "山田太郎".repeat(40)),
        ("astral", "😀".repeat(30)),
        ("lone surrogate", "a\u{fffd}b".to_string()),
    ];
    for (name, title) in cases {
        let input = format!("{{\"profile\":{{\"title\":{},\"countryCode\":\"USA\",\"login\":\"a@example.com\"}}}}", serde_json::to_string(&title).unwrap());
        let report = validate(JsValue::from_str(&input), JsValue::UNDEFINED).unwrap();
        let country = diagnostics(&report).into_iter().find(|d| text(d, "code").as_deref() == Some("country.not_alpha2")).unwrap_or_else(|| panic!("{name}"));
        let before = &input[..input.find("\"USA\"").unwrap()];
        let units = before.encode_utf16().count() as f64;
        assert_eq!(get(&country, "column").as_f64(), Some(units + 1.0), "{name}");
        assert_eq!(get(&country, "range.0").as_f64(), Some(units), "{name}");
        let applied = apply_suggestions(JsValue::from_str(&input), JsValue::UNDEFINED).unwrap();
        assert_eq!(applied, input.replace("\"USA\"", "\"US\""), "{name}: every other character kept");
    }
    // A lone surrogate in a JS string crosses as U+FFFD, three bytes where the text had one unit.
    let lone = parse(r#""{\"profile\":{\"title\":\"\ud800\ud800\ud800\ud800\ud800\ud800\ud800\ud800\",\"countryCode\":\"USA\"}}""#);
    let fixed = apply_suggestions(lone, JsValue::UNDEFINED).unwrap();
    assert_eq!(fixed, "{\"profile\":{\"title\":\"\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\",\"countryCode\":\"US\"}}");
}

const SUPPORT_USER: &str = r#"{"id":"00u1ana","profile":{"login":"ana.silva@example.com","email":"ana.silva@example.com","firstName":"Ana","lastName":"Silva","department":"Support"}}"#;

/// Dialpad's default mapping with licenseType computed from the department, as JSON text.
fn support_mapping() -> String {
    let mapping = default_mapping().unwrap();
    let license = parse(r#"{"expression":"user.department == \"Support\" ? \"Dialpad_Support (Contact Center)\" : \"dialpad_talk\"","pushStatus":"PUSH"}"#);
    Reflect::set(&get(&mapping, "properties"), &JsValue::from_str("licenseType"), &license).unwrap();
    JSON::stringify_with_replacer_and_space(&mapping, &JsValue::NULL, &JsValue::from_f64(2.0)).unwrap().as_string().unwrap()
}

#[wasm_bindgen_test]
fn simulate_finds_the_license_at_the_expression_and_builds_the_body() {
    let mapping = support_mapping();
    let simulation = simulate(JsValue::from_str(SUPPORT_USER), JsValue::from_str(&mapping), JsValue::UNDEFINED).unwrap();
    let extension = get(&simulation, "request.body").clone();
    let license = Reflect::get(&extension, &JsValue::from_str("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")).unwrap();
    assert_eq!(text(&license, "licenseType").as_deref(), Some("Dialpad_Support (Contact Center)"));
    let fix = diagnostics(&simulation).into_iter().find(|d| text(d, "code").as_deref() == Some("license.not_value")).expect("a license error");
    assert_eq!(text(&fix, "path").as_deref(), Some("/properties/licenseType/expression"));
    assert_eq!(text(&fix, "suggestion").as_deref(), Some(r#"user.department == "Support" ? "dialpad_support" : "dialpad_talk""#));
    let line = mapping.lines().position(|line| line.contains("Dialpad_Support")).unwrap() + 1;
    assert_eq!(get(&fix, "line").as_f64(), Some(line as f64));
    assert_eq!(text(&simulation, "appUser.licenseType.reads.0").as_deref(), Some("/profile/department"));
}

#[wasm_bindgen_test]
fn simulate_takes_parsed_values_without_positions_and_a_batch_gives_an_array() {
    let users = parse(&format!("[{SUPPORT_USER},{SUPPORT_USER}]"));
    let simulations = simulate(users, parse(&support_mapping()), JsValue::UNDEFINED).unwrap();
    assert!(Array::is_array(&simulations));
    let first = Array::from(&simulations).get(0);
    assert!(diagnostics(&first).iter().all(|d| get(d, "line").is_undefined()));
    let second = Array::from(&simulations).get(1);
    assert_eq!(get(&second, "record").as_f64(), Some(1.0));
    let duplicate = Array::from(&get(&second, "report.diagnostics")).iter().any(|d| text(&d, "code").as_deref() == Some("batch.duplicate_username"));
    assert!(duplicate, "the same login twice is a duplicate username in the bodies");
}

#[wasm_bindgen_test]
fn simulate_misuse_throws_and_default_mapping_has_the_article_table() {
    let mapping = default_mapping().unwrap();
    assert_eq!(text(&mapping, "properties.licenseType.expression").as_deref(), Some("user.licenseType"));
    assert_eq!(text(&mapping, "properties.givenName.pushStatus").as_deref(), Some("PUSH"));
    let message = error_message(simulate(JsValue::from_str(SUPPORT_USER), JsValue::from_f64(3.0), JsValue::UNDEFINED));
    assert!(message.contains("mapping must be text or a parsed JSON value"), "{message}");
    let message = error_message(simulate(JsValue::from_str(SUPPORT_USER), mapping.clone(), parse(r#"{"schema": {"x": 1}}"#)));
    assert!(message.contains("options.schema is not an Okta app user schema"), "{message}");
    let message = error_message(simulate(JsValue::from_str(SUPPORT_USER), mapping.clone(), parse(r#"{"groups": {"a@b.co": "Sales"}}"#)));
    assert!(message.contains("must be an array of group names"), "{message}");
    assert!(simulate(JsValue::from_str(SUPPORT_USER), mapping, JsValue::UNDEFINED).is_ok(), "still works after a thrown error");
}

#[wasm_bindgen_test]
fn hostile_expressions_get_the_limit_named_and_the_deepest_allowed_one_evaluates() {
    let mapping = |expression: String| {
        let property = js_sys::Object::new();
        Reflect::set(&property, &JsValue::from_str("expression"), &JsValue::from_str(&expression)).unwrap();
        let properties = js_sys::Object::new();
        Reflect::set(&properties, &JsValue::from_str("title"), &property).unwrap();
        let mapping = js_sys::Object::new();
        Reflect::set(&mapping, &JsValue::from_str("properties"), &properties).unwrap();
        JsValue::from(mapping)
    };
    let codes = |simulation: &JsValue| diagnostics(simulation).iter().map(|d| (text(d, "code").unwrap_or_default(), text(d, "message").unwrap_or_default())).collect::<Vec<_>>();
    for (expression, limit) in [
        ("1?1:".repeat(100_000) + "1", "65536"),
        (format!("'{}'", "x".repeat(1 << 20)), "65536"),
        ("user.a == 'x' ? 'y' : ".repeat(1_000) + "'z'", "100 levels"),
    ] {
        let simulation = simulate(JsValue::from_str(SUPPORT_USER), mapping(expression), JsValue::UNDEFINED).unwrap();
        assert!(codes(&simulation).iter().any(|(code, message)| code == "mapping.limit" && message.contains(limit)), "{limit}: {:?}", codes(&simulation));
    }
    // Nested as deep as is read: parsed, evaluated and dropped within the wasm stack.
    let deepest = format!("{}user.department{}", "String.toUpperCase(".repeat(98), ")".repeat(98));
    let simulation = simulate(JsValue::from_str(SUPPORT_USER), mapping(deepest), JsValue::UNDEFINED).unwrap();
    assert_eq!(text(&simulation, "appUser.title.value").as_deref(), Some("SUPPORT"));
}

/// simulate's objects, rebuilt in JavaScript from the compact wire text (bodies built again
/// from the values), are exactly the Simulations the core makes, written out in full: same
/// members, same order, same values; across schemas, operations, conflicts and odd names.
#[wasm_bindgen_test]
fn simulations_rebuilt_from_the_wire_equal_the_core_written_in_full() {
    use scim_preflight::simulate::{simulate as core_simulate, SimulateOptions};
    let batch = format!("[{SUPPORT_USER},{{\"profile\":{{\"login\":\"bo@example.com\",\"department\":\"Sales\",\"nickName\":5,\"tags\":[\"a\",1]}}}},{{\"userName\":\"x@example.com\"}}]");
    let odd = r#"{"properties":{
        "userName":{"expression":"user.login"},"givenName":{"expression":"user.firstName"},
        "email":{"expression":"user.login"},"emailType":{"expression":"'work'"},"secondEmail":{"expression":"'b@example.com'"},
        "primaryPhone":{"expression":"'+1 555 0100'"},"countryCode":{"expression":"user.tags"},"title":{"expression":"1.5"},
        "department":{"expression":"user.department","pushStatus":"DONT_PUSH"},"__proto__":{"expression":"'x'"},"nickName":{"expression":"true"},
        "custom":{"expression":"user.login"},"clash":{"expression":"'y'"},"licenseType":{"expression":"user.department"}}}"#;
    let schema = r#"{"definitions":{"base":{"properties":{"userName":{},"givenName":{},"email":{},"emailType":{},"secondEmail":{},"primaryPhone":{},"countryCode":{},"title":{},"department":{},"nickName":{}}},
        "custom":{"properties":{"__proto__":{"externalName":"__proto__","externalNamespace":"urn:example:custom"},"custom":{"externalName":"a.b","externalNamespace":"urn:example:custom"},
        "clash":{"externalName":"title.x","externalNamespace":"urn:ietf:params:scim:schemas:core:2.0:User"},"licenseType":{"externalName":"licenseType"}}}}}"#;
    // Users alike in the attributes the mapping's expressions depend on, in a different order
    // each time: their values are written once and named by number in the lines.
    let alike = (0..6)
        .map(|at| format!(r#"{{"id":"00u{at}","profile":{{"login":"u{at}@example.com","firstName":"{}","lastName":"Silva","department":"{}","email":"U{at}@Example.com"}}}}"#, ["Ana", "Bo", "Ana"][at % 3], ["Support", "Sales"][at % 2]))
        .collect::<Vec<_>>()
        .join(",");
    // More users with logins of their own than a memo keeps (32): the later users' logins are
    // written as the login, and their emails too when the same text (and one with escapes).
    let many = (0..40)
        .map(|at| {
            let login = if at == 39 { r#"q\"uote@example.com"#.to_string() } else { format!("u{at}@example.com") };
            let email = if at % 3 == 0 { format!("other{at}@example.com") } else { login.clone() };
            format!(r#"{{"id":"00u{at}","profile":{{"login":"{login}","email":"{email}","firstName":"Ana","lastName":"Silva","department":"Support"}}}}"#)
        })
        .collect::<Vec<_>>()
        .join(",");
    let cases = [
        (format!("[{many}]"), support_mapping(), "{}".to_string()),
        (SUPPORT_USER.to_string(), support_mapping(), "{}".to_string()),
        (batch.clone(), support_mapping(), "{}".to_string()),
        (format!("[{alike}]"), support_mapping(), "{}".to_string()),
        (batch.clone(), odd.to_string(), format!("{{\"schema\":{schema}}}")),
        (batch, odd.to_string(), format!("{{\"schema\":{schema},\"operation\":\"update\"}}")),
    ];
    for (users, mapping, options) in cases {
        let read = scim_preflight::profile_mapping::read(&mapping);
        let core_options = SimulateOptions::from_json(&options).unwrap();
        let core = core_simulate(&users, &mapping, &read, &core_options);
        let full = serde_json::to_string(&core).unwrap();
        let rebuilt = simulate(JsValue::from_str(&users), JsValue::from_str(&mapping), parse(&options)).unwrap();
        assert!(!full.contains("input.invalid_json"), "every case is read: {users}");
        assert_eq!(JSON::stringify(&rebuilt).unwrap().as_string().unwrap(), full, "{options}");
    }
}

#[wasm_bindgen_test]
fn a_schema_given_as_an_object_keeps_its_order_in_the_body() {
    let schema = parse(r#"{"definitions":{"base":{"properties":{"userName":{},"countryCode":{},"givenName":{}}}}}"#);
    let options = js_sys::Object::new();
    Reflect::set(&options, &JsValue::from_str("schema"), &schema).unwrap();
    let simulation = simulate(JsValue::from_str(SUPPORT_USER), JsValue::from_str(&support_mapping()), options.into()).unwrap();
    let keys = js_sys::Object::keys(&js_sys::Object::from(get(&simulation, "request.body")));
    let keys: Vec<String> = keys.iter().filter_map(|key| key.as_string()).collect();
    assert_eq!(&keys[..3], ["schemas", "userName", "name"], "userName, then the name (givenName): the schema's order, not sorted");
}
