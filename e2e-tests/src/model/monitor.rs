//! The condition monitor and the credit pricer (issue 22), from their documented rules
//! (`docs/architecture.md`: "Valuation from live data", "Pricing credit from behaviour"; the
//! contracts' `# Errors` docs). Signatures are checked with sp-core, as the runtime does; the
//! condition and the grade are computed here from the rules as written, not with
//! `scf_rules`.
use super::registry::Registry;
use super::Acct;
use condition_monitor::{
    AssetCondition, ClassPolicy, ConditionError, ConditionLimits, ConditionReport, Device,
    DeviceId, DeviceKey, DeviceSignature, LatestReport, MeasurementType,
};
use credit_pricer::{Bounds, PricerError, Rates, Table};
use scf_interfaces::{AssetId, AssetKind, InvoiceRates, PaymentRecord, WAD};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone)]
pub struct Monitor {
    pub admin: Acct,
    /// Its own address: what each report's digest binds.
    pub at: Acct,
    pub devices: BTreeMap<DeviceId, Device>,
    pub bindings: BTreeSet<(DeviceId, AssetId)>,
    pub conditions: BTreeMap<AssetId, AssetCondition>,
    pub seen: BTreeSet<[u8; 32]>,
    pub policies: BTreeMap<u32, ClassPolicy>,
}

type R<T> = Result<T, ConditionError>;

/// Whether `account` is an attester the goods' terms name (a receipt's warehouse; a
/// shipment's carrier or destination) and still holds the role.
fn asset_attester(reg: &Registry, id: AssetId, account: Acct) -> R<()> {
    let asset = reg.assets.get(&id).ok_or(ConditionError::AssetNotFound)?;
    let named = match &asset.kind {
        AssetKind::Invoice(_) => return Err(ConditionError::NotGoods),
        AssetKind::WarehouseReceipt(t) => t.warehouse == account,
        AssetKind::InTransit(t) => t.carrier == account || t.destination_warehouse == account,
    };
    if !named {
        return Err(ConditionError::NotAssetAttester);
    }
    if !reg.attesters.contains(&account) {
        return Err(ConditionError::NotAttester);
    }
    Ok(())
}

/// sp-core's verification: sr25519 (context "substrate") over the digest, or secp256k1
/// recovery of the compressed key.
fn verified(key: &DeviceKey, sig: &DeviceSignature, digest: &[u8; 32]) -> bool {
    use sp_core::Pair;
    match (key, sig) {
        (DeviceKey::Sr25519(pk), DeviceSignature::Sr25519(s)) => sp_core::sr25519::Pair::verify(
            &sp_core::sr25519::Signature::from_raw(*s),
            digest,
            &sp_core::sr25519::Public::from_raw(*pk),
        ),
        (DeviceKey::Ecdsa(pk), DeviceSignature::Ecdsa(s)) => {
            sp_core::ecdsa::Signature::from_raw(*s)
                .recover_prehashed(digest)
                .is_some_and(|p| p.0 == *pk)
        }
        _ => false,
    }
}

fn physical(kind: MeasurementType) -> (i32, i32) {
    match kind {
        MeasurementType::Temperature => (-100_000, 200_000),
        MeasurementType::Humidity => (0, 100_000),
        MeasurementType::Shock => (0, 10_000_000),
    }
}

fn uom(kind: MeasurementType) -> [u8; 4] {
    match kind {
        MeasurementType::Temperature => *b"CEL\0",
        MeasurementType::Humidity => *b"P1\0\0",
        MeasurementType::Shock => *b"MSK\0",
    }
}

fn limit(l: &ConditionLimits, kind: MeasurementType) -> Option<(i32, i32)> {
    match kind {
        MeasurementType::Temperature => l.temperature,
        MeasurementType::Humidity => l.humidity,
        MeasurementType::Shock => l.shock,
    }
}

