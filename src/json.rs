//! A strict RFC 8259 JSON reader that keeps the byte range of every value and key.
//!
//! Written here rather than taken from serde_json (which keeps no positions) or jsonc-parser
//! (lenient JSONC, unbounded recursion, a token list we do not need) because the checker needs
//! three things at once: borrowed strings (no copy unless a string has escapes), the exact span
//! of every node so a diagnostic can point at it, and a depth limit so hostile input cannot
//! overflow the stack.

use std::borrow::Cow;

/// Byte range `start..end` in the text the node was read from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node<'a> {
    pub value: Value<'a>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    /// The number exactly as written: its meaning never matters to the rules, its text might.
    Number(&'a str),
    String(Cow<'a, str>),
    Array(Vec<Node<'a>>),
    Object(Vec<Member<'a>>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Member<'a> {
    pub key: Cow<'a, str>,
    pub key_span: Span,
    pub value: Node<'a>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    /// Byte offset in the text where reading failed.
    pub offset: usize,
}

/// The bytes that end a run of plain text in a string: the quote, the backslash, and the
/// control characters, which JSON requires to be escaped.
const ENDS_PLAIN_RUN: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = true;
        byte += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// Nesting deeper than this is refused with a diagnostic instead of risking the stack.
pub const MAX_DEPTH: usize = 256;

impl<'a> Node<'a> {
    /// The value of the member named `key`; the last one when the key is duplicated, as
    /// JSON.parse (and so Okta's tooling) reads it.
    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        self.member(key).map(|member| &member.value)
    }

    pub fn member(&self, key: &str) -> Option<&Member<'a>> {
        self.members().iter().rev().find(|member| crate::text::same(&member.key, key))
    }

    /// The node at `route`: the index of a member or an element at each step down.
    pub fn at_route(&self, route: &[usize]) -> Option<&Node<'a>> {
        route.iter().try_fold(self, |at, &index| match &at.value {
            Value::Object(members) => members.get(index).map(|member| &member.value),
            Value::Array(items) => items.get(index),
            _ => None,
        })
    }

    /// The node at `route` (see [`Node::at_route`]), to change.
    pub fn at_route_mut(&mut self, route: &[usize]) -> Option<&mut Node<'a>> {
        route.iter().try_fold(self, |at, &index| match &mut at.value {
            Value::Object(members) => members.get_mut(index).map(|member| &mut member.value),
            Value::Array(items) => items.get_mut(index),
            _ => None,
        })
    }

    /// The route (see [`Node::at_route`]) to `target`, a node inside this one, found by its
    /// address.
    pub fn route_to(&self, target: &Node<'_>) -> Option<Vec<usize>> {
        if std::ptr::eq((self as *const Node<'a>).cast::<u8>(), (target as *const Node<'_>).cast::<u8>()) {
            return Some(Vec::new());
        }
        let children: Vec<&Node<'a>> = match &self.value {
            Value::Object(members) => members.iter().map(|member| &member.value).collect(),
            Value::Array(items) => items.iter().collect(),
            _ => return None,
        };
        children.into_iter().enumerate().find_map(|(index, child)| {
            let mut route = child.route_to(target)?;
            route.insert(0, index);
            Some(route)
        })
    }

    pub fn members(&self) -> &[Member<'a>] {
        match &self.value {
            Value::Object(members) => members,
            _ => &[],
        }
    }

    pub fn elements(&self) -> &[Node<'a>] {
        match &self.value {
            Value::Array(items) => items,
            _ => &[],
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    /// The text of a string, borrowing the text read (not this node) where the string had no
    /// escapes, so it can outlive the tree.
    pub fn text(&self) -> Option<Cow<'a, str>> {
        match &self.value {
            Value::String(Cow::Borrowed(text)) => Some(Cow::Borrowed(text)),
            Value::String(Cow::Owned(text)) => Some(Cow::Owned(text.clone())),
            _ => None,
        }
    }

    pub fn is_object(&self) -> bool {
        matches!(self.value, Value::Object(_))
    }

    /// "a string", "a number", ... for messages.
    pub fn type_name(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// Reads exactly one JSON value from `text`, allowing only white space around it.
pub fn parse(text: &str) -> Result<Node<'_>, ParseError> {
    parse_at(text, 0)
}

/// Like [`parse`], with every span shifted by `base` (for one line of a larger NDJSON text).
pub fn parse_at(text: &str, base: usize) -> Result<Node<'_>, ParseError> {
    let mut reader = Reader::new(text, base);
    reader.skip_whitespace();
    if reader.pos == reader.bytes.len() {
        return Err(reader.error("the text is empty: expected a JSON value"));
    }
    let node = reader.value(0)?;
    reader.skip_whitespace();
    if reader.pos < reader.bytes.len() {
        return Err(reader.error("unexpected text after the end of the JSON value"));
    }
    Ok(node)
}

