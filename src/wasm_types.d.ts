// ---- spi-wasm: the data, query and report types (hand-written; src/wasm_types.d.ts) ----
// They mirror the core's serde types (src/model, src/query.rs, src/report.rs, ...). The JS tests
// check that every key a real report, summary or drill-down carries is named here. The unions of
// the core's lists (SpiIndicatorId, SpiUnit, SpiErrorCode, ...) are generated into
// src/wasm_types.generated.d.ts.

/** A date: ISO 8601 date (`2026-03-01`, midnight in `settings.timeZone`) or date-time with `Z` or
 * an offset, or epoch milliseconds as a number or numeric string. */
export type SpiDateInput = string | number;
/** A number, or a numeric string as CRM exports send them (`"12000.50"`). */
export type SpiNumberInput = number | string;
/** Text; numeric ids are accepted and read as text. */
export type SpiText = string | number;
/** JSON text, or its UTF-8 bytes (e.g. `await file.arrayBuffer()`), for the `...FromJson` entry points. */
export type SpiJsonInput = string | Uint8Array | ArrayBuffer;

/** Options of `SpiEngine.fromStream`. */
export interface SpiStreamOptions {
  /** The input's size when known (`file.size`): an input over the size limit is refused before
   * it is read, and `onProgress` reports it back. */
  totalBytes?: number | null;
  /** The file's name (`file.name`): put before every error message and in the error's `file`,
   * and in the source report of a CRM API response, as `fromFiles` does. */
  name?: string | null;
  /** Called after each chunk. */
  onProgress?: ((progress: SpiProgress) => void) | null;
}

/** How far a streamed load has read. */
export interface SpiProgress {
  bytesRead: number;
  totalBytes?: number | null;
  /** Deals, leads, activities, contacts, quotas and forecasts read so far. */
  recordsRead: number;
}

/** One file for `SpiEngine.fromFiles`: a CSV export, a CRM API response, or canonical JSON. */
export interface SpiFile {
  /** File name, reported back in `summary().sources` and in errors. */
  name?: string | null;
  data: SpiJsonInput;
  /** A preset ({@link SpiPreset}), or a mapping object or its JSON text. Detected when absent. */
  mapping?: SpiPreset | SpiMapping | (string & {}) | null;
}

/** `SpiEngine.fromFiles` options. */
export interface SpiFilesOptions {
  /** Settings chosen by the user: each field given wins over the same field in the files (and
   * in the files' mappings) instead of conflicting. Strict: an unknown key is `invalid_value`. */
  settings?: SpiSettings | null;
}


/** A CSV/API mapping (see docs/input-formats.md): which columns are which canonical fields. */
export interface SpiMapping {
  preset?: SpiPreset | null;
  kind?: SpiRecordKind | null;
  separator?: string | null;
  /** Canonical field -> column name (or several, first present wins). */
  fields?: Record<string, string | string[]>;
  attributes?: Record<string, string | string[]>;
  dateFormat?: string | string[];
  currency?: string | null;
  /** Dataset settings chosen by the user (the page's settings panel): they win over the files'. */
  settings?: SpiSettings | null;
  [option: string]: unknown;
}

/** The canonical dataset (spec section 1). Every collection is optional; unknown fields are ignored. */
export interface SpiInput {
  settings?: SpiSettings | null;
  /** Units of `settings.currency` per unit of each currency: one rate, or rates valid from dates. */
  fx?: Record<string, number | SpiDatedRate[]> | null;
  stages?: SpiStage[] | null;
  deals?: SpiDeal[] | null;
  leads?: SpiLead[] | null;
  activities?: SpiActivity[] | null;
  contacts?: SpiContact[] | null;
  quotas?: SpiPeriodAmount[] | null;
  forecasts?: SpiForecast[] | null;
}

/** Day names, full or three letters, any case. */
export type SpiWeekday =
  | "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
  | "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";
export type SpiDay = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";

