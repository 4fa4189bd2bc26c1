//! The liquidation engine and the vault's trust in it, on the compiled contracts: only the engine
//! uses the vault's `Custody` messages (an attacker calling them directly steals nothing), the
//! engine is set once, buyers and debtors pay through their allowance to the engine, and the
//! keeper reward comes out of the penalty without changing what the auctions must raise.
use collateral_vault::{Books, Position, Proceeds, Release, VaultError};
use drink::AccountId32;
use e2e_tests::chain::ink_id;
use e2e_tests::suite::*;
use liquidation_engine::events::{ClaimRecorded, Liquidated};
use liquidation_engine::{EngineError, Liquidation};
use scf_interfaces::{AssetStatus, PSP22Error, MS_PER_DAY, WAD};

/// A supplier (2) with 12 000 borrowed against 10 000 kg of coffee at 2.00, then coffee falls to
/// 1.70 (value 15 300 < 18 000): the position is unsafe. (supplier, position, NFT)
fn unsafe_coffee(s: &mut Suite) -> (AccountId32, u64, u128) {
    let supplier = s.actor(2);
    let id = s.confirmed_coffee(&supplier, wad(10_000));
    let pos = s.open(&supplier, GOODS_CLASS);
    s.deposit(&supplier, pos, id).unwrap();
    s.borrow(&supplier, pos, wad(12_000)).unwrap();
    s.post_price(COFFEE, wad(17) / 10).unwrap();
    (supplier, pos, id)
}

/// Everything an attacker's refused call must leave as it was.
#[derive(Debug, PartialEq)]
struct State {
    books: Books,
    supply: u128,
    balances: Vec<u128>,
    position: Option<Position>,
    liquidation: Option<Liquidation>,
    nft_owner: Option<AccountId32>,
    liquidating: bool,
}

fn state(s: &mut Suite, pos: u64, id: u128, who: &[&AccountId32]) -> State {
    let a = s.admin.clone();
    State {
        books: s.books(),
        supply: s.supply(),
        balances: who.iter().map(|w| s.balance(w)).collect(),
        position: s.position(pos),
        liquidation: s.liquidation(pos),
        nft_owner: s.nft_owner(id),
        liquidating: s.vault_as(&a, "is_liquidating", pos),
    }
}

/// The attack: a second account calls the vault's custody messages itself, before and during a
/// liquidation, to seize a position and mint itself a reward, take a seized NFT for nothing, end
/// a liquidation without paying, or overrule a dispute. Every call is `NotEngine`; nothing moves
/// and no event is emitted.
#[test]
fn only_the_engine_uses_the_vaults_custody() {
    let mut s = Suite::deploy();
    let (supplier, pos, id) = unsafe_coffee(&mut s);
    let (attacker, keeper, admin) = (s.actor(7), s.actor(5), s.admin.clone());
    let who = [&supplier, &attacker, &keeper];
    for stage in ["before the liquidation", "during it"] {
        let before = state(&mut s, pos, id, &who);
        for caller in [&attacker, &supplier, &admin] {
            let r: Result<collateral_vault::Seizure, VaultError> = s.vault_as(
                caller,
                "seize",
                (pos, ink_id(caller), wad(10_000), WAD / 20),
            );
            assert_eq!(r, Err(VaultError::NotEngine), "{stage}");
            let steal = Release {
                asset_id: id,
                to: ink_id(caller),
                settled: false,
                proceeds: Proceeds::default(),
            };
            let r: Result<(), VaultError> =
                s.vault_as(caller, "release", (vec![steal], None::<u64>));
            assert_eq!(r, Err(VaultError::NotEngine), "{stage}");
            let end = pos;
            let r: Result<(), VaultError> =
                s.vault_as(caller, "release", (Vec::<Release>::new(), Some(end)));
            assert_eq!(r, Err(VaultError::NotEngine), "{stage}");
            let r: Result<(u128, collateral_vault::SaleTerms), VaultError> =
                s.vault_as(caller, "revalue", id);
            assert_eq!(r, Err(VaultError::NotEngine), "{stage}");
            let r: Result<(), VaultError> = s.vault_as(caller, "resolve_dispute", (id, true));
            assert_eq!(r, Err(VaultError::NotEngine), "{stage}");
            assert!(s.chain.last_events().is_empty());
        }
        assert_eq!(state(&mut s, pos, id, &who), before, "{stage}");
        if stage == "before the liquidation" {
            s.liquidate(&keeper, pos).unwrap();
        }
    }
    // Nor can anyone point the vault at an engine of its own: the admin set it once.
    let e = s.engine.clone();
    for caller in [&attacker, &admin] {
        let r: Result<(), VaultError> =
            s.vault_as(caller, "set_liquidation_engine", ink_id(&attacker));
        let want = if *caller == admin {
            VaultError::EngineAlreadySet
        } else {
            VaultError::NotAdmin
        };
        assert_eq!(r, Err(want));
    }
    let engine: Option<ink::primitives::AccountId> = s.vault_as(&admin, "liquidation_engine", ());
    assert_eq!(engine, Some(ink_id(&e)));
    s.assert_books();
}

