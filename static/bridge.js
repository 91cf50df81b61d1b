// ServiceLab inside another page: an LMS, a course site, a slide deck.
//
// With ?embed=1 the page takes a compact layout (body class "embed", styled
// by embed.css) and shows an "Open in a new tab" link to the same lab
// without the embed settings.
//
// Inside a frame, and whatever the layout, it also talks to the page that
// embeds it (docs/embedding.md describes every message):
//
// - its height, whenever it changes, in the two forms LMSs understand: the
//   H5P resizer's handshake (hello, prepareResize, resizePrepared, resize)
//   and Canvas's {subject: "lti.frameResize", height};
// - the app's own events (servicelab:ready, servicelab:state-changed,
//   servicelab:lesson-completed), relayed as
//   {source: "servicelab", version: 1, type, payload}.
//
// It talks to one origin only, the parent's: the one named by
// ?parent_origin=, or else the one document.referrer gives. Messages go to
// that origin alone (the browser drops them if the parent is another), and
// messages from anywhere else are ignored. If neither names an origin the
// bridge stays silent: anyone may frame the lab, and a page that did not
// say who it is gets neither the learner's progress nor a handshake.
(function () {
  "use strict";

  const PROTOCOL = { source: "servicelab", version: 1 };
  const APP_EVENTS = ["ready", "state-changed", "lesson-completed"];

  const params = new URLSearchParams(location.search);
  if (params.get("embed") === "1") enterEmbedMode();
  if (window.parent === window) return;

  const parentOrigin = allowedOrigin();
  if (!parentOrigin) {
    console.info(
      "ServiceLab is in a frame but does not know its parent's origin, so it sends " +
        "no messages. Add ?parent_origin=https://your.lms.example to the lab's URL.",
    );
    return;
  }

  const send = (message) => window.parent.postMessage(message, parentOrigin);
  const height = trackHeight(send);
  relayAppEvents(send);
  listen(parentOrigin, height);

  function enterEmbedMode() {
    document.body.classList.add("embed");
    const link = document.getElementById("open-in-tab");
    if (!link) return;
    const full = new URL(location.href);
    full.searchParams.delete("embed");
    full.searchParams.delete("parent_origin");
    link.href = full.href;
    link.parentElement.hidden = false;
  }

  /** The parent's origin, or null when nothing trustworthy names it. */
  function allowedOrigin() {
    const named = params.get("parent_origin");
    if (named !== null) {
      const origin = originOf(named);
      if (!origin) console.warn(`ServiceLab: ?parent_origin=${named} is not an origin.`);
      return origin;
    }
    return document.referrer ? originOf(document.referrer) : null;
  }

  function originOf(text) {
    try {
      const origin = new URL(text).origin;
      return origin === "null" ? null : origin;
    } catch {
      return null;
    }
  }

  /**
   * Reports the page's height to the parent whenever it changes. Returns the
   * calls the H5P handshake needs.
   */
  function trackHeight(post) {
    let friendly = false; // The H5P parent answered our hello.
    let last = -1;

    const measure = () => Math.ceil(document.documentElement.getBoundingClientRect().height);
    const prepare = () =>
      post({
        context: "h5p",
        action: "prepareResize",
        scrollHeight: measure(),
        clientHeight: document.documentElement.clientHeight,
      });

    const changed = () => {
      const now = measure();
      if (now === last) return;
      last = now;
      post({ subject: "lti.frameResize", height: now });
      if (friendly) prepare();
      else post({ context: "h5p", action: "hello" });
    };
    new ResizeObserver(changed).observe(document.documentElement);

    return {
      hello: () => post({ context: "h5p", action: "hello" }),
      befriended: () => {
        friendly = true;
        prepare();
      },
      prepare,
      resize: () => post({ context: "h5p", action: "resize", scrollHeight: measure() }),
    };
  }

  function relayAppEvents(post) {
    for (const type of APP_EVENTS) {
      window.addEventListener(`servicelab:${type}`, (event) => {
        post({ ...PROTOCOL, type, payload: plain(event.detail) });
      });
    }
  }

  /** `value` as plain data that postMessage can copy (JSON's subset). */
  function plain(value) {
    try {
      return JSON.parse(JSON.stringify(value ?? {}));
    } catch {
      return {};
    }
  }

  /** Answers the parent's H5P messages; ignores every other sender. */
  function listen(origin, height) {
    const warned = new Set();
    window.addEventListener("message", (event) => {
      if (event.source === window) return;
      if (event.source !== window.parent || event.origin !== origin) {
        if (!warned.has(event.origin)) {
          warned.add(event.origin);
          console.warn(
            `ServiceLab ignored a message from ${event.origin}: it only listens to ` +
              `${origin}. If that is your LMS, add ` +
              `?parent_origin=${event.origin} to the lab's URL.`,
          );
        }
        return;
      }

      const data = event.data;
      if (!data || data.context !== "h5p") return;
      if (data.action === "ready") height.hello();
      if (data.action === "hello") height.befriended();
      if (data.action === "resizePrepared") height.resize();
      if (data.action === "resize") height.prepare();
    });
  }
})();
