//! Prints the report, mapping and office resolution of a file as JSON:
//! `cargo run --example check -- FILE [OFFICES.json]`.

use scim_preflight::{map_attributes, resolve_office, validate, Options};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: check FILE [OFFICES.json]");
        std::process::exit(2);
    };
    let read = |path: &str| std::fs::read_to_string(path).unwrap_or_else(|error| {
        eprintln!("{path}: {error}");
        std::process::exit(2);
    });
    let text = read(&path);
    let offices = args
        .next()
        .map(|path| {
            scim_preflight::parse_offices(&read(&path)).unwrap_or_else(|error| {
                eprintln!("{path}: {error}");
                std::process::exit(2);
            })
        })
        .unwrap_or_default();
    let options = Options::default();
    let print = |value: serde_json::Value| println!("{}", serde_json::to_string_pretty(&value).unwrap_or_default());
    print(serde_json::to_value(validate(&text, &options)).unwrap_or_default());
    print(serde_json::to_value(map_attributes(&text, &options)).unwrap_or_default());
    if !offices.is_empty() {
        print(serde_json::to_value(resolve_office(&text, &offices, &options)).unwrap_or_default());
    }
}
