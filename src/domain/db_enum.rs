//! `db_enum!`: a state or kind stored as a short string column (`VARCHAR` with a `CHECK` constraint).
//!
//! One declaration gives the enum, its database spelling both ways (`as_db`, `from_db`, `ALL`) and — on
//! the server — `sqlx::Type`, `Encode` and `Decode` for MySQL, so queries bind and read the enum itself
//! (`status AS "status: OrderStatus"` in `query!`) instead of comparing strings. A value the enum does not
//! know is a decode error, never a silent fall-back. sqlx's own `derive(Type)` describes a MySQL `ENUM`
//! column and does not accept the `VARCHAR` columns these live in, hence this small macro.

/// Declares a `Copy` enum mapped to a string column. Variants read `Name = "db_spelling"`.
macro_rules! db_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $db:literal ),+ $(,)?
        }
    ) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        $(#[$meta])*
        $vis enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The column's spelling.
            pub fn as_db(self) -> &'static str {
                match self {
                    $( $name::$variant => $db ),+
                }
            }

            /// The value a column holds; `None` for a spelling this enum does not know.
            pub fn from_db(s: &str) -> Option<Self> {
                match s {
                    $( $db => Some($name::$variant), )+
                    _ => None,
                }
            }
        }

        #[cfg(feature = "ssr")]
        impl sqlx::Type<sqlx::MySql> for $name {
            fn type_info() -> sqlx::mysql::MySqlTypeInfo {
                <str as sqlx::Type<sqlx::MySql>>::type_info()
            }

            fn compatible(ty: &sqlx::mysql::MySqlTypeInfo) -> bool {
                <str as sqlx::Type<sqlx::MySql>>::compatible(ty)
            }
        }

        #[cfg(feature = "ssr")]
        impl<'q> sqlx::Encode<'q, sqlx::MySql> for $name {
            fn encode_by_ref(&self, buf: &mut Vec<u8>) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <&str as sqlx::Encode<'q, sqlx::MySql>>::encode(self.as_db(), buf)
            }
        }

        #[cfg(feature = "ssr")]
        impl<'r> sqlx::Decode<'r, sqlx::MySql> for $name {
            fn decode(value: sqlx::mysql::MySqlValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
                let s = <&str as sqlx::Decode<'r, sqlx::MySql>>::decode(value)?;
                Self::from_db(s).ok_or_else(|| format!("{} has no value {s:?}", stringify!($name)).into())
            }
        }
    };
}

pub(crate) use db_enum;

#[cfg(test)]
mod tests {
    db_enum! {
        enum Colour {
            Red = "red",
            Blue = "blue",
        }
    }

    #[test]
    fn spellings_round_trip_and_unknown_ones_are_refused() {
        for c in Colour::ALL {
            assert_eq!(Colour::from_db(c.as_db()), Some(*c));
        }
        assert_eq!(Colour::from_db("green"), None);
        assert_eq!(Colour::from_db("Red"), None);
    }
}
