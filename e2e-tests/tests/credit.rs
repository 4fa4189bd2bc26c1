//! Issue 11, "who may create credit": one named drink test per attack, each performing the attack
//! on the compiled contracts and asserting the exact error and that nothing changed (stablecoin
//! supply and balances, the vault's books, positions and classes, NFT owners, asset records and
//! payment records), next to the honest path that still works.
//!
//! | attack | tests |
//! |---|---|
//! | 1. a supplier names its own second account as debtor | `attack_1_*`, `credit_limit_is_exact_to_the_unit`, `suspended_debtor_*`, `unresolved_default_*`, `payment_record_*` |
//! | 2. settlement ignores the invoice's currency | `attack_2_*` |
//! | 3. a revoked attester still confirms | `attack_3_*` |
//! | 4. document squatting, wrong-token confirmation | `attack_4_*` |
//! | 5. an invoice paid outside the vault pledged again | `attack_5_*` |
//! | 6. PSP34 approvals surviving a transfer | `attack_6_*` |
use collateral_vault::events::InvoiceSettled;
use collateral_vault::{Books, Class, ClassId, DebtorLine, Position, PositionId, VaultError};
use drink::AccountId32;
use e2e_tests::chain::ink_id;
use e2e_tests::suite::*;
use liquidation_engine::EngineError;
use receivable_registry::events::{AssetRejected, PaymentRecorded, Transfer};
use scf_interfaces::{
    token_id, Asset, AssetId, AssetKind, AssetStatus, GoodsTerms, OracleError, PSP22Error,
    PSP34Error, PaymentRecord, RegistryError, TransitTerms, MS_PER_DAY,
};

/// Everything a refused call must leave as it was.
#[derive(Debug, PartialEq)]
struct World {
    supply: u128,
    balances: Vec<u128>,
    records: Vec<PaymentRecord>,
    books: Books,
    classes: Vec<Class>,
    positions: Vec<Option<Position>>,
    owners: Vec<Option<AccountId32>>,
    assets: Vec<Option<Asset>>,
}

fn world(
    s: &mut Suite,
    accounts: &[&AccountId32],
    positions: &[PositionId],
    assets: &[AssetId],
) -> World {
    let books = s.books();
    World {
        supply: s.supply(),
        balances: accounts.iter().map(|a| s.balance(a)).collect(),
        records: accounts.iter().map(|a| s.payment_record(a)).collect(),
        classes: (0..books.class_count).map(|c| s.class(c)).collect(),
        books,
        positions: positions.iter().map(|p| s.position(*p)).collect(),
        owners: assets.iter().map(|id| s.nft_owner(*id)).collect(),
        assets: assets.iter().map(|id| s.try_asset(*id)).collect(),
    }
}

/// The last call emitted nothing (a refused call is rolled back whole).
fn no_events(s: &Suite) {
    assert_eq!(
        s.chain.last_events().len(),
        0,
        "a refused call emitted events"
    );
}

fn debtor_line(s: &mut Suite, debtor: &AccountId32) -> Option<DebtorLine> {
    let a = s.admin.clone();
    s.vault_as(&a, "debtor_line", ink_id(debtor))
}

fn debtor_debt(s: &mut Suite, class: ClassId, debtor: &AccountId32) -> u128 {
    let a = s.admin.clone();
    s.vault_as::<_, Result<u128, VaultError>>(&a, "debtor_debt", (class, ink_id(debtor)))
        .expect("debtor_debt")
}

fn position_value(s: &mut Suite, pos: PositionId) -> u128 {
    let a = s.admin.clone();
    s.vault_as::<_, Result<u128, VaultError>>(&a, "position_value", pos)
        .expect("value")
}

fn mark_defaulted(s: &mut Suite, keeper: &AccountId32, id: AssetId) -> Result<(), VaultError> {
    s.vault_as(keeper, "mark_defaulted", id)
}

fn pending_document(s: &mut Suite, hash: [u8; 32], originator: &AccountId32) -> Option<AssetId> {
    let r = s.registry.clone();
    s.chain
        .call(&r, "pending_document", (hash, ink_id(originator)))
}

/// The asset that locked `hash` for `confirmer`.
fn asset_by_document(s: &mut Suite, hash: [u8; 32], confirmer: &AccountId32) -> Option<AssetId> {
    let r = s.registry.clone();
    s.chain
        .call(&r, "asset_by_document", (hash, ink_id(confirmer)))
}

/// The same invoice terms with another debtor (same document hash, dates, face).
fn with_debtor(kind: &AssetKind, debtor: &AccountId32) -> AssetKind {
    match kind {
        AssetKind::Invoice(t) => {
            let mut t = t.clone();
            t.debtor = ink_id(debtor);
            AssetKind::Invoice(t)
        }
        _ => panic!("an invoice"),
    }
}

// ─────────────────────────── 1. who may be a debtor ───────────────────────────

/// The supplier registers an invoice owed by a second account of its own, which confirms it: the
/// registry cannot tell, but the vault takes no invoice of an unapproved debtor. Even a debtor an
/// underwriter approved (here, with a small line) bounds the debt drawn against it, across
/// positions: the collateral alone would allow far more.
#[test]
fn attack_1_supplier_names_its_own_second_account_as_debtor() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let sock = s.actor(8); // the supplier's second account
    let id = s.confirmed_invoice(&supplier, &sock, wad(30_000), 60 * MS_PER_DAY);
    assert_eq!(s.asset(id).status, AssetStatus::Confirmed);
    let pos = s.open(&supplier, INVOICE_CLASS);

    let before = world(&mut s, &[&supplier, &sock], &[pos], &[id]);
    assert_eq!(
        s.deposit(&supplier, pos, id),
        Err(VaultError::DebtorNotApproved)
    );
    no_events(&s);
    assert_eq!(world(&mut s, &[&supplier, &sock], &[pos], &[id]), before);
    assert_eq!(s.nft_owner(id), Some(supplier.clone()));
    assert_eq!(s.supply(), 0);

    // Neither account can approve the sock: only an underwriter approves debtors.
    for who in [&supplier, &sock, &s.admin.clone()] {
        let r: Result<(), VaultError> =
            s.vault_as(who, "approve_debtor", (ink_id(&sock), wad(1_000_000)));
        assert_eq!(r, Err(VaultError::NotUnderwriter));
        no_events(&s);
    }
    assert_eq!(debtor_line(&mut s, &sock), None);

    // The old trick, one fresh debtor account per invoice, gets nothing either.
    for n in 20..23u8 {
        let fresh = s.actor(n);
        let inv = s.confirmed_invoice(&supplier, &fresh, wad(30_000), 60 * MS_PER_DAY);
        let p = s.open(&supplier, INVOICE_CLASS);
        assert_eq!(
            s.deposit(&supplier, p, inv),
            Err(VaultError::DebtorNotApproved)
        );
        assert_eq!(s.nft_owner(inv), Some(supplier.clone()));
    }
    assert_eq!(s.supply(), 0);

    // Approved with a 1 000 line, the sock's invoice is collateral, for at most 1 000.
    s.approve_debtor(&sock, wad(1_000)).unwrap();
    assert_eq!(
        debtor_line(&mut s, &sock),
        Some(DebtorLine {
            credit_limit_wad: wad(1_000),
            suspended: false
        })
    );
    s.deposit(&supplier, pos, id).unwrap();
    assert!(
        s.max_borrow(pos).unwrap() > wad(19_000),
        "collateral allows far more"
    );
    let before = world(&mut s, &[&supplier, &sock], &[pos], &[id]);
    assert_eq!(
        s.borrow(&supplier, pos, wad(1_000) + 1),
        Err(VaultError::CreditLimit)
    );
    no_events(&s);
    assert_eq!(world(&mut s, &[&supplier, &sock], &[pos], &[id]), before);
    s.borrow(&supplier, pos, wad(1_000)).unwrap();
    assert_eq!(s.debtor_exposure(&sock), Ok(wad(1_000)));

    // A second invoice of the same debtor in a second position adds no headroom.
    let id2 = s.confirmed_invoice(&supplier, &sock, wad(30_000), 60 * MS_PER_DAY);
    let pos2 = s.open(&supplier, INVOICE_CLASS);
    s.deposit(&supplier, pos2, id2).unwrap();
    let before = world(&mut s, &[&supplier, &sock], &[pos, pos2], &[id, id2]);
    assert_eq!(
        s.borrow(&supplier, pos2, wad(100)),
        Err(VaultError::CreditLimit)
    );
    no_events(&s);
    assert_eq!(
        world(&mut s, &[&supplier, &sock], &[pos, pos2], &[id, id2]),
        before
    );
    assert_eq!(s.supply(), wad(1_000));
    assert_eq!(s.balance(&supplier), wad(1_000));
    s.assert_books();
}

