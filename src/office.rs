//! Office resolution (RULES.md section 5) and where the phone number comes from (section 6).

use crate::diagnostic::Diagnostic;
use crate::rules::{country, offices as rules, values};
use crate::text::loose_key;
use crate::user::{Attr, UserView};
use serde::Serialize;
use std::collections::BTreeMap;

/// An office of the Dialpad account, as the admin describes it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Office {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub main: Option<bool>,
    /// Numbers left in the office's unassigned pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available_numbers: Option<u64>,
    /// Licenses left, by license value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available_licenses: Option<BTreeMap<String, u64>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum DecidedBy {
    OfficeName,
    PhysicalDeliveryOfficeName,
    Department,
    Country,
    Dialpad,
}

impl DecidedBy {
    fn for_attribute(attribute: &str) -> DecidedBy {
        match attribute {
            "officeName" => DecidedBy::OfficeName,
            "physicalDeliveryOfficeName" => DecidedBy::PhysicalDeliveryOfficeName,
            _ => DecidedBy::Department,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    /// The value names an office exactly (or the country has exactly one office).
    Matched,
    /// The value differs from an office name only by case, spacing or accents: not a match.
    NearMiss,
    NoMatch,
    Absent,
    /// Several offices are in the country: Dialpad chooses among them.
    Ambiguous,
    /// An earlier step decided, so this one is not tried.
    Skipped,
    /// Dialpad picks the office itself.
    DialpadChooses,
}

/// One step of section 5, as Dialpad takes it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TraceStep {
    /// The step of RULES.md section 5: 1 for each of the three attributes (a near miss is
    /// step 2's finding on one of them), 3 for the country, 4 for Dialpad's own choice.
    pub step: u8,
    /// The attribute tried: officeName, physicalDeliveryOfficeName, department, country, or dialpad.
    pub attribute: &'static str,
    /// JSON Pointer of the value tried.
    pub source: Option<String>,
    pub value: Option<String>,
    pub outcome: Outcome,
    /// The office matched or nearly matched.
    pub office: Option<String>,
    /// Offices considered at this step (those in the country, for step 3).
    pub candidates: Vec<String>,
    pub note: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum NumberSource {
    /// From the office's unassigned number pool.
    Pool,
    /// The pool is empty: a new number in the area code chosen when the account was created.
    AreaCode,
    /// dialpad_support users get no number by default.
    None,
    /// The office, or its pool, is not known.
    Unknown,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NumberAssignment {
    pub source: NumberSource,
    pub office: Option<String>,
    pub available_numbers: Option<u64>,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OfficeResolution {
    pub office: Option<String>,
    pub decided_by: DecidedBy,
    pub trace: Vec<TraceStep>,
    pub number: NumberAssignment,
    pub diagnostics: Vec<Diagnostic>,
}

/// Decides the office as Dialpad would, with every step in the trace; `diagnostics` gets the
/// near misses, fall-backs and ambiguities.
pub fn resolve(view: &UserView<'_, '_>, offices: &[Office]) -> OfficeResolution {
    let mut trace = Vec::new();
    let mut diagnostics = Vec::new();
    let mut decided: Option<(Option<String>, DecidedBy)> = None;
    for (attribute, attr) in view.office_attributes() {
        let step_result = if decided.is_some() { skipped(1, attribute, attr) } else { try_attribute(1, attribute, attr, offices, &mut diagnostics) };
        if step_result.outcome == Outcome::Matched && decided.is_none() {
            decided = Some((step_result.office.clone(), DecidedBy::for_attribute(attribute)));
        }
        trace.push(step_result);
    }
    let country_step = if decided.is_some() { skipped(3, "country", view.country()) } else { try_country(view, offices, &mut diagnostics) };
    if decided.is_none() && matches!(country_step.outcome, Outcome::Matched | Outcome::Ambiguous) {
        decided = Some((country_step.office.clone(), DecidedBy::Country));
    }
    trace.push(country_step);
    let (office, decided_by) = match decided {
        Some(decision) => decision,
        None => {
            let (step, office) = dialpad_chooses(view, offices, &mut diagnostics);
            trace.push(step);
            (office, DecidedBy::Dialpad)
        }
    };
    let number = number_assignment(view, office.as_deref(), offices);
    if let Some(office) = &office {
        diagnostics.push(rules::resolved(view, office, decided_by));
    }
    OfficeResolution { office, decided_by, trace, number, diagnostics }
}

fn value_of(attr: Option<&Attr<'_, '_>>) -> (Option<String>, Option<String>) {
    (attr.map(Attr::pointer), attr.and_then(|attr| attr.text().map(str::to_string)))
}

fn skipped(step: u8, attribute: &'static str, attr: Option<&Attr<'_, '_>>) -> TraceStep {
    let (source, value) = value_of(attr);
    TraceStep { step, attribute, source, value, outcome: Outcome::Skipped, office: None, candidates: Vec::new(), note: "Not tried: an earlier attribute already matched an office.".into() }
}

fn try_attribute(step: u8, attribute: &'static str, attr: Option<&Attr<'_, '_>>, offices: &[Office], diagnostics: &mut Vec<Diagnostic>) -> TraceStep {
    let (source, value) = value_of(attr);
    let mut result = TraceStep { step, attribute, source, value, outcome: Outcome::Absent, office: None, candidates: Vec::new(), note: String::new() };
    let Some(attr) = attr else {
        result.note = format!("{attribute} is not set.");
        return result;
    };
    let Some(text) = attr.text().filter(|text| !text.trim().is_empty()) else {
        result.note = format!("{attribute} holds no text, so it names no office.");
        return result;
    };
    if let Some(office) = offices.iter().find(|office| office.name == text) {
        result.outcome = Outcome::Matched;
        result.office = Some(office.name.clone());
        result.note = format!("\"{text}\" is the name of an office, exactly.");
        return result;
    }
    let key = loose_key(text);
    match offices.iter().find(|office| loose_key(&office.name) == key) {
        Some(office) => {
            result.outcome = Outcome::NearMiss;
            result.office = Some(office.name.clone());
            result.note = format!("\"{text}\" differs from the office \"{}\" only by case, spacing or accents; Dialpad needs an exact match, so it is not used.", office.name);
            diagnostics.push(rules::near_miss(attr, text, &office.name));
        }
        None => {
            result.outcome = Outcome::NoMatch;
            result.note = format!("\"{text}\" is the name of no office.");
            diagnostics.push(rules::no_match(attr, text, offices));
        }
    }
    result
}

/// The alpha-2 code of an office's country, which the admin may have written as a name.
fn office_country(office: &Office) -> Option<&'static str> {
    office.country.as_deref().and_then(country::alpha2)
}

fn try_country(view: &UserView<'_, '_>, offices: &[Office], diagnostics: &mut Vec<Diagnostic>) -> TraceStep {
    let attr = view.country();
    let (source, value) = value_of(attr);
    let mut result = TraceStep { step: 3, attribute: "country", source, value, outcome: Outcome::Absent, office: None, candidates: Vec::new(), note: String::new() };
    let Some(text) = attr.and_then(values::text) else {
        result.note = "No country is set.".into();
        return result;
    };
    let Some(code) = country::lookup_valid(text) else {
        result.outcome = Outcome::NoMatch;
        result.note = format!("\"{text}\" is not an ISO 3166-1 alpha-2 code, so Dialpad cannot match it to an office's country.");
        return result;
    };
    result.candidates = offices.iter().filter(|office| office_country(office) == Some(code)).map(|office| office.name.clone()).collect();
    match result.candidates.len() {
        0 => {
            result.outcome = Outcome::NoMatch;
            result.note = format!("No office is in {code}.");
        }
        1 => {
            result.outcome = Outcome::Matched;
            result.office = result.candidates.first().cloned();
            result.note = format!("The only office in {code}.");
        }
        count => {
            result.outcome = Outcome::Ambiguous;
            result.note = format!("{count} offices are in {code}; Dialpad chooses among them.");
            if let Some(attr) = attr {
                diagnostics.push(rules::country_ambiguous(attr, code, &result.candidates));
            }
        }
    }
    result
}

fn dialpad_chooses(view: &UserView<'_, '_>, offices: &[Office], diagnostics: &mut Vec<Diagnostic>) -> (TraceStep, Option<String>) {
    let mut step = TraceStep { step: 4, attribute: "dialpad", source: None, value: None, outcome: Outcome::DialpadChooses, office: None, candidates: offices.iter().map(|office| office.name.clone()).collect(), note: String::new() };
    if let [only] = offices {
        step.office = Some(only.name.clone());
        step.note = "No attribute or country decided, and the account has one office: the user goes there.".into();
        return (step, Some(only.name.clone()));
    }
    step.note = "No attribute or country decided: Dialpad puts the user in the office it judges the best match, which the admin does not control.".into();
    diagnostics.push(rules::dialpad_chooses(view));
    (step, None)
}

fn number_assignment(view: &UserView<'_, '_>, office: Option<&str>, offices: &[Office]) -> NumberAssignment {
    let office_record = office.and_then(|name| offices.iter().find(|candidate| candidate.name == name));
    let available_numbers = office_record.and_then(|office| office.available_numbers);
    let (source, note) = if view.license_text().map(str::trim) == Some("dialpad_support") {
        (NumberSource::None, "dialpad_support users get no number (DID) by default.".to_string())
    } else {
        match (office, available_numbers) {
            (None, _) => (NumberSource::Unknown, "The office is Dialpad's choice, so which pool the number comes from is not known.".to_string()),
            (Some(office), Some(0)) => (NumberSource::AreaCode, format!("The unassigned number pool of {office} is empty: Dialpad assigns a new number in the area code chosen when the account was created.")),
            (Some(office), Some(count)) => (NumberSource::Pool, format!("From the unassigned number pool of {office} ({count} left).")),
            (Some(office), None) => (NumberSource::Unknown, format!("From the unassigned number pool of {office}, or, if it is empty, a new number in the account's area code (the pool size is not given).")),
        }
    };
    NumberAssignment { source, office: office.map(str::to_string), available_numbers, note }
}

crate::json_out::names!(DecidedBy { OfficeName => "officeName", PhysicalDeliveryOfficeName => "physicalDeliveryOfficeName", Department => "department", Country => "country", Dialpad => "dialpad" });
crate::json_out::names!(Outcome { Matched => "matched", NearMiss => "nearMiss", NoMatch => "noMatch", Absent => "absent", Ambiguous => "ambiguous", Skipped => "skipped", DialpadChooses => "dialpadChooses" });
crate::json_out::names!(NumberSource { Pool => "pool", AreaCode => "areaCode", None => "none", Unknown => "unknown" });

impl crate::json_out::ToJson for TraceStep {
    fn to_json(&self, out: &mut Vec<u8>) {
        crate::json_out::object!(out; "step" => &self.step, "attribute" => self.attribute, "source" => &self.source, "value" => &self.value, "outcome" => &self.outcome, "office" => &self.office, "candidates" => &self.candidates, "note" => &self.note);
    }
}

impl crate::json_out::ToJson for NumberAssignment {
    fn to_json(&self, out: &mut Vec<u8>) {
        crate::json_out::object!(out; "source" => &self.source, "office" => &self.office, "availableNumbers" => &self.available_numbers, "note" => &self.note);
    }
}

impl crate::json_out::ToJson for OfficeResolution {
    fn to_json(&self, out: &mut Vec<u8>) {
        crate::json_out::object!(out; "office" => &self.office, "decidedBy" => &self.decided_by, "trace" => &self.trace, "number" => &self.number, "diagnostics" => &self.diagnostics);
    }
}
