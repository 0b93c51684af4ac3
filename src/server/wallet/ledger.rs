//! The double-entry ledger and the holds API other modules use. Every function takes the caller's open
//! transaction, so a bid and its hold (or a close and its capture) commit or fail together.
//!
//! Lock order, always: the hold row (when one is involved), then the ledger accounts in ascending id
//! order (`post` sorts them). Nothing here takes other locks, so callers that lock a lot row first and
//! then call in here keep one global order: lot → hold → accounts.

use sqlx::{MySql, Transaction};

use crate::domain::Won;
use crate::error::AppError;

pub type Tx<'a> = Transaction<'a, MySql>;

/// The system's own accounts belong to user 0.
pub const SYSTEM: u64 = 0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountKind {
    Wallet,
    Holds,
    Refunding,
    Gateway,
    Escrow,
    Commission,
}

impl AccountKind {
    pub fn as_db(self) -> &'static str {
        match self {
            AccountKind::Wallet => "wallet",
            AccountKind::Holds => "holds",
            AccountKind::Refunding => "refunding",
            AccountKind::Gateway => "gateway",
            AccountKind::Escrow => "escrow",
            AccountKind::Commission => "commission",
        }
    }

    /// Accounts that may go negative (money that came in from outside).
    fn may_go_negative(self) -> bool {
        self == AccountKind::Gateway
    }
}

/// A reference to what a movement is about (a payment, a lot, an order).
#[derive(Debug, Clone)]
pub struct Reference<'a> {
    pub kind: &'a str,
    pub id: String,
}

/// The id of `kind` for `user_id`, created on first use.
pub async fn account(tx: &mut Tx<'_>, kind: AccountKind, user_id: u64) -> Result<u64, AppError> {
    // The common case reads without locks (an INSERT IGNORE on an existing row would take a shared lock
    // that later upgrades could deadlock on); creating uses a locking read, which sees the latest row.
    let existing: Option<u64> = sqlx::query_scalar("SELECT id FROM ledger_accounts WHERE kind = ? AND user_id = ?")
        .bind(kind.as_db())
        .bind(user_id)
        .fetch_optional(&mut **tx)
        .await?;
    if let Some(id) = existing {
        return Ok(id);
    }
    sqlx::query("INSERT IGNORE INTO ledger_accounts (kind, user_id) VALUES (?, ?)")
        .bind(kind.as_db())
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(sqlx::query_scalar("SELECT id FROM ledger_accounts WHERE kind = ? AND user_id = ? FOR UPDATE")
        .bind(kind.as_db())
        .bind(user_id)
        .fetch_one(&mut **tx)
        .await?)
}

/// "Not enough points", with the available amount; pages show it with a link to charge.
pub fn insufficient(available: i64) -> AppError {
    AppError::bad_request(format!(
        "사용 가능한 포인트가 부족합니다. (사용 가능: {}) 포인트를 충전해 주세요.",
        Won(available.max(0) as u64).display()
    ))
}

/// Posts one ledger transaction. `legs` are (kind, user, signed amount) and must sum to zero; accounts
/// are locked in ascending id order, balances checked (user accounts never below zero), entries
/// written with the balance after, and cached balances updated — all in the caller's transaction.
pub async fn post(tx: &mut Tx<'_>, kind: &str, reference: &Reference<'_>, legs: &[(AccountKind, u64, i64)]) -> Result<u64, AppError> {
    if legs.iter().map(|(_, _, a)| *a).sum::<i64>() != 0 || legs.iter().any(|(_, _, a)| *a == 0) {
        return Err(AppError::internal(format!("unbalanced ledger transaction {kind}: {legs:?}")));
    }
    let mut resolved = Vec::with_capacity(legs.len());
    for (k, user, amount) in legs {
        resolved.push((account(tx, *k, *user).await?, *k, *amount));
    }
    resolved.sort_by_key(|(id, _, _)| *id);
    let transaction_id = sqlx::query("INSERT INTO ledger_transactions (kind, reference_type, reference_id) VALUES (?, ?, ?)")
        .bind(kind)
        .bind(reference.kind)
        .bind(&reference.id)
        .execute(&mut **tx)
        .await?
        .last_insert_id();
    for (account_id, k, amount) in resolved {
        let balance: i64 =
            sqlx::query_scalar("SELECT balance FROM ledger_accounts WHERE id = ? FOR UPDATE").bind(account_id).fetch_one(&mut **tx).await?;
        let after = balance + amount;
        if after < 0 && !k.may_go_negative() {
            return Err(insufficient(balance));
        }
        sqlx::query("UPDATE ledger_accounts SET balance = ? WHERE id = ?").bind(after).bind(account_id).execute(&mut **tx).await?;
        sqlx::query("INSERT INTO ledger_entries (transaction_id, account_id, amount, balance_after) VALUES (?, ?, ?, ?)")
            .bind(transaction_id)
            .bind(account_id)
            .bind(amount)
            .bind(after)
            .execute(&mut **tx)
            .await?;
    }
    Ok(transaction_id)
}

