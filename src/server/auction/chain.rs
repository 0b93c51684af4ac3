//! The verifiable bid log: each lot's events form a hash chain. An event's hash is
//! `SHA-256(previous event's hash ‖ canonical bytes of this event)` — the previous hash of a lot's first
//! event is 32 zero bytes — written with the event in the transaction that makes it, under the lot's row
//! lock (so the previous event is settled). Changing, inserting or deleting any stored event breaks the
//! chain at that event, which `artipul verify-log` and the verify page name. Receipts (`receipts.rs`) sign
//! an event's hash, so a receipt and the stored chain vouch for each other.
//!
//! The canonical bytes are exactly what is stored, so anyone holding an export of `lot_events` can
//! recompute the chain: `artipul-lot-event/v1`, the lot id, the event number, the kind, the time in
//! microseconds since the epoch (UTC) and the JSON payload, separated by `\n`.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use sqlx::MySqlPool;

use crate::error::AppError;
use crate::server::wallet::ledger::Tx;

/// The "previous hash" of a lot's first event.
pub const GENESIS: [u8; 32] = [0; 32];

/// The bytes an event's hash covers (see the module documentation).
pub fn canonical(lot_id: u64, seq: u32, kind: &str, created_at: DateTime<Utc>, payload: &str) -> Vec<u8> {
    format!("artipul-lot-event/v1\n{lot_id}\n{seq}\n{kind}\n{}\n{payload}", created_at.timestamp_micros()).into_bytes()
}

/// One link: the hash of an event given the previous event's hash.
pub fn link(previous: &[u8; 32], canonical: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(previous);
    h.update(canonical);
    h.finalize().into()
}

/// The hash of the event numbered `seq - 1` of a locked lot (the genesis value for `seq` 1). An earlier
/// event without a hash (written before the chain existed) is hashed first by [`backfill`], which runs at
/// start-up; finding one here means the start-up backfill did not run.
pub async fn previous_hash(tx: &mut Tx<'_>, lot_id: u64, seq: u32) -> Result<[u8; 32], AppError> {
    if seq <= 1 {
        return Ok(GENESIS);
    }
    let prev: Option<Option<Vec<u8>>> = sqlx::query_scalar("SELECT hash FROM lot_events WHERE artwork_id = ? AND seq = ?")
        .bind(lot_id)
        .bind(seq - 1)
        .fetch_optional(&mut **tx)
        .await?;
    match prev.flatten() {
        Some(bytes) => {
            bytes.try_into().map_err(|_| AppError::internal(format!("lot {lot_id} event {}: stored hash is not 32 bytes", seq - 1)))
        }
        None => Err(AppError::internal(format!("lot {lot_id}: event {} has no hash (run `artipul migrate`)", seq - 1))),
    }
}

/// Where a lot's stored chain first disagrees with its events.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Break {
    pub lot_id: u64,
    pub seq: u32,
    pub reason: BreakReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakReason {
    /// The stored hash is not the hash of this event's stored contents after the previous one.
    HashMismatch,
    /// An event number is missing (deleted) before this one.
    Gap,
    /// The event has no hash.
    Unhashed,
}

// not-ui-text-begin: the operator's `artipul verify-log` report, in both languages
impl std::fmt::Display for Break {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let why = match self.reason {
            BreakReason::HashMismatch => "저장된 해시가 이벤트 내용과 맞지 않습니다 (the stored hash does not match the event)",
            BreakReason::Gap => "앞선 이벤트가 빠져 있습니다 (an earlier event is missing)",
            BreakReason::Unhashed => "해시가 없습니다 (no hash)",
        };
        write!(f, "작품 {} 이벤트 #{}: {why}", self.lot_id, self.seq)
    }
}
// not-ui-text-end

/// A lot's events as stored, in order: (seq, kind, payload, created_at, hash).
type Row = (u32, String, String, DateTime<Utc>, Option<Vec<u8>>);

async fn rows(db: &MySqlPool, lot_id: u64) -> Result<Vec<Row>, sqlx::Error> {
    sqlx::query_as("SELECT seq, kind, payload, created_at, hash FROM lot_events WHERE artwork_id = ? ORDER BY seq")
        .bind(lot_id)
        .fetch_all(db)
        .await
}

/// Recomputes a lot's chain from the stored events; the first event where it breaks, or `None`, with the
/// hash of every event that checked out (by event number).
pub async fn verify_lot(db: &MySqlPool, lot_id: u64) -> Result<(Option<Break>, Vec<(u32, [u8; 32])>), AppError> {
    let mut previous = GENESIS;
    let mut good = Vec::new();
    for (expected, (seq, kind, payload, created_at, hash)) in (1u32..).zip(rows(db, lot_id).await?) {
        let broken = |reason| Ok((Some(Break { lot_id, seq, reason }), good.clone()));
        if seq != expected {
            return broken(BreakReason::Gap);
        }
        let Some(hash) = hash else { return broken(BreakReason::Unhashed) };
        let computed = link(&previous, &canonical(lot_id, seq, &kind, created_at, &payload));
        if hash.as_slice() != computed {
            return broken(BreakReason::HashMismatch);
        }
        good.push((seq, computed));
        previous = computed;
    }
    Ok((None, good))
}

