//! The suite's flows through `ink_e2e`'s client, on its runtime-only backend (each test here) and
//! on a live node (`on_a_live_node`, when `SCF_E2E_NODE_URL` names one).
//!
//! Every flow deploys the suite as a user does (`deploy/networks/local.toml`, every step of
//! `scf-deploy deploy`), then acts through the contracts' own call builders. Amounts are exact;
//! where a node's clock makes a fee unknowable in advance (seconds of 5 %/year between two
//! blocks), the flow asserts the exact identity that must hold whatever the fee was, and the
//! sandbox, whose clock stands still unless moved, also asserts the figure.
use collateral_vault::collateral_vault::CollateralVault;
use collateral_vault::VaultError;
use e2e_ink::{keypair, Clock, Codes, E2eChain, FlowClient, NodeClient, SandboxClient};
use ink::primitives::AccountId;
use ink_e2e::{alice, bob, charlie, dave, eve, ferdie, Keypair};
use liquidation_engine::liquidation_engine::LiquidationEngine;
use liquidation_engine::EngineError;
use price_oracle::PriceOracle;
use psp22::PSP22;
use receivable_registry::Registry;
use scf_deploy::artifacts::Artifacts;
use scf_deploy::backend::{Backend, Signer};
use scf_deploy::config::Config;
use scf_interfaces::oracle::price_key;
use scf_interfaces::psp34::{Id, PSP34};
use scf_interfaces::registry::{
    terms_hash, AssetId, AssetKind, AssetStatus, GoodsTerms, InvoiceTerms, ReceivableRegistry,
};
use stablecoin::Stablecoin;
use std::path::PathBuf;

const WAD: u128 = 1_000_000_000_000_000_000;
const DAY_MS: u64 = 86_400_000;

fn wad(units: u128) -> u128 {
    units * WAD
}

