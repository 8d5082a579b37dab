//! simulate: Okta users through the admin's mappings to the SCIM request, end to end.
#![cfg(not(target_arch = "wasm32"))]

use scim_preflight::input::ENTERPRISE_URN;
use scim_preflight::simulate::{simulate, simulate_each, simulate_to_wire, Attribute, Bodies, SimulateOptions, Simulated, Simulation, Sink};
use scim_preflight::{profile_mapping, OneOrMany, Suggestion};
use serde_json::{json, Value};

const SUPPORT_USER: &str = r#"{
  "id": "00u1ana",
  "status": "ACTIVE",
  "profile": {
    "login": "ana.silva@example.com",
    "email": "ana.silva@example.com",
    "firstName": "Ana",
    "lastName": "Silva",
    "department": "Support",
    "countryCode": "Brazil"
  }
}"#;

const LICENSE_EXPRESSION: &str = r#"user.department == "Support" ? "Dialpad_Support (Contact Center)" : "dialpad_talk""#;

fn mapping_text(extra: &[(&str, &str)]) -> String {
    let mut properties = serde_json::to_value(profile_mapping::default_mapping()).unwrap()["properties"].clone();
    for (attribute, expression) in extra {
        properties[*attribute] = json!({ "expression": expression, "pushStatus": "PUSH" });
    }
    serde_json::to_string_pretty(&json!({ "id": "prm1", "properties": properties })).unwrap()
}

fn run(users: &str, mapping: &str, options: Value) -> Vec<Simulation> {
    let options = SimulateOptions::from_json(&options.to_string()).unwrap();
    let read = profile_mapping::read(mapping);
    match simulate(users, mapping, &read, &options) {
        OneOrMany::One(one) => vec![one],
        OneOrMany::Many(many) => many,
    }
}

fn one(users: &str, mapping: &str, options: Value) -> Simulation {
    let mut all = run(users, mapping, options);
    assert_eq!(all.len(), 1);
    all.remove(0)
}

fn body(simulation: &Simulation) -> Value {
    serde_json::to_value(&simulation.request.as_ref().expect("a request").body).unwrap()
}

/// The body as Okta sends it and as `JSON.stringify(body, null, 2)` writes it, in its own order.
fn body_text(simulation: &Simulation) -> String {
    serde_json::to_string_pretty(&simulation.request.as_ref().expect("a request").body).unwrap()
}

