// JS objects into the engine (`SpiEngine.fromObject`, `computeReport`, and through them the worker
// API and the sidebar's `spi:data` object) as JSON bytes: the records are checked, `JSON.stringify`d
// 256 at a time and encoded (`TextEncoder.encodeInto`) into a reused buffer pushed into the
// streaming reader the bytes route uses (`SpiEngine.loader()`). Reading the objects field by field
// across the boundary (`serde_wasm_bindgen`) cost 3.5-4x the bytes route in CPU time; this route
// ~1.6x, and ~1.1x of that is the bytes route reading the re-stringified text (benches/objects.mjs
// measures every route side by side; numbers in benches/RESULTS.md).
//
// JSON.stringify is silent where the engine must be loud, so a walk looks at every value first
// (`checkObject`) and sends anything JSON text cannot carry faithfully to the field-by-field route,
// whose errors name the field as before:
// - NaN, Infinity: stringify writes `null` (a missing amount); the field-by-field route refuses
//   them with `invalid_value` at the field (`deals[0].amount: expected a finite number, got NaN`).
// - functions, symbols, `undefined` in an array: stringify drops them or writes `null`.
// - Map, Set, class instances, typed arrays, objects from another realm: stringify writes `{}` or
//   only own fields; the field-by-field route reads them as it always did.
// - nesting past 64 levels (or a cycle): stringify throws; the field-by-field route reads only
//   the fields it knows.
// What becomes what on this route (docs/input.md, "JS objects"):
// - `undefined` fields: absent (as on the field-by-field route).
// - Date objects (and any object with `toJSON`): what `toJSON` returns, so a Date is its ISO
//   date-time in UTC; an invalid Date (`toJSON` gives null) goes to the field-by-field route,
//   which refuses it at its field.
// - BigInt: its exact decimal digits as a string (amounts, times and ids accept numeric strings),
//   where `JSON.stringify` alone would throw. A BigInt past 1e15 as an amount is then the usual
//   `amount_too_large` warning.
// Both hold on the field-by-field route too (`asJsonValues`).

/** `checkObject` verdicts. */
export const PLAIN = 0;
export const HAS_BIGINT = 1;
export const FIELD_BY_FIELD = 2;

const MAX_DEPTH = 64;

/**
 * How `data` can cross: PLAIN (JSON.stringify writes it faithfully), HAS_BIGINT (faithfully with
 * `bigintAsString`), or FIELD_BY_FIELD (only the field-by-field route reads it right).
 */
export function checkObject(data) {
  return isPlainObject(data) ? walk(data, 0) : FIELD_BY_FIELD;
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
      return Number.isFinite(v) ? PLAIN : FIELD_BY_FIELD;
    case "bigint":
      return HAS_BIGINT;
    case "object":
      break;
    default:
      // undefined (only reached for array elements: fields that are undefined are skipped
      // below), functions, symbols.
      return FIELD_BY_FIELD;
  }
  if (v === null) return PLAIN;
  if (depth >= MAX_DEPTH) return FIELD_BY_FIELD;
  let verdict = PLAIN;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = walk(v[i], depth + 1);
      if (x === FIELD_BY_FIELD) return x;
      if (x > verdict) verdict = x;
    }
    return verdict;
  }
  if (typeof v.toJSON === "function") {
    const json = v.toJSON("");
    return json === null ? FIELD_BY_FIELD : walk(json, depth + 1);
  }
  if (!isPlainObject(v)) return FIELD_BY_FIELD;
  for (const key in v) {
    const x = v[key];
    // The common scalars inline (no call): most fields of a record.
    if (x === undefined || typeof x === "string" || (typeof x === "number" && Number.isFinite(x))) continue;
    const y = walk(x, depth + 1);
    if (y === FIELD_BY_FIELD) return y;
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
 * Null when `data` must go field by field (nothing of it is kept then). `raw` holds the glue's
 * own (unguarded) `loader`, `push`, `finish` and `free` of the loader.
 */
export function engineFromObject(data, raw) {
  if (!isPlainObject(data) || typeof data.toJSON === "function") return null;
  buffer ??= new Uint8Array(CHUNK);
  const loader = raw.loader();
  let used = 0;
  const flush = () => {
    if (used) raw.push.call(loader, buffer.subarray(0, used));
    used = 0;
  };
  const write = (text) => {
    if (text.length * 3 > CHUNK - used) flush();
    for (;;) {
      const { read, written } = encoder.encodeInto(text, buffer.subarray(used));
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
      const value = data[key];
      if (value === undefined) continue;
      write((first ? "{" : ",") + JSON.stringify(key) + ":");
      first = false;
      if (!Array.isArray(value)) {
        const verdict = walk(value, 1);
        if (verdict === FIELD_BY_FIELD) return abandon(loader, raw);
        write(stringify(value, verdict));
        continue;
      }
      // Records BATCH at a time: one stringify call per batch (its brackets dropped).
      write("[");
      for (let i = 0; i < value.length; i += BATCH) {
        const end = Math.min(i + BATCH, value.length);
        let verdict = PLAIN;
        for (let k = i; k < end; k++) {
          const x = walk(value[k], 2);
          if (x === FIELD_BY_FIELD) return abandon(loader, raw);
          if (x > verdict) verdict = x;
        }
        const text = stringify(value.slice(i, end), verdict);
        write((i ? "," : "") + text.slice(1, -1));
      }
      write("]");
    }
    write(first ? "{}" : "}");
    flush();
  } catch (e) {
    // A record the reader refused (its error names the field, as from text), a toJSON that threw,
    // or a fault: `e` is what the caller must see, whatever freeing the loader then does.
    quietly(raw.free, loader);
    throw e;
  }
  return raw.finish.call(loader);
}

function abandon(loader, raw) {
  raw.free.call(loader);
  return null;
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

/**
 * `data` for the field-by-field route with Dates (objects with `toJSON`) and BigInts as the bytes
 * route reads them, so that the two routes differ only in what sent the data field by field (a
 * NaN is refused at its field, not at an unrelated Date the field-by-field route cannot read).
 * Containers are copied only where something inside changed; Maps, class instances and anything
 * past MAX_DEPTH are left as they are.
 */
function asJsonValues(v, depth = 0) {
  if (typeof v === "bigint") return v.toString();
  if (v === null || typeof v !== "object" || depth >= MAX_DEPTH) return v;
  if (typeof v.toJSON === "function") {
    const json = v.toJSON("");
    // An invalid Date (null) stays a Date: the field-by-field route refuses it at its field.
    return json === null ? v : json;
  }
  if (Array.isArray(v)) {
    let out = v;
    for (let i = 0; i < v.length; i++) {
      const x = asJsonValues(v[i], depth + 1);
      if (x !== v[i]) (out === v ? (out = [...v]) : out)[i] = x;
    }
    return out;
  }
  if (!isPlainObject(v)) return v;
  let out = v;
  for (const key in v) {
    const x = asJsonValues(v[key], depth + 1);
    if (x !== v[key]) (out === v ? (out = { ...v }) : out)[key] = x;
  }
  return out;
}

/** `data` for the field-by-field route (`SpiEngine.fromObject`, `computeReport` of the glue). */
export const forFieldByField = (data) => asJsonValues(data);
