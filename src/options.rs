//! Options of the three exports, read from the caller's plain object with clear errors for misuse.
//! The object arrives as JSON text (JSON.stringify of it in the wasm) and is read with the
//! checker's own JSON reader, in the caller's order of keys.

use crate::input::{Format, Kind, Limits};
use crate::json::{Member, Node, Value};
use crate::office::Office;
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    Create,
    Update,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// Forces the kind of every record instead of detecting it.
    pub kind: Option<Kind>,
    /// Forces the container: one JSON value or array, NDJSON, or CSV.
    pub format: Option<Format>,
    /// The account's offices: adds office resolution and capacity checks.
    pub offices: Option<Vec<Office>>,
    /// Forces whether a SCIM User is a create or an update (by default a body with an `id` is an update).
    pub operation: Option<Operation>,
    /// Whether diagnostics get line and column (false when the input was a JS value, not text).
    pub positions: bool,
    /// How much one call reads; the defaults are documented in the README.
    pub limits: Limits,
}

impl Default for Options {
    fn default() -> Self {
        Options { kind: None, format: None, offices: None, operation: None, positions: true, limits: Limits::default() }
    }
}

/// The options one export takes beyond those of [`Options`].
#[derive(Clone, Copy, PartialEq)]
enum Extra {
    None,
    /// BatchChecker's `rows`.
    Rows,
    /// applySuggestions' `paths`.
    Paths,
}

/// What [`read_members`] read: the options, `rows` (true unless given) and `paths`.
type Read = (Options, bool, Option<Vec<String>>);

impl Options {
    /// Reads `{ kind?, format?, offices?, operation? }` from its JSON text; `null` means no options.
    pub fn from_json(text: &str) -> Result<Options, String> {
        read_text(text, Extra::None).map(|(options, ..)| options)
    }

    /// Reads BatchChecker's options: those of [`Options::from_json`] and `rows?`, whether
    /// each chunk carries a row per record (default true).
    pub fn from_batch_json(text: &str) -> Result<(Options, bool), String> {
        read_text(text, Extra::Rows).map(|(options, rows, _)| (options, rows))
    }
}

/// Reads applySuggestions' options: those of [`Options::from_json`] and `paths?`, the JSON
/// Pointers of the diagnostics whose suggestions to apply (all when absent).
pub fn fix_options_from_json(text: &str) -> Result<(Options, Option<Vec<String>>), String> {
    read_text(text, Extra::Paths).map(|(options, _, paths)| (options, paths))
}

fn read_text(text: &str, extra: Extra) -> Result<Read, String> {
    read_members(members_of(&read_json(text)?, "{ kind: \"okta-user\" }")?, extra)
}

fn read_json(text: &str) -> Result<Node<'_>, String> {
    crate::json::parse(text).map_err(|error| format!("options is not plain JSON data: {}", error.message))
}

/// The members of the options object; none for `null`.
fn members_of<'n, 'a>(value: &'n Node<'a>, example: &str) -> Result<impl Iterator<Item = &'n Member<'a>>, String> {
    const OPTIONS: &[&str] = &["kind", "format", "operation", "offices", "rows", "paths", "schema", "groups"];
    match &value.value {
        Value::Null => Ok(last_of_each(&[], OPTIONS)),
        Value::Object(members) => Ok(last_of_each(members, OPTIONS)),
        _ => Err(format!("options must be an object such as {example}, not {}", value.type_name())),
    }
}

/// An object's members in their order, of a key of `known` given twice only the last: the one
/// JSON.parse keeps (JSON.stringify never repeats a key; a Rust caller's text might). Other
/// keys are all kept (they are refused or ignored). One pass over the members finds each known
/// key's last place, however many members there are.
fn last_of_each<'n, 'a>(members: &'n [Member<'a>], known: &'static [&'static str]) -> impl Iterator<Item = &'n Member<'a>> {
    let mut last = vec![usize::MAX; known.len()];
    for (at, member) in members.iter().enumerate() {
        if let Some(which) = known.iter().position(|name| *name == member.key) {
            last[which] = at;
        }
    }
    members.iter().enumerate().filter(move |(at, member)| known.iter().position(|name| *name == member.key).is_none_or(|which| last[which] == *at)).map(|(_, member)| member)
}

