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
    let mut walk = Walk { bytes: 0, utf16: 0, line: 1, line_start: 0, places: Vec::new(), last: None };
    walk.node(node, 0);
    walk.places
}

/// The places of the spans of bodies alike in all but the scalars at some leaves (a kept
/// body filled with each user's values): laid out once, then moved for each body by how much
/// longer or shorter each such leaf before a span is. Lines and columns do not move: a
/// scalar is written on one line (its line breaks escaped) and is the last thing on it.
pub struct Layout {
    places: Vec<Place>,
    /// By number: the last number within the span (its own for a key or a scalar).
    last: Vec<usize>,
    /// The number of each leaf that varies, and its lengths (bytes, UTF-16) as laid out.
    leaves: Vec<(usize, usize, usize)>,
}

impl Layout {
    /// The layout of `node`, whose scalars `leaves` vary.
    pub fn of(node: &Node<'_>, leaves: &[&Node<'_>]) -> Layout {
        let mut walk = Walk { bytes: 0, utf16: 0, line: 1, line_start: 0, places: Vec::new(), last: Some(Vec::new()) };
        walk.node(node, 0);
        let leaves = leaves.iter().map(|leaf| {
            let (bytes, utf16) = scalar_lengths(leaf);
            (leaf.span.start, bytes, utf16)
        });
        Layout { places: walk.places, last: walk.last.unwrap_or_default(), leaves: leaves.collect() }
    }

    /// Where the numbered span is in a body of this layout whose varying scalars are `leaves`
    /// (in the order given to [`Layout::of`]); the start of the text for a number it does not have.
    pub fn place_of(&self, numbered: Span, leaves: &[&Node<'_>]) -> Place {
        let number = numbered.start;
        let (Some(&laid_out), Some(&last)) = (self.places.get(number), self.last.get(number)) else {
            return place_of(numbered, &[]);
        };
        let (mut start, mut end) = ([0isize; 2], [0isize; 2]);
        // A leaf before the span moves its start and end; one within it, its end.
        for (&(at, bytes, utf16), leaf) in self.leaves.iter().zip(leaves).filter(|((at, ..), _)| *at <= last) {
            let (now_bytes, now_utf16) = scalar_lengths(leaf);
            let longer = [now_bytes as isize - bytes as isize, now_utf16 as isize - utf16 as isize];
            if at < number {
                start = [start[0] + longer[0], start[1] + longer[1]];
            }
            end = [end[0] + longer[0], end[1] + longer[1]];
        }
        let moved = |offset: usize, by: isize| offset.saturating_add_signed(by);
        Place {
            bytes: Span { start: moved(laid_out.bytes.start, start[0]), end: moved(laid_out.bytes.end, end[0]) },
            utf16: [moved(laid_out.utf16[0], start[1]), moved(laid_out.utf16[1], end[1])],
            ..laid_out
        }
    }
}

/// The lengths (bytes, UTF-16) of a scalar as it is written; none for an array or object.
fn scalar_lengths(node: &Node<'_>) -> (usize, usize) {
    match &node.value {
        Value::Null => (4, 4),
        Value::Bool(value) => (4 + usize::from(!*value), 4 + usize::from(!*value)),
        Value::Number(text) => (text.len(), text.encode_utf16().count()),
        Value::String(text) => crate::json_out::quoted_lengths(text),
        Value::Array(_) | Value::Object(_) => (0, 0),
    }
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
    /// By number, the last number within the span, when a [`Layout`] is made.
    last: Option<Vec<usize>>,
}

impl Walk {
    fn node(&mut self, node: &Node<'_>, level: usize) {
        let (number, start) = (self.places.len(), self.here());
        self.places.push(start);
        match &node.value {
            Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {
                let (bytes, utf16) = scalar_lengths(node);
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
                    self.note_last(self.places.len() - 1);
                    self.advance(2, 2); // ": "
                    self.node(&member.value, level + 1);
                }
                self.close(level, members.len());
            }
        }
        self.places[number] = self.ended(start);
        self.note_last(number);
    }

    /// Notes that the span numbered `number` ends with the last numbered so far.
    fn note_last(&mut self, number: usize) {
        if let Some(last) = &mut self.last {
            last.resize(self.places.len(), 0);
            last[number] = self.places.len() - 1;
        }
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

    /// The route of every scalar of `node`, in the order of the text.
    fn scalar_routes(node: &Node<'_>, route: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        match &node.value {
            Value::Object(members) => members.iter().enumerate().for_each(|(at, member)| {
                route.push(at);
                scalar_routes(&member.value, route, out);
                route.pop();
            }),
            Value::Array(items) => items.iter().enumerate().for_each(|(at, item)| {
                route.push(at);
                scalar_routes(item, route, out);
                route.pop();
            }),
            _ => out.push(route.clone()),
        }
    }

    #[test]
    fn a_layout_moved_for_other_leaves_gives_the_places_of_the_body_laid_out_anew() {
        let mut node = crate::json::parse(r#"{"schemas":["a"],"userName":"ana@example.com","name":{"givenName":"Ana","familyName":"Silva"},"emails":[{"value":"x","type":"work","primary":true}],"active":true,"ext":{"officeName":"New York"}}"#).unwrap();
        number_spans(&mut node);
        let mut routes = Vec::new();
        scalar_routes(&node, &mut Vec::new(), &mut routes);
        // Every other scalar varies, the first included; the layout is given them out of order.
        let mut varying: Vec<Vec<usize>> = routes.iter().step_by(2).cloned().collect();
        varying.reverse();
        let leaves = |node: &Node<'static>| -> Vec<Node<'static>> { varying.iter().map(|route| node.at_route(route).unwrap().clone()).collect() };
        let layout = Layout::of(&node, &leaves(&node).iter().collect::<Vec<_>>());
        let values = ["", "é😀 and \"quoted\"\n", "a much longer value than the one laid out", "\u{1}", "x"];
        for (round, text) in values.iter().enumerate() {
            for (at, route) in varying.iter().enumerate() {
                let leaf = node.at_route_mut(route).unwrap();
                leaf.value = match (&leaf.value, (round + at) % 3) {
                    (Value::Bool(value), _) => Value::Bool(!value),
                    (_, 0) => Value::Bool(round % 2 == 0),
                    _ => Value::String(std::borrow::Cow::Borrowed(text)),
                };
            }
            let anew = places(&node);
            let now = leaves(&node);
            let now: Vec<&Node<'_>> = now.iter().collect();
            for (number, place) in anew.iter().enumerate() {
                assert_eq!(layout.place_of(Span { start: number, end: number }, &now), *place, "span {number}, round {round}");
            }
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
