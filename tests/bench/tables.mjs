// The detailed tables of the browser benchmarks' report, one per measurement,
// and the targets they are read against.

import { summary } from "./chromium.mjs";
import { header, kb, mib, ms, perSecond, row, signed, thousands, us } from "./format.mjs";

/**
 * The targets, as the issue states them. "1.5 MB" is read as 1,500,000
 * bytes. A page froze if one task held its main thread longer than 200 ms,
 * the bound under which an interaction still counts as responsive (the
 * "good" bound of Interaction to Next Paint).
 */
export const TARGETS = {
  loadMs: 1000,
  pageBytes: 1_500_000,
  overhead: 1.5,
  flatBytes: 2 ** 20,
  freezeMs: 200,
};

/** Simulated median over raw median. */
export function overhead(speed) {
  return summary(speed.simulated_us).median / summary(speed.raw_us).median;
}

/** How memory grew between the last two reports (the two checkpoints). */
export function growth(reports) {
  const a = reports[reports.length - 2];
  const b = reports[reports.length - 1];
  const delta = (key) => (b[key] ?? 0) - (a[key] ?? 0);
  const heap = delta("js_heap_used");
  const sim = delta("sim_wasm_bytes");
  const sqljs = delta("sqljs_wasm_bytes");
  const pages = delta("db_bytes") + delta("temp_bytes");
  const total = heap + sim + sqljs;
  const sqlite = delta("sqlite_memory_used");
  const slots = [a.externref, b.externref];
  return { from: a.requests, to: b.requests, heap, sim, sqljs, sqlite, pages, total, slots };
}

export function loadTable(app) {
  const rows = [
    "Milliseconds from the start of navigation. The app has started when its " +
      "WebAssembly is instantiated and its `main` has run (the page's " +
      "`TrunkApplicationStarted` event); sql.js is ready when `initSqlJs` resolves. " +
      "After that the lab opens its database, migrates and seeds both services, and " +
      "draws. The first usable screen is the frame after `[data-testid=app-ready]` " +
      "is in the page with a size; the wall clock is Playwright's, from `goto` to " +
      "that element being visible.",
    "",
    ...header([
      "load",
      "HTML received",
      "DOMContentLoaded",
      "app .wasm received",
      "sql-wasm.wasm received",
      "app started",
      "sql.js ready",
      "first usable screen",
      "wall clock",
    ]),
  ];
  app.loads.forEach((l, i) => {
    rows.push(
      row([
        i + 1,
        ms(l.htmlReceived),
        ms(l.domContentLoaded),
        ms(l.appWasmReceived),
        ms(l.sqlWasmReceived),
        ms(l.appStarted),
        ms(l.sqlReady),
        `**${ms(l.readyFrame)}**`,
        ms(l.wallClock),
      ]),
    );
  });
  const last = app.loads[app.loads.length - 1].memory;
  rows.push(
    "",
    "After the last load, and a full garbage collection: JavaScript heap " +
      `${mib(last.jsHeapUsed)}, the app's WebAssembly memory ${mib(last.appWasm)}, ` +
      `sql.js's ${mib(last.sqljsWasm)}.`,
  );
  return rows;
}

export function transferTable(app) {
  const { files, page, all } = app.transfer;
  const rows = [
    "Bytes on the wire are the body and headers as Chromium received them (the test " +
      "server compresses nothing). gzip is level 9 and brotli quality 11, each file " +
      "compressed alone, as a server that compresses ahead of time would send it. " +
      "KB and MB are 1,000 and 1,000,000 bytes.",
    "",
    ...header(["file", "status", "on the wire", "uncompressed", "gzip", "brotli"]),
  ];
  const sorted = [...files].sort((a, b) => (b.raw ?? 0) - (a.raw ?? 0));
  for (const f of sorted) {
    const name = `\`${f.file}\`${f.serviceWorker ? " (service worker)" : ""}`;
    rows.push(row([name, f.status, kb(f.wire), kb(f.raw), kb(f.gzip), kb(f.brotli)]));
  }
  const total = (label, t) => {
    const sizes = [t.wire, t.raw, t.gzip, t.brotli].map((x) => `**${kb(x)}**`);
    return row([`**${label}** (${t.count} fetches)`, "", ...sizes]);
  };
  rows.push(total("the page", page));
  if (all.count > page.count) {
    rows.push(
      total("with the service worker's", all),
      "",
      "Rows marked (service worker) are the offline copy the service worker makes as " +
        "soon as the page has started. The test server forbids caching " +
        "(`Cache-Control: no-store`), so here every file is downloaded a second time; " +
        "on a host that lets the browser cache them, the files whose names carry a " +
        "hash would come from the HTTP cache instead.",
    );
  }
  return rows;
}

