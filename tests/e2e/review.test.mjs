// The verifier's review (issue #18, docs/review.md): a package posted in the widget is opened,
// reviewed as a verifier does (keyboard and clicks, the name and comment typed key by key): one
// answer accepted, one corrected from Yes to No with a comment. The verified score shown equals
// `openfem score` of the corrected answers, section by section and in total; the review survives
// a reload; the exported verified package passes `openfem verify`, and one byte changed in the
// comment fails; the verified package opens read-only with both scores, and so does the report.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { CLI, ROOT, cliScore, importAnswers, typeInto, assertNoAxeViolations, waitUntilPostable } from './helpers.mjs';
import { app, ready, pickFile } from './persist-util.mjs';

const FACILITY = JSON.parse(readFileSync(path.join(ROOT, 'tests/e2e/fixtures/facility.json'), 'utf8'));

function cli(t, args, text) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'openfem-review-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'facility.verified.ofem.json');
  writeFileSync(file, text);
  const r = spawnSync(CLI, [...args, file], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function download(page, selector) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: d.suggestedFilename(), text: readFileSync(await d.path(), 'utf8') };
}

/** The widget's figure: one decimal. */
const fig = (n) => (n === null || n === undefined ? '—' : Number(n).toFixed(1));

/** Self-assessed and verified figures of the comparison table under `root`, by section id. */
async function table(page, root) {
  return page.$$eval(`${root} tr[data-review-section]`, (rows) =>
    Object.fromEntries(rows.map((r) => [
      r.dataset.reviewSection,
      [r.querySelector('[data-side="self"]').textContent.trim(), r.querySelector('[data-side="verified"]').textContent.trim()],
    ])));
}

/** Every figure of the table equals the two CLI score documents'. */
function assertTable(shown, selfDoc, verifiedDoc) {
  assert.deepEqual(shown.total, [fig(selfDoc.total), fig(verifiedDoc.total)]);
  for (const s of verifiedDoc.sections) {
    const mine = selfDoc.sections.find((x) => x.id === s.id);
    if (mine.score === null && s.score === null) continue;
    assert.deepEqual(shown[s.id], [fig(mine.score), fig(s.score)], `section ${s.id}`);
  }
}

