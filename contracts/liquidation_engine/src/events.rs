//! Every state change of the engine emits one of these (the vault emits its own for the custody
//! and books side of each step).
use collateral_vault::PositionId;
use ink::primitives::AccountId;
use scf_interfaces::AssetId;

#[ink::event]
pub struct Liquidated {
    #[ink(topic)]
    pub position_id: PositionId,
    /// Numbers the liquidation: its recoveries and its claim carry it.
    pub liquidation_id: u64,
    #[ink(topic)]
    pub keeper: AccountId,
    /// Debt to cover, the keeper's reward included.
    pub debt_wad: u128,
    /// Penalty to collect, net of the keeper's reward.
    pub penalty_wad: u128,
    pub collateral_value_wad: u128,
    pub keeper_reward_wad: u128,
}

#[ink::event]
pub struct AuctionStarted {
    #[ink(topic)]
    pub asset_id: AssetId,
    #[ink(topic)]
    pub position_id: PositionId,
    pub start_price_wad: u128,
    pub floor_wad: u128,
    pub started_at_ms: u64,
}

#[ink::event]
pub struct AuctionTaken {
    #[ink(topic)]
    pub asset_id: AssetId,
    #[ink(topic)]
    pub buyer: AccountId,
    pub price_wad: u128,
    pub to_debt_wad: u128,
    pub to_penalty_wad: u128,
    pub to_owner_wad: u128,
}

/// The NFT went back to the position's owner: the target was met without it.
#[ink::event]
pub struct AuctionCancelled {
    #[ink(topic)]
    pub asset_id: AssetId,
    pub returned_to: AccountId,
}

/// A liquidated NFT of no value (disputed, defaulted, past grace) went to recovery instead of an
/// auction.
#[ink::event]
pub struct RecoveryStarted {
    #[ink(topic)]
    pub asset_id: AssetId,
    #[ink(topic)]
    pub position_id: PositionId,
}

/// The debtor paid an invoice in recovery.
#[ink::event]
pub struct RecoveryPaid {
    #[ink(topic)]
    pub asset_id: AssetId,
    pub paid_wad: u128,
    pub to_debt_wad: u128,
    pub to_penalty_wad: u128,
    /// Toward an ended liquidation's shortfall (bad debt, or the surplus that covered it).
    pub to_loss_wad: u128,
    pub to_owner_wad: u128,
}

/// A liquidation ended short after write-offs: what it is still owed, which its written-off NFTs'
/// debtors' late payments repay first.
#[ink::event]
pub struct ClaimRecorded {
    #[ink(topic)]
    pub liquidation_id: u64,
    #[ink(topic)]
    pub position_id: PositionId,
    pub debt_wad: u128,
    pub penalty_wad: u128,
}

#[ink::event]
pub struct DisputeResolved {
    #[ink(topic)]
    pub asset_id: AssetId,
    pub invoice_valid: bool,
    pub arbiter: AccountId,
}

/// An NFT in recovery left its liquidation; what it leaves unpaid became bad debt.
#[ink::event]
pub struct WrittenOff {
    #[ink(topic)]
    pub asset_id: AssetId,
    #[ink(topic)]
    pub position_id: PositionId,
}

#[ink::event]
pub struct ArbiterChanged {
    pub arbiter: AccountId,
}

#[ink::event]
pub struct RecoveryParamsChanged {
    pub auction_cusp_wad: u128,
    pub recovery_period_ms: u64,
}

#[ink::event]
pub struct KeeperRewardChanged {
    pub tip_wad: u128,
    pub chip_wad: u128,
}

/// The invoice's debtor paid what it owes while the invoice was at auction: the auction ended.
#[ink::event]
pub struct AuctionSettled {
    #[ink(topic)]
    pub asset_id: AssetId,
    #[ink(topic)]
    pub debtor: AccountId,
    pub paid_wad: u128,
    pub to_debt_wad: u128,
    pub to_penalty_wad: u128,
    pub to_owner_wad: u128,
}

/// The engine admin's bounds on debt and penalty at auction (MakerDAO's `Hole` and `hole`).
#[ink::event]
pub struct LiquidationLimitChanged {
    /// `None` for the global limit.
    #[ink(topic)]
    pub class_id: Option<collateral_vault::ClassId>,
    pub limit_wad: u128,
}
