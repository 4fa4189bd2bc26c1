//! The risk engine on the compiled contracts: fees, liquidation by Dutch auction, bad debt,
//! defaults, concentration limits and the guardian pause.
use collateral_vault::events::{AssetStatusChanged, BadDebtHealed, LiquidationFinished, Repaid};
use collateral_vault::VaultError;
use e2e_tests::chain::{ink_id, Chain};
use e2e_tests::suite::*;
use liquidation_engine::events::{AuctionStarted, AuctionTaken, Liquidated};
use liquidation_engine::EngineError;
use primitive_types::U256;
use scf_interfaces::{AssetStatus, MS_PER_DAY, RAY, WAD};

/// MakerDAO's rpow on big integers, written independently of the contract's math.
fn rpow_reference(x: u128, mut n: u64) -> U256 {
    let ray = U256::from(RAY);
    let half = ray / 2;
    let mut x = U256::from(x);
    let mut z = if n % 2 == 1 { x } else { ray };
    n /= 2;
    while n > 0 {
        x = (x * x + half) / ray;
        if n % 2 == 1 {
            z = (z * x + half) / ray;
        }
        n /= 2;
    }
    z
}

fn ceil_div(a: U256, b: U256) -> U256 {
    (a + b - 1) / b
}

/// A coffee position borrowing `borrow` against 10 000 kg (worth 18 000 at 2.00 after the 10 % haircut).
fn coffee_position(s: &mut Suite, supplier: &drink::AccountId32, borrow: u128) -> (u64, u128) {
    let id = s.confirmed_coffee(supplier, wad(10_000));
    let pos = s.open(supplier, GOODS_CLASS);
    s.deposit(supplier, pos, id).unwrap();
    s.borrow(supplier, pos, borrow).unwrap();
    (pos, id)
}

#[test]
fn a_year_of_fees_matches_the_closed_form_to_the_unit() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let (pos, _) = coffee_position(&mut s, &supplier, wad(6_000));
    assert_eq!(s.class(GOODS_CLASS).state.rate.0, RAY);
    let art = s.position(pos).unwrap().art;
    assert_eq!(art, wad(6_000));

    s.advance(365 * MS_PER_DAY);
    let rate = rpow_reference(FEE_5PCT, 31_536_000); // × RAY / RAY: the accumulator started at 1.0
    let expected = ceil_div(U256::from(art) * rate, U256::from(RAY));
    assert_eq!(U256::from(s.debt(pos)), expected);
    let expected = expected.low_u128();
    // ≈ 5 % of 6 000.
    assert!(expected.abs_diff(wad(6_300)) < WAD / 1_000, "{expected}");

    // The top-up is a coffee facility in the same class: its borrow brings the class's rate up to
    // date (the year's fee accrues to the surplus then) and rounds its own draw up (a sub-unit
    // surplus). Count from before it.
    let before = s.books();
    s.fund_stable(&supplier, wad(1_000));
    let draw_art = ceil_div(U256::from(wad(1_000)) * U256::from(RAY), rate);
    let draw_excess_rad = draw_art * rate - U256::from(wad(1_000)) * U256::from(RAY);
    s.repay(&supplier, pos, u128::MAX).unwrap();
    let v = s.vault.clone();
    let repaid = s.chain.events_of::<Repaid>(&v);
    assert_eq!(repaid.len(), 1);
    assert_eq!((repaid[0].amount_wad, repaid[0].debt_wad), (expected, 0));
    assert_eq!(s.class(GOODS_CLASS).state.rate.0, rate.low_u128());
    // The whole fee reached the surplus, none of it rounded away: exactly the fee plus the
    // top-up draw's rounding, in whole units minted to the vault and the sub-unit pending rest.
    let after = s.books();
    let ray = U256::from(RAY);
    let surplus_rad = |b: &collateral_vault::Books| {
        U256::from(b.surplus_wad) * ray + U256::from(b.pending_surplus_rad)
    };
    assert_eq!(
        surplus_rad(&after) - surplus_rad(&before),
        U256::from(expected - art) * ray + draw_excess_rad
    );
    assert!(draw_excess_rad < rate);
    assert_eq!(s.balance(&supplier), wad(6_000) + wad(1_000) - expected);
    s.assert_books();
}

