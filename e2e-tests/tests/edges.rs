//! Issue 19, "the credit line, the due date and the price hold at their edges": one named drink
//! test per defect of the review of eb75632, each performing the attack on the compiled contracts
//! and asserting the exact refusal (or the honest outcome) and that nothing moved in the
//! attacker's favour. Each failed on eb75632: the attack succeeded there.
//!
//! | defect | tests |
//! |---|---|
//! | 1. a liquidation frees the debtor's credit line | `defect_1_*` |
//! | 2. one ms late, the debtor buys its own invoice cheap | `defect_2_*` |
//! | 3. one of two reporters halves a price | `defect_3_*` |
//! | 4. a minor key's reporter freezes a mixed position's liquidation | `defect_4_*` |
//! | 5. `confirm` binds only the originator and the amount | `defect_5_*` |
//! | 6. the debtor liquidates a healthy facility at will, and is paid | `defect_6_*` |
//! | 7. a debtor clears its own default with `mark_paid` | `defect_7_*` |
//! | 8. a dispute of an overdue invoice escapes default | `defect_8_*` |
//! | 9. the recovery period is read at write-off | `defect_9_*` |
//! | 10. the vault admin grants itself the underwriter role | `defect_10_*` |
//! | 11. minter and custodian re-pointed at will | `defect_11_*` |
//!
//! Then the class of each defect (`class_*`): other cliffs in a valuation (goods in transit),
//! other prices used on both sides of a trade (settlement at the upper middle value), and the
//! liquidation debt's own bound (MakerDAO's `Hole`/`hole`).
use collateral_vault::{PositionId, VaultError};
use drink::AccountId32;
use e2e_tests::chain::ink_id;
use e2e_tests::suite::*;
use liquidation_engine::EngineError;
use scf_interfaces::{
    AssetId, AssetKind, AssetStatus, OracleError, RegistryError, MS_PER_DAY, WAD,
};

const DAY: u64 = MS_PER_DAY;

fn dispute(s: &mut Suite, debtor: &AccountId32, id: AssetId) -> Result<(), VaultError> {
    s.vault_as(debtor, "dispute", id)
}

fn mark_defaulted(s: &mut Suite, who: &AccountId32, id: AssetId) -> Result<(), VaultError> {
    s.vault_as(who, "mark_defaulted", id)
}

/// An invoice facility: `supplier` pledges a confirmed USD invoice of `face` on `debtor` due in
/// `due_in_ms` and borrows `borrow`. (position, invoice)
fn facility(
    s: &mut Suite,
    supplier: &AccountId32,
    debtor: &AccountId32,
    face: u128,
    due_in_ms: u64,
    borrow: u128,
) -> (PositionId, AssetId) {
    let kind = s.invoice_terms(debtor, face, due_in_ms);
    s.facility(supplier, debtor, kind, borrow)
}

// ───────────────────────────── 1 ─────────────────────────────

/// Defect 1, the attack: a supplier and an approved debtor (limit 10 000) draw the whole line
/// against an invoice, the debtor disputes it, the arbiter finds it void and anyone liquidates.
/// On eb75632 `seize` took the debt out of the debtor's exposure, so they drew the line again
/// with a new invoice (45 000 against a 10 000 line in five rounds). Now the seized debt counts
/// against the line, the class ceiling and the global ceiling until it is recovered or written
/// off: the second draw is refused.
#[test]
fn defect_1_seized_debt_still_counts_against_the_line_and_the_ceilings() {
    let mut s = Suite::deploy();
    let (supplier, keeper, arbiter) = (s.actor(2), s.actor(5), s.actor(6));
    let debtor = s.approved_debtor(3, wad(10_000));
    s.set_arbiter(&arbiter);
    let (pos, inv) = facility(
        &mut s,
        &supplier,
        &debtor,
        wad(20_000),
        90 * DAY,
        wad(10_000),
    );
    dispute(&mut s, &debtor, inv).unwrap();
    s.resolve_dispute(&arbiter, inv, false).unwrap();
    let debt = s.debt(pos);
    s.liquidate(&keeper, pos).unwrap();
    assert!(s.recovery(inv).is_some());
    assert_eq!(s.debtor_exposure(&debtor), Ok(debt));

    // Round two: a new invoice on the same debtor. Not the smallest loan (the dust) more.
    let (pos2, _) = facility(&mut s, &supplier, &debtor, wad(20_000), 90 * DAY, 0);
    let before = s.supply();
    assert_eq!(
        s.borrow(&supplier, pos2, wad(100)),
        Err(VaultError::CreditLimit)
    );
    assert_eq!(s.supply(), before);

    // The class ceiling: with the ceiling at 15 000, another debtor's 6 000 does not fit
    // beside the 10 000 seized.
    let a = s.admin.clone();
    let mut params = invoice_class();
    params.debt_ceiling_wad = wad(15_000);
    s.vault_as::<_, Result<(), VaultError>>(&a, "set_class_params", (INVOICE_CLASS, params))
        .unwrap();
    let other = s.approved_debtor(4, wad(50_000));
    let (pos3, _) = facility(&mut s, &supplier, &other, wad(20_000), 90 * DAY, 0);
    assert_eq!(
        s.borrow(&supplier, pos3, wad(6_000)),
        Err(VaultError::DebtCeiling)
    );
    s.borrow(&supplier, pos3, wad(4_000)).unwrap();

    // The global ceiling counts it too: 4 000 in classes + 10 000 seized against 14 900.
    s.vault_as::<_, Result<(), VaultError>>(&a, "set_global_debt_ceiling", wad(14_900))
        .unwrap();
    let goods = s.confirmed_coffee(&supplier, wad(10_000));
    let pos4 = s.open(&supplier, GOODS_CLASS);
    s.deposit(&supplier, pos4, goods).unwrap();
    assert_eq!(
        s.borrow(&supplier, pos4, wad(1_000)),
        Err(VaultError::GlobalDebtCeiling)
    );
    s.borrow(&supplier, pos4, wad(500)).unwrap();
    s.assert_books();
}

