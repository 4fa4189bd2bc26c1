//! Stability fees (MakerDAO Jug style) and the normalised-debt arithmetic, in the vault's types;
//! the rules and their arithmetic are the rules crate's (`scf_rules::fees`).
//!
//! A class keeps a rate accumulator `rate` (ray) and each position a normalised debt `art`;
//! debt = art × rate. Accrual is lazy: when a class is touched, `rate ← rpow(fee, Δt) × rate`
//! over the whole seconds elapsed, and the fee the class owes, `total_art × Δrate` (rad), goes
//! to the system surplus. Rounding always leaves the system owed the remainder: normalised debt
//! added rounds up, normalised debt removed rounds down, and each sub-unit remainder is kept in
//! the surplus in rad, so the books identity stays exact.
use crate::types::ClassState;
use primitive_types::U256;
use scf_interfaces::math::MathError;
use scf_interfaces::{Ray, TimestampMs};
use scf_rules::fees;
pub use scf_rules::fees::{split_surplus, Draw, Wipe};

/// The class state brought up to `now_ms`, and the fee it accrued (rad = wad × ray).
pub fn accrue(
    state: &ClassState,
    fee_per_second: Ray,
    now_ms: TimestampMs,
) -> Result<(ClassState, U256), MathError> {
    let (a, fee_rad) = fees::accrue(
        fees::Accrual {
            total_art: state.total_art,
            rate_ray: state.rate.0,
            last_accrual_ms: state.last_accrual_ms,
        },
        fee_per_second.0,
        now_ms,
    )?;
    Ok((
        ClassState {
            total_art: a.total_art,
            rate: Ray(a.rate_ray),
            last_accrual_ms: a.last_accrual_ms,
        },
        fee_rad,
    ))
}

/// Debt of a normalised amount, rounded up.
pub fn debt_wad(art: u128, rate: Ray) -> Result<u128, MathError> {
    fees::debt_wad(art, rate.0)
}

/// Borrowing `amount_wad` adds `art` (rounded up) and owes the system `excess_rad` (< rate).
pub fn draw(amount_wad: u128, rate: Ray) -> Result<Draw, MathError> {
    fees::draw(amount_wad, rate.0)
}

/// The most a position with normalised debt `art` can draw and keep its debt ≤ `max_debt_wad`.
pub fn max_draw_wad(art: u128, rate: Ray, max_debt_wad: u128) -> Result<u128, MathError> {
    fees::max_draw_wad(art, rate.0, max_debt_wad)
}

/// Paying `offered_wad` against a position with normalised debt `art`.
pub fn wipe(art: u128, rate: Ray, offered_wad: u128) -> Result<Wipe, MathError> {
    fees::wipe(art, rate.0, offered_wad)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use scf_interfaces::math::{full_mul, RAY};

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
