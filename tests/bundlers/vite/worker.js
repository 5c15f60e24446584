// The module worker of the Vite fixture: the package runs here, off the main thread. Replies with
// the two win rates, or the error's plain form (an SpiError loses its fields in postMessage).
import init, { computeReportFromJson, SpiError } from "spi-wasm";
import { QUERY, winRates } from "../shared/report.js";

self.onmessage = async ({ data }) => {
  try {
    await init();
    postMessage({ rates: winRates(computeReportFromJson(data, QUERY)) });
  } catch (e) {
    postMessage({ error: SpiError.from(e).toJSON() });
  }
};
