//! The bidding rules as one pure function, `apply_bid(lot, bid, now, rules)`: increments by price band,
//! proxy (maximum) bidding with earlier-max-wins ties, raising one's own maximum, the reserve jump,
//! buy-now by a high enough maximum, and soft close with a cap. No I/O: the Auctions service wraps it in
//! a transaction (lock the lot, apply, write the bid, move the holds, commit, publish).

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::Won;
use crate::i18n::{Key, Msg};

/// The increment table and soft-close window (from the settings file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuctionRules {
    /// `(below, step)`: the first band whose `below` exceeds the price applies; `None` covers the rest.
    pub increments: Vec<(Option<u64>, u64)>,
    pub soft_close_window_secs: i64,
    pub soft_close_cap_secs: i64,
}

impl Default for AuctionRules {
    /// The product rules: ₩1,000 below ₩100,000; ₩5,000 below ₩500,000; ₩10,000 below ₩1,000,000;
    /// ₩50,000 below ₩5,000,000; ₩100,000 above; soft close 3 minutes, capped at 1 hour.
    fn default() -> Self {
        AuctionRules {
            increments: vec![
                (Some(100_000), 1_000),
                (Some(500_000), 5_000),
                (Some(1_000_000), 10_000),
                (Some(5_000_000), 50_000),
                (None, 100_000),
            ],
            soft_close_window_secs: 180,
            soft_close_cap_secs: 3600,
        }
    }
}

impl AuctionRules {
    pub fn increment(&self, price: Won) -> Won {
        let step = self.increments.iter().find(|(below, _)| below.is_none_or(|b| price.amount() < b)).map_or(100_000, |(_, step)| *step);
        Won(step)
    }
}

/// The current leader: who, their maximum, and when that maximum was placed (earlier wins ties).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leader {
    pub bidder_id: u64,
    pub max: Won,
    pub at: DateTime<Utc>,
}

/// What the rules need to know about a live lot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotState {
    pub artist_id: u64,
    pub start_price: Won,
    pub reserve_price: Option<Won>,
    pub buy_now_price: Option<Won>,
    pub current_price: Won,
    pub leader: Option<Leader>,
    pub bid_count: u32,
    pub ends_at: DateTime<Utc>,
    pub original_ends_at: DateTime<Utc>,
    /// False once sold, unsold, withdrawn or cancelled.
    pub live: bool,
}

impl LotState {
    /// The smallest maximum a new bidder may enter.
    pub fn minimum_next_bid(&self, rules: &AuctionRules) -> Won {
        match self.leader {
            None => self.start_price,
            Some(_) => Won(self.current_price.amount() + rules.increment(self.current_price).amount()),
        }
    }

    /// Buy-now is offered while the price is below it.
    pub fn buy_now_available(&self) -> Option<Won> {
        self.buy_now_price.filter(|b| self.current_price < *b)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bid {
    pub bidder_id: u64,
    /// The bidder's maximum (the system bids for them up to it).
    pub max: Won,
}

/// Why a bid is refused (each becomes a Korean message).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    Ended,
    OwnLot,
    TooLow {
        minimum: Won,
    },
    /// The leader may only raise their maximum.
    NotAbove {
        current_max: Won,
    },
}

impl Refusal {
    pub fn message(self) -> String {
        match self {
            Refusal::Ended => Key::ErrLotEnded.into(),
            Refusal::OwnLot => Key::ErrOwnLot.into(),
            Refusal::TooLow { minimum } => Msg::BidTooLow { minimum }.into(),
            Refusal::NotAbove { current_max } => Msg::BidNotAbove { current_max }.into(),
        }
    }
}

/// The result of an accepted bid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accepted {
    pub state: LotState,
    /// The previous leader, when this bid took the lead from someone else (their hold is released).
    pub outbid: Option<Leader>,
    /// The end moved (soft close).
    pub extended: bool,
    /// The bid reached the buy-now price: the lot is sold to the bidder at that price, now.
    pub bought_now: bool,
}

