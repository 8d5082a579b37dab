//! A [`Node`] tree built in memory (a simulated SCIM body), laid out as `JSON.stringify(value,
//! null, 2)` and serde_json's pretty printer write it. Most bodies have no finding, so where
//! anything is in that text is never needed: [`number_spans`] gives each node and key a number
//! in place of its span, which is all the rules need to say where a finding is, and for a body
//! with findings [`places`] works out where each numbered span is (bytes, UTF-16 range, line,
//! column) from the layout, without writing the text. Numbers are laid out as their text,
//! which the builder has already written as JSON does.

use crate::json::{Node, Span, Value};

/// Numbers every span in `node`, keys' too, in the order of the text: a span numbered `n` is
/// `n..n`. Numbers, like offsets, grow through the text, so findings sorted by either come in
/// the same order.
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

/// Where a numbered span is in the text of its body: its bytes, its UTF-16 range, and the
/// 1-based line and UTF-16 column it starts at, as a report gives them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Place {
    pub bytes: Span,
    pub utf16: [usize; 2],
    pub line: usize,
    pub column: usize,
}

/// Where each numbered span of `node` (see [`number_spans`]) is in its text, by number,
/// worked out from the layout without writing the text.
pub fn places(node: &Node<'_>) -> Vec<Place> {
    let mut walk = Walk { bytes: 0, utf16: 0, line: 1, line_start: 0, places: Vec::new() };
    walk.node(node, 0);
    walk.places
}

/// The place [`places`] gives a numbered span (the start of the text for a number it did not
/// give).
pub fn place_of(numbered: Span, places: &[Place]) -> Place {
    places.get(numbered.start).copied().unwrap_or(Place { line: 1, column: 1, ..Place::default() })
}

/// The walk through the text as it would be written: offsets, and the line under way.
struct Walk {
    bytes: usize,
    utf16: usize,
    line: usize,
    /// The UTF-16 offset where the line under way starts.
    line_start: usize,
    places: Vec<Place>,
}

impl Walk {
    fn node(&mut self, node: &Node<'_>, level: usize) {
        let (number, start) = (self.places.len(), self.here());
        self.places.push(start);
        match &node.value {
            Value::Null => self.advance(4, 4),
            Value::Bool(value) => self.advance(4 + usize::from(!*value), 4 + usize::from(!*value)),
            Value::Number(text) => self.advance(text.len(), text.encode_utf16().count()),
            Value::String(text) => {
                let (bytes, utf16) = crate::json_out::quoted_lengths(text);
                self.advance(bytes, utf16);
            }
            Value::Array(items) => {
                self.advance(1, 1);
                for (index, item) in items.iter().enumerate() {
                    self.next_line(index, level + 1);
                    self.node(item, level + 1);
                }
                self.close(level, items.len());
            }
            Value::Object(members) => {
                self.advance(1, 1);
                for (index, member) in members.iter().enumerate() {
                    self.next_line(index, level + 1);
                    let key = self.here();
                    let (bytes, utf16) = crate::json_out::quoted_lengths(&member.key);
                    self.advance(bytes, utf16);
                    self.places.push(self.ended(key));
                    self.advance(2, 2); // ": "
                    self.node(&member.value, level + 1);
                }
                self.close(level, members.len());
            }
        }
        self.places[number] = self.ended(start);
    }

    /// A place starting here, its end not yet known.
    fn here(&self) -> Place {
        Place { bytes: Span { start: self.bytes, end: self.bytes }, utf16: [self.utf16, self.utf16], line: self.line, column: self.utf16 - self.line_start + 1 }
    }

    fn ended(&self, start: Place) -> Place {
        Place { bytes: Span { start: start.bytes.start, end: self.bytes }, utf16: [start.utf16[0], self.utf16], ..start }
    }

    fn advance(&mut self, bytes: usize, utf16: usize) {
        self.bytes += bytes;
        self.utf16 += utf16;
    }

    /// Before an element: a comma after the first, a line break and the indent of `level`.
    fn next_line(&mut self, index: usize, level: usize) {
        if index > 0 {
            self.advance(1, 1);
        }
        self.new_line(level);
    }

