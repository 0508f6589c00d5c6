// examples/react-portal (Vite + React 19 + TypeScript, StrictMode on) built from the packed npm
// tarball and run under the strict CSP: `tsc --strict` passes (with the JSX types); the header
// total equals getScore() on every frame; two facilities switch without a reload, each with its
// own draft, and the removed widgets are disposed (no listener or node growth); the user's post
// is recomputed by `openfem score --complete`; the development build (StrictMode running every
// effect twice) keeps its widget.
//
// The example's npm install is cached: skipped while its package.json and lock are unchanged
// (stamp node_modules/.openfem-deps), and the tarball re-installed only when it changed
// (node_modules/.openfem-tarball), and tsc and the builds skipped while nothing they read changed
// (node_modules/.openfem-build): a second run only packs, hashes and runs the browser.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT, CLI, CHROMIUM_ARGS, screenshot, scoredRefs, bankSection, idbDrafts } from './helpers.mjs';
import { serve } from '../../scripts/serve.mjs';

const EXAMPLE = path.join(ROOT, 'examples', 'react-portal');
const MODULES = path.join(EXAMPLE, 'node_modules');
const npmEnv = { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', npm_config_audit: 'false', npm_config_fund: 'false' };

const sha = (...parts) => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest('hex');
const stamp = (name) => (existsSync(path.join(MODULES, name)) ? readFileSync(path.join(MODULES, name), 'utf8') : '');

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: EXAMPLE, env: npmEnv, encoding: 'utf8', ...opts });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** npm pack (pkg/) → install (cached) → tsc --strict → production and development builds. */
let prepared;
function prepare() {
  prepared ??= (() => {
    const t0 = Date.now();
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'openfem-react-'));
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: path.join(ROOT, 'pkg'), encoding: 'utf8' }));
    const tarball = path.join(tmp, packed[0].filename);

    const deps = sha(readFileSync(path.join(EXAMPLE, 'package.json')), readFileSync(path.join(EXAMPLE, 'package-lock.json')));
    let installed = 'cached';
    if (stamp('.openfem-deps') !== deps) {
      run('npm', ['ci', '--loglevel=error']);
      writeFileSync(path.join(MODULES, '.openfem-deps'), deps);
      writeFileSync(path.join(MODULES, '.openfem-tarball'), '');
      installed = 'npm ci';
    }
    const built = sha(readFileSync(tarball));
    if (stamp('.openfem-tarball') !== built) {
      // --no-save: the lock file does not pin one build's tarball (see the example's README).
      run('npm', ['install', '--no-save', '--offline', '--loglevel=error', tarball]);
      writeFileSync(path.join(MODULES, '.openfem-tarball'), built);
    }
    rmSync(tmp, { recursive: true, force: true });
    assert.equal(JSON.parse(readFileSync(path.join(MODULES, 'openfem', 'package.json'), 'utf8')).name, 'openfem');
    assert.ok(!existsSync(path.join(MODULES, 'openfem', 'node_modules')), 'the package has no dependencies');
    // The lock file stays what is committed.
    assert.equal(sha(readFileSync(path.join(EXAMPLE, 'package.json')), readFileSync(path.join(EXAMPLE, 'package-lock.json'))), deps);

    // tsc and the two builds, skipped when nothing they read changed since they last passed.
    const sources = ['index.html', 'vite.config.ts', 'tsconfig.json', 'package.json', 'package-lock.json',
      ...readdirSync(path.join(EXAMPLE, 'src')).sort().map((f) => path.join('src', f))];
    const inputs = sha(built, ...sources.flatMap((f) => [f, readFileSync(path.join(EXAMPLE, f))]));
    const outputs = ['dist/index.html', 'dist-dev/index.html'].every((f) => existsSync(path.join(EXAMPLE, f)));
    let checked = 'cached';
    if (stamp('.openfem-build') !== inputs || !outputs) {
      writeFileSync(path.join(MODULES, '.openfem-build'), '');
      const node = process.execPath;
      run(node, [path.join(MODULES, 'typescript', 'bin', 'tsc'), '-p', '.']);
      run(node, [path.join(MODULES, 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn']);
      // React's development build (where StrictMode runs effects twice) needs NODE_ENV too.
      run(node, [path.join(MODULES, 'vite', 'bin', 'vite.js'), 'build', '--mode', 'development', '--outDir', 'dist-dev', '--logLevel', 'warn'],
        { env: { ...npmEnv, NODE_ENV: 'development' } });
      writeFileSync(path.join(MODULES, '.openfem-build'), inputs);
      checked = 'tsc + two builds';
    }
    console.log(`perf: react-portal npm install (${installed}), ${checked} = ${Date.now() - t0} ms`);
    return true;
  })();
}

