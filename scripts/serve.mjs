// A tiny dependency-free static server for the built site (dist/, made by scripts/build-page.sh),
// on 127.0.0.1. Every response carries a strict Content-Security-Policy: the page may load only
// its own files, and may compile WebAssembly ('wasm-unsafe-eval') but never evaluate JS from
// strings. Trusted Types allow one policy, "spi-worker", which only admits the page's own worker
// script (a Worker URL is a TrustedScriptURL sink; with `trusted-types 'none'` no worker could
// start). Only the sidebar may be framed, by the origins in $SPI_FRAME_ANCESTORS ('self' default).
//
//   node scripts/serve.mjs            serves on $PORT or 8080 (the next free port if taken)
//   import { startServer } from "./serve.mjs"   (tests: port 0 = any free port)
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const DIST = [["/", join(root, "dist")]];

const POLICY = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types spi-worker",
];

/** The CSP of a response: framing only for the sidebar, by `frameAncestors`. */
export function cspFor(file, frameAncestors = "'self'") {
  const framing = file?.endsWith("sidebar.html") ? frameAncestors : "'none'";
  return [...POLICY, `frame-ancestors ${framing}`].join("; ");
}
export const CSP = cspFor("index.html");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

const HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Cache-Control": "no-store",
};

/** The file a URL path maps to, or null when it is outside the served folders. */
function fileFor(urlPath, mounts) {
  let path;
  try {
    path = decodeURIComponent(urlPath.split("?")[0]);
  } catch {
    return null;
  }
  if (path.endsWith("/")) path += "index.html";
  for (const [prefix, dir] of mounts) {
    if (!path.startsWith(prefix)) continue;
    const file = normalize(join(dir, path.slice(prefix.length)));
    return file === dir || file.startsWith(dir + sep) ? file : null;
  }
  return null;
}

async function handle(req, res, frameAncestors, mounts) {
  const file = req.method === "GET" || req.method === "HEAD" ? fileFor(req.url ?? "/", mounts) : null;
  let body = null;
  if (file) body = await readFile(file).catch(() => null);
  if (!body) {
    res.writeHead(404, { ...HEADERS, "Content-Security-Policy": CSP, "Content-Type": "text/plain; charset=utf-8" });
    res.end("not found\n");
    return;
  }
  res.writeHead(200, {
    ...HEADERS,
    "Content-Security-Policy": cspFor(file, frameAncestors),
    "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
    "Content-Length": body.length,
  });
  res.end(req.method === "HEAD" ? undefined : body);
}

/** Starts the server on 127.0.0.1; resolves to { server, url }. `frameAncestors`: who may frame
 * sidebar.html (a CSP source list). `mounts`: [URL prefix, folder] pairs, first match wins
 * (default: dist/ at `/`; tests mount other folders). */
export function startServer({ port = 0, frameAncestors = process.env.SPI_FRAME_ANCESTORS ?? "'self'", mounts = DIST } = {}) {
  return new Promise((resolvePromise, reject) => {
    const server = createServer((req, res) => {
      handle(req, res, frameAncestors, mounts).catch(() => {
        res.writeHead(500, { ...HEADERS, "Content-Security-Policy": CSP });
        res.end();
      });
    });
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolvePromise({ server, url: `http://127.0.0.1:${server.address().port}/` });
    });
  });
}

async function main() {
  let port = Number(process.env.PORT ?? 8080);
  for (let tries = 0; ; tries++) {
    try {
      const { url } = await startServer({ port });
      console.log(`spi-wasm report page: ${url}  (sidebar: ${url}sidebar.html; Ctrl+C to stop)`);
      return;
    } catch (e) {
      if (e.code !== "EADDRINUSE" || tries >= 20) throw e;
      port += 1;
    }
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
