// OpenFEM service worker: keeps the widget working offline (docs/offline.md).
//
// `make dist` (scripts/stamp-sw.mjs) stamps FILES, the SHA-256 of every file the build ships,
// and BUILD, the build's id. On install the worker caches the shell (the page, its script, style
// and icons, the wasm, its glue and the bank) and checks each file against FILES: a file that
// does not match (a deploy still being copied, a proxy's error page) fails the install, so a
// half-finished deploy is never cached and the version in use stays. The languages (their
// strings pkg/data/locale-*, the built-in bank in each pkg/data/bank-*) are part of the shell
// too, so every language works offline after the first visit, even one never chosen before;
// only the pseudo-locale of the tests (locale-qps-*, bank-qps-*) is fetched on demand, cached
// the first time after the same check and carried over from the previous version's cache when
// unchanged.
//
// Caches are named after the worker's scope and the build, and a worker only ever deletes caches
// of its own scope: two deployments on one origin (say /a/ and /b/) keep each other's.
//
// A new build installs and then *waits*: the page shows "new version ready" and only when the
// user agrees does it post {type: 'openfem:activate'}, on which this worker takes over and the
// scope's older caches are dropped. So a new version never activates mid-edit. `make dist`
// writes this file to the site root (dist/sw.js) so that its scope covers index.html.
const BUILD = '__OPENFEM_BUILD__';
const FILES = __OPENFEM_FILES__;
const SCOPE = self.registration.scope;
// URLs hold no spaces, so one scope's prefix is never the start of another's.
const PREFIX = `openfem ${SCOPE} `;
const CACHE = PREFIX + BUILD;
const FIXED_SHELL = [
  'index.html',
  'www/boot.js',
  'www/styles.css',
  'www/favicon.svg',
  'www/icon.svg',
  'www/manifest.webmanifest',
  'pkg/openfem.js',
  'pkg/openfem_bg.wasm',
];
const onDemand = (path) => /^pkg\/data\/(locale|bank|help)-qps/.test(path);
const SHELL = [...new Set([
  ...FIXED_SHELL,
  ...Object.keys(FILES).filter((p) => p.startsWith('pkg/data/') && !onDemand(p)),
  // The deferred parts of the widget (src/ui/deferred.rs) and their loader.
  ...Object.keys(FILES).filter((p) => /^pkg\/[^/]+\.wasm$/.test(p) || p === 'pkg/__wasm_split.js'),
])];

async function sha256(buffer) {
  const digest = await crypto.subtle.digest('SHA-256', buffer);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A response holding `body` (decoded) with `from`'s headers, less those about the encoding. */
function stored(body, from) {
  const headers = new Headers(from.headers);
  headers.delete('content-encoding');
  headers.delete('content-length');
  return new Response(body, { status: 200, headers });
}

/** Fetches `path` (relative to the scope) from the network and checks it against FILES. */
async function fetchChecked(path) {
  const response = await fetch(new Request(new URL(path, SCOPE), { cache: 'reload' }));
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  const body = await response.arrayBuffer();
  if ((await sha256(body)) !== FILES[path]) throw new Error(`${path}: not the file of build ${BUILD}`);
  return stored(body, response);
}

/** The scope-relative path of a URL of this scope, or null. */
function pathOf(url) {
  if (!url.startsWith(SCOPE)) return null;
  const path = url.slice(SCOPE.length).split(/[?#]/)[0];
  return path === '' ? 'index.html' : path;
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    // Every file fetched and checked before the cache is created: a failed install leaves none.
    const shell = await Promise.all(SHELL.map(async (path) => [path, await fetchChecked(path)]));
    const cache = await caches.open(CACHE);
    for (const [path, response] of shell) {
      await cache.put(new URL(path, SCOPE).href, response.clone());
      if (path === 'index.html') await cache.put(SCOPE, response);
    }
    // On-demand files the previous versions of this scope fetched, when this build ships them too
    // (same content-hashed name, and checked again).
    const mine = (await caches.keys()).filter((k) => k.startsWith(PREFIX) && k !== CACHE);
    for (const path of Object.keys(FILES).filter(onDemand)) {
      for (const key of mine) {
        const old = await (await caches.open(key)).match(new URL(path, SCOPE).href);
        if (!old) continue;
        const body = await old.arrayBuffer();
        if ((await sha256(body)) === FILES[path]) {
          await cache.put(new URL(path, SCOPE).href, stored(body, old));
          break;
        }
      }
    }
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'openfem:activate') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  event.respondWith(
    caches.open(CACHE).then(async (cache) => {
      const hit = await cache.match(req, { ignoreSearch: req.mode === 'navigate' });
      if (hit) return hit;
      if (req.mode === 'navigate') {
        const shell = await cache.match(SCOPE);
        try {
          return await fetch(req);
        } catch (err) {
          if (shell) return shell;
          throw err;
        }
      }
      const path = pathOf(req.url);
      if (path && onDemand(path) && FILES[path]) {
        // A language chosen for the first time: kept for offline use if it is this build's file
        // (if not, the page gets it as it came and reports it).
        const response = await fetch(req);
        if (!response.ok) return response;
        const body = await response.arrayBuffer();
        const checked = stored(body, response);
        if ((await sha256(body)) === FILES[path]) await cache.put(new URL(path, SCOPE).href, checked.clone());
        return checked;
      }
      return fetch(req);
    }),
  );
});
