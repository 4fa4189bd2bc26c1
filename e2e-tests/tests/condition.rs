//! Goods valued from their devices' signed condition reports, across the compiled contracts: the
//! condition monitor verifies each report on chain (sr25519 through pallet-contracts'
//! `sr25519_verify`, secp256k1 through `ecdsa_recover`), and the vault values each lot with its
//! answer. Every refusal is checked to change nothing (the monitor's whole storage, the lot's
//! value), and every figure is exact.
use collateral_vault::{ClassId, ClassParams, Hold, Pledge, PositionId, VaultError};
use condition_monitor::{
    AssetCondition, ClassPolicy, ConditionError, ConditionLimits, ConditionReport, DeviceId,
    DeviceSignature, Measurement, MeasurementType, ALARM_SEAL_BROKEN,
};
use drink::AccountId32;
use e2e_tests::chain::ink_id;
use e2e_tests::sensor::Sensor;
use e2e_tests::suite::*;
use liquidation_engine::{Auction, Recovery};
use scf_interfaces::{AssetId, AssetKind, AssetKindCode, TransitTerms, Wad, MS_PER_DAY, WAD};

const HOUR: u64 = 3_600_000;
/// The shipments class's condition policy: an excursion takes 20 %, six hours unreported makes
/// the lot unknown.
const POLICY: ClassPolicy = ClassPolicy {
    haircut_wad: WAD / 5,
    max_silence_ms: 6 * HOUR,
};
/// Green coffee in a container: 10–25 °C, humidity at most 70 %.
const LIMITS: ConditionLimits = ConditionLimits {
    temperature: Some((10_000, 25_000)),
    humidity: Some((0, 70_000)),
    shock: None,
};
/// An example GLN (the port of loading's read point).
const GLN: u64 = 4_012_345_000_009;

fn temperature(min: i32, max: i32) -> Measurement {
    Measurement {
        kind: MeasurementType::Temperature,
        min,
        max,
        mean: (min + max) / 2,
        uom: *b"CEL\0",
    }
}

fn humidity(mean: i32) -> Measurement {
    Measurement {
        kind: MeasurementType::Humidity,
        min: mean - 2_000,
        max: mean + 2_000,
        mean,
        uom: *b"P1\0\0",
    }
}

/// A shipment of 1 000 coffee (2.00 each, 10 % goods haircut: 1 800) in transit, financed in a
/// position of the shipments class, watched by one device of its carrier.
struct Shipment {
    s: Suite,
    carrier: AccountId32,
    supplier: AccountId32,
    class: ClassId,
    asset: AssetId,
    pos: PositionId,
    sensor: Sensor,
    device: DeviceId,
    seq: u64,
}

impl Shipment {
    fn new(sensor: Sensor) -> Shipment {
        let mut s = Suite::deploy();
        let carrier = s.actor(40);
        let supplier = s.actor(41);
        s.set_attester(&carrier, true);
        let class = s
            .add_class(ClassParams {
                kind: AssetKindCode::InTransit,
                goods_haircut: Wad(WAD / 10),
                debtor_limit_wad: 0,
                ..invoice_class()
            })
            .expect("class");
        let admin = s.admin.clone();
        let set: Result<(), ConditionError> =
            s.monitor_as(&admin, "set_class_policy", (class, Some(POLICY)));
        set.expect("policy");
        let asset = Self::shipment(&mut s, &carrier, &supplier);
        let r: Result<(), ConditionError> = s.monitor_as(&carrier, "set_limits", (asset, LIMITS));
        r.expect("limits");
        let device: Result<DeviceId, ConditionError> =
            s.monitor_as(&carrier, "register_device", sensor.key());
        let device = device.expect("device");
        assert_eq!(device, sensor.id());
        let r: Result<(), ConditionError> = s.monitor_as(&carrier, "bind_device", (device, asset));
        r.expect("bound");
        let pos = s.open(&supplier, class);
        s.deposit(&supplier, pos, asset).expect("pledged");
        Shipment {
            s,
            carrier,
            supplier,
            class,
            asset,
            pos,
            sensor,
            device,
            seq: 0,
        }
    }

    /// A confirmed shipment of 1 000 coffee by `carrier`, to the suite's warehouse in 20 days.
    fn shipment(s: &mut Suite, carrier: &AccountId32, supplier: &AccountId32) -> AssetId {
        let now = s.chain.now_ms();
        let kind = AssetKind::InTransit(TransitTerms {
            commodity: COFFEE,
            quantity_wad: wad(1_000),
            carrier: ink_id(carrier),
            destination_warehouse: ink_id(&s.warehouse),
            expected_arrival_ms: now + 20 * MS_PER_DAY,
            document_hash: s.doc(),
        });
        let id = s.register(supplier, kind).expect("registered");
        s.confirm(carrier, id, supplier, wad(1_000))
            .expect("carrier confirms");
        id
    }

