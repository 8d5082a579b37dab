//! What an expression can read for one user: the Okta user's attributes, the other attributes
//! of the app user being built, the user's groups; and the pointers of what it read.

use super::compile::Compiled;
use crate::el::functions::Groups;
use crate::el::{self, Environment, EvalError, Patterns, Source, Traced, Value};
use crate::input::Record;
use crate::json::{escape_pointer_token, Node, Span, Value as JsonValue};
use crate::scim_body::Json;
use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

/// What an expression can read for one user, whose record (`'t`) lives only while the user is
/// simulated: what the expressions give (`'a`) borrows only the users' text and the mapping.
pub(super) struct UserEnvironment<'t, 'a, 's> {
    pub(super) profile: Option<&'t Node<'a>>,
    pub(super) root: &'t Node<'a>,
    pub(super) groups: Option<&'s [String]>,
    pub(super) patterns: &'s mut Patterns,
    pub(super) compiled: &'a [Compiled],
    /// By attribute of the mapping, its outcome once evaluated, and how far its evaluation is;
    /// handed over whole as the user's outcomes, every one evaluated. Filled in order, each
    /// pushed as it comes: only an attribute evaluated ahead of its turn (through `appuser.`)
    /// leaves placeholders before it, which `states` says are not evaluated yet.
    pub(super) outcomes: Vec<Outcome<'a>>,
    /// What a placeholder has read: nothing.
    pub(super) nothing_read: &'s Reads,
    pub(super) states: &'s mut Vec<Slot>,
    /// Every user attribute read, by its name in the expression, each evaluation's in a range
    /// of its own (one vector for the user rather than one per attribute); an evaluation of
    /// another attribute inside one (`appuser.`) adds its reads within the outer range.
    pub(super) reads: Vec<&'a str>,
    /// Where the reads of the evaluation under way start.
    pub(super) start: usize,
    /// By attribute of the mapping: the values its expression gave for the values of the one
    /// attribute that decides it, kept across users (empty when not used).
    pub(super) memos: &'s mut [Memo<'a>],
    /// The pointers of what each expression read, and where the profile is in the record.
    pub(super) pointers: &'s mut Pointers,
    pub(super) profile_pointer: &'static str,
}

/// The values an expression gave, by the value of the one profile attribute it depends on
/// (`Compiled::decided_by`): most such attributes (a country, a language, an office, a
/// license) take a handful of values over a batch, and an expression gives the same value,
/// read the same way, for the same input. What it gives is shared with every user after:
/// a text it kept of the attribute is that of the first user with the value, equal to theirs.
/// The pointers of what it read depend on where the profile is in the record too (a batch
/// may mix Users API objects with bare profiles): that is part of the input.
pub(super) struct Memo<'a> {
    /// The input (see `Input`) and where the profile was, the outcome, whether the expression
    /// read the attribute, and the pointers of what it read.
    kept: Vec<(Key<'a>, Result<Traced<'a>, EvalError>, bool, Reads)>,
    /// Where each kept value is, by a hash of it (see `Input::hash`): its place in `kept`
    /// plus one, 0 for none; probed from the hash's slot on. A list of up to 32 was scanned
    /// a value at a time, about 26 values a user on the benchmark.
    slots: [u8; MEMO_SLOTS],
    /// Set once it kept `MEMO_VALUES` values without finding one again often enough to pay:
    /// the attribute is different for each user (an email), and every user is evaluated.
    off: bool,
    found: usize,
}

/// What a memo finds an outcome by: the input, and the pointer of the profile in its record.
type Key<'a> = (Input<'a>, &'static str);

/// Values kept per expression before it is judged worth keeping (see `Memo::off`).
const MEMO_VALUES: usize = 32;

/// Slots of a memo's hash table: twice the values kept, so that a probe ends soon.
const MEMO_SLOTS: usize = 2 * MEMO_VALUES;