impl Monitor {
    pub fn new(admin: Acct, at: Acct) -> Monitor {
        Monitor {
            admin,
            at,
            devices: BTreeMap::new(),
            bindings: BTreeSet::new(),
            conditions: BTreeMap::new(),
            seen: BTreeSet::new(),
            policies: BTreeMap::new(),
        }
    }

    pub fn register_device(&mut self, reg: &Registry, who: Acct, key: DeviceKey) -> R<DeviceId> {
        if !reg.attesters.contains(&who) {
            return Err(ConditionError::NotAttester);
        }
        let id = condition_monitor::device_id(&key);
        if self.devices.contains_key(&id) {
            return Err(ConditionError::DeviceExists);
        }
        self.devices.insert(
            id,
            Device {
                key,
                attester: who,
                revoked: false,
                last_sequence: 0,
                last_end_ms: 0,
            },
        );
        Ok(id)
    }

    pub fn revoke_device(&mut self, who: Acct, device: DeviceId) -> R<()> {
        let d = self
            .devices
            .get_mut(&device)
            .ok_or(ConditionError::UnknownDevice)?;
        if who != d.attester && who != self.admin {
            return Err(ConditionError::NotDeviceAttester);
        }
        if d.revoked {
            return Err(ConditionError::DeviceRevoked);
        }
        d.revoked = true;
        Ok(())
    }

    pub fn set_limits(
        &mut self,
        reg: &Registry,
        who: Acct,
        id: AssetId,
        limits: ConditionLimits,
    ) -> R<()> {
        let mut any = false;
        for kind in [
            MeasurementType::Temperature,
            MeasurementType::Humidity,
            MeasurementType::Shock,
        ] {
            if let Some((lo, hi)) = limit(&limits, kind) {
                let (pl, ph) = physical(kind);
                if lo > hi || lo < pl || hi > ph {
                    return Err(ConditionError::InvalidLimits);
                }
                any = true;
            }
        }
        if !any {
            return Err(ConditionError::InvalidLimits);
        }
        asset_attester(reg, id, who)?;
        if self.conditions.contains_key(&id) {
            return Err(ConditionError::LimitsAlreadySet);
        }
        self.conditions.insert(
            id,
            AssetCondition {
                limits,
                watched_since_ms: None,
                last_seen_ms: 0,
                longest_gap_ms: 0,
                open_excursions: 0,
                seal_broken: false,
                excursions_total: 0,
                reports: 0,
                latest: None,
            },
        );
        Ok(())
    }

    pub fn bind_device(
        &mut self,
        reg: &Registry,
        who: Acct,
        device: DeviceId,
        id: AssetId,
        now: u64,
    ) -> R<()> {
        let d = self
            .devices
            .get(&device)
            .ok_or(ConditionError::UnknownDevice)?;
        if d.attester != who {
            return Err(ConditionError::NotDeviceAttester);
        }
        if d.revoked {
            return Err(ConditionError::DeviceRevoked);
        }
        asset_attester(reg, id, who)?;
        let c = self
            .conditions
            .get_mut(&id)
            .ok_or(ConditionError::NoLimits)?;
        if self.bindings.contains(&(device, id)) {
            return Err(ConditionError::AlreadyBound);
        }
        if c.watched_since_ms.is_none() {
            c.watched_since_ms = Some(now);
            c.last_seen_ms = now;
        }
        self.bindings.insert((device, id));
        Ok(())
    }

