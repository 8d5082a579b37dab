//! Folding text for loose comparisons: the office near-miss check (RULES.md section 5 step 2)
//! recognising country and language names, and near spellings for hints. Also the lower-casing
//! and trimming done on every attribute of every record, without allocating where it can.

use std::borrow::Cow;

/// Whether two texts are the same, compared a word at a time after their lengths: the wasm
/// build's `memcmp`, which `==` calls, is a loop over single bytes, out of line (4% of
/// `simulate` in a profile, mostly comparing attribute names and remembered values).
pub fn same(left: &str, right: &str) -> bool {
    let (left, right) = (left.as_bytes(), right.as_bytes());
    if left.len() != right.len() {
        return false;
    }
    let (mut lefts, mut rights) = (left.chunks_exact(8), right.chunks_exact(8));
    lefts.by_ref().zip(rights.by_ref()).all(|(left, right)| word(left) == word(right)) && lefts.remainder().iter().zip(rights.remainder()).all(|(left, right)| left == right)
}

/// Eight bytes as one word, the first in its lowest byte, for the tests done on a whole word.
pub(crate) fn word(eight: &[u8]) -> u64 {
    u64::from_le_bytes(eight.first_chunk::<8>().copied().unwrap_or_default())
}

/// The bytes of `word` (eight bytes of text, the first lowest) that a JSON string cannot hold
/// as they are: a quote, a backslash or a control character, each flagged by its top bit. Exact
/// up to the first flagged byte, which is all a scan needs: `x - 0x01` per byte sets a top bit
/// only where the byte was zero or borrowed from one that was (so only above a true hit), and
/// `& !x` drops bytes of 0x80 and more; below 0x20 likewise with `x - 0x20`.
pub(crate) fn json_string_specials(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const TOPS: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x;
    (zero_byte(word ^ (ONES * u64::from(b'"'))) | zero_byte(word ^ (ONES * u64::from(b'\\'))) | (word.wrapping_sub(ONES * 0x20) & !word)) & TOPS
}

/// Accented Latin letters (Latin-1 Supplement and Latin Extended-A) and the letters they fold
/// to. A table rather than Unicode normalisation tables, whose size the wasm budget cannot
/// afford; decomposed accents (combining marks) are dropped separately.
const FOLDS: &[(&str, &str)] = &[
    ("ÀÁÂÃÄÅàáâãäåĀāĂăĄą", "a"),
    ("ÇçĆćĈĉĊċČč", "c"),
    ("ĎďĐđÐð", "d"),
    ("ÈÉÊËèéêëĒēĔĕĖėĘęĚě", "e"),
    ("ĜĝĞğĠġĢģ", "g"),
    ("ĤĥĦħ", "h"),
    ("ÌÍÎÏìíîïĨĩĪīĬĭĮįİı", "i"),
    ("Ĵĵ", "j"),
    ("Ķķ", "k"),
    ("ĹĺĻļĽľĿŀŁł", "l"),
    ("ÑñŃńŅņŇň", "n"),
    ("ÒÓÔÕÖØòóôõöøŌōŎŏŐő", "o"),
    ("ŔŕŖŗŘř", "r"),
    ("ŚśŜŝŞşŠš", "s"),
    ("ŢţŤťŦŧ", "t"),
    ("ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲų", "u"),
    ("Ŵŵ", "w"),
    ("ÝýÿŶŷŸ", "y"),
    ("ŹźŻżŽž", "z"),
    ("ß", "ss"),
    ("Ææ", "ae"),
    ("Œœ", "oe"),
    ("Þþ", "th"),
];

fn is_combining_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036f}').contains(&c)
}

