/** PRELIMINARY: rewritten against the core's real types after the core lands. */
export type SpiJsonInput = string | Uint8Array | ArrayBuffer;
export interface SpiInput { deals?: SpiDeal[] }
export interface SpiDeal { id: string; amount?: number | string | null; status?: "open" | "won" | "lost" | null }
export interface SpiQuery { from?: string | null; to?: string | null }
export interface SpiReport { indicators: SpiIndicator[] }
export interface SpiIndicator { id: string; value: number | null; numerator: number; denominator: number }
export interface SpiSummary { deals: number }
export interface SpiDrillRequest { indicator: string }
export interface SpiDrill { indicator: string; numerator: string[] }
