//! The functions of Okta's Expression Language: which exist, how many arguments each takes,
//! which this checker evaluates, and what each computes.
//!
//! Null handling: a String function given null for any argument gives null (an unset
//! attribute stays unset); the Arrays functions read null as an empty array, as Okta documents
//! for `Arrays.size(NULL)` (0) and `Arrays.isEmpty(NULL)` (true), and read a string as
//! comma-separated values, as Okta documents for every Arrays function.

use super::value::{Value, MAX_ARRAY_LENGTH, MAX_VALUE_BYTES};
use crate::iso3166;
use std::borrow::Cow;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Support {
    Evaluated,
    /// Evaluated when the caller gives each user's groups.
    NeedsGroups,
    /// A real Okta function whose value this checker cannot know offline: why.
    NotEvaluated(&'static str),
}

#[derive(Debug, PartialEq)]
pub struct Function {
    pub name: &'static str,
    pub min_args: usize,
    /// `usize::MAX` for a list of any length.
    pub max_args: usize,
    pub support: Support,
}

const ANY: usize = usize::MAX;

const fn evaluated(name: &'static str, min_args: usize, max_args: usize) -> Function {
    Function { name, min_args, max_args, support: Support::Evaluated }
}

const fn groups(name: &'static str, min_args: usize, max_args: usize) -> Function {
    Function { name, min_args, max_args, support: Support::NeedsGroups }
}

const fn offline(name: &'static str, min_args: usize, max_args: usize, why: &'static str) -> Function {
    Function { name, min_args, max_args, support: Support::NotEvaluated(why) }
}

const TIME: &str = "it depends on the moment Okta evaluates it";
const DIRECTORY: &str = "it reads another directory or user in your Okta org";
const GROUP_CLAIM: &str = "it lists the user's groups from your Okta org";

/// Every function Okta documents for expressions (Okta's Expression Language reference).
pub const FUNCTIONS: &[Function] = &[
    evaluated("String.append", 2, 2),
    evaluated("String.join", 1, ANY),
    evaluated("String.len", 1, 1),
    evaluated("String.removeSpaces", 1, 1),
    evaluated("String.replace", 3, 3),
    evaluated("String.replaceFirst", 3, 3),
    evaluated("String.startsWith", 2, 2),
    evaluated("String.stringContains", 2, 2),
    evaluated("String.stringSwitch", 2, ANY),
    evaluated("String.substring", 3, 3),
    evaluated("String.substringAfter", 2, 2),
    evaluated("String.substringBefore", 2, 2),
    evaluated("String.toUpperCase", 1, 1),
    evaluated("String.toLowerCase", 1, 1),
    // The deprecated forms Okta still documents (and its "popular expressions" use).
    evaluated("toUpperCase", 1, 1),
    evaluated("toLowerCase", 1, 1),
    evaluated("substringBefore", 2, 2),
    evaluated("substringAfter", 2, 2),
    evaluated("substring", 3, 3),
    evaluated("Arrays.add", 2, 2),
    evaluated("Arrays.remove", 2, 2),
    evaluated("Arrays.clear", 1, 1),
    evaluated("Arrays.get", 2, 2),
    evaluated("Arrays.flatten", 1, ANY),
    evaluated("Arrays.contains", 2, 2),
    evaluated("Arrays.size", 1, 1),
    evaluated("Arrays.isEmpty", 1, 1),
    evaluated("Arrays.toCsvString", 1, 1),
    evaluated("Convert.toInt", 1, 1),
    evaluated("Convert.toNum", 1, 1),
    evaluated("Iso3166Convert.toAlpha2", 1, 1),
    evaluated("Iso3166Convert.toAlpha3", 1, 1),
    evaluated("Iso3166Convert.toNumeric", 1, 1),
    evaluated("Iso3166Convert.toName", 1, 1),
    evaluated("user.getInternalProperty", 1, 1),
    groups("isMemberOfGroupName", 1, 1),
    groups("isMemberOfGroup", 1, 1),
    groups("isMemberOfAnyGroup", 1, ANY),
    groups("isMemberOfGroupNameStartsWith", 1, 1),
    groups("isMemberOfGroupNameContains", 1, 1),
    groups("isMemberOfGroupNameRegex", 1, 1),
    offline("getFilteredGroups", 3, 3, GROUP_CLAIM),
    offline("user.getGroups", 0, 2, GROUP_CLAIM),
    offline("Groups.contains", 3, 3, GROUP_CLAIM),
    offline("Groups.startsWith", 3, 3, GROUP_CLAIM),
    offline("Groups.endsWith", 3, 3, GROUP_CLAIM),
    offline("user.getLinkedObject", 1, 1, DIRECTORY),
    offline("getManagerUser", 1, 1, DIRECTORY),
    offline("getManagerAppUser", 2, 2, DIRECTORY),
    offline("getAssistantUser", 1, 1, DIRECTORY),
    offline("getAssistantAppUser", 2, 2, DIRECTORY),
    offline("hasDirectoryUser", 0, 0, DIRECTORY),
    offline("hasWorkdayUser", 0, 0, DIRECTORY),
    offline("findDirectoryUser", 0, 0, DIRECTORY),
    offline("findWorkdayUser", 0, 0, DIRECTORY),
    offline("Time.now", 0, 2, TIME),
    offline("Time.fromWindowsToIso8601", 1, 1, TIME),
    offline("Time.fromUnixToIso8601", 1, 1, TIME),
    offline("Time.fromStringToIso8601", 2, 2, TIME),
    offline("Time.fromIso8601ToWindows", 1, 1, TIME),
    offline("Time.fromIso8601ToUnix", 1, 1, TIME),
    offline("Time.fromIso8601ToString", 2, 2, TIME),
];

pub fn lookup(name: &str) -> Option<&'static Function> {
    FUNCTIONS.iter().find(|function| function.name == name)
}

