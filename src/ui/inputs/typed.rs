//! The text of a field people type into, kept apart from the stored answer.
//!
//! The field is never rewritten while it has focus: a rewrite from the stored value moves the
//! caret, so typing `96.5` key by key once stored 596. Each keystroke is read (by the core's
//! parser, passed in) and stored at once when it reads as a valid answer, or clears the answer
//! when it does not, so the score never uses a number the field does not show. Errors appear
//! once the field has been changed and left, then follow the typing. A stored value changed
//! elsewhere (an import, another tab, a draft switch) is shown when the field is not focused.

use leptos::prelude::*;
use serde_json::Value;

pub(super) struct Typed<I, C, F, B> {
    /// What the field shows when it is written (only while it is not focused).
    display: RwSignal<String>,
    /// The error to show, if any.
    pub error: Memo<Option<String>>,
    on_input: I,
    on_change: C,
    on_focus: F,
    on_blur: B,
}

impl<I, C, F, B> Typed<I, C, F, B>
where
    I: Fn(leptos::ev::Event) + Copy + 'static,
    C: Fn(leptos::ev::Event) + Copy + 'static,
    F: Fn(leptos::ev::FocusEvent) + Copy + 'static,
    B: Fn(leptos::ev::FocusEvent) + Copy + 'static,
{
    /// The `<input>` itself, wired to the answer; `described_by` names its hint and messages.
    pub fn input(
        &self,
        input_id: String,
        label: Option<String>,
        inputmode: &'static str,
        class: &'static str,
        described_by: String,
    ) -> impl IntoView {
        let (display, error) = (self.display, self.error);
        view! {
            <input
                type="text"
                id=input_id
                aria-label=label
                inputmode=inputmode
                autocomplete="off"
                spellcheck="false"
                class=class
                prop:value=move || display.get()
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described_by
                on:input=self.on_input
                on:change=self.on_change
                on:focus=self.on_focus
                on:blur=self.on_blur
            />
        }
    }
}

/// Wires a text field to an answer: `show` writes a stored value as text, `read` reads the
/// typed text as a value (`Ok(None)` for empty) or says why it cannot.
#[allow(clippy::type_complexity)]
pub(super) fn typed_input(
    value: Signal<Option<Value>>,
    set: Callback<Value>,
    show: impl Fn(&Value) -> String + Copy + Send + Sync + 'static,
    read: impl Fn(&str) -> Result<Option<Value>, String> + Copy + Send + Sync + 'static,
) -> Typed<
    impl Fn(leptos::ev::Event) + Copy + 'static,
    impl Fn(leptos::ev::Event) + Copy + 'static,
    impl Fn(leptos::ev::FocusEvent) + Copy + 'static,
    impl Fn(leptos::ev::FocusEvent) + Copy + 'static,
> {
    let text_of = move |v: &Option<Value>| v.as_ref().map(show).unwrap_or_default();
    let display = RwSignal::new(value.with_untracked(text_of));
    let typed = RwSignal::new(display.get_untracked());
    let focused = RwSignal::new(false);
    let left_once = RwSignal::new(false);
    // The value this field stored last: a different one came from elsewhere.
    let last = StoredValue::new(value.get_untracked());
    let sync = move || {
        let v = value.get_untracked();
        if last.with_value(|l| *l != v) {
            last.set_value(v.clone());
            let text = text_of(&v);
            typed.set(text.clone());
            display.set(text);
            left_once.set(false);
        }
    };
    Effect::new(move |_| {
        value.track();
        if !focused.get_untracked() {
            sync();
        }
    });
    let error = Memo::new(move |_| {
        if !left_once.get() {
            return None;
        }
        typed.with(|t| read(t).err())
    });
    let store = move |text: String| {
        let v = read(&text).ok().flatten();
        typed.set(text);
        last.set_value(v.clone());
        set.run(v.unwrap_or(Value::Null));
    };
    Typed {
        display,
        error,
        on_input: move |ev| store(event_target_value(&ev)),
        on_change: move |ev| {
            left_once.set(true);
            store(event_target_value(&ev));
        },
        on_focus: move |_| focused.set(true),
        on_blur: move |_| {
            focused.set(false);
            if typed.with_untracked(|t| !t.trim().is_empty()) {
                left_once.set(true);
            }
            sync();
        },
    }
}
