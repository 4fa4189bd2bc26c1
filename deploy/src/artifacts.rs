//! The compiled contracts as `cargo contract build` leaves them: `<dir>/<name>/<name>.wasm` and
//! `<name>.json` (metadata: selectors, types, for encoding calls and decoding results and errors).
use crate::error::{DeployError, Result};
use blake2::digest::{consts::U32, Digest};
use contract_transcode::{ContractMessageTranscoder, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The seven contracts of the suite, in deployment order (the monitor and the pricer need the
/// registry's address, the engine the vault's).
pub const SUITE: [&str; 7] = [
    "price_oracle",
    "receivable_registry",
    "condition_monitor",
    "credit_pricer",
    "stablecoin",
    "collateral_vault",
    "liquidation_engine",
];

pub struct Artifact {
    pub name: String,
    pub wasm: Vec<u8>,
    pub code_hash: [u8; 32],
    pub metadata_path: PathBuf,
    messages: HashMap<String, [u8; 4]>,
    constructors: HashMap<String, [u8; 4]>,
    transcoder: ContractMessageTranscoder,
}

pub fn blake2_256(data: &[u8]) -> [u8; 32] {
    blake2::Blake2b::<U32>::digest(data).into()
}

impl Artifact {
    pub fn load(dir: &Path, name: &str) -> Result<Artifact> {
        let wasm_path = dir.join(name).join(format!("{name}.wasm"));
        let metadata_path = dir.join(name).join(format!("{name}.json"));
        for p in [&wasm_path, &metadata_path] {
            if !p.is_file() {
                return Err(DeployError::MissingArtifact { path: p.clone() });
            }
        }
        let wasm = std::fs::read(&wasm_path).map_err(|e| DeployError::Io {
            path: wasm_path.clone(),
            why: e.to_string(),
        })?;
        let bad = |why: String| DeployError::BadMetadata {
            path: metadata_path.clone(),
            why,
        };
        let json: serde_json::Value = std::fs::read(&metadata_path)
            .map_err(|e| bad(e.to_string()))
            .and_then(|b| serde_json::from_slice(&b).map_err(|e| bad(e.to_string())))?;
        let table = |kind: &str| -> Result<HashMap<String, [u8; 4]>> {
            let list = json["spec"][kind]
                .as_array()
                .ok_or_else(|| bad(format!("no spec.{kind}")))?;
            list.iter()
                .map(|m| {
                    let label = m["label"].as_str().ok_or_else(|| bad("a label".into()))?;
                    let hex_sel = m["selector"]
                        .as_str()
                        .ok_or_else(|| bad("a selector".into()))?;
                    let bytes = hex::decode(hex_sel.trim_start_matches("0x"))
                        .map_err(|e| bad(format!("selector of {label}: {e}")))?;
                    let sel = <[u8; 4]>::try_from(bytes)
                        .map_err(|_| bad(format!("selector of {label} is not 4 bytes")))?;
                    Ok((label.to_string(), sel))
                })
                .collect()
        };
        let (messages, constructors) = (table("messages")?, table("constructors")?);
        let transcoder =
            ContractMessageTranscoder::load(&metadata_path).map_err(|e| bad(format!("{e:#}")))?;
        Ok(Artifact {
            name: name.to_string(),
            code_hash: blake2_256(&wasm),
            wasm,
            metadata_path,
            messages,
            constructors,
            transcoder,
        })
    }

    /// `selector ++ args` for message `label` (e.g. `"borrow"`, `"PSP22::transfer"`).
    pub fn message_data(
        &self,
        label: &str,
        args: impl parity_scale_codec::Encode,
    ) -> Result<Vec<u8>> {
        self.call_data(&self.messages, "message", label, args)
    }

    pub fn constructor_data(
        &self,
        label: &str,
        args: impl parity_scale_codec::Encode,
    ) -> Result<Vec<u8>> {
        self.call_data(&self.constructors, "constructor", label, args)
    }

    fn call_data(
        &self,
        selectors: &HashMap<String, [u8; 4]>,
        kind: &str,
        label: &str,
        args: impl parity_scale_codec::Encode,
    ) -> Result<Vec<u8>> {
        let sel = selectors
            .get(label)
            .ok_or_else(|| DeployError::BadMetadata {
                path: self.metadata_path.clone(),
                why: format!("{} has no {kind} {label:?}", self.name),
            })?;
        let mut data = sel.to_vec();
        args.encode_to(&mut data);
        Ok(data)
    }

    /// The message's return value decoded from the metadata alone, as cargo-contract prints it.
    /// For a refused call this is `Ok(Err(<the contract's error variant>))`; the error is returned
    /// unwrapped (`Unsafe`, `InsufficientAllowance`, …).
    pub fn decode_error(&self, label: &str, data: &[u8]) -> String {
        match self.transcoder.decode_message_return(label, &mut &data[..]) {
            Ok(value) => unwrap_err(&value).to_string(),
            Err(e) => format!("undecodable return 0x{} ({e})", hex::encode(data)),
        }
    }
}

/// `Ok(Err(e))` / `Err(e)` → `e`; anything else as it is.
fn unwrap_err(v: &Value) -> &Value {
    if let Value::Tuple(t) = v {
        let inner: Vec<&Value> = t.values().collect();
        match (t.ident().as_deref(), inner.as_slice()) {
            (Some("Ok"), [x]) => return unwrap_err(x),
            (Some("Err"), [x]) => return x,
            _ => {}
        }
    }
    v
}

/// The suite's five artifacts, all checked to exist before anything is sent to a chain.
/// The vault's facet groups, in `collateral_vault::Facets` order.
pub use collateral_vault::FACET_GROUPS as VAULT_FACETS;
/// The liquidation engine's facet groups, in `liquidation_engine::Facets` order.
pub use liquidation_engine::FACET_GROUPS as ENGINE_FACETS;

/// One facet of the vault or of the engine: code its router delegate-calls, with no address of
/// its own.
pub struct Facet {
    pub group: &'static str,
    pub wasm: Vec<u8>,
    pub code_hash: [u8; 32],
}

pub struct Artifacts {
    pub dir: PathBuf,
    pub by_name: HashMap<String, Artifact>,
    /// `collateral_vault/facet_<group>.wasm`, in `VAULT_FACETS` order.
    pub facets: Vec<Facet>,
    /// `liquidation_engine/facet_<group>.wasm`, in `ENGINE_FACETS` order.
    pub engine_facets: Vec<Facet>,
}

/// `<dir>/<contract>/facet_<group>.wasm` for each of `groups`, in their order.
fn load_facets(dir: &Path, contract: &str, groups: &[&'static str]) -> Result<Vec<Facet>> {
    let mut facets = Vec::new();
    for &group in groups {
        let path = dir.join(contract).join(format!("facet_{group}.wasm"));
        if !path.is_file() {
            return Err(DeployError::MissingArtifact { path });
        }
        let wasm = std::fs::read(&path).map_err(|e| DeployError::Io {
            path: path.clone(),
            why: e.to_string(),
        })?;
        facets.push(Facet {
            group,
            code_hash: blake2_256(&wasm),
            wasm,
        });
    }
    Ok(facets)
}

impl Artifacts {
    pub fn load(dir: &Path) -> Result<Artifacts> {
        let mut by_name = HashMap::new();
        for name in SUITE {
            by_name.insert(name.to_string(), Artifact::load(dir, name)?);
        }
        let facets = load_facets(dir, "collateral_vault", &VAULT_FACETS)?;
        let engine_facets = load_facets(dir, "liquidation_engine", &ENGINE_FACETS)?;
        Ok(Artifacts {
            dir: dir.to_path_buf(),
            by_name,
            facets,
            engine_facets,
        })
    }

    pub fn get(&self, name: &str) -> &Artifact {
        // Only the names of SUITE are ever asked for, and `load` loaded all of them.
        &self.by_name[name]
    }
}

/// `$SCF_BUNDLES_DIR`, else `$CARGO_TARGET_DIR/ink`, else `target/ink` (where the build script puts
/// the bundles).
pub fn default_dir() -> PathBuf {
    if let Ok(d) = std::env::var("SCF_BUNDLES_DIR") {
        return PathBuf::from(d);
    }
    if let Ok(d) = std::env::var("CARGO_TARGET_DIR") {
        return PathBuf::from(d).join("ink");
    }
    PathBuf::from("target/ink")
}
