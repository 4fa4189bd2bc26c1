//! Storage records of the vault.
use ink::prelude::vec::Vec;
use ink::primitives::AccountId;
use scf_interfaces::{
    AssetId, AssetKind, AssetKindCode, AssetStatus, PriceKey, Ray, TimestampMs, Wad,
};

pub type PositionId = u64;
pub type ClassId = u32;

/// Admin-set parameters of a collateral class (validated in `params.rs`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct ClassParams {
    /// The asset kind this class accepts.
    pub kind: AssetKindCode,
    /// Collateral value ÷ debt below which a position is unsafe (1.5 = 150 %).
    pub liquidation_ratio: Wad,
    /// Per-second stability fee factor (1.0 = no fee).
    pub stability_fee_per_second: Ray,
    /// Added to the debt at liquidation (0.13 = 13 %), paid to the system surplus.
    pub liquidation_penalty: Wad,
    /// Maximum total debt of the class (stablecoin, 18 decimals).
    pub debt_ceiling_wad: u128,
    /// Minimum non-zero debt of a position.
    pub dust_wad: u128,
    /// Maximum total debt of the class financed against one debtor's invoices.
    pub debtor_limit_wad: u128,
    /// Invoices: annual rate of the time discount to the due date (simple, ACT/365).
    pub discount_rate_annual: Wad,
    /// Invoices: time after the due date over which the invoice's value declines linearly to 0.
    /// Goods in transit: the same after their expected arrival. At least a day (no cliff).
    pub grace_period_ms: u64,
    /// Goods: haircut on quantity × price.
    pub goods_haircut: Wad,
    /// Auction start price = collateral value × this.
    pub auction_start_multiplier: Wad,
    /// The auction price falls linearly to zero over this duration.
    pub auction_duration_ms: u64,
}

/// Running state of a class: normalised debt and the fee accumulator.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct ClassState {
    /// Σ normalised debt (`art`) of the class's positions. Debt = art × rate.
    pub total_art: u128,
    /// Accumulated stability-fee factor (starts at 1.0 ray).
    pub rate: Ray,
    /// When `rate` was last brought up to date.
    pub last_accrual_ms: TimestampMs,
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Class {
    pub params: ClassParams,
    pub state: ClassState,
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Position {
    pub owner: AccountId,
    pub class_id: ClassId,
    /// Normalised debt: the debt is `art × class rate`, rounded up.
    pub art: u128,
    /// The NFTs held, at most `MAX_ASSETS_PER_POSITION`.
    pub assets: Vec<AssetId>,
    /// Invoice positions finance one debtor (a buyer facility): the debtor of their invoices.
    /// Kept while the position has debt, also while it is being liquidated (its seized debt
    /// still counts against the debtor's line).
    pub debtor: Option<AccountId>,
    /// The one price key that values the position's NFTs (set by the first deposit, cleared
    /// when it holds none): a reporter's reach ends at its key, so no other key's outage or
    /// suspension can stop this position's liquidation.
    pub price_key: Option<PriceKey>,
}

/// An NFT in the vault's custody, with the terms read from the registry at deposit. Terms never
/// change while pledged and only the vault changes the status, so valuation needs no registry call.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Pledge {
    pub position_id: PositionId,
    pub kind: AssetKind,
    pub status: AssetStatus,
    pub hold: Hold,
    /// The arbiter ruled the disputed invoice void: it is worth nothing for any purpose (a
    /// disputed invoice otherwise keeps its value for the liquidation check until a ruling).
    pub void: bool,
}

/// An underwriter's credit line for a debtor (a buyer whose invoices may serve as collateral).
/// Only approved, unsuspended debtors' invoices are accepted and lent against.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct DebtorLine {
    /// The most debt that may be drawn against the debtor's invoices, all classes and suppliers.
    pub credit_limit_wad: u128,
    /// Suspended by an underwriter: nothing new is lent against its invoices (existing positions
    /// are unaffected).
    pub suspended: bool,
}

/// Where a pledged NFT is: in its position, or seized by the liquidation engine and at auction
/// or in recovery (the engine's records say which auction or recovery).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum Hold {
    Position,
    /// Seized, for sale: its debtor may neither pay nor dispute it through the vault.
    Auction,
    /// Seized with no value (disputed, defaulted, past grace): its debtor pays it through the
    /// engine.
    Recovery,
}

/// How the liquidation engine sells a class's NFTs (the class's parameters, read at seizure).
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct SaleTerms {
    /// Auction start price = value × this.
    pub auction_start_multiplier: Wad,
    pub auction_duration_ms: u64,
}

/// A seized NFT as the liquidation engine must treat it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct SeizedAsset {
    pub asset_id: AssetId,
    /// What it may be sold for (its value at the upper price): 0 sends it to recovery (worthless,
    /// or disputed: a buyer cannot price a dispute), never to auction.
    pub value_wad: u128,
    /// What its debtor owes now (face × the upper price, rounded up) for an invoice that may be
    /// paid; 0 for goods. Its auction never starts below it.
    pub owed_wad: u128,
    /// The invoice's debtor, who never buys it at auction (it pays what it owes instead).
    pub debtor: Option<AccountId>,
    /// The arbiter already ruled the invoice void: its recovery may be written off at once.
    pub void: bool,
}

