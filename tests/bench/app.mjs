// The release build in headless Chromium, as a learner meets it: how long a
// cold load takes to the first usable screen, what the page fetches (and
// what it would weigh compressed), and how a 10,000-row query result is
// shown in the SQL console.
//
// dist/ is served from a sub-path on 127.0.0.1 by the end-to-end tests' own
// server, which sends files uncompressed and forbids caching. Every load
// uses a fresh browser context: an empty HTTP cache, no service worker yet,
// a fresh renderer process. Loopback has no real network delay, so the
// load time is what the browser spends fetching, compiling and starting the
// app, not what a classroom network would add.

import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

import { heapAfterGc, ROOT, summary } from "./chromium.mjs";
import { startServer } from "../e2e/server.mjs";

const DIST = path.join(ROOT, "dist");
const BASE_PATH = "/course/lab/";

/** The query of the console benchmark, for a result of `rows` rows. */
export function consoleQuery(rows) {
  return (
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < ${rows}) ` +
    "SELECT i, 'row ' || i AS label, i * 0.5 AS half FROM n"
  );
}

export const FULL = { loads: 7, rows: 10_000 };
export const QUICK = { loads: 1, rows: 1_000 };

/**
 * Runs in every page before its own scripts. It notes when the first usable
 * screen is in the DOM with a size and when the frame after it begins, and
 * keeps every WebAssembly memory created (the app's and sql.js's), so their
 * sizes can be read later.
 */
function instrument() {
  const marks = {};
  const memories = [];
  window.__bench = { marks, memories };

  const ready = () => {
    const element = document.querySelector('[data-testid="app-ready"]');
    if (!element || marks.readyInDom) return;
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return;
    marks.readyInDom = performance.now();
    requestAnimationFrame(() => {
      marks.readyFrame = performance.now();
    });
    observer.disconnect();
  };
  const observer = new MutationObserver(ready);
  observer.observe(document, { childList: true, subtree: true, attributes: true });
  addEventListener("TrunkApplicationStarted", () => {
    marks.appStarted = performance.now();
  });

  // sql-wasm.js defines the global initSqlJs; noting when the module it
  // promises is ready splits the start-up in two.
  let initSqlJs;
  Object.defineProperty(window, "initSqlJs", {
    configurable: true,
    get: () => initSqlJs,
    set: (start) => {
      initSqlJs = (...args) => {
        const started = start(...args);
        started.then(() => {
          marks.sqlReady ??= performance.now();
        });
        return started;
      };
    },
  });

  const note = (result) => {
    const instance = result instanceof WebAssembly.Instance ? result : result.instance;
    const names = Object.keys(instance.exports);
    const owner = names.includes("__wbindgen_malloc") ? "app" : "sqljs";
    for (const value of Object.values(instance.exports)) {
      if (value instanceof WebAssembly.Memory) memories.push({ owner, memory: value });
    }
    return result;
  };
  const { instantiate, instantiateStreaming } = WebAssembly;
  WebAssembly.instantiate = (...args) => instantiate.apply(WebAssembly, args).then(note);
  WebAssembly.instantiateStreaming = (...args) =>
    instantiateStreaming.apply(WebAssembly, args).then(note);
}

/** Loads, transfer and the console result, in that order. */
export async function benchApp(browser, counts) {
  if (!fs.existsSync(path.join(DIST, "index.html"))) {
    throw new Error("dist/ has no index.html: run trunk build --release first");
  }
  const server = await startServer(DIST, BASE_PATH);
  try {
    const loads = [];
    for (let run = 0; run < counts.loads; run++) {
      loads.push(await coldLoad(browser, server));
    }
    const consoleResult = await showRows(browser, server, counts.rows);
    return {
      loads,
      load: summary(loads.map((l) => l.readyFrame)),
      transfer: transfer(loads[loads.length - 1].fetched),
      console: consoleResult,
      wasm: appWasm(),
    };
  } finally {
    await server.close();
  }
}

/** A fresh context and page, with every problem noted. */
async function freshPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(instrument);
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
  });
  context.on("response", (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.url()}`);
  });
  return { context, page, problems };
}