export interface SpiSettings {
  /** Base currency code (default USD). */
  currency?: string | null;
  /** Month (1-12) in which the fiscal year starts. */
  fiscalYearStartMonth?: number | null;
  weekStart?: SpiWeekday | null;
  /** An IANA name (`America/New_York`, daylight saving followed), `UTC`, or a fixed offset such as
   * `+02:00`. Anything else is the error `unsupported_time_zone` at `settings.timeZone`, naming
   * close IANA names. See docs/time-zones.md. */
  timeZone?: string | null;
  /** "Today" for the dataset; reports default to the fiscal quarter up to it. */
  asOf?: SpiDateInput | null;
  /** Days in one stage after which an open deal is stalled; `null` derives it from history. */
  stalledAfterDays?: SpiNumberInput | null;
  businessHours?: SpiBusinessHours | null;
  /** A retail 4-4-5 / 4-5-4 / 5-4-4 calendar, replacing calendar months and fiscal quarters. */
  fiscalCalendar?: SpiFiscalCalendar | null;
}

export interface SpiFiscalCalendar {
  pattern?: "4-4-5" | "4-5-4" | "5-4-4" | null;
  /** `last_saturday_of` or `saturday_nearest_end_of` (any weekday). */
  yearEnd?: string | null;
  /** Month (1-12) near whose end the year ends. */
  month?: number | null;
}

export interface SpiBusinessHours {
  /** `HH:MM` */
  start?: string | null;
  /** `HH:MM` */
  end?: string | null;
  days?: SpiDay[];
}

export interface SpiDatedRate {
  from: SpiDateInput;
  rate: number;
}

export interface SpiStage {
  id: SpiText;
  label?: SpiText | null;
  order?: SpiNumberInput | null;
  probability?: SpiNumberInput | null;
  kind?: "open" | "won" | "lost" | null;
}

export type SpiDealStatus = "open" | "won" | "lost";
export type SpiForecastCategory = "pipeline" | "best_case" | "commit" | "omitted";
/** Free-form attributes; scalar values are kept (as text), nested ones skipped. */
export type SpiAttributes = Record<string, string | number | boolean | null | object>;

export interface SpiHistoryEntry {
  at: SpiDateInput;
  stage?: SpiText | null;
  amount?: SpiNumberInput | null;
  expectedCloseAt?: SpiDateInput | null;
  owner?: SpiText | null;
  forecastCategory?: SpiForecastCategory | null;
}

export interface SpiDeal {
  id?: SpiText | null;
  name?: SpiText | null;
  owner?: SpiText | null;
  team?: SpiText | null;
  segment?: SpiText | null;
  persona?: SpiText | null;
  source?: SpiText | null;
  region?: SpiText | null;
  product?: SpiText | null;
  accountId?: SpiText | null;
  contactId?: SpiText | null;
  leadId?: SpiText | null;
  amount?: SpiNumberInput | null;
  /** Currency of `amount` (default: `settings.currency`). */
  currency?: string | null;
  createdAt?: SpiDateInput | null;
  expectedCloseAt?: SpiDateInput | null;
  closedAt?: SpiDateInput | null;
  /** Last modification: of deals repeating an id, the latest is kept (else the last given). */
  updatedAt?: SpiDateInput | null;
  stage?: SpiText | null;
  /** Optional when the stage's kind says it. */
  status?: SpiDealStatus | null;
  forecastCategory?: SpiForecastCategory | null;
  /** Why a lost deal was lost (kept for lost deals only; on others a `lost_reason_not_lost` warning). */
  lostReason?: SpiText | null;
  /** Each entry: the values after a change. */
  history?: SpiHistoryEntry[] | null;
  /** Alias of `history`. */
  stageHistory?: SpiHistoryEntry[] | null;
  attributes?: SpiAttributes | null;
}

