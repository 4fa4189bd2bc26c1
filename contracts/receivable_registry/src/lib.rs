//! Receivable registry: invoices, warehouse receipts and goods in transit as PSP34 NFTs with a
//! lifecycle (Pending → Confirmed → Settled / Disputed / Defaulted). A document hash registers
//! once, ever (no double financing). While the custodian (the vault) holds a token, only it
//! changes the token's status.
#![cfg_attr(not(feature = "std"), no_std, no_main)]
#![allow(clippy::cast_possible_truncation)]

pub mod data;
pub mod events;

#[ink::contract]
mod receivable_registry {
    use crate::data::{numeric, Psp34Data, Psp34Event};
    use crate::events::*;
    use ink::prelude::{string::ToString, vec::Vec};
    use ink::storage::Mapping;
    use scf_interfaces::{
        Admin, Asset, AssetId, AssetKind, AssetStatus, DocumentHash, GoodsTerms, Id, PSP34Error,
        PSP34Metadata, ReceivableRegistry, RegistryError, PSP34,
    };

    type Result<T> = core::result::Result<T, RegistryError>;

    #[ink(storage)]
    pub struct Registry {
        admin: Admin,
        custodian: Option<AccountId>,
        attesters: Mapping<AccountId, ()>,
        next_id: AssetId,
        assets: Mapping<AssetId, Asset>,
        documents: Mapping<DocumentHash, AssetId>,
        tokens: Psp34Data,
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
            }
        }

        /// Registers an asset and mints its NFT to the caller (the supplier), status `Pending`.
        #[ink(message)]
        pub fn register(&mut self, kind: AssetKind) -> Result<AssetId> {
            let caller = self.env().caller();
            self.validate_terms(&kind, caller)?;
            let document_hash = kind.document_hash();
            if self.documents.contains(document_hash) {
                return Err(RegistryError::DuplicateDocument);
            }
            let id = self.next_id;
            self.next_id = id.checked_add(1).ok_or(RegistryError::Overflow)?;
            let mint = self.tokens.mint(caller, id)?;
            self.documents.insert(document_hash, &id);
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

        /// The invoice's debtor accepts it, or the named warehouse / carrier attests the goods.
        #[ink(message)]
        pub fn confirm(&mut self, id: AssetId) -> Result<()> {
            let asset = self.unpledged(id)?;
            if self.env().caller() != asset.kind.confirmer() {
                return Err(RegistryError::NotAuthorised);
            }
            self.transition(id, asset, AssetStatus::Confirmed)
        }

        /// The debtor disputes an invoice it has not paid. A pledged invoice is disputed through
        /// the vault, which holds it.
        #[ink(message)]
        pub fn dispute(&mut self, id: AssetId) -> Result<()> {
            let asset = self.unpledged(id)?;
            match &asset.kind {
                AssetKind::Invoice(t) if t.debtor == self.env().caller() => {}
                AssetKind::Invoice(_) => return Err(RegistryError::NotAuthorised),
                _ => return Err(RegistryError::WrongKind),
            }
            self.transition(id, asset, AssetStatus::Disputed)
        }

        /// The destination warehouse attests arrival: the goods in transit become a warehouse
        /// receipt for the quantity received.
        #[ink(message)]
        pub fn attest_arrival(&mut self, id: AssetId, received_quantity_wad: u128) -> Result<()> {
            let mut asset = self.unpledged(id)?;
            let terms = match &asset.kind {
                AssetKind::InTransit(t) => t.clone(),
                _ => return Err(RegistryError::WrongKind),
            };
            let caller = self.env().caller();
            if caller != terms.destination_warehouse {
                return Err(RegistryError::NotAuthorised);
            }
            if asset.status != AssetStatus::Confirmed {
                return Err(RegistryError::InvalidTransition);
            }
            if received_quantity_wad == 0 || received_quantity_wad > terms.quantity_wad {
                return Err(RegistryError::InvalidTerms);
            }
            asset.kind = AssetKind::WarehouseReceipt(GoodsTerms {
                commodity: terms.commodity,
                quantity_wad: received_quantity_wad,
                warehouse: caller,
                document_hash: terms.document_hash,
            });
            self.assets.insert(id, &asset);
            self.env().emit_event(ArrivalAttested {
                id,
                warehouse: caller,
                received_quantity_wad,
            });
            Ok(())
        }

        #[ink(message)]
        pub fn asset_by_document(&self, document_hash: DocumentHash) -> Option<AssetId> {
            self.documents.get(document_hash)
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

        #[ink(message)]
        pub fn set_custodian(&mut self, custodian: AccountId) -> Result<()> {
            self.ensure_admin()?;
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

        fn validate_terms(&self, kind: &AssetKind, caller: AccountId) -> Result<()> {
            let attester_ok = |a: &AccountId| self.attesters.contains(a);
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
                    if !attester_ok(&t.warehouse) {
                        return Err(RegistryError::NotAttester);
                    }
                }
                AssetKind::InTransit(t) => {
                    if t.quantity_wad == 0 || t.document_hash == [0; 32] {
                        return Err(RegistryError::InvalidTerms);
                    }
                    if !attester_ok(&t.carrier) || !attester_ok(&t.destination_warehouse) {
                        return Err(RegistryError::NotAttester);
                    }
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

        fn transition(&mut self, id: AssetId, mut asset: Asset, to: AssetStatus) -> Result<()> {
            let from = asset.status;
            if !from.can_become(to) {
                return Err(RegistryError::InvalidTransition);
            }
            asset.status = to;
            self.assets.insert(id, &asset);
            self.env().emit_event(StatusChanged {
                id,
                from,
                to,
                by: self.env().caller(),
            });
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
            if self.custodian != Some(self.env().caller()) || !self.is_pledged(id) {
                return Err(RegistryError::NotCustodian);
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
        fn release(&mut self, id: AssetId, to: AccountId, status: AssetStatus) -> Result<()> {
            let asset = self.assets.get(id).ok_or(RegistryError::AssetNotFound)?;
            let caller = self.env().caller();
            if self.custodian != Some(caller) || !self.is_pledged(id) {
                return Err(RegistryError::NotCustodian);
            }
            if asset.status != status {
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
            let number = |n: u128| Some(n.to_string().into_bytes());
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

    #[cfg(test)]
    mod tests {
        use super::*;
        use ink::env::test;
        use scf_interfaces::{price_key, token_id, InvoiceTerms, TransitTerms, WAD};

        type Env = ink::env::DefaultEnvironment;

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

        fn invoice(debtor: AccountId, doc: u8) -> AssetKind {
            AssetKind::Invoice(InvoiceTerms {
                face_value_wad: 1_000 * WAD,
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
            assert_eq!(r.asset_by_document([1; 32]), Some(1));
            assert_eq!(r.next_id(), 2);
        }

        #[ink::test]
        fn a_document_registers_once_ever() {
            let (mut r, a) = setup();
            test::set_caller::<Env>(a.bob);
            r.register(invoice(a.charlie, 1)).unwrap();
            let before = events();
            assert_eq!(
                r.register(invoice(a.charlie, 1)),
                Err(RegistryError::DuplicateDocument)
            );
            test::set_caller::<Env>(a.eve);
            assert_eq!(
                r.register(invoice(a.charlie, 1)),
                Err(RegistryError::DuplicateDocument)
            );
            assert_eq!(events(), before);
            assert_eq!(r.total_supply(), 1);
            assert_eq!(r.next_id(), 2);
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
            assert_eq!(r.confirm(1), Err(RegistryError::NotAuthorised));
            test::set_caller::<Env>(a.eve);
            assert_eq!(r.confirm(1), Err(RegistryError::NotAuthorised));
            assert_eq!(r.dispute(1), Err(RegistryError::NotAuthorised));
            test::set_caller::<Env>(a.charlie);
            assert_eq!(r.confirm(1), Ok(()));
            assert_eq!(r.asset(1).unwrap().status, AssetStatus::Confirmed);
            assert_eq!(r.confirm(1), Err(RegistryError::InvalidTransition));
            assert_eq!(r.dispute(1), Ok(()));
            assert_eq!(r.asset(1).unwrap().status, AssetStatus::Disputed);
            assert_eq!(r.confirm(2), Err(RegistryError::AssetNotFound));
        }

        #[ink::test]
        fn goods_are_attested_and_arrive() {
            let (mut r, a) = setup();
            test::set_caller::<Env>(a.bob);
            let id = r.register(transit(&a, 5)).unwrap();
            assert_eq!(r.dispute(id), Err(RegistryError::WrongKind));
            test::set_caller::<Env>(a.frank);
            assert_eq!(r.confirm(id), Err(RegistryError::NotAuthorised)); // the carrier confirms
            assert_eq!(
                r.attest_arrival(id, WAD),
                Err(RegistryError::InvalidTransition)
            );
            test::set_caller::<Env>(a.eve);
            r.confirm(id).unwrap();
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
        }

        #[ink::test]
        fn only_the_custodian_changes_a_pledged_assets_status() {
            let (mut r, a) = setup();
            test::set_caller::<Env>(a.bob);
            r.register(invoice(a.charlie, 1)).unwrap();
            test::set_caller::<Env>(a.charlie);
            r.confirm(1).unwrap();
            // Not pledged yet: even the custodian cannot set its status.
            test::set_caller::<Env>(a.django);
            assert_eq!(
                r.set_status(1, AssetStatus::Settled),
                Err(RegistryError::NotCustodian)
            );
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
        }

        #[ink::test]
        fn the_custodian_takes_and_releases_in_one_call() {
            let (mut r, a) = setup();
            test::set_caller::<Env>(a.bob);
            r.register(invoice(a.charlie, 1)).unwrap();
            test::set_caller::<Env>(a.charlie);
            r.confirm(1).unwrap();
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