    /// After the last element: a line break and the indent, when there was one; the bracket.
    fn close(&mut self, level: usize, count: usize) {
        if count > 0 {
            self.new_line(level);
        }
        self.advance(1, 1);
    }

    fn new_line(&mut self, level: usize) {
        self.advance(1, 1);
        self.line += 1;
        self.line_start = self.utf16;
        self.advance(2 * level, 2 * level);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::LineIndex;

    /// The text, written plainly, with the span of each node and key by number.
    fn write(node: &Node<'_>, level: usize, out: &mut String, spans: &mut Vec<Span>) {
        let (number, start) = (spans.len(), out.len());
        spans.push(Span::default());
        let line = |out: &mut String, index: usize, level: usize| {
            out.push_str(if index > 0 { ",\n" } else { "\n" });
            out.push_str(&"  ".repeat(level));
        };
        match &node.value {
            Value::Array(items) => {
                out.push('[');
                for (index, item) in items.iter().enumerate() {
                    line(out, index, level + 1);
                    write(item, level + 1, out, spans);
                }
                if !items.is_empty() {
                    line(out, 0, level);
                }
                out.push(']');
            }
            Value::Object(members) => {
                out.push('{');
                for (index, member) in members.iter().enumerate() {
                    line(out, index, level + 1);
                    let key_start = out.len();
                    out.push_str(&serde_json::to_string(member.key.as_ref()).unwrap());
                    spans.push(Span { start: key_start, end: out.len() });
                    out.push_str(": ");
                    write(&member.value, level + 1, out, spans);
                }
                if !members.is_empty() {
                    line(out, 0, level);
                }
                out.push('}');
            }
            _ => out.push_str(&serde_json::to_string(&crate::ordered_json::Json::of_node(node)).unwrap()),
        }
        spans[number] = Span { start, end: out.len() };
    }

    /// The text is serde_json's pretty text of the same value (written in order, as `Json`
    /// keeps it), and every place is where that text and a report's line index put it.
    fn check(compact: &str) {
        let mut node = crate::json::parse(compact).unwrap();
        number_spans(&mut node);
        let (mut text, mut spans) = (String::new(), Vec::new());
        write(&node, 0, &mut text, &mut spans);
        assert_eq!(text, serde_json::to_string_pretty(&crate::ordered_json::Json::of_node(&node)).unwrap());
        // Numbered in the order written, and offsets grow in that order too: findings sort
        // the same by either.
        fn numbers(node: &Node<'_>, out: &mut Vec<usize>) {
            out.push(node.span.start);
            for member in node.members() {
                out.push(member.key_span.start);
                numbers(&member.value, out);
            }
            node.elements().iter().for_each(|item| numbers(item, out));
        }
        let mut order = Vec::new();
        numbers(&node, &mut order);
        assert_eq!(order, (0..spans.len()).collect::<Vec<_>>());
        assert!(spans.windows(2).all(|pair| pair[0].start <= pair[1].start));
        let index = LineIndex::new(&text);
        let found = places(&node);
        assert_eq!(found.len(), spans.len());
        for (number, span) in spans.iter().enumerate() {
            let (line, column) = index.position(span.start);
            let expected = Place { bytes: *span, utf16: [index.utf16_offset(span.start), index.utf16_offset(span.end)], line, column };
            assert_eq!(place_of(Span { start: number, end: number }, &found), expected, "{number} in {text}");
        }
    }

    #[test]
    fn places_are_those_of_the_pretty_printed_text() {
        check(r#"{"schemas":["a","b"],"quote\"d\\":"tab\tnew\nline\u0001é😀","empty":[],"none":{},"nested":{"n":-12,"f":false,"z":null},"list":[{"primary":true},[3.5]]}"#);
        check("[]");
        check(r#""only""#);
        check(r#"[[[]],{"a":[{}]}]"#);
        check(r#"{"日本":{"😀 key":["São Paulo","x"]},"after":"é"}"#);
        check(r#"[[[[[[[[[[["deeper than the indents written at once"]]]]]]]]]]]"#);
    }
}
