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

const engineLost = (object) =>
  Object.assign(new Error(`this ${object.constructor.name} was lost in an internal error that restarted the module: load the data again`), {
    code: "engine_lost",
    path: "",
  });

const isLost = (object) => madeIn.has(object) && madeIn.get(object) !== generation;

/** `f` guarded; engines and loaders it returns are marked with the current generation. */
function tracking(f) {
  return function (...args) {
    const out = guarded(f, this, args);
    if (out instanceof glue.SpiEngine || out instanceof glue.SpiLoader) madeIn.set(out, generation);
    return out;
  };
}

/** Guards a class's static functions, and its methods and getters (by their descriptors: reading
 * a getter off the prototype would call into the module). An object first seen in a method call
 * (a loader made inside `fromStream`) is marked then. */
function guardClass(cls) {
  for (const name of Object.getOwnPropertyNames(cls)) {
    if (typeof cls[name] === "function" && !name.startsWith("__")) cls[name] = tracking(cls[name]);
  }
  for (const name of Object.getOwnPropertyNames(cls.prototype)) {
    if (name === "constructor" || name === "free" || name.startsWith("__")) continue;
    const d = Object.getOwnPropertyDescriptor(cls.prototype, name);
    const guard = (f) =>
      function (...args) {
        if (isLost(this)) throw engineLost(this);
        if (!madeIn.has(this)) madeIn.set(this, generation);
        const out = guarded(f, this, args);
        if (out instanceof glue.SpiEngine) madeIn.set(out, generation);
        return out;
      };
    if (typeof d.value === "function") Object.defineProperty(cls.prototype, name, { ...d, value: guard(d.value) });
    else if (d.get) Object.defineProperty(cls.prototype, name, { ...d, get: guard(d.get) });
  }
  const free = cls.prototype.free;
  cls.prototype.free = function () {
    // A lost object's pointer belongs to the old instance: freeing it in the new one would corrupt it.
    if (isLost(this)) this.__wbg_ptr = 0;
    else guarded(free, this, []);
  };
  if (Symbol.dispose) cls.prototype[Symbol.dispose] = cls.prototype.free;
}

const { SpiEngine, SpiLoader } = glue;
guardClass(SpiEngine);
guardClass(SpiLoader);
export { SpiEngine, SpiLoader };

export const computeReport = tracking(glue.computeReport);
export const computeReportFromJson = tracking(glue.computeReportFromJson);
export const parseFloor = tracking(glue.parseFloor);
export const mappingFields = tracking(glue.mappingFields);
