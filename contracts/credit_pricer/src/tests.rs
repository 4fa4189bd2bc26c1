//! The pricer's own rules: who sets bounds and tables, and what a table must be. Grading, which
//! reads the registry and the oracle, runs across the compiled contracts
//! (`e2e-tests/tests/grades.rs`).
use crate::credit_pricer::CreditPricer;
use crate::*;
use ink::env::test;
use ink::env::DefaultEnvironment as E;
use scf_interfaces::WAD;
use scf_rules::grade::TableError;

const PCT: u128 = WAD / 100;

fn rates(a: u128, d: u128) -> Rates {
    Rates {
        advance_wad: a * PCT,
        discount_rate_annual_wad: d * PCT,
    }
}

fn table() -> Table {
    Table {
        a: rates(100, 10),
        b: rates(90, 12),
        c: rates(75, 15),
        d: rates(50, 20),
    }
}

fn bounds() -> Bounds {
    Bounds {
        max_advance_wad: WAD,
        min_discount_wad: 10 * PCT,
        max_discount_wad: 25 * PCT,
    }
}

fn pricer() -> CreditPricer {
    let a = test::default_accounts::<E>();
    test::set_caller::<E>(a.alice);
    CreditPricer::new(a.frank, a.eve)
}

#[ink::test]
fn the_deployer_is_admin_and_risk_desk_until_it_names_another() {
    let mut p = pricer();
    let a = test::default_accounts::<E>();
    assert_eq!((p.admin(), p.risk_desk()), (a.alice, a.alice));
    assert_eq!(
        p.set_grade_table(0, Some(table())),
        Err(PricerError::NoBounds)
    );
    assert_eq!(p.set_class_bounds(0, Some(bounds())), Ok(()));
    assert_eq!(p.set_grade_table(0, Some(table())), Ok(()));
    assert_eq!(p.grade_table(0), Some(table()));
    assert_eq!(p.set_risk_desk(a.bob), Ok(()));
    assert_eq!(p.set_grade_table(0, None), Err(PricerError::NotRiskDesk));
    test::set_caller::<E>(a.bob);
    assert_eq!(p.set_class_bounds(0, None), Err(PricerError::NotAdmin));
    assert_eq!(p.set_risk_desk(a.bob), Err(PricerError::NotAdmin));
    assert_eq!(
        p.set_score_key(a.charlie, Some(*b"SC\0\0\0\0\0\0")),
        Err(PricerError::NotAdmin)
    );
    assert_eq!(p.set_grade_table(0, None), Ok(()));
    assert_eq!(p.grade_table(0), None);
}

#[ink::test]
fn bounds_and_tables_are_checked_and_a_refusal_changes_nothing() {
    let mut p = pricer();
    let bad = Bounds {
        min_discount_wad: 30 * PCT,
        ..bounds()
    };
    assert_eq!(
        p.set_class_bounds(0, Some(bad)),
        Err(PricerError::Table(TableError::BadBounds))
    );
    assert_eq!(p.class_bounds(0), None);
    p.set_class_bounds(0, Some(bounds())).expect("bounds");
    let worse_lends_more = Table {
        d: rates(80, 20),
        ..table()
    };
    assert_eq!(
        p.set_grade_table(0, Some(worse_lends_more)),
        Err(PricerError::Table(TableError::NotMonotonic))
    );
    let above = Table {
        a: rates(101, 10),
        ..table()
    };
    assert_eq!(
        p.set_grade_table(0, Some(above)),
        Err(PricerError::Table(TableError::AdvanceAboveBound))
    );
    assert_eq!(p.grade_table(0), None);
    p.set_grade_table(0, Some(table())).expect("table");
    // Bounds the table would break; then removing the bounds removes the table.
    let tight = Bounds {
        max_discount_wad: 15 * PCT,
        ..bounds()
    };
    assert_eq!(
        p.set_class_bounds(0, Some(tight)),
        Err(PricerError::TableOutsideBounds)
    );
    assert_eq!(p.class_bounds(0), Some(bounds()));
    assert_eq!(p.set_class_bounds(0, None), Ok(()));
    assert_eq!((p.class_bounds(0), p.grade_table(0)), (None, None));
}
