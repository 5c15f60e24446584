//! Splits the cost of ingesting a deals file, for profilers (`perf record`):
//! `cargo run --release --example ingest_only FILE [RUNS]` prints, per run, the parse floor
//! (serde_json into `IgnoredAny`), serde_json's typed read of the deals alone (`model::Deal`, no
//! store) and the full ingestion (`Dataset::from_json`). `TYPED_ONLY=1` skips the ingestion, so a
//! profile shows the typed read alone.
use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

struct Deals(usize);
impl<'de> serde::de::DeserializeSeed<'de> for &mut Deals {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}
impl<'de> Visitor<'de> for &mut Deals {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result { f.write_str("deals") }
    fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<(), A::Error> {
        while let Some(d) = s.next_element::<spi_wasm::model::Deal<'de>>()? { self.0 += d.history.map_or(0, |h| h.len()); }
        Ok(())
    }
}
struct Doc<'a>(&'a mut Deals);
impl<'de> Visitor<'de> for Doc<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result { f.write_str("doc") }
    fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<(), A::Error> {
        while let Some(k) = m.next_key::<&str>()? {
            if k == "deals" { m.next_value_seed(&mut *self.0)?; } else { m.next_value::<IgnoredAny>()?; }
        }
        Ok(())
    }
}

fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let runs: usize = std::env::args().nth(2).and_then(|r| r.parse().ok()).unwrap_or(1);
    let bytes = std::fs::read(&path).unwrap_or_default();
    for _ in 0..runs {
        let t = std::time::Instant::now();
        let _: IgnoredAny = serde_json::from_slice(&bytes).unwrap();
        let floor = t.elapsed();
        let t = std::time::Instant::now();
        let mut deals = Deals(0);
        serde_json::Deserializer::from_slice(&bytes).deserialize_map(Doc(&mut deals)).unwrap();
        let typed = t.elapsed();
        if std::env::var("TYPED_ONLY").is_ok() { println!("floor {floor:?} typed {typed:?}"); continue; }
        let t = std::time::Instant::now();
        let dataset = spi_wasm::Dataset::from_json(&bytes);
        println!("floor {floor:?} typed {typed:?} ingest {:?} ok={} h={}", t.elapsed(), dataset.is_ok(), deals.0);
    }
}
