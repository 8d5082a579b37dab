//! The admin's Okta attribute mappings (RULES.md section 2, and section 4 for namespaces):
//! what in a mapping keeps Dialpad from getting the user Okta is meant to send. `simulate`
//! finds these; this module says them.

use crate::diagnostic::{Diagnostic, Location, Rule, Severity::*};
use crate::input::ENTERPRISE_URN;

pub const INVALID: Rule = Rule { code: "mapping.invalid", severity: Error, section: "2", summary: "The mapping is not an Okta Profile Mappings object (properties of app attributes, each with an expression and a pushStatus)." };
pub const SYNTAX: Rule = Rule { code: "mapping.syntax", severity: Error, section: "2", summary: "An expression is not valid Okta Expression Language: Okta refuses to save the mapping." };
pub const UNKNOWN_FUNCTION: Rule = Rule { code: "mapping.unknown_function", severity: Error, section: "2", summary: "An expression calls a function Okta's Expression Language does not have." };
pub const ARGUMENTS: Rule = Rule { code: "mapping.arguments", severity: Error, section: "2", summary: "An expression calls a function with the wrong number of arguments." };
pub const UNKNOWN_ATTRIBUTE: Rule = Rule { code: "mapping.unknown_attribute", severity: Warning, section: "2", summary: "An expression reads user.<name> that is neither in Okta's base profile nor set for any user checked (a typo?), or a bare name without user." };
pub const NOT_EVALUATED: Rule = Rule { code: "mapping.not_evaluated", severity: Warning, section: "2", summary: "Valid Okta Expression Language whose value cannot be known offline (Time.now(), org.name, groups not given): the value is shown as unknown." };
pub const EVALUATION_ERROR: Rule = Rule { code: "mapping.evaluation_error", severity: Error, section: "2", summary: "For a user, the expression stops with an error (a condition that is null, text where a number is needed): Okta reports a mapping error instead of a value." };
pub const LIMIT: Rule = Rule { code: "mapping.limit", severity: Error, section: "2", summary: "An expression is beyond what this checker reads or computes (its length, its nesting, the size of a value): it is not evaluated." };
pub const REQUIRED_UNMAPPED: Rule = Rule { code: "mapping.required_unmapped", severity: Error, section: "2", summary: "userName, givenName or familyName has no expression: Okta cannot send the name and email Dialpad requires." };
pub const UNMAPPED: Rule = Rule { code: "mapping.unmapped", severity: Info, section: "2", summary: "An attribute Dialpad reads has no expression, so Okta never sends it; what Dialpad does without it." };
pub const CREATE_ONLY: Rule = Rule { code: "mapping.create_only", severity: Warning, section: "2", summary: "An attribute Dialpad reads has pushStatus DONT_PUSH: Okta applies it when the user is created, and later changes in Okta never reach Dialpad." };
pub const NAMESPACE: Rule = Rule { code: "mapping.namespace", severity: Error, section: "4", summary: "The app user schema gives an attribute Dialpad reads no externalNamespace (Okta drops it) or one other than where Dialpad reads it." };
pub const UNKNOWN_TARGET: Rule = Rule { code: "mapping.unknown_target", severity: Warning, section: "2", summary: "A mapping names an app attribute that the app user schema does not have: Okta has nowhere to put its value." };
pub const SCHEMA_ASSUMED: Rule = Rule { code: "mapping.schema_assumed", severity: Info, section: "4", summary: "No app user schema was given: the attributes of Okta's SCIM 2.0 template, with Dialpad's custom attributes in the enterprise extension, are assumed." };
pub const LICENSE_VALUES: Rule = Rule { code: "mapping.license_values", severity: Error, section: "3", summary: "Over the users checked, the licenseType expression gives some users a value that is not a license value (totals by value)." };
pub const OFFICE_VALUES: Rule = Rule { code: "mapping.office_values", severity: Warning, section: "5", summary: "Over the users checked, an office expression gives values that name no office (totals, with near misses)." };
pub const NOT_OKTA_USER: Rule = Rule { code: "mapping.not_okta_user", severity: Error, section: "1", summary: "A record given to simulate is not an Okta user (a SCIM body, a PATCH, a schema): mappings are evaluated on Okta users." };

