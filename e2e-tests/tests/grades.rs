//! Invoices priced by their debtor's payment behaviour, across the compiled contracts: the credit
//! pricer grades the debtor from the registry's payment record on every question, the class's
//! table turns the grade into an advance and a discount rate, an off-chain score posted through
//! the oracle may only lower the advance, and the vault lends accordingly. Exact figures; each
//! refusal changes nothing.
use collateral_vault::VaultError;
use credit_pricer::{Bounds, PricerError, Rates, Table};
use drink::AccountId32;
use e2e_tests::chain::ink_id;
use e2e_tests::suite::*;
use scf_interfaces::{
    price_key, InvoiceRates, OracleError, PaymentRecord, PriceKey, MS_PER_DAY, MS_PER_YEAR, WAD,
};
use scf_rules::grade::TableError;

const PCT: u128 = WAD / 100;

fn rates(advance_pct: u128, discount_pct: u128) -> Rates {
    Rates {
        advance_wad: advance_pct * PCT,
        discount_rate_annual_wad: discount_pct * PCT,
    }
}

/// A: the class's own terms; B lends 90 % at 12 %; C 75 % at 15 %; D 50 % at 20 %.
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

/// The invoice class with the table above; a supplier and an approved debtor.
fn graded() -> (Suite, AccountId32, AccountId32) {
    let mut s = Suite::deploy();
    let admin = s.admin.clone();
    let r: Result<(), PricerError> =
        s.pricer_as(&admin, "set_class_bounds", (INVOICE_CLASS, Some(bounds())));
    r.expect("bounds");
    let r: Result<(), PricerError> =
        s.pricer_as(&admin, "set_grade_table", (INVOICE_CLASS, Some(table())));
    r.expect("table");
    let supplier = s.actor(2);
    let debtor = s.approved_debtor(3, wad(1_000_000));
    (s, supplier, debtor)
}

/// A new position holding a 33 000 USD invoice of `debtor` due in exactly a year: what it lends.
fn year_invoice_value(s: &mut Suite, supplier: &AccountId32, debtor: &AccountId32) -> u128 {
    let id = s.confirmed_invoice(supplier, debtor, wad(33_000), MS_PER_YEAR);
    let pos = s.open(supplier, INVOICE_CLASS);
    s.deposit(supplier, pos, id).expect("pledged");
    let v: Result<u128, VaultError> = s.vault_as(supplier, "position_value", pos);
    v.expect("valued")
}

fn grade(s: &mut Suite, debtor: &AccountId32) -> u8 {
    let a = s.admin.clone();
    let g: Result<u8, PricerError> = s.pricer_as(&a, "grade", ink_id(debtor));
    g.expect("graded")
}

/// The debtor pays an unpledged 1 000 invoice due in 10 days, `late_ms` after its due date.
fn pay_late(s: &mut Suite, supplier: &AccountId32, debtor: &AccountId32, late_ms: u64) {
    let id = s.confirmed_invoice(supplier, debtor, wad(1_000), 10 * MS_PER_DAY);
    s.fund_stable(debtor, wad(1_000));
    s.approve_stable(debtor, wad(1_000));
    s.advance(10 * MS_PER_DAY + late_ms);
    s.pay_invoice(debtor, id).expect("paid");
}