/// A buyer's allowance to the vault is not an allowance to the engine: `take` pulls the price
/// from the buyer's allowance to the engine only, and a refused take moves nothing.
#[test]
fn take_pays_from_the_buyers_allowance_to_the_engine() {
    let mut s = Suite::deploy();
    let (supplier, pos, id) = unsafe_coffee(&mut s);
    let (keeper, buyer) = (s.actor(5), s.actor(6));
    s.fund_stable(&buyer, wad(20_000));
    s.liquidate(&keeper, pos).unwrap();
    let price = s.auction_price(id).unwrap().unwrap();
    assert_eq!(price, wad(18_360));
    // Approving the vault (the old flow) is not enough.
    s.approve_stable(&buyer, price);
    let before = state(&mut s, pos, id, &[&buyer, &supplier]);
    let r: Result<(), EngineError> = s.engine_as(&buyer, "take", (id, price));
    assert_eq!(
        r,
        Err(EngineError::Token(PSP22Error::InsufficientAllowance))
    );
    assert_eq!(state(&mut s, pos, id, &[&buyer, &supplier]), before);
    // With the engine approved: debt 12 000 and penalty 1 200 to the vault, 5 160 to the owner.
    let surplus = s.books().surplus_wad;
    s.take(&buyer, id, price).unwrap();
    assert_eq!(s.balance(&buyer), wad(20_000) - price);
    assert_eq!(s.balance(&supplier), wad(12_000) + wad(5_160));
    assert_eq!(s.books().surplus_wad, surplus + wad(1_200));
    assert_eq!(s.nft_owner(id), Some(buyer.clone()));
    let e = s.engine.clone();
    assert_eq!(s.balance(&e), 0, "the engine never holds stablecoin");
    assert_eq!(s.liquidation(pos), None);
    let a = s.admin.clone();
    assert!(!s.vault_as::<_, bool>(&a, "is_liquidating", pos));
    s.assert_books();
}

