//! Collateral valuation: what one pledged NFT is worth now, in stablecoin (18 decimals). The
//! arithmetic is the rules crate's (`scf_rules::valuation`); this module says which NFTs count for
//! what, at which side of the oracle's answer, with which class parameters.
//!
//! * Invoice = face value × FX price × time discount to the due date (simple interest at the
//!   class's annual rate). Once overdue, the value declines linearly to 0 over the grace period:
//!   no cliff at the due date (where a facility drawn above a fraction of face would become
//!   liquidatable one millisecond late) and none at the end of grace.
//! * Goods = quantity × commodity price × (1 − goods haircut); goods in transit past their
//!   expected arrival decline the same way over the grace period.
//! * Which statuses count ([`counts`]): a `Confirmed` NFT always; a `Disputed` invoice keeps its
//!   value for the liquidation check until the arbiter rules (a dispute alone never makes a
//!   position liquidatable) but lends nothing; anything else is worth 0.
//!
//! Every step rounds down: collateral value is rounded in the protocol's favour.
use crate::types::ClassParams;
use scf_interfaces::math::MathError;
use scf_interfaces::{
    AssetKind, AssetStatus, InvoiceRates, InvoiceTerms, PriceData, TimestampMs, Wad,
};
use scf_rules::valuation;

/// What a valuation is for. Each takes the oracle's answer on the side that protects the lender
/// and counts only what may be relied on for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Borrowing and withdrawing: the lower middle price; a disputed invoice lends nothing.
    Lend,
    /// Whether a position may be liquidated (and what a seized NFT is put to auction at): the
    /// upper middle price; a disputed invoice counts until the arbiter rules.
    Liquidate,
}

impl Purpose {
    /// The price this purpose takes from an answer.
    pub fn price_wad(self, answer: &PriceData) -> u128 {
        match self {
            Purpose::Lend => answer.price_wad,
            Purpose::Liquidate => answer.upper_wad.max(answer.price_wad),
        }
    }
}

/// Whether an NFT in `status` has a value for `purpose` (`void`: the arbiter ruled its dispute
/// against the invoice).
pub fn counts(status: AssetStatus, void: bool, purpose: Purpose) -> bool {
    match status {
        AssetStatus::Confirmed => true,
        AssetStatus::Disputed => purpose == Purpose::Liquidate && !void,
        _ => false,
    }
}

/// The value of an NFT that counts (see [`counts`]) at `price_wad`: the rules crate's
/// (`scf_rules::valuation`) for its kind, with its class's parameters.
pub fn asset_value_wad(
    kind: &AssetKind,
    price_wad: u128,
    now_ms: TimestampMs,
    p: &ClassParams,
) -> Result<u128, MathError> {
    match kind {
        AssetKind::Invoice(t) => valuation::invoice_value_wad(
            t.face_value_wad,
            price_wad,
            now_ms,
            t.due_date_ms,
            p.discount_rate_annual.0,
            p.grace_period_ms,
        ),
        AssetKind::WarehouseReceipt(t) => {
            valuation::goods_value_wad(t.quantity_wad, price_wad, p.goods_haircut.0)
        }
        AssetKind::InTransit(t) => valuation::in_transit_value_wad(
            t.quantity_wad,
            price_wad,
            p.goods_haircut.0,
            now_ms,
            t.expected_arrival_ms,
            p.grace_period_ms,
        ),
    }
}

/// An invoice's value to lend against when its class prices its debtor's grade (`rates`; None:
/// the class's terms, as [`asset_value_wad`]): discounted at the larger of the class's and the
/// grade's rate, then advanced at the grade's (scored) share. The grade only tightens a class:
/// the value lent against never exceeds the class's own, so the liquidation check (which keeps
/// the class's terms) always holds what was lent.
pub fn graded_invoice_value_wad(
    t: &InvoiceTerms,
    price_wad: u128,
    now_ms: TimestampMs,
    p: &ClassParams,
    rates: Option<InvoiceRates>,
) -> Result<u128, MathError> {
    let (discount, advance) = match rates {
        Some(r) => (
            r.discount_rate_annual_wad.max(p.discount_rate_annual.0),
            r.advance_wad,
        ),
        None => (p.discount_rate_annual.0, scf_interfaces::WAD),
    };
    let value = valuation::invoice_value_wad(
        t.face_value_wad,
        price_wad,
        now_ms,
        t.due_date_ms,
        discount,
        p.grace_period_ms,
    )?;
    scf_rules::grade::advanced_value_wad(value, advance)
}

