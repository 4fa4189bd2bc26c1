//! The receivable registry: assets, their lifecycle, document locks, PSP34 ownership and
//! approvals (ERC-721 semantics: a transfer voids every per-token approval of the token), and
//! debtors' payment records. Check orders follow each message's `# Errors` list.
//!
//! A confirmer binds every term: `confirm` carries what the confirmer's own records say (the
//! originator and the whole `AssetKind`), hashed with `scf_interfaces::terms_hash` (the shared
//! vocabulary of the hash), and is refused (`TermsMismatch`) unless it is the registered asset's.
//! A debtor disputes only up to the due date (`PastDue`); `mark_paid` is the holder's word, never
//! the debtor's; the custodian is set once.
use super::Acct;
use scf_interfaces::{
    Asset, AssetId, AssetKind, AssetStatus, DocumentHash, GoodsTerms, PSP34Error, PaymentRecord,
    RegistryError, MS_PER_DAY,
};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone)]
pub struct Registry {
    pub admin: Acct,
    pub custodian: Option<Acct>,
    pub attesters: BTreeSet<Acct>,
    pub next_id: AssetId,
    pub assets: BTreeMap<AssetId, Asset>,
    /// (hash, confirmer) → the asset that locked it.
    pub documents: BTreeMap<(DocumentHash, Acct), AssetId>,
    /// (hash, originator) → its pending asset.
    pub pending: BTreeMap<(DocumentHash, Acct), AssetId>,
    pub owners: BTreeMap<AssetId, Acct>,
    /// (owner, operator, token or None for all) → the token's generation when given.
    pub approvals: BTreeMap<(Acct, Acct, Option<AssetId>), u64>,
    pub generations: BTreeMap<AssetId, u64>,
    pub records: BTreeMap<Acct, PaymentRecord>,
}

/// Lifecycle edges (docs/architecture.md, "Asset lifecycle").
pub fn can_become(from: AssetStatus, to: AssetStatus) -> bool {
    use AssetStatus::*;
    matches!(
        (from, to),
        (Pending, Confirmed)
            | (Pending, Disputed)
            | (Confirmed, Settled)
            | (Confirmed, Disputed)
            | (Confirmed, Defaulted)
            | (Defaulted, Settled)
            | (Disputed, Confirmed)
            // A dispute left unresolved past the grace period does not escape default.
            | (Disputed, Defaulted)
    )
}

fn confirmer(kind: &AssetKind) -> Acct {
    match kind {
        AssetKind::Invoice(t) => t.debtor,
        AssetKind::WarehouseReceipt(t) => t.warehouse,
        AssetKind::InTransit(t) => t.carrier,
    }
}

pub fn doc_hash(kind: &AssetKind) -> DocumentHash {
    match kind {
        AssetKind::Invoice(t) => t.document_hash,
        AssetKind::WarehouseReceipt(t) => t.document_hash,
        AssetKind::InTransit(t) => t.document_hash,
    }
}

/// The payment record after an invoice went `from` → `to` at `now`; None if not recorded.
/// Whole days late, a started day counting; counters saturate.
pub fn recorded(
    mut r: PaymentRecord,
    from: AssetStatus,
    to: AssetStatus,
    due: u64,
    now: u64,
) -> Option<PaymentRecord> {
    use AssetStatus::*;
    match (from, to) {
        (Confirmed | Defaulted, Settled) => {
            if from == Defaulted {
                r.unresolved_defaults = r.unresolved_defaults.saturating_sub(1);
            }
            if from == Confirmed && now <= due {
                r.settled_on_time = r.settled_on_time.saturating_add(1);
            } else {
                let late = now.saturating_sub(due);
                let days = late / MS_PER_DAY + u64::from(!late.is_multiple_of(MS_PER_DAY));
                r.settled_late = r.settled_late.saturating_add(1);
                r.days_late_total = r.days_late_total.saturating_add(days);
                r.max_days_late = r.max_days_late.max(u32::try_from(days).unwrap_or(u32::MAX));
            }
        }
        (_, Defaulted) => {
            r.defaulted = r.defaulted.saturating_add(1);
            r.unresolved_defaults = r.unresolved_defaults.saturating_add(1);
        }
        (_, Disputed) => r.disputed = r.disputed.saturating_add(1),
        _ => return None,
    }
    Some(r)
}

impl Registry {
    pub fn owner_of(&self, id: AssetId) -> Option<Acct> {
        self.owners.get(&id).copied()
    }

    pub fn balance_of(&self, who: &Acct) -> u32 {
        self.owners.values().filter(|o| *o == who).count() as u32
    }

    fn generation(&self, id: AssetId) -> u64 {
        self.generations.get(&id).copied().unwrap_or(0)
    }

