//! Okta Expression Language: the subset Okta documents for profile mappings, read and
//! evaluated offline. Three small steps, each in its module: [`lexer`], [`parser`], [`eval`];
//! [`functions`] holds the function table. [`inspect`] finds, once per expression, what is
//! wrong or not evaluated whatever the user; evaluation then runs per user.

pub mod eval;
pub mod functions;
pub mod lexer;
pub mod parser;
pub mod value;

pub use eval::{evaluate, EvalError, Environment, Source, Traced};
pub use parser::{parse, Expr, ExprKind, SyntaxError, MAX_DEPTH, MAX_EXPRESSION_BYTES};
pub use value::Value;

use crate::json::Span;
use functions::Support;
use std::collections::HashMap;

/// Something about an expression that holds for every user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finding {
    /// A function Okta's language does not have; `closest` is a near spelling of one it has.
    UnknownFunction { name: String, span: Span, closest: Option<&'static str> },
    /// A known function called with the wrong number of arguments.
    Arguments { name: &'static str, span: Span, expected: String, given: usize },
    /// Valid in Okta, but its value cannot be known here: `construct` and why.
    NotEvaluated { construct: String, span: Span, why: String },
    /// A bare name (`firstName`) where Okta needs `user.firstName`.
    BareName { name: String, span: Span },
}

/// The attributes an expression names: `user.<name>` and `appuser.<name>`, with where.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct References {
    pub user: Vec<(String, Span)>,
    pub app_user: Vec<(String, Span)>,
    /// Whether it reads anything of the user besides profile attributes: their groups, or an
    /// internal property (`user.getInternalProperty("id")`).
    pub beyond_profile: bool,
}

/// The literals `user.<name>` is compared with by `==` and `!=`, when that is all the
/// expression does with it: its value then depends on the attribute only through whether it
/// equals each (an Okta template's `(user.email != null && user.email != '') ? 'work' : ''`).
/// None when the attribute is read any other way, or compared with more than 64 literals.
pub fn comparisons_of(expr: &Expr, name: &str) -> Option<Vec<Value<'static>>> {
    let mut literals = Vec::new();
    (only_compared(expr, name, &mut literals) && literals.len() <= 64).then_some(literals)
}

fn only_compared(expr: &Expr, name: &str, literals: &mut Vec<Value<'static>>) -> bool {
    let is_read = |expr: &Expr| matches!(&expr.kind, ExprKind::Member { object, name: read, .. } if read == name && matches!(&object.kind, ExprKind::Name(variable) if eval::is_user_variable(variable)));
    match &expr.kind {
        ExprKind::Binary { op: parser::BinaryOp::Equal | parser::BinaryOp::NotEqual, left, right } => {
            let pair = if is_read(left) { literal(right) } else if is_read(right) { literal(left) } else { None };
            match pair {
                Some(value) => {
                    literals.push(value);
                    true
                }
                None => only_compared(left, name, literals) && only_compared(right, name, literals),
            }
        }
        _ if is_read(expr) => false,
        kind => kind.children().all(|child| only_compared(child, name, literals)),
    }
}

/// The value of a literal.
fn literal(expr: &Expr) -> Option<Value<'static>> {
    Some(match &expr.kind {
        ExprKind::Str(text) => Value::str(text.clone()),
        ExprKind::Int(number) => Value::Int(*number),
        ExprKind::Num(number) => Value::Num(*number),
        ExprKind::Bool(value) => Value::Bool(*value),
        ExprKind::Null => Value::Null,
        _ => return None,
    })
}

/// Walks an expression once: the findings that hold for every user, and what it reads.
pub fn inspect(expr: &Expr, groups_given: bool) -> (Vec<Finding>, References) {
    let mut findings = Vec::new();
    let mut references = References::default();
    walk(expr, groups_given, &mut findings, &mut references);
    (findings, references)
}

