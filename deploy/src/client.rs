//! Typed calls to the deployed suite over any [`Backend`]: arguments SCALE-encoded from the
//! contracts' own types, selectors and error decoding from the metadata.
use crate::artifacts::{Artifact, Artifacts};
use crate::backend::{Address, Backend, ExecOutput, Gas, Signer};
use crate::error::{DeployError, Result};
use parity_scale_codec::{Decode, Encode};

/// The seven deployed contracts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Addresses {
    pub price_oracle: Address,
    pub receivable_registry: Address,
    pub condition_monitor: Address,
    pub credit_pricer: Address,
    pub stablecoin: Address,
    pub collateral_vault: Address,
    pub liquidation_engine: Address,
}

impl Addresses {
    pub fn of(&self, contract: &str) -> Address {
        match contract {
            "price_oracle" => self.price_oracle,
            "receivable_registry" => self.receivable_registry,
            "condition_monitor" => self.condition_monitor,
            "credit_pricer" => self.credit_pricer,
            "stablecoin" => self.stablecoin,
            "liquidation_engine" => self.liquidation_engine,
            _ => self.collateral_vault,
        }
    }
}

pub struct Client<'a> {
    pub backend: &'a mut dyn Backend,
    pub artifacts: &'a Artifacts,
    pub addresses: Addresses,
}

pub fn ink_id(a: &Address) -> ink::primitives::AccountId {
    ink::primitives::AccountId::from(*a)
}

impl Client<'_> {
    /// A state-changing message returning `Result<T, E>`: `Ok(t)` with the gas it used, or the
    /// contract's error decoded from the metadata (and nothing changed).
    pub fn exec<T: Decode>(
        &mut self,
        signer: &Signer,
        contract: &str,
        label: &str,
        args: impl Encode,
    ) -> Result<(T, Gas)> {
        let artifact = self.artifacts.get(contract);
        let data = artifact.message_data(label, args)?;
        let out = self
            .backend
            .call(signer, &self.addresses.of(contract), data)?;
        let value = Self::ok_value::<T>(&out, artifact, contract, label)?;
        Ok((value, out.gas))
    }

    /// A read-only message (dry run) returning `R` as declared.
    pub fn query<R: Decode>(
        &mut self,
        contract: &str,
        label: &str,
        args: impl Encode,
    ) -> Result<R> {
        let (out, artifact) = self.dry_run(contract, label, args)?;
        if out.reverted {
            return Err(DeployError::Contract {
                contract: contract.into(),
                message: label.into(),
                error: artifact.decode_error(label, &out.data),
            });
        }
        <Result<R, ink::LangError>>::decode(&mut &out.data[..])
            .map_err(|e| decode_failed(contract, label, e))?
            .map_err(|e| DeployError::Contract {
                contract: contract.into(),
                message: label.into(),
                error: format!("{e:?}"),
            })
    }

    /// A read-only message returning `Result<R, E>`, its error decoded from the metadata.
    pub fn query_ok<R: Decode>(
        &mut self,
        contract: &str,
        label: &str,
        args: impl Encode,
    ) -> Result<R> {
        let (out, artifact) = self.dry_run(contract, label, args)?;
        Self::ok_value::<R>(&out, artifact, contract, label)
    }

    /// Dry-runs a message, from the contract's own account (reads need no funded origin).
    fn dry_run(
        &mut self,
        contract: &str,
        label: &str,
        args: impl Encode,
    ) -> Result<(ExecOutput, &Artifact)> {
        let artifact = self.artifacts.get(contract);
        let data = artifact.message_data(label, args)?;
        let to = self.addresses.of(contract);
        Ok((self.backend.query(&to, &to, data)?, artifact))
    }

    /// `Ok(Ok(t))` (bytes `00 00 t`) → `t`; anything else → the decoded error.
    fn ok_value<T: Decode>(
        out: &ExecOutput,
        artifact: &Artifact,
        contract: &str,
        label: &str,
    ) -> Result<T> {
        match out.data.as_slice() {
            [0, 0, rest @ ..] if !out.reverted => {
                T::decode(&mut &rest[..]).map_err(|e| decode_failed(contract, label, e))
            }
            _ => Err(DeployError::Contract {
                contract: contract.into(),
                message: label.into(),
                error: artifact.decode_error(label, &out.data),
            }),
        }
    }
}

fn decode_failed(contract: &str, label: &str, e: parity_scale_codec::Error) -> DeployError {
    DeployError::BadMetadata {
        path: format!("{contract}.json").into(),
        why: format!(
            "the return value of {label} does not decode as expected: {e} (artifacts out of date?)"
        ),
    }
}
