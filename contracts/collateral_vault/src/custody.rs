//! What the vault offers its liquidation engine, and it alone (anyone else gets `NotEngine`):
//! the engine runs liquidations, auctions and recoveries (MakerDAO's Dog + Clip), the vault keeps
//! custody of the NFTs and the books. One call per step of a liquidation, because every call
//! into the vault loads its code again.
use crate::errors::VaultError;
use crate::types::{PositionId, Release, SaleTerms, SeizedAsset, Seizure};
use ink::prelude::vec::Vec;
use ink::primitives::AccountId;
use scf_interfaces::AssetId;

#[ink::trait_definition]
pub trait Custody {
    /// Seizes an unsafe position. It is valued for the liquidation check (the upper price;
    /// disputed invoices keep their value until the arbiter rules); an NFT the oracle cannot
    /// price refuses the call, never counts 0. Its debt moves to `auction_debt_wad` and keeps
    /// counting against the debtor's line and the class's and the global ceilings until it is
    /// recovered or written off; its NFTs go to the engine's sale (value > 0) or recovery
    /// (value 0, disputed). `keeper` is minted `min(tip + chip × debt, penalty)` (MakerDAO's
    /// `tip` and `chip`), owed by the system as liquidation debt and paid back from the penalty;
    /// nothing when none of the collateral can be sold, and nothing to the position's debtor.
    /// Refused while paused.
    #[ink(message)]
    fn seize(
        &mut self,
        position_id: PositionId,
        keeper: AccountId,
        tip_wad: u128,
        chip_wad: u128,
    ) -> Result<Seizure, VaultError>;

    /// A seized NFT now, as [`SeizedAsset`] (value 0 if worthless by status or disputed; an
    /// unpriceable NFT refuses with the oracle's error), and its class's sale terms; the NFT is
    /// recorded at auction (value > 0) or in recovery (0). Refused while paused.
    #[ink(message)]
    fn revalue(&mut self, asset_id: AssetId) -> Result<(SeizedAsset, SaleTerms), VaultError>;

    /// What `payer` must pay now to settle a seized invoice, once it is checked to be its debtor
    /// and its status allows payment: face × the currency's fresh upper price, rounded up.
    #[ink(message)]
    fn amount_due(&self, asset_id: AssetId, payer: AccountId) -> Result<u128, VaultError>;

    /// Books the proceeds of `releases`, which the engine has had paid into the vault (checked
    /// against the vault's balance), hands each seized NFT to its `to` (marked `Settled` when
    /// `settled`), and, with `end`, ends that position's liquidation: the debt the vault still
    /// records for it (not the engine's word) becomes bad debt, healed from the surplus as far as
    /// it goes. At most `MAX_ASSETS_PER_POSITION + 1` releases.
    #[ink(message)]
    fn release(
        &mut self,
        releases: Vec<Release>,
        end: Option<PositionId>,
    ) -> Result<(), VaultError>;

    /// The arbiter's ruling on a pledged invoice its debtor disputed, relayed by the engine:
    /// valid makes it `Confirmed` again; void leaves it `Disputed`.
    #[ink(message)]
    fn resolve_dispute(&mut self, asset_id: AssetId, invoice_valid: bool)
        -> Result<(), VaultError>;
}
