//! `status`: reads a deployment back from the chain — addresses and code hashes (checked against
//! the manifest), the wiring, parameters, totals, and the liquidations the engine is running.
use crate::backend::{parse_account, ss58};
use crate::client::Client;
use crate::error::Result;
use crate::manifest::Manifest;
use crate::units::{exact, money, percent};
use collateral_vault::{Books, Class, DebtorLine};
use liquidation_engine::{Auction, Liquidation, Recovery};
use price_oracle::{KeyConfig, KeyState};
use scf_interfaces::{price_key, PaymentRecord, PriceData, Ray, RAY, SECONDS_PER_YEAR, WAD};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Status {
    pub network: String,
    pub chain: String,
    pub target: String,
    pub complete: bool,
    pub now_ms: u64,
    pub contracts: Vec<ContractStatus>,
    pub stablecoin: StableStatus,
    /// Who mints, who holds the NFTs, who liquidates: each set once, so final once set.
    pub wiring: WiringStatus,
    pub vault: VaultStatus,
    pub liquidation_engine: EngineStatus,
    pub classes: Vec<ClassStatus>,
    pub oracle: OracleStatus,
    pub underwriting: UnderwritingStatus,
    /// Liquidations in progress: what each must still raise, and where each of its NFTs is.
    pub liquidations: Vec<LiquidationStatus>,
    pub registry_nfts: u128,
}

/// The suite's wiring, each link set once (`set_minter`, `set_custodian`,
/// `set_liquidation_engine`): once it points at this deployment's contract it is final.
#[derive(Debug, Serialize)]
pub struct WiringStatus {
    /// The stablecoin's minter is this deployment's vault. The stablecoin does not say whether
    /// `set_minter` was sent, but only it could have named the vault (the constructor's minter is
    /// the deployer, the vault did not exist yet), and it can be sent once: final.
    pub minter_is_vault: bool,
    /// The registry's custodian (`custodian()`); none: `set_custodian` not sent yet.
    pub custodian: Option<String>,
    /// It is this deployment's vault (set once: final).
    pub custodian_is_vault: bool,
    /// The vault's liquidation engine is this deployment's engine (set once: final).
    pub engine_is_ours: bool,
    /// All three point at this deployment's contracts: no admin key can re-point them.
    pub is_final: bool,
}

/// A liquidation in progress (the engine's `liquidation(position)`), with each NFT at auction or
/// in recovery.
#[derive(Debug, Serialize)]
pub struct LiquidationStatus {
    pub position_id: u64,
    pub owner: String,
    pub class_id: u32,
    #[serde(serialize_with = "crate::units::json_string::serialize")]
    pub debt_remaining_wad: u128,
    #[serde(serialize_with = "crate::units::json_string::serialize")]
    pub penalty_remaining_wad: u128,
    /// What it counts against the engine's liquidation limits (its debt and penalty remaining).
    #[serde(serialize_with = "crate::units::json_string::serialize")]
    pub dirt_wad: u128,
    /// The liquidation debt the vault records for the position (`liquidation_debt(position)`:
    /// seized debt and keeper reward, less what sales repaid): it still counts against the class
    /// ceiling and the debtor's line, and becomes bad debt if the liquidation ends short.
    #[serde(serialize_with = "crate::units::json_opt_string::serialize")]
    pub vault_liquidation_debt_wad: Option<u128>,
    /// NFTs at auction (no recovery record).
    pub at_auction: Vec<u128>,
    /// Those auctions (the engine's `auction(asset)` and `auction_price(asset)`).
    pub auctions: Vec<AuctionStatus>,
    /// NFTs in recovery: worth 0 or unpriceable when liquidated, never auctioned.
    pub in_recovery: Vec<RecoveryStatus>,
}

/// A Dutch auction the engine is running.
#[derive(Debug, Serialize)]
pub struct AuctionStatus {
    pub asset_id: u128,
    #[serde(serialize_with = "crate::units::json_string::serialize")]
    pub start_price_wad: u128,
    /// The reserve: it never sells below it.
    #[serde(serialize_with = "crate::units::json_string::serialize")]
    pub floor_wad: u128,
    pub started_at_ms: u64,
    pub duration_ms: u64,
    /// What `take` costs now; none once the price reached the reserve or the time ran out (then
    /// it needs `restart_auction`).
    #[serde(serialize_with = "crate::units::json_opt_string::serialize")]
    pub price_wad: Option<u128>,
}

