//! A typed client for contracts in the drink! sandbox.
//!
//! Calls are SCALE-encoded from Rust values (selector looked up by message label in the bundle's
//! metadata), so tests use the contracts' own types rather than strings. Every call and deploy is
//! recorded in a gas ledger taken from pallet-contracts' own result (`gas_consumed`,
//! `gas_required`, `storage_deposit`).
use drink::minimal::{MinimalSandbox, RuntimeEvent};
use drink::pallet_contracts::{self, Determinism};
use drink::sandbox_api::prelude::*;
use drink::{AccountId32, Sandbox, Weight};
use parity_scale_codec::{Decode, Encode};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// Native balance given to every test account.
pub const FUNDING: u128 = 1_000_000_000_000_000;

/// A compiled contract: its code and the selectors of its messages and constructors.
pub struct Bundle {
    pub name: String,
    pub wasm: Vec<u8>,
    selectors: HashMap<String, [u8; 4]>,
    constructors: HashMap<String, [u8; 4]>,
}

impl Bundle {
    /// Loads `<dir>/<name>/<name>.wasm` and `<name>.json` as `cargo contract build` writes them.
    pub fn load(dir: &Path, name: &str) -> Bundle {
        let base = dir.join(name);
        Bundle::load_files(
            name,
            &base.join(format!("{name}.wasm")),
            &base.join(format!("{name}.json")),
        )
    }

    /// Loads a bundle from its code and its metadata, e.g. a vault facet's
    /// (`collateral_vault/facet_<group>.{wasm,json}`), under `name`.
    pub fn load_files(name: &str, wasm_path: &Path, json_path: &Path) -> Bundle {
        let wasm = std::fs::read(&wasm_path).unwrap_or_else(|e| {
            panic!(
                "missing contract artifact {} ({e}); build the contracts first: bash scripts/build-contracts.sh",
                wasm_path.display()
            )
        });
        let json: serde_json::Value = serde_json::from_slice(
            &std::fs::read(&json_path)
                .unwrap_or_else(|e| panic!("missing metadata {} ({e})", json_path.display())),
        )
        .unwrap_or_else(|e| panic!("bad metadata {}: {e}", json_path.display()));
        let table = |kind: &str| -> HashMap<String, [u8; 4]> {
            json["spec"][kind]
                .as_array()
                .unwrap_or_else(|| panic!("metadata of {name} has no spec.{kind}"))
                .iter()
                .map(|m| {
                    let label = m["label"].as_str().expect("label").to_string();
                    let hex = m["selector"]
                        .as_str()
                        .expect("selector")
                        .trim_start_matches("0x");
                    let mut sel = [0u8; 4];
                    for (i, b) in sel.iter_mut().enumerate() {
                        *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).expect("hex selector");
                    }
                    (label, sel)
                })
                .collect()
        };
        Bundle {
            name: name.to_string(),
            wasm,
            selectors: table("messages"),
            constructors: table("constructors"),
        }
    }

    pub fn selector(&self, label: &str) -> [u8; 4] {
        *self
            .selectors
            .get(label)
            .unwrap_or_else(|| panic!("{} has no message labelled {label:?}", self.name))
    }
}

/// Where `cargo contract build` put the bundles: `$SCF_BUNDLES_DIR`, else `$CARGO_TARGET_DIR/ink`,
/// else `<workspace>/target/ink`.
pub fn bundles_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("SCF_BUNDLES_DIR") {
        return PathBuf::from(dir);
    }
    if let Ok(dir) = std::env::var("CARGO_TARGET_DIR") {
        return PathBuf::from(dir).join("ink");
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/ink")
}

/// One call or deploy as pallet-contracts measured it.
#[derive(Debug, Clone)]
pub struct GasRecord {
    pub contract: String,
    pub label: String,
    pub ref_time: u64,
    pub proof_size: u64,
    pub ref_time_required: u64,
    pub proof_size_required: u64,
    /// Storage deposit charged (positive) or refunded (negative), in native units.
    pub storage_deposit: i128,
    pub reverted: bool,
    /// The code the call ran, from pallet-contracts' own `Called` / `DelegateCalled` events, one
    /// entry per call (a contract's bundle name, or `vault facet <group>` / `engine facet <group>`), in the
    /// order the calls ended. pallet-contracts charges a call's whole code to the proof each time
    /// it loads it, so these sizes summed are the call's floor.
    pub code: Vec<String>,
}