#[test]
fn price_drop_liquidation_and_an_auction_bought_at_a_decayed_price() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let keeper = s.actor(5);
    let buyer = s.actor(6);
    let (pos, nft) = coffee_position(&mut s, &supplier, wad(12_000));
    s.fund_stable(&buyer, wad(20_000));

    assert_eq!(
        s.liquidate(&keeper, pos),
        Err(EngineError::Vault(VaultError::PositionSafe))
    );
    // Coffee falls 15 %: 10 000 × 1.70 × 90 % = 15 300 < 12 000 × 150 %.
    s.post_price(COFFEE, wad(17) / 10).unwrap();
    s.liquidate(&keeper, pos).unwrap();
    let (v, e) = (s.vault.clone(), s.engine.clone());
    let liq = s.chain.events_of::<Liquidated>(&e);
    assert_eq!(liq.len(), 1);
    assert_eq!(
        (
            liq[0].position_id,
            liq[0].keeper,
            liq[0].debt_wad,
            liq[0].penalty_wad,
            liq[0].collateral_value_wad
        ),
        (pos, ink_id(&keeper), wad(12_000), wad(1_200), wad(15_300))
    );
    let started = s.chain.events_of::<AuctionStarted>(&e);
    assert_eq!(
        (started[0].asset_id, started[0].start_price_wad),
        (nft, wad(18_360))
    );
    assert_eq!(
        s.liquidate(&keeper, pos),
        Err(EngineError::Vault(VaultError::PositionLiquidating))
    );
    assert_eq!(s.position(pos).unwrap().art, 0);
    assert_eq!(s.books().auction_debt_wad, wad(12_000));
    s.assert_books();

    // A quarter of the day later the price is 75 % of the start: 13 770.
    s.chain.advance_ms(MS_PER_DAY / 4);
    assert_eq!(
        s.take(&buyer, nft, wad(13_769)),
        Err(EngineError::PriceAboveMax)
    );
    let surplus_before = s.books().surplus_wad;
    s.take(&buyer, nft, wad(13_770)).unwrap();
    let taken = s.chain.events_of::<AuctionTaken>(&e);
    assert_eq!(
        (
            taken[0].price_wad,
            taken[0].to_debt_wad,
            taken[0].to_penalty_wad,
            taken[0].to_owner_wad
        ),
        (wad(13_770), wad(12_000), wad(1_200), wad(570))
    );
    let finished = s.chain.events_of::<LiquidationFinished>(&v);
    assert_eq!(
        (finished[0].position_id, finished[0].shortfall_wad),
        (pos, 0)
    );
    assert_eq!(s.balance(&supplier), wad(12_000) + wad(570));
    assert_eq!(s.balance(&buyer), wad(20_000) - wad(13_770));
    assert_eq!(s.nft_owner(nft), Some(buyer.clone()));
    let books = s.books();
    assert_eq!((books.auction_debt_wad, books.bad_debt_wad), (0, 0));
    assert_eq!(books.surplus_wad - surplus_before, wad(1_200));
    assert_eq!(
        s.take(&buyer, nft, wad(13_770)),
        Err(EngineError::AuctionNotFound)
    );
    s.assert_books();
}

