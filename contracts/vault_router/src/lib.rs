//! The collateral vault as the chain runs it: a router that keeps the vault's storage and
//! delegate-calls the facet holding the called message (EIP-2535's diamond, reduced to a fixed
//! table). A call loads this router and one facet, not the code of all of the vault's messages.
//!
//! Rules that keep the split safe (each has a test):
//! * **One storage layout.** The storage struct below is the vault's own, field for field and in
//!   the same order, under the same name (ink! derives every `Mapping`'s key from the struct's
//!   and the field's name). `layout_is_the_vaults` compares the two layouts; a facet decoding a
//!   different root would trap on every call.
//! * **A fixed table.** Which facet runs which selector is compiled in (`ROUTES`); the facets'
//!   code hashes are set by the constructor and never change: there is no upgrade message, so no
//!   key can swap a facet for other code. The router locks each hash as a delegate dependency,
//!   so the code cannot be removed from the chain under it.
//! * **No router message of its own** besides the constructor and `route` (the wildcard's
//!   complement, read-only): every other selector is the vault's, run by its facet with the
//!   caller's identity (a delegate call keeps `caller()`), or refused as ink! refuses an unknown
//!   selector (`LangError::CouldNotReadInput`).
#![cfg_attr(not(feature = "std"), no_std, no_main)]
#![allow(clippy::cast_possible_truncation)]

/// The facet groups, as indices into `Facets` (see `collateral_vault::Facets`).
pub mod group {
    pub const PLEDGE: u8 = 0;
    pub const LEND: u8 = 1;
    pub const REPAY: u8 = 2;
    pub const INVOICES: u8 = 3;
    pub const SEIZE: u8 = 4;
    pub const SALE: u8 = 5;
    pub const ADMIN: u8 = 6;
    pub const VIEWS: u8 = 7;
    pub const FACTS: u8 = 8;
    pub const WITHDRAW: u8 = 9;
}

scf_interfaces::routes! {
    PLEDGE: "open_position", "deposit", "close";
    // Borrowing and the two valuations it rests on (what a position is worth to lend against,
    // and what it may still borrow): one valuation code, one facet.
    LEND: "borrow", "position_value", "max_borrow";
    // Money in and out of the vault's own balance.
    REPAY: "repay", "withdraw_surplus", "skim";
    INVOICES: "settle", "dispute", "mark_defaulted", "heal";
    // Valuing seized NFTs for the liquidation: the seizure, and a seized NFT revalued.
    SEIZE: "Custody::seize", "Custody::revalue";
    SALE: "Custody::release";
    ADMIN: "add_class", "set_class_params", "set_class_restricted", "set_class_supplier",
        "grant_underwriter", "revoke_underwriter", "approve_debtor", "clear_debtor_losses",
        "suspend_debtor", "set_max_price_age", "set_global_debt_ceiling", "set_guardian", "pause",
        "unpause", "set_liquidation_engine", "set_surplus_buffer",
        "set_class_price_keys", "transfer_admin", "accept_admin";
    VIEWS: "debtor_losses", "max_price_age", "liquidation_engine", "is_liquidating",
        "class_price_keys", "surplus_buffer", "admin", "guardian", "is_paused", "contracts",
        "global_debt_ceiling", "class", "position", "pledge", "books", "position_debt",
        "debtor_debt", "liquidation_debt", "unit_key",
        "is_underwriter", "debtor_line", "debtor_exposure", "is_class_restricted",
        "is_class_supplier", "settlement_amount", "facets", "debtor_defaults",
        "data_sources";
    // What an invoice's debtor owes and pays, and the facts of goods and disputes.
    FACTS: "attest_arrival", "pay_invoice", "Custody::amount_due", "Custody::resolve_dispute";
    // An NFT out of its position, judged by the lending valuation: apart, as `lend` has no room
    // under 40 KiB for the NFT transfer.
    WITHDRAW: "withdraw";
}

#[ink::contract]
pub mod vault_router {
    use collateral_vault::{
        Class, ClassId, DataSources, DebtorLine, Facets, Pledge, Position, PositionId,
    };
    use ink::prelude::vec::Vec;
    use ink::storage::{Lazy, Mapping};
    use scf_interfaces::router::forward;
    use scf_interfaces::{Admin, AssetId, PriceKey};

