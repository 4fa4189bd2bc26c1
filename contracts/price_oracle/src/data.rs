//! Pure oracle logic, free of the chain: the median over fresh submissions, the deviation guard
//! against the time-anchored price, the window roll and the move-quorum count. `lib.rs` reads
//! storage, calls [`evaluate`] and writes back what it returns; every rule is tested here.
use scf_interfaces::{OracleError, PriceData, TimestampMs};

/// Most reporters a key may have: bounds every loop (median, move-quorum count) and so every
/// call's gas.
pub const MAX_REPORTERS: usize = 16;
/// The smallest quorum a key may have. With fewer than three fresh submissions one reporter is
/// the median (or one of two middle values), and the silence of the others hands it the key.
pub const MIN_QUORUM: u8 = 3;
/// The loosest deviation guard a key may have (20 %): within it a quorum-less move is accepted,
/// so it bounds what a coalition holding the median can do per window.
pub const MAX_GUARD_BPS: u32 = 2_000;

/// Per-key configuration, set by the admin (`set_key`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct KeyConfig {
    /// A submission (and so an answer) older than this is stale.
    pub max_age_ms: u64,
    /// Distinct fresh reporters needed to form an answer.
    pub quorum: u8,
    /// The guard: largest distance of an answer from the anchor, in basis points of the anchor.
    pub max_deviation_bps: u32,
    /// Length of a guard window: the anchor rolls to the standing answer once per window.
    pub anchor_interval_ms: u64,
    /// Distinct fresh reporters beyond the guard, on the candidate's side, needed to accept a move
    /// beyond it (and reset the anchor).
    pub move_quorum: u8,
    /// Set by `pause_key`: reads and submissions are refused.
    pub paused: bool,
}

impl KeyConfig {
    /// `set_key`'s bounds: an odd quorum of at least [`MIN_QUORUM`] (no single reporter is ever
    /// the median, and no two can split it), quorum <= move_quorum <= [`MAX_REPORTERS`],
    /// 1 <= max_deviation_bps <= [`MAX_GUARD_BPS`], and non-zero max age and anchor interval.
    pub fn is_valid(&self) -> bool {
        self.max_age_ms > 0
            && self.anchor_interval_ms > 0
            && self.quorum >= MIN_QUORUM
            && self.quorum % 2 == 1
            && self.move_quorum >= self.quorum
            && usize::from(self.move_quorum) <= MAX_REPORTERS
            && self.max_deviation_bps >= 1
            && self.max_deviation_bps <= MAX_GUARD_BPS
    }
}

/// A reporter's latest price for a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Submission {
    pub price_wad: u128,
    pub submitted_at_ms: TimestampMs,
}

/// What a key's answer is and what guards it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct KeyState {
    /// The standing answer (None before the first quorum, or after a reporter's removal left
    /// fewer than a quorum).
    pub answer: Option<PriceData>,
    /// The answer as it stood when the current window started: the guard's centre.
    pub anchor_wad: Option<u128>,
    /// When the current guard window started.
    pub window_start_ms: TimestampMs,
    /// A candidate beyond the guard lacked a move quorum: `price` refuses with `KeySuspended`.
    pub suspended: bool,
}

/// Where a price lies relative to the guard around the anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Within,
    Below,
    Above,
}

/// Why the anchor changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum AnchorReason {
    /// The key's first answer.
    First,
    /// A window ended: the anchor became the answer that was standing.
    Interval,
    /// A move beyond the guard was confirmed by a move quorum: the anchor is the new answer.
    MoveQuorum,
}

/// The effect of one evaluation, for `lib.rs` to store and emit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    /// The key's state afterwards.
    pub state: KeyState,
    /// The anchor changed (first answer, window roll or confirmed move).
    pub anchor: Option<AnchorReason>,
    /// A new answer was accepted.
    pub answer: Option<PriceData>,
    /// The suspension flag flipped to this value.
    pub suspended: Option<bool>,
    /// The candidate median formed from the fresh submissions, if a quorum was met.
    pub candidate: Option<PriceData>,
}

