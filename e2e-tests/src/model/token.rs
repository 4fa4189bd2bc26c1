//! The stablecoin: PSP22 balances and allowances as the standard defines them (a zero amount or a
//! transfer to oneself is a no-op success; `transfer_from` checks the allowance before the
//! balance), plus minting and burning by the minter only (`Custom("NotMinter")` otherwise);
//! `burn_from` consumes the holder's allowance to the minter unless the minter burns its own.
//! The admin names the minter once (`set_minter`; `MinterAlreadySet` afterwards).
use super::Acct;
use scf_interfaces::PSP22Error;
use stablecoin::StablecoinError;
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub struct Token {
    pub admin: Acct,
    pub minter: Acct,
    /// `set_minter` has been called: the minter never changes again.
    pub minter_set: bool,
    pub supply: u128,
    pub balances: BTreeMap<Acct, u128>,
    pub allowances: BTreeMap<(Acct, Acct), u128>,
}

fn not_minter() -> PSP22Error {
    PSP22Error::Custom("NotMinter".into())
}

impl Token {
    pub fn balance(&self, who: &Acct) -> u128 {
        self.balances.get(who).copied().unwrap_or(0)
    }

    pub fn allowance(&self, owner: &Acct, spender: &Acct) -> u128 {
        self.allowances
            .get(&(*owner, *spender))
            .copied()
            .unwrap_or(0)
    }

    fn set_balance(&mut self, who: Acct, v: u128) {
        if v == 0 {
            self.balances.remove(&who);
        } else {
            self.balances.insert(who, v);
        }
    }

    fn set_allowance(&mut self, owner: Acct, spender: Acct, v: u128) {
        if v == 0 {
            self.allowances.remove(&(owner, spender));
        } else {
            self.allowances.insert((owner, spender), v);
        }
    }

    pub fn transfer(&mut self, from: Acct, to: Acct, v: u128) -> Result<(), PSP22Error> {
        if from == to || v == 0 {
            return Ok(());
        }
        let b = self.balance(&from);
        if b < v {
            return Err(PSP22Error::InsufficientBalance);
        }
        self.set_balance(from, b - v);
        let t = self.balance(&to).saturating_add(v);
        self.set_balance(to, t);
        Ok(())
    }

    pub fn transfer_from(
        &mut self,
        caller: Acct,
        from: Acct,
        to: Acct,
        v: u128,
    ) -> Result<(), PSP22Error> {
        if from == to || v == 0 {
            return Ok(());
        }
        if caller == from {
            return self.transfer(from, to, v);
        }
        let a = self.allowance(&from, &caller);
        if a < v {
            return Err(PSP22Error::InsufficientAllowance);
        }
        if self.balance(&from) < v {
            return Err(PSP22Error::InsufficientBalance);
        }
        self.set_allowance(from, caller, a - v);
        self.transfer(from, to, v)
    }

    pub fn approve(&mut self, owner: Acct, spender: Acct, v: u128) {
        if owner != spender {
            self.set_allowance(owner, spender, v);
        }
    }

    pub fn mint(&mut self, caller: Acct, to: Acct, v: u128) -> Result<(), PSP22Error> {
        if caller != self.minter {
            return Err(not_minter());
        }
        if v == 0 {
            return Ok(());
        }
        self.supply = self.supply.checked_add(v).ok_or_else(|| {
            PSP22Error::Custom("Max PSP22 supply exceeded. Max supply limited to 2^128-1.".into())
        })?;
        let b = self.balance(&to).saturating_add(v);
        self.set_balance(to, b);
        Ok(())
    }

    pub fn burn_from(&mut self, caller: Acct, from: Acct, v: u128) -> Result<(), PSP22Error> {
        if caller != self.minter {
            return Err(not_minter());
        }
        if from != self.minter && v > 0 {
            let a = self.allowance(&from, &self.minter.clone());
            if a < v {
                return Err(PSP22Error::InsufficientAllowance);
            }
            if self.balance(&from) < v {
                return Err(PSP22Error::InsufficientBalance);
            }
            let m = self.minter;
            self.set_allowance(from, m, a - v);
        }
        if v == 0 {
            return Ok(());
        }
        let b = self.balance(&from);
        if b < v {
            return Err(PSP22Error::InsufficientBalance);
        }
        self.set_balance(from, b - v);
        self.supply -= v;
        Ok(())
    }

    pub fn set_minter(&mut self, caller: Acct, minter: Acct) -> Result<(), StablecoinError> {
        if caller != self.admin {
            return Err(StablecoinError::NotAdmin);
        }
        if self.minter_set {
            return Err(StablecoinError::MinterAlreadySet);
        }
        self.minter_set = true;
        self.minter = minter;
        Ok(())
    }
}
