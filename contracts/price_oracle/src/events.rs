//! Every change to the oracle's state emits one of these; a refused call emits nothing.
use crate::data::AnchorReason;
use ink::primitives::AccountId;
use scf_interfaces::PriceKey;

/// A reporter's price was stored (whether or not it changed the answer).
#[ink::event]
pub struct PriceSubmitted {
    #[ink(topic)]
    pub key: PriceKey,
    #[ink(topic)]
    pub reporter: AccountId,
    pub price_wad: u128,
    pub at_ms: u64,
}

/// A new answer was accepted.
#[ink::event]
pub struct AnswerUpdated {
    #[ink(topic)]
    pub key: PriceKey,
    pub price_wad: u128,
    pub updated_at_ms: u64,
    /// Fresh submissions the median was taken over.
    pub submissions: u8,
}

/// A reporter's removal left fewer than a quorum of fresh submissions: the answer is withdrawn
/// (`price` answers `NoPrice`) until a quorum forms again.
#[ink::event]
pub struct AnswerWithdrawn {
    #[ink(topic)]
    pub key: PriceKey,
}

/// The guard's anchor changed.
#[ink::event]
pub struct AnchorRolled {
    #[ink(topic)]
    pub key: PriceKey,
    pub anchor_wad: u128,
    pub window_start_ms: u64,
    pub reason: AnchorReason,
}

/// A candidate beyond the guard lacked a move quorum: the key is suspended
/// (`price` answers `KeySuspended`) and its answer was not updated.
#[ink::event]
pub struct KeySuspended {
    #[ink(topic)]
    pub key: PriceKey,
    /// The refused candidate median.
    pub candidate_wad: u128,
    pub anchor_wad: u128,
}

/// A candidate within the guard, or a move quorum, ended the key's suspension.
#[ink::event]
pub struct KeyResumed {
    #[ink(topic)]
    pub key: PriceKey,
    pub price_wad: u128,
}

#[ink::event]
pub struct ReporterAdded {
    #[ink(topic)]
    pub key: PriceKey,
    #[ink(topic)]
    pub reporter: AccountId,
}

/// The reporter's submission for the key is deleted with it.
#[ink::event]
pub struct ReporterRemoved {
    #[ink(topic)]
    pub key: PriceKey,
    #[ink(topic)]
    pub reporter: AccountId,
}

#[ink::event]
pub struct KeyConfigured {
    #[ink(topic)]
    pub key: PriceKey,
    pub max_age_ms: u64,
    pub quorum: u8,
    pub max_deviation_bps: u32,
    pub anchor_interval_ms: u64,
    pub move_quorum: u8,
}

#[ink::event]
pub struct KeyPausedChanged {
    #[ink(topic)]
    pub key: PriceKey,
    pub paused: bool,
}
