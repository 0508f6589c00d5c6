// Two tabs on one draft (issue #5): saves are announced on a BroadcastChannel and a tab without
// unsaved changes shows them; a write over a newer revision merges both tabs' answers and says
// so. No lost update either way. A draft deleted in one tab is never written back by the other:
// that tab stops saving, says so, and offers to keep the answers as a new draft or restore it;
// Undo in the deleting tab lets it save again.
import test from 'node:test';
import assert from 'node:assert/strict';
import { openApp, scoredRefs, gotoSection, choose, assertNoAxeViolations, screenshot } from './helpers.mjs';
import { app, ready, waitStored, stored } from './persist-util.mjs';

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

/** Two tabs on one draft with one answer saved; returns both pages and the draft id. */
async function twoTabs(t, { bWithoutChannel = false } = {}) {
  const { page: a, context, url } = await app(t);
  const b = await context.newPage();
  if (bWithoutChannel) await b.addInitScript(() => { delete window.BroadcastChannel; });
  await gotoSection(a, 'ems');
  await choose(a, EMS_L1[0], 'yes');
  await waitStored(a, (d) => d.answers[EMS_L1[0]] === 'yes');
  await openApp(b, url);
  await ready(b);
  await gotoSection(b, 'ems');
  await checked(b, EMS_L1[0], 'yes');
  const id = await a.inputValue('#ofem-draft-select');
  assert.equal(await b.inputValue('#ofem-draft-select'), id, 'same draft');
  return { a, b, id };
}

const realWait = (ms) => new Promise((r) => setTimeout(r, ms));

test('a draft deleted in another tab is not written back; its answers are kept as a new draft on request', async (t) => {
  const { a, b, id } = await twoTabs(t);
  await a.click('#ofem-draft-delete');
  await a.waitForSelector('#ofem-draft-undo');
  // B is told, plainly and at once (BroadcastChannel).
  await b.waitForSelector('#ofem-gone');
  assert.equal(await b.getAttribute('#ofem-gone', 'role'), 'alert');
  assert.match(await b.textContent('#ofem-gone'), /was deleted in another tab\. Your answers here are not being saved/);
  assert.equal(await b.getAttribute('#ofem-save-status', 'data-status'), 'gone');
  // The alert and its three choices meet WCAG 2.2 AA like the rest of the widget.
  await assertNoAxeViolations(b);
  await screenshot(b, 'deleted-in-another-tab', { fullPage: false });
  assert.match(await b.textContent('#ofem-save-status'), /Not saved: this draft was deleted in another tab/);
  assert.equal(await b.inputValue('#ofem-draft-select'), id, 'B still shows its draft');
  // B keeps answering: nothing is written under the deleted id (well past the 300 ms
  // coalescing, and after a flush on hiding).
  await choose(b, EMS_L1[1], 'no');
  await b.evaluate(() => window.dispatchEvent(new Event('pagehide')));
  await realWait(1000);
  assert.equal((await stored(b))[id], undefined, 'the deleted draft was not resurrected');
  assert.deepEqual(await b.evaluate((id) => Object.keys(localStorage).filter((k) => k.startsWith(`openfem:journal:${id}`)), id), [], 'no journal under it either');
  // Keep as a new draft: both answers, a new id; the deleting tab lists it.
  await b.click('#ofem-gone-keep');
  await b.waitForSelector('#ofem-gone', { state: 'detached' });
  const kept = await waitStored(b, (d) => d.id !== id && d.answers[EMS_L1[1]] === 'no', 'kept as a new draft');
  assert.equal(kept.answers[EMS_L1[0]], 'yes');
  assert.match(await b.textContent('#ofem-notice'), /were kept as a new draft/);
  assert.equal(await b.getAttribute('#ofem-save-status', 'data-status'), 'saved');
  await a.waitForFunction((k) => [...document.querySelectorAll('#ofem-draft-select option')].some((o) => o.value === k), kept.id);
  assert.equal((await stored(a))[id], undefined, 'still deleted');
  // Saving into the new draft works as usual.
  await choose(b, EMS_L1[2], 'yes');
  await waitStored(b, (d) => d.id === kept.id && d.answers[EMS_L1[2]] === 'yes');
});

test('Undo in the deleting tab: the other tab saves into the draft again, its answers merged', async (t) => {
  const { a, b, id } = await twoTabs(t);
  await a.click('#ofem-draft-delete');
  await b.waitForSelector('#ofem-gone');
  await choose(b, EMS_L1[1], 'no'); // made while the draft is deleted: not written
  await realWait(600);
  assert.equal((await stored(b))[id], undefined);
  await a.click('#ofem-draft-undo');
  await b.waitForSelector('#ofem-gone', { state: 'detached' });
  assert.match(await b.textContent('#ofem-notice'), /restored in another tab; this tab saves into it again/);
  const back = await waitStored(b, (d) => d.id === id && d.answers[EMS_L1[1]] === 'no', 'B saved into the restored draft');
  assert.equal(back.answers[EMS_L1[0]], 'yes');
  // The undoing tab hears B's save and shows its answer.
  await a.waitForFunction((id) => document.querySelector('#ofem-draft-select')?.value === id, id);
  await checked(a, EMS_L1[1], 'no');
});

test('a tab that missed the delete finds the draft gone on its next save, and restores it on request', async (t) => {
  // B has no BroadcastChannel: only its write, checking that the draft is still stored, notices.
  const { a, b, id } = await twoTabs(t, { bWithoutChannel: true });
  await a.click('#ofem-draft-delete');
  await a.waitForSelector('#ofem-draft-undo');
  assert.equal((await stored(a))[id], undefined);
  await choose(b, EMS_L1[1], 'no');
  await b.waitForSelector('#ofem-gone');
  await realWait(600);
  assert.equal((await stored(b))[id], undefined, 'the write did not bring it back');
  await b.click('#ofem-gone-restore');
  await b.waitForSelector('#ofem-gone', { state: 'detached' });
  const restored = await waitStored(b, (d) => d.id === id && d.answers[EMS_L1[1]] === 'no', 'restored on request');
  assert.equal(restored.answers[EMS_L1[0]], 'yes');
  assert.match(await b.textContent('#ofem-notice'), /was restored with the answers in this tab/);
  // A's Undo (A cannot hear B, which has no channel) must not overwrite B's restored draft:
  // A opens it as stored.
  await a.click('#ofem-draft-undo');
  await a.waitForFunction((id) => document.querySelector('#ofem-draft-select')?.value === id, id);
  await checked(a, EMS_L1[1], 'no');
  const after = JSON.parse((await stored(a))[id]);
  assert.equal(after.answers[EMS_L1[1]], 'no', 'Undo kept the restored draft');
});
