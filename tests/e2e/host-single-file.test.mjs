// End-to-end: the lab as one HTML file, opened from disk with no web server.
//
// It pins `make single-file`: scripts/single-file.mjs turns the release
// build into one self-contained index.html that starts the lab from a
// file:// URL, answers requests, and asks for nothing outside itself (every
// request the page makes is for itself or a data: URL).

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

import {
  DIST,
  ROOT,
  launchBrowser,
  requireDist,
  sendRequest,
  tempDir,
  watchProblems,
} from "./host-support.mjs";

let browser;
let out;

before(async () => {
  requireDist();
  out = tempDir("single");
  execFileSync("node", [path.join(ROOT, "scripts/single-file.mjs"), DIST, out.dir]);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  out?.remove();
});

test("the single file is the only file, and names no other", () => {
  assert.deepEqual(fs.readdirSync(out.dir), ["index.html"]);
  const page = fs.readFileSync(path.join(out.dir, "index.html"), "utf8");
  const references = [...page.matchAll(/\b(?:src|href|content|data-js|data-wasm)="([^"]*)"/g)]
    .map((m) => m[1])
    .filter((url) => /\.(js|wasm|css|svg)$/.test(url));
  assert.deepEqual(references, [], "every file is inlined as a data: URL");
  assert.doesNotMatch(page, /servicelab:service-worker/, "no service worker from disk");
});

test("opened from file:// the lab starts and answers requests", async () => {
  const context = await browser.newContext();
  const problems = await watchProblems(context);
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const file = pathToFileURL(path.join(out.dir, "index.html")).href;
    const elsewhere = [];
    page.on("request", (req) => {
      if (req.url() !== file && !req.url().startsWith("data:")) elsewhere.push(req.url());
    });

    await page.goto(file);
    await page.getByTestId("app-ready").waitFor({ timeout: 60_000 });
    assert.match(await sendRequest(page, "orders", "GET", "/orders"), /^200 OK/);
    assert.deepEqual(elsewhere, [], "nothing is fetched from outside the file");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
