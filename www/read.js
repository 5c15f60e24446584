// What the page read, and how to correct it: after each load the "What was read" panel
// (render/sources.js); after a refused load the refusal (render/refusal.js); and for a CSV file,
// loaded or refused, the column mapper (render/mapper.js), whose mapping re-reads the files.
// Remembers the last files dropped and the mapping applied to each, so that a mapping survives
// the next re-read; data from the sample or a host has no file to map.
import { $, h, fill } from "./lib/dom.js";
import { fileHead } from "./lib/csv-header.js";
import { renderSources } from "./render/sources.js";
import { renderMapper } from "./render/mapper.js";
import { renderRefusal } from "./render/refusal.js";
import { download } from "./render/export.js";

const mappable = (file) => !file.name.toLowerCase().endsWith(".json");
const stem = (name) => name.replace(/\.[^.]*$/, "");

/**
 * The panel's controller. `engine` gives the canonical fields (`engine.fields()`); `reload(source,
 * name)` loads a worker source again (the files with their mappings); `settings()` gives the
 * settings the user applied (null: none), which a downloaded mapping keeps.
 */
export function setupRead(engine, reload, settings = () => null) {
  let files = null; // the File objects of the last files load, or null
  let mappings = {}; // file name -> mapping applied by the user
  let fields = null;

  const fieldsByKind = async () => (fields ??= await engine.fields());

  async function openMapper(file, source) {
    const applied = mappings[file.name];
    const container = $("mapper");
    renderMapper(container, file, {
      head: await fileHead(file),
      fieldsByKind: await fieldsByKind(),
      kind: source?.kind ?? applied?.kind ?? "deals",
      preset: source ? source.preset : applied?.preset,
      current: source?.columns ?? applied?.fields ?? {},
      onApply: (mapping) => {
        mappings = { ...mappings, [file.name]: mapping };
        reload(filesSource(), files.length === 1 ? file.name : `${files.length} files`).catch(() => {});
      },
      onDownload: (mapping) => {
        const chosen = settings();
        const kept = chosen && Object.keys(chosen).length ? { ...mapping, settings: chosen } : mapping;
        download(`${stem(file.name)}.mapping.json`, "application/json", `${JSON.stringify(kept, null, 2)}\n`);
      },
    });
    $("read").hidden = false;
    container.scrollIntoView({ block: "nearest" });
  }

  const fileNamed = (name) => files?.find((f) => f.name === name) ?? null;
  const mapButton = (file, source) =>
    h("button", { type: "button", class: "map-open", onclick: () => openMapper(file, source).catch(() => {}) }, `Map the columns of ${file.name}…`);
  const filesSource = () => ({ kind: "files", files, mappings });

  return {
    /** A new set of dropped files (mappings of earlier files are forgotten, or `kept`: those
     * restored with them); its worker source. */
    dropped(list, kept = {}) {
      files = [...list];
      mappings = { ...kept };
      return filesSource();
    },
    /** Data that is not a set of files (the sample, a host's message): nothing to map. */
    other() {
      files = null;
      mappings = {};
    },
    /** After a load: the panel for `summary`. */
    loaded(summary, name) {
      $("mapper").hidden = true;
      renderSources($("sources"), summary, name, (source) => {
        const file = source.format === "csv" ? fileNamed(source.name) : null;
        return file ? mapButton(file, source) : null;
      });
    },
    /** After a refused load: the refusal, and the mapper for the refused file when it is a CSV. */
    refused(error, name) {
      const file = fileNamed(error.file) ?? (files?.length === 1 ? files[0] : null);
      renderRefusal($("error"), error, file?.name ?? name);
      fill($("sources"), h("p", { class: "read-none" }, `Nothing was read: ${file?.name ?? name} was refused (${error.code ?? "error"}).`,
        file && mappable(file) ? " Map its columns below, then apply." : ""));
      $("mapper").hidden = true;
      $("read").hidden = false;
      if (file && mappable(file)) openMapper(file, null).catch(() => {});
    },
  };
}
