// The package's entry (copied into pkg/ by scripts/build.sh): wasm-bindgen's glue, with every
// export guarded so that
// - every failure is an `SpiError` (one error contract: `code`, `path`, `file` where there is one,
//   a clean message, and a plain-object form that survives `postMessage`);
// - a call before `init()`, on a freed object or on one lost in a fault is an `SpiError` with its
//   own code (`not_initialized`, `freed`, `engine_lost`) instead of a TypeError or "null pointer
//   passed to rust"; `free()` is idempotent;
// - an internal fault costs one call, not the module.
//
// A fault is a panic (the Rust panic hook throws an Error flagged `internalFault`, see
// src/wasm.rs) or any other trap (`WebAssembly.RuntimeError`, e.g. out of memory). Either way
// the instance's state (allocator, borrows, the engines' data) can no longer be trusted, so the
// call throws an `SpiError` with `code: "internal"` and the module is re-instantiated from the
// already compiled module (`__wbg_reset_state`, generated with wasm-bindgen's
// `--experimental-reset-state-function`). The next call runs on a fresh instance; engines made
// before the fault lived in the old one, so their methods throw `code: "engine_lost"`, and their
// `free()` does nothing (their memory went with the old instance).
import * as glue from "./spi_wasm.js";
import { SpiError } from "./error.js";
import { engineFromObject, quietly } from "./objects.js";

export { SpiError };

/** True once the module is instantiated (`init()` resolved or `initSync()` returned). */
let ready = false;

/**
 * Fetches and instantiates the module (once; later calls do nothing). By default it fetches
 * spi_wasm_bg.wasm next to this module (`new URL(..., import.meta.url)`, which Vite and webpack
 * resolve and emit; esbuild leaves it, so its bundles need the file copied: see the README's
 * "Bundlers"). A failure (a 404, a non-Wasm response, a CSP without 'wasm-unsafe-eval') rejects
 * with an `SpiError` `init_failed` that says so, the original error as `cause`.
 */
export default async function init(options) {
  try {
    const out = await glue.default(options);
    ready = true;
    return out;
  } catch (e) {
    throw loadFailed(e);
  }
}

/** The `init_failed` error for a module that could not be loaded or compiled. */
function loadFailed(e) {
  // The module uses WebAssembly SIMD (its string scans): an engine without it refuses to compile
  // the module at all, which must not read as a bundling mistake.
  const message =
    e instanceof WebAssembly.CompileError
      ? `spi-wasm's WebAssembly module could not be compiled (${e.message}). It needs WebAssembly SIMD: ` +
        "Chrome 91+, Firefox 89+, Safari 16.4+, Node 16.4+; in those, the bytes given are not spi_wasm_bg.wasm"
      : `spi-wasm could not load its WebAssembly module (${e?.message ?? e}). It is spi_wasm_bg.wasm, next to ` +
        "the module by default: a bundler must emit it (esbuild: add it as an entry point with the copy loader), " +
        "or pass its URL or bytes as init({ module_or_path }); a CSP must allow 'wasm-unsafe-eval'";
  return new SpiError(message, { code: "init_failed", cause: e });
}

/** Instantiates the module from bytes or a compiled `WebAssembly.Module`, synchronously. */
export function initSync(options) {
  let out;
  try {
    out = glue.initSync(options);
  } catch (e) {
    throw loadFailed(e);
  }
  ready = true;
  return out;
}

/** Incremented on every re-instantiation; each engine remembers the one it was made in. */
let generation = 0;
const madeIn = new WeakMap();

/** The `internal` error for a fault (`null` for an ordinary error, which leaves state intact). */
function faultError(e) {
  if (e?.internalFault === true) return SpiError.from(e);
  if (!(e instanceof WebAssembly.RuntimeError)) return null;
  const message = `internal error (a bug in spi-wasm, not in the data): the module stopped (${e.message})`;
  return new SpiError(message, { code: "internal", cause: e });
}

function notInitialized(name) {
  const message = `spi-wasm is not initialised: call \`await init()\` (or \`initSync\`) before ${name}`;
  return new SpiError(message, { code: "not_initialized" });
}

/**
 * Calls `f`; on a fault, replaces the instance and throws the `internal` error. Every other
 * failure (the module's input errors, the glue's argument checks) is thrown as an `SpiError`
 * (`invalid_argument` when it has no code of its own).
 */
