//! The same [`Call`]s on the compiled contracts in drink, and the observable state of every
//! contract as a flat map (`Key` → value), read from the chain or from the model, so the two can
//! be compared key by key.
use super::{Acct, Addrs, Call, Contract, Model, Outcome, Refusal, Ret};
use crate::chain::Chain;
use collateral_vault::{
    ClassId, DebtorLine, PositionId, Proceeds, Release, SaleTerms, SeizedAsset, Seizure, VaultError,
};
use drink::AccountId32;
use liquidation_engine::EngineError;
use parity_scale_codec::{Decode, Encode};
use scf_interfaces::{
    token_id, AssetId, OracleError, PSP22Error, PSP34Error, PaymentRecord, PriceData, PriceKey,
    RegistryError,
};
use stablecoin::StablecoinError;
use std::collections::BTreeMap;

pub fn acct32(a: &Acct) -> AccountId32 {
    AccountId32::new(*AsRef::<[u8; 32]>::as_ref(a))
}

pub fn acct(a: &AccountId32) -> Acct {
    Acct::from(*AsRef::<[u8; 32]>::as_ref(a))
}

/// Why a call did not yield a decoded outcome: a trap, a dispatch error or garbage back. Always
/// a defect.
#[derive(Debug)]
pub struct Trap(pub String);

fn call<A: Encode, T: Decode, E: Decode>(
    chain: &mut Chain,
    who: &Acct,
    to: &Acct,
    label: &str,
    args: A,
    wrap: impl Fn(E) -> Refusal,
    ret: impl Fn(T) -> Ret,
) -> Result<Outcome, Trap> {
    chain.set_actor(&acct32(who));
    match chain.try_call::<A, Result<T, E>>(&acct32(to), label, args) {
        Ok(Ok(v)) => Ok(Ok(ret(v))),
        Ok(Err(e)) => Ok(Err(wrap(e))),
        Err(e) => Err(Trap(format!("{label}: {e:?}"))),
    }
}

fn unit<T>(_: T) -> Ret {
    Ret::Unit
}

