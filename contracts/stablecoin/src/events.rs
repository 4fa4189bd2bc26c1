//! Admin events; PSP22 `Transfer` / `Approval` are the psp22 crate's.
use ink::primitives::AccountId;

#[ink::event]
pub struct MinterChanged {
    pub old: AccountId,
    #[ink(topic)]
    pub new: AccountId,
}