#[test]
fn an_auction_that_cannot_cover_the_debt_records_bad_debt_then_surplus_heals_it() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let keeper = s.actor(5);
    let buyer = s.actor(6);
    let (pos, nft) = coffee_position(&mut s, &supplier, wad(12_000));
    s.fund_stable(&buyer, wad(20_000));
    // Coffee falls 40 %: 10 000 × 1.20 × 90 % = 10 800; the auction starts at 12 960.
    s.post_price(COFFEE, wad(12) / 10).unwrap();
    s.liquidate(&keeper, pos).unwrap();

    // 10 % into the auction the price is 11 664: 336 short of the debt.
    s.chain.advance_ms(MS_PER_DAY / 10);
    let surplus_before = s.books().surplus_wad;
    s.take(&buyer, nft, wad(11_664)).unwrap();
    let v = s.vault.clone();
    let finished = s.chain.events_of::<LiquidationFinished>(&v);
    assert_eq!(finished[0].shortfall_wad, wad(336));
    assert!(surplus_before < wad(336));
    let books = s.books();
    assert_eq!(
        books.bad_debt_wad,
        wad(336) - surplus_before,
        "recorded net of what the surplus covered"
    );
    assert_eq!(books.surplus_wad, 0);
    assert_eq!(
        s.balance(&supplier),
        wad(12_000),
        "no surplus for the owner"
    );
    s.assert_books();

    // A year of fees on the buyer's 20 000 facility refills the surplus; healing covers the rest.
    s.advance(365 * MS_PER_DAY);
    // fund_stable opened the buyer's coffee facility (one position for 20 000) right after the
    // supplier's position.
    let buyer_pos = 2;
    assert_eq!(s.position(buyer_pos).unwrap().owner, ink_id(&buyer));
    s.repay(&buyer, buyer_pos, wad(1)).unwrap();
    let refilled = s.books();
    assert!(refilled.surplus_wad > refilled.bad_debt_wad, "{refilled:?}");
    let admin = s.admin.clone();
    s.chain
        .call_as::<_, Result<(), VaultError>>(&admin, &v, "heal", ())
        .unwrap();
    let healed = s.chain.events_of::<BadDebtHealed>(&v);
    assert_eq!(
        (healed[0].amount_wad, healed[0].bad_debt_wad),
        (refilled.bad_debt_wad, 0)
    );
    let books = s.books();
    assert_eq!(books.bad_debt_wad, 0);
    assert_eq!(
        books.surplus_wad,
        refilled.surplus_wad - refilled.bad_debt_wad
    );
    s.assert_books();
}

#[test]
fn an_overdue_invoice_defaults_and_is_liquidated() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let debtor = s.approved_debtor(3, wad(1_000_000));
    let keeper = s.actor(5);
    let buyer = s.actor(6);
    let id = s.confirmed_invoice(&supplier, &debtor, wad(10_000), 30 * MS_PER_DAY);
    let pos = s.open(&supplier, INVOICE_CLASS);
    s.deposit(&supplier, pos, id).unwrap();
    s.borrow(&supplier, pos, wad(3_000)).unwrap();
    let v = s.vault.clone();
    let mark = |s: &mut Suite, who: &drink::AccountId32| -> Result<(), VaultError> {
        let v = s.vault.clone();
        s.chain.call_as(who, &v, "mark_defaulted", id)
    };

    // Overdue but within the 30-day grace: worth half, not yet defaultable.
    s.advance(45 * MS_PER_DAY);
    assert_eq!(mark(&mut s, &keeper), Err(VaultError::NotOverdue));
    // 10 000 × 50 % = 5 000 still covers 3 000 (+ fees) × 150 %.
    assert_eq!(
        s.liquidate(&keeper, pos),
        Err(EngineError::Vault(VaultError::PositionSafe))
    );
    // Past due + grace: anyone marks it defaulted; it is worth nothing.
    s.advance(16 * MS_PER_DAY);
    mark(&mut s, &keeper).unwrap();
    let changed = s.chain.events_of::<AssetStatusChanged>(&v);
    assert_eq!(
        (changed[0].asset_id, changed[0].status),
        (id, AssetStatus::Defaulted)
    );
    assert_eq!(s.asset(id).status, AssetStatus::Defaulted);
    assert_eq!(mark(&mut s, &keeper), Err(VaultError::InvalidStatus));

    let debt = s.debt(pos);
    s.liquidate(&keeper, pos).unwrap();
    let e = s.engine.clone();
    let liq = s.chain.events_of::<Liquidated>(&e);
    assert_eq!((liq[0].debt_wad, liq[0].collateral_value_wad), (debt, 0));
    let penalty = liq[0].penalty_wad;
    // Nothing is given away: a defaulted claim is never auctioned (the old vault auctioned it
    // from 0 and the first caller took it for nothing). It goes into recovery.
    assert!(s.chain.events_of::<AuctionStarted>(&e).is_empty());
    let recovery = s.recovery(id);
    assert_eq!(
        recovery.map(|r| (r.position_id, r.written_off)),
        Some((pos, false))
    );
    s.fund_stable(&buyer, wad(100));
    assert_eq!(s.take(&buyer, id, 0), Err(EngineError::AuctionNotFound));
    assert_eq!(s.nft_owner(id), Some(v.clone()));
    assert_eq!(s.books().auction_debt_wad, debt);
    // No write-off before the recovery period (90 days).
    let write_off = |s: &mut Suite, who: &drink::AccountId32| s.write_off(who, id);
    assert_eq!(
        write_off(&mut s, &keeper),
        Err(EngineError::RecoveryNotOver)
    );
    s.advance(90 * MS_PER_DAY);
    let surplus_before = s.books().surplus_wad;
    write_off(&mut s, &keeper).unwrap();
    // The whole debt was a shortfall: bad debt, healed from the surplus as far as it went.
    assert_eq!(
        s.chain.events_of::<LiquidationFinished>(&v)[0].shortfall_wad,
        debt
    );
    assert_eq!(write_off(&mut s, &keeper), Err(EngineError::NotInRecovery));
    assert_eq!(s.books().auction_debt_wad, 0);
    assert_eq!(s.books().bad_debt_wad, debt - surplus_before);
    s.assert_books();

    // Named scenario: the debtor pays the defaulted invoice late, in recovery, and the bad debt
    // heals: the liquidation's claim (its shortfall, then its penalty) is repaid first — bad debt
    // burned, the surplus that covered the rest refilled — what is left over goes to the supplier
    // and the invoice is Settled, back with it.
    s.fund_stable(&debtor, wad(10_000));
    let (bad, surplus) = (s.books().bad_debt_wad, s.books().surplus_wad);
    let supplier_before = s.balance(&supplier);
    // Through the vault it is refused with the way to pay it: the engine holds the recovery.
    s.approve_stable(&debtor, wad(10_000));
    assert_eq!(s.settle(&debtor, id), Err(VaultError::InRecovery));
    s.settle_in_recovery(&debtor, id).unwrap();
    assert_eq!(s.balance(&debtor), 0);
    assert_eq!(s.books().bad_debt_wad, 0);
    assert_eq!(s.books().surplus_wad, surplus + (debt - bad) + penalty);
    assert_eq!(
        s.balance(&supplier),
        supplier_before + wad(10_000) - debt - penalty
    );
    assert_eq!(s.asset(id).status, AssetStatus::Settled);
    assert_eq!(s.nft_owner(id), Some(supplier.clone()));
    let record = s.payment_record(&debtor);
    assert_eq!((record.defaulted, record.unresolved_defaults), (1, 0));
    s.assert_books();
}

