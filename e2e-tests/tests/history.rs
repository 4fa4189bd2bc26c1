//! Historical failures of lending protocols as named tests (issue 14), each asserting the exact
//! outcome on the compiled contracts. Where another file already performs the scenario, the test
//! here names it in its doc comment and performs only what that one leaves out.
use collateral_vault::VaultError;
use drink::AccountId32;
use e2e_tests::chain::ink_id;
use e2e_tests::suite::*;
use liquidation_engine::EngineError;
use scf_interfaces::{
    price_key, AssetStatus, OracleError, PriceKey, RegistryError, MS_PER_DAY, WAD,
};

const COCOA: PriceKey = price_key("COCOA");

/// A goods position of `supplier`: `kg` of coffee (2.00, 10 % haircut, 150 %), `debt` borrowed.
fn coffee_position(s: &mut Suite, supplier: &AccountId32, kg: u128, debt: u128) -> (u64, u128) {
    let id = s.confirmed_coffee(supplier, wad(kg));
    let pos = s.open(supplier, GOODS_CLASS);
    s.deposit(supplier, pos, id).unwrap();
    s.borrow(supplier, pos, wad(debt)).unwrap();
    (pos, id)
}

fn oracle_admin(s: &mut Suite, label: &str, args: impl parity_scale_codec::Encode) {
    let (a, o) = (s.admin.clone(), s.oracle.clone());
    s.chain
        .call_as::<_, Result<(), OracleError>>(&a, &o, label, args)
        .unwrap_or_else(|e| panic!("{label}: {e:?}"));
}

fn submit(s: &mut Suite, who: &AccountId32, key: PriceKey, price: u128) -> Result<(), OracleError> {
    let o = s.oracle.clone();
    s.chain.call_as(who, &o, "submit", (key, price))
}

/// LUNA / Venus (May 2022): after a crash the old oracle froze the pre-crash price, borrowers drew
/// against collateral worth a fraction of it and unsafe positions could not be liquidated.
/// `oracle.rs` performs both halves with five reporters
/// (`defect_2_a_genuine_60_percent_crash_reported_by_a_quorum_is_accepted_and_liquidated`,
/// `defect_2_a_crash_short_of_the_move_quorum_suspends_the_key_instead_of_serving_the_old_price`);
/// here the suite's own keys (three reporters, quorum and move quorum 3) go through both in one
/// timeline: two reporters' crash reports make it the median, beyond the guard without a move
/// quorum, so the key is suspended (no borrowing or withdrawing against the frozen price,
/// repaying still works); the third reporter's confirmation makes the crash the answer, and the
/// position it made unsafe is liquidated at the crashed value.
#[test]
fn luna_venus_frozen_price_after_a_crash() {
    let mut s = Suite::deploy();
    let (supplier, keeper) = (s.actor(2), s.actor(5));
    let (pos, id) = coffee_position(&mut s, &supplier, 10_000, 10_000);
    let small = s.confirmed_coffee(&supplier, wad(100));
    s.deposit(&supplier, pos, small).unwrap();
    let [r1, r2, r3] = s.reporters();
    // Coffee −60 % (beyond the 20 % guard), reported by two reporters of three: suspended, not
    // served.
    submit(&mut s, &r1, COFFEE, wad(8) / 10).unwrap();
    assert_eq!(s.price(COFFEE).map(|p| p.price_wad), Ok(wad(2)));
    submit(&mut s, &r2, COFFEE, wad(8) / 10).unwrap();
    assert_eq!(s.price(COFFEE), Err(OracleError::KeySuspended));
    assert_eq!(
        s.borrow(&supplier, pos, wad(1)),
        Err(VaultError::Oracle(OracleError::KeySuspended))
    );
    assert_eq!(
        s.withdraw(&supplier, pos, small),
        Err(VaultError::Oracle(OracleError::KeySuspended))
    );
    s.repay(&supplier, pos, wad(500)).unwrap();
    // The third reporter confirms: the crash is the answer at once.
    submit(&mut s, &r3, COFFEE, wad(8) / 10).unwrap();
    assert_eq!(s.price(COFFEE).map(|p| p.price_wad), Ok(wad(8) / 10));
    // 10 100 × 0.8 × 0.9 = 7 272 < 1.5 × 9 500: liquidated, auctioned from the crashed value.
    s.liquidate(&keeper, pos).unwrap();
    let auction = s.auction(id).expect("at auction");
    assert_eq!(auction.start_price_wad, wad(8_640)); // 7 200 × 1.2
    s.assert_books();
}

