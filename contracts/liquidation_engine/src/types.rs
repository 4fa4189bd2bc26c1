//! Storage records of the liquidation engine.
use collateral_vault::{ClassId, PositionId};
use ink::prelude::vec::Vec;
use ink::primitives::AccountId;
use scf_interfaces::{AssetId, TimestampMs};

/// A liquidation in progress: what its auctions and recoveries must still raise.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Liquidation {
    /// Numbers liquidations, so that a recovery knows which one it belongs to even after its
    /// position is liquidated again.
    pub id: u64,
    pub owner: AccountId,
    pub class_id: ClassId,
    /// Debt still to cover (burned as proceeds arrive).
    pub debt_remaining_wad: u128,
    /// Penalty still to collect (kept as system surplus).
    pub penalty_remaining_wad: u128,
    /// NFTs still at auction or in recovery (not written off).
    pub assets: Vec<AssetId>,
    /// NFTs written off so far: a debtor may still pay them after the liquidation ends.
    pub written_off: u32,
    /// What this liquidation counts in the engine's limits (its debt and penalty remaining).
    pub dirt_wad: u128,
}

/// What an ended liquidation still owes when some of its NFTs were written off: a debtor's late
/// payment of one of them goes here first (its shortfall, then its penalty), the rest to the owner.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Claim {
    pub debt_wad: u128,
    pub penalty_wad: u128,
}

/// A Dutch auction of one NFT.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Auction {
    pub position_id: PositionId,
    pub start_price_wad: u128,
    /// The reserve: the auction never sells below it. Once the decaying price would fall below
    /// it (the cusp) or the duration runs out (the tail), the auction must be reset.
    pub floor_wad: u128,
    pub started_at_ms: TimestampMs,
    pub duration_ms: u64,
    /// The invoice's debtor: it never buys its own invoice at auction (it pays what it owes).
    pub debtor: Option<AccountId>,
}

/// A liquidated NFT whose value is 0 or unknown (disputed, defaulted, past grace):
/// it is never auctioned. It stays in the vault, where the debtor's later payment still repays
/// the debt, an arbiter resolves a dispute, and only an explicit write-off after the recovery
/// period turns what it leaves unpaid into bad debt.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Recovery {
    pub position_id: PositionId,
    /// The liquidation it belongs to (`Liquidation::id`).
    pub liquidation_id: u64,
    /// The liquidated position's owner: what a later payment leaves over goes to it.
    pub owner: AccountId,
    pub since_ms: TimestampMs,
    /// When it may be written off: fixed when it starts (`since` + the recovery period then),
    /// so that no later change of the period shortens a running recovery.
    pub write_off_at_ms: TimestampMs,
    /// The arbiter upheld the debtor's dispute: the invoice is void, so it may be written off at
    /// once.
    pub dispute_upheld: bool,
    /// Written off: no longer part of its liquidation; a later payment heals bad debt.
    pub written_off: bool,
}

/// The code hash of each group of the engine's messages. The engine deployed on chain is the
/// router (`contracts/engine_router`): it keeps this storage and delegate-calls the facet that
/// holds the called message, so a call loads the router and one facet, not every message's code.
/// Fixed at construction; the router locks each hash as a delegate dependency so that its code
/// cannot be removed from the chain while the engine uses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Facets {
    /// `liquidate`, `restart_auction`: what seizes a position or revalues an NFT to auction it.
    pub liquidate: ink::primitives::Hash,
    /// `take`.
    pub take: ink::primitives::Hash,
    /// `settle`, `resolve_dispute`, `write_off`: NFTs in recovery and disputed invoices.
    pub recover: ink::primitives::Hash,
    /// The admin's messages.
    pub admin: ink::primitives::Hash,
    /// Every read-only message.
    pub views: ink::primitives::Hash,
}

/// The facet groups, in the order of `Facets`' fields: the `facet-<group>` features (`build.rs`),
/// the `liquidation_engine/facet_<group>.wasm` bundles (`scripts/env.sh`'s `ENGINE_FACETS`) and
/// the router's group numbers.
pub const FACET_GROUPS: [&str; 5] = ["liquidate", "take", "recover", "admin", "views"];

impl Facets {
    /// The code hashes in `FACET_GROUPS` order.
    pub fn hashes(&self) -> [ink::primitives::Hash; 5] {
        [
            self.liquidate,
            self.take,
            self.recover,
            self.admin,
            self.views,
        ]
    }

    /// The facets from their code hashes in `FACET_GROUPS` order.
    pub fn from_hashes(h: [ink::primitives::Hash; 5]) -> Facets {
        let [liquidate, take, recover, admin, views] = h;
        Facets {
            liquidate,
            take,
            recover,
            admin,
            views,
        }
    }
}
