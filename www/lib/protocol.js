// The host <-> page postMessage protocol (docs/page.md, "Embedding: the postMessage protocol").
//
// Host -> page:  {type: "spi:data", version: 1, data?: object | JSON text, csv?: string,
//                 mapping?: string | object, query?: SpiQuery, focus?: {owner} | {accountId}}
// Page -> host:  {type: "spi:ready", version: 1}            once, when the page can take data
//                {type: "spi:rendered", version: 1, summary: {deals, owners, asOf, flags}}
//                                                           after each render (flags: the codes of
//                                                           summary().flags, e.g. "partial_response")
//                {type: "spi:error", version: 1, error: {message, code, path}}
// One reply per spi:data, in the order they came: a message still loading when a newer one
// arrives is answered at once with spi:error, code "superseded" (the newest message wins).
// A field the page does not read (a misspelling such as `quary`, or `focus` sent to the report
// page) is refused with spi:error, never ignored; so is a report-page query its controls cannot
// show (a filter, two grouping keys).
// Messages from origins outside the allow-list are ignored (no reply). The allow-list is the
// page's own origin, plus the origins in `?allowOrigin=` (repeatable, or comma-separated) or in
// `data-allow-origin` on <html>. "*" is never accepted.

export const VERSION = 1;

/** The spi:data fields the report page reads (a query only as far as its controls can show it,
 * lib/view-state.js `viewOfQuery`; a focus is the sidebar's). */
export const REPORT_FIELDS = ["data", "csv", "mapping", "query"];
/** The spi:data fields the sidebar reads. */
export const SIDEBAR_FIELDS = ["data", "csv", "mapping", "query", "focus"];

/** The origins allowed to send data to this page. */
export function allowedOrigins(location = globalThis.location, root = document.documentElement) {
  const out = new Set([location.origin]);
  const params = new URLSearchParams(location.search);
  const listed = [...params.getAll("allowOrigin"), root?.dataset.allowOrigin ?? ""];
  for (const item of listed.flatMap((v) => v.split(/[\s,]+/))) {
    if (!item || item === "*") continue;
    try {
      const url = new URL(item);
      if (url.protocol === "https:" || url.protocol === "http:" || url.protocol === "chrome-extension:") out.add(url.origin);
    } catch {
      // not an origin: ignored
    }
  }
  return out;
}

/** A valid spi:data message, null (not one), or `{error, path}` (wrong version, no data, a field
 * this page does not read: `fields`, besides type and version). */
export function dataMessage(message, fields = SIDEBAR_FIELDS) {
  if (!message || typeof message !== "object" || message.type !== "spi:data") return null;
  if (message.version !== VERSION) return { error: `unsupported protocol version ${message.version}; this page speaks ${VERSION}`, path: "version" };
  const unknown = Object.keys(message).find((key) => key !== "type" && key !== "version" && !fields.includes(key));
  if (unknown !== undefined) {
    return { error: `spi:data: unknown field \`${unknown}\`: this page reads ${fields.slice(0, -1).join(", ")} and ${fields.at(-1)}`, path: unknown };
  }
  if (message.data === undefined && typeof message.csv !== "string") return { error: "spi:data needs `data` or `csv`", path: "" };
  return message;
}

/** The worker source for a data message. */
export function sourceOf(message) {
  if (typeof message.csv === "string") return { kind: "csv", csv: message.csv, mapping: message.mapping ?? null };
  return { kind: "json", data: message.data, mapping: message.mapping ?? null };
}

/** The spi:rendered reply for a loaded `summary`: its counts, and the codes of its flags, so that a
 * host can tell a partial or empty read (one API page of more, no owner) from a good one. */
export function rendered(summary) {
  return { type: "spi:rendered", summary: { deals: summary.deals, owners: summary.owners.length, asOf: summary.asOf, flags: summary.flags.map((f) => f.code) } };
}

/** Listens for spi:data from allowed origins; `onData(message, reply)` handles each. `fields`:
 * the message fields the page reads. */
export function listen(onData, fields = SIDEBAR_FIELDS) {
  const allowed = allowedOrigins();
  const parent = window.parent !== window ? window.parent : window.opener;
  const send = (target, origin, message) => target?.postMessage({ version: VERSION, ...message }, origin);
  window.addEventListener("message", (event) => {
    if (!allowed.has(event.origin)) return; // not ours to answer
    const message = dataMessage(event.data, fields);
    if (!message) return;
    const reply = (m) => send(event.source, event.origin, m);
    if (message.error) return reply({ type: "spi:error", error: { message: message.error, code: "invalid_message", path: message.path } });
    onData(message, reply);
  });
  // Tell the embedding host (if it is allowed) that the page is listening.
  if (parent) for (const origin of allowed) {
    try {
      send(parent, origin, { type: "spi:ready" });
    } catch {
      // a malformed origin cannot happen here: allowedOrigins() normalised them
    }
  }
  return { allowed };
}
