// A browser app bundled by webpack 5 (webpack.config.mjs): the package as a bundler user imports it.
import * as spi from "spi-wasm";
import { run } from "../shared/page.js";

run(spi, "/shared/deals.json");
