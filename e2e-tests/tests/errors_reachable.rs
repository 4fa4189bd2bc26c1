//! Every error is reachable (issue 14): the error enums of the five contracts are read from their
//! metadata (every enum reachable from a message's error type, the wrapped ones included:
//! `EngineError::Vault(VaultError::..)`, `VaultError::Oracle(OracleError::..)`, ...), and each
//! variant is either produced below on the compiled contracts — a small scenario per variant,
//! asserting the exact error — or listed in [`UNREACHABLE`] with the reason. A variant added
//! later without a scenario or a reason fails this test, and so does a listed variant that a
//! scenario produces (the list must stay true).
//!
//! A variant counts once per enum, whichever contract returns it: `OracleError::StalePrice`
//! produced by the vault (`Vault(Oracle(StalePrice))`) and by the oracle itself is one variant.
use collateral_vault::{ClassParams, Proceeds, Release, VaultError};
use drink::AccountId32;
use e2e_tests::chain::{ink_id, Chain};
use e2e_tests::scenarios::{Meta, CONTRACTS};
use e2e_tests::suite::*;
use liquidation_engine::EngineError;
use parity_scale_codec::{Decode, Encode};
use scf_interfaces::{
    price_key, token_id, AssetKind, AssetKindCode, GoodsTerms, InvoiceTerms, MathError,
    OracleError, PSP22Error, PSP34Error, Ray, RegistryError, TransitTerms, Wad, MS_PER_DAY, RAY,
    WAD,
};
use stablecoin::StablecoinError;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;
use std::time::Instant;

/// Variants no call can produce, and why: (enum path as in the metadata, variant, reason).
const UNREACHABLE: &[(&str, &str, &str)] = &[
    (
        "psp22::errors::PSP22Error",
        "ZeroRecipientAddress",
        "psp22 2.0.0's PSP22Data never returns it (ink! has no zero address to refuse); kept by the PSP22 standard's encoding",
    ),
    (
        "psp22::errors::PSP22Error",
        "ZeroSenderAddress",
        "psp22 2.0.0's PSP22Data never returns it; kept by the PSP22 standard's encoding",
    ),
    (
        "psp22::errors::PSP22Error",
        "SafeTransferCheckFailed",
        "psp22 2.0.0 makes no receiver callback, so no transfer can fail its check",
    ),
    (
        "scf_interfaces::psp34::PSP34Error",
        "Custom",
        "only Custom(\"Overflow\"): a token's transfer generation (u64) or the total supply (u128) overflowing takes 2^64 transfers or 2^128 mints",
    ),
    (
        "scf_interfaces::psp34::PSP34Error",
        "TokenExists",
        "the registry mints id = next_id, which only grows and is never reused (a burnt id stays spent), so no mint meets an existing token",
    ),
    (
        "scf_interfaces::psp34::PSP34Error",
        "SafeTransferCheckFailed",
        "the registry makes no receiver callback; kept by the PSP34 standard's encoding",
    ),
    (
        "scf_interfaces::registry::RegistryError",
        "Overflow",
        "next_id (u128) overflowing takes 2^128 registrations",
    ),
    (
        "scf_interfaces::oracle::OracleError",
        "QuorumNotMet",
        "no longer returned (a key without a quorum has NoPrice); kept so the encoding does not change (price_oracle/README.md)",
    ),
    (
        "scf_interfaces::oracle::OracleError",
        "DeviationTooLarge",
        "no longer returned (a move beyond the guard suspends the key: KeySuspended); kept so the encoding does not change",
    ),
    (
        "scf_interfaces::oracle::OracleError",
        "Overflow",
        "only from data::side: anchor × max_deviation_bps (≤ 10 000) ÷ 10 000 in 256 bits is at most the anchor, so it never overflows",
    ),
    (
        "scf_rules::math::MathError",
        "DivisionByZero",
        "every divisor is a constant (WAD, RAY, BPS), 1 + rate × time (≥ 1), the fee accumulator (≥ RAY: fees are ≥ 0 by bounds), the liquidation ratio (≥ 100 % by bounds) or an auction duration (≥ 1 minute by bounds)",
    ),
    (
        "liquidation_engine::errors::EngineError",
        "Math",
        "the engine's own arithmetic cannot overflow: an auction's start price saturates (see an_astronomical_liquidation_starts_a_saturated_auction), its reserve and decaying price are at most the start, splits saturate, and debt + keeper reward is already checked by the vault's books (Vault(Math(Overflow)) first)",
    ),
    (
        "collateral_vault::errors::VaultError",
        "Nft",
        "the vault's only PSP34 call is transferring an NFT it holds: a pledged NFT is owned by the vault and nobody else can move it (the vault approves no operator), so the registry never refuses",
    ),
];

/// A `Decode` that reads nothing: the `Ok` side of a result these tests do not look at.
#[derive(Debug)]
struct AnyOk;
impl Decode for AnyOk {
    fn decode<I: parity_scale_codec::Input>(_: &mut I) -> Result<Self, parity_scale_codec::Error> {
        Ok(AnyOk)
    }
}

/// What the scenarios produced: (enum, variant) → the first call that produced it.
struct Cov {
    metas: BTreeMap<&'static str, Meta>,
    produced: BTreeMap<(String, String), String>,
    calls: usize,
}

impl Cov {
    fn new() -> Cov {
        Cov {
            metas: CONTRACTS.iter().map(|c| (*c, Meta::load(c))).collect(),
            produced: BTreeMap::new(),
            calls: 0,
        }
    }