/** Runs before the page's scripts: CSP violations, the header against getScore() on every
 *  frame, and every dispose() of the element. */
function recorder() {
  window.__csp = [];
  window.__frames = [];
  window.__disposed = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective}: ${e.blockedURI}`), true);
  const define = customElements.define.bind(customElements);
  customElements.define = (name, cls, options) => {
    if (name === 'openfem-assessment') {
      const dispose = cls.prototype.dispose;
      cls.prototype.dispose = function () {
        window.__disposed.push(this.getAttribute('draft'));
        return dispose.call(this);
      };
    }
    return define(name, cls, options);
  };
  const frame = () => {
    const el = document.querySelector('openfem-assessment');
    const header = document.getElementById('portal-total');
    if (el && header) {
      let score = null;
      try { score = el.getScore().total.toFixed(1); } catch { /* not ready: the header must say "–" */ }
      window.__frames.push({ draft: el.getAttribute('draft'), header: header.textContent, score });
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

async function open(t, dir) {
  prepare();
  const server = await serve({ root: path.join(EXAMPLE, dir), port: 0 });
  const profile = mkdtempSync(path.join(os.tmpdir(), 'openfem-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  t.after(async () => { await context.close(); await server.close(); rmSync(profile, { recursive: true, force: true }); });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems = [];
  // (The server's refusal of a hostile post, 422, is logged by the browser: not a problem.)
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().includes('status of 422')) problems.push(`console.error: ${m.text()}`);
  });
  page.on('response', (r) => { if (r.status() >= 400 && !r.url().includes('/api/')) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  await page.addInitScript(recorder);
  // The portal's server: stores nothing, recomputes the score with `openfem score --complete`.
  const posts = [];
  await page.route('**/api/fem-answers**', async (route) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'openfem-post-'));
    const file = path.join(dir, 'answers.json');
    writeFileSync(file, route.request().postData() ?? '');
    const r = spawnSync(CLI, ['score', '--complete', file], { encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    posts.push({ status: r.status, stdout: r.stdout, stderr: r.stderr, body: JSON.parse(route.request().postData()) });
    await route.fulfill(r.status === 0
      ? { status: 200, contentType: 'application/json', body: r.stdout }
      : { status: 422, contentType: 'application/json', body: JSON.stringify({ error: r.stderr.trim() }) });
  });
  await page.goto(server.url);
  await page.waitForSelector('openfem-assessment .ofem-question');
  await waitScored(page);
  return { page, problems, posts, url: server.url, context };
}

/** Until the element is ready and the header shows its score. */
const waitScored = (page) => page.waitForFunction(() => {
  const el = document.querySelector('openfem-assessment');
  try { return document.getElementById('portal-total').textContent === el.getScore().total.toFixed(1); } catch { return false; }
});

/** Every frame recorded: the header showed the shown widget's score, or "–" while it loaded. */
async function assertFramesAgree(page) {
  const frames = await page.evaluate(() => window.__frames);
  assert.ok(frames.length > 5, `frames recorded: ${frames.length}`);
  const wrong = frames.filter((f) => f.header !== (f.score ?? '–'));
  assert.deepEqual(wrong.slice(0, 5), [], `${wrong.length} of ${frames.length} frames disagree`);
}

const counters = async (page) => {
  const cdp = await page.context().newCDPSession(page);
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  const c = await cdp.send('Memory.getDOMCounters');
  await cdp.detach();
  return c;
};

/** A complete answers document for the built-in bank: the CLI's missing list filled in until
 *  it is empty ("yes" where a question offers it, else the first option; numbers 1, …). */
function completeDocument() {
  const bank = JSON.parse(execFileSync(CLI, ['bank'], { encoding: 'utf8', maxBuffer: 64 << 20 }));
  const questions = new Map(bank.sections.flatMap((s) => s.questions.map((q) => [q.ref, q])));
  const value = (a, answers) => {
    switch (a.type) {
      case 'choice': return a.options.includes('yes') ? 'yes' : a.options[0];
      case 'single': return a.options[0].id;
      case 'multi': return [a.options[0].id];
      case 'number': return Math.max(a.min ?? 0, 1);
      case 'text': return 'Documented';
      case 'year': return 2024;
      case 'date': return '2024-01-01';
      case 'table': {
        const row = (id) => Object.fromEntries([...(id ? [['row', id]] : []), ...a.columns.map((c) => [c.id, value(c.answer, answers)])]);
        if (a.rows.fixed) return a.rows.fixed.map((o) => row(o.id));
        if (a.rows.from) return (answers[a.rows.from] ?? []).map((id) => row(id));
        return Array.from({ length: a.rows.free.min ?? 1 }, () => row());
      }
      default: throw new Error(`answer type ${a.type}`);
    }
  };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'openfem-complete-'));
  const doc = { format: 'openfem-answers', version: 1, bank: 'fem-2024', answers: {} };
  try {
    for (let round = 0; round < 20; round++) {
      writeFileSync(path.join(dir, 'a.json'), JSON.stringify(doc));
      const report = JSON.parse(execFileSync(CLI, ['score', path.join(dir, 'a.json')], { encoding: 'utf8' }));
      if (report.can_post) return { doc, total: report.total };
      for (const ref of report.completion.missing) doc.answers[ref] = value(questions.get(ref).answer, doc.answers);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  throw new Error('no complete document after 20 rounds');
}

test('react-portal: tsc --strict passes on the example (JSX types included) and the build has no inline script', () => {
  prepare(); // tsc -p . (strict, with src/jsx-types.check.tsx's @ts-expect-error lines) exited 0
  const html = readFileSync(path.join(EXAMPLE, 'dist', 'index.html'), 'utf8');
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline <script>');
  assert.doesNotMatch(html, /\sstyle=/, 'no style attribute');
  const assets = readdirSync(path.join(EXAMPLE, 'dist', 'assets'));
  assert.ok(assets.some((f) => /^openfem_bg.*\.wasm$/.test(f)), `the wasm is emitted: ${assets}`);
  assert.ok(assets.some((f) => /^widget.*\.css$/.test(f)), `widget.css is emitted: ${assets}`);
  // The data files the wasm fetches later: the help's prose and each language's files.
  for (const stem of ['bank', 'help', 'locale-vi', 'bank-vi', 'help-vi', 'locale-zh-CN', 'bank-zh-CN', 'help-zh-CN']) {
    assert.ok(assets.some((f) => f.startsWith(`${stem}.`) && f.endsWith('.json')), `${stem} is emitted: ${assets}`);
  }
});

test('react-portal (production build, strict CSP): header = getScore() on every frame; facilities switch with their own drafts, no leak', async (t) => {
  const { page, problems } = await open(t, 'dist');
  const facilityA = 'acme-dhaka-2026';
  assert.equal(await page.getAttribute('openfem-assessment', 'draft'), facilityA);
  // The embed default chrome: no widget <h1> (the portal has its own), files actions shown (a
  // part fetched just after the first question), no drafts manager.
  await page.locator('openfem-assessment #ofem-export').waitFor();
  assert.equal(await page.locator('openfem-assessment h1').count(), 0);
  assert.equal(await page.locator('openfem-assessment #ofem-draft-new').count(), 0);
  assert.equal(await page.locator('openfem-assessment #ofem-export').isVisible(), true);

  // The user answers in facility A: the header follows.
  const ref = scoredRefs('ems', 1)[0];
  await page.click('openfem-assessment .ofem-nav a[data-section="ems"]');
  await page.click(`openfem-assessment #q-${ref} input[value="yes"]`);
  await page.waitForFunction(() => document.getElementById('portal-total').textContent !== '0.0');
  await waitScored(page);
  const totalA = await page.textContent('#portal-total');
  // The help's prose, a data file the bundler emitted under its own name, is found.
  await page.click(`openfem-assessment #q-${ref} .ofem-help summary`);
  const { intent } = bankSection('ems').questions.find((q) => q.ref === ref).help;
  await page.locator(`openfem-assessment #q-${ref} .ofem-help dd`, { hasText: intent }).waitFor();
  await page.waitForFunction((name) => new Promise((resolve) => {
    const r = indexedDB.open(name);
    r.onsuccess = () => { const db = r.result; const all = db.transaction('drafts').objectStore('drafts').getAll(); all.onsuccess = () => { db.close(); resolve(all.result.some((d) => String(d).includes('"yes"'))); }; };
  }), `openfem:draft:${facilityA}`);

  // Facility B: a new element with its own draft, not A's answer; A's element is disposed.
  await page.click('#facility-acme-hcmc');
  await page.waitForFunction(() => document.querySelector('openfem-assessment')?.getAttribute('draft') === 'acme-hcmc-2026');
  await waitScored(page);
  assert.equal(await page.evaluate((ref) => document.querySelector('openfem-assessment').getAnswers().answers[ref], ref), undefined);
  assert.equal(await page.textContent('#portal-total'), '0.0');
  await page.waitForFunction(() => window.__disposed.length === 1);
  assert.deepEqual(await page.evaluate(() => window.__disposed), [facilityA]);

  // Back to A: its answer and total again.
  await page.click('#facility-acme-dhaka');
  await page.waitForFunction((d) => document.querySelector('openfem-assessment')?.getAttribute('draft') === d, facilityA);
  await waitScored(page);
  assert.equal(await page.textContent('#portal-total'), totalA);
  assert.equal(await page.evaluate((ref) => document.querySelector('openfem-assessment').getAnswers().answers[ref], ref), 'yes');

  // Six more switches: listeners and nodes do not grow with them (each removed widget freed).
  const switchTo = async (id, draft) => {
    await page.click(`#facility-${id}`);
    await page.waitForFunction((d) => document.querySelector('openfem-assessment')?.getAttribute('draft') === d, draft);
    await waitScored(page);
  };
  await page.waitForFunction(() => window.__disposed.length === 2);
  const before = await counters(page);
  for (let i = 0; i < 3; i++) {
    await switchTo('acme-hcmc', 'acme-hcmc-2026');
    await switchTo('acme-dhaka', facilityA);
  }
  await page.waitForFunction(() => window.__disposed.length === 8);
  const after = await counters(page);
  console.log(`react-portal: listeners ${before.jsEventListeners} → ${after.jsEventListeners}, nodes ${before.nodes} → ${after.nodes} over 6 switches`);
  assert.ok(after.jsEventListeners <= before.jsEventListeners + 5, `listeners ${before.jsEventListeners} → ${after.jsEventListeners}`);
  assert.ok(after.nodes <= before.nodes + 300, `nodes ${before.nodes} → ${after.nodes}`);
  assert.equal(await page.locator('openfem-assessment').count(), 1);

  await assertFramesAgree(page);
  await screenshot(page, 'react-portal');
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(problems, []);
});

