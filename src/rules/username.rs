//! Username (Okta login, SCIM userName) becomes the Dialpad Email; the `email` attribute is
//! only compared with it (RULES.md section 2).

use super::values;
use crate::diagnostic::{Diagnostic, Rule, Severity::*};
use crate::input::Kind;
use crate::user::{Attr, UserView};

pub const MISSING: Rule = Rule { code: "username.missing", severity: Error, section: "2", summary: "login (userName) is missing or empty." };
pub const NOT_EMAIL: Rule = Rule { code: "username.not_email", severity: Error, section: "2", summary: "login (userName) is not an email address handle@domain." };
pub const LENGTH: Rule = Rule { code: "username.length", severity: Error, section: "2", summary: "login (userName) is outside Okta's 5 to 100 characters." };
pub const EMAIL_INVALID: Rule = Rule { code: "email.invalid", severity: Warning, section: "2", summary: "The email attribute is not an email address." };
pub const EMAIL_LENGTH: Rule = Rule { code: "email.length", severity: Error, section: "2", summary: "The email attribute is outside Okta's 5 to 100 characters." };
pub const EMAIL_DIFFERS: Rule = Rule { code: "email.differs", severity: Warning, section: "2", summary: "email differs from the username, which is what Dialpad uses as the Email." };

pub const RULES: &[&Rule] = &[&MISSING, &NOT_EMAIL, &LENGTH, &EMAIL_INVALID, &EMAIL_LENGTH, &EMAIL_DIFFERS];

const LENGTH_RANGE: std::ops::RangeInclusive<usize> = 5..=100;

pub fn check(view: &UserView<'_, '_>, out: &mut Vec<Diagnostic>) {
    let label = if view.kind == Some(Kind::OktaUser) { "login" } else { "userName" };
    let login = view.login.as_ref().and_then(|attr| values::text(attr).map(|text| (attr, text)));
    match login {
        Some((attr, text)) => check_login(attr, text, label, out),
        None if view.complete || view.login.is_some() => out.push(missing(view, label)),
        None => {}
    }
    if let Some((attr, email)) = view.email.as_ref().and_then(|attr| values::text(attr).map(|text| (attr, text))) {
        check_email(attr, email, out);
        if let Some((_, login)) = login.filter(|(_, login)| !login.eq_ignore_ascii_case(email)) {
            let message = format!("email \"{email}\" differs from {label} \"{login}\": Dialpad sets the user's Email from the username, so the user's Dialpad Email will be \"{login}\".");
            out.push(Diagnostic::new(&EMAIL_DIFFERS, &attr.at(), message).hint(format!("If \"{email}\" is the address the user should sign in with, make it the {label}.")));
        }
    }
}

fn missing(view: &UserView<'_, '_>, label: &str) -> Diagnostic {
    let at = view.login.as_ref().map_or_else(|| view.home(), Attr::at);
    let message = format!("{label} is missing or empty: Dialpad uses the username as the user's Email, so it cannot create the user.");
    Diagnostic::new(&MISSING, &at, message).hint(format!("Set {label} to the user's email address, handle@domain."))
}

fn check_login(attr: &Attr<'_, '_>, text: &str, label: &str, out: &mut Vec<Diagnostic>) {
    if !is_email_address(text) {
        let message = format!("{label} \"{text}\" is not an email address (handle@domain): Dialpad uses the username as the user's Email and will reject it.");
        out.push(Diagnostic::new(&NOT_EMAIL, &attr.at(), message).hint(format!("Use the user's email address as the {label}, for example jane.doe@example.com.")));
    }
    if let Some(message) = length_problem(label, text) {
        out.push(Diagnostic::new(&LENGTH, &attr.at(), message).hint("Okta usernames are 5 to 100 characters long."));
    }
}

