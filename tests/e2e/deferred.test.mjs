// The deferred parts (src/ui/deferred.rs, src/ui/action.rs): the drafts and files controls and the
// score panel are fetched once the first question is answerable; the report, the energy panel, the
// plan, the estimate and the package viewer are separate wasm files fetched when first shown, and
// the code of actions when first asked for: opening a package file, reopening a kept review,
// posting, attaching evidence, the exports, and the checker of a bank given by URL. The first
// question never waits for them; a part that cannot be downloaded says so, keeps the answers and
// can be retried.
import test from 'node:test';
import assert from 'node:assert/strict';
import { start, openApp, gotoSection, choose, scoredRefs, scoreText, bankSection, assertNoAxeViolations, ROOT, CLI, importAnswers, waitUntilPostable } from './helpers.mjs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pickFile } from './persist-util.mjs';
import { execFileSync } from 'node:child_process';

const EMS_L1 = scoredRefs('ems', 1);

const FACILITY = readFileSync(path.join(ROOT, 'tests/e2e/fixtures/facility.json'), 'utf8');

test('the first question is answerable before the report and energy parts are fetched', async (t) => {
  const { page, url, close, problems } = await start();
  t.after(close);
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await openApp(page, url);
  await gotoSection(page, 'ems');
  await choose(page, EMS_L1[0], 'yes');
  const parts = fetched.filter((p) => /\/pkg\/(split|chunk)_/.test(p));
  console.log(`parts fetched with the first question: ${parts.join(' ') || 'none'}`);
  assert.ok(!parts.includes('/pkg/split_report.wasm'), parts.join(' '));
  assert.ok(!parts.includes('/pkg/split_energy.wasm'), parts.join(' '));

  // Opened: fetched once, shown, and focus moves into the report.
  await page.click('#ofem-report-button');
  await page.waitForSelector('#ofem-report');
  assert.ok(fetched.includes('/pkg/split_report.wasm'));
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'ofem-report');
  await page.click('#ofem-report-close');
  await gotoSection(page, 'energy');
  await page.waitForSelector('#ofem-energy');
  assert.deepEqual(problems, []);
});