/// The keeper reward (MakerDAO's tip + chip): minted to the keeper at liquidation, owed by the
/// system as liquidation debt and paid out of the penalty, so the auction's target (debt +
/// penalty) does not change; capped by the penalty.
#[test]
fn the_keeper_reward_comes_out_of_the_penalty() {
    let mut s = Suite::deploy();
    let admin = s.admin.clone();
    // Bounds: tip ≤ 10 000 units, chip ≤ 5 %.
    let r: Result<(), EngineError> = s.engine_as(&admin, "set_keeper_reward", (wad(10_001), 0u128));
    assert_eq!(r, Err(EngineError::InvalidParams));
    let r: Result<(), EngineError> =
        s.engine_as(&admin, "set_keeper_reward", (0u128, WAD / 20 + 1));
    assert_eq!(r, Err(EngineError::InvalidParams));
    let keeper = s.actor(5);
    let r: Result<(), EngineError> =
        s.engine_as(&keeper, "set_keeper_reward", (wad(100), WAD / 1_000));
    assert_eq!(r, Err(EngineError::NotAdmin));
    // 100 + 0.1 % of the debt.
    s.engine_as::<_, Result<(), EngineError>>(&admin, "set_keeper_reward", (wad(100), WAD / 1_000))
        .unwrap();

    let (supplier, pos, id) = unsafe_coffee(&mut s);
    let supply = s.supply();
    s.liquidate(&keeper, pos).unwrap();
    let e = s.engine.clone();
    let ev = s.chain.events_of::<Liquidated>(&e);
    assert_eq!(
        (ev[0].debt_wad, ev[0].penalty_wad, ev[0].keeper_reward_wad),
        (wad(12_112), wad(1_088), wad(112))
    );
    // 100 + 12 = 112 to the keeper; the liquidation owes 12 112 of debt and 1 088 of penalty.
    assert_eq!(s.balance(&keeper), wad(112));
    assert_eq!(s.supply(), supply + wad(112));
    assert_eq!(s.books().auction_debt_wad, wad(12_112));
    let liq = s.liquidation(pos).unwrap();
    assert_eq!(
        (liq.debt_remaining_wad, liq.penalty_remaining_wad),
        (wad(12_112), wad(1_088))
    );
    s.assert_books();
    // The sale pays 13 200 to the vault as before: the system's take is the penalty less the
    // reward, the owner's share is unchanged.
    let buyer = s.actor(6);
    s.fund_stable(&buyer, wad(20_000));
    let surplus = s.books().surplus_wad;
    s.take(&buyer, id, wad(18_360)).unwrap();
    assert_eq!(s.balance(&supplier), wad(12_000) + wad(5_160));
    assert_eq!(s.books().surplus_wad, surplus + wad(1_088));
    assert_eq!(s.books().auction_debt_wad, 0);
    s.assert_books();

    // A tip larger than the penalty is capped by it: a self-liquidation never pays.
    s.engine_as::<_, Result<(), EngineError>>(&admin, "set_keeper_reward", (wad(10_000), 0u128))
        .unwrap();
    let other = s.actor(3);
    let id2 = s.confirmed_coffee(&other, wad(1_000));
    let pos2 = s.open(&other, GOODS_CLASS);
    s.deposit(&other, pos2, id2).unwrap();
    s.borrow(&other, pos2, wad(1_000)).unwrap();
    s.post_price(COFFEE, wad(1)).unwrap();
    let balance = s.balance(&other);
    s.liquidate(&other, pos2).unwrap();
    // Penalty 10 % of 1 000 = 100: the reward.
    assert_eq!(s.balance(&other), balance + wad(100));
    s.assert_books();
}

