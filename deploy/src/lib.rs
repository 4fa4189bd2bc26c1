//! Deploys the supply-chain-finance suite, reads it back, and runs financing stories against it —
//! on the embedded sandbox chain (drink, in-process) or a live pallet-contracts node (subxt).
pub mod artifacts;
pub mod backend;
pub mod client;
pub mod config;
pub mod deploy;
pub mod error;
pub mod manifest;
pub mod progress;
pub mod scenario;
pub mod score;
pub mod status;
pub mod units;
pub mod verify;

pub use error::{DeployError, Result};
