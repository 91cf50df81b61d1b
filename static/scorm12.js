// Reports ServiceLab to an LMS through the SCORM 1.2 run-time API.
//
// Only the SCORM package (`make scorm`) loads this file. The LMS opens the
// lab in a frame or a window and puts a JavaScript object named API in one
// of the windows above it; SCORM 1.2's run-time environment says how to
// find it (the frames above this one, then the window that opened it).
// With it, this script:
//
// - calls LMSInitialize("") at once;
// - sets cmi.core.lesson_status to "incomplete", unless the learner has
//   already completed (or passed) the lab in an earlier attempt, and commits;
// - sets it to "completed" and commits when the app fires
//   servicelab:lesson-completed (the first lesson completed completes the lab);
// - on pagehide, records cmi.core.session_time and calls LMSFinish("").
//
// Without an LMS (the package opened from disk, say) it does nothing.
(function () {
  "use strict";

  var DONE = ["completed", "passed"];
  var api = findApi();
  if (!api) {
    console.info("ServiceLab: no SCORM 1.2 LMS around this page, so progress is not reported.");
    return;
  }

  var began = Date.now();
  var finished = false;
  if (!call("LMSInitialize", "")) return;

  var status = String(api.LMSGetValue("cmi.core.lesson_status"));
  if (DONE.indexOf(status) === -1) {
    call("LMSSetValue", "cmi.core.lesson_status", "incomplete");
    call("LMSCommit", "");
  }

  window.addEventListener("servicelab:lesson-completed", function () {
    if (finished || status === "passed") return;
    status = "completed";
    call("LMSSetValue", "cmi.core.lesson_status", "completed");
    call("LMSCommit", "");
  });

  window.addEventListener("pagehide", function () {
    if (finished) return;
    finished = true;
    call("LMSSetValue", "cmi.core.session_time", timespan(Date.now() - began));
    call("LMSFinish", "");
  });

  /** The LMS's API object: in this window's parents, then its opener's. */
  function findApi() {
    return search(window) || (window.opener ? search(window.opener) : null);
  }

  function search(start) {
    var win = start;
    // The run-time environment's own search gives up after 7 levels.
    for (var level = 0; level <= 7 && win; level++) {
      try {
        if (win.API) return win.API;
      } catch (crossOrigin) {
        // A window of another site: its API, if any, is not for us.
      }
      if (win.parent === win) break;
      win = win.parent;
    }
    return null;
  }

  /** Calls the API; true when the LMS says "true", else logs why not. */
  function call(name) {
    var args = Array.prototype.slice.call(arguments, 1);
    var result = String(api[name].apply(api, args));
    if (result === "true") return true;

    var code = api.LMSGetLastError();
    console.warn(
      "ServiceLab: the LMS refused " + name + "(" + args.join(", ") + "): error " +
        code + ", " + api.LMSGetErrorString(code),
    );
    return false;
  }

  /** Milliseconds as SCORM 1.2's CMITimespan, HHHH:MM:SS.SS. */
  function timespan(ms) {
    var hundredths = Math.floor(ms / 10);
    var hours = Math.floor(hundredths / 360000);
    var minutes = Math.floor(hundredths / 6000) % 60;
    var seconds = (hundredths % 6000) / 100;
    return pad(Math.min(hours, 9999), 4) + ":" + pad(minutes, 2) + ":" +
      (seconds < 10 ? "0" : "") + seconds.toFixed(2);
  }

  function pad(n, width) {
    var text = String(n);
    while (text.length < width) text = "0" + text;
    return text;
  }
})();
