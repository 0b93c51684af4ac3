//! Pages, one module (or folder) per area.

pub mod account;
pub mod error;
pub mod home;
pub mod not_found;