/// Sends `c` to the chain as its own transaction (the clock: sets the timestamp).
pub fn exec_chain(chain: &mut Chain, a: &Addrs, c: &Call) -> Result<Outcome, Trap> {
    use Call::*;
    let tok = |e: PSP22Error| Refusal::Token(e);
    let reg = |e: RegistryError| Refusal::Registry(e);
    let nft = |e: PSP34Error| Refusal::Nft(e);
    let ora = |e: OracleError| Refusal::Oracle(e);
    let vau = |e: VaultError| Refusal::Vault(e);
    let eng = |e: EngineError| Refusal::Engine(e);
    let mon = |e: condition_monitor::ConditionError| Refusal::Monitor(e);
    let pri = |e: credit_pricer::PricerError| Refusal::Pricer(e);
    let (s, r, o, v, e) = (a.stable, a.registry, a.oracle, a.vault, a.engine);
    match c.clone() {
        Transfer { who, to, amount } => call(
            chain,
            &who,
            &s,
            "PSP22::transfer",
            (to, amount, Vec::<u8>::new()),
            tok,
            unit::<()>,
        ),
        TransferFrom {
            who,
            from,
            to,
            amount,
        } => call(
            chain,
            &who,
            &s,
            "PSP22::transfer_from",
            (from, to, amount, Vec::<u8>::new()),
            tok,
            unit::<()>,
        ),
        Approve {
            who,
            spender,
            amount,
        } => call(
            chain,
            &who,
            &s,
            "PSP22::approve",
            (spender, amount),
            tok,
            unit::<()>,
        ),
        Mint { who, to, amount } => call(
            chain,
            &who,
            &s,
            "StablecoinMinter::mint",
            (to, amount),
            tok,
            unit::<()>,
        ),
        BurnFrom { who, from, amount } => call(
            chain,
            &who,
            &s,
            "StablecoinMinter::burn_from",
            (from, amount),
            tok,
            unit::<()>,
        ),
        SetMinter { who, minter } => call(
            chain,
            &who,
            &s,
            "set_minter",
            minter,
            |e: StablecoinError| Refusal::Stable(e),
            unit::<()>,
        ),
        Register { who, kind } => call(chain, &who, &r, "register", kind, reg, |id: AssetId| {
            Ret::Id(id)
        }),
        Confirm {
            who,
            id,
            originator,
            kind,
        } => call(
            chain,
            &who,
            &r,
            "confirm",
            (id, scf_interfaces::terms_hash(&originator, &kind)),
            reg,
            unit::<()>,
        ),
        Reject { who, id } => call(chain, &who, &r, "reject", id, reg, unit::<()>),
        RegistryDispute { who, id } => call(chain, &who, &r, "dispute", id, reg, unit::<()>),
        MarkPaid { who, id } => call(chain, &who, &r, "mark_paid", id, reg, unit::<()>),
        RegistryArrival { who, id, quantity } => call(
            chain,
            &who,
            &r,
            "attest_arrival",
            (id, quantity),
            reg,
            unit::<()>,
        ),
        SetAttester {
            who,
            attester,
            granted,
        } => {
            let label = if granted {
                "grant_attester"
            } else {
                "revoke_attester"
            };
            call(chain, &who, &r, label, attester, reg, unit::<()>)
        }
        NftApprove {
            who,
            operator,
            id,
            approved,
        } => call(
            chain,
            &who,
            &r,
            "PSP34::approve",
            (operator, id.map(token_id), approved),
            nft,
            unit::<()>,
        ),
        NftTransfer { who, to, id } => call(
            chain,
            &who,
            &r,
            "PSP34::transfer",
            (to, token_id(id), Vec::<u8>::new()),
            nft,
            unit::<()>,
        ),
        SetStatus { who, id, status } => call(
            chain,
            &who,
            &r,
            "ReceivableRegistry::set_status",
            (id, status),
            reg,
            unit::<()>,
        ),
        SetCustodian { who, custodian } => {
            call(chain, &who, &r, "set_custodian", custodian, reg, unit::<()>)
        }
        Submit { who, key, price } => {
            call(chain, &who, &o, "submit", (key, price), ora, unit::<()>)
        }
        SetKey {
            who,
            key,
            max_age_ms,
            quorum,
            deviation_bps,
            anchor_ms,
            move_quorum,
        } => call(
            chain,
            &who,
            &o,
            "set_key",
            (
                key,
                max_age_ms,
                quorum,
                deviation_bps,
                anchor_ms,
                move_quorum,
            ),
            ora,
            unit::<()>,
        ),
        AddReporter { who, key, reporter } => call(
            chain,
            &who,
            &o,
            "add_reporter",
            (key, reporter),
            ora,
            unit::<()>,
        ),
        RemoveReporter { who, key, reporter } => call(
            chain,
            &who,
            &o,
            "remove_reporter",
            (key, reporter),
            ora,
            unit::<()>,
        ),
        PauseKey { who, key, paused } => {
            let label = if paused { "pause_key" } else { "unpause_key" };
            call(chain, &who, &o, label, key, ora, unit::<()>)
        }
        Open { who, class } => call(
            chain,
            &who,
            &v,
            "open_position",
            class,
            vau,
            |id: PositionId| Ret::Id(u128::from(id)),
        ),
        Deposit { who, pos, id } => call(chain, &who, &v, "deposit", (pos, id), vau, unit::<()>),
        Withdraw { who, pos, id } => call(chain, &who, &v, "withdraw", (pos, id), vau, unit::<()>),
        Borrow { who, pos, amount } => {
            call(chain, &who, &v, "borrow", (pos, amount), vau, unit::<()>)
        }
        Repay { who, pos, amount } => {
            call(chain, &who, &v, "repay", (pos, amount), vau, unit::<()>)
        }
        Close { who, pos } => call(chain, &who, &v, "close", pos, vau, unit::<()>),
        Settle { who, id } => call(chain, &who, &v, "settle", id, vau, unit::<()>),
        PayInvoice { who, id } => call(chain, &who, &v, "pay_invoice", id, vau, unit::<()>),
        VaultArrival { who, id, quantity } => call(
            chain,
            &who,
            &v,
            "attest_arrival",
            (id, quantity),
            vau,
            unit::<()>,
        ),
        VaultDispute { who, id } => call(chain, &who, &v, "dispute", id, vau, unit::<()>),
        MarkDefaulted { who, id } => call(chain, &who, &v, "mark_defaulted", id, vau, unit::<()>),
        Heal { who } => call(chain, &who, &v, "heal", (), vau, unit::<()>),
        AddClass { who, params } => {
            call(chain, &who, &v, "add_class", params, vau, |id: ClassId| {
                Ret::Id(u128::from(id))
            })
        }
        SetClassParams { who, class, params } => call(
            chain,
            &who,
            &v,
            "set_class_params",
            (class, params),
            vau,
            unit::<()>,
        ),
        SetClassPriceKeys { who, class, keys } => call(
            chain,
            &who,
            &v,
            "set_class_price_keys",
            (class, keys),
            vau,
            unit::<()>,
        ),
        SetClassRestricted {
            who,
            class,
            restricted,
        } => call(
            chain,
            &who,
            &v,
            "set_class_restricted",
            (class, restricted),
            vau,
            unit::<()>,
        ),
        SetClassSupplier {
            who,
            class,
            supplier,
            allowed,
        } => call(
            chain,
            &who,
            &v,
            "set_class_supplier",
            (class, supplier, allowed),
            vau,
            unit::<()>,
        ),
        SetUnderwriter {
            who,
            account,
            granted,
        } => {
            let label = if granted {
                "grant_underwriter"
            } else {
                "revoke_underwriter"
            };
            call(chain, &who, &v, label, account, vau, unit::<()>)
        }
        ApproveDebtor { who, debtor, limit } => call(
            chain,
            &who,
            &v,
            "approve_debtor",
            (debtor, limit),
            vau,
            unit::<()>,
        ),
        SuspendDebtor { who, debtor } => {
            call(chain, &who, &v, "suspend_debtor", debtor, vau, unit::<()>)
        }
        ClearDebtorLosses { who, debtor } => call(
            chain,
            &who,
            &v,
            "clear_debtor_losses",
            debtor,
            vau,
            unit::<()>,
        ),
        SetMaxPriceAge { who, ms } => {
            call(chain, &who, &v, "set_max_price_age", ms, vau, unit::<()>)
        }
        SetGlobalCeiling { who, ceiling } => call(
            chain,
            &who,
            &v,
            "set_global_debt_ceiling",
            ceiling,
            vau,
            unit::<()>,
        ),
        SetGuardian { who, guardian } => {
            call(chain, &who, &v, "set_guardian", guardian, vau, unit::<()>)
        }
        VaultTransferAdmin { who, to } => {
            call(chain, &who, &v, "transfer_admin", to, vau, unit::<()>)
        }
        VaultAcceptAdmin { who } => call(chain, &who, &v, "accept_admin", (), vau, unit::<()>),
        Pause { who } => call(chain, &who, &v, "pause", (), vau, unit::<()>),
        Unpause { who } => call(chain, &who, &v, "unpause", (), vau, unit::<()>),
        WithdrawSurplus { who, to, amount } => call(
            chain,
            &who,
            &v,
            "withdraw_surplus",
            (to, amount),
            vau,
            unit::<()>,
        ),
        Skim { who } => call(chain, &who, &v, "skim", (), vau, unit::<()>),
        SetSurplusBuffer { who, amount } => call(
            chain,
            &who,
            &v,
            "set_surplus_buffer",
            amount,
            vau,
            unit::<()>,
        ),
        SetEngine { who, engine } => call(
            chain,
            &who,
            &v,
            "set_liquidation_engine",
            engine,
            vau,
            unit::<()>,
        ),
        Seize {
            who,
            pos,
            keeper,
            tip,
            chip,
        } => call(
            chain,
            &who,
            &v,
            "seize",
            (pos, keeper, tip, chip),
            vau,
            unit::<Seizure>,
        ),
        ReleaseOne {
            who,
            id,
            to,
            to_loss,
        } => {
            let rel = Release {
                asset_id: id,
                to,
                settled: false,
                proceeds: Proceeds {
                    to_loss_wad: to_loss,
                    ..Proceeds::default()
                },
            };
            call(
                chain,
                &who,
                &v,
                "release",
                (vec![rel], None::<PositionId>),
                vau,
                unit::<()>,
            )
        }
        Revalue { who, id } => call(
            chain,
            &who,
            &v,
            "revalue",
            id,
            vau,
            unit::<(SeizedAsset, SaleTerms)>,
        ),
        CustodyResolve { who, id, valid } => call(
            chain,
            &who,
            &v,
            "resolve_dispute",
            (id, valid),
            vau,
            unit::<()>,
        ),
        Liquidate { who, pos } => call(chain, &who, &e, "liquidate", pos, eng, unit::<()>),
        Take { who, id, max_price } => {
            call(chain, &who, &e, "take", (id, max_price), eng, unit::<()>)
        }
        Restart { who, id } => call(chain, &who, &e, "restart_auction", id, eng, unit::<()>),
        EngineSettle { who, id } => call(chain, &who, &e, "settle", id, eng, unit::<()>),
        Resolve { who, id, valid } => call(
            chain,
            &who,
            &e,
            "resolve_dispute",
            (id, valid),
            eng,
            unit::<()>,
        ),
        WriteOff { who, id } => call(chain, &who, &e, "write_off", id, eng, unit::<()>),
        SetArbiter { who, arbiter } => {
            call(chain, &who, &e, "set_arbiter", arbiter, eng, unit::<()>)
        }
        SetRecoveryParams {
            who,
            cusp,
            period_ms,
        } => call(
            chain,
            &who,
            &e,
            "set_recovery_params",
            (cusp, period_ms),
            eng,
            unit::<()>,
        ),
        SetKeeperReward { who, tip, chip } => call(
            chain,
            &who,
            &e,
            "set_keeper_reward",
            (tip, chip),
            eng,
            unit::<()>,
        ),
        SetLiquidationLimit { who, limit } => call(
            chain,
            &who,
            &e,
            "set_liquidation_limit",
            limit,
            eng,
            unit::<()>,
        ),
        SetClassLiquidationLimit { who, class, limit } => call(
            chain,
            &who,
            &e,
            "set_class_liquidation_limit",
            (class, limit),
            eng,
            unit::<()>,
        ),
        SetLimits { who, id, limits } => call(
            chain,
            &who,
            &a.monitor,
            "set_limits",
            (id, limits),
            mon,
            unit::<()>,
        ),
        RegisterDevice { who, key } => call(
            chain,
            &who,
            &a.monitor,
            "register_device",
            key,
            mon,
            |d: [u8; 32]| Ret::Device(d),
        ),
        BindDevice { who, device, id } => call(
            chain,
            &who,
            &a.monitor,
            "bind_device",
            (device, id),
            mon,
            unit::<()>,
        ),
        Report { who, report, sig } => call(
            chain,
            &who,
            &a.monitor,
            "report",
            (report, sig),
            mon,
            unit::<()>,
        ),
        RevokeDevice { who, device } => call(
            chain,
            &who,
            &a.monitor,
            "revoke_device",
            device,
            mon,
            unit::<()>,
        ),
        ConfirmCondition { who, id } => call(
            chain,
            &who,
            &a.monitor,
            "confirm_condition",
            id,
            mon,
            unit::<()>,
        ),
        SetClassPolicy { who, class, policy } => call(
            chain,
            &who,
            &a.monitor,
            "set_class_policy",
            (class, policy),
            mon,
            unit::<()>,
        ),
        SetClassBounds { who, class, bounds } => call(
            chain,
            &who,
            &a.pricer,
            "set_class_bounds",
            (class, bounds),
            pri,
            unit::<()>,
        ),
        SetGradeTable { who, class, table } => call(
            chain,
            &who,
            &a.pricer,
            "set_grade_table",
            (class, table),
            pri,
            unit::<()>,
        ),
        Wait { ms } => {
            chain.advance_ms(ms);
            Ok(Ok(Ret::Unit))
        }
        UnknownSelector {
            who,
            engine,
            selector,
        } => {
            let to = acct32(if engine { &e } else { &v });
            match crate::scenarios::raw_call(chain, &acct32(&who), &to, selector.to_vec()) {
                crate::scenarios::Raw::Reverted(out) | crate::scenarios::Raw::Returned(out) => {
                    match <Result<(), ink::LangError>>::decode(&mut &out[..]) {
                        Ok(Err(lang)) => Ok(Err(Refusal::Lang(lang))),
                        other => Err(Trap(format!("unknown selector answered {other:?}"))),
                    }
                }
                crate::scenarios::Raw::Trapped(t) => Err(Trap(format!("unknown selector: {t}"))),
            }
        }
        RemoveFacetCode { who, engine, group } => {
            let hash = if engine {
                chain
                    .uploaded_engine_facets()
                    .and_then(|f| f.hashes().get(usize::from(group)).copied())
            } else {
                chain
                    .facets()
                    .and_then(|f| f.hashes().get(usize::from(group)).copied())
            }
            .ok_or_else(|| Trap(format!("no facet {group} (engine: {engine})")))?;
            match chain.remove_code(&acct32(&who), hash.into()) {
                Ok(()) => Ok(Ok(Ret::Unit)),
                Err(name) => Ok(Err(Refusal::Pallet(name))),
            }
        }
    }
}

