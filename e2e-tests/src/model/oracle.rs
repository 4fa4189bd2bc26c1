//! The price oracle, from `contracts/price_oracle/README.md`: per-key reporters, each reporter's
//! latest submission, the median of the fresh ones once a quorum is fresh (as old as its oldest
//! input) carrying both middle values (the lower is the answer's `price_wad`, the upper its
//! `upper_wad`, clamped into [lower, lower × (1 + guard)]), the guard anchored per window (it and
//! the move quorum judge the lower value), suspension and withdrawal. A key needs an odd quorum of
//! at least 3 and a guard of at most 20 %.
use super::Acct;
use price_oracle::{KeyConfig, KeyState, Submission};
use scf_interfaces::math::mul_div_down;
use scf_interfaces::{OracleError, PriceData, PriceKey};
use std::collections::BTreeMap;

pub const MAX_REPORTERS: usize = 16;
/// The smallest quorum (odd): one reporter is never the median.
pub const MIN_QUORUM: u8 = 3;
/// The loosest guard: 20 %.
pub const MAX_GUARD_BPS: u32 = 2_000;

#[derive(Debug, Clone)]
pub struct Oracle {
    pub admin: Acct,
    pub configs: BTreeMap<PriceKey, KeyConfig>,
    /// In the contract's order (appended; removal swaps the last one in).
    pub reporters: BTreeMap<PriceKey, Vec<Acct>>,
    pub submissions: BTreeMap<(PriceKey, Acct), Submission>,
    pub states: BTreeMap<PriceKey, KeyState>,
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Side {
    Within,
    Below,
    Above,
}

/// Where `price` lies against `anchor` ± deviation (inclusive limit; the allowance rounds down).
fn side(anchor: u128, price: u128, bps: u32) -> Side {
    let allowed = (primitive_types::U256::from(anchor) * primitive_types::U256::from(bps)
        / primitive_types::U256::from(10_000u32))
    .low_u128();
    if anchor.abs_diff(price) <= allowed {
        Side::Within
    } else if price < anchor {
        Side::Below
    } else {
        Side::Above
    }
}

impl Oracle {
    fn fresh(
        &self,
        key: PriceKey,
        cfg: &KeyConfig,
        reporters: &[Acct],
        now: u64,
    ) -> Vec<Submission> {
        reporters
            .iter()
            .filter_map(|r| self.submissions.get(&(key, *r)).copied())
            .filter(|s| now.saturating_sub(s.submitted_at_ms) <= cfg.max_age_ms)
            .collect()
    }

    /// (new state, candidate formed?) after evaluating the fresh submissions.
    fn evaluate(
        cfg: &KeyConfig,
        state: &KeyState,
        fresh: &[Submission],
        now: u64,
    ) -> (KeyState, bool) {
        if fresh.is_empty() || fresh.len() < usize::from(cfg.quorum) {
            return (*state, false);
        }
        let mut prices: Vec<u128> = fresh.iter().map(|s| s.price_wad).collect();
        prices.sort();
        let lower = prices[(prices.len() - 1) / 2];
        let allowed = mul_div_down(lower, u128::from(cfg.max_deviation_bps), 10_000).unwrap_or(0);
        let candidate = PriceData {
            price_wad: lower,
            updated_at_ms: fresh.iter().map(|s| s.submitted_at_ms).min().unwrap(),
            upper_wad: prices[prices.len() / 2].clamp(lower, lower.saturating_add(allowed)),
        };
        let mut st = *state;
        // The window rolls first: the anchor becomes the standing answer.
        if let Some(anchor) = st.anchor_wad {
            if now >= st.window_start_ms.saturating_add(cfg.anchor_interval_ms) {
                st.anchor_wad = Some(st.answer.map_or(anchor, |a| a.price_wad));
                st.window_start_ms = now;
            }
        }
        let reset_anchor = match st.anchor_wad {
            None => true,
            Some(anchor) => match side(anchor, candidate.price_wad, cfg.max_deviation_bps) {
                Side::Within => false,
                beyond => {
                    let confirming = fresh
                        .iter()
                        .filter(|s| side(anchor, s.price_wad, cfg.max_deviation_bps) == beyond)
                        .count();
                    if confirming < usize::from(cfg.move_quorum) {
                        st.suspended = true;
                        return (st, true);
                    }
                    true
                }
            },
        };
        if reset_anchor {
            st.anchor_wad = Some(candidate.price_wad);
            st.window_start_ms = now;
        }
        st.answer = Some(candidate);
        st.suspended = false;
        (st, true)
    }

