//! Answers in and out: the answers JSON (export; import as a new draft or into the open one,
//! after confirmation), the CSV for spreadsheets, and "start next year from an export".
//! The JSON is the core's answers document, so `openfem score FILE` scores it the same way.
//! An import is checked in full (size, JSON, shape, Ref IDs, value types, format version)
//! before anything is touched: a bad file leaves the stored draft exactly as it was.

use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use wasm_bindgen::JsCast;

use super::action;
use super::config::Config;
use super::drafts::{self, persist};
use super::i18n::{t, tf};
use super::report;
use super::state::{ctx, Ctx, Notice};
use crate::core::draft::{roll_forward, IMPORT_LIMIT_BYTES};
use crate::core::export::answers_csv;
use crate::core::AnswersDoc;

/// The answers document as pretty JSON, with the data checks dismissed and their notes.
fn export_json(p: drafts::Persist) -> String {
    p.answers_doc().to_json_pretty()
}

/// A safe file name part from the draft's name.
fn file_stem(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    let s = s.trim_matches('-').to_lowercase();
    if s.is_empty() {
        "answers".into()
    } else {
        s
    }
}

/// How long a download's object URL is kept: the browser starts reading it after the click
/// returns (revoked at once, a slow browser may save an empty or failed file).
const DOWNLOAD_URL_LIFETIME_MS: i32 = 60_000;

pub(crate) fn download(name: &str, mime: &str, text: &str) -> Result<(), wasm_bindgen::JsValue> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    download_blob(name, &blob)
}

/// Downloads `blob` as the file `name`.
pub(crate) fn download_blob(name: &str, blob: &web_sys::Blob) -> Result<(), wasm_bindgen::JsValue> {
    let url = web_sys::Url::create_object_url_with_blob(blob)?;
    let a: web_sys::HtmlAnchorElement = document().create_element("a")?.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        _ = web_sys::Url::revoke_object_url(&url);
    });
    window().set_timeout_with_callback_and_timeout_and_arguments_0(
        revoke.unchecked_ref(),
        DOWNLOAD_URL_LIFETIME_MS,
    )?;
    Ok(())
}

/// What an export button saves.
#[derive(Clone, Copy)]
pub(crate) enum Export {
    /// The answers JSON (also offered by the storage warning and the export reminder).
    Answers,
    /// The answers as CSV.
    Csv,
    /// The latest posted package.
    Package,
    /// The latest posted package and its evidence files in one ZIP.
    Bundle,
}

/// Saves `what`, once the export's code has arrived (a deferred part, fetched on the first
/// export); when it cannot be fetched, the notice says so and nothing was saved.
fn start_export(what: Export, c: Ctx, p: drafts::Persist, postings: super::posting::Postings) {
    action::run(export(what, c, p, postings), say_failed(c));
}

/// Saves `what` (`start_export`, in the deferred part).
fn save(what: Export, c: Ctx, p: drafts::Persist, postings: super::posting::Postings) {
    let latest = || postings.versions.with_untracked(|v| v.last().cloned());
    match what {
        Export::Answers => export_answers(c, p),
        Export::Csv => export_csv(c, p),
        Export::Package => {
            if let Some(package) = latest() {
                export_package(p, &package);
            }
        }
        Export::Bundle => {
            if let Some(package) = latest() {
                export_bundle(c, p, &package);
            }
        }
    }
}

/// The exports: the answers JSON and CSV, the latest posted package, its evidence bundle (ZIP).
#[wasm_split(export, wasm_split_path = ::leptos::wasm_split, fallible)]
pub(crate) fn export(
    what: Export,
    c: Ctx,
    p: drafts::Persist,
    postings: super::posting::Postings,
) -> Result<action::Work, SplitLoaderError> {
    Ok(Box::pin(async move { save(what, c, p, postings) }))
}

/// Downloads the answers JSON.
fn export_answers(c: Ctx, p: drafts::Persist) {
    let name = format!(
        "openfem-{}-{}.json",
        c.bank().id,
        file_stem(&super::drafts::shown_name(&p.name.get_untracked()))
    );
    match download(&name, "application/json", &export_json(p)) {
        Ok(()) => p.exported(),
        Err(e) => leptos::logging::error!("export failed: {e:?}"),
    }
}

