//! A [`Node`] tree built in memory (a simulated SCIM body), laid out as `JSON.stringify(value,
//! null, 2)` and serde_json's pretty printer write it: the span each node has in that text,
//! set without writing it, and the text itself, written only when a finding needs its lines.
//! Numbers are written as their text, which the builder has already written as JSON does.

use crate::json::{Node, Span, Value};
use crate::json_out::quoted_length;

/// Sets every span in `node`, keys' too, to where [`write`] puts it.
pub fn set_spans(node: &mut Node<'_>) {
    let mut offset = 0;
    spans_at(node, 0, &mut offset);
}

fn spans_at(node: &mut Node<'_>, level: usize, offset: &mut usize) {
    let start = *offset;
    match &mut node.value {
        Value::Null => *offset += 4,
        Value::Bool(value) => *offset += if *value { 4 } else { 5 },
        Value::Number(text) => *offset += text.len(),
        Value::String(text) => *offset += quoted_length(text),
        Value::Array(items) => {
            *offset += 1;
            for (index, item) in items.iter_mut().enumerate() {
                *offset += separator(index, level);
                spans_at(item, level + 1, offset);
            }
            *offset += closing(level, items.len());
        }
        Value::Object(members) => {
            *offset += 1;
            for (index, member) in members.iter_mut().enumerate() {
                *offset += separator(index, level);
                let key_start = *offset;
                *offset += quoted_length(&member.key);
                member.key_span = Span { start: key_start, end: *offset };
                *offset += 2; // ": "
                spans_at(&mut member.value, level + 1, offset);
            }
            *offset += closing(level, members.len());
        }
    }
    node.span = Span { start, end: *offset };
}

/// Before an element: "\n" (",\n" after the first) and the indent of the level inside.
fn separator(index: usize, level: usize) -> usize {
    usize::from(index > 0) + 1 + 2 * (level + 1)
}

/// After the last element: "\n", the indent and the bracket; just the bracket when empty.
fn closing(level: usize, count: usize) -> usize {
    if count == 0 {
        1
    } else {
        1 + 2 * level + 1
    }
}

/// The text whose spans [`set_spans`] sets.
pub fn write(node: &Node<'_>, out: &mut Vec<u8>) {
    write_at(node, 0, out);
}

fn write_at(node: &Node<'_>, level: usize, out: &mut Vec<u8>) {
    match &node.value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(value) => out.extend_from_slice(if *value { b"true" } else { b"false" }),
        Value::Number(text) => out.extend_from_slice(text.as_bytes()),
        Value::String(text) => crate::json_out::string(out, text),
        Value::Array(items) => {
            out.push(b'[');
            for (index, item) in items.iter().enumerate() {
                next_line(out, index, level + 1);
                write_at(item, level + 1, out);
            }
            close(out, level, items.len(), b']');
        }
        Value::Object(members) => {
            out.push(b'{');
            for (index, member) in members.iter().enumerate() {
                next_line(out, index, level + 1);
                crate::json_out::string(out, &member.key);
                out.extend_from_slice(b": ");
                write_at(&member.value, level + 1, out);
            }
            close(out, level, members.len(), b'}');
        }
    }
}

fn next_line(out: &mut Vec<u8>, index: usize, level: usize) {
    if index > 0 {
        out.push(b',');
    }
    new_line(out, level);
}

fn close(out: &mut Vec<u8>, level: usize, count: usize, bracket: u8) {
    if count > 0 {
        new_line(out, level);
    }
    out.push(bracket);
}

/// A line break and the indent of `level`.
fn new_line(out: &mut Vec<u8>, level: usize) {
    const INDENTED: &[u8; 17] = b"\n                ";
    match INDENTED.get(..1 + 2 * level) {
        Some(line) => out.extend_from_slice(line),
        None => {
            out.push(b'\n');
            out.resize(out.len() + 2 * level, b' ');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text and every span agree with serde_json's pretty text of the same value (written
    /// in order, as `Json` keeps it).
    fn check(compact: &str) {
        let mut node = crate::json::parse(compact).unwrap();
        set_spans(&mut node);
        let expected = serde_json::to_string_pretty(&crate::ordered_json::Json::of_node(&node)).unwrap();
        let mut written = Vec::new();
        write(&node, &mut written);
        let written = String::from_utf8(written).unwrap();
        assert_eq!(written, expected);
        fn walk(node: &Node<'_>, text: &str) {
            let at: serde_json::Value = serde_json::from_str(&text[node.span.start..node.span.end]).unwrap();
            let mut alone = Vec::new();
            write(node, &mut alone);
            assert_eq!(at, serde_json::from_slice::<serde_json::Value>(&alone).unwrap());
            for member in node.members() {
                assert_eq!(serde_json::from_str::<String>(&text[member.key_span.start..member.key_span.end]).unwrap(), member.key);
                walk(&member.value, text);
            }
            node.elements().iter().for_each(|item| walk(item, text));
        }
        assert_eq!(node.span, Span { start: 0, end: written.len() });
        walk(&node, &written);
    }

    #[test]
    fn spans_and_text_are_those_of_the_pretty_printer() {
        check(r#"{"schemas":["a","b"],"quote\"d\\":"tab\tnew\nline\u0001é😀","empty":[],"none":{},"nested":{"n":-12,"f":false,"z":null},"list":[{"primary":true},[3.5]]}"#);
        check("[]");
        check(r#""only""#);
        check(r#"[[[]],{"a":[{}]}]"#);
        check(r#"[[[[[[[[[[["deeper than the indents written at once"]]]]]]]]]]]"#);
    }
}
