//! Rules across the records of a batch (RULES.md section 7).

use crate::diagnostic::{Diagnostic, Location, Rule, Severity::*};
use std::collections::hash_map::DefaultHasher;
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hash, Hasher};

pub const DUPLICATE_USERNAME: Rule = Rule { code: "batch.duplicate_username", severity: Error, section: "7", summary: "Two records of a batch have the same userName (compared case-insensitively, as Okta compares logins)." };
pub const DOMAINS: Rule = Rule { code: "batch.domains", severity: Info, section: "7", summary: "The users span several email domains, which has no bearing on SCIM." };

pub const RULES: &[&Rule] = &[&DUPLICATE_USERNAME, &DOMAINS];

/// A record's username and where it is, for the batch rules.
pub struct Login {
    pub record: usize,
    pub text: String,
    pub at: Location,
}

/// The usernames and domains seen so far in a batch; works record by record, so a batch of
/// any size can stream through it. Usernames are kept as 64-bit hashes (12 bytes a record
/// with its index, rather than the whole string; two different usernames collide with a chance
/// of about one in 10^7 per million records), in 256 tables by the hash's top byte, so that no table ever
/// doubles in one piece: a single table growing past a million entries would briefly hold its
/// old and new storage at once, and wasm memory never shrinks back. The tables are made at the
/// first username, so a single record (one call per record) never pays for them.
#[derive(Default)]
pub struct Usernames {
    first_seen: Vec<HashMap<Fingerprint, u32, BuildHasherDefault<Prehashed>>>,
    domains: BTreeSet<String>,
}

const TABLES: usize = 256;

/// The keys are already 64-bit hashes: one multiply spreads their bits for the table (its
/// top bits, which pick the table, are the same for every key in it), where the default
/// hasher would run SipHash, with freshly drawn keys, again.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u64(self.0 ^ u64::from(byte));
        }
    }

    fn write_u64(&mut self, key: u64) {
        self.0 = key.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// A username's 64-bit hash as two halves: aligned to 4 bytes, an entry with its record index
/// takes 12 bytes where a `u64` key would pad it to 16 (a quarter less memory for a million
/// usernames).
#[derive(Clone, Copy, PartialEq, Eq)]
struct Fingerprint([u32; 2]);

impl Fingerprint {
    fn of(folded: &str) -> Fingerprint {
        let mut hasher = DefaultHasher::new();
        folded.hash(&mut hasher);
        let hash = hasher.finish();
        Fingerprint([(hash >> 32) as u32, hash as u32])
    }

    fn as_u64(self) -> u64 {
        (u64::from(self.0[0]) << 32) | u64::from(self.0[1])
    }
}

impl Hash for Fingerprint {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.as_u64());
    }
}

impl Usernames {
    /// Records a username; the duplicate-username error when an earlier record had it.
    pub fn see(&mut self, login: &Login) -> Option<Diagnostic> {
        // Nearly every login is ASCII: lower-cased in a buffer, as to_lowercase would, without
        // allocating; other text through Unicode's full case mapping.
        let mut buffer = [0u8; 64];
        let folded = if login.text.is_ascii() { crate::text::ascii_lowercase(&login.text, &mut buffer) } else { Cow::Owned(login.text.to_lowercase()) };
        if let Some((_, domain)) = folded.rsplit_once('@') {
            if !self.domains.contains(domain) {
                self.domains.insert(domain.to_string());
            }
        }
        let key = Fingerprint::of(&folded);
        if self.first_seen.is_empty() {
            self.first_seen.resize_with(TABLES, HashMap::default);
        }
        let table = &mut self.first_seen[(key.as_u64() >> 56) as usize % TABLES];
        if let Some(&first) = table.get(&key) {
            let message = format!("\"{}\" is also the username of record {first}: Okta compares logins without regard to case, so these are one user, and the second create fails.", login.text);
            let mut diagnostic = Diagnostic::new(&DUPLICATE_USERNAME, &login.at, message).hint("Give each user their own username, or remove the duplicate record.");
            diagnostic.record = Some(login.record);
            return Some(diagnostic);
        }
        table.insert(key, u32::try_from(login.record).unwrap_or(u32::MAX));
        None
    }

    /// The note about several email domains, once the whole batch has been seen.
    pub fn domains_note(&self) -> Option<Diagnostic> {
        if self.domains.len() < 2 {
            return None;
        }
        let listed: Vec<&str> = self.domains.iter().map(String::as_str).take(5).collect();
        let more = if self.domains.len() > 5 { ", ..." } else { "" };
        let message = format!("The users span {} email domains ({}{more}): several domains have no bearing on SCIM; Dialpad provisions them all alike.", self.domains.len(), listed.join(", "));
        Some(Diagnostic::new(&DOMAINS, &Location::whole_input(), message).hint("Nothing to do; a domain set up apart in another directory provisions on its own."))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_username_entry_takes_twelve_bytes() {
        assert_eq!(std::mem::size_of::<(Fingerprint, u32)>(), 12);
    }

    #[test]
    fn a_username_seen_again_in_another_case_names_the_first_record() {
        let mut usernames = Usernames::default();
        let login = |record: usize, text: &str| Login { record, text: text.to_string(), at: Location::whole_input() };
        assert!(usernames.see(&login(0, "kim@example.com")).is_none());
        assert!(usernames.see(&login(1, "lee@example.com")).is_none());
        let duplicate = usernames.see(&login(2, "Kim@Example.com")).expect("a duplicate");
        assert!(duplicate.message.contains("record 0"), "{}", duplicate.message);
        assert_eq!(duplicate.record, Some(2));
        // Beyond ASCII, the full case mapping: "JOSÉ" is "josé".
        assert!(usernames.see(&login(3, "josé@example.com")).is_none());
        assert!(usernames.see(&login(4, "JOSÉ@EXAMPLE.COM")).is_some_and(|d| d.message.contains("record 3")));
    }
}
