// The indicator catalog, read once from the module (the package's `catalog()`, through the
// worker): each indicator's label and which compact views show it. The pages keep no list of
// indicators of their own, so an indicator added to the core shows, with its label, without a
// page edit (docs/adding-an-indicator.md).
let entries = [];
let byId = new Map();
let loading = null;

/** Reads the catalog from `engine` once; later calls share the first read (a failed read is retried). */
export function loadCatalog(engine) {
  loading ??= engine.catalog().then(
    (list) => {
      entries = list;
      byId = new Map(list.map((e) => [e.id, e]));
      return list;
    },
    (e) => {
      loading = null;
      throw e;
    },
  );
  return loading;
}

/** The display name of an indicator: its catalog label, or the id in words for an id the
 * catalog does not list (or before it is read). */
export const label = (id) => byId.get(id)?.label ?? String(id).replaceAll("_", " ");

/** The ids a compact view shows, in report order: `"sidebar"` (the CRM sidebar) or `"segments"`
 * (the segments table, which shows the sidebar's and its own). */
export const headlines = (view) =>
  entries.filter((e) => e.headline === "sidebar" || (view === "segments" && e.headline === "segments")).map((e) => e.id);

/** The default cards, in report order: the catalog's core set (entries with `card`), which the
 * card picker starts from and "Show the core set" returns to. */
export const coreCards = () => entries.filter((e) => e.card).map((e) => e.id);
