//! PSP22 stablecoin (18 decimals) on the psp22 crate's `PSP22Data`. Only the minter (the vault)
//! mints and burns; the admin names the minter once, after which it never changes.
#![cfg_attr(not(feature = "std"), no_std, no_main)]
#![allow(clippy::cast_possible_truncation)]

pub mod errors;
pub mod events;

pub use errors::StablecoinError;

// The contract and its reference, for the ink_e2e flows (`e2e-ink`) that call it by type.
pub use self::stablecoin::{Stablecoin, StablecoinRef};

#[ink::contract]
mod stablecoin {
    use crate::errors::StablecoinError;
    use crate::events::MinterChanged;
    use ink::prelude::{string::String, vec::Vec};
    use psp22::{PSP22Data, PSP22Event};
    use scf_interfaces::{Admin, PSP22Error, PSP22Metadata, StablecoinMinter, PSP22};

    pub const DECIMALS: u8 = 18;

    #[ink(storage)]
    pub struct Stablecoin {
        data: PSP22Data,
        name: Option<String>,
        symbol: Option<String>,
        admin: Admin,
        minter: AccountId,
        /// `set_minter` has been called: the minter never changes again.
        minter_set: bool,
    }

    impl Stablecoin {
        /// Zero supply; the caller becomes admin.
        #[ink(constructor)]
        pub fn new(name: Option<String>, symbol: Option<String>, minter: AccountId) -> Self {
            Self {
                data: PSP22Data::default(),
                name,
                symbol,
                admin: Admin::new(Self::env().caller()),
                minter,
                minter_set: false,
            }
        }

        /// Admin, once: the minter (the vault), which alone mints and burns. The constructor's
        /// minter stands only until this call (the vault is deployed after the stablecoin); after
        /// it no admin key can re-point minting.
        #[ink(message)]
        pub fn set_minter(&mut self, minter: AccountId) -> Result<(), StablecoinError> {
            self.ensure_admin()?;
            if self.minter_set {
                return Err(StablecoinError::MinterAlreadySet);
            }
            self.minter_set = true;
            let old = core::mem::replace(&mut self.minter, minter);
            self.env().emit_event(MinterChanged { old, new: minter });
            Ok(())
        }

        #[ink(message)]
        pub fn transfer_admin(&mut self, new_admin: AccountId) -> Result<(), StablecoinError> {
            let event = self.admin.start_transfer(self.env().caller(), new_admin)?;
            self.env().emit_event(event);
            Ok(())
        }

        #[ink(message)]
        pub fn accept_admin(&mut self) -> Result<(), StablecoinError> {
            let event = self.admin.accept(self.env().caller())?;
            self.env().emit_event(event);
            Ok(())
        }

        #[ink(message)]
        pub fn admin(&self) -> AccountId {
            self.admin.admin()
        }

        #[ink(message)]
        pub fn pending_admin(&self) -> Option<AccountId> {
            self.admin.pending()
        }

        fn ensure_admin(&self) -> Result<(), StablecoinError> {
            Ok(self.admin.ensure(self.env().caller())?)
        }

        fn ensure_minter(&self) -> Result<(), PSP22Error> {
            if self.env().caller() == self.minter {
                Ok(())
            } else {
                Err(PSP22Error::Custom(String::from("NotMinter")))
            }
        }

        fn emit_events(&self, events: Vec<PSP22Event>) {
            for event in events {
                match event {
                    PSP22Event::Transfer(e) => self.env().emit_event(e),
                    PSP22Event::Approval(e) => self.env().emit_event(e),
                }
            }
        }
    }

    impl PSP22 for Stablecoin {
        #[ink(message)]
        fn total_supply(&self) -> u128 {
            self.data.total_supply()
        }

        #[ink(message)]
        fn balance_of(&self, owner: AccountId) -> u128 {
            self.data.balance_of(owner)
        }

        #[ink(message)]
        fn allowance(&self, owner: AccountId, spender: AccountId) -> u128 {
            self.data.allowance(owner, spender)
        }

        #[ink(message)]
        fn transfer(
            &mut self,
            to: AccountId,
            value: u128,
            _data: Vec<u8>,
        ) -> Result<(), PSP22Error> {
            let events = self.data.transfer(self.env().caller(), to, value)?;
            self.emit_events(events);
            Ok(())
        }

