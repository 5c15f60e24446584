// Times the module in one wasm-bindgen --target web output folder on 50,000 synthetic deals.
// Usage: node scripts/wasm-speed.mjs DIR [WASM_FILE]   (used by scripts/wasm-sizes.sh)
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const dir = resolve(process.argv[2] ?? "pkg");
const m = await import(pathToFileURL(`${dir}/spi_wasm.js`).href);
m.initSync({ module: readFileSync(`${dir}/${process.argv[3] ?? "spi_wasm_bg.wasm"}`) });

let seed = 7;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const owners = ["ana", "ben", "cara", "dan", "eve", "fay", "gus", "hal"];
const deals = [];
for (let i = 0; i < 50_000; i++) {
  const created = Date.UTC(2025, 0, 1) + Math.floor(rnd() * 450) * 86_400_000;
  const closed = rnd() < 0.7;
  deals.push({
    id: `D-${i}`,
    owner: owners[i % owners.length],
    segment: rnd() < 0.5 ? "smb" : "enterprise",
    amount: Math.round(rnd() * 50_000),
    createdAt: new Date(created).toISOString(),
    ...(closed
      ? { status: rnd() < 0.35 ? "won" : "lost", closedAt: new Date(created + Math.floor(rnd() * 90) * 86_400_000).toISOString() }
      : { status: "open" }),
  });
}
const text = JSON.stringify({ settings: { asOf: "2026-04-01" }, deals });
const bytes = new TextEncoder().encode(text);
const query = { from: "2025-01-01", to: "2026-04-01", cadence: "week", groupBy: ["owner", "segment"] };

function time(f, runs) {
  f();
  const start = performance.now();
  for (let i = 0; i < runs; i++) f();
  return `${((performance.now() - start) / runs).toFixed(0)} ms`;
}
const engine = m.SpiEngine.fromJson(bytes);
console.log(
  [
    `bytes->report ${time(() => m.computeReportFromJson(bytes, query), 5)}`,
    `re-query ${time(() => engine.report(query), 5)}`,
    `objects->report ${time(() => m.computeReport(JSON.parse(text), query), 3)}`,
  ].join(", "),
);
engine.free();
