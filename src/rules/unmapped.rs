//! Attributes Dialpad does not read (RULES.md section 2): said, never failed on.

use crate::diagnostic::{Diagnostic, Rule, Severity::*};
use crate::user::UserView;

pub const UNMAPPED: Rule = Rule { code: "attribute.unmapped", severity: Info, section: "2", summary: "An attribute Dialpad does not map; it is not sent on to any Dialpad field." };

pub const RULES: &[&Rule] = &[&UNMAPPED];

/// The attribute names Dialpad reads, to catch a near spelling such as "FirstName".
const MAPPED: [&str; 15] = [
    "firstName", "lastName", "login", "email", "title", "preferredLanguage", "countryCode", "department", "officeName",
    "physicalDeliveryOfficeName", "licenseType", "userName", "givenName", "familyName", "country",
];

pub fn check(view: &UserView<'_, '_>, out: &mut Vec<Diagnostic>) {
    for attr in &view.unmapped {
        let near = MAPPED.iter().find(|mapped| mapped.eq_ignore_ascii_case(&attr.name) || mapped.eq_ignore_ascii_case(&attr.name.replace(['_', ' ', '-'], "")));
        let (message, hint) = match near {
            Some(mapped) => (
                format!("{} is not mapped to any Dialpad field. It looks like {mapped}, which is, but attribute names must match exactly.", attr.name),
                format!("Rename it to {mapped} if that is what it holds."),
            ),
            None => (format!("{} is not mapped to any Dialpad field; Dialpad ignores it.", attr.name), "Nothing to do unless you expected Dialpad to use it.".to_string()),
        };
        out.push(Diagnostic::new(&UNMAPPED, &attr.key_at(), message).hint(hint));
    }
}
