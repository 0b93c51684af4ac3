//! The wallet as the browser sees it: balances, ledger rows and charges (the owner's only).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::db_enum::db_enum;
use super::ledger::{Points, TransactionKind};
use super::Won;

db_enum! {
    /// A charge and its refund: `pending → paid | failed | expired` (a failed or expired one is still
    /// credited if the gateway later says it was paid), then `paid → refund_requested → refunded |
    /// refund_failed`. Sent to the browser in the column's spelling.
    #[serde(rename_all = "snake_case")]
    pub enum PaymentStatus {
        Pending = "pending",
        Paid = "paid",
        Failed = "failed",
        Expired = "expired",
        RefundRequested = "refund_requested",
        Refunded = "refunded",
        RefundFailed = "refund_failed",
    }
}

impl PaymentStatus {
    /// Statuses a payment can still be credited from.
    pub fn creditable(self) -> bool {
        matches!(self, PaymentStatus::Pending | PaymentStatus::Failed | PaymentStatus::Expired)
    }
}

/// balance = available + held (+ refunding); available is what can be bid or spent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct WalletBalance {
    pub balance: Won,
    pub available: Won,
    pub held: Won,
    pub refunding: Won,
}

/// One line of the wallet's ledger (the user's wallet account only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerRow {
    pub at: DateTime<Utc>,
    pub kind: TransactionKind,
    /// Positive: in; negative: out.
    pub amount: Points,
    pub balance_after: Points,
}

/// A charge attempt of the owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChargeRow {
    pub merchant_uid: String,
    pub amount: Won,
    pub status: PaymentStatus,
    pub at: DateTime<Utc>,
    /// Why a refund could not be made (its points went back to the wallet).
    pub refund_failure: Option<String>,
    /// Paid, not refunded, and its amount still available.
    pub refundable: bool,
}

pub const LEDGER_PAGE_SIZE: u32 = 20;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalletPage {
    pub balance: WalletBalance,
    pub rows: Vec<LedgerRow>,
    pub page: u32,
    pub pages: u32,
    pub charges: Vec<ChargeRow>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON the wallet page and API clients read spells statuses and kinds as the database does.
    #[test]
    fn statuses_and_kinds_reach_the_browser_in_their_column_spelling() {
        for s in PaymentStatus::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_db());
        }
        for k in TransactionKind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_db());
        }
    }
}