/// One observable item of one contract.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    // stablecoin
    Supply,
    Balance(Acct),
    Allowance(Acct, Acct),
    // registry
    NextAsset,
    NftSupply,
    Asset(AssetId),
    Owner(AssetId),
    NftAllowance(Acct, Acct, AssetId),
    Record(Acct),
    Attester(Acct),
    DocLock([u8; 32], Acct),
    PendingDoc([u8; 32], Acct),
    // oracle
    KeyConfig(PriceKey),
    KeyState(PriceKey),
    Reporters(PriceKey),
    Submission(PriceKey, Acct),
    // vault
    Books,
    Class(ClassId),
    ClassKeys(ClassId),
    Restricted(ClassId),
    Position(PositionId),
    Liquidating(PositionId),
    /// The liquidation debt the vault records for a position (`liquidation_debt`).
    LiquidationDebt(PositionId),
    Pledge(AssetId),
    Line(Acct),
    /// The vault's count of a debtor's unpaid defaults (`debtor_defaults`).
    DebtorDefaults(Acct),
    DebtorDebt(ClassId, Acct),
    /// `debtor_exposure`: live debt (fees to now), seized debt and losses, every class.
    Exposure(Acct),
    /// `debtor_losses`: written-off debt not yet cleared by an underwriter.
    Losses(Acct),
    /// (admin, is the admin an underwriter)
    VaultAdmin,
    Underwriter(Acct),
    VaultParams,
    // engine
    Liquidation(PositionId),
    Auction(AssetId),
    Recovery(AssetId),
    Claim(u64),
    EngineParams,
    /// `liquidation_limits(class)`: (hole, dirt, class hole, class dirt).
    Limits(ClassId),
    // condition monitor
    Condition(AssetId),
    Device([u8; 32]),
    Bound([u8; 32], AssetId),
    Seen([u8; 32]),
    ClassPolicy(ClassId),
    // credit pricer
    GradeTable(ClassId),
    GradeBounds(ClassId),
    Grade(Acct),
}

