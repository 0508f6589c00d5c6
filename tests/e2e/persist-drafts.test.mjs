// Drafts (issue #5): create, rename, duplicate, delete with undo, switch; bank id and version
// stored; an older-bank draft is migrated with set-aside answers shown; a newer format is
// refused and left byte-equal.
import test from 'node:test';
import assert from 'node:assert/strict';
import { bankSection, scoredRefs, gotoSection, choose, screenshot, assertNoAxeViolations, typeInto, start, openApp } from './helpers.mjs';
import { app, ready, stored, putRaw, waitStored, currentStored } from './persist-util.mjs';

const EMS_L1 = scoredRefs('ems', 1);
const optionNames = (page) => page.$$eval('#ofem-draft-select option', (os) => os.map((o) => o.textContent.trim()));

test('create, rename, duplicate, switch, delete with undo', async (t) => {
  const { page, problems } = await app(t);
  const first = await currentStored(page);
  assert.equal(first.name, 'My assessment');
  assert.equal(first.bank, 'fem-2024');
  assert.match(first.bank_version, /\d/);
  await gotoSection(page, 'ems');
  await choose(page, EMS_L1[0], 'yes');
  await waitStored(page, (d) => d.answers[EMS_L1[0]] === 'yes');

  // Rename.
  await page.click('#ofem-draft-rename');
  await typeInto(page, '#ofem-draft-name', 'Dhaka plant, 2024');
  await page.click('#ofem-draft-name-save');
  await waitStored(page, (d) => d.name === 'Dhaka plant, 2024', 'renamed');
  assert.deepEqual(await optionNames(page), ['Dhaka plant, 2024 (1 answers)']);

  // Duplicate: a copy with the same answers, opened.
  await page.click('#ofem-draft-duplicate');
  const copy = await waitStored(page, (d) => d.id !== first.id, 'duplicate opened');
  assert.equal(copy.name, 'Copy of Dhaka plant, 2024');
  assert.equal(copy.answers[EMS_L1[0]], 'yes');
  await choose(page, EMS_L1[1], 'no');
  await waitStored(page, (d) => d.answers[EMS_L1[1]] === 'no');

  // New: empty.
  await page.click('#ofem-draft-new');
  const fresh = await waitStored(page, (d) => d.id !== first.id && d.id !== copy.id, 'new draft');
  assert.deepEqual(fresh.answers, {});
  assert.equal(await page.isChecked(`#q-${EMS_L1[0]} input[value="yes"]`), false, 'new draft shows no answers');
  assert.equal(Object.keys(await stored(page)).length, 3);

  // Switch back to the copy.
  await page.selectOption('#ofem-draft-select', copy.id);
  await page.waitForFunction((r) => document.querySelector(`#q-${r} input[value="no"]`)?.checked, EMS_L1[1]);
  assert.ok(await page.isChecked(`#q-${EMS_L1[0]} input[value="yes"]`));

  // Delete the copy, then Undo.
  const copyText = (await stored(page))[copy.id];
  await page.click('#ofem-draft-delete');
  await page.waitForSelector('#ofem-draft-undo');
  assert.match(await page.textContent('#ofem-deleted'), /Deleted “Copy of Dhaka plant, 2024”/);
  assert.equal((await stored(page))[copy.id], undefined, 'deleted from storage');
  assert.notEqual(await page.inputValue('#ofem-draft-select'), copy.id, 'another draft is open');
  await screenshot(page, 'persist-drafts-deleted');
  await assertNoAxeViolations(page, { include: '.ofem-files' });
  await page.click('#ofem-draft-undo');
  await page.waitForFunction((id) => document.querySelector('#ofem-draft-select')?.value === id, copy.id);
  const back = JSON.parse((await stored(page))[copy.id]);
  assert.deepEqual(back.answers, JSON.parse(copyText).answers, 'undo restores the answers');
  assert.ok(await page.isChecked(`#q-${EMS_L1[1]} input[value="no"]`));

  // The open draft survives a reload.
  await page.reload();
  await ready(page);
  assert.equal(await page.inputValue('#ofem-draft-select'), copy.id);
  assert.deepEqual(problems, []);
});

test('older bank: answers that no longer fit are set aside and shown, not dropped', async (t) => {
  const { page } = await app(t);
  const current = await currentStored(page);
  const old = {
    format: 1, id: 'old-2023', name: 'Plant, 2023', bank: 'fem-2024', bank_version: '2023.0.0',
    answers: { sitecountry: 'VN', a_removed_question: 'yes', [EMS_L1[0]]: 'maybe' },
    revision: 7, updated: '2024-03-01T00:00:00Z',
  };
  await putRaw(page, old.id, JSON.stringify(old));
  await page.evaluate(() => localStorage.setItem('openfem:current', 'old-2023'));
  await page.reload();
  await ready(page);
  assert.equal(await page.inputValue('#ofem-draft-select'), 'old-2023');
  await page.waitForSelector('#ofem-set-aside');
  const panel = await page.textContent('#ofem-set-aside');
  assert.match(panel, /a_removed_question/);
  assert.match(panel, /question a_removed_question is not in bank version/);
  // Named in words (its prompt), not by its Ref ID.
  const prompt = bankSection('ems').questions.find((q) => q.ref === EMS_L1[0]).prompt;
  assert.ok(panel.includes(`${prompt}: maybe`), panel);
  assert.match(await page.textContent('#ofem-notice'), /2 answers no longer fit and were set aside/);
  const saved = await waitStored(page, (d) => d.set_aside && d.set_aside.a_removed_question, 'migrated draft saved');
  assert.equal(saved.answers.sitecountry, 'VN');
  assert.equal(saved.set_aside.a_removed_question.value, 'yes');
  assert.equal(saved.set_aside.a_removed_question.from_version, '2023.0.0');
  assert.notEqual(saved.bank_version, '2023.0.0');
  await screenshot(page, 'persist-set-aside');
  assert.ok(current);
});

