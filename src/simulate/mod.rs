//! simulate: every Okta user through the admin's attribute mappings to the SCIM request Okta
//! will send, checked against every rule. The mapping is read and its expressions parsed and
//! inspected once; then for each user the expressions are evaluated, the body is built where
//! the app user schema puts each attribute, and the body goes through `validate`. What the
//! body's report finds is traced back to the expression, and to the Okta attribute, it came from.
//!
//! Work that is the same for users alike is done once: an expression decided by one profile
//! attribute is evaluated once per value of it (`environment::Memo`), a body is built once per
//! shape and each user's values moved into it (`Template`), and its view planned once
//! (`user::ViewPlan`). Tests compare each with every user worked out alone. Each user's record
//! is read, simulated and dropped in turn (`input::read_each`), while it is in the cache; what
//! is kept across users borrows only the users' text and the mapping.

use crate::app_user_schema::AppUserSchema;
use crate::diagnostic::{Diagnostic, Location, Origin};
use crate::el::{Patterns, Source, Value};
use crate::input::{self, Format, Kind, Record};
use crate::json::{escape_pointer_token, Node};
use crate::pretty::Layout;
use crate::profile_mapping::{ProfileMapping, Push};
use crate::rules::{license, okta_mapping as rules};
use crate::scim_body::{Body, Json, Names};
use crate::user::ViewPlan;
use crate::{BatchState, OneOrMany, Operation, Options, Report};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

mod compile;
mod environment;
mod trace;
mod wire;

pub use compile::{body_plan, BodyPlan};
use compile::{compile, mapping_checks, name_the_mapping, placement_order, unknown_attributes, Compiled, ProfileNames};
use environment::{has_number, node_of_value, profile_of, value_to_json, Memo, Outcome, Outcomes, Pointers, Reads, Slot, UserEnvironment};
use trace::{attribute_fix, computes, depends_on_unknown, literal_fix, through};
pub use wire::{simulate_to_wire, Wire};

/// What `request.body` holds in the simulations `simulate_each` hands over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bodies {
    /// The whole body, as Okta sends it.
    Whole,
    /// Nothing (null): for a caller that builds each body again from the app user's values,
    /// the plan and `Simulated::external_id` (the wasm boundary does).
    Rebuilt,
}

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
pub struct AppUser(pub Vec<(Arc<str>, AppUserValue)>);

impl Serialize for AppUser {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (attribute, value) in &self.0 {
            map.serialize_entry(attribute.as_ref(), value)?;
        }
        map.end()
    }
}

/// One user through the mapping as `simulate_each` hands it over: the app user's values as
/// the expressions gave them, borrowing from the users read ([`Simulated::owned`] makes the
/// [`Simulation`] of it). A caller that writes each out at once copies no value.
pub struct Simulated<'a> {
    pub record: Option<usize>,
    pub login: Option<Cow<'a, str>>,
    /// By attribute of the mapping, in its order (see [`Attribute`]); empty when the record
    /// could not be simulated.
    pub app_user: Vec<Entry<'a>>,
    pub request: Option<Request>,
    /// The Okta user's id, which Okta sends as `externalId` on a create.
    pub external_id: Option<Cow<'a, str>>,
    pub report: Option<Report>,
    pub diagnostics: Vec<Diagnostic>,
    pub user_diagnostics: Vec<Diagnostic>,
}

/// One attribute of a [`Simulated`] app user (see [`AppUserValue`]).
pub struct Entry<'a> {
    pub value: Value<'a>,
    pub reads: Arc<[Arc<str>]>,
    pub unknown: bool,
    pub sent: bool,
    /// For a text the expression gave before, to another user of the call: a number that
    /// names it among the attribute's values (the same number, the same text), which a writer
    /// may write once and name by it.
    pub remembered: Option<u32>,
}

/// An attribute of the mapping: its name and expression, the same for every user.
#[derive(Clone)]
pub struct Attribute {
    pub name: Arc<str>,
    pub expression: Option<Arc<str>>,
}

