// Posting (issue #18): Post at 100% makes an immutable posted version (read-only, shown as posted
// with its hash); "Start a revision" makes an editable copy and leaves the posted version
// intact; a reload keeps both. The exported package passes `openfem verify`; one byte changed
// fails, naming it. A brand opens a package read-only. The verification estimate: one cell of
// the verification body's table, entered as a person does, then every cell of it. Another tab locks as soon as the
// draft is posted.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { CLI, ROOT, importAnswers, gotoSection, typeInto, assertNoAxeViolations, openApp, waitUntilPostable } from './helpers.mjs';
import { app, ready, pickFile } from './persist-util.mjs';

const FACILITY = JSON.parse(readFileSync(path.join(ROOT, 'tests/e2e/fixtures/facility.json'), 'utf8'));

function verify(t, text) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'openfem-verify-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'facility.ofem.json');
  writeFileSync(file, text);
  const r = spawnSync(CLI, ['verify', file], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function download(page, selector) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: d.suggestedFilename(), text: readFileSync(await d.path(), 'utf8') };
}

/** Answers a choice question with the keyboard: focus the option, press Space. */
async function press(page, ref, token) {
  await page.focus(`#q-${ref} input[value="${token}"]`);
  await page.keyboard.press('Space');
  await page.waitForFunction(
    ([ref, token]) => document.querySelector(`#q-${ref} input[value="${token}"]`)?.checked,
    [ref, token],
  );
}

test('Post at 100% locks the posted version; a revision leaves it intact; a reload keeps both; the package verifies', async (t) => {
  const { page, problems } = await app(t);
  await importAnswers(page, FACILITY);
  await waitUntilPostable(page);
  assert.equal(await page.locator('#ofem-posted-version').count(), 0, 'nothing posted yet');
  assert.equal(await page.isHidden('#ofem-export-package'), true);

  const posted = await download(page, '#ofem-post');
  assert.match(posted.name, /^openfem-fem-2024-.*-\d{4}-\d{2}-\d{2}\.ofem\.json$/);
  const pkg = JSON.parse(posted.text);
  assert.equal(pkg.format, 'openfem-package');
  assert.equal(pkg.bank_version, '2024.1.0');
  assert.deepEqual(pkg.answers, FACILITY.answers);
  assert.match(pkg.sha256, /^[0-9a-f]{64}$/);

  // The posted version: read-only, shown as posted, with its hash; Post and Import are off.
  await page.waitForSelector('#ofem-posted-version[data-state="posted"]');
  assert.equal(await page.getAttribute('#ofem-posted-version code', 'data-sha256'), pkg.sha256);
  assert.equal(await page.isDisabled('fieldset.ofem-fields input >> nth=0'), true);
  assert.equal(await page.isDisabled('#ofem-post'), true);
  assert.equal(await page.isHidden('#ofem-import-button'), true);
  assert.match(await page.textContent('#ofem-posted-version'), /Posted version, read-only\..*total 83\.9 of 100/);
  await assertNoAxeViolations(page, { include: '#ofem-posted-version' });

  // `openfem verify`: intact; one byte changed in an answer fails and names it; so does a score digit.
  const ok = verify(t, posted.text);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, new RegExp(`intact: fem-2024 2024\\.1\\.0, .*sha256 ${pkg.sha256}`));
  const oneByte = posted.text.replace('"emsmgmt": "yes"', '"emsmgmt": "yEs"');
  assert.equal(oneByte.length, posted.text.length);
  const bad = verify(t, oneByte);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /sha256: the contents were changed after posting/);
  assert.match(bad.stderr, /altered answer: answers\.emsmgmt/);
  const totalText = `"total": ${pkg.score.total}`;
  assert.ok(posted.text.includes(totalText));
  const digit = posted.text.replace(totalText, totalText.replace(/(\d)(\d*)$/, (m, d, rest) => `${(Number(d) + 1) % 10}${rest}`));
  const badScore = verify(t, digit);
  assert.equal(badScore.code, 1);
  assert.match(badScore.stderr, /altered score: score\.total: the package says/);

  // A revision (keyboard): the form opens, a change is kept, the posted package is unchanged.
  await page.focus('#ofem-start-revision');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#ofem-posted-version[data-state="revising"]');
  assert.equal(await page.isDisabled('fieldset.ofem-fields input >> nth=0'), false);
  await gotoSection(page, 'ems');
  const field = '#q-emscontaminationprevent :is(textarea, input)';
  await typeInto(page, field, 'Revised: checked weekly by the EHS manager.');
  await page.waitForSelector('#ofem-posted[data-current="false"]');
  assert.equal(await page.isDisabled('#ofem-post'), false, 'a complete revision can be posted');
  await press(page, 'emsmgmt', 'no');
  assert.equal((await download(page, '#ofem-export-package')).text, posted.text, 'the posted package is unchanged');

  // Reload: the revision and the posted version are both kept.
  await page.waitForSelector('#ofem-save-status[data-status="saved"]');
  await page.reload();
  await ready(page);
  await page.waitForSelector('#ofem-posted-version[data-state="revising"]');
  assert.equal(await page.getAttribute('#ofem-posted-version code', 'data-sha256'), pkg.sha256);
  await gotoSection(page, 'ems');
  assert.equal(await page.isChecked('#q-emsmgmt input[value="no"]'), true, 'the revision kept its changes');
  assert.equal(await page.inputValue('#q-emscontaminationprevent :is(textarea, input)'), 'Revised: checked weekly by the EHS manager.');
  const again = await download(page, '#ofem-export-package');
  assert.equal(again.text, posted.text);
  assert.equal(verify(t, again.text).code, 0);
  assert.deepEqual(problems, []);
});

