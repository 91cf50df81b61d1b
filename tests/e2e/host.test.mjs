// End-to-end: hosting the release build, as a school's web server would.
//
// It pins two promises of docs/hosting.md. First, the build runs from a
// sub-path under a strict Content-Security-Policy sent by the server: no
// inline script, no eval, and no violation reported by the browser. Second,
// when the server gets something wrong before the app can run (a missing
// file, a web page where the .wasm should be, a policy that forbids
// WebAssembly, a browser without it), the page says what happened and what
// to ask the server's admin, in words a teacher can pass on.
//
// Run `trunk build --release` first, then `node --test tests/e2e/`.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";

import {
  BASE_PATH,
  DIST,
  STRICT_CSP,
  appFiles,
  launchBrowser,
  requireDist,
  sendRequest,
  watchProblems,
} from "./host-support.mjs";
import { startServer } from "./server.mjs";

let browser;

before(async () => {
  requireDist();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

/** Opens the lab from a server started with `options`; closes both after. */
async function withLab(options, use) {
  const server = await startServer(DIST, BASE_PATH, options);
  const context = await browser.newContext();
  const problems = await watchProblems(context);
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`${server.origin}${BASE_PATH}`);
    await use(page, problems);
  } finally {
    await context.close();
    await server.close();
  }
}

const csp = (policy) => ({ headers: { "Content-Security-Policy": policy } });

test("under the issue's strict CSP the lab starts with no violation", async () => {
  await withLab(csp(STRICT_CSP), async (page, problems) => {
    await page.getByTestId("app-ready").waitFor({ timeout: 60_000 });
    assert.deepEqual(problems, []);
  });
});

test("under the strict CSP a request and its timeline draw with no violation", async () => {
  await withLab(csp(STRICT_CSP), async (page, problems) => {
    await page.getByTestId("app-ready").waitFor({ timeout: 60_000 });
    assert.match(await sendRequest(page, "orders", "GET", "/orders"), /^200 OK/);

    // The bars are placed by inline styles, which style-src 'self' allows
    // only when set through the CSSOM: drawn means allowed.
    const width = await page
      .locator(".span-bar")
      .first()
      .evaluate((bar) => bar.getBoundingClientRect().width);
    assert.ok(width > 0, "the timeline's first bar has a width");
    assert.deepEqual(problems, []);
  });
});

test("no script of the build can need 'unsafe-eval'", () => {
  // The CSP tests see only the code that runs; this reads all of it.
  for (const file of fs.readdirSync(DIST).filter((f) => f.endsWith(".js"))) {
    const source = fs.readFileSync(path.join(DIST, file), "utf8");
    assert.doesNotMatch(source, /\bnew Function\s*\(|[^.\w]eval\s*\(/, `${file} evaluates strings`);
  }
});

/** Waits for the start-up panel and returns its text. */
async function startupFailure(page) {
  const panel = page.locator("#fatal");
  await panel.waitFor({ state: "visible" });
  const text = await panel.innerText();
  assert.match(text, /The lab could not start/);
  assert.match(text, /Reload the page/);
  assert.equal(await page.getByTestId("app-ready").count(), 0);
  return text;
}

test("a web page where the .wasm should be is named as such, with what to ask", async () => {
  const { wasm } = appFiles();
  await withLab({ hide: [wasm], spaFallback: true }, async (page) => {
    const text = await startupFailure(page);
    assert.match(text, /The web server sent a web page where the app's program file/);
    assert.ok(text.includes(wasm), "the file is named");
    assert.match(text, /upload every file from the dist folder/);
    assert.match(text, /serve \.wasm files as application\/wasm/);
    assert.match(text, /text\/html/);
  });
});

test("a missing .wasm is reported as missing", async () => {
  const { wasm } = appFiles();
  await withLab({ hide: [wasm] }, async (page) => {
    const text = await startupFailure(page);
    assert.match(text, /has no copy of the app's program file/);
    assert.match(text, /404 Not Found/);
    assert.ok(text.includes(wasm), "the file is named");
  });
});

test("a missing app script is reported as missing", async () => {
  const { glue } = appFiles();
  await withLab({ hide: [glue] }, async (page) => {
    const text = await startupFailure(page);
    assert.match(text, /has no copy of the app's start-up script/);
    assert.ok(text.includes(glue), "the file is named");
  });
});

test("a missing script the app can do without leaves no false alarm", async () => {
  const bridge = fs.readdirSync(DIST).find((f) => /^bridge-.*\.js$/.test(f));
  await withLab({ hide: [bridge] }, async (page) => {
    await page.getByTestId("app-ready").waitFor({ timeout: 60_000 });
    assert.ok(await page.locator("#fatal").isHidden(), "the lab started: no start-up panel");
    assert.equal(
      await page.locator("#fatal-title").innerText(),
      "ServiceLab hit an internal error",
      "the panel has its own words back, for the app's panic hook",
    );
  });
});

test("a connection that drops while the .wasm downloads is told as such", async () => {
  const { wasm } = appFiles();
  const server = await startServer(DIST, BASE_PATH);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.route(`**/${wasm}`, (route) => route.abort("internetdisconnected"));
    await page.goto(`${server.origin}${BASE_PATH}`);
    const text = await startupFailure(page);
    assert.match(text, /could not be downloaded: the connection to the web server failed/);
  } finally {
    await context.close();
    await server.close();
  }
});

test("a policy without 'wasm-unsafe-eval' is explained to the admin", async () => {
  const noWasm = STRICT_CSP.replace(" 'wasm-unsafe-eval'", "");
  await withLab(csp(noWasm), async (page) => {
    const text = await startupFailure(page);
    assert.match(text, /security policy .* forbids running WebAssembly/);
    assert.match(text, /add 'wasm-unsafe-eval' to script-src/);
  });
});

test("a browser without WebAssembly is told so", async () => {
  const server = await startServer(DIST, BASE_PATH);
  const context = await browser.newContext();
  try {
    await context.addInitScript(() => {
      delete window.WebAssembly;
    });
    const page = await context.newPage();
    await page.goto(`${server.origin}${BASE_PATH}`);
    const text = await startupFailure(page);
    assert.match(text, /WebAssembly is missing or switched off/);
    assert.match(text, /current Firefox, Chrome, Edge or Safari/);
  } finally {
    await context.close();
    await server.close();
  }
});

test("a web page where sql.js's .wasm should be is told inside the app's notice", async () => {
  await withLab({ hide: ["sql-wasm.wasm"], spaFallback: true }, async (page) => {
    const notice = page.getByRole("alert").filter({ hasText: "could not start" });
    await notice.waitFor();
    const text = await notice.innerText();
    assert.match(text, /sent a web page where the lab's database engine \(sql-wasm\.wasm\)/);
    assert.ok(await page.locator("#fatal").isHidden(), "the app handled it: no crash panel");
  });
});
