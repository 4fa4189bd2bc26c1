//! Multi-reporter price oracle that fails closed.
//!
//! Each key has its own reporter set (at most [`data::MAX_REPORTERS`]). A key's answer is the true
//! median of its reporters' latest fresh submissions once a quorum of them is fresh (the lower
//! middle value for an even count, never a mean), stamped with the oldest submission it uses.
//! A candidate median is compared with the key's ANCHOR (the answer as it stood when the current
//! window of `anchor_interval_ms` started), never with the previous answer, so submissions
//! repeated within a window cannot walk the price. A candidate beyond the guard is accepted only
//! when `move_quorum` distinct fresh reporters are beyond it on the same side; with fewer, the key
//! is SUSPENDED and `price` refuses with `KeySuspended` instead of serving a known-wrong answer.
//! See `README.md` (and why there is no delayed price).
//!
//! Where to look: the rules are plain functions in [`data`] ([`data::evaluate`] applies them);
//! this file reads storage, calls them, writes and emits. Refused calls change nothing.
#![cfg_attr(not(feature = "std"), no_std, no_main)]
#![allow(clippy::cast_possible_truncation)]

pub mod data;
pub mod errors;
pub mod events;

pub use data::{AnchorReason, KeyConfig, KeyState, Submission, MAX_REPORTERS};

// The contract and its reference, for the ink_e2e flows (`e2e-ink`) that call it by type.
pub use self::price_oracle::{PriceOracle, PriceOracleRef};

#[ink::contract]
mod price_oracle {
    use crate::data::{self, KeyConfig, KeyState, Submission, Transition, MAX_REPORTERS};
    use crate::events::*;
    use ink::prelude::vec::Vec;
    use ink::storage::Mapping;
    use scf_interfaces::{Admin, OracleError, PriceData, PriceFeed, PriceKey};

    type Result<T> = core::result::Result<T, OracleError>;

