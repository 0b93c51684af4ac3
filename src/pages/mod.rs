//! Pages, one module (or folder) per area.

pub mod error;
pub mod home;
pub mod not_found;
