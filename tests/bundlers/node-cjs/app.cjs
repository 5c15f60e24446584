// Node CommonJS: `require` of the package (its "node" + "require" entry, pkg/node.cjs). Prints the
// two win rates of the data file named on the command line, and whether errors are SpiErrors.
const { readFileSync } = require("node:fs");
const { computeReportFromJson, SpiError } = require("spi-wasm");

import("../shared/report.js").then(({ QUERY, winRates }) => {
  let misspelt;
  try {
    computeReportFromJson(readFileSync(process.argv[2]), { cadance: "month" });
  } catch (e) {
    misspelt = { spiError: e instanceof SpiError, code: e.code, path: e.path };
  }
  console.log(JSON.stringify({ ...winRates(computeReportFromJson(readFileSync(process.argv[2]), QUERY)), misspelt }));
});
