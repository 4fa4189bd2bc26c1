//! Every change to the monitor's state emits one of these; a refused call emits nothing.
use crate::data::{ConditionLimits, DeviceId, DeviceKey, Measurement};
use ink::prelude::vec::Vec;
use ink::primitives::AccountId;
use scf_interfaces::AssetId;

#[ink::event]
pub struct DeviceRegistered {
    #[ink(topic)]
    pub device: DeviceId,
    #[ink(topic)]
    pub attester: AccountId,
    pub key: DeviceKey,
}

#[ink::event]
pub struct DeviceRevoked {
    #[ink(topic)]
    pub device: DeviceId,
    pub by: AccountId,
}

#[ink::event]
pub struct DeviceBound {
    #[ink(topic)]
    pub device: DeviceId,
    #[ink(topic)]
    pub asset_id: AssetId,
}

#[ink::event]
pub struct DeviceUnbound {
    #[ink(topic)]
    pub device: DeviceId,
    #[ink(topic)]
    pub asset_id: AssetId,
}

#[ink::event]
pub struct LimitsSet {
    #[ink(topic)]
    pub asset_id: AssetId,
    pub limits: ConditionLimits,
    pub by: AccountId,
}

/// A verified report was recorded: the lot's condition history is the list of these.
#[ink::event]
pub struct ConditionReported {
    #[ink(topic)]
    pub asset_id: AssetId,
    #[ink(topic)]
    pub device: DeviceId,
    pub report_id: [u8; 32],
    pub sequence: u64,
    pub window_start_ms: u64,
    pub window_end_ms: u64,
    pub measurements: Vec<Measurement>,
    pub alarms: u8,
    pub location_gln: u64,
    /// A measurement left the lot's limits.
    pub excursion: bool,
    /// When it reached the chain: a gap in the lot's watch runs to here (see
    /// `scf_rules::condition`).
    pub arrived_at_ms: u64,
    pub relayer: AccountId,
}

/// An attester confirmed the goods after inspection: excursions, a broken seal and silences
/// before now no longer count.
#[ink::event]
pub struct ConditionConfirmed {
    #[ink(topic)]
    pub asset_id: AssetId,
    pub attester: AccountId,
}

#[ink::event]
pub struct ClassPolicySet {
    #[ink(topic)]
    pub class_id: u32,
    /// None: the class no longer prices condition.
    pub haircut_wad: Option<u128>,
    pub max_silence_ms: Option<u64>,
}
