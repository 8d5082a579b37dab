//! The SCIM body Okta builds from an app user: each attribute's value put at its external name,
//! in its namespace (RULES.md section 4), in the order Okta writes a create request.
//!
//! An external name is read once per mapping into a [`Path`]; each user's body then costs no
//! parsing, and it is built as the reader's [`Node`] tree, borrowing its names from the paths
//! and its values from the app user's, so the rules read it as they read a body pasted in (its
//! spans numbered by `pretty::number_spans`). Where a value went, as a JSON Pointer, is worked
//! out only when a finding about it needs it ([`Path::pointer`]). When no value can change a
//! body's shape ([`shape_is_fixed`]), simulate builds one body per shape and moves each user's
//! values into it along their routes ([`Body::route`]).

use crate::input::CORE_USER_URN;
use crate::json::{escape_pointer_token, Member, Node, Span, Value};
pub use crate::ordered_json::Json;
use std::borrow::Cow;
use std::rc::Rc;

/// One step of an external name.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    Key(Rc<str>),
    /// The element of an array whose `key` holds `value`: SCIM's `emails[type eq "work"]` or
    /// Okta's `emails.^[primary==true]`.
    Select { array: Rc<str>, key: Rc<str>, value: Json },
}

/// Where an attribute goes: its namespace (`None` for the core resource) and its steps.
#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    namespace: Option<Rc<str>>,
    steps: Vec<Step>,
}

impl Path {
    /// Reads `emails.^[primary==true].value` or `addresses[type eq "work"].country` in the
    /// namespace `namespace`; why not when it is not a path this checker can follow.
    pub fn parse(external_name: &str, namespace: &str) -> Result<Path, String> {
        let steps = steps(external_name).ok_or_else(|| format!("the external name \"{external_name}\" is not a path this checker can follow"))?;
        let namespace = (!namespace.eq_ignore_ascii_case(CORE_USER_URN)).then(|| Rc::from(namespace));
        Ok(Path { namespace, steps })
    }

    /// The path as JSON for a caller that builds bodies itself (the wasm boundary's JavaScript):
    /// `[namespace or null, [[0, key] or [1, array, key, value], ...]]`.
    pub fn write_json(&self, out: &mut Vec<u8>) {
        use crate::json_out::{list, string};
        out.push(b'[');
        match &self.namespace {
            Some(namespace) => string(out, namespace),
            None => out.extend_from_slice(b"null"),
        }
        out.push(b',');
        list(out, &self.steps, |out, step| match step {
            Step::Key(key) => {
                out.extend_from_slice(b"[0,");
                string(out, key);
                out.push(b']');
            }
            Step::Select { array, key, value } => {
                out.extend_from_slice(b"[1,");
                string(out, array);
                out.push(b',');
                string(out, key);
                out.push(b',');
                value.write_json(out);
                out.push(b']');
            }
        });
        out.push(b']');
    }

    /// The JSON Pointer of the value this path put in `body` (a body [`Body::finish`] made).
    pub fn pointer(&self, body: &Node<'_>) -> Option<String> {
        let mut pointer = String::with_capacity(64);
        let mut at = body;
        if let Some(namespace) = &self.namespace {
            at = at.get(namespace)?;
            push_token(&mut pointer, namespace);
        }
        for step in &self.steps {
            match step {
                Step::Key(key) => {
                    at = at.get(key)?;
                    push_token(&mut pointer, key);
                }
                Step::Select { array, key, value } => {
                    let items = at.get(array)?.elements();
                    let index = items.iter().position(|item| holds(item, key, value))?;
                    push_token(&mut pointer, array);
                    crate::json::push_index_token(&mut pointer, index);
                    at = &items[index];
                }
            }
        }
        Some(pointer)
    }

    /// The arrays this path selects an element of, by the key it selects on: (namespace,
    /// array, key).
    fn selections(&self) -> impl Iterator<Item = (Option<&str>, &str, &str)> {
        self.steps.iter().filter_map(|step| match step {
            Step::Select { array, key, .. } => Some((self.namespace.as_deref(), array.as_ref(), key.as_ref())),
            Step::Key(_) => None,
        })
    }

    /// The member this path's value is put in, when it is a member of an array's element:
    /// (namespace, array, key).
    fn member_of_element(&self) -> Option<(Option<&str>, &str, &str)> {
        match self.steps.as_slice() {
            [.., Step::Select { array, .. }, Step::Key(key)] => Some((self.namespace.as_deref(), array.as_ref(), key.as_ref())),
            _ => None,
        }
    }
}