/// The elements of a top-level JSON array, read one at a time, so that a caller checking a
/// batch holds one record's tree at a time rather than the whole batch's. Yields the same
/// values, and for a text that is not valid JSON the same error [`parse_at`] gives, where it
/// stands in the text: after the elements before it.
pub struct Elements<'a> {
    reader: Reader<'a>,
    /// Whether the next element follows a comma (false before the first).
    after_comma: bool,
    done: bool,
    /// Where the '[' is, and where the ']' ends once it has been read.
    start: usize,
    end: usize,
}

/// The elements of `text` when it is a JSON array (after white space), with spans shifted by
/// `base`; `None` when it is not one.
pub fn elements_at(text: &str, base: usize) -> Option<Elements<'_>> {
    let mut reader = Reader::new(text, base);
    reader.skip_whitespace();
    if reader.peek() != Some(b'[') {
        return None;
    }
    let start = reader.pos;
    reader.pos += 1;
    Some(Elements { reader, after_comma: false, done: false, start, end: start })
}

impl<'a> Elements<'a> {
    /// The span of the whole array, once every element has been read.
    pub fn span(&self) -> Span {
        Span { start: self.reader.base + self.start, end: self.reader.base + self.end }
    }

    fn next_element(&mut self) -> Result<Option<Node<'a>>, ParseError> {
        let reader = &mut self.reader;
        reader.skip_whitespace();
        if reader.peek() == Some(b']') {
            if self.after_comma {
                return Err(reader.error("a comma before ']' is not allowed in JSON"));
            }
            reader.pos += 1;
            self.end = reader.pos;
            reader.skip_whitespace();
            if reader.pos < reader.bytes.len() {
                return Err(reader.error("unexpected text after the end of the JSON value"));
            }
            return Ok(None);
        }
        let node = reader.value(1)?;
        reader.skip_whitespace();
        match reader.peek() {
            Some(b',') => {
                reader.pos += 1;
                self.after_comma = true;
            }
            Some(b']') => self.after_comma = false,
            _ => return Err(reader.unexpected("',' or ']' after the value")),
        }
        Ok(Some(node))
    }
}

