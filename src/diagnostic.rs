//! Diagnostics, the checker's interface: what is wrong, where, what Dialpad will do, how to fix it.

use crate::json::Span;
use serde::Serialize;
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One rule of the catalogue. Every diagnostic is made from one, so its code and severity
/// always agree with the catalogue (see `catalogue.rs`).
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable id, never renamed once released.
    pub code: &'static str,
    pub severity: Severity,
    /// The section of RULES.md the rule comes from, e.g. "3".
    pub section: &'static str,
    /// One line for the catalogue: what the rule checks.
    pub summary: &'static str,
}

/// The value a suggestion puts at a diagnostic's path: the text, flag or list of texts the
/// rules suggest (a JSON string, boolean or array of strings).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Suggestion {
    Text(String),
    Flag(bool),
    Texts(Vec<String>),
}

impl Suggestion {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Suggestion::Text(text) => Some(text),
            _ => None,
        }
    }

    /// As JSON in the admin's own text, characters beyond ASCII as they are (`JSON.stringify`'s
    /// text), for applySuggestions.
    pub fn json_text(&self) -> String {
        match self {
            Suggestion::Text(text) => crate::json_out::string_as_written(text),
            Suggestion::Flag(flag) => flag.to_string(),
            Suggestion::Texts(texts) => format!("[{}]", texts.iter().map(|text| crate::json_out::string_as_written(text)).collect::<Vec<_>>().join(",")),
        }
    }
}

/// As JSON in a report: characters beyond ASCII as `\uXXXX` (see `json_out`).
impl crate::json_out::ToJson for Suggestion {
    fn to_json(&self, out: &mut Vec<u8>) {
        match self {
            Suggestion::Text(text) => text.to_json(out),
            Suggestion::Flag(flag) => flag.to_json(out),
            Suggestion::Texts(texts) => texts.to_json(out),
        }
    }
}

impl From<&str> for Suggestion {
    fn from(text: &str) -> Self {
        Suggestion::Text(text.to_string())
    }
}

impl From<String> for Suggestion {
    fn from(text: String) -> Self {
        Suggestion::Text(text)
    }
}

impl From<bool> for Suggestion {
    fn from(flag: bool) -> Self {
        Suggestion::Flag(flag)
    }
}

