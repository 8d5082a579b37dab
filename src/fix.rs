//! applySuggestions: rewrites the text with every certain suggestion applied, leaving every
//! other byte as it was.

use crate::csv_input::guess_delimiter;
use crate::diagnostic::Severity;
use crate::input::{sniff_format, Format};
use crate::json::Span;
use crate::{validate, Options};
use crate::diagnostic::Suggestion;

/// A fix can expose another (a trimmed country name that is then recognised), so fixes are
/// applied until nothing changes, a few rounds at most.
const MAX_ROUNDS: usize = 4;

pub fn apply_suggestions(text: &str, options: &Options) -> String {
    apply_suggestions_at(text, options, None)
}

/// As [`apply_suggestions`], but only the suggestions whose JSON Pointer is one of `paths`
/// (all of them when `None`): the page's one-click fix of a single field.
pub fn apply_suggestions_at(text: &str, options: &Options, paths: Option<&[String]>) -> String {
    let mut current = text.to_string();
    for _ in 0..MAX_ROUNDS {
        let next = apply_once(&current, options, paths);
        if next == current {
            break;
        }
        current = next;
    }
    current
}

struct Edit {
    span: Span,
    severity: Severity,
    replacement: String,
}

fn apply_once(text: &str, options: &Options, paths: Option<&[String]>) -> String {
    let options = Options { positions: true, ..options.clone() };
    let csv_delimiter = (options.format.unwrap_or_else(|| sniff_format(text)) == Format::Csv).then(|| guess_delimiter(text));
    let mut edits: Vec<Edit> = validate(text, &options)
        .diagnostics
        .into_iter()
        .filter(|diagnostic| paths.is_none_or(|paths| paths.contains(&diagnostic.path)))
        .filter_map(|diagnostic| {
            let span = diagnostic.span?;
            let suggestion = diagnostic.suggestion.as_ref()?;
            let original = text.get(span.start..span.end)?;
            let replacement = match csv_delimiter {
                Some(delimiter) => csv_cell(suggestion, original, delimiter),
                None => suggestion.json_text(),
            };
            Some(Edit { span, severity: diagnostic.severity, replacement })
        })
        .collect();
    // Where two suggestions cover the same text, the more severe one is the real fix (the
    // country code rather than the trimmed country name).
    crate::sort::sort_by_key(&mut edits, |edit| (edit.span.start as u128) << 2 | edit.severity as u128);
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for edit in edits {
        if edit.span.start < copied {
            continue; // overlaps an edit already made
        }
        out.push_str(&text[copied..edit.span.start]);
        out.push_str(&edit.replacement);
        copied = edit.span.end;
    }
    out.push_str(&text[copied..]);
    out
}

/// The cell text for a suggestion, quoted when the original was or when the value needs it.
fn csv_cell(suggestion: &Suggestion, original: &str, delimiter: u8) -> String {
    let value = match suggestion {
        Suggestion::Text(text) => text.clone(),
        other => other.json_text(),
    };
    let needs_quotes = original.starts_with('"') || value.contains([delimiter as char, '"', '\n', '\r']);
    if needs_quotes {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str) -> String {
        apply_suggestions(text, &Options::default())
    }

    #[test]
    fn fixes_values_and_keeps_every_other_byte() {
        let text = "{\n  \"profile\" : {\"login\":\"a@example.com\",   \"countryCode\": \"USA\",\n \"licenseType\":\"Dialpad_Talk\" } }\n";
        let fixed = apply(text);
        assert_eq!(fixed, "{\n  \"profile\" : {\"login\":\"a@example.com\",   \"countryCode\": \"US\",\n \"licenseType\":\"dialpad_talk\" } }\n");
    }

    #[test]
    fn the_more_severe_suggestion_wins_on_the_same_value() {
        let fixed = apply(r#"{"login":"a@example.com","countryCode":" USA"}"#);
        assert_eq!(fixed, r#"{"login":"a@example.com","countryCode":"US"}"#);
    }

    #[test]
    fn fixes_csv_cells_with_their_quoting() {
        let text = "login,countryCode,preferredLanguage\na@example.com,\"USA\",English\n";
        assert_eq!(apply(text), "login,countryCode,preferredLanguage\na@example.com,\"US\",en\n");
    }

    #[test]
    fn text_without_suggestions_is_returned_unchanged() {
        for text in ["{\"login\": \"nope\"}", "not json at all", "", "{\"profile\":{\"login\":\"a@example.com\",\"countryCode\":\"Atlantis\"}}"] {
            assert_eq!(apply(text), text);
        }
    }

    #[test]
    fn only_the_paths_asked_for_are_fixed() {
        let text = r#"{"profile":{"login":"a@example.com","countryCode":"USA","licenseType":"Dialpad_Talk"}}"#;
        let country_only = apply_suggestions_at(text, &Options::default(), Some(&["/profile/countryCode".to_string()]));
        assert_eq!(country_only, r#"{"profile":{"login":"a@example.com","countryCode":"US","licenseType":"Dialpad_Talk"}}"#);
        assert_eq!(apply_suggestions_at(text, &Options::default(), Some(&[])), text);
        assert_eq!(apply_suggestions_at(text, &Options::default(), None), apply(text));
    }

    #[test]
    fn schemas_array_gets_the_enterprise_urn() {
        let text = r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a@example.com","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Ops"}}"#;
        let fixed = apply(text);
        assert!(crate::input::schemas_list(&crate::json::parse(&fixed).unwrap(), crate::input::ENTERPRISE_URN), "{fixed}");
    }
}
