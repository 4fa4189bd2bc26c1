//! Dutch auction pricing and the split of proceeds: pure functions.
use crate::types::Auction;
use scf_interfaces::math::{mul_div_up, MathError};
use scf_interfaces::TimestampMs;

/// Current price: linear from the start price towards zero over the duration, rounded up (the
/// buyer pays the rounding). `None` once the auction needs a reset: its time ran out (tail) or
/// its price fell below the floor (cusp), so it never sells below its reserve. An invoice's
/// auction (one with a debtor) instead holds at its reserve, what its debtor owes, until its
/// time runs out: a claim is never sold for less.
pub fn price_wad(a: &Auction, now_ms: TimestampMs) -> Result<Option<u128>, MathError> {
    let elapsed_ms = now_ms.saturating_sub(a.started_at_ms);
    if elapsed_ms >= a.duration_ms {
        return Ok(None);
    }
    let remaining_ms = a.duration_ms.saturating_sub(elapsed_ms);
    let price = mul_div_up(
        a.start_price_wad,
        u128::from(remaining_ms),
        u128::from(a.duration_ms),
    )?;
    let price = if a.debtor.is_some() {
        price.max(a.floor_wad)
    } else {
        price
    };
    Ok((price >= a.floor_wad && price > 0).then_some(price))
}

/// An auction's start price: value × multiplier, rounded down, saturating at `u128::MAX` (a
/// liquidation must never fail on a value too large to multiply).
pub fn start_price_wad(value_wad: u128, multiplier_wad: u128) -> u128 {
    // 256-bit intermediate; the only failure is a result above u128::MAX (WAD is not 0).
    scf_interfaces::math::mul_div_down(value_wad, multiplier_wad, scf_interfaces::WAD)
        .unwrap_or(u128::MAX)
}

/// The reserve of an auction starting at `start_wad`: start × cusp, rounded up.
pub fn floor_wad(start_wad: u128, cusp_wad: u128) -> Result<u128, MathError> {
    mul_div_up(start_wad, cusp_wad, scf_interfaces::WAD)
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

    fn auction() -> Auction {
        Auction {
            position_id: 1,
            start_price_wad: 1_200,
            floor_wad: 0,
            started_at_ms: 1_000,
            duration_ms: 1_000,
            debtor: None,
        }
    }

    #[test]
    fn price_falls_linearly_and_expires() {
        let a = auction();
        assert_eq!(price_wad(&a, 1_000), Ok(Some(1_200)));
        assert_eq!(price_wad(&a, 1_250), Ok(Some(900)));
        assert_eq!(price_wad(&a, 1_999), Ok(Some(2))); // 1.2 rounds up
        assert_eq!(price_wad(&a, 2_000), Ok(None));
        assert_eq!(price_wad(&a, u64::MAX), Ok(None));
    }

    #[test]
    fn the_price_never_falls_below_the_floor() {
        // A 40 % cusp: the floor is 480, reached 600 ms in; from then on the auction must reset.
        let a = Auction {
            floor_wad: floor_wad(1_200, 400_000_000_000_000_000).unwrap(),
            ..auction()
        };
        assert_eq!(a.floor_wad, 480);
        assert_eq!(price_wad(&a, 1_000), Ok(Some(1_200)));
        assert_eq!(price_wad(&a, 1_600), Ok(Some(480)));
        assert_eq!(price_wad(&a, 1_601), Ok(None));
        assert_eq!(price_wad(&a, 1_999), Ok(None));
        // An auction of nothing never sells.
        let zero = Auction {
            start_price_wad: 0,
            ..auction()
        };
        assert_eq!(price_wad(&zero, 1_000), Ok(None));
    }

    #[test]
    fn an_invoice_auction_holds_at_its_reserve_until_its_time_runs_out() {
        // Start 1 200, reserve 1 000 (what the debtor owes).
        let a = Auction {
            floor_wad: 1_000,
            debtor: Some(ink::primitives::AccountId::from([7; 32])),
            ..auction()
        };
        assert_eq!(price_wad(&a, 1_000), Ok(Some(1_200)));
        assert_eq!(price_wad(&a, 1_100), Ok(Some(1_080)));
        assert_eq!(price_wad(&a, 1_500), Ok(Some(1_000)));
        assert_eq!(price_wad(&a, 1_999), Ok(Some(1_000)));
        assert_eq!(price_wad(&a, 2_000), Ok(None));
    }

    #[test]
    fn the_start_price_saturates_instead_of_failing() {
        let wad = scf_interfaces::WAD;
        assert_eq!(
            start_price_wad(15_300 * wad, 1_200_000_000_000_000_000),
            18_360 * wad
        );
        assert_eq!(start_price_wad(3, wad / 2), 1); // rounded down
        assert_eq!(start_price_wad(u128::MAX / 10 * 8, 2 * wad), u128::MAX);
        assert_eq!(start_price_wad(u128::MAX, 10 * wad), u128::MAX);
        // Its reserve still fits: start × cusp (≤ 0.95).
        assert!(floor_wad(u128::MAX, 950_000_000_000_000_000).is_ok());
    }

    #[test]
    fn proceeds_pay_debt_then_penalty_then_owner() {
        assert_eq!(
            split(50, 100, 10),
            Split {
                to_debt_wad: 50,
                to_penalty_wad: 0,
                to_owner_wad: 0
            }
        );
        assert_eq!(
            split(105, 100, 10),
            Split {
                to_debt_wad: 100,
                to_penalty_wad: 5,
                to_owner_wad: 0
            }
        );
        assert_eq!(
            split(150, 100, 10),
            Split {
                to_debt_wad: 100,
                to_penalty_wad: 10,
                to_owner_wad: 40
            }
        );
    }
}
