//! Reading the admin's Okta-to-Dialpad attribute mappings: the object Okta's Profile Mappings
//! API returns (`{ "id", "source", "target", "properties": { "<app attribute>": { "expression",
//! "pushStatus" } } }`), or a bare `{ "<app attribute>": "<expression>" }`. Every expression
//! keeps where it is in the text, so a finding inside it gets the line and column of the text.

use crate::diagnostic::{Diagnostic, Location};
use crate::json::{self, escape_pointer_token, Node, Span, Value};
use crate::ordered_json::Json;
use std::rc::Rc;
use crate::rules::{input as input_rules, okta_mapping as rules};

/// When Okta applies a property mapping (Profile Mappings API, `pushStatus`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Push {
    /// On create and on every update.
    Always,
    /// `DONT_PUSH`: on create only ("Apply mapping on user create only").
    CreateOnly,
}

/// One app attribute of the mapping.
#[derive(Clone, Debug)]
pub struct Property {
    /// The app user attribute (its variable name in the app's profile).
    pub attribute: String,
    /// JSON Pointer of the property ("/properties/licenseType", or "/licenseType" when bare).
    pub pointer: String,
    pub key_span: Span,
    /// None: the property maps nothing (a null expression).
    pub expression: Option<Expression>,
    pub push: Push,
}

/// An expression and where it was written.
#[derive(Clone, Debug)]
pub struct Expression {
    pub text: String,
    /// JSON Pointer of the expression's string.
    pub pointer: String,
    /// The JSON string, quotes included, in the mapping text.
    pub node_span: Span,
}

impl Expression {
    /// Where a byte range of the expression is in the mapping text, through any escapes
    /// (`\"`) the JSON string holds.
    pub fn text_span(&self, mapping_text: &str, span: Span) -> Span {
        let raw = mapping_text.get(self.node_span.start..self.node_span.end).unwrap_or("");
        Span { start: self.node_span.start + raw_offset(raw, span.start), end: self.node_span.start + raw_offset(raw, span.end) }
    }

    /// The location of part of the expression, for a diagnostic.
    pub fn at(&self, mapping_text: &str, span: Span) -> Location {
        Location::new(self.pointer.clone(), self.text_span(mapping_text, span))
    }

    /// The location of the whole expression.
    pub fn whole(&self) -> Location {
        Location::new(self.pointer.clone(), self.node_span)
    }
}

/// The offset in a JSON string literal (quotes included) of a byte offset in its decoded text.
fn raw_offset(raw: &str, decoded: usize) -> usize {
    let bytes = raw.as_bytes();
    let mut at = 1; // the opening quote
    let mut seen = 0;
    while seen < decoded && at < bytes.len().saturating_sub(1) {
        if bytes[at] != b'\\' {
            at += 1;
            seen += 1;
            continue;
        }
        let (raw_length, decoded_length) = match bytes.get(at + 1) {
            Some(b'u') => {
                let code = raw.get(at + 2..at + 6).and_then(|hex| u32::from_str_radix(hex, 16).ok()).unwrap_or(0xFFFD);
                let paired = (0xD800..0xDC00).contains(&code) && raw.get(at + 6..at + 8) == Some("\\u");
                if paired { (12, 4) } else { (6, char::from_u32(code).map_or(3, char::len_utf8)) }
            }
            _ => (2, 1),
        };
        at += raw_length;
        seen += decoded_length;
    }
    at.min(bytes.len())
}

/// The mapping as read, with what reading it found.
#[derive(Debug, Default)]
pub struct ProfileMapping {
    pub properties: Vec<Property>,
    pub diagnostics: Vec<Diagnostic>,
}

impl ProfileMapping {
    pub fn property(&self, attribute: &str) -> Option<&Property> {
        self.properties.iter().find(|property| property.attribute == attribute)
    }
}

