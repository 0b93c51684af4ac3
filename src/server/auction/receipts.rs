//! Signed bid receipts. Every accepted bid (and buy-now) is answered with a receipt the server signs with
//! Ed25519 (`RECEIPT_SIGNING_KEY`; its public half at `/.well-known/artipul-receipt-key.json`): the lot,
//! the bidder's handle on it, their maximum, the kind, the time, the event number and that event's hash
//! in the lot's chain (`chain.rs`). Anyone can check a receipt: the signature says the server issued it,
//! and the stored chain says the event is still there, unchanged.

use base64::Engine as _;
use chrono::{DateTime, SecondsFormat, Utc};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};

pub use crate::domain::auction::{Receipt, ReceiptCheck, SignedReceipt};
use crate::error::AppError;
use crate::server::AppState;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// The server's receipt key.
#[derive(Clone)]
pub struct ReceiptKey {
    signing: SigningKey,
}

impl std::fmt::Debug for ReceiptKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ReceiptKey({})", self.public_b64())
    }
}

impl ReceiptKey {
    /// From the 32-byte seed (base64) of `RECEIPT_SIGNING_KEY`.
    pub fn from_seed_b64(seed: &str) -> Option<Self> {
        let bytes: [u8; 32] = B64.decode(seed.trim()).ok()?.try_into().ok()?;
        Some(Self { signing: SigningKey::from_bytes(&bytes) })
    }

    /// A fresh random key (development and tests: receipts then verify only until the next start).
    pub fn generate() -> Self {
        let mut seed = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut seed);
        Self { signing: SigningKey::from_bytes(&seed) }
    }

    pub fn public_b64(&self) -> String {
        B64.encode(self.signing.verifying_key().as_bytes())
    }

    pub fn sign(&self, receipt: Receipt) -> SignedReceipt {
        let signature = self.signing.sign(&signed_bytes(&receipt));
        SignedReceipt { receipt, signature: B64.encode(signature.to_bytes()), key: self.public_b64() }
    }

    /// Signs arbitrary bytes (certificates); the base64 signature.
    pub fn sign_bytes(&self, bytes: &[u8]) -> String {
        B64.encode(self.signing.sign(bytes).to_bytes())
    }

    /// `signature` (base64) is this key's over `bytes`.
    pub fn verifies_bytes(&self, bytes: &[u8], signature: &str) -> bool {
        let Some(signature) = B64.decode(signature).ok().and_then(|b| <[u8; 64]>::try_from(b).ok()) else { return false };
        self.signing.verifying_key().verify(bytes, &Signature::from_bytes(&signature)).is_ok()
    }

    /// The signature is this server's over exactly these fields.
    pub fn verifies(&self, signed: &SignedReceipt) -> bool {
        if signed.key != self.public_b64() {
            return false;
        }
        let Some(signature) = B64.decode(&signed.signature).ok().and_then(|b| <[u8; 64]>::try_from(b).ok()) else { return false };
        let key: VerifyingKey = self.signing.verifying_key();
        key.verify(&signed_bytes(&signed.receipt), &Signature::from_bytes(&signature)).is_ok()
    }
}

/// The bytes a receipt's signature covers: every field, in a fixed order, one per line.
pub fn signed_bytes(r: &Receipt) -> Vec<u8> {
    format!(
        "artipul-receipt/v{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}",
        r.v, r.lot_id, r.seq, r.handle, r.max_amount, r.kind, r.placed_at, r.chain_hash
    )
    .into_bytes()
}

fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// A bid as its receipt needs it: kind, maximum, time, and its event's hash.
type BidRow = (String, u64, DateTime<Utc>, Option<Vec<u8>>);