impl Key {
    pub fn contract(&self) -> Contract {
        use Key::*;
        match self {
            Supply | Balance(_) | Allowance(..) => Contract::Stable,
            NextAsset | NftSupply | Asset(_) | Owner(_) | NftAllowance(..) | Record(_)
            | Attester(_) | DocLock(..) | PendingDoc(..) => Contract::Registry,
            KeyConfig(_) | KeyState(_) | Reporters(_) | Submission(..) => Contract::Oracle,
            Liquidation(_) | Auction(_) | Recovery(_) | Claim(_) | EngineParams | Limits(_) => {
                Contract::Engine
            }
            Condition(_) | Device(_) | Bound(..) | Seen(_) | ClassPolicy(_) => Contract::Monitor,
            GradeTable(_) | GradeBounds(_) | Grade(_) => Contract::Pricer,
            _ => Contract::Vault,
        }
    }
}

pub type View = BTreeMap<Key, String>;

fn show<T: std::fmt::Debug>(t: T) -> String {
    format!("{t:?}")
}

/// The entities whose state is observed: accounts, price keys, and (from the model) every asset,
/// position, class and liquidation that exists.
#[derive(Debug, Clone, Default)]
pub struct Universe {
    pub accounts: Vec<Acct>,
    /// Accounts that may be debtors (their payment records, credit lines and exposure).
    pub debtors: Vec<Acct>,
    pub keys: Vec<PriceKey>,
    /// Accounts whose stablecoin allowances to the vault and the engine are observed.
    pub spenders: Vec<Acct>,
}

