//! Test harness over the drink! sandbox runtime (pallet-contracts in-process) running the compiled
//! `.contract` bundles. [`chain::Chain`] makes typed calls and records drink's gas figures;
//! [`suite::Suite`] deploys and wires the suite; [`model`] is the reference model the
//! differential sequences (`tests/differential.rs`) check the contracts against.
pub mod chain;
pub mod model;
pub mod sensor;
pub mod suite;

pub use chain::{Chain, GasRecord};
pub use suite::Suite;
pub mod scenarios;
