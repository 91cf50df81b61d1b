// End-to-end: keeping work. The release build in headless Chromium, served
// from /course/lab/, each scenario in a fresh browser context (so a fresh
// IndexedDB).
//
// It pins that work survives a reload byte for byte; that a sandboxed
// cross-origin frame (no storage at all) still runs the lab and says work
// is not being saved; that every kind of bad import is refused with a
// sentence and changes nothing; that the exported file is a real SQLite
// database the sqlite3 shell reads; that session files and share links
// round-trip; and that completing a lesson tells the page's host.
//
// Run `trunk build --release` first, then `node --test tests/e2e/`.
// CHROMIUM_PATH overrides the browser binary (default /usr/bin/chromium).

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { launchBrowser } from "./chromium.mjs";

import { startServer } from "./server.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const DIST = path.join(ROOT, "dist");
const RESULTS = path.join(ROOT, "test-results");
const BASE_PATH = "/course/lab/";
const SEED_PRODUCTS = "36";

let server;
let browser;
let scratch;

before(async () => {
  if (!fs.existsSync(path.join(DIST, "index.html"))) {
    throw new Error(`dist/ has no index.html (${DIST}). Build first: trunk build --release`);
  }
  fs.mkdirSync(RESULTS, { recursive: true });
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "servicelab-keep-"));
  // Any origin may read the files: a sandboxed frame's origin is opaque, so
  // even the lab's own scripts and .wasm are cross-origin to it.
  server = await startServer(DIST, BASE_PATH, {
    headers: { "Access-Control-Allow-Origin": "*" },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

/** A fresh context and page on the lab, ready; page errors are collected. */
async function openLab(url = `${server.origin}${BASE_PATH}`) {
  const context = await browser.newContext({
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const errors = [];
  page.on("pageerror", (err) => errors.push(err.message));
  await page.goto(url);
  await lab.ready(page);
  return { context, page, errors };
}

test("work survives a reload: the same database bytes and history", async () => {
  const { context, page, errors } = await openLab();
  try {
    await page.getByTestId("lesson-shared-database").click();
    await lab.send(page, "orders", "POST", "/orders", '{"product_id": 3, "quantity": 2}');
    await lab.send(page, "catalog", "GET", "/api/products/3/", "");
    await lab.send(page, "catalog", "DELETE", "/api/products/3/", "");
    await lab.runSql(page, "UPDATE catalog_product SET name = 'Renamed' WHERE id = 5");
    await lab.saved(page);
    assert.equal(await lab.scalar(page, "PRAGMA foreign_keys"), "1", "saving keeps them on");
    await lab.saved(page);
    const before = await lab.downloadDatabase(page);
    const history = await lab.historyTexts(page);
    assert.equal(history.length, 3);
    assert.match(before.name, /^servicelab-\d{8}-\d{4}\.sqlite$/);

    await page.reload();
    await lab.ready(page);
    await page.getByTestId("info").filter({ hasText: "Welcome back" }).waitFor();
    const afterReload = await lab.downloadDatabase(page);
    const same = sha256(afterReload.bytes) === sha256(before.bytes);
    assert.ok(same, "the same database, byte for byte");
    assert.deepEqual(await lab.historyTexts(page), history);
    assert.equal(await lab.scalar(page, "PRAGMA foreign_keys"), "1");
    const renamed = await lab.scalar(page, "SELECT name FROM catalog_product WHERE id = 5");
    assert.equal(renamed, "Renamed");
    const lesson = page.getByTestId("lesson-shared-database");
    assert.equal(await lesson.getAttribute("aria-pressed"), "true", "the open lesson is back");
    for (const [step, done] of [["browse", "false"], ["order", "true"], ["oversell", "false"]]) {
      assert.equal(await page.getByTestId(`step-${step}`).getAttribute("data-done"), done, step);
    }
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("in a sandboxed cross-origin frame the lab runs and says work is not saved", async () => {
  const appUrl = `http://localhost:${new URL(server.origin).port}${BASE_PATH}`;
  const parentDir = path.join(scratch, "parent");
  fs.mkdirSync(parentDir, { recursive: true });
  fs.writeFileSync(
    path.join(parentDir, "index.html"),
    `<!doctype html><title>LMS</title>
     <iframe sandbox="allow-scripts allow-downloads" src="${appUrl}"
       style="width: 1200px; height: 1600px" title="ServiceLab"></iframe>`,
  );
  const parent = await startServer(parentDir, "/");
  const context = await browser.newContext({ acceptDownloads: true });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const errors = [];
    page.on("pageerror", (err) => errors.push(err.message));
    await page.goto(`${parent.origin}/`);
    const frame = page.frameLocator("iframe");
    await frame.getByTestId("app-ready").waitFor({ timeout: 60_000 });

    const banner = frame.getByTestId("not-saving-banner");
    await banner.waitFor();
    assert.match(await banner.innerText(), /not being saved in this browser/);
    const region = frame.getByRole("status").filter({ has: banner });
    assert.equal(await region.count(), 1, "the banner sits in a polite live region");
    assert.equal(await frame.getByTestId("save-status").getAttribute("data-state"), "memory");

    await lab.send(frame, "catalog", "GET", "/api/products/1/", "");
    assert.match(await lab.statusText(frame), /^200 OK/);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      banner.getByTestId("download-database").click(),
    ]);
    assert.match(download.suggestedFilename(), /\.sqlite$/);

    // No clipboard in the sandbox: the link is shown, focused and selected.
    await frame.getByTestId("copy-share-link").click();
    const field = frame.getByTestId("share-link");
    await frame.getByTestId("keep-done").filter({ hasText: "did not allow copying" }).waitFor();
    assert.match(await field.inputValue(), /#share=/);
    await frame.locator("#share-link:focus").waitFor();
    const selected = await field.evaluate((input) => input.selectionEnd - input.selectionStart);
    assert.equal(selected, (await field.inputValue()).length, "the whole link is selected");
    await page.screenshot({ path: path.join(RESULTS, "keep-sandboxed-frame.png") });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await parent.close();
  }
});

test("storage that fills up later switches to the banner and keeps the live work", async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const errors = [];
    page.on("pageerror", (err) => errors.push(err.message));
    // A real QuotaExceededError at write time: the lab's origin gets almost
    // no quota. Opening storage still works; the first save does not.
    const cdp = await context.newCDPSession(page);
    await cdp.send("Storage.overrideQuotaForOrigin", { origin: server.origin, quotaSize: 1 });
    await page.goto(`${server.origin}${BASE_PATH}`);
    await lab.ready(page);
    assert.equal(await page.getByTestId("not-saving-banner").count(), 0, "no banner yet");

    await lab.send(page, "orders", "POST", "/orders", '{"product_id": 4, "quantity": 1}');
    const banner = page.getByTestId("not-saving-banner");
    await banner.waitFor();
    assert.match(await banner.innerText(), /storage for this site is full/);
    assert.equal(await page.getByTestId("save-status").getAttribute("data-state"), "memory");
    await banner.screenshot({ path: path.join(RESULTS, "keep-storage-full.png") });

    await lab.send(page, "orders", "POST", "/orders", '{"product_id": 4, "quantity": 1}');
    assert.match(await lab.statusText(page), /^201 Created/);
    assert.equal(await lab.historyLength(page), 2);
    assert.equal(await lab.scalar(page, "SELECT count(*) FROM orders"), "2");
    const download = await lab.download(page, "download-session");
    assert.equal(JSON.parse(download.bytes.toString("utf8")).history.length, 2);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("autosave and downloads wait while the console has a transaction open", async () => {
  const { context, page, errors } = await openLab();
  try {
    await lab.runSql(page, "BEGIN");
    await lab.runSql(page, "UPDATE catalog_product SET stock = 0 WHERE id = 2");
    const status = page.locator('[data-testid="save-status"][data-state="held"]');
    await status.waitFor();
    await page.getByTestId("keep-panel").getByTestId("download-database").click();
    assert.match(await page.getByTestId("keep-error").innerText(), /transaction is open/);

    await lab.runSql(page, "COMMIT");
    await lab.saved(page);
    const file = path.join(scratch, "committed.sqlite");
    fs.writeFileSync(file, (await lab.downloadDatabase(page)).bytes);
    const stock = execFileSync("sqlite3", [file, "SELECT stock FROM catalog_product WHERE id = 2"]);
    assert.equal(stock.toString().trim(), "0");
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("bad imports are refused with a sentence and change nothing", async () => {
  const { context, page, errors } = await openLab();
  try {
    await lab.send(page, "orders", "POST", "/orders", '{"product_id": 2, "quantity": 1}');
    const good = (await lab.downloadDatabase(page)).bytes;
    const foreign = path.join(scratch, "foreign.sqlite");
    fs.rmSync(foreign, { force: true });
    execFileSync("sqlite3", [foreign, "CREATE TABLE catalog_product (colour TEXT);"]);

    const cases = [
      ["import-database", "photo.png", png(), /not a SQLite database: it looks like a PNG/],
      ["import-database", "empty.sqlite", Buffer.alloc(0), /The file is empty/],
      ["import-database", "cut.sqlite", good.subarray(0, good.length / 2), /cut off/],
      ["import-database", "damaged.sqlite", damaged(good), /The database is damaged/],
      ["import-database", "notes.json", Buffer.from('{"a": 1}'), /looks like a JSON file/],
      ["import-database", "other.sqlite", fs.readFileSync(foreign), /services cannot start/],
      ["open-session", "broken.servicelab.json", sessionWith(damaged(good)), /inside the session/],
      ["open-session", "random.json", Buffer.from('{"hello": [1, 2]}'), /not a ServiceLab session/],
      ["open-session", "photo.png", png(), /not a ServiceLab session file \(not JSON/],
    ];
    for (const [input, name, bytes, expected] of cases) {
      const message = await lab.importFile(page, input, name, bytes);
      assert.match(message, expected, name);
      assert.match(message, /Nothing was changed\.$/, name);
      assert.equal(await lab.productCount(page), SEED_PRODUCTS, name);
    }

    const panel = page.getByTestId("keep-panel");
    await panel.screenshot({ path: path.join(RESULTS, "keep-refused.png") });

    const after = (await lab.downloadDatabase(page)).bytes;
    assert.equal(sha256(after), sha256(good), "the database is byte for byte the same");
    assert.equal(await lab.historyLength(page), 1, "the history is untouched");
    assert.equal(await lab.scalar(page, "PRAGMA foreign_keys"), "1");
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("a good import replaces the database; foreign keys stay on after it and reset", async () => {
  const { context, page, errors } = await openLab();
  try {
    const file = path.join(scratch, "edited.sqlite");
    fs.writeFileSync(file, (await lab.downloadDatabase(page)).bytes);
    execFileSync("sqlite3", [file, "UPDATE catalog_product SET stock = 123 WHERE id = 7;"]);
    execFileSync("sqlite3", [file, "DELETE FROM catalog_product WHERE id = 36;"]);

    // From the keyboard: the labelled input takes focus, and Space opens it.
    const outcome = page.getByTestId("keep-outcome");
    const reports = Number(await outcome.getAttribute("data-reports"));
    await page.getByLabel("Import .sqlite").focus();
    const [chooser] = await Promise.all([
      page.waitForEvent("filechooser"),
      page.keyboard.press("Space"),
    ]);
    await chooser.setFiles(file);
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="keep-outcome"]').dataset.reports === String(n),
      reports + 1,
    );
    const message = (await outcome.innerText()).trim();
    assert.match(message, /^Opened edited\.sqlite\. It replaced the database/);
    assert.equal(await lab.productCount(page), "35");
    assert.equal(await lab.scalar(page, "SELECT stock FROM catalog_product WHERE id = 7"), "123");
    assert.equal(await lab.scalar(page, "PRAGMA foreign_keys"), "1");

    await page.getByTestId("reset-button").click();
    await page.getByTestId("reset-confirm").click();
    await lab.waitForCount(page, SEED_PRODUCTS);
    assert.equal(await lab.scalar(page, "PRAGMA foreign_keys"), "1");
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("the exported file opens in the sqlite3 shell with the rows the app shows", async () => {
  const { context, page, errors } = await openLab();
  try {
    await lab.send(page, "orders", "POST", "/orders", '{"product_id": 9, "quantity": 4}');
    await lab.send(page, "catalog", "PATCH", "/api/products/10/", '{"stock": 1}');
    const rowsSql =
      "SELECT group_concat(id || ':' || sku || ':' || stock, ',') FROM " +
      "(SELECT id, sku, stock FROM catalog_product ORDER BY id)";
    const ordersSql = "SELECT group_concat(product_id || 'x' || quantity, ',') FROM orders";
    const inApp = [await lab.scalar(page, rowsSql), await lab.scalar(page, ordersSql)];

    const file = path.join(scratch, "exported.sqlite");
    fs.writeFileSync(file, (await lab.downloadDatabase(page)).bytes);
    const shell = (sql) => execFileSync("sqlite3", [file, sql], { encoding: "utf8" }).trim();
    assert.deepEqual([shell(rowsSql), shell(ordersSql)], inApp);
    assert.equal(shell("PRAGMA integrity_check"), "ok");
    assert.match(inApp[0], /(^|,)10:[^:]+:1(,|$)/, "the PATCH is in the file");
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("a session file round-trips the database, history, lesson and progress", async () => {
  const { context, page, errors } = await openLab();
  try {
    await page.getByTestId("lesson-shared-database").click();
    await page.getByTestId("try-browse").click();
    await page.getByTestId("send-button").click();
    await page.locator('[data-testid="step-browse"][data-done="true"]').waitFor();
    await lab.send(page, "orders", "POST", "/orders", '{"product_id": 1, "quantity": 2}');
    const database = sha256((await lab.downloadDatabase(page)).bytes);
    const history = await lab.historyTexts(page);

    const session = await lab.download(page, "download-session");
    assert.match(session.name, /^servicelab-\d{8}-\d{4}\.servicelab\.json$/);
    const parsed = JSON.parse(session.bytes.toString("utf8"));
    assert.equal(parsed.format, "servicelab-session");
    assert.equal(parsed.lesson, "shared-database");

    await page.getByTestId("fresh-button").click();
    await page.getByTestId("fresh-confirm").click();
    assert.equal(await lab.historyLength(page), 0);
    await page.locator('[data-testid="lesson-steps"]').waitFor({ state: "detached" });

    const message = await lab.importFile(page, "open-session", session.name, session.bytes);
    assert.match(message, /history and lesson progress replaced yours/);
    assert.deepEqual(await lab.historyTexts(page), history);
    assert.equal(await page.getByTestId("step-browse").getAttribute("data-done"), "true");
    assert.equal(await page.getByTestId("step-order").getAttribute("data-done"), "true");
    assert.equal(sha256((await lab.downloadDatabase(page)).bytes), database);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("a share link carries the lesson and the last five requests, unsent", async () => {
  const { context, page, errors } = await openLab();
  let link;
  try {
    await context.grantPermissions(["clipboard-read", "clipboard-write"], {
      origin: server.origin,
    });
    await page.getByTestId("lesson-frameworks").click();
    for (let n = 1; n <= 6; n += 1) {
      await lab.send(page, "catalog", "GET", `/api/products/${n}/`, "");
    }
    await page.getByTestId("copy-share-link").click();
    link = await page.getByTestId("share-link").inputValue();
    assert.ok(link.startsWith(`${server.origin}${BASE_PATH}#share=`), link);
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
    await page.getByTestId("keep-panel").screenshot({ path: path.join(RESULTS, "keep-panel.png") });
  } finally {
    await context.close();
  }

  const receiver = await openLab(link);
  try {
    const { page } = receiver;
    await page.getByTestId("info").filter({ hasText: "shared link" }).waitFor();
    const targets = await lab.historyTexts(receiver.page);
    assert.equal(targets.length, 5);
    assert.ok(targets.every((t) => /not sent/.test(t)), targets.join(" | "));
    assert.match(targets[0], /\/api\/products\/6\//, "the newest on top");
    assert.match(targets[4], /\/api\/products\/2\//);
    assert.equal(await page.getByTestId("lesson-frameworks").getAttribute("aria-pressed"), "true");
    assert.equal(new URL(page.url()).hash, "", "the fragment is used once");
    assert.deepEqual([...errors, ...receiver.errors], []);
  } finally {
    await receiver.context.close();
  }

  const damagedLink = `${server.origin}${BASE_PATH}#share=bm90IGEgbGluaw`;
  const broken = await openLab(damagedLink);
  try {
    const alert = broken.page.getByRole("alert").filter({ hasText: "share link is damaged" });
    await alert.waitFor();
    assert.equal(await lab.historyLength(broken.page), 0);
    assert.deepEqual(broken.errors, []);
  } finally {
    await broken.context.close();
  }
});

test("completing a lesson fires servicelab:lesson-completed once", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.addInitScript(() => {
      window.__servicelabEvents = [];
      for (const type of ["ready", "state-changed", "lesson-completed"]) {
        window.addEventListener(`servicelab:${type}`, (event) => {
          window.__servicelabEvents.push({ type, detail: event.detail });
        });
      }
    });
    await page.goto(`${server.origin}${BASE_PATH}`);
    await lab.ready(page);

    await page.getByTestId("lesson-frameworks").click();
    const steps = ["validation", "append-slash", "strict-slashes", "wrong-method"];
    for (const step of steps) {
      const before = await lab.historyLength(page);
      await page.getByTestId(`try-${step}`).click();
      await page.getByTestId("send-button").click();
      await lab.waitForHistory(page, before + 1);
      await page.locator(`[data-testid="step-${step}"][data-done="true"]`).waitFor();
    }
    await page.getByTestId("lesson-complete").waitFor();
    const panel = page.getByTestId("lessons-panel");
    await panel.screenshot({ path: path.join(RESULTS, "lessons-panel.png") });

    const events = await page.evaluate(() => window.__servicelabEvents);
    const of = (type) => events.filter((e) => e.type === type);
    assert.deepEqual(of("ready").map((e) => e.detail), [{ version: 1 }]);
    assert.deepEqual(of("lesson-completed").map((e) => e.detail), [{ lesson: "frameworks" }]);
    assert.deepEqual(of("state-changed").at(-1).detail, {
      lesson: "frameworks",
      stepsDone: 4,
      stepsTotal: 4,
      requests: 4,
    });
  } finally {
    await context.close();
  }
});

// Files made to be refused.

function sha256(bytes) {
  return crypto.createHash("sha256").update(bytes).digest("hex");
}

function png() {
  return Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");
}

/** A whole file with a valid header whose pages after the first are noise. */
function damaged(good) {
  const bytes = Buffer.from(good);
  const pageSize = bytes.readUInt16BE(16);
  for (let i = pageSize; i < bytes.length; i += 1) bytes[i] = (i * 7) % 251;
  return bytes;
}

function sessionWith(database) {
  const file = {
    format: "servicelab-session",
    version: 1,
    database: Buffer.from(database).toString("base64"),
    history: [],
    progress: [],
  };
  return Buffer.from(JSON.stringify(file));
}

// Driving the page. Each helper waits for the page to settle instead of
// sleeping. `scope` is a page or a frame locator.

const lab = {
  async ready(page) {
    await page.getByTestId("app-ready").waitFor({ timeout: 60_000 });
  },

  async historyLength(scope) {
    return scope.getByTestId("history-list").locator(".history-entry").count();
  },

  async waitForHistory(scope, count) {
    const entries = scope.getByTestId("history-list").locator(".history-entry");
    await entries.nth(count - 1).waitFor();
    assert.equal(await entries.count(), count);
  },

  async historyTexts(scope) {
    const entries = scope.getByTestId("history-list").locator(".history-entry");
    return (await entries.allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim());
  },

  /** Sends a request with the Send button and waits for it in the history. */
  async send(scope, service, method, target, body) {
    await scope.getByTestId("service-select").selectOption(service);
    await scope.getByTestId("method-select").selectOption(method);
    await scope.getByTestId("path-input").fill(target);
    await scope.getByTestId("headers-input").fill("");
    await scope.getByTestId("body-input").fill(body);
    const before = await lab.historyLength(scope);
    await scope.getByTestId("send-button").click();
    await lab.waitForHistory(scope, before + 1);
  },

  async statusText(scope) {
    return (await scope.getByTestId("response-status").innerText()).trim();
  },

  /** Waits until autosave has written everything. */
  async saved(page) {
    await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor();
  },

  /** Runs SQL in the console and returns the result panel's text. */
  async runSql(page, sql) {
    const result = page.getByTestId("console-result");
    const before = Number(await result.getAttribute("data-run"));
    await page.getByTestId("console-input").fill(sql);
    await page.getByTestId("console-run").click();
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="console-result"]').dataset.run === String(n),
      before + 1,
    );
    return result;
  },

  /** The one value a query returns, as the console's grid shows it. */
  async scalar(page, sql) {
    const result = await lab.runSql(page, sql);
    return (await result.locator("tbody td").first().innerText()).trim();
  },

  async productCount(page) {
    const count = page.getByTestId("table-catalog_product").locator(".count");
    return (await count.innerText()).trim();
  },

  async waitForCount(page, expected) {
    await page.waitForFunction((n) => {
      const button = document.querySelector('[data-testid="table-catalog_product"]');
      return button?.querySelector(".count")?.textContent.trim() === n;
    }, expected);
  },

  /** Clicks a download button in the Save & share panel; name and bytes. */
  async download(page, testid) {
    const button = page.getByTestId("keep-panel").getByTestId(testid);
    const [download] = await Promise.all([page.waitForEvent("download"), button.click()]);
    const file = await download.path();
    return { name: download.suggestedFilename(), bytes: fs.readFileSync(file) };
  },

  async downloadDatabase(page) {
    return lab.download(page, "download-database");
  },

  /** Chooses a file in one of the panel's inputs; the outcome's text. */
  async importFile(page, input, name, bytes) {
    const outcome = page.getByTestId("keep-outcome");
    const before = Number(await outcome.getAttribute("data-reports"));
    await page.getByTestId(input).setInputFiles({ name, mimeType: "application/octet-stream",
      buffer: Buffer.from(bytes) });
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="keep-outcome"]').dataset.reports === String(n),
      before + 1,
    );
    return (await outcome.innerText()).trim();
  },
};
