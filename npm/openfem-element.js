// <openfem-assessment>: the OpenFEM widget as a custom element (shadow DOM, attributes in,
// events out). Importing this module registers the element; nothing else runs until one is
// connected. No inline script, no eval, no inline style: works under
//   Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'
// when this package is served from the page's origin.
import init, { mount_widget, set_data_url, set_data_base, loadBuiltinBank, checkBank, loadEmbedApi } from './openfem.js';

const WASM_URL = new URL('./openfem_bg.wasm', import.meta.url);
const CSS_URL = new URL('./widget.css', import.meta.url);
const ATTRIBUTES = ['locale', 'bank', 'draft', 'readonly', 'sections', 'theme', 'label', 'chrome'];
/** An element `id` usable in its own storage key. */
const KEY_ID = /^[A-Za-z0-9_-]{1,60}$/;
/** A queued `reset()`. */
const RESET = Symbol('reset');
const NOT_READY = '<openfem-assessment> is not ready yet (its draft is loading): await element.ready';

// The built-in bank is a data file next to the wasm, named after its content (`make pkg` stamps
// the name; docs/web-build.md, "Data files").
const BANK_URL = new URL('./__OPENFEM_BANK_FILE__', import.meta.url);
// Its name in the wasm's list: a bundler emits BANK_URL renamed, so the wasm is told where it is.
const BANK_FILE = '__OPENFEM_BANK_FILE__';
// The other data files (the help's prose, each language's strings, bank and help), the same way:
// each a `new URL` literal, so that a bundler emits it too (`make pkg` writes the list).
const DATA_URLS = [/* __OPENFEM_DATA_URLS__ */];

let wasm = null;

// The browser's first number formatter loads its number data (≈ 15 ms, ≈ 55 ms on a CPU 4x
// slower); the widget's first view formats numbers. Paid while the wasm compiles instead.
function warmNumberFormat() {
  queueMicrotask(() => {
    try {
      new Intl.NumberFormat(navigator.language).format(0.5);
    } catch {
      // A language tag the browser refuses: the widget formats with its own tag anyway.
    }
  });
}
/** Instantiates the wasm module once per page (every element shares it). */
function loadWasm() {
  if (!wasm) warmNumberFormat();
  wasm ??= init({ module_or_path: WASM_URL }).then((exports) => {
    set_data_base(new URL('./', import.meta.url).href);
    set_data_url(BANK_FILE, BANK_URL.href);
    for (const [file, url] of DATA_URLS) set_data_url(file, url.href);
    loadApi().catch(() => {}); // beside the bank and the draft; a mount waits for it
    return exports;
  }, async (err) => {
    throw new Error(await wasmProblem(err));
  });
  return wasm;
}

let api = null;
/** The wasm's part that builds what the API returns (score document, validation, answers
 * document): fetched once per page, again after a failure. The element says it is ready only
 * once it is there, so the API's methods stay synchronous. */
function loadApi() {
  api ??= loadEmbedApi().catch((err) => {
    api = null;
    throw err;
  });
  return api;
}

/** How long a mount waits before it asks again for an API part that could not be downloaded. */
const API_RETRY_MS = 3000;

/**
 * Why the wasm did not load, and what to do. The usual cause: a bundler's dev server that
 * pre-bundles dependencies (Vite 6 and older: `optimizeDeps`) moved this module away from
 * `openfem_bg.wasm`, so its URL answers with the app's index.html ("expected magic word").
 */
