//! The oracle's answer from its reporters' submissions: the median, and the deviation guard.
use crate::math::{mul_div_down, MathError, BPS};

/// The indices of the middle values of `n` sorted submissions: one for an odd `n`, both middles
/// for an even `n` — never their mean, so the answer is always a price some reporter actually
/// submitted. The lower one is what collateral is lent against, the upper one what a debtor
/// pays and what decides a liquidation, each the side that protects the lender. With a quorum
/// of at least three, one reporter can shift either only to a neighbouring honest value.
pub fn middle_indices(n: usize) -> Option<(usize, usize)> {
    Some((n.checked_sub(1)?.checked_div(2)?, n.checked_div(2)?))
}

/// The upper middle value clamped to at most one guard above the lower: however the reporters
/// split, what a debtor pays stays within the guard of what the collateral is lent against.
pub fn clamp_upper_wad(
    lower_wad: u128,
    upper_wad: u128,
    max_deviation_bps: u32,
) -> Result<u128, MathError> {
    let allowed = mul_div_down(lower_wad, u128::from(max_deviation_bps), BPS)?;
    Ok(upper_wad.clamp(lower_wad, lower_wad.saturating_add(allowed)))
}

/// Where a price lies relative to an anchor ± the guard (the limit is inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Below,
    Within,
    Above,
}

pub fn side(anchor_wad: u128, price_wad: u128, max_deviation_bps: u32) -> Result<Side, MathError> {
    let allowed = mul_div_down(anchor_wad, u128::from(max_deviation_bps), BPS)?;
    Ok(if anchor_wad.abs_diff(price_wad) <= allowed {
        Side::Within
    } else if price_wad < anchor_wad {
        Side::Below
    } else {
        Side::Above
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_guard_and_side() {
        assert_eq!(middle_indices(3), Some((1, 1)));
        assert_eq!(middle_indices(4), Some((1, 2)));
        assert_eq!(middle_indices(0), None);
        assert_eq!(clamp_upper_wad(100, 150, 2_000), Ok(120));
        assert_eq!(clamp_upper_wad(100, 90, 2_000), Ok(100));
        assert_eq!(side(100, 120, 2_000), Ok(Side::Within));
        assert_eq!(side(100, 121, 2_000), Ok(Side::Above));
        assert_eq!(side(100, 79, 2_000), Ok(Side::Below));
    }
}
