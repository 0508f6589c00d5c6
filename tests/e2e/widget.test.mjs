// The widget's behaviour: level gating, optional progression, zero-score gate, Air pathway,
// agreement with the CLI, validation, keyboard-only use, accessibility, timings, screenshots.
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  start, openApp, screenshot, assertNoAxeViolations, measure, report, scoredRefs, gotoSection,
  choose, scoreText, bankSection, exportAnswers, importAnswers, cliScore, timeToScoreUpdate, typeInto } from './helpers.mjs';

const EMS_L1 = scoredRefs('ems', 1);

async function app(t, opts) {
  const a = await start(opts);
  t.after(a.close);
  await openApp(a.page, a.url);
  return a;
}

test('navigation → first interactive question, timed', async (t) => {
  const { page, problems } = await app(t);
  await page.waitForSelector('.ofem-question input');
  report('navigation → first interactive question', await measure(page, null, 'openfem:interactive'));
  report('wasm ready → interactive', await measure(page, 'openfem:wasm-ready', 'openfem:interactive'));
  assert.equal(await scoreText(page), '0.0');
  assert.deepEqual(problems, []);
});

test('answering Level 1 reveals Level 2 without losing focus', async (t) => {
  const { page, problems } = await app(t);
  await gotoSection(page, 'ems');
  assert.ok(EMS_L1.length > 3, 'EMS has Level 1 questions');
  assert.equal(await page.locator('[data-group="level-2"]').count(), 0, 'Level 2 hidden at first');
  for (const ref of EMS_L1.slice(0, -1)) await choose(page, ref, 'yes');
  assert.equal(await page.locator('[data-group="level-2"]').count(), 0, 'still hidden before the last one');
  const last = EMS_L1.at(-1);
  await page.focus(`#q-${last} input[value="yes"]`);
  const ms = await timeToScoreUpdate(page, () => page.keyboard.press('Space'));
  report('change → updated score (Level 1 achieved)', ms);
  await page.waitForSelector('[data-group="level-2"] .ofem-question');
  assert.ok(await page.locator('[data-group="level-3"]').count() >= 1, 'Level 3 shown');
  const focused = await page.evaluate(() => document.activeElement?.closest('[data-ref]')?.dataset.ref);
  assert.equal(focused, last, 'focus stays on the answered question');
  assert.equal(await page.locator('[data-group="level-1"] .ofem-badge.good').count(), 1, 'Level 1 badge: achieved');
  assert.notEqual(await scoreText(page, 'ems'), '0.0');
  await screenshot(page, 'ems-level1-achieved');
  assert.deepEqual(problems, []);
});

test('unachieved Level 1 shows the progression prompt: Yes reveals and caps, No hides', async (t) => {
  const { page } = await app(t);
  await gotoSection(page, 'ems');
  for (const ref of EMS_L1) await choose(page, ref, 'no');
  await page.waitForSelector('[data-group="progression"] #q-emslevel2opt');
  assert.equal(await page.locator('[data-group="level-2"]').count(), 0);
  const capped = await scoreText(page, 'ems');
  await screenshot(page, 'ems-progression-prompt');

  await choose(page, 'emslevel2opt', 'yes');
  await page.waitForSelector('[data-group="level-2"] .ofem-question');
  await page.waitForSelector('[data-group="level-2"] [data-note="capped-level"]');
  for (const ref of scoredRefs('ems', 2)) await choose(page, ref, 'yes');
  assert.equal(await scoreText(page, 'ems'), capped, 'Level 2 answers do not raise a capped section');
  await screenshot(page, 'ems-progression-yes');

  await choose(page, 'emslevel2opt', 'no');
  await page.waitForFunction(() => !document.querySelector('[data-group="level-2"]'));
  assert.equal(await scoreText(page, 'ems'), capped);
  await choose(page, 'emslevel2opt', 'yes'); // can change mind: answers were kept
  await page.waitForSelector('[data-group="level-2"] .ofem-question');
  const l2 = scoredRefs('ems', 2)[0];
  assert.ok(await page.isChecked(`#q-${l2} input[value="yes"]`), 'Level 2 answers kept');
});

