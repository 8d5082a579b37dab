//! scim-preflight: checks draft Okta user profiles, the SCIM bodies Okta sends, and Okta
//! custom-attribute definitions against Dialpad's provisioning rules (see `RULES.md`), and
//! says what Dialpad will do with each user and what is wrong, before anything is provisioned.
//!
//! The core is plain Rust; `wasm.rs` is the only module that knows about JavaScript.

pub mod app_user_schema;
pub mod catalogue;
mod csv_input;
pub mod diagnostic;
pub mod el;
mod fix;
pub mod input;
pub mod iso3166;
pub mod json;
pub mod json_out;
pub mod mapping;
pub mod office;
pub mod ordered_json;
mod pretty;
pub mod profile_mapping;
mod options;
pub use options::{fix_options_from_json, parse_offices};
pub mod rules;
pub mod scim_body;
pub mod simulate;
mod sort;
pub mod stream;
pub mod text;
pub mod user;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use diagnostic::{Counts, Diagnostic, Severity, Suggestion};
pub use fix::{apply_suggestions, apply_suggestions_at};
pub use input::{Format, Kind};
pub use mapping::Mapping;
pub use office::{Office, OfficeResolution};
pub use options::{Operation, Options};

use diagnostic::LineIndex;
use input::{Document, Record};
use rules::{batch, offices as office_rules};
use serde::Serialize;
use user::UserView;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// True when there is no error.
    pub ok: bool,
    pub kind: Kind,
    pub counts: Counts,
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// The report as JSON text, the same text serde_json writes, faster (see `json_out`).
    pub fn write_json(&self, out: &mut Vec<u8>) {
        self.write_json_with(out, &mut diagnostic::DiagnosticsWriter::default());
    }

    /// The report as JSON text, its diagnostics written by `writer` (which may have written
    /// the same findings for other reports).
    pub(crate) fn write_json_with(&self, out: &mut Vec<u8>, writer: &mut diagnostic::DiagnosticsWriter) {
        use json_out::{field, ToJson};
        out.push(b'{');
        field!(out, first, "ok");
        self.ok.to_json(out);
        field!(out, "kind");
        self.kind.to_json(out);
        field!(out, "counts");
        self.counts.to_json(out);
        field!(out, "diagnostics");
        writer.write_all(out, &self.diagnostics);
        out.push(b'}');
    }
}

/// A single input gives one result, a batch one per record.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

/// Checks everything in `text` and reports every problem found.
pub fn validate(text: &str, options: &Options) -> Report {
    let mut batch = BatchState::default();
    let (kind, mut diagnostics) = check_text(text, options, &mut batch);
    diagnostics.extend(batch.finish(options));
    report(text, options, kind, diagnostics)
}

/// What the checks of a batch gather across its records: the usernames seen and where each
/// new user goes, for the duplicate-username, domain and capacity rules.
#[derive(Default)]
pub(crate) struct BatchState {
    usernames: batch::Usernames,
    tally: office_rules::Tally,
}

impl BatchState {
    /// The findings about the batch as a whole, once every record has been seen.
    pub(crate) fn finish(self, options: &Options) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = self.usernames.domains_note().into_iter().collect();
        if let Some(offices) = &options.offices {
            out.extend(self.tally.diagnostics(offices));
        }
        out
    }
}

/// Reads and checks every record of `text`, each as soon as it is read (see `input::read_each`).
pub(crate) fn check_text(text: &str, options: &Options, batch: &mut BatchState) -> (Kind, Vec<Diagnostic>) {
    let mut checked = Vec::new();
    let read = input::read_each(text, options.format, options.kind, options.limits, |record| {
        checked.extend(check_in_batch(record, options, batch, record.index.is_some()));
    });
    match read {
        // What reading found comes first, as before records were checked while read: the
        // final sort is stable, so this order decides between findings at the same place
        // (a CSV row that is ragged, and the rules about that row as a whole).
        Ok(input::Visited { kind, diagnostics: mut found_reading }) => {
            found_reading.append(&mut checked);
            (kind, found_reading)
        }
        Err(unreadable) => {
            // What the records read before the text broke gave is not reported, as before.
            *batch = BatchState::default();
            (unreadable.kind, unreadable.diagnostics)
        }
    }
}

