//! Checking a large batch piece by piece: NDJSON pushed a few thousand lines at a time, with a
//! row per record for a table, and the batch-wide rules (duplicate usernames, domains, office
//! capacity) kept across pieces. The page's worker and the command line use it, so a file of
//! any size is checked without holding its report whole.

use crate::diagnostic::{Counts, Diagnostic, LineIndex};
use crate::input::{self, Kind};
use crate::rules::batch::Usernames;
use crate::rules::input as input_rules;
use crate::rules::names;
use crate::rules::offices::{CapacityRow, NumberRow, Tally};
use crate::{check_record, login_of, placement, Options};
use serde::Serialize;
use std::collections::HashMap;

/// One record, as the batch table shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RecordRow {
    pub record: usize,
    pub kind: Kind,
    /// 1-based line of the record in the whole text.
    pub line: usize,
    pub login: Option<String>,
    pub name: Option<String>,
    /// The office Dialpad puts the user in (with offices), or else the first office attribute.
    pub office: Option<String>,
    pub license: Option<String>,
    pub counts: Counts,
}

/// What one piece of the batch gave.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Chunk {
    pub records: Vec<RecordRow>,
    /// Positions are in the whole text: lines and UTF-16 ranges count every piece before.
    pub diagnostics: Vec<Diagnostic>,
}

/// The end of the batch: totals, the per-office capacity, and the batch-wide notes.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub records: usize,
    pub with_errors: usize,
    pub with_warnings: usize,
    pub counts: Counts,
    pub capacity: Vec<CapacityRow>,
    pub numbers: Vec<NumberRow>,
    pub diagnostics: Vec<Diagnostic>,
    /// The last line, when the text did not end with a newline: it is checked at the end, as
    /// its end is only known then. Empty otherwise.
    pub last: Chunk,
}

pub struct BatchSession {
    options: Options,
    next_index: usize,
    lines_before: usize,
    utf16_before: usize,
    usernames: Usernames,
    tally: Tally,
    records: usize,
    with_errors: usize,
    with_warnings: usize,
    counts: Counts,
    /// Whether chunks carry a row per record (a table needs them; a caller that only reports
    /// the diagnostics does not, and is spared their text, its JSON and its parsing). Without
    /// rows, each record still gets a row with its counts, for the totals, and no text.
    rows: bool,
    /// What followed the last newline pushed: the start of a line whose end comes in a later
    /// piece (a stream cuts anywhere, even inside a character), kept as bytes until then.
    partial: Vec<u8>,
    /// Inside a line longer than one call reads, already reported: its bytes are passed over
    /// until its newline.
    skipping: bool,
    /// Whether the text has said it is an empty batch already, so `finish` does not again.
    empty_reported: bool,
}

impl BatchSession {
    pub fn new(options: Options) -> Self {
        BatchSession {
            options,
            next_index: 0,
            lines_before: 0,
            utf16_before: 0,
            usernames: Usernames::default(),
            tally: Tally::default(),
            records: 0,
            with_errors: 0,
            with_warnings: 0,
            counts: Counts::default(),
            rows: true,
            partial: Vec::new(),
            skipping: false,
            empty_reported: false,
        }
    }

    /// A session whose chunks carry no per-record rows: `records` is empty, the counts and the
    /// summary are the same.
    pub fn without_rows(self) -> Self {
        BatchSession { rows: false, ..self }
    }

    /// Checks the lines of an NDJSON text that this piece completes. The piece may be cut
    /// anywhere: what follows its last newline waits for the next piece (or `finish`).
    pub fn push_ndjson(&mut self, text: &str) -> Chunk {
        self.push_ndjson_bytes(text.as_bytes())
    }

