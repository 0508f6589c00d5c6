// OpenFEM service worker: keeps the widget working offline.
// On install it caches the app shell, the wasm glue and the wasm (which embeds the question bank)
// under a cache named after the build (`make dist` stamps BUILD with a hash of what it ships).
// Requests are served from that cache first, then the network. A new build installs and then
// *waits*: the page shows "new version ready" and only when the user agrees does it post
// {type: 'openfem:activate'}, on which this worker takes over and old caches are dropped.
// So a new version never activates mid-edit. Language files (pkg/data/) are cached at install
// and, like any other data file, when first fetched. `make dist` copies this file to the site root
// (dist/sw.js) so that its scope covers index.html.
const BUILD = '__OPENFEM_BUILD__';
const CACHE = `openfem-${BUILD}`;
const SHELL = [
  './',
  'index.html',
  'www/boot.js',
  'www/styles.css',
  'www/favicon.svg',
  'www/icon.svg',
  'www/manifest.webmanifest',
  'pkg/openfem.js',
  'pkg/openfem_bg.wasm',
];
// Every language's data file (pkg/data/locale-*, pseudo-locales left out), stamped by `make dist`:
// cached at install too, so every language works offline after the first visit.
const LANGUAGES = __OPENFEM_LANGUAGES__;

self.addEventListener('install', (event) => {
  // cache: 'reload' skips the HTTP cache, so the new cache holds this build's files.
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll([...SHELL, ...LANGUAGES].map((u) => new Request(u, { cache: 'reload' })))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('openfem-') && k !== CACHE).map((k) => caches.delete(k))))
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
        const shell = await cache.match('index.html');
        try {
          return await fetch(req);
        } catch (err) {
          if (shell) return shell;
          throw err;
        }
      }
      const response = await fetch(req);
      // Data files (languages) are named after their content: cached the first time the page
      // fetches one, so a language used once works offline too.
      if (response.ok && new URL(req.url).pathname.includes('/pkg/data/')) {
        await cache.put(req, response.clone());
      }
      return response;
    }),
  );
});