fn check_email(attr: &Attr<'_, '_>, text: &str, out: &mut Vec<Diagnostic>) {
    if !is_email_address(text) {
        let message = format!("email \"{text}\" is not an email address: Okta will refuse to save the profile.");
        out.push(Diagnostic::new(&EMAIL_INVALID, &attr.at(), message).hint("Use handle@domain, for example jane.doe@example.com."));
    }
    if let Some(message) = length_problem("email", text) {
        out.push(Diagnostic::new(&EMAIL_LENGTH, &attr.at(), message).hint("Okta email addresses are 5 to 100 characters long."));
    }
}

fn length_problem(label: &str, text: &str) -> Option<String> {
    // A character is one to four bytes: a text of 20 to 100 bytes has 5 to 100 characters
    // without counting them.
    if (4 * LENGTH_RANGE.start()..=*LENGTH_RANGE.end()).contains(&text.len()) {
        return None;
    }
    let length = text.chars().count();
    (!LENGTH_RANGE.contains(&length)).then(|| {
        format!("{label} is {length} characters long; Okta allows {} to {}, so the profile cannot be saved or provisioned.", LENGTH_RANGE.start(), LENGTH_RANGE.end())
    })
}

/// handle@domain: a local part without spaces or special characters, and a domain of at
/// least two dot-separated labels, the last alphabetic. Deliberately stricter than RFC 5322
/// (no quoted local parts, no IP literals): those are not usernames Okta or Dialpad take.
pub fn is_email_address(text: &str) -> bool {
    if text.is_ascii() {
        return is_ascii_email_address(text.as_bytes());
    }
    let Some(at) = text.bytes().rposition(|byte| byte == b'@') else { return false };
    is_local_part(&text[..at]) && is_domain(&text[at + 1..])
}

/// The same rule in one pass over the bytes, for the ASCII text that nearly every login and
/// email of a batch is (this runs on both, for every record).
fn is_ascii_email_address(bytes: &[u8]) -> bool {
    let Some(at) = bytes.iter().rposition(|&byte| byte == b'@') else { return false };
    let (local, domain) = (&bytes[..at], &bytes[at + 1..]);
    if local.is_empty() || local.len() > 64 || local[0] == b'.' || local[local.len() - 1] == b'.' {
        return false;
    }
    let mut after_dot = false;
    for &byte in local {
        if (byte == b'.' && after_dot) || !is_local_ascii(byte) {
            return false;
        }
        after_dot = byte == b'.';
    }
    let mut labels = domain.split(|&byte| byte == b'.');
    let Some(tld) = labels.next_back() else { return false };
    let label_ok = |label: &[u8]| {
        !label.is_empty() && label.len() <= 63 && label[0] != b'-' && label[label.len() - 1] != b'-' && label.iter().all(|&byte| byte.is_ascii_alphanumeric() || byte == b'-')
    };
    let tld_ok = tld.len() >= 2 && (tld.iter().all(u8::is_ascii_alphabetic) || tld.starts_with(b"xn--"));
    let mut others = 0;
    tld_ok && label_ok(tld) && labels.all(|label| {
        others += 1;
        label_ok(label)
    }) && others > 0
}

fn is_local_part(local: &str) -> bool {
    let bytes = local.as_bytes();
    !local.is_empty()
        && local.len() <= 64
        && bytes[0] != b'.'
        && bytes[bytes.len() - 1] != b'.'
        && !bytes.windows(2).any(|pair| pair == b"..")
        && all_chars(local, is_local_ascii, char::is_alphanumeric)
}

/// Whether every character passes: `ascii` decides ASCII bytes (nearly every character of a
/// login, and this runs on every login and email of a batch), `other` the rest.
fn all_chars(text: &str, ascii: impl Fn(u8) -> bool, other: impl Fn(char) -> bool) -> bool {
    if text.is_ascii() {
        text.bytes().all(ascii)
    } else {
        text.chars().all(|c| if c.is_ascii() { ascii(c as u8) } else { other(c) })
    }
}

