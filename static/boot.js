// Starts ServiceLab: fetches and checks the app's WebAssembly, then hands it
// to the JavaScript glue that wasm-bindgen generated.
//
// Trunk would do this with an inline <script>, which a strict
// Content-Security-Policy forbids. So Trunk only writes the hashed names of
// the glue and the .wasm into <meta name="servicelab:app"> (see
// pattern_script in Trunk.toml), and this file, served from the page's own
// folder, does the rest. The single-file build puts data: URLs in the same
// places, so this code runs unchanged from a file on disk.
//
// Each file is checked before it is used, so a failure can be told in words
// a teacher can pass on (startup.js shows them): the server answered 404,
// sent a web page instead of the program (an "SPA fallback" that answers
// every unknown path with index.html), or sent something that is not
// WebAssembly at all. The bytes are then compiled from memory, which works
// whatever Content-Type the server sent.
//
// It also starts downloading sql.js's WebAssembly at once, beside the app's
// own, and leaves the promise in window.SERVICELAB_SQL_WASM for the app's
// sql.js loader; and it registers the service worker for offline use.

const startup = window.ServiceLabStartup || {
  fail: (report) => console.error("ServiceLab could not start:", report),
  started: () => {},
};

/** What each file is, in the words the start-up messages use. */
const ROLES = {
  app: "the app's program file",
  glue: "the app's start-up script",
  sql: "the lab's database engine",
};

/** Every .wasm file starts with these four bytes: "\0asm". */
const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

/** Content Security Policy violations seen while starting, to explain. */
const violations = [];
document.addEventListener("securitypolicyviolation", (event) => violations.push(event));

/** A start-up failure with its teacher-facing report attached. */
class StartupError extends Error {
  constructor(report) {
    super(`${report.what} ${report.ask}`);
    this.report = report;
  }
}

start();

async function start() {
  const app = document.querySelector('meta[name="servicelab:app"]');
  if (!app || typeof WebAssembly !== "object") return; // startup.js has said why.

  prefetchSqlWasm();
  const wasmUrl = absolute(app.dataset.wasm);
  const glueUrl = absolute(app.dataset.js);

  let glue;
  let module;
  try {
    [glue, module] = await Promise.all([
      importGlue(glueUrl),
      fetchWasm(wasmUrl, ROLES.app, preloadIntegrity(wasmUrl)).then((bytes) =>
        compile(bytes, wasmUrl),
      ),
    ]);
  } catch (error) {
    startup.fail(error.report || unexpected(error));
    return;
  }

  // Instantiating runs the app's `main`. A panic there is the app's own
  // failure: its panic hook has already shown the panel, with its words.
  let exports;
  try {
    exports = await glue.default({ module_or_path: module });
  } catch (error) {
    console.error("ServiceLab stopped while starting:", error);
    if (document.getElementById("fatal")?.hidden !== false) startup.fail(unexpected(error));
    return;
  }

  startup.started();
  dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm: exports } }));
  registerServiceWorker();
}

/** Starts fetching sql.js's .wasm and leaves the promise for the app. */
function prefetchSqlWasm() {
  const meta = document.querySelector('meta[name="servicelab:sql-wasm"]');
  if (!meta) return;

  const bytes = fetchWasm(absolute(meta.content), ROLES.sql, "").catch((error) => {
    // The app shows this message inside its own "could not start" notice.
    throw new Error(error.report ? `${error.report.what} ${error.report.ask}` : error.message);
  });
  // Nobody may be waiting yet; mark the failure as handled until the app is.
  bytes.catch(() => {});
  window.SERVICELAB_SQL_WASM = bytes;
}

/** The .wasm at `url` as bytes, or a StartupError that says what went wrong. */
async function fetchWasm(url, role, integrity) {
  let response;
  try {
    response = await fetch(url, integrity ? { integrity } : {});
  } catch (error) {
    // A network failure, or bytes that do not match the page's integrity
    // hash: fetch cannot tell which, so look again without the hash.
    throw new StartupError(explain(await probe(url), url, role, Boolean(integrity)));
  }
  if (!response.ok) throw new StartupError(explain(facts(response), url, role));

  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!isWasm(bytes)) throw new StartupError(explain(facts(response, bytes), url, role));
  return bytes;
}

/** Compiles the app's WebAssembly, explaining a policy that forbids it. */
async function compile(bytes, url) {
  try {
    return await WebAssembly.compile(bytes);
  } catch (error) {
    const blocked = violations.some((v) => v.blockedURI === "wasm-eval");
    if (blocked || /wasm-unsafe-eval|unsafe-eval/.test(String(error.message))) {
      throw new StartupError({
        what:
          "The web server's security policy (its Content-Security-Policy header) " +
          "forbids running WebAssembly, and the lab is a WebAssembly program.",
        ask:
          "Ask whoever hosts this page to add 'wasm-unsafe-eval' to script-src in " +
          "the policy for this folder (the lab's docs/hosting.md gives a tested policy).",
        detail: String(error.message),
      });
    }
    throw new StartupError({
      what: `This browser could not compile ${ROLES.app} (${name(url)}).`,
      ask:
        "Try a current Firefox, Chrome, Edge or Safari. If that fails too, ask whoever " +
        "hosts this page to upload the dist folder again.",
      detail: String(error.message),
    });
  }
}

