//! The page's one live connection: every component that shows a lot registers it here, and a single
//! `EventSource` on `/api/live?lots=…` feeds all of them through signals (plus the unread badge and the
//! server-clock offset for countdowns). The set of lots changes with navigation; the stream is reopened
//! with each lot's last event number, so nothing is missed or repeated. Going offline closes it; coming
//! back online reopens it from the same cursor. On the server this is inert (signals only).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use crate::domain::{BidEntry, LotEvent, LotEventKind, LotSnapshot};

/// One lot's live state: the latest snapshot (none until the first event for lots a card registered
/// without one) and the bids that arrived live, newest first.
#[derive(Clone, Copy)]
pub struct LotLive {
    pub snapshot: RwSignal<Option<LotSnapshot>>,
    pub new_bids: RwSignal<Vec<BidEntry>>,
    /// Bids an admin voided while the page was open (dropped from the history).
    pub voided: RwSignal<Vec<u32>>,
}

#[derive(Clone, Copy)]
struct Entry {
    live: LotLive,
    watchers: usize,
}

#[derive(Clone, Copy)]
pub struct LiveHub {
    /// The hub's own reactive owner: lot signals live as long as some component watches the lot, not as
    /// long as the first one that did.
    owner: StoredValue<Owner>,
    entries: StoredValue<BTreeMap<u64, Entry>>,
    /// The lots wanted right now (the connection follows this).
    wanted: RwSignal<Vec<u64>>,
    /// Unread notifications of the logged-in viewer (`None` for visitors).
    pub unread: RwSignal<Option<u32>>,
    /// Server clock minus device clock, in milliseconds (from each event's server time).
    pub offset_ms: RwSignal<i64>,
    pub connected: RwSignal<bool>,
}

pub fn provide_live_hub() -> LiveHub {
    let hub = LiveHub {
        owner: StoredValue::new(Owner::current().expect("provide_live_hub runs inside the app")),
        entries: StoredValue::new(BTreeMap::new()),
        wanted: RwSignal::new(Vec::new()),
        unread: RwSignal::new(None),
        offset_ms: RwSignal::new(0),
        connected: RwSignal::new(false),
    };
    provide_context(hub);
    #[cfg(feature = "hydrate")]
    client::connect(hub);
    hub
}

pub fn use_live_hub() -> LiveHub {
    use_context::<LiveHub>().expect("LiveHub is provided by App")
}

impl LiveHub {
    /// Registers interest in a lot for as long as the calling component lives.
    pub fn watch(self, lot_id: u64, initial: Option<LotSnapshot>) -> LotLive {
        let owner = self.owner.get_value();
        let live = self.entries.try_update_value(|entries| {
            let entry = entries.entry(lot_id).or_insert_with(|| Entry {
                live: owner.with(|| LotLive {
                    snapshot: RwSignal::new(None),
                    new_bids: RwSignal::new(Vec::new()),
                    voided: RwSignal::new(Vec::new()),
                }),
                watchers: 0,
            });
            entry.watchers += 1;
            entry.live
        });
        let live = live.expect("hub storage is alive");
        if let Some(initial) = initial {
            self.apply_snapshot(live, initial);
        }
        if !self.wanted.with_untracked(|w| w.contains(&lot_id)) {
            self.wanted.update(|w| {
                w.push(lot_id);
                w.sort_unstable();
            });
        }
        on_cleanup(move || {
            let gone = self
                .entries
                .try_update_value(|entries| {
                    let remove = entries.get_mut(&lot_id).map(|e| {
                        e.watchers = e.watchers.saturating_sub(1);
                        e.watchers == 0
                    });
                    if remove == Some(true) {
                        if let Some(e) = entries.remove(&lot_id) {
                            e.live.snapshot.dispose();
                            e.live.new_bids.dispose();
                            e.live.voided.dispose();
                        }
                    }
                    remove == Some(true)
                })
                .unwrap_or(false);
            if gone {
                self.wanted.try_update(|w| w.retain(|l| *l != lot_id));
            }
        });
        live
    }

    /// Takes a snapshot if it is newer than what the lot shows (from the stream or a bid's answer).
    pub fn apply_snapshot(self, live: LotLive, snapshot: LotSnapshot) {
        let newer = live.snapshot.with_untracked(|s| s.as_ref().is_none_or(|s| snapshot.seq >= s.seq));
        if newer {
            live.snapshot.set(Some(snapshot));
        }
    }

