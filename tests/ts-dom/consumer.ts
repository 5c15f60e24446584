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

// The worker API (spi-wasm/worker): its own types, under the same strict settings.
import { startEngine, SpiWorkerEngine } from "spi-wasm/worker";

export async function workerDeals(file: File, signal: AbortSignal): Promise<number> {
  const engine: SpiWorkerEngine = startEngine();
  try {
    const summary = await engine.load(file, { signal, onProgress: (p) => void p.loaded });
    const report = await engine.report({ cadence: "month" });
    return summary.deals + report.indicators.length;
  } catch (e) {
    if (e instanceof SpiError && e.code === "superseded") return 0;
    throw e;
  } finally {
    engine.terminate();
  }
}
