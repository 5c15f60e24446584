// Types of `spi-wasm/worker` (written by hand: the module's own types come from src/wasm_types.d.ts).
import type { SpiError, SpiFile, SpiInput, SpiQuery, SpiReport, SpiSummary, SpiNamedPeriod, SpiDrillRequest, SpiDrill, SpiCatalogEntry } from "./index.js";

export { SpiError };

/** What a load reads: a File or Blob, a stream of bytes (transferred to the worker), JSON text or
 * bytes, records as objects, or several files (one dataset, as the CLI's repeated `--data`). */
export type SpiWorkerSource =
  | Blob | ReadableStream<Uint8Array> | string | ArrayBuffer | ArrayBufferView | SpiInput
  | Array<Blob | SpiFile | { name: string; data: Blob | string | ArrayBuffer | Uint8Array; mapping?: unknown }>;

/** A progress report: `reading` (with `loaded`/`total` bytes and `records` when streamed, or
 * `index`/`count` of several files), `parsing`, `computing`. */
export interface SpiWorkerProgress {
  phase: "reading" | "parsing" | "computing";
  file?: string;
  index?: number;
  count?: number;
  loaded?: number;
  total?: number | null;
  records?: number;
  bytes?: number;
}

export interface SpiWorkerLoadOptions {
  /** Rejects the load with `aborted` and stops reading its source. */
  signal?: AbortSignal;
  onProgress?: (progress: SpiWorkerProgress) => void;
  /** The name of a single document (its extension picks the reader: `.json` streams, others are detected). */
  name?: string;
  /** A single document's mapping (a preset name or a mapping object). */
  mapping?: unknown;
  /** Mappings of several files, by file name. */
  mappings?: Record<string, unknown>;
  /** A stream's size in bytes, when known (refuses an input over the limit before reading it). */
  totalBytes?: number;
  /** The user's settings (time zone, currency, fiscal calendar...), which win over the files'; such a load is read whole. */
  settings?: Record<string, unknown>;
}

/**
 * The module in a worker. The newest request wins: a load settles the pending loads, reports and
 * drills with an `SpiError` of code `superseded`; a report (drill) settles the pending reports
 * (drills). Other codes of its own: `aborted` (a load's signal), `no_dataset` (nothing loaded, or
 * the last load failed), `worker_failed` (the worker stopped), `terminated` (after `terminate()`).
 */
export declare class SpiWorkerEngine {
  /** Wraps a started Web Worker (or Node worker thread) running the package's worker script. */
  constructor(worker: { postMessage(message: unknown, transfer?: any[]): void } & (
    | { addEventListener(type: string, f: (event: any) => void): void }
    | { on(type: string, f: (value: any) => void): unknown }));
  load(source: SpiWorkerSource, options?: SpiWorkerLoadOptions): Promise<SpiSummary & { periods: SpiNamedPeriod[] }>;
  report(query?: SpiQuery | null, options?: { onProgress?: (progress: SpiWorkerProgress) => void }): Promise<SpiReport>;
  drill(query: SpiQuery | null | undefined, request: SpiDrillRequest): Promise<SpiDrill>;
  summary(): Promise<SpiSummary>;
  namedPeriods(at?: string): Promise<SpiNamedPeriod[]>;
  fields(): Promise<Record<string, string[]>>;
  /** Every indicator the module computes, in report order, with its label and headline views. */
  catalog(): Promise<SpiCatalogEntry[]>;
  /** Frees the loaded dataset; the worker stays up for the next load. */
  free(): Promise<void>;
  /** Stops the worker (in Node, the thread keeps the process alive until then). */
  terminate(): void;
}

/** Starts the package's worker (`url`: the worker script, e.g. a TrustedScriptURL). */
export declare function startEngine(options?: { url?: string | URL | { toString(): string } }): SpiWorkerEngine;
