//! The monitor's records and the checks a report must pass, as plain functions over them (the
//! contract reads storage, calls these, writes and emits).
//!
//! A report is shaped after a GS1 EPCIS 2.0 `ObjectEvent` with `sensorElementList`: one sensor
//! report per measurement type (`type`, `minValue`, `maxValue`, `meanValue`, `uom`), alarms, the
//! read point as a GLN, and `report_id` = the hash of the EPCIS event it summarises, so that an
//! auditor can match the chain to the shipper's EPCIS repository.
use crate::errors::ConditionError;
use ink::prelude::vec::Vec;
use ink::primitives::AccountId;
use scf_interfaces::{AssetId, TimestampMs};
use scf_rules::condition::{ConditionState, Range};

/// A device's id: BLAKE2b-256 of its SCALE-encoded public key, so one key is one device.
pub type DeviceId = [u8; 32];

/// A device's public key. P-256 secure elements need a gateway that re-signs their reports with
/// one of these (the chain verifies only these two schemes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum DeviceKey {
    /// Schnorrkel over Ristretto, signing context `substrate` (polkadot-js, subkey).
    Sr25519([u8; 32]),
    /// secp256k1, the compressed public key; the device signs the 32-byte digest itself.
    Ecdsa([u8; 33]),
}

/// A signature over a report's digest ([`crate::report_digest`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum DeviceSignature {
    Sr25519([u8; 64]),
    /// `r ‖ s ‖ v` (65 bytes), recoverable.
    Ecdsa([u8; 65]),
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Device {
    pub key: DeviceKey,
    /// The attester (carrier, warehouse) that registered it and answers for it.
    pub attester: AccountId,
    pub revoked: bool,
    /// The sequence number of its latest accepted report (0: none yet; reports start at 1).
    pub last_sequence: u64,
    /// The end of its latest accepted report's window.
    pub last_end_ms: TimestampMs,
}

/// EPCIS 2.0 measurement types this monitor prices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum MeasurementType {
    /// `gs1:MT-Temperature`, in thousandths of a degree Celsius (uom `CEL`).
    Temperature,
    /// `gs1:MT-Humidity`, relative, in thousandths of a percent (uom `P1`).
    Humidity,
    /// `gs1:MT-Acceleration` peaks (shock), in thousandths of m/s² (uom `MSK`).
    Shock,
}

impl MeasurementType {
    /// The UN/CEFACT unit code EPCIS gives it, zero-padded.
    pub const fn uom(self) -> [u8; 4] {
        match self {
            MeasurementType::Temperature => *b"CEL\0",
            MeasurementType::Humidity => *b"P1\0\0",
            MeasurementType::Shock => *b"MSK\0",
        }
    }

    /// What a sensor can physically report: a value outside is a broken or lying sensor.
    pub const fn physical(self) -> Range {
        match self {
            // −100 °C to +200 °C.
            MeasurementType::Temperature => Range {
                min: -100_000,
                max: 200_000,
            },
            MeasurementType::Humidity => Range {
                min: 0,
                max: 100_000,
            },
            // Up to 10 000 m/s² (about 1 000 g).
            MeasurementType::Shock => Range {
                min: 0,
                max: 10_000_000,
            },
        }
    }
}

/// One sensor report of the window (EPCIS `sensorReport`), in thousandths of its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Measurement {
    pub kind: MeasurementType,
    pub min: i32,
    pub max: i32,
    pub mean: i32,
    pub uom: [u8; 4],
}

/// Alarm bits of a report. Only these are defined; a report with any other bit is refused.
pub const ALARM_SEAL_BROKEN: u8 = 1;
pub const KNOWN_ALARMS: u8 = ALARM_SEAL_BROKEN;

/// At most one measurement of each type.
pub const MAX_MEASUREMENTS: usize = 3;
/// The largest GLN (13 digits).
pub const MAX_GLN: u64 = 9_999_999_999_999;

/// A device's signed summary of one window of an asset's life.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct ConditionReport {
    /// BLAKE2b-256 (or the repository's own hash) of the EPCIS event this report summarises.
    pub report_id: [u8; 32],
    pub asset_id: AssetId,
    pub device: DeviceId,
    /// Strictly increasing per device.
    pub sequence: u64,
    pub window_start_ms: TimestampMs,
    pub window_end_ms: TimestampMs,
    pub measurements: Vec<Measurement>,
    /// `ALARM_*` bits.
    pub alarms: u8,
    /// The read point's GLN (EPCIS `readPoint`), 13 digits.
    pub location_gln: u64,
}

/// A lot's limits, from its terms (a temperature range for coffee or medicines): a measurement
/// beyond one is an excursion. Set once, by the attester that vouches for the goods.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct ConditionLimits {
    pub temperature: Option<(i32, i32)>,
    pub humidity: Option<(i32, i32)>,
    pub shock: Option<(i32, i32)>,
}

impl ConditionLimits {
    pub fn of(&self, kind: MeasurementType) -> Option<Range> {
        let r = match kind {
            MeasurementType::Temperature => self.temperature,
            MeasurementType::Humidity => self.humidity,
            MeasurementType::Shock => self.shock,
        };
        r.map(|(min, max)| Range { min, max })
    }

