// What to do next (the plan panel), the data checks before Post (dismissed with a note that is
// kept across a reload and in the export), and the phone-first layout (drafts and files folded
// into one menu so the first question shows on load).
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  ROOT, CLI, RESULTS, importAnswers, start, openApp, screenshot, measure, report, assertNoAxeViolations, scoreText, exportAnswers, typeInto, gotoSection,
} from './helpers.mjs';
import { ready } from './persist-util.mjs';
import { readFileSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

const FACILITY = JSON.parse(readFileSync(path.join(ROOT, 'tests', 'e2e', 'fixtures', 'facility.json'), 'utf8'));

const focusedId = (page) => page.evaluate(() => document.activeElement?.id ?? '');
/** Waits until the element with `id` has focus (focus moves after the next frame). */
const focusMovesTo = (page, id) => page.waitForFunction((id) => document.activeElement?.id === id, id);

test('the plan opens from its button, ranks changes by points and updates live after an answer', async (t) => {
  const app = await start();
  t.after(app.close);
  const { page, url, problems } = app;
  await openApp(page, url);
  await ready(page);

  const toggle = page.locator('#ofem-plan-toggle');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.isVisible('#ofem-plan-body'), false, 'closed on load');
  // By keyboard: focus the disclosure button and press Enter.
  await toggle.focus();
  await page.keyboard.press('Enter');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  await page.waitForSelector('#ofem-plan-body [data-plan-action]');

  const gains = await page.$$eval('[data-plan-action]', (els) => els.map((e) => Number(e.dataset.gain)));
  assert.ok(gains.length > 0 && gains.length <= 10, `at most 10 actions in the panel: ${gains.length}`);
  assert.ok(gains.every((g) => g > 0), `every gain is positive: ${gains}`);
  assert.deepEqual([...gains].sort((a, b) => b - a), gains, 'highest gain first');
  await page.locator('#ofem-plan').screenshot({ path: `${RESULTS}/plan-panel.png` });
  // A section with Level 1 not achieved lists its path to Level 1.
  assert.ok(await page.locator('[data-plan-path][data-level="1"]').count() > 0);

  const top = await page.getAttribute('[data-plan-action]', 'data-plan-action');
  const gain = Number(await page.getAttribute('[data-plan-action]', 'data-gain'));
  const before = Number((await scoreText(page)).replace(',', '.'));
  // The link goes to the question; answer Yes there, as a person does (a click).
  await page.click(`[data-plan-action="${top}"] a`);
  await page.waitForSelector(`#q-${top}`);
  await page.click(`#q-${top} input[value="yes"]`);
  await page.waitForFunction(
    (want) => Number(document.querySelector('[data-score="total"]').textContent.trim().replace(',', '.')) === want,
    Math.round((before + gain) * 10) / 10,
  );
  // The panel follows: that question is no longer listed.
  await page.waitForFunction((ref) => !document.querySelector(`[data-plan-action="${ref}"]`), top);
  report('plan: one plan computed in the browser', await measure(page, 'openfem:plan-start', 'openfem:plan-done'));
  assert.ok(await page.locator('[data-plan-action]').count() > 0);

  // A zero-score gate comes first, with its fix, and the gains are said to count once it is fixed.
  await gotoSection(page, 'site');
  await page.click('#q-sipvalidoperatinglicense input[value="no"]');
  await page.waitForSelector('#ofem-plan-body [data-plan-gate="no-operating-licence"]');
  const firstBlock = await page.$eval('#ofem-plan-body', (body) =>
    body.querySelector('[data-plan-gate], .ofem-plan-paths, .ofem-plan-actions').dataset.planGate);
  assert.equal(firstBlock, 'no-operating-licence');
  assert.match(await page.textContent('#ofem-plan-body'), /once the zero-score condition is fixed/);
  assert.ok(await page.locator('[data-plan-action]').count() > 0, 'actions are still ranked');

  // Closing by its button hides it again.
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.deepEqual(problems, []);
});