        #[ink(message)]
        fn transfer_from(
            &mut self,
            from: AccountId,
            to: AccountId,
            value: u128,
            _data: Vec<u8>,
        ) -> Result<(), PSP22Error> {
            let events = self
                .data
                .transfer_from(self.env().caller(), from, to, value)?;
            self.emit_events(events);
            Ok(())
        }

        #[ink(message)]
        fn approve(&mut self, spender: AccountId, value: u128) -> Result<(), PSP22Error> {
            let events = self.data.approve(self.env().caller(), spender, value)?;
            self.emit_events(events);
            Ok(())
        }

        #[ink(message)]
        fn increase_allowance(
            &mut self,
            spender: AccountId,
            delta_value: u128,
        ) -> Result<(), PSP22Error> {
            let events = self
                .data
                .increase_allowance(self.env().caller(), spender, delta_value)?;
            self.emit_events(events);
            Ok(())
        }

        #[ink(message)]
        fn decrease_allowance(
            &mut self,
            spender: AccountId,
            delta_value: u128,
        ) -> Result<(), PSP22Error> {
            let events = self
                .data
                .decrease_allowance(self.env().caller(), spender, delta_value)?;
            self.emit_events(events);
            Ok(())
        }
    }

    impl PSP22Metadata for Stablecoin {
        #[ink(message)]
        fn token_name(&self) -> Option<String> {
            self.name.clone()
        }

        #[ink(message)]
        fn token_symbol(&self) -> Option<String> {
            self.symbol.clone()
        }

        #[ink(message)]
        fn token_decimals(&self) -> u8 {
            DECIMALS
        }
    }

    impl StablecoinMinter for Stablecoin {
        #[ink(message)]
        fn mint(&mut self, to: AccountId, value: u128) -> Result<(), PSP22Error> {
            self.ensure_minter()?;
            let events = self.data.mint(to, value)?;
            self.emit_events(events);
            Ok(())
        }

        /// Burns from `from`; unless `from` is the minter itself, only what `from` approved to the
        /// minter (the allowance is consumed, like Dai's `burn`).
        #[ink(message)]
        fn burn_from(&mut self, from: AccountId, value: u128) -> Result<(), PSP22Error> {
            self.ensure_minter()?;
            let minter = self.minter;
            let mut events = Vec::new();
            if from != minter && value > 0 {
                let allowance = self.data.allowance(from, minter);
                if allowance < value {
                    return Err(PSP22Error::InsufficientAllowance);
                }
                if self.data.balance_of(from) < value {
                    return Err(PSP22Error::InsufficientBalance);
                }
                events.extend(self.data.decrease_allowance(from, minter, value)?);
            }
            events.extend(self.data.burn(from, value)?);
            self.emit_events(events);
            Ok(())
        }