impl Simulated<'_> {
    /// The simulation with its values as JSON, named by `attributes` (the mapping's).
    pub fn owned(self, attributes: &[Attribute]) -> Simulation {
        let app_user = self
            .app_user
            .into_iter()
            .zip(attributes)
            .map(|(entry, attribute)| {
                let value = AppUserValue { value: value_to_json(&entry.value), expression: attribute.expression.clone(), reads: entry.reads, unknown: entry.unknown, sent: entry.sent };
                (Arc::clone(&attribute.name), value)
            })
            .collect();
        let Simulated { record, login, request, report, diagnostics, user_diagnostics, .. } = self;
        Simulation { record, login: login.map(Cow::into_owned), app_user: AppUser(app_user), request, report, diagnostics, user_diagnostics }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppUserValue {
    /// The value the expression gives (null when unset, or unknown).
    pub value: Json,
    pub expression: Option<Arc<str>>,
    /// The Okta user attributes the expression read, as JSON Pointers into the user.
    pub reads: Arc<[Arc<str>]>,
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

/// Values over the batch for the totals: by attribute, then by value.
#[derive(Default)]
struct Totals {
    /// By attribute, each wrong value and how many users get it, in the values' order (the
    /// order the findings list them in for the same count; and the same map type as the
    /// offices' tally, so no code of its own in the wasm).
    by_attribute: BTreeMap<usize, BTreeMap<String, u64>>,
    users: usize,
}

pub fn simulate(users_text: &str, mapping_text: &str, mapping: &ProfileMapping, options: &SimulateOptions) -> OneOrMany<Simulation> {
    let mut collected = Collected::default();
    let batch = simulate_each(users_text, mapping_text, mapping, options, Bodies::Whole, &mut collected);
    // simulate_each hands them over as they are made, not in the order of their places.
    crate::sort::sort_by_key(&mut collected.0, |(place, _)| *place as u128);
    let simulations: Vec<Simulation> = collected.0.into_iter().map(|(_, simulation)| simulation).collect();
    if batch {
        OneOrMany::Many(simulations)
    } else {
        OneOrMany::One(simulations.into_iter().next().unwrap_or_else(|| unsimulated(None, Vec::new()).owned(&[])))
    }
}

/// Where [`simulate_each`] hands each simulation as soon as it is made.
pub trait Sink {
    /// The simulation at `place` in the result (the record's index in a batch), and the
    /// mapping's attributes that name its values.
    fn simulated(&mut self, place: usize, simulation: Simulated<'_>, attributes: &[Attribute]);

    /// Drops every simulation handed over so far: the users' text turned out not to be
    /// readable after some of its records were simulated (a JSON array broken part way), and
    /// what follows is the simulation of an unreadable text.
    fn discard(&mut self);
}

/// The simulations, each with its place, as `simulate` collects them.
#[derive(Default)]
struct Collected(Vec<(usize, Simulation)>);

impl Sink for Collected {
    fn simulated(&mut self, place: usize, simulation: Simulated<'_>, attributes: &[Attribute]) {
        self.0.push((place, simulation.owned(attributes)));
    }

    fn discard(&mut self) {
        self.0.clear();
    }
}

/// `simulate`, handing each simulation to `sink` as soon as it is made; returns whether the
/// users were a batch. Each record is simulated as it is read, in the order of the text; the
/// places no record was read at follow, and the first (place 0) comes last: what concerns
/// the mapping as a whole and the batch joins it once every user has been seen. A caller
/// that writes each simulation out (the wasm boundary does) frees it while it is still in the
/// cache, instead of keeping a batch's worth.
pub fn simulate_each(users_text: &str, mapping_text: &str, mapping: &ProfileMapping, options: &SimulateOptions, bodies: Bodies, sink: &mut impl Sink) -> bool {
    simulate_each_with(users_text, mapping_text, mapping, options, bodies, true, sink)
}

/// `simulate_each`, with every user worked out on their own when `reuse` is false: each body
/// built anew and each expression evaluated, rather than bodies built once per shape and
/// values remembered per input (the tests compare the two).
fn simulate_each_with(users_text: &str, mapping_text: &str, mapping: &ProfileMapping, options: &SimulateOptions, bodies: Bodies, reuse: bool, sink: &mut impl Sink) -> bool {
    let mut mapping_diagnostics = mapping.diagnostics.clone();
    let compiled = compile(mapping, &options.schema, options.groups.is_some(), mapping_text, &mut mapping_diagnostics);
    if mapping.diagnostics.is_empty() {
        mapping_checks(&compiled, &options.schema, mapping, &mut mapping_diagnostics);
    }
    // Findings about the mapping have their lines in the mapping text, about a user in the users text.
    let in_mapping = crate::Positions::new(mapping_text, &Options { positions: options.mapping_positions, ..Options::default() });
    let in_users = crate::Positions::new(users_text, &options.options);
    let attributes: Vec<Attribute> = compiled.iter().map(|entry| Attribute { name: Arc::clone(&entry.attribute), expression: entry.expression.clone() }).collect();
    let finish = |simulation: &mut Simulated<'_>| {
        name_the_mapping(&mut simulation.diagnostics, &compiled);
        simulation.diagnostics = in_mapping.finish(std::mem::take(&mut simulation.diagnostics));
        simulation.user_diagnostics = in_users.finish(std::mem::take(&mut simulation.user_diagnostics));
    };

    // Each record is simulated as soon as it is read, while its tree is still in the
    // processor's cache (reading the whole batch first and simulating after made simulate a
    // tenth slower), and dropped after: what the run keeps (values per input, bodies per
    // shape) borrows only the users' text and the mapping.
    let names = Names::default();
    let reuse_bodies = reuse && crate::scim_body::shape_is_fixed(compiled.iter().filter_map(|entry| entry.path.as_ref()?.as_ref().ok()));
    let mut run = Run { options, compiled: &compiled, mapping_text, batch: BatchState::default(), patterns: Patterns::default(), totals: Totals::default(), pointers: Pointers::default(), order: placement_order(&compiled), names: &names, body_options: body_options(&options.options), bodies, tallied: compiled.iter().map(Tallied::of).collect(), body_members: 0, placed: None, reuse_bodies, templates: Vec::new(), wanted: Vec::new(), computes: vec![None; compiled.len()], origins: vec![None; compiled.len()], memos: Vec::new(), states: Vec::new(), nothing_read: Arc::from([]), spare: (Vec::new(), Vec::new()) };
    if reuse {
        run.memos.resize_with(compiled.len(), Memo::default);
    }
    let mut first = None;
    let mut profiles = ProfileNames::new(&compiled);
    let mut simulated: Vec<bool> = Vec::new();
    let read = input::read_each(users_text, options.options.format, None, options.options.limits, |record| {
        if record.kind == Kind::OktaUser {
            profiles.see(profile_of(record).0);
        }
        let place = record.index.unwrap_or(0);
        if simulated.len() <= place {
            simulated.resize(place + 1, false);
        }
        simulated[place] = true;
        hand_over(place, run.user(record), &mut first, &finish, sink, &attributes);
    });
    let (batch, reading) = match read {
        Ok(input::Visited { kind, diagnostics }) => (kind == Kind::Batch, diagnostics),
        // The text broke after some records were simulated: none counts, as none would have
        // been read; the text is reported as unreadable.
        Err(document) => {
            sink.discard();
            profiles.forget();
            (first, simulated, run.batch, run.totals) = (None, Vec::new(), BatchState::default(), Totals::default());
            (document.kind == Kind::Batch, document.diagnostics)
        }
    };
    unknown_attributes(&compiled, &profiles, mapping_text, &mut mapping_diagnostics);
    let (unread, orphans) = unread_places(&reading, &simulated);
    for (place, diagnostic) in unread.iter().enumerate() {
        if !simulated.get(place).copied().unwrap_or(false) {
            let simulation = match diagnostic {
                Some(diagnostic) => unsimulated(Some(place), vec![(*diagnostic).clone()]),
                None => unsimulated(batch.then_some(place), Vec::new()),
            };
            hand_over(place, simulation, &mut first, &finish, sink, &attributes);
        }
    }
    if batch {
        mapping_diagnostics.extend(run.totals_diagnostics());
    }
    let batch_notes = std::mem::take(&mut run.batch).finish(&options.options);
    let mut first = first.unwrap_or_else(|| unsimulated(None, Vec::new()));
    first.diagnostics.extend(mapping_diagnostics);
    first.diagnostics.extend(batch_notes);
    first.user_diagnostics.extend(orphans.into_iter().cloned());
    finish(&mut first);
    sink.simulated(0, first, &attributes);
    batch
}

/// The app user's entries, made of the outcomes (taken: the vector is left empty), and
/// whether each was sent.
fn app_user_of<'b>(all: &mut Outcomes<'b>, placements: &[Placement]) -> Vec<Entry<'b>> {
    all.items
        .drain(..)
        .zip(placements)
        .map(|(outcome, placement)| {
            let value = match outcome.result {
                Ok(traced) => traced.value,
                Err(_) => Value::Unknown,
            };
            let remembered = outcome.remembered.filter(|_| matches!(value, Value::Str(_)));
            Entry { unknown: matches!(value, Value::Unknown), value, reads: outcome.list, sent: *placement == Placement::Sent, remembered }
        })
        .collect()
}

/// Hands a simulation over to `sink`, finished; the first (place 0) is kept, to be handed
/// over last.
fn hand_over<'a>(place: usize, mut simulation: Simulated<'a>, first: &mut Option<Simulated<'a>>, finish: &impl Fn(&mut Simulated<'_>), sink: &mut impl Sink, attributes: &[Attribute]) {
    if place == 0 {
        *first = Some(simulation);
    } else {
        finish(&mut simulation);
        sink.simulated(place, simulation, attributes);
    }
}

