// The package's one error class (copied into pkg/ by scripts/build.sh), in a file of its own so
// that the worker client (worker-client.js) rebuilds errors without loading the module's glue.

/**
 * The one error every export throws. `code` is stable and machine-readable, `path` names the
 * offending value (`deals[0].amount`, `cadence`; empty when it concerns the whole input), `file`
 * the file it is in (`SpiEngine.fromFiles`). Errors lose their own properties in
 * `structuredClone`/`postMessage`: send `err.toJSON()` and rebuild with `SpiError.from(data)`.
 */
export class SpiError extends Error {
  constructor(message, { code = "internal", path = "", file, cause } = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "SpiError";
    this.code = code;
    this.path = path;
    if (file !== undefined) this.file = file;
  }

  /** The plain-object form: `{name, code, path, message}` and `file` when there is one. */
  toJSON() {
    const out = { name: "SpiError", code: this.code, path: this.path, message: this.message };
    if (this.file !== undefined) out.file = this.file;
    return out;
  }

  /**
   * An `SpiError` from anything thrown or posted: an `SpiError` as is, an `Error` or plain object
   * with a string `code` (the module's errors, `toJSON()` output) with its fields, anything else
   * wrapped under `fallbackCode` with the original as `cause`.
   */
  static from(value, fallbackCode = "internal") {
    if (value instanceof SpiError) return value;
    if (value !== null && typeof value === "object" && typeof value.code === "string") {
      const error = new SpiError(String(value.message ?? ""), {
        code: value.code,
        path: typeof value.path === "string" ? value.path : "",
        file: typeof value.file === "string" ? value.file : undefined,
        cause: value instanceof Error ? value.cause : undefined,
      });
      // Keep the stack of the place it was thrown (an Error thrown from the module).
      if (value instanceof Error && value.stack) error.stack = value.stack.replace(/^Error\b/, "SpiError");
      return error;
    }
    const message = value instanceof Error ? value.message : String(value);
    return new SpiError(message, { code: fallbackCode, cause: value });
  }
}

/**
 * The `invalid_value` error for the first key of `object` not in `known` (null when there is
 * none), worded as the module's (`options.maping: unknown option: expected a, b or c`): a
 * misspelled option or field would otherwise be ignored and the call do otherwise than asked.
 * `what`: "option" or "field".
 */
export function unknownKey(object, known, at, what) {
  const key = Object.keys(object ?? {}).find((k) => !known.includes(k));
  if (key === undefined) return null;
  const path = `${at}.${key}`;
  const expected = known.length > 1 ? `${known.slice(0, -1).join(", ")} or ${known.at(-1)}` : known[0];
  return new SpiError(`${path}: unknown ${what}: expected ${expected}`, { code: "invalid_value", path });
}
