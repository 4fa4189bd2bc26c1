//! Issue 12, on the compiled contracts: a pledged shipment that arrives (defect 5), the poison
//! pill (defect 6, its deposit side), the surplus (defect 7), and the pause that only the admin
//! lifts. Each performs what went wrong before and asserts the exact outcome.
use collateral_vault::{ClassId, ClassParams, VaultError};
use drink::AccountId32;
use e2e_tests::chain::ink_id;
use e2e_tests::suite::*;
use liquidation_engine::EngineError;
use scf_interfaces::{
    price_key, AssetKind, AssetKindCode, GoodsTerms, OracleError, RegistryError, TransitTerms, Wad,
    MS_PER_DAY, WAD,
};

/// A goods-in-transit class: 150 %, 10 % haircut, 2 days of grace after the expected arrival.
fn transit_class(s: &mut Suite) -> ClassId {
    s.add_class(ClassParams {
        kind: AssetKindCode::InTransit,
        goods_haircut: Wad(WAD / 10),
        grace_period_ms: 2 * MS_PER_DAY,
        debtor_limit_wad: 0,
        ..invoice_class()
    })
    .unwrap()
}

/// Defect 5: the destination warehouse could not attest arrival while the vault held the NFT, so
/// arrived goods dropped to 0 after arrival + grace and were auctioned. Now it attests through
/// the vault: the NFT becomes a warehouse receipt in place, stays pledged, and is valued as
/// stored goods for good.
#[test]
fn defect_5_a_pledged_shipment_arrives_in_place_and_keeps_its_value() {
    let mut s = Suite::deploy();
    let class = transit_class(&mut s);
    let (supplier, carrier, keeper) = (s.actor(2), s.actor(14), s.actor(5));
    s.set_attester(&carrier, true);
    let warehouse = s.warehouse.clone();
    let now = s.chain.now_ms();
    let kind = AssetKind::InTransit(TransitTerms {
        commodity: COFFEE,
        quantity_wad: wad(10_000),
        carrier: ink_id(&carrier),
        destination_warehouse: ink_id(&warehouse),
        expected_arrival_ms: now + 5 * MS_PER_DAY,
        document_hash: [0xE5; 32],
    });
    let id = s.register(&supplier, kind).unwrap();
    s.confirm(&carrier, id, &supplier, wad(10_000)).unwrap();
    let pos = s.open(&supplier, class);
    s.deposit(&supplier, pos, id).unwrap();
    s.borrow(&supplier, pos, wad(10_000)).unwrap();

    // Only the destination warehouse, and only through the vault while pledged.
    for who in [&supplier, &carrier, &keeper] {
        let r: Result<(), VaultError> = s.vault_as(who, "attest_arrival", (id, wad(9_500)));
        assert_eq!(r, Err(VaultError::NotDestinationWarehouse));
    }
    let r = s.registry.clone();
    let direct: Result<(), RegistryError> =
        s.chain
            .call_as(&warehouse, &r, "attest_arrival", (id, wad(9_500)));
    assert_eq!(direct, Err(RegistryError::NotCustodian));
    // A warehouse that lost its role attests nothing.
    s.set_attester(&warehouse, false);
    let revoked: Result<(), VaultError> =
        s.vault_as(&warehouse, "attest_arrival", (id, wad(9_500)));
    assert_eq!(
        revoked,
        Err(VaultError::Registry(RegistryError::NotAttester))
    );
    s.set_attester(&warehouse, true);

    s.advance(4 * MS_PER_DAY);
    let arrived: Result<(), VaultError> =
        s.vault_as(&warehouse, "attest_arrival", (id, wad(9_500)));
    arrived.unwrap();
    assert_eq!(s.nft_owner(id), Some(s.vault.clone()));
    let receipt = AssetKind::WarehouseReceipt(GoodsTerms {
        commodity: COFFEE,
        quantity_wad: wad(9_500),
        warehouse: ink_id(&warehouse),
        document_hash: [0xE5; 32],
    });
    assert_eq!(s.asset(id).kind, receipt);
    let pledge: Option<collateral_vault::Pledge> = s.vault_as(&keeper, "pledge", id);
    assert_eq!(pledge.map(|p| p.kind), Some(receipt));

    // Weeks past the expected arrival and its grace, it is worth 9 500 × 2.00 × 0.9 = 17 100.
    s.advance(30 * MS_PER_DAY);
    let value: Result<u128, VaultError> = s.vault_as(&keeper, "position_value", pos);
    assert_eq!(value, Ok(wad(17_100)));
    assert_eq!(
        s.liquidate(&keeper, pos),
        Err(EngineError::Vault(VaultError::PositionSafe))
    );
    s.assert_books();
}