    pub fn allowance(&self, owner: Acct, operator: Acct, id: Option<AssetId>) -> bool {
        self.approvals.contains_key(&(owner, operator, None))
            || id.is_some_and(|t| {
                self.approvals.get(&(owner, operator, Some(t))) == Some(&self.generation(t))
            })
    }

    pub fn record(&self, debtor: &Acct) -> PaymentRecord {
        self.records.get(debtor).copied().unwrap_or_default()
    }

    fn ensure_attester(&self, a: Acct) -> Result<(), RegistryError> {
        if self.attesters.contains(&a) {
            Ok(())
        } else {
            Err(RegistryError::NotAttester)
        }
    }

    fn is_pledged(&self, id: AssetId) -> bool {
        self.custodian.is_some() && self.owner_of(id) == self.custodian
    }

    fn unpledged(&self, id: AssetId) -> Result<Asset, RegistryError> {
        let asset = self
            .assets
            .get(&id)
            .cloned()
            .ok_or(RegistryError::AssetNotFound)?;
        if self.is_pledged(id) {
            return Err(RegistryError::NotCustodian);
        }
        Ok(asset)
    }

    pub fn register(
        &mut self,
        caller: Acct,
        kind: AssetKind,
        now: u64,
    ) -> Result<AssetId, RegistryError> {
        // Terms: non-zero amounts and hash, an invoice due after its issue and not self-billed;
        // goods need their attesters to hold the role.
        match &kind {
            AssetKind::Invoice(t) => {
                if t.face_value_wad == 0
                    || t.due_date_ms <= t.issue_date_ms
                    || t.document_hash == [0; 32]
                    || t.debtor == caller
                {
                    return Err(RegistryError::InvalidTerms);
                }
            }
            AssetKind::WarehouseReceipt(t) => {
                if t.quantity_wad == 0 || t.document_hash == [0; 32] {
                    return Err(RegistryError::InvalidTerms);
                }
                self.ensure_attester(t.warehouse)?;
            }
            AssetKind::InTransit(t) => {
                if t.quantity_wad == 0 || t.document_hash == [0; 32] {
                    return Err(RegistryError::InvalidTerms);
                }
                self.ensure_attester(t.carrier)?;
                self.ensure_attester(t.destination_warehouse)?;
            }
        }
        let h = doc_hash(&kind);
        if self.documents.contains_key(&(h, confirmer(&kind)))
            || self.pending.contains_key(&(h, caller))
        {
            return Err(RegistryError::DuplicateDocument);
        }
        let id = self.next_id;
        self.next_id += 1;
        self.owners.insert(id, caller);
        self.pending.insert((h, caller), id);
        self.assets.insert(
            id,
            Asset {
                kind,
                status: AssetStatus::Pending,
                originator: caller,
                registered_at_ms: now,
            },
        );
        Ok(id)
    }

    /// `confirm(id, terms_hash)`: the confirmer's records (`originator`, `kind`) are hashed
    /// and compared with the hash of the registered originator and terms.
    pub fn confirm(
        &mut self,
        caller: Acct,
        id: AssetId,
        originator: Acct,
        kind: &AssetKind,
        now: u64,
    ) -> Result<(), RegistryError> {
        let asset = self.unpledged(id)?;
        if caller != confirmer(&asset.kind) {
            return Err(RegistryError::NotAuthorised);
        }
        if !matches!(asset.kind, AssetKind::Invoice(_)) {
            self.ensure_attester(caller)?;
        }
        if asset.status != AssetStatus::Pending {
            return Err(RegistryError::InvalidTransition);
        }
        if scf_interfaces::terms_hash(&originator, kind)
            != scf_interfaces::terms_hash(&asset.originator, &asset.kind)
        {
            return Err(RegistryError::TermsMismatch);
        }
        self.transition(caller, id, asset, AssetStatus::Confirmed, now)
    }

    pub fn reject(&mut self, caller: Acct, id: AssetId) -> Result<(), RegistryError> {
        let asset = self.unpledged(id)?;
        if caller != confirmer(&asset.kind) {
            return Err(RegistryError::NotAuthorised);
        }
        if asset.status != AssetStatus::Pending {
            return Err(RegistryError::InvalidTransition);
        }
        self.burn(id);
        self.assets.remove(&id);
        let slot = (doc_hash(&asset.kind), asset.originator);
        if self.pending.get(&slot) == Some(&id) {
            self.pending.remove(&slot);
        }
        Ok(())
    }

