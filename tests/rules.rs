//! Every rule of the catalogue with an input that triggers it and one that does not.
#![cfg(not(target_arch = "wasm32"))]

use scim_preflight::catalogue::all_rules;
use scim_preflight::input::Limits;
use scim_preflight::simulate::{simulate, SimulateOptions, Simulation};
use scim_preflight::{apply_suggestions, profile_mapping, validate, OneOrMany, Options};
use serde_json::{json, Value};

const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const CORE: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const PATCH: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/// A clean Okta user with `changes` applied to its profile (null removes an attribute).
fn okta(changes: Value) -> String {
    let mut profile = json!({
        "login": "ann.lee@example.com", "firstName": "Ann", "lastName": "Lee", "email": "ann.lee@example.com",
        "countryCode": "US", "preferredLanguage": "en", "title": "Engineer", "licenseType": "dialpad_talk", "officeName": "HQ"
    });
    merge(&mut profile, changes);
    json!({ "profile": profile }).to_string()
}

fn merge(target: &mut Value, changes: Value) {
    if let (Some(target), Value::Object(changes)) = (target.as_object_mut(), changes) {
        for (key, value) in changes {
            if value.is_null() {
                target.remove(&key);
            } else {
                target.insert(key, value);
            }
        }
    }
}

fn scim(changes: Value) -> String {
    let mut user = json!({
        "schemas": [CORE, ENTERPRISE], "userName": "ann.lee@example.com",
        "name": { "givenName": "Ann", "familyName": "Lee" },
        "addresses": [{ "type": "work", "country": "US" }],
        ENTERPRISE: { "licenseType": "dialpad_talk", "officeName": "HQ" }
    });
    merge(&mut user, changes);
    user.to_string()
}

fn patch(operations: Value) -> String {
    json!({ "schemas": [PATCH], "Operations": operations }).to_string()
}

fn app_schema(properties: Value) -> String {
    json!({ "definitions": { "custom": { "id": "#custom", "type": "object", "properties": properties } } }).to_string()
}

fn custom(external_name: &str) -> Value {
    json!({ "title": external_name, "type": "string", "externalName": external_name, "externalNamespace": ENTERPRISE, "scope": "NONE" })
}

fn offices() -> Value {
    json!([
        { "name": "HQ", "country": "US", "availableNumbers": 5, "availableLicenses": { "dialpad_talk": 5 } },
        { "name": "London", "country": "GB" }
    ])
}

struct Case {
    code: &'static str,
    triggers: String,
    clean: String,
    options: Value,
    clean_options: Value,
    /// Smaller limits than the defaults, so a case need not be megabytes long.
    limits: Limits,
}

fn case(code: &'static str, triggers: impl Into<String>, clean: impl Into<String>) -> Case {
    Case { code, triggers: triggers.into(), clean: clean.into(), options: Value::Null, clean_options: Value::Null, limits: Limits::default() }
}

fn limited(code: &'static str, triggers: impl Into<String>, clean: impl Into<String>, limits: Limits) -> Case {
    Case { limits, ..case(code, triggers, clean) }
}

fn with_offices(code: &'static str, triggers: impl Into<String>, clean: impl Into<String>, offices: Value) -> Case {
    let options = json!({ "offices": offices });
    Case { options: options.clone(), clean_options: options, ..case(code, triggers, clean) }
}

/// The same user against an office without room and one with room.
fn capacity(code: &'static str, full: Value, roomy: Value) -> Case {
    Case { options: json!({ "offices": [full] }), clean_options: json!({ "offices": [roomy] }), ..case(code, okta(json!({})), okta(json!({}))) }
}

