//! The core financing flows on the compiled contracts, each a story with exact outcomes.
use collateral_vault::events::{Borrowed, InvoiceSettled};
use collateral_vault::VaultError;
use e2e_tests::chain::ink_id;
use e2e_tests::suite::*;
use primitive_types::U256;
use scf_interfaces::{
    token_id, AssetStatus, OracleError, PSP22Error, RegistryError, MS_PER_DAY, RAY,
};

/// Supplier registers an invoice, the debtor confirms, the supplier pledges it and borrows up to
/// the limit; at maturity the debtor pays the invoice and the supplier ends with the surplus.
#[test]
fn invoice_financed_then_paid_by_the_debtor() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let debtor = s.approved_debtor(3, wad(1_000_000));

    // 15 000 due in 73 days (0.2 year): valued at 15 000 / (1 + 10 % × 0.2) = 14 705.88…
    let id = s.confirmed_invoice(&supplier, &debtor, wad(15_000), 73 * MS_PER_DAY);
    assert_eq!(s.asset(id).status, AssetStatus::Confirmed);
    let pos = s.open(&supplier, INVOICE_CLASS);
    s.deposit(&supplier, pos, id).unwrap();
    assert_eq!(s.nft_owner(id), Some(s.vault.clone()));

    // Capacity = value / 1.5, rounded down.
    let value = 14_705_882_352_941_176_470_588u128; // 15 000 × 1e18 / 1.02, rounded down
    let limit = value * 2 / 3; // value ÷ 1.5, rounded down
    assert_eq!(s.max_borrow(pos), Ok(limit));
    s.borrow(&supplier, pos, limit).unwrap();
    let v = s.vault.clone();
    assert_eq!(
        s.chain
            .events_of::<Borrowed>(&v)
            .iter()
            .map(|e| (e.position_id, e.amount_wad, e.debt_wad))
            .collect::<Vec<_>>(),
        vec![(pos, limit, limit)]
    );
    assert_eq!(s.balance(&supplier), limit);
    assert_eq!(s.position(pos).unwrap().art, limit); // rate is exactly 1.0 at t0
    s.assert_books();

    // 73 days later the debtor pays 15 000.
    s.advance(73 * MS_PER_DAY);
    let debtor_funding = s.fund_stable(&debtor, wad(15_000));
    let debt = s.debt(pos);
    assert!(debt > limit, "fees accrued: {debt} vs {limit}");
    s.approve_stable(&debtor, wad(15_000));
    let supplier_before = s.balance(&supplier);
    s.settle(&debtor, id).unwrap();

    let settled = s.chain.events_of::<InvoiceSettled>(&v);
    assert_eq!(settled.len(), 1);
    assert_eq!(
        (
            settled[0].asset_id,
            settled[0].position_id,
            settled[0].paid_wad,
            settled[0].debt_repaid_wad,
            settled[0].to_owner_wad
        ),
        (id, pos, wad(15_000), debt, wad(15_000) - debt)
    );
    assert_eq!(s.balance(&supplier), supplier_before + wad(15_000) - debt);
    assert_eq!(s.balance(&debtor), 0);
    assert_eq!(s.position(pos).unwrap().art, 0);
    assert_eq!(s.position(pos).unwrap().assets, Vec::<u128>::new());
    assert_eq!(s.asset(id).status, AssetStatus::Settled);
    assert_eq!(s.nft_owner(id), Some(supplier.clone()));
    assert!(s.books().surplus_wad > 0, "fees reached the surplus");
    s.assert_books();
    let _ = debtor_funding;
}

/// Borrowing one unit past the limit is refused with `Unsafe` and changes nothing.
#[test]
fn borrowing_past_the_limit_is_refused_and_changes_nothing() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let debtor = s.approved_debtor(3, wad(1_000_000));
    let id = s.confirmed_invoice(&supplier, &debtor, wad(15_000), 73 * MS_PER_DAY);
    let pos = s.open(&supplier, INVOICE_CLASS);
    s.deposit(&supplier, pos, id).unwrap();
    let limit = s.max_borrow(pos).unwrap();
    let supply = s.supply();
    let position = s.position(pos);
    let class = s.class(INVOICE_CLASS);

    assert_eq!(s.borrow(&supplier, pos, limit + 1), Err(VaultError::Unsafe));
    assert_eq!(s.chain.last_events().len(), 0);
    assert_eq!(s.balance(&supplier), 0);
    assert_eq!(s.supply(), supply);
    assert_eq!(s.position(pos), position);
    assert_eq!(s.class(INVOICE_CLASS), class);
    assert_eq!(s.borrow(&supplier, pos, limit), Ok(()));
    s.assert_books();
}

