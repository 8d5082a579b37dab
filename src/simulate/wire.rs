//! The simulations as the wasm boundary carries them: compact JSON lines, from which
//! src/simulations.js builds the objects, each when it is first read.

use super::environment::write_value;
use super::{body_plan, simulate_each, Attribute, Bodies, BodyPlan, SimulateOptions, Simulated, Sink};
use crate::el::Value;
use crate::diagnostic::DiagnosticsWriter;
use crate::json_out::{list, string, unsigned, ToJson};
use crate::profile_mapping::ProfileMapping;
use std::collections::HashMap;
use std::sync::Arc;

/// `simulate` as compact JSON lines (UTF-8) for a JavaScript caller to rebuild the objects
/// from (the wasm boundary does): each expression, attribute name and list of reads is written
/// once, not once per user, and a report without findings is a `0`. Each simulation is a line
/// of its own, written as soon as it is made (see `simulate_each`), and `lines` says where each
/// is, so the caller can decode and build one only when it is read: a batch's simulations cost
/// JavaScript little until they are looked at.
///
/// A simulation's line: `[values, readSet, flagSet, [externalId] | null, report | 0 | null,
/// diagnostics, userDiagnostics]`, where `readSet` and `flagSet` name by number the user's
/// list of readIds and of flags (1 sent, 2 unknown, 4 remembered, 8 the login) among
/// `readSets` and `flagSets` (nearly every user's are the same), a remembered value is a
/// number naming one of its attribute's `remembered` texts (a text an expression gave for
/// many users is written once), a value that is the user's login is `0` (the login is in
/// `logins`), and a finding that says what one before it said is `[number, place]` (see
/// `DiagnosticsWriter::referring`). The last line: `{"batch", "attributes", "expressions",
/// "order", "paths", "reads": [[pointer, ...], ...], "remembered": [[text | null, ...], ...],
/// "readSets", "flagSets", "method", "path", "records": [record, ...] | null, "said":
/// [offset, ...], "logins": [login, ...]}`, where `records` is null for a batch whose
/// simulations are its records in order, and `said` holds four offsets into the text for each
/// number a finding names. Each body is built again from the values sent, put where `paths`
/// says in the `order` given (see `Body`); every request of a call has the same method and path.
pub fn simulate_to_wire(users_text: &str, mapping_text: &str, mapping: &ProfileMapping, options: &SimulateOptions) -> Wire {
    // Room for as much as the users' text: a batch with findings about a fifth of its users
    // writes three quarters of it, one without a third; growing the lines copies them. (A
    // text past the limit is refused unread: no room for it.)
    let mut writer = Writer::with_room(users_text.len().min(options.options.limits.max_bytes) + 256);
    let batch = simulate_each(users_text, mapping_text, mapping, options, Bodies::Rebuilt, &mut writer);
    writer.finish(batch, &body_plan(mapping, &options.schema))
}

/// The lines of [`simulate_to_wire`]: one per simulation, then the last.
pub struct Wire {
    /// UTF-8, the lines one after another.
    pub text: Vec<u8>,
    /// Where the last line starts, then where each simulation's line starts and ends, in the
    /// order of the result (the first simulation's line is written last).
    pub lines: Vec<usize>,
}

#[derive(Default)]
struct Writer {
    out: Vec<u8>,
    /// Start and end of each simulation's line, by its place in the result.
    lines: Vec<(usize, usize)>,
    read_lists: ReadLists,
    records: Vec<Option<usize>>,
    /// Each login as JSON, one after another, and where each place's is: written as the
    /// simulation comes, whose login is borrowed from the users read.
    logins: Vec<u8>,
    login_at: Vec<(usize, usize)>,
    /// The mapping's attributes, each's name and expression.
    attributes: Vec<Attribute>,
    /// The lines' readIds and flags, each list written once and named by number (see `Sets`).
    read_sets: Sets<usize>,
    flag_sets: Sets<u8>,
    /// This line's, before they are found among the sets.
    scratch: (Vec<usize>, Vec<u8>),
    /// The method and path of the requests.
    request: Option<(&'static str, &'static str)>,
    remembered: Remembered,
    /// The findings, each written once for all who have the same and named by number after
    /// (see `DiagnosticsWriter::referring`).
    diagnostics: DiagnosticsWriter,
}

/// The texts named by number in the lines (see `Entry::remembered`), each written once.
#[derive(Default)]
struct Remembered {
    /// By attribute, then by number: where the text's JSON is in `text`.
    known: Vec<Vec<Option<(usize, usize)>>>,
    text: Vec<u8>,
}