    /// Asserts `got` is exactly `Err(want)` and records every (enum, variant) on its path.
    fn saw<T: Debug, E: Debug + PartialEq>(
        &mut self,
        contract: &str,
        label: &str,
        got: Result<T, E>,
        want: E,
    ) {
        match &got {
            Err(e) if *e == want => {}
            _ => panic!("{contract}::{label}: expected Err({want:?}), got {got:?}"),
        }
        self.calls += 1;
        let meta = &self.metas[contract];
        let msg = meta.message(label).clone();
        let text = format!("{want:?}");
        for pair in meta.name_error(&msg, &text) {
            self.produced
                .entry(pair)
                .or_insert_with(|| format!("{contract}::{label} → {text}"));
        }
    }

    /// `who` calls `label` on `addr` (a `contract`) with `args`; the result must be `Err(want)`.
    #[allow(clippy::too_many_arguments)]
    fn err<E: Decode + Debug + PartialEq>(
        &mut self,
        chain: &mut Chain,
        who: &AccountId32,
        addr: &AccountId32,
        contract: &str,
        label: &str,
        args: impl Encode,
        want: E,
    ) {
        let got: Result<AnyOk, E> = chain.call_as(who, addr, label, args);
        self.saw(contract, label, got, want);
    }

    /// Every variant of every error enum in the metadata: produced, or documented unreachable,
    /// never both, never neither.
    fn check(&self) {
        let mut universe: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for meta in self.metas.values() {
            for (e, vs) in meta.error_enums() {
                universe.entry(e).or_default().extend(vs);
            }
        }
        let unreachable: BTreeMap<(String, String), &str> = UNREACHABLE
            .iter()
            .map(|(e, v, why)| ((e.to_string(), v.to_string()), *why))
            .collect();
        let mut missing = Vec::new();
        let mut both = Vec::new();
        let (mut total, mut produced, mut documented) = (0, 0, 0);
        println!("| enum | variant | how |\n|---|---|---|");
        for (e, vs) in &universe {
            for v in vs {
                total += 1;
                let key = (e.clone(), v.clone());
                match (self.produced.get(&key), unreachable.get(&key)) {
                    (Some(_), Some(_)) => both.push(format!("{e}::{v}")),
                    (Some(by), None) => {
                        produced += 1;
                        println!("| {e} | {v} | {by} |");
                    }
                    (None, Some(why)) => {
                        documented += 1;
                        println!("| {e} | {v} | unreachable: {why} |");
                    }
                    (None, None) => missing.push(format!("{e}::{v}")),
                }
            }
        }
        let stale: Vec<_> = unreachable
            .keys()
            .filter(|(e, v)| !universe.get(e).is_some_and(|vs| vs.contains(v)))
            .collect();
        println!(
            "error variants: {total} in the metadata, {produced} produced, {documented} documented unreachable ({} asserted calls)",
            self.calls
        );
        assert!(
            missing.is_empty(),
            "error variants neither produced nor documented unreachable: {missing:#?}"
        );
        assert!(
            both.is_empty(),
            "listed as unreachable but produced (update UNREACHABLE): {both:#?}"
        );
        assert!(
            stale.is_empty(),
            "UNREACHABLE names variants the metadata lacks: {stale:?}"
        );
        assert_eq!(total, produced + documented);
    }
}

/// A document hash of these tests' own (the suite's are `[n; 32]`).
fn doc(n: u8) -> [u8; 32] {
    let mut h = [0xEE; 32];
    h[0] = n;
    h
}

fn invoice(debtor: &AccountId32, face: u128, issue: u64, due: u64, n: u8) -> AssetKind {
    AssetKind::Invoice(InvoiceTerms {
        face_value_wad: face,
        currency: USD,
        debtor: ink_id(debtor),
        issue_date_ms: issue,
        due_date_ms: due,
        document_hash: doc(n),
    })
}