/// The value of the attribute an expression depends on, as it decides the expression's.
#[derive(Clone, Copy)]
pub(super) enum Input<'a> {
    /// The expression reads no attribute.
    Nothing,
    /// Not set: the expression reads null, as for a null, but reads no member.
    Absent,
    /// Set to null.
    Null,
    Bool(bool),
    Text(&'a str),
    Number(&'a str),
    /// Whether the value equals each literal it is compared with (see
    /// `Compiled::compared`), one bit each: all the expression's value depends on.
    Compared(u64),
}

impl Default for Memo<'_> {
    fn default() -> Self {
        Memo { kept: Vec::new(), slots: [0; MEMO_SLOTS], off: false, found: 0 }
    }
}

impl Input<'_> {
    /// The slot of the memo's table where the look-up for this value starts: a text's
    /// length and its first and last (up to) eight bytes, mixed.
    fn hash(&self) -> usize {
        let (tag, text) = match self {
            Input::Nothing => (1, ""),
            Input::Absent => (2, ""),
            Input::Null => (3, ""),
            Input::Bool(value) => (4 + u64::from(*value), ""),
            Input::Text(text) => (6, *text),
            Input::Number(text) => (7, *text),
            Input::Compared(bits) => return ((bits ^ (8 << 56)).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 58) as usize,
        };
        let bytes = text.as_bytes();
        let (first, last) = match bytes.len() {
            0..=7 => (short_word(bytes), 0),
            length => (crate::text::word(&bytes[..8]), crate::text::word(&bytes[length - 8..])),
        };
        let mixed = (first ^ last.rotate_left(29) ^ (tag << 56) ^ bytes.len() as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (mixed >> 58) as usize
    }
}

/// Up to seven bytes as one word, the first in its lowest byte.
fn short_word(bytes: &[u8]) -> u64 {
    bytes.iter().rev().fold(0, |word, &byte| word << 8 | u64::from(byte))
}

/// Texts compared by `text::same` (the wasm build's `memcmp`, which `==` on texts calls, is a
/// byte loop out of line).
impl PartialEq for Input<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Input::Text(left), Input::Text(right)) | (Input::Number(left), Input::Number(right)) => crate::text::same(left, right),
            (Input::Bool(left), Input::Bool(right)) => left == right,
            (Input::Compared(left), Input::Compared(right)) => left == right,
            (Input::Nothing, Input::Nothing) | (Input::Absent, Input::Absent) | (Input::Null, Input::Null) => true,
            _ => false,
        }
    }
}

/// How far an attribute's evaluation is, for one user.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Slot {
    Pending,
    Running,
    Done,
}

/// The JSON Pointers of the attributes an expression read, shared by the users that read the
/// same (see `Pointers::list`).
pub(super) type Reads = Arc<[Arc<str>]>;