impl Remembered {
    /// Notes the text an attribute's `number` names, when it is the first line to name it.
    fn note(&mut self, attribute: usize, number: u32, value: &crate::el::Value<'_>) {
        if self.known.len() <= attribute {
            self.known.resize_with(attribute + 1, Vec::new);
        }
        let known = &mut self.known[attribute];
        let number = number as usize;
        if known.len() <= number {
            known.resize(number + 1, None);
        }
        if known[number].is_none() {
            let start = self.text.len();
            write_value(&mut self.text, value);
            known[number] = Some((start, self.text.len()));
        }
    }

    /// `[[text | null, ...], ...]`: by attribute, each text by its number (null for a number
    /// no line named).
    fn write_json(&self, out: &mut Vec<u8>) {
        list(out, &self.known, |out, known| {
            list(out, known, |out, at| match at {
                Some((start, end)) => out.extend_from_slice(&self.text[*start..*end]),
                None => out.extend_from_slice(b"null"),
            })
        });
    }
}

impl Sink for Writer {
    fn simulated(&mut self, place: usize, simulation: Simulated<'_>, attributes: &[Attribute]) {
        self.push(place, simulation, attributes);
    }

    fn discard(&mut self) {
        *self = Writer::with_room(0);
    }
}

impl Writer {
    fn with_room(bytes: usize) -> Writer {
        Writer { out: Vec::with_capacity(bytes), diagnostics: DiagnosticsWriter::referring(), ..Writer::default() }
    }

    fn push(&mut self, place: usize, simulation: Simulated<'_>, attributes: &[Attribute]) {
        if self.lines.len() <= place {
            self.lines.resize(place + 1, (0, 0));
            self.records.resize(place + 1, None);
            self.login_at.resize(place + 1, (0, 0));
        }
        if self.attributes.is_empty() && !simulation.app_user.is_empty() {
            self.attributes = attributes.to_vec();
        }
        let start = self.out.len();
        if let Some(request) = &simulation.request {
            self.request = Some((request.method, request.path));
        }
        self.write_simulation(&simulation);
        self.lines[place] = (start, self.out.len());
        self.records[place] = simulation.record;
        let start = self.logins.len();
        match simulation.login {
            Some(login) => string(&mut self.logins, &login),
            None => self.logins.extend_from_slice(b"null"),
        }
        self.login_at[place] = (start, self.logins.len());
    }

    /// Writes one simulation, naming each attribute's list of reads by its number in `read_lists`.
    fn write_simulation(&mut self, simulation: &Simulated<'_>) {
        let out = &mut self.out;
        out.push(b'[');
        if simulation.app_user.is_empty() {
            out.extend_from_slice(b"null,null,null");
        } else {
            let values = &simulation.app_user;
            let (reads, flags) = &mut self.scratch;
            flags.clear();
            let (remembered, mut attribute) = (&mut self.remembered, 0);
            let login = simulation.login.as_deref();
            list(out, values, |out, entry| {
                let mut flag = u8::from(entry.sent) + 2 * u8::from(entry.unknown);
                match (entry.remembered, &entry.value) {
                    (Some(number), _) => {
                        remembered.note(attribute, number, &entry.value);
                        unsigned(out, number as usize);
                        flag += 4;
                    }
                    // The user's login (a userName, often an email too) is in `logins` already.
                    (None, Value::Str(text)) if login.is_some_and(|login| crate::text::same(login, text)) => {
                        out.push(b'0');
                        flag += 8;
                    }
                    _ => write_value(out, &entry.value),
                }
                flags.push(flag);
                attribute += 1;
            });
            reads.clear();
            reads.extend(values.iter().enumerate().map(|(attribute, value)| self.read_lists.number(attribute, &value.reads)));
            out.push(b',');
            unsigned(out, self.read_sets.number(reads));
            out.push(b',');
            unsigned(out, self.flag_sets.number(flags));
        }
        write_rest(out, simulation, &mut self.diagnostics);
    }

