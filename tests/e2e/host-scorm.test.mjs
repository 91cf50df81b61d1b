// End-to-end: the lab as a SCORM 1.2 package, as Moodle would run it.
//
// It pins `make scorm`: scripts/scorm-package.mjs writes a zip whose
// imsmanifest.xml sits at the root, validates against ADL's SCORM 1.2
// schemas (checked by xmllint, which must also reject broken manifests, or
// the check proves nothing), and lists exactly the files the zip holds. Run
// in a frame under a fake LMS that follows the SCORM 1.2 run-time API, the
// lab initializes, marks itself incomplete, reports "completed" and commits
// when the learner completes a lesson (through the lessons panel, as a
// learner would), and finishes when the page goes away; and it leaves a
// completed status alone when the learner comes back.
//
// Needs the schemas first: node scripts/scorm-schemas.mjs target/scorm12-xsd
// (make test does this). SCORM_SCHEMAS overrides that folder.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

import { unzipSync } from "fflate";

import { DIST, ROOT, launchBrowser, requireDist, tempDir } from "./host-support.mjs";
import { startServer } from "./server.mjs";

const SCHEMAS = path.resolve(ROOT, process.env.SCORM_SCHEMAS || "target/scorm12-xsd");

// A fake LMS: the SCORM 1.2 API object on the page that frames the lab.
// It keeps the standard's rules (no call before LMSInitialize or after
// LMSFinish, the lesson_status vocabulary, read-only and write-only
// elements, string results and error codes) and records every call.
const LMS_SCRIPT = `
const params = new URLSearchParams(location.search);
const data = {
  "cmi.core.student_id": "s-042",
  "cmi.core.student_name": "Lovelace, Ada",
  "cmi.core.lesson_status": params.get("status") || "not attempted",
  "cmi.core.session_time": "",
};
const READ_ONLY = ["cmi.core.student_id", "cmi.core.student_name"];
const WRITE_ONLY = ["cmi.core.session_time"];
const STATUSES = ["passed", "completed", "failed", "incomplete", "browsed", "not attempted"];
const TIMESPAN = /^\\d{2,4}:\\d{2}:\\d{2}(\\.\\d{1,2})?$/;
const valid = (element, value) =>
  element === "cmi.core.lesson_status" ? STATUSES.includes(value)
    : element === "cmi.core.session_time" ? TIMESPAN.test(value) : true;
const MESSAGES = { 0: "No error", 101: "General exception", 201: "Invalid argument error",
  301: "Not initialized", 401: "Not implemented error", 403: "Element is read only",
  404: "Element is write only", 405: "Incorrect Data Type" };

let state = "new";
let lastError = 0;
window.calls = [];

function record(name, args, result) {
  window.calls.push({ name, args: [...args], result });
  return result;
}
function fail(code, result) {
  lastError = code;
  return result;
}
function open() {
  if (state === "running") return true;
  lastError = 301;
  return false;
}

window.API = {
  LMSInitialize(arg) {
    const result = arg !== "" ? fail(201, "false")
      : state !== "new" ? fail(101, "false") : ((state = "running"), fail(0, "true"));
    return record("LMSInitialize", arguments, result);
  },
  LMSFinish(arg) {
    const result = arg !== "" ? fail(201, "false")
      : !open() ? "false" : ((state = "finished"), fail(0, "true"));
    return record("LMSFinish", arguments, result);
  },
  LMSGetValue(element) {
    let result = "";
    if (!open()) result = "";
    else if (WRITE_ONLY.includes(element)) result = fail(404, "");
    else if (!(element in data)) result = fail(401, "");
    else result = fail(0, data[element]);
    return record("LMSGetValue", arguments, result);
  },
  LMSSetValue(element, value) {
    let result;
    if (!open()) result = "false";
    else if (READ_ONLY.includes(element)) result = fail(403, "false");
    else if (!(element in data)) result = fail(401, "false");
    else if (!valid(element, value)) result = fail(405, "false");
    else { data[element] = String(value); result = fail(0, "true"); }
    return record("LMSSetValue", arguments, result);
  },
  LMSCommit(arg) {
    const result = arg !== "" ? fail(201, "false") : !open() ? "false" : fail(0, "true");
    return record("LMSCommit", arguments, result);
  },
  LMSGetLastError() { return String(lastError); },
  LMSGetErrorString(code) { return MESSAGES[code] || ""; },
  LMSGetDiagnostic(code) { return MESSAGES[code || lastError] || ""; },
};

const frame = document.createElement("iframe");
frame.id = "sco";
frame.src = "index.html";
frame.style.width = "100%";
frame.style.height = "1600px";
document.body.append(frame);
`;