pub fn is_fresh(at_ms: TimestampMs, now_ms: TimestampMs, max_age_ms: u64) -> bool {
    now_ms.saturating_sub(at_ms) <= max_age_ms
}

/// The true median of `fresh` (one submission per reporter) if they reach `quorum`, as old as the
/// oldest of them.
///
/// For an odd count it is the middle value. For an even count it is both middle values, never
/// their mean (the answer is always a price some reporter actually submitted): the lower one
/// (`price_wad`) is what collateral is lent against, the upper one (`upper_wad`) what a debtor
/// pays and what decides a liquidation, each the side that protects the lender. With a quorum of
/// at least three, one reporter's submission can shift either only to a neighbouring honest
/// value, never past one.
///
/// Sorts `fresh` in place (at most [`MAX_REPORTERS`] entries).
pub fn median(fresh: &mut [Submission], quorum: u8) -> Option<PriceData> {
    if fresh.is_empty() || fresh.len() < usize::from(quorum) {
        return None;
    }
    fresh.sort_unstable_by_key(|s| s.price_wad);
    let (lower, upper) = scf_rules::oracle::middle_indices(fresh.len())?;
    let updated_at_ms = fresh.iter().map(|s| s.submitted_at_ms).min()?;
    Some(PriceData {
        price_wad: fresh.get(lower)?.price_wad,
        updated_at_ms,
        upper_wad: fresh.get(upper)?.price_wad,
    })
}

/// The upper middle value, at most one guard above the lower: however the reporters split, what
/// a debtor pays stays within the guard of what the collateral is lent against.
pub fn clamp_upper(answer: PriceData, max_deviation_bps: u32) -> Result<PriceData, OracleError> {
    Ok(PriceData {
        upper_wad: scf_rules::oracle::clamp_upper_wad(
            answer.price_wad,
            answer.upper_wad,
            max_deviation_bps,
        )
        .map_err(|_| OracleError::Overflow)?,
        ..answer
    })
}

/// Where `price_wad` lies relative to `anchor_wad` ± `max_deviation_bps` (the limit is inclusive).
pub fn side(
    anchor_wad: u128,
    price_wad: u128,
    max_deviation_bps: u32,
) -> Result<Side, OracleError> {
    Ok(
        match scf_rules::oracle::side(anchor_wad, price_wad, max_deviation_bps)
            .map_err(|_| OracleError::Overflow)?
        {
            scf_rules::oracle::Side::Within => Side::Within,
            scf_rules::oracle::Side::Below => Side::Below,
            scf_rules::oracle::Side::Above => Side::Above,
        },
    )
}

/// How many of the `fresh` submissions lie beyond the guard on `towards`' side.
pub fn count_beyond(
    fresh: &[Submission],
    anchor_wad: u128,
    max_deviation_bps: u32,
    towards: Side,
) -> Result<usize, OracleError> {
    let mut n: usize = 0;
    for s in fresh {
        if side(anchor_wad, s.price_wad, max_deviation_bps)? == towards {
            n = n.saturating_add(1);
        }
    }
    Ok(n)
}

/// The state after the window check: once `anchor_interval_ms` has passed since the window
/// started, the anchor becomes the answer that was standing and a new window starts at `now_ms`.
/// Returns None when the window is still running (or there is no anchor yet).
pub fn roll_window(
    state: &KeyState,
    now_ms: TimestampMs,
    anchor_interval_ms: u64,
) -> Option<KeyState> {
    let anchor_wad = state.anchor_wad?;
    if now_ms < state.window_start_ms.saturating_add(anchor_interval_ms) {
        return None;
    }
    Some(KeyState {
        anchor_wad: Some(state.answer.map_or(anchor_wad, |a| a.price_wad)),
        window_start_ms: now_ms,
        ..*state
    })
}

