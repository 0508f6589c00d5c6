// Loads the wasm widget and mounts it into <div id="openfem">.
// Kept out of index.html so the page works under `script-src 'self' 'wasm-unsafe-eval'`.
import init, { mount, set_data_base } from '../pkg/openfem.js';

const target = document.getElementById('openfem');

// The browser's first number formatter loads its number data: ≈ 15 ms, ≈ 55 ms on a CPU 4x
// slower, whatever the language (later formatters take under 1 ms). The widget's first view
// formats numbers (the sections' scores), so that cost is paid here, while the wasm compiles
// off the main thread, instead of before the first question is shown (docs/performance.md).
function warmNumberFormat() {
  try {
    new Intl.NumberFormat(navigator.language).format(0.5);
  } catch {
    // A language tag the browser refuses: the widget formats with its own tag anyway.
  }
}

async function boot() {
  performance.mark('openfem:boot');
  try {
    const wasm = init();
    warmNumberFormat();
    await wasm;
    performance.mark('openfem:wasm-ready');
    // The widget fetches its data files (the bank: preloaded by index.html) from the package.
    set_data_base(new URL('../pkg/', import.meta.url).href);
    mount(target);
    target.removeAttribute('aria-busy');
    performance.mark('openfem:mounted');
    performance.measure('openfem:boot-to-mounted', 'openfem:boot', 'openfem:mounted');
  } catch (err) {
    target.removeAttribute('aria-busy');
    const p = document.createElement('p');
    p.className = 'ofem-error';
    p.setAttribute('role', 'alert');
    p.textContent = `OpenFEM could not start: ${err && err.message ? err.message : err}`;
    target.replaceChildren(p);
    throw err;
  }
}


// Offline use (docs/offline.md): the page opts in with <meta name="openfem-service-worker">.
// A new version waits until the user agrees: boot.js tells the widget with the window event
// `openfem:update-ready` (the widget shows "New version ready — reload"), and the widget answers
// with `openfem:update-accept`, on which the waiting worker takes over and the page reloads.
function offline() {
  const meta = document.querySelector('meta[name="openfem-service-worker"]');
  if (!meta || !('serviceWorker' in navigator)) return;
  const sw = navigator.serviceWorker;
  let waiting = null;
  const ready = (worker) => {
    waiting = worker;
    window.openfemUpdateReady = true;
    window.dispatchEvent(new Event('openfem:update-ready'));
  };
  window.addEventListener('openfem:update-accept', () => {
    if (!waiting) return;
    if (waiting.state === 'installed') {
      sw.addEventListener('controllerchange', () => location.reload(), { once: true });
      waiting.postMessage({ type: 'openfem:activate' });
    } else if (waiting.state === 'activating') {
      // Accepted in another tab a moment ago: reload once it has taken over.
      waiting.addEventListener('statechange', () => location.reload(), { once: true });
    } else {
      // Accepted in another tab (activated), or replaced by a newer build (redundant): this tab
      // only needs to reload onto the worker now in control.
      location.reload();
    }
  });
  sw.register(meta.content, { scope: './' }).then((reg) => {
    // A worker already waiting (from an earlier visit), or one that installs now while an
    // older one controls the page: offer it. A first install (no controller) just activates.
    if (reg.waiting && sw.controller) ready(reg.waiting);
    reg.addEventListener('updatefound', () => {
      const worker = reg.installing;
      worker?.addEventListener('statechange', () => {
        if (worker.state === 'installed' && sw.controller) ready(worker);
      });
    });
  }).catch((err) => console.warn('OpenFEM: offline use unavailable:', err));
}

// After the widget is up, so the worker's downloads do not compete with the wasm's.
boot().finally(offline);