test('a data check is explained before Post; dismissed with a note it stays dismissed after reload and is in the export', async (t) => {
  const app = await start();
  t.after(app.close);
  const { page, url, problems } = app;
  await openApp(page, url);
  await ready(page);
  const key = 'operating_days:sipoperatingdays';
  const item = `[data-check="${key}"]`;

  assert.match(await page.textContent('#ofem-checks-summary'), /No data check/);
  await gotoSection(page, 'site');
  await typeInto(page, '#in-sipoperatingdays', '364');
  assert.equal(await page.locator(item).count(), 0, 'quiet at 364 days');
  await typeInto(page, '#in-sipoperatingdays', '365');
  await page.waitForSelector(item);
  assert.match(await page.textContent(item), /every day of the year/);
  // The checks come before Post in the panel.
  const order = await page.evaluate(() => {
    const checks = document.getElementById('ofem-checks');
    const post = document.getElementById('ofem-post');
    return checks.compareDocumentPosition(post) & Node.DOCUMENT_POSITION_FOLLOWING;
  });
  assert.ok(order, 'the checks are listed before Post');

  // Dismiss: focus goes to the note; Escape cancels and nothing is dismissed.
  await page.click(`${item} [data-check-dismiss]`);
  await focusMovesTo(page, 'ofem-check-note');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#ofem-check-note', { state: 'detached' });
  // Back on the item's own Dismiss button.
  await focusMovesTo(page, 'ofem-check-dismiss-0');

  // An empty note is refused with a message; a note typed key by key is kept.
  await page.click(`${item} [data-check-dismiss]`);
  await page.waitForSelector('#ofem-check-note');
  await page.click(`${item} [data-check-save]`);
  assert.match(await page.textContent('#ofem-check-note-error'), /note/);
  assert.equal(await page.getAttribute('#ofem-check-note', 'aria-invalid'), 'true');
  const note = 'Two shifts, open every day incl. holidays';
  await page.locator('#ofem-check-note').pressSequentially(note);
  await page.click(`${item} [data-check-save]`);
  await page.waitForSelector(`${item} [data-dismissed]`);
  assert.match(await page.textContent(`${item} [data-dismissed]`), new RegExp(note));
  await focusMovesTo(page, 'ofem-check-restore-0');
  assert.match(await page.textContent('#ofem-checks-summary'), /1 dismissed/);
  await page.waitForSelector('#ofem-save-status[data-status="saved"]');
  await page.locator(item).screenshot({ path: `${RESULTS}/plan-check-dismissed.png` });

  await page.reload();
  await page.waitForSelector('.ofem-app:not([inert])');
  await ready(page);
  await page.waitForSelector(`${item} [data-dismissed]`);
  assert.match(await page.textContent(`${item} [data-dismissed]`), new RegExp(note));

  const doc = await exportAnswers(page);
  assert.equal(doc.answers.sipoperatingdays, 365);
  assert.equal(doc.dismissed_checks[key].note, note);
  assert.ok(doc.dismissed_checks[key].at, 'the dismissal has its time');
  // The report lists the check with its note, for the verifier.
  await page.click('#ofem-report-button');
  await page.waitForSelector(`#ofem-report-checks ${item}`);
  assert.match(await page.textContent(`#ofem-report-checks ${item}`), new RegExp(note));
  assert.ok(await page.locator('#ofem-report-plan [data-plan-action]').count() > 0, 'the report has the plan');
  // Show again: the check is open again, and focus is on its Dismiss button.
  await page.click('#ofem-check-restore-0');
  await focusMovesTo(page, 'ofem-check-dismiss-0');
  assert.equal(await page.locator(`#ofem-checks ${item} [data-dismissed]`).count(), 0);
  // Importing an answers file brings its dismissals with it.
  await importAnswers(page, { ...doc, dismissed_checks: { [key]: { note: 'Imported note', at: '2026-01-01T00:00:00Z' } } });
  await page.waitForSelector(`#ofem-checks ${item} [data-dismissed]`);
  assert.match(await page.textContent(`#ofem-checks ${item} [data-dismissed]`), /Imported note/);
  assert.deepEqual(problems, []);
});

test('on a 390×844 phone the first question shows on load; drafts and files are one menu', async (t) => {
  const app = await start({ viewport: { width: 390, height: 844 } });
  t.after(app.close);
  const { page, url, problems } = app;
  await openApp(page, url);
  await ready(page);

  const first = page.locator('.ofem-main [id^="q-"]').first();
  const box = await first.boundingBox();
  assert.ok(box, 'a first question');
  assert.ok(box.y + 40 < 844, `the first question starts on the first screen (y = ${box.y})`);
  await screenshot(page, 'plan-phone-first-screen', { fullPage: false });

  const toggle = page.locator('#ofem-menu-toggle');
  assert.ok(await toggle.isVisible());
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.isVisible('#ofem-export'), false, 'export is in the folded menu');
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  assert.ok(await page.isVisible('#ofem-export'));
  await page.waitForFunction(() => document.getElementById('ofem-menu').contains(document.activeElement));
  // Tab moves on through the menu's controls; Escape closes it and returns to its button.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Escape');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await focusedId(page), 'ofem-menu-toggle');
  assert.equal(await page.isVisible('#ofem-export'), false);
  // Enter opens it again from the keyboard.
  await page.keyboard.press('Enter');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  await assertNoAxeViolations(page);
  assert.deepEqual(problems, []);
});