test('the drafts and files controls and the score panel arrive after the first question, which does not move when they do; blocked, each says so, the form works; Try again shows them', async (t) => {
  const { page, url, close } = await start({ serviceWorkers: 'block' });
  t.after(close);
  // Held back until released (a slow link), then blocked (a dropped link).
  const PARTS = /\/pkg\/split_after_first_question\.wasm$/;
  let release;
  const held = new Promise((resolve) => (release = resolve));
  let blocked = false;
  await page.route(PARTS, async (route) => {
    if (blocked) return route.abort('internetdisconnected');
    await held;
    return route.continue();
  });
  await page.addInitScript(() => {
    window.__shift = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await openApp(page, url);
  assert.equal(await page.locator('#ofem-draft-select, .ofem-score').count(), 0, 'both parts held back');
  const question = page.locator('.ofem-question').first();
  const before = await question.boundingBox();
  release();
  await page.waitForSelector('#ofem-draft-select');
  await page.waitForSelector('.ofem-score [data-score="total"]');
  const after = await question.boundingBox();
  assert.equal(Math.round(after.y), Math.round(before.y), 'the first question stays where it was');
  const shift = await page.evaluate(() => window.__shift);
  console.log(`layout shift while the parts arrived: ${shift.toFixed(4)}`);
  assert.ok(shift < 0.01, `layout shift ${shift}`);

  // Parts that cannot be downloaded: each says so where it belongs; answering and saving go on.
  blocked = true;
  await page.reload();
  await page.waitForSelector('.ofem-app:not([inert])');
  const alerts = page.locator('[data-note="part-failed"]');
  await alerts.nth(1).waitFor();
  assert.equal(await page.locator('.ofem-header [data-note="part-failed"]').count(), 1);
  // A table says so in its question; the evidence control of every scored question does not
  // repeat it (the header has said it once).
  const failedIn = () => page.$$eval('.ofem-question [data-note="part-failed"]', (ps) => ps.map((p) => p.closest('.ofem-question').dataset.ref));
  const tables = (id) => new Set(bankSection(id).questions.filter((q) => q.answer.type === 'table').map((q) => q.ref));
  await gotoSection(page, 'site');
  assert.ok((await failedIn()).includes('siptotalnumemployees'), (await failedIn()).join(' '));
  assert.ok((await failedIn()).every((ref) => tables('site').has(ref)), (await failedIn()).join(' '));
  await gotoSection(page, 'ems');
  await choose(page, EMS_L1[0], 'yes');
  assert.ok((await failedIn()).every((ref) => tables('ems').has(ref)), (await failedIn()).join(' '));
  assert.equal(await page.locator('[data-attach]').count(), 0);
  await assertNoAxeViolations(page);
  blocked = false;
  // Each Try again asks again for its own view (the first one fetches the part).
  for (let n = await alerts.count(); n > 0; n = await alerts.count()) {
    await alerts.first().getByRole('button', { name: 'Try again' }).click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-note="part-failed"]').length < n, n);
  }
  await page.waitForSelector('.ofem-score [data-score="total"]');
  await page.waitForSelector('#ofem-save-status[data-status="saved"]');
  assert.equal(await alerts.count(), 0);
  // Shown again, the evidence controls ask again, and are there.
  await gotoSection(page, 'site');
  await gotoSection(page, 'ems');
  await page.waitForSelector(`[data-attach="${EMS_L1[0]}"]`);
  const total = await scoreText(page);
  assert.notEqual(total, '0.0', 'the answer given without the score panel is scored');
  await page.reload();
  await page.waitForSelector('.ofem-score [data-score="total"]');
  await gotoSection(page, 'ems');
  assert.ok(await page.isChecked(`#q-${EMS_L1[0]} input[value="yes"]`), 'and was saved');
  assert.equal(await scoreText(page), total);
});

test('a part that cannot be downloaded says so; Try again shows it; no answer is lost', async (t) => {
  const { page, total, unblock } = await withBlockedPart(t, 'split_report.wasm');

  await page.click('#ofem-report-button');
  const alert = page.locator('[data-note="part-failed"]');
  await alert.waitFor();
  assert.match(await alert.textContent(), /could not be downloaded/);
  assert.equal(await scoreText(page), total);
  assert.ok(await page.isChecked(`#q-${EMS_L1[0]} input[value="yes"]`));
  await assertNoAxeViolations(page);

  unblock();
  await alert.getByRole('button', { name: 'Try again' }).click();
  await page.waitForSelector('#ofem-report');
  assert.equal(await page.locator('[data-note="part-failed"]').count(), 0);
});

test('the language part: an English page never fetches it; blocked, a switch says so and keeps everything; then it works', async (t) => {
  const { page, url, close } = await start({ serviceWorkers: 'block' });
  t.after(close);
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  let blocked = true;
  await page.route('**/pkg/split_language.wasm', (route) => (blocked ? route.abort('internetdisconnected') : route.continue()));
  await openApp(page, url);
  await gotoSection(page, 'ems');
  await choose(page, EMS_L1[0], 'yes');
  await choose(page, EMS_L1[1], 'no');
  const total = await scoreText(page);
  assert.ok(!fetched.some((p) => /\/pkg\/data\/locale-/.test(p)), 'no language file for an English page');
  assert.equal(fetched.filter((p) => p === '/pkg/split_language.wasm').length, 0, 'no language code for an English page');

  // Tiếng Việt with the keyboard: its code cannot be downloaded, so the widget says so in
  // English, stays in English, keeps the answers and score, and keeps focus on the picker.
  await page.focus('#ofem-language');
  await page.keyboard.press('ArrowDown');
  const problem = page.locator('[data-problem="failed"]');
  await problem.waitFor();
  assert.match(await problem.textContent(), /^Tiếng Việt could not be loaded \(the part of the widget that reads it could not be downloaded\)\. The widget stays in this language; your answers are unchanged\./);
  assert.equal(await page.$eval('.ofem-app', (e) => e.lang), 'en');
  assert.equal(await scoreText(page), total);
  assert.ok(await page.isChecked(`#q-${EMS_L1[0]} input[value="yes"]`));
  assert.ok(await page.isChecked(`#q-${EMS_L1[1]} input[value="no"]`));
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'ofem-language');
  await assertNoAxeViolations(page);

  // The connection back: choosing it again (English, then Tiếng Việt) shows it, answers kept.
  blocked = false;
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => document.querySelector('.ofem-app')?.lang === 'vi');
  assert.ok(fetched.includes('/pkg/split_language.wasm'));
  assert.equal((await scoreText(page)).replace(',', '.'), total, 'the same score, with a Vietnamese decimal comma');
  assert.ok(await page.isChecked(`#q-${EMS_L1[0]} input[value="yes"]`));
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'ofem-language');
});

