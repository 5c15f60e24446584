//! Times the phases of reading a document in parts (`ingest::stream::parts`), for choosing what to
//! speed up: `cargo run --release --example parts_phase FILE [PARTS]` prints the pre-pass
//! (`Index::build`), the item lists, the part documents, the part reads (in threads) and the merge.
use spi_wasm::ingest::stream::parts::part_document;
use spi_wasm::ingest::stream::split::{ranges, Index};
use spi_wasm::ingest::stream::JsonStream;
use spi_wasm::store::StoreBuilder;
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("usage: parts_phase FILE [PARTS]");
    let parts: usize = std::env::args().nth(2).map_or(2, |p| p.parse().expect("PARTS is a number"));
    let bytes = std::fs::read(&path).expect("readable file");
    let t = Instant::now();
    let index = Index::build(&bytes, bytes.len() / parts / 64);
    let pre = t.elapsed();
    let t = Instant::now();
    let items: Vec<_> = std::thread::scope(|s| {
        let hs: Vec<_> = ranges(bytes.len(), parts).into_iter().map(|r| { let index = &index; let bytes = &bytes; s.spawn(move || index.items_in(bytes, r)) }).collect();
        hs.into_iter().map(|h| h.join().expect("thread")).collect()
    });
    let scan = t.elapsed();
    let t = Instant::now();
    let builders: Vec<StoreBuilder> = std::thread::scope(|s| {
        let hs: Vec<_> = items.iter().map(|it| { let bytes = &bytes; s.spawn(move || {
            let doc = part_document(bytes, it);
            JsonStream::new().read_all(&doc).expect("part")
        }) }).collect();
        hs.into_iter().map(|h| h.join().expect("thread")).collect()
    });
    let read = t.elapsed();
    let t = Instant::now();
    let mut all = builders.into_iter();
    let mut merged = all.next().expect("a part");
    for b in all {
        merged.append(b).expect("merge");
    }
    let merge = t.elapsed();
    println!("{} MB in {parts} parts: pre-pass {pre:?}, items {scan:?}, docs + reads {read:?}, merge {merge:?}", bytes.len() / 1_000_000);
}