/// A debtor's exposure is the debt against all its invoices, across positions, suppliers and
/// classes; borrowing exactly to the limit succeeds and one unit more is refused.
#[test]
fn credit_limit_is_exact_to_the_unit() {
    let mut s = Suite::deploy();
    let debtor = s.approved_debtor(3, wad(20_000));
    let (a, b) = (s.actor(2), s.actor(4));
    // A second invoice class (a different lender's terms: 8 % discount, 60 dust).
    let second: ClassId = s
        .add_class(collateral_vault::ClassParams {
            discount_rate_annual: scf_interfaces::Wad(scf_interfaces::WAD / 100 * 8),
            dust_wad: wad(60),
            ..invoice_class()
        })
        .unwrap();
    assert_eq!(second, 2);

    let kind = s.invoice_terms(&debtor, wad(30_000), 73 * MS_PER_DAY);
    let (pa, ia) = s.facility(&a, &debtor, kind, wad(12_000));
    let ib = s.confirmed_invoice(&b, &debtor, wad(30_000), 73 * MS_PER_DAY);
    let pb = s.open(&b, second);
    s.deposit(&b, pb, ib).unwrap();
    assert_eq!(s.debtor_exposure(&debtor), Ok(wad(12_000)));
    assert!(
        s.max_borrow(pb).unwrap() > wad(8_001),
        "collateral allows more"
    );

    let accounts = [&a, &b, &debtor];
    let before = world(&mut s, &accounts, &[pa, pb], &[ia, ib]);
    assert_eq!(
        s.borrow(&b, pb, wad(8_000) + 1),
        Err(VaultError::CreditLimit)
    );
    no_events(&s);
    assert_eq!(world(&mut s, &accounts, &[pa, pb], &[ia, ib]), before);

    // Exactly to the limit.
    s.borrow(&b, pb, wad(8_000)).unwrap();
    assert_eq!(s.debtor_exposure(&debtor), Ok(wad(20_000)));
    assert_eq!(debtor_debt(&mut s, INVOICE_CLASS, &debtor), wad(12_000));
    assert_eq!(debtor_debt(&mut s, second, &debtor), wad(8_000));
    let before = world(&mut s, &accounts, &[pa, pb], &[ia, ib]);
    for (who, pos) in [(&a, pa), (&b, pb)] {
        assert_eq!(s.borrow(who, pos, 1), Err(VaultError::CreditLimit));
        no_events(&s);
    }
    assert_eq!(world(&mut s, &accounts, &[pa, pb], &[ia, ib]), before);

    // One unit more of limit admits exactly one unit more of debt.
    s.approve_debtor(&debtor, wad(20_000) + 1).unwrap();
    assert_eq!(s.borrow(&a, pa, 2), Err(VaultError::CreditLimit));
    s.borrow(&a, pa, 1).unwrap();
    assert_eq!(s.debtor_exposure(&debtor), Ok(wad(20_000) + 1));
    assert_eq!(s.supply(), wad(20_000) + 1);

    // Fees count: ten days later the exposure (both positions' debt) is past the limit, so
    // nothing more is drawn until it is repaid below.
    s.advance(10 * MS_PER_DAY);
    let exposure = s.debt(pa) + s.debt(pb);
    assert_eq!(s.debtor_exposure(&debtor), Ok(exposure));
    assert!(exposure > wad(20_000) + 1);
    assert_eq!(s.borrow(&a, pa, wad(1)), Err(VaultError::CreditLimit));
    s.repay(&a, pa, wad(1_000)).unwrap();
    s.borrow(&b, pb, wad(500)).unwrap();
    assert!(s.debtor_exposure(&debtor).unwrap() <= wad(20_000) + 1);
    s.assert_books();
}

/// A suspended debtor's invoices get no new credit and no new deposits; existing positions keep
/// their collateral, stay safe, repay and settle; reinstating restores borrowing.
#[test]
fn suspended_debtor_blocks_new_borrowing_but_not_existing_positions() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let keeper = s.actor(5);
    let debtor = s.approved_debtor(3, wad(100_000));
    let kind = s.invoice_terms(&debtor, wad(15_000), 73 * MS_PER_DAY);
    let (pos, id) = s.facility(&supplier, &debtor, kind, wad(5_000));
    let id2 = s.confirmed_invoice(&supplier, &debtor, wad(10_000), 73 * MS_PER_DAY);
    let value = position_value(&mut s, pos);
    assert!(value > wad(14_000));

    // Only an underwriter suspends.
    for who in [&supplier, &debtor, &s.admin.clone()] {
        let r: Result<(), VaultError> = s.vault_as(who, "suspend_debtor", ink_id(&debtor));
        assert_eq!(r, Err(VaultError::NotUnderwriter));
    }
    s.suspend_debtor(&debtor).unwrap();
    assert_eq!(
        debtor_line(&mut s, &debtor),
        Some(DebtorLine {
            credit_limit_wad: wad(100_000),
            suspended: true
        })
    );
    assert_eq!(s.suspend_debtor(&debtor), Err(VaultError::DebtorSuspended));
    let stranger = s.actor(67);
    assert_eq!(
        s.suspend_debtor(&stranger),
        Err(VaultError::DebtorNotApproved)
    );

    let accounts = [&supplier, &debtor];
    let before = world(&mut s, &accounts, &[pos], &[id, id2]);
    assert_eq!(
        s.borrow(&supplier, pos, wad(1_000)),
        Err(VaultError::DebtorSuspended)
    );
    no_events(&s);
    assert_eq!(
        s.deposit(&supplier, pos, id2),
        Err(VaultError::DebtorSuspended)
    );
    no_events(&s);
    assert_eq!(world(&mut s, &accounts, &[pos], &[id, id2]), before);
    assert_eq!(s.nft_owner(id2), Some(supplier.clone()));

    // The existing position is untouched: valued as before, safe, repayable.
    assert_eq!(position_value(&mut s, pos), value);
    assert_eq!(
        s.liquidate(&keeper, pos),
        Err(EngineError::Vault(VaultError::PositionSafe))
    );
    s.repay(&supplier, pos, wad(1_000)).unwrap();
    assert_eq!(s.debt(pos), wad(4_000));
    assert_eq!(s.debtor_exposure(&debtor), Ok(wad(4_000)));
    // ...and the suspended debtor still pays its invoice through the vault.
    s.fund_stable(&debtor, wad(15_000));
    s.approve_stable(&debtor, wad(15_000));
    s.settle(&debtor, id).unwrap();
    assert_eq!(s.asset(id).status, AssetStatus::Settled);
    assert_eq!(s.balance(&supplier), wad(4_000) + wad(15_000) - wad(4_000));
    assert_eq!(s.debtor_exposure(&debtor), Ok(0));

    // Reinstated (approve again), new credit flows.
    s.approve_debtor(&debtor, wad(100_000)).unwrap();
    s.deposit(&supplier, pos, id2).unwrap();
    s.borrow(&supplier, pos, wad(1_000)).unwrap();
    assert_eq!(s.debtor_exposure(&debtor), Ok(wad(1_000)));

    // A revoked underwriter approves and suspends nothing.
    let (admin, u) = (s.admin.clone(), s.underwriter.clone());
    s.vault_as::<_, Result<(), VaultError>>(&admin, "revoke_underwriter", ink_id(&u))
        .unwrap();
    assert_eq!(s.suspend_debtor(&debtor), Err(VaultError::NotUnderwriter));
    assert_eq!(
        s.approve_debtor(&stranger, wad(1)),
        Err(VaultError::NotUnderwriter)
    );
    s.assert_books();
}

