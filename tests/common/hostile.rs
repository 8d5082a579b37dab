//! Hostile and broken inputs, shared by the native suite (tests/hostile.rs) and the wasm suite
//! (tests/web.rs, in Node, Chrome and Firefox). Each names the diagnostic code it must give,
//! or None where any report will do; every case is followed by a normal call that must work.

pub struct Case {
    pub name: &'static str,
    pub text: String,
    /// A code the report must hold, when the input has a definite problem.
    pub expect: Option<&'static str>,
}

fn case(name: &'static str, text: impl Into<String>, expect: Option<&'static str>) -> Case {
    Case { name, text: text.into(), expect }
}

fn profile(fields: &str) -> String {
    format!("{{\"profile\":{{\"login\":\"ann@example.com\",\"firstName\":\"Ann\",\"lastName\":\"Lee\"{fields}}}}}")
}

pub fn cases() -> Vec<Case> {
    let ten_mb = "x".repeat(10 * 1024 * 1024);
    vec![
        case("empty text", "", Some("input.invalid_json")),
        case("white space only", " \n\t\r\n ", Some("input.invalid_json")),
        case("a byte-order mark only", "\u{feff}", Some("input.invalid_json")),
        case("a byte-order mark before a profile", format!("\u{feff}{}", profile("")), None),
        case("null", "null", Some("input.not_object")),
        case("a number", "42", Some("input.not_object")),
        case("1e999", "1e999", Some("input.not_object")),
        case("a string", "\"just text\"", Some("input.not_object")),
        case("true", "true", Some("input.not_object")),
        case("an empty array", "[]", Some("input.empty_batch")),
        case("an empty object", "{}", Some("input.unknown_kind")),
        case("a 10 MB string value", profile(&format!(",\"title\":\"{ten_mb}\"")), None),
        case("a 10 MB first name", format!("{{\"profile\":{{\"login\":\"a@example.com\",\"firstName\":\"{ten_mb}\",\"lastName\":\"L\"}}}}"), Some("name.too_long")),
        case("arrays nested 100,000 deep", "[".repeat(100_000) + &"]".repeat(100_000), Some("input.invalid_json")),
        case("objects nested 100,000 deep", "{\"a\":".repeat(100_000) + "1" + &"}".repeat(100_000), Some("input.invalid_json")),
        case("nesting just under the limit", "[".repeat(200) + &"]".repeat(200), Some("input.not_object")),
        case("duplicate keys", "{\"profile\":{\"login\":\"nope\",\"login\":\"ann@example.com\",\"firstName\":\"A\",\"lastName\":\"B\",\"licenseType\":\"dialpad_talk\"}}", None),
        case("__proto__ and constructor keys", profile(",\"__proto__\":{\"admin\":true},\"constructor\":\"x\",\"prototype\":1"), Some("attribute.unmapped")),
        case("a __proto__ profile", "{\"__proto__\":{\"login\":\"a@example.com\"},\"profile\":{\"__proto__\":1}}", None),
        case("lone UTF-16 surrogates escaped", profile(",\"title\":\"\\ud800 and \\udfff\""), None),
        case("a raw NUL byte in a string", profile(",\"title\":\"a\u{0}b\""), Some("input.invalid_json")),
        case("an escaped NUL in a string", profile(",\"title\":\"a\\u0000b\""), None),
        case("NUL bytes outside strings", "\u{0}\u{0}{}", Some("input.invalid_json")),
        case("a trailing comma", "{\"profile\":{\"login\":\"a@example.com\",}}", Some("input.invalid_json")),
        case("single quotes", "{'profile': {}}", Some("input.invalid_json")),
        case("a comment", "// exported from Okta\n{\"profile\":{}}", Some("input.invalid_json")),
        case("half-copied JSON", &profile("")[..40], Some("input.invalid_json")),
        case("a number too large for any type as licenseType", profile(",\"licenseType\":123456789012345678901234567890"), Some("license.not_string")),
        case("CSV with a quoted newline and a ragged row", "login,firstName,lastName\nann@example.com,\"Ann\nMarie\",Lee\nbo@example.com,Bo\n", Some("input.csv_ragged_row")),
        case("CSV with a header only", "login,firstName,lastName\n", Some("input.empty_batch")),
        case("CSV with an unclosed quote", "login,firstName\n\"ann@example.com,Ann\n", None),
        case("CSV with replacement characters from bad bytes", "login,firstName,lastName\nann@example.com,\u{fffd}\u{fffd},Lee\n", Some("value.replacement_character")),
        case("NDJSON with one broken line among good ones", format!("{}\n{{\"profile\": oops}}\n{}\n", profile(""), profile("")), Some("input.invalid_json")),
        case("NDJSON of only broken lines", "{oops}\n{also broken}\n", Some("input.invalid_json")),
        case("CRLF line endings", profile("").replace(',', ",\r\n"), None),
        case("right-to-left and emoji names", "{\"profile\":{\"login\":\"a@example.com\",\"firstName\":\"سارا 😀\",\"lastName\":\"\u{202e}evil\"}}", None),
        case("a 1 MB key", format!("{{\"profile\":{{\"{}\":1}}}}", "k".repeat(1 << 20)), Some("attribute.unmapped")),
        case("50,000 records that are numbers", format!("[{}]", vec!["1"; 50_000].join(",")), Some("input.not_object")),
        case("a PATCH with 10,000 operations", format!("{{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{}]}}", vec!["{\"op\":\"replace\",\"path\":\"title\",\"value\":\"x\"}"; 10_000].join(",")), None),
        case("an app schema with odd property shapes", "{\"definitions\":{\"custom\":{\"properties\":{\"licenseType\":{\"enum\":[1,null,{}],\"oneOf\":\"x\"},\"officeName\":[]}}}}", Some("schema.license_enum")),
        case("a SCIM User with a string name and number emails", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"a@example.com\",\"name\":\"Ann Lee\",\"emails\":7,\"addresses\":\"US\"}", None),
        case("a ListResponse whose Resources is not an array", "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],\"Resources\":{}}", Some("input.empty_batch")),
    ]
}

/// The normal call every case is followed by: a clean profile must still check clean.
pub fn normal_profile() -> String {
    profile(",\"licenseType\":\"dialpad_talk\"")
}