/// Compound DAI (Nov 2020): one feed's spike liquidated healthy positions. `oracle.rs`
/// (`a_minority_of_reporters_spiking_a_key_cannot_move_it`) has a minority spiking a key up and
/// shows it cannot borrow more; here the minority spikes it *down* to get healthy positions
/// liquidated: two of five COCOA reporters report ×0.1, the median (and the answer) stays 2.00,
/// the key stays live, and the position cannot be liquidated (`PositionSafe`).
#[test]
fn compound_dai_a_minority_spiking_a_key_liquidates_nobody() {
    let mut s = Suite::deploy();
    let (supplier, keeper) = (s.actor(2), s.actor(5));
    oracle_admin(
        &mut s,
        "set_key",
        (COCOA, MAX_AGE_MS, 3u8, 2_000u32, ANCHOR_INTERVAL_MS, 3u8),
    );
    let reporters: Vec<_> = (70..75).map(|n| s.actor(n)).collect();
    for r in &reporters {
        oracle_admin(&mut s, "add_reporter", (COCOA, ink_id(r)));
    }
    for r in &reporters {
        submit(&mut s, r, COCOA, wad(2)).unwrap();
    }
    let id = s.confirmed_goods(&supplier, COCOA, wad(10_000));
    let pos = s.open(&supplier, GOODS_CLASS);
    s.deposit(&supplier, pos, id).unwrap();
    s.borrow(&supplier, pos, wad(11_000)).unwrap(); // value 18 000, needs 16 500
    for r in &reporters[..2] {
        submit(&mut s, r, COCOA, wad(2) / 10).unwrap();
    }
    assert_eq!(s.price(COCOA).map(|p| p.price_wad), Ok(wad(2)));
    assert_eq!(
        s.liquidate(&keeper, pos),
        Err(EngineError::Vault(VaultError::PositionSafe))
    );
    assert_eq!(s.liquidation(pos), None);
}

/// MakerDAO Black Thursday (Mar 2020): keepers were absent and an auction sold ETH for 0 DAI.
/// `fail_closed.rs` (`keepers_absent_until_the_floor_then_a_reset`) lets the price decay to the
/// floor and restarts; here a near-zero bidder tries at every stage: at the start, just before
/// the floor, after the floor (`AuctionExpired`: the reserve refuses every bid), and after the
/// reset (which starts again from the value now). The NFT never leaves for less than its reserve.
#[test]
fn black_thursday_keepers_absent_then_a_near_zero_bid() {
    let mut s = Suite::deploy();
    let (supplier, keeper, bidder) = (s.actor(2), s.actor(5), s.actor(6));
    let (pos, id) = coffee_position(&mut s, &supplier, 10_000, 12_000);
    s.post_price(COFFEE, wad(17) / 10).unwrap();
    s.liquidate(&keeper, pos).unwrap();
    s.fund_stable(&bidder, wad(30_000));
    let near_zero = 1u128;
    assert_eq!(
        s.take(&bidder, id, near_zero),
        Err(EngineError::PriceAboveMax)
    );
    s.chain.advance_ms(MS_PER_DAY * 6 / 10); // at the floor (7 344)
    assert_eq!(
        s.take(&bidder, id, near_zero),
        Err(EngineError::PriceAboveMax)
    );
    s.chain.advance_ms(1_000);
    assert_eq!(s.auction_price(id), Ok(None));
    assert_eq!(
        s.take(&bidder, id, near_zero),
        Err(EngineError::AuctionExpired)
    );
    assert_eq!(
        s.take(&bidder, id, wad(7_000)),
        Err(EngineError::AuctionExpired)
    );
    assert_eq!(s.nft_owner(id), Some(s.vault.clone()));
    s.post_price(COFFEE, wad(17) / 10).unwrap();
    s.restart_auction(&keeper, id).unwrap();
    assert_eq!(s.auction(id).map(|a| a.start_price_wad), Some(wad(18_360)));
    assert_eq!(
        s.take(&bidder, id, near_zero),
        Err(EngineError::PriceAboveMax)
    );
    assert_eq!(s.nft_owner(id), Some(s.vault.clone()));
    s.assert_books();
}

