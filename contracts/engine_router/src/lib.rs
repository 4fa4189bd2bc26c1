//! The liquidation engine as the chain runs it: a router that keeps the engine's storage and
//! delegate-calls the facet holding the called message, as `contracts/vault_router` does for the
//! vault (whose crate docs give the rules; each holds here too and has its test):
//! * **one storage layout**, the engine's own (`layout_is_the_engines`);
//! * **a fixed table** (`ROUTES`) to code hashes set by the constructor, each locked as a
//!   delegate dependency, with no message to change them;
//! * **no router message of its own** besides the constructor and `route`: every other selector
//!   is the engine's, run by its facet with the caller's identity, or refused as ink! refuses an
//!   unknown selector (`LangError::CouldNotReadInput`).
#![cfg_attr(not(feature = "std"), no_std, no_main)]
#![allow(clippy::cast_possible_truncation)]

/// The facet groups, as indices into `Facets` (see `liquidation_engine::FACET_GROUPS`).
pub mod group {
    pub const LIQUIDATE: u8 = 0;
    pub const TAKE: u8 = 1;
    pub const RECOVER: u8 = 2;
    pub const ADMIN: u8 = 3;
    pub const VIEWS: u8 = 4;
}

scf_interfaces::routes! {
    LIQUIDATE: "liquidate", "restart_auction";
    TAKE: "take";
    RECOVER: "settle", "resolve_dispute", "write_off";
    ADMIN: "set_arbiter", "set_recovery_params", "set_keeper_reward", "set_liquidation_limit",
        "set_class_liquidation_limit", "transfer_admin", "accept_admin";
    VIEWS: "admin", "contracts", "liquidation", "auction", "auction_price", "recovery", "claim",
        "recovery_params", "keeper_reward", "liquidation_limits", "facets";
}

#[ink::contract]
pub mod engine_router {
    use collateral_vault::{ClassId, PositionId};
    use ink::storage::{Lazy, Mapping};
    use liquidation_engine::{Auction, Claim, Facets, Liquidation, Recovery};
    use scf_interfaces::router::forward;
    use scf_interfaces::{Admin, AssetId};

    /// The engine's storage, exactly: same name, same fields, same order.
    #[ink(storage)]
    pub struct LiquidationEngine {
        admin: Admin,
        vault: AccountId,
        stablecoin: AccountId,
        liquidations: Mapping<PositionId, Liquidation>,
        liquidation_count: u64,
        claims: Mapping<u64, Claim>,
        auctions: Mapping<AssetId, Auction>,
        recoveries: Mapping<AssetId, Recovery>,
        arbiter: Option<AccountId>,
        auction_cusp_wad: u128,
        recovery_period_ms: u64,
        tip_wad: u128,
        chip_wad: u128,
        dirt_wad: u128,
        hole_wad: u128,
        class_dirt: Mapping<ClassId, u128>,
        class_holes: Mapping<ClassId, u128>,
        facets: Lazy<Facets>,
    }

    impl LiquidationEngine {
        /// The engine's constructor (`liquidation_engine::new`: same arguments, and the same
        /// state, from the one `initial_state!`), which also locks each facet's code as a
        /// delegate dependency of the engine.
        #[ink(constructor)]
        pub fn new(vault: AccountId, stablecoin: AccountId, facets: Facets) -> Self {
            for hash in facets.hashes() {
                // Traps (the deployment fails) for code not on the chain or a hash given twice.
                Self::env().lock_delegate_dependency(&hash);
            }
            liquidation_engine::initial_state!(vault, stablecoin, facets)
        }

        /// Every engine message: runs its facet in the engine's context (storage, address,
        /// caller), whose output or revert is this call's (`TAIL_CALL`).
        #[ink(message, selector = _)]
        pub fn forward(&self) {
            // The hashes are always set by the constructor; without them every message is refused.
            forward(|| self.facets.get().map(|f| f.hashes()), crate::route)
        }

        /// The facet group (`crate::group`) that runs `selector`, or `None`: lets anyone check
        /// the table against the facets' published metadata.
        #[ink(message, selector = @)]
        pub fn route(&self, selector: [u8; 4]) -> Option<u8> {
            crate::route(selector)
        }
    }

    #[cfg(test)]
    mod tests {
        use ink::storage::traits::StorageLayout;

        /// The router's storage is the engine's: same fields, types and keys.
        #[test]
        fn layout_is_the_engines() {
            let router = format!(
                "{:?}",
                <super::LiquidationEngine as StorageLayout>::layout(&0)
            );
            let engine = format!(
                "{:?}",
                <liquidation_engine::liquidation_engine::LiquidationEngine as StorageLayout>::layout(&0)
            );
            assert!(router.contains("facets") && router.contains("class_holes"));
            assert_eq!(router, engine);
        }

        /// Every selector routes to one group, each group to a facet.
        #[test]
        fn routes_are_unique_and_name_a_facet() {
            for (i, (a, g)) in crate::ROUTES.iter().enumerate() {
                assert!(crate::ROUTES[i + 1..].iter().all(|(b, _)| a != b));
                assert!(usize::from(*g) < liquidation_engine::FACET_GROUPS.len());
            }
            assert_eq!(crate::ROUTES.len(), 2 + 1 + 3 + 7 + 11);
            assert_eq!(
                crate::route(ink::selector_bytes!("take")),
                Some(crate::group::TAKE)
            );
            assert_eq!(crate::route([0x9b, 0xae, 0x9d, 0x5e]), None);
        }
    }
}
