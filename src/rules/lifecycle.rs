//! Lifecycle (RULES.md section 7): deactivation suspends; what deletion does is disputed.

use crate::diagnostic::{Diagnostic, Rule, Severity::*};
use crate::json::Value;
use crate::user::UserView;

pub const SUSPEND: Rule = Rule { code: "lifecycle.suspend", severity: Info, section: "7", summary: "active: false (the app unassigned in Okta) suspends the Dialpad user, frees its license, keeps it searchable." };
pub const DELETE: Rule = Rule { code: "lifecycle.delete", severity: Info, section: "7", summary: "A user deactivated in Okta: Okta sends no DELETE, so expect suspension; Dialpad's two documents disagree on deletion." };
pub const ACTIVE_NOT_BOOLEAN: Rule = Rule { code: "lifecycle.active_not_boolean", severity: Error, section: "7", summary: "active is not true or false." };

pub const RULES: &[&Rule] = &[&SUSPEND, &DELETE, &ACTIVE_NOT_BOOLEAN];

const DISAGREEMENT: &str = "Dialpad's help article says a user deleted in Okta is suspended and stays searchable; its SCIM FAQ says the user is fully deleted. Okta itself sends no DELETE to SCIM apps, it deactivates, so expect suspension.";

pub fn check(view: &UserView<'_, '_>, out: &mut Vec<Diagnostic>) {
    if let Some(active) = &view.active {
        match active.node.value {
            Value::Bool(false) => {
                let message = "active is false (the app is unassigned in Okta): Dialpad suspends the user and frees its license; the user leaves the team list but can still be found by search, with status Suspended.";
                out.push(Diagnostic::new(&SUSPEND, &active.at(), message).hint("Reassign the app in Okta to reactivate the user."));
            }
            Value::Bool(true) => {}
            _ => {
                let message = format!("active is {}, not true or false: Dialpad cannot tell whether to activate or suspend the user.", active.node.type_name());
                let diagnostic = Diagnostic::new(&ACTIVE_NOT_BOOLEAN, &active.at(), message).hint("Use the JSON boolean true or false, without quotes.");
                let certain = active.text().and_then(|text| match text.trim().to_ascii_lowercase().as_str() {
                    "true" => Some(true),
                    "false" => Some(false),
                    _ => None,
                });
                out.push(diagnostic.maybe_suggest(certain));
            }
        }
    }
    if let Some(status) = view.status.as_ref().filter(|status| status.text() == Some("DEPROVISIONED")) {
        let message = format!("This user is deactivated in Okta (status DEPROVISIONED), the step before deletion. {DISAGREEMENT}");
        out.push(Diagnostic::new(&DELETE, &status.at(), message).hint("To keep the Dialpad user, reactivate it in Okta; to remove it for good, delete it in the Dialpad Admin portal."));
    }
}