impl Function {
    pub fn accepts(&self, count: usize) -> bool {
        (self.min_args..=self.max_args).contains(&count) && !(self.name == "String.stringSwitch" && count % 2 == 1)
    }

    /// "2 arguments", "1 or more arguments", ... for messages.
    pub fn expected_arguments(&self) -> String {
        let plural = |count: usize| if count == 1 { "" } else { "s" };
        match (self.min_args, self.max_args) {
            _ if self.name == "String.stringSwitch" => "an input, a default, then pairs of key and value".to_string(),
            (min, ANY) => format!("{min} or more argument{}", plural(min)),
            (min, max) if min == max => format!("{min} argument{}", plural(min)),
            (min, max) => format!("{min} to {max} arguments"),
        }
    }
}

/// A function's name as written in another case or with a slip ("String.substringbefore",
/// "String.toUppercase", "String.subtring"), when exactly one function is that close.
pub fn closest(name: &str) -> Option<&'static str> {
    crate::text::closest(name, FUNCTIONS.iter().map(|function| function.name))
}

/// Why a call could not be evaluated for this user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallError {
    pub message: String,
    /// The value would pass one of this checker's limits, rather than fail in Okta.
    pub limit: bool,
}

impl From<String> for CallError {
    fn from(message: String) -> Self {
        CallError { message, limit: false }
    }
}

/// The user's groups and the way to match a pattern, for the group functions.
pub trait Groups {
    /// The user's groups (names or ids as the caller gave them); `None` when none were given.
    fn groups(&self) -> Option<&[String]>;
    fn matches(&mut self, pattern: &str, text: &str) -> Result<bool, String>;
}

/// Evaluates a call of an evaluated function with its argument values.
pub fn call<'a>(name: &str, args: Vec<Value<'a>>, groups: &mut dyn Groups) -> Result<Value<'a>, CallError> {
    // Found byte by byte: names are short, and a string search costs more to set up.
    let dot = |found: Option<usize>| found.map_or(("", name), |at| (&name[..at], &name[at + 1..]));
    let (namespace, _) = dot(name.bytes().position(|byte| byte == b'.'));
    let (_, short) = dot(name.bytes().rposition(|byte| byte == b'.'));
    match namespace {
        "String" | "" if !short.starts_with("isMemberOf") => string_function(name, short, args),
        "Arrays" => array_function(short, args),
        "Convert" => convert(short, args.into_iter().next().unwrap_or(Value::Null)),
        "Iso3166Convert" => country(short, args.into_iter().next().unwrap_or(Value::Null)),
        _ => group_function(short, &args, groups),
    }
}