test('the help prose is a file of its own: the first question does not wait for it; blocked, the help says so; Try again shows it', async (t) => {
  const { page, url, close } = await start({ serviceWorkers: 'block' });
  t.after(close);
  const ref = EMS_L1[0];
  const { help } = bankSection('ems').questions.find((q) => q.ref === ref);
  let blocked = true;
  let requests = 0;
  await page.route('**/pkg/data/help.*', (route) => {
    requests += 1;
    return blocked ? route.abort('internetdisconnected') : route.continue();
  });
  await openApp(page, url);
  await gotoSection(page, 'ems');
  await choose(page, ref, 'yes');
  const total = await scoreText(page);

  // Opened with the keyboard: the reason in place of the prose; the checklist (in the bank) stays.
  await page.focus(`#q-${ref} .ofem-help summary`);
  await page.keyboard.press('Enter');
  const alert = page.locator(`#q-${ref} .ofem-help [role="alert"]`);
  await alert.waitFor();
  assert.match(await alert.textContent(), /^The help texts could not be loaded \(\S*\/pkg\/data\/help\.[0-9a-f]{16}\.json could not be reached\)\. Your answers are not affected\./);
  assert.deepEqual(await page.locator(`#q-${ref} ul.ofem-evidence li`).allTextContents(), help.evidence);
  assert.equal(await scoreText(page), total);
  assert.ok(await page.isChecked(`#q-${ref} input[value="yes"]`));
  await assertNoAxeViolations(page);

  // Opening another help box tries again (the form's buttons may be disabled when read-only).
  const before = requests;
  await page.focus(`#q-${EMS_L1[1]} .ofem-help summary`);
  await page.keyboard.press('Enter');
  for (let i = 0; i < 50 && requests === before; i++) await page.waitForTimeout(100);
  assert.ok(requests > before, `asked again on opening: ${before} → ${requests} requests`);
  await page.locator(`#q-${EMS_L1[1]} .ofem-help [role="alert"]`).waitFor();

  // Back on line: Try again (keyboard) shows every help text of the question, from the file.
  blocked = false;
  await alert.getByRole('button', { name: 'Try again' }).focus();
  await page.keyboard.press('Enter');
  await page.locator(`#q-${ref} .ofem-help dd`, { hasText: help.intent }).waitFor();
  const shown = await page.locator(`#q-${ref} .ofem-help dd`).allTextContents();
  for (const field of ['intent', 'yes', 'partial', 'no', 'na', 'guidance']) {
    if (help[field]) assert.ok(shown.includes(help[field]), `${field}: ${help[field]}`);
  }
  assert.equal(await page.locator('.ofem-help [role="alert"]').count(), 0, 'the other open help box shows its text too');
  const other = bankSection('ems').questions.find((q) => q.ref === EMS_L1[1]).help.intent;
  await page.locator(`#q-${EMS_L1[1]} .ofem-help dd`, { hasText: other }).waitFor();
});

/** The page with the first question answered and one part's download failing until `unblock()`;
 * `fetched` lists the paths requested (a failed request is listed too). */
async function withBlockedPart(t, part) {
  const { page, url, close } = await start({ serviceWorkers: 'block' });
  t.after(close);
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  let blocked = true;
  await page.route(`**/pkg/${part}`, (route) => (blocked ? route.abort('internetdisconnected') : route.continue()));
  await openApp(page, url);
  await gotoSection(page, 'ems');
  await choose(page, EMS_L1[0], 'yes');
  const total = await scoreText(page);
  return { page, fetched, total, unblock: () => (blocked = false) };
}

/** The notice under the file buttons matches `pattern`. */
async function noticeSays(page, pattern) {
  await page.waitForFunction((source) => new RegExp(source).test(document.querySelector('#ofem-notice')?.textContent ?? ''), pattern.source);
}

