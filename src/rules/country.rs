//! Country: countryCode (SCIM addresses[].country) must be ISO 3166-1 alpha-2 (RULES.md section 2).

use super::values;
use crate::diagnostic::{Diagnostic, Rule, Severity::*};
use crate::text::name_key;
use crate::iso3166::{self, COUNTRIES};
use crate::user::{Attr, UserView};

pub const NOT_ALPHA2: Rule = Rule { code: "country.not_alpha2", severity: Error, section: "2", summary: "A recognised country written as a name, an alpha-3 code or in lower case instead of ISO 3166-1 alpha-2." };
pub const UNKNOWN: Rule = Rule { code: "country.unknown", severity: Error, section: "2", summary: "A country that is no ISO 3166-1 alpha-2 code and no recognised country name." };
pub const CONFLICT: Rule = Rule { code: "country.conflict", severity: Warning, section: "2", summary: "Several addresses name different countries." };

pub const RULES: &[&Rule] = &[&NOT_ALPHA2, &UNKNOWN, &CONFLICT];

pub fn check(view: &UserView<'_, '_>, out: &mut Vec<Diagnostic>) {
    for attr in &view.countries {
        if let Some(text) = values::text(attr) {
            check_one(attr, text, out);
        }
    }
    check_conflict(view, out);
}

fn check_one(attr: &Attr<'_, '_>, text: &str, out: &mut Vec<Diagnostic>) {
    match lookup(text) {
        Lookup::Valid => {}
        Lookup::Recognised(code) => {
            let message = format!("{} \"{text}\" is not an ISO 3166-1 alpha-2 code: Dialpad cannot read it as a country, so the user gets no Country and the office cannot be chosen by country.", attr.name);
            out.push(Diagnostic::new(&NOT_ALPHA2, &attr.at(), message).hint(format!("Use \"{code}\".")).suggest(code));
        }
        Lookup::Unknown => {
            let message = format!("{} \"{text}\" is not an ISO 3166-1 alpha-2 country code: Dialpad cannot read it as a country, so the user gets no Country and the office cannot be chosen by country.", attr.name);
            out.push(Diagnostic::new(&UNKNOWN, &attr.at(), message).hint("Use the two-letter ISO 3166-1 code, for example \"US\", \"GB\", \"DE\"."));
        }
    }
}

fn check_conflict(view: &UserView<'_, '_>, out: &mut Vec<Diagnostic>) {
    let Some(first) = view.country() else { return };
    let Some(first_code) = values::text(first).and_then(alpha2) else { return };
    for other in &view.countries[1..] {
        if let Some(code) = values::text(other).and_then(alpha2).filter(|code| *code != first_code) {
            let message = format!("This address is in {code} but the first address is in {first_code}: Dialpad takes the country of the address Okta sends (the work address), {first_code}.");
            out.push(Diagnostic::new(&CONFLICT, &other.at(), message).hint("Make sure the work address holds the country the user's office is in."));
        }
    }
}

/// The code when the text is already a valid alpha-2 code, as Dialpad needs it.
pub fn lookup_valid(text: &str) -> Option<&'static str> {
    match lookup(text) {
        Lookup::Valid => assigned(text),
        _ => None,
    }
}

pub enum Lookup {
    /// Already an alpha-2 code.
    Valid,
    /// Certainly this alpha-2 code.
    Recognised(&'static str),
    Unknown,
}

/// The alpha-2 code a value certainly names, if any.
pub fn alpha2(text: &str) -> Option<&'static str> {
    match lookup(text) {
        Lookup::Valid => assigned(text),
        Lookup::Recognised(code) => Some(code),
        Lookup::Unknown => None,
    }
}

/// The alpha-2 code of an alpha-2 or alpha-3 code in any case.
fn by_code(text: &str) -> Option<&'static str> {
    iso3166::by_code(text).filter(|_| !text.bytes().all(|byte| byte.is_ascii_digit())).map(|country| country.alpha2)
}

/// The table's own copy of two upper-case letters that are an assigned alpha-2 code, through a
/// 26x26 index made once: every valid value of a batch asks, and a scan of the table per value
/// made a batch slower by a sixth.
fn assigned(text: &str) -> Option<&'static str> {
    const NONE: u8 = u8::MAX;
    static INDEX: std::sync::OnceLock<[u8; 676]> = std::sync::OnceLock::new();
    let slot = |code: &[u8]| usize::from(code[0] - b'A') * 26 + usize::from(code[1] - b'A');
    let bytes = text.as_bytes();
    if bytes.len() != 2 || !bytes.iter().all(u8::is_ascii_uppercase) {
        return None;
    }
    let index = INDEX.get_or_init(|| {
        let mut index = [NONE; 676];
        for (position, country) in COUNTRIES.iter().enumerate() {
            index[slot(country.alpha2.as_bytes())] = u8::try_from(position).unwrap_or(NONE);
        }
        index
    });
    COUNTRIES.get(usize::from(index[slot(bytes)])).map(|country| country.alpha2)
}

