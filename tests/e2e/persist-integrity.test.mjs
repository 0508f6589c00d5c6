// Answers that cannot vanish (issue #15): browser storage that is missing, never opens, is blocked
// or taken over by another tab; two tabs' merges and journals; a journal that cannot be written;
// storage the browser may evict; the export link; rows of a deselected option set aside; a file
// with a byte-order mark imported as the CLI reads it.
//
// Storage failures are made by patching the browser's own prototypes from an init script (the
// production code has no test hook); answers are always given by clicking, as a user does.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openApp, scoredRefs, gotoSection, choose, cliScore } from './helpers.mjs';
import { app, ready, stored, waitStored, status, crash, pickFile } from './persist-util.mjs';
import { start } from './helpers.mjs';

const EMS_L1 = scoredRefs('ems', 1);
const checked = (page, ref, v) =>
  page.waitForFunction(([r, v]) => document.querySelector(`#q-${r} input[value="${v}"]`)?.checked, [ref, v], { timeout: 10_000 });

/** Every journal in this page's localStorage, parsed: [{key, journal}]. */
const journals = (page) =>
  page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.includes(':journal:'))
      .map((key) => ({ key, journal: JSON.parse(localStorage.getItem(key)) })));

/** A started browser whose page runs `script` before the app (on every load). */
async function appWith(t, script, arg) {
  const a = await start();
  t.after(a.close);
  await a.page.addInitScript(script, arg);
  await openApp(a.page, a.url);
  await ready(a.page);
  return a;
}

/** Opens a request to another database and swallows its events, so it never completes (or,
 *  with `blocked`, reports that another tab blocks it), while `localStorage.__idb` says so. */
function stuckOpen() {
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function (name, version) {
    const mode = localStorage.getItem('__idb');
    if (!mode) return open.call(this, name, version);
    const request = open.call(this, `__stuck_${name}`, version);
    let onblocked = null;
    for (const event of ['onsuccess', 'onerror', 'onupgradeneeded']) {
      Object.defineProperty(request, event, { set() {}, get() { return null; } });
    }
    Object.defineProperty(request, 'onblocked', { set(f) { onblocked = f; }, get() { return onblocked; } });
    if (mode === 'blocked') {
      setTimeout(() => onblocked?.(new IDBVersionChangeEvent('blocked', { oldVersion: 0, newVersion: version })), 50);
    }
    return request;
  };
}

test('IndexedDB never opens: the widget says so in time, keeps the answers in the journal, offers Export', async (t) => {
  const a = await start();
  t.after(a.close);
  await a.page.addInitScript(stuckOpen);
  await a.page.goto(a.url);
  await a.page.evaluate(() => localStorage.setItem('__idb', 'stuck'));
  await openApp(a.page, a.url);
  await ready(a.page); // `ready` comes: the widget does not wait for ever
  const page = a.page;
  assert.equal(await status(page), 'failed');
  assert.match(await page.textContent('#ofem-storage-warning'), /storage did not open/);
  assert.ok(await page.isVisible('#ofem-warning-export'), 'Export is offered');
  await gotoSection(page, 'ems');
  await choose(page, EMS_L1[0], 'yes');
  const kept = await journals(page);
  assert.ok(kept.some((j) => j.journal.draft.answers[EMS_L1[0]] === 'yes'), 'journalled');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#ofem-warning-export')]);
  const doc = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(doc.answers[EMS_L1[0]], 'yes');
  // Storage works again: the journal's answer is stored, nothing was lost.
  await page.evaluate(() => localStorage.removeItem('__idb'));
  await page.reload();
  await ready(page);
  const d = await waitStored(page, (d) => d.answers[EMS_L1[0]] === 'yes', 'the journal stored');
  assert.equal(await status(page), 'saved');
  console.log(`stuck IndexedDB: recovered into revision ${d.revision}`);
});

