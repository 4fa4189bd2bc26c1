//! `deploy`: upload the five codes, instantiate (the liquidation engine last: it takes the vault's
//! and the stablecoin's addresses), wire minter / custodian / liquidation engine (each can be sent
//! only once; the vault trusts the engine, and only it, with seizing, selling and returning
//! collateral: `collateral_vault.set_liquidation_engine`), then apply the network file's
//! attesters, price keys (each `set_key` followed by `add_reporter` for each of the key's own
//! reporters) and collateral classes (each `add_class` followed by `set_class_price_keys`), the
//! vault's surplus buffer and max price age, the engine's arbiter, recovery parameters (auction
//! cusp, recovery period), keeper reward (tip, chip) and liquidation limits (overall, then per
//! class) — each when set — then its underwriters (granted by the deployer, the vault's admin) and
//! debtors (approved by the first underwriter, which signs with its own key). Each step is
//! reported as it runs and recorded in the manifest, which is rewritten after every step.
use crate::artifacts::{Artifacts, SUITE};
use crate::backend::{ss58, Address, Backend, Gas, Signer};
use crate::client::{ink_id, Addresses, Client};
use crate::config::Config;
use crate::error::{DeployError, Result};
use crate::manifest::{ClassEntry, DebtorEntry, FacetEntry, Manifest, StepRecord};
use crate::progress::Progress;
use std::collections::BTreeMap;

pub fn run(
    backend: &mut dyn Backend,
    cfg: &Config,
    artifacts: &Artifacts,
    deployer: &Signer,
    salt: Vec<u8>,
) -> Result<Manifest> {
    let mut manifest = Manifest {
        network: cfg.name.clone(),
        chain: backend.chain_name()?,
        genesis_hash: backend.genesis_hash()?,
        target: backend.target(),
        deployer: ss58(&deployer.address()),
        deployed_at_ms: backend.now_ms()?,
        complete: false,
        failed_step: None,
        error: None,
        contracts: BTreeMap::new(),
        vault_facets: BTreeMap::new(),
        engine_facets: BTreeMap::new(),
        classes: Vec::new(),
        price_keys: cfg.keys.iter().map(|k| k.symbol.clone()).collect(),
        unit_key: cfg.unit_symbol.clone(),
        underwriters: Vec::new(),
        debtors: Vec::new(),
        explorer: cfg.explorer.clone(),
        steps: Vec::new(),
    };
    backend.ensure_funded(&deployer.address())?;
    let free = backend.free_balance(&deployer.address())?;
    if free == 0 {
        return Err(DeployError::InsufficientBalance {
            account: ss58(&deployer.address()),
            free,
            what: "deploying the suite (fees and storage deposits)".into(),
        });
    }
    // Uploads and instantiations, then minter, custodian and liquidation engine.
    let total = 2 * SUITE.len()
        + crate::artifacts::VAULT_FACETS.len()
        + crate::artifacts::ENGINE_FACETS.len()
        + 3
        + cfg.attesters.len()
        + cfg
            .keys
            .iter()
            .map(|k| 1 + k.reporters.len())
            .sum::<usize>()
        + 2 * cfg.classes.len()
        + cfg.classes.iter().filter(|c| c.condition.is_some()).count()
        + 2 * cfg.classes.iter().filter(|c| c.grades.is_some()).count()
        + usize::from(cfg.surplus_buffer_wad.is_some())
        + usize::from(cfg.max_price_age_ms.is_some())
        + usize::from(cfg.arbiter.is_some())
        + usize::from(cfg.recovery_params.is_some())
        + usize::from(cfg.keeper_reward.is_some())
        + usize::from(cfg.liquidation_limit_wad.is_some())
        + cfg
            .classes
            .iter()
            .filter(|c| c.liquidation_limit_wad.is_some())
            .count()
        + cfg.underwriters.len()
        + cfg.debtors.len();
    let mut progress = Progress::new(total);
    let result = steps(
        backend,
        cfg,
        artifacts,
        deployer,
        salt,
        &mut manifest,
        &mut progress,
    );
    match result {
        Ok(()) => {
            manifest.complete = true;
            manifest.write(&cfg.manifest_path)?;
            backend.persist()?;
            Ok(manifest)
        }
        Err((step, e)) => {
            progress.failed(&e);
            manifest.failed_step = Some(step);
            manifest.error = Some(e.to_string());
            manifest.write(&cfg.manifest_path)?;
            backend.persist()?;
            Err(e)
        }
    }
}