    pub fn report(&mut self, r: &ConditionReport, sig: &DeviceSignature, now: u64) -> R<()> {
        // The report's own content first.
        if r.window_start_ms > r.window_end_ms || r.window_end_ms > now {
            return Err(ConditionError::BadWindow);
        }
        if r.measurements.len() > 3 {
            return Err(ConditionError::BadMeasurement);
        }
        for (i, m) in r.measurements.iter().enumerate() {
            let (pl, ph) = physical(m.kind);
            if m.min > m.mean
                || m.mean > m.max
                || m.min < pl
                || m.max > ph
                || m.uom != uom(m.kind)
                || r.measurements[..i].iter().any(|o| o.kind == m.kind)
            {
                return Err(ConditionError::BadMeasurement);
            }
        }
        if r.alarms & !1 != 0 {
            return Err(ConditionError::UnknownAlarm);
        }
        if r.location_gln > 9_999_999_999_999 {
            return Err(ConditionError::BadLocation);
        }
        let d = self
            .devices
            .get(&r.device)
            .ok_or(ConditionError::UnknownDevice)?;
        if d.revoked {
            return Err(ConditionError::DeviceRevoked);
        }
        if !self.bindings.contains(&(r.device, r.asset_id)) {
            return Err(ConditionError::NotBound);
        }
        let digest = condition_monitor::report_digest(&self.at, r);
        if !verified(&d.key, sig, &digest) {
            return Err(ConditionError::BadSignature);
        }
        if self.seen.contains(&r.report_id) {
            return Err(ConditionError::Replay);
        }
        if r.sequence <= d.last_sequence {
            return Err(ConditionError::StaleSequence);
        }
        if r.window_start_ms < d.last_end_ms {
            return Err(ConditionError::StaleWindow);
        }
        let c = self
            .conditions
            .get_mut(&r.asset_id)
            .ok_or(ConditionError::NoLimits)?;
        let excursion = r
            .measurements
            .iter()
            .any(|m| limit(&c.limits, m.kind).is_some_and(|(lo, hi)| m.min < lo || m.max > hi));
        // A gap runs to the report's arrival (the chain had no news until then).
        let gap = now.saturating_sub(c.last_seen_ms);
        c.longest_gap_ms = c.longest_gap_ms.max(gap);
        c.last_seen_ms = c.last_seen_ms.max(r.window_end_ms);
        c.open_excursions += u32::from(excursion);
        c.excursions_total += u32::from(excursion);
        c.seal_broken |= r.alarms & 1 != 0;
        c.reports += 1;
        c.latest = Some(LatestReport {
            report_id: r.report_id,
            device: r.device,
            window_end_ms: r.window_end_ms,
            measurements: r.measurements.clone(),
            alarms: r.alarms,
            location_gln: r.location_gln,
        });
        let d = self
            .devices
            .get_mut(&r.device)
            .ok_or(ConditionError::UnknownDevice)?;
        d.last_sequence = r.sequence;
        d.last_end_ms = r.window_end_ms;
        self.seen.insert(r.report_id);
        Ok(())
    }

    pub fn confirm_condition(&mut self, reg: &Registry, who: Acct, id: AssetId, now: u64) -> R<()> {
        asset_attester(reg, id, who)?;
        let c = self
            .conditions
            .get_mut(&id)
            .filter(|c| c.watched_since_ms.is_some())
            .ok_or(ConditionError::NotWatched)?;
        c.last_seen_ms = now;
        c.longest_gap_ms = 0;
        c.open_excursions = 0;
        c.seal_broken = false;
        Ok(())
    }

    pub fn set_class_policy(&mut self, who: Acct, class: u32, p: Option<ClassPolicy>) -> R<()> {
        if who != self.admin {
            return Err(ConditionError::NotAdmin);
        }
        match p {
            Some(p) => {
                if p.haircut_wad > WAD / 2
                    || p.max_silence_ms < 600_000
                    || p.max_silence_ms > 30 * 86_400_000
                {
                    return Err(ConditionError::InvalidPolicy);
                }
                self.policies.insert(class, p);
            }
            None => {
                self.policies.remove(&class);
            }
        }
        Ok(())
    }

    /// The share of its value lot `id` keeps under class `class`'s policy (None: unknown).
    pub fn factor(&self, id: AssetId, class: u32, now: u64) -> Option<u128> {
        let Some(p) = self.policies.get(&class) else {
            return Some(WAD);
        };
        let c = self.conditions.get(&id)?;
        c.watched_since_ms?;
        if c.seal_broken
            || c.longest_gap_ms > p.max_silence_ms
            || now.saturating_sub(c.last_seen_ms) > p.max_silence_ms
        {
            return None;
        }
        if c.open_excursions > 0 {
            Some(WAD - p.haircut_wad)
        } else {
            Some(WAD)
        }
    }
}