test('licence "No" zeroes the total, names the answer and links to it', async (t) => {
  const { page } = await app(t);
  await gotoSection(page, 'ems');
  for (const ref of EMS_L1) await choose(page, ref, 'yes');
  assert.notEqual(await scoreText(page), '0.0');
  await gotoSection(page, 'site');
  await choose(page, 'sipvalidoperatinglicense', 'no');
  await page.waitForSelector('#ofem-zeroed');
  assert.equal(await scoreText(page), '0.0');
  assert.match(await page.textContent('#ofem-zeroed'), /sipvalidoperatinglicense|licence/);
  await screenshot(page, 'zeroed-licence');
  await gotoSection(page, 'water');
  await page.click('#ofem-zeroed a');
  await page.waitForSelector('section[data-section="site"]');
  await page.waitForFunction(() => document.activeElement?.closest('[data-ref]')?.dataset.ref === 'sipvalidoperatinglicense');
  await choose(page, 'sipvalidoperatinglicense', 'yes');
  await page.waitForFunction(() => !document.querySelector('#ofem-zeroed'));
  assert.notEqual(await scoreText(page), '0.0');
});

test('Air "no emissions" removes the section: total is the mean of six', async (t) => {
  const { page } = await app(t);
  await gotoSection(page, 'ems');
  for (const ref of EMS_L1) await choose(page, ref, 'yes');
  await gotoSection(page, 'air');
  await choose(page, 'airapplicability', 'none');
  await page.waitForSelector('[data-note="not-applicable"]');
  assert.equal(await scoreText(page, 'air'), 'N/A');
  const doc = await exportAnswers(page);
  const cli = cliScore(doc);
  const air = cli.sections.find((s) => s.id === 'air');
  assert.equal(air.applicable, false);
  const six = cli.sections.filter((s) => s.score !== null);
  assert.equal(six.length, 6);
  const mean = six.reduce((a, s) => a + s.score, 0) / 6;
  assert.ok(Math.abs(cli.total - mean) < 1e-9, 'CLI total is the mean of six');
  assert.equal(await scoreText(page), cli.total.toFixed(1), 'widget total = mean of six');
  await screenshot(page, 'air-not-applicable');
});

test('the score shown equals `openfem score` on the exported answers', async (t) => {
  const { page } = await app(t);
  await gotoSection(page, 'site');
  await choose(page, 'sipvalidoperatinglicense', 'yes');
  await typeInto(page, '#in-sipoperatingdays', '300');
  await gotoSection(page, 'ems');
  for (const [i, ref] of EMS_L1.entries()) await choose(page, ref, i % 3 === 0 ? 'no' : 'yes');
  await gotoSection(page, 'chemicals');
  const chem = bankSection('chemicals').questions;
  for (const ref of scoredRefs('chemicals', 1)) {
    const offered = chem.find((q) => q.ref === ref).answer.options;
    await choose(page, ref, offered.includes('partial') ? 'partial' : 'yes');
  }
  const doc = await exportAnswers(page);
  assert.equal(doc.format, 'openfem-answers');
  assert.equal(doc.version, 1);
  assert.equal(doc.bank, 'fem-2024');
  assert.equal(doc.answers.sipoperatingdays, 300);
  const cli = cliScore(doc);
  assert.equal(await scoreText(page), cli.total.toFixed(1));
  for (const s of cli.sections.filter((s) => s.score !== null)) {
    assert.equal(await scoreText(page, s.id), s.score.toFixed(1), `section ${s.id}`);
  }
  // Import round trip: a new, empty draft shows the same score once the file is imported.
  await page.click('#ofem-draft-new');
  await page.waitForFunction(() => document.querySelector('[data-score="total"]').textContent.trim() === '0.0');
  await importAnswers(page, doc);
  await page.waitForFunction((want) => document.querySelector('[data-score="total"]').textContent.trim() === want, cli.total.toFixed(1));
});

