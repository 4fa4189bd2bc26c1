//! The embedded sandbox chain: drink's runtime (pallet-contracts, balances, timestamp) in-process.
//! Its state is kept in a file between commands, so `deploy`, `status` and `scenario` see one
//! chain, like successive commands against a node.
use super::{is_balance_error, Address, Backend, ExecOutput, Gas, Signer};
use crate::error::{DeployError, Result};
use drink::minimal::{MinimalSandbox, MinimalSandboxRuntime};
use drink::pallet_contracts::{self, Determinism};
use drink::sandbox_api::prelude::*;
use drink::{AccountId32, Sandbox};
use parity_scale_codec::{Decode, Encode};
use std::path::PathBuf;

/// The file format: the raw storage key/values and root of an `ink_sandbox::Snapshot`.
#[derive(Encode, Decode)]
struct StateFile {
    version: u32,
    storage: Vec<StorageEntry>,
    root: [u8; 32],
}
/// A key and its value with the snapshot's reference count.
type StorageEntry = (Vec<u8>, (Vec<u8>, i32));
const STATE_VERSION: u32 = 1;

pub struct SandboxBackend {
    sandbox: MinimalSandbox,
    state_file: Option<PathBuf>,
    /// Native balance minted to each account the tool signs with (0: none).
    fund_amount: u128,
}

impl SandboxBackend {
    /// A fresh chain whose clock starts at the wall-clock time, or the chain saved in `state_file`.
    pub fn open(state_file: Option<PathBuf>, fresh: bool, fund_amount: u128) -> Result<Self> {
        let mut sandbox = MinimalSandbox::default();
        match &state_file {
            Some(path) if !fresh => {
                let bytes = std::fs::read(path).map_err(|e| DeployError::Io {
                    path: path.clone(),
                    why: format!("{e} (no sandbox chain saved here: run `deploy` first)"),
                })?;
                let state = StateFile::decode(&mut &bytes[..])
                    .ok()
                    .filter(|s| s.version == STATE_VERSION)
                    .ok_or_else(|| DeployError::Io {
                        path: path.clone(),
                        why: "not a sandbox state file of this version".into(),
                    })?;
                sandbox.restore_snapshot(ink_sandbox::Snapshot {
                    storage: state.storage,
                    storage_root: state.root.into(),
                });
            }
            _ => {
                let now_ms = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_millis() as u64)
                    .unwrap_or(0);
                sandbox.set_timestamp(now_ms);
            }
        }
        Ok(SandboxBackend {
            sandbox,
            state_file,
            fund_amount,
        })
    }

    /// A call, committed or (`dry`) rolled back afterwards.
    fn exec(
        &mut self,
        origin: &Address,
        contract: &Address,
        data: Vec<u8>,
        dry: bool,
    ) -> Result<ExecOutput> {
        let (who, to) = (AccountId32::new(*origin), AccountId32::new(*contract));
        let call = |s: &mut MinimalSandbox| {
            s.call_contract(
                to,
                0,
                data,
                who,
                MinimalSandbox::default_gas_limit(),
                None,
                Determinism::Enforced,
            )
        };
        let r = if dry {
            self.sandbox.dry_run(call)
        } else {
            call(&mut self.sandbox)
        };
        ExecOutput::from_result(r).map_err(|e| {
            self.failed(
                origin,
                if dry { "query" } else { "call" }.into(),
                format!("{e:?}"),
            )
        })
    }

    fn failed(&mut self, who: &Address, what: String, why: String) -> DeployError {
        if is_balance_error(&why) {
            let free = self.sandbox.free_balance(&AccountId32::new(*who));
            DeployError::InsufficientBalance {
                account: super::ss58(who),
                free,
                what: format!("{what} ({why})"),
            }
        } else {
            DeployError::Dispatch { what, why }
        }
    }
}

impl Backend for SandboxBackend {
    fn chain_name(&mut self) -> Result<String> {
        Ok("drink sandbox (pallet-contracts, in-process)".into())
    }

    fn genesis_hash(&mut self) -> Result<Option<String>> {
        Ok(None)
    }

    fn target(&self) -> String {
        "sandbox".into()
    }