/// What is at each place no record was simulated at (by place, up to the last such place):
/// the first finding of reading about it when reading gave up on it, none for a gap in the
/// indices; and the findings of reading that belong to no such place, which go with the
/// first simulation.
fn unread_places<'d>(reading: &'d [Diagnostic], simulated: &[bool]) -> (Vec<Option<&'d Diagnostic>>, Vec<&'d Diagnostic>) {
    let mut unread: Vec<Option<&Diagnostic>> = vec![None; simulated.len()];
    let mut orphans = Vec::new();
    for diagnostic in reading {
        match diagnostic.record {
            Some(index) if !simulated.get(index).copied().unwrap_or(false) && unread.get(index).is_none_or(Option::is_none) => {
                if unread.len() <= index {
                    unread.resize(index + 1, None);
                }
                unread[index] = Some(diagnostic);
            }
            _ => orphans.push(diagnostic),
        }
    }
    (unread, orphans)
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

/// A record that could not be simulated, with what says why.
fn unsimulated<'a>(record: Option<usize>, user_diagnostics: Vec<Diagnostic>) -> Simulated<'a> {
    Simulated { record, login: None, app_user: Vec::new(), request: None, external_id: None, report: None, diagnostics: Vec::new(), user_diagnostics }
}

/// The state of one simulate call across its users: what it keeps borrows the users' text and
/// the mapping (`'b`), never a user's record, which is dropped once its user is simulated.
struct Run<'r, 'b> {
    options: &'r SimulateOptions,
    compiled: &'r [Compiled],
    mapping_text: &'r str,
    batch: BatchState,
    patterns: Patterns,
    totals: Totals,
    pointers: Pointers,
    /// The mapping's attributes in the order of the schema, which is the order of the body.
    order: Vec<usize>,
    names: &'r Names,
    /// How each body is read: a SCIM User of the operation simulated, with the offices.
    body_options: Options,
    bodies: Bodies,
    /// By attribute of the mapping: whether its values are tallied over the batch.
    tallied: Vec<Tallied>,
    /// How many members the last body had: room for as many is made in the next.
    body_members: usize,
    /// Where the values of the last body traced went.
    placed: Option<Placed>,
    /// Whether bodies are built once per shape and filled with each user's values (see
    /// `Template`): when the shape of the mapping's bodies cannot depend on their values.
    reuse_bodies: bool,
    /// The bodies kept for reuse, the last used first.
    templates: Vec<Template<'b>>,
    /// Which attributes of this user have a value to put in the body (kept to save allocating).
    wanted: Vec<bool>,
    /// By attribute: " Okta computes <attribute> with the mapping <expression>", once made.
    computes: Vec<Option<String>>,
    /// By attribute: the origin of the last finding about its value.
    origins: Vec<Option<Arc<Origin>>>,
    /// By attribute: what its expression gave for each value of the attribute deciding it
    /// (see `environment::Memo`); none when nothing is reused across users.
    memos: Vec<Memo<'b>>,
    /// How far each attribute's evaluation is for the user under way (kept to save allocating).
    states: Vec<Slot>,
    /// The reads of an attribute not evaluated: none.
    nothing_read: Reads,
    /// The vectors of the last user's outcomes and reads, emptied, for the next user's.
    spare: (Vec<Outcome<'b>>, Vec<&'b str>),
}

/// A body built for users whose values go to the same places, kept to be filled with the
/// next such user's: it is built, its spans numbered and each value's place found once, and
/// each user's values are then moved in for the check and back out after it. Bodies alike in
/// which values they have (and nearly all are) have the same members in the same places, as
/// long as each value is a string or a boolean (see `scim_body::shape_is_fixed`).
struct Template<'b> {
    /// Which attributes had a value to put in the body, and whether it had an externalId.
    wanted: Vec<bool>,
    external_id: bool,
    /// The body, without the values of the users it is filled with between uses.
    node: Node<'b>,
    placements: Vec<Placement>,
    /// Each refused value's attribute, and why it could not be put in the body.
    refused: Vec<(usize, String)>,
    /// Where each value sent is: its attribute, and its route (see `Body::route`).
    leaves: Vec<(usize, Vec<usize>)>,
    /// Which of `leaves` hold a text moved out of the user's outcome (see `take_value`).
    moved: Vec<usize>,
    /// Where the externalId is, among the body's members.
    external_id_at: Option<usize>,
    /// The view of its bodies, planned from the first one read.
    view: ViewCache,
    /// What `namespace::check_schemas` finds in its bodies, worked out when it is built (none
    /// when a value goes into `schemas`): it reads only the body's members and schemas.
    schemas: Option<Vec<Diagnostic>>,
    /// Where the spans of its bodies are laid out, made from the first body with findings.
    layout: Option<Layout>,
}

/// What is known of a body before it is checked: its view cache, and the schemas rule's
/// findings (see `Template`).
#[derive(Default)]
struct Shape<'t> {
    view: Option<&'t mut ViewCache>,
    schemas: Option<&'t [Diagnostic]>,
    varying: Option<Varying<'t>>,
}

/// Where the bodies of a template differ: the values moved in for each user and the
/// externalId; and the template's layout (see `pretty::Layout`), which places a finding in
/// each body from where those values are and how long they are.
struct Varying<'t> {
    leaves: &'t [(usize, Vec<usize>)],
    external_id_at: Option<usize>,
    layout: &'t mut Option<Layout>,
}

impl Varying<'_> {
    /// The nodes of `body` that vary, in the order of `leaves`, the externalId last; none if
    /// one is not found.
    fn nodes<'n, 'v>(&self, body: &'n Node<'v>) -> Option<Vec<&'n Node<'v>>> {
        let external_id = self.external_id_at.map(|at| [at]);
        varying_routes(self.leaves, &external_id).map(|route| body.at_route(route)).collect()
    }

    /// The places of the findings' spans in `body`: from the layout (made now from this body
    /// when it is the first).
    fn place(&mut self, body: &Node<'_>, diagnostics: &mut [Diagnostic]) -> bool {
        let Some(nodes) = self.nodes(body) else { return false };
        let layout = self.layout.get_or_insert_with(|| Layout::of(body, &nodes));
        for diagnostic in diagnostics {
            if let Some(span) = diagnostic.span {
                put_place(diagnostic, layout.place_of(span, &nodes));
            }
        }
        true
    }
}

/// The routes of the values that vary between the bodies of a template: its leaves', then its
/// externalId's (`[member]`, when it has one).
fn varying_routes<'t>(leaves: &'t [(usize, Vec<usize>)], external_id: &'t Option<[usize; 1]>) -> impl Iterator<Item = &'t [usize]> {
    leaves.iter().map(|(_, route)| route.as_slice()).chain(external_id.as_ref().map(|route| route.as_slice()))
}

/// Gives a finding in a body the place of its span in the body's text.
fn put_place(diagnostic: &mut Diagnostic, place: crate::pretty::Place) {
    diagnostic.span = Some(place.bytes);
    (diagnostic.line, diagnostic.column, diagnostic.range) = (Some(place.line), Some(place.column), Some(place.utf16));
}

/// The view of a template's bodies (see `user::ViewPlan`), for those whose values are all
/// texts: the reader decides nothing from a text, so bodies alike in shape read alike.
#[derive(Default)]
enum ViewCache {
    #[default]
    Unread,
    Planned(ViewPlan),
    /// The plan could not be made: each body is read.
    Unplanned,
}

impl<'b> Template<'b> {
    /// Puts a user's values (from `all`) and externalId into the body: a text borrowed from
    /// the users read is borrowed again, one of its own moved (see `take_value`); false, with
    /// every value back where it was, when a place is not found (the places were found in
    /// this very body, so this is only a safeguard).
    fn take_values(&mut self, all: &mut Outcomes<'b>, external_id: Option<Cow<'b, str>>) -> bool {
        self.moved.clear();
        for (done, (index, route)) in self.leaves.iter().enumerate() {
            let Some(leaf) = self.node.at_route_mut(route) else {
                self.leaves.truncate(done);
                self.give_back(all);
                return false;
            };
            let moved;
            (leaf.value, moved) = take_value(&mut all.items[*index]);
            if moved {
                self.moved.push(done);
            }
        }
        if let (Some(member), Some(id)) = (self.external_id_at.and_then(|at| self.node.at_route_mut(&[at])), external_id) {
            member.value = crate::json::Value::String(id);
        }
        true
    }