/// Euler (Mar 2023): `donateToReserves` let an owner shrink its collateral without a health
/// check. Here every owner action on a position at its limit is tried; each either keeps the
/// position safe (a keeper's `liquidate` still answers `PositionSafe`) or is refused: withdrawing
/// an NFT (`Unsafe`), borrowing one unit more (`Unsafe`), closing (`DebtOutstanding`),
/// donating stablecoin to the vault (skimmed to the surplus, the position untouched), repaying
/// part and withdrawing (`Unsafe` again), depositing more and withdrawing it back; and once the
/// position is liquidating, every owner action is `PositionLiquidating`.
#[test]
fn euler_no_owner_action_skips_the_health_check() {
    let mut s = Suite::deploy();
    let (supplier, keeper) = (s.actor(2), s.actor(5));
    let first = s.confirmed_coffee(&supplier, wad(5_000));
    let second = s.confirmed_coffee(&supplier, wad(5_000));
    let pos = s.open(&supplier, GOODS_CLASS);
    s.deposit(&supplier, pos, first).unwrap();
    s.deposit(&supplier, pos, second).unwrap();
    let max = s.max_borrow(pos).unwrap();
    s.borrow(&supplier, pos, max).unwrap();
    let safe = |s: &mut Suite| {
        let k = keeper.clone();
        assert_eq!(
            s.liquidate(&k, pos),
            Err(EngineError::Vault(VaultError::PositionSafe))
        );
    };
    safe(&mut s);
    assert_eq!(s.withdraw(&supplier, pos, first), Err(VaultError::Unsafe));
    assert_eq!(s.borrow(&supplier, pos, 1), Err(VaultError::Unsafe));
    assert_eq!(
        s.vault_as::<_, Result<(), VaultError>>(&supplier, "close", pos),
        Err(VaultError::DebtOutstanding)
    );
    let (v, books) = (s.vault.clone(), s.books());
    s.transfer_stable(&supplier, &v, wad(1_000));
    s.vault_as::<_, Result<(), VaultError>>(&keeper, "skim", ())
        .unwrap();
    assert_eq!(s.books().surplus_wad, books.surplus_wad + wad(1_000));
    assert_eq!(s.debt(pos), max);
    safe(&mut s);
    s.repay(&supplier, pos, wad(1_000)).unwrap();
    assert_eq!(s.withdraw(&supplier, pos, first), Err(VaultError::Unsafe));
    let third = s.confirmed_coffee(&supplier, wad(100));
    s.deposit(&supplier, pos, third).unwrap();
    s.withdraw(&supplier, pos, third).unwrap();
    safe(&mut s);
    // A price drop makes it unsafe (only prices, time and parameters may); it is liquidated, and
    // the owner can touch it no more.
    s.post_price(COFFEE, wad(18) / 10).unwrap();
    s.liquidate(&keeper, pos).unwrap();
    let late = s.confirmed_coffee(&supplier, wad(100));
    assert_eq!(
        s.deposit(&supplier, pos, late),
        Err(VaultError::PositionLiquidating)
    );
    assert_eq!(
        s.borrow(&supplier, pos, 1),
        Err(VaultError::PositionLiquidating)
    );
    assert_eq!(
        s.withdraw(&supplier, pos, first),
        Err(VaultError::PositionLiquidating)
    );
    assert_eq!(
        s.vault_as::<_, Result<(), VaultError>>(&supplier, "close", pos),
        Err(VaultError::PositionLiquidating)
    );
    s.assert_books();
}

