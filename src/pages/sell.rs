//! `/sell` and `/artworks/{id}/edit`: the listing editor for student artists — title, markdown
//! description with a live (server-sanitised) preview, cascading genre selects, tags, medium, size, year,
//! 1–10 images (uploaded one by one with a progress bar, dragged or moved to reorder; the first is the
//! cover), prices and the deadline (quick 1/3/5/7 days or a KST date-time). The server validates again.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_params_map;

use super::account::error_of;
use crate::api::artworks::{get_artwork, get_listing_limits, preview_markdown, CreateArtwork, UpdateArtwork};
use crate::components::image_uploader::{any_uploading, uploaded_ids, ImageUploader, UploadSlot};
use crate::domain::genre::options_below;
use crate::domain::listing::{ListingForm, QUICK_DAYS};
use crate::domain::ArtworkDetail;
use crate::i18n::{use_i18n, Key};

const INPUT: &str = "w-full rounded-lg border border-stone-300 bg-white px-3 py-2.5 text-base outline-none focus:border-brand focus:ring-2 focus:ring-brand/20";

#[component]
pub fn SellPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = crate::components::auth::use_auth().me;
    view! {
        <Title text=move || i18n.t(Key::SellTitle) />
        <Suspense fallback=move || {
            view! { <p class="px-4 py-10 text-center text-stone-500">{i18n.t(Key::Loading)}</p> }
        }>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(m)) if m.is_artist => view! { <Editor existing=None /> }.into_any(),
                    Ok(Some(_)) => {
                        view! {
                            <section class="mx-auto max-w-xl px-4 py-16 text-center" data-testid="sell-not-artist">
                                <h1 class="text-xl font-bold">{move || i18n.t(Key::SellArtistsOnly)}</h1>
                                <p class="mt-3 text-stone-600">{move || i18n.t(Key::SellArtistsOnlyBody)}</p>
                            </section>
                        }
                            .into_any()
                    }
                    _ => view! { <Redirect path="/login?next=/sell" /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn EditArtworkPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.get().get("id").and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    let artwork = Resource::new_blocking(id, get_artwork);
    view! {
        <Title text=move || i18n.t(Key::ArtworkEdit) />
        <Suspense fallback=move || {
            view! { <p class="px-4 py-10 text-center text-stone-500">{i18n.t(Key::Loading)}</p> }
        }>
            {move || Suspend::new(async move {
                match artwork.await {
                    Ok(a) if a.is_mine => view! { <Editor existing=Some(a) /> }.into_any(),
                    Ok(_) => {
                        view! {
                            <p role="alert" class="px-4 py-16 text-center">
                                {move || i18n.t(Key::OwnWorksOnly)}
                            </p>
                        }
                            .into_any()
                    }
                    Err(e) if e.kind == crate::error::ErrorKind::Unauthorized => view! { <Redirect path="/login" /> }.into_any(),
                    Err(e) => {
                        view! {
                            <p role="alert" class="px-4 py-16 text-center">
                                {e.message}
                            </p>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

fn existing_form(a: &ArtworkDetail, tz: chrono_tz::Tz) -> ListingForm {
    let cm = |mm: Option<u32>| {
        mm.map(|v| if v % 10 == 0 { format!("{}", v / 10) } else { format!("{}.{}", v / 10, v % 10) }).unwrap_or_default()
    };
    ListingForm {
        title: a.title.clone(),
        description: a.description.clone(),
        genre_path: a.genre_path.clone(),
        tags: a.tags.join(", "),
        medium: a.medium.clone(),
        width_cm: cm(a.width_mm),
        height_cm: cm(a.height_mm),
        depth_cm: cm(a.depth_mm),
        year: a.year.map(|y| y.to_string()).unwrap_or_default(),
        images: String::new(),
        start_price: a.start_price.amount().to_string(),
        buy_now_price: a.buy_now_price.map(|p| p.amount().to_string()).unwrap_or_default(),
        reserve_price: String::new(),
        duration: "custom".into(),
        ends_at_kst: crate::domain::time::to_local_input(a.ends_at, tz),
        delivery: a.delivery.kind_db().into(),
        shipping_fee: a.delivery.fee().amount().to_string(),
        pickup_area: a.delivery.pickup_area().unwrap_or_default().to_string(),
    }
}

#[component]
fn Editor(existing: Option<ArtworkDetail>) -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateArtwork>::new();
    let update = ServerAction::<UpdateArtwork>::new();
    let limits = Resource::new(|| (), |_| get_listing_limits());
    let editing_id = existing.as_ref().map(|a| a.id);
    let initial = existing.as_ref().map(|a| existing_form(a, i18n.tz.get_untracked())).unwrap_or_else(|| ListingForm {
        duration: "7".into(),
        delivery: "shipping".into(),
        ..Default::default()
    });
    let next_key = StoredValue::new(0u32);
    let images = RwSignal::new(
        existing
            .as_ref()
            .map(|a| {
                a.images
                    .iter()
                    .enumerate()
                    .map(|(i, img)| UploadSlot::existing(i as u32 + 1000, img.upload_id.clone(), img.thumb_url.clone()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default(),
    );
    let form = RwSignal::new(initial);
    let field = move |get: fn(&ListingForm) -> &String, set: fn(&mut ListingForm, String)| {
        (Signal::derive(move || get(&form.get()).clone()), move |v: String| form.update(|f| set(f, v)))
    };
    let (title, set_title) = field(|f| &f.title, |f, v| f.title = v);
    let (description, set_description) = field(|f| &f.description, |f, v| f.description = v);
    let (duration, set_duration) = field(|f| &f.duration, |f, v| f.duration = v);
    let image_ids = move || images.with(|l| uploaded_ids(l));
    let uploading = move || images.with(|l| any_uploading(l));

    // Live validation with the same rules the server applies.
    let check = move || {
        let mut f = form.get();
        f.images = image_ids();
        let l = limits.get().and_then(Result::ok).unwrap_or_default();
        f.validate(chrono::Utc::now(), &l, i18n.tz.get()).err()
    };
    let preview = Resource::new(
        move || description.get(),
        |text| async move {
            if text.trim().is_empty() {
                Ok(String::new())
            } else {
                preview_markdown(text).await
            }
        },
    );
    let error = move || error_of(create.value().get()).or_else(|| error_of(update.value().get()));
    let pending = move || create.pending().get() || update.pending().get();

    let body = view! {
        {editing_id.map(|id| view! { <input type="hidden" name="id" value=id /> })}
        <label class="flex flex-col gap-1.5">
            <span class="text-sm font-medium">{move || i18n.t(Key::SellFieldTitle)}</span>
            <input
                name="form[title]"
                required=true
                maxlength="100"
                class=INPUT
                prop:value=title
                on:input=move |ev| set_title(event_target_value(&ev))
            />
        </label>
        <div class="grid gap-3 md:grid-cols-2">
            <label class="flex flex-col gap-1.5">
                <span class="text-sm font-medium">{move || i18n.t(Key::SellFieldDescription)}</span>
                <textarea
                    name="form[description]"
                    rows="8"
                    maxlength="5000"
                    class=INPUT
                    prop:value=description
                    on:input=move |ev| set_description(event_target_value(&ev))
                ></textarea>
            </label>
            <div class="flex flex-col gap-1.5">
                <span class="text-sm font-medium text-stone-500">{move || i18n.t(Key::ProfileBioPreview)}</span>
                <Suspense>
                    <div
                        class="prose prose-stone min-h-32 max-w-none rounded-lg border border-dashed border-stone-300 bg-stone-50 p-3 text-sm"
                        data-testid="description-preview"
                        inner_html=move || preview.get().and_then(Result::ok).unwrap_or_default()
                    ></div>
                </Suspense>
            </div>
        </div>
        <GenreSelect form />
        <crate::components::comparables::ComparablesPanel path=Signal::derive(move || form.with(|f| f.genre_path.clone())) />
        <div class="grid gap-3 sm:grid-cols-2">
            <TextField
                form
                label=Key::SellFieldTags
                name="tags"
                get=|f| &f.tags
                set=|f, v| f.tags = v
                placeholder_key=Key::SellTagsPlaceholder
            />
            <TextField
                form
                label=Key::ArtworkMedium
                name="medium"
                get=|f| &f.medium
                set=|f, v| f.medium = v
                placeholder_key=Key::SellMediumPlaceholder
            />
        </div>
        <div class="grid grid-cols-3 gap-3 sm:grid-cols-4">
            <TextField
                form
                label=Key::SellFieldWidth
                name="width_cm"
                get=|f| &f.width_cm
                set=|f, v| f.width_cm = v
                kind="text"
                placeholder="45.5"
            />
            <TextField
                form
                label=Key::SellFieldHeight
                name="height_cm"
                get=|f| &f.height_cm
                set=|f, v| f.height_cm = v
                kind="text"
                placeholder="38"
            />
            <TextField
                form
                label=Key::SellFieldDepth
                name="depth_cm"
                get=|f| &f.depth_cm
                set=|f, v| f.depth_cm = v
                kind="text"
                placeholder=""
            />
            <TextField form label=Key::ArtworkYear name="year" get=|f| &f.year set=|f, v| f.year = v kind="number" placeholder="2026" />
        </div>
        <ImageUploader
            images
            next_key
            endpoint="/api/uploads/artwork-image"
            max=Signal::derive(move || limits.get().and_then(Result::ok).unwrap_or_default().max_images)
            label=Signal::derive(move || i18n.t(Key::SellFieldImages))
            hint=Signal::derive(move || i18n.t(Key::SellImagesHint))
        />
        <input type="hidden" name="form[images]" prop:value=image_ids />
        <div class="grid gap-3 sm:grid-cols-3">
            <TextField
                form
                label=Key::StartPrice
                name="start_price"
                get=|f| &f.start_price
                set=|f, v| f.start_price = v
                kind="text"
                placeholder="50,000"
            />
            <TextField
                form
                label=Key::BuyNowPrice
                name="buy_now_price"
                get=|f| &f.buy_now_price
                set=|f, v| f.buy_now_price = v
                kind="text"
                placeholder_key=Key::Optional
            />
            <TextField
                form
                label=Key::SellFieldReserve
                name="reserve_price"
                get=|f| &f.reserve_price
                set=|f, v| f.reserve_price = v
                kind="text"
                placeholder_key=Key::OptionalPrivate
            />
        </div>
        <DeliveryFields form />
        <NetPreview form commission=Signal::derive(move || limits.get().and_then(Result::ok).unwrap_or_default().commission_percent) />
        <fieldset class="flex flex-col gap-2">
            <legend class="text-sm font-medium">{move || i18n.t(Key::ArtworkDeadline)}</legend>
            <div class="flex flex-wrap gap-2">
                {QUICK_DAYS
                    .map(|d| {
                        let value = d.to_string();
                        let v2 = value.clone();
                        view! {
                            <label class="cursor-pointer rounded-full border px-4 py-1.5 text-sm has-[:checked]:border-brand has-[:checked]:text-brand">
                                <input
                                    type="radio"
                                    name="form[duration]"
                                    value=value.clone()
                                    class="sr-only"
                                    prop:checked=move || duration.get() == v2
                                    on:change=move |_| set_duration(value.clone())
                                />
                                {move || i18n.locale.get().days(d)}
                            </label>
                        }
                    })}
                <label class="cursor-pointer rounded-full border px-4 py-1.5 text-sm has-[:checked]:border-brand has-[:checked]:text-brand">
                    <input
                        type="radio"
                        name="form[duration]"
                        value="custom"
                        class="sr-only"
                        prop:checked=move || duration.get() == "custom"
                        on:change=move |_| set_duration("custom".into())
                    />
                    {move || i18n.t(Key::SellCustomDeadline)}
                </label>
            </div>
            <Show when=move || duration.get() == "custom">
                <TextField
                    form
                    label=Key::SellDeadlineKst
                    name="ends_at_kst"
                    get=|f| &f.ends_at_kst
                    set=|f, v| f.ends_at_kst = v
                    kind="datetime-local"
                    placeholder=""
                />
                <p class="-mt-2 text-xs text-stone-500" data-testid="deadline-zone">
                    {move || i18n.locale.get().zone_label(i18n.tz.get().name())}
                </p>
            </Show>
        </fieldset>
        {move || {
            check()
                .map(|e| {
                    view! {
                        <p class="text-sm text-amber-700" data-testid="live-check">
                            {e}
                        </p>
                    }
                })
        }}
        {move || {
            error()
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
            class="rounded-full bg-brand px-6 py-3 font-semibold text-white disabled:opacity-60"
            disabled=move || pending() || uploading()
            data-testid="listing-submit"
        >
            {move || i18n.t(if editing_id.is_some() { Key::Save } else { Key::SellSubmit })}
        </button>
    };
    view! {
        <section class="mx-auto max-w-3xl px-4 py-10">
            <h1 class="text-2xl font-bold">{move || i18n.t(if editing_id.is_some() { Key::ArtworkEdit } else { Key::SellTitle })}</h1>
            <p class="mt-2 text-sm text-stone-600">{move || i18n.t(Key::SellIntro)}</p>
            {if editing_id.is_some() {
                view! {
                    <ActionForm action=update attr:class="mt-8 flex flex-col gap-5" attr:data-testid="listing-form">
                        {body}
                    </ActionForm>
                }
                    .into_any()
            } else {
                view! {
                    <ActionForm action=create attr:class="mt-8 flex flex-col gap-5" attr:data-testid="listing-form">
                        {body}
                    </ActionForm>
                }
                    .into_any()
            }}
        </section>
    }
}

#[component]
fn TextField(
    form: RwSignal<ListingForm>,
    label: Key,
    name: &'static str,
    get: fn(&ListingForm) -> &String,
    set: fn(&mut ListingForm, String),
    #[prop(default = "text")] kind: &'static str,
    /// A language-neutral example (`45.5`, `50,000`); or
    #[prop(default = "")]
    placeholder: &'static str,
    /// an example in words, from the catalogue.
    #[prop(optional)]
    placeholder_key: Option<Key>,
    /// A line of help under the input (tied to it for screen readers).
    #[prop(optional)]
    hint: Option<Key>,
    /// Shown greyed while it does not apply (it is still submitted; the server ignores it).
    #[prop(optional, into)]
    dimmed: Option<Signal<bool>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let hint_id = hint.map(|_| format!("{name}-hint"));
    view! {
        <label class="flex flex-col gap-1.5" class:text-stone-500=move || dimmed.is_some_and(|d| d.get())>
            <span class="text-sm font-medium">{move || i18n.t(label)}</span>
            <input
                type=kind
                name=format!("form[{name}]")
                placeholder=move || placeholder_key.map(|k| i18n.t(k)).unwrap_or(placeholder)
                class=INPUT
                aria-describedby=hint_id.clone()
                data-testid=name.replace('_', "-")
                prop:value=move || get(&form.get()).clone()
                on:input=move |ev| form.update(|f| set(f, event_target_value(&ev)))
            />
            {hint
                .map(|h| {
                    view! {
                        <span id=hint_id.clone() class="text-xs text-stone-500">
                            {move || i18n.t(h)}
                        </span>
                    }
                })}
        </label>
    }
}

/// Shipping (with its fee, ₩0 allowed) or pick-up in person (with an area). Both inputs are always in
/// the page, so the form works before hydration; the one that does not apply is ignored by the server.
#[component]
fn DeliveryFields(form: RwSignal<ListingForm>) -> impl IntoView {
    let i18n = use_i18n();
    let pickup = move || form.with(|f| f.delivery == "pickup");
    let choice = move |value: &'static str, label: Key| {
        view! {
            <label class="cursor-pointer rounded-full border px-4 py-1.5 text-sm has-[:checked]:border-brand has-[:checked]:text-brand">
                <input
                    type="radio"
                    name="form[delivery]"
                    value=value
                    class="sr-only"
                    prop:checked=move || form.with(|f| f.delivery == value || (value == "shipping" && f.delivery.is_empty()))
                    on:change=move |_| form.update(|f| f.delivery = value.to_string())
                    data-testid=format!("delivery-{value}")
                />
                {move || i18n.t(label)}
            </label>
        }
    };
    view! {
        <fieldset class="flex flex-col gap-2" data-testid="delivery-fields">
            <legend class="text-sm font-medium">{move || i18n.t(Key::DeliveryLegend)}</legend>
            <div class="flex flex-wrap gap-2">{choice("shipping", Key::DeliveryShipping)} {choice("pickup", Key::DeliveryPickup)}</div>
            <div class="grid gap-3 sm:grid-cols-2">
                <TextField
                    form
                    label=Key::ShippingFeeLabel
                    name="shipping_fee"
                    get=|f| &f.shipping_fee
                    set=|f, v| f.shipping_fee = v
                    placeholder="3,000"
                    hint=Key::ShippingFeeHint
                    dimmed=Signal::derive(pickup)
                />
                <TextField
                    form
                    label=Key::PickupAreaLabel
                    name="pickup_area"
                    get=|f| &f.pickup_area
                    set=|f, v| f.pickup_area = v
                    placeholder_key=Key::SellPickupPlaceholder
                    hint=Key::PickupAreaHint
                    dimmed=Signal::derive(move || !pickup())
                />
            </div>
        </fieldset>
    }
}

/// What the artist would receive, live as they type: at the start price and at the buy-now price, less
/// the commission, plus the shipping.
#[component]
fn NetPreview(form: RwSignal<ListingForm>, commission: Signal<u8>) -> impl IntoView {
    use crate::domain::delivery::payout;
    use crate::domain::listing::parse_won;
    let i18n = use_i18n();
    let shipping = move || {
        form.with(|f| crate::domain::Delivery::parse(&f.delivery, &f.shipping_fee, &f.pickup_area).map(|d| d.fee()).unwrap_or_default())
    };
    let line = move |get: fn(&ListingForm) -> &String| {
        let price = form.with(|f| parse_won(get(f), Key::StartPrice).ok().flatten()).filter(|p| p.amount() > 0)?;
        Some(i18n.locale.get().payout(&payout(price, shipping(), commission.get())))
    };
    view! {
        <div class="rounded-lg bg-stone-50 px-4 py-3 text-sm" aria-live="polite" data-testid="net-preview">
            <p class="font-medium">
                {move || i18n.t(Key::NetPreviewTitle)} " "
                <span class="text-xs text-stone-500">{move || format!("({}%)", commission.get())}</span>
            </p>
            {move || match line(|f| &f.start_price) {
                None => view! { <p class="mt-1 text-stone-500">{i18n.t(Key::NetPreviewEmpty)}</p> }.into_any(),
                Some(start) => {
                    view! {
                        <p class="mt-1" data-testid="net-at-start">
                            <span class="text-stone-500">{i18n.t(Key::NetAtStart)} ": "</span>
                            {start}
                        </p>
                        {line(|f| &f.buy_now_price)
                            .map(|b| {
                                view! {
                                    <p class="mt-1" data-testid="net-at-buy-now">
                                        <span class="text-stone-500">{i18n.t(Key::NetAtBuyNow)} ": "</span>
                                        {b}
                                    </p>
                                }
                            })}
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

/// One `<select>` per taxonomy level; choosing a level offers the next. The full path is submitted.
#[component]
fn GenreSelect(form: RwSignal<ListingForm>) -> impl IntoView {
    let i18n = use_i18n();
    let segments = move || -> Vec<String> { form.get().genre_path.split('/').filter(|s| !s.is_empty()).map(str::to_string).collect() };
    let choose = move |level: usize, value: String| {
        form.update(|f| {
            let mut segs: Vec<String> = f.genre_path.split('/').filter(|s| !s.is_empty()).map(str::to_string).take(level).collect();
            if !value.is_empty() {
                segs.push(value);
            }
            f.genre_path = segs.join("/");
        })
    };
    view! {
        <fieldset class="flex flex-col gap-1.5" data-testid="genre-select">
            <legend class="text-sm font-medium">{move || i18n.t(Key::BrowseGenre)}</legend>
            <input type="hidden" name="form[genre_path]" prop:value=move || form.get().genre_path />
            <div class="flex flex-wrap gap-2">
                {move || {
                    let segs = segments();
                    (0..=segs.len())
                        .filter_map(|level| {
                            let prefix: Vec<&str> = segs.iter().take(level).map(String::as_str).collect();
                            let options = options_below(&prefix)?;
                            if options.is_empty() {
                                return None;
                            }
                            let current = segs.get(level).cloned().unwrap_or_default();
                            Some(
                                view! {
                                    <select
                                        class="min-w-28 rounded-lg border border-stone-300 bg-white px-3 py-2"
                                        data-level=level
                                        aria-label=move || format!("{} {}", i18n.t(Key::GenrePathLabel), level + 1)
                                        on:change=move |ev| choose(level, event_target_value(&ev))
                                    >
                                        <option value="" selected=current.is_empty()>
                                            {move || i18n.t(Key::Choose)}
                                        </option>
                                        {options
                                            .iter()
                                            .map(|o| {
                                                view! {
                                                    <option value=*o selected=current == *o>
                                                        {move || i18n.locale.get().genre_segment(o)}
                                                    </option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                },
                            )
                        })
                        .collect_view()
                }}
            </div>
        </fieldset>
    }
}
