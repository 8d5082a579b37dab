//! Phone numbers (RULES.md section 6): a number or extension can't be set through SCIM.

use crate::diagnostic::{Diagnostic, Rule, Severity::*};
use crate::user::{Attr, UserView};

pub const IGNORED_ON_CREATE: Rule = Rule { code: "phone.ignored_on_create", severity: Warning, section: "6", summary: "A create carries phone numbers or an extension, which Dialpad ignores." };
pub const CHANGE_VIA_SCIM: Rule = Rule { code: "phone.change_via_scim", severity: Error, section: "6", summary: "An update sets or removes phone numbers or an extension, which only the Dialpad Admin portal can change." };

pub const RULES: &[&Rule] = &[&IGNORED_ON_CREATE, &CHANGE_VIA_SCIM];

const HINT: &str = "Numbers and extensions are assigned by Dialpad and changed only in the Dialpad Admin portal; leave them out of the Okta mapping.";

pub fn check(view: &UserView<'_, '_>, out: &mut Vec<Diagnostic>) {
    let removed = view.removals.iter().filter(|removal| removal.attribute == "phoneNumbers").map(|removal| (removal.at.clone(), std::borrow::Cow::Borrowed("phoneNumbers")));
    let set = view.phones.iter().map(|attr: &Attr| (attr.key_at(), attr.name.clone()));
    for (at, name) in set.chain(removed) {
        let diagnostic = if view.update {
            let message = format!("This update changes {name}: a number or extension can't be changed through SCIM, so Dialpad refuses it.");
            Diagnostic::new(&CHANGE_VIA_SCIM, &at, message)
        } else {
            let message = format!("{name} is ignored: Dialpad gives a new user a number from the unassigned pool (or a new one in the account's area code), whatever the profile says.");
            Diagnostic::new(&IGNORED_ON_CREATE, &at, message)
        };
        out.push(diagnostic.hint(HINT));
    }
}