#[test]
fn a_debtors_late_payment_lowers_its_next_invoices_advance_by_the_tables_figure_exactly() {
    let (mut s, supplier, debtor) = graded();
    // Grade A: the class's terms. 33 000 due in a year at 10 %: 30 000 exactly.
    assert_eq!(grade(&mut s, &debtor), 0);
    assert_eq!(year_invoice_value(&mut s, &supplier, &debtor), wad(30_000));

    // It pays an invoice 2.5 days late: 1 late settlement + 3 started days (1 point per 15) = 2
    // points, grade B.
    pay_late(&mut s, &supplier, &debtor, MS_PER_DAY * 5 / 2);
    assert_eq!(
        s.payment_record(&debtor),
        PaymentRecord {
            settled_late: 1,
            days_late_total: 3,
            max_days_late: 3,
            ..PaymentRecord::default()
        }
    );
    assert_eq!(grade(&mut s, &debtor), 1);
    let supplier_pos_rates: Result<Option<InvoiceRates>, OracleError> = s.pricer_as(
        &supplier,
        "CreditPricing::invoice_rates",
        (INVOICE_CLASS, ink_id(&debtor)),
    );
    assert_eq!(
        supplier_pos_rates,
        Ok(Some(InvoiceRates {
            grade: 1,
            advance_wad: 90 * PCT,
            discount_rate_annual_wad: 12 * PCT,
        }))
    );
    // Its next invoice, the same terms: 33 000 / 1.12 = 29 464.285714285714285714 (rounded down),
    // × 90 % = 26 517.857142857142857142; the most it lends at 150 %: 17 678.571428571428571428.
    let v = year_invoice_value(&mut s, &supplier, &debtor);
    assert_eq!(v, 26_517_857_142_857_142_857_142);
    let pos: u64 = {
        let id = s.confirmed_invoice(&supplier, &debtor, wad(33_000), MS_PER_YEAR);
        let pos = s.open(&supplier, INVOICE_CLASS);
        s.deposit(&supplier, pos, id).expect("pledged");
        pos
    };
    // (To the unit of normalised debt: the class's rate has moved since its creation.)
    let max: Result<u128, VaultError> = s.vault_as(&supplier, "max_borrow", pos);
    let expected = s.max_borrow_at(pos, 26_517_857_142_857_142_857_142);
    assert_eq!(max, Ok(expected));
    assert!((17_678_571_428_571_428_571_427..=17_678_571_428_571_428_571_428).contains(&expected));
    assert_eq!(
        s.borrow(&supplier, pos, expected + 1),
        Err(VaultError::Unsafe)
    );
    assert_eq!(s.borrow(&supplier, pos, expected), Ok(()));
    // The liquidation check keeps the class's terms: the downgrade made nothing liquidatable.
    let keeper = s.actor(60);
    assert_eq!(
        s.liquidate(&keeper, pos),
        Err(liquidation_engine::EngineError::Vault(
            VaultError::PositionSafe
        ))
    );
}

/// The supplier and its debtor cannot buy a better grade back: on-time payments never count.
#[test]
fn on_time_payments_never_raise_a_grade_so_circular_payments_buy_nothing() {
    let (mut s, supplier, debtor) = graded();
    pay_late(&mut s, &supplier, &debtor, MS_PER_DAY);
    assert_eq!(grade(&mut s, &debtor), 1);
    // Five invoices paid on their due date, the money handed straight back by the supplier.
    for _ in 0..5 {
        let id = s.confirmed_invoice(&supplier, &debtor, wad(1_000), MS_PER_DAY);
        s.fund_stable(&debtor, wad(1_000));
        s.approve_stable(&debtor, wad(1_000));
        s.advance(MS_PER_DAY);
        s.pay_invoice(&debtor, id).expect("on time");
        s.transfer_stable(&supplier, &debtor, wad(1_000));
    }
    assert_eq!(s.payment_record(&debtor).settled_on_time, 5);
    assert_eq!(grade(&mut s, &debtor), 1);
    assert_eq!(
        year_invoice_value(&mut s, &supplier, &debtor),
        26_517_857_142_857_142_857_142
    );
}

/// The off-chain score, posted as an oracle key by the usual reporters: above the grade's advance
/// it changes nothing; below, it lowers the advance to it; stale, it stops new credit (fail
/// closed).
#[test]
fn a_score_above_the_grades_bound_changes_nothing_and_a_stale_one_lends_nothing() {
    let (mut s, supplier, debtor) = graded();
    pay_late(&mut s, &supplier, &debtor, MS_PER_DAY); // grade B: 90 %
    let key: PriceKey = price_key("SCD3");
    let admin = s.admin.clone();
    let o = s.oracle.clone();
    let r: Result<(), OracleError> = s.chain.call_as(
        &admin,
        &o,
        "set_key",
        (key, MAX_AGE_MS, 3u8, GUARD_BPS, ANCHOR_INTERVAL_MS, 3u8),
    );
    r.expect("score key");
    for rep in s.reporters() {
        let r: Result<(), OracleError> =
            s.chain
                .call_as(&admin, &o, "add_reporter", (key, ink_id(&rep)));
        r.expect("reporter");
    }
    let r: Result<(), PricerError> =
        s.pricer_as(&admin, "set_score_key", (ink_id(&debtor), Some(key)));
    r.expect("score key set");

    // 95 %: above the grade's 90 %. Nothing changes.
    s.post_price(key, 95 * PCT).expect("score");
    let unscored = 26_517_857_142_857_142_857_142;
    assert_eq!(year_invoice_value(&mut s, &supplier, &debtor), unscored);
    // 80 %: the advance falls to it. 29 464.285714285714285714 × 80 % = 23 571.428571428571428571.
    s.post_price(key, 80 * PCT).expect("score");
    assert_eq!(
        year_invoice_value(&mut s, &supplier, &debtor),
        23_571_428_571_428_571_428_571
    );
    // The reporters fall silent past the key's max age: no new credit against the debtor.
    let id = s.confirmed_invoice(&supplier, &debtor, wad(33_000), MS_PER_YEAR);
    let pos = s.open(&supplier, INVOICE_CLASS);
    s.deposit(&supplier, pos, id).expect("pledged");
    s.advance(MAX_AGE_MS + 1);
    assert_eq!(
        s.borrow(&supplier, pos, wad(100)),
        Err(VaultError::Oracle(OracleError::StalePrice))
    );
    // Another debtor, without a score key, is not held up by it.
    let other = s.approved_debtor(4, wad(1_000_000));
    assert_eq!(year_invoice_value(&mut s, &supplier, &other), wad(30_000));
}

