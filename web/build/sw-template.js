/* The citizen app's service worker: the app shell from the cache when the network is gone. API calls are
 * never cached here: a report is queued by the page itself (IndexedDB) and sent with its Idempotency-Key. */
const VERSION = __VERSION__;
const PRECACHE = __PRECACHE__;
const SHELL = `shell-${VERSION}`;
const API = /^\/(v1|open311|local)\/|^\/(openapi\.json|health)$/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || API.test(url.pathname)) return;
  if (request.mode === 'navigate') {
    // the staff console works online only
    if (url.pathname === '/staf' || url.pathname.startsWith('/staf/')) return;
    // fresh HTML when there is a network; the cached shell (every citizen route is the same page) when not
    event.respondWith(fetch(request).catch(() => caches.match('/index.html', { cacheName: SHELL }).then((hit) => hit || Response.error())));
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    // file names carry a content hash: a cached copy is never stale
    event.respondWith(
      caches.open(SHELL).then(async (cache) => {
        const hit = await cache.match(request);
        if (hit) return hit;
        const response = await fetch(request);
        if (response.ok) cache.put(request, response.clone());
        return response;
      }),
    );
  }
});