impl<'a> UserEnvironment<'_, 'a, '_> {
    /// Evaluates every attribute of the mapping for this user, each once (one may have been
    /// evaluated already, through `appuser.`), and hands over each outcome.
    pub(super) fn evaluate_all(mut self) -> Outcomes<'a> {
        for index in 0..self.compiled.len() {
            if self.states[index] == Slot::Pending {
                self.fill(index);
            }
        }
        // Every attribute was evaluated above; a circle leaves none running.
        Outcomes { items: self.outcomes, reads: self.reads }
    }

    /// Evaluates the mapping's `index`th attribute into its slot: from its memo when the
    /// input that decides it was seen before.
    pub(super) fn fill(&mut self, index: usize) {
        self.states[index] = Slot::Running;
        let outer = std::mem::replace(&mut self.start, self.reads.len());
        let compiled: &'a [Compiled] = self.compiled;
        let (result, list, remembered) = match &compiled[index].expr {
            Some(expr) if !compiled[index].unusable => {
                let input = self.input(index);
                let profile_pointer = self.profile_pointer;
                match input.and_then(|(input, _)| self.memos[index].find((input, profile_pointer))) {
                    Some((result, read, list, number)) => {
                        if let (true, Some((_, Some(key)))) = (read, input) {
                            self.note_read(key);
                        }
                        (result, list, Some(number))
                    }
                    None => {
                        let result = el::evaluate(expr, self);
                        let list = self.list(index);
                        let remembered = input.and_then(|(input, _)| self.memos[index].keep((input, profile_pointer), &result, self.reads.len() > self.start, &list));
                        (result, list, remembered)
                    }
                }
            }
            _ => (Ok(Traced { value: if compiled[index].expression.is_some() { Value::Unknown } else { Value::Null }, source: Source::Computed }), self.list(index), None),
        };
        let reads = self.start..self.reads.len();
        self.start = outer;
        self.states[index] = Slot::Done;
        self.put(index, Outcome { result, reads, list, remembered });
    }

    /// Puts the `index`th attribute's outcome in its place.
    fn put(&mut self, index: usize, outcome: Outcome<'a>) {
        if index == self.outcomes.len() {
            self.outcomes.push(outcome);
            return;
        }
        while self.outcomes.len() <= index {
            self.outcomes.push(Outcome::pending(self.nothing_read));
        }
        self.outcomes[index] = outcome;
    }

    /// The pointers of what the evaluation under way (the `index`th attribute's) read.
    fn list(&mut self, index: usize) -> Reads {
        self.pointers.list(index, self.profile_pointer, &self.reads[self.start..])
    }

    /// The input that decides the `index`th attribute's expression for this user, and the name
    /// of the attribute read: how the attribute compares with the expression's literals when
    /// that is all it does with it (`Input::Compared`); else the attribute's value, none when
    /// it is an array, an object, or a text with escapes (kept out of the memo: the memo keeps
    /// texts as they are in the users' text, which outlives each user's record). None too when
    /// the expression is not decided by one attribute, or its memo is off.
    fn input(&self, index: usize) -> Option<(Input<'a>, Option<&'a str>)> {
        let compiled: &'a [Compiled] = self.compiled;
        let decided_by = compiled[index].decided_by.as_ref()?;
        if self.memos.get(index)?.off {
            return None;
        }
        let Some(name) = decided_by else { return Some((Input::Nothing, None)) };
        let Some(member) = self.profile.and_then(|profile| profile.member(name)) else { return Some((Input::Absent, None)) };
        if let Some(literals) = &compiled[index].compared {
            let value = json_to_value(&member.value);
            if matches!(value, Value::Null | Value::Str(_) | Value::Int(_) | Value::Num(_) | Value::Bool(_)) {
                let bits = literals.iter().enumerate().fold(0u64, |bits, (at, literal)| bits | u64::from(value.equals(literal)) << at);
                return Some((Input::Compared(bits), Some(name.as_ref())));
            }
        }
        let input = match &member.value.value {
            JsonValue::Null => Input::Null,
            JsonValue::Bool(value) => Input::Bool(*value),
            JsonValue::String(Cow::Borrowed(text)) => Input::Text(text),
            JsonValue::Number(text) => Input::Number(text),
            JsonValue::String(Cow::Owned(_)) | JsonValue::Array(_) | JsonValue::Object(_) => return None,
        };
        Some((input, Some(name.as_ref())))
    }

    /// The value of another attribute, for `appuser.<name>`; what it read counts as read here.
    pub(super) fn attribute(&mut self, index: usize, at: Span) -> Result<Value<'a>, EvalError> {
        match self.states[index] {
            Slot::Running => {
                let message = format!("appuser.{} leads back to itself through the mapping, so it has no value", self.compiled[index].attribute);
                return Err(EvalError { message, span: at, limit: false });
            }
            Slot::Pending => self.fill(index),
            Slot::Done => {}
        }
        if self.states[index] != Slot::Done {
            return Ok(Value::Unknown);
        }
        let Outcome { result, reads, .. } = &self.outcomes[index];
        let (result, reads) = (result.clone(), reads.clone());
        // Evaluated earlier, outside the evaluation under way: what it read counts here too.
        if reads.start < self.start {
            for at in reads {
                self.note_read(self.reads[at]);
            }
        }
        result.map(|traced| traced.value)
    }

    /// Adds an attribute to those read by the evaluation under way, once: `name` is as the
    /// mapping writes it, and the same place in the mapping is the same text in memory, found
    /// without comparing the texts (a name written twice is taken once by `distinct`).
    pub(super) fn note_read(&mut self, name: &'a str) {
        if !self.reads[self.start..].iter().any(|read| std::ptr::eq(*read, name)) {
            self.reads.push(name);
        }
    }
}