/// A defaulted, unpaid invoice suspends new borrowing against all of its debtor's invoices (any
/// supplier) until the debtor pays it; the payment record shows the default, then the late payment.
#[test]
fn unresolved_default_suspends_the_debtor_until_paid() {
    let mut s = Suite::deploy();
    let (a, b, keeper) = (s.actor(2), s.actor(4), s.actor(5));
    let debtor = s.approved_debtor(3, wad(1_000_000));
    let kind = s.invoice_terms(&debtor, wad(10_000), 30 * MS_PER_DAY);
    let (pa, ia) = s.facility(&a, &debtor, kind, wad(3_000));

    // 31 days and an hour past due (beyond the 30-day grace): anyone marks it defaulted.
    s.advance(61 * MS_PER_DAY + 3_600_000);
    mark_defaulted(&mut s, &keeper, ia).unwrap();
    let defaulted = PaymentRecord {
        defaulted: 1,
        unresolved_defaults: 1,
        ..PaymentRecord::default()
    };
    let r = s.registry.clone();
    let recorded = s.chain.events_of::<PaymentRecorded>(&r);
    assert_eq!(recorded.len(), 1);
    assert_eq!(
        (recorded[0].debtor, recorded[0].id, recorded[0].record),
        (ink_id(&debtor), ia, defaulted)
    );
    assert_eq!(s.asset(ia).status, AssetStatus::Defaulted);
    assert_eq!(s.payment_record(&debtor), defaulted);

    // Another supplier's invoice of the same debtor: it may be pledged, but nothing is lent.
    let ib = s.confirmed_invoice(&b, &debtor, wad(10_000), 60 * MS_PER_DAY);
    let pb = s.open(&b, INVOICE_CLASS);
    s.deposit(&b, pb, ib).unwrap();
    let accounts = [&a, &b, &debtor];
    let before = world(&mut s, &accounts, &[pa, pb], &[ia, ib]);
    assert_eq!(
        s.borrow(&b, pb, wad(1_000)),
        Err(VaultError::DebtorInDefault)
    );
    no_events(&s);
    assert_eq!(world(&mut s, &accounts, &[pa, pb], &[ia, ib]), before);

    // The debtor pays the defaulted invoice through the vault: debt first, the rest to `a`.
    assert_eq!(s.settlement_amount(ia), Ok(wad(10_000)));
    s.fund_stable(&debtor, wad(10_000));
    s.approve_stable(&debtor, wad(10_000));
    let debt = s.debt(pa);
    let a_before = s.balance(&a);
    s.settle(&debtor, ia).unwrap();
    assert_eq!(s.balance(&a), a_before + wad(10_000) - debt);
    assert_eq!(s.balance(&debtor), 0);
    assert_eq!(s.position(pa).unwrap().art, 0);
    assert_eq!(s.asset(ia).status, AssetStatus::Settled);
    // Paid 31 days and an hour after the due date: 32 started days late.
    assert_eq!(
        s.payment_record(&debtor),
        PaymentRecord {
            settled_late: 1,
            days_late_total: 32,
            max_days_late: 32,
            defaulted: 1,
            unresolved_defaults: 0,
            ..PaymentRecord::default()
        }
    );
    s.borrow(&b, pb, wad(1_000)).unwrap();
    assert_eq!(s.balance(&b), wad(1_000));
    s.assert_books();
}

fn debtor_defaults(s: &mut Suite, debtor: &AccountId32) -> u32 {
    let a = s.admin.clone();
    s.vault_as(&a, "debtor_defaults", ink_id(debtor))
}

/// Whether the last call ran the registry's code.
fn ran_registry(s: &Suite) -> bool {
    let last = s.chain.ledger.last().expect("a recorded call");
    last.code.iter().any(|c| c == "receivable_registry")
}

/// The vault counts a debtor's unpaid defaults itself (issue 20: `borrow` makes no registry call
/// while the count is zero). The count is never below the registry's: a default the supplier
/// takes out of the vault and says was paid outside it (`mark_paid`, the holder's word) lowers
/// the registry's record only, and the next borrow against the debtor reads that record — it is
/// refused while the registry shows a default unpaid, and clears the vault's count once it shows
/// none. No account can make the vault lend against a debtor the registry shows in default.
#[test]
fn a_default_paid_outside_the_vault_reaches_it_at_the_next_borrow() {
    let mut s = Suite::deploy();
    let (a, b, keeper) = (s.actor(2), s.actor(4), s.actor(5));
    let debtor = s.approved_debtor(3, wad(1_000_000));
    // `b` borrows against the debtor's invoice: no default counted, no registry call.
    let ib = s.confirmed_invoice(&b, &debtor, wad(10_000), 120 * MS_PER_DAY);
    let pb = s.open(&b, INVOICE_CLASS);
    s.deposit(&b, pb, ib).unwrap();
    s.borrow(&b, pb, wad(1_000)).unwrap();
    assert!(!ran_registry(&s));
    assert_eq!(debtor_defaults(&mut s, &debtor), 0);

    // `a`'s invoice of the same debtor defaults in the vault: counted by both.
    let kind = s.invoice_terms(&debtor, wad(10_000), 30 * MS_PER_DAY);
    let (pa, ia) = s.facility(&a, &debtor, kind, 0);
    s.advance(61 * MS_PER_DAY + 3_600_000);
    mark_defaulted(&mut s, &keeper, ia).unwrap();
    assert_eq!(debtor_defaults(&mut s, &debtor), 1);
    assert_eq!(s.payment_record(&debtor).unresolved_defaults, 1);
    // Refused, reading the registry: nothing changes.
    let accounts = [&a, &b, &debtor];
    let before = world(&mut s, &accounts, &[pa, pb], &[ia, ib]);
    assert_eq!(
        s.borrow(&b, pb, wad(1_000)),
        Err(VaultError::DebtorInDefault)
    );
    no_events(&s);
    assert_eq!(world(&mut s, &accounts, &[pa, pb], &[ia, ib]), before);

    // `a` (no debt) takes the defaulted invoice out and marks it paid outside the vault.
    s.vault_as::<_, Result<(), VaultError>>(&a, "withdraw", (pa, ia))
        .unwrap();
    s.mark_paid(&a, ia).unwrap();
    assert_eq!(s.payment_record(&debtor).unresolved_defaults, 0);
    assert_eq!(debtor_defaults(&mut s, &debtor), 1);

    // The next borrow reads the registry, clears the vault's count and says so.
    s.borrow(&b, pb, wad(1_000)).unwrap();
    assert!(ran_registry(&s));
    let v = s.vault.clone();
    let paid = s
        .chain
        .events_of::<collateral_vault::events::DebtorDefaultsPaid>(&v);
    assert_eq!(paid.len(), 1);
    assert_eq!(paid[0].debtor, ink_id(&debtor));
    assert_eq!(debtor_defaults(&mut s, &debtor), 0);
    assert_eq!(s.balance(&b), wad(2_000));
    // And the one after makes no registry call again.
    s.borrow(&b, pb, wad(1_000)).unwrap();
    assert!(!ran_registry(&s));
    assert!(s
        .chain
        .events_of::<collateral_vault::events::DebtorDefaultsPaid>(&v)
        .is_empty());
    s.assert_books();
}

