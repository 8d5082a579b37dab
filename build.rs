//! Writes the ISO 3166-1 table the country rules and `Iso3166Convert` need (alpha-2, alpha-3,
//! numeric code, English name) as one
//! constant array, taken from the isocountry crate at build time. The crate's own look-ups are
//! `match` statements over every code, about 21 KB of wasm, where the rules need a few
//! kilobytes of data and a loop.

use std::fmt::Write as _;
use std::{env, fs, path::Path};

fn main() {
    let mut table = String::from("/// ISO 3166-1, from the isocountry crate by build.rs.\npub const COUNTRIES: &[Country] = &[\n");
    for country in isocountry::CountryCode::iter() {
        let _ = writeln!(table, "    Country {{ alpha2: {:?}, alpha3: {:?}, numeric: {}, name: {:?} }},", country.alpha2(), country.alpha3(), country.numeric_id(), country.name());
    }
    table.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("countries.rs");
    fs::write(out, table).expect("OUT_DIR is writable");
    println!("cargo:rerun-if-changed=build.rs");
}
