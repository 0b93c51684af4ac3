//! Won amounts as text, always through `Won::display`.

use leptos::prelude::*;

use crate::domain::Won;

/// `₩1,234,000`, with tabular digits so changing prices do not jitter.
#[component]
pub fn Price(
    /// The amount to show.
    #[prop(into)]
    amount: Signal<Won>,
    /// Extra classes for size and colour.
    #[prop(optional, into)]
    class: String,
) -> impl IntoView {
    view! { <span class=format!("tabular-nums {class}")>{move || amount.get().display()}</span> }
}
