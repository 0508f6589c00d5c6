// Memory kept per removed (and per removed then disposed) <openfem-assessment> and per re-mount (docs/embedding.md, "Removing an
// element"): not a test (run.mjs runs *.test.mjs only). Needs `make dist`. Chromium via CDP:
// garbage collected, then JS heap, DOM nodes, JS listeners and the wasm linear memory.
//   node tests/e2e/measure-memory.mjs        (N=5 widgets a round, ROUNDS=4)
import { start, scoredRefs } from './helpers.mjs';
const N = Number(process.env.N || 5), ROUNDS = Number(process.env.ROUNDS || 4);
const a = await start();
const { page } = a;
try {
  await page.goto(a.url + 'www/embed-demo.html');
  await page.waitForSelector('#fem-a .ofem-question');
  await page.evaluate(() => Promise.all([...document.querySelectorAll('openfem-assessment')].map((e) => e.ready)));
  const cdp = await page.context().newCDPSession(page);
  const answers = {};
  for (const s of ['ems', 'energy', 'water', 'waste', 'chemicals']) {
    for (const ref of scoredRefs(s, 1)) answers[ref] = 'yes';
    for (const ref of scoredRefs(s, 2)) answers[ref] = 'no';
  }
  const doc = { format: 'openfem-answers', version: 1, bank: 'fem-2024', answers };
  async function measure() {
    await page.waitForTimeout(800);
    for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const dom = await cdp.send('Memory.getDOMCounters');
    const wasm = await page.evaluate(async () => (await (await import('/pkg/openfem.js')).default()).memory.buffer.byteLength);
    return { js: heap.usedSize, nodes: dom.nodes, listeners: dom.jsEventListeners, wasm };
  }
  const rows = [['start', await measure()]];
  // ROUNDS rounds of removed elements (state kept), then ROUNDS of removed and disposed ones.
  for (let r = 0; r < 2 * ROUNDS; r++) {
    const dispose = r >= ROUNDS;
    await page.evaluate(async ({ N, r, doc }) => {
      const els = [];
      for (let i = 0; i < N; i++) {
        const el = document.createElement('openfem-assessment');
        el.setAttribute('draft', `leak-${r}-${i}`);
        document.querySelector('main').append(el);
        els.push(el);
      }
      await Promise.all(els.map((e) => e.ready));
      for (const el of els) el.setAnswers(doc);
      window.__alive = els;
    }, { N, r, doc });
    rows.push([`round ${r}: ${N} alive`, await measure()]);
    await page.evaluate(async (dispose) => {
      for (const el of window.__alive) el.remove();
      if (dispose) await Promise.all(window.__alive.map((el) => el.dispose()));
      window.__alive = null;
    }, dispose);
    rows.push([`round ${r}: ${dispose ? 'disposed' : 'removed'}`, await measure()]);
  }
  // Re-mounts: an attribute change re-mounts the widget (the previous one is disposed).
  await page.evaluate(async (N) => {
    const el = document.getElementById('fem-a');
    for (let i = 0; i < N; i++) { el.setAttribute('label', `Label ${i}`); await el.ready; }
  }, N);
  rows.push([`${N} re-mounts of fem-a`, await measure()]);
  const base = rows[0][1];
  for (const [name, m] of rows) {
    console.log(`${name.padEnd(24)} js ${(m.js / 1e6).toFixed(2)} MB  nodes ${m.nodes}  listeners ${m.listeners}  wasm ${(m.wasm / 1e6).toFixed(2)} MB   Δjs ${((m.js - base.js) / 1e6).toFixed(2)}  Δnodes ${m.nodes - base.nodes}  Δwasm ${((m.wasm - base.wasm) / 1e6).toFixed(2)}`);
  }
} finally {
  await a.close();
}
