//! Comparable sales, for pricing: what ended lots like the one being listed did on Artipul — sold prices
//! (median and quartiles), sell-through, lots without a bid — and a suggested start-price range with its
//! reason. Pure: the server reads the ended lots (one indexed query) and this summarises them.

use serde::{Deserialize, Serialize};

use super::Won;

/// Fewer sold lots than this and no quartiles or suggestion are given (the page says so honestly).
pub const MIN_SALES: usize = 5;

/// One ended lot: its final price (the sold price, or the price it stood at when it ended unsold) and
/// how many bids it had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ended {
    pub sold: bool,
    pub price: Won,
    pub bids: u32,
}

/// The summary the listing form and an artist's unsold lot show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Comparables {
    /// What was compared, e.g. `회화/풍경 · 사이즈 중 (±1)`.
    pub scope: String,
    pub ended: u32,
    pub sold: u32,
    /// Ended lots that never had a bid.
    pub no_bid: u32,
    /// Sold prices, ascending (the chart's points).
    pub prices: Vec<Won>,
    pub median: Option<Won>,
    pub q1: Option<Won>,
    pub q3: Option<Won>,
    /// Sold ÷ ended, in whole percent.
    pub sell_through_pct: Option<u32>,
    /// A start-price range, rounded to ₩1,000, when there are enough sales.
    pub suggested: Option<(Won, Won)>,
}

/// The `p`-quantile (0 ≤ p ≤ 1) of ascending `sorted` prices by linear interpolation between the two
/// nearest ranks (the method spreadsheets call `PERCENTILE.INC`), rounded to the nearest won.
pub fn quantile(sorted: &[u64], p: f64) -> Option<u64> {
    if sorted.is_empty() {
        return None;
    }
    let pos = p.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    let frac = pos - lo as f64;
    Some((sorted[lo] as f64 + (sorted[hi] as f64 - sorted[lo] as f64) * frac).round() as u64)
}

fn round_thousand(w: u64) -> u64 {
    ((w + 500) / 1000).max(1) * 1000
}

/// Summarises ended comparable lots.
pub fn summarize(scope: String, ended: &[Ended]) -> Comparables {
    let mut prices: Vec<u64> = ended.iter().filter(|e| e.sold).map(|e| e.price.0).collect();
    prices.sort_unstable();
    let sold = prices.len();
    let no_bid = ended.iter().filter(|e| e.bids == 0).count();
    let enough = sold >= MIN_SALES;
    let (q1, median, q3) =
        if enough { (quantile(&prices, 0.25), quantile(&prices, 0.5), quantile(&prices, 0.75)) } else { (None, None, None) };
    // Start where most comparable works sold at or above: from half the lower quartile to the lower
    // quartile — a start below what buyers paid leaves room for bidding.
    let suggested = q1.map(|q| (Won(round_thousand(q / 2)), Won(round_thousand(q))));
    Comparables {
        scope,
        ended: ended.len() as u32,
        sold: sold as u32,
        no_bid: no_bid as u32,
        sell_through_pct: (!ended.is_empty()).then(|| ((sold * 100 + ended.len() / 2) / ended.len()) as u32),
        prices: prices.into_iter().map(Won).collect(),
        median: median.map(Won),
        q1: q1.map(Won),
        q3: q3.map(Won),
        suggested,
    }
}

/// Painting size bands in order; comparable works are within one band of the chosen one.
// not-ui-text: the painting size values of the genre taxonomy
pub const SIZE_BANDS: [&str; 3] = ["소", "중", "대"];

/// The bands next to `band` (itself included), e.g. 중 → 소, 중, 대.
pub fn nearby_bands(band: &str) -> Vec<&'static str> {
    match SIZE_BANDS.iter().position(|b| *b == band) {
        Some(i) => SIZE_BANDS[i.saturating_sub(1)..=(i + 1).min(SIZE_BANDS.len() - 1)].to_vec(),
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sold(price: u64) -> Ended {
        Ended { sold: true, price: Won(price), bids: 3 }
    }

    #[test]
    fn quartiles_interpolate_between_ranks() {
        // Hand-computed: positions 0.25·5 = 1.25 → 20,000 + 0.25·10,000; 0.5·5 = 2.5 → 35,000; 0.75·5 = 3.75.
        let prices = [10_000, 20_000, 30_000, 40_000, 50_000, 100_000];
        assert_eq!(quantile(&prices, 0.25), Some(22_500));
        assert_eq!(quantile(&prices, 0.5), Some(35_000));
        assert_eq!(quantile(&prices, 0.75), Some(47_500));
        assert_eq!(quantile(&[7], 0.5), Some(7));
        assert_eq!(quantile(&[], 0.5), None);
    }

    #[test]
    fn a_summary_counts_sales_no_bids_and_suggests_from_the_lower_quartile() {
        let mut ended: Vec<Ended> = [100_000, 10_000, 50_000, 30_000, 20_000, 40_000].into_iter().map(sold).collect();
        ended.push(Ended { sold: false, price: Won(80_000), bids: 0 });
        ended.push(Ended { sold: false, price: Won(60_000), bids: 2 });
        let c = summarize("회화/풍경".into(), &ended);
        assert_eq!((c.ended, c.sold, c.no_bid), (8, 6, 1));
        assert_eq!(c.sell_through_pct, Some(75));
        assert_eq!((c.q1, c.median, c.q3), (Some(Won(22_500)), Some(Won(35_000)), Some(Won(47_500))));
        assert_eq!(c.prices.first(), Some(&Won(10_000)));
        assert_eq!(c.suggested, Some((Won(11_000), Won(23_000))), "half the lower quartile to it, to the nearest ₩1,000");
    }

    #[test]
    fn too_few_sales_give_counts_but_no_statistics() {
        let c = summarize("조소".into(), &[sold(10_000), Ended { sold: false, price: Won(5_000), bids: 0 }]);
        assert_eq!((c.ended, c.sold, c.no_bid, c.sell_through_pct), (2, 1, 1, Some(50)));
        assert_eq!((c.median, c.suggested), (None, None));
        let none = summarize("기타".into(), &[]);
        assert_eq!((none.ended, none.sell_through_pct), (0, None));
    }

    #[test]
    fn nearby_bands_are_the_band_and_its_neighbours() {
        assert_eq!(nearby_bands("소"), vec!["소", "중"]);
        assert_eq!(nearby_bands("중"), vec!["소", "중", "대"]);
        assert_eq!(nearby_bands("대"), vec!["중", "대"]);
        assert!(nearby_bands("특대").is_empty());
    }
}
