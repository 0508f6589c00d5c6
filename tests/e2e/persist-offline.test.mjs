// Offline use (issue #5): the service worker caches the app on first visit; with the network
// off, reload, answering and export work. A new build waits for the user's "Reload now".
import test from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { DIST, CHROMIUM_ARGS, scoredRefs, bankSection, gotoSection, choose, exportAnswers, screenshot } from './helpers.mjs';
import { serve } from '../../scripts/serve.mjs';
import { ready, waitStored } from './persist-util.mjs';

const EMS_L1 = scoredRefs('ems', 1);

/** Like helpers.start(), on a copy of dist/ the test may change (a "new build"), at each of
 * `paths` under the server's root (two deployments on one origin). */
async function startCopy(t, { paths = [''] } = {}) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'openfem-site-'));
  for (const p of paths) cpSync(DIST, path.join(root, p), { recursive: true });
  const server = await serve({ root, port: 0 });
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'openfem-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    acceptDownloads: true,
  });
  t.after(async () => {
    await context.close().catch(() => {});
    await server.close();
    rmSync(userDataDir, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { root, url: server.url, context, page, errors };
}


test('network off after the first load: reload, answer, export', async (t) => {
  const { page, context, url, errors } = await startCopy(t);
  await page.goto(url);
  await ready(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  const cached = await page.evaluate(async () => {
    const keys = await caches.keys();
    const cache = await caches.open(keys.find((k) => k.startsWith('openfem ')));
    return { keys, urls: (await cache.keys()).map((r) => new URL(r.url).pathname) };
  });
  console.log(`cache ${cached.keys.join(', ')}: ${cached.urls.join(' ')}`);
  assert.ok(cached.urls.includes('/pkg/openfem_bg.wasm'));
  assert.ok(cached.urls.includes('/index.html'));
  assert.ok(cached.urls.some((u) => /^\/pkg\/data\/bank\.[0-9a-f]{16}\.json$/.test(u)), 'the bank file is cached');

  await context.setOffline(true);
  await page.reload();
  await ready(page);
  assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'served by the worker');
  await gotoSection(page, 'ems');
  await choose(page, EMS_L1[0], 'yes');
  await waitStored(page, (d) => d.answers[EMS_L1[0]] === 'yes');
  const doc = await exportAnswers(page);
  assert.equal(doc.answers[EMS_L1[0]], 'yes');
  // And once more offline: the answer is back.
  await page.reload();
  await ready(page);
  await gotoSection(page, 'ems');
  assert.ok(await page.isChecked(`#q-${EMS_L1[0]} input[value="yes"]`));
  // The help's prose, a data file of its own (docs/web-build.md), was cached at install too.
  assert.ok(cached.urls.some((u) => /^\/pkg\/data\/help\.[0-9a-f]{16}\.json$/.test(u)), 'the help file is cached');
  await page.click(`#q-${EMS_L1[0]} .ofem-help summary`);
  const intent = bankSection('ems').questions.find((q) => q.ref === EMS_L1[0]).help.intent;
  await page.locator(`#q-${EMS_L1[0]} .ofem-help dd`, { hasText: intent }).waitFor();
  // The deferred parts (src/ui/deferred.rs) were cached at install: the energy panel and the
  // report open offline too.
  assert.ok(cached.urls.includes('/pkg/split_energy.wasm'), 'the energy part is cached');
  assert.ok(cached.urls.includes('/pkg/split_report.wasm'), 'the report part is cached');
  await gotoSection(page, 'energy');
  await page.waitForSelector('#ofem-energy');
  await page.click('#ofem-report-button');
  await page.waitForSelector('#ofem-report');
  await page.click('#ofem-report-close');
  await screenshot(page, 'persist-offline');
  assert.deepEqual(errors, []);
});

test('a new version waits for the user, then activates on "Reload now"', async (t) => {
  const { page, root, url } = await startCopy(t);
  await page.goto(url);
  await ready(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload(); // now controlled by the first worker
  await ready(page);
  const before = await page.evaluate(() => caches.keys());
  await gotoSection(page, 'ems');
  await choose(page, EMS_L1[0], 'yes');

  // "Deploy" a new build: another build hash in sw.js.
  const sw = path.join(root, 'sw.js');
  writeFileSync(sw, readFileSync(sw, 'utf8').replace(/const BUILD = '[^']*'/, "const BUILD = 'next-build'"));
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  await page.waitForSelector('#ofem-update', { timeout: 15_000 });
  assert.match(await page.textContent('#ofem-update'), /new version of OpenFEM is ready/);
  // Not activated behind the user's back: same page, same worker, the answer still on screen.
  await page.waitForTimeout(500);
  assert.ok(await page.isChecked(`#q-${EMS_L1[0]} input[value="yes"]`));
  assert.ok(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).waiting !== null), 'waiting');
  await screenshot(page, 'persist-update-ready');

  await Promise.all([page.waitForEvent('load'), page.click('#ofem-update-reload')]);
  await ready(page);
  const after = await page.evaluate(() => caches.keys());
  console.log(`caches before ${before.join(',')} after ${after.join(',')}`);
  assert.deepEqual(after, [`openfem ${url} next-build`], 'the new version took over, the old cache is gone');
  await gotoSection(page, 'ems');
  assert.ok(await page.isChecked(`#q-${EMS_L1[0]} input[value="yes"]`), 'answer kept across the update');
});

/** Deploys "a new build" at `dir`: another build id in its sw.js (and so another cache). */
function deployNewBuild(dir, build) {
  const sw = path.join(dir, 'sw.js');
  writeFileSync(sw, readFileSync(sw, 'utf8').replace(/const BUILD = '[^']*'/, `const BUILD = '${build}'`));
  return sw;
}

test('two deployments on one origin keep each other\'s offline copy', async (t) => {
  const { page, context, root, url } = await startCopy(t, { paths: ['a', 'b'] });
  for (const p of ['a/', 'b/']) {
    await page.goto(url + p);
    await ready(page);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await ready(page);
  }
  // /b/ gets a new version and the user takes it: /b/'s old cache goes, /a/'s stays.
  deployNewBuild(path.join(root, 'b'), 'b-next');
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  await page.waitForSelector('#ofem-update', { timeout: 15_000 });
  await Promise.all([page.waitForEvent('load'), page.click('#ofem-update-reload')]);
  await ready(page);
  const keys = await page.evaluate(() => caches.keys());
  console.log(`caches: ${keys.join(' | ')}`);
  // /a/ still opens with the network off.
  await context.setOffline(true);
  await page.goto(url + 'a/');
  await ready(page);
  assert.ok(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL.includes('/a/')));
  assert.ok(keys.includes(`openfem ${url}b/ b-next`), "b's new cache");
  assert.equal(keys.filter((k) => k.startsWith(`openfem ${url}b/ `)).length, 1, "b's old cache dropped");
  assert.equal(keys.filter((k) => k.startsWith(`openfem ${url}a/ `)).length, 1, "a's cache kept");
});

test('a half-finished deploy is never cached: the version in use stays', async (t) => {
  const { page, root, url } = await startCopy(t);
  await page.goto(url);
  await ready(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await ready(page);
  const before = await page.evaluate(() => caches.keys());
  // The new sw.js is up but the wasm is still being copied: a truncated file.
  deployNewBuild(root, 'half-deployed');
  const wasm = path.join(root, 'pkg', 'openfem_bg.wasm');
  writeFileSync(wasm, readFileSync(wasm).subarray(0, 1000));
  for (const ext of ['.br', '.gz']) rmSync(wasm + ext, { force: true });
  const state = await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    await reg.update().catch(() => {});
    // Wait for the install to end one way or the other.
    const worker = reg.installing;
    if (worker && worker.state === 'installing') {
      await new Promise((resolve) => worker.addEventListener('statechange', resolve, { once: true }));
    }
    return { waiting: reg.waiting !== null, installed: worker?.state ?? null };
  });
  assert.equal(state.waiting, false, `no new version offered (${JSON.stringify(state)})`);
  assert.deepEqual(await page.evaluate(() => caches.keys()), before, 'no cache of the broken build');
  assert.equal(await page.$('#ofem-update'), null, 'no "new version" banner');
});

test('"Reload now" works in every open tab', async (t) => {
  const { page, context, root, url } = await startCopy(t);
  await page.goto(url);
  await ready(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await ready(page);
  const other = await context.newPage();
  await other.goto(url);
  await ready(other);

  deployNewBuild(root, 'next-build');
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  await page.waitForSelector('#ofem-update', { timeout: 15_000 });
  await other.waitForSelector('#ofem-update', { timeout: 15_000 });
  // The first tab takes the new version...
  await Promise.all([page.waitForEvent('load'), page.click('#ofem-update-reload')]);
  await ready(page);
  // ...and the other tab's button, pressed later, still reloads it onto the new version.
  await Promise.all([other.waitForEvent('load', { timeout: 10_000 }), other.click('#ofem-update-reload')]);
  await ready(other);
  const build = await other.evaluate(async () => (await caches.keys()).join(','));
  assert.match(build, /next-build/);
  assert.equal(await other.$('#ofem-update'), null, 'the other tab runs the new version');
});
