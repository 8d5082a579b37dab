//! Okta Expression Language: every function with the examples Okta's reference documents and
//! their documented results, the operators, null handling, and the limits.
#![cfg(not(target_arch = "wasm32"))]

use scim_preflight::el::functions::Groups;
use scim_preflight::el::{self, evaluate, EvalError, Environment, Finding, Patterns, Value};
use scim_preflight::json::Span;
use std::collections::HashMap;

/// A user with a few attributes (Okta's "popular expressions" sample user), and groups.
struct User {
    attributes: HashMap<&'static str, Value<'static>>,
    groups: Option<Vec<String>>,
    patterns: Patterns,
}

impl User {
    fn winston() -> User {
        let mut attributes = HashMap::new();
        for (name, value) in [("firstName", "Winston"), ("lastName", "Churchill"), ("email", "winston.churchill@gmail.com"), ("login", "winston.churchill@gmail.com"), ("department", "Support"), ("blank", "")] {
            attributes.insert(name, Value::str(value));
        }
        attributes.insert("arrayAttribute", Value::Array(vec![Value::Int(10), Value::Int(20), Value::Int(30)]));
        attributes.insert("salary", Value::Int(1_200_000));
        attributes.insert("isContractor", Value::Bool(false));
        User { attributes, groups: Some(vec!["Sales".into(), "San Francisco".into(), "00g1emaKYZTWRYYRRTSK".into()]), patterns: Patterns::default() }
    }
}

impl Groups for User {
    fn groups(&self) -> Option<&[String]> {
        self.groups.as_deref()
    }

    fn matches(&mut self, pattern: &str, text: &str) -> Result<bool, String> {
        self.patterns.matches(pattern, text)
    }
}

impl<'a> Environment<'a> for User {
    fn user_attribute(&mut self, name: &str) -> Value<'a> {
        self.attributes.get(name).cloned().unwrap_or(Value::Null)
    }

    fn internal_property(&mut self, name: &str) -> Value<'a> {
        match name {
            "id" => Value::str("00u1abcd"),
            "status" => Value::str("ACTIVE"),
            _ => Value::Unknown,
        }
    }

    fn app_user_attribute(&mut self, name: &str, _at: Span) -> Result<Value<'a>, EvalError> {
        Ok(if name == "userName" { Value::str("wc@example.com") } else { Value::Null })
    }
}

fn eval_with(user: &mut User, text: &str) -> Result<Value<'static>, String> {
    let expr = el::parse(text).map_err(|error| format!("syntax: {}", error.message))?;
    let result = evaluate(&expr, user).map(|traced| traced.value.into_owned()).map_err(|error| error.message);
    result
}

fn eval(text: &str) -> Value<'static> {
    eval_with(&mut User::winston(), text).unwrap_or_else(|error| panic!("{text}: {error}"))
}

fn text(expression: &str) -> String {
    match eval(expression) {
        Value::Str(text) => text.into_owned(),
        other => panic!("{expression} gave {other:?}, not a string"),
    }
}

fn ints(values: &[i64]) -> Value<'static> {
    Value::Array(values.iter().map(|&value| Value::Int(value)).collect())
}

