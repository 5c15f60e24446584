// Period presets -> the query's `from` / `to` (ISO dates, read by the core in the dataset's time
// zone). Dates are computed from the dataset's `asOf` (summary), never from the machine's clock.

const DAY = 86_400_000;
const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
const utc = (y, m, d = 1) => Date.UTC(y, m, d); // m: 0-based, may overflow

/** Start (ms, UTC midnight) of the fiscal quarter holding `ms`. */
export function fiscalQuarterStart(ms, fiscalYearStartMonth) {
  const d = new Date(ms);
  const first = (fiscalYearStartMonth - 1) % 3; // a quarter starts in months first, first+3, ...
  const m = d.getUTCMonth();
  const back = (m - first + 3) % 3;
  return utc(d.getUTCFullYear(), m - back);
}

/** The `from`/`to` of a preset; `to: null` means "up to asOf" (the core's default). */
export function periodFor(preset, summary, custom = {}) {
  const asOf = Date.parse(summary.asOf);
  const fy = summary.fiscalYearStartMonth ?? 1;
  // The instant just before asOf decides the quarter, as in the core's default.
  const thisQuarter = fiscalQuarterStart(asOf - 1, fy);
  switch (preset) {
    case "this_quarter":
      return { from: iso(thisQuarter), to: null };
    case "last_quarter": {
      const d = new Date(thisQuarter);
      return { from: iso(utc(d.getUTCFullYear(), d.getUTCMonth() - 3)), to: iso(thisQuarter) };
    }
    case "last_30":
      return { from: iso(asOf - 30 * DAY), to: null };
    case "last_90":
      return { from: iso(asOf - 90 * DAY), to: null };
    case "custom": {
      // The "to" date picker is inclusive; the query's `to` is exclusive.
      const to = custom.to ? iso(Date.parse(custom.to) + DAY) : null;
      return { from: custom.from || null, to };
    }
    default:
      return { from: null, to: null };
  }
}
