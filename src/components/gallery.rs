//! Images of a work or a review: the selected image large, the others as thumbnails to pick.

use leptos::prelude::*;

use crate::domain::ArtworkImage;

#[component]
pub fn Gallery(
    /// The images in order; the first is shown first.
    images: Vec<ArtworkImage>,
) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    let selected = RwSignal::new(0usize);
    let main_images = images.clone();
    view! {
        <div class="overflow-hidden rounded-xl bg-stone-100">
            {move || {
                main_images
                    .get(selected.get())
                    .map(|img| {
                        view! {
                            <img
                                src=img.url.clone()
                                alt=""
                                width=img.width
                                height=img.height
                                class="max-h-[75vh] w-full object-contain"
                                data-testid="main-image"
                            />
                        }
                    })
            }}
        </div>
        {(images.len() > 1)
            .then(|| {
                view! {
                    <div class="mt-3 flex gap-2 overflow-x-auto" data-testid="thumbnails">
                        {images
                            .iter()
                            .enumerate()
                            .map(|(i, img)| {
                                view! {
                                    <button
                                        type="button"
                                        on:click=move |_| selected.set(i)
                                        aria-label=move || i18n.locale.get().photos(i as u32 + 1, true)
                                        class="h-16 w-16 flex-none overflow-hidden rounded-md border-2"
                                        class:border-brand=move || selected.get() == i
                                        class:border-transparent=move || selected.get() != i
                                    >
                                        <img src=img.thumb_url.clone() alt="" loading="lazy" class="h-full w-full object-cover" />
                                    </button>
                                }
                            })
                            .collect_view()}
                    </div>
                }
            })}
    }
}