fn walk(expr: &Expr, groups_given: bool, findings: &mut Vec<Finding>, references: &mut References) {
    let span = expr.span;
    match &expr.kind {
        ExprKind::Name(name) => findings.push(Finding::BareName { name: name.clone(), span }),
        ExprKind::Member { object, name, name_span } => match &object.kind {
            ExprKind::Name(variable) if eval::is_user_variable(variable) => references.user.push((name.clone(), *name_span)),
            ExprKind::Name(variable) if variable == "appuser" => references.app_user.push((name.clone(), *name_span)),
            ExprKind::Name(variable) => findings.push(not_evaluated(expr, variable_reason(variable))),
            ExprKind::Call { .. } => walk(object, groups_given, findings, references),
            _ => {
                walk(object, groups_given, findings, references);
                findings.push(not_evaluated(expr, "a property of a computed value is not part of the subset evaluated here".into()));
            }
        },
        ExprKind::Call { name, name_span, receiver, args, function } => {
            check_call(expr, name, *name_span, receiver.is_some(), args.len(), groups_given, findings);
            references.beyond_profile |= name == "user.getInternalProperty" || function.is_some_and(|function| function.support == Support::NeedsGroups);
            if let Some(receiver) = receiver {
                walk(receiver, groups_given, findings, references);
            }
            args.iter().for_each(|arg| walk(arg, groups_given, findings, references));
        }
        kind => kind.children().for_each(|child| walk(child, groups_given, findings, references)),
    }
}

fn variable_reason(variable: &str) -> String {
    match variable {
        "org" => "it is a property of your Okta org".into(),
        "app" => "it is a property of the app instance in Okta".into(),
        "session" => "it is a property of the user's sign-in session".into(),
        "idpuser" => "it reads the profile of an identity provider's user".into(),
        other => format!("it reads the user's profile in another app ({other})"),
    }
}

fn not_evaluated(expr: &Expr, why: String) -> Finding {
    let construct = expr.dotted_name().unwrap_or_else(|| "this".to_string());
    Finding::NotEvaluated { construct, span: expr.span, why }
}

fn check_call(expr: &Expr, name: &str, name_span: Span, method: bool, given: usize, groups_given: bool, findings: &mut Vec<Finding>) {
    let function = (!method).then(|| functions::lookup(name)).flatten();
    let Some(function) = function else {
        findings.push(Finding::UnknownFunction { name: name.to_string(), span: name_span, closest: functions::closest(name) });
        return;
    };
    if !function.accepts(given) {
        findings.push(Finding::Arguments { name: function.name, span: expr.span, expected: function.expected_arguments(), given });
        return;
    }
    match function.support {
        Support::NotEvaluated(why) => findings.push(Finding::NotEvaluated { construct: format!("{name}()"), span: expr.span, why: why.to_string() }),
        Support::NeedsGroups if !groups_given => {
            findings.push(Finding::NotEvaluated { construct: format!("{name}()"), span: expr.span, why: "no groups were given for the users (options.groups)".to_string() })
        }
        _ => {}
    }
}

/// Compiled patterns for `matches` and `isMemberOfGroupNameRegex`, kept across users.
#[derive(Default)]
pub struct Patterns {
    compiled: HashMap<String, Result<regex_lite::Regex, String>>,
}

/// Most patterns one mapping may compile: each costs memory, and a mapping has a handful.
const MAX_PATTERNS: usize = 1_000;

impl Patterns {
    /// Java's `matches`: the whole text must match.
    pub fn matches(&mut self, pattern: &str, text: &str) -> Result<bool, String> {
        if !self.compiled.contains_key(pattern) {
            if self.compiled.len() >= MAX_PATTERNS {
                return Err(format!("the mapping uses more than {MAX_PATTERNS} regular expressions, more than this checker compiles"));
            }
            let compiled = regex_lite::RegexBuilder::new(&format!("^(?:{pattern})$"))
                .size_limit(1 << 20)
                .build()
                .map_err(|error| format!("\"{pattern}\" is not a regular expression this checker reads: {error}"));
            self.compiled.insert(pattern.to_string(), compiled);
        }
        match &self.compiled[pattern] {
            Ok(regex) => Ok(regex.is_match(text)),
            Err(message) => Err(message.clone()),
        }
    }
}
