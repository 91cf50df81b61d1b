#!/usr/bin/env node
// Makes the lab one self-contained HTML file that works when opened from
// disk (file://), with no web server: `make single-file` writes
// dist-single/index.html from the release build in dist/.
//
// Every file the page uses is put inside it as a data: URL: the style
// sheets, the icon, the scripts (startup, bridge, boot, sql.js), the app's
// JS glue and both .wasm files. The page's own start-up code runs
// unchanged: boot.js fetches and imports data: URLs where it would fetch
// and import files, and leaves sql.js's bytes where the app's loader looks.
// Integrity hashes and preload links go (they guard and speed up downloads
// that no longer happen), and so does the service worker, which a file://
// page cannot have.
//
// A file of the build that the page does not name would be lost, so it
// stops the build instead.
//
// Usage: node scripts/single-file.mjs [DIST [OUT_DIR]]

import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { attr, dropAttr, elements, loadPage, remove, savePage, setAttr } from "./html-page.mjs";
import { listFiles } from "./service-worker.mjs";

const TYPES = {
  ".css": "text/css",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
};

/** Files of the build that the single page neither needs nor can use. */
const LEFT_OUT = new Set(["index.html", "sw.js"]);

/** Builds OUT_DIR/index.html from the build in `dist`; returns its path. */
export function buildSingleFile(dist, outDir) {
  const page = loadPage(path.join(dist, "index.html"));
  const inliner = makeInliner(dist);

  for (const element of elements(page)) inlineElement(element, inliner);

  const unused = listFiles(dist).filter((f) => !LEFT_OUT.has(f) && !inliner.used.has(f));
  if (unused.length > 0) {
    throw new Error(
      `index.html does not name ${unused.join(", ")}, so the single file would lack ` +
        "it. Reference it from index.html, or teach scripts/single-file.mjs about it.",
    );
  }

  fs.mkdirSync(outDir, { recursive: true });
  const out = path.join(outDir, "index.html");
  savePage(page, out);
  return out;
}

function inlineElement(element, inliner) {
  const tag = element.tagName;
  const rel = (attr(element, "rel") || "").split(/\s+/);
  const name = attr(element, "name");

  if (tag === "link" && (rel.includes("preload") || rel.includes("modulepreload"))) {
    remove(element);
  } else if (tag === "meta" && name === "servicelab:service-worker") {
    remove(element);
  } else if (tag === "meta" && name === "servicelab:app") {
    inliner.swap(element, "data-js");
    inliner.swap(element, "data-wasm");
  } else if (tag === "meta" && name === "servicelab:sql-wasm") {
    inliner.swap(element, "content");
  } else if (tag === "script" && attr(element, "src") !== null) {
    inliner.swap(element, "src");
  } else if (tag === "link" && attr(element, "href") !== null) {
    inliner.swap(element, "href");
  }
}

/** Replaces attributes that name build files with data: URLs of them. */
function makeInliner(dist) {
  const top = path.resolve(dist);
  const used = new Set();

  function swap(element, name) {
    const value = attr(element, name);
    if (value === null || /^([a-z][a-z0-9+.-]*:|#|\/\/)/i.test(value)) return;

    const file = path.resolve(top, value.replace(/^\.\//, ""));
    if (!file.startsWith(top + path.sep) || !fs.existsSync(file)) {
      throw new Error(`index.html names ${value}, which the build in ${dist} lacks`);
    }
    const type = TYPES[path.extname(file)];
    if (!type) throw new Error(`no MIME type known for ${value}`);

    const data = fs.readFileSync(file).toString("base64");
    setAttr(element, name, `data:${type};base64,${data}`);
    dropAttr(element, "integrity");
    dropAttr(element, "crossorigin");
    used.add(path.relative(top, file).split(path.sep).join("/"));
  }

  return { swap, used };
}

function main() {
  const [dist = "dist", outDir = "dist-single"] = process.argv.slice(2);
  const out = buildSingleFile(dist, outDir);
  const size = (fs.statSync(out).size / 1024 / 1024).toFixed(1);
  console.log(`${out}: ${size} MiB, opens from disk with no web server`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) main();
