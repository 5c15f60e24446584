// Next actions in the order the report ranks them (impact first), anomalies among them, and the
// failing data health checks; each with a button that opens the records behind it.
import { h, fill } from "../lib/dom.js";
import { label, money } from "../lib/format.js";

function recordsButton(table, ids, count, title, onRecords) {
  if (!ids?.length) return null;
  const n = count ?? ids.length;
  return h("button", { type: "button", class: "records", onclick: () => onRecords(title, table, ids, n) },
    `Open ${n.toLocaleString("en")} ${table ?? "records"}`);
}

function actionItem(a, currency, onRecords, onDrill) {
  const subject = [a.indicator ? label(a.indicator) : a.check, a.group ? `${a.groupKey} ${a.group}` : null].filter(Boolean).join(" · ");
  return h("li", { class: `action ${a.severity}`, dataset: { kind: a.kind } },
    h("p", { class: "action-head" },
      h("span", { class: `badge ${a.severity}` }, a.kind),
      h("span", { class: "subject" }, subject),
      a.impact ? h("span", { class: "impact" }, `${money(a.impact, currency)} at stake`) : null),
    h("p", { class: "message" }, a.message),
    h("p", { class: "next" }, a.action),
    h("p", { class: "links" },
      recordsButton(a.recordTable, a.recordIds, null, a.message, onRecords),
      a.indicator && a.kind !== "check"
        ? h("button", {
          type: "button",
          onclick: () => onDrill(
            a.group ? { indicator: a.indicator, groupKey: a.groupKey, groupValue: a.group } : { indicator: a.indicator },
            `${label(a.indicator)}${a.group ? `, ${a.groupKey} ${a.group}` : ""}`),
        }, "Show the numbers")
        : null),
  );
}

function anomalyItem(x, onDrill) {
  return h("li", { class: `action ${x.direction === "worse" ? "warning" : "info"}`, dataset: { kind: "anomaly" } },
    h("p", { class: "action-head" }, h("span", { class: "badge anomaly" }, "anomaly"), h("span", { class: "subject" }, label(x.indicator))),
    h("p", { class: "message" },
      `${x.bucket}: ${x.value.toFixed(3)} is outside the expected ${x.expectedLow.toFixed(3)}–${x.expectedHigh.toFixed(3)} (${x.direction}, ${x.deviations.toFixed(1)} spreads)`),
    h("p", { class: "links" },
      h("button", { type: "button", onclick: () => onDrill({ indicator: x.indicator, bucket: x.bucket }, `${label(x.indicator)}, ${x.bucket}`) }, "Open the records")),
  );
}

export function renderActions(list, report, onRecords, onDrill) {
  const items = report.actions.map((a) => actionItem(a, report.currency, onRecords, onDrill));
  // Anomalies that no action mentions yet are listed after the ranked actions.
  const covered = new Set(report.actions.filter((a) => a.kind === "anomaly").map((a) => a.indicator));
  for (const x of report.anomalies) if (!covered.has(x.indicator)) items.push(anomalyItem(x, onDrill));
  fill(list, items.length ? items : h("li", { class: "empty" }, "Nothing to act on: every check passed and no target was missed."));
}

export function renderHealth(list, report, onRecords) {
  const failing = report.health.filter((c) => !c.passed);
  const passed = report.health.length - failing.length;
  fill(list,
    failing.map((c) =>
      h("li", { class: `check ${c.severity}`, dataset: { check: c.id } },
        h("span", { class: `badge ${c.severity}` }, c.severity),
        h("strong", {}, ` ${c.id.replaceAll("_", " ")}: ${c.count.toLocaleString("en")} `),
        h("span", {}, c.explanation),
        " ",
        recordsButton(c.collection, c.examples, c.count, c.explanation, onRecords))),
    h("li", { class: "passed" }, `${passed} checks passed.`),
    report.warnings.map((w) => h("li", { class: "check info" }, h("span", { class: "badge info" }, "warning"), ` ${w.message} (${w.count})`)),
  );
}
