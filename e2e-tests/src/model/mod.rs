//! A reference model of the whole protocol, in plain Rust, written from the documented rules
//! (`docs/architecture.md`, the contracts' READMEs and their `# Errors` docs), not by calling the
//! contracts' own code. It shares only the vocabulary: the plain record types the contracts
//! return (positions, pledges, auctions, …), their error enums, the fixed-point primitives of
//! `scf_interfaces::math` (256-bit mul-div and MakerDAO's `rpow`), the suite's shared library, and
//! `scf_interfaces::terms_hash` (what a confirmer binds: the hash is the vocabulary of `confirm`).
//!
//! For every [`Call`] it predicts `Ok` (with the value returned) or the exact error, and the state
//! after. A refused call changes nothing (`Model::apply` works on a copy and keeps it only on
//! success), as pallet-contracts reverts a refused message.
//!
//! One file per contract: [`token`] (stablecoin), [`registry`], [`oracle`], [`vault`] and
//! [`engine`]; the cross-contract calls are plain method calls between them, each mapping the
//! callee's error the way the caller documents it. [`profit`] values a coalition of accounts on a
//! model state (issue 19's profit invariant); [`Flaw`] puts one of eb75632's rules back, for the
//! profit invariant's canaries only.
pub mod engine;
pub mod exec;
pub mod monitor;
pub mod oracle;
pub mod profit;
pub mod registry;
pub mod token;
pub mod vault;

use collateral_vault::{ClassId, ClassParams, PositionId, VaultError};
use liquidation_engine::EngineError;
use scf_interfaces::{
    AssetId, AssetKind, OracleError, PSP22Error, PSP34Error, PriceKey, RegistryError,
};
use stablecoin::StablecoinError;

pub use ink::primitives::AccountId as Acct;

/// The contracts of the suite, by role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Contract {
    Stable,
    Registry,
    Oracle,
    Vault,
    Engine,
    Monitor,
    Pricer,
}

pub const CONTRACTS: [Contract; 7] = [
    Contract::Stable,
    Contract::Registry,
    Contract::Oracle,
    Contract::Vault,
    Contract::Engine,
    Contract::Monitor,
    Contract::Pricer,
];