/// Applies the key's rules to its current `fresh` submissions (each reporter's latest, from
/// current reporters only). Without a quorum nothing changes. Otherwise the window rolls if due,
/// and the candidate median is judged against the anchor:
/// * no anchor yet: it is the first answer and becomes the anchor;
/// * within the guard: it becomes the answer (ending any suspension);
/// * beyond it, with at least `move_quorum` fresh submissions beyond on the same side: it becomes
///   the answer and the anchor, and a new window starts (markets do crash);
/// * beyond it with fewer: the answer stays, and the key is suspended.
pub fn evaluate(
    config: &KeyConfig,
    state: &KeyState,
    fresh: &mut [Submission],
    now_ms: TimestampMs,
) -> Result<Transition, OracleError> {
    let unchanged = Transition {
        state: *state,
        anchor: None,
        answer: None,
        suspended: None,
        candidate: None,
    };
    let Some(candidate) = median(fresh, config.quorum) else {
        return Ok(unchanged);
    };
    let candidate = clamp_upper(candidate, config.max_deviation_bps)?;
    let mut t = Transition {
        candidate: Some(candidate),
        ..unchanged
    };
    if let Some(rolled) = roll_window(state, now_ms, config.anchor_interval_ms) {
        t.state = rolled;
        t.anchor = Some(AnchorReason::Interval);
    }
    let accepted_as = match t.state.anchor_wad {
        None => Some(AnchorReason::First),
        Some(anchor) => match side(anchor, candidate.price_wad, config.max_deviation_bps)? {
            Side::Within => None,
            beyond => {
                let confirming = count_beyond(fresh, anchor, config.max_deviation_bps, beyond)?;
                if confirming < usize::from(config.move_quorum) {
                    if !t.state.suspended {
                        t.state.suspended = true;
                        t.suspended = Some(true);
                    }
                    return Ok(t);
                }
                Some(AnchorReason::MoveQuorum)
            }
        },
    };
    if let Some(reason) = accepted_as {
        t.state.anchor_wad = Some(candidate.price_wad);
        t.state.window_start_ms = now_ms;
        t.anchor = Some(reason);
    }
    t.state.answer = Some(candidate);
    t.answer = Some(candidate);
    if t.state.suspended {
        t.state.suspended = false;
        t.suspended = Some(false);
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ink::prelude::vec;
    use ink::prelude::vec::Vec;

    fn s(p: u128, t: u64) -> Submission {
        Submission {
            price_wad: p,
            submitted_at_ms: t,
        }
    }

    fn pd(price_wad: u128, upper_wad: u128, updated_at_ms: u64) -> PriceData {
        PriceData {
            price_wad,
            updated_at_ms,
            upper_wad,
        }
    }

    /// `evaluate` does not validate its config (`set_key` does), so the evaluation tests keep a
    /// quorum of 1 to stay small; `configs_are_bounded` checks what `set_key` accepts.
    fn config() -> KeyConfig {
        KeyConfig {
            max_age_ms: 60_000,
            quorum: 1,
            max_deviation_bps: 1_000,
            anchor_interval_ms: 3_600_000,
            move_quorum: 3,
            paused: false,
        }
    }

    fn anchored(anchor: u128, answer: u128, start: u64) -> KeyState {
        KeyState {
            answer: Some(pd(answer, answer, start)),
            anchor_wad: Some(anchor),
            window_start_ms: start,
            suspended: false,
        }
    }

    /// The two middle values (lower, upper) of `prices`, unclamped.
    fn middles_of(prices: &[u128], quorum: u8) -> Option<(u128, u128)> {
        let mut fresh: Vec<Submission> = prices.iter().map(|p| s(*p, 1)).collect();
        median(&mut fresh, quorum).map(|a| (a.price_wad, a.upper_wad))
    }

    #[test]
    fn median_is_submitted_values_one_for_odd_counts_both_middles_for_even_counts() {
        assert_eq!(middles_of(&[5], 1), Some((5, 5)));
        assert_eq!(middles_of(&[7, 4], 2), Some((4, 7))); // never 5 (their mean)
        assert_eq!(middles_of(&[9, 1, 5], 3), Some((5, 5)));
        assert_eq!(middles_of(&[1, 2, 3, 100], 3), Some((2, 3)));
        assert_eq!(middles_of(&[3, 100, 3, 1], 3), Some((3, 3)));
        assert_eq!(middles_of(&[100, 1, 100, 1, 100, 1], 1), Some((1, 100)));
        assert_eq!(middles_of(&[50, 10, 40, 30, 20], 5), Some((30, 30)));
        assert_eq!(
            middles_of(&[u128::MAX, u128::MAX - 2], 2),
            Some((u128::MAX - 2, u128::MAX))
        );
        assert_eq!(middles_of(&[u128::MAX; 3], 3), Some((u128::MAX, u128::MAX)));
    }

    #[test]
    fn one_submission_moves_either_middle_at_most_to_a_neighbouring_honest_value() {
        // Honest 100, 104, 108 (and 112): one reporter, at any price, lands each middle value on
        // an honest value or between two of them, never beyond.
        for liar in [1, 99, 103, 106, 111, u128::MAX] {
            let (lo, hi) = middles_of(&[100, 104, 108, liar], 3).unwrap();
            assert!((100..=104).contains(&lo), "{liar}: {lo}");
            assert!((104..=108).contains(&hi), "{liar}: {hi}");
            let (mid, same) = middles_of(&[100, 104, 108, 112, liar], 5).unwrap();
            assert_eq!(mid, same);
            assert!((104..=108).contains(&mid), "{liar}: {mid}");
        }
        assert_eq!(middles_of(&[100, 104, 108, u128::MAX], 3), Some((104, 108)));
        assert_eq!(middles_of(&[100, 104, 108, 1], 3), Some((100, 104)));
    }

    #[test]
    fn the_answer_is_as_old_as_its_oldest_submission() {
        let mut fresh = vec![s(9, 30), s(1, 10), s(5, 20)];
        assert_eq!(median(&mut fresh, 3), Some(pd(5, 5, 10)));
        let mut fresh = vec![s(9, 30), s(1, 40), s(5, 20), s(7, 15)];
        assert_eq!(median(&mut fresh, 3), Some(pd(5, 7, 15)));
    }

    #[test]
    fn below_quorum_there_is_no_answer() {
        assert_eq!(middles_of(&[5], 2), None);
        assert_eq!(middles_of(&[5, 6], 3), None);
        assert_eq!(middles_of(&[], 1), None);
        assert_eq!(middles_of(&[], 0), None);
    }

    #[test]
    fn the_upper_middle_is_clamped_to_one_guard_above_the_lower() {
        // Guard 20 %: the upper middle lies in [lower, lower × 1.2]; nothing else changes.
        assert_eq!(clamp_upper(pd(100, 130, 7), 2_000), Ok(pd(100, 120, 7)));
        assert_eq!(clamp_upper(pd(100, 121, 7), 2_000), Ok(pd(100, 120, 7)));
        assert_eq!(clamp_upper(pd(100, 120, 7), 2_000), Ok(pd(100, 120, 7))); // inclusive
        assert_eq!(clamp_upper(pd(100, 119, 7), 2_000), Ok(pd(100, 119, 7)));
        assert_eq!(clamp_upper(pd(100, 100, 7), 2_000), Ok(pd(100, 100, 7)));
        // 0.01 % of 100 is 0.
        assert_eq!(clamp_upper(pd(100, 101, 7), 1), Ok(pd(100, 100, 7)));
        // Never below the lower (the median never gives that, but the clamp holds it anyway).
        assert_eq!(clamp_upper(pd(100, 90, 7), 2_000), Ok(pd(100, 100, 7)));
        // The ceiling rounds down.
        assert_eq!(clamp_upper(pd(999, 2_000, 7), 2_000), Ok(pd(999, 1_198, 7)));
    }

    #[test]
    fn clamping_u128_extremes_does_not_overflow() {
        const MAX: u128 = u128::MAX;
        // The ceiling saturates at u128::MAX instead of wrapping.
        assert_eq!(clamp_upper(pd(MAX, MAX, 1), 2_000), Ok(pd(MAX, MAX, 1)));
        assert_eq!(
            clamp_upper(pd(MAX - 1, MAX, 1), 2_000),
            Ok(pd(MAX - 1, MAX, 1))
        );
        assert_eq!(clamp_upper(pd(MAX, MAX, 1), 10_000), Ok(pd(MAX, MAX, 1)));
        assert_eq!(
            clamp_upper(pd(MAX / 2, MAX, 1), 10_000),
            Ok(pd(MAX / 2, MAX - 1, 1))
        );
        let lower = MAX / 6 * 5;
        assert_eq!(
            clamp_upper(pd(lower, MAX, 1), 2_000),
            Ok(pd(lower, lower + lower / 5, 1))
        );
        assert_eq!(clamp_upper(pd(1, MAX, 1), 2_000), Ok(pd(1, 1, 1)));
        // Only a guard no config may have makes the allowance itself exceed u128: a typed error.
        assert_eq!(
            clamp_upper(pd(MAX, MAX, 1), u32::MAX),
            Err(OracleError::Overflow)
        );
    }

    #[test]
    fn the_guard_is_inclusive_of_its_limit_and_knows_its_side() {
        assert_eq!(side(1_000, 1_100, 1_000), Ok(Side::Within));
        assert_eq!(side(1_000, 1_101, 1_000), Ok(Side::Above));
        assert_eq!(side(1_000, 900, 1_000), Ok(Side::Within));
        assert_eq!(side(1_000, 899, 1_000), Ok(Side::Below));
        assert_eq!(side(u128::MAX, 1, 10_000), Ok(Side::Within));
        assert_eq!(side(u128::MAX, 1, 5_000), Ok(Side::Below));
    }

    #[test]
    fn move_quorum_counts_only_the_candidates_side() {
        let fresh = [s(50, 1), s(60, 1), s(100, 1), s(150, 1), s(101, 1)];
        assert_eq!(count_beyond(&fresh, 100, 1_000, Side::Below), Ok(2));
        assert_eq!(count_beyond(&fresh, 100, 1_000, Side::Above), Ok(1));
        assert_eq!(count_beyond(&fresh, 100, 1_000, Side::Within), Ok(2));
    }

    #[test]
    fn the_window_rolls_to_the_standing_answer_after_the_interval() {
        let state = anchored(100, 108, 1_000);
        assert_eq!(roll_window(&state, 3_600_999, 3_600_000), None);
        assert_eq!(
            roll_window(&state, 3_601_000, 3_600_000),
            Some(KeyState {
                anchor_wad: Some(108),
                window_start_ms: 3_601_000,
                ..state
            })
        );
        assert_eq!(roll_window(&KeyState::default(), u64::MAX, 1), None);
    }

    #[test]
    fn the_first_answer_becomes_the_anchor() {
        let t = evaluate(&config(), &KeyState::default(), &mut [s(100, 5)], 5).unwrap();
        assert_eq!(t.anchor, Some(AnchorReason::First));
        assert_eq!(t.state.anchor_wad, Some(100));
        assert_eq!(t.state.window_start_ms, 5);
        assert_eq!(t.answer, Some(pd(100, 100, 5)));
        assert_eq!(t.suspended, None);
    }

    #[test]
    fn without_a_quorum_nothing_changes() {
        let state = anchored(100, 100, 0);
        let c = KeyConfig {
            quorum: 3,
            ..config()
        };
        let t = evaluate(&c, &state, &mut [s(500, 1), s(90, 1)], 1).unwrap();
        assert_eq!(t.state, state);
        assert_eq!(
            (t.anchor, t.answer, t.suspended, t.candidate),
            (None, None, None, None)
        );
    }

    #[test]
    fn within_the_guard_the_answer_moves_but_not_the_anchor() {
        let t = evaluate(&config(), &anchored(100, 100, 0), &mut [s(110, 1)], 1).unwrap();
        assert_eq!(t.state.answer, Some(pd(110, 110, 1)));
        assert_eq!(t.state.anchor_wad, Some(100));
        assert_eq!(t.anchor, None);
    }

    #[test]
    fn an_even_count_serves_both_middles_with_the_upper_clamped_to_the_guard() {
        // Guard 10 %: (100, 100, 150, 150) gives 100 to lend against and 110 (not 150) to settle;
        // the lower middle is what the guard judges, so the answer is accepted.
        let mut fresh = [s(150, 1), s(100, 2), s(150, 3), s(100, 4)];
        let t = evaluate(&config(), &anchored(100, 100, 0), &mut fresh, 4).unwrap();
        assert_eq!(t.candidate, Some(pd(100, 110, 1)));
        assert_eq!(t.answer, Some(pd(100, 110, 1)));
        assert_eq!(t.state.answer, Some(pd(100, 110, 1)));
        assert_eq!(t.state.anchor_wad, Some(100));
        assert_eq!((t.anchor, t.suspended), (None, None));
        // Within the clamp, the upper middle is served as submitted.
        let mut fresh = [s(100, 1), s(104, 1), s(108, 1), s(112, 1)];
        let t = evaluate(&config(), &anchored(100, 100, 0), &mut fresh, 1).unwrap();
        assert_eq!(t.answer, Some(pd(104, 108, 1)));
        // A refused candidate is reported clamped too, and nothing is served.
        let mut fresh = [s(40, 1), s(40, 1), s(100, 1), s(100, 1)];
        let t = evaluate(&config(), &anchored(100, 100, 0), &mut fresh, 1).unwrap();
        assert_eq!(t.candidate, Some(pd(40, 44, 1)));
        assert_eq!((t.answer, t.suspended), (None, Some(true)));
    }

    #[test]
    fn repeated_steps_in_one_window_cannot_walk_past_the_guard() {
        let mut state = anchored(100, 100, 0);
        let mut price = 100u128;
        for _ in 0..20 {
            price = price * 105 / 100;
            state = evaluate(&config(), &state, &mut [s(price, 1)], 1)
                .unwrap()
                .state;
        }
        assert_eq!(state.anchor_wad, Some(100));
        assert_eq!(state.answer, Some(pd(110, 110, 1))); // the last step within 10 %
        assert!(state.suspended);
    }

    #[test]
    fn beyond_the_guard_a_minority_suspends_and_a_move_quorum_is_accepted() {
        let state = anchored(100, 100, 0);
        // 2 of 3 fresh at 40: the candidate is 40, but only 2 < move quorum 3 confirm it.
        let mut fresh = vec![s(40, 1), s(40, 1), s(100, 1)];
        let t = evaluate(&config(), &state, &mut fresh, 1).unwrap();
        assert_eq!(t.candidate, Some(pd(40, 40, 1)));
        assert_eq!((t.answer, t.suspended), (None, Some(true)));
        assert_eq!(
            t.state,
            KeyState {
                suspended: true,
                ..state
            }
        );
        // Still suspended: no second suspension event.
        let again = evaluate(&config(), &t.state, &mut fresh, 2).unwrap();
        assert_eq!((again.state, again.suspended), (t.state, None));
        // A third confirms: accepted, anchor reset, window restarted, suspension over.
        let mut fresh = vec![s(40, 1), s(40, 1), s(39, 3), s(100, 1)];
        let t = evaluate(&config(), &t.state, &mut fresh, 3).unwrap();
        assert_eq!(t.answer, Some(pd(40, 40, 1)));
        assert_eq!(t.anchor, Some(AnchorReason::MoveQuorum));
        assert_eq!(t.suspended, Some(false));
        assert_eq!(t.state.anchor_wad, Some(40));
        assert_eq!(t.state.window_start_ms, 3);
    }

    #[test]
    fn a_suspension_ends_with_a_candidate_back_within_the_guard() {
        let state = KeyState {
            suspended: true,
            ..anchored(100, 100, 0)
        };
        let t = evaluate(&config(), &state, &mut [s(95, 1)], 1).unwrap();
        assert_eq!(t.suspended, Some(false));
        assert_eq!(t.state.answer, Some(pd(95, 95, 1)));
        assert_eq!(t.state.anchor_wad, Some(100));
    }

    #[test]
    fn the_roll_comes_first_so_honest_moves_below_the_guard_pass_each_window() {
        let c = config();
        // Window 1 (anchor 100): 110 passes, 121 would not.
        let mut state = evaluate(&c, &anchored(100, 100, 0), &mut [s(110, 1)], 1)
            .unwrap()
            .state;
        // Window 2: the anchor rolls to 110, so 121 passes.
        let t = evaluate(&c, &state, &mut [s(121, 3_600_000)], 3_600_000).unwrap();
        assert_eq!(t.anchor, Some(AnchorReason::Interval));
        assert_eq!(t.state.anchor_wad, Some(110));
        assert_eq!(t.answer, Some(pd(121, 121, 3_600_000)));
        state = t.state;
        // The roll happens even when the candidate then suspends.
        let t = evaluate(&c, &state, &mut [s(200, 7_200_000)], 7_200_000).unwrap();
        assert_eq!(t.anchor, Some(AnchorReason::Interval));
        assert_eq!(t.state.anchor_wad, Some(121));
        assert_eq!(t.suspended, Some(true));
    }

    #[test]
    fn configs_are_bounded() {
        assert_eq!((MIN_QUORUM, MAX_GUARD_BPS), (3, 2_000));
        let valid = KeyConfig {
            quorum: 3,
            move_quorum: 3,
            ..config()
        };
        assert!(valid.is_valid());
        // `evaluate`'s test config (quorum 1) is one `set_key` refuses.
        assert!(!config().is_valid());
        let bad = [
            KeyConfig {
                max_age_ms: 0,
                ..valid.clone()
            },
            KeyConfig {
                anchor_interval_ms: 0,
                ..valid.clone()
            },
            // No quorum below 3: one reporter would be the median, or one of two middles.
            KeyConfig {
                quorum: 0,
                ..valid.clone()
            },
            KeyConfig {
                quorum: 1,
                ..valid.clone()
            },
            KeyConfig {
                quorum: 2,
                ..valid.clone()
            },
            // No even quorum.
            KeyConfig {
                quorum: 4,
                move_quorum: 4,
                ..valid.clone()
            },
            KeyConfig {
                quorum: 6,
                move_quorum: 16,
                ..valid.clone()
            },
            KeyConfig {
                quorum: 16,
                move_quorum: 16,
                ..valid.clone()
            },
            // The move quorum is at least the quorum and at most 16.
            KeyConfig {
                quorum: 5,
                move_quorum: 3,
                ..valid.clone()
            },
            KeyConfig {
                move_quorum: 17,
                ..valid.clone()
            },
            KeyConfig {
                quorum: 17,
                move_quorum: 17,
                ..valid.clone()
            },
            KeyConfig {
                quorum: 255,
                move_quorum: 255,
                ..valid.clone()
            },
            // The guard is 1 to 2 000 bps.
            KeyConfig {
                max_deviation_bps: 0,
                ..valid.clone()
            },
            KeyConfig {
                max_deviation_bps: 2_001,
                ..valid.clone()
            },
            KeyConfig {
                max_deviation_bps: 10_000,
                ..valid.clone()
            },
            KeyConfig {
                max_deviation_bps: u32::MAX,
                ..valid.clone()
            },
        ];
        for c in bad {
            assert!(!c.is_valid(), "{c:?}");
        }
        let edges = [
            KeyConfig {
                quorum: 15,
                move_quorum: 16,
                max_deviation_bps: 2_000,
                ..valid.clone()
            },
            KeyConfig {
                quorum: 3,
                move_quorum: 16,
                max_deviation_bps: 1,
                max_age_ms: 1,
                anchor_interval_ms: 1,
                paused: true,
            },
            KeyConfig {
                quorum: 5,
                move_quorum: 5,
                max_age_ms: u64::MAX,
                anchor_interval_ms: u64::MAX,
                ..valid.clone()
            },
        ];
        for c in edges {
            assert!(c.is_valid(), "{c:?}");
        }
    }

    #[test]
    fn freshness_is_inclusive_and_saturating() {
        assert!(is_fresh(100, 200, 100));
        assert!(!is_fresh(100, 201, 100));
        assert!(is_fresh(300, 200, 100)); // a future timestamp is not stale
    }
}
