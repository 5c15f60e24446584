// The page's worker (www/worker.js, unbundled, through the package's worker API) survives an internal fault in Chromium: the faulty
// request is answered with an error of code "internal", the engine it held answers "engine_lost",
// and a new load gives the same report as before the fault (and as the native CLI).
//
// The worker runs on the test build of the package (target/pkg-test-fault, cargo feature
// `test-fault`: a query `{"__fault": "panic" | "trap"}` faults inside the report), served under
// the same CSP as the site; tests/js/fault.test.mjs builds it when missing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { openBrowser } from "./browser.mjs";
import { nativeReport, root } from "../js/helpers.mjs";

const pkg = join(root, "target/pkg-test-fault");
if (!existsSync(join(pkg, "index.js"))) {
  execFileSync("bash", ["scripts/build.sh"], { cwd: root, stdio: "inherit", env: { ...process.env, SPI_TEST_FAULT: "1" } });
}

const smallPath = join(root, "tests/fixtures/small.json");
const queryPath = join(root, "tests/fixtures/small_query.json");

test("the worker answers a fault with an internal error and keeps working", async (t) => {
  const b = await openBrowser(t, { serverOptions: { mounts: [["/pkg/", pkg], ["/www/", join(root, "www")], ["/test/", join(root, "tests/browser")]] } });
  const page = await b.newPage();
  await page.goto(`${b.url}test/blank.html`);
  const data = readFileSync(smallPath, "utf8");
  const query = JSON.parse(readFileSync(queryPath, "utf8"));
  const replies = await page.evaluate(async ([data, query]) => {
    // The site's one Trusted Types policy name, as www/lib/engine.js creates it; the page's
    // worker (the package's worker script) through the package's worker API.
    const { SpiWorkerEngine } = await import("/pkg/worker-client.js");
    const policy = trustedTypes.createPolicy("spi-worker", { createScriptURL: (url) => url });
    const engine = new SpiWorkerEngine(new Worker(policy.createScriptURL(new URL("/www/worker.js", location.href).href), { type: "module" }));
    const settle = (promise) =>
      promise.then(
        (value) => ({ type: "result", value }),
        (e) => ({ type: "error", error: { ...e.toJSON(), isSpiError: e.name === "SpiError" && e instanceof Error } }),
      );
    const load = () => settle(engine.load(data));
    const report = (q) => settle(engine.report(q));
    const out = { load: await load() };
    out.before = await report(query);
    out.panic = await report({ __fault: "panic" });
    out.lost = await report(query);
    out.reload = await load();
    out.after = await report(query);
    out.trap = await report({ __fault: "trap" });
    out.reloadAgain = await load();
    out.last = await report(query);
    engine.terminate();
    return out;
  }, [data, query]);

  const expected = nativeReport(smallPath, queryPath);
  assert.equal(replies.load.type, "result");
  assert.deepStrictEqual(replies.before.value, expected);
  for (const [fault, pattern] of [[replies.panic, /deliberate internal fault \(panic\)/], [replies.trap, /unreachable/]]) {
    assert.equal(fault.type, "error");
    assert.equal(fault.error.code, "internal");
    assert.ok(fault.error.isSpiError, "rebuilt into an SpiError");
    assert.match(fault.error.message, pattern);
  }
  assert.deepEqual([replies.lost.type, replies.lost.error.code], ["error", "engine_lost"]);
  assert.equal(replies.reload.value.deals, JSON.parse(data).deals.length);
  assert.deepStrictEqual(replies.after.value, expected);
  assert.deepStrictEqual(replies.last.value, expected);
  assert.deepEqual(b.problems, []);
});