#[derive(Debug, Serialize)]
pub struct RecoveryStatus {
    pub asset_id: u128,
    pub since_ms: u64,
    /// The arbiter voided the invoice: it may be written off at once.
    pub dispute_upheld: bool,
    /// When `write_off` becomes possible (at once if the dispute was upheld).
    pub write_off_from_ms: u64,
}

/// The underwriters and debtors the deployment set up (from the manifest), read from the chain.
#[derive(Debug, Serialize)]
pub struct UnderwritingStatus {
    pub underwriters: Vec<UnderwriterStatus>,
    pub debtors: Vec<DebtorStatus>,
}

#[derive(Debug, Serialize)]
pub struct UnderwriterStatus {
    pub account: String,
    /// Still holds the role on chain.
    pub active: bool,
}

#[derive(Debug, Serialize)]
pub struct DebtorStatus {
    pub account: String,
    /// Has a credit line on chain (false: never approved, as far as the vault knows).
    pub approved: bool,
    pub suspended: bool,
    #[serde(serialize_with = "crate::units::json_opt_string::serialize")]
    pub credit_limit_wad: Option<u128>,
    /// Debt drawn against its invoices now, every class and supplier, seized debt still being
    /// liquidated included (`debtor_exposure`): what its credit limit bounds.
    #[serde(serialize_with = "crate::units::json_opt_string::serialize")]
    pub exposure_wad: Option<u128>,
    /// Written-off debt of liquidations of its facilities, part of its exposure until an
    /// underwriter clears it (`debtor_losses`, `clear_debtor_losses`).
    #[serde(with = "crate::units::json_string")]
    pub losses_wad: u128,
    pub settled_on_time: u32,
    pub settled_late: u32,
    pub days_late_total: u64,
    pub max_days_late: u32,
    pub defaulted: u32,
    pub unresolved_defaults: u32,
    pub disputed: u32,
}

#[derive(Debug, Serialize)]
pub struct ContractStatus {
    pub name: String,
    pub address: String,
    pub code_hash: String,
    /// The chain's code hash for the address equals the manifest's.
    pub code_matches: bool,
}

#[derive(Debug, Serialize)]
pub struct StableStatus {
    pub name: Option<String>,
    pub symbol: Option<String>,
    #[serde(serialize_with = "crate::units::json_string::serialize")]
    pub total_supply_wad: u128,
    pub minter: String,
}

#[derive(Debug, Serialize)]
pub struct VaultStatus {
    pub admin: String,
    pub guardian: String,
    pub paused: bool,
    #[serde(serialize_with = "crate::units::json_string::serialize")]
    pub global_debt_ceiling_wad: u128,
    /// The oracle key of the stablecoin's own unit: invoices in it settle 1:1.
    pub unit_key: String,
    pub positions: u64,
    #[serde(serialize_with = "crate::units::json_string::serialize")]
    pub surplus_wad: u128,
    #[serde(serialize_with = "crate::units::json_string::serialize")]
    pub auction_debt_wad: u128,
    #[serde(serialize_with = "crate::units::json_string::serialize")]
    pub bad_debt_wad: u128,
    /// Surplus `withdraw_surplus` always leaves in the vault.
    #[serde(serialize_with = "crate::units::json_string::serialize")]
    pub surplus_buffer_wad: u128,
    /// The oldest oracle answer the vault accepts.
    pub max_price_age_ms: u64,
    /// The one account the vault lets seize, sell and return collateral (`liquidation_engine()`);
    /// none: not set yet, so nothing can be liquidated.
    pub liquidation_engine: Option<String>,
}