test('a verifier corrects one answer with a comment: the verified score is `openfem score` of the corrected answers; it survives a reload, exports and verifies', async (t) => {
  const { page, problems } = await app(t);
  await importAnswers(page, FACILITY);
  await waitUntilPostable(page);
  const posted = await download(page, '#ofem-post');
  const pkg = JSON.parse(posted.text);

  // The verifier opens the package and starts a review with the keyboard.
  await pickFile(page, '#ofem-open-package', 'facility.ofem.json', posted.text);
  await page.waitForSelector('#ofem-package-status[data-intact="true"]');
  await page.focus('#ofem-start-review');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#ofem-review');
  await page.waitForFunction(() => document.activeElement?.id === 'ofem-review-reviewer');
  await typeInto(page, '#ofem-review-reviewer', 'Nguyễn Thị Lan');
  await typeInto(page, '#ofem-review-organisation', 'Verifier Co.');
  assert.equal(await page.textContent('[data-review="no-differences"]'), 'No differences: the verified score is the self-assessed score.');

  // Accept one answer with a click.
  await page.click('#rv-accept-emsenvpolicy');
  await page.waitForSelector('#ofem-review-q-emsenvpolicy[data-decision="accept"]');
  assert.equal(await page.getAttribute('#rv-accept-emsenvpolicy', 'aria-pressed'), 'true');

  // Correct emsmgmt: Yes → No, chosen in the form's own radios with the keyboard.
  assert.equal(pkg.answers.emsmgmt, 'yes');
  await page.focus('#rv-correct-emsmgmt');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#rv-emsmgmt-no');
  assert.equal(await page.isChecked('#rv-emsmgmt-yes'), true, 'the editor starts from the facility\'s answer');
  // Focus goes into the editor, on the answer chosen: an arrow key moves to No.
  await page.waitForFunction(() => document.activeElement?.id === 'rv-emsmgmt-yes');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.isChecked('#rv-emsmgmt-no'), true);
  // Without a comment the correction is refused, saying why; nothing is decided.
  await page.click('#rv-save-emsmgmt');
  await page.waitForFunction(() => /a correction needs a comment/.test(document.querySelector('#ofem-review-q-emsmgmt .ofem-review-problems')?.textContent ?? ''));
  assert.equal(await page.getAttribute('#ofem-review-q-emsmgmt', 'data-decision'), 'none');
  const comment = 'No EMS manual or procedures were shown on site.';
  await typeInto(page, '#rv-comment-emsmgmt', comment);
  await page.focus('#rv-save-emsmgmt');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#ofem-review-q-emsmgmt[data-decision="correct"]');
  // The editor closes; focus returns to the question's Correct button, not to the page.
  await page.waitForFunction(() => document.activeElement?.id === 'rv-correct-emsmgmt');
  assert.match(await page.textContent('#ofem-review-q-emsmgmt [data-review="correction"]'), /Corrected to: No/);
  assert.match(await page.textContent('#ofem-review-q-emsmgmt [data-review="comment"]'), new RegExp(comment));

  // The verified score is the CLI's score of the corrected answers, per section and in total.
  const corrected = { ...FACILITY, answers: { ...FACILITY.answers, emsmgmt: 'no' } };
  const selfDoc = cliScore(FACILITY);
  const verifiedDoc = cliScore(corrected);
  assert.ok(verifiedDoc.total < selfDoc.total);
  assertTable(await table(page, '#ofem-review-panel'), selfDoc, verifiedDoc);
  const differences = await page.textContent('[data-review="differences"]');
  assert.match(differences, new RegExp(`Total — ${fig(selfDoc.total)} → ${fig(verifiedDoc.total)}`));
  assert.ok(await page.locator('[data-review="differences"] li[data-question="emsmgmt"]').count() === 1);
  const emsPoints = selfDoc.sections.find((s) => s.id === 'ems').questions.find((q) => q.id === 'emsmgmt').points;
  assert.equal(await page.textContent('#ofem-review-q-emsmgmt [data-review="points"]'), `Points: self-assessed ${fig(emsPoints)}, verified 0.0`);
  assert.match(await page.textContent('[data-review="progress"]'), /; 1 corrected\./);
  await assertNoAxeViolations(page, { include: '#ofem-review-panel' });

  // A reload keeps the review: the package opens again in review mode, decisions and names kept.
  await page.reload();
  await ready(page);
  await page.waitForSelector('#ofem-review-q-emsmgmt[data-decision="correct"]');
  await page.waitForSelector('#ofem-review-q-emsenvpolicy[data-decision="accept"]');
  assert.equal(await page.inputValue('#ofem-review-reviewer'), 'Nguyễn Thị Lan');
  assertTable(await table(page, '#ofem-review-panel'), selfDoc, verifiedDoc);

  // Export: `openfem verify` passes; `openfem score` of it is the corrected answers' score.
  const exported = await download(page, '#ofem-review-export');
  assert.match(exported.name, /^openfem-fem-2024-verified-\d{4}-\d{2}-\d{2}\.ofem\.json$/);
  const verified = JSON.parse(exported.text);
  assert.equal(verified.format, 'openfem-verified-package');
  assert.deepEqual(verified.package, pkg, 'the posted package is inside, unchanged');
  assert.deepEqual(verified.review.decisions.emsmgmt, { decision: 'correct', answer: 'no', comment });
  assert.deepEqual(verified.review.decisions.emsenvpolicy, { decision: 'accept' });
  assert.equal(verified.review.reviewer, 'Nguyễn Thị Lan');
  const ok = cli(t, ['verify'], exported.text);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /intact verified package: fem-2024 2024\.1\.0, .* by Nguyễn Thị Lan \(Verifier Co\.\): 2 decisions, 1 corrections/);
  assert.match(ok.stdout, new RegExp(`self-assessed total ${selfDoc.total.toFixed(2)}, verified total ${verifiedDoc.total.toFixed(2)}`));
  const scored = cli(t, ['score'], exported.text);
  assert.equal(scored.code, 0, scored.stderr);
  assert.deepEqual(JSON.parse(scored.stdout), verifiedDoc);
  const oneByte = exported.text.replace('were shown on site', 'were shown on sitE');
  assert.equal(oneByte.length, exported.text.length);
  const bad = cli(t, ['verify'], oneByte);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /sha256: the verified package was changed after the review/);

  // The verified package opens read-only with both scores; the report shows both too.
  await pickFile(page, '#ofem-open-package', exported.name, exported.text);
  await page.waitForSelector('#ofem-verified-status[data-intact="true"]');
  assert.equal(await page.locator('#ofem-review').count(), 0, 'a verified package is not under review');
  assertTable(await table(page, '#ofem-verified-comparison'), selfDoc, verifiedDoc);
  assert.match(await page.textContent('#ofem-verified .ofem-review-decisions li[data-question="emsmgmt"]'), new RegExp(`Corrected to: No.*${comment}`));
  await assertNoAxeViolations(page, { include: '#ofem-verified' });
  await page.click('#ofem-report-button');
  await page.waitForSelector('#ofem-report-comparison');
  assertTable(await table(page, '#ofem-report-comparison'), selfDoc, verifiedDoc);
  assert.deepEqual(problems, []);
});

