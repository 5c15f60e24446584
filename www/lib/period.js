// Period presets -> the query's `from` / `to`. The dates are the core's (`SpiEngine.namedPeriods`,
// which the worker adds to the summary as `periods`): worked out in the dataset's fiscal or retail
// calendar and time zone at its `asOf`, never from the machine's clock, and never here.

const DAY = 86_400_000;

/** The menu's preset values and the core's period ids. */
export const PRESETS = {
  this_quarter: "this_quarter",
  last_quarter: "last_quarter",
  this_year: "this_fiscal_year",
  last_year: "last_fiscal_year",
  this_month: "this_month",
  last_30: "last_30_days",
  last_90: "last_90_days",
  year_ago: "this_quarter_year_ago",
};

/** The `from`/`to` of a preset (null: the core's default: from the fiscal quarter's start, to asOf). */
export function periodFor(preset, summary, custom = {}) {
  if (preset === "custom") {
    // The "to" date picker is inclusive; the query's `to` is exclusive (the next date).
    const to = custom.to ? new Date(Date.parse(custom.to) + DAY).toISOString().slice(0, 10) : null;
    return { from: custom.from || null, to };
  }
  const period = (summary.periods ?? []).find((p) => p.id === PRESETS[preset]);
  if (!period) return { from: null, to: null };
  // A period up to asOf leaves `to` to the core's default (asOf), as the query always did.
  return { from: period.from, to: period.to === summary.asOf ? null : period.to };
}
