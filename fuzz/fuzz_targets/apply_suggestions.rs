//! applySuggestions on arbitrary text: never panics, and never leaves more errors than it found.
#![no_main]
use libfuzzer_sys::fuzz_target;
use scim_preflight::{apply_suggestions, validate, Options};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let options = Options::default();
    let fixed = apply_suggestions(&text, &options);
    assert!(validate(&fixed, &options).counts.error <= validate(&text, &options).counts.error);
});