/// A stale price blocks borrowing (and withdrawing) but never repaying.
#[test]
fn a_stale_price_blocks_borrowing_but_not_repaying() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let id = s.confirmed_coffee(&supplier, wad(10_000)); // 10 000 kg at 2.00, 10 % haircut = 18 000
    let pos = s.open(&supplier, GOODS_CLASS);
    s.deposit(&supplier, pos, id).unwrap();
    s.borrow(&supplier, pos, wad(6_000)).unwrap();

    s.chain.advance_ms(MAX_AGE_MS + 1_000);
    assert_eq!(s.price(COFFEE), Err(OracleError::StalePrice));
    assert_eq!(
        s.borrow(&supplier, pos, wad(1_000)),
        Err(VaultError::Oracle(OracleError::StalePrice))
    );
    // Withdrawing the only NFT of an indebted position is unsafe at any price.
    assert_eq!(s.withdraw(&supplier, pos, id), Err(VaultError::Unsafe));
    assert_eq!(s.balance(&supplier), wad(6_000));

    let art = s.position(pos).unwrap().art;
    s.repay(&supplier, pos, wad(2_000)).unwrap();
    assert_eq!(s.balance(&supplier), wad(4_000));
    // Repaying removes normalised debt rounded down; the rest is rounded up: exact expectation.
    let rate = U256::from(s.class(GOODS_CLASS).state.rate.0);
    let removed = U256::from(wad(2_000)) * U256::from(RAY) / rate;
    let left = U256::from(art) - removed;
    assert_eq!(U256::from(s.position(pos).unwrap().art), left);
    assert_eq!(
        U256::from(s.debt(pos)),
        (left * rate + U256::from(RAY - 1)) / U256::from(RAY)
    );
    s.assert_books();

    // A fresh price lets borrowing resume.
    s.post_price(COFFEE, wad(2)).unwrap();
    assert_eq!(s.borrow(&supplier, pos, wad(1_000)), Ok(()));
    s.assert_books();
}

/// A document hash registers once per originator while pending, and once ever after it was
/// confirmed: the same originator twice is refused, and so is anyone once the debtor confirmed,
/// even after settlement. A different party's *pending* registration of the same hash is allowed
/// (issue 11, anti-squatting): a pending registration reserves nothing for others, so learning a
/// supplier's hash and registering it first blocks nobody.
#[test]
fn the_same_document_cannot_be_registered_twice() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let other = s.actor(4);
    let debtor = s.approved_debtor(3, wad(1_000_000));
    let registry = s.registry.clone();
    let kind = s.invoice_terms(&debtor, wad(1_000), 30 * MS_PER_DAY);
    let hash = kind.document_hash();
    let id = s.register(&supplier, kind.clone()).unwrap();
    let next = s.chain.call::<_, u128>(&registry, "next_id", ());
    // The same originator twice: refused, nothing minted.
    assert_eq!(
        s.register(&supplier, kind.clone()),
        Err(RegistryError::DuplicateDocument)
    );
    assert_eq!(s.chain.last_events().len(), 0);
    assert_eq!(s.chain.call::<_, u128>(&registry, "next_id", ()), next);
    // Another party's pending registration of the same hash is allowed (it blocks nobody)...
    let squat = s.register(&other, kind.clone()).unwrap();
    assert_eq!(squat, next);
    assert_eq!(s.nft_owner(squat), Some(other.clone()));
    // ...and neither pending registration locks the hash.
    assert_eq!(
        s.chain
            .call::<_, Option<u128>>(&registry, "asset_by_document", (hash, ink_id(&debtor))),
        None
    );
    let pending = |s: &mut Suite, who: &drink::AccountId32| -> Option<u128> {
        let r = s.registry.clone();
        s.chain.call(&r, "pending_document", (hash, ink_id(who)))
    };
    assert_eq!(pending(&mut s, &supplier), Some(id));
    assert_eq!(pending(&mut s, &other), Some(squat));

    // The debtor confirms the supplier's: the hash is locked to it, for everyone.
    s.confirm(&debtor, id, &supplier, wad(1_000)).unwrap();
    assert_eq!(
        s.chain
            .call::<_, Option<u128>>(&registry, "asset_by_document", (hash, ink_id(&debtor))),
        Some(id)
    );
    assert_eq!(pending(&mut s, &supplier), None);
    let next = s.chain.call::<_, u128>(&registry, "next_id", ());
    let third = s.actor(5);
    for who in [&supplier, &other, &third] {
        assert_eq!(
            s.register(who, kind.clone()),
            Err(RegistryError::DuplicateDocument)
        );
        assert_eq!(s.chain.last_events().len(), 0);
    }
    assert_eq!(s.chain.call::<_, u128>(&registry, "next_id", ()), next);
    // The other party's pending copy can no longer be confirmed.
    assert_eq!(
        s.confirm(&debtor, squat, &other, wad(1_000)),
        Err(RegistryError::DuplicateDocument)
    );
    assert_eq!(s.asset(squat).status, AssetStatus::Pending);

    // Financed and settled, the document still cannot come back.
    let pos = s.open(&supplier, INVOICE_CLASS);
    s.deposit(&supplier, pos, id).unwrap();
    s.fund_stable(&debtor, wad(1_000));
    s.approve_stable(&debtor, wad(1_000));
    s.settle(&debtor, id).unwrap();
    assert_eq!(s.asset(id).status, AssetStatus::Settled);
    for who in [&supplier, &other] {
        assert_eq!(
            s.register(who, kind.clone()),
            Err(RegistryError::DuplicateDocument)
        );
    }
}

