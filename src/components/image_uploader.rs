//! Picks image files, uploads each (with a progress bar) to an upload endpoint, and keeps them in order
//! (drag, or the arrow buttons); the first is the cover. The form posts the uploaded ids in order.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Key};

/// An image in an editor: uploaded (has an id) or still uploading (progress 0–100), or failed.
#[derive(Clone, Debug, PartialEq)]
pub struct UploadSlot {
    pub key: u32,
    pub id: Option<String>,
    pub thumb_url: Option<String>,
    pub progress: u8,
    pub error: Option<String>,
}

impl UploadSlot {
    /// An image the work or review already has.
    pub fn existing(key: u32, id: Option<String>, thumb_url: String) -> Self {
        UploadSlot { key, id, thumb_url: Some(thumb_url), progress: 100, error: None }
    }
}

/// The uploaded ids in order, comma-separated (what the forms post).
pub fn uploaded_ids(images: &[UploadSlot]) -> String {
    images.iter().filter_map(|i| i.id.clone()).collect::<Vec<_>>().join(",")
}

/// Whether an image is still on its way.
pub fn any_uploading(images: &[UploadSlot]) -> bool {
    images.iter().any(|i| i.id.is_none() && i.error.is_none())
}

#[component]
pub fn ImageUploader(
    /// The images, in order; the editor owns them.
    images: RwSignal<Vec<UploadSlot>>,
    /// The next free slot key.
    next_key: StoredValue<u32>,
    /// Where files are posted (multipart field `image`).
    endpoint: &'static str,
    /// How many images fit; the add button goes away at the limit.
    #[prop(into)]
    max: Signal<usize>,
    /// The field's label.
    #[prop(into)]
    label: Signal<&'static str>,
    /// One line under the label (formats, size, order).
    #[prop(into)]
    hint: Signal<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let dragging = RwSignal::new(None::<usize>);
    let move_image = move |from: usize, to: usize| {
        images.update(|list| {
            if from < list.len() && to < list.len() && from != to {
                let item = list.remove(from);
                list.insert(to, item);
            }
        })
    };
    let on_files = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            let Some(files) = input.files() else { return };
            let room = max.get_untracked().saturating_sub(images.with_untracked(|l| l.iter().filter(|i| i.error.is_none()).count()));
            for i in 0..files.length().min(room as u32) {
                let Some(file) = files.get(i) else { continue };
                let key = next_key.get_value();
                next_key.set_value(key + 1);
                images.update(|l| l.push(UploadSlot { key, id: None, thumb_url: None, progress: 0, error: None }));
                upload::start(file, key, images, endpoint);
            }
            input.set_value("");
        }
        let _ = (ev, next_key, endpoint);
    };
    let full = move || images.with(|l| l.iter().filter(|i| i.error.is_none()).count()) >= max.get();
    view! {
        <div class="flex flex-col gap-2" data-testid="image-uploader">
            <span class="text-sm font-medium">{move || label.get()}</span>
            <p class="text-xs text-stone-500">{move || hint.get()}</p>
            <ul class="grid grid-cols-3 gap-3 sm:grid-cols-5">
                <For
                    each=move || images.get().into_iter().enumerate()
                    key=|(i, img)| (img.key, *i, img.progress, img.id.clone(), img.error.clone())
                    let:item
                >
                    {
                        let (index, img) = item;
                        view! {
                            <li
                                class="relative overflow-hidden rounded-lg border border-stone-200 bg-stone-100"
                                draggable="true"
                                data-testid="uploaded-image"
                                on:dragstart=move |_| dragging.set(Some(index))
                                on:dragover=move |ev| ev.prevent_default()
                                on:drop=move |ev| {
                                    ev.prevent_default();
                                    if let Some(from) = dragging.get_untracked() {
                                        move_image(from, index);
                                    }
                                    dragging.set(None);
                                }
                            >
                                {match img.thumb_url.clone() {
                                    Some(src) => view! { <img src=src alt="" class="aspect-square w-full object-cover" /> }.into_any(),
                                    None => view! { <div class="aspect-square w-full"></div> }.into_any(),
                                }}
                                {(index == 0)
                                    .then(|| {
                                        view! {
                                            <span class="absolute left-1 top-1 rounded bg-brand px-1.5 text-xs text-white">
                                                {i18n.t(Key::SellCover)}
                                            </span>
                                        }
                                    })}
                                {(img.id.is_none() && img.error.is_none())
                                    .then(|| {
                                        view! {
                                            <div
                                                class="absolute inset-x-2 bottom-2 h-1.5 overflow-hidden rounded bg-white/70"
                                                role="progressbar"
                                                aria-valuenow=img.progress
                                                aria-valuemin="0"
                                                aria-valuemax="100"
                                            >
                                                <div class="h-full bg-brand transition-all" style=format!("width: {}%", img.progress)></div>
                                            </div>
                                        }
                                    })}
                                {img
                                    .error
                                    .clone()
                                    .map(|e| {
                                        view! {
                                            <p role="alert" class="absolute inset-x-0 bottom-0 bg-red-600/90 p-1 text-xs text-white">
                                                {e}
                                            </p>
                                        }
                                    })}
                                <div class="absolute right-1 top-1 flex gap-1">
                                    <button
                                        type="button"
                                        class="rounded bg-white/90 px-1.5 text-xs"
                                        aria-label=move || i18n.t(Key::MoveEarlier)
                                        on:click=move |_| move_image(index, index.saturating_sub(1))
                                    >
                                        "◀"
                                    </button>
                                    <button
                                        type="button"
                                        class="rounded bg-white/90 px-1.5 text-xs"
                                        aria-label=move || i18n.t(Key::MoveLater)
                                        on:click=move |_| move_image(index, index + 1)
                                    >
                                        "▶"
                                    </button>
                                    <button
                                        type="button"
                                        class="rounded bg-white/90 px-1.5 text-xs"
                                        aria-label=move || i18n.t(Key::RemoveImage)
                                        on:click=move |_| {
                                            images
                                                .update(|l| {
                                                    if index < l.len() {
                                                        l.remove(index);
                                                    }
                                                })
                                        }
                                    >
                                        "✕"
                                    </button>
                                </div>
                            </li>
                        }
                    }
                </For>
                <Show when=move || !full()>
                    <li>
                        <label class="flex aspect-square cursor-pointer flex-col items-center justify-center rounded-lg border-2 border-dashed border-stone-300 text-sm text-stone-500 hover:border-brand">
                            <span class="text-2xl">"+"</span>
                            <span>{move || i18n.t(Key::SellAddImages)}</span>
                            <input
                                type="file"
                                accept="image/jpeg,image/png,image/webp"
                                multiple=true
                                class="sr-only"
                                data-testid="image-input"
                                on:change=on_files
                            />
                        </label>
                    </li>
                </Show>
            </ul>
        </div>
    }
}