    /// The device's next report, over the hour before now.
    fn next(&mut self, measurements: Vec<Measurement>, alarms: u8) -> ConditionReport {
        self.seq += 1;
        let now = self.s.chain.now_ms();
        ConditionReport {
            report_id: [self.seq as u8 ^ 0xC0; 32],
            asset_id: self.asset,
            device: self.device,
            sequence: self.seq,
            window_start_ms: now.saturating_sub(HOUR),
            window_end_ms: now,
            measurements,
            alarms,
            location_gln: GLN,
        }
    }

    fn relay(&mut self, r: &ConditionReport, sig: DeviceSignature) -> Result<(), ConditionError> {
        let relayer = self.s.actor(42);
        self.s.monitor_as(&relayer, "report", (r.clone(), sig))
    }

    fn signed(&mut self, r: &ConditionReport) -> Result<(), ConditionError> {
        let sig = self.sensor.sign(&self.s.monitor, r);
        self.relay(r, sig)
    }

    fn value(&mut self) -> Result<u128, VaultError> {
        let p = self.pos;
        self.s.vault_as(&self.supplier.clone(), "position_value", p)
    }

    fn max_borrow(&mut self) -> Result<u128, VaultError> {
        let p = self.pos;
        self.s.vault_as(&self.supplier.clone(), "max_borrow", p)
    }

    fn condition(&mut self) -> AssetCondition {
        let a = self.asset;
        let c: Option<AssetCondition> = self.s.monitor_as(&self.supplier.clone(), "condition", a);
        c.expect("watched")
    }

    fn factor(&mut self) -> Option<u128> {
        let (a, c) = (self.asset, self.class);
        self.s.monitor_as(
            &self.supplier.clone(),
            "ConditionFeed::condition_factor",
            (a, c),
        )
    }

    /// The monitor's whole storage and the lot's value: what a refused report must not change.
    fn fingerprint(&mut self) -> (Vec<u8>, Result<u128, VaultError>) {
        let m = self.s.monitor.clone();
        (self.s.chain.storage_hash(&m), self.value())
    }
}

#[test]
fn a_temperature_excursion_lowers_the_shipments_value_and_max_borrow_by_the_haircut_to_the_unit() {
    let mut w = Shipment::new(Sensor::sr(1));
    w.s.advance(HOUR);
    let cool = w.next(vec![temperature(14_000, 18_500), humidity(55_000)], 0);
    assert_eq!(w.signed(&cool), Ok(()));
    // 1 000 × 2.00 less the 10 % goods haircut.
    assert_eq!(w.value(), Ok(wad(1_800)));
    let supplier = w.supplier.clone();
    w.s.borrow(&supplier, w.pos, wad(600)).expect("borrow");

    // The reefer fails for an hour: 27.5 °C, above the lot's 25 °C.
    w.s.advance(HOUR);
    let before = w.max_borrow().expect("max borrow");
    let warm = w.next(vec![temperature(17_000, 27_500), humidity(60_000)], 0);
    w.s.chain.capture_events();
    assert_eq!(w.signed(&warm), Ok(()));
    let events: Vec<condition_monitor::events::ConditionReported> =
        w.s.chain.events_of(&w.s.monitor.clone());
    assert_eq!(events.len(), 1);
    assert!(events[0].excursion);
    assert_eq!(events[0].report_id, warm.report_id);
    assert_eq!(events[0].location_gln, GLN);

    // 1 800 less the class's 20 % condition haircut: 1 440, exactly; and the most the position
    // can carry falls from 1 800 / 1.5 = 1 200 to 1 440 / 1.5 = 960: by 240, to the unit of
    // normalised debt (the vault's rounding, in its favour).
    assert_eq!(w.factor(), Some(WAD / 5 * 4));
    assert_eq!(w.value(), Ok(wad(1_440)));
    let pos = w.pos;
    assert_eq!(before, w.s.max_borrow_at(pos, wad(1_800)));
    assert_eq!(w.max_borrow(), Ok(w.s.max_borrow_at(pos, wad(1_440))));
    assert!((wad(240) - 1..=wad(240) + 1).contains(&(before - w.max_borrow().unwrap())));
    let c = w.condition();
    assert_eq!(
        (c.reports, c.open_excursions, c.excursions_total),
        (2, 1, 1)
    );
    assert_eq!(c.latest.expect("latest").measurements, warm.measurements);

    // Good reports after it restore nothing: the goods may have spoilt.
    w.s.advance(HOUR);
    let cool_again = w.next(vec![temperature(14_000, 18_000)], 0);
    assert_eq!(w.signed(&cool_again), Ok(()));
    assert_eq!(w.value(), Ok(wad(1_440)));
    // Only an attester the terms name restores it, after inspecting the goods: a stranger, or
    // the supplier, cannot.
    let supplier = w.supplier.clone();
    let a = w.asset;
    let r: Result<(), ConditionError> = w.s.monitor_as(&supplier, "confirm_condition", a);
    assert_eq!(r, Err(ConditionError::NotAssetAttester));
    let carrier = w.carrier.clone();
    let r: Result<(), ConditionError> = w.s.monitor_as(&carrier, "confirm_condition", a);
    assert_eq!(r, Ok(()));
    assert_eq!(w.value(), Ok(wad(1_800)));
    assert_eq!(w.condition().excursions_total, 1);
}

