// The evidence checklist (docs/bank-format.md, Question): a question's help lists, under its own
// title, each thing a verifier will ask to see, one list item each, in the widget's language.
// The expected items are read from the bank and its Vietnamese overlay, so the test follows the
// bank's wording; one literal item per language pins that the right text shows. A picture of the
// Vietnamese checklist goes to test-results/evidence-vi.png (not committed).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { start, openApp, gotoSection, bankSection, assertNoAxeViolations, ROOT, RESULTS } from './helpers.mjs';

const REF = 'emstraining';
const question = bankSection('ems').questions.find((q) => q.ref === REF);
const english = question.help.evidence;
const overlay = JSON.parse(readFileSync(path.join(ROOT, 'src/bank/fem-2024/locales/vi.json'), 'utf8'));
const vietnamese = english.map((_, i) => overlay[`q.${REF}.help.evidence.${i}`]);

/** The open help's checklist: its title and its items, as shown. */
async function checklist(page) {
  const help = page.locator(`#q-${REF} details.ofem-help`);
  assert.equal(await help.getAttribute('open'), '', 'the help is open');
  const list = help.locator('ul.ofem-evidence');
  const title = (await list.locator('xpath=../preceding-sibling::dt[1]').textContent()).trim();
  const items = (await list.locator('li').allTextContents()).map((s) => s.trim());
  return { title, items };
}

/** Chooses a language in the picker with the keyboard, as a person would. */
async function pickWithKeyboard(page, tag) {
  await page.focus('#ofem-language');
  const options = await page.$$eval('#ofem-language option', (os) => os.map((o) => o.value));
  const from = options.indexOf(await page.$eval('#ofem-language', (s) => s.value));
  const to = options.indexOf(tag);
  for (let i = from; i !== to; i += to > from ? 1 : -1) {
    await page.keyboard.press(to > from ? 'ArrowDown' : 'ArrowUp');
  }
  await page.waitForFunction((tag) => document.querySelector('.ofem-app')?.lang === tag, tag);
}

test('a question\'s help lists what a verifier will ask to see, in English and in Vietnamese', async (t) => {
  assert.ok(english.length >= 2, 'a checklist of several items');
  assert.equal(vietnamese.length, english.length);
  const { page, problems, url, close } = await start();
  t.after(close);
  await openApp(page, url);
  await gotoSection(page, 'ems');

  // Closed, the checklist is not shown; a click on "Help" opens it.
  assert.equal(await page.isVisible(`#q-${REF} ul.ofem-evidence`), false);
  await page.click(`#q-${REF} details.ofem-help summary`);
  const en = await checklist(page);
  assert.equal(en.title, 'What a verifier will ask to see');
  assert.deepEqual(en.items, english);
  assert.ok(en.items.includes('Attendance records'), en.items.join(' | '));
  assert.ok(await page.isVisible(`#q-${REF} ul.ofem-evidence li >> nth=0`));
  await assertNoAxeViolations(page, { include: `#q-${REF}` });

  // In Vietnamese: the same list, item for item, in Vietnamese; opened with the keyboard.
  await pickWithKeyboard(page, 'vi');
  const summary = page.locator(`#q-${REF} details.ofem-help summary`);
  if ((await summary.locator('xpath=..').getAttribute('open')) === null) {
    await summary.focus();
    await page.keyboard.press('Enter');
  }
  await page.waitForFunction(
    ({ ref, first }) => document.querySelector(`#q-${ref} ul.ofem-evidence li`)?.textContent.trim() === first,
    { ref: REF, first: vietnamese[0] },
  );
  const vi = await checklist(page);
  assert.equal(vi.title, 'Hồ sơ thẩm tra viên sẽ yêu cầu xem');
  assert.deepEqual(vi.items, vietnamese);
  assert.ok(vi.items.includes('Danh sách tham dự'), vi.items.join(' | '));
  assert.equal(await page.$eval(`#q-${REF}`, (e) => e.closest('[lang]').lang), 'vi');
  mkdirSync(RESULTS, { recursive: true });
  await page.locator(`#q-${REF}`).screenshot({ path: path.join(RESULTS, 'evidence-vi.png') });
  await assertNoAxeViolations(page, { include: `#q-${REF}` });

  await summary.focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.isVisible(`#q-${REF} ul.ofem-evidence`), false, 'Enter on "Help" closes it again');
  assert.deepEqual(problems, []);
});
