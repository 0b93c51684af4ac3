//! Account pages: log in, sign up (with phone verification), and the protected my page.

mod login;
mod me;
mod signup;

pub use login::LoginPage;
pub use me::MyPage;
pub use signup::SignupPage;

use leptos::prelude::*;

use crate::error::AppError;

/// The Korean message of a failed server call, if the last call failed.
pub(crate) fn error_of<T>(value: Option<Result<T, AppError>>) -> Option<String> {
    value.and_then(|r| r.err()).map(|e| e.message)
}

/// A labelled text input; `name` is the server-function argument it fills.
#[component]
pub(crate) fn Field(
    /// Visible label.
    #[prop(into)]
    label: Signal<&'static str>,
    /// Form field name (the server-function argument).
    name: &'static str,
    /// HTML input type.
    #[prop(default = "text")]
    kind: &'static str,
    /// Browser autofill hint.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// Live value, when the page needs to read it.
    #[prop(optional)]
    value: Option<RwSignal<String>>,
    /// A hint or error under the field.
    #[prop(optional, into)]
    note: Option<Signal<Option<(bool, String)>>>,
) -> impl IntoView {
    let value = value.unwrap_or_else(|| RwSignal::new(String::new()));
    view! {
        <label class="flex flex-col gap-1.5">
            <span class="text-sm font-medium text-stone-700">{label}</span>
            <input
                type=kind
                name=name
                autocomplete=autocomplete
                required=true
                class="rounded-lg border border-stone-300 bg-white px-3 py-2.5 text-base outline-none focus:border-brand focus:ring-2 focus:ring-brand/20"
                bind:value=value
            />
            {move || note.and_then(|n| n.get()).map(|(ok, text)| view! {
                <span class="text-sm" class:text-emerald-700=ok class:text-red-600=!ok>{text}</span>
            })}
        </label>
    }
}