    /// As [`push_ndjson`](Self::push_ndjson), for a file given as its bytes, so a caller
    /// reading a file need not decode it first, and may cut it inside a character. Bytes that
    /// are not UTF-8 read as U+FFFD, as `TextDecoder` reads them.
    pub fn push_ndjson_bytes(&mut self, mut bytes: &[u8]) -> Chunk {
        if self.skipping {
            let Some(newline) = bytes.iter().position(|&byte| byte == b'\n') else {
                self.pass_over(bytes);
                return Chunk::default();
            };
            self.pass_over(&bytes[..=newline]);
            self.skipping = false;
            bytes = &bytes[newline + 1..];
        }
        let Some(last_newline) = bytes.iter().rposition(|&byte| byte == b'\n') else {
            self.partial.extend_from_slice(bytes);
            return self.flush_if_too_long();
        };
        let (whole, rest) = bytes.split_at(last_newline + 1);
        let chunk = if self.partial.is_empty() {
            self.check_lines(&String::from_utf8_lossy(whole))
        } else {
            let mut joined = std::mem::take(&mut self.partial);
            joined.extend_from_slice(whole);
            self.check_lines(&String::from_utf8_lossy(&joined))
        };
        // A newline byte is never inside a UTF-8 character, so a character cut by the piece
        // is always in `rest`, whole again once the next piece comes.
        self.partial.extend_from_slice(rest);
        chunk
    }

    /// A line longer than one call reads is not held without end: it is one record with the
    /// error that says so, and its bytes are passed over until its newline.
    fn flush_if_too_long(&mut self) -> Chunk {
        if self.partial.len() <= self.options.limits.max_bytes {
            return Chunk::default();
        }
        let index = self.next_index;
        self.next_index += 1;
        let mut diagnostic = input_rules::too_large_line(self.options.limits.max_bytes, &crate::diagnostic::Location::new(format!("/{index}"), crate::json::Span { start: 0, end: 0 }));
        diagnostic.record = Some(index);
        let chunk = self.push_document("", input::Document { kind: Kind::Batch, records: Vec::new(), diagnostics: vec![diagnostic] });
        let line = std::mem::take(&mut self.partial);
        self.pass_over(&line);
        self.skipping = true;
        chunk
    }

    /// Counts bytes passed over unread, so the positions of the lines after them stay true.
    fn pass_over(&mut self, bytes: &[u8]) {
        self.lines_before += bytes.iter().filter(|&&byte| byte == b'\n').count();
        self.utf16_before += crate::diagnostic::utf16_units(bytes);
    }

    fn check_lines(&mut self, text: &str) -> Chunk {
        let at_start = self.lines_before == 0 && self.utf16_before == 0;
        let (mut document, next_index) = input::read_ndjson_from(text, self.next_index, at_start);
        self.next_index = next_index;
        input::classify(&mut document, self.options.kind);
        self.push_document(text, document)
    }

    /// Checks a whole text of any format (a JSON array, a ListResponse, CSV) in one piece.
    pub fn push_text(&mut self, text: &str) -> Chunk {
        let document = input::read_within(text, self.options.format, self.options.kind, self.options.limits);
        self.push_document(text, document)
    }

    /// A text of `size` bytes refused unread because it is over the limit of one call (a file
    /// too large to read whole that is not NDJSON): the chunk holds the too-large error.
    pub fn push_too_large(&mut self, size: usize) -> Chunk {
        let document = input::unreadable(input_rules::too_large(size, self.options.limits.max_bytes));
        self.push_document("", document)
    }

