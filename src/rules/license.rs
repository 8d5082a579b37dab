//! License: licenseType (RULES.md section 3).

use crate::diagnostic::{Diagnostic, Rule, Severity::*};
use crate::input::Kind;
use crate::text::name_key;
use crate::user::{Attr, UserView};

pub const NOT_STRING: Rule = Rule { code: "license.not_string", severity: Error, section: "3", summary: "licenseType is a number, boolean, array or object instead of a string." };
pub const NOT_VALUE: Rule = Rule { code: "license.not_value", severity: Error, section: "3", summary: "licenseType is a product name or case variant of a license value (\"Dialpad_Talk\", \"Dialpad_Support (Contact Center)\"): the exact value is suggested." };
pub const AMBIGUOUS: Rule = Rule { code: "license.ambiguous", severity: Error, section: "3", summary: "licenseType names a product that fits more than one license value (\"Dialpad_Ai Voice\")." };
pub const UNKNOWN: Rule = Rule { code: "license.unknown", severity: Error, section: "3", summary: "licenseType is not one of the license values." };
pub const DEFAULT: Rule = Rule { code: "license.default", severity: Info, section: "3", summary: "No licenseType: the account's default license applies." };
pub const NO_NUMBER: Rule = Rule { code: "license.no_number", severity: Info, section: "3", summary: "dialpad_support users get no phone number (DID) by default." };
pub const CHANGE_VIA_SCIM: Rule = Rule { code: "license.change_via_scim", severity: Error, section: "3", summary: "A PATCH sets or removes licenseType of an existing user; licenses change only in the Dialpad Admin portal." };
pub const IN_REPLACE: Rule = Rule { code: "license.in_replace", severity: Warning, section: "3", summary: "A PUT of an existing user carries licenseType; a different value than the user has is refused." };

pub const RULES: &[&Rule] = &[&NOT_STRING, &NOT_VALUE, &AMBIGUOUS, &UNKNOWN, &DEFAULT, &NO_NUMBER, &CHANGE_VIA_SCIM, &IN_REPLACE];

pub struct License {
    pub value: &'static str,
    pub product: &'static str,
    /// Other ways people write the product, as `name_key`s without the "dialpad" prefix.
    aliases: &'static [&'static str],
}

pub const LICENSES: [License; 5] = [
    License { value: "dialpad_talk", product: "Dialpad Connect", aliases: &["talk", "connect"] },
    License { value: "dialpad_lite", product: "Ai Voice (Lite)", aliases: &["lite", "ai voice lite"] },
    License { value: "dialpad_support", product: "Dialpad Support (Contact Center)", aliases: &["support", "support contact center", "contact center"] },
    License { value: "dialpad_sell", product: "Dialpad Sell", aliases: &["sell", "ai sales"] },
    License { value: "dialpad_tfb", product: "Dialpad TfB Offer", aliases: &["tfb", "tfb offer"] },
];

/// Names that fit more than one license: "Ai Voice" is the current name of Dialpad Connect
/// and also the start of "Ai Voice (Lite)", so no single value is certain.
const AMBIGUOUS_NAMES: &[(&str, &[&str])] = &[("ai voice", &["dialpad_talk", "dialpad_lite"])];

pub enum Lookup {
    Valid(&'static License),
    Recognised(&'static License),
    Ambiguous(&'static [&'static str]),
    Unknown,
}

pub fn license(value: &str) -> Option<&'static License> {
    LICENSES.iter().find(|license| license.value == value)
}

pub fn lookup(text: &str) -> Lookup {
    if let Some(license) = license(text) {
        return Lookup::Valid(license);
    }
    let key = name_key(text);
    let key = key.strip_prefix("dialpad").map_or(key.as_str(), str::trim_start);
    if let Some((_, values)) = AMBIGUOUS_NAMES.iter().find(|(name, _)| *name == key) {
        return Lookup::Ambiguous(values);
    }
    LICENSES
        .iter()
        .find(|license| license.aliases.contains(&key) || name_key(license.product).trim_start_matches("dialpad ") == key)
        .map_or(Lookup::Unknown, Lookup::Recognised)
}

pub fn check(view: &UserView<'_, '_>, out: &mut Vec<Diagnostic>) {
    check_change(view, out);
    match &view.license {
        Some(attr) => check_value(attr, out),
        None if view.complete && !view.update => {
            let message = "No licenseType: Dialpad gives this user the account's default license.";
            out.push(Diagnostic::new(&DEFAULT, &view.home(), message).hint("To choose the license, set the licenseType custom attribute to one of dialpad_talk, dialpad_lite, dialpad_support, dialpad_sell, dialpad_tfb."));
        }
        None => {}
    }
}

