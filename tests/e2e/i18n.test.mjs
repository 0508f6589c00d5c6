// Languages (docs/translating.md): switching keeps answers, score, focus and scroll; two embedded
// widgets in two languages on one page; offline reload in Vietnamese; axe-core clean and no
// horizontal scroll on a phone in both; a Vietnamese number typed key by key; the pseudo-locale
// shows every string translated and none cut off; a broken language file is said once and
// changes nothing. Screenshots of EMS and Energy in both languages at desktop and phone size go to
// test-results/ (not committed).
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  start, openApp, screenshot, gotoSection, choose, scoreText, exportAnswers, scoredRefs, report,
  assertNoAxeViolations, typeInto,
} from './helpers.mjs';
import { ready, currentStored, waitStored, pickFile } from './persist-util.mjs';

const PHONE = { width: 375, height: 740 };
const LANGS = [
  { tag: 'vi', name: 'Tiếng Việt', ems: 'Hệ thống quản lý môi trường' },
  { tag: 'zh-CN', name: '简体中文', ems: '环境管理体系' },
];

/** Starts chromium with the widget's language already chosen in this browser. */
async function startIn(t, tag, opts) {
  const a = await start(opts);
  t.after(a.close);
  if (tag) await a.page.addInitScript((tag) => localStorage.setItem('openfem:locale', tag), tag);
  return a;
}

/** Chooses a language in the picker with the keyboard, as a person would. Returns the time in
 * ms from the last key press to the widget's `openfem:language-switched` mark (the language
 * loaded, checked, the view rebuilt, focus and scroll put back). */
async function pickWithKeyboard(page, tag) {
  await page.focus('#ofem-language');
  const options = await page.$$eval('#ofem-language option', (os) => os.map((o) => o.value));
  const from = options.indexOf(await page.$eval('#ofem-language', (s) => s.value));
  const to = options.indexOf(tag);
  assert.ok(to >= 0, `${tag} offered: ${options}`);
  let pressed = 0;
  for (let i = from; i !== to; i += to > from ? 1 : -1) {
    pressed = await page.evaluate(() => performance.now());
    await page.keyboard.press(to > from ? 'ArrowDown' : 'ArrowUp');
  }
  await page.waitForFunction((tag) => document.querySelector('.ofem-app')?.lang === tag, tag);
  const switched = await page.waitForFunction(
    (after) => performance.getEntriesByName('openfem:language-switched').find((e) => e.startTime > after)?.startTime,
    pressed,
  );
  return (await switched.jsonValue()) - pressed;
}

test('the picker names each language in itself; the browser default and the remembered choice', async (t) => {
  const a = await start();
  t.after(a.close);
  // The browser prefers Vietnamese (Vietnam): the widget starts in it.
  const cdp = await a.context.newCDPSession(a.page);
  await cdp.send('Emulation.setLocaleOverride', { locale: 'vi-VN' }).catch(() => {});
  await a.page.addInitScript(() => Object.defineProperty(navigator, 'languages', { get: () => ['vi-VN', 'en'] }));
  const requested = [];
  a.page.on('request', (r) => requested.push(new URL(r.url()).pathname.split('/').pop()));
  await openApp(a.page, a.url);
  assert.equal(await a.page.$eval('.ofem-app', (e) => e.lang), 'vi');
  // Its strings and its bank are asked for together, before the language part's code (which
  // reads them): the bank does not wait for the part.
  const at = (re) => requested.findIndex((f) => re.test(f));
  assert.ok(at(/^bank-vi\./) >= 0 && at(/^locale-vi\./) >= 0, requested.join(' '));
  assert.ok(at(/^bank-vi\./) < at(/^split_language\.wasm$/), requested.join(' '));
  assert.equal(await a.page.evaluate(() => document.documentElement.lang), 'en', 'the page keeps its own lang');
  const names = await a.page.$$eval('#ofem-language option', (os) => os.map((o) => [o.value, o.textContent, o.lang]));
  assert.deepEqual(names, [['en', 'English', 'en'], ['vi', 'Tiếng Việt', 'vi'], ['zh-CN', '简体中文', 'zh-CN']]);
  // Chosen once, remembered in this browser over the browser's preference.
  await pickWithKeyboard(a.page, 'zh-CN');
  await a.page.reload();
  await a.page.waitForSelector('.ofem-app:not([inert])');
  assert.equal(await a.page.$eval('.ofem-app', (e) => e.lang), 'zh-CN');
  assert.match(await a.page.textContent('.ofem-nav'), /环境管理体系/);
  assert.deepEqual(a.problems, []);
});

