// What every fixture app computes, whatever bundles or loads it: the report of deals.json for
// Q1 2026 and its two win rates. Closed in [2026-01-01, 2026-04-01): D-1, D-2, D-4 won (1000 +
// 3000 + 2000), D-3 lost (4000); D-5 closes in May, D-6 is open. So win rate 3 / 4 = 0.75, by
// value 6000 / 10000 = 0.6 (tests/js/bundlers.test.mjs and tests/browser/bundlers.test.mjs).
export const QUERY = { from: "2026-01-01", to: "2026-04-01", cadence: "month" };

/** `{winRate, winRateByValue}` of a report. */
export function winRates(report) {
  const value = (id) => report.indicators.find((i) => i.id === id)?.value;
  return { winRate: value("win_rate"), winRateByValue: value("win_rate_by_value") };
}
