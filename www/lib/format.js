// Formatting of indicator values per unit, and of names, for display.

const LABELS = {
  lead_to_opportunity_rate: "Lead to opportunity",
  lead_to_opportunity_days: "Lead to opportunity (days)",
  win_rate: "Win rate",
  win_rate_by_value: "Win rate by value",
  average_deal_size: "Average deal size",
  sales_cycle_days: "Sales cycle",
  pipeline_created: "Pipeline created",
  quota_attainment: "Quota attainment",
  pipeline_coverage: "Pipeline coverage",
  pipeline_velocity: "Pipeline velocity",
  stage_conversion: "Stage conversion",
  deal_aging: "Deal aging",
  rep_response_minutes: "Rep response time",
  touches_to_meeting: "Touches to meeting",
  touches_to_qualified_opportunity: "Touches to qualified opp.",
  engagement_rate: "Engagement rate",
  contact_match_rate: "Contact match rate",
  attribute_completeness: "Attribute completeness",
  forecast_accuracy: "Forecast accuracy",
  pipeline_flow: "Pipeline flow",
  lost_reasons: "Lost with a reason",
};

export const label = (id) => LABELS[id] ?? String(id).replaceAll("_", " ");

export function money(value, currency, digits = 0) {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency, maximumFractionDigits: digits }).format(value);
  } catch {
    return `${value.toFixed(digits)} ${currency}`;
  }
}

/** A value in its unit: 41.2%, $12,300, 63.5 d, 45 min, 2.10×. */
export function formatValue(value, unit, currency) {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  switch (unit) {
    case "ratio":
      return `${(value * 100).toFixed(1)}%`;
    case "currency":
      return money(value, currency);
    case "currency_per_day":
      return `${money(value, currency)}/day`;
    case "days":
      return `${value.toFixed(1)} d`;
    case "minutes":
      return `${value.toFixed(0)} min`;
    case "multiple":
      return `${value.toFixed(2)}×`;
    default:
      return Number.isInteger(value) ? value.toLocaleString("en") : value.toFixed(2);
  }
}

/** A change in the unit's terms: +3.1 pts for ratios, otherwise the signed formatted value. */
export function formatChange(change, unit, currency) {
  if (change === null || change === undefined) return "–";
  const sign = change > 0 ? "+" : change < 0 ? "−" : "±";
  const size = Math.abs(change);
  if (unit === "ratio") return `${sign}${(size * 100).toFixed(1)} pts`;
  return `${sign}${formatValue(size, unit, currency)}`;
}

/** A raw number (numerator, denominator) with at most two decimals. */
export const formatNumber = (v) =>
  v === null || v === undefined ? "–" : (Math.round(v * 100) / 100).toLocaleString("en");

/** "better" / "worse" / "flat" for a change, by the indicator's good direction. */
export function direction(change, better) {
  if (!change) return "flat";
  return (change > 0) === (better === "higher") ? "better" : "worse";
}

/** A short value for chart axes: 42%, $1.2M, 63 d, 2.1×. */
export function compactValue(value, unit, currency) {
  if (value === null || value === undefined) return "";
  const compact = (v, extra = {}) => new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1, ...extra }).format(v);
  switch (unit) {
    case "ratio":
      return `${compact(value * 100)}%`;
    case "currency":
    case "currency_per_day":
      try {
        return compact(value, { style: "currency", currency });
      } catch {
        return compact(value);
      }
    case "days":
      return `${compact(value)} d`;
    case "multiple":
      return `${compact(value)}×`;
    default:
      return compact(value);
  }
}
