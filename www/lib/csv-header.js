// The header and first rows of a CSV file, read in the page for the column mapper: the mapper
// must work for a file the engine refused, so it cannot wait for the engine's own reading.
// Same rules as the core (src/ingest/csv): a UTF-8 BOM is dropped, UTF-16 with its BOM is decoded,
// a report's title and filter lines above the header are skipped; the separator is the most
// frequent of `,` `;` and tab on the header line outside quotes (`,` on a tie or when none);
// fields may be quoted, with `""` for a quote and separators or line breaks inside.

const SEPARATORS = [",", ";", "\t"];

/** The separator of a CSV text, chosen from its header line as the core chooses it. */
export function detectSeparator(text) {
  const counts = [0, 0, 0];
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "\n" || c === "\r")) break;
    else if (!quoted) {
      const i = SEPARATORS.indexOf(c);
      if (i >= 0) counts[i] += 1;
    }
  }
  const best = counts.indexOf(Math.max(...counts));
  return counts[best] > 0 ? SEPARATORS[best] : ",";
}

/**
 * Splits CSV text into records (arrays of fields), at most `limit` of them. With `complete`
 * false (the text is the start of a longer file), a last record cut off by the end of the text
 * is dropped rather than returned short.
 */
export function parseRecords(text, separator, { limit = Infinity, complete = true } = {}) {
  const records = [];
  let record = [];
  let field = "";
  let quoted = false;
  let i = 0;
  const endRecord = () => {
    record.push(field);
    records.push(record);
    record = [];
    field = "";
  };
  while (i < text.length && records.length < limit) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) {
      record.push(field);
      field = "";
    } else if (c === "\r" || c === "\n") {
      if (c === "\r" && text[i + 1] === "\n") i += 1;
      endRecord();
    } else field += c;
    i += 1;
  }
  const pending = field !== "" || record.length > 0;
  if (pending && records.length < limit && complete && !quoted) endRecord();
  return records;
}

/** Lines above the header at most (a report's title, its filters, blank lines). */
const MAX_PREAMBLE = 10;

/**
 * Where the header starts, as the core finds it (src/ingest/csv `header_start`): the first line
 * holding a separator outside quotes, when only lines with none come before it; 0 when the first
 * line holds one or none of the first lines does.
 */
export function headerStart(text) {
  let start = 0;
  for (let skipped = 0; skipped <= MAX_PREAMBLE; skipped++) {
    let quoted = false;
    let separators = 0;
    let end = text.length;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (c === '"') quoted = !quoted;
      else if (c === "\n" && !quoted) {
        end = i + 1;
        break;
      } else if (!quoted && (c === "," || c === ";" || c === "\t")) separators += 1;
    }
    if (separators > 0) return start;
    if (end === text.length) break;
    start = end;
  }
  return 0;
}

/**
 * The header and the first `rows` data rows of a CSV text (or the start of one):
 * {separator, header: string[], rows: string[][]}. Blank lines are not rows.
 */
export function csvHead(text, { rows = 5, complete = true } = {}) {
  const unmarked = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const body = unmarked.slice(headerStart(unmarked));
  const separator = detectSeparator(body);
  const records = parseRecords(body, separator, { limit: rows + 1 + 50, complete })
    .filter((r) => r.length > 1 || r[0] !== "");
  const [header = [], ...data] = records;
  return { separator, header: header.map((h) => h.trim()), rows: data.slice(0, rows) };
}

/** Bytes read from the start of a file for its head: enough for a header and a few rows. */
const HEAD_BYTES = 256 * 1024;

/** Text of a file's bytes as the core reads them (src/ingest/utf16.rs): UTF-16 when they start
 * with its byte-order mark (Excel's "Unicode Text"), else UTF-8. */
export function decodeHead(bytes) {
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? "utf-16le" : bytes[0] === 0xfe && bytes[1] === 0xff ? "utf-16be" : "utf-8";
  return new TextDecoder(encoding).decode(bytes);
}

/** The head of a File (or Blob) as `csvHead` gives it. */
export async function fileHead(file, rows = 5) {
  const complete = file.size <= HEAD_BYTES;
  const text = decodeHead(new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer()));
  return csvHead(text, { rows, complete });
}