/// Defect 6 (deposit side): a deposit asked no price, so one NFT with an unknown, stale or
/// unlisted price key made its position impossible to value, and so to liquidate. Now a class
/// lists the keys it accepts and a deposit needs a fresh price for the NFT's key.
#[test]
fn defect_6_no_poison_pill_enters_a_position() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let pos = s.open(&supplier, GOODS_CLASS);
    let good = s.confirmed_coffee(&supplier, wad(1_000));
    s.deposit(&supplier, pos, good).unwrap();
    s.borrow(&supplier, pos, wad(1_000)).unwrap();

    // GOLD is not a key the goods class accepts (nor one the oracle knows).
    let gold = s.confirmed_goods(&supplier, price_key("GOLD"), wad(1));
    // COCOA is accepted by the class but the oracle has never priced it.
    let cocoa = s.confirmed_goods(&supplier, price_key("COCOA"), wad(1));
    let pos2 = s.open(&supplier, GOODS_CLASS);
    let books = s.books();
    assert_eq!(
        s.deposit(&supplier, pos, gold),
        Err(VaultError::PriceKeyNotAccepted)
    );
    // (In a position of its own: a position is valued by one key.)
    assert_eq!(
        s.deposit(&supplier, pos2, cocoa),
        Err(VaultError::Oracle(OracleError::UnknownKey))
    );
    // A listed key whose price went stale.
    s.chain.advance_ms(MAX_AGE_MS + 1);
    let coffee = s.confirmed_coffee(&supplier, wad(1_000));
    assert_eq!(
        s.deposit(&supplier, pos, coffee),
        Err(VaultError::Oracle(OracleError::StalePrice))
    );
    for id in [gold, cocoa, coffee] {
        assert_eq!(s.nft_owner(id), Some(supplier.clone()));
    }
    assert_eq!(s.position(pos).unwrap().assets, vec![good]);
    assert_eq!(s.books(), books);
    // Fresh again: the position still values and the listed key goes in.
    s.post_price(COFFEE, wad(2)).unwrap();
    s.deposit(&supplier, pos, coffee).unwrap();
    assert_eq!(s.max_borrow(pos).map(|m| m > 0), Ok(true));
}

