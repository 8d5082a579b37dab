//! JSON values shaped like each input kind (Okta users, SCIM Users, PATCHes, app schemas,
//! batches), built from arbitrary choices so the fuzzer reaches the rules, not only the reader.
#![no_main]
use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use scim_preflight::{apply_suggestions, validate, Options};
use serde_json::{json, Map, Value};

const KEYS: &[&str] = &[
    "login", "firstName", "lastName", "email", "title", "countryCode", "preferredLanguage", "licenseType", "officeName", "department",
    "physicalDeliveryOfficeName", "primaryPhone", "userName", "name", "givenName", "familyName", "emails", "value", "primary", "addresses",
    "country", "phoneNumbers", "active", "id", "schemas", "Operations", "op", "path", "definitions", "custom", "properties", "type",
    "externalName", "externalNamespace", "enum", "oneOf", "const", "profile", "status", "Resources",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "urn:ietf:params:scim:schemas:core:2.0:User",
];
const STRINGS: &[&str] = &[
    "US", "USA", "United States", "en", "English", "en_US", "dialpad_talk", "Dialpad_Talk", "Dialpad_Ai Voice", "a@example.com", "A@EXAMPLE.COM",
    "nope", "", " ", "HQ", "hq", "replace", "remove", "add", "DEPROVISIONED", "string", "integer",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "urn:ietf:params:scim:api:messages:2.0:PatchOp",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:licenseType", "addresses[type eq \"work\"].country", "phoneNumbers",
];

fn value(u: &mut Unstructured, depth: u32) -> arbitrary::Result<Value> {
    let choice = if depth > 5 { u.int_in_range(0..=4)? } else { u.int_in_range(0..=7)? };
    Ok(match choice {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => json!(u.arbitrary::<i32>()?),
        3 => Value::String(u.choose(STRINGS)?.to_string()),
        4 => Value::String(u.arbitrary::<String>()?),
        5 | 6 => {
            let mut object = Map::new();
            for _ in 0..u.int_in_range(0..=6)? {
                object.insert(u.choose(KEYS)?.to_string(), value(u, depth + 1)?);
            }
            Value::Object(object)
        }
        _ => Value::Array((0..u.int_in_range(0..=4)?).map(|_| value(u, depth + 1)).collect::<arbitrary::Result<_>>()?),
    })
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(root) = value(&mut u, 0) else { return };
    let pretty = bool::arbitrary(&mut u).unwrap_or(false);
    let text = if pretty { serde_json::to_string_pretty(&root).unwrap_or_default() } else { root.to_string() };
    let options = Options::default();
    let first = validate(&text, &options);
    assert_eq!(first, validate(&text, &options), "the same input gave two reports");
    let fixed = apply_suggestions(&text, &options);
    assert!(validate(&fixed, &options).counts.error <= first.counts.error, "fixes added an error:\n{text}\n->\n{fixed}");
});
