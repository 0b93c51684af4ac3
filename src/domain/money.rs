//! Korean won: integer amounts without a minor unit, formatted `₩1,234,000` or `1,234,000원`.

use serde::{Deserialize, Serialize};

/// An amount of Korean won (1 point = ₩1). Never negative, never fractional.
/// On the server it reads and binds as an unsigned column (`price AS "price: Won"` in `query!`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
#[serde(transparent)]
pub struct Won(pub u64);

impl Won {
    pub const ZERO: Won = Won(0);

    pub fn amount(self) -> u64 {
        self.0
    }

    pub fn checked_add(self, other: Won) -> Option<Won> {
        self.0.checked_add(other.0).map(Won)
    }

    pub fn checked_sub(self, other: Won) -> Option<Won> {
        self.0.checked_sub(other.0).map(Won)
    }

    /// `1,234,000` — digits grouped by thousands.
    pub fn grouped(self) -> String {
        let digits = self.0.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(ch);
        }
        out
    }

    /// `₩1,234,000`, the compact form used on cards and price panels.
    pub fn display(self) -> String {
        format!("₩{}", self.grouped())
    }
}

impl std::fmt::Display for Won {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        let cases = [
            (0, "₩0"),
            (7, "₩7"),
            (999, "₩999"),
            (1_000, "₩1,000"),
            (12_345, "₩12,345"),
            (1_234_000, "₩1,234,000"),
            (100_000_000, "₩100,000,000"),
            (u64::MAX, "₩18,446,744,073,709,551,615"),
        ];
        for (amount, want) in cases {
            assert_eq!(Won(amount).display(), want, "{amount}");
        }
    }

    #[test]
    fn arithmetic_never_wraps() {
        assert_eq!(Won(5).checked_sub(Won(6)), None);
        assert_eq!(Won(u64::MAX).checked_add(Won(1)), None);
        assert_eq!(Won(5).checked_add(Won(6)), Some(Won(11)));
    }
}