/// What `Custody::seize` hands the liquidation engine: the seized debt and NFTs with their values
/// (0 for an NFT worth nothing or that cannot be sold: it goes to recovery, not to auction).
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct Seizure {
    pub owner: AccountId,
    pub class_id: ClassId,
    pub debt_wad: u128,
    pub penalty_wad: u128,
    /// The value the safety check found too low (disputed invoices included).
    pub collateral_value_wad: u128,
    /// Minted to the keeper out of the penalty, owed by the system until the sales cover it.
    /// Never to a debtor of the position.
    pub keeper_reward_wad: u128,
    pub assets: Vec<SeizedAsset>,
    pub terms: SaleTerms,
}

/// Stablecoin the liquidation engine has had paid into the vault for one NFT, by destination.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct Proceeds {
    /// Burned against a live liquidation's debt (`auction_debt_wad`).
    pub to_debt_wad: u128,
    /// Kept as system surplus.
    pub to_penalty_wad: u128,
    /// Repays an ended liquidation's shortfall: burned against bad debt as far as there is any,
    /// the rest refills the surplus that covered it.
    pub to_loss_wad: u128,
}

impl Proceeds {
    pub fn total_wad(&self) -> Option<u128> {
        self.to_debt_wad
            .checked_add(self.to_penalty_wad)?
            .checked_add(self.to_loss_wad)
    }
}

/// One seized NFT leaving the vault: to a buyer, back to its owner, or settled by its debtor.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct Release {
    pub asset_id: AssetId,
    pub to: AccountId,
    /// Marked `Settled` (its debtor paid it).
    pub settled: bool,
    pub proceeds: Proceeds,
}

/// The system's books. With `Σ_class total_art × rate` as the position debt, the vault keeps
/// the exact identity (in rad = wad × ray units):
///
/// `Σ total_art·rate + (auction_debt_wad + bad_debt_wad)·RAY == stablecoin supply·RAY + pending_surplus_rad`
///
/// and the vault's own stablecoin balance equals `surplus_wad`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct Books {
    pub surplus_wad: u128,
    pub pending_surplus_rad: u128,
    pub auction_debt_wad: u128,
    pub bad_debt_wad: u128,
    pub class_count: u32,
    pub position_count: u64,
    pub paused: bool,
}

/// The code hash of each group of the vault's messages. The vault deployed on chain is the
/// router (`contracts/vault_router`): it keeps this storage and delegate-calls the facet that
/// holds the called message, so a call loads the router and one facet, not every message's code.
/// Fixed at construction; the router locks each hash as a delegate dependency so that its code
/// cannot be removed from the chain while the vault uses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Facets {
    /// `open_position`, `deposit`, `close`.
    pub pledge: ink::primitives::Hash,
    /// `borrow`, `position_value`, `max_borrow`: what values the collateral to lend against it.
    pub lend: ink::primitives::Hash,
    /// `repay`, `withdraw_surplus`, `skim`: money in and out of the vault's balance.
    pub repay: ink::primitives::Hash,
    /// `settle`, `dispute`, `mark_defaulted`, `heal`.
    pub invoices: ink::primitives::Hash,
    /// The liquidation engine's `seize` and `revalue`: valuing seized NFTs.
    pub seize: ink::primitives::Hash,
    /// The liquidation engine's `release`.
    pub sale: ink::primitives::Hash,
    /// The admin's, guardian's and underwriters' messages.
    pub admin: ink::primitives::Hash,
    /// Every read-only message.
    pub views: ink::primitives::Hash,
    /// What touches no position's debt: `attest_arrival` (the destination warehouse turns a
    /// pledged shipment into a receipt), the engine's `resolve_dispute` (the arbiter's ruling)
    /// and `pay_invoice` (an invoice outside the vault, paid on chain to its holder), and the
    /// engine's `amount_due` (what `pay_invoice` also computes). Apart so that their code weighs
    /// on no position's everyday call.
    pub facts: ink::primitives::Hash,
    /// `withdraw`: an NFT out of its position, judged by the lending valuation (apart from
    /// `lend`, which it would take past 40 KiB).
    pub withdraw: ink::primitives::Hash,
}

/// The facet groups, in the order of `Facets`' fields: the `facet-<group>` features (`build.rs`),
/// the `collateral_vault/facet_<group>.wasm` bundles (`scripts/env.sh`'s `VAULT_FACETS`) and the
/// router's group numbers.
pub const FACET_GROUPS: [&str; 10] = [
    "pledge", "lend", "repay", "invoices", "seize", "sale", "admin", "views", "facts", "withdraw",
];

impl Facets {
    /// The code hashes in `FACET_GROUPS` order.
    pub fn hashes(&self) -> [ink::primitives::Hash; 10] {
        [
            self.pledge,
            self.lend,
            self.repay,
            self.invoices,
            self.seize,
            self.sale,
            self.admin,
            self.views,
            self.facts,
            self.withdraw,
        ]
    }

    /// The facets from their code hashes in `FACET_GROUPS` order.
    pub fn from_hashes(h: [ink::primitives::Hash; 10]) -> Facets {
        let [pledge, lend, repay, invoices, seize, sale, admin, views, facts, withdraw] = h;
        Facets {
            pledge,
            lend,
            repay,
            invoices,
            seize,
            sale,
            admin,
            views,
            facts,
            withdraw,
        }
    }
}

/// Where the vault's valuation from live data comes from, fixed at construction (none: goods are
/// valued from their terms alone, every invoice of a class at the class's terms).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct DataSources {
    /// The condition monitor (`ConditionFeed`): goods' condition factor.
    pub condition_monitor: Option<AccountId>,
    /// The credit pricer (`CreditPricing`): what a class lends against a debtor's invoices.
    pub credit_pricer: Option<AccountId>,
}