/// The text of a string argument; numbers and booleans read as text as SpEL converts them.
fn text_argument<'v>(name: &str, value: &'v Value<'_>) -> Result<Cow<'v, str>, CallError> {
    match value {
        Value::Str(text) => Ok(Cow::Borrowed(text)),
        Value::Int(_) | Value::Num(_) | Value::Bool(_) => Ok(value.to_text()),
        other => Err(format!("{name} needs text, not {}", other.type_name()).into()),
    }
}

fn int_argument(name: &str, value: &Value<'_>) -> Result<i64, CallError> {
    match value {
        Value::Int(number) => Ok(*number),
        Value::Num(number) if number.fract() == 0.0 && number.abs() < 9e15 => Ok(*number as i64),
        Value::Str(text) => text.trim().parse().map_err(|_| CallError::from(format!("{name} needs a whole number, not \"{text}\""))),
        other => Err(format!("{name} needs a whole number, not {}", other.type_name()).into()),
    }
}

fn checked_text<'a>(text: String) -> Result<Value<'a>, CallError> {
    if text.len() > MAX_VALUE_BYTES {
        return Err(too_long(text.len()));
    }
    Ok(Value::str(text))
}

pub fn too_long(length: usize) -> CallError {
    CallError { message: format!("the value would be {length} bytes long, more than the {MAX_VALUE_BYTES} this checker computes"), limit: true }
}

fn string_function<'a>(name: &str, short: &str, args: Vec<Value<'a>>) -> Result<Value<'a>, CallError> {
    if args.iter().any(|arg| matches!(arg, Value::Null)) {
        return Ok(Value::Null);
    }
    let mut args = args;
    // The input keeps the lifetime of what it was read from: a part of it, or all of it
    // unchanged, is returned without a copy.
    let input = owned_text(name, args.first_mut().map_or(Value::Null, |first| std::mem::replace(first, Value::Null)))?;
    if short == "stringSwitch" {
        return Ok(string_switch(&input, args.drain(1..)));
    }
    let rest = args.get(1..).unwrap_or_default();
    let text = |index: usize| rest.get(index).map_or(Ok(Cow::Borrowed("")), |arg| text_argument(name, arg));
    let length = input.len();
    Ok(match short {
        "append" => checked_text(format!("{input}{}", text(0)?))?,
        "join" => {
            let pieces = rest.iter().map(|arg| text_argument(name, arg)).collect::<Result<Vec<_>, _>>()?;
            checked_text(pieces.join(input.as_ref()))?
        }
        "len" => Value::Int(input.encode_utf16().count() as i64),
        "removeSpaces" if !input.contains(char::is_whitespace) => Value::Str(input),
        "removeSpaces" => Value::str(input.chars().filter(|c| !c.is_whitespace()).collect::<String>()),
        "replace" => replace(&input, &text(0)?, &text(1)?, usize::MAX)?,
        "replaceFirst" => replace(&input, &text(0)?, &text(1)?, 1)?,
        "startsWith" => Value::Bool(input.starts_with(text(0)?.as_ref())),
        "stringContains" => Value::Bool(input.contains(text(0)?.as_ref())),
        "substring" => {
            let range = utf16_substring(&input, int_argument(name, &rest[0])?, int_argument(name, &rest[1])?);
            Value::Str(slice(input, range))
        }
        "substringAfter" => {
            let search = text(0)?;
            let range = input.find(search.as_ref()).map_or(length..length, |at| at + search.len()..length);
            Value::Str(slice(input, range))
        }
        "substringBefore" => {
            let search = text(0)?;
            let range = input.find(search.as_ref()).map_or(0..length, |at| 0..at);
            Value::Str(slice(input, range))
        }
        // ASCII text (nearly every login and email) without decoding characters: the same result.
        "toUpperCase" if input.is_ascii() && !input.bytes().any(|byte| byte.is_ascii_lowercase()) => Value::Str(input),
        "toUpperCase" if input.is_ascii() => Value::str(input.to_ascii_uppercase()),
        "toUpperCase" if !input.chars().any(char::is_lowercase) => Value::Str(input),
        "toUpperCase" => Value::str(input.to_uppercase()),
        "toLowerCase" if input.is_ascii() && !input.bytes().any(|byte| byte.is_ascii_uppercase()) => Value::Str(input),
        "toLowerCase" if input.is_ascii() => Value::str(input.to_ascii_lowercase()),
        "toLowerCase" if !input.chars().any(char::is_uppercase) => Value::Str(input),
        "toLowerCase" => Value::str(input.to_lowercase()),
        _ => return Err(format!("{name} is not a function this checker knows").into()),
    })
}

