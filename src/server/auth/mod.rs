//! Authentication: phone codes, password hashing, tokens, the caller of a request, the JSON token API
//! and social log-in.

pub mod avatar_upload;
pub mod otp;
pub mod password;
pub mod session;
pub mod social;
pub mod throttle;
pub mod token_api;
pub mod tokens;
mod user;

pub use user::AuthUser;

#[cfg(test)]
mod http_tests;
