// The published page's service worker: the page works offline after the first visit, and a
// new deploy is seen at once when online. scripts/dist.mjs writes it to dist/sw.js with the
// placeholders below filled in; www/ served during development registers no worker (see
// offline.js), so this file only runs from dist/.
//
// Every file but index.html has a content-hashed name, so a cached copy is never stale: those
// are served from the cache first. Pages are asked of the network first, so a new index.html
// (naming new hashed files) is seen as soon as it is deployed; offline, the cached one is used.
const VERSION = '__SCIM_PREFLIGHT_VERSION__';
/** Paths relative to this script: every hashed file, the scope's own URL, and index.html. */
const PRECACHE = /* __SCIM_PREFLIGHT_PRECACHE__ */ [];

// Scoped by the worker's own URL, so two copies of the page on one origin (two project sites of
// one GitHub Pages user) never delete each other's caches.
const PREFIX = `scim-preflight ${self.registration.scope} `;
const CURRENT_CACHE = `${PREFIX}${VERSION}`;
/** Which version came before this one; versions are hex, so this name is never a version's. */
const RECORD_CACHE = `${PREFIX}record`;
const RECORD_URL = new URL('scim-preflight-versions.json', self.location).href;
const INDEX_URL = new URL('index.html', self.location).href;

self.addEventListener('install', (event) => {
  // A new version takes over at once rather than when every tab has closed: old tabs keep
  // working because their files stay cached (the previous version's cache is kept).
  self.skipWaiting();
  event.waitUntil(precache());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(activate());
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  // Anything else goes to the network untouched, and is never cached.
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(request.mode === 'navigate' ? networkFirst(request) : cacheFirst(request));
});

async function precache() {
  const cache = await caches.open(CURRENT_CACHE);
  // 'no-cache' revalidates with the host, so an index.html still in the HTTP cache from the
  // previous deploy is never stored as this version's.
  await cache.addAll(PRECACHE.map((path) => new Request(new URL(path, self.location), { cache: 'no-cache' })));
}

async function activate() {
  const previous = await recordVersion();
  const kept = new Set([CURRENT_CACHE, RECORD_CACHE, previous && `${PREFIX}${previous}`]);
  const names = await caches.keys();
  await Promise.all(names.filter((name) => name.startsWith(PREFIX) && !kept.has(name)).map((name) => caches.delete(name)));
  await self.clients.claim();
}

/** Records this version as the current one; returns the one before it (or undefined). */
async function recordVersion() {
  const cache = await caches.open(RECORD_CACHE);
  const stored = await cache.match(RECORD_URL);
  const record = stored ? await stored.json() : {};
  const previous = record.current && record.current !== VERSION ? record.current : record.previous;
  await cache.put(RECORD_URL, new Response(JSON.stringify({ current: VERSION, previous }), { headers: { 'Content-Type': 'application/json' } }));
  return previous;
}

/** The cached response in this version's cache, else in any other kept version's. */
async function fromCache(request, options) {
  const names = (await caches.keys()).filter((name) => name.startsWith(PREFIX) && name !== RECORD_CACHE);
  names.sort((a, b) => (b === CURRENT_CACHE) - (a === CURRENT_CACHE));
  for (const name of names) {
    const response = await (await caches.open(name)).match(request, options);
    if (response) return response;
  }
  return undefined;
}

async function networkFirst(request) {
  try {
    // Revalidated with the host rather than taken from the HTTP cache (GitHub Pages lets a page
    // be kept ten minutes), so a new deploy is seen on the next load. A navigation's own
    // request cannot be given other options: a new one, whose redirects the browser follows.
    return await fetch(new Request(request.url, { cache: 'no-cache', credentials: 'same-origin', redirect: 'manual' }));
  } catch (offline) {
    const cached = (await fromCache(request, { ignoreSearch: true })) ?? (await fromCache(INDEX_URL));
    if (cached) return cached;
    throw offline;
  }
}

async function cacheFirst(request) {
  // A hashed name's content never changes, so what Vary would distinguish cannot differ.
  return (await fromCache(request, { ignoreVary: true })) ?? fetch(request);
}
