// A whole FEM completed as a facility's environmental manager would: every answer of a
// realistic garment factory (tests/e2e/fixtures/facility.json, made by make-facility.py) is
// entered through the widget only — clicking choices, choosing from lists, typing numbers,
// dates and text key by key, filling table rows — section by section, with a reload half-way.
// At 100% the module is posted; the export must equal what was entered, and `openfem score`
// of it must equal the score on screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, start, openApp, gotoSection, exportAnswers, typeInto, cliScore, scoreText, bankSection } from './helpers.mjs';

const FACILITY = JSON.parse(readFileSync(path.join(ROOT, 'tests', 'e2e', 'fixtures', 'facility.json'), 'utf8'));
const SECTIONS = ['site', 'ems', 'energy', 'water', 'wastewater', 'air', 'waste', 'chemicals'];

/** What a person types for a value: numbers as written in English, dates day first. */
function typed(spec, value) {
  if (spec.type === 'date') {
    const [y, m, d] = value.split('-');
    return `${d}/${m}/${y}`;
  }
  return String(value);
}

async function enterControl(page, id, spec, value) {
  const sel = `#${id}`;
  switch (spec.type) {
    case 'single':
    case 'choice':
      await page.selectOption(sel, value);
      break;
    case 'multi':
      for (const opt of value) await page.click(`#${id}-${opt}`);
      break;
    default:
      await typeInto(page, sel, typed(spec, value));
  }
}

async function enterTable(page, q, rows) {
  const free = 'free' in q.answer.rows;
  for (const [i, row] of rows.entries()) {
    const slug = free ? String(i + 1) : row.row;
    if (free && (await page.locator(`#q-${q.ref} tr[data-row="${slug}"]`).count()) === 0) {
      await page.click(`#q-${q.ref} .ofem-add-row`);
    }
    for (const col of q.answer.columns) {
      if (!(col.id in row)) continue;
      const id = `in-${q.ref}-${slug}-${col.id}`;
      await page.waitForSelector(col.answer.type === 'multi' ? `#${id}-${row[col.id][0]}` : `#${id}`);
      await enterControl(page, id, col.answer, row[col.id]);
    }
  }
}

async function enter(page, q, value) {
  switch (q.answer.type) {
    case 'choice':
      await page.click(`#q-${q.ref} input[value="${value}"]`);
      break;
    case 'multi':
      for (const opt of value) await page.click(`#q-${q.ref} input[value="${opt}"]`);
      break;
    case 'table':
      await enterTable(page, q, value);
      break;
    default:
      await enterControl(page, `in-${q.ref}`, q.answer, value);
  }
}

/** Enters a section's answers in the order the questions appear (answers open new questions). */
async function fillSection(page, id) {
  await gotoSection(page, id);
  const pending = bankSection(id).questions.filter((q) => q.ref in FACILITY.answers);
  while (pending.length) {
    const before = pending.length;
    for (const q of [...pending]) {
      if ((await page.locator(`#q-${q.ref}`).count()) === 0) continue;
      await enter(page, q, FACILITY.answers[q.ref]);
      pending.splice(pending.indexOf(q), 1);
    }
    assert.ok(pending.length < before, `${id}: never shown: ${pending.map((q) => q.ref).join(', ')}`);
  }
}

test('a whole FEM entered through the widget alone reaches 100%, posts, and exports exactly', { timeout: 20 * 60_000 }, async () => {
  const { page, close, url, problems } = await start({ viewport: { width: 1366, height: 900 } });
  try {
    await openApp(page, url);
    for (const [i, id] of SECTIONS.entries()) {
      await fillSection(page, id);
      if (i === 3) {
        // Half-way: the browser is closed and opened again; everything entered is still there.
        const halfway = (await exportAnswers(page)).answers;
        await page.reload();
        await page.waitForSelector('.ofem-app:not([inert])');
        assert.deepEqual((await exportAnswers(page)).answers, halfway, 'nothing lost on reload');
      }
    }
    const doc = await exportAnswers(page);
    assert.deepEqual(doc.answers, FACILITY.answers, 'the export is exactly what was entered');
    const cli = cliScore(doc);
    assert.equal(cli.can_post, true, `complete for the CLI: ${cli.completion.missing}`);
    assert.equal(await scoreText(page), cli.total.toFixed(1), 'the score on screen is the CLI score');

    const post = page.locator('#ofem-post');
    assert.equal(await post.isDisabled(), false, 'Post is enabled at 100%');
    await post.click();
    // Posting visibly changes state and says what it did, with the total posted.
    await page.waitForFunction((total) => (document.querySelector('#ofem-post-help')?.textContent ?? '').includes(total), cli.total.toFixed(1));
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