type StepResult<T> = std::result::Result<T, (String, DeployError)>;

/// Runs one step: progress line, the action, its record in the manifest (written to disk).
fn step<T>(
    manifest: &mut Manifest,
    cfg: &Config,
    progress: &mut Progress,
    name: String,
    action: impl FnOnce(&mut Manifest) -> Result<(T, Gas)>,
) -> StepResult<T> {
    progress.start(&name);
    let (v, gas) = action(manifest).map_err(|e| (name.clone(), e))?;
    progress.done(&gas);
    manifest.steps.push(StepRecord {
        step: name.clone(),
        gas,
    });
    manifest.write(&cfg.manifest_path).map_err(|e| (name, e))?;
    Ok(v)
}

/// Refuses code the chain stored under another hash than the artifact's (step `what`).
fn stored_as_built(what: String, stored: [u8; 32], built: [u8; 32]) -> StepResult<()> {
    if stored == built {
        return Ok(());
    }
    let why = format!(
        "the chain stored code hash 0x{} but the artifact's is 0x{}",
        hex::encode(stored),
        hex::encode(built)
    );
    Err((what.clone(), DeployError::Dispatch { what, why }))
}

fn steps(
    backend: &mut dyn Backend,
    cfg: &Config,
    artifacts: &Artifacts,
    deployer: &Signer,
    salt: Vec<u8>,
    manifest: &mut Manifest,
    progress: &mut Progress,
) -> StepResult<()> {
    let mut hashes = BTreeMap::new();
    for name in SUITE {
        let a = artifacts.get(name);
        let label = format!("upload {name} ({} bytes)", a.wasm.len());
        let hash = step(manifest, cfg, progress, label, |_| {
            backend.upload(deployer, &a.wasm)
        })?;
        stored_as_built(format!("upload {name}"), hash, a.code_hash)?;
        hashes.insert(name, hash);
    }
    // The vault's and the engine's facets: code the router at each address delegate-calls.
    // Uploaded like the contracts, checked the same way, and named to the constructors, in
    // `FACET_GROUPS` order (that of `Facets::from_hashes`).
    // `recorded` names the manifest's list of the contract's facets.
    type Recorded = fn(&mut Manifest) -> &mut BTreeMap<String, FacetEntry>;
    let mut upload_facets = |contract: &str,
                             facets: &[crate::artifacts::Facet],
                             recorded: Recorded,
                             manifest: &mut Manifest| {
        let mut hashes = Vec::new();
        for f in facets {
            let what = format!("upload {contract} facet {}", f.group);
            let label = format!("{what} ({} bytes)", f.wasm.len());
            let hash = step(manifest, cfg, progress, label, |m| {
                let out = backend.upload(deployer, &f.wasm)?;
                recorded(m).insert(
                    f.group.to_string(),
                    Manifest::facet(&f.code_hash, f.wasm.len()),
                );
                Ok(out)
            })?;
            stored_as_built(what, hash, f.code_hash)?;
            hashes.push(ink::primitives::Hash::from(hash));
        }
        Ok(hashes)
    };
    let vault_facets = upload_facets(
        "collateral_vault",
        &artifacts.facets,
        |m| &mut m.vault_facets,
        manifest,
    )?;
    let engine_facets = upload_facets(
        "liquidation_engine",
        &artifacts.engine_facets,
        |m| &mut m.engine_facets,
        manifest,
    )?;
    // `load` read exactly one facet per group.
    let facets = collateral_vault::Facets::from_hashes(
        vault_facets.try_into().expect("one vault facet per group"),
    );
    let engine_facets = liquidation_engine::Facets::from_hashes(
        engine_facets
            .try_into()
            .expect("one engine facet per group"),
    );
    let me = ink_id(&deployer.address());
    let mut instantiate = |name: &str, data: Result<Vec<u8>>, manifest: &mut Manifest| {
        let a = artifacts.get(name);
        step(
            manifest,
            cfg,
            progress,
            format!("instantiate {name}"),
            |m| {
                let (addr, gas) =
                    backend.instantiate(deployer, hashes[name], data?, salt.clone())?;
                m.contracts.insert(
                    name.to_string(),
                    Manifest::entry(&addr, &a.code_hash, &a.metadata_path, a.wasm.len()),
                );
                Ok((addr, gas))
            },
        )
    };
    let oracle: Address = instantiate(
        "price_oracle",
        artifacts.get("price_oracle").constructor_data("new", ()),
        manifest,
    )?;
    let registry = instantiate(
        "receivable_registry",
        artifacts
            .get("receivable_registry")
            .constructor_data("new", ()),
        manifest,
    )?;
    // The monitor asks the registry who the attesters are and which lot names which.
    let monitor = instantiate(
        "condition_monitor",
        artifacts
            .get("condition_monitor")
            .constructor_data("new", ink_id(&registry)),
        manifest,
    )?;
    // The pricer reads the registry's payment records and the oracle's scores; the deployer is its
    // admin and its risk desk.
    let pricer = instantiate(
        "credit_pricer",
        artifacts
            .get("credit_pricer")
            .constructor_data("new", (ink_id(&registry), ink_id(&oracle))),
        manifest,
    )?;
    // The deployer is the stablecoin's minter until the vault exists.
    let stable = instantiate(
        "stablecoin",
        artifacts.get("stablecoin").constructor_data(
            "new",
            (
                Some(cfg.stable_name.clone()),
                Some(cfg.stable_symbol.clone()),
                me,
            ),
        ),
        manifest,
    )?;
    let vault = instantiate(
        "collateral_vault",
        artifacts.get("collateral_vault").constructor_data(
            "new",
            (
                ink_id(&stable),
                ink_id(&registry),
                ink_id(&oracle),
                ink_id(&cfg.guardian),
                cfg.global_debt_ceiling_wad,
                cfg.unit_key,
                facets,
                collateral_vault::DataSources {
                    condition_monitor: Some(ink_id(&monitor)),
                    credit_pricer: Some(ink_id(&pricer)),
                },
            ),
        ),
        manifest,
    )?;
    // The engine knows the vault it drives and the stablecoin its buyers pay in; its admin is the
    // deployer.
    let engine = instantiate(
        "liquidation_engine",
        artifacts
            .get("liquidation_engine")
            .constructor_data("new", (ink_id(&vault), ink_id(&stable), engine_facets)),
        manifest,
    )?;
    let mut client = Client {
        backend,
        artifacts,
        addresses: Addresses {
            price_oracle: oracle,
            receivable_registry: registry,
            condition_monitor: monitor,
            credit_pricer: pricer,
            stablecoin: stable,
            collateral_vault: vault,
            liquidation_engine: engine,
        },
    };
    let mut wire = |manifest: &mut Manifest,
                    progress: &mut Progress,
                    name: String,
                    contract: &str,
                    label: &str,
                    args: Vec<u8>| {
        step(manifest, cfg, progress, name, |_| {
            client
                .exec::<()>(deployer, contract, label, RawArgs(args))
                .map_err(explain_set_once)
        })
    };
    use parity_scale_codec::Encode;
    // Each of the three wiring calls is accepted once (MinterAlreadySet, CustodianAlreadySet,
    // EngineAlreadySet after): the vault mints, holds the NFTs, and trusts this engine alone with
    // its custody, for good. (Its condition monitor and credit pricer were fixed at its
    // construction.)
    wire(
        manifest,
        progress,
        "stablecoin.set_minter(vault)".into(),
        "stablecoin",
        "set_minter",
        ink_id(&vault).encode(),
    )?;
    wire(
        manifest,
        progress,
        "receivable_registry.set_custodian(vault)".into(),
        "receivable_registry",
        "set_custodian",
        ink_id(&vault).encode(),
    )?;
    wire(
        manifest,
        progress,
        "collateral_vault.set_liquidation_engine(liquidation_engine)".into(),
        "collateral_vault",
        "set_liquidation_engine",
        ink_id(&engine).encode(),
    )?;
    for a in &cfg.attesters {
        wire(
            manifest,
            progress,
            format!("receivable_registry.grant_attester({})", ss58(a)),
            "receivable_registry",
            "grant_attester",
            ink_id(a).encode(),
        )?;
    }
    // Reporters are trusted per key, and a key must exist before its reporters are added.
    for k in &cfg.keys {
        wire(
            manifest,
            progress,
            format!(
                "price_oracle.set_key({}: max age {} ms, quorum {}, move quorum {}, max move {} bps, anchor interval {} ms)",
                k.symbol,
                k.max_age_ms,
                k.quorum,
                k.move_quorum,
                k.max_deviation_bps,
                k.anchor_interval_ms
            ),
            "price_oracle",
            "set_key",
            (
                k.key,
                k.max_age_ms,
                k.quorum,
                k.max_deviation_bps,
                k.anchor_interval_ms,
                k.move_quorum,
            )
                .encode(),
        )?;
        for r in &k.reporters {
            wire(
                manifest,
                progress,
                format!("price_oracle.add_reporter({}, {})", k.symbol, ss58(r)),
                "price_oracle",
                "add_reporter",
                (k.key, ink_id(r)).encode(),
            )?;
        }
    }
    // Each class, then the price keys it accepts (a class that lists none accepts no NFT).
    for c in &cfg.classes {
        let id: u32 = step(
            manifest,
            cfg,
            progress,
            format!("collateral_vault.add_class({})", c.name),
            |_| client.exec::<u32>(deployer, "collateral_vault", "add_class", &c.params),
        )?;
        manifest.classes.push(ClassEntry {
            id,
            name: c.name.clone(),
            kind: format!("{:?}", c.params.kind),
            price_keys: Vec::new(),
        });
        let symbols: Vec<String> = c.price_keys.iter().map(|(s, _)| s.clone()).collect();
        let keys: Vec<scf_interfaces::PriceKey> = c.price_keys.iter().map(|(_, k)| *k).collect();
        step(
            manifest,
            cfg,
            progress,
            format!(
                "collateral_vault.set_class_price_keys({}: {})",
                c.name,
                symbols.join(", ")
            ),
            |m| {
                let r = client.exec::<()>(
                    deployer,
                    "collateral_vault",
                    "set_class_price_keys",
                    (id, keys),
                )?;
                if let Some(e) = m.classes.iter_mut().find(|e| e.id == id) {
                    e.price_keys = symbols.clone();
                }
                Ok(r)
            },
        )?;
        if let Some((bounds, table)) = c.grades {
            step(
                manifest,
                cfg,
                progress,
                format!(
                    "credit_pricer.set_class_bounds({}: advance ≤ {}, discount {}–{})",
                    c.name,
                    crate::units::exact(bounds.max_advance_wad),
                    crate::units::exact(bounds.min_discount_wad),
                    crate::units::exact(bounds.max_discount_wad)
                ),
                |_| {
                    client.exec::<()>(
                        deployer,
                        "credit_pricer",
                        "set_class_bounds",
                        (id, Some(bounds)),
                    )
                },
            )?;
            step(
                manifest,
                cfg,
                progress,
                format!(
                    "credit_pricer.set_grade_table({}: A {} … D {})",
                    c.name,
                    crate::units::exact(table.a.advance_wad),
                    crate::units::exact(table.d.advance_wad)
                ),
                |_| {
                    client.exec::<()>(
                        deployer,
                        "credit_pricer",
                        "set_grade_table",
                        (id, Some(table)),
                    )
                },
            )?;
        }
        if let Some((haircut_wad, max_silence_ms)) = c.condition {
            let policy = condition_monitor::ClassPolicy {
                haircut_wad,
                max_silence_ms,
            };
            step(
                manifest,
                cfg,
                progress,
                format!(
                    "condition_monitor.set_class_policy({}: haircut {}, silence {} min)",
                    c.name,
                    crate::units::money(haircut_wad),
                    max_silence_ms / 60_000
                ),
                |_| {
                    client.exec::<()>(
                        deployer,
                        "condition_monitor",
                        "set_class_policy",
                        (id, Some(policy)),
                    )
                },
            )?;
        }
    }
    // The vault's own settings, when the file sets them.
    if let Some(buffer) = cfg.surplus_buffer_wad {
        step(
            manifest,
            cfg,
            progress,
            format!(
                "collateral_vault.set_surplus_buffer({})",
                crate::units::money(buffer)
            ),
            |_| client.exec::<()>(deployer, "collateral_vault", "set_surplus_buffer", buffer),
        )?;
    }
    if let Some(ms) = cfg.max_price_age_ms {
        step(
            manifest,
            cfg,
            progress,
            format!("collateral_vault.set_max_price_age({ms} ms)"),
            |_| client.exec::<()>(deployer, "collateral_vault", "set_max_price_age", ms),
        )?;
    }
    // The engine's own settings, when the file sets them (the deployer is the engine's admin).
    if let Some(arbiter) = &cfg.arbiter {
        step(
            manifest,
            cfg,
            progress,
            format!("liquidation_engine.set_arbiter({})", ss58(arbiter)),
            |_| {
                client.exec::<()>(
                    deployer,
                    "liquidation_engine",
                    "set_arbiter",
                    ink_id(arbiter),
                )
            },
        )?;
    }
    if let Some((cusp, period_ms)) = cfg.recovery_params {
        step(
            manifest,
            cfg,
            progress,
            format!(
                "liquidation_engine.set_recovery_params(auction cusp {}, recovery period {} day{})",
                crate::units::exact(cusp),
                period_ms / crate::units::MS_PER_DAY,
                if period_ms == crate::units::MS_PER_DAY {
                    ""
                } else {
                    "s"
                }
            ),
            |_| {
                client.exec::<()>(
                    deployer,
                    "liquidation_engine",
                    "set_recovery_params",
                    (cusp, period_ms),
                )
            },
        )?;
    }
    if let Some((tip, chip)) = cfg.keeper_reward {
        step(
            manifest,
            cfg,
            progress,
            format!(
                "liquidation_engine.set_keeper_reward(tip {}, chip {} % of the debt)",
                crate::units::money(tip),
                crate::units::percent(chip)
            ),
            |_| {
                client.exec::<()>(
                    deployer,
                    "liquidation_engine",
                    "set_keeper_reward",
                    (tip, chip),
                )
            },
        )?;
    }
    // The liquidation limits (MakerDAO's Hole and hole): the most debt + penalty at auction or in
    // recovery at once, overall and per class.
    if let Some(limit) = cfg.liquidation_limit_wad {
        step(
            manifest,
            cfg,
            progress,
            format!(
                "liquidation_engine.set_liquidation_limit({})",
                crate::units::money(limit)
            ),
            |_| {
                client.exec::<()>(
                    deployer,
                    "liquidation_engine",
                    "set_liquidation_limit",
                    limit,
                )
            },
        )?;
    }
    for c in &cfg.classes {
        let Some(limit) = c.liquidation_limit_wad else {
            continue;
        };
        let Some(id) = manifest
            .classes
            .iter()
            .find(|e| e.name == c.name)
            .map(|e| e.id)
        else {
            continue; // every class was added above, or the deployment stopped there
        };
        step(
            manifest,
            cfg,
            progress,
            format!(
                "liquidation_engine.set_class_liquidation_limit({}: {})",
                c.name,
                crate::units::money(limit)
            ),
            |_| {
                client.exec::<()>(
                    deployer,
                    "liquidation_engine",
                    "set_class_liquidation_limit",
                    (id, limit),
                )
            },
        )?;
    }
    // Underwriting: the admin grants the role; an underwriter approves each debtor with its limit.
    let mut underwriters = Vec::new();
    for suri in &cfg.underwriters {
        let u = Signer::from_suri(suri).map_err(|e| ("underwriting".to_string(), e))?;
        let who = ss58(&u.address());
        step(
            manifest,
            cfg,
            progress,
            format!("collateral_vault.grant_underwriter({who})"),
            |m| {
                let r = client.exec::<()>(
                    deployer,
                    "collateral_vault",
                    "grant_underwriter",
                    ink_id(&u.address()),
                )?;
                m.underwriters.push(who.clone());
                Ok(r)
            },
        )?;
        underwriters.push(u);
    }
    if let Some(u) = underwriters.first() {
        client
            .backend
            .ensure_funded(&u.address())
            .map_err(|e| ("underwriting".to_string(), e))?;
    }
    for (debtor, limit) in &cfg.debtors {
        let Some(u) = underwriters.first() else {
            break; // refused by Config::check: debtors need an underwriter
        };
        let who = ss58(debtor);
        step(
            manifest,
            cfg,
            progress,
            format!(
                "collateral_vault.approve_debtor({who}, credit limit {}) by underwriter {}",
                crate::units::money(*limit),
                ss58(&u.address())
            ),
            |m| {
                let r = client.exec::<()>(
                    u,
                    "collateral_vault",
                    "approve_debtor",
                    (ink_id(debtor), *limit),
                )?;
                m.debtors.push(DebtorEntry {
                    account: who.clone(),
                    credit_limit_wad: *limit,
                });
                Ok(r)
            },
        )?;
    }
    Ok(())
}

