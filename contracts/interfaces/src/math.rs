//! Fixed-point money math.
//!
//! * [`Wad`]: 18 decimals — amounts, prices, ratios.
//! * [`Ray`]: 27 decimals — the stability-fee rate accumulator and per-second fee rates.
//!
//! Every product is taken in 256 bits and every rounding direction is explicit (`_down` / `_up`),
//! so callers choose the one in the protocol's favour: debt rounds up, collateral value rounds down.
//! Nothing here panics: overflow and division by zero are [`MathError`]s.

// The arithmetic itself is the rules crate's (no ink! dependency); the contracts' `Wad` / `Ray`
// newtypes below, which need ink!'s storage traits, are thin wrappers over it.
pub use scf_rules::math::{full_mul, mul_div_down, mul_div_up, to_u128, MathError, BPS, RAY, WAD};

/// An 18-decimal fixed-point number.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Wad(pub u128);

impl Wad {
    pub const ZERO: Wad = Wad(0);
    pub const ONE: Wad = Wad(WAD);

    pub const fn from_bps(bps: u128) -> Wad {
        // bps ≤ u128::MAX / 10^14 for all realistic parameters; saturate instead of panicking.
        Wad(bps.saturating_mul(WAD / BPS))
    }
    pub fn checked_add(self, o: Wad) -> Result<Wad, MathError> {
        self.0.checked_add(o.0).map(Wad).ok_or(MathError::Overflow)
    }
    pub fn checked_sub(self, o: Wad) -> Result<Wad, MathError> {
        self.0.checked_sub(o.0).map(Wad).ok_or(MathError::Overflow)
    }
    /// `self × o` rounded down.
    pub fn mul_down(self, o: Wad) -> Result<Wad, MathError> {
        mul_div_down(self.0, o.0, WAD).map(Wad)
    }
    /// `self × o` rounded up.
    pub fn mul_up(self, o: Wad) -> Result<Wad, MathError> {
        mul_div_up(self.0, o.0, WAD).map(Wad)
    }
    /// `self ÷ o` rounded down.
    pub fn div_down(self, o: Wad) -> Result<Wad, MathError> {
        mul_div_down(self.0, WAD, o.0).map(Wad)
    }
    /// `self ÷ o` rounded up.
    pub fn div_up(self, o: Wad) -> Result<Wad, MathError> {
        mul_div_up(self.0, WAD, o.0).map(Wad)
    }
    /// `1 − self`, or an error when `self > 1`.
    pub fn complement(self) -> Result<Wad, MathError> {
        Wad::ONE.checked_sub(self)
    }
}

/// A 27-decimal fixed-point number.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Ray(pub u128);

impl Ray {
    pub const ONE: Ray = Ray(RAY);

    /// `self ^ n`: MakerDAO's `rpow` (`scf_rules::math::rpow`).
    pub fn pow(self, n: u64) -> Result<Ray, MathError> {
        scf_rules::math::rpow(self.0, n).map(Ray)
    }

    /// `self × amount` (a ray factor applied to a wad amount) rounded down.
    pub fn mul_wad_down(self, amount: u128) -> Result<u128, MathError> {
        mul_div_down(amount, self.0, RAY)
    }
    /// `self × amount` rounded up.
    pub fn mul_wad_up(self, amount: u128) -> Result<u128, MathError> {
        mul_div_up(amount, self.0, RAY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint::BigUint;
    use proptest::prelude::*;

    fn big(v: u128) -> BigUint {
        BigUint::from(v)
    }
    fn fits(v: &BigUint) -> Option<u128> {
        u128::try_from(v.clone()).ok()
    }

    #[test]
    fn rounding_directions_on_small_values() {
        assert_eq!(mul_div_down(10, 1, 3), Ok(3));
        assert_eq!(mul_div_up(10, 1, 3), Ok(4));
        assert_eq!(mul_div_up(9, 1, 3), Ok(3));
        assert_eq!(mul_div_down(1, 1, 0), Err(MathError::DivisionByZero));
        assert_eq!(
            mul_div_down(u128::MAX, u128::MAX, 1),
            Err(MathError::Overflow)
        );
        // A 256-bit intermediate: (2^127 * 4) / 8 fits although the product does not fit u128.
        assert_eq!(mul_div_down(1u128 << 127, 4, 8), Ok(1u128 << 126));
    }

    #[test]
    fn rpow_matches_known_makerdao_values() {
        // 5% per year as a per-second rate (jug-style), compounded for one year.
        let per_second = Ray(1_000_000_001_547_125_957_863_212_448);
        let year = per_second.pow(SECONDS_PER_YEAR_TEST).unwrap();
        // Within 1e-9 of 1.05.
        let target = 1_050_000_000_000_000_000_000_000_000u128;
        assert!(
            year.0.abs_diff(target) < 1_000_000_000_000_000_000,
            "{}",
            year.0
        );
        assert_eq!(Ray::ONE.pow(12345), Ok(Ray::ONE));
        assert_eq!(per_second.pow(0), Ok(Ray::ONE));
        assert_eq!(per_second.pow(1), Ok(per_second));
    }
    const SECONDS_PER_YEAR_TEST: u64 = 31_536_000;

    fn rpow_reference(x: u128, n: u64) -> BigUint {
        let ray = big(RAY);
        let half = big(RAY / 2);
        let mut x = big(x);
        let mut n = n;
        let mut z = if n % 2 == 1 { x.clone() } else { ray.clone() };
        n /= 2;
        while n > 0 {
            x = (&x * &x + &half) / &ray;
            if n % 2 == 1 {
                z = (&z * &x + &half) / &ray;
            }
            n /= 2;
        }
        z
    }

    proptest! {
        #[test]
        fn mul_div_matches_big_integer_reference(a: u128, b: u128, d in 1u128..) {
            let exact = big(a) * big(b);
            let down = &exact / big(d);
            let up = (&exact + big(d) - 1u8) / big(d);
            match fits(&down) {
                Some(v) => prop_assert_eq!(mul_div_down(a, b, d), Ok(v)),
                None => prop_assert_eq!(mul_div_down(a, b, d), Err(MathError::Overflow)),
            }
            match fits(&up) {
                Some(v) => prop_assert_eq!(mul_div_up(a, b, d), Ok(v)),
                None => prop_assert_eq!(mul_div_up(a, b, d), Err(MathError::Overflow)),
            }
        }

        #[test]
        fn wad_ops_round_in_the_stated_direction(a in 0u128..(1u128 << 90), b in (1u128 << 30)..(1u128 << 90)) {
            let (wa, wb) = (Wad(a), Wad(b));
            let down = wa.mul_down(wb).unwrap().0;
            let up = wa.mul_up(wb).unwrap().0;
            prop_assert!(up == down || up == down + 1);
            prop_assert!(big(down) * big(WAD) <= big(a) * big(b));
            prop_assert!(big(up) * big(WAD) >= big(a) * big(b));
            let qd = wa.div_down(wb).unwrap().0;
            let qu = wa.div_up(wb).unwrap().0;
            prop_assert!(big(qd) * big(b) <= big(a) * big(WAD));
            prop_assert!(big(qu) * big(b) >= big(a) * big(WAD));
        }

        #[test]
        fn rpow_matches_big_integer_reference(
            x in RAY..(RAY + RAY / 1_000_000_000),
            n in 0u64..(4 * 31_536_000u64),
        ) {
            let expected = rpow_reference(x, n);
            prop_assert_eq!(Ray(x).pow(n).map(|r| big(r.0)), Ok(expected));
        }
    }
}