impl Model {
    /// Every observable key the model knows of.
    pub fn keys(&self, u: &Universe) -> Vec<Key> {
        let mut ks = vec![
            Key::Supply,
            Key::NextAsset,
            Key::NftSupply,
            Key::Books,
            Key::VaultParams,
            Key::EngineParams,
            Key::VaultAdmin,
        ];
        for a in &u.accounts {
            ks.push(Key::Balance(*a));
            for sp in &u.spenders {
                ks.push(Key::Allowance(*a, *sp));
            }
            if self.registry.attesters.contains(a)
                || self.vault.underwriters.contains(a)
                || u.debtors.contains(a)
            {
                ks.push(Key::Attester(*a));
                ks.push(Key::Underwriter(*a));
            }
        }
        for a in &u.debtors {
            ks.push(Key::Record(*a));
            ks.push(Key::Line(*a));
            ks.push(Key::DebtorDefaults(*a));
            ks.push(Key::Exposure(*a));
            ks.push(Key::Losses(*a));
            for c in 0..self.vault.class_count {
                ks.push(Key::DebtorDebt(c, *a));
            }
        }
        for k in &u.keys {
            ks.extend([Key::KeyConfig(*k), Key::KeyState(*k), Key::Reporters(*k)]);
            for a in &u.accounts {
                if self.oracle.submissions.contains_key(&(*k, *a))
                    || self.oracle.reporters.get(k).is_some_and(|r| r.contains(a))
                {
                    ks.push(Key::Submission(*k, *a));
                }
            }
        }
        for id in 1..self.registry.next_id {
            ks.extend([
                Key::Asset(id),
                Key::Owner(id),
                Key::Pledge(id),
                Key::Auction(id),
                Key::Recovery(id),
            ]);
            if let Some(a) = self.registry.assets.get(&id) {
                let h = super::registry::doc_hash(&a.kind);
                ks.push(Key::DocLock(h, confirmer(&a.kind)));
                ks.push(Key::PendingDoc(h, a.originator));
                if let scf_interfaces::AssetKind::InTransit(t) = &a.kind {
                    ks.push(Key::DocLock(h, t.destination_warehouse));
                }
            }
            if let Some(o) = self.registry.owner_of(id) {
                ks.push(Key::NftAllowance(o, self.addrs.vault, id));
            }
        }
        for c in 0..self.vault.class_count {
            ks.extend([
                Key::Class(c),
                Key::ClassKeys(c),
                Key::Restricted(c),
                Key::Limits(c),
            ]);
        }
        for p in 1..=self.vault.position_count {
            ks.extend([
                Key::Position(p),
                Key::Liquidating(p),
                Key::LiquidationDebt(p),
                Key::Liquidation(p),
            ]);
        }
        for l in 1..=self.engine.liquidation_count {
            ks.push(Key::Claim(l));
        }
        for id in 1..self.registry.next_id {
            ks.push(Key::Condition(id));
            for d in self.monitor.devices.keys() {
                ks.push(Key::Bound(*d, id));
            }
        }
        for d in self.monitor.devices.keys() {
            ks.push(Key::Device(*d));
        }
        for r in &self.monitor.seen {
            ks.push(Key::Seen(*r));
        }
        for c in 0..self.vault.class_count {
            ks.extend([Key::ClassPolicy(c), Key::GradeTable(c), Key::GradeBounds(c)]);
        }
        for a in &u.debtors {
            ks.push(Key::Grade(*a));
        }
        ks
    }

