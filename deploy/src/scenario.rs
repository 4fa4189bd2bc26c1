//! `scenario`: runs a scripted financing story (a TOML file of steps) against a deployment and
//! prints each step's outcome, then the resulting positions and balances.
//!
//! A step names its actor (`as`), which signs it; amounts are decimal text (18-decimal fixed
//! point); NFTs and positions get names when created and are referred to by them afterwards. A
//! step may `expect_error` a contract error variant: the story then shows a refusal.
use crate::artifacts::blake2_256;
use crate::backend::{parse_account, ss58, Address, Gas, Signer};
use crate::client::{ink_id, Client};
use crate::error::{DeployError, Result};
use crate::manifest::Manifest;
use crate::units::{money, parse_wad, MS_PER_DAY};
use collateral_vault::{Position, PositionId};
use liquidation_engine::{Auction, Liquidation, Recovery};
use price_oracle::{KeyConfig, KeyState, Submission};
use scf_interfaces::{
    price_key, terms_hash, token_id, Asset, AssetId, AssetKind, GoodsTerms, InvoiceTerms,
    PriceData, TransitTerms,
};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    pub title: String,
    /// Actor name → secret URI (dev accounts such as `//Bob` on a dev chain).
    pub actors: BTreeMap<String, String>,
    #[serde(rename = "step")]
    pub steps: Vec<Step>,
}

/// One step. Which fields are needed depends on `action`; the runner names any that is missing.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub action: String,
    #[serde(rename = "as")]
    pub actor: Option<String>,
    pub name: Option<String>,
    pub debtor: Option<String>,
    pub currency: Option<String>,
    pub face: Option<String>,
    pub due_in_days: Option<u64>,
    pub document: Option<String>,
    pub commodity: Option<String>,
    pub quantity: Option<String>,
    pub warehouse: Option<String>,
    pub arrival_in_days: Option<u64>,
    pub carrier: Option<String>,
    pub asset: Option<String>,
    pub position: Option<String>,
    pub class: Option<String>,
    pub amount: Option<String>,
    pub to: Option<String>,
    pub key: Option<String>,
    pub price: Option<String>,
    pub max_price: Option<String>,
    pub days: Option<u64>,
    pub hours: Option<u64>,
    /// `approve_debtor`: the credit limit.
    pub credit_limit: Option<String>,
    /// `post_price`: several reporters, each submitting `price` in turn (instead of `as`): a key's
    /// answer needs a quorum of fresh reports.
    pub reporters: Option<Vec<String>>,
    /// `confirm`: the originator in the confirmer's records (default: the one the scenario's
    /// register step registered as).
    pub originator: Option<String>,
    /// `resolve_dispute`: the arbiter's ruling (true: the invoice is valid; false: void).
    pub valid: Option<bool>,
    /// `watch`, `report`: the device's secret URI (its sr25519 key, e.g. `//Reefer-7`).
    pub device: Option<String>,
    /// `watch`: the lot's temperature limits; `report`: the window's lowest and highest reading
    /// (°C, decimal).
    pub temp_min: Option<String>,
    pub temp_max: Option<String>,
    /// `report`: the container's seal-broken alarm.
    pub seal_broken: Option<bool>,
    pub expect_error: Option<String>,
}

pub const ACTIONS: [&str; 31] = [
    "watch",
    "report",
    "confirm_condition",
    "post_price",
    "approve_debtor",
    "suspend_debtor",
    "register_invoice",
    "register_goods",
    "register_transit",
    "confirm",
    "reject",
    "mark_paid",
    "open_position",
    "deposit",
    "withdraw",
    "borrow",
    "repay",
    "transfer",
    "settle",
    "liquidate",
    "take",
    "restart_auction",
    "dispute",
    "resolve_dispute",
    "write_off",
    "attest_arrival",
    "skim",
    "withdraw_surplus",
    "pause",
    "unpause",
    "advance",
];

pub fn load(path: &Path) -> Result<ScenarioFile> {
    let text = std::fs::read_to_string(path).map_err(|e| DeployError::Io {
        path: path.to_path_buf(),
        why: e.to_string(),
    })?;
    toml::from_str(&text).map_err(|e| DeployError::Config {
        path: path.to_path_buf(),
        why: e.to_string(),
    })
}

/// What a position looked like at the end of the story.
#[derive(Debug, serde::Serialize)]
pub struct PositionRow {
    pub name: String,
    pub id: PositionId,
    pub owner: String,
    pub class: String,
    pub nfts: usize,
    #[serde(serialize_with = "crate::units::json_string::serialize")]
    pub debt_wad: u128,
    #[serde(serialize_with = "crate::units::json_opt_string::serialize")]
    pub value_wad: Option<u128>,
    #[serde(serialize_with = "crate::units::json_opt_string::serialize")]
    pub max_borrow_wad: Option<u128>,
}

#[derive(Debug, serde::Serialize)]
pub struct BalanceRow {
    pub actor: String,
    pub address: String,
    #[serde(serialize_with = "crate::units::json_string::serialize")]
    pub stable_wad: u128,
    pub nfts: u32,
}

#[derive(Debug, serde::Serialize)]
pub struct Outcome {
    pub title: String,
    pub steps_ok: usize,
    pub steps_refused_as_expected: usize,
    pub positions: Vec<PositionRow>,
    pub balances: Vec<BalanceRow>,
    #[serde(serialize_with = "crate::units::json_string::serialize")]
    pub stable_supply_wad: u128,
    #[serde(serialize_with = "crate::units::json_string::serialize")]
    pub vault_surplus_wad: u128,
    #[serde(serialize_with = "crate::units::json_string::serialize")]
    pub bad_debt_wad: u128,
}

struct Runner<'c, 'a> {
    client: &'c mut Client<'a>,
    path: PathBuf,
    manifest: &'c Manifest,
    signers: BTreeMap<String, Signer>,
    assets: BTreeMap<String, AssetId>,
    /// What each register step sent (originator, terms): the confirmer's own record of the
    /// deal, which its `confirm` binds (never read back from the chain).
    sent: BTreeMap<AssetId, (ink::primitives::AccountId, AssetKind)>,
    positions: BTreeMap<String, PositionId>,
    symbol: String,
}

/// Runs the story. Step lines go to stdout, or to stderr when `stdout_for_result` (JSON output).
pub fn run(
    client: &mut Client,
    manifest: &Manifest,
    path: &Path,
    file: &ScenarioFile,
    stdout_for_result: bool,
) -> Result<Outcome> {
    let say = |line: String| {
        if stdout_for_result {
            eprintln!("{line}");
        } else {
            println!("{line}");
        }
    };
    let fail = |step: usize, action: &str, why: String| DeployError::Scenario {
        path: path.to_path_buf(),
        step,
        action: action.to_string(),
        why,
    };
    // Checked before anything is sent: a story must not stop half-way for a reason known upfront.
    for (i, step) in file.steps.iter().enumerate() {
        if !ACTIONS.contains(&step.action.as_str()) {
            return Err(fail(
                i + 1,
                &step.action,
                format!("unknown action; expected one of {}", ACTIONS.join(", ")),
            ));
        }
        if step.action == "advance" && client.backend.target() != "sandbox" {
            return Err(DeployError::Unsupported {
                what: format!("step {} (advance): moving the clock", i + 1),
                target: format!(
                    "a live node ({}); run this scenario on the sandbox",
                    client.backend.target()
                ),
            });
        }
    }
    let mut signers = BTreeMap::new();
    for (name, suri) in &file.actors {
        let s = Signer::from_suri(suri).map_err(|e| fail(0, "actors", format!("{name}: {e}")))?;
        client.backend.ensure_funded(&s.address())?;
        signers.insert(name.clone(), s);
    }
    let symbol: Option<String> = client.query("stablecoin", "PSP22Metadata::token_symbol", ())?;
    let mut r = Runner {
        client,
        path: path.to_path_buf(),
        manifest,
        signers,
        assets: BTreeMap::new(),
        sent: BTreeMap::new(),
        positions: BTreeMap::new(),
        symbol: symbol.unwrap_or_default(),
    };
    say(format!("{}\n", file.title));
    let (mut ok, mut refused) = (0, 0);
    for (i, step) in file.steps.iter().enumerate() {
        let n = i + 1;
        let (text, result) = r.step(n, step);
        match (result, &step.expect_error) {
            (Ok(gas), None) => {
                ok += 1;
                say(format!("{n:>3}. {text} … ok{}", gas_note(&gas)));
            }
            (Err(DeployError::Contract { error, .. }), Some(expected)) if &error == expected => {
                refused += 1;
                say(format!("{n:>3}. {text} … refused as expected: {error}"));
            }
            (Err(e), Some(expected)) => {
                say(format!("{n:>3}. {text} … FAILED"));
                return Err(fail(
                    n,
                    &step.action,
                    format!("expected the contract error {expected}, got: {e}"),
                ));
            }
            (Ok(_), Some(expected)) => {
                say(format!("{n:>3}. {text} … FAILED"));
                return Err(fail(
                    n,
                    &step.action,
                    format!("expected the contract error {expected}, but it succeeded"),
                ));
            }
            (Err(e), None) => {
                say(format!("{n:>3}. {text} … FAILED"));
                return Err(match e {
                    e @ DeployError::Scenario { .. } => e,
                    e => fail(n, &step.action, e.to_string()),
                });
            }
        }
    }
    r.client.backend.persist()?;
    let outcome = r.outcome(&file.title, ok, refused)?;
    Ok(outcome)
}