/// Applies `bid` to `lot` at `now`.
pub fn apply_bid(lot: &LotState, bid: Bid, now: DateTime<Utc>, rules: &AuctionRules) -> Result<Accepted, Refusal> {
    if !lot.live || now >= lot.ends_at {
        return Err(Refusal::Ended);
    }
    if bid.bidder_id == lot.artist_id {
        return Err(Refusal::OwnLot);
    }
    let mut next = lot.clone();
    let mut outbid = None;
    let new_leader = Leader { bidder_id: bid.bidder_id, max: bid.max, at: now };
    match lot.leader {
        Some(leader) if leader.bidder_id == bid.bidder_id => {
            if bid.max <= leader.max {
                return Err(Refusal::NotAbove { current_max: leader.max });
            }
            // Raising one's own maximum keeps the price (and the original time for ties).
            next.leader = Some(Leader { max: bid.max, ..leader });
        }
        _ => {
            let minimum = lot.minimum_next_bid(rules);
            // A maximum that reaches the offered buy-now price always buys, even when the next
            // increment would lie above buy-now (the button is shown while the price is below it).
            let buys = lot.buy_now_available().is_some_and(|b| bid.max >= b);
            if bid.max < minimum && !buys {
                return Err(Refusal::TooLow { minimum });
            }
            match lot.leader {
                None => {
                    next.leader = Some(new_leader);
                    next.current_price = lot.start_price;
                }
                Some(leader) if bid.max > leader.max => {
                    next.leader = Some(new_leader);
                    next.current_price = capped(leader.max, rules, bid.max);
                    outbid = Some(leader);
                }
                Some(leader) => {
                    // Equal or lower maximum: the earlier maximum keeps the lead, at the challenger's bid + one step.
                    next.current_price = capped(bid.max, rules, leader.max);
                }
            }
            next.bid_count += 1;
        }
    }
    let leader = next.leader.expect("a leader after an accepted bid");
    if let Some(reserve) = lot.reserve_price {
        if leader.max >= reserve && next.current_price < reserve {
            next.current_price = reserve;
        }
    }
    next.current_price = next.current_price.max(lot.start_price);
    let bought_now = match lot.buy_now_available() {
        Some(buy_now) if leader.max >= buy_now => {
            next.current_price = buy_now;
            next.live = false;
            next.ends_at = now;
            true
        }
        _ => false,
    };
    // Soft close: a bid that changes the price or the leader in the last window moves the end to now +
    // the window (the opening bid too: otherwise a first bid in the last second could not be answered).
    let leader_changed = lot.leader.map(|l| l.bidder_id) != Some(leader.bidder_id);
    let mut extended = false;
    if !bought_now && (next.current_price != lot.current_price || leader_changed) {
        let window = Duration::seconds(rules.soft_close_window_secs);
        let cap = lot.original_ends_at + Duration::seconds(rules.soft_close_cap_secs);
        let wanted = (now + window).min(cap);
        if lot.ends_at - now < window && wanted > lot.ends_at {
            next.ends_at = wanted;
            extended = true;
        }
    }
    Ok(Accepted { state: next, outbid, extended, bought_now })
}

/// A stored bid, as `replay` reads it: who, their maximum and when it was placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacedBid {
    pub bidder_id: u64,
    pub max: Won,
    pub at: DateTime<Utc>,
}

/// A lot recomputed from its bids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replayed {
    pub state: LotState,
    /// For each bid given, whether it still stands (a bid can fall once an earlier one is voided: a raise
    /// that is no longer a raise, a maximum that no longer reaches the minimum).
    pub stands: Vec<bool>,
}

/// Recomputes a live lot from `fresh` (its state before any bid) by applying `bids` in order, each with
/// its own time (which decides ties): what an admin's void of a bid leaves. The deadline plays no part —
/// every bid given was accepted before it — and the lot keeps `ends_at`, its current end: a void neither
/// shortens nor extends an auction bidders are watching.
pub fn replay(fresh: &LotState, bids: &[PlacedBid], ends_at: DateTime<Utc>, rules: &AuctionRules) -> Replayed {
    let mut state = LotState { ends_at: DateTime::<Utc>::MAX_UTC, live: true, ..fresh.clone() };
    let mut stands = Vec::with_capacity(bids.len());
    for b in bids {
        match apply_bid(&state, Bid { bidder_id: b.bidder_id, max: b.max }, b.at, rules) {
            Ok(a) if !a.bought_now => {
                state = a.state;
                stands.push(true);
            }
            // A void never completes a sale: a maximum that would now buy the lot is left out.
            _ => stands.push(false),
        }
    }
    state.ends_at = ends_at;
    Replayed { state, stands }
}

