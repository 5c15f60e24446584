// Formatting of indicator values per unit, and of names, for display.

// Labels come from the module's catalog (lib/catalog.js); re-exported for the renderers.
export { label } from "./catalog.js";

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
