//! The pricer's stored tables and bounds, and their conversion to the rules' plain types
//! (`scf_rules::grade`, where the grade and the checks are).
use scf_interfaces::PaymentRecord;
use scf_rules::grade::{GradeRates, GradeTable, PaymentHistory, TableBounds};

/// One grade's row: the share of an invoice's value lent, and its annual discount rate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Rates {
    pub advance_wad: u128,
    pub discount_rate_annual_wad: u128,
}

/// A class's rows for grades A, B, C, D (E, a debtor in default, gets no advance).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Table {
    pub a: Rates,
    pub b: Rates,
    pub c: Rates,
    pub d: Rates,
}

/// The admin's bounds on a class's table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Bounds {
    pub max_advance_wad: u128,
    pub min_discount_wad: u128,
    pub max_discount_wad: u128,
}

impl From<Rates> for GradeRates {
    fn from(r: Rates) -> Self {
        GradeRates {
            advance_wad: r.advance_wad,
            discount_rate_annual_wad: r.discount_rate_annual_wad,
        }
    }
}

impl From<Table> for GradeTable {
    fn from(t: Table) -> Self {
        GradeTable {
            rates: [t.a.into(), t.b.into(), t.c.into(), t.d.into()],
        }
    }
}

impl From<Bounds> for TableBounds {
    fn from(b: Bounds) -> Self {
        TableBounds {
            max_advance_wad: b.max_advance_wad,
            min_discount_wad: b.min_discount_wad,
            max_discount_wad: b.max_discount_wad,
        }
    }
}

/// The registry's record as the rules read it.
pub fn history(r: &PaymentRecord) -> PaymentHistory {
    PaymentHistory {
        settled_on_time: r.settled_on_time,
        settled_late: r.settled_late,
        days_late_total: r.days_late_total,
        max_days_late: r.max_days_late,
        defaulted: r.defaulted,
        unresolved_defaults: r.unresolved_defaults,
        disputed: r.disputed,
    }
}