impl<'a> Iterator for Elements<'a> {
    type Item = Result<Node<'a>, ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let next = self.next_element();
        if !matches!(next, Ok(Some(_))) {
            self.done = true;
        }
        next.transpose()
    }
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    base: usize,
    /// The members of the objects being read, innermost last: each object takes its own off
    /// the top when it closes, into a vector of exactly their number. Growing a vector per
    /// object as members arrive cost a reallocation or two per object, and most of what
    /// reading spent in the allocator.
    members: Vec<Member<'a>>,
    /// The same for the elements of the arrays being read.
    items: Vec<Node<'a>>,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str, base: usize) -> Self {
        // Room for a profile's members at once, so one record read alone (one call per
        // record) does not grow the stacks two or three times.
        Reader { text, bytes: text.as_bytes(), pos: 0, base, members: Vec::with_capacity(24), items: Vec::with_capacity(8) }
    }

    fn error(&self, message: impl Into<String>) -> ParseError {
        ParseError { message: message.into(), offset: self.base + self.pos }
    }

    fn span(&self, start: usize) -> Span {
        Span { start: self.base + start, end: self.base + self.pos }
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn value(&mut self, depth: usize) -> Result<Node<'a>, ParseError> {
        if depth >= MAX_DEPTH {
            return Err(self.error(format!("the JSON is nested more than {MAX_DEPTH} levels deep")));
        }
        let start = self.pos;
        let value = match self.peek() {
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => Value::Number(self.number()?),
            Some(b't') => self.literal("true", Value::Bool(true))?,
            Some(b'f') => self.literal("false", Value::Bool(false))?,
            Some(b'n') => self.literal("null", Value::Null)?,
            Some(_) => return Err(self.unexpected("a JSON value")),
            None => return Err(self.error("the text ends where a JSON value was expected")),
        };
        Ok(Node { value, span: self.span(start) })
    }

    /// Describes the character at the current position for an error message.
    fn unexpected(&self, expected: &str) -> ParseError {
        match self.text[self.pos..].chars().next() {
            None => self.error(format!("the text ends where {expected} was expected")),
            Some(c) if c.is_control() => self.error(format!("unexpected control character U+{:04X}: expected {expected}", c as u32)),
            Some('\'') => self.error(format!("JSON strings and keys need double quotes, not single quotes: expected {expected}")),
            Some(c) => self.error(format!("unexpected '{c}': expected {expected}")),
        }
    }

    fn literal(&mut self, word: &str, value: Value<'a>) -> Result<Value<'a>, ParseError> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.unexpected("a JSON value (strings need double quotes)"))
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value<'a>, ParseError> {
        self.pos += 1; // '{'
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Object(Vec::new()));
        }
        let first = self.members.len();
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                let expected = if self.members.len() == first { "a key in double quotes or '}'" } else { "a key in double quotes (no comma before '}')" };
                return Err(self.unexpected(expected));
            }
            let key_start = self.pos;
            let key = self.string()?;
            let key_span = self.span(key_start);
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return Err(self.unexpected("':' after the key"));
            }
            self.pos += 1;
            self.skip_whitespace();
            let value = self.value(depth + 1)?;
            self.members.push(Member { key, key_span, value });
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(self.members.drain(first..).collect()));
                }
                _ => return Err(self.unexpected("',' or '}' after the value")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value<'a>, ParseError> {
        self.pos += 1; // '['
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(Vec::new()));
        }
        let first = self.items.len();
        loop {
            self.skip_whitespace();
            if self.peek() == Some(b']') {
                return Err(self.error("a comma before ']' is not allowed in JSON"));
            }
            let item = self.value(depth + 1)?;
            self.items.push(item);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(self.items.drain(first..).collect()));
                }
                _ => return Err(self.unexpected("',' or ']' after the value")),
            }
        }
    }

    fn number(&mut self) -> Result<&'a str, ParseError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.unexpected("a digit")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.unexpected("a digit after the decimal point"));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.unexpected("a digit in the exponent"));
            }
            self.digits();
        }
        Ok(&self.text[start..self.pos])
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }

    /// Reads a string starting at its opening quote; borrows it unless it has escapes.
    fn string(&mut self) -> Result<Cow<'a, str>, ParseError> {
        self.pos += 1; // opening quote
        let start = self.pos;
        self.skip_plain_run();
        match self.peek() {
            Some(b'"') => {
                let text = &self.text[start..self.pos];
                self.pos += 1;
                Ok(Cow::Borrowed(text))
            }
            Some(b'\\') => self.escaped_string(start).map(Cow::Owned),
            Some(_) => Err(self.unexpected("the rest of the string (control characters must be escaped)")),
            None => Err(self.error("the text ends inside a string: a closing '\"' is missing")),
        }
    }

    /// Moves to the next quote, backslash or control character, in one pass over a table.
    /// (memchr finds the first two fast where it has SIMD, but in the wasm build it has none,
    /// the strings of a profile are short, and its calls and second pass for control
    /// characters cost more there than this loop.)
    fn skip_plain_run(&mut self) {
        let rest = &self.bytes[self.pos..];
        let mut words = rest.chunks_exact(8);
        let mut skipped = 0;
        for eight in words.by_ref() {
            let ends = crate::text::json_string_specials(crate::text::word(eight));
            if ends != 0 {
                self.pos += skipped + ends.trailing_zeros() as usize / 8;
                return;
            }
            skipped += 8;
        }
        let tail = words.remainder();
        self.pos += skipped + tail.iter().position(|&byte| ENDS_PLAIN_RUN[usize::from(byte)]).unwrap_or(tail.len());
    }

    fn escaped_string(&mut self, start: usize) -> Result<String, ParseError> {
        let mut out = String::from(&self.text[start..self.pos]);
        loop {
            let run_start = self.pos;
            self.skip_plain_run();
            out.push_str(&self.text[run_start..self.pos]);
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    self.escape(&mut out)?;
                }
                Some(_) => return Err(self.unexpected("the rest of the string (control characters must be escaped)")),
                None => return Err(self.error("the text ends inside a string: a closing '\"' is missing")),
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), ParseError> {
        let simple = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                out.push(self.unicode_escape()?);
                return Ok(());
            }
            _ => return Err(self.unexpected("an escape (one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)")),
        };
        self.pos += 1;
        out.push(simple);
        Ok(())
    }

    /// Reads the XXXX of `\uXXXX` (and a following low surrogate); a lone surrogate becomes
    /// U+FFFD, as JSON.parse followed by TextEncoder would make it.
    fn unicode_escape(&mut self) -> Result<char, ParseError> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) && self.bytes[self.pos..].starts_with(b"\\u") {
            let save = self.pos;
            self.pos += 2;
            let second = self.hex4()?;
            if (0xDC00..0xE000).contains(&second) {
                let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                return Ok(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
            }
            self.pos = save;
        }
        Ok(char::from_u32(first).unwrap_or(char::REPLACEMENT_CHARACTER))
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let digits = self.bytes.get(self.pos..self.pos + 4).ok_or_else(|| self.error("\\u must be followed by four hex digits"))?;
        let mut code = 0;
        for &digit in digits {
            let value = (digit as char).to_digit(16).ok_or_else(|| self.error("\\u must be followed by four hex digits"))?;
            code = code * 16 + value;
        }
        self.pos += 4;
        Ok(code)
    }
}