/// On time = paid on or before the due date; late counts started days past due, through the vault
/// or outside it; disputes are counted.
#[test]
fn payment_record_counts_on_time_and_late_settlements_in_days() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let debtor = s.approved_debtor(3, wad(1_000_000));
    assert_eq!(s.payment_record(&debtor), PaymentRecord::default());
    let k1 = s.invoice_terms(&debtor, wad(1_000), 30 * MS_PER_DAY);
    let (_, i1) = s.facility(&supplier, &debtor, k1, wad(300));
    let k2 = s.invoice_terms(&debtor, wad(1_000), 10 * MS_PER_DAY);
    let (_, i2) = s.facility(&supplier, &debtor, k2, wad(300));
    let i3 = s.confirmed_invoice(&supplier, &debtor, wad(1_000), 10 * MS_PER_DAY);
    let i4 = s.confirmed_invoice(&supplier, &debtor, wad(1_000), 30 * MS_PER_DAY);
    s.fund_stable(&debtor, wad(2_000));
    s.approve_stable(&debtor, wad(2_000));

    // Day 10, exactly at i2's due date: on time.
    s.advance(10 * MS_PER_DAY);
    s.settle(&debtor, i2).unwrap();
    // Day 12.5: i3 (due day 10) paid outside the vault, 2.5 days late = 3 started days.
    s.advance(MS_PER_DAY * 5 / 2);
    s.mark_paid(&supplier, i3).unwrap();
    // Day 30: i4 on its due date, outside the vault; a millisecond later i1 through the vault.
    s.advance(MS_PER_DAY * 35 / 2);
    s.mark_paid(&supplier, i4).unwrap();
    s.advance(1);
    s.settle(&debtor, i1).unwrap();
    for id in [i1, i2, i3, i4] {
        assert_eq!(s.asset(id).status, AssetStatus::Settled);
    }
    let expected = PaymentRecord {
        settled_on_time: 2,
        settled_late: 2,
        days_late_total: 4,
        max_days_late: 3,
        ..PaymentRecord::default()
    };
    assert_eq!(s.payment_record(&debtor), expected);
    // A dispute is counted too (here of a pending invoice).
    let k5 = s.invoice_terms(&debtor, wad(1_000), 30 * MS_PER_DAY);
    let i5 = s.register(&supplier, k5).unwrap();
    let disputed: Result<(), RegistryError> = s.registry_as(&debtor, "dispute", i5);
    disputed.unwrap();
    assert_eq!(
        s.payment_record(&debtor),
        PaymentRecord {
            disputed: 1,
            ..expected
        }
    );
    // Anyone reads it; another account's record is untouched.
    assert_eq!(s.payment_record(&supplier), PaymentRecord::default());
    s.assert_books();
}

// ─────────────────────────── 2. settlement at the invoice's value ───────────────────────────

/// A 10 000 KWD invoice at 3.25 costs its debtor 32 500 to settle, to the unit: the debt is
/// repaid first and the supplier receives the rest. Paying the face value (the old 1:1) is not
/// enough. A EUR invoice at 1.08 is paid face × 1.08 rounded up.
#[test]
fn attack_2_settlement_in_a_foreign_currency_pays_face_times_price() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let debtor = s.approved_debtor(3, wad(1_000_000));
    let kind = s.invoice_terms_in(&debtor, wad(10_000), 60 * MS_PER_DAY, KWD);
    let (pos, id) = s.facility(&supplier, &debtor, kind, wad(15_000));
    assert_eq!(s.settlement_amount(id), Ok(wad(32_500)));
    s.fund_stable(&debtor, wad(32_500));

    // The debtor offers the face value, 10 000 stablecoin for 10 000 KWD: refused, nothing moves.
    s.approve_stable(&debtor, wad(10_000));
    let accounts = [&supplier, &debtor];
    let before = world(&mut s, &accounts, &[pos], &[id]);
    assert_eq!(
        s.settle(&debtor, id),
        Err(VaultError::Token(PSP22Error::InsufficientAllowance))
    );
    no_events(&s);
    assert_eq!(world(&mut s, &accounts, &[pos], &[id]), before);
    // One unit short of face × price: refused too.
    s.approve_stable(&debtor, wad(32_500) - 1);
    assert_eq!(
        s.settle(&debtor, id),
        Err(VaultError::Token(PSP22Error::InsufficientAllowance))
    );
    assert_eq!(world(&mut s, &accounts, &[pos], &[id]), before);

    s.approve_stable(&debtor, wad(32_500));
    let supply = s.supply();
    let debt = s.debt(pos);
    assert_eq!(debt, wad(15_000));
    s.settle(&debtor, id).unwrap();
    let v = s.vault.clone();
    let settled = s.chain.events_of::<InvoiceSettled>(&v);
    assert_eq!(settled.len(), 1);
    assert_eq!(
        (
            settled[0].paid_wad,
            settled[0].debt_repaid_wad,
            settled[0].to_owner_wad
        ),
        (wad(32_500), debt, wad(32_500) - debt)
    );
    assert_eq!(s.balance(&debtor), 0);
    assert_eq!(s.balance(&supplier), wad(15_000) + wad(32_500) - debt);
    assert_eq!(s.supply(), supply - debt);
    assert_eq!(s.position(pos).unwrap().art, 0);
    assert_eq!(s.debtor_exposure(&debtor), Ok(0));
    assert_eq!(s.asset(id).status, AssetStatus::Settled);
    assert_eq!(s.nft_owner(id), Some(supplier.clone()));
    s.assert_books();

    // EUR at 1.08, a face value with a sub-unit tail: (10 000 + 1e-18) × 1.08, rounded up.
    let eur_supplier = s.actor(4);
    let kind = s.invoice_terms_in(&debtor, wad(10_000) + 1, 60 * MS_PER_DAY, EUR);
    let (pos, id) = s.facility(&eur_supplier, &debtor, kind, wad(5_000));
    let due = wad(10_800) + 2;
    assert_eq!(s.settlement_amount(id), Ok(due));
    s.fund_stable(&debtor, due);
    s.approve_stable(&debtor, due);
    let supply = s.supply();
    s.settle(&debtor, id).unwrap();
    assert_eq!(s.chain.events_of::<InvoiceSettled>(&v)[0].paid_wad, due);
    assert_eq!(s.balance(&debtor), 0);
    assert_eq!(s.balance(&eur_supplier), wad(5_000) + due - wad(5_000));
    assert_eq!(s.supply(), supply - wad(5_000));
    assert_eq!(s.position(pos).unwrap().art, 0);
    s.assert_books();
}

/// A stale EUR price refuses the settlement with a typed error and changes nothing; a fresh price
/// lets it through.
#[test]
fn attack_2_a_stale_price_refuses_a_foreign_currency_settlement() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let debtor = s.approved_debtor(3, wad(1_000_000));
    let kind = s.invoice_terms_in(&debtor, wad(10_000), 60 * MS_PER_DAY, EUR);
    let (pos, id) = s.facility(&supplier, &debtor, kind, wad(5_000));
    s.fund_stable(&debtor, wad(10_800));
    s.approve_stable(&debtor, wad(10_800));

    s.chain.advance_ms(MAX_AGE_MS + 1);
    assert_eq!(s.price(EUR), Err(OracleError::StalePrice));
    assert_eq!(
        s.settlement_amount(id),
        Err(VaultError::Oracle(OracleError::StalePrice))
    );
    let accounts = [&supplier, &debtor];
    let before = world(&mut s, &accounts, &[pos], &[id]);
    assert_eq!(
        s.settle(&debtor, id),
        Err(VaultError::Oracle(OracleError::StalePrice))
    );
    no_events(&s);
    assert_eq!(world(&mut s, &accounts, &[pos], &[id]), before);
    assert_eq!(s.asset(id).status, AssetStatus::Confirmed);
    assert_eq!(s.nft_owner(id), Some(s.vault.clone()));

    s.post_price(EUR, EUR_PRICE).unwrap();
    let debt = s.debt(pos);
    s.settle(&debtor, id).unwrap();
    assert_eq!(s.balance(&debtor), 0);
    assert_eq!(s.balance(&supplier), wad(5_000) + wad(10_800) - debt);
    s.assert_books();
}

/// An invoice in the stablecoin's own unit (the vault's unit key, TUSD) is worth its face and
/// settles 1:1 with no price at all: every price stale, it still borrows and settles.
#[test]
fn attack_2_an_invoice_in_the_stablecoin_unit_settles_one_to_one_without_a_price() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let debtor = s.approved_debtor(3, wad(1_000_000));
    let v = s.vault.clone();
    let unit: scf_interfaces::PriceKey = s.chain.call(&v, "unit_key", ());
    assert_eq!(unit, TUSD);
    let kind = s.invoice_terms_in(&debtor, wad(10_000), 60 * MS_PER_DAY, TUSD);
    let (pos, id) = s.facility(&supplier, &debtor, kind, wad(5_000));
    s.fund_stable(&debtor, wad(10_000));
    s.approve_stable(&debtor, wad(10_000));

    s.chain.advance_ms(MAX_AGE_MS + 1);
    for key in KEYS {
        assert_eq!(s.price(key), Err(OracleError::StalePrice));
    }
    assert_eq!(s.settlement_amount(id), Ok(wad(10_000)));
    // Its value needs no price either.
    s.borrow(&supplier, pos, wad(1_000)).unwrap();
    let debt = s.debt(pos);
    s.settle(&debtor, id).unwrap();
    let settled = s.chain.events_of::<InvoiceSettled>(&v);
    assert_eq!(
        (settled[0].paid_wad, settled[0].debt_repaid_wad),
        (wad(10_000), debt)
    );
    assert_eq!(s.balance(&debtor), 0);
    assert_eq!(s.balance(&supplier), wad(6_000) + wad(10_000) - debt);
    assert_eq!(s.asset(id).status, AssetStatus::Settled);
    s.assert_books();
}

