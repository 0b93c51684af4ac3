//! The header search box: a plain GET form to `/artworks?q=…` (works before hydration), with suggestions
//! as you type once hydrated (works, artists, genres; arrow keys, Enter and Escape work as in a combobox).

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::domain::search::Suggestion;
use crate::i18n::{use_i18n, Key};

/// Wait this long after the last keystroke before asking for suggestions.
const DEBOUNCE_MS: u64 = 180;

#[component]
pub fn SearchBox() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let navigate = use_navigate();
    // The box shows the current search on /artworks?q=….
    let current = move || params.with(|p| p.get("q")).unwrap_or_default();
    let typed = RwSignal::new(String::new());
    let suggestions = RwSignal::new(Vec::<Suggestion>::new());
    let active = RwSignal::new(None::<usize>);
    let open = RwSignal::new(false);
    // Answers to older keystrokes are dropped.
    let generation = StoredValue::new(0u64);

    let ask = move |text: String| {
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        if text.trim().is_empty() {
            suggestions.set(Vec::new());
            open.set(false);
            return;
        }
        set_timeout(
            move || {
                if generation.get_value() != mine {
                    return;
                }
                leptos::task::spawn_local(async move {
                    let found = crate::api::artworks::search_suggestions(text).await.unwrap_or_default();
                    if generation.get_value() == mine {
                        open.set(!found.is_empty());
                        active.set(None);
                        suggestions.set(found);
                    }
                });
            },
            std::time::Duration::from_millis(DEBOUNCE_MS),
        );
    };

    let go = {
        let navigate = navigate.clone();
        move |href: String| {
            open.set(false);
            navigate(&href, Default::default());
        }
    };
    let on_keydown = {
        let go = go.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            let n = suggestions.with_untracked(Vec::len);
            match ev.key().as_str() {
                "ArrowDown" if n > 0 => {
                    ev.prevent_default();
                    open.set(true);
                    active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % n)));
                }
                "ArrowUp" if n > 0 => {
                    ev.prevent_default();
                    active.update(|a| *a = Some(a.map_or(n - 1, |i| (i + n - 1) % n)));
                }
                "Escape" => {
                    open.set(false);
                    active.set(None);
                }
                "Enter" => {
                    if let (true, Some(i)) = (open.get_untracked(), active.get_untracked()) {
                        if let Some(s) = suggestions.with_untracked(|s| s.get(i).cloned()) {
                            ev.prevent_default();
                            go(s.href);
                        }
                    }
                }
                _ => {}
            }
        }
    };

    view! {
        <form
            method="get"
            action="/artworks"
            role="search"
            class="relative order-last w-full pb-3 md:order-none md:w-auto md:max-w-xs md:flex-1 md:pb-0"
            data-testid="search-form"
            on:submit=move |_| open.set(false)
        >
            <label class="sr-only" for="site-search">
                {move || i18n.t(Key::SearchLabel)}
            </label>
            <input
                id="site-search"
                type="search"
                name="q"
                maxlength="50"
                autocomplete="off"
                enterkeyhint="search"
                role="combobox"
                aria-autocomplete="list"
                aria-controls="search-suggestions"
                aria-expanded=move || open.get().to_string()
                aria-activedescendant=move || active.get().map(|i| format!("suggestion-{i}"))
                placeholder=move || i18n.t(Key::SearchPlaceholder)
                prop:value=current
                class="w-full rounded-full border border-stone-300 bg-white px-4 py-2 text-sm focus:border-brand focus:outline-none"
                data-testid="search-input"
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    typed.set(v.clone());
                    ask(v);
                }
                on:keydown=on_keydown
                on:focus=move |_| open.set(!suggestions.with_untracked(Vec::is_empty) && !typed.get_untracked().is_empty())
                on:blur=move |_| set_timeout(move || open.set(false), std::time::Duration::from_millis(150))
            />
            <ul
                id="search-suggestions"
                role="listbox"
                aria-label=move || i18n.t(Key::SearchSuggestions)
                class="absolute left-0 right-0 top-full z-40 mt-1 overflow-hidden rounded-xl border border-stone-200 bg-white py-1 shadow-lg"
                class:hidden=move || !open.get()
                data-testid="search-suggestions"
            >
                {move || {
                    suggestions
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, s)| {
                            let href = s.href.clone();
                            let go = go.clone();
                            view! {
                                <li
                                    id=format!("suggestion-{i}")
                                    role="option"
                                    aria-selected=move || (active.get() == Some(i)).to_string()
                                    class="flex cursor-pointer items-center gap-2 px-4 py-2 text-sm hover:bg-stone-50"
                                    class:bg-stone-100=move || active.get() == Some(i)
                                    data-testid="search-suggestion"
                                    on:mousedown=move |ev| {
                                        ev.prevent_default();
                                        go(href.clone());
                                    }
                                >
                                    <span class="rounded bg-stone-100 px-1.5 py-0.5 text-[11px] text-stone-500">
                                        {move || i18n.locale.get().suggestion_kind(s.kind)}
                                    </span>
                                    <span class="truncate">{s.label}</span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </form>
    }
}
