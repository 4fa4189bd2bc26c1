//! Fixed-point money math: every product in 256 bits, every rounding direction explicit
//! (`_down` / `_up`) so that each caller picks the protocol's side.
use primitive_types::U256;

pub const WAD: u128 = 1_000_000_000_000_000_000;
pub const RAY: u128 = 1_000_000_000_000_000_000_000_000_000;
/// Basis points in one whole.
pub const BPS: u128 = 10_000;
pub const MS_PER_YEAR: u64 = 365 * 24 * 3_600 * 1_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "scale",
    derive(
        parity_scale_codec::Encode,
        parity_scale_codec::Decode,
        scale_info::TypeInfo
    )
)]
pub enum MathError {
    Overflow,
    DivisionByZero,
}

/// `a * b / d` rounded down, with a 256-bit intermediate.
pub fn mul_div_down(a: u128, b: u128, d: u128) -> Result<u128, MathError> {
    if d == 0 {
        return Err(MathError::DivisionByZero);
    }
    let q = U256::from(a)
        .checked_mul(U256::from(b))
        .ok_or(MathError::Overflow)?
        .checked_div(U256::from(d))
        .ok_or(MathError::DivisionByZero)?;
    to_u128(q)
}

/// `a * b / d` rounded up, with a 256-bit intermediate.
pub fn mul_div_up(a: u128, b: u128, d: u128) -> Result<u128, MathError> {
    if d == 0 {
        return Err(MathError::DivisionByZero);
    }
    let p = U256::from(a)
        .checked_mul(U256::from(b))
        .ok_or(MathError::Overflow)?;
    let (q, r) = p.div_mod(U256::from(d));
    let q = if r.is_zero() {
        q
    } else {
        q.checked_add(U256::one()).ok_or(MathError::Overflow)?
    };
    to_u128(q)
}

/// The exact 256-bit product `a * b` (rad = wad × ray amounts).
pub fn full_mul(a: u128, b: u128) -> U256 {
    // Cannot overflow: (2^128 - 1)^2 < 2^256.
    U256::from(a).saturating_mul(U256::from(b))
}

pub fn to_u128(v: U256) -> Result<u128, MathError> {
    if v > U256::from(u128::MAX) {
        Err(MathError::Overflow)
    } else {
        Ok(v.low_u128())
    }
}

/// `a × b` of two rays rounded to nearest (MakerDAO's `rmul` with half-up), used by [`rpow`].
fn rmul_half_up(a_ray: u128, b_ray: u128) -> Result<u128, MathError> {
    let p = full_mul(a_ray, b_ray)
        .checked_add(U256::from(RAY / 2))
        .ok_or(MathError::Overflow)?;
    to_u128(
        p.checked_div(U256::from(RAY))
            .ok_or(MathError::DivisionByZero)?,
    )
}

/// `x ^ n` of a ray by repeated squaring with half-up rounding at each step: MakerDAO's `rpow`
/// (jug.sol), so the fee accumulator matches the reference implementation to the unit.
pub fn rpow(x_ray: u128, mut n: u64) -> Result<u128, MathError> {
    let mut x = x_ray;
    let mut z = if n & 1 == 1 { x } else { RAY };
    n = n.saturating_div(2);
    while n > 0 {
        x = rmul_half_up(x, x)?;
        if n & 1 == 1 {
            z = rmul_half_up(z, x)?;
        }
        n = n.saturating_div(2);
    }
    Ok(z)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mul_div_rounds_each_way_and_refuses_what_does_not_fit() {
        assert_eq!(mul_div_down(7, 3, 2), Ok(10));
        assert_eq!(mul_div_up(7, 3, 2), Ok(11));
        assert_eq!(mul_div_up(6, 3, 2), Ok(9));
        assert_eq!(mul_div_down(1, 1, 0), Err(MathError::DivisionByZero));
        assert_eq!(mul_div_up(u128::MAX, 2, 1), Err(MathError::Overflow));
        assert_eq!(mul_div_down(u128::MAX, u128::MAX, u128::MAX), Ok(u128::MAX));
    }

    #[test]
    fn rpow_is_makers() {
        assert_eq!(rpow(RAY, 1_000_000), Ok(RAY));
        assert_eq!(rpow(2 * RAY, 10), Ok(1024 * RAY));
        assert_eq!(rpow(123 * RAY, 0), Ok(RAY));
        assert_eq!(rpow(u128::MAX, 2), Err(MathError::Overflow));
    }
}
