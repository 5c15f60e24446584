//! Room left in WebAssembly memory. A module addresses at most 4 GB, and an allocation that does
//! not fit aborts it (a trap the page cannot recover from), so the reader looks ahead: once the
//! module's memory is large, it checks every megabyte of input that 64 MB could still be had, and stops with `out_of_memory` while it still can.
//! The big row vectors are grown with `try_reserve` besides (see `StoreBuilder::try_reserve_deal`).

/// Memory kept free for what follows a check (strings, indexes, the report).
#[cfg(target_arch = "wasm32")]
const HEADROOM: usize = 64 << 20;

/// Module memory below which nothing is checked (no probe, no cost).
#[cfg(target_arch = "wasm32")]
const CHECK_ABOVE: usize = 3 << 30;

/// True when 64 MB more could still be allocated.
pub fn has_headroom() -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        let used = core::arch::wasm32::memory_size(0).saturating_mul(65_536);
        if used < CHECK_ABOVE {
            return true;
        }
        let mut probe: Vec<u8> = Vec::new();
        probe.try_reserve_exact(HEADROOM).is_ok()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        // Native builds have virtual memory and the operating system's own limits.
        true
    }
}