function guarded(f, self, args, name) {
  if (!ready) throw notInitialized(name);
  try {
    return f.apply(self, args);
  } catch (e) {
    const fault = faultError(e);
    if (!fault) throw SpiError.from(e, "invalid_argument");
    glue.__wbg_reset_state();
    generation += 1;
    throw fault;
  }
}

// Class names written out: `constructor.name` is minified in bundled pages ("this e was lost").
const engineLost = (name) =>
  new SpiError(`this ${name} was lost in an internal error that restarted the module: load the data again`, { code: "engine_lost" });
const freed = (name) =>
  new SpiError(`this ${name} was freed (by free(), or by finish() for a loader): it can no longer be used`, { code: "freed" });

const isLost = (object) => madeIn.has(object) && madeIn.get(object) !== generation;
const mark = (out) => {
  if (out instanceof glue.SpiEngine || out instanceof glue.SpiLoader) madeIn.set(out, generation);
  return out;
};

/** `f` guarded; engines and loaders it returns (or its promise resolves to) are marked with the
 * current generation; a promise's rejection is an `SpiError` too (`read_failed` for a stream's
 * own failure, e.g. an aborted download or a throwing `onProgress`). */
function tracking(f, name = f.name) {
  return function (...args) {
    const out = guarded(f, this, args, name);
    if (out instanceof Promise) return out.then(mark, (e) => Promise.reject(SpiError.from(e, "read_failed")));
    return mark(out);
  };
}

/** Guards a class's static functions, and its methods and getters (by their descriptors: reading
 * a getter off the prototype would call into the module). An object first seen in a method call
 * (a loader made inside `fromStream`) is marked then. */
function guardClass(cls, className) {
  for (const name of Object.getOwnPropertyNames(cls)) {
    if (typeof cls[name] === "function" && !name.startsWith("__")) cls[name] = tracking(cls[name], `${className}.${name}`);
  }
  for (const name of Object.getOwnPropertyNames(cls.prototype)) {
    if (name === "constructor" || name === "free" || name.startsWith("__")) continue;
    const d = Object.getOwnPropertyDescriptor(cls.prototype, name);
    const guard = (f) =>
      function (...args) {
        if (!ready) throw notInitialized(`${className}.${name}`);
        if (isLost(this)) throw engineLost(className);
        if (!this.__wbg_ptr) throw freed(className);
        if (!madeIn.has(this)) madeIn.set(this, generation);
        return mark(guarded(f, this, args, `${className}.${name}`));
      };
    if (typeof d.value === "function") Object.defineProperty(cls.prototype, name, { ...d, value: guard(d.value) });
    else if (d.get) Object.defineProperty(cls.prototype, name, { ...d, get: guard(d.get) });
  }
  const free = cls.prototype.free;
  cls.prototype.free = function () {
    // Idempotent: a freed (or consumed) object has no pointer left.
    if (!this.__wbg_ptr) return;
    // A lost object's pointer belongs to the old instance: freeing it in the new one would corrupt it.
    if (isLost(this)) this.__wbg_ptr = 0;
    else guarded(free, this, [], `${className}.free`);
  };
  if (Symbol.dispose) cls.prototype[Symbol.dispose] = cls.prototype.free;
}

const { SpiEngine, SpiLoader } = glue;
// JS objects cross as JSON bytes (js/objects.js), checked value by value first, with the glue's own
// loader and engine methods (taken before they are guarded below). The glue's `fromObject` and
// `computeReport` (plain `JSON.stringify`, unchecked) are never called.
const raw = { loader: SpiEngine.loader, push: SpiLoader.prototype.push, finish: SpiLoader.prototype.finish, free: SpiLoader.prototype.free };
const engineMethods = { report: SpiEngine.prototype.report, free: SpiEngine.prototype.free };
SpiEngine.fromObject = function fromObject(data) {
  return engineFromObject(data, raw);
};
function computeObjectReport(data, query) {
  const engine = engineFromObject(data, raw);
  let report;
  try {
    report = engineMethods.report.call(engine, query);
  } catch (e) {
    // A fault in the report must reach `guarded` as itself (a free that throws would hide it).
    quietly(engineMethods.free, engine);
    throw e;
  }
  engineMethods.free.call(engine);
  return report;
}
guardClass(SpiEngine, "SpiEngine");
guardClass(SpiLoader, "SpiLoader");
export { SpiEngine, SpiLoader };

export const computeReport = tracking(computeObjectReport, "computeReport");
export const computeReportFromJson = tracking(glue.computeReportFromJson);
export const mappingFields = tracking(glue.mappingFields);
export const catalog = tracking(glue.catalog);