test('opening a package fetches its code only when asked; blocked, it says so and changes nothing; asked again, it runs', async (t) => {
  const { page, fetched, total, unblock } = await withBlockedPart(t, 'split_open_package.wasm');
  assert.ok(!fetched.includes('/pkg/split_open_package.wasm'), 'not fetched before the action');

  await pickFile(page, '#ofem-open-package', 'answers.json', FACILITY);
  await noticeSays(page, /could not be downloaded, so nothing was done/);
  assert.ok(fetched.includes('/pkg/split_open_package.wasm'));
  assert.ok(await page.locator('#ofem-notice.error').count(), 'said as an error');
  assert.equal(await scoreText(page), total);
  assert.ok(await page.isChecked(`#q-${EMS_L1[0]} input[value="yes"]`));
  assert.equal(await page.locator('#ofem-package').count(), 0);

  // Picked again once the link is back: the file is read and checked (an answers file is not a package).
  unblock();
  await pickFile(page, '#ofem-open-package', 'answers.json', FACILITY);
  await noticeSays(page, /not opened: format: an answers document/);
  assert.equal(await scoreText(page), total);
});

test("the bank checker is fetched only for a bank given by URL; blocked, the element says so and the page's other widgets carry on", async (t) => {
  const { page, url, close } = await start({ serviceWorkers: 'block' });
  t.after(close);
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  let blocked = true;
  await page.route('**/pkg/split_bank_check.wasm', (route) => (blocked ? route.abort('internetdisconnected') : route.continue()));
  const bankText = execFileSync(CLI, ['bank'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  await page.route('**/banks/ok.json', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: bankText }));
  await page.goto(url + 'www/embed-demo.html');
  await page.evaluate(() => Promise.all([...document.querySelectorAll('openfem-assessment')].map((e) => e.ready)));
  assert.ok(!fetched.includes('/pkg/split_bank_check.wasm'), 'the built-in bank needs no checker');
  await page.evaluate(() => {
    window.__errors = [];
    document.addEventListener('openfem-error', (e) => window.__errors.push([e.target.id, e.detail.code, e.detail.message]));
  });
  const add = (id) => page.evaluate(async (id) => {
    const el = document.createElement('openfem-assessment');
    el.id = id;
    el.setAttribute('draft', id);
    el.setAttribute('bank', '/banks/ok.json');
    document.querySelector('main').append(el);
    await el.ready;
  }, id);

  await add('blocked');
  assert.ok(fetched.includes('/pkg/split_bank_check.wasm'));
  const said = await page.evaluate(() => window.__errors);
  assert.deepEqual(said.map(([id, code]) => [id, code]), [['blocked', 'bank']], JSON.stringify(said));
  assert.match(said[0][2], /could not be downloaded/);
  assert.match(await page.locator('#blocked .ofem-error[role="alert"]').textContent(), /could not be downloaded/);
  // The page's other widgets are untouched and still answerable.
  const others = page.locator('openfem-assessment:not(#blocked)');
  assert.ok((await others.count()) > 0);
  assert.ok(await others.first().locator('.ofem-question').first().isVisible());

  // Once the link is back, an element with the same bank URL reads and shows it.
  blocked = false;
  await add('ok');
  assert.ok(await page.locator('#ok .ofem-question').first().isVisible());
  assert.deepEqual(await page.evaluate(() => window.__errors.length), 1);
});

test("the embed API's code is a part of its own: the standalone page never fetches it; blocked, the elements are answerable, say so once, and are ready once it arrives", async (t) => {
  const { page, url, close } = await start({ serviceWorkers: 'block' });
  t.after(close);
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await openApp(page, url);
  await page.waitForLoadState('networkidle');
  assert.ok(!fetched.includes('/pkg/split_embed_api.wasm'), 'the standalone page does not fetch the embed API');

  let blocked = true;
  await page.route('**/pkg/split_embed_api.wasm', (route) => (blocked ? route.abort('internetdisconnected') : route.continue()));
  await page.addInitScript(() => {
    window.__errors = [];
    document.addEventListener('openfem-error', (e) => window.__errors.push([e.target.id, e.detail.code, e.detail.message]));
  });
  await page.goto(url + 'www/embed-demo.html');
  const elements = await page.locator('openfem-assessment').count();
  assert.ok(elements >= 2);
  await page.waitForFunction((n) => window.__errors.filter(([, code]) => code === 'load').length === n, elements);
  for (const [, code, message] of await page.evaluate(() => window.__errors)) {
    assert.equal(code, 'load');
    assert.match(message, /API code could not be downloaded/);
  }
  // The widget is there and answerable; the page's API waits.
  const first = page.locator('#fem-a');
  const radio = first.locator('.ofem-app:not([inert]) .ofem-question input[type="radio"]').first();
  await radio.click();
  assert.ok(await radio.isChecked());
  const waiting = await page.evaluate(() => {
    const el = document.querySelector('#fem-a');
    let thrown = '';
    try {
      el.getScore();
    } catch (e) {
      thrown = e.message;
    }
    return Promise.race([el.ready.then(() => 'ready'), new Promise((r) => setTimeout(() => r('waiting'), 500))]).then((state) => [state, thrown]);
  });
  assert.deepEqual(waiting[0], 'waiting');
  assert.match(waiting[1], /not ready yet/);

  // Back: asked again, the part arrives, every element is ready, once, and the API answers.
  blocked = false;
  const scores = await page.evaluate(() => Promise.all([...document.querySelectorAll('openfem-assessment')].map(async (el) => {
    await el.ready;
    return el.getScore();
  })));
  assert.equal(scores.length, elements);
  for (const score of scores) assert.equal(typeof score.total, 'number', JSON.stringify(score).slice(0, 200));
  assert.equal(await page.evaluate(() => window.__errors.length), elements, 'each element said it once');
});