/// Checks one record, and adds what the batch rules need to `batch`; `compare_usernames` says
/// whether its username is compared with the batch's others (a batch, or each simulated body).
pub(crate) fn check_in_batch(record: &Record<'_>, options: &Options, batch: &mut BatchState, compare_usernames: bool) -> Vec<Diagnostic> {
    check_viewed_in_batch(record, Known::default(), options, batch, compare_usernames)
}

/// What is known of a record before it is checked: a simulated body's, from its shape.
#[derive(Default)]
pub(crate) struct Known<'v, 'n, 'a, 'k> {
    /// Its view (see `user::ViewPlan`), rather than read from the record: borrowed, as the
    /// view (about a kilobyte) is made where it is used rather than moved from call to call.
    pub(crate) view: Option<&'v UserView<'n, 'a>>,
    /// What `namespace::check_schemas` finds in it, which depends only on the members of the
    /// body and its schemas.
    pub(crate) schemas: Option<&'k [Diagnostic]>,
}

/// `check_in_batch`, with what is known of the record already.
pub(crate) fn check_viewed_in_batch(record: &Record<'_>, known: Known<'_, '_, '_, '_>, options: &Options, batch: &mut BatchState, compare_usernames: bool) -> Vec<Diagnostic> {
    let read;
    let view = match known.view {
        _ if !is_user(record.kind) => None,
        Some(view) => Some(view),
        None => {
            read = read_view(record, options);
            Some(&read)
        }
    };
    let (mut diagnostics, resolution) = findings(record, view, known.schemas, options);
    if let Some(view) = view {
        if compare_usernames {
            if let Some((attr, text)) = login_of(view) {
                diagnostics.extend(batch.usernames.see(record.index.unwrap_or(0), text, || attr.at()));
            }
        }
        if let Some(placement) = resolution.as_ref().and_then(|resolution| placement(view, resolution)) {
            batch.tally.add(placement);
        }
    }
    diagnostics
}

/// The report of `text`: diagnostics in order, with lines and columns, and their counts.
pub(crate) fn report(text: &str, options: &Options, kind: Kind, diagnostics: Vec<Diagnostic>) -> Report {
    let diagnostics = Positions::new(text, options).finish(diagnostics);
    let counts = Counts::of(&diagnostics);
    Report { ok: counts.error == 0, kind, counts, diagnostics }
}

/// The report of diagnostics in order, given their lines and columns by `place` (for a text
/// that is laid out, not written: a simulated body).
pub(crate) fn report_placed(kind: Kind, mut diagnostics: Vec<Diagnostic>, place: impl FnOnce(&mut [Diagnostic])) -> Report {
    in_order(&mut diagnostics);
    place(&mut diagnostics);
    let counts = Counts::of(&diagnostics);
    Report { ok: counts.error == 0, kind, counts, diagnostics }
}

/// Diagnostics by record, then by where they are (findings without a place first). The
/// standard sort, which moves the findings themselves, rather than `sort::sort_by_key`: a
/// batch's findings come nearly in order, and this was 0.5 ms faster on the benchmark's.
pub(crate) fn in_order(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|diagnostic| (diagnostic.record, diagnostic.span.map(|span| span.start)));
}

/// The Dialpad user each record becomes.
pub fn map_attributes(text: &str, options: &Options) -> OneOrMany<Mapping> {
    let document = input::read_within(text, options.format, options.kind, options.limits);
    per_record(text, &document, options, |record, checked, diagnostics, _| match &checked.view {
        Some(view) => mapping::map(view, record.kind, diagnostics),
        None => Mapping::empty(record.kind, diagnostics),
    }, |diagnostics| Mapping::empty(Kind::Unknown, diagnostics))
}