    /// Moves each value moved into the body back to the outcome it came from (nearly every
    /// user has none: their texts are borrowed).
    fn give_back(&mut self, all: &mut Outcomes<'b>) {
        for &at in &self.moved {
            let Some((index, route)) = self.leaves.get(at) else { continue };
            let Some(leaf) = self.node.at_route_mut(route) else { continue };
            let value = std::mem::replace(&mut leaf.value, crate::json::Value::Null);
            if let (Ok(traced), crate::json::Value::String(text)) = (&mut all.items[*index].result, value) {
                traced.value = Value::Str(text);
            }
        }
        self.moved.clear();
    }
}

/// What `namespace::check_schemas` finds in every body of a template whose values go to
/// `leaves`: none when a value goes into `schemas` (the bodies are then each checked).
fn schemas_findings(node: &Node<'_>, leaves: &[(usize, Vec<usize>)]) -> Option<Vec<Diagnostic>> {
    // The last member so named, as the rule reads it (`Node::get`).
    let schemas_at = node.members().iter().rposition(|member| member.key == "schemas");
    if leaves.iter().any(|(_, route)| route.first().copied() == schemas_at) {
        return None;
    }
    let mut found = Vec::new();
    crate::rules::namespace::check_schemas(node, "", Kind::ScimUser, &mut found);
    Some(found)
}

/// A string or boolean value for a node of a body, and whether it was moved out of its
/// outcome: a text borrowed from the users read is borrowed again and a boolean copied, the
/// outcome left as it was; a text of its own is moved (`Template::give_back` moves it back).
fn take_value<'b>(outcome: &mut Outcome<'b>) -> (crate::json::Value<'b>, bool) {
    let Ok(traced) = &mut outcome.result else { return (crate::json::Value::Null, false) };
    match &mut traced.value {
        Value::Str(Cow::Borrowed(text)) => (crate::json::Value::String(Cow::Borrowed(text)), false),
        Value::Str(text) => (crate::json::Value::String(std::mem::take(text)), true),
        Value::Bool(value) => (crate::json::Value::Bool(*value), false),
        _ => (crate::json::Value::Null, false),
    }
}

/// How many bodies of different shapes are kept: a batch has a few shapes (users with and
/// without a title, say), each for many users.
const TEMPLATES: usize = 4;

/// Where each value of a body went, for bodies placed as `placements` says.
struct Placed {
    placements: Vec<Placement>,
    /// The pointer of each value sent, and its attribute.
    pointers: Vec<(String, usize)>,
}

/// What became of an attribute's value in the body.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Placement {
    /// Not put in the body: no value, no place for it, or not sent on this operation.
    Skipped,
    Sent,
    /// Its place could not be made (see `Body::place`).
    Refused,
}

/// Which values of an attribute are tallied over a batch (see `Run::totals_diagnostics`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tallied {
    License,
    Office,
    Not,
}

impl Tallied {
    fn of(entry: &Compiled) -> Tallied {
        match entry.dialpad {
            Some("licenseType") => Tallied::License,
            Some(name) if rules::OFFICE_ATTRIBUTES.contains(&name) => Tallied::Office,
            _ => Tallied::Not,
        }
    }
}