/// Defect 1, round after round: the liquidation of the void invoice ends (written off at once)
/// and its debt becomes bad debt. Written off is not forgotten: the loss stays on the debtor's
/// line until an underwriter has reviewed it, so the pair cannot draw the line again with a new
/// invoice (five rounds of 10 000 on eb75632).
#[test]
fn defect_1_a_written_off_loss_stays_on_the_line_until_an_underwriter_clears_it() {
    let mut s = Suite::deploy();
    let (supplier, keeper, arbiter) = (s.actor(2), s.actor(5), s.actor(6));
    let debtor = s.approved_debtor(3, wad(10_000));
    s.set_arbiter(&arbiter);
    let (pos, inv) = facility(
        &mut s,
        &supplier,
        &debtor,
        wad(20_000),
        90 * DAY,
        wad(10_000),
    );
    dispute(&mut s, &debtor, inv).unwrap();
    s.resolve_dispute(&arbiter, inv, false).unwrap();
    let debt = s.debt(pos);
    s.liquidate(&keeper, pos).unwrap();
    s.write_off(&keeper, inv).unwrap();
    assert_eq!(s.liquidation(pos), None);
    assert_eq!(
        s.books().bad_debt_wad + s.books().surplus_wad,
        debt.max(s.books().bad_debt_wad)
    );
    let a = s.admin.clone();
    let losses: u128 = s.vault_as(&a, "debtor_losses", ink_id(&debtor));
    assert_eq!(losses, debt);
    assert_eq!(s.debtor_exposure(&debtor), Ok(debt));
    let (pos2, _) = facility(&mut s, &supplier, &debtor, wad(20_000), 90 * DAY, 0);
    assert_eq!(
        s.borrow(&supplier, pos2, wad(100)),
        Err(VaultError::CreditLimit)
    );
    // Only an underwriter clears it, once.
    let r: Result<(), VaultError> = s.vault_as(&supplier, "clear_debtor_losses", ink_id(&debtor));
    assert_eq!(r, Err(VaultError::NotUnderwriter));
    let u = s.underwriter.clone();
    let r: Result<(), VaultError> = s.vault_as(&u, "clear_debtor_losses", ink_id(&debtor));
    assert_eq!(r, Ok(()));
    let r: Result<(), VaultError> = s.vault_as(&u, "clear_debtor_losses", ink_id(&debtor));
    assert_eq!(r, Err(VaultError::NoLosses));
    assert_eq!(s.debtor_exposure(&debtor), Ok(0));
    s.borrow(&supplier, pos2, wad(100)).unwrap();
    s.assert_books();
}

// ───────────────────────────── 2 ─────────────────────────────

/// Defect 2, the attack: a 20 000 invoice due in 30 days carries 7 000 (above a third of face).
/// On eb75632 its value halved one millisecond after the due date (the 50 % overdue haircut),
/// the facility was liquidatable at once, and the debtor liquidated it and bought its own
/// invoice at 12 000, then marked it paid. Now the value falls gradually over the grace period:
/// a millisecond late, the facility is as safe as it was.
#[test]
fn defect_2_one_ms_late_there_is_no_cliff() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let debtor = s.approved_debtor(3, wad(50_000));
    let (pos, _) = facility(
        &mut s,
        &supplier,
        &debtor,
        wad(20_000),
        30 * DAY,
        wad(7_000),
    );
    s.advance(30 * DAY + 1);
    assert_eq!(
        s.liquidate(&debtor, pos),
        Err(EngineError::Vault(VaultError::PositionSafe))
    );
    assert!(s.position(pos).unwrap().art > 0);
}

