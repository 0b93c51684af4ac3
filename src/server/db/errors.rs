//! Classifying database errors by constraint name.

/// The unique key a statement violated, if that is what failed.
///
/// MySQL and MariaDB report the key only inside ER_DUP_ENTRY's message, whose documented shape is
/// `Duplicate entry '<value>' for key '<key>'` (MySQL 8 prefixes the key with `<table>.`), so the key name
/// is read from that last quoted argument — once the error *kind* already says "unique violation".
pub fn violated_unique_key(e: &sqlx::Error) -> Option<String> {
    let sqlx::Error::Database(db) = e else { return None };
    if db.kind() != sqlx::error::ErrorKind::UniqueViolation {
        return None;
    }
    let message = db.message();
    let key = message.rsplit_once(" for key '")?.1.trim_end_matches('\'');
    Some(key.rsplit('.').next().unwrap_or(key).to_string())
}