test('a brand opens a package read-only: intact, or every mismatch listed; the open draft is untouched', async (t) => {
  const { page, problems } = await app(t);
  // Make a package: post the complete facility in one draft.
  await importAnswers(page, FACILITY);
  await waitUntilPostable(page);
  const posted = await download(page, '#ofem-post');
  const pkg = JSON.parse(posted.text);

  await pickFile(page, '#ofem-open-package', 'facility.ofem.json', posted.text);
  await page.waitForSelector('#ofem-package-status[data-intact="true"]');
  assert.match(await page.textContent('#ofem-package-status'), /Intact: .*fem-2024 2024\.1\.0/);
  assert.equal((await page.textContent('[data-package="total"]')).trim(), '83.9');
  assert.equal((await page.textContent('#ofem-package code[data-sha256]')).trim(), pkg.sha256);
  assert.match(await page.textContent('.ofem-package-answers summary'), /Answers \(\d+\)/);
  await assertNoAxeViolations(page, { include: '#ofem-package' });
  await page.focus('#ofem-package-close');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#ofem-package', { state: 'detached' });

  const altered = posted.text.replace('"emsmgmt": "yes"', '"emsmgmt": "no"');
  await pickFile(page, '#ofem-open-package', 'altered.ofem.json', altered);
  await page.waitForSelector('#ofem-package-status[data-intact="false"]');
  const listed = await page.textContent('.ofem-package-mismatches');
  assert.match(listed, /sha256: the contents were changed after posting/);
  assert.match(listed, /score\.sections\.ems\.questions\.emsmgmt\.points/);
  // The differences speak the widget's language: Vietnamese chosen in the picker with the keyboard.
  await page.focus('#ofem-language');
  const options = await page.$$eval('#ofem-language option', (os) => os.map((o) => o.value));
  for (let i = options.indexOf('en'); i < options.indexOf('vi'); i++) await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => document.querySelector('.ofem-app')?.lang === 'vi');
  await page.waitForFunction(() => /nội dung đã bị sửa sau khi nộp/.test(document.querySelector('.ofem-package-mismatches')?.textContent ?? ''));
  const listedVi = await page.textContent('.ofem-package-mismatches');
  assert.match(listedVi, /điểm đã bị sửa: score\.sections\.ems\.questions\.emsmgmt\.points/);
  assert.doesNotMatch(listedVi, /the contents were changed|the package says/);
  for (let i = options.indexOf('vi'); i > options.indexOf('en'); i--) await page.keyboard.press('ArrowUp');
  await page.waitForFunction(() => document.querySelector('.ofem-app')?.lang === 'en');

  // Not a package: a clear message, nothing opened.
  await page.click('#ofem-package-close');
  await pickFile(page, '#ofem-open-package', 'answers.json', FACILITY);
  await page.waitForSelector('.ofem-notice, [role="status"], [role="alert"]');
  await page.waitForFunction(() => /not opened: format: an answers document/.test(document.body.textContent));
  assert.equal(await page.locator('#ofem-package').count(), 0);
  assert.deepEqual(problems, []);
});