test('a stored cell the bank refuses is set aside alone, in words, and the list can be dismissed', async (t) => {
  const { page } = await app(t);
  const bankVersion = (await currentStored(page)).bank_version;
  const draft = {
    format: 1, id: 'permits', name: 'Permits', bank: 'fem-2024', bank_version: bankVersion,
    answers: {
      sippermitsreq: ['ww_indirect'],
      sippermits: [{ row: 'ww_indirect', sippermitstatus: 'available_valid', sippermitexpiry: '32027-03-31' }],
    },
    revision: 3, updated: '2026-11-01T00:00:00Z',
  };
  await putRaw(page, draft.id, JSON.stringify(draft));
  await page.evaluate(() => localStorage.setItem('openfem:current', 'permits'));
  await page.reload();
  await ready(page);
  await page.waitForSelector('#ofem-set-aside');
  const panel = await page.textContent('#ofem-set-aside');
  assert.match(panel, /Wastewater discharge permit – indirect discharge.* › .*expir/i);
  assert.match(panel, /32027-03-31/);
  assert.match(panel, /between 1900 and 2100/, 'the real reason');
  assert.doesNotMatch(panel, /older|answered with question bank/, 'the bank is the same: no talk of an older bank');
  assert.doesNotMatch(panel, /[{}\[\]]/, 'no JSON');
  // The rest of the table is kept and scored.
  assert.equal(await page.inputValue('#in-sippermits-ww_indirect-sippermitstatus'), 'available_valid');
  const saved = await waitStored(page, (d) => d.set_aside && d.set_aside['sippermits[ww_indirect].sippermitexpiry'], 'cell set aside');
  assert.deepEqual(saved.answers.sippermits, [{ row: 'ww_indirect', sippermitstatus: 'available_valid' }]);
  // Dismissed once handled: gone, and stays gone after a reload.
  await page.click('#ofem-set-aside-dismiss');
  await waitStored(page, (d) => !d.set_aside || Object.keys(d.set_aside).length === 0, 'set-aside list removed');
  await page.reload();
  await ready(page);
  await page.waitForSelector('#ofem-save-status'); // the drafts part that shows the list is there
  assert.equal(await page.locator('#ofem-set-aside').count(), 0);
});

test('newer draft format: refused with a message, left byte-equal', async (t) => {
  const { page } = await app(t);
  const current = await currentStored(page);
  const future = JSON.stringify({ format: 2, id: 'future', name: 'From a newer OpenFEM', something_new: [1, 2, 3] });
  await putRaw(page, 'future', future);
  await page.evaluate(() => localStorage.setItem('openfem:current', 'future'));
  await page.reload();
  await ready(page);
  const notice = (await page.textContent('#ofem-notice')).trim();
  console.log(`newer format: ${notice}`);
  assert.match(notice, /“From a newer OpenFEM” cannot be opened: this draft was saved by a newer OpenFEM \(draft format 2/);
  assert.equal(await page.inputValue('#ofem-draft-select'), current.id, 'another draft is open');
  const option = page.locator('#ofem-draft-select option[value="future"]');
  assert.equal(await option.isDisabled(), true);
  assert.match(await option.textContent(), /saved by a newer OpenFEM: cannot open/);
  await gotoSection(page, 'ems');
  await choose(page, EMS_L1[0], 'yes');
  await waitStored(page, (d) => d.answers[EMS_L1[0]] === 'yes');
  assert.equal((await stored(page)).future, future, 'byte-equal');
});

test('the answers kept before drafts (localStorage) become the first draft, read by their own part', async (t) => {
  const legacy = { format: 'openfem-answers', version: 1, bank: 'fem-2024', answers: { [EMS_L1[0]]: 'yes', [EMS_L1[1]]: 'no' } };
  // Put in localStorage before the widget's first start, as the pre-drafts widget left it.
  const seed = (page) => page.addInitScript((text) => {
    if (!sessionStorage.getItem('seeded')) localStorage.setItem('openfem:answers', text);
    sessionStorage.setItem('seeded', '1');
  }, JSON.stringify(legacy));
  // The part cannot be fetched: the first draft starts empty, the kept answers stay where they were.
  // (Service workers blocked: page.route does not see what a worker fetches.)
  {
    const a = await start({ serviceWorkers: 'block' });
    t.after(a.close);
    await a.page.route(/split_legacy_answers\.wasm/, (r) => r.abort());
    await seed(a.page);
    await openApp(a.page, a.url);
    await ready(a.page);
    assert.deepEqual((await currentStored(a.page)).answers, {}, 'no part, nothing read');
    assert.equal(await a.page.evaluate(() => localStorage.getItem('openfem:answers')), JSON.stringify(legacy), 'the kept answers are untouched');
  }
  const { page, problems, url, close } = await start();
  t.after(close);
  const parts = [];
  page.on('request', (r) => { if (/split_[a-z_]+\.wasm$/.test(r.url())) parts.push(r.url().match(/split_[a-z_]+/)[0]); });
  await seed(page);
  await openApp(page, url);
  await ready(page);
  const first = await currentStored(page);
  assert.deepEqual(first.answers, legacy.answers, 'the kept answers are the first draft\'s');
  assert.ok(parts.includes('split_legacy_answers'), `its reader was fetched: ${parts}`);
  await gotoSection(page, 'ems');
  assert.ok(await page.isChecked(`#q-${EMS_L1[0]} input[value="yes"]`), 'and shown');
  assert.deepEqual(problems, []);
});
