// A second benchmark generator, written apart from `spi generate` (src/generate) so that no fast
// path can be tuned to one writer's habits (issue 18, "Shape independence"). Its output differs on
// purpose:
// - field order: `attributes` and `history` first, `id` last; top-level keys deals, stages, fx, settings;
// - amounts as numeric strings ("12345.67"), in the deal and in its history;
// - dates as epoch milliseconds (numbers in deals, numeric strings in history);
// - `\u` escapes in some owner, account and stage-label names (written escaped even where plain
//   UTF-8 would do, as some CRM exporters write them);
// - nested `attributes` (objects and arrays inside, which the engine skips: only scalars are kept);
// - deals in EUR and GBP (fixed rates), open, won and lost, with stage history.
//
//   node benches/gen-alt.mjs DEALS [SEED] > file.json
// or `import { generateAlt } from "./gen-alt.mjs"`: `{ text, truth }`, where `truth` holds, per
// deal, what the generator meant (status, close and create instants, amount in USD, owner), for
// tests that check the engine read it right without reading the text back.

import { writeSync } from "node:fs";
import { pathToFileURL } from "node:url";

const DAY = 86400000;
/** The dataset's "now"; every instant is before it. */
export const AS_OF = Date.UTC(2026, 10, 23);
const START = Date.UTC(2023, 0, 1);
export const RATES = { USD: 1, EUR: 1.1, GBP: 1.25 };
const OWNERS = ["José García", "Zoë Müller", "Ana Lima", "Øyvind Berg", "Chen Wei", "李娜", "Ravi Kumar", "Émilie Durand"];
const STAGES = [
  { id: "prospecting", label: "Prospección", kind: "open" },
  { id: "qualified", label: "Qualified", kind: "open" },
  { id: "proposal", label: "Proposal", kind: "open" },
  { id: "negotiation", label: "Négociation", kind: "open" },
  { id: "won", label: "Won", kind: "won" },
  { id: "lost", label: "Lost", kind: "lost" },
];
const OPEN = STAGES.filter((s) => s.kind === "open");

/** mulberry32: small, seedable, good enough for test data. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A JSON string literal with every non-ASCII character written as `\uXXXX`. */
function escaped(s) {
  return JSON.stringify(s).replace(/[\u0080-\uffff]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}
/** A JSON string literal, escaped on odd `i` only: both forms of one name in one file. */
const named = (s, i) => (i % 2 ? escaped(s) : JSON.stringify(s));

/** Cents as a numeric string with two decimals ("12345.67"); the truth keeps the same string's
 * Number, so both sides round alike. */
const money = (cents) => (cents / 100).toFixed(2);

/** `deals` deals from `seed` as a small JSON text, and the truth of each deal. */
export function generateAlt(deals, seed = 7) {
  const truth = [];
  return { text: [...pieces(deals, seed, truth)].join(""), truth };
}

/**
 * The JSON text piece by piece (one piece per deal; no JSON.stringify of the whole), pushing the
 * truth of each deal onto `truth` when given.
 */
export function* pieces(deals, seed = 7, truth = null) {
  const r = rng(seed);
  const pick = (list) => list[Math.floor(r() * list.length)];
  yield '{"deals":[';
  for (let i = 0; i < deals; i++) {
    const created = START + Math.floor(r() * (AS_OF - START - 30 * DAY));
    const currency = r() < 0.8 ? "USD" : r() < 0.5 ? "EUR" : "GBP";
    const amount = money(100000 + Math.floor(r() * 9900000));
    const owner = pick(OWNERS);
    // How far it went: 0..3 open stages, then maybe closed.
    const reach = Math.floor(r() * OPEN.length);
    const outcome = r();
    const status = outcome < 0.3 ? "won" : outcome < 0.65 ? "lost" : "open";
    const history = [];
    let at = created;
    for (let s = 0; s <= reach; s++) {
      history.push({ at, stage: OPEN[s].id });
      at += DAY * (1 + Math.floor(r() * 20));
    }
    let closed = null;
    if (status !== "open" && at < AS_OF) {
      closed = at;
      history.push({ at, stage: status });
    }
    const finalStatus = closed === null ? "open" : status;
    const stage = finalStatus === "open" ? OPEN[reach].id : finalStatus;
    const hist = history
      .map((h, k) => `{"stage":${JSON.stringify(h.stage)},"at":"${h.at}"${k === 0 ? `,"amount":"${amount}"` : ""}}`)
      .join(",");
    const attrs =
      `{"industry":${JSON.stringify(pick(["Retail", "Banking", "Health"]))},"score":${Math.floor(r() * 100)},` +
      `"meta":{"source":{"channel":"web","campaign":"Q${1 + (i % 4)}"},"tags":["a","b"]},"flag":${i % 3 === 0}}`;
    const closedField = closed === null ? "" : `,"closedAt":${closed}`;
    yield (i ? "," : "") +
        `{"attributes":${attrs},"history":[${hist}],"stage":"${stage}","currency":"${currency}","amount":"${amount}",` +
        `"owner":${named(owner, i)},"accountId":${named(`Société ${i % 500}`, i + 1)},"createdAt":${created}${closedField},"id":"A-${i}"}`;
    truth?.push({ id: `A-${i}`, status: finalStatus, created, closed, owner, amountUsd: Number(amount) * RATES[currency], reach });
  }
  yield "],";
  yield `"stages":[${STAGES.map((s, k) => `{"kind":"${s.kind}","label":${named(s.label, k)},"order":${k + 1},"id":"${s.id}"}`).join(",")}],`;
  yield `"fx":{"EUR":"${RATES.EUR}","GBP":${RATES.GBP}},`;
  yield `"settings":{"currency":"USD","asOf":${AS_OF}}}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const deals = Number(process.argv[2] ?? 1000);
  const seed = Number(process.argv[3] ?? 7);
  // Written in batches: 1M deals is ~0.5 GB, past what one JS string may hold.
  let batch = [];
  const flush = () => (writeSync(1, batch.join("")), (batch = []));
  for (const piece of pieces(deals, seed)) if (batch.push(piece) >= 10000) flush();
  flush();
}
