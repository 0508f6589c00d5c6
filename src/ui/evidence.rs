//! Evidence files (`docs/evidence.md`): the "Attach evidence" control of each scored question,
//! the files of the open draft (kept in IndexedDB beside it, `store::Db::evidence*`), the
//! readiness view of a section, and the bundle export (the posted package and its files in one
//! ZIP, laid out by `core::bundle` and assembled as a `Blob`: the files never pass through the
//! wasm on the way out). Types, limits and readiness are the core's (`core::evidence`).

use std::collections::HashMap;

use super::drafts::{persist, Persist};
use super::i18n::{message, t, tf};
use super::names::question_number;
use super::state::ctx;
use crate::core::evidence::{
    accept_attribute, check_new, fmt_size, readiness, Attachment, MAX_FILE_BYTES, MAX_TOTAL_BYTES,
};
use crate::core::posting::Package;
use crate::zip::Part;
use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};

/// What was last said about a question's files: (Ref ID, text, is an error).
type Said = Option<(String, String, bool)>;

type Channel = (
    web_sys::BroadcastChannel,
    wasm_bindgen::closure::Closure<dyn Fn(web_sys::MessageEvent)>,
);

/// The open draft's evidence files, in the context.
#[derive(Clone, Copy)]
pub(crate) struct Evidence {
    pub attached: RwSignal<Vec<Attachment>>,
    /// Each file's bytes, by attachment id (as stored).
    blobs: StoredValue<HashMap<String, web_sys::Blob>, LocalStorage>,
    said: RwSignal<Said>,
    /// The draft the files belong to.
    draft: RwSignal<String>,
    /// Tells the other tabs of the namespace that a draft's files changed (`<namespace>:evidence`),
    /// with its message handler.
    channel: StoredValue<Option<Channel>, LocalStorage>,
}

pub(crate) fn evidence() -> Evidence {
    expect_context::<Evidence>()
}

/// Provides the evidence of the open draft and follows it; removes the files of drafts
/// deleted once their Undo is no longer offered.
pub(crate) fn attach(persist: Persist) -> Evidence {
    let e = Evidence {
        attached: RwSignal::new(Vec::new()),
        blobs: StoredValue::new_local(HashMap::new()),
        said: RwSignal::new(None),
        draft: RwSignal::new(String::new()),
        channel: StoredValue::new_local(None),
    };
    provide_context(e);
    // Another tab attached or removed a file of the draft open here: this tab reads its files
    // again, so a posting here lists them too.
    let namespace = super::config::config().namespace;
    if let Ok(channel) = web_sys::BroadcastChannel::new(&format!("{namespace}:evidence")) {
        let on_message = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::MessageEvent)>::new(
            move |ev: web_sys::MessageEvent| {
                let draft = ev.data().as_string().unwrap_or_default();
                if persist.current_id.try_get_untracked().as_deref() == Some(draft.as_str()) {
                    leptos::task::spawn_local(e.load(persist, draft));
                }
            },
        );
        channel.set_onmessage(Some(wasm_bindgen::JsCast::unchecked_ref(
            on_message.as_ref(),
        )));
        e.channel.set_value(Some((channel, on_message)));
        // A widget disposed closes its channel (cleanups run before the owner's values go).
        on_cleanup(move || {
            if let Some(Some((channel, _))) = e.channel.try_update_value(Option::take) {
                channel.set_onmessage(None);
                channel.close();
            }
        });
    }
    Effect::new(move |_| {
        let draft = persist.current_id.get();
        let ready = persist.ready.get();
        if draft.is_empty() || !ready {
            return;
        }
        leptos::task::spawn_local(super::i18n::in_widget_language(e.load(persist, draft)));
    });
    // A deleted draft's files stay while its Undo is offered; they go at the next page load or
    // the next delete (an Undo, which clears `deleted` before the draft is back in the list, is
    // not a moment to sweep).
    Effect::new(move |swept: Option<bool>| {
        let pending = persist.deleted.get().map(|(id, _, _)| id);
        if !persist.ready.get() {
            return false;
        }
        if swept == Some(true) && pending.is_none() {
            return true;
        }
        leptos::task::spawn_local(async move {
            let Some(db) = persist.database() else {
                return;
            };
            // The drafts as stored now (another tab may have made one since this tab listed).
            let (Ok(stored), Ok(with_files)) = (db.all().await, db.evidence_drafts().await) else {
                return;
            };
            let drafts: Vec<String> = stored.into_iter().map(|(id, _)| id).collect();
            for draft in with_files {
                if !drafts.contains(&draft) && pending.as_ref() != Some(&draft) {
                    _ = db.evidence_delete(&draft, None).await;
                }
            }
        });
        true
    });
    e
}

