//! Receivable registry interface: the asset model shared by the registry and the vault.
use crate::oracle::PriceKey;
use crate::psp34::Id;
use crate::time::TimestampMs;
use ink::primitives::AccountId;

/// Registry-local asset number; the PSP34 token id is `Id::U128(asset_id)`.
pub type AssetId = u128;

/// A 32-byte hash of the off-chain document (invoice PDF, warehouse receipt, bill of lading).
pub type DocumentHash = [u8; 32];

/// An invoice (account receivable) owed by `debtor` to the supplier who registers it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct InvoiceTerms {
    /// Amount owed, 18 decimals, in units of `currency`.
    pub face_value_wad: u128,
    /// Oracle key of the invoice currency (stablecoin per unit of currency).
    pub currency: PriceKey,
    /// The buyer who owes the invoice and must accept it on-chain.
    pub debtor: AccountId,
    pub issue_date_ms: TimestampMs,
    pub due_date_ms: TimestampMs,
    pub document_hash: DocumentHash,
}

/// Goods held in a warehouse, vouched for by the warehouse attester.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct GoodsTerms {
    /// Oracle key of the commodity (stablecoin per unit of commodity).
    pub commodity: PriceKey,
    /// Quantity in commodity units, 18 decimals.
    pub quantity_wad: u128,
    /// The warehouse operator that attests the goods are stored.
    pub warehouse: AccountId,
    pub document_hash: DocumentHash,
}

/// Goods on their way to a warehouse, vouched for by the carrier.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct TransitTerms {
    pub commodity: PriceKey,
    pub quantity_wad: u128,
    /// The carrier that attests the goods were loaded.
    pub carrier: AccountId,
    /// The warehouse that will attest arrival (turning this into a warehouse receipt).
    pub destination_warehouse: AccountId,
    pub expected_arrival_ms: TimestampMs,
    pub document_hash: DocumentHash,
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum AssetKind {
    Invoice(InvoiceTerms),
    WarehouseReceipt(GoodsTerms),
    InTransit(TransitTerms),
}

impl AssetKind {
    pub fn document_hash(&self) -> DocumentHash {
        match self {
            AssetKind::Invoice(t) => t.document_hash,
            AssetKind::WarehouseReceipt(t) => t.document_hash,
            AssetKind::InTransit(t) => t.document_hash,
        }
    }

    /// The party whose on-chain confirmation turns the asset `Confirmed`.
    pub fn confirmer(&self) -> AccountId {
        match self {
            AssetKind::Invoice(t) => t.debtor,
            AssetKind::WarehouseReceipt(t) => t.warehouse,
            AssetKind::InTransit(t) => t.carrier,
        }
    }

    /// The oracle key that values the asset.
    pub fn price_key(&self) -> PriceKey {
        match self {
            AssetKind::Invoice(t) => t.currency,
            AssetKind::WarehouseReceipt(t) => t.commodity,
            AssetKind::InTransit(t) => t.commodity,
        }
    }

    /// Discriminant used by vault classes to say which kind they accept.
    pub fn kind_code(&self) -> AssetKindCode {
        match self {
            AssetKind::Invoice(_) => AssetKindCode::Invoice,
            AssetKind::WarehouseReceipt(_) => AssetKindCode::WarehouseReceipt,
            AssetKind::InTransit(_) => AssetKindCode::InTransit,
        }
    }
}

/// The kind of an asset without its terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum AssetKindCode {
    Invoice,
    WarehouseReceipt,
    InTransit,
}

/// Lifecycle: `Pending` → `Confirmed` → `Settled` | `Disputed` | `Defaulted`; a disputed
/// invoice an arbiter rules valid is `Confirmed` again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum AssetStatus {
    /// Registered by the supplier, not yet accepted by the debtor / attested.
    Pending,
    /// Accepted by the invoice's debtor or attested by the named attester: may serve as collateral.
    Confirmed,
    /// Paid by the debtor (invoices) or released against payment (goods).
    Settled,
    /// Disputed by the debtor: worth nothing as collateral.
    Disputed,
    /// Past due beyond the grace period: worth nothing as collateral.
    Defaulted,
}

impl AssetStatus {
    /// Whether the lifecycle allows `self` → `next` (the registry enforces it for everyone,
    /// the custodian included).
    pub fn can_become(self, next: AssetStatus) -> bool {
        use AssetStatus::*;
        matches!(
            (self, next),
            (Pending, Confirmed)
                | (Pending, Disputed)
                | (Confirmed, Settled)
                | (Confirmed, Disputed)
                | (Confirmed, Defaulted)
                | (Defaulted, Settled)
                // An arbiter (through the custodian) rules a disputed invoice valid.
                | (Disputed, Confirmed)
                // A dispute left unresolved past the grace period does not escape default.
                | (Disputed, Defaulted)
        )
    }
}

