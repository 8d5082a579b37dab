//! Reading the pasted text: which container it is (one JSON value, a JSON array, a SCIM
//! ListResponse, NDJSON, CSV) and which kind each record is (RULES.md section 1).

use crate::csv_input;
use crate::diagnostic::{Diagnostic, Location};
use crate::json::{self, Node, Span, Value};
use crate::rules::input as rules;
use serde::Serialize;

pub const CORE_USER_URN: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
pub const ENTERPRISE_URN: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
pub const PATCH_OP_URN: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
pub const LIST_RESPONSE_URN: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    OktaUser,
    ScimUser,
    ScimPatch,
    AppSchema,
    Batch,
    /// The input could not be read, or its shape is none of the above.
    Unknown,
}

impl Kind {
    /// Every kind, in declaration order: `kind as usize` is its place here (src/boundary.js
    /// names them in this order; a test checks it).
    pub const ALL: [Kind; 6] = [Kind::OktaUser, Kind::ScimUser, Kind::ScimPatch, Kind::AppSchema, Kind::Batch, Kind::Unknown];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::OktaUser => "okta-user",
            Kind::ScimUser => "scim-user",
            Kind::ScimPatch => "scim-patch",
            Kind::AppSchema => "app-schema",
            Kind::Batch => "batch",
            Kind::Unknown => "unknown",
        }
    }

    /// The kinds a caller may force with `options.kind`.
    pub const FORCEABLE: [Kind; 4] = [Kind::OktaUser, Kind::ScimUser, Kind::ScimPatch, Kind::AppSchema];

    pub fn parse(name: &str) -> Option<Kind> {
        Kind::FORCEABLE.into_iter().chain([Kind::Batch]).find(|kind| kind.as_str() == name)
    }
}

/// How the records are laid out in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Json,
    Ndjson,
    Csv,
}

impl Format {
    pub fn parse(name: &str) -> Option<Format> {
        match name {
            "json" => Some(Format::Json),
            "ndjson" => Some(Format::Ndjson),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// One record to check: a JSON value with the pointer prefix that locates it in the input.
#[derive(Debug)]
pub struct Record<'a> {
    pub node: Node<'a>,
    /// "" for a single input, "/3" for the fourth record of a batch, "/Resources/3" in a ListResponse.
    pub pointer: String,
    /// Index in the batch; `None` for a single input.
    pub index: Option<usize>,
    pub kind: Kind,
}

/// The input read into records, with the diagnostics met while reading it.
#[derive(Debug)]
pub struct Document<'a> {
    pub kind: Kind,
    pub records: Vec<Record<'a>>,
    pub diagnostics: Vec<Diagnostic>,
}

/// How much one call reads. Text larger than `max_bytes` is refused whole (NDJSON streamed
/// through a BatchSession has no size limit); a batch is checked up to `max_records` records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub max_bytes: usize,
    pub max_records: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_bytes: 64 * 1024 * 1024, max_records: 1_000_000 }
    }
}

pub fn read(text: &str, format: Option<Format>, forced: Option<Kind>) -> Document<'_> {
    read_within(text, format, forced, Limits::default())
}

pub fn read_within(text: &str, format: Option<Format>, forced: Option<Kind>, limits: Limits) -> Document<'_> {
    if text.len() > limits.max_bytes {
        return unreadable(rules::too_large(text.len(), limits.max_bytes));
    }
    let format = format.unwrap_or_else(|| sniff_format(text));
    let mut document = match format {
        Format::Json => read_json(text),
        Format::Ndjson => read_ndjson(text),
        Format::Csv => csv_input::read(text),
    };
    keep_first_records(&mut document, limits.max_records);
    classify(&mut document, forced);
    document
}

