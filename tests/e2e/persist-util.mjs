// Helpers for the persistence tests (persist*.test.mjs): raw reads of what the widget stored,
// waiting for saves, crashing a page, simulated storage-full errors.
import { start, openApp } from './helpers.mjs';

export async function app(t, opts) {
  const a = await start(opts);
  t.after(a.close);
  await openApp(a.page, a.url);
  await ready(a.page);
  return a;
}

/** Waits until the widget has opened its draft (it is inert until then). */
export async function ready(page) {
  await page.waitForSelector('.ofem-app:not([inert])', { timeout: 30_000 });
  await page.waitForSelector('#ofem-save-status:not([data-status="loading"])');
}

/** Every stored draft, as the exact text in IndexedDB: {id: text}. Call after the app loaded. */
export async function stored(page, ns = 'openfem') {
  return page.evaluate(
    (ns) =>
      new Promise((resolve, reject) => {
        const r = indexedDB.open(ns);
        r.onerror = () => reject(r.error);
        r.onsuccess = () => {
          const db = r.result;
          const tx = db.transaction('drafts');
          const st = tx.objectStore('drafts');
          const keys = st.getAllKeys();
          const vals = st.getAll();
          tx.oncomplete = () => {
            db.close();
            resolve(Object.fromEntries(keys.result.map((k, i) => [k, vals.result[i]])));
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    ns,
  );
}

/** Writes one raw record (a test's stand-in for an older or newer OpenFEM). */
export async function putRaw(page, id, text, ns = 'openfem') {
  return page.evaluate(
    ([ns, id, text]) =>
      new Promise((resolve, reject) => {
        const r = indexedDB.open(ns);
        r.onerror = () => reject(r.error);
        r.onsuccess = () => {
          const db = r.result;
          const tx = db.transaction('drafts', 'readwrite');
          tx.objectStore('drafts').put(text, id);
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    [ns, id, text],
  );
}

/** The open draft as stored (parsed), found by the select's value. */
export async function currentStored(page) {
  const id = await page.inputValue('#ofem-draft-select');
  const all = await stored(page);
  return all[id] ? JSON.parse(all[id]) : null;
}

/** Polls until `pred(currentStored)` holds. */
export async function waitStored(page, pred, what = 'stored draft', timeout = 10_000) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    last = await currentStored(page);
    if (last && pred(last)) return last;
    await page.waitForTimeout(50);
  }
  throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)?.slice(0, 400)}`);
}

export async function status(page) {
  return page.getAttribute('#ofem-save-status', 'data-status');
}

/** Kills the renderer (no pagehide, no unload): what a crash or a killed tab does. */
export async function crash(context, page) {
  const cdp = await context.newCDPSession(page);
  const crashed = page.waitForEvent('crash');
  cdp.send('Page.crash').catch(() => {});
  await crashed;
}

/** Init script: `window.__failWrites = true` makes IndexedDB puts and localStorage writes throw
 *  QuotaExceededError, as a full disk does. Production code has no such hook: this patches the
 *  browser's own prototypes from the test. */
export const QUOTA_SCRIPT = () => {
  const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  window.__failWrites = false;
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (...args) {
    if (window.__failWrites) throw quota();
    return put.apply(this, args);
  };
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (...args) {
    if (window.__failWrites) throw quota();
    return setItem.apply(this, args);
  };
};

/** Feeds a file (any bytes, or {path}) to a file input. */
export async function pickFile(page, selector, name, content) {
  if (content && content.path) return page.setInputFiles(selector, content.path);
  await page.setInputFiles(selector, {
    name,
    mimeType: 'application/json',
    buffer: Buffer.isBuffer(content) ? content : Buffer.from(typeof content === 'string' ? content : JSON.stringify(content)),
  });
}