impl<'a> Memo<'a> {
    /// The outcome kept for `input`, whether the expression read the attribute, and the
    /// outcome's number (see `Outcome::remembered`).
    fn find(&mut self, input: Key<'a>) -> Option<(Result<Traced<'a>, EvalError>, bool, Reads, u32)> {
        let at = self.slot_of(input).ok()?;
        let (_, result, read, list) = &self.kept[at];
        self.found += 1;
        // Nearly every value kept is a text of the users' (borrowed): copied without a call.
        let result = match result {
            Ok(Traced { value: Value::Str(Cow::Borrowed(text)), source }) => Ok(Traced { value: Value::Str(Cow::Borrowed(text)), source: *source }),
            other => other.clone(),
        };
        Some((result, *read, Arc::clone(list), at as u32))
    }

    /// The place in `kept` of `input`'s outcome, or the free slot of the table where it goes.
    fn slot_of(&self, input: Key<'a>) -> Result<usize, usize> {
        let start = (input.0.hash() + input.1.len()) % MEMO_SLOTS;
        // At most half the slots are taken: a free one is found long before the probe would
        // come round again.
        // The profile's pointer is one of `profile_of`'s two texts, told apart by where it is
        // (the same address and length are the same text): no text compared per probe.
        let mut slot = start;
        for _ in 0..MEMO_SLOTS {
            match self.slots[slot] {
                0 => return Err(slot),
                taken if self.kept.get(usize::from(taken) - 1).is_some_and(|(kept, ..)| std::ptr::eq(kept.1, input.1) && kept.0 == input.0) => return Ok(usize::from(taken) - 1),
                _ => slot = (slot + 1) % MEMO_SLOTS,
            }
        }
        Err(MEMO_SLOTS)
    }

    /// Keeps the outcome for `input`; its number, when it was kept.
    fn keep(&mut self, input: Key<'a>, result: &Result<Traced<'a>, EvalError>, read: bool, list: &Reads) -> Option<u32> {
        if self.kept.len() < MEMO_VALUES {
            let Err(free) = self.slot_of(input) else { return None };
            let slot = self.slots.get_mut(free)?;
            self.kept.push((input, result.clone(), read, Arc::clone(list)));
            *slot = self.kept.len() as u8;
            return Some(self.kept.len() as u32 - 1);
        }
        if self.found < 4 * MEMO_VALUES {
            // Full, and found again too seldom to be worth looking in. (The numbers given stay
            // theirs: no outcome is kept again.)
            self.off = true;
            (self.kept, self.slots) = (Vec::new(), [0; MEMO_SLOTS]);
        }
        None
    }
}

impl Groups for UserEnvironment<'_, '_, '_> {
    fn groups(&self) -> Option<&[String]> {
        self.groups
    }

    fn matches(&mut self, pattern: &str, text: &str) -> Result<bool, String> {
        self.patterns.matches(pattern, text)
    }
}

impl<'a> Environment<'a> for UserEnvironment<'_, 'a, '_> {
    fn user_attribute(&mut self, name: &'a str) -> Value<'a> {
        let Some(member) = self.profile.and_then(|profile| profile.member(name)) else {
            return Value::Null;
        };
        self.note_read(name);
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

/// A profile value as the evaluator takes it, borrowing the users' text (not the record, which
/// is dropped once its user is simulated): a text with escapes, which the reader had to write
/// out, is copied.
pub(super) fn json_to_value<'a>(node: &Node<'a>) -> Value<'a> {
    match &node.value {
        JsonValue::Null => Value::Null,
        JsonValue::Bool(value) => Value::Bool(*value),
        JsonValue::Number(text) => text.parse().map(Value::Int).unwrap_or_else(|_| text.parse().map_or(Value::Unknown, Value::Num)),
        JsonValue::String(_) => node.text().map_or(Value::Unknown, Value::Str),
        JsonValue::Array(items) => Value::Array(items.iter().map(json_to_value).collect()),
        JsonValue::Object(_) => Value::Unknown,
    }
}

