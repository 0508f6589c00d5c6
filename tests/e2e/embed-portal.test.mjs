// <openfem-assessment> as a portal team meets it (issue "drop-in for portal teams", and the
// storage items of "answers that cannot lie or vanish"), on the mock portal www/embed-demo.html:
// elements without `draft` keep their own drafts; setAnswers before `ready` is applied after the
// draft load; `readonly` locks the drafts bar; an invalid `draft` refuses to mount; every mount
// sends `openfem-ready` and the current `openfem-score`; the `chrome` attribute; a wasm URL that
// answers with HTML (a pre-bundling dev server) is reported with the fix.
import test from 'node:test';
import assert from 'node:assert/strict';
import { start, scoredRefs, idbDrafts } from './helpers.mjs';

const DEMO = 'www/embed-demo.html';

function recorder() {
  window.__csp = [];
  window.__events = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective}: ${e.blockedURI}`), true);
  for (const type of ['openfem-ready', 'openfem-change', 'openfem-score', 'openfem-complete', 'openfem-post', 'openfem-error']) {
    document.addEventListener(type, (e) => window.__events.push({ type, target: e.target.id, detail: e.detail }));
  }
}

async function demo(t) {
  const a = await start();
  t.after(a.close);
  await a.page.addInitScript(recorder);
  await a.page.goto(a.url + DEMO);
  await a.page.waitForSelector('#fem-a .ofem-question');
  await a.page.evaluate(() => Promise.all([...document.querySelectorAll('openfem-assessment')].map((e) => e.ready)));
  return a;
}

/** Adds an element with these attributes to the demo's <main>; resolves once it is ready. */
const add = (page, attrs, { id } = {}) => page.evaluate(async ({ attrs, id }) => {
  const el = document.createElement('openfem-assessment');
  if (id) el.id = id;
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  document.querySelector('main').append(el);
  await el.ready;
}, { attrs, id });

const events = (page, target) => page.evaluate((target) => window.__events.filter((e) => !target || e.target === target), target);
const databases = (page) => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name).sort());
const thrown = (page, id, method) => page.evaluate(({ id, method }) => {
  try { document.getElementById(id)[method](); return 'no throw'; } catch (e) { return e.message; }
}, { id, method });

/** Answers `ref` "yes" by clicking, in the widget `#id`, and waits until it is saved in
 *  `database` (or in any database). */
async function answer(page, id, ref, database) {
  await page.click(`#${id} .ofem-nav a[data-section="ems"]`);
  await page.click(`#${id} #q-${ref} input[value="yes"]`);
  await page.waitForFunction(async ({ database, ref }) => {
    const names = (await indexedDB.databases()).map((d) => d.name).filter((n) => !database || n === database);
    const has = (name) => new Promise((resolve) => {
      const r = indexedDB.open(name);
      r.onsuccess = () => {
        const db = r.result;
        if (!db.objectStoreNames.contains('drafts')) { db.close(); resolve(false); return; }
        const all = db.transaction('drafts').objectStore('drafts').getAll();
        all.onsuccess = () => { db.close(); resolve(all.result.some((d) => String(d).includes(`"${ref}":"yes"`))); };
      };
    });
    return (await Promise.all(names.map(has))).some(Boolean);
  }, { database, ref });
}

test('two elements without a draft attribute never share a stored draft; each gets its answers back after a reload', async (t) => {
  const { page, problems } = await demo(t);
  const ref = scoredRefs('ems', 1)[0];
  const addBoth = async () => {
    await add(page, { label: 'Plant one' }, { id: 'plant-one' });
    await add(page, { label: 'Plant two' }, { id: 'plant-two' });
    await add(page, { label: 'No id' }); // no id: keyed by its position among such elements
  };
  await addBoth();
  const keys = (await events(page)).filter((e) => e.type === 'openfem-ready' && e.target !== 'fem-a' && e.target !== 'fem-b').map((e) => e.detail.draft);
  await answer(page, 'plant-one', ref);
  assert.deepEqual(await page.evaluate(() => document.getElementById('plant-two').getAnswers().answers), {});

  // After a reload the same elements (same page, same ids) open their own drafts again, and
  // only plant one has the answer.
  await page.reload();
  await page.waitForSelector('#fem-a .ofem-question');
  await addBoth();
  const answers = await page.evaluate(() => [...document.querySelectorAll('main > openfem-assessment')].map((e) => e.getAnswers().answers));
  assert.deepEqual(answers, [{ [ref]: 'yes' }, {}, {}]);

  // Their keys (told by openfem-ready): page path hash + id, or position among the id-less.
  assert.equal(keys.length, 3);
  assert.equal(new Set(keys).size, 3, `three storage keys: ${keys}`);
  assert.match(keys[0], /^page\.[0-9a-f]{8}\.id-plant-one$/);
  assert.match(keys[2], /^page\.[0-9a-f]{8}\.n1$/);
  const dbs = await databases(page);
  assert.ok(dbs.includes(`openfem:draft:${keys[0]}`), dbs.join());
  assert.ok(!dbs.includes('openfem:draft:default'), 'nothing in a shared namespace');
  assert.deepEqual(problems, []);
});

