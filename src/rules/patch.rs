//! The shape of a SCIM PATCH (RFC 7644 section 3.5.2), so that the checks of its values
//! (licenseType, phone numbers, active) rest on operations Dialpad can apply at all.

use crate::diagnostic::{Diagnostic, Location, Rule, Severity::*};
use crate::json::{Node, Value};
use crate::user::child_pointer;

pub const NO_OPERATIONS: Rule = Rule { code: "patch.no_operations", severity: Error, section: "1", summary: "A PATCH has no Operations array, or an empty one." };
pub const INVALID_OP: Rule = Rule { code: "patch.invalid_op", severity: Error, section: "1", summary: "An operation's op is not add, replace or remove." };
pub const MISSING_PATH: Rule = Rule { code: "patch.missing_path", severity: Error, section: "1", summary: "A remove operation has no path." };
pub const MISSING_VALUE: Rule = Rule { code: "patch.missing_value", severity: Error, section: "1", summary: "An add or replace operation has no value." };

pub const RULES: &[&Rule] = &[&NO_OPERATIONS, &INVALID_OP, &MISSING_PATH, &MISSING_VALUE];

pub fn check(root: &Node<'_>, pointer: &str, out: &mut Vec<Diagnostic>) {
    let operations = root.member("Operations");
    let Some(operations) = operations.filter(|member| !member.value.elements().is_empty()) else {
        let at = operations.map_or_else(|| Location::new(pointer.to_string(), root.span), |member| Location::new(child_pointer(pointer, "Operations"), member.value.span));
        out.push(Diagnostic::new(&NO_OPERATIONS, &at, "This PATCH has no operations, so it changes nothing in Dialpad.").hint("Give Operations an array of {\"op\", \"path\", \"value\"} objects."));
        return;
    };
    let operations_pointer = child_pointer(pointer, "Operations");
    for (index, operation) in operations.value.elements().iter().enumerate() {
        check_operation(operation, &child_pointer(&operations_pointer, &index.to_string()), out);
    }
}

fn check_operation(operation: &Node<'_>, pointer: &str, out: &mut Vec<Diagnostic>) {
    let op = operation.get("op");
    let name = op.and_then(Node::as_str).map(str::to_ascii_lowercase);
    match name.as_deref() {
        Some("add" | "replace" | "remove") => {}
        _ => {
            let at = op.map_or_else(|| Location::new(pointer.to_string(), operation.span), |node| Location::new(child_pointer(pointer, "op"), node.span));
            let shown = op.map_or_else(|| "missing".to_string(), |node| node.as_str().map_or_else(|| node.type_name().to_string(), |text| format!("\"{text}\"")));
            let message = format!("This operation's op is {shown}: SCIM knows only add, replace and remove, so Dialpad rejects the PATCH.");
            out.push(Diagnostic::new(&INVALID_OP, &at, message).hint("Use \"add\", \"replace\" or \"remove\"."));
            return;
        }
    }
    let at = Location::new(pointer.to_string(), operation.span);
    if name.as_deref() == Some("remove") && operation.get("path").is_none() {
        out.push(Diagnostic::new(&MISSING_PATH, &at, "This remove operation has no path, so it says nothing about what to remove; Dialpad rejects it.").hint("Add the path of the attribute to remove."));
    }
    let value_missing = matches!(operation.get("value").map(|node| &node.value), None | Some(Value::Null));
    if name.as_deref() != Some("remove") && value_missing {
        out.push(Diagnostic::new(&MISSING_VALUE, &at, "This operation has no value, so there is nothing to set; Dialpad rejects it.").hint("Add the value to set, or use op \"remove\"."));
    }
}
