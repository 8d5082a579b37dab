//! Writing JSON text fast where the output is large: the diagnostics of a report and of a
//! simulation, which cross to JavaScript's `JSON.parse`. Strings are escaped as serde_json
//! escapes them (its writer checks every byte against a table, which in the wasm build was a
//! sixth of simulate), but eight bytes at a time, and copied in runs; and every character
//! beyond ASCII is written as `\uXXXX`, so the text is ASCII: V8 decodes ASCII to a one-byte
//! string, where a single accented letter made the whole of a report's 1.6 MB two-byte (decode
//! and parse 3.9 -> 2.8 ms). A test compares the text with serde_json's so escaped.

use crate::text::word;

/// Writes `text` as a JSON string: quotes, `\"`, `\\`, the short escapes `\b \f \n \r \t`,
/// `\u00xx` for the other control characters, as serde_json writes it, and `\uXXXX` (UTF-16
/// units) for each character beyond ASCII.
pub fn string(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    // Nearly every string has nothing to escape: copied whole.
    if !needs_escape(bytes) {
        out.extend_from_slice(bytes);
        out.push(b'"');
        return;
    }
    let mut run_start = 0;
    let mut at = 0;
    while at < bytes.len() {
        // Whole words of plain text are passed over; the byte that ends one is looked at alone.
        if let Some(eight) = bytes.get(at..at + 8) {
            if !needs_escape_in(word(eight)) {
                at += 8;
                continue;
            }
        }
        let byte = bytes[at];
        if byte >= 0x80 {
            // Words are passed over only when plain ASCII, so `at` is at a character's start.
            let c = text.get(at..).and_then(|rest| rest.chars().next()).unwrap_or(char::REPLACEMENT_CHARACTER);
            out.extend_from_slice(&bytes[run_start..at]);
            push_units(out, c);
            at += c.len_utf8();
            run_start = at;
            continue;
        }
        if let Some(escape) = escape_of(byte) {
            out.extend_from_slice(&bytes[run_start..at]);
            push_escape(out, byte, escape);
            run_start = at + 1;
        }
        at += 1;
    }
    out.extend_from_slice(&bytes[run_start..]);
    out.push(b'"');
}

/// `text` as a JSON string as `JSON.stringify` and serde_json write it: the escapes of
/// [`string`], and characters beyond ASCII as they are.
pub fn string_as_written(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len() + 2);
    out.push(b'"');
    let mut run_start = 0;
    for (at, &byte) in text.as_bytes().iter().enumerate() {
        if let Some(escape) = escape_of(byte) {
            out.extend_from_slice(&text.as_bytes()[run_start..at]);
            push_escape(&mut out, byte, escape);
            run_start = at + 1;
        }
    }
    out.extend_from_slice(&text.as_bytes()[run_start..]);
    out.push(b'"');
    // Only ASCII bytes were replaced, each by ASCII: still UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

/// A character beyond ASCII as `\uXXXX`, one for each of its UTF-16 units.
fn push_units(out: &mut Vec<u8>, c: char) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for unit in c.encode_utf16(&mut [0; 2]) {
        let nibble = |shift: u16| HEX[usize::from((*unit >> shift) & 0xf)];
        out.extend_from_slice(&[b'\\', b'u', nibble(12), nibble(8), nibble(4), nibble(0)]);
    }
}

/// Copies JSON text made elsewhere (serde_json's), writing each character beyond ASCII as
/// [`string`] does. Such characters can only be inside its strings, where `\uXXXX` means them.
/// The tests' reference: serde_json's text as this module's writers write it.
#[cfg(test)]
pub(crate) fn ascii(out: &mut Vec<u8>, json: &[u8]) {
    let Ok(text) = std::str::from_utf8(json) else {
        out.extend_from_slice(json);
        return;
    };
    let mut run_start = 0;
    for (at, c) in text.char_indices().filter(|(_, c)| !c.is_ascii()) {
        out.extend_from_slice(&json[run_start..at]);
        push_units(out, c);
        run_start = at + c.len_utf8();
    }
    out.extend_from_slice(&json[run_start..]);
}

/// The length of `text` as `JSON.stringify` and serde_json write it (characters beyond ASCII as
/// they are, unlike [`string`]), quotes and escapes included: in bytes, and in UTF-16 units (as
/// JavaScript and the positions of a report count).
pub fn quoted_lengths(text: &str) -> (usize, usize) {
    let bytes = text.as_bytes();
    // With nothing to escape the text is ASCII too, so its length is the same in both units.
    if !needs_escape(bytes) {
        return (bytes.len() + 2, bytes.len() + 2);
    }
    let (mut in_bytes, mut in_utf16) = (2, 2);
    for c in text.chars() {
        let (length, units) = match u8::try_from(c).ok().and_then(escape_of) {
            Some(b'u') => (6, 6),
            Some(_) => (2, 2),
            None => (c.len_utf8(), c.len_utf16()),
        };
        in_bytes += length;
        in_utf16 += units;
    }
    (in_bytes, in_utf16)
}

