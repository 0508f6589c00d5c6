// A bank loaded from an element's `bank` URL (issue #15): only JSON, at most 8 MB, and the text
// is not kept once parsed (each distinct text used to stay in the wasm memory for good).
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { start, CLI } from './helpers.mjs';

/** The embed demo page with its two widgets ready, and a way to add an element. */
async function demo(t) {
  const a = await start();
  t.after(a.close);
  await a.page.goto(a.url + 'www/embed-demo.html');
  await a.page.evaluate(() => Promise.all([...document.querySelectorAll('openfem-assessment')].map((e) => e.ready)));
  await a.page.evaluate(() => {
    window.__errors = [];
    document.addEventListener('openfem-error', (e) => window.__errors.push([e.target.id, e.detail.code, e.detail.message]));
  });
  return a;
}

async function addElement(page, id, bank) {
  await page.evaluate(async ({ id, bank }) => {
    const el = document.createElement('openfem-assessment');
    el.id = id;
    el.setAttribute('draft', id);
    el.setAttribute('bank', bank);
    document.querySelector('main').append(el);
    await el.ready;
  }, { id, bank });
}

test('a bank URL must serve JSON and at most 8 MB; the widget says why not', async (t) => {
  const { page } = await demo(t);
  const bankText = execFileSync(CLI, ['bank'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  await page.route('**/banks/as-html', (r) => r.fulfill({ status: 200, contentType: 'text/html', body: bankText }));
  await page.route('**/banks/huge.json', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: bankText + ' '.repeat(9 << 20) }));
  await page.route('**/banks/ok.json', (r) => r.fulfill({ status: 200, contentType: 'application/json; charset=utf-8', body: bankText }));
  await addElement(page, 'as-html', '/banks/as-html');
  await addElement(page, 'huge', '/banks/huge.json');
  await addElement(page, 'ok', '/banks/ok.json');
  const errors = await page.evaluate(() => window.__errors);
  const by = Object.fromEntries(errors.map(([id, code, message]) => [id, { code, message }]));
  assert.equal(by['as-html']?.code, 'bank');
  assert.match(by['as-html'].message, /served as text\/html, not application\/json/);
  assert.equal(by.huge?.code, 'bank');
  assert.match(by.huge.message, /larger than 8 MB/);
  assert.equal(by.ok, undefined, 'JSON with a charset is fine');
  assert.ok(await page.locator('#ok .ofem-question').first().isVisible());
  assert.match(await page.locator('#as-html .ofem-error[role="alert"]').textContent(), /not application\/json/);
});

test('re-mounting with other bank texts does not keep each text in memory', async (t) => {
  const { page } = await demo(t);
  const bankText = execFileSync(CLI, ['bank'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  // Six texts of the same bank padded with 6 MB of JSON whitespace (different texts, so each is
  // parsed and its bank cached; a parsed bank is far smaller than its padded text): were the
  // texts kept, the wasm memory would grow by ≥ 36 MB.
  const PAD = 6 << 20;
  await page.route('**/banks/padded-*.json', (r) => {
    const n = Number(r.request().url().match(/padded-(\d+)/)[1]);
    r.fulfill({ status: 200, contentType: 'application/json', body: bankText + ' '.repeat(PAD + n) });
  });
  const wasmMemory = () => page.evaluate(async () => (await (await import('/pkg/openfem.js')).default()).memory.buffer.byteLength);
  await addElement(page, 'padded', '/banks/padded-0.json');
  const before = await wasmMemory();
  for (let n = 1; n <= 6; n++) {
    await page.evaluate(async (n) => {
      const el = document.getElementById('padded');
      el.setAttribute('bank', `/banks/padded-${n}.json`);
      await el.ready;
    }, n);
  }
  const after = await wasmMemory();
  assert.deepEqual(await page.evaluate(() => window.__errors), []);
  console.log(`wasm memory ${(before / 1048576).toFixed(1)} MB → ${(after / 1048576).toFixed(1)} MB after 6 re-mounts`);
  assert.ok(after - before < 5 * PAD, `grew by ${((after - before) / 1048576).toFixed(1)} MB`);
});
