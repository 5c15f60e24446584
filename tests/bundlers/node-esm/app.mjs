// Node ESM: `import` of the package (its "node" entry initialises on import). Prints the two win
// rates of the data file named on the command line. esbuild-node/ bundles this same file.
import { readFileSync } from "node:fs";
import { computeReportFromJson } from "spi-wasm";
import { QUERY, winRates } from "../shared/report.js";

console.log(JSON.stringify(winRates(computeReportFromJson(readFileSync(process.argv[2]), QUERY))));