/// `base` plus one increment, but never above `ceiling`.
fn capped(base: Won, rules: &AuctionRules, ceiling: Won) -> Won {
    Won(base.amount() + rules.increment(base).amount()).min(ceiling)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(secs: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap() + Duration::seconds(secs)
    }

    fn lot() -> LotState {
        LotState {
            artist_id: 1,
            start_price: Won(10_000),
            reserve_price: None,
            buy_now_price: None,
            current_price: Won(10_000),
            leader: None,
            bid_count: 0,
            ends_at: t(3600),
            original_ends_at: t(3600),
            live: true,
        }
    }

    fn bid(lot: &LotState, who: u64, max: u64, at: i64) -> Result<Accepted, Refusal> {
        apply_bid(lot, Bid { bidder_id: who, max: Won(max) }, t(at), &AuctionRules::default())
    }

    #[test]
    fn increments_follow_the_price_bands() {
        let r = AuctionRules::default();
        for (price, step) in [
            (0, 1_000),
            (99_999, 1_000),
            (100_000, 5_000),
            (499_999, 5_000),
            (500_000, 10_000),
            (999_999, 10_000),
            (1_000_000, 50_000),
            (4_999_999, 50_000),
            (5_000_000, 100_000),
            (90_000_000, 100_000),
        ] {
            assert_eq!(r.increment(Won(price)), Won(step), "{price}");
        }
    }

    #[test]
    fn proxy_bidding_prices_at_second_max_plus_one_step() {
        let a = bid(&lot(), 2, 50_000, 0).unwrap();
        assert_eq!((a.state.current_price, a.state.leader.unwrap().bidder_id), (Won(10_000), 2), "first bid opens at the start price");
        let b = bid(&a.state, 3, 30_000, 10).unwrap();
        assert_eq!(
            (b.state.current_price, b.state.leader.unwrap().bidder_id, b.outbid),
            (Won(31_000), 2, None),
            "the leader's proxy answers"
        );
        let c = bid(&b.state, 4, 80_000, 20).unwrap();
        assert_eq!((c.state.current_price, c.state.leader.unwrap().bidder_id), (Won(51_000), 4));
        assert_eq!(c.outbid.unwrap().bidder_id, 2, "the previous leader is outbid (hold released)");
        assert_eq!(c.state.bid_count, 3);
    }

    #[test]
    fn a_new_max_just_above_the_leaders_pays_only_its_own_max() {
        let a = bid(&lot(), 2, 50_000, 0).unwrap();
        let b = bid(&a.state, 3, 50_500, 10).unwrap();
        assert_eq!((b.state.current_price, b.state.leader.unwrap().bidder_id), (Won(50_500), 3));
    }

    #[test]
    fn equal_maxima_the_earlier_wins() {
        let a = bid(&lot(), 2, 40_000, 0).unwrap();
        let b = bid(&a.state, 3, 40_000, 10).unwrap();
        assert_eq!((b.state.current_price, b.state.leader.unwrap().bidder_id), (Won(40_000), 2));
    }

    #[test]
    fn refusals_say_why() {
        let a = bid(&lot(), 2, 20_000, 0).unwrap();
        assert_eq!(bid(&a.state, 3, 10_500, 5).unwrap_err(), Refusal::TooLow { minimum: Won(11_000) });
        assert_eq!(bid(&lot(), 2, 9_000, 0).unwrap_err(), Refusal::TooLow { minimum: Won(10_000) });
        assert_eq!(bid(&lot(), 1, 50_000, 0).unwrap_err(), Refusal::OwnLot);
        assert_eq!(bid(&lot(), 2, 50_000, 3600).unwrap_err(), Refusal::Ended);
        assert_eq!(bid(&a.state, 2, 20_000, 5).unwrap_err(), Refusal::NotAbove { current_max: Won(20_000) });
        assert!(Refusal::TooLow { minimum: Won(11_000) }.message().contains("₩11,000"));
    }

    #[test]
    fn raising_ones_own_max_keeps_the_price_and_the_time() {
        let a = bid(&lot(), 2, 20_000, 0).unwrap();
        let b = bid(&a.state, 3, 15_000, 10).unwrap();
        let c = bid(&b.state, 2, 60_000, 20).unwrap();
        assert_eq!(c.state.current_price, b.state.current_price);
        assert_eq!(c.state.leader.unwrap(), Leader { bidder_id: 2, max: Won(60_000), at: t(0) });
        assert_eq!(c.state.bid_count, b.state.bid_count, "raising a max is not a new bid");
    }

    #[test]
    fn reaching_the_reserve_jumps_the_price_to_it() {
        let l = LotState { reserve_price: Some(Won(30_000)), ..lot() };
        let a = bid(&l, 2, 20_000, 0).unwrap();
        assert_eq!(a.state.current_price, Won(10_000), "below the reserve: no jump");
        let b = bid(&a.state, 3, 45_000, 10).unwrap();
        assert_eq!(b.state.current_price, Won(30_000), "the new leader's max reaches the reserve");
    }

    #[test]
    fn a_max_at_or_above_buy_now_ends_the_lot_at_the_stored_price() {
        let l = LotState { buy_now_price: Some(Won(100_000)), ..lot() };
        let a = bid(&l, 2, 250_000, 0).unwrap();
        assert!(a.bought_now && !a.state.live);
        assert_eq!((a.state.current_price, a.state.ends_at), (Won(100_000), t(0)));
        assert_eq!(bid(&a.state, 3, 300_000, 1).unwrap_err(), Refusal::Ended);
    }

    #[test]
    fn buy_now_is_possible_even_when_the_next_increment_passes_it() {
        let l = LotState { start_price: Won(90_000), current_price: Won(90_000), buy_now_price: Some(Won(100_000)), ..lot() };
        let a = bid(&l, 2, 99_500, 0).unwrap();
        let b = bid(&a.state, 3, 99_000, 1).unwrap();
        assert_eq!(b.state.current_price, Won(99_500));
        assert_eq!(b.state.minimum_next_bid(&AuctionRules::default()), Won(100_500), "the minimum lies above buy-now");
        let c = bid(&b.state, 4, 100_000, 2).unwrap();
        assert!(c.bought_now);
        assert_eq!((c.state.current_price, c.state.leader.unwrap().bidder_id), (Won(100_000), 4));
    }

    #[test]
    fn soft_close_extends_and_is_capped() {
        let l = LotState { ends_at: t(100), original_ends_at: t(100), ..lot() };
        let a = bid(&l, 2, 20_000, 0).unwrap();
        assert!(a.extended, "the opening bid changes the leader: it extends, though the price stays");
        assert_eq!(a.state.ends_at, t(180));
        let b = bid(&a.state, 3, 30_000, 30).unwrap();
        assert!(b.extended);
        assert_eq!(b.state.ends_at, t(30 + 180));
        // Near the cap (original end + 1 hour) the end stops moving.
        let late = LotState { ends_at: t(100 + 3590), ..b.state.clone() };
        let c = bid(&late, 4, 90_000, 100 + 3500).unwrap();
        assert_eq!(c.state.ends_at, t(100 + 3600), "capped at the original end + 1 hour");
        // A bid that does not change the price (raising one's own max) does not extend.
        let d = bid(&c.state, 4, 95_000, 100 + 3550).unwrap();
        assert!(!d.extended);
    }

    #[test]
    fn an_opening_bid_in_the_last_window_extends_the_end() {
        let l = LotState { ends_at: t(100), original_ends_at: t(100), ..lot() };
        let a = bid(&l, 2, 20_000, 99).unwrap();
        assert_eq!(a.state.current_price, l.start_price, "the price stays at the start");
        assert!(a.extended, "but the leader changed: a last-second first bid can be answered");
        assert_eq!(a.state.ends_at, t(99 + 180));
        // A challenger below the leader's maximum changes the price: it extends as before.
        let b = bid(&a.state, 3, 15_000, 270).unwrap();
        assert!(b.extended && b.state.leader.unwrap().bidder_id == 2);
    }

    /// The rules written as directly as the rulebook states them, recomputed from every bidder's
    /// maximum: leader = highest maximum (earlier wins ties); price = min(leader's max, second-highest max
    /// plus the increment), at least the start price, jumping to the reserve once the leader's max reaches
    /// it; a leader raising their own maximum does not move the price by itself; a maximum reaching buy-now
    /// ends the lot at the buy-now price.
    #[derive(Debug, Clone, Default)]
    struct Reference {
        /// (bidder, max) in the order each maximum was set; the leader's raise keeps its place.
        maxima: Vec<(u64, u64)>,
        price: u64,
        ended: bool,
    }

    impl Reference {
        fn leader(&self) -> Option<(u64, u64)> {
            // Highest max; among equals the earliest (stable: first in `maxima`).
            let mut best: Option<(u64, u64)> = None;
            for &(b, m) in &self.maxima {
                if best.is_none_or(|(_, bm)| m > bm) {
                    best = Some((b, m));
                }
            }
            best
        }

        fn bid(&mut self, lot: &LotState, rules: &AuctionRules, bidder: u64, max: u64) -> bool {
            if self.ended || bidder == lot.artist_id {
                return false;
            }
            let start = lot.start_price.amount();
            let leader = self.leader();
            let buy_now_open = lot.buy_now_price.is_some_and(|b| self.price < b.amount());
            match leader {
                Some((l, lm)) if l == bidder => {
                    if max <= lm {
                        return false;
                    }
                    self.maxima.iter_mut().find(|(b, _)| *b == bidder).unwrap().1 = max;
                }
                _ => {
                    let minimum = match leader {
                        None => start,
                        Some(_) => self.price + rules.increment(Won(self.price)).amount(),
                    };
                    if max < minimum && !(buy_now_open && lot.buy_now_price.is_some_and(|b| max >= b.amount())) {
                        return false;
                    }
                    self.maxima.retain(|(b, _)| *b != bidder);
                    self.maxima.push((bidder, max));
                    let (l, lm) = self.leader().unwrap();
                    let second = self.maxima.iter().filter(|(b, _)| *b != l).map(|(_, m)| *m).max();
                    self.price = match second {
                        None => start,
                        Some(s) => lm.min(s + rules.increment(Won(s)).amount()),
                    }
                    .max(start);
                }
            }
            let (_, lm) = self.leader().unwrap();
            if let Some(r) = lot.reserve_price {
                if lm >= r.amount() {
                    self.price = self.price.max(r.amount());
                }
            }
            if let Some(b) = lot.buy_now_price.filter(|_| buy_now_open) {
                if lm >= b.amount() {
                    self.price = b.amount();
                    self.ended = true;
                }
            }
            true
        }
    }

    fn check_against_reference(lot0: &LotState, bids: &[(u64, u64)]) {
        let rules = AuctionRules::default();
        let mut lot = lot0.clone();
        let mut reference = Reference { price: lot0.start_price.amount(), ..Default::default() };
        for (i, &(bidder, max)) in bids.iter().enumerate() {
            let expected = reference.bid(lot0, &rules, bidder, max);
            let got = apply_bid(&lot, Bid { bidder_id: bidder, max: Won(max) }, t(i as i64), &rules);
            assert_eq!(got.is_ok(), expected, "bid {i} ({bidder}, {max}) of {bids:?}: {got:?}");
            if let Ok(a) = got {
                lot = a.state;
            }
            assert_eq!(lot.current_price.amount(), reference.price, "price after bid {i} of {bids:?}");
            assert_eq!(lot.leader.map(|l| (l.bidder_id, l.max.amount())), reference.leader(), "leader after bid {i} of {bids:?}");
            assert_eq!(!lot.live, reference.ended);
            assert!(lot.current_price >= lot0.start_price);
            if let Some(l) = lot.leader {
                assert!(lot.current_price <= l.max.max(lot0.start_price), "the price never exceeds the leader's max");
            }
        }
    }

    fn lots() -> Vec<LotState> {
        vec![
            lot(),
            LotState { reserve_price: Some(Won(30_000)), ..lot() },
            LotState { buy_now_price: Some(Won(50_000)), ..lot() },
            LotState {
                start_price: Won(95_000),
                current_price: Won(95_000),
                reserve_price: Some(Won(100_000)),
                buy_now_price: Some(Won(120_000)),
                ..lot()
            },
        ]
    }

    #[test]
    fn exhaustive_three_bid_sequences_match_the_reference() {
        // Every sequence of 3 bids by the artist or 2 bidders with amounts around the interesting edges.
        let amounts = [9_000, 10_000, 11_000, 12_000, 30_000, 31_000, 50_000, 96_000, 100_000, 104_000, 105_000, 120_000];
        let bids: Vec<(u64, u64)> = [1u64, 2, 3].iter().flat_map(|b| amounts.iter().map(move |a| (*b, *a))).collect();
        for lot in lots() {
            for x in &bids {
                for y in &bids {
                    for z in &bids {
                        check_against_reference(&lot, &[*x, *y, *z]);
                    }
                }
            }
        }
    }

    /// Voiding bid `void` of a sequence leaves the lot exactly as the reference computes it for the
    /// sequence without that bid (buy-now left out: a void never completes a sale).
    fn check_void_against_reference(lot0: &LotState, bids: &[(u64, u64)], void: usize) {
        let rules = AuctionRules::default();
        let lot0 = LotState { buy_now_price: None, ..lot0.clone() };
        let placed: Vec<PlacedBid> =
            bids.iter().enumerate().map(|(i, &(b, m))| PlacedBid { bidder_id: b, max: Won(m), at: t(i as i64) }).collect();
        let mut remaining = placed.clone();
        remaining.remove(void);
        let replayed = replay(&lot0, &remaining, lot0.ends_at, &rules);
        let mut reference = Reference { price: lot0.start_price.amount(), ..Default::default() };
        let mut counted = 0;
        for (i, b) in remaining.iter().enumerate() {
            let raise = reference.leader().map(|(l, _)| l) == Some(b.bidder_id);
            let expected = reference.bid(&lot0, &rules, b.bidder_id, b.max.amount());
            assert_eq!(replayed.stands[i], expected, "bid {i} of {remaining:?}");
            counted += usize::from(expected && !raise);
        }
        assert_eq!(replayed.state.current_price.amount(), reference.price, "price after voiding {void} of {bids:?}");
        assert_eq!(
            replayed.state.leader.map(|l| (l.bidder_id, l.max.amount())),
            reference.leader(),
            "leader after voiding {void} of {bids:?}"
        );
        assert_eq!(replayed.state.bid_count as usize, counted, "a leader's raise is not a bid");
        assert_eq!(replayed.state.ends_at, lot0.ends_at, "a void keeps the lot's end");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]
        #[test]
        fn voiding_any_bid_matches_the_reference_without_it(
            which in 0usize..4,
            bids in proptest::collection::vec((1u64..6, 5u64..700), 1..30),
            void in proptest::prelude::any::<proptest::sample::Index>(),
        ) {
            let bids: Vec<(u64, u64)> = bids.into_iter().map(|(b, k)| (b, k * 500)).collect();
            check_void_against_reference(&lots()[which], &bids, void.index(bids.len()));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]
        #[test]
        fn random_bid_sequences_match_the_reference(
            which in 0usize..4,
            bids in proptest::collection::vec((1u64..6, 5u64..700), 1..40),
        ) {
            let bids: Vec<(u64, u64)> = bids.into_iter().map(|(b, k)| (b, k * 500)).collect();
            check_against_reference(&lots()[which], &bids);
        }
    }
}