pub const RULES: &[&Rule] = &[
    &INVALID, &SYNTAX, &UNKNOWN_FUNCTION, &ARGUMENTS, &UNKNOWN_ATTRIBUTE, &NOT_EVALUATED, &EVALUATION_ERROR, &LIMIT, &REQUIRED_UNMAPPED, &UNMAPPED, &CREATE_ONLY,
    &NAMESPACE, &UNKNOWN_TARGET, &SCHEMA_ASSUMED, &LICENSE_VALUES, &OFFICE_VALUES, &NOT_OKTA_USER,
];

/// The mapping of the table in Dialpad's article (RULES.md section 2), as Okta's Profile
/// Mappings API would return it for an admin who changed nothing: each Dialpad attribute from
/// the Okta attribute of the same meaning, the email with the template's work type.
pub const DEFAULT_MAPPING: &[(&str, &str)] = &[
    ("userName", "user.login"),
    ("givenName", "user.firstName"),
    ("familyName", "user.lastName"),
    ("email", "user.email"),
    ("emailType", "(user.email != null && user.email != '') ? 'work' : ''"),
    ("title", "user.title"),
    ("preferredLanguage", "user.preferredLanguage"),
    ("countryCode", "user.countryCode"),
    ("department", "user.department"),
    ("officeName", "user.officeName"),
    ("licenseType", "user.licenseType"),
];

/// The app user attributes Dialpad reads (RULES.md section 2) besides the office ones, by their
/// names in Okta's SCIM 2.0 template: what each gives Dialpad, and what Dialpad does without it
/// (`None`: Dialpad requires it).
pub const DIALPAD_READS: &[(&str, &str, Option<&str>)] = &[
    ("userName", "username (Dialpad's Email)", None),
    ("givenName", "first name", None),
    ("familyName", "last name", None),
    ("title", "Job Title", Some("the user gets no Job Title in Dialpad.")),
    ("preferredLanguage", "Language", Some("Dialpad gets no language for the user.")),
    ("countryCode", "Country", Some("Dialpad gets no Country, so the office cannot be chosen by country.")),
    ("licenseType", "License", Some("every user gets the account's default license.")),
];

/// The attributes that name the office, in the order Dialpad tries them (RULES.md section 5).
pub const OFFICE_ATTRIBUTES: [&str; 3] = ["officeName", "physicalDeliveryOfficeName", "department"];

const PROFILE_EDITOR: &str = "Fix it in Okta: Directory > Profile Editor > the Dialpad app > Mappings (Okta User to Dialpad).";

pub fn invalid(at: &Location, what: &str) -> Diagnostic {
    let message = format!("{what}: this is not an Okta profile mapping, so nothing in it can be simulated.");
    Diagnostic::new(&INVALID, at, message).hint("Pass the object GET /api/v1/mappings/{mappingId} returns for the Okta to Dialpad mapping, or { \"<app attribute>\": \"<expression>\" }.")
}

pub fn syntax(at: &Location, attribute: &str, error: &str) -> Diagnostic {
    let message = format!("The expression for {attribute} is not valid Okta Expression Language: {error}. Okta refuses to save it, so {attribute} gets no value.");
    Diagnostic::new(&SYNTAX, at, message).hint(PROFILE_EDITOR)
}

pub fn limit(at: &Location, attribute: &str, error: &str) -> Diagnostic {
    let message = format!("The expression for {attribute} is not evaluated: {error}.");
    Diagnostic::new(&LIMIT, at, message).hint("Shorten the expression; String.stringSwitch replaces a long chain of conditions.")
}

pub fn unknown_function(at: &Location, attribute: &str, name: &str, closest: Option<&str>) -> Diagnostic {
    let message = format!("The expression for {attribute} calls {name}, which is not a function of Okta's Expression Language: Okta refuses the mapping.");
    let hint = match closest {
        Some(closest) => format!("Did you mean {closest}? Function names are case-sensitive."),
        None if name.contains('.') && !name.starts_with("String.") && !name.starts_with("Arrays.") => {
            "Okta has no methods on values: call its functions, such as String.toUpperCase(user.firstName).".to_string()
        }
        None => "See the functions of Okta's Expression Language: String.*, Arrays.*, Convert.*, Iso3166Convert.*, the group functions.".to_string(),
    };
    Diagnostic::new(&UNKNOWN_FUNCTION, at, message).hint(hint)
}