/// Whether [`string`] writes `bytes` with any escape (a quote, a backslash, a control
/// character, a byte beyond ASCII).
///
/// The bytes after the last whole word are tested as the text's last eight bytes, which
/// overlap the word before: one more word, not a loop over each byte.
fn needs_escape(bytes: &[u8]) -> bool {
    if bytes.len() < 8 {
        return bytes.iter().any(|&byte| byte < 0x20 || byte == b'"' || byte == b'\\' || byte >= 0x80);
    }
    let mut words = bytes.chunks_exact(8);
    if words.by_ref().any(|eight| needs_escape_in(word(eight))) {
        return true;
    }
    !words.remainder().is_empty() && needs_escape_in(word(&bytes[bytes.len() - 8..]))
}

/// Whether any byte of `word` is a quote, a backslash, below 0x20 or beyond ASCII (a flag,
/// where there is one, is exact for the word as a whole).
fn needs_escape_in(word: u64) -> bool {
    (crate::text::json_string_specials(word) | (word & 0x8080_8080_8080_8080)) != 0
}

/// The escape of a byte that needs one: its short letter, or `u` for `\u00xx`.
fn escape_of(byte: u8) -> Option<u8> {
    Some(match byte {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x0c => b'f',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        0..=0x1f => b'u',
        _ => return None,
    })
}

fn push_escape(out: &mut Vec<u8>, byte: u8, escape: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    if escape == b'u' {
        out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[usize::from(byte >> 4)], HEX[usize::from(byte & 0xf)]]);
    } else {
        out.extend_from_slice(&[b'\\', escape]);
    }
}

/// Writes `value` in decimal.
pub fn unsigned(out: &mut Vec<u8>, value: usize) {
    // Most numbers written are small: a simulation's list numbers, a record's counts.
    if value < 10 {
        out.push(b'0' + value as u8);
        return;
    }
    out.extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
}

/// Writes `value` as serde_json does: its shortest digits (zmij, serde_json's own formatter),
/// `null` when it is not finite.
pub fn float(out: &mut Vec<u8>, value: f64) {
    if value.is_finite() {
        out.extend_from_slice(zmij::Buffer::new().format_finite(value).as_bytes());
    } else {
        out.extend_from_slice(b"null");
    }
}

/// Writes `value` in decimal, with its sign.
pub fn integer(out: &mut Vec<u8>, value: i64) {
    out.extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
}

/// A result of this crate written as JSON text, as serde's `Serialize` of it writes it
/// (characters beyond ASCII as `\uXXXX`; a test compares each with serde_json's): the wasm
/// writes its results with these, and so holds no serde_json.
pub trait ToJson {
    fn to_json(&self, out: &mut Vec<u8>);
}

impl ToJson for str {
    fn to_json(&self, out: &mut Vec<u8>) {
        string(out, self);
    }
}

impl ToJson for String {
    fn to_json(&self, out: &mut Vec<u8>) {
        string(out, self);
    }
}

impl ToJson for bool {
    fn to_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(if *self { b"true" } else { b"false" });
    }
}

impl ToJson for usize {
    fn to_json(&self, out: &mut Vec<u8>) {
        unsigned(out, *self);
    }
}

impl ToJson for u64 {
    fn to_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(itoa::Buffer::new().format(*self).as_bytes());
    }
}