pub fn read(text: &str) -> ProfileMapping {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let base = text.len() - body.len();
    match json::parse_at(body, base) {
        Err(error) => ProfileMapping { properties: Vec::new(), diagnostics: vec![input_rules::invalid_json(&error)] },
        Ok(root) => read_root(&root),
    }
}

fn read_root(root: &Node<'_>) -> ProfileMapping {
    let mut mapping = ProfileMapping::default();
    if !root.is_object() {
        mapping.diagnostics.push(rules::invalid(&Location::new("", root.span), &format!("The mapping is {}, not an object", root.type_name())));
        return mapping;
    }
    let (properties, pointer) = match root.member("properties") {
        Some(member) if member.value.is_object() => (&member.value, "/properties".to_string()),
        Some(member) => {
            let message = format!("\"properties\" is {}, not an object of app attributes", member.value.type_name());
            mapping.diagnostics.push(rules::invalid(&Location::new("/properties", member.value.span), &message));
            return mapping;
        }
        None if root.members().iter().all(|member| matches!(member.value.value, Value::String(_) | Value::Null)) => (root, String::new()),
        None => {
            let message = "The mapping has no \"properties\" object (as Okta's Profile Mappings API returns it) and is not an object of expressions either";
            mapping.diagnostics.push(rules::invalid(&Location::new("", root.span), message));
            return mapping;
        }
    };
    for member in properties.members() {
        let property_pointer = format!("{pointer}/{}", escape_pointer_token(&member.key));
        if let Some(property) = read_property(&member.key, member.key_span, &member.value, &property_pointer, &mut mapping.diagnostics) {
            // A later duplicate wins, as in JSON.parse.
            mapping.properties.retain(|earlier| earlier.attribute != property.attribute);
            mapping.properties.push(property);
        }
    }
    mapping
}

fn read_property(attribute: &str, key_span: Span, node: &Node<'_>, pointer: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<Property> {
    let mut property = Property { attribute: attribute.to_string(), pointer: pointer.to_string(), key_span, expression: None, push: Push::Always };
    let expression_node = match &node.value {
        Value::Null => return Some(property),
        Value::String(_) => node,
        Value::Object(_) => {
            if let Some(push) = node.get("pushStatus") {
                property.push = match push.as_str() {
                    Some("PUSH") => Push::Always,
                    Some("DONT_PUSH") => Push::CreateOnly,
                    _ => {
                        let message = format!("pushStatus of {attribute} is {}, not \"PUSH\" or \"DONT_PUSH\"", shown(push));
                        diagnostics.push(rules::invalid(&Location::new(format!("{pointer}/pushStatus"), push.span), &message));
                        Push::Always
                    }
                };
            }
            match node.get("expression") {
                Some(expression) if matches!(expression.value, Value::Null) => return Some(property),
                Some(expression) => expression,
                None => {
                    diagnostics.push(rules::invalid(&Location::new(pointer.to_string(), key_span), &format!("The property {attribute} has no \"expression\"")));
                    return Some(property);
                }
            }
        }
        _ => {
            let message = format!("The property {attribute} is {}, not an object with an expression", node.type_name());
            diagnostics.push(rules::invalid(&Location::new(pointer.to_string(), node.span), &message));
            return None;
        }
    };
    let expression_pointer = if std::ptr::eq(expression_node, node) { pointer.to_string() } else { format!("{pointer}/expression") };
    match expression_node.as_str() {
        Some(text) => property.expression = Some(Expression { text: text.to_string(), pointer: expression_pointer, node_span: expression_node.span }),
        None => {
            let message = format!("The expression of {attribute} is {}, not a string", expression_node.type_name());
            diagnostics.push(rules::invalid(&Location::new(expression_pointer, expression_node.span), &message));
        }
    }
    Some(property)
}

fn shown(node: &Node<'_>) -> String {
    node.as_str().map_or_else(|| node.type_name().to_string(), |text| format!("\"{text}\""))
}

