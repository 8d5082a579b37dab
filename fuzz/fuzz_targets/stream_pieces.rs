//! Arbitrary bytes pushed through a BatchSession in pieces cut where the input says (even inside
//! a character): never a panic, and the same totals and findings as the bytes pushed whole.
#![no_main]
use libfuzzer_sys::fuzz_target;
use scim_preflight::stream::BatchSession;
use scim_preflight::Options;

fn pushed(pieces: &[&[u8]]) -> (Vec<(&'static str, Option<usize>, Option<usize>, Option<usize>)>, usize, usize) {
    let mut session = BatchSession::new(Options::default());
    let mut found = Vec::new();
    for piece in pieces {
        found.extend(session.push_ndjson_bytes(piece).diagnostics.into_iter().map(|d| (d.code, d.record, d.line, d.column)));
    }
    let summary = session.finish();
    found.extend(summary.last.diagnostics.iter().chain(&summary.diagnostics).map(|d| (d.code, d.record, d.line, d.column)));
    (found, summary.records, summary.with_errors)
}

fuzz_target!(|data: &[u8]| {
    // The first byte is the piece length (1 to 256), the rest the text.
    let Some((&length, text)) = data.split_first() else { return };
    let pieces: Vec<&[u8]> = text.chunks(usize::from(length) + 1).collect();
    assert_eq!(pushed(&pieces), pushed(&[text]));
});
