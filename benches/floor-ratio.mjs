// Ingestion against the serde floor in one module instance, for comparing two builds:
//   SPI_BENCH=1 bash scripts/build.sh && cp -r target/pkg-bench /tmp/pkg-new   (and the same for the old)
//   node --expose-gc benches/floor-ratio.mjs /tmp/pkg-new FILE [RUNS]
// Prints the median ms of parseFloor(bytes) and SpiEngine.fromJson(bytes),
// alternated within the process, in one module instance.
import { readFileSync } from "node:fs";
const [pkg, file, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 5);
const glue = await import(`${pkg}/spi_wasm.js`);
glue.initSync({ module: new WebAssembly.Module(readFileSync(`${pkg}/spi_wasm_bg.wasm`)) });
const bytes = new Uint8Array(readFileSync(file));
const floor = [], ingest = [];
for (let i = 0; i < runs; i++) {
  globalThis.gc?.();
  let t = performance.now();
  glue.parseFloor(bytes);
  floor.push(performance.now() - t);
  globalThis.gc?.();
  t = performance.now();
  const engine = glue.SpiEngine.fromJson(bytes);
  ingest.push(performance.now() - t);
  engine.free();
}
const med = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];
console.log(JSON.stringify({ pkg: pkg.split("/").pop(), file: file.split("/").pop(), floor: +med(floor).toFixed(1), fromJson: +med(ingest).toFixed(1), ratio: +(med(ingest) / med(floor)).toFixed(2), all: ingest.map((x) => Math.round(x)) }));