    /// The vault's storage, exactly (see the crate docs): same name, same fields, same order.
    #[ink(storage)]
    pub struct CollateralVault {
        admin: Admin,
        guardian: AccountId,
        paused: bool,
        stablecoin: AccountId,
        registry: AccountId,
        oracle: AccountId,
        classes: Mapping<ClassId, Class>,
        class_count: ClassId,
        global_debt_ceiling_wad: u128,
        positions: Mapping<PositionId, Position>,
        position_count: PositionId,
        pledges: Mapping<AssetId, Pledge>,
        debtor_art: Mapping<(ClassId, AccountId), u128>,
        liquidating: Mapping<PositionId, u128>,
        class_seized: Mapping<ClassId, u128>,
        debtor_seized: Mapping<(ClassId, AccountId), u128>,
        debtor_losses: Mapping<AccountId, u128>,
        surplus_wad: u128,
        unminted_surplus_wad: u128,
        pending_surplus_rad: u128,
        auction_debt_wad: u128,
        bad_debt_wad: u128,
        unit_key: PriceKey,
        underwriters: Mapping<AccountId, ()>,
        debtor_lines: Mapping<AccountId, DebtorLine>,
        restricted_classes: Mapping<ClassId, ()>,
        class_suppliers: Mapping<(ClassId, AccountId), ()>,
        max_price_age_ms: u64,
        surplus_buffer_wad: u128,
        class_keys: Mapping<ClassId, Vec<PriceKey>>,
        engine: Option<AccountId>,
        facets: Lazy<Facets>,
        debtor_defaults: Mapping<AccountId, u32>,
        condition_monitor: Option<AccountId>,
        credit_pricer: Option<AccountId>,
    }

    impl CollateralVault {
        /// The vault's constructor (`collateral_vault::new`: same arguments, and the same state,
        /// from the one `initial_state!`), which also locks each facet's code as a delegate
        /// dependency of the vault.
        #[allow(clippy::too_many_arguments)]
        #[ink(constructor)]
        pub fn new(
            stablecoin: AccountId,
            registry: AccountId,
            oracle: AccountId,
            guardian: AccountId,
            global_debt_ceiling_wad: u128,
            unit_key: PriceKey,
            facets: Facets,
            sources: DataSources,
        ) -> Self {
            for hash in facets.hashes() {
                // Traps (the deployment fails) for code not on the chain or a hash given twice.
                Self::env().lock_delegate_dependency(&hash);
            }
            collateral_vault::initial_state!(
                stablecoin,
                registry,
                oracle,
                guardian,
                global_debt_ceiling_wad,
                unit_key,
                facets,
                sources
            )
        }

        /// Every vault message: runs its facet in the vault's context (storage, address,
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

        /// The router's storage is the vault's: same fields, types and keys.
        #[test]
        fn layout_is_the_vaults() {
            let router = format!(
                "{:?}",
                <super::CollateralVault as StorageLayout>::layout(&0)
            );
            let vault = format!(
                "{:?}",
                <collateral_vault::collateral_vault::CollateralVault as StorageLayout>::layout(&0)
            );
            assert!(router.contains("facets") && router.contains("class_keys"));
            assert_eq!(router, vault);
        }

        /// Every selector routes to one group, and the Custody selectors are the trait's.
        #[test]
        fn routes_are_unique_and_cover_the_custody_trait() {
            for (i, (a, _)) in crate::ROUTES.iter().enumerate() {
                assert!(crate::ROUTES[i + 1..].iter().all(|(b, _)| a != b));
            }
            assert_eq!(crate::ROUTES.len(), 3 + 3 + 3 + 4 + 2 + 1 + 19 + 28 + 4 + 1);
            assert_eq!(
                crate::route(ink::selector_bytes!("pay_invoice")),
                Some(crate::group::FACTS)
            );
            assert_eq!(
                crate::route([0xb6, 0x96, 0xbb, 0x2f]),
                Some(crate::group::SEIZE)
            );
            assert_eq!(crate::route([0x9b, 0xae, 0x9d, 0x5e]), None);
        }
    }
}