test('switching language with the picker keeps answers, score, section and focus; timings', async (t) => {
  const { page, problems, url } = await startIn(t, null);
  await openApp(page, url);
  await gotoSection(page, 'ems');
  const refs = scoredRefs('ems', 1);
  for (const ref of refs.slice(0, 3)) await choose(page, ref, 'yes');
  await choose(page, refs[3], 'no');
  const before = await exportAnswers(page);
  const total = Number(await scoreText(page));
  const timings = [];
  for (const tag of ['vi', 'zh-CN', 'en', 'vi']) {
    timings.push([tag, await pickWithKeyboard(page, tag)]);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'ofem-language', `${tag}: focus stays on the picker`);
    assert.ok(await page.$('section.ofem-section[data-section="ems"]'), `${tag}: still in EMS`);
    for (const ref of refs.slice(0, 3)) assert.ok(await page.isChecked(`#q-${ref} input[value="yes"]`), `${tag}: ${ref}`);
    assert.equal(Number((await scoreText(page)).replace(',', '.')), total, `${tag}: same score`);
  }
  const after = await exportAnswers(page);
  assert.deepEqual(after.answers, before.answers, 'the answers file does not depend on the language');
  for (const [tag, ms] of timings) report(`switch language to ${tag} (load, check, rebuild the view)`, ms);
  assert.deepEqual(problems, []);
});

test('embedded: locale attribute switches in place, keeping answers, score, focus and scroll', async (t) => {
  const a = await start();
  t.after(a.close);
  const { page } = a;
  await page.goto(a.url + 'www/embed-demo.html');
  await page.evaluate(async () => {
    const el = document.createElement('openfem-assessment');
    el.id = 'fem-x';
    el.setAttribute('draft', 'i18n-switch');
    el.setAttribute('locale', 'en');
    document.querySelector('main').append(el);
    await el.ready;
  });
  await page.click('#fem-x .ofem-nav a[data-section="ems"]');
  const refs = scoredRefs('ems', 1);
  for (const ref of refs.slice(0, 4)) await page.click(`#fem-x #q-${ref} input[value="yes"]`);
  // The person is on the fifth question: it is mid-screen and its "No" has the focus.
  const target = refs[4];
  await page.click(`#fem-x #q-${target} input[value="no"]`);
  await page.$eval(`#fem-x >> #q-${target}`, (e) => e.scrollIntoView({ block: 'center' }));
  await page.focus(`#fem-x #q-${target} input[value="no"]`);
  const before = await page.evaluate((target) => {
    const el = document.getElementById('fem-x');
    const q = el.shadowRoot.getElementById(`q-${target}`);
    return {
      answers: el.getAnswers().answers,
      total: el.getScore().total,
      shown: el.shadowRoot.querySelector('[data-score="total"]').textContent,
      focus: el.shadowRoot.activeElement?.id,
      top: q.getBoundingClientRect().top,
      title: el.shadowRoot.querySelector('.ofem-section h2').textContent,
    };
  }, target);
  assert.ok(before.focus, 'an answer has the focus');

  for (const { tag, ems } of LANGS) {
    const t0 = Date.now();
    await page.evaluate((tag) => document.getElementById('fem-x').setAttribute('locale', tag), tag);
    await page.waitForFunction((tag) => document.getElementById('fem-x').shadowRoot.querySelector('.ofem-app')?.lang === tag, tag);
    await page.waitForTimeout(100); // the focus and scroll are put back on the next frame
    report(`switch to ${tag} (embedded, attribute)`, Date.now() - t0);
    const after = await page.evaluate((target) => {
      const el = document.getElementById('fem-x');
      const q = el.shadowRoot.getElementById(`q-${target}`);
      return {
        answers: el.getAnswers().answers,
        total: el.getScore().total,
        focus: el.shadowRoot.activeElement?.id,
        top: q.getBoundingClientRect().top,
        title: el.shadowRoot.querySelector('.ofem-section h2').textContent,
      };
    }, target);
    assert.deepEqual(after.answers, before.answers, `${tag}: answers kept`);
    assert.equal(after.total, before.total, `${tag}: score kept`);
    assert.equal(after.focus, before.focus, `${tag}: focus kept`);
    assert.ok(Math.abs(after.top - before.top) <= 2, `${tag}: the question stays where it was (${before.top} → ${after.top})`);
    assert.match(after.title, new RegExp(ems), `${tag}: the section speaks the language`);
  }
  assert.deepEqual(a.problems, []);
});

