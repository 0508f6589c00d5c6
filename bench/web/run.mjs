#!/usr/bin/env node
// `make bench-web`: OpenFEM's standalone page beside SurveyJS rendering the same bank, in one
// headless Chromium run, through the same local server (scripts/serve.mjs, precompressed files).
// Prints one table and the ratios (docs/performance.md, "OpenFEM beside SurveyJS").
//
// - download: bytes on the wire for a cold load (compressed as served), and the gzip -9 size of
//   what the page needs to show the first question (the budget of issue #17).
// - cold load → first answerable question: a fresh browser context each time (empty cache),
//   median of LOADS loads, with a normal link and CPU, then with the slow link (150 ms round
//   trip, 1.6 Mbit/s down, 750 kbit/s up) and the CPU throttled 4×.
// - answer → repainted score: CLICKS clicks on Yes/No radios of the EMS section (all of it open),
//   from the click event to the frame after the total's text changed; p50/p95, normal CPU and
//   4× throttled.
// - memory after load (after garbage collection): JS heap, and for OpenFEM the wasm memory.
//   LOADS=5 CLICKS=15 node bench/web/run.mjs     (needs `make dist` and `npm install`)
import { chromium } from 'playwright-core';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../scripts/serve.mjs';
import { precompressDir } from '../../scripts/precompress.mjs';
import { toSurveyJS } from './bank-to-surveyjs.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = process.env.OPENFEM_DIST || path.join(ROOT, 'dist');
const LOADS = Number(process.env.LOADS || 5);
const CLICKS = Number(process.env.CLICKS || 15);
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SLOW = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };
const BANK_DIR = path.join(ROOT, 'src', 'bank', 'fem-2024');
// The section the clicks answer, all of it open: EMS (30 questions; its Level 1 answers score
// at once, so every click changes the total).
const SECTION = 'ems';

// The site: dist/ at the root, SurveyJS under /surveyjs/ (its files, the converted bank).
const site = mkdtempSync(path.join(os.tmpdir(), 'openfem-bench-'));
cpSync(DIST, site, { recursive: true, preserveTimestamps: true });
const sjs = path.join(site, 'surveyjs');
const modules = path.join(ROOT, 'node_modules');
cpSync(path.join(ROOT, 'bench', 'web', 'surveyjs.html'), path.join(sjs, 'index.html'));
cpSync(path.join(ROOT, 'bench', 'web', 'surveyjs-boot.js'), path.join(sjs, 'surveyjs-boot.js'));
for (const f of ['survey-core/survey.core.min.js', 'survey-core/survey-core.fontless.min.css', 'survey-js-ui/survey-js-ui.min.js']) {
  cpSync(path.join(modules, f), path.join(sjs, path.basename(f)));
}
writeFileSync(path.join(sjs, 'survey.json'), JSON.stringify(toSurveyJS(BANK_DIR)));
await precompressDir(sjs);

const APPS = {
  OpenFEM: {
    path: '',
    files: () => {
      const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
      const bank = html.match(/pkg\/data\/bank\.[0-9a-f]{16}\.json/)[0];
      // The main wasm and the loader of its deferred parts (fetched later: the parts, the help).
      return ['index.html', 'www/boot.js', 'www/styles.css', 'pkg/openfem.js', 'pkg/openfem_bg.wasm', 'pkg/__wasm_split.js', bank]
        .map((f) => path.join(DIST, f));
    },
    answerable: '.ofem-app:not([inert]) .ofem-question input:not([disabled])',
    open: async (page) => {
      await page.click(`a[data-section="${SECTION}"]`);
      await page.waitForSelector(`#s-${SECTION}`, { timeout: 30_000 });
      // The score panel is a part fetched just after the first question.
      await page.waitForSelector('.ofem-score [data-score="total"]', { timeout: 30_000 });
    },
    radio: (ref, value) => `#q-${ref} input[value="${value}"]`,
    answer: (page, ref, value) => page.locator(`#q-${ref} input[value="${value}"]`).check(),
    score: '.ofem-score [data-score="total"]',
  },
  SurveyJS: {
    path: 'surveyjs/',
    files: () => ['index.html', 'survey.core.min.js', 'survey-js-ui.min.js', 'survey-core.fontless.min.css', 'surveyjs-boot.js', 'survey.json'].map((f) => path.join(sjs, f)),
    answerable: '#survey .sd-question input:not([disabled])',
    open: async (page) => {
      await page.evaluate((id) => { window.survey.currentPage = window.survey.getPageByName(id); }, SECTION);
      await page.waitForSelector(`[data-name="total_${SECTION}"]`, { timeout: 30_000 });
    },
    radio: (ref, value) => `[data-name="${ref}"] input[value="${value}"]`,
    // Its radios are visually hidden behind their labels: a person clicks the label.
    answer: (page, ref, value) => page.locator(`[data-name="${ref}"] label`).filter({ has: page.locator(`input[value="${value}"]`) }).first().click(),
    score: `[data-name="total_${SECTION}"]`,
  },
};

