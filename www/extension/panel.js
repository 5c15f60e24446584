// The extension's side panel: the sidebar on the bundled sample, one rep at a time.
import { show, showReport, showError } from "../sidebar.js";
import { $, h, fill } from "../lib/dom.js";

const sample = { kind: "sample", url: new URL("./sample.json", document.baseURI).href };

async function main() {
  const summary = await show(sample, {}, {});
  fill($("owner"), h("option", { value: "" }, "All reps"), summary.owners.map((o) => h("option", { value: o }, o)));
  $("owner").addEventListener("change", () =>
    showReport({}, $("owner").value ? { owner: $("owner").value } : {}).catch(showError));
}

main().catch(showError);
