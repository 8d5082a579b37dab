//! Okta Expression Language, third step: the value of an expression for one user.
//!
//! Semantics are SpEL's, on which Okta builds its language: `+` joins text when either side is
//! text (null then reads "null"), conditions must be true or false (null is an error, as SpEL
//! raises it), `==` compares numbers by value. A construct this checker does not evaluate gives
//! [`Value::Unknown`], which every operator passes on: never a guess.

use super::functions::{self, CallError, Function, Groups, Support};
use super::parser::{BinaryOp, Expr, ExprKind};
use super::value::{Value, MAX_VALUE_BYTES};
use crate::json::Span;
use std::borrow::Cow;
use std::cmp::Ordering;

/// A value, and where it comes from when it passed through unchanged: a fix of the value is
/// then a fix of that literal in the expression, or of that attribute of the user.
#[derive(Clone, Debug, PartialEq)]
pub struct Traced<'a> {
    pub value: Value<'a>,
    pub source: Source<'a>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source<'a> {
    Computed,
    /// A literal of the expression, written at this span.
    Literal(Span),
    /// `user.<name>`, read as it is.
    Attribute(&'a str),
}

impl<'a> Traced<'a> {
    fn computed(value: Value<'a>) -> Self {
        Traced { value, source: Source::Computed }
    }

    /// The literal span, when the value is a literal of the expression.
    pub fn literal(&self) -> Option<Span> {
        match self.source {
            Source::Literal(span) => Some(span),
            _ => None,
        }
    }
}

/// Why an expression has no value for this user: Okta would stop with an error here, or the
/// value would pass one of this checker's limits (`limit`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvalError {
    pub message: String,
    pub span: Span,
    pub limit: bool,
}

impl EvalError {
    fn at(error: CallError, span: Span) -> Self {
        EvalError { message: error.message, span, limit: error.limit }
    }
}

/// What an expression can read: the Okta user, the app user being built, the user's groups.
pub trait Environment<'a>: Groups {
    /// `user.<name>`: the Okta user's profile attribute, null when it is not set.
    fn user_attribute(&mut self, name: &'a str) -> Value<'a>;
    /// `user.getInternalProperty("<name>")`: "id" and "status" of the Okta user.
    fn internal_property(&mut self, name: &str) -> Value<'a>;
    /// `appuser.<name>`: the value the mapping gives another attribute of the app user.
    fn app_user_attribute(&mut self, name: &str, at: Span) -> Result<Value<'a>, EvalError>;
}

/// The variables that stand for the Okta user in an Okta-to-app mapping.
pub fn is_user_variable(name: &str) -> bool {
    name == "user" || name == "source"
}

pub fn evaluate<'a>(expr: &'a Expr, env: &mut dyn Environment<'a>) -> Result<Traced<'a>, EvalError> {
    let fail = |error: CallError| EvalError::at(error, expr.span);
    let value = match &expr.kind {
        ExprKind::Str(text) => return Ok(Traced { value: Value::Str(Cow::Borrowed(text)), source: Source::Literal(expr.span) }),
        ExprKind::Int(number) => Value::Int(*number),
        ExprKind::Num(number) => Value::Num(*number),
        ExprKind::Bool(value) => Value::Bool(*value),
        ExprKind::Null => Value::Null,
        ExprKind::Name(_) => Value::Unknown,
        ExprKind::Member { object, name, name_span } => return member(object, name, *name_span, env),
        ExprKind::Call { name, args, receiver: None, function, .. } => return call(expr, name, *function, args, env),
        ExprKind::Call { receiver: Some(_), .. } => Value::Unknown,
        ExprKind::Index { object, index } => {
            let (object, index) = (evaluate(object, env)?.value, evaluate(index, env)?.value);
            match (object, index) {
                (Value::Unknown, _) | (_, Value::Unknown) => Value::Unknown,
                (Value::Array(items), Value::Int(at)) => usize::try_from(at).ok().and_then(|at| items.into_iter().nth(at)).unwrap_or(Value::Null),
                (object, index) => return Err(fail(format!("cannot take element {} of {}", index.to_text(), object.type_name()).into())),
            }
        }
        ExprKind::Array(items) => {
            let mut values = Vec::with_capacity(items.len());
            for item in items {
                values.push(evaluate(item, env)?.value);
            }
            Value::Array(values)
        }
        ExprKind::Not(operand) => match evaluate(operand, env)?.value {
            Value::Bool(value) => Value::Bool(!value),
            Value::Unknown => Value::Unknown,
            other => return Err(fail(not_boolean("'!'", &other).into())),
        },
        ExprKind::Negate(operand) => match evaluate(operand, env)?.value {
            Value::Int(number) => Value::Int(number.checked_neg().ok_or_else(|| fail(String::from("the number is too large").into()))?),
            Value::Num(number) => Value::Num(-number),
            Value::Unknown => Value::Unknown,
            other => return Err(fail(format!("'-' needs a number, not {}", other.type_name()).into())),
        },
        ExprKind::Binary { op, left, right } => {
            let (left, right) = (evaluate(left, env)?.value, evaluate(right, env)?.value);
            binary(*op, left, right, env).map_err(fail)?
        }
        ExprKind::And(left, right) => logical(left, right, false, env)?,
        ExprKind::Or(left, right) => logical(left, right, true, env)?,
        ExprKind::Conditional { condition, then, otherwise } => match evaluate(condition, env)?.value {
            Value::Bool(true) => return evaluate(then, env),
            Value::Bool(false) => return evaluate(otherwise, env),
            Value::Unknown => Value::Unknown,
            other => return Err(EvalError { message: not_boolean("the condition", &other), span: condition.span, limit: false }),
        },
        ExprKind::Elvis { value, fallback } => {
            let first = evaluate(value, env)?;
            match &first.value {
                Value::Null => return evaluate(fallback, env),
                Value::Str(text) if text.is_empty() => return evaluate(fallback, env),
                _ => return Ok(first),
            }
        }
    };
    Ok(Traced::computed(value))
}