#[test]
fn tables_are_the_risk_desks_within_the_admins_bounds_and_a_refusal_changes_nothing() {
    let mut s = Suite::deploy();
    let admin = s.admin.clone();
    let stranger = s.actor(9);
    let p = s.pricer.clone();
    let before = s.chain.storage_hash(&p);
    let set_table = |s: &mut Suite, who: &AccountId32, t: Table| -> Result<(), PricerError> {
        s.pricer_as(who, "set_grade_table", (INVOICE_CLASS, Some(t)))
    };
    // A table before bounds.
    assert_eq!(
        set_table(&mut s, &admin, table()),
        Err(PricerError::NoBounds)
    );
    // Bounds are the admin's, and sane.
    let r: Result<(), PricerError> = s.pricer_as(
        &stranger,
        "set_class_bounds",
        (INVOICE_CLASS, Some(bounds())),
    );
    assert_eq!(r, Err(PricerError::NotAdmin));
    let loose = Bounds {
        max_advance_wad: WAD + 1,
        ..bounds()
    };
    let r: Result<(), PricerError> =
        s.pricer_as(&admin, "set_class_bounds", (INVOICE_CLASS, Some(loose)));
    assert_eq!(r, Err(PricerError::Table(TableError::BadBounds)));
    assert_eq!(s.chain.storage_hash(&p), before);

    let r: Result<(), PricerError> =
        s.pricer_as(&admin, "set_class_bounds", (INVOICE_CLASS, Some(bounds())));
    r.expect("bounds");
    let with_bounds = s.chain.storage_hash(&p);
    // The risk desk's: a stranger is refused; so are a table beyond the bounds and a table
    // where a worse grade lends more.
    assert_eq!(
        set_table(&mut s, &stranger, table()),
        Err(PricerError::NotRiskDesk)
    );
    let greedy = Table {
        d: rates(50, 30),
        ..table()
    };
    assert_eq!(
        set_table(&mut s, &admin, greedy),
        Err(PricerError::Table(TableError::DiscountOutOfBounds))
    );
    let upside_down = Table {
        c: rates(95, 15),
        ..table()
    };
    assert_eq!(
        set_table(&mut s, &admin, upside_down),
        Err(PricerError::Table(TableError::NotMonotonic))
    );
    assert_eq!(s.chain.storage_hash(&p), with_bounds);
    // The admin hands the desk to another account: the admin no longer sets tables.
    let desk = s.actor(10);
    let r: Result<(), PricerError> = s.pricer_as(&admin, "set_risk_desk", ink_id(&desk));
    r.expect("desk");
    assert_eq!(
        set_table(&mut s, &admin, table()),
        Err(PricerError::NotRiskDesk)
    );
    assert_eq!(set_table(&mut s, &desk, table()), Ok(()));
    // Bounds that the table would break are refused: the table changes first.
    let tight = Bounds {
        max_advance_wad: 90 * PCT,
        ..bounds()
    };
    let r: Result<(), PricerError> =
        s.pricer_as(&admin, "set_class_bounds", (INVOICE_CLASS, Some(tight)));
    assert_eq!(r, Err(PricerError::TableOutsideBounds));
}
