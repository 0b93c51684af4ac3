//! What a form's last submission came to, said where the form is: a polite status on success, the error's
//! own message as an alert otherwise, nothing before the first submission.

use leptos::prelude::*;

use crate::error::AppError;

/// The line to show under a form after its action answered `value`; `done` is the success message.
pub fn outcome<T>(value: Option<Result<T, AppError>>, done: &'static str) -> Option<AnyView> {
    match value? {
        Ok(_) => Some(
            view! {
                <p role="status" class="text-emerald-700">
                    {done}
                </p>
            }
            .into_any(),
        ),
        Err(e) => Some(
            view! {
                <p role="alert" class="text-red-700">
                    {e.message}
                </p>
            }
            .into_any(),
        ),
    }
}