    /// `dispute`: the invoice's debtor, unpledged, up to the due date.
    pub fn dispute(&mut self, caller: Acct, id: AssetId, now: u64) -> Result<(), RegistryError> {
        let asset = self.unpledged(id)?;
        match &asset.kind {
            AssetKind::Invoice(t) if t.debtor == caller => {
                if now > t.due_date_ms {
                    return Err(RegistryError::PastDue);
                }
            }
            AssetKind::Invoice(_) => return Err(RegistryError::NotAuthorised),
            _ => return Err(RegistryError::WrongKind),
        }
        self.transition(caller, id, asset, AssetStatus::Disputed, now)
    }

    /// `mark_paid`: an unpledged invoice, on the word of its holder (the NFT's owner), never its
    /// debtor's.
    pub fn mark_paid(&mut self, caller: Acct, id: AssetId, now: u64) -> Result<(), RegistryError> {
        let asset = self.unpledged(id)?;
        if !matches!(asset.kind, AssetKind::Invoice(_)) {
            return Err(RegistryError::WrongKind);
        }
        if self.owner_of(id) != Some(caller) {
            return Err(RegistryError::NotAuthorised);
        }
        self.transition(caller, id, asset, AssetStatus::Settled, now)
    }

    pub fn attest_arrival(
        &mut self,
        caller: Acct,
        id: AssetId,
        quantity: u128,
    ) -> Result<(), RegistryError> {
        let asset = self.unpledged(id)?;
        self.arrive_as(id, asset, caller, quantity).map(|_| ())
    }

    /// Goods in transit become a warehouse receipt for what arrived, on the word of their
    /// destination warehouse (still an attester); the document is locked under it too.
    pub fn arrive_as(
        &mut self,
        id: AssetId,
        mut asset: Asset,
        warehouse: Acct,
        quantity: u128,
    ) -> Result<Asset, RegistryError> {
        let t = match &asset.kind {
            AssetKind::InTransit(t) => t.clone(),
            _ => return Err(RegistryError::WrongKind),
        };
        if warehouse != t.destination_warehouse {
            return Err(RegistryError::NotAuthorised);
        }
        self.ensure_attester(warehouse)?;
        if asset.status != AssetStatus::Confirmed {
            return Err(RegistryError::InvalidTransition);
        }
        if quantity == 0 || quantity > t.quantity_wad {
            return Err(RegistryError::InvalidTerms);
        }
        let lock = (t.document_hash, warehouse);
        match self.documents.get(&lock) {
            Some(other) if *other != id => return Err(RegistryError::DuplicateDocument),
            Some(_) => {}
            None => {
                self.documents.insert(lock, id);
            }
        }
        asset.kind = AssetKind::WarehouseReceipt(GoodsTerms {
            commodity: t.commodity,
            quantity_wad: quantity,
            warehouse,
            document_hash: t.document_hash,
        });
        self.assets.insert(id, asset.clone());
        Ok(asset)
    }

    pub fn set_attester(
        &mut self,
        caller: Acct,
        a: Acct,
        granted: bool,
    ) -> Result<(), RegistryError> {
        if caller != self.admin {
            return Err(RegistryError::NotAdmin);
        }
        if granted {
            self.attesters.insert(a);
        } else {
            self.attesters.remove(&a);
        }
        Ok(())
    }

    pub fn set_custodian(&mut self, caller: Acct, c: Acct) -> Result<(), RegistryError> {
        if caller != self.admin {
            return Err(RegistryError::NotAdmin);
        }
        if self.custodian.is_some() {
            return Err(RegistryError::CustodianAlreadySet);
        }
        self.custodian = Some(c);
        Ok(())
    }

    /// The one status-transition rule: lifecycle, then the document lock; writes the status,
    /// the lock (leaving Pending) and the debtor's payment record.
    fn transition(
        &mut self,
        _by: Acct,
        id: AssetId,
        mut asset: Asset,
        to: AssetStatus,
        now: u64,
    ) -> Result<(), RegistryError> {
        let from = asset.status;
        if !can_become(from, to) {
            return Err(RegistryError::InvalidTransition);
        }
        let h = doc_hash(&asset.kind);
        let lock = (h, confirmer(&asset.kind));
        let locked_by = self.documents.get(&lock).copied();
        if to == AssetStatus::Confirmed && locked_by.is_some_and(|o| o != id) {
            return Err(RegistryError::DuplicateDocument);
        }
        let record = match &asset.kind {
            AssetKind::Invoice(t) => recorded(self.record(&t.debtor), from, to, t.due_date_ms, now)
                .map(|r| (t.debtor, r)),
            _ => None,
        };
        if from == AssetStatus::Pending {
            let slot = (h, asset.originator);
            if self.pending.get(&slot) == Some(&id) {
                self.pending.remove(&slot);
            }
            if locked_by.is_none() {
                self.documents.insert(lock, id);
            }
        }
        asset.status = to;
        self.assets.insert(id, asset);
        if let Some((d, r)) = record {
            self.records.insert(d, r);
        }
        Ok(())
    }

