//! Condition monitor: device identities and the signed condition reports that value goods.
//!
//! * **Devices.** An attester (carrier, warehouse: the registry's role) registers its devices'
//!   public keys (sr25519 or secp256k1), binds a device to the lots it watches (only lots whose
//!   terms name that attester), and may revoke a device; the monitor's admin may revoke any.
//!   A revoked device's reports are refused for good.
//! * **Reports.** Anyone may relay a report signed by a bound, unrevoked device (see
//!   [`data::ConditionReport`], shaped after a GS1 EPCIS 2.0 sensor event). Refused, changing
//!   nothing: a bad signature, a replayed report id, a sequence or window older than the device's
//!   last, a device not bound to the asset, a revoked device, a malformed or impossible
//!   measurement. Each lot records its latest report and its excursions against its limits.
//! * **Valuation.** The vault asks [`ConditionFeed::condition_factors`] for the goods NFTs it
//!   values (once per position), under its class's policy (the risk desk's haircut and longest silence, set here by
//!   the admin): the rule is `scf_rules::condition`.
//!
//! The signed message is [`report_digest`]: BLAKE2b-256 of the SCALE encoding of a domain tag,
//! this monitor's address and the report, so a signature is good for one report on one
//! deployment. Both schemes sign those 32 bytes (sr25519 with the `substrate` context).
#![cfg_attr(not(feature = "std"), no_std, no_main)]
#![allow(clippy::cast_possible_truncation)]

pub mod data;
pub mod errors;
pub mod events;

pub use data::*;
pub use errors::ConditionError;

// The contract and its reference, for the ink_e2e flows that call it by type.
pub use self::condition_monitor::{ConditionMonitor, ConditionMonitorRef};

/// Separates this monitor's signed reports from any other message a device key might sign.
pub const REPORT_DOMAIN: &[u8; 24] = b"scf/condition-report/v1\0";

/// What a device signs for `report` relayed to the monitor at `monitor`.
pub fn report_digest(monitor: &ink::primitives::AccountId, report: &ConditionReport) -> [u8; 32] {
    let mut out = [0u8; 32];
    ink::env::hash_encoded::<ink::env::hash::Blake2x256, _>(
        &(REPORT_DOMAIN, monitor, report),
        &mut out,
    );
    out
}

/// A device's id: BLAKE2b-256 of its SCALE-encoded key.
pub fn device_id(key: &DeviceKey) -> DeviceId {
    let mut out = [0u8; 32];
    ink::env::hash_encoded::<ink::env::hash::Blake2x256, _>(key, &mut out);
    out
}

#[cfg(test)]
mod tests;

#[ink::contract]
mod condition_monitor {
    use crate::data::{self, *};
    use crate::events::*;
    use crate::ConditionError;
    use ink::codegen::TraitCallBuilder;
    use ink::contract_ref;
    use ink::env::call::{build_call, ExecutionInput, Selector};
    use ink::prelude::vec::Vec;
    use ink::storage::Mapping;
    use scf_interfaces::calls::plain;
    use scf_interfaces::{Admin, AssetId, AssetKind, ConditionFeed, ReceivableRegistry};
    use scf_rules::condition;

    type Result<T> = core::result::Result<T, ConditionError>;

    #[ink(storage)]
    pub struct ConditionMonitor {
        admin: Admin,
        /// The receivable registry: who is an attester, and which attester each lot names.
        registry: AccountId,
        devices: Mapping<DeviceId, Device>,
        bindings: Mapping<(DeviceId, AssetId), ()>,
        conditions: Mapping<AssetId, AssetCondition>,
        /// Report ids accepted: a report is recorded once.
        seen: Mapping<[u8; 32], ()>,
        /// Per vault class: its condition haircut and longest silence (none: condition not priced).
        policies: Mapping<u32, ClassPolicy>,
    }

    impl ConditionMonitor {
        #[ink(constructor)]
        pub fn new(registry: AccountId) -> Self {
            Self {
                admin: Admin::new(Self::env().caller()),
                registry,
                devices: Mapping::default(),
                bindings: Mapping::default(),
                conditions: Mapping::default(),
                seen: Mapping::default(),
                policies: Mapping::default(),
            }
        }

        /// An attester registers a device's public key; returns its id ([`crate::device_id`]).
        ///
        /// # Errors
        /// `NotAttester`, `DeviceExists`, `RegistryCallFailed`.
        #[ink(message)]
        pub fn register_device(&mut self, key: DeviceKey) -> Result<DeviceId> {
            let caller = self.env().caller();
            self.ensure_attester(caller)?;
            let id = crate::device_id(&key);
            if self.devices.contains(id) {
                return Err(ConditionError::DeviceExists);
            }
            self.devices.insert(
                id,
                &Device {
                    key,
                    attester: caller,
                    revoked: false,
                    last_sequence: 0,
                    last_end_ms: 0,
                },
            );
            self.env().emit_event(DeviceRegistered {
                device: id,
                attester: caller,
                key,
            });
            Ok(id)
        }