export function speedTable(sqljs) {
  const rows = [
    "Per request, the median of the rounds' batches, with the lowest and highest batch " +
      "in brackets. Requests per second are 1 s over the median, on one core.",
    "",
    ...header([
      "request",
      "simulated, per request",
      "raw SQL from JavaScript, per request",
      "overhead (simulated / raw)",
      "simulated req/s",
      "raw req/s",
      `against the ${TARGETS.overhead}× target`,
    ]),
  ];
  for (const s of sqljs.speed) {
    const sim = summary(s.simulated_us);
    const raw = summary(s.raw_us);
    const ratio = sim.median / raw.median;
    const against =
      ratio <= TARGETS.overhead
        ? `meets it (${ratio.toFixed(2)}×)`
        : `**poor**: ${ratio.toFixed(1)}×, ` +
          `${(ratio / TARGETS.overhead).toFixed(1)} times the target`;
    const spread = (x) => `${us(x.median)} (${us(x.min)} to ${us(x.max)})`;
    rows.push(
      row([
        `\`${s.request}\``,
        spread(sim),
        spread(raw),
        `${ratio.toFixed(2)}×`,
        perSecond(sim.median),
        perSecond(raw.median),
        against,
      ]),
    );
  }
  const { rounds, batch } = sqljs.speed[0];
  rows.push("", `${rounds} rounds of ${batch} requests a side, after one untimed batch each.`);
  return rows;
}

export function memoryTable(sqljs) {
  const rows = [
    "Each mix in a fresh page. The JavaScript heap is V8's count after a full garbage " +
      "collection. A WebAssembly memory only grows, so its size is the most it has " +
      "needed. SQLite allocated is `sqlite3_memory_used()`, inside sql.js's memory. " +
      "Database pages are `page_count * page_size`. Requests per second are for the " +
      "stretch since the row before, the reports left out.",
    "",
    ...header([
      "mix",
      "requests",
      "JS heap",
      "simulator's wasm memory",
      "sql.js's wasm memory",
      "SQLite allocated",
      "database pages (main)",
      "temp schema",
      "products",
      "orders",
      "2xx / 3xx / 4xx / 5xx",
      "req/s",
    ]),
  ];
  for (const { mix, reports } of sqljs.memory) {
    reports.forEach((r, i) => rows.push(memoryRow(mix, r, reports[i - 1])));
  }
  rows.push("");
  for (const { mix, reports } of sqljs.memory) {
    const g = growth(reports);
    const beyond = g.total - g.pages;
    const flat = beyond <= TARGETS.flatBytes ? "flat" : "**not flat**";
    rows.push(
      `- \`${mix}\`, from ${thousands(g.from)} to ${thousands(g.to)} requests: JS heap ` +
        `${signed(g.heap)}, the simulator's memory ${signed(g.sim)}, sql.js's memory ` +
        `${signed(g.sqljs)} (SQLite allocated ${signed(g.sqlite)}), database pages ` +
        `${signed(g.pages)}: ${signed(beyond)} beyond the pages, ${flat} (flat means ` +
        `at most ${mib(TARGETS.flatBytes)}).${slots(g.slots)}`,
    );
  }
  return rows;
}

/** How wasm-bindgen's table of JavaScript values grew, if the page read it. */
function slots([a, b]) {
  if (!a || !b) return "";
  return (
    ` wasm-bindgen's table of JavaScript values held by Rust went from ` +
    `${thousands(a.slots)} to ${thousands(b.slots)} slots; slots stuck at ` +
    `\`undefined\` went from ${thousands(a.undefined)} to ${thousands(b.undefined)}.`
  );
}

function memoryRow(mix, r, previous) {
  const rate = previous
    ? perSecond(((r.busy_ms - previous.busy_ms) * 1000) / (r.requests - previous.requests))
    : "";
  const statuses = [r.status_2xx, r.status_3xx, r.status_4xx, r.status_5xx].map(thousands);
  return row([
    mix,
    thousands(r.requests),
    mib(r.js_heap_used),
    mib(r.sim_wasm_bytes),
    mib(r.sqljs_wasm_bytes),
    mib(r.sqlite_memory_used),
    mib(r.db_bytes),
    mib(r.temp_bytes),
    thousands(r.products),
    thousands(r.orders),
    statuses.join(" / "),
    rate,
  ]);
}

export function consoleTable(app) {
  const c = app.console;
  const page = c.longestTask <= TARGETS.freezeMs ? "not frozen" : "**frozen**";
  const before = c.memoryBefore;
  const after = c.memoryAfter;
  return [
    `${thousands(c.rows)} rows from a recursive query, typed into the SQL console of ` +
      "the release build and run with a click. Times are from the click event to the " +
      "result grid's rows being in the page, and to the frame after; long tasks are " +
      "main-thread tasks over 50 ms that ended after the click.",
    "",
    ...header([
      "rows returned",
      "rows drawn",
      "rows not shown",
      "click to rows in the page",
      "click to the next frame",
      "longest task",
      "long tasks",
      "the page",
    ]),
    row([
      thousands(c.returned),
      c.drawn,
      thousands(c.notShown),
      ms(c.clickToDom),
      ms(c.clickToFrame),
      ms(c.longestTask),
      c.longTasks,
      page,
    ]),
    "",
    "Memory before and after the query, each after a full garbage collection: " +
      `JavaScript heap ${mib(before.jsHeapUsed)} then ${mib(after.jsHeapUsed)}, the ` +
      `app's WebAssembly memory ${mib(before.appWasm)} then ${mib(after.appWasm)}, ` +
      `sql.js's ${mib(before.sqljsWasm)} then ${mib(after.sqljsWasm)}.` +
      (c.error ? ` The console said: ${c.error}` : ""),
  ];
}