    /// Each limit ordered and within what a sensor can report, and at least one set.
    pub fn validate(&self) -> Result<(), ConditionError> {
        let mut any = false;
        for kind in [
            MeasurementType::Temperature,
            MeasurementType::Humidity,
            MeasurementType::Shock,
        ] {
            if let Some(r) = self.of(kind) {
                let p = kind.physical();
                if r.min > r.max || r.min < p.min || r.max > p.max {
                    return Err(ConditionError::InvalidLimits);
                }
                any = true;
            }
        }
        if any {
            Ok(())
        } else {
            Err(ConditionError::InvalidLimits)
        }
    }

    /// Whether any measurement left its limit.
    pub fn excursion(&self, measurements: &[Measurement]) -> bool {
        measurements
            .iter()
            .any(|m| self.of(m.kind).is_some_and(|r| r.left_by(m.min, m.max)))
    }
}

/// Everything known of one lot: its limits, what its reports established since an attester last
/// confirmed it, and its latest report.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct AssetCondition {
    pub limits: ConditionLimits,
    /// When its first device was bound (None until then).
    pub watched_since_ms: Option<TimestampMs>,
    pub last_seen_ms: TimestampMs,
    pub longest_gap_ms: u64,
    pub open_excursions: u32,
    pub seal_broken: bool,
    /// Reports with an excursion over the lot's life (confirmations do not reset it).
    pub excursions_total: u32,
    pub reports: u32,
    /// The latest report accepted: its id, device, window end, measurements and alarms.
    pub latest: Option<LatestReport>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct LatestReport {
    pub report_id: [u8; 32],
    pub device: DeviceId,
    pub window_end_ms: TimestampMs,
    pub measurements: Vec<Measurement>,
    pub alarms: u8,
    pub location_gln: u64,
}

impl AssetCondition {
    pub fn new(limits: ConditionLimits) -> Self {
        Self {
            limits,
            watched_since_ms: None,
            last_seen_ms: 0,
            longest_gap_ms: 0,
            open_excursions: 0,
            seal_broken: false,
            excursions_total: 0,
            reports: 0,
            latest: None,
        }
    }

    /// The rules' view of it.
    pub fn state(&self) -> ConditionState {
        ConditionState {
            watched_since_ms: self.watched_since_ms,
            last_seen_ms: self.last_seen_ms,
            longest_gap_ms: self.longest_gap_ms,
            open_excursions: self.open_excursions,
            seal_broken: self.seal_broken,
        }
    }

    pub fn set_state(&mut self, s: ConditionState) {
        self.watched_since_ms = s.watched_since_ms;
        self.last_seen_ms = s.last_seen_ms;
        self.longest_gap_ms = s.longest_gap_ms;
        self.open_excursions = s.open_excursions;
        self.seal_broken = s.seal_broken;
    }
}

/// A class's condition policy (see `scf_rules::condition::ConditionPolicy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct ClassPolicy {
    pub haircut_wad: u128,
    pub max_silence_ms: u64,
}

/// The most a class's condition haircut may take: half (a larger cut is a broken seal's job).
pub const MAX_HAIRCUT_WAD: u128 = scf_interfaces::WAD / 2;
/// Silence allowed: from 10 minutes to 30 days.
pub const MIN_SILENCE_MS: u64 = 600_000;
pub const MAX_SILENCE_MS: u64 = 30 * scf_interfaces::MS_PER_DAY;

impl ClassPolicy {
    pub fn validate(&self) -> Result<(), ConditionError> {
        if self.haircut_wad <= MAX_HAIRCUT_WAD
            && (MIN_SILENCE_MS..=MAX_SILENCE_MS).contains(&self.max_silence_ms)
        {
            Ok(())
        } else {
            Err(ConditionError::InvalidPolicy)
        }
    }

    pub fn rules(&self) -> scf_rules::condition::ConditionPolicy {
        scf_rules::condition::ConditionPolicy {
            haircut_wad: self.haircut_wad,
            max_silence_ms: self.max_silence_ms,
        }
    }
}

/// The checks on a report's own content, before any state is read: its window ordered and not in
/// the future, at most one measurement of each type, each in its unit, ordered (min ≤ mean ≤ max)
/// and physically possible, only known alarms, a 13-digit location.
pub fn check_content(r: &ConditionReport, now_ms: TimestampMs) -> Result<(), ConditionError> {
    if r.window_start_ms > r.window_end_ms || r.window_end_ms > now_ms {
        return Err(ConditionError::BadWindow);
    }
    if r.measurements.len() > MAX_MEASUREMENTS {
        return Err(ConditionError::BadMeasurement);
    }
    for (i, m) in r.measurements.iter().enumerate() {
        let p = m.kind.physical();
        let ordered = m.min <= m.mean && m.mean <= m.max;
        let possible = m.min >= p.min && m.max <= p.max;
        let repeated = r.measurements.iter().take(i).any(|o| o.kind == m.kind);
        if !ordered || !possible || repeated || m.uom != m.kind.uom() {
            return Err(ConditionError::BadMeasurement);
        }
    }
    if r.alarms & !KNOWN_ALARMS != 0 {
        return Err(ConditionError::UnknownAlarm);
    }
    if r.location_gln > MAX_GLN {
        return Err(ConditionError::BadLocation);
    }
    Ok(())
}