/// The deployed suite: addresses and the class ids the network file created.
pub struct Suite {
    oracle: AccountId,
    registry: AccountId,
    stable: AccountId,
    vault: AccountId,
    engine: AccountId,
    invoices: u32,
    warehouse: u32,
    /// The clock stands still between calls unless the flow moves it (sandbox): fees are exact.
    still_clock: bool,
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The bundles, staged under unique names for `ink_e2e`'s registry of codes.
fn codes() -> (Artifacts, Codes) {
    let dir = scf_deploy::artifacts::default_dir();
    let dir = if dir.is_absolute() {
        dir
    } else {
        repo().join(dir)
    };
    let artifacts = Artifacts::load(&dir)
        .unwrap_or_else(|e| panic!("{e} (build the contracts: bash scripts/build-contracts.sh)"));
    // A folder per call: the tests run in parallel threads, and one must never read a code
    // another is still writing.
    static STAGED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = STAGED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let stage = std::env::temp_dir().join(format!("scf-e2e-ink-codes-{}-{n}", std::process::id()));
    let codes = Codes::stage(&artifacts, &stage).expect("staging the codes");
    (artifacts, codes)
}

/// `scf-deploy deploy` with the local network file, sent through the `ink_e2e` client.
fn deploy<C>(
    client: &mut C,
    rt: &tokio::runtime::Runtime,
    artifacts: &Artifacts,
    codes: &Codes,
    clock: Clock,
    target: &str,
) -> Suite
where
    C: FlowClient,
{
    let cfg_path = repo().join("deploy/networks/local.toml");
    let mut cfg = Config::load(&cfg_path).expect("deploy/networks/local.toml");
    // The plan rewrites its manifest after every step: into this run's folder, never over the
    // network file's own (deploy/deployments/local.json, which a dApp may be serving).
    cfg.manifest_path = codes.dir.join("manifest.json");
    let deployer = Signer::from_suri(&cfg.deployer_suri).expect("deployer");
    let mut chain = E2eChain::new(client, rt, codes, clock, target.to_string());
    let manifest = scf_deploy::deploy::run(&mut chain, &cfg, artifacts, &deployer, Vec::new())
        .unwrap_or_else(|e| panic!("deploying the suite through ink_e2e: {e}"));
    assert!(manifest.complete, "the deployment completed every step");
    // The reporters other than the deployer sign too (a dev node funds them; the sandbox, not).
    for r in &reporters()[1..] {
        chain
            .ensure_funded(&r.public_key().0)
            .expect("funding a reporter");
    }
    let a = manifest.addresses(&cfg_path).expect("addresses");
    let class = |name: &str| {
        manifest
            .classes
            .iter()
            .find(|c| c.name == name)
            .map(|c| c.id)
            .unwrap_or_else(|| panic!("no class {name}"))
    };
    Suite {
        oracle: a.price_oracle.into(),
        registry: a.receivable_registry.into(),
        stable: a.stablecoin.into(),
        vault: a.collateral_vault.into(),
        engine: a.liquidation_engine.into(),
        invoices: class("invoices"),
        warehouse: class("warehouse"),
        still_clock: clock == Clock::Sandbox,
    }
}

fn id(k: &Keypair) -> AccountId {
    AccountId::from(k.public_key().0)
}

/// The three reporters of every key in the local network file (quorum 3).
fn reporters() -> [Keypair; 3] {
    [
        alice(),
        keypair("//Alice//stash").expect("key"),
        keypair("//Bob//stash").expect("key"),
    ]
}

// Calls. `send!` dry-runs the message (a refusal fails the test, naming its error) and submits it;
// `refused!` dry-runs it and returns the contract's error; `view!` reads.
macro_rules! send {
    ($c:expr, $who:expr, $msg:expr) => {{
        let m = $msg;
        let dry = $c.call($who, &m).dry_run().await.expect("dry run");
        match dry.return_value() {
            Ok(v) => {
                $c.call($who, &m).submit().await.expect("submitted");
                v
            }
            Err(e) => panic!("{} refused: {e:?}", stringify!($msg)),
        }
    }};
}

macro_rules! refused {
    ($c:expr, $who:expr, $msg:expr) => {{
        let m = $msg;
        let dry = $c.call($who, &m).dry_run().await.expect("dry run");
        match dry.return_value() {
            Ok(_) => panic!("{} was accepted", stringify!($msg)),
            Err(e) => e,
        }
    }};
}

macro_rules! view {
    ($c:expr, $msg:expr) => {{
        let m = $msg;
        $c.call(&alice(), &m)
            .dry_run()
            .await
            .expect("dry run")
            .return_value()
    }};
}

fn vault_of(s: &Suite) -> <CollateralVault as ink::codegen::ContractCallBuilder>::Type {
    ink_e2e::create_call_builder::<CollateralVault>(s.vault)
}
fn coin(s: &Suite) -> <Stablecoin as ink::codegen::ContractCallBuilder>::Type {
    ink_e2e::create_call_builder::<Stablecoin>(s.stable)
}
fn registry(s: &Suite) -> <Registry as ink::codegen::ContractCallBuilder>::Type {
    ink_e2e::create_call_builder::<Registry>(s.registry)
}
fn oracle(s: &Suite) -> <PriceOracle as ink::codegen::ContractCallBuilder>::Type {
    ink_e2e::create_call_builder::<PriceOracle>(s.oracle)
}
fn engine(s: &Suite) -> <LiquidationEngine as ink::codegen::ContractCallBuilder>::Type {
    ink_e2e::create_call_builder::<LiquidationEngine>(s.engine)
}

async fn post_price<C: FlowClient>(c: &mut C, s: &Suite, symbol: &str, price_wad: u128) {
    for r in reporters() {
        send!(c, &r, oracle(s).submit(price_key(symbol), price_wad));
    }
}

fn now_ms(s: &Suite) -> u64 {
    if s.still_clock {
        e2e_ink::now_ms()
    } else {
        e2e_ink::wall_clock_ms()
    }
}

/// Registers and has confirmed (by its confirmer, binding the terms on its own record).
async fn register_confirmed<C: FlowClient>(
    c: &mut C,
    s: &Suite,
    owner: &Keypair,
    confirmer: &Keypair,
    kind: AssetKind,
) -> AssetId {
    let asset = send!(c, owner, registry(s).register(kind.clone()));
    send!(
        c,
        confirmer,
        registry(s).confirm(asset, terms_hash(&id(owner), &kind))
    );
    asset
}

async fn pledge<C: FlowClient>(
    c: &mut C,
    s: &Suite,
    owner: &Keypair,
    class_id: u32,
    asset: AssetId,
) -> u64 {
    let pos = send!(c, owner, vault_of(s).open_position(class_id));
    send!(
        c,
        owner,
        registry(s).approve(s.vault, Some(Id::U128(asset)), true)
    );
    send!(c, owner, vault_of(s).deposit(pos, asset));
    pos
}

async fn balance<C: FlowClient>(c: &mut C, s: &Suite, who: AccountId) -> u128 {
    view!(c, coin(s).balance_of(who))
}

async fn supply<C: FlowClient>(c: &mut C, s: &Suite) -> u128 {
    view!(c, coin(s).total_supply())
}

/// Coffee in //Eve's warehouse, financed by //Dave (a trader) and sold on: the money that pays
/// the invoices below. Returns Dave's position and the lot.
async fn coffee_loan<C: FlowClient>(c: &mut C, s: &Suite) -> (u64, AssetId) {
    post_price(c, s, "COFFEE", wad(2)).await;
    let kind = AssetKind::WarehouseReceipt(GoodsTerms {
        commodity: price_key("COFFEE"),
        quantity_wad: wad(60_000),
        warehouse: id(&eve()),
        document_hash: [7; 32],
    });
    let lot = register_confirmed(c, s, &dave(), &eve(), kind).await;
    let pos = pledge(c, s, &dave(), s.warehouse, lot).await;
    // 60 000 × 2.00 less the 10 % haircut = 108 000, at 150 %: 72 000.
    assert_eq!(view!(c, vault_of(s).position_value(pos)), Ok(wad(108_000)));
    let max = view!(c, vault_of(s).max_borrow(pos)).expect("max borrow");
    if s.still_clock {
        assert_eq!(max, wad(72_000));
    } else {
        // On a node the class's rate has moved since the deployment: a debt's normalised amount
        // is rounded up, so the most that stays within 150 % may be one wei less.
        assert!(
            max == wad(72_000) || max == wad(72_000) - 1,
            "max borrow {max}"
        );
    }
    let borrow_more = refused!(c, &dave(), vault_of(s).borrow(pos, max + 1));
    assert_eq!(borrow_more, VaultError::Unsafe);
    send!(c, &dave(), vault_of(s).borrow(pos, wad(70_000)));
    assert_eq!(balance(c, s, id(&dave())).await, wad(70_000));
    (pos, lot)
}

fn invoice_terms(s: &Suite, currency: &str, face: u128, due_in_days: u64, doc: u8) -> AssetKind {
    let now = now_ms(s);
    AssetKind::Invoice(InvoiceTerms {
        face_value_wad: face,
        currency: price_key(currency),
        debtor: id(&charlie()),
        issue_date_ms: now,
        due_date_ms: now + due_in_days * DAY_MS,
        document_hash: [doc; 32],
    })
}

/// A supplier finances an invoice, pays its own supplier with the stablecoin, and the buyer's
/// payment repays the loan; a second account can take nothing on the way.
async fn invoice_financed_paid_down_the_chain_and_settled<C: FlowClient>(c: &mut C, s: &Suite) {
    post_price(c, s, "USD", WAD).await;
    let (bean, _) = coffee_loan(c, s).await;
    // Dave buys parts from //Charlie: 50 000 down the chain.
    send!(
        c,
        &dave(),
        coin(s).transfer(id(&charlie()), wad(50_000), Vec::new())
    );
    assert_eq!(balance(c, s, id(&charlie())).await, wad(50_000));

    // //Bob (Acme) finances its 50 000 USD invoice on //Charlie.
    let kind = invoice_terms(s, "USD", wad(50_000), 60, 1);
    let invoice = register_confirmed(c, s, &bob(), &charlie(), kind).await;
    let acme = pledge(c, s, &bob(), s.invoices, invoice).await;
    send!(c, &bob(), vault_of(s).borrow(acme, wad(20_000)));
    assert_eq!(balance(c, s, id(&bob())).await, wad(20_000));
    // Acme pays its own supplier (//Ferdie) 5 000: the stablecoin is money in the chain.
    send!(
        c,
        &bob(),
        coin(s).transfer(id(&ferdie()), wad(5_000), b"PO-7781".to_vec())
    );
    assert_eq!(balance(c, s, id(&ferdie())).await, wad(5_000));
    assert_eq!(balance(c, s, id(&bob())).await, wad(15_000));

    // A second account (Dave's) can neither take Acme's invoice, nor borrow on its position,
    // nor settle an invoice it does not owe; each refusal changes nothing.
    let debt = view!(c, vault_of(s).position_debt(acme)).expect("debt");
    let e = refused!(c, &dave(), vault_of(s).withdraw(acme, invoice));
    assert_eq!(e, VaultError::NotOwner);
    let e = refused!(c, &dave(), vault_of(s).borrow(acme, wad(1)));
    assert_eq!(e, VaultError::NotOwner);
    let e = refused!(c, &dave(), vault_of(s).settle(invoice));
    assert_eq!(e, VaultError::NotDebtor);
    // Nor pledge it to its own position: the vault holds it.
    let e = refused!(c, &dave(), vault_of(s).deposit(bean, invoice));
    assert_eq!(e, VaultError::NotAssetOwner);
    if s.still_clock {
        assert_eq!(view!(c, vault_of(s).position_debt(acme)), Ok(debt));
    }
    assert_eq!(balance(c, s, id(&dave())).await, wad(20_000));
    assert_eq!(
        view!(c, registry(s).owner_of(Id::U128(invoice))),
        Some(s.vault)
    );

    // The buyer pays the invoice: 50 000 at 1.00.
    let due = view!(c, vault_of(s).settlement_amount(invoice)).expect("amount");
    assert_eq!(due, wad(50_000));
    send!(c, &charlie(), coin(s).approve(s.vault, due));
    let (acme_before, vault_before, supply_before) = (
        balance(c, s, id(&bob())).await,
        balance(c, s, s.vault).await,
        supply(c, s).await,
    );
    send!(c, &charlie(), vault_of(s).settle(invoice));
    let (acme_gain, vault_gain, burnt) = (
        balance(c, s, id(&bob())).await - acme_before,
        balance(c, s, s.vault).await - vault_before,
        supply_before - supply(c, s).await,
    );
    // All of the payment is accounted for, whatever fee accrued: the loan's principal burnt, its
    // fee kept by the vault as surplus, the rest to Acme.
    assert_eq!(acme_gain + vault_gain + burnt, wad(50_000));
    if s.still_clock {
        assert_eq!(burnt, wad(20_000));
        // No time passed: no fee, the whole remainder to Acme.
        assert_eq!((acme_gain, vault_gain), (wad(30_000), 0));
    } else {
        // On a node the rate had moved when Acme borrowed: its normalised debt was rounded up,
        // in the vault's favour, so the principal burnt may be one wei more than was lent.
        assert!(
            burnt == wad(20_000) || burnt == wad(20_000) + 1,
            "burnt {burnt}"
        );
    }
    assert_eq!(balance(c, s, id(&charlie())).await, 0);
    assert_eq!(view!(c, vault_of(s).position_debt(acme)), Ok(0));
    let asset = view!(c, registry(s).asset(invoice)).expect("asset");
    assert_eq!(asset.status, AssetStatus::Settled);
    // Settled twice: refused (the vault no longer holds it).
    send!(
        c,
        &dave(),
        coin(s).transfer(id(&charlie()), wad(100), Vec::new())
    );
    let e = refused!(c, &charlie(), vault_of(s).settle(invoice));
    assert_eq!(e, VaultError::NotPledged);
}

/// A debtor pays an invoice the vault does not hold, on chain, to whoever holds it.
async fn unpledged_invoice_paid_on_chain<C: FlowClient>(c: &mut C, s: &Suite) {
    post_price(c, s, "EUR", wad(108) / 100).await;
    coffee_loan(c, s).await;
    send!(
        c,
        &dave(),
        coin(s).transfer(id(&charlie()), wad(20_000), Vec::new())
    );
    let kind = invoice_terms(s, "EUR", wad(10_000), 30, 2);
    let invoice = register_confirmed(c, s, &bob(), &charlie(), kind).await;
    // 10 000 EUR at 1.08.
    let due = view!(c, vault_of(s).settlement_amount(invoice)).expect("amount");
    assert_eq!(due, wad(10_800));
    // Anyone but the debtor is refused.
    send!(c, &dave(), coin(s).approve(s.vault, due));
    let e = refused!(c, &dave(), vault_of(s).pay_invoice(invoice));
    assert_eq!(e, VaultError::NotDebtor);
    send!(c, &charlie(), coin(s).approve(s.vault, due));
    let supply_before = supply(c, s).await;
    send!(c, &charlie(), vault_of(s).pay_invoice(invoice));
    assert_eq!(balance(c, s, id(&bob())).await, wad(10_800));
    assert_eq!(
        balance(c, s, id(&charlie())).await,
        wad(20_000) - wad(10_800)
    );
    assert_eq!(
        supply(c, s).await,
        supply_before,
        "a payment mints and burns nothing"
    );
    let asset = view!(c, registry(s).asset(invoice)).expect("asset");
    assert_eq!(asset.status, AssetStatus::Settled);
    let record = view!(c, registry(s).payment_record(id(&charlie())));
    assert_eq!((record.settled_on_time, record.settled_late), (1, 0));
    let e = refused!(c, &charlie(), vault_of(s).pay_invoice(invoice));
    assert_eq!(e, VaultError::InvalidStatus);
}

/// A year of fees, then "repay all": the offer covers more than the debt, and the vault burns
/// the debt as of the block the repayment executes in, no more (sandbox: it moves the clock).
async fn a_year_of_fees_then_repay_all<C: FlowClient>(c: &mut C, s: &Suite) {
    let (pos, lot_id) = coffee_loan(c, s).await;
    let surplus_before = balance(c, s, s.vault).await;
    e2e_ink::set_now_ms(e2e_ink::now_ms() + 365 * DAY_MS);
    post_price(c, s, "COFFEE", wad(2)).await;
    // The class's 5 %/year, compounded per second for 31 536 000 s, rounded up (the vault's
    // rule, from the rules crate): 73 499.999999999999997275, not quite 73 500 because the
    // network file's per-second rate is itself rounded.
    let fee_ray = 1_000_000_001_547_125_957_863_212_448;
    let rate_ray = scf_rules::math::rpow(fee_ray, 365 * 86_400).expect("rate");
    let expected =
        scf_rules::math::mul_div_up(wad(70_000), rate_ray, scf_rules::math::RAY).expect("debt");
    assert_eq!(expected, 73_499_999_999_999_999_997_275);
    let debt = view!(c, vault_of(s).position_debt(pos)).expect("debt");
    assert_eq!(debt, expected);
    // Dave needs more than he borrowed: //Charlie, financing coffee of his own, pays him 5 000.
    let kind = AssetKind::WarehouseReceipt(GoodsTerms {
        commodity: price_key("COFFEE"),
        quantity_wad: wad(10_000),
        warehouse: id(&eve()),
        document_hash: [9; 32],
    });
    let lot = register_confirmed(c, s, &charlie(), &eve(), kind).await;
    let other = pledge(c, s, &charlie(), s.warehouse, lot).await;
    send!(c, &charlie(), vault_of(s).borrow(other, wad(5_000)));
    send!(
        c,
        &charlie(),
        coin(s).transfer(id(&dave()), wad(5_000), Vec::new())
    );
    let offer = balance(c, s, id(&dave())).await;
    assert_eq!(offer, wad(75_000));
    send!(c, &dave(), coin(s).approve(s.vault, offer));
    let supply_before = supply(c, s).await;
    send!(c, &dave(), vault_of(s).repay(pos, offer));
    assert_eq!(view!(c, vault_of(s).position_debt(pos)), Ok(0));
    assert_eq!(balance(c, s, id(&dave())).await, offer - debt);
    // The whole debt is burnt; its fee was minted to the vault as surplus when the class's rate
    // moved (//Charlie's borrow, a year on), so the surplus grew by the fee to the wei.
    assert_eq!(supply_before - supply(c, s).await, debt);
    assert_eq!(
        balance(c, s, s.vault).await - surplus_before,
        debt - wad(70_000)
    );
    // Now the coffee can go home.
    send!(c, &dave(), vault_of(s).withdraw(pos, lot_id));
    assert_eq!(
        view!(c, registry(s).owner_of(Id::U128(lot_id))),
        Some(id(&dave()))
    );
}

/// Coffee falls 25 %: a keeper liquidates the position and buys the lot at auction.
async fn a_price_fall_is_liquidated_and_sold<C: FlowClient>(c: &mut C, s: &Suite) {
    let (pos, asset) = coffee_loan(c, s).await;
    let keeper = ink_e2e::one();
    // Still safe: liquidation refused, and refused to change anything.
    let e = refused!(c, &keeper, engine(s).liquidate(pos));
    assert_eq!(e, EngineError::Vault(VaultError::PositionSafe));
    post_price(c, s, "COFFEE", wad(15) / 10).await;
    // 60 000 × 1.50 × 0.9 = 81 000 < 1.5 × 70 000: unsafe.
    assert_eq!(view!(c, vault_of(s).position_value(pos)), Ok(wad(81_000)));
    send!(c, &keeper, engine(s).liquidate(pos));
    let lot = view!(c, vault_of(s).position(pos))
        .expect("position")
        .assets;
    assert!(lot.is_empty(), "the lot left the position: {lot:?}");
    // The keeper's reward: 0.1 % of the 70 000 debt, minted to it.
    assert_eq!(balance(c, s, id(&keeper)).await, wad(70));
    // The keeper buys the lot half-way through the auction, at the auction's own price then;
    // it needs the money first (Dave's loan, handed on).
    e2e_ink::set_now_ms(e2e_ink::now_ms() + 12 * 3_600_000);
    post_price(c, s, "COFFEE", wad(15) / 10).await;
    let price = view!(c, engine(s).auction_price(asset))
        .expect("priced")
        .expect("at auction");
    send!(
        c,
        &dave(),
        coin(s).transfer(id(&keeper), wad(70_000), Vec::new())
    );
    send!(c, &keeper, coin(s).approve(s.engine, price));
    let before = balance(c, s, id(&keeper)).await;
    send!(c, &keeper, engine(s).take(asset, price));
    assert_eq!(before - balance(c, s, id(&keeper)).await, price);
    assert_eq!(
        view!(c, registry(s).owner_of(Id::U128(asset))),
        Some(id(&keeper))
    );
}

// -------------------------------------------------------------------------------------------
// Runners
// -------------------------------------------------------------------------------------------

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
}