    fn push_document(&mut self, text: &str, mut document: input::Document<'_>) -> Chunk {
        let lines = LineIndex::new(text);
        let mut rows: Vec<RecordRow> = Vec::with_capacity(document.records.len());
        // Where each record's row is, so a record with several findings keeps one row.
        let mut row_of: HashMap<usize, usize> = HashMap::new();
        let mut diagnostics = Vec::new();
        // Records that could not be read (or are no known kind) are rows with their error;
        // diagnostics about the text as a whole are kept for the summary.
        for diagnostic in document.diagnostics.drain(..) {
            self.empty_reported |= diagnostic.code == input_rules::EMPTY_BATCH.code;
            let Some(record) = diagnostic.record else {
                self.counts += Counts::of(std::slice::from_ref(&diagnostic));
                diagnostics.push(diagnostic);
                continue;
            };
            let line = diagnostic.span.map_or(1, |span| lines.line(span.start)) + self.lines_before;
            let counts = Counts::of(std::slice::from_ref(&diagnostic));
            match row_of.get(&record) {
                Some(&at) => rows[at].counts += counts,
                None => {
                    row_of.insert(record, rows.len());
                    rows.push(RecordRow { record, kind: Kind::Unknown, line, login: None, name: None, office: None, license: None, counts });
                }
            }
            diagnostics.push(diagnostic);
        }
        for record in &document.records {
            let mut checked = check_record(record, &self.options);
            let mut row = RecordRow {
                record: record.index.unwrap_or(0),
                kind: record.kind,
                line: lines.line(record.node.span.start) + self.lines_before,
                login: None,
                name: None,
                office: None,
                license: None,
                counts: Counts::default(),
            };
            if let Some(view) = &checked.view {
                if let Some((attr, text)) = login_of(view) {
                    checked.diagnostics.extend(self.usernames.see(row.record, text, || attr.at()));
                    row.login = Some(text.to_string());
                }
                if self.rows {
                    let resolved = checked.resolution.as_ref().and_then(|resolution| resolution.office.clone());
                    let attribute = view.office_attribute().and_then(crate::rules::values::text).map(str::to_string);
                    row.name = names::full_name(view);
                    row.office = resolved.or(attribute);
                    row.license = view.license_text().map(str::to_string);
                }
                if let Some(placement) = checked.resolution.as_ref().and_then(|resolution| placement(view, resolution)) {
                    self.tally.add(placement);
                }
            }
            row.counts = Counts::of(&checked.diagnostics);
            match row_of.get(&row.record) {
                // A CSV row both ragged and checked: one row with both counts.
                Some(&at) => {
                    row.counts += rows[at].counts;
                    rows[at] = row;
                }
                None => rows.push(row),
            }
            diagnostics.append(&mut checked.diagnostics);
        }
        crate::sort::sort_by_key(&mut rows, |row| row.record as u128);
        for row in &rows {
            self.count(row.counts);
        }
        self.locate(&lines, &mut diagnostics);
        if !self.rows {
            rows = Vec::new();
        }
        Chunk { records: rows, diagnostics }
    }

    fn count(&mut self, counts: Counts) {
        self.records += 1;
        self.with_errors += usize::from(counts.error > 0);
        self.with_warnings += usize::from(counts.warning > 0);
        self.counts += counts;
    }

    /// Sorts the piece's diagnostics and gives them positions in the whole text.
    fn locate(&mut self, lines: &LineIndex<'_>, diagnostics: &mut [Diagnostic]) {
        crate::in_order(diagnostics);
        if self.options.positions {
            lines.locate_all(diagnostics);
            for diagnostic in diagnostics.iter_mut() {
                diagnostic.line = diagnostic.line.map(|line| line + self.lines_before);
                diagnostic.range = diagnostic.range.map(|[start, end]| [start + self.utf16_before, end + self.utf16_before]);
            }
        }
        let (utf16, newlines) = lines.totals();
        self.lines_before += newlines;
        self.utf16_before += utf16;
    }

    /// The totals and the batch-wide notes, once every piece has been pushed; a last line
    /// without its newline is checked first, into `last`.
    pub fn finish(mut self) -> Summary {
        let last = match std::mem::take(&mut self.partial) {
            partial if partial.is_empty() => Chunk::default(),
            partial => self.check_lines(&String::from_utf8_lossy(&partial)),
        };
        let offices = self.options.offices.clone().unwrap_or_default();
        let mut diagnostics: Vec<Diagnostic> = self.usernames.domains_note().into_iter().collect();
        diagnostics.extend(self.tally.diagnostics(&offices));
        // A text that could not be read at all already has its error: "no records" adds nothing.
        if self.records == 0 && self.counts.error == 0 && !self.empty_reported {
            diagnostics.push(input_rules::empty_batch(crate::diagnostic::Location::whole_input()));
        }
        let mut counts = self.counts;
        counts += Counts::of(&diagnostics);
        Summary {
            records: self.records,
            with_errors: self.with_errors,
            with_warnings: self.with_warnings,
            counts,
            capacity: self.tally.capacity_rows(&offices),
            numbers: self.tally.number_rows(&offices),
            diagnostics,
            last,
        }
    }
}

