//! Stability fees (MakerDAO's Jug) and normalised debt.
//!
//! A class keeps a rate accumulator `rate_ray` and each position a normalised debt `art`;
//! debt = art × rate. Accrual is lazy: when a class is touched, `rate ← rpow(fee, Δt) × rate`
//! over the whole seconds elapsed, and the fee the class owes, `total_art × Δrate` (rad), goes
//! to the system surplus. Rounding always leaves the system owed the remainder: normalised debt
//! added rounds up, normalised debt removed rounds down, and each sub-unit remainder is kept in
//! the surplus in rad, so the books identity stays exact.
use crate::math::{full_mul, mul_div_down, mul_div_up, rpow, to_u128, MathError, RAY};
use primitive_types::U256;

/// A class's fee state: its normalised debt, its rate accumulator and when it last accrued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accrual {
    pub total_art: u128,
    pub rate_ray: u128,
    pub last_accrual_ms: u64,
}

/// `state` brought up to `now_ms` at `fee_per_second_ray`, and the fee it accrued (rad).
pub fn accrue(
    state: Accrual,
    fee_per_second_ray: u128,
    now_ms: u64,
) -> Result<(Accrual, U256), MathError> {
    let elapsed_s = now_ms
        .saturating_sub(state.last_accrual_ms)
        .saturating_div(1_000);
    if elapsed_s == 0 {
        return Ok((state, U256::zero()));
    }
    let factor = rpow(fee_per_second_ray, elapsed_s)?;
    // Maker's rmul: rounds down, so the accumulator never runs ahead of the closed form.
    let rate_ray = mul_div_down(factor, state.rate_ray, RAY)?;
    let delta = rate_ray
        .checked_sub(state.rate_ray)
        .ok_or(MathError::Overflow)?;
    let fee_rad = full_mul(state.total_art, delta);
    // Advance by whole seconds only, so sub-second remainders are not lost.
    let last_accrual_ms = state
        .last_accrual_ms
        .checked_add(elapsed_s.checked_mul(1_000).ok_or(MathError::Overflow)?)
        .ok_or(MathError::Overflow)?;
    Ok((
        Accrual {
            total_art: state.total_art,
            rate_ray,
            last_accrual_ms,
        },
        fee_rad,
    ))
}

/// Debt of a normalised amount, rounded up.
pub fn debt_wad(art: u128, rate_ray: u128) -> Result<u128, MathError> {
    mul_div_up(art, rate_ray, RAY)
}

/// Borrowing adds `art` (rounded up) and owes the system `excess_rad` (< rate).
#[derive(Debug, PartialEq, Eq)]
pub struct Draw {
    pub art: u128,
    pub excess_rad: U256,
}

/// Borrowing `amount_wad` at `rate_ray`.
pub fn draw(amount_wad: u128, rate_ray: u128) -> Result<Draw, MathError> {
    let art = mul_div_up(amount_wad, RAY, rate_ray)?;
    let excess_rad = full_mul(art, rate_ray)
        .checked_sub(full_mul(amount_wad, RAY))
        .ok_or(MathError::Overflow)?;
    Ok(Draw { art, excess_rad })
}

/// The most a position with normalised debt `art` can draw so that its debt stays at most
/// `max_debt_wad`, given that a draw rounds its normalised debt up and the debt rounds up: the
/// largest normalised debt that fits is `⌊max_debt·RAY / rate⌋`, and the room left to it is worth
/// `⌊room·rate / RAY⌋`. Drawing that succeeds; drawing one unit more does not.
pub fn max_draw_wad(art: u128, rate_ray: u128, max_debt_wad: u128) -> Result<u128, MathError> {
    let max_art = mul_div_down(max_debt_wad, RAY, rate_ray)?;
    mul_div_down(max_art.saturating_sub(art), rate_ray, RAY)
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

pub fn wipe(art: u128, rate_ray: u128, offered_wad: u128) -> Result<Wipe, MathError> {
    let owed_wad = debt_wad(art, rate_ray)?;
    let (removed, paid) = if offered_wad >= owed_wad {
        (art, owed_wad)
    } else {
        (mul_div_down(offered_wad, RAY, rate_ray)?, offered_wad)
    };
    let excess_rad = full_mul(paid, RAY)
        .checked_sub(full_mul(removed, rate_ray))
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

    #[test]
    fn a_draw_rounds_its_debt_up_and_a_wipe_rounds_what_it_removes_down() {
        let rate = RAY + RAY / 3; // 1.333…3, a hair under 4/3
        let d = draw(100, rate).unwrap();
        assert_eq!(d.art, 76); // 100 / 1.333…3 = 75.000…1, rounded up
        assert!(debt_wad(d.art, rate).unwrap() >= 100);
        let w = wipe(75, rate, 50).unwrap();
        assert_eq!(w.paid_wad, 50);
        assert_eq!(w.art, 37);
        assert_eq!(
            wipe(75, rate, 1_000).unwrap().paid_wad,
            debt_wad(75, rate).unwrap()
        );
    }

    #[test]
    fn accrual_moves_in_whole_seconds_and_books_the_fee() {
        let s = Accrual {
            total_art: 10,
            rate_ray: RAY,
            last_accrual_ms: 0,
        };
        assert_eq!(accrue(s, 2 * RAY, 999).unwrap().0, s);
        let (a, fee) = accrue(s, 2 * RAY, 2_500).unwrap();
        assert_eq!(a.rate_ray, 4 * RAY);
        assert_eq!(a.last_accrual_ms, 2_000);
        assert_eq!(fee, full_mul(10, 3 * RAY));
    }
}