        /// Its attester, or the admin (a stolen or broken device): the device's reports are
        /// refused from now on, for good.
        ///
        /// # Errors
        /// `UnknownDevice`, `NotDeviceAttester`, `DeviceRevoked` (already).
        #[ink(message)]
        pub fn revoke_device(&mut self, device: DeviceId) -> Result<()> {
            let caller = self.env().caller();
            let mut d = self.device(device)?;
            if caller != d.attester && caller != self.admin.admin() {
                return Err(ConditionError::NotDeviceAttester);
            }
            if d.revoked {
                return Err(ConditionError::DeviceRevoked);
            }
            d.revoked = true;
            self.devices.insert(device, &d);
            self.env().emit_event(DeviceRevoked { device, by: caller });
            Ok(())
        }

        /// The attester the goods' terms name sets the lot's limits, once: what its reports
        /// are judged against (a temperature range for coffee or medicines).
        ///
        /// # Errors
        /// `InvalidLimits`, then as [`Self::bind_device`]'s asset checks, `LimitsAlreadySet`.
        #[ink(message)]
        pub fn set_limits(&mut self, asset_id: AssetId, limits: ConditionLimits) -> Result<()> {
            limits.validate()?;
            let caller = self.env().caller();
            self.ensure_asset_attester(asset_id, caller)?;
            if self.conditions.contains(asset_id) {
                return Err(ConditionError::LimitsAlreadySet);
            }
            self.conditions
                .insert(asset_id, &AssetCondition::new(limits));
            self.env().emit_event(LimitsSet {
                asset_id,
                limits,
                by: caller,
            });
            Ok(())
        }

        /// The device's attester, which the goods' terms must name and which must still be an
        /// attester, binds it to the lot. The first binding starts the lot's watch: its silence
        /// is counted from now.
        ///
        /// # Errors
        /// `UnknownDevice`, `NotDeviceAttester`, `DeviceRevoked`, `AssetNotFound`, `NotGoods`,
        /// `NotAssetAttester`, `NotAttester`, `NoLimits`, `AlreadyBound`, `RegistryCallFailed`.
        #[ink(message)]
        pub fn bind_device(&mut self, device: DeviceId, asset_id: AssetId) -> Result<()> {
            let caller = self.env().caller();
            let d = self.device(device)?;
            if d.attester != caller {
                return Err(ConditionError::NotDeviceAttester);
            }
            if d.revoked {
                return Err(ConditionError::DeviceRevoked);
            }
            self.ensure_asset_attester(asset_id, caller)?;
            let mut c = self
                .conditions
                .get(asset_id)
                .ok_or(ConditionError::NoLimits)?;
            if self.bindings.contains((device, asset_id)) {
                return Err(ConditionError::AlreadyBound);
            }
            if c.watched_since_ms.is_none() {
                let now = self.env().block_timestamp();
                c.watched_since_ms = Some(now);
                c.last_seen_ms = now;
                self.conditions.insert(asset_id, &c);
            }
            self.bindings.insert((device, asset_id), &());
            self.env().emit_event(DeviceBound { device, asset_id });
            Ok(())
        }

        /// The device's attester unbinds it (the shipment arrived, the device moved on). The
        /// lot's silence runs on until another device reports.
        ///
        /// # Errors
        /// `UnknownDevice`, `NotDeviceAttester`, `NotBound`.
        #[ink(message)]
        pub fn unbind_device(&mut self, device: DeviceId, asset_id: AssetId) -> Result<()> {
            let d = self.device(device)?;
            if d.attester != self.env().caller() {
                return Err(ConditionError::NotDeviceAttester);
            }
            if !self.bindings.contains((device, asset_id)) {
                return Err(ConditionError::NotBound);
            }
            self.bindings.remove((device, asset_id));
            self.env().emit_event(DeviceUnbound { device, asset_id });
            Ok(())
        }