pub(super) fn value_to_json(value: &Value<'_>) -> Json {
    match value {
        Value::Null | Value::Unknown => Json::Null,
        Value::Str(text) => Json::Str(std::rc::Rc::from(text.as_ref())),
        Value::Int(number) => Json::Number(number.to_string()),
        Value::Num(number) if number.is_finite() => Json::Number(zmij::Buffer::new().format_finite(*number).to_string()),
        Value::Num(_) => Json::Null,
        Value::Bool(value) => Json::Bool(*value),
        Value::Array(items) => Json::Array(items.iter().map(value_to_json).collect()),
    }
}

/// Whether a value has a number in it (`value_to_json` writes those; `node_of_value` takes
/// the rest).
pub(super) fn has_number(value: &Value<'_>) -> bool {
    match value {
        Value::Int(_) | Value::Num(_) => true,
        Value::Array(items) => items.iter().any(has_number),
        _ => false,
    }
}

/// A value without numbers (see `has_number`) as a node of a body, borrowing its text: what
/// `scim_body::node_of(&value_to_json(value))` makes, without the copy.
pub(super) fn node_of_value<'v>(value: &'v Value<'_>) -> Node<'v> {
    let value = match value {
        Value::Str(text) => JsonValue::String(std::borrow::Cow::Borrowed(text.as_ref())),
        Value::Bool(value) => JsonValue::Bool(*value),
        Value::Array(items) => JsonValue::Array(items.iter().map(node_of_value).collect()),
        Value::Null | Value::Unknown | Value::Int(_) | Value::Num(_) => JsonValue::Null,
    };
    Node { value, span: Span::default() }
}

/// Writes a value as JSON: the text `value_to_json(value).write_json` writes.
pub(super) fn write_value(out: &mut Vec<u8>, value: &Value<'_>) {
    match value {
        Value::Str(text) => crate::json_out::string(out, text),
        Value::Null | Value::Unknown => out.extend_from_slice(b"null"),
        Value::Bool(value) => out.extend_from_slice(if *value { b"true" } else { b"false" }),
        Value::Array(items) if !has_number(value) => crate::json_out::list(out, items, |out, item| write_value(out, item)),
        _ => value_to_json(value).write_json(out),
    }
}

/// The profile object of an Okta user record, and its pointer within the record.
pub(super) fn profile_of<'n, 'a>(record: &'n Record<'a>) -> (&'n Node<'a>, &'static str) {
    match record.node.get("profile") {
        Some(profile) if profile.is_object() => (profile, "/profile"),
        _ => (&record.node, ""),
    }
}

/// The JSON Pointers of the user attributes read, made once for all users ("/profile/<name>"
/// in a Users API object, "/<name>" in a bare profile or a CSV row), and each attribute's list
/// of them, shared by the users whose expression read the same attributes.
#[derive(Default)]
pub(super) struct Pointers {
    /// (profile pointer, attribute name, its pointer): a mapping reads a handful of names.
    made: Vec<(&'static str, Box<str>, Arc<str>)>,
    /// The lists made so far for each attribute of the mapping (at most `KEPT_LISTS` each).
    lists: Vec<Vec<MadeList>>,
    /// By attribute of the mapping: the list its last user's reads gave, and where the names
    /// read were in memory (the same place in the mapping is the same text: a user who read
    /// the very names the last one did gets the same list without a text compared).
    last: Vec<Option<LastList>>,
}

/// The list an attribute's last user got (see `Pointers::last`): the profile's pointer, the
/// address and length of each name read, and the list.
struct LastList {
    profile_pointer: &'static str,
    places: Vec<(usize, usize)>,
    pointers: Arc<[Arc<str>]>,
}

/// A list of pointers, with what it was made of: found again by comparing names, which costs
/// far less than comparing each pointer with a name escaped for it, for every user.
struct MadeList {
    profile_pointer: &'static str,
    names: Box<[Box<str>]>,
    pointers: Arc<[Arc<str>]>,
}

/// How many different lists of reads are kept for one attribute: an expression reads one
/// set of attributes for most users, and a few at most.
pub(super) const KEPT_LISTS: usize = 16;

impl Pointers {
    pub(super) fn get(&mut self, profile_pointer: &'static str, name: &str) -> Arc<str> {
        if let Some((_, _, pointer)) = self.made.iter().find(|(prefix, made, _)| crate::text::same(prefix, profile_pointer) && crate::text::same(made, name)) {
            return Arc::clone(pointer);
        }
        let pointer: Arc<str> = Arc::from(format!("{profile_pointer}/{}", escape_pointer_token(name)));
        self.made.push((profile_pointer, name.into(), Arc::clone(&pointer)));
        pointer
    }