/// One message sent to one contract by `who` (or the clock moving).
#[derive(Debug, Clone, PartialEq)]
pub enum Call {
    // ── stablecoin ──
    Transfer {
        who: Acct,
        to: Acct,
        amount: u128,
    },
    TransferFrom {
        who: Acct,
        from: Acct,
        to: Acct,
        amount: u128,
    },
    Approve {
        who: Acct,
        spender: Acct,
        amount: u128,
    },
    Mint {
        who: Acct,
        to: Acct,
        amount: u128,
    },
    BurnFrom {
        who: Acct,
        from: Acct,
        amount: u128,
    },
    SetMinter {
        who: Acct,
        minter: Acct,
    },
    // ── registry ──
    Register {
        who: Acct,
        kind: AssetKind,
    },
    /// The confirmer's word: what its own records say the asset is (the originator and every
    /// term); the contract receives `terms_hash(originator, kind)`.
    Confirm {
        who: Acct,
        id: AssetId,
        originator: Acct,
        kind: AssetKind,
    },
    Reject {
        who: Acct,
        id: AssetId,
    },
    RegistryDispute {
        who: Acct,
        id: AssetId,
    },
    MarkPaid {
        who: Acct,
        id: AssetId,
    },
    RegistryArrival {
        who: Acct,
        id: AssetId,
        quantity: u128,
    },
    SetAttester {
        who: Acct,
        attester: Acct,
        granted: bool,
    },
    NftApprove {
        who: Acct,
        operator: Acct,
        id: Option<AssetId>,
        approved: bool,
    },
    NftTransfer {
        who: Acct,
        to: Acct,
        id: AssetId,
    },
    SetStatus {
        who: Acct,
        id: AssetId,
        status: scf_interfaces::AssetStatus,
    },
    SetCustodian {
        who: Acct,
        custodian: Acct,
    },
    // ── oracle ──
    Submit {
        who: Acct,
        key: PriceKey,
        price: u128,
    },
    SetKey {
        who: Acct,
        key: PriceKey,
        max_age_ms: u64,
        quorum: u8,
        deviation_bps: u32,
        anchor_ms: u64,
        move_quorum: u8,
    },
    AddReporter {
        who: Acct,
        key: PriceKey,
        reporter: Acct,
    },
    RemoveReporter {
        who: Acct,
        key: PriceKey,
        reporter: Acct,
    },
    PauseKey {
        who: Acct,
        key: PriceKey,
        paused: bool,
    },
    // ── vault ──
    Open {
        who: Acct,
        class: ClassId,
    },
    Deposit {
        who: Acct,
        pos: PositionId,
        id: AssetId,
    },
    Withdraw {
        who: Acct,
        pos: PositionId,
        id: AssetId,
    },
    Borrow {
        who: Acct,
        pos: PositionId,
        amount: u128,
    },
    Repay {
        who: Acct,
        pos: PositionId,
        amount: u128,
    },
    Close {
        who: Acct,
        pos: PositionId,
    },
    Settle {
        who: Acct,
        id: AssetId,
    },
    PayInvoice {
        who: Acct,
        id: AssetId,
    },
    VaultArrival {
        who: Acct,
        id: AssetId,
        quantity: u128,
    },
    VaultDispute {
        who: Acct,
        id: AssetId,
    },
    MarkDefaulted {
        who: Acct,
        id: AssetId,
    },
    Heal {
        who: Acct,
    },
    AddClass {
        who: Acct,
        params: ClassParams,
    },
    SetClassParams {
        who: Acct,
        class: ClassId,
        params: ClassParams,
    },
    SetClassPriceKeys {
        who: Acct,
        class: ClassId,
        keys: Vec<PriceKey>,
    },
    SetClassRestricted {
        who: Acct,
        class: ClassId,
        restricted: bool,
    },
    SetClassSupplier {
        who: Acct,
        class: ClassId,
        supplier: Acct,
        allowed: bool,
    },
    SetUnderwriter {
        who: Acct,
        account: Acct,
        granted: bool,
    },
    ApproveDebtor {
        who: Acct,
        debtor: Acct,
        limit: u128,
    },
    SuspendDebtor {
        who: Acct,
        debtor: Acct,
    },
    /// An underwriter clears a debtor's written-off losses from its line.
    ClearDebtorLosses {
        who: Acct,
        debtor: Acct,
    },
    SetMaxPriceAge {
        who: Acct,
        ms: u64,
    },
    SetGlobalCeiling {
        who: Acct,
        ceiling: u128,
    },
    SetGuardian {
        who: Acct,
        guardian: Acct,
    },
    /// The vault admin's two-step transfer.
    VaultTransferAdmin {
        who: Acct,
        to: Acct,
    },
    VaultAcceptAdmin {
        who: Acct,
    },
    Pause {
        who: Acct,
    },
    Unpause {
        who: Acct,
    },
    WithdrawSurplus {
        who: Acct,
        to: Acct,
        amount: u128,
    },
    Skim {
        who: Acct,
    },
    SetSurplusBuffer {
        who: Acct,
        amount: u128,
    },
    SetEngine {
        who: Acct,
        engine: Acct,
    },
    /// `Custody::seize` (engine only).
    Seize {
        who: Acct,
        pos: PositionId,
        keeper: Acct,
        tip: u128,
        chip: u128,
    },
    /// `Custody::release` of one NFT to `to` with `to_loss` booked (engine only).
    ReleaseOne {
        who: Acct,
        id: AssetId,
        to: Acct,
        to_loss: u128,
    },
    /// `Custody::revalue` (engine only).
    Revalue {
        who: Acct,
        id: AssetId,
    },
    /// `Custody::resolve_dispute` (engine only).
    CustodyResolve {
        who: Acct,
        id: AssetId,
        valid: bool,
    },
    // ── liquidation engine ──
    Liquidate {
        who: Acct,
        pos: PositionId,
    },
    Take {
        who: Acct,
        id: AssetId,
        max_price: u128,
    },
    Restart {
        who: Acct,
        id: AssetId,
    },
    EngineSettle {
        who: Acct,
        id: AssetId,
    },
    Resolve {
        who: Acct,
        id: AssetId,
        valid: bool,
    },
    WriteOff {
        who: Acct,
        id: AssetId,
    },
    SetArbiter {
        who: Acct,
        arbiter: Acct,
    },
    SetRecoveryParams {
        who: Acct,
        cusp: u128,
        period_ms: u64,
    },
    SetKeeperReward {
        who: Acct,
        tip: u128,
        chip: u128,
    },
    /// The overall liquidation limit (Hole).
    SetLiquidationLimit {
        who: Acct,
        limit: u128,
    },
    /// A class's liquidation limit (hole).
    SetClassLiquidationLimit {
        who: Acct,
        class: ClassId,
        limit: u128,
    },
    // ── the layout of the vault and the engine: routers delegate-calling facets (issue 20) ──
    /// A message the vault (the engine, if `engine`) does not have, by selector: refused as
    /// ink! refuses it.
    UnknownSelector {
        who: Acct,
        engine: bool,
        selector: [u8; 4],
    },
    /// `who` asks the chain to remove the code of the vault's (the engine's, if `engine`) facet
    /// `group` (its index in `Facets`): refused while the contract uses it (`CodeInUse`),
    /// whoever asks.
    RemoveFacetCode {
        who: Acct,
        engine: bool,
        group: u8,
    },
    // ── condition monitor (issue 22) ──
    SetLimits {
        who: Acct,
        id: AssetId,
        limits: condition_monitor::ConditionLimits,
    },
    RegisterDevice {
        who: Acct,
        key: condition_monitor::DeviceKey,
    },
    BindDevice {
        who: Acct,
        device: condition_monitor::DeviceId,
        id: AssetId,
    },
    Report {
        who: Acct,
        report: condition_monitor::ConditionReport,
        sig: condition_monitor::DeviceSignature,
    },
    RevokeDevice {
        who: Acct,
        device: condition_monitor::DeviceId,
    },
    ConfirmCondition {
        who: Acct,
        id: AssetId,
    },
    SetClassPolicy {
        who: Acct,
        class: ClassId,
        policy: Option<condition_monitor::ClassPolicy>,
    },
    // ── credit pricer (issue 22) ──
    SetClassBounds {
        who: Acct,
        class: ClassId,
        bounds: Option<credit_pricer::Bounds>,
    },
    SetGradeTable {
        who: Acct,
        class: ClassId,
        table: Option<credit_pricer::Table>,
    },
    // ── the clock ──
    Wait {
        ms: u64,
    },
}