/// A fresh runtime-only chain with the suite deployed, its clock at the wall clock's now.
fn on_sandbox(
    flow: impl for<'a> FnOnce(&'a mut SandboxClient, &'a Suite, &'a tokio::runtime::Runtime),
) {
    e2e_ink::set_now_ms(e2e_ink::wall_clock_ms());
    let rt = runtime();
    let (artifacts, codes) = codes();
    let mut client = SandboxClient::new(codes.paths());
    let suite = deploy(
        &mut client,
        &rt,
        &artifacts,
        &codes,
        Clock::Sandbox,
        "ink_e2e sandbox",
    );
    flow(&mut client, &suite, &rt);
    let _ = std::fs::remove_dir_all(&codes.dir);
}

#[test]
fn an_invoice_financed_paid_down_the_chain_and_settled_by_its_debtor() {
    on_sandbox(|c, s, rt| rt.block_on(invoice_financed_paid_down_the_chain_and_settled(c, s)));
}

#[test]
fn an_unpledged_invoice_paid_on_chain_by_its_debtor() {
    on_sandbox(|c, s, rt| rt.block_on(unpledged_invoice_paid_on_chain(c, s)));
}

#[test]
fn a_year_of_fees_then_repay_all_burns_the_debt_of_its_block() {
    on_sandbox(|c, s, rt| rt.block_on(a_year_of_fees_then_repay_all(c, s)));
}

