//! Office and capacity diagnostics (RULES.md sections 5 and 6), given the account's offices.

use crate::diagnostic::{Diagnostic, Location, Rule, Severity::*};
use crate::office::{DecidedBy, Office};
use crate::user::{Attr, UserView};
use serde::Serialize;
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
    Diagnostic::new(&DIALPAD_CHOOSES, &view.home(), message).hint("Set officeName (or department) to the exact name of an office.")
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
    Diagnostic::new(&RESOLVED, &at.unwrap_or_else(|| view.home()), format!("Dialpad will put this user in the office \"{office}\", decided by {by}."))
}

/// One new user placed in an office, for the capacity totals.
pub struct Placement {
    pub office: String,
    pub license: Option<String>,
    pub needs_number: bool,
}

/// New users per office and license, and per office the users who need a number; totals
/// as records stream past, compared with what each office has left at the end.
#[derive(Default)]
pub struct Tally {
    per_license: BTreeMap<(String, Option<String>), u64>,
    numbers: BTreeMap<String, u64>,
}

/// One line of the per-office capacity summary.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CapacityRow {
    pub office: String,
    /// The license value; `None` for users on the account's default license.
    pub license: Option<String>,
    pub users: u64,
    /// Licenses left in the office, when the admin gave the number.
    pub available: Option<u64>,
    /// Users beyond what is left: Dialpad adds these licenses at a prorated charge.
    pub beyond: u64,
}

/// Per office, the new users who need a number against the unassigned pool.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NumberRow {
    pub office: String,
    pub users: u64,
    pub pool: Option<u64>,
    /// Users beyond the pool: they get new numbers in the account's area code.
    pub beyond: u64,
}

impl Tally {
    pub fn add(&mut self, placement: Placement) {
        if placement.needs_number {
            *self.numbers.entry(placement.office.clone()).or_default() += 1;
        }
        *self.per_license.entry((placement.office, placement.license)).or_default() += 1;
    }

    pub fn capacity_rows(&self, offices: &[Office]) -> Vec<CapacityRow> {
        self.per_license
            .iter()
            .map(|((office, license), &users)| {
                let available = license.as_ref().and_then(|license| find(offices, office)?.available_licenses.as_ref()?.get(license).copied());
                CapacityRow { office: office.clone(), license: license.clone(), users, available, beyond: available.map_or(0, |left| users.saturating_sub(left)) }
            })
            .collect()
    }

    pub fn number_rows(&self, offices: &[Office]) -> Vec<NumberRow> {
        self.numbers
            .iter()
            .map(|(office, &users)| {
                let pool = find(offices, office).and_then(|office| office.available_numbers);
                NumberRow { office: office.clone(), users, pool, beyond: pool.map_or(0, |pool| users.saturating_sub(pool)) }
            })
            .collect()
    }

    /// The capacity notes: licenses Dialpad will add at a prorated charge, numbers from the area code.
    pub fn diagnostics(&self, offices: &[Office]) -> Vec<Diagnostic> {
        let whole = Location::whole_input();
        let mut out = Vec::new();
        for row in self.capacity_rows(offices).into_iter().filter(|row| row.beyond > 0) {
            let (Some(license), Some(left)) = (&row.license, row.available) else { continue };
            let message = format!("{}: {} need {license} and {left} are left, so Dialpad adds {} at a prorated charge.", row.office, plural(row.users, "new user"), row.beyond);
            out.push(Diagnostic::new(&LICENSES_SHORT, &whole, message).hint("Buy the licenses ahead, or expect them on the next invoice."));
        }
        for row in self.number_rows(offices).into_iter().filter(|row| row.beyond > 0) {
            let message = format!(
                "{}: {} need a number and {} are in the unassigned pool, so {} get a new number in the area code chosen when the account was created.",
                row.office,
                plural(row.users, "new user"),
                row.pool.unwrap_or(0),
                row.beyond
            );
            out.push(Diagnostic::new(&AREA_CODE_NUMBERS, &whole, message).hint("Add numbers to the office's pool first if the users need local numbers."));
        }
        out
    }
}

/// Totals one batch of placements against the offices (the non-streaming callers).
pub fn capacity(placements: Vec<Placement>, offices: &[Office]) -> Vec<Diagnostic> {
    let mut tally = Tally::default();
    placements.into_iter().for_each(|placement| tally.add(placement));
    tally.diagnostics(offices)
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

impl crate::json_out::ToJson for CapacityRow {
    fn to_json(&self, out: &mut Vec<u8>) {
        crate::json_out::object!(out; "office" => &self.office, "license" => &self.license, "users" => &self.users, "available" => &self.available, "beyond" => &self.beyond);
    }
}

impl crate::json_out::ToJson for NumberRow {
    fn to_json(&self, out: &mut Vec<u8>) {
        crate::json_out::object!(out; "office" => &self.office, "users" => &self.users, "pool" => &self.pool, "beyond" => &self.beyond);
    }
}