fn check_value(attr: &Attr<'_, '_>, out: &mut Vec<Diagnostic>) {
    let Some(text) = attr.text() else {
        let message = format!("licenseType is {}, but it must be a string: Dialpad will not read it, and the user gets the account's default license.", attr.node.type_name());
        out.push(Diagnostic::new(&NOT_STRING, &attr.at(), message).hint("Declare licenseType as a String custom attribute in Okta and give it a value such as \"dialpad_talk\"."));
        return;
    };
    if text.trim().is_empty() {
        let message = "licenseType is empty: Dialpad gives this user the account's default license.";
        out.push(Diagnostic::new(&DEFAULT, &attr.at(), message).hint("Set it to one of dialpad_talk, dialpad_lite, dialpad_support, dialpad_sell, dialpad_tfb, or remove it."));
        return;
    }
    match lookup(text) {
        Lookup::Valid(license) if license.value == "dialpad_support" => {
            let message = "dialpad_support (Dialpad Support, Contact Center) users get no phone number (DID) by default.";
            out.push(Diagnostic::new(&NO_NUMBER, &attr.at(), message).hint("Assign a number in the Dialpad Admin portal if this agent needs one."));
        }
        Lookup::Valid(_) => {}
        Lookup::Recognised(license) => {
            let message = format!("licenseType \"{text}\" is not a license value: Dialpad accepts only the exact value, \"{}\" for {}.", license.value, license.product);
            out.push(Diagnostic::new(&NOT_VALUE, &attr.at(), message).hint(format!("Use \"{}\".", license.value)).suggest(license.value));
        }
        Lookup::Ambiguous(values) => {
            let message = format!("licenseType \"{text}\" is a product name, not a license value, and it fits more than one: {}.", values.join(" or "));
            out.push(Diagnostic::new(&AMBIGUOUS, &attr.at(), message).hint(describe(values)));
        }
        Lookup::Unknown => {
            let message = format!("licenseType \"{text}\" is not a license value: Dialpad will not recognise it.");
            out.push(Diagnostic::new(&UNKNOWN, &attr.at(), message).hint(describe(&LICENSES.iter().map(|license| license.value).collect::<Vec<_>>())));
        }
    }
}

fn describe(values: &[&str]) -> String {
    let listed: Vec<String> = values.iter().filter_map(|value| license(value)).map(|license| format!("\"{}\" ({})", license.value, license.product)).collect();
    format!("Use one of {}.", listed.join(", "))
}

fn check_change(view: &UserView<'_, '_>, out: &mut Vec<Diagnostic>) {
    if !view.update {
        return;
    }
    let patch = view.kind == Some(Kind::ScimPatch);
    let removed = view.removals.iter().filter(|removal| removal.attribute == "licenseType").map(|removal| removal.at.clone());
    let set = view.license.iter().map(Attr::at);
    for at in set.chain(removed) {
        let diagnostic = if patch {
            Diagnostic::new(&CHANGE_VIA_SCIM, &at, "This PATCH changes licenseType of an existing user: Dialpad does not change licenses through SCIM and will refuse it.")
        } else {
            Diagnostic::new(&IN_REPLACE, &at, "This PUT replaces an existing user and carries licenseType: if it differs from the user's current license, Dialpad refuses the change.")
        };
        out.push(diagnostic.hint("Change a user's license in the Dialpad Admin portal (or through Dialpad support), not in Okta."));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> Option<&'static str> {
        match lookup(text) {
            Lookup::Recognised(license) => Some(license.value),
            _ => None,
        }
    }

    #[test]
    fn product_names_and_case_variants_are_recognised() {
        assert_eq!(value("Dialpad_Talk"), Some("dialpad_talk"));
        assert_eq!(value("DIALPAD_SUPPORT"), Some("dialpad_support"));
        assert_eq!(value("Dialpad_Support (Contact Center)"), Some("dialpad_support"));
        assert_eq!(value("Dialpad_Ai Sales"), Some("dialpad_sell"));
        assert_eq!(value("Ai Voice(Lite)"), Some("dialpad_lite"));
        assert_eq!(value("Dialpad Connect"), Some("dialpad_talk"));
        assert_eq!(value(" dialpad_tfb "), Some("dialpad_tfb"));
        assert!(matches!(lookup("Dialpad_Ai Voice"), Lookup::Ambiguous(_)));
        assert!(matches!(lookup("dialpad_talk"), Lookup::Valid(_)));
        assert!(matches!(lookup("premium"), Lookup::Unknown));
    }
}
