//! `Deserialize` for the enums whose variants are plain names (`cadence`, `compare`, `variants.fx`,
//! a mapping's `kind`...): one visitor shared by all of them.
//!
//! Why: serde's derive writes an enum visitor and a variant-name visitor for each such enum, ~1.7
//! KB of WebAssembly apiece although they differ only in their names. Here the visitors are
//! generic over the deserializer alone, so every enum read from JSON shares one copy. Each enum
//! names its variants once, in [`unit_enum!`], which writes its `Serialize` (as the derive does:
//! `serialize_unit_variant`) and its `Deserialize` from that one table. What the derive accepts and
//! refuses is kept, message for message (a name, `{"name": null}`, a variant index; `unknown
//! variant `x`, expected one of ...`): the tests below compare the two on every form.

use serde::de::{self, Deserializer, EnumAccess, Error as _, Unexpected, VariantAccess, Visitor};
use std::fmt;

/// Reads one of `values` by its name in `names` (the same order), as `#[derive(Deserialize)]`
/// reads a unit-only enum called `name`.
pub fn deserialize<'de, D: Deserializer<'de>, T: Copy>(deserializer: D, name: &'static str, names: &'static [&'static str], values: &[T]) -> Result<T, D::Error> {
    let index = variant_index(deserializer, name, names)?;
    values.get(index).copied().ok_or_else(|| D::Error::custom("a variant name without its value"))
}

/// `Serialize` and `Deserialize` for an enum of unit variants, from one table of its variants and
/// their names (`unit_enum!(Cadence, [Day = "day", Week = "week"])`); the `match` in `Serialize`
/// stops compiling when a variant is missing from the table.
macro_rules! unit_enum {
    ($ty:ident, [$($variant:ident = $name:literal),+ $(,)?]) => {
        impl $ty {
            /// Every variant's name as the JSON spells it, in the table's order.
            const NAMES: &'static [&'static str] = &[$($name),+];
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let name = match self {
                    $($ty::$variant => $name),+
                };
                let index = Self::NAMES.iter().position(|n| *n == name).unwrap_or_default();
                serializer.serialize_unit_variant(stringify!($ty), index as u32, name)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::unit_enum::deserialize(deserializer, stringify!($ty), Self::NAMES, &[$($ty::$variant),+])
            }
        }
    };
}
pub(crate) use unit_enum;

/// The position in `names` of the variant read: the one instantiation per deserializer type.
#[inline(never)]
fn variant_index<'de, D: Deserializer<'de>>(deserializer: D, name: &'static str, names: &'static [&'static str]) -> Result<usize, D::Error> {
    deserializer.deserialize_enum(name, names, Enum { name, names })
}

/// The enum's visitor: the variant, whose content must be a unit.
struct Enum {
    name: &'static str,
    names: &'static [&'static str],
}

impl<'de> Visitor<'de> for Enum {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "enum {}", self.name)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<usize, A::Error> {
        let (index, variant) = data.variant_seed(Name { names: self.names })?;
        variant.unit_variant()?;
        Ok(index)
    }
}

/// The variant's identifier: a name, or an index as the derive accepts one.
struct Name {
    names: &'static [&'static str],
}