/// A part of a text: still borrowed when the text was.
fn slice(text: Cow<'_, str>, range: std::ops::Range<usize>) -> Cow<'_, str> {
    match text {
        Cow::Borrowed(whole) => Cow::Borrowed(&whole[range]),
        Cow::Owned(whole) => Cow::Owned(whole[range].to_string()),
    }
}

/// A String function's input as text, keeping a borrowed text borrowed.
fn owned_text<'a>(name: &str, value: Value<'a>) -> Result<Cow<'a, str>, CallError> {
    match value {
        Value::Str(text) => Ok(text),
        other => Ok(Cow::Owned(text_argument(name, &other)?.into_owned())),
    }
}

fn replace<'a>(input: &str, from: &str, to: &str, times: usize) -> Result<Value<'a>, CallError> {
    let count = if from.is_empty() { input.chars().count() + 1 } else { input.matches(from).count() }.min(times);
    let length = input.len() + count * to.len();
    if length > MAX_VALUE_BYTES {
        return Err(too_long(length));
    }
    Ok(Value::str(if times == 1 { input.replacen(from, to, 1) } else { input.replace(from, to) }))
}

/// The value of the first key found in the input (keys match anywhere in it, as Okta
/// documents), or the default. The value keeps its place in the expression, as a literal would.
fn string_switch<'a>(input: &str, mut args: impl Iterator<Item = Value<'a>>) -> Value<'a> {
    let default = args.next().unwrap_or(Value::Null);
    while let (Some(key), Some(value)) = (args.next(), args.next()) {
        if input.contains(key.to_text().as_ref()) {
            return value;
        }
    }
    default
}

/// The byte range of Java's substring, which counts UTF-16 units, end excluded; indices beyond
/// the text are clamped to it, and one inside a character of two units moves to its edge.
fn utf16_substring(text: &str, start: i64, end: i64) -> std::ops::Range<usize> {
    let clamp = |index: i64| usize::try_from(index.max(0)).unwrap_or(usize::MAX);
    let (start, end) = (clamp(start), clamp(end));
    if end <= start {
        return 0..0;
    }
    if text.is_ascii() {
        return start.min(text.len())..end.min(text.len());
    }
    let (mut from, mut to, mut units) = (text.len(), text.len(), 0);
    for (at, c) in text.char_indices() {
        if units >= start && from == text.len() {
            from = at;
        }
        if units + c.len_utf16() > end {
            to = at;
            break;
        }
        units += c.len_utf16();
    }
    from.min(to)..to
}

/// An Arrays function's array argument: an array, null as empty, a string as comma-separated values.
fn as_array<'a>(value: Value<'a>) -> Vec<Value<'a>> {
    match value {
        Value::Array(items) => items,
        Value::Null => Vec::new(),
        Value::Str(text) if text.trim().is_empty() => Vec::new(),
        Value::Str(text) => text.split(',').map(|piece| Value::str(piece.trim().to_string())).collect(),
        other => vec![other],
    }
}

fn checked_array<'a>(items: Vec<Value<'a>>) -> Result<Value<'a>, CallError> {
    if items.len() > MAX_ARRAY_LENGTH {
        return Err(CallError { message: format!("the array would hold {} values, more than the {MAX_ARRAY_LENGTH} this checker computes", items.len()), limit: true });
    }
    Ok(Value::Array(items))
}

