//! `/reviews/{id}`: photos, the text (sanitised markdown), the reviewed work as a card, likes, the
//! author's edit and delete, an admin's hide form, and the comment thread (`?cpage=N`, oldest first;
//! `last` for the newest page) with the comment form. Forms work before hydration.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::reviews::{
    get_review, toggle_review_like, AddReviewComment, DeleteReview, DeleteReviewComment, EditReviewComment, HideReview, HideReviewComment,
};
use crate::components::artwork_card::ArtworkCardView;
use crate::components::confirm::confirmed;
use crate::components::gallery::Gallery;
use crate::components::missing::Missing;
use crate::components::report::ReportForm;
use crate::domain::moderation::ReportTarget;
use crate::domain::review::{CommentPage, CommentState, ReviewComment, ReviewDetail, COMMENT_MAX};
use crate::error::{AppError, ErrorKind};
use crate::i18n::{use_i18n, Key};

/// The comment actions of one page, shared by every comment on it.
#[derive(Clone, Copy)]
struct CommentActions {
    add: ServerAction<AddReviewComment>,
    edit: ServerAction<EditReviewComment>,
    remove: ServerAction<DeleteReviewComment>,
    hide: ServerAction<HideReviewComment>,
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let i18n = use_i18n();
    let id = move || params.with(|p| p.get("id")).and_then(|v| v.parse::<u64>().ok());
    let cpage = move || match query.with(|q| q.get("cpage")).as_deref() {
        Some("last") => 0,
        Some(p) => p.parse::<u32>().unwrap_or(1),
        None => 1,
    };
    let actions =
        CommentActions { add: ServerAction::new(), edit: ServerAction::new(), remove: ServerAction::new(), hide: ServerAction::new() };
    let hide = ServerAction::<HideReview>::new();
    let versions = move || {
        (
            actions.add.version().get(),
            actions.edit.version().get(),
            actions.remove.version().get(),
            actions.hide.version().get(),
            hide.version().get(),
        )
    };
    let review = Resource::new_blocking(
        move || (id(), cpage(), versions()),
        |(id, page, _)| async move {
            match id {
                Some(id) => get_review(id, page).await,
                None => Err(AppError::not_found(Key::ReviewNotFound)),
            }
        },
    );
    view! {
        <Transition fallback=move || {
            view! {
                <p class="px-4 py-10 text-center text-stone-500" aria-busy="true">
                    {move || i18n.t(Key::Loading)}
                </p>
            }
        }>
            {move || Suspend::new(async move {
                match review.await {
                    Ok(r) => {
                        view! {
                            <Title text=r.title.clone() />
                            <Review r actions hide />
                        }
                            .into_any()
                    }
                    Err(e) => view! { <Missing error=e testid="review-missing" back=("/reviews", Key::ReviewsAll) /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Review(r: ReviewDetail, actions: CommentActions, hide: ServerAction<HideReview>) -> impl IntoView {
    let i18n = use_i18n();
    let id = r.id;
    let delete = ServerAction::<DeleteReview>::new();
    view! {
        <article class="mx-auto grid max-w-6xl gap-8 px-4 py-8 lg:grid-cols-[3fr_2fr]" data-testid="review-page">
            <div>
                {r
                    .hidden_reason
                    .clone()
                    .map(|reason| {
                        view! {
                            <p
                                role="alert"
                                class="mb-4 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900"
                                data-testid="review-hidden"
                            >
                                {move || i18n.t(Key::ReviewHiddenNote)}
                                {reason}
                            </p>
                        }
                    })} <p class="text-sm text-stone-500">
                    <a href="/reviews" class="hover:text-brand">
                        {move || i18n.t(Key::BuyerReviews)}
                    </a>
                </p> <h1 class="mt-1 text-2xl font-bold" data-testid="review-title">
                    {r.title.clone()}
                </h1> <p class="mt-2 text-sm text-stone-600">
                    <span class="font-medium" data-testid="review-author">
                        {r.author_nickname.clone()}
                    </span>
                    " · "
                    {move || i18n.datetime(r.created_at)}
                    {r.edited_at.map(|_| view! { <span class="text-stone-500">{move || i18n.t(Key::Edited)}</span> })}
                </p>
                {(!r.images.is_empty())
                    .then(|| {
                        view! {
                            <div class="mt-5" data-testid="review-gallery">
                                <Gallery images=r.images.clone() />
                            </div>
                        }
                    })} // Rendered from markdown and sanitised on the server.
                <div class="prose prose-stone mt-6 max-w-none" data-testid="review-body" inner_html=r.body_html.clone()></div>
                <div class="mt-6 flex flex-wrap items-center gap-2">
                    <ReviewLike id liked=r.liked_by_me count=r.like_count mine=r.is_mine />
                    {r
                        .is_mine
                        .then(|| {
                            view! {
                                <a
                                    href=format!("/reviews/{id}/edit")
                                    class="rounded-full border border-stone-300 px-4 py-2 text-sm font-medium hover:border-brand"
                                    data-testid="edit-review"
                                >
                                    {move || i18n.t(Key::EditAction)}
                                </a>
                                <ActionForm action=delete>
                                    <input type="hidden" name="id" value=id />
                                    <button
                                        type="submit"
                                        class="rounded-full border border-stone-300 px-4 py-2 text-sm font-medium text-red-700 hover:border-red-400"
                                        data-testid="delete-review"
                                        on:click=move |ev| {
                                            confirmed(&ev, i18n.t(Key::ConfirmDeleteReview));
                                        }
                                    >
                                        {move || i18n.t(Key::DeleteAction)}
                                    </button>
                                </ActionForm>
                            }
                        })}
                </div>
                {move || {
                    super::super::account::error_of(delete.value().get())
                        .map(|e| {
                            view! {
                                <p role="alert" class="mt-2 text-sm text-red-600">
                                    {e}
                                </p>
                            }
                        })
                }} {(r.viewer_is_admin && r.hidden_reason.is_none()).then(|| view! { <AdminHideReview id hide /> })}
                {(r.signed_in && !r.is_mine)
                    .then(|| {
                        view! {
                            <div class="mt-4">
                                <ReportForm target=ReportTarget::Review id />
                            </div>
                        }
                    })} <Comments review_id=id page=r.comments.clone() signed_in=r.signed_in admin=r.viewer_is_admin actions />
            </div>
            <aside class="flex flex-col gap-3">
                <h2 class="text-sm font-semibold text-stone-500">{move || i18n.t(Key::ReviewedWork)}</h2>
                {match r.artwork.clone() {
                    Some(card) => {
                        view! {
                            <div class="max-w-xs" data-testid="reviewed-work">
                                <ArtworkCardView card server_now=r.server_now />
                            </div>
                        }
                            .into_any()
                    }
                    None => view! { <p class="text-sm text-stone-500">{move || i18n.t(Key::WorkUnavailable)}</p> }.into_any(),
                }}
                <a href=format!("/artists/{}", r.artist_nickname) class="text-sm font-medium text-brand">
                    {
                        let nickname = r.artist_nickname.clone();
                        move || i18n.locale.get().artist_more_works(&nickname)
                    }
                </a>
            </aside>
        </article>
    }
}

/// Like toggle for other members' reviews; the author sees the count only.
#[component]
fn ReviewLike(id: u64, liked: bool, count: u32, mine: bool) -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new((liked, count));
    let toggle = Action::new(move |_: &()| async move {
        let result = toggle_review_like(id).await;
        if let Ok(s) = &result {
            state.set((s.liked, s.count));
        }
        result
    });
    if mine {
        return view! {
            <span class="rounded-full bg-stone-100 px-4 py-2 text-sm text-stone-600" data-testid="review-like-count-only">
                "♥ "
                {move || i18n.t(Key::LikeLabel)}
                " "
                <span data-testid="review-like-count">{count}</span>
            </span>
        }
        .into_any();
    }
    view! {
        <div>
            <button
                type="button"
                class="flex items-center gap-2 rounded-full border px-4 py-2 text-sm font-medium"
                class:border-brand=move || state.get().0
                class:text-brand=move || state.get().0
                class:border-stone-300=move || !state.get().0
                aria-pressed=move || state.get().0.to_string()
                data-testid="review-like"
                on:click=move |_| {
                    toggle.dispatch(());
                }
            >
                <span aria-hidden="true">{move || if state.get().0 { "♥" } else { "♡" }}</span>
                {move || i18n.t(Key::LikeLabel)}
                " "
                <span data-testid="review-like-count">{move || state.get().1}</span>
            </button>
            {move || {
                toggle
                    .value()
                    .get()
                    .and_then(Result::err)
                    .map(|e| {
                        let login = e.kind == ErrorKind::Unauthorized;
                        view! {
                            <p role="alert" class="mt-2 text-sm text-red-600">
                                {e.message}
                                {login
                                    .then(|| {
                                        view! {
                                            " "
                                            <a href=format!("/login?next=/reviews/{id}") class="underline">
                                                {move || i18n.t(Key::LogIn)}
                                            </a>
                                        }
                                    })}
                            </p>
                        }
                    })
            }}
        </div>
    }
    .into_any()
}

#[component]
fn AdminHideReview(id: u64, hide: ServerAction<HideReview>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ActionForm
            action=hide
            attr:class="mt-6 flex flex-col gap-2 rounded-xl border border-amber-200 bg-amber-50 p-3 text-sm"
            attr:data-testid="admin-hide-review"
        >
            <input type="hidden" name="id" value=id />
            <label class="flex flex-col gap-1">
                <span class="font-semibold">{move || i18n.t(Key::AdminHideReviewReason)}</span>
                <input name="reason" required=true maxlength="500" class="rounded border border-amber-300 px-2 py-1.5" />
            </label>
            <button type="submit" class="self-start rounded-full bg-amber-700 px-4 py-1.5 font-semibold text-white">
                {move || i18n.t(Key::Hide)}
            </button>
            {move || {
                hide.value()
                    .get()
                    .and_then(Result::err)
                    .map(|e| {
                        view! {
                            <p role="alert" class="text-red-700">
                                {e.message}
                            </p>
                        }
                    })
            }}
        </ActionForm>
    }
}

#[component]
fn Comments(review_id: u64, page: CommentPage, signed_in: bool, admin: bool, actions: CommentActions) -> impl IntoView {
    let i18n = use_i18n();
    let errors = move || {
        [
            actions.add.value().get().and_then(Result::err),
            actions.edit.value().get().and_then(Result::err),
            actions.remove.value().get().and_then(Result::err),
            actions.hide.value().get().and_then(Result::err),
        ]
        .into_iter()
        .flatten()
        .next()
    };
    let (current, pages) = (page.page, page.pages);
    view! {
        <section class="mt-10" data-testid="comments">
            <h2 class="text-lg font-semibold">
                {move || i18n.t(Key::CommentsLabel)} " " <span class="text-stone-500" data-testid="comment-count">
                    {page.visible_count}
                </span>
            </h2>
            {if page.items.is_empty() {
                view! {
                    <p class="mt-3 text-sm text-stone-500" data-testid="no-comments">
                        {move || i18n.t(Key::FirstComment)}
                    </p>
                }
                    .into_any()
            } else {
                view! {
                    <ul class="mt-3 divide-y divide-stone-100 rounded-xl border border-stone-200 bg-white">
                        {page.items.into_iter().map(|c| view! { <CommentItem c admin actions /> }).collect_view()}
                    </ul>
                }
                    .into_any()
            }}
            {(pages > 1)
                .then(|| {
                    view! {
                        <nav
                            class="mt-3 flex flex-wrap gap-1 text-sm"
                            aria-label=move || i18n.t(Key::CommentPages)
                            data-testid="comment-pager"
                        >
                            {(1..=pages)
                                .map(|p| {
                                    view! {
                                        <a
                                            href=format!("/reviews/{review_id}?cpage={p}#comments")
                                            class="rounded px-2.5 py-1"
                                            class:bg-brand=p == current
                                            class:text-white=p == current
                                            aria-current=(p == current).then_some("page")
                                        >
                                            {p}
                                        </a>
                                    }
                                })
                                .collect_view()}
                        </nav>
                    }
                })}
            {move || {
                errors()
                    .map(|e| {
                        view! {
                            <p role="alert" class="mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="comment-error">
                                {e.message}
                            </p>
                        }
                    })
            }}
            {if signed_in {
                // Re-created after each post, so the box is empty again.
                view! {
                    {move || {
                        actions.add.version().get();
                        view! {
                            <ActionForm action=actions.add attr:class="mt-4 flex flex-col gap-2" attr:data-testid="comment-form">
                                <input type="hidden" name="review_id" value=review_id />
                                <label class="sr-only" for="comment-body">
                                    {move || i18n.t(Key::CommentsLabel)}
                                </label>
                                <textarea
                                    id="comment-body"
                                    name="body"
                                    required=true
                                    maxlength=COMMENT_MAX.to_string()
                                    rows="3"
                                    class="rounded-lg border border-stone-300 px-3 py-2 text-base outline-none focus:border-brand"
                                    placeholder=move || i18n.t(Key::CommentPlaceholder)
                                    data-testid="comment-body"
                                ></textarea>
                                <button
                                    type="submit"
                                    class="self-end rounded-full bg-brand px-5 py-2 text-sm font-semibold text-white disabled:opacity-60"
                                    disabled=move || actions.add.pending().get()
                                    data-testid="comment-submit"
                                >
                                    {move || i18n.t(Key::PostComment)}
                                </button>
                            </ActionForm>
                        }
                    }}
                }
                    .into_any()
            } else {
                view! {
                    <p class="mt-4 text-sm text-stone-600">
                        <a href=format!("/login?next=/reviews/{review_id}") class="font-medium text-brand">
                            {move || i18n.t(Key::LogIn)}
                        </a>
                        {move || i18n.t(Key::LogInToComment)}
                    </p>
                }
                    .into_any()
            }}
        </section>
    }
}

#[component]
fn CommentItem(c: ReviewComment, admin: bool, actions: CommentActions) -> impl IntoView {
    let i18n = use_i18n();
    let id = c.id;
    let visible = c.state == CommentState::Visible;
    let shown = c.clone();
    let body = c.body.clone().unwrap_or_default();
    view! {
        <li id=format!("comment-{id}") class="p-4" data-testid="comment" data-state=format!("{:?}", c.state).to_lowercase()>
            <p class="flex flex-wrap items-baseline gap-x-2 text-xs text-stone-500">
                <span class="font-semibold text-ink" data-testid="comment-author">
                    {c.author_nickname.clone()}
                </span>
                <time datetime=c.created_at.to_rfc3339()>{move || i18n.datetime(c.created_at)}</time>
                {(c.edited && visible).then(|| view! { <span>{move || i18n.t(Key::Edited)}</span> })}
            </p>
            <p
                class="mt-1 whitespace-pre-wrap break-words text-sm"
                class:text-stone-500=!visible
                class:italic=!visible
                data-testid="comment-text"
            >
                {move || shown.shown_text(i18n.locale.get()).to_string()}
            </p>
            {(!c.is_mine && visible)
                .then(|| {
                    view! {
                        <div class="mt-1 text-xs">
                            <ReportForm target=ReportTarget::Comment id />
                        </div>
                    }
                })}
            {c
                .is_mine
                .then(|| {
                    view! {
                        <div class="mt-2 flex flex-wrap items-start gap-3 text-xs">
                            <details data-testid="comment-edit">
                                <summary class="cursor-pointer text-stone-500 hover:text-brand">{move || i18n.t(Key::EditAction)}</summary>
                                <ActionForm action=actions.edit attr:class="mt-2 flex flex-col gap-2">
                                    <input type="hidden" name="comment_id" value=id />
                                    <textarea
                                        name="body"
                                        required=true
                                        maxlength=COMMENT_MAX.to_string()
                                        rows="3"
                                        class="w-72 max-w-full rounded border border-stone-300 px-2 py-1.5 text-sm"
                                        data-testid="comment-edit-body"
                                    >
                                        {body}
                                    </textarea>
                                    <button
                                        type="submit"
                                        class="self-start rounded-full bg-brand px-3 py-1 font-semibold text-white"
                                        data-testid="comment-edit-submit"
                                    >
                                        {move || i18n.t(Key::Save)}
                                    </button>
                                </ActionForm>
                            </details>
                            <ActionForm action=actions.remove>
                                <input type="hidden" name="comment_id" value=id />
                                <button
                                    type="submit"
                                    class="text-red-700 hover:underline"
                                    data-testid="comment-delete"
                                    on:click=move |ev| {
                                        confirmed(&ev, i18n.t(Key::ConfirmDeleteComment));
                                    }
                                >
                                    {move || i18n.t(Key::DeleteAction)}
                                </button>
                            </ActionForm>
                        </div>
                    }
                })}
            {(admin && visible)
                .then(|| {
                    view! {
                        <details class="mt-2 text-xs">
                            <summary class="cursor-pointer text-amber-800">{move || i18n.t(Key::AdminHideComment)}</summary>
                            <ActionForm action=actions.hide attr:class="mt-2 flex flex-wrap items-end gap-2">
                                <input type="hidden" name="comment_id" value=id />
                                <input
                                    name="reason"
                                    required=true
                                    maxlength="500"
                                    placeholder=move || i18n.t(Key::AdminHideCommentReason)
                                    aria-label=move || i18n.t(Key::AdminHideCommentReason)
                                    class="rounded border border-amber-300 px-2 py-1"
                                />
                                <button type="submit" class="rounded-full bg-amber-700 px-3 py-1 font-semibold text-white">
                                    {move || i18n.t(Key::Hide)}
                                </button>
                            </ActionForm>
                        </details>
                    }
                })}
        </li>
    }
}
