//! The wasm boundary, and the only module that knows about JavaScript: it turns JS inputs
//! into text and options, calls the core, and hands results back as one JSON text that
//! `JSON.parse` turns into plain objects (far cheaper than building them field by field).

use crate::simulate::SimulateOptions;
use crate::stream::BatchSession;
use crate::{options::parse_offices, Counts, Options};
use js_sys::{Array, ArrayBuffer, Reflect, Uint8Array, JSON};
use crate::json_out::ToJson;
use wasm_bindgen::prelude::*;

/// `Code`, the union of every rule's code, generated from the catalogue (src/catalogue.rs).
#[wasm_bindgen(typescript_custom_section)]
const CODES_TS: &str = include_str!("codes.ts");

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** The shape of the input, detected or forced with `options.kind`. */
export type Kind = "okta-user" | "scim-user" | "scim-patch" | "app-schema" | "batch" | "unknown";
export type Severity = "error" | "warning" | "info";

export interface Diagnostic {
  /** Stable rule id, e.g. "license.not_value"; see docs/rules.md and `rules()`. */
  code: Code;
  severity: Severity;
  /** What is wrong and what Dialpad will do about it. */
  message: string;
  /** RFC 6901 JSON Pointer into the input ("" = the whole input); a batch record's starts with "/<index>" ("/Resources/<index>" in a ListResponse). */
  path: string;
  /** 1-based line of the offending value (or key), when the input was text. */
  line?: number;
  /** 1-based column, in UTF-16 code units as JavaScript strings count, when the input was text. */
  column?: number;
  /** [start, end) UTF-16 offsets of the offending text, for selecting it in an editor. */
  range?: [number, number];
  /** Index of the record, in a batch. */
  record?: number;
  /** How to fix it. */
  hint?: string;
  /** The exact value to put at `path` instead, only when it is certain. */
  suggestion?: unknown;
  /** simulate(): the app attribute and expression this is about (in a body's report: the mapping that produced the value, and the Okta attributes it read). */
  origin?: { attribute: string; expression: string; mappingPath: string; reads: string[] };
}

/** A rule of the catalogue, as `rules()` lists it. */
export interface Rule {
  code: Code;
  /** The severity its diagnostics have. */
  severity: Severity;
  /** The section of RULES.md it comes from, e.g. "3". */
  section: string;
  /** What it checks, in one line. */
  summary: string;
}

export interface Report {
  /** True when there is no error. */
  ok: boolean;
  kind: Kind;
  counts: { error: number; warning: number; info: number };
  diagnostics: Diagnostic[];
}

export interface Office {
  name: string;
  /** ISO 3166-1 alpha-2 code (a country name is understood too). */
  country?: string;
  main?: boolean;
  /** Numbers left in the office's unassigned pool. */
  availableNumbers?: number;
  /** Licenses left, by license value, e.g. { dialpad_talk: 3 }. */
  availableLicenses?: Record<string, number>;
}

export interface Options {
  /** Forces the kind of every record instead of detecting it from its shape. */
  kind?: "okta-user" | "scim-user" | "scim-patch" | "app-schema" | "batch";
  /** Forces the container: one JSON value or array, NDJSON, or CSV with a header row. */
  format?: "json" | "ndjson" | "csv";
  /** Forces whether a SCIM User is a create or an update (by default a body with an id is an update). */
  operation?: "create" | "update";
  /** The account's offices: adds office resolution and capacity checks to `validate`. */
  offices?: Office[];
}

export interface FixOptions extends Options {
  /** Apply only the suggestions of diagnostics whose `path` is one of these (all when absent). */
  paths?: string[];
}

export interface MappedField {
  value: string | null;
  /** JSON Pointer of the attribute the value came from. */
  source: string | null;
}

export interface Mapping {
  kind: Kind;
  fields: { name: MappedField; email: MappedField; office: MappedField; country: MappedField; language: MappedField; jobTitle: MappedField; license: MappedField };
  /** The product of the license, when licenseType is a license value. */
  product: string | null;
  /** JSON Pointers of the attributes Dialpad does not read. */
  unmapped: string[];
  diagnostics: Diagnostic[];
}

export type DecidedBy = "officeName" | "physicalDeliveryOfficeName" | "department" | "country" | "dialpad";

