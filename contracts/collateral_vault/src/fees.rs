//! Stability fees (MakerDAO Jug style) and the normalised-debt arithmetic.
//!
//! A class keeps a rate accumulator `rate` (ray) and each position a normalised debt `art`;
//! debt = art × rate. Accrual is lazy: when a class is touched, `rate ← rpow(fee, Δt) × rate`
//! over the whole seconds elapsed, and the fee the class owes, `total_art × Δrate` (rad), goes
//! to the system surplus. Rounding always leaves the system owed the remainder: normalised debt
//! added rounds up, normalised debt removed rounds down, and each sub-unit remainder is kept in
//! the surplus in rad, so the books identity stays exact.
use crate::types::ClassState;
use primitive_types::U256;
use scf_interfaces::math::{full_mul, mul_div_down, mul_div_up, to_u128, MathError};
use scf_interfaces::{Ray, TimestampMs, RAY};

/// The class state brought up to `now_ms`, and the fee it accrued (rad = wad × ray).
pub fn accrue(
    state: &ClassState,
    fee_per_second: Ray,
    now_ms: TimestampMs,
) -> Result<(ClassState, U256), MathError> {
    let elapsed_s = now_ms
        .saturating_sub(state.last_accrual_ms)
        .saturating_div(1_000);
    if elapsed_s == 0 {
        return Ok((state.clone(), U256::zero()));
    }
    let factor = fee_per_second.pow(elapsed_s)?;
    // Maker's rmul: rounds down, so the accumulator never runs ahead of the closed form.
    let rate = Ray(mul_div_down(factor.0, state.rate.0, RAY)?);
    let delta = rate
        .0
        .checked_sub(state.rate.0)
        .ok_or(MathError::Overflow)?;
    let fee_rad = full_mul(state.total_art, delta);
    // Advance by whole seconds only, so sub-second remainders are not lost.
    let last = state
        .last_accrual_ms
        .checked_add(elapsed_s.checked_mul(1_000).ok_or(MathError::Overflow)?)
        .ok_or(MathError::Overflow)?;
    Ok((
        ClassState {
            total_art: state.total_art,
            rate,
            last_accrual_ms: last,
        },
        fee_rad,
    ))
}

/// Debt of a normalised amount, rounded up.
pub fn debt_wad(art: u128, rate: Ray) -> Result<u128, MathError> {
    mul_div_up(art, rate.0, RAY)
}

/// Borrowing `amount_wad` adds `art` (rounded up) and owes the system `excess_rad` (< rate).
pub struct Draw {
    pub art: u128,
    pub excess_rad: U256,
}

pub fn draw(amount_wad: u128, rate: Ray) -> Result<Draw, MathError> {
    let art = mul_div_up(amount_wad, RAY, rate.0)?;
    let excess_rad = full_mul(art, rate.0)
        .checked_sub(full_mul(amount_wad, RAY))
        .ok_or(MathError::Overflow)?;
    Ok(Draw { art, excess_rad })
}

/// The most a position with normalised debt `art` can draw so that its debt stays at most
/// `max_debt_wad`, given that a draw rounds its normalised debt up and the debt rounds up: the
/// largest normalised debt that fits is `⌊max_debt·RAY / rate⌋`, and the room left to it is worth
/// `⌊room·rate / RAY⌋`. Drawing that succeeds; drawing one unit more does not.
pub fn max_draw_wad(art: u128, rate: Ray, max_debt_wad: u128) -> Result<u128, MathError> {
    let max_art = mul_div_down(max_debt_wad, RAY, rate.0)?;
    mul_div_down(max_art.saturating_sub(art), rate.0, RAY)
}

/// Paying `offered_wad` against a position with normalised debt `art`.
#[derive(Debug, PartialEq, Eq)]
pub struct Wipe {
    /// Normalised debt removed (rounded down).
    pub art: u128,
    /// Stablecoin actually taken: the offer, capped at the whole debt.
    pub paid_wad: u128,
    /// What `paid_wad` covers beyond the debt removed (rad, < rate): kept as surplus.
    pub excess_rad: U256,
}

pub fn wipe(art: u128, rate: Ray, offered_wad: u128) -> Result<Wipe, MathError> {
    let owed_wad = debt_wad(art, rate)?;
    let (removed, paid) = if offered_wad >= owed_wad {
        (art, owed_wad)
    } else {
        (mul_div_down(offered_wad, RAY, rate.0)?, offered_wad)
    };
    let excess_rad = full_mul(paid, RAY)
        .checked_sub(full_mul(removed, rate.0))
        .ok_or(MathError::Overflow)?;
    Ok(Wipe {
        art: removed,
        paid_wad: paid,
        excess_rad,
    })
}

