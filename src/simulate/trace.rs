//! Findings about a simulated body, traced back: to the expression that computed the value, to
//! the literal in it or the Okta attribute it copied, where a certain fix is made.

use super::compile::Compiled;
use crate::diagnostic::{Diagnostic, Location};
use crate::json::{Node, Span};
use crate::profile_mapping::Expression;
use super::environment::distinct;

/// The codes that say an attribute is missing, by the Dialpad attribute whose absence they
/// report: left out when that attribute's value is unknown rather than absent.
pub(super) fn depends_on_unknown(code: &str, unknown: &[&str]) -> bool {
    let needs: &[&str] = match code {
        "username.missing" => &["userName"],
        "name.first_missing" => &["givenName"],
        "name.last_missing" => &["familyName"],
        "license.default" | "license.no_number" => &["licenseType"],
        "email.differs" => &["userName"],
        _ if code.starts_with("office.") || code.starts_with("number.") => &["officeName", "physicalDeliveryOfficeName", "department", "countryCode", "licenseType"],
        _ => &[],
    };
    needs.iter().any(|name| unknown.contains(name))
}

/// " Okta computes licenseType with the mapping <expression>": what `through` says of every
/// finding about the attribute's value, made once per attribute.
pub(super) fn computes(entry: &Compiled, expression: &str) -> String {
    let mut shown: String = expression.chars().take(120).collect();
    if shown.len() < expression.len() {
        shown.push('…');
    }
    format!(" Okta computes {} with the mapping {shown}", entry.property.attribute)
}

/// Adds to a finding's message what computed the value: `computes` (see above), then each
/// attribute the expression read (a name read twice is said once) with its value:
/// ", reading user.department ("Support")."
pub(super) fn through(message: &mut String, computes: &str, reads: &[&str], profile: &Node<'_>) {
    // Room for what is added, most of the time, at once rather than growing it piece by piece.
    message.reserve(computes.len() + 64 * reads.len() + 1);
    message.push_str(computes);
    for (at, name) in distinct(reads).enumerate() {
        message.push_str(if at == 0 { ", reading user." } else { ", user." });
        message.push_str(name);
        message.push_str(" (");
        match profile.get(name) {
            None => message.push_str("not set"),
            Some(node) => match node.as_str() {
                Some(text) => {
                    message.push('"');
                    message.push_str(text);
                    message.push('"');
                }
                None => message.push_str(node.type_name()),
            },
        }
        message.push(')');
    }
    message.push('.');
}

/// The same finding at the literal that produced the value, with the expression rewritten.
pub(super) fn literal_fix(found: &Diagnostic, attribute: &str, expression: &Expression, literal: Span, mapping_text: &str) -> Diagnostic {
    let written = &expression.text[literal.start..literal.end];
    let quote = if written.starts_with('\'') { '\'' } else { '"' };
    let replacement = found.suggestion.as_ref().and_then(crate::diagnostic::Suggestion::as_str).map(|text| format!("{quote}{}{quote}", text.replace(quote, &format!("{quote}{quote}"))));
    let mut fix = relocated(found, expression.at(mapping_text, literal), format!("The expression for {attribute} writes the literal {written}: {}", found.message));
    fix.record = None;
    fix.suggestion = replacement.as_ref().map(|replacement| format!("{}{replacement}{}", &expression.text[..literal.start], &expression.text[literal.end..]).into());
    if let Some(replacement) = &replacement {
        fix.hint = Some(format!("Write {replacement} in the expression instead."));
    }
    fix
}

/// The finding placed at another text, with `message`: the line, column and range belong to
/// the old place and are worked out again from the span when the report is made.
fn relocated(found: &Diagnostic, at: Location, message: String) -> Diagnostic {
    Diagnostic {
        code: found.code,
        severity: found.severity,
        message,
        path: at.pointer,
        line: None,
        column: None,
        range: None,
        record: found.record,
        hint: found.hint.clone(),
        suggestion: found.suggestion.clone(),
        origin: found.origin.clone(),
        span: at.span,
    }
}

/// The same finding at the Okta user's attribute, which reaches the body unchanged (made
/// before `through` adds to the finding's message).
pub(super) fn attribute_fix(found: &Diagnostic, name: &str, attribute: &str, at: Location) -> Diagnostic {
    let mut message = String::with_capacity(48 + name.len() + attribute.len() + found.message.len());
    for piece in ["The Okta attribute ", name, " goes unchanged to ", attribute, ": ", &found.message] {
        message.push_str(piece);
    }
    let mut fix = relocated(found, at, message);
    fix.origin = None;
    fix
}