test('react-portal: the user posts a complete assessment and the server recomputes it with `openfem score --complete`', async (t) => {
  const { page, problems, posts } = await open(t, 'dist');
  const { doc, total } = completeDocument();
  // The portal pre-fills what it knows (every answer but one), then the user gives the last one.
  const last = scoredRefs('ems', 1).find((r) => doc.answers[r] === 'yes');
  const prefill = structuredClone(doc);
  delete prefill.answers[last];
  await page.evaluate((d) => document.querySelector('openfem-assessment').setAnswers(d), prefill);
  await page.click('openfem-assessment .ofem-nav a[data-section="ems"]');
  assert.equal(await page.locator('openfem-assessment #ofem-post').isDisabled(), true, 'Post waits for the last answer');
  await page.click(`openfem-assessment #q-${last} input[value="yes"]`);
  await page.waitForFunction(() => !document.querySelector('openfem-assessment').shadowRoot.getElementById('ofem-post').disabled);
  await page.click('openfem-assessment #ofem-post');
  await page.waitForFunction(() => document.getElementById('portal-posted').textContent.startsWith('Posted.'));
  assert.equal(posts.length, 1);
  assert.equal(posts[0].status, 0, posts[0].stderr);
  const server = JSON.parse(posts[0].stdout);
  assert.equal(server.can_post, true);
  assert.equal(server.total, total);
  assert.deepEqual(posts[0].body.answers, doc.answers, 'the posted answers are the complete document');
  // The header (the browser's live total) equals the server's recomputation, and so does getScore().
  assert.equal(await page.textContent('#portal-total'), server.total.toFixed(1));
  assert.deepEqual(await page.evaluate(() => document.querySelector('openfem-assessment').getScore()), server);
  assert.match(await page.textContent('#portal-posted'), new RegExp(`recomputed by Northwind: ${server.total.toFixed(1)}`));

  // A hostile client posting the same document less one answer: the server refuses it, naming it.
  const refused = await page.evaluate(async (d) => {
    const r = await fetch('/api/fem-answers?facility=acme-dhaka', { method: 'POST', body: JSON.stringify(d) });
    return { status: r.status, body: await r.json() };
  }, prefill);
  assert.equal(refused.status, 422);
  assert.match(refused.body.error, new RegExp(`not complete: 1 of \\d+ required answers missing: ${last}$`));
  await assertFramesAgree(page);
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(problems, []);
});

