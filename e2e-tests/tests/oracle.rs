//! Prices that fail closed (issue 12, the oracle's part), on the compiled contracts: each defect
//! of the old oracle as an attack or a market event, with the exact outcome.
//!
//! The old oracle compared each submission with the previous answer (one reporter walked the
//! price ×1.5 per call), took the mean of two fresh submissions, trusted every reporter for every
//! key, and after a real crash kept serving the old answer as fresh while refusing the honest
//! reporters. Here the guard is anchored in time, the answer is a true median, reporter sets are
//! per key, and a move beyond the guard either has a quorum of reporters behind it or suspends the
//! key (price queries fail; borrowing stops; repaying does not).
use collateral_vault::{Books, PositionId, VaultError};
use drink::AccountId32;
use e2e_tests::chain::ink_id;
use e2e_tests::suite::*;
use liquidation_engine::EngineError;
use price_oracle::KeyState;
use scf_interfaces::{price_key, OracleError, PriceData, PriceKey, MS_PER_DAY, WAD};

const COCOA: PriceKey = price_key("COCOA");

fn submit(s: &mut Suite, who: &AccountId32, key: PriceKey, price_wad: u128) {
    let o = s.oracle.clone();
    s.chain
        .call_as::<_, Result<(), OracleError>>(who, &o, "submit", (key, price_wad))
        .expect("a reporter's submission is taken");
}

fn oracle_admin(s: &mut Suite, label: &str, args: impl parity_scale_codec::Encode) {
    let (a, o) = (s.admin.clone(), s.oracle.clone());
    s.chain
        .call_as::<_, Result<(), OracleError>>(&a, &o, label, args)
        .expect("admin");
}

fn key_state(s: &mut Suite, key: PriceKey) -> KeyState {
    let o = s.oracle.clone();
    s.chain
        .call::<_, Option<KeyState>>(&o, "key_state", key)
        .expect("configured key")
}

fn latest(s: &mut Suite, key: PriceKey) -> PriceData {
    let o = s.oracle.clone();
    s.chain
        .call::<_, Option<PriceData>>(&o, "latest_answer", key)
        .expect("an answer")
}

/// The vault's and the engine's whole storage (child-trie hashes): what a refused liquidation
/// must leave unchanged.
fn vault_and_engine_storage(s: &mut Suite) -> (Vec<u8>, Vec<u8>) {
    let (vault, engine) = (s.vault.clone(), s.engine.clone());
    (s.chain.storage_hash(&vault), s.chain.storage_hash(&engine))
}

/// COCOA at 2.00 with five reporters of its own: quorum 3, a 20 % guard anchored an hour back,
/// and a move quorum of 3 (a majority).
fn cocoa_with_five_reporters(s: &mut Suite) -> Vec<AccountId32> {
    oracle_admin(
        s,
        "set_key",
        (COCOA, MAX_AGE_MS, 3u8, 2_000u32, ANCHOR_INTERVAL_MS, 3u8),
    );
    let reporters: Vec<_> = (70..75).map(|n| s.actor(n)).collect();
    for r in &reporters {
        oracle_admin(s, "add_reporter", (COCOA, ink_id(r)));
    }
    for r in reporters.clone() {
        submit(s, &r, COCOA, wad(2));
    }
    assert_eq!(s.price(COCOA).map(|p| p.price_wad), Ok(wad(2)));
    reporters
}

/// A goods position holding 10 000 COCOA (value 10 000 × 2.00 × 0.9 = 18 000) with `debt_wad`
/// borrowed.
fn cocoa_position(s: &mut Suite, supplier: &AccountId32, debt_wad: u128) -> PositionId {
    let id = s.confirmed_goods(supplier, COCOA, wad(10_000));
    let pos = s.open(supplier, GOODS_CLASS);
    s.deposit(supplier, pos, id).unwrap();
    s.borrow(supplier, pos, debt_wad).unwrap();
    pos
}

