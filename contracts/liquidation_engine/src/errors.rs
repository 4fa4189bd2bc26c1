use collateral_vault::VaultError;
use scf_interfaces::{MathError, PSP22Error};

#[derive(Debug, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum EngineError {
    /// Caller is not the admin.
    NotAdmin,
    /// Caller is not the pending admin.
    NotPendingAdmin,
    /// Caller is not the arbiter.
    NotArbiter,
    /// A parameter is out of its bounds (see `constants.rs`).
    InvalidParams,
    AuctionNotFound,
    /// The auction needs a reset (its price reached the floor or its time ran out): restart it.
    AuctionExpired,
    /// The auction is still running.
    AuctionNotExpired,
    /// The current auction price is above the buyer's limit.
    PriceAboveMax,
    /// The NFT is not in recovery (or was written off already).
    NotInRecovery,
    /// The recovery period is not over (and no dispute was upheld).
    RecoveryNotOver,
    /// The NFT has no value to auction: it stays in recovery.
    NoValue,
    /// The vault refused (e.g. `PositionSafe`, `Paused`, `NotDebtor`, a stale price).
    Vault(VaultError),
    /// The stablecoin refused a transfer (e.g. insufficient balance or allowance).
    Token(PSP22Error),
    /// Arithmetic overflow or division by zero.
    Math(MathError),
    /// A cross-contract call failed at the environment level (trap, out of gas, ...).
    CallFailed,
    /// The invoice's debtor does not buy its own invoice at auction: it pays what it owes
    /// (`settle`), which ends the auction.
    DebtorMustSettle,
    /// The liquidation would take the debt and penalty at auction past the engine's limit, for
    /// all classes or for this class (MakerDAO's `Hole` / `hole`).
    LiquidationLimit,
}

impl From<VaultError> for EngineError {
    fn from(e: VaultError) -> Self {
        EngineError::Vault(e)
    }
}
impl From<PSP22Error> for EngineError {
    fn from(e: PSP22Error) -> Self {
        EngineError::Token(e)
    }
}
impl From<MathError> for EngineError {
    fn from(e: MathError) -> Self {
        EngineError::Math(e)
    }
}
impl From<scf_interfaces::AdminError> for EngineError {
    fn from(e: scf_interfaces::AdminError) -> Self {
        match e {
            scf_interfaces::AdminError::NotAdmin => EngineError::NotAdmin,
            scf_interfaces::AdminError::NotPendingAdmin => EngineError::NotPendingAdmin,
        }
    }
}

impl scf_interfaces::calls::CallFailure for EngineError {
    fn call_failed() -> Self {
        EngineError::CallFailed
    }
}