#[derive(Debug, Clone)]
pub struct Pricer {
    pub admin: Acct,
    pub risk_desk: Acct,
    pub bounds: BTreeMap<u32, Bounds>,
    pub tables: BTreeMap<u32, Table>,
}

/// Grades A (0) … E (4) from a payment record: only adverse facts count.
pub fn grade(r: &PaymentRecord) -> u8 {
    let points = u64::from(r.settled_late)
        + r.days_late_total.div_ceil(15)
        + 3 * u64::from(r.defaulted)
        + u64::from(r.disputed);
    if r.unresolved_defaults > 0 {
        4
    } else if points >= 8 || r.max_days_late > 60 {
        3
    } else if points >= 4 || r.max_days_late > 30 {
        2
    } else if points >= 1 {
        1
    } else {
        0
    }
}

fn table_ok(t: &Table, b: &Bounds) -> Result<(), scf_rules::grade::TableError> {
    use scf_rules::grade::TableError::*;
    let rows = [t.a, t.b, t.c, t.d];
    for r in rows {
        if r.advance_wad > b.max_advance_wad {
            return Err(AdvanceAboveBound);
        }
        if r.discount_rate_annual_wad < b.min_discount_wad
            || r.discount_rate_annual_wad > b.max_discount_wad
        {
            return Err(DiscountOutOfBounds);
        }
    }
    for w in rows.windows(2) {
        if w[1].advance_wad > w[0].advance_wad
            || w[1].discount_rate_annual_wad < w[0].discount_rate_annual_wad
        {
            return Err(NotMonotonic);
        }
    }
    Ok(())
}

impl Pricer {
    pub fn new(admin: Acct) -> Pricer {
        Pricer {
            admin,
            risk_desk: admin,
            bounds: BTreeMap::new(),
            tables: BTreeMap::new(),
        }
    }

    pub fn set_class_bounds(
        &mut self,
        who: Acct,
        class: u32,
        b: Option<Bounds>,
    ) -> Result<(), PricerError> {
        if who != self.admin {
            return Err(PricerError::NotAdmin);
        }
        match b {
            Some(b) => {
                if b.max_advance_wad > WAD || b.min_discount_wad > b.max_discount_wad {
                    return Err(PricerError::Table(scf_rules::grade::TableError::BadBounds));
                }
                if let Some(t) = self.tables.get(&class) {
                    table_ok(t, &b).map_err(|_| PricerError::TableOutsideBounds)?;
                }
                self.bounds.insert(class, b);
            }
            None => {
                self.bounds.remove(&class);
                self.tables.remove(&class);
            }
        }
        Ok(())
    }

    pub fn set_grade_table(
        &mut self,
        who: Acct,
        class: u32,
        t: Option<Table>,
    ) -> Result<(), PricerError> {
        if who != self.risk_desk {
            return Err(PricerError::NotRiskDesk);
        }
        match t {
            Some(t) => {
                let b = self.bounds.get(&class).ok_or(PricerError::NoBounds)?;
                table_ok(&t, b).map_err(PricerError::Table)?;
                self.tables.insert(class, t);
            }
            None => {
                self.tables.remove(&class);
            }
        }
        Ok(())
    }

    /// What class `class` lends against `debtor`'s invoices (None: no table). No score keys in
    /// the model's world.
    pub fn rates(&self, reg: &Registry, class: u32, debtor: &Acct) -> Option<InvoiceRates> {
        let t = self.tables.get(&class)?;
        let g = grade(&reg.record(debtor));
        let r: Rates = match g {
            0 => t.a,
            1 => t.b,
            2 => t.c,
            3 => t.d,
            _ => Rates {
                advance_wad: 0,
                discount_rate_annual_wad: t.d.discount_rate_annual_wad,
            },
        };
        Some(InvoiceRates {
            grade: g,
            advance_wad: r.advance_wad,
            discount_rate_annual_wad: r.discount_rate_annual_wad,
        })
    }
}