    /// The list of pointers of `names` (each once) for the mapping's `attribute`th attribute:
    /// one made for an earlier user when it is the same, found without making another.
    pub(super) fn list(&mut self, attribute: usize, profile_pointer: &'static str, names: &[&str]) -> Arc<[Arc<str>]> {
        if self.lists.len() <= attribute {
            self.lists.resize_with(attribute + 1, Vec::new);
            self.last.resize_with(attribute + 1, || None);
        }
        let places = || names.iter().map(|name| (name.as_ptr() as usize, name.len()));
        if let Some(last) = self.last[attribute].as_ref().filter(|last| crate::text::same(last.profile_pointer, profile_pointer) && last.places.iter().copied().eq(places())) {
            return Arc::clone(&last.pointers);
        }
        let pointers = self.made_list(attribute, profile_pointer, names);
        self.last[attribute] = Some(LastList { profile_pointer, places: places().collect(), pointers: Arc::clone(&pointers) });
        pointers
    }

    /// The list `list` gives: one made before for the attribute from the same names, or one
    /// made now.
    fn made_list(&mut self, attribute: usize, profile_pointer: &'static str, names: &[&str]) -> Arc<[Arc<str>]> {
        let same = |made: &&MadeList| crate::text::same(made.profile_pointer, profile_pointer) && same_names(&made.names, distinct(names));
        if let Some(made) = self.lists[attribute].iter().find(same) {
            return Arc::clone(&made.pointers);
        }
        let pointers: Vec<Arc<str>> = distinct(names).map(|name| self.get(profile_pointer, name)).collect();
        let pointers: Arc<[Arc<str>]> = Arc::from(pointers);
        if self.lists[attribute].len() < KEPT_LISTS {
            let names = distinct(names).map(Box::from).collect();
            self.lists[attribute].push(MadeList { profile_pointer, names, pointers: Arc::clone(&pointers) });
        }
        pointers
    }
}

/// Whether `names` are those `made` of, in that order.
fn same_names<'n>(made: &[Box<str>], mut names: impl Iterator<Item = &'n str>) -> bool {
    made.iter().all(|made| names.next().is_some_and(|name| crate::text::same(made, name))) && names.next().is_none()
}

/// Each name once, in the order first read (an attribute evaluated inside another's
/// evaluation may add a name the outer one had read already).
pub(super) fn distinct<'n, 'a>(names: &'n [&'a str]) -> impl Iterator<Item = &'a str> + 'n {
    names.iter().enumerate().filter(move |(at, name)| !names[..*at].contains(name)).map(|(_, name)| *name)
}

/// Every attribute's outcome for one user, and the names they read.
pub(super) struct Outcomes<'a> {
    pub(super) items: Vec<Outcome<'a>>,
    reads: Vec<&'a str>,
}

impl<'a> Outcomes<'a> {
    /// The vectors of the outcomes and the reads, emptied, to be filled again.
    pub(super) fn emptied(mut self) -> (Vec<Outcome<'a>>, Vec<&'a str>) {
        self.items.clear();
        self.reads.clear();
        (self.items, self.reads)
    }

    /// The names the `index`th attribute's expression read (a name may come twice; see `distinct`).
    pub(super) fn reads(&self, index: usize) -> &[&'a str] {
        &self.reads[self.items[index].reads.clone()]
    }
}

