// ServiceLab's service worker: keeps one build of the lab for offline use.
//
// This file is a template. After every Trunk build, scripts/service-worker.mjs
// writes it to dist/sw.js with the build's id and its exact list of files
// filled in below; dist/sw.js is never edited by hand.
//
// - install: downloads every file of this build into a cache named after the
//   build, then takes over at once. If one file is missing the install fails
//   and the previous build stays in charge: a half-uploaded deploy never
//   replaces a working one.
// - activate: deletes this lab's caches of other builds. Cache names include
//   the scope, so two labs in different folders of one site keep their own.
// - fetch: pages come from the network first (a new deploy shows at once
//   when online) and from the cache when offline; every other file comes from
//   the cache first. Only GET requests inside the scope are touched.
//
// A debug build (trunk serve) gets OFFLINE = false: then the worker keeps
// nothing, deletes this lab's caches and unregisters itself, so development
// never sees a stale copy.

const BUILD = "__SERVICELAB_BUILD__";
const FILES = __SERVICELAB_FILES__;
const OFFLINE = __SERVICELAB_OFFLINE__;

const SCOPE = self.registration.scope;
const PREFIX = `servicelab:${SCOPE}:`;
const CACHE = PREFIX + BUILD;
const PAGE = new URL("index.html", SCOPE).href;

self.addEventListener("install", (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(OFFLINE ? forgetOthers().then(() => self.clients.claim()) : retire());
});

if (OFFLINE) {
  self.addEventListener("fetch", (event) => {
    const request = event.request;
    if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return;
    event.respondWith(request.mode === "navigate" ? pageFirst(request) : cacheFirst(request));
  });
}

async function precache() {
  if (!OFFLINE) return;
  const cache = await caches.open(CACHE);
  try {
    await cache.addAll(FILES.map((file) => new Request(file, { cache: cacheMode(file) })));
  } catch (error) {
    // This build will never be used: keep no half-filled cache of it.
    await caches.delete(CACHE);
    throw error;
  }
}

/**
 * A file whose name carries a hash of its contents can come from the HTTP
 * cache (the page has usually just downloaded it); any other file might be
 * the previous build's, so it is fetched anew.
 */
function cacheMode(file) {
  return /-[0-9a-f]{8,16}(_bg)?\.[a-z]+$/.test(file) ? "default" : "reload";
}

async function forgetOthers() {
  const names = await caches.keys();
  const old = names.filter((name) => name.startsWith(PREFIX) && name !== CACHE);
  await Promise.all(old.map((name) => caches.delete(name)));
}

async function retire() {
  const names = await caches.keys();
  await Promise.all(names.filter((n) => n.startsWith(PREFIX)).map((n) => caches.delete(n)));
  await self.registration.unregister();
}

async function pageFirst(request) {
  try {
    return await fetch(request);
  } catch (offline) {
    const cache = await caches.open(CACHE);
    const page = await cache.match(PAGE);
    if (page) return page;
    throw offline;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  return (await cache.match(request)) || fetch(request);
}