test('setAnswers before ready is applied once the draft is loaded (not overwritten by it); a misfit one is reported', async (t) => {
  const { page, problems } = await demo(t);
  const [r1, r2] = scoredRefs('ems', 1);
  // A stored draft with r1 = yes.
  await add(page, { draft: 'early-set' }, { id: 'first' });
  await answer(page, 'first', r1, 'openfem:draft:early-set');
  await page.evaluate(async () => { const el = document.getElementById('first'); el.remove(); await el.dispose(); });

  // A new element on that draft, given answers at once, before its draft has loaded.
  const result = await page.evaluate(async ({ r2 }) => {
    const el = document.createElement('openfem-assessment');
    el.id = 'second';
    el.setAttribute('draft', 'early-set');
    document.querySelector('main').append(el);
    // Mounted, its draft still loading from IndexedDB (the window where it was lost).
    while (!el.shadowRoot.querySelector('.ofem-root')) await new Promise((r) => setTimeout(r, 1));
    const loading = !!el.shadowRoot.querySelector('.ofem-app[inert]');
    let early;
    try { el.getScore(); early = 'no throw'; } catch (e) { early = e.message; }
    el.setAnswers({ format: 'openfem-answers', version: 1, bank: 'fem-2024', answers: { [r2]: 'no' } });
    await el.ready;
    return { loading, early, answers: el.getAnswers().answers, score: el.getScore() };
  }, { r2 });
  assert.equal(result.loading, true, 'setAnswers was called while the draft loaded');
  assert.deepEqual(result.answers, { [r2]: 'no' }, 'the set answers replaced the loaded draft');
  assert.match(result.early, /not ready yet/, 'getScore() before ready throws (the draft is not loaded)');
  // The mount's score event carries them, and they are saved.
  const mount = (await events(page, 'second')).filter((e) => e.type !== 'openfem-change');
  assert.equal(mount[0].type, 'openfem-ready');
  assert.deepEqual(mount.filter((e) => e.type === 'openfem-score').at(-1).detail, result.score);
  await page.waitForFunction(async (r2) => {
    const el = document.getElementById('second');
    return el && el.getAnswers().answers[r2] === 'no';
  }, r2);
  for (let i = 0; i < 50 && !(await idbDrafts(page, 'openfem:draft:early-set')).some((d) => d.includes(`"${r2}":"no"`)); i++) await page.waitForTimeout(100);
  const stored = await idbDrafts(page, 'openfem:draft:early-set');
  assert.ok(stored.some((d) => d.includes(`"${r2}":"no"`) && !d.includes(`"${r1}":"yes"`)), stored.join('\n'));

  // A document that does not fit the bank, set before ready: an openfem-error, the draft kept.
  await page.evaluate(async () => {
    const el = document.createElement('openfem-assessment');
    el.id = 'third';
    el.setAttribute('draft', 'early-set');
    document.querySelector('main').append(el);
    el.setAnswers({ format: 'openfem-answers', version: 1, bank: 'fem-2024', answers: { nope: 'yes' } });
    await el.ready;
  });
  const errors = (await events(page, 'third')).filter((e) => e.type === 'openfem-error');
  assert.equal(errors.length, 1);
  assert.equal(errors[0].detail.code, 'answers');
  assert.match(errors[0].detail.message, /before the widget was ready were not applied .*nope/);
  assert.deepEqual(await page.evaluate(() => document.getElementById('third').getAnswers().answers), { [r2]: 'no' });
  assert.deepEqual(problems, []);
});

