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
use price_oracle::{KeyConfig, KeyState};
use scf_interfaces::{
    price_key, token_id, Asset, AssetId, AssetKind, GoodsTerms, InvoiceTerms, TransitTerms,
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
    /// `confirm`: the originator to confirm (default: the one who registered the NFT).
    pub originator: Option<String>,
    /// `resolve_dispute`: the arbiter's ruling (true: the invoice is valid; false: void).
    pub valid: Option<bool>,
    pub expect_error: Option<String>,
}

pub const ACTIONS: [&str; 28] = [
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

    /// Runs one step: a description for the log, and the outcome with the gas of its main call.
    fn step(&mut self, n: usize, step: &Step) -> (String, Result<Gas>) {
        let who = step.actor.clone().unwrap_or_default();
        let sym = self.symbol.clone();
        let mut text = format!("{who}: {}", step.action.replace('_', " "));
        let result = (|| -> Result<Gas> {
            match step.action.as_str() {
                "post_price" => {
                    let s = self.signer(n, step)?;
                    let key = self.need(n, step, "key", &step.key)?;
                    let price = self.amount(n, step, "price", &step.price)?;
                    text = format!("{who} reports {key} = {}", crate::units::exact(price));
                    let gas = self
                        .client
                        .exec::<()>(&s, "price_oracle", "submit", (price_key(key), price))?
                        .1;
                    // What the submission did to the key: the answer it stands at, or a
                    // suspension (a move beyond the guard that lacks a move quorum).
                    let state: Option<KeyState> =
                        self.client
                            .query("price_oracle", "key_state", price_key(key))?;
                    if let Some(st) = state {
                        if st.suspended {
                            let moves = self
                                .client
                                .query::<Option<KeyConfig>>(
                                    "price_oracle",
                                    "key_config",
                                    price_key(key),
                                )?
                                .map(|c| c.move_quorum.to_string())
                                .unwrap_or_else(|| "?".into());
                            text += &format!(
                                " → {key} SUSPENDED (a move beyond the guard needs {moves} reporters)"
                            );
                        } else if let Some(a) = st.answer {
                            text += &format!(" → answer {}", crate::units::exact(a.price_wad));
                        }
                    }
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
                    let (id, gas) =
                        self.client
                            .exec::<AssetId>(&s, "receivable_registry", "register", kind)?;
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
                    let (id, gas) =
                        self.client
                            .exec::<AssetId>(&s, "receivable_registry", "register", kind)?;
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
                    // The confirmer confirms exactly what it agreed to: the originator and the
                    // face value (invoice) or quantity (goods), by default as registered.
                    let s = self.signer(n, step)?;
                    let id = self.asset(n, step)?;
                    let asset = self.registered(n, step, id)?;
                    let (registered_amount, what) = match &asset.kind {
                        AssetKind::Invoice(t) => (t.face_value_wad, "face value"),
                        AssetKind::WarehouseReceipt(t) => (t.quantity_wad, "quantity"),
                        AssetKind::InTransit(t) => (t.quantity_wad, "quantity"),
                    };
                    let originator = match &step.originator {
                        Some(_) => {
                            ink_id(&self.account(n, step, "originator", &step.originator)?)
                        }
                        None => asset.originator,
                    };
                    let amount = match &step.amount {
                        Some(_) => self.amount(n, step, "amount", &step.amount)?,
                        None => registered_amount,
                    };
                    text = format!(
                        "{who} confirms NFT #{id}: originator {}, {what} {}",
                        self.name_of(&originator),
                        crate::units::exact(amount)
                    );
                    self.client
                        .exec::<()>(
                            &s,
                            "receivable_registry",
                            "confirm",
                            (id, originator, amount),
                        )
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
                    let s = self.signer(n, step)?;
                    let id = self.asset(n, step)?;
                    text = format!("{who} marks invoice NFT #{id} paid outside the vault");
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
                    // position, to the liquidation engine once a liquidation put it in recovery.
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
                    let amount = match &due {
                        Ok(v) => format!("{} {sym}", money(*v)),
                        Err(e) => e.to_string(),
                    };
                    let due = due.unwrap_or(terms.face_value_wad);
                    let Some(r) = recovery else {
                        text = format!(
                            "{who} pays invoice NFT #{id} ({} {currency} = {amount}) through the vault",
                            money(terms.face_value_wad),
                        );
                        self.approve_stable(&s, due)?;
                        return self
                            .client
                            .exec::<()>(&s, "collateral_vault", "settle", id)
                            .map(|r| r.1);
                    };
                    text = format!(
                        "{who} pays invoice NFT #{id} ({} {currency} = {amount}) in recovery{}, through the liquidation engine",
                        money(terms.face_value_wad),
                        if r.written_off { " (written off)" } else { "" }
                    );
                    // Where the money went: burned against the debt, kept as penalty, paid to the
                    // position's owner.
                    let vault = self.vault();
                    let supply: u128 =
                        self.client.query("stablecoin", "PSP22::total_supply", ())?;
                    let surplus = self.stable_balance(vault)?;
                    let owner_before = self.stable_balance(r.owner)?;
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
                    let to_owner = self.stable_balance(r.owner)?.saturating_sub(owner_before);
                    text += &format!(
                        " → {} repays {}debt, {} penalty to the vault, {} to {}",
                        money(burned),
                        if r.written_off { "bad " } else { "" },
                        money(kept),
                        money(to_owner),
                        self.name_of(&r.owner)
                    );
                    Ok(gas)
                }
                "liquidate" => {
                    // Through the liquidation engine: it has the vault seize the position, puts
                    // each NFT with a value to auction and each without one in recovery.
                    let s = self.signer(n, step)?;
                    let pos = self.position(n, step)?;
                    text = format!("{who} liquidates position #{pos}");
                    let keeper = ink_id(&s.address());
                    let before = self.stable_balance(keeper)?;
                    let gas = self
                        .client
                        .exec::<()>(&s, "liquidation_engine", "liquidate", pos)?
                        .1;
                    let reward = self.stable_balance(keeper)?.saturating_sub(before);
                    let liq: Option<Liquidation> =
                        self.client
                            .query("liquidation_engine", "liquidation", pos)?;
                    if let Some(l) = liq {
                        let mut in_recovery = 0;
                        for a in &l.assets {
                            let r: Option<Recovery> =
                                self.client.query("liquidation_engine", "recovery", *a)?;
                            in_recovery += usize::from(r.is_some());
                        }
                        text += &format!(
                            " → to raise: debt {} + penalty {}; {} NFT{} at auction, {} in recovery",
                            money(l.debt_remaining_wad),
                            money(l.penalty_remaining_wad),
                            l.assets.len() - in_recovery,
                            if l.assets.len() - in_recovery == 1 { "" } else { "s" },
                            in_recovery
                        );
                    }
                    if reward > 0 {
                        text += &format!("; keeper reward {} {sym}", money(reward));
                    }
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
                    // The debtor disputes its pledged invoice through the vault.
                    let s = self.signer(n, step)?;
                    let id = self.asset(n, step)?;
                    text = format!("{who} disputes pledged invoice NFT #{id}");
                    self.client
                        .exec::<()>(&s, "collateral_vault", "dispute", id)
                        .map(|r| r.1)
                }
                "resolve_dispute" => {
                    let s = self.signer(n, step)?;
                    let id = self.asset(n, step)?;
                    let valid = step
                        .valid
                        .ok_or_else(|| self.bad(n, step, "missing `valid`".into()))?;
                    text = format!(
                        "{who} (arbiter) rules disputed NFT #{id} {}",
                        if valid {
                            "valid: Confirmed again"
                        } else {
                            "void: it may be written off"
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