#[test]
fn the_concentration_limit_refuses_a_second_supplier_against_the_same_debtor() {
    let mut s = Suite::deploy();
    let (a, b) = (s.actor(2), s.actor(4));
    // A credit line well above the class's 50 000 per-debtor limit: that limit is what binds here.
    let debtor = s.approved_debtor(3, wad(1_000_000));
    let first = s.confirmed_invoice(&a, &debtor, wad(90_000), 73 * MS_PER_DAY);
    let pa = s.open(&a, INVOICE_CLASS);
    s.deposit(&a, pa, first).unwrap();
    s.borrow(&a, pa, wad(40_000)).unwrap();

    let second = s.confirmed_invoice(&b, &debtor, wad(30_000), 73 * MS_PER_DAY);
    let pb = s.open(&b, INVOICE_CLASS);
    s.deposit(&b, pb, second).unwrap();
    assert!(
        s.max_borrow(pb).unwrap() > wad(15_000),
        "the collateral alone would allow it"
    );
    assert_eq!(s.borrow(&b, pb, wad(15_000)), Err(VaultError::DebtorLimit));
    assert_eq!(s.balance(&b), 0);
    s.borrow(&b, pb, wad(10_000)).unwrap();
    let v = s.vault.clone();
    let admin = s.admin.clone();
    let exposure: Result<u128, VaultError> =
        s.chain
            .call_as(&admin, &v, "debtor_debt", (INVOICE_CLASS, ink_id(&debtor)));
    assert_eq!(exposure, Ok(wad(50_000)));
    assert_eq!(s.borrow(&b, pb, 1), Err(VaultError::DebtorLimit));
    // Another debtor's invoice in the same position is refused: a position finances one debtor.
    let other = s.approved_debtor(7, wad(1_000_000));
    let third = s.confirmed_invoice(&b, &other, wad(1_000), 73 * MS_PER_DAY);
    assert_eq!(s.deposit(&b, pb, third), Err(VaultError::DebtorMismatch));
    s.assert_books();
}