/** Questions both pages show at once and score: Level 1 Yes/No choice questions without
 * conditions, in the section the clicks answer. */
function clickTargets() {
  const section = JSON.parse(readFileSync(path.join(BANK_DIR, `${SECTION}.json`), 'utf8'));
  return section.questions
    .filter((q) => q.score && q.answer.type === 'choice' && q.answer.options.includes('yes') && q.answer.options.includes('no'))
    .filter((q) => !q.visible_if && !q.applies_if && (q.level ?? 1) === 1 && !q.role)
    .map((q) => q.ref);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];

const server = await serve({ root: site, port: 0, csp: false });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });

/** A fresh context (cold cache), throttled or not; returns the page, its CDP session, bytes. */
async function open(app, slow) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
  if (slow) {
    await cdp.send('Network.emulateNetworkConditions', SLOW);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  }
  const wire = { bytes: 0, files: 0 };
  cdp.on('Network.loadingFinished', (e) => { wire.bytes += e.encodedDataLength; wire.files++; });
  return { context, page, cdp, wire };
}

async function coldLoad(name, slow) {
  const app = APPS[name];
  const s = await open(app, slow);
  await s.page.goto(server.url + app.path, { waitUntil: 'commit' });
  const handle = await s.page.waitForFunction((sel) => document.querySelector(sel) && performance.now(), app.answerable, { polling: 'raf', timeout: 120_000 });
  const ms = await handle.jsonValue();
  return { ...s, ms };
}

async function memory({ page, cdp }) {
  await page.waitForTimeout(1000);
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const wasm = await page.evaluate(async () => {
    if (!document.querySelector('#openfem')) return 0;
    return (await (await import('/pkg/openfem.js')).default()).memory.buffer.byteLength;
  });
  return { js: heap.usedSize, wasm };
}

/** CLICKS answers in the open section: ms from the click to the repainted total. */
async function clicks(name, page) {
  const app = APPS[name];
  // Steady state: what follows the first question (parts, help texts) has arrived.
  await page.waitForLoadState('networkidle');
  await app.open(page);
  const refs = [];
  for (const ref of clickTargets()) if (await page.$(app.radio(ref, 'yes'))) refs.push(ref);
  if (!refs.length) throw new Error(`${name}: no question to answer in ${SECTION}`);
  const times = [];
  for (let i = 0; i < CLICKS; i++) {
    const ref = refs[i % refs.length];
    // Yes on each, then No on each: every click changes the score.
    const value = Math.floor(i / refs.length) % 2 === 0 ? 'yes' : 'no';
    await page.evaluate((sel) => {
      const el = document.querySelector(sel);
      window.__repaint = new Promise((resolve) => {
        let start = null;
        document.addEventListener('click', (e) => (start ??= e.timeStamp), { capture: true, once: true });
        new MutationObserver((_, obs) => {
          obs.disconnect();
          // The frame that shows the new total: after its rAF, once painted (a task later).
          requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start), 0));
        }).observe(el, { childList: true, characterData: true, subtree: true });
      });
    }, app.score);
    await app.answer(page, ref, value);
    times.push(await page.evaluate(() => Promise.race([window.__repaint, new Promise((r) => setTimeout(() => r(null), 10_000))])));
  }
  const ok = times.filter((t) => t != null);
  if (ok.length < times.length) console.warn(`${name}: ${times.length - ok.length} click(s) did not change the total`);
  return { p50: pct(ok, 50), p95: pct(ok, 95), n: ok.length, refs: refs.length };
}

