//! Special values the JSON type alone does not rule out, refused where they are read so the error
//! names the field (`deals[3].amount`, `fx.EUR`, `fx.GBP[1].rate`).
//!
//! - Numbers must be finite. JSON text cannot hold `NaN` or `Infinity` (and `1e999` is out of
//!   range for serde_json), numeric strings such as `"NaN"` or `"1e999"` are refused by
//!   [`super::Number`], but another serde source (`Dataset::from_deserializer`) can hand over
//!   `NaN` and `Infinity` as plain numbers: one would silently poison every sum it enters. (JS
//!   objects are refused at the field by js/objects.js before they cross as JSON text.)
//! - A stage's `kind` must be `open`, `won` or `lost`, checked here so that the error's path is
//!   the field (`stages[1].kind`), not the whole document.
//! - Exchange rates must be positive and at most [`MAX_RATE`]: a rate of 0 or below turns amounts
//!   into nonsense (negative won amounts, win rates by value above 1), and the bound keeps every
//!   converted amount, summed in whole cents by the pipeline flow, far from overflowing.

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;

use super::{DatedRate, Fx, FxRate, Text};

/// Largest accepted exchange rate (units of the base currency per unit): far above any real one
/// (a Kuwaiti dinar is worth about 3.3 million Iranian rials on the open market).
pub const MAX_RATE: f64 = 1e9;

/// `v` when finite, else the message naming it.
pub fn finite(v: f64) -> Result<f64, String> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(format!("expected a finite number, got {v}"))
    }
}

/// `v` when it is a usable exchange rate, else the message naming it.
pub fn exchange_rate(v: f64) -> Result<f64, String> {
    if v.is_finite() && v > 0.0 && v <= MAX_RATE {
        Ok(v)
    } else {
        Err(format!("expected an exchange rate above 0 and at most 1e9, got {v}"))
    }
}

/// Reads a dated rate's `rate` (`#[serde(deserialize_with)]`).
pub fn deserialize_rate<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    let value = super::Number::deserialize(d)?;
    exchange_rate(value.0).map_err(de::Error::custom)
}

/// A fixed rate (a number or numeric string) or a list of dated rates, each checked; written by
/// hand rather than `#[serde(untagged)]`, whose error ("data did not match any variant") names
/// neither the value nor the dated entry at fault.
impl<'de> Deserialize<'de> for FxRate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FxRate;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an exchange rate (a number) or a list of {\"from\", \"rate\"}")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<FxRate, E> {
                exchange_rate(v).map(FxRate::Fixed).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<FxRate, E> {
                self.visit_f64(v as f64)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<FxRate, E> {
                self.visit_f64(v as f64)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<FxRate, E> {
                match v.trim().parse::<f64>() {
                    Ok(n) => self.visit_f64(n),
                    Err(_) => Err(E::custom(format!("expected an exchange rate, got {}", super::quote(v)))),
                }
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<FxRate, A::Error> {
                let mut rates = Vec::new();
                while let Some(rate) = seq.next_element::<DatedRate>()? {
                    rates.push(rate);
                }
                Ok(FxRate::Dated(rates))
            }
        }
        d.deserialize_any(V)
    }
}

/// The `fx` table as a `BTreeMap<String, FxRate>` reads it (the same errors: "expected a map").
impl<'de> Deserialize<'de> for Fx {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::pairs::deserialize_map(d).map(Fx)
    }
}

/// Reads a stage's optional `kind` (`#[serde(deserialize_with)]`), refusing anything but `open`,
/// `won` or `lost` (any case).
pub fn deserialize_stage_kind<'de: 'a, 'a, D: Deserializer<'de>>(d: D) -> Result<Option<Text<'a>>, D::Error> {
    let kind = Option::<Text<'a>>::deserialize(d)?;
    match &kind {
        Some(k) if !["open", "won", "lost"].iter().any(|ok| k.as_str().eq_ignore_ascii_case(ok)) => {
            Err(de::Error::custom(format!("expected \"open\", \"won\" or \"lost\", got {}", super::quote(k.as_str()))))
        }
        _ => Ok(kind),
    }
}

#[cfg(test)]
mod tests {
    use super::{Fx, FxRate};
    use std::collections::BTreeMap;

    /// `fx` reads as the `BTreeMap<String, FxRate>` it replaces: codes in order, a repeated code's
    /// later rate, the same errors.
    #[test]
    fn fx_reads_as_a_map() {
        let cases = [
            r#"{"GBP": 1.3, "EUR": [{"from": "2026-01-01", "rate": 1.1}], "GBP": "1.2"}"#,
            "{}",
            r#"{"EUR": 0}"#,
            r#"{"EUR": "x"}"#,
            r#"{"EUR": [{"from": "2026-01-01"}]}"#,
            r#"{"EUR": [{"rate": 1, "from": "x"}]}"#,
            r#"{"EUR": true}"#,
            "[]",
            "1",
            r#"{"EUR": 1,}"#,
            r#"{"EUR": 1"#,
        ];
        for fx in cases {
            let map = serde_json::from_str::<BTreeMap<String, FxRate>>(fx);
            match (serde_json::from_str::<Fx>(fx), map) {
                (Ok(Fx(list)), Ok(map)) => assert_eq!(format!("{list:?}"), format!("{:?}", map.into_iter().collect::<Vec<_>>())),
                (Err(e), Err(expected)) => assert_eq!(e.to_string(), expected.to_string(), "{fx}"),
                (got, map) => panic!("{fx}: {got:?} vs {map:?}"),
            }
        }
    }
}