/// Why a call did not produce a decoded value.
#[derive(Debug)]
pub enum CallError {
    /// pallet-contracts refused or the contract trapped (panic, out of gas...).
    Dispatch(drink::DispatchError),
    /// ink! refused the call (unknown selector...).
    Lang(ink::LangError),
    Decode(String),
}

/// An event emitted by a contract during the last call.
#[derive(Debug, Clone)]
pub struct Emitted {
    pub contract: AccountId32,
    pub topics: Vec<[u8; 32]>,
    pub data: Vec<u8>,
}

pub struct Chain {
    pub sandbox: MinimalSandbox,
    pub actor: AccountId32,
    bundles: HashMap<String, Rc<Bundle>>,
    contracts: HashMap<AccountId32, Rc<Bundle>>,
    pub ledger: Vec<GasRecord>,
    last_events: Vec<Emitted>,
    /// Names of uploaded code that runs by delegate call (the vault's and the engine's facets),
    /// by code hash.
    code_names: HashMap<[u8; 32], String>,
    /// The vault's facets `vault_facets` uploaded.
    facets: Option<collateral_vault::Facets>,
    /// The engine's facets `engine_facets` uploaded.
    engine_facets: Option<liquidation_engine::Facets>,
    gas_limit: Weight,
    recording: bool,
}

impl Default for Chain {
    fn default() -> Self {
        Self::new()
    }
}

impl Chain {
    pub fn new() -> Chain {
        let mut sandbox = MinimalSandbox::default();
        // Start the clock at a realistic date (2026-01-01T00:00:00Z) rather than 0.
        sandbox.set_timestamp(1_767_225_600_000);
        Chain {
            sandbox,
            actor: MinimalSandbox::default_actor(),
            bundles: HashMap::new(),
            contracts: HashMap::new(),
            ledger: Vec::new(),
            last_events: Vec::new(),
            code_names: HashMap::new(),
            facets: None,
            engine_facets: None,
            gas_limit: MinimalSandbox::default_gas_limit(),
            recording: true,
        }
    }

    /// Registers `bundle` under its name, so that `deploy(name, ..)` instantiates its code.
    pub fn add_bundle(&mut self, bundle: Bundle) {
        self.bundles.insert(bundle.name.clone(), Rc::new(bundle));
    }

    /// The bundle `name`, loaded once from [`bundles_dir`].
    pub fn bundle(&mut self, name: &str) -> Rc<Bundle> {
        self.bundles
            .entry(name.to_string())
            .or_insert_with(|| Rc::new(Bundle::load(&bundles_dir(), name)))
            .clone()
    }

    pub fn account(n: u8) -> AccountId32 {
        AccountId32::new([n; 32])
    }

    /// Gives `who` native balance for fees and storage deposits.
    pub fn fund(&mut self, who: &AccountId32) {
        self.sandbox
            .mint_into(who, FUNDING)
            .expect("mint native balance");
    }

    pub fn set_actor(&mut self, who: &AccountId32) {
        self.actor = who.clone();
    }

    pub fn now_ms(&mut self) -> u64 {
        self.sandbox.get_timestamp()
    }

    pub fn set_time_ms(&mut self, ms: u64) {
        self.sandbox.set_timestamp(ms);
    }

    pub fn advance_ms(&mut self, ms: u64) {
        let now = self.now_ms();
        self.set_time_ms(now.checked_add(ms).expect("time overflow"));
    }

    pub fn native_balance(&mut self, who: &AccountId32) -> u128 {
        self.sandbox.free_balance(who)
    }

    /// Uploads the code of `contract`'s facets (`<contract>/facet_<group>.wasm`, `groups` in its
    /// `FACET_GROUPS` order) as the current actor and returns their code hashes, each named
    /// `<short> facet <group>` in `GasRecord::code`. Uploading code already on chain changes
    /// nothing.
    fn upload_facets<const N: usize>(
        &mut self,
        contract: &str,
        short: &str,
        groups: [&str; N],
    ) -> [ink::primitives::Hash; N] {
        groups.map(|group| {
            let path = bundles_dir()
                .join(contract)
                .join(format!("facet_{group}.wasm"));
            let wasm = std::fs::read(&path).unwrap_or_else(|e| {
                panic!(
                    "missing {short} facet {} ({e}); build the contracts first: bash scripts/build-contracts.sh",
                    path.display()
                )
            });
            let uploaded = self
                .sandbox
                .upload_contract(wasm, self.actor.clone(), None, Determinism::Enforced)
                .unwrap_or_else(|e| panic!("uploading {short} facet {group} failed: {e:?}"));
            let bytes: [u8; 32] = uploaded.code_hash.into();
            self.code_names.insert(bytes, format!("{short} facet {group}"));
            bytes.into()
        })
    }

