//! Authentication building blocks (phone verification so far; sessions and tokens follow).

pub mod otp;
pub mod password;
pub mod session;
pub mod tokens;
