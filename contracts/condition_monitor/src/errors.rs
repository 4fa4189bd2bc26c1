//! Every way a call to the monitor is refused. A refused call changes nothing.
use scf_interfaces::calls::CallFailure;
use scf_interfaces::AdminError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum ConditionError {
    NotAdmin,
    NotPendingAdmin,
    /// The caller does not hold the registry's attester role.
    NotAttester,
    /// This public key is already a device.
    DeviceExists,
    UnknownDevice,
    /// The device was revoked: its reports are refused for good.
    DeviceRevoked,
    /// Only the attester that registered the device may bind, unbind or revoke it.
    NotDeviceAttester,
    AssetNotFound,
    /// Invoices have no condition.
    NotGoods,
    /// The caller is not the attester the goods' terms name (warehouse, carrier, destination).
    NotAssetAttester,
    /// Limits are out of a sensor's range, unordered, or none given.
    InvalidLimits,
    /// A lot's limits are set once.
    LimitsAlreadySet,
    /// A device is bound only to a lot whose limits are set.
    NoLimits,
    AlreadyBound,
    /// The device does not watch this asset.
    NotBound,
    /// The signature is not the device's over this report (or of another scheme than its key).
    BadSignature,
    /// This report id was accepted before.
    Replay,
    /// The sequence number is not above the device's last.
    StaleSequence,
    /// The window starts before the device's last report ended.
    StaleWindow,
    /// The window ends before it starts, or in the future.
    BadWindow,
    /// A measurement is repeated, unordered, in the wrong unit or beyond what a sensor reports,
    /// or there are more than three.
    BadMeasurement,
    UnknownAlarm,
    /// The location is not a 13-digit GLN.
    BadLocation,
    /// A class's haircut above 50 % or a silence outside 10 minutes to 30 days.
    InvalidPolicy,
    /// Nothing to confirm: the lot is not watched.
    NotWatched,
    /// A call to the registry failed.
    RegistryCallFailed,
}

impl From<AdminError> for ConditionError {
    fn from(e: AdminError) -> Self {
        match e {
            AdminError::NotAdmin => ConditionError::NotAdmin,
            AdminError::NotPendingAdmin => ConditionError::NotPendingAdmin,
        }
    }
}

impl CallFailure for ConditionError {
    fn call_failed() -> Self {
        ConditionError::RegistryCallFailed
    }
}