    /// A bid's own answer: shown at once only when it is the very next event (otherwise the stream brings
    /// the events in between first, so no history row is skipped).
    pub fn apply_answer(self, live: LotLive, snapshot: LotSnapshot) {
        let next = live.snapshot.with_untracked(|s| s.as_ref().is_some_and(|s| snapshot.seq == s.seq + 1));
        if next {
            live.snapshot.set(Some(snapshot));
        }
    }

    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    fn apply_event(self, event: LotEvent) {
        let Some(live) = self.entries.with_value(|e| e.get(&event.lot.lot_id).map(|e| e.live)) else { return };
        if let Some(bid) = event.bid.clone() {
            live.new_bids.update(|bids| {
                if !bids.iter().any(|b| b.seq == bid.seq) {
                    bids.insert(0, bid);
                    bids.truncate(100);
                }
            });
        }
        if let Some(seq) = event.voided_seq {
            live.voided.update(|v| v.push(seq));
        }
        // A void recomputes the lot (its price may go down): its snapshot is taken as it comes.
        if event.kind == LotEventKind::Voided {
            live.snapshot.set(Some(event.lot));
        } else {
            self.apply_snapshot(live, event.lot);
        }
        self.set_server_time(event.server_time);
    }

    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    fn set_server_time(self, server_time: DateTime<Utc>) {
        self.offset_ms.set((server_time - Utc::now()).num_milliseconds());
    }

    /// `lots=` for (re)connecting: each lot with the last event number this page has (at most the
    /// server's limit of 100 lots per stream).
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    fn cursor(self) -> String {
        let ids: Vec<u64> = self.wanted.get_untracked().into_iter().take(100).collect();
        self.entries.with_value(|entries| {
            ids.iter()
                .map(|id| match entries.get(id).and_then(|e| e.live.snapshot.get_untracked()) {
                    Some(s) => format!("{id}:{}", s.seq),
                    None => id.to_string(),
                })
                .collect::<Vec<_>>()
                .join(",")
        })
    }
}

#[cfg(feature = "hydrate")]
mod client {
    use std::cell::RefCell;

    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use web_sys::{EventSource, MessageEvent};

    use super::*;

    struct Connection {
        source: EventSource,
        _handlers: Vec<Closure<dyn FnMut(MessageEvent)>>,
    }

    impl Drop for Connection {
        fn drop(&mut self) {
            self.source.close();
        }
    }

    thread_local! {
        static CURRENT: RefCell<Option<Connection>> = const { RefCell::new(None) };
    }

    fn open(hub: LiveHub) {
        CURRENT.with(|c| c.borrow_mut().take());
        hub.connected.set(false);
        let lots = hub.cursor();
        // Visitors with no lot on the page need no stream; members keep one for the unread badge.
        if lots.is_empty() && hub.unread.get_untracked().is_none() {
            return;
        }
        let url = format!("/api/live?lots={lots}");
        let Ok(source) = EventSource::new(&url) else { return };
        let mut handlers = Vec::new();
        let mut on = |name: &str, f: Box<dyn FnMut(MessageEvent)>| {
            let closure = Closure::wrap(f);
            let _ = source.add_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
            handlers.push(closure);
        };
        for name in ["lot", "sync"] {
            on(
                name,
                Box::new(move |e: MessageEvent| {
                    if let Some(event) = e.data().as_string().and_then(|d| serde_json::from_str::<LotEvent>(&d).ok()) {
                        hub.apply_event(event);
                    }
                }),
            );
        }
        on(
            "notice",
            Box::new(move |e: MessageEvent| {
                let unread = e
                    .data()
                    .as_string()
                    .and_then(|d| serde_json::from_str::<serde_json::Value>(&d).ok())
                    .and_then(|v| v["unread"].as_u64());
                if let Some(n) = unread {
                    hub.unread.set(Some(n as u32));
                }
            }),
        );
        for name in ["ready", "ping"] {
            on(
                name,
                Box::new(move |e: MessageEvent| {
                    hub.connected.set(true);
                    let time = e.data().as_string().and_then(|d| serde_json::from_str::<serde_json::Value>(&d).ok());
                    if let Some(t) = time.and_then(|v| v["server_time"].as_str().and_then(|s| s.parse::<DateTime<Utc>>().ok())) {
                        hub.set_server_time(t);
                    }
                }),
            );
        }
        // The browser reconnects by itself (sending Last-Event-ID); meanwhile show that we are offline. When it
        // gives up (an error status, e.g. a proxy's 502 during a deploy), reopen from our cursor after a pause.
        let source_ref = source.clone();
        on(
            "error",
            Box::new(move |_| {
                hub.connected.set(false);
                if source_ref.ready_state() == EventSource::CLOSED {
                    set_timeout(move || open(hub), std::time::Duration::from_secs(3));
                }
            }),
        );
        CURRENT.with(|c| *c.borrow_mut() = Some(Connection { source, _handlers: handlers }));
    }

    pub fn connect(hub: LiveHub) {
        // (Re)open whenever the set of lots (or being logged in) changes.
        let member = Memo::new(move |_| hub.unread.with(Option::is_some));
        Effect::new(move |_| {
            hub.wanted.track();
            member.track();
            open(hub);
        });
        let window = leptos::prelude::window();
        let offline = Closure::<dyn FnMut()>::new(move || {
            CURRENT.with(|c| c.borrow_mut().take());
            hub.connected.set(false);
        });
        let online = Closure::<dyn FnMut()>::new(move || open(hub));
        let _ = window.add_event_listener_with_callback("offline", offline.as_ref().unchecked_ref());
        let _ = window.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
        // Page-lifetime listeners.
        offline.forget();
        online.forget();
    }
}
