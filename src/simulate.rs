//! simulate: every Okta user through the admin's attribute mappings to the SCIM request Okta
//! will send, checked against every rule. The mapping is read and its expressions parsed and
//! inspected once; then for each user the expressions are evaluated, the body is built where
//! the app user schema puts each attribute, and the body goes through `validate`. What the
//! body's report finds is traced back to the expression, and to the Okta attribute, it came from.

use crate::app_user_schema::{AppUserSchema, Target};
use crate::diagnostic::{Diagnostic, Location, Origin};
use crate::el::functions::Groups;
use crate::el::{self, Environment, EvalError, Expr, Finding, Patterns, Source, Traced, Value};
use crate::input::{self, Format, Kind, Record, ENTERPRISE_URN};
use crate::json::{escape_pointer_token, Node, Span, Value as JsonValue};
use crate::profile_mapping::{Expression, ProfileMapping, Property, Push, OKTA_BASE_PROFILE};
use crate::rules::{license, okta_mapping as rules};
use crate::scim_body::{Body, Json, Names, Path};
use crate::user::ENTERPRISE_ATTRIBUTES;
use crate::{BatchState, OneOrMany, Operation, Options, Report};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

/// What `simulate` reads besides the users and the mapping.
pub struct SimulateOptions {
    /// For the users and the bodies: `format`, `offices`, `operation`, and `positions` (whether
    /// the users were text).
    pub options: Options,
    /// Whether the mapping was text, so its diagnostics get lines and columns.
    pub mapping_positions: bool,
    pub schema: AppUserSchema,
    /// Each user's groups by login, for isMemberOfGroupName and friends.
    pub groups: Option<HashMap<String, Vec<String>>>,
}

impl Default for SimulateOptions {
    fn default() -> Self {
        SimulateOptions { options: Options::default(), mapping_positions: true, schema: AppUserSchema::template(), groups: None }
    }
}

/// One Okta user through the mapping.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Simulation {
    /// Index of the user in a batch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<usize>,
    /// The Okta user's login.
    pub login: Option<String>,
    /// Each app attribute of the mapping, in its order.
    pub app_user: AppUser,
    /// What Okta sends; `None` when the record could not be simulated.
    pub request: Option<Request>,
    /// `validate` of the body, positioned in `JSON.stringify(request.body, null, 2)`.
    pub report: Option<Report>,
    /// About the mapping, positioned in the mapping text.
    pub diagnostics: Vec<Diagnostic>,
    /// About this Okta user, positioned in the users text.
    pub user_diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Default)]
pub struct AppUser(pub Vec<(Rc<str>, AppUserValue)>);

impl Serialize for AppUser {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (attribute, value) in &self.0 {
            map.serialize_entry(attribute.as_ref(), value)?;
        }
        map.end()
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppUserValue {
    /// The value the expression gives (null when unset, or unknown).
    pub value: Json,
    pub expression: Option<Rc<str>>,
    /// The Okta user attributes the expression read, as JSON Pointers into the user.
    pub reads: Rc<[Rc<str>]>,
    /// The value could not be computed here (see the mapping's diagnostics).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unknown: bool,
    /// Whether the value is in the request body.
    pub sent: bool,
}

#[derive(Debug, Serialize)]
pub struct Request {
    pub method: &'static str,
    pub path: &'static str,
    pub body: Json,
}

/// One property of the mapping, read and inspected once for all users.
struct Compiled {
    property: Property,
    attribute: Rc<str>,
    expression: Option<Rc<str>>,
    /// The parsed expression; `None` when unmapped or unreadable.
    expr: Option<Expr>,
    /// Nothing can be computed from it (a syntax error, an unknown function, a limit).
    unusable: bool,
    target: Option<Target>,
    /// Where its value goes in the body: `None` when nowhere (no target, or no namespace, which
    /// Okta drops), an error when the external name is not a path this checker follows.
    path: Option<Result<Path, String>>,
    /// Where its value goes in the body, as a ranking of the schema's attributes.
    order: usize,
    /// The Dialpad attribute it is, when it is one (`licenseType`, `officeName`, ...).
    dialpad: Option<&'static str>,
    user_references: Vec<(String, Span)>,
}

impl Compiled {
    fn location(&self) -> Location {
        Location::new(self.property.pointer.clone(), self.property.key_span)
    }

    fn expression(&self) -> Option<&Expression> {
        self.property.expression.as_ref()
    }
}

/// The Dialpad attributes by their template names (RULES.md section 2).
const DIALPAD_ATTRIBUTES: [&str; 10] =
    ["userName", "givenName", "familyName", "title", "preferredLanguage", "countryCode", "licenseType", "officeName", "physicalDeliveryOfficeName", "department"];

/// Which Dialpad attribute a target is: one at the template's place for it, or named as it.
fn dialpad_attribute(target: Option<&Target>, attribute: &str, template: &AppUserSchema) -> Option<&'static str> {
    let at_place = target.and_then(|target| {
        DIALPAD_ATTRIBUTES.into_iter().find(|name| {
            template.target(name).is_some_and(|place| place.external_name == target.external_name && place.namespace.as_deref().map(str::to_ascii_lowercase) == target.namespace.as_deref().map(str::to_ascii_lowercase))
        })
    });
    at_place.or_else(|| DIALPAD_ATTRIBUTES.into_iter().find(|name| *name == attribute))
}