export interface SpiLead {
  id?: SpiText | null;
  createdAt?: SpiDateInput | null;
  owner?: SpiText | null;
  team?: SpiText | null;
  source?: SpiText | null;
  segment?: SpiText | null;
  persona?: SpiText | null;
  region?: SpiText | null;
  contactId?: SpiText | null;
  qualifiedAt?: SpiDateInput | null;
  convertedAt?: SpiDateInput | null;
  /** Last modification: of leads repeating an id, the latest is kept (else the last given). */
  updatedAt?: SpiDateInput | null;
  dealId?: SpiText | null;
  attributes?: SpiAttributes | null;
}

export type SpiActivityType = "call" | "email" | "meeting" | "sequence_step" | "linkedin" | "other";
export type SpiActivityOutcome = "connected" | "replied" | "meeting_booked" | "no_answer" | "bounced";

export interface SpiActivity {
  id?: SpiText | null;
  type?: SpiActivityType | null;
  at?: SpiDateInput | null;
  owner?: SpiText | null;
  direction?: "outbound" | "inbound" | null;
  outcome?: SpiActivityOutcome | null;
  dealId?: SpiText | null;
  leadId?: SpiText | null;
  contactId?: SpiText | null;
  /** Automated touches are excluded from rep indicators. */
  automated?: boolean | null;
}

export interface SpiContact {
  id?: SpiText | null;
  email?: SpiText | null;
  phone?: SpiText | null;
  title?: SpiText | null;
  company?: SpiText | null;
  seniority?: SpiText | null;
  enrichment?: { matched?: boolean | null; sources?: string[] | null; matchedAt?: SpiDateInput | null } | null;
}

/** A quota (or, extended, a forecast): an amount over [start, end] (`end` inclusive) for an owner,
 * a team, or the company (owner null and team null). */
export interface SpiPeriodAmount {
  owner?: SpiText | null;
  team?: SpiText | null;
  start?: SpiDateInput | null;
  end?: SpiDateInput | null;
  amount?: SpiNumberInput | null;
  currency?: string | null;
}

/** @deprecated the old name of {@link SpiPeriodAmount} (a target is a query's band for an indicator). */
export type SpiTarget = SpiPeriodAmount;

export interface SpiForecast extends SpiPeriodAmount {
  submittedAt?: SpiDateInput | null;
}



/** A target band: the value must be at least `min` and/or at most `max`. */
export interface SpiTargetBounds {
  min?: number | null;
  max?: number | null;
}

/** What a report asks for (spec section 2). Every field is optional; unknown fields are errors. */
export interface SpiQuery {
  /** Period start, inclusive. Default: start of the fiscal quarter holding `to`. */
  from?: SpiDateInput | null;
  /** Period end, exclusive. Default: `asOf`. */
  to?: SpiDateInput | null;
  /** Series bucket size. Default: week. */
  cadence?: SpiCadence | null;
  /** Keys to split every indicator by, each on its own. */
  groupBy?: SpiGroupKey[];
  /** Indicators to compute, in this order; `null` = all. */
  indicators?: SpiIndicatorId[] | null;
  /** Compare with the previous period of equal length (default), or `null` for no comparison. */
  compare?: "previous_period" | null;
  targets?: Partial<Record<SpiIndicatorId, SpiTargetBounds>>;
  /** "Now" for the report: the CRM as it looked then. Default: `settings.asOf`. */
  asOf?: SpiDateInput | null;
  variants?: {
    stageConversion?: SpiStageConversionVariant;
    /** @deprecated Write `stageConversion` (still read; not both). */
    stage_conversion?: SpiStageConversionVariant;
    pipelineCoverage?: SpiCoverageVariant;
    /** @deprecated Write `pipelineCoverage` (still read; not both). */
    pipeline_coverage?: SpiCoverageVariant;
    fx?: SpiFxVariant;
    owner?: SpiOwnerVariant;
  };
}

/** An ISO 8601 instant in UTC, e.g. `2026-01-01T00:00:00Z`. */
export type SpiInstant = string;
/** `insufficient_data`: the value is `null`, never 0. `met`: nothing left to cover. */
export type SpiDataStatus = "ok" | "insufficient_data" | "met";

/** A 95% Wilson interval. */
export interface SpiInterval {
  low: number;
  high: number;
}