export interface TraceStep {
  /** The step of RULES.md section 5: 1 for each office attribute, 3 for the country, 4 for Dialpad's own choice. */
  step: number;
  attribute: "officeName" | "physicalDeliveryOfficeName" | "department" | "country" | "dialpad";
  /** JSON Pointer of the value tried. */
  source: string | null;
  value: string | null;
  outcome: "matched" | "nearMiss" | "noMatch" | "absent" | "ambiguous" | "skipped" | "dialpadChooses";
  /** The office matched, or nearly matched. */
  office: string | null;
  /** The offices considered at this step. */
  candidates: string[];
  note: string;
}

export interface NumberAssignment {
  /** pool: the office's unassigned pool; areaCode: a new number in the account's area code; none: dialpad_support gets no number; unknown: the office or its pool is not known. */
  source: "pool" | "areaCode" | "none" | "unknown";
  office: string | null;
  availableNumbers: number | null;
  note: string;
}

/** One record of a batch, as a table shows it. */
export interface RecordRow {
  record: number;
  kind: Kind;
  /** 1-based line of the record in the whole text. */
  line: number;
  login: string | null;
  name: string | null;
  /** The office Dialpad puts the user in (with offices), or else the first office attribute. */
  office: string | null;
  license: string | null;
  counts: { error: number; warning: number; info: number };
}

/** BatchChecker's options: those of validate, and whether chunks carry rows. */
export interface BatchOptions extends Options {
  /** false: every chunk's `records` is empty, for callers that only want the diagnostics and totals (less work on both sides). Default true. */
  rows?: boolean;
}

export interface BatchChunk {
  /** A row per record, in order; empty when the checker was made with `rows: false`. */
  records: RecordRow[];
  /** Positions are in the whole text, counting every piece pushed before. */
  diagnostics: Diagnostic[];
}

export interface CapacityRow {
  office: string;
  /** null: users on the account's default license. */
  license: string | null;
  users: number;
  available: number | null;
  /** Users beyond the licenses left: Dialpad adds these at a prorated charge. */
  beyond: number;
}

export interface NumberRow {
  office: string;
  users: number;
  pool: number | null;
  /** Users beyond the pool: they get new numbers in the account's area code. */
  beyond: number;
}

/** checkStream's options: BatchChecker's, and a callback for each record. */
export interface StreamOptions extends BatchOptions {
  /** Called for each record, in order, with its row and its findings. */
  onRecord?: (row: RecordRow, diagnostics: Diagnostic[]) => void;
}

export interface BatchSummary {
  records: number;
  withErrors: number;
  withWarnings: number;
  counts: { error: number; warning: number; info: number };
  capacity: CapacityRow[];
  numbers: NumberRow[];
  /** Notes about the batch as a whole (several domains, capacity). */
  diagnostics: Diagnostic[];
  /** The last line, when the text did not end with a newline: checked at the end, as its end is only known then. Empty lists otherwise. */
  last: BatchChunk;
}

/** How much one call reads; NDJSON pushed through BatchChecker has no limit. */
export interface Limits {
  /** Longest text, in UTF-8 bytes, one call reads (longer: input.too_large). */
  maxBytes: number;
  /** Records of a batch one call checks (more: input.too_many_records). */
  maxRecords: number;
  /** Deepest JSON nesting read (deeper: input.invalid_json). */
  maxDepth: number;
}

/** The object Okta's Profile Mappings API returns for the Okta -> Dialpad mapping (other members are ignored). */
export interface ProfileMapping {
  id?: string;
  properties: Record<string, { expression: string | null; pushStatus?: "PUSH" | "DONT_PUSH" } | null>;
  [other: string]: unknown;
}

export interface SimulateOptions {
  /** The Dialpad app's user schema (Okta Schemas API), as text or object: where each attribute goes in the body. Without it, Okta's SCIM 2.0 template is assumed. */
  schema?: string | object;
  /** Each user's groups, by login: { "ana@example.com": ["Support", "00g1abc"] } (names or ids), for isMemberOfGroupName and friends. */
  groups?: Record<string, string[]>;
  offices?: Office[];
  /** create (POST /Users, the default) or update (PUT /Users/{id}: DONT_PUSH attributes are not re-applied). */
  operation?: "create" | "update";
  format?: "json" | "ndjson" | "csv";
}

export interface AppUserValue {
  /** What the expression gives this user (null when unset or unknown). */
  value: unknown;
  expression: string | null;
  /** The Okta user attributes the expression read, as JSON Pointers into the user ("/profile/department"). */
  reads: string[];
  /** The value cannot be computed here (see the mapping diagnostics). */
  unknown?: true;
  /** Whether the value is in the request body. */
  sent: boolean;
}