/// The receipt of `user_id`'s bid numbered `seq` on `lot_id` (only their own), signed.
pub async fn issue(state: &AppState, user_id: u64, lot_id: u64, seq: u32) -> Result<SignedReceipt, AppError> {
    let row: Option<BidRow> = sqlx::query_as(
        "SELECT b.kind, b.max_amount, b.created_at, e.hash FROM bids b
         JOIN lot_events e ON e.artwork_id = b.artwork_id AND e.seq = b.seq
         WHERE b.artwork_id = ? AND b.seq = ? AND b.bidder_id = ?",
    )
    .bind(lot_id)
    .bind(seq)
    .bind(user_id)
    .fetch_optional(&state.db)
    .await?;
    let Some((kind, max_amount, at, Some(hash))) = row else {
        return Err(AppError::not_found(crate::i18n::Key::ErrReceiptNotFound));
    };
    let handle = super::handle(&state.db, lot_id, user_id).await?.unwrap_or_default();
    let receipt = Receipt { v: 1, lot_id, seq, handle, max_amount, kind, placed_at: time(at), chain_hash: hex::encode(hash) };
    Ok(state.receipt_key.sign(receipt))
}

/// Checks a receipt: the signature, then the event as stored and the chain up to it.
pub async fn check(state: &AppState, signed: &SignedReceipt) -> Result<ReceiptCheck, AppError> {
    let signature_valid = state.receipt_key.verifies(signed);
    let r = &signed.receipt;
    let (broken, good) = super::chain::verify_lot(&state.db, r.lot_id).await?;
    let stored_hash = good.iter().find(|(seq, _)| *seq == r.seq).map(|(_, h)| hex::encode(h));
    // Within the intact part of the chain, the event's hash must be the one on the receipt.
    let in_chain = stored_hash.as_deref() == Some(r.chain_hash.as_str());
    let broken_at = broken.filter(|b| b.seq <= r.seq).map(|b| b.seq);
    Ok(ReceiptCheck { signature_valid, in_chain, broken_at })
}

/// `GET /receipts/{lot_id}/{seq}`: the caller's own receipt as a JSON file to keep (the lot room links it).
pub async fn download(
    axum::extract::State(state): axum::extract::State<AppState>,
    axum::extract::Path((lot_id, seq)): axum::extract::Path<(u64, u32)>,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    let user = match crate::server::auth::session::user_from_headers(&state, &headers).await {
        Ok(user) => user,
        Err(e) => return e.into_response(),
    };
    match issue(&state, user.id, lot_id, seq).await {
        Ok(signed) => {
            let body = serde_json::to_string_pretty(&signed).unwrap_or_default();
            let disposition = format!("attachment; filename=\"artipul-receipt-{lot_id}-{seq}.json\"");
            (
                [
                    (header::CONTENT_TYPE, "application/json".to_string()),
                    (header::CONTENT_DISPOSITION, disposition),
                    (header::CACHE_CONTROL, "no-store".to_string()),
                ],
                body,
            )
                .into_response()
        }
        Err(e) => e.into_response(),
    }
}

/// The public key document at `/.well-known/artipul-receipt-key.json`.
pub async fn public_key(axum::extract::State(state): axum::extract::State<AppState>) -> axum::response::Response {
    use axum::response::IntoResponse;
    axum::Json(serde_json::json!({ "alg": "Ed25519", "public_key": state.receipt_key.public_b64(), "encoding": "base64" })).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn receipt() -> Receipt {
        Receipt {
            v: 1,
            lot_id: 7,
            seq: 3,
            handle: 2,
            max_amount: 55_000,
            kind: "bid".into(),
            placed_at: "2026-12-04T01:02:03.456789Z".into(),
            chain_hash: "ab".repeat(32),
        }
    }

    #[test]
    fn a_receipt_verifies_only_unchanged_and_only_with_its_key() {
        let key = ReceiptKey::generate();
        let signed = key.sign(receipt());
        assert!(key.verifies(&signed));
        let mut forged = signed.clone();
        forged.receipt.max_amount = 5_500_000;
        assert!(!key.verifies(&forged), "a changed maximum breaks the signature");
        let mut moved = signed.clone();
        moved.receipt.seq = 4;
        assert!(!key.verifies(&moved));
        let other = ReceiptKey::generate();
        assert!(!other.verifies(&signed), "another server's key does not vouch for it");
        let resigned = other.sign(receipt());
        assert!(!key.verifies(&resigned), "signed by another key");
        assert!(ReceiptKey::from_seed_b64(&B64.encode([9u8; 32])).is_some());
        assert!(ReceiptKey::from_seed_b64("short").is_none());
    }
}
