//! Who is logged in, read once per page load and shared: `provide_auth` in `App`, `use_auth` anywhere.
//! It is read again only when something changes it — a log-in, sign-up or log-out that a page reports
//! with [`AuthContext::follow`] — not on every navigation.

use leptos::prelude::*;

use crate::api::auth::current_me;
use crate::domain::account::Me;
use crate::error::AppError;

/// The member of this browser (`None` for a visitor) and what makes it be read again.
#[derive(Clone, Copy)]
pub struct AuthContext {
    pub me: Resource<Result<Option<Me>, AppError>>,
    changes: RwSignal<u32>,
}

impl AuthContext {
    /// Reads the member again each time `version` (an action's version: a log-in, sign-up or log-out
    /// form) moves on, i.e. after each submission came back.
    pub fn follow(&self, version: RwSignal<usize>) {
        let changes = self.changes;
        Effect::watch(move || version.get(), move |_, _, _| changes.update(|n| *n = n.wrapping_add(1)), false);
    }
}

/// Creates the shared member resource; called once, by `App`.
pub fn provide_auth() -> AuthContext {
    let changes = RwSignal::new(0u32);
    let me = Resource::new_blocking(move || changes.get(), |_| current_me());
    let auth = AuthContext { me, changes };
    provide_context(auth);
    auth
}

/// The shared member resource (`provide_auth` must have run).
pub fn use_auth() -> AuthContext {
    expect_context::<AuthContext>()
}