/// One debtor defaulting across many suppliers. `credit.rs`
/// (`unresolved_default_suspends_the_debtor_until_paid`) shows an unpaid default stopping new
/// lending against the debtor until it pays; here three suppliers finance the same debtor, one
/// invoice defaults: the other two cannot borrow more (`DebtorInDefault`) while their positions
/// stay safe, the defaulted position is liquidated into recovery, the debtor pays it through the
/// engine, and lending against it resumes for all.
#[test]
fn one_debtor_defaulting_across_many_suppliers() {
    let mut s = Suite::deploy();
    let keeper = s.actor(5);
    let debtor = s.approved_debtor(3, wad(1_000_000));
    let suppliers: Vec<_> = [20u8, 21, 22].iter().map(|n| s.actor(*n)).collect();
    let mut positions = Vec::new();
    for (i, sup) in suppliers.iter().enumerate() {
        let due = if i == 0 { 10 } else { 200 };
        let id = s.confirmed_invoice(sup, &debtor, wad(10_000), due * MS_PER_DAY);
        let pos = s.open(sup, INVOICE_CLASS);
        s.deposit(sup, pos, id).unwrap();
        s.borrow(sup, pos, wad(3_000)).unwrap();
        positions.push((pos, id));
    }
    s.fund_stable(&debtor, wad(20_000));
    s.advance(41 * MS_PER_DAY);
    let (bad_pos, bad_id) = positions[0];
    s.vault_as::<_, Result<(), VaultError>>(&keeper, "mark_defaulted", bad_id)
        .unwrap();
    assert_eq!(s.payment_record(&debtor).unresolved_defaults, 1);
    for (sup, (pos, _)) in suppliers.iter().zip(&positions).skip(1) {
        assert_eq!(
            s.borrow(sup, *pos, wad(100)),
            Err(VaultError::DebtorInDefault)
        );
        assert_eq!(
            s.liquidate(&keeper, *pos),
            Err(EngineError::Vault(VaultError::PositionSafe))
        );
    }
    s.liquidate(&keeper, bad_pos).unwrap();
    assert!(s.recovery(bad_id).is_some());
    s.settle_in_recovery(&debtor, bad_id).unwrap();
    assert_eq!(s.asset(bad_id).status, AssetStatus::Settled);
    assert_eq!(s.payment_record(&debtor).unresolved_defaults, 0);
    for (sup, (pos, _)) in suppliers.iter().zip(&positions).skip(1) {
        s.borrow(sup, *pos, wad(100)).unwrap();
    }
    s.assert_books();
}

/// Pause + a week + unpause. `fail_closed.rs` (`pause_a_week_passes_unpause_and_liquidation_still_works`)
/// shows liquidation refused while paused and working after; here an auction already running when
/// the guardian pauses can still be bought during the pause (buyers are never paused), an expired
/// one cannot be restarted until the admin unpauses, and then it is.
#[test]
fn pause_a_week_then_unpause_running_auctions_and_restarts() {
    let mut s = Suite::deploy();
    let (supplier, keeper, buyer) = (s.actor(2), s.actor(5), s.actor(6));
    let (admin, guardian) = (s.admin.clone(), s.guardian.clone());
    let (p1, id1) = coffee_position(&mut s, &supplier, 10_000, 11_000);
    let (p2, id2) = coffee_position(&mut s, &supplier, 10_000, 11_000);
    s.post_price(COFFEE, wad(16) / 10).unwrap();
    s.liquidate(&keeper, p1).unwrap();
    s.liquidate(&keeper, p2).unwrap();
    s.fund_stable(&buyer, wad(40_000));
    s.vault_as::<_, Result<(), VaultError>>(&guardian, "pause", ())
        .unwrap();
    let price = s.auction_price(id1).unwrap().expect("running");
    s.take(&buyer, id1, price).unwrap();
    assert_eq!(s.nft_owner(id1), Some(buyer.clone()));
    s.advance(7 * MS_PER_DAY);
    assert_eq!(
        s.restart_auction(&keeper, id2),
        Err(EngineError::Vault(VaultError::Paused))
    );
    s.vault_as::<_, Result<(), VaultError>>(&admin, "unpause", ())
        .unwrap();
    s.restart_auction(&keeper, id2).unwrap();
    let price = s.auction_price(id2).unwrap().expect("running again");
    s.take(&buyer, id2, price).unwrap();
    assert_eq!(s.nft_owner(id2), Some(buyer));
    s.assert_books();
}