test('a realistic facility: no data check fires, and the panel lists what `openfem plan` prints', async (t) => {
  const app = await start();
  t.after(app.close);
  const { page, url, problems } = app;
  await openApp(page, url);
  await ready(page);
  await importAnswers(page, FACILITY);
  await page.waitForFunction(() => document.querySelector('[data-score="total"]').textContent.trim() !== '0.0');
  assert.match(await page.textContent('#ofem-checks-summary'), /No data check/);
  await page.click('#ofem-plan-toggle');
  await page.waitForSelector('#ofem-plan-body [data-plan-action]');
  report('plan: one plan of a complete facility', await measure(page, 'openfem:plan-start', 'openfem:plan-done'));
  const shown = await page.$$eval('[data-plan-action]', (els) => els.map((e) => [e.dataset.planAction, Number(e.dataset.gain)]));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'openfem-plan-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'answers.json');
  writeFileSync(file, JSON.stringify(FACILITY));
  const cli = JSON.parse(execFileSync(CLI, ['plan', file], { encoding: 'utf8' }));
  assert.deepEqual(shown, cli.actions.slice(0, 10).map((a) => [a.question, a.gain]));
  assert.deepEqual(problems, []);
});

test('wide screens show drafts and files with no menu button; plan and checks are axe-clean', async (t) => {
  const app = await start();
  t.after(app.close);
  const { page, url, problems } = app;
  await openApp(page, url);
  await ready(page);
  assert.equal(await page.isVisible('#ofem-menu-toggle'), false);
  assert.ok(await page.isVisible('#ofem-export'));
  await gotoSection(page, 'site');
  await typeInto(page, '#in-sipoperatingdays', '365');
  await page.waitForSelector('[data-check="operating_days:sipoperatingdays"]');
  await page.click('#ofem-plan-toggle');
  await page.waitForSelector('#ofem-plan-body [data-plan-action]');
  await assertNoAxeViolations(page);
  assert.deepEqual(problems, []);
});

test('embedded: the posted answers and getAnswers carry the dismissed check with its note', async (t) => {
  const app = await start();
  t.after(app.close);
  const { page, url, problems } = app;
  await page.addInitScript(() => {
    window.__posted = [];
    document.addEventListener('openfem-post', (e) => window.__posted.push(e.detail));
  });
  await page.goto(url + 'www/embed-demo.html');
  await page.evaluate(() => Promise.all([...document.querySelectorAll('openfem-assessment')].map((e) => e.ready)));
  const doc = { ...FACILITY, answers: { ...FACILITY.answers, sipoperatingdays: 365 } };
  await page.evaluate(async (doc) => {
    const el = document.createElement('openfem-assessment');
    el.id = 'fem-plan';
    el.setAttribute('draft', 'plan-test');
    document.querySelector('main').append(el);
    await el.ready;
    el.setAnswers(doc);
  }, doc);
  const item = '#fem-plan [data-check="operating_days:sipoperatingdays"]';
  await page.waitForSelector(item);
  await page.click(`${item} [data-check-dismiss]`);
  await page.locator('#fem-plan #ofem-check-note').pressSequentially('Open all year');
  await page.click(`${item} [data-check-save]`);
  await page.waitForSelector(`${item} [data-dismissed]`);
  assert.equal(await page.locator('#fem-plan #ofem-post').isDisabled(), false, 'a check never blocks Post');
  await page.click('#fem-plan #ofem-post');
  await page.waitForFunction(() => window.__posted.length === 1);
  const posted = await page.evaluate(() => window.__posted[0]);
  assert.equal(posted.dismissed_checks['operating_days:sipoperatingdays'].note, 'Open all year');
  // The posted package (docs/package-format.md) carries the answers and dismissals getAnswers gives.
  const current = await page.evaluate(() => document.getElementById('fem-plan').getAnswers());
  assert.equal(posted.format, 'openfem-package');
  assert.deepEqual(posted.answers, current.answers);
  assert.deepEqual(posted.dismissed_checks, current.dismissed_checks);
  assert.deepEqual(problems, []);
});
