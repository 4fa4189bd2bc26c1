//! Receivable registry: invoices, warehouse receipts and goods in transit as PSP34 NFTs with a
//! lifecycle (Pending → Confirmed → Settled / Disputed / Defaulted). A document hash is locked
//! once an asset of it is confirmed or disputed, and never again registers (no double financing);
//! a pending registration reserves the hash only against its own originator, so nobody can
//! squat a hash. While the custodian (the vault) holds a token, only it changes the token's status.
//! Every invoice settlement, default and dispute lands in its debtor's payment record.
#![cfg_attr(not(feature = "std"), no_std, no_main)]
#![allow(clippy::cast_possible_truncation)]

pub mod data;
pub mod events;

// The contract and its reference, for the ink_e2e flows (`e2e-ink`) that call it by type.
pub use self::receivable_registry::{Registry, RegistryRef};

#[ink::contract]
mod receivable_registry {
    use crate::data::{numeric, recorded, Psp34Data, Psp34Event};
    use crate::events::*;
    use ink::prelude::vec::Vec;
    use ink::storage::Mapping;
    use scf_interfaces::{
        Admin, Asset, AssetId, AssetKind, AssetStatus, DocumentHash, GoodsTerms, Id, PSP34Error,
        PSP34Metadata, PaymentRecord, ReceivableRegistry, RegistryError, PSP34,
    };

    type Result<T> = core::result::Result<T, RegistryError>;

    #[ink(storage)]
    pub struct Registry {
        admin: Admin,
        custodian: Option<AccountId>,
        attesters: Mapping<AccountId, ()>,
        next_id: AssetId,
        assets: Mapping<AssetId, Asset>,
        /// Locked documents: (hash, confirmer) → the asset confirmed or disputed with it. Never
        /// unlocked. Keyed by the confirmer too, so that an impostor's document confirmed by a
        /// debtor or attester of its own choosing locks nothing for the real one.
        documents: Mapping<(DocumentHash, AccountId), AssetId>,
        tokens: Psp34Data,
        /// (hash, originator) → its pending asset of that hash (at most one per originator).
        pending_documents: Mapping<(DocumentHash, AccountId), AssetId>,
        payment_records: Mapping<AccountId, PaymentRecord>,
    }

    impl Default for Registry {
        fn default() -> Self {
            Self::new()
        }
    }

    impl Registry {
        #[ink(constructor)]
        pub fn new() -> Self {
            Self {
                admin: Admin::new(Self::env().caller()),
                custodian: None,
                attesters: Mapping::default(),
                next_id: 1,
                assets: Mapping::default(),
                documents: Mapping::default(),
                tokens: Psp34Data::default(),
                pending_documents: Mapping::default(),
                payment_records: Mapping::default(),
            }
        }

        /// Registers an asset and mints its NFT to the caller (the supplier), status `Pending`.
        ///
        /// # Errors (in check order)
        /// `InvalidTerms`, `NotAttester` (goods whose warehouse / carrier lacks the role),
        /// `DuplicateDocument` (the hash is locked, or the caller has it pending already),
        /// `Overflow`.
        ///
        /// # Events
        /// PSP34 `Transfer` (mint), `AssetRegistered`.
        #[ink(message)]
        pub fn register(&mut self, kind: AssetKind) -> Result<AssetId> {
            let caller = self.env().caller();
            self.validate_terms(&kind, caller)?;
            let document_hash = kind.document_hash();
            if self.documents.contains((document_hash, kind.confirmer()))
                || self.pending_documents.contains((document_hash, caller))
            {
                return Err(RegistryError::DuplicateDocument);
            }
            let id = self.next_id;
            let next_id = id.checked_add(1).ok_or(RegistryError::Overflow)?;
            let mint = self.tokens.mint(caller, id)?;
            self.next_id = next_id;
            self.pending_documents.insert((document_hash, caller), &id);
            let kind_code = kind.kind_code();
            self.assets.insert(
                id,
                &Asset {
                    kind,
                    status: AssetStatus::Pending,
                    originator: caller,
                    registered_at_ms: self.env().block_timestamp(),
                },
            );
            self.emit(mint);
            self.env().emit_event(AssetRegistered {
                id,
                originator: caller,
                kind: kind_code,
                document_hash,
            });
            Ok(id)
        }

        /// The invoice's debtor accepts it, or the named warehouse / carrier attests the goods:
        /// exactly the terms it agreed to, or nothing. `terms_hash` is
        /// `scf_interfaces::terms_hash(originator, kind)`, which the confirmer computes from its
        /// own records: the originator and every term (amount, currency or commodity, dates,
        /// parties, destination, document hash). Locks the document hash.
        ///
        /// # Errors (in check order)
        /// `AssetNotFound`, `NotCustodian` (pledged), `NotAuthorised` (not the named confirmer),
        /// `NotAttester` (goods confirmer lost the role), `InvalidTransition` (not pending),
        /// `TermsMismatch`, `DuplicateDocument` (the hash is locked by another asset).
        ///
        /// # Events
        /// `StatusChanged`.
        #[ink(message)]
        pub fn confirm(&mut self, id: AssetId, terms_hash: [u8; 32]) -> Result<()> {
            let asset = self.unpledged(id)?;
            let confirmer = asset.kind.confirmer();
            if self.env().caller() != confirmer {
                return Err(RegistryError::NotAuthorised);
            }
            if !matches!(asset.kind, AssetKind::Invoice(_)) {
                self.ensure_attester(confirmer)?;
            }
            if asset.status != AssetStatus::Pending {
                return Err(RegistryError::InvalidTransition);
            }
            if terms_hash != scf_interfaces::terms_hash(&asset.originator, &asset.kind) {
                return Err(RegistryError::TermsMismatch);
            }
            self.transition(id, asset, AssetStatus::Confirmed)
        }

        /// The named confirmer refuses a pending registration: the NFT is burnt, the asset
        /// removed and the originator may register the document again.
        ///
        /// # Errors (in check order)
        /// `AssetNotFound`, `NotCustodian` (pledged), `NotAuthorised` (not the named confirmer),
        /// `InvalidTransition` (not pending).
        ///
        /// # Events
        /// PSP34 `Transfer` (to `None`), `AssetRejected`.
        #[ink(message)]
        pub fn reject(&mut self, id: AssetId) -> Result<()> {
            let asset = self.unpledged(id)?;
            let caller = self.env().caller();
            if caller != asset.kind.confirmer() {
                return Err(RegistryError::NotAuthorised);
            }
            if asset.status != AssetStatus::Pending {
                return Err(RegistryError::InvalidTransition);
            }
            let burn = self.tokens.burn(id)?;
            self.assets.remove(id);
            let slot = (asset.kind.document_hash(), asset.originator);
            if self.pending_documents.get(slot) == Some(id) {
                self.pending_documents.remove(slot);
            }
            self.emit(burn);
            self.env().emit_event(AssetRejected { id, by: caller });
            Ok(())
        }

        /// The debtor disputes an invoice it has not paid, up to its due date: after it, the
        /// invoice's non-payment runs to default and a dispute cannot stop that. A pledged
        /// invoice is disputed through the vault, which holds it. Disputing a pending invoice
        /// locks its hash (if free).
        ///
        /// # Errors (in check order)
        /// `AssetNotFound`, `NotCustodian`, `NotAuthorised`, `WrongKind`, `PastDue`,
        /// `InvalidTransition`.
        ///
        /// # Events
        /// `StatusChanged`, `PaymentRecorded`.
        #[ink(message)]
        pub fn dispute(&mut self, id: AssetId) -> Result<()> {
            let asset = self.unpledged(id)?;
            self.ensure_debtor(&asset)?;
            if let AssetKind::Invoice(t) = &asset.kind {
                if self.env().block_timestamp() > t.due_date_ms {
                    return Err(RegistryError::PastDue);
                }
            }
            self.transition(id, asset, AssetStatus::Disputed)
        }

        /// An unpledged invoice paid outside the chain is marked `Settled`, for good
        /// (Confirmed | Defaulted → Settled), on the word of the party that was paid: the
        /// holder of the NFT. Never on its debtor's word: a debtor that says it paid would clear
        /// its default, a buyer's claim or its supplier's receivable, and add an on-time payment
        /// to its own record, paying nothing (it pays on chain with the vault's `settle`).
        ///
        /// # Errors (in check order)
        /// `AssetNotFound`, `NotCustodian` (pledged: it settles through the vault),
        /// `WrongKind` (goods), `NotAuthorised` (not the holder), `InvalidTransition`.
        ///
        /// # Events
        /// `StatusChanged`, `PaymentRecorded`.
        #[ink(message)]
        pub fn mark_paid(&mut self, id: AssetId) -> Result<()> {
            let asset = self.unpledged(id)?;
            if !matches!(asset.kind, AssetKind::Invoice(_)) {
                return Err(RegistryError::WrongKind);
            }
            if self.tokens.owner_of(id) != Some(self.env().caller()) {
                return Err(RegistryError::NotAuthorised);
            }
            self.transition(id, asset, AssetStatus::Settled)
        }

