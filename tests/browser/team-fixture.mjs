// A hand-worked team dataset for the page's memory and view-state tests (memory.test.mjs,
// view-hash.test.mjs): every CRM string in it is distinctive, so a test can look for any of them
// where none may be (the URL).
// Six deals, created 2026-09-01, closed 2026-10-15 (44 days later) in the fiscal quarter of asOf
// (2026-10-01 to 2026-11-01): won 1,000 + 3,000 + 2,000, lost 2,000 + 500, one open.
// By hand: win rate 3 / 5 = 60.0%; by value 6,000 / 8,500 = 70.6%; average won 6,000 / 3 = 2,000;
// cycle 44.0 d.
const deal = (id, status, amount, owner, segment) => ({
  id, name: `${segment} renewal`, owner, segment, amount, createdAt: "2026-09-01",
  closedAt: status === "open" ? null : "2026-10-15",
  stage: status === "won" ? "closed_won" : status === "lost" ? "closed_lost" : "proposal", status,
});
export const FIXTURE = {
  settings: { asOf: "2026-11-01", currency: "USD" },
  deals: [
    deal("DX-101", "won", 1000, "Ana Torres", "Zephyr Logistics"),
    deal("DX-102", "won", 3000, "Ben Okafor", "Quillon Pharma"),
    deal("DX-103", "lost", 2000, "Ana Torres", "Zephyr Logistics"),
    deal("DX-104", "won", 2000, "Ben Okafor", "Quillon Pharma"),
    deal("DX-105", "lost", 500, "Ana Torres", "Marrowby Foods"),
    deal("DX-106", "open", 4000, "Ben Okafor", "Marrowby Foods"),
  ],
};
export const FILE = { name: "team-deals.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(FIXTURE)) };

/** Every CRM string of the fixture (ids, names, owners, segments): none may reach the URL. */
export const CRM_STRINGS = [...new Set(FIXTURE.deals.flatMap((d) => [d.id, d.name, d.owner, d.segment]))];