impl Call {
    /// The contract the message goes to (None for the clock).
    pub fn contract(&self) -> Option<Contract> {
        use Call::*;
        Some(match self {
            Transfer { .. }
            | TransferFrom { .. }
            | Approve { .. }
            | Mint { .. }
            | BurnFrom { .. }
            | SetMinter { .. } => Contract::Stable,
            Register { .. }
            | Confirm { .. }
            | Reject { .. }
            | RegistryDispute { .. }
            | MarkPaid { .. }
            | RegistryArrival { .. }
            | SetAttester { .. }
            | NftApprove { .. }
            | NftTransfer { .. }
            | SetStatus { .. }
            | SetCustodian { .. } => Contract::Registry,
            Submit { .. }
            | SetKey { .. }
            | AddReporter { .. }
            | RemoveReporter { .. }
            | PauseKey { .. } => Contract::Oracle,
            Liquidate { .. }
            | Take { .. }
            | Restart { .. }
            | EngineSettle { .. }
            | Resolve { .. }
            | WriteOff { .. }
            | SetArbiter { .. }
            | SetRecoveryParams { .. }
            | SetKeeperReward { .. }
            | SetLiquidationLimit { .. }
            | SetClassLiquidationLimit { .. } => Contract::Engine,
            SetLimits { .. }
            | RegisterDevice { .. }
            | BindDevice { .. }
            | Report { .. }
            | RevokeDevice { .. }
            | ConfirmCondition { .. }
            | SetClassPolicy { .. } => Contract::Monitor,
            SetClassBounds { .. } | SetGradeTable { .. } => Contract::Pricer,
            Wait { .. } => return None,
            _ => Contract::Vault,
        })
    }