/// A receivable re-used after it was paid off-chain. `credit.rs`
/// (`attack_5_invoice_paid_outside_the_vault_cannot_be_pledged_again`,
/// `attack_4_a_settled_disputed_or_defaulted_document_never_registers_again`) covers the registry
/// side; here the full re-use attempt: the debtor marks the invoice paid, the supplier tries to
/// pledge the same token (`NotConfirmed`), to register the same document again (itself and a
/// second account: `DuplicateDocument`) and to get the paid invoice confirmed again
/// (`InvalidTransition`). Nothing is borrowed.
#[test]
fn a_receivable_re_used_after_off_chain_payment() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let accomplice = s.actor(4);
    let debtor = s.approved_debtor(3, wad(1_000_000));
    let kind = s.invoice_terms(&debtor, wad(10_000), 60 * MS_PER_DAY);
    let id = s.confirmed(&supplier, &debtor, kind.clone());
    s.mark_paid(&supplier, id).unwrap();
    let supply = s.supply();
    let pos = s.open(&supplier, INVOICE_CLASS);
    assert_eq!(s.deposit(&supplier, pos, id), Err(VaultError::NotConfirmed));
    assert_eq!(
        s.register(&supplier, kind.clone()),
        Err(RegistryError::DuplicateDocument)
    );
    assert_eq!(
        s.register(&accomplice, kind),
        Err(RegistryError::DuplicateDocument)
    );
    assert_eq!(
        s.confirm(&debtor, id, &supplier, wad(10_000)),
        Err(RegistryError::InvalidTransition)
    );
    assert_eq!(s.supply(), supply);
    assert_eq!(s.position(pos).map(|p| p.assets.len()), Some(0));
}

/// A hostile contract calling back mid-operation. `adversarial.rs`
/// (`a_contract_that_tries_to_re_enter_the_vault_during_a_call_is_stopped`) has a price feed that
/// re-enters the vault during a deposit. Here the same test contract (`attacker_oracle`, the price
/// feed of a second vault) first calls back into a *sibling* contract — the suite's own vault,
/// not on the call stack — during a deposit and a borrow: the call is allowed by the runtime but
/// moves nothing (the attacker holds no stablecoin nor allowance, `repay` refuses), and the
/// outer operations complete. Then it targets its own vault while a keeper liquidates through the
/// engine (engine → vault → feed → vault): the re-entry is denied, the feed traps, and the whole
/// liquidation reverts (`Vault(CallFailed)`): nothing seized, no reward minted.
#[test]
fn a_hostile_price_feed_calling_back_into_sibling_contracts() {
    let mut s = Suite::deploy();
    let (supplier, keeper, admin) = (s.actor(2), s.actor(5), s.admin.clone());
    let debtor = s.approved_debtor(3, wad(1_000_000));
    // The suite's vault holds a position with debt the callback will try to repay.
    let (target_pos, _) = coffee_position(&mut s, &supplier, 10_000, 5_000);
    // The second vault has a stablecoin and a registry of its own: a stablecoin names its minter
    // once, a registry its custodian once.
    let registry2 = s.chain.deploy("receivable_registry", "new", (), vec![2]);
    let stable2 = s.chain.deploy(
        "stablecoin",
        "new",
        (
            Some("Second".to_string()),
            Some("TUSD2".to_string()),
            ink_id(&admin),
        ),
        vec![2],
    );
    let (stable, registry, guardian) = (ink_id(&stable2), ink_id(&registry2), ink_id(&s.guardian));
    let attacker = s.chain.deploy(
        "attacker_oracle",
        "new",
        (ink_id(&s.vault), target_pos),
        vec![],
    );
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
    let engine2 = s.chain.deploy(
        "liquidation_engine",
        "new",
        (
            ink_id(&vault2),
            stable,
            s.chain.uploaded_engine_facets().unwrap(),
        ),
        vec![2],
    );
    let ch = &mut s.chain;
    let ok = |r: Result<(), VaultError>| r.unwrap();
    ok(ch.call_as(&admin, &vault2, "set_liquidation_engine", ink_id(&engine2)));
    ch.call_as::<_, Result<(), RegistryError>>(
        &admin,
        &registry2,
        "set_custodian",
        ink_id(&vault2),
    )
    .unwrap();
    ch.call_as::<_, Result<(), stablecoin::StablecoinError>>(
        &admin,
        &stable2,
        "set_minter",
        ink_id(&vault2),
    )
    .unwrap();
    let class: Result<u32, VaultError> = ch.call_as(&admin, &vault2, "add_class", invoice_class());
    assert_eq!(class, Ok(0));
    ok(ch.call_as(&admin, &vault2, "set_class_price_keys", (0u32, vec![USD])));
    let underwriter = s.underwriter.clone();
    let ch = &mut s.chain;
    ok(ch.call_as(&admin, &vault2, "grant_underwriter", ink_id(&underwriter)));
    ok(ch.call_as(
        &underwriter,
        &vault2,
        "approve_debtor",
        (ink_id(&debtor), wad(1_000_000)),
    ));

    let target_debt = s.debt(target_pos);
    let kind = s.invoice_terms(&debtor, wad(15_000), 73 * MS_PER_DAY);
    let id: u128 = s
        .chain
        .call_as::<_, Result<u128, RegistryError>>(&supplier, &registry2, "register", kind.clone())
        .unwrap();
    s.chain
        .call_as::<_, Result<(), RegistryError>>(
            &debtor,
            &registry2,
            "confirm",
            (id, scf_interfaces::terms_hash(&ink_id(&supplier), &kind)),
        )
        .unwrap();
    let pos: Result<u64, VaultError> = s.chain.call_as(&supplier, &vault2, "open_position", 0u32);
    let pos = pos.unwrap();
    let r = registry2.clone();
    s.chain
        .call_as::<_, Result<(), scf_interfaces::PSP34Error>>(
            &supplier,
            &r,
            "PSP34::approve",
            (ink_id(&vault2), Some(scf_interfaces::token_id(id)), true),
        )
        .unwrap();
    ok(s.chain.call_as(&supplier, &vault2, "deposit", (pos, id)));
    ok(s.chain
        .call_as(&supplier, &vault2, "borrow", (pos, wad(9_000))));
    // The sibling vault's position was not touched by the callbacks.
    assert_eq!(s.debt(target_pos), target_debt);

    // Now the feed targets its own vault, and the position is made unsafe (ratio 400 %).
    s.chain
        .call::<_, ()>(&attacker, "set_target", (ink_id(&vault2), pos));
    let mut params = invoice_class();
    params.liquidation_ratio = scf_interfaces::Wad(4 * WAD);
    ok(s.chain
        .call_as(&admin, &vault2, "set_class_params", (0u32, params)));
    let supply: u128 = s.chain.call(&stable2, "PSP22::total_supply", ());
    let keeper_balance: u128 = s.chain.call(&stable2, "PSP22::balance_of", ink_id(&keeper));
    let r: Result<(), EngineError> = s.chain.call_as(&keeper, &engine2, "liquidate", pos);
    assert_eq!(r, Err(EngineError::Vault(VaultError::CallFailed)));
    let liquidating: bool = s.chain.call(&vault2, "is_liquidating", pos);
    assert!(!liquidating);
    assert_eq!(
        s.chain.call::<_, u128>(&stable2, "PSP22::total_supply", ()),
        supply
    );
    assert_eq!(
        s.chain
            .call::<_, u128>(&stable2, "PSP22::balance_of", ink_id(&keeper)),
        keeper_balance
    );
    let owner: Option<ink::primitives::AccountId> =
        s.chain
            .call(&registry2, "PSP34::owner_of", scf_interfaces::token_id(id));
    assert_eq!(owner, Some(ink_id(&vault2)));
}