#[test]
fn forged_replayed_foreign_revoked_and_out_of_order_reports_are_refused_and_change_nothing() {
    let mut w = Shipment::new(Sensor::k1(2));
    w.s.advance(HOUR);
    let first = w.next(vec![temperature(14_000, 18_000)], 0);
    assert_eq!(w.signed(&first), Ok(()));
    w.s.advance(HOUR);
    let snapshot = w.fingerprint();

    // Forged: a good report signed by a key that is not the device's.
    let forged = w.next(vec![temperature(14_000, 18_000)], 0);
    let sig = Sensor::k1(99).sign(&w.s.monitor.clone(), &forged);
    assert_eq!(w.relay(&forged, sig), Err(ConditionError::BadSignature));
    // The device's signature over another report (a spoilt window dressed as a good one).
    let mut dressed = forged.clone();
    let real = {
        let mut spoilt = forged.clone();
        spoilt.measurements = vec![temperature(20_000, 31_000)];
        w.sensor.sign(&w.s.monitor.clone(), &spoilt)
    };
    dressed.measurements = vec![temperature(14_000, 18_000)];
    assert_eq!(w.relay(&dressed, real), Err(ConditionError::BadSignature));
    // Replayed: the first report again.
    assert_eq!(w.signed(&first), Err(ConditionError::Replay));
    // Out of order: an older sequence number under a fresh id; a window before the last one's end.
    let mut old = forged.clone();
    old.sequence = 1;
    old.report_id = [0x0D; 32];
    assert_eq!(w.signed(&old), Err(ConditionError::StaleSequence));
    let mut early = forged.clone();
    early.window_start_ms = first.window_end_ms - 1;
    assert_eq!(w.signed(&early), Err(ConditionError::StaleWindow));
    assert_eq!(w.fingerprint(), snapshot);

    // Another shipment's device: bound to its own container, it cannot speak for this one.
    let carrier = w.carrier.clone();
    let supplier = w.supplier.clone();
    let other = Shipment::shipment(&mut w.s, &carrier, &supplier);
    let r: Result<(), ConditionError> = w.s.monitor_as(&carrier, "set_limits", (other, LIMITS));
    r.expect("limits");
    let stranger = Sensor::sr(3);
    let d: Result<DeviceId, ConditionError> =
        w.s.monitor_as(&carrier, "register_device", stranger.key());
    let d = d.expect("device");
    let r: Result<(), ConditionError> = w.s.monitor_as(&carrier, "bind_device", (d, other));
    r.expect("bound");
    let snapshot = w.fingerprint();
    let mut foreign = forged.clone();
    foreign.device = d;
    foreign.sequence = 1;
    let sig = stranger.sign(&w.s.monitor.clone(), &foreign);
    assert_eq!(w.relay(&foreign, sig), Err(ConditionError::NotBound));
    assert_eq!(w.fingerprint(), snapshot);

    // Revoked: by a stranger refused; by its carrier, and then its reports are refused.
    let dev = w.device;
    let r: Result<(), ConditionError> = w.s.monitor_as(&supplier, "revoke_device", dev);
    assert_eq!(r, Err(ConditionError::NotDeviceAttester));
    let r: Result<(), ConditionError> = w.s.monitor_as(&carrier, "revoke_device", dev);
    assert_eq!(r, Ok(()));
    let snapshot = w.fingerprint();
    assert_eq!(w.signed(&forged), Err(ConditionError::DeviceRevoked));
    assert_eq!(w.fingerprint(), snapshot);
    // The good report, as the device signed it, was accepted before the revocation only.
    assert_eq!(w.condition().reports, 1);
}