#[test]
fn liquidating_a_safe_position_is_refused_and_changes_nothing() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let keeper = s.actor(5);
    let (pos, nft) = coffee_position(&mut s, &supplier, wad(12_000));
    let position = s.position(pos);
    assert_eq!(
        s.liquidate(&keeper, pos),
        Err(EngineError::Vault(VaultError::PositionSafe))
    );
    assert_eq!(s.chain.last_events().len(), 0);
    assert_eq!(s.position(pos), position);
    assert_eq!(s.nft_owner(nft), Some(s.vault.clone()));
    let v = s.vault.clone();
    let admin = s.admin.clone();
    let _ = (v, admin);
    assert_eq!(s.liquidation(pos), None);
    s.assert_books();
}

#[test]
fn the_guardian_pause_blocks_borrowing_but_not_repaying_or_settling() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let debtor = s.approved_debtor(3, wad(1_000_000));
    let keeper = s.actor(5);
    let (pos, _) = coffee_position(&mut s, &supplier, wad(6_000));
    let inv = s.confirmed_invoice(&supplier, &debtor, wad(1_000), 30 * MS_PER_DAY);
    let ipos = s.open(&supplier, INVOICE_CLASS);
    s.deposit(&supplier, ipos, inv).unwrap();
    s.borrow(&supplier, ipos, wad(500)).unwrap();
    s.fund_stable(&debtor, wad(1_000));

    let v = s.vault.clone();
    let pause = |s: &mut Suite, who: &drink::AccountId32, label: &str| -> Result<(), VaultError> {
        let v = s.vault.clone();
        s.chain.call_as(who, &v, label, ())
    };
    assert_eq!(
        pause(&mut s, &supplier, "pause"),
        Err(VaultError::NotGuardian)
    );
    let guardian = s.guardian.clone();
    pause(&mut s, &guardian, "pause").unwrap();

    assert_eq!(s.borrow(&supplier, pos, wad(1)), Err(VaultError::Paused));
    assert_eq!(s.withdraw(&supplier, pos, 1), Err(VaultError::Paused));
    assert_eq!(
        s.liquidate(&keeper, pos),
        Err(EngineError::Vault(VaultError::Paused))
    );
    s.repay(&supplier, pos, wad(1_000)).unwrap();
    assert_eq!(s.balance(&supplier), wad(5_500));
    s.approve_stable(&debtor, wad(1_000));
    s.settle(&debtor, inv).unwrap();
    assert_eq!(s.asset(inv).status, AssetStatus::Settled);
    let _ = v;

    // The guardian cannot undo the pause; the admin can.
    assert_eq!(
        pause(&mut s, &guardian, "unpause"),
        Err(VaultError::NotAdmin)
    );
    assert!(s.books().paused);
    let admin = s.admin.clone();
    pause(&mut s, &admin, "unpause").unwrap();
    s.borrow(&supplier, pos, wad(1)).unwrap();
    s.assert_books();
}

#[test]
fn an_auction_that_expires_unsold_restarts_from_the_current_value() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let keeper = s.actor(5);
    let buyer = s.actor(6);
    let (pos, nft) = coffee_position(&mut s, &supplier, wad(12_000));
    s.fund_stable(&buyer, wad(20_000));
    s.post_price(COFFEE, wad(17) / 10).unwrap();
    s.liquidate(&keeper, pos).unwrap();
    let restart = |s: &mut Suite| s.restart_auction(&Chain::account(5), nft);
    assert_eq!(restart(&mut s), Err(EngineError::AuctionNotExpired));

    // A day and a second later nobody has bought: the auction has expired.
    s.advance(MS_PER_DAY + 1_000);
    assert_eq!(
        s.take(&buyer, nft, wad(20_000)),
        Err(EngineError::AuctionExpired)
    );
    let price = s.auction_price(nft);
    assert_eq!(price, Ok(None));

    // Restarted at today's value: 10 000 × 1.70 × 90 % × 1.2 = 18 360.
    restart(&mut s).unwrap();
    let e = s.engine.clone();
    let started = s.chain.events_of::<AuctionStarted>(&e);
    assert_eq!(
        (started[0].asset_id, started[0].start_price_wad),
        (nft, wad(18_360))
    );
    let now = s.chain.now_ms();
    let auction = s.auction(nft);
    assert_eq!(
        auction.map(|a| (a.start_price_wad, a.started_at_ms)),
        Some((wad(18_360), now))
    );
    s.take(&buyer, nft, wad(18_360)).unwrap();
    assert_eq!(s.nft_owner(nft), Some(buyer.clone()));
    s.assert_books();
}