/// Downloads a posted package (`.ofem.json`, `docs/package-format.md`).
pub(crate) fn export_package(p: drafts::Persist, package: &crate::core::posting::Package) {
    let name = super::posting::file_name(&file_stem(&p.name.get_untracked()), package);
    if let Err(e) = download(&name, "application/json", &package.to_json_pretty()) {
        leptos::logging::error!("export failed: {e:?}");
    }
}

/// Downloads the evidence bundle of a posted package (`evidence::bundle`), or says why it
/// could not.
fn export_bundle(c: Ctx, p: drafts::Persist, package: &crate::core::posting::Package) {
    let name = super::posting::file_name(&file_stem(&p.name.get_untracked()), package);
    let made = super::evidence::bundle(&name, package)
        .and_then(|(name, zip)| download_blob(&name, &zip).map_err(|e| format!("{e:?}")));
    if let Err(why) = made {
        c.notice.set(Some(Notice {
            text: why,
            error: true,
        }));
    }
}

/// Opens a package file read-only (a brand's view), or says why it cannot.
/// `postings` is passed in: the task does not run under the widget's owner.
async fn open_package_file(c: Ctx, postings: super::posting::Postings, file: web_sys::File) {
    let opened = match read_file(&file).await {
        Ok(text) => postings.open(&text),
        Err(e) => Err(e),
    };
    match opened {
        Ok(()) => c.notice.set(None),
        Err(e) => c.notice.set(Some(Notice {
            text: tf("posting.open_error", &[("error", &e)]),
            error: true,
        })),
    }
}

/// Opening a package file (posted or verified): reading and checking it.
#[wasm_split(open_package, wasm_split_path = ::leptos::wasm_split, fallible)]
pub(crate) fn open_package(
    c: Ctx,
    postings: super::posting::Postings,
    file: web_sys::File,
) -> Result<action::Work, SplitLoaderError> {
    Ok(Box::pin(open_package_file(c, postings, file)))
}

fn export_csv(c: Ctx, p: drafts::Persist) {
    let csv = c.answers.with_untracked(|a| {
        c.assessment
            .with_untracked(|s| answers_csv(&c.bank(), a, s))
    });
    let name = format!(
        "openfem-{}-{}.csv",
        c.bank().id,
        file_stem(&super::drafts::shown_name(&p.name.get_untracked()))
    );
    if let Err(e) = download(&name, "text/csv", &csv) {
        leptos::logging::error!("export failed: {e:?}");
    }
}

/// Reads a picked file's text, refusing one over the import limit before reading it.
async fn read_file(file: &web_sys::File) -> Result<String, String> {
    if file.size() > IMPORT_LIMIT_BYTES as f64 {
        return Err(tf(
            "import.too_large",
            &[
                ("size", &super::i18n::format_number(file.size() / 1e6, 1, 1)),
                ("limit", &(IMPORT_LIMIT_BYTES / 1_000_000)),
            ],
        ));
    }
    wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .ok()
        .and_then(|v| v.as_string())
        .ok_or_else(|| t("import.unreadable"))
}

/// Checks an answers file; a good one waits for the user's choice (replace or new draft), with
/// the focus on its first button. `config` is passed in: neither this task nor the animation
/// frame runs under the widget's owner, so `config()` would not find an embedded widget's.
async fn import_file(
    c: Ctx,
    config: Config,
    pending: RwSignal<Option<AnswersDoc>>,
    file: web_sys::File,
) {
    pending.set(None);
    let checked = match read_file(&file).await {
        Ok(text) => AnswersDoc::parse(&text, &c.bank()).map_err(|e| answer_error(&e)),
        Err(e) => Err(e),
    };
    match checked {
        Ok(doc) => {
            c.notice.set(Some(Notice {
                text: tf("import.ready", &[("count", &doc.answers.len())]),
                error: false,
            }));
            pending.set(Some(doc));
            request_animation_frame(move || focus_in(&config, "ofem-import-replace"));
        }
        Err(e) => c.notice.set(Some(Notice {
            text: tf("actions.import_error", &[("error", &e)]),
            error: true,
        })),
    }
}

