//! The wallet as the browser sees it: balances, ledger rows and charges (the owner's only).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Won;

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
    /// `charge`, `hold`, `release`, `settle`, `escrow_refund`, `refund_request`, `refund_revert`.
    pub kind: String,
    /// Positive: in; negative: out.
    pub amount: i64,
    pub balance_after: i64,
}

impl LedgerRow {
    pub fn kind_ko(&self) -> &'static str {
        match self.kind.as_str() {
            "charge" => "충전",
            "hold" => "입찰 보류",
            "release" => "보류 해제",
            "settle" => "판매 정산",
            "escrow_refund" => "주문 환불",
            "refund_request" => "충전 환불",
            "refund_revert" => "환불 취소",
            _ => "기타",
        }
    }
}

/// A charge attempt of the owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChargeRow {
    pub merchant_uid: String,
    pub amount: Won,
    /// `pending`, `paid`, `failed`, `expired`, `refund_requested`, `refunded`, `refund_failed`.
    pub status: String,
    pub at: DateTime<Utc>,
    /// Why a refund could not be made (its points went back to the wallet).
    pub refund_failure: Option<String>,
    /// Paid, not refunded, and its amount still available.
    pub refundable: bool,
}

impl ChargeRow {
    pub fn status_ko(&self) -> &'static str {
        match self.status.as_str() {
            "pending" => "결제 대기",
            "paid" => "충전 완료",
            "failed" => "결제 실패",
            "expired" => "결제 시간 만료",
            "refund_failed" => "환불 불가 (포인트 복원)",
            "refund_requested" => "환불 처리 중",
            "refunded" => "환불 완료",
            _ => "-",
        }
    }
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
