//! One view of a user record whatever its kind: where each attribute Dialpad reads was found
//! (RULES.md section 2), which attributes it ignores, and which sit where Dialpad never looks.

use crate::diagnostic::Location;
use crate::input::{Kind, Record, ENTERPRISE_URN};
use crate::json::{escape_pointer_token, Node, Span};
use crate::text::ascii_lowercase;
use std::borrow::Cow;
use std::rc::Rc;

/// An attribute found in the record: its value and where it is. The JSON Pointer is kept as
/// its parent (see [`Parent`]) and its own last token, and written out only when a diagnostic
/// or a mapping needs it: most attributes of a clean record never do.
#[derive(Clone, Debug)]
pub struct Attr<'n, 'a> {
    pub node: &'n Node<'a>,
    parent: Parent<'n>,
    token: Cow<'n, str>,
    /// The attribute's name as the record spells it (for messages).
    pub name: Cow<'n, str>,
    pub key_span: Option<Span>,
}

impl Attr<'_, '_> {
    /// The RFC 6901 JSON Pointer of the value.
    pub fn pointer(&self) -> String {
        let mut pointer = String::with_capacity(64);
        self.parent.write(&mut pointer);
        pointer.push('/');
        pointer.push_str(&escape_pointer_token(&self.token));
        pointer
    }

    /// The pointer of the object or array that holds the value.
    pub fn parent_pointer(&self) -> Cow<'_, str> {
        match &self.parent {
            Parent::Record(pointer) => Cow::Borrowed(pointer),
            Parent::Shared(pointer) => Cow::Borrowed(pointer),
            within => {
                let mut pointer = String::with_capacity(64);
                within.write(&mut pointer);
                Cow::Owned(pointer)
            }
        }
    }

    /// Location of the value.
    pub fn at(&self) -> Location {
        Location { pointer: self.pointer(), span: Some(self.node.span) }
    }

    /// Location of the key, falling back to the value when the key has no text.
    pub fn key_at(&self) -> Location {
        Location { pointer: self.pointer(), span: self.key_span.or(Some(self.node.span)) }
    }

    pub fn text(&self) -> Option<&str> {
        self.node.as_str()
    }
}

/// Where an attribute's parent is. Every attribute of an object shares its parent; the objects
/// inside a record (a profile, `name`, an address, the enterprise extension) are named by their
/// place below the record's own pointer, so reading a record writes no pointer at all. (Kept
/// small: every attribute of every record carries one.)
#[derive(Clone, Debug)]
enum Parent<'n> {
    /// The record's own pointer.
    Record(&'n str),
    /// A pointer written out here, shared by the attributes below it.
    Shared(Rc<str>),
    /// The object at `token` below the record, or with `index` (not `NO_INDEX`), that array's
    /// element.
    Within { record: &'n str, token: &'n str, index: u32 },
}

const NO_INDEX: u32 = u32::MAX;

impl<'n> Parent<'n> {
    fn write(&self, out: &mut String) {
        match self {
            Parent::Record(pointer) => out.push_str(pointer),
            Parent::Shared(pointer) => out.push_str(pointer),
            Parent::Within { record, token, index } => {
                out.push_str(record);
                out.push('/');
                out.push_str(&escape_pointer_token(token));
                if *index != NO_INDEX {
                    crate::json::push_index_token(out, *index as usize);
                }
            }
        }
    }

    /// The parent of the attributes inside `attr` (or inside its `index`th element).
    fn inside(attr: &Attr<'n, '_>, index: Option<usize>) -> Parent<'n> {
        let small_index = index.map_or(Some(NO_INDEX), |index| u32::try_from(index).ok().filter(|&index| index != NO_INDEX));
        match (&attr.parent, &attr.token, small_index) {
            (Parent::Record(record), Cow::Borrowed(token), Some(index)) => Parent::Within { record, token, index },
            // An object within an object within the record (or a token made here): its
            // pointer is written out once, for its attributes to share.
            _ => {
                let mut pointer = attr.pointer();
                if let Some(index) = index {
                    crate::json::push_index_token(&mut pointer, index);
                }
                Parent::Shared(Rc::from(pointer))
            }
        }
    }
}

/// The custom attributes Dialpad reads from the enterprise extension (RULES.md section 4),
/// plus `department`, which RFC 7643 also defines there.
pub const ENTERPRISE_ATTRIBUTES: [&str; 4] = ["officeName", "physicalDeliveryOfficeName", "department", "licenseType"];

/// An attribute Dialpad reads, found where Dialpad does not look for it.
#[derive(Clone, Debug)]
pub struct Misplaced<'n, 'a> {
    pub attr: Attr<'n, 'a>,
    /// The URN it sits under, `None` at the top level.
    pub under: Option<String>,
}

/// An attribute a PATCH removes.
#[derive(Clone, Debug)]
pub struct Removal {
    pub attribute: &'static str,
    pub at: Location,
}