#[test]
fn string_functions_give_their_documented_results() {
    assert_eq!(text(r#"String.append("This is", " a test")"#), "This is a test");
    assert_eq!(text(r#"String.join(",", "This", "is", "a", "test")"#), "This,is,a,test");
    assert_eq!(text(r#"String.join("", "This", "is", "a", "test")"#), "Thisisatest");
    assert_eq!(eval(r#"String.len("This")"#), Value::Int(4));
    assert_eq!(text(r#"String.removeSpaces("This is a test")"#), "Thisisatest");
    assert_eq!(text(r#"String.replace("This is a test", "is", "at")"#), "That at a test");
    assert_eq!(text(r#"String.replaceFirst("This is a test", "is", "at")"#), "That is a test");
    assert_eq!(eval(r#"String.startsWith("Kiss", "K")"#), Value::Bool(true));
    assert_eq!(eval(r#"String.stringContains("This is a test", "test")"#), Value::Bool(true));
    assert_eq!(eval(r#"String.stringContains("This is a test", "doesn'tExist")"#), Value::Bool(false));
    assert_eq!(text(r#"String.stringSwitch("This is a test", "default", "key1", "value1")"#), "default");
    assert_eq!(text(r#"String.stringSwitch("This is a test", "default", "test", "value1")"#), "value1");
    assert_eq!(text(r#"String.stringSwitch("First match wins", "default", "absent", "value1", "wins", "value2", "match", "value3")"#), "value2");
    assert_eq!(text(r#"String.stringSwitch("Substrings count", "default", "ring", "value1")"#), "value1");
    assert_eq!(text(r#"String.substring("This is a test", 2, 9)"#), "is is a");
    assert_eq!(text(r#"String.substringAfter("abc@okta.com", "@")"#), "okta.com");
    assert_eq!(text(r#"String.substringBefore("abc@okta.com", "@")"#), "abc");
    assert_eq!(text(r#"String.toUpperCase("This")"#), "THIS");
    assert_eq!(text(r#"String.toLowerCase("ThiS")"#), "this");
    // Text beyond ASCII is cased as Unicode cases it (ASCII text takes a shorter way there).
    assert_eq!(text(r#"String.toUpperCase("straße São")"#), "STRASSE SÃO");
    assert_eq!(text(r#"String.toLowerCase("ÉCOLE Ü")"#), "école ü");
    assert_eq!(text(r#"String.toLowerCase("already lower")"#), "already lower");
}

#[test]
fn string_functions_at_their_edges() {
    // Not found: before gives the whole text, after gives nothing.
    assert_eq!(text(r#"String.substringBefore("Lisbon", ",")"#), "Lisbon");
    assert_eq!(text(r#"String.substringAfter("Lisbon", ",")"#), "");
    // Indices count UTF-16 units, as Java does, and are kept inside the text.
    assert_eq!(text(r#"String.substring("Zoë😀x", 2, 5)"#), "ë😀");
    assert_eq!(text(r#"String.substring("Lee", 0, 6)"#), "Lee");
    assert_eq!(eval(r#"String.len("😀")"#), Value::Int(2));
    // Numbers are read as text where a function needs text.
    assert_eq!(text("String.toUpperCase(42)"), "42");
    assert!(eval_with(&mut User::winston(), "String.toUpperCase({1})").unwrap_err().contains("needs text, not an array"));
}

#[test]
fn deprecated_functions_and_popular_expressions_give_the_documented_outputs() {
    assert_eq!(text("user.firstName"), "Winston");
    assert_eq!(text("user.firstName + user.lastName"), "WinstonChurchill");
    assert_eq!(text(r#"user.firstName + "." + user.lastName"#), "Winston.Churchill");
    assert_eq!(text("substring(user.firstName, 0, 1) + user.lastName"), "WChurchill");
    assert_eq!(text("substring(user.firstName, 0, 1) + substring(user.lastName, 0, 6)"), "WChurch");
    // Okta's page prints "w.churchhill" here, a typo for what the expression computes.
    assert_eq!(text(r#"toLowerCase(substring( user.firstName, 0, 1)) + "." + toLowerCase(user.lastName)"#), "w.churchill");
    assert_eq!(text(r#"toUpperCase(substringBefore( substringAfter(user.email, "@"), ".")) + "\" + substringBefore( user.email, "@")"#), "GMAIL\\winston.churchill");
    assert_eq!(text(r#"toUpperCase(substringBefore( substringAfter(user.email, "@"), ".")) + "\" + toLowerCase(substring( user.firstName, 0, 1)) + toLowerCase(user.lastName)"#), "GMAIL\\wchurchill");
    assert_eq!(text(r#""XDOMAIN\" + toLowerCase(substring( user.firstName, 0, 1)) + toLowerCase(user.lastName)"#), "XDOMAIN\\wchurchill");
    assert_eq!(text("toUpperCase('Alexander')"), "ALEXANDER");
    assert_eq!(text("substring('Alexander', 1, 4)"), "lex");
}

#[test]
fn array_functions_give_their_documented_results() {
    assert_eq!(eval("Arrays.add(user.arrayAttribute, 40)"), ints(&[10, 20, 30, 40]));
    assert_eq!(eval("Arrays.add({10, 20, 30}, 40)"), ints(&[10, 20, 30, 40]));
    assert_eq!(eval("Arrays.remove(user.arrayAttribute, 20)"), ints(&[10, 30]));
    assert_eq!(eval("Arrays.clear(user.arrayAttribute)"), ints(&[]));
    assert_eq!(eval("Arrays.get({0, 1, 2}, 0)"), Value::Int(0));
    assert_eq!(eval("Arrays.flatten(10, {20, 30}, 40)"), ints(&[10, 20, 30, 40]));
    let strings = |items: &[&str]| Value::Array(items.iter().map(|item| Value::str(item.to_string())).collect());
    assert_eq!(eval("Arrays.flatten('10, 20, 30, 40')"), strings(&["10", "20", "30", "40"]));
    assert_eq!(eval("Arrays.contains({10, 20, 30}, 10)"), Value::Bool(true));
    assert_eq!(eval("Arrays.contains({10, 20, 30}, 50)"), Value::Bool(false));
    assert_eq!(eval("Arrays.size({10, 20, 30})"), Value::Int(3));
    assert_eq!(eval("Arrays.size(NULL)"), Value::Int(0));
    assert_eq!(eval("Arrays.isEmpty({10, 20})"), Value::Bool(false));
    assert_eq!(eval("Arrays.isEmpty(NULL)"), Value::Bool(true));
    assert_eq!(text(r#"Arrays.toCsvString({"This", "is", " a ", "test"})"#), "This,is, a ,test");
    // Okta's way to make a one-element array from text.
    assert_eq!(eval("Arrays.add(Arrays.toCsvString({}), 'x')"), strings(&["x"]));
    assert_eq!(eval("{1, 2, 3}[0]"), Value::Int(1));
    assert_eq!(eval("user.arrayAttribute[2]"), Value::Int(30));
}

#[test]
fn conversion_functions_give_their_documented_results() {
    assert_eq!(eval("Convert.toInt('1234')"), Value::Int(1234));
    assert_eq!(eval("Convert.toInt(123.4)"), Value::Int(123));
    assert_eq!(eval("Convert.toInt(123.6)"), Value::Int(124));
    assert_eq!(eval("Convert.toNum('3.141')"), Value::Num(3141.0 / 1000.0));
    assert_eq!(text(r#"Iso3166Convert.toAlpha2("IND")"#), "IN");
    assert_eq!(text(r#"Iso3166Convert.toAlpha3("840")"#), "USA");
    assert_eq!(text(r#"Iso3166Convert.toNumeric("USA")"#), "840");
    assert_eq!(text(r#"Iso3166Convert.toName("IN")"#), "India");
    assert_eq!(eval(r#"Iso3166Convert.toAlpha2("Atlantis")"#), Value::Null);
    let error = eval_with(&mut User::winston(), "Convert.toInt('12a')").unwrap_err();
    assert!(error.contains("cannot read \"12a\""), "{error}");
}

#[test]
fn group_functions_read_the_given_groups() {
    assert_eq!(eval(r#"isMemberOfGroupName("Sales")"#), Value::Bool(true));
    assert_eq!(eval(r#"isMemberOfGroupName("sales")"#), Value::Bool(false));
    assert_eq!(eval(r#"isMemberOfGroup("00g1emaKYZTWRYYRRTSK")"#), Value::Bool(true));
    assert_eq!(eval(r#"isMemberOfAnyGroup("00gOther", "00g1emaKYZTWRYYRRTSK")"#), Value::Bool(true));
    assert_eq!(eval(r#"isMemberOfGroupNameStartsWith("San Fr")"#), Value::Bool(true));
    assert_eq!(eval(r#"isMemberOfGroupNameContains("admin")"#), Value::Bool(false));
    assert_eq!(eval(r#"isMemberOfGroupNameRegex(".*Franc.*")"#), Value::Bool(true));
    assert_eq!(eval(r#"isMemberOfGroupNameRegex("Franc")"#), Value::Bool(false), "the whole name must match");
    let mut no_groups = User { groups: None, ..User::winston() };
    assert_eq!(eval_with(&mut no_groups, r#"isMemberOfGroupName("Sales")"#), Ok(Value::Unknown));
    assert!(eval_with(&mut User::winston(), r#"isMemberOfGroupNameRegex("(")"#).unwrap_err().contains("not a regular expression"));
}

#[test]
fn operators_follow_spel() {
    assert_eq!(text("user.department == \"Support\" ? 'dialpad_support' : 'dialpad_talk'"), "dialpad_support");
    assert_eq!(eval("user.salary >= 1000000"), Value::Bool(true));
    assert_eq!(eval("user.salary > 1000000 AND !user.isContractor"), Value::Bool(true));
    assert_eq!(eval("user.salary < 10 OR user.isContractor"), Value::Bool(false));
    assert_eq!(eval("user.salary != 5 && user.firstName == 'Winston'"), Value::Bool(true));
    assert_eq!(eval("String.len(user.lastName) - 2 * 3"), Value::Int(3));
    assert_eq!(eval("7 / 2"), Value::Int(3));
    assert_eq!(eval("7 % 2"), Value::Int(1));
    assert_eq!(eval("1 + 0.5"), Value::Num(1.5));
    assert_eq!(text("'n' + 1 + 2"), "n12");
    assert_eq!(eval("1 == 1.0"), Value::Bool(true));
    assert_eq!(eval("'1' == 1"), Value::Bool(false));
    assert_eq!(eval("user.firstName matches 'W.*'"), Value::Bool(true));
    assert_eq!(eval("'Lead Engineer' matches '(?i).*engineer'"), Value::Bool(true));
    // `matches` on null is an error in SpEL.
    assert!(eval_with(&mut User::winston(), "user.title matches '(?i)engineer'").unwrap_err().contains("needs text"));
    assert_eq!(text("user.getInternalProperty(\"id\")"), "00u1abcd");
    assert_eq!(eval("user.getInternalProperty(\"status\") == \"ACTIVE\""), Value::Bool(true));
    assert_eq!(text("appuser.userName"), "wc@example.com");
    assert!(eval_with(&mut User::winston(), "1 / 0").unwrap_err().contains("division by zero"));
}

#[test]
fn null_is_an_unset_attribute_and_propagates() {
    let mut user = User::winston();
    // Unset attributes are null; String functions give null for a null argument.
    assert_eq!(eval("user.middleName"), Value::Null);
    assert_eq!(eval("String.toUpperCase(user.middleName)"), Value::Null);
    assert_eq!(eval("String.substringBefore(user.city, ',')"), Value::Null);
    assert_eq!(eval("String.len(user.middleName)"), Value::Null);
    assert_eq!(eval("user.middleName == null"), Value::Bool(true));
    assert_eq!(eval("user.blank == null"), Value::Bool(false));
    assert_eq!(eval("user.blank == \"\""), Value::Bool(true));
    // `+` writes null as "null", as Java's String.valueOf does.
    assert_eq!(text("user.firstName + ' ' + user.middleName"), "Winston null");
    // The documented idiom for null and blank.
    assert_eq!(text("user.employeeNumber != \"\" AND user.employeeNumber != null ? user.employeeNumber : user.lastName"), "Churchill");
    // Elvis: null or empty gives the fallback.
    assert_eq!(text("user.middleName ?: 'none'"), "none");
    assert_eq!(text("user.blank ?: 'none'"), "none");
    assert_eq!(text("user.firstName ?: 'none'"), "Winston");
    // A null condition stops evaluation, as SpEL does.
    let error = eval_with(&mut user, "String.stringContains(user.city, 'x') ? 'a' : 'b'").unwrap_err();
    assert!(error.contains("condition is null"), "{error}");
    assert!(eval_with(&mut user, "!user.nickName").unwrap_err().contains("null"));
    assert!(eval_with(&mut user, "user.nickName AND true").unwrap_err().contains("null"));
    assert!(eval_with(&mut user, "user.nickName + 1").unwrap_err().contains("needs two numbers"));
    // Comparisons put null first.
    assert_eq!(eval("user.nickName < 1"), Value::Bool(true));
}

#[test]
fn unknown_values_pass_through_every_operator() {
    for expression in [
        "Time.now()",
        "Time.now() + 'x'",
        "String.toUpperCase(org.name)",
        "getManagerUser('active_directory').firstName",
        "hasDirectoryUser() ? 'a' : 'b'",
        "!hasWorkdayUser()",
        "{1, Time.now()}[1]",
    ] {
        assert_eq!(eval_with(&mut User::winston(), expression), Ok(Value::Unknown), "{expression}");
    }
    // ...except where the known side decides.
    assert_eq!(eval("false AND hasDirectoryUser()"), Value::Bool(false));
    assert_eq!(eval("true OR hasDirectoryUser()"), Value::Bool(true));
    assert_eq!(text("true ? 'a' : Time.now()"), "a");
}

#[test]
fn literals_are_traced_through_conditions_and_switches() {
    let text = r#"user.department == "Support" ? "Dialpad_Support (Contact Center)" : "dialpad_talk""#;
    let expr = el::parse(text).unwrap();
    let traced = evaluate(&expr, &mut User::winston()).unwrap();
    let literal = traced.literal().expect("a literal");
    assert_eq!(&text[literal.start..literal.end], "\"Dialpad_Support (Contact Center)\"");
    let switch = r#"String.stringSwitch(user.department, "dialpad_talk", "Sales", "dialpad_sell", "Support", "Support")"#;
    let expr = el::parse(switch).unwrap();
    let literal = evaluate(&expr, &mut User::winston()).unwrap().literal().unwrap();
    assert_eq!(&switch[literal.start..literal.end], "\"Support\"");
    assert_eq!(literal.start, switch.rfind("\"Support\"").unwrap());
    let computed = el::parse("String.toLowerCase('X')").unwrap();
    assert_eq!(evaluate(&computed, &mut User::winston()).unwrap().literal(), None);
    let copied = el::parse("user.department == 'Sales' ? 'dialpad_sell' : user.licenseType").unwrap();
    assert_eq!(evaluate(&copied, &mut User::winston()).unwrap().source, el::Source::Attribute("licenseType"));
}

#[test]
fn inspection_finds_what_holds_for_every_user() {
    let findings = |text: &str, groups: bool| el::inspect(&el::parse(text).unwrap(), groups).0;
    assert_eq!(findings("String.toUpperCase(user.firstName)", false), vec![]);
    match &findings("String.substringbefore(user.email, '@')", false)[..] {
        [Finding::UnknownFunction { name, closest, .. }] => assert_eq!((name.as_str(), *closest), ("String.substringbefore", Some("String.substringBefore"))),
        other => panic!("{other:?}"),
    }
    match &findings("String.substring(user.email, 1)", false)[..] {
        [Finding::Arguments { name, given, expected, .. }] => assert_eq!((*name, *given, expected.as_str()), ("String.substring", 2, "3 arguments")),
        other => panic!("{other:?}"),
    }
    assert!(matches!(&findings("String.stringSwitch(user.a, 'd', 'k')", false)[..], [Finding::Arguments { .. }]));
    assert!(matches!(&findings("Time.now()", false)[..], [Finding::NotEvaluated { .. }]));
    assert!(matches!(&findings("org.name", false)[..], [Finding::NotEvaluated { .. }]));
    assert!(matches!(&findings("isMemberOfGroupName('x')", false)[..], [Finding::NotEvaluated { .. }]));
    assert_eq!(findings("isMemberOfGroupName('x')", true), vec![]);
    assert!(matches!(&findings("firstName + ' ' + lastName", false)[..], [Finding::BareName { .. }, Finding::BareName { .. }]));
    let (_, references) = el::inspect(&el::parse("user.firstName + appuser.userName + source.lastName").unwrap(), false);
    let names = |list: &[(String, Span)]| list.iter().map(|(name, _)| name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&references.user), ["firstName", "lastName"]);
    assert_eq!(names(&references.app_user), ["userName"]);
}

#[test]
fn values_cannot_grow_without_bound() {
    // Each replace multiplies the length by 8: the limit stops it long before memory does.
    let mut expression = "'aaaaaaaa'".to_string();
    for _ in 0..12 {
        expression = format!("String.replace({expression}, 'a', 'aaaaaaaa')");
    }
    let error = eval_with(&mut User::winston(), &expression).unwrap_err();
    assert!(error.contains("1048576"), "{error}");
    let error = eval_with(&mut User::winston(), &format!("'{}' + '{}'", "x".repeat(600_000), "y".repeat(600_000))).unwrap_err();
    assert!(error.contains("syntax") || error.contains("1048576"), "{error}");
}

/// An attribute only compared with literals (`==`, `!=`) decides an expression through those
/// comparisons alone: the literals are found, and any other read of it gives none.
#[test]
fn the_literals_an_attribute_is_only_compared_with_are_found() {
    let compared = |text: &str, name: &str| el::comparisons_of(&el::parse(text).unwrap(), name);
    let texts = |values: Option<Vec<Value<'static>>>| values.map(|values| values.iter().map(|value| format!("{value:?}")).collect::<Vec<_>>().join(" "));
    assert_eq!(texts(compared("(user.email != null && user.email != '') ? 'work' : ''", "email")), Some(format!("{:?} {:?}", Value::Null, Value::str(""))));
    assert_eq!(texts(compared("'US' == source.countryCode ? 1 : (user.countryCode == 2.5 ? true : user.other)", "countryCode")), Some(format!("{:?} {:?}", Value::str("US"), Value::Num(2.5))));
    assert_eq!(compared("'literal'", "email"), Some(Vec::new()));
    for read_otherwise in ["user.email", "user.email == user.email", "String.len(user.email) == 0", "user.email + '' == 'x'", "user.email > 'a'", "user.email == 'a' ? user.email : ''", "user.email == -1"] {
        assert_eq!(compared(read_otherwise, "email"), None, "{read_otherwise}");
    }
    let many = (0..65).map(|at| format!("user.x == {at}")).collect::<Vec<_>>().join(" OR ");
    assert_eq!(compared(&many, "x"), None, "more than 64 literals");
}