/// The office Dialpad puts each user in, step by step, and where the number comes from.
pub fn resolve_office(text: &str, offices: &[Office], options: &Options) -> OneOrMany<OfficeResolution> {
    let options = Options { offices: Some(offices.to_vec()), ..options.clone() };
    let document = input::read_within(text, options.format, options.kind, options.limits);
    per_record(text, &document, &options, |_, checked, _, positions| {
        let mut resolution = checked.resolution.clone().unwrap_or_else(|| office::resolve(&UserView::default(), offices));
        let capacity = checked.view.as_ref().and_then(|view| placement(view, &resolution)).map(|placement| office_rules::capacity(vec![placement], offices)).unwrap_or_default();
        resolution.diagnostics = positions.finish(resolution.diagnostics.drain(..).chain(capacity).collect());
        resolution
    }, |diagnostics| {
        let mut resolution = office::resolve(&UserView::default(), &[]);
        resolution.diagnostics = diagnostics;
        resolution
    })
}

/// One result per record: `make` for records that were read, `broken` for records that could
/// not be (a bad NDJSON line, a record of no known kind), so indexes stay aligned.
fn per_record<T: Results>(
    text: &str,
    document: &Document<'_>,
    options: &Options,
    make: impl Fn(&Record<'_>, &CheckedRecord<'_, '_>, Vec<Diagnostic>, &Positions<'_>) -> T,
    broken: impl Fn(Vec<Diagnostic>) -> T,
) -> OneOrMany<T> {
    let positions = Positions::new(text, options);
    let located = |diagnostics: Vec<Diagnostic>| positions.finish(diagnostics);
    let mut results: Vec<Option<T>> = Vec::new();
    fn place<T>(results: &mut Vec<Option<T>>, index: usize, value: T) {
        if results.len() <= index {
            results.resize_with(index + 1, || None);
        }
        results[index] = Some(value);
    }
    for record in &document.records {
        let mut checked = check_record(record, options);
        let diagnostics = located(std::mem::take(&mut checked.diagnostics));
        place(&mut results, record.index.unwrap_or(0), make(record, &checked, diagnostics, &positions));
    }
    let mut orphans = Vec::new();
    for diagnostic in &document.diagnostics {
        match diagnostic.record {
            Some(index) if results.get(index).is_none_or(Option::is_none) => place(&mut results, index, broken(located(vec![diagnostic.clone()]))),
            Some(_) => {}
            None => orphans.push(diagnostic.clone()),
        }
    }
    if document.kind != Kind::Batch {
        let single = results.into_iter().next().flatten();
        return OneOrMany::One(single.unwrap_or_else(|| broken(located(orphans))));
    }
    let mut results: Vec<T> = results.into_iter().map(|result| result.unwrap_or_else(|| broken(Vec::new()))).collect();
    // Diagnostics about the batch as a whole (a duplicated CSV column) go with the first record.
    if let Some(first) = results.first_mut() {
        first.diagnostics_mut().extend(located(orphans));
    }
    OneOrMany::Many(results)
}

/// A per-record result that carries diagnostics.
trait Results {
    fn diagnostics_mut(&mut self) -> &mut Vec<Diagnostic>;
}

impl Results for Mapping {
    fn diagnostics_mut(&mut self) -> &mut Vec<Diagnostic> {
        &mut self.diagnostics
    }
}

impl Results for OfficeResolution {
    fn diagnostics_mut(&mut self) -> &mut Vec<Diagnostic> {
        &mut self.diagnostics
    }
}

pub(crate) struct CheckedRecord<'n, 'a> {
    pub(crate) view: Option<UserView<'n, 'a>>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) resolution: Option<OfficeResolution>,
}

pub(crate) fn check_record<'n, 'a>(record: &'n Record<'a>, options: &Options) -> CheckedRecord<'n, 'a> {
    let view = is_user(record.kind).then(|| read_view(record, options));
    let (diagnostics, resolution) = findings(record, view.as_ref(), None, options);
    CheckedRecord { view, diagnostics, resolution }
}

