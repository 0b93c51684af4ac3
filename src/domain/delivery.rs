//! All-in prices: how a work reaches its buyer (shipping for a fee the artist sets, ₩0 allowed, or
//! pick-up in person — 직거래 — in an area), what a buyer pays in total if they win at a price, and what
//! the artist receives. Shipping is paid with the price (held with the bid, captured with the sale) and
//! passed to the artist in full; the commission is taken from the price only.

use serde::{Deserialize, Serialize};

use super::ledger::commission;
use super::Won;
use crate::i18n::{Key, Msg};

/// The highest shipping fee an artist may set.
pub const SHIPPING_FEE_MAX: Won = Won(300_000);
/// The longest pick-up area ("서울 마포구 홍대입구역").
pub const PICKUP_AREA_MAX: usize = 40;

/// How a listed work reaches its buyer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Delivery {
    /// Sent by the artist; `fee` may be ₩0 (free shipping).
    Shipping { fee: Won },
    /// Handed over in person in `area` (no shipping fee).
    Pickup { area: String },
}

impl Default for Delivery {
    fn default() -> Self {
        Delivery::Shipping { fee: Won::ZERO }
    }
}

impl Delivery {
    /// What the buyer pays on top of the price.
    pub fn fee(&self) -> Won {
        match self {
            Delivery::Shipping { fee } => *fee,
            Delivery::Pickup { .. } => Won::ZERO,
        }
    }

    /// The `artworks.delivery` column.
    pub fn kind_db(&self) -> &'static str {
        match self {
            Delivery::Shipping { .. } => "shipping",
            Delivery::Pickup { .. } => "pickup",
        }
    }

    pub fn pickup_area(&self) -> Option<&str> {
        match self {
            Delivery::Pickup { area } => Some(area),
            Delivery::Shipping { .. } => None,
        }
    }

    /// From the `artworks` columns `delivery`, `shipping_fee`, `pickup_area`.
    pub fn from_columns(kind: &str, fee: u64, area: Option<String>) -> Self {
        match (kind, area) {
            ("pickup", Some(area)) => Delivery::Pickup { area },
            _ => Delivery::Shipping { fee: Won(fee) },
        }
    }

    /// Validates the listing form's three delivery fields (`shipping` or `pickup`; an empty choice is
    /// shipping, an empty fee ₩0).
    pub fn parse(kind: &str, fee: &str, area: &str) -> Result<Self, String> {
        match kind.trim() {
            "" | "shipping" => {
                let fee = super::listing::parse_won(fee, Key::FieldShippingFee)?.unwrap_or(Won::ZERO);
                if fee > SHIPPING_FEE_MAX {
                    return Err(Msg::ShippingFeeMax { max: SHIPPING_FEE_MAX }.into());
                }
                Ok(Delivery::Shipping { fee })
            }
            "pickup" => {
                let area = area.split_whitespace().collect::<Vec<_>>().join(" ");
                let n = area.chars().count();
                // Control and invisible formatting characters (bidirectional overrides, zero widths) would
                // let an area display as something else.
                let hidden = |c: char| {
                    c.is_control() || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}')
                };
                if !(2..=PICKUP_AREA_MAX).contains(&n) || area.chars().any(hidden) {
                    return Err(Msg::PickupAreaLength { max: PICKUP_AREA_MAX }.into());
                }
                Ok(Delivery::Pickup { area })
            }
            _ => Err(Key::ErrDeliveryPick.into()),
        }
    }
}

/// What a buyer pays in total when they win at `price`.
pub fn total(price: Won, delivery_fee: Won) -> Won {
    Won(price.amount().saturating_add(delivery_fee.amount()))
}

/// A sale divided: the price and shipping the buyer paid, the commission on the price, the artist's net.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payout {
    pub price: Won,
    pub shipping: Won,
    pub commission: Won,
    /// What the artist receives: price − commission + shipping.
    pub net: Won,
}

/// The artist's payout for a sale at `price` with `shipping`, at `commission_percent` (at most 100).
pub fn payout(price: Won, shipping: Won, commission_percent: u8) -> Payout {
    let split = commission(price, commission_percent.min(100))
        .unwrap_or(crate::domain::ledger::Settlement { artist_share: price, commission: Won::ZERO });
    Payout { price, shipping, commission: split.commission, net: total(split.artist_share, shipping) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_fields_become_a_delivery() {
        assert_eq!(Delivery::parse("shipping", "₩3,500", ""), Ok(Delivery::Shipping { fee: Won(3_500) }));
        assert_eq!(Delivery::parse("", "", ""), Ok(Delivery::Shipping { fee: Won::ZERO }));
        assert_eq!(Delivery::parse("shipping", "0", "무시"), Ok(Delivery::Shipping { fee: Won::ZERO }));
        assert_eq!(Delivery::parse("pickup", "5000", "  서울   마포구 "), Ok(Delivery::Pickup { area: "서울 마포구".into() }));
        for (kind, fee, area, expect) in [
            ("shipping", "300001", "", "배송비"),
            ("shipping", "삼천원", "", "배송비"),
            ("shipping", "-1", "", "배송비"),
            ("pickup", "", "", "직거래 지역"),
            ("pickup", "", "가", "직거래 지역"),
            ("pickup", "", &"가".repeat(41), "직거래 지역"),
            ("pickup", "", "서울\u{7}", "직거래 지역"),
            ("pickup", "", "서울\u{202E}구포마", "직거래 지역"),
            ("drone", "", "", "배송 방법"),
        ] {
            let err = Delivery::parse(kind, fee, area).unwrap_err();
            assert!(err.contains(expect), "{kind} {fee} {area}: {err}");
        }
    }

    #[test]
    fn pickup_has_no_fee_and_round_trips_through_the_columns() {
        let p = Delivery::Pickup { area: "부산 해운대구".into() };
        assert_eq!(p.fee(), Won::ZERO);
        assert_eq!(Delivery::from_columns(p.kind_db(), 0, p.pickup_area().map(str::to_string)), p);
        let s = Delivery::Shipping { fee: Won(4_000) };
        assert_eq!(Delivery::from_columns(s.kind_db(), 4_000, None), s);
    }

    #[test]
    fn the_artist_gets_the_price_less_commission_plus_shipping() {
        // 10 % of ₩55,555 is ₩5,555.5: the commission rounds down, the artist keeps the odd won.
        let p = payout(Won(55_555), Won(3_000), 10);
        assert_eq!(p, Payout { price: Won(55_555), shipping: Won(3_000), commission: Won(5_555), net: Won(53_000) });
        assert_eq!(payout(Won(100_000), Won::ZERO, 0).net, Won(100_000));
        assert_eq!(total(Won(51_000), Won(3_000)), Won(54_000));
    }
}