/// The checks against the device's own history: a sequence number above its last, a window that
/// starts no earlier than its last ended.
pub fn check_order(d: &Device, r: &ConditionReport) -> Result<(), ConditionError> {
    if r.sequence <= d.last_sequence {
        return Err(ConditionError::StaleSequence);
    }
    if r.window_start_ms < d.last_end_ms {
        return Err(ConditionError::StaleWindow);
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn temp(min: i32, max: i32) -> Measurement {
        Measurement {
            kind: MeasurementType::Temperature,
            min,
            max,
            mean: (min + max) / 2,
            uom: *b"CEL\0",
        }
    }

    pub fn report(seq: u64, start: u64, end: u64) -> ConditionReport {
        ConditionReport {
            report_id: [seq as u8; 32],
            asset_id: 1,
            device: [0; 32],
            sequence: seq,
            window_start_ms: start,
            window_end_ms: end,
            measurements: ink::prelude::vec![temp(4_000, 6_000)],
            alarms: 0,
            location_gln: 4_012_345_000_009,
        }
    }

    #[test]
    fn content_is_refused_for_each_malformation() {
        assert_eq!(check_content(&report(1, 0, 10), 10), Ok(()));
        let cases: [(fn(&mut ConditionReport), ConditionError); 9] = [
            (|r| r.window_start_ms = 11, ConditionError::BadWindow),
            (|r| r.window_end_ms = 11, ConditionError::BadWindow),
            (
                |r| r.measurements[0].mean = 3_999,
                ConditionError::BadMeasurement,
            ),
            (
                |r| r.measurements[0].min = -100_001,
                ConditionError::BadMeasurement,
            ),
            (
                |r| r.measurements[0].uom = *b"FAH\0",
                ConditionError::BadMeasurement,
            ),
            (
                |r| r.measurements.push(temp(1, 2)),
                ConditionError::BadMeasurement,
            ),
            (
                |r| {
                    r.measurements = ink::prelude::vec![temp(1, 2); 4];
                },
                ConditionError::BadMeasurement,
            ),
            (|r| r.alarms = 2, ConditionError::UnknownAlarm),
            (
                |r| r.location_gln = MAX_GLN + 1,
                ConditionError::BadLocation,
            ),
        ];
        for (i, (mutate, err)) in cases.iter().enumerate() {
            let mut r = report(1, 0, 10);
            mutate(&mut r);
            assert_eq!(check_content(&r, 10), Err(*err), "case {i}");
        }
    }

    #[test]
    fn limits_must_be_possible_ordered_and_some() {
        let ok = ConditionLimits {
            temperature: Some((2_000, 8_000)),
            ..Default::default()
        };
        assert_eq!(ok.validate(), Ok(()));
        assert_eq!(
            ConditionLimits::default().validate(),
            Err(ConditionError::InvalidLimits)
        );
        for bad in [(8_000, 2_000), (-100_001, 0), (0, 200_001)] {
            let l = ConditionLimits {
                temperature: Some(bad),
                ..Default::default()
            };
            assert_eq!(l.validate(), Err(ConditionError::InvalidLimits));
        }
        assert!(ok.excursion(&[temp(1_999, 5_000)]));
        assert!(!ok.excursion(&[temp(2_000, 8_000)]));
        // A type without a limit is reported but never an excursion.
        let shock = Measurement {
            kind: MeasurementType::Shock,
            min: 0,
            max: 9_000_000,
            mean: 1,
            uom: *b"MSK\0",
        };
        assert!(!ok.excursion(&[shock]));
    }

    #[test]
    fn order_is_per_device_sequence_and_window() {
        let d = Device {
            key: DeviceKey::Sr25519([1; 32]),
            attester: AccountId::from([1; 32]),
            revoked: false,
            last_sequence: 5,
            last_end_ms: 100,
        };
        assert_eq!(check_order(&d, &report(6, 100, 200)), Ok(()));
        assert_eq!(
            check_order(&d, &report(5, 100, 200)),
            Err(ConditionError::StaleSequence)
        );
        assert_eq!(
            check_order(&d, &report(6, 99, 200)),
            Err(ConditionError::StaleWindow)
        );
    }

    #[test]
    fn policies_are_bounded() {
        let p = ClassPolicy {
            haircut_wad: MAX_HAIRCUT_WAD,
            max_silence_ms: MIN_SILENCE_MS,
        };
        assert_eq!(p.validate(), Ok(()));
        for bad in [
            ClassPolicy {
                haircut_wad: MAX_HAIRCUT_WAD + 1,
                ..p
            },
            ClassPolicy {
                max_silence_ms: MIN_SILENCE_MS - 1,
                ..p
            },
            ClassPolicy {
                max_silence_ms: MAX_SILENCE_MS + 1,
                ..p
            },
        ] {
            assert_eq!(bad.validate(), Err(ConditionError::InvalidPolicy));
        }
    }
}