pub fn lookup(text: &str) -> Lookup {
    if assigned(text).is_some() {
        return Lookup::Valid;
    }
    let recognised = match text.len() {
        2 | 3 => by_code(text).or_else(|| by_name(text)),
        _ => by_name(text),
    };
    recognised.map_or(Lookup::Unknown, Lookup::Recognised)
}

/// Everyday names ISO does not use, each naming exactly one country.
const ALIASES: &[(&str, &str)] = &[
    ("united states", "US"), ("united states of america", "US"), ("america", "US"), ("us of a", "US"),
    ("uk", "GB"), ("united kingdom", "GB"), ("great britain", "GB"), ("britain", "GB"), ("england", "GB"), ("scotland", "GB"), ("wales", "GB"), ("northern ireland", "GB"),
    ("south korea", "KR"), ("republic of korea", "KR"), ("north korea", "KP"), ("russia", "RU"), ("vietnam", "VN"), ("laos", "LA"), ("syria", "SY"),
    ("czech republic", "CZ"), ("ivory coast", "CI"), ("turkiye", "TR"), ("north macedonia", "MK"), ("eswatini", "SZ"), ("holland", "NL"),
    ("burma", "MM"), ("cape verde", "CV"), ("vatican", "VA"), ("vatican city", "VA"), ("macau", "MO"), ("uae", "AE"), ("bosnia", "BA"),
    ("brunei", "BN"), ("east timor", "TL"), ("dr congo", "CD"), ("drc", "CD"), ("democratic republic of the congo", "CD"), ("republic of the congo", "CG"),
];

fn by_name(text: &str) -> Option<&'static str> {
    let key = name_key(text);
    let key = key.strip_prefix("the ").unwrap_or(&key);
    if let Some((_, code)) = ALIASES.iter().find(|(alias, _)| *alias == key) {
        return Some(code);
    }
    let mut found = None;
    for (code, names) in iso_name_keys_by_country() {
        if names.iter().any(|name| name == key) {
            if found.is_some_and(|found| found != *code) {
                return None; // two countries share the name: not certain
            }
            found = Some(*code);
            if names[0] == key {
                return found; // the full ISO name is certain
            }
        }
    }
    found
}

/// Every country's name keys, folded once: folding 249 names on every look-up made a batch
/// of unrecognised countries cost milliseconds a record.
fn iso_name_keys_by_country() -> &'static [(&'static str, Vec<String>)] {
    static KEYS: std::sync::OnceLock<Vec<(&'static str, Vec<String>)>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| COUNTRIES.iter().map(|country| (country.alpha2, iso_name_keys(country.name))).collect())
}

/// The ISO name and the short forms people write: "Bolivia (Plurinational State of)" is also
/// "Bolivia", "Tanzania, United Republic of" is also "Tanzania".
fn iso_name_keys(name: &str) -> Vec<String> {
    let mut keys = vec![name_key(name)];
    if let Some((short, _)) = name.split_once(" (").or_else(|| name.split_once(", ")) {
        keys.push(name_key(short));
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suggested(text: &str) -> Option<&'static str> {
        match lookup(text) {
            Lookup::Recognised(code) => Some(code),
            _ => None,
        }
    }

    #[test]
    fn recognises_codes_names_and_aliases() {
        assert!(matches!(lookup("US"), Lookup::Valid));
        assert_eq!(suggested("USA"), Some("US"));
        assert_eq!(suggested("us"), Some("US"));
        assert_eq!(suggested("United States"), Some("US"));
        assert_eq!(suggested("Germany"), Some("DE"));
        assert_eq!(suggested("deu"), Some("DE"));
        assert_eq!(suggested("UK"), Some("GB"));
        assert_eq!(suggested("Côte d’Ivoire"), Some("CI"));
        assert_eq!(suggested("Bolivia"), Some("BO"));
        assert_eq!(suggested("Tanzania"), Some("TZ"));
        assert_eq!(suggested("The Netherlands"), Some("NL"));
        assert_eq!(suggested("Congo"), Some("CG"));
    }

    #[test]
    fn ambiguous_and_unknown_names_get_no_suggestion() {
        assert_eq!(suggested("Korea"), None);
        assert_eq!(suggested("Atlantis"), None);
        assert!(matches!(lookup("XX"), Lookup::Unknown));
    }
}