        /// Anyone relays a device's signed report. See the crate docs for what is refused.
        ///
        /// # Errors
        /// In check order: `BadWindow`, `BadMeasurement`, `UnknownAlarm`, `BadLocation` (the
        /// report's own content), `UnknownDevice`, `DeviceRevoked`, `NotBound`, `BadSignature`,
        /// `Replay`, `StaleSequence`, `StaleWindow`.
        ///
        /// # Events
        /// `ConditionReported`.
        #[ink(message)]
        pub fn report(
            &mut self,
            report: ConditionReport,
            signature: DeviceSignature,
        ) -> Result<()> {
            let now = self.env().block_timestamp();
            data::check_content(&report, now)?;
            let mut d = self.device(report.device)?;
            if d.revoked {
                return Err(ConditionError::DeviceRevoked);
            }
            if !self.bindings.contains((report.device, report.asset_id)) {
                return Err(ConditionError::NotBound);
            }
            let digest = crate::report_digest(&self.env().account_id(), &report);
            verify(&d.key, &signature, &digest)?;
            if self.seen.contains(report.report_id) {
                return Err(ConditionError::Replay);
            }
            data::check_order(&d, &report)?;
            // A binding exists only for a lot with limits, so its record exists.
            let mut c = self
                .conditions
                .get(report.asset_id)
                .ok_or(ConditionError::NoLimits)?;
            let excursion = c.limits.excursion(&report.measurements);
            let seal_broken = report.alarms & ALARM_SEAL_BROKEN != 0;
            c.set_state(
                c.state()
                    .after_report(report.window_end_ms, now, excursion, seal_broken),
            );
            c.excursions_total = c.excursions_total.saturating_add(u32::from(excursion));
            c.reports = c.reports.saturating_add(1);
            c.latest = Some(LatestReport {
                report_id: report.report_id,
                device: report.device,
                window_end_ms: report.window_end_ms,
                measurements: report.measurements.clone(),
                alarms: report.alarms,
                location_gln: report.location_gln,
            });
            d.last_sequence = report.sequence;
            d.last_end_ms = report.window_end_ms;
            self.conditions.insert(report.asset_id, &c);
            self.devices.insert(report.device, &d);
            self.seen.insert(report.report_id, &());
            self.env().emit_event(ConditionReported {
                asset_id: report.asset_id,
                device: report.device,
                report_id: report.report_id,
                sequence: report.sequence,
                window_start_ms: report.window_start_ms,
                window_end_ms: report.window_end_ms,
                measurements: report.measurements,
                alarms: report.alarms,
                location_gln: report.location_gln,
                excursion,
                arrived_at_ms: now,
                relayer: self.env().caller(),
            });
            Ok(())
        }

        /// An attester the goods' terms name, having inspected them, confirms the lot: the
        /// excursions, broken seal and silences reported before now stop counting. Good reports
        /// alone never do this.
        ///
        /// # Errors
        /// `AssetNotFound`, `NotGoods`, `NotAssetAttester`, `NotAttester`, `NotWatched`,
        /// `RegistryCallFailed`.
        #[ink(message)]
        pub fn confirm_condition(&mut self, asset_id: AssetId) -> Result<()> {
            let caller = self.env().caller();
            self.ensure_asset_attester(asset_id, caller)?;
            let mut c = self
                .conditions
                .get(asset_id)
                .filter(|c| c.watched_since_ms.is_some())
                .ok_or(ConditionError::NotWatched)?;
            c.set_state(c.state().confirmed(self.env().block_timestamp()));
            self.conditions.insert(asset_id, &c);
            self.env().emit_event(ConditionConfirmed {
                asset_id,
                attester: caller,
            });
            Ok(())
        }

        /// Admin (the risk desk): vault class `class_id`'s condition haircut and longest silence
        /// (None: the class does not price condition). Applies to every lot of the class at once,
        /// like the vault's own class parameters.
        ///
        /// # Errors
        /// `NotAdmin`, `InvalidPolicy`.
        #[ink(message)]
        pub fn set_class_policy(
            &mut self,
            class_id: u32,
            policy: Option<ClassPolicy>,
        ) -> Result<()> {
            self.admin.ensure(self.env().caller())?;
            match policy {
                Some(p) => {
                    p.validate()?;
                    self.policies.insert(class_id, &p);
                }
                None => self.policies.remove(class_id),
            }
            self.env().emit_event(ClassPolicySet {
                class_id,
                haircut_wad: policy.map(|p| p.haircut_wad),
                max_silence_ms: policy.map(|p| p.max_silence_ms),
            });
            Ok(())
        }

        #[ink(message)]
        pub fn transfer_admin(&mut self, next: AccountId) -> Result<()> {
            let e = self.admin.start_transfer(self.env().caller(), next)?;
            self.env().emit_event(e);
            Ok(())
        }

        #[ink(message)]
        pub fn accept_admin(&mut self) -> Result<()> {
            let e = self.admin.accept(self.env().caller())?;
            self.env().emit_event(e);
            Ok(())
        }

        #[ink(message)]
        pub fn admin(&self) -> AccountId {
            self.admin.admin()
        }

        #[ink(message)]
        pub fn registry(&self) -> AccountId {
            self.registry
        }

        #[ink(message)]
        pub fn device_of(&self, device: DeviceId) -> Option<Device> {
            self.devices.get(device)
        }

        #[ink(message)]
        pub fn is_bound(&self, device: DeviceId, asset_id: AssetId) -> bool {
            self.bindings.contains((device, asset_id))
        }

