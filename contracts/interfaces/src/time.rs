//! Time units. Chain time is the block timestamp in milliseconds.

/// A block timestamp in milliseconds since the Unix epoch.
pub type TimestampMs = u64;

pub const MS_PER_SECOND: u64 = 1_000;
pub const MS_PER_DAY: u64 = 86_400_000;
/// 365 days; used for annual discount rates (ACT/365 fixed).
pub const MS_PER_YEAR: u64 = 31_536_000_000;
pub const SECONDS_PER_YEAR: u64 = 31_536_000;
