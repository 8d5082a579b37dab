//! Language: preferredLanguage must be a language tag (RFC 7231 / BCP 47), RULES.md section 2.

use super::{country, values};
use crate::diagnostic::{Diagnostic, Rule, Severity::*};
use crate::text::name_key;
use crate::user::{Attr, UserView};
use language_tags::LanguageTag;

pub const INVALID: Rule = Rule { code: "language.invalid", severity: Error, section: "2", summary: "preferredLanguage is not a language tag (a name such as \"English\", or \"en_US\")." };
pub const UNKNOWN: Rule = Rule { code: "language.unknown", severity: Warning, section: "2", summary: "preferredLanguage is a well-formed tag whose two-letter language is not in ISO 639-1." };

pub const RULES: &[&Rule] = &[&INVALID, &UNKNOWN];

pub fn check(view: &UserView<'_, '_>, out: &mut Vec<Diagnostic>) {
    let Some(attr) = &view.language else { return };
    let Some(text) = values::text(attr) else { return };
    if let Some(primary) = simple_tag_language(text) {
        check_primary(attr, text, primary, out);
        return;
    }
    match LanguageTag::parse(text) {
        Ok(tag) if tag.primary_language().len() <= 3 => check_primary(attr, text, tag.primary_language(), out),
        _ => out.push(invalid(attr, text)),
    }
}

/// The language of a tag of the forms nearly every profile uses, "en", "haw", "en-US",
/// "es-419": two or three lower-case letters, then maybe a region (two letters or three
/// digits). BCP 47's grammar makes each of these a well-formed tag, so the full parser (which
/// allocates) is needed only for the rest. `None` for any other form.
fn simple_tag_language(text: &str) -> Option<&str> {
    let (language, region) = match text.split_once('-') {
        Some((language, region)) => (language, Some(region)),
        None => (text, None),
    };
    // The parser gives the language in lower case: only a language written so is taken here.
    let language_ok = (2..=3).contains(&language.len()) && language.bytes().all(|byte| byte.is_ascii_lowercase());
    let region_ok = region.is_none_or(|region| {
        (region.len() == 2 && region.bytes().all(|byte| byte.is_ascii_alphabetic())) || (region.len() == 3 && region.bytes().all(|byte| byte.is_ascii_digit()))
    });
    (language_ok && region_ok).then_some(language)
}

fn check_primary(attr: &Attr<'_, '_>, text: &str, primary: &str, out: &mut Vec<Diagnostic>) {
    if primary.len() == 2 && iso639_1_name(primary).is_none() {
        let message = format!("preferredLanguage \"{text}\" is well formed, but \"{primary}\" is no ISO 639-1 language: Dialpad will not recognise it and uses the account's default language.");
        out.push(Diagnostic::new(&UNKNOWN, &attr.at(), message).hint("Use a tag such as \"en\", \"fr\" or \"es-MX\"."));
    }
}

fn invalid(attr: &Attr<'_, '_>, text: &str) -> Diagnostic {
    let fix = suggest(text);
    let hint = match &fix {
        Some(tag) => format!("Use \"{tag}\"."),
        None => "Use a language tag such as \"en\", \"en-US\" or \"fr-CA\".".to_string(),
    };
    let message = format!("preferredLanguage \"{text}\" is not a language tag (BCP 47): Dialpad cannot read it, so the user gets the account's default language.");
    Diagnostic::new(&INVALID, &attr.at(), message).hint(hint).maybe_suggest(fix)
}

/// The tag a value certainly means: "English" -> "en", "en_US" -> "en-US",
/// "English (United States)" -> "en-US".
pub fn suggest(text: &str) -> Option<String> {
    if text.contains('_') {
        let hyphenated = text.replace('_', "-");
        if LanguageTag::parse(&hyphenated).is_ok_and(|tag| tag.primary_language().len() <= 3) {
            return Some(hyphenated);
        }
    }
    if let Some((name, region)) = text.strip_suffix(')').and_then(|rest| rest.split_once('(')) {
        let language = code_for_name(name)?;
        let region = country::alpha2(region.trim())?;
        return Some(format!("{language}-{region}"));
    }
    code_for_name(text).map(str::to_string)
}

fn code_for_name(name: &str) -> Option<&'static str> {
    static KEYS: std::sync::OnceLock<Vec<(String, &'static str)>> = std::sync::OnceLock::new();
    let keys = KEYS.get_or_init(|| ISO_639_1.iter().map(|(code, english)| (name_key(english), *code)).collect());
    let key = name_key(name);
    keys.iter().find(|(english, _)| *english == key).map(|(_, code)| *code)
}

