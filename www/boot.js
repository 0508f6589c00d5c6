// Loads the wasm widget and mounts it into <div id="openfem">.
// Kept out of index.html so the page works under `script-src 'self' 'wasm-unsafe-eval'`.
import init, { mount } from '../pkg/openfem.js';

const target = document.getElementById('openfem');

async function boot() {
  performance.mark('openfem:boot');
  try {
    await init();
    performance.mark('openfem:wasm-ready');
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

boot();
