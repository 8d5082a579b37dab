//! CSV with a header row (an Okta user export or import sheet), read into one JSON-like record
//! per row so the same rules check it. Each cell keeps its byte range for line and column.

use crate::diagnostic::{Diagnostic, Location};
use crate::input::{batch_record, Document, Kind, Record};
use crate::json::{Member, Node, Span, Value};
use crate::rules::input as rules;
use csv_core::{ReadFieldResult, ReaderBuilder};
use std::borrow::Cow;
use std::collections::HashMap;

/// Okta profile attributes a header may name, by their own name or a label an export uses.
const HEADER_ALIASES: &[(&str, &[&str])] = &[
    ("login", &["login", "username", "user name", "okta username"]),
    ("firstName", &["firstname", "first name", "given name", "givenname"]),
    ("lastName", &["lastname", "last name", "family name", "familyname", "surname"]),
    ("email", &["email", "primary email", "e-mail", "email address"]),
    ("title", &["title", "job title"]),
    ("department", &["department"]),
    ("officeName", &["officename", "office name"]),
    ("physicalDeliveryOfficeName", &["physicaldeliveryofficename", "physical delivery office name"]),
    ("countryCode", &["countrycode", "country code"]),
    ("preferredLanguage", &["preferredlanguage", "preferred language"]),
    ("licenseType", &["licensetype", "license type"]),
    ("primaryPhone", &["primaryphone", "primary phone"]),
    ("mobilePhone", &["mobilephone", "mobile phone"]),
];

/// The attribute a header names: "First name" and "profile.firstName" both read as firstName.
pub fn attribute_for_header(header: &str) -> Cow<'_, str> {
    let trimmed = header.trim();
    let bare = trimmed.strip_prefix("profile.").unwrap_or(trimmed);
    let folded = bare.to_ascii_lowercase().replace('_', " ");
    HEADER_ALIASES
        .iter()
        .find(|(_, labels)| labels.contains(&folded.as_str()))
        .map_or(Cow::Borrowed(bare), |(attribute, _)| Cow::Borrowed(*attribute))
}

struct Cell {
    text: String,
    span: Span,
}

pub fn read(text: &str) -> Document<'_> {
    let delimiter = guess_delimiter(text);
    let rows = match read_rows(text, delimiter) {
        Ok(rows) => rows,
        Err(diagnostic) => return Document { kind: Kind::Unknown, records: Vec::new(), diagnostics: vec![diagnostic] },
    };
    let mut rows = rows.into_iter();
    let Some(header) = rows.next() else {
        let diagnostic = rules::empty_batch(Location::new("", Span { start: 0, end: text.len() }));
        return Document { kind: Kind::Batch, records: Vec::new(), diagnostics: vec![diagnostic] };
    };
    let mut diagnostics = Vec::new();
    let columns = header_columns(&header, &mut diagnostics);
    let mut records = Vec::new();
    for (index, row) in rows.filter(|row| !is_blank(row)).enumerate() {
        check_row_width(&row, &columns, index, &mut diagnostics);
        records.push(row_record(row, &columns, index));
    }
    if records.is_empty() {
        diagnostics.push(rules::empty_batch(Location::new("", Span { start: 0, end: text.len() })));
    }
    Document { kind: Kind::Batch, records, diagnostics }
}

/// The delimiter used most in the header line: Excel in many locales saves with ';'.
pub fn guess_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    [b',', b';', b'\t'].into_iter().max_by_key(|&delimiter| header.bytes().filter(|&byte| byte == delimiter).count()).unwrap_or(b',')
}

fn read_rows(text: &str, delimiter: u8) -> Result<Vec<Vec<Cell>>, Diagnostic> {
    let bytes = text.as_bytes();
    let mut reader = ReaderBuilder::new().delimiter(delimiter).build();
    let mut pos = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut field_start = pos;
    let mut output = vec![0u8; 256];
    let mut written = 0;
    let mut rows = Vec::new();
    let mut row = Vec::new();
    loop {
        let (result, read, wrote) = reader.read_field(&bytes[pos..], &mut output[written..]);
        pos += read;
        written += wrote;
        match result {
            // An empty slice tells csv-core the input has ended, so the loop goes round once more.
            ReadFieldResult::InputEmpty => {}
            ReadFieldResult::OutputFull => output.resize(output.len() * 2, 0),
            ReadFieldResult::Field { record_end } => {
                let span = Span { start: field_start, end: trim_terminator(bytes, field_start, pos, delimiter) };
                row.push(Cell { text: String::from_utf8_lossy(&output[..written]).into_owned(), span });
                written = 0;
                field_start = pos;
                if record_end {
                    rows.push(std::mem::take(&mut row));
                }
            }
            ReadFieldResult::End => return Ok(rows),
        }
    }
}