/// Every lot with events, for `artipul verify-log` without a lot.
pub async fn lots_with_events(db: &MySqlPool) -> Result<Vec<u64>, sqlx::Error> {
    sqlx::query_scalar("SELECT DISTINCT artwork_id FROM lot_events ORDER BY artwork_id").fetch_all(db).await
}

/// Hashes events written before the chain existed, lot by lot in event order, each lot under its row lock
/// (a bid waits for it). Idempotent: a lot whose events all have hashes is skipped. Run at start-up.
pub async fn backfill(db: &MySqlPool) -> Result<u64, AppError> {
    let lots: Vec<u64> =
        sqlx::query_scalar("SELECT DISTINCT artwork_id FROM lot_events WHERE hash IS NULL ORDER BY artwork_id").fetch_all(db).await?;
    let mut hashed = 0;
    for lot_id in lots {
        let mut tx = db.begin().await?;
        sqlx::query("SELECT id FROM artworks WHERE id = ? FOR UPDATE").bind(lot_id).execute(&mut *tx).await?;
        let events: Vec<Row> =
            sqlx::query_as("SELECT seq, kind, payload, created_at, hash FROM lot_events WHERE artwork_id = ? ORDER BY seq")
                .bind(lot_id)
                .fetch_all(&mut *tx)
                .await?;
        let mut previous = GENESIS;
        for (seq, kind, payload, created_at, hash) in events {
            let computed = link(&previous, &canonical(lot_id, seq, &kind, created_at, &payload));
            if hash.is_none() {
                sqlx::query("UPDATE lot_events SET hash = ? WHERE artwork_id = ? AND seq = ?")
                    .bind(computed.as_slice())
                    .bind(lot_id)
                    .bind(seq)
                    .execute(&mut *tx)
                    .await?;
                hashed += 1;
            }
            previous = hash.and_then(|h| <[u8; 32]>::try_from(h).ok()).unwrap_or(computed);
        }
        tx.commit().await?;
    }
    Ok(hashed)
}

/// What `artipul verify-log` prints, and whether every chain held.
pub struct VerifyReport {
    pub text: String,
    pub intact: bool,
}

/// `artipul verify-log [LOT]`: each lot's chain recomputed; the first broken event named.
pub async fn verify_command(db: &MySqlPool, lot: Option<u64>) -> Result<VerifyReport, AppError> {
    let lots = match lot {
        Some(l) => vec![l],
        None => lots_with_events(db).await?,
    };
    let mut lines = Vec::new();
    let mut intact = true;
    // not-ui-text-begin: the operator's report, in both languages
    for lot_id in lots {
        let (broken, good) = verify_lot(db, lot_id).await?;
        match broken {
            None => lines.push(format!("작품 {lot_id}: 이벤트 {}개, 체인 정상 (chain intact)", good.len())),
            Some(b) => {
                intact = false;
                lines.push(format!("{b} — 체인이 여기서 끊어졌습니다 (the chain breaks here)"));
            }
        }
    }
    if lines.is_empty() {
        lines.push("이벤트가 있는 작품이 없습니다 (no lot has events).".into());
    }
    // not-ui-text-end
    Ok(VerifyReport { text: lines.join("\n"), intact })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_covers_the_previous_hash_and_every_field() {
        let at = DateTime::parse_from_rfc3339("2026-12-04T01:02:03.456789Z").unwrap().with_timezone(&Utc);
        let base = canonical(7, 2, "bid", at, r#"{"a":1}"#);
        assert_eq!(String::from_utf8(base.clone()).unwrap(), "artipul-lot-event/v1\n7\n2\nbid\n1796346123456789\n{\"a\":1}");
        let h = link(&GENESIS, &base);
        assert_ne!(h, link(&[1; 32], &base), "the previous hash matters");
        for other in [
            canonical(8, 2, "bid", at, r#"{"a":1}"#),
            canonical(7, 3, "bid", at, r#"{"a":1}"#),
            canonical(7, 2, "closed", at, r#"{"a":1}"#),
            canonical(7, 2, "bid", at + chrono::Duration::microseconds(1), r#"{"a":1}"#),
            canonical(7, 2, "bid", at, r#"{"a":2}"#),
        ] {
            assert_ne!(h, link(&GENESIS, &other));
        }
    }
}
