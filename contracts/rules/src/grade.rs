//! A debtor's credit grade from its payment record, and what an invoice class advances against
//! that grade.
//!
//! Only adverse facts move a grade — late settlements, days late, defaults, disputes — because
//! they cost the debtor something real. On-time settlements never improve it: a supplier and its
//! debtor can manufacture them with circular payments (the debtor pays, the supplier hands the
//! money back). An underwriter's review is what lets a debtor recover: the grade is then computed
//! on the record accrued [`since`](PaymentHistory::since) the review.
use crate::math::{mul_div_down, MathError, WAD};

/// A debtor's payment record: the registry's `PaymentRecord`, field for field (the contracts
/// convert), so that this crate needs no ink!.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PaymentHistory {
    /// Invoices settled on or before their due date.
    pub settled_on_time: u32,
    /// Invoices settled after their due date.
    pub settled_late: u32,
    /// Σ whole days past due over the late settlements.
    pub days_late_total: u64,
    /// The most days past due of any one settlement.
    pub max_days_late: u32,
    /// Invoices ever marked defaulted.
    pub defaulted: u32,
    /// Defaulted invoices not yet paid.
    pub unresolved_defaults: u32,
    /// Invoices the debtor disputed.
    pub disputed: u32,
}

impl PaymentHistory {
    /// The record accrued since `baseline`, the record an underwriter reviewed. Counters are
    /// differences; `max_days_late` cannot be un-computed, so the current one stands while a late
    /// settlement came after the review and is 0 otherwise; `unresolved_defaults` is the current
    /// one: a default still unpaid is never reviewed away.
    pub fn since(&self, baseline: &PaymentHistory) -> PaymentHistory {
        let settled_late = self.settled_late.saturating_sub(baseline.settled_late);
        PaymentHistory {
            settled_on_time: self
                .settled_on_time
                .saturating_sub(baseline.settled_on_time),
            settled_late,
            days_late_total: self
                .days_late_total
                .saturating_sub(baseline.days_late_total),
            max_days_late: if settled_late > 0 {
                self.max_days_late
            } else {
                0
            },
            defaulted: self.defaulted.saturating_sub(baseline.defaulted),
            unresolved_defaults: self.unresolved_defaults,
            disputed: self.disputed.saturating_sub(baseline.disputed),
        }
    }
}

/// A debtor's credit grade, best first: `A` < `B` < … so that a worse grade compares greater.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(
    feature = "scale",
    derive(
        parity_scale_codec::Encode,
        parity_scale_codec::Decode,
        scale_info::TypeInfo
    )
)]
pub enum Grade {
    A,
    B,
    C,
    D,
    /// In default: a defaulted invoice is still unpaid.
    E,
}

/// Days late that cost one point: a settlement 15 days late weighs as much as one more late
/// settlement.
pub const DAYS_PER_POINT: u64 = 15;
/// Points one default costs: a default is worse than a late payment.
pub const POINTS_PER_DEFAULT: u64 = 3;

/// The adverse points of a record: `settled_late + ⌈days_late_total / 15⌉ + 3 × defaulted +
/// disputed`. On-time settlements count for nothing (see the module's doc).
pub fn points(h: &PaymentHistory) -> u64 {
    u64::from(h.settled_late)
        .saturating_add(h.days_late_total.div_ceil(DAYS_PER_POINT))
        .saturating_add(POINTS_PER_DEFAULT.saturating_mul(u64::from(h.defaulted)))
        .saturating_add(u64::from(h.disputed))
}

/// A debtor's grade from its record. Only adverse facts move it, never on-time settlements: a
/// supplier and its debtor can manufacture those with circular payments (the debtor pays, the
/// supplier hands the money back), while a late payment, a default or a dispute costs the debtor
/// something real. `E` while any default is unpaid; then `D` from 8 points or a settlement more
/// than 60 days late, `C` from 4 points or more than 30 days late, `B` from 1 point, else `A`.
pub fn grade_of(h: &PaymentHistory) -> Grade {
    let p = points(h);
    if h.unresolved_defaults > 0 {
        Grade::E
    } else if p >= 8 || h.max_days_late > 60 {
        Grade::D
    } else if p >= 4 || h.max_days_late > 30 {
        Grade::C
    } else if p >= 1 {
        Grade::B
    } else {
        Grade::A
    }
}

