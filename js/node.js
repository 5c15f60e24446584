// The Node entry of spi-wasm (copied into pkg/ by scripts/build.sh): instantiates the module
// synchronously, so that `import { SpiEngine } from "spi-wasm"` works in Node with no init call.
// Browsers and bundlers use index.js and call `await init()` (it fetches spi_wasm_bg.wasm next to
// the module). scripts/build.sh also bundles this file into node.cjs for `require("spi-wasm")`.
//
// Where the .wasm is, in order (the first that exists wins):
// 1. next to this module: the installed package; a bundle with the file copied next to it
//    (`import.meta.url` in ES modules, `__dirname` in node.cjs and CommonJS bundles);
// 2. the installed package, resolved from there, then from the working directory: a Node-platform
//    bundle (esbuild --platform=node, tests/js/bundlers.test.mjs) run where node_modules is.
// None: an SpiError `wasm_not_found` that names the places and the fix.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import init, { initSync, SpiError } from "./index.js";

const FILE = "spi_wasm_bg.wasm";

/** This module's directory: from `import.meta.url` as an ES module, `__dirname` once bundled into CommonJS. */
function moduleDir() {
  if (typeof import.meta.url === "string" && import.meta.url.startsWith("file:")) return fileURLToPath(new URL(".", import.meta.url));
  // eslint-disable-next-line no-undef
  return typeof __dirname === "string" ? __dirname : null;
}

/** The installed package's .wasm resolved from `dir` (node_modules lookup), or null. */
function fromPackage(dir) {
  try {
    return createRequire(join(dir, "noop.js")).resolve("spi-wasm/spi_wasm_bg.wasm");
  } catch {
    return null;
  }
}

function wasmPath() {
  const here = moduleDir();
  const candidates = here ? [join(here, FILE), fromPackage(here)] : [];
  candidates.push(fromPackage(process.cwd()));
  const found = candidates.find((path) => path && existsSync(path));
  if (found) return found;
  const looked = [here && join(here, FILE), `spi-wasm/${FILE} from ${here ?? ""} and ${process.cwd()}`].filter(Boolean);
  throw new SpiError(
    `spi-wasm could not find ${FILE} (looked at ${looked.join("; ")}). A bundle needs the file next to it: ` +
      `copy node_modules/spi-wasm/pkg/${FILE} into the bundle's directory, or keep spi-wasm external (esbuild --external:spi-wasm)`,
    { code: "wasm_not_found" },
  );
}

initSync({ module: readFileSync(wasmPath()) });
export * from "./index.js";
export default init;
