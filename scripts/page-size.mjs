// Prints what the report page downloads besides the sample: JS (page + worker) and wasm, raw and
// gzipped (-9). Usage: node scripts/page-size.mjs dist
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const dir = join(process.argv[2] ?? "dist", "assets");
const sizes = { js: [0, 0], wasm: [0, 0], css: [0, 0] };
for (const name of readdirSync(dir)) {
  const kind = name.split(".").pop();
  if (!sizes[kind]) continue;
  const bytes = readFileSync(join(dir, name));
  sizes[kind][0] += bytes.length;
  sizes[kind][1] += gzipSync(bytes, { level: 9 }).length;
}
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
for (const [kind, [raw, gz]] of Object.entries(sizes)) console.log(`dist/assets *.${kind}: ${kb(raw)} raw, ${kb(gz)} gzip`);
const total = sizes.js[1] + sizes.wasm[1];
console.log(`page JS + wasm: ${kb(sizes.js[0] + sizes.wasm[0])} raw, ${kb(total)} gzip`);