/// Whether `debt_wad` is covered: `debt × liquidation ratio ≤ value` (the left side rounds up).
pub fn is_safe(debt_wad: u128, value_wad: u128, liquidation_ratio: Wad) -> Result<bool, MathError> {
    valuation::is_safe(debt_wad, value_wad, liquidation_ratio.0)
}

/// The most debt `value_wad` can carry: `value ÷ liquidation ratio`, rounded down.
pub fn max_debt_wad(value_wad: u128, liquidation_ratio: Wad) -> Result<u128, MathError> {
    valuation::max_debt_wad(value_wad, liquidation_ratio.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::tests::invoice_params;
    use ink::primitives::AccountId;
    use scf_interfaces::{price_key, GoodsTerms, InvoiceTerms, TransitTerms, MS_PER_DAY};
    use scf_interfaces::{MS_PER_YEAR, WAD};

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
        let v = asset_value_wad(&invoice(1_000 * WAD, 1_000), WAD, 1_000, &p);
        assert_eq!(v, Ok(1_000 * WAD));
    }

    #[test]
    fn invoice_one_year_out_is_discounted_by_one_plus_rate() {
        // 10 %/year, a year to maturity: 1100 face at price 1 is worth exactly 1000.
        let p = invoice_params();
        let v = asset_value_wad(&invoice(1_100 * WAD, MS_PER_YEAR), WAD, 0, &p);
        assert_eq!(v, Ok(1_000 * WAD));
    }

    #[test]
    fn invoice_value_rounds_down() {
        // 10 %/year, a year out: 1 unit of face is worth 1/1.1 = 0.909090...; rounds down.
        let p = invoice_params();
        assert_eq!(asset_value_wad(&invoice(1, MS_PER_YEAR), WAD, 0, &p), Ok(0));
        assert_eq!(
            asset_value_wad(&invoice(WAD, MS_PER_YEAR), WAD, 0, &p),
            Ok(909_090_909_090_909_090)
        );
    }

    #[test]
    fn an_overdue_invoice_declines_linearly_over_the_grace_period_with_no_cliff() {
        let p = invoice_params(); // 30 days grace
        let due = MS_PER_DAY;
        let kind = invoice(30_000 * WAD, due);
        let at = |ms: u64| asset_value_wad(&kind, WAD, ms, &p).unwrap();
        assert_eq!(at(due), 30_000 * WAD);
        // One millisecond late: a millisecond's share of the 30 days, not half.
        assert_eq!(
            at(due + 1),
            30_000 * WAD - (30_000 * WAD).div_ceil(30 * MS_PER_DAY as u128)
        );
        assert_eq!(at(due + MS_PER_DAY), 29_000 * WAD);
        assert_eq!(at(due + 15 * MS_PER_DAY), 15_000 * WAD);
        assert_eq!(
            at(due + 30 * MS_PER_DAY - 1),
            30_000 * WAD / (30 * MS_PER_DAY as u128)
        );
        assert_eq!(at(due + 30 * MS_PER_DAY), 0);
        assert_eq!(at(u64::MAX), 0);
        // Never a step larger than a millisecond's share anywhere in the period.
        let step = 30_000 * WAD / (30 * MS_PER_DAY as u128) + 1;
        for t in (0..30 * MS_PER_DAY).step_by(86_399_999) {
            assert!(at(due + t) - at(due + t + 1) <= step);
        }
    }

    #[test]
    fn a_grade_only_tightens_the_class_discount_at_the_larger_rate_then_advance() {
        let p = invoice_params(); // 10 %/year
        let AssetKind::Invoice(t) = invoice(33_000 * WAD, MS_PER_YEAR) else {
            unreachable!()
        };
        let rates = |advance_wad, discount_rate_annual_wad| {
            Some(InvoiceRates {
                grade: 1,
                advance_wad,
                discount_rate_annual_wad,
            })
        };
        // No table: the class's terms, as `asset_value_wad`.
        assert_eq!(
            graded_invoice_value_wad(&t, WAD, 0, &p, None),
            Ok(30_000 * WAD)
        );
        // Grade B: 33 000 / 1.12 rounded down, × 90 % rounded down.
        assert_eq!(
            graded_invoice_value_wad(&t, WAD, 0, &p, rates(WAD / 10 * 9, WAD / 100 * 12)),
            Ok(26_517_857_142_857_142_857_142)
        );
        // A grade discount below the class's never values the invoice above the class's terms.
        assert_eq!(
            graded_invoice_value_wad(&t, WAD, 0, &p, rates(WAD, WAD / 100 * 5)),
            Ok(30_000 * WAD)
        );
        // E: nothing lent.
        assert_eq!(
            graded_invoice_value_wad(&t, WAD, 0, &p, rates(0, WAD / 5)),
            Ok(0)
        );
        // An advance above the whole is refused, never lent.
        assert_eq!(
            graded_invoice_value_wad(&t, WAD, 0, &p, rates(WAD + 1, WAD / 10)),
            Err(MathError::Overflow)
        );
    }

    #[test]
    fn confirmed_counts_disputed_only_for_the_liquidation_check_until_ruled_void() {
        use AssetStatus::*;
        for (status, lend, liquidate) in [
            (Confirmed, true, true),
            (Disputed, false, true),
            (Pending, false, false),
            (Defaulted, false, false),
            (Settled, false, false),
        ] {
            assert_eq!(counts(status, false, Purpose::Lend), lend, "{status:?}");
            assert_eq!(
                counts(status, false, Purpose::Liquidate),
                liquidate,
                "{status:?}"
            );
        }
        // Ruled void: worth nothing at all.
        assert!(!counts(Disputed, true, Purpose::Liquidate));
        assert!(!counts(Disputed, true, Purpose::Lend));
    }

    #[test]
    fn each_purpose_takes_the_lenders_side_of_the_answer() {
        let answer = PriceData {
            price_wad: 100,
            updated_at_ms: 0,
            upper_wad: 102,
        };
        assert_eq!(Purpose::Lend.price_wad(&answer), 100);
        assert_eq!(Purpose::Liquidate.price_wad(&answer), 102);
        let odd = PriceData {
            upper_wad: 100,
            ..answer
        };
        assert_eq!(Purpose::Liquidate.price_wad(&odd), 100);
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
        let v = asset_value_wad(&kind, 5 * WAD / 2, 0, &p);
        assert_eq!(v, Ok(18_750_000_000_000_000_000));
    }

    #[test]
    fn goods_in_transit_decline_after_arrival_over_the_grace_period() {
        let p = invoice_params();
        let kind = AssetKind::InTransit(TransitTerms {
            commodity: price_key("COCOA"),
            quantity_wad: 30 * WAD,
            carrier: AccountId::from([3; 32]),
            destination_warehouse: AccountId::from([4; 32]),
            expected_arrival_ms: 1_000,
            document_hash: [1; 32],
        });
        let at = |ms: u64| asset_value_wad(&kind, WAD, ms, &p).unwrap();
        assert_eq!(at(1_000), 30 * WAD);
        assert_eq!(at(1_000 + 10 * MS_PER_DAY), 20 * WAD);
        assert_eq!(at(1_000 + p.grace_period_ms), 0);
    }

    #[test]
    fn extreme_prices_error_instead_of_overflowing() {
        let p = invoice_params();
        let kind = invoice(u128::MAX, 0);
        assert_eq!(
            asset_value_wad(&kind, u128::MAX, 0, &p),
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