/// The mapping of the table in Dialpad's article, in the shape of Okta's Profile Mappings API.
pub fn default_mapping() -> Json {
    let property = |expression: &str| Json::Object(vec![(Rc::from("expression"), Json::Str(Rc::from(expression))), (Rc::from("pushStatus"), Json::Str(Rc::from("PUSH")))]);
    let properties = rules::DEFAULT_MAPPING.iter().map(|(attribute, expression)| (Rc::from(*attribute), property(expression))).collect();
    Json::Object(vec![(Rc::from("properties"), Json::Object(properties))])
}

/// The attributes of Okta's base user profile (Okta Users API, "Default Profile properties"):
/// `user.<name>` may name these, or a custom attribute of the org's profile.
pub const OKTA_BASE_PROFILE: [&str; 31] = [
    "login", "email", "secondEmail", "firstName", "lastName", "middleName", "honorificPrefix", "honorificSuffix", "title", "displayName", "nickName",
    "profileUrl", "primaryPhone", "mobilePhone", "streetAddress", "city", "state", "zipCode", "countryCode", "postalAddress", "preferredLanguage",
    "locale", "timezone", "userType", "employeeNumber", "costCenter", "organization", "division", "department", "managerId", "manager",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_api_object_and_the_bare_form() {
        let api = r#"{"id":"prm1","source":{"id":"ot1","name":"user","type":"user"},"properties":{"licenseType":{"expression":"user.licenseType","pushStatus":"DONT_PUSH"},"title":{"expression":null,"pushStatus":"PUSH"}}}"#;
        let mapping = read(api);
        assert!(mapping.diagnostics.is_empty(), "{:?}", mapping.diagnostics);
        let license = mapping.property("licenseType").unwrap();
        assert_eq!(license.push, Push::CreateOnly);
        assert_eq!(license.expression.as_ref().unwrap().pointer, "/properties/licenseType/expression");
        assert!(mapping.property("title").unwrap().expression.is_none());
        let bare = read(r#"{"givenName": "user.firstName", "title": null}"#);
        assert_eq!(bare.property("givenName").unwrap().expression.as_ref().unwrap().pointer, "/givenName");
        assert_eq!(bare.properties.len(), 2);
    }

    #[test]
    fn problems_with_the_object_are_diagnostics() {
        let codes = |text: &str| read(text).diagnostics.iter().map(|d| (d.code, d.path.clone())).collect::<Vec<_>>();
        assert_eq!(codes("[1]"), [("mapping.invalid", String::new())]);
        assert_eq!(codes("{\"a\": 1}"), [("mapping.invalid", String::new())]);
        assert_eq!(codes("{\"properties\": []}"), [("mapping.invalid", "/properties".to_string())]);
        assert_eq!(codes(r#"{"properties": {"a": {"expression": 3}}}"#), [("mapping.invalid", "/properties/a/expression".to_string())]);
        assert_eq!(codes(r#"{"properties": {"a": {"expression": "x", "pushStatus": "push"}}}"#), [("mapping.invalid", "/properties/a/pushStatus".to_string())]);
        assert_eq!(codes("{"), [("input.invalid_json", String::new())]);
    }

    #[test]
    fn expression_offsets_map_through_escapes() {
        let text = r#"{"properties":{"a":{"expression":"x == \"Sales\" ? \u00e9 : 'y'"}}}"#;
        let mapping = read(text);
        let expression = mapping.property("a").unwrap().expression.clone().unwrap();
        assert_eq!(expression.text, "x == \"Sales\" ? é : 'y'");
        let find = |part: &str| {
            let start = expression.text.find(part).unwrap();
            let span = expression.text_span(text, Span { start, end: start + part.len() });
            &text[span.start..span.end]
        };
        assert_eq!(find("\"Sales\""), r#"\"Sales\""#);
        assert_eq!(find("é"), r"\u00e9");
        assert_eq!(find("'y'"), "'y'");
        assert_eq!(find("x"), "x");
    }
}
