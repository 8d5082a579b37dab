//! Rules across the records of a batch (RULES.md section 7).

use crate::diagnostic::{Diagnostic, Location, Rule, Severity::*};
use std::collections::hash_map::DefaultHasher;
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};

pub const DUPLICATE_USERNAME: Rule = Rule { code: "batch.duplicate_username", severity: Error, section: "7", summary: "Two records of a batch have the same userName (compared case-insensitively, as Okta compares logins)." };
pub const DOMAINS: Rule = Rule { code: "batch.domains", severity: Info, section: "7", summary: "The users span several email domains, which has no bearing on SCIM." };

pub const RULES: &[&Rule] = &[&DUPLICATE_USERNAME, &DOMAINS];

/// The usernames and domains seen so far in a batch; works record by record, so a batch of
/// any size can stream through it. Usernames are kept as 64-bit hashes (12 bytes a record
/// with its index, rather than the whole string; two different usernames collide with a chance
/// of about one in 10^7 per million records), in 256 tables by the hash's top byte, so that no
/// table ever grows in one piece: a single table growing past a million entries would briefly
/// hold its old and new storage at once, and wasm memory never shrinks back. The tables are
/// made at the first username, so a single record (one call per record) never pays for them.
#[derive(Default)]
pub struct Usernames {
    first_seen: Vec<FirstSeen>,
    domains: BTreeSet<String>,
}

const TABLES: usize = 256;

/// Fingerprints and the record each was first seen in, by open addressing with linear probing,
/// grown when four fifths full: doubled while small, by a quarter once large. A hash map
/// doubles, and its 256 tables all double near the same count, which left a million usernames'
/// tables half empty (27 MB of wasm memory; this keeps 12 bytes an entry at 64 to 80% full).
#[derive(Default)]
struct FirstSeen {
    /// Each slot's fingerprint; 0 marks an empty slot (a fingerprint of 0 is kept as 1).
    keys: Vec<u64>,
    records: Vec<u32>,
    len: usize,
}

impl FirstSeen {
    /// The record `key` was first seen in; `None`, having noted `record` for it, when this is
    /// the first time.
    fn first_or_note(&mut self, key: u64, record: u32) -> Option<u32> {
        let key = key.max(1);
        if 5 * (self.len + 1) > 4 * self.keys.len() {
            self.grow();
        }
        let mut at = self.slot(key);
        loop {
            match self.keys[at] {
                0 => {
                    self.keys[at] = key;
                    self.records[at] = record;
                    self.len += 1;
                    return None;
                }
                found if found == key => return Some(self.records[at]),
                _ => at = if at + 1 == self.keys.len() { 0 } else { at + 1 },
            }
        }
    }

    /// Where `key`'s probe starts: its bits spread by one multiply, scaled to the table's size
    /// (which is no power of two).
    fn slot(&self, key: u64) -> usize {
        let spread = key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32;
        ((spread * self.keys.len() as u64) >> 32) as usize
    }

    fn grow(&mut self) {
        // Doubled while small (a growth costs an allocation and a pass), by a quarter once
        // large, where the slack is what costs.
        let size = match self.keys.len() {
            small if small < 1024 => (2 * small).max(16),
            large => large + large / 4,
        };
        let old = std::mem::replace(self, FirstSeen { keys: vec![0; size], records: vec![0; size], len: 0 });
        for (key, record) in old.keys.into_iter().zip(old.records).filter(|(key, _)| *key != 0) {
            self.first_or_note(key, record);
        }
    }
}

/// A username's 64-bit hash.
fn fingerprint(folded: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    folded.hash(&mut hasher);
    hasher.finish()
}

impl Usernames {
    /// Records the username `text` of `record`; the duplicate-username error, at the place `at`
    /// gives (made only then), when an earlier record had it.
    pub fn see(&mut self, record: usize, text: &str, at: impl FnOnce() -> Location) -> Option<Diagnostic> {
        // Nearly every login is ASCII: lower-cased in a buffer, as to_lowercase would, without
        // allocating; other text through Unicode's full case mapping.
        let mut buffer = [0u8; 64];
        let folded = if text.is_ascii() { crate::text::ascii_lowercase(text, &mut buffer) } else { Cow::Owned(text.to_lowercase()) };
        if let Some((_, domain)) = folded.rsplit_once('@') {
            if !self.domains.contains(domain) {
                self.domains.insert(domain.to_string());
            }
        }
        let key = fingerprint(&folded);
        if self.first_seen.is_empty() {
            self.first_seen.resize_with(TABLES, FirstSeen::default);
        }
        let table = &mut self.first_seen[(key >> 56) as usize % TABLES];
        if let Some(first) = table.first_or_note(key, u32::try_from(record).unwrap_or(u32::MAX)) {
            let message = format!("\"{text}\" is also the username of record {first}: Okta compares logins without regard to case, so these are one user, and the second create fails.");
            let mut diagnostic = Diagnostic::new(&DUPLICATE_USERNAME, &at(), message).hint("Give each user their own username, or remove the duplicate record.");
            diagnostic.record = Some(record);
            return Some(diagnostic);
        }
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

    /// Every key found again with its record across many growths, none found that was not
    /// noted, and the table never more than four fifths full (nor under three fifths here,
    /// past the small sizes it doubles through).
    #[test]
    fn the_table_finds_each_first_record_through_its_growth() {
        let mut table = FirstSeen::default();
        let key = |index: u64| index.wrapping_mul(0x2545_f491_4f6c_dd1d) ^ (index << 17);
        for index in 0..50_000u64 {
            assert_eq!(table.first_or_note(key(index), index as u32), None, "{index} is new");
            assert!(5 * table.len <= 4 * table.keys.len());
        }
        assert!(5 * table.len >= 3 * table.keys.len(), "{} of {}", table.len, table.keys.len());
        for index in (0..50_000u64).step_by(7) {
            assert_eq!(table.first_or_note(key(index), u32::MAX), Some(index as u32));
        }
        let mut fresh = FirstSeen::default();
        assert_eq!(fresh.first_or_note(0, 7), None, "a fingerprint of 0 is kept");
        assert_eq!(fresh.first_or_note(0, 8), Some(7));
    }

    #[test]
    fn a_username_seen_again_in_another_case_names_the_first_record() {
        let mut usernames = Usernames::default();
        let mut login = |record: usize, text: &str| usernames.see(record, text, Location::whole_input);
        assert!(login(0, "kim@example.com").is_none());
        assert!(login(1, "lee@example.com").is_none());
        let duplicate = login(2, "Kim@Example.com").expect("a duplicate");
        assert!(duplicate.message.contains("record 0"), "{}", duplicate.message);
        assert_eq!(duplicate.record, Some(2));
        // Beyond ASCII, the full case mapping: "JOSÉ" is "josé".
        assert!(login(3, "josé@example.com").is_none());
        assert!(login(4, "JOSÉ@EXAMPLE.COM").is_some_and(|d| d.message.contains("record 3")));
    }
}
