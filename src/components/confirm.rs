//! Confirm before submitting: for actions that cannot be undone (a binding bid, buy-now, withdrawing a
//! work, deleting a review or a comment). In the browser, a cancelled dialog stops the form; before
//! hydration the form submits as it is (the server validates every action anyway).

/// Asks `question` in the browser's dialog; when the member cancels, the click does not submit its form.
/// Returns whether the action goes ahead.
pub fn confirmed(ev: &leptos::ev::MouseEvent, question: &str) -> bool {
    #[cfg(feature = "hydrate")]
    if !leptos::prelude::window().confirm_with_message(question).unwrap_or(false) {
        ev.prevent_default();
        return false;
    }
    let _ = (ev, question);
    true
}
