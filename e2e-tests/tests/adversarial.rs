//! Adversarial cases, one named test each, on the compiled contracts.
use collateral_vault::VaultError;
use drink::AccountId32;
use e2e_tests::chain::{ink_id, Chain};
use e2e_tests::suite::*;
use liquidation_engine::EngineError;
use scf_interfaces::{MathError, OracleError, RegistryError, MS_PER_DAY, WAD};

/// A supplier with a pledged 15 000 invoice (due in 73 days) in position 1, its debtor approved
/// with a 1 000 000 credit line.
fn pledged_invoice(s: &mut Suite) -> (AccountId32, AccountId32, u64, u128) {
    let supplier = s.actor(2);
    let debtor = s.approved_debtor(3, wad(1_000_000));
    let id = s.confirmed_invoice(&supplier, &debtor, wad(15_000), 73 * MS_PER_DAY);
    let pos = s.open(&supplier, INVOICE_CLASS);
    s.deposit(&supplier, pos, id).unwrap();
    (supplier, debtor, pos, id)
}

/// The deploying admin makes the suite's underwriter an underwriter of `vault` (a second vault of
/// a test; the admin cannot underwrite itself), who approves `debtor` there with a 1 000 000 line.
fn approve_in(s: &mut Suite, vault: &AccountId32, debtor: &AccountId32) {
    let (admin, underwriter) = (s.admin.clone(), s.underwriter.clone());
    s.chain
        .call_as::<_, Result<(), VaultError>>(
            &admin,
            vault,
            "grant_underwriter",
            ink_id(&underwriter),
        )
        .unwrap();
    s.chain
        .call_as::<_, Result<(), VaultError>>(
            &underwriter,
            vault,
            "approve_debtor",
            (ink_id(debtor), wad(1_000_000)),
        )
        .unwrap();
}

/// An invoice of `face` owed by `debtor`, registered by `supplier` on `registry` and confirmed
/// by the debtor with the terms it registered.
fn confirmed_on(
    s: &mut Suite,
    registry: &AccountId32,
    supplier: &AccountId32,
    debtor: &AccountId32,
    face: u128,
    due_in_ms: u64,
) -> u128 {
    let kind = s.invoice_terms(debtor, face, due_in_ms);
    let id: Result<u128, RegistryError> =
        s.chain
            .call_as(supplier, registry, "register", kind.clone());
    let id = id.unwrap();
    let hash = scf_interfaces::terms_hash(&ink_id(supplier), &kind);
    s.chain
        .call_as::<_, Result<(), RegistryError>>(debtor, registry, "confirm", (id, hash))
        .unwrap();
    id
}

#[test]
fn price_zero_is_refused_and_price_u128_max_errors_instead_of_overflowing() {
    let mut s = Suite::deploy();
    let (supplier, _, pos, _) = pledged_invoice(&mut s);
    s.borrow(&supplier, pos, wad(1_000)).unwrap();
    assert_eq!(s.post_price(USD, 0), Err(OracleError::ZeroPrice));
    // A jump to u128::MAX by one reporter is one value of three: the answer stays 1.00...
    let r = s.reporter.clone();
    s.submit_as(&r, USD, u128::MAX).unwrap();
    assert_eq!(s.price(USD).map(|p| p.price_wad), Ok(WAD));
    // ...two of three make it the median, beyond the guard without a move quorum: suspended,
    // borrowing stops, repaying does not...
    let r2 = s.reporter2.clone();
    s.submit_as(&r2, USD, u128::MAX).unwrap();
    assert_eq!(s.price(USD), Err(OracleError::KeySuspended));
    assert_eq!(
        s.borrow(&supplier, pos, wad(1)),
        Err(VaultError::Oracle(OracleError::KeySuspended))
    );
    // ...the move quorum (all three) confirming it makes it the answer...
    s.post_price_by_quorum(USD, u128::MAX).unwrap();
    assert_eq!(s.price(USD).unwrap().price_wad, u128::MAX);
    // ...and valuing against it is a typed overflow, never a trap or a wrapped number.
    assert_eq!(
        s.borrow(&supplier, pos, wad(1)),
        Err(VaultError::Math(MathError::Overflow))
    );
    let keeper = s.actor(5);
    assert_eq!(
        s.liquidate(&keeper, pos),
        Err(EngineError::Vault(VaultError::Math(MathError::Overflow)))
    );
    // Repaying needs no price.
    s.repay(&supplier, pos, wad(500)).unwrap();
    s.assert_books();
}