/** One number with what it was computed from, so it can be checked by hand. */
export interface SpiFigure {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** Records behind the value. */
  sampleSize: number;
  /** 95% Wilson interval, for count ratios. */
  interval: SpiInterval | null;
  /** Further statistics by name (`median`, `p90`, `mean`, ...). */
  stats: Record<string, number | null>;
  status: SpiDataStatus;
}

export interface SpiTargetStatus {
  min: number | null;
  max: number | null;
  status: "met" | "missed" | "unknown";
}

/** One cadence bucket of an indicator's series. */
export interface SpiSeriesPoint extends SpiFigure {
  /** `2026-03-02` (week or day), `2026-03` (month), `FY2027-Q1`, `FY2027`. */
  bucket: string;
  from: SpiInstant;
  to: SpiInstant;
}

/** One indicator of `catalog()`, in report order: what a page shows of it before any data is loaded. */
export interface SpiCatalogEntry {
  id: SpiIndicatorId;
  /** Display name ("Win rate"). */
  label: string;
  /** What it measures, one line (markdown: field names in backquotes). */
  description: string;
  unit: SpiUnit;
  better: SpiBetter;
  /** Whose records it counts (what its drill-down lists). */
  table: SpiTable;
  /** `period`: attributed to instants, with a series; `snapshot`: a state as of `asOf`. */
  timing: SpiTiming;
  /** The `query.variants` keys that change its formula. */
  variants: string[];
  /** The next step its actions propose. */
  nextStep: string;
  /** Which compact views show it: `sidebar` (the sidebar and the segments table), `segments`, or `no` (its card only). */
  headline: SpiHeadline;
  /** One of the page's default cards (the core set the card picker starts from). */
  card: boolean;
}

export interface SpiIndicator extends SpiFigure {
  id: SpiIndicatorId;
  /** The definition used, naming its variant. */
  definition: string;
  unit: SpiUnit;
  better: SpiBetter;
  /** Empty for snapshot indicators. */
  series: SpiSeriesPoint[];
  /** The previous period's figure, when comparing. */
  previous: SpiFigure | null;
  /** value - previous value, when both exist. */
  change: number | null;
  target: SpiTargetStatus | null;
  /** Why the figure, true by its formula, misleads on this data (empty when nothing does). */
  notes: SpiNote[];
  /** `lost_reasons` only, absent when no lost deal of the period or the previous one has a reason. */
  reasons?: SpiLostReason[];
}

/** One lost reason of the period (`lost_reasons`); `previous*` and `*Change` are null without a comparison. */
export interface SpiLostReason {
  /** As the CRM wrote it: untrusted text. */
  reason: string;
  count: number;
  /** Known amounts, base currency. */
  amount: number;
  /** count / lost deals with a reason in the period. */
  share: number | null;
  amountShare: number | null;
  previousCount: number | null;
  previousAmount: number | null;
  previousShare: number | null;
  previousAmountShare: number | null;
  shareChange: number | null;
  amountShareChange: number | null;
  /** Where its deals were lost from: the last open stage of the history, else the deal's own open stage, else `(unknown)`. */
  stages: { stage: string; label: string; count: number; amount: number }[];
}

/** A note on a figure, e.g. `lost_amounts_zero` on `win_rate_by_value`. */
export interface SpiNote {
  /** Id of the failing health check in `report.health` that explains it (today
   * `lost_amounts_zero`, `open_without_amount`, `bulk_created`, `closed_before_created`,
   * `single_owner`). */
  code: SpiCheckId;
  /** How the figure is distorted, and the check's finding. */
  message: string;
}

export interface SpiGroupFigure extends SpiFigure {
  id: SpiIndicatorId;
  target: SpiTargetStatus | null;
}

export interface SpiGroupRow {
  /** Group value; `"(none)"` when the key is missing. */
  group: string;
  indicators: SpiGroupFigure[];
}