#[derive(Clone, Debug, Default)]
pub struct UserView<'n, 'a> {
    pub kind: Option<Kind>,
    /// Where a missing attribute belongs: the profile object, or the SCIM resource (see
    /// [`UserView::home`]).
    home: Option<(Parent<'n>, Span)>,
    /// A create or a full replacement: attributes Dialpad requires must be present.
    pub complete: bool,
    /// A change to an existing user (a PUT with an `id`, or a PATCH).
    pub update: bool,
    pub first_name: Option<Attr<'n, 'a>>,
    pub last_name: Option<Attr<'n, 'a>>,
    pub login: Option<Attr<'n, 'a>>,
    pub email: Option<Attr<'n, 'a>>,
    pub title: Option<Attr<'n, 'a>>,
    pub language: Option<Attr<'n, 'a>>,
    pub department: Option<Attr<'n, 'a>>,
    pub office_name: Option<Attr<'n, 'a>>,
    pub physical_office: Option<Attr<'n, 'a>>,
    pub license: Option<Attr<'n, 'a>>,
    /// Every country found, in order; see [`UserView::country`].
    pub countries: Vec<Attr<'n, 'a>>,
    pub phones: Vec<Attr<'n, 'a>>,
    pub active: Option<Attr<'n, 'a>>,
    /// Okta's user status (Users API objects only).
    pub status: Option<Attr<'n, 'a>>,
    pub unmapped: Vec<Attr<'n, 'a>>,
    pub misplaced: Vec<Misplaced<'n, 'a>>,
    pub removals: Vec<Removal>,
}

impl<'n, 'a> UserView<'n, 'a> {
    /// Where a missing attribute belongs: the profile object, or the SCIM resource; its pointer
    /// is written when a finding asks for it.
    pub fn home(&self) -> Location {
        match &self.home {
            Some((parent, span)) => {
                let mut pointer = String::new();
                parent.write(&mut pointer);
                Location { pointer, span: Some(*span) }
            }
            None => Location::default(),
        }
    }

    /// The country Dialpad uses: Okta sends countryCode as the work address's country.
    pub fn country(&self) -> Option<&Attr<'n, 'a>> {
        self.countries.first()
    }

    /// The office attributes in the order Dialpad tries them (RULES.md section 5 step 1).
    pub fn office_attributes(&self) -> [(&'static str, Option<&Attr<'n, 'a>>); 3] {
        [
            ("officeName", self.office_name.as_ref()),
            ("physicalDeliveryOfficeName", self.physical_office.as_ref()),
            ("department", self.department.as_ref()),
        ]
    }

    /// The first office attribute that holds text: the one Dialpad tries first.
    pub fn office_attribute(&self) -> Option<&Attr<'n, 'a>> {
        self.office_attributes().into_iter().find_map(|(_, attr)| attr.filter(|attr| crate::rules::values::text(attr).is_some()))
    }

    pub fn license_text(&self) -> Option<&str> {
        self.license.as_ref().and_then(Attr::text)
    }

    /// Files an attribute under the Dialpad field it feeds; a later duplicate wins, as in
    /// JSON.parse. A null is an unset attribute (Okta sends unset attributes as null).
    fn put(&mut self, field: Field, attr: Attr<'n, 'a>) {
        if matches!(attr.node.value, crate::json::Value::Null) {
            return;
        }
        let slot = match field {
            Field::Country => return self.countries.push(attr),
            Field::Phone => return self.phones.push(attr),
            Field::Unmapped => return self.unmapped.push(attr),
            Field::FirstName => &mut self.first_name,
            Field::LastName => &mut self.last_name,
            Field::Login => &mut self.login,
            Field::Email => &mut self.email,
            Field::Title => &mut self.title,
            Field::Language => &mut self.language,
            Field::Department => &mut self.department,
            Field::OfficeName => &mut self.office_name,
            Field::PhysicalOffice => &mut self.physical_office,
            Field::License => &mut self.license,
            Field::Active => &mut self.active,
        };
        *slot = Some(attr);
    }
}

/// The Dialpad field an attribute feeds (RULES.md section 2), named once where the attribute
/// is read rather than matched by name again when it is filed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    FirstName,
    LastName,
    Login,
    Email,
    Title,
    Language,
    Department,
    OfficeName,
    PhysicalOffice,
    License,
    Country,
    Phone,
    Active,
    Unmapped,
}

impl Field {
    /// The field of an enterprise extension attribute, spelled as RULES.md spells it (one of
    /// `ENTERPRISE_ATTRIBUTES`; a test checks they agree).
    fn of_enterprise(attribute: &str) -> Field {
        match attribute {
            "officeName" => Field::OfficeName,
            "physicalDeliveryOfficeName" => Field::PhysicalOffice,
            "department" => Field::Department,
            "licenseType" => Field::License,
            _ => Field::Unmapped,
        }
    }
}

pub fn child_pointer(parent: &str, key: &str) -> String {
    let mut pointer = String::with_capacity(parent.len() + key.len() + 1);
    pointer.push_str(parent);
    pointer.push('/');
    pointer.push_str(&escape_pointer_token(key));
    pointer
}

/// Reads a record of kind okta-user, scim-user or scim-patch.
pub fn view<'n, 'a>(record: &'n Record<'a>, update_override: Option<bool>) -> UserView<'n, 'a> {
    let mut view = UserView { kind: Some(record.kind), ..UserView::default() };
    // An Okta user's home is its profile object when it has one (read_okta_user sets it).
    if record.kind != Kind::OktaUser {
        view.home = record_home(record);
    }
    match record.kind {
        Kind::OktaUser => read_okta_user(&mut view, record),
        Kind::ScimUser => {
            view.complete = true;
            view.update = record.node.get("id").is_some();
            read_scim_members(&mut view, &record.node, Parent::Record(&record.pointer), "");
        }
        Kind::ScimPatch => {
            view.update = true;
            read_patch(&mut view, &record.node, &record.pointer);
        }
        _ => {}
    }
    if let Some(update) = update_override {
        view.update = update;
    }
    view
}

fn attr<'n, 'a>(node: &'n Node<'a>, parent: &Parent<'n>, token: Cow<'n, str>, name: Cow<'n, str>, key_span: Option<Span>) -> Attr<'n, 'a> {
    Attr { node, parent: parent.clone(), token, name, key_span }
}

/// An attribute that is a member of an object: named by its key.
fn member_attr<'n, 'a>(member: &'n crate::json::Member<'a>, parent: &Parent<'n>) -> Attr<'n, 'a> {
    attr(&member.value, parent, Cow::Borrowed(&member.key), Cow::Borrowed(&member.key), Some(member.key_span))
}

/// Users API metadata beside `profile`: not profile attributes, so neither mapped nor unmapped.
fn is_okta_user_metadata(key: &str) -> bool {
    matches!(
        key,
        "id" | "status" | "created" | "activated" | "statusChanged" | "lastLogin" | "lastUpdated" | "passwordChanged" | "type" | "profile"
            | "credentials" | "_links" | "_embedded" | "realmId" | "transitioningToStatus"
    )
}

/// The Dialpad field an Okta profile attribute feeds; `Unmapped` for one Dialpad does not read.
/// A `match` rather than a table: it is looked up for every attribute of every record.
fn okta_profile_field(key: &str) -> Field {
    match key {
        "firstName" => Field::FirstName,
        "lastName" => Field::LastName,
        "login" => Field::Login,
        "email" => Field::Email,
        "title" => Field::Title,
        "preferredLanguage" => Field::Language,
        "countryCode" => Field::Country,
        "department" => Field::Department,
        "officeName" => Field::OfficeName,
        "physicalDeliveryOfficeName" => Field::PhysicalOffice,
        "licenseType" => Field::License,
        "primaryPhone" | "mobilePhone" | "extension" => Field::Phone,
        _ => Field::Unmapped,
    }
}

/// The record as a whole, where a missing attribute belongs.
fn record_home<'n>(record: &'n Record<'_>) -> Option<(Parent<'n>, Span)> {
    Some((Parent::Record(&record.pointer), record.node.span))
}