/// The end of a field's bytes without the delimiter or line ending that closed it.
fn trim_terminator(bytes: &[u8], start: usize, end: usize, delimiter: u8) -> usize {
    let raw = &bytes[start..end];
    let field = match raw.strip_suffix(b"\n") {
        Some(line) => line.strip_suffix(b"\r").unwrap_or(line),
        None => raw.strip_suffix(b"\r").or_else(|| raw.strip_suffix(&[delimiter])).unwrap_or(raw),
    };
    start + field.len()
}

fn row_span(row: &[Cell]) -> Span {
    match (row.first(), row.last()) {
        (Some(first), Some(last)) => Span { start: first.span.start, end: last.span.end },
        _ => Span::default(),
    }
}

fn is_blank(row: &[Cell]) -> bool {
    row.iter().all(|cell| cell.text.trim().is_empty())
}

struct Column {
    attribute: String,
    span: Span,
    /// An earlier column names the same attribute: this one is not read.
    duplicate: bool,
}

fn header_columns(header: &[Cell], diagnostics: &mut Vec<Diagnostic>) -> Vec<Column> {
    let mut columns: Vec<Column> = Vec::with_capacity(header.len());
    let mut first_of: HashMap<String, Span> = HashMap::with_capacity(header.len());
    for cell in header {
        let attribute = attribute_for_header(&cell.text).into_owned();
        let duplicate = match first_of.get(&attribute) {
            Some(&first) => {
                diagnostics.push(rules::csv_duplicate_column(&cell.text, &attribute, first, cell.span));
                true
            }
            None => {
                first_of.insert(attribute.clone(), cell.span);
                false
            }
        };
        columns.push(Column { attribute, span: cell.span, duplicate });
    }
    columns
}

fn check_row_width(row: &[Cell], columns: &[Column], index: usize, diagnostics: &mut Vec<Diagnostic>) {
    if row.len() != columns.len() {
        let mut diagnostic = rules::csv_ragged_row(row.len(), columns.len(), Location::new(format!("/{index}"), row_span(row)));
        diagnostic.record = Some(index);
        diagnostics.push(diagnostic);
    }
}

/// One row as an object; empty cells are absent attributes, since CSV cannot tell them apart.
fn row_record(row: Vec<Cell>, columns: &[Column], index: usize) -> Record<'static> {
    let span = row_span(&row);
    let mut members = Vec::with_capacity(row.len());
    for (cell, column) in row.into_iter().zip(columns) {
        if cell.text.is_empty() || column.duplicate {
            continue;
        }
        let value = Node { value: Value::String(Cow::Owned(cell.text)), span: cell.span };
        members.push(Member { key: Cow::Owned(column.attribute.clone()), key_span: column.span, value });
    }
    batch_record(Node { value: Value::Object(members), span }, crate::json::index_pointer("", index), index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_name_okta_attributes() {
        assert_eq!(attribute_for_header("First name"), "firstName");
        assert_eq!(attribute_for_header("profile.login"), "login");
        assert_eq!(attribute_for_header("Username"), "login");
        assert_eq!(attribute_for_header("costCenter"), "costCenter");
    }

    #[test]
    fn cells_keep_their_positions() {
        let text = "login,title\n\"a@b.co\",\"Head, Sales\"\n";
        let document = read(text);
        let record = &document.records[0];
        let title = record.node.get("title").unwrap();
        assert_eq!(title.as_str(), Some("Head, Sales"));
        assert_eq!(&text[title.span.start..title.span.end], "\"Head, Sales\"");
        let login = record.node.get("login").unwrap();
        assert_eq!(&text[login.span.start..login.span.end], "\"a@b.co\"");
    }

    #[test]
    fn quoted_newlines_stay_in_the_cell() {
        let document = read("login,title\na@b.co,\"two\nlines\"\nc@d.co,x\n");
        assert_eq!(document.records.len(), 2);
        assert_eq!(document.records[0].node.get("title").unwrap().as_str(), Some("two\nlines"));
    }

    #[test]
    fn ragged_rows_are_reported_and_still_read() {
        let document = read("login,firstName,lastName\na@b.co,A\n");
        assert_eq!(document.records.len(), 1);
        assert_eq!(document.diagnostics[0].code, "input.csv_ragged_row");
        assert_eq!(document.diagnostics[0].record, Some(0));
    }

    #[test]
    fn the_first_of_two_columns_for_one_attribute_is_read_even_when_empty() {
        let document = read("login,Username,firstName\n,b@example.com,B\n");
        assert_eq!(document.records[0].node.get("login"), None);
        assert_eq!(document.diagnostics[0].code, "input.csv_duplicate_column");
    }

    #[test]
    fn every_one_of_many_columns_is_read() {
        let header: Vec<String> = (0..30_000).map(|i| format!("c{i}")).collect();
        let text = format!("{}\n{}\n", header.join(","), header.join(","));
        let document = read(&text);
        assert_eq!(document.records[0].node.members().len(), 30_000);
        assert!(document.diagnostics.is_empty());
    }

    #[test]
    fn semicolon_files_are_read() {
        let document = read("login;firstName\na@b.co;A\n");
        assert_eq!(document.records[0].node.get("firstName").unwrap().as_str(), Some("A"));
    }
}
