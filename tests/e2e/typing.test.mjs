// Typed values are stored exactly: numbers, dates, years and text typed key by key (never
// fill()), in questions and table cells, read back from the export and scored like the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { start, openApp, choose, gotoSection, exportAnswers, typeInto, cliScore, scoreText } from './helpers.mjs';

async function stored(page, ref) {
  return (await exportAnswers(page)).answers[ref];
}

async function messageOf(page, id) {
  const el = page.locator(`#msg-${id} [data-msg="error"]`);
  return (await el.count()) ? (await el.textContent()).trim() : null;
}

test('numbers typed key by key are stored exactly, decimals and signs included', async () => {
  const { page, close, url, problems } = await start();
  try {
    await openApp(page, url);
    for (const [text, want] of [['96.5', 96.5], ['1.8', 1.8], ['0.5', 0.5], ['300', 300], ['12,5', null]]) {
      await typeInto(page, '#in-sipoperatingdays', text);
      assert.equal(await page.inputValue('#in-sipoperatingdays'), text, `the field keeps what was typed (${text})`);
      assert.equal(await stored(page, 'sipoperatingdays') ?? null, want, `typed ${text}`);
    }
    // A decimal comma where a point is expected: refused with a message, never read as 125.
    assert.match(await messageOf(page, 'in-sipoperatingdays'), /point for decimals/);
    assert.equal(await page.getAttribute('#in-sipoperatingdays', 'aria-invalid'), 'true');
    // Thousands separators are fine; a range error clears the answer and says why.
    await typeInto(page, '#in-sipoperatingdays', '-5');
    assert.equal(await stored(page, 'sipoperatingdays') ?? null, null);
    assert.match(await messageOf(page, 'in-sipoperatingdays'), /at least 0/);
    await typeInto(page, '#in-sipoperatingdays', '250');
    assert.equal(await messageOf(page, 'in-sipoperatingdays'), null);

    // Number cells in a table (Energy: tracked sources), with negatives where allowed.
    await gotoSection(page, 'energy');
    await choose(page, 'ensourceheader', 'electricpurch');
    await choose(page, 'ensourcetrackopt', 'yes');
    await page.selectOption('#in-ensourcetracktable-electricpurch-tracked', 'yes');
    const qty = '#in-ensourcetracktable-electricpurch-quantity';
    await page.waitForSelector(qty);
    await typeInto(page, qty, '12,500.75');
    let table = await stored(page, 'ensourcetracktable');
    assert.equal(table.find((r) => r.row === 'electricpurch').quantity, 12500.75);
    await typeInto(page, qty, '96.5');
    table = await stored(page, 'ensourcetracktable');
    assert.equal(table.find((r) => r.row === 'electricpurch').quantity, 96.5);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('dates are typed day first or year first, read back in words, and impossible dates refused', async () => {
  const { page, close, url, problems } = await start();
  try {
    await openApp(page, url);
    await choose(page, 'sippermitsreq', 'ww_indirect');
    const status = '#in-sippermits-ww_indirect-sippermitstatus';
    await page.waitForSelector(status);
    await page.selectOption(status, 'available_valid');
    const expiry = '#in-sippermits-ww_indirect-sippermitexpiry';
    await page.waitForSelector(expiry);
    const hint = (await page.textContent(`#hint-${expiry.slice(1)}`)).trim();
    assert.equal(hint, 'DD/MM/YYYY', 'the expected order is shown beside the field');
    const cell = async () => (await stored(page, 'sippermits')).find((r) => r.row === 'ww_indirect').sippermitexpiry;

    await typeInto(page, expiry, '05/12/2025');
    assert.equal(await cell(), '2025-12-05', 'day first: 5 December');
    assert.match(await page.textContent(`#msg-${expiry.slice(1)}`), /5 December 2025/);

    await typeInto(page, expiry, '2027-03-31');
    assert.equal(await cell(), '2027-03-31');

    // The year 32027 and 31 February are refused at entry; nothing wrong is stored.
    await typeInto(page, expiry, '31/03/32027');
    assert.equal(await cell(), undefined);
    assert.match(await messageOf(page, expiry.slice(1)), /day\/month\/year/);
    await typeInto(page, expiry, '31/02/2026');
    assert.equal(await cell(), undefined);
    assert.match(await messageOf(page, expiry.slice(1)), /no such date/);

    // What the widget stores is accepted on reload: the table is not set aside.
    await typeInto(page, expiry, '31/03/2027');
    await page.reload();
    await page.waitForSelector('.ofem-app:not([inert])');
    assert.equal(await page.locator('#ofem-set-aside').count(), 0);
    assert.equal(await page.inputValue(expiry), '31/03/2027');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('a year and a text typed key by key; a paste past the limit is cut with a message', async () => {
  const { page, close, url, problems } = await start();
  try {
    await openApp(page, url);
    await choose(page, 'sipapprovedtraining', 'yes');
    await typeInto(page, '#in-sipapprovedtrainingyear', '2023');
    assert.equal(await stored(page, 'sipapprovedtrainingyear'), 2023);
    await typeInto(page, '#in-sipapprovedtrainingyear', '20233');
    assert.equal(await stored(page, 'sipapprovedtrainingyear') ?? null, null);
    assert.match(await messageOf(page, 'in-sipapprovedtrainingyear'), /at most 2100/);

    await typeInto(page, '#in-sipapprovedtrainingname', 'ZDHC Supplier Platform – Chemical Management 101');
    assert.equal(await stored(page, 'sipapprovedtrainingname'), 'ZDHC Supplier Platform – Chemical Management 101');

    // sip_osh_id holds 32 characters: a longer paste is cut, and the field says so.
    await choose(page, 'sip_has_osh_id', 'yes');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
    await page.evaluate((text) => navigator.clipboard.writeText(text), 'CN2019123456789ABCDEFGHJKLMNPQRSTUV');
    await page.locator('#in-sip_osh_id').click();
    await page.keyboard.press('ControlOrMeta+V');
    assert.equal(await stored(page, 'sip_osh_id'), 'CN2019123456789ABCDEFGHJKLMNPQRS');
    assert.match(await page.textContent('#count-in-sip_osh_id'), /last 3 characters were not kept/);
    assert.match(await page.textContent('#count-in-sip_osh_id'), /32 of 32 characters/);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('the score of typed answers is the CLI score of the exported answers', async () => {
  const { page, close, url } = await start();
  try {
    await openApp(page, url);
    await typeInto(page, '#in-sipoperatingdays', '287.5');
    await gotoSection(page, 'energy');
    await choose(page, 'ensourceheader', 'electricpurch');
    await choose(page, 'ensourcetrackopt', 'yes');
    await page.selectOption('#in-ensourcetracktable-electricpurch-tracked', 'yes');
    await typeInto(page, '#in-ensourcetracktable-electricpurch-quantity', '1,250,000.5');
    const doc = await exportAnswers(page);
    assert.equal(doc.answers.sipoperatingdays, 287.5);
    const cli = cliScore(doc);
    assert.equal(await scoreText(page), cli.total.toFixed(1));
  } finally {
    await close();
  }
});