impl From<Vec<String>> for Suggestion {
    fn from(texts: Vec<String>) -> Self {
        Suggestion::Texts(texts)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    /// RFC 6901 JSON Pointer into the input.
    pub path: String,
    /// 1-based line of the start of the offending text, when the input was text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column, counted in UTF-16 code units as JavaScript strings and editors count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// `[start, end)` of the offending text as UTF-16 offsets, for selecting it in an editor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<[usize; 2]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The exact value to put at `path` instead; only set when it is certain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<Suggestion>,
    /// In a simulated SCIM body: the mapping that produced the value the diagnostic is about
    /// (shared by the findings of many users about the same attribute, read alike).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<Arc<Origin>>,
    /// Byte range in the input text; turned into line, column and range at the end.
    #[serde(skip)]
    pub span: Option<Span>,
}

impl Diagnostic {
    pub fn new(rule: &'static Rule, at: &Location, message: impl Into<String>) -> Self {
        Diagnostic {
            code: rule.code,
            severity: rule.severity,
            message: message.into(),
            path: at.pointer.clone(),
            line: None,
            column: None,
            range: None,
            record: None,
            hint: None,
            suggestion: None,
            origin: None,
            span: at.span,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn suggest(mut self, value: impl Into<Suggestion>) -> Self {
        self.suggestion = Some(value.into());
        self
    }

    pub fn maybe_suggest(self, value: Option<impl Into<Suggestion>>) -> Self {
        match value {
            Some(value) => self.suggest(value),
            None => self,
        }
    }
}

impl Diagnostic {
    /// The diagnostic as JSON text, the text serde_json writes with characters beyond ASCII
    /// escaped (see `json_out`; a test compares them), for the reports and simulations that
    /// carry thousands of diagnostics across the boundary.
    pub fn write_json(&self, out: &mut Vec<u8>) {
        self.write_head(out);
        self.write_place(out, false);
        self.write_tail(out);
    }

    /// `{"code", "severity", "message"`: what a finding says.
    fn write_head(&self, out: &mut Vec<u8>) {
        use crate::json_out::{field, string};
        out.push(b'{');
        field!(out, first, "code");
        string(out, self.code);
        field!(out, "severity");
        string(out, self.severity.as_str());
        field!(out, "message");
        string(out, &self.message);
    }

    /// `, "path", "line", "column", "range", "record"`: where it is (without the comma first
    /// when `first`).
    fn write_place(&self, out: &mut Vec<u8>, first: bool) {
        use crate::json_out::{field, string, unsigned};
        if first {
            field!(out, first, "path");
        } else {
            field!(out, "path");
        }
        string(out, &self.path);
        if let Some(line) = self.line {
            field!(out, "line");
            unsigned(out, line);
        }
        if let Some(column) = self.column {
            field!(out, "column");
            unsigned(out, column);
        }
        if let Some([start, end]) = self.range {
            field!(out, "range");
            out.push(b'[');
            unsigned(out, start);
            out.push(b',');
            unsigned(out, end);
            out.push(b']');
        }
        if let Some(record) = self.record {
            field!(out, "record");
            unsigned(out, record);
        }
    }

    /// `, "hint", "suggestion", "origin"}`: what to do, and where the value came from.
    fn write_tail(&self, out: &mut Vec<u8>) {
        use crate::json_out::{field, string};
        if let Some(hint) = &self.hint {
            field!(out, "hint");
            string(out, hint);
        }
        if let Some(suggestion) = &self.suggestion {
            field!(out, "suggestion");
            crate::json_out::ToJson::to_json(suggestion, out);
        }
        if let Some(origin) = &self.origin {
            field!(out, "origin");
            origin.write_json(out);
        }
        out.push(b'}');
    }

    /// Whether the diagnostic says what `other` says: the same code, message, hint,
    /// suggestion and origin (wherever each is).
    fn says_what(&self, other: &Diagnostic) -> bool {
        let same_text = |left: &Option<String>, right: &Option<String>| match (left, right) {
            (Some(left), Some(right)) => crate::text::same(left, right),
            (left, right) => left.is_none() && right.is_none(),
        };
        let same_origin = match (&self.origin, &other.origin) {
            (Some(left), Some(right)) => Arc::ptr_eq(left, right) || left == right,
            (left, right) => left.is_none() && right.is_none(),
        };
        std::ptr::eq(self.code, other.code) && self.severity == other.severity && crate::text::same(&self.message, &other.message) && same_text(&self.hint, &other.hint) && same_origin && self.suggestion == other.suggestion
    }
}

/// Writes diagnostics as [`Diagnostic::write_json`] does, for the many of a batch that say
/// the same thing in different places (its users with the same wrong license): a diagnostic
/// that says what one written before said (the same code, message, hint, suggestion,
/// origin) copies that one's text for all but its place. Comparing the texts costs far less than writing
/// them: a message is quoted and escaped a word at a time, with its `\"`s one by one. Every
/// call of a writer writes to the same text (where a finding's text is, is kept, not the text),
/// which is never cut short.
///
/// A writer made by [`DiagnosticsWriter::referring`] does not copy the text: it names it (see
/// there), for a reader that can put it back, which keeps a batch's text a fraction of the size.
#[derive(Default)]
pub struct DiagnosticsWriter {
    /// The last diagnostics written that said something new (at most `SAID` of them).
    said: Vec<Said>,
    /// Whether a diagnostic that says what one of `said` did is written as a reference.
    refer: bool,
    /// By number, where the text of each diagnostic referred to is in the text written:
    /// its head's start and end, then its tail's.
    referred: Vec<usize>,
}

/// A diagnostic written in full: where its text before and after its place is in the text
/// written (head start and end, tail start and end), and, for a writer that refers, its
/// number once a diagnostic referred to it.
struct Said {
    diagnostic: Diagnostic,
    at: [usize; 4],
    number: Option<usize>,
}

/// How many different findings a [`DiagnosticsWriter`] keeps, to find again.
const SAID: usize = 8;

impl DiagnosticsWriter {
    /// A writer that writes a diagnostic saying what one written before said as
    /// `[number, {"path", "line", "column", "range", "record"}]`: its place, and the number of
    /// the earlier one's text in [`DiagnosticsWriter::referred`].
    pub fn referring() -> DiagnosticsWriter {
        DiagnosticsWriter { refer: true, ..DiagnosticsWriter::default() }
    }

    /// For a writer that refers: where the texts referred to are, four offsets each by
    /// number (head start, head end, tail start, tail end). The diagnostic is that text's
    /// head, a comma, the members of the reference's place, and its tail.
    pub fn referred(&self) -> &[usize] {
        &self.referred
    }

    pub fn write(&mut self, out: &mut Vec<u8>, diagnostic: &Diagnostic) {
        let DiagnosticsWriter { said, refer, referred } = self;
        if let Some(said) = said.iter_mut().find(|said| said.diagnostic.says_what(diagnostic)) {
            let [head_start, head_end, tail_start, tail_end] = said.at;
            if *refer {
                let number = *said.number.get_or_insert_with(|| {
                    referred.extend_from_slice(&said.at);
                    referred.len() / 4 - 1
                });
                out.push(b'[');
                crate::json_out::unsigned(out, number);
                out.extend_from_slice(b",{");
                diagnostic.write_place(out, true);
                out.extend_from_slice(b"}]");
            } else {
                out.extend_from_within(head_start..head_end);
                diagnostic.write_place(out, false);
                out.extend_from_within(tail_start..tail_end);
            }
            return;
        }
        let start = out.len();
        diagnostic.write_head(out);
        let head_end = out.len();
        diagnostic.write_place(out, false);
        let tail_start = out.len();
        diagnostic.write_tail(out);
        if said.len() == SAID {
            said.remove(0);
        }
        said.push(Said { diagnostic: diagnostic.clone(), at: [start, head_end, tail_start, out.len()], number: None });
    }

    /// `[diagnostic, ...]`.
    pub fn write_all(&mut self, out: &mut Vec<u8>, diagnostics: &[Diagnostic]) {
        crate::json_out::list(out, diagnostics, |out, diagnostic| self.write(out, diagnostic));
    }
}

/// The mapping behind a value of a simulated SCIM body.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Origin {
    /// The app user attribute whose value this is.
    pub attribute: Arc<str>,
    /// Its expression in the mapping.
    pub expression: Arc<str>,
    /// JSON Pointer of the expression in the mapping.
    pub mapping_path: Arc<str>,
    /// The Okta user attributes it read, as JSON Pointers into the user.
    pub reads: Arc<[Arc<str>]>,
}

impl Origin {
    fn write_json(&self, out: &mut Vec<u8>) {
        use crate::json_out::{field, string};
        out.push(b'{');
        field!(out, first, "attribute");
        string(out, &self.attribute);
        field!(out, "expression");
        string(out, &self.expression);
        field!(out, "mappingPath");
        string(out, &self.mapping_path);
        field!(out, "reads");
        crate::json_out::list(out, self.reads.as_ref(), |out, read| string(out, read));
        out.push(b'}');
    }
}

/// Where a diagnostic points: a JSON Pointer, and the bytes in the text when there is one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Location {
    pub pointer: String,
    pub span: Option<Span>,
}

impl Location {
    pub fn whole_input() -> Self {
        Location::default()
    }