    /// A short name of the operation (for the campaign's tallies).
    pub fn name(&self) -> &'static str {
        use Call::*;
        match self {
            Transfer { .. } => "transfer",
            TransferFrom { .. } => "transfer_from",
            Approve { .. } => "approve",
            Mint { .. } => "mint",
            BurnFrom { .. } => "burn_from",
            SetMinter { .. } => "set_minter",
            Register { .. } => "register",
            Confirm { .. } => "confirm",
            Reject { .. } => "reject",
            RegistryDispute { .. } => "registry.dispute",
            MarkPaid { .. } => "mark_paid",
            RegistryArrival { .. } => "registry.attest_arrival",
            SetAttester { .. } => "set_attester",
            NftApprove { .. } => "nft.approve",
            NftTransfer { .. } => "nft.transfer",
            SetStatus { .. } => "registry.set_status",
            SetCustodian { .. } => "set_custodian",
            Submit { .. } => "submit",
            SetKey { .. } => "set_key",
            AddReporter { .. } => "add_reporter",
            RemoveReporter { .. } => "remove_reporter",
            PauseKey { .. } => "pause_key",
            Open { .. } => "open_position",
            Deposit { .. } => "deposit",
            Withdraw { .. } => "withdraw",
            Borrow { .. } => "borrow",
            Repay { .. } => "repay",
            Close { .. } => "close",
            Settle { .. } => "settle",
            PayInvoice { .. } => "pay_invoice",
            VaultArrival { .. } => "vault.attest_arrival",
            VaultDispute { .. } => "vault.dispute",
            MarkDefaulted { .. } => "mark_defaulted",
            Heal { .. } => "heal",
            AddClass { .. } => "add_class",
            SetClassParams { .. } => "set_class_params",
            SetClassPriceKeys { .. } => "set_class_price_keys",
            SetClassRestricted { .. } => "set_class_restricted",
            SetClassSupplier { .. } => "set_class_supplier",
            SetUnderwriter { .. } => "set_underwriter",
            ApproveDebtor { .. } => "approve_debtor",
            SuspendDebtor { .. } => "suspend_debtor",
            ClearDebtorLosses { .. } => "clear_debtor_losses",
            SetMaxPriceAge { .. } => "set_max_price_age",
            SetGlobalCeiling { .. } => "set_global_debt_ceiling",
            SetGuardian { .. } => "set_guardian",
            VaultTransferAdmin { .. } => "vault.transfer_admin",
            VaultAcceptAdmin { .. } => "vault.accept_admin",
            Pause { .. } => "pause",
            Unpause { .. } => "unpause",
            WithdrawSurplus { .. } => "withdraw_surplus",
            Skim { .. } => "skim",
            SetSurplusBuffer { .. } => "set_surplus_buffer",
            SetEngine { .. } => "set_liquidation_engine",
            Seize { .. } => "seize",
            ReleaseOne { .. } => "release",
            Revalue { .. } => "revalue",
            CustodyResolve { .. } => "resolve_dispute",
            Liquidate { .. } => "liquidate",
            Take { .. } => "take",
            Restart { .. } => "restart_auction",
            EngineSettle { .. } => "engine.settle",
            Resolve { .. } => "resolve_dispute",
            WriteOff { .. } => "write_off",
            SetArbiter { .. } => "set_arbiter",
            SetRecoveryParams { .. } => "set_recovery_params",
            SetKeeperReward { .. } => "set_keeper_reward",
            SetLiquidationLimit { .. } => "set_liquidation_limit",
            SetClassLiquidationLimit { .. } => "set_class_liquidation_limit",
            UnknownSelector { engine: false, .. } => "vault.unknown_selector",
            UnknownSelector { engine: true, .. } => "engine.unknown_selector",
            RemoveFacetCode { engine: false, .. } => "remove_code(vault facet)",
            RemoveFacetCode { engine: true, .. } => "remove_code(engine facet)",
            SetLimits { .. } => "set_limits",
            RegisterDevice { .. } => "register_device",
            BindDevice { .. } => "bind_device",
            Report { .. } => "report",
            RevokeDevice { .. } => "revoke_device",
            ConfirmCondition { .. } => "confirm_condition",
            SetClassPolicy { .. } => "set_class_policy",
            SetClassBounds { .. } => "set_class_bounds",
            SetGradeTable { .. } => "set_grade_table",
            Wait { .. } => "wait",
        }
    }
}

