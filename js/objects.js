// JS objects into the engine (`SpiEngine.fromObject`, `computeReport`, and through them the worker
// API and the sidebar's `spi:data` object) as JSON bytes: the records are checked, `JSON.stringify`d
// 256 at a time and encoded (`TextEncoder.encodeInto`) into a reused buffer pushed into the
// streaming reader the bytes route uses (`SpiEngine.loader()`). This is the only route for objects:
// reading them field by field across the boundary (`serde_wasm_bindgen`) cost 3.5-4x the bytes
// route in CPU time and ~120 KB of the module (a second set of every Deserialize impl); this route
// ~1.6x, and ~1.1x of that is the bytes route reading the re-stringified text (benches/objects.mjs
// measures the routes side by side; numbers in benches/RESULTS.md).
//
// JSON.stringify is silent where the engine must be loud, so a walk looks at every value first
// (`checkObject`). A record JSON text carries faithfully is stringified as it is (the fast path);
// any other is first rewritten into the JSON value the field-by-field route read it as
// (`toJsonValue`), or refused here with the package's `SpiError` at the value's path:
// - NaN, Infinity: `invalid_value` (`deals[0].amount: expected a finite number, got NaN`), never
//   the `null` stringify would write.
// - an invalid Date (`toJSON` gives null): `invalid_value`, `expected a date, got an invalid Date`.
// - a function or a symbol: `invalid_value`, `expected a JSON value, got a function` (stringify
//   would drop it or write `null`).
//   These three are refused wherever they are: the field-by-field route ignored them in fields
//   the engine does not read, but JS cannot tell those apart, and such a value handed over is a
//   bug upstream.
// - Map: an object of its entries (keys as strings); class instances and objects from another
//   realm: their own enumerable fields, as the field-by-field route read them. Set, typed arrays
//   and other iterables: arrays; boxed primitives: their value (as stringify writes them; the
//   field-by-field route refused these).
// - a cycle, or nesting past 64 levels: the repeated or too deep value is left out (no field the
//   engine reads lies that deep; the field-by-field route never looked at them either).
// What becomes what on this route (docs/input.md, "JS objects"):
// - `undefined` fields: absent; `undefined` in an array: `null`, as stringify writes it (a record
//   that is `undefined` is refused at the record, `deals[3]`, as it was field by field).
// - Date objects (and any object with `toJSON`): what `toJSON` returns, so a Date is its ISO
//   date-time in UTC.
// - BigInt: its exact decimal digits as a string (amounts, times and ids accept numeric strings),
//   where `JSON.stringify` alone would throw. A BigInt past 1e15 as an amount is then the usual
//   `amount_too_large` warning.

import { SpiError } from "./error.js";

/** `checkObject` verdicts. */
export const PLAIN = 0;
export const HAS_BIGINT = 1;
export const CONVERT = 2;

const MAX_DEPTH = 64;

/**
 * How `data` can cross: PLAIN (JSON.stringify writes it faithfully), HAS_BIGINT (faithfully with
 * `bigintAsString`), or CONVERT (`toJsonValue` must rewrite it first, or refuse it).
 */
export function checkObject(data) {
  return isPlainObject(data) ? walk(data, 0) : CONVERT;
}

function isPlainObject(v) {
  if (v === null || typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** The verdict for one value (the worst of its parts). */
function walk(v, depth) {
  switch (typeof v) {
    case "string":
    case "boolean":
      return PLAIN;
    case "number":
      return Number.isFinite(v) ? PLAIN : CONVERT;
    case "bigint":
      return HAS_BIGINT;
    case "object":
      break;
    case "undefined":
      // Only reached for array elements (undefined fields are skipped below): stringify writes
      // `null`, which reads as the field-by-field route read `undefined` (refused as a record,
      // ignored elsewhere).
      return PLAIN;
    default:
      // functions, symbols.
      return CONVERT;
  }
  if (v === null) return PLAIN;
  if (depth >= MAX_DEPTH) return CONVERT;
  let verdict = PLAIN;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = walk(v[i], depth + 1);
      if (x === CONVERT) return x;
      if (x > verdict) verdict = x;
    }
    return verdict;
  }
  if (typeof v.toJSON === "function") {
    const json = v.toJSON("");
    return json === null ? CONVERT : walk(json, depth + 1);
  }
  if (!isPlainObject(v)) return CONVERT;
  for (const key in v) {
    const x = v[key];
    // The common scalars inline (no call): most fields of a record.
    if (x === undefined || typeof x === "string" || (typeof x === "number" && Number.isFinite(x))) continue;
    const y = walk(x, depth + 1);
    if (y === CONVERT) return y;
    if (y > verdict) verdict = y;
  }
  return verdict;
}