/// Whether every body built with `paths` has a shape that does not depend on the values put
/// in it, as long as each is a string or a boolean: true unless a value can land on the member
/// an element is selected by (`emails.^[primary==true].primary`, or `.type` placed where
/// another path selects `emails[type eq "work"]`), which would make a later path find, or
/// miss, that element depending on the value. Bodies of such a shape can be built once and
/// filled with each user's values.
pub fn shape_is_fixed<'p>(paths: impl Iterator<Item = &'p Path> + Clone) -> bool {
    let selections: Vec<_> = paths.clone().flat_map(Path::selections).collect();
    !paths.filter_map(Path::member_of_element).any(|member| selections.contains(&member))
}

fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    pointer.push_str(&escape_pointer_token(token));
}

/// True when `item` is an object whose `key` holds `value`.
fn holds(item: &Node<'_>, key: &str, value: &Json) -> bool {
    item.members().iter().any(|member| member.key == key && same(&member.value, value))
}

/// Whether a node of a built body holds `json` (as [`node_of`] put it there).
fn same(node: &Node<'_>, json: &Json) -> bool {
    match (&node.value, json) {
        (Value::Null, Json::Null) => true,
        (Value::Bool(left), Json::Bool(right)) => left == right,
        (Value::Number(left), Json::Number(right)) => left == right,
        (Value::String(left), Json::Str(right)) => left.as_ref() == right.as_ref(),
        (Value::Array(left), Json::Array(right)) => left.len() == right.len() && left.iter().zip(right).all(|(left, right)| same(left, right)),
        (Value::Object(left), Json::Object(right)) => left.len() == right.len() && left.iter().zip(right).all(|(left, (key, right))| left.key == key.as_ref() && same(&left.value, right)),
        _ => false,
    }
}

/// `json` as a node of a body, borrowing its text; spans are set once the body is whole.
pub fn node_of(json: &Json) -> Node<'_> {
    let value = match json {
        Json::Null => Value::Null,
        Json::Bool(value) => Value::Bool(*value),
        Json::Number(text) => Value::Number(text),
        Json::Str(text) => Value::String(Cow::Borrowed(text)),
        Json::Array(items) => Value::Array(items.iter().map(node_of).collect()),
        Json::Object(members) => Value::Object(members.iter().map(|(key, value)| member(key, node_of(value))).collect()),
    };
    bare(value)
}