/// One registered asset.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Asset {
    pub kind: AssetKind,
    pub status: AssetStatus,
    /// The supplier who registered it.
    pub originator: AccountId,
    pub registered_at_ms: TimestampMs,
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum RegistryError {
    /// Caller is not the admin.
    NotAdmin,
    /// Caller is not the pending admin.
    NotPendingAdmin,
    /// No asset with this id.
    AssetNotFound,
    /// The document hash is registered already (no double financing).
    DuplicateDocument,
    /// Terms are invalid (zero face value or quantity, due date not after issue date, ...).
    InvalidTerms,
    /// The caller is not the party that may confirm / attest / dispute this asset.
    NotAuthorised,
    /// The attester named in the terms does not hold the attester role.
    NotAttester,
    /// The asset is held by the custodian (pledged): only the custodian may change its status.
    NotCustodian,
    /// The lifecycle does not allow this status change.
    InvalidTransition,
    /// The operation does not apply to this asset kind.
    WrongKind,
    /// Counter overflow.
    Overflow,
    /// A PSP34 error from the token layer.
    Token(crate::psp34::PSP34Error),
    /// The named owner does not hold the token.
    NotOwner,
    /// The terms the confirmer agreed to (the hash of the originator and every term, see
    /// `terms_hash`) are not this asset's: it confirms exactly what it agreed to, or nothing.
    TermsMismatch,
    /// The custodian is set once.
    CustodianAlreadySet,
    /// An invoice past its due date can no longer be disputed: its non-payment runs to default.
    PastDue,
}

impl From<crate::psp34::PSP34Error> for RegistryError {
    fn from(e: crate::psp34::PSP34Error) -> Self {
        RegistryError::Token(e)
    }
}

/// A debtor's count of unpaid defaults after one of its invoices went `from` → `to` (a change
/// the lifecycle allows): one more on a default, one fewer when a defaulted invoice is paid. The
/// registry keeps it in the payment record; the vault keeps its own count by the same rule for
/// the changes it makes, the only way an invoice becomes `Defaulted`. Saturates.
pub fn unpaid_defaults_after(count: u32, from: AssetStatus, to: AssetStatus) -> u32 {
    match (from, to) {
        (AssetStatus::Defaulted, AssetStatus::Settled) => count.saturating_sub(1),
        (AssetStatus::Defaulted, AssetStatus::Defaulted) => count,
        (_, AssetStatus::Defaulted) => count.saturating_add(1),
        _ => count,
    }
}

/// A debtor's payment history, kept by the registry from every invoice status change (settled
/// through the vault, marked paid outside it, defaulted). Readable by anyone: risk pricing and the
/// vault's underwriting read it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct PaymentRecord {
    /// Invoices settled on or before their due date.
    pub settled_on_time: u32,
    /// Invoices settled after their due date (a defaulted invoice paid later counts here too).
    pub settled_late: u32,
    /// Σ whole days past due over the late settlements (a started day counts).
    pub days_late_total: u64,
    /// The most days past due of any one settlement.
    pub max_days_late: u32,
    /// Invoices ever marked defaulted.
    pub defaulted: u32,
    /// Defaulted invoices not yet paid: while non-zero the vault lends nothing new against this
    /// debtor's invoices.
    pub unresolved_defaults: u32,
    /// Invoices the debtor disputed.
    pub disputed: u32,
}

/// Registry messages the vault uses besides PSP34.
#[ink::trait_definition]
pub trait ReceivableRegistry {
    /// The asset behind `id`, if registered.
    #[ink(message)]
    fn asset(&self, id: AssetId) -> Option<Asset>;

    /// Sets the status of a pledged asset. Only the custodian, only while it holds the token,
    /// only along the lifecycle; of an invoice it does not hold, only to `Settled` (paid on
    /// chain through the vault's `pay_invoice`).
    #[ink(message)]
    fn set_status(&mut self, id: AssetId, status: AssetStatus) -> Result<(), RegistryError>;

    /// The custodian (the vault) named by the admin.
    #[ink(message)]
    fn custodian(&self) -> Option<AccountId>;

    /// Custodian only: moves the token from `owner` (who must hold it and have approved the
    /// custodian) to the custodian and returns the asset — the owner check, the transfer and the
    /// terms in one call instead of three.
    #[ink(message)]
    fn take_custody(&mut self, id: AssetId, owner: AccountId) -> Result<Asset, RegistryError>;

    /// Custodian only, for a pledged shipment: its destination `warehouse` (still an attester,
    /// as the custodian has checked it is the caller of its own message) attests arrival; the NFT
    /// becomes a warehouse receipt for the quantity received, in place. Returns the new asset.
    #[ink(message)]
    fn arrive(
        &mut self,
        id: AssetId,
        warehouse: AccountId,
        received_quantity_wad: u128,
    ) -> Result<Asset, RegistryError>;

    /// The payment record of `debtor` (all zero if it never had an invoice settle or default).
    #[ink(message)]
    fn payment_record(&self, debtor: AccountId) -> PaymentRecord;

    /// Custodian only: sets the status of a pledged asset (if it differs) and hands the token to
    /// `to`, in one call.
    #[ink(message)]
    fn release(
        &mut self,
        id: AssetId,
        to: AccountId,
        status: AssetStatus,
    ) -> Result<(), RegistryError>;
}

/// What a confirmer binds: the hash (BLAKE2b-256) of the SCALE encoding of `(originator, kind)`,
/// every term of the asset. The confirmer's client computes it from the confirmer's own records
/// (its purchase order, its goods received note), never from the chain, so that a registration
/// that differs in any term (currency, dates, destination, ...) is refused.
pub fn terms_hash(originator: &AccountId, kind: &AssetKind) -> [u8; 32] {
    let mut out = [0u8; 32];
    ink::env::hash_encoded::<ink::env::hash::Blake2x256, _>(&(originator, kind), &mut out);
    out
}

/// The PSP34 token id of an asset.
pub fn token_id(asset_id: AssetId) -> Id {
    Id::U128(asset_id)
}
