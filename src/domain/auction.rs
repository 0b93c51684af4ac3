//! What the live room, the event stream, orders and notifications exchange between server and browser.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::db_enum::db_enum;
use super::{LotStatus, Won};

/// The public state of a lot after its `seq`-th event: all a page needs to show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotSnapshot {
    pub lot_id: u64,
    /// The lot's event number (0 before any event); each bid, buy-now or close adds one.
    pub seq: u32,
    pub status: LotStatus,
    pub current_price: Won,
    pub bid_count: u32,
    pub ends_at: DateTime<Utc>,
    pub min_next_bid: Won,
    /// The buy-now price while it is still offered.
    pub buy_now: Option<Won>,
    pub has_reserve: bool,
    pub reserve_met: bool,
    /// The end was moved by a late bid (soft close).
    pub extended: bool,
    /// The leader's anonymous handle (`입찰자 2`), so a bidder's page knows whether they lead.
    pub leader_handle: Option<u32>,
    /// What a winner pays on top of the price (₩0: free shipping or pick-up); moves with edits.
    #[serde(default)]
    pub shipping_fee: Won,
}

db_enum! {
    /// What happened in one lot event.
    #[serde(rename_all = "snake_case")]
    pub enum LotEventKind {
        Bid = "bid",
        BuyNow = "buy_now",
        Closed = "closed",
        Cancelled = "cancelled",
        /// The artist edited or withdrew the lot (only possible before the first bid).
        Updated = "updated",
        /// An admin voided a bid: the lot was recomputed from the bids that remain.
        Voided = "voided",
    }
}

db_enum! {
    /// A stored bid: a new maximum, a leader raising their own maximum (private), or buy-now.
    pub enum BidKind {
        Bid = "bid",
        Raise = "raise",
        BuyNow = "buy_now",
    }
}

/// A bid as everyone sees it: an anonymous handle per lot, the price it produced, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BidEntry {
    pub seq: u32,
    /// `입찰자 {handle}`: the n-th distinct bidder of this lot.
    pub handle: u32,
    pub price: Won,
    pub at: DateTime<Utc>,
    pub buy_now: bool,
}

/// One lot event as stored and as sent over the live stream (`server_time` is set when sending).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotEvent {
    pub kind: LotEventKind,
    pub lot: LotSnapshot,
    pub bid: Option<BidEntry>,
    /// The soft close moved the end with this event.
    pub extended_now: bool,
    pub server_time: DateTime<Utc>,
    /// For a `voided` event: the number of the bid that no longer counts (pages drop it from the history).
    #[serde(default)]
    pub voided_seq: Option<u32>,
}

/// The viewer's own position in a lot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyPosition {
    pub handle: u32,
    pub leading: bool,
    /// The viewer's maximum (private: only ever sent to its bidder).
    pub my_max: Option<Won>,
}

/// The live room of one lot: state, history and the viewer's position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotRoom {
    pub lot: LotSnapshot,
    /// Newest first, at most [`HISTORY_LIMIT`].
    pub history: Vec<BidEntry>,
    pub me: Option<MyPosition>,
    pub viewer_is_artist: bool,
    /// Admins may void a bid from the history.
    #[serde(default)]
    pub viewer_is_admin: bool,
    pub logged_in: bool,
    pub server_now: DateTime<Utc>,
    pub soft_close_window_secs: i64,
    /// Shipping (its fee is added to every total the room shows) or pick-up.
    #[serde(default)]
    pub delivery: super::Delivery,
}

pub const HISTORY_LIMIT: usize = 50;

/// The answer to an accepted bid or buy-now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BidOutcome {
    pub lot: LotSnapshot,
    pub leading: bool,
    pub bought: bool,
    /// The signed receipt of this bid (set by the server functions once the bid is committed).
    pub receipt: Option<SignedReceipt>,
}

/// A bid receipt: what the server signs (`server::auction::receipts`). `chain_hash` is the hex SHA-256 of
/// the bid's event in the lot's hash chain; `placed_at` is RFC 3339 UTC with microseconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub v: u8,
    pub lot_id: u64,
    pub seq: u32,
    pub handle: u32,
    pub max_amount: u64,
    /// `bid`, `raise` or `buy_now`.
    pub kind: String,
    pub placed_at: String,
    pub chain_hash: String,
}

/// A receipt with the server's Ed25519 signature over its fields and the public key (both base64).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedReceipt {
    pub receipt: Receipt,
    pub signature: String,
    pub key: String,
}

/// What checking a receipt found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptCheck {
    /// This server signed exactly these fields.
    pub signature_valid: bool,
    /// The lot's stored chain is intact up to this event and the event's hash is the receipt's.
    pub in_chain: bool,
    /// The first event at or before the receipt's where the stored chain breaks, if any.
    pub broken_at: Option<u32>,
}

db_enum! {
    /// The order state machine: `paid → shipped → received → settled`; `disputed` freezes settlement
    /// until an admin ends it as `refunded` or `received`.
    pub enum OrderStatus {
        Paid = "paid",
        Shipped = "shipped",
        Received = "received",
        Settled = "settled",
        Disputed = "disputed",
        Refunded = "refunded",
    }
}

