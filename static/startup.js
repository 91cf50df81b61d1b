// Start-up failures, told in words a teacher can pass on.
//
// Until the app's WebAssembly runs, Rust can report nothing: a missing file,
// a web server that answers with a web page, or a browser without
// WebAssembly would leave "Starting the lab…" on screen for ever. This
// script loads first and owns the #fatal panel until the app has started.
// boot.js reports what went wrong through one call:
//
//   ServiceLabStartup.fail({ what, ask, detail })
//
// `what` says what happened, `ask` what to do or whom to ask, `detail` the
// technical facts for the web server's admin. After boot.js calls
// ServiceLabStartup.started(), the app reports its own failures (its panic
// hook un-hides the same panel with the panel's original words).
//
// Written in the JavaScript of old browsers on purpose (no arrow functions,
// no `let`), so that a browser too old for the app still runs this far and
// can say so.
(function () {
  "use strict";

  var started = false;
  var shown = null;

  // The panel's own words, for the app's panic hook, which shows the panel
  // as it finds it: put back if the app starts after all.
  var panel = document.getElementById("fatal");
  var title = document.getElementById("fatal-title");
  var text = document.getElementById("fatal-text");
  var original = panel && title && text && { title: title.textContent, text: text.cloneNode(true) };

  /** Shows `report` in the panel, unless a specific report is already up. */
  function fail(report, generic) {
    if (started || (shown && !shown.generic)) return;
    shown = { generic: Boolean(generic) };
    if (!original) return;

    title.textContent = "The lab could not start";
    text.textContent = "";
    paragraph(text, report.what);
    paragraph(text, report.ask);
    if (report.detail) {
      var small = paragraph(text, "For the web server's admin: ");
      small.className = "fatal-detail";
      var code = document.createElement("code");
      code.textContent = report.detail;
      small.appendChild(code);
    }
    panel.hidden = false;

    // The "Starting the lab…" line would go on spinning behind the panel.
    var starting = document.querySelector("#app .starting");
    if (starting) starting.hidden = true;

    if (window.console) {
      console.error("ServiceLab could not start: " + report.what + " " + (report.detail || ""));
    }
  }

  function paragraph(parent, words) {
    var p = document.createElement("p");
    p.textContent = words || "";
    parent.appendChild(p);
    return p;
  }

  /**
   * The app runs: from now on it reports its own failures. A failure shown
   * before did not stop it (a missing bridge.js, say), so the panel goes
   * back to the app's words and out of sight; the console keeps the error.
   */
  function markStarted() {
    started = true;
    if (!shown || !original) return;
    panel.hidden = true;
    title.textContent = original.title;
    text.replaceWith(original.text);
    text = original.text;
  }

  window.ServiceLabStartup = {
    fail: function (report) {
      fail(report, false);
    },
    started: markStarted,
  };

  var reload = document.getElementById("fatal-reload");
  if (reload) {
    reload.addEventListener("click", function () {
      window.location.reload();
    });
  }

  // The app is an ES module that runs WebAssembly; a browser lacking either
  // cannot run it. (Safari's Lockdown Mode and some school policies switch
  // WebAssembly off in otherwise current browsers.)
  var hasModules = "noModule" in document.createElement("script");
  if (typeof WebAssembly !== "object" || !hasModules) {
    fail({
      what:
        "This browser cannot run the lab: the lab is a WebAssembly program, and " +
        "WebAssembly is missing or switched off here.",
      ask:
        "Open this page in a current Firefox, Chrome, Edge or Safari. If it is " +
        "current already, WebAssembly may be switched off by a school or company " +
        "policy, or by Safari's Lockdown Mode: ask your IT administrator.",
      detail: "typeof WebAssembly: " + typeof WebAssembly + "; ES modules: " + hasModules,
    });
  }

  // A script of the page that does not load (boot.js itself, say) fires
  // "error" on its element; that event does not bubble, so listen while it
  // travels down from the window.
  window.addEventListener(
    "error",
    function (event) {
      var target = event.target;
      if (!target || target === window || target.tagName !== "SCRIPT") return;
      var name = String(target.src).split("/").pop();
      fail({
        what: "The web server did not send one of the lab's files (" + name + ").",
        ask:
          "Ask whoever hosts this page to upload every file from the dist folder, " +
          "side by side in one folder, with the file names unchanged.",
        detail: "Could not load the script " + target.src,
      });
    },
    true,
  );

  // Anything else that goes wrong before the app runs.
  function unexpected(message) {
    fail(
      {
        what: "The lab stopped with an error while it was starting.",
        ask:
          "Reload the page. If it happens again, tell whoever hosts this page, " +
          "and include the error below.",
        detail: message,
      },
      true,
    );
  }
  window.addEventListener("error", function (event) {
    if (event.target === window || event.target === undefined) {
      unexpected(String(event.message || event.error));
    }
  });
  window.addEventListener("unhandledrejection", function (event) {
    var reason = event.reason;
    unexpected(String((reason && reason.message) || reason));
  });
})();
