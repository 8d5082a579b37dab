//! The SCIM body Okta builds from an app user: each attribute's value put at its external name,
//! in its namespace (RULES.md section 4), in the order Okta writes a create request.

use crate::app_user_schema::Target;
use crate::input::CORE_USER_URN;
use crate::json::escape_pointer_token;
pub use crate::ordered_json::Json;

/// One step of an external name.
#[derive(Debug, PartialEq)]
enum Step {
    Key(String),
    /// The element of an array whose `key` holds `value`: SCIM's `emails[type eq "work"]` or
    /// Okta's `emails.^[primary==true]`.
    Select { array: String, key: String, value: Json },
}

/// Splits `emails.^[primary==true].value` or `addresses[type eq "work"].country` into steps.
fn steps(external_name: &str) -> Option<Vec<Step>> {
    let mut out: Vec<Step> = Vec::new();
    let mut rest = external_name;
    while !rest.is_empty() {
        let (piece, after) = split_piece(rest);
        rest = after;
        if let Some(filter) = piece.strip_prefix("^[").and_then(|inner| inner.strip_suffix(']')) {
            let Some(Step::Key(array)) = out.pop() else { return None };
            let (key, value) = filter.split_once("==")?;
            out.push(Step::Select { array, key: key.trim().to_string(), value: literal(value.trim())? });
        } else if let Some((array, filter)) = piece.split_once('[') {
            let filter = filter.strip_suffix(']')?;
            let mut words = filter.splitn(3, ' ');
            let (key, operator, value) = (words.next()?, words.next()?, words.next()?);
            if !operator.eq_ignore_ascii_case("eq") {
                return None;
            }
            out.push(Step::Select { array: array.to_string(), key: key.to_string(), value: literal(value.trim())? });
        } else if piece.is_empty() {
            return None;
        } else {
            out.push(Step::Key(piece.to_string()));
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The next dot-separated piece, keeping brackets (and the quotes in them) whole.
fn split_piece(text: &str) -> (&str, &str) {
    let mut depth = 0usize;
    let mut quoted = false;
    for (at, c) in text.char_indices() {
        match c {
            '"' | '\'' => quoted = !quoted,
            '[' if !quoted => depth += 1,
            ']' if !quoted => depth = depth.saturating_sub(1),
            '.' if depth == 0 && !quoted => return (&text[..at], &text[at + 1..]),
            _ => {}
        }
    }
    (text, "")
}

fn literal(text: &str) -> Option<Json> {
    Some(match text {
        "true" => Json::Bool(true),
        "false" => Json::Bool(false),
        _ => match text.strip_prefix(['"', '\'']).and_then(|inner| inner.strip_suffix(['"', '\''])) {
            Some(inner) => Json::Str(inner.to_string()),
            None => Json::Number(text.parse::<i64>().ok()?.to_string()),
        },
    })
}

/// The body being built: the core attributes, then each extension's object.
#[derive(Default)]
pub struct Body {
    core: Vec<(String, Json)>,
    extensions: Vec<(String, Vec<(String, Json)>)>,
}

impl Body {
    /// Puts a value at the target's external name; the JSON Pointer where it went, or why not.
    pub fn place(&mut self, target: &Target, value: Json) -> Result<String, String> {
        let steps = steps(&target.external_name).ok_or_else(|| format!("the external name \"{}\" is not a path this checker can follow", target.external_name))?;
        let namespace = target.namespace.as_deref().unwrap_or(CORE_USER_URN);
        let (object, mut pointer) = if target.is_core() {
            (&mut self.core, String::new())
        } else {
            let index = match self.extensions.iter().position(|(urn, _)| urn == namespace) {
                Some(index) => index,
                None => {
                    self.extensions.push((namespace.to_string(), Vec::new()));
                    self.extensions.len() - 1
                }
            };
            (&mut self.extensions[index].1, format!("/{}", escape_pointer_token(namespace)))
        };
        put(object, &steps, value, &mut pointer)?;
        Ok(pointer)
    }

    /// The whole body: `schemas` listing every namespace used (RFC 7643 section 3), the core
    /// attributes, the fields Okta adds itself, then the extension objects.
    pub fn finish(self, tail: Vec<(String, Json)>) -> Json {
        let schemas = std::iter::once(CORE_USER_URN.to_string()).chain(self.extensions.iter().map(|(urn, _)| urn.clone())).map(Json::Str).collect();
        let mut members = vec![("schemas".to_string(), Json::Array(schemas))];
        members.extend(self.core);
        members.extend(tail);
        members.extend(self.extensions.into_iter().map(|(urn, members)| (urn, Json::Object(members))));
        Json::Object(members)
    }
}

fn put(object: &mut Vec<(String, Json)>, steps: &[Step], value: Json, pointer: &mut String) -> Result<(), String> {
    let (step, rest) = steps.split_first().ok_or("an empty path")?;
    match step {
        Step::Key(key) => {
            pointer.push('/');
            pointer.push_str(&escape_pointer_token(key));
            if rest.is_empty() {
                set(object, key, value);
                return Ok(());
            }
            match member(object, key, || Json::Object(Vec::new())) {
                Json::Object(inner) => put(inner, rest, value, pointer),
                _ => Err(format!("{key} already holds a value that is not an object")),
            }
        }
        Step::Select { array, key, value: wanted } => {
            pointer.push('/');
            pointer.push_str(&escape_pointer_token(array));
            let Json::Array(items) = member(object, array, || Json::Array(Vec::new())) else {
                return Err(format!("{array} already holds a value that is not an array"));
            };
            let index = match items.iter().position(|item| matches!(item, Json::Object(members) if members.iter().any(|(name, held)| name == key && held == wanted))) {
                Some(index) => index,
                None => {
                    items.push(Json::Object(vec![(key.clone(), wanted.clone())]));
                    items.len() - 1
                }
            };
            pointer.push('/');
            pointer.push_str(&index.to_string());
            match (&mut items[index], rest.is_empty()) {
                (Json::Object(inner), false) => put(inner, rest, value, pointer),
                _ => Err(format!("a whole element of {array} cannot be set")),
            }
        }
    }
}

fn member<'o>(object: &'o mut Vec<(String, Json)>, key: &str, make: impl FnOnce() -> Json) -> &'o mut Json {
    let index = match object.iter().position(|(name, _)| name == key) {
        Some(index) => index,
        None => {
            object.push((key.to_string(), make()));
            object.len() - 1
        }
    };
    &mut object[index].1
}

fn set(object: &mut Vec<(String, Json)>, key: &str, value: Json) {
    *member(object, key, || Json::Null) = value;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::ENTERPRISE_URN;

    fn target(attribute: &str, external_name: &str, namespace: &str) -> Target {
        Target { attribute: attribute.into(), external_name: external_name.into(), namespace: Some(namespace.into()), pointer: None }
    }

    #[test]
    fn external_names_become_paths_in_the_body() {
        let mut body = Body::default();
        let text = |value: &str| Json::Str(value.into());
        assert_eq!(body.place(&target("userName", "userName", CORE_USER_URN), text("a@b.co")).unwrap(), "/userName");
        assert_eq!(body.place(&target("givenName", "name.givenName", CORE_USER_URN), text("A")).unwrap(), "/name/givenName");
        assert_eq!(body.place(&target("email", "emails.^[primary==true].value", CORE_USER_URN), text("a@b.co")).unwrap(), "/emails/0/value");
        assert_eq!(body.place(&target("emailType", "emails.^[primary==true].type", CORE_USER_URN), text("work")).unwrap(), "/emails/0/type");
        assert_eq!(body.place(&target("secondEmail", "emails.^[primary==false].value", CORE_USER_URN), text("x@y.co")).unwrap(), "/emails/1/value");
        assert_eq!(body.place(&target("countryCode", "addresses[type eq \"work\"].country", CORE_USER_URN), text("US")).unwrap(), "/addresses/0/country");
        let license = body.place(&target("licenseType", "licenseType", ENTERPRISE_URN), text("dialpad_talk")).unwrap();
        assert_eq!(license, format!("/{ENTERPRISE_URN}/licenseType"));
        let json = serde_json::to_string(&body.finish(vec![("active".into(), Json::Bool(true))])).unwrap();
        assert_eq!(
            json,
            format!(
                r#"{{"schemas":["{CORE_USER_URN}","{ENTERPRISE_URN}"],"userName":"a@b.co","name":{{"givenName":"A"}},"emails":[{{"primary":true,"value":"a@b.co","type":"work"}},{{"primary":false,"value":"x@y.co"}}],"addresses":[{{"type":"work","country":"US"}}],"active":true,"{ENTERPRISE_URN}":{{"licenseType":"dialpad_talk"}}}}"#
            )
        );
    }

    #[test]
    fn paths_that_cannot_be_followed_are_refused() {
        let mut body = Body::default();
        assert!(body.place(&target("a", "name..x", CORE_USER_URN), Json::Null).is_err());
        assert!(body.place(&target("a", "emails[type ne \"x\"].value", CORE_USER_URN), Json::Null).is_err());
        body.place(&target("a", "title", CORE_USER_URN), Json::Str("x".into())).unwrap();
        assert!(body.place(&target("b", "title.x", CORE_USER_URN), Json::Null).unwrap_err().contains("not an object"));
    }
}
