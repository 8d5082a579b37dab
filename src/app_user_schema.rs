//! Where Okta puts each app user attribute in the SCIM body: the `externalName` and
//! `externalNamespace` of the Dialpad app's user schema (Okta Schemas API), or, when none is
//! given, those of Okta's SCIM 2.0 app template with Dialpad's custom attributes in the
//! enterprise extension (RULES.md sections 2 and 4).

use crate::input::{CORE_USER_URN, ENTERPRISE_URN};
use crate::json::{self, Node};

/// One app user attribute and where its value goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The attribute's variable name in the app user profile (what a mapping names).
    pub attribute: String,
    /// Its path in the SCIM resource: `userName`, `name.givenName`, `emails.^[primary==true].value`.
    pub external_name: String,
    /// Its schema URN; `None` when the schema gives none, and Okta drops the attribute.
    pub namespace: Option<String>,
    /// JSON Pointer of the property in the given schema; `None` for an assumed attribute.
    pub pointer: Option<String>,
}

impl Target {
    /// True when the attribute goes in the core User resource (top level of the body).
    pub fn is_core(&self) -> bool {
        self.namespace.as_deref().is_some_and(|namespace| namespace.eq_ignore_ascii_case(CORE_USER_URN))
    }
}

/// The attributes of Okta's SCIM 2.0 template as its Profile Editor shows them (variable,
/// external name, namespace). Emails and phone numbers use the template's selection syntax;
/// the addresses follow the same pattern (an assumption: no Okta page lists them).
const TEMPLATE: &[(&str, &str, &str)] = &[
    ("userName", "userName", CORE_USER_URN),
    ("givenName", "name.givenName", CORE_USER_URN),
    ("familyName", "name.familyName", CORE_USER_URN),
    ("middleName", "name.middleName", CORE_USER_URN),
    ("honorificPrefix", "name.honorificPrefix", CORE_USER_URN),
    ("honorificSuffix", "name.honorificSuffix", CORE_USER_URN),
    ("email", "emails.^[primary==true].value", CORE_USER_URN),
    ("emailType", "emails.^[primary==true].type", CORE_USER_URN),
    ("secondEmail", "emails.^[primary==false].value", CORE_USER_URN),
    ("title", "title", CORE_USER_URN),
    ("displayName", "displayName", CORE_USER_URN),
    ("nickName", "nickName", CORE_USER_URN),
    ("profileUrl", "profileUrl", CORE_USER_URN),
    ("primaryPhone", "phoneNumbers.^[primary==true].value", CORE_USER_URN),
    ("primaryPhoneType", "phoneNumbers.^[primary==true].type", CORE_USER_URN),
    ("mobilePhone", "phoneNumbers.^[primary==false].value", CORE_USER_URN),
    ("streetAddress", "addresses.^[primary==true].streetAddress", CORE_USER_URN),
    ("locality", "addresses.^[primary==true].locality", CORE_USER_URN),
    ("region", "addresses.^[primary==true].region", CORE_USER_URN),
    ("postalCode", "addresses.^[primary==true].postalCode", CORE_USER_URN),
    ("countryCode", "addresses.^[primary==true].country", CORE_USER_URN),
    ("addressType", "addresses.^[primary==true].type", CORE_USER_URN),
    ("preferredLanguage", "preferredLanguage", CORE_USER_URN),
    ("locale", "locale", CORE_USER_URN),
    ("timezone", "timezone", CORE_USER_URN),
    ("userType", "userType", CORE_USER_URN),
    ("employeeNumber", "employeeNumber", ENTERPRISE_URN),
    ("costCenter", "costCenter", ENTERPRISE_URN),
    ("organization", "organization", ENTERPRISE_URN),
    ("division", "division", ENTERPRISE_URN),
    ("department", "department", ENTERPRISE_URN),
    ("officeName", "officeName", ENTERPRISE_URN),
    ("physicalDeliveryOfficeName", "physicalDeliveryOfficeName", ENTERPRISE_URN),
    ("licenseType", "licenseType", ENTERPRISE_URN),
];

/// The template's attributes that are custom ones of Dialpad's (RULES.md section 4), not Okta's base.
const CUSTOM: [&str; 3] = ["officeName", "physicalDeliveryOfficeName", "licenseType"];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppUserSchema {
    pub targets: Vec<Target>,
    /// No schema was given: the template is assumed.
    pub assumed: bool,
}

impl AppUserSchema {
    pub fn template() -> AppUserSchema {
        let targets = TEMPLATE.iter().map(|&(attribute, external_name, namespace)| template_target(attribute, external_name, namespace)).collect();
        AppUserSchema { targets, assumed: true }
    }

    pub fn target(&self, attribute: &str) -> Option<&Target> {
        self.targets.iter().find(|target| target.attribute == attribute)
    }

