//! Live updates: `GET /api/live?lots=12:5,13:0` — one Server-Sent Events stream per page, for any number
//! of lots (≤ 100), plus the viewer's unread-notification count.
//!
//! Delivery: after a state change commits, its event is published on a Redis channel; every instance
//! relays that channel into one in-process broadcast ring, which its connections read. Each connection
//! keeps a cursor (lot → last event number sent) and is exact per lot: duplicates are dropped, a gap
//! (missed publish, lagging behind the ring, Redis reconnect) is filled from the `lot_events` table.
//! The event id is the whole cursor, so a reconnecting EventSource (`Last-Event-ID`) resumes exactly.
//! A slow client only falls behind in the shared ring (bounded) and then catches up from the database;
//! it never blocks the relay or other clients.
//!
//! Fan-out cost: a lot event is encoded for the wire once per instance, when it enters the ring (its
//! `server_time` stamped there), as a shared `event:`/`data:` frame; every connection only adds its own
//! `id:` line (its cursor) and hands both buffers to the socket — no per-connection serialisation.

use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use chrono::Utc;
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, Notify, OnceCell};

use super::engine;

mod watchdog;
use super::floor::{Bidders, Floors};
use crate::domain::auction::{decode_cursor, encode_cursor};
use crate::domain::{LotEvent, LotEventKind};
use crate::error::AppError;
use crate::server::AppState;
use watchdog::Watch;

/// Lots one stream may follow.
pub const MAX_LOTS: usize = 100;
/// Shared ring per instance; a connection further behind than this resynchronises from the database.
const RING: usize = 1024;
/// A `ping` event (with the server time, for countdowns) this often; also keeps proxies from timing out.
const PING: Duration = Duration::from_secs(15);
/// The reconnect hint of the last event a stream sends when its process shuts down.
const RECONNECT_AFTER: Duration = Duration::from_secs(1);
/// Events fetched from the database per lot when catching up.
const CATCH_UP_LIMIT: u32 = 500;

/// What travels between instances.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum LiveMessage {
    /// A committed lot change, with who must never be refused by its floor (`floor`).
    Lot { event: LotEvent, bidders: Option<Bidders> },
    /// The user's notifications changed.
    Notice { user_id: u64 },
    /// This instance may have missed messages (Redis reconnected): every connection re-checks the database.
    Resync,
    /// The server time for countdowns, and traffic that keeps proxies from closing idle streams (every
    /// [`PING`], from this instance's watchdog; never published).
    #[serde(skip)]
    Ping,
    /// This process is shutting down: every stream ends with a reconnect hint (never published).
    #[serde(skip)]
    Bye,
}

/// The per-instance hub (in `AppState`).
#[derive(Clone)]
pub struct Live {
    ring: broadcast::Sender<Arc<Relayed>>,
    /// Wakes the closer early (a lot was listed that may end before its current sleep).
    pub wake_closer: Arc<Notify>,
    channel: Arc<OnceCell<String>>,
    /// Set once, when the process starts shutting down: every stream ends with a reconnect hint.
    shutdown: Arc<tokio::sync::watch::Sender<bool>>,
    /// Each live lot's last committed minimum bid, for refusals without the lock (`floor`).
    pub floors: Floors,
    /// The lots this instance's streams follow: how many streams each, and the newest event number
    /// this instance has seen for it (`watchdog_forever`).
    watched: Arc<std::sync::Mutex<HashMap<u64, Watch>>>,
}

impl Default for Live {
    fn default() -> Self {
        Live {
            ring: broadcast::channel(RING).0,
            wake_closer: Arc::new(Notify::new()),
            channel: Arc::new(OnceCell::new()),
            shutdown: Arc::new(tokio::sync::watch::channel(false).0),
            floors: Floors::default(),
            watched: Arc::default(),
        }
    }
}

/// A message as this instance's ring carries it: a lot event already encoded as its shared SSE frame.
pub struct Relayed {
    pub message: LiveMessage,
    /// `event: lot` and `data: …` lines of a lot event, `server_time` stamped when it entered the ring.
    frame: Option<Bytes>,
}

