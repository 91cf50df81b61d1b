// End-to-end: the lab embedded in another site's page, as an LMS shows it.
//
// It pins docs/embedding.md: with ?embed=1 the layout is compact and links
// to the full lab; a parent on another origin learns the lab's height the
// H5P resizer's way and Canvas's way, and receives the app's events as
// versioned messages; the lab talks only to its parent's origin, ignoring a
// frame of a third origin, and says nothing when it cannot know its parent.
//
// Three servers give three origins (127.0.0.1 on three ports): the lab
// (under the strict CSP of host.test.mjs), the LMS page, and a foreign frame.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";

import {
  BASE_PATH,
  DIST,
  STRICT_CSP,
  launchBrowser,
  requireDist,
  tempDir,
} from "./host-support.mjs";
import { startServer } from "./server.mjs";

// The LMS page: an iframe for the lab, one for a foreign origin, and a
// message handler that does what H5P's resizer and Canvas do.
const LMS_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Course page</title></head>
<body><h1>Week 3: shared databases</h1><script src="lms.js"></script></body></html>`;

const LMS_SCRIPT = `
const params = new URLSearchParams(location.search);
const labUrl = params.get("lab");
const lab = document.createElement("iframe");
lab.id = "lab";
lab.name = "lab";
lab.style.width = "100%";
lab.style.height = "300px";
if (params.get("policy")) lab.referrerPolicy = params.get("policy");
lab.src = labUrl;
document.body.append(lab);

const foreign = document.createElement("iframe");
foreign.id = "foreign";
foreign.src = params.get("foreign");
document.body.append(foreign);

window.received = [];
window.sendToLab = (message) => lab.contentWindow.postMessage(message, new URL(labUrl).origin);