    pub fn new(pointer: impl Into<String>, span: Span) -> Self {
        Location { pointer: pointer.into(), span: Some(span) }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, more: Counts) {
        self.error += more.error;
        self.warning += more.warning;
        self.info += more.info;
    }
}

impl Counts {
    pub fn of(diagnostics: &[Diagnostic]) -> Counts {
        let mut counts = Counts::default();
        for diagnostic in diagnostics {
            counts.add(diagnostic.severity);
        }
        counts
    }

    fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.error += 1,
            Severity::Warning => self.warning += 1,
            Severity::Info => self.info += 1,
        }
    }
}

/// Turns byte offsets into 1-based lines and UTF-16 columns; built only when a report has
/// diagnostics with spans, so clean input never pays for it. It keeps each line's start (as a
/// byte and a UTF-16 offset) and the UTF-16 offset of every 256 bytes of text, so locating a
/// diagnostic costs at most 256 bytes of counting, even in compact JSON that is one long line.
pub struct LineIndex<'t> {
    text: &'t str,
    line_starts: Vec<usize>,
    line_utf16_starts: Vec<usize>,
    /// UTF-16 offset of byte `i << CHECKPOINT_BITS`.
    checkpoints: Vec<usize>,
}

const CHECKPOINT_BITS: u32 = 8;