        /// A lot's limits, latest report and counts (None: no limits set).
        #[ink(message)]
        pub fn condition(&self, asset_id: AssetId) -> Option<AssetCondition> {
            self.conditions.get(asset_id)
        }

        #[ink(message)]
        pub fn class_policy(&self, class_id: u32) -> Option<ClassPolicy> {
            self.policies.get(class_id)
        }

        #[ink(message)]
        pub fn is_seen(&self, report_id: [u8; 32]) -> bool {
            self.seen.contains(report_id)
        }

        fn factor_of(
            &self,
            asset_id: AssetId,
            policy: Option<&condition::ConditionPolicy>,
        ) -> Option<u128> {
            // A class without a policy prices no condition, and reads no lot.
            if policy.is_none() {
                return Some(scf_interfaces::WAD);
            }
            let state = self.conditions.get(asset_id).map(|c| c.state());
            condition::factor_wad(state.as_ref(), policy, self.env().block_timestamp())
        }

        fn device(&self, id: DeviceId) -> Result<Device> {
            self.devices.get(id).ok_or(ConditionError::UnknownDevice)
        }

        fn ensure_attester(&self, account: AccountId) -> Result<()> {
            let is = plain::<bool, ConditionError>(
                build_call::<Environment>()
                    .call(self.registry)
                    .exec_input(
                        ExecutionInput::new(Selector::new(ink::selector_bytes!("is_attester")))
                            .push_arg(account),
                    )
                    .returns::<bool>()
                    .try_invoke(),
            )?;
            if is {
                Ok(())
            } else {
                Err(ConditionError::NotAttester)
            }
        }

        /// `account` is named by goods `asset_id`'s terms (a lot's warehouse; a shipment's carrier
        /// or destination) and still holds the attester role.
        fn ensure_asset_attester(&self, asset_id: AssetId, account: AccountId) -> Result<()> {
            let registry: contract_ref!(ReceivableRegistry) = self.registry.into();
            let asset = plain::<_, ConditionError>(registry.call().asset(asset_id).try_invoke())?
                .ok_or(ConditionError::AssetNotFound)?;
            let named = match asset.kind {
                AssetKind::Invoice(_) => return Err(ConditionError::NotGoods),
                AssetKind::WarehouseReceipt(t) => t.warehouse == account,
                AssetKind::InTransit(t) => {
                    t.carrier == account || t.destination_warehouse == account
                }
            };
            if !named {
                return Err(ConditionError::NotAssetAttester);
            }
            self.ensure_attester(account)
        }

        /// Test only: a device and its binding without the registry (the off-chain engine runs
        /// no second contract).
        #[cfg(test)]
        pub(crate) fn seed(
            &mut self,
            key: DeviceKey,
            attester: AccountId,
            asset_id: AssetId,
            limits: ConditionLimits,
        ) -> DeviceId {
            let id = crate::device_id(&key);
            self.devices.insert(
                id,
                &Device {
                    key,
                    attester,
                    revoked: false,
                    last_sequence: 0,
                    last_end_ms: 0,
                },
            );
            let mut c = AssetCondition::new(limits);
            c.watched_since_ms = Some(self.env().block_timestamp());
            c.last_seen_ms = self.env().block_timestamp();
            self.conditions.insert(asset_id, &c);
            self.bindings.insert((id, asset_id), &());
            id
        }
    }

    impl ConditionFeed for ConditionMonitor {
        #[ink(message)]
        fn condition_factor(&self, asset_id: AssetId, class_id: u32) -> Option<u128> {
            let policy = self.policies.get(class_id).map(|p| p.rules());
            self.factor_of(asset_id, policy.as_ref())
        }

        #[ink(message)]
        fn condition_factors(&self, asset_ids: Vec<AssetId>, class_id: u32) -> Vec<Option<u128>> {
            let policy = self.policies.get(class_id).map(|p| p.rules());
            asset_ids
                .iter()
                .map(|id| self.factor_of(*id, policy.as_ref()))
                .collect()
        }
    }

    /// Whether `signature` is `key`'s over `digest`; a signature of the other scheme is bad.
    fn verify(key: &DeviceKey, signature: &DeviceSignature, digest: &[u8; 32]) -> Result<()> {
        let ok = match (key, signature) {
            (DeviceKey::Sr25519(pk), DeviceSignature::Sr25519(sig)) => {
                ink::env::sr25519_verify(sig, digest, pk).is_ok()
            }
            (DeviceKey::Ecdsa(pk), DeviceSignature::Ecdsa(sig)) => {
                let mut recovered = [0u8; 33];
                ink::env::ecdsa_recover(sig, digest, &mut recovered).is_ok() && &recovered == pk
            }
            _ => false,
        };
        if ok {
            Ok(())
        } else {
            Err(ConditionError::BadSignature)
        }
    }
}
