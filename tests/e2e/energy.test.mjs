// The Energy section's energy & emissions panel: its figures equal the `energy` object of
// `openfem score` on the exported answers, it updates when a quantity changes, it lists the
// calculator's validation messages instead of inventing numbers, and it is accessible.
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  start, openApp, screenshot, assertNoAxeViolations, report, gotoSection, choose,
  exportAnswers, cliScore, RESULTS, typeInto } from './helpers.mjs';

async function app(t, opts) {
  const a = await start(opts);
  t.after(a.close);
  await openApp(a.page, a.url);
  return a;
}

const close = (a, b, what) => {
  const tol = 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  assert.ok(Math.abs(a - b) <= tol, `${what}: panel ${a} ≠ CLI ${b}`);
};

/** The panel's figures: `data-energy` fields with their exact `data-value`, bars by source. */
async function panel(page) {
  return page.evaluate(() => {
    const root = document.querySelector('#ofem-energy');
    const figures = {};
    for (const el of root.querySelectorAll('[data-energy][data-value], [data-energy][data-missing]')) {
      figures[el.dataset.energy] = {
        // An absent figure (null in the CLI's document) has no value, only what it needs.
        value: 'missing' in el.dataset ? null : Number(el.dataset.value),
        text: el.querySelector('.value')?.textContent.trim() ?? el.textContent.trim(),
      };
    }
    const bars = {};
    for (const g of root.querySelectorAll('svg [data-bar]')) bars[g.dataset.bar] = Number(g.dataset.value);
    const rows = {};
    for (const tr of root.querySelectorAll('table tbody tr[data-line]')) {
      rows[tr.dataset.line] = Number(tr.querySelector('td[data-value]').dataset.value);
    }
    const issues = [...root.querySelectorAll('[data-issue]')].map((li) => ({
      code: li.dataset.issue,
      path: li.dataset.path,
      text: li.textContent.trim(),
    }));
    return { figures, bars, rows, issues };
  });
}

/** Every figure, bar and issue of the panel against the CLI's `energy` object. */
function assertMatchesCli(p, energy) {
  for (const field of ['total_mj', 'renewable_share', 'physical_renewable_share', 'scope1_t', 'scope2_location_t', 'scope2_market_t', 'biogenic_co2_t']) {
    assert.ok(p.figures[field], `panel shows ${field}`);
    if (energy[field] === null) assert.equal(p.figures[field].value, null, `${field} absent in both`);
    else close(p.figures[field].value, energy[field], field);
  }
  const cliBars = {
    ...energy.mj_by_source,
    ...Object.fromEntries(Object.entries(energy.vehicle_mj_by_source).map(([k, v]) => [`vehicle:${k}`, v])),
  };
  assert.deepEqual(Object.keys(p.bars).sort(), Object.keys(cliBars).sort(), 'one bar per source');
  for (const [k, v] of Object.entries(cliBars)) close(p.bars[k], v, `bar ${k}`);
  for (const line of energy.lines) close(p.rows[line.path], line.mj, `table row ${line.path}`);
  assert.deepEqual(
    p.issues.map((i) => `${i.code} ${i.path}`).sort(),
    energy.issues.map((i) => `${i.code} ${i.path}`).sort(),
    'the same validation messages',
  );
  if (energy.intensity) close(p.figures.intensity.value, energy.intensity.mj_per_unit, 'intensity');
}

/** Types a number into a tracking-table cell and leaves the field (as a user does). */
async function cell(page, row, col, value) {
  const sel = `#in-ensourcetracktable-${row}-${col}`;
  if (col === 'unit' || col === 'tracked') await page.selectOption(sel, value);
  else await typeInto(page, sel, String(value));
}