/** The query as resolved: defaults applied, dates as instants. */
export interface SpiQueryEcho {
  from: SpiInstant;
  to: SpiInstant;
  cadence: SpiCadence;
  groupBy: string[];
  indicators: SpiIndicatorId[];
  previous: [SpiInstant, SpiInstant] | null;
  targets: Partial<Record<SpiIndicatorId, { min: number | null; max: number | null }>>;
  variants: SpiVariantsUsed;
}

export interface SpiVariantsUsed {
  stage_conversion: SpiStageConversionVariant;
  pipeline_coverage: SpiCoverageVariant;
  fx: SpiFxVariant;
  owner: SpiOwnerVariant;
}

/** A stage's conversion under each `stage_conversion` variant. */
export interface SpiStageRates {
  reached: number | null;
  strict: number | null;
  adjacent: number | null;
  toWin: number | null;
}

/** One open stage of the funnel of the deals created in the period. */
export interface SpiFunnelStage {
  stage: string;
  /** Display label (the id when none is declared). */
  label: string;
  /** Deals that reached the stage by the `reached` rule (the funnel bar). */
  reached: number;
  /** The selected variant's denominator at this stage. */
  trials: number;
  /** The selected variant's numerator: deals that advanced by its rule. */
  advanced: number;
  /** `advanced / trials`; `null` when `trials` is 0. */
  conversion: number | null;
  interval: SpiInterval | null;
  status: SpiDataStatus;
  /** The four variants side by side. */
  rates: SpiStageRates;
  /** Deals won among those that reached the stage. */
  won: number;
  /** Completed visits only. */
  meanDaysInStage: number | null;
  medianDaysInStage: number | null;
  /** Deals behind the days in stage. */
  daysSample: number;
  /** Open deals of the cohort currently in the stage. */
  openInStage: number;
  /** Deals that moved past this stage without it. */
  skipped: number;
  /** Moves out of this stage back to an earlier open stage. */
  backwardMoves: number;
  /** Reopened deals among those that reached the stage. */
  reopened: number;
  /** The stage's open pipeline as of `asOf` (every open deal, not only the cohort's). */
  pipeline: SpiStagePipeline;
}

/** The open deals of one stage as of `asOf`. Drill: `{indicator: "deal_aging", stage}`. */
export interface SpiStagePipeline {
  /** Open deals in the stage. */
  count: number;
  /** Sum of their amounts in the base currency. */
  amount: number;
  /** Open deals without a converted amount (left out of `amount`). */
  withoutAmount: number;
  /** The stage's probability in [0, 1]; `null` when the stage declares none. */
  probability: number | null;
  /** `amount` x `probability`; `null` (not 0) when the stage has no probability. */
  weightedAmount: number | null;
  /** Median days since the entry into the stage (history, else `createdAt`). */
  medianDaysInStage: number | null;
  /** Open deals whose entry into the stage is not dated (left out of the median). */
  undatedEntry: number;
  /** Stalled deals, by `deal_aging`'s rule. */
  stalled: number;
  /** Deals the stalled rule cannot judge. */
  unjudged: number;
}

export type SpiSeverity = "info" | "warning" | "error";

/** A data health check (spec section 5). */
export interface SpiHealthCheck {
  /** Stable id, e.g. `duplicate_ids`. */
  id: SpiCheckId;
  /** The collection the counted records belong to. */
  collection: SpiTable;
  severity: SpiSeverity;
  /** True when no record failed the check. */
  passed: boolean;
  count: number;
  /** Up to 20 example record ids, in input order. */
  examples: string[];
  explanation: string;
  /** The next step. */
  action: string;
  /** Amount at stake in the base currency. */
  impact: number;
}

/** A series whose latest complete bucket left median +/- 3 x MAD of its baseline. */
export interface SpiAnomaly {
  indicator: SpiIndicatorId;
  bucket: string;
  value: number;
  median: number;
  mad: number;
  /** Spread used for the band (MAD, or its guard). */
  spread: number;
  expectedLow: number;
  expectedHigh: number;
  /** Baseline buckets with a value. */
  baseline: number;
  direction: "better" | "worse";
  /** value - median. */
  change: number;
  /** The move relative to the median; `null` when the median is 0. */
  relativeChange: number | null;
  /** (value - median) / spread. */
  deviations: number;
}