impl Relayed {
    fn new(message: LiveMessage) -> Arc<Self> {
        let frame = match &message {
            LiveMessage::Lot { event, .. } => lot_frame("lot", event),
            LiveMessage::Ping => Some(time_frame("ping")),
            LiveMessage::Bye => Some(Bytes::from(format!("event: bye\nretry: {}\ndata: {{}}\n\n", RECONNECT_AFTER.as_millis()))),
            LiveMessage::Notice { .. } | LiveMessage::Resync => None,
        };
        Arc::new(Relayed { message, frame })
    }
}

/// The `event:` and `data:` lines of a lot event (without the `id:` line and the blank line that ends it),
/// stamped with the current server time.
fn lot_frame(name: &str, event: &LotEvent) -> Option<Bytes> {
    let mut event = event.clone();
    event.server_time = Utc::now();
    let mut frame = format!("event: {name}\ndata: ").into_bytes();
    // JSON never holds a raw line break, so the payload is one `data:` line.
    if let Err(e) = serde_json::to_writer(&mut frame, &event) {
        tracing::error!(error = %e, "lot event not serialisable");
        return None;
    }
    frame.push(b'\n');
    Some(Bytes::from(frame))
}

/// An event carrying the server time (`ready`, `ping`).
fn time_frame(name: &str) -> Bytes {
    plain_frame(name, &serde_json::json!({ "server_time": Utc::now() }).to_string())
}

/// A whole event without an id: `event: name`, `data: data`, blank line.
fn plain_frame(name: &str, data: &str) -> Bytes {
    Bytes::from(format!("event: {name}\ndata: {data}\n\n"))
}

impl Live {
    /// Starts the shutdown: readiness fails and every open stream ends (see `http::serve`).
    pub fn shut_down(&self) {
        self.shutdown.send_replace(true);
        let _ = self.ring.send(Relayed::new(LiveMessage::Bye));
    }

    pub fn is_shutting_down(&self) -> bool {
        *self.shutdown.borrow()
    }

    /// Waits `period` between two rounds of a background worker; `false` when the process is shutting
    /// down instead — the worker then returns, between rounds, never in the middle of one.
    pub async fn idle(&self, period: Duration) -> bool {
        tokio::select! {
            () = tokio::time::sleep(period) => !self.is_shutting_down(),
            () = self.shutting_down() => false,
        }
    }

    /// Resolves once the shutdown has started.
    pub async fn shutting_down(&self) {
        let mut rx = self.shutdown.subscribe();
        let _ = rx.wait_for(|stopping| *stopping).await;
    }

    /// The Redis channel: one per database, so instances sharing a database share events (and tests
    /// with their own databases never see each other's).
    async fn channel(&self, state: &AppState) -> Result<String, AppError> {
        // A failure is not cached: an instance must never settle on a different channel than the others.
        self.channel
            .get_or_try_init(|| async {
                let db: Option<String> = sqlx::query_scalar("SELECT DATABASE()").fetch_one(&state.db).await?;
                Ok::<_, AppError>(format!("artipul:live:{}", db.unwrap_or_default()))
            })
            .await
            .cloned()
    }

    /// Publishes to every instance; if Redis is unavailable, at least to this one (pages elsewhere catch
    /// up from the database with their next event or reconnect).
    pub async fn publish(&self, state: &AppState, message: LiveMessage) {
        if let LiveMessage::Lot { event, bidders } = &message {
            // The lot event's transaction also wrote a search outbox row.
            state.search.wake();
            // This instance knows its own commit at once (the relay brings it back: no change then).
            self.floors.learn(event, *bidders);
        }
        let Ok(channel) = self.channel(state).await else {
            self.enter(message);
            return;
        };
        let payload = match serde_json::to_string(&message) {
            Ok(p) => p,
            Err(e) => return tracing::error!(error = %e, "live message not serialisable"),
        };
        let mut conn = state.redis.conn();
        let sent: redis::RedisResult<i64> = redis::cmd("PUBLISH").arg(&channel).arg(&payload).query_async(&mut conn).await;
        if let Err(e) = sent {
            tracing::warn!(error = %e, "publishing a live event through Redis failed; delivering locally");
            self.enter(message);
        }
    }

