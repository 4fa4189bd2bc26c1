//! Two-step admin transfer, shared by every contract of the suite: the admin names a successor,
//! who must accept, so a mistyped address can never take (or lose) control.
use ink::primitives::AccountId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum AdminError {
    NotAdmin,
    NotPendingAdmin,
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

/// The admin role's state, kept as one field of a contract's storage.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Admin {
    admin: AccountId,
    pending: Option<AccountId>,
}

impl Admin {
    pub fn new(admin: AccountId) -> Self {
        Self {
            admin,
            pending: None,
        }
    }

    pub fn admin(&self) -> AccountId {
        self.admin
    }

    pub fn pending(&self) -> Option<AccountId> {
        self.pending
    }

    pub fn ensure(&self, caller: AccountId) -> Result<(), AdminError> {
        if caller == self.admin {
            Ok(())
        } else {
            Err(AdminError::NotAdmin)
        }
    }

    /// The admin names `next`; returns the event to emit.
    pub fn start_transfer(
        &mut self,
        caller: AccountId,
        next: AccountId,
    ) -> Result<AdminTransferStarted, AdminError> {
        self.ensure(caller)?;
        self.pending = Some(next);
        Ok(AdminTransferStarted { pending: next })
    }

    /// The named successor accepts; returns the event to emit.
    pub fn accept(&mut self, caller: AccountId) -> Result<AdminChanged, AdminError> {
        if self.pending != Some(caller) {
            return Err(AdminError::NotPendingAdmin);
        }
        self.admin = caller;
        self.pending = None;
        Ok(AdminChanged { admin: caller })
    }
}

impl From<AdminError> for crate::OracleError {
    fn from(e: AdminError) -> Self {
        match e {
            AdminError::NotAdmin => crate::OracleError::NotAdmin,
            AdminError::NotPendingAdmin => crate::OracleError::NotPendingAdmin,
        }
    }
}

impl From<AdminError> for crate::RegistryError {
    fn from(e: AdminError) -> Self {
        match e {
            AdminError::NotAdmin => crate::RegistryError::NotAdmin,
            AdminError::NotPendingAdmin => crate::RegistryError::NotPendingAdmin,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transfer_takes_two_steps_by_the_right_accounts() {
        let (a, b, c) = (
            AccountId::from([1; 32]),
            AccountId::from([2; 32]),
            AccountId::from([3; 32]),
        );
        let mut admin = Admin::new(a);
        assert_eq!(
            admin.start_transfer(b, c).map(|_| ()),
            Err(AdminError::NotAdmin)
        );
        assert_eq!(
            admin.accept(b).map(|_| ()),
            Err(AdminError::NotPendingAdmin)
        );
        assert_eq!(admin.start_transfer(a, b).map(|e| e.pending), Ok(b));
        assert_eq!((admin.admin(), admin.pending()), (a, Some(b)));
        assert_eq!(
            admin.accept(c).map(|_| ()),
            Err(AdminError::NotPendingAdmin)
        );
        assert_eq!(admin.accept(b).map(|e| e.admin), Ok(b));
        assert_eq!((admin.admin(), admin.pending()), (b, None));
        assert_eq!(admin.ensure(a), Err(AdminError::NotAdmin));
        assert_eq!(admin.ensure(b), Ok(()));
    }
}