const LMS_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>LMS</title></head>
<body><script src="lms.js"></script></body></html>`;

let browser;
let work;
let entries;
let server;

before(async () => {
  requireDist();
  if (!fs.existsSync(path.join(SCHEMAS, "all.xsd"))) {
    throw new Error(`No SCORM schemas in ${SCHEMAS}: node scripts/scorm-schemas.mjs ${SCHEMAS}`);
  }
  work = tempDir("scorm");
  const out = path.join(work.dir, "out");
  execFileSync("node", [path.join(ROOT, "scripts/scorm-package.mjs"), DIST, out, SCHEMAS]);
  entries = unzipSync(fs.readFileSync(path.join(out, "servicelab-scorm12.zip")));

  const site = path.join(work.dir, "site");
  for (const [name, bytes] of Object.entries(entries)) {
    fs.mkdirSync(path.dirname(path.join(site, name)), { recursive: true });
    fs.writeFileSync(path.join(site, name), bytes);
  }
  fs.writeFileSync(path.join(site, "lms.html"), LMS_PAGE);
  fs.writeFileSync(path.join(site, "lms.js"), LMS_SCRIPT);
  server = await startServer(site, "/mod/scorm/");
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  work?.remove();
});

const manifestText = () => new TextDecoder().decode(entries["imsmanifest.xml"]);

/** Runs xmllint against the four SCORM 1.2 schemas; returns its exit status and words. */
function validate(xml) {
  const file = path.join(work.dir, `manifest-${Math.random().toString(36).slice(2)}.xml`);
  fs.writeFileSync(file, xml);
  const run = spawnSync(
    "xmllint",
    ["--noout", "--nonet", "--schema", path.join(SCHEMAS, "all.xsd"), file],
    { encoding: "utf8" },
  );
  if (run.error) {
    throw new Error(`xmllint did not run (apt-get install libxml2-utils): ${run.error}`);
  }
  return { status: run.status, output: run.stderr };
}

test("imsmanifest.xml is at the zip's root and valid SCORM 1.2", () => {
  assert.ok(entries["imsmanifest.xml"], "the manifest is at the root");
  const { status, output } = validate(manifestText());
  assert.equal(status, 0, output);
  assert.match(output, /validates/);
});

test("the schema check rejects broken manifests", () => {
  const broken = {
    "an unknown scormtype": manifestText().replace('scormtype="sco"', 'scormtype="lesson"'),
    "a resource without a type": manifestText().replace('type="webcontent" ', ""),
    "an item outside an organization": manifestText().replace(
      /<organization identifier="servicelab-course">/,
      '<item identifier="stray"><title>x</title></item>$&',
    ),
  };
  for (const [what, xml] of Object.entries(broken)) {
    assert.notEqual(validate(xml).status, 0, `${what} must not validate`);
  }
});

test("the manifest describes one SCO that lists exactly the files it launches", () => {
  const xml = manifestText();
  assert.equal(xml.match(/<organization /g).length, 1);
  assert.equal(xml.match(/<item /g).length, 1);
  assert.equal(xml.match(/<resource /g).length, 1);
  assert.match(xml, /adlcp:scormtype="sco" href="index.html"/);

  const listed = [...xml.matchAll(/<file href="([^"]+)"\/>/g)].map((m) => m[1]).sort();
  const packed = Object.keys(entries)
    .filter((name) => name !== "imsmanifest.xml" && !name.endsWith(".xsd"))
    .sort();
  assert.deepEqual(listed, packed);
  assert.ok(listed.includes("scorm12.js"), "the adapter is part of the SCO");
  assert.ok(!listed.includes("sw.js"), "no service worker inside an LMS");
});

/** Opens the fake LMS with the packaged lab in its frame; waits for the app. */
async function openInLms(query = "") {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(`${server.origin}/mod/scorm/lms.html${query}`);
  const lab = page.frameLocator("#sco");
  await lab.getByTestId("app-ready").waitFor({ timeout: 60_000 });
  return { context, page, lab };
}

/** Completes the "frameworks" lesson the way a learner does, step by step. */
async function completeLesson(lab) {
  await lab.getByTestId("lesson-frameworks").click();
  for (const step of ["validation", "append-slash", "strict-slashes", "wrong-method"]) {
    await lab.getByTestId(`try-${step}`).click();
    await lab.getByTestId("send-button").click();
    await lab.locator(`[data-testid="step-${step}"][data-done="true"]`).waitFor();
  }
  await lab.getByTestId("lesson-complete").waitFor();
}

const calls = (page) => page.evaluate(() => window.calls);
const brief = (list) => list.map((c) => [c.name, ...c.args, c.result]);

test("the lab reports incomplete, then completed and committed, then finishes", async () => {
  const { context, page, lab } = await openInLms();
  try {
    assert.deepEqual(brief(await calls(page)), [
      ["LMSInitialize", "", "true"],
      ["LMSGetValue", "cmi.core.lesson_status", "not attempted"],
      ["LMSSetValue", "cmi.core.lesson_status", "incomplete", "true"],
      ["LMSCommit", "", "true"],
    ]);

    await completeLesson(lab);
    await page.waitForFunction(() => window.calls.some((c) => c.args[1] === "completed"));
    assert.deepEqual(brief((await calls(page)).slice(4)), [
      ["LMSSetValue", "cmi.core.lesson_status", "completed", "true"],
      ["LMSCommit", "", "true"],
    ]);

    // Leaving the lab (the LMS closes the frame) finishes the session.
    await page.evaluate(() => document.getElementById("sco").remove());
    const end = brief((await calls(page)).slice(6));
    assert.equal(end.length, 2);
    const [set, element, , result] = end[0];
    assert.deepEqual([set, element, result], ["LMSSetValue", "cmi.core.session_time", "true"]);
    assert.deepEqual(end[1], ["LMSFinish", "", "true"]);
  } finally {
    await context.close();
  }
});

test("a learner who completed the lab before is not set back to incomplete", async () => {
  const { context, page } = await openInLms("?status=completed");
  try {
    const names = brief(await calls(page));
    assert.deepEqual(names, [
      ["LMSInitialize", "", "true"],
      ["LMSGetValue", "cmi.core.lesson_status", "completed"],
    ]);
  } finally {
    await context.close();
  }
});