/// Stablecoin, registry (PSP34 included) and oracle errors, called directly.
fn tokens_registry_oracle(c: &mut Cov) {
    let mut s = Suite::deploy();
    let (admin, reporter, reporter2) = (s.admin.clone(), s.reporter.clone(), s.reporter2.clone());
    let (supplier, debtor, stranger) = (s.actor(2), s.actor(3), s.actor(60));
    let (st, reg, orc) = (s.stable.clone(), s.registry.clone(), s.oracle.clone());
    let ch = &mut s.chain;

    // ── stablecoin ──
    c.err(
        ch,
        &stranger,
        &st,
        "stablecoin",
        "set_minter",
        ink_id(&stranger),
        StablecoinError::NotAdmin,
    );
    c.err(
        ch,
        &admin,
        &st,
        "stablecoin",
        "set_minter",
        ink_id(&admin),
        StablecoinError::MinterAlreadySet,
    );
    c.err(
        ch,
        &stranger,
        &st,
        "stablecoin",
        "accept_admin",
        (),
        StablecoinError::NotPendingAdmin,
    );
    c.err(
        ch,
        &stranger,
        &st,
        "stablecoin",
        "StablecoinMinter::mint",
        (ink_id(&stranger), 1u128),
        PSP22Error::Custom("NotMinter".into()),
    );
    c.err(
        ch,
        &stranger,
        &st,
        "stablecoin",
        "PSP22::transfer",
        (ink_id(&admin), 1u128, Vec::<u8>::new()),
        PSP22Error::InsufficientBalance,
    );
    c.err(
        ch,
        &stranger,
        &st,
        "stablecoin",
        "PSP22::transfer_from",
        (ink_id(&admin), ink_id(&stranger), 1u128, Vec::<u8>::new()),
        PSP22Error::InsufficientAllowance,
    );

    // ── registry ──
    c.err(
        ch,
        &stranger,
        &reg,
        "receivable_registry",
        "set_custodian",
        ink_id(&stranger),
        RegistryError::NotAdmin,
    );
    c.err(
        ch,
        &stranger,
        &reg,
        "receivable_registry",
        "accept_admin",
        (),
        RegistryError::NotPendingAdmin,
    );
    c.err(
        ch,
        &stranger,
        &reg,
        "receivable_registry",
        "confirm",
        (999u128, [0u8; 32]),
        RegistryError::AssetNotFound,
    );
    let now = s.chain.now_ms();
    let zero_face = invoice(&debtor, 0, now, now + MS_PER_DAY, 1);
    let ch = &mut s.chain;
    c.err(
        ch,
        &supplier,
        &reg,
        "receivable_registry",
        "register",
        zero_face,
        RegistryError::InvalidTerms,
    );
    let unattested = AssetKind::WarehouseReceipt(GoodsTerms {
        commodity: COFFEE,
        quantity_wad: wad(1),
        warehouse: ink_id(&stranger),
        document_hash: doc(2),
    });
    c.err(
        ch,
        &supplier,
        &reg,
        "receivable_registry",
        "register",
        unattested,
        RegistryError::NotAttester,
    );
    let kind = invoice(&debtor, wad(1_000), now, now + 30 * MS_PER_DAY, 3);
    let id = s.register(&supplier, kind.clone()).unwrap();
    let ch = &mut s.chain;
    c.err(
        ch,
        &supplier,
        &reg,
        "receivable_registry",
        "register",
        kind.clone(),
        RegistryError::DuplicateDocument,
    );
    let agreed = scf_interfaces::terms_hash(&ink_id(&supplier), &kind);
    c.err(
        ch,
        &stranger,
        &reg,
        "receivable_registry",
        "confirm",
        (id, agreed),
        RegistryError::NotAuthorised,
    );
    let mut other = kind.clone();
    if let AssetKind::Invoice(t) = &mut other {
        t.currency = price_key("KWD");
    }
    c.err(
        ch,
        &debtor,
        &reg,
        "receivable_registry",
        "confirm",
        (id, scf_interfaces::terms_hash(&ink_id(&supplier), &other)),
        RegistryError::TermsMismatch,
    );
    ch.call_as::<_, Result<(), RegistryError>>(&debtor, &reg, "confirm", (id, agreed))
        .unwrap();
    c.err(
        ch,
        &debtor,
        &reg,
        "receivable_registry",
        "confirm",
        (id, agreed),
        RegistryError::InvalidTransition,
    );
    // The custodian is set once (the suite set it to the vault).
    c.err(
        ch,
        &admin,
        &reg,
        "receivable_registry",
        "set_custodian",
        ink_id(&admin),
        RegistryError::CustodianAlreadySet,
    );
    let coffee = s.confirmed_coffee(&supplier, wad(10));
    let ch = &mut s.chain;
    c.err(
        ch,
        &stranger,
        &reg,
        "receivable_registry",
        "dispute",
        coffee,
        RegistryError::WrongKind,
    );
    c.err(
        ch,
        &stranger,
        &reg,
        "receivable_registry",
        "ReceivableRegistry::set_status",
        (id, scf_interfaces::AssetStatus::Settled),
        RegistryError::NotCustodian,
    );

    // ── PSP34 ──
    c.err(
        ch,
        &supplier,
        &reg,
        "receivable_registry",
        "PSP34::approve",
        (ink_id(&supplier), Some(token_id(id)), true),
        PSP34Error::SelfApprove,
    );
    c.err(
        ch,
        &stranger,
        &reg,
        "receivable_registry",
        "PSP34::transfer",
        (ink_id(&stranger), token_id(999), Vec::<u8>::new()),
        PSP34Error::TokenNotExists,
    );
    c.err(
        ch,
        &stranger,
        &reg,
        "receivable_registry",
        "PSP34::transfer",
        (ink_id(&stranger), token_id(id), Vec::<u8>::new()),
        PSP34Error::NotApproved,
    );

    // ── oracle ──
    let cfg = |key| (key, MAX_AGE_MS, 3u8, 2_000u32, ANCHOR_INTERVAL_MS, 3u8);
    let newk = price_key("ERRK");
    c.err(
        ch,
        &stranger,
        &orc,
        "price_oracle",
        "set_key",
        cfg(newk),
        OracleError::NotAdmin,
    );
    c.err(
        ch,
        &stranger,
        &orc,
        "price_oracle",
        "accept_admin",
        (),
        OracleError::NotPendingAdmin,
    );
    c.err(
        ch,
        &stranger,
        &orc,
        "price_oracle",
        "submit",
        (USD, WAD),
        OracleError::NotReporter,
    );
    c.err(
        ch,
        &reporter,
        &orc,
        "price_oracle",
        "submit",
        (newk, WAD),
        OracleError::UnknownKey,
    );
    c.err(
        ch,
        &admin,
        &orc,
        "price_oracle",
        "set_key",
        (newk, MAX_AGE_MS, 2u8, 2_000u32, ANCHOR_INTERVAL_MS, 3u8),
        OracleError::InvalidConfig,
    );
    c.err(
        ch,
        &admin,
        &orc,
        "price_oracle",
        "add_reporter",
        (USD, ink_id(&reporter)),
        OracleError::ReporterExists,
    );
    c.err(
        ch,
        &admin,
        &orc,
        "price_oracle",
        "remove_reporter",
        (USD, ink_id(&stranger)),
        OracleError::ReporterNotFound,
    );
    c.err(
        ch,
        &reporter,
        &orc,
        "price_oracle",
        "submit",
        (USD, 0u128),
        OracleError::ZeroPrice,
    );
    ch.call_as::<_, Result<(), OracleError>>(&admin, &orc, "set_key", cfg(newk))
        .unwrap();
    c.err(
        ch,
        &stranger,
        &orc,
        "price_oracle",
        "PriceFeed::price",
        newk,
        OracleError::NoPrice,
    );
    for n in 0..16u8 {
        ch.call_as::<_, Result<(), OracleError>>(
            &admin,
            &orc,
            "add_reporter",
            (newk, ink_id(&Chain::account(100 + n))),
        )
        .unwrap();
    }
    c.err(
        ch,
        &admin,
        &orc,
        "price_oracle",
        "add_reporter",
        (newk, ink_id(&Chain::account(116))),
        OracleError::TooManyReporters,
    );
    ch.call_as::<_, Result<(), OracleError>>(&admin, &orc, "pause_key", EUR)
        .unwrap();
    c.err(
        ch,
        &stranger,
        &orc,
        "price_oracle",
        "PriceFeed::price",
        EUR,
        OracleError::KeyPaused,
    );
    // Two of three reporters report a ×10 move: the median is beyond the guard without the move
    // quorum of three, suspended.
    for r in [&reporter, &reporter2] {
        ch.call_as::<_, Result<(), OracleError>>(r, &orc, "submit", (KWD, KWD_PRICE * 10))
            .unwrap();
    }
    c.err(
        ch,
        &stranger,
        &orc,
        "price_oracle",
        "PriceFeed::price",
        KWD,
        OracleError::KeySuspended,
    );
    ch.advance_ms(2 * MAX_AGE_MS);
    c.err(
        ch,
        &stranger,
        &orc,
        "price_oracle",
        "PriceFeed::price",
        USD,
        OracleError::StalePrice,
    );
    // An invoice past its due date cannot be disputed any more.
    let now = s.chain.now_ms();
    let due_soon = invoice(&debtor, wad(1_000), now, now + 1_000, 40);
    let late = s.register(&supplier, due_soon.clone()).unwrap();
    s.confirm_terms(&debtor, late, &supplier, &due_soon)
        .unwrap();
    s.chain.advance_ms(1_001);
    let ch = &mut s.chain;
    c.err(
        ch,
        &debtor,
        &reg,
        "receivable_registry",
        "dispute",
        late,
        RegistryError::PastDue,
    );
}