/** `JSON.stringify` replacer: a BigInt as its exact decimal digits. */
function bigintAsString(_key, value) {
  return typeof value === "bigint" ? value.toString() : value;
}

/** JSON text of one value whose verdict is known (PLAIN or HAS_BIGINT). */
const stringify = (v, verdict) => JSON.stringify(v, verdict === HAS_BIGINT ? bigintAsString : undefined);

/** Bytes handed to the loader at a time (reused across calls: one buffer per module instance). */
const CHUNK = 2 << 20;
/** Records stringified per call (fewer calls; ~100 KB of text for lean deals). */
const BATCH = 256;
let buffer = null;
const encoder = new TextEncoder();

/**
 * An engine of `data`, pushed as JSON text into a loader record by record (each checked, then
 * stringified and encoded into one reused buffer): never the whole text as one string, so neither
 * V8's maximum string length (~512 MB) nor a second copy of the data in JS memory limits it.
 * Throws an `SpiError` where a value cannot cross faithfully (nothing of `data` is kept then).
 * `raw` holds the glue's own (unguarded) `loader`, `push`, `finish` and `free` of the loader.
 */
export function engineFromObject(data, raw) {
  if (!isPlainObject(data) || typeof data.toJSON === "function") data = topLevel(data);
  buffer ??= new Uint8Array(CHUNK);
  const loader = raw.loader();
  let used = 0;
  const flush = () => {
    if (used) raw.push.call(loader, buffer.subarray(0, used));
    used = 0;
  };
  // `lead`: a byte written in place of the text's first (an ASCII character's).
  const write = (text, lead) => {
    if (text.length * 3 > CHUNK - used) flush();
    for (;;) {
      const { read, written } = encoder.encodeInto(text, buffer.subarray(used));
      if (lead !== undefined && written) (buffer[used] = lead), (lead = undefined);
      used += written;
      if (read === text.length) return;
      // Longer than the buffer: the rest after a flush (encodeInto never splits a surrogate pair).
      text = text.slice(read);
      flush();
    }
  };
  try {
    let first = true;
    for (const key in data) {
      let value = data[key];
      if (value === undefined) continue;
      write((first ? "{" : ",") + JSON.stringify(key) + ":");
      first = false;
      if (!Array.isArray(value)) {
        let verdict = walk(value, 1);
        if (verdict === CONVERT) (value = toJsonValue(value, [key], 1, new Set([data]))), (verdict = PLAIN);
        write(stringify(value ?? null, verdict));
        continue;
      }
      // Records BATCH at a time: one stringify call per batch, its text encoded as it is (no
      // copy to cut its brackets off): a batch's `[` is written as the `,` after the batch
      // before, and each `]` but the last is taken back.
      if (!value.length) write("[]");
      for (let i = 0; i < value.length; i += BATCH) {
        const end = Math.min(i + BATCH, value.length);
        const batch = value.slice(i, end);
        let verdict = PLAIN;
        for (let k = i; k < end; k++) {
          const x = walk(value[k], 2);
          if (x === CONVERT) batch[k - i] = toJsonValue(value[k], [key, k], 2, new Set([data, value])) ?? null;
          else if (x > verdict) verdict = x;
        }
        write(stringify(batch, verdict), i ? 0x2c : undefined);
        if (end < value.length) used--;
      }
    }
    write(first ? "{}" : "}");
    flush();
  } catch (e) {
    // A value refused here or by the reader (its error names the field, as from text), a toJSON
    // that threw, or a fault: `e` is what the caller must see, whatever freeing the loader then does.
    quietly(raw.free, loader);
    throw e;
  }
  return raw.finish.call(loader);
}

/**
 * The JSON text of `data`, checked and converted as `engineFromObject` checks and converts it
 * (NaN, Infinity, an invalid Date, a function refused at its path; Maps, Dates, BigInts as their
 * JSON), for a load read whole as text (`fromFiles`, as one with the user's settings is): a bare
 * `JSON.stringify` would write NaN as `null`, a quiet missing amount. Plain data: one stringify.
 */
