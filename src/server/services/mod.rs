//! Business operations, each a thin transactional shell over the rules in `domain`.

pub mod accounts;
pub mod email_verification;
pub mod likes;
pub mod listings;
pub mod moderation;
pub mod profile;
pub mod recovery;
pub mod reviews;
