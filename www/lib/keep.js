// Keeping a dataset on this device, with the user's consent: the dropped files (their bytes and
// names), the column mappings and the settings the user chose, in one IndexedDB record. Nothing is
// written until the user asks (render/keep.js); `forget` deletes the whole database, so that
// nothing of the data, not even an empty store, is left behind. IndexedDB rather than OPFS: it
// stores File objects as they are (name, type, bytes) in every current browser, and one record in
// one transaction makes a save all-or-nothing.
//
// Every failure (no IndexedDB in a private window, the quota, a blocked open) rejects with
// `{code, message}` for the page to show; none is swallowed.

export const DB_NAME = "spi-wasm-kept";
const STORE = "dataset";
const KEY = "current";
/** The record's shape version: a record of another version is not read (and can be forgotten). */
const VERSION = 1;

function failure(code, message, cause) {
  const e = new Error(message);
  e.code = code;
  if (cause) e.cause = cause;
  return e;
}

/** What an IndexedDB error means to the user. */
function explain(error, doing) {
  const name = error?.name ?? "";
  if (name === "QuotaExceededError") {
    return failure("storage_quota", `${doing}: the browser's storage for this page is full (quota exceeded).`, error);
  }
  if (name === "InvalidStateError" || name === "SecurityError" || name === "UnknownError") {
    return failure("storage_unavailable", `${doing}: this browser does not allow storage here (a private window, or storage turned off) (${name}).`, error);
  }
  return failure("storage_failed", `${doing}: ${error?.message || name || "the browser's storage failed"}.`, error);
}

/**
 * Opens the database. With `create` false, a database that does not exist is not created (its
 * creation is aborted) and the promise resolves to null: merely looking leaves nothing behind.
 */
function open(create, doing) {
  return new Promise((resolve, reject) => {
    let request;
    try {
      if (!globalThis.indexedDB) throw failure("storage_unavailable", `${doing}: this browser has no IndexedDB here (a private window, or storage turned off).`);
      request = indexedDB.open(DB_NAME, VERSION);
    } catch (e) {
      reject(e.code ? e : explain(e, doing));
      return;
    }
    let absent = false;
    request.onupgradeneeded = () => {
      if (!create) {
        absent = true;
        request.transaction.abort();
        return;
      }
      request.result.createObjectStore(STORE);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = (event) => {
      if (absent) {
        event.preventDefault();
        resolve(null);
      } else {
        reject(explain(request.error, doing));
      }
    };
    request.onblocked = () => reject(failure("storage_blocked", `${doing}: another tab of this page holds the storage open; close it and try again.`));
  });
}

/** Runs one transaction on the store; resolves with `work`'s request result once committed. */
function run(db, mode, work, doing) {
  return new Promise((resolve, reject) => {
    let result;
    let tx;
    try {
      tx = db.transaction(STORE, mode);
      const request = work(tx.objectStore(STORE));
      request.onsuccess = () => (result = request.result);
    } catch (e) {
      reject(explain(e, doing));
      return;
    }
    tx.oncomplete = () => resolve(result);
    tx.onerror = () => reject(explain(tx.error, doing));
    tx.onabort = () => reject(explain(tx.error, doing));
  });
}

/**
 * Stores `{name, files: [File], mappings, settings}` (replacing any earlier one); resolves with
 * the saved date. Rejects with `{code: "storage_quota" | "storage_unavailable" | ..., message}`.
 */
export async function keep({ name, files, mappings, settings }) {
  const doing = "Could not keep the data on this device";
  const db = await open(true, doing);
  const savedAt = new Date().toISOString();
  const record = {
    version: VERSION,
    savedAt,
    name,
    files: files.map((f) => ({ name: f.name, type: f.type, lastModified: f.lastModified, bytes: f })),
    mappings: mappings ?? {},
    settings: settings ?? null,
  };
  try {
    await run(db, "readwrite", (store) => store.put(record, KEY), doing);
  } finally {
    db.close();
  }
  return savedAt;
}

/** The kept dataset `{name, files: [File], mappings, settings, savedAt}`, or null when none. */
export async function kept() {
  const doing = "Could not read the data kept on this device";
  const db = await open(false, doing);
  if (!db) return null;
  try {
    if (!db.objectStoreNames.contains(STORE)) return null;
    const record = await run(db, "readonly", (store) => store.get(KEY), doing);
    if (!record || record.version !== VERSION || !Array.isArray(record.files)) return null;
    const files = record.files.map((f) => new File([f.bytes], f.name, { type: f.type, lastModified: f.lastModified }));
    return { name: record.name, files, mappings: record.mappings ?? {}, settings: record.settings ?? null, savedAt: record.savedAt };
  } finally {
    db.close();
  }
}

/** Deletes the database, store and all. Resolves once the browser has deleted it. */
export function forget() {
  const doing = "Could not forget the data kept on this device";
  return new Promise((resolve, reject) => {
    let request;
    try {
      if (!globalThis.indexedDB) {
        resolve();
        return;
      }
      request = indexedDB.deleteDatabase(DB_NAME);
    } catch (e) {
      reject(explain(e, doing));
      return;
    }
    request.onsuccess = () => resolve();
    request.onerror = () => reject(explain(request.error, doing));
    request.onblocked = () => reject(failure("storage_blocked", `${doing}: another tab of this page holds the storage open; close it and try again.`));
  });
}
