//! `/me/profile`: the owner's settings — avatar, bio (markdown, shown sanitised), shipping address and
//! password. Visitors are sent to log in and brought back. Every form also works before hydration.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

use super::{error_of, Field, Notice, SubmitRow};
use crate::api::account::{
    get_my_profile, ChangeEmail, ChangePassword, SendEmailCode, SetShippingAddress, SetTimeZone, UpdateBio, VerifyEmail,
};
use crate::domain::account::{MyProfile, BIO_MAX_CHARS};
use crate::error::ErrorKind;
use crate::i18n::{use_i18n, Key};

const INPUT: &str =
    "rounded-lg border border-stone-300 bg-white px-3 py-2.5 text-base outline-none focus:border-brand focus:ring-2 focus:ring-brand/20";

#[component]
pub fn ProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let bio = ServerAction::<UpdateBio>::new();
    let shipping = ServerAction::<SetShippingAddress>::new();
    let password = ServerAction::<ChangePassword>::new();
    let email = EmailActions { verify: ServerAction::new(), resend: ServerAction::new(), change: ServerAction::new() };
    let profile = Resource::new_blocking(
        move || (bio.version().get(), shipping.version().get(), email.verify.version().get(), email.change.version().get()),
        |_| get_my_profile(),
    );
    let query = use_query_map();
    // After a plain-form avatar upload failed (`?error=avatar`): its message, kept in the session's flash.
    let failed = Resource::new_blocking(
        move || query.with(|q| q.get("error").is_some()),
        |failed| async move {
            if failed {
                crate::api::account::take_flash().await
            } else {
                Ok(None)
            }
        },
    );
    view! {
        <Title text=move || i18n.t(Key::ProfileTitle) />
        <Suspense fallback=move || {
            view! { <p class="px-4 py-10 text-center text-stone-500">{i18n.t(Key::Loading)}</p> }
        }>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(p) => {
                        view! {
                            <section class="mx-auto flex max-w-2xl flex-col gap-10 px-4 py-12" data-testid="profile-page">
                                <h1 class="text-2xl font-bold">{move || i18n.t(Key::ProfileTitle)}</h1>
                                <Notice text=Signal::derive(move || failed.get().and_then(Result::ok).flatten()) error=true />
                                <AccountCard profile=p.clone() />
                                <EmailSection actions=email profile=p.clone() />
                                <AvatarForm url=p.avatar_url.clone() />
                                <BioForm action=bio current=p.bio.clone() html=p.bio_html.clone() />
                                <ShippingForm action=shipping profile=p.clone() />
                                <TimeZoneForm current=p.time_zone.clone() />
                                <PasswordForm action=password has_password=p.has_password />
                            </section>
                        }
                            .into_any()
                    }
                    Err(e) if e.kind == ErrorKind::Unauthorized => view! { <Redirect path="/login?next=/me/profile" /> }.into_any(),
                    Err(e) => {
                        view! {
                            <p role="alert" class="px-4 py-10 text-center text-red-700">
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

/// A form's submit row and, once a submission has succeeded, its note above it (e.g. 저장했습니다.).
#[component]
fn DoneRow<S>(action: ServerAction<S>, done: Key, label: Key, #[prop(optional)] testid: Option<&'static str>) -> impl IntoView
where
    S: leptos::server_fn::ServerFn<Error = crate::error::AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    view! {
        {move || {
            action
                .value()
                .get()
                .is_some_and(|r| r.is_ok())
                .then(|| {
                    view! {
                        <p role="status" class="text-sm text-emerald-700" data-testid=testid>
                            {move || i18n.t(done)}
                        </p>
                    }
                })
        }}
        <SubmitRow
            error=Signal::derive(move || error_of(action.value().get()))
            pending=action.pending()
            label=Signal::derive(move || i18n.t(label))
        />
    }
}

#[component]
fn Section(#[prop(into)] title: Signal<&'static str>, children: Children) -> impl IntoView {
    view! {
        <div class="rounded-2xl border border-stone-200 bg-white p-5 sm:p-6">
            <h2 class="text-lg font-semibold">{title}</h2>
            <div class="mt-4">{children()}</div>
        </div>
    }
}

#[component]
fn AccountCard(profile: MyProfile) -> impl IntoView {
    let i18n = use_i18n();
    let row = move |label: Key, value: String| {
        view! {
            <div class="flex justify-between gap-4 py-1.5 text-sm">
                <dt class="text-stone-500">{move || i18n.t(label)}</dt>
                <dd class="text-right font-medium">{value}</dd>
            </div>
        }
    };
    view! {
        <Section title=Signal::derive(move || i18n.t(Key::ProfileAccount))>
            <dl class="divide-y divide-stone-100">
                {row(Key::FieldNickname, profile.nickname.clone())} {row(Key::FieldEmail, profile.email.clone())}
                {row(Key::FieldPhone, profile.phone_masked.clone().unwrap_or_else(|| "-".into()))}
                {profile.college.clone().map(|c| row(Key::FieldCollege, c))}
                {(!profile.social.is_empty())
                    .then(|| row(
                        Key::SocialDivider,
                        profile.social.iter().map(|p| i18n.locale.get_untracked().social_provider(*p)).collect::<Vec<_>>().join(", "),
                    ))}
            </dl>
        </Section>
    }
}

#[derive(Clone, Copy)]
struct EmailActions {
    verify: ServerAction<VerifyEmail>,
    resend: ServerAction<SendEmailCode>,
    change: ServerAction<ChangeEmail>,
}

/// The address's state; while unverified, the code form and a resend button; and the change form.
#[component]
fn EmailSection(actions: EmailActions, profile: MyProfile) -> impl IntoView {
    let i18n = use_i18n();
    let EmailActions { verify, resend, change } = actions;
    let verified = profile.email_verified;
    view! {
        <div id="email" class="rounded-2xl border border-stone-200 bg-white p-5 sm:p-6" data-testid="email-section">
            <h2 class="flex items-center gap-2 text-lg font-semibold">
                {move || i18n.t(Key::EmailTitle)}
                <span
                    class="rounded-full px-2 py-0.5 text-xs font-semibold"
                    class:bg-emerald-50=verified
                    class:text-emerald-800=verified
                    class:bg-amber-50=!verified
                    class:text-amber-900=!verified
                    data-testid="email-status"
                >
                    {move || i18n.t(if verified { Key::EmailVerifiedBadge } else { Key::EmailUnverifiedBadge })}
                </span>
                {profile
                    .verified_student
                    .then(|| {
                        view! {
                            <span class="rounded-full bg-brand/10 px-2 py-0.5 text-xs font-semibold text-brand-dark">
                                "✓ "{move || i18n.t(Key::VerifiedStudent)}
                            </span>
                        }
                    })}
            </h2>
            <p class="mt-2 text-sm font-medium">{profile.email.clone()}</p>
            {(!verified)
                .then(|| {
                    view! {
                        <p class="mt-3 text-sm text-stone-600" role="note">
                            {move || i18n.t(Key::EmailPrompt)}
                        </p>
                        <ActionForm action=verify attr:class="mt-4 flex flex-col gap-3" attr:data-testid="verify-email-form">
                            <Field
                                label=Signal::derive(move || i18n.t(Key::EmailCodeLabel))
                                name="code"
                                kind="text"
                                autocomplete="one-time-code"
                            />
                            <SubmitRow
                                error=Signal::derive(move || error_of(verify.value().get()))
                                pending=verify.pending()
                                label=Signal::derive(move || i18n.t(Key::EmailVerifySubmit))
                            />
                        </ActionForm>
                        <ActionForm action=resend attr:class="mt-3" attr:data-testid="resend-email-form">
                            <button
                                type="submit"
                                class="text-sm font-medium text-brand underline-offset-2 hover:underline"
                                disabled=move || resend.pending().get()
                            >
                                {move || i18n.t(Key::EmailResend)}
                            </button>
                            {move || match resend.value().get() {
                                Some(Ok(masked)) => {
                                    Some(
                                        view! {
                                            <p role="status" class="mt-1 text-sm text-emerald-700">
                                                {i18n.t(Key::EmailSentTo)}
                                                " "
                                                {masked}
                                            </p>
                                        }
                                            .into_any(),
                                    )
                                }
                                Some(Err(e)) => {
                                    Some(
                                        view! {
                                            <p role="alert" class="mt-1 text-sm text-red-700">
                                                {e.message}
                                            </p>
                                        }
                                            .into_any(),
                                    )
                                }
                                None => None,
                            }}
                        </ActionForm>
                    }
                })}
            {move || {
                verify
                    .value()
                    .get()
                    .is_some_and(|r| r.is_ok())
                    .then(|| {
                        view! {
                            <p role="status" class="mt-3 text-sm text-emerald-700">
                                {i18n.t(Key::EmailVerifiedDone)}
                            </p>
                        }
                    })
            }}
            <details class="mt-5">
                <summary class="cursor-pointer text-sm font-medium text-stone-700">{move || i18n.t(Key::EmailChangeTitle)}</summary>
                <ActionForm action=change attr:class="mt-3 flex flex-col gap-4" attr:data-testid="change-email-form">
                    <Field label=Signal::derive(move || i18n.t(Key::FieldNewEmail)) name="email" kind="email" autocomplete="email" />
                    {profile
                        .has_password
                        .then(|| {
                            view! {
                                <Field
                                    label=Signal::derive(move || i18n.t(Key::FieldCurrentPassword))
                                    name="current_password"
                                    kind="password"
                                    autocomplete="current-password"
                                />
                            }
                        })}
                    <DoneRow action=change done=Key::EmailChanged label=Key::EmailChangeSubmit />
                </ActionForm>
            </details>
        </div>
    }
}

#[component]
fn AvatarForm(url: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Section title=Signal::derive(move || i18n.t(Key::ProfileAvatar))>
            <form
                method="post"
                action="/api/me/avatar"
                enctype="multipart/form-data"
                class="flex flex-wrap items-center gap-4"
                data-testid="avatar-form"
            >
                {match url {
                    Some(src) => {
                        view! { <img src=src alt="" class="h-20 w-20 rounded-full object-cover" data-testid="avatar" /> }.into_any()
                    }
                    None => view! { <div class="h-20 w-20 rounded-full bg-stone-200" /> }.into_any(),
                }}
                <div class="flex flex-col gap-2">
                    <input
                        type="file"
                        name="avatar"
                        accept="image/jpeg,image/png,image/webp"
                        required=true
                        class="text-sm"
                        aria-label=move || i18n.t(Key::ProfileAvatar)
                    />
                    <p class="text-xs text-stone-500">{move || i18n.t(Key::ProfileAvatarHint)}</p>
                </div>
                <button type="submit" class="rounded-full bg-ink px-5 py-2 text-sm font-semibold text-white">
                    {move || i18n.t(Key::ProfileAvatarUpload)}
                </button>
            </form>
        </Section>
    }
}

#[component]
fn BioForm(action: ServerAction<UpdateBio>, current: String, html: String) -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(current);
    view! {
        <Section title=Signal::derive(move || i18n.t(Key::ProfileBio))>
            <ActionForm action attr:class="flex flex-col gap-3" attr:data-testid="bio-form">
                <textarea
                    name="bio"
                    rows="5"
                    maxlength=BIO_MAX_CHARS
                    class=INPUT
                    bind:value=text
                    aria-label=move || i18n.t(Key::ProfileBio)
                ></textarea>
                <p class="text-right text-xs text-stone-500">{move || format!("{} / {BIO_MAX_CHARS}", text.get().chars().count())}</p>
                <DoneRow action=action done=Key::Saved label=Key::Save />
            </ActionForm>
            {(!html.is_empty())
                .then(|| {
                    view! {
                        <div class="mt-5 border-t border-stone-100 pt-4">
                            <p class="text-xs font-medium text-stone-500">{move || i18n.t(Key::ProfileBioPreview)}</p>
                            // Rendered and sanitised on the server (ammonia allow-list).
                            <div class="prose prose-stone mt-2 max-w-none text-sm" data-testid="bio-html" inner_html=html></div>
                        </div>
                    }
                })}
        </Section>
    }
}

#[component]
fn ShippingForm(action: ServerAction<SetShippingAddress>, profile: MyProfile) -> impl IntoView {
    let i18n = use_i18n();
    let a = profile.shipping.unwrap_or_default();
    let field = move |label: Key, name: &'static str, value: String, required: bool| {
        let value = RwSignal::new(value);
        view! { <Field label=Signal::derive(move || i18n.t(label)) name value required /> }
    };
    view! {
        <Section title=Signal::derive(move || i18n.t(Key::ProfileShipping))>
            <ActionForm action attr:class="grid gap-4 sm:grid-cols-2" attr:data-testid="shipping-form">
                {field(Key::FieldRecipient, "recipient", a.recipient, true)}
                {field(Key::FieldPhone, "phone", a.phone, true)}
                {field(Key::FieldPostalCode, "postal_code", a.postal_code, true)}
                <div class="sm:col-span-2">{field(Key::FieldAddress1, "address1", a.address1, true)}</div>
                <div class="sm:col-span-2">{field(Key::FieldAddress2, "address2", a.address2, false)}</div>
                <div class="flex flex-col sm:col-span-2">
                    <DoneRow action=action done=Key::Saved label=Key::Save />
                </div>
            </ActionForm>
        </Section>
    }
}