    /// The model's value of `k`, formatted as the chain's query would decode it.
    pub fn observe(&self, k: &Key) -> String {
        use Key::*;
        let m = self;
        match k {
            Supply => show(m.token.supply),
            Balance(a) => show(m.token.balance(a)),
            Allowance(o, s) => show(m.token.allowance(o, s)),
            NextAsset => show(m.registry.next_id),
            NftSupply => show(m.registry.owners.len() as u128),
            Asset(id) => show(m.registry.assets.get(id).cloned()),
            Owner(id) => show(m.registry.owner_of(*id)),
            NftAllowance(o, op, id) => show(m.registry.allowance(*o, *op, Some(*id))),
            Record(a) => show(m.registry.record(a)),
            Attester(a) => show(m.registry.attesters.contains(a)),
            DocLock(h, c) => show(m.registry.documents.get(&(*h, *c)).copied()),
            PendingDoc(h, o) => show(m.registry.pending.get(&(*h, *o)).copied()),
            KeyConfig(key) => show(m.oracle.configs.get(key).cloned()),
            KeyState(key) => show(
                m.oracle
                    .configs
                    .contains_key(key)
                    .then(|| m.oracle.states.get(key).copied().unwrap_or_default()),
            ),
            Reporters(key) => show(m.oracle.reporters.get(key).cloned().unwrap_or_default()),
            Submission(key, a) => show(m.oracle.submissions.get(&(*key, *a)).copied()),
            Books => show(collateral_vault::Books {
                surplus_wad: m.vault.surplus,
                pending_surplus_rad: m.vault.pending_rad,
                auction_debt_wad: m.vault.auction_debt,
                bad_debt_wad: m.vault.bad_debt,
                class_count: m.vault.class_count,
                position_count: m.vault.position_count,
                paused: m.vault.paused,
            }),
            Class(c) => show(m.vault.classes.get(c).cloned()),
            ClassKeys(c) => show(m.vault.class_keys.get(c).cloned().unwrap_or_default()),
            Restricted(c) => show(m.vault.restricted.contains(c)),
            Position(p) => show(m.vault.positions.get(p).cloned()),
            Liquidating(p) => show(m.vault.liquidating.contains_key(p)),
            LiquidationDebt(p) => show(m.vault.liquidating.get(p).copied()),
            Pledge(id) => show(m.vault.pledges.get(id).cloned()),
            Line(a) => show(m.vault.lines.get(a).cloned()),
            DebtorDebt(c, a) => show(m.debtor_debt(*c, *a)),
            Exposure(a) => show(m.debtor_exposure(*a)),
            Losses(a) => show(m.vault.debtor_losses.get(a).copied().unwrap_or(0)),
            DebtorDefaults(a) => show(m.vault.defaults.get(a).copied().unwrap_or(0)),
            VaultAdmin => show((m.vault.admin, m.vault.underwriters.contains(&m.vault.admin))),
            Underwriter(a) => show(m.vault.underwriters.contains(a)),
            VaultParams => show((
                m.vault.max_price_age,
                m.vault.buffer,
                m.vault.global_ceiling,
                m.vault.guardian,
                m.vault.engine,
            )),
            Liquidation(p) => show(m.engine.liquidations.get(p).cloned()),
            Auction(id) => show(m.engine.auctions.get(id).cloned()),
            Recovery(id) => show(m.engine.recoveries.get(id).cloned()),
            Claim(l) => show(m.engine.claims.get(l).cloned()),
            EngineParams => show((
                m.engine.arbiter,
                m.engine.cusp,
                m.engine.recovery_period,
                m.engine.tip,
                m.engine.chip,
            )),
            Limits(c) => show(m.engine.limits(*c)),
            Condition(id) => show(m.monitor.conditions.get(id).cloned()),
            Device(d) => show(m.monitor.devices.get(d).cloned()),
            Bound(d, id) => show(m.monitor.bindings.contains(&(*d, *id))),
            Seen(r) => show(m.monitor.seen.contains(r)),
            ClassPolicy(c) => show(m.monitor.policies.get(c).copied()),
            GradeTable(c) => show(m.pricer.tables.get(c).copied()),
            GradeBounds(c) => show(m.pricer.bounds.get(c).copied()),
            Grade(a) => show(Ok::<u8, credit_pricer::PricerError>(super::monitor::grade(
                &m.registry.record(a),
            ))),
        }
    }

