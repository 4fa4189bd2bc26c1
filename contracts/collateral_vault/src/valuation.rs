//! Collateral valuation: what one pledged NFT is worth now, in stablecoin (18 decimals).
//!
//! * Invoice = face value × FX price × time discount to the due date (simple interest at the
//!   class's annual rate); overdue within the grace period = × (1 − overdue haircut); past grace,
//!   disputed, defaulted or settled = 0.
//! * Goods = quantity × commodity price × (1 − goods haircut); goods in transit past their expected
//!   arrival plus the grace period = 0.
//!
//! Every step rounds down: collateral value is rounded in the protocol's favour.
use crate::types::ClassParams;
use scf_interfaces::math::{mul_div_down, mul_div_up, MathError};
use scf_interfaces::{AssetKind, AssetStatus, TimestampMs, Wad, MS_PER_YEAR, WAD};

pub fn asset_value_wad(
    kind: &AssetKind,
    status: AssetStatus,
    price_wad: u128,
    now_ms: TimestampMs,
    p: &ClassParams,
) -> Result<u128, MathError> {
    if status != AssetStatus::Confirmed {
        return Ok(0);
    }
    match kind {
        AssetKind::Invoice(t) => {
            let base = mul_div_down(t.face_value_wad, price_wad, WAD)?;
            if now_ms <= t.due_date_ms {
                let remaining_ms = t.due_date_ms.saturating_sub(now_ms);
                // Discount factor 1 / (1 + r·t): the denominator rounds up so the value rounds down.
                let rt = mul_div_up(
                    p.discount_rate_annual.0,
                    u128::from(remaining_ms),
                    u128::from(MS_PER_YEAR),
                )?;
                let denominator = WAD.checked_add(rt).ok_or(MathError::Overflow)?;
                mul_div_down(base, WAD, denominator)
            } else if now_ms <= t.due_date_ms.saturating_add(p.grace_period_ms) {
                Wad(base)
                    .mul_down(p.overdue_haircut.complement()?)
                    .map(|w| w.0)
            } else {
                Ok(0)
            }
        }
        AssetKind::WarehouseReceipt(t) => goods_value(t.quantity_wad, price_wad, p),
        AssetKind::InTransit(t) => {
            if now_ms > t.expected_arrival_ms.saturating_add(p.grace_period_ms) {
                Ok(0)
            } else {
                goods_value(t.quantity_wad, price_wad, p)
            }
        }
    }
}

fn goods_value(quantity_wad: u128, price_wad: u128, p: &ClassParams) -> Result<u128, MathError> {
    let gross = mul_div_down(quantity_wad, price_wad, WAD)?;
    Wad(gross)
        .mul_down(p.goods_haircut.complement()?)
        .map(|w| w.0)
}

/// Whether `debt_wad` is covered: `debt × liquidation ratio ≤ value` (the left side rounds up).
pub fn is_safe(debt_wad: u128, value_wad: u128, liquidation_ratio: Wad) -> Result<bool, MathError> {
    Ok(Wad(debt_wad).mul_up(liquidation_ratio)?.0 <= value_wad)
}

