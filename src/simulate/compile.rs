//! The mapping, read once for all users: each property's expression parsed and inspected,
//! where its value goes in the body, which Dialpad attribute it is, and what the mapping as a
//! whole lacks or misplaces.

use crate::app_user_schema::{AppUserSchema, Target};
use crate::diagnostic::{Diagnostic, Location, Origin};
use crate::el::{self, Expr, Finding};
use crate::input::ENTERPRISE_URN;
use crate::json::{Node, Span};
use crate::profile_mapping::{Expression, ProfileMapping, Property, Push, OKTA_BASE_PROFILE};
use crate::rules::okta_mapping as rules;
use crate::scim_body::Path;
use crate::user::ENTERPRISE_ATTRIBUTES;
use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

/// One property of the mapping, read and inspected once for all users.
pub(super) struct Compiled {
    pub(super) property: Property,
    pub(super) attribute: Arc<str>,
    pub(super) expression: Option<Arc<str>>,
    /// The parsed expression; `None` when unmapped or unreadable.
    pub(super) expr: Option<Expr>,
    /// Nothing can be computed from it (a syntax error, an unknown function, a limit).
    pub(super) unusable: bool,
    pub(super) target: Option<Target>,
    /// Where its value goes in the body: `None` when nowhere (no target, or no namespace, which
    /// Okta drops), an error when the external name is not a path this checker follows.
    pub(super) path: Option<Result<Path, String>>,
    /// Where its value goes in the body, as a ranking of the schema's attributes.
    pub(super) order: usize,
    /// The Dialpad attribute it is, when it is one (`licenseType`, `officeName`, ...).
    pub(super) dialpad: Option<&'static str>,
    pub(super) user_references: Vec<(String, Span)>,
    /// When its value depends on one profile attribute at most (no `appuser.`, no groups, no
    /// internal property): that attribute, whose value decides the expression's (see
    /// `environment::Memo`).
    pub(super) decided_by: Option<Option<Arc<str>>>,
    /// When the attribute deciding it is only compared with literals (see
    /// `el::comparisons_of`): those literals, whose equality with the attribute's value
    /// decides the expression's.
    pub(super) compared: Option<Vec<el::Value<'static>>>,
}

impl Compiled {
    pub(super) fn location(&self) -> Location {
        Location::new(self.property.pointer.clone(), self.property.key_span)
    }

    pub(super) fn expression(&self) -> Option<&Expression> {
        self.property.expression.as_ref()
    }

    /// The origin of a finding about this property or its value, whose expression read `reads`.
    pub(super) fn origin(&self, reads: Arc<[Arc<str>]>) -> Origin {
        let expression = self.expression();
        Origin {
            attribute: Arc::clone(&self.attribute),
            expression: self.expression.clone().unwrap_or_else(|| Arc::from("")),
            mapping_path: Arc::from(expression.map_or(self.property.pointer.as_str(), |expression| expression.pointer.as_str())),
            reads,
        }
    }
}

/// The Dialpad attributes by their template names (RULES.md section 2).
pub(super) const DIALPAD_ATTRIBUTES: [&str; 10] =
    ["userName", "givenName", "familyName", "title", "preferredLanguage", "countryCode", "licenseType", "officeName", "physicalDeliveryOfficeName", "department"];

/// Which Dialpad attribute a target is: one at the template's place for it, or named as it.
pub(super) fn dialpad_attribute(target: Option<&Target>, attribute: &str, template: &AppUserSchema) -> Option<&'static str> {
    let at_place = target.and_then(|target| {
        DIALPAD_ATTRIBUTES.into_iter().find(|name| {
            template.target(name).is_some_and(|place| place.external_name == target.external_name && place.namespace.as_deref().map(str::to_ascii_lowercase) == target.namespace.as_deref().map(str::to_ascii_lowercase))
        })
    });
    at_place.or_else(|| DIALPAD_ATTRIBUTES.into_iter().find(|name| *name == attribute))
}