/// A debtor pays an invoice in recovery through the engine from its allowance to the engine;
/// the vault's `settle` points it there (`InRecovery`), and nobody else can pay it in its name.
#[test]
fn a_debtor_pays_an_invoice_in_recovery_through_the_engine() {
    let mut s = Suite::deploy();
    let (supplier, keeper, stranger) = (s.actor(2), s.actor(5), s.actor(7));
    let debtor = s.approved_debtor(3, wad(1_000_000));
    let id = s.confirmed_invoice(&supplier, &debtor, wad(15_000), 60 * MS_PER_DAY);
    let pos = s.open(&supplier, INVOICE_CLASS);
    s.deposit(&supplier, pos, id).unwrap();
    s.borrow(&supplier, pos, wad(9_000)).unwrap();
    // The debtor disputes and stops paying. The dispute alone makes nothing liquidatable; 15 days
    // into the grace period the invoice is worth half its face and the facility is unsafe: the
    // disputed invoice goes to recovery (a buyer cannot price a dispute).
    s.vault_as::<_, Result<(), VaultError>>(&debtor, "dispute", id)
        .unwrap();
    assert_eq!(
        s.liquidate(&keeper, pos),
        Err(EngineError::Vault(VaultError::PositionSafe))
    );
    s.advance(75 * MS_PER_DAY);
    s.liquidate(&keeper, pos).unwrap();
    assert!(s.recovery(id).is_some());
    let penalty = s.liquidation(pos).unwrap().penalty_remaining_wad;
    assert!(penalty > 0);
    s.fund_stable(&debtor, wad(20_000));
    s.fund_stable(&stranger, wad(20_000));
    // Disputed: not payable until the arbiter rules it valid.
    assert_eq!(
        s.settle_in_recovery(&debtor, id),
        Err(EngineError::Vault(VaultError::InvalidStatus))
    );
    let arbiter = s.actor(8);
    s.set_arbiter(&arbiter);
    assert_eq!(
        s.resolve_dispute(&keeper, id, true),
        Err(EngineError::NotArbiter)
    );
    s.resolve_dispute(&arbiter, id, true).unwrap();
    assert_eq!(s.asset(id).status, AssetStatus::Confirmed);
    // Ruled valid: the penalty stays, as it would have without the dispute (the dispute did not
    // make the facility liquidatable: lateness did).
    assert_eq!(s.liquidation(pos).unwrap().penalty_remaining_wad, penalty);
    // Only the debtor pays, and only through the engine.
    assert_eq!(
        s.settle_in_recovery(&stranger, id),
        Err(EngineError::Vault(VaultError::NotDebtor))
    );
    assert_eq!(s.balance(&stranger), wad(20_000));
    s.approve_stable(&debtor, wad(15_000));
    assert_eq!(s.settle(&debtor, id), Err(VaultError::InRecovery));
    let debt = s.liquidation(pos).unwrap().debt_remaining_wad;
    let supplier_before = s.balance(&supplier);
    s.settle_in_recovery(&debtor, id).unwrap();
    assert_eq!(s.balance(&debtor), wad(20_000) - wad(15_000));
    assert_eq!(
        s.balance(&supplier),
        supplier_before + wad(15_000) - debt - penalty
    );
    assert_eq!(s.asset(id).status, AssetStatus::Settled);
    assert_eq!(s.nft_owner(id), Some(supplier.clone()));
    assert_eq!(s.recovery(id), None);
    assert_eq!(s.liquidation(pos), None);
    let books = s.books();
    assert_eq!((books.auction_debt_wad, books.bad_debt_wad), (0, 0));
    s.assert_books();
}

/// A supplier (2) with 3 000 borrowed against a 10 000 invoice of an approved debtor (3) that
/// defaulted and was liquidated into recovery. (supplier, debtor, keeper, position, invoice)
fn defaulted_in_recovery(s: &mut Suite) -> (AccountId32, AccountId32, AccountId32, u64, u128) {
    let (supplier, keeper) = (s.actor(2), s.actor(5));
    let debtor = s.approved_debtor(3, wad(1_000_000));
    let id = s.confirmed_invoice(&supplier, &debtor, wad(10_000), 30 * MS_PER_DAY);
    let pos = s.open(&supplier, INVOICE_CLASS);
    s.deposit(&supplier, pos, id).unwrap();
    s.borrow(&supplier, pos, wad(3_000)).unwrap();
    s.advance(61 * MS_PER_DAY);
    s.vault_as::<_, Result<(), VaultError>>(&keeper, "mark_defaulted", id)
        .unwrap();
    s.liquidate(&keeper, pos).unwrap();
    assert!(s.recovery(id).is_some());
    (supplier, debtor, keeper, pos, id)
}

