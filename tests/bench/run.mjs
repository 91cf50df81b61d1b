// Runs the browser half of ServiceLab's benchmarks and writes the results.
//
//   node tests/bench/run.mjs [--quick] --out DIR
//
// scripts/bench-browser builds what this needs first and is the usual way in.
// Every part runs even when an earlier one failed; the results (results.json
// and browser.md in DIR) say which failed and why. A full run also writes
// the table into docs/benchmarks.md, between the browser results markers.
// The exit code is 1 if any part failed: slow figures never fail a run.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";

import * as app from "./app.mjs";
import { launch, loadAverage, ROOT, timed } from "./chromium.mjs";
import { writeReport } from "./report.mjs";
import * as sqljs from "./sqljs.mjs";

const quick = process.argv.includes("--quick");
const outIndex = process.argv.indexOf("--out");
const out = path.resolve(outIndex > 0 ? process.argv[outIndex + 1] : "target/bench-browser/out");
fs.mkdirSync(out, { recursive: true });

const started = Date.now();
const results = { mode: quick ? "quick" : "full", machine: machine(), parts: {} };
const browser = await launch();
results.machine.chromium = browser.version();

try {
  results.parts.app = await part("app", () =>
    app.benchApp(browser, quick ? app.QUICK : app.FULL),
  );
  results.parts.sqljs = await part("sqljs", () =>
    sqljs.benchSqljs(browser, quick ? sqljs.QUICK : sqljs.FULL),
  );
} finally {
  await browser.close();
}

results.seconds = (Date.now() - started) / 1000;
results.machine.loadAtEnd = loadAverage();
fs.writeFileSync(path.join(out, "results.json"), JSON.stringify(results, null, 2));
writeReport(results, out, { updateDoc: !quick });

const failed = Object.entries(results.parts).filter(([, p]) => p.error);
for (const [name, p] of failed) console.error(`bench-browser: ${name} failed: ${p.error}`);
const took = results.seconds.toFixed(0);
console.log(`bench-browser: ${results.mode} run in ${took} s, results in ${out}`);
process.exit(failed.length > 0 ? 1 : 0);

/** Runs one part, timed, turning a failure into a note instead of a crash. */
async function part(name, work) {
  console.log(`bench-browser: ${name} (load average ${loadAverage()})`);
  try {
    return await timed(work);
  } catch (err) {
    return { error: String(err?.message ?? err).split("\n")[0] };
  }
}

function machine() {
  const git = (...args) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();
  const changed = git("status", "--porcelain").split("\n").filter(Boolean).length;
  const sqlJs = JSON.parse(
    fs.readFileSync(path.join(ROOT, "node_modules/sql.js/package.json"), "utf8"),
  );
  return {
    date: new Date().toISOString().replace("T", " ").slice(0, 16) + " UTC",
    cores: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? "unknown",
    ramGiB: os.totalmem() / 2 ** 30,
    loadAtStart: loadAverage(),
    commit: git("rev-parse", "--short", "HEAD"),
    changedFiles: changed,
    sqlJs: sqlJs.version,
  };
}