/// Says in the notice that an action's code could not be fetched (`action::run`).
fn say_failed(c: Ctx) -> impl FnOnce(String) + 'static {
    move |text| c.notice.set(Some(Notice { text, error: true }))
}

/// Why an answers file was refused, in the widget's language, with the JSON path it names.
pub(crate) fn answer_error(e: &crate::core::answers::AnswerError) -> String {
    format!("{}: {}", e.path, super::i18n::message(&e.why))
}

/// Last year's export → a new draft with the answers the bank carries over.
pub(super) async fn roll_forward_file(c: Ctx, p: drafts::Persist, file: web_sys::File) {
    let checked = match read_file(&file).await {
        Ok(text) => AnswersDoc::parse_envelope(&text, &c.bank()).map_err(|e| answer_error(&e)),
        Err(e) => Err(e),
    };
    match checked {
        Ok(doc) => {
            let answers = roll_forward(&doc, &c.bank());
            let n = answers.len();
            p.create(t("drafts.next_year_name"), answers);
            c.notice.set(Some(Notice {
                text: tf("import.rolled_forward", &[("count", &n)]),
                error: false,
            }));
        }
        Err(e) => c.notice.set(Some(Notice {
            text: tf("actions.import_error", &[("error", &e)]),
            error: true,
        })),
    }
}

/// The header's drafts and file actions: in the part that follows the first question
/// (`ui::deferred`), since nothing in them is needed to answer it.
#[wasm_split(after_first_question, wasm_split_path = ::leptos::wasm_split, fallible)]
pub(crate) fn file_actions() -> super::part::Part {
    Ok(view! { <FileActions /> }.into_any())
}