/// What [`read_each`] found besides the records it handed over.
pub struct Visited {
    pub kind: Kind,
    /// What reading found: records that are not objects or of no known kind, an empty batch,
    /// too many records.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads `text` as [`read_within`] does and hands each record, classified, to `visit` as soon as
/// it is read. A JSON array, the usual export, is read one element at a time, so only one
/// record's tree is held at once and none is kept: checking a batch this way stays in the
/// processor's cache where a tree of the whole batch did not. `Err` holds the document to
/// report instead when such an array turns out not to be JSON after some of its records were
/// handed over: the caller then drops what it made of them.
pub fn read_each<'a>(text: &'a str, format: Option<Format>, forced: Option<Kind>, limits: Limits, mut visit: impl FnMut(&Record<'a>)) -> Result<Visited, Box<Document<'static>>> {
    let format = format.unwrap_or_else(|| sniff_format(text));
    let (body, base) = strip_bom(text);
    let elements = if format == Format::Json && text.len() <= limits.max_bytes { json::elements_at(body, base) } else { None };
    let Some(mut elements) = elements else {
        let Document { kind, records, diagnostics } = read_within(text, Some(format), forced, limits);
        records.iter().for_each(&mut visit);
        return Ok(Visited { kind, diagnostics });
    };
    let forced = forced.filter(|kind| *kind != Kind::Batch);
    let mut diagnostics = Vec::new();
    let (mut index, mut first_dropped) = (0, None);
    for next in elements.by_ref() {
        let node = next.map_err(|error| Box::new(unreadable(rules::invalid_json(&error))))?;
        if index < limits.max_records {
            match classified(batch_record(node, json::index_pointer("", index), index), forced) {
                Ok(record) => visit(&record),
                Err(diagnostic) => diagnostics.push(*diagnostic),
            }
        } else if first_dropped.is_none() {
            first_dropped = Some(Location::new(json::index_pointer("", index), node.span));
        }
        index += 1;
    }
    if index == 0 {
        diagnostics.push(rules::empty_batch(Location::new("", elements.span())));
    }
    if index > limits.max_records {
        diagnostics.push(rules::too_many_records(index, limits.max_records, first_dropped.unwrap_or_default()));
    }
    Ok(Visited { kind: Kind::Batch, diagnostics })
}

/// Drops the records past the limit (and what reading them found), saying so once.
fn keep_first_records(document: &mut Document<'_>, max_records: usize) {
    let total = document.records.last().and_then(|record| record.index).map_or(0, |last| last + 1);
    let total = document.diagnostics.iter().filter_map(|diagnostic| diagnostic.record).map(|index| index + 1).fold(total, usize::max);
    if total <= max_records {
        return;
    }
    let beyond = |index: Option<usize>| index.is_some_and(|index| index >= max_records);
    let first_dropped = document.records.iter().find(|record| beyond(record.index)).map(|record| Location::new(record.pointer.clone(), record.node.span));
    document.records.retain(|record| !beyond(record.index));
    document.diagnostics.retain(|diagnostic| !beyond(diagnostic.record));
    document.diagnostics.push(rules::too_many_records(total, max_records, first_dropped.unwrap_or_default()));
}

/// Guesses the container from the first characters, without reading the whole text.
pub fn sniff_format(text: &str) -> Format {
    let trimmed = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    match trimmed.as_bytes().first() {
        Some(b'{') if looks_like_ndjson(trimmed) => Format::Ndjson,
        Some(b'{' | b'[' | b'"') | None => Format::Json,
        Some(_) if looks_like_csv_header(trimmed) => Format::Csv,
        Some(_) => Format::Json,
    }
}

/// NDJSON when the first non-empty line is a whole JSON value on its own and another follows.
fn looks_like_ndjson(text: &str) -> bool {
    let mut lines = text.lines().filter(|line| !line.trim().is_empty());
    let Some(first) = lines.next() else { return false };
    lines.next().is_some_and(|second| second.trim_start().starts_with('{')) && json::parse(first).is_ok()
}

fn looks_like_csv_header(text: &str) -> bool {
    let header = text.lines().next().unwrap_or("");
    header.contains(',') || header.contains(';') || header.contains('\t')
}

fn read_json(text: &str) -> Document<'_> {
    let (body, base) = strip_bom(text);
    match json::parse_at(body, base) {
        Err(error) => unreadable(rules::invalid_json(&error)),
        Ok(root) => split_json(root),
    }
}

fn strip_bom(text: &str) -> (&str, usize) {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest, '\u{feff}'.len_utf8()),
        None => (text, 0),
    }
}

/// A text that yields no record, only the diagnostic saying why.
pub(crate) fn unreadable(diagnostic: Diagnostic) -> Document<'static> {
    Document { kind: Kind::Unknown, records: Vec::new(), diagnostics: vec![diagnostic] }
}