/// The most debt `value_wad` can carry: `value ÷ liquidation ratio`, rounded down.
pub fn max_debt_wad(value_wad: u128, liquidation_ratio: Wad) -> Result<u128, MathError> {
    Wad(value_wad).div_down(liquidation_ratio).map(|w| w.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::tests::invoice_params;
    use ink::primitives::AccountId;
    use scf_interfaces::{price_key, GoodsTerms, InvoiceTerms, TransitTerms, MS_PER_DAY};

    fn invoice(face: u128, due_ms: u64) -> AssetKind {
        AssetKind::Invoice(InvoiceTerms {
            face_value_wad: face,
            currency: price_key("USD"),
            debtor: AccountId::from([2; 32]),
            issue_date_ms: 0,
            due_date_ms: due_ms,
            document_hash: [7; 32],
        })
    }

    #[test]
    fn invoice_at_due_date_is_face_times_price() {
        let p = invoice_params();
        let v = asset_value_wad(
            &invoice(1_000 * WAD, 1_000),
            AssetStatus::Confirmed,
            WAD,
            1_000,
            &p,
        );
        assert_eq!(v, Ok(1_000 * WAD));
    }

    #[test]
    fn invoice_one_year_out_is_discounted_by_one_plus_rate() {
        // 10 %/year, a year to maturity: 1100 face at price 1 is worth exactly 1000.
        let p = invoice_params();
        let v = asset_value_wad(
            &invoice(1_100 * WAD, MS_PER_YEAR),
            AssetStatus::Confirmed,
            WAD,
            0,
            &p,
        );
        assert_eq!(v, Ok(1_000 * WAD));
    }

    #[test]
    fn invoice_value_rounds_down() {
        // 10 %/year, a year out: 1 unit of face is worth 1/1.1 = 0.909090...; rounds down.
        let p = invoice_params();
        let v = asset_value_wad(&invoice(1, MS_PER_YEAR), AssetStatus::Confirmed, WAD, 0, &p);
        assert_eq!(v, Ok(0));
        let v = asset_value_wad(
            &invoice(WAD, MS_PER_YEAR),
            AssetStatus::Confirmed,
            WAD,
            0,
            &p,
        );
        assert_eq!(v, Ok(909_090_909_090_909_090));
    }

    #[test]
    fn overdue_invoice_takes_the_haircut_then_drops_to_zero_after_grace() {
        let p = invoice_params(); // 50 % overdue haircut, 30 days grace
        let kind = invoice(1_000 * WAD, MS_PER_DAY);
        let in_grace = asset_value_wad(&kind, AssetStatus::Confirmed, WAD, MS_PER_DAY + 1, &p);
        assert_eq!(in_grace, Ok(500 * WAD));
        let last_ms = MS_PER_DAY + 30 * MS_PER_DAY;
        assert_eq!(
            asset_value_wad(&kind, AssetStatus::Confirmed, WAD, last_ms, &p),
            Ok(500 * WAD)
        );
        assert_eq!(
            asset_value_wad(&kind, AssetStatus::Confirmed, WAD, last_ms + 1, &p),
            Ok(0)
        );
    }

    #[test]
    fn only_confirmed_assets_have_value() {
        let p = invoice_params();
        let kind = invoice(1_000 * WAD, 1_000);
        for s in [
            AssetStatus::Pending,
            AssetStatus::Disputed,
            AssetStatus::Defaulted,
            AssetStatus::Settled,
        ] {
            assert_eq!(asset_value_wad(&kind, s, WAD, 0, &p), Ok(0));
        }
    }

    #[test]
    fn goods_are_quantity_times_price_less_haircut() {
        let mut p = invoice_params();
        p.goods_haircut = Wad(WAD / 4);
        let kind = AssetKind::WarehouseReceipt(GoodsTerms {
            commodity: price_key("COFFEE"),
            quantity_wad: 10 * WAD,
            warehouse: AccountId::from([3; 32]),
            document_hash: [1; 32],
        });
        // 10 units at 2.5 = 25, less 25 % = 18.75
        let v = asset_value_wad(&kind, AssetStatus::Confirmed, 5 * WAD / 2, 0, &p);
        assert_eq!(v, Ok(18_750_000_000_000_000_000));
    }

    #[test]
    fn goods_in_transit_lose_value_past_arrival_plus_grace() {
        let p = invoice_params();
        let kind = AssetKind::InTransit(TransitTerms {
            commodity: price_key("COCOA"),
            quantity_wad: WAD,
            carrier: AccountId::from([3; 32]),
            destination_warehouse: AccountId::from([4; 32]),
            expected_arrival_ms: 1_000,
            document_hash: [1; 32],
        });
        let edge = 1_000 + p.grace_period_ms;
        assert_eq!(
            asset_value_wad(&kind, AssetStatus::Confirmed, WAD, edge, &p),
            Ok(WAD)
        );
        assert_eq!(
            asset_value_wad(&kind, AssetStatus::Confirmed, WAD, edge + 1, &p),
            Ok(0)
        );
    }

    #[test]
    fn extreme_prices_error_instead_of_overflowing() {
        let p = invoice_params();
        let kind = invoice(u128::MAX, 0);
        assert_eq!(
            asset_value_wad(&kind, AssetStatus::Confirmed, u128::MAX, 0, &p),
            Err(MathError::Overflow)
        );
    }

    #[test]
    fn safety_rounds_debt_up_and_capacity_down() {
        let ratio = Wad(WAD / 2 * 3); // 150 %
        assert_eq!(max_debt_wad(150, ratio), Ok(100));
        assert_eq!(max_debt_wad(149, ratio), Ok(99));
        assert_eq!(is_safe(100, 150, ratio), Ok(true));
        assert_eq!(is_safe(101, 150, ratio), Ok(false));
        assert_eq!(is_safe(0, 0, ratio), Ok(true));
    }
}