/// Uploading with `XMLHttpRequest`, which (unlike `fetch`) reports upload progress.
#[cfg(feature = "hydrate")]
mod upload {
    use leptos::prelude::*;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    use super::UploadSlot;

    fn update(images: RwSignal<Vec<UploadSlot>>, key: u32, f: impl FnOnce(&mut UploadSlot)) {
        images.update(|l| {
            if let Some(img) = l.iter_mut().find(|i| i.key == key) {
                f(img);
            }
        });
    }

    pub fn start(file: web_sys::File, key: u32, images: RwSignal<Vec<UploadSlot>>, endpoint: &str) {
        let fail = move |message: String| update(images, key, |i| i.error = Some(message));
        let i18n = crate::i18n::use_i18n();
        let Ok(xhr) = web_sys::XmlHttpRequest::new() else { return fail(i18n.t(crate::i18n::Key::UploadCannotStart).into()) };
        let Ok(data) = web_sys::FormData::new() else { return fail(i18n.t(crate::i18n::Key::UploadCannotStart).into()) };
        if data.append_with_blob("image", &file).is_err() || xhr.open("POST", endpoint).is_err() {
            return fail(i18n.t(crate::i18n::Key::UploadCannotStart).into());
        }
        if let Ok(upload) = xhr.upload() {
            let progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |ev: web_sys::ProgressEvent| {
                if ev.length_computable() && ev.total() > 0.0 {
                    let pct = ((ev.loaded() / ev.total()) * 95.0) as u8;
                    update(images, key, |i| i.progress = pct);
                }
            });
            upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
            progress.forget();
        }
        let done_xhr = xhr.clone();
        let done = Closure::<dyn FnMut()>::new(move || {
            let body = done_xhr.response_text().ok().flatten().unwrap_or_default();
            let json: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
            if done_xhr.status().unwrap_or(0) == 200 {
                update(images, key, |i| {
                    i.id = json["id"].as_str().map(str::to_string);
                    i.thumb_url = json["thumb_url"].as_str().map(str::to_string);
                    i.progress = 100;
                });
            } else {
                let message = json["message"].as_str().unwrap_or(i18n.t(crate::i18n::Key::UploadFailed)).to_string();
                update(images, key, |i| i.error = Some(message));
            }
        });
        xhr.set_onloadend(Some(done.as_ref().unchecked_ref()));
        done.forget();
        if xhr.send_with_opt_form_data(Some(&data)).is_err() {
            fail(i18n.t(crate::i18n::Key::UploadFailed).into());
        }
    }
}