fn split_json(root: Node<'_>) -> Document<'_> {
    let span = root.span;
    let list_response = is_list_response(&root);
    match root.value {
        Value::Array(items) => batch(items, span, |index| json::index_pointer("", index)),
        Value::Object(members) if list_response => {
            let resources = members.into_iter().find(|member| member.key == "Resources");
            let items = match resources.map(|member| member.value.value) {
                Some(Value::Array(items)) => items,
                _ => Vec::new(),
            };
            batch(items, span, |index| json::index_pointer("/Resources", index))
        }
        value => {
            let records = vec![Record { node: Node { value, span }, pointer: String::new(), index: None, kind: Kind::Unknown }];
            Document { kind: Kind::Unknown, records, diagnostics: Vec::new() }
        }
    }
}

fn batch<'a>(items: Vec<Node<'a>>, span: Span, pointer: impl Fn(usize) -> String) -> Document<'a> {
    let diagnostics = if items.is_empty() { vec![rules::empty_batch(Location::new("", span))] } else { Vec::new() };
    let records = items.into_iter().enumerate().map(|(index, node)| batch_record(node, pointer(index), index)).collect();
    Document { kind: Kind::Batch, records, diagnostics }
}

pub(crate) fn batch_record<'a>(node: Node<'a>, pointer: String, index: usize) -> Record<'a> {
    Record { node, pointer, index: Some(index), kind: Kind::Unknown }
}

fn is_list_response(root: &Node<'_>) -> bool {
    root.get("Resources").is_some_and(|resources| matches!(resources.value, Value::Array(_)))
        || schemas_list(root, LIST_RESPONSE_URN)
}

fn read_ndjson(text: &str) -> Document<'_> {
    let (mut document, _) = read_ndjson_from(text, 0, true);
    if document.records.is_empty() && document.diagnostics.is_empty() {
        document.diagnostics.push(rules::empty_batch(Location::new("", Span { start: 0, end: text.len() })));
    }
    document
}

/// Reads NDJSON lines as records numbered from `first_index`; returns the next index, so a
/// large file can be read piece by piece (whole lines at a time). A byte order mark is passed
/// over only at the start of the whole text (`at_start`): anywhere else it is a character.
pub fn read_ndjson_from(text: &str, first_index: usize, at_start: bool) -> (Document<'_>, usize) {
    let mut records = Vec::new();
    let mut diagnostics = Vec::new();
    let mut offset = 0;
    let mut index = first_index;
    for line in text.split_inclusive('\n') {
        let base = offset;
        offset += line.len();
        let (line, bom) = if base == 0 && at_start { strip_bom(line) } else { (line, 0) };
        if line.trim().is_empty() {
            continue;
        }
        match json::parse_at(line, base + bom) {
            Ok(node) => records.push(batch_record(node, json::index_pointer("", index), index)),
            Err(error) => {
                let mut diagnostic = rules::invalid_json(&error);
                diagnostic.path = format!("/{index}");
                diagnostic.record = Some(index);
                diagnostics.push(diagnostic);
            }
        }
        index += 1;
    }
    (Document { kind: Kind::Batch, records, diagnostics }, index)
}

/// Decides the kind of every record (or applies the forced one) and reports records whose
/// shape is not one the checker knows.
pub fn classify(document: &mut Document<'_>, forced: Option<Kind>) {
    let forced = forced.filter(|kind| *kind != Kind::Batch);
    let mut kept = Vec::with_capacity(document.records.len());
    for record in document.records.drain(..) {
        match classified(record, forced) {
            Ok(record) => kept.push(record),
            Err(diagnostic) => document.diagnostics.push(*diagnostic),
        }
    }
    document.records = kept;
    if document.kind != Kind::Batch {
        document.kind = document.records.first().map_or(Kind::Unknown, |record| record.kind);
    }
}

