// Size and speed of the .wasm at each rustc opt-level and wasm-opt level, to choose the build's
// levels with numbers (benches/RESULTS.md, "Size and speed of the module").
//
// 1. Builds every variant into target/wasm-sizes/<opt-level>/<wasm-opt level>.wasm: cargo
//    (profile wasm-release, CARGO_PROFILE_WASM_RELEASE_OPT_LEVEL set), wasm-bindgen, wasm-opt at
//    the level (as scripts/build.sh does). Prints raw and gzip -9 bytes.
// 2. Times them on one data file in interleaved rounds (variant A, B, C..., then again), each run
//    in a fresh Node process (scripts/wasm-speed.mjs): load from other processes on a shared
//    machine then falls on every variant alike. Prints medians of the rounds.
//
// Env: LEVELS="s z 2 3", WASM_OPTS="-O3 -Os -Oz", RUNS=5 (rounds), ITER=1 (runs per process, the
// last timed), DATA=benches/data/full-100k.json (generated with `spi generate --deals 100000
// --seed 1` when missing, as `npm run bench` does), SKIP_BUILD=1 (time the variants built before).
// Needs `npm run build` once (wasm32 target, wasm-bindgen-cli, node_modules). ~30 min on 2 cores.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";

const root = new URL("..", import.meta.url).pathname;
const levels = (process.env.LEVELS ?? "s z 2 3").split(/\s+/).filter(Boolean);
const wasmOpts = (process.env.WASM_OPTS ?? "-O3 -Os -Oz").split(/\s+/).filter(Boolean);
const rounds = Number(process.env.RUNS ?? 5);
const data = process.env.DATA ?? root + "benches/data/full-100k.json";
const dir = root + "target/wasm-sizes/";
const run = (cmd, args, env = {}) => execFileSync(cmd, args, { cwd: root, stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, ...env } });

if (!existsSync(data)) {
  run("cargo", ["build", "--release", "--quiet", "--bin", "spi"]);
  const fd = openSync(data, "w");
  execFileSync(root + "target/release/spi", ["generate", "--deals", "100000", "--seed", "1"], { stdio: ["ignore", fd, "inherit"] });
  closeSync(fd);
}

const variants = [];
for (const level of levels) {
  const out = `${dir}${level}/`;
  if (!process.env.SKIP_BUILD) {
    run("cargo", ["build", "--quiet", "--profile", "wasm-release", "--target", "wasm32-unknown-unknown", "--lib"], { CARGO_PROFILE_WASM_RELEASE_OPT_LEVEL: level });
    mkdirSync(out, { recursive: true });
    run("wasm-bindgen", ["--target", "web", "--out-dir", out, "target/wasm32-unknown-unknown/wasm-release/spi_wasm.wasm"]);
  }
  for (const wopt of wasmOpts) {
    const file = `${wopt}.wasm`;
    if (!process.env.SKIP_BUILD) run("node_modules/.bin/wasm-opt", [wopt, `${out}spi_wasm_bg.wasm`, "-o", out + file]);
    const wasm = readFileSync(out + file);
    const v = { level, wopt, out, file, raw: wasm.length, gzip: gzipSync(wasm, { level: 9 }).length, times: { ingest: [], core: [], all: [], ingestCpu: [], coreCpu: [], allCpu: [] } };
    console.log(`${level.padEnd(3)} ${wopt.padEnd(4)} ${String(v.raw).padStart(9)} B raw ${String(v.gzip).padStart(8)} B gzip`);
    variants.push(v);
  }
}

console.log(`\ntiming on ${data} (${statSync(data).size} bytes), ${rounds} interleaved rounds`);
for (let r = 0; r < rounds; r++) {
  for (const v of variants) {
    const line = execFileSync(process.execPath, ["--expose-gc", root + "scripts/wasm-speed.mjs", v.out, v.file, data, process.env.ITER ?? "1"], { encoding: "utf8", maxBuffer: 1 << 20 });
    const t = JSON.parse(line.trim().split("\n").pop());
    for (const k of Object.keys(v.times)) v.times[k].push(t[k]);
  }
  process.stdout.write(`round ${r + 1} done\n`);
}

const median = (x) => [...x].sort((a, b) => a - b)[x.length >> 1];
const ms = (x) => `${median(x).toFixed(0)} ms`;
console.log("\nWall time, then CPU time (user + system of the process), medians:");
console.log("\n| rustc opt-level | wasm-opt | raw bytes | gzip -9 | ingest | core-set report | all-indicator report | ingest CPU | core-set CPU | all-indicator CPU |");
console.log("|---|---|---|---|---|---|---|---|---|---|");
for (const v of variants) {
  const t = v.times;
  console.log(`| ${v.level} | ${v.wopt} | ${v.raw.toLocaleString("en")} | ${v.gzip.toLocaleString("en")} | ${ms(t.ingest)} | ${ms(t.core)} | ${ms(t.all)} | ${ms(t.ingestCpu)} | ${ms(t.coreCpu)} | ${ms(t.allCpu)} |`);
}