export interface Simulation {
  /** Index of the user in a batch. */
  record?: number;
  /** The Okta user's login. */
  login: string | null;
  /** Every app attribute of the mapping, in its order. */
  appUser: Record<string, AppUserValue>;
  /** The SCIM request Okta sends; null when the record could not be simulated. */
  request: { method: "POST" | "PUT"; path: string; body: Record<string, unknown> } | null;
  /** validate() of the body; positions are in JSON.stringify(request.body, null, 2). Findings about a mapped value have an `origin`. */
  report: Report | null;
  /** About the mapping, positioned in the mapping text. In a batch, those about the mapping as a whole (no `record`) come with the first simulation. */
  diagnostics: Diagnostic[];
  /** About this Okta user, positioned in the users text. */
  userDiagnostics: Diagnostic[];
}

export interface OfficeResolution {
  office: string | null;
  decidedBy: DecidedBy;
  trace: TraceStep[];
  number: NumberAssignment;
  diagnostics: Diagnostic[];
}
"#;

/// Checks a profile, SCIM body, app schema or batch against Dialpad's provisioning rules.
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn validate(
    #[wasm_bindgen(unchecked_param_type = "string | object")] input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: JsValue,
) -> Result<JsValue, JsError> {
    let (text, options) = prepare(&input, &options)?;
    Ok(report_to_js(&crate::validate(&text, &options)))
}

/// The Dialpad user each record becomes: one Mapping, or an array of them for a batch.
#[wasm_bindgen(js_name = mapAttributes, unchecked_return_type = "Mapping | Mapping[]")]
pub fn map_attributes(
    #[wasm_bindgen(unchecked_param_type = "string | object")] input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: JsValue,
) -> Result<JsValue, JsError> {
    let (text, options) = prepare(&input, &options)?;
    to_js(&crate::map_attributes(&text, &options))
}

/// The office Dialpad puts each user in, step by step, and where the phone number comes from.
#[wasm_bindgen(js_name = resolveOffice, unchecked_return_type = "OfficeResolution | OfficeResolution[]")]
pub fn resolve_office(
    #[wasm_bindgen(unchecked_param_type = "string | object")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Office[]")] offices: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: JsValue,
) -> Result<JsValue, JsError> {
    if !Array::is_array(&offices) {
        return Err(JsError::new(&format!("resolveOffice(input, offices): offices must be an array of offices such as [{{ name: \"HQ\", country: \"US\" }}], not {}", describe(&offices))));
    }
    let offices = parse_offices(&stringify(&offices, "offices")?).map_err(|error| JsError::new(&error))?;
    let (text, options) = prepare(&input, &options)?;
    to_js(&crate::resolve_office(&text, &offices, &options))
}

/// Every Okta user through the admin's attribute mappings: the app user, the SCIM request Okta
/// will send, and every finding about it (one Simulation, or an array of them for a batch).
#[wasm_bindgen(unchecked_return_type = "Simulation | Simulation[]")]
pub fn simulate(
    #[wasm_bindgen(unchecked_param_type = "string | object")] users: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | ProfileMapping | Record<string, string>")] mapping: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "SimulateOptions")] options: JsValue,
) -> Result<JsValue, JsError> {
    let mut simulate_options = match options_value(&options)? {
        Some(text) => SimulateOptions::from_json(&text).map_err(|error| JsError::new(&error))?,
        None => SimulateOptions::default(),
    };
    let (users, users_are_text) = text_of(&users, "users")?;
    let (mapping_text, mapping_is_text) = text_of(&mapping, "mapping")?;
    simulate_options.options.positions = users_are_text;
    simulate_options.mapping_positions = mapping_is_text;
    let mapping = crate::profile_mapping::read(&mapping_text);
    let wire = crate::simulate::simulate_to_wire(&users, &mapping_text, &mapping, &simulate_options);
    // usize is 32 bits in wasm32, where this module runs: every offset fits.
    let lines: Vec<u32> = wire.lines.iter().map(|&offset| offset as u32).collect();
    Ok(inflate_simulations(&wire.text, &lines))
}

// Builds the simulations from `simulate_to_wire`'s compact text (src/simulations.js): objects of the
// Simulation type, each body built again from the values as `Body` builds it.
#[wasm_bindgen(module = "/src/simulations.js")]
extern "C" {
    #[wasm_bindgen(js_name = inflateSimulations)]
    fn inflate_simulations(wire: &[u8], lines: &[u32]) -> JsValue;
}