/// The member's time zone: the site's default or one of the usual zones (their current one even if it is
/// not among them). Saving re-renders every time on the page in the new zone.
#[component]
fn TimeZoneForm(current: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetTimeZone>::new();
    Effect::new(move |_| {
        if let Some(Ok(zone)) = action.value().get() {
            if let Some(tz) = crate::domain::time::parse_zone(&zone) {
                i18n.tz.set(tz);
            }
        }
    });
    let mut zones: Vec<String> = crate::domain::time::ZONES.iter().map(|z| z.to_string()).collect();
    if let Some(c) = current.as_ref().filter(|c| !zones.contains(c)) {
        zones.push(c.clone());
    }
    let selected = current.unwrap_or_default();
    view! {
        <Section title=Signal::derive(move || i18n.t(Key::ProfileTimeZone))>
            <ActionForm action attr:class="flex flex-col gap-3" attr:data-testid="time-zone-form">
                <label class="flex flex-col gap-1.5 text-sm font-medium">
                    {move || i18n.t(Key::ProfileTimeZone)} <select name="time_zone" class=INPUT data-testid="time-zone">
                        <option value="" selected=selected.is_empty()>
                            {move || i18n.t(Key::ProfileTimeZoneSite)}
                        </option>
                        {zones
                            .into_iter()
                            .map(|zone| {
                                let is_selected = zone == selected;
                                let label = zone.clone();
                                view! {
                                    <option value=zone selected=is_selected>
                                        {move || i18n.locale.get().zone_label(&label)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <p class="text-xs text-stone-500">{move || i18n.t(Key::ProfileTimeZoneHint)}</p>
                <DoneRow action=action done=Key::Saved label=Key::Save testid="time-zone-saved" />
            </ActionForm>
        </Section>
    }
}

#[component]
fn PasswordForm(action: ServerAction<ChangePassword>, has_password: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Section title=Signal::derive(move || {
            i18n.t(Key::ProfilePassword)
        })>
            {if has_password {
                view! {
                    <ActionForm action attr:class="flex flex-col gap-4" attr:data-testid="password-form">
                        <Field
                            label=Signal::derive(move || i18n.t(Key::FieldCurrentPassword))
                            name="current_password"
                            kind="password"
                            autocomplete="current-password"
                        />
                        <Field
                            label=Signal::derive(move || i18n.t(Key::FieldNewPassword))
                            name="new_password"
                            kind="password"
                            autocomplete="new-password"
                        />
                        <DoneRow action=action done=Key::ProfilePasswordChanged label=Key::ProfilePassword />
                    </ActionForm>
                }
                    .into_any()
            } else {
                view! {
                    <p class="text-sm text-stone-600">{move || i18n.t(Key::ProfileNoPassword)}</p>
                    <a href="/reset-password" class="mt-2 inline-block text-sm font-medium text-brand">
                        {move || i18n.t(Key::ResetPasswordTitle)}
                    </a>
                }
                    .into_any()
            }}
        </Section>
    }
}
