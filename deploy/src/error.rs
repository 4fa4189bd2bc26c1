//! Every way the CLI can fail, each naming the problem and what to do about it.
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum DeployError {
    #[error("missing contract artifact {path}: build the contracts first (bash scripts/build-contracts.sh) or pass --artifacts DIR")]
    MissingArtifact { path: PathBuf },
    #[error("bad contract metadata {path}: {why}")]
    BadMetadata { path: PathBuf, why: String },
    #[error("cannot read {path}: {why}")]
    Io { path: PathBuf, why: String },
    #[error("bad config {path}: {why}")]
    Config { path: PathBuf, why: String },
    #[error("bad config {path}: `{key}`: {why}")]
    ConfigValue {
        path: PathBuf,
        key: String,
        why: String,
    },
    #[error("bad number {text:?}: {why}")]
    BadNumber { text: String, why: String },
    #[error("bad secret URI {suri:?}: {why}")]
    BadSuri { suri: String, why: String },
    #[error("node unreachable at {url}: {why}")]
    Unreachable { url: String, why: String },
    #[error("insufficient balance: {account} has {free} free, not enough for {what}")]
    InsufficientBalance {
        account: String,
        free: u128,
        what: String,
    },
    #[error("{contract}.{message} refused: {error}")]
    Contract {
        contract: String,
        message: String,
        error: String,
    },
    #[error("{what} failed on chain: {why}")]
    Dispatch { what: String, why: String },
    #[error("manifest {path}: {why}")]
    Manifest { path: PathBuf, why: String },
    #[error("scenario {path}, step {step} ({action}): {why}")]
    Scenario {
        path: PathBuf,
        step: usize,
        action: String,
        why: String,
    },
    #[error("{what} is not supported on {target}")]
    Unsupported { what: String, target: String },
    #[error("not verified: {bad} code(s) of the deployment are not the build of this source")]
    NotVerified { bad: usize },
}

impl DeployError {
    /// Exit status: 2 for bad input (files, config, numbers), 3 for the chain (node, balance,
    /// dispatch), 4 for a contract refusing a call, 5 for a deployment that is not this source.
    pub fn exit_code(&self) -> i32 {
        use DeployError::*;
        match self {
            MissingArtifact { .. }
            | BadMetadata { .. }
            | Io { .. }
            | Config { .. }
            | ConfigValue { .. }
            | BadNumber { .. }
            | BadSuri { .. }
            | Manifest { .. }
            | Scenario { .. }
            | Unsupported { .. } => 2,
            Unreachable { .. } | InsufficientBalance { .. } | Dispatch { .. } => 3,
            Contract { .. } => 4,
            NotVerified { .. } => 5,
        }
    }
}

pub type Result<T, E = DeployError> = std::result::Result<T, E>;
