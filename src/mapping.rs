//! What Dialpad user a record becomes (RULES.md section 2): each Dialpad field, its value and
//! the attribute it came from.

use crate::diagnostic::Diagnostic;
use crate::input::Kind;
use crate::rules::{license, names, values};
use crate::user::{Attr, UserView};
use serde::Serialize;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MappedField {
    pub value: Option<String>,
    /// JSON Pointer of the attribute the value came from.
    pub source: Option<String>,
}

impl MappedField {
    fn from(attr: Option<&Attr<'_, '_>>) -> MappedField {
        MappedField { value: attr.and_then(values::text).map(str::to_string), source: attr.map(Attr::pointer) }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Fields {
    pub name: MappedField,
    pub email: MappedField,
    pub office: MappedField,
    pub country: MappedField,
    pub language: MappedField,
    pub job_title: MappedField,
    pub license: MappedField,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mapping {
    pub kind: Kind,
    pub fields: Fields,
    /// The product of the license, when licenseType is a license value.
    pub product: Option<String>,
    /// JSON Pointers of the attributes Dialpad does not read.
    pub unmapped: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Mapping {
    pub fn empty(kind: Kind, diagnostics: Vec<Diagnostic>) -> Mapping {
        Mapping { kind, fields: Fields::default(), product: None, unmapped: Vec::new(), diagnostics }
    }
}

pub fn map(view: &UserView<'_, '_>, kind: Kind, diagnostics: Vec<Diagnostic>) -> Mapping {
    let office = view.office_attribute();
    let license_value = view.license.as_ref().and_then(|attr| attr.text()).and_then(license::license);
    let fields = Fields {
        name: MappedField { value: names::full_name(view), source: name_source(view) },
        email: MappedField::from(view.login.as_ref()),
        office: MappedField::from(office),
        country: MappedField::from(view.country()),
        language: MappedField::from(view.language.as_ref()),
        job_title: MappedField::from(view.title.as_ref()),
        license: MappedField { value: view.license_text().map(str::to_string), source: view.license.as_ref().map(Attr::pointer) },
    };
    Mapping {
        kind,
        fields,
        product: license_value.map(|license| license.product.to_string()),
        unmapped: view.unmapped.iter().map(Attr::pointer).collect(),
        diagnostics,
    }
}

/// Name joins two attributes: its source is the object holding both ("/name" in SCIM,
/// "/profile" in Okta), or the one attribute present.
fn name_source(view: &UserView<'_, '_>) -> Option<String> {
    let parent = |attr: &Attr<'_, '_>| Some(attr.parent_pointer().to_string());
    match (&view.first_name, &view.last_name) {
        (Some(first), Some(last)) if parent(first) == parent(last) => parent(first),
        (Some(one), _) | (None, Some(one)) => Some(one.pointer()),
        (None, None) => None,
    }
}

impl crate::json_out::ToJson for MappedField {
    fn to_json(&self, out: &mut Vec<u8>) {
        crate::json_out::object!(out; "value" => &self.value, "source" => &self.source);
    }
}

impl crate::json_out::ToJson for Fields {
    fn to_json(&self, out: &mut Vec<u8>) {
        crate::json_out::object!(out; "name" => &self.name, "email" => &self.email, "office" => &self.office, "country" => &self.country, "language" => &self.language, "jobTitle" => &self.job_title, "license" => &self.license);
    }
}

impl crate::json_out::ToJson for Mapping {
    fn to_json(&self, out: &mut Vec<u8>) {
        crate::json_out::object!(out; "kind" => &self.kind, "fields" => &self.fields, "product" => &self.product, "unmapped" => &self.unmapped, "diagnostics" => &self.diagnostics);
    }
}
