//! Prints the simulations of users through a mapping: `cargo run --example simulate -- USERS MAPPING`.
use scim_preflight::profile_mapping;
use scim_preflight::simulate::{simulate, SimulateOptions};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [users, mapping] = &args[..] else {
        eprintln!("usage: simulate USERS MAPPING");
        std::process::exit(2);
    };
    let users = std::fs::read_to_string(users).expect("users file");
    let mapping_text = std::fs::read_to_string(mapping).expect("mapping file");
    let mapping = profile_mapping::read(&mapping_text);
    let result = simulate(&users, &mapping_text, &mapping, &SimulateOptions::default());
    println!("{}", serde_json::to_string_pretty(&result).unwrap());
}