        /// The destination warehouse attests arrival: the goods in transit become a warehouse
        /// receipt for the quantity received.
        ///
        /// # Errors (in check order)
        /// `AssetNotFound`, `NotCustodian`, `WrongKind`, `NotAuthorised`, `NotAttester` (the
        /// warehouse lost the role), `InvalidTransition` (not confirmed), `InvalidTerms`.
        ///
        /// # Events
        /// `ArrivalAttested`.
        #[ink(message)]
        pub fn attest_arrival(&mut self, id: AssetId, received_quantity_wad: u128) -> Result<()> {
            let asset = self.unpledged(id)?;
            self.arrive_as(id, asset, self.env().caller(), received_quantity_wad)
                .map(|_| ())
        }

        /// The asset that locked `document_hash` for `confirmer` (the debtor, warehouse or
        /// carrier that confirmed or disputed it), if any.
        #[ink(message)]
        pub fn asset_by_document(
            &self,
            document_hash: DocumentHash,
            confirmer: AccountId,
        ) -> Option<AssetId> {
            self.documents.get((document_hash, confirmer))
        }

        /// `originator`'s pending registration of `document_hash`, if any.
        #[ink(message)]
        pub fn pending_document(
            &self,
            document_hash: DocumentHash,
            originator: AccountId,
        ) -> Option<AssetId> {
            self.pending_documents.get((document_hash, originator))
        }

        #[ink(message)]
        pub fn next_id(&self) -> AssetId {
            self.next_id
        }

        #[ink(message)]
        pub fn is_attester(&self, account: AccountId) -> bool {
            self.attesters.contains(account)
        }

        #[ink(message)]
        pub fn admin(&self) -> AccountId {
            self.admin.admin()
        }

        #[ink(message)]
        pub fn pending_admin(&self) -> Option<AccountId> {
            self.admin.pending()
        }

        /// Admin, once: the custodian (the vault), the one account that changes the status of
        /// the NFTs it holds. Set once, so that no admin key can later make pledged NFTs look
        /// unpledged.
        #[ink(message)]
        pub fn set_custodian(&mut self, custodian: AccountId) -> Result<()> {
            self.ensure_admin()?;
            if self.custodian.is_some() {
                return Err(RegistryError::CustodianAlreadySet);
            }
            self.custodian = Some(custodian);
            self.env().emit_event(CustodianChanged { custodian });
            Ok(())
        }

        #[ink(message)]
        pub fn grant_attester(&mut self, attester: AccountId) -> Result<()> {
            self.ensure_admin()?;
            self.attesters.insert(attester, &());
            self.env().emit_event(AttesterGranted { attester });
            Ok(())
        }

        #[ink(message)]
        pub fn revoke_attester(&mut self, attester: AccountId) -> Result<()> {
            self.ensure_admin()?;
            self.attesters.remove(attester);
            self.env().emit_event(AttesterRevoked { attester });
            Ok(())
        }

        #[ink(message)]
        pub fn transfer_admin(&mut self, new_admin: AccountId) -> Result<()> {
            let event = self.admin.start_transfer(self.env().caller(), new_admin)?;
            self.env().emit_event(event);
            Ok(())
        }

        #[ink(message)]
        pub fn accept_admin(&mut self) -> Result<()> {
            let event = self.admin.accept(self.env().caller())?;
            self.env().emit_event(event);
            Ok(())
        }

        fn ensure_admin(&self) -> Result<()> {
            Ok(self.admin.ensure(self.env().caller())?)
        }

        /// Goods in transit become a warehouse receipt for the quantity received, on the word of
        /// their destination warehouse (still an attester), whoever holds the token.
        fn arrive_as(
            &mut self,
            id: AssetId,
            mut asset: Asset,
            warehouse: AccountId,
            received_quantity_wad: u128,
        ) -> Result<Asset> {
            let terms = match &asset.kind {
                AssetKind::InTransit(t) => t.clone(),
                _ => return Err(RegistryError::WrongKind),
            };
            if warehouse != terms.destination_warehouse {
                return Err(RegistryError::NotAuthorised);
            }
            self.ensure_attester(warehouse)?;
            if asset.status != AssetStatus::Confirmed {
                return Err(RegistryError::InvalidTransition);
            }
            if received_quantity_wad == 0 || received_quantity_wad > terms.quantity_wad {
                return Err(RegistryError::InvalidTerms);
            }
            // The receipt is now the warehouse's document: lock it under the warehouse too, so
            // the same document cannot be registered and confirmed again as a fresh receipt.
            let lock = (terms.document_hash, warehouse);
            match self.documents.get(lock) {
                Some(other) if other != id => return Err(RegistryError::DuplicateDocument),
                Some(_) => {}
                None => {
                    self.documents.insert(lock, &id);
                }
            }
            asset.kind = AssetKind::WarehouseReceipt(GoodsTerms {
                commodity: terms.commodity,
                quantity_wad: received_quantity_wad,
                warehouse,
                document_hash: terms.document_hash,
            });
            self.assets.insert(id, &asset);
            self.env().emit_event(ArrivalAttested {
                id,
                warehouse,
                received_quantity_wad,
            });
            Ok(asset)
        }

        fn ensure_attester(&self, account: AccountId) -> Result<()> {
            if self.attesters.contains(account) {
                Ok(())
            } else {
                Err(RegistryError::NotAttester)
            }
        }

        /// The asset must be an invoice and the caller its debtor.
        fn ensure_debtor(&self, asset: &Asset) -> Result<()> {
            match &asset.kind {
                AssetKind::Invoice(t) if t.debtor == self.env().caller() => Ok(()),
                AssetKind::Invoice(_) => Err(RegistryError::NotAuthorised),
                _ => Err(RegistryError::WrongKind),
            }
        }

        fn validate_terms(&self, kind: &AssetKind, caller: AccountId) -> Result<()> {
            match kind {
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
            Ok(())
        }

        fn is_pledged(&self, id: AssetId) -> bool {
            self.custodian.is_some() && self.tokens.owner_of(id) == self.custodian
        }

        /// The asset, refused while the custodian holds it (its status is the custodian's then).
        fn unpledged(&self, id: AssetId) -> Result<Asset> {
            let asset = self.assets.get(id).ok_or(RegistryError::AssetNotFound)?;
            if self.is_pledged(id) {
                return Err(RegistryError::NotCustodian);
            }
            Ok(asset)
        }

        /// The one place a status changes, whoever asks: checks the lifecycle and the document
        /// lock first, then writes the status, the lock and the debtor's payment record.
        fn transition(&mut self, id: AssetId, mut asset: Asset, to: AssetStatus) -> Result<()> {
            let from = asset.status;
            if !from.can_become(to) {
                return Err(RegistryError::InvalidTransition);
            }
            let document_hash = asset.kind.document_hash();
            let lock = (document_hash, asset.kind.confirmer());
            let locked_by = self.documents.get(lock);
            if to == AssetStatus::Confirmed && locked_by.is_some_and(|other| other != id) {
                return Err(RegistryError::DuplicateDocument);
            }
            let record = match &asset.kind {
                AssetKind::Invoice(t) => recorded(
                    self.payment_record(t.debtor),
                    from,
                    to,
                    t.due_date_ms,
                    self.env().block_timestamp(),
                )
                .map(|record| (t.debtor, record)),
                _ => None,
            };
            // Effects.
            if from == AssetStatus::Pending {
                let slot = (document_hash, asset.originator);
                if self.pending_documents.get(slot) == Some(id) {
                    self.pending_documents.remove(slot);
                }
                if locked_by.is_none() {
                    self.documents.insert(lock, &id);
                }
            }
            asset.status = to;
            self.assets.insert(id, &asset);
            self.env().emit_event(StatusChanged {
                id,
                from,
                to,
                by: self.env().caller(),
            });
            if let Some((debtor, record)) = record {
                self.payment_records.insert(debtor, &record);
                self.env()
                    .emit_event(PaymentRecorded { debtor, id, record });
            }
            Ok(())
        }

        fn emit(&self, event: Psp34Event) {
            match event {
                Psp34Event::Transfer(e) => self.env().emit_event(e),
                Psp34Event::Approval(e) => self.env().emit_event(e),
            }
        }
    }

    impl ReceivableRegistry for Registry {
        #[ink(message)]
        fn asset(&self, id: AssetId) -> Option<Asset> {
            self.assets.get(id)
        }

        #[ink(message)]
        fn set_status(&mut self, id: AssetId, status: AssetStatus) -> Result<()> {
            let asset = self.assets.get(id).ok_or(RegistryError::AssetNotFound)?;
            // An invoice it does not hold, the custodian only marks paid: the vault's
            // `pay_invoice` does, once the debtor's payment has reached the holder.
            let paid_on_chain =
                status == AssetStatus::Settled && matches!(asset.kind, AssetKind::Invoice(_));
            if self.custodian != Some(self.env().caller())
                || !(paid_on_chain || self.is_pledged(id))
            {
                return Err(RegistryError::NotCustodian);
            }
            // Confirmation is the confirmer's word alone: not even the custodian gives it.
            if asset.status == AssetStatus::Pending && status == AssetStatus::Confirmed {
                return Err(RegistryError::NotAuthorised);
            }
            self.transition(id, asset, status)
        }

