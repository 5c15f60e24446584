// ---- spi-wasm: unions generated from the core's lists (tests/it/package/generated_types.rs) ----
// Do not edit: `SPI_WRITE_TYPES=1 cargo test --test it generated_types` rewrites this file.

/** Indicator ids, in report order (see `catalog()` and docs/indicators.md). */
export type SpiIndicatorId =
  | "lead_to_opportunity_rate"
  | "lead_to_opportunity_days"
  | "win_rate"
  | "win_rate_by_value"
  | "average_deal_size"
  | "sales_cycle_days"
  | "pipeline_created"
  | "quota_attainment"
  | "pipeline_coverage"
  | "pipeline_velocity"
  | "stage_conversion"
  | "deal_aging"
  | "rep_response_minutes"
  | "touches_to_meeting"
  | "touches_to_qualified_opportunity"
  | "engagement_rate"
  | "contact_match_rate"
  | "attribute_completeness"
  | "forecast_accuracy"
  | "pipeline_flow"
  | "lost_reasons";

/** What an indicator's value measures. */
export type SpiUnit =
  | "ratio"
  | "days"
  | "currency"
  | "multiple"
  | "currency_per_day"
  | "minutes"
  | "touches"
  | "count";

/** Which direction of an indicator is good news. */
export type SpiBetter =
  | "higher"
  | "lower";

/** Whether an indicator has a series (`period`) or is a state as of `asOf` (`snapshot`). */
export type SpiTiming =
  | "period"
  | "snapshot";

/** Which compact views show an indicator (see `SpiCatalogEntry`). */
export type SpiHeadline =
  | "no"
  | "sidebar"
  | "segments";

/** Series bucket sizes. */
export type SpiCadence =
  | "day"
  | "week"
  | "month"
  | "quarter"
  | "year";

/** Keys to split indicators by: a fixed key or `attributes.<name>`. */
export type SpiGroupKey =
  | "owner"
  | "team"
  | "segment"
  | "persona"
  | "source"
  | "region"
  | "product"
  | "enriched"
  | `attributes.${string}`;

/** `variants.stageConversion`: which deals count as converting at a stage. */
export type SpiStageConversionVariant =
  | "reached"
  | "strict"
  | "adjacent"
  | "to_win";

/** `variants.pipelineCoverage`: the coverage denominator. */
export type SpiCoverageVariant =
  | "remaining_quota"
  | "total_quota"
  | "mature";

/** `variants.fx`: which fx rate converts deal amounts. */
export type SpiFxVariant =
  | "at_close"
  | "at_creation"
  | "latest";

/** `variants.owner`: whose group a deal falls in when grouping by owner. */
export type SpiOwnerVariant =
  | "current"
  | "at_event";

/** Mapping presets (see docs/input-formats.md). */
export type SpiPreset =
  | "maven"
  | "salesforce"
  | "salesforce_api"
  | "salesforce_history"
  | "salesforce_field_history"
  | "salesforce_leads"
  | "salesforce_tasks"
  | "salesforce_events"
  | "salesforce_users"
  | "salesforce_accounts"
  | "hubspot"
  | "hubspot_api"
  | "pipedrive"
  | "pipedrive_api"
  | "odoo"
  | "zoho"
  | "dynamics"
  | "canonical"
  | "canonical_leads"
  | "canonical_activities"
  | "canonical_contacts";

/** What one source file holds. */
export type SpiRecordKind =
  | "deals"
  | "leads"
  | "activities"
  | "contacts"
  | "history"
  | "users"
  | "accounts";

/** The stable codes of {@link SpiError}. */
export type SpiErrorCode =
  | "invalid_json"
  | "invalid_csv"
  | "invalid_value"
  | "invalid_setting"
  | "conflicting_settings"
  | "unsupported_time_zone"
  | "ambiguous_date"
  | "ambiguous_number"
  | "mixed_epoch_units"
  | "invalid_mapping"
  | "unknown_format"
  | "unusable_source"
  | "input_too_large"
  | "string_too_long"
  | "too_many_records"
  | "too_deep"
  | "out_of_memory"
  | "invalid_query"
  | "query_too_large"
  | "invalid_drill_request"
  | "invalid_argument"
  | "read_failed"
  | "not_initialized"
  | "freed"
  | "internal"
  | "engine_lost"
  | "init_failed"
  | "wasm_not_found"
  | "superseded"
  | "aborted"
  | "terminated"
  | "no_dataset";

/** The codes of {@link SpiWarning}s: recoverable input problems, counted. */
export type SpiWarningCode =
  | "missing_id"
  | "duplicates_merged"
  | "unknown_stage"
  | "status_contradicts_stage"
  | "close_date_mismatch"
  | "closed_without_date"
  | "currency_without_rate"
  | "history_without_deal"
  | "invalid_period"
  | "negative_amount"
  | "amount_too_large"
  | "unmapped_status"
  | "epoch_seconds"
  | "lost_reason_not_lost"
  | "forecast_tie"
  | "stage_read_open"
  | "unknown_key"
  | "field_not_read"
  | "partial_coverage"
  | "weak_match"
  | "preset_contradicted"
  | "skipped_row"
  | "deleted_rows"
  | "unmapped_stage"
  | "converted_without_date"
  | "partial_response"
  | "duplicate_column";

/** The ids of the data health checks (spec section 5). */
export type SpiCheckId =
  | "duplicate_ids"
  | "closed_before_created"
  | "won_without_amount"
  | "unknown_stage"
  | "history_out_of_order"
  | "past_expected_close"
  | "no_recent_activity"
  | "dangling_references"
  | "currency_without_rate"
  | "missing_owner"
  | "lost_amounts_zero"
  | "open_without_amount"
  | "bulk_created"
  | "single_owner";