/// Where the schema puts an attribute: its target, its path in the body (`None` when nowhere:
/// no target, or no namespace, which Okta drops), and its rank in the body's order.
fn placement(schema: &AppUserSchema, attribute: &str) -> (Option<Target>, Option<Result<Path, String>>, usize) {
    let target = schema.target(attribute).cloned();
    let order = schema.targets.iter().position(|candidate| candidate.attribute == attribute).unwrap_or(usize::MAX);
    let path = target.as_ref().and_then(|target| target.namespace.as_deref().map(|namespace| Path::parse(&target.external_name, namespace)));
    (target, path, order)
}

/// Where each attribute of a mapping goes in the body, and the order Okta writes them in: what
/// a caller needs to build each body again from the app user's values (the wasm boundary's
/// JavaScript does, rather than reading every body whole).
pub struct BodyPlan {
    /// By attribute, in the mapping's order.
    pub paths: Vec<Option<Path>>,
    pub order: Vec<usize>,
}

pub fn body_plan(mapping: &ProfileMapping, schema: &AppUserSchema) -> BodyPlan {
    let placed: Vec<_> = mapping.properties.iter().map(|property| placement(schema, &property.attribute)).collect();
    let mut order: Vec<usize> = (0..placed.len()).collect();
    order.sort_by_key(|&index| placed[index].2);
    BodyPlan { paths: placed.into_iter().map(|(_, path, _)| path.and_then(Result::ok)).collect(), order }
}

fn compile(mapping: &ProfileMapping, schema: &AppUserSchema, groups_given: bool, mapping_text: &str, out: &mut Vec<Diagnostic>) -> Vec<Compiled> {
    let template = AppUserSchema::template();
    let mut compiled = Vec::with_capacity(mapping.properties.len());
    for property in &mapping.properties {
        let (target, path, order) = placement(schema, &property.attribute);
        let dialpad = dialpad_attribute(target.as_ref(), &property.attribute, &template);
        let mut entry = Compiled {
            path,
            attribute: Rc::from(property.attribute.as_str()),
            expression: property.expression.as_ref().map(|expression| Rc::from(expression.text.as_str())),
            expr: None,
            unusable: false,
            target,
            order,
            dialpad,
            user_references: Vec::new(),
            property: property.clone(),
        };
        if let Some(expression) = &property.expression {
            match el::parse(&expression.text) {
                Ok(expr) => {
                    let (findings, references) = el::inspect(&expr, groups_given);
                    entry.unusable = findings.iter().any(|finding| matches!(finding, Finding::UnknownFunction { .. } | Finding::Arguments { .. } | Finding::BareName { .. }));
                    out.extend(findings.iter().map(|finding| finding_diagnostic(finding, &property.attribute, expression, mapping_text)));
                    entry.user_references = references.user;
                    entry.expr = Some(expr);
                }
                Err(error) => {
                    let at = expression.at(mapping_text, error.span);
                    out.push(if error.limit { rules::limit(&at, &property.attribute, &error.message) } else { rules::syntax(&at, &property.attribute, &error.message) });
                    entry.unusable = true;
                }
            }
        }
        compiled.push(entry);
    }
    compiled
}

fn finding_diagnostic(finding: &Finding, attribute: &str, expression: &Expression, mapping_text: &str) -> Diagnostic {
    match finding {
        Finding::UnknownFunction { name, span, closest } => rules::unknown_function(&expression.at(mapping_text, *span), attribute, name, *closest),
        Finding::Arguments { name, span, expected, given } => rules::arguments(&expression.at(mapping_text, *span), attribute, name, expected, *given),
        Finding::NotEvaluated { construct, span, why } => rules::not_evaluated(&expression.at(mapping_text, *span), attribute, construct, why),
        Finding::BareName { name, span } => rules::bare_name(&expression.at(mapping_text, *span), attribute, name),
    }
}

/// What the mapping as a whole lacks or misplaces, whoever the users are.
fn mapping_checks(compiled: &[Compiled], schema: &AppUserSchema, mapping: &ProfileMapping, out: &mut Vec<Diagnostic>) {
    let home = if mapping.properties.is_empty() { Location::whole_input() } else { Location { pointer: parent_pointer(&mapping.properties[0].pointer), span: None } };
    if schema.assumed {
        out.push(rules::schema_assumed(&Location::whole_input()));
    }
    let mapped = |name: &str| compiled.iter().find(|entry| entry.dialpad == Some(name) && entry.expression.is_some());
    for entry in compiled.iter().filter(|entry| entry.expression.is_some()) {
        match &entry.target {
            None => out.push(rules::unknown_target(&entry.location(), &entry.property.attribute, !schema.assumed)),
            Some(target) => {
                let custom = ENTERPRISE_ATTRIBUTES.iter().any(|name| name.eq_ignore_ascii_case(&target.attribute) || name.eq_ignore_ascii_case(&target.external_name));
                let in_enterprise = target.namespace.as_deref().is_some_and(|namespace| namespace == ENTERPRISE_URN);
                if custom && !in_enterprise {
                    out.push(rules::namespace(&entry.location(), &entry.property.attribute, target.namespace.as_deref(), ENTERPRISE_URN));
                }
            }
        }
        if let Some(Err(why)) = &entry.path {
            out.push(rules::unknown_target(&entry.location(), &format!("{} ({why})", entry.property.attribute), true));
        }
        if entry.property.push == Push::CreateOnly && entry.dialpad.is_some_and(|name| name != "licenseType") {
            out.push(rules::create_only(&entry.location(), &entry.property.attribute));
        }
    }
    for (name, feeds, without) in rules::DIALPAD_READS {
        if mapped(name).is_some() {
            continue;
        }
        let at = compiled.iter().find(|entry| entry.dialpad == Some(*name)).map_or_else(|| home.clone(), Compiled::location);
        out.push(match without {
            None => rules::required_unmapped(&at, name, feeds),
            Some(consequence) => rules::unmapped(&at, name, consequence),
        });
    }
    if rules::OFFICE_ATTRIBUTES.iter().all(|name| mapped(name).is_none()) {
        out.push(rules::no_office_attribute(&home));
    }
}

