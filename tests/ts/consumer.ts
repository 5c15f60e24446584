// A typed consumer of the package (checked by `tsc --noEmit`, never run): the .d.ts gives
// completion and type errors for the data, the query and the report.
import init, { computeReport, computeReportFromJson, SpiEngine, SpiError } from "spi-wasm";
import type { SpiErrorData, SpiIndicator, SpiInput, SpiProgress, SpiQuery, SpiReport, SpiSummary } from "spi-wasm";

export async function demo(file: ArrayBuffer): Promise<number | null> {
  await init();
  const data: SpiInput = {
    settings: { currency: "EUR", asOf: "2026-04-01", weekStart: "monday" },
    fx: { USD: 0.92, GBP: [{ from: "2026-01-01", rate: 1.17 }] },
    deals: [{ id: 7, amount: "12000.50", createdAt: 1767225600000, status: "won", attributes: { industry: "saas" } }],
  };
  const query: SpiQuery = { from: "2026-01-01", cadence: "month", groupBy: ["owner", "attributes.industry"] };
  const report: SpiReport = computeReport(data, query);
  const fromBytes: SpiReport = computeReportFromJson(new Uint8Array(file));
  const fromBuffer: SpiReport = computeReportFromJson(file, null);
  const engine = SpiEngine.fromJson(file);
  const fromCsv = SpiEngine.fromFiles([
    { name: "settings.json", data: '{"settings": {"currency": "EUR"}}' },
    { name: "opps.csv", data: file, mapping: "salesforce" },
    { data: new Uint8Array(file), mapping: { kind: "leads", fields: { id: "Lead ID", createdAt: ["Created", "Created Date"] } } },
  ]);
  const presets: (string | null)[] = fromCsv.summary().sources.map((s) => s.preset);
  fromCsv.free();
  void presets;
  const summary: SpiSummary = engine.summary();
  const drill = engine.drill(query, { indicator: "win_rate", groupKey: "owner", groupValue: summary.owners[0] ?? "(none)" });
  const ids: string[] = drill.numeratorIds;
  engine.free();
  const win: SpiIndicator | undefined = report.indicators.find((i) => i.id === "win_rate");
  const median: number | null | undefined = win?.stats["median"];
  const rows = report.groups["owner"]?.map((row) => [row.group, row.indicators[0]?.value ?? null] as const);
  const low: number | undefined = win?.interval?.low;
  try {
    computeReport({ deals: [{ id: "a", amount: "12k" }] });
  } catch (e) {
    if (e instanceof SpiError) {
      const where: string = `${e.code} at ${e.path}`;
      const posted: SpiErrorData = e.toJSON();
      const rebuilt: SpiError = SpiError.from(structuredClone(posted));
      void [where, rebuilt.file];
    }
  }
  void [fromBytes, fromBuffer, ids, median, rows, low];
  {
    // `using` frees the engine at the end of the block.
    using scoped = SpiEngine.fromJson(JSON.stringify(data));
    void scoped.summary();
  }

  // @ts-expect-error: cadence is one of day, week, month, quarter, year
  computeReport(data, { cadence: "fortnight" });
  // @ts-expect-error: unknown query fields are errors
  computeReport(data, { groupby: ["owner"] });
  // @ts-expect-error: not a group key
  computeReport(data, { groupBy: ["colour"] });
  // @ts-expect-error: deals is an array of deals
  computeReport({ deals: { id: "a" } });
  // @ts-expect-error: indicator ids are snake_case ids from the spec
  engine.drill(null, { indicator: "winRate" });
  // @ts-expect-error: a file needs its data
  SpiEngine.fromFiles([{ name: "deals.csv" }]);
  // @ts-expect-error: JSON input is text or bytes
  computeReportFromJson({ deals: [] });
  // @ts-expect-error: the report's value is a number or null, not a string
  const wrong: string = report.indicators[0]!.value;
  void wrong;
  return win?.value ?? null;
}

/** Streaming loads: a file's stream with progress, or a loader fed chunk by chunk. */
export async function streamed(file: File, chunks: Uint8Array[]): Promise<number> {
  const shown: string[] = [];
  const engine: SpiEngine = await SpiEngine.fromStream(file.stream(), {
    totalBytes: file.size,
    onProgress: (p: SpiProgress) => shown.push(`${p.bytesRead} of ${p.totalBytes ?? "?"}, ${p.recordsRead} records`),
  });
  const plain: SpiEngine = await SpiEngine.fromStream(file.stream());
  const loader = SpiEngine.loader(file.size);
  for (const chunk of chunks) loader.push(chunk);
  const read: number = loader.bytesRead + loader.recordsRead;
  const again: SpiEngine = loader.finish();
  const deals = engine.summary().deals + plain.summary().deals + again.summary().deals + read;
  [engine, plain, again].forEach((e) => e.free());
  // @ts-expect-error: chunks are bytes, not text
  SpiEngine.loader().push("text");
  // @ts-expect-error: progress is reported as an object
  void SpiEngine.fromStream(file.stream(), { onProgress: (bytes: number) => bytes });
  return deals;
}
