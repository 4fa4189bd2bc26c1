use scf_interfaces::{MathError, OracleError, PSP22Error, PSP34Error, RegistryError};

#[derive(Debug, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum VaultError {
    /// Caller is not the admin.
    NotAdmin,
    /// Caller is not the pending admin.
    NotPendingAdmin,
    /// Caller is neither the guardian nor the admin.
    NotGuardian,
    /// The vault is paused: borrowing, withdrawing and starting liquidations are blocked.
    Paused,
    /// A class parameter is out of its bounds (see `constants.rs`).
    InvalidParams,
    /// No more classes can be added.
    TooManyClasses,
    ClassNotFound,
    PositionNotFound,
    /// Caller does not own the position.
    NotOwner,
    /// The position is being liquidated.
    PositionLiquidating,
    /// The position holds the maximum number of NFTs.
    PositionFull,
    /// The asset's kind does not match the class.
    WrongAssetKind,
    AssetNotFound,
    /// The caller does not own the NFT.
    NotAssetOwner,
    /// Only `Confirmed` assets can be pledged.
    NotConfirmed,
    /// The invoice is past due (or the shipment past its expected arrival).
    AssetExpired,
    /// An invoice position finances one debtor only.
    DebtorMismatch,
    /// The asset is not held by the vault.
    NotPledged,
    /// The asset is at auction.
    InAuction,
    ZeroAmount,
    /// The operation would leave the position below its liquidation ratio.
    Unsafe,
    /// The class's debt ceiling would be exceeded.
    DebtCeiling,
    /// The global debt ceiling would be exceeded.
    GlobalDebtCeiling,
    /// The per-debtor concentration limit would be exceeded.
    DebtorLimit,
    /// The remaining debt would be positive but below the class's dust.
    Dust,
    /// The position still has debt.
    DebtOutstanding,
    /// Caller is not the invoice's debtor.
    NotDebtor,
    /// The operation applies to invoices only.
    NotInvoice,
    /// The invoice is not past its due date plus grace period.
    NotOverdue,
    /// The asset's status does not allow this operation.
    InvalidStatus,
    /// The position is safe: it cannot be liquidated.
    PositionSafe,
    /// The position has no debt.
    NoDebt,
    /// Not enough surplus for the requested withdrawal.
    InsufficientSurplus,
    /// Arithmetic overflow or division by zero.
    Math(MathError),
    /// The oracle refused to price a key (stale, no quorum, paused, ...).
    Oracle(OracleError),
    /// The registry refused a call.
    Registry(RegistryError),
    /// The registry's PSP34 layer refused a transfer.
    Nft(PSP34Error),
    /// The stablecoin refused a call (e.g. insufficient balance or allowance).
    Token(PSP22Error),
    /// A cross-contract call failed at the environment level (trap, out of gas, ...).
    CallFailed,
    /// Caller does not hold the underwriter role.
    NotUnderwriter,
    /// The invoice's debtor was never approved by an underwriter: its invoices are not collateral.
    DebtorNotApproved,
    /// The underwriter suspended the debtor: nothing new is lent against its invoices.
    DebtorSuspended,
    /// The debtor has a defaulted invoice it has not paid: nothing new is lent against its invoices.
    DebtorInDefault,
    /// The borrow would take the debtor's exposure (all debt against its invoices, every class
    /// and supplier) past the credit limit the underwriter set.
    CreditLimit,
    /// The class is open to listed suppliers only and the caller is not one of them.
    SupplierNotAllowed,
    /// The class does not accept NFTs valued by this price key.
    PriceKeyNotAccepted,
    /// Liquidated debt is still at auction: the surplus may yet be needed to cover it.
    DebtAtAuction,
    /// The vault holds no stablecoin beyond its recorded surplus.
    NothingToSkim,
    /// Only the shipment's destination warehouse attests its arrival.
    NotDestinationWarehouse,
    /// Only the liquidation engine calls this.
    NotEngine,
    /// The liquidation engine is set once.
    EngineAlreadySet,
    /// The NFT is in its position, not seized by the liquidation engine.
    NotSeized,
    /// The invoice is in recovery after a liquidation: its debtor pays it through the
    /// liquidation engine (`settle` there).
    InRecovery,
    /// The liquidation engine booked proceeds the vault did not receive.
    ProceedsNotReceived,
    /// More releases in one call than a position holds NFTs.
    TooManyReleases,
    /// A position is valued by one price key: this NFT's key differs from the position's.
    PriceKeyMismatch,
    /// An invoice past its due date can no longer be disputed: its non-payment runs to default.
    PastDue,
    /// The vault's admin may not hold the underwriter role (nor an underwriter become the admin):
    /// approving debtors is not the admin's power.
    AdminCannotUnderwrite,
    /// The debtor has no written-off losses to clear.
    NoLosses,
    /// The vault holds this invoice: its debtor pays it through `settle`, which repays the loan
    /// against it first.
    InvoicePledged,
    /// The debtor holds its own invoice: there is no one to pay.
    PayeeIsDebtor,
}

impl From<MathError> for VaultError {
    fn from(e: MathError) -> Self {
        VaultError::Math(e)
    }
}
impl From<OracleError> for VaultError {
    fn from(e: OracleError) -> Self {
        VaultError::Oracle(e)
    }
}
impl From<RegistryError> for VaultError {
    fn from(e: RegistryError) -> Self {
        VaultError::Registry(e)
    }
}
impl From<PSP34Error> for VaultError {
    fn from(e: PSP34Error) -> Self {
        VaultError::Nft(e)
    }
}
impl From<PSP22Error> for VaultError {
    fn from(e: PSP22Error) -> Self {
        VaultError::Token(e)
    }
}

impl From<scf_interfaces::AdminError> for VaultError {
    fn from(e: scf_interfaces::AdminError) -> Self {
        match e {
            scf_interfaces::AdminError::NotAdmin => VaultError::NotAdmin,
            scf_interfaces::AdminError::NotPendingAdmin => VaultError::NotPendingAdmin,
        }
    }
}

impl scf_interfaces::calls::CallFailure for VaultError {
    fn call_failed() -> Self {
        VaultError::CallFailed
    }
}
