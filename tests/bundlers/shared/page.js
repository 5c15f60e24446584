// The browser fixtures' common page code: fetch deals.json, report with the package, and write the
// two win rates (or the error's code and message) on <body> as data attributes for the test.
import { QUERY, winRates } from "./report.js";

/** `spi` is the package's namespace (`import * as spi from "spi-wasm"`) as each bundler made it. */
export async function run(spi, dataUrl) {
  const out = document.body.dataset;
  try {
    await spi.default();
    const bytes = new Uint8Array(await (await fetch(dataUrl)).arrayBuffer());
    const { winRate, winRateByValue } = winRates(spi.computeReportFromJson(bytes, QUERY));
    Object.assign(out, { winRate: String(winRate), winRateByValue: String(winRateByValue), ready: "true" });
  } catch (e) {
    Object.assign(out, { error: `${e.code}: ${e.message}`, ready: "error" });
  }
}
