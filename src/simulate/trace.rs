//! Findings about a simulated body, traced back: to the expression that computed the value, to
//! the literal in it or the Okta attribute it copied, where a certain fix is made.

use super::compile::Compiled;
use crate::diagnostic::{Diagnostic, Location};
use crate::json::{Node, Span};
use crate::profile_mapping::Expression;

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

/// " Okta computes licenseType with <expression>, reading user.department ("Support")."
pub(super) fn through(entry: &Compiled, expression: &str, reads: &[&str], profile: &Node<'_>) -> String {
    let mut shown: String = expression.chars().take(120).collect();
    if shown.len() < expression.len() {
        shown.push('…');
    }
    let mut read: Vec<String> = Vec::new();
    for name in reads {
        let value = profile.get(name).map_or_else(|| "not set".to_string(), |node| node.as_str().map_or_else(|| node.type_name().to_string(), |text| format!("\"{text}\"")));
        let part = format!("user.{name} ({value})");
        if !read.contains(&part) {
            read.push(part);
        }
    }
    let reading = if read.is_empty() { String::new() } else { format!(", reading {}", read.join(", ")) };
    format!(" Okta computes {} with the mapping {shown}{reading}.", entry.property.attribute)
}

/// The same finding at the literal that produced the value, with the expression rewritten.
pub(super) fn literal_fix(found: &Diagnostic, attribute: &str, expression: &Expression, literal: Span, mapping_text: &str) -> Diagnostic {
    let written = &expression.text[literal.start..literal.end];
    let quote = if written.starts_with('\'') { '\'' } else { '"' };
    let replacement = found.suggestion.as_ref().and_then(serde_json::Value::as_str).map(|text| format!("{quote}{}{quote}", text.replace(quote, &format!("{quote}{quote}"))));
    let mut fix = relocated(found, expression.at(mapping_text, literal));
    fix.record = None;
    fix.message = format!("The expression for {attribute} writes the literal {written}: {}", found.message);
    fix.suggestion = replacement.as_ref().map(|replacement| format!("{}{replacement}{}", &expression.text[..literal.start], &expression.text[literal.end..]).into());
    if let Some(replacement) = &replacement {
        fix.hint = Some(format!("Write {replacement} in the expression instead."));
    }
    fix
}

/// A copy of the finding placed at another text: the line, column and range belong to the
/// old place and are worked out again from the span when the report is made.
fn relocated(found: &Diagnostic, at: Location) -> Diagnostic {
    let mut fix = found.clone();
    fix.path = at.pointer;
    fix.span = at.span;
    fix.line = None;
    fix.column = None;
    fix.range = None;
    fix
}

/// The same finding at the Okta user's attribute, which reaches the body unchanged.
pub(super) fn attribute_fix(found: &Diagnostic, name: &str, attribute: &str, at: Location) -> Diagnostic {
    let mut fix = relocated(found, at);
    fix.origin = None;
    fix.message = format!("The Okta attribute {name} goes unchanged to {attribute}: {}", found.message.split(" Okta computes ").next().unwrap_or(&found.message));
    fix
}

