//! Reading the input (RULES.md section 1): text that cannot be read, records of no known kind.

use crate::diagnostic::{Diagnostic, Location, Rule, Severity::*};
use crate::input::Record;
use crate::json::{ParseError, Span};

pub const INVALID_JSON: Rule = Rule { code: "input.invalid_json", severity: Error, section: "1", summary: "The text (or one NDJSON line) is not valid JSON." };
pub const EMPTY_BATCH: Rule = Rule { code: "input.empty_batch", severity: Warning, section: "1", summary: "A batch holds no records." };
pub const NOT_OBJECT: Rule = Rule { code: "input.not_object", severity: Error, section: "1", summary: "A record is not a JSON object." };
pub const UNKNOWN_KIND: Rule = Rule { code: "input.unknown_kind", severity: Error, section: "1", summary: "A record has the shape of none of the input kinds." };
pub const CSV_DUPLICATE_COLUMN: Rule = Rule { code: "input.csv_duplicate_column", severity: Warning, section: "1", summary: "Two CSV columns name the same attribute; the first is read." };
pub const CSV_RAGGED_ROW: Rule = Rule { code: "input.csv_ragged_row", severity: Error, section: "1", summary: "A CSV row has more or fewer cells than the header." };

pub const TOO_LARGE: Rule = Rule { code: "input.too_large", severity: Error, section: "1", summary: "The text is larger than one call reads (64 MiB); stream NDJSON instead." };
pub const TOO_MANY_RECORDS: Rule = Rule { code: "input.too_many_records", severity: Error, section: "1", summary: "A batch has more records than one call checks (1,000,000); the rest are not checked." };

pub const RULES: &[&Rule] = &[&INVALID_JSON, &EMPTY_BATCH, &NOT_OBJECT, &UNKNOWN_KIND, &CSV_DUPLICATE_COLUMN, &CSV_RAGGED_ROW, &TOO_LARGE, &TOO_MANY_RECORDS];

/// "300.0 MiB", rounded to a tenth, in integers: a float here would bring float formatting
/// (about 10 KB of wasm) in for one message.
fn mib(bytes: usize) -> String {
    const MIB: u128 = 1024 * 1024;
    let tenths = (bytes as u128 * 10 + MIB / 2) / MIB;
    format!("{}.{} MiB", tenths / 10, tenths % 10)
}

pub fn too_large(size: usize, limit: usize) -> Diagnostic {
    let message = format!("The text is {}, more than the {} one call reads, so nothing in it is checked.", mib(size), mib(limit));
    Diagnostic::new(&TOO_LARGE, &Location::whole_input(), message)
        .hint("Split the file, or export it as NDJSON (one user per line): the page and the command line stream NDJSON of any size.")
}

/// An NDJSON line longer than one call reads: it is one record, not checked, and the lines
/// after it are read as usual.
pub fn too_large_line(limit: usize, at: &Location) -> Diagnostic {
    let message = format!("This line is longer than the {} one call reads, so the record on it is not checked.", mib(limit));
    Diagnostic::new(&TOO_LARGE, at, message).hint("Find what makes this record so large (an attribute holding a whole file?) and leave it out of the export.")
}

/// About the first record not checked (`limit`, counted from 0), where `first_dropped` is.
pub fn too_many_records(total: usize, limit: usize, first_dropped: Location) -> Diagnostic {
    let message = format!("The batch has {total} records, more than the {limit} one call checks: records {limit} and later are not checked.");
    let mut diagnostic = Diagnostic::new(&TOO_MANY_RECORDS, &first_dropped, message).hint("Split the file, or check it as NDJSON with the command line, which streams any number of records.");
    diagnostic.record = Some(limit);
    diagnostic
}

pub fn invalid_json(error: &ParseError) -> Diagnostic {
    let at = Location::new("", Span { start: error.offset, end: error.offset });
    Diagnostic::new(&INVALID_JSON, &at, format!("This is not valid JSON: {}. Nothing in it can be checked until it reads.", error.message))
        .hint("Fix the text at this line and column; a profile copied from Okta or a SCIM log is one JSON object.")
}

pub fn empty_batch(at: Location) -> Diagnostic {
    Diagnostic::new(&EMPTY_BATCH, &at, "The batch holds no records, so there is nothing to check.")
        .hint("Paste or open a file with at least one user.")
}

fn record_at(record: &Record<'_>) -> Location {
    Location::new(record.pointer.clone(), record.node.span)
}

fn in_record(mut diagnostic: Diagnostic, record: &Record<'_>) -> Diagnostic {
    diagnostic.record = record.index;
    diagnostic
}

pub fn not_object(record: &Record<'_>) -> Diagnostic {
    let message = format!("This record is {}, not a JSON object, so it is not a user and is not checked.", record.node.type_name());
    in_record(Diagnostic::new(&NOT_OBJECT, &record_at(record), message).hint("Each record must be an object such as {\"profile\": {...}} or a SCIM User."), record)
}

pub fn unknown_kind(record: &Record<'_>) -> Diagnostic {
    let message = "This object is none of the kinds the checker knows (an Okta user or profile, a SCIM User, a SCIM PATCH, an Okta app user schema), so it is not checked.";
    let hint = "An Okta profile has login/firstName/lastName; a SCIM User has userName and schemas; a PATCH has Operations; an app schema has definitions. Or set options.kind.";
    in_record(Diagnostic::new(&UNKNOWN_KIND, &record_at(record), message).hint(hint), record)
}

pub fn csv_duplicate_column(header: &str, attribute: &str, _first: Span, duplicate: Span) -> Diagnostic {
    let message = format!("The column \"{header}\" names {attribute} again; only the first such column is read, this one is ignored.");
    Diagnostic::new(&CSV_DUPLICATE_COLUMN, &Location::new("", duplicate), message).hint("Remove or rename one of the two columns.")
}

pub fn csv_ragged_row(cells: usize, columns: usize, at: Location) -> Diagnostic {
    let consequence = if cells > columns { "the extra cells are not read" } else { "the missing cells are read as empty" };
    let message = format!("This row has {cells} cells but the header has {columns} columns: {consequence}, and the values may be under the wrong attributes.");
    Diagnostic::new(&CSV_RAGGED_ROW, &at, message).hint("Check for a missing or extra delimiter, or a quote that is not closed.")
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_are_in_mebibytes_to_a_tenth() {
        assert_eq!(super::mib(64 * 1024 * 1024), "64.0 MiB");
        assert_eq!(super::mib(300 * 1024 * 1024 + 52_429), "300.1 MiB");
        assert_eq!(super::mib(1024 * 1024 - 1), "1.0 MiB");
        assert_eq!(super::mib(0), "0.0 MiB");
        assert_eq!(super::mib(usize::MAX), format!("{}.0 MiB", (usize::MAX as u128 + 1) / (1024 * 1024)));
    }
}
