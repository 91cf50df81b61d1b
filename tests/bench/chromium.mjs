// What every browser benchmark shares: how Chromium is started, where the
// repository is, the load average, and the arithmetic of a sample.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { launchBrowser } from "../e2e/chromium.mjs";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export { CHROMIUM } from "../e2e/chromium.mjs";

/**
 * The end-to-end tests' Chromium, plus precise `performance.memory` figures
 * (Chromium otherwise rounds them and updates them rarely).
 */
export function launch() {
  return launchBrowser(["--enable-precise-memory-info"]);
}

/** The 1, 5 and 15 minute load averages, as /proc/loadavg writes them. */
export function loadAverage() {
  return fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median, lowest and highest of a sample. */
export function summary(values) {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/**
 * A full garbage collection, then the JavaScript heap in use as V8 counts
 * it (CDP's Runtime.getHeapUsage), in bytes.
 */
export async function heapAfterGc(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send("HeapProfiler.collectGarbage");
    const { usedSize, totalSize } = await cdp.send("Runtime.getHeapUsage");
    return { used: usedSize, total: totalSize };
  } finally {
    await cdp.detach();
  }
}

/** Runs `work`, noting the load average before and after and the time taken. */
export async function timed(work) {
  const loadBefore = loadAverage();
  const started = Date.now();
  const result = await work();
  return {
    ...result,
    loadAverage: { before: loadBefore, after: loadAverage() },
    seconds: (Date.now() - started) / 1000,
  };
}