test('two widgets, Vietnamese and Chinese, on one page; axe-core clean in both', async (t) => {
  const a = await start();
  t.after(a.close);
  const { page } = a;
  await page.goto(a.url + 'www/embed-demo.html');
  await page.evaluate(async () => {
    for (const [id, tag] of [['fem-vi', 'vi'], ['fem-zh', 'zh-CN']]) {
      const el = document.createElement('openfem-assessment');
      el.id = id;
      el.setAttribute('draft', id);
      el.setAttribute('locale', tag);
      el.setAttribute('label', id);
      el.setAttribute('chrome', 'all'); // its own title, which says the language
      document.querySelector('main').append(el);
      await el.ready;
    }
  });
  await page.waitForFunction(() => ['fem-vi', 'fem-zh'].every((id) => document.getElementById(id).shadowRoot.querySelector('.ofem-app:not([inert])')));
  const seen = await page.evaluate(() => ['fem-vi', 'fem-zh'].map((id) => {
    const app = document.getElementById(id).shadowRoot.querySelector('.ofem-app');
    return [app.lang, app.querySelector('h1').textContent, getComputedStyle(app).fontFamily];
  }));
  assert.equal(seen[0][0], 'vi');
  assert.equal(seen[1][0], 'zh-CN');
  assert.match(seen[0][1], /Tự đánh giá/);
  assert.match(seen[1][1], /自评估/);
  assert.match(seen[1][2], /PingFang SC|Noto Sans CJK SC/, 'CJK font stack for Chinese');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en', 'the host page keeps its lang');
  // The demo's own widgets are English; each element speaks its own language.
  assert.equal(await page.evaluate(() => document.getElementById('fem-a').shadowRoot.querySelector('.ofem-app').lang), 'en');
  assert.deepEqual(a.problems, []);
  for (const section of ['ems', 'energy']) {
    for (const id of ['fem-vi', 'fem-zh']) await page.click(`#${id} .ofem-nav a[data-section="${section}"]`);
    await page.waitForTimeout(200);
    await assertNoAxeViolations(page, { include: '#fem-vi' });
    await assertNoAxeViolations(page, { include: '#fem-zh' });
  }
});

for (const { tag } of LANGS) {
  test(`${tag}: EMS and Energy at desktop and phone size, no horizontal scroll; screenshots`, async (t) => {
    for (const [size, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', PHONE]]) {
      const a = await start({ viewport });
      try {
        await a.page.addInitScript((tag) => localStorage.setItem('openfem:locale', tag), tag);
        await openApp(a.page, a.url);
        for (const section of ['ems', 'energy']) {
          await gotoSection(a.page, section);
          // Open every help text: the longest strings.
          for (const d of await a.page.$$('details')) await d.evaluate((e) => { e.open = true; });
          const overflow = await a.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          assert.ok(overflow <= 0, `${tag} ${section} ${size}: ${overflow}px of horizontal scroll`);
          await screenshot(a.page, `i18n-${tag}-${section}-${size}`);
        }
        assert.deepEqual(a.problems, []);
      } finally {
        await a.close();
      }
    }
  });
}

test('offline reload in Vietnamese', async (t) => {
  const a = await startIn(t, null);
  const { page, context } = a;
  await openApp(page, a.url);
  await page.evaluate(() => navigator.serviceWorker.ready);
  // The first visit is in English; the worker has every language cached at install.
  await pickWithKeyboard(page, 'vi');
  const ref = scoredRefs('ems', 1)[0];
  await gotoSection(page, 'ems');
  await choose(page, ref, 'yes');
  await page.waitForTimeout(600); // saved
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector('.ofem-app:not([inert])');
  assert.equal(await page.$eval('.ofem-app', (e) => e.lang), 'vi');
  assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'served by the worker');
  assert.equal(await page.$$eval('[data-problem="failed"]', (n) => n.length), 0, 'the language file was there offline');
  await gotoSection(page, 'ems');
  assert.ok(await page.isChecked(`#q-${ref} input[value="yes"]`));
  assert.match(await page.textContent(`section.ofem-section h2`), /Hệ thống quản lý môi trường/);
  await context.setOffline(false);
});

