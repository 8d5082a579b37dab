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
    let at = view.login.as_ref().map_or_else(|| view.home.clone(), Attr::at);
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
    let length = text.chars().count();
    (!LENGTH_RANGE.contains(&length)).then(|| {
        format!("{label} is {length} characters long; Okta allows {} to {}, so the profile cannot be saved or provisioned.", LENGTH_RANGE.start(), LENGTH_RANGE.end())
    })
}

/// handle@domain: a local part without spaces or special characters, and a domain of at
/// least two dot-separated labels, the last alphabetic. Deliberately stricter than RFC 5322
/// (no quoted local parts, no IP literals): those are not usernames Okta or Dialpad take.
pub fn is_email_address(text: &str) -> bool {
    let Some((local, domain)) = text.rsplit_once('@') else { return false };
    is_local_part(local) && is_domain(domain)
}

fn is_local_part(local: &str) -> bool {
    !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.as_bytes().windows(2).any(|pair| pair == b"..")
        && local.chars().all(is_local_char)
}

/// A letter, a digit or one of RFC 5322's specials (a `matches!`, not a search of a string
/// per character: this runs on every login and email of a batch).
fn is_local_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '!' | '#' | '$' | '%' | '&' | '\'' | '*' | '+' | '-' | '/' | '=' | '?' | '^' | '_' | '`' | '{' | '|' | '}' | '~' | '.')
}

fn is_domain(domain: &str) -> bool {
    let Some((_, tld)) = domain.rsplit_once('.') else { return false };
    let tld_ok = tld.chars().count() >= 2 && (tld.chars().all(char::is_alphabetic) || tld.starts_with("xn--"));
    tld_ok && domain.split('.').all(is_domain_label)
}

fn is_domain_label(label: &str) -> bool {
    !label.is_empty() && label.len() <= 63 && !label.starts_with('-') && !label.ends_with('-') && label.chars().all(|c| c.is_alphanumeric() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::is_email_address;

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
