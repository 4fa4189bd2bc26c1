//! Collateral valuation: what one pledged NFT is worth now, in stablecoin (wad), and whether a
//! debt is covered.
//!
//! * Invoice = face × FX price × time discount to the due date (simple interest at the class's
//!   annual rate, ACT/365). Once overdue its value declines linearly to 0 over the grace period:
//!   no cliff at the due date (where a facility drawn above a fraction of face would become
//!   liquidatable one millisecond late) and none at the end of grace.
//! * Goods = quantity × commodity price × (1 − haircut); goods in transit past their expected
//!   arrival decline the same way over the grace period.
//!
//! Every step rounds down: collateral value is rounded in the protocol's favour.
use crate::math::{mul_div_down, mul_div_up, MathError, MS_PER_YEAR, WAD};

/// An invoice of `face_wad` units of a currency at `price_wad`, due at `due_ms`, valued at `now_ms`.
pub fn invoice_value_wad(
    face_wad: u128,
    price_wad: u128,
    now_ms: u64,
    due_ms: u64,
    discount_rate_annual_wad: u128,
    grace_ms: u64,
) -> Result<u128, MathError> {
    let base = mul_div_down(face_wad, price_wad, WAD)?;
    if now_ms <= due_ms {
        let remaining_ms = due_ms.saturating_sub(now_ms);
        // Discount factor 1 / (1 + r·t): the denominator rounds up so the value rounds down.
        let rt = mul_div_up(
            discount_rate_annual_wad,
            u128::from(remaining_ms),
            u128::from(MS_PER_YEAR),
        )?;
        let denominator = WAD.checked_add(rt).ok_or(MathError::Overflow)?;
        mul_div_down(base, WAD, denominator)
    } else {
        declining(base, now_ms.saturating_sub(due_ms), grace_ms)
    }
}

/// `quantity_wad` of a commodity at `price_wad` less `haircut_wad` (≤ 1).
pub fn goods_value_wad(
    quantity_wad: u128,
    price_wad: u128,
    haircut_wad: u128,
) -> Result<u128, MathError> {
    let gross = mul_div_down(quantity_wad, price_wad, WAD)?;
    let kept = WAD.checked_sub(haircut_wad).ok_or(MathError::Overflow)?;
    mul_div_down(gross, kept, WAD)
}

/// Goods in transit expected at `arrival_ms`: their goods value, declining after arrival is due.
pub fn in_transit_value_wad(
    quantity_wad: u128,
    price_wad: u128,
    haircut_wad: u128,
    now_ms: u64,
    arrival_ms: u64,
    grace_ms: u64,
) -> Result<u128, MathError> {
    let value = goods_value_wad(quantity_wad, price_wad, haircut_wad)?;
    if now_ms <= arrival_ms {
        Ok(value)
    } else {
        declining(value, now_ms.saturating_sub(arrival_ms), grace_ms)
    }
}

/// `value_wad` late by `late_ms` into a grace period of `grace_ms`: linear from the whole value
/// at the deadline to 0 at the end of grace, rounded down.
pub fn declining(value_wad: u128, late_ms: u64, grace_ms: u64) -> Result<u128, MathError> {
    if late_ms >= grace_ms {
        return Ok(0);
    }
    mul_div_down(
        value_wad,
        u128::from(grace_ms.saturating_sub(late_ms)),
        u128::from(grace_ms),
    )
}

/// Whether `debt_wad` is covered: `debt × liquidation ratio ≤ value` (the left side rounds up).
pub fn is_safe(
    debt_wad: u128,
    value_wad: u128,
    liquidation_ratio_wad: u128,
) -> Result<bool, MathError> {
    Ok(mul_div_up(debt_wad, liquidation_ratio_wad, WAD)? <= value_wad)
}

/// The most debt `value_wad` can carry: `value ÷ liquidation ratio`, rounded down.
pub fn max_debt_wad(value_wad: u128, liquidation_ratio_wad: u128) -> Result<u128, MathError> {
    mul_div_down(value_wad, WAD, liquidation_ratio_wad)
}

#[cfg(test)]
mod tests {
    use super::*;
    const DAY: u64 = 86_400_000;

    #[test]
    fn an_invoice_is_discounted_to_its_due_date_then_declines_without_a_cliff() {
        let ten_pct = WAD / 10;
        // A year before due at 10 %: 1 / 1.1 of face.
        let v = invoice_value_wad(1_100 * WAD, WAD, 0, 365 * DAY, ten_pct, 30 * DAY).unwrap();
        assert_eq!(v, 1_000 * WAD);
        // At the due date: face; one ms late: face less 1/grace; half-way: half; end: 0.
        assert_eq!(
            invoice_value_wad(900, WAD, 5, 5, ten_pct, 30 * DAY),
            Ok(900)
        );
        let late = invoice_value_wad(30 * DAY as u128, WAD, 6, 5, ten_pct, 30 * DAY).unwrap();
        assert_eq!(late, 30 * DAY as u128 - 1);
        assert_eq!(
            invoice_value_wad(1_000, WAD, 15 * DAY, 0, 0, 30 * DAY),
            Ok(500)
        );
        assert_eq!(
            invoice_value_wad(1_000, WAD, 30 * DAY, 0, 0, 30 * DAY),
            Ok(0)
        );
    }

    #[test]
    fn goods_lose_their_haircut_and_safety_rounds_for_the_lender() {
        assert_eq!(goods_value_wad(10 * WAD, 2 * WAD, WAD / 10), Ok(18 * WAD));
        assert_eq!(goods_value_wad(1, WAD, WAD + 1), Err(MathError::Overflow));
        assert_eq!(
            in_transit_value_wad(10 * WAD, WAD, 0, 10, 5, 10),
            Ok(5 * WAD)
        );
        // 100 × 1.5 = 150 ≤ 150: safe; one unit more of debt is not.
        assert_eq!(is_safe(100, 150, WAD * 3 / 2), Ok(true));
        assert_eq!(is_safe(101, 151, WAD * 3 / 2), Ok(false));
        assert_eq!(max_debt_wad(151, WAD * 3 / 2), Ok(100));
    }
}
