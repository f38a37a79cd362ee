//! Reading amounts the way Indian aspirants write them.
//!
//! "₹5.96 lakh crore", "5,96,000 crore", "10 trillion yen", "JPY 10,000,000,000,000" and
//! "$68 bn" are all quantities: one number, optional scale words that multiply it (Indian
//! lakh and crore, international thousand to trillion), and an optional currency given
//! by word, code or symbol. Other words ("about", "km", "people") are ignored, so an
//! answer may carry its unit; a second number makes the answer ambiguous and is refused.

use std::fmt;

/// A currency named in a quantity or in a numeric card's unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Currency {
    Inr,
    Jpy,
    Usd,
}

impl Currency {
    /// Recognises a currency word, code or symbol (already lower-cased).
    pub fn from_word(word: &str) -> Option<Currency> {
        match word {
            "₹" | "rs" | "inr" | "rupee" | "rupees" => Some(Currency::Inr),
            "¥" | "jpy" | "yen" => Some(Currency::Jpy),
            "$" | "usd" | "us$" | "dollar" | "dollars" => Some(Currency::Usd),
            _ => None,
        }
    }

    /// The currency a numeric card's `unit` names, if it names one.
    pub fn from_unit(unit: &str) -> Option<Currency> {
        let unit = unit.trim().to_lowercase();
        Currency::from_word(&unit).or_else(|| {
            tokens(&unit).into_iter().find_map(|t| match t {
                Token::Word(w) => Currency::from_word(&w),
                Token::Number(_) => None,
            })
        })
    }
}

impl Currency {
    /// The currency as a learner says it: "rupees", "yen", "dollars".
    pub fn name(self) -> &'static str {
        match self {
            Currency::Inr => "rupees",
            Currency::Jpy => "yen",
            Currency::Usd => "dollars",
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Currency::Inr => "INR",
            Currency::Jpy => "JPY",
            Currency::Usd => "USD",
        })
    }
}

/// A parsed amount: the number with its scales applied, and the currency if one was given.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Quantity {
    pub value: f64,
    pub currency: Option<Currency>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum QuantityError {
    #[error("no number found")]
    NoNumber,
    #[error("more than one number (`{0}` and `{1}`); give a single amount")]
    TwoNumbers(String, String),
    #[error("`{0}` is not a number: digit groups must be like 5,00,000 or 500,000")]
    BadGrouping(String),
    #[error("two different currencies ({0} and {1})")]
    TwoCurrencies(Currency, Currency),
}

/// The multiplier a scale word stands for.
fn scale(word: &str) -> Option<f64> {
    Some(match word {
        "hundred" => 1e2,
        "thousand" | "k" => 1e3,
        "lakh" | "lakhs" | "lac" | "lacs" | "l" => 1e5,
        "million" | "millions" | "mn" | "mln" => 1e6,
        "crore" | "crores" | "cr" => 1e7,
        "billion" | "billions" | "bn" => 1e9,
        "trillion" | "trillions" | "tn" | "trn" => 1e12,
        _ => return None,
    })
}

#[derive(Debug, PartialEq)]
enum Token {
    Number(String),
    Word(String),
}

/// Splits text into numbers (digits with `,` and `.`) and words; currency symbols are
/// words of their own, so "¥10tn" is `¥`, `10`, `tn`.
fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_ascii_digit()
            || (c == '.' && out.last().is_none_or(|t| !matches!(t, Token::Number(_))))
        {
            let mut number = String::new();
            while let Some(&d) = chars.peek() {
                if d.is_ascii_digit() || d == ',' || d == '.' {
                    number.push(d);
                    chars.next();
                } else {
                    break;
                }
            }
            // A trailing comma or full stop ends a sentence, it is not part of the number.
            while number.ends_with([',', '.']) {
                number.pop();
            }
            if number.chars().any(|d| d.is_ascii_digit()) {
                out.push(Token::Number(number));
            }
        } else if c.is_alphabetic() {
            let mut word = String::new();
            while let Some(&d) = chars.peek() {
                if d.is_alphabetic() {
                    word.extend(d.to_lowercase());
                    chars.next();
                } else {
                    break;
                }
            }
            // "US$" and "Rs." read as one currency word.
            if word == "us" && chars.peek() == Some(&'$') {
                chars.next();
                word.push('$');
            }
            out.push(Token::Word(word));
        } else {
            if matches!(c, '₹' | '¥' | '$' | '%') {
                out.push(Token::Word(c.to_string()));
            }
            chars.next();
        }
    }
    out
}

