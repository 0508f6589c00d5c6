// Shared helpers for the browser tests: static server, Debian chromium via playwright-core,
// screenshots, axe-core, performance marks, CLI scoring.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { serve } from '../../scripts/serve.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = process.env.OPENFEM_DIST || path.join(ROOT, 'dist');
export const RESULTS = path.join(ROOT, 'test-results');
const TARGET_DIR = process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target');
export const CLI = path.join(TARGET_DIR, 'release', 'openfem');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts the static server on a free port and chromium with a fresh profile. `serviceWorkers:
 * 'block'` keeps the page's requests visible to page.route (a service worker's are not). */
export async function start({ viewport = { width: 1280, height: 900 }, serviceWorkers = 'allow' } = {}) {
  assert.ok(existsSync(path.join(DIST, 'index.html')), `no ${DIST}/index.html: run \`make dist\` first`);
  const server = await serve({ root: DIST, port: 0 });
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'openfem-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    acceptDownloads: true,
    serviceWorkers,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console.error: ${msg.text()} (${msg.location().url})`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  const close = async () => {
    await context.close().catch(() => {});
    await server.close();
    rmSync(userDataDir, { recursive: true, force: true });
  };
  return { server, context, page, problems, close, url: server.url };
}

/** Opens the app and waits until the widget is mounted and its draft loaded (inert until then). */
export async function openApp(page, url, { ready = '.ofem-app:not([inert])' } = {}) {
  await page.goto(url);
  await page.waitForSelector(ready, { timeout: 30_000 });
}

export async function screenshot(page, name, opts = {}) {
  mkdirSync(RESULTS, { recursive: true });
  const file = path.join(RESULTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, ...opts });
  return file;
}

/** Injects axe-core, runs it (WCAG 2.x A/AA) and fails listing every violation. */
export async function assertNoAxeViolations(page, { include, exclude, disable = [] } = {}) {
  const source = readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  // evaluate (not addScriptTag): the page's CSP forbids inline scripts, not devtools evaluation.
  await page.evaluate(source);
  const result = await page.evaluate(
    async ({ include, exclude, disable }) => {
      const context = include || exclude ? { include: include ? [include] : undefined, exclude: exclude ? [exclude] : undefined } : document;
      const rules = Object.fromEntries(disable.map((id) => [id, { enabled: false }]));
      const r = await window.axe.run(context, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
        rules,
        resultTypes: ['violations'],
      });
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
      }));
    },
    { include, exclude, disable },
  );
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(path.join(RESULTS, 'axe-violations.json'), JSON.stringify(result, null, 2));
  assert.deepEqual(result, [], `axe-core violations:\n${JSON.stringify(result, null, 2)}`);
}

/** Milliseconds between two performance marks (or from navigation start when `from` is null). */
export async function measure(page, from, to) {
  return page.evaluate(
    ([from, to]) => {
      const t = (name) => (name ? performance.getEntriesByName(name).at(-1)?.startTime : 0);
      const a = t(from);
      const b = t(to);
      return a === undefined || b === undefined ? null : b - a;
    },
    [from, to],
  );
}

/** Scores an answers document with the native CLI (`openfem score FILE`), returns its JSON. */
export function cliScore(answers) {
  assert.ok(existsSync(CLI), `no ${CLI}: run \`make build\` first`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'openfem-answers-'));
  const file = path.join(dir, 'answers.json');
  writeFileSync(file, typeof answers === 'string' ? answers : JSON.stringify(answers));
  try {
    return JSON.parse(execFileSync(CLI, ['score', file], { encoding: 'utf8' }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Prints a timing line the CI log keeps (`perf: name = 12.3 ms`). */
export function report(name, ms) {
  console.log(`perf: ${name} = ${ms == null ? 'n/a' : ms.toFixed(1)} ms`);
}

// ---- the widget's stable hooks: #q-<ref>, data-ref, radio values = answer tokens, data-score ----

/** The built-in bank's section file (for Ref IDs by level), read from the source tree. */
export function bankSection(id) {
  return JSON.parse(readFileSync(path.join(ROOT, 'src', 'bank', 'fem-2024', `${id}.json`), 'utf8'));
}

/** Ref IDs of a section's scored questions at `level` that have no conditions of their own. */
export function scoredRefs(id, level) {
  return bankSection(id)
    .questions.filter((q) => q.level === level && q.score && !q.applies_if && !q.visible_if && q.answer.type === 'choice')
    .map((q) => q.ref);
}

export async function gotoSection(page, id) {
  await page.click(`.ofem-nav a[data-section="${id}"]`);
  await page.waitForSelector(`section.ofem-section[data-section="${id}"]`);
}

/** Answers a choice (radio) or multi (checkbox) question by token / option id. */
export async function choose(page, ref, value) {
  await page.check(`#q-${ref} input[value="${value}"]`);
}

/** Waits until Post is enabled (the score panel, a part that follows the first question, may
 * still be on its way). */
export async function waitUntilPostable(page) {
  await page.waitForFunction(() => document.querySelector('#ofem-post')?.disabled === false);
}

export async function scoreText(page, id = 'total') {
  return (await page.textContent(`[data-score="${id}"]`)).trim();
}

/** Clicks Export and returns the downloaded answers document (parsed). */
export async function exportAnswers(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#ofem-export')]);
  const file = await download.path();
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Imports an answers document through the file input, into the open draft (confirmed). */
export async function importAnswers(page, doc) {
  await page.setInputFiles('#ofem-import', {
    name: 'answers.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(doc)),
  });
  await page.click('#ofem-import-replace');
}

/** Milliseconds from a user action to the total's text changing (MutationObserver in the page). */
export async function timeToScoreUpdate(page, action) {
  await page.evaluate(() => {
    const el = document.querySelector('[data-score="total"]');
    window.__scoreChanged = new Promise((resolve) => {
      const start = { t: null };
      document.addEventListener('change', () => (start.t ??= performance.now()), { capture: true, once: true });
      new MutationObserver((_, obs) => {
        obs.disconnect();
        resolve(start.t == null ? null : performance.now() - start.t);
      }).observe(el, { childList: true, characterData: true, subtree: true });
    });
  });
  await action();
  return page.evaluate(() => window.__scoreChanged);
}

/**
 * Types into a field as a person does: click it, select what is there, type key by key, leave it
 * with Tab. (`fill()` sets the whole value at once and hides what per-keystroke handling breaks.)
 */
export async function typeInto(page, selector, text) {
  const field = page.locator(selector);
  await field.click();
  await page.keyboard.press('ControlOrMeta+A');
  if (text === '') await page.keyboard.press('Backspace');
  else await field.pressSequentially(text);
  await page.keyboard.press('Tab');
}

/** The drafts (JSON text) stored in one IndexedDB database (src/ui/store.rs); [] when it has none. */
export const idbDrafts = (page, name) => page.evaluate((name) => new Promise((resolve, reject) => {
  const req = indexedDB.open(name);
  req.onerror = () => reject(req.error);
  req.onsuccess = () => {
    const db = req.result;
    if (!db.objectStoreNames.contains('drafts')) { db.close(); resolve([]); return; }
    const all = db.transaction('drafts').objectStore('drafts').getAll();
    all.onsuccess = () => { db.close(); resolve(all.result.map(String)); };
    all.onerror = () => reject(all.error);
  };
}), name);
