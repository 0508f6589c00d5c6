// Import and export (issue #5): every bad file gives a clear message and leaves the stored
// drafts byte-equal; a good one is imported into the open draft or as a new one after the user
// chooses; CSV export; roll-forward from last year's export.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scoredRefs, gotoSection, choose, exportAnswers, screenshot, assertNoAxeViolations } from './helpers.mjs';
import { app, stored, waitStored, pickFile, currentStored } from './persist-util.mjs';

const EMS_L1 = scoredRefs('ems', 1);
const doc = (answers, extra = {}) => ({ format: 'openfem-answers', version: 1, bank: 'fem-2024', answers, ...extra });

test('bad imports: a clear message each time, stored drafts byte-equal', async (t) => {
  const { page, problems } = await app(t);
  await gotoSection(page, 'ems');
  await choose(page, EMS_L1[0], 'yes');
  await waitStored(page, (d) => d.answers[EMS_L1[0]] === 'yes');
  await page.waitForSelector('#ofem-save-status[data-status="saved"]');
  const before = await stored(page);
  // 50 MiB of valid-looking JSON (too big for Playwright's in-memory buffers: a file).
  const dir = mkdtempSync(path.join(os.tmpdir(), 'openfem-big-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const big = path.join(dir, 'big.json');
  const size = 50 * 1024 * 1024;
  const head = '{"format":"openfem-answers","version":1,"bank":"fem-2024","answers":{},"pad":"';
  writeFileSync(big, head + 'x'.repeat(size - head.length - 2) + '"}');
  const cases = [
    ['not JSON', 'this is { not json', /not valid JSON/],
    ['JSON of another shape', JSON.stringify({ hello: 'world', list: [1, 2] }), /format: missing/],
    ['a JSON array', '[1, 2, 3]', /expected a JSON object/],
    ['unknown Ref ID', JSON.stringify(doc({ nosuchquestion: 'yes' })), /answers\.nosuchquestion: unknown Ref ID/],
    ['wrong value type', JSON.stringify(doc({ [EMS_L1[1]]: 42 })), new RegExp(`answers\\.${EMS_L1[1]}: expected an answer token`)],
    ['token not offered', JSON.stringify(doc({ [EMS_L1[1]]: 'maybe' })), /"maybe" is not offered/],
    ['newer format version', JSON.stringify(doc({}, { version: 2 })), /version 2 is newer than this OpenFEM reads/],
    ['another bank', JSON.stringify({ ...doc({}), bank: 'other-bank' }), /answers are for bank "other-bank"/],
    ['50 MB file', { path: big }, /the file is 52\.4 MB; answers files are at most 5 MB/],
  ];
  let previous = '';
  for (const [name, content, want] of cases) {
    await pickFile(page, '#ofem-import', 'bad.json', content);
    await page.waitForFunction(
      (prev) => document.querySelector('#ofem-notice.error') && document.querySelector('#ofem-notice').textContent !== prev,
      previous,
    );
    const text = (await page.textContent('#ofem-notice')).trim();
    console.log(`import ${name}: ${text.slice(0, 160)}`);
    assert.match(text, /^Could not import: /, name);
    assert.match(text, want, name);
    assert.equal(await page.locator('#ofem-import-confirm').count(), 0, `${name}: nothing offered`);
    assert.deepEqual(await stored(page), before, `${name}: stored drafts byte-equal`);
    assert.ok(await page.isChecked(`#q-${EMS_L1[0]} input[value="yes"]`), `${name}: answer still shown`);
    previous = await page.textContent('#ofem-notice');
  }
  await screenshot(page, 'persist-import-error');
  await page.waitForTimeout(500);
  assert.deepEqual(await stored(page), before, 'still byte-equal after the coalescing window');
  assert.deepEqual(problems, []);
});

test('good import: confirm, into the open draft or as a new draft; Cancel changes nothing', async (t) => {
  const { page } = await app(t);
  await gotoSection(page, 'ems');
  await choose(page, EMS_L1[0], 'yes');
  const first = await waitStored(page, (d) => d.answers[EMS_L1[0]] === 'yes');
  const incoming = doc({ [EMS_L1[1]]: 'no', [EMS_L1[2]]: 'yes' });

  await pickFile(page, '#ofem-import', 'a.json', incoming);
  await page.waitForSelector('#ofem-import-confirm');
  assert.match(await page.textContent('#ofem-import-confirm'), /Import 2 answers/);
  await assertNoAxeViolations(page, { include: '.ofem-files' });
  const before = await stored(page);
  await page.click('#ofem-import-cancel');
  await page.waitForTimeout(400);
  assert.deepEqual(await stored(page), before, 'Cancel: nothing written');

  await pickFile(page, '#ofem-import', 'a.json', incoming);
  await page.click('#ofem-import-new');
  await page.waitForFunction((id) => document.querySelector('#ofem-draft-select')?.value !== id, first.id);
  const created = await waitStored(page, (d) => d.answers[EMS_L1[1]] === 'no', 'new draft');
  assert.notEqual(created.id, first.id);
  assert.equal(created.name, 'Imported answers');
  const all = await stored(page);
  assert.equal(JSON.parse(all[first.id]).answers[EMS_L1[0]], 'yes', 'the first draft is unchanged');
  assert.equal(Object.keys(all).length, 2);

  await pickFile(page, '#ofem-import', 'b.json', doc({ [EMS_L1[3]]: 'yes' }));
  await page.click('#ofem-import-replace');
  const replaced = await waitStored(page, (d) => d.answers[EMS_L1[3]] === 'yes' && !d.answers[EMS_L1[1]], 'replaced');
  assert.equal(replaced.id, created.id);
  assert.deepEqual(Object.keys(replaced.answers), [EMS_L1[3]]);
});

test('CSV export: Ref ID, section, level, answer, points, max; formulas guarded', async (t) => {
  const { page } = await app(t);
  await gotoSection(page, 'ems');
  for (const ref of EMS_L1) await choose(page, ref, 'yes');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#ofem-export-csv')]);
  assert.match(download.suggestedFilename(), /\.csv$/);
  const csv = readFileSync(await download.path(), 'utf8');
  const lines = csv.trim().split('\r\n');
  assert.equal(lines[0], 'ref_id,section,level,answer,points,max');
  const row = lines.find((l) => l.startsWith(`${EMS_L1[0]},`));
  assert.match(row, new RegExp(`^${EMS_L1[0]},ems,1,yes,\\d+\\.\\d{4},\\d+\\.\\d{4}$`));
});

test('start next year from an export: only carry-over answers, in a new draft', async (t) => {
  const { page } = await app(t);
  const first = await currentStored(page);
  const lastYear = doc({ sitecountry: 'BD', sipvalidoperatinglicense: 'yes', [EMS_L1[0]]: 'yes', a_question_removed_since: 'x' });
  await pickFile(page, '#ofem-roll-forward', 'last-year.json', lastYear);
  await page.waitForFunction((id) => document.querySelector('#ofem-draft-select')?.value !== id, first.id);
  const next = await waitStored(page, (d) => d.name === 'Next reporting year', 'rolled-forward draft');
  assert.deepEqual(next.answers, { sitecountry: 'BD' }, 'only carry-over answers');
  assert.match(await page.textContent('#ofem-notice'), /1 answers carried over/);
});
