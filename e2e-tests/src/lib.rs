//! Test harness over the drink! sandbox runtime (pallet-contracts in-process) running the compiled
//! `.contract` bundles. [`chain::Chain`] makes typed calls and records drink's gas figures;
//! [`suite::Suite`] deploys and wires the four contracts.
pub mod chain;
pub mod suite;

pub use chain::{Chain, GasRecord};
pub use suite::Suite;
pub mod scenarios;
