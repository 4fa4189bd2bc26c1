//! What the vault offers its liquidation engine, and it alone (anyone else gets `NotEngine`):
//! the engine runs liquidations, auctions and recoveries (MakerDAO's Dog + Clip), the vault keeps
//! custody of the NFTs and the books. Each message is one step of a liquidation.
use crate::errors::VaultError;
use crate::types::{PositionId, Proceeds, SaleTerms, Seizure};
use ink::primitives::AccountId;
use scf_interfaces::AssetId;

#[ink::trait_definition]
pub trait Custody {
    /// Seizes an unsafe position (valuing NFTs the oracle cannot price at 0): its debt moves to
    /// `auction_debt_wad`, its NFTs to the engine's sale (value > 0) or recovery (value 0).
    /// Refused while paused.
    #[ink(message)]
    fn seize(&mut self, position_id: PositionId) -> Result<Seizure, VaultError>;

    /// Mints a keeper's reward for a liquidation, owed by the system as liquidation debt
    /// (MakerDAO's `suck`); the engine pays it out of the penalty.
    #[ink(message)]
    fn reward_keeper(&mut self, keeper: AccountId, amount_wad: u128) -> Result<(), VaultError>;

    /// A seized NFT's value now (0 if worthless or unpriceable) and its class's sale terms; the
    /// NFT is recorded at auction (value > 0) or in recovery (0). Refused while paused.
    #[ink(message)]
    fn revalue(&mut self, asset_id: AssetId) -> Result<(u128, SaleTerms), VaultError>;

    /// What `payer` must pay now to settle a seized invoice, once it is checked to be its debtor
    /// and its status allows payment: face × the currency's fresh price, rounded up.
    #[ink(message)]
    fn amount_due(&self, asset_id: AssetId, payer: AccountId) -> Result<u128, VaultError>;

    /// Debt written off and not yet healed.
    #[ink(message)]
    fn bad_debt(&self) -> u128;

    /// Books `proceeds`, which the engine has already sent to the vault, and hands the seized
    /// NFT to `to` (marked `Settled` when `settled`).
    #[ink(message)]
    fn release(
        &mut self,
        asset_id: AssetId,
        to: AccountId,
        settled: bool,
        proceeds: Proceeds,
    ) -> Result<(), VaultError>;

    /// Ends a position's liquidation: `shortfall_wad`, the debt its sales did not cover, becomes
    /// bad debt, healed from the surplus as far as it goes.
    #[ink(message)]
    fn end_liquidation(
        &mut self,
        position_id: PositionId,
        shortfall_wad: u128,
    ) -> Result<(), VaultError>;

    /// The arbiter's ruling on a pledged invoice its debtor disputed, relayed by the engine:
    /// valid makes it `Confirmed` again; void leaves it `Disputed`.
    #[ink(message)]
    fn resolve_dispute(&mut self, asset_id: AssetId, invoice_valid: bool) -> Result<(), VaultError>;
}
