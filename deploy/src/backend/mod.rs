//! Where the suite runs: the embedded sandbox chain (drink, in-process, the default) or a live
//! pallet-contracts node (subxt). Deploy, status and scenario are written once against [`Backend`].
use crate::error::{DeployError, Result};
use std::str::FromStr;
use subxt_signer::{sr25519::Keypair, SecretUri};

pub mod live;
pub mod sandbox;

pub type Address = [u8; 32];

/// What pallet-contracts measured for one extrinsic.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Gas {
    pub ref_time: u64,
    pub proof_size: u64,
    /// Charged (positive) or refunded (negative), in the chain's native units.
    pub storage_deposit: i128,
}

impl Gas {
    /// From pallet-contracts' own figures.
    pub fn measured(
        consumed: drink::Weight,
        deposit: &drink::pallet_contracts::StorageDeposit<u128>,
    ) -> Gas {
        use drink::pallet_contracts::StorageDeposit::{Charge, Refund};
        Gas {
            ref_time: consumed.ref_time(),
            proof_size: consumed.proof_size(),
            storage_deposit: match deposit {
                Charge(c) => *c as i128,
                Refund(r) => -(*r as i128),
            },
        }
    }
}

/// A contract call's output as pallet-contracts returned it.
#[derive(Debug, Clone)]
pub struct ExecOutput {
    /// The contract reverted: nothing it did was kept (and on a live node nothing was submitted).
    pub reverted: bool,
    pub data: Vec<u8>,
    pub gas: Gas,
    /// The gas limit the call needs (pallet-contracts' `gas_required`, ≥ what it consumed).
    pub gas_required: drink::Weight,
}

impl ExecOutput {
    /// pallet-contracts' answer to a call (dry run or not): its output, or why it was not
    /// dispatched.
    pub fn from_result<E>(
        r: drink::pallet_contracts::ContractExecResult<u128, E>,
    ) -> std::result::Result<ExecOutput, drink::DispatchError> {
        let gas = Gas::measured(r.gas_consumed, &r.storage_deposit);
        r.result.map(|v| ExecOutput {
            reverted: v.did_revert(),
            data: v.data,
            gas,
            gas_required: r.gas_required,
        })
    }
}

/// An account that can sign: a secret URI (`//Alice`, a mnemonic, …) and its sr25519 key.
#[derive(Clone)]
pub struct Signer {
    pub suri: String,
    pub pair: Keypair,
}

impl Signer {
    pub fn from_suri(suri: &str) -> Result<Signer> {
        let uri = SecretUri::from_str(suri).map_err(|e| DeployError::BadSuri {
            suri: suri.to_string(),
            why: e.to_string(),
        })?;
        let pair = Keypair::from_uri(&uri).map_err(|e| DeployError::BadSuri {
            suri: suri.to_string(),
            why: e.to_string(),
        })?;
        Ok(Signer {
            suri: suri.to_string(),
            pair,
        })
    }

    pub fn address(&self) -> Address {
        self.pair.public_key().0
    }
}

/// An account named in a config or scenario: a secret URI (`//Bob`, a mnemonic) or a bare SS58
/// address (enough for roles that never sign through this tool, e.g. a guardian's multisig).
pub fn parse_account(text: &str) -> Result<Address> {
    if let Ok(id) = subxt::utils::AccountId32::from_str(text) {
        return Ok(id.0);
    }
    Signer::from_suri(text).map(|s| s.address())
}

/// SS58 (generic substrate prefix 42) for display and the manifest.
pub fn ss58(a: &Address) -> String {
    subxt::utils::AccountId32(*a).to_string()
}

pub trait Backend {
    /// What the target calls itself (the node's chain name, or "drink sandbox").
    fn chain_name(&mut self) -> Result<String>;
    /// The chain's genesis block hash, hex with 0x (none for the in-process sandbox).
    fn genesis_hash(&mut self) -> Result<Option<String>>;
    /// Where it is: "sandbox" or the node URL.
    fn target(&self) -> String;
    fn free_balance(&mut self, who: &Address) -> Result<u128>;
    /// Uploads code (a no-op if the chain has it already); returns its code hash.
    fn upload(&mut self, signer: &Signer, wasm: &[u8]) -> Result<([u8; 32], Gas)>;
    /// Instantiates uploaded code with `data` (constructor selector + arguments).
    fn instantiate(
        &mut self,
        signer: &Signer,
        code_hash: [u8; 32],
        data: Vec<u8>,
        salt: Vec<u8>,
    ) -> Result<(Address, Gas)>;
    /// A state-changing call. A call that would revert is dry-run only: it returns
    /// `reverted = true` and changes nothing.
    fn call(&mut self, signer: &Signer, contract: &Address, data: Vec<u8>) -> Result<ExecOutput>;
    /// A read-only call (dry run) from `origin`.
    fn query(&mut self, origin: &Address, contract: &Address, data: Vec<u8>) -> Result<ExecOutput>;
    /// The code hash the chain records for a contract, if it is one.
    fn code_hash_at(&mut self, contract: &Address) -> Result<Option<[u8; 32]>>;
    fn now_ms(&mut self) -> Result<u64>;
    /// Moves the clock forward (sandbox only: a live chain's time is its own).
    fn advance_ms(&mut self, ms: u64) -> Result<()>;
    /// Makes sure `who` can pay for its calls (the sandbox mints; a live node does nothing).
    fn ensure_funded(&mut self, who: &Address) -> Result<()>;
    /// Keeps what happened (the sandbox writes its state file; a live node has already).
    fn persist(&mut self) -> Result<()>;
}

/// Dispatch errors that mean the signer could not pay (fees or storage deposit).
pub fn is_balance_error(text: &str) -> bool {
    [
        "StorageDepositNotEnoughFunds",
        "StorageDepositLimitExhausted",
        "FundsUnavailable",
        "InsufficientBalance",
        "Inability to pay some fees",
        "BelowMinimum",
        "TransferFailed",
    ]
    .iter()
    .any(|k| text.contains(k))
}