async function wasmProblem(err) {
  const reason = String(err?.message ?? err);
  let found = '';
  try {
    const response = await fetch(WASM_URL);
    const head = new Uint8Array(await response.arrayBuffer()).subarray(0, 4);
    const isWasm = head.length === 4 && head[0] === 0 && head[1] === 0x61 && head[2] === 0x73 && head[3] === 0x6d;
    if (!response.ok) found = `HTTP ${response.status}`;
    else if (!isWasm) found = `not WebAssembly (${response.headers.get('content-type') || 'no content type'})`;
  } catch {
    found = 'not reachable';
  }
  if (!found) return `openfem_bg.wasm (${WASM_URL.href}) could not be instantiated: ${reason}`;
  return `openfem_bg.wasm at ${WASM_URL.href} is ${found}: ${reason}. `
    + 'It must be served next to openfem-element.js. A bundler that pre-bundles dependencies '
    + "moved the module away from it: exclude the package from pre-bundling (Vite: optimizeDeps: { exclude: ['openfem'] }), "
    + 'or copy openfem_bg.wasm and widget.css next to the bundled module (see "Bundlers" in the package README).';
}

/** A short stable hash (FNV-1a, 32 bits, hex) of a text, for storage keys. */
function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

let builtinBank = null;
/** The built-in bank, for elements without a `bank` URL: its download starts at once, beside the
 * wasm's (a preload the widget's own fetch then uses); a failure is retried on the next mount. */
function loadBank() {
  if (!builtinBank) {
    const link = document.createElement('link');
    Object.assign(link, { rel: 'preload', as: 'fetch', href: BANK_URL.href, crossOrigin: 'anonymous' });
    document.head.append(link);
    builtinBank = loadWasm().then(() => loadBuiltinBank());
    builtinBank.catch(() => { builtinBank = null; });
  }
  return builtinBank;
}

/** A bank document larger than this is refused (the FEM bank is ≈ 270 KB): a wrong URL that
 * answers with some huge file must not fill the tab's memory. */
const MAX_BANK_BYTES = 8 * 1024 * 1024;

/** A failed fetch of a bank: `message` in English (the console's), `key` and `args` the widget's
 * message for it (a data-file error of src/ui/locales), said in the widget's language. */
function bankFailure(message, key, args) {
  return Object.assign(new Error(message), { openfem: { key, args } });
}

/** Fetches a bank document (same origin by default under the CSP above): served as JSON, at most
 * MAX_BANK_BYTES (counted as it arrives, so an oversized answer is cut short). */
async function fetchBank(url) {
  let response;
  try {
    response = await fetch(new URL(url, document.baseURI), { credentials: 'same-origin' });
  } catch {
    throw bankFailure(`bank ${url}: could not be reached`, 'data.error.network', { url });
  }
  if (!response.ok) {
    throw bankFailure(`bank ${url}: HTTP ${response.status}`, 'data.error.http', { url, status: String(response.status) });
  }
  const type = (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json' && !type.endsWith('+json')) {
    response.body?.cancel();
    throw bankFailure(
      `bank ${url}: served as ${type || 'no content type'}, not application/json`,
      'data.error.not_json',
      { url, type: type || '?' },
    );
  }
  const limit = String(MAX_BANK_BYTES / 1048576);
  const tooLarge = () => bankFailure(`bank ${url}: larger than ${limit} MB`, 'data.error.too_large', { url, limit });
  if (Number(response.headers.get('content-length')) > MAX_BANK_BYTES) {
    response.body?.cancel();
    throw tooLarge();
  }
  const reader = response.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > MAX_BANK_BYTES) {
      reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return new TextDecoder().decode(bytes);
}

export class OpenFemAssessment extends HTMLElement {
  static observedAttributes = ATTRIBUTES;

