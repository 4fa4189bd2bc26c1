//! Multi-reporter price oracle. Authorised reporters submit prices per key; the answer is the
//! median of fresh submissions once a quorum is met, stamped with the oldest submission it uses.
//! A stale answer or a key that never reached quorum is an error, never a silent zero; a median
//! that jumps more than the key's max deviation from a still-fresh answer is refused.
#![cfg_attr(not(feature = "std"), no_std, no_main)]
#![allow(clippy::cast_possible_truncation)]

pub mod data;
pub mod errors;
pub mod events;

pub use data::{KeyConfig, Submission};

#[ink::contract]
mod price_oracle {
    use crate::data::{self, KeyConfig, Submission};
    use crate::events::*;
    use ink::prelude::vec::Vec;
    use ink::storage::Mapping;
    use scf_interfaces::{Admin, OracleError, PriceData, PriceFeed, PriceKey};

    /// Bounds the median's loop.
    pub const MAX_REPORTERS: usize = 16;

    type Result<T> = core::result::Result<T, OracleError>;

    #[ink(storage)]
    pub struct PriceOracle {
        admin: Admin,
        reporters: Vec<AccountId>,
        configs: Mapping<PriceKey, KeyConfig>,
        submissions: Mapping<(PriceKey, AccountId), Submission>,
        answers: Mapping<PriceKey, PriceData>,
    }

    impl Default for PriceOracle {
        fn default() -> Self {
            Self::new()
        }
    }

    impl PriceOracle {
        #[ink(constructor)]
        pub fn new() -> Self {
            Self {
                admin: Admin::new(Self::env().caller()),
                reporters: Vec::new(),
                configs: Mapping::default(),
                submissions: Mapping::default(),
                answers: Mapping::default(),
            }
        }

        /// A reporter's price for `key`. Forms a new answer when the fresh submissions reach quorum.
        #[ink(message)]
        pub fn submit(&mut self, key: PriceKey, price_wad: u128) -> Result<()> {
            let reporter = self.env().caller();
            if !self.reporters.contains(&reporter) {
                return Err(OracleError::NotReporter);
            }
            let config = self.configs.get(key).ok_or(OracleError::UnknownKey)?;
            if config.paused {
                return Err(OracleError::KeyPaused);
            }
            if price_wad == 0 {
                return Err(OracleError::ZeroPrice);
            }
            let now = self.env().block_timestamp();
            let mine = Submission {
                price_wad,
                submitted_at_ms: now,
            };
            let mut fresh = Vec::with_capacity(self.reporters.len());
            for r in self.reporters.iter() {
                let s = if *r == reporter {
                    Some(mine)
                } else {
                    self.submissions.get((key, *r))
                };
                if let Some(s) = s {
                    if data::is_fresh(s.submitted_at_ms, now, config.max_age_ms) {
                        fresh.push(s);
                    }
                }
            }
            let count = u8::try_from(fresh.len()).unwrap_or(u8::MAX);
            let new_answer = data::answer(fresh, config.quorum);
            // Validate before writing anything: a refused submission changes nothing.
            if let (Some(new), Some(old)) = (new_answer, self.answers.get(key)) {
                if data::is_fresh(old.updated_at_ms, now, config.max_age_ms)
                    && data::deviates(old.price_wad, new.price_wad, config.max_deviation_bps)?
                {
                    return Err(OracleError::DeviationTooLarge);
                }
            }
            self.submissions.insert((key, reporter), &mine);
            self.env().emit_event(PriceSubmitted {
                key,
                reporter,
                price_wad,
                at_ms: now,
            });
            if let Some(new) = new_answer {
                self.answers.insert(key, &new);
                self.env().emit_event(AnswerUpdated {
                    key,
                    price_wad: new.price_wad,
                    updated_at_ms: new.updated_at_ms,
                    submissions: count,
                });
            }
            Ok(())
        }