/// The liquidation engine: who runs it, what it drives, and its parameters.
#[derive(Debug, Serialize)]
pub struct EngineStatus {
    pub admin: String,
    /// The vault and stablecoin it was instantiated with (`contracts()`).
    pub vault: String,
    pub stablecoin: String,
    /// It drives this deployment's vault and stablecoin, and the vault names it as its engine.
    pub wired: bool,
    /// Resolves disputes over pledged invoices (`recovery_params`); none: unset.
    pub arbiter: Option<String>,
    /// An auction's reserve as a fraction of its start price (wad: 0.4 = 40 %).
    #[serde(serialize_with = "crate::units::json_string::serialize")]
    pub auction_cusp_wad: u128,
    /// How long an NFT in recovery waits before a write-off.
    pub recovery_period_ms: u64,
    /// The keeper's reward per liquidation (`keeper_reward`): tip + chip × debt, out of the
    /// penalty.
    #[serde(serialize_with = "crate::units::json_string::serialize")]
    pub keeper_tip_wad: u128,
    #[serde(serialize_with = "crate::units::json_string::serialize")]
    pub keeper_chip_wad: u128,
    /// The most debt + penalty at auction or in recovery at once, across all classes
    /// (`liquidation_limits`: MakerDAO's `Hole`); none: no limit (the engine's default).
    #[serde(serialize_with = "crate::units::json_opt_string::serialize")]
    pub liquidation_limit_wad: Option<u128>,
    /// What counts against it now: the debt + penalty the liquidations in progress must raise.
    #[serde(serialize_with = "crate::units::json_string::serialize")]
    pub liquidation_in_use_wad: u128,
}

#[derive(Debug, Serialize)]
pub struct ClassStatus {
    pub id: u32,
    pub name: String,
    pub kind: String,
    #[serde(serialize_with = "crate::units::json_string::serialize")]
    pub liquidation_ratio_wad: u128,
    #[serde(serialize_with = "crate::units::json_string::serialize")]
    pub fee_per_second_ray: u128,
    /// The fee compounded over 365 days, as a fraction in wad (0.05 = 5 %).
    #[serde(serialize_with = "crate::units::json_string::serialize")]
    pub fee_per_year_wad: u128,
    #[serde(serialize_with = "crate::units::json_string::serialize")]
    pub liquidation_penalty_wad: u128,
    #[serde(serialize_with = "crate::units::json_string::serialize")]
    pub debt_ceiling_wad: u128,
    #[serde(serialize_with = "crate::units::json_string::serialize")]
    pub dust_wad: u128,
    #[serde(serialize_with = "crate::units::json_string::serialize")]
    pub debtor_limit_wad: u128,
    /// Σ normalised debt × rate, at the last accrual.
    #[serde(serialize_with = "crate::units::json_string::serialize")]
    pub debt_wad: u128,
    /// The price keys the class accepts (`class_price_keys`); NFTs with another key are refused.
    pub price_keys: Vec<String>,
    /// The class's own liquidation limit (`liquidation_limits(class)`: MakerDAO's `hole`); none:
    /// only the overall limit applies.
    #[serde(serialize_with = "crate::units::json_opt_string::serialize")]
    pub liquidation_limit_wad: Option<u128>,
    /// What counts against it now: the class's liquidations' debt + penalty remaining.
    #[serde(serialize_with = "crate::units::json_string::serialize")]
    pub liquidation_in_use_wad: u128,
    /// Grace after the due date (expected arrival) over which the value declines to 0.
    pub grace_period_ms: u64,
}

#[derive(Debug, Serialize)]
pub struct OracleStatus {
    pub keys: Vec<KeyStatus>,
}

/// A price key as the oracle has it: its rules, its own reporters and its state.
#[derive(Debug, Serialize)]
pub struct KeyStatus {
    pub symbol: String,
    /// The reporters trusted for this key (SS58).
    pub reporters: Vec<String>,
    pub max_age_ms: u64,
    pub quorum: u8,
    /// Reporters needed to accept a move beyond the guard; fewer suspend the key.
    pub move_quorum: u8,
    pub max_deviation_bps: u32,
    pub anchor_interval_ms: u64,
    pub paused: bool,
    /// A move beyond the guard awaits a move quorum: `price` answers `KeySuspended`.
    pub suspended: bool,
    /// The guard's centre: the answer as it stood when the current window started.
    #[serde(serialize_with = "crate::units::json_opt_string::serialize")]
    pub anchor_price_wad: Option<u128>,
    pub window_start_ms: Option<u64>,
    /// The standing answer, fresh or not (`latest_answer`): the lower middle value, what
    /// collateral is lent against.
    #[serde(serialize_with = "crate::units::json_opt_string::serialize")]
    pub latest_price_wad: Option<u128>,
    /// Its upper middle value (equal for an odd count of reports): what debtors pay and what
    /// decides liquidations.
    #[serde(serialize_with = "crate::units::json_opt_string::serialize")]
    pub latest_upper_wad: Option<u128>,
    pub updated_at_ms: Option<u64>,
}

