//! The values an Okta expression computes, with SpEL's conversions: what `+` makes of a number
//! and a string, what `==` and `<` compare, how a value reads as text.

use std::borrow::Cow;
use std::cmp::Ordering;

/// Longest string (UTF-8 bytes) or array (elements) an expression may compute.
pub const MAX_VALUE_BYTES: usize = 1 << 20;
pub const MAX_ARRAY_LENGTH: usize = 100_000;

#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    Null,
    Str(Cow<'a, str>),
    Int(i64),
    Num(f64),
    Bool(bool),
    Array(Vec<Value<'a>>),
    /// Computed by something this checker does not evaluate (`Time.now()`, an unknown group).
    Unknown,
}

impl<'a> Value<'a> {
    pub fn str(text: impl Into<Cow<'a, str>>) -> Value<'a> {
        Value::Str(text.into())
    }

    /// "a string", "null", ... for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Str(_) => "a string",
            Value::Int(_) => "an integer",
            Value::Num(_) => "a number",
            Value::Bool(_) => "a boolean",
            Value::Array(_) => "an array",
            Value::Unknown => "unknown",
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(text) => Some(text),
            _ => None,
        }
    }

    /// The value as Java's `String.valueOf` writes it, which is what SpEL's `+` appends:
    /// null becomes "null", 3.0 becomes "3.0", an array "[a, b]".
    pub fn to_text(&self) -> Cow<'_, str> {
        match self {
            Value::Str(text) => Cow::Borrowed(text),
            Value::Null => Cow::Borrowed("null"),
            Value::Int(value) => Cow::Owned(value.to_string()),
            Value::Num(value) => Cow::Owned(java_double(*value)),
            Value::Bool(value) => Cow::Borrowed(if *value { "true" } else { "false" }),
            Value::Array(items) => Cow::Owned(format!("[{}]", items.iter().map(|item| item.to_text().into_owned()).collect::<Vec<_>>().join(", "))),
            Value::Unknown => Cow::Borrowed("?"),
        }
    }

    /// An owned copy, free of the text it borrowed from.
    pub fn into_owned(self) -> Value<'static> {
        match self {
            Value::Null => Value::Null,
            Value::Str(text) => Value::Str(Cow::Owned(text.into_owned())),
            Value::Int(value) => Value::Int(value),
            Value::Num(value) => Value::Num(value),
            Value::Bool(value) => Value::Bool(value),
            Value::Array(items) => Value::Array(items.into_iter().map(Value::into_owned).collect()),
            Value::Unknown => Value::Unknown,
        }
    }

    fn number(&self) -> Option<f64> {
        match self {
            Value::Int(value) => Some(*value as f64),
            Value::Num(value) => Some(*value),
            _ => None,
        }
    }

    /// `==` as SpEL has it: numbers by value whatever their type, otherwise the same type and
    /// value; null equals only null.
    pub fn equals(&self, other: &Value<'_>) -> bool {
        match (self, other) {
            (Value::Int(left), Value::Int(right)) => left == right,
            (Value::Null, Value::Null) => true,
            (Value::Str(left), Value::Str(right)) => left == right,
            (Value::Bool(left), Value::Bool(right)) => left == right,
            (Value::Array(left), Value::Array(right)) => left.len() == right.len() && left.iter().zip(right).all(|(left, right)| left.equals(right)),
            _ => match (self.number(), other.number()) {
                (Some(left), Some(right)) => left == right,
                _ => false,
            },
        }
    }

    /// `<`, `>` and friends as SpEL orders values: numbers by value, strings by their
    /// characters, false before true, and null before anything; other pairs cannot be ordered.
    pub fn compare(&self, other: &Value<'_>) -> Option<Ordering> {
        match (self, other) {
            (Value::Null, Value::Null) => Some(Ordering::Equal),
            (Value::Null, _) => Some(Ordering::Less),
            (_, Value::Null) => Some(Ordering::Greater),
            (Value::Int(left), Value::Int(right)) => Some(left.cmp(right)),
            (Value::Str(left), Value::Str(right)) => Some(java_string_order(left, right)),
            (Value::Bool(left), Value::Bool(right)) => Some(left.cmp(right)),
            _ => self.number()?.partial_cmp(&other.number()?),
        }
    }
}

/// Java compares strings by UTF-16 code units, which differs from Rust's order only above U+FFFF.
fn java_string_order(left: &str, right: &str) -> Ordering {
    if left.is_ascii() && right.is_ascii() {
        return left.cmp(right);
    }
    left.encode_utf16().cmp(right.encode_utf16())
}

/// A double as Java's `Double.toString` writes it in the common cases ("3.0", "3.141"). Written
/// with zmij's shortest digits (serde_json's formatter, as `json_out::float` writes numbers)
/// rather than core's float formatting, which would be a second float formatter in the wasm.
pub fn java_double(value: f64) -> String {
    if !value.is_finite() {
        return if value.is_nan() { "NaN".into() } else if value > 0.0 { "Infinity".into() } else { "-Infinity".into() };
    }
    let text = zmij::Buffer::new().format_finite(value).to_string();
    match text.split_once(['e', 'E']).map(|(mantissa, exponent)| (mantissa, exponent.trim_start_matches('+'))) {
        Some((mantissa, exponent)) if mantissa.contains('.') => format!("{mantissa}E{exponent}"),
        Some((mantissa, exponent)) => format!("{mantissa}.0E{exponent}"),
        None if text.contains('.') => text,
        None => text + ".0",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_of_each_value_is_what_java_appends() {
        assert_eq!(Value::Null.to_text(), "null");
        assert_eq!(Value::Int(-4).to_text(), "-4");
        assert_eq!(Value::Num(3.0).to_text(), "3.0");
        assert_eq!(Value::Num(3.25).to_text(), "3.25");
        assert_eq!(Value::Num(1e21).to_text(), "1.0E21");
        assert_eq!(Value::Num(f64::NAN).to_text(), "NaN");
        assert_eq!(Value::Bool(true).to_text(), "true");
        assert_eq!(Value::Array(vec![Value::Int(1), Value::str("a")]).to_text(), "[1, a]");
    }

    #[test]
    fn equality_and_order_follow_spel() {
        assert!(Value::Int(3).equals(&Value::Num(3.0)));
        assert!(!Value::str("3").equals(&Value::Int(3)));
        assert!(Value::Null.equals(&Value::Null));
        assert!(!Value::Null.equals(&Value::str("")));
        assert_eq!(Value::Null.compare(&Value::Int(1)), Some(Ordering::Less));
        assert_eq!(Value::str("b").compare(&Value::str("a")), Some(Ordering::Greater));
        assert_eq!(Value::str("b").compare(&Value::Int(1)), None);
        assert_eq!(Value::str("\u{ffff}").compare(&Value::str("😀")), Some(Ordering::Greater), "UTF-16 order");
    }
}