        #[ink(message)]
        fn minter(&self) -> AccountId {
            self.minter
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use ink::env::test;

        type Env = ink::env::DefaultEnvironment;

        fn setup() -> (Stablecoin, test::DefaultAccounts<Env>) {
            let a = test::default_accounts::<Env>();
            test::set_caller::<Env>(a.alice);
            // bob is the minter (the vault).
            let c = Stablecoin::new(Some("Trade Dollar".into()), Some("TUSD".into()), a.bob);
            (c, a)
        }

        fn events() -> usize {
            test::recorded_events().count()
        }

        #[ink::test]
        fn metadata_and_roles() {
            let (c, a) = setup();
            assert_eq!(c.token_name(), Some("Trade Dollar".into()));
            assert_eq!(c.token_symbol(), Some("TUSD".into()));
            assert_eq!(c.token_decimals(), 18);
            assert_eq!(c.admin(), a.alice);
            assert_eq!(c.minter(), a.bob);
            assert_eq!(c.total_supply(), 0);
        }

        #[ink::test]
        fn only_the_minter_mints() {
            let (mut c, a) = setup();
            assert_eq!(
                c.mint(a.charlie, 100),
                Err(PSP22Error::Custom("NotMinter".into()))
            );
            assert_eq!(c.total_supply(), 0);
            assert_eq!(events(), 0);
            test::set_caller::<Env>(a.bob);
            assert_eq!(c.mint(a.charlie, 100), Ok(()));
            assert_eq!(c.balance_of(a.charlie), 100);
            assert_eq!(c.total_supply(), 100);
            assert_eq!(events(), 1);
        }

        #[ink::test]
        fn burn_from_consumes_the_allowance_to_the_minter() {
            let (mut c, a) = setup();
            test::set_caller::<Env>(a.bob);
            c.mint(a.charlie, 100).unwrap();
            assert_eq!(
                c.burn_from(a.charlie, 40),
                Err(PSP22Error::InsufficientAllowance)
            );
            test::set_caller::<Env>(a.charlie);
            c.approve(a.bob, 50).unwrap();
            assert_eq!(
                c.burn_from(a.charlie, 40),
                Err(PSP22Error::Custom("NotMinter".into()))
            );
            test::set_caller::<Env>(a.bob);
            let before = events();
            assert_eq!(c.burn_from(a.charlie, 40), Ok(()));
            assert_eq!(events(), before + 2); // Approval(10) then Transfer(to None)
            assert_eq!(c.balance_of(a.charlie), 60);
            assert_eq!(c.allowance(a.charlie, a.bob), 10);
            assert_eq!(c.total_supply(), 60);
            assert_eq!(
                c.burn_from(a.charlie, 11),
                Err(PSP22Error::InsufficientAllowance)
            );
        }

        #[ink::test]
        fn burn_from_refuses_more_than_the_balance() {
            let (mut c, a) = setup();
            test::set_caller::<Env>(a.bob);
            c.mint(a.charlie, 10).unwrap();
            test::set_caller::<Env>(a.charlie);
            c.approve(a.bob, 100).unwrap();
            test::set_caller::<Env>(a.bob);
            assert_eq!(
                c.burn_from(a.charlie, 11),
                Err(PSP22Error::InsufficientBalance)
            );
            assert_eq!(c.allowance(a.charlie, a.bob), 100);
            assert_eq!(c.balance_of(a.charlie), 10);
        }

        #[ink::test]
        fn the_minter_burns_its_own_balance_without_allowance() {
            let (mut c, a) = setup();
            test::set_caller::<Env>(a.bob);
            c.mint(a.bob, 30).unwrap();
            assert_eq!(c.burn_from(a.bob, 30), Ok(()));
            assert_eq!(c.total_supply(), 0);
        }

        #[ink::test]
        fn transfers_and_allowances_follow_psp22() {
            let (mut c, a) = setup();
            test::set_caller::<Env>(a.bob);
            c.mint(a.charlie, 100).unwrap();
            test::set_caller::<Env>(a.charlie);
            assert_eq!(
                c.transfer(a.django, 101, vec![]),
                Err(PSP22Error::InsufficientBalance)
            );
            assert_eq!(c.transfer(a.django, 30, vec![]), Ok(()));
            c.approve(a.eve, 20).unwrap();
            test::set_caller::<Env>(a.eve);
            assert_eq!(
                c.transfer_from(a.charlie, a.eve, 21, vec![]),
                Err(PSP22Error::InsufficientAllowance)
            );
            assert_eq!(c.transfer_from(a.charlie, a.eve, 20, vec![]), Ok(()));
            assert_eq!(c.balance_of(a.charlie), 50);
            assert_eq!(c.balance_of(a.django), 30);
            assert_eq!(c.balance_of(a.eve), 20);
            assert_eq!(c.allowance(a.charlie, a.eve), 0);
        }

        #[ink::test]
        fn minter_and_admin_changes_are_admin_only_and_two_step() {
            let (mut c, a) = setup();
            test::set_caller::<Env>(a.charlie);
            assert_eq!(c.set_minter(a.charlie), Err(StablecoinError::NotAdmin));
            assert_eq!(c.transfer_admin(a.charlie), Err(StablecoinError::NotAdmin));
            test::set_caller::<Env>(a.alice);
            assert_eq!(c.set_minter(a.django), Ok(()));
            assert_eq!(c.minter(), a.django);
            // Set once: no admin key re-points minting afterwards.
            assert_eq!(
                c.set_minter(a.alice),
                Err(StablecoinError::MinterAlreadySet)
            );
            assert_eq!(c.minter(), a.django);
            assert_eq!(c.transfer_admin(a.charlie), Ok(()));
            assert_eq!(c.pending_admin(), Some(a.charlie));
            test::set_caller::<Env>(a.eve);
            assert_eq!(c.accept_admin(), Err(StablecoinError::NotPendingAdmin));
            test::set_caller::<Env>(a.charlie);
            assert_eq!(c.accept_admin(), Ok(()));
            assert_eq!(c.admin(), a.charlie);
            assert_eq!(c.pending_admin(), None);
        }
    }
}