/// An order as its buyer or artist sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderView {
    pub id: u64,
    pub artwork_id: u64,
    pub title: String,
    pub cover_url: Option<String>,
    /// The price (hammer or buy-now).
    pub amount: Won,
    /// The shipping the buyer paid with the price (₩0: free shipping or pick-up).
    #[serde(default)]
    pub shipping_fee: Won,
    /// The commission on the price, once settled.
    #[serde(default)]
    pub commission: Option<Won>,
    /// The commission rate now (for the artist's expected payout before settlement).
    #[serde(default)]
    pub commission_percent: u8,
    pub status: OrderStatus,
    pub carrier: Option<String>,
    pub tracking_no: Option<String>,
    pub paid_at: DateTime<Utc>,
    pub shipped_at: Option<DateTime<Utc>>,
    /// When the order confirms itself if the buyer does nothing (shipped orders).
    pub auto_confirm_at: Option<DateTime<Utc>>,
    pub received_at: Option<DateTime<Utc>>,
    pub settled_at: Option<DateTime<Utc>>,
    /// The artist's payout (price − commission + shipping), once settled.
    pub artist_share: Option<Won>,
    /// The other party's nickname (the artist for a buyer, the buyer for an artist).
    pub counterpart: String,
    /// For the artist of a paid order: where to send it (the buyer's shipping address), if given.
    pub ship_to: Option<String>,
    /// The buyer's review of this order, once written.
    pub review_id: Option<u64>,
    /// Handed over in person in this area (직거래) instead of shipped.
    #[serde(default)]
    pub pickup_area: Option<String>,
    /// For the buyer of a pick-up order only: the code they give the artist at the handover.
    #[serde(default)]
    pub handover_code: Option<String>,
    /// The serial of the certificate of authenticity issued when the order settled.
    #[serde(default)]
    pub certificate: Option<String>,
}

/// A lot the viewer has bid on (my page, "입찰 중").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyBidRow {
    pub artwork_id: u64,
    pub title: String,
    pub cover_url: Option<String>,
    pub current_price: Won,
    pub my_max: Option<Won>,
    pub leading: bool,
    pub status: LotStatus,
    pub ends_at: DateTime<Utc>,
    /// The event number of the viewer's latest bid on the lot (its receipt: `/receipts/{artwork_id}/{seq}`).
    pub my_last_seq: Option<u32>,
}

/// My page's auction tabs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyAuctions {
    pub bidding: Vec<MyBidRow>,
    pub won: Vec<OrderView>,
    /// Orders of the viewer's own works (artists).
    pub sales: Vec<OrderView>,
    /// Settled payouts to the viewer as an artist.
    pub earnings_total: Won,
    pub earnings_pending: Won,
    pub server_now: DateTime<Utc>,
}

db_enum! {
    /// What a notification is about (`notifications.kind`); sent to the browser in the column's spelling.
    #[serde(rename_all = "snake_case")]
    pub enum NotificationKind {
        Outbid = "outbid",
        Won = "won",
        Sold = "sold",
        Unsold = "unsold",
        EndingSoon = "ending_soon",
        Shipped = "shipped",
        Received = "received",
        Settled = "settled",
        Review = "review",
        Comment = "comment",
        /// An admin cancelled a lot the member bid on or listed.
        Cancelled = "cancelled",
        /// An admin voided the member's bid.
        Voided = "voided",
        /// An admin decided a dispute over the member's order.
        Dispute = "dispute",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub id: u64,
    pub kind: NotificationKind,
    pub message: String,
    pub link: String,
    pub read: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationPage {
    pub items: Vec<Notification>,
    pub unread: u32,
}

/// The cursor of a live stream: for each lot, the last event number the page has. Written as
/// `12:5,13:0` both in `?lots=` and as the SSE event id (so `Last-Event-ID` resumes exactly).
pub fn encode_cursor(cursor: &[(u64, u32)]) -> String {
    cursor.iter().map(|(lot, seq)| format!("{lot}:{seq}")).collect::<Vec<_>>().join(",")
}

/// The longest cursor text worth parsing for `limit` lots: `{u64}:{u32},` is at most 32 bytes.
pub fn max_cursor_len(limit: usize) -> usize {
    limit * 32
}

/// Parses a cursor; a bare id means "from now" (seq unknown). At most `limit` lots; junk is refused.
/// Linear in the text, which is refused unread when longer than [`max_cursor_len`]: the duplicate check
/// scans at most `limit` entries, and parsing stops at the first lot over the limit.
pub fn decode_cursor(text: &str, limit: usize) -> Option<Vec<(u64, Option<u32>)>> {
    if text.len() > max_cursor_len(limit) {
        return None;
    }
    let mut out: Vec<(u64, Option<u32>)> = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (lot, seq) = match part.split_once(':') {
            Some((lot, seq)) => (lot.parse().ok()?, Some(seq.parse().ok()?)),
            None => (part.parse().ok()?, None),
        };
        if !out.iter().any(|(l, _)| *l == lot) {
            if out.len() == limit {
                return None;
            }
            out.push((lot, seq));
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_junk() {
        let c = [(12, 5), (13, 0)];
        assert_eq!(decode_cursor(&encode_cursor(&c), 10), Some(vec![(12, Some(5)), (13, Some(0))]));
        assert_eq!(decode_cursor("7, 8:2,7:9", 10), Some(vec![(7, None), (8, Some(2))]));
        assert_eq!(decode_cursor("", 10), Some(vec![]));
        assert_eq!(decode_cursor("x", 10), None);
        assert_eq!(decode_cursor("1:-1", 10), None);
        assert_eq!(decode_cursor("1,2,3", 2), None);
        assert_eq!(decode_cursor("1,2,1,2", 2), Some(vec![(1, None), (2, None)]));
        let long = (1..=200).map(|i| i.to_string()).collect::<Vec<_>>().join(",");
        assert_eq!(decode_cursor(&long, 300), Some((1..=200).map(|i| (i, None)).collect()));
        assert_eq!(decode_cursor(&format!("{long},{}", "9".repeat(9_000)), 300), None, "over-long text is refused unread");
    }
}
