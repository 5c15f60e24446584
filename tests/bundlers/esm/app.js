// Plain ES modules served as files, no bundler: the package's pkg/index.js imported by URL;
// init() fetches spi_wasm_bg.wasm next to it.
import * as spi from "../node_modules/spi-wasm/pkg/index.js";
import { run } from "../shared/page.js";

run(spi, "/shared/deals.json");