#[test]
fn a_silent_container_becomes_unknown_and_its_position_is_liquidated_into_recovery() {
    let mut w = Shipment::new(Sensor::sr(4));
    w.s.advance(HOUR);
    let r = w.next(vec![temperature(14_000, 18_000)], 0);
    assert_eq!(w.signed(&r), Ok(()));
    let supplier = w.supplier.clone();
    w.s.borrow(&supplier, w.pos, wad(1_000)).expect("borrow");
    let keeper = w.s.actor(43);
    // Six hours after the last report it is still known, and the position safe.
    w.s.advance(6 * HOUR);
    assert_eq!(w.value(), Ok(wad(1_800)));
    assert_eq!(
        w.s.liquidate(&keeper, w.pos),
        Err(liquidation_engine::EngineError::Vault(
            VaultError::PositionSafe
        ))
    );
    // One millisecond more: unknown. It lends nothing and counts 0 in the safety check.
    w.s.chain.advance_ms(1);
    assert_eq!(w.factor(), None);
    assert_eq!(w.value(), Ok(0));
    assert_eq!(
        w.s.borrow(&supplier, w.pos, wad(1)),
        Err(VaultError::Unsafe)
    );
    // A good report now restores nothing: nobody watched the container for six hours.
    let late = w.next(vec![temperature(14_000, 18_000)], 0);
    assert_eq!(w.signed(&late), Ok(()));
    assert_eq!(w.value(), Ok(0));
    assert_eq!(w.s.liquidate(&keeper, w.pos), Ok(()));
    // Into recovery, not to a sale at a price nobody can know; no keeper reward for nothing sold.
    let a = w.asset;
    let rec: Option<Recovery> = w.s.engine_as(&keeper, "recovery", a);
    assert_eq!(rec.expect("in recovery").position_id, w.pos);
    let auction: Option<Auction> = w.s.engine_as(&keeper, "auction", a);
    assert_eq!(auction, None);
    let pledge: Option<Pledge> = w.s.vault_as(&keeper, "pledge", a);
    assert_eq!(pledge.expect("pledged").hold, Hold::Recovery);
    assert_eq!(w.s.balance(&keeper), 0);

    // The carrier inspects the goods and confirms them: the lot has a value again and its
    // recovery becomes an auction at it (1 800 × the class's 1.2 start multiplier).
    let carrier = w.carrier.clone();
    let r: Result<(), ConditionError> = w.s.monitor_as(&carrier, "confirm_condition", a);
    assert_eq!(r, Ok(()));
    w.s.restart_auction(&keeper, a).expect("restarted");
    let auction: Option<Auction> = w.s.engine_as(&keeper, "auction", a);
    assert_eq!(auction.expect("at auction").start_price_wad, wad(2_160));
}

#[test]
fn a_broken_seal_makes_the_lot_unknown_until_an_attester_confirms_it() {
    let mut w = Shipment::new(Sensor::sr(5));
    w.s.advance(HOUR);
    let supplier = w.supplier.clone();
    let r = w.next(vec![temperature(14_000, 18_000)], ALARM_SEAL_BROKEN);
    assert_eq!(w.signed(&r), Ok(()));
    assert_eq!(w.value(), Ok(0));
    assert_eq!(
        w.s.borrow(&supplier, w.pos, wad(100)),
        Err(VaultError::Unsafe)
    );
    // Its warehouse of destination is named by the terms too, and may confirm on arrival.
    let warehouse = w.s.warehouse.clone();
    let a = w.asset;
    let r: Result<(), ConditionError> = w.s.monitor_as(&warehouse, "confirm_condition", a);
    assert_eq!(r, Ok(()));
    assert_eq!(w.value(), Ok(wad(1_800)));
    assert_eq!(w.s.borrow(&supplier, w.pos, wad(100)), Ok(()));
    // An attester whose role was revoked confirms nothing.
    w.s.set_attester(&warehouse, false);
    let r: Result<(), ConditionError> = w.s.monitor_as(&warehouse, "confirm_condition", a);
    assert_eq!(r, Err(ConditionError::NotAttester));
}

