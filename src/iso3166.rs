//! ISO 3166-1 country codes and names: the data below the country rules (RULES.md section 2)
//! and the expression language's `Iso3166Convert` functions.

pub struct Country {
    pub alpha2: &'static str,
    pub alpha3: &'static str,
    pub numeric: u16,
    pub name: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/countries.rs"));

/// The country of an alpha-2, alpha-3 or numeric code, in any letter case ("IN", "ind", "356").
pub fn by_code(code: &str) -> Option<&'static Country> {
    match code.len() {
        2 => COUNTRIES.iter().find(|country| country.alpha2.eq_ignore_ascii_case(code)),
        3 if code.bytes().all(|byte| byte.is_ascii_digit()) => {
            let numeric: u16 = code.parse().ok()?;
            COUNTRIES.iter().find(|country| country.numeric == numeric)
        }
        3 => COUNTRIES.iter().find(|country| country.alpha3.eq_ignore_ascii_case(code)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_of_every_kind_name_the_country() {
        assert_eq!(by_code("IND").map(|country| country.alpha2), Some("IN"));
        assert_eq!(by_code("840").map(|country| country.alpha3), Some("USA"));
        assert_eq!(by_code("gb").map(|country| country.numeric), Some(826));
        assert_eq!(by_code("IN").map(|country| country.name), Some("India"));
        assert!(by_code("XX").is_none() && by_code("999").is_none() && by_code("").is_none());
    }
}
