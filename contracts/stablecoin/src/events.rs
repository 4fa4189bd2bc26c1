//! Admin events; PSP22 `Transfer` / `Approval` are the psp22 crate's.
use ink::primitives::AccountId;

#[ink::event]
pub struct MinterChanged {
    pub old: AccountId,
    #[ink(topic)]
    pub new: AccountId,
}

#[ink::event]
pub struct AdminTransferStarted {
    #[ink(topic)]
    pub pending: AccountId,
}

#[ink::event]
pub struct AdminChanged {
    #[ink(topic)]
    pub admin: AccountId,
}