/// Lower case, accents removed: "Zürich" and "ZURICH" fold alike.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        if is_combining_mark(c) {
            continue;
        }
        match FOLDS.iter().find(|(accented, _)| accented.contains(c)) {
            Some((_, plain)) => out.push_str(plain),
            None => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// [`fold`] without any white space: two names that differ only by case, spacing or accents
/// have the same key.
pub fn loose_key(text: &str) -> String {
    let mut key = fold(text);
    key.retain(|c| !c.is_whitespace());
    key
}

/// [`fold`] with apostrophes dropped, other punctuation made space and runs of white space
/// made one space, for names: "Côte d'Ivoire" -> "cote divoire", "Korea, Republic of" ->
/// "korea republic of", "Ai Voice(Lite)" -> "ai voice lite".
pub fn name_key(text: &str) -> String {
    let folded = fold(text);
    let spaced: String = folded.chars().filter(|c| !matches!(c, '\'' | '’')).map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Levenshtein distance in characters, for "did you mean" hints; stops counting at 8, which
/// is far beyond any hint worth giving.
pub fn edit_distance(left: &str, right: &str) -> usize {
    const FAR: usize = 8;
    let right: Vec<char> = right.chars().collect();
    if left.chars().count().abs_diff(right.len()) >= FAR {
        return FAR;
    }
    let mut previous: Vec<usize> = (0..=right.len()).collect();
    let mut current = vec![0; right.len() + 1];
    for (i, left_char) in left.chars().enumerate() {
        current[0] = i + 1;
        for (j, right_char) in right.iter().enumerate() {
            let substitution = previous[j] + usize::from(left_char != *right_char);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[right.len()].min(FAR)
}

/// The one candidate written as `name` in another letter case, or else the one within two
/// edits of it: a "did you mean" that is only offered when it is unambiguous.
pub fn closest<'c>(name: &str, candidates: impl Iterator<Item = &'c str> + Clone) -> Option<&'c str> {
    if let Some(same) = candidates.clone().find(|candidate| candidate.eq_ignore_ascii_case(name)) {
        return Some(same);
    }
    let mut near = candidates.filter(|candidate| edit_distance(candidate, name) <= 2);
    match (near.next(), near.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

/// `text` in ASCII lower case, in `buffer` when it fits (as every attribute path Dialpad
/// reads does), so the look-up of each attribute of each record allocates nothing.
pub fn ascii_lowercase<'b>(text: &'b str, buffer: &'b mut [u8; 64]) -> Cow<'b, str> {
    match buffer.get_mut(..text.len()) {
        Some(target) => {
            target.copy_from_slice(text.as_bytes());
            target.make_ascii_lowercase();
            // Lower-casing ASCII bytes keeps the text UTF-8.
            Cow::Borrowed(std::str::from_utf8(target).unwrap_or_default())
        }
        None => Cow::Owned(text.to_ascii_lowercase()),
    }
}

/// `text.trim()`, without decoding characters from either end when both end bytes are plain
/// ASCII other than white space, as nearly every value is: the rules trim each value they
/// read, several times per record.
pub fn trim(text: &str) -> &str {
    let plain = |byte: &u8| byte.is_ascii() && !matches!(byte, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ');
    match text.as_bytes() {
        [first, .., last] if plain(first) && plain(last) => text,
        [only] if plain(only) => text,
        _ => text.trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `same` is `==`: texts of every length up to three words, differing at each byte (the
    /// words and the tail), in length alone, or beyond ASCII.
    #[test]
    fn same_is_equality() {
        let base: String = "abcdefghijklmnopqrstuvwxyzäö".into();
        for length in 0..=base.len() {
            let Some(text) = base.get(..length) else { continue };
            assert!(same(text, text));
            for at in 0..length {
                let mut other = text.as_bytes().to_vec();
                other[at] ^= 0x20;
                if let Ok(other) = String::from_utf8(other) {
                    assert_eq!(same(text, &other), text == other, "{text:?} {other:?}");
                    assert!(!same(text, &other), "{text:?} at {at}");
                }
            }
            if let Some(shorter) = text.get(..length.saturating_sub(1)).filter(|_| length > 0) {
                assert!(!same(text, shorter), "{text:?}");
            }
        }
        assert!(!same("São Paulo", "Sao Paulo") && same("São Paulo", "São Paulo"));
    }

    #[test]
    fn folds_case_accents_and_spacing() {
        assert_eq!(fold("Zürich Straße"), "zurich strasse");
        assert_eq!(fold("Zu\u{0308}rich"), "zurich");
        assert_eq!(loose_key(" New  York "), loose_key("newyork"));
        assert_eq!(name_key("Côte d'Ivoire"), "cote divoire");
        assert_eq!(name_key("Korea, Republic of"), "korea republic of");
        assert_eq!(name_key("Ai Voice(Lite)"), "ai voice lite");
    }

    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(edit_distance("department", "departmnet"), 2);
        assert_eq!(edit_distance("lastName", "lastname"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("é", "e"), 1);
        assert_eq!(edit_distance("a", &"b".repeat(100)), 8);
    }

    /// The same as `str::trim` on every kind of end: ASCII, ASCII white space, other white
    /// space (U+0085, U+00A0, U+3000), other characters, one byte, none.
    #[test]
    fn trims_as_str_trim_does() {
        let ends = ["", "a", " ", "\t", "\u{b}", "\u{c}", "\r\n", "\u{85}", "\u{a0}", "\u{3000}", "é", "\u{1c}", "x y"];
        for start in ends {
            for end in ends {
                for middle in ["", "b", " mid "] {
                    let text = format!("{start}{middle}{end}");
                    assert_eq!(trim(&text), text.trim(), "{text:?}");
                }
            }
        }
    }
}
