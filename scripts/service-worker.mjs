#!/usr/bin/env node
// Writes sw.js, ServiceLab's service worker, into a finished build.
//
// Trunk runs this after every build (a post_build hook in Trunk.toml), with
// TRUNK_STAGING_DIR naming the build's folder. It fills static/sw.js's
// placeholders with the build's exact file list and a build id: a hash of
// every file's name and contents, so any change to any file, and nothing
// else, makes a new id and with it a new cache.
//
// By hand: node scripts/service-worker.mjs DIR [--debug]

import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TEMPLATE = path.join(ROOT, "static", "sw.js");
const OUTPUT = "sw.js";

/**
 * Writes DIR/sw.js for the files in `dir`. `offline: false` writes the
 * worker that keeps nothing (for debug builds). Returns the build id.
 */
export function writeServiceWorker(dir, { offline = true } = {}) {
  const files = listFiles(dir).filter((file) => file !== OUTPUT);
  const build = buildId(dir, files);
  const source = fs
    .readFileSync(TEMPLATE, "utf8")
    .replace("__SERVICELAB_BUILD__", () => build)
    .replace("__SERVICELAB_FILES__", () => JSON.stringify(files))
    .replace("__SERVICELAB_OFFLINE__", () => String(offline));
  fs.writeFileSync(path.join(dir, OUTPUT), source);
  return build;
}

/** Every file under `dir`, as sorted URL paths relative to it. */
export function listFiles(dir, prefix = "") {
  return fs
    .readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) => {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      return entry.isDirectory() ? listFiles(dir, relative) : [relative];
    })
    .sort();
}

function buildId(dir, files) {
  const all = crypto.createHash("sha256");
  for (const file of files) {
    const content = fs.readFileSync(path.join(dir, file));
    const digest = crypto.createHash("sha256").update(content).digest("hex");
    all.update(`${file}\0${digest}\n`);
  }
  return all.digest("hex").slice(0, 16);
}

function main() {
  const args = process.argv.slice(2);
  const dir = args.find((arg) => !arg.startsWith("--")) || process.env.TRUNK_STAGING_DIR;
  if (!dir) {
    console.error("usage: service-worker.mjs DIR [--debug] (or run it as a Trunk hook)");
    process.exit(2);
  }
  const debug = args.includes("--debug") || process.env.TRUNK_PROFILE === "debug";
  const build = writeServiceWorker(dir, { offline: !debug });
  console.log(`sw.js: build ${build}${debug ? " (debug: keeps nothing offline)" : ""}`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) main();