pub fn arguments(at: &Location, attribute: &str, name: &str, expected: &str, given: usize) -> Diagnostic {
    let message = format!("The expression for {attribute} calls {name} with {given} argument{}, but it takes {expected}: Okta refuses the mapping.", if given == 1 { "" } else { "s" });
    Diagnostic::new(&ARGUMENTS, at, message).hint(PROFILE_EDITOR)
}

pub fn not_evaluated(at: &Location, attribute: &str, construct: &str, why: &str) -> Diagnostic {
    let message = format!("The expression for {attribute} uses {construct}, which is not evaluated here: {why}. Its value is shown as unknown, and the checks that depend on it are left out.");
    Diagnostic::new(&NOT_EVALUATED, at, message).hint("Use Okta's Preview (Profile Editor > Mappings) for one user to see this value.")
}

pub fn unknown_attribute(at: &Location, attribute: &str, name: &str, users: usize, closest: Option<&str>) -> Diagnostic {
    let whom = if users == 1 { "the user checked does not have it".to_string() } else { format!("none of the {users} users checked has it") };
    let message = format!("The expression for {attribute} reads user.{name}, which is not an attribute of Okta's base profile, and {whom}: if it is not a custom attribute of your Okta profile, Okta refuses the mapping; if it is, it is unset for these users.");
    let diagnostic = Diagnostic::new(&UNKNOWN_ATTRIBUTE, at, message);
    match closest {
        Some(closest) => diagnostic.hint(format!("Did you mean user.{closest}? Attribute names are case-sensitive.")),
        None => diagnostic.hint("Check the attribute's variable name in Okta's Profile Editor (Directory > Profile Editor > User (default))."),
    }
}

pub fn bare_name(at: &Location, attribute: &str, name: &str) -> Diagnostic {
    let message = format!("The expression for {attribute} names {name} on its own: Okta reads the Okta user's attributes as user.{name}, so it refuses this.");
    Diagnostic::new(&UNKNOWN_ATTRIBUTE, at, message).hint(format!("Write user.{name}."))
}

pub fn evaluation_error(at: &Location, attribute: &str, error: &str) -> Diagnostic {
    let message = format!("For this user, the expression for {attribute} stops with an error: {error}. Okta reports a mapping error instead of sending a value.");
    Diagnostic::new(&EVALUATION_ERROR, at, message).hint("Guard the expression for users without the attribute, e.g. user.department != null ? ... : ...")
}

pub fn required_unmapped(at: &Location, attribute: &str, feeds: &str) -> Diagnostic {
    let message = format!("{attribute} has no expression: Okta sends no {feeds}, which Dialpad requires, so it cannot create the user.");
    Diagnostic::new(&REQUIRED_UNMAPPED, at, message).hint(format!("Map {attribute} in Okta's Profile Editor, e.g. from {}.", default_source(attribute)))
}

pub fn no_office_attribute(at: &Location) -> Diagnostic {
    let message = "None of officeName, physicalDeliveryOfficeName and department has an expression: Dialpad places every user by country, and where the country decides nothing, in the office it chooses.";
    Diagnostic::new(&UNMAPPED, at, message).hint("Map officeName (a custom attribute in the enterprise extension) to the exact names of your Dialpad offices.")
}

pub fn unmapped(at: &Location, attribute: &str, consequence: &str) -> Diagnostic {
    let message = format!("{attribute} has no expression, so Okta never sends it: {consequence}");
    Diagnostic::new(&UNMAPPED, at, message).hint(format!("To send it, map {attribute}, e.g. from {}.", default_source(attribute)))
}

fn default_source(attribute: &str) -> &'static str {
    DEFAULT_MAPPING.iter().find(|(name, _)| *name == attribute).map_or("an Okta attribute", |(_, expression)| expression)
}

pub fn create_only(at: &Location, attribute: &str) -> Diagnostic {
    let message = format!("{attribute} has pushStatus DONT_PUSH (\"Apply mapping on user create only\"): Okta sends it when it creates the user in Dialpad, and later changes in Okta never reach Dialpad.");
    Diagnostic::new(&CREATE_ONLY, at, message).hint("Set it to apply on create and update (pushStatus PUSH) if Dialpad should follow changes.")
}