#[test]
fn repaying_more_than_the_debt_takes_only_the_debt() {
    let mut s = Suite::deploy();
    let (supplier, _, pos, _) = pledged_invoice(&mut s);
    s.borrow(&supplier, pos, wad(1_000)).unwrap();
    s.fund_stable(&supplier, wad(500));
    s.advance(10 * MS_PER_DAY);
    let debt = s.debt(pos);
    s.repay(&supplier, pos, wad(1_400)).unwrap();
    assert_eq!(s.balance(&supplier), wad(1_500) - debt);
    assert_eq!(s.position(pos).unwrap().art, 0);
    assert_eq!(s.repay(&supplier, pos, 1), Err(VaultError::NoDebt));
    s.assert_books();
}

#[test]
fn borrowing_one_unit_above_the_limit_is_refused() {
    let mut s = Suite::deploy();
    let (supplier, _, pos, _) = pledged_invoice(&mut s);
    let limit = s.max_borrow(pos).unwrap();
    assert_eq!(s.borrow(&supplier, pos, limit + 1), Err(VaultError::Unsafe));
    s.borrow(&supplier, pos, limit).unwrap();
    assert_eq!(s.borrow(&supplier, pos, 1), Err(VaultError::Unsafe));
    assert_eq!(s.balance(&supplier), limit);
}

#[test]
fn dust_positions_are_refused_both_ways() {
    let mut s = Suite::deploy();
    let (supplier, _, pos, _) = pledged_invoice(&mut s); // dust = 100
    assert_eq!(
        s.borrow(&supplier, pos, wad(100) - 1),
        Err(VaultError::Dust)
    );
    s.borrow(&supplier, pos, wad(200)).unwrap();
    assert_eq!(s.repay(&supplier, pos, wad(150)), Err(VaultError::Dust));
    assert_eq!(s.balance(&supplier), wad(200));
    s.repay(&supplier, pos, wad(100)).unwrap();
    s.repay(&supplier, pos, wad(100)).unwrap();
    assert_eq!(s.position(pos).unwrap().art, 0);
    s.assert_books();
}

#[test]
fn withdrawing_the_last_nft_of_an_indebted_position_is_refused() {
    let mut s = Suite::deploy();
    let (supplier, _, pos, id) = pledged_invoice(&mut s);
    s.borrow(&supplier, pos, wad(100)).unwrap();
    assert_eq!(s.withdraw(&supplier, pos, id), Err(VaultError::Unsafe));
    assert_eq!(s.nft_owner(id), Some(s.vault.clone()));
    s.repay(&supplier, pos, wad(100)).unwrap();
    s.withdraw(&supplier, pos, id).unwrap();
    assert_eq!(s.nft_owner(id), Some(supplier.clone()));
}

#[test]
fn liquidating_twice_is_refused() {
    let mut s = Suite::deploy();
    let (supplier, _, pos, _) = pledged_invoice(&mut s);
    let limit = s.max_borrow(pos).unwrap();
    s.borrow(&supplier, pos, limit).unwrap();
    s.post_price(USD, WAD * 8 / 10).unwrap();
    let keeper = s.actor(5);
    s.liquidate(&keeper, pos).unwrap();
    let books = s.books();
    assert_eq!(
        s.liquidate(&keeper, pos),
        Err(EngineError::Vault(VaultError::PositionLiquidating))
    );
    assert_eq!(s.books(), books);
    // The owner cannot touch a position under liquidation either.
    assert_eq!(
        s.borrow(&supplier, pos, 1),
        Err(VaultError::PositionLiquidating)
    );
}

#[test]
fn taking_an_expired_auction_is_refused() {
    let mut s = Suite::deploy();
    let (supplier, _, pos, id) = pledged_invoice(&mut s);
    let limit = s.max_borrow(pos).unwrap();
    s.borrow(&supplier, pos, limit).unwrap();
    let buyer = s.actor(6);
    s.fund_stable(&buyer, wad(20_000));
    s.post_price(USD, WAD * 8 / 10).unwrap();
    let keeper = s.actor(5);
    s.liquidate(&keeper, pos).unwrap();
    s.chain.advance_ms(MS_PER_DAY);
    assert_eq!(
        s.take(&buyer, id, u128::MAX),
        Err(EngineError::AuctionExpired)
    );
    assert_eq!(s.balance(&buyer), wad(20_000));
    let vault = s.vault.clone();
    assert_eq!(s.nft_owner(id), Some(vault));
}