/// Drafts, export and import buttons, the save status and the notice about the last operation.
#[component]
fn FileActions() -> impl IntoView {
    let c = ctx();
    let p = persist();
    let config = super::config::config();
    let readonly = config.readonly;
    let chrome = config.chrome;
    let picker = NodeRef::<leptos::html::Input>::new();
    let roll_picker = NodeRef::<leptos::html::Input>::new();
    let package_picker = NodeRef::<leptos::html::Input>::new();
    let postings = super::posting::postings();
    let review_download = Callback::new(|(name, text): (String, String)| {
        download(&name, "application/json", &text).is_ok()
    });
    let on_package = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            action::run(open_package(c, postings, file), say_failed(c));
        }
        input.set_value("");
    };
    let pending = RwSignal::new(None::<AnswersDoc>);
    let report_open = RwSignal::new(false);
    let on_pick = {
        let config = config.clone();
        move |ev: leptos::ev::Event| {
            let input: web_sys::HtmlInputElement = event_target(&ev);
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                leptos::task::spawn_local(super::i18n::in_widget_language(import_file(
                    c,
                    config.clone(),
                    pending,
                    file,
                )));
            }
            input.set_value("");
        }
    };
    let on_roll = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            leptos::task::spawn_local(super::i18n::in_widget_language(roll_forward_file(
                c, p, file,
            )));
        }
        input.set_value("");
    };
    // Confirming or cancelling removes the confirmation with the button just clicked, and a
    // focused element that disappears drops focus to <body> (outside the widget when embedded):
    // focus goes back to Import first, and the notice (role="status") tells what happened.
    let back_to_import = {
        let config = config.clone();
        move || focus_in(&config, "ofem-import-button")
    };
    let replace = {
        let back = back_to_import.clone();
        move |_| {
            back();
            if let Some(doc) = pending.get_untracked() {
                let n = doc.answers.len();
                p.replace_dismissals(doc.dismissed_checks);
                c.answers.set(doc.answers);
                c.notice.set(Some(Notice {
                    text: tf("actions.imported", &[("count", &n)]),
                    error: false,
                }));
            }
            pending.set(None);
        }
    };
    let as_new = {
        let back = back_to_import.clone();
        move |_| {
            back();
            if let Some(doc) = pending.get_untracked() {
                let n = doc.answers.len();
                p.create_with(t("drafts.imported_name"), doc.answers, doc.dismissed_checks);
                c.notice.set(Some(Notice {
                    text: tf("import.as_new_done", &[("count", &n)]),
                    error: false,
                }));
            }
            pending.set(None);
        }
    };
    let cancel = move |_| {
        back_to_import();
        pending.set(None);
    };
    let click = |r: NodeRef<leptos::html::Input>| {
        move |_| {
            if let Some(input) = r.get() {
                input.click();
            }
        }
    };
    let menu_open = RwSignal::new(false);
    let toggle_menu = {
        let config = config.clone();
        move |_| {
            let open = !menu_open.get_untracked();
            menu_open.set(open);
            if open {
                // Into the menu: its first control.
                let config = config.clone();
                request_animation_frame(move || {
                    let first = config
                        .element_by_id("ofem-menu")
                        .and_then(|m| {
                            m.query_selector("button:not([hidden]), input:not([hidden]), select")
                                .ok()
                                .flatten()
                        })
                        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
                    if let Some(first) = first {
                        _ = first.focus();
                    }
                });
            }
        }
    };
    // Escape closes the menu (when it is folded) and returns focus to its button.
    let menu_keys = {
        let config = config.clone();
        move |ev: web_sys::KeyboardEvent| {
            if ev.key() == "Escape" && menu_open.get_untracked() {
                ev.stop_propagation();
                menu_open.set(false);
                focus_in(&config, "ofem-menu-toggle");
            }
        }
    };
    view! {
        <div class="ofem-files">
            // On a narrow screen drafts and files fold into one menu behind this disclosure
            // button, so that the first question shows on load (wide screens: button hidden,
            // menu always shown; www/styles.css).
            <button
                type="button"
                class="ofem-menu-toggle"
                id="ofem-menu-toggle"
                aria-expanded=move || menu_open.get().to_string()
                aria-controls="ofem-menu"
                hidden=!chrome.drafts && !chrome.files
                on:click=toggle_menu
            >
                {t("menu.toggle")}
            </button>
            <div class="ofem-menu" id="ofem-menu" class:open=move || menu_open.get() on:keydown=menu_keys>
            <drafts::DraftBar />
            // Not `hidden`: the group's `display: flex` would show it anyway.
            <div class="ofem-actions" role="group" aria-label=t("actions.label") class:ofem-off=!chrome.files>
                <button type="button" id="ofem-export" on:click=move |_| start_export(Export::Answers, c, p, postings)>
                    {t("actions.export")}
                </button>
                <button type="button" id="ofem-export-csv" on:click=move |_| start_export(Export::Csv, c, p, postings)>
                    {t("actions.export_csv")}
                </button>
                <button
                    type="button"
                    id="ofem-export-package"
                    hidden=move || postings.versions.with(Vec::is_empty)
                    on:click=move |_| start_export(Export::Package, c, p, postings)
                >
                    {t("posting.export")}
                </button>
                <button
                    type="button"
                    id="ofem-export-bundle"
                    hidden=move || postings.versions.with(Vec::is_empty)
                    on:click=move |_| start_export(Export::Bundle, c, p, postings)
                >
                    {t("evidence.export_bundle")}
                </button>
                <button type="button" id="ofem-open-package-button" on:click=click(package_picker)>
                    {t("posting.open")}
                </button>
                // A posted version is never replaced by an import.
                <button type="button" id="ofem-import-button" hidden=move || readonly || postings.locked() on:click=click(picker)>
                    {t("actions.import")}
                </button>
                // Rolling forward opens a new draft: only with the drafts manager to return.
                <button
                    type="button"
                    id="ofem-roll-button"
                    hidden=readonly || !chrome.drafts
                    on:click=click(roll_picker)
                >
                    {t("actions.roll_forward")}
                </button>
                <button
                    type="button"
                    id="ofem-report-button"
                    aria-expanded=move || report_open.get().to_string()
                    on:click=move |_| {
                        report::set_open(
                            report_open,
                            !report_open.get_untracked(),
                            config.embed.is_none(),
                        );
                    }
                >
                    {t("actions.report")}
                </button>
                <input
                    type="file"
                    id="ofem-import"
                    accept=".json,application/json"
                    hidden
                    tabindex="-1"
                    aria-hidden="true"
                    node_ref=picker
                    on:change=on_pick
                />
                <input
                    type="file"
                    id="ofem-open-package"
                    accept=".json,application/json"
                    hidden
                    tabindex="-1"
                    aria-hidden="true"
                    node_ref=package_picker
                    on:change=on_package
                />
                <input
                    type="file"
                    id="ofem-roll-forward"
                    accept=".json,application/json"
                    hidden
                    tabindex="-1"
                    aria-hidden="true"
                    node_ref=roll_picker
                    on:change=on_roll
                />
            </div>
            </div>
            <Show when=move || pending.with(Option::is_some)>
                <div class="ofem-confirm" id="ofem-import-confirm" role="group" aria-label=t("import.confirm_label")>
                    <p>
                        {move || {
                            tf(
                                "import.confirm",
                                &[
                                    ("count", &pending.with(|d| d.as_ref().map_or(0, |d| d.answers.len()))),
                                    ("name", &super::drafts::shown_name(&p.name.get())),
                                ],
                            )
                        }}
                    </p>
                    <button type="button" id="ofem-import-replace" on:click=replace.clone()>
                        {move || tf("import.replace", &[("name", &super::drafts::shown_name(&p.name.get()))])}
                    </button>
                    <button
                        type="button"
                        id="ofem-import-new"
                        hidden=!chrome.drafts
                        on:click=as_new.clone()
                    >
                        {t("import.as_new")}
                    </button>
                    <button type="button" id="ofem-import-cancel" on:click=cancel.clone()>
                        {t("drafts.cancel")}
                    </button>
                </div>
            </Show>
            // A package opened to read, and under it the verifier's review of it.
            <Show when=move || postings.opened.with(Option::is_some)>
                <super::part::Deferred load=super::deferred::opened_package />
                <super::part::Deferred load=move || super::deferred::review(review_download) />
            </Show>
            <Show when=move || postings.verified.with(Option::is_some)>
                <super::part::Deferred load=super::deferred::verified_package />
            </Show>
            <drafts::StorageWarning on_export=Callback::new(move |_| start_export(Export::Answers, c, p, postings)) />
            <drafts::ExportReminder on_export=Callback::new(move |_| start_export(Export::Answers, c, p, postings)) />
            <p
                class="ofem-notice"
                id="ofem-notice"
                class:error=move || c.notice.with(|n| n.as_ref().is_some_and(|n| n.error))
                role="status"
            >
                {move || c.notice.with(|n| n.as_ref().map(|n| n.text.clone()))}
            </p>
            <drafts::SetAsidePanel />
            <UpdatePrompt />
            <Show when=move || report_open.get()>
                <super::part::Deferred load=move || super::deferred::report(report_open) />
            </Show>
        </div>
    }
}

