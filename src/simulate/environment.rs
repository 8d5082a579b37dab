//! What an expression can read for one user: the Okta user's attributes, the other attributes
//! of the app user being built, the user's groups; and the pointers of what it read.

use super::compile::Compiled;
use crate::el::functions::Groups;
use crate::el::{self, Environment, EvalError, Patterns, Source, Traced, Value};
use crate::input::Record;
use crate::json::{escape_pointer_token, Node, Span, Value as JsonValue};
use crate::scim_body::Json;
use std::ops::Range;
use std::rc::Rc;

/// What an expression can read for one user.
pub(super) struct UserEnvironment<'a, 's> {
    pub(super) profile: Option<&'a Node<'a>>,
    pub(super) root: &'a Node<'a>,
    pub(super) groups: Option<&'s [String]>,
    pub(super) patterns: &'s mut Patterns,
    pub(super) compiled: &'a [Compiled],
    pub(super) slots: Vec<Slot<'a>>,
    /// Every user attribute read, each evaluation's in a range of its own (one vector for the
    /// user rather than one per attribute); an evaluation of another attribute inside one
    /// (`appuser.`) adds its reads within the outer range.
    pub(super) reads: Vec<&'a str>,
    /// Where the reads of the evaluation under way start.
    pub(super) start: usize,
}

pub(super) enum Slot<'a> {
    Pending,
    Running,
    Done(Result<Traced<'a>, EvalError>, Range<usize>),
}

impl<'a> UserEnvironment<'a, '_> {
    /// Evaluates every attribute of the mapping for this user, each once (one may have been
    /// evaluated already, through `appuser.`), and hands over each outcome.
    pub(super) fn evaluate_all(mut self) -> Outcomes<'a> {
        for index in 0..self.slots.len() {
            if matches!(self.slots[index], Slot::Pending) {
                self.fill(index);
            }
        }
        let items = self
            .slots
            .into_iter()
            .map(|slot| match slot {
                Slot::Done(result, reads) => Outcome { result, reads },
                // Every slot was filled above; a circle leaves none running.
                _ => Outcome { result: Ok(Traced { value: Value::Unknown, source: Source::Computed }), reads: 0..0 },
            })
            .collect();
        Outcomes { items, reads: self.reads }
    }

    /// Evaluates the mapping's `index`th attribute into its slot.
    pub(super) fn fill(&mut self, index: usize) {
        self.slots[index] = Slot::Running;
        let outer = std::mem::replace(&mut self.start, self.reads.len());
        let compiled: &'a [Compiled] = self.compiled;
        let result = match &compiled[index].expr {
            Some(expr) if !compiled[index].unusable => el::evaluate(expr, self),
            _ => Ok(Traced { value: if compiled[index].expression.is_some() { Value::Unknown } else { Value::Null }, source: Source::Computed }),
        };
        let reads = self.start..self.reads.len();
        self.start = outer;
        self.slots[index] = Slot::Done(result, reads);
    }

    /// The value of another attribute, for `appuser.<name>`; what it read counts as read here.
    pub(super) fn attribute(&mut self, index: usize, at: Span) -> Result<Value<'a>, EvalError> {
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
        // Evaluated earlier, outside the evaluation under way: what it read counts here too.
        if reads.start < self.start {
            for at in reads {
                self.note_read(self.reads[at]);
            }
        }
        result.map(|traced| traced.value)
    }

    /// Adds an attribute to those read by the evaluation under way, once. `name` is the key of
    /// the profile member read, and a name is always read from the same member: the same key
    /// is the same text in memory, found without comparing the texts.
    pub(super) fn note_read(&mut self, name: &'a str) {
        if !self.reads[self.start..].iter().any(|read| std::ptr::eq(*read, name)) {
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

pub(super) fn json_to_value<'a>(node: &'a Node<'a>) -> Value<'a> {
    match &node.value {
        JsonValue::Null => Value::Null,
        JsonValue::Bool(value) => Value::Bool(*value),
        JsonValue::Number(text) => text.parse().map(Value::Int).unwrap_or_else(|_| text.parse().map_or(Value::Unknown, Value::Num)),
        JsonValue::String(text) => Value::str(text.as_ref()),
        JsonValue::Array(items) => Value::Array(items.iter().map(json_to_value).collect()),
        JsonValue::Object(_) => Value::Unknown,
    }
}

pub(super) fn value_to_json(value: &Value<'_>) -> Json {
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
    made: Vec<(&'static str, Box<str>, Rc<str>)>,
    /// The lists made so far for each attribute of the mapping (at most `KEPT_LISTS` each).
    lists: Vec<Vec<MadeList>>,
}

/// A list of pointers, with what it was made of: found again by comparing names, which costs
/// far less than comparing each pointer with a name escaped for it, for every user.
struct MadeList {
    profile_pointer: &'static str,
    names: Box<[Box<str>]>,
    pointers: Rc<[Rc<str>]>,
}

/// How many different lists of reads are kept for one attribute: an expression reads one
/// set of attributes for most users, and a few at most.
pub(super) const KEPT_LISTS: usize = 16;

impl Pointers {
    pub(super) fn get(&mut self, profile_pointer: &'static str, name: &str) -> Rc<str> {
        if let Some((_, _, pointer)) = self.made.iter().find(|(prefix, made, _)| *prefix == profile_pointer && made.as_ref() == name) {
            return Rc::clone(pointer);
        }
        let pointer: Rc<str> = Rc::from(format!("{profile_pointer}/{}", escape_pointer_token(name)));
        self.made.push((profile_pointer, name.into(), Rc::clone(&pointer)));
        pointer
    }

    /// The list of pointers of `names` (each once) for the mapping's `attribute`th attribute:
    /// one made for an earlier user when it is the same, found without making another.
    pub(super) fn list(&mut self, attribute: usize, profile_pointer: &'static str, names: &[&str]) -> Rc<[Rc<str>]> {
        if self.lists.len() <= attribute {
            self.lists.resize_with(attribute + 1, Vec::new);
        }
        let same = |made: &&MadeList| {
            made.profile_pointer == profile_pointer && made.names.len() == distinct(names).count() && made.names.iter().zip(distinct(names)).all(|(made, name)| made.as_ref() == name)
        };
        if let Some(made) = self.lists[attribute].iter().find(same) {
            return Rc::clone(&made.pointers);
        }
        let pointers: Vec<Rc<str>> = distinct(names).map(|name| self.get(profile_pointer, name)).collect();
        let pointers: Rc<[Rc<str>]> = Rc::from(pointers);
        if self.lists[attribute].len() < KEPT_LISTS {
            let names = distinct(names).map(Box::from).collect();
            self.lists[attribute].push(MadeList { profile_pointer, names, pointers: Rc::clone(&pointers) });
        }
        pointers
    }
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
    /// The names the `index`th attribute's expression read (a name may come twice; see `distinct`).
    pub(super) fn reads(&self, index: usize) -> &[&'a str] {
        &self.reads[self.items[index].reads.clone()]
    }
}

/// One attribute's outcome for one user.
pub(super) struct Outcome<'a> {
    pub(super) result: Result<Traced<'a>, EvalError>,
    pub(super) reads: Range<usize>,
}

impl Outcome<'_> {
    pub(super) fn value(&self) -> &Value<'_> {
        self.result.as_ref().map_or(&Value::Unknown, |traced| &traced.value)
    }
}

