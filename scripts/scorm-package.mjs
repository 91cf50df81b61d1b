#!/usr/bin/env node
// Packs the lab as a SCORM 1.2 package that an LMS such as Moodle accepts:
// `make scorm` writes dist-scorm/servicelab-scorm12.zip from the release
// build in dist/.
//
// The zip holds, at its root: imsmanifest.xml (one organization with one
// item, launching one resource of scormtype "sco" that lists every file of
// the lab), the lab's files, scorm12.js (the adapter that reports to the
// LMS, static/scorm12.js) and the four SCORM 1.2 schemas the manifest names
// (fetched by scripts/scorm-schemas.mjs). index.html gains one <script> for
// the adapter and loses its service worker: the lab runs from the LMS,
// which is online whenever it can record anything.
//
// Usage: node scripts/scorm-package.mjs [DIST [OUT_DIR [SCHEMAS_DIR]]]

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { zipSync } from "fflate";

import {
  attr,
  createElement,
  elements,
  find,
  insertBefore,
  loadPage,
  remove,
  toHtml,
} from "./html-page.mjs";
import { SCHEMAS } from "./scorm-schemas.mjs";
import { listFiles } from "./service-worker.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ADAPTER = "scorm12.js";
const ZIP_NAME = "servicelab-scorm12.zip";
/** One fixed time for every entry, so the same build gives the same zip. */
const MTIME = new Date("2020-01-01T00:00:00Z");

/** Writes OUT_DIR/servicelab-scorm12.zip; returns its path. */
export function buildScormPackage(dist, outDir, schemasDir) {
  const files = {};
  for (const name of listFiles(dist)) {
    if (name === "sw.js" || name === "index.html") continue;
    files[name] = fs.readFileSync(path.join(dist, name));
  }
  files["index.html"] = Buffer.from(scormPage(path.join(dist, "index.html")));
  files[ADAPTER] = fs.readFileSync(path.join(ROOT, "static", ADAPTER));

  const launched = Object.keys(files).sort();
  files["imsmanifest.xml"] = Buffer.from(manifest(launched));
  for (const name of SCHEMAS) files[name] = fs.readFileSync(path.join(schemasDir, name));

  const entries = Object.fromEntries(
    Object.entries(files).map(([name, data]) => [name, [data, { mtime: MTIME }]]),
  );
  fs.mkdirSync(outDir, { recursive: true });
  const out = path.join(outDir, ZIP_NAME);
  fs.writeFileSync(out, zipSync(entries, { level: 9 }));
  return out;
}

/** index.html with the SCORM adapter loaded and the service worker gone. */
function scormPage(file) {
  const page = loadPage(file);
  const worker = elements(page).find(
    (e) => e.tagName === "meta" && attr(e, "name") === "servicelab:service-worker",
  );
  if (worker) remove(worker);

  // Deferred scripts run in document order: placed before the page's first
  // script, the adapter listens before the app can complete anything.
  const first = find(page, "<script>", (e) => e.tagName === "script");
  insertBefore(first, createElement("script", { src: ADAPTER, defer: "" }));
  return toHtml(page);
}

/** imsmanifest.xml for one SCO launched from index.html. */
export function manifest(files) {
  const listed = files.map((name) => `      <file href="${escapeXml(name)}"/>`).join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="servicelab" version="1.0"
    xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd
                        http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd
                        http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="servicelab-course">
    <organization identifier="servicelab-course">
      <title>ServiceLab</title>
      <item identifier="servicelab-lab" identifierref="servicelab-sco" isvisible="true">
        <title>ServiceLab: two services, one database</title>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="servicelab-sco" type="webcontent" adlcp:scormtype="sco" href="index.html">
${listed}
    </resource>
  </resources>
</manifest>
`;
}

function escapeXml(text) {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function main() {
  const [dist = "dist", outDir = "dist-scorm", schemas = "target/scorm12-xsd"] =
    process.argv.slice(2);
  if (!fs.existsSync(path.join(schemas, SCHEMAS[0]))) {
    console.error(`${schemas} has no SCORM schemas: run node scripts/scorm-schemas.mjs ${schemas}`);
    process.exit(1);
  }
  const out = buildScormPackage(dist, outDir, schemas);
  const size = (fs.statSync(out).size / 1024 / 1024).toFixed(1);
  console.log(`${out}: ${size} MiB, SCORM 1.2`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) main();