/// Focuses an element of this widget (within its shadow root when embedded).
fn focus_in(config: &Config, id: &str) {
    if let Some(el) = config
        .element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        _ = el.focus();
    }
}

/// "A new version is ready": shown when `www/boot.js` reports a waiting service worker; the new
/// version activates (and the page reloads) only when the user clicks Reload.
#[component]
fn UpdatePrompt() -> impl IntoView {
    let p = persist();
    let ready = RwSignal::new(
        js_sys::Reflect::get(&window(), &"openfemUpdateReady".into())
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
    );
    let handle = window_event_listener(
        leptos::ev::Custom::<leptos::ev::Event>::new("openfem:update-ready"),
        move |_| ready.set(true),
    );
    on_cleanup(move || handle.remove());
    let reload = move |_| {
        // Save first: the flush on pagehide also runs, and the journal holds the last change.
        p.flush();
        if let Ok(ev) = web_sys::Event::new("openfem:update-accept") {
            _ = window().dispatch_event(&ev);
        }
    };
    view! {
        <Show when=move || ready.get()>
            <div class="ofem-update" id="ofem-update" role="status">
                <p>{t("update.ready")}</p>
                <button type="button" id="ofem-update-reload" on:click=reload>
                    {t("update.reload")}
                </button>
                <button type="button" id="ofem-update-later" on:click=move |_| ready.set(false)>
                    {t("update.later")}
                </button>
            </div>
        </Show>
    }
}