const results = {};
try {
  for (const name of Object.keys(APPS)) {
    const r = (results[name] = { fast: [], slow: [] });
    r.gzip = APPS[name].files().reduce((sum, f) => sum + gzipSync(readFileSync(f), { level: 9 }).length, 0);
    r.raw = APPS[name].files().reduce((sum, f) => sum + statSync(f).size, 0);
    for (const slow of [false, true]) {
      for (let i = 0; i < LOADS; i++) {
        const s = await coldLoad(name, slow);
        (slow ? r.slow : r.fast).push(s.ms);
        if (i === 0 && !slow) {
          r.wire = s.wire.bytes;
          r.memory = await memory(s);
          r.clicksFast = await clicks(name, s.page);
        }
        if (i === 0 && slow) r.clicksSlow = await clicks(name, s.page);
        await s.context.close();
      }
    }
    console.error(`${name}: done`);
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(site, { recursive: true, force: true });
}

const o = results.OpenFEM;
const s = results.SurveyJS;
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const ms = (x) => `${x.toFixed(0)} ms`;
const ms1 = (x) => `${x.toFixed(1)} ms`;
const mb = (b) => `${(b / 1048576).toFixed(1)} MB`;
const rows = [
  ['download, gzip -9 (files for the first question)', kb(o.gzip), kb(s.gzip), o.gzip / s.gzip],
  ['download, raw', kb(o.raw), kb(s.raw), o.raw / s.raw],
  ['on the wire, cold load (as served)', kb(o.wire), kb(s.wire), o.wire / s.wire],
  [`cold load → first answerable question, median of ${LOADS}`, ms(median(o.fast)), ms(median(s.fast)), median(o.fast) / median(s.fast)],
  ['  same, slow link (150 ms, 1.6 Mbit/s) + 4× CPU', ms(median(o.slow)), ms(median(s.slow)), median(o.slow) / median(s.slow)],
  [`answer → repainted score p50 (${CLICKS} clicks, ${SECTION} open)`, ms1(o.clicksFast.p50), ms1(s.clicksFast.p50), o.clicksFast.p50 / s.clicksFast.p50],
  ['answer → repainted score p95', ms1(o.clicksFast.p95), ms1(s.clicksFast.p95), o.clicksFast.p95 / s.clicksFast.p95],
  ['  same, 4× CPU: p95', ms1(o.clicksSlow.p95), ms1(s.clicksSlow.p95), o.clicksSlow.p95 / s.clicksSlow.p95],
  ['JS heap after load', mb(o.memory.js), mb(s.memory.js), null],
  ['wasm memory after load', mb(o.memory.wasm), '–', null],
  ['JS heap + wasm memory', mb(o.memory.js + o.memory.wasm), mb(s.memory.js), (o.memory.js + o.memory.wasm) / s.memory.js],
];
console.log(`| measure | OpenFEM | SurveyJS | OpenFEM / SurveyJS |`);
console.log(`| --- | ---: | ---: | ---: |`);
for (const [what, a, b, ratio] of rows) console.log(`| ${what} | ${a} | ${b} | ${ratio == null ? '' : ratio.toFixed(2) + '×'} |`);
console.log(`\nloads (ms): OpenFEM ${o.fast.map(Math.round).join(', ')} | slow ${o.slow.map(Math.round).join(', ')}`);
console.log(`loads (ms): SurveyJS ${s.fast.map(Math.round).join(', ')} | slow ${s.slow.map(Math.round).join(', ')}`);
console.log(`clicks answered: OpenFEM ${o.clicksFast.n}/${CLICKS} on ${o.clicksFast.refs} questions, SurveyJS ${s.clicksFast.n}/${CLICKS} on ${s.clicksFast.refs}`);
console.log(`machine: ${os.cpus()[0].model} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, ${os.platform()} ${os.release()}; ${new Date().toISOString()}`);