/// A refusal, in the refusing contract's own error type.
#[derive(Debug, PartialEq)]
pub enum Refusal {
    /// ink!'s own refusal (an unknown selector, undecodable input).
    Lang(ink::LangError),
    /// pallet-contracts refused the extrinsic, by its error's name.
    Pallet(&'static str),
    Token(PSP22Error),
    Stable(StablecoinError),
    Registry(RegistryError),
    Nft(PSP34Error),
    Oracle(OracleError),
    Vault(VaultError),
    Engine(EngineError),
    Monitor(condition_monitor::ConditionError),
    Pricer(credit_pricer::PricerError),
}

impl Refusal {
    /// A stable label for tallies: the variant path without data, e.g. `Vault(Oracle(StalePrice))`.
    pub fn label(&self) -> String {
        format!("{self:?}")
    }
}

/// What a successful call returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ret {
    Unit,
    Id(u128),
    Device([u8; 32]),
}

pub type Outcome = Result<Ret, Refusal>;

/// The addresses of the deployed suite (the model needs them as accounts: the vault holds
/// stablecoin and NFTs, the engine is the vault's custody caller, …).
#[derive(Debug, Clone, Copy)]
pub struct Addrs {
    pub stable: Acct,
    pub registry: Acct,
    pub oracle: Acct,
    pub vault: Acct,
    pub engine: Acct,
    pub monitor: Acct,
    pub pricer: Acct,
}

/// A deliberately broken rule, for the profit invariant's canaries only (never used against
/// the contracts: a flawed model would disagree with them at once). Each is an old rule of
/// eb75632 that issue 19 fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flaw {
    /// `seize` mints the keeper reward to the position's debtor too.
    KeeperRewardToDebtor,
    /// An invoice's auction starts at value × multiplier with its reserve at start × cusp (not
    /// at what its debtor owes), and falls like a goods auction.
    InvoiceFloorAtCusp,
}

/// The whole protocol's state.
#[derive(Debug, Clone)]
pub struct Model {
    pub addrs: Addrs,
    pub now_ms: u64,
    pub token: token::Token,
    pub registry: registry::Registry,
    pub oracle: oracle::Oracle,
    pub vault: vault::Vault,
    pub engine: engine::Engine,
    pub monitor: monitor::Monitor,
    pub pricer: monitor::Pricer,
    /// A broken rule for a canary; None for the real rules.
    pub flaw: Option<Flaw>,
}

impl Model {
    /// Applies `call` as the chain would: on success the new state is kept, on refusal nothing
    /// changes.
    pub fn apply(&mut self, call: &Call) -> Outcome {
        let mut next = self.clone();
        let out = next.exec(call);
        if out.is_ok() {
            *self = next;
        }
        out
    }

