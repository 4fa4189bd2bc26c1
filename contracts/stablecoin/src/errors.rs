/// Errors of the admin messages (PSP22 messages return the standard `PSP22Error`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum StablecoinError {
    NotAdmin,
    NotPendingAdmin,
}
