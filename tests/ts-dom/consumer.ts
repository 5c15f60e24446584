// A strict consumer with the plain `["ES2022", "DOM"]` lib and no `skipLibCheck`: the package's
// types compile there too (they declare `Symbol.dispose` themselves).
import { SpiEngine, SpiError } from "spi-wasm";

export function deals(text: string): number {
  const engine = SpiEngine.fromJson(text);
  try {
    return engine.summary().deals;
  } catch (e) {
    if (e instanceof SpiError) return e.code === "invalid_json" ? -1 : -2;
    throw e;
  } finally {
    engine[Symbol.dispose]();
  }
}