/// Reads an Okta user: a Users API object with a `profile`, whose profile object is then the
/// view's home, or a bare profile.
fn read_okta_user<'n, 'a>(view: &mut UserView<'n, 'a>, record: &'n Record<'a>) {
    view.complete = true;
    let (root, pointer) = (&record.node, record.pointer.as_str());
    let profile = root.member("profile").filter(|member| member.value.is_object());
    let Some(profile) = profile else {
        view.home = record_home(record);
        read_okta_profile(view, root, Parent::Record(pointer));
        return;
    };
    let parent = Parent::Record(pointer);
    for member in root.members() {
        if member.key == "status" {
            view.status = Some(member_attr(member, &parent));
        } else if !is_okta_user_metadata(&member.key) {
            view.put(Field::Unmapped, member_attr(member, &parent));
        }
    }
    let profile_parent = Parent::Within { record: pointer, token: "profile", index: NO_INDEX };
    view.home = Some((profile_parent.clone(), profile.value.span));
    read_okta_profile(view, &profile.value, profile_parent);
}

fn read_okta_profile<'n, 'a>(view: &mut UserView<'n, 'a>, profile: &'n Node<'a>, parent: Parent<'n>) {
    for member in profile.members() {
        view.put(okta_profile_field(&member.key), member_attr(member, &parent));
    }
}

/// SCIM protocol attributes that carry no user data for Dialpad.
const SCIM_PROTOCOL: [&str; 5] = ["schemas", "id", "externalid", "meta", "password"];

/// Reads the members of a SCIM User object (or of a PATCH value object); `path` is the SCIM
/// attribute path of `node` ("" at the top, "name" inside the name object).
fn read_scim_members<'n, 'a>(view: &mut UserView<'n, 'a>, node: &'n Node<'a>, parent: Parent<'n>, path: &str) {
    let mut buffer = [0u8; 64];
    for member in node.members() {
        // The sub-attributes Okta sends, spelled as it spells them, need no joining.
        let member_path = match (path, member.key.as_ref()) {
            ("", key) => Cow::Borrowed(key),
            ("name", "givenName") => Cow::Borrowed("name.givenName"),
            ("name", "familyName") => Cow::Borrowed("name.familyName"),
            ("addresses", "country") => Cow::Borrowed("addresses.country"),
            ("addresses", "type") => Cow::Borrowed("addresses.type"),
            ("addresses", "primary") => Cow::Borrowed("addresses.primary"),
            _ => joined(&mut buffer, &[path, ".", &member.key]),
        };
        read_scim_attribute(view, &member_path, member_attr(member, &parent));
    }
}