/** A next step, from a failing check, an anomaly, a breached target or a driver of a move. */
export interface SpiAction {
  kind: "check" | "target" | "anomaly" | "driver";
  indicator: SpiIndicatorId | null;
  check: SpiCheckId | null;
  severity: SpiSeverity;
  groupKey: string | null;
  group: string | null;
  /** What was found, one line. */
  message: string;
  /** The next step. */
  action: string;
  /** Amount at stake in the base currency. */
  impact: number;
  recordTable: SpiTable | null;
  /** Up to 20 record ids to link to. */
  recordIds: string[];
}

/** A recoverable input problem, counted over the dataset. */
export interface SpiWarning {
  /** e.g. `currency_without_rate`, `unknown_stage`. */
  code: SpiWarningCode;
  message: string;
  count: number;
  /** A few example record ids. */
  examples: string[];
}

/** The report (spec section 6). */
export interface SpiReport {
  query: SpiQueryEcho;
  asOf: SpiInstant;
  /** Base currency of every amount. */
  currency: string;
  indicators: SpiIndicator[];
  /** Per `groupBy` key, one row per group value. */
  groups: Record<string, SpiGroupRow[]>;
  funnel: SpiFunnelStage[];
  /** Forecast against quota, per month (per quarter for cadence quarter or year) of the period. */
  forecast: SpiForecastBucket[];
  health: SpiHealthCheck[];
  anomalies: SpiAnomaly[];
  /** Next actions, highest impact first. */
  actions: SpiAction[];
  warnings: SpiWarning[];
}

/** An amount and the records behind it. */
export interface SpiPart {
  /** Sum of the known amounts (base currency). */
  amount: number;
  /** Records counted, with or without an amount. */
  count: number;
}

/** One forecast category's open deals in a forecast bucket. */
export interface SpiCategoryPart extends SpiPart {
  category: "commit" | "best_case" | "pipeline" | "omitted" | "uncategorized";
}

/** One month (or quarter) of the forecast against quota, by close date. */
export interface SpiForecastBucket {
  bucket: string;
  from: SpiInstant;
  to: SpiInstant;
  /** Deals won with a close in the bucket. */
  won: SpiPart;
  /** Open deals (as of asOf) expected to close in the bucket, by forecast category, in this order. */
  open: SpiCategoryPart[];
  /** Open amounts x their stage's probability; `null` when no open deal has one. */
  weighted: number | null;
  withoutProbability: number;
  withoutAmount: number;
  /** The bucket's quota, prorated; `null` when none applies. */
  quota: number | null;
}

/** What a dataset holds, for a page's controls. */
/** A named period (`SpiEngine.namedPeriods`): [from, to) as ISO instants in UTC. */
export interface SpiNamedPeriod {
  id: "this_quarter" | "last_quarter" | "this_fiscal_year" | "last_fiscal_year" | "this_month" | "last_30_days" | "last_90_days" | "this_quarter_year_ago";
  /** The calendar's label: `FY2027-Q1`, `2026-03`, `FY2024-P05` (retail), `30 days`. */
  label: string;
  from: string;
  to: string;
}