    fn free_balance(&mut self, who: &Address) -> Result<u128> {
        Ok(self.sandbox.free_balance(&AccountId32::new(*who)))
    }

    fn upload(&mut self, signer: &Signer, wasm: &[u8]) -> Result<([u8; 32], Gas)> {
        let who = signer.address();
        let r = self.sandbox.upload_contract(
            wasm.to_vec(),
            AccountId32::new(who),
            None,
            Determinism::Enforced,
        );
        match r {
            Ok(v) => Ok((
                v.code_hash.0,
                Gas {
                    storage_deposit: v.deposit as i128,
                    ..Gas::default()
                },
            )),
            Err(e) => Err(self.failed(&who, "upload".into(), format!("{e:?}"))),
        }
    }

    fn instantiate(
        &mut self,
        signer: &Signer,
        code_hash: [u8; 32],
        data: Vec<u8>,
        salt: Vec<u8>,
    ) -> Result<(Address, Gas)> {
        let who = signer.address();
        let r = self.sandbox.instantiate_contract(
            code_hash.to_vec(),
            0,
            data,
            salt,
            AccountId32::new(who),
            MinimalSandbox::default_gas_limit(),
            None,
        );
        let gas = Gas::measured(r.gas_consumed, &r.storage_deposit);
        match r.result {
            Ok(v) if !v.result.did_revert() => Ok((*AsRef::<[u8; 32]>::as_ref(&v.account_id), gas)),
            Ok(v) => Err(DeployError::Dispatch {
                what: "instantiate".into(),
                why: format!("constructor reverted: 0x{}", hex::encode(v.result.data)),
            }),
            Err(e) => Err(self.failed(&who, "instantiate".into(), format!("{e:?}"))),
        }
    }

    fn call(&mut self, signer: &Signer, contract: &Address, data: Vec<u8>) -> Result<ExecOutput> {
        // pallet-contracts discards everything a reverted call did, so one call is enough here.
        self.exec(&signer.address(), contract, data, false)
    }

    fn query(&mut self, origin: &Address, contract: &Address, data: Vec<u8>) -> Result<ExecOutput> {
        self.exec(origin, contract, data, true)
    }

    fn code_hash_at(&mut self, contract: &Address) -> Result<Option<[u8; 32]>> {
        let id = AccountId32::new(*contract);
        Ok(self.sandbox.execute_with(|| {
            pallet_contracts::Pallet::<MinimalSandboxRuntime>::code_hash(&id).map(|h| h.0)
        }))
    }

    fn now_ms(&mut self) -> Result<u64> {
        Ok(self.sandbox.get_timestamp())
    }

    fn advance_ms(&mut self, ms: u64) -> Result<()> {
        let now = self.sandbox.get_timestamp();
        let later = now
            .checked_add(ms)
            .ok_or_else(|| DeployError::Unsupported {
                what: format!("advancing the clock by {ms} ms from {now}"),
                target: "the sandbox (u64 overflow)".into(),
            })?;
        self.sandbox.set_timestamp(later);
        Ok(())
    }

    fn ensure_funded(&mut self, who: &Address) -> Result<()> {
        let id = AccountId32::new(*who);
        if self.fund_amount > 0 && self.sandbox.free_balance(&id) < self.fund_amount / 2 {
            self.sandbox
                .mint_into(&id, self.fund_amount)
                .map_err(|e| DeployError::Dispatch {
                    what: "funding a sandbox account".into(),
                    why: format!("{e:?}"),
                })?;
        }
        Ok(())
    }

    fn persist(&mut self) -> Result<()> {
        let Some(path) = self.state_file.clone() else {
            return Ok(());
        };
        let snapshot = self.sandbox.take_snapshot();
        let state = StateFile {
            version: STATE_VERSION,
            storage: snapshot.storage,
            root: snapshot.storage_root.0,
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| DeployError::Io {
                path: dir.to_path_buf(),
                why: e.to_string(),
            })?;
        }
        std::fs::write(&path, state.encode()).map_err(|e| DeployError::Io {
            path,
            why: e.to_string(),
        })
    }
}