        #[ink(message)]
        pub fn add_reporter(&mut self, reporter: AccountId) -> Result<()> {
            self.ensure_admin()?;
            if self.reporters.contains(&reporter) {
                return Err(OracleError::ReporterExists);
            }
            if self.reporters.len() >= MAX_REPORTERS {
                return Err(OracleError::TooManyReporters);
            }
            self.reporters.push(reporter);
            self.env().emit_event(ReporterAdded { reporter });
            Ok(())
        }

        /// Removes a reporter: its submissions stop counting at once.
        #[ink(message)]
        pub fn remove_reporter(&mut self, reporter: AccountId) -> Result<()> {
            self.ensure_admin()?;
            let index = self
                .reporters
                .iter()
                .position(|r| *r == reporter)
                .ok_or(OracleError::ReporterNotFound)?;
            self.reporters.swap_remove(index);
            self.env().emit_event(ReporterRemoved { reporter });
            Ok(())
        }

        #[ink(message)]
        pub fn set_key(
            &mut self,
            key: PriceKey,
            max_age_ms: u64,
            quorum: u8,
            max_deviation_bps: u32,
        ) -> Result<()> {
            self.ensure_admin()?;
            if max_age_ms == 0
                || quorum == 0
                || usize::from(quorum) > MAX_REPORTERS
                || max_deviation_bps == 0
                || max_deviation_bps > 10_000
            {
                return Err(OracleError::InvalidConfig);
            }
            let paused = self.configs.get(key).map(|c| c.paused).unwrap_or(false);
            self.configs.insert(
                key,
                &KeyConfig {
                    max_age_ms,
                    quorum,
                    max_deviation_bps,
                    paused,
                },
            );
            self.env().emit_event(KeyConfigured {
                key,
                max_age_ms,
                quorum,
                max_deviation_bps,
            });
            Ok(())
        }

        #[ink(message)]
        pub fn pause_key(&mut self, key: PriceKey) -> Result<()> {
            self.set_key_paused(key, true)
        }

        #[ink(message)]
        pub fn unpause_key(&mut self, key: PriceKey) -> Result<()> {
            self.set_key_paused(key, false)
        }

        #[ink(message)]
        pub fn transfer_admin(&mut self, new_admin: AccountId) -> Result<()> {
            let event = self.admin.start_transfer(self.env().caller(), new_admin)?;
            self.env().emit_event(event);
            Ok(())
        }

        #[ink(message)]
        pub fn accept_admin(&mut self) -> Result<()> {
            let event = self.admin.accept(self.env().caller())?;
            self.env().emit_event(event);
            Ok(())
        }

        #[ink(message)]
        pub fn admin(&self) -> AccountId {
            self.admin.admin()
        }

        #[ink(message)]
        pub fn reporters(&self) -> Vec<AccountId> {
            self.reporters.clone()
        }

        #[ink(message)]
        pub fn key_config(&self, key: PriceKey) -> Option<KeyConfig> {
            self.configs.get(key)
        }

        #[ink(message)]
        pub fn submission(&self, key: PriceKey, reporter: AccountId) -> Option<Submission> {
            self.submissions.get((key, reporter))
        }

        /// The last answer formed for `key`, fresh or not (for dashboards; consumers use `price`).
        #[ink(message)]
        pub fn latest_answer(&self, key: PriceKey) -> Option<PriceData> {
            self.answers.get(key)
        }

        fn set_key_paused(&mut self, key: PriceKey, paused: bool) -> Result<()> {
            self.ensure_admin()?;
            let mut config = self.configs.get(key).ok_or(OracleError::UnknownKey)?;
            config.paused = paused;
            self.configs.insert(key, &config);
            self.env().emit_event(KeyPausedChanged { key, paused });
            Ok(())
        }

        fn ensure_admin(&self) -> Result<()> {
            Ok(self.admin.ensure(self.env().caller())?)
        }
    }

