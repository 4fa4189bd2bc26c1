//! Protocol bounds. Every parameter the admin sets is checked against these (see `params.rs`), and
//! every loop in a message is bounded by one of them.
use scf_interfaces::{RAY, WAD};

/// Collateral classes. `borrow` walks all classes for the global ceiling, so this bounds its gas.
pub const MAX_CLASSES: u32 = 16;
/// Price keys a class accepts (deposit checks membership in this list).
pub const MAX_KEYS_PER_CLASS: usize = 8;
/// NFTs per position. Valuation, liquidation and close walk a position's NFTs.
pub const MAX_ASSETS_PER_POSITION: usize = 8;

/// Liquidation ratio: at least 100 %, at most 1000 %.
pub const MIN_LIQUIDATION_RATIO_WAD: u128 = WAD;
pub const MAX_LIQUIDATION_RATIO_WAD: u128 = 10_000_000_000_000_000_000;
/// Per-second stability fee: at least 0 %/year (1.0), at most 100 %/year compounded per second
/// (1.000000021979553151239153027: `(1 + 1)^(1 / 31_536_000)` in ray).
pub const MIN_STABILITY_FEE_RAY: u128 = RAY;
pub const MAX_STABILITY_FEE_RAY: u128 = 1_000_000_021_979_553_151_239_153_027;
/// Liquidation penalty: at most 50 % of the debt.
pub const MAX_LIQUIDATION_PENALTY_WAD: u128 = 500_000_000_000_000_000;
/// Annual discount rate for invoices: at most 100 %/year.
pub const MAX_DISCOUNT_RATE_WAD: u128 = WAD;
/// Grace period after an invoice's due date (or a shipment's expected arrival), over which its
/// value declines linearly to 0: at least a day (a shorter one is a cliff), at most a year.
pub const MIN_GRACE_PERIOD_MS: u64 = 86_400_000;
pub const MAX_GRACE_PERIOD_MS: u64 = 31_536_000_000;
/// Auction start price: between 100 % and 1000 % of the collateral value.
pub const MIN_AUCTION_MULTIPLIER_WAD: u128 = WAD;
pub const MAX_AUCTION_MULTIPLIER_WAD: u128 = 10_000_000_000_000_000_000;
/// Auction duration: between one minute and thirty days.
pub const MIN_AUCTION_DURATION_MS: u64 = 60_000;
pub const MAX_AUCTION_DURATION_MS: u64 = 2_592_000_000;
/// The oldest oracle answer the vault values collateral or settles against: an hour by default,
/// settable by the admin between a minute and a day.
pub const DEFAULT_MAX_PRICE_AGE_MS: u64 = 3_600_000;
pub const MIN_PRICE_AGE_MS: u64 = 60_000;
pub const MAX_PRICE_AGE_MS: u64 = 86_400_000;