/// The vault's and the engine's errors on the wired suite.
fn vault_and_engine(c: &mut Cov) {
    let mut s = Suite::deploy();
    let (admin, guardian, underwriter, warehouse) = (
        s.admin.clone(),
        s.guardian.clone(),
        s.underwriter.clone(),
        s.warehouse.clone(),
    );
    let supplier = s.actor(2);
    let debtor = s.approved_debtor(3, wad(1_000_000));
    let debtor2 = s.approved_debtor(4, wad(1_000));
    let unapproved = s.actor(7);
    let (keeper, buyer, arbiter, stranger, carrier) =
        (s.actor(5), s.actor(6), s.actor(8), s.actor(60), s.actor(14));
    let (v, e) = (s.vault.clone(), s.engine.clone());
    const V: &str = "collateral_vault";
    const E: &str = "liquidation_engine";

    // ── roles and parameters ──
    let ch = &mut s.chain;
    c.err(
        ch,
        &stranger,
        &v,
        V,
        "set_guardian",
        ink_id(&stranger),
        VaultError::NotAdmin,
    );
    c.err(
        ch,
        &stranger,
        &v,
        V,
        "accept_admin",
        (),
        VaultError::NotPendingAdmin,
    );
    c.err(ch, &stranger, &v, V, "pause", (), VaultError::NotGuardian);
    c.err(
        ch,
        &admin,
        &v,
        V,
        "set_max_price_age",
        0u64,
        VaultError::InvalidParams,
    );
    c.err(
        ch,
        &supplier,
        &v,
        V,
        "open_position",
        99u32,
        VaultError::ClassNotFound,
    );
    c.err(
        ch,
        &supplier,
        &v,
        V,
        "repay",
        (999u64, 1u128),
        VaultError::PositionNotFound,
    );
    c.err(
        ch,
        &stranger,
        &v,
        V,
        "approve_debtor",
        (ink_id(&stranger), 1u128),
        VaultError::NotUnderwriter,
    );
    c.err(
        ch,
        &underwriter,
        &v,
        V,
        "suspend_debtor",
        ink_id(&unapproved),
        VaultError::DebtorNotApproved,
    );
    c.err(
        ch,
        &admin,
        &v,
        V,
        "set_liquidation_engine",
        ink_id(&stranger),
        VaultError::EngineAlreadySet,
    );
    c.err(
        ch,
        &admin,
        &v,
        V,
        "grant_underwriter",
        ink_id(&admin),
        VaultError::AdminCannotUnderwrite,
    );
    c.err(
        ch,
        &underwriter,
        &v,
        V,
        "clear_debtor_losses",
        ink_id(&unapproved),
        VaultError::NoLosses,
    );
    c.err(
        ch,
        &stranger,
        &v,
        V,
        "seize",
        (1u64, ink_id(&stranger), 0u128, 0u128),
        VaultError::NotEngine,
    );
    c.err(ch, &stranger, &v, V, "skim", (), VaultError::NothingToSkim);
    c.err(
        ch,
        &admin,
        &v,
        V,
        "withdraw_surplus",
        (ink_id(&admin), wad(1)),
        VaultError::InsufficientSurplus,
    );
    c.err(
        ch,
        &stranger,
        &e,
        E,
        "set_arbiter",
        ink_id(&stranger),
        EngineError::NotAdmin,
    );
    c.err(
        ch,
        &stranger,
        &e,
        E,
        "accept_admin",
        (),
        EngineError::NotPendingAdmin,
    );
    c.err(
        ch,
        &stranger,
        &e,
        E,
        "resolve_dispute",
        (1u128, true),
        EngineError::NotArbiter,
    );
    c.err(
        ch,
        &admin,
        &e,
        E,
        "set_recovery_params",
        (0u128, 0u64),
        EngineError::InvalidParams,
    );
    c.err(
        ch,
        &buyer,
        &e,
        E,
        "take",
        (9_999u128, wad(1)),
        EngineError::AuctionNotFound,
    );
    c.err(
        ch,
        &debtor,
        &e,
        E,
        "settle",
        9_999u128,
        EngineError::NotInRecovery,
    );

    // ── classes: a small ceiling (2), a restricted one (3), goods in transit (4), then full ──
    let small = s
        .add_class(ClassParams {
            debt_ceiling_wad: wad(200),
            ..goods_class()
        })
        .unwrap();
    let restricted = s.add_class(goods_class()).unwrap();
    s.vault_as::<_, Result<(), VaultError>>(&admin, "set_class_restricted", (restricted, true))
        .unwrap();
    let transit = s
        .add_class(ClassParams {
            kind: AssetKindCode::InTransit,
            goods_haircut: Wad(WAD / 10),
            debtor_limit_wad: 0,
            ..invoice_class()
        })
        .unwrap();
    for _ in 5..16 {
        s.vault_as::<_, Result<u32, VaultError>>(&admin, "add_class", invoice_class())
            .unwrap();
    }
    let ch = &mut s.chain;
    c.err(
        ch,
        &admin,
        &v,
        V,
        "add_class",
        invoice_class(),
        VaultError::TooManyClasses,
    );
    c.err(
        ch,
        &supplier,
        &v,
        V,
        "open_position",
        restricted,
        VaultError::SupplierNotAllowed,
    );

    // ── an invoice position (a): 100 000 owed by the debtor, due in 90 days ──
    let i1 = s.confirmed_invoice(&supplier, &debtor, wad(100_000), 90 * MS_PER_DAY);
    let a = s.open(&supplier, INVOICE_CLASS);
    s.deposit(&supplier, a, i1).unwrap();
    let ch = &mut s.chain;
    c.err(
        ch,
        &supplier,
        &v,
        V,
        "borrow",
        (a, 0u128),
        VaultError::ZeroAmount,
    );
    c.err(
        ch,
        &supplier,
        &v,
        V,
        "borrow",
        (a, wad(50)),
        VaultError::Dust,
    );
    c.err(
        ch,
        &supplier,
        &v,
        V,
        "borrow",
        (a, wad(50_001)),
        VaultError::DebtorLimit,
    );
    let other = s.confirmed_invoice(&supplier, &debtor2, wad(10_000), 90 * MS_PER_DAY);
    let r = s.deposit(&supplier, a, other);
    c.saw(V, "deposit", r, VaultError::DebtorMismatch);
    let eur = s.invoice_terms_in(&debtor, wad(1_000), 90 * MS_PER_DAY, EUR);
    let eur = s.confirmed(&supplier, &debtor, eur);
    let r = s.deposit(&supplier, a, eur);
    c.saw(V, "deposit", r, VaultError::PriceKeyMismatch);
    // Paid on chain: not an invoice the vault holds; not one its debtor holds (no one to pay).
    let r = s.pay_invoice(&debtor, i1);
    c.saw(V, "pay_invoice", r, VaultError::InvoicePledged);
    s.registry_as::<_, Result<(), PSP34Error>>(
        &supplier,
        "PSP34::transfer",
        (ink_id(&debtor), token_id(eur), Vec::<u8>::new()),
    )
    .unwrap();
    let r = s.pay_invoice(&debtor, eur);
    c.saw(V, "pay_invoice", r, VaultError::PayeeIsDebtor);
    let a2 = s.open(&supplier, INVOICE_CLASS);
    s.deposit(&supplier, a2, other).unwrap();
    let r = s.borrow(&supplier, a2, wad(1_001));
    c.saw(V, "borrow", r, VaultError::CreditLimit);
    s.suspend_debtor(&debtor2).unwrap();
    let r = s.suspend_debtor(&debtor2);
    c.saw(V, "suspend_debtor", r, VaultError::DebtorSuspended);
    s.borrow(&supplier, a, wad(10_000)).unwrap();
    let ch = &mut s.chain;
    c.err(
        ch,
        &supplier,
        &v,
        V,
        "close",
        a,
        VaultError::DebtOutstanding,
    );
    c.err(
        ch,
        &stranger,
        &v,
        V,
        "borrow",
        (a, wad(1)),
        VaultError::NotOwner,
    );
    c.err(ch, &stranger, &v, V, "settle", i1, VaultError::NotDebtor);
    c.err(
        ch,
        &stranger,
        &v,
        V,
        "mark_defaulted",
        i1,
        VaultError::NotOverdue,
    );
    c.err(
        ch,
        &supplier,
        &v,
        V,
        "withdraw",
        (a, 9_999u128),
        VaultError::NotPledged,
    );
    // The supplier has not approved the vault: burning its stablecoin is refused by the token.
    c.err(
        ch,
        &supplier,
        &v,
        V,
        "repay",
        (a, wad(100)),
        VaultError::Token(PSP22Error::InsufficientAllowance),
    );
    c.err(
        ch,
        &stranger,
        &v,
        V,
        "amount_due",
        (i1, ink_id(&debtor)),
        VaultError::NotSeized,
    );
    ch.call_as::<_, Result<(), VaultError>>(&guardian, &v, "pause", ())
        .unwrap();
    c.err(
        ch,
        &supplier,
        &v,
        V,
        "borrow",
        (a, wad(1)),
        VaultError::Paused,
    );
    ch.call_as::<_, Result<(), VaultError>>(&admin, &v, "unpause", ())
        .unwrap();
    ch.call_as::<_, Result<(), VaultError>>(&admin, &v, "set_global_debt_ceiling", wad(1))
        .unwrap();
    c.err(
        ch,
        &supplier,
        &v,
        V,
        "borrow",
        (a, wad(200)),
        VaultError::GlobalDebtCeiling,
    );
    ch.call_as::<_, Result<(), VaultError>>(&admin, &v, "set_global_debt_ceiling", wad(10_000_000))
        .unwrap();
    let empty = s.open(&supplier, INVOICE_CLASS);
    let r = s.repay(&supplier, empty, wad(1));
    c.saw(V, "repay", r, VaultError::NoDebt);
    let pending_kind = s.invoice_terms(&unapproved, wad(1_000), 30 * MS_PER_DAY);
    let pending = s.register(&supplier, pending_kind).unwrap();
    let r = s.deposit(&supplier, empty, pending);
    c.saw(V, "deposit", r, VaultError::NotConfirmed);
    let unapproved_invoice =
        s.confirmed_invoice(&supplier, &unapproved, wad(1_000), 30 * MS_PER_DAY);
    let r = s.deposit(&supplier, empty, unapproved_invoice);
    c.saw(V, "deposit", r, VaultError::DebtorNotApproved);
    let now = s.chain.now_ms();
    let past = invoice(
        &debtor,
        wad(1_000),
        now - 10 * MS_PER_DAY,
        now - MS_PER_DAY,
        10,
    );
    let past = s.confirmed(&supplier, &debtor, past);
    let r = s.deposit(&supplier, empty, past);
    c.saw(V, "deposit", r, VaultError::AssetExpired);
    let fresh = s.confirmed_invoice(&supplier, &debtor, wad(1_000), 30 * MS_PER_DAY);
    let theirs = s.open(&stranger, INVOICE_CLASS);
    let ch = &mut s.chain;
    c.err(
        ch,
        &supplier,
        &v,
        V,
        "deposit",
        (empty, 99_999u128),
        VaultError::AssetNotFound,
    );
    // Not approved for the vault: the registry refuses to move it.
    c.err(
        ch,
        &supplier,
        &v,
        V,
        "deposit",
        (empty, fresh),
        VaultError::Registry(RegistryError::Token(PSP34Error::NotApproved)),
    );
    c.err(
        ch,
        &stranger,
        &v,
        V,
        "deposit",
        (theirs, fresh),
        VaultError::NotAssetOwner,
    );

    // ── goods ──
    let coffee = s.confirmed_coffee(&supplier, wad(10_000));
    let r = s.deposit(&supplier, a, coffee);
    c.saw(V, "deposit", r, VaultError::WrongAssetKind);
    let g = s.open(&supplier, GOODS_CLASS);
    s.deposit(&supplier, g, coffee).unwrap();
    let r = s.borrow(&supplier, g, wad(12_001));
    c.saw(V, "borrow", r, VaultError::Unsafe);
    s.borrow(&supplier, g, wad(1_000)).unwrap();
    let ch = &mut s.chain;
    c.err(
        ch,
        &stranger,
        &v,
        V,
        "settle",
        coffee,
        VaultError::NotInvoice,
    );
    c.err(
        ch,
        &keeper,
        &e,
        E,
        "liquidate",
        g,
        EngineError::Vault(VaultError::PositionSafe),
    );
    let rice = s.confirmed_goods(&supplier, price_key("RICE"), wad(10));
    let r = s.deposit(&supplier, g, rice);
    c.saw(V, "deposit", r, VaultError::PriceKeyNotAccepted);
    let full = s.open(&supplier, GOODS_CLASS);
    for _ in 0..8 {
        let id = s.confirmed_coffee(&supplier, wad(1));
        s.deposit(&supplier, full, id).unwrap();
    }
    let ninth = s.confirmed_coffee(&supplier, wad(1));
    let r = s.deposit(&supplier, full, ninth);
    c.saw(V, "deposit", r, VaultError::PositionFull);
    let capped = s.open(&supplier, small);
    let id = s.confirmed_coffee(&supplier, wad(1_000));
    s.deposit(&supplier, capped, id).unwrap();
    let r = s.borrow(&supplier, capped, wad(201));
    c.saw(V, "borrow", r, VaultError::DebtCeiling);

    // ── goods in transit ──
    s.set_attester(&carrier, true);
    let now = s.chain.now_ms();
    let shipment = AssetKind::InTransit(TransitTerms {
        commodity: COFFEE,
        quantity_wad: wad(100),
        carrier: ink_id(&carrier),
        destination_warehouse: ink_id(&warehouse),
        expected_arrival_ms: now + 5 * MS_PER_DAY,
        document_hash: doc(11),
    });
    let ship = s.register(&supplier, shipment).unwrap();
    s.confirm(&carrier, ship, &supplier, wad(100)).unwrap();
    let t = s.open(&supplier, transit);
    s.deposit(&supplier, t, ship).unwrap();
    let ch = &mut s.chain;
    c.err(
        ch,
        &stranger,
        &v,
        V,
        "attest_arrival",
        (ship, wad(100)),
        VaultError::NotDestinationWarehouse,
    );
    c.err(
        ch,
        &warehouse,
        &v,
        V,
        "attest_arrival",
        (ship, 0u128),
        VaultError::Registry(RegistryError::InvalidTerms),
    );

    // ── a dispute ──
    let i3 = s.confirmed_invoice(&supplier, &debtor, wad(1_000), 90 * MS_PER_DAY);
    s.deposit(&supplier, a, i3).unwrap();
    s.vault_as::<_, Result<(), VaultError>>(&debtor, "dispute", i3)
        .unwrap();
    let ch = &mut s.chain;
    c.err(ch, &debtor, &v, V, "dispute", i3, VaultError::InvalidStatus);

    // ── a liquidation: one invoice at auction (i4), a disputed one in recovery (i5) ──
    s.set_arbiter(&arbiter);
    let (l, i4, i5) = s.liquidated_facility(&supplier, &debtor, &keeper);
    s.fund_stable(&buyer, wad(50_000));
    let ch = &mut s.chain;
    c.err(
        ch,
        &supplier,
        &v,
        V,
        "borrow",
        (l, wad(1)),
        VaultError::PositionLiquidating,
    );
    c.err(ch, &debtor, &v, V, "settle", i4, VaultError::InAuction);
    c.err(ch, &debtor, &v, V, "settle", i5, VaultError::InRecovery);
    c.err(
        ch,
        &admin,
        &v,
        V,
        "withdraw_surplus",
        (ink_id(&admin), 1u128),
        VaultError::DebtAtAuction,
    );
    c.err(
        ch,
        &buyer,
        &e,
        E,
        "take",
        (i4, 1u128),
        EngineError::PriceAboveMax,
    );
    // Its debtor never buys it: it pays what it owes instead.
    c.err(
        ch,
        &debtor,
        &e,
        E,
        "take",
        (i4, wad(1_000_000)),
        EngineError::DebtorMustSettle,
    );
    // The buyer has not approved the engine: the token refuses to move its money.
    c.err(
        ch,
        &buyer,
        &e,
        E,
        "take",
        (i4, wad(1_000_000)),
        EngineError::Token(PSP22Error::InsufficientAllowance),
    );
    c.err(
        ch,
        &keeper,
        &e,
        E,
        "restart_auction",
        i4,
        EngineError::AuctionNotExpired,
    );
    c.err(
        ch,
        &keeper,
        &e,
        E,
        "write_off",
        i5,
        EngineError::RecoveryNotOver,
    );
    c.err(
        ch,
        &keeper,
        &e,
        E,
        "restart_auction",
        i5,
        EngineError::NoValue,
    );
    s.advance(MS_PER_DAY + 1);
    let ch = &mut s.chain;
    c.err(
        ch,
        &buyer,
        &e,
        E,
        "take",
        (i4, wad(1_000_000)),
        EngineError::AuctionExpired,
    );

    // ── a default: an invoice due in 2 days, 40 days later (30 days of grace) ──
    let i6 = s.confirmed_invoice(&supplier, &debtor, wad(1_000), 2 * MS_PER_DAY);
    let d = s.open(&supplier, INVOICE_CLASS);
    s.deposit(&supplier, d, i6).unwrap();
    s.borrow(&supplier, d, wad(300)).unwrap();
    for _ in 0..5 {
        s.advance(8 * MS_PER_DAY);
    }
    // Past its due date it cannot be disputed any more: its non-payment runs to default.
    let ch = &mut s.chain;
    c.err(ch, &debtor, &v, V, "dispute", i6, VaultError::PastDue);
    s.vault_as::<_, Result<(), VaultError>>(&keeper, "mark_defaulted", i6)
        .unwrap();
    let r = s.borrow(&supplier, a, wad(1));
    c.saw(V, "borrow", r, VaultError::DebtorInDefault);
    // The defaulted facility is unsafe, but the engine's liquidation limit is full.
    s.engine_as::<_, Result<(), EngineError>>(&admin, "set_liquidation_limit", wad(1))
        .unwrap();
    let ch = &mut s.chain;
    c.err(
        ch,
        &keeper,
        &e,
        E,
        "liquidate",
        d,
        EngineError::LiquidationLimit,
    );

    // ── prices gone stale, and the clock at its end ──
    s.chain.advance_ms(2 * MAX_AGE_MS);
    let r = s.borrow(&supplier, g, wad(1));
    c.saw(V, "borrow", r, VaultError::Oracle(OracleError::StalePrice));
    s.chain.set_time_ms(u64::MAX - 1);
    let r = s.repay(&supplier, g, wad(1));
    c.saw(V, "repay", r, VaultError::Math(MathError::Overflow));
}