impl crate::json_out::ToJson for RecordRow {
    fn to_json(&self, out: &mut Vec<u8>) {
        crate::json_out::object!(out; "record" => &self.record, "kind" => &self.kind, "line" => &self.line, "login" => &self.login, "name" => &self.name, "office" => &self.office, "license" => &self.license, "counts" => &self.counts);
    }
}

impl crate::json_out::ToJson for Chunk {
    fn to_json(&self, out: &mut Vec<u8>) {
        crate::json_out::object!(out; "records" => &self.records, "diagnostics" => &self.diagnostics);
    }
}

impl crate::json_out::ToJson for Summary {
    fn to_json(&self, out: &mut Vec<u8>) {
        crate::json_out::object!(out; "records" => &self.records, "withErrors" => &self.with_errors, "withWarnings" => &self.with_warnings, "counts" => &self.counts, "capacity" => &self.capacity, "numbers" => &self.numbers, "diagnostics" => &self.diagnostics, "last" => &self.last);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate;

    fn ndjson(count: usize) -> String {
        (0..count)
            .map(|i| {
                let country = if i % 10 == 3 { "USA" } else { "US" };
                let login = if i == 7 { "user0@example.com".to_string() } else { format!("user{i}@example.com") };
                format!("{{\"login\":\"{login}\",\"firstName\":\"U{i}\",\"lastName\":\"Ser\",\"countryCode\":\"{country}\",\"licenseType\":\"dialpad_talk\",\"officeName\":\"HQ\"}}\n")
            })
            .collect()
    }

    #[test]
    fn pieces_give_what_the_whole_text_gives() {
        let text = ndjson(25);
        let offices = vec![crate::Office { name: "HQ".into(), available_licenses: Some([("dialpad_talk".to_string(), 20)].into()), ..Default::default() }];
        let options = Options { offices: Some(offices), ..Options::default() };
        let whole = validate(&text, &options);
        let mut session = BatchSession::new(options);
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let mut diagnostics = Vec::new();
        let mut rows = Vec::new();
        for piece in lines.chunks(4) {
            let chunk = session.push_ndjson(&piece.concat());
            diagnostics.extend(chunk.diagnostics);
            rows.extend(chunk.records);
        }
        let summary = session.finish();
        diagnostics.extend(summary.diagnostics.clone());
        let key = |d: &Diagnostic| (d.code, d.path.clone(), d.line, d.column, d.range, d.record);
        let mut expected: Vec<_> = whole.diagnostics.iter().map(key).collect();
        let mut got: Vec<_> = diagnostics.iter().map(key).collect();
        expected.sort();
        got.sort();
        assert_eq!(got, expected);
        assert_eq!(summary.records, 25);
        assert_eq!(summary.counts, whole.counts);
        assert_eq!(rows.len(), 25);
        assert_eq!(rows[7].line, 8);
        assert_eq!(summary.with_errors, 4); // three "USA" and one duplicate username
        assert_eq!(summary.capacity[0].beyond, 5);
    }

    /// Regression: a one-line file pushed a byte at a time was read as one record per piece
    /// (65 records with errors instead of 1).
    #[test]
    fn a_line_pushed_a_byte_at_a_time_is_one_record() {
        let line = "{\"login\":\"zoë@example.com\",\"firstName\":\"Zoë\",\"lastName\":\"Ng\",\"countryCode\":\"USA\"}";
        for ending in ["\n", ""] {
            let text = format!("{line}{ending}");
            let mut session = BatchSession::new(Options::default());
            let mut diagnostics = Vec::new();
            for byte in text.as_bytes().chunks(1) {
                let chunk = session.push_ndjson_bytes(byte);
                diagnostics.extend(chunk.diagnostics);
            }
            let summary = session.finish();
            diagnostics.extend(summary.last.diagnostics.clone());
            assert_eq!(summary.records, 1, "ending {ending:?}");
            assert_eq!(summary.with_errors, 1);
            let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
            let whole: Vec<&str> = validate(&text, &Options::default()).diagnostics.iter().map(|d| d.code).collect();
            assert_eq!(codes, whole);
            assert_eq!(summary.last.diagnostics.is_empty(), !ending.is_empty(), "a line without its newline is checked by finish");
        }
    }

    /// Regression (found by the stream_pieces fuzz target): a byte order mark after empty lines
    /// was passed over when a piece began with it, though it is a character there.
    #[test]
    fn a_byte_order_mark_counts_as_one_only_at_the_start_of_the_text() {
        let text = "\n\n\u{feff}{\"login\"\n";
        let key = |chunk: Chunk| chunk.diagnostics.iter().map(|d| (d.code, d.line, d.column)).collect::<Vec<_>>();
        let whole = key(BatchSession::new(Options::default()).push_ndjson(text));
        let mut session = BatchSession::new(Options::default());
        let mut pieces = key(session.push_ndjson("\n\n"));
        pieces.extend(key(session.push_ndjson(&text[2..])));
        assert_eq!(pieces, whole);
        // At the very start the mark is passed over: the line reads as JSON (its error is the
        // missing value), where after empty lines the mark itself is the error, at column 1.
        let at_start = key(BatchSession::new(Options::default()).push_ndjson("\u{feff}{\"login\"\n"));
        assert_eq!(at_start, key(BatchSession::new(Options::default()).push_ndjson("{\"login\"\n")));
        assert_eq!(whole, [("input.invalid_json", Some(3), Some(1))]);
    }

    #[test]
    fn a_line_over_the_limit_is_one_record_not_checked_and_the_next_lines_are_read_as_usual() {
        let limits = input::Limits { max_bytes: 100, ..input::Limits::default() };
        let mut session = BatchSession::new(Options { limits, ..Options::default() });
        let first = "{\"login\":\"a@example.com\",\"firstName\":\"A\",\"lastName\":\"B\"}\n";
        let long = format!("{{\"login\":\"b@example.com\",\"nickName\":\"{}\"}}\n", "é".repeat(80));
        let last = "{\"login\":\"c@example.com\",\"firstName\":\"C\",\"lastName\":\"D\",\"countryCode\":\"USA\"}\n";
        let text = format!("{first}{long}{last}");
        let mut diagnostics = Vec::new();
        for piece in text.as_bytes().chunks(16) {
            diagnostics.extend(session.push_ndjson_bytes(piece).diagnostics);
            assert!(session.partial.len() <= 100 + 16, "never more than the limit and a piece held");
        }
        let summary = session.finish();
        let found: Vec<_> = diagnostics.iter().filter(|d| d.severity != crate::Severity::Info).map(|d| (d.code, d.record, d.line, d.column)).collect();
        // The long line is record 1, on line 2; the next line is record 2 at its own line and column.
        let country_column = last.find("\"USA\"").unwrap() + 1;
        assert_eq!(found, [("input.too_large", Some(1), Some(2), Some(1)), ("country.not_alpha2", Some(2), Some(3), Some(country_column))]);
        let country = diagnostics.iter().find(|d| d.code == "country.not_alpha2").unwrap();
        let utf16_start = first.chars().count() + long.chars().count() + last[..country_column - 1].chars().count();
        assert_eq!(country.range.map(|range| range[0]), Some(utf16_start), "UTF-16 offsets count the line passed over");
        assert_eq!((summary.records, summary.with_errors), (3, 2));
    }

    #[test]
    fn bytes_give_what_the_decoded_text_gives_even_when_not_utf8() {
        let mut bytes = ndjson(6).into_bytes();
        // "Ser" -> "S\xE9r": a Latin-1 byte in record 2's last name.
        let at = bytes.windows(3).enumerate().filter(|(_, w)| w == b"Ser").nth(2).map(|(i, _)| i).unwrap();
        bytes[at + 1] = 0xE9;
        let cut = bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
        let decoded = String::from_utf8_lossy(&bytes).into_owned();
        let (mut from_bytes, mut from_text) = (BatchSession::new(Options::default()), BatchSession::new(Options::default()));
        let mut got = from_bytes.push_ndjson_bytes(&bytes[..cut]);
        got.diagnostics.extend(from_bytes.push_ndjson_bytes(&bytes[cut..]).diagnostics);
        let expected = from_text.push_ndjson(&decoded);
        let key = |d: &Diagnostic| (d.code, d.record, d.line, d.column, d.range);
        assert_eq!(got.diagnostics.iter().map(key).collect::<Vec<_>>(), expected.diagnostics.iter().map(key).collect::<Vec<_>>());
        assert!(got.diagnostics.iter().any(|d| d.code == "value.replacement_character" && d.record == Some(2)));
    }

    #[test]
    fn without_rows_the_chunks_have_the_same_diagnostics_and_summary() {
        let text = ndjson(12);
        let (mut with, mut without) = (BatchSession::new(Options::default()), BatchSession::new(Options::default()).without_rows());
        let (full, bare) = (with.push_ndjson(&text), without.push_ndjson(&text));
        assert_eq!(full.records.len(), 12);
        assert!(bare.records.is_empty());
        assert_eq!(bare.diagnostics, full.diagnostics);
        assert_eq!(without.finish(), with.finish());
    }

    #[test]
    fn a_csv_text_is_checked_in_one_piece() {
        let mut session = BatchSession::new(Options::default());
        let chunk = session.push_text("login,firstName,lastName,countryCode\na@example.com,A,B,USA\nb@example.com,C\n");
        assert_eq!(chunk.records.len(), 2);
        assert_eq!(chunk.records[0].counts.error, 1);
        assert_eq!(chunk.records[1].counts.error, 2); // ragged row and no last name
        assert_eq!(chunk.records[1].line, 3);
        let summary = session.finish();
        assert_eq!((summary.records, summary.with_errors), (2, 2));
    }

    #[test]
    fn broken_lines_are_records_with_an_error() {
        let mut session = BatchSession::new(Options::default());
        let chunk = session.push_ndjson("{\"login\":\"a@example.com\",\"firstName\":\"A\",\"lastName\":\"B\"}\n{broken\n");
        assert_eq!(chunk.records.len(), 2);
        assert_eq!(chunk.records[1].counts.error, 1);
        assert_eq!(chunk.records[1].line, 2);
        assert_eq!(session.finish().with_errors, 1);
    }

    #[test]
    fn a_text_too_large_to_read_is_refused_unread_with_the_limit() {
        let mut session = BatchSession::new(Options::default());
        let chunk = session.push_too_large(300 * 1024 * 1024);
        assert!(chunk.records.is_empty());
        let codes: Vec<&str> = chunk.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["input.too_large"]);
        assert!(chunk.diagnostics[0].message.contains("300.0 MiB, more than the 64.0 MiB"), "{}", chunk.diagnostics[0].message);
        let summary = session.finish();
        assert_eq!(summary.counts.error, 1);
        // "no records" would add nothing to the reason there are none.
        assert!(summary.diagnostics.is_empty());
    }

    /// Regression: an empty JSON array was reported empty twice, by the reader and by finish.
    #[test]
    fn an_empty_batch_is_reported_once() {
        let mut session = BatchSession::new(Options::default());
        let mut codes: Vec<&str> = session.push_text("[]").diagnostics.iter().map(|d| d.code).collect();
        codes.extend(session.finish().diagnostics.iter().map(|d| d.code));
        assert_eq!(codes, ["input.empty_batch"]);
        let empty = BatchSession::new(Options::default()).finish();
        assert_eq!(empty.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(), ["input.empty_batch"]);
    }

    #[test]
    fn errors_about_the_whole_text_count_in_the_summary() {
        let mut session = BatchSession::new(Options::default());
        let chunk = session.push_text("[{\"login\": ");
        assert_eq!(chunk.diagnostics[0].code, "input.invalid_json");
        assert_eq!(chunk.diagnostics[0].record, None);
        assert_eq!(session.finish().counts.error, 1);
    }
}