    fn finish(mut self, batch: bool, plan: &BodyPlan) -> Wire {
        let out = &mut self.out;
        let last = out.len();
        out.extend_from_slice(if batch { b"{\"batch\":true,\"attributes\":" } else { b"{\"batch\":false,\"attributes\":" });
        list(out, &self.attributes, |out, attribute| string(out, &attribute.name));
        out.extend_from_slice(b",\"expressions\":");
        list(out, &self.attributes, |out, attribute| attribute.expression.as_deref().to_json(out));
        out.extend_from_slice(b",\"order\":");
        plan.order.to_json(out);
        out.extend_from_slice(b",\"paths\":");
        list(out, &plan.paths, |out, path| match path {
            Some(path) => path.write_json(out),
            None => out.extend_from_slice(b"null"),
        });
        out.extend_from_slice(b",\"reads\":");
        list(out, &self.read_lists.lists, |out, reads| list(out, reads, |out, read| string(out, read)));
        out.extend_from_slice(b",\"remembered\":");
        self.remembered.write_json(out);
        out.extend_from_slice(b",\"readSets\":");
        self.read_sets.sets.to_json(out);
        out.extend_from_slice(b",\"flagSets\":");
        self.flag_sets.sets.to_json(out);
        let (method, path) = self.request.unwrap_or(("POST", "/Users"));
        out.extend_from_slice(b",\"method\":");
        string(out, method);
        out.extend_from_slice(b",\"path\":");
        string(out, path);
        out.extend_from_slice(b",\"records\":");
        // A batch's simulations are nearly always its records in order, which `null` says.
        if batch && self.records.iter().enumerate().all(|(place, record)| *record == Some(place)) {
            out.extend_from_slice(b"null");
        } else {
            list(out, &self.records, |out, record| match record {
                Some(record) => unsigned(out, *record),
                None => out.extend_from_slice(b"null"),
            });
        }
        out.extend_from_slice(b",\"said\":");
        list(out, self.diagnostics.referred(), |out, offset| unsigned(out, *offset));
        out.extend_from_slice(b",\"logins\":");
        list(out, &self.login_at, |out, &(start, end)| match end {
            0 => out.extend_from_slice(b"null"),
            _ => out.extend_from_slice(&self.logins[start..end]),
        });
        out.push(b'}');
        let mut lines = Vec::with_capacity(1 + 2 * self.lines.len());
        lines.push(last);
        lines.extend(self.lines.iter().flat_map(|&(start, end)| [start, end]));
        Wire { text: self.out, lines }
    }
}

/// Lists many lines have the same of (a user's readIds, its flags), numbered in the order
/// first seen: each different one kept once while there are at most `SETS_SEARCHED`; past
/// those, a list not among them is kept again for each line that has it (as big as writing
/// it in the line, as before there were sets).
#[derive(Default)]
struct Sets<T> {
    sets: Vec<Vec<T>>,
    /// The number the last line's list had: nearly every line's is the same.
    last: usize,
}

/// How many of the sets a list is looked for among: a batch's users have a few different
/// ones, and one not among the first is kept again rather than looked for further.
const SETS_SEARCHED: usize = 64;

impl<T: PartialEq + Clone> Sets<T> {
    fn number(&mut self, list: &[T]) -> usize {
        // Compared item by item: `==` on slices of integers is the wasm build's byte-wise memcmp.
        let same = |set: &Vec<T>| set.iter().eq(list);
        if self.sets.get(self.last).is_some_and(same) {
            return self.last;
        }
        self.last = match self.sets.iter().take(SETS_SEARCHED).position(same) {
            Some(found) => found,
            None => {
                self.sets.push(list.to_vec());
                self.sets.len() - 1
            }
        };
        self.last
    }
}

/// The lists of reads written once for all simulations, numbered; the users share the lists
/// themselves (see `Pointers::list`), so one is found by its address (each list is kept here,
/// so no other can take its address while the simulations are written).
#[derive(Default)]
struct ReadLists {
    lists: Vec<Arc<[Arc<str>]>>,
    numbers: HashMap<usize, usize>,
    /// By attribute, the address and number of the list its last user had: nearly every user
    /// has the same, found without hashing.
    last: Vec<(usize, usize)>,
}

impl ReadLists {
    fn number(&mut self, attribute: usize, list: &Arc<[Arc<str>]>) -> usize {
        let address = Arc::as_ptr(list) as *const u8 as usize;
        if let Some(&(_, number)) = self.last.get(attribute).filter(|(last, _)| *last == address) {
            return number;
        }
        let next = self.lists.len();
        let number = *self.numbers.entry(address).or_insert_with(|| {
            self.lists.push(Arc::clone(list));
            next
        });
        if self.last.len() <= attribute {
            self.last.resize(attribute + 1, (0, 0));
        }
        self.last[attribute] = (address, number);
        number
    }
}

/// A simulation's line after its app user: the request, the report and the diagnostics.
fn write_rest(out: &mut Vec<u8>, simulation: &Simulated<'_>, diagnostics: &mut DiagnosticsWriter) {
    out.push(b',');
    match &simulation.request {
        // The body is built again from the values and the plan; only what Okta adds of its
        // own, the user's id as externalId, is written.
        Some(_) => {
            out.push(b'[');
            match &simulation.external_id {
                Some(id) => string(out, id),
                None => out.extend_from_slice(b"null"),
            }
            out.push(b']');
        }
        None => out.extend_from_slice(b"null"),
    }
    out.push(b',');
    match &simulation.report {
        Some(report) if report.diagnostics.is_empty() => out.push(b'0'),
        Some(report) => report.write_json_with(out, diagnostics),
        None => out.extend_from_slice(b"null"),
    }
    out.push(b',');
    diagnostics.write_all(out, &simulation.diagnostics);
    out.push(b',');
    diagnostics.write_all(out, &simulation.user_diagnostics);
    out.push(b']');
}