/// What a class advances against invoices of one grade, and the annual rate it discounts them at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(
    feature = "scale",
    derive(
        parity_scale_codec::Encode,
        parity_scale_codec::Decode,
        scale_info::TypeInfo
    )
)]
pub struct GradeRates {
    /// Fraction of the invoice's value lent (≤ 1).
    pub advance_wad: u128,
    pub discount_rate_annual_wad: u128,
}

/// A class's rates for grades `A`, `B`, `C`, `D`, in that order. `E` has no entry: a debtor in
/// default gets no advance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(
    feature = "scale",
    derive(
        parity_scale_codec::Encode,
        parity_scale_codec::Decode,
        scale_info::TypeInfo
    )
)]
pub struct GradeTable {
    pub rates: [GradeRates; 4],
}

impl GradeTable {
    /// The rates for grade `g`; `E` advances 0 and is discounted at `D`'s rate.
    pub fn rates(&self, g: Grade) -> GradeRates {
        let [a, b, c, d] = self.rates;
        match g {
            Grade::A => a,
            Grade::B => b,
            Grade::C => c,
            Grade::D => d,
            Grade::E => GradeRates {
                advance_wad: 0,
                discount_rate_annual_wad: d.discount_rate_annual_wad,
            },
        }
    }
}

/// The protocol's limits on any class's table, set by governance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(
    feature = "scale",
    derive(
        parity_scale_codec::Encode,
        parity_scale_codec::Decode,
        scale_info::TypeInfo
    )
)]
pub struct TableBounds {
    pub max_advance_wad: u128,
    pub min_discount_wad: u128,
    pub max_discount_wad: u128,
}

/// What is wrong with a grade table or its bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "scale",
    derive(
        parity_scale_codec::Encode,
        parity_scale_codec::Decode,
        scale_info::TypeInfo
    )
)]
pub enum TableError {
    /// An advance above the bounds' maximum or above 1: more lent than the invoice is worth.
    AdvanceAboveBound,
    /// A discount rate outside the bounds.
    DiscountOutOfBounds,
    /// A worse grade advances more, or is discounted less, than a better one.
    NotMonotonic,
    /// The bounds themselves: a maximum advance above 1, or a minimum discount above the maximum.
    BadBounds,
}

/// Checks `table` against `bounds`: every advance within the maximum (and ≤ 1), every discount
/// within the range, and a worse grade never advancing more nor discounted less than a better
/// one — so a debtor's downgrade can never raise what is lent against it.
pub fn validate(table: &GradeTable, bounds: &TableBounds) -> Result<(), TableError> {
    if bounds.max_advance_wad > WAD || bounds.min_discount_wad > bounds.max_discount_wad {
        return Err(TableError::BadBounds);
    }
    for r in table.rates.iter() {
        if r.advance_wad > bounds.max_advance_wad {
            return Err(TableError::AdvanceAboveBound);
        }
        if r.discount_rate_annual_wad < bounds.min_discount_wad
            || r.discount_rate_annual_wad > bounds.max_discount_wad
        {
            return Err(TableError::DiscountOutOfBounds);
        }
    }
    for (better, worse) in table.rates.iter().zip(table.rates.iter().skip(1)) {
        if worse.advance_wad > better.advance_wad
            || worse.discount_rate_annual_wad < better.discount_rate_annual_wad
        {
            return Err(TableError::NotMonotonic);
        }
    }
    Ok(())
}

