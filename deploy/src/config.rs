//! A network file (`deploy/networks/*.toml`): where to deploy and the suite's parameters.
//! Unknown keys are refused, and every value is checked before anything is sent to a chain.
use crate::backend::{parse_account, Address};
use crate::error::{DeployError, Result};
use crate::units::{parse_wad, MS_PER_DAY};
use collateral_vault::constants::{
    MAX_GRACE_PERIOD_MS, MAX_KEYS_PER_CLASS, MAX_PRICE_AGE_MS, MIN_GRACE_PERIOD_MS,
    MIN_PRICE_AGE_MS,
};
use collateral_vault::ClassParams;
use liquidation_engine::constants::{
    DEFAULT_AUCTION_CUSP_WAD, DEFAULT_RECOVERY_PERIOD_MS, MAX_AUCTION_CUSP_WAD, MAX_CHIP_WAD,
    MAX_RECOVERY_PERIOD_MS, MAX_TIP_WAD, MIN_AUCTION_CUSP_WAD, MIN_RECOVERY_PERIOD_MS,
};
use price_oracle::data::{MAX_GUARD_BPS, MIN_QUORUM};
use price_oracle::MAX_REPORTERS;
use scf_interfaces::{price_key, AssetKindCode, PriceKey, Ray, Wad, WAD};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkFile {
    pub network: Network,
    pub stablecoin: StablecoinCfg,
    pub vault: VaultCfg,
    #[serde(default)]
    pub liquidation_engine: EngineCfg,
    #[serde(default)]
    pub registry: RegistryCfg,
    pub oracle: OracleCfg,
    #[serde(default)]
    pub underwriting: UnderwritingCfg,
    #[serde(rename = "class", default)]
    pub classes: Vec<ClassCfg>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Network {
    pub name: String,
    /// `"sandbox"` (the embedded chain) or `"live"` (a node at `url`).
    pub target: String,
    pub url: Option<String>,
    /// The deployer's secret URI (`//Alice` on a dev chain). `--suri` overrides it.
    pub deployer: String,
    /// Sandbox only: native balance minted to every account the tool signs with ("0": none).
    pub sandbox_funding: Option<String>,
    /// Where the manifest is written, relative to this file.
    pub manifest: String,
    /// Sandbox only: where the chain state is kept between commands, relative to this file.
    pub sandbox_state: Option<String>,
    /// A block explorer's page for a transaction, `https://…/{hash}`: written to the manifest
    /// for the dApp's links.
    pub explorer: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StablecoinCfg {
    pub name: String,
    pub symbol: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VaultCfg {
    pub global_debt_ceiling: String,
    /// May pause the vault. A secret URI or an SS58 address.
    pub guardian: String,
    /// The oracle key of the stablecoin's own unit (e.g. "TUSD"): invoices in it settle 1:1 and
    /// need no price; any other currency is priced by the oracle.
    pub unit_key: String,
    /// Surplus `withdraw_surplus` always leaves in the vault (decimal). Unset: not sent (0).
    pub surplus_buffer: Option<String>,
    /// The oldest oracle answer the vault accepts, 60 000 to 86 400 000 ms. Unset: not sent (the
    /// vault's default, an hour).
    pub max_price_age_ms: Option<u64>,
    /// Moved to `[liquidation_engine]`: accepted here only to say so.
    pub arbiter: Option<toml::Value>,
    /// Moved to `[liquidation_engine]`.
    pub auction_cusp: Option<toml::Value>,
    /// Moved to `[liquidation_engine]`.
    pub recovery_period_days: Option<toml::Value>,
}

/// `[liquidation_engine]`: the engine's own settings, each sent by the deployer (its admin) when
/// set. The engine is always deployed and wired (`collateral_vault.set_liquidation_engine`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EngineCfg {
    /// Resolves disputes over pledged invoices (`set_arbiter`). A secret URI or an SS58
    /// address. Unset: not sent (no arbiter: disputes stay unresolved).
    pub arbiter: Option<String>,
    /// An auction's reserve as a fraction of its start price, 0.05 to 0.95 (decimal). Unset: the
    /// engine's default, 0.4.
    pub auction_cusp: Option<String>,
    /// How long an NFT in recovery waits before a write-off, 1 to 730 days. Unset: the engine's
    /// default, 90 days.
    pub recovery_period_days: Option<u64>,
    /// The keeper's flat reward per liquidation (MakerDAO's `tip`), 0 to 10 000 (decimal,
    /// stablecoin units). Unset: 0.
    pub keeper_tip: Option<String>,
    /// The keeper's reward as a fraction of the liquidated debt (MakerDAO's `chip`), 0 to 0.05.
    /// Unset: 0. Tip + chip × debt is paid out of the liquidation's penalty, never more than it.
    pub keeper_chip: Option<String>,
    /// The most debt + penalty that may be at auction or in recovery at once, across all classes
    /// (MakerDAO's `Hole`), decimal. A liquidation that would take it past this is refused
    /// (`LiquidationLimit`) until sales bring it down. Unset: not sent (no limit).
    pub liquidation_limit: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnderwritingCfg {
    /// Accounts the admin makes underwriters. Secret URIs: the first one signs the approvals below.
    #[serde(default)]
    pub underwriters: Vec<String>,
    /// Debtors (buyers) whose invoices may serve as collateral, each with its credit limit.
    #[serde(rename = "debtor", default)]
    pub debtors: Vec<DebtorCfg>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DebtorCfg {
    /// A secret URI or an SS58 address.
    pub account: String,
    /// The most debt that may be drawn against its invoices, across every class and supplier.
    pub credit_limit: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistryCfg {
    /// Warehouses and carriers allowed to attest goods.
    #[serde(default)]
    pub attesters: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OracleCfg {
    /// The reporters of every key that does not list its own.
    #[serde(default)]
    pub reporters: Vec<String>,
    #[serde(rename = "key", default)]
    pub keys: Vec<KeyCfg>,
}

/// One `[[oracle.key]]`: the arguments of `price_oracle.set_key`, and the key's reporters.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyCfg {
    pub symbol: String,
    pub max_age_ms: u64,
    /// Distinct fresh reporters needed to form an answer.
    pub quorum: u8,
    /// Distinct fresh reporters needed to accept a move beyond the guard; fewer suspend the key.
    pub move_quorum: u8,
    /// The guard: largest distance of an answer from the anchor, in basis points.
    pub max_deviation_bps: u32,
    /// The guard's window: the anchor rolls to the standing answer once per interval.
    pub anchor_interval_ms: u64,
    /// This key's reporters (secret URIs or SS58 addresses); default: `[oracle] reporters`.
    pub reporters: Option<Vec<String>>,
}

/// A price key as deployed: `set_key(key, …)`, then `add_reporter(key, r)` for each reporter.
#[derive(Debug)]
pub struct OracleKey {
    pub symbol: String,
    pub key: PriceKey,
    pub max_age_ms: u64,
    pub quorum: u8,
    pub move_quorum: u8,
    pub max_deviation_bps: u32,
    pub anchor_interval_ms: u64,
    pub reporters: Vec<Address>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassCfg {
    pub name: String,
    /// `invoice`, `warehouse_receipt` or `in_transit`.
    pub kind: String,
    pub liquidation_ratio: String,
    /// Per-second fee factor in ray (27 decimals), e.g. 1000000001547125957863212448 = 5 %/year.
    pub stability_fee_per_second_ray: String,
    pub liquidation_penalty: String,
    pub debt_ceiling: String,
    pub dust: String,
    #[serde(default = "zero")]
    pub debtor_limit: String,
    #[serde(default = "zero")]
    pub discount_rate_annual: String,
    /// Invoices (and goods in transit): the days after the due date (expected arrival) over which
    /// the value declines linearly to 0; 1 to 365. Required for those kinds; a warehouse-receipt
    /// class values nothing by time and, unset, is sent the vault's minimum (a day).
    pub grace_period_days: Option<u64>,
    /// Removed from the vault: accepted here only to say so.
    pub overdue_haircut: Option<toml::Value>,
    #[serde(default = "zero")]
    pub goods_haircut: String,
    pub auction_start_multiplier: String,
    pub auction_duration_hours: u64,
    /// The price keys the class accepts (an invoice's currency, goods' commodity): each an
    /// `[[oracle.key]]` symbol or `[vault] unit_key`, at most 8. NFTs with another key are refused.
    pub price_keys: Vec<String>,
    /// The most debt + penalty of this class that may be at auction or in recovery at once
    /// (MakerDAO's `hole`), decimal. Unset: not sent (only the overall limit applies).
    pub liquidation_limit: Option<String>,
    /// Goods classes: the share of value a lot loses after a temperature (humidity, shock)
    /// excursion its devices report, decimal, at most 0.5; with `max_silence_minutes`, the
    /// condition monitor's policy for the class. Unset: the class does not price condition.
    pub condition_haircut: Option<String>,
    /// The longest a lot of the class may go unreported before its value is unknown (10 minutes
    /// to 30 days).
    pub max_silence_minutes: Option<u64>,
    /// Invoice classes: the bounds the risk desk's grade table keeps within (the credit pricer's
    /// admin sets them).
    pub grade_bounds: Option<GradeBoundsCfg>,
    /// Invoice classes: what grades A, B, C, D advance and are discounted at (E, a debtor in
    /// default, gets nothing), exactly four rows.
    pub grades: Option<Vec<GradeRowCfg>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeBoundsCfg {
    pub max_advance: String,
    pub min_discount: String,
    pub max_discount: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeRowCfg {
    pub advance: String,
    pub discount: String,
}

/// A class as deployed: `add_class(params)`, then `set_class_price_keys(id, keys)`.
#[derive(Debug)]
pub struct ClassSpec {
    pub name: String,
    pub params: ClassParams,
    /// (symbol, key), in the file's order.
    pub price_keys: Vec<(String, PriceKey)>,
    /// `liquidation_engine.set_class_liquidation_limit(class, limit)`, when the file sets it.
    pub liquidation_limit_wad: Option<u128>,
    /// `condition_monitor.set_class_policy(class, (haircut, max silence ms))`, when set.
    pub condition: Option<(u128, u64)>,
    /// `credit_pricer.set_class_bounds` then `set_grade_table`, when set.
    pub grades: Option<(credit_pricer::Bounds, credit_pricer::Table)>,
}

fn zero() -> String {
    "0".into()
}

/// `2000` → `"2 000"` (bounds in messages, as the README writes them).
fn group_u32(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// The network file, checked and converted to what the contracts take.
pub struct Config {
    pub path: PathBuf,
    pub name: String,
    pub live_url: Option<String>,
    pub explorer: Option<String>,
    pub deployer_suri: String,
    pub sandbox_funding: u128,
    pub manifest_path: PathBuf,
    pub sandbox_state: Option<PathBuf>,
    pub stable_name: String,
    pub stable_symbol: String,
    pub global_debt_ceiling_wad: u128,
    pub guardian: Address,
    pub unit_symbol: String,
    pub unit_key: PriceKey,
    /// Underwriters (secret URIs: they sign the debtor approvals).
    pub underwriters: Vec<String>,
    /// Approved debtors: (address, credit limit in wad).
    pub debtors: Vec<(Address, u128)>,
    pub attesters: Vec<Address>,
    /// Price keys, each with its own reporters.
    pub keys: Vec<OracleKey>,
    pub classes: Vec<ClassSpec>,
    /// `set_surplus_buffer`, when the file sets it.
    pub surplus_buffer_wad: Option<u128>,
    /// `set_max_price_age`, when the file sets it.
    pub max_price_age_ms: Option<u64>,
    /// `liquidation_engine.set_arbiter`, when the file sets it.
    pub arbiter: Option<Address>,
    /// `liquidation_engine.set_recovery_params(cusp, period)`, when the file sets either (the
    /// other at the engine's default).
    pub recovery_params: Option<(u128, u64)>,
    /// `liquidation_engine.set_keeper_reward(tip, chip)`, when the file sets either (the other 0).
    pub keeper_reward: Option<(u128, u128)>,
    /// `liquidation_engine.set_liquidation_limit(limit)`, when the file sets it.
    pub liquidation_limit_wad: Option<u128>,
}

impl Config {
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|e| DeployError::Io {
            path: path.to_path_buf(),
            why: e.to_string(),
        })?;
        let file: NetworkFile = toml::from_str(&text).map_err(|e| DeployError::Config {
            path: path.to_path_buf(),
            why: e.to_string(),
        })?;
        Self::check(path, file)
    }

    fn check(path: &Path, f: NetworkFile) -> Result<Config> {
        let key_err = |key: &str, why: String| DeployError::ConfigValue {
            path: path.to_path_buf(),
            key: key.to_string(),
            why,
        };
        let wad = |key: &str, text: &str| parse_wad(text).map_err(|e| key_err(key, e.to_string()));
        let account =
            |key: &str, text: &str| parse_account(text).map_err(|e| key_err(key, e.to_string()));
        let dir = path.parent().unwrap_or(Path::new("."));
        let live_url = match f.network.target.as_str() {
            "sandbox" => None,
            "live" => Some(f.network.url.clone().ok_or_else(|| {
                key_err(
                    "network.url",
                    "a live target needs the node's ws:// or wss:// URL".into(),
                )
            })?),
            other => {
                return Err(key_err(
                    "network.target",
                    format!("{other:?}: expected \"sandbox\" or \"live\""),
                ))
            }
        };
        crate::backend::Signer::from_suri(&f.network.deployer)
            .map_err(|e| key_err("network.deployer", e.to_string()))?;
        if let Some(e) = &f.network.explorer {
            let web = e.starts_with("https://") || e.starts_with("http://");
            if !web || e.matches("{hash}").count() != 1 {
                return Err(key_err(
                    "network.explorer",
                    format!("{e:?}: an http(s) URL with {{hash}} once, e.g. \"https://explorer.example/tx/{{hash}}\""),
                ));
            }
        }
        let symbol_ok = |s: &str| !s.is_empty() && s.len() <= 8 && s.is_ascii();
        if !symbol_ok(&f.vault.unit_key) {
            return Err(key_err("vault.unit_key", "1 to 8 ASCII characters".into()));
        }
        for (i, u) in f.underwriting.underwriters.iter().enumerate() {
            crate::backend::Signer::from_suri(u).map_err(|e| {
                key_err(
                    &format!("underwriting.underwriters[{i}]"),
                    format!("{e} (an underwriter signs the debtor approvals: a secret URI)"),
                )
            })?;
        }
        if !f.underwriting.debtors.is_empty() && f.underwriting.underwriters.is_empty() {
            return Err(key_err(
                "underwriting.underwriters",
                "debtors are approved by an underwriter: name at least one".into(),
            ));
        }
        let mut debtors = Vec::new();
        for (i, d) in f.underwriting.debtors.iter().enumerate() {
            let at = |field: &str| format!("underwriting.debtor[{i}].{field}");
            debtors.push((
                account(&at("account"), &d.account)?,
                wad(&at("credit_limit"), &d.credit_limit)?,
            ));
        }
        let default_reporters = f
            .oracle
            .reporters
            .iter()
            .enumerate()
            .map(|(i, a)| account(&format!("oracle.reporters[{i}]"), a))
            .collect::<Result<Vec<_>>>()?;
        let mut keys: Vec<OracleKey> = Vec::new();
        for (i, k) in f.oracle.keys.into_iter().enumerate() {
            let at = |field: &str| format!("oracle.key[{i}].{field}");
            if !symbol_ok(&k.symbol) {
                return Err(key_err(&at("symbol"), "1 to 8 ASCII characters".into()));
            }
            if keys.iter().any(|o| o.symbol == k.symbol) {
                return Err(key_err(
                    &at("symbol"),
                    format!("{:?} is configured twice", k.symbol),
                ));
            }
            let reporters = match &k.reporters {
                Some(list) => list
                    .iter()
                    .enumerate()
                    .map(|(j, a)| account(&at(&format!("reporters[{j}]")), a))
                    .collect::<Result<Vec<_>>>()?,
                None => default_reporters.clone(),
            };
            // The contract's own bounds (`set_key` answers InvalidConfig, `add_reporter`
            // ReporterExists / TooManyReporters), checked here before anything is sent.
            if reporters.is_empty() {
                return Err(key_err(
                    &at("reporters"),
                    "the key has no reporters: list them here or in `[oracle] reporters`".into(),
                ));
            }
            if reporters.len() > MAX_REPORTERS {
                return Err(key_err(
                    &at("reporters"),
                    format!(
                        "{} reporters: a key has at most {MAX_REPORTERS}",
                        reporters.len()
                    ),
                ));
            }
            if let Some(j) = (1..reporters.len()).find(|&j| reporters[..j].contains(&reporters[j]))
            {
                return Err(key_err(
                    &at(&format!("reporters[{j}]")),
                    "listed twice".into(),
                ));
            }
            if k.max_age_ms == 0 {
                return Err(key_err(&at("max_age_ms"), "must be more than 0".into()));
            }
            if k.anchor_interval_ms == 0 {
                return Err(key_err(
                    &at("anchor_interval_ms"),
                    "must be more than 0".into(),
                ));
            }
            // Within the guard a move needs only the quorum: the guard bounds how far the
            // reporters holding the median can take the price in one anchor window.
            if !(1..=MAX_GUARD_BPS).contains(&k.max_deviation_bps) {
                return Err(key_err(
                    &at("max_deviation_bps"),
                    format!(
                        "{}: expected 1 to {} ({} %): within the guard a move needs no more than \
                         the quorum, so a looser guard would let the reporters holding the median \
                         move the price that far in every anchor window",
                        k.max_deviation_bps,
                        group_u32(MAX_GUARD_BPS),
                        MAX_GUARD_BPS / 100
                    ),
                ));
            }
            if k.quorum < MIN_QUORUM {
                return Err(key_err(
                    &at("quorum"),
                    format!(
                        "{}: at least {MIN_QUORUM}: with fewer fresh reports a single reporter is \
                         the median (or one of its two middle values), so one reporter falling \
                         silent would hand another the key",
                        k.quorum
                    ),
                ));
            }
            if k.quorum % 2 == 0 {
                return Err(key_err(
                    &at("quorum"),
                    format!(
                        "{} is even: the quorum must be odd (3, 5, …) so that a quorum of fresh \
                         reports has one median, which no single reporter is and no two can split",
                        k.quorum
                    ),
                ));
            }
            if k.move_quorum < k.quorum {
                return Err(key_err(
                    &at("move_quorum"),
                    format!(
                        "{} is less than the quorum {} (quorum <= move_quorum)",
                        k.move_quorum, k.quorum
                    ),
                ));
            }
            if usize::from(k.quorum) > reporters.len() {
                return Err(key_err(
                    &at("quorum"),
                    format!(
                        "{} is more than the key's {} reporter{}: it could never form an answer",
                        k.quorum,
                        reporters.len(),
                        if reporters.len() == 1 { "" } else { "s" }
                    ),
                ));
            }
            if usize::from(k.move_quorum) > reporters.len() {
                return Err(key_err(
                    &at("move_quorum"),
                    format!(
                        "{} is more than the key's {} reporter{}: a move beyond the guard could never be confirmed",
                        k.move_quorum,
                        reporters.len(),
                        if reporters.len() == 1 { "" } else { "s" }
                    ),
                ));
            }
            keys.push(OracleKey {
                key: price_key(&k.symbol),
                symbol: k.symbol,
                max_age_ms: k.max_age_ms,
                quorum: k.quorum,
                move_quorum: k.move_quorum,
                max_deviation_bps: k.max_deviation_bps,
                anchor_interval_ms: k.anchor_interval_ms,
                reporters,
            });
        }
        let mut classes = Vec::new();
        for (i, c) in f.classes.into_iter().enumerate() {
            let at = |field: &str| format!("class[{i}].{field}");
            let kind = match c.kind.as_str() {
                "invoice" => AssetKindCode::Invoice,
                "warehouse_receipt" => AssetKindCode::WarehouseReceipt,
                "in_transit" => AssetKindCode::InTransit,
                other => {
                    return Err(key_err(
                        &at("kind"),
                        format!("{other:?}: expected invoice, warehouse_receipt or in_transit"),
                    ))
                }
            };
            let fee: u128 = c
                .stability_fee_per_second_ray
                .replace('_', "")
                .parse()
                .map_err(|e| key_err(&at("stability_fee_per_second_ray"), format!("{e}")))?;
            // The overdue cliff is gone: an overdue invoice declines linearly over the grace.
            if c.overdue_haircut.is_some() {
                return Err(key_err(
                    &at("overdue_haircut"),
                    "no longer a class parameter: an overdue invoice (or a late shipment) is not \
                     cut at once; its value declines linearly to 0 over `grace_period_days`"
                        .into(),
                ));
            }
            let grace_days = match (c.grace_period_days, kind) {
                (Some(days), _) => days,
                // Unused for stored goods; the vault still wants a valid one.
                (None, AssetKindCode::WarehouseReceipt) => MIN_GRACE_PERIOD_MS / MS_PER_DAY,
                (None, _) => {
                    return Err(key_err(
                        &at("grace_period_days"),
                        format!(
                            "missing: an {} class needs the days after the {} over which the \
                             value declines linearly to 0 ({} to {})",
                            c.kind,
                            if kind == AssetKindCode::Invoice {
                                "due date"
                            } else {
                                "expected arrival"
                            },
                            MIN_GRACE_PERIOD_MS / MS_PER_DAY,
                            MAX_GRACE_PERIOD_MS / MS_PER_DAY
                        ),
                    ))
                }
            };
            let grace_period_ms = grace_days.saturating_mul(MS_PER_DAY);
            if !(MIN_GRACE_PERIOD_MS..=MAX_GRACE_PERIOD_MS).contains(&grace_period_ms) {
                return Err(key_err(
                    &at("grace_period_days"),
                    format!(
                        "{grace_days}: expected {} to {} days: the value declines linearly to 0 \
                         over the grace period, and the vault refuses one shorter than a day (a \
                         cliff)",
                        MIN_GRACE_PERIOD_MS / MS_PER_DAY,
                        MAX_GRACE_PERIOD_MS / MS_PER_DAY
                    ),
                ));
            }
            let params = ClassParams {
                kind,
                liquidation_ratio: Wad(wad(&at("liquidation_ratio"), &c.liquidation_ratio)?),
                stability_fee_per_second: Ray(fee),
                liquidation_penalty: Wad(wad(&at("liquidation_penalty"), &c.liquidation_penalty)?),
                debt_ceiling_wad: wad(&at("debt_ceiling"), &c.debt_ceiling)?,
                dust_wad: wad(&at("dust"), &c.dust)?,
                debtor_limit_wad: wad(&at("debtor_limit"), &c.debtor_limit)?,
                discount_rate_annual: Wad(wad(
                    &at("discount_rate_annual"),
                    &c.discount_rate_annual,
                )?),
                grace_period_ms,
                goods_haircut: Wad(wad(&at("goods_haircut"), &c.goods_haircut)?),
                auction_start_multiplier: Wad(wad(
                    &at("auction_start_multiplier"),
                    &c.auction_start_multiplier,
                )?),
                auction_duration_ms: c
                    .auction_duration_hours
                    .checked_mul(3_600_000)
                    .ok_or_else(|| key_err(&at("auction_duration_hours"), "too large".into()))?,
            };
            if c.price_keys.is_empty() {
                return Err(key_err(
                    &at("price_keys"),
                    "empty: the class would accept no NFT; list the invoice currencies or commodities it takes".into(),
                ));
            }
            if c.price_keys.len() > MAX_KEYS_PER_CLASS {
                return Err(key_err(
                    &at("price_keys"),
                    format!(
                        "{} keys: a class accepts at most {MAX_KEYS_PER_CLASS}",
                        c.price_keys.len()
                    ),
                ));
            }
            let mut price_keys: Vec<(String, PriceKey)> = Vec::new();
            for (j, sym) in c.price_keys.iter().enumerate() {
                let field = at(&format!("price_keys[{j}]"));
                if !keys.iter().any(|k| &k.symbol == sym) && sym != &f.vault.unit_key {
                    let known: Vec<&str> = keys.iter().map(|k| k.symbol.as_str()).collect();
                    return Err(key_err(
                        &field,
                        format!(
                            "{sym:?} is neither an `[[oracle.key]]` of this file ({}) nor the vault's unit_key {:?}: the vault could never price it",
                            known.join(", "),
                            f.vault.unit_key
                        ),
                    ));
                }
                if price_keys.iter().any(|(s, _)| s == sym) {
                    return Err(key_err(&field, format!("{sym:?} is listed twice")));
                }
                price_keys.push((sym.clone(), price_key(sym)));
            }
            let liquidation_limit_wad = match &c.liquidation_limit {
                Some(t) => {
                    let field = at("liquidation_limit");
                    let v = wad(&field, t)?;
                    // The smallest liquidation of the class: a dust-sized debt and its penalty.
                    let smallest = Wad(params.dust_wad)
                        .mul_up(params.liquidation_penalty)
                        .ok()
                        .and_then(|p| p.0.checked_add(params.dust_wad))
                        .unwrap_or(u128::MAX)
                        .max(1);
                    if v < smallest {
                        return Err(key_err(
                            &field,
                            format!(
                                "{}: below the smallest liquidation of the class ({}: its dust \
                                 and the penalty on it), so none of its unsafe positions could \
                                 ever be liquidated",
                                crate::units::exact(v),
                                crate::units::exact(smallest)
                            ),
                        ));
                    }
                    Some(v)
                }
                None => None,
            };
            let condition = match (&c.condition_haircut, c.max_silence_minutes) {
                (None, None) => None,
                (Some(h), Some(minutes)) => {
                    if params.kind == AssetKindCode::Invoice {
                        return Err(key_err(
                            &at("condition_haircut"),
                            "an invoice has no condition: only goods classes take a condition policy".into(),
                        ));
                    }
                    let haircut = wad(&at("condition_haircut"), h)?;
                    if haircut > WAD / 2 {
                        return Err(key_err(
                            &at("condition_haircut"),
                            format!("{h}: at most 0.5 (a larger cut is a broken seal's job: the value is unknown)"),
                        ));
                    }
                    if !(10..=30 * 24 * 60).contains(&minutes) {
                        return Err(key_err(
                            &at("max_silence_minutes"),
                            format!("{minutes}: expected 10 to 43200 (30 days)"),
                        ));
                    }
                    Some((haircut, minutes * 60_000))
                }
                _ => {
                    return Err(key_err(
                        &at("condition_haircut"),
                        "set both condition_haircut and max_silence_minutes, or neither".into(),
                    ))
                }
            };
            let grades = match (&c.grade_bounds, &c.grades) {
                (None, None) => None,
                (Some(b), Some(rows)) => {
                    if params.kind != AssetKindCode::Invoice {
                        return Err(key_err(
                            &at("grades"),
                            "only invoice classes price their debtors' grades".into(),
                        ));
                    }
                    let bounds = credit_pricer::Bounds {
                        max_advance_wad: wad(&at("grade_bounds.max_advance"), &b.max_advance)?,
                        min_discount_wad: wad(&at("grade_bounds.min_discount"), &b.min_discount)?,
                        max_discount_wad: wad(&at("grade_bounds.max_discount"), &b.max_discount)?,
                    };
                    let [a, bb, cc, d] = rows.as_slice() else {
                        return Err(key_err(
                            &at("grades"),
                            format!(
                                "{} rows: give exactly four, for grades A, B, C and D",
                                rows.len()
                            ),
                        ));
                    };
                    let row = |i: usize, r: &GradeRowCfg| -> Result<credit_pricer::Rates> {
                        Ok(credit_pricer::Rates {
                            advance_wad: wad(&at(&format!("grades[{i}].advance")), &r.advance)?,
                            discount_rate_annual_wad: wad(
                                &at(&format!("grades[{i}].discount")),
                                &r.discount,
                            )?,
                        })
                    };
                    let table = credit_pricer::Table {
                        a: row(0, a)?,
                        b: row(1, bb)?,
                        c: row(2, cc)?,
                        d: row(3, d)?,
                    };
                    scf_rules::grade::validate(&table.into(), &bounds.into()).map_err(|e| {
                        key_err(
                            &at("grades"),
                            format!("{e:?}: every advance within grade_bounds.max_advance (≤ 1), every discount within the bounds, and a worse grade never advancing more nor discounted less than a better one"),
                        )
                    })?;
                    Some((bounds, table))
                }
                _ => {
                    return Err(key_err(
                        &at("grades"),
                        "set both grade_bounds and grades, or neither".into(),
                    ))
                }
            };
            classes.push(ClassSpec {
                name: c.name,
                params,
                price_keys,
                liquidation_limit_wad,
                condition,
                grades,
            });
        }
        let surplus_buffer_wad = match &f.vault.surplus_buffer {
            Some(t) => Some(wad("vault.surplus_buffer", t)?),
            None => None,
        };
        if let Some(ms) = f.vault.max_price_age_ms {
            if !(MIN_PRICE_AGE_MS..=MAX_PRICE_AGE_MS).contains(&ms) {
                return Err(key_err(
                    "vault.max_price_age_ms",
                    format!("{ms}: expected {MIN_PRICE_AGE_MS} (a minute) to {MAX_PRICE_AGE_MS} (a day)"),
                ));
            }
        }
        // The liquidation settings live with the engine now: a network file written for the
        // vault of old is told where they went rather than silently ignored.
        for (key, set) in [
            ("arbiter", f.vault.arbiter.is_some()),
            ("auction_cusp", f.vault.auction_cusp.is_some()),
            (
                "recovery_period_days",
                f.vault.recovery_period_days.is_some(),
            ),
        ] {
            if set {
                return Err(key_err(
                    &format!("vault.{key}"),
                    format!(
                        "moved to `[liquidation_engine] {key}`: the liquidation engine runs \
                         liquidations, auctions and recoveries, and holds their parameters"
                    ),
                ));
            }
        }
        let e = &f.liquidation_engine;
        let arbiter = match &e.arbiter {
            Some(a) => Some(account("liquidation_engine.arbiter", a)?),
            None => None,
        };
        let cusp = match &e.auction_cusp {
            Some(t) => {
                let v = wad("liquidation_engine.auction_cusp", t)?;
                if !(MIN_AUCTION_CUSP_WAD..=MAX_AUCTION_CUSP_WAD).contains(&v) {
                    return Err(key_err(
                        "liquidation_engine.auction_cusp",
                        format!(
                            "{}: expected {} to {} (the auction's reserve as a fraction of its start price)",
                            crate::units::exact(v),
                            crate::units::exact(MIN_AUCTION_CUSP_WAD),
                            crate::units::exact(MAX_AUCTION_CUSP_WAD)
                        ),
                    ));
                }
                Some(v)
            }
            None => None,
        };
        let period = match e.recovery_period_days {
            Some(days) => {
                let ms = days.saturating_mul(MS_PER_DAY);
                if !(MIN_RECOVERY_PERIOD_MS..=MAX_RECOVERY_PERIOD_MS).contains(&ms) {
                    return Err(key_err(
                        "liquidation_engine.recovery_period_days",
                        format!(
                            "{days}: expected {} to {} days",
                            MIN_RECOVERY_PERIOD_MS / MS_PER_DAY,
                            MAX_RECOVERY_PERIOD_MS / MS_PER_DAY
                        ),
                    ));
                }
                Some(ms)
            }
            None => None,
        };
        let recovery_params = (cusp.is_some() || period.is_some()).then(|| {
            (
                cusp.unwrap_or(DEFAULT_AUCTION_CUSP_WAD),
                period.unwrap_or(DEFAULT_RECOVERY_PERIOD_MS),
            )
        });
        // The engine's bounds (`set_keeper_reward` answers InvalidParams), checked before sending.
        let tip = match &e.keeper_tip {
            Some(t) => {
                let v = wad("liquidation_engine.keeper_tip", t)?;
                if v > MAX_TIP_WAD {
                    return Err(key_err(
                        "liquidation_engine.keeper_tip",
                        format!(
                            "{}: expected 0 to {} (a flat reward per liquidation, in stablecoin units)",
                            crate::units::exact(v),
                            crate::units::exact(MAX_TIP_WAD)
                        ),
                    ));
                }
                Some(v)
            }
            None => None,
        };
        let chip = match &e.keeper_chip {
            Some(t) => {
                let v = wad("liquidation_engine.keeper_chip", t)?;
                if v > MAX_CHIP_WAD {
                    return Err(key_err(
                        "liquidation_engine.keeper_chip",
                        format!(
                            "{}: expected 0 to {} (a fraction of the liquidated debt)",
                            crate::units::exact(v),
                            crate::units::exact(MAX_CHIP_WAD)
                        ),
                    ));
                }
                Some(v)
            }
            None => None,
        };
        let keeper_reward =
            (tip.is_some() || chip.is_some()).then(|| (tip.unwrap_or(0), chip.unwrap_or(0)));
        let liquidation_limit_wad = match &e.liquidation_limit {
            Some(t) => {
                let v = wad("liquidation_engine.liquidation_limit", t)?;
                if v == 0 {
                    return Err(key_err(
                        "liquidation_engine.liquidation_limit",
                        "0: every liquidation would be refused (LiquidationLimit), so no unsafe \
                         position could ever be liquidated; leave it unset for no limit"
                            .into(),
                    ));
                }
                Some(v)
            }
            None => None,
        };
        Ok(Config {
            path: path.to_path_buf(),
            name: f.network.name,
            live_url,
            explorer: f.network.explorer.clone(),
            deployer_suri: f.network.deployer,
            sandbox_funding: match &f.network.sandbox_funding {
                Some(t) => wad("network.sandbox_funding", t)?,
                None => 1_000_000 * scf_interfaces::WAD,
            },
            manifest_path: dir.join(&f.network.manifest),
            sandbox_state: f.network.sandbox_state.as_ref().map(|s| dir.join(s)),
            stable_name: f.stablecoin.name,
            stable_symbol: f.stablecoin.symbol,
            global_debt_ceiling_wad: wad(
                "vault.global_debt_ceiling",
                &f.vault.global_debt_ceiling,
            )?,
            guardian: account("vault.guardian", &f.vault.guardian)?,
            unit_key: price_key(&f.vault.unit_key),
            unit_symbol: f.vault.unit_key,
            underwriters: f.underwriting.underwriters,
            debtors,
            attesters: f
                .registry
                .attesters
                .iter()
                .enumerate()
                .map(|(i, a)| account(&format!("registry.attesters[{i}]"), a))
                .collect::<Result<_>>()?,
            keys,
            classes,
            surplus_buffer_wad,
            max_price_age_ms: f.vault.max_price_age_ms,
            arbiter,
            recovery_params,
            keeper_reward,
            liquidation_limit_wad,
        })
    }
}