/// Defect 7: the surplus could be withdrawn to zero while liquidated debt was still at auction
/// (whose shortfall it must cover), and a plain transfer to the vault broke
/// `balance == surplus` for good. Now: no withdrawal while debt is at auction, a buffer always
/// stays, and anyone `skim`s a donation into the surplus.
#[test]
fn defect_7_surplus_stays_while_debt_is_at_auction_and_donations_are_skimmed() {
    let mut s = Suite::deploy();
    let (supplier, keeper, admin) = (s.actor(2), s.actor(5), s.admin.clone());
    let treasury = s.actor(9);
    let id = s.confirmed_coffee(&supplier, wad(10_000));
    let pos = s.open(&supplier, GOODS_CLASS);
    s.deposit(&supplier, pos, id).unwrap();
    s.borrow(&supplier, pos, wad(12_000)).unwrap();
    // A year of fees builds a surplus.
    s.advance(365 * MS_PER_DAY);
    s.repay(&supplier, pos, wad(100)).unwrap();
    let surplus = s.books().surplus_wad;
    assert!(surplus > wad(500), "{surplus}");

    // A donation: the vault's balance exceeds its books until someone skims it.
    s.transfer_stable(&supplier, &s.vault.clone(), wad(10));
    let vault = s.vault.clone();
    assert_eq!(s.balance(&vault), surplus + wad(10));
    s.vault_as::<_, Result<(), VaultError>>(&keeper, "skim", ())
        .unwrap();
    assert_eq!(s.books().surplus_wad, surplus + wad(10));
    assert_eq!(
        s.vault_as::<_, Result<(), VaultError>>(&keeper, "skim", ()),
        Err(VaultError::NothingToSkim)
    );
    s.assert_books();
    let surplus = surplus + wad(10);

    // A 35 % fall liquidates the position (11 700 of value against ~12 500 of debt): its debt
    // is at auction.
    s.post_price(COFFEE, wad(13) / 10).unwrap();
    s.liquidate(&keeper, pos).unwrap();
    assert!(s.books().auction_debt_wad > 0);
    let books = s.books();
    assert_eq!(
        s.vault_as::<_, Result<(), VaultError>>(
            &admin,
            "withdraw_surplus",
            (ink_id(&treasury), wad(1))
        ),
        Err(VaultError::DebtAtAuction)
    );
    assert_eq!(s.books(), books);
    assert_eq!(s.balance(&treasury), 0);

    // The auction sells (a buyer pays the start price at once); then the surplus is free above
    // the buffer.
    let buyer = s.actor(6);
    s.fund_stable(&buyer, wad(20_000));
    let price = s.auction_price(id);
    let price = price.unwrap().unwrap();
    s.take(&buyer, id, price).unwrap();
    assert_eq!(s.books().auction_debt_wad, 0);
    // The sale covered the debt and the penalty: the penalty joined the surplus.
    let books = s.books();
    assert_eq!(books.bad_debt_wad, 0);
    let surplus_now = books.surplus_wad;
    assert!(surplus_now > surplus, "{surplus_now} vs {surplus}");
    s.vault_as::<_, Result<(), VaultError>>(&admin, "set_surplus_buffer", wad(500))
        .unwrap();
    assert_eq!(
        s.vault_as::<_, Result<(), VaultError>>(
            &admin,
            "withdraw_surplus",
            (ink_id(&treasury), surplus_now - wad(500) + 1)
        ),
        Err(VaultError::InsufficientSurplus)
    );
    s.vault_as::<_, Result<(), VaultError>>(
        &admin,
        "withdraw_surplus",
        (ink_id(&treasury), surplus_now - wad(500)),
    )
    .unwrap();
    assert_eq!(s.balance(&treasury), surplus_now - wad(500));
    assert_eq!(s.books().surplus_wad, wad(500));
    s.assert_books();
}

/// Named scenario: the guardian pauses, a week passes, the guardian cannot unpause, the admin
/// does, and liquidation still works (fees accrued over the pause are charged, prices are fresh).
#[test]
fn pause_a_week_passes_unpause_and_liquidation_still_works() {
    let mut s = Suite::deploy();
    let (supplier, keeper, admin, guardian) =
        (s.actor(2), s.actor(5), s.admin.clone(), s.guardian.clone());
    let id = s.confirmed_coffee(&supplier, wad(10_000));
    let pos = s.open(&supplier, GOODS_CLASS);
    s.deposit(&supplier, pos, id).unwrap();
    s.borrow(&supplier, pos, wad(11_000)).unwrap();
    s.vault_as::<_, Result<(), VaultError>>(&guardian, "pause", ())
        .unwrap();
    s.advance(7 * MS_PER_DAY);
    s.post_price(COFFEE, wad(16) / 10).unwrap(); // −20 %: 10 000 × 1.6 × 0.9 = 14 400 < 1.5 × debt
    assert_eq!(
        s.liquidate(&keeper, pos),
        Err(EngineError::Vault(VaultError::Paused))
    );
    assert_eq!(
        s.vault_as::<_, Result<(), VaultError>>(&guardian, "unpause", ()),
        Err(VaultError::NotAdmin)
    );
    s.vault_as::<_, Result<(), VaultError>>(&admin, "unpause", ())
        .unwrap();
    let debt = s.debt(pos);
    assert!(debt > wad(11_000));
    s.liquidate(&keeper, pos).unwrap();
    assert_eq!(s.books().auction_debt_wad, debt);
    s.assert_books();
}

