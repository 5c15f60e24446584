// An internal fault (a panic, or a trap without one) costs one call, not the module: the call
// throws an Error with code "internal", the module is re-instantiated, and the next call gives
// the same numbers as before the fault. Engines made before it throw "engine_lost".
//
// The fault is deliberate, from the test build (cargo feature `test-fault`, built by
// `SPI_TEST_FAULT=1 scripts/build.sh` into target/pkg-test-fault/ with the same js/index.js as
// the shipped package); the shipped package must not carry the switch.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as shipped from "spi-wasm";
import { nativeReport, root, thrown } from "./helpers.mjs";

const dir = join(root, "target/pkg-test-fault");
if (!existsSync(join(dir, "node.js"))) {
  execFileSync("bash", ["scripts/build.sh"], { cwd: root, stdio: "inherit", env: { ...process.env, SPI_TEST_FAULT: "1" } });
}
const spi = await import(join(dir, "node.js"));

const smallPath = join(root, "tests/fixtures/small.json");
const small = readFileSync(smallPath, "utf8");
const queryPath = join(root, "tests/fixtures/small_query.json");
const query = existsSync(queryPath) ? JSON.parse(readFileSync(queryPath, "utf8")) : undefined;
// An independent route to the expected report: the native CLI on the same file and query.
const expected = nativeReport(smallPath, existsSync(queryPath) ? queryPath : null);

test("the shipped package has no fault switch, in its JS or in its Wasm exports", () => {
  assert.equal(shipped.__triggerInternalFault, undefined);
  const wasm = new WebAssembly.Module(readFileSync(join(root, "pkg/spi_wasm_bg.wasm")));
  const names = WebAssembly.Module.exports(wasm).map((e) => e.name);
  assert.ok(names.includes("computeReport"), names.join(", "));
  assert.ok(!names.some((n) => /fault/i.test(n)), names.join(", "));
  assert.equal(typeof spi.__triggerInternalFault, "function");
});

for (const kind of ["panic", "trap"]) {
  test(`a ${kind} throws an internal Error, and the next calls give the same report`, () => {
    assert.deepStrictEqual(spi.computeReportFromJson(small, query), expected);
    const before = spi.SpiEngine.fromJson(small);
    const error = thrown(() => spi.__triggerInternalFault(kind));
    assert.ok(error instanceof Error);
    assert.deepEqual([error.code, error.path], ["internal", ""]);
    assert.match(error.message, /^internal error \(a bug in spi-wasm, not in the data\)/);
    // A panic says what and where (the hook's message); a bare trap says what the engine saw.
    assert.match(error.message, kind === "panic" ? /panicked at src\/wasm\.rs:\d+:\d+:\ndeliberate internal fault \(panic\)/ : /unreachable/);

    // A fresh instance: every entry point works and agrees with the native CLI.
    assert.deepStrictEqual(spi.computeReportFromJson(small, query), expected);
    assert.deepStrictEqual(spi.computeReport(JSON.parse(small), query), expected);
    const after = spi.SpiEngine.fromJson(small);
    assert.deepStrictEqual(after.report(query), expected);

    // The engine made before the fault lived in the old instance: a clear error, every method.
    for (const call of [() => before.report(query), () => before.summary(), () => before.drill(query, { indicator: "win_rate" })]) {
      const lost = thrown(call);
      assert.ok(lost instanceof Error);
      assert.equal(lost.code, "engine_lost");
    }
    // Freeing it must not touch the new instance's memory (its pointer means nothing there).
    before.free();
    assert.deepStrictEqual(after.report(query), expected);
    assert.equal(after.summary().deals, JSON.parse(small).deals.length);
    after.free();
  });
}

test("a fault inside an engine's report (the worker's path) is internal; a new engine works", () => {
  const engine = spi.SpiEngine.fromJson(small);
  const error = thrown(() => engine.report({ __fault: "panic" }));
  assert.equal(error.code, "internal");
  assert.equal(thrown(() => engine.report(query)).code, "engine_lost");
  const again = spi.SpiEngine.fromJson(small);
  assert.deepStrictEqual(again.report(query), expected);
  again.free();
});

test("a fault in computeReport of objects (its engine made and freed inside) is internal, not hidden by the free", () => {
  const error = thrown(() => spi.computeReport(JSON.parse(small), { __fault: "panic" }));
  assert.equal(error.code, "internal", error.message);
  assert.deepStrictEqual(spi.computeReport(JSON.parse(small), query), expected);
});

test("ordinary input errors do not restart the module: engines made before them keep working", () => {
  const engine = spi.SpiEngine.fromJson(small);
  const bad = thrown(() => spi.computeReportFromJson('{"deals": [{"id": "a", "amount": "12k"}]}'));
  assert.deepEqual([bad.code, bad.path], ["invalid_value", "deals[0].amount"]);
  assert.deepStrictEqual(engine.report(query), expected);
  engine.free();
});

test("repeated faults: each one costs its call only", () => {
  for (let i = 0; i < 5; i++) {
    assert.equal(thrown(() => spi.__triggerInternalFault(i % 2 ? "trap" : "panic")).code, "internal");
  }
  assert.deepStrictEqual(spi.computeReportFromJson(small, query), expected);
});
