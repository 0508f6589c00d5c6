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

async function addElement(page, id, bank, locale) {
  await page.evaluate(async ({ id, bank, locale }) => {
    const el = document.createElement('openfem-assessment');
    el.id = id;
    el.setAttribute('draft', id);
    el.setAttribute('bank', bank);
    if (locale) el.setAttribute('locale', locale);
    document.querySelector('main').append(el);
    await el.ready;
  }, { id, bank, locale });
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
  assert.match(by['as-html'].message, /\/banks\/as-html is served as text\/html, not as JSON/);
  assert.equal(by.huge?.code, 'bank');
  assert.match(by.huge.message, /larger than 8 MB/);
  assert.equal(by.ok, undefined, 'JSON with a charset is fine');
  assert.ok(await page.locator('#ok .ofem-question').first().isVisible());
  assert.match(await page.locator('#as-html .ofem-error[role="alert"]').textContent(), /not as JSON/);
});

test("the element's own bank-fetch failures are said in the widget's language", async (t) => {
  const { page } = await demo(t);
  await page.route('**/banks/missing.json', (r) => r.fulfill({ status: 404, contentType: 'text/plain', body: 'no' }));
  await page.route('**/banks/page.html', (r) => r.fulfill({ status: 200, contentType: 'text/html', body: '<p>login</p>' }));
  await page.route('**/banks/offline.json', (r) => r.abort('internetdisconnected'));
  await addElement(page, 'missing-vi', '/banks/missing.json', 'vi');
  await addElement(page, 'html-zh', '/banks/page.html', 'zh-CN');
  await addElement(page, 'offline-vi', '/banks/offline.json', 'vi');
  const shown = async (id) => (await page.locator(`#${id} .ofem-error[role="alert"]`).textContent()).trim();
  const missing = await shown('missing-vi');
  const html = await shown('html-zh');
  const offline = await shown('offline-vi');
  console.log(`vi: ${missing}\nzh-CN: ${html}\nvi: ${offline}`);
  assert.match(missing, /máy chủ từ chối \S*\/banks\/missing\.json \(HTTP 404\)/);
  assert.match(html, /\/banks\/page\.html 返回的内容类型是 text\/html，不是 JSON/);
  assert.match(offline, /không kết nối được tới \S*\/banks\/offline\.json/);
  for (const text of [missing, html, offline]) assert.doesNotMatch(text, /HTTP \d+$|served as|could not be reached/);
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

test('a bank fetched from a URL is freed with the last widget showing it (disposed or re-mounted)', async (t) => {
  const { page, problems } = await demo(t);
  const builtin = JSON.parse(execFileSync(CLI, ['bank'], { encoding: 'utf8', maxBuffer: 64 << 20 }));
  // Ten distinct banks: the built-in one under another version each (≈ 270 KB of JSON apiece).
  await page.route('**/banks/copy-*.json', (r) => {
    const n = Number(r.request().url().match(/copy-(\d+)/)[1]);
    r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ...builtin, version: `2024.1.${100 + n}` }) });
  });
  const live = () => page.evaluate(async () => (await import('/pkg/openfem.js')).liveBanks());
  const wasmMemory = () => page.evaluate(async () => (await (await import('/pkg/openfem.js')).default()).memory.buffer.byteLength);
  /** Disposes the element, then waits until the banks alive are `count` (a few frames at most). */
  async function disposeAndCount(id, count) {
    await page.evaluate(async (id) => {
      const el = document.getElementById(id);
      el.remove();
      await el.dispose();
    }, id);
    await page.waitForFunction(async (count) => (await import('/pkg/openfem.js')).liveBanks() === count, count, { timeout: 5000 })
      .catch(async () => assert.fail(`${await live()} banks alive after disposing ${id}, expected ${count}`));
  }
  async function add(id, bank, locale) {
    await page.evaluate(async ({ id, bank, locale }) => {
      const el = document.createElement('openfem-assessment');
      el.id = id;
      el.setAttribute('draft', id);
      el.setAttribute('bank', bank);
      if (locale) el.setAttribute('locale', locale);
      document.querySelector('main').append(el);
      await el.ready;
    }, { id, bank, locale });
  }

  // The demo's two widgets share the built-in bank, held for the page's lifetime.
  const base = await live();
  assert.equal(base, 1, 'the built-in bank, once');

  // Mounted then disposed one after another, every other one in Vietnamese (a bank from a URL
  // is shown as served in every language, docs/translating.md: no copy of it in Vietnamese).
  const memory = [];
  for (let n = 0; n < 10; n++) {
    const vi = n % 2 === 1;
    await add(`copy-${n}`, `/banks/copy-${n}.json`, vi ? 'vi' : 'en');
    await page.locator(`#copy-${n} .ofem-question`).first().waitFor();
    assert.equal(await live(), base + 1, `copy-${n}: its bank${vi ? ', shown as served in Vietnamese' : ''}`);
    await disposeAndCount(`copy-${n}`, base);
    memory.push(await wasmMemory());
  }
  const MB = 1048576;
  console.log(`wasm memory after each of 10 banks mounted and disposed (MB): ${memory.map((m) => (m / MB).toFixed(2)).join(' ')}`);
  // Were the banks kept (≈ 0.5 MB each, with their text and copies), memory would grow by
  // ≈ 4 MB over the last 8 rounds: freed memory is reused instead.
  assert.ok(memory[9] - memory[1] < 1 * MB, `grew by ${((memory[9] - memory[1]) / MB).toFixed(2)} MB from the 2nd to the 10th bank`);

  // Two widgets with the same bank share one copy; it lives until the second is disposed.
  await add('same-1', '/banks/copy-20.json');
  await add('same-2', '/banks/copy-20.json');
  assert.equal(await live(), base + 1, 'one bank for two widgets');
  await disposeAndCount('same-1', base + 1);
  await disposeAndCount('same-2', base);

  // A re-mount with another bank (the `bank` attribute changed) frees the one it showed.
  await add('remount', '/banks/copy-30.json');
  for (let n = 31; n <= 35; n++) {
    await page.evaluate(async (n) => {
      const el = document.getElementById('remount');
      el.setAttribute('bank', `/banks/copy-${n}.json`);
      await el.ready;
    }, n);
    await page.waitForFunction(async (count) => (await import('/pkg/openfem.js')).liveBanks() === count, base + 1, { timeout: 5000 })
      .catch(async () => assert.fail(`${await live()} banks alive after re-mounting with copy-${n}, expected ${base + 1}`));
  }
  await disposeAndCount('remount', base);
  assert.deepEqual(await page.evaluate(() => window.__errors), []);
  assert.deepEqual(problems, []);
});
