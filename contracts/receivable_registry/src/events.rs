//! PSP34 standard events (`Transfer`, `Approval`) and the registry's lifecycle events.
use ink::primitives::AccountId;
use scf_interfaces::{AssetId, AssetKindCode, AssetStatus, DocumentHash, Id, PaymentRecord};

#[ink::event]
pub struct Transfer {
    #[ink(topic)]
    pub from: Option<AccountId>,
    #[ink(topic)]
    pub to: Option<AccountId>,
    #[ink(topic)]
    pub id: Id,
}

#[ink::event]
pub struct Approval {
    #[ink(topic)]
    pub owner: AccountId,
    #[ink(topic)]
    pub operator: AccountId,
    #[ink(topic)]
    pub id: Option<Id>,
    pub approved: bool,
}

#[ink::event]
pub struct AssetRegistered {
    #[ink(topic)]
    pub id: AssetId,
    #[ink(topic)]
    pub originator: AccountId,
    pub kind: AssetKindCode,
    pub document_hash: DocumentHash,
}

#[ink::event]
pub struct StatusChanged {
    #[ink(topic)]
    pub id: AssetId,
    pub from: AssetStatus,
    pub to: AssetStatus,
    pub by: AccountId,
}

#[ink::event]
pub struct ArrivalAttested {
    #[ink(topic)]
    pub id: AssetId,
    #[ink(topic)]
    pub warehouse: AccountId,
    pub received_quantity_wad: u128,
}

#[ink::event]
pub struct CustodianChanged {
    pub custodian: AccountId,
}

#[ink::event]
pub struct AttesterGranted {
    #[ink(topic)]
    pub attester: AccountId,
}

#[ink::event]
pub struct AttesterRevoked {
    #[ink(topic)]
    pub attester: AccountId,
}

/// The named confirmer refused a pending registration: its NFT is burnt and the asset is gone.
#[ink::event]
pub struct AssetRejected {
    #[ink(topic)]
    pub id: AssetId,
    pub by: AccountId,
}

/// A debtor's payment record changed because invoice `id` settled, defaulted or was disputed.
#[ink::event]
pub struct PaymentRecorded {
    #[ink(topic)]
    pub debtor: AccountId,
    pub id: AssetId,
    pub record: PaymentRecord,
}