test('a Vietnamese number typed the Vietnamese way, key by key', async (t) => {
  const { page, problems, url } = await startIn(t, 'vi');
  await openApp(page, url);
  await gotoSection(page, 'site');
  await choose(page, 'sipaudit', 'yes');
  const input = page.locator('#in-sipauditlength');
  await input.pressSequentially('1.234,5');
  assert.equal((await exportAnswers(page)).answers.sipauditlength, 1234.5);
  // The English way is refused with a message, never read as another number.
  await input.press('ControlOrMeta+a');
  await input.press('Backspace');
  await input.pressSequentially('1,234.5');
  const message = await page.textContent('#msg-in-sipauditlength');
  assert.ok(message.trim().length > 0, 'a message says why');
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  assert.equal((await exportAnswers(page)).answers.sipauditlength, undefined);
  await input.press('ControlOrMeta+a');
  await input.press('Backspace');
  await input.pressSequentially('12,5');
  assert.equal((await exportAnswers(page)).answers.sipauditlength, 12.5);
  // Shown back with a decimal comma after a switch and back.
  await pickWithKeyboard(page, 'en');
  assert.equal(await page.inputValue('#in-sipauditlength'), '12.5');
  await pickWithKeyboard(page, 'vi');
  assert.equal(await page.inputValue('#in-sipauditlength'), '12,5');
  // Numbers shown by the widget use the Vietnamese separators.
  assert.match(await page.textContent('[data-score="total"]'), /^\d+,\d$/);
  assert.deepEqual(problems, []);
});

test('pseudo-locale: every string goes through the locale files, none is cut off', async (t) => {
  const { page, problems, url } = await startIn(t, 'qps-ploc', { viewport: PHONE });
  await openApp(page, url);
  assert.equal(await page.$eval('.ofem-app', (e) => e.lang), 'qps-ploc');
  const ems = scoredRefs('ems', 1);
  const untranslated = [];
  for (const section of ['site', 'ems', 'energy', 'water', 'chemicals']) {
    await gotoSection(page, section);
    if (section === 'ems') await choose(page, ems[0], 'no');
    for (const d of await page.$$('details')) await d.evaluate((e) => { e.open = true; });
    const found = await page.evaluate(() => {
      const out = [];
      const walker = document.createTreeWalker(document.querySelector('.ofem-app'), NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = n.textContent.trim();
        const el = n.parentElement;
        if (!text || el.closest('option[lang], .ofem-qnum, [data-value], svg, .visually-hidden')) continue;
        // English words left: three or more plain ASCII letters in a row outside brackets.
        if (!/[\u00c0-\u024f]/.test(text) && /[A-Za-z]{3}/.test(text.replace(/\{[a-z_]+\}/g, ''))) out.push(text);
        // Cut off: a pseudo text whose box is narrower than its content.
        if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow !== 'visible') out.push(`clipped: ${text}`);
      }
      return out;
    });
    untranslated.push(...found.map((f) => `${section}: ${f}`));
    await screenshot(page, `i18n-pseudo-${section}-phone`);
  }
  // Units, ids and names stay as they are.
  const allowed = /^(MJ|kWh|t CO2e|CO2e|[A-Z0-9 .\-–:%/()]+|\d[\d.,\s]*|[a-z]+\d*)$/;
  const left = untranslated.filter((s) => !allowed.test(s.split(': ').slice(1).join(': ')));
  assert.deepEqual(left, [], 'English left or text cut off');
  assert.deepEqual(problems, []);
});