fn parent_pointer(pointer: &str) -> String {
    pointer.rsplit_once('/').map_or_else(String::new, |(parent, _)| parent.to_string())
}

/// user.<name> that no profile has: neither Okta's base profile nor any user checked.
fn unknown_attributes(compiled: &[Compiled], seen: &HashSet<&str>, users: usize, mapping_text: &str, out: &mut Vec<Diagnostic>) {
    if users == 0 {
        return;
    }
    let known = || OKTA_BASE_PROFILE.iter().copied().chain(seen.iter().copied());
    for entry in compiled {
        let Some(expression) = entry.expression() else { continue };
        let mut reported = HashSet::new();
        for (name, span) in &entry.user_references {
            if known().any(|known| known == name) || !reported.insert(name.as_str()) {
                continue;
            }
            let closest = crate::text::closest(name, known());
            out.push(rules::unknown_attribute(&expression.at(mapping_text, *span), &entry.property.attribute, name, users, closest));
        }
    }
}

/// What an expression can read for one user.
struct UserEnvironment<'a, 's> {
    profile: Option<&'a Node<'a>>,
    root: &'a Node<'a>,
    groups: Option<&'s [String]>,
    patterns: &'s mut Patterns,
    compiled: &'a [Compiled],
    slots: Vec<Slot<'a>>,
    /// The user attributes read by the evaluation under way.
    reads: Vec<&'a str>,
}

enum Slot<'a> {
    Pending,
    Running,
    Done(Result<Traced<'a>, EvalError>, Vec<&'a str>),
}

impl<'a> UserEnvironment<'a, '_> {
    /// Evaluates every attribute of the mapping for this user, each once (one may have been
    /// evaluated already, through `appuser.`), and hands over each outcome.
    fn evaluate_all(mut self) -> Vec<Outcome<'a>> {
        for index in 0..self.slots.len() {
            if matches!(self.slots[index], Slot::Pending) {
                self.fill(index);
            }
        }
        self.slots
            .into_iter()
            .map(|slot| match slot {
                Slot::Done(result, reads) => Outcome { result, reads },
                // Every slot was filled above; a circle leaves none running.
                _ => Outcome { result: Ok(Traced { value: Value::Unknown, source: Source::Computed }), reads: Vec::new() },
            })
            .collect()
    }

    /// Evaluates the mapping's `index`th attribute into its slot.
    fn fill(&mut self, index: usize) {
        self.slots[index] = Slot::Running;
        let outer = std::mem::take(&mut self.reads);
        let compiled: &'a [Compiled] = self.compiled;
        let result = match &compiled[index].expr {
            Some(expr) if !compiled[index].unusable => el::evaluate(expr, self),
            _ => Ok(Traced { value: if compiled[index].expression.is_some() { Value::Unknown } else { Value::Null }, source: Source::Computed }),
        };
        let reads = std::mem::replace(&mut self.reads, outer);
        reads.iter().for_each(|read| self.note_read(read));
        self.slots[index] = Slot::Done(result, reads);
    }

    /// The value of another attribute, for `appuser.<name>`; what it read counts as read here.
    fn attribute(&mut self, index: usize, at: Span) -> Result<Value<'a>, EvalError> {
        match self.slots[index] {
            Slot::Running => {
                let message = format!("appuser.{} leads back to itself through the mapping, so it has no value", self.compiled[index].attribute);
                return Err(EvalError { message, span: at, limit: false });
            }
            Slot::Pending => self.fill(index),
            Slot::Done(..) => {}
        }
        let Slot::Done(result, reads) = &self.slots[index] else { return Ok(Value::Unknown) };
        let (result, reads) = (result.clone(), reads.clone());
        reads.into_iter().for_each(|read| self.note_read(read));
        result.map(|traced| traced.value)
    }

    /// Adds an attribute to those read by the evaluation under way, once.
    fn note_read(&mut self, name: &'a str) {
        if !self.reads.contains(&name) {
            self.reads.push(name);
        }
    }
}

impl Groups for UserEnvironment<'_, '_> {
    fn groups(&self) -> Option<&[String]> {
        self.groups
    }

    fn matches(&mut self, pattern: &str, text: &str) -> Result<bool, String> {
        self.patterns.matches(pattern, text)
    }
}

impl<'a> Environment<'a> for UserEnvironment<'a, '_> {
    fn user_attribute(&mut self, name: &str) -> Value<'a> {
        let Some(member) = self.profile.and_then(|profile| profile.member(name)) else {
            return Value::Null;
        };
        self.note_read(&member.key);
        json_to_value(&member.value)
    }

    fn internal_property(&mut self, name: &str) -> Value<'a> {
        match name {
            "id" | "status" => self.root.get(name).filter(|_| !std::ptr::eq(self.root, self.profile.unwrap_or(self.root))).map_or(Value::Unknown, json_to_value),
            _ => Value::Unknown,
        }
    }

    fn app_user_attribute(&mut self, name: &str, at: Span) -> Result<Value<'a>, EvalError> {
        match self.compiled.iter().position(|entry| entry.attribute.as_ref() == name) {
            Some(index) => self.attribute(index, at),
            None => Ok(Value::Null),
        }
    }
}