/** One cold load to the first usable screen, and what it fetched. */
async function coldLoad(browser, server) {
  const { context, page, problems } = await freshPage(browser);
  const fetched = [];
  context.on("requestfinished", async (request) => {
    const sizes = await request.sizes().catch(() => null);
    const response = await request.response().catch(() => null);
    fetched.push({
      url: request.url(),
      status: response ? response.status() : null,
      fromServiceWorker: response ? response.fromServiceWorker() : false,
      byServiceWorker: Boolean(request.serviceWorker()),
      body: sizes ? sizes.responseBodySize : null,
      headers: sizes ? sizes.responseHeadersSize : null,
    });
  });
  try {
    const started = Date.now();
    await page.goto(`${server.origin}${BASE_PATH}`, { waitUntil: "commit" });
    await page.getByTestId("app-ready").waitFor({ state: "visible", timeout: 60_000 });
    const wallClock = Date.now() - started;
    await page.waitForFunction(() => window.__bench.marks.readyFrame !== undefined);
    const marks = await page.evaluate(pageTimings);

    // Whatever starts after the first screen (a service worker caching the
    // build, say) is part of a first visit's bytes too.
    await page.waitForLoadState("networkidle");
    const memory = await memorySizes(page);
    if (problems.length > 0) throw new Error(problems.join("; "));
    return { ...marks, wallClock, fetched, memory };
  } finally {
    await context.close();
  }
}

/** In the page: navigation and resource milestones, in ms from navigation. */
function pageTimings() {
  const { marks } = window.__bench;
  const navigation = performance.getEntriesByType("navigation")[0];
  const finished = (pattern) => {
    const entry = performance
      .getEntriesByType("resource")
      .find((e) => pattern.test(new URL(e.name).pathname));
    return entry ? entry.responseEnd : null;
  };
  return {
    htmlReceived: navigation.responseEnd,
    domContentLoaded: navigation.domContentLoadedEventEnd,
    appWasmReceived: finished(/servicelab-[^/]*_bg\.wasm$/),
    sqlWasmReceived: finished(/sql-wasm\.wasm$/),
    appStarted: marks.appStarted ?? null,
    sqlReady: marks.sqlReady ?? null,
    readyInDom: marks.readyInDom,
    readyFrame: marks.readyFrame,
  };
}

/** The JavaScript heap after a full GC, and each WebAssembly memory's size. */
async function memorySizes(page) {
  const heap = await heapAfterGc(page);
  const wasm = await page.evaluate(() => {
    const sizes = {};
    for (const { owner, memory } of window.__bench.memories) {
      sizes[owner] = (sizes[owner] || 0) + memory.buffer.byteLength;
    }
    return sizes;
  });
  return { jsHeapUsed: heap.used, appWasm: wasm.app ?? null, sqljsWasm: wasm.sqljs ?? null };
}

/**
 * Per fetched file: bytes on the wire (body and headers) and what the body
 * would be compressed, gzip at level 9 and brotli at quality 11, the best a
 * server that compresses ahead of time can send.
 */
function transfer(fetched) {
  const files = fetched.map((entry) => {
    const pathname = new URL(entry.url).pathname;
    const relative = decodeURIComponent(pathname.slice(BASE_PATH.length)) || "index.html";
    const file = path.join(DIST, relative);
    const bytes = fs.existsSync(file) ? fs.readFileSync(file) : null;
    return {
      file: relative,
      status: entry.status,
      serviceWorker: entry.byServiceWorker || entry.fromServiceWorker,
      body: entry.body,
      wire: entry.body + entry.headers,
      raw: bytes ? bytes.length : null,
      gzip: bytes ? gzip(bytes) : null,
      brotli: bytes ? brotli(bytes) : null,
    };
  });
  const sum = (key, list) => list.reduce((total, f) => total + (f[key] ?? 0), 0);
  const page = files.filter((f) => !f.serviceWorker);
  const totals = (list) => ({
    count: list.length,
    wire: sum("wire", list),
    raw: sum("raw", list),
    gzip: sum("gzip", list),
    brotli: sum("brotli", list),
  });
  return { files, page: totals(page), all: totals(files) };
}

