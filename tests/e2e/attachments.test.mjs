// Evidence files (issue #18, docs/evidence.md): attach a file to a question and remove one
// (keyboard), an over-limit or wrong-type file refused with a message, a reload keeps the files,
// a full browser store refuses a file and leaves the answers untouched, the section's readiness
// view lists what still needs evidence, the report lists the files, and the bundle exported
// after posting passes `openfem verify` (a changed byte in a file fails, naming it). Deleting a
// draft deletes its files once Undo is no longer offered.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { CLI, ROOT, importAnswers, gotoSection, assertNoAxeViolations, waitUntilPostable } from './helpers.mjs';
import { app, ready, stored } from './persist-util.mjs';

const FACILITY = JSON.parse(readFileSync(path.join(ROOT, 'tests/e2e/fixtures/facility.json'), 'utf8'));
const PDF = Buffer.from('%PDF-1.4\n% an EMS policy signed by the general manager\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

/** Init script: `window.__failEvidence = true` makes writes to the evidence store throw
 *  QuotaExceededError, as a full disk does (drafts are still written). Production code has no
 *  such hook: this patches the browser's own prototype from the test. */
const EVIDENCE_QUOTA = () => {
  window.__failEvidence = false;
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (...args) {
    if (window.__failEvidence && this.name === 'evidence') {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    }
    return put.apply(this, args);
  };
};

/** The raw keys of the evidence store. */
async function evidenceKeys(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const r = indexedDB.open('openfem');
        r.onerror = () => reject(r.error);
        r.onsuccess = () => {
          const db = r.result;
          const req = db.transaction('evidence').objectStore('evidence').getAllKeys();
          req.onsuccess = () => {
            db.close();
            resolve(req.result);
          };
          req.onerror = () => reject(req.error);
        };
      }),
  );
}

function attach(page, ref, name, mimeType, buffer) {
  return page.setInputFiles(`#ofem-attach-${ref}`, { name, mimeType, buffer });
}

function listed(page, ref) {
  return page.$$eval(`[data-attach="${ref}"] li[data-file]`, (items) => items.map((li) => li.dataset.file));
}

async function missingCount(page, section) {
  return Number(await page.getAttribute(`#ofem-readiness-${section} .ofem-readiness-summary`, 'data-missing'));
}