/// `parts` joined, in `buffer` when they fit: the paths and pointers made for every attribute
/// of every record need no allocation of their own.
fn joined<'b>(buffer: &'b mut [u8; 64], parts: &[&str]) -> Cow<'b, str> {
    let length: usize = parts.iter().map(|part| part.len()).sum();
    if length > buffer.len() {
        return Cow::Owned(parts.concat());
    }
    let mut at = 0;
    for part in parts {
        buffer[at..at + part.len()].copy_from_slice(part.as_bytes());
        at += part.len();
    }
    // Whole UTF-8 strings joined are UTF-8.
    Cow::Borrowed(std::str::from_utf8(&buffer[..at]).unwrap_or_default())
}

/// Files one SCIM attribute, named by its path ("userName", "name.givenName",
/// "addresses.country", "urn:...:enterprise:2.0:User:licenseType"), as Dialpad reads it.
fn read_scim_attribute<'n, 'a>(view: &mut UserView<'n, 'a>, path: &str, found: Attr<'n, 'a>) {
    // The spellings of RFC 7643 and Okta, nearly every attribute of every body, filed as the
    // case-insensitive reading below files them, without lower-casing the path first.
    match path {
        "schemas" | "id" | "externalId" | "meta" | "password" | "emails.type" | "emails.primary" | "addresses.type" | "addresses.primary" => return,
        "userName" => return view.put(Field::Login, found),
        "name.givenName" => return view.put(Field::FirstName, found),
        "name.familyName" => return view.put(Field::LastName, found),
        "title" => return view.put(Field::Title, found),
        "preferredLanguage" => return view.put(Field::Language, found),
        "addresses.country" => return view.put(Field::Country, found),
        "active" => return view.put(Field::Active, found),
        "name" | "emails" | "addresses" if found.node.is_object() || !found.node.elements().is_empty() => return read_scim_compound(view, path, found),
        _ => {}
    }
    if let Some((urn, attribute)) = extension_urn(path) {
        read_extension(view, urn, attribute, found);
        return;
    }
    let mut buffer = [0u8; 64];
    let lower = ascii_lowercase(path, &mut buffer);
    let node = found.node;
    match lower.as_ref() {
        _ if SCIM_PROTOCOL.contains(&lower.as_ref()) || is_multi_valued_metadata(&lower) => {}
        "username" => view.put(Field::Login, found),
        "name" | "emails" | "addresses" if node.is_object() || !node.elements().is_empty() => read_scim_compound(view, &lower, found),
        "name.givenname" => view.put(Field::FirstName, found),
        "name.familyname" => view.put(Field::LastName, found),
        "emails.value" => view.put(Field::Email, found),
        "title" => view.put(Field::Title, found),
        "preferredlanguage" => view.put(Field::Language, found),
        "addresses.country" => view.put(Field::Country, found),
        "active" => view.put(Field::Active, found),
        _ if is_phone_path(&lower) => view.put(Field::Phone, found),
        _ => match ENTERPRISE_ATTRIBUTES.iter().find(|attribute| attribute.eq_ignore_ascii_case(&lower)) {
            Some(_) => view.misplaced.push(Misplaced { attr: found, under: None }),
            None => view.put(Field::Unmapped, found),
        },
    }
}

/// name, emails and addresses: objects or arrays of objects whose members are read in turn.
fn read_scim_compound<'n, 'a>(view: &mut UserView<'n, 'a>, path: &str, found: Attr<'n, 'a>) {
    match path {
        "name" => read_scim_members(view, found.node, Parent::inside(&found, None), "name"),
        "emails" => {
            // Dialpad's Email comes from userName; `email` is only compared with it, so take the
            // primary address as Okta marks it, or the first.
            let items = found.node.elements();
            let primary = |item: &Node<'_>| matches!(member_in_any_case(item, "primary").map(|member| &member.value.value), Some(crate::json::Value::Bool(true)));
            let chosen = items.iter().position(primary).unwrap_or(0);
            if let Some(value) = items.get(chosen).and_then(|item| member_in_any_case(item, "value")) {
                let parent = Parent::inside(&found, Some(chosen));
                view.put(Field::Email, attr(&value.value, &parent, Cow::Borrowed(&value.key), Cow::Borrowed("emails.value"), Some(value.key_span)));
            }
        }
        _ => {
            for (index, item) in found.node.elements().iter().enumerate() {
                read_scim_members(view, item, Parent::inside(&found, Some(index)), "addresses");
            }
        }
    }
}

/// The member named `name` in any case, as SCIM reads attribute names (RFC 7643 section 2.1);
/// the last one, as for a duplicated key.
fn member_in_any_case<'n, 'a>(node: &'n Node<'a>, name: &str) -> Option<&'n crate::json::Member<'a>> {
    node.members().iter().rev().find(|member| member.key.eq_ignore_ascii_case(name))
}

