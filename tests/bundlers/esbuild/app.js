// A browser app bundled by esbuild (build.mjs): the package as a bundler user imports it.
import * as spi from "spi-wasm";
import { run } from "../shared/page.js";

run(spi, "/shared/deals.json");
