//! What the vault asks the credit pricer about an invoice's debtor.
use crate::oracle::OracleError;
use ink::primitives::AccountId;

/// What a class lends against a debtor's invoices: the share of their value (`advance_wad`) and
/// the annual rate they are discounted at to their due date, from the debtor's grade (and its
/// off-chain score, which may only lower the advance).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct InvoiceRates {
    /// 0 = A (best) … 4 = E (in default).
    pub grade: u8,
    pub advance_wad: u128,
    pub discount_rate_annual_wad: u128,
}

#[ink::trait_definition]
pub trait CreditPricing {
    /// Class `class_id`'s rates for `debtor`'s invoices; None when the class prices no grade.
    /// Refused with the oracle's error when the debtor has a score key and no fresh score: a
    /// score nobody can read lends nothing rather than the grade's full rate.
    #[ink(message)]
    fn invoice_rates(
        &self,
        class_id: u32,
        debtor: AccountId,
    ) -> Result<Option<InvoiceRates>, OracleError>;
}