fn json_to_value<'a>(node: &'a Node<'a>) -> Value<'a> {
    match &node.value {
        JsonValue::Null => Value::Null,
        JsonValue::Bool(value) => Value::Bool(*value),
        JsonValue::Number(text) => text.parse().map(Value::Int).unwrap_or_else(|_| text.parse().map_or(Value::Unknown, Value::Num)),
        JsonValue::String(text) => Value::str(text.as_ref()),
        JsonValue::Array(items) => Value::Array(items.iter().map(json_to_value).collect()),
        JsonValue::Object(_) => Value::Unknown,
    }
}

fn value_to_json(value: &Value<'_>) -> Json {
    match value {
        Value::Null | Value::Unknown => Json::Null,
        Value::Str(text) => Json::Str(Rc::from(text.as_ref())),
        Value::Int(number) => Json::Number(number.to_string()),
        Value::Num(number) if number.is_finite() => Json::Number(serde_json::to_string(number).unwrap_or_default()),
        Value::Num(_) => Json::Null,
        Value::Bool(value) => Json::Bool(*value),
        Value::Array(items) => Json::Array(items.iter().map(value_to_json).collect()),
    }
}

/// The profile object of an Okta user record, and its pointer within the record.
fn profile_of<'n, 'a>(record: &'n Record<'a>) -> (&'n Node<'a>, &'static str) {
    match record.node.get("profile") {
        Some(profile) if profile.is_object() => (profile, "/profile"),
        _ => (&record.node, ""),
    }
}

/// Values over the batch for the totals: by attribute, then by value.
#[derive(Default)]
struct Totals {
    by_attribute: BTreeMap<usize, HashMap<String, usize>>,
    users: usize,
}

pub fn simulate(users_text: &str, mapping_text: &str, mapping: &ProfileMapping, options: &SimulateOptions) -> OneOrMany<Simulation> {
    let mut mapping_diagnostics = mapping.diagnostics.clone();
    let compiled = compile(mapping, &options.schema, options.groups.is_some(), mapping_text, &mut mapping_diagnostics);
    if mapping.diagnostics.is_empty() {
        mapping_checks(&compiled, &options.schema, mapping, &mut mapping_diagnostics);
    }
    let document = input::read_within(users_text, options.options.format, None, options.options.limits);
    let seen: HashSet<&str> = document.records.iter().filter(|record| record.kind == Kind::OktaUser).flat_map(|record| profile_of(record).0.members().iter().map(|member| member.key.as_ref())).collect();
    let okta_users = document.records.iter().filter(|record| record.kind == Kind::OktaUser).count();
    unknown_attributes(&compiled, &seen, okta_users, mapping_text, &mut mapping_diagnostics);

    let mut run = Run { options, compiled: &compiled, mapping_text, batch: BatchState::default(), patterns: Patterns::default(), totals: Totals::default(), pointers: Pointers::default(), order: placement_order(&compiled), names: Names::default(), body_options: body_options(&options.options) };
    let mut results: Vec<Option<Simulation>> = Vec::new();
    for record in &document.records {
        let simulation = run.user(record);
        let index = record.index.unwrap_or(0);
        if results.len() <= index {
            results.resize_with(index + 1, || None);
        }
        results[index] = Some(simulation);
    }
    let mut orphans = Vec::new();
    for diagnostic in &document.diagnostics {
        match diagnostic.record {
            Some(index) if results.get(index).is_none_or(Option::is_none) => {
                if results.len() <= index {
                    results.resize_with(index + 1, || None);
                }
                results[index] = Some(unsimulated(Some(index), vec![diagnostic.clone()]));
            }
            _ => orphans.push(diagnostic.clone()),
        }
    }
    let batch = document.kind == Kind::Batch;
    if batch {
        mapping_diagnostics.extend(run.totals_diagnostics());
    }
    let batch_notes = std::mem::take(&mut run.batch).finish(&options.options);
    let mut simulations: Vec<Simulation> = results.into_iter().enumerate().map(|(index, result)| result.unwrap_or_else(|| unsimulated(batch.then_some(index), Vec::new()))).collect();
    if simulations.is_empty() {
        simulations.push(unsimulated(None, Vec::new()));
    }
    let first = &mut simulations[0];
    first.diagnostics.extend(mapping_diagnostics);
    first.diagnostics.extend(batch_notes);
    first.user_diagnostics.extend(orphans);
    // Findings about the mapping have their lines in the mapping text, about a user in the users text.
    let in_mapping = crate::Positions::new(mapping_text, &Options { positions: options.mapping_positions, ..Options::default() });
    let in_users = crate::Positions::new(users_text, &options.options);
    for simulation in &mut simulations {
        name_the_mapping(&mut simulation.diagnostics, &compiled);
        simulation.diagnostics = in_mapping.finish(std::mem::take(&mut simulation.diagnostics));
        simulation.user_diagnostics = in_users.finish(std::mem::take(&mut simulation.user_diagnostics));
    }
    if batch {
        OneOrMany::Many(simulations)
    } else {
        OneOrMany::One(simulations.into_iter().next().unwrap_or_else(|| unsimulated(None, Vec::new())))
    }
}