    // ── the custodian's messages ──

    /// A pledged asset, for a call of its custodian (the vault): `NotCustodian` for anyone else
    /// or for an asset the custodian does not hold.
    fn in_custody(&self, caller: Acct, id: AssetId) -> Result<Asset, RegistryError> {
        let asset = self
            .assets
            .get(&id)
            .cloned()
            .ok_or(RegistryError::AssetNotFound)?;
        if self.custodian != Some(caller) || !self.is_pledged(id) {
            return Err(RegistryError::NotCustodian);
        }
        Ok(asset)
    }

    pub fn set_status(
        &mut self,
        caller: Acct,
        id: AssetId,
        status: AssetStatus,
        now: u64,
    ) -> Result<(), RegistryError> {
        let asset = self
            .assets
            .get(&id)
            .cloned()
            .ok_or(RegistryError::AssetNotFound)?;
        // Of an invoice it does not hold, the custodian only marks it paid (`pay_invoice`).
        let paid_on_chain =
            status == AssetStatus::Settled && matches!(asset.kind, AssetKind::Invoice(_));
        if self.custodian != Some(caller) || !(paid_on_chain || self.is_pledged(id)) {
            return Err(RegistryError::NotCustodian);
        }
        if asset.status == AssetStatus::Pending && status == AssetStatus::Confirmed {
            return Err(RegistryError::NotAuthorised);
        }
        self.transition(caller, id, asset, status, now)
    }

    pub fn take_custody(
        &mut self,
        caller: Acct,
        id: AssetId,
        owner: Acct,
    ) -> Result<Asset, RegistryError> {
        if self.custodian != Some(caller) {
            return Err(RegistryError::NotCustodian);
        }
        let asset = self
            .assets
            .get(&id)
            .cloned()
            .ok_or(RegistryError::AssetNotFound)?;
        if self.owner_of(id) != Some(owner) {
            return Err(RegistryError::NotOwner);
        }
        self.nft_transfer(caller, caller, id)
            .map_err(RegistryError::Token)?;
        Ok(asset)
    }

    pub fn arrive(
        &mut self,
        caller: Acct,
        id: AssetId,
        warehouse: Acct,
        quantity: u128,
    ) -> Result<Asset, RegistryError> {
        let asset = self.in_custody(caller, id)?;
        self.arrive_as(id, asset, warehouse, quantity)
    }

    pub fn release(
        &mut self,
        caller: Acct,
        id: AssetId,
        to: Acct,
        status: AssetStatus,
        now: u64,
    ) -> Result<(), RegistryError> {
        let asset = self.in_custody(caller, id)?;
        if asset.status != status {
            if asset.status == AssetStatus::Pending && status == AssetStatus::Confirmed {
                return Err(RegistryError::NotAuthorised);
            }
            self.transition(caller, id, asset, status, now)?;
        }
        self.nft_transfer(caller, to, id)
            .map_err(RegistryError::Token)
    }

    // ── PSP34 ──

    pub fn approve(
        &mut self,
        caller: Acct,
        operator: Acct,
        id: Option<AssetId>,
        approved: bool,
    ) -> Result<(), PSP34Error> {
        if operator == caller {
            return Err(PSP34Error::SelfApprove);
        }
        if let Some(t) = id {
            let owner = self.owner_of(t).ok_or(PSP34Error::TokenNotExists)?;
            if owner != caller {
                return Err(PSP34Error::NotApproved);
            }
        }
        if approved {
            let g = id.map_or(0, |t| self.generation(t));
            self.approvals.insert((caller, operator, id), g);
        } else {
            self.approvals.remove(&(caller, operator, id));
        }
        Ok(())
    }

    pub fn transfer(&mut self, caller: Acct, to: Acct, id: AssetId) -> Result<(), PSP34Error> {
        self.nft_transfer(caller, to, id)
    }

    fn nft_transfer(&mut self, caller: Acct, to: Acct, id: AssetId) -> Result<(), PSP34Error> {
        let owner = self.owner_of(id).ok_or(PSP34Error::TokenNotExists)?;
        if caller != owner && !self.allowance(owner, caller, Some(id)) {
            return Err(PSP34Error::NotApproved);
        }
        *self.generations.entry(id).or_insert(0) += 1;
        self.approvals.remove(&(owner, caller, Some(id)));
        self.owners.insert(id, to);
        Ok(())
    }

    fn burn(&mut self, id: AssetId) {
        *self.generations.entry(id).or_insert(0) += 1;
        self.owners.remove(&id);
    }
}