/// The mapping of the table in Dialpad's article, as Okta's Profile Mappings API returns it.
#[wasm_bindgen(js_name = defaultMapping, unchecked_return_type = "ProfileMapping")]
pub fn default_mapping() -> Result<JsValue, JsError> {
    to_js(&crate::profile_mapping::default_mapping())
}

/// A text argument, or a parsed value turned back into text: (text, whether it was text).
fn text_of(value: &JsValue, name: &str) -> Result<(String, bool), JsError> {
    console_error_panic_hook::set_once();
    if let Some(text) = string_of(value) {
        return Ok((text, true));
    }
    if value.is_object() && !ArrayBuffer::is_view(value) && !value.is_instance_of::<ArrayBuffer>() {
        return Ok((stringify(value, name)?, false));
    }
    Err(JsError::new(&format!("{name} must be text or a parsed JSON value, not {}", describe(value))))
}

/// The text with every certain suggestion applied (or only those at `options.paths`), every
/// other byte left as it was.
#[wasm_bindgen(js_name = applySuggestions)]
pub fn apply_suggestions(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FixOptions")] options: JsValue,
) -> Result<String, JsError> {
    let Some(text) = string_of(&text) else {
        return Err(JsError::new(&format!("applySuggestions(text): text must be a string, not {}", describe(&text))));
    };
    let (options, paths) = match options_value(&options)? {
        Some(text) => crate::options::fix_options_from_json(&text).map_err(|error| JsError::new(&error))?,
        None => (Options::default(), None),
    };
    Ok(crate::apply_suggestions_at(&text, &options, paths.as_deref()))
}

struct LimitsView {
    max_bytes: usize,
    max_records: usize,
    max_depth: usize,
}

impl ToJson for LimitsView {
    fn to_json(&self, out: &mut Vec<u8>) {
        crate::json_out::object!(out; "maxBytes" => &self.max_bytes, "maxRecords" => &self.max_records, "maxDepth" => &self.max_depth);
    }
}

/// The limits of one call, so a caller can refuse a file by its size before reading it.
#[wasm_bindgen(unchecked_return_type = "Limits")]
pub fn limits() -> Result<JsValue, JsError> {
    let limits = crate::input::Limits::default();
    to_js(&LimitsView { max_bytes: limits.max_bytes, max_records: limits.max_records, max_depth: crate::json::MAX_DEPTH })
}

struct RuleView {
    code: &'static str,
    severity: &'static str,
    section: &'static str,
    summary: &'static str,
}

impl ToJson for RuleView {
    fn to_json(&self, out: &mut Vec<u8>) {
        crate::json_out::object!(out; "code" => self.code, "severity" => self.severity, "section" => self.section, "summary" => self.summary);
    }
}

/// Every rule of the catalogue (docs/rules.md), for tools that list them: SARIF's rule
/// descriptors, a code to ignore checked against the real ones.
#[wasm_bindgen(unchecked_return_type = "Rule[]")]
pub fn rules() -> Result<JsValue, JsError> {
    let rules: Vec<RuleView> = crate::catalogue::all_rules().map(|rule| RuleView { code: rule.code, severity: rule.severity.as_str(), section: rule.section, summary: rule.summary }).collect();
    to_js(&rules)
}

/// Checks a large batch piece by piece (a Web Worker or a stream): push NDJSON in pieces cut
/// anywhere (or another format whole), then finish.
#[wasm_bindgen]
pub struct BatchChecker {
    session: Option<BatchSession>,
}