export interface SpiSummary {
  deals: number;
  leads: number;
  activities: number;
  contacts: number;
  quotas: number;
  forecasts: number;
  /** Earliest deal or lead creation. */
  first: SpiInstant | null;
  /** Latest creation, close or activity. */
  last: SpiInstant | null;
  /** Earliest deal close; null when no deal is closed (then no period has a win rate). */
  firstClose: SpiInstant | null;
  /** Latest deal close. */
  lastClose: SpiInstant | null;
  asOf: SpiInstant;
  currency: string;
  fiscalYearStartMonth: number;
  /** The dataset time zone: its IANA name, `UTC`, or a fixed offset (`+02:00`). */
  timeZone: string;
  /** The retail calendar as `settings.fiscalCalendar` writes it; null for calendar months. */
  fiscalCalendar: { pattern: "4-4-5" | "4-5-4" | "5-4-4"; yearEnd: string; month: number } | null;
  /** `settings.stalledAfterDays`; null when derived from history. */
  stalledAfterDays: number | null;
  owners: string[];
  teams: string[];
  segments: string[];
  /** Stage ids in pipeline order. */
  stages: string[];
  warnings: SpiWarning[];
  /** The files read and how; empty for a dataset read from one canonical JSON. */
  sources: SpiSourceInfo[];
  /** What the read means when the figures will be empty or partial; empty when nothing is amiss. */
  flags: SpiReadFlag[];
}

/** A sign, for the whole dataset, that its figures will be empty, partial or wrong (docs/input-formats.md, "Flags"). */
export interface SpiReadFlag {
  code: "no_records" | "no_owner" | "no_dates" | "epoch_dates" | "epoch_as_of" | "stage_read_open" | "partial_response";
  /** The sentence to show, with what to do. */
  message: string;
}

/** A preset's score for a file's header (see docs/input-formats.md). */
export interface SpiCandidate {
  preset: string;
  score: number;
}

/** One field's coverage in a source. */
export interface SpiFieldCoverage {
  /** Canonical field. */
  field: string;
  /** The column read for it. */
  column: string;
  /** Records with a non-empty value. */
  filled: number;
}

/** What one source file was and how it was read. */
export interface SpiSourceInfo {
  name: string | null;
  format: "json" | "csv" | "api";
  /** The preset used; `custom` for a mapping without preset. */
  preset: string | null;
  /** True when the preset was chosen from the header or the JSON keys. */
  detected: boolean;
  /** `history`: deal history joined by deal id; `users`: owner ids to names; `accounts`: region and industry for their deals. */
  kind: SpiRecordKind | null;
  records: number;
  /** Rows skipped (status values marked `skip`, report footers, rows marked deleted, Odoo leads). */
  skipped: number;
  separator: string | null;
  /** Canonical field -> column read. */
  columns: Record<string, string>;
  /** Stage -> `Date entered` column read as history. */
  historyColumns: Record<string, string>;
  /** Column -> date format settled from its values (`MM/DD/YY`, `epoch_s`, `month_name`...). */
  dateFormats: Record<string, string>;
  /** When detected: 0..1, the share of the preset's key fields found, lowered when a runner-up scored close. */
  confidence: number | null;
  /** When detected: the columns that made the choice (`stage <- StageName`, `mark Probability`). */
  evidence: string[];
  /** When detected: the next best presets and their scores. */
  alternatives: SpiCandidate[];
  /** For every field read: its column and how many records hold a value (out of `records`). */
  coverage: SpiFieldCoverage[];
  /** Columns that nothing read. */
  unread: string[];
  /** History entries read (history files, a warehouse's history mode). */
  historyRows: number;
  /** The warnings this source raised (also in the summary's warnings). */
  warnings: SpiWarning[];
}

/** Which number to explain: the period figure, or one group's, one bucket's, or the previous period's. */
export interface SpiDrillRequest {
  indicator: SpiIndicatorId;
  /** With `groupValue`. */
  groupKey?: SpiGroupKey | null;
  /** `"(none)"` for records without the key. */
  groupValue?: string | null;
  /** A series bucket label. */
  bucket?: string | null;
  previous?: boolean;
  /** One term of a waterfall (`pipeline_flow`): `start`, `created`, `pulledIn`, `increased`,
   * `decreased`, `pushedOut`, `lost`, `won`, `end`; its deals become the numerator. */
  term?: string | null;  /** One open stage of the funnel (with indicator `deal_aging`): its open deals as of `asOf`
   * are the denominator, its stalled ones the numerator. No group, bucket, previous or term. */
  stage?: string | null;
  /** One lost reason (with indicator `lost_reasons`): its deals are the numerator, the lost deals
   * with any reason the denominator. */
  reason?: string | null;
  /** One cell of `report.forecast` (with indicator `quota_attainment`): `part` is `won`, a
   * category, `weighted` or `quota`; its deals (quota rows) are the numerator. */
  forecast?: { bucket: string; part: string } | null;
}

