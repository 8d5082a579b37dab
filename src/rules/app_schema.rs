//! Okta app user schema (RULES.md section 4): how the custom attributes Dialpad reads are declared.

use super::license::{self, Lookup};
use super::unmapped::UNMAPPED;
use crate::diagnostic::{Diagnostic, Location, Rule, Severity::*};
use crate::input::ENTERPRISE_URN;
use crate::json::{Member, Node};
use crate::user::{child_pointer, ENTERPRISE_ATTRIBUTES};

pub const NAMESPACE: Rule = Rule { code: "schema.namespace", severity: Error, section: "4", summary: "A custom attribute Dialpad reads has an externalNamespace other than the enterprise URN." };
pub const EXTERNAL_NAME: Rule = Rule { code: "schema.external_name", severity: Error, section: "4", summary: "A custom attribute Dialpad reads has an externalName other than the Dialpad attribute name." };
pub const TYPE: Rule = Rule { code: "schema.type", severity: Error, section: "4", summary: "A custom attribute Dialpad reads is not of type string." };
pub const LICENSE_ENUM: Rule = Rule { code: "schema.license_enum", severity: Error, section: "4", summary: "licenseType's enum or oneOf holds a value that is not a license value." };
pub const LICENSE_MISSING: Rule = Rule { code: "schema.license_missing", severity: Info, section: "3", summary: "The schema declares no licenseType: every user gets the account's default license." };
pub const OFFICE_MISSING: Rule = Rule { code: "schema.office_missing", severity: Info, section: "5", summary: "The schema declares neither officeName nor physicalDeliveryOfficeName: the office comes from department or country." };

pub const RULES: &[&Rule] = &[&NAMESPACE, &EXTERNAL_NAME, &TYPE, &LICENSE_ENUM, &LICENSE_MISSING, &OFFICE_MISSING];

pub fn check(root: &Node<'_>, pointer: &str, out: &mut Vec<Diagnostic>) {
    let properties_pointer = ["definitions", "custom", "properties"].iter().fold(pointer.to_string(), |acc, key| child_pointer(&acc, key));
    let properties = root.get("definitions").and_then(|node| node.get("custom")).and_then(|node| node.get("properties"));
    let mut declared = Vec::new();
    for property in properties.map_or(&[][..], Node::members) {
        let at = child_pointer(&properties_pointer, &property.key);
        match dialpad_attribute(property) {
            Some(attribute) => {
                declared.push(attribute);
                check_property(property, attribute, &at, out);
            }
            None => {
                let message = format!("The custom attribute {} is not one Dialpad reads; it is not mapped to any Dialpad field.", property.key);
                out.push(Diagnostic::new(&UNMAPPED, &Location::new(at, property.key_span), message).hint("Nothing to do unless you expected Dialpad to use it."));
            }
        }
    }
    let home = Location::new(properties.map_or_else(|| pointer.to_string(), |_| properties_pointer.clone()), properties.map_or(root.span, |node| node.span));
    if !declared.contains(&"licenseType") {
        let message = "No licenseType custom attribute is declared: every user provisioned to Dialpad gets the account's default license.";
        out.push(Diagnostic::new(&LICENSE_MISSING, &home, message).hint(format!("To choose licenses, add a String attribute licenseType with external namespace {ENTERPRISE_URN}.")));
    }
    if !declared.contains(&"officeName") && !declared.contains(&"physicalDeliveryOfficeName") {
        let message = "Neither officeName nor physicalDeliveryOfficeName is declared: Dialpad picks the office from department, then from the country, then chooses one itself.";
        out.push(Diagnostic::new(&OFFICE_MISSING, &home, message).hint(format!("To choose offices, add a String attribute officeName with external namespace {ENTERPRISE_URN}.")));
    }
}

/// The Dialpad attribute a custom property declares, by its own name or its externalName.
fn dialpad_attribute(property: &Member<'_>) -> Option<&'static str> {
    let external = property.value.get("externalName").and_then(Node::as_str);
    ENTERPRISE_ATTRIBUTES.into_iter().find(|name| name.eq_ignore_ascii_case(&property.key) || external.is_some_and(|external| name.eq_ignore_ascii_case(external)))
}

fn check_property(property: &Member<'_>, attribute: &'static str, pointer: &str, out: &mut Vec<Diagnostic>) {
    let definition = &property.value;
    let field = |key: &str, rule: &'static Rule, expected: &'static str, consequence: &str, out: &mut Vec<Diagnostic>| {
        let found = definition.member(key);
        if found.and_then(|member| member.value.as_str()) == Some(expected) {
            return;
        }
        let (at, shown) = match found {
            Some(member) => (Location::new(child_pointer(pointer, key), member.value.span), member.value.as_str().map_or_else(|| member.value.type_name().to_string(), |text| format!("\"{text}\""))),
            None => (Location::new(pointer.to_string(), property.key_span), "missing".to_string()),
        };
        let message = format!("{} {key} is {shown}, not \"{expected}\": {consequence}", property.key);
        let diagnostic = Diagnostic::new(rule, &at, message).hint(format!("Set {key} to \"{expected}\" in Okta's Profile Editor."));
        out.push(if found.is_some() { diagnostic.suggest(expected) } else { diagnostic });
    };
    field("externalNamespace", &NAMESPACE, ENTERPRISE_URN, "Okta drops attributes without the proper namespace from provisioning messages, so Dialpad never sees the value.", out);
    field("externalName", &EXTERNAL_NAME, attribute, "Dialpad looks for the attribute by this exact name, so it never sees the value.", out);
    field("type", &TYPE, "string", "Dialpad reads this attribute as a string (the FAQ asks for a String attribute).", out);
    if attribute == "licenseType" {
        check_license_choices(definition, pointer, out);
    }
}

/// Every value an `enum` or a `oneOf` of `{const, title}` allows must be a license value.
fn check_license_choices(definition: &Node<'_>, pointer: &str, out: &mut Vec<Diagnostic>) {
    let enum_items = definition.get("enum").map(|node| node.elements().iter().enumerate().map(|(index, item)| (item, format!("{pointer}/enum/{index}"))).collect::<Vec<_>>());
    let one_of_items = definition.get("oneOf").map(|node| {
        node.elements().iter().enumerate().filter_map(|(index, item)| item.get("const").map(|value| (value, format!("{pointer}/oneOf/{index}/const")))).collect::<Vec<_>>()
    });
    for (item, item_pointer) in enum_items.into_iter().chain(one_of_items).flatten() {
        let at = Location::new(item_pointer, item.span);
        let Some(text) = item.as_str() else {
            out.push(Diagnostic::new(&LICENSE_ENUM, &at, format!("licenseType allows {}, but license values are strings.", item.type_name())).hint("List only dialpad_talk, dialpad_lite, dialpad_support, dialpad_sell, dialpad_tfb."));
            continue;
        };
        let (fix, hint) = match license::lookup(text) {
            Lookup::Valid(_) => continue,
            Lookup::Recognised(license) => (Some(license.value), format!("Use \"{}\".", license.value)),
            Lookup::Ambiguous(values) => (None, format!("Use one of {}.", values.join(", "))),
            Lookup::Unknown => (None, "List only dialpad_talk, dialpad_lite, dialpad_support, dialpad_sell, dialpad_tfb.".to_string()),
        };
        let message = format!("licenseType allows \"{text}\", which is not a license value: a user given it gets no license Dialpad recognises.");
        out.push(Diagnostic::new(&LICENSE_ENUM, &at, message).hint(hint).maybe_suggest(fix));
    }
}
