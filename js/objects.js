// JS objects into the engine (`SpiEngine.fromObject`, `computeReport`, and through them the worker
// API and the sidebar's `spi:data` object) as JSON bytes: one `JSON.stringify`, one
// `TextEncoder.encode`, then the bytes route (`fromJson(Uint8Array)`). Reading the objects field by
// field across the boundary (`serde_wasm_bindgen`) cost 5-7x the bytes route; this costs ~1.3x
// (benches/objects.mjs, numbers in benches/RESULTS.md).
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
    if (x === undefined) continue;
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

/**
 * `data` as UTF-8 JSON bytes, or null when it must go field by field (see the top of this file;
 * also when the text would pass V8's maximum string length, ~512 MB, or memory runs out).
 */
export function objectBytes(data) {
  const verdict = checkObject(data);
  if (verdict === FIELD_BY_FIELD) return null;
  try {
    const text = JSON.stringify(data, verdict === HAS_BIGINT ? bigintAsString : undefined);
    return new TextEncoder().encode(text);
  } catch (e) {
    if (e instanceof RangeError) return null;
    throw e;
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

/**
 * `viaObject` (a function of the data first) rerouted through `viaBytes` when the data crosses
 * as JSON bytes faithfully; both give the same report, the bytes route 4-5x faster.
 */
export function throughBytes(viaBytes, viaObject) {
  return function (data, ...rest) {
    const bytes = objectBytes(data);
    return bytes === null ? viaObject.call(this, asJsonValues(data), ...rest) : viaBytes.call(this, bytes, ...rest);
  };
}