  #handle = null;
  #generation = 0;
  #started = false;
  /** Attributes changed while the element was off the page: re-mount when it comes back. */
  #stale = false;
  #staleDraft = false;
  #resolveReady;
  #sheet;
  /** The promise `dispose()` returned (null until it is called). */
  #disposed = null;
  /** The mounted widget's draft is loaded: the methods work (else they throw or queue). */
  #live = false;
  /** `setAnswers` / `reset` called before ready: applied once the draft is loaded. */
  #queued = null;
  /** The view was freed because the element left the page (`resume` shows it again). */
  #suspended = false;
  /** This element's own storage key when it has no `draft` attribute (kept while it lives). */
  #ownKey = null;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    this.#sheet = document.createElement('link');
    this.#sheet.rel = 'stylesheet';
    this.#sheet.href = CSS_URL.href;
    root.append(this.#sheet);
    /** Resolves when the widget is mounted (and again after each re-mount). */
    this.ready = new Promise((resolve) => (this.#resolveReady = resolve));
  }

  connectedCallback() {
    if (this.#disposed) return; // freed for good: stays empty
    if (!this.#started) {
      this.#started = true;
      this.#mount();
    } else if (this.#stale && this.#handle) {
      this.#remount(this.#staleDraft);
    } else {
      // Back on the page after being removed: the view again, on the state it kept, and the
      // page told where it stands (as at every mount). A move within one task changed nothing.
      const suspended = this.#suspended;
      this.#suspended = false;
      this.#handle?.resume();
      if (suspended && this.#live) {
        this.#emit('openfem-ready', { draft: this.#draftKey() });
        if (this.#live) this.#emit('openfem-score', this.#handle.getScore());
      }
    }
  }

  disconnectedCallback() {
    // Moved by the page (removed and inserted again in the same task), the widget moves with the
    // shadow root. Removed: what is pending is saved and the view (DOM, components) is freed; the
    // answers and the JS API stay, and the view comes back if the element is put back.
    setTimeout(() => {
      if (!this.isConnected && this.#handle) {
        this.#handle.suspend();
        this.#suspended = true;
      }
    }, 0);
  }

  attributeChangedCallback(name, oldValue, newValue) {
    // `theme` is pure CSS (:host([theme="dark"])); the others re-mount the widget, keeping the
    // answers entered unless the draft key itself changed.
    if (name === 'theme' || oldValue === newValue || !this.#handle) return;
    if (this.#disposed) return;
    // A new language: shown in place, keeping answers, focus and scroll (no re-mount).
    if (name === 'locale' && newValue) {
      this.#handle.setLocale(newValue);
      return;
    }
    if (!this.isConnected) {
      this.#stale = true;
      this.#staleDraft ||= name === 'draft';
      return;
    }
    this.#remount(name === 'draft');
  }

  #remount(newDraft) {
    this.#stale = false;
    this.#staleDraft = false;
    // Answers carried over (the same draft): what was entered, or what is still queued.
    const keep = newDraft ? null : (this.#queued ?? this.#answersText());
    if (newDraft && this.#queued) {
      this.#error('answers', 'The answers set before the widget was ready were not applied: the draft changed before it loaded.', 'draft_changed');
    }
    this.#queued = keep;
    this.#unmount();
    // A page still awaiting the previous `ready` hears of this mount too.
    const previous = this.#resolveReady;
    this.ready = new Promise((resolve) => (this.#resolveReady = () => { previous(); resolve(); }));
    this.#mount();
  }

  /** The current answers document as JSON, or null (not loaded yet, or no bank). */
  #answersText() {
    try {
      return this.#live ? JSON.stringify(this.#handle.getAnswers()) : null;
    } catch {
      return null;
    }
  }

  /**
   * The storage key of an element without a `draft` attribute: its own, so that two elements
   * never share answers. The page's path (hashed) and the element's `id` when it is a valid key
   * part, else its position among the draft-less elements of its document (or shadow root);
   * stable across reloads of the same page. Portals give `draft` instead (docs/embedding.md).
   */
  #draftKey() {
    const draft = this.getAttribute('draft');
    if (draft !== null) return draft;
    if (!this.#ownKey) {
      const page = hash(location.pathname);
      let who;
      if (KEY_ID.test(this.id)) {
        who = `id-${this.id}`;
      } else {
        const root = this.getRootNode();
        const peers = [...(root.querySelectorAll?.('openfem-assessment:not([draft])') ?? [])]
          .filter((el) => !KEY_ID.test(el.id));
        who = `n${Math.max(peers.indexOf(this), 0) + 1}`;
      }
      this.#ownKey = `page.${page}.${who}`;
    }
    return this.#ownKey;
  }

  /** Frees the current widget (view and state, after saving) and forgets it. */
  #unmount() {
    const handle = this.#handle;
    this.#handle = null;
    this.#live = false;
    this.#suspended = false;
    return handle ? handle.dispose() : Promise.resolve();
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true, detail }));
  }

  /** `openfem-error`: `code` stable, `message` in the widget's language when it is mounted
   * (`embed.error.<key>` with `{reason}`), else the English given (the wasm did not load). */
  #error(code, english, key = null, reason = '') {
    let detail = { code, message: english, lang: 'en' };
    if (key && this.#handle) {
      try {
        detail = this.#handle.errorDetail(code, key, reason);
      } catch {
        // a handle being freed: English
      }
    }
    this.#emit('openfem-error', detail);
  }

  async #mount() {
    const generation = ++this.#generation;
    const sheetLoaded = this.#sheet.sheet
      ? Promise.resolve()
      : new Promise((resolve) => {
        this.#sheet.addEventListener('load', resolve, { once: true });
        this.#sheet.addEventListener('error', resolve, { once: true });
      });
    // Without a `bank` URL, the built-in bank downloads beside the wasm.
    const builtin = this.getAttribute('bank') ? null : loadBank();
    try {
      await Promise.all([loadWasm(), sheetLoaded]);
    } catch (err) {
      if (generation === this.#generation) this.#error('load', String(err?.message ?? err));
      return; // without the wasm module nothing can run
    }
    // A bank that cannot be fetched is reported by the widget (an `openfem-error` with code
    // "bank" and the message in place of the questions), like a bank the core refuses.
    let checkedBank;
    let bankError;
    let bankErrorKey;
    let bankErrorArgs;
    let bankErrorBuiltin = false;
    const bank = this.getAttribute('bank');
    if (!bank) {
      try {
        await (builtin ?? loadBank());
      } catch (err) {
        bankError = String(err?.message ?? err);
        bankErrorBuiltin = true; // the widget knows why, in its language
      }
    } else {
      try {
        // Read and checked by the wasm's bank checker (a part of its own, fetched only for a
        // `bank` URL): a bank it refuses is said by the widget like one that cannot be fetched.
        checkedBank = await checkBank(await fetchBank(bank));
      } catch (err) {
        bankError = String(err?.message ?? err);
        bankErrorKey = err?.openfem?.key;
        bankErrorArgs = err?.openfem?.args;
      }
    }
    if (generation !== this.#generation) {
      checkedBank?.free();
      return;
    }
    const options = {
      locale: this.getAttribute('locale') ?? undefined,
      bankError,
      bankErrorKey,
      bankErrorArgs,
      bankErrorBuiltin,
      draft: this.#draftKey(),
      readonly: this.hasAttribute('readonly'),
      sections: this.getAttribute('sections') ?? undefined,
      label: this.getAttribute('label') ?? undefined,
      chrome: this.getAttribute('chrome') ?? undefined,
    };
    const handle = mount_widget(this.shadowRoot, this, options, checkedBank);
    this.#handle = handle;
    if (!this.isConnected) handle.suspend(); // removed while it loaded
    // Ready once the widget's draft is loaded from browser storage (IndexedDB, asynchronous).
    while (!handle.isReady()) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      if (this.#handle !== handle) return;
    }
    let refused = false;
    try {
      handle.checkMounted();
    } catch {
      // Refused (bank or draft key): its `openfem-error` said why; no ready or score event.
      refused = true;
    }
    // The API's part: meanwhile the widget is there and answering works; the page's calls wait
    // for `ready`. If it cannot be downloaded, the page hears it once and it is asked for again.
    let said = false;
    while (!refused) {
      try {
        await loadApi();
        break;
      } catch (err) {
        if (!said) this.#error('load', String(err?.message ?? err));
        said = true;
        await new Promise((resolve) => setTimeout(resolve, API_RETRY_MS));
      }
      if (this.#handle !== handle) return;
    }
    if (this.#handle !== handle) return;
    let score = refused ? null : handle.getScore();
    if (score) {
      this.#live = true;
      // What was set before the draft loaded (or carried over a re-mount) replaces it now.
      const queued = this.#queued;
      this.#queued = null;
      if (queued !== null) {
        try {
          if (queued === RESET) handle.reset();
          else handle.setAnswers(queued);
          score = handle.getScore();
        } catch (err) {
          const reason = String(err?.localized ?? err?.message ?? err);
          this.#error('answers', `The answers set before the widget was ready were not applied (the saved draft is kept): ${reason}`, 'answers', reason);
        }
      }
      // Every mount tells the page where it stands: ready, then the current score (the score
      // events of the draft loading were held back until now).
      handle.setLive();
      this.#emit('openfem-ready', { draft: options.draft });
      if (this.#handle !== handle) return; // disposed or re-mounted by a listener
      this.#emit('openfem-score', score);
    }
    this.#resolveReady();
  }

  #api() {
    if (this.#disposed) throw new Error('<openfem-assessment> was disposed: its state is freed');
    if (!this.#handle) throw new Error(NOT_READY);
    if (!this.#live) {
      if (this.#handle.isReady()) this.#handle.checkMounted(); // refused (bank, draft key): throws why
      throw new Error(NOT_READY);
    }
    return this.#handle;
  }

  /** Before ready, keeps the last `setAnswers`/`reset` to apply once the draft is loaded. */
  #queue(what) {
    if (this.#disposed) throw new Error('<openfem-assessment> was disposed: its state is freed');
    if (this.#live) return false;
    if (this.#handle?.isReady()) this.#handle.checkMounted(); // refused (bank, draft key): throws why
    this.#queued = what;
    return true;
  }

  /**
   * Frees the widget for good: saves what is pending, then frees its view and its state (the
   * answers, the drafts store, its listeners). Resolves once all is freed and saved; calling it
   * again returns the same promise. Afterwards the methods throw, `ready` is resolved, and the
   * element stays empty (put on the page again, it shows nothing). A removed element that is
   * not disposed keeps its state (its methods work, put back it shows it again).
   */
  dispose() {
    if (this.#disposed) return this.#disposed;
    this.#generation++; // a mount under way stops
    if (this.#queued !== null) {
      this.#error('answers', 'The answers set before the widget was ready were not applied: the widget was removed first.', 'disposed');
      this.#queued = null;
    }
    this.#disposed = this.#unmount();
    this.#resolveReady();
    return this.#disposed;
  }

  /** The answers document (format "openfem-answers"): what `openfem score` reads. */
  getAnswers() { return this.#api().getAnswers(); }
  /**
   * Replaces every answer; throws (changing nothing) when the document does not fit the bank.
   * Before `ready` the document is kept and applied once the draft is loaded (replacing it); if
   * it then does not fit, an `openfem-error` with code "answers" says so and the draft is kept.
   */
  setAnswers(doc) {
    if (this.#queue(typeof doc === 'string' ? doc : JSON.stringify(doc))) return;
    this.#api().setAnswers(doc);
  }
  /** The core's score document for the current answers. */
  getScore() { return this.#api().getScore(); }
  /** Clears every answer (and the saved draft). */
  reset() {
    if (this.#queue(RESET)) return;
    this.#api().reset();
  }
  /** `{ valid, complete, errors, missing }`. */
  validate() { return this.#api().validate(); }
}

if (!customElements.get('openfem-assessment')) {
  customElements.define('openfem-assessment', OpenFemAssessment);
}