pub fn read(manifest: &Manifest, client: &mut Client) -> Result<Status> {
    let mut contracts = Vec::new();
    for (name, entry) in &manifest.contracts {
        let addr = client.addresses.of(name);
        let on_chain = client.backend.code_hash_at(&addr)?;
        contracts.push(ContractStatus {
            name: name.clone(),
            address: entry.address.clone(),
            code_hash: entry.code_hash.clone(),
            code_matches: on_chain.map(|h| format!("0x{}", hex::encode(h)))
                == Some(entry.code_hash.clone()),
        });
    }
    let account = |a: ink::primitives::AccountId| ss58(AsRef::<[u8; 32]>::as_ref(&a));
    let stablecoin = StableStatus {
        name: client.query("stablecoin", "PSP22Metadata::token_name", ())?,
        symbol: client.query("stablecoin", "PSP22Metadata::token_symbol", ())?,
        total_supply_wad: client.query("stablecoin", "PSP22::total_supply", ())?,
        minter: account(client.query("stablecoin", "StablecoinMinter::minter", ())?),
    };
    let books: Books = client.query("collateral_vault", "books", ())?;
    let vault_engine: Option<ink::primitives::AccountId> =
        client.query("collateral_vault", "liquidation_engine", ())?;
    let custodian: Option<ink::primitives::AccountId> =
        client.query("receivable_registry", "ReceivableRegistry::custodian", ())?;
    let ours = client.addresses;
    let our = |a: &crate::backend::Address| crate::client::ink_id(a);
    let minter_is_vault =
        client.query::<ink::primitives::AccountId>("stablecoin", "StablecoinMinter::minter", ())?
            == our(&ours.collateral_vault);
    let custodian_is_vault = custodian == Some(our(&ours.collateral_vault));
    let engine_is_ours = vault_engine == Some(our(&ours.liquidation_engine));
    let wiring = WiringStatus {
        minter_is_vault,
        custodian: custodian.map(account),
        custodian_is_vault,
        engine_is_ours,
        is_final: minter_is_vault && custodian_is_vault && engine_is_ours,
    };
    let vault = VaultStatus {
        admin: account(client.query("collateral_vault", "admin", ())?),
        guardian: account(client.query("collateral_vault", "guardian", ())?),
        paused: books.paused,
        global_debt_ceiling_wad: client.query("collateral_vault", "global_debt_ceiling", ())?,
        unit_key: key_symbol(&client.query("collateral_vault", "unit_key", ())?),
        positions: books.position_count,
        surplus_wad: books.surplus_wad,
        auction_debt_wad: books.auction_debt_wad,
        bad_debt_wad: books.bad_debt_wad,
        surplus_buffer_wad: client.query("collateral_vault", "surplus_buffer", ())?,
        max_price_age_ms: client.query("collateral_vault", "max_price_age", ())?,
        liquidation_engine: vault_engine.map(account),
    };
    let (arbiter, auction_cusp_wad, recovery_period_ms): (
        Option<ink::primitives::AccountId>,
        u128,
        u64,
    ) = client.query("liquidation_engine", "recovery_params", ())?;
    let (keeper_tip_wad, keeper_chip_wad): (u128, u128) =
        client.query("liquidation_engine", "keeper_reward", ())?;
    let (engine_vault, engine_stable): (ink::primitives::AccountId, ink::primitives::AccountId) =
        client.query("liquidation_engine", "contracts", ())?;
    // The overall limit and its use read the same through any class.
    let (hole, dirt, _, _): (u128, u128, Option<u128>, u128) =
        client.query("liquidation_engine", "liquidation_limits", 0u32)?;
    let a = client.addresses;
    let engine = EngineStatus {
        admin: account(client.query("liquidation_engine", "admin", ())?),
        vault: account(engine_vault),
        stablecoin: account(engine_stable),
        wired: engine_vault == crate::client::ink_id(&a.collateral_vault)
            && engine_stable == crate::client::ink_id(&a.stablecoin)
            && vault_engine == Some(crate::client::ink_id(&a.liquidation_engine)),
        arbiter: arbiter.map(account),
        auction_cusp_wad,
        recovery_period_ms,
        keeper_tip_wad,
        keeper_chip_wad,
        liquidation_limit_wad: (hole
            != liquidation_engine::constants::DEFAULT_LIQUIDATION_LIMIT_WAD)
            .then_some(hole),
        liquidation_in_use_wad: dirt,
    };
    // One query per position (and per NFT of a liquidation): cheap for a deployment's positions;
    // a large live vault would want an indexer of the engine's `Liquidated` events instead.
    let mut liquidations = Vec::new();
    for id in 1..=books.position_count.min(MAX_POSITIONS_READ) {
        let Some(l): Option<Liquidation> = client.query("liquidation_engine", "liquidation", id)?
        else {
            continue;
        };
        let vault_liquidation_debt_wad: Option<u128> =
            client.query("collateral_vault", "liquidation_debt", id)?;
        let mut row = LiquidationStatus {
            position_id: id,
            owner: account(l.owner),
            class_id: l.class_id,
            debt_remaining_wad: l.debt_remaining_wad,
            penalty_remaining_wad: l.penalty_remaining_wad,
            dirt_wad: l.dirt_wad,
            vault_liquidation_debt_wad,
            at_auction: Vec::new(),
            auctions: Vec::new(),
            in_recovery: Vec::new(),
        };
        for asset in l.assets {
            match client.query::<Option<Recovery>>("liquidation_engine", "recovery", asset)? {
                Some(r) => row.in_recovery.push(RecoveryStatus {
                    asset_id: asset,
                    since_ms: r.since_ms,
                    dispute_upheld: r.dispute_upheld,
                    // Fixed when the recovery started (a later change of the period does not
                    // move it); at once for a voided invoice.
                    write_off_from_ms: if r.dispute_upheld {
                        r.since_ms
                    } else {
                        r.write_off_at_ms
                    },
                }),
                None => {
                    row.at_auction.push(asset);
                    let auction: Option<Auction> =
                        client.query("liquidation_engine", "auction", asset)?;
                    if let Some(au) = auction {
                        let price: Option<u128> = client
                            .query_ok("liquidation_engine", "auction_price", asset)
                            .unwrap_or(None);
                        row.auctions.push(AuctionStatus {
                            asset_id: asset,
                            start_price_wad: au.start_price_wad,
                            floor_wad: au.floor_wad,
                            started_at_ms: au.started_at_ms,
                            duration_ms: au.duration_ms,
                            price_wad: price,
                        });
                    }
                }
            }
        }
        liquidations.push(row);
    }
    let mut classes = Vec::new();
    // Bounded: a vault holds at most MAX_CLASSES (16) classes.
    for id in 0..books.class_count {
        let Some(c): Option<Class> = client.query("collateral_vault", "class", id)? else {
            continue;
        };
        let name = manifest
            .classes
            .iter()
            .find(|e| e.id == id)
            .map(|e| e.name.clone())
            .unwrap_or_else(|| format!("class {id}"));
        let price_keys: Vec<scf_interfaces::PriceKey> =
            client.query("collateral_vault", "class_price_keys", id)?;
        let (_, _, class_limit, class_in_use): (u128, u128, Option<u128>, u128) =
            client.query("liquidation_engine", "liquidation_limits", id)?;
        let year = c
            .params
            .stability_fee_per_second
            .pow(SECONDS_PER_YEAR)
            .unwrap_or(Ray(RAY));
        classes.push(ClassStatus {
            id,
            name,
            kind: format!("{:?}", c.params.kind),
            liquidation_ratio_wad: c.params.liquidation_ratio.0,
            fee_per_second_ray: c.params.stability_fee_per_second.0,
            fee_per_year_wad: year.0.saturating_sub(RAY) / (RAY / WAD),
            liquidation_penalty_wad: c.params.liquidation_penalty.0,
            debt_ceiling_wad: c.params.debt_ceiling_wad,
            dust_wad: c.params.dust_wad,
            debtor_limit_wad: c.params.debtor_limit_wad,
            debt_wad: c
                .state
                .rate
                .mul_wad_up(c.state.total_art)
                .unwrap_or(u128::MAX),
            price_keys: price_keys.iter().map(key_symbol).collect(),
            liquidation_limit_wad: class_limit,
            liquidation_in_use_wad: class_in_use,
            grace_period_ms: c.params.grace_period_ms,
        });
    }
    let mut keys = Vec::new();
    for symbol in &manifest.price_keys {
        let key = price_key(symbol);
        let Some(k): Option<KeyConfig> = client.query("price_oracle", "key_config", key)? else {
            continue;
        };
        let latest: Option<PriceData> = client.query("price_oracle", "latest_answer", key)?;
        let state: Option<KeyState> = client.query("price_oracle", "key_state", key)?;
        let reporters: Vec<ink::primitives::AccountId> =
            client.query("price_oracle", "reporters", key)?;
        keys.push(KeyStatus {
            symbol: symbol.clone(),
            reporters: reporters.into_iter().map(account).collect(),
            max_age_ms: k.max_age_ms,
            quorum: k.quorum,
            move_quorum: k.move_quorum,
            max_deviation_bps: k.max_deviation_bps,
            anchor_interval_ms: k.anchor_interval_ms,
            paused: k.paused,
            suspended: state.as_ref().is_some_and(|s| s.suspended),
            anchor_price_wad: state.as_ref().and_then(|s| s.anchor_wad),
            window_start_ms: state
                .as_ref()
                .filter(|s| s.anchor_wad.is_some())
                .map(|s| s.window_start_ms),
            latest_price_wad: latest.as_ref().map(|p| p.price_wad),
            latest_upper_wad: latest.as_ref().map(|p| p.upper_wad),
            updated_at_ms: latest.map(|p| p.updated_at_ms),
        });
    }
    let mut underwriting = UnderwritingStatus {
        underwriters: Vec::new(),
        debtors: Vec::new(),
    };
    for u in &manifest.underwriters {
        let who = ink::primitives::AccountId::from(parse_account(u)?);
        underwriting.underwriters.push(UnderwriterStatus {
            account: u.clone(),
            active: client.query("collateral_vault", "is_underwriter", who)?,
        });
    }
    for d in &manifest.debtors {
        let who = ink::primitives::AccountId::from(parse_account(&d.account)?);
        let line: Option<DebtorLine> = client.query("collateral_vault", "debtor_line", who)?;
        let record: PaymentRecord = client.query(
            "receivable_registry",
            "ReceivableRegistry::payment_record",
            who,
        )?;
        underwriting.debtors.push(DebtorStatus {
            account: d.account.clone(),
            approved: line.is_some(),
            suspended: line.as_ref().is_some_and(|l| l.suspended),
            credit_limit_wad: line.as_ref().map(|l| l.credit_limit_wad),
            exposure_wad: client
                .query_ok("collateral_vault", "debtor_exposure", who)
                .ok(),
            losses_wad: client.query("collateral_vault", "debtor_losses", who)?,
            settled_on_time: record.settled_on_time,
            settled_late: record.settled_late,
            days_late_total: record.days_late_total,
            max_days_late: record.max_days_late,
            defaulted: record.defaulted,
            unresolved_defaults: record.unresolved_defaults,
            disputed: record.disputed,
        });
    }
    Ok(Status {
        network: manifest.network.clone(),
        chain: manifest.chain.clone(),
        target: manifest.target.clone(),
        complete: manifest.complete,
        now_ms: backend_now(client)?,
        contracts,
        stablecoin,
        wiring,
        vault,
        liquidation_engine: engine,
        classes,
        oracle: OracleStatus { keys },
        underwriting,
        liquidations,
        registry_nfts: client.query("receivable_registry", "PSP34::total_supply", ())?,
    })
}