test('posting fetches its code on the first Post; blocked, it says so at the button and posts nothing; Post again posts', async (t) => {
  const { page, url, close } = await start({ serviceWorkers: 'block' });
  t.after(close);
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  let blocked = true;
  await page.route('**/pkg/split_post.wasm', (route) => (blocked ? route.abort('internetdisconnected') : route.continue()));
  let downloads = 0;
  page.on('download', () => downloads++);
  await openApp(page, url);
  await importAnswers(page, JSON.parse(FACILITY));
  await waitUntilPostable(page);
  const total = await scoreText(page);
  assert.ok(!fetched.includes('/pkg/split_post.wasm'), 'not fetched before Post');

  await page.click('#ofem-post');
  const failed = page.locator('#ofem-post-failed[role="alert"]');
  await failed.waitFor();
  assert.match(await failed.textContent(), /could not be downloaded, so nothing was done/);
  assert.equal(await page.locator('#ofem-posted-version').count(), 0, 'nothing posted, the form is not locked');
  assert.equal(await page.locator('#ofem-posted').count(), 0);
  assert.equal(downloads, 0);
  assert.equal(await scoreText(page), total);
  await assertNoAxeViolations(page, { include: '.ofem-post' });

  blocked = false;
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#ofem-post')]);
  assert.match(download.suggestedFilename(), /\.ofem\.json$/);
  await page.waitForSelector('#ofem-posted-version[data-state="posted"]');
  assert.equal(await failed.count(), 0, 'the failure is no longer said');
});

test('attaching evidence fetches its code on the first file; blocked, it says so at the question and keeps nothing; picked again, it is attached', async (t) => {
  const { page, fetched, total, unblock } = await withBlockedPart(t, 'split_attach_evidence.wasm');
  const ref = EMS_L1[0];
  await page.waitForSelector(`#ofem-attach-${ref}`);
  assert.ok(!fetched.includes('/pkg/split_attach_evidence.wasm'), 'not fetched before a file is picked');
  const file = { name: 'policy.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') };

  await page.setInputFiles(`#ofem-attach-${ref}`, file);
  const error = page.locator(`[data-attach="${ref}"] .ofem-attach-error[role="alert"]`);
  await error.waitFor();
  assert.match(await error.textContent(), /could not be downloaded, so nothing was done/);
  assert.equal(await page.locator(`[data-attach="${ref}"] li[data-file]`).count(), 0);
  assert.equal(await scoreText(page), total);
  assert.ok(await page.isChecked(`#q-${ref} input[value="yes"]`));

  unblock();
  await page.setInputFiles(`#ofem-attach-${ref}`, file);
  await page.waitForSelector(`[data-attach="${ref}"] li[data-file="policy.pdf"]`);
  assert.equal(await error.count(), 0);
});

test('exporting fetches its code on the first export; blocked, the notice says so and nothing is saved; asked again, it downloads', async (t) => {
  const { page, fetched, unblock } = await withBlockedPart(t, 'split_export.wasm');
  let downloads = 0;
  page.on('download', () => downloads++);
  assert.ok(!fetched.includes('/pkg/split_export.wasm'), 'not fetched before an export');

  await page.click('#ofem-export');
  await noticeSays(page, /could not be downloaded, so nothing was done/);
  assert.equal(downloads, 0);

  unblock();
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#ofem-export')]);
  assert.match(download.suggestedFilename(), /^openfem-fem-2024-.*\.json$/);
  const doc = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(doc.answers[EMS_L1[0]], 'yes');
});