fn read_members<'m, 'a: 'm>(members: impl IntoIterator<Item = &'m Member<'a>>, extra: Extra) -> Result<Read, String> {
    let (mut options, mut rows, mut paths) = (Options::default(), true, None);
    for Member { key, value, .. } in members {
        match key.as_ref() {
            "kind" => options.kind = Some(named(value, "kind", &["okta-user", "scim-user", "scim-patch", "app-schema", "batch"], Kind::parse)?),
            "format" => options.format = Some(named(value, "format", &["json", "ndjson", "csv"], Format::parse)?),
            "operation" => options.operation = Some(named(value, "operation", &["create", "update"], |name| match name {
                "create" => Some(Operation::Create),
                "update" => Some(Operation::Update),
                _ => None,
            })?),
            "offices" => options.offices = Some(read_offices(value).map_err(|error| format!("options.{error}"))?),
            "rows" if extra == Extra::Rows => rows = as_bool(value).ok_or_else(|| format!("options.rows must be true or false, not {}", describe(value)))?,
            "paths" if extra == Extra::Paths => paths = Some(strings(value).ok_or_else(|| format!("options.paths must be an array of JSON Pointers (the `path` of diagnostics), not {}", describe(value)))?),
            other => {
                let listed = match extra {
                    Extra::None => "kind, format, offices and operation",
                    Extra::Rows => "kind, format, offices, operation and rows",
                    Extra::Paths => "kind, format, offices, operation and paths",
                };
                return Err(format!("options.{other} is not an option: the options are {listed}"));
            }
        }
    }
    Ok((options, rows, paths))
}

impl crate::simulate::SimulateOptions {
    /// Reads simulate's `{ schema?, groups?, offices?, operation?, format? }` from its JSON text.
    pub fn from_json(text: &str) -> Result<crate::simulate::SimulateOptions, String> {
        let root = read_json(text)?;
        let mut simulate = crate::simulate::SimulateOptions::default();
        let mut passed = Vec::new();
        for member in members_of(&root, "{ offices: [...] }")? {
            match member.key.as_ref() {
                // The schema's own text, in its order (the body's order), as the caller wrote it.
                "schema" => {
                    let written = text.get(member.value.span.start..member.value.span.end).ok_or("options.schema could not be read from the options' text")?;
                    simulate.schema = read_schema(&member.value, written)?;
                }
                "groups" => simulate.groups = Some(read_groups(&member.value)?),
                "kind" => return Err("options.kind is not an option of simulate: the users are read as Okta users".into()),
                "offices" | "operation" | "format" => passed.push(member),
                other => return Err(format!("options.{other} is not an option: the options of simulate are schema, groups, offices, operation and format")),
            }
        }
        simulate.options = read_members(passed, Extra::None)?.0;
        Ok(simulate)
    }
}

/// The app user schema: its text, or the object the Schemas API returns (`written` is its text).
fn read_schema(value: &Node<'_>, written: &str) -> Result<crate::app_user_schema::AppUserSchema, String> {
    let text = match &value.value {
        Value::String(text) => text.as_ref(),
        Value::Object(_) => written,
        _ => return Err(format!("options.schema must be the app user schema (its text or object), not {}", value.type_name())),
    };
    crate::app_user_schema::AppUserSchema::read(text).map_err(|why| format!("options.schema is not an Okta app user schema: {why}"))
}

/// `{ "<login>": ["<group name or id>", ...] }`.
fn read_groups(value: &Node<'_>) -> Result<std::collections::HashMap<String, Vec<String>>, String> {
    let Value::Object(members) = &value.value else {
        return Err(format!("options.groups must be an object of logins to group names, such as {{ \"ana@example.com\": [\"Support\"] }}, not {}", value.type_name()));
    };
    members
        .iter()
        .map(|Member { key: login, value: groups, .. }| {
            let names = strings(groups).ok_or_else(|| format!("options.groups[\"{login}\"] must be an array of group names, not {}", groups.type_name()))?;
            Ok((login.to_string(), names))
        })
        .collect()
}

/// The texts of an array of strings; `None` for anything else.
fn strings(value: &Node<'_>) -> Option<Vec<String>> {
    match &value.value {
        Value::Array(items) => items.iter().map(|item| item.as_str().map(str::to_string)).collect(),
        _ => None,
    }
}

fn as_bool(value: &Node<'_>) -> Option<bool> {
    match value.value {
        Value::Bool(flag) => Some(flag),
        _ => None,
    }
}

