//! What the suite's routers share (`contracts/vault_router`, `contracts/engine_router`): a
//! contract the chain runs as a fixed table from selector to facet, whose facets are one build
//! per group of the routed contract's messages (`#[cfg(g_<group>)]`, see its `build.rs`).

use ink::env::call::{build_call, ExecutionInput, Selector};
use ink::env::{CallFlags, ReturnFlags};
use ink::primitives::Hash;

/// `ROUTES: &[(u32, u8)]`, every message of the routed contract by selector with its facet group
/// (`group::<NAME>`, in scope where this expands), and `route(selector)`, the group or `None`.
#[macro_export]
macro_rules! routes {
    ($($group:ident: $($label:literal),+;)+) => {
        /// Every message of the routed contract, by selector, and the facet group that holds it.
        pub const ROUTES: &[(u32, u8)] = &[
            $($( (u32::from_be_bytes(::ink::selector_bytes!($label)), group::$group), )+)+
        ];

        /// The group that holds `selector`'s message, if the contract has one.
        pub fn route(selector: [u8; 4]) -> Option<u8> {
            let s = u32::from_be_bytes(selector);
            ROUTES.iter().find(|(sel, _)| *sel == s).map(|(_, g)| *g)
        }
    };
}

/// A router's wildcard message: runs the facet that `route` names for the called selector, out
/// of the facets' code hashes (`None`, or a group with no hash: refused as ink! refuses an
/// unknown selector). Never returns: the facet's output or revert is the call's.
pub fn forward<const N: usize, H, R>(hashes: H, route: R) -> !
where
    H: FnOnce() -> Option<[Hash; N]>,
    R: FnOnce([u8; 4]) -> Option<u8>,
{
    let selector = ink::env::decode_input::<[u8; 4]>().unwrap_or_else(|_| unknown_selector());
    let Some(hashes) = hashes() else {
        unknown_selector()
    };
    match route(selector).and_then(|g| hashes.get(usize::from(g))) {
        Some(code_hash) => delegate(*code_hash, selector),
        None => unknown_selector(),
    }
}

/// Runs the facet `code_hash` in this contract's context (storage, address, caller) on the
/// call's own input; its output or revert is this call's (`TAIL_CALL`).
pub fn delegate(code_hash: Hash, selector: [u8; 4]) -> ! {
    let _ = build_call::<ink::env::DefaultEnvironment>()
        .delegate(code_hash)
        .call_flags(CallFlags::FORWARD_INPUT | CallFlags::TAIL_CALL)
        .exec_input(ExecutionInput::new(Selector::new(selector)))
        .returns::<()>()
        .try_invoke();
    // Reached only if the facet trapped (its return or revert ended this call above): trap too,
    // so that the whole call fails as it would have in one contract.
    panic!("facet trapped")
}

/// What ink! answers for a selector the contract does not have.
pub fn unknown_selector() -> ! {
    ink::env::return_value::<ink::MessageResult<()>>(
        ReturnFlags::REVERT,
        &Err(ink::LangError::CouldNotReadInput),
    )
}