#[test]
fn settling_an_unpledged_an_already_settled_or_someone_elses_invoice_is_refused() {
    let mut s = Suite::deploy();
    let (supplier, debtor, _, id) = pledged_invoice(&mut s);
    let loose = s.confirmed_invoice(&supplier, &debtor, wad(1_000), 30 * MS_PER_DAY);
    s.fund_stable(&debtor, wad(20_000));
    s.approve_stable(&debtor, wad(20_000));
    assert_eq!(s.settle(&debtor, loose), Err(VaultError::NotPledged));
    let stranger = s.actor(66);
    assert_eq!(s.settle(&stranger, id), Err(VaultError::NotDebtor));
    assert_eq!(s.settle(&supplier, id), Err(VaultError::NotDebtor));
    s.settle(&debtor, id).unwrap();
    let balance = s.balance(&debtor);
    assert_eq!(s.settle(&debtor, id), Err(VaultError::NotPledged));
    assert_eq!(s.balance(&debtor), balance);
}

#[test]
fn only_the_named_debtor_confirms_an_invoice() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let debtor = s.approved_debtor(3, wad(1_000_000));
    let kind = s.invoice_terms(&debtor, wad(1_000), 30 * MS_PER_DAY);
    let id = s.register(&supplier, kind).unwrap();
    let stranger = s.actor(66);
    assert_eq!(
        s.confirm(&supplier, id, &supplier, wad(1_000)),
        Err(RegistryError::NotAuthorised)
    );
    assert_eq!(
        s.confirm(&stranger, id, &supplier, wad(1_000)),
        Err(RegistryError::NotAuthorised)
    );
    let pos = s.open(&supplier, INVOICE_CLASS);
    assert_eq!(s.deposit(&supplier, pos, id), Err(VaultError::NotConfirmed));
    s.confirm(&debtor, id, &supplier, wad(1_000)).unwrap();
    s.deposit(&supplier, pos, id).unwrap();
}

#[test]
fn a_settled_document_cannot_be_registered_again() {
    let mut s = Suite::deploy();
    let (supplier, debtor, _, id) = pledged_invoice(&mut s);
    let document = s.asset(id).kind;
    s.fund_stable(&debtor, wad(15_000));
    s.approve_stable(&debtor, wad(15_000));
    s.settle(&debtor, id).unwrap();
    assert_eq!(
        s.register(&supplier, document),
        Err(RegistryError::DuplicateDocument)
    );
}

#[test]
fn reporters_disagreeing_cannot_force_an_answer() {
    let mut s = Suite::deploy();
    let [r1, r2, r3] = s.reporters();
    let submit = |s: &mut Suite, who: &AccountId32, p: u128| s.submit_as(who, USD, p);
    // The suite's keys: three reporters, quorum 3, move quorum 3, a 20 % guard around 1.00.
    // r1 alone, far off, is one value of three: the median stays 1.00.
    s.chain.advance_ms(1_000);
    submit(&mut s, &r1, WAD * 2).unwrap();
    assert_eq!(s.price(USD).unwrap().price_wad, WAD);
    // r2 near the old answer with r1 far off: the median is r2's 1.1 (a submitted value, never a
    // mean), within the guard.
    submit(&mut s, &r2, WAD * 11 / 10).unwrap();
    assert_eq!(s.price(USD).unwrap().price_wad, WAD * 11 / 10);
    // r2 joining r1 (median 1.8, beyond 20 %): two of three are no move quorum; the key is
    // suspended rather than serve either price.
    submit(&mut s, &r2, WAD * 18 / 10).unwrap();
    assert_eq!(s.price(USD), Err(OracleError::KeySuspended));
    // r3 agreeing: all three report the move, which is accepted.
    submit(&mut s, &r3, WAD * 18 / 10).unwrap();
    assert_eq!(s.price(USD).unwrap().price_wad, WAD * 18 / 10);
    // r1 alone pulling back down to 1.0 is again one value of three: nothing moves.
    submit(&mut s, &r1, WAD).unwrap();
    assert_eq!(s.price(USD).unwrap().price_wad, WAD * 18 / 10);
}