/// Reads digits written with Indian (5,00,000) or international (500,000) grouping.
fn number(text: &str) -> Result<f64, QuantityError> {
    let bad = || QuantityError::BadGrouping(text.to_string());
    let (integer, fraction) = match text.split_once('.') {
        Some((i, f)) if !f.contains(['.', ',']) => (i, Some(f)),
        Some(_) => return Err(bad()),
        None => (text, None),
    };
    let groups: Vec<&str> = integer.split(',').collect();
    if groups.len() > 1 {
        let first_ok = (1..=3).contains(&groups[0].len());
        let last_ok = groups.last().is_some_and(|g| g.len() == 3);
        let middle = &groups[1..groups.len() - 1];
        let indian = middle.iter().all(|g| g.len() == 2);
        let international = middle.iter().all(|g| g.len() == 3);
        if !(first_ok && last_ok && (indian || international)) {
            return Err(bad());
        }
    }
    let mut digits: String = groups.concat();
    if let Some(fraction) = fraction {
        digits.push('.');
        digits.push_str(fraction);
    }
    digits.parse::<f64>().map_err(|_| bad())
}

/// Parses a typed amount. See the module documentation for what is understood.
pub(crate) fn parse(text: &str) -> Result<Quantity, QuantityError> {
    let mut value: Option<(f64, String)> = None;
    let mut multiplier = 1.0;
    let mut currency: Option<Currency> = None;
    for token in tokens(text) {
        match token {
            Token::Number(raw) => {
                if let Some((_, first)) = &value {
                    return Err(QuantityError::TwoNumbers(first.clone(), raw));
                }
                value = Some((number(&raw)?, raw));
            }
            Token::Word(word) => {
                if let Some(found) = Currency::from_word(&word) {
                    match currency {
                        Some(existing) if existing != found => {
                            return Err(QuantityError::TwoCurrencies(existing, found));
                        }
                        _ => currency = Some(found),
                    }
                } else if let Some(factor) = scale(&word) {
                    // A scale word before any number ("lakh") is not an amount.
                    if value.is_some() {
                        multiplier *= factor;
                    }
                }
            }
        }
    }
    let (value, _) = value.ok_or(QuantityError::NoNumber)?;
    Ok(Quantity {
        value: value * multiplier,
        currency,
    })
}

/// Writes a value with the largest Indian and international scale that keeps it readable,
/// e.g. `5.96 lakh crore (5.96 trillion)`.
pub(crate) fn describe(value: f64) -> String {
    fn with(value: f64, scales: &[(f64, &str)]) -> Option<String> {
        scales
            .iter()
            .find(|(s, _)| value.abs() >= *s)
            .map(|(s, name)| {
                let scaled = value / s;
                format!("{} {name}", trim_float(scaled))
            })
    }
    let international = with(
        value,
        &[(1e12, "trillion"), (1e9, "billion"), (1e6, "million")],
    );
    let indian = with(
        value,
        &[(1e12, "lakh crore"), (1e7, "crore"), (1e5, "lakh")],
    );
    match (indian, international) {
        (Some(i), Some(n)) if i != n => format!("{i} ({n})"),
        (Some(i), _) => i,
        (None, Some(n)) => n,
        (None, None) => trim_float(value),
    }
}