impl<'de> de::DeserializeSeed<'de> for Name {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Name {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("variant identifier")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<usize, E> {
        match usize::try_from(v) {
            Ok(i) if i < self.names.len() => Ok(i),
            _ => Err(E::invalid_value(Unexpected::Unsigned(v), &IndexRange(self.names.len()))),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<usize, E> {
        self.names.iter().position(|n| *n == v).ok_or_else(|| E::unknown_variant(v, self.names))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<usize, E> {
        self.names.iter().position(|n| n.as_bytes() == v).ok_or_else(|| E::unknown_variant(&String::from_utf8_lossy(v), self.names))
    }
}

/// What the derive expects of a variant index: `variant index 0 <= i < N`.
struct IndexRange(usize);

impl de::Expected for IndexRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "variant index 0 <= i < {}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use crate::cadence::Cadence;
    use crate::ingest::mapping::RecordKind;
    use crate::query::{Compare, CoverageBase, StageConversion};
    use crate::store::{FxBasis, OwnerBasis};
    use serde::{Deserialize, Serialize};

    /// The derive each enum had before, on a copy of it: the reference the tables are held to.
    macro_rules! derived {
        ($copy:ident, $rename:literal, [$($variant:ident),+]) => {
            #[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
            #[serde(rename_all = $rename)]
            enum $copy { $($variant),+ }
        };
    }
    derived!(CadenceD, "snake_case", [Day, Week, Month, Quarter, Year]);
    derived!(RecordKindD, "lowercase", [Deals, Leads, Activities, Contacts, History, Users, Accounts]);
    derived!(FxBasisD, "snake_case", [AtClose, AtCreation, Latest]);
    derived!(OwnerBasisD, "snake_case", [Current, AtEvent]);
    derived!(CompareD, "snake_case", [PreviousPeriod]);
    derived!(StageConversionD, "snake_case", [Reached, Strict, Adjacent, ToWin]);
    derived!(CoverageBaseD, "snake_case", [RemainingQuota, TotalQuota, Mature]);

    /// Inputs of every form: names (known, unknown, wrong case), the map form (unit, non-unit,
    /// extra keys), indices, other JSON values, and the enum inside an option and a struct.
    fn inputs(names: &[&str]) -> Vec<String> {
        let mut out: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
        out.extend(names.iter().map(|n| format!("{{\"{n}\": null}}")));
        out.extend(names.iter().map(|n| format!("{{\"{}\": null}}", n.to_uppercase())));
        for other in [
            "\"nope\"", "\"\"", "\"day \"", "\"PreviousPeriod\"", "{\"x\": null}", "{}", "{\"deals\": 1}", "{\"day\": null, \"week\": null}",
            "{\"day\": []}", "0", "1", "2", "6", "7", "99", "-1", "1.5", "null", "true", "[]", "[\"day\"]", "\"\\u0064ay\"", "\"at_close", "",
        ] {
            out.push(other.to_string());
        }
        out
    }

    /// Every input read by the table and by the derive gives the same value (compared through
    /// its JSON) or the same error message, alone, as an option and as a struct's field.
    fn same<T, D>(names: &[&str])
    where
        T: for<'de> Deserialize<'de> + Serialize,
        D: for<'de> Deserialize<'de> + Serialize,
    {
        #[derive(Deserialize)]
        struct Field<X> {
            #[allow(dead_code)]
            k: X,
        }
        fn show<X: Serialize>(r: Result<X, serde_json::Error>) -> String {
            r.map_or_else(|e| format!("error: {e}"), |v| serde_json::to_string(&v).unwrap_or_default())
        }
        let mut compared = 0;
        for input in inputs(names) {
            assert_eq!(show(serde_json::from_str::<T>(&input)), show(serde_json::from_str::<D>(&input)), "{input}");
            assert_eq!(show(serde_json::from_str::<Option<T>>(&input)), show(serde_json::from_str::<Option<D>>(&input)), "{input}");
            let wrapped = format!("{{\"k\": {input}}}");
            let table = serde_json::from_str::<Field<T>>(&wrapped).map(|f| f.k);
            let derive = serde_json::from_str::<Field<D>>(&wrapped).map(|f| f.k);
            assert_eq!(show(table), show(derive), "{wrapped}");
            compared += 1;
        }
        assert!(compared >= 3 * names.len() + 20);
    }

    #[test]
    fn reads_and_refuses_as_the_derive_did() {
        same::<Cadence, CadenceD>(&["day", "week", "month", "quarter", "year"]);
        same::<RecordKind, RecordKindD>(&["deals", "leads", "activities", "contacts", "history", "users", "accounts"]);
        same::<FxBasis, FxBasisD>(&["at_close", "at_creation", "latest"]);
        same::<OwnerBasis, OwnerBasisD>(&["current", "at_event"]);
        same::<Compare, CompareD>(&["previous_period"]);
        same::<StageConversion, StageConversionD>(&["reached", "strict", "adjacent", "to_win"]);
        same::<CoverageBase, CoverageBaseD>(&["remaining_quota", "total_quota", "mature"]);
    }

    #[test]
    fn writes_the_names_the_documents_use() {
        // Spelled as docs/indicators.md and the mapping docs spell them (`same` above also
        // compares every variant's output with the derive's).
        let json = |r: Result<String, serde_json::Error>| r.unwrap_or_default();
        assert_eq!(json(serde_json::to_string(&Cadence::Quarter)), "\"quarter\"");
        assert_eq!(json(serde_json::to_string(&RecordKind::Activities)), "\"activities\"");
        assert_eq!(json(serde_json::to_string(&FxBasis::AtCreation)), "\"at_creation\"");
        assert_eq!(json(serde_json::to_string(&OwnerBasis::AtEvent)), "\"at_event\"");
        assert_eq!(json(serde_json::to_string(&Compare::PreviousPeriod)), "\"previous_period\"");
        assert_eq!(json(serde_json::to_string(&StageConversion::ToWin)), "\"to_win\"");
        assert_eq!(json(serde_json::to_string(&CoverageBase::RemainingQuota)), "\"remaining_quota\"");
    }
}