/// UTF-16 units in a run of UTF-8 bytes: one per byte that is not a continuation byte
/// (0b10xx_xxxx), and one more for each lead of a four-byte sequence (0xF0 and above). Works on
/// any byte range, character boundary or not, so runs add up. Eight bytes at a time, each
/// byte's top bits tested at once (SWAR): the wasm build has no SIMD for the compiler to
/// vectorise a count with, and this counts every byte of every text that has findings.
pub(crate) fn utf16_units(bytes: &[u8]) -> usize {
    const TOP: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    let (mut continuations, mut four_byte_leads) = (0, 0);
    for chunk in &mut chunks {
        let word = crate::text::word(chunk);
        // Shifted left by k, a byte's bit 7 - k lands on its bit 7 (TOP keeps only those).
        continuations += (word & !(word << 1) & TOP).count_ones() as usize;
        four_byte_leads += (word & (word << 1) & (word << 2) & (word << 3) & TOP).count_ones() as usize;
    }
    for &byte in chunks.remainder() {
        continuations += usize::from(byte & 0xC0 == 0x80);
        four_byte_leads += usize::from(byte >= 0xF0);
    }
    bytes.len() - continuations + four_byte_leads
}

/// The offsets of a block's newlines (pushed to `found`; a block is at most 256 bytes), and
/// whether the block is ASCII; eight bytes at a time, as the wasm build's memchr and
/// `is_ascii` work four at a time. A byte is a newline exactly when its XOR with 0x0a is zero:
/// `(x & 0x7f) + 0x7f` sets a byte's top bit unless its low bits are zero, without carrying
/// into the next byte.
fn newlines_in(block: &[u8], found: &mut Vec<u16>) -> bool {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const NEWLINES: u64 = 0x0a0a_0a0a_0a0a_0a0a;
    let mut high = 0u64;
    let mut words = block.chunks_exact(8);
    for (index, eight) in words.by_ref().enumerate() {
        let word = crate::text::word(eight);
        high |= word;
        let x = word ^ NEWLINES;
        let mut zeros = !(((x & LOW) + LOW) | x | LOW);
        while zeros != 0 {
            found.push((index * 8 + zeros.trailing_zeros() as usize / 8) as u16);
            zeros &= zeros - 1;
        }
    }
    let done = block.len() - words.remainder().len();
    for (offset, &byte) in words.remainder().iter().enumerate() {
        high |= u64::from(byte);
        if byte == b'\n' {
            found.push((done + offset) as u16);
        }
    }
    high & 0x8080_8080_8080_8080 == 0
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        let bytes = text.as_bytes();
        let mut checkpoints = Vec::with_capacity((bytes.len() >> CHECKPOINT_BITS) + 1);
        // A short text (a simulated body, pretty-printed: a line every twenty bytes) is sized
        // first, as growing two vectors line by line cost more than counting its lines; in a
        // long one growing costs little, and a pass to count would cost a whole pass.
        let lines = if bytes.len() <= 4096 { memchr::memchr_iter(b'\n', bytes).count() + 1 } else { 1 };
        let (mut line_starts, mut line_utf16_starts) = (Vec::with_capacity(lines), Vec::with_capacity(lines));
        line_starts.push(0);
        line_utf16_starts.push(0);
        let mut utf16 = 0;
        // One pass: each block's UTF-16 count, and each line start's UTF-16 offset counted from
        // its block's start (a pretty-printed body has a line every twenty bytes; counting
        // each from its checkpoint again cost more than the rest of its report).
        let mut newlines = Vec::with_capacity(1 << CHECKPOINT_BITS);
        for (block_index, block) in bytes.chunks(1 << CHECKPOINT_BITS).enumerate() {
            checkpoints.push(utf16);
            newlines.clear();
            let ascii = newlines_in(block, &mut newlines);
            let units = |length: usize| if ascii { length } else { utf16_units(&block[..length]) };
            for &newline in &newlines {
                let newline = usize::from(newline);
                line_starts.push((block_index << CHECKPOINT_BITS) + newline + 1);
                line_utf16_starts.push(utf16 + units(newline + 1));
            }
            utf16 += units(block.len());
        }
        checkpoints.push(utf16);
        LineIndex { text, line_starts, line_utf16_starts, checkpoints }
    }

    /// The UTF-16 units of the whole text, and its newlines: counted while indexing it.
    pub fn totals(&self) -> (usize, usize) {
        (self.checkpoints.last().copied().unwrap_or(0), self.line_starts.len() - 1)
    }

    /// (line, column), both 1-based; the column counts UTF-16 code units.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = self.clamp(offset);
        let line = self.line(offset);
        (line, self.utf16_offset(offset) - self.line_utf16_starts[line - 1] + 1)
    }

    /// The 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= self.clamp(offset))
    }

    /// UTF-16 offset of a byte offset, for `range`.
    pub fn utf16_offset(&self, offset: usize) -> usize {
        let offset = self.clamp(offset);
        let block = offset >> CHECKPOINT_BITS;
        self.checkpoints[block] + utf16_units(&self.text.as_bytes()[block << CHECKPOINT_BITS..offset])
    }

    /// Keeps an offset inside the text and on a character boundary.
    fn clamp(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// Gives every diagnostic with a span its line, column and UTF-16 range.
    pub fn locate_all(&self, diagnostics: &mut [Diagnostic]) {
        for diagnostic in diagnostics.iter_mut() {
            if let Some(span) = diagnostic.span {
                let (line, column) = self.position(span.start);
                diagnostic.line = Some(line);
                diagnostic.column = Some(column);
                diagnostic.range = Some([self.utf16_offset(span.start), self.utf16_offset(span.end.max(span.start))]);
            }
        }
    }

}