test('readonly locks the drafts bar: no draft can be created, renamed, duplicated, deleted or switched to', async (t) => {
  const { page, problems } = await demo(t);
  // Two drafts in one namespace, made by a user with the full drafts bar.
  await add(page, { draft: 'review', chrome: 'all' }, { id: 'editor' });
  await page.click('#editor #ofem-draft-new');
  await page.waitForFunction(() => document.getElementById('editor').shadowRoot.querySelectorAll('#ofem-draft-select option').length === 2);
  for (let i = 0; i < 50 && (await idbDrafts(page, 'openfem:draft:review')).length < 2; i++) await page.waitForTimeout(100);
  await page.evaluate(async () => { const el = document.getElementById('editor'); el.remove(); await el.dispose(); });
  const stored = await idbDrafts(page, 'openfem:draft:review');
  assert.equal(stored.length, 2);

  await add(page, { draft: 'review', chrome: 'all', readonly: '' }, { id: 'reviewer' });
  const select = page.locator('#reviewer #ofem-draft-select');
  await select.waitFor();
  assert.equal(await select.isVisible(), true, 'the open draft\'s name still shows');
  assert.equal(await select.isDisabled(), true, 'switching is locked');
  const opened = await select.inputValue();
  // A reviewer tries every action the drafts bar offers, with the mouse and the keyboard.
  for (const id of ['ofem-draft-new', 'ofem-draft-rename', 'ofem-draft-duplicate', 'ofem-draft-delete']) {
    const button = page.locator(`#reviewer #${id}`);
    assert.equal(await button.count(), 0, `${id} is not offered`);
  }
  await select.focus().catch(() => {});
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.waitForTimeout(300);
  assert.equal(await select.inputValue(), opened, 'the same draft is open');
  assert.deepEqual((await idbDrafts(page, 'openfem:draft:review')).sort(), stored.sort(), 'the stored drafts are unchanged');
  assert.equal(await page.locator('#reviewer #ofem-roll-button').isVisible(), false);
  assert.deepEqual(problems, []);
});

test('an invalid draft key refuses to mount with openfem-error; nothing is stored anywhere', async (t) => {
  const { page, problems } = await demo(t);
  const before = { dbs: await databases(page), ls: await page.evaluate(() => Object.keys(localStorage).sort()) };
  await add(page, { draft: 'facility B/2026' }, { id: 'bad' });
  const ev = await events(page, 'bad');
  assert.deepEqual(ev.map((e) => [e.type, e.detail.code]), [['openfem-error', 'draft']], 'an error, no ready and no score');
  assert.match(ev[0].detail.message, /"facility B\/2026" refused/);
  assert.equal(await page.locator('#bad .ofem-question').count(), 0, 'no questions');
  assert.match(await page.textContent('#bad .ofem-error[role="alert"]'), /was not opened/);
  for (const method of ['getScore', 'getAnswers', 'setAnswers', 'validate']) {
    assert.match(await thrown(page, 'bad', method), /draft key is not valid/, method);
  }
  await page.waitForTimeout(300);
  assert.deepEqual({ dbs: await databases(page), ls: await page.evaluate(() => Object.keys(localStorage).sort()) }, before);
  assert.deepEqual(problems, []);
});

test('every mount sends openfem-ready and the current openfem-score: first mount, draft change, other re-mounts, put back', async (t) => {
  const { page, problems } = await demo(t);
  const mounted = await events(page);
  for (const id of ['fem-a', 'fem-b']) {
    const mine = mounted.filter((e) => e.target === id);
    assert.deepEqual(mine.map((e) => e.type), ['openfem-ready', 'openfem-score'], id);
    assert.equal(mine[0].detail.draft, id === 'fem-a' ? 'acme-dhaka-2026' : 'acme-hcmc-2026');
    assert.deepEqual(mine[1].detail, await page.evaluate((id) => document.getElementById(id).getScore(), id));
  }
  const ref = scoredRefs('ems', 1)[0];
  await answer(page, 'fem-a', ref, 'openfem:draft:acme-dhaka-2026');
  const scoreA = await page.evaluate(() => document.getElementById('fem-a').getScore());
  assert.ok(scoreA.total > 0);
  const remount = async (change) => {
    await page.evaluate(() => { window.__events = []; });
    await page.evaluate(change);
    await page.waitForFunction(() => window.__events.some((e) => e.target === 'fem-a' && e.type === 'openfem-score'));
    await page.evaluate(() => document.getElementById('fem-a').ready);
    const ev = (await events(page, 'fem-a')).filter((e) => e.type !== 'openfem-change');
    assert.equal(ev[0].type, 'openfem-ready', JSON.stringify(ev.map((e) => [e.type, e.detail.draft ?? e.detail.total])));
    assert.deepEqual(ev.at(-1).detail, await page.evaluate(() => document.getElementById('fem-a').getScore()));
    return ev;
  };
  // Another draft: its own (empty) score, not 0 silently.
  let ev = await remount(() => document.getElementById('fem-a').setAttribute('draft', 'acme-dhaka-2027'));
  assert.equal(ev[0].detail.draft, 'acme-dhaka-2027');
  assert.equal(ev.at(-1).detail.total, 0);
  // Back: facility A's score again.
  ev = await remount(() => document.getElementById('fem-a').setAttribute('draft', 'acme-dhaka-2026'));
  assert.deepEqual(ev.at(-1).detail, scoreA);
  // A re-mount that keeps the answers (label), and an element removed and put back.
  ev = await remount(() => document.getElementById('fem-a').setAttribute('label', 'Acme Dyeing'));
  assert.deepEqual(ev.at(-1).detail, scoreA);
  ev = await remount(async () => {
    const el = document.getElementById('fem-a');
    const parent = el.parentNode;
    el.remove();
    await new Promise((r) => setTimeout(r, 50));
    parent.append(el);
  });
  assert.deepEqual(ev.at(-1).detail, scoreA);
  assert.deepEqual(problems, []);
});