fn named<T>(value: &Node<'_>, option: &str, allowed: &[&str], parse: impl Fn(&str) -> Option<T>) -> Result<T, String> {
    let listed = allowed.iter().map(|name| format!("\"{name}\"")).collect::<Vec<_>>().join(", ");
    value.as_str().and_then(parse).ok_or_else(|| format!("options.{option} must be one of {listed}, not {}", describe(value)))
}

/// Reads the offices array from its JSON text, naming the first element that is wrong.
pub fn parse_offices(text: &str) -> Result<Vec<Office>, String> {
    read_offices(&crate::json::parse(text).map_err(|error| format!("offices is not plain JSON data: {}", error.message))?)
}

fn read_offices(value: &Node<'_>) -> Result<Vec<Office>, String> {
    let Value::Array(items) = &value.value else {
        return Err(format!("offices must be an array of offices such as [{{ name: \"HQ\", country: \"US\" }}], not {}", value.type_name()));
    };
    let mut offices: Vec<Office> = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let office = read_office(item).map_err(|why| format!("offices[{index}] is not an office ({{ name, country?, main?, availableNumbers?, availableLicenses? }}): {why}"))?;
        if office.name.trim().is_empty() {
            return Err(format!("offices[{index}].name is empty: every office needs its name as Dialpad shows it"));
        }
        if let Some(first) = offices.iter().position(|other| other.name == office.name) {
            return Err(format!("offices[{index}] has the same name as offices[{first}], \"{}\": office names are unique in Dialpad", office.name));
        }
        offices.push(office);
    }
    Ok(offices)
}

/// One office; members it does not know are left alone, and `null` is the same as absent
/// for all but the name.
fn read_office(item: &Node<'_>) -> Result<Office, String> {
    let Value::Object(members) = &item.value else { return Err(format!("it is {}", item.type_name())) };
    let mut office = Office::default();
    let mut named = false;
    for Member { key, value, .. } in last_of_each(members, &["name", "country", "main", "availableNumbers", "availableLicenses"]) {
        let wrong = |wanted: &str| format!("{key} must be {wanted}, not {}", describe(value));
        let given = !matches!(value.value, Value::Null);
        match key.as_ref() {
            "name" => {
                office.name = value.as_str().ok_or_else(|| wrong("text"))?.to_string();
                named = true;
            }
            "country" => office.country = if given { Some(value.as_str().ok_or_else(|| wrong("text such as \"US\""))?.to_string()) } else { None },
            "main" => office.main = if given { Some(as_bool(value).ok_or_else(|| wrong("true or false"))?) } else { None },
            "availableNumbers" => office.available_numbers = if given { Some(whole_number(value).ok_or_else(|| wrong("a whole number, 0 or more"))?) } else { None },
            "availableLicenses" => office.available_licenses = if given { Some(licenses(value).map_err(|why| why.unwrap_or_else(|| wrong("an object of license values to whole numbers, such as { \"dialpad_talk\": 3 }")))?) } else { None },
            _ => {}
        }
    }
    if named {
        Ok(office)
    } else {
        Err("it has no name".into())
    }
}

/// A JSON number that is a whole number from 0 to u64's largest, written without a fraction
/// or an exponent (as JSON.stringify writes every such number below 10^21).
fn whole_number(value: &Node<'_>) -> Option<u64> {
    match value.value {
        Value::Number(text) => text.parse().ok(),
        _ => None,
    }
}

/// The licenses left by license value; what is wrong with the first count that is not a whole
/// number, or `None` when `value` is not an object at all.
fn licenses(value: &Node<'_>) -> Result<BTreeMap<String, u64>, Option<String>> {
    let Value::Object(members) = &value.value else { return Err(None) };
    // Inserted one by one: collecting into the map would sort the pairs first, with a stable
    // sort of its own in the wasm (about 7 KB) for a handful of licenses.
    let mut licenses = BTreeMap::new();
    for member in members {
        let count = whole_number(&member.value).ok_or_else(|| Some(format!("availableLicenses[\"{}\"] must be a whole number, 0 or more, not {}", member.key, describe(&member.value))))?;
        licenses.insert(member.key.to_string(), count);
    }
    Ok(licenses)
}

