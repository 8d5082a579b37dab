//! The rule catalogue: every rule the checker has, rendered to `docs/rules.md` and to the
//! TypeScript union of its codes (`src/codes.ts`). Tests compare those files with these
//! renderings, so the documents and the code cannot drift.

use crate::diagnostic::Rule;
use crate::rules::FAMILIES;

pub fn all_rules() -> impl Iterator<Item = &'static Rule> {
    FAMILIES.iter().flat_map(|(_, rules)| rules.iter().copied())
}

/// The catalogue as Markdown.
pub fn markdown() -> String {
    let mut out = String::from(
        "# Rule catalogue\n\n\
         Generated from the code (`src/rules/`) by `UPDATE_CATALOGUE=1 cargo test catalogue`; a test fails when this file and the code differ.\n\
         Codes are stable: a released code is never renamed. Section numbers refer to `RULES.md`.\n",
    );
    for (family, rules) in FAMILIES {
        out.push_str(&format!("\n## {family}\n\n| code | severity | section | what it checks |\n|---|---|---|---|\n"));
        for rule in *rules {
            out.push_str(&format!("| `{}` | {} | {} | {} |\n", rule.code, rule.severity.as_str(), rule.section, rule.summary.replace('|', "\\|")));
        }
    }
    out
}

/// The TypeScript union of every code, for `Diagnostic.code` in the package's declarations
/// (src/codes.ts, which the wasm boundary includes), so an editor completes the codes.
pub fn typescript_codes() -> String {
    let mut out = String::from("/** Every rule's code; see docs/rules.md. Generated from the catalogue (src/catalogue.rs). */\nexport type Code =\n");
    for rule in all_rules() {
        out.push_str(&format!("  | \"{}\"\n", rule.code));
    }
    out.pop();
    out.push_str(";\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The file at `path` (relative to the crate) must be `rendered`; UPDATE_CATALOGUE=1
    /// writes it first.
    fn assert_generated(path: &str, rendered: &str) {
        let full = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
        if std::env::var_os("UPDATE_CATALOGUE").is_some() {
            std::fs::write(&full, rendered).unwrap();
        }
        let on_disk = std::fs::read_to_string(&full).unwrap_or_default();
        assert!(on_disk == rendered, "{path} is out of date: run UPDATE_CATALOGUE=1 cargo test catalogue");
    }

    #[test]
    fn catalogue_document_matches_the_code() {
        assert_generated("docs/rules.md", &markdown());
    }

    #[test]
    fn catalogue_typescript_codes_match_the_code() {
        assert_generated("src/codes.ts", &typescript_codes());
    }

    #[test]
    fn codes_are_unique() {
        let mut codes: Vec<_> = all_rules().map(|rule| rule.code).collect();
        let count = codes.len();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), count);
    }

    /// Every `Rule { ... }` written in src/rules is listed in a family's RULES.
    #[test]
    fn every_declared_rule_is_listed() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/rules");
        let mut declared = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            declared += text.matches(": Rule = Rule {").count();
        }
        assert_eq!(declared, all_rules().count());
    }
}
