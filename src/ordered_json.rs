//! JSON written out in the order it was built: SCIM bodies as Okta orders them, mappings in
//! the order of Dialpad's table (serde_json's own map sorts its keys). A simulated body, built
//! as the reader's [`Node`] tree (see `scim_body`), becomes one for an API caller.

use crate::json::{Node, Value};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use std::rc::Rc;

/// A JSON value that keeps its members in the order they were written.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// A number, as its JSON text.
    Number(String),
    /// Text, shared: the same value in the body and in the app user costs one copy.
    Str(Rc<str>),
    Array(Vec<Json>),
    Object(Vec<(Rc<str>, Json)>),
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => serializer.serialize_unit(),
            Json::Bool(value) => serializer.serialize_bool(*value),
            Json::Number(text) => match text.parse::<i64>() {
                Ok(value) => serializer.serialize_i64(value),
                Err(_) => serializer.serialize_f64(text.parse().unwrap_or(0.0)),
            },
            Json::Str(value) => serializer.serialize_str(value),
            Json::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members {
                    map.serialize_entry(key.as_ref(), value)?;
                }
                map.end()
            }
        }
    }
}

impl Json {
    /// The value as JSON text, the text serde_json writes with characters beyond ASCII escaped
    /// (see `json_out`; a test compares them).
    pub fn write_json(&self, out: &mut Vec<u8>) {
        match self {
            Json::Null => out.extend_from_slice(b"null"),
            Json::Bool(value) => out.extend_from_slice(if *value { b"true" } else { b"false" }),
            // As serde_json writes the number Serialize makes of the text.
            Json::Number(text) => match text.parse::<i64>() {
                Ok(value) => crate::json_out::integer(out, value),
                Err(_) => crate::json_out::float(out, text.parse().unwrap_or(0.0)),
            },
            Json::Str(text) => crate::json_out::string(out, text),
            Json::Array(items) => crate::json_out::list(out, items, |out, item| item.write_json(out)),
            Json::Object(members) => {
                out.push(b'{');
                for (index, (key, value)) in members.iter().enumerate() {
                    crate::json_out::key(out, index == 0, key);
                    value.write_json(out);
                }
                out.push(b'}');
            }
        }
    }

    /// A node of a body built in memory as the `Json` an API caller gets.
    pub fn of_node(node: &Node<'_>) -> Json {
        match &node.value {
            Value::Null => Json::Null,
            Value::Bool(value) => Json::Bool(*value),
            Value::Number(text) => Json::Number(text.to_string()),
            Value::String(text) => Json::Str(Rc::from(text.as_ref())),
            Value::Array(items) => Json::Array(items.iter().map(Json::of_node).collect()),
            Value::Object(members) => Json::Object(members.iter().map(|member| (Rc::from(member.key.as_ref()), Json::of_node(&member.value))).collect()),
        }
    }
}

impl crate::json_out::ToJson for Json {
    fn to_json(&self, out: &mut Vec<u8>) {
        self.write_json(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_as_serde_json_writes_it_in_ascii() {
        let text = |value: &str| Json::Str(Rc::from(value));
        let json = Json::Object(vec![
            (Rc::from("schemas"), Json::Array(vec![text("a"), text("b")])),
            (Rc::from("quote\"d\\"), text("tab\tnew\nline\u{1}é😀")),
            (Rc::from("empty"), Json::Array(Vec::new())),
            (Rc::from("none"), Json::Object(Vec::new())),
            (Rc::from("nested"), Json::Object(vec![(Rc::from("n"), Json::Number("-12".into())), (Rc::from("f"), Json::Bool(false)), (Rc::from("z"), Json::Null)])),
            (Rc::from("list"), Json::Array(vec![Json::Object(vec![(Rc::from("primary"), Json::Bool(true))]), Json::Array(vec![Json::Number("3.5".into())])])),
        ]);
        let mut written = Vec::new();
        json.write_json(&mut written);
        let written = String::from_utf8(written).unwrap();
        assert_eq!(written, serde_json::to_string(&json).unwrap().replace('é', "\\u00e9").replace('😀', "\\ud83d\\ude00"));
        assert_eq!(serde_json::from_str::<serde_json::Value>(&written).unwrap(), serde_json::to_value(&json).unwrap());
        assert_eq!(Json::of_node(&crate::scim_body::node_of(&json)), json, "a body's nodes read back as the same value");
    }
}
