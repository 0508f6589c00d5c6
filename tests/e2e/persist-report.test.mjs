// Report view and print (issue #5), and hostile text answers: they render as text in the
// widget, the report and the CSV (formula cells guarded).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { scoredRefs, gotoSection, choose, scoreText, screenshot, assertNoAxeViolations, RESULTS, typeInto } from './helpers.mjs';
import { app, waitStored, ready } from './persist-util.mjs';

const EMS_L1 = scoredRefs('ems', 1);
const PAYLOAD = `=HYPERLINK("http://evil.example","x")<script>window.__xss=1</script><img src=x onerror="window.__xss=2"><svg onload="window.__xss=3">`;

test('report: facility, date, bank, total, sections, levels, answers with points, unanswered; prints alone', async (t) => {
  const { page, problems } = await app(t);
  await page.click('#ofem-draft-rename');
  await typeInto(page, '#ofem-draft-name', 'Dhaka plant, 2024');
  await page.click('#ofem-draft-name-save');
  await gotoSection(page, 'ems');
  for (const ref of EMS_L1) await choose(page, ref, 'yes');
  await choose(page, 'emstrainingeval', 'yes');
  await typeInto(page, '#in-emstrainingevalhow', PAYLOAD);
  await waitStored(page, (d) => d.answers.emstrainingevalhow === PAYLOAD, 'payload stored');
  // Reload: the payload comes back from storage and is still text.
  await page.reload();
  await ready(page);
  await gotoSection(page, 'ems');
  assert.equal(await page.inputValue('#in-emstrainingevalhow'), PAYLOAD);

  const total = await scoreText(page);
  await page.click('#ofem-report-button');
  await page.waitForSelector('#ofem-report');
  assert.equal((await page.textContent('#ofem-report-facility')).trim(), 'Dhaka plant, 2024');
  assert.match(await page.textContent('#ofem-report-bank'), /^fem-2024 \S+/);
  assert.equal((await page.textContent('#ofem-report-total')).trim(), `${total} of 100`);
  assert.equal(await page.locator('#ofem-report [data-report-section]').count(), 8, 'every section (site included)');
  assert.match(await page.textContent('#ofem-report [data-report-section="ems"]'), /Level 1: achieved/);
  const row = page.locator(`#ofem-report tr[data-ref="${EMS_L1[0]}"]`);
  assert.match(await row.textContent(), /Yes/, "the answer by its label");
  assert.match(await row.locator('td.num').first().textContent(), /^\d+\.\d$/, 'points shown');
  const missing = await page.locator('#ofem-report .ofem-report-missing li').count();
  assert.ok(missing > 10, `unanswered listed (${missing})`);

  // The payload is text in the report, the page ran none of it.
  const cell = page.locator('#ofem-report tr[data-ref="emstrainingevalhow"] .ofem-report-answer');
  assert.equal(await cell.textContent(), PAYLOAD);
  assert.equal(await page.locator('#ofem-report img, #ofem-report script, #ofem-report svg[onload]').count(), 0);
  assert.equal(await page.evaluate(() => window.__xss), undefined, 'no payload ran');
  await assertNoAxeViolations(page, { include: '#ofem-report' });
  await screenshot(page, 'persist-report');

  // Print: only the report is visible; a PDF is produced.
  await page.emulateMedia({ media: 'print' });
  const vis = await page.evaluate(() => ({
    title: getComputedStyle(document.querySelector('.ofem-header h1')).visibility,
    question: getComputedStyle(document.querySelector('.ofem-question')).visibility,
    report: getComputedStyle(document.querySelector('#ofem-report h2')).visibility,
    buttons: getComputedStyle(document.querySelector('.ofem-report-actions')).display,
  }));
  assert.deepEqual(vis, { title: 'hidden', question: 'hidden', report: 'visible', buttons: 'none' });
  await screenshot(page, 'persist-report-print');
  mkdirSync(RESULTS, { recursive: true });
  const pdf = await page.pdf({ format: 'A4' });
  writeFileSync(path.join(RESULTS, 'persist-report.pdf'), pdf);
  console.log(`report PDF: ${pdf.length} bytes`);
  assert.ok(pdf.length > 10_000);
  await page.emulateMedia({ media: 'screen' });
  await page.click('#ofem-report-close');
  assert.equal(await page.locator('#ofem-report').count(), 0);
  assert.deepEqual(problems, []);
});

test('hostile text answers: text in the widget, the export and the CSV (formula guarded)', async (t) => {
  const { page, problems } = await app(t);
  await gotoSection(page, 'ems');
  for (const ref of EMS_L1) await choose(page, ref, 'yes');
  await choose(page, 'emstrainingeval', 'yes');
  await typeInto(page, '#in-emstrainingevalhow', PAYLOAD);
  await page.waitForTimeout(200);
  assert.equal(await page.locator('#q-emstrainingevalhow img, #q-emstrainingevalhow script').count(), 0);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#ofem-export-csv')]);
  const csv = readFileSync(await download.path(), 'utf8');
  const line = csv.split('\r\n').find((l) => l.startsWith('emstrainingevalhow,'));
  assert.ok(line.includes(`"'=HYPERLINK(""http://evil.example"",""x"")<script>`), `guarded: ${line}`);
  assert.ok(!/,=/.test(line), 'no cell starts with =');
  const [json] = await Promise.all([page.waitForEvent('download'), page.click('#ofem-export')]);
  assert.equal(JSON.parse(readFileSync(await json.path(), 'utf8')).answers.emstrainingevalhow, PAYLOAD, 'exported as is');
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.deepEqual(problems, []);
});