/// Defect 2, the rules at auction: 20 days into the grace period the invoice is worth a third of
/// face and a keeper liquidates. The auction starts at what the debtor owes (20 000), not at
/// value × 1.2 (8 000); the debtor cannot buy its own invoice at auction, and it may always pay
/// what it owes through the engine, which ends the auction: the debt and the penalty are paid
/// and the supplier receives the rest.
#[test]
fn defect_2_the_debtor_pays_what_it_owes_also_at_auction() {
    let mut s = Suite::deploy();
    let (supplier, keeper) = (s.actor(2), s.actor(5));
    let debtor = s.approved_debtor(3, wad(50_000));
    let (pos, inv) = facility(
        &mut s,
        &supplier,
        &debtor,
        wad(20_000),
        30 * DAY,
        wad(7_000),
    );
    s.fund_stable(&debtor, wad(25_000));
    s.advance(50 * DAY);
    let debt = s.debt(pos);
    s.liquidate(&keeper, pos).unwrap();
    let auction = s.auction(inv).expect("at auction");
    assert_eq!(auction.start_price_wad, wad(20_000));
    // Its debtor never buys it for less than it owes.
    let price = s.auction_price(inv).unwrap().unwrap();
    assert_eq!(
        s.take(&debtor, inv, price),
        Err(EngineError::DebtorMustSettle)
    );
    let penalty = s.liquidation(pos).unwrap().penalty_remaining_wad;
    assert_eq!(penalty, debt / 10 + u128::from(!debt.is_multiple_of(10)));
    let (supplier_before, debtor_before) = (s.balance(&supplier), s.balance(&debtor));
    let surplus_before = s.books().surplus_wad;
    s.settle_in_recovery(&debtor, inv).unwrap();
    assert_eq!(s.balance(&debtor), debtor_before - wad(20_000));
    assert_eq!(
        s.balance(&supplier),
        supplier_before + wad(20_000) - debt - penalty
    );
    assert_eq!(s.books().surplus_wad, surplus_before + penalty);
    assert_eq!(s.auction(inv), None);
    assert_eq!(s.liquidation(pos), None);
    assert_eq!(s.asset(inv).status, AssetStatus::Settled);
    assert_eq!(s.nft_owner(inv), Some(supplier.clone()));
    assert_eq!(s.payment_record(&debtor).settled_late, 1);
    s.assert_books();
}

// ───────────────────────────── 3 ─────────────────────────────

/// Defect 3, the attack: with the shipped keys (2 reporters, quorum 1, 50 % guard) one reporter's
/// report of 0.50 for USD was the answer at once, and a debtor settled a 20 000 USD invoice for
/// 10 000. Now every key needs an odd quorum of at least 3: one reporter's report is one value
/// of three, and the median does not move.
#[test]
fn defect_3_one_reporter_cannot_halve_a_price() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let debtor = s.approved_debtor(3, wad(50_000));
    let (_, inv) = facility(
        &mut s,
        &supplier,
        &debtor,
        wad(20_000),
        30 * DAY,
        wad(5_000),
    );
    let (r, o) = (s.reporter.clone(), s.oracle.clone());
    s.chain.advance_ms(1_000);
    s.chain
        .call_as::<_, Result<(), OracleError>>(&r, &o, "submit", (USD, WAD / 2))
        .unwrap();
    assert_eq!(s.price(USD).map(|p| p.price_wad), Ok(WAD));
    assert_eq!(s.settlement_amount(inv), Ok(wad(20_000)));
}

/// Defect 3 across blocks: the same reporter halves its report once an hour for twelve hours
/// while the others re-post 1.00. The answer stays 1.00 (on eb75632 it fell to 0.000488).
#[test]
fn defect_3_one_reporter_cannot_walk_a_price_over_many_blocks() {
    let mut s = Suite::deploy();
    let (r, o) = (s.reporter.clone(), s.oracle.clone());
    let mut p = WAD;
    for _ in 0..12 {
        s.advance(3_600_000);
        p /= 2;
        s.chain
            .call_as::<_, Result<(), OracleError>>(&r, &o, "submit", (USD, p))
            .unwrap();
        assert_eq!(s.price(USD).map(|p| p.price_wad), Ok(WAD));
    }
}