test('react-portal (development build: StrictMode runs every effect twice): the widget survives, switches dispose once each', async (t) => {
  const bundle = (dir) => readdirSync(path.join(EXAMPLE, dir, 'assets')).filter((f) => f.endsWith('.js'))
    .map((f) => readFileSync(path.join(EXAMPLE, dir, 'assets', f), 'utf8')).join('\n');
  // A development-only warning of React: its development build, where StrictMode is active.
  const devOnly = /on a component that is not yet mounted\. This is a no-op/;
  assert.match(bundle('dist-dev'), devOnly, 'React\'s development build');
  assert.doesNotMatch(bundle('dist'), devOnly, 'React\'s production build');
  const { page, problems } = await open(t, 'dist-dev');
  // StrictMode ran the effect's cleanup: the element stayed on the page, so it was not disposed.
  await page.waitForTimeout(100);
  assert.deepEqual(await page.evaluate(() => window.__disposed), []);
  assert.equal(await page.locator('openfem-assessment .ofem-question').first().isVisible(), true);
  const ref = scoredRefs('ems', 1)[0];
  await page.click('openfem-assessment .ofem-nav a[data-section="ems"]');
  await page.click(`openfem-assessment #q-${ref} input[value="yes"]`);
  await page.waitForFunction(() => document.getElementById('portal-total').textContent !== '0.0');
  await page.click('#facility-acme-hcmc');
  await page.waitForFunction(() => document.querySelector('openfem-assessment')?.getAttribute('draft') === 'acme-hcmc-2026');
  await waitScored(page);
  await page.waitForFunction(() => window.__disposed.length === 1);
  await page.waitForTimeout(100);
  assert.deepEqual(await page.evaluate(() => window.__disposed), ['acme-dhaka-2026']);
  assert.equal(await page.locator('openfem-assessment .ofem-question').first().isVisible(), true);
  assert.deepEqual(await idbDrafts(page, 'openfem:draft:acme-hcmc-2026').then((d) => d.length), 1);
  await assertFramesAgree(page);
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(problems, []);
});