function cli(args) {
  const r = spawnSync(CLI, args, { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('attach, remove, refuse, keep across a reload, survive a full store; the bundle verifies and a changed byte is named', async (t) => {
  const { page, context, problems } = await app(t);
  await context.addInitScript(EVIDENCE_QUOTA);
  await page.reload();
  await ready(page);
  await importAnswers(page, FACILITY);
  await waitUntilPostable(page);
  await gotoSection(page, 'ems');

  // The readiness view: questions answered Yes/Partial that expect evidence, each a link.
  await page.waitForSelector('#ofem-readiness-ems .ofem-readiness-summary');
  const before = await missingCount(page, 'ems');
  assert.ok(before > 0, 'the complete facility has questions without evidence');
  const ref = await page.getAttribute('#ofem-readiness-ems li[data-ref] >> nth=0', 'data-ref');
  assert.equal(await page.getAttribute(`#ofem-readiness-ems li[data-ref="${ref}"] a`, 'href'), `#q-${ref}`);
  assert.ok(['yes', 'partial'].includes(FACILITY.answers[ref]), `${ref} is answered Yes or Partial`);

  // Attach (the file input, as a person picks a file).
  await attach(page, ref, 'EMS policy.pdf', 'application/pdf', PDF);
  await page.waitForSelector(`[data-attach="${ref}"] li[data-file="EMS policy.pdf"]`);
  assert.match(await page.textContent(`[data-attach="${ref}"] .ofem-attach-said`), /EMS policy\.pdf attached \(1 KB\)/);
  await page.waitForFunction(
    ([before]) => Number(document.querySelector('#ofem-readiness-ems .ofem-readiness-summary')?.dataset.missing) === before - 1,
    [before],
  );
  assert.equal(await page.locator(`#ofem-readiness-ems li[data-ref="${ref}"]`).count(), 0, 'no longer listed as missing');

  // A second file, then removed with the keyboard.
  await attach(page, ref, 'organigram.png', 'image/png', PNG);
  await page.waitForSelector(`[data-attach="${ref}"] li[data-file="organigram.png"]`);
  await page.focus(`[data-attach="${ref}"] li[data-file="organigram.png"] button`);
  assert.equal(
    await page.getAttribute(`[data-attach="${ref}"] li[data-file="organigram.png"] button`, 'aria-label'),
    'Remove organigram.png',
  );
  await page.keyboard.press('Enter');
  await page.waitForSelector(`[data-attach="${ref}"] li[data-file="organigram.png"]`, { state: 'detached' });
  assert.match(await page.textContent(`[data-attach="${ref}"] .ofem-attach-said`), /organigram\.png removed\./);
  assert.deepEqual(await listed(page, ref), ['EMS policy.pdf']);

  // Over the limit, and a type not accepted: refused, said at the question, nothing stored.
  await attach(page, ref, 'site video.pdf', 'application/pdf', Buffer.alloc(10_000_001, 0x20));
  const tooLarge = await page.waitForSelector(`[data-attach="${ref}"] .ofem-attach-error[role="alert"]`);
  assert.match(await tooLarge.textContent(), /"site video\.pdf" is 10\.0 MB; the largest file accepted is 10\.0 MB/);
  await attach(page, ref, 'setup.exe', 'application/octet-stream', Buffer.from('MZ'));
  await page.waitForFunction((ref) => /setup\.exe" is not a file type accepted/.test(document.querySelector(`[data-attach="${ref}"] .ofem-attach-error`)?.textContent), ref);
  assert.deepEqual(await listed(page, ref), ['EMS policy.pdf']);
  assert.equal((await evidenceKeys(page)).length, 1);
  // The limits are stated beside the control.
  assert.match(await page.textContent(`[data-attach="${ref}"] .ofem-help-text`), /up to 10\.0 MB per file and 100\.0 MB/);
  await assertNoAxeViolations(page, { include: `[data-attach="${ref}"]` });
  await assertNoAxeViolations(page, { include: '#ofem-readiness-ems' });

  // A full store: the file is refused and said so; the answers stay saved and untouched.
  const draftsBefore = await stored(page);
  await page.evaluate(() => (window.__failEvidence = true));
  await attach(page, ref, 'permit scan.pdf', 'application/pdf', PDF);
  await page.waitForFunction((ref) => /no room left to keep permit scan\.pdf\. Your answers are saved and untouched/.test(document.querySelector(`[data-attach="${ref}"] .ofem-attach-error`)?.textContent), ref);
  await page.evaluate(() => (window.__failEvidence = false));
  assert.deepEqual(await listed(page, ref), ['EMS policy.pdf']);
  assert.deepEqual(await stored(page), draftsBefore, 'the stored draft is untouched');
  assert.equal(await page.getAttribute('#ofem-save-status', 'data-status'), 'saved');

  // Reload: the file is still attached.
  await page.reload();
  await ready(page);
  await gotoSection(page, 'ems');
  await page.waitForSelector(`[data-attach="${ref}"] li[data-file="EMS policy.pdf"]`);
  assert.equal(await missingCount(page, 'ems'), before - 1);

  // The report lists the file at its question.
  await page.click('#ofem-report-button');
  await page.waitForSelector('#ofem-report');
  assert.match(await page.textContent(`#ofem-report tr[data-ref="${ref}"] .ofem-report-evidence`), /EMS policy\.pdf \(1 KB\)/);
  await page.click('#ofem-report-close');

  // Post: the package lists the file; the bundle opens with standard tools and verifies.
  const [posted] = await Promise.all([page.waitForEvent('download'), page.click('#ofem-post')]);
  const pkg = JSON.parse(readFileSync(await posted.path(), 'utf8'));
  assert.equal(pkg.version, 2);
  assert.deepEqual(pkg.evidence, [
    {
      question: ref,
      name: 'EMS policy.pdf',
      media_type: 'application/pdf',
      size: PDF.length,
      sha256: createHash('sha256').update(PDF).digest('hex'),
    },
  ]);
  await page.waitForSelector('#ofem-export-bundle:not([hidden])');
  await page.focus('#ofem-export-bundle');
  const [bundle] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.match(bundle.suggestedFilename(), /^openfem-fem-2024-.*\.zip$/);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'openfem-bundle-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const zip = path.join(dir, 'bundle.zip');
  await bundle.saveAs(zip);
  const tested = spawnSync('python3', ['-m', 'zipfile', '-t', zip], { encoding: 'utf8' });
  assert.equal(tested.status, 0, tested.stdout + tested.stderr);
  const ok = cli(['verify', zip]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, new RegExp(`intact: fem-2024 .*1 evidence files checked, sha256 ${pkg.sha256}`));

  // Unpacked: the package with its file beside it verifies; one changed byte fails, named.
  const out = path.join(dir, 'unpacked');
  assert.equal(spawnSync('python3', ['-m', 'zipfile', '-e', zip, out]).status, 0);
  const packageFile = path.join(out, posted.suggestedFilename());
  assert.equal(cli(['verify', packageFile]).code, 0);
  const file = path.join(out, 'evidence', ref, 'EMS policy.pdf');
  const bytes = readFileSync(file);
  assert.deepEqual(bytes, PDF);
  bytes[5] ^= 0x01;
  writeFileSync(file, bytes);
  const bad = cli(['verify', packageFile]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, new RegExp(`evidence changed: evidence/${ref}/EMS policy\\.pdf: the package records sha256`));
  // And one byte changed inside the bundle itself.
  const zipped = readFileSync(zip);
  const at = zipped.indexOf(PDF);
  assert.ok(at > 0);
  zipped[at + 5] ^= 0x01;
  const altered = path.join(dir, 'altered.zip');
  writeFileSync(altered, zipped);
  const badZip = cli(['verify', altered]);
  assert.equal(badZip.code, 1);
  assert.match(badZip.stderr, new RegExp(`evidence changed: evidence/${ref}/EMS policy\\.pdf`));

  // A brand opening the package in the widget sees the files it lists.
  await page.setInputFiles('#ofem-open-package', { name: 'facility.ofem.json', mimeType: 'application/json', buffer: readFileSync(await posted.path()) });
  await page.waitForSelector('#ofem-package-status[data-intact="true"]');
  assert.match(await page.textContent('.ofem-package-evidence summary'), /1 evidence files listed/);
  assert.match(await page.textContent(`.ofem-package-evidence li[data-file="evidence/${ref}/EMS policy.pdf"]`), /EMS policy\.pdf \(1 KB\)/);
  await assertNoAxeViolations(page, { include: '#ofem-package' });
  await page.click('#ofem-package-close');

  // Posted: the attach control is off with the rest of the form.
  await gotoSection(page, 'ems');
  assert.equal(await page.isDisabled(`#ofem-attach-${ref}`), true);
  assert.deepEqual(problems, []);
});

test('deleting a draft deletes its files once Undo is no longer offered', async (t) => {
  const { page, problems } = await app(t);
  await gotoSection(page, 'ems');
  await attach(page, 'emsmgmt', 'policy.pdf', 'application/pdf', PDF);
  await page.waitForSelector('[data-attach="emsmgmt"] li[data-file="policy.pdf"]');
  assert.equal((await evidenceKeys(page)).length, 1);

  // Deleted: the file stays while Undo is offered, and comes back with the draft.
  await page.click('#ofem-draft-delete');
  await page.waitForSelector('#ofem-draft-undo');
  assert.equal((await evidenceKeys(page)).length, 1, 'kept while Undo is offered');
  await page.click('#ofem-draft-undo');
  await page.waitForSelector('[data-attach="emsmgmt"] li[data-file="policy.pdf"]');

  // Deleted again and the page reloaded (no Undo any more): the file is gone.
  await page.click('#ofem-draft-delete');
  await page.waitForSelector('#ofem-draft-undo');
  await page.reload();
  await ready(page);
  await page.waitForFunction(
    () =>
      new Promise((resolve) => {
        const r = indexedDB.open('openfem');
        r.onsuccess = () => {
          const req = r.result.transaction('evidence').objectStore('evidence').count();
          req.onsuccess = () => {
            r.result.close();
            resolve(req.result === 0);
          };
        };
      }),
  );
  assert.deepEqual(await evidenceKeys(page), []);
  assert.deepEqual(problems, []);
});

test('a database from before evidence (version 1) is upgraded: its drafts are kept and files can be attached', async (t) => {
  const { page, url, problems } = await app(t);
  await gotoSection(page, 'ems');
  await page.focus('#q-emsmgmt input[value="yes"]');
  await page.keyboard.press('Space');
  await page.waitForSelector('#ofem-save-status[data-status="saved"]');
  const drafts = await stored(page);
  assert.equal(Object.keys(drafts).length, 1);
  // Leave the widget (its connection closes), and put back the database as OpenFEM kept it
  // before evidence: version 1, the drafts store only, the same draft.
  await page.goto(new URL('pkg/widget.css', url).href);
  await page.evaluate(
    (drafts) =>
      new Promise((resolve, reject) => {
        const del = indexedDB.deleteDatabase('openfem');
        del.onerror = () => reject(del.error);
        del.onsuccess = () => {
          const r = indexedDB.open('openfem', 1);
          r.onupgradeneeded = () => r.result.createObjectStore('drafts');
          r.onerror = () => reject(r.error);
          r.onsuccess = () => {
            const db = r.result;
            const tx = db.transaction('drafts', 'readwrite');
            for (const [id, text] of Object.entries(drafts)) tx.objectStore('drafts').put(text, id);
            tx.oncomplete = () => {
              db.close();
              resolve();
            };
          };
        };
      }),
    drafts,
  );
  await page.goto(url);
  await ready(page);
  await gotoSection(page, 'ems');
  assert.equal(await page.isChecked('#q-emsmgmt input[value="yes"]'), true, 'the draft survives the upgrade');
  assert.deepEqual(await stored(page), drafts, 'stored exactly as before');
  await attach(page, 'emsmgmt', 'policy.pdf', 'application/pdf', PDF);
  await page.waitForSelector('[data-attach="emsmgmt"] li[data-file="policy.pdf"]');
  assert.equal((await evidenceKeys(page)).length, 1);
  assert.equal(await page.evaluate(() => new Promise((resolve) => {
    const r = indexedDB.open('openfem');
    r.onsuccess = () => { resolve(r.result.version); r.result.close(); };
  })), 2);
  // The detour through the stylesheet's URL asks for a favicon the site does not have.
  assert.deepEqual(problems.filter((p) => !p.includes('/favicon.ico')), []);
});

test('a file attached in one tab shows in another tab on the same draft; removed there, gone here', async (t) => {
  const { page: a, context, url, problems } = await app(t);
  const b = await context.newPage();
  await b.goto(url);
  await ready(b);
  await gotoSection(a, 'ems');
  await gotoSection(b, 'ems');
  await attach(a, 'emsmgmt', 'policy.pdf', 'application/pdf', PDF);
  await a.waitForSelector('[data-attach="emsmgmt"] li[data-file="policy.pdf"]');
  await b.waitForSelector('[data-attach="emsmgmt"] li[data-file="policy.pdf"]');
  await b.focus('[data-attach="emsmgmt"] li[data-file="policy.pdf"] button');
  await b.keyboard.press('Enter');
  await a.waitForSelector('[data-attach="emsmgmt"] li[data-file="policy.pdf"]', { state: 'detached' });
  assert.deepEqual(await evidenceKeys(a), []);
  assert.deepEqual(problems, []);
});