/// The wiring is set once: `set_minter`, `set_custodian` and `set_liquidation_engine` refuse a
/// second call. Such a refusal (a re-run against contracts already wired, a partial deployment
/// resumed by hand) says so, and what to do, after the contract's own error.
pub fn explain_set_once(e: DeployError) -> DeployError {
    let DeployError::Contract {
        contract,
        message,
        error,
    } = e
    else {
        return e;
    };
    let why = match error.as_str() {
        "MinterAlreadySet" => Some(
            "the stablecoin's minter can be set once, and it already is: no admin key can \
             re-point minting",
        ),
        "CustodianAlreadySet" => Some(
            "the registry's custodian can be set once, and it already is: no admin key can make \
             pledged NFTs look unpledged",
        ),
        "EngineAlreadySet" => Some(
            "the vault's liquidation engine can be set once, and it already is: no admin key can \
             hand its custody to another",
        ),
        _ => None,
    };
    let error = match why {
        Some(why) => format!(
            "{error} ({why}; this suite is wired for good — deploy a new one, e.g. with another \
             --salt, rather than re-wiring it)"
        ),
        None => error,
    };
    DeployError::Contract {
        contract,
        message,
        error,
    }
}

/// Arguments already SCALE-encoded.
pub struct RawArgs(pub Vec<u8>);

impl parity_scale_codec::Encode for RawArgs {
    fn size_hint(&self) -> usize {
        self.0.len()
    }
    fn encode_to<T: parity_scale_codec::Output + ?Sized>(&self, dest: &mut T) {
        dest.write(&self.0);
    }
}
