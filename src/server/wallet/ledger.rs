//! The double-entry ledger and the holds API other modules use. Every function takes the caller's open
//! transaction, so a bid and its hold (or a close and its capture) commit or fail together.
//!
//! Lock order, always: the hold row (when one is involved), then the ledger accounts in ascending id
//! order (`post` sorts them). Nothing here takes other locks, so callers that lock a lot row first and
//! then call in here keep one global order: lot → hold → accounts.

use sqlx::{MySql, Transaction};

use crate::domain::ledger::{self as money, MoneyError, Points, Posting};
pub use crate::domain::ledger::{AccountKind, HoldStatus, SYSTEM};
use crate::domain::Won;
use crate::error::AppError;

pub type Tx<'a> = Transaction<'a, MySql>;

/// A reference to what a movement is about (a payment, a lot, an order).
#[derive(Debug, Clone)]
pub struct Reference<'a> {
    pub kind: &'a str,
    pub id: String,
}

impl From<MoneyError> for AppError {
    fn from(e: MoneyError) -> AppError {
        match e {
            MoneyError::Insufficient { available } => insufficient(available.to_won_or_zero()),
            other => AppError::internal(format!("ledger: {other}")),
        }
    }
}

/// The id of `kind` for `user_id`, created on first use.
pub async fn account(tx: &mut Tx<'_>, kind: AccountKind, user_id: u64) -> Result<u64, AppError> {
    // The common case reads without locks (an INSERT IGNORE on an existing row would take a shared lock
    // that later upgrades could deadlock on); creating uses a locking read, which sees the latest row.
    let existing = sqlx::query_scalar!("SELECT id FROM ledger_accounts WHERE kind = ? AND user_id = ?", kind, user_id)
        .fetch_optional(&mut **tx)
        .await?;
    if let Some(id) = existing {
        return Ok(id);
    }
    sqlx::query!("INSERT IGNORE INTO ledger_accounts (kind, user_id) VALUES (?, ?)", kind, user_id).execute(&mut **tx).await?;
    Ok(sqlx::query_scalar!("SELECT id FROM ledger_accounts WHERE kind = ? AND user_id = ? FOR UPDATE", kind, user_id)
        .fetch_one(&mut **tx)
        .await?)
}

/// "Not enough points", with the available amount; pages show it with a link to charge.
pub fn insufficient(available: Won) -> AppError {
    AppError::bad_request(crate::i18n::Locale::current().insufficient_points(available))
        .with_code(crate::error::ErrorCode::InsufficientPoints)
}

/// Writes one balanced posting (a plan of `domain::ledger`): accounts resolved and locked in ascending
/// id order, each balance changed by the pure rule (`money::apply`: user accounts never below zero),
/// entries written with the balance after, cached balances updated — all in the caller's transaction.
pub async fn post(tx: &mut Tx<'_>, posting: &Posting, reference: &Reference<'_>) -> Result<u64, AppError> {
    let mut resolved = Vec::with_capacity(posting.legs().len());
    for leg in posting.legs() {
        resolved.push((account(tx, leg.account, leg.user_id).await?, leg));
    }
    resolved.sort_by_key(|(id, _)| *id);
    let transaction_id = sqlx::query!(
        "INSERT INTO ledger_transactions (kind, reference_type, reference_id) VALUES (?, ?, ?)",
        posting.kind(),
        reference.kind,
        reference.id
    )
    .execute(&mut **tx)
    .await?
    .last_insert_id();
    for (account_id, leg) in resolved {
        let balance =
            sqlx::query_scalar!("SELECT balance FROM ledger_accounts WHERE id = ? FOR UPDATE", account_id).fetch_one(&mut **tx).await?;
        let after = money::apply(leg.account, Points::new(balance), leg.amount)?.get();
        sqlx::query!("UPDATE ledger_accounts SET balance = ? WHERE id = ?", after, account_id).execute(&mut **tx).await?;
        sqlx::query!(
            "INSERT INTO ledger_entries (transaction_id, account_id, amount, balance_after) VALUES (?, ?, ?, ?)",
            transaction_id,
            account_id,
            leg.amount.get(),
            after
        )
        .execute(&mut **tx)
        .await?;
    }
    Ok(transaction_id)
}

/// Reserves `amount` of `user_id`'s available points. Refused (with the available amount) when short.
pub async fn hold(tx: &mut Tx<'_>, user_id: u64, amount: Won, reason: &str, reference: &Reference<'_>) -> Result<u64, AppError> {
    let posting = money::hold(user_id, amount).map_err(|_| AppError::bad_request(crate::i18n::Key::ErrBadAmount))?;
    let hold_id = sqlx::query!(
        "INSERT INTO holds (user_id, amount, reason, reference_type, reference_id) VALUES (?, ?, ?, ?, ?)",
        user_id,
        amount.amount(),
        reason,
        reference.kind,
        reference.id
    )
    .execute(&mut **tx)
    .await?
    .last_insert_id();
    post(tx, &posting, &Reference { kind: "hold", id: hold_id.to_string() }).await?;
    Ok(hold_id)
}

struct HoldRow {
    user_id: u64,
    amount: Won,
    status: HoldStatus,
}

async fn lock_hold(tx: &mut Tx<'_>, hold_id: u64) -> Result<HoldRow, AppError> {
    sqlx::query_as!(
        HoldRow,
        r#"SELECT user_id, amount AS "amount: Won", status AS "status: HoldStatus" FROM holds WHERE id = ? FOR UPDATE"#,
        hold_id
    )
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| AppError::internal(format!("hold {hold_id} does not exist")))
}

