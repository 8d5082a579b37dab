//! CSV with a header row: arbitrary rows under a header of Okta attribute names and labels.
#![no_main]
use libfuzzer_sys::fuzz_target;
use scim_preflight::{validate, Format, Options};

fuzz_target!(|data: &[u8]| {
    let body = String::from_utf8_lossy(data);
    let text = format!("Username,First name,lastName,countryCode,licenseType,officeName\n{body}");
    validate(&text, &Options::default());
    validate(&body, &Options { format: Some(Format::Csv), ..Options::default() });
});