/** Text left in English under `root`: text nodes of three or more plain ASCII letters in a row
 * outside brackets (the pseudo-locale accents every translated text), except what the user
 * typed, Ref IDs, units and figures. */
async function englishLeft(page, root) {
  const found = await page.$eval(root, (rootEl) => {
    const out = [];
    const walker = document.createTreeWalker(rootEl, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent.trim();
      const el = n.parentElement;
      if (!text || el.closest('option[lang], .ofem-qnum, [data-value], svg, .visually-hidden, [data-review="comment"], [data-review="reviewer"]')) continue;
      if (!/[\u00c0-\u024f]/.test(text) && /[A-Za-z]{3}/.test(text.replace(/\{[a-z_]+\}/g, ''))) out.push(text);
    }
    return out;
  });
  // Dates are formatted by the browser (Intl) in the widget's language; it has no data for the
  // pseudo-locale and falls back to English. SHA-256 digests are hex.
  const allowed = /^(MJ|kWh|t CO2e|CO2e|[A-Z0-9 .\-–:%/()]+|\d[\d.,\s]*|[a-z]+\d*|[0-9a-f]{64}|[A-Z][a-z]{2} \d{1,2}, \d{4}|.*Verifier Co\..*|.*Nguyễn Thị Lan.*|No EMS manual was shown\.)$/;
  return found.filter((s) => !allowed.test(s));
}

test('review mode and the verified package speak the widget\'s language: nothing left in English (pseudo-locale)', async (t) => {
  const { page, problems } = await app(t);
  await page.evaluate(() => localStorage.setItem('openfem:locale', 'qps-ploc'));
  await page.reload();
  await ready(page);
  assert.equal(await page.$eval('.ofem-app', (e) => e.lang), 'qps-ploc');
  await importAnswers(page, FACILITY);
  await waitUntilPostable(page);
  const posted = await download(page, '#ofem-post');

  await pickFile(page, '#ofem-open-package', 'facility.ofem.json', posted.text);
  await page.waitForSelector('#ofem-package-status[data-intact="true"]');
  await page.focus('#ofem-start-review');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#ofem-review');
  await typeInto(page, '#ofem-review-reviewer', 'Nguyễn Thị Lan');
  await typeInto(page, '#ofem-review-organisation', 'Verifier Co.');
  await page.click('#rv-accept-emsenvpolicy');
  await page.focus('#rv-correct-emsmgmt');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'rv-emsmgmt-yes');
  await page.keyboard.press('ArrowRight');
  // Refused without a comment: the reason is translated too.
  await page.click('#rv-save-emsmgmt');
  await page.waitForFunction(() => (document.querySelector('#ofem-review-q-emsmgmt .ofem-review-problems')?.textContent ?? '') !== '');
  assert.deepEqual(await englishLeft(page, '#ofem-review-panel'), [], 'review mode with a refused correction');
  await typeInto(page, '#rv-comment-emsmgmt', 'No EMS manual was shown.');
  await page.click('#rv-save-emsmgmt');
  await page.waitForSelector('#ofem-review-q-emsmgmt[data-decision="correct"]');
  assert.deepEqual(await englishLeft(page, '#ofem-review-panel'), [], 'review mode with a correction');
  await assertNoAxeViolations(page, { include: '#ofem-review-panel' });

  const exported = await download(page, '#ofem-review-export');
  await pickFile(page, '#ofem-open-package', exported.name, exported.text);
  await page.waitForSelector('#ofem-verified-status[data-intact="true"]');
  assert.deepEqual(await englishLeft(page, '#ofem-verified'), [], 'the verified package');
  assert.deepEqual(problems, []);
});