    /// Uploads the vault's facets; their code hashes are the last argument of the vault's
    /// constructor.
    pub fn vault_facets(&mut self) -> collateral_vault::Facets {
        let hashes =
            self.upload_facets("collateral_vault", "vault", collateral_vault::FACET_GROUPS);
        let facets = collateral_vault::Facets::from_hashes(hashes);
        self.facets = Some(facets);
        facets
    }

    /// Uploads the liquidation engine's facets; their code hashes are the last argument of the
    /// engine's constructor.
    pub fn engine_facets(&mut self) -> liquidation_engine::Facets {
        let hashes = self.upload_facets(
            "liquidation_engine",
            "engine",
            liquidation_engine::FACET_GROUPS,
        );
        let facets = liquidation_engine::Facets::from_hashes(hashes);
        self.engine_facets = Some(facets);
        facets
    }

    /// The vault's facets last uploaded by `vault_facets` on this chain.
    pub fn facets(&self) -> Option<collateral_vault::Facets> {
        self.facets
    }

    /// The engine's facets last uploaded by `engine_facets` on this chain.
    pub fn uploaded_engine_facets(&self) -> Option<liquidation_engine::Facets> {
        self.engine_facets
    }

    /// `who` asks pallet-contracts to remove the code `hash` (`remove_code`); its error's name
    /// when refused.
    pub fn remove_code(&mut self, who: &AccountId32, hash: [u8; 32]) -> Result<(), &'static str> {
        let origin = MinimalSandbox::convert_account_to_origin(who.clone());
        self.sandbox.reset_events();
        let result = self.sandbox.execute_with(|| {
            pallet_contracts::Pallet::<drink::minimal::MinimalSandboxRuntime>::remove_code(
                origin,
                hash.into(),
            )
        });
        self.capture_events();
        match result {
            Ok(_) => Ok(()),
            Err(e) => match e.error {
                drink::DispatchError::Module(m) => Err(m.message.unwrap_or("module error")),
                _ => Err("dispatch error"),
            },
        }
    }

    /// Instantiates bundle `name` with `constructor(args)`, as the current actor.
    pub fn deploy<A: Encode>(
        &mut self,
        name: &str,
        constructor: &str,
        args: A,
        salt: Vec<u8>,
    ) -> AccountId32 {
        let bundle = self.bundle(name);
        let sel = *bundle
            .constructors
            .get(constructor)
            .unwrap_or_else(|| panic!("{name} has no constructor {constructor:?}"));
        let mut data = sel.to_vec();
        args.encode_to(&mut data);
        let result = self.sandbox.deploy_contract(
            bundle.wasm.clone(),
            0,
            data,
            salt,
            self.actor.clone(),
            self.gas_limit,
            None,
        );
        let deposit = signed_deposit(&result.storage_deposit);
        let exec = result
            .result
            .unwrap_or_else(|e| panic!("deploying {name} failed: {e:?}"));
        assert!(
            !exec.result.did_revert(),
            "deploying {name} reverted: {:?}",
            exec.result.data
        );
        self.ledger.push(GasRecord {
            contract: name.to_string(),
            label: format!("deploy {constructor}"),
            ref_time: result.gas_consumed.ref_time(),
            proof_size: result.gas_consumed.proof_size(),
            ref_time_required: result.gas_required.ref_time(),
            proof_size_required: result.gas_required.proof_size(),
            storage_deposit: deposit,
            reverted: false,
            code: vec![name.to_string()],
        });
        self.contracts.insert(exec.account_id.clone(), bundle);
        exec.account_id
    }

    /// Calls `label` on `contract` with `args` (a tuple of the message's arguments) as the current
    /// actor, and decodes the message's return value `R` (for fallible messages `Result<T, E>`:
    /// a refused call is `Ok(Err(e))` here, and pallet-contracts rolled back all its effects).
    pub fn try_call<A: Encode, R: Decode>(
        &mut self,
        contract: &AccountId32,
        label: &str,
        args: A,
    ) -> Result<R, CallError> {
        let bundle = self
            .contracts
            .get(contract)
            .unwrap_or_else(|| panic!("no contract deployed at {contract}"))
            .clone();
        let mut data = bundle.selector(label).to_vec();
        args.encode_to(&mut data);
        self.sandbox.reset_events();
        let result = self.sandbox.call_contract(
            contract.clone(),
            0,
            data,
            self.actor.clone(),
            self.gas_limit,
            None,
            Determinism::Enforced,
        );
        self.capture_events();
        let deposit = signed_deposit(&result.storage_deposit);
        let mut record = GasRecord {
            contract: bundle.name.clone(),
            label: label.to_string(),
            ref_time: result.gas_consumed.ref_time(),
            proof_size: result.gas_consumed.proof_size(),
            ref_time_required: result.gas_required.ref_time(),
            proof_size_required: result.gas_required.proof_size(),
            storage_deposit: deposit,
            reverted: false,
            code: Vec::new(),
        };
        let exec = match result.result {
            Ok(exec) => exec,
            Err(e) => {
                record.reverted = true;
                if self.recording {
                    self.ledger.push(record);
                }
                return Err(CallError::Dispatch(e));
            }
        };
        record.reverted = exec.did_revert();
        if self.recording {
            // Only the ledger needs it: not worked out for calls that are not recorded.
            record.code = self.code_run();
            self.ledger.push(record);
        }
        match <Result<R, ink::LangError>>::decode(&mut &exec.data[..]) {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(lang)) => Err(CallError::Lang(lang)),
            Err(e) => Err(CallError::Decode(format!("{label}: {e}"))),
        }
    }

    /// [`Chain::try_call`] that fails the test on a dispatch-level error.
    pub fn call<A: Encode, R: Decode>(
        &mut self,
        contract: &AccountId32,
        label: &str,
        args: A,
    ) -> R {
        match self.try_call(contract, label, args) {
            Ok(v) => v,
            Err(e) => panic!("call {label} failed: {e:?}"),
        }
    }

    /// Like [`Chain::call`] as `who`.
    pub fn call_as<A: Encode, R: Decode>(
        &mut self,
        who: &AccountId32,
        contract: &AccountId32,
        label: &str,
        args: A,
    ) -> R {
        let previous = std::mem::replace(&mut self.actor, who.clone());
        let r = self.call(contract, label, args);
        self.actor = previous;
        r
    }

    /// The code the last call ran (see `GasRecord::code`).
    fn code_run(&mut self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for record in self.sandbox.events() {
            let name = match record.event {
                RuntimeEvent::Contracts(pallet_contracts::Event::Called { contract, .. }) => self
                    .contracts
                    .get(&contract)
                    .map(|b| b.name.clone())
                    .unwrap_or_else(|| format!("{contract}")),
                RuntimeEvent::Contracts(pallet_contracts::Event::DelegateCalled {
                    code_hash,
                    ..
                }) => {
                    let h: [u8; 32] = code_hash.into();
                    self.code_names
                        .get(&h)
                        .cloned()
                        .unwrap_or_else(|| format!("code 0x{}", hex(&h)))
                }
                _ => continue,
            };
            out.push(name);
        }
        out
    }

    /// Records the contract events since the last reset as the last call's (`last_events`);
    /// callers that bypass `try_call` (raw calls, extrinsics) call it after theirs.
    pub fn capture_events(&mut self) {
        self.last_events = self
            .sandbox
            .events()
            .into_iter()
            .filter_map(|record| match record.event {
                RuntimeEvent::Contracts(pallet_contracts::Event::ContractEmitted {
                    contract,
                    data,
                }) => Some(Emitted {
                    contract,
                    topics: record.topics.iter().map(|t| t.0).collect(),
                    data,
                }),
                _ => None,
            })
            .collect();
    }

    /// Every contract event the last call emitted, in order.
    pub fn last_events(&self) -> &[Emitted] {
        &self.last_events
    }

    /// The events of type `E` that `contract` emitted in the last call, matched by signature topic.
    pub fn events_of<E: Decode + ink::env::Event>(&self, contract: &AccountId32) -> Vec<E> {
        let topic = E::SIGNATURE_TOPIC.expect("event with a signature topic");
        self.last_events
            .iter()
            .filter(|e| &e.contract == contract && e.topics.first() == Some(&topic))
            .map(|e| E::decode(&mut &e.data[..]).expect("event decodes"))
            .collect()
    }

    /// Whether calls append to the gas ledger (on by default; long fuzz campaigns turn it off so
    /// the ledger does not grow without bound).
    pub fn set_recording(&mut self, on: bool) {
        self.recording = on;
    }

    /// The whole sandbox state (every pallet's storage: contracts, their code, balances, the
    /// clock). Cheap to restore: fuzz sequences deploy once and restore this per sequence.
    pub fn snapshot(&mut self) -> ink_sandbox::Snapshot {
        self.sandbox.take_snapshot()
    }

    /// Puts the sandbox back to `snapshot` (contract addresses and bundles stay known).
    pub fn restore(&mut self, snapshot: &ink_sandbox::Snapshot) {
        self.sandbox.restore_snapshot(snapshot.clone());
        self.last_events.clear();
    }

    /// Runs `f` and then puts the sandbox state back as it was before (a what-if probe: "could
    /// this position be repaid now?"). The gas ledger and the last events are restored too.
    pub fn probe<T>(&mut self, f: impl FnOnce(&mut Chain) -> T) -> T {
        let snapshot = self.sandbox.take_snapshot();
        let (ledger_len, events, actor) = (
            self.ledger.len(),
            self.last_events.clone(),
            self.actor.clone(),
        );
        let out = f(self);
        self.sandbox.restore_snapshot(snapshot);
        self.ledger.truncate(ledger_len);
        self.last_events = events;
        self.actor = actor;
        out
    }

    /// The root hash of `contract`'s whole child trie (pallet-contracts `ContractInfoOf::trie_id`):
    /// equal hashes mean every storage item of the contract is unchanged, not just the fields a
    /// test thought to read.
    pub fn storage_hash(&mut self, contract: &AccountId32) -> Vec<u8> {
        use drink::frame_support::storage::child;
        self.sandbox
            .execute_with(|| child::root(&contract_child_info(contract), child::StateVersion::V1))
    }

    /// Every storage item (key, value) of `contract`'s child trie, in key order: for diagnostics
    /// when [`Chain::storage_hash`] says something changed.
    pub fn storage_items(&mut self, contract: &AccountId32) -> Vec<(Vec<u8>, Vec<u8>)> {
        use drink::frame_support::storage::child;
        self.sandbox.execute_with(|| {
            let info = contract_child_info(contract);
            let mut out = Vec::new();
            let mut next = Some(Vec::new());
            if let Some(v) = child::get_raw(&info, &[]) {
                out.push((Vec::new(), v));
            }
            while let Some(k) = next.take() {
                if let Some(n) =
                    drink::frame_support::__private::sp_io::default_child_storage::next_key(
                        info.storage_key(),
                        &k,
                    )
                {
                    let v = child::get_raw(&info, &n).unwrap_or_default();
                    out.push((n.clone(), v));
                    next = Some(n);
                }
            }
            out
        })
    }

    /// The gas ledger as a markdown table.
    pub fn ledger_table(&self) -> String {
        let mut out = String::from(
            "| contract | operation | ref_time | proof_size | storage deposit | reverted |\n|---|---|---:|---:|---:|---|\n",
        );
        for r in &self.ledger {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} |\n",
                r.contract, r.label, r.ref_time, r.proof_size, r.storage_deposit, r.reverted
            ));
        }
        out
    }
}

