// A load that failed, shown loudly: which file, the error's code, where in the file (path) and
// the message, in the page's alert. The report of the previous load is hidden by the caller, so
// that nothing on the page looks current when it is not.
import { h, fill } from "../lib/dom.js";

/** Fills `alert` with the refusal of `error` ({message, code, path, file?}). */
export function renderRefusal(alert, error, fallbackName) {
  const file = error.file ?? fallbackName;
  // The core's message for a file starts with the file's name: not repeated.
  const message = file && error.message.startsWith(`${file}: `) ? error.message.slice(file.length + 2) : error.message;
  fill(alert,
    h("strong", { class: "refused-title" }, file ? `${file} was refused: no report was computed.` : "The data was refused: no report was computed."),
    h("p", { class: "refusal" },
      h("span", { class: "badge error code" }, error.code ?? "error"),
      " ",
      h("span", { class: "message" }, message),
      error.path ? [" (at ", h("code", { class: "path" }, error.path), ")"] : null),
  );
  alert.hidden = false;
}
