// The path through a full assessment, as a person takes it: progress that opening a level never
// lowers (and a note saying what opened), Previous/Next section and the section in the URL
// (Back and Forward; never the host page's history when embedded), level states in words, the
// bar legend, Post and "Still to answer" on a 1366×657 laptop, question numbers instead of Ref
// IDs, the report in labels, and Post's visible, lasting "Posted on" state.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  start, openApp, screenshot, assertNoAxeViolations, scoredRefs, gotoSection, bankSection,
  exportAnswers, importAnswers, cliScore, waitUntilPostable } from './helpers.mjs';

const SECTIONS = ['site', 'ems', 'energy', 'water', 'wastewater', 'air', 'waste', 'chemicals'];
const ALL_REFS = SECTIONS.flatMap((id) => bankSection(id).questions.map((q) => q.ref));
// A Ref ID as a word (`emsmgmt`), not inside another word.
const REF_WORD = new RegExp(`\\b(${ALL_REFS.filter((r) => r.length > 5).join('|')})\\b`);

async function app(t, opts, hash = '') {
  const a = await start(opts);
  t.after(a.close);
  await openApp(a.page, a.url + hash);
  return a;
}

/** Answers a choice question as a keyboard user: focus the option, press Space. */
async function press(page, ref, token) {
  await page.focus(`#q-${ref} input[value="${token}"]`);
  await page.keyboard.press('Space');
  await page.waitForFunction(
    ([ref, token]) => document.querySelector(`#q-${ref} input[value="${token}"]`)?.checked,
    [ref, token],
  );
}

const progress = async (page) => Number(await page.getAttribute('.ofem-score progress', 'value'));

test('opening Level 2 says so, and progress never goes back', async (t) => {
  const { page, problems } = await app(t);
  await gotoSection(page, 'ems');
  const l1 = scoredRefs('ems', 1);
  let last = await progress(page);
  for (const ref of l1.slice(0, -1)) {
    await press(page, ref, 'yes');
    const now = await progress(page);
    assert.ok(now >= last, `${ref}: ${last} -> ${now}`);
    last = now;
  }
  assert.equal(await page.textContent('[data-note="levels"]'), '', 'nothing opened yet');
  const pendingBefore = Number(await page.getAttribute('#ofem-pending', 'data-pending'));
  const before = cliScore(await exportAnswers(page));

  await press(page, l1.at(-1), 'yes');
  await page.waitForSelector('[data-group="level-2"] .ofem-question');
  const after = cliScore(await exportAnswers(page));
  const ems = after.sections.find((s) => s.id === 'ems');
  const l2 = ems.levels.find((l) => l.level === 2);
  const l3 = ems.levels.find((l) => l.level === 3);
  const note = await page.textContent('[data-note="levels"]');
  assert.match(note, new RegExp(`Level 2 opened, ${l2.required} more questions to answer`));
  assert.match(note, new RegExp(`Level 3 opened, ${l3.required} more questions to answer`));
  assert.equal(await page.getAttribute('[data-note="levels"]', 'role'), 'status', 'announced politely');
  // The section's plain share of shown questions drops when the level opens; progress does not.
  const emsBefore = before.sections.find((s) => s.id === 'ems').completion;
  assert.ok(ems.completion.percent < emsBefore.percent, `${emsBefore.percent} -> ${ems.completion.percent}`);
  assert.ok(ems.completion.progress >= emsBefore.progress);
  assert.ok(after.completion.progress >= before.completion.progress);
  const now = await progress(page);
  assert.ok(now >= last, `progress ${last} -> ${now}`);
  assert.equal(now, Math.floor(after.completion.progress));
  assert.ok(Number(await page.getAttribute('#ofem-pending', 'data-pending')) < pendingBefore, 'fewer pending');
  assert.match(await page.textContent('#ofem-completion'),
    new RegExp(`${after.completion.answered} of ${after.completion.required + after.completion.pending} questions`));

  // Changing a Level 1 answer back closes the levels again, and says so.
  await press(page, l1[0], 'no');
  await page.waitForFunction(() => !document.querySelector('[data-group="level-2"] .ofem-question'));
  assert.match(await page.textContent('[data-note="levels"]'), /Level 2 closed/);
  await screenshot(page, 'flow-level-closed');
  assert.deepEqual(problems, []);
});

