#![cfg_attr(not(feature = "std"), no_std, no_main)]
#[ink::contract]
mod placeholder_stablecoin {
    #[ink(storage)]
    pub struct P {}
    impl P {
        #[ink(constructor)]
        pub fn new() -> Self { Self {} }
        #[ink(message)]
        pub fn noop(&self) {}
    }
}
