//! The rules of RULES.md, one module per family. Each module declares its rules as
//! constants and lists them in `RULES`; `catalogue` gathers those lists, so a diagnostic can
//! only be made from a rule the catalogue shows.

pub mod app_schema;
pub mod batch;
pub mod country;
pub mod input;
pub mod language;
pub mod license;
pub mod lifecycle;
pub mod names;
pub mod namespace;
pub mod offices;
pub mod okta_mapping;
pub mod patch;
pub mod phone;
pub mod unmapped;
pub mod username;
pub mod values;

use crate::diagnostic::{Diagnostic, Rule};
use crate::user::UserView;

/// Every rule family, in catalogue order.
pub const FAMILIES: &[(&str, &[&Rule])] = &[
    ("Reading the input", input::RULES),
    ("Attribute values", values::RULES),
    ("Name", names::RULES),
    ("Username and email", username::RULES),
    ("Country", country::RULES),
    ("Language", language::RULES),
    ("License", license::RULES),
    ("Custom-attribute namespace", namespace::RULES),
    ("App user schema", app_schema::RULES),
    ("SCIM PATCH", patch::RULES),
    ("Phone numbers", phone::RULES),
    ("Lifecycle", lifecycle::RULES),
    ("Unmapped attributes", unmapped::RULES),
    ("Batches", batch::RULES),
    ("Offices and capacity", offices::RULES),
    ("Okta attribute mappings (simulate)", okta_mapping::RULES),
];

/// Runs every per-user rule on one okta-user, scim-user or scim-patch record.
pub fn check_user(view: &UserView<'_, '_>, out: &mut Vec<Diagnostic>) {
    values::check(view, out);
    names::check(view, out);
    username::check(view, out);
    country::check(view, out);
    language::check(view, out);
    license::check(view, out);
    namespace::check(view, out);
    phone::check(view, out);
    lifecycle::check(view, out);
    unmapped::check(view, out);
}