impl<'r: 'b, 'b> Run<'r, 'b> {
    fn operation(&self) -> Operation {
        self.options.options.operation.unwrap_or(Operation::Create)
    }

    fn user(&mut self, record: &Record<'b>) -> Simulated<'b> {
        if record.kind != Kind::OktaUser {
            let at = Location::new(record.pointer.clone(), record.node.span);
            let mut diagnostic = rules::not_okta_user(&at, record.kind.as_str());
            diagnostic.record = record.index;
            return unsimulated(record.index, vec![diagnostic]);
        }
        let (profile, profile_pointer) = profile_of(record);
        let login = profile.get("login").and_then(Node::text);
        let groups = self.options.groups.as_ref().and_then(|groups| {
            let login = login.as_deref()?;
            groups.get(login).or_else(|| groups.iter().find(|(name, _)| name.eq_ignore_ascii_case(login)).map(|(_, list)| list))
        });
        self.states.clear();
        self.states.resize(self.compiled.len(), Slot::Pending);
        let (outcomes, mut reads) = std::mem::take(&mut self.spare);
        // Most expressions read one attribute: room for two each saves growing it.
        reads.reserve(2 * self.compiled.len());
        let environment = UserEnvironment {
            profile: Some(profile),
            root: &record.node,
            groups: groups.map(Vec::as_slice),
            patterns: &mut self.patterns,
            compiled: self.compiled,
            outcomes,
            nothing_read: &self.nothing_read,
            states: &mut self.states,
            reads,
            start: 0,
            memos: &mut self.memos,
            pointers: &mut self.pointers,
            profile_pointer,
        };
        let outcomes = environment.evaluate_all();
        self.tally(&outcomes.items);
        let mut simulation = self.build(record, profile, profile_pointer, login, outcomes);
        for diagnostic in simulation.diagnostics.iter_mut().chain(simulation.user_diagnostics.iter_mut()) {
            diagnostic.record = record.index;
        }
        simulation
    }

    fn build(&mut self, record: &Record<'b>, profile: &Node<'_>, profile_pointer: &'static str, login: Option<Cow<'b, str>>, mut all: Outcomes<'b>) -> Simulated<'b> {
        let update = self.operation() == Operation::Update;
        let external_id = record.node.get("id").filter(|_| !update && profile_pointer == "/profile").and_then(Node::text);
        let compiled = self.compiled;
        let mut wanted = std::mem::take(&mut self.wanted);
        wanted.clear();
        wanted.extend(compiled.iter().zip(&all.items).map(|(entry, outcome)| {
            matches!(entry.path, Some(Ok(_))) && !matches!(outcome.value(), Value::Null | Value::Unknown) && !(update && entry.property.push == Push::CreateOnly)
        }));
        let fits_a_template = self.reuse_bodies && all.items.iter().zip(&wanted).all(|(outcome, &wanted)| !wanted || matches!(outcome.value(), Value::Str(_) | Value::Bool(_)));
        let mut diagnostics = Vec::new();
        let texts_only = all.items.iter().zip(&wanted).all(|(outcome, &wanted)| !wanted || matches!(outcome.value(), Value::Str(_)));
        // The kept bodies are out of `self` while one is used in place (a body is not moved).
        let mut templates = std::mem::take(&mut self.templates);
        let kept = if fits_a_template { self.filled_template(&mut templates, &mut all, &wanted, external_id.clone()) } else { None };
        let (app_user, report, user_diagnostics, body) = if let Some(at) = kept {
            let template = &mut templates[at];
            self.placement_diagnostics(&all, &template.refused, &mut diagnostics);
            let node = std::mem::replace(&mut template.node, Node { value: crate::json::Value::Null, span: Default::default() });
            let varying = Varying { leaves: &template.leaves, external_id_at: template.external_id_at, layout: &mut template.layout };
            let shape = Shape { view: texts_only.then_some(&mut template.view), schemas: template.schemas.as_deref(), varying: Some(varying) };
            let (node, report, user_diagnostics, body) = self.check_and_trace(node, shape, &template.placements, &all, record, profile, profile_pointer, &mut diagnostics);
            template.node = node;
            template.give_back(&mut all);
            let app_user = app_user_of(&mut all, &template.placements);
            // The last used first.
            templates[..=at].rotate_right(1);
            (app_user, report, user_diagnostics, body)
        } else {
            // A value with a number in it goes in as JSON text, made here (for the few users
            // that have one); text, the rest, is borrowed from the value itself.
            let numeric: Vec<Option<Json>> = if all.items.iter().any(|outcome| has_number(outcome.value())) {
                all.items.iter().map(|outcome| has_number(outcome.value()).then(|| value_to_json(outcome.value()))).collect()
            } else {
                Vec::new()
            };
            let mut body = Body::with_room(self.body_members);
            let (placements, refused) = self.place_all(&mut body, &wanted, |index| match numeric.get(index).and_then(Option::as_ref) {
                Some(json) => crate::scim_body::node_of(json),
                None => node_of_value(all.items[index].value()),
            });
            self.placement_diagnostics(&all, &refused, &mut diagnostics);
            let mut node = body.finish(self.names, external_id.clone());
            self.body_members = node.members().len();
            crate::pretty::number_spans(&mut node);
            let (_, report, user_diagnostics, body) = self.check_and_trace(node, Shape::default(), &placements, &all, record, profile, profile_pointer, &mut diagnostics);
            (app_user_of(&mut all, &placements), report, user_diagnostics, body)
        };
        self.templates = templates;
        self.wanted = wanted;
        let (method, path) = if update { ("PUT", "/Users/{id}") } else { ("POST", "/Users") };
        self.spare = all.emptied();
        Simulated { record: record.index, login, app_user, request: Some(Request { method, path, body }), external_id, report: Some(report), diagnostics, user_diagnostics }
    }

    /// Puts each value `wanted` in `body`, in the body's order, as `node_of` makes it; says
    /// where each went, and why each refused one could not go there.
    fn place_all<'v>(&self, body: &mut Body<'v>, wanted: &[bool], mut node_of: impl FnMut(usize) -> Node<'v>) -> (Vec<Placement>, Vec<(usize, String)>)
    where
        'r: 'v,
    {
        let mut placements = vec![Placement::Skipped; wanted.len()];
        let mut refused = Vec::new();
        for &index in &self.order {
            let Some(Ok(path)) = &self.compiled[index].path else { continue };
            if !wanted[index] {
                continue;
            }
            match body.place(path, node_of(index)) {
                Ok(()) => placements[index] = Placement::Sent,
                Err(why) => {
                    placements[index] = Placement::Refused;
                    refused.push((index, why));
                }
            }
        }
        (placements, refused)
    }

    /// What placing the values found, in the body's order: each expression that stopped with
    /// an error, and each value that could not be put in the body.
    fn placement_diagnostics(&self, all: &Outcomes<'_>, refused: &[(usize, String)], diagnostics: &mut Vec<Diagnostic>) {
        // Nearly every user: nothing stopped, nothing refused.
        if refused.is_empty() && all.items.iter().all(|outcome| outcome.result.is_ok()) {
            return;
        }
        for &index in &self.order {
            let (entry, outcome) = (&self.compiled[index], &all.items[index]);
            if let (Err(error), Some(expression)) = (&outcome.result, entry.expression()) {
                let at = expression.at(self.mapping_text, error.span);
                diagnostics.push(if error.limit { rules::limit(&at, &entry.property.attribute, &error.message) } else { rules::evaluation_error(&at, &entry.property.attribute, &error.message) });
            }
            if let Some((_, why)) = refused.iter().find(|(refused, _)| *refused == index) {
                diagnostics.push(rules::unknown_target(&entry.location(), &format!("{} ({why})", entry.property.attribute), true));
            }
        }
    }

    /// Where in `templates` the body of the shape `wanted` gives is, filled with the user's
    /// values: one kept, else one made now and put first (the oldest let go past
    /// `TEMPLATES`); none when no template can be made, or one could not be filled (it is
    /// let go).
    fn filled_template(&mut self, templates: &mut Vec<Template<'b>>, all: &mut Outcomes<'b>, wanted: &[bool], external_id: Option<Cow<'b, str>>) -> Option<usize> {
        let Some(at) = templates.iter().position(|template| template.wanted == wanted && template.external_id == external_id.is_some()) else {
            let mut made = self.new_template(wanted, external_id.is_some())?;
            // Kept only once filled, so that a template that cannot be lets go of no other.
            if !made.take_values(all, external_id) {
                return None;
            }
            templates.insert(0, made);
            templates.truncate(TEMPLATES);
            return Some(0);
        };
        if templates[at].take_values(all, external_id) {
            return Some(at);
        }
        templates.remove(at);
        None
    }

    /// A body of the shape a user's values `wanted` give, with nulls in place of the values:
    /// built as `Body` builds any (the values do not change its shape), its spans numbered,
    /// and the place of each value sent found.
    fn new_template(&mut self, wanted: &[bool], external_id: bool) -> Option<Template<'b>> {
        let mut body = Body::with_room(self.body_members);
        let (placements, refused) = self.place_all(&mut body, wanted, |_| Node { value: crate::json::Value::Null, span: Default::default() });
        let mut leaves = Vec::new();
        for index in (0..placements.len()).filter(|&index| placements[index] == Placement::Sent) {
            let Some(Ok(path)) = &self.compiled[index].path else { return None };
            leaves.push((index, body.route(path, external_id)?));
        }
        // The externalId is put in as each user's is.
        let mut node = body.finish(self.names, external_id.then_some(Cow::Borrowed("")));
        self.body_members = node.members().len();
        crate::pretty::number_spans(&mut node);
        let external_id_at = node.members().iter().position(|member| std::ptr::eq(member.key.as_ref(), self.names.external_id()));
        // Two values at one place (two attributes sent to one path, the last placed winning)
        // cannot each be moved in and out: the mapping's bodies are then each built anew.
        let external_id_route = external_id_at.map(|at| [at]);
        let routes: Vec<&[usize]> = varying_routes(&leaves, &external_id_route).collect();
        if routes.iter().enumerate().any(|(at, route)| routes[..at].contains(route)) {
            self.reuse_bodies = false;
            return None;
        }
        let schemas = schemas_findings(&node, &leaves);
        Some(Template { wanted: wanted.to_vec(), external_id, node, placements, refused, leaves, external_id_at, view: ViewCache::Unread, schemas, layout: None, moved: Vec::new() })
    }

    /// Numbered `node` checked and its findings traced; the node is handed back, with the
    /// report, the user's findings and the body as the simulation holds it.
    #[allow(clippy::too_many_arguments)]
    fn check_and_trace<'v>(&mut self, node: Node<'v>, shape: Shape<'_>, placements: &[Placement], all: &Outcomes<'_>, record: &Record<'_>, profile: &Node<'_>, profile_pointer: &'static str, diagnostics: &mut Vec<Diagnostic>) -> (Node<'v>, Report, Vec<Diagnostic>, Json) {
        let checked = Record { node, pointer: String::new(), index: record.index, kind: Kind::ScimUser };
        let report = self.check_body(&checked, shape, &all.items);
        let (report, user_diagnostics) = self.trace(report, &checked.node, placements, all, record, profile, profile_pointer, diagnostics);
        let body = match self.bodies {
            Bodies::Whole => Json::of_node(&checked.node),
            Bodies::Rebuilt => Json::Null,
        };
        (checked.node, report, user_diagnostics, body)
    }

    /// The body as Okta sends it, through every rule of `validate`. The rules read the body's
    /// tree directly, its spans numbered (`pretty::number_spans`); where each finding is in
    /// the body's text is worked out only for a body with findings. A body of a kept shape
    /// whose values are all texts takes its view from the shape's plan (`cache`), made from the
    /// first such body read.
    fn check_body(&mut self, body: &Record<'_>, shape: Shape<'_>, outcomes: &[Outcome<'_>]) -> Report {
        let view = match shape.view {
            Some(ViewCache::Planned(plan)) => plan.view_of(body),
            Some(cache @ ViewCache::Unread) => {
                let view = crate::read_view(body, &self.body_options);
                *cache = ViewPlan::of(&view, body).map_or(ViewCache::Unplanned, ViewCache::Planned);
                Some(view)
            }
            Some(ViewCache::Unplanned) | None => None,
        };
        let mut diagnostics = crate::check_viewed_in_batch(body, crate::Known { view: view.as_ref(), schemas: shape.schemas }, &self.body_options, &mut self.batch, true);
        let unknown: Vec<&'static str> = self.compiled.iter().zip(outcomes).filter(|(_, outcome)| matches!(outcome.value(), Value::Unknown)).filter_map(|(entry, _)| entry.dialpad).collect();
        diagnostics.retain(|diagnostic| !depends_on_unknown(diagnostic.code, &unknown));
        let mut varying = shape.varying;
        crate::report_placed(Kind::ScimUser, diagnostics, |diagnostics| {
            if !diagnostics.iter().any(|diagnostic| diagnostic.span.is_some()) || varying.as_mut().is_some_and(|varying| varying.place(&body.node, diagnostics)) {
                return;
            }
            let places = crate::pretty::places(&body.node);
            for diagnostic in diagnostics {
                if let Some(span) = diagnostic.span {
                    put_place(diagnostic, crate::pretty::place_of(span, &places));
                }
            }
        })
    }

    /// Gives each finding about a mapped value its origin, and copies a certain fix to where it
    /// is made: the literal of the expression (into `mapping_out`), or the Okta user's
    /// attribute (returned, as the user's diagnostics).
    #[allow(clippy::too_many_arguments)]
    fn trace(&mut self, mut report: Report, body: &Node<'_>, placements: &[Placement], all: &Outcomes<'_>, record: &Record<'_>, profile: &Node<'_>, profile_pointer: &'static str, mapping_out: &mut Vec<Diagnostic>) -> (Report, Vec<Diagnostic>) {
        let mut user_out = Vec::new();
        if report.diagnostics.is_empty() {
            return (report, user_out);
        }
        // Where each value went depends only on which values were put in the body, and which
        // were refused (a refused one may leave an element behind): bodies alike in that
        // (nearly all) share the pointers.
        if self.placed.as_ref().is_none_or(|placed| placed.placements != placements) {
            let pointers = (0..placements.len())
                .filter(|&index| placements[index] == Placement::Sent)
                .filter_map(|index| match &self.compiled[index].path {
                    Some(Ok(path)) => path.pointer(body).map(|pointer| (pointer, index)),
                    _ => None,
                })
                .collect();
            self.placed = Some(Placed { placements: placements.to_vec(), pointers });
        }
        // Out of `self` while the findings are traced, which makes their origins in `self`.
        let placed_now = self.placed.take();
        let placed = placed_now.as_ref().map_or(&[][..], |placed| placed.pointers.as_slice());
        for diagnostic in &mut report.diagnostics {
            let Some(&(_, index)) = placed.iter().find(|(pointer, _)| diagnostic.path == *pointer || diagnostic.path.strip_prefix(pointer.as_str()).is_some_and(|rest| rest.starts_with('/'))) else {
                continue;
            };
            let (entry, outcome) = (&self.compiled[index], &all.items[index]);
            let (Some(expression), Ok(traced)) = (entry.expression(), &outcome.result) else { continue };
            // The fix at the Okta attribute repeats the finding as the rules wrote it.
            if let Source::Attribute(name) = traced.source {
                if let Some(member) = profile.member(name) {
                    let token = escape_pointer_token(name);
                    let mut pointer = String::with_capacity(record.pointer.len() + profile_pointer.len() + 1 + token.len());
                    for piece in [record.pointer.as_str(), profile_pointer, "/", &token] {
                        pointer.push_str(piece);
                    }
                    user_out.push(attribute_fix(diagnostic, name, &entry.property.attribute, Location::new(pointer, member.value.span)));
                }
            }
            let computes = self.computes[index].get_or_insert_with(|| computes(entry, &expression.text));
            through(&mut diagnostic.message, computes, all.reads(index), profile);
            diagnostic.origin = Some(self.origin(index, &outcome.list));
            if let Source::Literal(span) = traced.source {
                if diagnostic.suggestion.is_some() {
                    mapping_out.push(literal_fix(diagnostic, &entry.property.attribute, expression, span, self.mapping_text));
                }
            }
        }
        self.placed = placed_now;
        (report, user_out)
    }

    /// The origin of a finding about the `index`th attribute's value, whose expression read
    /// `reads`: the last one made for that attribute when it read the same.
    fn origin(&mut self, index: usize, reads: &Reads) -> Arc<Origin> {
        if let Some(origin) = self.origins[index].as_ref().filter(|origin| Arc::ptr_eq(&origin.reads, reads)) {
            return Arc::clone(origin);
        }
        let origin = Arc::new(self.compiled[index].origin(Arc::clone(reads)));
        self.origins[index] = Some(Arc::clone(&origin));
        origin
    }

    fn tally(&mut self, outcomes: &[Outcome<'_>]) {
        self.totals.users += 1;
        let offices = self.options.options.offices.as_deref();
        for (index, (outcome, tallied)) in outcomes.iter().zip(&self.tallied).enumerate() {
            // Only licenses, and offices when the offices are known, are tallied.
            if *tallied == Tallied::Not || (*tallied == Tallied::Office && offices.is_none()) {
                continue;
            }
            let Some(text) = outcome.value().as_str().map(str::trim).filter(|text| !text.is_empty()) else { continue };
            let wrong = match tallied {
                Tallied::License => license::license(text).is_none(),
                _ => offices.is_some_and(|offices| !offices.iter().any(|office| office.name == text)),
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
            // Most users first; for as many, by value (the map's order, which the sort keeps).
            let mut counted: Vec<(&String, &u64)> = values.iter().collect();
            crate::sort::sort_by_key(&mut counted, |(_, &users)| u128::from(u64::MAX - users));
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
                    rules::Tally { value, users: usize::try_from(users).unwrap_or(usize::MAX), near }
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

// Native only: proptest is not a dependency of the wasm tests.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::{json, Value as JsonValue};

    /// Values an Okta user's attributes take here: text (some of it a license, an email, a
    /// country), empty text, a number, a boolean, an array, null.
    // One text has escapes: the reader writes it out, in the record's tree.
    const VALUES: [&str; 12] = ["\"a@example.com\"", "\"B@example.com\"", "\"Support\"", "\"\"", "\"US\"", "\"dialpad_talk\"", "5", "true", "[\"x\", \"y\"]", "null", "\"Ana\"", "\"S\\u00e3o \\\"P\\\"\""];
    const FIELDS: [&str; 8] = ["login", "email", "firstName", "lastName", "title", "department", "countryCode", "flag"];
    const EXPRESSIONS: [&str; 18] = [
        "user.login",
        "user.email",
        "user.firstName",
        "user.title",
        "user.flag",
        "user.department == 'Support' ? 'dialpad_support' : user.countryCode",
        "String.toLowerCase(user.email)",
        "'literal'",
        "null",
        "user.lastName",
        // Decided by one attribute: evaluated once per value of it (see `environment::Memo`).
        "user.title != null ? user.title : 'Employee'",
        "String.substringBefore(user.countryCode, 'S')",
        "user.flag ? 'yes' : 'no'",
        "String.toUpperCase(user.department) + '!'",
        "Arrays.size(user.firstName) > 1 ? 'many' : user.firstName",
        // Not decided by one attribute alone.
        "user.getInternalProperty('id')",
        "appuser.userName",
        "user.firstName + ' ' + user.lastName",
    ];
    /// App attributes and where a custom schema puts them: among them the places that make a
    /// body's shape depend on its values, and names `finish` adds members of too.
    const CUSTOM: [(&str, &str); 11] = [
        // A boolean that decides which email the reader takes, the home one or the work one.
        ("homeEmail", "emails[type eq \"home\"].value"),
        ("workPrimary", "emails[type eq \"work\"].primary"),
        ("workEmail", "emails[type eq \"work\"].value"),
        ("altSlot", "emails.^[type==\"work\"]"),
        ("primaryFlag", "emails.^[primary==true].primary"),
        ("activeCopy", "active"),
        ("schemasCopy", "schemas"),
        ("externalCopy", "externalId"),
        ("nested", "name.givenName.more"),
        ("workCountry", "addresses[type eq \"work\"].country"),
        ("typeLeaf", "addresses[type eq \"work\"].type"),
    ];

    fn users() -> impl Strategy<Value = String> {
        let profile = proptest::collection::vec(proptest::option::of(proptest::sample::select(&VALUES[..])), FIELDS.len());
        proptest::collection::vec(profile, 1..16).prop_map(|profiles| {
            let records: Vec<String> = profiles
                .iter()
                .enumerate()
                .map(|(index, values)| {
                    let members: Vec<String> = FIELDS.iter().zip(values).filter_map(|(field, value)| Some(format!("\"{field}\": {}", (*value)?))).collect();
                    format!("{{\"id\": \"00u{index}\", \"profile\": {{{}}}}}", members.join(", "))
                })
                .collect();
            format!("[{}]", records.join(",\n"))
        })
    }

    /// A mapping of the default attributes and the custom ones, each with one of EXPRESSIONS,
    /// and the schema putting the custom ones where CUSTOM says (or none, the template).
    fn mapping_and_schema() -> impl Strategy<Value = (String, Option<JsonValue>, bool)> {
        let attributes = ["userName", "givenName", "familyName", "email", "title", "countryCode", "licenseType"];
        let chosen = proptest::collection::vec(proptest::option::of(proptest::sample::select(&EXPRESSIONS[..])), attributes.len() + CUSTOM.len());
        (chosen, any::<bool>(), proptest::collection::vec(any::<bool>(), CUSTOM.len()), any::<bool>()).prop_map(move |(expressions, custom, kept, update)| {
            let names = attributes.iter().copied().chain(CUSTOM.iter().map(|(name, _)| *name));
            let properties: serde_json::Map<String, JsonValue> = names
                .zip(&expressions)
                .filter_map(|(name, expression)| Some((name.to_string(), json!({ "expression": (*expression)?, "pushStatus": if name == "title" { "DONT_PUSH" } else { "PUSH" } }))))
                .collect();
            let schema = custom.then(|| {
                let core = "urn:ietf:params:scim:schemas:core:2.0:User";
                let mut definitions = serde_json::Map::new();
                for attribute in attributes {
                    let external = match attribute {
                        "givenName" => "name.givenName",
                        "familyName" => "name.familyName",
                        "email" => "emails.^[primary==true].value",
                        other => other,
                    };
                    definitions.insert(attribute.to_string(), json!({ "type": "string", "externalName": external, "externalNamespace": core }));
                }
                for ((name, external), kept) in CUSTOM.iter().zip(&kept) {
                    let namespace = if *kept { core } else { crate::input::ENTERPRISE_URN };
                    definitions.insert(name.to_string(), json!({ "type": "string", "externalName": external, "externalNamespace": namespace }));
                }
                json!({ "definitions": { "custom": { "properties": definitions } } })
            });
            (json!({ "properties": properties }).to_string(), schema, update)
        })
    }

    fn simulations(users: &str, mapping: &str, schema: &Option<JsonValue>, update: bool, reuse: bool) -> Vec<String> {
        let mut options = json!({ "operation": if update { "update" } else { "create" } });
        if let Some(schema) = schema {
            options["schema"] = schema.clone();
        }
        let options = SimulateOptions::from_json(&options.to_string()).unwrap();
        let read = crate::profile_mapping::read(mapping);
        let mut collected = Collected::default();
        simulate_each_with(users, mapping, &read, &options, Bodies::Whole, reuse, &mut collected);
        collected.0.iter().map(|(place, simulation)| format!("{place} {}", serde_json::to_string(simulation).unwrap())).collect()
    }

    /// A mapping's text: each attribute with its expression, pushed.
    fn pushing(properties: &[(&str, &str)]) -> String {
        let properties: serde_json::Map<String, JsonValue> = properties.iter().map(|(name, expression)| (name.to_string(), json!({ "expression": expression, "pushStatus": "PUSH" }))).collect();
        json!({ "properties": properties }).to_string()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        /// Bodies built once per shape and filled with each user's values give exactly the
        /// simulations of bodies built anew for each user.
        #[test]
        fn bodies_kept_per_shape_give_what_bodies_built_anew_give(users in users(), (mapping, schema, update) in mapping_and_schema()) {
            prop_assert_eq!(simulations(&users, &mapping, &schema, update, true), simulations(&users, &mapping, &schema, update, false));
        }
    }

    /// Expressions decided by an attribute that differs for every user stop being remembered
    /// (and are evaluated for each); those decided by one of a few values are remembered:
    /// either way, what every user gets is what evaluating each alone gives.
    #[test]
    fn remembered_values_are_what_each_user_gets_alone() {
        const COUNTRIES: [&str; 3] = ["US", "USA", "de"];
        let users: Vec<JsonValue> = (0..120)
            .map(|index| json!({ "id": format!("00u{index}"), "profile": { "login": format!("U{index}@example.com"), "email": format!("U{index}@Example.com"), "countryCode": COUNTRIES[index % 3], "title": (index % 4 != 0).then_some("Agent") } }))
            .collect();
        let users = JsonValue::Array(users).to_string();
        let mapping = pushing(&[
            ("userName", "String.toLowerCase(user.login)"),
            ("email", "String.toLowerCase(user.email)"),
            ("countryCode", "user.countryCode == 'USA' ? 'US' : String.toUpperCase(user.countryCode)"),
            ("title", "user.title != null ? user.title : 'Employee'"),
        ]);
        let remembered = simulations(&users, &mapping, &None, false, true);
        assert_eq!(remembered, simulations(&users, &mapping, &None, false, false));
        assert!(remembered[1].contains("\"value\":\"DE\""), "{}", remembered[1]);
    }

    #[test]
    fn values_remembered_by_how_an_attribute_compares_are_what_each_user_gets_alone() {
        let emails = [json!("a@example.com"), json!(""), JsonValue::Null, json!("b@example.com"), json!("esc\"aped@example.com"), json!(5), json!(["a"]), json!(true), json!("")];
        let users: Vec<JsonValue> = (0..40)
            .map(|index| {
                let mut profile = json!({ "login": format!("u{index}@example.com") });
                // Every tenth user has no email at all.
                if index % 10 != 9 {
                    profile["email"] = emails[index % emails.len()].clone();
                }
                json!({ "id": format!("00u{index}"), "profile": profile })
            })
            .collect();
        let users = JsonValue::Array(users).to_string();
        let mapping = pushing(&[
            ("userName", "user.login"),
            ("emailType", "(user.email != null && user.email != '') ? 'work' : ''"),
            ("title", "'b@example.com' == user.email ? 'B' : (user.email == 5 ? 'five' : (user.email == true ? 'yes' : 'other'))"),
        ]);
        let remembered = simulations(&users, &mapping, &None, false, true);
        assert_eq!(remembered, simulations(&users, &mapping, &None, false, false));
        let fourth = remembered.iter().find(|simulation| simulation.starts_with("3 ")).expect("the fourth user");
        assert!(fourth.contains("\"value\":\"B\""), "{fourth}");
    }

    /// A batch mixing Users API objects and bare profiles: the same input read at another
    /// place in the record is remembered apart (its reads' pointers differ).
    #[test]
    fn remembered_values_keep_the_pointers_of_their_own_profile() {
        let users = r#"[{"id":"00u1","profile":{"login":"a@example.com","email":"a@example.com","title":"Agent"}},{"login":"b@example.com","email":"b@example.com","title":"Agent"}]"#;
        let mapping = pushing(&[("userName", "user.login"), ("emailType", "(user.email != null && user.email != '') ? 'work' : ''"), ("title", "user.title")]);
        let remembered = simulations(users, &mapping, &None, false, true);
        assert_eq!(remembered, simulations(users, &mapping, &None, false, false));
        assert!(remembered.iter().any(|simulation| simulation.starts_with("1 ") && simulation.contains("\"reads\":[\"/email\"]")), "{remembered:?}");
    }

    /// An app user schema of custom attributes, each (name, type, externalName, namespace).
    fn custom_schema(attributes: &[(&str, &str, &str, &str)]) -> JsonValue {
        let properties: serde_json::Map<String, JsonValue> =
            attributes.iter().map(|(name, kind, external, namespace)| (name.to_string(), json!({ "type": kind, "externalName": external, "externalNamespace": namespace }))).collect();
        json!({ "definitions": { "custom": { "properties": properties } } })
    }

    /// Two attributes sent to one path (the last placed wins): each user's body is built
    /// anew, as no kept body could take both values in and out.
    #[test]
    fn attributes_sent_to_one_path_give_what_bodies_built_anew_give() {
        let core = crate::input::CORE_USER_URN;
        let schema = custom_schema(&[
            ("userName", "string", "userName", core),
            ("a", "string", "nickName", core),
            ("b", "string", "nickName", core),
            ("licenseType", "string", "licenseType", crate::input::ENTERPRISE_URN),
        ]);
        let mapping = pushing(&[("userName", "user.login"), ("a", "user.firstName"), ("b", "user.lastName"), ("licenseType", "'Dialpad_Talk'")]);
        let users = json!([
            { "id": "00u1", "profile": { "login": "a@example.com", "firstName": "Ann", "lastName": "Lee" } },
            { "id": "00u2", "profile": { "login": "b@example.com", "firstName": "Bartholomew", "lastName": "Fitzgerald-Longname" } },
            { "id": "00u3", "profile": { "login": "c@example.com", "firstName": "Esc\"aped", "lastName": "Also\"esc" } }
        ])
        .to_string();
        let kept = simulations(&users, &mapping, &Some(schema.clone()), false, true);
        assert_eq!(kept, simulations(&users, &mapping, &Some(schema), false, false));
        assert!(kept.iter().any(|simulation| simulation.contains("\"a\":{\"value\":\"Bartholomew\"")), "{kept:?}");
    }

    /// A boolean can decide which email the reader takes (the one marked primary), so a body
    /// with one is read, not given the view of an earlier body of its shape whose values were
    /// texts.
    #[test]
    fn a_boolean_that_marks_the_primary_email_is_read_in_each_body() {
        let core = crate::input::CORE_USER_URN;
        let schema = custom_schema(&[
            ("userName", "string", "userName", core),
            ("homeEmail", "string", "emails[type eq \"home\"].value", core),
            ("workPrimary", "boolean", "emails[type eq \"work\"].primary", core),
            ("workEmail", "string", "emails[type eq \"work\"].value", core),
        ]);
        let mapping = pushing(&[("userName", "user.login"), ("homeEmail", "user.email"), ("workPrimary", "user.flag"), ("workEmail", "'work@example.com'")]);
        let users = json!([
            { "id": "00u1", "profile": { "login": "a@example.com", "email": "home@example.com", "flag": "no" } },
            { "id": "00u2", "profile": { "login": "b@example.com", "email": "home@example.com", "flag": true } }
        ])
        .to_string();
        let kept = simulations(&users, &mapping, &Some(schema.clone()), false, true);
        assert_eq!(kept, simulations(&users, &mapping, &Some(schema), false, false));
        // The second user's body (handed over first) takes the work email, marked primary; the
        // first user's, the home one.
        assert!(kept[0].starts_with("1 ") && kept[0].contains("/emails/1/value") && kept[1].contains("/emails/0/value"), "{kept:?}");
    }

    /// A template's schemas findings are those of its body, unless a value goes into
    /// `schemas` (each body is then checked).
    #[test]
    fn schemas_findings_are_the_bodys_unless_a_value_goes_into_schemas() {
        let text = format!(r#"{{"schemas": ["{}"], "userName": null, "{}": {{"officeName": null}}}}"#, crate::input::CORE_USER_URN, crate::input::ENTERPRISE_URN);
        let body = crate::json::parse(&text).unwrap();
        let mut checked = Vec::new();
        crate::rules::namespace::check_schemas(&body, "", Kind::ScimUser, &mut checked);
        assert_eq!(checked.len(), 1, "the extension is not listed: {checked:?}");
        let found = schemas_findings(&body, &[(0, vec![1]), (1, vec![2, 0])]).expect("no value goes into schemas");
        assert_eq!(found.iter().map(|diagnostic| (diagnostic.code, diagnostic.path.as_str())).collect::<Vec<_>>(), vec![(checked[0].code, "/schemas")]);
        assert!(schemas_findings(&body, &[(0, vec![1]), (1, vec![0, 0])]).is_none());
    }

    /// The places that would let a value decide which element a later value goes in.
    #[test]
    fn a_value_on_the_key_an_element_is_selected_by_makes_the_shape_depend_on_values() {
        let core = crate::input::CORE_USER_URN;
        let path = |name: &str| crate::scim_body::Path::parse(name, core).unwrap();
        let fixed = |names: &[&str]| crate::scim_body::shape_is_fixed(names.iter().map(|name| path(name)).collect::<Vec<_>>().iter());
        assert!(fixed(&["userName", "emails.^[primary==true].value", "emails.^[primary==true].type", "addresses[type eq \"work\"].country"]));
        assert!(!fixed(&["emails.^[primary==true].value", "emails.^[primary==true].primary"]));
        assert!(!fixed(&["addresses[type eq \"work\"].country", "addresses.^[primary==true].type"]));
        assert!(fixed(&["addresses[type eq \"work\"].country", "emails.^[primary==true].type"]), "another array's members");
    }
}