/// Dust round trips: borrowing and repaying the smallest unit a thousand times never gains the
/// borrower anything. After a year of fees (the accumulator ≈ 1.05), each 1-unit borrow adds a
/// whole unit of normalised debt (rounded up) and each 1-unit repay removes none (rounded down,
/// the unit goes to the surplus): the borrower ends with exactly the stablecoin it started with,
/// its debt never below where it started, and the books exact after every trip.
#[test]
fn dust_round_trips_never_gain_anything() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let (pos, _) = coffee_position(&mut s, &supplier, 10_000, 1_000);
    s.advance(365 * MS_PER_DAY);
    s.approve_stable(&supplier, u128::MAX);
    let (balance0, debt0) = (s.balance(&supplier), s.debt(pos));
    let trips = std::env::var("DUST_TRIPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000);
    let mut last_debt = debt0;
    for i in 0..trips {
        s.borrow(&supplier, pos, 1).unwrap();
        let r: Result<(), VaultError> = s.vault_as(&supplier, "repay", (pos, 1u128));
        r.unwrap();
        if i % 50 == 49 {
            let debt = s.debt(pos);
            assert!(
                debt >= last_debt,
                "trip {i}: debt fell from {last_debt} to {debt}"
            );
            last_debt = debt;
            assert_eq!(
                s.balance(&supplier),
                balance0,
                "trip {i}: the borrower gained"
            );
        }
        if i % 250 == 0 {
            s.assert_books();
        }
    }
    assert_eq!(s.balance(&supplier), balance0);
    assert!(s.debt(pos) >= debt0);
    s.assert_books();
}