window.addEventListener("message", (event) => {
  if (event.source !== lab.contentWindow) return;
  const data = event.data;
  window.received.push({ origin: event.origin, data });
  const reply = (action) => event.source.postMessage({ context: "h5p", action }, event.origin);

  if (data.context === "h5p" && data.action === "hello") reply("hello");
  if (data.context === "h5p" && data.action === "prepareResize") {
    if (lab.clientHeight !== data.scrollHeight || data.scrollHeight !== data.clientHeight) {
      lab.style.height = data.clientHeight + "px";
      reply("resizePrepared");
    }
  }
  if (data.context === "h5p" && data.action === "resize") {
    lab.style.height = data.scrollHeight + "px";
  }
  if (data.subject === "lti.frameResize") lab.dataset.canvasHeight = String(data.height);
});
`;

let browser;
let labServer;
let lmsServer;
let foreignServer;
let site;

before(async () => {
  requireDist();
  site = tempDir("lms");
  fs.writeFileSync(path.join(site.dir, "course.html"), LMS_PAGE);
  fs.writeFileSync(path.join(site.dir, "lms.js"), LMS_SCRIPT);
  fs.writeFileSync(path.join(site.dir, "foreign.html"), "<!doctype html><title>x</title>");

  labServer = await startServer(DIST, BASE_PATH, {
    headers: { "Content-Security-Policy": STRICT_CSP },
  });
  lmsServer = await startServer(site.dir, "/lms/");
  foreignServer = await startServer(site.dir, "/other/");
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await Promise.all([labServer, lmsServer, foreignServer].map((s) => s?.close()));
  site?.remove();
});

/** Opens the LMS page with the lab at `labQuery`; returns page, frames, console. */
async function openCourse(labQuery, policy = "") {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const console = [];
  page.on("console", (msg) => console.push(msg.text()));

  const params = new URLSearchParams({
    lab: `${labServer.origin}${BASE_PATH}${labQuery}`,
    foreign: `${foreignServer.origin}/other/foreign.html`,
  });
  if (policy) params.set("policy", policy);
  await page.goto(`${lmsServer.origin}/lms/course.html?${params}`);

  const lab = page.frameLocator("#lab");
  await lab.getByTestId("app-ready").waitFor({ timeout: 60_000 });
  const frame = page.frames().find((f) => f.url().startsWith(labServer.origin));
  const foreign = page.frames().find((f) => f.url().startsWith(foreignServer.origin));
  return { context, page, lab, frame, foreign, console };
}

/** Waits until the parent has received a message that `match` accepts. */
function waitForMessage(page, match, arg) {
  return page.waitForFunction(
    ([source, arg]) => {
      const accepts = new Function("data", "arg", `return (${source})(data, arg);`);
      return window.received.find((m) => accepts(m.data, arg));
    },
    [match.toString(), arg],
  );
}

async function received(page) {
  return page.evaluate(() => window.received);
}

test("with ?embed=1 the layout is compact and links to the full lab", async () => {
  const { context, lab } = await openCourse("?embed=1");
  try {
    assert.match(await lab.locator("body").getAttribute("class"), /\bembed\b/);
    assert.ok(await lab.locator(".tagline").isHidden(), "the tagline is hidden");

    const link = lab.getByRole("link", { name: "Open in a new tab" });
    assert.ok(await link.isVisible());
    assert.equal(await link.getAttribute("href"), `${labServer.origin}${BASE_PATH}`);
    assert.equal(await link.getAttribute("target"), "_blank");
    assert.equal(await link.getAttribute("rel"), "noopener");
  } finally {
    await context.close();
  }
});

test("the parent learns the lab's height, H5P's way and Canvas's way", async () => {
  const { context, page, frame } = await openCourse("?embed=1");
  try {
    await waitForMessage(page, (d) => d.context === "h5p" && d.action === "resize");
    await waitForMessage(page, (d) => d.subject === "lti.frameResize");
    const first = (await received(page)).filter((m) => m.data.context === "h5p");
    assert.deepEqual(first[0].data, { context: "h5p", action: "hello" }, "H5P starts with hello");
    assert.ok(first.every((m) => m.origin === labServer.origin));

    // The page grows by 600 px: both kinds of message follow it.
    const before = Math.max(
      ...(await received(page))
        .filter((m) => m.data.subject === "lti.frameResize")
        .map((m) => m.data.height),
    );
    await frame.evaluate(() => {
      const tall = document.createElement("div");
      tall.style.height = "600px";
      document.body.append(tall);
    });
    const grown = before + 600;
    await waitForMessage(page, (d, h) => d.subject === "lti.frameResize" && d.height >= h, grown);
    await waitForMessage(
      page,
      (d, h) => d.context === "h5p" && d.action === "resize" && d.scrollHeight >= h,
      grown,
    );
    const height = await page.locator("#lab").evaluate((f) => f.getBoundingClientRect().height);
    assert.ok(height >= grown, `the iframe is ${height} px tall, at least ${grown}`);
  } finally {
    await context.close();
  }
});

test("the app's ready event reaches the parent as a versioned message", async () => {
  const { context, page } = await openCourse("?embed=1");
  try {
    const isReady = (d) => d.source === "servicelab" && d.type === "ready";
    const ready = await waitForMessage(page, isReady);
    const message = (await ready.jsonValue()).data;
    assert.equal(message.version, 1);
    assert.equal(message.payload.version, 1);
  } finally {
    await context.close();
  }
});

test("state and lesson events are relayed with their details", async () => {
  const { context, page, frame } = await openCourse("?embed=1");
  try {
    const state = { lesson: "shared-db", stepsDone: 2, stepsTotal: 5, requests: 7 };
    await frame.evaluate((detail) => {
      const done = { lesson: "shared-db" };
      dispatchEvent(new CustomEvent("servicelab:state-changed", { detail }));
      dispatchEvent(new CustomEvent("servicelab:lesson-completed", { detail: done }));
    }, state);

    const done = await waitForMessage(page, (d) => d.type === "lesson-completed");
    const all = (await received(page)).filter((m) => m.data.source === "servicelab");
    const changed = all.find(
      (m) => m.data.type === "state-changed" && m.data.payload.lesson === "shared-db",
    );
    assert.deepEqual(changed.data, {
      source: "servicelab",
      version: 1,
      type: "state-changed",
      payload: state,
    });
    assert.deepEqual((await done.jsonValue()).data, {
      source: "servicelab",
      version: 1,
      type: "lesson-completed",
      payload: { lesson: "shared-db" },
    });
  } finally {
    await context.close();
  }
});

test("a message from a foreign origin is ignored; the parent's is answered", async () => {
  const { context, page, foreign, console } = await openCourse("?embed=1");
  try {
    await waitForMessage(page, (d) => d.context === "h5p" && d.action === "resize");
    const hellos = async () =>
      (await received(page)).filter((m) => m.data.context === "h5p" && m.data.action === "hello")
        .length;

    // The parent's "ready" gets a hello back: the test can see an answer.
    const before = await hellos();
    await page.evaluate(() => window.sendToLab({ context: "h5p", action: "ready" }));
    await page.waitForFunction(
      (n) => window.received.filter((m) => m.data.action === "hello").length === n,
      before + 1,
    );

    // The same message from the foreign frame gets nothing.
    await foreign.evaluate(() => {
      parent.frames[0].postMessage({ context: "h5p", action: "ready" }, "*");
    });
    await waitForConsole(page, console, `ignored a message from ${foreignServer.origin}`);

    // Messages between two windows arrive in order: once the answer to this
    // later "resize" is in, an answer to the foreign message would be too.
    const prepared = (await received(page)).filter((m) => m.data.action === "prepareResize").length;
    await page.evaluate(() => window.sendToLab({ context: "h5p", action: "resize" }));
    await page.waitForFunction(
      (n) => window.received.filter((m) => m.data.action === "prepareResize").length > n,
      prepared,
    );
    assert.equal(await hellos(), before + 1, "no hello answered the foreign frame");
  } finally {
    await context.close();
  }
});

test("without a known parent origin the lab sends nothing", async () => {
  const { context, page, console } = await openCourse("?embed=1", "no-referrer");
  try {
    await waitForConsole(page, console, "does not know its parent's origin");
    assert.deepEqual(await received(page), []);
  } finally {
    await context.close();
  }
});

test("?parent_origin= names the parent when the referrer is withheld", async () => {
  const query = `?embed=1&parent_origin=${encodeURIComponent(lmsServer.origin)}`;
  const { context, page, lab } = await openCourse(query, "no-referrer");
  try {
    await waitForMessage(page, (d) => d.context === "h5p" && d.action === "resize");
    const link = lab.getByRole("link", { name: "Open in a new tab" });
    assert.equal(await link.getAttribute("href"), `${labServer.origin}${BASE_PATH}`);
  } finally {
    await context.close();
  }
});

/** Waits until `page` (any of its frames) has logged a message with `text`. */
async function waitForConsole(page, seen, text) {
  if (seen.some((m) => m.includes(text))) return;
  await page.waitForEvent("console", {
    predicate: (msg) => msg.text().includes(text),
    timeout: 10_000,
  });
}
