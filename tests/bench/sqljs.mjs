// The simulator on sql.js in headless Chromium: requests per second beside
// the raw SQL they run, and memory after many requests.
//
// scripts/bench-browser builds the bench module (crates/sqljs/benches/browser)
// and assembles its page in target/bench-browser/page/; this file serves that
// folder and drives the page through window.servicelabBench
// (tests/bench/page/bench-page.js). Each measurement gets a fresh browser
// context, so a fresh renderer process: memory one run freed never counts
// against the next.

import path from "node:path";

import { heapAfterGc, ROOT } from "./chromium.mjs";
import { startServer } from "../e2e/server.mjs";

const PAGE = path.join(ROOT, "target/bench-browser/page");
const BASE_PATH = "/bench/";

/** The same three requests as the native half, by the bench module's names. */
export const REQUESTS = ["catalog_list", "catalog_create", "orders_create"];
export const MIXES = ["mixed", "read"];

export const FULL = { rounds: 15, batch: 400, checkpoints: [1_000, 100_000] };
export const QUICK = { rounds: 2, batch: 10, checkpoints: [20, 50] };

/** Runs every request and both mixes; resolves to their results. */
export async function benchSqljs(browser, counts) {
  // Cross-origin isolation gives performance.now() 5 µs steps instead of
  // 100 µs; nothing else on the page depends on it.
  const server = await startServer(PAGE, BASE_PATH, {
    headers: {
      "Cross-Origin-Opener-Policy": "same-origin",
      "Cross-Origin-Embedder-Policy": "require-corp",
    },
  });
  try {
    const speed = [];
    for (const request of REQUESTS) {
      speed.push(await inPage(browser, server, (page) => measureSpeed(page, request, counts)));
    }
    const memory = [];
    for (const mix of MIXES) {
      memory.push(await inPage(browser, server, (page) => measureMemory(page, mix, counts)));
    }
    return { speed, memory };
  } finally {
    await server.close();
  }
}

/** Opens the bench page in a fresh context, runs `work`, closes it. */
async function inPage(browser, server, work) {
  const context = await browser.newContext();
  const problems = [];
  try {
    const page = await context.newPage();
    page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
    page.on("response", (res) => {
      if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.url()}`);
    });
    await page.goto(`${server.origin}${BASE_PATH}`);
    const result = await page
      .evaluate(() => window.servicelabBench.ready)
      .then(() => work(page));
    if (problems.length > 0) throw new Error(problems.join("; "));
    return result;
  } catch (err) {
    // What the page reported first usually explains what failed after it.
    throw problems.length > 0 ? new Error(`${problems.join("; ")}; then ${err.message}`) : err;
  } finally {
    await context.close();
  }
}

async function measureSpeed(page, request, { rounds, batch }) {
  const result = await page.evaluate(
    ([request, rounds, batch]) => window.servicelabBench.speed(request, rounds, batch),
    [request, rounds, batch],
  );
  const complete = result.simulated_us.length === rounds && result.raw_us.length === rounds;
  const finite = [...result.simulated_us, ...result.raw_us].every((us) => us > 0);
  if (!complete || !finite) throw new Error(`${request}: incomplete timings`);
  return result;
}

async function measureMemory(page, mix, { checkpoints }) {
  await page.evaluate((mix) => window.servicelabBench.memoryStart(mix), mix);
  const reports = [await report(page)];
  for (const checkpoint of checkpoints) {
    await page.evaluate((n) => window.servicelabBench.memoryAdvance(n), checkpoint);
    reports.push(await report(page));
  }
  return { mix, reports };
}

/** The page's report, with the JavaScript heap measured after a full GC. */
async function report(page) {
  const heap = await heapAfterGc(page);
  const figures = await page.evaluate(() => window.servicelabBench.memoryReport());
  return { ...figures, js_heap_used: heap.used, js_heap_total: heap.total };
}