/// A debtor paying while its invoice is at auction or in recovery. `engine.rs`
/// (`a_debtor_pays_an_invoice_in_recovery_through_the_engine`) covers recovery (the vault answers
/// `InRecovery`, the engine takes the payment); here the auction side: its debtor may always pay
/// what it owes, through the engine (the vault answers `InAuction`), which ends the auction; it
/// may not dispute it there (`InAuction`: a buyer bids on what it saw), nor buy it
/// (`DebtorMustSettle`). The auction starts at what it owes, and a buyer who takes it first gets
/// the invoice it saw; the debtor then owes the buyer.
#[test]
fn a_debtor_paying_while_its_invoice_is_at_auction() {
    let mut s = Suite::deploy();
    let (supplier, keeper, buyer) = (s.actor(2), s.actor(5), s.actor(6));
    let debtor = s.approved_debtor(3, wad(1_000_000));
    let id = s.confirmed_invoice(&supplier, &debtor, wad(20_000), 90 * MS_PER_DAY);
    let pos = s.open(&supplier, INVOICE_CLASS);
    s.deposit(&supplier, pos, id).unwrap();
    let max = s.max_borrow(pos).unwrap();
    s.borrow(&supplier, pos, max).unwrap();
    let mut params = invoice_class();
    params.liquidation_ratio = scf_interfaces::Wad(2 * WAD);
    let admin = s.admin.clone();
    s.vault_as::<_, Result<(), VaultError>>(&admin, "set_class_params", (INVOICE_CLASS, params))
        .unwrap();
    s.liquidate(&keeper, pos).unwrap();
    assert!(s.auction(id).is_some());
    s.fund_stable(&debtor, wad(25_000));
    s.approve_stable(&debtor, wad(25_000));
    assert_eq!(s.settle(&debtor, id), Err(VaultError::InAuction));
    assert_eq!(
        s.vault_as::<_, Result<(), VaultError>>(&debtor, "dispute", id),
        Err(VaultError::InAuction)
    );
    let price = s.auction_price(id).unwrap().expect("running");
    assert_eq!(
        s.take(&debtor, id, price),
        Err(EngineError::DebtorMustSettle)
    );
    // The debtor pays what it owes through the engine: the auction ends, debt and penalty are
    // paid, the supplier gets the rest and the invoice, settled.
    let liq = s.liquidation(pos).unwrap();
    let (debt, penalty) = (liq.debt_remaining_wad, liq.penalty_remaining_wad);
    let supplier_before = s.balance(&supplier);
    s.settle_in_recovery(&debtor, id).unwrap();
    assert_eq!(s.auction(id), None);
    assert_eq!(s.liquidation(pos), None);
    assert_eq!(
        s.balance(&supplier),
        supplier_before + wad(20_000) - debt - penalty
    );
    assert_eq!(s.asset(id).status, AssetStatus::Settled);
    assert_eq!(s.nft_owner(id), Some(supplier.clone()));
    s.assert_books();

    // The other way: a buyer takes a second invoice at auction first, and its debtor then owes
    // the buyer, outside the vault.
    let id2 = s.confirmed_invoice(&supplier, &debtor, wad(20_000), 90 * MS_PER_DAY);
    let pos2 = s.open(&supplier, INVOICE_CLASS);
    s.deposit(&supplier, pos2, id2).unwrap();
    let max = s.max_borrow(pos2).unwrap();
    s.borrow(&supplier, pos2, max * 3 / 4).unwrap();
    let mut params = invoice_class();
    params.liquidation_ratio = scf_interfaces::Wad(3 * WAD);
    s.vault_as::<_, Result<(), VaultError>>(&admin, "set_class_params", (INVOICE_CLASS, params))
        .unwrap();
    s.liquidate(&keeper, pos2).unwrap();
    s.fund_stable(&buyer, wad(30_000));
    let price = s.auction_price(id2).unwrap().expect("running");
    assert!(price >= wad(20_000));
    s.take(&buyer, id2, price).unwrap();
    assert_eq!(s.nft_owner(id2), Some(buyer));
    assert_eq!(s.settle(&debtor, id2), Err(VaultError::NotPledged));
    assert_eq!(s.asset(id2).status, AssetStatus::Confirmed);
    s.assert_books();
}