/// Defect 3: the debtor disputed its own pledged invoice, liquidated the position and took the
/// invoice at auction for 0. Now a dispute alone makes nothing liquidatable, and a disputed
/// invoice in a position liquidated for another reason (here: it ran late) goes to recovery,
/// where nobody can buy it; an arbiter rules. Ruled valid, it is Confirmed again and goes to a
/// real auction (or the debtor pays it); ruled void, it may be written off at once.
/// An arbiter (account 8) and a supplier (2) with 9 000 borrowed against a 15 000 invoice owed by
/// an approved debtor (3): (supplier, debtor, arbiter, position, invoice).
fn arbitrated_invoice(s: &mut Suite) -> (AccountId32, AccountId32, AccountId32, u64, u128) {
    let (supplier, arbiter) = (s.actor(2), s.actor(8));
    let debtor = s.approved_debtor(3, wad(1_000_000));
    s.set_arbiter(&arbiter);
    let id = s.confirmed_invoice(&supplier, &debtor, wad(15_000), 60 * MS_PER_DAY);
    let pos = s.open(&supplier, INVOICE_CLASS);
    s.deposit(&supplier, pos, id).unwrap();
    s.borrow(&supplier, pos, wad(9_000)).unwrap();
    (supplier, debtor, arbiter, pos, id)
}

#[test]
fn defect_3_a_disputed_invoice_is_not_given_away() {
    let mut s = Suite::deploy();
    let (supplier, debtor, arbiter, pos, id) = arbitrated_invoice(&mut s);
    let admin = s.admin.clone();
    s.fund_stable(&debtor, wad(20_000));

    // The attack: dispute, liquidate, take for nothing. The dispute alone does not make the
    // facility liquidatable...
    s.vault_as::<_, Result<(), VaultError>>(&debtor, "dispute", id)
        .unwrap();
    assert_eq!(
        s.liquidate(&debtor, pos),
        Err(EngineError::Vault(VaultError::PositionSafe))
    );
    // ...but 15 days into the grace period, unpaid, it is worth half its face and the facility
    // is liquidated: the disputed invoice goes to recovery.
    s.advance(75 * MS_PER_DAY);
    s.liquidate(&debtor, pos).unwrap();
    assert_eq!(s.take(&debtor, id, 0), Err(EngineError::AuctionNotFound));
    assert_eq!(
        s.take(&debtor, id, u128::MAX),
        Err(EngineError::AuctionNotFound)
    );
    let v = s.vault.clone();
    assert_eq!(s.nft_owner(id), Some(v.clone()));
    // Nobody but the arbiter rules; a disputed invoice has no value to auction.
    for who in [&debtor, &supplier, &admin] {
        assert_eq!(
            s.resolve_dispute(who, id, true),
            Err(EngineError::NotArbiter)
        );
    }
    assert_eq!(s.restart_auction(&debtor, id), Err(EngineError::NoValue));
    // Not void: no immediate write-off either.
    assert_eq!(s.write_off(&debtor, id), Err(EngineError::RecoveryNotOver));

    // The arbiter rules the invoice valid: Confirmed again, auctioned from its value but never
    // below the 15 000 its debtor owes (value × 1.2 = 9 000 here): that is its start and its
    // reserve.
    s.resolve_dispute(&arbiter, id, true).unwrap();
    assert_eq!(s.asset(id).status, scf_interfaces::AssetStatus::Confirmed);
    s.restart_auction(&debtor, id).unwrap();
    let auction = s.auction(id);
    let auction = auction.expect("auctioned");
    assert_eq!(
        (auction.start_price_wad, auction.floor_wad),
        (wad(15_000), wad(15_000)),
        "{auction:?}"
    );
    assert_eq!(
        s.take(&debtor, id, u128::MAX),
        Err(EngineError::DebtorMustSettle)
    );
    s.assert_books();
}

