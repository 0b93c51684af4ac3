//! `AppError`: the one error type of the app — a safe message in the member's language and a status, never
//! internals.

use serde::{Deserialize, Serialize};

use crate::i18n::Key;
use server_fn_error::{FromServerFnError, ServerFnErrorErr};

/// What went wrong, in a form that is safe to show to any user.
///
/// Internal details (SQL, I/O, panics) are logged on the server where the error is created and never
/// travel to the client: only `kind`, the `message` — from the catalogue, in the language of the request
/// ([`Locale::current`]) — and, where a client acts on it, a `code` do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    pub kind: ErrorKind,
    pub message: String,
    /// What a client may act on, independent of the language of `message`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<ErrorCode>,
}

/// Machine-readable reasons, for the few errors a client reacts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// A lock conflict the database resolved by rolling back: nothing changed; retrying is safe.
    LockConflict,
    /// The member's available points do not cover it: offer to charge.
    InsufficientPoints,
}

/// The class of an error; decides the HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErrorKind {
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    TooManyRequests,
    Unavailable,
    Internal,
}

impl ErrorKind {
    pub fn status(self) -> u16 {
        match self {
            ErrorKind::BadRequest => 400,
            ErrorKind::Unauthorized => 401,
            ErrorKind::Forbidden => 403,
            ErrorKind::NotFound => 404,
            ErrorKind::Conflict => 409,
            ErrorKind::TooManyRequests => 429,
            ErrorKind::Unavailable => 503,
            ErrorKind::Internal => 500,
        }
    }
}

impl AppError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into(), code: None }
    }
    pub fn with_code(mut self, code: ErrorCode) -> Self {
        self.code = Some(code);
        self
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::BadRequest, message)
    }
    pub fn unauthorized() -> Self {
        Self::new(ErrorKind::Unauthorized, Key::ErrLoginRequired)
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Forbidden, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotFound, message)
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Conflict, message)
    }
    pub fn too_many_requests() -> Self {
        Self::new(ErrorKind::TooManyRequests, Key::ErrTooManyRequests)
    }
    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unavailable, message)
    }

    /// An unexpected failure: logs `detail` on the server and returns the generic message.
    #[track_caller]
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        #[cfg(feature = "ssr")]
        {
            let at = std::panic::Location::caller();
            tracing::error!(error = %detail, location = %at, "internal error");
        }
        #[cfg(not(feature = "ssr"))]
        let _ = detail.to_string();
        Self::new(ErrorKind::Internal, Key::ErrInternal)
    }

    pub fn status(&self) -> u16 {
        self.kind.status()
    }

    /// A lock conflict the database resolved by rolling this transaction back: the operation may be retried.
    pub fn is_retryable(&self) -> bool {
        self.code == Some(ErrorCode::LockConflict)
    }
}

impl FromServerFnError for AppError {
    type Encoder = server_fn_error::JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The request never reached us or the response never came back.
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => Self::unavailable(Key::ErrNoConnection),
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) | ServerFnErrorErr::Deserialization(_) => {
                Self::bad_request(Key::ErrMalformedRequest)
            }
            other => Self::internal(other),
        }
    }
}

/// Re-exports that keep the server-function plumbing in one place.
mod server_fn_error {
    pub use leptos::server_fn::codec::JsonEncoding;
    pub use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
}

#[cfg(feature = "ssr")]
pub use ssr::respond;

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use axum::http::StatusCode;
    use axum::response::{IntoResponse, Response};

    impl IntoResponse for AppError {
        fn into_response(self) -> Response {
            let status = StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, axum::Json(self)).into_response()
        }
    }

    /// Gives a server function's error response the status of its `AppError` (server functions answer
    /// 500 for every error otherwise). Use as the last expression: `respond(async { … }.await)`.
    pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
        if let Err(e) = &result {
            if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
                response.set_status(StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR));
            }
        }
        result
    }

    impl From<sqlx::Error> for AppError {
        #[track_caller]
        fn from(e: sqlx::Error) -> Self {
            match e {
                sqlx::Error::RowNotFound => AppError::not_found(Key::ErrNotFound),
                sqlx::Error::PoolTimedOut => AppError::unavailable(Key::ErrBusy),
                // The database cannot be reached (restarting, network): nothing was done; retrying is safe.
                sqlx::Error::Io(_) | sqlx::Error::PoolClosed | sqlx::Error::Tls(_) | sqlx::Error::WorkerCrashed => {
                    tracing::warn!(error = %e, "database unreachable");
                    AppError::unavailable(Key::ErrDatabaseUnreachable)
                }
                // Deadlock victim (1213) or lock wait timeout (1205): nothing was changed; retrying is safe.
                sqlx::Error::Database(ref d)
                    if d.try_downcast_ref::<sqlx::mysql::MySqlDatabaseError>().is_some_and(|m| matches!(m.number(), 1205 | 1213)) =>
                {
                    tracing::info!(error = %e, "lock conflict");
                    AppError::conflict(Key::ErrLockConflict).with_code(ErrorCode::LockConflict)
                }
                other => AppError::internal(other),
            }
        }
    }

    /// Redis holds short-lived state only (codes, limits, live fan-out); when it cannot answer, what
    /// needs it is unavailable for a moment — a 503 the member can retry — never an internal error.
    impl From<redis::RedisError> for AppError {
        #[track_caller]
        fn from(e: redis::RedisError) -> Self {
            tracing::warn!(error = %e, at = %std::panic::Location::caller(), "Redis unavailable");
            AppError::unavailable(Key::ErrTemporarilyUnavailable)
        }
    }

    impl From<std::io::Error> for AppError {
        #[track_caller]
        fn from(e: std::io::Error) -> Self {
            AppError::internal(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_hide_their_detail() {
        let e = AppError::internal("SELECT secret FROM users -- syntax error");
        assert_eq!(e.kind, ErrorKind::Internal);
        assert_eq!(e.message, crate::i18n::Locale::Ko.t(Key::ErrInternal));
        assert!(!format!("{e}").contains("SELECT"));
        assert_eq!(e.status(), 500);
    }

    #[test]
    fn errors_round_trip_through_the_wire_encoding() {
        let e = AppError::conflict(Key::ErrLockConflict).with_code(ErrorCode::LockConflict);
        let bytes = e.ser();
        assert_eq!(AppError::de(bytes), e);
        // Errors without a code keep the wire format clients already read.
        let plain = AppError::bad_request(Key::ErrMalformedRequest);
        assert!(!String::from_utf8(plain.ser().to_vec()).unwrap().contains("code"));
    }
}