#[wasm_bindgen]
impl BatchChecker {
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_optional_param_type = "BatchOptions")] options: JsValue) -> Result<BatchChecker, JsError> {
        let (options, rows) = read_batch_options(&options)?;
        let session = BatchSession::new(options);
        Ok(BatchChecker { session: Some(if rows { session } else { session.without_rows() }) })
    }

    /// Checks the lines of an NDJSON text that this piece completes, given as a string or as
    /// UTF-8 bytes (a file read without decoding it). A piece may be cut anywhere, even inside a
    /// character: what follows its last newline waits for the next piece, or for `finish()`.
    #[wasm_bindgen(js_name = pushNdjson, unchecked_return_type = "BatchChunk")]
    pub fn push_ndjson(&mut self, #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] lines: JsValue) -> Result<JsValue, JsError> {
        let chunk = if let Some(text) = string_of(&lines) {
            self.session()?.push_ndjson(&text)
        } else if let Some(bytes) = lines.dyn_ref::<Uint8Array>() {
            self.session()?.push_ndjson_bytes(&bytes.to_vec())
        } else {
            return Err(JsError::new(&format!("pushNdjson(lines): lines must be a string or a Uint8Array of NDJSON text, not {}", describe(&lines))));
        };
        to_js(&chunk)
    }

    /// Checks a whole text of any format (JSON array, ListResponse, CSV) in one piece.
    #[wasm_bindgen(js_name = pushText, unchecked_return_type = "BatchChunk")]
    pub fn push_text(&mut self, #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue) -> Result<JsValue, JsError> {
        let text = string_of(&text).ok_or_else(|| JsError::new("pushText(text): text must be a string"))?;
        to_js(&self.session()?.push_text(&text))
    }

    /// Refuses, without reading it, a text of `bytes` bytes that is over the limit of one call
    /// (a file too large to read whole that is not NDJSON): the chunk holds the too-large error.
    #[wasm_bindgen(js_name = pushTooLarge, unchecked_return_type = "BatchChunk")]
    pub fn push_too_large(&mut self, bytes: f64) -> Result<JsValue, JsError> {
        if !(bytes.is_finite() && bytes >= 0.0) {
            return Err(JsError::new("pushTooLarge(bytes): bytes must be the size of the text, a number of bytes"));
        }
        // `as` saturates: a size beyond usize reads as the largest, which is still too large.
        to_js(&self.session()?.push_too_large(bytes as usize))
    }

    /// The totals, the per-office capacity and the batch-wide notes; the checker is done after.
    #[wasm_bindgen(unchecked_return_type = "BatchSummary")]
    pub fn finish(&mut self) -> Result<JsValue, JsError> {
        let session = self.session.take().ok_or_else(finished)?;
        to_js(&session.finish())
    }

    fn session(&mut self) -> Result<&mut BatchSession, JsError> {
        self.session.as_mut().ok_or_else(finished)
    }
}

/// Checks the NDJSON bytes of any stream, cut anywhere (a Node `Readable`, a Web
/// `ReadableStream`, or an async iterable of `Uint8Array` or string pieces), without holding it
/// whole; resolves to the totals `BatchChecker.finish()` gives. `options` are `BatchChecker`'s,
/// with `onRecord(row, diagnostics)` called for each record, in order, with its findings.
#[wasm_bindgen(js_name = checkStream, unchecked_return_type = "Promise<BatchSummary>")]
pub fn check_stream(
    #[wasm_bindgen(unchecked_param_type = "AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string> | { getReader(): unknown }")] source: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "StreamOptions")] options: JsValue) -> Result<js_sys::Promise, JsError> {
    let on_record = match options.is_object() {
        true => Reflect::get(&options, &JsValue::from_str("onRecord")).unwrap_or(JsValue::UNDEFINED),
        false => JsValue::UNDEFINED,
    };
    if !(on_record.is_undefined() || on_record.is_function()) {
        return Err(JsError::new(&format!("options.onRecord must be a function (row, diagnostics) => void, not {}", describe(&on_record))));
    }
    let batch_options = if on_record.is_undefined() { options } else { without_member(&options, "onRecord")? };
    let (options, _) = read_batch_options(&batch_options)?;
    // Rows are made only for a caller that reads them.
    let session = BatchSession::new(options);
    let checker = BatchChecker { session: Some(if on_record.is_undefined() { session.without_rows() } else { session }) };
    Ok(drain_stream(&source, checker, &on_record))
}

// Gathers a stream's pieces and pushes them through the checker (src/check_stream.js).
#[wasm_bindgen(module = "/src/check_stream.js")]
extern "C" {
    #[wasm_bindgen(js_name = drainStream)]
    fn drain_stream(source: &JsValue, checker: BatchChecker, on_record: &JsValue) -> js_sys::Promise;
}

/// A shallow copy of `object` without `name`.
fn without_member(object: &JsValue, name: &str) -> Result<JsValue, JsError> {
    let copy = js_sys::Object::assign(&js_sys::Object::new(), object.unchecked_ref());
    Reflect::delete_property(&copy, &JsValue::from_str(name)).map_err(|_| JsError::new("options could not be copied"))?;
    Ok(copy.into())
}

/// `BatchChecker`'s options and whether chunks carry rows.
fn read_batch_options(options: &JsValue) -> Result<(Options, bool), JsError> {
    match options_value(options)? {
        Some(text) => Options::from_batch_json(&text).map_err(|error| JsError::new(&error)),
        None => Ok((Options::default(), true)),
    }
}

