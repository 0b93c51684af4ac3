//! Password hashing with argon2id (the `argon2` crate's default: 19 MiB, 2 passes), always off the async
//! runtime and a bounded number at once: each hash holds its memory for tens of milliseconds, so an
//! unbounded burst of log-ins would make the server allocate without bound. Beyond the bound a caller
//! waits briefly, then gets a 503 — the same answer a saturated server gives, and quickly.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use tokio::sync::{Semaphore, SemaphorePermit};

use crate::domain::account::Password;
use crate::error::AppError;

/// How long a hash waits for a free slot before the request is turned away.
const QUEUE_WAIT: Duration = Duration::from_millis(500);

/// The server's argon2 work: at most `at_once` hashes or checks run; the rest wait up to half a second.
#[derive(Clone)]
pub struct Passwords {
    slots: Arc<Semaphore>,
    checks: Arc<AtomicU64>,
}

impl Passwords {
    pub fn new(at_once: usize) -> Self {
        Self { slots: Arc::new(Semaphore::new(at_once.max(1))), checks: Arc::default() }
    }

    async fn slot(&self) -> Result<SemaphorePermit<'_>, AppError> {
        match tokio::time::timeout(QUEUE_WAIT, self.slots.acquire()).await {
            Ok(Ok(permit)) => Ok(permit),
            _ => {
                tracing::warn!("password hashing saturated; request turned away");
                Err(AppError::unavailable(crate::i18n::Key::ErrBusy))
            }
        }
    }

    /// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`).
    pub async fn hash(&self, password: &Password) -> Result<String, AppError> {
        let _slot = self.slot().await?;
        let password = password.expose().to_owned();
        tokio::task::spawn_blocking(move || {
            let salt = SaltString::generate(&mut OsRng);
            Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string())
        })
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)
    }

    /// True when `candidate` matches `phc`. A malformed stored hash never matches.
    pub async fn verify(&self, candidate: &str, phc: &str) -> Result<bool, AppError> {
        let _slot = self.slot().await?;
        self.checks.fetch_add(1, Ordering::Relaxed);
        let (candidate, phc) = (candidate.to_owned(), phc.to_owned());
        tokio::task::spawn_blocking(move || {
            PasswordHash::new(&phc).is_ok_and(|parsed| Argon2::default().verify_password(candidate.as_bytes(), &parsed).is_ok())
        })
        .await
        .map_err(AppError::internal)
    }

    /// How many password checks this server has run (tests count what reached the check).
    pub fn checks(&self) -> u64 {
        self.checks.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_salted_and_verifiable() {
        let passwords = Passwords::new(2);
        let pw = Password::parse("바다가-보이는-창문7", None).unwrap();
        let a = passwords.hash(&pw).await.unwrap();
        let b = passwords.hash(&pw).await.unwrap();
        assert!(a.starts_with("$argon2id$"), "{a}");
        assert_ne!(a, b, "salted");
        assert!(passwords.verify("바다가-보이는-창문7", &a).await.unwrap());
        assert!(!passwords.verify("바다가-보이는-창문8", &a).await.unwrap());
        assert!(!passwords.verify("anything", "not a hash").await.unwrap());
        assert_eq!(passwords.checks(), 3);
    }

    #[tokio::test]
    async fn a_burst_beyond_the_slots_is_turned_away_quickly_not_queued_without_bound() {
        let passwords = Passwords::new(1);
        let pw = Password::parse("바다가-보이는-창문7", None).unwrap();
        let phc = passwords.hash(&pw).await.unwrap();
        // Hold the only slot, as a long-running hash would.
        let held = passwords.slots.clone().acquire_owned().await.unwrap();
        let err = passwords.verify("바다가-보이는-창문7", &phc).await.unwrap_err();
        assert_eq!(err.kind.status(), 503);
        drop(held);
        assert!(passwords.verify("바다가-보이는-창문7", &phc).await.unwrap());
    }
}