/// Defect 1: one reporter submits a ×1.5 move twenty times in one block. The old guard compared
/// each with the previous answer and let the price walk ×1.5 per call. Now every key has a quorum
/// of three: one reporter's submission is one value of three, the median is an honest reporter's
/// price, and nothing moves (not even a suspension); borrowing capacity is unchanged.
#[test]
fn defect_1_one_reporter_cannot_walk_the_price_in_one_block() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let id = s.confirmed_coffee(&supplier, wad(10_000));
    let pos = s.open(&supplier, GOODS_CLASS);
    s.deposit(&supplier, pos, id).unwrap();
    s.borrow(&supplier, pos, wad(1_000)).unwrap();
    let capacity = s.max_borrow(pos).unwrap();
    let anchor = key_state(&mut s, COFFEE).anchor_wad;
    assert_eq!(anchor, Some(wad(2)));

    let r = s.reporter.clone();
    let mut p = wad(2);
    for _ in 0..20 {
        p = p * 3 / 2;
        submit(&mut s, &r, COFFEE, p);
        assert_eq!(s.price(COFFEE).map(|a| a.price_wad), Ok(wad(2)));
    }
    assert_eq!(latest(&mut s, COFFEE).price_wad, wad(2));
    assert_eq!(key_state(&mut s, COFFEE).anchor_wad, anchor);
    assert!(!key_state(&mut s, COFFEE).suspended);
    assert_eq!(s.max_borrow(pos), Ok(capacity));
    assert_eq!(
        s.borrow(&supplier, pos, capacity + 1),
        Err(VaultError::Unsafe)
    );
    s.borrow(&supplier, pos, capacity).unwrap();
    s.assert_books();
}

/// Defect 1: with two fresh submissions the old "median" was their mean, so one of two reporters
/// set it anywhere between. The answer is a submitted price, the median of at least three.
#[test]
fn defect_1_two_submissions_give_a_submitted_price_never_their_mean() {
    let mut s = Suite::deploy();
    let [r1, r2, _] = s.reporters();
    s.chain.advance_ms(1_000);
    submit(&mut s, &r1, USD, WAD * 14 / 10);
    assert_eq!(s.price(USD).map(|p| p.price_wad), Ok(WAD));
    submit(&mut s, &r2, USD, WAD * 11 / 10);
    // (1.4, 1.1, 1.0): the median is 1.1; their mean (1.1666…) never shows.
    assert_eq!(s.price(USD).map(|p| p.price_wad), Ok(WAD * 11 / 10));
}

/// Defect 1: reporters were global, so a reporter trusted for one key moved every key. A
/// reporter of COCOA only cannot submit for COFFEE, and nothing changes.
#[test]
fn defect_1_a_reporter_of_one_key_cannot_move_another() {
    let mut s = Suite::deploy();
    let cocoa_reporters = cocoa_with_five_reporters(&mut s);
    let before = latest(&mut s, COFFEE);
    let o = s.oracle.clone();
    for key in [COFFEE, USD, EUR] {
        let r: Result<(), OracleError> =
            s.chain
                .call_as(&cocoa_reporters[0], &o, "submit", (key, wad(100)));
        assert_eq!(r, Err(OracleError::NotReporter));
        assert_eq!(s.chain.last_events().len(), 0);
    }
    assert_eq!(latest(&mut s, COFFEE), before);
    assert_eq!(s.price(COFFEE).map(|p| p.price_wad), Ok(wad(2)));
}

