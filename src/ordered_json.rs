//! JSON written out in the order it was built: SCIM bodies as Okta orders them, mappings in
//! the order of Dialpad's table (serde_json's own map sorts its keys). A value can also be
//! seen as the reader's [`Node`] tree, with the spans its pretty-printed text would have, so
//! the rules check a built body without writing it out and reading it back.

use crate::json::{Member, Node, Span, Value};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use std::borrow::Cow;
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
    /// The value as JSON text, the same text serde_json writes (a test compares them).
    pub fn write_json(&self, out: &mut Vec<u8>) {
        match self {
            Json::Null => out.extend_from_slice(b"null"),
            Json::Bool(value) => out.extend_from_slice(if *value { b"true" } else { b"false" }),
            // As serde_json writes the number Serialize makes of the text (to a Vec: no error).
            Json::Number(_) => drop(serde_json::to_writer(&mut *out, self)),
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

    /// The value as `serde_json::to_string_pretty` writes it (and `JSON.stringify(value, null,
    /// 2)`): the text [`Json::pretty_node`]'s spans are in. A test compares them.
    pub fn write_pretty(&self, out: &mut Vec<u8>, level: usize) {
        let items = match self {
            Json::Array(items) if !items.is_empty() => items.len(),
            Json::Object(members) if !members.is_empty() => members.len(),
            _ => return self.write_json(out),
        };
        let (open, close) = if matches!(self, Json::Array(_)) { (b'[', b']') } else { (b'{', b'}') };
        out.push(open);
        for index in 0..items {
            if index > 0 {
                out.push(b',');
            }
            out.push(b'\n');
            indent(out, level + 1);
            match self {
                Json::Array(items) => items[index].write_pretty(out, level + 1),
                Json::Object(members) => {
                    crate::json_out::string(out, &members[index].0);
                    out.extend_from_slice(b": ");
                    members[index].1.write_pretty(out, level + 1);
                }
                _ => {}
            }
        }
        out.push(b'\n');
        indent(out, level);
        out.push(close);
    }

    /// The value as a [`Node`] whose spans are those of `serde_json::to_string_pretty(self)`
    /// (and of `JSON.stringify(value, null, 2)`), computed without writing the text.
    pub fn pretty_node(&self) -> Node<'_> {
        let mut offset = 0;
        self.node_at(0, &mut offset)
    }

    fn node_at(&self, level: usize, offset: &mut usize) -> Node<'_> {
        let start = *offset;
        let value = match self {
            Json::Null => {
                *offset += 4;
                Value::Null
            }
            Json::Bool(value) => {
                *offset += if *value { 4 } else { 5 };
                Value::Bool(*value)
            }
            Json::Number(text) => {
                *offset += text.len();
                Value::Number(text)
            }
            Json::Str(text) => {
                *offset += crate::json_out::quoted_length(text);
                Value::String(Cow::Borrowed(text))
            }
            Json::Array(items) => {
                *offset += 1;
                let nodes = items.iter().enumerate().map(|(index, item)| {
                    *offset += separator(index, level);
                    item.node_at(level + 1, offset)
                });
                let nodes: Vec<Node<'_>> = nodes.collect();
                close(offset, level, nodes.len());
                Value::Array(nodes)
            }
            Json::Object(members) => {
                *offset += 1;
                let mut nodes = Vec::with_capacity(members.len());
                for (index, (key, value)) in members.iter().enumerate() {
                    *offset += separator(index, level);
                    let key_start = *offset;
                    *offset += crate::json_out::quoted_length(key);
                    let key_span = Span { start: key_start, end: *offset };
                    *offset += 2; // ": "
                    nodes.push(Member { key: Cow::Borrowed(key), key_span, value: value.node_at(level + 1, offset) });
                }
                close(offset, level, nodes.len());
                Value::Object(nodes)
            }
        };
        Node { value, span: Span { start, end: *offset } }
    }
}

fn indent(out: &mut Vec<u8>, level: usize) {
    out.resize(out.len() + 2 * level, b' ');
}

/// Before an element: "\n" (",\n" after the first) and the indent of the level inside.
fn separator(index: usize, level: usize) -> usize {
    usize::from(index > 0) + 1 + 2 * (level + 1)
}

/// After the last element: "\n", the indent and the bracket; just the bracket when empty.
fn close(offset: &mut usize, level: usize, count: usize) {
    *offset += if count == 0 { 1 } else { 1 + 2 * level + 1 };
}


#[cfg(test)]
mod tests {
    use super::*;

    fn check(json: &Json) {
        let text = serde_json::to_string_pretty(json).unwrap();
        fn walk(node: &Node<'_>, text: &str) {
            let written = &text[node.span.start..node.span.end];
            let reread: serde_json::Value = serde_json::from_str(written).unwrap_or_else(|error| panic!("{written:?}: {error}"));
            assert_eq!(serde_json::to_string(&reread).unwrap(), serde_json::to_string(&node_value(node)).unwrap());
            for member in node.members() {
                let key = &text[member.key_span.start..member.key_span.end];
                assert_eq!(serde_json::from_str::<String>(key).unwrap(), member.key);
                walk(&member.value, text);
            }
            node.elements().iter().for_each(|item| walk(item, text));
        }
        let mut written = Vec::new();
        json.write_json(&mut written);
        assert_eq!(String::from_utf8(written).unwrap(), serde_json::to_string(json).unwrap());
        let mut pretty = Vec::new();
        json.write_pretty(&mut pretty, 0);
        assert_eq!(String::from_utf8(pretty).unwrap(), text);
        let node = json.pretty_node();
        assert_eq!(node.span, Span { start: 0, end: text.len() });
        walk(&node, &text);
    }

    fn node_value(node: &Node<'_>) -> serde_json::Value {
        match &node.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(value) => (*value).into(),
            Value::Number(text) => serde_json::from_str(text).unwrap(),
            Value::String(text) => text.as_ref().into(),
            Value::Array(items) => items.iter().map(node_value).collect(),
            Value::Object(members) => members.iter().map(|member| (member.key.to_string(), node_value(&member.value))).collect::<serde_json::Map<_, _>>().into(),
        }
    }

    #[test]
    fn spans_are_those_of_the_pretty_text() {
        let text = |value: &str| Json::Str(Rc::from(value));
        check(&Json::Object(vec![
            (Rc::from("schemas"), Json::Array(vec![text("a"), text("b")])),
            (Rc::from("quote\"d\\"), text("tab\tnew\nline\u{1}é😀")),
            (Rc::from("empty"), Json::Array(Vec::new())),
            (Rc::from("none"), Json::Object(Vec::new())),
            (Rc::from("nested"), Json::Object(vec![(Rc::from("n"), Json::Number("-12".into())), (Rc::from("f"), Json::Bool(false)), (Rc::from("z"), Json::Null)])),
            (Rc::from("list"), Json::Array(vec![Json::Object(vec![(Rc::from("primary"), Json::Bool(true))]), Json::Array(vec![Json::Number("3.5".into())])])),
        ]));
        check(&Json::Array(Vec::new()));
        check(&text("only"));
    }
}