// ─────────────────────────── 3. roles that can be taken away ───────────────────────────

/// A warehouse whose attester role was revoked confirms no receipt and attests no arrival, and a
/// revoked carrier confirms no shipment; granted again, they can.
#[test]
fn attack_3_revoked_attester_cannot_confirm_or_attest_arrival() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let carrier = s.actor(14);
    s.set_attester(&carrier, true);
    let warehouse = s.warehouse.clone();
    let now = s.chain.now_ms();
    let receipt = AssetKind::WarehouseReceipt(GoodsTerms {
        commodity: COFFEE,
        quantity_wad: wad(1_000),
        warehouse: ink_id(&warehouse),
        document_hash: [0xa1; 32],
    });
    let transit = |doc: u8| {
        AssetKind::InTransit(TransitTerms {
            commodity: COFFEE,
            quantity_wad: wad(1_000),
            carrier: ink_id(&carrier),
            destination_warehouse: ink_id(&warehouse),
            expected_arrival_ms: now + 10 * MS_PER_DAY,
            document_hash: [doc; 32],
        })
    };
    // Registered while both hold the role; the first shipment is loaded (confirmed).
    let rid = s.register(&supplier, receipt).unwrap();
    let t1 = s.register(&supplier, transit(0xa2)).unwrap();
    let t2 = s.register(&supplier, transit(0xa3)).unwrap();
    s.confirm(&carrier, t1, &supplier, wad(1_000)).unwrap();

    s.set_attester(&warehouse, false);
    s.set_attester(&carrier, false);
    let accounts = [&supplier];
    let before = world(&mut s, &accounts, &[], &[rid, t1, t2]);
    assert_eq!(
        s.confirm(&warehouse, rid, &supplier, wad(1_000)),
        Err(RegistryError::NotAttester)
    );
    no_events(&s);
    assert_eq!(
        s.confirm(&carrier, t2, &supplier, wad(1_000)),
        Err(RegistryError::NotAttester)
    );
    no_events(&s);
    let arrived: Result<(), RegistryError> =
        s.registry_as(&warehouse, "attest_arrival", (t1, wad(1_000)));
    assert_eq!(arrived, Err(RegistryError::NotAttester));
    no_events(&s);
    assert_eq!(world(&mut s, &accounts, &[], &[rid, t1, t2]), before);
    assert_eq!(s.asset(rid).status, AssetStatus::Pending);
    assert!(matches!(s.asset(t1).kind, AssetKind::InTransit(_)));
    // Unconfirmed, the receipt is no collateral.
    let pos = s.open(&supplier, GOODS_CLASS);
    assert_eq!(
        s.deposit(&supplier, pos, rid),
        Err(VaultError::NotConfirmed)
    );
    assert_eq!(s.supply(), 0);

    // The role, not the name in the terms, is what counts: granted again, they attest.
    s.set_attester(&warehouse, true);
    s.confirm(&warehouse, rid, &supplier, wad(1_000)).unwrap();
    let arrived: Result<(), RegistryError> =
        s.registry_as(&warehouse, "attest_arrival", (t1, wad(990)));
    arrived.unwrap();
    assert!(matches!(
        s.asset(t1).kind,
        AssetKind::WarehouseReceipt(GoodsTerms { quantity_wad, .. }) if quantity_wad == wad(990)
    ));
    s.deposit(&supplier, pos, rid).unwrap();
    s.borrow(&supplier, pos, wad(1_000)).unwrap();
    s.assert_books();
}

// ─────────────────────────── 4. documents tied to their originator ───────────────────────────

/// A squatter who learns the supplier's document hash registers it first, under its own name
/// naming the real debtor, and through a second account naming a throwaway debtor. The real
/// supplier still registers; the debtor cannot be made to confirm the squatter's token as the
/// supplier's invoice, nor a wrong face value; it rejects the squatter's token (burned), and
/// confirming the real one locks the hash for everyone.
#[test]
fn attack_4_document_squatting_and_wrong_token_confirmation() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let debtor = s.approved_debtor(3, wad(1_000_000));
    let (squatter, squatter2, throwaway) = (s.actor(66), s.actor(67), s.actor(68));
    let kind = s.invoice_terms(&debtor, wad(10_000), 60 * MS_PER_DAY);
    let hash = kind.document_hash();

    let q = s.register(&squatter, kind.clone()).unwrap();
    let q2 = s
        .register(&squatter2, with_debtor(&kind, &throwaway))
        .unwrap();
    let id = s.register(&supplier, kind.clone()).unwrap();
    assert_eq!(s.nft_owner(id), Some(supplier.clone()));
    assert_eq!(pending_document(&mut s, hash, &squatter), Some(q));
    assert_eq!(pending_document(&mut s, hash, &squatter2), Some(q2));
    assert_eq!(pending_document(&mut s, hash, &supplier), Some(id));
    assert_eq!(asset_by_document(&mut s, hash, &debtor), None);
    // The squatter cannot hold two pending copies under one name.
    assert_eq!(
        s.register(&squatter, kind.clone()),
        Err(RegistryError::DuplicateDocument)
    );

    // The debtor confirms "the supplier's 10 000 invoice" — handed the squatter's token: refused.
    let accounts = [&supplier, &debtor, &squatter, &squatter2];
    let ids = [q, q2, id];
    let before = world(&mut s, &accounts, &[], &ids);
    assert_eq!(
        s.confirm(&debtor, q, &supplier, wad(10_000)),
        Err(RegistryError::TermsMismatch)
    );
    no_events(&s);
    // The real token with a wrong face value, or a wrong originator: refused.
    for (originator, amount) in [
        (&supplier, wad(10_000) + 1),
        (&supplier, wad(10_000) - 1),
        (&squatter, wad(10_000)),
    ] {
        assert_eq!(
            s.confirm(&debtor, id, originator, amount),
            Err(RegistryError::TermsMismatch)
        );
        no_events(&s);
    }
    // Only the named confirmer rejects.
    for who in [&supplier, &squatter, &throwaway] {
        assert_eq!(s.reject(who, q), Err(RegistryError::NotAuthorised));
        no_events(&s);
    }
    assert_eq!(world(&mut s, &accounts, &[], &ids), before);

    // The debtor rejects the squatter's token: burned, and the squatter's slot is free again.
    s.reject(&debtor, q).unwrap();
    let r = s.registry.clone();
    let burned = s.chain.events_of::<Transfer>(&r);
    assert_eq!(burned.len(), 1);
    assert_eq!(
        (burned[0].from, burned[0].to, burned[0].id.clone()),
        (Some(ink_id(&squatter)), None, token_id(q))
    );
    let rejected = s.chain.events_of::<AssetRejected>(&r);
    assert_eq!((rejected[0].id, rejected[0].by), (q, ink_id(&debtor)));
    assert_eq!(s.nft_owner(q), None);
    assert_eq!(s.try_asset(q), None);
    assert_eq!(pending_document(&mut s, hash, &squatter), None);
    assert_eq!(s.reject(&debtor, q), Err(RegistryError::AssetNotFound));
    let q3 = s.register(&squatter, kind.clone()).unwrap();
    s.reject(&debtor, q3).unwrap();

    // The debtor confirms the real invoice: the hash is locked to it, for everyone.
    s.confirm(&debtor, id, &supplier, wad(10_000)).unwrap();
    assert_eq!(asset_by_document(&mut s, hash, &debtor), Some(id));
    assert_eq!(pending_document(&mut s, hash, &supplier), None);
    assert_eq!(s.reject(&debtor, id), Err(RegistryError::InvalidTransition));
    for who in [&squatter, &squatter2, &supplier] {
        assert_eq!(
            s.register(who, kind.clone()),
            Err(RegistryError::DuplicateDocument)
        );
    }
    // The throwaway debtor may confirm the second account's copy: that locks the document for
    // the throwaway only (a lock is per document and confirmer), and its invoice is no
    // collateral: the underwriter never approved the throwaway.
    s.confirm(&throwaway, q2, &squatter2, wad(10_000)).unwrap();
    assert_eq!(asset_by_document(&mut s, hash, &throwaway), Some(q2));
    assert_eq!(asset_by_document(&mut s, hash, &debtor), Some(id));
    let p2 = s.open(&squatter2, INVOICE_CLASS);
    let before = world(&mut s, &accounts, &[p2], &ids);
    assert_eq!(
        s.deposit(&squatter2, p2, q2),
        Err(VaultError::DebtorNotApproved)
    );
    assert_eq!(world(&mut s, &accounts, &[p2], &ids), before);

    // The real invoice finances.
    let pos = s.open(&supplier, INVOICE_CLASS);
    s.deposit(&supplier, pos, id).unwrap();
    s.borrow(&supplier, pos, wad(1_000)).unwrap();
    assert_eq!(s.supply(), wad(1_000));
    s.assert_books();
}

