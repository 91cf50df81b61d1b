// End-to-end: the release build of the app, in a real headless Chromium,
// served from a sub-path (/course/lab/) the way a course site would host it.
//
// It pins the lesson's main story: a product created through the Django
// service can be ordered through the Flask service, the order takes stock
// out of the catalog's own table (seen in the database view and in the row
// diff), a malformed body changes nothing, the SQL console reads the same
// database, and a reset brings the seed data back. Along the way no page
// error or console error may occur, and no asset may fail to load.
//
// Run `trunk build --release` first, then `node --test tests/e2e/`.
// CHROMIUM_PATH overrides the browser binary (default /usr/bin/chromium).

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { launchBrowser } from "./chromium.mjs";

import { startServer } from "./server.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const DIST = path.join(ROOT, "dist");
const RESULTS = path.join(ROOT, "test-results");
const BASE_PATH = "/course/lab/";
const SEED_PRODUCTS = 36;

let server;
let browser;
let page;
const problems = [];

before(async () => {
  if (!fs.existsSync(path.join(DIST, "index.html"))) {
    throw new Error(
      `dist/ is missing or has no index.html (${DIST}). ` +
        "Build the app first: trunk build --release",
    );
  }
  fs.mkdirSync(RESULTS, { recursive: true });
  server = await startServer(DIST, BASE_PATH);

  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(20_000);
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
  });
  page.on("response", (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.url()}`);
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test("the lab's main story, from a sub-path", { timeout: 180_000 }, async (t) => {
  const sku = `E2E-${Date.now().toString(36).toUpperCase()}`;
  let productId;

  await t.test("the app starts from /course/lab/", async () => {
    await page.goto(`${server.origin}${BASE_PATH}`);
    await page.getByTestId("app-ready").waitFor({ timeout: 60_000 });
    const catalog = page.getByTestId("table-catalog_product");
    assert.match(await catalog.innerText(), new RegExp(`\\b${SEED_PRODUCTS}\\b`));
    assert.match(await page.getByTestId("log-catalog").innerText(), /Applying catalog/);
  });

  await t.test("catalog (DRF) creates a product: 201", async () => {
    const body = JSON.stringify({
      sku,
      name: "End-to-end test kit",
      category: "lab",
      price: "12.50",
      stock: 10,
    });
    await send("catalog", "POST", "/api/products/", body);
    assert.match(await statusText(), /^201 Created/);
    const created = JSON.parse(await page.getByTestId("response-body").innerText());
    assert.equal(created.sku, sku);
    productId = created.id;
    assert.ok(Number.isInteger(productId), "the 201 body carries the new id");
    assert.match(await page.getByTestId("sql-list").innerText(), /INSERT INTO "catalog_product"/);
  });

  await t.test("orders (Flask) places an order for it: 201", async () => {
    const body = JSON.stringify({ product_id: productId, quantity: 3 });
    await send("orders", "POST", "/orders", body);
    assert.match(await statusText(), /^201 Created/);
    const order = JSON.parse(await page.getByTestId("response-body").innerText());
    assert.equal(order.product_id, productId);
    assert.equal(order.quantity, 3);
    assert.match(await page.getByTestId("log-orders").innerText(), /"POST \/orders HTTP\/1.1" 201/);
  });

  await t.test("the row diff shows the stock going from 10 to 3 fewer", async () => {
    const diff = page.getByTestId("row-diff");
    const stock = diff.locator('[data-table="catalog_product"] td.changed');
    assert.equal((await stock.innerText()).replace(/\s+/g, " ").trim(), "10 → 7");
    const inserted = diff.locator('[data-table="orders"] tr.row-inserted');
    assert.equal(await inserted.count(), 1);
  });

  await t.test("the database view shows the new stock", async () => {
    assert.equal(await stockInTable(sku), "7");
    await page.screenshot({ path: path.join(RESULTS, "desktop-1280.png"), fullPage: true });
  });

  await t.test("a malformed JSON body gets Flask's 400 and changes nothing", async () => {
    await send("orders", "POST", "/orders", `{"product_id": ${productId}, "quantity": `);
    assert.match(await statusText(), /^400 Bad Request/);
    assert.match(await page.getByTestId("response-body").innerText(), /Failed to decode JSON/);
    assert.match(await page.getByTestId("row-diff").innerText(), /no rows changed/i);
    assert.equal(await stockInTable(sku), "7");
  });

  await t.test("the same malformed body gets DRF's 400 from catalog", async () => {
    await send("catalog", "POST", "/api/products/", '{"sku": "X", ');
    assert.match(await statusText(), /^400 Bad Request/);
    assert.match(await page.getByTestId("response-body").innerText(), /JSON parse error/);
    assert.match(await page.getByTestId("row-diff").innerText(), /no rows changed/i);
  });

  await t.test("a malformed header line is refused with a message", async () => {
    const before = await historyLength();
    await fillDraft("orders", "GET", "/orders", "", "Accept application/json");
    await page.getByTestId("send-button").click();
    await page.getByText(/Header line 1: there is no colon/).waitFor();
    assert.equal(await historyLength(), before, "nothing was sent");
    await page.getByTestId("headers-input").fill("");
  });

  await t.test("the SQL console reads the shared database", async () => {
    const result = await runSql(`SELECT sku, stock FROM catalog_product WHERE sku = '${sku}'`);
    assert.match(result, new RegExp(`${sku}\\s+7`));
    assert.match(await runSql("SELEC 1"), /syntax error/);
  });

  await t.test("a route, chosen by keyboard, fills the builder from its example", async () => {
    const route = page.locator("button.route", { hasText: "/orders/<int:order_id>/cancel" });
    await route.focus();
    await page.keyboard.press("Enter");
    assert.equal(await page.getByTestId("service-select").inputValue(), "orders");
    assert.equal(await page.getByTestId("method-select").inputValue(), "POST");
    assert.equal(await page.getByTestId("path-input").inputValue(), "/orders/1/cancel");
  });

  await t.test("the examples menu loads an example without sending it", async () => {
    const before = await historyLength();
    await page.getByTestId("examples-select").selectOption({ label: "List orders" });
    assert.equal(await page.getByTestId("method-select").inputValue(), "GET");
    assert.equal(await page.getByTestId("path-input").inputValue(), "/orders");
    assert.equal(await historyLength(), before);
  });

  await t.test("a history entry can be sent again", async () => {
    const before = await historyLength();
    const last = page.getByTestId("history-list").locator(".history-entry").first();
    assert.match(await last.innerText(), /400/);
    await last.getByRole("button", { name: /^Send again/ }).click();
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="history-list"] .history-entry').length === n,
      before + 1,
    );
    assert.match(await statusText(), /^400 Bad Request/);
  });

  await t.test("the page is usable at 360 px wide", async () => {
    await page.setViewportSize({ width: 360, height: 800 });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.ok(overflow <= 1, `no sideways scrolling at 360 px (overflow ${overflow} px)`);
    await page.screenshot({ path: path.join(RESULTS, "mobile-360.png"), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  await t.test("reset (after a confirm) brings the seed data back", async () => {
    await page.getByTestId("reset-button").click();
    await page.getByTestId("reset-confirm").click();
    const catalog = page.getByTestId("table-catalog_product");
    await page.waitForFunction(
      (n) => {
        const button = document.querySelector('[data-testid="table-catalog_product"]');
        return button && button.querySelector(".count")?.textContent.trim() === String(n);
      },
      SEED_PRODUCTS,
    );
    assert.match(await catalog.innerText(), new RegExp(`\\b${SEED_PRODUCTS}\\b`));
    assert.match(await page.getByTestId("table-orders").innerText(), /\b0\b/);
    assert.equal(await page.getByTestId("row-diff").count(), 0, "the diff view is cleared");
    const gone = await runSql(`SELECT COUNT(*) AS n FROM catalog_product WHERE sku = '${sku}'`);
    assert.match(gone, /\bn\s+0\b/);
  });
});

test("no page error, console error or failed load happened", () => {
  assert.deepEqual(problems, []);
});

test("without sql-wasm.wasm the page says in words that the lab cannot start", async () => {
  const broken = await startServer(DIST, BASE_PATH, { hide: ["sql-wasm.wasm"] });
  const context = await browser.newContext();
  try {
    const lonely = await context.newPage();
    await lonely.goto(`${broken.origin}${BASE_PATH}`);
    const alert = lonely.getByRole("alert").filter({ hasText: "could not start" });
    await alert.waitFor({ timeout: 30_000 });
    assert.match(await alert.innerText(), /sql-wasm\.wasm/);
    assert.equal(await lonely.getByTestId("app-ready").count(), 0);
    assert.ok(await lonely.locator("#fatal").isHidden(), "a handled failure is not a crash");
    await lonely.screenshot({ path: path.join(RESULTS, "sqljs-missing.png") });
  } finally {
    await context.close();
    await broken.close();
  }
});

test("without the app's own WebAssembly the error panel shows, not a blank page", async () => {
  const wasm = fs.readdirSync(DIST).find((f) => /^servicelab-.*_bg\.wasm$/.test(f));
  assert.ok(wasm, "dist/ holds the app's .wasm");
  const broken = await startServer(DIST, BASE_PATH, { hide: [wasm] });
  const context = await browser.newContext();
  try {
    const lonely = await context.newPage();
    await lonely.goto(`${broken.origin}${BASE_PATH}`);
    await lonely.locator("#fatal").waitFor({ state: "visible", timeout: 30_000 });
    assert.match(await lonely.locator("#fatal").innerText(), /Reload the page/);
  } finally {
    await context.close();
    await broken.close();
  }
});

// Helpers. Each waits for the page to settle instead of sleeping.

async function fillDraft(service, method, target, body, headers = "") {
  await page.getByTestId("service-select").selectOption(service);
  await page.getByTestId("method-select").selectOption(method);
  await page.getByTestId("path-input").fill(target);
  await page.getByTestId("headers-input").fill(headers);
  await page.getByTestId("body-input").fill(body);
}

async function historyLength() {
  return page.getByTestId("history-list").locator(".history-entry").count();
}

/** Sends a request with Ctrl+Enter and waits for it to enter the history. */
async function send(service, method, target, body) {
  await fillDraft(service, method, target, body);
  const before = await historyLength();
  await page.getByTestId("body-input").press("Control+Enter");
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="history-list"] .history-entry').length === n,
    before + 1,
  );
}

async function statusText() {
  return (await page.getByTestId("response-status").innerText()).trim();
}

/** The stock cell of `sku` in the table browser, paging until it is found. */
async function stockInTable(sku) {
  await page.getByTestId("table-catalog_product").click();
  const previous = page.getByRole("button", { name: "← Previous" });
  while (await previous.isEnabled()) await previous.click();

  const next = page.getByRole("button", { name: "Next →" });
  for (;;) {
    const grid = page.getByTestId("db-rows");
    const headers = await grid.locator("thead th").allInnerTexts();
    const row = grid.locator("tbody tr", { hasText: sku });
    if ((await row.count()) === 1) {
      return (await row.locator("td").nth(headers.indexOf("stock")).innerText()).trim();
    }
    if (!(await next.isEnabled())) throw new Error(`${sku} is not in catalog_product`);
    await next.click();
  }
}

/** Runs SQL in the console and returns the result panel's text. */
async function runSql(sql) {
  const result = page.getByTestId("console-result");
  const before = Number(await result.getAttribute("data-run"));
  await page.getByTestId("console-input").fill(sql);
  await page.getByTestId("console-run").click();
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid="console-result"]').dataset.run === String(n),
    before + 1,
  );
  return result.innerText();
}