fn cases() -> Vec<Case> {
    let long_local = "a".repeat(60);
    let long_email = format!("{long_local}@{}.com", "b".repeat(40));
    let schema_ok = json!({ "officeName": custom("officeName"), "licenseType": custom("licenseType") });
    let mut license_wrong_ns = custom("licenseType");
    license_wrong_ns["externalNamespace"] = json!(CORE);
    let mut license_wrong_name = custom("licenseType");
    license_wrong_name["externalName"] = json!("license");
    let mut license_wrong_type = custom("licenseType");
    license_wrong_type["type"] = json!("integer");
    let mut license_enum = custom("licenseType");
    license_enum["enum"] = json!(["dialpad_talk", "Premium"]);
    let mut license_enum_ok = custom("licenseType");
    license_enum_ok["enum"] = json!(["dialpad_talk", "dialpad_support"]);
    let two_in_us = json!([{ "name": "HQ", "country": "US" }, { "name": "Austin", "country": "US" }]);
    vec![
        case("input.invalid_json", r#"{"profile": {"login": }}"#, okta(json!({}))),
        case("input.empty_batch", "[]", format!("[{}]", okta(json!({})))),
        case("input.not_object", "[1]", format!("[{}]", okta(json!({})))),
        case("input.unknown_kind", r#"{"colour": "blue"}"#, okta(json!({}))),
        case("input.csv_duplicate_column", "login,Username,firstName,lastName\nann@example.com,x@example.com,Ann,Lee\n", "login,firstName,lastName\nann@example.com,Ann,Lee\n"),
        limited("input.too_large", okta(json!({})), okta(json!({ "title": null })), Limits { max_bytes: okta(json!({ "title": null })).len(), ..Limits::default() }),
        limited("input.too_many_records", "[1,2,3]", "[1,2]", Limits { max_records: 2, ..Limits::default() }),
        case("input.csv_ragged_row", "login,firstName,lastName\nann@example.com,Ann\n", "login,firstName,lastName\nann@example.com,Ann,Lee\n"),
        case("value.not_string", okta(json!({ "title": 5 })), okta(json!({}))),
        case("value.whitespace", okta(json!({ "firstName": " Ann" })), okta(json!({}))),
        case("value.replacement_character", okta(json!({ "lastName": "Mu\u{fffd}oz" })), okta(json!({ "lastName": "Muñoz" }))),
        case("name.first_missing", okta(json!({ "firstName": null })), okta(json!({}))),
        case("name.last_missing", okta(json!({ "lastName": "  " })), okta(json!({}))),
        case("name.too_long", okta(json!({ "firstName": "A".repeat(51) })), okta(json!({ "firstName": "A".repeat(50) }))),
        case("username.missing", okta(json!({ "login": null })), okta(json!({}))),
        case("username.not_email", okta(json!({ "login": "ann.lee" })), okta(json!({}))),
        case("username.length", okta(json!({ "login": long_email, "email": null })), okta(json!({}))),
        case("email.invalid", okta(json!({ "email": "ann-at-example" })), okta(json!({}))),
        case("email.length", okta(json!({ "email": long_email })), okta(json!({}))),
        case("email.differs", okta(json!({ "email": "ann@other.example" })), okta(json!({ "email": "Ann.Lee@example.com" }))),
        case("country.not_alpha2", okta(json!({ "countryCode": "USA" })), okta(json!({}))),
        case("country.unknown", okta(json!({ "countryCode": "Atlantis" })), okta(json!({}))),
        case(
            "country.conflict",
            scim(json!({ "addresses": [{ "type": "work", "country": "US" }, { "type": "home", "country": "CA" }] })),
            scim(json!({ "addresses": [{ "type": "work", "country": "US" }, { "type": "home", "country": "US" }] })),
        ),
        case("language.invalid", okta(json!({ "preferredLanguage": "English" })), okta(json!({ "preferredLanguage": "en-GB" }))),
        case("language.unknown", okta(json!({ "preferredLanguage": "xx" })), okta(json!({}))),
        case("license.not_string", okta(json!({ "licenseType": 5 })), okta(json!({}))),
        case("license.not_value", okta(json!({ "licenseType": "Dialpad_Talk" })), okta(json!({}))),
        case("license.ambiguous", okta(json!({ "licenseType": "Dialpad_Ai Voice" })), okta(json!({ "licenseType": "dialpad_lite" }))),
        case("license.unknown", okta(json!({ "licenseType": "premium" })), okta(json!({ "licenseType": "dialpad_sell" }))),
        case("license.default", okta(json!({ "licenseType": null })), okta(json!({}))),
        case("license.no_number", okta(json!({ "licenseType": "dialpad_support" })), okta(json!({}))),
        case(
            "license.change_via_scim",
            patch(json!([{ "op": "replace", "path": format!("{ENTERPRISE}:licenseType"), "value": "dialpad_sell" }])),
            patch(json!([{ "op": "replace", "path": "title", "value": "Lead" }])),
        ),
        case("license.in_replace", scim(json!({ "id": "42" })), scim(json!({ "id": "42", ENTERPRISE: { "officeName": "HQ" } }))),
        case("namespace.misplaced", scim(json!({ "officeName": "HQ", ENTERPRISE: { "licenseType": "dialpad_talk" } })), scim(json!({}))),
        case("namespace.schemas_missing", scim(json!({ "schemas": [CORE] })), scim(json!({}))),
        case("schema.namespace", app_schema(json!({ "licenseType": license_wrong_ns, "officeName": custom("officeName") })), app_schema(schema_ok.clone())),
        case("schema.external_name", app_schema(json!({ "licenseType": license_wrong_name, "officeName": custom("officeName") })), app_schema(schema_ok.clone())),
        case("schema.type", app_schema(json!({ "licenseType": license_wrong_type, "officeName": custom("officeName") })), app_schema(schema_ok.clone())),
        case("schema.license_enum", app_schema(json!({ "licenseType": license_enum })), app_schema(json!({ "licenseType": license_enum_ok }))),
        case("schema.license_missing", app_schema(json!({ "officeName": custom("officeName") })), app_schema(schema_ok.clone())),
        case("schema.office_missing", app_schema(json!({ "licenseType": custom("licenseType") })), app_schema(schema_ok)),
        case("patch.no_operations", patch(json!([])), patch(json!([{ "op": "replace", "path": "title", "value": "Lead" }]))),
        case("patch.invalid_op", patch(json!([{ "op": "update", "path": "title", "value": "Lead" }])), patch(json!([{ "op": "Replace", "path": "title", "value": "Lead" }]))),
        case("patch.missing_path", patch(json!([{ "op": "remove" }])), patch(json!([{ "op": "remove", "path": "title" }]))),
        case("patch.missing_value", patch(json!([{ "op": "replace", "path": "title" }])), patch(json!([{ "op": "replace", "path": "title", "value": "Lead" }]))),
        case("phone.ignored_on_create", okta(json!({ "primaryPhone": "+1 555 0100" })), okta(json!({}))),
        case(
            "phone.change_via_scim",
            patch(json!([{ "op": "replace", "path": "phoneNumbers[type eq \"work\"].value", "value": "+1 555 0100" }])),
            patch(json!([{ "op": "replace", "path": "title", "value": "Lead" }])),
        ),
        case("lifecycle.suspend", patch(json!([{ "op": "replace", "value": { "active": false } }])), patch(json!([{ "op": "replace", "value": { "active": true } }]))),
        case("lifecycle.delete", json!({ "status": "DEPROVISIONED", "profile": { "login": "ann@example.com" } }).to_string(), json!({ "status": "ACTIVE", "profile": { "login": "ann@example.com" } }).to_string()),
        case("lifecycle.active_not_boolean", scim(json!({ "active": "false" })), scim(json!({ "active": false }))),
        case("attribute.unmapped", okta(json!({ "nickName": "Annie" })), okta(json!({}))),
        case(
            "batch.duplicate_username",
            format!("[{},{}]", okta(json!({})), okta(json!({ "login": "ANN.LEE@example.com" }))),
            format!("[{},{}]", okta(json!({})), okta(json!({ "login": "bo@example.com", "email": "bo@example.com" }))),
        ),
        case(
            "batch.domains",
            format!("[{},{}]", okta(json!({})), okta(json!({ "login": "bo@example.org", "email": "bo@example.org" }))),
            format!("[{},{}]", okta(json!({})), okta(json!({ "login": "bo@example.com", "email": "bo@example.com" }))),
        ),
        with_offices("office.near_miss", okta(json!({ "officeName": "hq" })), okta(json!({})), offices()),
        with_offices("office.no_match", okta(json!({ "officeName": "Mars" })), okta(json!({})), offices()),
        with_offices("office.country_ambiguous", okta(json!({ "officeName": null })), okta(json!({})), two_in_us),
        with_offices("office.dialpad_chooses", okta(json!({ "officeName": null, "countryCode": "FR" })), okta(json!({ "officeName": null })), offices()),
        with_offices("office.resolved", okta(json!({})), okta(json!({ "officeName": "Mars", "countryCode": "FR" })), offices()),
        capacity("office.licenses_short", json!({ "name": "HQ", "availableLicenses": { "dialpad_talk": 0 } }), json!({ "name": "HQ", "availableLicenses": { "dialpad_talk": 1 } })),
        capacity("number.area_code", json!({ "name": "HQ", "availableNumbers": 0 }), json!({ "name": "HQ", "availableNumbers": 1 })),
    ]
}

fn codes(text: &str, options: &Value, limits: Limits) -> Vec<&'static str> {
    let options = Options { limits, ..Options::from_json(&options.to_string()).unwrap() };
    validate(text, &options).diagnostics.iter().map(|diagnostic| diagnostic.code).collect()
}

#[test]
fn every_rule_triggers_on_its_input_and_not_on_the_clean_one() {
    let mut failures = Vec::new();
    for case in cases() {
        let triggered = codes(&case.triggers, &case.options, case.limits);
        if !triggered.contains(&case.code) {
            failures.push(format!("{}: not triggered; got {triggered:?}", case.code));
        }
        let clean = codes(&case.clean, &case.clean_options, case.limits);
        if clean.contains(&case.code) {
            failures.push(format!("{}: triggered by the clean input; got {clean:?}", case.code));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A mapping in the shape of Okta's Profile Mappings API: Dialpad's default mapping with
/// `changes` (a null expression removes the property; "DONT_PUSH:" before an expression sets it).
fn mapping(changes: Value) -> String {
    let mut properties = serde_json::to_value(profile_mapping::default_mapping()).unwrap()["properties"].as_object().unwrap().clone();
    for (attribute, change) in changes.as_object().unwrap() {
        match change.as_str() {
            None => {
                properties.remove(attribute);
            }
            Some(expression) => {
                let (push, expression) = expression.strip_prefix("DONT_PUSH:").map_or(("PUSH", expression), |rest| ("DONT_PUSH", rest));
                properties.insert(attribute.clone(), json!({ "expression": expression, "pushStatus": push }));
            }
        }
    }
    json!({ "id": "prm1", "properties": properties }).to_string()
}

/// An app user schema with the template's custom attributes, and `licenseType` as given.
fn schema_with_license(license: Value) -> Value {
    json!(app_schema(json!({ "officeName": custom("officeName"), "licenseType": license })))
}

struct SimulateCase {
    code: &'static str,
    triggers: (String, String, Value),
    clean: (String, String, Value),
}

fn simulated(code: &'static str, triggers: (String, String), clean: (String, String)) -> SimulateCase {
    SimulateCase { code, triggers: (triggers.0, triggers.1, Value::Null), clean: (clean.0, clean.1, Value::Null) }
}

fn simulate_cases() -> Vec<SimulateCase> {
    let user = || okta(json!({ "department": "Sales" }));
    let default = || mapping(json!({}));
    let two = |first: Value, second: Value| format!("[{},{}]", okta(first), okta(second));
    let deep = format!("{}user.title{}", "(".repeat(101), ")".repeat(101));
    let mut missing_namespace = custom("licenseType");
    missing_namespace.as_object_mut().unwrap().remove("externalNamespace");
    vec![
        simulated("mapping.invalid", (user(), "[1]".into()), (user(), default())),
        simulated("mapping.syntax", (user(), mapping(json!({ "title": "user.title +" }))), (user(), default())),
        simulated("mapping.unknown_function", (user(), mapping(json!({ "title": "String.toUppercase(user.title)" }))), (user(), mapping(json!({ "title": "String.toUpperCase(user.title)" })))),
        simulated("mapping.arguments", (user(), mapping(json!({ "title": "String.substring(user.title, 0)" }))), (user(), mapping(json!({ "title": "String.substring(user.title, 0, 20)" })))),
        simulated("mapping.unknown_attribute", (user(), mapping(json!({ "department": "user.departmnt" }))), (user(), default())),
        simulated("mapping.not_evaluated", (user(), mapping(json!({ "title": "Time.now()" }))), (user(), default())),
        simulated("mapping.evaluation_error", (user(), mapping(json!({ "title": "!user.nickName ? 'a' : 'b'" }))), (user(), mapping(json!({ "title": "user.nickName == null ? 'a' : 'b'" })))),
        simulated("mapping.limit", (user(), mapping(json!({ "title": deep }))), (user(), mapping(json!({ "title": "((user.title))" })))),
        simulated("mapping.required_unmapped", (user(), mapping(json!({ "givenName": null }))), (user(), default())),
        simulated("mapping.unmapped", (user(), mapping(json!({ "title": null }))), (user(), mapping(json!({ "title": "user.title", "department": "user.department" })))),
        simulated("mapping.create_only", (user(), mapping(json!({ "title": "DONT_PUSH:user.title" }))), (user(), mapping(json!({ "licenseType": "DONT_PUSH:user.licenseType" })))),
        SimulateCase {
            code: "mapping.namespace",
            triggers: (user(), default(), json!({ "schema": schema_with_license(missing_namespace) })),
            clean: (user(), default(), json!({ "schema": schema_with_license(custom("licenseType")) })),
        },
        simulated("mapping.unknown_target", (user(), mapping(json!({ "colour": "user.title" }))), (user(), default())),
        SimulateCase { code: "mapping.schema_assumed", triggers: (user(), default(), Value::Null), clean: (user(), default(), json!({ "schema": schema_with_license(custom("licenseType")) })) },
        simulated("mapping.license_values", (two(json!({}), json!({ "licenseType": "Support" })), default()), (two(json!({}), json!({ "licenseType": "dialpad_sell" })), default())),
        SimulateCase {
            code: "mapping.office_values",
            triggers: (two(json!({}), json!({ "officeName": "hq" })), default(), json!({ "offices": offices() })),
            clean: (two(json!({}), json!({ "officeName": "London" })), default(), json!({ "offices": offices() })),
        },
        simulated("mapping.not_okta_user", (scim(json!({})), default()), (user(), default())),
    ]
}

/// Every code a simulation reports: about the mapping, the users and each body.
fn simulated_codes(users: &str, mapping_text: &str, options: &Value) -> Vec<&'static str> {
    let options = SimulateOptions::from_json(&options.to_string()).unwrap();
    let mapping = profile_mapping::read(mapping_text);
    let simulations = match simulate(users, mapping_text, &mapping, &options) {
        OneOrMany::One(one) => vec![one],
        OneOrMany::Many(many) => many,
    };
    let codes = |simulation: &Simulation| {
        let report = simulation.report.iter().flat_map(|report| report.diagnostics.iter());
        simulation.diagnostics.iter().chain(&simulation.user_diagnostics).chain(report).map(|diagnostic| diagnostic.code).collect::<Vec<_>>()
    };
    simulations.iter().flat_map(codes).collect()
}

#[test]
fn every_mapping_rule_triggers_on_its_input_and_not_on_the_clean_one() {
    let mut failures = Vec::new();
    for case in simulate_cases() {
        let (users, mapping_text, options) = &case.triggers;
        let triggered = simulated_codes(users, mapping_text, options);
        if !triggered.contains(&case.code) {
            failures.push(format!("{}: not triggered; got {triggered:?}", case.code));
        }
        let (users, mapping_text, options) = &case.clean;
        let clean = simulated_codes(users, mapping_text, options);
        if clean.contains(&case.code) {
            failures.push(format!("{}: triggered by the clean input; got {clean:?}", case.code));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_catalogue_rule_has_a_case() {
    let covered: Vec<&str> = cases().iter().map(|case| case.code).chain(simulate_cases().iter().map(|case| case.code)).collect();
    let missing: Vec<&str> = all_rules().map(|rule| rule.code).filter(|code| !covered.contains(code)).collect();
    assert!(missing.is_empty(), "rules without a test case: {missing:?}");
}

#[test]
fn the_clean_profile_has_no_errors_or_warnings() {
    let report = validate(&okta(json!({})), &Options::default());
    assert!(report.ok);
    assert_eq!((report.counts.error, report.counts.warning), (0, 0), "{:#?}", report.diagnostics);
}

#[test]
fn applying_a_suggestion_removes_its_diagnostic_and_adds_no_error() {
    let mut applied = 0;
    for case in cases() {
        let options = Options { limits: case.limits, ..Options::from_json(&case.options.to_string()).unwrap() };
        let before = validate(&case.triggers, &options);
        let suggested: Vec<_> = before.diagnostics.iter().filter(|d| d.suggestion.is_some()).map(|d| (d.code, d.path.clone())).collect();
        if suggested.is_empty() {
            continue;
        }
        applied += 1;
        let after = validate(&apply_suggestions(&case.triggers, &options), &options);
        for (code, path) in &suggested {
            assert!(!after.diagnostics.iter().any(|d| d.code == *code && d.path == *path), "{code} at {path} is still there after its fix");
        }
        assert!(after.counts.error <= before.counts.error, "{}: errors {} -> {}", case.code, before.counts.error, after.counts.error);
    }
    assert!(applied >= 8, "only {applied} cases had suggestions");
}
