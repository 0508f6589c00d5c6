// The built-in bank as a content-hashed data file (issue #17): fetched once, beside the wasm,
// compressed; a file that fails to load or is not this build's: a clear message, "Try again",
// and the saved answers untouched.
import test from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { DIST, CHROMIUM_ARGS, scoredRefs, gotoSection, choose, screenshot } from './helpers.mjs';
import { serve } from '../../scripts/serve.mjs';
import { ready, waitStored } from './persist-util.mjs';

const EMS_L1 = scoredRefs('ems', 1);

/** A copy of dist/ the test may break, served, and chromium with a fresh profile and no service
 * worker (which would otherwise answer from its cache). */
async function startCopy(t) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'openfem-site-'));
  cpSync(DIST, root, { recursive: true });
  const server = await serve({ root, port: 0 });
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'openfem-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    serviceWorkers: 'block',
  });
  t.after(async () => {
    await context.close().catch(() => {});
    await server.close();
    rmSync(userDataDir, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const bankName = readdirSync(path.join(root, 'pkg', 'data')).find((f) => /^bank\.[0-9a-f]{16}\.json$/.test(f));
  assert.ok(bankName, 'dist/pkg/data holds bank.<hash>.json');
  // Its precompressed copies go too: the file itself is what the test breaks.
  for (const ext of ['.br', '.gz']) rmSync(path.join(root, 'pkg', 'data', bankName + ext), { force: true });
  return { root, url: server.url, page, bank: path.join(root, 'pkg', 'data', bankName), bankName };
}

test('the bank is one content-hashed file, fetched once beside the wasm, compressed', async (t) => {
  const server = await serve({ root: DIST, port: 0 });
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'openfem-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, serviceWorkers: 'block',
  });
  t.after(async () => {
    await context.close().catch(() => {});
    await server.close();
    rmSync(userDataDir, { recursive: true, force: true });
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const requests = [];
  page.on('response', (r) => requests.push({ url: r.url(), encoding: r.headers()['content-encoding'] }));
  await page.goto(server.url);
  await ready(page);
  const bank = requests.filter((r) => /\/pkg\/data\/bank\.[0-9a-f]{16}\.json$/.test(r.url));
  assert.equal(bank.length, 1, `the bank is fetched once: ${bank.map((r) => r.url)}`);
  assert.equal(bank[0].encoding, 'br', 'served precompressed');
  const wasm = requests.find((r) => r.url.endsWith('/pkg/openfem_bg.wasm'));
  assert.equal(wasm.encoding, 'br');
  // Preloaded by index.html: requested before the wasm has arrived and started.
  const wasmReady = await page.evaluate(() => performance.getEntriesByName('openfem:wasm-ready')[0].startTime);
  const bankEntry = await page.evaluate(() => performance.getEntriesByType('resource').find((e) => e.name.includes('/pkg/data/bank.')));
  assert.ok(bankEntry.startTime < wasmReady, `bank requested at ${bankEntry.startTime} ms, wasm ready at ${wasmReady} ms`);
  // The help's prose is not on the first question's path: asked for once the view is built.
  const helpEntry = await page.evaluate(() => performance.getEntriesByType('resource').find((e) => /\/pkg\/data\/help\.[0-9a-f]{16}\.json$/.test(e.name)));
  const mounted = await page.evaluate(() => performance.getEntriesByName('openfem:mounted')[0].startTime);
  assert.ok(helpEntry, 'the help file is fetched');
  assert.ok(helpEntry.startTime > wasmReady, `help requested at ${helpEntry.startTime} ms, after the wasm was ready at ${wasmReady} ms`);
  console.log(`help requested at ${helpEntry.startTime.toFixed(0)} ms; wasm ready ${wasmReady.toFixed(0)} ms, mounted ${mounted.toFixed(0)} ms`);
  // The wasm no longer carries the bank's text.
  const wasmBytes = readFileSync(path.join(DIST, 'pkg', 'openfem_bg.wasm')).toString('latin1');
  assert.ok(!wasmBytes.includes('Does your facility have one or more employees with assigned responsibility'));
});

const changeTitle = (bank) => writeFileSync(bank, readFileSync(bank, 'utf8').replace('"title":"', '"title":"X'));
for (const [what, breakIt, withoutBrowserDigest] of [
  ['does not match its hash', changeTitle],
  // The widget checks the hash with the browser's crypto.subtle, which a page served over plain
  // http (not localhost) does not have: there the wasm's own SHA-256 checks it.
  ['does not match its hash, on a page without crypto.subtle', changeTitle, true],
  ['fails to load (404)', (bank) => renameSync(bank, `${bank}.away`)],
]) {
  test(`a bank file that ${what}: a clear message, "Try again" works, nothing lost`, async (t) => {
    const { page, url, bank } = await startCopy(t);
    if (withoutBrowserDigest) {
      await page.addInitScript(() => Object.defineProperty(Crypto.prototype, 'subtle', { get: () => undefined }));
    }
    await page.goto(url);
    if (withoutBrowserDigest) assert.equal(await page.evaluate(() => crypto.subtle), undefined);
    await ready(page);
    await gotoSection(page, 'ems');
    await choose(page, EMS_L1[0], 'yes');
    await waitStored(page, (d) => d.answers[EMS_L1[0]] === 'yes');

    // The file is cached for good under its hashed name: a broken one reaches a browser that
    // has not got it yet (here: the same browser, its HTTP cache cleared).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.clearBrowserCache');
    const original = readFileSync(bank);
    breakIt(bank);
    await page.reload();
    const alert = page.locator('[data-error="bank-file"]');
    await alert.waitFor({ timeout: 30_000 });
    const text = await alert.textContent();
    assert.match(text, /questions could not be loaded/);
    assert.match(text, what.includes('hash') ? /not the file this version expects/ : /HTTP 404/);
    assert.match(text, /saved answers are safe/);
    assert.equal(await page.getAttribute('#openfem', 'aria-busy'), null, 'not left busy');
    await screenshot(page, `data-files-${what.includes('hash') ? 'hash' : '404'}`);

    // Fixed on the server: "Try again" (keyboard) loads it, with the answer given before.
    rmSync(`${bank}.away`, { force: true });
    writeFileSync(bank, original);
    await page.focus('[data-error="bank-file"] button');
    await page.keyboard.press('Enter');
    await ready(page);
    await gotoSection(page, 'ems');
    assert.ok(await page.isChecked(`#q-${EMS_L1[0]} input[value="yes"]`), 'the saved answer is back');
  });
}