export function jsonText(data) {
  if (!isPlainObject(data) || typeof data.toJSON === "function") data = topLevel(data);
  const verdict = walk(data, 0);
  return verdict === CONVERT ? JSON.stringify(toJsonValue(data, [], 0, new Set())) : stringify(data, verdict);
}

/** The kinds of dataset the top level may be, named in the error for anything else. */
const EXPECTED_DATASET = "an object with deals, leads, activities, contacts, quotas, forecasts, stages, fx or settings";

/** A top level that is not a plain object: a Map, class instance or object with `toJSON` as
 * the JSON object it stands for; anything else (null, an array, a string) refused. */
function topLevel(data) {
  const refuse = (got) => new SpiError(`expected ${EXPECTED_DATASET}, got ${got}`, { code: "invalid_value", path: "" });
  if (data === null) throw refuse("null");
  if (typeof data !== "object") throw refuse(`a value of type ${typeof data}`);
  if (Array.isArray(data)) throw refuse("an array");
  const out = toJsonValue(data, [], 0, new Set());
  if (out === null || typeof out !== "object" || Array.isArray(out)) throw refuse(out === null ? "null" : Array.isArray(out) ? "an array" : `a value of type ${typeof out}`);
  return out;
}

/** `path` (keys and indexes) as the core writes it: `deals[12].history[0].amount`, `fx.EUR`. */
function pathText(path) {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${p}` : String(p);
  return out;
}

/** The `invalid_value` error at `path`, worded as the core's: `<path>: expected X, got Y`. */
function refused(path, expected, got) {
  const at = pathText(path);
  return new SpiError(`${at}: expected ${expected}, got ${got}`, { code: "invalid_value", path: at });
}

const isDate = (v) => Object.prototype.toString.call(v) === "[object Date]";

/**
 * `v` as the JSON value it stands for (the header lists each case), with BigInts as their decimal
 * digits; `undefined` for what is left out (`undefined`, a cycle, past MAX_DEPTH). Throws the
 * `invalid_value` error at `path` for NaN, Infinity, an invalid Date, a function or a symbol. `path` and `seen`
 * (the objects above `v`) are stacks, pushed and popped as the walk goes. Only records the fast
 * walk sent here (`CONVERT`) come this way, so the copying costs nothing on plain data.
 */
function toJsonValue(v, path, depth, seen) {
  switch (typeof v) {
    case "string":
    case "boolean":
      return v;
    case "number":
      if (Number.isFinite(v)) return v;
      throw refused(path, "a finite number", String(v));
    case "bigint":
      return v.toString();
    case "object":
      break;
    case "undefined":
      // Left out of objects, `null` in arrays: as stringify writes it.
      return undefined;
    default:
      throw refused(path, "a JSON value", `a ${typeof v}`);
  }
  if (v === null) return null;
  if (depth >= MAX_DEPTH || seen.has(v)) return undefined;
  if (typeof v.toJSON === "function") {
    const json = v.toJSON("");
    if (json === null && isDate(v)) throw refused(path, "a date", "an invalid Date");
    return toJsonValue(json, path, depth, seen);
  }
  if (v instanceof Number || v instanceof String || v instanceof Boolean) return toJsonValue(v.valueOf(), path, depth, seen);
  seen.add(v);
  try {
    if (Array.isArray(v) || (!(v instanceof Map) && typeof v[Symbol.iterator] === "function")) {
      const out = [];
      let i = 0;
      for (const x of v) {
        path.push(i);
        out.push(toJsonValue(x, path, depth + 1, seen) ?? null);
        path.pop();
        i++;
      }
      return out;
    }
    const out = {};
    const entries = v instanceof Map ? v.entries() : Object.keys(v).map((k) => [k, v[k]]);
    for (const [k, x] of entries) {
      path.push(String(k));
      const y = toJsonValue(x, path, depth + 1, seen);
      path.pop();
      if (y !== undefined) out[String(k)] = y;
    }
    return out;
  } finally {
    seen.delete(v);
  }
}

/** `free.call(object)`, ignoring what it throws: used after an error that must be the one seen
 * (after a fault the instance is replaced, and freeing into it may throw). */
export function quietly(free, object) {
  try {
    free.call(object);
  } catch {
    // The error being thrown already says what went wrong.
  }
}