    /// Puts a message into this instance's ring (a lot event's floor learned first).
    fn enter(&self, message: LiveMessage) {
        if let LiveMessage::Lot { event, bidders } = &message {
            self.floors.learn(event, *bidders);
            if let Some(w) = self.watched().get_mut(&event.lot.lot_id) {
                w.seq = w.seq.max(event.lot.seq);
            }
        }
        let _ = self.ring.send(Relayed::new(message));
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Relayed>> {
        self.ring.subscribe()
    }

    /// Relays the Redis channel into this instance's ring. While Redis is unreachable it retries every
    /// [`RELAY_RETRY`] and, each time, tells every open stream to re-read its lots' events from the
    /// database (`Resync`): events published by other instances meanwhile still arrive, within about a
    /// second. On resubscribing, one more `Resync` covers the gap.
    pub async fn relay_forever(self, state: AppState) {
        loop {
            let channel = match self.channel(&state).await {
                Ok(c) => c,
                Err(e) => {
                    tracing::warn!(error = %e, "live relay cannot name its channel yet");
                    if !self.idle(RELAY_RETRY).await {
                        return;
                    }
                    continue;
                }
            };
            match state.redis.pubsub().await {
                Ok(mut pubsub) => match pubsub.subscribe(&channel).await {
                    Ok(()) => {
                        tracing::info!("live relay subscribed");
                        // Nothing can be missed from here on: floors are learned afresh and trusted.
                        self.floors.restart();
                        // Anything published while we were not subscribed is in the database.
                        self.enter(LiveMessage::Resync);
                        let mut messages = pubsub.on_message();
                        loop {
                            let msg = tokio::select! {
                                msg = messages.next() => msg,
                                () = self.shutting_down() => return,
                            };
                            let Some(msg) = msg else { break };
                            let Ok(payload) = msg.get_payload::<String>() else { continue };
                            match serde_json::from_str::<LiveMessage>(&payload) {
                                Ok(m) => self.enter(m),
                                Err(e) => tracing::warn!(error = %e, "unreadable live message"),
                            }
                        }
                        tracing::warn!("live relay lost its Redis subscription; reading events from the database until it is back");
                    }
                    Err(e) => tracing::warn!(error = %e, "live relay cannot subscribe"),
                },
                Err(e) => tracing::debug!(error = %e, "live relay cannot connect to Redis"),
            }
            self.floors.distrust();
            self.enter(LiveMessage::Resync);
            if !self.idle(RELAY_RETRY).await {
                return;
            }
        }
    }
}

/// How often the relay retries Redis — and streams re-read the database — while Redis is unreachable.
const RELAY_RETRY: Duration = Duration::from_secs(1);

#[derive(Debug, Deserialize)]
pub struct LiveQuery {
    #[serde(default)]
    lots: String,
}

/// `GET /api/live?lots=…`
pub async fn stream(State(state): State<AppState>, headers: HeaderMap, Query(query): Query<LiveQuery>) -> Response {
    let Some(mut wanted) = decode_cursor(&query.lots, MAX_LOTS) else {
        return AppError::bad_request(crate::i18n::Msg::LiveLotsFormat { max: MAX_LOTS }).into_response();
    };
    // A reconnecting EventSource names the cursor it had; it is more recent than the page's query. One
    // that is not a cursor we could have sent (too long, junk) is refused like a bad `lots`.
    let resumed = match headers.get("last-event-id") {
        None => None,
        Some(value) => match value.to_str().ok().and_then(|t| decode_cursor(t, MAX_LOTS)) {
            Some(cursor) => Some(cursor),
            None => return AppError::bad_request(crate::i18n::Key::ErrLiveCursor).into_response(),
        },
    };
    if let Some(resumed) = resumed {
        for (lot, seq) in wanted.iter_mut() {
            if let Some((_, Some(s))) = resumed.iter().find(|(l, _)| l == lot) {
                *seq = Some(seq.map_or(*s, |q| q.max(*s)));
            }
        }
    }
    if state.live.is_shutting_down() {
        // A draining instance takes no new stream: the balancer retries the request on another instance
        // (a page connected straight here reconnects after the hinted second).
        let mut refused = AppError::unavailable(crate::i18n::Key::ErrServerRestarting).into_response();
        refused.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        return refused;
    }
    let user_id = match crate::server::auth::session::user_from_headers(&state, &headers).await {
        Ok(u) => Some(u.id),
        Err(_) => None,
    };
    let connection = Connection {
        closing: false,
        ring: state.live.subscribe(),
        state,
        wanted,
        cursor: Vec::new(),
        user_id,
        pending: VecDeque::new(),
        started: false,
    };
    let frames = futures::stream::unfold(connection, |mut c| async move {
        let frame = c.next().await?;
        Some((Ok::<_, Infallible>(frame), c))
    });
    let mut response = Body::from_stream(frames).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // Reverse proxies (nginx) must not buffer the stream.
    h.insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
}

struct Connection {
    state: AppState,
    ring: broadcast::Receiver<Arc<Relayed>>,
    /// What the client asked for (seq `None` = "send the current state").
    wanted: Vec<(u64, Option<u32>)>,
    cursor: Vec<(u64, u32)>,
    user_id: Option<u64>,
    /// Buffers to send, in order (a lot event is its shared frame, then this connection's `id:` line).
    pending: VecDeque<Bytes>,
    started: bool,
    /// The `bye` event is queued: the stream ends after it.
    closing: bool,
}

impl Connection {
    /// The next buffer to send: one wait on the ring, no timer or other future of its own (pings and
    /// the shutdown come through the ring too).
    async fn next(&mut self) -> Option<Bytes> {
        loop {
            if let Some(e) = self.pending.pop_front() {
                return Some(e);
            }
            if self.closing {
                return None;
            }
            if !self.started {
                self.started = true;
                self.start().await;
                // Tells the page the stream is open and gives it the server time straight away.
                self.pending.push_back(time_frame("ready"));
                continue;
            }
            if self.state.live.is_shutting_down() {
                // Started after the `bye` went round (or missed it while lagging).
                self.accept(&Relayed::new(LiveMessage::Bye)).await;
                continue;
            }
            match self.ring.recv().await {
                Ok(relayed) => self.accept(&relayed).await,
                Err(broadcast::error::RecvError::Lagged(n)) => {
                    tracing::info!(missed = n, "live client lagged; catching up from the database");
                    self.catch_up_all().await;
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    }

    /// First events: missed ones for lots with a known seq, the current state for the others, and the
    /// unread count of a logged-in viewer. Hidden (moderated) lots are left out.
    async fn start(&mut self) {
        let mut wanted = std::mem::take(&mut self.wanted);
        if !wanted.is_empty() {
            let ids = wanted.iter().map(|(l, _)| l.to_string()).collect::<Vec<_>>().join(",");
            match sqlx::query_scalar::<_, u64>(&format!("SELECT id FROM artworks WHERE id IN ({ids}) AND hidden_at IS NULL"))
                .fetch_all(&self.state.db)
                .await
            {
                Ok(visible) => wanted.retain(|(l, _)| visible.contains(l)),
                Err(e) => {
                    tracing::warn!(error = %e, "live visibility check failed");
                    wanted.clear();
                }
            }
        }
        for (lot, seq) in wanted {
            match seq {
                Some(seq) => {
                    self.follow(lot, seq);
                    self.catch_up(lot).await;
                }
                None => match engine::snapshot(&self.state, lot).await {
                    Ok(Some(snapshot)) => {
                        self.follow(lot, snapshot.seq);
                        let event = LotEvent {
                            kind: LotEventKind::Bid,
                            lot: snapshot,
                            bid: None,
                            extended_now: false,
                            server_time: Utc::now(),
                            voided_seq: None,
                        };
                        self.push_lot(lot_frame("sync", &event));
                    }
                    Ok(None) => {}
                    Err(e) => tracing::warn!(error = %e, lot, "live snapshot failed"),
                },
            }
        }
        self.push_unread().await;
    }

    async fn accept(&mut self, relayed: &Relayed) {
        match &relayed.message {
            LiveMessage::Lot { event, .. } => {
                let lot = event.lot.lot_id;
                let Some(&(_, have)) = self.cursor.iter().find(|(l, _)| *l == lot) else { return };
                if event.lot.seq <= have {
                    return;
                }
                if event.lot.seq == have + 1 {
                    self.set_cursor(lot, event.lot.seq);
                    self.push_lot(relayed.frame.clone());
                } else {
                    self.catch_up(lot).await;
                }
            }
            LiveMessage::Notice { user_id } if Some(*user_id) == self.user_id => self.push_unread().await,
            LiveMessage::Notice { .. } => {}
            LiveMessage::Resync => self.catch_up_all().await,
            LiveMessage::Ping => self.pending.extend(relayed.frame.clone()),
            LiveMessage::Bye => {
                // The last event: the page's EventSource reconnects after `retry` with its cursor.
                self.pending.extend(relayed.frame.clone());
                self.closing = true;
            }
        }
    }

    async fn catch_up_all(&mut self) {
        let lots: Vec<u64> = self.cursor.iter().map(|(l, _)| *l).collect();
        for lot in lots {
            self.catch_up(lot).await;
        }
        self.push_unread().await;
    }

    async fn catch_up(&mut self, lot: u64) {
        let Some(&(_, have)) = self.cursor.iter().find(|(l, _)| *l == lot) else { return };
        match engine::events_after(&self.state.db, lot, have, CATCH_UP_LIMIT).await {
            Ok(events) => {
                for event in events {
                    self.set_cursor(lot, event.lot.seq);
                    self.push_lot(lot_frame("lot", &event));
                }
            }
            Err(e) => tracing::warn!(error = %e, lot, "live catch-up failed"),
        }
    }

    /// Adds `lot` to this stream's cursor and to the instance's followed lots (undone on drop).
    fn follow(&mut self, lot: u64, seq: u32) {
        self.cursor.push((lot, seq));
        self.state.live.watch(lot, seq);
    }

    fn set_cursor(&mut self, lot: u64, seq: u32) {
        if let Some(entry) = self.cursor.iter_mut().find(|(l, _)| *l == lot) {
            entry.1 = seq;
        }
    }

    /// Queues a lot event's frame and, after it, this connection's cursor as the event's id.
    fn push_lot(&mut self, frame: Option<Bytes>) {
        let Some(frame) = frame else { return };
        self.pending.push_back(frame);
        self.pending.push_back(Bytes::from(format!("id: {}\n\n", encode_cursor(&self.cursor))));
    }

    async fn push_unread(&mut self) {
        let Some(user_id) = self.user_id else { return };
        match super::notify::unread(&self.state.db, user_id).await {
            Ok(unread) => self.pending.push_back(plain_frame("notice", &serde_json::json!({ "unread": unread }).to_string())),
            Err(e) => tracing::warn!(error = %e, "unread count failed"),
        }
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.state.live.unwatch(self.cursor.iter().map(|(lot, _)| *lot));
    }
}

/// What a committed lot change must still publish: its event for open pages and the members to nudge.
/// Published only after the commit, by whoever committed.
pub struct Announcement {
    pub event: LotEvent,
    /// The lot's artist and (new) leader.
    pub bidders: Bidders,
    pub notices: Vec<Option<u64>>,
}

impl Announcement {
    pub async fn publish(self, state: &AppState) {
        state.live.publish(state, LiveMessage::Lot { event: self.event, bidders: Some(self.bidders) }).await;
        for user_id in self.notices.into_iter().flatten() {
            state.live.publish(state, LiveMessage::Notice { user_id }).await;
        }
    }
}
