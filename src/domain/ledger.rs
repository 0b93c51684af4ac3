//! The money rules, pure like `bidding`: which ledger accounts every movement of points debits and
//! credits, over a signed amount with checked arithmetic. `server::wallet::ledger` is the transactional
//! shell that resolves the accounts, locks them in id order and writes what a plan here says.
//!
//! Every plan is a [`Posting`] whose legs sum to zero and none of which is zero; a plan that cannot be
//! built (an amount past `i64`, a capture larger than its hold) is an error, never a wrapped number.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::db_enum::db_enum;
use super::Won;

/// The system's own accounts (gateway, escrow, commission) belong to user 0.
pub const SYSTEM: u64 = 0;

db_enum! {
    /// A ledger account: each user has a wallet, holds and refunding account; the system has the rest.
    pub enum AccountKind {
        /// What the member can spend now.
        Wallet = "wallet",
        /// Points reserved for the member's leading bids.
        Holds = "holds",
        /// Points on their way back to the card of a refunded charge.
        Refunding = "refunding",
        /// Money that came in from (or went back to) the payment gateway; the one account that goes negative.
        Gateway = "gateway",
        /// Sale prices between the buyer's payment and the artist's settlement.
        Escrow = "escrow",
        /// The platform's commission on settled sales.
        Commission = "commission",
    }
}

impl AccountKind {
    /// Accounts that may go negative: only the gateway (money that came in from outside).
    pub fn may_go_negative(self) -> bool {
        self == AccountKind::Gateway
    }
}

db_enum! {
    /// What a ledger transaction did (`ledger_transactions.kind`; the wallet page names each). Sent to
    /// the browser in the column's spelling.
    #[serde(rename_all = "snake_case")]
    pub enum TransactionKind {
        Charge = "charge",
        Hold = "hold",
        Release = "release",
        Capture = "capture",
        Settle = "settle",
        EscrowRefund = "escrow_refund",
        RefundRequest = "refund_request",
        Refund = "refund",
        RefundRevert = "refund_revert",
    }
}

db_enum! {
    /// A hold's life: `held → released | captured`, each at most once.
    pub enum HoldStatus {
        Held = "held",
        Released = "released",
        Captured = "captured",
    }
}

/// A signed number of points as a ledger leg moves it (debit negative, credit positive), or a balance.
/// On the server it reads and binds as a signed column (`amount AS "amount: Points"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
#[serde(transparent)]
pub struct Points(i64);

impl Points {
    pub const ZERO: Points = Points(0);

    pub const fn new(amount: i64) -> Points {
        Points(amount)
    }

    pub fn get(self) -> i64 {
        self.0
    }

    /// A won amount as points; refused past `i64::MAX`.
    pub fn from_won(won: Won) -> Result<Points, MoneyError> {
        i64::try_from(won.amount()).map(Points).map_err(|_| MoneyError::Overflow)
    }

    /// The amount as won when it is not negative.
    pub fn to_won(self) -> Option<Won> {
        u64::try_from(self.0).ok().map(Won)
    }

    /// The amount as won, negative balances read as zero (what a member can spend).
    pub fn to_won_or_zero(self) -> Won {
        self.to_won().unwrap_or(Won::ZERO)
    }

    pub fn checked_add(self, other: Points) -> Result<Points, MoneyError> {
        self.0.checked_add(other.0).map(Points).ok_or(MoneyError::Overflow)
    }

    pub fn checked_sub(self, other: Points) -> Result<Points, MoneyError> {
        self.0.checked_sub(other.0).map(Points).ok_or(MoneyError::Overflow)
    }

    pub fn checked_neg(self) -> Result<Points, MoneyError> {
        self.0.checked_neg().map(Points).ok_or(MoneyError::Overflow)
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// The size of the movement, whichever its direction.
    pub fn magnitude(self) -> Won {
        Won(self.0.unsigned_abs())
    }
}

impl fmt::Display for Points {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Why a plan or a balance change is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyError {
    /// An amount or a sum does not fit the ledger's `i64`.
    Overflow,
    /// A movement of nothing (every leg must move points).
    ZeroAmount,
    /// More taken from a hold than it holds.
    CaptureExceedsHold { held: Won, take: Won },
    /// The commission rate is above 100 %.
    CommissionRate(u8),
    /// The account would go below zero; `available` is what it holds.
    Insufficient { available: Points },
}

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MoneyError::Overflow => f.write_str("amount out of range"),
            MoneyError::ZeroAmount => f.write_str("a ledger leg of zero"),
            MoneyError::CaptureExceedsHold { held, take } => write!(f, "capture of {take} from a hold of {held}"),
            MoneyError::CommissionRate(p) => write!(f, "commission of {p} %"),
            MoneyError::Insufficient { available } => write!(f, "insufficient: {available} available"),
        }
    }
}