/// The record with its kind (`forced`, or detected), or why it has none.
fn classified(mut record: Record<'_>, forced: Option<Kind>) -> Result<Record<'_>, Box<Diagnostic>> {
    if !record.node.is_object() {
        return Err(Box::new(rules::not_object(&record)));
    }
    record.kind = forced.unwrap_or_else(|| detect_kind(&record.node));
    if record.kind == Kind::Unknown {
        return Err(Box::new(rules::unknown_kind(&record)));
    }
    Ok(record)
}

/// The record kind from its shape (RULES.md section 1).
pub fn detect_kind(node: &Node<'_>) -> Kind {
    if node.get("Operations").is_some() || schemas_list(node, PATCH_OP_URN) {
        Kind::ScimPatch
    } else if node.get("definitions").is_some_and(Node::is_object) {
        Kind::AppSchema
    } else if schemas_list(node, CORE_USER_URN) || node.get("userName").is_some() {
        Kind::ScimUser
    } else if node.get("profile").is_some_and(Node::is_object) || has_okta_profile_attribute(node) {
        Kind::OktaUser
    } else {
        Kind::Unknown
    }
}

fn has_okta_profile_attribute(node: &Node<'_>) -> bool {
    const OKTA_ATTRIBUTES: [&str; 8] = ["login", "firstName", "lastName", "email", "countryCode", "licenseType", "officeName", "department"];
    node.members().iter().any(|member| OKTA_ATTRIBUTES.contains(&member.key.as_ref()))
}

/// True when the node's `schemas` array lists `urn` (URNs compare case-insensitively).
pub fn schemas_list(node: &Node<'_>, urn: &str) -> bool {
    node.get("schemas").is_some_and(|schemas| schemas.elements().iter().any(|item| item.as_str().is_some_and(|text| text.eq_ignore_ascii_case(urn))))
}

impl crate::json_out::ToJson for Kind {
    fn to_json(&self, out: &mut Vec<u8>) {
        crate::json_out::string(out, self.as_str());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> (Kind, Vec<Kind>) {
        let document = read(text, None, None);
        (document.kind, document.records.iter().map(|record| record.kind).collect())
    }

    /// The wasm boundary names a report's kind by its place in `Kind::ALL`, with the list of
    /// names in src/boundary.js: both must follow the declaration order and the serde names.
    #[test]
    fn kinds_are_listed_in_order_for_the_boundary() {
        assert!(Kind::ALL.iter().enumerate().all(|(place, kind)| *kind as usize == place));
        let boundary = include_str!("boundary.js");
        let line = boundary.lines().find(|line| line.starts_with("const KINDS = ")).expect("KINDS in src/boundary.js");
        let names: Vec<String> = Kind::ALL.iter().map(|kind| format!("'{}'", kind.as_str())).collect();
        assert_eq!(line, format!("const KINDS = [{}];", names.join(", ")));
        assert!(Kind::ALL.iter().all(|kind| serde_json::to_string(kind).unwrap() == format!("\"{}\"", kind.as_str())));
    }

    #[test]
    fn detects_each_record_kind() {
        assert_eq!(kinds(r#"{"profile":{"login":"a@b.co"}}"#).0, Kind::OktaUser);
        assert_eq!(kinds(r#"{"login":"a@b.co","firstName":"A"}"#).0, Kind::OktaUser);
        assert_eq!(kinds(r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a@b.co"}"#).0, Kind::ScimUser);
        assert_eq!(kinds(r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[]}"#).0, Kind::ScimPatch);
        assert_eq!(kinds(r#"{"definitions":{"custom":{"properties":{}}}}"#).0, Kind::AppSchema);
        assert_eq!(kinds(r#"{"colour":"blue"}"#).0, Kind::Unknown);
    }

    #[test]
    fn reads_every_batch_container() {
        let array = r#"[{"login":"a@b.co"},{"userName":"c@d.co"}]"#;
        assert_eq!(kinds(array), (Kind::Batch, vec![Kind::OktaUser, Kind::ScimUser]));
        let list = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"Resources":[{"userName":"c@d.co"}]}"#;
        assert_eq!(kinds(list), (Kind::Batch, vec![Kind::ScimUser]));
        assert_eq!(read(list, None, None).records[0].pointer, "/Resources/0");
        let ndjson = "{\"login\":\"a@b.co\"}\n{\"login\":\"c@d.co\"}\n";
        assert_eq!(kinds(ndjson), (Kind::Batch, vec![Kind::OktaUser, Kind::OktaUser]));
        let csv = "login,firstName\na@b.co,A\n";
        assert_eq!(kinds(csv), (Kind::Batch, vec![Kind::OktaUser]));
    }

    #[test]
    fn ndjson_keeps_good_lines_around_a_broken_one() {
        let document = read("{\"login\":\"a@b.co\"}\n{\"login\": oops}\n{\"login\":\"c@d.co\"}\n", None, None);
        assert_eq!(document.records.len(), 2);
        assert_eq!(document.records[1].index, Some(2));
        assert_eq!(document.diagnostics.len(), 1);
        assert_eq!(document.diagnostics[0].record, Some(1));
        assert_eq!(document.diagnostics[0].code, "input.invalid_json");
    }

    #[test]
    fn forced_kind_wins_over_detection() {
        let document = read(r#"{"login":"a@b.co"}"#, None, Some(Kind::ScimUser));
        assert_eq!(document.kind, Kind::ScimUser);
    }

    #[test]
    fn byte_order_mark_is_skipped() {
        let document = read("\u{feff}{\"login\":\"a@b.co\"}", None, None);
        assert_eq!(document.kind, Kind::OktaUser);
        assert_eq!(document.records[0].node.span.start, 3);
    }
}
