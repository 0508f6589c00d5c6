// Two tabs on one draft (issue #5): saves are announced on a BroadcastChannel and a tab without
// unsaved changes shows them; a write over a newer revision merges both tabs' answers and says
// so. No lost update either way.
import test from 'node:test';
import assert from 'node:assert/strict';
import { openApp, scoredRefs, gotoSection, choose } from './helpers.mjs';
import { app, ready, waitStored } from './persist-util.mjs';

const EMS_L1 = scoredRefs('ems', 1);
const checked = (page, ref, v) =>
  page.waitForFunction(([r, v]) => document.querySelector(`#q-${r} input[value="${v}"]`)?.checked, [ref, v], { timeout: 10_000 });

test('the other tab sees each change', async (t) => {
  const { page: a, context, url } = await app(t);
  const b = await context.newPage();
  await openApp(b, url);
  await ready(b);
  assert.equal(await b.inputValue('#ofem-draft-select'), await a.inputValue('#ofem-draft-select'), 'same draft');
  await gotoSection(a, 'ems');
  await gotoSection(b, 'ems');
  await choose(a, EMS_L1[0], 'yes');
  await checked(b, EMS_L1[0], 'yes');
  assert.match(await b.textContent('#ofem-notice'), /changed in another tab/);
  await choose(b, EMS_L1[1], 'no');
  await checked(a, EMS_L1[1], 'no');
  const d = await waitStored(a, (d) => d.answers[EMS_L1[0]] === 'yes' && d.answers[EMS_L1[1]] === 'no', 'both');
  console.log(`two tabs: stored revision ${d.revision}`);
});

test('a tab that missed the other tab\'s save merges instead of overwriting, and says so', async (t) => {
  const { page: a, context, url } = await app(t);
  const b = await context.newPage();
  // Tab B hears nothing (no BroadcastChannel): only the revision check protects A's answers.
  await b.addInitScript(() => { delete window.BroadcastChannel; });
  await openApp(b, url);
  await ready(b);
  await gotoSection(a, 'ems');
  await gotoSection(b, 'ems');
  await choose(a, EMS_L1[0], 'yes');
  await waitStored(a, (d) => d.answers[EMS_L1[0]] === 'yes');
  assert.equal(await b.isChecked(`#q-${EMS_L1[0]} input[value="yes"]`), false, 'B is stale');
  await choose(b, EMS_L1[1], 'yes');
  const merged = await waitStored(b, (d) => d.answers[EMS_L1[0]] === 'yes' && d.answers[EMS_L1[1]] === 'yes', 'merged');
  await checked(b, EMS_L1[0], 'yes');
  assert.match(await b.textContent('#ofem-notice'), /both tabs' answers were kept/);
  // A cannot hear B (B has no channel): A's next save meets B's newer revision and merges.
  await choose(a, EMS_L1[3], 'yes');
  await checked(a, EMS_L1[1], 'yes');
  assert.match(await a.textContent('#ofem-notice'), /both tabs' answers were kept/);
  await waitStored(a, (d) => [0, 1, 3].every((i) => d.answers[EMS_L1[i]] === 'yes'), 'A merged');

  // Both change the same answer: B's is kept and B is told which one.
  await choose(a, EMS_L1[2], 'yes');
  await waitStored(a, (d) => d.answers[EMS_L1[2]] === 'yes');
  await choose(b, EMS_L1[2], 'no');
  await b.waitForFunction(() => /Another tab changed the same answers/.test(document.querySelector('#ofem-notice').textContent));
  assert.match(await b.textContent('#ofem-notice'), new RegExp(EMS_L1[2]));
  const final = await waitStored(b, (d) => d.answers[EMS_L1[2]] === 'no', 'B kept');
  assert.equal(final.answers[EMS_L1[0]], 'yes');
  assert.equal(final.answers[EMS_L1[1]], 'yes');
  await a.reload();
  await ready(a);
  await gotoSection(a, 'ems');
  await checked(a, EMS_L1[2], 'no');
  assert.ok(await a.isChecked(`#q-${EMS_L1[3]} input[value="yes"]`));
  console.log(`merge: revisions ${merged.revision} → ${final.revision}`);
});