fn array_function<'a>(short: &str, args: Vec<Value<'a>>) -> Result<Value<'a>, CallError> {
    if short == "flatten" {
        let mut out = Vec::new();
        for arg in args {
            flatten_into(arg, &mut out);
            if out.len() > MAX_ARRAY_LENGTH {
                break;
            }
        }
        return checked_array(out);
    }
    let mut args = args.into_iter();
    let mut items = as_array(args.next().unwrap_or(Value::Null));
    let second = args.next();
    Ok(match (short, second) {
        ("add", Some(value)) => {
            items.push(value);
            checked_array(items)?
        }
        ("remove", Some(value)) => {
            if let Some(at) = items.iter().position(|item| item.equals(&value)) {
                items.remove(at);
            }
            Value::Array(items)
        }
        ("clear", _) => Value::Array(Vec::new()),
        ("get", Some(position)) => {
            let position = int_argument("Arrays.get", &position)?;
            usize::try_from(position).ok().and_then(|at| items.into_iter().nth(at)).unwrap_or(Value::Null)
        }
        ("contains", Some(value)) => Value::Bool(items.iter().any(|item| item.equals(&value))),
        ("size", _) => Value::Int(items.len() as i64),
        ("isEmpty", _) => Value::Bool(items.is_empty()),
        ("toCsvString", _) => checked_text(items.iter().map(|item| item.to_text().into_owned()).collect::<Vec<_>>().join(","))?,
        _ => return Err(format!("Arrays.{short} is not a function this checker knows").into()),
    })
}

fn flatten_into<'a>(value: Value<'a>, out: &mut Vec<Value<'a>>) {
    match value {
        Value::Array(items) => items.into_iter().for_each(|item| flatten_into(item, out)),
        Value::Null => {}
        Value::Str(_) => out.extend(as_array(value)),
        other => out.push(other),
    }
}

fn convert<'a>(short: &str, value: Value<'a>) -> Result<Value<'a>, CallError> {
    let name = format!("Convert.{short}");
    Ok(match (short, &value) {
        (_, Value::Null) => Value::Null,
        ("toInt", Value::Int(_)) => value,
        // Java's Math.round: halves go up.
        ("toInt", Value::Num(number)) if number.abs() < 9e15 => Value::Int((number + 0.5).floor() as i64),
        ("toInt", Value::Str(text)) => Value::Int(text.parse().map_err(|_| CallError::from(format!("{name} cannot read \"{text}\" as a whole number")))?),
        ("toNum", Value::Int(number)) => Value::Num(*number as f64),
        ("toNum", Value::Num(_)) => value,
        ("toNum", Value::Str(text)) => Value::Num(text.trim().parse().map_err(|_| CallError::from(format!("{name} cannot read \"{text}\" as a number")))?),
        _ => return Err(format!("{name} cannot convert {}", value.type_name()).into()),
    })
}

/// Iso3166Convert: alpha-2, alpha-3 or numeric code in, the form the function names out;
/// null for a code that names no country.
fn country<'a>(short: &str, value: Value<'a>) -> Result<Value<'a>, CallError> {
    let code = match &value {
        Value::Null => return Ok(Value::Null),
        Value::Int(number) => format!("{number:03}"),
        other => text_argument(&format!("Iso3166Convert.{short}"), other)?.trim().to_string(),
    };
    let Some(country) = iso3166::by_code(&code) else { return Ok(Value::Null) };
    Ok(Value::str(match short {
        "toAlpha2" => country.alpha2.to_string(),
        "toAlpha3" => country.alpha3.to_string(),
        "toNumeric" => format!("{:03}", country.numeric),
        _ => country.name.to_string(),
    }))
}

fn group_function<'a>(short: &str, args: &[Value<'a>], groups: &mut dyn Groups) -> Result<Value<'a>, CallError> {
    let Some(list) = groups.groups().map(<[String]>::to_vec) else { return Ok(Value::Unknown) };
    let name = short.to_string();
    let texts = args.iter().map(|arg| text_argument(&name, arg)).collect::<Result<Vec<_>, _>>()?;
    let first = texts.first().map_or("", |text| text.as_ref());
    let member = match short {
        "isMemberOfGroupName" | "isMemberOfGroup" => list.iter().any(|group| group == first),
        "isMemberOfAnyGroup" => list.iter().any(|group| texts.iter().any(|wanted| group == wanted.as_ref())),
        "isMemberOfGroupNameStartsWith" => list.iter().any(|group| group.starts_with(first)),
        "isMemberOfGroupNameContains" => list.iter().any(|group| group.contains(first)),
        "isMemberOfGroupNameRegex" => {
            let mut found = false;
            for group in &list {
                if groups.matches(first, group)? {
                    found = true;
                    break;
                }
            }
            found
        }
        _ => return Err(format!("{short} is not a function this checker knows").into()),
    };
    Ok(Value::Bool(member))
}