/// Defect 3, silence: the other reporters fall silent for an hour and one reporter raises COFFEE
/// ×1.49. On eb75632 that was the answer (quorum 1), and repeated hourly it let the reporter
/// borrow against coffee at ×120. Now one reporter is below the quorum: there is no price, and
/// borrowing against the key stops.
#[test]
fn defect_3_the_silence_of_the_others_hands_one_reporter_nothing() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let id = s.confirmed_coffee(&supplier, wad(1_000));
    let pos = s.open(&supplier, GOODS_CLASS);
    s.deposit(&supplier, pos, id).unwrap();
    s.chain.advance_ms(MAX_AGE_MS + 1);
    let (r, o) = (s.reporter.clone(), s.oracle.clone());
    s.chain
        .call_as::<_, Result<(), OracleError>>(&r, &o, "submit", (COFFEE, wad(2) * 149 / 100))
        .unwrap();
    assert!(s.price(COFFEE).is_err());
    assert_eq!(
        s.borrow(&supplier, pos, wad(1_000)),
        Err(VaultError::Oracle(OracleError::StalePrice))
    );
}

/// Defect 3, the rule enforced: the oracle refuses a key with a quorum below 3 or even, or a
/// guard looser than 20 %.
#[test]
fn defect_3_a_key_needs_an_odd_quorum_of_three_and_a_tight_guard() {
    let mut s = Suite::deploy();
    let (a, o) = (s.admin.clone(), s.oracle.clone());
    for (quorum, guard, move_quorum) in [
        (1u8, 1_000u32, 3u8),
        (2, 1_000, 3),
        (4, 1_000, 5),
        (3, 5_000, 3),
    ] {
        let r: Result<(), OracleError> = s.chain.call_as(
            &a,
            &o,
            "set_key",
            (
                USD,
                MAX_AGE_MS,
                quorum,
                guard,
                ANCHOR_INTERVAL_MS,
                move_quorum,
            ),
        );
        assert_eq!(
            r,
            Err(OracleError::InvalidConfig),
            "quorum {quorum}, guard {guard}"
        );
    }
}

// ───────────────────────────── 4 ─────────────────────────────

/// Defect 4, the attack: a position holding a USD invoice and a small KWD one. One KWD reporter's
/// report suspended KWD, and `liquidate` refused the whole underwater position with
/// `KeySuspended` for as long as the report stayed fresh. Now a position is valued by one price
/// key: the KWD invoice is refused at deposit, and a KWD reporter's reach ends at KWD positions.
#[test]
fn defect_4_a_position_has_one_price_key() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let debtor = s.approved_debtor(3, wad(50_000));
    let (pos, _) = facility(&mut s, &supplier, &debtor, wad(20_000), 30 * DAY, 0);
    let kind = s.invoice_terms_in(&debtor, wad(1_000), 30 * DAY, KWD);
    let kwd = s.confirmed(&supplier, &debtor, kind);
    assert_eq!(
        s.deposit(&supplier, pos, kwd),
        Err(VaultError::PriceKeyMismatch)
    );
    assert_eq!(s.nft_owner(kwd), Some(supplier.clone()));
}

// ───────────────────────────── 5 ─────────────────────────────

/// Defect 5, the attack: the supplier registers the debtor's 10 000 USD invoice as 10 000 KWD
/// (worth 32 500). On eb75632 the debtor's `confirm` checked the originator and the amount only,
/// so the lie was confirmed and the supplier borrowed against 3.25 times the real value. Now the
/// confirmer binds every term with a hash it computes from its own records: refused.
#[test]
fn defect_5_confirm_binds_the_currency() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let debtor = s.approved_debtor(3, wad(50_000));
    let truth = s.invoice_terms(&debtor, wad(10_000), 30 * DAY);
    let mut lie = truth.clone();
    if let AssetKind::Invoice(t) = &mut lie {
        t.currency = KWD;
    }
    let id = s.register(&supplier, lie).unwrap();
    assert_eq!(
        s.confirm_terms(&debtor, id, &supplier, &truth),
        Err(RegistryError::TermsMismatch)
    );
    assert_eq!(s.asset(id).status, AssetStatus::Pending);
}

/// Defect 5: a 30-day invoice registered as due in ten years is refused the same way.
#[test]
fn defect_5_confirm_binds_the_due_date() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let debtor = s.approved_debtor(3, wad(50_000));
    let truth = s.invoice_terms(&debtor, wad(10_000), 30 * DAY);
    let mut lie = truth.clone();
    if let AssetKind::Invoice(t) = &mut lie {
        t.due_date_ms += 3_650 * DAY;
    }
    let id = s.register(&supplier, lie).unwrap();
    assert_eq!(
        s.confirm_terms(&debtor, id, &supplier, &truth),
        Err(RegistryError::TermsMismatch)
    );
    assert_eq!(s.asset(id).status, AssetStatus::Pending);
}