fn bare(value: Value<'_>) -> Node<'_> {
    Node { value, span: Span::default() }
}

fn member<'v>(key: &'v str, value: Node<'v>) -> Member<'v> {
    Member { key: Cow::Borrowed(key), key_span: Span::default(), value }
}

/// Splits `emails.^[primary==true].value` or `addresses[type eq "work"].country` into steps.
fn steps(external_name: &str) -> Option<Vec<Step>> {
    let mut out: Vec<Step> = Vec::new();
    let mut rest = external_name;
    while !rest.is_empty() {
        let (piece, after) = split_piece(rest);
        rest = after;
        if let Some(filter) = piece.strip_prefix("^[").and_then(|inner| inner.strip_suffix(']')) {
            let Some(Step::Key(array)) = out.pop() else { return None };
            let (key, value) = filter.split_once("==")?;
            out.push(Step::Select { array, key: Rc::from(key.trim()), value: literal(value.trim())? });
        } else if let Some((array, filter)) = piece.split_once('[') {
            let filter = filter.strip_suffix(']')?;
            let mut words = filter.splitn(3, ' ');
            let (key, operator, value) = (words.next()?, words.next()?, words.next()?);
            if !operator.eq_ignore_ascii_case("eq") {
                return None;
            }
            out.push(Step::Select { array: Rc::from(array), key: Rc::from(key), value: literal(value.trim())? });
        } else if piece.is_empty() {
            return None;
        } else {
            out.push(Step::Key(Rc::from(piece)));
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The next dot-separated piece, keeping brackets (and the quotes in them) whole.
fn split_piece(text: &str) -> (&str, &str) {
    let mut depth = 0usize;
    let mut quoted = false;
    for (at, c) in text.char_indices() {
        match c {
            '"' | '\'' => quoted = !quoted,
            '[' if !quoted => depth += 1,
            ']' if !quoted => depth = depth.saturating_sub(1),
            '.' if depth == 0 && !quoted => return (&text[..at], &text[at + 1..]),
            _ => {}
        }
    }
    (text, "")
}

fn literal(text: &str) -> Option<Json> {
    Some(match text {
        "true" => Json::Bool(true),
        "false" => Json::Bool(false),
        _ => match text.strip_prefix(['"', '\'']).and_then(|inner| inner.strip_suffix(['"', '\''])) {
            Some(inner) => Json::Str(Rc::from(inner)),
            None => Json::Number(text.parse::<i64>().ok()?.to_string()),
        },
    })
}

/// The names every body has, made once and shared by all.
pub struct Names {
    schemas: Rc<str>,
    core: Rc<str>,
    external_id: Rc<str>,
    active: Rc<str>,
}

impl Names {
    /// The key `externalId` every body shares, to find it by identity.
    pub fn external_id(&self) -> &str {
        &self.external_id
    }
}

impl Default for Names {
    fn default() -> Self {
        Names { schemas: Rc::from("schemas"), core: Rc::from(CORE_USER_URN), external_id: Rc::from("externalId"), active: Rc::from("active") }
    }
}

/// An object's members, in order.
type Members<'v> = Vec<Member<'v>>;

/// The body being built: the core attributes, then each extension's object.
#[derive(Default)]
pub struct Body<'v> {
    /// The core attributes so far; `finish` puts the body's other members around them, in
    /// the same vector.
    core: Members<'v>,
    extensions: Vec<(&'v str, Members<'v>)>,
}

impl<'v> Body<'v> {
    /// A body with room for `members` members in all: given the size of the last body built,
    /// the next, nearly always of the same shape, needs no growing.
    pub fn with_room(members: usize) -> Self {
        Body { core: Vec::with_capacity(members), extensions: Vec::new() }
    }

    /// Puts a value where `path` says, or says why it cannot go there.
    pub fn place(&mut self, path: &'v Path, value: Node<'v>) -> Result<(), String> {
        let object = match &path.namespace {
            None => &mut self.core,
            Some(namespace) => {
                let index = match self.extensions.iter().position(|(urn, _)| *urn == namespace.as_ref()) {
                    Some(index) => index,
                    None => {
                        self.extensions.push((namespace, Vec::with_capacity(4)));
                        self.extensions.len() - 1
                    }
                };
                &mut self.extensions[index].1
            }
        };
        put(object, &path.steps, value)
    }

    /// Where the value `path` put is in the body `finish` will make: the index of each member
    /// or element on the way from the body's root (see [`Node::at_route`]). Worked out before
    /// `finish`, in the objects `place` filled, whose members are found first as `place`
    /// found them (`finish` adds members of the same names as a mapped attribute may have).
    pub fn route(&self, path: &Path, external_id: bool) -> Option<Vec<usize>> {
        let mut route = Vec::with_capacity(1 + 2 * path.steps.len());
        let mut members = match &path.namespace {
            // `finish` puts `schemas` before the core's members.
            None => self.core.as_slice(),
            Some(namespace) => {
                let extension = self.extensions.iter().position(|(urn, _)| *urn == namespace.as_ref())?;
                // After schemas, the core's members, externalId, active and the extensions before.
                route.push(1 + self.core.len() + usize::from(external_id) + 1 + extension);
                self.extensions[extension].1.as_slice()
            }
        };
        let first = route.len();
        for step in &path.steps {
            let (name, select) = match step {
                Step::Key(key) => (key, None),
                Step::Select { array, key, value } => (array, Some((key, value))),
            };
            let index = members.iter().position(|member| member.key == name.as_ref())?;
            route.push(index);
            let mut at = &members[index].value;
            if let Some((key, value)) = select {
                let element = at.elements().iter().position(|item| holds(item, key, value))?;
                route.push(element);
                at = &at.elements()[element];
            }
            members = at.members();
        }
        if path.namespace.is_none() {
            *route.get_mut(first)? += 1;
        }
        Some(route)
    }

    /// The whole body: `schemas` listing every namespace used (RFC 7643 section 3), the core
    /// attributes, the fields Okta adds itself (the Okta user's id as `externalId` on a create,
    /// and `active`), then the extension objects.
    pub fn finish(self, names: &'v Names, external_id: Option<Cow<'v, str>>) -> Node<'v> {
        let schemas = std::iter::once(names.core.as_ref()).chain(self.extensions.iter().map(|(urn, _)| *urn)).map(|urn| bare(Value::String(Cow::Borrowed(urn)))).collect();
        // The core's members move along by one for `schemas`, in the vector they are in:
        // with the room `with_room` kept, nothing is allocated again.
        let mut members = self.core;
        members.reserve(3 + self.extensions.len());
        members.insert(0, member(&names.schemas, bare(Value::Array(schemas))));
        if let Some(id) = external_id {
            members.push(member(&names.external_id, bare(Value::String(id))));
        }
        members.push(member(&names.active, bare(Value::Bool(true))));
        members.extend(self.extensions.into_iter().map(|(urn, members)| member(urn, bare(Value::Object(members)))));
        bare(Value::Object(members))
    }
}

fn put<'v>(object: &mut Members<'v>, steps: &'v [Step], value: Node<'v>) -> Result<(), String> {
    let (step, rest) = steps.split_first().ok_or("an empty path")?;
    match step {
        Step::Key(key) => {
            if rest.is_empty() {
                *member_in(object, key, || Value::Null) = value;
                return Ok(());
            }
            // Room for the few members an object of a body gets (name: givenName, familyName).
            match &mut member_in(object, key, || Value::Object(Vec::with_capacity(2))).value {
                Value::Object(inner) => put(inner, rest, value),
                _ => Err(format!("{key} already holds a value that is not an object")),
            }
        }
        Step::Select { array, key, value: wanted } => {
            let Value::Array(items) = &mut member_in(object, array, || Value::Array(Vec::with_capacity(1))).value else {
                return Err(format!("{array} already holds a value that is not an array"));
            };
            let index = match items.iter().position(|item| holds(item, key, wanted)) {
                Some(index) => index,
                None => {
                    // The key selected on, then the values put in the element (value, type).
                    let mut inner = Vec::with_capacity(3);
                    inner.push(member(key, node_of(wanted)));
                    items.push(bare(Value::Object(inner)));
                    items.len() - 1
                }
            };
            match (&mut items[index].value, rest.is_empty()) {
                (Value::Object(inner), false) => put(inner, rest, value),
                _ => Err(format!("a whole element of {array} cannot be set")),
            }
        }
    }
}

/// The member `key` of `object`, added with the value `make` gives when there is none.
fn member_in<'o, 'v>(object: &'o mut Members<'v>, key: &'v str, make: impl FnOnce() -> Value<'v>) -> &'o mut Node<'v> {
    let index = match object.iter().position(|member| member.key == key) {
        Some(index) => index,
        None => {
            object.push(member(key, bare(make())));
            object.len() - 1
        }
    };
    &mut object[index].value
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::ENTERPRISE_URN;

    #[test]
    fn external_names_become_paths_in_the_body() {
        let text = |value: &str| Json::Str(Rc::from(value));
        let places = [
            ("userName", CORE_USER_URN, "a@b.co", "/userName"),
            ("name.givenName", CORE_USER_URN, "A", "/name/givenName"),
            ("emails.^[primary==true].value", CORE_USER_URN, "a@b.co", "/emails/0/value"),
            ("emails.^[primary==true].type", CORE_USER_URN, "work", "/emails/0/type"),
            ("emails.^[primary==false].value", CORE_USER_URN, "x@y.co", "/emails/1/value"),
            ("addresses[type eq \"work\"].country", CORE_USER_URN, "US", "/addresses/0/country"),
            ("licenseType", ENTERPRISE_URN, "dialpad_talk", "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/licenseType"),
        ];
        let paths: Vec<Path> = places.iter().map(|(name, namespace, _, _)| Path::parse(name, namespace).unwrap()).collect();
        let values: Vec<Json> = places.iter().map(|(_, _, value, _)| text(value)).collect();
        let mut body = Body::default();
        for (path, value) in paths.iter().zip(&values) {
            body.place(path, node_of(value)).unwrap();
        }
        let names = Names::default();
        let body = body.finish(&names, None);
        for (path, (_, _, _, pointer)) in paths.iter().zip(&places) {
            assert_eq!(path.pointer(&body).as_deref(), Some(*pointer));
        }
        assert_eq!(
            serde_json::to_string(&Json::of_node(&body)).unwrap(),
            format!(
                r#"{{"schemas":["{CORE_USER_URN}","{ENTERPRISE_URN}"],"userName":"a@b.co","name":{{"givenName":"A"}},"emails":[{{"primary":true,"value":"a@b.co","type":"work"}},{{"primary":false,"value":"x@y.co"}}],"addresses":[{{"type":"work","country":"US"}}],"active":true,"{ENTERPRISE_URN}":{{"licenseType":"dialpad_talk"}}}}"#
            )
        );
    }

    #[test]
    fn paths_that_cannot_be_followed_are_refused() {
        assert!(Path::parse("name..x", CORE_USER_URN).is_err());
        assert!(Path::parse("emails[type ne \"x\"].value", CORE_USER_URN).is_err());
        let (title, title_x) = (Path::parse("title", CORE_USER_URN).unwrap(), Path::parse("title.x", CORE_USER_URN).unwrap());
        let (text, null) = (Json::Str(Rc::from("x")), Json::Null);
        let mut body = Body::default();
        body.place(&title, node_of(&text)).unwrap();
        assert!(body.place(&title_x, node_of(&null)).unwrap_err().contains("not an object"));
    }
}
