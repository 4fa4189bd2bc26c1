//! Price oracle interface: what the vault (or any consumer) needs from a price feed.
use crate::time::TimestampMs;

/// A price key: an ASCII symbol padded with zeros, e.g. `*b"EUR\0\0\0\0\0"` or `*b"COFFEE\0\0"`.
pub type PriceKey = [u8; 8];

/// Builds a [`PriceKey`] from a symbol of at most 8 ASCII bytes (longer symbols are truncated).
pub const fn price_key(symbol: &str) -> PriceKey {
    let bytes = symbol.as_bytes();
    let mut key = [0u8; 8];
    let mut i = 0;
    while i < bytes.len() && i < 8 {
        key[i] = bytes[i];
        i = i.saturating_add(1);
    }
    key
}

/// An oracle answer: stablecoin per unit of the key (18 decimals) and when it was formed.
///
/// The median of an odd number of submissions is one value; for an even number there are two
/// middle values, and a consumer takes the one on the side that protects the lender:
/// `price_wad` (the lower) to lend against, `upper_wad` (the higher) for what a debtor pays and
/// for whether a position may be liquidated. Either way one reporter cannot push the price it is
/// used at past an honest reporter's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct PriceData {
    /// Stablecoin (18 decimals) per one whole unit of the key: the lower middle value, what
    /// collateral is lent against.
    pub price_wad: u128,
    /// Timestamp of the oldest submission the answer is made of: the answer is as old as it.
    pub updated_at_ms: TimestampMs,
    /// The upper middle value (equal to `price_wad` for an odd count), at most one guard above
    /// it: what settles an invoice and decides whether a position is unsafe.
    pub upper_wad: u128,
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum OracleError {
    /// Caller is not the admin.
    NotAdmin,
    /// Caller is not the pending admin.
    NotPendingAdmin,
    /// Caller is not an authorised reporter for this key (reporters are trusted per key).
    NotReporter,
    /// The key has no configuration.
    UnknownKey,
    /// A key configuration is invalid: zero max age or anchor interval, a quorum below 3 or
    /// even (one reporter must never be the median), a move quorum below the quorum or above 16,
    /// a deviation guard of 0 or looser than `MAX_GUARD_BPS` (20 %).
    InvalidConfig,
    /// The reporter set is full (bounded to keep every call's gas bounded).
    TooManyReporters,
    /// The reporter is already in the set.
    ReporterExists,
    /// The reporter is not in the set.
    ReporterNotFound,
    /// A price of zero was submitted.
    ZeroPrice,
    /// Never had a quorum of fresh submissions.
    NoPrice,
    /// The newest answer is older than the key's max age.
    StalePrice,
    /// Fewer fresh submissions than the key's quorum (not returned by `price_oracle`, whose
    /// `price` answers `NoPrice` or `StalePrice`).
    QuorumNotMet,
    /// No longer returned by `price_oracle` (a move beyond the guard suspends the key instead:
    /// see `KeySuspended`); kept so that the variants' encoding does not change.
    DeviationTooLarge,
    /// The key is paused by the admin.
    KeyPaused,
    /// Arithmetic overflow.
    Overflow,
    /// A candidate answer moved beyond the key's guard (around its time-anchored price) without a
    /// move quorum of reporters confirming it: the key's answer is not served until a candidate
    /// is back within the guard or a move quorum confirms the move.
    KeySuspended,
}

/// A price feed. The vault calls this through `contract_ref!(PriceFeed)`.
#[ink::trait_definition]
pub trait PriceFeed {
    /// The current answer for `key`. A stale answer or a key without a quorum is an error,
    /// never a silent zero. The caller should still check `updated_at_ms` against its own limit.
    ///
    /// # Errors
    /// In check order: `UnknownKey` (no configuration), `KeyPaused`, `KeySuspended` (a move
    /// beyond the guard awaits a move quorum), `NoPrice` (no answer yet, or withdrawn), and
    /// `StalePrice` (the answer's oldest submission is older than the key's max age).
    #[ink(message)]
    fn price(&self, key: PriceKey) -> Result<PriceData, OracleError>;
}
