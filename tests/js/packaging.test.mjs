// What `npm pack` ships: the entries, their types, the module and its snippet, README and
// LICENSE; no runtime dependency (uplot is the page's, a devDependency).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./helpers.mjs";

const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

test("no runtime dependencies; the LICENSE file is the license package.json names", () => {
  assert.equal(pkg.dependencies, undefined);
  assert.ok(pkg.devDependencies.uplot, "the page's chart library stays a devDependency");
  assert.equal(pkg.license, "MIT");
  assert.match(readFileSync(join(root, "LICENSE"), "utf8"), /^MIT License\n/);
});

test("npm pack ships exactly the package files", () => {
  const [packed] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8" }));
  const files = packed.files.map((f) => f.path.replace(/^pkg\/snippets\/[^/]+\//, "pkg/snippets/*/")).sort();
  assert.deepEqual(files, [
    "LICENSE", "README.md", "package.json",
    "pkg/error.js", "pkg/index.d.ts", "pkg/index.js", "pkg/node.d.ts", "pkg/node.js",
    "pkg/snippets/*/inline0.js", "pkg/spi_wasm.d.ts", "pkg/spi_wasm.js", "pkg/spi_wasm_bg.wasm", "pkg/spi_wasm_bg.wasm.d.ts",
    "pkg/worker-api.d.ts", "pkg/worker-api.js", "pkg/worker-client.js", "pkg/worker-node.js", "pkg/worker-serve.js",
    "pkg/worker-thread.js", "pkg/worker.js",
  ]);
});
