//! What counts against a debtor's credit line: everything financed against its invoices and not
//! yet repaid — the live debt of every class, the debt seized from liquidated facilities until it
//! is recovered or written off, and the losses written off until an underwriter clears them. Debt
//! never leaves the line while it is still owed.
use crate::fees::debt_wad;
use crate::math::MathError;

/// One class's share of a debtor's exposure: its seized debt and its live normalised debt at
/// `rate_ray`.
pub fn class_exposure_wad(seized_wad: u128, art: u128, rate_ray: u128) -> Result<u128, MathError> {
    seized_wad
        .checked_add(debt_wad(art, rate_ray)?)
        .ok_or(MathError::Overflow)
}

/// Whether a debtor whose exposure would be `exposure_wad` stays within `credit_limit_wad`.
pub fn within_line(exposure_wad: u128, credit_limit_wad: u128) -> bool {
    exposure_wad <= credit_limit_wad
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::RAY;

    #[test]
    fn seized_debt_and_live_debt_both_count() {
        assert_eq!(class_exposure_wad(50, 100, RAY + RAY / 10), Ok(160));
        assert_eq!(
            class_exposure_wad(u128::MAX, 1, RAY),
            Err(MathError::Overflow)
        );
        assert!(within_line(160, 160));
        assert!(!within_line(161, 160));
    }
}
