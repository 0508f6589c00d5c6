// Autosave (issue #5): reload and crash keep every answer, the save status, storage-full.
import test from 'node:test';
import assert from 'node:assert/strict';
import { openApp, scoredRefs, gotoSection, choose, scoreText, exportAnswers, screenshot, assertNoAxeViolations, report } from './helpers.mjs';
import { app, ready, waitStored, status, crash, QUOTA_SCRIPT, stored } from './persist-util.mjs';

const EMS_L1 = scoredRefs('ems', 1);

test('reload mid-assessment: every answer is back, from IndexedDB', async (t) => {
  const { page, url, problems } = await app(t);
  await gotoSection(page, 'ems');
  const refs = EMS_L1.slice(0, 5);
  for (const ref of refs) await choose(page, ref, 'yes');
  const t0 = Date.now();
  const saved = await waitStored(page, (d) => refs.every((r) => d.answers[r] === 'yes'), 'five answers');
  report('last answer → in IndexedDB (poll)', Date.now() - t0);
  assert.equal(saved.format, 1);
  assert.equal(saved.bank, 'fem-2024');
  assert.ok(saved.bank_version, 'the draft records the bank version');
  await page.waitForSelector('#ofem-save-status[data-status="saved"]');
  assert.match(await page.textContent('#ofem-save-status'), /Saved/);
  // Routine saves are shown, not announced: the visible status is no live region and the
  // save announcer said nothing through five saves.
  assert.equal(await page.getAttribute('#ofem-save-status', 'role'), null);
  assert.equal(await page.getAttribute('#ofem-save-status', 'aria-live'), null);
  assert.equal(await page.getAttribute('#ofem-save-live', 'role'), 'status');
  assert.equal((await page.textContent('#ofem-save-live')).trim(), '');
  const total = await scoreText(page);
  await page.reload();
  await ready(page);
  await gotoSection(page, 'ems');
  for (const ref of refs) assert.ok(await page.isChecked(`#q-${ref} input[value="yes"]`), `${ref} back`);
  assert.equal(await scoreText(page), total);
  assert.deepEqual(problems, []);
});

test('kill the page right after an answer: it is back (journal)', async (t) => {
  const { page, context, url } = await app(t);
  await gotoSection(page, 'ems');
  await choose(page, EMS_L1[0], 'yes');
  await waitStored(page, (d) => d.answers[EMS_L1[0]] === 'yes');
  // The second answer, then the renderer is killed at once: no pagehide, no IndexedDB commit
  // to wait for. The synchronous journal written on the change must bring it back.
  await page.check(`#q-${EMS_L1[1]} input[value="no"]`);
  await crash(context, page);
  const page2 = await context.newPage();
  await openApp(page2, url);
  await ready(page2);
  await gotoSection(page2, 'ems');
  assert.ok(await page2.isChecked(`#q-${EMS_L1[0]} input[value="yes"]`), 'first answer back');
  assert.ok(await page2.isChecked(`#q-${EMS_L1[1]} input[value="no"]`), 'answer given just before the crash back');
  const notice = (await page2.textContent('#ofem-notice')).trim();
  console.log(`after crash: notice = ${JSON.stringify(notice)}`);
  // Whichever path brought it back, it ends up in IndexedDB.
  await waitStored(page2, (d) => d.answers[EMS_L1[1]] === 'no', 'recovered answer stored');
});