/// Gives each finding about a property of the mapping the attribute and expression it is
/// about, as `origin` (its message names the attribute; this names both for a program).
fn name_the_mapping(diagnostics: &mut [Diagnostic], compiled: &[Compiled]) {
    for diagnostic in diagnostics.iter_mut().filter(|diagnostic| diagnostic.origin.is_none()) {
        let entry = compiled.iter().find(|entry| {
            let pointer = entry.property.pointer.as_str();
            diagnostic.path == pointer || diagnostic.path.strip_prefix(pointer).is_some_and(|rest| rest.starts_with('/'))
        });
        if let Some(entry) = entry {
            let expression = entry.expression();
            diagnostic.origin = Some(Box::new(Origin {
                attribute: entry.property.attribute.clone(),
                expression: expression.map_or_else(String::new, |expression| expression.text.clone()),
                mapping_path: expression.map_or_else(|| entry.property.pointer.clone(), |expression| expression.pointer.clone()),
                reads: Vec::new(),
            }));
        }
    }
}

/// How each simulated body is checked: as a SCIM User of the operation simulated (a create
/// unless said otherwise), with the caller's offices, positioned in its own text.
fn body_options(options: &Options) -> Options {
    Options {
        kind: Some(Kind::ScimUser),
        format: Some(Format::Json),
        offices: options.offices.clone(),
        operation: Some(options.operation.unwrap_or(Operation::Create)),
        positions: true,
        limits: input::Limits::default(),
    }
}

/// The mapping's attributes in the order their values go into the body.
fn placement_order(compiled: &[Compiled]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..compiled.len()).collect();
    order.sort_by_key(|&index| compiled[index].order);
    order
}

/// A record that could not be simulated, with what says why.
fn unsimulated(record: Option<usize>, user_diagnostics: Vec<Diagnostic>) -> Simulation {
    Simulation { record, login: None, app_user: AppUser::default(), request: None, report: None, diagnostics: Vec::new(), user_diagnostics }
}

/// The JSON Pointers of the user attributes read, made once for all users ("/profile/<name>"
/// in a Users API object, "/<name>" in a bare profile or a CSV row), and each attribute's list
/// of them, shared by the users whose expression read the same attributes.
#[derive(Default)]
struct Pointers {
    /// (profile pointer, attribute name, its pointer): a mapping reads a handful of names.
    made: Vec<(&'static str, Box<str>, Rc<str>)>,
    /// The lists made so far for each attribute of the mapping (at most `KEPT_LISTS` each).
    lists: Vec<Vec<Rc<[Rc<str>]>>>,
}

/// How many different lists of reads are kept for one attribute: an expression reads one
/// set of attributes for most users, and a few at most.
const KEPT_LISTS: usize = 16;

impl Pointers {
    fn get(&mut self, profile_pointer: &'static str, name: &str) -> Rc<str> {
        if let Some((_, _, pointer)) = self.made.iter().find(|(prefix, made, _)| *prefix == profile_pointer && made.as_ref() == name) {
            return Rc::clone(pointer);
        }
        let pointer: Rc<str> = Rc::from(format!("{profile_pointer}/{}", escape_pointer_token(name)));
        self.made.push((profile_pointer, name.into(), Rc::clone(&pointer)));
        pointer
    }

    /// The list of pointers of `names` for the mapping's `attribute`th attribute: one made
    /// for an earlier user when it is the same.
    fn list(&mut self, attribute: usize, profile_pointer: &'static str, names: &[&str]) -> Rc<[Rc<str>]> {
        if self.lists.len() <= attribute {
            self.lists.resize_with(attribute + 1, Vec::new);
        }
        let pointers: Vec<Rc<str>> = names.iter().map(|name| self.get(profile_pointer, name)).collect();
        let same = |list: &&Rc<[Rc<str>]>| list.len() == pointers.len() && list.iter().zip(&pointers).all(|(a, b)| Rc::ptr_eq(a, b));
        if let Some(made) = self.lists[attribute].iter().find(same) {
            return Rc::clone(made);
        }
        let list: Rc<[Rc<str>]> = Rc::from(pointers);
        if self.lists[attribute].len() < KEPT_LISTS {
            self.lists[attribute].push(Rc::clone(&list));
        }
        list
    }
}

/// The state of one simulate call across its users.
struct Run<'r> {
    options: &'r SimulateOptions,
    compiled: &'r [Compiled],
    mapping_text: &'r str,
    batch: BatchState,
    patterns: Patterns,
    totals: Totals,
    pointers: Pointers,
    /// The mapping's attributes in the order of the schema, which is the order of the body.
    order: Vec<usize>,
    names: Names,
    /// How each body is read: a SCIM User of the operation simulated, with the offices.
    body_options: Options,
}

/// One attribute's outcome for one user.
struct Outcome<'a> {
    result: Result<Traced<'a>, EvalError>,
    reads: Vec<&'a str>,
}

impl Outcome<'_> {
    fn value(&self) -> &Value<'_> {
        self.result.as_ref().map_or(&Value::Unknown, |traced| &traced.value)
    }
}

impl<'r> Run<'r> {
    fn operation(&self) -> Operation {
        self.options.options.operation.unwrap_or(Operation::Create)
    }

    fn user(&mut self, record: &Record<'_>) -> Simulation {
        if record.kind != Kind::OktaUser {
            let at = Location::new(record.pointer.clone(), record.node.span);
            let mut diagnostic = rules::not_okta_user(&at, record.kind.as_str());
            diagnostic.record = record.index;
            return unsimulated(record.index, vec![diagnostic]);
        }
        let (profile, profile_pointer) = profile_of(record);
        let login = profile.get("login").and_then(Node::as_str).map(str::to_string);
        let groups = self.options.groups.as_ref().and_then(|groups| {
            let login = login.as_deref()?;
            groups.get(login).or_else(|| groups.iter().find(|(name, _)| name.eq_ignore_ascii_case(login)).map(|(_, list)| list))
        });
        let environment = UserEnvironment {
            profile: Some(profile),
            root: &record.node,
            groups: groups.map(Vec::as_slice),
            patterns: &mut self.patterns,
            compiled: self.compiled,
            slots: (0..self.compiled.len()).map(|_| Slot::Pending).collect(),
            reads: Vec::new(),
        };
        let outcomes = environment.evaluate_all();
        let mut simulation = self.build(record, profile, profile_pointer, login, &outcomes);
        self.tally(&outcomes);
        for diagnostic in simulation.diagnostics.iter_mut().chain(simulation.user_diagnostics.iter_mut()) {
            diagnostic.record = record.index;
        }
        simulation
    }