/// Errors only a miswired peer produces: a vault whose registry is an account without code, an
/// engine whose vault is one, a vault whose engine is a plain account (which may call `Custody`
/// with what the real engine never sends), a registry whose custodian is a plain account.
fn miswired(c: &mut Cov) {
    let mut s = Suite::deploy();
    let (admin, supplier, stranger) = (s.admin.clone(), s.actor(2), s.actor(60));
    let nobody = Chain::account(61);
    let (stable, registry, oracle, guardian) = (
        ink_id(&s.stable),
        ink_id(&s.registry),
        ink_id(&s.oracle),
        ink_id(&s.guardian),
    );
    let ch = &mut s.chain;
    let engine2 = ch.deploy(
        "liquidation_engine",
        "new",
        (
            ink_id(&nobody),
            stable,
            ch.uploaded_engine_facets().unwrap(),
        ),
        vec![2],
    );
    c.err(
        ch,
        &stranger,
        &engine2,
        "liquidation_engine",
        "liquidate",
        1u64,
        EngineError::CallFailed,
    );

    let facets = ch.vault_facets();
    let vault3 = ch.deploy(
        "collateral_vault",
        "new",
        (
            stable,
            ink_id(&nobody),
            oracle,
            guardian,
            wad(1_000),
            TUSD,
            facets,
            collateral_vault::DataSources::default(),
        ),
        vec![3],
    );
    ch.call_as::<_, Result<(), VaultError>>(
        &admin,
        &vault3,
        "set_liquidation_engine",
        ink_id(&stranger),
    )
    .unwrap();
    ch.call_as::<_, Result<u32, VaultError>>(&admin, &vault3, "add_class", goods_class())
        .unwrap();
    let pos = ch
        .call_as::<_, Result<u64, VaultError>>(&supplier, &vault3, "open_position", 0u32)
        .unwrap();
    c.err(
        ch,
        &supplier,
        &vault3,
        "collateral_vault",
        "deposit",
        (pos, 1u128),
        VaultError::CallFailed,
    );
    let release = |asset_id: u128, debt: u128| Release {
        asset_id,
        to: ink_id(&stranger),
        settled: false,
        proceeds: Proceeds {
            to_debt_wad: debt,
            to_penalty_wad: 0,
            to_loss_wad: 0,
        },
    };
    let many: Vec<Release> = (0..10).map(|i| release(i, 0)).collect();
    c.err(
        ch,
        &stranger,
        &vault3,
        "collateral_vault",
        "release",
        (many, None::<u64>),
        VaultError::TooManyReleases,
    );
    c.err(
        ch,
        &stranger,
        &vault3,
        "collateral_vault",
        "release",
        (vec![release(1, wad(1))], None::<u64>),
        VaultError::ProceedsNotReceived,
    );
    let end = Some(pos);
    c.err(
        ch,
        &stranger,
        &vault3,
        "collateral_vault",
        "release",
        (Vec::<Release>::new(), end),
        VaultError::NotSeized,
    );

    // A registry whose custodian is a plain account (the suite's names the vault, once):
    // taking custody of a token its owner does not hold is refused.
    let warehouse = s.warehouse.clone();
    let ch = &mut s.chain;
    let reg = ch.deploy("receivable_registry", "new", (), vec![3]);
    ch.call_as::<_, Result<(), RegistryError>>(&admin, &reg, "set_custodian", ink_id(&admin))
        .unwrap();
    ch.call_as::<_, Result<(), RegistryError>>(&admin, &reg, "grant_attester", ink_id(&warehouse))
        .unwrap();
    let goods = AssetKind::WarehouseReceipt(GoodsTerms {
        commodity: COFFEE,
        quantity_wad: wad(1),
        warehouse: ink_id(&warehouse),
        document_hash: doc(30),
    });
    let id = ch
        .call_as::<_, Result<u128, RegistryError>>(&supplier, &reg, "register", goods.clone())
        .unwrap();
    ch.call_as::<_, Result<(), RegistryError>>(
        &warehouse,
        &reg,
        "confirm",
        (id, scf_interfaces::terms_hash(&ink_id(&supplier), &goods)),
    )
    .unwrap();
    c.err(
        ch,
        &admin,
        &reg,
        "receivable_registry",
        "ReceivableRegistry::take_custody",
        (id, ink_id(&stranger)),
        RegistryError::NotOwner,
    );
    let _ = registry;
}