test('IndexedDB blocked by another tab: said at once, not after the time-out', async (t) => {
  const a = await start();
  t.after(a.close);
  await a.page.addInitScript(stuckOpen);
  await a.page.goto(a.url);
  await a.page.evaluate(() => localStorage.setItem('__idb', 'blocked'));
  await openApp(a.page, a.url);
  await ready(a.page);
  assert.match(await a.page.textContent('#ofem-storage-warning'), /older version of this page open/);
  await gotoSection(a.page, 'ems');
  await choose(a.page, EMS_L1[1], 'no');
  assert.ok((await journals(a.page)).some((j) => j.journal.draft.answers[EMS_L1[1]] === 'no'));
});

test('IndexedDB missing (disabled storage): the widget says so and keeps working on the journal', async (t) => {
  const { page } = await appWith(t, () => {
    Object.defineProperty(window, 'indexedDB', { get() { throw new DOMException('denied', 'SecurityError'); } });
  });
  assert.equal(await status(page), 'failed');
  assert.ok(await page.isVisible('#ofem-warning-export'));
  await gotoSection(page, 'ems');
  await choose(page, EMS_L1[2], 'yes');
  assert.ok((await journals(page)).some((j) => j.journal.draft.answers[EMS_L1[2]] === 'yes'));
  await page.reload();
  await ready(page);
  await gotoSection(page, 'ems');
  await checked(page, EMS_L1[2], 'yes');
});

test('another tab upgrades the database (versionchange): this tab lets go, says so, keeps answering', async (t) => {
  const { page } = await app(t);
  await gotoSection(page, 'ems');
  await choose(page, EMS_L1[0], 'yes');
  await waitStored(page, (d) => d.answers[EMS_L1[0]] === 'yes');
  // A newer OpenFEM in another tab opens the database at a higher version: it must not be
  // blocked by this tab's connection.
  const upgraded = await page.evaluate(() => new Promise((resolve, reject) => {
    const r = indexedDB.open('openfem', 3); // one above the widget's (src/ui/store.rs DB_VERSION)
    r.onblocked = () => resolve('blocked');
    r.onerror = () => reject(r.error);
    r.onsuccess = () => { r.result.close(); resolve('opened'); };
  }));
  assert.equal(upgraded, 'opened', 'the other tab is not blocked');
  await page.waitForSelector('#ofem-storage-warning');
  assert.match(await page.textContent('#ofem-storage-warning'), /newer version of this page/);
  await choose(page, EMS_L1[1], 'no');
  assert.ok((await journals(page)).some((j) => j.journal.draft.answers[EMS_L1[1]] === 'no'), 'journalled');
});

test('a journal that cannot be written shows "Not saved" until the answer is stored', async (t) => {
  const { page } = await appWith(t, () => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (String(key).includes(':journal:')) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return setItem.call(this, key, value);
    };
    // IndexedDB reads hang while `__hold` is set, so the write cannot finish in the meantime.
    const get = IDBObjectStore.prototype.get;
    IDBObjectStore.prototype.get = function (...args) {
      const request = get.apply(this, args);
      if (window.__hold) Object.defineProperty(request, 'onsuccess', { set() {}, get() { return null; } });
      return request;
    };
  });
  await gotoSection(page, 'ems');
  await page.evaluate(() => { window.__hold = true; });
  await choose(page, EMS_L1[0], 'yes');
  await page.waitForSelector('#ofem-save-status[data-status="failed"]', { timeout: 5_000 });
  assert.match(await page.textContent('#ofem-save-status'), /Not saved/);
  await page.evaluate(() => { window.__hold = false; });
  await choose(page, EMS_L1[1], 'yes');
  await page.waitForSelector('#ofem-save-status[data-status="saved"]');
  await waitStored(page, (d) => d.answers[EMS_L1[0]] === 'yes' && d.answers[EMS_L1[1]] === 'yes');
});

