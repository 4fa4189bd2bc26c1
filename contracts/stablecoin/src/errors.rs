/// Errors of the admin messages (PSP22 messages return the standard `PSP22Error`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum StablecoinError {
    NotAdmin,
    NotPendingAdmin,
    /// The minter is set once.
    MinterAlreadySet,
}

impl From<scf_interfaces::AdminError> for StablecoinError {
    fn from(e: scf_interfaces::AdminError) -> Self {
        match e {
            scf_interfaces::AdminError::NotAdmin => StablecoinError::NotAdmin,
            scf_interfaces::AdminError::NotPendingAdmin => StablecoinError::NotPendingAdmin,
        }
    }
}
