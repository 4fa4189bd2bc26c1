//! What the vault asks the condition monitor about a lot of goods.
use crate::registry::AssetId;

#[ink::trait_definition]
pub trait ConditionFeed {
    /// The share (wad) of its value goods NFT `asset_id` keeps for its reported condition under
    /// the policy of the vault's class `class_id`: the whole (`WAD`) when the class has no policy
    /// or the lot is in good condition, `WAD − haircut` after an excursion no attester has
    /// cleared, `None` when its condition is unknown (seal broken, silent longer than the class
    /// allows, never watched): worth nothing.
    #[ink(message)]
    fn condition_factor(&self, asset_id: AssetId, class_id: u32) -> Option<u128>;

    /// [`Self::condition_factor`] of each of `asset_ids` (one answer each, in order): the vault
    /// asks once per position, so a position's lots load the monitor's code into the proof once,
    /// not once per lot.
    #[ink(message)]
    fn condition_factors(
        &self,
        asset_ids: ink::prelude::vec::Vec<AssetId>,
        class_id: u32,
    ) -> ink::prelude::vec::Vec<Option<u128>>;
}
