//! Every way a call to the pricer is refused. A refused call changes nothing.
use scf_interfaces::calls::CallFailure;
use scf_interfaces::AdminError;
use scf_rules::grade::TableError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum PricerError {
    NotAdmin,
    NotPendingAdmin,
    /// Only the risk desk sets grade tables.
    NotRiskDesk,
    /// A class's table is set within the admin's bounds, so the bounds come first.
    NoBounds,
    /// The table or the bounds break a rule (see `scf_rules::grade::validate`).
    Table(TableError),
    /// New bounds would leave the class's current table outside them: change the table first.
    TableOutsideBounds,
    /// A call to the registry or the oracle failed.
    CallFailed,
}

impl From<AdminError> for PricerError {
    fn from(e: AdminError) -> Self {
        match e {
            AdminError::NotAdmin => PricerError::NotAdmin,
            AdminError::NotPendingAdmin => PricerError::NotPendingAdmin,
        }
    }
}

impl From<TableError> for PricerError {
    fn from(e: TableError) -> Self {
        PricerError::Table(e)
    }
}

impl CallFailure for PricerError {
    fn call_failed() -> Self {
        PricerError::CallFailed
    }
}
