//! Every state change of the vault emits one of these.
use crate::types::{ClassId, ClassParams, PositionId};
use ink::primitives::AccountId;
use scf_interfaces::{AssetId, AssetStatus};

#[ink::event]
pub struct ClassAdded {
    #[ink(topic)]
    pub class_id: ClassId,
    pub params: ClassParams,
}

#[ink::event]
pub struct ClassParamsChanged {
    #[ink(topic)]
    pub class_id: ClassId,
    pub params: ClassParams,
}

#[ink::event]
pub struct GlobalDebtCeilingChanged {
    pub ceiling_wad: u128,
}

#[ink::event]
pub struct FeesAccrued {
    #[ink(topic)]
    pub class_id: ClassId,
    /// The accumulator after accrual.
    pub rate_ray: u128,
    /// Fee accrued (rad), low 128 bits: informational; the books are in `Books`.
    pub fee_rad_low: u128,
}

#[ink::event]
pub struct PositionOpened {
    #[ink(topic)]
    pub position_id: PositionId,
    #[ink(topic)]
    pub owner: AccountId,
    pub class_id: ClassId,
}

#[ink::event]
pub struct PositionClosed {
    #[ink(topic)]
    pub position_id: PositionId,
}

#[ink::event]
pub struct AssetDeposited {
    #[ink(topic)]
    pub position_id: PositionId,
    #[ink(topic)]
    pub asset_id: AssetId,
}

#[ink::event]
pub struct AssetWithdrawn {
    #[ink(topic)]
    pub position_id: PositionId,
    #[ink(topic)]
    pub asset_id: AssetId,
    pub to: AccountId,
}

#[ink::event]
pub struct Borrowed {
    #[ink(topic)]
    pub position_id: PositionId,
    pub amount_wad: u128,
    /// Position debt after the operation.
    pub debt_wad: u128,
}

#[ink::event]
pub struct Repaid {
    #[ink(topic)]
    pub position_id: PositionId,
    #[ink(topic)]
    pub payer: AccountId,
    pub amount_wad: u128,
    pub debt_wad: u128,
}

#[ink::event]
pub struct InvoiceSettled {
    #[ink(topic)]
    pub asset_id: AssetId,
    #[ink(topic)]
    pub position_id: PositionId,
    pub paid_wad: u128,
    pub debt_repaid_wad: u128,
    pub to_owner_wad: u128,
}

/// An invoice the vault does not hold, paid on chain by its debtor to its holder.
#[ink::event]
pub struct InvoicePaid {
    #[ink(topic)]
    pub asset_id: AssetId,
    #[ink(topic)]
    pub debtor: AccountId,
    #[ink(topic)]
    pub holder: AccountId,
    pub paid_wad: u128,
}

#[ink::event]
pub struct AssetStatusChanged {
    #[ink(topic)]
    pub asset_id: AssetId,
    pub status: AssetStatus,
}

#[ink::event]
pub struct LiquidationFinished {
    #[ink(topic)]
    pub position_id: PositionId,
    /// Debt the auctions could not cover, recorded as bad debt.
    pub shortfall_wad: u128,
}

/// The liquidation engine seized an unsafe position: its debt is now liquidation debt, and the
/// keeper who called it was minted its reward.
#[ink::event]
pub struct PositionSeized {
    #[ink(topic)]
    pub position_id: PositionId,
    pub debt_wad: u128,
    pub penalty_wad: u128,
    pub collateral_value_wad: u128,
    #[ink(topic)]
    pub keeper: AccountId,
    pub keeper_reward_wad: u128,
}

/// The liquidation engine released a seized NFT (sold, paid or returned) and booked what it
/// brought in.
#[ink::event]
pub struct CollateralReleased {
    #[ink(topic)]
    pub asset_id: AssetId,
    #[ink(topic)]
    pub to: AccountId,
    pub settled: bool,
    pub to_debt_wad: u128,
    pub to_penalty_wad: u128,
    pub to_loss_wad: u128,
    /// The part of `to_loss_wad` burned against bad debt (the rest refilled the surplus).
    pub bad_debt_healed_wad: u128,
}

#[ink::event]
pub struct LiquidationEngineSet {
    pub engine: AccountId,
}

#[ink::event]
pub struct BadDebtHealed {
    pub amount_wad: u128,
    pub bad_debt_wad: u128,
}

#[ink::event]
pub struct SurplusWithdrawn {
    #[ink(topic)]
    pub to: AccountId,
    pub amount_wad: u128,
}

#[ink::event]
pub struct PausedChanged {
    pub paused: bool,
    #[ink(topic)]
    pub by: AccountId,
}

#[ink::event]
pub struct GuardianChanged {
    pub guardian: AccountId,
}

#[ink::event]
pub struct UnderwriterChanged {
    #[ink(topic)]
    pub account: AccountId,
    /// Granted (true) or revoked (false).
    pub granted: bool,
}

/// `borrow` found that `debtor`'s defaults counted by the vault were all paid outside it (the
/// registry's record shows none unpaid): the vault's count is cleared.
#[ink::event]
pub struct DebtorDefaultsPaid {
    #[ink(topic)]
    pub debtor: AccountId,
}

/// An underwriter approved a debtor, changed its credit limit or reinstated it.
#[ink::event]
pub struct DebtorApproved {
    #[ink(topic)]
    pub debtor: AccountId,
    pub credit_limit_wad: u128,
    #[ink(topic)]
    pub by: AccountId,
}

/// A liquidation of a position financing `debtor` ended short: the debt it wrote off keeps
/// counting against the debtor's credit line until an underwriter clears it.
#[ink::event]
pub struct DebtorLossRecorded {
    #[ink(topic)]
    pub debtor: AccountId,
    pub written_off_wad: u128,
    pub losses_wad: u128,
}

/// An underwriter reviewed a debtor's written-off losses and cleared them from its line.
#[ink::event]
pub struct DebtorLossesCleared {
    #[ink(topic)]
    pub debtor: AccountId,
    pub cleared_wad: u128,
    #[ink(topic)]
    pub by: AccountId,
}

#[ink::event]
pub struct DebtorSuspended {
    #[ink(topic)]
    pub debtor: AccountId,
    #[ink(topic)]
    pub by: AccountId,
}

#[ink::event]
pub struct ClassRestrictionChanged {
    #[ink(topic)]
    pub class_id: ClassId,
    /// Open to listed suppliers only (true) or to anyone (false).
    pub restricted: bool,
}

#[ink::event]
pub struct ClassSupplierChanged {
    #[ink(topic)]
    pub class_id: ClassId,
    #[ink(topic)]
    pub supplier: AccountId,
    pub allowed: bool,
}

#[ink::event]
pub struct MaxPriceAgeChanged {
    pub max_price_age_ms: u64,
}

/// Stablecoin sent to the vault outside the protocol, booked into the surplus.
#[ink::event]
pub struct SurplusSkimmed {
    pub amount_wad: u128,
    #[ink(topic)]
    pub by: AccountId,
}

#[ink::event]
pub struct SurplusBufferChanged {
    pub buffer_wad: u128,
}

#[ink::event]
pub struct ClassPriceKeysChanged {
    #[ink(topic)]
    pub class_id: ClassId,
    pub keys: ink::prelude::vec::Vec<scf_interfaces::PriceKey>,
}

/// A pledged shipment arrived: it is a warehouse receipt now, still pledged.
#[ink::event]
pub struct ShipmentArrived {
    #[ink(topic)]
    pub asset_id: scf_interfaces::AssetId,
    #[ink(topic)]
    pub position_id: PositionId,
    pub warehouse: AccountId,
    pub received_quantity_wad: u128,
}