fn not_boolean(what: &str, value: &Value<'_>) -> String {
    match value {
        Value::Null => format!("{what} is null, not true or false (an attribute that is not set?)"),
        other => format!("{what} is {} \"{}\", not true or false", other.type_name(), other.to_text()),
    }
}

fn member<'a>(object: &'a Expr, name: &'a str, name_span: Span, env: &mut dyn Environment<'a>) -> Result<Traced<'a>, EvalError> {
    Ok(match &object.kind {
        ExprKind::Name(variable) if is_user_variable(variable) => Traced { value: env.user_attribute(name), source: Source::Attribute(name) },
        ExprKind::Name(variable) if variable == "appuser" => Traced::computed(env.app_user_attribute(name, name_span)?),
        _ => Traced::computed(Value::Unknown),
    })
}

/// `AND` and `OR`, which stop at the first side that decides.
fn logical<'a>(left: &'a Expr, right: &'a Expr, stop_on: bool, env: &mut dyn Environment<'a>) -> Result<Value<'a>, EvalError> {
    let word = if stop_on { "OR" } else { "AND" };
    let side = |value: Value<'a>, span: Span| match value {
        Value::Bool(value) => Ok(Some(value)),
        Value::Unknown => Ok(None),
        other => Err(EvalError { message: not_boolean(&format!("a side of {word}"), &other), span, limit: false }),
    };
    let first = side(evaluate(left, env)?.value, left.span)?;
    if first == Some(stop_on) {
        return Ok(Value::Bool(stop_on));
    }
    let second = side(evaluate(right, env)?.value, right.span)?;
    Ok(match (first, second) {
        (_, Some(value)) if value == stop_on => Value::Bool(stop_on),
        (Some(_), Some(_)) => Value::Bool(!stop_on),
        _ => Value::Unknown,
    })
}

fn binary<'a>(op: BinaryOp, left: Value<'a>, right: Value<'a>, env: &mut dyn Environment<'a>) -> Result<Value<'a>, CallError> {
    if matches!(left, Value::Unknown) || matches!(right, Value::Unknown) {
        return Ok(Value::Unknown);
    }
    let ordered = |test: fn(Ordering) -> bool| match left.compare(&right) {
        Some(order) => Ok(Value::Bool(test(order))),
        None => Err(format!("cannot compare {} with {}", left.type_name(), right.type_name()).into()),
    };
    match op {
        BinaryOp::Equal => Ok(Value::Bool(left.equals(&right))),
        BinaryOp::NotEqual => Ok(Value::Bool(!left.equals(&right))),
        BinaryOp::Less => ordered(Ordering::is_lt),
        BinaryOp::LessEqual => ordered(Ordering::is_le),
        BinaryOp::Greater => ordered(Ordering::is_gt),
        BinaryOp::GreaterEqual => ordered(Ordering::is_ge),
        BinaryOp::Add if matches!(left, Value::Str(_)) || matches!(right, Value::Str(_)) => concatenate(&left, &right),
        BinaryOp::Matches => match (&left, &right) {
            (Value::Str(text), Value::Str(pattern)) => env.matches(pattern, text).map(Value::Bool).map_err(CallError::from),
            _ => Err(format!("'matches' needs text on its left and a pattern on its right, not {} and {}", left.type_name(), right.type_name()).into()),
        },
        _ => arithmetic(op, &left, &right),
    }
}