/// Defect 2 and the named scenario: a genuine 60 % crash. Three of five reporters report it in
/// one window (a move quorum): it is accepted at once, the position it makes unsafe is
/// liquidated. (The old oracle refused the honest reporters with `DeviationTooLarge` and served
/// the pre-crash price as fresh for an hour: borrowers drew against collateral worth 40 % of its
/// price and the position could not be liquidated.)
#[test]
fn defect_2_a_genuine_60_percent_crash_reported_by_a_quorum_is_accepted_and_liquidated() {
    let mut s = Suite::deploy();
    let reporters = cocoa_with_five_reporters(&mut s);
    let (supplier, keeper) = (s.actor(2), s.actor(5));
    // 12 000 against 18 000 of value at 150 %: exactly at capacity.
    let pos = cocoa_position(&mut s, &supplier, wad(12_000));
    assert_eq!(
        s.liquidate(&keeper, pos),
        Err(EngineError::Vault(VaultError::PositionSafe))
    );

    // Two reporters see the crash first: a minority, not the median; the answer stays.
    s.chain.advance_ms(60_000);
    submit(&mut s, &reporters[0], COCOA, wad(8) / 10);
    submit(&mut s, &reporters[1], COCOA, wad(8) / 10);
    assert_eq!(s.price(COCOA).map(|p| p.price_wad), Ok(wad(2)));
    // The third makes it the median and the move quorum: the crash is accepted in one window.
    submit(&mut s, &reporters[2], COCOA, wad(8) / 10);
    assert_eq!(s.price(COCOA).map(|p| p.price_wad), Ok(wad(8) / 10));
    assert!(!key_state(&mut s, COCOA).suspended);
    assert_eq!(key_state(&mut s, COCOA).anchor_wad, Some(wad(8) / 10));

    // Value 10 000 × 0.80 × 0.9 = 7 200 against 12 000 of debt: liquidated.
    let debt = s.debt(pos);
    s.liquidate(&keeper, pos).unwrap();
    let books = s.books();
    assert_eq!(books.auction_debt_wad, debt);
    assert_eq!(s.position(pos).unwrap().art, 0);
    s.assert_books();
}

/// Defect 2: the median has moved beyond the guard but fewer reporters than the move quorum
/// back it. The old oracle served the pre-crash answer as fresh; now the key is suspended
/// (borrowing, withdrawing and liquidating stop, repaying does not) until the move quorum
/// confirms, and the confirmed crash is then liquidated straight to an auction at the true price.
#[test]
fn defect_2_a_crash_short_of_the_move_quorum_suspends_the_key_instead_of_serving_the_old_price() {
    let mut s = Suite::deploy();
    let reporters = cocoa_with_five_reporters(&mut s);
    // A stricter move quorum: four of five.
    oracle_admin(
        &mut s,
        "set_key",
        (COCOA, MAX_AGE_MS, 3u8, 2_000u32, ANCHOR_INTERVAL_MS, 4u8),
    );
    let (supplier, keeper) = (s.actor(2), s.actor(5));
    let pos = cocoa_position(&mut s, &supplier, wad(12_000));
    let id = s.position(pos).unwrap().assets[0];
    s.chain.advance_ms(60_000);
    for r in &reporters[..3] {
        submit(&mut s, r, COCOA, wad(8) / 10);
    }
    assert_eq!(latest(&mut s, COCOA).price_wad, wad(2));
    assert_eq!(s.price(COCOA), Err(OracleError::KeySuspended));
    let books = s.books();
    assert_eq!(
        s.borrow(&supplier, pos, 1),
        Err(VaultError::Oracle(OracleError::KeySuspended))
    );
    assert_eq!(s.books(), books);
    s.repay(&supplier, pos, wad(1_000)).unwrap();
    // Nor can the position be liquidated at a price nobody knows: the suspension is the
    // oracle's error, not a value of 0.
    let before = vault_and_engine_storage(&mut s);
    assert_eq!(
        s.liquidate(&keeper, pos),
        Err(EngineError::Vault(VaultError::Oracle(
            OracleError::KeySuspended
        )))
    );
    let after = vault_and_engine_storage(&mut s);
    assert_eq!(after, before);
    assert_eq!(s.liquidation(pos), None);
    // The fourth confirms: accepted; the receipt is liquidated to an auction at the true price:
    // 10 000 × 0.80 × 0.9 × 1.2 = 8 640.
    submit(&mut s, &reporters[3], COCOA, wad(8) / 10);
    assert_eq!(s.price(COCOA).map(|p| p.price_wad), Ok(wad(8) / 10));
    s.liquidate(&keeper, pos).unwrap();
    assert_eq!(s.position(pos).unwrap().art, 0);
    let auction = s.auction(id);
    assert_eq!(auction.map(|a| a.start_price_wad), Some(wad(8_640)));
    assert_eq!(s.recovery(id), None);
    s.assert_books();
}

