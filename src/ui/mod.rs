//! The browser widget (wasm only): a Leptos shell over `crate::core`.
//!
//! The widget renders what the core computes and never re-implements a rule.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// Called once by the wasm-bindgen glue when the module is instantiated.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// Mounts the widget into `target` (the page's `<div id="openfem">`).
#[wasm_bindgen]
pub fn mount(target: web_sys::HtmlElement) {
    target.set_inner_html("");
    leptos::mount::mount_to(target, App).forget();
}

/// The widget's root component.
#[component]
pub fn App() -> impl IntoView {
    let (count, set_count) = signal(0u32);
    view! {
        <div class="ofem-app">
            <main class="ofem-main">
                <h1>"OpenFEM"</h1>
                <p>"Higg Facility Environmental Module self-assessment."</p>
                <button type="button" on:click=move |_| set_count.update(|n| *n += 1)>
                    "Clicked " {count} " times"
                </button>
        </main>
        </div>
    }
}