fn gas_note(g: &Gas) -> String {
    if g.ref_time == 0 {
        return String::new();
    }
    format!(
        "  [ref_time {:.2}e9, proof_size {}, deposit {}]",
        g.ref_time as f64 / 1e9,
        g.proof_size,
        g.storage_deposit
    )
}

impl Runner<'_, '_> {
    fn need<'s>(
        &self,
        n: usize,
        step: &'s Step,
        field: &str,
        v: &'s Option<String>,
    ) -> Result<&'s str> {
        v.as_deref()
            .ok_or_else(|| self.bad(n, step, format!("missing `{field}`")))
    }

    fn bad(&self, n: usize, step: &Step, why: String) -> DeployError {
        DeployError::Scenario {
            path: self.path.clone(),
            step: n,
            action: step.action.clone(),
            why,
        }
    }

    fn signer(&self, n: usize, step: &Step) -> Result<Signer> {
        let name = self.need(n, step, "as", &step.actor)?;
        self.signers
            .get(name)
            .cloned()
            .ok_or_else(|| self.bad(n, step, format!("`as`: no actor {name:?} in [actors]")))
    }

    /// An actor's address, `vault` (the collateral vault) or `engine` (the liquidation engine),
    /// unless an actor has that name, or a literal SS58 / secret URI.
    fn account(&self, n: usize, step: &Step, field: &str, v: &Option<String>) -> Result<Address> {
        let name = self.need(n, step, field, v)?;
        if let Some(s) = self.signers.get(name) {
            return Ok(s.address());
        }
        if name == "vault" {
            return Ok(self.client.addresses.collateral_vault);
        }
        if name == "engine" {
            return Ok(self.client.addresses.liquidation_engine);
        }
        parse_account(name)
            .map_err(|_| self.bad(n, step, format!("`{field}`: no actor {name:?} in [actors]")))
    }

    fn amount(&self, n: usize, step: &Step, field: &str, v: &Option<String>) -> Result<u128> {
        let text = self.need(n, step, field, v)?;
        parse_wad(text).map_err(|e| self.bad(n, step, format!("`{field}`: {e}")))
    }

    fn asset(&self, n: usize, step: &Step) -> Result<AssetId> {
        let name = self.need(n, step, "asset", &step.asset)?;
        self.assets.get(name).copied().ok_or_else(|| {
            self.bad(
                n,
                step,
                format!("`asset`: no NFT named {name:?} registered earlier"),
            )
        })
    }

    fn position(&self, n: usize, step: &Step) -> Result<PositionId> {
        let name = self.need(n, step, "position", &step.position)?;
        self.positions.get(name).copied().ok_or_else(|| {
            self.bad(
                n,
                step,
                format!("`position`: no position named {name:?} opened earlier"),
            )
        })
    }

    fn fresh_name(&self, n: usize, step: &Step) -> Result<String> {
        let name = self.need(n, step, "name", &step.name)?;
        if self.assets.contains_key(name) || self.positions.contains_key(name) {
            return Err(self.bad(n, step, format!("`name`: {name:?} is already used")));
        }
        Ok(name.to_string())
    }

    /// `s` registers `kind`; what it sent is kept as the confirmer's own record of the deal.
    fn register(&mut self, s: &Signer, kind: AssetKind) -> Result<(AssetId, Gas)> {
        let (id, gas) =
            self.client
                .exec::<AssetId>(s, "receivable_registry", "register", kind.clone())?;
        self.sent.insert(id, (ink_id(&s.address()), kind));
        Ok((id, gas))
    }

    /// The actor's name for an account, or its SS58 address.
    fn name_of(&self, who: &ink::primitives::AccountId) -> String {
        self.signers
            .iter()
            .find(|(_, s)| ink_id(&s.address()) == *who)
            .map(|(n, _)| n.clone())
            .unwrap_or_else(|| ss58(AsRef::<[u8; 32]>::as_ref(who)))
    }

    fn registered(&mut self, n: usize, step: &Step, id: AssetId) -> Result<Asset> {
        let asset: Option<Asset> =
            self.client
                .query("receivable_registry", "ReceivableRegistry::asset", id)?;
        asset.ok_or_else(|| self.bad(n, step, format!("NFT #{id} is not in the registry")))
    }

    fn vault(&self) -> ink::primitives::AccountId {
        ink_id(&self.client.addresses.collateral_vault)
    }

    fn engine(&self) -> ink::primitives::AccountId {
        ink_id(&self.client.addresses.liquidation_engine)
    }

    /// `who` lets the vault pull (repay, settle) `amount_wad` of its stablecoin.
    fn approve_stable(&mut self, who: &Signer, amount_wad: u128) -> Result<Gas> {
        let spender = self.vault();
        self.approve_stable_for(who, spender, amount_wad)
    }

    /// `who` lets `spender` pull `amount_wad` of its stablecoin: the liquidation engine for a
    /// `take` or a payment in recovery (it sends the money on to the vault and the owner).
    fn approve_stable_for(
        &mut self,
        who: &Signer,
        spender: ink::primitives::AccountId,
        amount_wad: u128,
    ) -> Result<Gas> {
        let ((), gas) =
            self.client
                .exec(who, "stablecoin", "PSP22::approve", (spender, amount_wad))?;
        Ok(gas)
    }

    fn stable_balance(&mut self, who: ink::primitives::AccountId) -> Result<u128> {
        self.client.query("stablecoin", "PSP22::balance_of", who)
    }

    /// The confirmer's own record of NFT `id`'s terms: what the register step sent, with any term
    /// the step restates (`originator`; `amount`, `face` or `quantity`; `currency` or
    /// `commodity`; `due_in_days` after the issue date; `document`). Returns the originator, the
    /// terms, and each difference from the registration.
    fn confirmer_view(
        &self,
        n: usize,
        step: &Step,
        id: AssetId,
        sent_originator: ink::primitives::AccountId,
        sent: &AssetKind,
    ) -> Result<(ink::primitives::AccountId, AssetKind, Vec<String>)> {
        let mut diffs = Vec::new();
        let originator = match &step.originator {
            Some(_) => ink_id(&self.account(n, step, "originator", &step.originator)?),
            None => sent_originator,
        };
        if originator != sent_originator {
            diffs.push(format!(
                "originator {} (registered: {})",
                self.name_of(&originator),
                self.name_of(&sent_originator)
            ));
        }
        let amounts: Vec<(&str, &Option<String>)> = [
            ("amount", &step.amount),
            ("face", &step.face),
            ("quantity", &step.quantity),
        ]
        .into_iter()
        .filter(|(_, v)| v.is_some())
        .collect();
        if amounts.len() > 1 {
            return Err(self.bad(
                n,
                step,
                "restate the amount once: `amount`, `face` or `quantity`".into(),
            ));
        }
        let amount = match amounts.first() {
            Some((field, v)) => Some(self.amount(n, step, field, v)?),
            None => None,
        };
        let not_for =
            |field: &str, what: &str| self.bad(n, step, format!("`{field}`: NFT #{id} is {what}"));
        let mut kind = sent.clone();
        let exact = crate::units::exact;
        let symbol = crate::status::key_symbol;
        match &mut kind {
            AssetKind::Invoice(t) => {
                if step.commodity.is_some() || step.quantity.is_some() {
                    return Err(not_for(
                        if step.commodity.is_some() {
                            "commodity"
                        } else {
                            "quantity"
                        },
                        "an invoice",
                    ));
                }
                if let Some(a) = amount.filter(|a| *a != t.face_value_wad) {
                    diffs.push(format!(
                        "face {} (registered: {})",
                        exact(a),
                        exact(t.face_value_wad)
                    ));
                    t.face_value_wad = a;
                }
                if let Some(c) = step
                    .currency
                    .as_deref()
                    .filter(|c| price_key(c) != t.currency)
                {
                    diffs.push(format!(
                        "currency {c} (registered: {})",
                        symbol(&t.currency)
                    ));
                    t.currency = price_key(c);
                }
                if let Some(days) = step.due_in_days {
                    let due = t
                        .issue_date_ms
                        .saturating_add(days.saturating_mul(MS_PER_DAY));
                    if due != t.due_date_ms {
                        diffs.push(format!(
                            "due {days} days after issue (registered: {})",
                            t.due_date_ms.saturating_sub(t.issue_date_ms) / MS_PER_DAY
                        ));
                        t.due_date_ms = due;
                    }
                }
            }
            AssetKind::WarehouseReceipt(GoodsTerms {
                commodity,
                quantity_wad,
                ..
            })
            | AssetKind::InTransit(TransitTerms {
                commodity,
                quantity_wad,
                ..
            }) => {
                for (field, set) in [
                    ("face", step.face.is_some()),
                    ("currency", step.currency.is_some()),
                    ("due_in_days", step.due_in_days.is_some()),
                ] {
                    if set {
                        return Err(not_for(field, "goods"));
                    }
                }
                if let Some(a) = amount.filter(|a| a != quantity_wad) {
                    diffs.push(format!(
                        "quantity {} (registered: {})",
                        exact(a),
                        exact(*quantity_wad)
                    ));
                    *quantity_wad = a;
                }
                if let Some(c) = step
                    .commodity
                    .as_deref()
                    .filter(|c| price_key(c) != *commodity)
                {
                    diffs.push(format!("commodity {c} (registered: {})", symbol(commodity)));
                    *commodity = price_key(c);
                }
            }
        }
        if let Some(doc) = &step.document {
            let hash = blake2_256(doc.as_bytes());
            if hash != kind.document_hash() {
                diffs.push(format!("document {doc:?}"));
                match &mut kind {
                    AssetKind::Invoice(t) => t.document_hash = hash,
                    AssetKind::WarehouseReceipt(t) => t.document_hash = hash,
                    AssetKind::InTransit(t) => t.document_hash = hash,
                }
            }
        }
        Ok((originator, kind, diffs))
    }

    /// What counts against the engine's liquidation limits, overall and for `class_id`:
    /// "25,300.00 of 500,000.00 overall, 25,300.00 of 250,000.00 in the class".
    fn limits_text(&mut self, class_id: u32) -> Result<String> {
        let (hole, dirt, class_hole, class_dirt): (u128, u128, Option<u128>, u128) = self
            .client
            .query("liquidation_engine", "liquidation_limits", class_id)?;
        let of = |limit: Option<u128>| match limit {
            Some(l) if l != u128::MAX => format!("of {}", money(l)),
            _ => "(no limit)".to_string(),
        };
        Ok(format!(
            "{} {} overall, {} {} in the class",
            money(dirt),
            of(Some(hole)),
            money(class_dirt),
            of(class_hole)
        ))
    }

    /// Runs one step: a description for the log, and the outcome with the gas of its main call.
    fn step(&mut self, n: usize, step: &Step) -> (String, Result<Gas>) {
        let who = step.actor.clone().unwrap_or_default();
        let sym = self.symbol.clone();
        let mut text = format!("{who}: {}", step.action.replace('_', " "));
        let result = (|| -> Result<Gas> {
            match step.action.as_str() {
                "post_price" => {
                    // One reporter (`as`) or several (`reporters`), each submitting the price in
                    // turn: a key's answer is the median of a quorum of fresh reports.
                    let reporters: Vec<(String, Signer)> = match (&step.reporters, &step.actor) {
                        (Some(_), Some(_)) => return Err(self.bad(
                            n,
                            step,
                            "give either `as` (one reporter) or `reporters` (several), not both"
                                .into(),
                        )),
                        (Some(list), None) if list.is_empty() => {
                            return Err(self.bad(n, step, "`reporters` is empty".into()))
                        }
                        (Some(list), None) => list
                            .iter()
                            .map(|name| {
                                self.signers
                                    .get(name)
                                    .cloned()
                                    .map(|s| (name.clone(), s))
                                    .ok_or_else(|| {
                                        self.bad(
                                            n,
                                            step,
                                            format!("`reporters`: no actor {name:?} in [actors]"),
                                        )
                                    })
                            })
                            .collect::<Result<_>>()?,
                        (None, _) => vec![(who.clone(), self.signer(n, step)?)],
                    };
                    let key = self.need(n, step, "key", &step.key)?;
                    let price = self.amount(n, step, "price", &step.price)?;
                    let names: Vec<&str> = reporters.iter().map(|(n, _)| n.as_str()).collect();
                    text = format!(
                        "{} report{} {key} = {}",
                        names.join(", "),
                        if names.len() == 1 { "s" } else { "" },
                        crate::units::exact(price)
                    );
                    let pk = price_key(key);
                    let before: Result<PriceData> =
                        self.client.query_ok("price_oracle", "PriceFeed::price", pk);
                    let mut gas = Gas::default();
                    // After how many of these reports the key was first suspended, if it was.
                    let mut suspended_after: Option<usize> = None;
                    for (i, (_, s)) in reporters.iter().enumerate() {
                        gas = self
                            .client
                            .exec::<()>(s, "price_oracle", "submit", (pk, price))?
                            .1;
                        let state: Option<KeyState> =
                            self.client.query("price_oracle", "key_state", pk)?;
                        if suspended_after.is_none() && state.is_some_and(|st| st.suspended) {
                            suspended_after = Some(i + 1);
                        }
                    }
                    // What the reports did to the key: the answer it stands at, a suspension (a
                    // move beyond the guard that lacks a move quorum), or no answer yet.
                    let config: Option<KeyConfig> =
                        self.client.query("price_oracle", "key_config", pk)?;
                    let moves = config
                        .as_ref()
                        .map(|c| c.move_quorum.to_string())
                        .unwrap_or_else(|| "?".into());
                    let now: Result<PriceData> =
                        self.client.query_ok("price_oracle", "PriceFeed::price", pk);
                    text += &match now {
                        Ok(a) => {
                            let shown = if a.upper_wad != a.price_wad {
                                format!(
                                    "{} – {}",
                                    crate::units::exact(a.price_wad),
                                    crate::units::exact(a.upper_wad)
                                )
                            } else {
                                crate::units::exact(a.price_wad)
                            };
                            let why = match (suspended_after, &before) {
                                (Some(k), _) => format!(
                                    " (beyond the guard: suspended after {k} report{}, the move \
                                     quorum of {moves} confirmed the move)",
                                    if k == 1 { "" } else { "s" }
                                ),
                                (None, Ok(b)) if b.price_wad == a.price_wad && a.price_wad != price => {
                                    " (unchanged: the report is not the median of the fresh reports)"
                                        .into()
                                }
                                _ => String::new(),
                            };
                            format!(" → answer {shown}{why}")
                        }
                        Err(DeployError::Contract { error, .. }) if error == "KeySuspended" => {
                            format!(" → {key} SUSPENDED (a move beyond the guard needs {moves} reporters)")
                        }
                        Err(DeployError::Contract { error, .. }) => {
                            // Count the fresh reports against the quorum.
                            let all: Vec<ink::primitives::AccountId> =
                                self.client.query("price_oracle", "reporters", pk)?;
                            let at = self.client.backend.now_ms()?;
                            let mut fresh = 0;
                            for r in all {
                                let sub: Option<Submission> =
                                    self.client.query("price_oracle", "submission", (pk, r))?;
                                if let (Some(sub), Some(c)) = (sub, &config) {
                                    fresh += usize::from(
                                        at.saturating_sub(sub.submitted_at_ms) <= c.max_age_ms,
                                    );
                                }
                            }
                            format!(
                                " → no answer yet ({error}): {fresh} of the quorum of {} fresh reports",
                                config.as_ref().map(|c| c.quorum).unwrap_or(0)
                            )
                        }
                        Err(e) => return Err(e),
                    };
                    Ok(gas)
                }
                "register_invoice" => {
                    let s = self.signer(n, step)?;
                    let name = self.fresh_name(n, step)?;
                    let debtor = self.account(n, step, "debtor", &step.debtor)?;
                    let currency = self.need(n, step, "currency", &step.currency)?;
                    let face = self.amount(n, step, "face", &step.face)?;
                    let days = step
                        .due_in_days
                        .ok_or_else(|| self.bad(n, step, "missing `due_in_days`".into()))?;
                    let doc = self.need(n, step, "document", &step.document)?;
                    let now = self.client.backend.now_ms()?;
                    let kind = AssetKind::Invoice(InvoiceTerms {
                        face_value_wad: face,
                        currency: price_key(currency),
                        debtor: ink_id(&debtor),
                        issue_date_ms: now,
                        due_date_ms: now.saturating_add(days.saturating_mul(MS_PER_DAY)),
                        document_hash: blake2_256(doc.as_bytes()),
                    });
                    let (id, gas) = self.register(&s, kind)?;
                    text = format!(
                        "{who} registers invoice {doc:?}: {} {currency} owed by {}, due in {days} days → NFT #{id} ({name})",
                        money(face),
                        step.debtor.as_deref().unwrap_or("?")
                    );
                    self.assets.insert(name, id);
                    Ok(gas)
                }
                "register_goods" | "register_transit" => {
                    let s = self.signer(n, step)?;
                    let name = self.fresh_name(n, step)?;
                    let commodity = self.need(n, step, "commodity", &step.commodity)?;
                    let quantity = self.amount(n, step, "quantity", &step.quantity)?;
                    let warehouse = self.account(n, step, "warehouse", &step.warehouse)?;
                    let doc = self.need(n, step, "document", &step.document)?;
                    let document_hash = blake2_256(doc.as_bytes());
                    let kind = if step.action == "register_goods" {
                        AssetKind::WarehouseReceipt(GoodsTerms {
                            commodity: price_key(commodity),
                            quantity_wad: quantity,
                            warehouse: ink_id(&warehouse),
                            document_hash,
                        })
                    } else {
                        let days = step
                            .arrival_in_days
                            .ok_or_else(|| self.bad(n, step, "missing `arrival_in_days`".into()))?;
                        let carrier = self.account(n, step, "carrier", &step.carrier)?;
                        let now = self.client.backend.now_ms()?;
                        AssetKind::InTransit(TransitTerms {
                            commodity: price_key(commodity),
                            quantity_wad: quantity,
                            carrier: ink_id(&carrier),
                            destination_warehouse: ink_id(&warehouse),
                            expected_arrival_ms: now
                                .saturating_add(days.saturating_mul(MS_PER_DAY)),
                            document_hash,
                        })
                    };
                    let (id, gas) = self.register(&s, kind)?;
                    text = format!(
                        "{who} registers {} {doc:?}: {} {commodity} → NFT #{id} ({name})",
                        if step.action == "register_goods" {
                            "warehouse receipt"
                        } else {
                            "goods in transit"
                        },
                        crate::units::exact(quantity)
                    );
                    self.assets.insert(name, id);
                    Ok(gas)
                }
                "confirm" => {
                    // The confirmer binds every term of the deal as IT has it on record — by
                    // default exactly what the scenario's register step sent — never what the
                    // chain says: `confirm(id, terms_hash(originator, kind))`. A step may restate
                    // terms (with the register step's field names) to show a refusal.
                    let s = self.signer(n, step)?;
                    let id = self.asset(n, step)?;
                    let (sent_originator, sent_kind) =
                        self.sent.get(&id).cloned().ok_or_else(|| {
                            self.bad(
                                n,
                                step,
                                format!("NFT #{id}: the confirmer has no record of its terms"),
                            )
                        })?;
                    let (originator, kind, diffs) =
                        self.confirmer_view(n, step, id, sent_originator, &sent_kind)?;
                    let hash = terms_hash(&originator, &kind);
                    text = if diffs.is_empty() {
                        format!(
                            "{who} confirms NFT #{id}: binds the terms on its own record, as registered ({}'s {}) → terms hash 0x{}…",
                            self.name_of(&originator),
                            describe_terms(&kind),
                            hex::encode(&hash[..4])
                        )
                    } else {
                        format!(
                            "{who} confirms NFT #{id} with its own record of the terms, which differs from the registration: {} → terms hash 0x{}…",
                            diffs.join(", "),
                            hex::encode(&hash[..4])
                        )
                    };
                    self.client
                        .exec::<()>(&s, "receivable_registry", "confirm", (id, hash))
                        .map(|r| r.1)
                }
                "reject" => {
                    let s = self.signer(n, step)?;
                    let id = self.asset(n, step)?;
                    text = format!("{who} rejects NFT #{id} (burnt, its document freed)");
                    self.client
                        .exec::<()>(&s, "receivable_registry", "reject", id)
                        .map(|r| r.1)
                }
                "mark_paid" => {
                    // On the word of the party that was paid, the NFT's holder, never the debtor's.
                    let s = self.signer(n, step)?;
                    let id = self.asset(n, step)?;
                    let holder: Option<ink::primitives::AccountId> = self.client.query(
                        "receivable_registry",
                        "PSP34::owner_of",
                        token_id(id),
                    )?;
                    let me = ink_id(&s.address());
                    let whose = if holder == Some(me) {
                        " (the holder's word: it was paid)".to_string()
                    } else {
                        match self.sent.get(&id) {
                            Some((_, AssetKind::Invoice(t))) if t.debtor == me => format!(
                                " (its debtor's word, which settles nothing: the holder is {})",
                                holder
                                    .map(|h| self.name_of(&h))
                                    .unwrap_or_else(|| "nobody".into())
                            ),
                            _ => String::new(),
                        }
                    };
                    text = format!("{who} marks invoice NFT #{id} paid outside the vault{whose}");
                    self.client
                        .exec::<()>(&s, "receivable_registry", "mark_paid", id)
                        .map(|r| r.1)
                }
                "approve_debtor" => {
                    let s = self.signer(n, step)?;
                    let debtor = self.account(n, step, "debtor", &step.debtor)?;
                    let limit = self.amount(n, step, "credit_limit", &step.credit_limit)?;
                    text = format!(
                        "{who} approves debtor {} with a credit limit of {} {sym}",
                        step.debtor.as_deref().unwrap_or("?"),
                        money(limit)
                    );
                    self.client
                        .exec::<()>(
                            &s,
                            "collateral_vault",
                            "approve_debtor",
                            (ink_id(&debtor), limit),
                        )
                        .map(|r| r.1)
                }
                "suspend_debtor" => {
                    let s = self.signer(n, step)?;
                    let debtor = self.account(n, step, "debtor", &step.debtor)?;
                    text = format!(
                        "{who} suspends debtor {}",
                        step.debtor.as_deref().unwrap_or("?")
                    );
                    self.client
                        .exec::<()>(&s, "collateral_vault", "suspend_debtor", ink_id(&debtor))
                        .map(|r| r.1)
                }
                "open_position" => {
                    let s = self.signer(n, step)?;
                    let name = self.fresh_name(n, step)?;
                    let class = self.need(n, step, "class", &step.class)?;
                    let class_id = self
                        .manifest
                        .classes
                        .iter()
                        .find(|c| c.name == class)
                        .map(|c| c.id)
                        .ok_or_else(|| {
                            self.bad(
                                n,
                                step,
                                format!("`class`: the deployment has no class {class:?}"),
                            )
                        })?;
                    let (id, gas) = self.client.exec::<PositionId>(
                        &s,
                        "collateral_vault",
                        "open_position",
                        class_id,
                    )?;
                    text = format!("{who} opens position #{id} ({name}) in class {class}");
                    self.positions.insert(name, id);
                    Ok(gas)
                }
                "deposit" => {
                    let s = self.signer(n, step)?;
                    let (pos, id) = (self.position(n, step)?, self.asset(n, step)?);
                    text = format!("{who} pledges NFT #{id} to position #{pos}");
                    let vault = self.vault();
                    self.client.exec::<()>(
                        &s,
                        "receivable_registry",
                        "PSP34::approve",
                        (vault, Some(token_id(id)), true),
                    )?;
                    self.client
                        .exec::<()>(&s, "collateral_vault", "deposit", (pos, id))
                        .map(|r| r.1)
                }
                "withdraw" => {
                    let s = self.signer(n, step)?;
                    let (pos, id) = (self.position(n, step)?, self.asset(n, step)?);
                    text = format!("{who} withdraws NFT #{id} from position #{pos}");
                    self.client
                        .exec::<()>(&s, "collateral_vault", "withdraw", (pos, id))
                        .map(|r| r.1)
                }
                "borrow" => {
                    let s = self.signer(n, step)?;
                    let pos = self.position(n, step)?;
                    let amount = self.amount(n, step, "amount", &step.amount)?;
                    let max: Result<u128> =
                        self.client.query_ok("collateral_vault", "max_borrow", pos);
                    text = format!(
                        "{who} borrows {} {sym} on position #{pos} (room before: {})",
                        money(amount),
                        max.map(money).unwrap_or_else(|e| e.to_string())
                    );
                    self.client
                        .exec::<()>(&s, "collateral_vault", "borrow", (pos, amount))
                        .map(|r| r.1)
                }
                "repay" => {
                    let s = self.signer(n, step)?;
                    let pos = self.position(n, step)?;
                    let amount = self.amount(n, step, "amount", &step.amount)?;
                    text = format!("{who} repays {} {sym} on position #{pos}", money(amount));
                    self.approve_stable(&s, amount)?;
                    self.client
                        .exec::<()>(&s, "collateral_vault", "repay", (pos, amount))
                        .map(|r| r.1)
                }
                "transfer" => {
                    let s = self.signer(n, step)?;
                    let to = self.account(n, step, "to", &step.to)?;
                    let amount = self.amount(n, step, "amount", &step.amount)?;
                    text = format!(
                        "{who} pays {} {sym} to {}",
                        money(amount),
                        step.to.as_deref().unwrap_or("?")
                    );
                    self.client
                        .exec::<()>(
                            &s,
                            "stablecoin",
                            "PSP22::transfer",
                            (ink_id(&to), amount, Vec::<u8>::new()),
                        )
                        .map(|r| r.1)
                }
                "settle" => {
                    // The debtor pays face × the currency's price (none for the stablecoin's own
                    // unit), as the vault computes it now: to the vault while the invoice is in its
                    // position, to the liquidation engine once a liquidation put it at auction
                    // (the auction ends) or in recovery.
                    let s = self.signer(n, step)?;
                    let id = self.asset(n, step)?;
                    let terms = match self.registered(n, step, id)?.kind {
                        AssetKind::Invoice(t) => t,
                        _ => return Err(self.bad(n, step, format!("NFT #{id} is not an invoice"))),
                    };
                    let currency = crate::status::key_symbol(&terms.currency);
                    let due: Result<u128> =
                        self.client
                            .query_ok("collateral_vault", "settlement_amount", id);
                    let recovery: Option<Recovery> =
                        self.client.query("liquidation_engine", "recovery", id)?;
                    let auction: Option<Auction> =
                        self.client.query("liquidation_engine", "auction", id)?;
                    let amount = match &due {
                        Ok(v) => format!("{} {sym}", money(*v)),
                        Err(e) => e.to_string(),
                    };
                    let due = due.unwrap_or(terms.face_value_wad);
                    // Where the money goes afterwards: the liquidation's owner.
                    let owner = match (&recovery, &auction) {
                        (Some(r), _) => r.owner,
                        (None, Some(a)) => {
                            match self.client.query::<Option<Liquidation>>(
                                "liquidation_engine",
                                "liquidation",
                                a.position_id,
                            )? {
                                Some(l) => l.owner,
                                None => {
                                    return Err(self.bad(
                                        n,
                                        step,
                                        format!("NFT #{id} is at auction without a liquidation"),
                                    ))
                                }
                            }
                        }
                        (None, None) => {
                            text = format!(
                                "{who} pays invoice NFT #{id} ({} {currency} = {amount}) through the vault",
                                money(terms.face_value_wad),
                            );
                            self.approve_stable(&s, due)?;
                            return self
                                .client
                                .exec::<()>(&s, "collateral_vault", "settle", id)
                                .map(|r| r.1);
                        }
                    };
                    let written_off = recovery.as_ref().is_some_and(|r| r.written_off);
                    text = format!(
                        "{who} pays invoice NFT #{id} ({} {currency} = {amount}) {}, through the liquidation engine",
                        money(terms.face_value_wad),
                        match (&recovery, &auction) {
                            (Some(_), _) if written_off => "in recovery (written off)".to_string(),
                            (Some(_), _) => "in recovery".to_string(),
                            (None, Some(a)) => format!(
                                "at auction (reserve {}: the auction ends)",
                                money(a.floor_wad)
                            ),
                            (None, None) => String::new(),
                        }
                    );
                    // Where the money went: burned against the debt, kept as penalty, paid to the
                    // position's owner.
                    let vault = self.vault();
                    let supply: u128 =
                        self.client.query("stablecoin", "PSP22::total_supply", ())?;
                    let surplus = self.stable_balance(vault)?;
                    let owner_before = self.stable_balance(owner)?;
                    let engine = self.engine();
                    self.approve_stable_for(&s, engine, due)?;
                    let gas = self
                        .client
                        .exec::<()>(&s, "liquidation_engine", "settle", id)?
                        .1;
                    let burned = supply.saturating_sub(self.client.query(
                        "stablecoin",
                        "PSP22::total_supply",
                        (),
                    )?);
                    let kept = self.stable_balance(vault)?.saturating_sub(surplus);
                    let to_owner = self.stable_balance(owner)?.saturating_sub(owner_before);
                    text += &format!(
                        " → {} repays {}debt, {} penalty to the vault, {} to {}",
                        money(burned),
                        if written_off { "bad " } else { "" },
                        money(kept),
                        money(to_owner),
                        self.name_of(&owner)
                    );
                    Ok(gas)
                }
                "liquidate" => {
                    // Through the liquidation engine: it has the vault seize the position, puts
                    // each NFT with a value to auction and each without one in recovery — unless
                    // its debt and penalty would take what is being liquidated past the engine's
                    // limits (LiquidationLimit).
                    let s = self.signer(n, step)?;
                    let pos = self.position(n, step)?;
                    text = format!("{who} liquidates position #{pos}");
                    let class_id = self
                        .client
                        .query::<Option<Position>>("collateral_vault", "position", pos)?
                        .map(|p| p.class_id)
                        .unwrap_or(0);
                    let keeper = ink_id(&s.address());
                    let before = self.stable_balance(keeper)?;
                    let gas =
                        match self
                            .client
                            .exec::<()>(&s, "liquidation_engine", "liquidate", pos)
                        {
                            Ok((_, gas)) => gas,
                            Err(DeployError::Contract {
                                contract,
                                message,
                                error,
                            }) if error == "LiquidationLimit" => {
                                // What it would have added, and what is in use.
                                let debt: u128 = self
                                    .client
                                    .query_ok("collateral_vault", "position_debt", pos)
                                    .unwrap_or(0);
                                let penalty = self
                                    .client
                                    .query::<Option<collateral_vault::Class>>(
                                        "collateral_vault",
                                        "class",
                                        class_id,
                                    )?
                                    .map(|c| c.params.liquidation_penalty)
                                    .and_then(|p| scf_interfaces::Wad(debt).mul_up(p).ok())
                                    .map(|w| w.0)
                                    .unwrap_or(0);
                                text += &format!(
                                    " (its debt + penalty, {}, would pass {})",
                                    money(debt.saturating_add(penalty)),
                                    self.limits_text(class_id)?
                                );
                                return Err(DeployError::Contract {
                                    contract,
                                    message,
                                    error,
                                });
                            }
                            Err(e) => return Err(e),
                        };
                    let reward = self.stable_balance(keeper)?.saturating_sub(before);
                    let liq: Option<Liquidation> =
                        self.client
                            .query("liquidation_engine", "liquidation", pos)?;
                    if let Some(l) = liq {
                        let (mut at_auction, mut in_recovery) = (Vec::new(), Vec::new());
                        for a in &l.assets {
                            match self.client.query::<Option<Auction>>(
                                "liquidation_engine",
                                "auction",
                                *a,
                            )? {
                                Some(au) => at_auction.push(format!(
                                    "#{a} from {} (reserve {})",
                                    money(au.start_price_wad),
                                    money(au.floor_wad)
                                )),
                                None => in_recovery.push(format!("#{a}")),
                            }
                        }
                        let list = |v: &Vec<String>| {
                            if v.is_empty() {
                                "none".to_string()
                            } else {
                                v.join(", ")
                            }
                        };
                        text += &format!(
                            " → to raise: debt {} + penalty {}; at auction: {}; in recovery: {}",
                            money(l.debt_remaining_wad),
                            money(l.penalty_remaining_wad),
                            list(&at_auction),
                            list(&in_recovery)
                        );
                    }
                    if reward > 0 {
                        text += &format!("; keeper reward {} {sym}", money(reward));
                    }
                    text += &format!("; in liquidation now: {}", self.limits_text(class_id)?);
                    Ok(gas)
                }
                "take" => {
                    // The buyer approves the liquidation engine (not the vault) for its limit; the
                    // engine sends the price to the vault (debt, penalty) and the owner (the rest).
                    let s = self.signer(n, step)?;
                    let id = self.asset(n, step)?;
                    let max_price = self.amount(n, step, "max_price", &step.max_price)?;
                    let price: Result<Option<u128>> =
                        self.client
                            .query_ok("liquidation_engine", "auction_price", id);
                    text = format!(
                        "{who} buys NFT #{id} at auction (price now {}, limit {})",
                        match price {
                            Ok(Some(p)) => money(p),
                            Ok(None) => "none: reserve or time reached".into(),
                            Err(DeployError::Contract { error, .. }) => {
                                format!("none: {error}")
                            }
                            Err(e) => e.to_string(),
                        },
                        money(max_price)
                    );
                    let engine = self.engine();
                    self.approve_stable_for(&s, engine, max_price)?;
                    self.client
                        .exec::<()>(&s, "liquidation_engine", "take", (id, max_price))
                        .map(|r| r.1)
                }
                "restart_auction" => {
                    // Resets an auction that reached its reserve or ran out of time, or sends an
                    // NFT in recovery that regained a value to auction (anyone may call).
                    let s = self.signer(n, step)?;
                    let id = self.asset(n, step)?;
                    let in_recovery = self
                        .client
                        .query::<Option<Recovery>>("liquidation_engine", "recovery", id)?
                        .is_some_and(|r| !r.written_off);
                    text = format!(
                        "{who} restarts the auction of NFT #{id}{}",
                        if in_recovery { " (from recovery)" } else { "" }
                    );
                    let gas = self
                        .client
                        .exec::<()>(&s, "liquidation_engine", "restart_auction", id)?
                        .1;
                    let auction: Option<Auction> =
                        self.client.query("liquidation_engine", "auction", id)?;
                    text += &match auction {
                        Some(a) => format!(
                            " → at auction from {}, reserve {}",
                            money(a.start_price_wad),
                            money(a.floor_wad)
                        ),
                        None => " → in recovery (worth 0 or unpriceable)".into(),
                    };
                    Ok(gas)
                }
                "dispute" => {
                    // The debtor disputes its invoice, up to the due date (PastDue after):
                    // through the vault while it is pledged, at the registry otherwise. A pledged
                    // invoice lends nothing from then on, but keeps its value for the liquidation
                    // check until the arbiter rules.
                    let s = self.signer(n, step)?;
                    let id = self.asset(n, step)?;
                    let owner: Option<ink::primitives::AccountId> = self.client.query(
                        "receivable_registry",
                        "PSP34::owner_of",
                        token_id(id),
                    )?;
                    let pledged = owner == Some(self.vault());
                    text = if pledged {
                        format!("{who} disputes pledged invoice NFT #{id} (through the vault: it lends nothing until the arbiter rules)")
                    } else {
                        format!("{who} disputes invoice NFT #{id}")
                    };
                    let contract = if pledged {
                        "collateral_vault"
                    } else {
                        "receivable_registry"
                    };
                    self.client
                        .exec::<()>(&s, contract, "dispute", id)
                        .map(|r| r.1)
                }
                "resolve_dispute" => {
                    let s = self.signer(n, step)?;
                    let id = self.asset(n, step)?;
                    let valid = step
                        .valid
                        .ok_or_else(|| self.bad(n, step, "missing `valid`".into()))?;
                    let in_recovery = self
                        .client
                        .query::<Option<Recovery>>("liquidation_engine", "recovery", id)?
                        .is_some_and(|r| !r.written_off);
                    text = format!(
                        "{who} (arbiter) rules disputed NFT #{id} {}",
                        match (valid, in_recovery) {
                            (true, false) => "valid: Confirmed again",
                            (true, true) => {
                                "valid: Confirmed again, its liquidation's penalty still owed"
                            }
                            (false, false) => "void: worth nothing from now on",
                            (false, true) => "void: worth nothing, it may be written off at once",
                        }
                    );
                    self.client
                        .exec::<()>(&s, "liquidation_engine", "resolve_dispute", (id, valid))
                        .map(|r| r.1)
                }
                "write_off" => {
                    let s = self.signer(n, step)?;
                    let id = self.asset(n, step)?;
                    text = format!("{who} writes off NFT #{id} in recovery");
                    let gas = self
                        .client
                        .exec::<()>(&s, "liquidation_engine", "write_off", id)?
                        .1;
                    let books: collateral_vault::Books =
                        self.client.query("collateral_vault", "books", ())?;
                    text += &format!(" → bad debt {} {sym}", money(books.bad_debt_wad));
                    Ok(gas)
                }
                "attest_arrival" => {
                    // The destination warehouse attests a shipment's arrival: through the vault
                    // while it is pledged (it stays pledged, now a warehouse receipt), through the
                    // registry otherwise.
                    let s = self.signer(n, step)?;
                    let id = self.asset(n, step)?;
                    let shipped = match self.registered(n, step, id)?.kind {
                        AssetKind::InTransit(t) => t.quantity_wad,
                        _ => {
                            return Err(self.bad(
                                n,
                                step,
                                format!("NFT #{id} is not goods in transit"),
                            ))
                        }
                    };
                    let quantity = match &step.quantity {
                        Some(_) => self.amount(n, step, "quantity", &step.quantity)?,
                        None => shipped,
                    };
                    let owner: Option<ink::primitives::AccountId> = self.client.query(
                        "receivable_registry",
                        "PSP34::owner_of",
                        token_id(id),
                    )?;
                    let pledged = owner == Some(self.vault());
                    text = format!(
                        "{who} attests arrival of NFT #{id}: {} of {} received{}",
                        crate::units::exact(quantity),
                        crate::units::exact(shipped),
                        if pledged {
                            " (pledged: through the vault, stays pledged)"
                        } else {
                            ""
                        }
                    );
                    let contract = if pledged {
                        "collateral_vault"
                    } else {
                        "receivable_registry"
                    };
                    self.client
                        .exec::<()>(&s, contract, "attest_arrival", (id, quantity))
                        .map(|r| r.1)
                }
                "watch" => {
                    // The attester the goods' terms name sets the lot's temperature limits
                    // (once), registers its device's key and binds it to the lot.
                    let (s, id, _, key, device, lo, hi) = self.device_step(n, step)?;
                    text = format!(
                        "{who} watches NFT #{id} with device 0x{}… (sr25519): {}–{} °C",
                        hex::encode(&device[..4]),
                        celsius_text(lo),
                        celsius_text(hi)
                    );
                    let has_limits: Option<condition_monitor::AssetCondition> =
                        self.client.query("condition_monitor", "condition", id)?;
                    if has_limits.is_none() {
                        let limits = condition_monitor::ConditionLimits {
                            temperature: Some((lo, hi)),
                            humidity: None,
                            shock: None,
                        };
                        self.client.exec::<()>(
                            &s,
                            "condition_monitor",
                            "set_limits",
                            (id, limits),
                        )?;
                    }
                    let known: Option<condition_monitor::Device> =
                        self.client
                            .query("condition_monitor", "device_of", device)?;
                    if known.is_none() {
                        self.client.exec::<condition_monitor::DeviceId>(
                            &s,
                            "condition_monitor",
                            "register_device",
                            key,
                        )?;
                    }
                    self.client
                        .exec::<()>(&s, "condition_monitor", "bind_device", (device, id))
                        .map(|r| r.1)
                }
                "report" => {
                    // The device signs its report of the last `hours` (default 1) and anyone
                    // relays it; the line says what it did to the lot's value.
                    let (s, id, sensor, _, device, lo, hi) = self.device_step(n, step)?;
                    let d: Option<condition_monitor::Device> =
                        self.client
                            .query("condition_monitor", "device_of", device)?;
                    let d = d.ok_or_else(|| {
                        self.bad(
                            n,
                            step,
                            "the device is not registered (a `watch` step first)".into(),
                        )
                    })?;
                    let now = self.client.backend.now_ms()?;
                    let window = step.hours.unwrap_or(1).saturating_mul(3_600_000);
                    let seal = step.seal_broken.unwrap_or(false);
                    let report = condition_monitor::ConditionReport {
                        report_id: blake2_256(
                            format!("{}:{}:{}", hex::encode(device), d.last_sequence + 1, now)
                                .as_bytes(),
                        ),
                        asset_id: id,
                        device,
                        sequence: d.last_sequence + 1,
                        window_start_ms: now.saturating_sub(window).max(d.last_end_ms),
                        window_end_ms: now,
                        measurements: vec![condition_monitor::Measurement {
                            kind: condition_monitor::MeasurementType::Temperature,
                            min: lo,
                            max: hi,
                            mean: lo / 2 + hi / 2,
                            uom: *b"CEL\0",
                        }],
                        alarms: if seal {
                            condition_monitor::ALARM_SEAL_BROKEN
                        } else {
                            0
                        },
                        location_gln: 4_012_345_000_009,
                    };
                    let monitor = ink_id(&self.client.addresses.condition_monitor);
                    let digest = condition_monitor::report_digest(&monitor, &report);
                    let sig = condition_monitor::DeviceSignature::Sr25519(sensor.sign(&digest).0);
                    let before = self.lot_value(id)?;
                    let r = self
                        .client
                        .exec::<()>(&s, "condition_monitor", "report", (report, sig))
                        .map(|r| r.1);
                    let after = self.lot_value(id)?;
                    text = format!(
                        "{who} relays device 0x{}…'s report on NFT #{id}: {}–{} °C{}{}",
                        hex::encode(&device[..4]),
                        celsius_text(lo),
                        celsius_text(hi),
                        if seal { ", SEAL BROKEN" } else { "" },
                        self.value_change(before, after)
                    );
                    r
                }
                "confirm_condition" => {
                    let s = self.signer(n, step)?;
                    let id = self.asset(n, step)?;
                    let before = self.lot_value(id)?;
                    let r = self
                        .client
                        .exec::<()>(&s, "condition_monitor", "confirm_condition", id)
                        .map(|r| r.1);
                    let after = self.lot_value(id)?;
                    text = format!(
                        "{who} inspects NFT #{id} and confirms its condition{}",
                        self.value_change(before, after)
                    );
                    r
                }
                "skim" => {
                    let s = self.signer(n, step)?;
                    let vault = self.vault();
                    let balance: u128 =
                        self.client
                            .query("stablecoin", "PSP22::balance_of", vault)?;
                    let books: collateral_vault::Books =
                        self.client.query("collateral_vault", "books", ())?;
                    text = format!(
                        "{who} skims the vault: {} {sym} held beyond the surplus of {}",
                        money(balance.saturating_sub(books.surplus_wad)),
                        money(books.surplus_wad)
                    );
                    self.client
                        .exec::<()>(&s, "collateral_vault", "skim", ())
                        .map(|r| r.1)
                }
                "withdraw_surplus" => {
                    let s = self.signer(n, step)?;
                    let to = self.account(n, step, "to", &step.to)?;
                    let amount = self.amount(n, step, "amount", &step.amount)?;
                    let buffer: u128 =
                        self.client
                            .query("collateral_vault", "surplus_buffer", ())?;
                    text = format!(
                        "{who} withdraws {} {sym} of surplus to {} (buffer kept: {})",
                        money(amount),
                        step.to.as_deref().unwrap_or("?"),
                        money(buffer)
                    );
                    self.client
                        .exec::<()>(
                            &s,
                            "collateral_vault",
                            "withdraw_surplus",
                            (ink_id(&to), amount),
                        )
                        .map(|r| r.1)
                }
                "pause" | "unpause" => {
                    let s = self.signer(n, step)?;
                    text = format!("{who} {}s the vault", step.action);
                    self.client
                        .exec::<()>(&s, "collateral_vault", &step.action, ())
                        .map(|r| r.1)
                }
                "advance" => {
                    let days = step.days.unwrap_or(0);
                    let hours = step.hours.unwrap_or(0);
                    let ms = days
                        .saturating_mul(MS_PER_DAY)
                        .saturating_add(hours.saturating_mul(3_600_000));
                    text = format!("time passes: {days} days {hours} hours");
                    self.client.backend.advance_ms(ms).map(|()| Gas::default())
                }
                other => Err(self.bad(n, step, format!("unknown action {other:?}"))),
            }
        })();
        (text, result)
    }

    /// What a `watch` or `report` step names: its signer, the NFT, the device (key pair, key,
    /// id) and the temperature range (thousandths of °C).
    #[allow(clippy::type_complexity)]
    fn device_step(
        &self,
        n: usize,
        step: &Step,
    ) -> Result<(
        Signer,
        AssetId,
        subxt_signer::sr25519::Keypair,
        condition_monitor::DeviceKey,
        condition_monitor::DeviceId,
        i32,
        i32,
    )> {
        let s = self.signer(n, step)?;
        let id = self.asset(n, step)?;
        let sensor = self.sensor(n, step)?;
        let lo = self.celsius(n, step, "temp_min", &step.temp_min)?;
        let hi = self.celsius(n, step, "temp_max", &step.temp_max)?;
        let key = condition_monitor::DeviceKey::Sr25519(sensor.public_key().0);
        let device = condition_monitor::device_id(&key);
        Ok((s, id, sensor, key, device, lo, hi))
    }

    /// A `device` secret URI's sr25519 key pair.
    fn sensor(&self, n: usize, step: &Step) -> Result<subxt_signer::sr25519::Keypair> {
        let uri = self.need(n, step, "device", &step.device)?;
        uri.parse::<subxt_signer::SecretUri>()
            .ok()
            .and_then(|u| subxt_signer::sr25519::Keypair::from_uri(&u).ok())
            .ok_or_else(|| self.bad(n, step, format!("`device`: {uri:?} is not a secret URI")))
    }

    /// A temperature in thousandths of a degree from decimal °C text ("-18", "27.5").
    fn celsius(&self, n: usize, step: &Step, field: &str, v: &Option<String>) -> Result<i32> {
        let t = self.need(n, step, field, v)?;
        let (neg, digits) = match t.strip_prefix('-') {
            Some(d) => (true, d),
            None => (false, t),
        };
        let milli = parse_wad(digits)
            .ok()
            .filter(|w| w % 1_000_000_000_000_000 == 0)
            .and_then(|w| i32::try_from(w / 1_000_000_000_000_000).ok())
            .ok_or_else(|| self.bad(n, step, format!("`{field}`: {t:?} is not °C to 0.001")))?;
        Ok(if neg { -milli } else { milli })
    }

    /// What the position holding NFT `id` is worth to lend against now (None: not pledged, or no
    /// price).
    fn lot_value(&mut self, id: AssetId) -> Result<Option<u128>> {
        let pledge: Option<collateral_vault::Pledge> =
            self.client.query("collateral_vault", "pledge", id)?;
        let Some(p) = pledge else { return Ok(None) };
        let v: std::result::Result<u128, collateral_vault::VaultError> =
            self.client
                .query("collateral_vault", "position_value", p.position_id)?;
        Ok(v.ok())
    }

    fn value_change(&self, before: Option<u128>, after: Option<u128>) -> String {
        match (before, after) {
            (Some(b), Some(a)) if a == b => {
                format!(" — its position still worth {} {}", money(a), self.symbol)
            }
            (Some(b), Some(0)) => format!(
                " — condition UNKNOWN: its position now worth 0 (was {} {})",
                money(b),
                self.symbol
            ),
            (Some(b), Some(a)) => format!(
                " — its position now worth {} {} (was {})",
                money(a),
                self.symbol,
                money(b)
            ),
            _ => String::new(),
        }
    }

    fn outcome(&mut self, title: &str, ok: usize, refused: usize) -> Result<Outcome> {
        let mut positions = Vec::new();
        for (name, id) in self.positions.clone() {
            let Some(p): Option<Position> =
                self.client.query("collateral_vault", "position", id)?
            else {
                continue;
            };
            let owner = self
                .signers
                .iter()
                .find(|(_, s)| ink_id(&s.address()) == p.owner)
                .map(|(n, _)| n.clone())
                .unwrap_or_else(|| ss58(AsRef::<[u8; 32]>::as_ref(&p.owner)));
            let class = self
                .manifest
                .classes
                .iter()
                .find(|c| c.id == p.class_id)
                .map(|c| c.name.clone())
                .unwrap_or_else(|| p.class_id.to_string());
            positions.push(PositionRow {
                name,
                id,
                owner,
                class,
                nfts: p.assets.len(),
                debt_wad: self
                    .client
                    .query_ok("collateral_vault", "position_debt", id)?,
                value_wad: self
                    .client
                    .query_ok("collateral_vault", "position_value", id)
                    .ok(),
                max_borrow_wad: self
                    .client
                    .query_ok("collateral_vault", "max_borrow", id)
                    .ok(),
            });
        }
        let mut balances = Vec::new();
        for (name, s) in self.signers.clone() {
            let who = ink_id(&s.address());
            balances.push(BalanceRow {
                actor: name,
                address: ss58(&s.address()),
                stable_wad: self.client.query("stablecoin", "PSP22::balance_of", who)?,
                nfts: self
                    .client
                    .query("receivable_registry", "PSP34::balance_of", who)?,
            });
        }
        let books: collateral_vault::Books = self.client.query("collateral_vault", "books", ())?;
        Ok(Outcome {
            title: title.to_string(),
            steps_ok: ok,
            steps_refused_as_expected: refused,
            positions,
            balances,
            stable_supply_wad: self.client.query("stablecoin", "PSP22::total_supply", ())?,
            vault_surplus_wad: books.surplus_wad,
            bad_debt_wad: books.bad_debt_wad,
        })
    }
}