/// An ASCII letter, digit or one of RFC 5322's specials (beyond ASCII, a letter or digit).
fn is_local_ascii(byte: u8) -> bool {
    LOCAL_ASCII.get(usize::from(byte)).copied().unwrap_or(false)
}

/// `local_ascii` of each ASCII byte, as a table: one look-up per character of every login.
const LOCAL_ASCII: [bool; 128] = {
    let mut table = [false; 128];
    let mut byte = 0;
    while byte < 128 {
        table[byte as usize] = local_ascii(byte);
        byte += 1;
    }
    table
};

const fn local_ascii(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'!' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*' | b'+' | b'-' | b'/' | b'=' | b'?' | b'^' | b'_' | b'`' | b'{' | b'|' | b'}' | b'~' | b'.')
}

fn is_domain(domain: &str) -> bool {
    let Some(dot) = domain.bytes().rposition(|byte| byte == b'.') else { return false };
    let tld = &domain[dot + 1..];
    let tld_ok = tld.chars().nth(1).is_some() && (all_chars(tld, |byte| byte.is_ascii_alphabetic(), char::is_alphabetic) || tld.starts_with("xn--"));
    tld_ok && domain.split('.').all(is_domain_label)
}

fn is_domain_label(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= 63
        && !label.starts_with('-')
        && !label.ends_with('-')
        && all_chars(label, |byte| byte.is_ascii_alphanumeric() || byte == b'-', char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::{is_email_address, length_problem};

    /// Lengths are characters, whatever their bytes: at the limits, and past them in text
    /// whose bytes alone would say otherwise.
    #[test]
    fn lengths_count_characters_not_bytes() {
        let fits = |text: &str| length_problem("login", text).is_none();
        assert!(!fits("a@bc"), "4 characters");
        assert!(fits("a@b.c"), "5 characters");
        assert!(fits(&"a".repeat(100)) && !fits(&"a".repeat(101)));
        assert!(fits(&"😀".repeat(26)), "26 characters in 104 bytes");
        assert!(!fits(&"😀".repeat(101)), "101 characters");
        assert!(!fits("éé@é"), "4 characters in 7 bytes");
    }

    /// The rule as first written, character by character: the fast paths must agree with it.
    #[cfg(not(target_arch = "wasm32"))]
    fn reference(text: &str) -> bool {
        let local_char = |c: char| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c);
        let label = |label: &str| !label.is_empty() && label.len() <= 63 && !label.starts_with('-') && !label.ends_with('-') && label.chars().all(|c| c.is_alphanumeric() || c == '-');
        let Some((local, domain)) = text.rsplit_once('@') else { return false };
        let local_ok = !local.is_empty() && local.len() <= 64 && !local.starts_with('.') && !local.ends_with('.') && !local.contains("..") && local.chars().all(local_char);
        let Some((_, tld)) = domain.rsplit_once('.') else { return false };
        let tld_ok = tld.chars().count() >= 2 && (tld.chars().all(char::is_alphabetic) || tld.starts_with("xn--"));
        local_ok && tld_ok && domain.split('.').all(label)
    }

    // proptest is a native dev-dependency; this module is also compiled for the wasm tests.
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn agrees_with_the_rule_written_character_by_character(text in "[a-zé1.+@'-]{0,6}(@|\\.)?[a-zü0-9.-]{0,8}(\\.[a-zç]{0,3})?") {
            proptest::prop_assert_eq!(is_email_address(&text), reference(&text), "{:?}", text);
        }
    }

    #[test]
    fn email_addresses() {
        for good in ["bjensen@example.com", "jane.doe+ops@mail.example.co.uk", "ana@xn--bcher-kva.example", "josé@exämple.de"] {
            assert!(is_email_address(good), "{good}");
        }
        for bad in ["bjensen", "@example.com", "a@b", "a@b.c", "a b@example.com", "a@-x.com", "a..b@example.com", "a@example.123", "a@@b.co"] {
            assert!(!is_email_address(bad), "{bad}");
        }
    }
}
