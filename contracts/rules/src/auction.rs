//! Dutch auction prices and the split of proceeds (MakerDAO's Clip, reduced).
use crate::math::{mul_div_down, mul_div_up, MathError, WAD};

/// An auction's price at `now_ms`: linear from `start_wad` towards zero over `duration_ms`,
/// rounded up (the buyer pays the rounding). `None` once the auction needs a reset: its time ran
/// out (tail) or its price fell below `floor_wad` (cusp), so it never sells below its reserve.
/// An invoice's auction (`holds_at_floor`: one with a debtor) instead holds at its reserve, what
/// its debtor owes, until its time runs out: a claim is never sold for less.
pub fn price_wad(
    start_wad: u128,
    floor_wad: u128,
    started_at_ms: u64,
    duration_ms: u64,
    holds_at_floor: bool,
    now_ms: u64,
) -> Result<Option<u128>, MathError> {
    let elapsed_ms = now_ms.saturating_sub(started_at_ms);
    if elapsed_ms >= duration_ms {
        return Ok(None);
    }
    let remaining_ms = duration_ms.saturating_sub(elapsed_ms);
    let price = mul_div_up(start_wad, u128::from(remaining_ms), u128::from(duration_ms))?;
    let price = if holds_at_floor {
        price.max(floor_wad)
    } else {
        price
    };
    Ok((price >= floor_wad && price > 0).then_some(price))
}

/// An auction's start price: value × multiplier, rounded down, saturating at `u128::MAX` (a
/// liquidation must never fail on a value too large to multiply).
pub fn start_price_wad(value_wad: u128, multiplier_wad: u128) -> u128 {
    mul_div_down(value_wad, multiplier_wad, WAD).unwrap_or(u128::MAX)
}

/// The reserve of an auction starting at `start_wad`: start × cusp, rounded up.
pub fn floor_wad(start_wad: u128, cusp_wad: u128) -> Result<u128, MathError> {
    mul_div_up(start_wad, cusp_wad, WAD)
}

/// Where the proceeds of one sale go.
#[derive(Debug, PartialEq, Eq)]
pub struct Split {
    /// Burned against the liquidated debt.
    pub to_debt_wad: u128,
    /// Kept by the vault as system surplus.
    pub to_penalty_wad: u128,
    /// Returned to the position's owner.
    pub to_owner_wad: u128,
}

/// Debt first, then the penalty, then the owner.
pub fn split(paid_wad: u128, debt_wad: u128, penalty_wad: u128) -> Split {
    let to_debt = paid_wad.min(debt_wad);
    let rest = paid_wad.saturating_sub(to_debt);
    let to_penalty = rest.min(penalty_wad);
    Split {
        to_debt_wad: to_debt,
        to_penalty_wad: to_penalty,
        to_owner_wad: rest.saturating_sub(to_penalty),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_price_falls_to_its_floor_and_an_invoice_holds_there() {
        assert_eq!(
            price_wad(1_200, 0, 1_000, 1_000, false, 1_000),
            Ok(Some(1_200))
        );
        assert_eq!(
            price_wad(1_200, 0, 1_000, 1_000, false, 1_500),
            Ok(Some(600))
        );
        assert_eq!(price_wad(1_200, 700, 1_000, 1_000, false, 1_500), Ok(None));
        assert_eq!(
            price_wad(1_200, 700, 1_000, 1_000, true, 1_500),
            Ok(Some(700))
        );
        assert_eq!(price_wad(1_200, 700, 1_000, 1_000, true, 2_000), Ok(None));
        assert_eq!(
            split(150, 100, 20),
            Split {
                to_debt_wad: 100,
                to_penalty_wad: 20,
                to_owner_wad: 30
            }
        );
        assert_eq!(start_price_wad(u128::MAX, 2 * WAD), u128::MAX);
    }
}