    #[ink(storage)]
    pub struct PriceOracle {
        admin: Admin,
        configs: Mapping<PriceKey, KeyConfig>,
        /// Per key, at most `MAX_REPORTERS`.
        reporters: Mapping<PriceKey, Vec<AccountId>>,
        /// Each reporter's latest submission per key.
        submissions: Mapping<(PriceKey, AccountId), Submission>,
        states: Mapping<PriceKey, KeyState>,
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
                configs: Mapping::default(),
                reporters: Mapping::default(),
                submissions: Mapping::default(),
                states: Mapping::default(),
            }
        }

        /// A reporter's price for `key`: stored as its latest, then the key's fresh submissions are
        /// evaluated (see [`data::evaluate`]): the answer may move, the anchor may roll, the key
        /// may be suspended or resume.
        ///
        /// # Errors
        /// In check order: `UnknownKey`, `NotReporter` (not in this key's set), `KeyPaused`,
        /// `ZeroPrice`.
        ///
        /// # Events
        /// `PriceSubmitted`, then as the evaluation decides, in this order: `AnswerUpdated`,
        /// `AnchorRolled`, and `KeySuspended` or `KeyResumed` when the suspension flips.
        #[ink(message)]
        pub fn submit(&mut self, key: PriceKey, price_wad: u128) -> Result<()> {
            let reporter = self.env().caller();
            let config = self.config(key)?;
            let reporters = self.reporters.get(key).unwrap_or_default();
            if !reporters.contains(&reporter) {
                return Err(OracleError::NotReporter);
            }
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
            let mut fresh = self.fresh(key, &config, &reporters, Some((reporter, mine)), now);
            let state = self.states.get(key).unwrap_or_default();
            // Validate before writing anything: a refused submission changes nothing.
            let t = data::evaluate(&config, &state, &mut fresh, now)?;
            self.submissions.insert((key, reporter), &mine);
            self.env().emit_event(PriceSubmitted {
                key,
                reporter,
                price_wad,
                at_ms: now,
            });
            self.apply(key, &t, fresh.len());
            Ok(())
        }

        /// Trusts `reporter` for `key` only.
        ///
        /// # Errors
        /// `NotAdmin`, `UnknownKey`, `ReporterExists`, `TooManyReporters` (at most 16 per key).
        #[ink(message)]
        pub fn add_reporter(&mut self, key: PriceKey, reporter: AccountId) -> Result<()> {
            self.ensure_admin()?;
            self.config(key)?;
            let mut reporters = self.reporters.get(key).unwrap_or_default();
            if reporters.contains(&reporter) {
                return Err(OracleError::ReporterExists);
            }
            if reporters.len() >= MAX_REPORTERS {
                return Err(OracleError::TooManyReporters);
            }
            reporters.push(reporter);
            self.reporters.insert(key, &reporters);
            self.env().emit_event(ReporterAdded { key, reporter });
            Ok(())
        }

        /// Removes `reporter` from `key`'s set and deletes its submission, so it stops counting at
        /// once: the key is re-evaluated from the remaining fresh submissions (under the same
        /// guard as a submission), and if they no longer reach the quorum the answer is withdrawn.
        ///
        /// # Errors
        /// `NotAdmin`, `UnknownKey`, `ReporterNotFound`.
        ///
        /// # Events
        /// `ReporterRemoved`, then `AnswerWithdrawn` or the events of an evaluation.
        #[ink(message)]
        pub fn remove_reporter(&mut self, key: PriceKey, reporter: AccountId) -> Result<()> {
            self.ensure_admin()?;
            let config = self.config(key)?;
            let mut reporters = self.reporters.get(key).unwrap_or_default();
            let index = reporters
                .iter()
                .position(|r| *r == reporter)
                .ok_or(OracleError::ReporterNotFound)?;
            reporters.swap_remove(index);
            let now = self.env().block_timestamp();
            let mut fresh = self.fresh(key, &config, &reporters, None, now);
            let state = self.states.get(key).unwrap_or_default();
            let mut t = data::evaluate(&config, &state, &mut fresh, now)?;
            let withdrawn = t.candidate.is_none() && state.answer.is_some();
            if withdrawn {
                t.state.answer = None;
            }
            self.reporters.insert(key, &reporters);
            self.submissions.remove((key, reporter));
            self.env().emit_event(ReporterRemoved { key, reporter });
            if withdrawn {
                self.states.insert(key, &t.state);
                self.env().emit_event(AnswerWithdrawn { key });
            } else {
                self.apply(key, &t, fresh.len());
            }
            Ok(())
        }

        /// Creates or reconfigures `key`. A reconfigured key keeps its reporters, submissions,
        /// answer, anchor, pause and suspension; the new rules apply from the next evaluation.
        ///
        /// # Errors
        /// `NotAdmin`; `InvalidConfig` unless the quorum is odd and at least 3,
        /// quorum <= move_quorum <= 16, 1 <= max_deviation_bps <= 2 000 (20 %), max_age_ms > 0
        /// and anchor_interval_ms > 0 (see `KeyConfig::is_valid`).
        #[ink(message)]
        pub fn set_key(
            &mut self,
            key: PriceKey,
            max_age_ms: u64,
            quorum: u8,
            max_deviation_bps: u32,
            anchor_interval_ms: u64,
            move_quorum: u8,
        ) -> Result<()> {
            self.ensure_admin()?;
            let config = KeyConfig {
                max_age_ms,
                quorum,
                max_deviation_bps,
                anchor_interval_ms,
                move_quorum,
                paused: self.configs.get(key).is_some_and(|c| c.paused),
            };
            if !config.is_valid() {
                return Err(OracleError::InvalidConfig);
            }
            self.configs.insert(key, &config);
            self.env().emit_event(KeyConfigured {
                key,
                max_age_ms,
                quorum,
                max_deviation_bps,
                anchor_interval_ms,
                move_quorum,
            });
            Ok(())
        }

        /// # Errors
        /// `NotAdmin`, `UnknownKey`.
        #[ink(message)]
        pub fn pause_key(&mut self, key: PriceKey) -> Result<()> {
            self.set_key_paused(key, true)
        }

        /// # Errors
        /// `NotAdmin`, `UnknownKey`.
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

        /// The reporters trusted for `key` (empty for an unknown key).
        #[ink(message)]
        pub fn reporters(&self, key: PriceKey) -> Vec<AccountId> {
            self.reporters.get(key).unwrap_or_default()
        }

        #[ink(message)]
        pub fn key_config(&self, key: PriceKey) -> Option<KeyConfig> {
            self.configs.get(key)
        }

        /// Answer, anchor, window start and suspension of a configured key.
        #[ink(message)]
        pub fn key_state(&self, key: PriceKey) -> Option<KeyState> {
            self.configs
                .contains(key)
                .then(|| self.states.get(key).unwrap_or_default())
        }

        #[ink(message)]
        pub fn submission(&self, key: PriceKey, reporter: AccountId) -> Option<Submission> {
            self.submissions.get((key, reporter))
        }

        /// The standing answer for `key`, fresh or not, suspended or not (for dashboards;
        /// consumers use `price`).
        #[ink(message)]
        pub fn latest_answer(&self, key: PriceKey) -> Option<PriceData> {
            self.states.get(key).and_then(|s| s.answer)
        }

        /// The latest fresh submission of each of `reporters` (with `mine` replacing the caller's
        /// stored one). Bounded by `MAX_REPORTERS`.
        fn fresh(
            &self,
            key: PriceKey,
            config: &KeyConfig,
            reporters: &[AccountId],
            mine: Option<(AccountId, Submission)>,
            now: Timestamp,
        ) -> Vec<Submission> {
            let mut fresh = Vec::with_capacity(reporters.len());
            for r in reporters {
                let s = match mine {
                    Some((who, s)) if who == *r => Some(s),
                    _ => self.submissions.get((key, *r)),
                };
                if let Some(s) = s {
                    if data::is_fresh(s.submitted_at_ms, now, config.max_age_ms) {
                        fresh.push(s);
                    }
                }
            }
            fresh
        }

        /// Stores an evaluation's state and emits what changed.
        fn apply(&mut self, key: PriceKey, t: &Transition, submissions: usize) {
            self.states.insert(key, &t.state);
            if let Some(new) = t.answer {
                self.env().emit_event(AnswerUpdated {
                    key,
                    price_wad: new.price_wad,
                    updated_at_ms: new.updated_at_ms,
                    submissions: u8::try_from(submissions).unwrap_or(u8::MAX),
                });
            }
            if let (Some(reason), Some(anchor_wad)) = (t.anchor, t.state.anchor_wad) {
                self.env().emit_event(AnchorRolled {
                    key,
                    anchor_wad,
                    window_start_ms: t.state.window_start_ms,
                    reason,
                });
            }
            match t.suspended {
                Some(true) => self.env().emit_event(KeySuspended {
                    key,
                    candidate_wad: t.candidate.map_or(0, |c| c.price_wad),
                    anchor_wad: t.state.anchor_wad.unwrap_or(0),
                }),
                Some(false) => self.env().emit_event(KeyResumed {
                    key,
                    price_wad: t.answer.map_or(0, |a| a.price_wad),
                }),
                None => {}
            }
        }

        fn config(&self, key: PriceKey) -> Result<KeyConfig> {
            self.configs.get(key).ok_or(OracleError::UnknownKey)
        }

        fn set_key_paused(&mut self, key: PriceKey, paused: bool) -> Result<()> {
            self.ensure_admin()?;
            let mut config = self.config(key)?;
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
        /// # Errors
        /// In check order: `UnknownKey`, `KeyPaused`, `KeySuspended`, `NoPrice`, `StalePrice`.
        #[ink(message)]
        fn price(&self, key: PriceKey) -> Result<PriceData> {
            let config = self.config(key)?;
            if config.paused {
                return Err(OracleError::KeyPaused);
            }
            let state = self.states.get(key).unwrap_or_default();
            if state.suspended {
                return Err(OracleError::KeySuspended);
            }
            let answer = state.answer.ok_or(OracleError::NoPrice)?;
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
        use crate::data::AnchorReason;
        use ink::env::test;
        use scf_interfaces::{price_key, WAD};

        type Env = ink::env::DefaultEnvironment;
        const USD: PriceKey = price_key("USD");
        const EUR: PriceKey = price_key("EUR");
        const T0: u64 = 1_000_000;
        const MAX_AGE: u64 = 60_000;
        const HOUR: u64 = 3_600_000;
        /// The guard: 20 %.
        const GUARD_BPS: u32 = 2_000;

        /// An event, decoded by its signature topic, with the fields the tests check.
        #[derive(Debug, PartialEq, Eq)]
        enum Ev {
            Submitted(AccountId, u128),
            Answer(u128, u64, u8),
            Withdrawn,
            Anchor(u128, u64, AnchorReason),
            Suspended(u128, u128),
            Resumed(u128),
            Removed(AccountId),
            Other,
        }

        fn decode<E: ink::env::Event + ink::scale::Decode>(e: &test::EmittedEvent) -> Option<E> {
            let topic = E::SIGNATURE_TOPIC?;
            if e.topics.first()?.as_slice() != topic.as_slice() {
                return None;
            }
            E::decode(&mut &e.data[..]).ok()
        }

        fn ev(e: &test::EmittedEvent) -> Ev {
            if let Some(x) = decode::<PriceSubmitted>(e) {
                return Ev::Submitted(x.reporter, x.price_wad);
            }
            if let Some(x) = decode::<AnswerUpdated>(e) {
                return Ev::Answer(x.price_wad, x.updated_at_ms, x.submissions);
            }
            if decode::<AnswerWithdrawn>(e).is_some() {
                return Ev::Withdrawn;
            }
            if let Some(x) = decode::<AnchorRolled>(e) {
                return Ev::Anchor(x.anchor_wad, x.window_start_ms, x.reason);
            }
            if let Some(x) = decode::<KeySuspended>(e) {
                return Ev::Suspended(x.candidate_wad, x.anchor_wad);
            }
            if let Some(x) = decode::<KeyResumed>(e) {
                return Ev::Resumed(x.price_wad);
            }
            if let Some(x) = decode::<ReporterRemoved>(e) {
                return Ev::Removed(x.reporter);
            }
            Ev::Other
        }

        fn mark() -> usize {
            test::recorded_events().count()
        }

        fn events_since(mark: usize) -> Vec<Ev> {
            test::recorded_events().skip(mark).map(|e| ev(&e)).collect()
        }

        fn at(ms: u64) {
            test::set_block_timestamp::<Env>(ms);
        }

        /// USD with five reporters (bob, charlie, django, eve, frank), max age 60 s, guard 20 %,
        /// a one-hour window; alice is the admin.
        fn setup(quorum: u8, move_quorum: u8) -> (PriceOracle, [AccountId; 5]) {
            let a = test::default_accounts::<Env>();
            test::set_caller::<Env>(a.alice);
            at(T0);
            let mut o = PriceOracle::new();
            o.set_key(USD, MAX_AGE, quorum, GUARD_BPS, HOUR, move_quorum)
                .unwrap();
            let reporters = [a.bob, a.charlie, a.django, a.eve, a.frank];
            for r in reporters {
                o.add_reporter(USD, r).unwrap();
            }
            (o, reporters)
        }

        fn submit(o: &mut PriceOracle, who: AccountId, price: u128) -> Result<()> {
            test::set_caller::<Env>(who);
            o.submit(USD, price)
        }

        /// Each of `who`, in order, submits `price` for USD.
        fn submit_all(o: &mut PriceOracle, who: &[AccountId], price: u128) {
            for r in who {
                submit(o, *r, price).unwrap();
            }
        }

        fn as_admin() {
            test::set_caller::<Env>(test::default_accounts::<Env>().alice);
        }

        fn usd(o: &PriceOracle) -> KeyState {
            o.key_state(USD).unwrap()
        }

        /// An answer with both middle values: `price_wad` (lower) and `upper_wad` (upper).
        fn pd(price_wad: u128, upper_wad: u128, updated_at_ms: u64) -> PriceData {
            PriceData {
                price_wad,
                updated_at_ms,
                upper_wad,
            }
        }

        /// An answer whose middle values coincide (an odd count, or equal middles).
        fn answer(price_wad: u128, updated_at_ms: u64) -> Option<PriceData> {
            Some(pd(price_wad, price_wad, updated_at_ms))
        }

        #[ink::test]
        fn one_reporter_of_three_submitting_20_times_in_one_block_moves_nothing() {
            // Before: with a quorum of 1 each of bob's steps was the answer, bounded only by the
            // guard. Now bob is never the median: whatever he sends, it is an honest 100.
            let (mut o, [bob, charlie, django, ..]) = setup(3, 3);
            submit_all(&mut o, &[bob, charlie, django], 100 * WAD);
            let m = mark();
            let mut expected = Vec::new();
            let mut price = 100 * WAD;
            for _ in 0..20 {
                price = price * 6 / 5; // +20 %: each step is exactly at the guard of the last
                submit(&mut o, bob, price).unwrap();
                expected.push(Ev::Submitted(bob, price));
                expected.push(Ev::Answer(100 * WAD, T0, 3));
            }
            for h in 1..=20u32 {
                let low = (100 * WAD) >> h; // and halving
                submit(&mut o, bob, low).unwrap();
                expected.push(Ev::Submitted(bob, low));
                expected.push(Ev::Answer(100 * WAD, T0, 3));
            }
            assert_eq!(events_since(m), expected);
            assert_eq!(
                usd(&o),
                KeyState {
                    answer: answer(100 * WAD, T0),
                    anchor_wad: Some(100 * WAD),
                    window_start_ms: T0,
                    suspended: false,
                }
            );
            assert_eq!(o.price(USD), Ok(pd(100 * WAD, 100 * WAD, T0)));
            assert_eq!(
                o.submission(USD, bob).map(|s| s.price_wad),
                Some((100 * WAD) >> 20)
            );
        }

        #[ink::test]
        fn two_of_three_holding_the_median_cannot_walk_it_past_the_guard_in_one_block() {
            // Before: each step was checked against the previous answer, so +20 % per call, any
            // number of calls per block. Now every step is checked against the anchor.
            let (mut o, [bob, charlie, django, ..]) = setup(3, 3);
            submit_all(&mut o, &[bob, charlie, django], 100 * WAD);
            let m = mark();
            let mut price = 100 * WAD;
            for _ in 0..20 {
                price = price * 6 / 5;
                submit(&mut o, bob, price).unwrap();
                submit(&mut o, charlie, price).unwrap();
            }
            // Step 1 (120, at the guard of the anchor 100) passes once both have sent it. At step
            // 2, bob's 144 leaves the median at charlie's 120; charlie's 144 makes it 144, beyond
            // the guard with only 2 of a move quorum of 3 beyond: suspended, the answer stays 120.
            let mut expected = vec![
                Ev::Submitted(bob, 120 * WAD),
                Ev::Answer(100 * WAD, T0, 3),
                Ev::Submitted(charlie, 120 * WAD),
                Ev::Answer(120 * WAD, T0, 3),
                Ev::Submitted(bob, 144 * WAD),
                Ev::Answer(120 * WAD, T0, 3),
                Ev::Submitted(charlie, 144 * WAD),
                Ev::Suspended(144 * WAD, 100 * WAD),
            ];
            let mut p = 144 * WAD;
            for _ in 0..18 {
                p = p * 6 / 5;
                expected.push(Ev::Submitted(bob, p));
                expected.push(Ev::Submitted(charlie, p));
            }
            assert_eq!(events_since(m), expected);
            assert_eq!(
                usd(&o),
                KeyState {
                    answer: answer(120 * WAD, T0),
                    anchor_wad: Some(100 * WAD),
                    window_start_ms: T0,
                    suspended: true,
                }
            );
            assert_eq!(o.price(USD), Err(OracleError::KeySuspended));
            assert_eq!(o.latest_answer(USD), answer(120 * WAD, T0));
            assert_eq!(o.submission(USD, bob).map(|s| s.price_wad), Some(price));
        }

        #[ink::test]
        fn one_reporter_halving_its_report_every_hour_for_12_hours_leaves_the_answer_at_100() {
            // Before: with a quorum of 1 the anchor followed bob down by the guard every window.
            // Now the window rolls every hour, but to the honest median.
            let (mut o, [bob, charlie, django, ..]) = setup(3, 3);
            submit_all(&mut o, &[charlie, django, bob], 100 * WAD);
            let m = mark();
            let mut expected = Vec::new();
            for h in 1..=12u32 {
                let t = T0 + u64::from(h) * HOUR;
                at(t);
                let lie = (100 * WAD) >> h;
                // The honest two re-post first; bob's report is the one that completes the quorum.
                submit(&mut o, charlie, 100 * WAD).unwrap();
                submit(&mut o, django, 100 * WAD).unwrap();
                submit(&mut o, bob, lie).unwrap();
                expected.extend([
                    Ev::Submitted(charlie, 100 * WAD),
                    Ev::Submitted(django, 100 * WAD),
                    Ev::Submitted(bob, lie),
                    Ev::Answer(100 * WAD, t, 3),
                    Ev::Anchor(100 * WAD, t, AnchorReason::Interval),
                ]);
            }
            assert_eq!(events_since(m), expected);
            let t12 = T0 + 12 * HOUR;
            assert_eq!(
                usd(&o),
                KeyState {
                    answer: answer(100 * WAD, t12),
                    anchor_wad: Some(100 * WAD),
                    window_start_ms: t12,
                    suspended: false,
                }
            );
            assert_eq!(o.price(USD), Ok(pd(100 * WAD, 100 * WAD, t12)));
            assert_eq!(
                o.submission(USD, bob).map(|s| s.price_wad),
                Some((100 * WAD) >> 12)
            );
        }

        #[ink::test]
        fn a_lone_fresh_reporter_never_sets_the_price() {
            let (mut o, [bob, charlie, django, ..]) = setup(3, 3);
            let m = mark();
            submit(&mut o, bob, 100 * WAD).unwrap();
            submit(&mut o, charlie, 100 * WAD).unwrap();
            // Below the quorum of 3 there is no answer, neither bob's nor the pair's.
            assert_eq!(
                events_since(m),
                vec![
                    Ev::Submitted(bob, 100 * WAD),
                    Ev::Submitted(charlie, 100 * WAD)
                ]
            );
            assert_eq!(o.price(USD), Err(OracleError::NoPrice));
            assert_eq!(o.latest_answer(USD), None);
            submit(&mut o, django, 100 * WAD).unwrap();
            assert_eq!(o.price(USD), Ok(pd(100 * WAD, 100 * WAD, T0)));
            // The others fall silent: their 100s go stale. Bob alone, even within the guard (which
            // a quorum of 1 accepted), forms nothing: the old answer goes stale, never bob's.
            let t1 = T0 + MAX_AGE + 1;
            at(t1);
            let m = mark();
            submit(&mut o, bob, 119 * WAD).unwrap();
            assert_eq!(events_since(m), vec![Ev::Submitted(bob, 119 * WAD)]);
            assert_eq!(o.price(USD), Err(OracleError::StalePrice));
            let standing = KeyState {
                answer: answer(100 * WAD, T0),
                anchor_wad: Some(100 * WAD),
                window_start_ms: T0,
                suspended: false,
            };
            assert_eq!(usd(&o), standing);
            // Far beyond the guard, alone, he does not even suspend the key.
            let m = mark();
            submit(&mut o, bob, 1_000 * WAD).unwrap();
            assert_eq!(events_since(m), vec![Ev::Submitted(bob, 1_000 * WAD)]);
            assert_eq!(o.price(USD), Err(OracleError::StalePrice));
            assert_eq!(usd(&o), standing);
            // A quorum fresh again: the honest median (django's 102, bob's neighbour), not bob's.
            let m = mark();
            submit(&mut o, charlie, 101 * WAD).unwrap();
            submit(&mut o, django, 102 * WAD).unwrap();
            assert_eq!(
                events_since(m),
                vec![
                    Ev::Submitted(charlie, 101 * WAD),
                    Ev::Submitted(django, 102 * WAD),
                    Ev::Answer(102 * WAD, t1, 3),
                ]
            );
            assert_eq!(o.price(USD), Ok(pd(102 * WAD, 102 * WAD, t1)));
        }

        #[ink::test]
        fn the_answer_is_a_submitted_middle_value_never_a_mean() {
            let (mut o, [bob, charlie, django, ..]) = setup(3, 3);
            submit(&mut o, bob, 104 * WAD).unwrap();
            submit(&mut o, charlie, 100 * WAD).unwrap();
            assert_eq!(o.price(USD), Err(OracleError::NoPrice));
            at(T0 + 500);
            let m = mark();
            submit(&mut o, django, 110 * WAD).unwrap();
            // (100, 104, 110): 104, never their mean, stamped with the oldest submission.
            assert_eq!(o.price(USD), Ok(pd(104 * WAD, 104 * WAD, T0)));
            assert_eq!(
                events_since(m),
                vec![
                    Ev::Submitted(django, 110 * WAD),
                    Ev::Answer(104 * WAD, T0, 3),
                    Ev::Anchor(104 * WAD, T0 + 500, AnchorReason::First),
                ]
            );
            // Bob alone moves the median only as far as a neighbouring honest value: up to
            // django's 110 (never his 1 000), down to charlie's 100 (never his 1).
            submit(&mut o, bob, 1_000 * WAD).unwrap();
            assert_eq!(o.price(USD), Ok(pd(110 * WAD, 110 * WAD, T0)));
            submit(&mut o, bob, WAD).unwrap();
            assert_eq!(o.price(USD), Ok(pd(100 * WAD, 100 * WAD, T0)));
        }

        #[ink::test]
        fn four_fresh_submissions_give_both_middle_values_with_the_upper_clamped() {
            let (mut o, [bob, charlie, django, eve, _]) = setup(3, 3);
            for (r, p) in [(bob, 100), (charlie, 110), (django, 102)] {
                submit(&mut o, r, p * WAD).unwrap();
            }
            assert_eq!(o.price(USD), Ok(pd(102 * WAD, 102 * WAD, T0)));
            at(T0 + 500);
            let m = mark();
            submit(&mut o, eve, 104 * WAD).unwrap();
            // (100, 102, 104, 110): 102 to lend against, 104 to settle; never 103 (their mean).
            assert_eq!(
                events_since(m),
                vec![Ev::Submitted(eve, 104 * WAD), Ev::Answer(102 * WAD, T0, 4)]
            );
            assert_eq!(o.price(USD), Ok(pd(102 * WAD, 104 * WAD, T0)));
            // Eve alone lifts the upper middle only to charlie's honest 110, never to her 1 000.
            submit(&mut o, eve, 1_000 * WAD).unwrap();
            assert_eq!(o.price(USD), Ok(pd(102 * WAD, 110 * WAD, T0)));
            // Two of four hold the upper middle: it is clamped to one guard above the lower,
            // 102 × 1.2 = 122.4.
            let m = mark();
            submit(&mut o, charlie, 1_000 * WAD).unwrap();
            assert_eq!(
                events_since(m),
                vec![
                    Ev::Submitted(charlie, 1_000 * WAD),
                    Ev::Answer(102 * WAD, T0, 4)
                ]
            );
            assert_eq!(o.price(USD), Ok(pd(102 * WAD, 1_224 * WAD / 10, T0)));
            assert!(!usd(&o).suspended);
        }

        #[ink::test]
        fn a_reporter_of_key_a_cannot_submit_for_key_b() {
            let (mut o, [bob, charlie, django, eve, _]) = setup(3, 3);
            as_admin();
            o.set_key(EUR, MAX_AGE, 3, GUARD_BPS, HOUR, 3).unwrap();
            for r in [charlie, django, eve] {
                o.add_reporter(EUR, r).unwrap();
            }
            assert_eq!(o.reporters(EUR), vec![charlie, django, eve]);
            let m = mark();
            test::set_caller::<Env>(bob);
            assert_eq!(o.submit(EUR, 2 * WAD), Err(OracleError::NotReporter));
            assert_eq!(o.submission(EUR, bob), None);
            assert_eq!(o.price(EUR), Err(OracleError::NoPrice));
            assert_eq!(mark(), m);
            // Charlie, django and eve report EUR (and could USD, where they are trusted too); bob
            // still only USD, and EUR's submissions do not count for USD.
            for r in [charlie, django, eve] {
                test::set_caller::<Env>(r);
                o.submit(EUR, WAD).unwrap();
            }
            assert_eq!(o.price(EUR), Ok(pd(WAD, WAD, T0)));
            assert_eq!(o.price(USD), Err(OracleError::NoPrice));
            as_admin();
            o.remove_reporter(USD, charlie).unwrap();
            assert_eq!(submit(&mut o, charlie, WAD), Err(OracleError::NotReporter));
            test::set_caller::<Env>(charlie);
            o.submit(EUR, WAD).unwrap();
        }

        #[ink::test]
        fn a_genuine_60_percent_crash_reported_by_a_move_quorum_of_3_of_5_is_accepted_in_one_window(
        ) {
            let (mut o, reporters) = setup(3, 3);
            for r in reporters {
                submit(&mut o, r, 100 * WAD).unwrap();
            }
            let [bob, charlie, django, ..] = reporters;
            at(T0 + 1_000);
            submit(&mut o, bob, 40 * WAD).unwrap();
            submit(&mut o, charlie, 40 * WAD).unwrap();
            // Two of five at 40: the median is still 100.
            assert_eq!(o.price(USD), Ok(pd(100 * WAD, 100 * WAD, T0)));
            let m = mark();
            submit(&mut o, django, 40 * WAD).unwrap();
            assert_eq!(
                events_since(m),
                vec![
                    Ev::Submitted(django, 40 * WAD),
                    Ev::Answer(40 * WAD, T0, 5),
                    Ev::Anchor(40 * WAD, T0 + 1_000, AnchorReason::MoveQuorum),
                ]
            );
            assert_eq!(o.price(USD), Ok(pd(40 * WAD, 40 * WAD, T0)));
            assert_eq!(
                usd(&o),
                KeyState {
                    answer: answer(40 * WAD, T0),
                    anchor_wad: Some(40 * WAD),
                    window_start_ms: T0 + 1_000,
                    suspended: false,
                }
            );
        }

        #[ink::test]
        fn the_same_crash_by_2_of_5_suspends_until_a_third_reporter_confirms() {
            let (mut o, reporters) = setup(3, 3);
            for r in reporters {
                submit(&mut o, r, 100 * WAD).unwrap();
            }
            let [bob, charlie, django, eve, _] = reporters;
            // The others have gone quiet (their 100s are stale); the window has not ended.
            let t1 = T0 + MAX_AGE + 1;
            at(t1);
            let m = mark();
            submit(&mut o, bob, 40 * WAD).unwrap();
            // Two fresh: below the quorum of 3.
            submit(&mut o, charlie, 40 * WAD).unwrap();
            // An honest third completes the quorum, but the two crashers hold its median.
            submit(&mut o, django, 100 * WAD).unwrap();
            assert_eq!(
                events_since(m),
                vec![
                    Ev::Submitted(bob, 40 * WAD),
                    Ev::Submitted(charlie, 40 * WAD),
                    Ev::Submitted(django, 100 * WAD),
                    Ev::Suspended(40 * WAD, 100 * WAD)
                ]
            );
            // Never the old, known-wrong answer served as fresh.
            assert_eq!(o.price(USD), Err(OracleError::KeySuspended));
            assert_eq!(o.latest_answer(USD), answer(100 * WAD, T0));
            assert_eq!(
                o.submission(USD, charlie).map(|s| s.price_wad),
                Some(40 * WAD)
            );
            at(t1 + 10);
            let m = mark();
            submit(&mut o, eve, 40 * WAD).unwrap();
            // (40, 40, 40, 100): both middles 40, three fresh reporters beyond the guard.
            assert_eq!(
                events_since(m),
                vec![
                    Ev::Submitted(eve, 40 * WAD),
                    Ev::Answer(40 * WAD, t1, 4),
                    Ev::Anchor(40 * WAD, t1 + 10, AnchorReason::MoveQuorum),
                    Ev::Resumed(40 * WAD),
                ]
            );
            assert_eq!(o.price(USD), Ok(pd(40 * WAD, 40 * WAD, t1)));
            assert!(!usd(&o).suspended);
        }

        #[ink::test]
        fn a_minority_spiking_a_key_x10_cannot_move_it() {
            let (mut o, reporters) = setup(3, 3);
            for r in reporters {
                submit(&mut o, r, 100 * WAD).unwrap();
            }
            let [bob, charlie, django, eve, frank] = reporters;
            submit(&mut o, bob, 1_000 * WAD).unwrap();
            submit(&mut o, charlie, 1_000 * WAD).unwrap();
            assert_eq!(o.price(USD), Ok(pd(100 * WAD, 100 * WAD, T0)));
            assert!(!usd(&o).suspended);
            // When only three are fresh, the two spikers hold the median: the key suspends,
            // and the spike is never served.
            let t1 = T0 + MAX_AGE + 1;
            at(t1);
            submit(&mut o, bob, 1_000 * WAD).unwrap();
            submit(&mut o, charlie, 1_000 * WAD).unwrap();
            let m = mark();
            submit(&mut o, django, 100 * WAD).unwrap();
            assert_eq!(
                events_since(m),
                vec![
                    Ev::Submitted(django, 100 * WAD),
                    Ev::Suspended(1_000 * WAD, 100 * WAD)
                ]
            );
            assert_eq!(o.price(USD), Err(OracleError::KeySuspended));
            assert_eq!(o.latest_answer(USD), answer(100 * WAD, T0));
            // A fourth honest report: of (100, 100, 1000, 1000) the lower middle is 100, and the
            // upper, held by the spikers, is clamped to one guard above it (120).
            let m = mark();
            submit(&mut o, eve, 100 * WAD).unwrap();
            assert_eq!(
                events_since(m),
                vec![
                    Ev::Submitted(eve, 100 * WAD),
                    Ev::Answer(100 * WAD, t1, 4),
                    Ev::Resumed(100 * WAD),
                ]
            );
            assert_eq!(o.price(USD), Ok(pd(100 * WAD, 120 * WAD, t1)));
            // A fifth honest report: an odd count, both middles the honest 100.
            let m = mark();
            submit(&mut o, frank, 100 * WAD).unwrap();
            assert_eq!(
                events_since(m),
                vec![
                    Ev::Submitted(frank, 100 * WAD),
                    Ev::Answer(100 * WAD, t1, 5)
                ]
            );
            assert_eq!(o.price(USD), Ok(pd(100 * WAD, 100 * WAD, t1)));
        }

        #[ink::test]
        fn the_anchor_rolls_after_the_interval_so_honest_moves_below_the_guard_pass() {
            // Three reporters move together; a move quorum of 5 is out of their reach alone.
            let (mut o, [bob, charlie, django, ..]) = setup(3, 5);
            let trio = [bob, charlie, django];
            submit_all(&mut o, &trio, 100 * WAD);
            at(T0 + HOUR / 2);
            submit_all(&mut o, &trio, 118 * WAD); // within 20 % of the anchor 100
            at(T0 + HOUR);
            let m = mark();
            submit_all(&mut o, &trio, 140 * WAD); // 140 <= 118 × 1.2
            assert_eq!(
                events_since(m),
                vec![
                    Ev::Submitted(bob, 140 * WAD),
                    Ev::Submitted(charlie, 140 * WAD),
                    Ev::Submitted(django, 140 * WAD),
                    Ev::Answer(140 * WAD, T0 + HOUR, 3),
                    Ev::Anchor(118 * WAD, T0 + HOUR, AnchorReason::Interval),
                ]
            );
            // Within the new window, 170 is beyond 118 × 1.2: suspended.
            at(T0 + HOUR + 1_000);
            submit_all(&mut o, &trio, 170 * WAD);
            assert_eq!(o.price(USD), Err(OracleError::KeySuspended));
            assert_eq!(o.latest_answer(USD), answer(140 * WAD, T0 + HOUR));
            // Next window: the anchor is the standing 140, and 168 = 140 × 1.2 passes.
            let t2 = T0 + 2 * HOUR + 1_000;
            at(t2);
            let m = mark();
            submit_all(&mut o, &trio, 168 * WAD);
            assert_eq!(
                events_since(m),
                vec![
                    Ev::Submitted(bob, 168 * WAD),
                    Ev::Submitted(charlie, 168 * WAD),
                    Ev::Submitted(django, 168 * WAD),
                    Ev::Answer(168 * WAD, t2, 3),
                    Ev::Anchor(140 * WAD, t2, AnchorReason::Interval),
                    Ev::Resumed(168 * WAD),
                ]
            );
            assert_eq!(o.price(USD), Ok(pd(168 * WAD, 168 * WAD, t2)));
        }

        #[ink::test]
        fn stale_answers_are_errors_not_zeros() {
            let (mut o, [bob, charlie, django, ..]) = setup(3, 3);
            submit(&mut o, bob, WAD).unwrap();
            at(T0 + 10);
            submit_all(&mut o, &[charlie, django], WAD);
            // As old as its oldest submission (bob's, at T0).
            at(T0 + MAX_AGE);
            assert_eq!(o.price(USD), Ok(pd(WAD, WAD, T0)));
            at(T0 + MAX_AGE + 1);
            assert_eq!(o.price(USD), Err(OracleError::StalePrice));
        }

        #[ink::test]
        fn stale_submissions_do_not_count_toward_the_quorum() {
            let (mut o, [bob, charlie, django, eve, _]) = setup(3, 3);
            submit_all(&mut o, &[bob, charlie], WAD);
            at(T0 + MAX_AGE + 1);
            // Four submissions, but only two fresh: below the quorum of 3.
            submit_all(&mut o, &[django, eve], WAD);
            assert_eq!(o.price(USD), Err(OracleError::NoPrice));
            assert_eq!(o.latest_answer(USD), None);
        }

        #[ink::test]
        fn price_errors_come_in_order() {
            let (mut o, [bob, charlie, django, ..]) = setup(3, 3);
            assert_eq!(o.price(EUR), Err(OracleError::UnknownKey));
            assert_eq!(o.price(USD), Err(OracleError::NoPrice));
            submit_all(&mut o, &[bob, charlie, django], 100 * WAD);
            submit_all(&mut o, &[bob, charlie], 200 * WAD); // two of three beyond: suspends
            at(T0 + MAX_AGE + 1); // and the answer is stale
            assert_eq!(o.price(USD), Err(OracleError::KeySuspended));
            as_admin();
            o.pause_key(USD).unwrap();
            assert_eq!(o.price(USD), Err(OracleError::KeyPaused));
            o.unpause_key(USD).unwrap();
            // Back within the guard: the suspension ends, and the new answer is fresh.
            submit_all(&mut o, &[bob, charlie, django], 110 * WAD);
            assert_eq!(o.price(USD), Ok(pd(110 * WAD, 110 * WAD, T0 + MAX_AGE + 1)));
            at(T0 + 2 * MAX_AGE + 2);
            assert_eq!(o.price(USD), Err(OracleError::StalePrice));
        }

        #[ink::test]
        fn paused_keys_refuse_reads_and_writes() {
            let (mut o, [bob, charlie, django, ..]) = setup(3, 3);
            submit_all(&mut o, &[bob, charlie, django], WAD);
            as_admin();
            o.pause_key(USD).unwrap();
            assert_eq!(o.price(USD), Err(OracleError::KeyPaused));
            let m = mark();
            assert_eq!(submit(&mut o, bob, 2 * WAD), Err(OracleError::KeyPaused));
            assert_eq!(mark(), m);
            assert_eq!(o.submission(USD, bob).map(|s| s.price_wad), Some(WAD));
            // Reconfiguring keeps the pause.
            as_admin();
            o.set_key(USD, MAX_AGE, 3, 1_000, HOUR, 3).unwrap();
            assert_eq!(o.key_config(USD).map(|c| c.paused), Some(true));
            assert_eq!(o.price(USD), Err(OracleError::KeyPaused));
            o.unpause_key(USD).unwrap();
            assert_eq!(o.price(USD), Ok(pd(WAD, WAD, T0)));
            assert_eq!(o.pause_key(EUR), Err(OracleError::UnknownKey));
        }

        #[ink::test]
        fn removed_reporters_stop_counting_at_once() {
            let (mut o, [bob, charlie, django, eve, _]) = setup(3, 3);
            submit(&mut o, bob, 100 * WAD).unwrap();
            submit(&mut o, charlie, 104 * WAD).unwrap();
            submit(&mut o, django, 108 * WAD).unwrap();
            submit(&mut o, eve, 112 * WAD).unwrap();
            assert_eq!(o.price(USD), Ok(pd(104 * WAD, 108 * WAD, T0)));
            // Without charlie (the lower middle) the median of (100, 108, 112) is 108, at once.
            as_admin();
            let m = mark();
            o.remove_reporter(USD, charlie).unwrap();
            assert_eq!(
                events_since(m),
                vec![Ev::Removed(charlie), Ev::Answer(108 * WAD, T0, 3)]
            );
            assert_eq!(o.price(USD), Ok(pd(108 * WAD, 108 * WAD, T0)));
            assert_eq!(o.submission(USD, charlie), None);
            assert_eq!(o.reporters(USD).len(), 4);
            assert_eq!(submit(&mut o, charlie, WAD), Err(OracleError::NotReporter));
            // Below the quorum, the answer is withdrawn rather than left standing.
            as_admin();
            let m = mark();
            o.remove_reporter(USD, bob).unwrap();
            assert_eq!(events_since(m), vec![Ev::Removed(bob), Ev::Withdrawn]);
            assert_eq!(o.price(USD), Err(OracleError::NoPrice));
            assert_eq!(o.latest_answer(USD), None);
            // Re-added, bob's old submission does not come back.
            o.add_reporter(USD, bob).unwrap();
            assert_eq!(o.submission(USD, bob), None);
            assert_eq!(o.price(USD), Err(OracleError::NoPrice));
        }

        #[ink::test]
        fn invalid_configs_are_refused() {
            let (mut o, _) = setup(3, 3);
            let before = o.key_config(USD);
            let m = mark();
            // (max_age_ms, quorum, max_deviation_bps, anchor_interval_ms, move_quorum)
            for (age, q, bps, interval, mq) in [
                (0, 3, 1, 1, 3), // no max age
                (1, 3, 1, 0, 3), // no window
                (1, 0, 1, 1, 3), // quorums below 3: one reporter would be the median ...
                (1, 1, 1, 1, 3),
                (1, 2, 1, 1, 3), // ... or one of the two middle values
                (1, 4, 1, 1, 4), // even quorums
                (1, 6, 1, 1, 7),
                (1, 16, 1, 1, 16),
                (1, 5, 1, 1, 3),  // move quorum below quorum
                (1, 3, 1, 1, 17), // more than 16
                (1, 17, 1, 1, 17),
                (1, 255, 1, 1, 255),
                (1, 3, 0, 1, 3),     // no guard
                (1, 3, 2_001, 1, 3), // looser than 20 %
                (1, 3, 10_000, 1, 3),
                (1, 3, u32::MAX, 1, 3),
            ] {
                assert_eq!(
                    o.set_key(USD, age, q, bps, interval, mq),
                    Err(OracleError::InvalidConfig),
                    "{age} {q} {bps} {interval} {mq}"
                );
            }
            assert_eq!(o.key_config(USD), before);
            assert_eq!(mark(), m);
            // The loosest accepted: the largest odd quorum, the largest move quorum, a 20 % guard.
            assert_eq!(o.set_key(EUR, 1, 15, 2_000, 1, 16), Ok(()));
            assert_eq!(
                o.key_config(EUR),
                Some(KeyConfig {
                    max_age_ms: 1,
                    quorum: 15,
                    max_deviation_bps: 2_000,
                    anchor_interval_ms: 1,
                    move_quorum: 16,
                    paused: false,
                })
            );
            // The tightest accepted.
            assert_eq!(o.set_key(USD, 1, 3, 1, 1, 3), Ok(()));
        }

        #[ink::test]
        fn set_key_keeps_the_suspension() {
            let (mut o, [bob, charlie, django, ..]) = setup(3, 5);
            as_admin();
            o.set_key(USD, MAX_AGE, 3, 1_000, HOUR, 5).unwrap(); // a 10 % guard
            submit_all(&mut o, &[bob, charlie, django], 100 * WAD);
            // (100, 115, 115): beyond 10 %, and two are no move quorum of 5.
            submit_all(&mut o, &[bob, charlie], 115 * WAD);
            assert_eq!(o.price(USD), Err(OracleError::KeySuspended));
            as_admin();
            o.set_key(USD, MAX_AGE, 3, GUARD_BPS, HOUR, 5).unwrap();
            assert_eq!(o.price(USD), Err(OracleError::KeySuspended));
            // The wider guard applies from the next evaluation: (115, 115, 115) is within 20 % of
            // 100 (under the 10 % guard three would still be no move quorum of 5).
            let m = mark();
            submit(&mut o, django, 115 * WAD).unwrap();
            assert_eq!(
                events_since(m),
                vec![
                    Ev::Submitted(django, 115 * WAD),
                    Ev::Answer(115 * WAD, T0, 3),
                    Ev::Resumed(115 * WAD),
                ]
            );
            assert_eq!(o.price(USD), Ok(pd(115 * WAD, 115 * WAD, T0)));
            assert_eq!(usd(&o).anchor_wad, Some(100 * WAD));
        }

        #[ink::test]
        fn refused_calls_change_nothing_and_emit_nothing() {
            let (mut o, [bob, charlie, django, ..]) = setup(3, 3);
            let outsider = test::default_accounts::<Env>().alice;
            submit_all(&mut o, &[bob, charlie, django], WAD);
            let state = usd(&o);
            assert_eq!(state.answer, answer(WAD, T0));
            let m = mark();
            assert_eq!(submit(&mut o, outsider, WAD), Err(OracleError::NotReporter));
            assert_eq!(submit(&mut o, bob, 0), Err(OracleError::ZeroPrice));
            test::set_caller::<Env>(bob);
            assert_eq!(o.submit(EUR, WAD), Err(OracleError::UnknownKey));
            assert_eq!(o.add_reporter(USD, bob), Err(OracleError::NotAdmin));
            assert_eq!(o.remove_reporter(USD, bob), Err(OracleError::NotAdmin));
            assert_eq!(o.set_key(USD, 1, 3, 1, 1, 3), Err(OracleError::NotAdmin));
            assert_eq!(o.pause_key(USD), Err(OracleError::NotAdmin));
            as_admin();
            assert_eq!(o.add_reporter(EUR, bob), Err(OracleError::UnknownKey));
            assert_eq!(o.remove_reporter(EUR, bob), Err(OracleError::UnknownKey));
            assert_eq!(o.add_reporter(USD, bob), Err(OracleError::ReporterExists));
            assert_eq!(
                o.remove_reporter(USD, outsider),
                Err(OracleError::ReporterNotFound)
            );
            assert_eq!(
                o.set_key(USD, MAX_AGE, 1, GUARD_BPS, HOUR, 1),
                Err(OracleError::InvalidConfig)
            );
            assert_eq!(mark(), m);
            assert_eq!(usd(&o), state);
            assert_eq!(o.submission(USD, bob).map(|s| s.price_wad), Some(WAD));
            assert_eq!(o.key_state(EUR), None);
        }

        #[ink::test]
        fn at_most_16_reporters_per_key() {
            let (mut o, _) = setup(3, 3);
            o.set_key(EUR, MAX_AGE, 3, GUARD_BPS, HOUR, 3).unwrap();
            for i in 0..11u8 {
                o.add_reporter(USD, AccountId::from([100 + i; 32])).unwrap();
            }
            assert_eq!(o.reporters(USD).len(), MAX_REPORTERS);
            assert_eq!(
                o.add_reporter(USD, AccountId::from([200; 32])),
                Err(OracleError::TooManyReporters)
            );
            // Another key has its own set.
            assert_eq!(o.add_reporter(EUR, AccountId::from([200; 32])), Ok(()));
        }

        #[ink::test]
        fn extreme_prices_do_not_overflow() {
            let (mut o, [bob, charlie, django, eve, _]) = setup(3, 3);
            let trio = [bob, charlie, django];
            submit_all(&mut o, &trio, u128::MAX);
            assert_eq!(o.price(USD), Ok(pd(u128::MAX, u128::MAX, T0)));
            submit_all(&mut o, &trio, 1); // a move quorum of 3 accepts it
            assert_eq!(o.price(USD), Ok(pd(1, 1, T0)));
            // (1, 1, MAX, MAX): the upper middle is clamped to 1 + 20 % of 1, rounded down: 1.
            submit_all(&mut o, &[charlie, eve], u128::MAX);
            assert_eq!(o.price(USD), Ok(pd(1, 1, T0)));
        }

        #[ink::test]
        fn admin_is_two_step() {
            let (mut o, [bob, charlie, ..]) = setup(3, 3);
            assert_eq!(o.transfer_admin(bob), Ok(()));
            test::set_caller::<Env>(charlie);
            assert_eq!(o.accept_admin(), Err(OracleError::NotPendingAdmin));
            test::set_caller::<Env>(bob);
            assert_eq!(o.accept_admin(), Ok(()));
            assert_eq!(o.admin(), bob);
        }
    }
}