/// Where the schema puts an attribute: its target, its path in the body (`None` when nowhere:
/// no target, or no namespace, which Okta drops), and its rank in the body's order.
pub(super) fn placement(schema: &AppUserSchema, attribute: &str) -> (Option<Target>, Option<Result<Path, String>>, usize) {
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
    crate::sort::sort_by_key(&mut order, |&index| placed[index].2 as u128);
    BodyPlan { paths: placed.into_iter().map(|(_, path, _)| path.and_then(Result::ok)).collect(), order }
}

pub(super) fn compile(mapping: &ProfileMapping, schema: &AppUserSchema, groups_given: bool, mapping_text: &str, out: &mut Vec<Diagnostic>) -> Vec<Compiled> {
    let template = AppUserSchema::template();
    let mut compiled = Vec::with_capacity(mapping.properties.len());
    for property in &mapping.properties {
        let (target, path, order) = placement(schema, &property.attribute);
        let dialpad = dialpad_attribute(target.as_ref(), &property.attribute, &template);
        let mut entry = Compiled {
            path,
            attribute: Arc::from(property.attribute.as_str()),
            expression: property.expression.as_ref().map(|expression| Arc::from(expression.text.as_str())),
            expr: None,
            unusable: false,
            target,
            order,
            dialpad,
            user_references: Vec::new(),
            decided_by: None,
            compared: None,
            property: property.clone(),
        };
        if let Some(expression) = &property.expression {
            match el::parse(&expression.text) {
                Ok(expr) => {
                    let (findings, references) = el::inspect(&expr, groups_given);
                    entry.unusable = findings.iter().any(|finding| matches!(finding, Finding::UnknownFunction { .. } | Finding::Arguments { .. } | Finding::BareName { .. }));
                    out.extend(findings.iter().map(|finding| finding_diagnostic(finding, &property.attribute, expression, mapping_text)));
                    entry.decided_by = decided_by(&references);
                    entry.compared = match &entry.decided_by {
                        Some(Some(name)) => el::comparisons_of(&expr, name),
                        _ => None,
                    };
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

/// The one profile attribute (or none) an expression's value depends on, when it reads
/// nothing else of the user.
fn decided_by(references: &el::References) -> Option<Option<Arc<str>>> {
    if !references.app_user.is_empty() || references.beyond_profile {
        return None;
    }
    match references.user.as_slice() {
        [] => Some(None),
        [(first, _), rest @ ..] if rest.iter().all(|(name, _)| name == first) => Some(Some(Arc::from(first.as_str()))),
        _ => None,
    }
}

pub(super) fn finding_diagnostic(finding: &Finding, attribute: &str, expression: &Expression, mapping_text: &str) -> Diagnostic {
    match finding {
        Finding::UnknownFunction { name, span, closest } => rules::unknown_function(&expression.at(mapping_text, *span), attribute, name, *closest),
        Finding::Arguments { name, span, expected, given } => rules::arguments(&expression.at(mapping_text, *span), attribute, name, expected, *given),
        Finding::NotEvaluated { construct, span, why } => rules::not_evaluated(&expression.at(mapping_text, *span), attribute, construct, why),
        Finding::BareName { name, span } => rules::bare_name(&expression.at(mapping_text, *span), attribute, name),
    }
}

/// What the mapping as a whole lacks or misplaces, whoever the users are.
pub(super) fn mapping_checks(compiled: &[Compiled], schema: &AppUserSchema, mapping: &ProfileMapping, out: &mut Vec<Diagnostic>) {
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

pub(super) fn parent_pointer(pointer: &str) -> String {
    pointer.rsplit_once('/').map_or_else(String::new, |(parent, _)| parent.to_string())
}

/// What [`unknown_attributes`] needs of the users, gathered as each is read (a record does not
/// outlive its user's simulation): how many there are, which of the names the mapping reads
/// some user has, and, while one of those is still unseen, every name users have (for the
/// closest to it).
pub(super) struct ProfileNames {
    users: usize,
    /// Each name the mapping reads that is not in Okta's base profile, and whether a user has it.
    wanted: Vec<(String, bool)>,
    seen: BTreeSet<String>,
    /// The last profile's names: the next, which nearly always has the same, is passed over.
    last: Vec<String>,
}

impl ProfileNames {
    pub(super) fn new(compiled: &[Compiled]) -> ProfileNames {
        let mut wanted: Vec<(String, bool)> = Vec::new();
        for (name, _) in compiled.iter().filter(|entry| entry.expression().is_some()).flat_map(|entry| &entry.user_references) {
            if !OKTA_BASE_PROFILE.contains(&name.as_str()) && !wanted.iter().any(|(wanted, _)| wanted == name) {
                wanted.push((name.clone(), false));
            }
        }
        ProfileNames { users: 0, wanted, seen: BTreeSet::new(), last: Vec::new() }
    }

    /// Takes note of one user's profile.
    pub(super) fn see(&mut self, profile: &Node<'_>) {
        self.users += 1;
        if self.wanted.iter().all(|(_, seen)| *seen) {
            return;
        }
        let members = profile.members();
        if members.len() == self.last.len() && members.iter().zip(&self.last).all(|(member, last)| crate::text::same(&member.key, last)) {
            return;
        }
        for (name, seen) in &mut self.wanted {
            *seen = *seen || profile.member(name).is_some();
        }
        self.last = members.iter().map(|member| member.key.to_string()).collect();
        self.seen.extend(self.last.iter().cloned());
    }

    /// Forgets every user seen (the users' text turned out to be unreadable).
    pub(super) fn forget(&mut self) {
        self.users = 0;
        self.wanted.iter_mut().for_each(|(_, seen)| *seen = false);
        self.seen.clear();
        self.last.clear();
    }
}

/// user.<name> that no profile has: neither Okta's base profile nor any user checked.
pub(super) fn unknown_attributes(compiled: &[Compiled], profiles: &ProfileNames, mapping_text: &str, out: &mut Vec<Diagnostic>) {
    if profiles.users == 0 {
        return;
    }
    let unseen = |name: &str| profiles.wanted.iter().any(|(wanted, seen)| wanted == name && !seen);
    for entry in compiled {
        let Some(expression) = entry.expression() else { continue };
        let mut reported = HashSet::new();
        for (name, span) in &entry.user_references {
            if !unseen(name) || !reported.insert(name.as_str()) {
                continue;
            }
            let closest = crate::text::closest(name, OKTA_BASE_PROFILE.iter().copied().chain(profiles.seen.iter().map(String::as_str)));
            out.push(rules::unknown_attribute(&expression.at(mapping_text, *span), &entry.property.attribute, name, profiles.users, closest));
        }
    }
}

/// Gives each finding about a property of the mapping the attribute and expression it is
/// about, as `origin` (its message names the attribute; this names both for a program).
pub(super) fn name_the_mapping(diagnostics: &mut [Diagnostic], compiled: &[Compiled]) {
    for diagnostic in diagnostics.iter_mut().filter(|diagnostic| diagnostic.origin.is_none()) {
        let entry = compiled.iter().find(|entry| {
            let pointer = entry.property.pointer.as_str();
            diagnostic.path == pointer || diagnostic.path.strip_prefix(pointer).is_some_and(|rest| rest.starts_with('/'))
        });
        if let Some(entry) = entry {
            diagnostic.origin = Some(Arc::new(entry.origin(Arc::from([]))));
        }
    }
}

/// The mapping's attributes in the order their values go into the body.
pub(super) fn placement_order(compiled: &[Compiled]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..compiled.len()).collect();
    crate::sort::sort_by_key(&mut order, |&index| compiled[index].order as u128);
    order
}

