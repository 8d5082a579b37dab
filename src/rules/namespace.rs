//! Custom-attribute namespace in SCIM bodies (RULES.md section 4): Dialpad reads officeName,
//! licenseType, physicalDeliveryOfficeName and department only from the enterprise extension.

use crate::diagnostic::{Diagnostic, Location, Rule, Severity::*};
use crate::input::{schemas_list, Kind, ENTERPRISE_URN};
use crate::user::{child_pointer, UserView};

pub const MISPLACED: Rule = Rule { code: "namespace.misplaced", severity: Error, section: "4", summary: "An attribute Dialpad reads from the enterprise extension sits at the top level or under another URN." };
pub const SCHEMAS_MISSING: Rule = Rule { code: "namespace.schemas_missing", severity: Error, section: "4", summary: "A SCIM User has the enterprise extension object but its schemas array does not list the URN." };

pub const RULES: &[&Rule] = &[&MISPLACED, &SCHEMAS_MISSING];

pub fn check(view: &UserView<'_, '_>, out: &mut Vec<Diagnostic>) {
    for misplaced in &view.misplaced {
        let name = &misplaced.attr.name;
        let place = match &misplaced.under {
            None => "at the top level of the SCIM body".to_string(),
            Some(urn) if urn.eq_ignore_ascii_case(ENTERPRISE_URN) => format!("under \"{urn}\", which differs from the enterprise URN in letter case"),
            Some(urn) => format!("under \"{urn}\""),
        };
        let message = format!("{name} sits {place}: Dialpad reads it only from the enterprise extension, so it never sees this value (Okta drops attributes without the proper namespace).");
        let hint = format!("In Okta's Profile Editor give {name} the external namespace {ENTERPRISE_URN}; in the body it belongs in the object keyed by that URN.");
        out.push(Diagnostic::new(&MISPLACED, &misplaced.attr.key_at(), message).hint(hint));
    }
}

/// RFC 7643 section 3: a resource that carries an extension lists its URN in `schemas`.
pub fn check_schemas(root: &crate::json::Node<'_>, pointer: &str, kind: Kind, out: &mut Vec<Diagnostic>) {
    if kind != Kind::ScimUser {
        return;
    }
    let Some(extension) = root.members().iter().find(|member| member.key == ENTERPRISE_URN) else { return };
    if schemas_list(root, ENTERPRISE_URN) {
        return;
    }
    let schemas = root.get("schemas");
    let at = match schemas {
        Some(node) => Location::new(child_pointer(pointer, "schemas"), node.span),
        None => Location::new(pointer.to_string(), extension.key_span),
    };
    let mut listed: Vec<String> = schemas.map_or_else(Vec::new, |node| node.elements().iter().filter_map(|item| item.as_str()).map(str::to_string).collect());
    listed.push(ENTERPRISE_URN.into());
    let message = "The body has the enterprise extension object, but its schemas array does not list the enterprise URN: a SCIM server may ignore the extension, and with it officeName, licenseType and department.";
    let diagnostic = Diagnostic::new(&SCHEMAS_MISSING, &at, message).hint(format!("Add \"{ENTERPRISE_URN}\" to schemas."));
    // Only a schemas array that exists and holds only strings can be rewritten with certainty.
    let certain = schemas.is_some_and(|node| node.elements().iter().all(|item| item.as_str().is_some()) && matches!(node.value, crate::json::Value::Array(_)));
    out.push(if certain { diagnostic.suggest(listed) } else { diagnostic });
}
