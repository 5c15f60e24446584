// A strict TypeScript CommonJS consumer (checked by tsc in tests/js/bundlers.test.mjs, never run):
// `require` resolves to pkg/node.cjs and its types to pkg/node.d.cts. Under "module": "node16"
// (tsconfig.json) requiring ES-module types is error TS1471, so this compiles only while the
// require condition has CommonJS types of its own.
import spi = require("spi-wasm");

const report: spi.SpiReport = spi.computeReportFromJson("{}", { cadence: "month" });
const error: spi.SpiError = new spi.SpiError("x", { code: "invalid_query" });
export const first: number | null | undefined = report.indicators[0]?.value;
export const code: spi.SpiErrorCode = error.code;