/// `status` reads at most this many positions for liquidations in progress.
const MAX_POSITIONS_READ: u64 = 1_000;

/// A price key's symbol (its bytes up to the first zero).
pub fn key_symbol(k: &scf_interfaces::PriceKey) -> String {
    let end = k.iter().position(|b| *b == 0).unwrap_or(k.len());
    String::from_utf8_lossy(&k[..end]).into_owned()
}

fn backend_now(client: &mut Client) -> Result<u64> {
    client.backend.now_ms()
}

pub fn render(s: &Status) -> String {
    let mut o = String::new();
    let yes = |b: bool| if b { "yes" } else { "NO" };
    o += &format!(
        "deployment {:?} on {} ({}), complete: {}\n\n",
        s.network,
        s.chain,
        s.target,
        yes(s.complete)
    );
    o += "| contract | address | code hash | code on chain matches |\n|---|---|---|---|\n";
    for c in &s.contracts {
        o += &format!(
            "| {} | {} | {} | {} |\n",
            c.name,
            c.address,
            c.code_hash,
            yes(c.code_matches)
        );
    }
    o += &format!(
        "\nstablecoin {} ({}): total supply {}, minter {}\n",
        s.stablecoin.name.as_deref().unwrap_or("?"),
        s.stablecoin.symbol.as_deref().unwrap_or("?"),
        money(s.stablecoin.total_supply_wad),
        s.stablecoin.minter
    );
    let w = &s.wiring;
    o += &format!(
        "wiring (each link set once): minter {}, custodian {}, liquidation engine {} — {}\n",
        if w.minter_is_vault {
            "the vault (final)"
        } else {
            "NOT the vault (set_minter not sent)"
        },
        match (&w.custodian, w.custodian_is_vault) {
            (_, true) => "the vault (final)".to_string(),
            (None, _) => "none (set_custodian not sent)".to_string(),
            (Some(c), false) => format!("{c}, NOT this vault (final)"),
        },
        if w.engine_is_ours {
            "this deployment's (final)"
        } else {
            "NOT this deployment's"
        },
        if w.is_final {
            "final: no admin key can re-point them"
        } else {
            "NOT final"
        }
    );
    let v = &s.vault;
    o += &format!(
        "vault: admin {}, guardian {}, paused {}, global debt ceiling {}, unit {}, max price age {} s\n       positions {}, surplus {} (buffer {}), debt at auction {}, bad debt {}\n",
        v.admin, v.guardian, if v.paused { "yes" } else { "no" }, money(v.global_debt_ceiling_wad), v.unit_key,
        v.max_price_age_ms / 1000,
        v.positions, money(v.surplus_wad), money(v.surplus_buffer_wad), money(v.auction_debt_wad), money(v.bad_debt_wad)
    );
    let e = &s.liquidation_engine;
    o += &format!(
        "liquidation engine: admin {}, drives vault {}{}\n       arbiter {}, auction reserve (cusp) {} % of the start price, recovery period {}\n       keeper reward: tip {} + chip {} % of the debt, out of the penalty\n       liquidation limit {}, in use {} (debt + penalty at auction or in recovery)\n",
        e.admin,
        e.vault,
        if e.wired {
            " (the vault's engine: wired)"
        } else {
            match &v.liquidation_engine {
                None => " — NOT WIRED: the vault has no liquidation engine",
                Some(_) => " — NOT WIRED: the vault trusts another engine, or it drives another vault",
            }
        },
        e.arbiter.as_deref().unwrap_or("none"),
        percent(e.auction_cusp_wad),
        exact_days(e.recovery_period_ms),
        money(e.keeper_tip_wad),
        percent(e.keeper_chip_wad),
        e.liquidation_limit_wad
            .map(money)
            .unwrap_or_else(|| "none".into()),
        money(e.liquidation_in_use_wad)
    );
    o += "\n| class | kind | liquidation ratio | fee / year | penalty | debt ceiling | dust | per-debtor limit | debt | grace | liquidation limit (in use) | price keys |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n";
    for c in &s.classes {
        o += &format!(
            "| {} {} | {} | {} | {} % | {} % | {} | {} | {} | {} | {} | {} ({}) | {} |\n",
            c.id,
            c.name,
            c.kind,
            exact(c.liquidation_ratio_wad),
            percent(c.fee_per_year_wad),
            percent(c.liquidation_penalty_wad),
            money(c.debt_ceiling_wad),
            money(c.dust_wad),
            money(c.debtor_limit_wad),
            money(c.debt_wad),
            if c.kind == "WarehouseReceipt" {
                "-".to_string() // stored goods are not valued by time
            } else {
                exact_days(c.grace_period_ms)
            },
            c.liquidation_limit_wad
                .map(money)
                .unwrap_or_else(|| "none".into()),
            money(c.liquidation_in_use_wad),
            if c.price_keys.is_empty() {
                "none (accepts no NFT)".to_string()
            } else {
                c.price_keys.join(", ")
            }
        );
    }
    o += "\noracle keys:\n| key | quorum / move quorum | max age | max move | anchor interval | paused | suspended | anchor | latest price | age |\n|---|---:|---:|---:|---:|---|---|---:|---:|---:|\n";
    for k in &s.oracle.keys {
        let age = k
            .updated_at_ms
            .map(|t| format!("{} s", s.now_ms.saturating_sub(t) / 1000))
            .unwrap_or_else(|| "-".into());
        o += &format!(
            "| {} | {} / {} | {} s | {} bps | {} s | {} | {} | {} | {} | {} |\n",
            k.symbol,
            k.quorum,
            k.move_quorum,
            k.max_age_ms / 1000,
            k.max_deviation_bps,
            k.anchor_interval_ms / 1000,
            if k.paused { "yes" } else { "no" },
            if k.suspended { "YES" } else { "no" },
            k.anchor_price_wad.map(exact).unwrap_or_else(|| "-".into()),
            match (k.latest_price_wad, k.latest_upper_wad) {
                (None, _) => "none yet".into(),
                (Some(p), Some(u)) if u != p => format!("{} – {}", exact(p), exact(u)),
                (Some(p), _) => exact(p),
            },
            age
        );
    }
    for k in &s.oracle.keys {
        o += &format!(
            "{} reporters: {}\n",
            k.symbol,
            if k.reporters.is_empty() {
                "none".to_string()
            } else {
                k.reporters.join(", ")
            }
        );
    }
    let u = &s.underwriting;
    o += &format!(
        "\nunderwriters: {}\n",
        if u.underwriters.is_empty() {
            "none".to_string()
        } else {
            u.underwriters
                .iter()
                .map(|w| format!("{}{}", w.account, if w.active { "" } else { " (revoked)" }))
                .collect::<Vec<_>>()
                .join(", ")
        }
    );
    if !u.debtors.is_empty() {
        o += "| debtor | line | credit limit | exposure (seized debt and losses included) | losses written off (to clear) | settled on time | settled late (days late: total, max) | defaulted (unresolved) | disputed |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n";
        for d in &u.debtors {
            let opt = |v: Option<u128>| v.map(money).unwrap_or_else(|| "-".into());
            o += &format!(
                "| {} | {} | {} | {} | {} | {} | {} ({}, {}) | {} ({}) | {} |\n",
                d.account,
                match (d.approved, d.suspended) {
                    (false, _) => "not approved",
                    (true, true) => "suspended",
                    (true, false) => "active",
                },
                opt(d.credit_limit_wad),
                opt(d.exposure_wad),
                money(d.losses_wad),
                d.settled_on_time,
                d.settled_late,
                d.days_late_total,
                d.max_days_late,
                d.defaulted,
                d.unresolved_defaults,
                d.disputed
            );
        }
    }
    if s.liquidations.is_empty() {
        o += "\nliquidations in progress: none\n";
    } else {
        o += "\nliquidations in progress:\n| position | owner | debt to raise | penalty to raise | vault's liquidation debt | NFTs at auction | NFTs in recovery |\n|---:|---|---:|---:|---:|---|---|\n";
        for l in &s.liquidations {
            let auctions = if l.at_auction.is_empty() {
                "-".to_string()
            } else {
                l.at_auction
                    .iter()
                    .map(|a| match l.auctions.iter().find(|x| x.asset_id == *a) {
                        Some(x) => match x.price_wad {
                            Some(p) => {
                                format!("#{a} (price {}, reserve {})", money(p), money(x.floor_wad))
                            }
                            None => format!("#{a} (reserve or time reached: restart)"),
                        },
                        None => format!("#{a}"),
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let rec = if l.in_recovery.is_empty() {
                "-".to_string()
            } else {
                l.in_recovery
                    .iter()
                    .map(|r| {
                        if r.dispute_upheld {
                            format!("#{} (dispute upheld: write-off now)", r.asset_id)
                        } else if s.now_ms >= r.write_off_from_ms {
                            format!("#{} (write-off possible)", r.asset_id)
                        } else {
                            format!(
                                "#{} (write-off in {})",
                                r.asset_id,
                                exact_days(r.write_off_from_ms - s.now_ms)
                            )
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            o += &format!(
                "| {} | {} | {} | {} | {} | {} | {} |\n",
                l.position_id,
                l.owner,
                money(l.debt_remaining_wad),
                money(l.penalty_remaining_wad),
                l.vault_liquidation_debt_wad
                    .map(money)
                    .unwrap_or_else(|| "-".into()),
                auctions,
                rec
            );
        }
    }
    o += &format!("\nreceivable registry: {} NFTs\n", s.registry_nfts);
    o
}

/// Milliseconds as days, up to two decimals ("90 days", "1 day", "1.5 days").
fn exact_days(ms: u64) -> String {
    let n = days_number(ms);
    if n == "1" {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

fn days_number(ms: u64) -> String {
    let hundredths = ms / (crate::units::MS_PER_DAY / 100);
    let (whole, frac) = (hundredths / 100, hundredths % 100);
    match frac {
        0 => whole.to_string(),
        f if f % 10 == 0 => format!("{whole}.{}", f / 10),
        f => format!("{whole}.{f:02}"),
    }
}