test('two tabs: a merge keeps the name the other tab gave the draft', async (t) => {
  const { page: a, context, url } = await app(t);
  const b = await context.newPage();
  await b.addInitScript(() => { delete window.BroadcastChannel; }); // B hears nothing
  await openApp(b, url);
  await ready(b);
  await a.click('#ofem-draft-rename');
  await a.locator('#ofem-draft-name').press('Control+a');
  await a.locator('#ofem-draft-name').press('Delete');
  await a.locator('#ofem-draft-name').pressSequentially('Dhaka plant 2024');
  await a.click('#ofem-draft-name-save');
  await waitStored(a, (d) => d.name === 'Dhaka plant 2024');
  // B, stale, answers: its write meets A's newer revision and merges.
  await gotoSection(b, 'ems');
  await choose(b, EMS_L1[0], 'yes');
  const merged = await waitStored(b, (d) => d.answers[EMS_L1[0]] === 'yes', 'merged');
  assert.equal(merged.name, 'Dhaka plant 2024', 'the rename in the other tab is kept');
  await b.waitForFunction(() => document.querySelector('#ofem-draft-select option:checked')?.textContent.includes('Dhaka plant 2024'));
});

test('two tabs: a tab that crashes before its save keeps its change, whatever the other tab saves', async (t) => {
  const { page: a, context, url } = await app(t);
  // A's IndexedDB writes hang: its change is only in its journal when it crashes.
  await a.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (...args) {
      if (window.__hold) throw new DOMException('held by the test', 'UnknownError');
      return put.apply(this, args);
    };
  });
  await a.reload();
  await ready(a);
  const b = await context.newPage();
  await openApp(b, url);
  await ready(b);
  await gotoSection(a, 'ems');
  await gotoSection(b, 'ems');
  await a.evaluate(() => { window.__hold = true; });
  await choose(a, EMS_L1[0], 'yes');
  await crash(context, a);
  // B answers and saves (clearing its own journal, not A's).
  await choose(b, EMS_L1[1], 'no');
  await waitStored(b, (d) => d.answers[EMS_L1[1]] === 'no');
  await b.waitForSelector('#ofem-save-status[data-status="saved"]');
  const c = await context.newPage();
  await openApp(c, url);
  await ready(c);
  const d = await waitStored(c, (d) => d.answers[EMS_L1[0]] === 'yes' && d.answers[EMS_L1[1]] === 'no', 'both changes');
  console.log(`crashed tab: its change stored at revision ${d.revision}`);
});

test('storage the browser may evict: one reminder to export, dismissable, not shown again', async (t) => {
  const { page } = await appWith(t, () => {
    Object.defineProperty(navigator.storage, 'persist', { value: () => Promise.resolve(false) });
  });
  assert.equal(await page.locator('#ofem-export-reminder').count(), 0, 'nothing to lose yet');
  await gotoSection(page, 'ems');
  await choose(page, EMS_L1[0], 'yes');
  await page.waitForSelector('#ofem-export-reminder');
  assert.match(await page.textContent('#ofem-export-reminder'), /may delete your saved drafts/);
  await page.click('#ofem-reminder-dismiss');
  await page.waitForSelector('#ofem-export-reminder', { state: 'detached' });
  await page.reload();
  await ready(page);
  await page.waitForTimeout(300);
  assert.equal(await page.locator('#ofem-export-reminder').count(), 0, 'once');
});

test('no export for a long time: a reminder, gone once exported', async (t) => {
  const { page } = await appWith(t, () => {
    if (!localStorage.getItem('openfem:export:last')) {
      localStorage.setItem('openfem:export:last', String(Date.now() - 40 * 24 * 3600 * 1000));
    }
  });
  await gotoSection(page, 'ems');
  await choose(page, EMS_L1[0], 'yes');
  await page.waitForSelector('#ofem-export-reminder');
  assert.match(await page.textContent('#ofem-export-reminder'), /not been exported for 40 days/);
  await Promise.all([page.waitForEvent('download'), page.click('#ofem-reminder-export')]);
  await page.waitForSelector('#ofem-export-reminder', { state: 'detached' });
  await page.reload();
  await ready(page);
  await page.waitForSelector('#ofem-save-status'); // the drafts part that shows the reminder is there
  await page.waitForTimeout(300);
  assert.equal(await page.locator('#ofem-export-reminder').count(), 0);
});

test('export: the download link is not revoked before the download has started', async (t) => {
  const { page } = await appWith(t, () => {
    window.__revoked = [];
    const revoke = URL.revokeObjectURL;
    URL.revokeObjectURL = (url) => { window.__revoked.push(url); revoke(url); };
  });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#ofem-export')]);
  assert.equal(await page.evaluate(() => window.__revoked.length), 0, 'still valid when the download starts');
  const doc = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(doc.format, 'openfem-answers');
});