test('Next and Previous section, Back and Forward, a link opens a section', async (t) => {
  const { page, problems, url } = await app(t);
  assert.equal(await page.getAttribute('section.ofem-section', 'data-section'), 'site');
  // The steps sit at the end of the section: keyboard users reach them by tabbing.
  const next = page.locator('.ofem-steps a[data-step="next"]');
  assert.equal(await page.locator('.ofem-steps a[data-step="prev"]').count(), 0, 'no previous for the first');
  assert.match(await next.textContent(), /Next section.*Environmental Management System/);
  await next.focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('section.ofem-section[data-section="ems"]');
  assert.equal(await page.evaluate(() => document.activeElement.id), 's-ems', 'focus on the new heading');
  assert.equal(new URL(page.url()).hash, '#s-ems');

  await page.click('.ofem-steps a[data-step="next"]');
  await page.waitForSelector('section.ofem-section[data-section="energy"]');
  assert.equal(new URL(page.url()).hash, '#s-energy');
  await page.click('.ofem-steps a[data-step="prev"]');
  await page.waitForSelector('section.ofem-section[data-section="ems"]');
  await page.click('.ofem-nav a[data-section="water"]');
  await page.waitForSelector('section.ofem-section[data-section="water"]');
  assert.equal(new URL(page.url()).hash, '#s-water');

  await page.goBack();
  await page.waitForSelector('section.ofem-section[data-section="ems"]');
  assert.equal(await page.evaluate(() => document.activeElement.id), 's-ems');
  await page.goBack();
  await page.waitForSelector('section.ofem-section[data-section="energy"]');
  await page.goForward();
  await page.waitForSelector('section.ofem-section[data-section="ems"]');
  await page.goBack();
  await page.goBack();
  await page.goBack();
  await page.waitForSelector('section.ofem-section[data-section="site"]');

  // A link to a section opens it.
  await page.goto(`${url}#s-wastewater`);
  await page.waitForSelector('.ofem-app:not([inert]) section.ofem-section[data-section="wastewater"]');
  // The last section has no Next.
  await page.click('.ofem-nav a[data-section="chemicals"]');
  await page.waitForSelector('section.ofem-section[data-section="chemicals"]');
  assert.equal(await page.locator('.ofem-steps a[data-step="next"]').count(), 0);
  assert.deepEqual(problems, []);
});

test('embedded, the widget moves between sections without touching the host page\'s history', async (t) => {
  const a = await start();
  t.after(a.close);
  const { page, problems } = a;
  await page.goto(`${a.url}www/embed-demo.html`);
  await page.waitForSelector('#fem-a .ofem-question');
  const before = await page.evaluate(() => ({ length: history.length, href: location.href }));
  await page.click('#fem-a .ofem-steps a[data-step="next"]');
  await page.waitForSelector('#fem-a section.ofem-section[data-section="ems"]');
  assert.equal(await page.evaluate(() => document.getElementById('fem-a').shadowRoot?.activeElement?.id
    ?? document.activeElement?.id), 's-ems', 'focus on the new heading');
  await page.click('#fem-a .ofem-nav a[data-section="water"]');
  await page.waitForSelector('#fem-a section.ofem-section[data-section="water"]');
  const after = await page.evaluate(() => ({ length: history.length, href: location.href }));
  assert.deepEqual(after, before, 'no history entry, the host URL unchanged');
  assert.deepEqual(problems, []);
});

test('levels in words and icons, a legend for the bars; Post and "Still to answer" on a 1366×657 laptop', async (t) => {
  const { page, problems } = await app(t, { viewport: { width: 1366, height: 657 } });
  await gotoSection(page, 'ems');
  for (const ref of scoredRefs('ems', 1)) await press(page, ref, 'yes');
  await page.waitForSelector('[data-group="level-2"] .ofem-question');
  const cell = (level) => page.locator(`.ofem-levels tr[data-levels="ems"] td[data-level="${level}"]`);
  assert.match(await cell(1).textContent(), /✓\s*achieved/);
  assert.match(await cell(2).textContent(), /○\s*not yet/);
  assert.match(await page.textContent('[data-group="level-1"] h3'), /Achieved/);
  assert.match(await page.textContent('[data-group="level-2"] h3'), /Not achieved yet/);
  const legend = await page.locator('.ofem-legend li').allTextContents();
  assert.deepEqual(legend.length, 3);
  assert.match(legend.join(' | '), /Section score.*Capped at Level 1.*Total is 0/);

  // Scrolled down a long section, the Post button and the list of questions still to answer are
  // on screen and not covered.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  for (const selector of ['#ofem-post', '#ofem-missing > summary']) {
    const box = await page.locator(selector).boundingBox();
    assert.ok(box && box.y >= 0 && box.y + box.height <= 657, `${selector} in view: ${JSON.stringify(box)}`);
    const hit = await page.evaluate(([selector, x, y]) => {
      const el = document.elementFromPoint(x, y);
      return !!el && (el === document.querySelector(selector) || document.querySelector(selector).contains(el));
    }, [selector, box.x + box.width / 2, box.y + box.height / 2]);
    assert.ok(hit, `${selector} is not covered`);
  }
  // The list opens with the keyboard and its first link goes to the question.
  await page.focus('#ofem-missing > summary');
  await page.keyboard.press('Enter');
  const first = page.locator('#ofem-missing a').first();
  const target = await first.getAttribute('data-missing');
  assert.doesNotMatch(await first.textContent(), REF_WORD, 'question numbers, not Ref IDs');
  await first.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((ref) => document.activeElement?.closest('[data-ref]')?.dataset.ref === ref, target);
  await screenshot(page, 'flow-laptop', { fullPage: false });
  await assertNoAxeViolations(page, { include: '.ofem-score' });
  assert.deepEqual(problems, []);
});

