#!/usr/bin/env node
// Where the bytes of the .wasm go: code size per function, per crate and per "kind" (serde
// instantiations, formatting, panics, ...), plus the data segments. Reads a module that still has
// its name section: build it with names kept, e.g.
//   wasm-bindgen --target web --out-dir /tmp/b target/wasm32-unknown-unknown/wasm-release/spi_wasm.wasm
//   node_modules/.bin/wasm-opt -Oz -g /tmp/b/spi_wasm_bg.wasm -o /tmp/named.wasm
//   node scripts/wasm-size-breakdown.mjs /tmp/named.wasm [top-N]
// (-g keeps names; the code is what the shipped -Oz build has, the name section is extra.)
// Sizes are raw body bytes; gzip shrinks everything by roughly the same 2.7x, data by less.
import { readFileSync } from "node:fs";

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error("usage: wasm-size-breakdown.mjs MODULE.wasm [top-N]");
  process.exit(2);
}
const top = Number(topArg ?? 40);
const buf = readFileSync(file);
let pos = 8;
const u32 = () => {
  let result = 0, shift = 0, byte;
  do {
    byte = buf[pos++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return result;
};
const str = () => {
  const n = u32();
  const s = buf.toString("utf8", pos, pos + n);
  pos += n;
  return s;
};

let importedFuncs = 0;
const bodies = []; // size per defined function
const names = new Map(); // function index -> name
let dataBytes = 0;
const dataSegments = [];
const sections = [];
while (pos < buf.length) {
  const id = buf[pos++];
  const size = u32();
  const start = pos;
  const end = start + size;
  let label = `section ${id}`;
  if (id === 0) {
    label = `custom:${str()}`;
    if (label === "custom:name") {
      while (pos < end) {
        const sub = buf[pos++];
        const subSize = u32();
        const subEnd = pos + subSize;
        if (sub === 1) {
          const count = u32();
          for (let i = 0; i < count; i++) names.set(u32(), str());
        }
        pos = subEnd;
      }
    }
  } else if (id === 2) {
    const count = u32();
    for (let i = 0; i < count; i++) {
      str();
      str();
      const kind = buf[pos++];
      if (kind === 0) { importedFuncs++; u32(); }
      else if (kind === 1) { pos++; const flags = u32(); u32(); if (flags & 1) u32(); }
      else if (kind === 2) { const flags = u32(); u32(); if (flags & 1) u32(); }
      else if (kind === 3) { pos += 2; }
      else if (kind === 4) { pos++; u32(); }
    }
  } else if (id === 10) {
    label = "code";
    const count = u32();
    for (let i = 0; i < count; i++) {
      const n = u32();
      bodies.push(n);
      pos += n;
    }
  } else if (id === 11) {
    label = "data";
    dataBytes = size;
    const count = u32();
    for (let i = 0; i < count; i++) {
      const flags = u32();
      if (flags === 2) u32();
      if (flags !== 1) while (buf[pos++] !== 0x0b); // the offset expression
      const n = u32();
      dataSegments.push(n);
      pos += n;
    }
  }
  sections.push([label, size]);
  pos = end;
}

// Legacy Rust mangling (_ZN<len><ident>...E) to a path; good enough for attribution.
function demangle(name) {
  if (!name.startsWith("_ZN")) return name;
  const parts = [];
  let i = 3;
  while (i < name.length && name[i] !== "E") {
    let j = i;
    while (/[0-9]/.test(name[j])) j++;
    const len = Number(name.slice(i, j));
    if (!len) break;
    parts.push(name.slice(j, j + len));
    i = j + len;
  }
  const last = parts.at(-1);
  if (last && /^h[0-9a-f]{16}$/.test(last)) parts.pop();
  return parts
    .join("::")
    .replace(/\$LT\$/g, "<").replace(/\$GT\$/g, ">").replace(/\$u20\$/g, " ")
    .replace(/\$RF\$/g, "&").replace(/\$C\$/g, ",").replace(/\$u7b\$/g, "{").replace(/\$u7d\$/g, "}")
    .replace(/\$BP\$/g, "*").replace(/\$u5b\$/g, "[").replace(/\$u5d\$/g, "]").replace(/\.\./g, "::")
    .replace(/\$u27\$/g, "'").replace(/\$LP\$/g, "(").replace(/\$RP\$/g, ")");
}

// The crate a function belongs to: for `<A as B>::f` the implementing type's crate is ambiguous,
// so a generic serde/core function instantiated for a spi_wasm type counts as the generic's crate
// (that is where the code comes from); "kind" below catches the serde-for-our-types case.
function crateOf(path) {
  const m = path.match(/^<?&?(?:mut )?([A-Za-z_][A-Za-z0-9_]*)::/);
  return m ? m[1] : path.startsWith("__wbg") || path.startsWith("__wbindgen") ? "wasm-bindgen glue" : "(unnamed)";
}
const kinds = [
  ["serde_path_to_error", /serde_path_to_error/],
  ["serde_wasm_bindgen", /serde_wasm_bindgen/],
  ["csv", /(^|[<: ])csv(_core)?::/],
  ["serde_json", /serde_json::/],
  ["serde (other)", /serde::|_serde::|serde_derive/],
  ["chrono", /chrono::/],
  ["fmt / Debug / Display", /core::fmt|alloc::fmt|::fmt$|Debug|Display|fmt::Write/],
  ["float parse/print", /core::num::flt2dec|dec2flt|ryu|lexical|float/i],
  ["panic", /panic|unwrap_failed|expect_failed|slice_(start|end)_index|index_out_of_bounds/],
  ["alloc / collections / hash", /alloc::|hashbrown|rustc_hash|core::slice::sort|driftsort|quicksort/],
  ["wasm-bindgen / js-sys", /wasm_bindgen|js_sys|__wbg|__wbindgen/],
];

const rows = bodies.map((size, i) => {
  const raw = names.get(i + importedFuncs) ?? `func${i + importedFuncs}`;
  // v0 mangling (RUSTFLAGS="-C symbol-mangling-version=v0") names generic arguments too; its
  // crate hashes (`core[c5930c85a12de822]`) are dropped.
  const path = demangle(raw).replace(/\[[0-9a-f]{16}\]/g, "");
  return { size, path, crate: crateOf(path), kind: (kinds.find(([, re]) => re.test(path)) ?? ["spi_wasm / other"])[0] };
});
const code = rows.reduce((s, r) => s + r.size, 0);
const pct = (n, of) => `${((100 * n) / of).toFixed(1)}%`;
const group = (key) => {
  const m = new Map();
  for (const r of rows) {
    const g = m.get(r[key]) ?? { size: 0, count: 0 };
    g.size += r.size;
    g.count++;
    m.set(r[key], g);
  }
  return [...m].sort((a, b) => b[1].size - a[1].size);
};

console.log(`file ${file}: ${buf.length} B; ${rows.length} functions, ${code} B code; data ${dataBytes} B in ${dataSegments.length} segments (largest ${Math.max(...dataSegments)} B)`);
console.log("\nsections:");
for (const [l, s] of sections) console.log(`  ${l.padEnd(28)} ${String(s).padStart(9)}`);
for (const [title, key] of [["by crate (the generic's crate)", "crate"], ["by kind (first match)", "kind"]]) {
  console.log(`\n${title}:`);
  for (const [k, g] of group(key).slice(0, 25)) {
    console.log(`  ${String(g.size).padStart(8)} ${pct(g.size, code).padStart(6)} ${String(g.count).padStart(5)} fns  ${k}`);
  }
}
console.log(`\ntop ${top} functions:`);
for (const r of [...rows].sort((a, b) => b.size - a.size).slice(0, top)) {
  console.log(`  ${String(r.size).padStart(7)}  ${r.path.slice(0, Number(process.env.WIDTH ?? 150))}`);
}