impl Evidence {
    async fn load(self, persist: Persist, draft: String) {
        let Some(db) = persist.database() else {
            self.draft.set(draft);
            self.attached.set(Vec::new());
            return;
        };
        let stored = db.evidence(&draft).await.unwrap_or_default();
        // Another draft opened meanwhile, or the widget disposed: nothing to show.
        if persist.current_id.try_get_untracked().as_deref() != Some(draft.as_str()) {
            return;
        }
        let mut attached = Vec::new();
        let mut blobs = HashMap::new();
        for (meta, blob) in stored {
            if let Ok(a) = serde_json::from_str::<Attachment>(&meta) {
                blobs.insert(a.id.clone(), blob);
                attached.push(a);
            }
        }
        self.blobs.set_value(blobs);
        self.draft.set(draft);
        self.attached.set(attached);
    }

    /// Attaches `files` to `question`, one after the other (`add`).
    async fn add_all(self, persist: Persist, question: String, files: Vec<web_sys::File>) {
        for file in files {
            self.add(persist, question.clone(), file).await;
        }
    }

    fn say(&self, question: &str, text: String, error: bool) {
        self.said.set(Some((question.to_string(), text, error)));
    }

    /// Checks, reads, hashes and stores one file for `question`; says what happened at the
    /// question. The answers are never touched: a refusal or a full disk leaves them as they are.
    async fn add(self, persist: Persist, question: String, file: web_sys::File) {
        let name = file.name();
        let size = file.size() as u64;
        let accepted = match self
            .attached
            .with_untracked(|a| check_new(a, &question, &name, size))
        {
            Ok(accepted) => accepted,
            Err(why) => return self.say(&question, message(&why), true),
        };
        let Some(db) = persist.database() else {
            return self.say(&question, t("evidence.no_storage"), true);
        };
        let bytes = match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
            Ok(buffer) => js_sys::Uint8Array::new(&buffer),
            Err(_) => {
                return self.say(
                    &question,
                    tf("evidence.read_failed", &[("name", &name)]),
                    true,
                )
            }
        };
        let data = bytes.to_vec();
        let attachment = Attachment {
            id: super::store::new_id(),
            question: question.clone(),
            name: accepted.name.clone(),
            media_type: accepted.media_type.to_string(),
            size: data.len() as u64,
            sha256: crate::sha256::hex(&crate::sha256::sha256(&data)),
            crc32: crate::zip::crc32(&data),
        };
        drop(data);
        // The bytes stored are the bytes hashed (not the `File`, which may change on disk).
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(accepted.media_type);
        let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(
            &js_sys::Array::of1(&bytes),
            &options,
        ) else {
            return self.say(
                &question,
                tf("evidence.read_failed", &[("name", &name)]),
                true,
            );
        };
        let draft = self.draft.get_untracked();
        let meta = serde_json::to_string(&attachment).expect("attachment serialises");
        if let Err(e) = db.evidence_put(&draft, &attachment.id, &meta, &blob).await {
            let text = if e.quota {
                tf("evidence.quota", &[("name", &name)])
            } else {
                tf(
                    "evidence.failed",
                    &[("name", &name), ("reason", &e.message)],
                )
            };
            return self.say(&question, text, true);
        }
        if self.draft.get_untracked() != draft {
            return;
        }
        self.blobs.update_value(|b| {
            b.insert(attachment.id.clone(), blob);
        });
        let said = tf(
            "evidence.attached",
            &[
                ("name", &attachment.name),
                ("size", &fmt_size(attachment.size)),
            ],
        );
        self.attached.update(|a| a.push(attachment));
        self.say(&question, said, false);
        self.tell_other_tabs(&draft);
    }

    fn tell_other_tabs(&self, draft: &str) {
        self.channel.try_with_value(|c| {
            if let Some((channel, _)) = c {
                _ = channel.post_message(&draft.into());
            }
        });
    }

    async fn remove(self, persist: Persist, attachment: Attachment) {
        let Some(db) = persist.database() else {
            return self.say(&attachment.question, t("evidence.no_storage"), true);
        };
        let draft = self.draft.get_untracked();
        if let Err(e) = db.evidence_delete(&draft, Some(&attachment.id)).await {
            let text = tf(
                "evidence.failed",
                &[("name", &attachment.name), ("reason", &e.message)],
            );
            return self.say(&attachment.question, text, true);
        }
        self.blobs.update_value(|b| {
            b.remove(&attachment.id);
        });
        self.attached
            .update(|a| a.retain(|x| x.id != attachment.id));
        self.tell_other_tabs(&draft);
        self.say(
            &attachment.question,
            tf("evidence.removed", &[("name", &attachment.name)]),
            false,
        );
    }

    /// The files of one question, in the order attached.
    pub fn of(&self, question: &str) -> Vec<Attachment> {
        self.attached.with(|a| {
            a.iter()
                .filter(|x| x.question == question)
                .cloned()
                .collect()
        })
    }

    /// What a package posted now records: every file of the draft.
    pub fn files(&self) -> Vec<crate::core::evidence::EvidenceFile> {
        self.attached
            .with_untracked(|a| a.iter().map(Attachment::file).collect())
    }
}