/// The advance after an off-chain risk score: the score can lower the grade's advance and never
/// raise it above the grade's (the score is not verifiable on chain; the record is).
pub fn scored_advance_wad(grade_advance_wad: u128, score_advance_wad: Option<u128>) -> u128 {
    score_advance_wad.map_or(grade_advance_wad, |s| s.min(grade_advance_wad))
}

/// What `value_wad` advances at `advance_wad`: `value × advance`, rounded down, never more than
/// the value. An advance above 1 is refused as [`MathError::Overflow`] (as a haircut above 1 is
/// in [`goods_value_wad`](crate::valuation::goods_value_wad)); a validated table has none.
pub fn advanced_value_wad(value_wad: u128, advance_wad: u128) -> Result<u128, MathError> {
    if advance_wad > WAD {
        return Err(MathError::Overflow);
    }
    mul_div_down(value_wad, advance_wad, WAD)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn late(n: u32) -> PaymentHistory {
        PaymentHistory {
            settled_late: n,
            ..Default::default()
        }
    }

    fn rates(advance_wad: u128, discount_rate_annual_wad: u128) -> GradeRates {
        GradeRates {
            advance_wad,
            discount_rate_annual_wad,
        }
    }

    const PCT: u128 = WAD / 100;

    fn table() -> GradeTable {
        GradeTable {
            rates: [
                rates(90 * PCT, 5 * PCT),
                rates(80 * PCT, 8 * PCT),
                rates(60 * PCT, 12 * PCT),
                rates(30 * PCT, 20 * PCT),
            ],
        }
    }

    fn bounds() -> TableBounds {
        TableBounds {
            max_advance_wad: 90 * PCT,
            min_discount_wad: 5 * PCT,
            max_discount_wad: 20 * PCT,
        }
    }

    #[test]
    fn points_set_the_grade_at_1_4_and_8() {
        assert_eq!(grade_of(&late(0)), Grade::A);
        assert_eq!(grade_of(&late(1)), Grade::B);
        assert_eq!(grade_of(&late(3)), Grade::B);
        assert_eq!(grade_of(&late(4)), Grade::C);
        assert_eq!(grade_of(&late(7)), Grade::C);
        assert_eq!(grade_of(&late(8)), Grade::D);
        assert_eq!(grade_of(&late(u32::MAX)), Grade::D);
    }

    #[test]
    fn days_late_cost_a_point_per_started_15_days() {
        let days = |d| PaymentHistory {
            days_late_total: d,
            ..Default::default()
        };
        assert_eq!(points(&days(0)), 0);
        assert_eq!(points(&days(1)), 1);
        assert_eq!(points(&days(15)), 1);
        assert_eq!(points(&days(16)), 2);
        assert_eq!(points(&days(45)), 3);
        assert_eq!(points(&days(46)), 4);
        assert_eq!(grade_of(&days(46)), Grade::C);
        // One default is 3 points, a dispute 1.
        let h = PaymentHistory {
            settled_late: 1,
            days_late_total: 16,
            defaulted: 1,
            disputed: 1,
            ..Default::default()
        };
        assert_eq!(points(&h), 1 + 2 + 3 + 1);
        assert_eq!(grade_of(&h), Grade::C);
        let max = PaymentHistory {
            settled_late: u32::MAX,
            days_late_total: u64::MAX,
            defaulted: u32::MAX,
            disputed: u32::MAX,
            ..Default::default()
        };
        // The largest record fits: 5 × (2³² − 1) + (2⁶⁴ − 1) / 15 (exact: 15 divides 2⁶⁴ − 1).
        assert_eq!(points(&max), 5 * u64::from(u32::MAX) + u64::MAX / 15);
        assert_eq!(points(&max), 1_229_782_959_722_139_916);
    }

    #[test]
    fn one_settlement_more_than_30_or_60_days_late_is_enough() {
        let max = |d| PaymentHistory {
            max_days_late: d,
            ..late(1)
        };
        assert_eq!(grade_of(&max(30)), Grade::B);
        assert_eq!(grade_of(&max(31)), Grade::C);
        assert_eq!(grade_of(&max(60)), Grade::C);
        assert_eq!(grade_of(&max(61)), Grade::D);
    }

    #[test]
    fn an_unpaid_default_is_e_whatever_else_the_record_says() {
        let h = PaymentHistory {
            settled_on_time: 10_000,
            unresolved_defaults: 1,
            ..Default::default()
        };
        assert_eq!(grade_of(&h), Grade::E);
        // Once paid (a late settlement), the default still costs its 3 points and the lateness.
        let paid = PaymentHistory {
            settled_late: 1,
            days_late_total: 20,
            max_days_late: 20,
            defaulted: 1,
            unresolved_defaults: 0,
            ..h
        };
        assert_eq!(points(&paid), 1 + 2 + 3);
        assert_eq!(grade_of(&paid), Grade::C);
    }

    #[test]
    fn on_time_settlements_count_for_nothing() {
        let h = PaymentHistory {
            settled_on_time: u32::MAX,
            ..late(4)
        };
        assert_eq!(grade_of(&h), Grade::C);
    }

    #[test]
    fn since_a_review_counts_what_came_after_it_but_never_an_unpaid_default() {
        let reviewed = PaymentHistory {
            settled_on_time: 5,
            settled_late: 8,
            days_late_total: 200,
            max_days_late: 70,
            defaulted: 2,
            unresolved_defaults: 0,
            disputed: 3,
        };
        assert_eq!(grade_of(&reviewed), Grade::D);
        // Only on-time settlements since: the old max is forgotten, the grade is A again.
        let now = PaymentHistory {
            settled_on_time: 9,
            ..reviewed
        };
        assert_eq!(
            now.since(&reviewed),
            PaymentHistory {
                settled_on_time: 4,
                ..Default::default()
            }
        );
        assert_eq!(grade_of(&now.since(&reviewed)), Grade::A);
        // One late settlement since: the current max stands (it cannot be un-computed).
        let now = PaymentHistory {
            settled_late: 9,
            days_late_total: 210,
            ..reviewed
        };
        let s = now.since(&reviewed);
        assert_eq!(
            s,
            PaymentHistory {
                settled_late: 1,
                days_late_total: 10,
                max_days_late: 70,
                ..Default::default()
            }
        );
        assert_eq!(grade_of(&s), Grade::D);
        // A default since, still unpaid: E; an unpaid default from before the review: still E.
        let now = PaymentHistory {
            defaulted: 3,
            unresolved_defaults: 1,
            ..reviewed
        };
        assert_eq!(now.since(&reviewed).defaulted, 1);
        assert_eq!(grade_of(&now.since(&now)), Grade::E);
        // A baseline ahead of the record (a wrong review) saturates to nothing.
        assert_eq!(
            PaymentHistory::default().since(&reviewed),
            PaymentHistory::default()
        );
    }

    #[test]
    fn a_table_is_checked_against_its_bounds_and_for_order() {
        assert_eq!(validate(&table(), &bounds()), Ok(()));
        let mut t = table();
        t.rates[0].advance_wad = 90 * PCT + 1;
        assert_eq!(validate(&t, &bounds()), Err(TableError::AdvanceAboveBound));
        let mut t = table();
        t.rates[3].discount_rate_annual_wad = 20 * PCT + 1;
        assert_eq!(
            validate(&t, &bounds()),
            Err(TableError::DiscountOutOfBounds)
        );
        let mut t = table();
        t.rates[0].discount_rate_annual_wad = 5 * PCT - 1;
        assert_eq!(
            validate(&t, &bounds()),
            Err(TableError::DiscountOutOfBounds)
        );
        // C advancing more than B; D discounted less than C.
        let mut t = table();
        t.rates[2].advance_wad = 80 * PCT + 1;
        assert_eq!(validate(&t, &bounds()), Err(TableError::NotMonotonic));
        let mut t = table();
        t.rates[3].discount_rate_annual_wad = 12 * PCT - 1;
        assert_eq!(validate(&t, &bounds()), Err(TableError::NotMonotonic));
        // Equal neighbours are fine.
        let flat = GradeTable {
            rates: [rates(50 * PCT, 10 * PCT); 4],
        };
        assert_eq!(validate(&flat, &bounds()), Ok(()));
        // The bounds themselves.
        let b = TableBounds {
            max_advance_wad: WAD + 1,
            ..bounds()
        };
        assert_eq!(validate(&table(), &b), Err(TableError::BadBounds));
        let b = TableBounds {
            min_discount_wad: 20 * PCT + 1,
            ..bounds()
        };
        assert_eq!(validate(&table(), &b), Err(TableError::BadBounds));
        let b = TableBounds {
            max_advance_wad: WAD,
            min_discount_wad: 0,
            max_discount_wad: u128::MAX,
        };
        assert_eq!(validate(&table(), &b), Ok(()));
    }

    #[test]
    fn e_advances_nothing_at_ds_discount() {
        let t = table();
        assert_eq!(t.rates(Grade::A), rates(90 * PCT, 5 * PCT));
        assert_eq!(t.rates(Grade::D), rates(30 * PCT, 20 * PCT));
        assert_eq!(t.rates(Grade::E), rates(0, 20 * PCT));
    }

    #[test]
    fn a_score_only_lowers_the_advance() {
        assert_eq!(scored_advance_wad(80 * PCT, None), 80 * PCT);
        assert_eq!(scored_advance_wad(80 * PCT, Some(70 * PCT)), 70 * PCT);
        assert_eq!(scored_advance_wad(80 * PCT, Some(95 * PCT)), 80 * PCT);
        assert_eq!(scored_advance_wad(0, Some(WAD)), 0);
    }

    #[test]
    fn the_advanced_value_rounds_down_and_never_exceeds_the_value() {
        assert_eq!(advanced_value_wad(1, WAD / 2), Ok(0));
        assert_eq!(advanced_value_wad(3, WAD / 2), Ok(1));
        assert_eq!(advanced_value_wad(1_000 * WAD, 80 * PCT), Ok(800 * WAD));
        assert_eq!(advanced_value_wad(u128::MAX, WAD), Ok(u128::MAX));
        assert_eq!(advanced_value_wad(7, 0), Ok(0));
        assert_eq!(advanced_value_wad(1, WAD + 1), Err(MathError::Overflow));
    }

    fn history() -> impl Strategy<Value = PaymentHistory> {
        (
            any::<u32>(),
            0u32..20,
            0u64..400,
            0u32..100,
            0u32..5,
            0u32..2,
            0u32..5,
        )
            .prop_map(
                |(on_time, late, days, max, defaulted, unresolved, disputed)| PaymentHistory {
                    settled_on_time: on_time,
                    settled_late: late,
                    days_late_total: days,
                    max_days_late: max,
                    defaulted,
                    unresolved_defaults: unresolved.min(defaulted),
                    disputed,
                },
            )
    }

    /// One adverse fact: a late settlement of `days` days, a new (unpaid) default, a dispute.
    fn adverse(h: &PaymentHistory, fact: u8, days: u32) -> PaymentHistory {
        match fact % 3 {
            0 => PaymentHistory {
                settled_late: h.settled_late.saturating_add(1),
                days_late_total: h.days_late_total.saturating_add(u64::from(days)),
                max_days_late: h.max_days_late.max(days),
                ..*h
            },
            1 => PaymentHistory {
                defaulted: h.defaulted.saturating_add(1),
                unresolved_defaults: h.unresolved_defaults.saturating_add(1),
                ..*h
            },
            _ => PaymentHistory {
                disputed: h.disputed.saturating_add(1),
                ..*h
            },
        }
    }

    fn valid_table() -> impl Strategy<Value = (GradeTable, TableBounds)> {
        (
            prop::array::uniform4((0u128..=WAD, 0u128..=WAD)),
            0u128..=WAD,
        )
            .prop_map(|(raw, max_advance)| {
                // Advances sorted down and discounts up: monotonic by construction.
                let mut adv = raw.map(|(a, _)| a.min(max_advance));
                let mut disc = raw.map(|(_, d)| d);
                adv.sort_unstable_by(|x, y| y.cmp(x));
                disc.sort_unstable();
                let mut table = GradeTable::default();
                for ((r, a), d) in table.rates.iter_mut().zip(adv).zip(disc) {
                    *r = rates(a, d);
                }
                let bounds = TableBounds {
                    max_advance_wad: max_advance,
                    min_discount_wad: 0,
                    max_discount_wad: WAD,
                };
                (table, bounds)
            })
    }

    const GRADES: [Grade; 5] = [Grade::A, Grade::B, Grade::C, Grade::D, Grade::E];

    proptest! {
        /// On-time settlements, any number of them, never change a grade.
        #[test]
        fn on_time_settlements_never_change_the_grade(h in history(), more in any::<u32>()) {
            let h2 = PaymentHistory {
                settled_on_time: h.settled_on_time.saturating_add(more),
                ..h
            };
            prop_assert_eq!(grade_of(&h2), grade_of(&h));
        }

        /// An adverse fact never improves a grade.
        #[test]
        fn an_adverse_fact_never_improves_the_grade(
            h in history(),
            facts in prop::collection::vec((any::<u8>(), any::<u32>()), 1..6),
        ) {
            let mut h2 = h;
            for (fact, days) in facts {
                let next = adverse(&h2, fact, days);
                prop_assert!(grade_of(&next) >= grade_of(&h2));
                h2 = next;
            }
            prop_assert!(grade_of(&h2) >= grade_of(&h));
        }

        /// In a valid table a worse grade never gets a higher advance (nor a lower discount).
        #[test]
        fn a_worse_grade_never_advances_more((table, bounds) in valid_table()) {
            prop_assert_eq!(validate(&table, &bounds), Ok(()));
            for better in GRADES {
                for worse in GRADES.into_iter().filter(|g| *g >= better) {
                    let (b, w) = (table.rates(better), table.rates(worse));
                    prop_assert!(w.advance_wad <= b.advance_wad);
                    prop_assert!(w.discount_rate_annual_wad >= b.discount_rate_annual_wad);
                }
            }
        }

        /// Whatever a table validation accepts, it is monotonic.
        #[test]
        fn validation_accepts_only_monotonic_tables(
            raw in prop::array::uniform4((0u128..=WAD, 0u128..=WAD)),
        ) {
            let table = GradeTable { rates: raw.map(|(a, d)| rates(a, d)) };
            let bounds = TableBounds {
                max_advance_wad: WAD,
                min_discount_wad: 0,
                max_discount_wad: WAD,
            };
            if validate(&table, &bounds).is_ok() {
                for (better, worse) in GRADES.iter().zip(GRADES.iter().skip(1)) {
                    let (b, w) = (table.rates(*better), table.rates(*worse));
                    prop_assert!(w.advance_wad <= b.advance_wad);
                    prop_assert!(w.discount_rate_annual_wad >= b.discount_rate_annual_wad);
                }
            }
        }

        /// A score never raises an advance, and the advanced value never exceeds the value.
        #[test]
        fn a_score_never_raises_the_advance(
            grade_advance in any::<u128>(),
            score in any::<Option<u128>>(),
            value in any::<u128>(),
        ) {
            let a = scored_advance_wad(grade_advance, score);
            prop_assert!(a <= grade_advance);
            if let Some(s) = score {
                prop_assert!(a <= s);
            }
            match advanced_value_wad(value, a) {
                Ok(v) => prop_assert!(v <= value),
                Err(e) => {
                    prop_assert!(a > WAD);
                    prop_assert_eq!(e, MathError::Overflow);
                }
            }
        }
    }
}
