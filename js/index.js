// The package's entry (copied into pkg/ by scripts/build.sh): wasm-bindgen's glue, with every
// export guarded so that an internal fault costs one call, not the module.
//
// A fault is a panic (the Rust panic hook throws an Error flagged `internalFault`, see
// src/wasm.rs) or any other trap (`WebAssembly.RuntimeError`, e.g. out of memory). Either way
// the instance's state (allocator, borrows, the engines' data) can no longer be trusted, so the
// call throws an `Error` with `code: "internal"` and the module is re-instantiated from the
// already compiled module (`__wbg_reset_state`, generated with wasm-bindgen's
// `--experimental-reset-state-function`). The next call runs on a fresh instance; engines made
// before the fault lived in the old one, so their methods throw `code: "engine_lost"`, and their
// `free()` does nothing (their memory went with the old instance).
import * as glue from "./spi_wasm.js";

export { default, initSync } from "./spi_wasm.js";

/** Incremented on every re-instantiation; each engine remembers the one it was made in. */
let generation = 0;
const madeIn = new WeakMap();

/** The `internal` error for a fault (`null` for an ordinary error, which leaves state intact). */
function faultError(e) {
  if (e?.internalFault === true) return e;
  if (!(e instanceof WebAssembly.RuntimeError)) return null;
  return Object.assign(new Error(`internal error (a bug in spi-wasm, not in the data): the module stopped (${e.message})`, { cause: e }), {
    code: "internal",
    path: "",
  });
}

/** Calls `f`; on a fault, replaces the instance and throws the `internal` error. */
function guarded(f, self, args) {
  try {
    return f.apply(self, args);
  } catch (e) {
    const fault = faultError(e);
    if (!fault) throw e;
    glue.__wbg_reset_state();
    generation += 1;
    throw fault;
  }
}

const engineLost = () =>
  Object.assign(new Error("this SpiEngine was lost in an internal error that restarted the module: load the data again"), {
    code: "engine_lost",
    path: "",
  });

const isLost = (engine) => madeIn.has(engine) && madeIn.get(engine) !== generation;

/** `f` guarded; engines it returns are marked with the current generation. */
function tracking(f) {
  return function (...args) {
    const out = guarded(f, this, args);
    if (out instanceof glue.SpiEngine) madeIn.set(out, generation);
    return out;
  };
}

const { SpiEngine } = glue;
const own = (target) => Object.getOwnPropertyNames(target).filter((k) => typeof target[k] === "function" && !k.startsWith("__"));
for (const name of own(SpiEngine)) SpiEngine[name] = tracking(SpiEngine[name]);
for (const name of own(SpiEngine.prototype).filter((k) => k !== "constructor" && k !== "free")) {
  const method = SpiEngine.prototype[name];
  SpiEngine.prototype[name] = function (...args) {
    if (isLost(this)) throw engineLost();
    return guarded(method, this, args);
  };
}
const free = SpiEngine.prototype.free;
SpiEngine.prototype.free = function () {
  // A lost engine's pointer belongs to the old instance: freeing it in the new one would corrupt it.
  if (isLost(this)) this.__wbg_ptr = 0;
  else guarded(free, this, []);
};
if (Symbol.dispose) SpiEngine.prototype[Symbol.dispose] = SpiEngine.prototype.free;
export { SpiEngine };

export const computeReport = tracking(glue.computeReport);
export const computeReportFromJson = tracking(glue.computeReportFromJson);
export const parseFloor = tracking(glue.parseFloor);
