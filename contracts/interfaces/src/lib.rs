//! Shared vocabulary of the supply-chain finance suite.
//!
//! Every contract speaks to the others only through the `#[ink::trait_definition]`s in [`traits`],
//! so any one of them (say, the oracle) can be replaced by another implementation of its trait.
#![cfg_attr(not(feature = "std"), no_std, no_main)]
// The SCALE derive's expansion for enums casts variant indices to u8; cargo-contract's lint pass
// flags that generated code. Our enums have far fewer than 256 variants.
#![allow(clippy::cast_possible_truncation)]

pub mod admin;
pub mod calls;
pub mod condition;
pub mod math;
pub mod oracle;
pub mod pricing;
pub mod psp34;
pub mod registry;
pub mod router;
pub mod stablecoin;
pub mod time;

pub use admin::{Admin, AdminError};
pub use condition::ConditionFeed;
pub use math::{MathError, Ray, Wad, RAY, WAD};
pub use oracle::{price_key, OracleError, PriceData, PriceFeed, PriceKey};
pub use pricing::{CreditPricing, InvoiceRates};
pub use psp34::{Id, PSP34Error, PSP34Metadata, PSP34};
pub use registry::{terms_hash, unpaid_defaults_after};
pub use registry::{
    token_id, Asset, AssetId, AssetKind, AssetKindCode, AssetStatus, DocumentHash, GoodsTerms,
    InvoiceTerms, PaymentRecord, ReceivableRegistry, RegistryError, TransitTerms,
};
pub use stablecoin::{PSP22Error, PSP22Metadata, StablecoinMinter, PSP22};
pub use time::{TimestampMs, MS_PER_DAY, MS_PER_YEAR, SECONDS_PER_YEAR};