/// [`describe`] without the form `written` already says: for "10 trillion", only
/// "10 lakh crore" (never "10 lakh crore (10 trillion)" after it); `None` when `written`
/// says every form.
pub(crate) fn describe_beyond(value: f64, written: &str) -> Option<String> {
    let squeeze = |t: &str| {
        t.chars()
            .filter(|c| !c.is_whitespace() && *c != ',')
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let written = squeeze(written);
    let described = describe(value);
    let forms: Vec<&str> = match described.split_once(" (") {
        Some((indian, international)) => vec![indian, international.trim_end_matches(')')],
        None => vec![described.as_str()],
    };
    let new: Vec<&str> = forms
        .into_iter()
        .filter(|form| squeeze(form) != written)
        .collect();
    match new.as_slice() {
        [] => None,
        [one] => Some((*one).to_string()),
        [first, rest @ ..] => Some(format!("{first} ({})", rest.join(", "))),
    }
}

#[cfg(test)]
mod describe_tests {
    #[test]
    fn a_written_value_is_not_said_again() {
        assert_eq!(
            super::describe_beyond(1e13, "10 trillion").as_deref(),
            Some("10 lakh crore")
        );
        assert_eq!(
            super::describe_beyond(1e12, "1,00,000 crore").as_deref(),
            Some("1 lakh crore (1 trillion)")
        );
        assert_eq!(super::describe_beyond(5e5, "5 lakh"), None);
    }
}

fn trim_float(value: f64) -> String {
    let text = format!("{value:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> f64 {
        match parse(text) {
            Ok(q) => q.value,
            Err(e) => panic!("{text:?}: {e}"),
        }
    }

    #[test]
    fn yen_pledge_in_every_spelling() {
        for text in [
            "10 trillion yen",
            "¥10 trillion",
            "JPY 10,000,000,000,000",
            "¥10tn",
            "10 lakh crore yen",
            "10,00,000 crore yen",
        ] {
            let q = parse(text).map_err(|e| format!("{text}: {e}"));
            assert_eq!(
                q,
                Ok(Quantity {
                    value: 1e13,
                    currency: Some(Currency::Jpy)
                }),
                "{text}"
            );
        }
        assert_eq!(value("10 billion yen"), 1e10);
    }

    #[test]
    fn indian_and_international_scales() {
        let cases = [
            ("5 lakh", 5e5),
            ("5,00,000", 5e5),
            ("500,000", 5e5),
            ("₹5.96 lakh crore", 5.96e12),
            ("Rs 600 billion", 6e11),
            ("$68 bn", 6.8e10),
            ("US$ 2.6 billion", 2.6e9),
            ("54,000", 54e3),
            ("1958", 1958.0),
            ("about 7,000 km", 7000.0),
            ("50 thousand", 5e4),
            ("3 crore", 3e7),
            ("15%", 15.0),
            (".5 million", 5e5),
        ];
        for (text, expected) in cases {
            let got = value(text);
            assert!(
                (got - expected).abs() <= expected.abs() * 1e-12,
                "{text}: {got}"
            );
        }
    }

    #[test]
    fn currencies_are_recognised() {
        assert_eq!(parse("₹10").map(|q| q.currency), Ok(Some(Currency::Inr)));
        assert_eq!(parse("INR 10").map(|q| q.currency), Ok(Some(Currency::Inr)));
        assert_eq!(
            parse("10 dollars").map(|q| q.currency),
            Ok(Some(Currency::Usd))
        );
        assert_eq!(parse("10").map(|q| q.currency), Ok(None));
        assert_eq!(Currency::from_unit("yen"), Some(Currency::Jpy));
        assert_eq!(Currency::from_unit("US$"), Some(Currency::Usd));
        assert_eq!(Currency::from_unit("km"), None);
    }

    #[test]
    fn refuses_what_is_not_one_amount() {
        assert_eq!(parse("lots"), Err(QuantityError::NoNumber));
        assert!(matches!(
            parse("5 or 6"),
            Err(QuantityError::TwoNumbers(..))
        ));
        assert!(matches!(parse("1,2,3"), Err(QuantityError::BadGrouping(_))));
        assert!(matches!(parse("1.2.3"), Err(QuantityError::BadGrouping(_))));
        assert!(matches!(
            parse("$10 yen"),
            Err(QuantityError::TwoCurrencies(..))
        ));
    }

    #[test]
    fn describes_in_both_systems() {
        assert_eq!(describe(5.96e12), "5.96 lakh crore (5.96 trillion)");
        assert_eq!(describe(1e13), "10 lakh crore (10 trillion)");
        assert_eq!(describe(6.8e10), "6800 crore (68 billion)");
        assert_eq!(describe(5e5), "5 lakh");
        assert_eq!(describe(1958.0), "1958");
    }
}
