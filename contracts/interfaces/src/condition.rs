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
}
