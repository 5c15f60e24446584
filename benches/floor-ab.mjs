// Two or more builds' ingestion against the serde floor, in one process, for comparing them on a
// shared, noisy machine (session 11, scan5):
//   SPI_BENCH=1 bash scripts/build.sh && cp -r target/pkg-bench /tmp/pkg-new   (and the same for the old)
//   node --expose-gc benches/floor-ab.mjs FILE ROUNDS /tmp/pkg-old /tmp/pkg-new
// Each round runs parseFloor(bytes) then SpiEngine.fromJson(bytes) in every package (gc before
// each), the packages' order reversed every other round; the first round is dropped (warm-up).
// Prints per package the medians of wall time and of the process's CPU time (user + system,
// which moves far less than wall time when other processes share the cores) and their ratios.
// Unlike benches/floor-ratio.mjs (one process per build), the builds see the same machine state.
import { readFileSync } from "node:fs";
const [file, rounds, ...pkgs] = process.argv.slice(2);
const mods = [];
for (const pkg of pkgs) {
  const glue = await import(`${pkg}/spi_wasm.js`);
  glue.initSync({ module: new WebAssembly.Module(readFileSync(`${pkg}/spi_wasm_bg.wasm`)) });
  mods.push({ pkg: pkg.split("/").pop(), glue, ingest: [], icpu: [], floor: [], fcpu: [] });
}
const bytes = new Uint8Array(readFileSync(file));
const time = (f) => {
  globalThis.gc?.();
  const c = process.cpuUsage();
  const t = performance.now();
  const r = f();
  const w = performance.now() - t;
  const u = process.cpuUsage(c);
  return [w, (u.user + u.system) / 1000, r];
};
for (let r = 0; r < Number(rounds); r++) {
  for (const m of r % 2 ? [...mods].reverse() : mods) {
    const [fw, fc] = time(() => m.glue.parseFloor(bytes));
    const [iw, ic, engine] = time(() => m.glue.SpiEngine.fromJson(bytes));
    engine.free();
    if (r > 0) {
      m.floor.push(fw);
      m.fcpu.push(fc);
      m.ingest.push(iw);
      m.icpu.push(ic);
    }
  }
}
const med = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];
for (const m of mods) {
  const [floor, fcpu, ingest, icpu] = [med(m.floor), med(m.fcpu), med(m.ingest), med(m.icpu)];
  console.log(JSON.stringify({ pkg: m.pkg, file: file.split("/").pop(), floor: +floor.toFixed(1), floorCpu: +fcpu.toFixed(1), fromJson: +ingest.toFixed(1), fromJsonCpu: +icpu.toFixed(1), ratio: +(ingest / floor).toFixed(2), ratioCpu: +(icpu / fcpu).toFixed(2) }));
}
