//! Checks shared by every text attribute Dialpad reads: it must be a string, without stray
//! white space. The family rules then look at the trimmed text only.

use crate::diagnostic::{Diagnostic, Rule, Severity::*};
use crate::user::{Attr, UserView};

pub const NOT_STRING: Rule = Rule { code: "value.not_string", severity: Error, section: "2", summary: "An attribute Dialpad reads as text holds a number, boolean, array or object." };
pub const WHITESPACE: Rule = Rule { code: "value.whitespace", severity: Warning, section: "2", summary: "A value starts or ends with white space." };

pub const REPLACEMENT_CHARACTER: Rule = Rule {
    code: "value.replacement_character",
    severity: Warning,
    section: "2",
    summary: "A value holds U+FFFD, the mark left where a file's bytes were not UTF-8 (a CSV saved as Windows-1252).",
};

pub const RULES: &[&Rule] = &[&NOT_STRING, &WHITESPACE, &REPLACEMENT_CHARACTER];

/// The text attributes of a user; the license has its own type rule (RULES.md section 3).
fn text_attributes<'v, 'n, 'a>(view: &'v UserView<'n, 'a>) -> impl Iterator<Item = &'v Attr<'n, 'a>> {
    [&view.first_name, &view.last_name, &view.login, &view.email, &view.title, &view.language, &view.department, &view.office_name, &view.physical_office]
        .into_iter()
        .flatten()
        .chain(&view.countries)
}

pub fn check(view: &UserView<'_, '_>, out: &mut Vec<Diagnostic>) {
    for attr in text_attributes(view) {
        match attr.text().map(|raw| (raw, crate::text::trim(raw))) {
            None => out.push(not_string(attr)),
            // The trimmed text is a part of the raw one: it differs exactly when it is shorter
            // (comparing lengths, not the texts: a byte loop in wasm, for every value).
            Some((raw, trimmed)) if trimmed.len() != raw.len() && !trimmed.is_empty() => out.push(
                Diagnostic::new(&WHITESPACE, &attr.at(), format!("{} has white space at its start or end; it is sent to Dialpad as it is, spaces included.", attr.name))
                    .hint("Remove the spaces.")
                    .suggest(trimmed),
            ),
            Some(_) => {}
        }
        if attr.text().is_some_and(has_replacement_character) {
            out.push(replacement_character(attr));
        }
    }
}

/// U+FFFD is EF BF BD in UTF-8, and 0xEF is rare in names: memchr finds it (or not) faster
/// than `str::contains`, which sets up a substring search for a non-ASCII char.
fn has_replacement_character(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Nearly every value is ASCII, told eight bytes at a time; memchr sets up a search.
    !text.is_ascii() && memchr::memchr_iter(0xef, bytes).any(|at| bytes[at..].starts_with("\u{fffd}".as_bytes()))
}

/// Browsers (`file.text()`), Node and editors decode bytes that are not UTF-8 as U+FFFD
/// without a word, so the mark in a value is the only trace of a file in another encoding.
fn replacement_character(attr: &Attr<'_, '_>) -> Diagnostic {
    let message = format!("{} holds \"\u{fffd}\", the mark left where bytes could not be read as UTF-8: Dialpad would store the garbled text as it is.", attr.name);
    Diagnostic::new(&REPLACEMENT_CHARACTER, &attr.at(), message)
        .hint("The file was probably saved in another encoding (such as Windows-1252): save it as UTF-8 (in Excel, \"CSV UTF-8\") and open it again, or retype the value.")
}

fn not_string(attr: &Attr<'_, '_>) -> Diagnostic {
    let message = format!("{} is {}, but Dialpad reads it as text: the value will not be used.", attr.name, attr.node.type_name());
    Diagnostic::new(&NOT_STRING, &attr.at(), message).hint("Make it a JSON string in double quotes.")
}

/// The trimmed text of an attribute, `None` when it is not a string (reported by `check`)
/// or holds only white space.
pub fn text<'v>(attr: &'v Attr<'_, '_>) -> Option<&'v str> {
    attr.text().map(crate::text::trim).filter(|text| !text.is_empty())
}