fn finished() -> JsError {
    JsError::new("this BatchChecker has finished: create a new one for another batch")
}

/// Every export starts here, so this is where the panic hook goes in (a `start` function
/// would also be exported to JS). JS callers can pass anything, whatever the types say.
fn prepare(input: &JsValue, options: &JsValue) -> Result<(String, Options), JsError> {
    let mut options = read_options(options)?;
    if let Some(text) = string_of(input) {
        return Ok((text, options));
    }
    if ArrayBuffer::is_view(input) || input.is_instance_of::<ArrayBuffer>() {
        return Err(JsError::new("input is binary data: pass the text (decode it with new TextDecoder().decode(bytes)) or a parsed object"));
    }
    if input.is_object() {
        options.positions = false;
        return Ok((stringify(input, "input")?, options));
    }
    Err(JsError::new(&format!("input must be the pasted text (a string) or a parsed JSON object or array, not {}", describe(input))))
}

/// A JS string as a Rust one, through `encodeInto` (src/boundary.js): first into room for the
/// text with an eighth more (enough for text that is mostly ASCII), else into room for the
/// most its UTF-16 units can take, three bytes each. `None` when `value` is not a string.
fn string_of(value: &JsValue) -> Option<String> {
    let units = value.dyn_ref::<js_sys::JsString>()?.length() as usize;
    for room in [units + units / 8 + 16, units.saturating_mul(3)] {
        let mut bytes = vec![0u8; room];
        let written = encode_text(value, &mut bytes);
        if written >= 0.0 {
            bytes.truncate(written as usize);
            // encodeInto writes UTF-8 (a lone surrogate as U+FFFD, as `as_string` does).
            return String::from_utf8(bytes).ok().or_else(|| value.as_string());
        }
    }
    value.as_string()
}

#[wasm_bindgen(module = "/src/boundary.js")]
extern "C" {
    #[wasm_bindgen(js_name = encodeText)]
    fn encode_text(text: &JsValue, target: &mut [u8]) -> f64;
    #[wasm_bindgen(js_name = makeReport)]
    fn make_report(kind: u8, error: f64, warning: f64, info: f64, diagnostics: Option<&str>) -> JsValue;
}

/// A Report as the object `to_js` would give, built from its parts (src/boundary.js).
fn report_to_js(report: &crate::Report) -> JsValue {
    let diagnostics = (!report.diagnostics.is_empty()).then(|| {
        let mut out = Vec::with_capacity(report.diagnostics.len() * 320);
        crate::diagnostic::DiagnosticsWriter::default().write_all(&mut out, &report.diagnostics);
        // Written from Rust strings and ASCII only.
        String::from_utf8(out).unwrap_or_default()
    });
    let Counts { error, warning, info } = report.counts;
    make_report(report.kind as u8, error as f64, warning as f64, info as f64, diagnostics.as_deref())
}

fn read_options(options: &JsValue) -> Result<Options, JsError> {
    options_value(options)?.map_or_else(|| Ok(Options::default()), |text| Options::from_json(&text).map_err(|error| JsError::new(&error)))
}

/// The options object as JSON text; `None` when there is none.
fn options_value(options: &JsValue) -> Result<Option<String>, JsError> {
    console_error_panic_hook::set_once();
    if options.is_undefined() || options.is_null() {
        Ok(None)
    } else if options.is_object() && !Array::is_array(options) && !options.is_function() {
        stringify(options, "options").map(Some)
    } else {
        Err(JsError::new(&format!("options must be an object such as {{ kind: \"okta-user\" }}, not {}", describe(options))))
    }
}

fn stringify(value: &JsValue, name: &str) -> Result<String, JsError> {
    JSON::stringify(value)
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| JsError::new(&format!("{name} cannot be turned into JSON (does it hold a cycle or a BigInt?)")))
}

fn describe(value: &JsValue) -> String {
    if value.is_null() {
        "null".into()
    } else if Array::is_array(value) {
        "an array".into()
    } else {
        value.js_typeof().as_string().map_or_else(|| "that value".into(), |kind| format!("a value of type {kind}"))
    }
}

fn to_js(result: &(impl ToJson + ?Sized)) -> Result<JsValue, JsError> {
    let mut out = Vec::new();
    result.to_json(&mut out);
    // json_out writes ASCII only.
    let text = String::from_utf8(out).map_err(|_| JsError::new("internal error: the result is not text"))?;
    JSON::parse(&text).map_err(|_| JsError::new("internal error: the result is not valid JSON"))
}
