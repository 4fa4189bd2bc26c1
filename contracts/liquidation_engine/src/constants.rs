//! Bounds of the engine's parameters.
use scf_interfaces::WAD;

/// An auction never sells below this fraction of its start price (MakerDAO's `cusp`): 40 % by
/// default, settable between 5 % and 95 %.
pub const DEFAULT_AUCTION_CUSP_WAD: u128 = 400_000_000_000_000_000;
pub const MIN_AUCTION_CUSP_WAD: u128 = 50_000_000_000_000_000;
pub const MAX_AUCTION_CUSP_WAD: u128 = 950_000_000_000_000_000;
/// A recovery waits this long for the debtor before a write-off: 90 days by default, settable
/// between a day and two years.
pub const DEFAULT_RECOVERY_PERIOD_MS: u64 = 7_776_000_000;
pub const MIN_RECOVERY_PERIOD_MS: u64 = 86_400_000;
pub const MAX_RECOVERY_PERIOD_MS: u64 = 63_072_000_000;
/// Keeper reward (MakerDAO's `tip` + `chip` × debt), always capped by the liquidation's penalty:
/// a flat part of at most 10 000 units and a proportional part of at most 5 % of the debt.
/// Both are 0 by default.
pub const MAX_TIP_WAD: u128 = 10_000 * WAD;
pub const MAX_CHIP_WAD: u128 = 50_000_000_000_000_000;
/// Debt and penalty at auction or in recovery across all classes (MakerDAO's `Hole`): unbounded
/// until the admin sets it; per class (`hole`) there is no bound until one is set.
pub const DEFAULT_LIQUIDATION_LIMIT_WAD: u128 = u128::MAX;