/// Thousandths of a degree as "27.5".
fn celsius_text(milli: i32) -> String {
    let sign = if milli < 0 { "-" } else { "" };
    let m = milli.unsigned_abs();
    let (whole, frac) = (m / 1_000, m % 1_000);
    if frac == 0 {
        format!("{sign}{whole}")
    } else {
        format!(
            "{sign}{whole}.{}",
            format!("{frac:03}").trim_end_matches('0')
        )
    }
}

/// An NFT's terms in a few words: "50,000.00 USD, due 60 days after issue".
fn describe_terms(kind: &AssetKind) -> String {
    let symbol = crate::status::key_symbol;
    match kind {
        AssetKind::Invoice(t) => format!(
            "{} {}, due {} days after issue",
            money(t.face_value_wad),
            symbol(&t.currency),
            t.due_date_ms.saturating_sub(t.issue_date_ms) / MS_PER_DAY
        ),
        AssetKind::WarehouseReceipt(t) => format!(
            "{} {} in store",
            crate::units::exact(t.quantity_wad),
            symbol(&t.commodity)
        ),
        AssetKind::InTransit(t) => format!(
            "{} {} in transit",
            crate::units::exact(t.quantity_wad),
            symbol(&t.commodity)
        ),
    }
}

pub fn render(o: &Outcome, symbol: &str) -> String {
    let mut s = format!(
        "\n{} steps done, {} refused as expected.\n\nPositions\n| position | id | owner | class | NFTs | debt ({symbol}) | collateral value | can still borrow |\n|---|---:|---|---|---:|---:|---:|---:|\n",
        o.steps_ok, o.steps_refused_as_expected
    );
    let opt = |v: Option<u128>| v.map(money).unwrap_or_else(|| "-".into());
    for p in &o.positions {
        s += &format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} |\n",
            p.name,
            p.id,
            p.owner,
            p.class,
            p.nfts,
            money(p.debt_wad),
            opt(p.value_wad),
            opt(p.max_borrow_wad)
        );
    }
    s += &format!("\nBalances\n| actor | address | {symbol} | NFTs held |\n|---|---|---:|---:|\n");
    for b in &o.balances {
        s += &format!(
            "| {} | {} | {} | {} |\n",
            b.actor,
            b.address,
            money(b.stable_wad),
            b.nfts
        );
    }
    s += &format!(
        "\n{symbol} supply {}, vault surplus (fees and penalties) {}, bad debt {}\n",
        money(o.stable_supply_wad),
        money(o.vault_surplus_wad),
        money(o.bad_debt_wad)
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use parity_scale_codec::Encode;

    /// The hash a confirm step binds is the registry's: BLAKE2b-256 of the SCALE encoding of
    /// `(originator, kind)`, and any term changes it.
    #[test]
    fn terms_hash_is_blake2_of_the_scale_encoded_originator_and_terms() {
        let originator = ink::primitives::AccountId::from([1; 32]);
        let terms = InvoiceTerms {
            face_value_wad: 50_000 * scf_interfaces::WAD,
            currency: price_key("USD"),
            debtor: ink::primitives::AccountId::from([2; 32]),
            issue_date_ms: 1_000,
            due_date_ms: 1_000 + 60 * MS_PER_DAY,
            document_hash: [7; 32],
        };
        let kind = AssetKind::Invoice(terms.clone());
        assert_eq!(
            terms_hash(&originator, &kind),
            blake2_256(&(originator, kind.clone()).encode())
        );
        let later = AssetKind::Invoice(InvoiceTerms {
            due_date_ms: terms.due_date_ms + 1,
            ..terms
        });
        assert_ne!(
            terms_hash(&originator, &kind),
            terms_hash(&originator, &later)
        );
        let other = ink::primitives::AccountId::from([3; 32]);
        assert_ne!(terms_hash(&originator, &kind), terms_hash(&other, &kind));
    }
}
