// Issue #4's remaining gaps: levels with nothing to achieve show "—" (not ✓), a choice answer can
// be cleared from the keyboard, and the core's why sentences and number messages come through
// the locale file with the same English the CLI prints.
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  start, openApp, screenshot, gotoSection, choose, scoredRefs, exportAnswers, cliScore,
  assertNoAxeViolations, typeInto } from './helpers.mjs';

async function app(t, opts) {
  const a = await start(opts);
  t.after(a.close);
  await openApp(a.page, a.url);
  return a;
}

const EMPTY = { format: 'openfem-answers', version: 1, bank: 'fem-2024', answers: {} };

test('levels with no weight or no scored question show "—", not ✓', async (t) => {
  const { page, problems } = await app(t);
  const cli = cliScore(EMPTY);
  const vacuous = cli.sections
    .filter((s) => s.applicable)
    .flatMap((s) => s.levels.filter((l) => l.weight === 0 || l.scored_questions === 0).map((l) => [s.id, l]));
  assert.ok(vacuous.length > 0, 'the empty assessment has such levels');
  for (const [id, l] of vacuous) {
    assert.ok(l.achieved, 'the core still counts them as achieved (gating)');
    const cell = page.locator(`.ofem-levels tr[data-levels="${id}"] td[data-level="${l.level}"]`);
    assert.equal(await cell.getAttribute('class'), 'lvl not_applicable', `${id} L${l.level}`);
    const text = await cell.textContent();
    assert.ok(text.includes('—') && !text.includes('✓'), `${id} L${l.level}: ${text}`);
    assert.match(text, /not applicable/);
  }
  console.log(`vacuous levels: ${vacuous.map(([id, l]) => `${id} L${l.level}`).join(', ')}`);
  assert.deepEqual(problems, []);
});

test('a choice answer can be cleared with the keyboard', async (t) => {
  const { page, problems } = await app(t);
  await gotoSection(page, 'ems');
  const [ref] = scoredRefs('ems', 1);
  assert.equal(await page.locator(`#q-${ref} [data-clear]`).count(), 0, 'no clear button before an answer');
  await page.focus(`#q-${ref} input[value="yes"]`);
  await page.keyboard.press('Space');
  assert.ok(await page.isChecked(`#q-${ref} input[value="yes"]`));
  assert.equal((await exportAnswers(page)).answers[ref], 'yes');
  await page.focus(`#q-${ref} input[value="yes"]`); // Export took the focus
  await page.keyboard.press('Tab');
  const onButton = await page.evaluate(() => document.activeElement?.matches('[data-clear]'));
  assert.ok(onButton, 'Tab from the options reaches the clear button');
  await screenshot(page, 'clear-button');
  await assertNoAxeViolations(page);
  await page.keyboard.press('Enter');
  await page.waitForFunction((r) => !document.querySelector(`#q-${r} input:checked`), ref);
  assert.equal(await page.locator(`#q-${ref} [data-clear]`).count(), 0, 'button gone with the answer');
  const focused = await page.evaluate(() => ({ ref: document.activeElement?.closest('[data-ref]')?.dataset.ref, tag: document.activeElement?.tagName }));
  assert.deepEqual(focused, { ref, tag: 'INPUT' }, 'focus back on the question\'s first option');
  assert.ok(!(ref in (await exportAnswers(page)).answers), 'answer removed');
  assert.deepEqual(problems, []);
});

test('why sentences and number messages: locale file, same English as the CLI', async (t) => {
  const { page, problems } = await app(t);
  await gotoSection(page, 'ems');
  const refs = scoredRefs('ems', 1);
  const tokens = ['yes', 'partial', 'no'];
  for (const [i, ref] of refs.entries()) {
    const token = tokens[i % tokens.length];
    if (await page.locator(`#q-${ref} input[value="${token}"]`).count()) await choose(page, ref, token);
  }
  const shown = await page.evaluate(() =>
    Object.fromEntries([...document.querySelectorAll('.ofem-question')].map((q) => [q.dataset.ref, q.querySelector('.why')?.textContent.trim()])),
  );
  const cli = cliScore(await exportAnswers(page));
  const ems = cli.sections.find((s) => s.id === 'ems');
  let compared = 0;
  for (const q of ems.questions) {
    if (shown[q.id] === undefined || shown[q.id] === null || q.max == null) continue;
    assert.equal(shown[q.id], q.why, q.id);
    compared++;
  }
  assert.ok(compared >= refs.length, `compared ${compared} sentences`);
  console.log(`why sentences equal to the CLI: ${compared}`);

  // A range error and a plausibility warning of a number.
  await gotoSection(page, 'energy');
  await choose(page, 'ensourceheader', 'diesel');
  await choose(page, 'ensourcetrackopt', 'yes');
  await page.selectOption('#in-ensourcetracktable-diesel-tracked', 'yes');
  await typeInto(page, '#in-ensourcetracktable-diesel-quantity', '-5');
  assert.equal((await page.textContent('[data-msg="error"]')).trim(), 'must be at least 0');
  await typeInto(page, '#in-ensourcetracktable-diesel-quantity', '2000000000');
  // The widget writes the bound with the language's grouping (Intl); the CLI's JSON keeps digits.
  assert.equal(
    (await page.textContent('[data-msg="warning"]')).trim(),
    'unusually high (above 1,035,500,000): please check the number and its unit',
  );
  assert.deepEqual(problems, []);
});