    fn exec(&mut self, call: &Call) -> Outcome {
        use Call::*;
        let unit = |r: Result<(), Refusal>| r.map(|_| Ret::Unit);
        match call.clone() {
            Transfer { who, to, amount } => {
                unit(self.token.transfer(who, to, amount).map_err(Refusal::Token))
            }
            TransferFrom {
                who,
                from,
                to,
                amount,
            } => unit(
                self.token
                    .transfer_from(who, from, to, amount)
                    .map_err(Refusal::Token),
            ),
            Approve {
                who,
                spender,
                amount,
            } => {
                self.token.approve(who, spender, amount);
                Ok(Ret::Unit)
            }
            Mint { who, to, amount } => {
                unit(self.token.mint(who, to, amount).map_err(Refusal::Token))
            }
            BurnFrom { who, from, amount } => unit(
                self.token
                    .burn_from(who, from, amount)
                    .map_err(Refusal::Token),
            ),
            SetMinter { who, minter } => {
                unit(self.token.set_minter(who, minter).map_err(Refusal::Stable))
            }
            Register { who, kind } => self
                .registry
                .register(who, kind, self.now_ms)
                .map(Ret::Id)
                .map_err(Refusal::Registry),
            Confirm {
                who,
                id,
                originator,
                kind,
            } => unit(
                self.registry
                    .confirm(who, id, originator, &kind, self.now_ms)
                    .map_err(Refusal::Registry),
            ),
            Reject { who, id } => unit(self.registry.reject(who, id).map_err(Refusal::Registry)),
            RegistryDispute { who, id } => unit(
                self.registry
                    .dispute(who, id, self.now_ms)
                    .map_err(Refusal::Registry),
            ),
            MarkPaid { who, id } => unit(
                self.registry
                    .mark_paid(who, id, self.now_ms)
                    .map_err(Refusal::Registry),
            ),
            RegistryArrival { who, id, quantity } => unit(
                self.registry
                    .attest_arrival(who, id, quantity)
                    .map_err(Refusal::Registry),
            ),
            SetAttester {
                who,
                attester,
                granted,
            } => unit(
                self.registry
                    .set_attester(who, attester, granted)
                    .map_err(Refusal::Registry),
            ),
            NftApprove {
                who,
                operator,
                id,
                approved,
            } => unit(
                self.registry
                    .approve(who, operator, id, approved)
                    .map_err(Refusal::Nft),
            ),
            NftTransfer { who, to, id } => {
                unit(self.registry.transfer(who, to, id).map_err(Refusal::Nft))
            }
            SetStatus { who, id, status } => unit(
                self.registry
                    .set_status(who, id, status, self.now_ms)
                    .map_err(Refusal::Registry),
            ),
            SetCustodian { who, custodian } => unit(
                self.registry
                    .set_custodian(who, custodian)
                    .map_err(Refusal::Registry),
            ),
            Submit { who, key, price } => unit(
                self.oracle
                    .submit(who, key, price, self.now_ms)
                    .map_err(Refusal::Oracle),
            ),
            SetKey {
                who,
                key,
                max_age_ms,
                quorum,
                deviation_bps,
                anchor_ms,
                move_quorum,
            } => unit(
                self.oracle
                    .set_key(
                        who,
                        key,
                        max_age_ms,
                        quorum,
                        deviation_bps,
                        anchor_ms,
                        move_quorum,
                    )
                    .map_err(Refusal::Oracle),
            ),
            AddReporter { who, key, reporter } => unit(
                self.oracle
                    .add_reporter(who, key, reporter)
                    .map_err(Refusal::Oracle),
            ),
            RemoveReporter { who, key, reporter } => unit(
                self.oracle
                    .remove_reporter(who, key, reporter, self.now_ms)
                    .map_err(Refusal::Oracle),
            ),
            PauseKey { who, key, paused } => unit(
                self.oracle
                    .pause_key(who, key, paused)
                    .map_err(Refusal::Oracle),
            ),
            Wait { ms } => {
                self.now_ms = self.now_ms.saturating_add(ms);
                Ok(Ret::Unit)
            }
            // A router knows only its contract's messages, and a facet's code stays on chain
            // while the contract is deployed over it.
            UnknownSelector { .. } => Err(Refusal::Lang(ink::LangError::CouldNotReadInput)),
            RemoveFacetCode { .. } => Err(Refusal::Pallet("CodeInUse")),
            Liquidate { who, pos } => unit(self.liquidate(who, pos).map_err(Refusal::Engine)),
            Take { who, id, max_price } => {
                unit(self.take(who, id, max_price).map_err(Refusal::Engine))
            }
            Restart { who, id } => unit(self.restart_auction(who, id).map_err(Refusal::Engine)),
            EngineSettle { who, id } => unit(self.engine_settle(who, id).map_err(Refusal::Engine)),
            Resolve { who, id, valid } => unit(
                self.resolve_dispute(who, id, valid)
                    .map_err(Refusal::Engine),
            ),
            WriteOff { who, id } => unit(self.write_off(who, id).map_err(Refusal::Engine)),
            SetArbiter { who, arbiter } => unit(
                self.engine
                    .set_arbiter(who, arbiter)
                    .map_err(Refusal::Engine),
            ),
            SetRecoveryParams {
                who,
                cusp,
                period_ms,
            } => unit(
                self.engine
                    .set_recovery_params(who, cusp, period_ms)
                    .map_err(Refusal::Engine),
            ),
            SetKeeperReward { who, tip, chip } => unit(
                self.engine
                    .set_keeper_reward(who, tip, chip)
                    .map_err(Refusal::Engine),
            ),
            SetLiquidationLimit { who, limit } => unit(
                self.engine
                    .set_liquidation_limit(who, limit)
                    .map_err(Refusal::Engine),
            ),
            SetClassLiquidationLimit { who, class, limit } => unit(
                self.engine
                    .set_class_liquidation_limit(who, class, limit)
                    .map_err(Refusal::Engine),
            ),
            SetLimits { who, id, limits } => unit(
                self.monitor
                    .set_limits(&self.registry, who, id, limits)
                    .map_err(Refusal::Monitor),
            ),
            RegisterDevice { who, key } => self
                .monitor
                .register_device(&self.registry, who, key)
                .map(Ret::Device)
                .map_err(Refusal::Monitor),
            BindDevice { who, device, id } => unit(
                self.monitor
                    .bind_device(&self.registry, who, device, id, self.now_ms)
                    .map_err(Refusal::Monitor),
            ),
            Report { report, sig, .. } => unit(
                self.monitor
                    .report(&report, &sig, self.now_ms)
                    .map_err(Refusal::Monitor),
            ),
            RevokeDevice { who, device } => unit(
                self.monitor
                    .revoke_device(who, device)
                    .map_err(Refusal::Monitor),
            ),
            ConfirmCondition { who, id } => unit(
                self.monitor
                    .confirm_condition(&self.registry, who, id, self.now_ms)
                    .map_err(Refusal::Monitor),
            ),
            SetClassPolicy { who, class, policy } => unit(
                self.monitor
                    .set_class_policy(who, class, policy)
                    .map_err(Refusal::Monitor),
            ),
            SetClassBounds { who, class, bounds } => unit(
                self.pricer
                    .set_class_bounds(who, class, bounds)
                    .map_err(Refusal::Pricer),
            ),
            SetGradeTable { who, class, table } => unit(
                self.pricer
                    .set_grade_table(who, class, table)
                    .map_err(Refusal::Pricer),
            ),
            other => self.exec_vault(&other).map_err(Refusal::Vault),
        }
    }
}