// ───────────────────────────── 6 ─────────────────────────────

/// Defect 6, the attack: the debtor disputes one invoice of a healthy facility and liquidates it
/// in the next call, collecting the keeper reward while the supplier pays the penalty. Now a
/// dispute alone makes nothing liquidatable: the invoice keeps its value for the safety check
/// until the arbiter rules (it lends nothing new meanwhile).
#[test]
fn defect_6_a_dispute_alone_does_not_make_a_facility_liquidatable() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let debtor = s.approved_debtor(3, wad(50_000));
    let a = s.admin.clone();
    s.engine_as::<_, Result<(), EngineError>>(&a, "set_keeper_reward", (wad(100), 0u128))
        .unwrap();
    let (pos, inv) = facility(
        &mut s,
        &supplier,
        &debtor,
        wad(20_000),
        90 * DAY,
        wad(10_000),
    );
    dispute(&mut s, &debtor, inv).unwrap();
    assert_eq!(
        s.liquidate(&debtor, pos),
        Err(EngineError::Vault(VaultError::PositionSafe))
    );
    assert_eq!(s.balance(&debtor), 0);
    assert_eq!(s.position(pos).unwrap().assets, vec![inv]);
}

/// Defect 6: the debtor of an NFT in the position is never paid a keeper reward. 50 days after an
/// invoice's issue (20 days into its grace period) the facility is unsafe; the debtor liquidates
/// it and earns nothing, where an independent keeper earns the 100 tip.
#[test]
fn defect_6_the_debtor_earns_no_keeper_reward() {
    let mut s = Suite::deploy();
    let (supplier, keeper) = (s.actor(2), s.actor(5));
    let debtor = s.approved_debtor(3, wad(100_000));
    let a = s.admin.clone();
    s.engine_as::<_, Result<(), EngineError>>(&a, "set_keeper_reward", (wad(100), 0u128))
        .unwrap();
    let (by_debtor, _) = facility(
        &mut s,
        &supplier,
        &debtor,
        wad(20_000),
        30 * DAY,
        wad(7_000),
    );
    let (by_keeper, _) = facility(
        &mut s,
        &supplier,
        &debtor,
        wad(20_000),
        30 * DAY,
        wad(7_000),
    );
    s.advance(50 * DAY);
    s.liquidate(&debtor, by_debtor).unwrap();
    assert_eq!(s.balance(&debtor), 0);
    s.liquidate(&keeper, by_keeper).unwrap();
    assert_eq!(s.balance(&keeper), wad(100));
    s.assert_books();
}

/// Defect 6: a ruling of "valid" refunds what the dispute cost the supplier — which is now
/// nothing. Two twin facilities on the same debtor; it disputes one invoice and stops paying
/// both. 20 days into the grace period both are unsafe (lateness, not the dispute) and are
/// liquidated: the disputed one waits in recovery, its twin at auction. The arbiter rules the
/// dispute valid and the debtor pays both. The supplier ends with exactly the same from each: the
/// same debt and the same penalty were paid out of each payment. (A ruling that waived the
/// penalty, as this branch first did, let a colluding debtor's frivolous dispute spare its
/// supplier the penalty of a late payment: found by the profit invariant, see
/// `differential.rs`'s `regression_3_*`.)
#[test]
fn defect_6_a_valid_ruling_leaves_the_supplier_as_a_late_payment_would() {
    let mut s = Suite::deploy();
    let (supplier, keeper, arbiter) = (s.actor(2), s.actor(5), s.actor(6));
    let debtor = s.approved_debtor(3, wad(50_000));
    s.set_arbiter(&arbiter);
    let (disputed_pos, disputed) = facility(
        &mut s,
        &supplier,
        &debtor,
        wad(20_000),
        30 * DAY,
        wad(7_000),
    );
    let (late_pos, late) = facility(
        &mut s,
        &supplier,
        &debtor,
        wad(20_000),
        30 * DAY,
        wad(7_000),
    );
    dispute(&mut s, &debtor, disputed).unwrap();
    s.fund_stable(&debtor, wad(40_000));
    s.advance(50 * DAY);
    s.liquidate(&keeper, disputed_pos).unwrap();
    s.liquidate(&keeper, late_pos).unwrap();
    assert!(s.recovery(disputed).is_some());
    assert!(s.auction(late).is_some());
    let (a, b) = (
        s.liquidation(disputed_pos).unwrap(),
        s.liquidation(late_pos).unwrap(),
    );
    assert_eq!(a.debt_remaining_wad, b.debt_remaining_wad);
    assert_eq!(a.penalty_remaining_wad, b.penalty_remaining_wad);
    assert!(a.penalty_remaining_wad > 0);
    s.resolve_dispute(&arbiter, disputed, true).unwrap();
    assert_eq!(s.liquidation(disputed_pos), Some(a.clone()));
    let owed_out = a.debt_remaining_wad + a.penalty_remaining_wad;
    let before = s.balance(&supplier);
    s.settle_in_recovery(&debtor, disputed).unwrap();
    assert_eq!(s.balance(&supplier), before + wad(20_000) - owed_out);
    let before = s.balance(&supplier);
    s.settle_in_recovery(&debtor, late).unwrap();
    assert_eq!(s.balance(&supplier), before + wad(20_000) - owed_out);
    assert_eq!(s.balance(&debtor), 0);
    assert_eq!(s.liquidation(disputed_pos), None);
    assert_eq!(s.liquidation(late_pos), None);
    s.assert_books();
}