/// Reserves `amount` of `user_id`'s available points. Refused (with the available amount) when short.
pub async fn hold(tx: &mut Tx<'_>, user_id: u64, amount: Won, reason: &str, reference: &Reference<'_>) -> Result<u64, AppError> {
    let amount_i = i64::try_from(amount.amount()).map_err(AppError::internal)?;
    if amount_i <= 0 {
        return Err(AppError::bad_request("금액이 올바르지 않습니다."));
    }
    let hold_id = sqlx::query("INSERT INTO holds (user_id, amount, reason, reference_type, reference_id) VALUES (?, ?, ?, ?, ?)")
        .bind(user_id)
        .bind(amount.amount())
        .bind(reason)
        .bind(reference.kind)
        .bind(&reference.id)
        .execute(&mut **tx)
        .await?
        .last_insert_id();
    post(
        tx,
        "hold",
        &Reference { kind: "hold", id: hold_id.to_string() },
        &[(AccountKind::Wallet, user_id, -amount_i), (AccountKind::Holds, user_id, amount_i)],
    )
    .await?;
    Ok(hold_id)
}

struct HoldRow {
    user_id: u64,
    amount: i64,
    status: String,
}

async fn lock_hold(tx: &mut Tx<'_>, hold_id: u64) -> Result<HoldRow, AppError> {
    let row: Option<(u64, u64, String)> =
        sqlx::query_as("SELECT user_id, amount, status FROM holds WHERE id = ? FOR UPDATE").bind(hold_id).fetch_optional(&mut **tx).await?;
    let (user_id, amount, status) = row.ok_or_else(|| AppError::internal(format!("hold {hold_id} does not exist")))?;
    Ok(HoldRow { user_id, amount: amount as i64, status })
}

/// Returns a hold to the wallet. Releasing twice (or after capture) changes nothing.
pub async fn release(tx: &mut Tx<'_>, hold_id: u64) -> Result<bool, AppError> {
    let hold = lock_hold(tx, hold_id).await?;
    if hold.status != "held" {
        return Ok(false);
    }
    sqlx::query("UPDATE holds SET status = 'released' WHERE id = ?").bind(hold_id).execute(&mut **tx).await?;
    post(
        tx,
        "release",
        &Reference { kind: "hold", id: hold_id.to_string() },
        &[(AccountKind::Holds, hold.user_id, -hold.amount), (AccountKind::Wallet, hold.user_id, hold.amount)],
    )
    .await?;
    Ok(true)
}

/// Moves a hold into escrow for `reference` (an order). Capturing twice (or after release) changes nothing.
pub async fn capture(tx: &mut Tx<'_>, hold_id: u64, reference: &Reference<'_>) -> Result<bool, AppError> {
    capture_part(tx, hold_id, None, reference).await
}