fn concatenate<'a>(left: &Value<'a>, right: &Value<'a>) -> Result<Value<'a>, CallError> {
    let (left, right) = (left.to_text(), right.to_text());
    let length = left.len() + right.len();
    if length > MAX_VALUE_BYTES {
        return Err(functions::too_long(length));
    }
    let mut text = String::with_capacity(length);
    text.push_str(&left);
    text.push_str(&right);
    Ok(Value::str(text))
}

fn arithmetic<'a>(op: BinaryOp, left: &Value<'a>, right: &Value<'a>) -> Result<Value<'a>, CallError> {
    let symbol = match op {
        BinaryOp::Add => "+",
        BinaryOp::Subtract => "-",
        BinaryOp::Multiply => "*",
        BinaryOp::Divide => "/",
        _ => "%",
    };
    let overflow = || CallError::from(format!("the result of '{symbol}' is too large"));
    match (left, right) {
        (Value::Int(a), Value::Int(b)) => {
            let result = match op {
                BinaryOp::Add => a.checked_add(*b),
                BinaryOp::Subtract => a.checked_sub(*b),
                BinaryOp::Multiply => a.checked_mul(*b),
                _ if *b == 0 => return Err(String::from("division by zero").into()),
                BinaryOp::Divide => a.checked_div(*b),
                _ => a.checked_rem(*b),
            };
            result.map(Value::Int).ok_or_else(overflow)
        }
        (Value::Int(_) | Value::Num(_), Value::Int(_) | Value::Num(_)) => {
            let as_float = |value: &Value<'_>| match value {
                Value::Int(number) => *number as f64,
                Value::Num(number) => *number,
                _ => 0.0,
            };
            let (a, b) = (as_float(left), as_float(right));
            Ok(Value::Num(match op {
                BinaryOp::Add => a + b,
                BinaryOp::Subtract => a - b,
                BinaryOp::Multiply => a * b,
                BinaryOp::Divide => a / b,
                _ => a % b,
            }))
        }
        _ => Err(format!("'{symbol}' needs two numbers (or text, for '+'), not {} and {}", left.type_name(), right.type_name()).into()),
    }
}

fn call<'a>(expr: &'a Expr, name: &str, function: Option<&Function>, args: &'a [Expr], env: &mut dyn Environment<'a>) -> Result<Traced<'a>, EvalError> {
    let Some(function) = function.filter(|function| function.accepts(args.len())) else {
        return Ok(Traced::computed(Value::Unknown));
    };
    if matches!(function.support, Support::NotEvaluated(_)) {
        return Ok(Traced::computed(Value::Unknown));
    }
    let mut values = Vec::with_capacity(args.len());
    for arg in args {
        let value = evaluate(arg, env)?.value;
        if matches!(value, Value::Unknown) {
            return Ok(Traced::computed(Value::Unknown));
        }
        values.push(value);
    }
    if name == "user.getInternalProperty" {
        let value = match &values[0] {
            Value::Str(property) => env.internal_property(property),
            other => return Err(EvalError { message: format!("user.getInternalProperty needs the property's name in quotes, not {}", other.type_name()), span: expr.span, limit: false }),
        };
        return Ok(Traced::computed(value));
    }
    // stringSwitch hands back one of its arguments: keep where it was written.
    let chosen_literal = if name == "String.stringSwitch" { switch_literal(&values, args) } else { None };
    let value = functions::call(name, values, env).map_err(|error| EvalError::at(error, expr.span))?;
    Ok(Traced { value, source: chosen_literal.map_or(Source::Computed, Source::Literal) })
}

/// The literal String.stringSwitch returns: the first matching key's value, or the default,
/// when that argument is written as a string literal.
fn switch_literal(values: &[Value<'_>], args: &[Expr]) -> Option<Span> {
    let input = values.first()?.as_str()?;
    let chosen = (2..values.len().saturating_sub(1)).step_by(2).find(|&key| input.contains(values[key].to_text().as_ref())).map_or(1, |key| key + 1);
    matches!(args.get(chosen)?.kind, ExprKind::Str(_)).then(|| args[chosen].span)
}