        #[ink(message)]
        fn custodian(&self) -> Option<AccountId> {
            self.custodian
        }

        #[ink(message)]
        fn take_custody(&mut self, id: AssetId, owner: AccountId) -> Result<Asset> {
            let caller = self.env().caller();
            if self.custodian != Some(caller) {
                return Err(RegistryError::NotCustodian);
            }
            let asset = self.assets.get(id).ok_or(RegistryError::AssetNotFound)?;
            if self.tokens.owner_of(id) != Some(owner) {
                return Err(RegistryError::NotOwner);
            }
            // The custodian moves the token as an approved operator: the owner's consent is the
            // PSP34 approval, exactly as for a plain transfer.
            let event = self.tokens.transfer(caller, caller, id)?;
            self.emit(event);
            Ok(asset)
        }

        #[ink(message)]
        fn arrive(
            &mut self,
            id: AssetId,
            warehouse: AccountId,
            received_quantity_wad: u128,
        ) -> Result<Asset> {
            let asset = self.assets.get(id).ok_or(RegistryError::AssetNotFound)?;
            if self.custodian != Some(self.env().caller()) || !self.is_pledged(id) {
                return Err(RegistryError::NotCustodian);
            }
            self.arrive_as(id, asset, warehouse, received_quantity_wad)
        }

        #[ink(message)]
        fn payment_record(&self, debtor: AccountId) -> PaymentRecord {
            self.payment_records.get(debtor).unwrap_or_default()
        }

        #[ink(message)]
        fn release(&mut self, id: AssetId, to: AccountId, status: AssetStatus) -> Result<()> {
            let asset = self.assets.get(id).ok_or(RegistryError::AssetNotFound)?;
            let caller = self.env().caller();
            if self.custodian != Some(caller) || !self.is_pledged(id) {
                return Err(RegistryError::NotCustodian);
            }
            if asset.status != status {
                if asset.status == AssetStatus::Pending && status == AssetStatus::Confirmed {
                    return Err(RegistryError::NotAuthorised);
                }
                self.transition(id, asset, status)?;
            }
            let event = self.tokens.transfer(caller, to, id)?;
            self.emit(event);
            Ok(())
        }
    }

    impl PSP34 for Registry {
        #[ink(message)]
        fn collection_id(&self) -> Id {
            let account = self.env().account_id();
            let bytes: &[u8; 32] = account.as_ref();
            Id::Bytes(bytes.to_vec())
        }

        #[ink(message)]
        fn balance_of(&self, owner: AccountId) -> u32 {
            self.tokens.balance_of(owner)
        }

        #[ink(message)]
        fn owner_of(&self, id: Id) -> Option<AccountId> {
            numeric(&id).and_then(|t| self.tokens.owner_of(t))
        }

        #[ink(message)]
        fn allowance(&self, owner: AccountId, operator: AccountId, id: Option<Id>) -> bool {
            self.tokens
                .allowance(owner, operator, id.as_ref().and_then(numeric))
        }

        #[ink(message)]
        fn approve(
            &mut self,
            operator: AccountId,
            id: Option<Id>,
            approved: bool,
        ) -> core::result::Result<(), PSP34Error> {
            let event = self
                .tokens
                .approve(self.env().caller(), operator, id, approved)?;
            self.emit(event);
            Ok(())
        }

        #[ink(message)]
        fn transfer(
            &mut self,
            to: AccountId,
            id: Id,
            _data: Vec<u8>,
        ) -> core::result::Result<(), PSP34Error> {
            let token = numeric(&id).ok_or(PSP34Error::TokenNotExists)?;
            let event = self.tokens.transfer(self.env().caller(), to, token)?;
            self.emit(event);
            Ok(())
        }

        #[ink(message)]
        fn total_supply(&self) -> u128 {
            self.tokens.total_supply()
        }
    }

    impl PSP34Metadata for Registry {
        #[ink(message)]
        fn get_attribute(&self, id: Id, key: Vec<u8>) -> Option<Vec<u8>> {
            if id == self.collection_id() {
                return match key.as_slice() {
                    b"name" => Some(b"Receivable Registry".to_vec()),
                    b"symbol" => Some(b"SCFR".to_vec()),
                    _ => None,
                };
            }
            let asset = self.assets.get(numeric(&id)?)?;
            let text = |s: &str| Some(s.as_bytes().to_vec());
            let number = |n: u128| Some(decimal(n));
            match (key.as_slice(), &asset.kind) {
                (b"kind", AssetKind::Invoice(_)) => text("Invoice"),
                (b"kind", AssetKind::WarehouseReceipt(_)) => text("WarehouseReceipt"),
                (b"kind", AssetKind::InTransit(_)) => text("InTransit"),
                (b"status", _) => text(match asset.status {
                    AssetStatus::Pending => "Pending",
                    AssetStatus::Confirmed => "Confirmed",
                    AssetStatus::Settled => "Settled",
                    AssetStatus::Disputed => "Disputed",
                    AssetStatus::Defaulted => "Defaulted",
                }),
                (b"document_hash", k) => Some(k.document_hash().to_vec()),
                (b"face_value_wad", AssetKind::Invoice(t)) => number(t.face_value_wad),
                (b"due_date_ms", AssetKind::Invoice(t)) => number(u128::from(t.due_date_ms)),
                (b"quantity_wad", AssetKind::WarehouseReceipt(t)) => number(t.quantity_wad),
                (b"quantity_wad", AssetKind::InTransit(t)) => number(t.quantity_wad),
                _ => None,
            }
        }
    }

