use ink::primitives::AccountId;
use scf_interfaces::PriceKey;

#[ink::event]
pub struct PriceSubmitted {
    #[ink(topic)]
    pub key: PriceKey,
    #[ink(topic)]
    pub reporter: AccountId,
    pub price_wad: u128,
    pub at_ms: u64,
}

#[ink::event]
pub struct AnswerUpdated {
    #[ink(topic)]
    pub key: PriceKey,
    pub price_wad: u128,
    pub updated_at_ms: u64,
    /// Fresh submissions the median was taken over.
    pub submissions: u8,
}

#[ink::event]
pub struct ReporterAdded {
    #[ink(topic)]
    pub reporter: AccountId,
}

#[ink::event]
pub struct ReporterRemoved {
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
}

#[ink::event]
pub struct KeyPausedChanged {
    #[ink(topic)]
    pub key: PriceKey,
    pub paused: bool,
}