impl ToJson for u8 {
    fn to_json(&self, out: &mut Vec<u8>) {
        unsigned(out, usize::from(*self));
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn to_json(&self, out: &mut Vec<u8>) {
        (**self).to_json(out);
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self, out: &mut Vec<u8>) {
        match self {
            Some(value) => value.to_json(out),
            None => out.extend_from_slice(b"null"),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn to_json(&self, out: &mut Vec<u8>) {
        list(out, self, |out, item| item.to_json(out));
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self, out: &mut Vec<u8>) {
        self.as_slice().to_json(out);
    }
}

/// `{"name":value,...}` of a result's members, in the order given, each written by [`ToJson`].
macro_rules! object {
    ($out:expr; $first:literal => $value:expr $(, $name:literal => $rest:expr)* $(,)?) => {{
        let out: &mut Vec<u8> = $out;
        out.push(b'{');
        $crate::json_out::field!(out, first, $first);
        $crate::json_out::ToJson::to_json($value, out);
        $(
            $crate::json_out::field!(out, $name);
            $crate::json_out::ToJson::to_json($rest, out);
        )*
        out.push(b'}');
    }};
}
pub(crate) use object;

/// `ToJson` for an enum written as the name of its variant, as serde's `rename_all` names it.
macro_rules! names {
    ($type:ty { $($variant:ident => $name:literal),* $(,)? }) => {
        impl $crate::json_out::ToJson for $type {
            fn to_json(&self, out: &mut Vec<u8>) {
                $crate::json_out::string(out, match self { $(Self::$variant => $name),* });
            }
        }
    };
}
pub(crate) use names;

/// `[item, item, ...]`, each written by `write`.
pub fn list<'i, T>(out: &mut Vec<u8>, items: &'i [T], mut write: impl FnMut(&mut Vec<u8>, &'i T)) {
    out.push(b'[');
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        write(out, item);
    }
    out.push(b']');
}

/// `,"name":` (`"name":` after `first`), for a name of this crate's own output (a
/// diagnostic's members, a report's): quoted when compiled, copied as it is.
macro_rules! field {
    ($out:expr, first, $name:literal) => {
        $out.extend_from_slice(concat!("\"", $name, "\":").as_bytes())
    };
    ($out:expr, $name:literal) => {
        $out.extend_from_slice(concat!(",\"", $name, "\":").as_bytes())
    };
}
pub(crate) use field;

/// `"key":` after a comma when `first` is false.
pub fn key(out: &mut Vec<u8>, first: bool, name: &str) {
    if !first {
        out.push(b',');
    }
    string(out, name);
    out.push(b':');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(text: &str) -> String {
        let mut out = Vec::new();
        string(&mut out, text);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn quoted_lengths_are_those_of_the_text_serde_json_writes() {
        let mut texts: Vec<String> = (0..=0x7fu8).map(|byte| format!("a{}b", char::from(byte))).collect();
        texts.extend(["", "plain", "São Paulo, 日本", "tab\tnew\nline\u{1}é😀\"\\", "\u{7f}\u{80}\u{2028}"].map(String::from));
        for text in &texts {
            let written = serde_json::to_string(text).unwrap();
            assert_eq!(quoted_lengths(text), (written.len(), written.encode_utf16().count()), "{text:?}");
        }
    }

    /// Every byte value at every place of a word and around it, characters beyond ASCII of
    /// every width, and text of every width: the text serde_json writes, so escaped.
    #[test]
    fn strings_are_written_as_serde_json_writes_them() {
        // serde_json's text with each character beyond ASCII as its UTF-16 units.
        let expected = |text: &str| {
            serde_json::to_string(text).unwrap().chars().map(|c| if c.is_ascii() { c.to_string() } else { c.encode_utf16(&mut [0; 2]).iter().map(|unit| format!("\\u{unit:04x}")).collect() }).collect::<String>()
        };
        for byte in 0..=0x7fu8 {
            for length in [1, 3, 7, 8, 9, 15, 16, 17, 19] {
                for place in 0..length {
                    let mut text = vec![b'a'; length];
                    text[place] = byte;
                    let text = String::from_utf8(text).unwrap();
                    assert_eq!(written(&text), expected(&text), "{byte:#x} at {place} of {length}");
                }
            }
        }
        // Characters beyond ASCII of every width at every place of a word, and after escapes.
        for c in ['é', '\u{80}', '\u{2028}', '日', '😀'] {
            for length in [1, 7, 8, 9, 17] {
                for place in 0..length {
                    let text: String = (0..length).map(|at| if at == place { c } else { 'a' }).collect();
                    assert_eq!(written(&text), expected(&text), "{c:?} at {place} of {length}");
                    assert_eq!(serde_json::from_str::<String>(&written(&text)).unwrap(), text);
                }
            }
        }
        for text in ["", "\"", "\\\\", "é😀\u{7f}\u{80}\u{2028}", "line\nnext\ttab\u{1}\u{1f}", "x\"y\\z".repeat(9).as_str(), "日本語の文字列、かなり長いテキストです。".repeat(3).as_str(), "Zoë \"Q\"\n😀"] {
            assert_eq!(written(text), expected(text), "{text:?}");
            assert!(written(text).is_ascii());
            assert_eq!(serde_json::from_str::<String>(&written(text)).unwrap(), text);
        }
        let mut copied = Vec::new();
        ascii(&mut copied, serde_json::to_string(&serde_json::json!({ "São": ["Zoë", 1, "😀"] })).unwrap().as_bytes());
        // As written in the admin's text: serde_json's text exactly, characters beyond ASCII kept.
        for byte in 0..=0x7fu8 {
            let text = format!("São{}😀", char::from(byte));
            assert_eq!(string_as_written(&text), serde_json::to_string(&text).unwrap(), "{byte:#x}");
        }
        assert_eq!(String::from_utf8(copied).unwrap(), r#"{"S\u00e3o":["Zo\u00eb",1,"\ud83d\ude00"]}"#);
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        for value in [0, 9, 10, 12345, usize::MAX] {
            let mut out = Vec::new();
            unsigned(&mut out, value);
            assert_eq!(String::from_utf8(out).unwrap(), value.to_string());
        }
    }
}