impl std::error::Error for MoneyError {}

/// One side of a posting: `amount` credited (positive) or debited (negative) to `account` of `user_id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Leg {
    pub account: AccountKind,
    pub user_id: u64,
    pub amount: Points,
}

/// A balanced ledger transaction: built only by the plans below, so its legs always sum to zero.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    kind: TransactionKind,
    legs: Vec<Leg>,
}

impl Posting {
    /// Checks the legs: none zero, the sum exactly zero (computed without overflow).
    fn new(kind: TransactionKind, legs: Vec<Leg>) -> Result<Posting, MoneyError> {
        let mut sum = Points::ZERO;
        for leg in &legs {
            if leg.amount == Points::ZERO {
                return Err(MoneyError::ZeroAmount);
            }
            sum = sum.checked_add(leg.amount)?;
        }
        assert_eq!(sum, Points::ZERO, "unbalanced {kind:?} posting: {legs:?}");
        Ok(Posting { kind, legs })
    }

    /// `amount` (positive) from one account to another.
    fn transfer(kind: TransactionKind, from: (AccountKind, u64), to: (AccountKind, u64), amount: Won) -> Result<Posting, MoneyError> {
        let a = positive(amount)?;
        Posting::new(
            kind,
            vec![Leg { account: from.0, user_id: from.1, amount: a.checked_neg()? }, Leg { account: to.0, user_id: to.1, amount: a }],
        )
    }

    pub fn kind(&self) -> TransactionKind {
        self.kind
    }

    pub fn legs(&self) -> &[Leg] {
        &self.legs
    }
}

fn positive(amount: Won) -> Result<Points, MoneyError> {
    let p = Points::from_won(amount)?;
    if p == Points::ZERO {
        return Err(MoneyError::ZeroAmount);
    }
    Ok(p)
}

/// A paid charge: from the gateway into the member's wallet.
pub fn charge(user_id: u64, amount: Won) -> Result<Posting, MoneyError> {
    Posting::transfer(TransactionKind::Charge, (AccountKind::Gateway, SYSTEM), (AccountKind::Wallet, user_id), amount)
}

/// A hold for a leading bid: wallet → holds.
pub fn hold(user_id: u64, amount: Won) -> Result<Posting, MoneyError> {
    Posting::transfer(TransactionKind::Hold, (AccountKind::Wallet, user_id), (AccountKind::Holds, user_id), amount)
}

/// A hold given back: holds → wallet.
pub fn release(user_id: u64, held: Won) -> Result<Posting, MoneyError> {
    Posting::transfer(TransactionKind::Release, (AccountKind::Holds, user_id), (AccountKind::Wallet, user_id), held)
}

/// A sale paid from a hold: `take` of the `held` amount into escrow, the rest back to the wallet (a
/// winner held for their maximum pays only the final price).
pub fn capture(user_id: u64, held: Won, take: Won) -> Result<Posting, MoneyError> {
    if take > held {
        return Err(MoneyError::CaptureExceedsHold { held, take });
    }
    let held_p = positive(held)?;
    let take_p = positive(take)?;
    let mut legs = vec![
        Leg { account: AccountKind::Holds, user_id, amount: held_p.checked_neg()? },
        Leg { account: AccountKind::Escrow, user_id: SYSTEM, amount: take_p },
    ];
    let rest = held_p.checked_sub(take_p)?;
    if rest != Points::ZERO {
        legs.push(Leg { account: AccountKind::Wallet, user_id, amount: rest });
    }
    Posting::new(TransactionKind::Capture, legs)
}

/// How a settled sale is divided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settlement {
    pub artist_share: Won,
    pub commission: Won,
}

/// The commission on `total` at `percent`, rounded down (the artist gets the odd won).
pub fn commission(total: Won, percent: u8) -> Result<Settlement, MoneyError> {
    if percent > 100 {
        return Err(MoneyError::CommissionRate(percent));
    }
    let commission = total.amount().checked_mul(u64::from(percent)).ok_or(MoneyError::Overflow)? / 100;
    let share = total.amount() - commission; // commission ≤ total since percent ≤ 100
    Ok(Settlement { artist_share: Won(share), commission: Won(commission) })
}