/// The squat done properly: a second account registers the supplier's document naming a debtor
/// account the squatter controls, which confirms at once, before the supplier registers at all.
/// That locks the document for the sock puppet only: the supplier's invoice owed by the real
/// debtor still registers, is confirmed and finances; the sock's copy is no collateral.
#[test]
fn attack_4_a_sock_puppet_debtor_cannot_lock_the_real_document() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let debtor = s.approved_debtor(3, wad(1_000_000));
    let (squatter, sock) = (s.actor(66), s.actor(68));
    let kind = s.invoice_terms(&debtor, wad(10_000), 60 * MS_PER_DAY);
    let hash = kind.document_hash();

    let q = s.register(&squatter, with_debtor(&kind, &sock)).unwrap();
    s.confirm(&sock, q, &squatter, wad(10_000)).unwrap();
    assert_eq!(asset_by_document(&mut s, hash, &sock), Some(q));
    assert_eq!(asset_by_document(&mut s, hash, &debtor), None);

    let id = s.register(&supplier, kind.clone()).unwrap();
    s.confirm(&debtor, id, &supplier, wad(10_000)).unwrap();
    assert_eq!(asset_by_document(&mut s, hash, &debtor), Some(id));
    let pos = s.open(&supplier, INVOICE_CLASS);
    s.deposit(&supplier, pos, id).unwrap();
    s.borrow(&supplier, pos, wad(1_000)).unwrap();

    // The sock's copy finances nothing, and changes nothing when tried.
    let qp = s.open(&squatter, INVOICE_CLASS);
    let before = world(&mut s, &[&supplier, &squatter, &sock], &[pos, qp], &[q, id]);
    assert_eq!(
        s.deposit(&squatter, qp, q),
        Err(VaultError::DebtorNotApproved)
    );
    assert_eq!(
        world(&mut s, &[&supplier, &squatter, &sock], &[pos, qp], &[q, id]),
        before
    );
    assert_eq!(s.supply(), wad(1_000));
    s.assert_books();
}

/// A document settled (here, paid outside the vault), disputed (even while pending) or defaulted
/// never registers again, by anyone.
#[test]
fn attack_4_a_settled_disputed_or_defaulted_document_never_registers_again() {
    let mut s = Suite::deploy();
    let (supplier, other, keeper) = (s.actor(2), s.actor(4), s.actor(5));
    let debtor = s.approved_debtor(3, wad(1_000_000));

    let settled = s.invoice_terms(&debtor, wad(1_000), 30 * MS_PER_DAY);
    let i1 = s.confirmed(&supplier, &debtor, settled.clone());
    s.mark_paid(&supplier, i1).unwrap();

    let disputed = s.invoice_terms(&debtor, wad(1_000), 30 * MS_PER_DAY);
    let i2 = s.register(&supplier, disputed.clone()).unwrap();
    let r: Result<(), RegistryError> = s.registry_as(&debtor, "dispute", i2);
    r.unwrap();
    assert_eq!(
        asset_by_document(&mut s, disputed.document_hash(), &debtor),
        Some(i2)
    );

    let defaulted = s.invoice_terms(&debtor, wad(1_000), 30 * MS_PER_DAY);
    let (_, i3) = s.facility(&supplier, &debtor, defaulted.clone(), wad(300));
    s.advance(61 * MS_PER_DAY);
    mark_defaulted(&mut s, &keeper, i3).unwrap();

    for (kind, id, status) in [
        (&settled, i1, AssetStatus::Settled),
        (&disputed, i2, AssetStatus::Disputed),
        (&defaulted, i3, AssetStatus::Defaulted),
    ] {
        assert_eq!(s.asset(id).status, status);
        let next: u128 = s.chain.call(&s.registry.clone(), "next_id", ());
        for who in [&supplier, &other] {
            assert_eq!(
                s.register(who, kind.clone()),
                Err(RegistryError::DuplicateDocument)
            );
            no_events(&s);
        }
        assert_eq!(
            s.chain.call::<_, u128>(&s.registry.clone(), "next_id", ()),
            next
        );
    }
}

// ─────────────────────────── 5. paid outside the vault ───────────────────────────

/// The supplier marks an invoice paid outside the vault: it is `Settled` for good and can never
/// be pledged again. Only the holder (the party paid) marks it — never its debtor, whose word
/// would settle its supplier's receivable paying nothing — and never while pledged (it settles
/// through the vault).
#[test]
fn attack_5_invoice_paid_outside_the_vault_cannot_be_pledged_again() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let stranger = s.actor(66);
    let debtor = s.approved_debtor(3, wad(1_000_000));
    let id = s.confirmed_invoice(&supplier, &debtor, wad(10_000), 30 * MS_PER_DAY);

    assert_eq!(
        s.mark_paid(&stranger, id),
        Err(RegistryError::NotAuthorised)
    );
    no_events(&s);
    assert_eq!(s.asset(id).status, AssetStatus::Confirmed);
    s.advance(5 * MS_PER_DAY);
    assert_eq!(s.mark_paid(&debtor, id), Err(RegistryError::NotAuthorised));
    no_events(&s);
    assert_eq!(s.asset(id).status, AssetStatus::Confirmed);
    assert_eq!(s.payment_record(&debtor), PaymentRecord::default());
    s.mark_paid(&supplier, id).unwrap();
    assert_eq!(s.asset(id).status, AssetStatus::Settled);
    assert_eq!(
        s.payment_record(&debtor),
        PaymentRecord {
            settled_on_time: 1,
            ..PaymentRecord::default()
        }
    );
    assert_eq!(s.mark_paid(&debtor, id), Err(RegistryError::NotAuthorised));
    assert_eq!(
        s.mark_paid(&supplier, id),
        Err(RegistryError::InvalidTransition)
    );

    // Pledging it again is refused, and nothing moves.
    let pos = s.open(&supplier, INVOICE_CLASS);
    let accounts = [&supplier, &debtor];
    let before = world(&mut s, &accounts, &[pos], &[id]);
    assert_eq!(s.deposit(&supplier, pos, id), Err(VaultError::NotConfirmed));
    no_events(&s);
    assert_eq!(world(&mut s, &accounts, &[pos], &[id]), before);
    assert_eq!(s.nft_owner(id), Some(supplier.clone()));
    assert_eq!(s.supply(), 0);

    // A pledged invoice cannot be marked paid outside the vault.
    let id2 = s.confirmed_invoice(&supplier, &debtor, wad(10_000), 30 * MS_PER_DAY);
    s.deposit(&supplier, pos, id2).unwrap();
    s.borrow(&supplier, pos, wad(1_000)).unwrap();
    let before = world(&mut s, &accounts, &[pos], &[id, id2]);
    assert_eq!(s.mark_paid(&debtor, id2), Err(RegistryError::NotCustodian));
    no_events(&s);
    assert_eq!(world(&mut s, &accounts, &[pos], &[id, id2]), before);
    assert_eq!(s.asset(id2).status, AssetStatus::Confirmed);

    // Goods have no debtor to pay them.
    let coffee = s.confirmed_coffee(&supplier, wad(100));
    let w = s.warehouse.clone();
    assert_eq!(s.mark_paid(&w, coffee), Err(RegistryError::WrongKind));
    s.assert_books();
}