/// A non-minter cannot mint, a non-reporter cannot post a price, a non-custodian cannot change a
/// pledged asset's status.
#[test]
fn unauthorised_mint_price_and_status_changes_are_refused() {
    let mut s = Suite::deploy();
    let mallory = s.actor(66);
    let supplier = s.actor(2);
    let debtor = s.approved_debtor(3, wad(1_000_000));
    let (stable, oracle, registry) = (s.stable.clone(), s.oracle.clone(), s.registry.clone());

    let minted: Result<(), PSP22Error> = s.chain.call_as(
        &mallory,
        &stable,
        "StablecoinMinter::mint",
        (ink_id(&mallory), wad(1)),
    );
    assert_eq!(minted, Err(PSP22Error::Custom("NotMinter".into())));
    let admin = s.admin.clone();
    let minted: Result<(), PSP22Error> = s.chain.call_as(
        &admin,
        &stable,
        "StablecoinMinter::mint",
        (ink_id(&admin), wad(1)),
    );
    assert_eq!(
        minted,
        Err(PSP22Error::Custom("NotMinter".into())),
        "not even the admin mints"
    );
    assert_eq!(s.supply(), 0);

    let before = s.price(USD).unwrap();
    let posted: Result<(), OracleError> =
        s.chain
            .call_as(&mallory, &oracle, "submit", (USD, wad(100)));
    assert_eq!(posted, Err(OracleError::NotReporter));
    assert_eq!(s.price(USD), Ok(before));

    let id = s.confirmed_invoice(&supplier, &debtor, wad(1_000), 30 * MS_PER_DAY);
    let pos = s.open(&supplier, INVOICE_CLASS);
    s.deposit(&supplier, pos, id).unwrap();
    for who in [&mallory, &supplier, &debtor, &admin] {
        let r: Result<(), RegistryError> = s.chain.call_as(
            who,
            &registry,
            "ReceivableRegistry::set_status",
            (id, AssetStatus::Settled),
        );
        assert_eq!(r, Err(RegistryError::NotCustodian));
    }
    let disputed: Result<(), RegistryError> = s.chain.call_as(&debtor, &registry, "dispute", id);
    assert_eq!(disputed, Err(RegistryError::NotCustodian));
    assert_eq!(s.asset(id).status, AssetStatus::Confirmed);
    // Nor can anyone but the vault move the pledged NFT.
    let moved: Result<(), scf_interfaces::PSP34Error> = s.chain.call_as(
        &supplier,
        &registry,
        "PSP34::transfer",
        (ink_id(&mallory), token_id(id), Vec::<u8>::new()),
    );
    assert_eq!(moved, Err(scf_interfaces::PSP34Error::NotApproved));
}

/// Inventory: a warehouse receipt for coffee financed, repaid with fees, and released.
#[test]
fn warehouse_receipt_financed_and_repaid() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let id = s.confirmed_coffee(&supplier, wad(10_000));
    let pos = s.open(&supplier, GOODS_CLASS);
    s.deposit(&supplier, pos, id).unwrap();
    // 10 000 kg × 2.00 × 90 % = 18 000; / 1.5 = 12 000.
    assert_eq!(s.max_borrow(pos), Ok(wad(12_000)));
    s.borrow(&supplier, pos, wad(12_000)).unwrap();
    assert_eq!(s.borrow(&supplier, pos, 1), Err(VaultError::Unsafe));
    assert_eq!(s.withdraw(&supplier, pos, id), Err(VaultError::Unsafe));

    s.advance(30 * MS_PER_DAY);
    let debt = s.debt(pos);
    let class = s.class(GOODS_CLASS);
    let rate = scf_interfaces::Ray(FEE_5PCT).pow(30 * 86_400).unwrap().0;
    let expected = (primitive_types::U256::from(wad(12_000)) * primitive_types::U256::from(rate)
        + primitive_types::U256::from(RAY - 1))
        / primitive_types::U256::from(RAY);
    assert_eq!(primitive_types::U256::from(debt), expected);
    assert_eq!(class.state.rate.0, RAY, "nothing accrued until touched");

    // The supplier tops up the fee from another facility and repays everything.
    s.fund_stable(&supplier, wad(1_000));
    s.repay(&supplier, pos, u128::MAX).unwrap();
    assert_eq!(s.position(pos).unwrap().art, 0);
    assert_eq!(s.balance(&supplier), wad(13_000) - debt);
    s.assert_books();
    let v = s.vault.clone();
    s.chain
        .call_as::<_, Result<(), VaultError>>(&supplier, &v, "close", pos)
        .unwrap();
    assert_eq!(s.position(pos), None);
    assert_eq!(s.nft_owner(id), Some(supplier.clone()));
    assert_eq!(s.asset(id).status, AssetStatus::Confirmed);
    s.assert_books();
}