test('what a person reads names questions by number, never by Ref ID', async (t) => {
  const { page, problems } = await app(t);
  await gotoSection(page, 'ems');
  assert.equal(await page.locator('[data-note="numbering"]').count(), 0, 'EMS asks every number');
  await gotoSection(page, 'site');
  await press(page, 'sipvalidoperatinglicense', 'no');
  const banner = await page.textContent('#ofem-zeroed');
  assert.doesNotMatch(banner, REF_WORD);
  assert.match(banner, /P1 = No/);
  await press(page, 'sipvalidoperatinglicense', 'yes');

  // Air: monitoring (Q7) No, then Q12 at Level 2 explains itself with question numbers.
  await gotoSection(page, 'air');
  await page.check('#q-airapplicability input[value="operations"]');
  for (const ref of ['airsourceinvent', 'airmobile', 'aircompliance']) await press(page, ref, 'yes');
  await press(page, 'airmonitor', 'no');
  // Without refrigerants, Q4–6 are not asked: the skipped numbers are explained.
  assert.match(await page.textContent('[data-note="numbering"]'), /numbers of questions that do not apply/);
  await page.waitForSelector('#q-airindustryreq');
  assert.doesNotMatch(await page.textContent('#q-airindustryreq'), /\(Q7\)\?/, 'no "the guideline of Q7"');
  await press(page, 'airindustryreq', 'no');
  const why = await page.textContent('#q-airindustryreq .why');
  assert.match(why, /Q7 is No/);
  for (const id of ['site', 'ems', 'air', 'wastewater']) {
    await gotoSection(page, id);
    for (const text of await page.locator('.ofem-points .why').allTextContents()) {
      assert.doesNotMatch(text, REF_WORD, `${id}: ${text}`);
      assert.doesNotMatch(text, /\d\.\d\d/, `one decimal: ${text}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('the report shows answers by their labels, never ids or JSON', async (t) => {
  const { page, problems } = await app(t);
  await gotoSection(page, 'site');
  await page.selectOption('#q-sitecountry select', 'BD');
  await page.check('#q-sipfacilitytype input[value="final_assembly"]');
  await page.check('#q-sippermitsreq input[value="water_use"]');
  const status = page.locator('#q-sippermits select').first();
  await status.selectOption({ index: 1 });
  await press(page, 'sipvalidoperatinglicense', 'yes');
  await page.click('#ofem-report-button');
  await page.waitForSelector('#ofem-report');
  const answer = (ref) => page.locator(`#ofem-report tr[data-ref="${ref}"] .ofem-report-answer`).textContent();
  assert.equal((await answer('sitecountry')).trim(), 'Bangladesh');
  assert.doesNotMatch(await answer('sipfacilitytype'), /final_assembly/);
  const permits = await answer('sippermits');
  assert.doesNotMatch(permits, /[{}"]|available_valid|sippermitstatus/, permits);
  assert.match(permits, /What is your status for this permit\?: Available and valid/);
  assert.equal((await answer('sipvalidoperatinglicense')).trim(), 'Yes');
  // The Ref ID stays for verifiers, in its own muted column; the first column is the number.
  assert.equal((await page.textContent('#ofem-report tr[data-ref="sipvalidoperatinglicense"] td:first-child')).trim(), 'P1');
  assert.equal((await page.textContent('#ofem-report tr[data-ref="sipvalidoperatinglicense"] .ofem-report-ref')).trim(),
    'sipvalidoperatinglicense');
  for (const li of await page.locator('#ofem-report .ofem-report-missing li strong').allTextContents()) {
    assert.doesNotMatch(li, REF_WORD, li);
  }
  await screenshot(page, 'flow-report');
  assert.deepEqual(problems, []);
});

/** A complete answers document for the built-in bank: every question the CLI lists as
 *  missing gets a value its type allows, until the assessment can be posted. */
function completeAnswers() {
  const questions = new Map(SECTIONS.flatMap((id) => bankSection(id).questions.map((q) => [q.ref, q])));
  const options = (spec) => (spec.options ?? []).map((o) => (typeof o === 'string' ? o : o.id));
  const value = (spec, answers) => {
    switch (spec.type) {
      case 'choice': return options(spec).includes('yes') ? 'yes' : options(spec)[0];
      case 'single': return options(spec).find((o) => o !== 'other') ?? options(spec)[0];
      case 'multi': return [options(spec).find((o) => o !== spec.none && o !== 'other' && o !== 'none')];
      case 'number': return Math.max(spec.min ?? 0, Math.min(spec.max ?? 1e9, 50));
      case 'year': return 2024;
      case 'date': return '2027-03-31';
      case 'text': return 'Recorded in the site register';
      case 'table': {
        const rows = spec.rows.fixed ? spec.rows.fixed.map((o) => o.id)
          : spec.rows.from ? [].concat(answers[spec.rows.from] ?? [])
            : [null];
        return rows.map((row) => {
          const cells = Object.fromEntries(spec.columns.map((c) => [c.id, value(c.answer, answers)]));
          return row == null ? cells : { row, ...cells };
        });
      }
      default: throw new Error(`no value for ${spec.type}`);
    }
  };
  const doc = { format: 'openfem-answers', version: 1, bank: 'fem-2024', answers: { sipvalidoperatinglicense: 'yes' } };
  for (let round = 0; round < 60; round++) {
    const score = cliScore(doc);
    if (score.can_post) return { doc, score };
    for (const ref of score.completion.missing) {
      if (ref.endsWith('level2opt')) doc.answers[ref] = 'yes';
      else doc.answers[ref] = value(questions.get(ref).answer, doc.answers);
    }
  }
  throw new Error('the generated answers never became complete');
}

test('Post changes state visibly, says what it did, and is remembered after a reload', async (t) => {
  const { page, problems } = await app(t);
  const { doc, score } = completeAnswers();
  assert.equal(await page.isDisabled('#ofem-post'), true);
  await importAnswers(page, doc);
  await waitUntilPostable(page);
  assert.equal(await page.locator('#ofem-posted').count(), 0, 'not posted yet');
  assert.match(await page.textContent('#ofem-post-help'), /downloads its package/);

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#ofem-post')]);
  const posted = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.deepEqual(posted.answers, doc.answers, 'Post produced the package');
  assert.equal(posted.format, 'openfem-package');
  assert.equal(cliScore(posted).total, score.total);
  const total = (await page.textContent('[data-score="total"]')).trim();
  assert.equal(total, score.total.toFixed(1));
  const today = await page.evaluate(() => new Date().toLocaleDateString('en', { year: 'numeric', month: 'short', day: 'numeric' }));
  assert.equal((await page.textContent('#ofem-posted')).trim(), `✓ Posted on ${today}: total ${total} of 100.`);
  assert.match(await page.textContent('#ofem-post-live'), new RegExp(`Posted on ${today}.*package file was downloaded`));
  assert.equal((await page.textContent('#ofem-post')).trim(), 'Post again');
  assert.match(await page.textContent('#ofem-post-help'), new RegExp(`Posted with a total of ${total} of 100`));
  await screenshot(page, 'flow-posted');

  // Reload: still posted, and locked. A revision, then a change: the answers changed since.
  await page.reload();
  await page.waitForSelector('.ofem-app:not([inert]) #ofem-posted');
  assert.equal(await page.getAttribute('#ofem-posted', 'data-current'), 'true');
  assert.equal(await page.isDisabled('fieldset.ofem-fields input >> nth=0'), true, 'the posted version is read-only');
  await page.click('#ofem-start-revision');
  await page.waitForSelector('#ofem-posted-version[data-state="revising"]');
  await gotoSection(page, 'ems');
  const ref = scoredRefs('ems', 1)[0];
  await press(page, ref, 'no');
  await page.waitForSelector('#ofem-posted[data-current="false"]');
  assert.match(await page.textContent('#ofem-posted'), /answers changed since/);
  await press(page, ref, 'yes');
  await page.waitForSelector('#ofem-posted[data-current="true"]');
  assert.deepEqual(problems, []);
});