/// Defect 3, the other ruling: the arbiter upholds the dispute (the invoice is void); the
/// recovery may then be written off at once, and the debt it leaves becomes bad debt.
#[test]
fn defect_3_a_void_invoice_is_written_off_not_sold() {
    let mut s = Suite::deploy();
    let (_, debtor, arbiter, pos, id) = arbitrated_invoice(&mut s);
    let keeper = s.actor(5);
    s.vault_as::<_, Result<(), VaultError>>(&debtor, "dispute", id)
        .unwrap();
    // Ruled void before any liquidation: worth nothing now, the facility is liquidatable, and
    // its recovery may be written off at once.
    s.resolve_dispute(&arbiter, id, false).unwrap();
    let debt = s.debt(pos);
    s.liquidate(&keeper, pos).unwrap();
    assert!(s.recovery(id).unwrap().dispute_upheld);
    s.write_off(&keeper, id).unwrap();
    let books = s.books();
    assert_eq!(books.auction_debt_wad, 0);
    assert_eq!(
        books.bad_debt_wad + books.surplus_wad,
        debt.max(books.bad_debt_wad)
    );
    assert!(books.bad_debt_wad > 0);
    // The void invoice stays in the vault: a debtor who pays after all still heals the debt.
    assert_eq!(s.nft_owner(id), Some(s.vault.clone()));
    s.assert_books();
}

/// Defect 4 and the named scenario: keepers are absent while the price decays. It never falls
/// below the reserve (40 % of the start): at the floor `take` is refused and the auction resets
/// from the current value.
#[test]
fn keepers_absent_until_the_floor_then_a_reset() {
    let mut s = Suite::deploy();
    let (supplier, keeper, buyer) = (s.actor(2), s.actor(5), s.actor(6));
    let id = s.confirmed_coffee(&supplier, wad(10_000));
    let pos = s.open(&supplier, GOODS_CLASS);
    s.deposit(&supplier, pos, id).unwrap();
    s.borrow(&supplier, pos, wad(12_000)).unwrap();
    s.post_price(COFFEE, wad(17) / 10).unwrap();
    s.liquidate(&keeper, pos).unwrap();
    // Value 10 000 × 1.7 × 0.9 = 15 300; start 18 360; floor 7 344, reached at 60 % of the day.
    let auction = s.auction(id);
    let auction = auction.unwrap();
    assert_eq!(
        (auction.start_price_wad, auction.floor_wad),
        (wad(18_360), wad(7_344))
    );
    s.fund_stable(&buyer, wad(20_000));
    s.chain.advance_ms(MS_PER_DAY * 6 / 10);
    let price = s.auction_price(id);
    assert_eq!(price, Ok(Some(wad(7_344))));
    s.chain.advance_ms(1_000);
    let price = s.auction_price(id);
    assert_eq!(price, Ok(None));
    // The owner (or anyone) cannot buy it for dust below the reserve.
    assert_eq!(
        s.take(&buyer, id, wad(7_000)),
        Err(EngineError::AuctionExpired)
    );
    assert_eq!(s.nft_owner(id), Some(s.vault.clone()));
    // Reset from the current value (prices re-posted at 1.70).
    s.post_price(COFFEE, wad(17) / 10).unwrap();
    s.restart_auction(&keeper, id).unwrap();
    let auction = s.auction(id);
    assert_eq!(auction.map(|a| a.start_price_wad), Some(wad(18_360)));
    s.take(&buyer, id, wad(18_360)).unwrap();
    assert_eq!(s.nft_owner(id), Some(buyer.clone()));
    assert_eq!(s.books().auction_debt_wad, 0);
    s.assert_books();
}