/// A value for a message: a string as it is, in quotes, anything else by its type.
fn describe(value: &Node<'_>) -> String {
    match value.as_str() {
        Some(text) => format!("\"{text}\""),
        None => value.type_name().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn text(value: serde_json::Value) -> String {
        value.to_string()
    }

    #[test]
    fn reads_every_option() {
        let options = Options::from_json(&text(json!({"kind": "scim-user", "format": "csv", "operation": "update", "offices": [{"name": "HQ", "country": "US", "availableNumbers": 3}]}))).unwrap();
        assert_eq!(options.kind, Some(Kind::ScimUser));
        assert_eq!(options.format, Some(Format::Csv));
        assert_eq!(options.operation, Some(Operation::Update));
        assert_eq!(options.offices.unwrap()[0].available_numbers, Some(3));
    }

    #[test]
    fn misuse_is_explained() {
        let error = Options::from_json(&text(json!({"kind": "user"}))).unwrap_err();
        assert!(error.contains("options.kind must be one of \"okta-user\""), "{error}");
        assert!(Options::from_json(&text(json!({"offices": {}}))).unwrap_err().contains("offices must be an array"));
        assert!(Options::from_json(&text(json!({"offices": [{"country": "US"}]}))).unwrap_err().contains("offices[0]"));
        assert!(Options::from_json(&text(json!({"offices": [{"name": "A"}, {"name": "A"}]}))).unwrap_err().contains("same name"));
        assert!(Options::from_json(&text(json!({"colour": 1}))).unwrap_err().contains("not an option"));
        assert!(Options::from_json(&text(json!({"rows": false}))).unwrap_err().contains("options.rows is not an option"));
        let (batch, rows) = Options::from_batch_json(&text(json!({"rows": false, "kind": "okta-user"}))).unwrap();
        assert_eq!((batch.kind, rows), (Some(Kind::OktaUser), false));
        assert!(Options::from_batch_json(&text(json!({}))).unwrap().1);
        assert!(Options::from_batch_json(&text(json!({"rows": "no"}))).unwrap_err().contains("options.rows must be true or false, not \"no\""));
        assert!(Options::from_json(&text(json!(3))).unwrap_err().contains("must be an object"));
    }

    /// Each member of an office is read or refused by itself, with what was wrong and what was
    /// wanted; `null` is the same as absent for all but the name, and other members are ignored.
    #[test]
    fn offices_say_which_member_is_wrong() {
        let office = |value: serde_json::Value| parse_offices(&text(json!([value])));
        let read = office(json!({"name": "HQ", "country": null, "main": true, "availableNumbers": 0, "availableLicenses": {"dialpad_talk": 2, "dialpad_sell": 0}, "note": "ignored"})).unwrap();
        let licenses = BTreeMap::from([("dialpad_sell".to_string(), 0), ("dialpad_talk".to_string(), 2)]);
        assert_eq!(read, vec![Office { name: "HQ".into(), country: None, main: Some(true), available_numbers: Some(0), available_licenses: Some(licenses) }]);
        let nulls = office(json!({"name": "HQ", "country": null, "main": null, "availableNumbers": null, "availableLicenses": null})).unwrap();
        assert_eq!(nulls, vec![Office { name: "HQ".into(), ..Office::default() }]);
        // A key given twice counts once, the last time, as JSON.parse reads it.
        let twice = parse_offices(r#"[{"name": 1, "name": "HQ", "availableNumbers": -1, "availableNumbers": 4}]"#).unwrap();
        assert_eq!((twice[0].name.as_str(), twice[0].available_numbers), ("HQ", Some(4)));
        for (value, wrong) in [
            (json!({"country": "US"}), "it has no name"),
            (json!({"name": null}), "name must be text, not null"),
            (json!({"name": "HQ", "country": 1}), "country must be text such as \"US\", not a number"),
            (json!({"name": "HQ", "main": "yes"}), "main must be true or false, not \"yes\""),
            (json!({"name": "HQ", "availableNumbers": -1}), "availableNumbers must be a whole number, 0 or more, not a number"),
            (json!({"name": "HQ", "availableNumbers": 1.5}), "availableNumbers must be a whole number"),
            (json!({"name": "HQ", "availableLicenses": {"dialpad_talk": "3"}}), "availableLicenses[\"dialpad_talk\"] must be a whole number, 0 or more, not \"3\""),
            (json!({"name": "HQ", "availableLicenses": {"dialpad_talk": -1}}), "availableLicenses[\"dialpad_talk\"] must be a whole number, 0 or more, not a number"),
            (json!({"name": "HQ", "availableLicenses": ["dialpad_talk"]}), "availableLicenses must be an object of license values to whole numbers, such as { \"dialpad_talk\": 3 }, not an array"),
            (json!("HQ"), "it is a string"),
        ] {
            let error = office(value.clone()).unwrap_err();
            assert!(error.starts_with("offices[0] is not an office ({ name, country?, main?, availableNumbers?, availableLicenses? }): "), "{error}");
            assert!(error.contains(wrong), "{value}: {error}");
        }
        assert!(parse_offices("[").unwrap_err().starts_with("offices is not plain JSON data"));
    }

    /// applySuggestions' paths, simulate's options read in the caller's order, and `null`.
    #[test]
    fn each_export_reads_its_own_options() {
        let (options, paths) = fix_options_from_json(&text(json!({"paths": ["/profile/countryCode"], "kind": "okta-user"}))).unwrap();
        assert_eq!((options.kind, paths), (Some(Kind::OktaUser), Some(vec!["/profile/countryCode".to_string()])));
        assert_eq!(fix_options_from_json("null").unwrap(), (Options::default(), None));
        assert!(fix_options_from_json(&text(json!({"paths": "/a"}))).unwrap_err().contains("options.paths must be an array of JSON Pointers (the `path` of diagnostics), not \"/a\""));
        assert!(fix_options_from_json(&text(json!({"rows": true}))).unwrap_err().contains("the options are kind, format, offices, operation and paths"));
        assert!(Options::from_json(&text(json!({"paths": []}))).unwrap_err().contains("options.paths is not an option"));
        assert_eq!(Options::from_json("null").unwrap(), Options::default());
        let simulate = crate::simulate::SimulateOptions::from_json(&text(json!({"operation": "update", "groups": {"a@example.com": ["Support"]}}))).unwrap();
        assert_eq!(simulate.options.operation, Some(Operation::Update));
        assert_eq!(simulate.groups.unwrap()["a@example.com"], vec!["Support".to_string()]);
        let refused = |value: serde_json::Value| crate::simulate::SimulateOptions::from_json(&text(value)).err().unwrap_or_default();
        assert!(refused(json!({"groups": {"a@example.com": "Support"}})).contains("options.groups[\"a@example.com\"] must be an array of group names, not a string"));
        assert!(refused(json!({"kind": "batch"})).contains("not an option of simulate"));
        assert!(refused(json!({"schema": 3})).contains("options.schema must be the app user schema (its text or object), not a number"));
        assert!(Options::from_json("{").unwrap_err().starts_with("options is not plain JSON data"));
        // Read in the caller's order (raw text: json! sorts its keys): of two wrong options,
        // the first given is named; and of a key given twice, the last counts.
        assert!(Options::from_json(r#"{"format": "xml", "kind": "user"}"#).unwrap_err().starts_with("options.format"));
        assert!(Options::from_json(r#"{"kind": "user", "format": "xml"}"#).unwrap_err().starts_with("options.kind"));
        assert_eq!(Options::from_json(r#"{"kind": "user", "kind": "batch"}"#).unwrap().kind, Some(Kind::Batch));
        let refused_text = |text: &str| crate::simulate::SimulateOptions::from_json(text).err().unwrap_or_default();
        assert!(refused_text(r#"{"operation": "later", "colour": 1}"#).starts_with("options.colour is not an option"), "simulate's own options are read first, then those passed on");
        assert!(refused_text(r#"{"format": "xml", "operation": "later"}"#).starts_with("options.format"));
    }

    /// Many members, unknown ones or one key given again and again, are read in one pass: each
    /// member was compared with every later one, so 200,000 keys took minutes.
    #[test]
    fn many_members_are_read_in_one_pass() {
        let extra: String = (0..200_000).map(|at| format!(",\"k{at}\":{at}")).collect();
        let offices = parse_offices(&format!("[{{\"name\":\"HQ\"{extra},\"country\":\"US\"}}]")).unwrap();
        assert_eq!((offices[0].name.as_str(), offices[0].country.as_deref()), ("HQ", Some("US")));
        let kinds: String = (0..100_000).map(|_| "\"kind\":\"user\",").collect();
        assert_eq!(Options::from_json(&format!("{{{kinds}\"kind\":\"batch\"}}")).unwrap().kind, Some(Kind::Batch));
    }
}

