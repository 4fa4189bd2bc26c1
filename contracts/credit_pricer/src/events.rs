//! Every change to the pricer's state emits one of these; a refused call emits nothing.
use crate::data::{Bounds, Table};
use ink::primitives::AccountId;
use scf_interfaces::PriceKey;

#[ink::event]
pub struct RiskDeskSet {
    pub risk_desk: AccountId,
}

#[ink::event]
pub struct BoundsSet {
    #[ink(topic)]
    pub class_id: u32,
    pub bounds: Option<Bounds>,
}

#[ink::event]
pub struct GradeTableSet {
    #[ink(topic)]
    pub class_id: u32,
    pub table: Option<Table>,
}

#[ink::event]
pub struct ScoreKeySet {
    #[ink(topic)]
    pub debtor: AccountId,
    pub key: Option<PriceKey>,
}