test('energy panel: figures equal `openfem score`, update live, validation shown', async (t) => {
  const { page, problems } = await app(t);

  // Energy sources and quantities, no country yet.
  await gotoSection(page, 'energy');
  for (const s of ['electricpurch', 'diesel', 'naturalgas', 'solarphoto']) await choose(page, 'ensourceheader', s);
  await page.waitForSelector('#ofem-energy [data-energy="empty"]');
  await choose(page, 'ensourcetrackopt', 'yes');
  await page.waitForSelector('#q-ensourcetracktable table');
  const rows = {
    electricpurch: [250000, 'kwh'],
    diesel: [12000, 'l'],
    naturalgas: [30000, 'm3'],
    solarphoto: [40000, 'kwh'],
  };
  for (const [src, [q, unit]] of Object.entries(rows)) {
    await cell(page, src, 'tracked', 'yes');
    await cell(page, src, 'quantity', q);
    await cell(page, src, 'unit', unit);
  }
  await page.waitForSelector('#ofem-energy [data-energy="total_mj"]');

  // Without the site's country, purchased electricity has no grid factor: a message, no number.
  let p = await panel(page);
  let cli = cliScore(await exportAnswers(page)).energy;
  assertMatchesCli(p, cli);
  assert.ok(p.issues.length > 0 && cli.issues.some((i) => i.severity === 'error' || i.severity === 'warning'),
    `missing country is reported: ${JSON.stringify(cli.issues)}`);
  const incomplete = (f) => page.locator(`#ofem-energy [data-energy="${f}"][data-incomplete]`).count();
  // No silent zero: Scope 2 is absent (null) and says what it needs.
  assert.equal(cli.scope2_location_t, null);
  assert.deepEqual(cli.scope2_needs.slice().sort(), ['country', 'onsite_credits_sold_pct']);
  assert.equal(p.figures.scope2_location_t.value, null, 'no number for Scope 2 without a country');
  assert.match(p.figures.scope2_location_t.text, /needs the country/, p.figures.scope2_location_t.text);
  assert.equal(await incomplete('total_mj'), 0, 'the energy itself is complete');
  console.log(`no country: issues ${JSON.stringify(p.issues.map((i) => i.code))}, scope2_location_t = ${cli.scope2_location_t}`);
  await screenshot(page, 'energy-no-country');
  await page.locator('#ofem-energy').screenshot({ path: `${RESULTS}/energy-no-country-panel.png` });

  // A country without a national factor: the world average, named beside the figure.
  await gotoSection(page, 'site');
  await page.selectOption('#in-sitecountry', 'MC');
  await gotoSection(page, 'energy');
  await page.waitForSelector('#ofem-energy [data-energy="scope2_location_t"][data-value]');
  cli = cliScore(await exportAnswers(page)).energy;
  assert.equal(cli.grid_factor_is_fallback, true);
  const badge = await page.textContent('#ofem-energy [data-energy="scope2_location_t"] summary [data-badge="grid_fallback"]');
  assert.match(badge, /world-average grid factor/, badge);
  assertMatchesCli(await panel(page), cli);
  await page.locator('#ofem-energy').screenshot({ path: `${RESULTS}/energy-fallback-panel.png` });

  // The country, and the answer on the onsite solar certificates (none sold).
  await choose(page, 'enonsiterenewsellrecs', 'no');
  await gotoSection(page, 'site');
  await page.selectOption('#in-sitecountry', 'CN');
  // and the annual production volume, for the figures per unit.
  await choose(page, 'sipfacilitytype', 'final_assembly');
  await typeInto(page, '#in-sipfacilityannualprodvol-final_assembly-sipfacilityannualprodvolquant', '200000');
  await page.selectOption('#in-sipfacilityannualprodvol-final_assembly-sipfacilityannualprodvolunits', 'pieces');
  await gotoSection(page, 'energy');
  await page.waitForSelector('#ofem-energy [data-energy="total_mj"]');
  p = await panel(page);
  cli = cliScore(await exportAnswers(page)).energy;
  assertMatchesCli(p, cli);
  assert.ok(cli.total_mj > 0 && cli.scope1_t > 0 && cli.scope2_location_t > 0 && cli.scope2_market_t > 0, JSON.stringify(cli));
  assert.equal(await page.locator('#ofem-energy [data-badge="grid_fallback"]').count(), 0, 'China has its own factor');
  assert.ok(cli.intensity && p.figures.intensity, 'intensity per unit shown');
  close(p.figures.intensity.value, cli.total_mj / 200000, 'MJ per unit');
  // The unit is named: the bank's label for the production unit answered ("pieces").
  assert.equal(cli.intensity.unit, 'pieces');
  assert.match(p.figures.intensity.text, /MJ per unit \(pieces\)$/, p.figures.intensity.text);
  // What is shown is the exact figure rounded (MJ to the unit, tonnes to 2 decimals).
  assert.equal(p.figures.total_mj.text, `${Math.round(cli.total_mj).toLocaleString('en')} MJ`);
  assert.equal(p.figures.scope1_t.text, `${(Math.round(cli.scope1_t * 100) / 100).toLocaleString('en')} t CO2e`);
  console.log(`CN: total ${cli.total_mj} MJ, scope1 ${cli.scope1_t} t, scope2 location ${cli.scope2_location_t} t, market ${cli.scope2_market_t} t, renewable ${cli.renewable_share}`);

  // Each figure opens to the factor, unit and source used.
  await page.click('#ofem-energy [data-energy="scope2_location_t"] summary');
  const grid = await page.textContent('#ofem-energy [data-energy="scope2_location_t"] [data-energy="grid_factor"]');
  assert.ok(grid.includes(String(cli.grid_factor.value).slice(0, 4)) || grid.includes(cli.grid_factor.source.slice(0, 20)),
    `grid factor shown: ${grid}`);
  assert.ok(grid.includes(cli.grid_factor.unit), `unit shown: ${grid}`);
  await page.click('#ofem-energy [data-energy="scope1_t"] summary');
  const s1 = await page.textContent('#ofem-energy [data-energy="scope1_t"] .ofem-figure-body');
  const diesel = cli.lines.find((l) => l.source === 'diesel');
  assert.ok(s1.includes(diesel.emission_factor.source), `diesel factor source shown: ${s1}`);
  await screenshot(page, 'energy-panel');
  await page.locator('#ofem-energy').screenshot({ path: `${RESULTS}/energy-panel-only.png` });

  // Change a quantity: the panel follows.
  const before = p.figures.total_mj.value;
  // Time from the input event to the panel's total changing (MutationObserver in the page).
  await page.evaluate(() => {
    const el = document.querySelector('#ofem-energy [data-energy="total_mj"]');
    window.__panelChanged = new Promise((resolve) => {
      let t0 = null;
      document.addEventListener('input', () => (t0 ??= performance.now()), { capture: true });
      new MutationObserver((_, obs) => {
        obs.disconnect();
        resolve(t0 == null ? null : performance.now() - t0);
      }).observe(el, { attributes: true, attributeFilter: ['data-value'] });
    });
  });
  await cell(page, 'diesel', 'quantity', 24000);
  report('quantity input → energy panel updated', await page.evaluate(() => window.__panelChanged));
  await page.waitForFunction(
    (v) => Number(document.querySelector('#ofem-energy [data-energy="total_mj"]').dataset.value) !== v,
    before,
  );
  p = await panel(page);
  cli = cliScore(await exportAnswers(page)).energy;
  assertMatchesCli(p, cli);
  close(p.figures.total_mj.value - before, cli.mj_by_source.diesel / 2, 'doubling diesel adds its MJ once more');

  // A unit that does not fit the source: left out and said so, nothing invented.
  await cell(page, 'naturalgas', 'unit', 'l');
  await page.waitForSelector('#ofem-energy [data-issue]');
  p = await panel(page);
  cli = cliScore(await exportAnswers(page)).energy;
  assertMatchesCli(p, cli);
  assert.ok(!('naturalgas' in p.bars), 'no bar for the left-out source');
  assert.equal(await page.locator('#ofem-energy [data-energy="total_mj"][data-incomplete]').count(), 1, 'total marked incomplete');
  const ng = p.issues.find((i) => i.path.startsWith('ensourcetracktable'));
  assert.ok(ng, `an issue names the table row: ${JSON.stringify(p.issues)}`);
  console.log(`bad unit: ${ng.code} ${ng.path}: ${ng.text}`);
  await screenshot(page, 'energy-bad-unit');

  // Accessible: chart titled and described, a table alternative, no axe violations in the panel.
  assert.equal(await page.getAttribute('#ofem-energy svg', 'role'), 'img');
  assert.ok((await page.textContent('#ofem-energy svg title')).length > 0);
  assert.ok((await page.textContent('#ofem-energy svg desc')).length > 0);
  assert.ok(await page.locator('#ofem-energy table caption').count());
  await page.click('#ofem-energy .ofem-energy-table summary'); // an opened "How" too
  await assertNoAxeViolations(page, { include: '#ofem-energy' });
  await assertNoAxeViolations(page); // and the whole Energy section around it
  assert.deepEqual(problems, []);
});

test('energy panel on a phone screen', async (t) => {
  const { page, problems } = await app(t, { viewport: { width: 390, height: 844 } });
  await gotoSection(page, 'energy');
  await choose(page, 'ensourceheader', 'electricpurch');
  await choose(page, 'ensourcetrackopt', 'yes');
  await cell(page, 'electricpurch', 'tracked', 'yes');
  await cell(page, 'electricpurch', 'quantity', 1000);
  await cell(page, 'electricpurch', 'unit', 'mwh');
  await page.waitForSelector('#ofem-energy [data-energy="total_mj"]');
  const overflow = await page.evaluate(() => {
    const el = document.querySelector('#ofem-energy');
    return el.scrollWidth - el.clientWidth;
  });
  assert.ok(overflow <= 1, `panel fits the phone width (overflow ${overflow}px)`);
  assert.equal(Number(await page.getAttribute('#ofem-energy [data-energy="total_mj"]', 'data-value')), 3.6e6);
  await screenshot(page, 'energy-phone');
  await page.locator('#ofem-energy').screenshot({ path: `${RESULTS}/energy-phone-panel.png` });
  assert.deepEqual(problems, []);
});