    impl PriceFeed for PriceOracle {
        #[ink(message)]
        fn price(&self, key: PriceKey) -> Result<PriceData> {
            let config = self.configs.get(key).ok_or(OracleError::UnknownKey)?;
            if config.paused {
                return Err(OracleError::KeyPaused);
            }
            let answer = self.answers.get(key).ok_or(OracleError::NoPrice)?;
            if !data::is_fresh(
                answer.updated_at_ms,
                self.env().block_timestamp(),
                config.max_age_ms,
            ) {
                return Err(OracleError::StalePrice);
            }
            Ok(answer)
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use ink::env::test;
        use scf_interfaces::{price_key, WAD};

        type Env = ink::env::DefaultEnvironment;
        const USD: PriceKey = price_key("USD");

        fn setup(quorum: u8) -> (PriceOracle, test::DefaultAccounts<Env>) {
            let a = test::default_accounts::<Env>();
            test::set_caller::<Env>(a.alice);
            test::set_block_timestamp::<Env>(1_000_000);
            let mut o = PriceOracle::new();
            for r in [a.bob, a.charlie, a.django, a.eve] {
                o.add_reporter(r).unwrap();
            }
            o.set_key(USD, 60_000, quorum, 2_000).unwrap();
            (o, a)
        }

        fn submit(o: &mut PriceOracle, who: AccountId, price: u128) -> Result<()> {
            test::set_caller::<Env>(who);
            o.submit(USD, price)
        }

        fn events() -> usize {
            test::recorded_events().count()
        }

        #[ink::test]
        fn median_over_fresh_submissions_once_quorum_is_met() {
            let (mut o, a) = setup(3);
            submit(&mut o, a.bob, 100 * WAD).unwrap();
            submit(&mut o, a.charlie, 104 * WAD).unwrap();
            assert_eq!(o.price(USD), Err(OracleError::NoPrice));
            test::set_block_timestamp::<Env>(1_000_500);
            submit(&mut o, a.django, 102 * WAD).unwrap();
            assert_eq!(
                o.price(USD),
                Ok(PriceData {
                    price_wad: 102 * WAD,
                    updated_at_ms: 1_000_000
                })
            );
            submit(&mut o, a.eve, 110 * WAD).unwrap();
            // Four values: mean of 102 and 104.
            assert_eq!(o.price(USD).unwrap().price_wad, 103 * WAD);
        }

        #[ink::test]
        fn stale_answers_are_errors_not_zeros() {
            let (mut o, a) = setup(1);
            submit(&mut o, a.bob, WAD).unwrap();
            test::set_block_timestamp::<Env>(1_060_000);
            assert_eq!(
                o.price(USD),
                Ok(PriceData {
                    price_wad: WAD,
                    updated_at_ms: 1_000_000
                })
            );
            test::set_block_timestamp::<Env>(1_060_001);
            assert_eq!(o.price(USD), Err(OracleError::StalePrice));
            assert_eq!(o.price(price_key("EUR")), Err(OracleError::UnknownKey));
        }

        #[ink::test]
        fn stale_submissions_do_not_count_toward_quorum() {
            let (mut o, a) = setup(2);
            submit(&mut o, a.bob, WAD).unwrap();
            test::set_block_timestamp::<Env>(1_070_000);
            submit(&mut o, a.charlie, WAD).unwrap();
            assert_eq!(o.price(USD), Err(OracleError::NoPrice));
        }

        #[ink::test]
        fn a_jump_beyond_max_deviation_is_refused_and_changes_nothing() {
            let (mut o, a) = setup(1);
            submit(&mut o, a.bob, 100 * WAD).unwrap();
            let before = events();
            assert_eq!(
                submit(&mut o, a.charlie, 150 * WAD),
                Err(OracleError::DeviationTooLarge)
            ); // median 125: +25 %
            assert_eq!(o.submission(USD, a.charlie), None);
            assert_eq!(events(), before);
            assert_eq!(o.price(USD).unwrap().price_wad, 100 * WAD);
            // Within 20 % it moves (median of 100 and 119 = 109.5).
            submit(&mut o, a.charlie, 119 * WAD).unwrap();
            assert_eq!(o.price(USD).unwrap().price_wad, 109 * WAD + WAD / 2);
        }

        #[ink::test]
        fn a_stale_previous_answer_does_not_block_a_new_one() {
            let (mut o, a) = setup(1);
            submit(&mut o, a.bob, 100 * WAD).unwrap();
            test::set_block_timestamp::<Env>(2_000_000);
            assert_eq!(submit(&mut o, a.bob, 50 * WAD), Ok(()));
            assert_eq!(
                o.price(USD),
                Ok(PriceData {
                    price_wad: 50 * WAD,
                    updated_at_ms: 2_000_000
                })
            );
        }

        #[ink::test]
        fn bad_submissions_are_refused() {
            let (mut o, a) = setup(1);
            assert_eq!(submit(&mut o, a.frank, WAD), Err(OracleError::NotReporter));
            assert_eq!(submit(&mut o, a.bob, 0), Err(OracleError::ZeroPrice));
            test::set_caller::<Env>(a.bob);
            assert_eq!(
                o.submit(price_key("EUR"), WAD),
                Err(OracleError::UnknownKey)
            );
            assert_eq!(events(), 4 + 1); // 4 reporters added + 1 key configured
            assert_eq!(submit(&mut o, a.bob, u128::MAX), Ok(()));
            assert_eq!(o.price(USD).unwrap().price_wad, u128::MAX);
        }

        #[ink::test]
        fn removed_reporters_stop_counting() {
            let (mut o, a) = setup(2);
            submit(&mut o, a.bob, WAD).unwrap();
            test::set_caller::<Env>(a.alice);
            o.remove_reporter(a.bob).unwrap();
            assert_eq!(o.reporters().len(), 3);
            submit(&mut o, a.charlie, WAD).unwrap();
            assert_eq!(o.price(USD), Err(OracleError::NoPrice));
            assert_eq!(submit(&mut o, a.bob, WAD), Err(OracleError::NotReporter));
        }

        #[ink::test]
        fn paused_keys_refuse_reads_and_writes() {
            let (mut o, a) = setup(1);
            submit(&mut o, a.bob, WAD).unwrap();
            test::set_caller::<Env>(a.alice);
            o.pause_key(USD).unwrap();
            assert_eq!(o.price(USD), Err(OracleError::KeyPaused));
            assert_eq!(submit(&mut o, a.bob, WAD), Err(OracleError::KeyPaused));
            test::set_caller::<Env>(a.alice);
            o.unpause_key(USD).unwrap();
            assert_eq!(o.price(USD).unwrap().price_wad, WAD);
        }

        #[ink::test]
        fn admin_checks_config_validation_and_bounds() {
            let (mut o, a) = setup(1);
            test::set_caller::<Env>(a.bob);
            assert_eq!(o.add_reporter(a.bob), Err(OracleError::NotAdmin));
            assert_eq!(o.set_key(USD, 1, 1, 1), Err(OracleError::NotAdmin));
            test::set_caller::<Env>(a.alice);
            assert_eq!(o.add_reporter(a.bob), Err(OracleError::ReporterExists));
            assert_eq!(
                o.remove_reporter(a.frank),
                Err(OracleError::ReporterNotFound)
            );
            assert_eq!(o.set_key(USD, 0, 1, 1), Err(OracleError::InvalidConfig));
            assert_eq!(o.set_key(USD, 1, 0, 1), Err(OracleError::InvalidConfig));
            assert_eq!(o.set_key(USD, 1, 17, 1), Err(OracleError::InvalidConfig));
            assert_eq!(o.set_key(USD, 1, 1, 0), Err(OracleError::InvalidConfig));
            assert_eq!(
                o.set_key(USD, 1, 1, 10_001),
                Err(OracleError::InvalidConfig)
            );
            for i in 0..12u8 {
                o.add_reporter(AccountId::from([100 + i; 32])).unwrap();
            }
            assert_eq!(
                o.add_reporter(AccountId::from([200; 32])),
                Err(OracleError::TooManyReporters)
            );
            assert_eq!(o.transfer_admin(a.bob), Ok(()));
            test::set_caller::<Env>(a.charlie);
            assert_eq!(o.accept_admin(), Err(OracleError::NotPendingAdmin));
            test::set_caller::<Env>(a.bob);
            assert_eq!(o.accept_admin(), Ok(()));
            assert_eq!(o.admin(), a.bob);
        }
    }
}
