//! The deployment manifest (JSON) that dApps read: chain, addresses, code hashes, metadata paths,
//! and whether the deployment is complete. It is rewritten after every step, so a deployment that
//! stopped half-way says so, and which step failed.
use crate::backend::{ss58, Address, Gas};
use crate::client::Addresses;
use crate::error::{DeployError, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ContractEntry {
    /// SS58 (prefix 42).
    pub address: String,
    pub address_hex: String,
    pub code_hash: String,
    pub metadata: PathBuf,
    pub wasm_bytes: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ClassEntry {
    pub id: u32,
    pub name: String,
    pub kind: String,
    /// The price keys the class accepts (symbols), once `set_class_price_keys` succeeded.
    #[serde(default)]
    pub price_keys: Vec<String>,
}

/// A debtor the deployment approved, and the credit limit it was given.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DebtorEntry {
    /// SS58 (prefix 42).
    pub account: String,
    #[serde(with = "crate::units::json_string")]
    pub credit_limit_wad: u128,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StepRecord {
    pub step: String,
    pub gas: Gas,
}

/// Code on chain that runs by delegate call, not at an address of its own.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FacetEntry {
    pub code_hash: String,
    pub wasm_bytes: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub network: String,
    pub chain: String,
    /// The chain's genesis block hash (0x…), so a dApp can tell this chain from another with the
    /// same name (every dev node is "Development"); none for the sandbox.
    #[serde(default)]
    pub genesis_hash: Option<String>,
    /// `"sandbox"` or the node URL.
    pub target: String,
    pub deployer: String,
    pub deployed_at_ms: u64,
    /// False until every step succeeded: a dApp must not use an incomplete deployment.
    pub complete: bool,
    pub failed_step: Option<String>,
    pub error: Option<String>,
    pub contracts: BTreeMap<String, ContractEntry>,
    /// The vault's facets: code the router at the vault's address delegate-calls, one group of
    /// messages each, by group: `{ code_hash, wasm_bytes }`. Check them against the build.
    #[serde(default)]
    pub vault_facets: BTreeMap<String, FacetEntry>,
    /// The liquidation engine's facets, likewise.
    #[serde(default)]
    pub engine_facets: BTreeMap<String, FacetEntry>,
    pub classes: Vec<ClassEntry>,
    pub price_keys: Vec<String>,
    /// The oracle key of the stablecoin's own unit (invoices in it settle 1:1).
    #[serde(default)]
    pub unit_key: String,
    /// Underwriters granted by the deployment (SS58).
    #[serde(default)]
    pub underwriters: Vec<String>,
    /// Debtors approved by the deployment.
    #[serde(default)]
    pub debtors: Vec<DebtorEntry>,
    /// The network file's block explorer (`https://…/{hash}`), for the dApp's transaction links.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explorer: Option<String>,
    pub steps: Vec<StepRecord>,
}

impl Manifest {
    pub fn facet(code_hash: &[u8; 32], wasm_bytes: usize) -> FacetEntry {
        FacetEntry {
            code_hash: format!("0x{}", hex::encode(code_hash)),
            wasm_bytes,
        }
    }

    pub fn entry(
        address: &Address,
        code_hash: &[u8; 32],
        metadata: &Path,
        wasm_bytes: usize,
    ) -> ContractEntry {
        ContractEntry {
            address: ss58(address),
            address_hex: format!("0x{}", hex::encode(address)),
            code_hash: format!("0x{}", hex::encode(code_hash)),
            metadata: metadata.to_path_buf(),
            wasm_bytes,
        }
    }

    pub fn write(&self, path: &Path) -> Result<()> {
        let io = |e: std::io::Error| DeployError::Io {
            path: path.to_path_buf(),
            why: e.to_string(),
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let text = serde_json::to_string_pretty(self).map_err(|e| DeployError::Manifest {
            path: path.to_path_buf(),
            why: e.to_string(),
        })?;
        std::fs::write(path, text + "\n").map_err(io)
    }

    pub fn read(path: &Path) -> Result<Manifest> {
        let text = std::fs::read_to_string(path).map_err(|e| DeployError::Manifest {
            path: path.to_path_buf(),
            why: format!("{e} (run `deploy` first)"),
        })?;
        serde_json::from_str(&text).map_err(|e| DeployError::Manifest {
            path: path.to_path_buf(),
            why: e.to_string(),
        })
    }

    /// The five addresses, if the deployment got that far.
    pub fn addresses(&self, path: &Path) -> Result<Addresses> {
        let get = |name: &str| -> Result<Address> {
            let e = self
                .contracts
                .get(name)
                .ok_or_else(|| DeployError::Manifest {
                    path: path.to_path_buf(),
                    why: format!(
                        "no {name} address: the deployment stopped at {:?}",
                        self.failed_step.as_deref().unwrap_or("an earlier step")
                    ),
                })?;
            let bytes = hex::decode(e.address_hex.trim_start_matches("0x")).ok();
            bytes
                .and_then(|b| <[u8; 32]>::try_from(b).ok())
                .ok_or_else(|| DeployError::Manifest {
                    path: path.to_path_buf(),
                    why: format!("{name}.address_hex is not 32 bytes of hex"),
                })
        };
        Ok(Addresses {
            price_oracle: get("price_oracle")?,
            receivable_registry: get("receivable_registry")?,
            condition_monitor: get("condition_monitor")?,
            credit_pricer: get("credit_pricer")?,
            stablecoin: get("stablecoin")?,
            collateral_vault: get("collateral_vault")?,
            liquidation_engine: get("liquidation_engine")?,
        })
    }

    /// Refuses an incomplete deployment (for commands that act on the suite).
    pub fn require_complete(&self, path: &Path) -> Result<()> {
        if self.complete {
            return Ok(());
        }
        Err(DeployError::Manifest {
            path: path.to_path_buf(),
            why: format!(
                "the deployment is incomplete: step {:?} failed ({}); deploy again",
                self.failed_step.as_deref().unwrap_or("?"),
                self.error.as_deref().unwrap_or("no error recorded")
            ),
        })
    }
}
