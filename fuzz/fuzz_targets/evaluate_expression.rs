//! Okta expressions, as raw text or assembled from the language's own tokens, through the
//! parser, the inspection and the evaluator, and through simulate into a SCIM body: nothing may
//! panic or loop, and the same input must give the same result.
#![no_main]
use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use scim_preflight::profile_mapping;
use scim_preflight::simulate::{simulate, SimulateOptions};

const TOKENS: &[&str] = &[
    "user.", "appuser.", "source.", "org.", "department", "firstName", "licenseType", "title", "login", "nickName", "tags", "(", ")", "{", "}",
    "[", "]", ",", ".", "?", ":", "?:", "+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "!", "AND", "OR", "&&", "||", "matches",
    "null", "true", "false", "0", "1", "-1", "3.5", "1e400", "9223372036854775807", "'Support'", "\"x\"", "''", "'a''b'", "\"\\\"", "String.",
    "Arrays.", "Convert.", "Iso3166Convert.", "append", "join", "len", "removeSpaces", "replace", "replaceFirst", "stringContains",
    "stringSwitch", "substring", "substringAfter", "substringBefore", "toUpperCase", "toLowerCase", "startsWith", "add", "remove",
    "clear", "get", "flatten", "contains", "size", "isEmpty", "toCsvString", "toInt", "toNum", "toAlpha2", "toAlpha3", "toNumeric",
    "toName", "isMemberOfGroupName", "isMemberOfAnyGroup", "isMemberOfGroupNameRegex", "getInternalProperty", "Time.now", "'.*'", "'(a+)+$'",
    " ", "é", "😀",
];

fn expression(u: &mut Unstructured) -> arbitrary::Result<String> {
    if u.arbitrary::<bool>()? {
        return u.arbitrary::<String>();
    }
    let mut text = String::new();
    for _ in 0..u.int_in_range(1..=40)? {
        text.push_str(u.choose(TOKENS)?);
    }
    Ok(text)
}

const USER: &str = r#"{"id":"00u1","status":"ACTIVE","profile":{"login":"ana@example.com","firstName":"Ana","lastName":"Silva","department":"Support","tags":["a","b"],"salary":12,"nickName":null}}"#;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let (Ok(first), Ok(second)) = (expression(&mut u), expression(&mut u)) else { return };
    let mapping_text = serde_json::json!({ "properties": {
        "userName": { "expression": "user.login" },
        "givenName": { "expression": "user.firstName" },
        "familyName": { "expression": "user.lastName" },
        "licenseType": { "expression": first },
        "title": { "expression": second },
        "officeName": { "expression": "appuser.title" },
    } })
    .to_string();
    let mut options = SimulateOptions::default();
    options.groups = Some([("ana@example.com".to_string(), vec!["Sales".to_string(), "00g1".to_string()])].into_iter().collect());
    let mapping = profile_mapping::read(&mapping_text);
    let once = serde_json::to_string(&simulate(USER, &mapping_text, &mapping, &options)).unwrap();
    let again = serde_json::to_string(&simulate(USER, &mapping_text, &mapping, &options)).unwrap();
    assert_eq!(once, again, "the same mapping gave two simulations");
});