    /// Reads an Okta app user schema (`definitions.base` and `definitions.custom`). A base
    /// property without an external name or namespace takes the template's; a custom one
    /// without a namespace has none, as Okta then drops it.
    pub fn read(text: &str) -> Result<AppUserSchema, String> {
        let root = json::parse(text.trim_start_matches('\u{feff}')).map_err(|error| format!("it is not JSON: {}", error.message))?;
        let definitions = root.get("definitions").filter(|node| node.is_object()).ok_or("it has no \"definitions\" object (an Okta app user schema has definitions.base and definitions.custom)")?;
        let mut targets = Vec::new();
        for section in ["base", "custom"] {
            let Some(properties) = definitions.get(section).and_then(|node| node.get("properties")) else { continue };
            for member in properties.members() {
                let pointer = format!("/definitions/{section}/properties/{}", json::escape_pointer_token(&member.key));
                targets.push(schema_target(&member.key, &member.value, section == "base", pointer));
            }
        }
        if targets.is_empty() {
            return Err("it declares no properties in definitions.base or definitions.custom".into());
        }
        // Okta defines the base attributes; a schema that lists only its custom ones (as the
        // Profile Editor's export of custom attributes does) keeps the template's base.
        if definitions.get("base").and_then(|base| base.get("properties")).is_none_or(|properties| properties.members().is_empty()) {
            let base = TEMPLATE.iter().filter(|(attribute, _, _)| !CUSTOM.contains(attribute) && !targets.iter().any(|target| target.attribute == *attribute));
            let base: Vec<Target> = base.map(|&(attribute, external_name, namespace)| template_target(attribute, external_name, namespace)).collect();
            targets.splice(0..0, base);
        }
        Ok(AppUserSchema { targets, assumed: false })
    }
}

fn template_target(attribute: &str, external_name: &str, namespace: &str) -> Target {
    Target { attribute: attribute.to_string(), external_name: external_name.to_string(), namespace: Some(namespace.to_string()), pointer: None }
}

fn schema_target(attribute: &str, definition: &Node<'_>, base: bool, pointer: String) -> Target {
    let template = base.then(|| TEMPLATE.iter().find(|(name, _, _)| *name == attribute)).flatten();
    let given = |key: &str| definition.get(key).and_then(Node::as_str).map(str::trim).filter(|text| !text.is_empty()).map(str::to_string);
    let external_name = given("externalName").or_else(|| template.map(|(_, name, _)| name.to_string())).unwrap_or_else(|| attribute.to_string());
    let namespace = given("externalNamespace").or_else(|| template.map(|(_, _, namespace)| namespace.to_string()));
    Target { attribute: attribute.to_string(), external_name, namespace, pointer: Some(pointer) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_given_schema_keeps_its_names_and_fills_base_gaps_from_the_template() {
        let text = r#"{"definitions":{"base":{"properties":{"userName":{"type":"string"},"givenName":{"externalName":"name.givenName","externalNamespace":"urn:ietf:params:scim:schemas:core:2.0:User"}}},
            "custom":{"properties":{"licenseType":{"type":"string","externalName":"licenseType"},"officeName":{"externalName":"officeName","externalNamespace":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"}}}}}"#;
        let schema = AppUserSchema::read(text).unwrap();
        assert!(!schema.assumed);
        assert_eq!(schema.target("userName").unwrap().external_name, "userName");
        assert!(schema.target("userName").unwrap().is_core());
        assert_eq!(schema.target("licenseType").unwrap().namespace, None, "a custom attribute without a namespace has none");
        assert_eq!(schema.target("officeName").unwrap().pointer.as_deref(), Some("/definitions/custom/properties/officeName"));
        assert!(AppUserSchema::read("{}").unwrap_err().contains("definitions"));
        let custom_only = AppUserSchema::read(r#"{"definitions":{"custom":{"properties":{"licenseType":{"externalName":"licenseType"}}}}}"#).unwrap();
        assert_eq!(custom_only.target("givenName").unwrap().external_name, "name.givenName", "the base comes from the template");
        assert!(custom_only.target("officeName").is_none(), "custom attributes do not");
        assert!(AppUserSchema::read("{").unwrap_err().contains("not JSON"));
    }

    #[test]
    fn the_template_puts_dialpad_attributes_in_the_enterprise_extension() {
        let template = AppUserSchema::template();
        assert!(template.assumed);
        for attribute in ["officeName", "licenseType", "department", "physicalDeliveryOfficeName"] {
            assert_eq!(template.target(attribute).unwrap().namespace.as_deref(), Some(ENTERPRISE_URN), "{attribute}");
        }
        assert_eq!(template.target("countryCode").unwrap().external_name, "addresses.^[primary==true].country");
    }
}
