//! Account pages: log in, sign up (with phone verification), and the protected my page.

mod login;
mod me;
mod phone_code;
mod profile;
mod recovery;
mod signup;
mod social_signup;

pub use login::LoginPage;
pub use me::MyPage;
pub use profile::ProfilePage;
pub use recovery::{FindEmailPage, ResetPasswordPage};
pub use signup::SignupPage;
pub use social_signup::SocialSignupPage;

use leptos::prelude::*;

use crate::error::AppError;

/// The Korean message of a failed server call, if the last call failed.
pub(crate) fn error_of<T>(value: Option<Result<T, AppError>>) -> Option<String> {
    value.and_then(|r| r.err()).map(|e| e.message)
}

/// The live nickname check: the shared format rules, then availability on the server.
pub(crate) fn live_nickname_note(nickname: RwSignal<String>) -> Signal<Option<(bool, String)>> {
    // Asked from the browser only (effects do not run on the server), so the page is the same before and
    // after hydration whatever the box held when it was rendered (a provider's suggested nickname); an
    // answer for a nickname no longer in the box, or for a page already left, is dropped.
    let answer = RwSignal::new(None::<Result<bool, String>>);
    Effect::new(move |_| {
        let n = nickname.get();
        answer.set(None);
        if n.chars().count() < 2 {
            return;
        }
        leptos::task::spawn_local(async move {
            let checked = crate::api::auth::check_nickname(n.clone()).await.map_err(|e| e.message);
            if nickname.try_with_untracked(|now| *now == n) == Some(true) {
                let _ = answer.try_set(Some(checked));
            }
        });
    });
    let i18n = crate::i18n::use_i18n();
    Signal::derive(move || match answer.get()? {
        Ok(true) => Some((true, i18n.t(crate::i18n::Key::NicknameAvailable).to_string())),
        Ok(false) => Some((false, i18n.t(crate::i18n::Key::NicknameTaken).to_string())),
        Err(message) => Some((false, message)),
    })
}

/// A notice from the server shown above a form: a flash message, or an `?error=` from a redirect.
#[component]
pub(crate) fn Notice(#[prop(into)] text: Signal<Option<String>>, #[prop(optional)] error: bool) -> impl IntoView {
    move || {
        text.get().map(|t| {
            view! {
                <p
                    role=if error { "alert" } else { "status" }
                    class="mt-6 rounded-lg px-3 py-2 text-sm"
                    class:bg-red-50=error
                    class:text-red-700=error
                    class:bg-emerald-50=!error
                    class:text-emerald-800=!error
                    data-testid="notice"
                >
                    {t}
                </p>
            }
        })
    }
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
    /// False for optional fields.
    #[prop(default = true)]
    required: bool,
) -> impl IntoView {
    let value = value.unwrap_or_else(|| RwSignal::new(String::new()));
    view! {
        <label class="flex flex-col gap-1.5">
            <span class="text-sm font-medium text-stone-700">{label}</span>
            <input
                type=kind
                name=name
                autocomplete=autocomplete
                required=required
                class="rounded-lg border border-stone-300 bg-white px-3 py-2.5 text-base outline-none focus:border-brand focus:ring-2 focus:ring-brand/20"
                bind:value=value
            />
            {move || {
                note.and_then(|n| n.get())
                    .map(|(ok, text)| {
                        view! {
                            <span class="text-sm" class:text-emerald-700=ok class:text-red-600=!ok>
                                {text}
                            </span>
                        }
                    })
            }}
        </label>
    }
}

/// The form's failure message (if any) above its primary submit button, which is disabled while pending.
#[component]
pub(crate) fn SubmitRow(
    /// The Korean message of the last failed submission.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// True while the submission is in flight.
    #[prop(into)]
    pending: Signal<bool>,
    /// The button's label.
    #[prop(into)]
    label: Signal<&'static str>,
) -> impl IntoView {
    view! {
        {move || {
            error
                .get()
                .map(|e| {
                    view! {
                        <p role="alert" class="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
                            {e}
                        </p>
                    }
                })
        }}
        <button
            type="submit"
            class="mt-2 rounded-full bg-brand px-6 py-3 font-semibold text-white hover:bg-brand-dark disabled:opacity-60"
            disabled=move || pending.get()
        >
            {label}
        </button>
    }
}
