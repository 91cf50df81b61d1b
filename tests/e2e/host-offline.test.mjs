// End-to-end: the lab offline, in a classroom whose network comes and goes.
//
// It pins the service worker's promises (static/sw.js): after one visit the
// lab loads and answers requests with the network off; a new deploy (another
// set of files, so another build id) replaces the cached build and deletes
// the old cache; and a deploy with a file missing never replaces a working
// build. A deploy is simulated by serving another copy of dist/, changed and
// given its own sw.js by the same script Trunk's hook runs.
//
// "Network off" is Playwright's offline mode and, to be sure nothing can
// come from the server, the server shut down as well.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";

import { writeServiceWorker } from "../../scripts/service-worker.mjs";
import {
  BASE_PATH,
  DIST,
  STRICT_CSP,
  launchBrowser,
  requireDist,
  sendRequest,
  tempDir,
  watchProblems,
} from "./host-support.mjs";
import { startServer } from "./server.mjs";

let browser;
let work;

before(async () => {
  requireDist();
  work = tempDir("deploys");
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  work?.remove();
});

/** A copy of dist/ as deploy `name`, changed by `change`; returns its folder and build id. */
function deploy(name, change = () => {}) {
  const dir = path.join(work.dir, name);
  fs.cpSync(DIST, dir, { recursive: true });
  change(dir);
  return { dir, build: writeServiceWorker(dir) };
}

function retitle(dir, title) {
  const file = path.join(dir, "index.html");
  const page = fs.readFileSync(file, "utf8");
  fs.writeFileSync(file, page.replace(/<title>[^<]*<\/title>/, `<title>${title}</title>`));
}

async function serve(dir) {
  return startServer(dir, BASE_PATH, { headers: { "Content-Security-Policy": STRICT_CSP } });
}

/** This lab's cache names, as the page sees them. */
function labCaches(page) {
  return page.evaluate(async () => {
    return (await caches.keys()).filter((k) => k.startsWith("servicelab:"));
  });
}

/**
 * Waits until the page's service worker is done installing and activating
 * (after asking the browser to look for a new one, with `update`). Returns
 * the state of the newest worker: "activated", or "redundant" if it failed.
 */
function settleWorker(page, { update = false } = {}) {
  return page.evaluate(async (update) => {
    const registration = await navigator.serviceWorker.ready;
    if (update) await registration.update();
    const newest = registration.installing || registration.waiting || registration.active;
    const settled = () => ["activated", "redundant"].includes(newest.state);
    if (!settled()) {
      await new Promise((resolve) => {
        newest.addEventListener("statechange", () => settled() && resolve());
      });
    }
    return newest.state;
  }, update);
}

/** How many files the cache of `build` holds (0 if there is no such cache). */
function cachedFiles(page, build) {
  return page.evaluate(async (build) => {
    const name = (await caches.keys()).find((k) => k.endsWith(`:${build}`));
    return name === undefined ? 0 : (await (await caches.open(name)).keys()).length;
  }, build);
}

function fileCount(dir) {
  return fs.readdirSync(dir).filter((f) => f !== "sw.js").length;
}

async function goOffline(context, server) {
  await context.setOffline(true);
  await server.close();
}

test("after one visit the lab loads and answers requests with the network off", async () => {
  const first = deploy("one");
  const server = await serve(first.dir);
  const context = await browser.newContext();
  const problems = await watchProblems(context);
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`${server.origin}${BASE_PATH}`);
    await page.getByTestId("app-ready").waitFor({ timeout: 60_000 });
    assert.equal(await settleWorker(page), "activated");
    assert.equal(await cachedFiles(page, first.build), fileCount(first.dir));

    await goOffline(context, server);
    await page.reload();
    await page.getByTestId("app-ready").waitFor({ timeout: 60_000 });
    assert.match(await sendRequest(page, "catalog", "GET", "/api/products/"), /^200 OK/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.close();
  }
});

test("a new deploy replaces the cached build and deletes the old cache", async () => {
  const old = deploy("old");
  const next = deploy("new", (dir) => {
    retitle(dir, "ServiceLab, deploy 2");
    fs.writeFileSync(path.join(dir, "release-notes.txt"), "Deploy 2\n");
  });
  assert.notEqual(old.build, next.build, "a changed file set is a new build");

  const server = await serve(old.dir);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`${server.origin}${BASE_PATH}`);
    await page.getByTestId("app-ready").waitFor({ timeout: 60_000 });
    assert.equal(await settleWorker(page), "activated");
    assert.equal(await cachedFiles(page, old.build), fileCount(old.dir));

    // The new deploy goes up; the next visit shows it, and the worker updates.
    server.setRoot(next.dir);
    await page.reload();
    assert.equal(await page.title(), "ServiceLab, deploy 2");
    assert.equal(await settleWorker(page, { update: true }), "activated");
    assert.equal(await cachedFiles(page, next.build), fileCount(next.dir));
    const names = await labCaches(page);
    assert.equal(names.length, 1, `one cache, not ${names.join(", ")}`);
    assert.ok(names[0].endsWith(`:${next.build}`), "the old build's cache is gone");

    // Offline, it is the new build that loads.
    await goOffline(context, server);
    await page.reload();
    await page.getByTestId("app-ready").waitFor({ timeout: 60_000 });
    assert.equal(await page.title(), "ServiceLab, deploy 2");
  } finally {
    await context.close();
    await server.close();
  }
});

test("a deploy with a file missing does not replace the working build", async () => {
  const good = deploy("good");
  const broken = deploy("broken", (dir) => retitle(dir, "ServiceLab, half uploaded"));
  const missing = fs.readdirSync(broken.dir).find((f) => f.endsWith(".css"));
  fs.rmSync(path.join(broken.dir, missing));

  const server = await serve(good.dir);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`${server.origin}${BASE_PATH}`);
    await page.getByTestId("app-ready").waitFor({ timeout: 60_000 });
    assert.equal(await settleWorker(page), "activated");

    // The broken deploy's worker fails to install and is thrown away.
    server.setRoot(broken.dir);
    const outcome = await settleWorker(page, { update: true });
    assert.equal(outcome, "redundant", "installing the half-uploaded build fails");
    const names = await labCaches(page);
    assert.equal(names.length, 1, `one cache, not ${names.join(", ")}`);
    assert.ok(names[0].endsWith(`:${good.build}`), "the good build's cache stays");

    await goOffline(context, server);
    await page.reload();
    await page.getByTestId("app-ready").waitFor({ timeout: 60_000 });
    assert.equal(await page.title(), "ServiceLab: two services, one database");
  } finally {
    await context.close();
    await server.close();
  }
});