/// The attack (found in review): once an invoice in recovery was written off and its shortfall
/// covered from the surplus, the debtor's late payment went entirely to the defaulting owner and
/// the system's loss was never refilled. Now the payment owes the liquidation's shortfall and
/// unpaid penalty first: bad debt is burned, what the surplus covered is refilled, and only the
/// rest goes to the owner.
#[test]
fn a_late_payment_on_a_written_off_invoice_refills_what_the_surplus_covered() {
    let mut s = Suite::deploy();
    let (supplier, debtor, keeper, pos, id) = defaulted_in_recovery(&mut s);
    let liq = s.liquidation(pos).unwrap();
    let (debt, penalty) = (liq.debt_remaining_wad, liq.penalty_remaining_wad);
    assert!(debt > wad(3_000) && penalty > 0);
    // A donation gives the surplus enough to cover the whole shortfall at write-off.
    let donor = s.actor(9);
    s.fund_stable(&donor, wad(10_000));
    let v = s.vault.clone();
    s.transfer_stable(&donor, &v, wad(10_000));
    s.vault_as::<_, Result<(), VaultError>>(&keeper, "skim", ())
        .unwrap();
    s.advance(90 * MS_PER_DAY);
    let surplus_before = s.books().surplus_wad;
    s.write_off(&keeper, id).unwrap();
    let e = s.engine.clone();
    let claims = s.chain.events_of::<ClaimRecorded>(&e);
    assert_eq!(
        claims
            .iter()
            .map(|c| (c.position_id, c.debt_wad, c.penalty_wad))
            .collect::<Vec<_>>(),
        vec![(pos, debt, penalty)]
    );
    let claim: Option<liquidation_engine::Claim> =
        s.engine_as(&keeper, "claim", claims[0].liquidation_id);
    assert_eq!(
        claim.map(|c| (c.debt_wad, c.penalty_wad)),
        Some((debt, penalty))
    );
    let books = s.books();
    assert_eq!(books.bad_debt_wad, 0, "the surplus covered the shortfall");
    assert_eq!(books.surplus_wad, surplus_before - debt);

    // The debtor pays 10 000 after all: the shortfall refills the surplus, the penalty joins it,
    // the rest goes to the supplier.
    let supplier_before = s.balance(&supplier);
    s.fund_stable(&debtor, wad(10_000));
    // (Funding the debtor accrues the donor's facility's fees into the surplus: measured after.)
    let surplus_before = s.books().surplus_wad;
    s.settle_in_recovery(&debtor, id).unwrap();
    assert_eq!(s.balance(&debtor), 0);
    assert_eq!(
        s.balance(&supplier),
        supplier_before + wad(10_000) - debt - penalty
    );
    let books = s.books();
    assert_eq!(books.surplus_wad, surplus_before + debt + penalty);
    assert_eq!(books.bad_debt_wad, 0);
    assert_eq!(s.asset(id).status, AssetStatus::Settled);
    assert_eq!(s.nft_owner(id), Some(supplier.clone()));
    // The claim is repaid in full and gone.
    let claim: Option<liquidation_engine::Claim> = s.engine_as(&keeper, "claim", 1u64);
    assert_eq!(claim, None);
    s.assert_books();
}

/// The same when the shortfall is still bad debt: the payment burns it, then the penalty, then
/// the owner.
#[test]
fn a_late_payment_on_a_written_off_invoice_heals_the_bad_debt_first() {
    let mut s = Suite::deploy();
    let (supplier, debtor, keeper, pos, id) = defaulted_in_recovery(&mut s);
    let liq = s.liquidation(pos).unwrap();
    let (debt, penalty) = (liq.debt_remaining_wad, liq.penalty_remaining_wad);
    s.advance(90 * MS_PER_DAY);
    s.write_off(&keeper, id).unwrap();
    let books = s.books();
    let (bad, surplus) = (books.bad_debt_wad, books.surplus_wad);
    assert_eq!(bad + (debt - bad), debt);
    assert!(bad > 0);
    let supplier_before = s.balance(&supplier);
    let supply = s.supply();
    s.fund_stable(&debtor, wad(10_000));
    let supply = supply + wad(10_000);
    s.settle_in_recovery(&debtor, id).unwrap();
    let books = s.books();
    assert_eq!(books.bad_debt_wad, 0);
    // What the surplus had covered (debt − bad) is refilled; the penalty is kept.
    assert_eq!(books.surplus_wad, surplus + (debt - bad) + penalty);
    assert_eq!(s.supply(), supply - bad);
    assert_eq!(
        s.balance(&supplier),
        supplier_before + wad(10_000) - debt - penalty
    );
    s.assert_books();
}