async fn set_hold_status(tx: &mut Tx<'_>, hold_id: u64, status: HoldStatus) -> Result<(), AppError> {
    sqlx::query!("UPDATE holds SET status = ? WHERE id = ?", status, hold_id).execute(&mut **tx).await?;
    Ok(())
}

/// Returns a hold to the wallet. Releasing twice (or after capture) changes nothing.
pub async fn release(tx: &mut Tx<'_>, hold_id: u64) -> Result<bool, AppError> {
    let hold = lock_hold(tx, hold_id).await?;
    if hold.status != HoldStatus::Held {
        return Ok(false);
    }
    set_hold_status(tx, hold_id, HoldStatus::Released).await?;
    post(tx, &money::release(hold.user_id, hold.amount)?, &Reference { kind: "hold", id: hold_id.to_string() }).await?;
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
    if hold.status != HoldStatus::Held {
        return Ok(false);
    }
    let posting = money::capture(hold.user_id, hold.amount, amount.unwrap_or(hold.amount))?;
    set_hold_status(tx, hold_id, HoldStatus::Captured).await?;
    post(tx, &posting, reference).await?;
    Ok(true)
}

/// What `user_id` can spend now (their wallet account), read under a row lock in the caller's transaction.
pub async fn available_locked(tx: &mut Tx<'_>, user_id: u64) -> Result<Won, AppError> {
    let id = account(tx, AccountKind::Wallet, user_id).await?;
    let balance = sqlx::query_scalar!("SELECT balance FROM ledger_accounts WHERE id = ? FOR UPDATE", id).fetch_one(&mut **tx).await?;
    Ok(Points::new(balance).to_won_or_zero())
}

/// Locks the wallet and holds accounts of `users` in ascending account id order, so transactions that
/// touch several users' accounts (a bid moving a hold from one bidder to another) never deadlock.
pub async fn lock_users(tx: &mut Tx<'_>, users: &[u64]) -> Result<(), AppError> {
    let mut wanted = users.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    if lock_existing(tx, &wanted).await? == wanted.len() * 2 {
        return Ok(());
    }
    // Someone has no account yet: created (and locked) now. New rows get higher ids than every existing
    // account, so the ascending order still holds.
    for user in &wanted {
        for kind in [AccountKind::Wallet, AccountKind::Holds] {
            account(tx, kind, *user).await?;
        }
    }
    Ok(())
}

/// Locks the wallet and holds accounts that already exist for `users` in two round trips — one read by
/// user, one locking read by primary key, which InnoDB takes in ascending id order — and returns how many
/// it locked. Creates nothing.
pub async fn lock_existing(tx: &mut Tx<'_>, users: &[u64]) -> Result<usize, AppError> {
    if users.is_empty() {
        return Ok(0);
    }
    let mut find = sqlx::QueryBuilder::new("SELECT id FROM ledger_accounts WHERE kind IN ('wallet', 'holds') AND user_id IN ");
    crate::server::db::push_id_list(&mut find, users);
    let mut ids: Vec<u64> = find.build_query_scalar().fetch_all(&mut **tx).await?;
    if ids.is_empty() {
        return Ok(0);
    }
    ids.sort_unstable();
    let mut lock = sqlx::QueryBuilder::new("SELECT id FROM ledger_accounts WHERE id IN ");
    crate::server::db::push_id_list(&mut lock, &ids);
    lock.push(" ORDER BY id FOR UPDATE");
    lock.build().execute(&mut **tx).await?;
    Ok(ids.len())
}

/// Pays an escrowed price and shipping out to the artist: the price less `commission_percent`, the
/// shipping whole. Returns (artist share including shipping, commission).
pub async fn settle(
    tx: &mut Tx<'_>,
    price: Won,
    shipping: Won,
    artist_id: u64,
    commission_percent: u8,
    reference: &Reference<'_>,
) -> Result<(Won, Won), AppError> {
    let (posting, split) = money::settle(artist_id, price, shipping, commission_percent)?;
    post(tx, &posting, reference).await?;
    Ok((split.artist_share, split.commission))
}

/// Returns an escrowed `amount` to the buyer (a cancelled or disputed order).
pub async fn refund_escrow(tx: &mut Tx<'_>, amount: Won, buyer_id: u64, reference: &Reference<'_>) -> Result<(), AppError> {
    post(tx, &money::refund_escrow(buyer_id, amount)?, reference).await?;
    Ok(())
}

/// A user's balance figures.
pub async fn balances(db: &sqlx::MySqlPool, user_id: u64) -> Result<crate::domain::WalletBalance, AppError> {
    let rows = sqlx::query!(
        r#"SELECT kind AS "kind: AccountKind", balance FROM ledger_accounts WHERE user_id = ? AND kind IN ('wallet', 'holds', 'refunding')"#,
        user_id
    )
    .fetch_all(db)
    .await?;
    let get = |k: AccountKind| rows.iter().find(|r| r.kind == k).map_or(Won::ZERO, |r| Points::new(r.balance).to_won_or_zero());
    let (available, held, refunding) = (get(AccountKind::Wallet), get(AccountKind::Holds), get(AccountKind::Refunding));
    let balance =
        available.checked_add(held).and_then(|b| b.checked_add(refunding)).ok_or_else(|| AppError::internal("balance overflow"))?;
    Ok(crate::domain::WalletBalance { balance, available, held, refunding })
}