/// Attack: reporters report coffee −60 %. One of three moves nothing at all. Two of three hold the
/// median but are short of the move quorum (3): the key is suspended. Before the fix the vault
/// valued the suspended receipt at 0, so the attackers' own keeper could liquidate a position at
/// half its borrowing limit, and the supplier paid the penalty and lost its goods to a forced
/// sale. Now the liquidation is refused with the oracle's error and changes nothing; once the
/// reporters agree again the position is simply safe.
#[test]
fn attack_one_reporter_suspends_a_key_to_liquidate_a_healthy_position() {
    let mut s = Suite::deploy();
    let (supplier, attacker) = (s.actor(2), s.actor(9));
    let id = s.confirmed_coffee(&supplier, wad(10_000));
    let pos = s.open(&supplier, GOODS_CLASS);
    s.deposit(&supplier, pos, id).unwrap();
    // 10 000 kg × 2.00 × 0.9 = 18 000 of value; 6 000 borrowed (the limit is 12 000).
    s.borrow(&supplier, pos, wad(6_000)).unwrap();
    let [r1, r2, r3] = s.reporters();
    submit(&mut s, &r1, COFFEE, wad(8) / 10);
    assert_eq!(s.price(COFFEE).map(|p| p.price_wad), Ok(wad(2)));
    assert_eq!(
        s.liquidate(&attacker, pos),
        Err(EngineError::Vault(VaultError::PositionSafe))
    );
    submit(&mut s, &r2, COFFEE, wad(8) / 10);
    assert_eq!(s.price(COFFEE), Err(OracleError::KeySuspended));
    let before = vault_and_engine_storage(&mut s);
    assert_eq!(
        s.liquidate(&attacker, pos),
        Err(EngineError::Vault(VaultError::Oracle(
            OracleError::KeySuspended
        )))
    );
    let after = vault_and_engine_storage(&mut s);
    assert_eq!(after, before);
    assert_eq!(s.liquidation(pos), None);
    assert_eq!(s.position(pos).unwrap().assets, vec![id]);
    // The others report the true price: the key is live at 2.00 again, and the position is
    // safe.
    submit(&mut s, &r3, COFFEE, wad(2));
    submit(&mut s, &r2, COFFEE, wad(2));
    assert_eq!(s.price(COFFEE).map(|p| p.price_wad), Ok(wad(2)));
    assert_eq!(
        s.liquidate(&attacker, pos),
        Err(EngineError::Vault(VaultError::PositionSafe))
    );
    s.assert_books();
}

/// Attack: the reporters go quiet for two hours (past the vault's hour). Before the fix every
/// indebted position became liquidatable, its NFTs valued at 0; now a liquidation waits for a
/// price (`StalePrice`) while repaying still works, and an auction whose time ran out during the
/// outage is not sent to recovery by a restart: the restart waits too, then starts again from
/// the value at the fresh price.
#[test]
fn attack_an_oracle_outage_makes_no_position_liquidatable() {
    let mut s = Suite::deploy();
    let (supplier, keeper) = (s.actor(2), s.actor(5));
    let healthy = s.confirmed_coffee(&supplier, wad(10_000));
    let pos = s.open(&supplier, GOODS_CLASS);
    s.deposit(&supplier, pos, healthy).unwrap();
    s.borrow(&supplier, pos, wad(6_000)).unwrap();
    // A second position made unsafe by a real move (−20 %, within the guard) and liquidated.
    let other = s.actor(3);
    let seized = s.confirmed_coffee(&other, wad(10_000));
    let pos2 = s.open(&other, GOODS_CLASS);
    s.deposit(&other, pos2, seized).unwrap();
    s.borrow(&other, pos2, wad(11_000)).unwrap();
    s.post_price(COFFEE, wad(16) / 10).unwrap();
    s.liquidate(&keeper, pos2).unwrap();
    assert!(s.auction(seized).is_some());
    // The outage: no reports for two days; the auction's time runs out.
    s.chain.advance_ms(2 * MS_PER_DAY);
    assert_eq!(s.price(COFFEE), Err(OracleError::StalePrice));
    let before = vault_and_engine_storage(&mut s);
    assert_eq!(
        s.liquidate(&keeper, pos),
        Err(EngineError::Vault(VaultError::Oracle(
            OracleError::StalePrice
        )))
    );
    assert_eq!(
        s.restart_auction(&keeper, seized),
        Err(EngineError::Vault(VaultError::Oracle(
            OracleError::StalePrice
        )))
    );
    let after = vault_and_engine_storage(&mut s);
    assert_eq!(after, before);
    assert_eq!(s.recovery(seized), None);
    s.repay(&supplier, pos, wad(1_000)).unwrap();
    // Prices return: the healthy position is safe, and the auction restarts from the value
    // now: 10 000 × 1.60 × 0.9 × 1.2 = 17 280.
    s.post_price(COFFEE, wad(16) / 10).unwrap();
    assert_eq!(
        s.liquidate(&keeper, pos),
        Err(EngineError::Vault(VaultError::PositionSafe))
    );
    s.restart_auction(&keeper, seized).unwrap();
    assert_eq!(
        s.auction(seized).map(|a| a.start_price_wad),
        Some(wad(17_280))
    );
    s.assert_books();
}

