//! A student artist as a card: avatar, nickname, college and the verified badge.

use leptos::prelude::*;

use crate::domain::ArtistCard;
use crate::i18n::{use_i18n, Key};

#[component]
pub fn ArtistCardView(
    /// The artist to show (public identity only).
    artist: ArtistCard,
) -> impl IntoView {
    let i18n = use_i18n();
    let verified = artist.verified_student;
    let works = artist.work_count;
    view! {
        <a
            href=format!("/artists/{}", artist.nickname)
            class="flex items-center gap-3 rounded-xl border border-stone-200 bg-white p-4 transition hover:border-brand"
            data-testid="artist-card"
        >
            <img
                src=artist.avatar_url.unwrap_or_default()
                alt=""
                loading="lazy"
                class="size-14 shrink-0 rounded-full bg-stone-200 object-cover"
            />
            <div class="min-w-0">
                <p class="truncate font-semibold text-ink">{artist.nickname.clone()}</p>
                <p class="truncate text-sm text-stone-600">{artist.college.unwrap_or_default()}</p>
                <p class="mt-1 flex flex-wrap items-center gap-2 text-xs text-stone-500">
                    {verified
                        .then(|| {
                            view! {
                                <span class="rounded-full bg-brand/10 px-2 py-0.5 font-medium text-brand-dark">
                                    "✓ " {move || i18n.t(Key::VerifiedStudent)}
                                </span>
                            }
                        })} <span>{move || i18n.locale.get().work_count(works)}</span>
                </p>
            </div>
        </a>
    }
}
