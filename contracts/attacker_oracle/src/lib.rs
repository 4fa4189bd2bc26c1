//! TEST ONLY. A price feed that, when the vault asks it for a price, calls back into the vault
//! (`repay(position, 1)`) before answering. The vault's outgoing calls do not allow re-entry, so the
//! callback must fail and the vault's operation with it. Used by `e2e-tests/tests/adversarial.rs`.
#![cfg_attr(not(feature = "std"), no_std, no_main)]
#![allow(clippy::cast_possible_truncation)]

#[ink::contract]
mod attacker_oracle {
    use ink::env::call::{build_call, ExecutionInput, Selector};
    use scf_interfaces::{OracleError, PriceData, PriceFeed, PriceKey, WAD};

    #[ink(storage)]
    pub struct AttackerOracle {
        vault: AccountId,
        position: u64,
    }

    impl AttackerOracle {
        #[ink(constructor)]
        pub fn new(vault: AccountId, position: u64) -> Self {
            Self { vault, position }
        }

        #[ink(message)]
        pub fn set_target(&mut self, vault: AccountId, position: u64) {
            self.vault = vault;
            self.position = position;
        }
    }

    impl PriceFeed for AttackerOracle {
        /// Tries to re-enter the vault; answers 1.0 only if the attempt did not go through.
        #[ink(message)]
        fn price(&self, _key: PriceKey) -> Result<PriceData, OracleError> {
            let reentered = build_call::<Environment>()
                .call(self.vault)
                .exec_input(
                    ExecutionInput::new(Selector::new(ink::selector_bytes!("repay")))
                        .push_arg(self.position)
                        .push_arg(1u128),
                )
                .returns::<Result<(), u8>>()
                .try_invoke();
            if matches!(reentered, Ok(Ok(Ok(())))) {
                // Marker: re-entry succeeded.
                return Err(OracleError::Overflow);
            }
            Ok(PriceData {
                price_wad: WAD,
                updated_at_ms: self.env().block_timestamp(),
                upper_wad: WAD,
            })
        }
    }
}
