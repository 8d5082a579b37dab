//! A [`Node`] tree built in memory (a simulated SCIM body), laid out as `JSON.stringify(value,
//! null, 2)` and serde_json's pretty printer write it. Most bodies have no finding, so their
//! text and its spans are never needed: [`number_spans`] gives each node and key a number in
//! place of its span, which is all the rules need to say where a finding is, and
//! [`write_spanned`] writes the text of a body with findings and tells where each numbered
//! span really is. Numbers are written as their text, which the builder has already written
//! as JSON does.

use crate::json::{Node, Span, Value};

/// Numbers every span in `node`, keys' too, in the order [`write_spanned`] writes them: a
/// span numbered `n` is `n..n`. Numbers, like offsets, grow through the text, so findings
/// sorted by either come in the same order.
pub fn number_spans(node: &mut Node<'_>) {
    let mut next = 0;
    number_at(node, &mut next);
}

fn number_at(node: &mut Node<'_>, next: &mut usize) {
    node.span = numbered(next);
    match &mut node.value {
        Value::Array(items) => items.iter_mut().for_each(|item| number_at(item, next)),
        Value::Object(members) => {
            for member in members {
                member.key_span = numbered(next);
                number_at(&mut member.value, next);
            }
        }
        _ => {}
    }
}

fn numbered(next: &mut usize) -> Span {
    let span = Span { start: *next, end: *next };
    *next += 1;
    span
}

/// Writes the text of `node` (whose spans [`number_spans`] numbered) and returns, by number,
/// the span each has in it.
pub fn write_spanned(node: &Node<'_>, out: &mut Vec<u8>) -> Vec<Span> {
    let mut spans = Vec::new();
    write_at(node, 0, out, &mut spans);
    spans
}

/// The span numbered as `numbered` is, in the text [`write_spanned`] wrote (an empty span at
/// the start for a number it did not give).
pub fn real_span(numbered: Span, spans: &[Span]) -> Span {
    spans.get(numbered.start).copied().unwrap_or_default()
}

fn write_at(node: &Node<'_>, level: usize, out: &mut Vec<u8>, spans: &mut Vec<Span>) {
    let (number, start) = (spans.len(), out.len());
    spans.push(Span::default());
    match &node.value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(value) => out.extend_from_slice(if *value { b"true" } else { b"false" }),
        Value::Number(text) => out.extend_from_slice(text.as_bytes()),
        Value::String(text) => crate::json_out::string(out, text),
        Value::Array(items) => {
            out.push(b'[');
            for (index, item) in items.iter().enumerate() {
                next_line(out, index, level + 1);
                write_at(item, level + 1, out, spans);
            }
            close(out, level, items.len(), b']');
        }
        Value::Object(members) => {
            out.push(b'{');
            for (index, member) in members.iter().enumerate() {
                next_line(out, index, level + 1);
                let key_start = out.len();
                crate::json_out::string(out, &member.key);
                spans.push(Span { start: key_start, end: out.len() });
                out.extend_from_slice(b": ");
                write_at(&member.value, level + 1, out, spans);
            }
            close(out, level, members.len(), b'}');
        }
    }
    spans[number] = Span { start, end: out.len() };
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

    /// Sets each numbered span of `node` to the span it has in the text.
    fn place(node: &mut Node<'_>, spans: &[Span]) {
        node.span = real_span(node.span, spans);
        match &mut node.value {
            Value::Array(items) => items.iter_mut().for_each(|item| place(item, spans)),
            Value::Object(members) => {
                for member in members {
                    member.key_span = real_span(member.key_span, spans);
                    place(&mut member.value, spans);
                }
            }
            _ => {}
        }
    }

    /// The text and every span agree with serde_json's pretty text of the same value (written
    /// in order, as `Json` keeps it).
    fn check(compact: &str) {
        let mut node = crate::json::parse(compact).unwrap();
        number_spans(&mut node);
        let expected = serde_json::to_string_pretty(&crate::ordered_json::Json::of_node(&node)).unwrap();
        let mut written = Vec::new();
        let spans = write_spanned(&node, &mut written);
        let written = String::from_utf8(written).unwrap();
        assert_eq!(written, expected);
        // Numbered in the order written, and offsets grow in that order too: findings sort
        // the same by either.
        fn starts(node: &Node<'_>, out: &mut Vec<usize>) {
            out.push(node.span.start);
            for member in node.members() {
                out.push(member.key_span.start);
                starts(&member.value, out);
            }
            node.elements().iter().for_each(|item| starts(item, out));
        }
        let mut numbers = Vec::new();
        starts(&node, &mut numbers);
        assert_eq!(numbers, (0..spans.len()).collect::<Vec<_>>());
        place(&mut node, &spans);
        let mut offsets = Vec::new();
        starts(&node, &mut offsets);
        assert!(offsets.windows(2).all(|pair| pair[0] <= pair[1]));
        fn walk(node: &Node<'_>, text: &str) {
            let at: serde_json::Value = serde_json::from_str(&text[node.span.start..node.span.end]).unwrap();
            let mut alone = Vec::new();
            write_spanned(node, &mut alone);
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
