//! A small seeded dataset generator for property tests (until `spi_wasm::generate` lands):
//! deals with histories that move stages, amounts (with cents), expected closes and owners,
//! some closed through history, some through `closedAt` only, some reopened.

/// xorshift64*: deterministic per seed.
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    /// Uniform in [0, n).
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) % n
    }
}

const DAY: i64 = 86_400_000;
/// 2025-07-01T00:00:00Z.
pub const START: i64 = 1_751_328_000_000;
/// Dataset asOf: 2026-07-01.
pub const AS_OF: i64 = START + 365 * DAY;

fn iso(ms: i64) -> String {
    spi_wasm::time::format_instant(ms)
}

/// A dataset of `n` deals as JSON text.
pub fn dataset(seed: u64, n: usize) -> String {
    let mut rng = Rng::new(seed);
    let stages = ["discovery", "demo", "proposal", "negotiation"];
    let mut deals = Vec::new();
    for i in 0..n {
        let created = START + rng.below(360) as i64 * DAY + rng.below(DAY as u64) as i64;
        let mut t = created;
        let mut amount = (rng.below(2_000_000) + 100) as f64 / 100.0;
        let mut ec = created + (20 + rng.below(150) as i64) * DAY;
        let mut owner = format!("rep-{}", rng.below(4));
        let mut stage = 0usize;
        let mut hist = vec![format!(
            r#"{{"at": "{}", "stage": "discovery", "amount": {amount}, "expectedCloseAt": "{}", "owner": "{owner}"}}"#,
            iso(t),
            iso(ec)
        )];
        let mut status = "open";
        for _ in 0..rng.below(7) {
            t += (1 + rng.below(40) as i64) * DAY;
            if t >= AS_OF {
                break;
            }
            let entry = match rng.below(7) {
                0 => {
                    amount = (rng.below(2_000_000) + 100) as f64 / 100.0;
                    format!(r#""amount": {amount}"#)
                }
                1 | 2 => {
                    ec += (rng.below(120) as i64 - 50) * DAY;
                    format!(r#""expectedCloseAt": "{}""#, iso(ec))
                }
                3 => {
                    owner = format!("rep-{}", rng.below(4));
                    format!(r#""owner": "{owner}""#)
                }
                4 if stage < 3 => {
                    stage += 1;
                    format!(r#""stage": "{}""#, stages[stage])
                }
                5 => {
                    status = if rng.below(2) == 0 {
                        "closed_won"
                    } else {
                        "closed_lost"
                    };
                    amount = (rng.below(2_000_000) + 100) as f64 / 100.0;
                    format!(r#""stage": "{status}", "amount": {amount}"#)
                }
                _ if status != "open" => {
                    status = "open";
                    format!(r#""stage": "{}""#, stages[stage])
                }
                _ => format!(r#""expectedCloseAt": "{}""#, iso(ec)),
            };
            hist.push(format!(r#"{{"at": "{}", {entry}}}"#, iso(t)));
        }
        let current = if status == "open" {
            stages[stage]
        } else {
            status
        };
        let currency = if rng.below(4) == 0 { "EUR" } else { "USD" };
        if rng.below(6) == 0 {
            // No history: closed (or not) through closedAt only.
            let closed = created + (1 + rng.below(90) as i64) * DAY;
            let s = ["won", "lost", "open"][rng.below(3) as usize];
            let close = if s != "open" && closed < AS_OF {
                format!(r#", "closedAt": "{}""#, iso(closed))
            } else {
                String::new()
            };
            let s = if close.is_empty() { "open" } else { s };
            deals.push(format!(
                r#"{{"id": "G-{i}", "owner": "{owner}", "createdAt": "{}", "status": "{s}", "amount": {amount}, "currency": "{currency}", "expectedCloseAt": "{}"{close}}}"#,
                iso(created),
                iso(ec)
            ));
            continue;
        }
        deals.push(format!(
            r#"{{"id": "G-{i}", "owner": "{owner}", "createdAt": "{}", "stage": "{current}", "amount": {amount}, "currency": "{currency}", "expectedCloseAt": "{}", "history": [{}]}}"#,
            iso(created),
            iso(ec),
            hist.join(", ")
        ));
    }
    format!(
        r#"{{"settings": {{"currency": "USD", "asOf": "{}"}}, "fx": {{"EUR": 1.0837}}, "deals": [{}]}}"#,
        iso(AS_OF),
        deals.join(",\n")
    )
}