/// `prefix` + "/" + `index` in decimal: the pointer of a batch's record, made for every record,
/// without the formatting machinery of `format!` (3% of checking a batch).
pub fn index_pointer(prefix: &str, index: usize) -> String {
    let mut pointer = String::with_capacity(prefix.len() + 21);
    pointer.push_str(prefix);
    push_index_token(&mut pointer, index);
    pointer
}

/// Appends "/" + `index` in decimal to `pointer`: an array element's token.
pub fn push_index_token(pointer: &mut String, index: usize) {
    pointer.push('/');
    pointer.push_str(itoa::Buffer::new().format(index));
}

/// Escapes one reference token of a JSON Pointer (RFC 6901 section 3).
pub fn escape_pointer_token(token: &str) -> Cow<'_, str> {
    // memchr rather than a search for either char: every pointer written goes through here.
    if memchr::memchr2(b'~', b'/', token.as_bytes()).is_some() {
        Cow::Owned(token.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_cover_values_and_keys() {
        let text = r#"{ "a": [1, "x"], "b": null }"#;
        let root = parse(text).unwrap();
        assert_eq!(root.span, Span { start: 0, end: text.len() });
        let a = root.member("a").unwrap();
        assert_eq!(&text[a.key_span.start..a.key_span.end], "\"a\"");
        assert_eq!(&text[a.value.span.start..a.value.span.end], "[1, \"x\"]");
        assert_eq!(&text[a.value.elements()[1].span.start..a.value.elements()[1].span.end], "\"x\"");
    }

    #[test]
    fn strings_borrow_unless_escaped() {
        let root = parse(r#"["plain", "tab\there", "\u00e9\ud83d\ude00"]"#).unwrap();
        let items = root.elements();
        assert!(matches!(items[0].value, Value::String(Cow::Borrowed("plain"))));
        assert_eq!(items[1].as_str(), Some("tab\there"));
        assert_eq!(items[2].as_str(), Some("é😀"));
    }

    /// The eight-byte test finds the first byte that ends a plain run wherever it is, whatever
    /// is around it (every byte value, before and after, and bytes beyond ASCII).
    #[test]
    fn the_first_end_of_a_plain_run_is_found_eight_bytes_at_a_time() {
        let first = |bytes: &[u8; 8]| bytes.iter().position(|&byte| ENDS_PLAIN_RUN[usize::from(byte)]);
        let found = |bytes: &[u8; 8]| Some(crate::text::json_string_specials(u64::from_le_bytes(*bytes))).filter(|&ends| ends != 0).map(|ends| ends.trailing_zeros() as usize / 8);
        for end in 0..=255u8 {
            for at in 0..8 {
                for filler in 0..=255u8 {
                    let mut bytes = [filler; 8];
                    bytes[at] = end;
                    assert_eq!(found(&bytes), first(&bytes), "{bytes:?}");
                }
            }
        }
        let root = parse(r#"["0123456789abcdef\"", "é0123456789\u0041", "x", "0123456"]"#).unwrap();
        assert_eq!(root.elements().iter().map(|item| item.as_str().unwrap()).collect::<Vec<_>>(), ["0123456789abcdef\"", "é0123456789A", "x", "0123456"]);
        // A string that ends within the text's last eight bytes (found by the loop over the
        // bytes after the last whole word), and one the text ends inside.
        for length in 0..20 {
            let plain = "é".repeat(length % 3) + &"a".repeat(length);
            assert_eq!(parse(&format!("\"{plain}\"")).unwrap().as_str(), Some(plain.as_str()));
            assert_eq!(parse(&format!("\"{plain}\\n\"")).unwrap().as_str(), Some(format!("{plain}\n").as_str()));
            assert!(parse(&format!("\"{plain}")).unwrap_err().message.contains("ends inside a string"));
            assert!(parse(&format!("\"{plain}\u{1}\"")).unwrap_err().message.contains("control character"));
        }
    }

    #[test]
    fn duplicate_keys_read_as_json_parse_reads_them() {
        let root = parse(r#"{"a": 1, "a": 2}"#).unwrap();
        assert_eq!(root.get("a").unwrap().value, Value::Number("2"));
    }

    #[test]
    fn lone_surrogate_becomes_replacement_character() {
        assert_eq!(parse(r#""\ud800x""#).unwrap().as_str(), Some("\u{fffd}x"));
    }

    #[test]
    fn numbers_follow_the_grammar() {
        for good in ["0", "-0", "12.5e+3", "1E9", "-0.01"] {
            assert!(parse(good).is_ok(), "{good}");
        }
        for bad in ["01", "1.", ".5", "+1", "1e", "-", "NaN"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn errors_point_where_reading_failed() {
        let error = parse("{\"a\": 1,}").unwrap_err();
        assert_eq!(error.offset, 8);
        let error = parse("{'a': 1}").unwrap_err();
        assert!(error.message.contains("double quotes"), "{}", error.message);
        assert_eq!(parse("[1] x").unwrap_err().offset, 4);
        assert_eq!(parse("\"abc").unwrap_err().offset, 4);
        assert!(parse("").unwrap_err().message.contains("empty"));
    }

    #[test]
    fn depth_is_limited() {
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert!(parse(&deep).unwrap_err().message.contains("nested"));
        let fine = "[".repeat(MAX_DEPTH - 1) + &"]".repeat(MAX_DEPTH - 1);
        assert!(parse(&fine).is_ok());
    }

    #[test]
    fn base_offset_shifts_spans() {
        let node = parse_at(" {\"a\":1}", 100).unwrap();
        assert_eq!(node.span.start, 101);
        assert_eq!(parse_at("{", 100).unwrap_err().offset, 101);
    }

    /// Element by element, an array gives what parse gives: the same nodes, and for broken
    /// text the same error, after the elements before it.
    #[test]
    fn elements_read_one_at_a_time_as_parse_reads_them() {
        let texts = [
            " [ {\"a\": [1, 2]}, \"x\", null ] ",
            "[]",
            "[ ]  ",
            "[1,]",
            "[1 2]",
            "[1] x",
            "[1, {\"a\": }]",
            "[1, [2, 3]",
            "[",
            "[,1]",
            "[\"\\u00e9\", -0.5e3, true]",
        ];
        for text in texts {
            let elements: Result<Vec<Node<'_>>, ParseError> = elements_at(text, 7).unwrap().collect();
            let whole = parse_at(text, 7).map(|node| node.elements().to_vec());
            assert_eq!(elements, whole, "{text:?}");
        }
        let mut empty = elements_at(" [ ] ", 7).unwrap();
        assert!(empty.next().is_none());
        assert_eq!(empty.span(), parse_at(" [ ] ", 7).unwrap().span);
        assert!(elements_at(" {\"a\": []}", 0).is_none());
        assert!(elements_at("", 0).is_none());
        let deep_text = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        let mut deep = elements_at(&deep_text, 0).unwrap().collect::<Vec<_>>();
        assert!(deep.pop().unwrap().unwrap_err().message.contains("nested"));
    }

    #[test]
    fn index_pointers_are_written_in_decimal() {
        for index in [0, 7, 10, 99, 1_000_000, usize::MAX] {
            assert_eq!(index_pointer("", index), format!("/{index}"));
            assert_eq!(index_pointer("/Resources", index), format!("/Resources/{index}"));
        }
    }

    #[test]
    fn pointer_tokens_are_escaped() {
        assert_eq!(escape_pointer_token("a/b~c"), "a~1b~0c");
        assert_eq!(escape_pointer_token("plain"), "plain");
    }
}