    pub fn submit(
        &mut self,
        caller: Acct,
        key: PriceKey,
        price: u128,
        now: u64,
    ) -> Result<(), OracleError> {
        let cfg = self
            .configs
            .get(&key)
            .cloned()
            .ok_or(OracleError::UnknownKey)?;
        let reporters = self.reporters.get(&key).cloned().unwrap_or_default();
        if !reporters.contains(&caller) {
            return Err(OracleError::NotReporter);
        }
        if cfg.paused {
            return Err(OracleError::KeyPaused);
        }
        if price == 0 {
            return Err(OracleError::ZeroPrice);
        }
        self.submissions.insert(
            (key, caller),
            Submission {
                price_wad: price,
                submitted_at_ms: now,
            },
        );
        let fresh = self.fresh(key, &cfg, &reporters, now);
        let state = self.states.get(&key).copied().unwrap_or_default();
        let (st, _) = Self::evaluate(&cfg, &state, &fresh, now);
        self.states.insert(key, st);
        Ok(())
    }

    pub fn add_reporter(
        &mut self,
        caller: Acct,
        key: PriceKey,
        r: Acct,
    ) -> Result<(), OracleError> {
        if caller != self.admin {
            return Err(OracleError::NotAdmin);
        }
        if !self.configs.contains_key(&key) {
            return Err(OracleError::UnknownKey);
        }
        let list = self.reporters.entry(key).or_default();
        if list.contains(&r) {
            return Err(OracleError::ReporterExists);
        }
        if list.len() >= MAX_REPORTERS {
            return Err(OracleError::TooManyReporters);
        }
        list.push(r);
        Ok(())
    }

    pub fn remove_reporter(
        &mut self,
        caller: Acct,
        key: PriceKey,
        r: Acct,
        now: u64,
    ) -> Result<(), OracleError> {
        if caller != self.admin {
            return Err(OracleError::NotAdmin);
        }
        let cfg = self
            .configs
            .get(&key)
            .cloned()
            .ok_or(OracleError::UnknownKey)?;
        let mut list = self.reporters.get(&key).cloned().unwrap_or_default();
        let i = list
            .iter()
            .position(|x| *x == r)
            .ok_or(OracleError::ReporterNotFound)?;
        list.swap_remove(i);
        let fresh = self.fresh(key, &cfg, &list, now);
        let state = self.states.get(&key).copied().unwrap_or_default();
        let (mut st, formed) = Self::evaluate(&cfg, &state, &fresh, now);
        // Without a quorum left the answer is withdrawn, not left on a distrusted word.
        if !formed && state.answer.is_some() {
            st.answer = None;
        }
        self.reporters.insert(key, list);
        self.submissions.remove(&(key, r));
        self.states.insert(key, st);
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn set_key(
        &mut self,
        caller: Acct,
        key: PriceKey,
        max_age_ms: u64,
        quorum: u8,
        bps: u32,
        anchor_ms: u64,
        move_quorum: u8,
    ) -> Result<(), OracleError> {
        if caller != self.admin {
            return Err(OracleError::NotAdmin);
        }
        let valid = max_age_ms > 0
            && anchor_ms > 0
            && quorum >= MIN_QUORUM
            && quorum % 2 == 1
            && move_quorum >= quorum
            && usize::from(move_quorum) <= MAX_REPORTERS
            && (1..=MAX_GUARD_BPS).contains(&bps);
        if !valid {
            return Err(OracleError::InvalidConfig);
        }
        let paused = self.configs.get(&key).is_some_and(|c| c.paused);
        self.configs.insert(
            key,
            KeyConfig {
                max_age_ms,
                quorum,
                max_deviation_bps: bps,
                anchor_interval_ms: anchor_ms,
                move_quorum,
                paused,
            },
        );
        Ok(())
    }

    pub fn pause_key(
        &mut self,
        caller: Acct,
        key: PriceKey,
        paused: bool,
    ) -> Result<(), OracleError> {
        if caller != self.admin {
            return Err(OracleError::NotAdmin);
        }
        let cfg = self.configs.get_mut(&key).ok_or(OracleError::UnknownKey)?;
        cfg.paused = paused;
        Ok(())
    }

    /// `PriceFeed::price`: UnknownKey, KeyPaused, KeySuspended, NoPrice, StalePrice.
    pub fn price(&self, key: PriceKey, now: u64) -> Result<PriceData, OracleError> {
        let cfg = self.configs.get(&key).ok_or(OracleError::UnknownKey)?;
        if cfg.paused {
            return Err(OracleError::KeyPaused);
        }
        let st = self.states.get(&key).copied().unwrap_or_default();
        if st.suspended {
            return Err(OracleError::KeySuspended);
        }
        let a = st.answer.ok_or(OracleError::NoPrice)?;
        if now.saturating_sub(a.updated_at_ms) > cfg.max_age_ms {
            return Err(OracleError::StalePrice);
        }
        Ok(a)
    }

    pub fn latest_answer(&self, key: PriceKey) -> Option<PriceData> {
        self.states.get(&key).and_then(|s| s.answer)
    }
}