/** Imports the wasm-bindgen glue, explaining why when it cannot. */
async function importGlue(url) {
  try {
    return await import(url);
  } catch (error) {
    const found = await probe(url);
    const report = explain(found, url, ROLES.glue);
    if (found.status === 200 && !found.html && !/javascript/i.test(found.type)) {
      report.what = `The web server sent ${ROLES.glue} (${name(url)}) as "${found.type}".`;
      report.ask =
        "Browsers run scripts only when they are sent as JavaScript: ask whoever " +
        "hosts this page to serve .js files as text/javascript.";
    } else if (found.status === 200 && !found.html) {
      report.what = `${capital(ROLES.glue)} (${name(url)}) could not run.`;
      report.detail = `${report.detail}; ${error.message}`;
    }
    throw new StartupError(report);
  }
}

/** Fetches `url` again, uncached and unchecked, to learn what the server sends. */
async function probe(url) {
  try {
    const response = await fetch(url, { cache: "no-store" });
    const bytes = new Uint8Array(await response.arrayBuffer());
    return facts(response, bytes);
  } catch (error) {
    return { network: true, message: String(error.message) };
  }
}

function facts(response, bytes) {
  const type = response.headers.get("Content-Type") || "";
  return {
    status: response.status,
    statusText: response.statusText,
    type,
    html: /text\/html/i.test(type) || (bytes !== undefined && looksLikeHtml(bytes)),
    wasm: bytes !== undefined && isWasm(bytes),
  };
}

/** The report for a file that did not arrive as it should. */
function explain(found, url, role, checkedIntegrity = false) {
  const file = `${role} (${name(url)})`;
  const detail = found.network
    ? `GET ${url} failed: ${found.message}`
    : `GET ${url} answered ${found.status} ${found.statusText}, Content-Type "${found.type}"`;
  const uploadAll =
    "Ask whoever hosts this page to upload every file from the dist folder, side by " +
    "side in one folder, with the file names unchanged.";

  if (found.network) {
    return {
      what: `${capital(file)} could not be downloaded: the connection to the web server failed.`,
      ask:
        "Check the network connection and reload the page. If it keeps happening, " +
        "ask whoever hosts this page whether the server is reachable.",
      detail,
    };
  }
  if (found.status === 404 || found.status === 410) {
    return {
      what: `The web server has no copy of ${file}: it answered "404 Not Found".`,
      ask: uploadAll,
      detail,
    };
  }
  if (found.status !== 200) {
    return {
      what:
        `The web server refused to send ${file}: ` +
        `it answered "${found.status} ${found.statusText}".`,
      ask:
        "Ask whoever hosts this page to look up this file in the server's error log " +
        "and to allow downloading .wasm and .js files from this folder.",
      detail,
    };
  }
  if (found.html) {
    return {
      what: `The web server sent a web page where ${file} should be.`,
      ask:
        "Ask whoever hosts this page to upload every file from the dist folder and to " +
        "serve .wasm files as application/wasm.",
      detail,
    };
  }
  if (checkedIntegrity && found.wasm) {
    return {
      what: `${capital(file)} belongs to another version of the lab than this page does.`,
      ask:
        "Ask whoever hosts this page to upload all files of one build together, " +
        "replacing the old ones. Right after an update, a cache may still hold old " +
        "files: reload in a few minutes.",
      detail: `${detail}; its contents do not match the page's integrity hash`,
    };
  }
  return {
    what: `${capital(file)} arrived damaged: it is not a WebAssembly program.`,
    ask:
      "Ask whoever hosts this page to upload the dist folder again, copying the files " +
      "as binary (not as text), and to serve .wasm files as application/wasm.",
    detail,
  };
}

function unexpected(error) {
  return {
    what: "The lab stopped with an error while it was starting.",
    ask:
      "Reload the page. If it happens again, tell whoever hosts this page, " +
      "with the error below.",
    detail: String(error?.message || error),
  };
}

function isWasm(bytes) {
  return WASM_MAGIC.every((byte, i) => bytes[i] === byte);
}

function looksLikeHtml(bytes) {
  const start = new TextDecoder().decode(bytes.subarray(0, 512)).trimStart().toLowerCase();
  return start.startsWith("<!doctype html") || start.startsWith("<html");
}

/** The integrity hash of Trunk's preload link for `url`, if there is one. */
function preloadIntegrity(url) {
  for (const link of document.querySelectorAll('link[rel="preload"][integrity]')) {
    if (link.href === url) return link.integrity;
  }
  return "";
}

/** Offline use: over http(s) only, with the page's folder as its scope. */
function registerServiceWorker() {
  const meta = document.querySelector('meta[name="servicelab:service-worker"]');
  const web = location.protocol === "https:" || location.protocol === "http:";
  if (!meta || !web || !("serviceWorker" in navigator)) return;

  const notOffline = (error) => {
    console.warn("ServiceLab works, but will not work offline:", error.message);
  };
  try {
    // A sandboxed frame without allow-same-origin throws on merely reading
    // navigator.serviceWorker; the lab runs there, just not offline.
    navigator.serviceWorker.register(meta.content, { scope: "./" }).catch(notOffline);
  } catch (error) {
    notOffline(error);
  }
}

function absolute(url) {
  return new URL(url, document.baseURI).href;
}

function name(url) {
  if (url.startsWith("data:")) return "embedded in this page";
  return decodeURIComponent(new URL(url).pathname.split("/").pop());
}

function capital(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