#[test]
fn a_price_fall_is_liquidated_and_the_lot_sold_at_auction() {
    on_sandbox(|c, s, rt| rt.block_on(a_price_fall_is_liquidated_and_sold(c, s)));
}

/// The flows that need no clock moves, against a live node (`SCF_E2E_NODE_URL`, e.g.
/// ws://127.0.0.1:9944; `bash scripts/e2e-ink-node.sh` starts one and runs this). Each flow
/// deploys a suite of its own.
#[test]
#[ignore = "needs a live node: bash scripts/e2e-ink-node.sh"]
fn on_a_live_node() {
    let url = std::env::var("SCF_E2E_NODE_URL").expect("SCF_E2E_NODE_URL");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let (artifacts, codes) = codes();
    for flow in 0..2 {
        let rpc = rt
            .block_on(ink_e2e::RpcClient::from_url(&url))
            .unwrap_or_else(|e| panic!("node at {url}: {e}"));
        let mut client: NodeClient = rt
            .block_on(NodeClient::new(rpc, codes.paths()))
            .expect("ink_e2e client");
        let suite = deploy(&mut client, &rt, &artifacts, &codes, Clock::Node, &url);
        match flow {
            0 => rt.block_on(invoice_financed_paid_down_the_chain_and_settled(
                &mut client,
                &suite,
            )),
            _ => rt.block_on(unpledged_invoice_paid_on_chain(&mut client, &suite)),
        }
        println!("flow {flow} passed on {url}");
    }
}