/// Sub-attributes that describe an entry of a multi-valued attribute rather than hold data.
fn is_multi_valued_metadata(path: &str) -> bool {
    path.contains('.') && matches!(path.rsplit('.').next(), Some("type" | "primary" | "display"))
}

/// Splits an extension attribute path into its URN and the attribute after it. For the
/// enterprise URN the split is known; for any other URN the whole path is returned and
/// `read_extension` decides from the value whether it names the extension object.
fn extension_urn(path: &str) -> Option<(&str, &str)> {
    if !path.get(..4).is_some_and(|prefix| prefix.eq_ignore_ascii_case("urn:")) {
        return None;
    }
    match path.get(..ENTERPRISE_URN.len()) {
        // Spelled exactly, as nearly always: compared as bytes before folding case.
        Some(urn) if urn == ENTERPRISE_URN || urn.eq_ignore_ascii_case(ENTERPRISE_URN) => Some((urn, path[urn.len()..].trim_start_matches(':'))),
        _ => Some((path, "")),
    }
}

/// Reads an attribute under an extension URN: the enterprise one is where Dialpad looks,
/// any other holds values Dialpad never sees.
fn read_extension<'n, 'a>(view: &mut UserView<'n, 'a>, urn: &str, attribute: &str, found: Attr<'n, 'a>) {
    // Split only when it can matter: the URN is searched backwards for its last colon.
    let (urn, attribute) = match (attribute.is_empty() && !found.node.is_object()).then(|| urn.rsplit_once(':')).flatten() {
        Some((prefix, last)) => (prefix, last),
        None => (urn, attribute),
    };
    if attribute.is_empty() {
        let parent = Parent::inside(&found, None);
        for member in found.node.members() {
            if member.value.is_object() {
                // A complex attribute (the enterprise `manager`): its path is read as a whole.
                let path = format!("{urn}:{}", member.key);
                read_scim_attribute(view, &path, member_attr(member, &parent));
            } else {
                read_extension(view, urn, &member.key, member_attr(member, &parent));
            }
        }
        return;
    }
    // The enterprise attributes Dialpad reads, spelled as RULES.md spells them.
    let field = if urn == ENTERPRISE_URN { Field::of_enterprise(attribute) } else { Field::Unmapped };
    if field != Field::Unmapped {
        view.put(field, found);
        return;
    }
    let mut buffer = [0u8; 64];
    if is_phone_path(&ascii_lowercase(attribute, &mut buffer)) {
        view.put(Field::Phone, found);
        return;
    }
    // Spelled otherwise, or under another URN: where Dialpad does not look.
    if ENTERPRISE_ATTRIBUTES.iter().any(|name| name.eq_ignore_ascii_case(attribute)) {
        view.misplaced.push(Misplaced { attr: found, under: Some(urn.to_string()) });
    } else {
        view.put(Field::Unmapped, found);
    }
}

/// phoneNumbers (any sub-attribute) and an `extension` attribute: both are Dialpad's to assign.
fn is_phone_path(lower: &str) -> bool {
    lower == "phonenumbers" || lower.starts_with("phonenumbers.") || lower == "extension"
}

fn read_patch<'n, 'a>(view: &mut UserView<'n, 'a>, root: &'n Node<'a>, pointer: &str) {
    let Some(operations) = root.get("Operations") else { return };
    let operations_pointer = child_pointer(pointer, "Operations");
    for (index, operation) in operations.elements().iter().enumerate() {
        let op_pointer = child_pointer(&operations_pointer, &index.to_string());
        read_operation(view, operation, &op_pointer);
    }
}

fn read_operation<'n, 'a>(view: &mut UserView<'n, 'a>, operation: &'n Node<'a>, pointer: &str) {
    let op = operation.get("op").and_then(Node::as_str).unwrap_or("").to_ascii_lowercase();
    let path = operation.get("path").and_then(Node::as_str).map(strip_filters);
    let value = operation.member("value");
    if op == "remove" {
        if let Some(path) = path {
            let at = Location { pointer: child_pointer(pointer, "path"), span: operation.get("path").map(|node| node.span) };
            record_removal(view, &path, at);
        }
        return;
    }
    let Some(value) = value else { return };
    let parent = Parent::Shared(Rc::from(pointer));
    match path {
        Some(path) => {
            let name = path.rsplit(['.', ':']).next().unwrap_or(&path).to_string();
            read_scim_attribute(view, &path, attr(&value.value, &parent, Cow::Borrowed("value"), Cow::Owned(name), Some(value.key_span)));
        }
        None => read_scim_members(view, &value.value, Parent::Shared(Rc::from(child_pointer(pointer, "value"))), ""),
    }
}