#[test]
fn time_at_the_u64_edge_gives_typed_errors_not_traps() {
    let mut s = Suite::deploy();
    let (supplier, _, pos, _) = pledged_invoice(&mut s);
    s.borrow(&supplier, pos, wad(1_000)).unwrap();
    s.chain.set_time_ms(u64::MAX - 1);
    // Accruing ~584 million years of fees overflows: a typed error, the books untouched.
    let books = s.books();
    let r = s.repay(&supplier, pos, wad(10));
    assert_eq!(r, Err(VaultError::Math(MathError::Overflow)));
    assert_eq!(s.books(), books);
    assert_eq!(s.price(USD), Err(OracleError::StalePrice));
}

#[test]
fn raising_the_liquidation_ratio_exposes_existing_positions_to_liquidation() {
    let mut s = Suite::deploy();
    let (supplier, _, pos, id) = pledged_invoice(&mut s);
    let limit = s.max_borrow(pos).unwrap();
    s.borrow(&supplier, pos, limit / 2).unwrap();
    let admin = s.admin.clone();
    let mut params = invoice_class();
    params.liquidation_ratio = scf_interfaces::Wad(WAD * 4);
    s.vault_as::<_, Result<(), VaultError>>(
        &admin,
        "set_class_params",
        (INVOICE_CLASS, params.clone()),
    )
    .unwrap();
    // The owner can no longer add risk...
    assert_eq!(s.borrow(&supplier, pos, 1), Err(VaultError::Unsafe));
    assert_eq!(s.withdraw(&supplier, pos, id), Err(VaultError::Unsafe));
    // ...and keepers may liquidate.
    let keeper = s.actor(5);
    s.liquidate(&keeper, pos).unwrap();
    // A class cannot change kind, and out-of-bounds values are refused.
    params.kind = scf_interfaces::AssetKindCode::WarehouseReceipt;
    assert_eq!(
        s.vault_as::<_, Result<(), VaultError>>(
            &admin,
            "set_class_params",
            (INVOICE_CLASS, params)
        ),
        Err(VaultError::InvalidParams)
    );
    let stranger = Chain::account(66);
    assert_eq!(
        s.vault_as::<_, Result<(), VaultError>>(
            &stranger,
            "set_class_params",
            (INVOICE_CLASS, invoice_class())
        ),
        Err(VaultError::NotAdmin)
    );
    s.assert_books();
}

#[test]
fn a_contract_that_tries_to_re_enter_the_vault_during_a_call_is_stopped() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let debtor = s.actor(3);
    // A second vault whose price feed is the attacker; the attacker re-enters that vault. It has
    // a registry of its own: a registry names its custodian once.
    let registry2 = s.chain.deploy("receivable_registry", "new", (), vec![2]);
    let (stable, registry, guardian) = (ink_id(&s.stable), ink_id(&registry2), ink_id(&s.guardian));
    let attacker = s
        .chain
        .deploy("attacker_oracle", "new", (stable, 1u64), vec![]);
    let facets = s.chain.vault_facets();
    let vault2 = s.chain.deploy(
        "collateral_vault",
        "new",
        (
            stable,
            registry,
            ink_id(&attacker),
            guardian,
            wad(1_000_000),
            TUSD,
            facets,
            collateral_vault::DataSources::default(),
        ),
        vec![2],
    );
    s.chain
        .call::<_, ()>(&attacker, "set_target", (ink_id(&vault2), 1u64));
    // The registry hands NFTs only to its custodian: the second vault is its registry's.
    let custodian: Result<(), scf_interfaces::RegistryError> =
        s.chain.call(&registry2, "set_custodian", ink_id(&vault2));
    assert_eq!(custodian, Ok(()));
    let class: Result<u32, VaultError> = s.chain.call(&vault2, "add_class", invoice_class());
    assert_eq!(class, Ok(0));
    let keys: Result<(), VaultError> =
        s.chain
            .call(&vault2, "set_class_price_keys", (0u32, vec![USD]));
    assert_eq!(keys, Ok(()));
    approve_in(&mut s, &vault2, &debtor);

    // A USD invoice: taking it in and valuing it asks the (attacker) price feed.
    let id = confirmed_on(
        &mut s,
        &registry2,
        &supplier,
        &debtor,
        wad(15_000),
        73 * MS_PER_DAY,
    );
    let pos: Result<u64, VaultError> = s.chain.call_as(&supplier, &vault2, "open_position", 0u32);
    assert_eq!(pos, Ok(1));
    let r = registry2.clone();
    s.chain
        .call_as::<_, Result<(), scf_interfaces::PSP34Error>>(
            &supplier,
            &r,
            "PSP34::approve",
            (ink_id(&vault2), Some(scf_interfaces::token_id(id)), true),
        )
        .unwrap();
    // Depositing asks the attacker for a fresh price; its call back into the vault is denied by
    // the runtime (the vault's calls do not allow re-entry), the attacker traps, the deposit
    // fails and the NFT stays with its holder.
    let supply = s.supply();
    let deposited: Result<(), VaultError> =
        s.chain.call_as(&supplier, &vault2, "deposit", (1u64, id));
    assert_eq!(deposited, Err(VaultError::CallFailed));
    let owner: Option<ink::primitives::AccountId> =
        s.chain
            .call(&registry2, "PSP34::owner_of", scf_interfaces::token_id(id));
    assert_eq!(owner, Some(ink_id(&supplier)));
    // With nothing pledged, nothing can be borrowed.
    let borrowed: Result<(), VaultError> =
        s.chain
            .call_as(&supplier, &vault2, "borrow", (1u64, wad(1_000)));
    assert_eq!(borrowed, Err(VaultError::Unsafe));
    let position: Option<collateral_vault::Position> = s.chain.call(&vault2, "position", 1u64);
    assert_eq!(position.map(|p| (p.art, p.assets.len())), Some((0, 0)));
    assert_eq!(s.supply(), supply);
}