// ───────────────────────────── 7 ─────────────────────────────

/// Defect 7, the attack: a defaulted invoice is back with its supplier; on eb75632 its debtor
/// called `mark_paid`, paying nothing, its unpaid default vanished from its record and lending
/// against it resumed. Now an off-chain payment needs the holder's word.
#[test]
fn defect_7_a_debtor_cannot_clear_its_own_default() {
    let mut s = Suite::deploy();
    let (supplier, keeper) = (s.actor(2), s.actor(5));
    let debtor = s.approved_debtor(3, wad(100_000));
    let (pos, late) = facility(&mut s, &supplier, &debtor, wad(10_000), 30 * DAY, 0);
    let later = s.confirmed_invoice(&supplier, &debtor, wad(20_000), 300 * DAY);
    s.deposit(&supplier, pos, later).unwrap();
    s.borrow(&supplier, pos, wad(1_000)).unwrap();
    s.advance(61 * DAY);
    mark_defaulted(&mut s, &keeper, late).unwrap();
    s.withdraw(&supplier, pos, late).unwrap();
    assert_eq!(s.payment_record(&debtor).unresolved_defaults, 1);
    let r: Result<(), RegistryError> = s.registry_as(&debtor, "mark_paid", late);
    assert_eq!(r, Err(RegistryError::NotAuthorised));
    assert_eq!(s.payment_record(&debtor).unresolved_defaults, 1);
    assert_eq!(
        s.borrow(&supplier, pos, wad(1_000)),
        Err(VaultError::DebtorInDefault)
    );
    // The holder's word settles it.
    let r: Result<(), RegistryError> = s.registry_as(&supplier, "mark_paid", late);
    assert_eq!(r, Ok(()));
    assert_eq!(s.payment_record(&debtor).unresolved_defaults, 0);
}

// ───────────────────────────── 8 ─────────────────────────────

/// Defect 8, the attack: on eb75632 a debtor that disputed an overdue invoice before anyone marked
/// it defaulted was never recorded in default. Now an overdue invoice cannot be disputed (its
/// non-payment runs to default), and one disputed before its due date and still unresolved past
/// grace can be marked defaulted, which stops new credit.
#[test]
fn defect_8_a_dispute_does_not_escape_default() {
    let mut s = Suite::deploy();
    let (supplier, keeper) = (s.actor(2), s.actor(5));
    let debtor = s.approved_debtor(3, wad(100_000));
    let (_, overdue) = facility(
        &mut s,
        &supplier,
        &debtor,
        wad(10_000),
        30 * DAY,
        wad(1_000),
    );
    let (pos2, early) = facility(&mut s, &supplier, &debtor, wad(10_000), 40 * DAY, 0);
    let healthy = s.confirmed_invoice(&supplier, &debtor, wad(20_000), 300 * DAY);
    s.deposit(&supplier, pos2, healthy).unwrap();
    s.advance(35 * DAY);
    dispute(&mut s, &debtor, early).unwrap();
    assert_eq!(dispute(&mut s, &debtor, overdue), Err(VaultError::PastDue));
    s.advance(36 * DAY);
    mark_defaulted(&mut s, &keeper, early).unwrap();
    let record = s.payment_record(&debtor);
    assert_eq!(
        (
            record.defaulted,
            record.unresolved_defaults,
            record.disputed
        ),
        (1, 1, 1)
    );
    assert_eq!(
        s.borrow(&supplier, pos2, wad(1_000)),
        Err(VaultError::DebtorInDefault)
    );
}

// ───────────────────────────── 9 ─────────────────────────────