#[test]
fn only_the_attesters_the_terms_name_register_bind_and_set_limits_once() {
    let mut w = Shipment::new(Sensor::sr(6));
    let (carrier, supplier) = (w.carrier.clone(), w.supplier.clone());
    let a = w.asset;
    let m = w.s.monitor.clone();
    let before = w.s.chain.storage_hash(&m);
    // Not an attester: no device.
    let r: Result<DeviceId, ConditionError> =
        w.s.monitor_as(&supplier, "register_device", Sensor::sr(7).key());
    assert_eq!(r, Err(ConditionError::NotAttester));
    // The same key twice.
    let r: Result<DeviceId, ConditionError> =
        w.s.monitor_as(&carrier, "register_device", w.sensor.key());
    assert_eq!(r, Err(ConditionError::DeviceExists));
    // Limits are set once.
    let r: Result<(), ConditionError> = w.s.monitor_as(&carrier, "set_limits", (a, LIMITS));
    assert_eq!(r, Err(ConditionError::LimitsAlreadySet));
    // Another attester, not named by the shipment's terms, can neither bind its device to it nor
    // set its limits.
    let other = w.s.actor(44);
    w.s.set_attester(&other, true);
    let before = {
        let _ = before;
        w.s.chain.storage_hash(&m)
    };
    let d: Result<DeviceId, ConditionError> =
        w.s.monitor_as(&other, "register_device", Sensor::sr(8).key());
    let d = d.expect("its own device");
    let mid = w.s.chain.storage_hash(&m);
    assert_ne!(mid, before);
    let r: Result<(), ConditionError> = w.s.monitor_as(&other, "bind_device", (d, a));
    assert_eq!(r, Err(ConditionError::NotAssetAttester));
    // Nor may the carrier bind another attester's device.
    let r: Result<(), ConditionError> = w.s.monitor_as(&carrier, "bind_device", (d, a));
    assert_eq!(r, Err(ConditionError::NotDeviceAttester));
    // Invoices have no condition.
    let debtor = w.s.approved_debtor(45, wad(100_000));
    let invoice =
        w.s.confirmed_invoice(&supplier, &debtor, wad(1_000), 30 * MS_PER_DAY);
    let r: Result<(), ConditionError> = w.s.monitor_as(&carrier, "set_limits", (invoice, LIMITS));
    assert_eq!(r, Err(ConditionError::NotGoods));
    // A lot without limits cannot be watched.
    let fresh = Shipment::shipment(&mut w.s, &carrier, &supplier);
    let dev = w.device;
    let r: Result<(), ConditionError> = w.s.monitor_as(&carrier, "bind_device", (dev, fresh));
    assert_eq!(r, Err(ConditionError::NoLimits));
    // Impossible limits.
    let bad = ConditionLimits {
        temperature: Some((25_000, 10_000)),
        ..LIMITS
    };
    let r: Result<(), ConditionError> = w.s.monitor_as(&carrier, "set_limits", (fresh, bad));
    assert_eq!(r, Err(ConditionError::InvalidLimits));
    assert_eq!(w.s.chain.storage_hash(&m), mid);
    // A pledged lot that nobody watches, in a class with a policy, is worth nothing.
    let pos = w.s.open(&supplier, w.class);
    w.s.deposit(&supplier, pos, fresh).expect("pledged");
    let v: Result<u128, VaultError> = w.s.vault_as(&supplier, "position_value", pos);
    assert_eq!(v, Ok(0));
}

#[test]
fn the_vaults_monitor_is_fixed_and_a_class_without_a_policy_values_goods_by_their_terms() {
    let mut s = Suite::deploy();
    let admin = s.admin.clone();
    let (m, p) = (s.monitor.clone(), s.pricer.clone());
    // Fixed at the vault's construction: no message can point it elsewhere.
    let got: collateral_vault::DataSources = s.vault_as(&admin, "data_sources", ());
    assert_eq!(
        got,
        collateral_vault::DataSources {
            condition_monitor: Some(ink_id(&m)),
            credit_pricer: Some(ink_id(&p)),
        }
    );
    // The warehouse class has no policy: a receipt nobody watches keeps its whole value.
    let supplier = s.actor(46);
    let id = s.confirmed_coffee(&supplier, wad(100));
    let pos = s.open(&supplier, GOODS_CLASS);
    s.deposit(&supplier, pos, id).expect("pledged");
    let v: Result<u128, VaultError> = s.vault_as(&supplier, "position_value", pos);
    assert_eq!(v, Ok(wad(180)));
    // Only the monitor's admin sets policies.
    let r: Result<(), ConditionError> =
        s.monitor_as(&supplier, "set_class_policy", (GOODS_CLASS, Some(POLICY)));
    assert_eq!(r, Err(ConditionError::NotAdmin));
}