/// Attaching evidence files to a question: each checked, read, hashed and stored.
#[wasm_split(attach_evidence, wasm_split_path = ::leptos::wasm_split, fallible)]
pub(crate) fn attach_evidence(
    e: Evidence,
    p: Persist,
    question: String,
    files: Vec<web_sys::File>,
) -> Result<super::action::Work, SplitLoaderError> {
    Ok(Box::pin(e.add_all(p, question, files)))
}

/// The evidence views' code is in the part that follows the first question (`ui::deferred`):
/// Site Information, shown first, has no scored question.
#[wasm_split(after_first_question, wasm_split_path = ::leptos::wasm_split, fallible)]
pub(crate) fn attach_control(id: String) -> super::part::Part {
    Ok(view! { <AttachControl id=id /> }.into_any())
}

/// The readiness of a section (`Readiness`), in the same part as the controls.
#[wasm_split(after_first_question, wasm_split_path = ::leptos::wasm_split, fallible)]
pub(crate) fn readiness_view(section: String) -> super::part::Part {
    Ok(view! { <Readiness section=section /> }.into_any())
}

/// The "Attach evidence" control of one scored question: a file input (its label is the
/// button people see, reached with Tab), the files attached with Remove, what the limits are,
/// and what happened last (a refusal as an alert).
#[component]
fn AttachControl(id: String) -> impl IntoView {
    let e = evidence();
    let p = persist();
    let input_id = format!("ofem-attach-{id}");
    let limits_id = format!("ofem-attach-limits-{id}");
    let question = id.clone();
    let on_change = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let files: Vec<web_sys::File> = input
            .files()
            .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
            .unwrap_or_default();
        input.set_value("");
        if files.is_empty() {
            return;
        }
        // Reading, hashing and storing files is a deferred part, fetched on the first attach.
        let question = question.clone();
        let asked = question.clone();
        super::action::run(attach_evidence(e, p, question, files), move |text| {
            e.say(&asked, text, true)
        });
    };
    let files = {
        let id = id.clone();
        move || e.of(&id)
    };
    // What was last said here (a Memo: two views read it).
    let said = {
        let id = id.clone();
        Memo::new(move |_| e.said.get().filter(|(q, _, _)| *q == id))
    };
    view! {
        <div class="ofem-attach" data-attach=id.clone()>
            <label class="ofem-attach-label" for=input_id.clone()>{t("evidence.attach")}</label>
            <input
                type="file"
                class="ofem-attach-input"
                id=input_id
                multiple=true
                accept=accept_attribute()
                aria-describedby=limits_id.clone()
                on:change=on_change
            />
            <p class="ofem-help-text" id=limits_id>
                {tf(
                    "evidence.limits",
                    &[("file", &fmt_size(MAX_FILE_BYTES)), ("total", &fmt_size(MAX_TOTAL_BYTES))],
                )}
            </p>
            {move || {
                let list = files();
                (!list.is_empty()).then(|| view! {
                    <ul class="ofem-attach-list" aria-label=t("evidence.list_label")>
                        {list.into_iter().map(|a| {
                            let label = tf("evidence.remove", &[("name", &a.name)]);
                            let remove = a.clone();
                            view! {
                                <li data-file=a.name.clone()>
                                    <span class="ofem-attach-name">{a.name.clone()}</span>
                                    " "
                                    <span class="ofem-attach-size">{format!("({})", fmt_size(a.size))}</span>
                                    " "
                                    <button
                                        type="button"
                                        class="ofem-attach-remove"
                                        aria-label=label
                                        on:click=move |_| {
                                            let a = remove.clone();
                                            leptos::task::spawn_local(super::i18n::in_widget_language(e.remove(p, a)));
                                        }
                                    >
                                        {t("evidence.remove_short")}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })
            }}
            <p class="ofem-attach-said" aria-live="polite">
                {move || said.get().filter(|(_, _, error)| !error).map(|(_, text, _)| text)}
            </p>
            {move || said.get().filter(|(_, _, error)| *error).map(|(_, text, _)| view! {
                <p class="ofem-error ofem-attach-error" role="alert">{text}</p>
            })}
        </div>
    }
}

/// The readiness of the section shown: the questions answered Yes or Partial Yes that a
/// verifier will ask evidence for, with nothing attached, each a link to its question.
#[component]
fn Readiness(section: String) -> impl IntoView {
    let c = ctx();
    let e = evidence();
    let bank = c.bank();
    let state = {
        let (bank, section) = (bank.clone(), section.clone());
        Memo::new(move |_| {
            e.attached.with(|attached| {
                c.answers.with(|answers| {
                    c.assessment.with(|a| {
                        readiness(&bank, a, answers, attached)
                            .into_iter()
                            .find(|s| s.section == section)
                    })
                })
            })
        })
    };
    // The section's shell is built once; an answer updates the counts and adds or removes the
    // list's items (keyed by question), not the whole section.
    let counts =
        move || state.with(|s| s.as_ref().map_or((0, 0), |s| (s.missing.len(), s.expected)));
    let missing = move || state.with(|s| s.as_ref().map(|s| s.missing.clone()).unwrap_or_default());
    let summary = move || {
        let (missing, expected) = counts();
        if expected == 0 {
            t("evidence.readiness_empty")
        } else {
            tf(
                "evidence.readiness_count",
                &[("missing", &missing), ("expected", &expected)],
            )
        }
    };
    let item = move |id: String| {
        let prompt = bank
            .question(&id)
            .map(|q| q.prompt.clone())
            .unwrap_or_default();
        view! {
            <li data-ref=id.clone()>
                <a href=format!("#q-{id}")>
                    <strong>{question_number(&bank, &id)}</strong>
                    ": "
                    {prompt}
                </a>
            </li>
        }
    };
    let (id, heading) = (
        format!("ofem-readiness-{section}"),
        format!("ofem-readiness-h-{section}"),
    );
    view! {
        <Show when=move || state.with(Option::is_some)>
            <section class="ofem-readiness" id=id.clone() aria-labelledby=heading.clone()>
                <h3 id=heading.clone()>{t("evidence.readiness_title")}</h3>
                <p class="ofem-help-text">{t("evidence.readiness_intro")}</p>
                <p
                    class="ofem-readiness-summary"
                    data-missing=move || counts().0
                    data-expected=move || counts().1
                >
                    {summary}
                </p>
                <ul class="ofem-readiness-list" hidden=move || counts().0 == 0>
                    <For each=missing key=String::clone children=item.clone() />
                </ul>
            </section>
        </Show>
    }
}

/// The files of a question in the report: their names and sizes, or nothing.
pub(crate) fn report_cell(question: &str) -> Option<String> {
    let e = use_context::<Evidence>()?;
    let files = e.of(question);
    (!files.is_empty()).then(|| {
        files
            .iter()
            .map(|a| format!("{} ({})", a.name, fmt_size(a.size)))
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// The bundle of `package` as a file name (`<package name without .ofem.json>.zip`) and a
/// `Blob`: the package file and each evidence file it lists, from this browser's store. A
/// listed file no longer stored (removed in a revision) stops the export and is named.
pub(crate) fn bundle(
    package_name: &str,
    package: &Package,
) -> Result<(String, web_sys::Blob), String> {
    let e = evidence();
    let attached = e.attached.get_untracked();
    let mut chosen: Vec<&Attachment> = Vec::new();
    for listed in &package.evidence {
        let found = attached.iter().find(|a| {
            a.question == listed.question && a.name == listed.name && a.sha256 == listed.sha256
        });
        match found {
            Some(a) => chosen.push(a),
            None => return Err(tf("evidence.bundle_missing", &[("name", &listed.path())])),
        }
    }
    let json = package.to_json_pretty();
    let parts = crate::core::bundle::layout(package_name, json.as_bytes(), &chosen);
    let sequence = js_sys::Array::new();
    for part in parts {
        match part {
            Part::Bytes(bytes) => {
                sequence.push(&js_sys::Uint8Array::from(bytes.as_slice()));
            }
            Part::Entry(0) => {
                sequence.push(&js_sys::Uint8Array::from(json.as_bytes()));
            }
            Part::Entry(n) => {
                let blob = e.blobs.with_value(|b| b.get(&chosen[n - 1].id).cloned());
                let Some(blob) = blob else {
                    return Err(tf(
                        "evidence.bundle_missing",
                        &[("name", &chosen[n - 1].file().path())],
                    ));
                };
                sequence.push(&blob);
            }
        }
    }
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/zip");
    let zip = web_sys::Blob::new_with_blob_sequence_and_options(&sequence, &options)
        .map_err(|e| format!("{e:?}"))?;
    let name = format!(
        "{}.zip",
        package_name
            .strip_suffix(".ofem.json")
            .unwrap_or(package_name)
    );
    Ok((name, zip))
}