/// Defect 9, the attack: the engine admin shortened the recovery period after a recovery had
/// started, and the NFT was written off at once. Now a recovery keeps the write-off date it
/// started with.
#[test]
fn defect_9_a_recovery_keeps_its_terms() {
    let mut s = Suite::deploy();
    let (supplier, keeper) = (s.actor(2), s.actor(5));
    let debtor = s.approved_debtor(3, wad(100_000));
    let (pos, inv) = facility(
        &mut s,
        &supplier,
        &debtor,
        wad(10_000),
        30 * DAY,
        wad(3_000),
    );
    s.advance(61 * DAY);
    mark_defaulted(&mut s, &keeper, inv).unwrap();
    s.liquidate(&keeper, pos).unwrap();
    let a = s.admin.clone();
    s.engine_as::<_, Result<(), EngineError>>(
        &a,
        "set_recovery_params",
        (400_000_000_000_000_000u128, DAY),
    )
    .unwrap();
    s.advance(2 * DAY);
    assert_eq!(s.write_off(&keeper, inv), Err(EngineError::RecoveryNotOver));
    s.advance(88 * DAY);
    assert_eq!(s.write_off(&keeper, inv), Ok(()));
}

// ───────────────────────────── 10 ─────────────────────────────

/// Defect 10, the attack: the role table says the vault admin may not approve debtors, yet on
/// eb75632 it granted itself the underwriter role and approved one. Now the admin cannot hold
/// the role, and an underwriter cannot become the admin.
#[test]
fn defect_10_the_admin_cannot_underwrite() {
    let mut s = Suite::deploy();
    let a = s.admin.clone();
    let r: Result<(), VaultError> = s.vault_as(&a, "grant_underwriter", ink_id(&a));
    assert_eq!(r, Err(VaultError::AdminCannotUnderwrite));
    let d = s.actor(3);
    let r: Result<(), VaultError> = s.vault_as(&a, "approve_debtor", (ink_id(&d), wad(1)));
    assert_eq!(r, Err(VaultError::NotUnderwriter));
    let u = s.underwriter.clone();
    s.vault_as::<_, Result<(), VaultError>>(&a, "transfer_admin", ink_id(&u))
        .unwrap();
    let r: Result<(), VaultError> = s.vault_as(&u, "accept_admin", ());
    assert_eq!(r, Err(VaultError::AdminCannotUnderwrite));
}

// ───────────────────────────── 11 ─────────────────────────────

/// Defect 11, the attack: the stablecoin's admin re-pointed the minter (unlimited minting) and the
/// registry's admin re-pointed the custodian (pledged NFTs looked unpledged). Both are set once.
#[test]
fn defect_11_minter_and_custodian_are_set_once() {
    let mut s = Suite::deploy();
    let (a, stable, registry) = (s.admin.clone(), s.stable.clone(), s.registry.clone());
    let r: Result<(), stablecoin::StablecoinError> =
        s.chain.call_as(&a, &stable, "set_minter", ink_id(&a));
    assert_eq!(r, Err(stablecoin::StablecoinError::MinterAlreadySet));
    let r: Result<(), RegistryError> = s.chain.call_as(&a, &registry, "set_custodian", ink_id(&a));
    assert_eq!(r, Err(RegistryError::CustodianAlreadySet));
}

// ───────────────────────────── the classes of the defects ─────────────────────────────

/// Every cliff in a valuation: goods in transit were worth their whole value until their expected
/// arrival plus grace, then 0. Now a late shipment declines like an overdue invoice: a
/// millisecond late it is as good as it was, ten days into a 30-day grace it has lost a third.
#[test]
fn class_2_a_late_shipment_declines_without_a_cliff() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let carrier = s.actor(14);
    s.set_attester(&carrier, true);
    let transit = s
        .add_class(collateral_vault::ClassParams {
            kind: scf_interfaces::AssetKindCode::InTransit,
            ..goods_class()
        })
        .unwrap();
    let now = s.chain.now_ms();
    let warehouse = s.warehouse.clone();
    let kind = AssetKind::InTransit(scf_interfaces::TransitTerms {
        commodity: COFFEE,
        quantity_wad: wad(10_000),
        carrier: ink_id(&carrier),
        destination_warehouse: ink_id(&warehouse),
        expected_arrival_ms: now + 5 * DAY,
        document_hash: [77; 32],
    });
    let id = s.register(&supplier, kind.clone()).unwrap();
    s.confirm_terms(&carrier, id, &supplier, &kind).unwrap();
    let pos = s.open(&supplier, transit);
    s.deposit(&supplier, pos, id).unwrap();
    // 10 000 kg × 2.00 × 0.9 = 18 000; 11 000 borrowed (capacity 12 000).
    s.borrow(&supplier, pos, wad(11_000)).unwrap();
    s.advance(5 * DAY + 1);
    let keeper = s.actor(5);
    assert_eq!(
        s.liquidate(&keeper, pos),
        Err(EngineError::Vault(VaultError::PositionSafe))
    );
    // Ten days late: 18 000 × 20/30 = 12 000 < 1.5 × 11 000: now it is unsafe.
    s.advance(10 * DAY - 1);
    let value: Result<u128, VaultError> = s.vault_as(&keeper, "position_value", pos);
    assert_eq!(value, Ok(wad(12_000)));
    s.liquidate(&keeper, pos).unwrap();
    s.assert_books();
}