    fn build(&mut self, record: &Record<'_>, profile: &Node<'_>, profile_pointer: &'static str, login: Option<String>, outcomes: &[Outcome<'_>]) -> Simulation {
        let update = self.operation() == Operation::Update;
        let mut diagnostics = Vec::new();
        let mut body = Body::default();
        let mut values: Vec<Json> = outcomes.iter().map(|outcome| value_to_json(outcome.value())).collect();
        let mut sent = vec![false; outcomes.len()];
        for &index in &self.order {
            let (entry, outcome) = (&self.compiled[index], &outcomes[index]);
            if let (Err(error), Some(expression)) = (&outcome.result, entry.expression()) {
                let at = expression.at(self.mapping_text, error.span);
                diagnostics.push(if error.limit { rules::limit(&at, &entry.property.attribute, &error.message) } else { rules::evaluation_error(&at, &entry.property.attribute, &error.message) });
            }
            let Some(Ok(path)) = &entry.path else { continue };
            if matches!(outcome.value(), Value::Null | Value::Unknown) || (update && entry.property.push == Push::CreateOnly) {
                continue;
            }
            match body.place(path, values[index].clone()) {
                Ok(()) => sent[index] = true,
                Err(why) => diagnostics.push(rules::unknown_target(&entry.location(), &format!("{} ({why})", entry.property.attribute), true)),
            }
        }
        let mut tail = Vec::with_capacity(2);
        if let (false, Some(id)) = (update, record.node.get("id").filter(|_| profile_pointer == "/profile").and_then(Node::as_str)) {
            tail.push((Rc::clone(&self.names.external_id), Json::Str(Rc::from(id))));
        }
        tail.push((Rc::clone(&self.names.active), Json::Bool(true)));
        let body = body.finish(&self.names, tail);
        let report = self.check_body(&body, record.index, outcomes);
        let (report, user_diagnostics) = self.trace(report, &body, &sent, outcomes, record, profile, profile_pointer, &mut diagnostics);
        let mut app_user = Vec::with_capacity(outcomes.len());
        for (index, (entry, outcome)) in self.compiled.iter().zip(outcomes).enumerate() {
            let reads = self.pointers.list(index, profile_pointer, &outcome.reads);
            let unknown = matches!(outcome.value(), Value::Unknown);
            let value = std::mem::replace(&mut values[index], Json::Null);
            app_user.push((Rc::clone(&entry.attribute), AppUserValue { value, expression: entry.expression.clone(), reads, unknown, sent: sent[index] }));
        }
        let (method, path) = if update { ("PUT", "/Users/{id}") } else { ("POST", "/Users") };
        Simulation { record: record.index, login, app_user: AppUser(app_user), request: Some(Request { method, path, body }), report: Some(report), diagnostics, user_diagnostics }
    }

    /// The body as Okta sends it, through every rule of `validate`. The rules read the body's
    /// tree directly, with the spans of its pretty-printed text; the text itself is written
    /// only when a finding needs its line and column.
    fn check_body(&mut self, body: &Json, index: Option<usize>, outcomes: &[Outcome<'_>]) -> Report {
        let options = &self.body_options;
        let record = Record { node: body.pretty_node(), pointer: String::new(), index, kind: Kind::ScimUser };
        let mut diagnostics = crate::check_in_batch(&record, options, &mut self.batch, true);
        let unknown: Vec<&'static str> = self.compiled.iter().zip(outcomes).filter(|(_, outcome)| matches!(outcome.value(), Value::Unknown)).filter_map(|(entry, _)| entry.dialpad).collect();
        diagnostics.retain(|diagnostic| !depends_on_unknown(diagnostic.code, &unknown));
        let text = if diagnostics.iter().any(|diagnostic| diagnostic.span.is_some()) { serde_json::to_string_pretty(body).unwrap_or_default() } else { String::new() };
        crate::report(&text, options, Kind::ScimUser, diagnostics)
    }

    /// Gives each finding about a mapped value its origin, and copies a certain fix to where it
    /// is made: the literal of the expression (into `mapping_out`), or the Okta user's
    /// attribute (returned, as the user's diagnostics).
    #[allow(clippy::too_many_arguments)]
    fn trace(&mut self, mut report: Report, body: &Json, sent: &[bool], outcomes: &[Outcome<'_>], record: &Record<'_>, profile: &Node<'_>, profile_pointer: &'static str, mapping_out: &mut Vec<Diagnostic>) -> (Report, Vec<Diagnostic>) {
        let mut user_out = Vec::new();
        if report.diagnostics.is_empty() {
            return (report, user_out);
        }
        let placed: Vec<(String, usize)> = (0..sent.len())
            .filter(|&index| sent[index])
            .filter_map(|index| match &self.compiled[index].path {
                Some(Ok(path)) => path.pointer(body).map(|pointer| (pointer, index)),
                _ => None,
            })
            .collect();
        for diagnostic in &mut report.diagnostics {
            let Some(&(_, index)) = placed.iter().find(|(pointer, _)| diagnostic.path == *pointer || diagnostic.path.strip_prefix(pointer.as_str()).is_some_and(|rest| rest.starts_with('/'))) else {
                continue;
            };
            let (entry, outcome) = (&self.compiled[index], &outcomes[index]);
            let (Some(expression), Ok(traced)) = (entry.expression(), &outcome.result) else { continue };
            let reads: Vec<String> = outcome.reads.iter().map(|name| self.pointers.get(profile_pointer, name).to_string()).collect();
            diagnostic.message.push_str(&through(entry, &expression.text, &outcome.reads, profile));
            diagnostic.origin = Some(Box::new(Origin { attribute: entry.property.attribute.clone(), expression: expression.text.clone(), mapping_path: expression.pointer.clone(), reads }));
            match traced.source {
                Source::Literal(span) if diagnostic.suggestion.is_some() => mapping_out.push(literal_fix(diagnostic, &entry.property.attribute, expression, span, self.mapping_text)),
                Source::Attribute(name) => {
                    if let Some(member) = profile.member(name) {
                        let pointer = format!("{}{profile_pointer}/{}", record.pointer, escape_pointer_token(name));
                        user_out.push(attribute_fix(diagnostic, name, &entry.property.attribute, Location::new(pointer, member.value.span)));
                    }
                }
                _ => {}
            }
        }
        (report, user_out)
    }

    fn tally(&mut self, outcomes: &[Outcome<'_>]) {
        self.totals.users += 1;
        let offices = self.options.options.offices.as_deref();
        for (index, (entry, outcome)) in self.compiled.iter().zip(outcomes).enumerate() {
            let Some(text) = outcome.value().as_str().map(str::trim).filter(|text| !text.is_empty()) else { continue };
            let wrong = match entry.dialpad {
                Some("licenseType") => license::license(text).is_none(),
                Some(name) if rules::OFFICE_ATTRIBUTES.contains(&name) => offices.is_some_and(|offices| !offices.iter().any(|office| office.name == text)),
                _ => false,
            };
            if wrong {
                *self.totals.by_attribute.entry(index).or_default().entry(text.to_string()).or_default() += 1;
            }
        }
    }

    /// Over the batch: the license and office values that are wrong, with how many users get each.
    fn totals_diagnostics(&self) -> Vec<Diagnostic> {
        let offices = self.options.options.offices.as_deref().unwrap_or(&[]);
        let mut out = Vec::new();
        for (&index, values) in &self.totals.by_attribute {
            let entry = &self.compiled[index];
            let Some(expression) = entry.expression() else { continue };
            let mut counted: Vec<(&String, &usize)> = values.iter().collect();
            counted.sort_by(|left, right| right.1.cmp(left.1).then_with(|| left.0.cmp(right.0)));
            let license = entry.dialpad == Some("licenseType");
            let tallies: Vec<rules::Tally<'_>> = counted
                .iter()
                .map(|(value, &users)| {
                    let near = if license {
                        match license::lookup(value) {
                            license::Lookup::Recognised(found) => Some(found.value),
                            _ => None,
                        }
                    } else {
                        let key = crate::text::loose_key(value);
                        offices.iter().find(|office| crate::text::loose_key(&office.name) == key).map(|office| office.name.as_str())
                    };
                    rules::Tally { value, users, near }
                })
                .collect();
            let at = expression.whole();
            out.push(if license {
                rules::license_values(&at, &entry.property.attribute, &tallies, self.totals.users)
            } else {
                rules::office_values(&at, &entry.property.attribute, &tallies, self.totals.users)
            });
        }
        out
    }
}

/// The codes that say an attribute is missing, by the Dialpad attribute whose absence they
/// report: left out when that attribute's value is unknown rather than absent.
fn depends_on_unknown(code: &str, unknown: &[&str]) -> bool {
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
fn through(entry: &Compiled, expression: &str, reads: &[&str], profile: &Node<'_>) -> String {
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
fn literal_fix(found: &Diagnostic, attribute: &str, expression: &Expression, literal: Span, mapping_text: &str) -> Diagnostic {
    let mut fix = found.clone();
    let written = &expression.text[literal.start..literal.end];
    let quote = if written.starts_with('\'') { '\'' } else { '"' };
    let replacement = found.suggestion.as_ref().and_then(serde_json::Value::as_str).map(|text| format!("{quote}{}{quote}", text.replace(quote, &format!("{quote}{quote}"))));
    let at = expression.at(mapping_text, literal);
    fix.path = at.pointer;
    fix.span = at.span;
    fix.line = None;
    fix.column = None;
    fix.range = None;
    fix.record = None;
    fix.message = format!("The expression for {attribute} writes the literal {written}: {}", found.message);
    fix.suggestion = replacement.as_ref().map(|replacement| format!("{}{replacement}{}", &expression.text[..literal.start], &expression.text[literal.end..]).into());
    if let Some(replacement) = &replacement {
        fix.hint = Some(format!("Write {replacement} in the expression instead."));
    }
    fix
}

/// The same finding at the Okta user's attribute, which reaches the body unchanged.
fn attribute_fix(found: &Diagnostic, name: &str, attribute: &str, at: Location) -> Diagnostic {
    let mut fix = found.clone();
    fix.path = at.pointer;
    fix.span = at.span;
    fix.line = None;
    fix.column = None;
    fix.range = None;
    fix.origin = None;
    fix.message = format!("The Okta attribute {name} goes unchanged to {attribute}: {}", found.message.split(" Okta computes ").next().unwrap_or(&found.message));
    fix
}

/// The simulations as one compact JSON text for a JavaScript caller to rebuild the objects
/// from (the wasm boundary does): each expression, attribute name and list of reads is written
/// once, not once per user, and a report without findings is a `0`. Rebuilding objects from
/// this costs JavaScript far less than `JSON.parse` of the objects written out in full.
///
/// `{"batch", "attributes", "expressions", "simulations": [[record, login, values, readIds, flags
/// (1 sent, 2 unknown), [method, path, externalId] | null, report | 0 | null, diagnostics,
/// userDiagnostics], ...], "reads": [[pointer, ...], ...], "order", "paths"}`: each body is built
/// again from the values sent, put where `paths` says in the `order` given (see `Body`).
pub fn write_wire(result: &OneOrMany<Simulation>, plan: &BodyPlan) -> String {
    let simulations: &[Simulation] = match result {
        OneOrMany::One(one) => std::slice::from_ref(one),
        OneOrMany::Many(many) => many,
    };
    let mut out = Vec::with_capacity(simulations.len() * 700 + 256);
    let first = simulations.iter().find(|simulation| !simulation.app_user.0.is_empty());
    let attributes = first.map_or(&[][..], |simulation| &simulation.app_user.0[..]);
    out.extend_from_slice(format!("{{\"batch\":{},\"attributes\":", matches!(result, OneOrMany::Many(_))).as_bytes());
    push_json(&mut out, &attributes.iter().map(|(name, _)| name.as_ref()).collect::<Vec<_>>());
    out.extend_from_slice(b",\"expressions\":");
    push_json(&mut out, &attributes.iter().map(|(_, value)| value.expression.as_deref()).collect::<Vec<_>>());
    let mut read_lists = ReadLists::default();
    out.extend_from_slice(b",\"simulations\":");
    push_list(&mut out, simulations, |out, simulation| write_simulation(out, simulation, &mut read_lists));
    out.extend_from_slice(b",\"reads\":");
    push_json(&mut out, &read_lists.lists);
    out.extend_from_slice(b",\"order\":");
    push_json(&mut out, &plan.order);
    out.extend_from_slice(b",\"paths\":");
    push_list(&mut out, &plan.paths, |out, path| match path {
        Some(path) => path.write_json(out),
        None => out.extend_from_slice(b"null"),
    });
    out.push(b'}');
    // Every piece was written by serde_json or is ASCII.
    String::from_utf8(out).unwrap_or_default()
}

/// The lists of reads written once for all simulations, numbered; the users share the lists
/// themselves (see `Pointers::list`), so one is found by its address.
#[derive(Default)]
struct ReadLists<'s> {
    lists: Vec<&'s Rc<[Rc<str>]>>,
    numbers: HashMap<usize, usize>,
}

impl<'s> ReadLists<'s> {
    fn number(&mut self, list: &'s Rc<[Rc<str>]>) -> usize {
        let next = self.lists.len();
        *self.numbers.entry(Rc::as_ptr(list) as *const u8 as usize).or_insert_with(|| {
            self.lists.push(list);
            next
        })
    }
}

/// Writes one simulation, naming each attribute's list of reads by its number in `read_lists`.
fn write_simulation<'s>(out: &mut Vec<u8>, simulation: &'s Simulation, read_lists: &mut ReadLists<'s>) {
    out.push(b'[');
    push_json(out, &simulation.record);
    out.push(b',');
    push_json(out, &simulation.login);
    if simulation.app_user.0.is_empty() {
        out.extend_from_slice(b",null,null,null");
    } else {
        let values = &simulation.app_user.0;
        out.push(b',');
        push_list(out, values, |out, (_, value)| push_json(out, &value.value));
        out.push(b',');
        push_list(out, values, |out, (_, value)| out.extend_from_slice(read_lists.number(&value.reads).to_string().as_bytes()));
        out.push(b',');
        push_list(out, values, |out, (_, value)| out.push(b'0' + u8::from(value.sent) + 2 * u8::from(value.unknown)));
    }
    out.push(b',');
    match &simulation.request {
        Some(request) => {
            out.push(b'[');
            push_json(out, &request.method);
            out.push(b',');
            push_json(out, &request.path);
            out.push(b',');
            // The body is built again from the values and the plan; only what Okta adds of
            // its own, the user's id as externalId, is written.
            let external_id = match &request.body {
                Json::Object(members) => members.iter().find(|(key, _)| key.as_ref() == "externalId").map(|(_, id)| id),
                _ => None,
            };
            push_json(out, &external_id);
            out.push(b']');
        }
        None => out.extend_from_slice(b"null"),
    }
    out.push(b',');
    match &simulation.report {
        Some(report) if report.diagnostics.is_empty() => out.push(b'0'),
        report => push_json(out, report),
    }
    out.push(b',');
    push_json(out, &simulation.diagnostics);
    out.push(b',');
    push_json(out, &simulation.user_diagnostics);
    out.push(b']');
}

/// `[item, item, ...]`, each written by `write`.
fn push_list<'i, T>(out: &mut Vec<u8>, items: &'i [T], mut write: impl FnMut(&mut Vec<u8>, &'i T)) {
    out.push(b'[');
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        write(out, item);
    }
    out.push(b']');
}

fn push_json(out: &mut Vec<u8>, value: &impl Serialize) {
    // Writing to a Vec cannot fail, and every value here serialises.
    let _ = serde_json::to_writer(&mut *out, value);
}