/// Moves `amount` of a hold (all of it when `None`) into escrow and returns the rest to the wallet, in one
/// ledger transaction: a winner held for their maximum pays only the final price. Idempotent like `capture`.
pub async fn capture_part(tx: &mut Tx<'_>, hold_id: u64, amount: Option<Won>, reference: &Reference<'_>) -> Result<bool, AppError> {
    let hold = lock_hold(tx, hold_id).await?;
    if hold.status != "held" {
        return Ok(false);
    }
    let take = amount.map_or(hold.amount, |a| a.amount() as i64);
    if take <= 0 || take > hold.amount {
        return Err(AppError::internal(format!("capture of {take} from hold {hold_id} of {}", hold.amount)));
    }
    sqlx::query("UPDATE holds SET status = 'captured' WHERE id = ?").bind(hold_id).execute(&mut **tx).await?;
    let mut legs = vec![(AccountKind::Holds, hold.user_id, -hold.amount), (AccountKind::Escrow, SYSTEM, take)];
    if hold.amount > take {
        legs.push((AccountKind::Wallet, hold.user_id, hold.amount - take));
    }
    post(tx, "capture", reference, &legs).await?;
    Ok(true)
}

/// What `user_id` can spend now (their wallet account), read under a row lock in the caller's transaction.
pub async fn available_locked(tx: &mut Tx<'_>, user_id: u64) -> Result<Won, AppError> {
    let id = account(tx, AccountKind::Wallet, user_id).await?;
    let balance: i64 =
        sqlx::query_scalar("SELECT balance FROM ledger_accounts WHERE id = ? FOR UPDATE").bind(id).fetch_one(&mut **tx).await?;
    Ok(Won(balance.max(0) as u64))
}

/// Locks the wallet and holds accounts of `users` in ascending account id order, so transactions that
/// touch several users' accounts (a bid moving a hold from one bidder to another) never deadlock.
pub async fn lock_users(tx: &mut Tx<'_>, users: &[u64]) -> Result<(), AppError> {
    let mut ids = Vec::new();
    for user in users {
        for kind in [AccountKind::Wallet, AccountKind::Holds] {
            ids.push(account(tx, kind, *user).await?);
        }
    }
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        sqlx::query("SELECT id FROM ledger_accounts WHERE id = ? FOR UPDATE").bind(id).execute(&mut **tx).await?;
    }
    Ok(())
}

/// Pays an escrowed `amount` out to the artist minus `commission_percent`; returns (artist share, commission).
pub async fn settle(
    tx: &mut Tx<'_>,
    amount: Won,
    artist_id: u64,
    commission_percent: u8,
    reference: &Reference<'_>,
) -> Result<(Won, Won), AppError> {
    let total = amount.amount() as i64;
    let commission = total * i64::from(commission_percent) / 100;
    let share = total - commission;
    let mut legs = vec![(AccountKind::Escrow, SYSTEM, -total), (AccountKind::Wallet, artist_id, share)];
    if commission > 0 {
        legs.push((AccountKind::Commission, SYSTEM, commission));
    }
    post(tx, "settle", reference, &legs).await?;
    Ok((Won(share as u64), Won(commission as u64)))
}

/// Returns an escrowed `amount` to the buyer (a cancelled or disputed order).
pub async fn refund_escrow(tx: &mut Tx<'_>, amount: Won, buyer_id: u64, reference: &Reference<'_>) -> Result<(), AppError> {
    let a = amount.amount() as i64;
    post(tx, "escrow_refund", reference, &[(AccountKind::Escrow, SYSTEM, -a), (AccountKind::Wallet, buyer_id, a)]).await?;
    Ok(())
}

/// A user's balance figures.
pub async fn balances(db: &sqlx::MySqlPool, user_id: u64) -> Result<crate::domain::WalletBalance, AppError> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT kind, balance FROM ledger_accounts WHERE user_id = ? AND kind IN ('wallet', 'holds', 'refunding')")
            .bind(user_id)
            .fetch_all(db)
            .await?;
    let get = |k: &str| rows.iter().find(|(kind, _)| kind == k).map_or(0, |(_, b)| *b).max(0) as u64;
    let (available, held, refunding) = (get("wallet"), get("holds"), get("refunding"));
    Ok(crate::domain::WalletBalance {
        balance: Won(available + held + refunding),
        available: Won(available),
        held: Won(held),
        refunding: Won(refunding),
    })
}