test('a permit row whose permit is deselected: set aside, shown, not scored; back when chosen again', async (t) => {
  const { page } = await app(t);
  await choose(page, 'sippermitsreq', 'water_use');
  await choose(page, 'sippermitsreq', 'ww_indirect');
  const select = '#q-sippermits select[id$="ww_indirect-sippermitstatus"]';
  await page.waitForSelector(select);
  await page.selectOption(select, 'not_available');
  await page.waitForSelector('#ofem-zeroed');
  await page.uncheck('#q-sippermitsreq input[value="ww_indirect"]');
  await page.waitForFunction(() => !document.querySelector('#ofem-zeroed'));
  await page.waitForSelector('#ofem-set-aside-rows li[data-ref="sippermits[ww_indirect]"]');
  assert.match(await page.textContent('#ofem-set-aside-rows'), /indirect discharge/);
  // Kept in the draft, and the CLI scores the exported answers the same way.
  const d = await waitStored(page, (d) => d.answers.sippermitsreq?.length === 1 && d.answers.sippermits?.length >= 1);
  assert.ok(d.answers.sippermits.some((r) => r.row === 'ww_indirect'), 'kept in the draft');
  const cli = cliScore({ format: 'openfem-answers', version: 1, bank: 'fem-2024', answers: d.answers });
  assert.equal(cli.zeroed, null);
  await choose(page, 'sippermitsreq', 'ww_indirect');
  await page.waitForSelector('#ofem-zeroed');
  assert.equal(await page.inputValue(select), 'not_available', 'the row is back as it was');
  await page.waitForSelector('#ofem-set-aside-rows', { state: 'detached' });
});

test('an answers file with a byte-order mark imports as `openfem score` reads it', async (t) => {
  const { page } = await app(t);
  const doc = { format: 'openfem-answers', version: 1, bank: 'fem-2024', answers: { [EMS_L1[0]]: 'yes' } };
  await pickFile(page, '#ofem-import', 'bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(doc))]));
  await page.click('#ofem-import-replace');
  await gotoSection(page, 'ems');
  await checked(page, EMS_L1[0], 'yes');
  // The CLI reads the same bytes the same way.
  const cli = cliScore(`\ufeff${JSON.stringify(doc)}`);
  assert.equal(cli.bank, 'fem-2024');
});

test('a file that repeats a key is refused, the draft untouched', async (t) => {
  const { page } = await app(t);
  const before = await stored(page);
  const text = `{"format":"openfem-answers","version":1,"bank":"fem-2024","answers":{"${EMS_L1[0]}":"no","${EMS_L1[0]}":"yes"}}`;
  await pickFile(page, '#ofem-import', 'twice.json', text);
  await page.waitForFunction(() => /repeated key/.test(document.querySelector('#ofem-notice').textContent));
  assert.deepEqual(await stored(page), before);
});

test('embedded: with IndexedDB stuck, `ready` resolves and `dispose()` resolves', async (t) => {
  const a = await start();
  t.after(a.close);
  await a.page.addInitScript(stuckOpen);
  await a.page.goto(a.url + 'www/embed-demo.html');
  await a.page.evaluate(() => localStorage.setItem('__idb', 'stuck'));
  await a.page.reload();
  const outcome = await a.page.evaluate(async () => {
    const els = [...document.querySelectorAll('openfem-assessment')];
    await customElements.whenDefined('openfem-assessment');
    const settled = await Promise.allSettled(els.map((e) => e.ready));
    const disposed = await Promise.race([
      els[0].dispose().then(() => 'resolved', () => 'rejected'),
      new Promise((r) => setTimeout(() => r('hangs'), 15_000)),
    ]);
    return { ready: settled.map((s) => s.status), disposed };
  });
  assert.ok(outcome.ready.length >= 1);
  for (const s of outcome.ready) assert.ok(['fulfilled', 'rejected'].includes(s));
  assert.equal(outcome.disposed, 'resolved');
});
