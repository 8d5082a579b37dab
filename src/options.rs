//! Options of the three exports, read from the caller's plain object with clear errors for misuse.

use crate::input::{Format, Kind, Limits};
use crate::office::Office;
use serde_json::Value;

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

impl Options {
    /// Reads `{ kind?, format?, offices?, operation? }`; `null` means no options.
    pub fn from_json(value: &Value) -> Result<Options, String> {
        Options::read(value, false).map(|(options, _)| options)
    }

    /// Reads BatchChecker's options: those of [`Options::from_json`] and `rows?`, whether
    /// each chunk carries a row per record (default true).
    pub fn from_batch_json(value: &Value) -> Result<(Options, bool), String> {
        Options::read(value, true)
    }

    fn read(value: &Value, batch: bool) -> Result<(Options, bool), String> {
        let mut options = Options::default();
        let mut rows = true;
        let object = match value {
            Value::Null => return Ok((options, rows)),
            Value::Object(object) => object,
            other => return Err(format!("options must be an object such as {{ kind: \"okta-user\" }}, not {}", json_type(other))),
        };
        for (key, value) in object {
            match key.as_str() {
                "kind" => options.kind = Some(named(value, "kind", &["okta-user", "scim-user", "scim-patch", "app-schema", "batch"], Kind::parse)?),
                "format" => options.format = Some(named(value, "format", &["json", "ndjson", "csv"], Format::parse)?),
                "operation" => options.operation = Some(named(value, "operation", &["create", "update"], |name| match name {
                    "create" => Some(Operation::Create),
                    "update" => Some(Operation::Update),
                    _ => None,
                })?),
                "offices" => options.offices = Some(parse_offices(value).map_err(|error| format!("options.{error}"))?),
                "rows" if batch => rows = value.as_bool().ok_or_else(|| format!("options.rows must be true or false, not {}", describe(value)))?,
                other => {
                    let listed = if batch { "kind, format, offices, operation and rows" } else { "kind, format, offices and operation" };
                    return Err(format!("options.{other} is not an option: the options are {listed}"));
                }
            }
        }
        Ok((options, rows))
    }
}

impl crate::simulate::SimulateOptions {
    /// Reads simulate's `{ schema?, groups?, offices?, operation?, format? }`.
    pub fn from_json(value: &Value) -> Result<crate::simulate::SimulateOptions, String> {
        let mut simulate = crate::simulate::SimulateOptions::default();
        let object = match value {
            Value::Null => return Ok(simulate),
            Value::Object(object) => object,
            other => return Err(format!("options must be an object such as {{ offices: [...] }}, not {}", json_type(other))),
        };
        let mut passed = serde_json::Map::new();
        for (key, value) in object {
            match key.as_str() {
                "schema" => simulate.schema = read_schema(value)?,
                "groups" => simulate.groups = Some(read_groups(value)?),
                "kind" => return Err("options.kind is not an option of simulate: the users are read as Okta users".into()),
                "offices" | "operation" | "format" => {
                    passed.insert(key.clone(), value.clone());
                }
                other => return Err(format!("options.{other} is not an option: the options of simulate are schema, groups, offices, operation and format")),
            }
        }
        simulate.options = Options::from_json(&Value::Object(passed))?;
        Ok(simulate)
    }
}

/// The app user schema: its text, or the object the Schemas API returns.
fn read_schema(value: &Value) -> Result<crate::app_user_schema::AppUserSchema, String> {
    let text = match value {
        Value::String(text) => text.clone(),
        Value::Object(_) => value.to_string(),
        other => return Err(format!("options.schema must be the app user schema (its text or object), not {}", json_type(other))),
    };
    crate::app_user_schema::AppUserSchema::read(&text).map_err(|why| format!("options.schema is not an Okta app user schema: {why}"))
}

/// `{ "<login>": ["<group name or id>", ...] }`.
fn read_groups(value: &Value) -> Result<std::collections::HashMap<String, Vec<String>>, String> {
    let Value::Object(object) = value else {
        return Err(format!("options.groups must be an object of logins to group names, such as {{ \"ana@example.com\": [\"Support\"] }}, not {}", json_type(value)));
    };
    object
        .iter()
        .map(|(login, groups)| {
            let names = groups.as_array().filter(|items| items.iter().all(Value::is_string));
            let names = names.ok_or_else(|| format!("options.groups[\"{login}\"] must be an array of group names, not {}", json_type(groups)))?;
            Ok((login.clone(), names.iter().filter_map(Value::as_str).map(str::to_string).collect()))
        })
        .collect()
}

fn named<T>(value: &Value, option: &str, allowed: &[&str], parse: impl Fn(&str) -> Option<T>) -> Result<T, String> {
    let listed = allowed.iter().map(|name| format!("\"{name}\"")).collect::<Vec<_>>().join(", ");
    value.as_str().and_then(parse).ok_or_else(|| format!("options.{option} must be one of {listed}, not {}", describe(value)))
}

/// Reads the offices array, naming the first element that is wrong.
pub fn parse_offices(value: &Value) -> Result<Vec<Office>, String> {
    let Value::Array(items) = value else {
        return Err(format!("offices must be an array of offices such as [{{ name: \"HQ\", country: \"US\" }}], not {}", json_type(value)));
    };
    let mut offices: Vec<Office> = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let office: Office = serde_json::from_value(item.clone()).map_err(|error| format!("offices[{index}] is not an office ({{ name, country?, main?, availableNumbers?, availableLicenses? }}): {error}"))?;
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

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

pub(crate) fn describe(value: &Value) -> String {
    match value {
        Value::String(text) => format!("\"{text}\""),
        other => json_type(other).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_every_option() {
        let options = Options::from_json(&json!({"kind": "scim-user", "format": "csv", "operation": "update", "offices": [{"name": "HQ", "country": "US", "availableNumbers": 3}]})).unwrap();
        assert_eq!(options.kind, Some(Kind::ScimUser));
        assert_eq!(options.format, Some(Format::Csv));
        assert_eq!(options.operation, Some(Operation::Update));
        assert_eq!(options.offices.unwrap()[0].available_numbers, Some(3));
    }

    #[test]
    fn misuse_is_explained() {
        let error = Options::from_json(&json!({"kind": "user"})).unwrap_err();
        assert!(error.contains("options.kind must be one of \"okta-user\""), "{error}");
        assert!(Options::from_json(&json!({"offices": {}})).unwrap_err().contains("offices must be an array"));
        assert!(Options::from_json(&json!({"offices": [{"country": "US"}]})).unwrap_err().contains("offices[0]"));
        assert!(Options::from_json(&json!({"offices": [{"name": "A"}, {"name": "A"}]})).unwrap_err().contains("same name"));
        assert!(Options::from_json(&json!({"colour": 1})).unwrap_err().contains("not an option"));
        assert!(Options::from_json(&json!({"rows": false})).unwrap_err().contains("options.rows is not an option"));
        let (batch, rows) = Options::from_batch_json(&json!({"rows": false, "kind": "okta-user"})).unwrap();
        assert_eq!((batch.kind, rows), (Some(Kind::OktaUser), false));
        assert!(Options::from_batch_json(&json!({})).unwrap().1);
        assert!(Options::from_batch_json(&json!({"rows": "no"})).unwrap_err().contains("options.rows must be true or false, not \"no\""));
        assert!(Options::from_json(&json!(3)).unwrap_err().contains("must be an object"));
    }
}
