//! A condition-monitoring device's key pair, of either scheme the chain verifies (sr25519 with the
//! `substrate` context, secp256k1 recoverable), signing reports as the monitor expects them.
use crate::chain::ink_id;
use condition_monitor::{ConditionReport, DeviceId, DeviceKey, DeviceSignature};
use drink::AccountId32;
use sp_core::Pair;

pub enum Sensor {
    Sr(sp_core::sr25519::Pair),
    K1(sp_core::ecdsa::Pair),
}

impl Sensor {
    pub fn sr(seed: u8) -> Sensor {
        Sensor::Sr(sp_core::sr25519::Pair::from_seed(&[seed; 32]))
    }

    pub fn k1(seed: u8) -> Sensor {
        Sensor::K1(sp_core::ecdsa::Pair::from_seed(&[seed; 32]))
    }

    pub fn key(&self) -> DeviceKey {
        match self {
            Sensor::Sr(p) => DeviceKey::Sr25519(p.public().0),
            Sensor::K1(p) => DeviceKey::Ecdsa(p.public().0),
        }
    }

    pub fn id(&self) -> DeviceId {
        condition_monitor::device_id(&self.key())
    }

    /// Signs `r` as relayed to the monitor at `monitor`.
    pub fn sign(&self, monitor: &AccountId32, r: &ConditionReport) -> DeviceSignature {
        let digest = condition_monitor::report_digest(&ink_id(monitor), r);
        match self {
            Sensor::Sr(p) => DeviceSignature::Sr25519(p.sign(&digest).0),
            Sensor::K1(p) => DeviceSignature::Ecdsa(p.sign_prehashed(&digest).0),
        }
    }
}