// ─────────────────────────── 6. PSP34 approvals ───────────────────────────

fn nft_allowance(
    s: &mut Suite,
    owner: &AccountId32,
    operator: &AccountId32,
    id: Option<AssetId>,
) -> bool {
    let r = s.registry.clone();
    s.chain.call(
        &r,
        "PSP34::allowance",
        (ink_id(owner), ink_id(operator), id.map(token_id)),
    )
}

fn nft_transfer(
    s: &mut Suite,
    who: &AccountId32,
    to: &AccountId32,
    id: AssetId,
) -> Result<(), PSP34Error> {
    s.registry_as(
        who,
        "PSP34::transfer",
        (ink_id(to), token_id(id), Vec::<u8>::new()),
    )
}

/// An operator approved on a token before it went into the vault cannot move it once it comes
/// back: every transfer clears the token's approvals. Operator-for-all approvals are the owner's
/// standing choice and stay.
#[test]
fn attack_6_psp34_approvals_do_not_survive_a_transfer() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let debtor = s.approved_debtor(3, wad(1_000_000));
    let (operator, for_all, receiver, friend) =
        (s.actor(70), s.actor(71), s.actor(72), s.actor(73));
    let id = s.confirmed_invoice(&supplier, &debtor, wad(10_000), 30 * MS_PER_DAY);
    let approve = |s: &mut Suite, op: &AccountId32, token: Option<AssetId>| {
        let r: Result<(), PSP34Error> = s.registry_as(
            &supplier,
            "PSP34::approve",
            (ink_id(op), token.map(token_id), true),
        );
        r.unwrap();
    };
    approve(&mut s, &operator, Some(id));
    approve(&mut s, &for_all, None);
    assert!(nft_allowance(&mut s, &supplier, &operator, Some(id)));

    // Into the vault and back.
    let pos = s.open(&supplier, INVOICE_CLASS);
    s.deposit(&supplier, pos, id).unwrap();
    assert_eq!(s.nft_owner(id), Some(s.vault.clone()));
    s.withdraw(&supplier, pos, id).unwrap();
    assert_eq!(s.nft_owner(id), Some(supplier.clone()));

    let vault = s.vault.clone();
    assert!(!nft_allowance(&mut s, &supplier, &operator, Some(id)));
    assert!(!nft_allowance(&mut s, &supplier, &vault, Some(id)));
    assert_eq!(
        nft_transfer(&mut s, &operator, &receiver, id),
        Err(PSP34Error::NotApproved)
    );
    no_events(&s);
    assert_eq!(s.nft_owner(id), Some(supplier.clone()));
    assert_eq!(s.asset(id).status, AssetStatus::Confirmed);
    // The operator for all of the supplier's tokens keeps its approval.
    assert!(nft_allowance(&mut s, &supplier, &for_all, None));

    // A plain round trip (to a friend and back) clears a per-token approval too.
    approve(&mut s, &operator, Some(id));
    nft_transfer(&mut s, &supplier, &friend, id).unwrap();
    nft_transfer(&mut s, &friend, &supplier, id).unwrap();
    assert!(!nft_allowance(&mut s, &supplier, &operator, Some(id)));
    assert_eq!(
        nft_transfer(&mut s, &operator, &receiver, id),
        Err(PSP34Error::NotApproved)
    );
    assert_eq!(s.nft_owner(id), Some(supplier.clone()));
}

// ─────────────────────────── permissioned classes ───────────────────────────

/// A class restricted to listed suppliers (a regulated lender's programme): others can neither
/// open a position in it nor, once delisted, borrow from one; only the admin lists.
#[test]
fn a_permissioned_class_lends_to_listed_suppliers_only() {
    let mut s = Suite::deploy();
    let (listed, outsider) = (s.actor(2), s.actor(4));
    let debtor = s.approved_debtor(3, wad(1_000_000));
    let admin = s.admin.clone();
    let set = |s: &mut Suite,
               who: &AccountId32,
               label: &str,
               args: (ClassId, Option<&AccountId32>, bool)|
     -> Result<(), VaultError> {
        let (class, supplier, flag) = args;
        match supplier {
            Some(a) => s.vault_as(who, label, (class, ink_id(a), flag)),
            None => s.vault_as(who, label, (class, flag)),
        }
    };
    assert_eq!(
        set(
            &mut s,
            &listed,
            "set_class_restricted",
            (INVOICE_CLASS, None, true)
        ),
        Err(VaultError::NotAdmin)
    );
    assert_eq!(
        set(
            &mut s,
            &listed,
            "set_class_supplier",
            (INVOICE_CLASS, Some(&listed), true)
        ),
        Err(VaultError::NotAdmin)
    );
    set(
        &mut s,
        &admin,
        "set_class_restricted",
        (INVOICE_CLASS, None, true),
    )
    .unwrap();
    set(
        &mut s,
        &admin,
        "set_class_supplier",
        (INVOICE_CLASS, Some(&listed), true),
    )
    .unwrap();
    let v = s.vault.clone();
    let is_supplier = |s: &mut Suite, who: &AccountId32| -> bool {
        let v = s.vault.clone();
        s.chain
            .call(&v, "is_class_supplier", (INVOICE_CLASS, ink_id(who)))
    };
    assert!(is_supplier(&mut s, &listed));
    assert!(!is_supplier(&mut s, &outsider));
    let restricted: bool = s.chain.call(&v, "is_class_restricted", INVOICE_CLASS);
    assert!(restricted);

    let before = world(&mut s, &[&outsider], &[], &[]);
    let opened: Result<PositionId, VaultError> =
        s.vault_as(&outsider, "open_position", INVOICE_CLASS);
    assert_eq!(opened, Err(VaultError::SupplierNotAllowed));
    no_events(&s);
    assert_eq!(world(&mut s, &[&outsider], &[], &[]), before);
    // Other classes stay open to anyone.
    s.open(&outsider, GOODS_CLASS);

    let kind = s.invoice_terms(&debtor, wad(15_000), 73 * MS_PER_DAY);
    let (pos, id) = s.facility(&listed, &debtor, kind, wad(1_000));
    // Delisted, the supplier keeps its position but draws nothing more; it still repays.
    set(
        &mut s,
        &admin,
        "set_class_supplier",
        (INVOICE_CLASS, Some(&listed), false),
    )
    .unwrap();
    let before = world(&mut s, &[&listed], &[pos], &[id]);
    assert_eq!(
        s.borrow(&listed, pos, wad(1_000)),
        Err(VaultError::SupplierNotAllowed)
    );
    no_events(&s);
    assert_eq!(world(&mut s, &[&listed], &[pos], &[id]), before);
    s.repay(&listed, pos, wad(1_000)).unwrap();
    // Lifting the restriction opens the class to everyone again.
    set(
        &mut s,
        &admin,
        "set_class_restricted",
        (INVOICE_CLASS, None, false),
    )
    .unwrap();
    s.borrow(&listed, pos, wad(1_000)).unwrap();
    s.open(&outsider, INVOICE_CLASS);
    s.assert_books();
}

// ─────────────────────────── 7. invoices paid on chain ───────────────────────────

