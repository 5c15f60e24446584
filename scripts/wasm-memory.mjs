// Peak WebAssembly memory of a load, relative to the input's size: `SpiEngine.fromJson(bytes)`
// and `SpiEngine.loader()` fed 8 MB chunks, each in a fresh Node process (Wasm memory only grows,
// so its size after the load is the load's peak).
//
//   node scripts/wasm-memory.mjs FILE... [--pkg DIR]     (DIR: another build, e.g. main's pkg/)
import { execFileSync } from "node:child_process";
import { openSync, readSync, closeSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

const CHUNK = 8 << 20;
const args = process.argv.slice(2);

if (args[0] === "--child") {
  const [, pkg, mode, file] = args;
  const glue = await import(`${pkg}/spi_wasm.js`);
  const wasm = glue.initSync({ module: readFileSync(`${pkg}/spi_wasm_bg.wasm`) });
  if (mode === "loader" && !glue.SpiEngine.loader) {
    console.log(JSON.stringify({ skipped: "this build has no SpiEngine.loader" }));
    process.exit(0);
  }
  const start = Date.now();
  let engine;
  if (mode === "fromJson") {
    engine = glue.SpiEngine.fromJson(readFileSync(file));
  } else {
    // Read the file 8 MB at a time, as a page's File.stream() reader would hand it over.
    const loader = glue.SpiEngine.loader(statSync(file).size);
    const fd = openSync(file, "r");
    const buffer = new Uint8Array(CHUNK);
    for (let n; (n = readSync(fd, buffer, 0, CHUNK, null)) > 0; ) loader.push(buffer.subarray(0, n));
    closeSync(fd);
    engine = loader.finish();
  }
  const ms = Date.now() - start;
  const deals = engine.summary().deals;
  console.log(JSON.stringify({ memory: wasm.memory.buffer.byteLength, ms, deals }));
} else {
  const at = args.indexOf("--pkg");
  const pkg = at >= 0 ? args.splice(at, 2)[1] : fileURLToPath(new URL("../pkg", import.meta.url));
  const me = fileURLToPath(import.meta.url);
  const mb = (n) => (n / 1e6).toFixed(1);
  console.log(`package: ${pkg}\n`);
  console.log("| input | bytes | load | Wasm memory after load | × input | load time |");
  console.log("|---|---|---|---|---|---|");
  for (const file of args) {
    const size = statSync(file).size;
    for (const mode of ["fromJson", "loader"]) {
      let result;
      try {
        const out = execFileSync(process.execPath, ["--max-old-space-size=8192", me, "--child", pkg, mode, file], { encoding: "utf8" });
        result = JSON.parse(out.trim().split("\n").at(-1));
      } catch (e) {
        console.log(`| ${file} | ${mb(size)} MB | ${mode} | failed: ${String(e.stderr ?? e).split("\n")[0]} | | |`);
        continue;
      }
      if (result.skipped) {
        console.log(`| ${file.split("/").at(-1)} | ${mb(size)} MB | ${mode} | (${result.skipped}) | | |`);
        continue;
      }
      const ratio = (result.memory / size).toFixed(2);
      console.log(`| ${file.split("/").at(-1)} | ${mb(size)} MB | ${mode} | ${mb(result.memory)} MB | ${ratio} | ${result.ms} ms |`);
    }
  }
}
