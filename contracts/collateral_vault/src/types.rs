//! Storage records of the vault.
use ink::prelude::vec::Vec;
use ink::primitives::AccountId;
use scf_interfaces::{AssetId, AssetKind, AssetKindCode, AssetStatus, Ray, TimestampMs, Wad};

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
    /// Invoices: time after the due date during which the invoice still counts, haircut.
    /// Goods in transit: time after the expected arrival during which they still count.
    pub grace_period_ms: u64,
    /// Invoices: haircut once overdue, within the grace period.
    pub overdue_haircut: Wad,
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
    pub debtor: Option<AccountId>,
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
}

/// A liquidation in progress: what its auctions must still raise.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Liquidation {
    pub owner: AccountId,
    pub class_id: ClassId,
    /// Debt still to cover (burned as proceeds arrive).
    pub debt_remaining_wad: u128,
    /// Penalty still to collect (kept as system surplus).
    pub penalty_remaining_wad: u128,
    /// NFTs still at auction.
    pub assets: Vec<AssetId>,
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
}

/// A liquidated NFT whose value is 0 or unknown (disputed, defaulted, past grace, unpriceable):
/// it is never auctioned. It stays in the vault, where the debtor's later payment still repays
/// the debt, an arbiter resolves a dispute, and only an explicit write-off after the recovery
/// period turns what it leaves unpaid into bad debt.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Recovery {
    pub position_id: PositionId,
    /// The liquidated position's owner: what a later payment leaves over goes to it.
    pub owner: AccountId,
    pub since_ms: TimestampMs,
    /// The arbiter upheld the debtor's dispute: the invoice is void, so it may be written off at
    /// once.
    pub dispute_upheld: bool,
    /// Written off: no longer part of its liquidation; a later payment heals bad debt.
    pub written_off: bool,
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