/// `addresses[type eq "work"].country` -> `addresses.country`: the filter does not change
/// which attribute is written.
fn strip_filters(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0usize;
    for c in path.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn record_removal(view: &mut UserView<'_, '_>, path: &str, at: Location) {
    let lower = path.to_ascii_lowercase();
    let attribute = if lower.ends_with("licensetype") {
        "licenseType"
    } else if is_phone_path(lower.rsplit(':').next().unwrap_or(&lower)) {
        "phoneNumbers"
    } else {
        return;
    };
    view.removals.push(Removal { attribute, at });
}

/// A SCIM body's view with each attribute's node kept as its route from the body's root: a
/// body of the same shape, whose values are texts in the same places, has the same view with
/// its own nodes (the reader's choices depend on the body's members and the kinds of its
/// values, and on booleans, the `primary` of an email, never on a text). A simulated body of a
/// kept shape gets its view from the plan instead of being read again.
pub struct ViewPlan {
    kind: Option<Kind>,
    home: Option<(PlannedParent, Span)>,
    complete: bool,
    update: bool,
    /// Each attribute, and where the view files it.
    attrs: Vec<(Slot, PlannedAttr)>,
}

/// Where a view files an attribute.
enum Slot {
    Field(Field),
    Status,
    /// Among the misplaced ones, with the URN it sits under.
    Misplaced(Option<String>),
}

/// An attribute of a view, its node named by its route.
struct PlannedAttr {
    route: Vec<usize>,
    parent: PlannedParent,
    token: Box<str>,
    name: Box<str>,
    key_span: Option<Span>,
}

/// A [`Parent`], its record's pointer left to the record it is used with.
enum PlannedParent {
    Record,
    Shared(Rc<str>),
    Within { token: Box<str>, index: u32 },
}

impl ViewPlan {
    /// The plan of `view`, read from `record`: none for a view it cannot say again (a PATCH's
    /// removals, or a node not found in the record).
    pub fn of(view: &UserView<'_, '_>, record: &Record<'_>) -> Option<ViewPlan> {
        if !view.removals.is_empty() {
            return None;
        }
        let singles = [
            (Field::FirstName, &view.first_name),
            (Field::LastName, &view.last_name),
            (Field::Login, &view.login),
            (Field::Email, &view.email),
            (Field::Title, &view.title),
            (Field::Language, &view.language),
            (Field::Department, &view.department),
            (Field::OfficeName, &view.office_name),
            (Field::PhysicalOffice, &view.physical_office),
            (Field::License, &view.license),
            (Field::Active, &view.active),
        ];
        let lists = [(Field::Country, &view.countries), (Field::Phone, &view.phones), (Field::Unmapped, &view.unmapped)];
        let mut attrs = Vec::new();
        for (field, attr) in singles.into_iter().filter_map(|(field, attr)| Some((field, attr.as_ref()?))).chain(lists.into_iter().flat_map(|(field, list)| list.iter().map(move |attr| (field, attr)))) {
            attrs.push((Slot::Field(field), PlannedAttr::of(attr, &record.node)?));
        }
        if let Some(status) = &view.status {
            attrs.push((Slot::Status, PlannedAttr::of(status, &record.node)?));
        }
        for misplaced in &view.misplaced {
            attrs.push((Slot::Misplaced(misplaced.under.clone()), PlannedAttr::of(&misplaced.attr, &record.node)?));
        }
        let home = view.home.as_ref().map(|(parent, span)| (PlannedParent::of(parent), *span));
        Some(ViewPlan { kind: view.kind, home, complete: view.complete, update: view.update, attrs })
    }

    /// The view of `record`, a body of the shape this plan was made from; none when a place
    /// is not found in it.
    pub fn view_of<'n, 'a>(&'n self, record: &'n Record<'a>) -> Option<UserView<'n, 'a>> {
        let pointer = record.pointer.as_str();
        let mut view = UserView { kind: self.kind, complete: self.complete, update: self.update, ..UserView::default() };
        view.home = self.home.as_ref().map(|(parent, span)| (parent.parent(pointer), *span));
        for (slot, planned) in &self.attrs {
            let attr = planned.attr(&record.node, pointer)?;
            match slot {
                Slot::Field(field) => view.put(*field, attr),
                Slot::Status => view.status = Some(attr),
                Slot::Misplaced(under) => view.misplaced.push(Misplaced { attr, under: under.clone() }),
            }
        }
        Some(view)
    }
}

impl PlannedAttr {
    fn of(attr: &Attr<'_, '_>, root: &Node<'_>) -> Option<PlannedAttr> {
        Some(PlannedAttr { route: root.route_to(attr.node)?, parent: PlannedParent::of(&attr.parent), token: attr.token.as_ref().into(), name: attr.name.as_ref().into(), key_span: attr.key_span })
    }

    fn attr<'n, 'a>(&'n self, root: &'n Node<'a>, pointer: &'n str) -> Option<Attr<'n, 'a>> {
        Some(Attr { node: root.at_route(&self.route)?, parent: self.parent.parent(pointer), token: Cow::Borrowed(&self.token), name: Cow::Borrowed(&self.name), key_span: self.key_span })
    }
}

impl PlannedParent {
    fn of(parent: &Parent<'_>) -> PlannedParent {
        match parent {
            Parent::Record(_) => PlannedParent::Record,
            Parent::Shared(pointer) => PlannedParent::Shared(Rc::clone(pointer)),
            Parent::Within { token, index, .. } => PlannedParent::Within { token: (*token).into(), index: *index },
        }
    }

    fn parent<'n>(&'n self, record: &'n str) -> Parent<'n> {
        match self {
            PlannedParent::Record => Parent::Record(record),
            PlannedParent::Shared(pointer) => Parent::Shared(Rc::clone(pointer)),
            PlannedParent::Within { token, index } => Parent::Within { record, token, index: *index },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::read;

    fn with_view(text: &str, check: impl Fn(&UserView)) {
        let document = read(text, None, None);
        let view = view(&document.records[0], None);
        check(&view);
    }

    /// A view said again from its plan is the view read: every attribute, where it is filed,
    /// its pointer, name and places, in bodies with compounds, extensions, misplaced and
    /// unmapped attributes, phones, and pointers written out for objects deeper down.
    #[test]
    fn a_view_planned_from_a_body_is_the_view_read_from_it() {
        let bodies = [
            r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a@b.co","name":{"givenName":"A","familyName":"B"},"emails":[{"primary":true,"value":"a@b.co","type":"work"}],"active":true}"#,
            r#"{"userName":"a@b.co","emails":[{"value":"x@b.co"},{"primary":true,"value":"a@b.co"}],"addresses":[{"type":"work","country":"US"},{"country":"DE"}],"phoneNumbers":[{"value":"+1 555"}],"nickName":"A","officeName":"HQ"}"#,
            r#"{"userName":"a@b.co","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"licenseType":"dialpad_talk","officeName":"HQ","manager":{"value":"x"},"costCenter":"7"},"urn:example:custom:2.0:User":{"licenseType":"x"},"id":"7"}"#,
            r#"{"UserName":"a@b.co","Name":{"GivenName":"A"},"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department":"Sales","x":{"y":{"z":1}}}"#,
        ];
        for body in bodies {
            let document = read(body, Some(crate::input::Format::Json), Some(Kind::ScimUser));
            let record = &document.records[0];
            for update in [None, Some(true)] {
                let read = view(record, update);
                let plan = ViewPlan::of(&read, record).expect("a plan");
                let again = plan.view_of(record).expect("every place found");
                assert_eq!(format!("{again:?}"), format!("{read:?}"), "{body}");
                let pointers = |view: &UserView| view.unmapped.iter().chain(&view.countries).chain(&view.phones).chain(view.misplaced.iter().map(|misplaced| &misplaced.attr)).map(Attr::pointer).collect::<Vec<_>>();
                assert_eq!(pointers(&again), pointers(&read));
                assert_eq!(again.home(), read.home());
            }
        }
    }

    #[test]
    fn okta_profile_attributes_are_filed() {
        with_view(r#"{"id":"00u1","status":"ACTIVE","profile":{"login":"a@b.co","firstName":"A","countryCode":"US","nickName":"Al"}}"#, |view| {
            assert_eq!(view.login.as_ref().unwrap().pointer(), "/profile/login");
            assert_eq!(view.country().unwrap().text(), Some("US"));
            assert_eq!(view.unmapped.iter().map(Attr::pointer).collect::<Vec<_>>(), ["/profile/nickName"]);
            assert!(view.status.is_some());
        });
    }

    #[test]
    fn every_enterprise_attribute_feeds_a_field() {
        assert!(ENTERPRISE_ATTRIBUTES.iter().all(|name| Field::of_enterprise(name) != Field::Unmapped));
        assert_eq!(Field::of_enterprise("officename"), Field::Unmapped, "spelled as RULES.md spells it");
    }

    /// Every attribute's pointer and its parent's, written from where it was found: the record
    /// itself, an object inside it (the profile, `name`, an element of `emails` or `addresses`,
    /// an extension), and an object inside a PATCH value; in a batch, below the record's index.
    #[test]
    fn pointers_are_written_from_where_each_attribute_was_found() {
        let urn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
        let batch = format!(r#"[{{}}, {{"schemas":[],"userName":"a@b.co","name":{{"givenName":"A"}},"emails":[{{"value":"x@b.co"}},{{"value":"a@b.co","primary":true}}],"addresses":[{{"country":"US"}}],"{urn}":{{"licenseType":"l","a/b~c":"d"}}}}]"#);
        let document = read(&batch, None, Some(Kind::Batch));
        let record = document.records.iter().find(|record| record.index == Some(1)).unwrap();
        let scim = view(record, None);
        assert_eq!(scim.login.as_ref().unwrap().pointer(), "/1/userName");
        assert_eq!(scim.login.as_ref().unwrap().parent_pointer(), "/1");
        assert_eq!(scim.first_name.as_ref().unwrap().pointer(), "/1/name/givenName");
        assert_eq!(scim.email.as_ref().unwrap().pointer(), "/1/emails/1/value");
        assert_eq!(scim.email.as_ref().unwrap().parent_pointer(), "/1/emails/1");
        assert_eq!(scim.country().unwrap().pointer(), "/1/addresses/0/country");
        assert_eq!(scim.license.as_ref().unwrap().pointer(), format!("/1/{urn}/licenseType"));
        assert_eq!(scim.unmapped.iter().map(Attr::pointer).collect::<Vec<_>>(), [format!("/1/{urn}/a~1b~0c")]);
        with_view(r#"{"profile":{"login":"a@b.co"}}"#, |view| assert_eq!(view.login.as_ref().unwrap().parent_pointer(), "/profile"));
        let patch = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","value":{"name":{"familyName":"B"},"addresses":[{"country":"DE"}]}}]}"#;
        let document = read(patch, None, None);
        let patched = view(&document.records[0], None);
        assert_eq!(patched.last_name.as_ref().unwrap().pointer(), "/Operations/0/value/name/familyName");
        assert_eq!(patched.country().unwrap().pointer(), "/Operations/0/value/addresses/0/country");
    }

    /// The exact spellings read without lower-casing are filed as the case-insensitive reading
    /// files the same attributes spelled otherwise, the primary email's "value" and "primary"
    /// too (they were looked up only as spelled, so "EMAILS":[{"VALUE": ...}] gave no email).
    #[test]
    fn usual_spellings_are_filed_as_any_other_case() {
        let body = |case: fn(&str) -> String| {
            let key = |name: &str| serde_json::to_string(&case(name)).unwrap();
            format!(
                r#"{{{}:["urn:ietf:params:scim:schemas:core:2.0:User"],{}:"x1",{}:"e1",{}:{{}},{}:"p",{}:"a@b.co",{}:{{{}:"A",{}:"B"}},{}:"T",{}:"en",{}:true,
                {}:[{{{}:"other@b.co"}},{{{}:"a@b.co",{}:"work",{}:true}}],{}:[{{{}:"US",{}:"work",{}:true}}],
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{{"licenseType":"dialpad_talk","officeName":"HQ","department":"Ops","physicalDeliveryOfficeName":"P","manager":{{"value":"m"}}}}}}"#,
                key("schemas"), key("id"), key("externalId"), key("meta"), key("password"), key("userName"), key("name"), key("givenName"), key("familyName"),
                key("title"), key("preferredLanguage"), key("active"), key("emails"), key("value"), key("value"), key("type"), key("primary"), key("addresses"), key("country"), key("type"), key("primary"),
            )
        };
        let filed = |text: &str| {
            let document = read(text, None, Some(Kind::ScimUser));
            let view = view(&document.records[0], None);
            let text_of = |attr: &Option<Attr<'_, '_>>| attr.as_ref().and_then(Attr::text).map(str::to_string);
            (
                [&view.login, &view.first_name, &view.last_name, &view.email, &view.title, &view.language, &view.license, &view.office_name, &view.department, &view.physical_office].map(text_of),
                view.countries.iter().map(|attr| attr.text().map(str::to_string)).collect::<Vec<_>>(),
                view.active.is_some(),
                view.unmapped.iter().map(|attr| attr.pointer().to_ascii_lowercase()).collect::<Vec<_>>(),
                view.misplaced.len(),
            )
        };
        let usual = body(|name| name.to_string());
        let upper = body(|name| name.to_ascii_uppercase());
        assert_eq!(filed(&usual), filed(&upper), "{usual}\n{upper}");
        assert_eq!(filed(&usual).0[0].as_deref(), Some("a@b.co"));
        assert_eq!(filed(&usual).0[6].as_deref(), Some("dialpad_talk"));
        assert_eq!(filed(&upper).0[3].as_deref(), Some("a@b.co"), "the primary email, in any case");
    }

    #[test]
    fn scim_attributes_are_filed_from_the_enterprise_extension() {
        let text = r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a@b.co",
            "name":{"givenName":"A","familyName":"B","formatted":"A B"},
            "addresses":[{"type":"work","country":"US","locality":"X"}],
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"licenseType":"dialpad_talk","department":"Ops"},
            "officeName":"Top"}"#;
        with_view(text, |view| {
            assert_eq!(view.first_name.as_ref().unwrap().pointer(), "/name/givenName");
            assert_eq!(view.country().unwrap().pointer(), "/addresses/0/country");
            assert_eq!(view.license_text(), Some("dialpad_talk"));
            assert_eq!(view.misplaced.len(), 1);
            assert_eq!(view.misplaced[0].attr.pointer(), "/officeName");
            let unmapped: Vec<_> = view.unmapped.iter().map(Attr::pointer).collect();
            // "type" describes the address entry; it is not data Dialpad could map.
            assert_eq!(unmapped, ["/name/formatted", "/addresses/0/locality"]);
        });
    }

    #[test]
    fn patch_paths_name_attributes() {
        let text = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
            {"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:licenseType","value":"dialpad_sell"},
            {"op":"replace","path":"addresses[type eq \"work\"].country","value":"USA"},
            {"op":"replace","value":{"active":false}},
            {"op":"remove","path":"phoneNumbers[type eq \"work\"]"}]}"#;
        with_view(text, |view| {
            assert!(view.update);
            assert_eq!(view.license.as_ref().unwrap().pointer(), "/Operations/0/value");
            assert_eq!(view.country().unwrap().text(), Some("USA"));
            assert_eq!(view.active.as_ref().unwrap().pointer(), "/Operations/2/value/active");
            assert_eq!(view.removals[0].attribute, "phoneNumbers");
        });
    }

    #[test]
    fn filters_are_stripped_from_paths() {
        assert_eq!(strip_filters("emails[type eq \"work\"].value"), "emails.value");
    }
}