pub fn namespace(at: &Location, attribute: &str, namespace: Option<&str>, wanted: &str) -> Diagnostic {
    let message = match namespace {
        None => format!("The app user schema gives {attribute} no externalNamespace: Okta drops attributes without a proper namespace from what it sends, so Dialpad never sees the value."),
        Some(other) => format!("The app user schema puts {attribute} in the namespace \"{other}\": Okta sends it there, where Dialpad does not read it, so Dialpad never sees the value."),
    };
    Diagnostic::new(&NAMESPACE, at, message).hint(format!("In Okta's Profile Editor, give {attribute} the external namespace {wanted}."))
}

pub fn unknown_target(at: &Location, attribute: &str, schema_given: bool) -> Diagnostic {
    let message = if schema_given {
        format!("The app user schema has no attribute {attribute}: Okta has nowhere to put this expression's value, so it is not sent.")
    } else {
        format!("{attribute} is neither an attribute of Okta's SCIM 2.0 template nor one Dialpad reads: where Okta sends it depends on your app user schema, which was not given, so it is left out.")
    };
    Diagnostic::new(&UNKNOWN_TARGET, at, message).hint("Pass the Dialpad app's user schema (options.schema, --schema) or add the attribute in Okta's Profile Editor.")
}

pub fn schema_assumed(at: &Location) -> Diagnostic {
    let message = format!("No app user schema was given: Okta's SCIM 2.0 template attributes are assumed (userName, name.givenName, emails, addresses, ...), with department, officeName, physicalDeliveryOfficeName and licenseType in {ENTERPRISE_URN}.");
    Diagnostic::new(&SCHEMA_ASSUMED, at, message).hint("Pass the app's user schema (GET /api/v1/meta/schemas/apps/{appId}/default) to simulate your own namespaces and external names.")
}

/// One value over the batch, and how many users got it.
pub struct Tally<'t> {
    pub value: &'t str,
    pub users: usize,
    /// The license value or office it nearly names.
    pub near: Option<&'t str>,
}

pub fn license_values(at: &Location, attribute: &str, tallies: &[Tally<'_>], total: usize) -> Diagnostic {
    let users: usize = tallies.iter().map(|tally| tally.users).sum();
    let message = format!("The expression for {attribute} gives {users} of {total} users a value that is not a license value, so Dialpad will not recognise their license: {}.", listed(tallies, "should be"));
    let diagnostic = Diagnostic::new(&LICENSE_VALUES, at, message);
    diagnostic.hint("Make the expression produce exactly one of dialpad_talk, dialpad_lite, dialpad_support, dialpad_sell, dialpad_tfb.")
}

pub fn office_values(at: &Location, attribute: &str, tallies: &[Tally<'_>], total: usize) -> Diagnostic {
    let users: usize = tallies.iter().map(|tally| tally.users).sum();
    let message = format!("The expression for {attribute} gives {users} of {total} users a value that names no office, so Dialpad falls back to the next office attribute or the country: {}.", listed(tallies, "nearly names"));
    Diagnostic::new(&OFFICE_VALUES, at, message).hint("Make the expression produce the office names exactly as Dialpad shows them.")
}

/// `412 users get "Support" (should be "dialpad_support"), 3 get "x"`, the largest first, at most ten.
fn listed(tallies: &[Tally<'_>], near_word: &str) -> String {
    let mut parts: Vec<String> = tallies
        .iter()
        .take(10)
        .enumerate()
        .map(|(index, tally)| {
            let (noun, verb) = if tally.users == 1 { ("user", "gets") } else { ("users", "get") };
            let who = if index == 0 { format!("{} {noun} {verb}", tally.users) } else { format!("{} {verb}", tally.users) };
            let near = tally.near.map_or_else(String::new, |near| format!(" ({near_word} \"{near}\")"));
            format!("{who} \"{}\"{near}", tally.value)
        })
        .collect();
    if tallies.len() > 10 {
        parts.push(format!("and {} other values", tallies.len() - 10));
    }
    parts.join(", ")
}

pub fn not_okta_user(at: &Location, kind: &str) -> Diagnostic {
    let message = format!("This record is a {kind}, not an Okta user: mappings turn Okta users into the SCIM body, so it is not simulated.");
    Diagnostic::new(&NOT_OKTA_USER, at, message).hint("Give simulate Okta users (Users API objects, profiles, or an Okta user export); check SCIM bodies with validate.")
}