/// One attribute's outcome for one user.
pub(super) struct Outcome<'a> {
    pub(super) result: Result<Traced<'a>, EvalError>,
    pub(super) reads: Range<usize>,
    /// The pointers of what it read.
    pub(super) list: Reads,
    /// The number of the outcome in its attribute's memo when it is the one kept there: the
    /// same number is the same value for every user of a call.
    pub(super) remembered: Option<u32>,
}

impl<'a> Outcome<'a> {
    /// The outcome of an attribute not evaluated (yet): unknown, having read nothing.
    pub(super) fn pending(nothing_read: &Reads) -> Outcome<'a> {
        Outcome { result: Ok(Traced { value: Value::Unknown, source: Source::Computed }), reads: 0..0, list: Arc::clone(nothing_read), remembered: None }
    }

    pub(super) fn value(&self) -> &Value<'_> {
        self.result.as_ref().map_or(&Value::Unknown, |traced| &traced.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scim_body::node_of;
    use std::borrow::Cow;

    fn values() -> Vec<Value<'static>> {
        let text = |text: &'static str| Value::Str(Cow::Borrowed(text));
        vec![
            Value::Null,
            Value::Unknown,
            Value::Bool(false),
            text("plain"),
            text("a \"quoted\" \\ line\nbreak \u{1} é"),
            Value::Int(-42),
            Value::Num(1.5),
            Value::Num(1e21),
            Value::Num(f64::NAN),
            Value::Array(vec![text("a"), Value::Null, Value::Bool(true)]),
            Value::Array(vec![text("a"), Value::Int(7), Value::Array(vec![Value::Num(0.25)])]),
        ]
    }

    #[test]
    fn a_memo_finds_each_value_it_kept_also_when_their_hashes_collide() {
        // Texts alike in length and in their first and last eight bytes start at one slot.
        let colliding: Vec<String> = (0..20).map(|at| format!("aaaaaaaa{}aaaaaaaa", char::from(b'A' + at))).collect();
        let mut inputs = vec![Input::Nothing, Input::Absent, Input::Null, Input::Bool(false), Input::Bool(true), Input::Text(""), Input::Number("1"), Input::Text("1")];
        inputs.extend(colliding.iter().map(|text| Input::Text(text)));
        inputs.extend(["short", "a text longer than a word"].map(Input::Text));
        assert!(inputs.len() <= MEMO_VALUES);
        let mut memo = Memo::default();
        let nothing: Reads = Arc::from([]);
        for (at, input) in inputs.iter().enumerate() {
            assert!(memo.find((*input, "/profile")).is_none(), "{at} before it was kept");
            let kept: Result<Traced<'_>, EvalError> = Ok(Traced { value: Value::Int(at as i64), source: Source::Computed });
            assert_eq!(memo.keep((*input, "/profile"), &kept, false, &nothing), Some(at as u32));
        }
        for (at, input) in inputs.iter().enumerate() {
            let (result, _, _, number) = memo.find((*input, "/profile")).expect("kept");
            assert_eq!((result.map(|traced| traced.value), number), (Ok(Value::Int(at as i64)), at as u32));
            // The same value in a bare profile (whose pointers differ) is another input.
            assert!(memo.find((*input, "")).is_none(), "{at} in a bare profile");
        }
        assert!(memo.find((Input::Text("aaaaaaaaZaaaaaaaa"), "/profile")).is_none());
        assert!(memo.find((Input::Number("2"), "/profile")).is_none());
    }

    #[test]
    fn values_are_written_as_their_json_is() {
        for value in values() {
            let (mut direct, mut through_json) = (Vec::new(), Vec::new());
            write_value(&mut direct, &value);
            value_to_json(&value).write_json(&mut through_json);
            assert_eq!(String::from_utf8(direct).unwrap(), String::from_utf8(through_json).unwrap(), "{value:?}");
        }
    }

    #[test]
    fn values_without_numbers_become_the_nodes_their_json_would() {
        for value in values().iter().filter(|value| !has_number(value)) {
            let json = value_to_json(value);
            assert_eq!(Json::of_node(&node_of_value(value)), Json::of_node(&node_of(&json)), "{value:?}");
        }
        assert!(values().iter().filter(|value| has_number(value)).count() == 5);
    }
}
