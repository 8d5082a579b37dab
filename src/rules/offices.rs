//! Office and capacity diagnostics (RULES.md sections 5 and 6), given the account's offices.

use crate::diagnostic::{Diagnostic, Location, Rule, Severity::*};
use crate::office::{DecidedBy, Office};
use crate::user::{Attr, UserView};
use std::collections::BTreeMap;

pub const NEAR_MISS: Rule = Rule { code: "office.near_miss", severity: Warning, section: "5", summary: "An office attribute differs from an office name only by case, spacing or accents, which Dialpad does not count as a match." };
pub const NO_MATCH: Rule = Rule { code: "office.no_match", severity: Warning, section: "5", summary: "An office attribute names no office, so Dialpad falls back to the next attribute or the country." };
pub const COUNTRY_AMBIGUOUS: Rule = Rule { code: "office.country_ambiguous", severity: Warning, section: "5", summary: "The office falls to the country, and several offices share it: Dialpad chooses." };
pub const DIALPAD_CHOOSES: Rule = Rule { code: "office.dialpad_chooses", severity: Warning, section: "5", summary: "No attribute or country decides the office: Dialpad picks the best matching office." };
pub const RESOLVED: Rule = Rule { code: "office.resolved", severity: Info, section: "5", summary: "The office Dialpad will put the user in, and what decided it." };
pub const LICENSES_SHORT: Rule = Rule { code: "office.licenses_short", severity: Info, section: "6", summary: "An office has fewer licenses left than its new users need: Dialpad adds them at a prorated charge." };
pub const AREA_CODE_NUMBERS: Rule = Rule { code: "number.area_code", severity: Info, section: "6", summary: "An office's unassigned number pool is smaller than its new users need: the rest get new numbers in the account's area code." };

pub const RULES: &[&Rule] = &[&NEAR_MISS, &NO_MATCH, &COUNTRY_AMBIGUOUS, &DIALPAD_CHOOSES, &RESOLVED, &LICENSES_SHORT, &AREA_CODE_NUMBERS];

pub fn near_miss(attr: &Attr<'_, '_>, text: &str, office: &str) -> Diagnostic {
    let message = format!("{} \"{text}\" is not the office \"{office}\": it differs only by case, spacing or accents, and Dialpad needs the exact name, so it falls back to the next attribute or the country.", attr.name);
    Diagnostic::new(&NEAR_MISS, &attr.at(), message).hint(format!("Write the office name exactly: \"{office}\".")).suggest(office)
}

pub fn no_match(attr: &Attr<'_, '_>, text: &str, offices: &[Office]) -> Diagnostic {
    let names: Vec<&str> = offices.iter().map(|office| office.name.as_str()).take(10).collect();
    let message = format!("{} \"{text}\" names no office of the account: Dialpad falls back to the next office attribute, then to the country.", attr.name);
    Diagnostic::new(&NO_MATCH, &attr.at(), message).hint(format!("The offices are: {}.", names.join(", ")))
}

pub fn country_ambiguous(attr: &Attr<'_, '_>, code: &str, candidates: &[String]) -> Diagnostic {
    let message = format!("The office falls to the country, {code}, and {} offices are there ({}): which one the user joins is Dialpad's choice.", candidates.len(), candidates.join(", "));
    Diagnostic::new(&COUNTRY_AMBIGUOUS, &attr.at(), message).hint("Set officeName to the exact office name to choose it.")
}

pub fn dialpad_chooses(view: &UserView<'_, '_>) -> Diagnostic {
    let message = "No office attribute names an office and the country picks none: Dialpad puts the user in the office it judges the best match, which is not under your control.";
    Diagnostic::new(&DIALPAD_CHOOSES, &view.home, message).hint("Set officeName (or department) to the exact name of an office.")
}

pub fn resolved(view: &UserView<'_, '_>, office: &str, decided_by: DecidedBy) -> Diagnostic {
    let by = match decided_by {
        DecidedBy::OfficeName => "officeName",
        DecidedBy::PhysicalDeliveryOfficeName => "physicalDeliveryOfficeName",
        DecidedBy::Department => "department",
        DecidedBy::Country => "the country",
        DecidedBy::Dialpad => "the account having a single office",
    };
    let at = match decided_by {
        DecidedBy::OfficeName => view.office_name.as_ref().map(Attr::at),
        DecidedBy::PhysicalDeliveryOfficeName => view.physical_office.as_ref().map(Attr::at),
        DecidedBy::Department => view.department.as_ref().map(Attr::at),
        DecidedBy::Country => view.country().map(Attr::at),
        DecidedBy::Dialpad => None,
    };
    Diagnostic::new(&RESOLVED, &at.unwrap_or_else(|| view.home.clone()), format!("Dialpad will put this user in the office \"{office}\", decided by {by}."))
}

/// One new user placed in an office, for the capacity totals.
pub struct Placement {
    pub office: String,
    pub license: Option<String>,
    pub needs_number: bool,
}

/// Totals the users per office and license against what each office has left.
pub fn capacity(placements: &[Placement], offices: &[Office]) -> Vec<Diagnostic> {
    let mut per_license: BTreeMap<(&str, &str), u64> = BTreeMap::new();
    let mut numbers: BTreeMap<&str, u64> = BTreeMap::new();
    for placement in placements {
        if let Some(license) = &placement.license {
            *per_license.entry((placement.office.as_str(), license.as_str())).or_default() += 1;
        }
        if placement.needs_number {
            *numbers.entry(placement.office.as_str()).or_default() += 1;
        }
    }
    let mut out = Vec::new();
    let whole = Location::whole_input();
    for ((office_name, license), needed) in per_license {
        let left = find(offices, office_name).and_then(|office| office.available_licenses.as_ref()).and_then(|licenses| licenses.get(license)).copied();
        if let Some(left) = left.filter(|left| needed > *left) {
            let users = plural(needed, "new user");
            let message = format!("{office_name}: {users} need {license} and {left} are left, so Dialpad adds {} at a prorated charge.", needed - left);
            out.push(Diagnostic::new(&LICENSES_SHORT, &whole, message).hint("Buy the licenses ahead, or expect them on the next invoice."));
        }
    }
    for (office_name, needed) in numbers {
        let left = find(offices, office_name).and_then(|office| office.available_numbers);
        if let Some(left) = left.filter(|left| needed > *left) {
            let users = plural(needed, "new user");
            let message = format!("{office_name}: {users} need a number and {left} are in the unassigned pool, so {} get a new number in the area code chosen when the account was created.", needed - left);
            out.push(Diagnostic::new(&AREA_CODE_NUMBERS, &whole, message).hint("Add numbers to the office's pool first if the users need local numbers."));
        }
    }
    out
}

fn find<'o>(offices: &'o [Office], name: &str) -> Option<&'o Office> {
    offices.iter().find(|office| office.name == name)
}

fn plural(count: u64, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}