/// Adds `rad` to the pending surplus; returns (whole stablecoin units to mint, new pending rad).
pub fn split_surplus(pending_rad: u128, rad: U256) -> Result<(u128, u128), MathError> {
    let total = U256::from(pending_rad)
        .checked_add(rad)
        .ok_or(MathError::Overflow)?;
    let (whole, rest) = total.div_mod(U256::from(RAY));
    Ok((to_u128(whole)?, to_u128(rest)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Borrowing `max_draw_wad` keeps the debt within the cap; one unit more breaks it.
        #[test]
        fn max_draw_is_exact(
            art in 0u128..1_000_000_000_000_000_000_000_000,
            rate in RAY..(3 * RAY),
            cap in 0u128..2_000_000_000_000_000_000_000_000,
        ) {
            let rate = Ray(rate);
            let a = max_draw_wad(art, rate, cap).unwrap();
            if a > 0 {
                let d = draw(a, rate).unwrap();
                prop_assert!(debt_wad(art + d.art, rate).unwrap() <= cap);
            }
            if debt_wad(art, rate).unwrap() <= cap {
                let d = draw(a + 1, rate).unwrap();
                prop_assert!(debt_wad(art + d.art, rate).unwrap() > cap);
            }
        }
    }

    const FIVE_PCT: Ray = Ray(1_000_000_001_547_125_957_863_212_448);

    fn state(art: u128, rate: u128, last: u64) -> ClassState {
        ClassState {
            total_art: art,
            rate: Ray(rate),
            last_accrual_ms: last,
        }
    }

    #[test]
    fn no_time_no_fee() {
        let s = state(1_000, RAY, 5_000);
        assert_eq!(
            accrue(&s, FIVE_PCT, 5_999).unwrap(),
            (s.clone(), U256::zero())
        );
    }

    #[test]
    fn accrual_keeps_the_sub_second_remainder() {
        let s = state(0, RAY, 1_000);
        let (next, _) = accrue(&s, FIVE_PCT, 3_500).unwrap();
        assert_eq!(next.last_accrual_ms, 3_000);
        assert_eq!(next.rate, Ray(FIVE_PCT.pow(2).unwrap().0));
    }

    #[test]
    fn a_year_at_five_percent_is_rpow_times_art() {
        let art = 1_000_000_000_000_000_000_000u128; // 1000 units
        let s = state(art, RAY, 0);
        let (next, fee) = accrue(&s, FIVE_PCT, 31_536_000_000).unwrap();
        let expected_rate = FIVE_PCT.pow(31_536_000).unwrap().0;
        assert_eq!(next.rate, Ray(expected_rate));
        assert_eq!(fee, full_mul(art, expected_rate - RAY));
        // ≈ 50 units of fee on 1000.
        let fee_wad = (fee / U256::from(RAY)).low_u128();
        assert!(
            fee_wad.abs_diff(50 * 10u128.pow(18)) < 10u128.pow(10),
            "{fee_wad}"
        );
    }

    #[test]
    fn repaying_more_than_owed_takes_only_the_debt() {
        let rate = Ray(RAY + RAY / 3);
        let w = wipe(100, rate, 1_000).unwrap();
        assert_eq!(w.art, 100);
        assert_eq!(w.paid_wad, 134); // ceil(100 × 4/3)
        assert_eq!(w.excess_rad, full_mul(134, RAY) - full_mul(100, rate.0));
    }

    #[test]
    fn surplus_splits_whole_units_from_the_remainder() {
        assert_eq!(split_surplus(RAY - 1, U256::from(2u8)), Ok((1, 1)));
        assert_eq!(split_surplus(0, U256::from(RAY) * 5 + 7), Ok((5, 7)));
    }

    proptest! {
        // The system never loses: what a borrower receives is covered by the normalised debt,
        // and what a repayer pays covers the normalised debt removed.
        #[test]
        fn draw_and_wipe_round_in_the_protocols_favour(
            amount in 0u128..(1u128 << 100),
            rate in RAY..(3 * RAY),
            offered in 0u128..(1u128 << 100),
        ) {
            let rate = Ray(rate);
            let d = draw(amount, rate).unwrap();
            prop_assert!(full_mul(d.art, rate.0) >= full_mul(amount, RAY));
            prop_assert!(d.excess_rad < U256::from(rate.0));
            let w = wipe(d.art, rate, offered).unwrap();
            prop_assert!(w.art <= d.art);
            prop_assert!(full_mul(w.paid_wad, RAY) >= full_mul(w.art, rate.0));
            prop_assert!(w.paid_wad <= offered);
            // Paying the whole debt clears it.
            let all = wipe(d.art, rate, u128::MAX).unwrap();
            prop_assert_eq!(all.art, d.art);
            prop_assert_eq!(all.paid_wad, debt_wad(d.art, rate).unwrap());
            prop_assert!(all.excess_rad < U256::from(RAY));
        }
    }
}