    pub fn view(&self, u: &Universe) -> View {
        self.keys(u)
            .into_iter()
            .map(|k| {
                let v = self.observe(&k);
                (k, v)
            })
            .collect()
    }
}

fn confirmer(kind: &scf_interfaces::AssetKind) -> Acct {
    match kind {
        scf_interfaces::AssetKind::Invoice(t) => t.debtor,
        scf_interfaces::AssetKind::WarehouseReceipt(t) => t.warehouse,
        scf_interfaces::AssetKind::InTransit(t) => t.carrier,
    }
}

/// Reads `k` from the chain (read-only messages; queried as the vault's admin).
pub fn observe_chain(chain: &mut Chain, a: &Addrs, k: &Key) -> String {
    use Key::*;
    let (s, r, o, v, e) = (
        acct32(&a.stable),
        acct32(&a.registry),
        acct32(&a.oracle),
        acct32(&a.vault),
        acct32(&a.engine),
    );
    macro_rules! q {
        ($c:expr, $label:expr, $args:expr, $t:ty) => {
            show(chain.call::<_, $t>(&$c, $label, $args))
        };
    }
    match k {
        Supply => q!(s, "PSP22::total_supply", (), u128),
        Balance(x) => q!(s, "PSP22::balance_of", *x, u128),
        Allowance(x, y) => q!(s, "PSP22::allowance", (*x, *y), u128),
        NextAsset => q!(r, "next_id", (), AssetId),
        NftSupply => q!(r, "PSP34::total_supply", (), u128),
        Asset(id) => q!(
            r,
            "ReceivableRegistry::asset",
            *id,
            Option<scf_interfaces::Asset>
        ),
        Owner(id) => q!(r, "PSP34::owner_of", token_id(*id), Option<Acct>),
        NftAllowance(x, y, id) => q!(r, "PSP34::allowance", (*x, *y, Some(token_id(*id))), bool),
        Record(x) => q!(r, "ReceivableRegistry::payment_record", *x, PaymentRecord),
        Attester(x) => q!(r, "is_attester", *x, bool),
        DocLock(h, c) => q!(r, "asset_by_document", (*h, *c), Option<AssetId>),
        PendingDoc(h, c) => q!(r, "pending_document", (*h, *c), Option<AssetId>),
        KeyConfig(key) => q!(o, "key_config", *key, Option<price_oracle::KeyConfig>),
        KeyState(key) => q!(o, "key_state", *key, Option<price_oracle::KeyState>),
        Reporters(key) => q!(o, "reporters", *key, Vec<Acct>),
        Submission(key, x) => q!(
            o,
            "submission",
            (*key, *x),
            Option<price_oracle::Submission>
        ),
        Books => q!(v, "books", (), collateral_vault::Books),
        Class(c) => q!(v, "class", *c, Option<collateral_vault::Class>),
        ClassKeys(c) => q!(v, "class_price_keys", *c, Vec<PriceKey>),
        Restricted(c) => q!(v, "is_class_restricted", *c, bool),
        Position(p) => q!(v, "position", *p, Option<collateral_vault::Position>),
        Liquidating(p) => q!(v, "is_liquidating", *p, bool),
        LiquidationDebt(p) => q!(v, "liquidation_debt", *p, Option<u128>),
        Pledge(id) => q!(v, "pledge", *id, Option<collateral_vault::Pledge>),
        Line(x) => q!(v, "debtor_line", *x, Option<DebtorLine>),
        DebtorDebt(c, x) => q!(v, "debtor_debt", (*c, *x), Result<u128, VaultError>),
        Exposure(x) => q!(v, "debtor_exposure", *x, Result<u128, VaultError>),
        Losses(x) => q!(v, "debtor_losses", *x, u128),
        DebtorDefaults(x) => q!(v, "debtor_defaults", *x, u32),
        VaultAdmin => {
            let admin: Acct = chain.call(&v, "admin", ());
            let underwrites: bool = chain.call(&v, "is_underwriter", admin);
            show((admin, underwrites))
        }
        Underwriter(x) => q!(v, "is_underwriter", *x, bool),
        VaultParams => {
            let age: u64 = chain.call(&v, "max_price_age", ());
            let buffer: u128 = chain.call(&v, "surplus_buffer", ());
            let ceiling: u128 = chain.call(&v, "global_debt_ceiling", ());
            let guardian: Acct = chain.call(&v, "guardian", ());
            let engine: Option<Acct> = chain.call(&v, "liquidation_engine", ());
            show((age, buffer, ceiling, guardian, engine))
        }
        Liquidation(p) => q!(
            e,
            "liquidation",
            *p,
            Option<liquidation_engine::Liquidation>
        ),
        Auction(id) => q!(e, "auction", *id, Option<liquidation_engine::Auction>),
        Recovery(id) => q!(e, "recovery", *id, Option<liquidation_engine::Recovery>),
        Claim(l) => q!(e, "claim", *l, Option<liquidation_engine::Claim>),
        EngineParams => {
            let (arb, cusp, period): (Option<Acct>, u128, u64) =
                chain.call(&e, "recovery_params", ());
            let (tip, chip): (u128, u128) = chain.call(&e, "keeper_reward", ());
            show((arb, cusp, period, tip, chip))
        }
        Limits(c) => q!(
            e,
            "liquidation_limits",
            *c,
            (u128, u128, Option<u128>, u128)
        ),
        Condition(id) => q!(
            acct32(&a.monitor),
            "condition",
            *id,
            Option<condition_monitor::AssetCondition>
        ),
        Device(d) => q!(
            acct32(&a.monitor),
            "device_of",
            *d,
            Option<condition_monitor::Device>
        ),
        Bound(d, id) => q!(acct32(&a.monitor), "is_bound", (*d, *id), bool),
        Seen(r) => q!(acct32(&a.monitor), "is_seen", *r, bool),
        ClassPolicy(c) => q!(
            acct32(&a.monitor),
            "class_policy",
            *c,
            Option<condition_monitor::ClassPolicy>
        ),
        GradeTable(c) => q!(
            acct32(&a.pricer),
            "grade_table",
            *c,
            Option<credit_pricer::Table>
        ),
        GradeBounds(c) => q!(
            acct32(&a.pricer),
            "class_bounds",
            *c,
            Option<credit_pricer::Bounds>
        ),
        Grade(d) => q!(
            acct32(&a.pricer),
            "grade",
            *d,
            Result<u8, credit_pricer::PricerError>
        ),
    }
}

/// The standing answer of `key` on the chain (for dashboards; not an observable compared).
pub fn latest_answer(chain: &mut Chain, a: &Addrs, key: PriceKey) -> Option<PriceData> {
    chain.call(&acct32(&a.oracle), "latest_answer", key)
}
