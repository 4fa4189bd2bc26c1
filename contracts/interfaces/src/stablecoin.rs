//! The stablecoin's interfaces: PSP22 (the `psp22` crate's trait, re-exported) plus minting.
use ink::primitives::AccountId;
pub use psp22::{PSP22Error, PSP22Metadata, PSP22};

/// Supply management reserved to the minter (the collateral vault).
#[ink::trait_definition]
pub trait StablecoinMinter {
    /// Mints `value` to `to`. Only the minter.
    #[ink(message)]
    fn mint(&mut self, to: AccountId, value: u128) -> Result<(), PSP22Error>;

    /// Burns `value` from `from`. Only the minter; when `from` is not the minter itself this
    /// consumes `from`'s allowance to the minter (like Dai's `burn`), so the minter can never burn
    /// tokens their holder did not offer.
    #[ink(message)]
    fn burn_from(&mut self, from: AccountId, value: u128) -> Result<(), PSP22Error>;

    /// The current minter.
    #[ink(message)]
    fn minter(&self) -> AccountId;
}
