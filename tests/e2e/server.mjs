// A tiny static file server for the end-to-end tests: it serves one folder
// under one sub-path on 127.0.0.1 and a free port, with the MIME types a
// browser insists on (application/wasm above all). Nothing outside the
// folder can be reached. Options let a test mimic a real host: extra headers
// (a Content-Security-Policy), missing files, an "SPA fallback" that answers
// unknown paths with index.html, and a new deploy (another folder).

import fs from "node:fs";
import http from "node:http";
import path from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * Serves `root` at `basePath` (which starts and ends with "/"). Options:
 *
 * - `hide`: file names that answer 404, to test how the app copes without;
 * - `headers`: headers added to every answer (a CSP, say);
 * - `spaFallback`: answer a missing file with index.html, 200 text/html, as
 *   a single-page-app server misconfigured for the lab would.
 *
 * Resolves once listening to { origin, close(), setRoot(dir), requests },
 * where `setRoot` serves another folder from then on (a new deploy) and
 * `requests` lists every path asked for.
 */
export function startServer(root, basePath, options = {}) {
  const hidden = new Set(options.hide || []);
  const extra = options.headers || {};
  const requests = [];
  let top = path.resolve(root);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    requests.push(url.pathname);
    for (const [name, value] of Object.entries(extra)) res.setHeader(name, value);
    if (url.pathname === basePath.slice(0, -1)) {
      res.writeHead(301, { Location: basePath });
      res.end();
      return;
    }
    if (!url.pathname.startsWith(basePath) || !["GET", "HEAD"].includes(req.method)) {
      res.writeHead(404, { "Content-Type": "text/plain" });
      res.end("not found");
      return;
    }

    let relative = decodeURIComponent(url.pathname.slice(basePath.length));
    if (relative === "" || relative.endsWith("/")) relative += "index.html";
    let file = path.resolve(top, relative);
    const inside = file.startsWith(top + path.sep) && !hidden.has(relative);
    const found = inside && fs.existsSync(file) && !fs.statSync(file).isDirectory();
    if (!found && options.spaFallback) {
      file = path.join(top, "index.html");
    } else if (!found) {
      res.writeHead(404, { "Content-Type": "text/plain" });
      res.end("not found");
      return;
    }

    const type = TYPES[path.extname(file).toLowerCase()] || "application/octet-stream";
    res.writeHead(200, { "Content-Type": type, "Cache-Control": "no-store" });
    if (req.method === "HEAD") {
      res.end();
      return;
    }
    fs.createReadStream(file).pipe(res);
  });

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({
        origin: `http://127.0.0.1:${port}`,
        close: () => {
          server.closeAllConnections();
          return new Promise((done) => server.close(done));
        },
        setRoot: (dir) => {
          top = path.resolve(dir);
        },
        requests,
      });
    });
  });
}