/// An invoice the vault does not hold is paid on chain by its debtor: face × price, to the unit,
/// from the debtor to whoever holds the NFT; the stablecoin's supply does not move; the registry
/// marks it `Settled` and counts it on time. One unit of allowance short is refused and changes
/// nothing; a second payment is refused and takes nothing.
#[test]
fn an_unpledged_invoice_paid_on_chain_pays_its_holder_face_times_price() {
    use collateral_vault::events::InvoicePaid;
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let debtor = s.approved_debtor(3, wad(1_000_000));
    let kind = s.invoice_terms_in(&debtor, wad(10_000), 60 * MS_PER_DAY, KWD);
    let id = s.confirmed(&supplier, &debtor, kind);
    assert_eq!(s.settlement_amount(id), Ok(wad(32_500)));
    s.fund_stable(&debtor, wad(40_000));
    let accounts = [&supplier, &debtor];
    s.approve_stable(&debtor, wad(32_500) - 1);
    let before = world(&mut s, &accounts, &[], &[id]);
    assert_eq!(
        s.pay_invoice(&debtor, id),
        Err(VaultError::Token(PSP22Error::InsufficientAllowance))
    );
    no_events(&s);
    assert_eq!(world(&mut s, &accounts, &[], &[id]), before);

    s.approve_stable(&debtor, wad(32_500));
    let supply = s.supply();
    s.advance(30 * MS_PER_DAY);
    s.pay_invoice(&debtor, id).unwrap();
    let v = s.vault.clone();
    let paid = s.chain.events_of::<InvoicePaid>(&v);
    assert_eq!(paid.len(), 1);
    assert_eq!(
        (
            paid[0].asset_id,
            paid[0].debtor,
            paid[0].holder,
            paid[0].paid_wad
        ),
        (id, ink_id(&debtor), ink_id(&supplier), wad(32_500))
    );
    let r = s.registry.clone();
    let recorded = s.chain.events_of::<PaymentRecorded>(&r);
    assert_eq!(recorded.len(), 1);
    assert_eq!(s.balance(&debtor), wad(40_000) - wad(32_500));
    assert_eq!(s.balance(&supplier), wad(32_500));
    assert_eq!(s.supply(), supply);
    assert_eq!(s.asset(id).status, AssetStatus::Settled);
    assert_eq!(s.nft_owner(id), Some(supplier.clone()));
    assert_eq!(
        s.payment_record(&debtor),
        PaymentRecord {
            settled_on_time: 1,
            ..PaymentRecord::default()
        }
    );

    // Twice: refused, nothing taken.
    s.approve_stable(&debtor, wad(32_500));
    let before = world(&mut s, &accounts, &[], &[id]);
    assert_eq!(s.pay_invoice(&debtor, id), Err(VaultError::InvalidStatus));
    no_events(&s);
    assert_eq!(world(&mut s, &accounts, &[], &[id]), before);
    s.assert_books();
}

/// Sold on to a factor, the invoice is paid to the factor; paid 2.5 days late, it counts late
/// (3 started days). The supplier, who sold it, receives nothing.
#[test]
fn an_invoice_sold_on_is_paid_on_chain_to_its_new_holder_and_counted_late() {
    let mut s = Suite::deploy();
    let (supplier, factor) = (s.actor(2), s.actor(4));
    let debtor = s.approved_debtor(3, wad(1_000_000));
    let id = s.confirmed_invoice(&supplier, &debtor, wad(1_000), 10 * MS_PER_DAY);
    nft_transfer(&mut s, &supplier, &factor, id).unwrap();
    s.fund_stable(&debtor, wad(1_000));
    s.approve_stable(&debtor, wad(1_000));
    s.advance(10 * MS_PER_DAY + MS_PER_DAY * 5 / 2);
    s.pay_invoice(&debtor, id).unwrap();
    assert_eq!(s.balance(&factor), wad(1_000));
    assert_eq!((s.balance(&supplier), s.balance(&debtor)), (0, 0));
    assert_eq!(
        s.payment_record(&debtor),
        PaymentRecord {
            settled_late: 1,
            days_late_total: 3,
            max_days_late: 3,
            ..PaymentRecord::default()
        }
    );
    s.assert_books();
}

/// Who may pay what on chain: only the debtor; not an invoice the vault holds (that is
/// `settle`, which repays the loan first), not a pending or a disputed one, not goods, not an
/// unknown id, not its own invoice (paying oneself moves nothing and would buy an on-time record
/// for free). And the registry's new custodian path is the vault's alone: the supplier cannot
/// mark its own invoice `Settled` through it. Each refusal changes nothing.
#[test]
fn paying_on_chain_is_the_debtors_alone_and_only_for_an_invoice_the_vault_does_not_hold() {
    let mut s = Suite::deploy();
    let (supplier, stranger) = (s.actor(2), s.actor(66));
    let debtor = s.approved_debtor(3, wad(1_000_000));
    let loose = s.confirmed_invoice(&supplier, &debtor, wad(1_000), 30 * MS_PER_DAY);
    let k = s.invoice_terms(&debtor, wad(1_000), 30 * MS_PER_DAY);
    let (pos, pledged) = s.facility(&supplier, &debtor, k, wad(100));
    let k = s.invoice_terms(&debtor, wad(1_000), 30 * MS_PER_DAY);
    let pending = s.register(&supplier, k).unwrap();
    let goods = s.confirmed_coffee(&supplier, wad(10));
    let own = s.confirmed_invoice(&supplier, &debtor, wad(1_000), 30 * MS_PER_DAY);
    nft_transfer(&mut s, &supplier, &debtor, own).unwrap();
    for who in [&debtor, &stranger, &supplier] {
        s.fund_stable(who, wad(5_000));
        s.approve_stable(who, wad(5_000));
    }
    let accounts = [&supplier, &debtor, &stranger];
    let ids = [loose, pledged, pending, goods, own];
    let before = world(&mut s, &accounts, &[pos], &ids);
    let refusals = [
        (&stranger, loose, VaultError::NotDebtor),
        (&supplier, loose, VaultError::NotDebtor),
        (&debtor, pledged, VaultError::InvoicePledged),
        (&debtor, pending, VaultError::InvalidStatus),
        (&debtor, goods, VaultError::NotInvoice),
        (&debtor, 9_999, VaultError::AssetNotFound),
        (&debtor, own, VaultError::PayeeIsDebtor),
    ];
    for (who, id, err) in refusals {
        assert_eq!(s.pay_invoice(who, id), Err(err), "asset {id}");
        no_events(&s);
        assert_eq!(world(&mut s, &accounts, &[pos], &ids), before);
    }
    // The supplier calls the registry's custodian path itself: refused.
    let r: Result<(), RegistryError> = s.registry_as(
        &supplier,
        "ReceivableRegistry::set_status",
        (loose, AssetStatus::Settled),
    );
    assert_eq!(r, Err(RegistryError::NotCustodian));
    assert_eq!(world(&mut s, &accounts, &[pos], &ids), before);
    // The honest payment still goes through.
    s.pay_invoice(&debtor, loose).unwrap();
    assert_eq!(s.asset(loose).status, AssetStatus::Settled);
    s.assert_books();
}

/// A defaulted invoice that left the vault and is then paid on chain: the registry counts it
/// paid late, and the vault, which made the payment, lowers its own count of the debtor's unpaid
/// defaults at once, so the next borrow against the debtor needs no registry call.
#[test]
fn a_defaulted_invoice_paid_on_chain_clears_the_default_in_the_vault_too() {
    let mut s = Suite::deploy();
    let (a, b, keeper) = (s.actor(2), s.actor(4), s.actor(5));
    let debtor = s.approved_debtor(3, wad(1_000_000));
    let ib = s.confirmed_invoice(&b, &debtor, wad(10_000), 120 * MS_PER_DAY);
    let pb = s.open(&b, INVOICE_CLASS);
    s.deposit(&b, pb, ib).unwrap();
    let kind = s.invoice_terms(&debtor, wad(10_000), 30 * MS_PER_DAY);
    let (pa, ia) = s.facility(&a, &debtor, kind, 0);
    s.advance(61 * MS_PER_DAY + 3_600_000);
    mark_defaulted(&mut s, &keeper, ia).unwrap();
    s.vault_as::<_, Result<(), VaultError>>(&a, "withdraw", (pa, ia))
        .unwrap();
    assert_eq!(
        s.borrow(&b, pb, wad(1_000)),
        Err(VaultError::DebtorInDefault)
    );
    s.fund_stable(&debtor, wad(10_000));
    s.approve_stable(&debtor, wad(10_000));
    s.pay_invoice(&debtor, ia).unwrap();
    assert_eq!(s.balance(&a), wad(10_000));
    assert_eq!(s.asset(ia).status, AssetStatus::Settled);
    let record = s.payment_record(&debtor);
    assert_eq!((record.unresolved_defaults, record.settled_late), (0, 1));
    assert_eq!(debtor_defaults(&mut s, &debtor), 0);
    s.borrow(&b, pb, wad(1_000)).unwrap();
    assert!(!ran_registry(&s));
    assert_eq!(s.balance(&b), wad(1_000));
    s.assert_books();
}