/// A received order paid out: its escrowed price and shipping → the artist's wallet, less the commission
/// on the price (shipping passes through whole). `Settlement::artist_share` includes the shipping.
pub fn settle(artist_id: u64, price: Won, shipping: Won, commission_percent: u8) -> Result<(Posting, Settlement), MoneyError> {
    let split = commission(price, commission_percent)?;
    let total = price.checked_add(shipping).ok_or(MoneyError::Overflow)?;
    let share = split.artist_share.checked_add(shipping).ok_or(MoneyError::Overflow)?;
    let mut legs = vec![Leg { account: AccountKind::Escrow, user_id: SYSTEM, amount: positive(total)?.checked_neg()? }];
    if share != Won::ZERO {
        legs.push(Leg { account: AccountKind::Wallet, user_id: artist_id, amount: Points::from_won(share)? });
    }
    if split.commission != Won::ZERO {
        legs.push(Leg { account: AccountKind::Commission, user_id: SYSTEM, amount: Points::from_won(split.commission)? });
    }
    Ok((Posting::new(TransactionKind::Settle, legs)?, Settlement { artist_share: share, commission: split.commission }))
}

/// An escrowed price returned to the buyer (a dispute decided for them).
pub fn refund_escrow(buyer_id: u64, amount: Won) -> Result<Posting, MoneyError> {
    Posting::transfer(TransactionKind::EscrowRefund, (AccountKind::Escrow, SYSTEM), (AccountKind::Wallet, buyer_id), amount)
}

/// A refund of an unused charge asked for: wallet → refunding, so the points cannot be spent meanwhile.
pub fn refund_request(user_id: u64, amount: Won) -> Result<Posting, MoneyError> {
    Posting::transfer(TransactionKind::RefundRequest, (AccountKind::Wallet, user_id), (AccountKind::Refunding, user_id), amount)
}

/// The gateway cancelled the payment: refunding → gateway.
pub fn refund(user_id: u64, amount: Won) -> Result<Posting, MoneyError> {
    Posting::transfer(TransactionKind::Refund, (AccountKind::Refunding, user_id), (AccountKind::Gateway, SYSTEM), amount)
}

/// The refund cannot happen: refunding → wallet.
pub fn refund_revert(user_id: u64, amount: Won) -> Result<Posting, MoneyError> {
    Posting::transfer(TransactionKind::RefundRevert, (AccountKind::Refunding, user_id), (AccountKind::Wallet, user_id), amount)
}

