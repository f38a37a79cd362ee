//! The numeric kind: a value, its unit and tolerance.

use toml::Spanned;
use toml::de::DeValue;

use super::walker::{Table, Walker};
use crate::deck::{Body, Numeric, Tolerance};
use crate::quantity;

pub(super) fn read_numeric(w: &mut Walker, table: &Table) -> Option<Body> {
    let prompt = w.string(table, "prompt", true);
    let unit = match table.get("unit") {
        Some(value) => match value.get_ref().as_str() {
            Some(s) => Some(s.trim().to_string()),
            None => {
                w.wrong_type("unit", "a string", value);
                None
            }
        },
        None => {
            w.missing(
                table,
                "unit",
                "\"yen\"` (or `unit = \"\"` for a plain count",
            );
            None
        }
    };
    let value = match table.get("value") {
        None => {
            w.missing(table, "value", "\"10 trillion\"");
            None
        }
        Some(v) => number_value(w, "value", v),
    };
    let tolerance = match table.get("tolerance") {
        None => Some(Tolerance::Exact),
        Some(v) => match v.get_ref().as_str() {
            Some(text) => match text
                .trim()
                .strip_suffix('%')
                .map(|p| p.trim().parse::<f64>())
            {
                Some(Ok(p)) if p >= 0.0 => Some(Tolerance::Percent(p)),
                _ => {
                    w.error(
                        format!("tolerance `{text}` is not a percentage"),
                        v.span(),
                    )
                    .help = Some("write a number in the card's unit (`tolerance = 5`) or a percentage (`tolerance = \"2%\"`)".into());
                    None
                }
            },
            None => number_value(w, "tolerance", v).map(|(t, _)| Tolerance::Absolute(t)),
        },
    };
    let (value, value_text) = value?;
    Some(Body::Numeric(Numeric {
        prompt: prompt?.into_inner(),
        value_text,
        value,
        unit: unit?,
        tolerance: tolerance?,
    }))
}

/// A number written as a TOML number or as a quantity string ("5.96 lakh crore").
pub(super) fn number_value(
    w: &mut Walker,
    key: &str,
    value: &Spanned<DeValue>,
) -> Option<(f64, String)> {
    let parsed = match value.get_ref() {
        DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
            .ok()
            .map(|n| (n as f64, n.to_string())),
        DeValue::Float(f) => f
            .as_str()
            .replace('_', "")
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .map(|n| (n, f.as_str().to_string())),
        DeValue::String(s) => match quantity::parse(s) {
            Ok(q) => Some((q.value, s.to_string())),
            Err(e) => {
                w.error(
                    format!("`{key}` `{s}` cannot be read as an amount: {e}"),
                    value.span(),
                )
                .help = Some(
                    "write e.g. `\"10 trillion\"`, `\"5.96 lakh crore\"` or a plain number".into(),
                );
                return None;
            }
        },
        _ => {
            w.wrong_type(key, "a number or an amount such as \"10 trillion\"", value);
            return None;
        }
    };
    if parsed.is_none() {
        w.error(format!("`{key}` is not a usable number"), value.span());
    }
    parsed
}