/// The engine's own overflow: an unsafe position whose collateral is worth more than u128::MAX ÷
/// the auction multiplier. Allowed parameters (ratio 100 %, multiplier 2, ceilings at u128::MAX)
/// and 0.45 × u128::MAX kg of coffee: it borrows 0.8 × u128::MAX, coffee falls 20 % (within the
/// guard), the position is unsafe, and `liquidate` fails with `Math(Overflow)` computing the
/// auction's start price (value × 2).
/// Found by this test: with ceilings at u128::MAX, an unsafe position whose value × the auction
/// multiplier exceeded u128::MAX could not be liquidated (`Math(Overflow)` computing the start
/// price). The start price now saturates: the liquidation goes through and the auction starts at
/// u128::MAX, its reserve at the cusp of that.
#[test]
fn an_astronomical_liquidation_starts_a_saturated_auction() {
    let mut s = Suite::deploy();
    let (admin, supplier, keeper) = (s.admin.clone(), s.actor(2), s.actor(5));
    s.vault_as::<_, Result<(), VaultError>>(&admin, "set_global_debt_ceiling", u128::MAX)
        .unwrap();
    let class = s
        .add_class(ClassParams {
            liquidation_ratio: Wad(WAD),
            stability_fee_per_second: Ray(RAY),
            debt_ceiling_wad: u128::MAX,
            goods_haircut: Wad(0),
            auction_start_multiplier: Wad(2 * WAD),
            ..goods_class()
        })
        .unwrap();
    let id = s.confirmed_coffee(&supplier, u128::MAX / 20 * 9);
    let pos = s.open(&supplier, class);
    s.deposit(&supplier, pos, id).unwrap();
    s.borrow(&supplier, pos, u128::MAX / 10 * 8).unwrap();
    s.post_price(COFFEE, wad(16) / 10).unwrap();
    assert_eq!(s.liquidate(&keeper, pos), Ok(()));
    let auction = s.auction(id).expect("at auction");
    assert_eq!(auction.start_price_wad, u128::MAX);
    // ⌈(2^128 − 1) × 0.4⌉
    assert_eq!(
        auction.floor_wad,
        136_112_946_768_375_385_385_349_842_972_707_284_582
    );
    s.assert_books();
}

#[test]
fn every_error_variant_is_produced_or_documented_unreachable() {
    let start = Instant::now();
    let mut c = Cov::new();
    tokens_registry_oracle(&mut c);
    vault_and_engine(&mut c);
    miswired(&mut c);
    c.check();
    println!("took {:.1} s", start.elapsed().as_secs_f64());
}

/// The metadata decoder names a wrapped error exactly as the contracts encode it.
#[test]
fn metadata_names_wrapped_errors() {
    let meta = Meta::load("liquidation_engine");
    let msg = meta.message("liquidate").clone();
    let named = meta.name_error(&msg, "Vault(Oracle(StalePrice))");
    let names: Vec<_> = named.iter().map(|(_, v)| v.as_str()).collect();
    assert_eq!(names, ["Vault", "Oracle", "StalePrice"]);
    let e = meta.error_type(&msg).unwrap();
    let bytes = EngineError::Vault(VaultError::Oracle(OracleError::StalePrice)).encode();
    let path = meta.variant_path(e, &mut &bytes[..]).unwrap();
    assert_eq!(path, ["Vault", "Oracle", "StalePrice"]);
}