/// The view of a user record, as `options` say to read it (a create or an update).
pub(crate) fn read_view<'n, 'a>(record: &'n Record<'a>, options: &Options) -> UserView<'n, 'a> {
    user::view(record, options.operation.map(|operation| operation == Operation::Update))
}

/// Whether a record of `kind` is a user, which the user rules read through its view.
fn is_user(kind: Kind) -> bool {
    matches!(kind, Kind::OktaUser | Kind::ScimUser | Kind::ScimPatch)
}

/// What the rules find in a record, whose view `view` is when it is a user; and where its
/// office is, when the offices are known. `schemas`: what the schemas rule finds in it, when
/// known already.
fn findings(record: &Record<'_>, view: Option<&UserView<'_, '_>>, schemas: Option<&[Diagnostic]>, options: &Options) -> (Vec<Diagnostic>, Option<OfficeResolution>) {
    let mut out = Vec::new();
    match (record.kind, view) {
        (kind, Some(view)) if is_user(kind) => rules::check_user(view, &mut out),
        (Kind::AppSchema, _) => rules::app_schema::check(&record.node, &record.pointer, &mut out),
        _ => {}
    }
    match record.kind {
        Kind::ScimUser => match schemas {
            Some(found) => out.extend_from_slice(found),
            None => rules::namespace::check_schemas(&record.node, &record.pointer, record.kind, &mut out),
        },
        Kind::ScimPatch => rules::patch::check(&record.node, &record.pointer, &mut out),
        _ => {}
    }
    // A PATCH changes an existing user, whose office is already set: only creates are placed.
    let resolution = match (view, &options.offices) {
        (Some(view), Some(offices)) if record.kind != Kind::ScimPatch => {
            let resolution = office::resolve(view, offices);
            out.extend(resolution.diagnostics.iter().cloned());
            Some(resolution)
        }
        _ => None,
    };
    for diagnostic in &mut out {
        diagnostic.record = record.index;
    }
    (out, resolution)
}

/// A record's username, for the batch rules: its attribute and text.
pub(crate) fn login_of<'v>(view: &'v UserView<'_, '_>) -> Option<(&'v user::Attr<'v, 'v>, &'v str)> {
    let attr = view.login.as_ref()?;
    Some((attr, rules::values::text(attr)?))
}

pub(crate) fn placement(view: &UserView<'_, '_>, resolution: &OfficeResolution) -> Option<office_rules::Placement> {
    if view.update {
        return None;
    }
    let license = view.license_text().map(str::trim).filter(|text| rules::license::license(text).is_some()).map(str::to_string);
    let needs_number = license.as_deref() != Some("dialpad_support");
    Some(office_rules::Placement { office: resolution.office.clone()?, license, needs_number })
}

/// Turns byte spans into lines and columns, when the input was text. The line index is built
/// once per input, and only when a diagnostic needs it, so clean input never pays for it and a
/// batch of many records pays once.
pub(crate) struct Positions<'t> {
    text: &'t str,
    enabled: bool,
    index: std::cell::OnceCell<LineIndex<'t>>,
}

impl<'t> Positions<'t> {
    pub(crate) fn new(text: &'t str, options: &Options) -> Self {
        Positions { text, enabled: options.positions, index: std::cell::OnceCell::new() }
    }

    /// Orders diagnostics by record and position and gives them lines and columns.
    pub(crate) fn finish(&self, mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        in_order(&mut diagnostics);
        if self.enabled && diagnostics.iter().any(|diagnostic| diagnostic.span.is_some()) {
            self.index.get_or_init(|| LineIndex::new(self.text)).locate_all(&mut diagnostics);
        }
        diagnostics
    }
}

impl<T: json_out::ToJson> json_out::ToJson for OneOrMany<T> {
    fn to_json(&self, out: &mut Vec<u8>) {
        match self {
            OneOrMany::One(one) => one.to_json(out),
            OneOrMany::Many(many) => many.to_json(out),
        }
    }
}