/// Every price used on both sides of a trade: with an even number of fresh reports the answer has
/// two middle values. The supplier borrows against the lower; its debtor settles at the upper.
/// (Four reporters for USD: 0.98, 1.00, 1.02 and 1.04.)
#[test]
fn class_3_settlement_is_priced_on_the_lenders_side() {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let debtor = s.approved_debtor(3, wad(50_000));
    let fourth = s.actor(15);
    let (a, o) = (s.admin.clone(), s.oracle.clone());
    s.chain
        .call_as::<_, Result<(), OracleError>>(&a, &o, "add_reporter", (USD, ink_id(&fourth)))
        .unwrap();
    let [r1, r2, r3] = s.reporters();
    s.chain.advance_ms(1_000);
    for (r, p) in [(&r1, 98), (&r2, 100), (&r3, 102), (&fourth, 104)] {
        s.submit_as(r, USD, WAD * p / 100).unwrap();
    }
    let answer = s.price(USD).unwrap();
    assert_eq!((answer.price_wad, answer.upper_wad), (WAD, WAD * 102 / 100));
    let (pos, inv) = facility(&mut s, &supplier, &debtor, wad(20_000), 30 * DAY, 0);
    // Lent against at 1.00: 20 000 / (1 + 0.1 × 30/365) / 1.5 = 13 224.6.
    let at_lower = wad(20_000) * 365 / 368;
    let max = s.max_borrow(pos).unwrap();
    assert!(
        max <= at_lower * 2 / 3 && max + wad(1) > at_lower * 2 / 3,
        "{max}"
    );
    // Settled at 1.02.
    assert_eq!(s.settlement_amount(inv), Ok(wad(20_400)));
}

/// Liquidation debt has its own bound (MakerDAO's `Hole` and `hole`): with the class's limit at
/// what one liquidation needs, a second liquidation waits until the first one's sales repay it.
#[test]
fn liquidation_debt_has_its_own_bound() {
    let mut s = Suite::deploy();
    let (supplier, keeper, buyer) = (s.actor(2), s.actor(5), s.actor(6));
    let a = s.admin.clone();
    let coffee_position = |s: &mut Suite| {
        let id = s.confirmed_coffee(&supplier, wad(10_000));
        let pos = s.open(&supplier, GOODS_CLASS);
        s.deposit(&supplier, pos, id).unwrap();
        s.borrow(&supplier, pos, wad(12_000)).unwrap();
        (pos, id)
    };
    let (p1, id1) = coffee_position(&mut s);
    let (p2, _) = coffee_position(&mut s);
    // Each needs 12 000 of debt + 1 200 of penalty (and a few units of fee).
    s.engine_as::<_, Result<(), EngineError>>(
        &a,
        "set_class_liquidation_limit",
        (GOODS_CLASS, wad(14_000)),
    )
    .unwrap();
    s.post_price(COFFEE, wad(17) / 10).unwrap();
    s.liquidate(&keeper, p1).unwrap();
    let limits: (u128, u128, Option<u128>, u128) =
        s.engine_as(&a, "liquidation_limits", GOODS_CLASS);
    let liq = s.liquidation(p1).unwrap();
    let tab = liq.debt_remaining_wad + liq.penalty_remaining_wad;
    assert_eq!(limits, (u128::MAX, tab, Some(wad(14_000)), tab));
    let before = s.books();
    assert_eq!(s.liquidate(&keeper, p2), Err(EngineError::LiquidationLimit));
    assert_eq!(s.books(), before);
    // The first auction sells; its liquidation ends and frees the limit.
    s.fund_stable(&buyer, wad(20_000));
    let price = s.auction_price(id1).unwrap().unwrap();
    s.take(&buyer, id1, price).unwrap();
    let limits: (u128, u128, Option<u128>, u128) =
        s.engine_as(&a, "liquidation_limits", GOODS_CLASS);
    assert_eq!(limits, (u128::MAX, 0, Some(wad(14_000)), 0));
    s.liquidate(&keeper, p2).unwrap();
    s.assert_books();
}