function gzip(bytes) {
  return zlib.gzipSync(bytes, { level: 9 }).length;
}

function brotli(bytes) {
  const params = {
    [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
    [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
  };
  return zlib.brotliCompressSync(bytes, { params }).length;
}

/** The app's own .wasm in dist/, raw and compressed. */
function appWasm() {
  const name = fs.readdirSync(DIST).find((f) => /^servicelab-.*_bg\.wasm$/.test(f));
  const bytes = fs.readFileSync(path.join(DIST, name));
  return { file: name, raw: bytes.length, gzip: gzip(bytes), brotli: brotli(bytes) };
}

/**
 * Types the query into the SQL console, clicks Run, and measures from the
 * click to the frame after the result grid has rows, with every long task
 * (over 50 ms) the page ran meanwhile.
 */
async function showRows(browser, server, rows) {
  const { context, page, problems } = await freshPage(browser);
  try {
    await page.goto(`${server.origin}${BASE_PATH}`);
    await page.getByTestId("app-ready").waitFor({ state: "visible", timeout: 60_000 });
    await page.getByTestId("console-input").fill(consoleQuery(rows));
    const before = await memorySizes(page);
    const run = Number(await page.getByTestId("console-result").getAttribute("data-run"));
    await page.evaluate(watchConsole, run + 1);

    await page.getByTestId("console-run").click();
    const timings = await page.evaluate(() => window.__console.shown);
    const grid = await page.evaluate(readGrid);
    const after = await memorySizes(page);
    if (problems.length > 0) throw new Error(problems.join("; "));
    return { rows, ...timings, ...grid, memoryBefore: before, memoryAfter: after };
  } finally {
    await context.close();
  }
}

/** In the page: starts watching for the click, the grid and long tasks. */
function watchConsole(expectedRun) {
  const state = { click: null, longTasks: [] };
  window.__console = state;
  new PerformanceObserver((list) => {
    for (const task of list.getEntries()) {
      state.longTasks.push({ start: task.startTime, duration: task.duration });
    }
  }).observe({ type: "longtask" });
  addEventListener(
    "click",
    (event) => {
      if (event.target.closest('[data-testid="console-run"]')) state.click = event.timeStamp;
    },
    true,
  );

  state.shown = new Promise((resolve) => {
    const check = () => {
      const panel = document.querySelector('[data-testid="console-result"]');
      if (panel?.dataset.run !== String(expectedRun)) return;
      if (!panel.querySelector("tbody tr") && !panel.querySelector(".error")) return;
      observer.disconnect();
      const inDom = performance.now();
      requestAnimationFrame(() => {
        const frame = performance.now();
        // Long-task entries arrive after their task ends; give them a moment.
        setTimeout(() => {
          const tasks = state.longTasks.filter((t) => t.start + t.duration >= state.click);
          resolve({
            clickToDom: inDom - state.click,
            clickToFrame: frame - state.click,
            longestTask: Math.max(0, ...tasks.map((t) => t.duration)),
            longTasks: tasks.length,
          });
        }, 200);
      });
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, { childList: true, subtree: true, attributes: true });
  });
}

/** In the page: what the console's grid shows. */
function readGrid() {
  const panel = document.querySelector('[data-testid="console-result"]');
  const text = panel.innerText;
  const number = (pattern) => {
    const match = text.match(pattern);
    return match ? Number(match[1].replace(/,/g, "")) : null;
  };
  return {
    error: panel.querySelector(".error")?.innerText ?? null,
    drawn: panel.querySelectorAll("tbody tr").length,
    returned: number(/([\d,]+) rows? returned/),
    notShown: number(/([\d,]+) more rows? not shown/) ?? 0,
  };
}