test('numbers: range error blocks, plausibility warning does not', async (t) => {
  const { page } = await app(t);
  const input = '#in-sipoperatingdays';
  await typeInto(page, input, '400');
  await page.waitForSelector('#q-sipoperatingdays [data-msg="error"]');
  assert.equal(await page.getAttribute(input, 'aria-invalid'), 'true');
  let doc = await exportAnswers(page);
  assert.equal(doc.answers.sipoperatingdays, undefined, 'an out-of-range number is not stored');
  await typeInto(page, input, '50');
  await page.waitForSelector('#q-sipoperatingdays [data-msg="warning"]');
  assert.equal(await page.locator('#q-sipoperatingdays [data-msg="error"]').count(), 0);
  doc = await exportAnswers(page);
  assert.equal(doc.answers.sipoperatingdays, 50, 'a merely implausible number is stored');
  await screenshot(page, 'number-warning');
});

test('tables: rows come from an earlier answer; a permit "Not available" zeroes the total', async (t) => {
  const { page } = await app(t);
  await choose(page, 'sippermitsreq', 'water_use');
  const select = '#q-sippermits select[id$="-sippermitstatus"]';
  await page.waitForSelector(select);
  await page.selectOption(select, 'not_available');
  await page.waitForSelector('#ofem-zeroed');
  assert.equal(await scoreText(page), '0.0');
  await page.selectOption(select, 'available_valid');
  await page.waitForFunction(() => !document.querySelector('#ofem-zeroed'));
});

test('keyboard only: a section answered with Tab and Space reveals Level 2', async (t) => {
  const { page } = await app(t);
  await page.focus('.ofem-nav a[data-section="ems"]');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 's-ems');
  const wanted = new Set(EMS_L1);
  let presses = 0;
  while (wanted.size && presses < 400) {
    await page.keyboard.press('Tab');
    presses++;
    const f = await page.evaluate(() => {
      const el = document.activeElement;
      return { type: el?.type, value: el?.value, ref: el?.closest('[data-ref]')?.dataset.ref };
    });
    if (f.type === 'radio' && wanted.has(f.ref)) {
      // Arrow keys move within a radio group; Space checks the focused radio.
      for (let i = 0; i < 3 && (await page.evaluate(() => document.activeElement.value)) !== 'yes'; i++) {
        await page.keyboard.press('ArrowUp');
      }
      await page.keyboard.press('Space');
      wanted.delete(f.ref);
    }
  }
  assert.equal(wanted.size, 0, `answered by keyboard (${presses} key presses)`);
  await page.waitForSelector('[data-group="level-2"] .ofem-question');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'focus is visible');
  console.log(`keyboard: EMS Level 1 answered with ${presses} Tab presses`);
  await screenshot(page, 'keyboard-ems');
});

test('axe-core: no violations with tables, errors, progression and the zero banner shown', async (t) => {
  const { page } = await app(t);
  await choose(page, 'sipvalidoperatinglicense', 'no');
  await choose(page, 'sippermitsreq', 'water_use');
  await typeInto(page, '#in-sipoperatingdays', '400');
  await page.click('#q-sipoperatingdays .ofem-help summary');
  await assertNoAxeViolations(page);
  await gotoSection(page, 'ems');
  for (const ref of EMS_L1) await choose(page, ref, 'no');
  await choose(page, 'emslevel2opt', 'yes');
  await page.waitForSelector('[data-group="level-2"]');
  await assertNoAxeViolations(page);
});

test('phone screen: one column, total always in view', async (t) => {
  const { page } = await app(t, { viewport: { width: 390, height: 844 } });
  await gotoSection(page, 'ems');
  for (const ref of EMS_L1) await choose(page, ref, 'yes');
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
  const bar = await page.locator('.ofem-minibar').boundingBox();
  assert.ok(bar && bar.y + bar.height <= 844 + 1 && bar.y > 700, `mini bar at the bottom: ${JSON.stringify(bar)}`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no horizontal scroll (${width}px)`);
  await screenshot(page, 'phone-ems', { fullPage: false });
  await assertNoAxeViolations(page);
});
