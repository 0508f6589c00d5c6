// The built site loads under its CSP, the wasm mounts, and the page has no a11y violations.
import test from 'node:test';
import assert from 'node:assert/strict';
import { start, openApp, screenshot, assertNoAxeViolations, measure, report } from './helpers.mjs';

test('site loads, wasm is served as application/wasm and the widget mounts', async (t) => {
  const app = await start();
  t.after(app.close);
  const { page, url, problems } = app;
  const wasmTypes = [];
  page.on('response', (r) => {
    if (r.url().endsWith('.wasm')) wasmTypes.push(r.headers()['content-type']);
  });
  const csp = [];
  await page.exposeFunction('__cspViolation', (v) => csp.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__cspViolation(`${e.violatedDirective}: ${e.blockedURI}`),
    );
  });
  await openApp(page, url);
  assert.ok(wasmTypes.length >= 1, 'the wasm was fetched');
  assert.ok(wasmTypes.every((t) => t === 'application/wasm'), `wasm MIME: ${wasmTypes}`);
  await page.waitForFunction(() => !document.getElementById('openfem').hasAttribute('aria-busy'));
  report('boot → mounted', await measure(page, 'openfem:boot', 'openfem:mounted'));
  report('navigation → mounted', await measure(page, null, 'openfem:mounted'));
  await screenshot(page, 'smoke-desktop');
  assert.deepEqual(csp, [], 'no CSP violations');
  assert.deepEqual(problems, [], 'no page errors or console errors');
});

test('no axe-core violations on the first screen', async (t) => {
  const app = await start({ viewport: { width: 390, height: 844 } });
  t.after(app.close);
  await openApp(app.page, app.url);
  await screenshot(app.page, 'smoke-phone');
  await assertNoAxeViolations(app.page);
});