impl crate::json_out::ToJson for Diagnostic {
    fn to_json(&self, out: &mut Vec<u8>) {
        self.write_json(out);
    }
}

impl crate::json_out::ToJson for Counts {
    fn to_json(&self, out: &mut Vec<u8>) {
        crate::json_out::object!(out; "error" => &self.error, "warning" => &self.warning, "info" => &self.info);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Findings alike and unlike in every member, more different ones than a writer keeps,
    /// then the first again.
    fn findings_alike_and_unlike() -> Vec<Diagnostic> {
        const RULE: Rule = Rule { code: "test.rule", severity: Severity::Info, section: "1", summary: "A test." };
        const OTHER: Rule = Rule { code: "test.other", severity: Severity::Error, section: "1", summary: "Another." };
        let origin = |expression: &str| Arc::new(Origin { attribute: "title".into(), expression: expression.into(), mapping_path: "/properties/title/expression".into(), reads: Arc::from([Arc::from("/profile/title")]) });
        let at = |record: usize| {
            let mut diagnostic = Diagnostic::new(&RULE, &Location::new(format!("/{record}/profile/title"), Span { start: record, end: record + 3 }), "Says \"this\" é.").hint("Do that.");
            (diagnostic.record, diagnostic.line, diagnostic.column, diagnostic.range) = (Some(record), Some(record + 1), Some(2), Some([record, record + 3]));
            diagnostic
        };
        let mut all = vec![at(0), at(1)];
        all.push(Diagnostic { origin: Some(origin("user.title")), ..at(2) });
        // An origin equal to the one before, shared by no Arc with it.
        all.push(Diagnostic { origin: Some(origin("user.title")), ..at(3) });
        all.push(Diagnostic { origin: Some(origin("user.other")), ..at(4) });
        all.push(Diagnostic { hint: None, ..at(5) });
        all.push(Diagnostic { hint: Some("Do something else.".into()), ..at(6) });
        all.push(Diagnostic { message: "Says \"this\" è.".into(), ..at(7) });
        all.push(Diagnostic { code: OTHER.code, severity: OTHER.severity, ..at(8) });
        all.push(Diagnostic { severity: Severity::Warning, ..at(9) });
        all.push(Diagnostic { suggestion: Some("x".into()), ..at(10) });
        all.push(Diagnostic { suggestion: Some(vec!["y".to_string()].into()), ..at(11) });
        all.push(Diagnostic { suggestion: Some(false.into()), ..at(12) });
        // Each kind of suggestion as serde writes it: in a report (ASCII, see `json_out`) and
        // in the admin's own text (characters beyond ASCII as they are).
        for suggestion in [Suggestion::from("São \"Paulo\"\n"), Suggestion::from(true), Suggestion::from(vec!["urn:a".to_string(), "é".to_string()]), Suggestion::Texts(Vec::new())] {
            let serde_text = serde_json::to_string(&suggestion).unwrap();
            assert_eq!(suggestion.json_text(), serde_text);
            let mut written = Vec::new();
            crate::json_out::ToJson::to_json(&suggestion, &mut written);
            let mut escaped = Vec::new();
            crate::json_out::ascii(&mut escaped, serde_text.as_bytes());
            assert_eq!(written, escaped);
        }
        // More different findings than are kept, then the first again.
        all.extend((12..24).map(|record| Diagnostic { message: format!("Number {record}."), ..at(record) }));
        all.push(at(24));
        all.push(Diagnostic { path: String::new(), line: None, column: None, range: None, record: None, ..at(25) });
        all
    }

    #[test]
    fn diagnostics_that_say_the_same_are_written_as_each_would_be_alone() {
        let all = findings_alike_and_unlike();
        let mut alone = Vec::new();
        crate::json_out::list(&mut alone, &all, |out, diagnostic| diagnostic.write_json(out));
        let mut together = Vec::new();
        let mut writer = DiagnosticsWriter::default();
        writer.write_all(&mut together, &all);
        writer.write_all(&mut together, &all);
        let twice = [&alone[..], &alone[..]].concat();
        assert_eq!(String::from_utf8(together).unwrap(), String::from_utf8(twice).unwrap());
    }

    /// A referring writer's `[number, place]` is the finding: the text its number names with
    /// that place, as a reader (src/simulations.js) puts it back together.
    #[test]
    fn referred_findings_are_their_text_with_their_place() {
        let all = findings_alike_and_unlike();
        let mut out = Vec::new();
        let mut writer = DiagnosticsWriter::referring();
        writer.write_all(&mut out, &all);
        out.push(b',');
        writer.write_all(&mut out, &all);
        let lists: Vec<Vec<serde_json::Value>> = serde_json::from_slice(&[b"[", &out[..], b"]"].concat()).unwrap();
        let referred = writer.referred();
        assert_eq!(referred.len() % 4, 0);
        let text = |from: usize, to: usize| std::str::from_utf8(&out[from..to]).unwrap();
        let mut references = 0;
        for (list, time) in lists.iter().zip(["first", "second"]) {
            assert_eq!(list.len(), all.len());
            for (written, diagnostic) in list.iter().zip(&all) {
                let mut alone = Vec::new();
                diagnostic.write_json(&mut alone);
                let alone: serde_json::Value = serde_json::from_slice(&alone).unwrap();
                let rebuilt = match written.as_array() {
                    Some(reference) => {
                        references += 1;
                        let number = reference[0].as_u64().unwrap() as usize;
                        let place = serde_json::to_string(&reference[1]).unwrap();
                        let at = &referred[4 * number..4 * number + 4];
                        serde_json::from_str(&format!("{},{}{}", text(at[0], at[1]), &place[1..place.len() - 1], text(at[2], at[3]))).unwrap()
                    }
                    None => written.clone(),
                };
                assert_eq!(rebuilt, alone, "{time} time: {written}");
            }
        }
        // Findings that say the same as one a little before them are referred to, the last
        // as the one before it.
        assert!(references > 1, "{references}");
        assert!(lists[0][all.len() - 1].is_array() && lists[1][all.len() - 1].is_array());
    }

    /// A report can be sent to, and shared with, another thread by a native caller: an
    /// origin shared by many findings is an `Arc`, not an `Rc`.
    #[test]
    fn reports_cross_threads() {
        fn crosses_threads<T: Send + Sync>() {}
        crosses_threads::<Diagnostic>();
        crosses_threads::<crate::Report>();
    }

    /// Newlines and ASCII found eight bytes at a time are those a plain scan finds, at every
    /// place of a word, next to bytes one off a newline (which a carrying test would mistake).
    #[test]
    fn newlines_are_found_word_by_word_as_byte_by_byte() {
        for length in [0, 1, 7, 8, 9, 63, 256] {
            for place in 0..length {
                for other in [b'\x0b', b'\x09', b'\n', b'a', 0xc3, 0x01] {
                    let mut block = vec![b'x'; length];
                    block[place] = b'\n';
                    if place + 1 < length {
                        block[place + 1] = other;
                    }
                    if place > 0 {
                        block[place - 1] = other;
                    }
                    let mut found = Vec::new();
                    let ascii = newlines_in(&block, &mut found);
                    let expected: Vec<u16> = block.iter().enumerate().filter(|(_, &byte)| byte == b'\n').map(|(at, _)| at as u16).collect();
                    assert_eq!(found, expected, "{length} {place} {other:#x}");
                    assert_eq!(ascii, block.is_ascii());
                }
            }
        }
    }

    /// Checkpoints and line starts give what counting from the start of the text gives, on a
    /// long text of mixed one- to four-byte characters, lines long and short.
    #[test]
    fn positions_match_a_plain_count_across_checkpoints() {
        let piece = "ab é 😀 ü\n".repeat(3) + &"x😀é".repeat(700) + "\n";
        let text = piece.repeat(4);
        let index = LineIndex::new(&text);
        for offset in (0..text.len()).filter(|&offset| text.is_char_boundary(offset)).step_by(7) {
            let before = &text[..offset];
            let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
            let expected_column = text[line_start..offset].encode_utf16().count() + 1;
            assert_eq!(index.position(offset), (before.matches('\n').count() + 1, expected_column), "{offset}");
            assert_eq!(index.utf16_offset(offset), before.encode_utf16().count(), "{offset}");
        }
    }

    /// Counted eight bytes at a time, as one at a time: on every byte value at every place of
    /// a word, and on text of every width cut anywhere.
    #[test]
    fn utf16_units_counts_as_a_byte_by_byte_count() {
        let by_byte = |bytes: &[u8]| bytes.iter().filter(|&&byte| (byte as i8) >= -0x40).count() + bytes.iter().filter(|&&byte| byte >= 0xF0).count();
        for byte in 0..=255u8 {
            for place in 0..11 {
                let mut bytes = vec![b'a'; 11];
                bytes[place] = byte;
                assert_eq!(utf16_units(&bytes), by_byte(&bytes), "{byte:#x} at {place}");
            }
        }
        let text = "ab é 😀 ü\n日本語 x".repeat(9);
        for start in 0..text.len() {
            assert_eq!(utf16_units(&text.as_bytes()[start..]), by_byte(&text.as_bytes()[start..]), "{start}");
        }
        assert_eq!(utf16_units(text.as_bytes()), text.encode_utf16().count());
    }

    #[test]
    fn positions_are_one_based_and_count_utf16() {
        let index = LineIndex::new("ab\n😀x\n");
        assert_eq!(index.position(0), (1, 1));
        assert_eq!(index.position(3), (2, 1));
        // The emoji is 4 bytes and 2 UTF-16 units.
        assert_eq!(index.position(7), (2, 3));
        assert_eq!(index.utf16_offset(7), 5);
        assert_eq!(LineIndex::new("ab\n😀x\n").totals(), (7, 2));
        assert_eq!(LineIndex::new("").totals(), (0, 0));
        let long = LineIndex::new("é\n😀\nab");
        assert_eq!(long.utf16_offset(8), "é\n😀\n".encode_utf16().count());
        // Offsets past the end or inside a character never panic.
        assert_eq!(index.line(100), 3);
        assert_eq!(index.position(100), (3, 1));
        assert_eq!(index.position(4), (2, 1));
    }
}