pub fn iso639_1_name(code: &str) -> Option<&'static str> {
    // Every code is two lower-case letters, and the table is in code order (a test checks
    // both): a binary search, each code compared as one number in the order of its two bytes,
    // with no string to allocate and no slice comparison (a call and a byte loop in wasm).
    let pair: [u8; 2] = code.as_bytes().try_into().ok()?;
    let wanted = u16::from_be_bytes(pair.map(|byte| byte.to_ascii_lowercase()));
    let key = |candidate: &str| candidate.as_bytes().first_chunk::<2>().map_or(0, |pair| u16::from_be_bytes(*pair));
    ISO_639_1.binary_search_by_key(&wanted, |(candidate, _)| key(candidate)).ok().map(|at| ISO_639_1[at].1)
}

/// ISO 639-1 codes and English names. Checked against the `isolang` crate by a native test;
/// that crate carries all of ISO 639-3 and is too large to ship in the wasm.
pub const ISO_639_1: &[(&str, &str)] = &[
    ("aa", "Afar"), ("ab", "Abkhazian"), ("ae", "Avestan"), ("af", "Afrikaans"), ("ak", "Akan"), ("am", "Amharic"), ("an", "Aragonese"),
    ("ar", "Arabic"), ("as", "Assamese"), ("av", "Avaric"), ("ay", "Aymara"), ("az", "Azerbaijani"), ("ba", "Bashkir"), ("be", "Belarusian"),
    ("bg", "Bulgarian"), ("bi", "Bislama"), ("bm", "Bambara"), ("bn", "Bengali"), ("bo", "Tibetan"), ("br", "Breton"), ("bs", "Bosnian"),
    ("ca", "Catalan"), ("ce", "Chechen"), ("ch", "Chamorro"), ("co", "Corsican"), ("cr", "Cree"), ("cs", "Czech"), ("cu", "Church Slavic"),
    ("cv", "Chuvash"), ("cy", "Welsh"), ("da", "Danish"), ("de", "German"), ("dv", "Dhivehi"), ("dz", "Dzongkha"), ("ee", "Ewe"),
    ("el", "Greek"), ("en", "English"), ("eo", "Esperanto"), ("es", "Spanish"), ("et", "Estonian"), ("eu", "Basque"), ("fa", "Persian"),
    ("ff", "Fulah"), ("fi", "Finnish"), ("fj", "Fijian"), ("fo", "Faroese"), ("fr", "French"), ("fy", "Western Frisian"), ("ga", "Irish"),
    ("gd", "Scottish Gaelic"), ("gl", "Galician"), ("gn", "Guarani"), ("gu", "Gujarati"), ("gv", "Manx"), ("ha", "Hausa"), ("he", "Hebrew"),
    ("hi", "Hindi"), ("ho", "Hiri Motu"), ("hr", "Croatian"), ("ht", "Haitian"), ("hu", "Hungarian"), ("hy", "Armenian"), ("hz", "Herero"),
    ("ia", "Interlingua"), ("id", "Indonesian"), ("ie", "Interlingue"), ("ig", "Igbo"), ("ii", "Sichuan Yi"), ("ik", "Inupiaq"), ("io", "Ido"),
    ("is", "Icelandic"), ("it", "Italian"), ("iu", "Inuktitut"), ("ja", "Japanese"), ("jv", "Javanese"), ("ka", "Georgian"), ("kg", "Kongo"),
    ("ki", "Kikuyu"), ("kj", "Kuanyama"), ("kk", "Kazakh"), ("kl", "Kalaallisut"), ("km", "Khmer"), ("kn", "Kannada"), ("ko", "Korean"),
    ("kr", "Kanuri"), ("ks", "Kashmiri"), ("ku", "Kurdish"), ("kv", "Komi"), ("kw", "Cornish"), ("ky", "Kirghiz"), ("la", "Latin"),
    ("lb", "Luxembourgish"), ("lg", "Ganda"), ("li", "Limburgish"), ("ln", "Lingala"), ("lo", "Lao"), ("lt", "Lithuanian"), ("lu", "Luba-Katanga"),
    ("lv", "Latvian"), ("mg", "Malagasy"), ("mh", "Marshallese"), ("mi", "Maori"), ("mk", "Macedonian"), ("ml", "Malayalam"), ("mn", "Mongolian"),
    ("mr", "Marathi"), ("ms", "Malay"), ("mt", "Maltese"), ("my", "Burmese"), ("na", "Nauru"), ("nb", "Norwegian Bokmål"), ("nd", "North Ndebele"),
    ("ne", "Nepali"), ("ng", "Ndonga"), ("nl", "Dutch"), ("nn", "Norwegian Nynorsk"), ("no", "Norwegian"), ("nr", "South Ndebele"), ("nv", "Navajo"),
    ("ny", "Nyanja"), ("oc", "Occitan"), ("oj", "Ojibwa"), ("om", "Oromo"), ("or", "Oriya"), ("os", "Ossetian"), ("pa", "Punjabi"),
    ("pi", "Pali"), ("pl", "Polish"), ("ps", "Pashto"), ("pt", "Portuguese"), ("qu", "Quechua"), ("rm", "Romansh"), ("rn", "Rundi"),
    ("ro", "Romanian"), ("ru", "Russian"), ("rw", "Kinyarwanda"), ("sa", "Sanskrit"), ("sc", "Sardinian"), ("sd", "Sindhi"), ("se", "Northern Sami"),
    ("sg", "Sango"), ("sh", "Serbo-Croatian"), ("si", "Sinhala"), ("sk", "Slovak"), ("sl", "Slovenian"), ("sm", "Samoan"), ("sn", "Shona"), ("so", "Somali"),
    ("sq", "Albanian"), ("sr", "Serbian"), ("ss", "Swati"), ("st", "Southern Sotho"), ("su", "Sundanese"), ("sv", "Swedish"), ("sw", "Swahili"),
    ("ta", "Tamil"), ("te", "Telugu"), ("tg", "Tajik"), ("th", "Thai"), ("ti", "Tigrinya"), ("tk", "Turkmen"), ("tl", "Tagalog"),
    ("tn", "Tswana"), ("to", "Tonga"), ("tr", "Turkish"), ("ts", "Tsonga"), ("tt", "Tatar"), ("tw", "Twi"), ("ty", "Tahitian"),
    ("ug", "Uighur"), ("uk", "Ukrainian"), ("ur", "Urdu"), ("uz", "Uzbek"), ("ve", "Venda"), ("vi", "Vietnamese"), ("vo", "Volapük"),
    ("wa", "Walloon"), ("wo", "Wolof"), ("xh", "Xhosa"), ("yi", "Yiddish"), ("yo", "Yoruba"), ("za", "Zhuang"), ("zh", "Chinese"),
    ("zu", "Zulu"),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Where the quick reading of a tag answers, it answers as the full parser does.
    #[test]
    fn simple_tags_read_as_the_parser_reads_them() {
        let parts = ["", "e", "en", "EN", "haw", "abcd", "é", "1", "US", "us", "419", "41", "4190", "Latn", "x", "en-US"];
        for language in parts {
            for region in [None, Some("US"), Some("419"), Some("u"), Some(""), Some("Latn"), Some("12a"), Some("US-x")] {
                let text = match region {
                    Some(region) => format!("{language}-{region}"),
                    None => language.to_string(),
                };
                if let Some(primary) = simple_tag_language(&text) {
                    let parsed = LanguageTag::parse(&text).unwrap_or_else(|error| panic!("{text:?}: {error}"));
                    assert_eq!(primary, parsed.primary_language(), "{text:?}");
                }
            }
        }
        assert_eq!(simple_tag_language("pt-BR"), Some("pt"));
        assert_eq!(simple_tag_language("es-419"), Some("es"));
        assert_eq!(simple_tag_language("EN"), None, "the parser's reading, in lower case, is the one reported");
        assert_eq!(simple_tag_language("en_US"), None);
        assert_eq!(simple_tag_language("zh-Hant-TW"), None);
    }

    #[test]
    fn suggestions_are_certain_tags() {
        assert_eq!(suggest("English").as_deref(), Some("en"));
        assert_eq!(suggest("french").as_deref(), Some("fr"));
        assert_eq!(suggest("en_US").as_deref(), Some("en-US"));
        assert_eq!(suggest("English (United States)").as_deref(), Some("en-US"));
        assert_eq!(suggest("Klingon"), None);
    }

    #[test]
    fn table_is_in_code_order_so_every_code_is_found() {
        assert!(ISO_639_1.windows(2).all(|pair| pair[0].0 < pair[1].0));
        assert!(ISO_639_1.iter().all(|(code, _)| code.len() == 2 && code.bytes().all(|byte| byte.is_ascii_lowercase())));
        assert!(ISO_639_1.iter().all(|(code, name)| iso639_1_name(code) == Some(name)));
        assert_eq!(iso639_1_name("DE"), Some("German"));
        assert_eq!((iso639_1_name("d"), iso639_1_name("deu"), iso639_1_name("é")), (None, None, None));
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn table_matches_the_iso_639_1_registry() {
        let registry: std::collections::BTreeSet<String> =
            isolang::languages().filter_map(|language| language.to_639_1()).map(str::to_string).collect();
        let ours: std::collections::BTreeSet<String> = ISO_639_1.iter().map(|(code, _)| code.to_string()).collect();
        let missing: Vec<_> = registry.difference(&ours).collect();
        let extra: Vec<_> = ours.difference(&registry).collect();
        assert!(missing.is_empty() && extra.is_empty(), "missing {missing:?}, not in ISO 639-1 {extra:?}");
        for (code, name) in ISO_639_1 {
            let english = isolang::Language::from_639_1(code).unwrap().to_name();
            // Names may be the everyday variant ("Limburgish" for "Limburgan"): same stem.
            let stem: String = name.chars().take(5).collect();
            // Punjabi/Panjabi and Pashto/Pushto: the registry keeps the older spelling.
            assert!(english.contains(&stem) || ["pa", "ps"].contains(code), "{code}: {name} vs {english}");
        }
    }
}
