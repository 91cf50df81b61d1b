// The page side of the in-page benchmarks (tests/bench/sqljs.mjs drives it).
//
// It loads the bench module (crates/sqljs/benches/browser, built by
// scripts/bench-browser) and sql.js the way the app does, then offers the
// driver a few calls on window.servicelabBench. Each long call hands the
// page back to the browser between batches, so the page never looks hung.
//
// sql.js keeps its WebAssembly.Memory to itself; the only way to see how far
// SQLite's heap has grown is to catch the instance sql.js creates, so the
// WebAssembly instantiate functions are wrapped while sql.js starts.

import init, { MemoryRun, Pair } from "./sim/servicelab_bench.js";

/** Lets the browser run its own tasks; resumes in a fresh task. */
const yieldToPage = () => new Promise((resolve) => setTimeout(resolve, 0));

let exports = null;
let sql = null;
let sqlMemory = null;
let run = null;
let sent = 0;

async function start() {
  exports = await init({ module_or_path: "./sim/servicelab_bench_bg.wasm" });

  const caught = [];
  const { instantiate, instantiateStreaming } = WebAssembly;
  const note = (result) => {
    const instance = result instanceof WebAssembly.Instance ? result : result.instance;
    for (const value of Object.values(instance.exports)) {
      if (value instanceof WebAssembly.Memory) caught.push(value);
    }
    return result;
  };
  WebAssembly.instantiate = (...args) => instantiate.apply(WebAssembly, args).then(note);
  WebAssembly.instantiateStreaming = (...args) =>
    instantiateStreaming.apply(WebAssembly, args).then(note);
  try {
    sql = await window.initSqlJs({ locateFile: (file) => file });
  } finally {
    Object.assign(WebAssembly, { instantiate, instantiateStreaming });
  }
  sqlMemory = caught.length === 1 ? caught[0] : null;
  document.getElementById("status").textContent = "Ready.";
}

/**
 * Times `request` in `rounds` rounds of one simulated and one raw batch of
 * `batch` requests each, after one untimed batch per side. Microseconds per
 * request, one figure per batch.
 */
async function speed(request, rounds, batch) {
  const pair = new Pair(sql, request);
  try {
    pair.simulated(batch);
    pair.raw(batch);
    await yieldToPage();

    const simulated = [];
    const raw = [];
    for (let round = 0; round < rounds; round++) {
      // Which side goes first alternates, so neither always runs second.
      if (round % 2 === 0) {
        simulated.push(pair.simulated(batch));
        raw.push(pair.raw(batch));
      } else {
        raw.push(pair.raw(batch));
        simulated.push(pair.simulated(batch));
      }
      await yieldToPage();
    }
    return { request, batch, rounds, simulated_us: simulated, raw_us: raw };
  } finally {
    pair.close();
    pair.free();
  }
}

/** Starts a fresh lab for the memory mix called `mix`. */
function memoryStart(mix) {
  run?.free();
  run = new MemoryRun(sql, mix);
  sent = 0;
}

/** Sends requests until `total` have been sent, `slice` at a time. */
async function memoryAdvance(total, slice = 500) {
  while (sent < total) {
    const count = Math.min(slice, total - sent);
    run.send(count);
    sent += count;
    await yieldToPage();
  }
}

/** The run's report, with what only the page can read added. */
function memoryReport() {
  const report = JSON.parse(run.report());
  report.perf_js_heap_used = performance.memory ? performance.memory.usedJSHeapSize : null;
  report.sqljs_wasm_bytes = sqlMemory ? sqlMemory.buffer.byteLength : null;
  report.sqlite_memory_used = Number(sql._sqlite3_memory_used());
  report.externref = externrefSlots();
  return report;
}

/**
 * The size of wasm-bindgen's table of JavaScript values held by Rust, and
 * how many of its slots hold `undefined`. A freed slot holds null; with
 * wasm-bindgen 0.2.130 a JavaScript exception caught through a `catch`
 * import leaves a slot holding undefined that is never freed.
 */
function externrefSlots() {
  const table = exports.__wbindgen_externrefs;
  if (!table) return null;
  let undefinedSlots = 0;
  for (let i = 0; i < table.length; i++) {
    if (table.get(i) === undefined) undefinedSlots++;
  }
  return { slots: table.length, undefined: undefinedSlots };
}

window.servicelabBench = { ready: start(), speed, memoryStart, memoryAdvance, memoryReport };