/// The issue's "done when": a license error at the expression, with the fix, and the value in
/// the enterprise extension of the body.
#[test]
fn a_license_written_as_a_product_name_is_an_error_at_the_expression() {
    let mapping = mapping_text(&[("licenseType", LICENSE_EXPRESSION)]);
    let simulation = one(SUPPORT_USER, &mapping, Value::Null);
    let body = body(&simulation);
    assert_eq!(body[ENTERPRISE_URN]["licenseType"], "Dialpad_Support (Contact Center)");
    assert!(body["schemas"].as_array().unwrap().contains(&json!(ENTERPRISE_URN)));
    let fix = simulation.diagnostics.iter().find(|d| d.code == "license.not_value").expect("a license error about the mapping");
    assert_eq!(fix.path, "/properties/licenseType/expression");
    let [start, end] = fix.range.unwrap();
    let in_text: String = mapping.encode_utf16().skip(start).take(end - start).map(|unit| char::from_u32(u32::from(unit)).unwrap()).collect();
    assert_eq!(in_text, r#"\"Dialpad_Support (Contact Center)\""#);
    let line = mapping.lines().position(|line| line.contains("Dialpad_Support")).unwrap() + 1;
    assert_eq!(fix.line, Some(line));
    assert_eq!(fix.column, Some(mapping.lines().nth(line - 1).unwrap().find(r#"\"Dialpad_Support"#).unwrap() + 1));
    assert_eq!(fix.suggestion.as_ref().and_then(Suggestion::as_str), Some(r#"user.department == "Support" ? "dialpad_support" : "dialpad_talk""#));
    // The body's own report says the same at the body, with where the value came from.
    let report = simulation.report.as_ref().unwrap();
    let in_body = report.diagnostics.iter().find(|d| d.code == "license.not_value").unwrap();
    assert_eq!(in_body.path, format!("/{ENTERPRISE_URN}/licenseType"));
    let origin = in_body.origin.as_ref().unwrap();
    assert_eq!((origin.attribute.as_ref(), origin.mapping_path.as_ref()), ("licenseType", "/properties/licenseType/expression"));
    assert_eq!(origin.reads.iter().map(|read| read.as_ref()).collect::<Vec<_>>(), ["/profile/department"]);
    assert!(in_body.message.contains("reading user.department (\"Support\")"), "{}", in_body.message);
    // Applying the fix to the mapping gives a license Dialpad reads.
    let fixed = mapping.replacen(&serde_json::to_string(LICENSE_EXPRESSION).unwrap(), &serde_json::to_string(fix.suggestion.as_ref().unwrap()).unwrap(), 1);
    let again = one(SUPPORT_USER, &fixed, Value::Null);
    assert_eq!(body_of(&again)[ENTERPRISE_URN]["licenseType"], "dialpad_support");
    assert!(!again.diagnostics.iter().any(|d| d.code == "license.not_value"));
}

fn body_of(simulation: &Simulation) -> Value {
    body(simulation)
}

#[test]
fn report_positions_are_in_the_body_as_json_stringify_writes_it() {
    let simulation = one(SUPPORT_USER, &mapping_text(&[]), Value::Null);
    let text = body_text(&simulation);
    let country = simulation.report.as_ref().unwrap().diagnostics.iter().find(|d| d.code == "country.not_alpha2").unwrap();
    let [start, end] = country.range.unwrap();
    assert_eq!(&text[start..end], "\"Brazil\"");
    // The Okta attribute is copied unchanged, so the fix is also at the user's attribute.
    let at_user = simulation.user_diagnostics.iter().find(|d| d.code == "country.not_alpha2").unwrap();
    assert_eq!(at_user.path, "/profile/countryCode");
    assert_eq!(at_user.suggestion.as_ref().and_then(Suggestion::as_str), Some("BR"));
    let [start, end] = at_user.range.unwrap();
    assert_eq!(&SUPPORT_USER[start..end], "\"Brazil\"");
}

#[test]
fn the_body_is_built_as_okta_builds_it() {
    let simulation = one(SUPPORT_USER, &mapping_text(&[("countryCode", "Iso3166Convert.toAlpha2(Iso3166Convert.toAlpha3('BRA'))")]), Value::Null);
    let body = body(&simulation);
    assert_eq!(body["userName"], "ana.silva@example.com");
    assert_eq!(body["name"], json!({ "givenName": "Ana", "familyName": "Silva" }));
    assert_eq!(body["emails"], json!([{ "primary": true, "value": "ana.silva@example.com", "type": "work" }]));
    assert_eq!(body["addresses"], json!([{ "primary": true, "country": "BR" }]));
    assert_eq!(body["externalId"], "00u1ana");
    assert_eq!(body["active"], true);
    assert_eq!(body[ENTERPRISE_URN], json!({ "department": "Support" }), "unset attributes are left out");
    let request = simulation.request.as_ref().unwrap();
    assert_eq!((request.method, request.path), ("POST", "/Users"));
    let text = body_text(&simulation);
    let order: Vec<usize> = ["\"schemas\"", "\"userName\"", "\"name\"", "\"emails\"", "\"addresses\"", "\"externalId\"", "\"active\"", &format!("\"{ENTERPRISE_URN}\": {{")].iter().map(|key| text.find(*key).unwrap()).collect();
    assert!(order.windows(2).all(|pair| pair[0] < pair[1]), "{text}");
    let app_user = serde_json::to_value(&simulation.app_user).unwrap();
    assert_eq!(app_user["officeName"], json!({ "value": null, "expression": "user.officeName", "reads": [], "sent": false }));
    assert_eq!(app_user["countryCode"]["value"], "BR");
    assert_eq!(app_user["givenName"]["reads"], json!(["/profile/firstName"]));
    assert_eq!(app_user["emailType"]["reads"], json!(["/profile/email"]), "an attribute read twice is listed once");
}

#[test]
fn a_given_schema_decides_where_values_go_and_what_okta_drops() {
    let schema = json!({ "definitions": {
        "base": { "properties": { "userName": {}, "givenName": {}, "familyName": {} } },
        "custom": { "properties": {
            "licenseType": { "type": "string", "externalName": "licenseType" },
            "officeName": { "type": "string", "externalName": "officeName", "externalNamespace": "urn:ietf:params:scim:schemas:core:2.0:User" }
        } } } });
    let mapping = mapping_text(&[("officeName", "'HQ'")]);
    let simulation = one(SUPPORT_USER, &mapping, json!({ "schema": schema }));
    let body = body(&simulation);
    assert!(body.get(ENTERPRISE_URN).is_none(), "licenseType has no namespace: dropped");
    assert_eq!(body["officeName"], "HQ", "the core namespace puts officeName at the top level");
    let mut namespace: Vec<&str> = simulation.diagnostics.iter().filter(|d| d.code == "mapping.namespace").map(|d| d.path.as_str()).collect();
    namespace.sort_unstable();
    assert_eq!(namespace, ["/properties/licenseType", "/properties/officeName"]);
    let report = simulation.report.as_ref().unwrap();
    assert!(report.diagnostics.iter().any(|d| d.code == "namespace.misplaced" && d.path == "/officeName"));
    // Attributes the given schema does not have have nowhere to go.
    assert!(simulation.diagnostics.iter().any(|d| d.code == "mapping.unknown_target" && d.path == "/properties/countryCode"));
    assert!(!simulation.diagnostics.iter().any(|d| d.code == "mapping.schema_assumed"));
}

#[test]
fn appuser_references_and_circles() {
    let mapping = mapping_text(&[("title", "appuser.department + ' agent'"), ("officeName", "appuser.officeName")]);
    let simulation = one(SUPPORT_USER, &mapping, Value::Null);
    assert_eq!(body(&simulation)["title"], "Support agent");
    let app_user = serde_json::to_value(&simulation.app_user).unwrap();
    assert_eq!(app_user["title"]["reads"], json!(["/profile/department"]), "reads pass through appuser");
    let circle = simulation.diagnostics.iter().find(|d| d.code == "mapping.evaluation_error").expect("the circle is an error");
    assert!(circle.message.contains("leads back to itself"), "{}", circle.message);
    // An attribute evaluated ahead of its turn leaves places before it that each later user
    // fills again: every user of a batch gets their own.
    let batch = format!(r#"[{SUPPORT_USER},{{"profile":{{"login":"bo@example.com","department":"Sales"}}}},{SUPPORT_USER}]"#);
    let titles: Vec<Value> = run(&batch, &mapping, Value::Null).iter().map(|simulation| body(simulation)["title"].clone()).collect();
    assert_eq!(titles, vec![json!("Support agent"), json!("Sales agent"), json!("Support agent")]);
}

#[test]
fn groups_decide_group_functions_and_their_absence_is_said() {
    let mapping = mapping_text(&[("licenseType", "isMemberOfGroupName('Contact Center') ? 'dialpad_support' : 'dialpad_talk'")]);
    let with_groups = one(SUPPORT_USER, &mapping, json!({ "groups": { "ANA.SILVA@example.com": ["Contact Center"] } }));
    assert_eq!(body(&with_groups)[ENTERPRISE_URN]["licenseType"], "dialpad_support");
    let without = one(SUPPORT_USER, &mapping, Value::Null);
    assert!(body(&without).get(ENTERPRISE_URN).and_then(|extension| extension.get("licenseType")).is_none());
    assert!(without.diagnostics.iter().any(|d| d.code == "mapping.not_evaluated" && d.message.contains("options.groups")));
    let report = without.report.as_ref().unwrap();
    assert!(!report.diagnostics.iter().any(|d| d.code == "license.default"), "an unknown license is not reported as missing");
    assert_eq!(serde_json::to_value(&without.app_user).unwrap()["licenseType"]["unknown"], true);
}

#[test]
fn create_only_attributes_are_sent_on_create_and_not_on_update() {
    let mut properties = serde_json::to_value(profile_mapping::default_mapping()).unwrap()["properties"].clone();
    properties["title"] = json!({ "expression": "'Agent'", "pushStatus": "DONT_PUSH" });
    let mapping = json!({ "properties": properties }).to_string();
    let create = one(SUPPORT_USER, &mapping, Value::Null);
    assert_eq!(body(&create)["title"], "Agent");
    assert!(create.diagnostics.iter().any(|d| d.code == "mapping.create_only" && d.path == "/properties/title"));
    let update = one(SUPPORT_USER, &mapping, json!({ "operation": "update" }));
    assert!(body(&update).get("title").is_none());
    let request = update.request.as_ref().unwrap();
    assert_eq!((request.method, request.path), ("PUT", "/Users/{id}"));
    assert!(body(&update).get("externalId").is_none());
}

#[test]
fn a_batch_totals_the_values_that_are_not_licenses_or_offices() {
    let users: Vec<String> = (0..5)
        .map(|index| json!({ "profile": { "login": format!("u{index}@example.com"), "firstName": "U", "lastName": "V", "department": if index < 3 { "Support" } else { "Sales" }, "city": "Lisbon, Portugal" } }).to_string())
        .collect();
    let users = users.join("\n");
    let mapping = mapping_text(&[("licenseType", "user.department"), ("officeName", "String.substringBefore(user.city, ',')")]);
    let offices = json!([{ "name": "Lisboa", "country": "PT" }, { "name": "lisbon ", "country": "PT" }]);
    let simulations = run(&users, &mapping, json!({ "offices": offices }));
    assert_eq!(simulations.len(), 5);
    assert_eq!(simulations[3].record, Some(3));
    let first = &simulations[0];
    let license = first.diagnostics.iter().find(|d| d.code == "mapping.license_values").unwrap();
    assert!(license.message.contains("3 users get \"Support\" (should be \"dialpad_support\"), 2 get \"Sales\""), "{}", license.message);
    assert_eq!(license.record, None);
    let office = first.diagnostics.iter().find(|d| d.code == "mapping.office_values" && d.path == "/properties/officeName/expression").unwrap();
    assert!(office.message.contains("5 users get \"Lisbon\" (nearly names \"lisbon \")"), "{}", office.message);
    assert!(simulations[1].diagnostics.iter().all(|d| d.record == Some(1)), "only the first simulation carries the mapping's own findings");
}

/// The wrong values are listed most users first, and for as many users in the values' order.
#[test]
fn a_batch_totals_list_most_users_first_then_by_value() {
    let departments = ["Ops", "Sales", "Eng", "Sales", "Admin", "Ops", "Sales"];
    let users: Vec<String> = departments.iter().enumerate().map(|(index, department)| json!({ "profile": { "login": format!("u{index}@example.com"), "firstName": "U", "lastName": "V", "department": department } }).to_string()).collect();
    let simulations = run(&users.join("\n"), &mapping_text(&[("licenseType", "user.department")]), Value::Null);
    let license = simulations[0].diagnostics.iter().find(|d| d.code == "mapping.license_values").unwrap();
    let order: Vec<usize> = ["3 users get \"Sales\"", "2 get \"Ops\"", "1 gets \"Admin\"", "1 gets \"Eng\""].iter().map(|part| license.message.find(part).unwrap_or_else(|| panic!("{part}: {}", license.message))).collect();
    assert!(order.windows(2).all(|pair| pair[0] < pair[1]), "{}", license.message);
}

#[test]
fn a_mapping_that_gives_two_users_one_username_is_caught() {
    let users = format!("[{},{}]", json!({ "profile": { "login": "a.lee@one.example", "firstName": "A", "lastName": "Lee" } }), json!({ "profile": { "login": "a.lee@two.example", "firstName": "A", "lastName": "Lee" } }));
    let mapping = mapping_text(&[("userName", "String.substringBefore(user.login, '@') + '@example.com'")]);
    let simulations = run(&users, &mapping, Value::Null);
    let duplicate = simulations[1].report.as_ref().unwrap().diagnostics.iter().find(|d| d.code == "batch.duplicate_username").expect("the duplicate");
    assert!(duplicate.message.contains("record 0"), "{}", duplicate.message);
    assert_eq!(duplicate.record, Some(1));
}

#[test]
fn records_that_are_not_okta_users_and_unreadable_text_are_said_not_dropped() {
    let users = format!("{}\n{{\"userName\":\"x@example.com\",\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"]}}\n{{oops\n", json!({ "profile": { "login": "a@example.com" } }));
    let simulations = run(&users, &mapping_text(&[]), Value::Null);
    assert_eq!(simulations.len(), 3);
    assert!(simulations[0].request.is_some());
    assert_eq!(simulations[1].user_diagnostics[0].code, "mapping.not_okta_user");
    assert!(simulations[1].request.is_none() && simulations[1].report.is_none());
    assert_eq!(simulations[2].user_diagnostics[0].code, "input.invalid_json");
    assert_eq!(simulations[2].user_diagnostics[0].line, Some(3));
    let broken = one("{", "{", Value::Null);
    assert_eq!(broken.user_diagnostics[0].code, "input.invalid_json");
    assert_eq!(broken.diagnostics[0].code, "input.invalid_json");
}

/// Records are simulated as they are read: an array that breaks after some were simulated is
/// still reported as the unreadable text it is, with nothing of the records before the break
/// (not their simulations, nor what the batch rules made of them), in the objects and in the
/// lines the wasm boundary is given.
#[test]
fn a_batch_broken_part_way_is_unreadable_text_without_the_records_before() {
    let user = |login: &str| json!({ "profile": { "login": login, "email": login, "firstName": "A", "lastName": "B" } }).to_string();
    // Read whole, the first and the last would be one username twice, the users from two
    // domains; the 5 is a record that is not read, a place left without a simulation.
    let whole = format!("[{}, 5, {}, {}]", user("a@example.com"), user("a@example.org"), user("a@example.com"));
    let codes = |simulations: &[Simulation]| -> Vec<&'static str> { simulations.iter().flat_map(|simulation| simulation.user_diagnostics.iter().chain(&simulation.diagnostics).chain(simulation.report.iter().flat_map(|report| &report.diagnostics))).map(|diagnostic| diagnostic.code).collect() };
    let read_whole = run(&whole, &mapping_text(&[]), Value::Null);
    assert!(codes(&read_whole).contains(&"batch.domains") && codes(&read_whole).contains(&"batch.duplicate_username"), "{:?}", codes(&read_whole));
    let users = format!("{}, {{oops", &whole[..whole.len() - 1]);
    let broken = run(&users, &mapping_text(&[]), Value::Null);
    assert_eq!(broken.len(), 1);
    assert!(broken[0].record.is_none() && broken[0].request.is_none() && broken[0].report.is_none(), "{broken:?}");
    let found = codes(&broken);
    assert_eq!(found.iter().filter(|code| **code == "input.invalid_json").count(), 1, "{found:?}");
    assert!(!found.iter().any(|code| code.starts_with("batch.") || code.starts_with("license.") || *code == "mapping.unknown_attribute"), "{found:?}");

    // What simulate_each hands over: the records before the break, then the word to drop them.
    struct Handed(Vec<usize>);
    impl Sink for Handed {
        fn simulated(&mut self, place: usize, _: Simulated<'_>, _: &[Attribute]) {
            self.0.push(place);
        }
        fn discard(&mut self) {
            self.0.clear();
        }
    }
    let mapping = mapping_text(&[]);
    let mut handed = Handed(Vec::new());
    assert!(!simulate_each(&users, &mapping, &profile_mapping::read(&mapping), &SimulateOptions::default(), Bodies::Whole, &mut handed), "not a batch");
    assert_eq!(handed.0, vec![0]);

    let wire = simulate_to_wire(&users, &mapping, &profile_mapping::read(&mapping), &SimulateOptions::default());
    assert_eq!(wire.lines.len(), 3, "the last line's start, and one simulation's start and end");
    let head: Value = serde_json::from_slice(&wire.text[wire.lines[0]..]).unwrap();
    assert_eq!((head["batch"].clone(), head["records"].clone()), (json!(false), json!([null])));
    let line: Value = serde_json::from_slice(&wire.text[wire.lines[1]..wire.lines[2]]).unwrap();
    assert_eq!(line[6][0]["code"], "input.invalid_json");
}

/// Past the record limit, the records are not simulated, and the place after the last one
/// says why, as when the batch was read whole before it was simulated.
#[test]
fn records_past_the_limit_are_said_not_simulated() {
    let users: Vec<Value> = (0..5).map(|index| json!({ "profile": { "login": format!("u{index}@example.com") } })).collect();
    let mut options = SimulateOptions::default();
    options.options.limits.max_records = 3;
    let mapping = mapping_text(&[]);
    let OneOrMany::Many(simulations) = simulate(&Value::Array(users).to_string(), &mapping, &profile_mapping::read(&mapping), &options) else { panic!("a batch") };
    assert_eq!(simulations.len(), 4);
    assert!(simulations[..3].iter().all(|simulation| simulation.request.is_some()));
    assert!(simulations[3].request.is_none());
    assert_eq!(simulations[3].user_diagnostics.iter().map(|diagnostic| diagnostic.code).collect::<Vec<_>>(), vec!["input.too_many_records"]);
}

#[test]
fn mapping_findings_point_into_the_expression() {
    let mapping = mapping_text(&[("title", "String.toUppercase(user.titel)")]);
    let simulation = one(SUPPORT_USER, &mapping, Value::Null);
    let unknown = simulation.diagnostics.iter().find(|d| d.code == "mapping.unknown_function").unwrap();
    let [start, end] = unknown.range.unwrap();
    assert_eq!(&mapping[start..end], "String.toUppercase");
    assert!(unknown.hint.as_deref().unwrap().contains("String.toUpperCase"));
    let origin = unknown.origin.as_ref().expect("a mapping finding names its attribute and expression");
    assert_eq!((origin.attribute.as_ref(), origin.expression.as_ref(), origin.mapping_path.as_ref()), ("title", "String.toUppercase(user.titel)", "/properties/title/expression"));
    let typo = simulation.diagnostics.iter().find(|d| d.code == "mapping.unknown_attribute" && d.message.contains("titel")).unwrap();
    let [start, end] = typo.range.unwrap();
    assert_eq!(&mapping[start..end], "titel");
    assert!(typo.hint.as_deref().unwrap().contains("user.title"), "{:?}", typo.hint);
    let syntax = one(SUPPORT_USER, &mapping_text(&[("title", "user.title +")]), Value::Null);
    let error = syntax.diagnostics.iter().find(|d| d.code == "mapping.syntax").unwrap();
    assert!(error.message.contains("ends where"), "{}", error.message);
}

/// A user's attribute named in the mapping that only a later user has is known, and a name no
/// user has is reported once, with the closest name any user has: each user is looked at as
/// it is read, and users after the first with other attributes count too.
#[test]
fn attribute_names_are_gathered_over_every_user() {
    let users = json!([
        { "profile": { "login": "a@example.com" } },
        { "profile": { "login": "b@example.com" } },
        { "profile": { "login": "c@example.com", "deskNumber": "7" } },
        { "profile": { "login": "d@example.com" } }
    ])
    .to_string();
    let mapping = mapping_text(&[("title", "user.deskNumber"), ("department", "user.deskNumbr")]);
    let simulations = run(&users, &mapping, Value::Null);
    let unknown: Vec<&str> = simulations[0].diagnostics.iter().filter(|d| d.code == "mapping.unknown_attribute" && d.message.contains("user.desk")).map(|d| d.message.as_str()).collect();
    assert_eq!(unknown.len(), 1, "{unknown:?}");
    assert!(unknown[0].contains("user.deskNumbr") && unknown[0].contains("none of the 4 users"), "{unknown:?}");
    let hint = simulations[0].diagnostics.iter().find(|d| d.code == "mapping.unknown_attribute" && d.message.contains("user.desk")).and_then(|d| d.hint.as_deref());
    assert!(hint.is_some_and(|hint| hint.contains("user.deskNumber")), "{hint:?}");
}

/// A text with escapes is written out by the reader, in the record's tree, which is dropped
/// once its user is simulated: the login, the values and the externalId taken from such texts
/// stay whole, for that user and for the users after it (who may share its remembered values).
#[test]
fn texts_with_escapes_outlive_their_record() {
    let user = |id: &str| format!(r#"{{"id": "{id}\u0031", "profile": {{"login": "ana\u0040example.com", "email": "ana@example.com", "firstName": "A", "lastName": "B", "title": "The \"Boss\""}}}}"#);
    let users = format!("[{}, {}]", user("00u"), user("00v"));
    let simulations = run(&users, &mapping_text(&[("title", "user.title")]), Value::Null);
    for (simulation, id) in simulations.iter().zip(["00u1", "00v1"]) {
        assert_eq!(simulation.login.as_deref(), Some("ana@example.com"));
        let body = body(simulation);
        assert_eq!((body["userName"].as_str(), body["title"].as_str(), body["externalId"].as_str()), (Some("ana@example.com"), Some("The \"Boss\""), Some(id)), "{body}");
    }
}

#[test]
fn hostile_expressions_get_a_diagnostic_that_names_the_limit() {
    let many_ternaries = "1?1:".repeat(100_000) + "1";
    let deep_ternaries = "user.a == 'x' ? 'y' : ".repeat(1_000) + "'z'";
    let long_literal = format!("'{}'", "x".repeat(1 << 20));
    let deep_nesting = format!("{}user.title{}", "String.toUpperCase(".repeat(500), ")".repeat(500));
    let mut growing = "'aaaaaaaa'".to_string();
    for _ in 0..10 {
        growing = format!("String.replace({growing}, 'a', 'aaaaaaaa')");
    }
    for (expression, limit) in [(many_ternaries, "65536"), (deep_ternaries, "100 levels"), (long_literal, "65536"), (deep_nesting, "100 levels"), (growing, "1048576")] {
        let mapping = json!({ "properties": { "title": { "expression": expression } } }).to_string();
        let simulation = one(SUPPORT_USER, &mapping, Value::Null);
        let found = simulation.diagnostics.iter().find(|d| d.code == "mapping.limit").unwrap_or_else(|| panic!("no limit for {limit}"));
        assert!(found.message.contains(limit), "{}", found.message);
    }
}

#[test]
fn the_bare_form_and_a_parsed_mapping_give_the_same_values() {
    let bare = json!({ "userName": "user.login", "givenName": "user.firstName", "familyName": "user.lastName", "licenseType": LICENSE_EXPRESSION }).to_string();
    let simulation = one(SUPPORT_USER, &bare, Value::Null);
    assert_eq!(body(&simulation)[ENTERPRISE_URN]["licenseType"], "Dialpad_Support (Contact Center)");
    let fix = simulation.diagnostics.iter().find(|d| d.code == "license.not_value").unwrap();
    assert_eq!(fix.path, "/licenseType");
}

#[test]
fn the_same_input_gives_the_same_simulation() {
    let mapping = mapping_text(&[("licenseType", LICENSE_EXPRESSION)]);
    let first = serde_json::to_string(&one(SUPPORT_USER, &mapping, Value::Null)).unwrap();
    let second = serde_json::to_string(&one(SUPPORT_USER, &mapping, Value::Null)).unwrap();
    assert_eq!(first, second);
}

/// Where a value went is worked out once for bodies placed alike; a value refused its place
/// can leave an element behind, so a body with it is not placed like one without.
#[test]
fn findings_are_traced_through_bodies_a_refused_value_changed() {
    let core = "urn:ietf:params:scim:schemas:core:2.0:User";
    let schema = json!({ "definitions": {
        "base": { "properties": { "userName": {} } },
        "custom": { "properties": {
            "altSlot": { "type": "string", "externalName": "emails.^[type==\"work\"]", "externalNamespace": core },
            "contactEmail": { "type": "string", "externalName": "emails.^[primary==true].value", "externalNamespace": core }
        } } } });
    let mapping = json!({ "properties": {
        "userName": { "expression": "user.login", "pushStatus": "PUSH" },
        "altSlot": { "expression": "user.department", "pushStatus": "PUSH" },
        "contactEmail": { "expression": "user.email", "pushStatus": "PUSH" }
    } })
    .to_string();
    let users = json!([
        { "profile": { "login": "ana@example.com", "email": "ana.silva@example.com", "department": "Support" } },
        { "profile": { "login": "bo@example.com", "email": "bo.li@example.com" } }
    ])
    .to_string();
    let simulations = run(&users, &mapping, json!({ "schema": schema }));
    for (simulation, at) in simulations.iter().zip(["/emails/1/value", "/emails/0/value"]) {
        let differs = simulation.report.as_ref().unwrap().diagnostics.iter().find(|d| d.code == "email.differs").expect("email differs from userName");
        assert_eq!(differs.path, at);
        assert_eq!(differs.origin.as_ref().map(|origin| origin.attribute.as_ref()), Some("contactEmail"), "{:?}", simulation.login);
    }
}