/// A storage deposit as charged (positive) or refunded (negative).
fn signed_deposit(d: &pallet_contracts::StorageDeposit<u128>) -> i128 {
    match d {
        pallet_contracts::StorageDeposit::Charge(c) => *c as i128,
        pallet_contracts::StorageDeposit::Refund(r) => -(*r as i128),
    }
}

/// The child trie holding `contract`'s storage (pallet-contracts `ContractInfoOf::trie_id`). Call
/// inside `execute_with`.
fn contract_child_info(contract: &AccountId32) -> drink::frame_support::storage::child::ChildInfo {
    use drink::frame_support::storage::{child, storage_prefix, unhashed};
    use drink::frame_support::{StorageHasher, Twox64Concat};
    let mut key = storage_prefix(b"Contracts", b"ContractInfoOf").to_vec();
    key.extend(Twox64Concat::hash(&contract.encode()));
    let raw = unhashed::get_raw(&key).expect("a deployed contract has a ContractInfo");
    // `ContractInfo`'s first field is its `trie_id` (a bounded byte vector).
    let trie_id = Vec::<u8>::decode(&mut &raw[..]).expect("trie id");
    child::ChildInfo::new_default(&trie_id)
}

/// drink's account type → ink!'s.
pub fn ink_id(a: &AccountId32) -> ink::primitives::AccountId {
    let bytes: &[u8; 32] = a.as_ref();
    ink::primitives::AccountId::from(*bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
