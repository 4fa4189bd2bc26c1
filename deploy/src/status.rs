//! `status`: reads a deployment back from the chain — addresses and code hashes (checked against
//! the manifest), parameters, and totals.
use crate::backend::ss58;
use crate::client::Client;
use crate::error::Result;
use crate::manifest::Manifest;
use crate::units::{exact, money, percent};
use collateral_vault::{Books, Class};
use price_oracle::KeyConfig;
use scf_interfaces::{price_key, PriceData, Ray, RAY, SECONDS_PER_YEAR, WAD};
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
    pub vault: VaultStatus,
    pub classes: Vec<ClassStatus>,
    pub oracle: OracleStatus,
    pub registry_nfts: u128,
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
    pub positions: u64,
    #[serde(serialize_with = "crate::units::json_string::serialize")]
    pub surplus_wad: u128,
    #[serde(serialize_with = "crate::units::json_string::serialize")]
    pub auction_debt_wad: u128,
    #[serde(serialize_with = "crate::units::json_string::serialize")]
    pub bad_debt_wad: u128,
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
}

#[derive(Debug, Serialize)]
pub struct OracleStatus {
    pub reporters: Vec<String>,
    pub keys: Vec<KeyStatus>,
}

#[derive(Debug, Serialize)]
pub struct KeyStatus {
    pub symbol: String,
    pub max_age_ms: u64,
    pub quorum: u8,
    pub max_deviation_bps: u32,
    pub paused: bool,
    #[serde(serialize_with = "crate::units::json_opt_string::serialize")]
    pub latest_price_wad: Option<u128>,
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
    let vault = VaultStatus {
        admin: account(client.query("collateral_vault", "admin", ())?),
        guardian: account(client.query("collateral_vault", "guardian", ())?),
        paused: books.paused,
        global_debt_ceiling_wad: client.query("collateral_vault", "global_debt_ceiling", ())?,
        positions: books.position_count,
        surplus_wad: books.surplus_wad,
        auction_debt_wad: books.auction_debt_wad,
        bad_debt_wad: books.bad_debt_wad,
    };
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
        });
    }
    let reporters: Vec<ink::primitives::AccountId> =
        client.query("price_oracle", "reporters", ())?;
    let mut keys = Vec::new();
    for symbol in &manifest.price_keys {
        let key = price_key(symbol);
        let Some(k): Option<KeyConfig> = client.query("price_oracle", "key_config", key)? else {
            continue;
        };
        let latest: Option<PriceData> = client.query("price_oracle", "latest_answer", key)?;
        keys.push(KeyStatus {
            symbol: symbol.clone(),
            max_age_ms: k.max_age_ms,
            quorum: k.quorum,
            max_deviation_bps: k.max_deviation_bps,
            paused: k.paused,
            latest_price_wad: latest.as_ref().map(|p| p.price_wad),
            updated_at_ms: latest.map(|p| p.updated_at_ms),
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
        vault,
        classes,
        oracle: OracleStatus {
            reporters: reporters.into_iter().map(account).collect(),
            keys,
        },
        registry_nfts: client.query("receivable_registry", "PSP34::total_supply", ())?,
    })
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
    let v = &s.vault;
    o += &format!(
        "vault: admin {}, guardian {}, paused {}, global debt ceiling {}\n       positions {}, surplus {}, debt at auction {}, bad debt {}\n",
        v.admin, v.guardian, if v.paused { "yes" } else { "no" }, money(v.global_debt_ceiling_wad),
        v.positions, money(v.surplus_wad), money(v.auction_debt_wad), money(v.bad_debt_wad)
    );
    o += "\n| class | kind | liquidation ratio | fee / year | penalty | debt ceiling | dust | per-debtor limit | debt |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n";
    for c in &s.classes {
        o += &format!(
            "| {} {} | {} | {} | {} % | {} % | {} | {} | {} | {} |\n",
            c.id,
            c.name,
            c.kind,
            exact(c.liquidation_ratio_wad),
            percent(c.fee_per_year_wad),
            percent(c.liquidation_penalty_wad),
            money(c.debt_ceiling_wad),
            money(c.dust_wad),
            money(c.debtor_limit_wad),
            money(c.debt_wad)
        );
    }
    o += &format!("\noracle reporters: {}\n", s.oracle.reporters.join(", "));
    o += "| key | max age | quorum | max move | paused | latest price | age |\n|---|---:|---:|---:|---|---:|---:|\n";
    for k in &s.oracle.keys {
        let age = k
            .updated_at_ms
            .map(|t| format!("{} s", s.now_ms.saturating_sub(t) / 1000))
            .unwrap_or_else(|| "-".into());
        o += &format!(
            "| {} | {} s | {} | {} bps | {} | {} | {} |\n",
            k.symbol,
            k.max_age_ms / 1000,
            k.quorum,
            k.max_deviation_bps,
            if k.paused { "yes" } else { "no" },
            k.latest_price_wad
                .map(exact)
                .unwrap_or_else(|| "none yet".into()),
            age
        );
    }
    o += &format!("\nreceivable registry: {} NFTs\n", s.registry_nfts);
    o
}
