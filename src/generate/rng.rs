//! A small hand-written PRNG (SplitMix64) and the few distributions the generator needs.
//!
//! Why hand-written: the output must be byte-identical for a given seed on every platform and every
//! future build, which an external crate's algorithm choices cannot promise; SplitMix64 is tiny, fast,
//! and passes BigCrush, which is far more than synthetic CRM data needs.
//!
//! Every record draws from its own stream, keyed by (seed, record kind, record index). That is what lets
//! the writer regenerate a deal while writing the leads section (to put the lead's `dealId` and times in
//! agreement with the deal) without keeping the deals in memory.

/// The SplitMix64 finaliser: a strong 64-bit mixing function.
#[inline]
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Which kind of record a stream belongs to; part of the stream key, so kinds never share numbers.
#[derive(Clone, Copy)]
pub enum Stream {
    Deal = 1,
    Lead,
    Layout,
    Account,
    Rep,
    DealActivities,
    LeadActivities,
    Contact,
    Plan,
}

/// SplitMix64 state.
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    /// The independent stream of record `index` of kind `stream` under `seed`.
    pub fn stream(seed: u64, stream: Stream, index: u64) -> Rng {
        let kind = (stream as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        Rng(mix(mix(seed ^ kind) ^ index.wrapping_mul(0xd6e8_feb8_6659_fd93)))
    }

    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.0)
    }

    /// Uniform in [0, 1) with 53 bits of precision.
    #[inline]
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform integer in [0, n) (multiply-shift; the bias is below 2^-32 for the n used here).
    #[inline]
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// Uniform integer in [lo, hi] inclusive.
    #[inline]
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// True with probability `p`.
    #[inline]
    pub fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }

    /// A uniformly chosen element.
    #[inline]
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    /// An index drawn with the given integer weights.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut r = self.below(total as u64) as u32;
        for (i, &w) in weights.iter().enumerate() {
            if r < w {
                return i;
            }
            r -= w;
        }
        weights.len() - 1
    }

    /// Standard normal (Box-Muller, one value per call: simpler than caching the pair, and fast enough).
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.f64(); // (0, 1], so ln is finite
        let u2 = self.f64();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Log-normal with the given median and log-space spread: the usual shape of deal sizes and of
    /// waiting times (most are short, a long right tail).
    pub fn lognormal(&mut self, median: f64, sigma: f64) -> f64 {
        median * (sigma * self.normal()).exp()
    }

    /// Fisher-Yates shuffle.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}