    /// `n` in decimal ASCII digits. Written out rather than `n.to_string()`, which links
    /// `core::fmt`'s 128-bit formatting into every call's proof (issue 20).
    fn decimal(mut n: u128) -> Vec<u8> {
        let mut digits = Vec::new();
        loop {
            // `n % 10 < 10`: the cast cannot truncate.
            digits.push(b'0'.saturating_add((n % 10) as u8));
            n /= 10;
            if n == 0 {
                break;
            }
        }
        digits.reverse();
        digits
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use ink::env::test;

        #[test]
        fn decimal_writes_every_u128() {
            for n in [0u128, 1, 9, 10, 99, 100, 1_000_000_007, u128::MAX] {
                assert_eq!(decimal(n), n.to_string().into_bytes());
            }
        }
        use scf_interfaces::{price_key, token_id, InvoiceTerms, TransitTerms, MS_PER_DAY, WAD};

        type Env = ink::env::DefaultEnvironment;

        const FACE: u128 = 1_000 * WAD;

        fn setup() -> (Registry, test::DefaultAccounts<Env>) {
            let a = test::default_accounts::<Env>();
            test::set_caller::<Env>(a.alice);
            test::set_block_timestamp::<Env>(1_000);
            let mut r = Registry::new();
            r.grant_attester(a.frank).unwrap(); // warehouse
            r.grant_attester(a.eve).unwrap(); // carrier
            r.set_custodian(a.django).unwrap(); // the vault
            (r, a)
        }

        /// What a confirmer whose records say `originator` and `amount` (face value or quantity)
        /// binds for asset `id`, the other terms as registered.
        fn terms(r: &Registry, id: AssetId, originator: AccountId, amount: u128) -> [u8; 32] {
            let mut kind = r
                .assets
                .get(id)
                .map(|a| a.kind)
                .unwrap_or_else(|| invoice(originator, 0));
            match &mut kind {
                AssetKind::Invoice(t) => t.face_value_wad = amount,
                AssetKind::WarehouseReceipt(t) => t.quantity_wad = amount,
                AssetKind::InTransit(t) => t.quantity_wad = amount,
            }
            scf_interfaces::terms_hash(&originator, &kind)
        }

        fn invoice(debtor: AccountId, doc: u8) -> AssetKind {
            AssetKind::Invoice(InvoiceTerms {
                face_value_wad: FACE,
                currency: price_key("USD"),
                debtor,
                issue_date_ms: 1_000,
                due_date_ms: 90_000_000,
                document_hash: [doc; 32],
            })
        }

        fn transit(a: &test::DefaultAccounts<Env>, doc: u8) -> AssetKind {
            AssetKind::InTransit(TransitTerms {
                commodity: price_key("COFFEE"),
                quantity_wad: 10 * WAD,
                carrier: a.eve,
                destination_warehouse: a.frank,
                expected_arrival_ms: 5_000_000,
                document_hash: [doc; 32],
            })
        }

        fn events() -> usize {
            test::recorded_events().count()
        }

        #[ink::test]
        fn psp34_selectors_are_the_standards() {
            assert_eq!(
                ink::selector_bytes!("PSP34::collection_id"),
                [0xff, 0xa2, 0x7a, 0x5f]
            );
            assert_eq!(
                ink::selector_bytes!("PSP34::balance_of"),
                [0xcd, 0xe7, 0xe5, 0x5f]
            );
            assert_eq!(
                ink::selector_bytes!("PSP34::owner_of"),
                [0x11, 0x68, 0x62, 0x4d]
            );
            assert_eq!(
                ink::selector_bytes!("PSP34::allowance"),
                [0x47, 0x90, 0xf5, 0x5a]
            );
            assert_eq!(
                ink::selector_bytes!("PSP34::approve"),
                [0x19, 0x32, 0xa8, 0xb0]
            );
            assert_eq!(
                ink::selector_bytes!("PSP34::transfer"),
                [0x31, 0x28, 0xd6, 0x1b]
            );
            assert_eq!(
                ink::selector_bytes!("PSP34::total_supply"),
                [0x62, 0x84, 0x13, 0xfe]
            );
            assert_eq!(
                ink::selector_bytes!("PSP34Metadata::get_attribute"),
                [0xf1, 0x9d, 0x48, 0xd1]
            );
        }

        #[ink::test]
        fn register_mints_a_pending_nft_to_the_supplier() {
            let (mut r, a) = setup();
            test::set_caller::<Env>(a.bob);
            let before = events();
            assert_eq!(r.register(invoice(a.charlie, 1)), Ok(1));
            assert_eq!(events(), before + 2); // PSP34 Transfer (mint) + AssetRegistered
            assert_eq!(r.owner_of(token_id(1)), Some(a.bob));
            assert_eq!(r.balance_of(a.bob), 1);
            assert_eq!(r.total_supply(), 1);
            let asset = r.asset(1).unwrap();
            assert_eq!(asset.status, AssetStatus::Pending);
            assert_eq!(asset.originator, a.bob);
            assert_eq!(asset.registered_at_ms, 1_000);
            // Pending: reserved for bob only, not locked.
            assert_eq!(r.asset_by_document([1; 32], a.charlie), None);
            assert_eq!(r.pending_document([1; 32], a.bob), Some(1));
            assert_eq!(r.pending_document([1; 32], a.eve), None);
            assert_eq!(r.next_id(), 2);
        }

        #[ink::test]
        fn a_document_is_pending_once_per_originator_and_locked_once_ever() {
            let (mut r, a) = setup();
            test::set_caller::<Env>(a.bob);
            r.register(invoice(a.charlie, 1)).unwrap();
            let before = events();
            assert_eq!(
                r.register(invoice(a.charlie, 1)),
                Err(RegistryError::DuplicateDocument)
            );
            assert_eq!(events(), before);
            assert_eq!(r.total_supply(), 1);
            assert_eq!(r.next_id(), 2);
            test::set_caller::<Env>(a.charlie);
            r.confirm(1, terms(&r, 1, a.bob, FACE)).unwrap();
            assert_eq!(r.asset_by_document([1; 32], a.charlie), Some(1));
            assert_eq!(r.pending_document([1; 32], a.bob), None);
            // Locked: nobody registers it again, its originator included.
            let before = events();
            for who in [a.bob, a.eve] {
                test::set_caller::<Env>(who);
                assert_eq!(
                    r.register(invoice(a.charlie, 1)),
                    Err(RegistryError::DuplicateDocument)
                );
            }
            assert_eq!(events(), before);
            assert_eq!(r.total_supply(), 1);
        }

        #[ink::test]
        fn invalid_terms_are_refused() {
            let (mut r, a) = setup();
            test::set_caller::<Env>(a.bob);
            let mut bad = vec![];
            for f in [
                |t: &mut InvoiceTerms| t.face_value_wad = 0,
                |t: &mut InvoiceTerms| t.due_date_ms = t.issue_date_ms,
                |t: &mut InvoiceTerms| t.document_hash = [0; 32],
            ] {
                if let AssetKind::Invoice(mut t) = invoice(a.charlie, 1) {
                    f(&mut t);
                    bad.push(AssetKind::Invoice(t));
                }
            }
            bad.push(invoice(a.bob, 2)); // self-billed
            for kind in bad {
                assert_eq!(r.register(kind), Err(RegistryError::InvalidTerms));
            }
            let unattested = AssetKind::WarehouseReceipt(GoodsTerms {
                commodity: price_key("COFFEE"),
                quantity_wad: WAD,
                warehouse: a.charlie,
                document_hash: [3; 32],
            });
            assert_eq!(r.register(unattested), Err(RegistryError::NotAttester));
            assert_eq!(r.total_supply(), 0);
        }

        #[ink::test]
        fn only_the_debtor_confirms_or_disputes_an_invoice() {
            let (mut r, a) = setup();
            test::set_caller::<Env>(a.bob);
            r.register(invoice(a.charlie, 1)).unwrap();
            assert_eq!(
                r.confirm(1, terms(&r, 1, a.bob, FACE)),
                Err(RegistryError::NotAuthorised)
            );
            test::set_caller::<Env>(a.eve);
            assert_eq!(
                r.confirm(1, terms(&r, 1, a.bob, FACE)),
                Err(RegistryError::NotAuthorised)
            );
            assert_eq!(r.dispute(1), Err(RegistryError::NotAuthorised));
            test::set_caller::<Env>(a.charlie);
            assert_eq!(r.confirm(1, terms(&r, 1, a.bob, FACE)), Ok(()));
            assert_eq!(r.asset(1).unwrap().status, AssetStatus::Confirmed);
            assert_eq!(
                r.confirm(1, terms(&r, 1, a.bob, FACE)),
                Err(RegistryError::InvalidTransition)
            );
            assert_eq!(r.dispute(1), Ok(()));
            assert_eq!(r.asset(1).unwrap().status, AssetStatus::Disputed);
            assert_eq!(
                r.confirm(2, terms(&r, 2, a.bob, FACE)),
                Err(RegistryError::AssetNotFound)
            );
        }

        #[ink::test]
        fn goods_are_attested_and_arrive() {
            let (mut r, a) = setup();
            test::set_caller::<Env>(a.bob);
            let id = r.register(transit(&a, 5)).unwrap();
            assert_eq!(r.dispute(id), Err(RegistryError::WrongKind));
            test::set_caller::<Env>(a.frank);
            assert_eq!(
                r.confirm(id, terms(&r, id, a.bob, 10 * WAD)),
                Err(RegistryError::NotAuthorised)
            ); // the carrier confirms
            assert_eq!(
                r.attest_arrival(id, WAD),
                Err(RegistryError::InvalidTransition)
            );
            test::set_caller::<Env>(a.eve);
            r.confirm(id, terms(&r, id, a.bob, 10 * WAD)).unwrap();
            assert_eq!(r.attest_arrival(id, WAD), Err(RegistryError::NotAuthorised));
            test::set_caller::<Env>(a.frank);
            assert_eq!(
                r.attest_arrival(id, 11 * WAD),
                Err(RegistryError::InvalidTerms)
            );
            assert_eq!(r.attest_arrival(id, 0), Err(RegistryError::InvalidTerms));
            assert_eq!(r.attest_arrival(id, 9 * WAD), Ok(()));
            let asset = r.asset(id).unwrap();
            assert_eq!(asset.status, AssetStatus::Confirmed);
            assert_eq!(
                asset.kind,
                AssetKind::WarehouseReceipt(GoodsTerms {
                    commodity: price_key("COFFEE"),
                    quantity_wad: 9 * WAD,
                    warehouse: a.frank,
                    document_hash: [5; 32],
                })
            );
            assert_eq!(r.attest_arrival(id, WAD), Err(RegistryError::WrongKind));
            // The receipt is locked under the warehouse too: the same document cannot come back
            // as a fresh receipt for the warehouse to confirm.
            assert_eq!(r.asset_by_document([5; 32], a.frank), Some(id));
            test::set_caller::<Env>(a.django);
            assert_eq!(
                r.register(AssetKind::WarehouseReceipt(GoodsTerms {
                    commodity: price_key("COFFEE"),
                    quantity_wad: 9 * WAD,
                    warehouse: a.frank,
                    document_hash: [5; 32],
                })),
                Err(RegistryError::DuplicateDocument)
            );
        }

        #[ink::test]
        fn only_the_custodian_changes_a_pledged_assets_status() {
            let (mut r, a) = setup();
            test::set_caller::<Env>(a.bob);
            r.register(invoice(a.charlie, 1)).unwrap();
            test::set_caller::<Env>(a.charlie);
            r.confirm(1, terms(&r, 1, a.bob, FACE)).unwrap();
            // Not pledged yet: even the custodian cannot set its status (but mark it paid, see
            // the next test).
            test::set_caller::<Env>(a.django);
            for status in [AssetStatus::Defaulted, AssetStatus::Disputed] {
                assert_eq!(r.set_status(1, status), Err(RegistryError::NotCustodian));
            }
            test::set_caller::<Env>(a.bob);
            r.transfer(a.django, token_id(1), vec![]).unwrap();
            for who in [a.alice, a.bob, a.charlie] {
                test::set_caller::<Env>(who);
                assert_eq!(
                    r.set_status(1, AssetStatus::Settled),
                    Err(RegistryError::NotCustodian)
                );
            }
            test::set_caller::<Env>(a.charlie);
            assert_eq!(r.dispute(1), Err(RegistryError::NotCustodian));
            assert_eq!(r.asset(1).unwrap().status, AssetStatus::Confirmed);
            test::set_caller::<Env>(a.django);
            assert_eq!(
                r.set_status(1, AssetStatus::Pending),
                Err(RegistryError::InvalidTransition)
            );
            assert_eq!(r.set_status(1, AssetStatus::Defaulted), Ok(()));
            assert_eq!(r.set_status(1, AssetStatus::Settled), Ok(()));
            assert_eq!(r.asset(1).unwrap().status, AssetStatus::Settled);
            // A pending asset sent to the custodian is not confirmed by it, in either message.
            test::set_caller::<Env>(a.bob);
            let pending = r.register(invoice(a.charlie, 2)).unwrap();
            r.transfer(a.django, token_id(pending), vec![]).unwrap();
            test::set_caller::<Env>(a.django);
            assert_eq!(
                r.set_status(pending, AssetStatus::Confirmed),
                Err(RegistryError::NotAuthorised)
            );
            assert_eq!(
                r.release(pending, a.bob, AssetStatus::Confirmed),
                Err(RegistryError::NotAuthorised)
            );
            assert_eq!(r.asset(pending).unwrap().status, AssetStatus::Pending);
            assert_eq!(r.owner_of(token_id(pending)), Some(a.django));
        }

        /// The vault's `pay_invoice` path: of an asset it does not hold, the custodian may only
        /// mark an invoice `Settled` (recording the payment), nothing else and no other kind;
        /// no one else may at all.
        #[ink::test]
        fn the_custodian_marks_an_unpledged_invoice_paid_and_nothing_else() {
            let (mut r, a) = setup();
            test::set_caller::<Env>(a.bob);
            r.register(invoice(a.charlie, 1)).unwrap();
            let receipt = r
                .register(AssetKind::WarehouseReceipt(GoodsTerms {
                    commodity: price_key("COFFEE"),
                    quantity_wad: 10 * WAD,
                    warehouse: a.frank,
                    document_hash: [7; 32],
                }))
                .unwrap();
            test::set_caller::<Env>(a.charlie);
            r.confirm(1, terms(&r, 1, a.bob, FACE)).unwrap();
            test::set_caller::<Env>(a.frank);
            r.confirm(receipt, terms(&r, receipt, a.bob, 10 * WAD))
                .unwrap();
            for who in [a.alice, a.bob, a.charlie, a.frank] {
                test::set_caller::<Env>(who);
                assert_eq!(
                    r.set_status(1, AssetStatus::Settled),
                    Err(RegistryError::NotCustodian)
                );
            }
            test::set_caller::<Env>(a.django);
            assert_eq!(
                r.set_status(receipt, AssetStatus::Settled),
                Err(RegistryError::NotCustodian)
            );
            let before = events();
            assert_eq!(r.set_status(1, AssetStatus::Settled), Ok(()));
            assert_eq!(events(), before + 2); // StatusChanged, PaymentRecorded
            assert_eq!(r.asset(1).unwrap().status, AssetStatus::Settled);
            assert_eq!(r.owner_of(token_id(1)), Some(a.bob));
            assert_eq!(r.payment_record(a.charlie).settled_on_time, 1);
            // Once: a settled invoice settles no more.
            assert_eq!(
                r.set_status(1, AssetStatus::Settled),
                Err(RegistryError::InvalidTransition)
            );
        }

        #[ink::test]
        fn a_pledged_shipment_arrives_through_the_custodian_only() {
            let (mut r, a) = setup();
            test::set_caller::<Env>(a.bob);
            let id = r.register(transit(&a, 5)).unwrap();
            test::set_caller::<Env>(a.eve);
            r.confirm(id, terms(&r, id, a.bob, 10 * WAD)).unwrap();
            // Not pledged: the custodian has nothing to do with it.
            test::set_caller::<Env>(a.django);
            assert_eq!(r.arrive(id, a.frank, WAD), Err(RegistryError::NotCustodian));
            test::set_caller::<Env>(a.bob);
            r.transfer(a.django, token_id(id), vec![]).unwrap();
            // Pledged: the warehouse's own message is refused, the custodian's goes through.
            test::set_caller::<Env>(a.frank);
            assert_eq!(r.attest_arrival(id, WAD), Err(RegistryError::NotCustodian));
            assert_eq!(r.arrive(id, a.frank, WAD), Err(RegistryError::NotCustodian));
            test::set_caller::<Env>(a.django);
            assert_eq!(r.arrive(id, a.eve, WAD), Err(RegistryError::NotAuthorised));
            assert_eq!(
                r.arrive(id, a.frank, 11 * WAD),
                Err(RegistryError::InvalidTerms)
            );
            let asset = r.arrive(id, a.frank, 9 * WAD).unwrap();
            assert_eq!(asset, r.asset(id).unwrap());
            assert_eq!(asset.status, AssetStatus::Confirmed);
            assert_eq!(
                asset.kind,
                AssetKind::WarehouseReceipt(GoodsTerms {
                    commodity: price_key("COFFEE"),
                    quantity_wad: 9 * WAD,
                    warehouse: a.frank,
                    document_hash: [5; 32],
                })
            );
            assert_eq!(r.owner_of(token_id(id)), Some(a.django));
            assert_eq!(r.arrive(id, a.frank, WAD), Err(RegistryError::WrongKind));
        }

        #[ink::test]
        fn the_custodian_takes_and_releases_in_one_call() {
            let (mut r, a) = setup();
            test::set_caller::<Env>(a.bob);
            r.register(invoice(a.charlie, 1)).unwrap();
            test::set_caller::<Env>(a.charlie);
            r.confirm(1, terms(&r, 1, a.bob, FACE)).unwrap();
            // Only the custodian, only from the holder, only with the holder's approval.
            test::set_caller::<Env>(a.eve);
            assert_eq!(r.take_custody(1, a.bob), Err(RegistryError::NotCustodian));
            test::set_caller::<Env>(a.django);
            assert_eq!(r.take_custody(9, a.bob), Err(RegistryError::AssetNotFound));
            assert_eq!(r.take_custody(1, a.charlie), Err(RegistryError::NotOwner));
            assert_eq!(
                r.take_custody(1, a.bob),
                Err(RegistryError::Token(PSP34Error::NotApproved))
            );
            assert_eq!(r.owner_of(token_id(1)), Some(a.bob));
            test::set_caller::<Env>(a.bob);
            r.approve(a.django, Some(token_id(1)), true).unwrap();
            test::set_caller::<Env>(a.django);
            let asset = r.take_custody(1, a.bob).unwrap();
            assert_eq!(asset, r.asset(1).unwrap());
            assert_eq!(r.owner_of(token_id(1)), Some(a.django));
            assert_eq!((r.balance_of(a.bob), r.balance_of(a.django)), (0, 1));
            // The per-token approval is used up.
            assert!(!r.allowance(a.bob, a.django, Some(token_id(1))));
            // Release: status along the lifecycle only, then the token to `to`.
            test::set_caller::<Env>(a.eve);
            assert_eq!(
                r.release(1, a.bob, AssetStatus::Settled),
                Err(RegistryError::NotCustodian)
            );
            test::set_caller::<Env>(a.django);
            assert_eq!(
                r.release(1, a.bob, AssetStatus::Pending),
                Err(RegistryError::InvalidTransition)
            );
            assert_eq!(r.release(1, a.bob, AssetStatus::Settled), Ok(()));
            assert_eq!(r.asset(1).unwrap().status, AssetStatus::Settled);
            assert_eq!(r.owner_of(token_id(1)), Some(a.bob));
            // Not held any more: nothing to release.
            assert_eq!(
                r.release(1, a.bob, AssetStatus::Settled),
                Err(RegistryError::NotCustodian)
            );
        }

        #[ink::test]
        fn approvals_per_token_and_for_all() {
            let (mut r, a) = setup();
            test::set_caller::<Env>(a.bob);
            r.register(invoice(a.charlie, 1)).unwrap();
            r.register(invoice(a.charlie, 2)).unwrap();
            assert_eq!(r.approve(a.bob, None, true), Err(PSP34Error::SelfApprove));
            assert_eq!(
                r.approve(a.eve, Some(token_id(9)), true),
                Err(PSP34Error::TokenNotExists)
            );
            test::set_caller::<Env>(a.eve);
            assert_eq!(
                r.transfer(a.eve, token_id(1), vec![]),
                Err(PSP34Error::NotApproved)
            );
            assert_eq!(
                r.approve(a.frank, Some(token_id(1)), true),
                Err(PSP34Error::NotApproved)
            );
            test::set_caller::<Env>(a.bob);
            r.approve(a.eve, Some(token_id(1)), true).unwrap();
            assert!(r.allowance(a.bob, a.eve, Some(token_id(1))));
            assert!(!r.allowance(a.bob, a.eve, Some(token_id(2))));
            test::set_caller::<Env>(a.eve);
            assert_eq!(r.transfer(a.django, token_id(1), vec![]), Ok(()));
            assert_eq!(r.owner_of(token_id(1)), Some(a.django));
            assert!(!r.allowance(a.bob, a.eve, Some(token_id(1))));
            assert_eq!(
                r.transfer(a.eve, token_id(2), vec![]),
                Err(PSP34Error::NotApproved)
            );
            test::set_caller::<Env>(a.bob);
            r.approve(a.eve, None, true).unwrap();
            test::set_caller::<Env>(a.eve);
            assert_eq!(r.transfer(a.eve, token_id(2), vec![]), Ok(()));
            assert_eq!(r.balance_of(a.bob), 0);
            assert_eq!(r.balance_of(a.eve), 1);
            assert_eq!(
                r.transfer(a.eve, Id::U8(1), vec![]),
                Err(PSP34Error::TokenNotExists)
            );
        }

        #[ink::test]
        fn a_revoked_attester_confirms_nothing_and_attests_no_arrival() {
            let (mut r, a) = setup();
            test::set_caller::<Env>(a.bob);
            let id = r.register(transit(&a, 5)).unwrap();
            test::set_caller::<Env>(a.alice);
            r.revoke_attester(a.eve).unwrap();
            test::set_caller::<Env>(a.eve);
            let before = events();
            assert_eq!(
                r.confirm(id, terms(&r, id, a.bob, 10 * WAD)),
                Err(RegistryError::NotAttester)
            );
            assert_eq!(events(), before);
            assert_eq!(r.asset(id).unwrap().status, AssetStatus::Pending);
            assert_eq!(r.asset_by_document([5; 32], a.eve), None);
            test::set_caller::<Env>(a.alice);
            r.grant_attester(a.eve).unwrap();
            test::set_caller::<Env>(a.eve);
            r.confirm(id, terms(&r, id, a.bob, 10 * WAD)).unwrap();
            test::set_caller::<Env>(a.alice);
            r.revoke_attester(a.frank).unwrap();
            test::set_caller::<Env>(a.frank);
            let before = events();
            let asset = r.asset(id).unwrap();
            assert_eq!(r.attest_arrival(id, WAD), Err(RegistryError::NotAttester));
            assert_eq!(events(), before);
            assert_eq!(r.asset(id), Some(asset));
            // A warehouse receipt's warehouse, revoked after registration, confirms nothing.
            test::set_caller::<Env>(a.alice);
            r.grant_attester(a.frank).unwrap();
            test::set_caller::<Env>(a.bob);
            let receipt = r
                .register(AssetKind::WarehouseReceipt(GoodsTerms {
                    commodity: price_key("COFFEE"),
                    quantity_wad: WAD,
                    warehouse: a.frank,
                    document_hash: [6; 32],
                }))
                .unwrap();
            test::set_caller::<Env>(a.alice);
            r.revoke_attester(a.frank).unwrap();
            test::set_caller::<Env>(a.frank);
            assert_eq!(
                r.confirm(receipt, terms(&r, receipt, a.bob, WAD)),
                Err(RegistryError::NotAttester)
            );
            assert_eq!(r.asset(receipt).unwrap().status, AssetStatus::Pending);
        }

        #[ink::test]
        fn confirm_takes_exactly_the_agreed_terms_or_nothing() {
            let (mut r, a) = setup();
            test::set_caller::<Env>(a.bob);
            r.register(invoice(a.charlie, 1)).unwrap();
            let goods = r.register(transit(&a, 5)).unwrap();
            test::set_caller::<Env>(a.charlie);
            let before = events();
            for (originator, amount) in [(a.eve, FACE), (a.bob, FACE - 1), (a.bob, FACE + 1)] {
                assert_eq!(
                    r.confirm(1, terms(&r, 1, originator, amount)),
                    Err(RegistryError::TermsMismatch)
                );
            }
            test::set_caller::<Env>(a.eve);
            assert_eq!(
                r.confirm(goods, terms(&r, goods, a.bob, 9 * WAD)),
                Err(RegistryError::TermsMismatch)
            );
            assert_eq!(
                r.confirm(goods, terms(&r, goods, a.charlie, 10 * WAD)),
                Err(RegistryError::TermsMismatch)
            );
            assert_eq!(events(), before);
            assert_eq!(r.asset(1).unwrap().status, AssetStatus::Pending);
            assert_eq!(r.asset(goods).unwrap().status, AssetStatus::Pending);
            assert_eq!(r.asset_by_document([1; 32], a.charlie), None);
            assert_eq!(r.pending_document([1; 32], a.bob), Some(1));
            test::set_caller::<Env>(a.charlie);
            assert_eq!(r.confirm(1, terms(&r, 1, a.bob, FACE)), Ok(()));
            assert_eq!(events(), before + 1); // StatusChanged
        }

        #[ink::test]
        fn a_squatter_cannot_block_the_supplier() {
            let (mut r, a) = setup();
            // The squatter (eve) registers bob's invoice document first.
            test::set_caller::<Env>(a.eve);
            let squat = r.register(invoice(a.charlie, 7)).unwrap();
            test::set_caller::<Env>(a.bob);
            let real = r.register(invoice(a.charlie, 7)).unwrap();
            assert_eq!(r.pending_document([7; 32], a.eve), Some(squat));
            assert_eq!(r.pending_document([7; 32], a.bob), Some(real));
            test::set_caller::<Env>(a.charlie);
            r.confirm(real, terms(&r, real, a.bob, FACE)).unwrap();
            assert_eq!(r.asset_by_document([7; 32], a.charlie), Some(real));
            let before = events();
            assert_eq!(
                r.confirm(squat, terms(&r, squat, a.eve, FACE)),
                Err(RegistryError::DuplicateDocument)
            );
            assert_eq!(events(), before);
            assert_eq!(r.asset(squat).unwrap().status, AssetStatus::Pending);
            // Disputing the squat keeps the lock where it is.
            r.dispute(squat).unwrap();
            assert_eq!(r.asset_by_document([7; 32], a.charlie), Some(real));
            assert_eq!(r.pending_document([7; 32], a.eve), None);

            // The other way round: the squat confirmed first, the real one cannot be.
            test::set_caller::<Env>(a.eve);
            let squat = r.register(invoice(a.charlie, 8)).unwrap();
            test::set_caller::<Env>(a.bob);
            let real = r.register(invoice(a.charlie, 8)).unwrap();
            test::set_caller::<Env>(a.charlie);
            r.confirm(squat, terms(&r, squat, a.eve, FACE)).unwrap();
            assert_eq!(
                r.confirm(real, terms(&r, real, a.bob, FACE)),
                Err(RegistryError::DuplicateDocument)
            );
            assert_eq!(r.asset_by_document([8; 32], a.charlie), Some(squat));

            // A sock puppet: eve names a debtor of her own (frank), who confirms at once. That
            // locks the document for frank only; bob's invoice owed by charlie still registers
            // and is confirmed by charlie.
            test::set_caller::<Env>(a.eve);
            let sock = r.register(invoice(a.frank, 9)).unwrap();
            test::set_caller::<Env>(a.frank);
            r.confirm(sock, terms(&r, sock, a.eve, FACE)).unwrap();
            assert_eq!(r.asset_by_document([9; 32], a.frank), Some(sock));
            test::set_caller::<Env>(a.bob);
            let real = r.register(invoice(a.charlie, 9)).unwrap();
            test::set_caller::<Env>(a.charlie);
            assert_eq!(r.confirm(real, terms(&r, real, a.bob, FACE)), Ok(()));
            assert_eq!(r.asset_by_document([9; 32], a.charlie), Some(real));
            // Frank cannot confirm a second copy of what he confirmed.
            test::set_caller::<Env>(a.eve);
            assert_eq!(
                r.register(invoice(a.frank, 9)),
                Err(RegistryError::DuplicateDocument)
            );
        }

        #[ink::test]
        fn a_pending_dispute_locks_the_document() {
            let (mut r, a) = setup();
            test::set_caller::<Env>(a.bob);
            r.register(invoice(a.charlie, 1)).unwrap();
            test::set_caller::<Env>(a.eve);
            let other = r.register(invoice(a.charlie, 1)).unwrap();
            test::set_caller::<Env>(a.charlie);
            r.dispute(1).unwrap();
            assert_eq!(r.asset_by_document([1; 32], a.charlie), Some(1));
            assert_eq!(r.pending_document([1; 32], a.bob), None);
            assert_eq!(
                r.confirm(other, terms(&r, other, a.eve, FACE)),
                Err(RegistryError::DuplicateDocument)
            );
            test::set_caller::<Env>(a.bob);
            assert_eq!(
                r.register(invoice(a.charlie, 1)),
                Err(RegistryError::DuplicateDocument)
            );
        }

        #[ink::test]
        fn reject_burns_the_nft_and_frees_the_document() {
            let (mut r, a) = setup();
            test::set_caller::<Env>(a.bob);
            r.register(invoice(a.charlie, 1)).unwrap();
            r.register(invoice(a.charlie, 2)).unwrap();
            r.approve(a.eve, Some(token_id(1)), true).unwrap();
            assert_eq!((r.total_supply(), r.balance_of(a.bob)), (2, 2));
            test::set_caller::<Env>(a.charlie);
            let before = events();
            assert_eq!(r.reject(1), Ok(()));
            assert_eq!(events(), before + 2); // PSP34 Transfer (burn) + AssetRejected
            assert_eq!(r.owner_of(token_id(1)), None);
            assert_eq!((r.total_supply(), r.balance_of(a.bob)), (1, 1));
            assert_eq!(r.asset(1), None);
            assert!(!r.allowance(a.bob, a.eve, Some(token_id(1))));
            assert_eq!(r.pending_document([1; 32], a.bob), None);
            assert_eq!(r.asset_by_document([1; 32], a.charlie), None);
            assert_eq!(r.reject(1), Err(RegistryError::AssetNotFound));
            assert_eq!(r.get_attribute(token_id(1), b"kind".to_vec()), None);
            // The originator may register the document again, under a new id.
            test::set_caller::<Env>(a.bob);
            assert_eq!(r.register(invoice(a.charlie, 1)), Ok(3));
            assert_eq!(r.pending_document([1; 32], a.bob), Some(3));
            // Goods: the carrier rejects.
            let goods = r.register(transit(&a, 5)).unwrap();
            test::set_caller::<Env>(a.eve);
            assert_eq!(r.reject(goods), Ok(()));
            assert_eq!(r.asset(goods), None);
            assert_eq!(r.balance_of(a.bob), 2);
        }

        #[ink::test]
        fn only_the_confirmer_rejects_and_only_a_pending_asset() {
            let (mut r, a) = setup();
            test::set_caller::<Env>(a.bob);
            r.register(invoice(a.charlie, 1)).unwrap();
            r.register(invoice(a.charlie, 2)).unwrap();
            let before = events();
            for who in [a.bob, a.eve, a.alice, a.django] {
                test::set_caller::<Env>(who);
                assert_eq!(r.reject(1), Err(RegistryError::NotAuthorised));
            }
            test::set_caller::<Env>(a.charlie);
            assert_eq!(r.reject(9), Err(RegistryError::AssetNotFound));
            r.confirm(1, terms(&r, 1, a.bob, FACE)).unwrap();
            let before_confirmed = events();
            assert_eq!(r.reject(1), Err(RegistryError::InvalidTransition));
            assert_eq!(events(), before_confirmed);
            assert_eq!(events(), before + 1); // only the confirmation
            assert_eq!(r.asset(1).unwrap().status, AssetStatus::Confirmed);
            assert_eq!(r.owner_of(token_id(1)), Some(a.bob));
            // A pending token held by the custodian is the custodian's business.
            test::set_caller::<Env>(a.bob);
            r.transfer(a.django, token_id(2), vec![]).unwrap();
            test::set_caller::<Env>(a.charlie);
            assert_eq!(r.reject(2), Err(RegistryError::NotCustodian));
            assert_eq!(r.total_supply(), 2);
        }

        #[ink::test]
        fn the_holder_marks_an_unpledged_invoice_paid() {
            let (mut r, a) = setup();
            test::set_caller::<Env>(a.bob);
            r.register(invoice(a.charlie, 1)).unwrap();
            let goods = r.register(transit(&a, 5)).unwrap();
            assert_eq!(r.mark_paid(1), Err(RegistryError::InvalidTransition)); // pending
            test::set_caller::<Env>(a.charlie);
            assert_eq!(r.mark_paid(1), Err(RegistryError::NotAuthorised)); // pending
            assert_eq!(r.mark_paid(goods), Err(RegistryError::WrongKind));
            assert_eq!(r.mark_paid(9), Err(RegistryError::AssetNotFound));
            r.confirm(1, terms(&r, 1, a.bob, FACE)).unwrap();
            for who in [a.eve, a.django, a.alice] {
                test::set_caller::<Env>(who);
                assert_eq!(r.mark_paid(1), Err(RegistryError::NotAuthorised));
            }
            // Pledged: it settles through the vault.
            test::set_caller::<Env>(a.bob);
            r.transfer(a.django, token_id(1), vec![]).unwrap();
            test::set_caller::<Env>(a.charlie);
            assert_eq!(r.mark_paid(1), Err(RegistryError::NotCustodian));
            test::set_caller::<Env>(a.django);
            r.release(1, a.bob, AssetStatus::Confirmed).unwrap();
            // Never on its debtor's word, not even for a `Confirmed` invoice its originator
            // holds: the debtor would settle its supplier's receivable paying nothing.
            test::set_caller::<Env>(a.charlie);
            let before = events();
            assert_eq!(r.mark_paid(1), Err(RegistryError::NotAuthorised));
            assert_eq!(events(), before);
            assert_eq!(r.asset(1).unwrap().status, AssetStatus::Confirmed);
            assert_eq!(r.payment_record(a.charlie), PaymentRecord::default());
            test::set_caller::<Env>(a.bob);
            assert_eq!(r.mark_paid(1), Ok(()));
            assert_eq!(events(), before + 2); // StatusChanged + PaymentRecorded
            assert_eq!(r.asset(1).unwrap().status, AssetStatus::Settled);
            // Settled stays settled, whoever asks.
            assert_eq!(r.mark_paid(1), Err(RegistryError::InvalidTransition));
            test::set_caller::<Env>(a.charlie);
            assert_eq!(r.mark_paid(1), Err(RegistryError::NotAuthorised));
            assert_eq!(r.dispute(1), Err(RegistryError::InvalidTransition));
            test::set_caller::<Env>(a.bob);
            r.transfer(a.django, token_id(1), vec![]).unwrap();
            test::set_caller::<Env>(a.django);
            for status in [
                AssetStatus::Pending,
                AssetStatus::Confirmed,
                AssetStatus::Disputed,
                AssetStatus::Defaulted,
            ] {
                assert_eq!(
                    r.set_status(1, status),
                    Err(RegistryError::InvalidTransition)
                );
            }
            assert_eq!(r.release(1, a.bob, AssetStatus::Settled), Ok(()));
            assert_eq!(r.asset(1).unwrap().status, AssetStatus::Settled);
            // A defaulted invoice handed back is marked paid on its holder's word only: its
            // debtor cannot clear its own default by saying it paid.
            test::set_caller::<Env>(a.bob);
            r.register(invoice(a.charlie, 2)).unwrap();
            test::set_caller::<Env>(a.charlie);
            r.confirm(3, terms(&r, 3, a.bob, FACE)).unwrap();
            test::set_caller::<Env>(a.bob);
            r.transfer(a.django, token_id(3), vec![]).unwrap();
            test::set_caller::<Env>(a.django);
            r.release(3, a.bob, AssetStatus::Defaulted).unwrap();
            assert_eq!(r.payment_record(a.charlie).unresolved_defaults, 1);
            test::set_caller::<Env>(a.charlie);
            let before = events();
            assert_eq!(r.mark_paid(3), Err(RegistryError::NotAuthorised));
            assert_eq!(events(), before);
            assert_eq!(r.payment_record(a.charlie).unresolved_defaults, 1);
            test::set_caller::<Env>(a.bob);
            assert_eq!(r.mark_paid(3), Ok(()));
            assert_eq!(r.asset(3).unwrap().status, AssetStatus::Settled);
            assert_eq!(r.payment_record(a.charlie).unresolved_defaults, 0);
            // An invoice sold on (here to eve) is paid to its holder: neither its debtor's nor
            // its originator's word settles it, the holder's does.
            test::set_caller::<Env>(a.bob);
            r.register(invoice(a.charlie, 4)).unwrap();
            test::set_caller::<Env>(a.charlie);
            r.confirm(4, terms(&r, 4, a.bob, FACE)).unwrap();
            test::set_caller::<Env>(a.bob);
            r.transfer(a.eve, token_id(4), vec![]).unwrap();
            for who in [a.charlie, a.bob] {
                test::set_caller::<Env>(who);
                assert_eq!(r.mark_paid(4), Err(RegistryError::NotAuthorised));
            }
            test::set_caller::<Env>(a.eve);
            assert_eq!(r.mark_paid(4), Ok(()));
            assert_eq!(r.asset(4).unwrap().status, AssetStatus::Settled);
        }

        #[ink::test]
        fn confirm_binds_every_term() {
            let (mut r, a) = setup();
            test::set_caller::<Env>(a.bob);
            let registered = invoice(a.charlie, 1);
            r.register(registered.clone()).unwrap();
            let AssetKind::Invoice(t) = registered else {
                unreachable!()
            };
            test::set_caller::<Env>(a.charlie);
            let before = events();
            // The debtor's records differ in one term each: refused, nothing changes.
            let mut records = Vec::new();
            for change in [
                |t: &mut InvoiceTerms| t.currency = price_key("KWD"),
                |t: &mut InvoiceTerms| t.due_date_ms += 3_650 * MS_PER_DAY,
                |t: &mut InvoiceTerms| t.issue_date_ms += 1,
                |t: &mut InvoiceTerms| t.document_hash = [9; 32],
                |t: &mut InvoiceTerms| t.face_value_wad += 1,
            ] {
                let mut mine = t.clone();
                change(&mut mine);
                records.push(mine);
            }
            for mine in records {
                let hash = scf_interfaces::terms_hash(&a.bob, &AssetKind::Invoice(mine));
                assert_eq!(r.confirm(1, hash), Err(RegistryError::TermsMismatch));
            }
            let wrong_originator =
                scf_interfaces::terms_hash(&a.eve, &AssetKind::Invoice(t.clone()));
            assert_eq!(
                r.confirm(1, wrong_originator),
                Err(RegistryError::TermsMismatch)
            );
            assert_eq!(events(), before);
            assert_eq!(r.asset(1).unwrap().status, AssetStatus::Pending);
            let exact = scf_interfaces::terms_hash(&a.bob, &AssetKind::Invoice(t));
            assert_eq!(r.confirm(1, exact), Ok(()));
            assert_eq!(r.asset(1).unwrap().status, AssetStatus::Confirmed);
        }

        #[ink::test]
        fn an_overdue_invoice_cannot_be_disputed() {
            let (mut r, a) = setup();
            test::set_caller::<Env>(a.bob);
            r.register(invoice(a.charlie, 1)).unwrap();
            test::set_caller::<Env>(a.charlie);
            r.confirm(1, terms(&r, 1, a.bob, FACE)).unwrap();
            test::set_block_timestamp::<Env>(90_000_001);
            let before = events();
            assert_eq!(r.dispute(1), Err(RegistryError::PastDue));
            assert_eq!(events(), before);
            assert_eq!(r.payment_record(a.charlie).disputed, 0);
            test::set_block_timestamp::<Env>(90_000_000);
            assert_eq!(r.dispute(1), Ok(()));
        }

        #[ink::test]
        fn the_custodian_is_set_once() {
            let (mut r, a) = setup();
            let before = events();
            assert_eq!(
                r.set_custodian(a.alice),
                Err(RegistryError::CustodianAlreadySet)
            );
            assert_eq!(r.custodian(), Some(a.django));
            assert_eq!(events(), before);
        }

        #[ink::test]
        fn the_payment_record_counts_every_path() {
            let (mut r, a) = setup();
            let due = 90_000_000;
            let confirmed = |r: &mut Registry, doc: u8| {
                test::set_caller::<Env>(a.bob);
                let id = r.register(invoice(a.charlie, doc)).unwrap();
                test::set_caller::<Env>(a.charlie);
                r.confirm(id, terms(r, id, a.bob, FACE)).unwrap();
                id
            };
            assert_eq!(r.payment_record(a.charlie), PaymentRecord::default());
            // On time (at the due date exactly).
            let on_time = confirmed(&mut r, 1);
            test::set_block_timestamp::<Env>(due);
            test::set_caller::<Env>(a.bob); // the holder's word
            r.mark_paid(on_time).unwrap();
            let rec = r.payment_record(a.charlie);
            assert_eq!((rec.settled_on_time, rec.settled_late), (1, 0));
            // 3 days late: 2 days and 1 ms past due.
            let late = confirmed(&mut r, 2);
            test::set_block_timestamp::<Env>(due + 2 * MS_PER_DAY + 1);
            test::set_caller::<Env>(a.bob); // the holder's word
            r.mark_paid(late).unwrap();
            let rec = r.payment_record(a.charlie);
            assert_eq!(
                (rec.settled_late, rec.days_late_total, rec.max_days_late),
                (1, 3, 3)
            );
            // Defaulted in the vault, then paid through it 10 days late.
            let defaulted = confirmed(&mut r, 3);
            test::set_caller::<Env>(a.bob);
            r.transfer(a.django, token_id(defaulted), vec![]).unwrap();
            test::set_caller::<Env>(a.django);
            r.set_status(defaulted, AssetStatus::Defaulted).unwrap();
            let rec = r.payment_record(a.charlie);
            assert_eq!((rec.defaulted, rec.unresolved_defaults), (1, 1));
            test::set_block_timestamp::<Env>(due + 10 * MS_PER_DAY);
            let before = events();
            r.release(defaulted, a.bob, AssetStatus::Settled).unwrap();
            assert_eq!(events(), before + 3); // StatusChanged + PaymentRecorded + Transfer
            let rec = r.payment_record(a.charlie);
            assert_eq!(
                (rec.defaulted, rec.unresolved_defaults, rec.settled_late),
                (1, 0, 2)
            );
            assert_eq!((rec.days_late_total, rec.max_days_late), (13, 10));
            // Disputed (from pending) counts; a dispute comes before the due date.
            test::set_caller::<Env>(a.bob);
            let disputed = r.register(invoice(a.charlie, 4)).unwrap();
            test::set_caller::<Env>(a.charlie);
            assert_eq!(r.dispute(disputed), Err(RegistryError::PastDue));
            test::set_block_timestamp::<Env>(due);
            r.dispute(disputed).unwrap();
            let rec = r.payment_record(a.charlie);
            assert_eq!(
                rec,
                PaymentRecord {
                    settled_on_time: 1,
                    settled_late: 2,
                    days_late_total: 13,
                    max_days_late: 10,
                    defaulted: 1,
                    unresolved_defaults: 0,
                    disputed: 1,
                }
            );
            // Goods and other debtors leave it alone.
            assert_eq!(r.payment_record(a.bob), PaymentRecord::default());
        }

        #[ink::test]
        fn a_transfer_voids_every_approval_of_the_token() {
            let (mut r, a) = setup();
            test::set_caller::<Env>(a.bob);
            r.register(invoice(a.charlie, 1)).unwrap();
            r.approve(a.eve, Some(token_id(1)), true).unwrap();
            r.approve(a.frank, Some(token_id(1)), true).unwrap();
            r.approve(a.django, None, true).unwrap();
            assert!(r.allowance(a.bob, a.eve, Some(token_id(1))));
            assert!(r.allowance(a.bob, a.frank, Some(token_id(1))));
            // Away and back to the same owner.
            r.transfer(a.charlie, token_id(1), vec![]).unwrap();
            test::set_caller::<Env>(a.charlie);
            r.transfer(a.bob, token_id(1), vec![]).unwrap();
            assert_eq!(r.owner_of(token_id(1)), Some(a.bob));
            assert!(!r.allowance(a.bob, a.eve, Some(token_id(1))));
            assert!(!r.allowance(a.bob, a.frank, Some(token_id(1))));
            for who in [a.eve, a.frank] {
                test::set_caller::<Env>(who);
                assert_eq!(
                    r.transfer(who, token_id(1), vec![]),
                    Err(PSP34Error::NotApproved)
                );
            }
            // Approvals for all tokens are unaffected; a fresh per-token approval works.
            assert!(r.allowance(a.bob, a.django, None));
            assert!(r.allowance(a.bob, a.django, Some(token_id(1))));
            test::set_caller::<Env>(a.bob);
            r.approve(a.eve, Some(token_id(1)), true).unwrap();
            assert!(r.allowance(a.bob, a.eve, Some(token_id(1))));
            // An operator's own transfer voids the others' approvals too.
            r.approve(a.frank, Some(token_id(1)), true).unwrap();
            test::set_caller::<Env>(a.eve);
            r.transfer(a.eve, token_id(1), vec![]).unwrap();
            assert!(!r.allowance(a.bob, a.frank, Some(token_id(1))));
            assert!(!r.allowance(a.bob, a.eve, Some(token_id(1))));
        }

        #[ink::test]
        fn metadata_attributes() {
            let (mut r, a) = setup();
            test::set_caller::<Env>(a.bob);
            r.register(invoice(a.charlie, 1)).unwrap();
            assert_eq!(
                r.get_attribute(r.collection_id(), b"name".to_vec()),
                Some(b"Receivable Registry".to_vec())
            );
            assert_eq!(
                r.get_attribute(token_id(1), b"kind".to_vec()),
                Some(b"Invoice".to_vec())
            );
            assert_eq!(
                r.get_attribute(token_id(1), b"status".to_vec()),
                Some(b"Pending".to_vec())
            );
            assert_eq!(
                r.get_attribute(token_id(1), b"face_value_wad".to_vec()),
                Some(b"1000000000000000000000".to_vec())
            );
            assert_eq!(
                r.get_attribute(token_id(1), b"document_hash".to_vec()),
                Some(vec![1; 32])
            );
            assert_eq!(r.get_attribute(token_id(1), b"quantity_wad".to_vec()), None);
            assert_eq!(r.get_attribute(token_id(7), b"kind".to_vec()), None);
        }

        #[ink::test]
        fn admin_is_two_step_and_guards_roles() {
            let (mut r, a) = setup();
            test::set_caller::<Env>(a.bob);
            assert_eq!(r.grant_attester(a.bob), Err(RegistryError::NotAdmin));
            assert_eq!(r.set_custodian(a.bob), Err(RegistryError::NotAdmin));
            test::set_caller::<Env>(a.alice);
            r.revoke_attester(a.frank).unwrap();
            assert!(!r.is_attester(a.frank));
            r.transfer_admin(a.bob).unwrap();
            test::set_caller::<Env>(a.charlie);
            assert_eq!(r.accept_admin(), Err(RegistryError::NotPendingAdmin));
            test::set_caller::<Env>(a.bob);
            assert_eq!(r.accept_admin(), Ok(()));
            assert_eq!(r.admin(), a.bob);
            assert_eq!(r.custodian(), Some(a.django));
        }
    }
}