test('verification estimate: one cell of the table, each figure with its source, kept after a reload', async (t) => {
  const { page, problems } = await app(t);
  await page.click('#ofem-estimate > summary');
  // No answers: chemical use unknown (both rows), wastewater asked.
  await typeInto(page, '#ofem-estimate-area', '12,500');
  await page.waitForFunction(() => /12,500 m²: column ≤ 20,000 m²/.test(document.querySelector('[data-estimate="area"]').textContent));
  assert.match(await page.textContent('[data-estimate="table"]'), /^1–2 person-days \(both rows: chemical use not answered yet\)/);
  await page.focus('#ofem-estimate-ww-no');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => /^2 person-days/.test(document.querySelector('[data-estimate="guidance"]').textContent));
  assert.match(await page.textContent('[data-estimate="wastewater"]'), /No \(as you entered here\)/);

  // Chemicals used in production, answered in the form: the cell "≤ 20,000 m² × chemicals" = 2.
  await gotoSection(page, 'chemicals');
  await page.focus('#q-chemapplicability input[value="production"]');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => /^Yes \(from your answer to Chemicals/.test(document.querySelector('[data-estimate="chemicals"]').textContent));
  assert.match(await page.textContent('[data-estimate="table"]'), /^2 person-days \(a verification body's person-day table/);
  assert.match(await page.textContent('[data-estimate="plan"]'), /^2 person-days \(the larger of the two\)/);
  await assertNoAxeViolations(page, { include: '#ofem-estimate' });

  // A gap of the sheet: counted with the next column, and said.
  await typeInto(page, '#ofem-estimate-area', '60500');
  await page.waitForFunction(() => /column > 61,000 m².*does not list this area/.test(document.querySelector('[data-estimate="area"]').textContent));
  assert.match(await page.textContent('[data-estimate="table"]'), /^2–3 person-days/);
  assert.match(await page.textContent('[data-estimate="plan"]'), /^2–3 person-days/);

  // A bad area: said, and no table figure.
  await typeInto(page, '#ofem-estimate-area', '-3');
  await page.waitForFunction(() => document.querySelector('#ofem-estimate-area').getAttribute('aria-invalid') === 'true');
  assert.match(await page.textContent('#ofem-estimate-area-error'), /greater than 0/);
  await typeInto(page, '#ofem-estimate-area', '60500');

  await page.waitForSelector('#ofem-save-status[data-status="saved"]');
  await page.reload();
  await ready(page);
  await page.click('#ofem-estimate > summary');
  assert.equal(await page.inputValue('#ofem-estimate-area'), '60500');
  assert.match(await page.textContent('[data-estimate="wastewater"]'), /No \(as you entered here\)/);
  assert.match(await page.textContent('[data-estimate="table"]'), /^2–3 person-days/);
  assert.deepEqual(problems, []);
});

test('verification estimate: every cell of the table (area band × chemicals in production), typed and clicked', async (t) => {
  const { page, problems } = await app(t);
  const cells = [
    // [area typed, chemicals in production, the table's figure]
    ['12000', false, '1–2 person-days'],
    ['45000', false, '2 person-days'],
    ['75000', false, '2 person-days'],
    ['12000', true, '2 person-days'],
    ['45000', true, '2 person-days'],
    ['75000', true, '2–3 person-days'],
  ];
  await gotoSection(page, 'chemicals');
  // Chemicals used, but not in production: operations only.
  await page.focus('#q-chemapplicability input[value="operations"]');
  await page.keyboard.press('Space');
  await page.click('#ofem-estimate > summary');
  await page.waitForFunction(() => /^No \(from your answer/.test(document.querySelector('[data-estimate="chemicals"]').textContent));
  for (const [area, production, days] of cells) {
    const checked = await page.isChecked('#q-chemapplicability input[value="production"]');
    if (checked !== production) {
      await page.focus('#q-chemapplicability input[value="production"]');
      await page.keyboard.press('Space');
      await page.waitForFunction(
        (want) => /^Yes/.test(document.querySelector('[data-estimate="chemicals"]').textContent) === want,
        production,
      );
    }
    await typeInto(page, '#ofem-estimate-area', area);
    await page.waitForFunction(
      ([area, days]) => document.querySelector('[data-estimate="area"]').textContent.includes(Number(area).toLocaleString('en'))
        && document.querySelector('[data-estimate="table"]').textContent.startsWith(`${days} (`),
      [area, days],
    ).catch(async () => {
      assert.fail(`${area} m², chemicals in production ${production}: the table says "${await page.textContent('[data-estimate="table"]')}", expected ${days}`);
    });
  }
  assert.deepEqual(problems, []);
});

test('a draft posted in another tab locks here at once; a revision started there unlocks it', async (t) => {
  const { page, context, url } = await app(t);
  await importAnswers(page, FACILITY);
  await waitUntilPostable(page);
  const b = await context.newPage();
  await openApp(b, url);
  await ready(b);
  await waitUntilPostable(b);
  assert.equal(await b.isDisabled('fieldset.ofem-fields input >> nth=0'), false, 'editable before posting');

  await download(page, '#ofem-post');
  await page.waitForSelector('#ofem-posted-version[data-state="posted"]');
  // The other tab shows the posted version and stops taking answers, without a reload.
  await b.waitForSelector('#ofem-posted-version[data-state="posted"]');
  assert.equal(await b.isDisabled('fieldset.ofem-fields input >> nth=0'), true);
  assert.equal(await b.isDisabled('#ofem-post'), true);

  await page.click('#ofem-start-revision');
  await b.waitForFunction(() => !document.querySelector('fieldset.ofem-fields').disabled);
});