test('a broken language file: said once, English shown, nothing lost', async (t) => {
  const { page, problems, url } = await startIn(t, null);
  // context.route: the service worker's fetches too.
  await page.context().route('**/pkg/data/locale-vi.*', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"ui": {"app.title": ' }));
  await openApp(page, url);
  const ref = scoredRefs('ems', 1)[0];
  await gotoSection(page, 'ems');
  await choose(page, ref, 'yes');
  const total = await scoreText(page);
  await page.focus('#ofem-language');
  await page.keyboard.press('ArrowDown'); // Tiếng Việt
  await page.waitForSelector('[data-problem="failed"]');
  assert.equal(await page.$$eval('[data-note="language"]', (n) => n.length), 1, 'said once');
  assert.match(await page.textContent('[data-problem="failed"]'), /Tiếng Việt could not be loaded/);
  assert.equal(await page.$eval('.ofem-app', (e) => e.lang), 'en');
  assert.ok(await page.isChecked(`#q-${ref} input[value="yes"]`));
  assert.equal(await scoreText(page), total);
  // The failed file is not one the build named: a 404 or a wrong hash are refused too.
  assert.deepEqual(problems.filter((p) => !p.includes('locale-vi')), []);
});

test('a first draft started in Vietnamese is named in Vietnamese, stored language-neutral; a typed name stays as typed', async (t) => {
  const { page, problems, url } = await startIn(t, 'vi');
  await openApp(page, url);
  await ready(page);
  const optionNames = () => page.$$eval('#ofem-draft-select option', (os) => os.map((o) => o.textContent.trim()));
  assert.match((await optionNames())[0], /^Bài đánh giá của tôi/, 'named in the language shown');
  assert.equal((await currentStored(page)).name, 'My assessment', 'stored as the default name, in English');
  // The person never renamed it: it follows the language.
  await pickWithKeyboard(page, 'zh-CN');
  assert.match((await optionNames())[0], /^我的评估/);
  // Saving the name unchanged keeps it a default name.
  await page.click('#ofem-draft-rename');
  await page.click('#ofem-draft-name-save');
  await pickWithKeyboard(page, 'en');
  assert.match((await optionNames())[0], /^My assessment/);
  // A name the person typed is theirs, in every language.
  await page.click('#ofem-draft-rename');
  await typeInto(page, '#ofem-draft-name', 'Nhà máy Bình Dương 2026');
  await page.click('#ofem-draft-name-save');
  await waitStored(page, (d) => d.name === 'Nhà máy Bình Dương 2026', 'renamed');
  await pickWithKeyboard(page, 'vi');
  assert.match((await optionNames())[0], /^Nhà máy Bình Dương 2026/);
  assert.deepEqual(problems, []);
});

test('openfem-error: a stable code, the message in the element\'s language (vi, zh-CN)', async (t) => {
  const a = await start();
  t.after(a.close);
  const { page } = a;
  await page.goto(a.url + 'www/embed-demo.html');
  await page.evaluate(() => {
    window.__errors = [];
    document.addEventListener('openfem-error', (e) => window.__errors.push({ id: e.target.id, ...e.detail }));
    for (const [id, attrs] of [
      ['err-vi', { locale: 'vi', draft: 'nhà máy 1', sections: 'ems,nope' }],
      ['err-zh', { locale: 'zh-CN', draft: 'zh-ok', chrome: 'files,bogus' }],
    ]) {
      const el = document.createElement('openfem-assessment');
      el.id = id;
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
      document.querySelector('main').append(el);
    }
  });
  await page.waitForFunction(() => window.__errors.filter((e) => e.id.startsWith('err-')).length === 3);
  const errors = await page.evaluate(() => window.__errors.filter((e) => e.id.startsWith('err-')));
  const by = (id, code) => errors.find((e) => e.id === id && e.code === code);
  assert.deepEqual(errors.map((e) => [e.id, e.code, e.lang]).sort(), [
    ['err-vi', 'draft', 'vi'], ['err-vi', 'sections', 'vi'], ['err-zh', 'chrome', 'zh-CN'],
  ]);
  assert.match(by('err-vi', 'draft').message, /^Khóa bản nháp "nhà máy 1" bị từ chối: khóa bản nháp chỉ được gồm chữ cái/);
  assert.equal(by('err-vi', 'sections').message, 'Đã bỏ qua các mã phần không xác định: nope');
  assert.match(by('err-zh', 'chrome').message, /^已忽略未知的界面部件：bogus/);
  // The refused widget says why in its language, in place of the questions.
  await page.waitForFunction(() => document.getElementById('err-vi').shadowRoot.querySelector('.ofem-error')?.textContent.includes('không được mở'));
  assert.match(await page.textContent('#err-vi .ofem-error[role="alert"]'), /không được mở.*khóa bản nháp chỉ được gồm/);
  assert.deepEqual(a.problems, []);
});

test('Vietnamese: an answers file refused and a calculator message, in Vietnamese with their figures', async (t) => {
  const { page, problems, url } = await startIn(t, 'vi');
  await openApp(page, url);
  await ready(page);
  // A refused answers file: the JSON path as it is, the reason in Vietnamese.
  const ems = scoredRefs('ems', 1)[1];
  await pickFile(page, '#ofem-import', 'bad.json', JSON.stringify({ format: 'openfem-answers', version: 1, bank: 'fem-2024', answers: { [ems]: 42 } }));
  await page.waitForSelector('#ofem-notice.error');
  const notice = (await page.textContent('#ofem-notice')).trim();
  assert.equal(notice, `Không nhập được: answers.${ems}: phải là một mã câu trả lời, nhưng đang là một số`);
  await pickFile(page, '#ofem-import', 'bad.json', JSON.stringify({ format: 'openfem-answers', version: 7, bank: 'fem-2024', answers: {} }));
  await page.waitForFunction(() => document.querySelector('#ofem-notice').textContent.includes('phiên bản 7'));
  // LNG in m3: the figure (MJ per m3) is carried into the Vietnamese sentence, written the
  // Vietnamese way (a point groups thousands).
  await gotoSection(page, 'energy');
  await choose(page, 'ensourceheader', 'lng');
  await choose(page, 'ensourcetrackopt', 'yes');
  await page.waitForSelector('#q-ensourcetracktable table');
  await page.selectOption('#in-ensourcetracktable-lng-tracked', 'yes');
  await typeInto(page, '#in-ensourcetracktable-lng-quantity', '100');
  await page.selectOption('#in-ensourcetracktable-lng-unit', 'm3');
  await page.waitForSelector('#ofem-energy [data-issue="lng_m3_is_liquid"]');
  const text = await page.textContent('#ofem-energy [data-issue="lng_m3_is_liquid"]');
  console.log(`vi lng: ${text}`);
  assert.match(text, /LNG tính bằng m3 được hiểu là mét khối LNG ở thể lỏng \(\d{1,3}(\.\d{3})+ MJ mỗi m3\)/);
  assert.deepEqual(problems, []);
});

test('two tabs in Vietnamese: what the other tab does (rename, delete, a newer version taking the storage) is said in Vietnamese', async (t) => {
  const { page: a, context, problems, url } = await startIn(t, 'vi');
  await openApp(a, url);
  await ready(a);
  const b = await context.newPage();
  await openApp(b, url);
  await ready(b);
  const id = await a.inputValue('#ofem-draft-select');
  assert.equal(await b.inputValue('#ofem-draft-select'), id, 'same draft');
  // A renames the draft: B hears it on the BroadcastChannel, outside the widget's view code.
  await a.click('#ofem-draft-rename');
  await typeInto(a, '#ofem-draft-name', 'Nhà máy Long An');
  await a.click('#ofem-draft-name-save');
  await waitStored(a, (d) => d.name === 'Nhà máy Long An', 'renamed');
  await b.waitForFunction(() => document.querySelector('#ofem-draft-select option:checked')?.textContent.includes('Nhà máy Long An'));
  await b.waitForFunction(() => document.querySelector('#ofem-notice')?.textContent.trim() !== '');
  assert.equal((await b.textContent('#ofem-notice')).trim(), 'Bản nháp này đã được sửa ở một thẻ khác; đang hiển thị câu trả lời mới nhất.');
  // A deletes it: B's alert and save status are Vietnamese.
  await a.click('#ofem-draft-delete');
  await a.waitForSelector('#ofem-draft-undo');
  await b.waitForSelector('#ofem-gone');
  assert.match(await b.textContent('#ofem-gone'), /^\s*“Nhà máy Long An” đã bị xóa ở một thẻ khác\. Câu trả lời tại đây không được lưu/);
  assert.equal((await b.textContent('#ofem-save-status')).trim(), 'Chưa lưu: bản nháp này đã bị xóa ở một thẻ khác');
  // A newer version of the page (another tab) upgrades the database: B's connection is closed
  // by the browser's versionchange event, and B says why in Vietnamese.
  const upgraded = await a.evaluate(() => new Promise((resolve, reject) => {
    const r = indexedDB.open('openfem', 3); // one above the widget's (src/ui/store.rs DB_VERSION)
    r.onblocked = () => resolve('blocked');
    r.onerror = () => reject(r.error);
    r.onsuccess = () => { r.result.close(); resolve('opened'); };
  }));
  assert.equal(upgraded, 'opened');
  for (const page of [a, b]) {
    await page.waitForSelector('#ofem-storage-warning');
    const warning = (await page.textContent('#ofem-storage-warning')).trim();
    assert.match(warning, /một thẻ khác đã mở phiên bản mới hơn của trang này và tiếp quản bộ nhớ trình duyệt/);
    assert.doesNotMatch(warning, /another tab|newer version/);
  }
  assert.deepEqual(problems, []);
});

test('Vietnamese: the questions failing to load, then a language failing to load, are said in Vietnamese', async (t) => {
  const { page, problems, url } = await startIn(t, 'vi');
  // context.route: the service worker's fetches too. The English bank only (`bank.`): the
  // Vietnamese one (`bank-vi.`) and the strings load, so the failure is said in Vietnamese.
  const gone = (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'gone' });
  await page.context().route('**/pkg/data/bank.*', gone);
  // Refused from the start: else the service worker would have it cached for offline use.
  await page.context().route('**/pkg/data/locale-zh-CN.*', gone);
  await page.goto(url);
  const alert = page.locator('[data-error="bank-file"]');
  await alert.waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => /Không tải được câu hỏi/.test(document.querySelector('[data-error="bank-file"]')?.textContent));
  const said = await alert.textContent();
  assert.match(said, /máy chủ từ chối \S*\/pkg\/data\/bank\.[0-9a-f]{16}\.json \(HTTP 404\)/, said);
  assert.match(said, /Câu trả lời đã lưu vẫn an toàn/);
  assert.doesNotMatch(said, /could not|server|refused/, 'no English left');
  assert.equal(await page.textContent('[data-error="bank-file"] button'), 'Thử lại');

  // Back on the server: "Thử lại" with the keyboard loads the questions, in Vietnamese.
  await page.context().unroute('**/pkg/data/bank.*', gone);
  await page.focus('[data-error="bank-file"] button');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.ofem-app:not([inert])', { timeout: 30_000 });
  assert.equal(await page.$eval('.ofem-app', (e) => e.lang), 'vi');

  // A language whose file the server refuses: the widget stays in Vietnamese and says why in it.
  await page.focus('#ofem-language');
  await page.keyboard.press('ArrowDown'); // 简体中文, after Tiếng Việt
  await page.waitForSelector('[data-problem="failed"]');
  const failed = await page.textContent('[data-problem="failed"]');
  assert.match(failed, /^Không tải được 简体中文 \(máy chủ từ chối \S*locale-zh-CN\.[0-9a-f]{16}\.json \(HTTP 404\)\)\./, failed);
  assert.equal(await page.$eval('.ofem-app', (e) => e.lang), 'vi');
  assert.deepEqual(problems.filter((p) => !/HTTP 404: .*\/pkg\/data\/(bank|locale-zh-CN)\./.test(p) && !/status of 404/.test(p)), []);
});
