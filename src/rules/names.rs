//! Name: firstName + lastName (SCIM name.givenName + name.familyName), RULES.md section 2.

use super::values;
use crate::diagnostic::{Diagnostic, Rule, Severity::*};
use crate::input::Kind;
use crate::user::{Attr, UserView};

pub const FIRST_MISSING: Rule = Rule { code: "name.first_missing", severity: Error, section: "2", summary: "firstName (name.givenName) is missing or empty." };
pub const LAST_MISSING: Rule = Rule { code: "name.last_missing", severity: Error, section: "2", summary: "lastName (name.familyName) is missing or empty." };
pub const TOO_LONG: Rule = Rule { code: "name.too_long", severity: Error, section: "2", summary: "firstName or lastName is longer than Okta's 50 characters." };

pub const RULES: &[&Rule] = &[&FIRST_MISSING, &LAST_MISSING, &TOO_LONG];

const MAX_LENGTH: usize = 50;

pub fn check(view: &UserView<'_, '_>, out: &mut Vec<Diagnostic>) {
    let scim = view.kind != Some(Kind::OktaUser);
    let parts = [
        (&view.first_name, &FIRST_MISSING, if scim { "name.givenName" } else { "firstName" }),
        (&view.last_name, &LAST_MISSING, if scim { "name.familyName" } else { "lastName" }),
    ];
    for (attr, missing_rule, label) in parts {
        match attr {
            Some(attr) => check_length(attr, label, out),
            None if view.complete => out.push(missing(view, missing_rule, label)),
            None => {}
        }
        if let Some(attr) = attr.as_ref().filter(|attr| attr.text().is_some_and(|text| text.trim().is_empty())) {
            out.push(Diagnostic::new(missing_rule, &attr.at(), format!("{label} is empty: Dialpad needs both a first and a last name, so it will refuse to create the user.")).hint(format!("Fill in {label}.")));
        }
    }
}

fn missing(view: &UserView<'_, '_>, rule: &'static Rule, label: &str) -> Diagnostic {
    let message = format!("{label} is missing: Dialpad builds Name from the first and last name and needs both, so it will refuse to create the user.");
    Diagnostic::new(rule, &view.home(), message).hint(format!("Add {label}."))
}

fn check_length(attr: &Attr<'_, '_>, label: &str, out: &mut Vec<Diagnostic>) {
    let Some(text) = values::text(attr) else { return };
    // No more bytes than the limit: no more characters either, without counting them.
    if text.len() <= MAX_LENGTH {
        return;
    }
    let length = text.chars().count();
    if length > MAX_LENGTH {
        let message = format!("{label} is {length} characters long; Okta allows at most {MAX_LENGTH}, so the profile cannot be saved or sent.");
        out.push(Diagnostic::new(&TOO_LONG, &attr.at(), message).hint(format!("Shorten it to {MAX_LENGTH} characters or fewer.")));
    }
}

/// Name as Dialpad shows it: "first last".
pub fn full_name(view: &UserView<'_, '_>) -> Option<String> {
    let first = view.first_name.as_ref().and_then(values::text);
    let last = view.last_name.as_ref().and_then(values::text);
    match (first, last) {
        (Some(first), Some(last)) => Some(format!("{first} {last}")),
        (Some(one), None) | (None, Some(one)) => Some(one.to_string()),
        (None, None) => None,
    }
}