export type SpiTable = "deals" | "leads" | "activities" | "contacts" | "quotas" | "forecasts";

/** The records behind one figure. */
export interface SpiDrill {
  indicator: SpiIndicatorId;
  from: SpiInstant;
  to: SpiInstant;
  figure: SpiFigure;
  numeratorTable: SpiTable | null;
  numeratorIds: string[];
  denominatorTable: SpiTable | null;
  denominatorIds: string[];
  /** Ids behind each term of a waterfall (`pipeline_flow`), by term name; absent otherwise. */
  terms?: Record<string, string[]>;
  /** Each deal listed above once, with its amount as entered and converted; absent when none. */
  amounts?: SpiDealAmount[];
  /** A waterfall term's deals (`pipeline_flow`): the amount each booked there, before and after. */
  moves?: SpiDealMove[];
}

export interface SpiDealMove {
  id: string;
  /** Booked to the term (base currency, non-negative). */
  amount: number;
  /** Just before the first change of the term; `null` for `start` and `created`. */
  before: number | null;
  /** Just after the last change of the term. */
  after: number;
}

export interface SpiDealAmount {
  id: string;
  /** As entered; `null` when missing. */
  amount: number | null;
  /** The deal's currency (the base currency when none is given). */
  currency: string;
  /** In the base currency; `null` when missing or without an fx rate. */
  amountBase: number | null;
}


/** The plain-object form of an {@link SpiError} (`err.toJSON()`): it survives `postMessage`,
 * `structuredClone` and `JSON.stringify`; `SpiError.from(data)` rebuilds the error. */
export interface SpiErrorData {
  name: "SpiError";
  code: SpiErrorCode;
  path: string;
  message: string;
  file?: string;
}

/** What every export throws (or a promise rejects with): an `Error` with a stable `code` and
 * the `path` of the offending value (`deals[0].amount`, `cadence`; empty when it concerns the
 * whole input). `query_too_large`: the report would hold more than 200,000 figures (indicators
 * x (buckets + groups)). `not_initialized`: called before `init()`; `freed`: the object was
 * freed (`free()` itself may be called any number of times); `internal`: a bug in spi-wasm
 * stopped the call and the module was restarted (the next call works); `engine_lost`: this
 * object was made before such a restart, so load the data again; `read_failed`: the stream
 * given to `fromStream` failed (the original error is the `cause`); `init_failed`: `init()` could
 * not fetch or compile spi_wasm_bg.wasm (a 404 from a bundle that did not emit it, a CSP without
 * 'wasm-unsafe-eval'); `wasm_not_found`: the Node entry found no spi_wasm_bg.wasm to load. */
export declare class SpiError extends Error {
  constructor(message: string, options?: { code?: SpiErrorCode; path?: string; file?: string; cause?: unknown });
  name: "SpiError";
  code: SpiErrorCode;
  path: string;
  /** `SpiEngine.fromFiles`: the file the error is in (its name, or `files[i]`). */
  file?: string;
  toJSON(): SpiErrorData;
  /** `value` as an `SpiError`: an `SpiError` as is, an object with a string `code` (`toJSON()`
   * output, an error posted from a worker) with its fields, anything else under `fallbackCode`
   * (default `internal`) with `value` as the cause. */
  static from(value: unknown, fallbackCode?: SpiErrorCode): SpiError;
}

declare global {
  interface SymbolConstructor {
    /** `Symbol.dispose`, which `SpiEngine` and `SpiLoader` implement (so `using` frees them),
     * declared for consumers whose `lib` predates it (`["ES2022", "DOM"]`, no `skipLibCheck`). */
    readonly dispose: unique symbol;
  }
}