/// Named scenario: a minority of reporters spiking a key cannot move it. Two of five report
/// COCOA ×10: the median of the five is still 2.00, the answer does not move, the key stays
/// live, and the supplier cannot borrow a unit more than before.
#[test]
fn a_minority_of_reporters_spiking_a_key_cannot_move_it() {
    let mut s = Suite::deploy();
    let reporters = cocoa_with_five_reporters(&mut s);
    let supplier = s.actor(2);
    let pos = cocoa_position(&mut s, &supplier, wad(6_000));
    assert_eq!(s.max_borrow(pos), Ok(wad(6_000)));
    s.chain.advance_ms(60_000);
    let capacity = s.max_borrow(pos).unwrap(); // a minute of fees less

    submit(&mut s, &reporters[3], COCOA, wad(20));
    submit(&mut s, &reporters[4], COCOA, wad(20));
    assert_eq!(s.price(COCOA).map(|p| p.price_wad), Ok(wad(2)));
    assert!(!key_state(&mut s, COCOA).suspended);
    assert_eq!(s.max_borrow(pos), Ok(capacity));
    let books: Books = s.books();
    assert_eq!(
        s.borrow(&supplier, pos, capacity + 1),
        Err(VaultError::Unsafe)
    );
    assert_eq!(s.books(), books);
    s.borrow(&supplier, pos, capacity).unwrap();
    s.assert_books();
}

/// The vault checks the answer's timestamp itself: an oracle configured to call day-old prices
/// fresh does not make the vault lend against them (its own max price age is an hour), while
/// repaying needs no price at all.
#[test]
fn the_vault_checks_the_answers_age_itself() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    s.fund_stable(&supplier, wad(100)); // to pay the fee on top of the debt
    let id = s.confirmed_coffee(&supplier, wad(10_000));
    let second = s.confirmed_coffee(&supplier, wad(1_000));
    let pos = s.open(&supplier, GOODS_CLASS);
    s.deposit(&supplier, pos, id).unwrap();
    s.deposit(&supplier, pos, second).unwrap();
    s.borrow(&supplier, pos, wad(1_000)).unwrap();
    oracle_admin(
        &mut s,
        "set_key",
        (COFFEE, MS_PER_DAY, 3u8, GUARD_BPS, ANCHOR_INTERVAL_MS, 3u8),
    );
    s.chain.advance_ms(2 * MAX_AGE_MS);
    // The oracle calls its two-hour-old answer fresh...
    assert_eq!(s.price(COFFEE).map(|p| p.price_wad), Ok(wad(2)));
    // ...the vault does not.
    let books = s.books();
    assert_eq!(
        s.borrow(&supplier, pos, wad(1)),
        Err(VaultError::Oracle(OracleError::StalePrice))
    );
    assert_eq!(
        s.withdraw(&supplier, pos, second),
        Err(VaultError::Oracle(OracleError::StalePrice))
    );
    assert_eq!(s.books(), books);
    s.repay(&supplier, pos, wad(1_100)).unwrap();
    assert_eq!(s.position(pos).unwrap().art, 0);
    // Debt-free, the NFTs come out without any price.
    s.withdraw(&supplier, pos, second).unwrap();
    s.withdraw(&supplier, pos, id).unwrap();
    assert_eq!(s.nft_owner(id), Some(supplier.clone()));
    s.assert_books();
}
