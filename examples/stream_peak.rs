//! Peak heap while loading a canonical JSON file from a stream, as the page's loader does
//! (`SpiEngine.loader(size)`, pieces of 1 MB copied into the module, `finish`, the dataset
//! assembled), measured by a counting global allocator:
//! `cargo run --release --example stream_peak FILE [PIECE_BYTES]`.
//!
//! Wasm memory never shrinks, so the module's size after a load is the load's high-water mark of
//! live bytes (plus the allocator's fragmentation): this counts the same high-water mark natively,
//! reproducibly and without building the module. A `realloc` is counted as Wasm's allocator pays
//! it when the block cannot grow in place: the old and the new block alive at once.
use spi_wasm::ingest::stream::JsonStream;
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Read;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn up(size: usize) {
    let live = LIVE.fetch_add(size, Relaxed) + size;
    PEAK.fetch_max(live, Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        up(layout.size());
        System.alloc(layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        up(layout.size());
        System.alloc_zeroed(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Shrinking is done in place; growing may need a new block while the old is alive.
        if new_size > layout.size() {
            up(new_size);
        } else {
            LIVE.fetch_add(new_size, Relaxed);
        }
        LIVE.fetch_sub(layout.size(), Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: stream_peak FILE");
    let mut file = std::fs::File::open(&path).expect("readable file");
    let size = file.metadata().expect("file size").len();
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    // The module's copy of each pushed piece (`CHUNK` in src/wasm.rs) is in its memory.
    let piece: usize = std::env::args().nth(2).map_or(1 << 20, |p| p.parse().expect("PIECE_BYTES is a number"));
    let mut chunk = vec![0u8; piece];
    let mut stream = JsonStream::new();
    stream.expect_total(size).expect("size within the limit");
    loop {
        let n = file.read(&mut chunk).expect("readable file");
        if n == 0 {
            break;
        }
        stream.push(chunk.get(..n).unwrap_or_default()).expect("valid dataset");
    }
    let read = (LIVE.load(Relaxed), PEAK.load(Relaxed));
    let builder = stream.finish_builder().expect("valid dataset");
    let store = builder.finish().expect("valid dataset");
    let finished = (LIVE.load(Relaxed), PEAK.load(Relaxed));
    let rows = |name: &str, len: usize, capacity: usize, size: usize| {
        println!("  {name:10} {len:9} rows x {size:3} B = {:7.1} MB (capacity {capacity})", mb(capacity * size));
    };
    rows("deals", store.deals.len(), store.deals.capacity(), std::mem::size_of::<spi_wasm::store::DealRow>());
    rows("history", store.history.len(), store.history.capacity(), std::mem::size_of::<spi_wasm::store::HistoryRow>());
    rows("attributes", store.attributes.len(), store.attributes.capacity(), 8);
    println!("  strings    {:9} distinct", store.strings.len());
    let dataset = spi_wasm::Dataset::from_store(store);
    let done = (LIVE.load(Relaxed), PEAK.load(Relaxed));
    let ratio = |bytes: usize| (bytes - base) as f64 / size as f64;
    println!("{path}: {:.1} MB input ({piece} B read buffer counted)", size as f64 / 1e6);
    for (label, (live, peak)) in [("read", read), ("finish", finished), ("dataset", done)] {
        println!("  after {label:8} live {:7.1} MB ({:.3}x)  peak so far {:7.1} MB ({:.3}x)", mb(live - base), ratio(live), mb(peak - base), ratio(peak));
    }
    drop(dataset);
}
