//! PSP34 token bookkeeping: owners, balances, approvals. Pure storage logic with the caller passed
//! in, returning the events to emit (the Cardinal PSP22 crate's pattern), so it is testable alone.
use crate::events::{Approval, Transfer};
use ink::primitives::AccountId;
use ink::storage::Mapping;
use scf_interfaces::{Id, PSP34Error};

/// Token ids are `Id::U128`; any other id names no token.
pub fn numeric(id: &Id) -> Option<u128> {
    match id {
        Id::U128(n) => Some(*n),
        _ => None,
    }
}

/// (owner, operator, token — or None for all of the owner's tokens)
type ApprovalKey = (AccountId, AccountId, Option<u128>);

#[ink::storage_item]
#[derive(Debug, Default)]
pub struct Psp34Data {
    owners: Mapping<u128, AccountId>,
    balances: Mapping<AccountId, u32>,
    approvals: Mapping<ApprovalKey, ()>,
    total_supply: u128,
}

pub enum Psp34Event {
    Transfer(Transfer),
    Approval(Approval),
}

impl Psp34Data {
    pub fn total_supply(&self) -> u128 {
        self.total_supply
    }

    pub fn balance_of(&self, owner: AccountId) -> u32 {
        self.balances.get(owner).unwrap_or(0)
    }

    pub fn owner_of(&self, token: u128) -> Option<AccountId> {
        self.owners.get(token)
    }

    pub fn allowance(&self, owner: AccountId, operator: AccountId, token: Option<u128>) -> bool {
        self.approvals.contains((owner, operator, None::<u128>))
            || token.is_some_and(|t| self.approvals.contains((owner, operator, Some(t))))
    }

    pub fn approve(
        &mut self,
        caller: AccountId,
        operator: AccountId,
        id: Option<Id>,
        approved: bool,
    ) -> Result<Psp34Event, PSP34Error> {
        if operator == caller {
            return Err(PSP34Error::SelfApprove);
        }
        let token = match &id {
            Some(id) => {
                let t = numeric(id).ok_or(PSP34Error::TokenNotExists)?;
                let owner = self.owner_of(t).ok_or(PSP34Error::TokenNotExists)?;
                if owner != caller {
                    return Err(PSP34Error::NotApproved);
                }
                Some(t)
            }
            None => None,
        };
        if approved {
            self.approvals.insert((caller, operator, token), &());
        } else {
            self.approvals.remove((caller, operator, token));
        }
        Ok(Psp34Event::Approval(Approval {
            owner: caller,
            operator,
            id,
            approved,
        }))
    }

    /// Moves `token` to `to` if `caller` owns it or is approved by its owner.
    pub fn transfer(
        &mut self,
        caller: AccountId,
        to: AccountId,
        token: u128,
    ) -> Result<Psp34Event, PSP34Error> {
        let owner = self.owner_of(token).ok_or(PSP34Error::TokenNotExists)?;
        if caller != owner && !self.allowance(owner, caller, Some(token)) {
            return Err(PSP34Error::NotApproved);
        }
        // A per-token approval does not survive the token changing hands.
        self.approvals.remove((owner, caller, Some(token)));
        if owner != to {
            self.balances
                .insert(owner, &self.balance_of(owner).saturating_sub(1));
            self.balances
                .insert(to, &self.balance_of(to).saturating_add(1));
            self.owners.insert(token, &to);
        }
        Ok(Psp34Event::Transfer(Transfer {
            from: Some(owner),
            to: Some(to),
            id: Id::U128(token),
        }))
    }

    pub fn mint(&mut self, to: AccountId, token: u128) -> Result<Psp34Event, PSP34Error> {
        if self.owners.contains(token) {
            return Err(PSP34Error::TokenExists);
        }
        self.total_supply = self.total_supply.checked_add(1).ok_or(PSP34Error::Custom(
            ink::prelude::string::String::from("Overflow"),
        ))?;
        self.owners.insert(token, &to);
        self.balances
            .insert(to, &self.balance_of(to).saturating_add(1));
        Ok(Psp34Event::Transfer(Transfer {
            from: None,
            to: Some(to),
            id: Id::U128(token),
        }))
    }
}