/// An account's balance after `leg`: refused when a user account would go below zero.
pub fn apply(account: AccountKind, balance: Points, amount: Points) -> Result<Points, MoneyError> {
    let after = balance.checked_add(amount)?;
    if after.is_negative() && !account.may_go_negative() {
        return Err(MoneyError::Insufficient { available: balance });
    }
    Ok(after)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use proptest::prelude::*;

    use super::*;

    fn sum(p: &Posting) -> i128 {
        p.legs().iter().map(|l| i128::from(l.amount.get())).sum()
    }

    #[test]
    fn each_plan_moves_what_it_says() {
        let c = charge(7, Won(5_000)).unwrap();
        assert_eq!(c.kind(), TransactionKind::Charge);
        assert_eq!(
            c.legs(),
            &[
                Leg { account: AccountKind::Gateway, user_id: SYSTEM, amount: Points::new(-5_000) },
                Leg { account: AccountKind::Wallet, user_id: 7, amount: Points::new(5_000) },
            ]
        );
        // A winner held for ₩30,000 who pays ₩21,000 gets ₩9,000 back in the same posting.
        let cap = capture(3, Won(30_000), Won(21_000)).unwrap();
        assert_eq!(
            cap.legs(),
            &[
                Leg { account: AccountKind::Holds, user_id: 3, amount: Points::new(-30_000) },
                Leg { account: AccountKind::Escrow, user_id: SYSTEM, amount: Points::new(21_000) },
                Leg { account: AccountKind::Wallet, user_id: 3, amount: Points::new(9_000) },
            ]
        );
        assert_eq!(capture(3, Won(30_000), Won(30_000)).unwrap().legs().len(), 2, "an exact capture returns nothing");
        let (s, split) = settle(9, Won(10_001), Won::ZERO, 10).unwrap();
        assert_eq!(split, Settlement { artist_share: Won(9_001), commission: Won(1_000) }, "the commission rounds down");
        assert_eq!(s.legs().len(), 3);
        let (s, split) = settle(9, Won(50_000), Won::ZERO, 0).unwrap();
        assert_eq!((s.legs().len(), split.commission), (2, Won::ZERO), "no commission leg at 0 %");
        let (s, split) = settle(9, Won(50_000), Won(3_000), 10).unwrap();
        assert_eq!(split, Settlement { artist_share: Won(48_000), commission: Won(5_000) }, "no commission on shipping");
        assert_eq!(
            s.legs(),
            &[
                Leg { account: AccountKind::Escrow, user_id: SYSTEM, amount: Points::new(-53_000) },
                Leg { account: AccountKind::Wallet, user_id: 9, amount: Points::new(48_000) },
                Leg { account: AccountKind::Commission, user_id: SYSTEM, amount: Points::new(5_000) },
            ]
        );
    }

    #[test]
    fn impossible_plans_are_errors() {
        assert_eq!(hold(1, Won::ZERO), Err(MoneyError::ZeroAmount));
        assert_eq!(charge(1, Won(u64::MAX)), Err(MoneyError::Overflow));
        assert_eq!(capture(1, Won(100), Won(101)), Err(MoneyError::CaptureExceedsHold { held: Won(100), take: Won(101) }));
        assert_eq!(capture(1, Won(100), Won(0)), Err(MoneyError::ZeroAmount));
        assert_eq!(settle(1, Won(100), Won::ZERO, 101).map(|_| ()), Err(MoneyError::CommissionRate(101)));
        assert_eq!(settle(1, Won(u64::MAX / 2), Won::ZERO, 50).map(|_| ()), Err(MoneyError::Overflow));
        assert_eq!(settle(1, Won(u64::MAX - 1), Won(2), 0).map(|_| ()), Err(MoneyError::Overflow));
        assert_eq!(
            apply(AccountKind::Wallet, Points::new(5), Points::new(-6)),
            Err(MoneyError::Insufficient { available: Points::new(5) })
        );
        assert_eq!(apply(AccountKind::Gateway, Points::new(5), Points::new(-6)), Ok(Points::new(-1)));
        assert_eq!(apply(AccountKind::Gateway, Points::new(i64::MIN), Points::new(-1)), Err(MoneyError::Overflow));
    }

    proptest! {
        #[test]
        fn every_plan_balances(user in 1..1_000u64, a in 1..=i64::MAX as u64, b in 1..=i64::MAX as u64, pct in 0..=100u8) {
            let plans = [charge(user, Won(a)), hold(user, Won(a)), release(user, Won(a)), refund_escrow(user, Won(a)),
                refund_request(user, Won(a)), refund(user, Won(a)), refund_revert(user, Won(a)),
                capture(user, Won(a.max(b)), Won(a.min(b)))];
            for p in plans {
                let p = p.unwrap();
                prop_assert_eq!(sum(&p), 0);
                prop_assert!(p.legs().iter().all(|l| l.amount != Points::ZERO));
            }
            let ship = b % 300_001;
            match settle(user, Won(a), Won(ship), pct) {
                Ok((p, split)) => {
                    prop_assert_eq!(sum(&p), 0);
                    prop_assert_eq!(u128::from(split.artist_share.amount()) + u128::from(split.commission.amount()), u128::from(a) + u128::from(ship));
                    prop_assert!(u128::from(split.commission.amount()) * 100 <= u128::from(a) * u128::from(pct));
                    prop_assert!((u128::from(split.commission.amount()) + 1) * 100 > u128::from(a) * u128::from(pct));
                }
                Err(e) => prop_assert_eq!(e, MoneyError::Overflow),
            }
        }

        /// Random operations applied the way the shell applies them: every user account stays at or
        /// above zero, a refused posting changes nothing, and all balances always sum to zero.
        #[test]
        fn balances_never_go_negative_and_always_sum_to_zero(ops in proptest::collection::vec((0..7u8, 1..4u64, 1..50_000u64, 0..30u8), 1..80)) {
            let mut balances: HashMap<(AccountKind, u64), Points> = HashMap::new();
            for (op, user, amount, pct) in ops {
                let amount = Won(amount);
                let plan = match op {
                    0 => charge(user, amount),
                    1 => hold(user, amount),
                    2 => release(user, amount),
                    3 => capture(user, amount, Won(amount.amount() / 2 + 1)),
                    4 => settle(user, amount, Won(amount.amount() % 7 * 500), pct).map(|(p, _)| p),
                    5 => refund_request(user, amount),
                    _ => refund_revert(user, amount),
                }
                .unwrap();
                let mut next = balances.clone();
                let mut refused = false;
                for leg in plan.legs() {
                    let key = (leg.account, leg.user_id);
                    let before = next.get(&key).copied().unwrap_or_default();
                    match apply(leg.account, before, leg.amount) {
                        Ok(after) => { next.insert(key, after); }
                        Err(MoneyError::Insufficient { available }) => {
                            prop_assert_eq!(available, before);
                            refused = true;
                            break;
                        }
                        Err(e) => return Err(TestCaseError::fail(e.to_string())),
                    }
                }
                if !refused {
                    balances = next;
                }
                for ((account, _), b) in &balances {
                    prop_assert!(account.may_go_negative() || !b.is_negative());
                }
                prop_assert_eq!(balances.values().map(|b| i128::from(b.get())).sum::<i128>(), 0);
            }
        }
    }
}