test('storage full: visible warning, Export offered, nothing dropped; saving resumes', async (t) => {
  const { page, context, url, close } = await (async () => {
    const { start } = await import('./helpers.mjs');
    const a = await start();
    t.after(a.close);
    await a.page.addInitScript(QUOTA_SCRIPT);
    await openApp(a.page, a.url);
    await ready(a.page);
    return a;
  })();
  await gotoSection(page, 'ems');
  await choose(page, EMS_L1[0], 'yes');
  await waitStored(page, (d) => d.answers[EMS_L1[0]] === 'yes');
  await page.evaluate(() => (window.__failWrites = true));
  await choose(page, EMS_L1[1], 'yes');
  await page.waitForSelector('#ofem-storage-warning');
  assert.equal(await status(page), 'failed');
  const statusText = await page.textContent('#ofem-save-status');
  assert.match(statusText, /Not saved: browser storage is full/);
  const warning = await page.textContent('#ofem-storage-warning');
  assert.match(warning, /export/i);
  assert.equal(await page.getAttribute('#ofem-storage-warning', 'role'), 'alert');
  assert.equal((await page.textContent('#ofem-save-live')).trim(), '', 'the alert says it, not the status');
  await screenshot(page, 'persist-storage-full');
  // In memory: both answers, still answering works.
  await choose(page, EMS_L1[2], 'yes');
  for (const ref of EMS_L1.slice(0, 3)) assert.ok(await page.isChecked(`#q-${ref} input[value="yes"]`));
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#ofem-warning-export')]);
  const doc = JSON.parse(await (await import('node:fs')).promises.readFile(await download.path(), 'utf8'));
  for (const ref of EMS_L1.slice(0, 3)) assert.equal(doc.answers[ref], 'yes', `${ref} in the export`);
  const during = JSON.parse(Object.values(await stored(page))[0]);
  assert.equal(during.answers[EMS_L1[1]], undefined, 'the failed writes did not reach IndexedDB');
  await assertNoAxeViolations(page, { include: '.ofem-files' });
  // Space again: the next change saves everything.
  await page.evaluate(() => (window.__failWrites = false));
  await choose(page, EMS_L1[3], 'yes');
  await waitStored(page, (d) => EMS_L1.slice(0, 4).every((r) => d.answers[r] === 'yes'), 'all four after recovery');
  await page.waitForSelector('#ofem-storage-warning', { state: 'detached' });
  assert.equal(await status(page), 'saved');
  // The recovery is announced (politely, once); the next routine save adds nothing.
  assert.match(await page.textContent('#ofem-save-live'), /Saving works again: all your answers are saved/);
  await choose(page, EMS_L1[4], 'yes');
  await waitStored(page, (d) => d.answers[EMS_L1[4]] === 'yes');
  assert.match(await page.textContent('#ofem-save-live'), /Saving works again/);
});

test('hiding or leaving the page writes at once, without waiting for the 300 ms coalescing', async (t) => {
  const { start } = await import('./helpers.mjs');
  const a = await start();
  t.after(a.close);
  const { page } = a;
  // Playwright's fake clock: time runs normally until pauseAt, after which no page timer fires,
  // so the coalescing timeout cannot write. Only the flush on hide/pagehide can.
  await page.clock.install();
  await openApp(page, a.url);
  await ready(page);
  await gotoSection(page, 'ems');
  await choose(page, EMS_L1[0], 'yes');
  await waitStored(page, (d) => d.answers[EMS_L1[0]] === 'yes', 'first answer (timers running)');
  await page.clock.pauseAt(await page.evaluate(() => Date.now() + 1000));
  const hasAnswer = async (ref, v) => (JSON.parse(Object.values(await stored(page))[0]).answers[ref] === v);
  const realWait = (ms) => new Promise((r) => setTimeout(r, ms));

  // visibilitychange → hidden.
  await choose(page, EMS_L1[1], 'no');
  await realWait(800);
  assert.equal(await hasAnswer(EMS_L1[1], 'no'), false, 'timers paused: the coalesced write has not run');
  assert.equal(await status(page), 'saving');
  let t0 = Date.now();
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await waitStored(page, (d) => d.answers[EMS_L1[1]] === 'no', 'answer flushed on visibilitychange', 5_000);
  report('visibilitychange → in IndexedDB (page timers paused)', Date.now() - t0);
  await page.waitForSelector('#ofem-save-status[data-status="saved"]');

  // Visible again (no flush needed), then pagehide.
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await choose(page, EMS_L1[2], 'yes');
  await realWait(800);
  assert.equal(await hasAnswer(EMS_L1[2], 'yes'), false, 'timers paused: the coalesced write has not run');
  t0 = Date.now();
  await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false })));
  await waitStored(page, (d) => d.answers[EMS_L1[2]] === 'yes', 'answer flushed on pagehide', 5_000);
  report('pagehide → in IndexedDB (page timers paused)', Date.now() - t0);
});