test('chrome: embeds default to the file actions only; a host turns parts on or off; the standalone page shows all', async (t) => {
  const { page, problems, url } = await demo(t);
  // What shows once the parts that follow the first question (drafts and files, the score
  // panel, both present with any chrome) have arrived.
  const parts = async (id) => {
    await page.waitForFunction((id) => {
      const root = document.getElementById(id)?.shadowRoot;
      return root?.querySelector('#ofem-save-status') && root.querySelector('#ofem-score');
    }, id);
    return shownParts(id);
  };
  const shownParts = (id) => page.evaluate((id) => {
    const root = document.getElementById(id).shadowRoot;
    const shown = (sel) => { const e = root.querySelector(sel); return !!e && e.checkVisibility(); };
    return {
      title: shown('h1'),
      subtitle: shown('.ofem-subtitle'),
      drafts: shown('#ofem-draft-select'),
      files: shown('#ofem-export'),
      saveStatus: shown('#ofem-save-status'),
      score: shown('#ofem-score'),
    };
  }, id);
  // fem-b has no chrome attribute; fem-a has chrome="all" (still no "nothing is sent" line).
  assert.deepEqual(await parts('fem-b'), { title: false, subtitle: false, drafts: false, files: true, saveStatus: true, score: true });
  assert.deepEqual(await parts('fem-a'), { title: true, subtitle: false, drafts: true, files: true, saveStatus: true, score: true });
  await add(page, { draft: 'chrome-none', chrome: 'none' }, { id: 'bare' });
  assert.deepEqual(await parts('bare'), { title: false, subtitle: false, drafts: false, files: false, saveStatus: true, score: true });
  await add(page, { draft: 'chrome-some', chrome: 'title, drafts sparkles' }, { id: 'some' });
  assert.deepEqual(await parts('some'), { title: true, subtitle: false, drafts: true, files: false, saveStatus: true, score: true });
  const errors = (await events(page, 'some')).filter((e) => e.type === 'openfem-error');
  assert.deepEqual(errors.map((e) => e.detail.code), ['chrome']);
  assert.match(errors[0].detail.message, /sparkles/);
  // Changing the attribute re-mounts with the new chrome, answers kept.
  await page.evaluate(async () => { const el = document.getElementById('bare'); el.setAttribute('chrome', 'files'); await el.ready; });
  assert.equal((await parts('bare')).files, true);

  // The standalone page: everything, with its privacy line.
  await page.goto(url);
  await page.waitForSelector('.ofem-app:not([inert])');
  await page.waitForSelector('#ofem-draft-select');
  assert.equal(await page.locator('h1').isVisible(), true);
  assert.equal(await page.locator('.ofem-subtitle').isVisible(), true);
  assert.equal(await page.locator('#ofem-draft-select').isVisible(), true);
  assert.equal(await page.locator('#ofem-export').isVisible(), true);
  assert.deepEqual(problems, []);
});

test('a wasm URL answering with HTML (a pre-bundling dev server) is reported with what to do', async (t) => {
  const a = await start();
  t.after(a.close);
  await a.page.addInitScript(recorder);
  await a.page.route('**/pkg/openfem_bg.wasm', (r) => r.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>app</title>' }));
  await a.page.goto(a.url + DEMO);
  await a.page.waitForFunction(() => window.__events.filter((e) => e.type === 'openfem-error').length === 2);
  const errors = (await events(a.page)).filter((e) => e.type === 'openfem-error');
  assert.deepEqual(errors.map((e) => [e.target, e.detail.code]), [['fem-a', 'load'], ['fem-b', 'load']]);
  const { message } = errors[0].detail;
  assert.match(message, /openfem_bg\.wasm at http:\/\/127\.0\.0\.1:\d+\/pkg\/openfem_bg\.wasm is not WebAssembly \(text\/html\)/);
  assert.match(message, /optimizeDeps: \{ exclude: \['openfem'\] \}/);
});