/// Depositing takes the NFT from its holder in one registry call: someone else's NFT (even one
/// approved for the vault) is refused, and a vault that is not the registry's custodian cannot
/// take NFTs at all. Nothing moves either way.
#[test]
fn only_the_holder_deposits_and_only_into_the_custodian() {
    let mut s = Suite::deploy();
    let (supplier, thief) = (s.actor(2), s.actor(4));
    let debtor = s.approved_debtor(3, wad(1_000_000));
    let id = s.confirmed_invoice(&supplier, &debtor, wad(15_000), 60 * MS_PER_DAY);
    s.approve_nft(&supplier, id).unwrap();
    let pos = s.open(&thief, INVOICE_CLASS);
    let v = s.vault.clone();
    let r: Result<(), VaultError> = s.chain.call_as(&thief, &v, "deposit", (pos, id));
    assert_eq!(r, Err(VaultError::NotAssetOwner));
    assert_eq!(s.nft_owner(id), Some(supplier.clone()));
    assert_eq!(s.position(pos).unwrap().assets, Vec::<u128>::new());

    // A second vault, not the registry's custodian.
    let (stable, registry, oracle, guardian) = (
        ink_id(&s.stable),
        ink_id(&s.registry),
        ink_id(&s.oracle),
        ink_id(&s.guardian),
    );
    let facets = s.chain.vault_facets();
    let vault2 = s.chain.deploy(
        "collateral_vault",
        "new",
        (
            stable,
            registry,
            oracle,
            guardian,
            wad(1_000_000),
            TUSD,
            facets,
            collateral_vault::DataSources::default(),
        ),
        vec![7],
    );
    let class: Result<u32, VaultError> = s.chain.call(&vault2, "add_class", invoice_class());
    assert_eq!(class, Ok(0));
    // The debtor is approved there too, so custody is the only thing that can refuse.
    approve_in(&mut s, &vault2, &debtor);
    let pos2: Result<u64, VaultError> = s.chain.call_as(&supplier, &vault2, "open_position", 0u32);
    let reg = s.registry.clone();
    s.chain
        .call_as::<_, Result<(), scf_interfaces::PSP34Error>>(
            &supplier,
            &reg,
            "PSP34::approve",
            (ink_id(&vault2), Some(scf_interfaces::token_id(id)), true),
        )
        .unwrap();
    let r: Result<(), VaultError> =
        s.chain
            .call_as(&supplier, &vault2, "deposit", (pos2.unwrap(), id));
    assert_eq!(r, Err(VaultError::Registry(RegistryError::NotCustodian)));
    assert_eq!(s.nft_owner(id), Some(supplier.clone()));
    // The holder deposits into the custodian vault.
    let pos3 = s.open(&supplier, INVOICE_CLASS);
    assert_eq!(s.deposit(&supplier, pos3, id), Ok(()));
    let vault = s.vault.clone();
    assert_eq!(s.nft_owner(id), Some(vault));
}
