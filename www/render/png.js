// "Save as PNG" for a chart: the chart's canvas copied onto white (uPlot's is transparent) with
// its title above, turned into a Blob in the page (canvas.toBlob) and offered through a download
// link. Nothing is sent anywhere.
import { h } from "../lib/dom.js";

/** A button saving the uPlot chart drawn in `chartEl` (its first canvas) as `name`.png. */
export function pngButton(chartEl, name, title) {
  return h("button", {
    type: "button",
    class: "png no-print",
    "aria-label": `Save the chart "${title}" as PNG`,
    onclick: () => savePng(chartEl.querySelector("canvas"), name, title),
  }, "Save PNG");
}

/** Offers `canvas` (with `title` above) as a PNG download named `name`.png. */
export function savePng(canvas, name, title) {
  if (!canvas) return;
  const pad = 28;
  const out = document.createElement("canvas");
  out.width = canvas.width;
  out.height = canvas.height + pad;
  const ctx = out.getContext("2d");
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = "#1d2733";
  ctx.font = "600 15px system-ui, sans-serif";
  ctx.fillText(title, 8, 19);
  ctx.drawImage(canvas, 0, pad);
  out.toBlob((blob) => {
    if (!blob) return;
    const url = URL.createObjectURL(blob);
    const a = h("a", { href: url, download: `${name}.png`, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }, "image/png");
}
