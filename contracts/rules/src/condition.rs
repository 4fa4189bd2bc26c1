//! Valuation from condition: what share of its value a monitored lot of goods keeps, from the
//! signed reports of the devices that watch it.
//!
//! * **Good**: the whole value.
//! * **Excursion** (a measurement outside the lot's limits, since an attester last confirmed the
//!   goods): the class's condition haircut.
//! * **Unknown** (a broken seal, a silence longer than the class allows, or never watched):
//!   nothing. No new borrowing against it, and it counts 0 for the safety check, so its position
//!   may be liquidated and the lot goes to recovery, never to a cheap sale.
//!
//! Bad news sticks: good reports after a bad one restore nothing until an attester confirms the
//! goods. Otherwise a device could hide a spoilt lot by reporting well once, and a supplier would
//! gain from a sensor that reports only the good hours. Silence is measured on every gap, not only
//! the last one, for the same reason: a lot silent for a week and reporting again is still a lot
//! nobody watched for a week. A gap runs from the last moment the chain knew the lot watched (a
//! report's window end, a binding, a confirmation) to the **arrival** of the next report, not to
//! its window's start: a report relayed after the lot fell silent (its window reaching back over
//! the silence) would otherwise restore a value the chain had already counted as unknown.
use crate::math::{mul_div_down, MathError, WAD};

/// What the reports have established about one lot since an attester last confirmed it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ConditionState {
    /// When its first device was bound (None: never watched).
    pub watched_since_ms: Option<u64>,
    /// The latest moment the lot was known to be watched: the end of its latest report window,
    /// or its binding or confirmation if later.
    pub last_seen_ms: u64,
    /// The longest gap between two consecutive moments it was watched, since the confirmation.
    pub longest_gap_ms: u64,
    /// Reports with a measurement outside the lot's limits, since the confirmation.
    pub open_excursions: u32,
    /// A report's seal-broken alarm, since the confirmation.
    pub seal_broken: bool,
}

/// A class's condition policy (set by the monitor's admin, the risk desk).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConditionPolicy {
    /// The share of value an excursion takes (< 1).
    pub haircut_wad: u128,
    /// The longest a lot of the class may go unreported.
    pub max_silence_ms: u64,
}

/// What the reports say of a lot, for a class's policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    Good,
    Excursion,
    Unknown,
}

impl ConditionState {
    /// The state after a report whose window ends at `end_ms`, arriving at `arrived_ms` (the
    /// window checked to be ordered and not in the future): the gap from the last moment seen to
    /// the report's arrival is recorded.
    pub fn after_report(
        &self,
        end_ms: u64,
        arrived_ms: u64,
        excursion: bool,
        seal_broken: bool,
    ) -> ConditionState {
        let gap = arrived_ms.saturating_sub(self.last_seen_ms);
        ConditionState {
            watched_since_ms: self.watched_since_ms,
            last_seen_ms: self.last_seen_ms.max(end_ms),
            longest_gap_ms: self.longest_gap_ms.max(gap),
            open_excursions: self.open_excursions.saturating_add(u32::from(excursion)),
            seal_broken: self.seal_broken || seal_broken,
        }
    }

    /// The state after an attester confirmed the goods at `now_ms`: the past is cleared and the
    /// silence starts again from now.
    pub fn confirmed(&self, now_ms: u64) -> ConditionState {
        ConditionState {
            watched_since_ms: self.watched_since_ms,
            last_seen_ms: now_ms,
            longest_gap_ms: 0,
            open_excursions: 0,
            seal_broken: false,
        }
    }

    /// What the state says at `now_ms` under `policy`.
    pub fn condition(&self, policy: &ConditionPolicy, now_ms: u64) -> Condition {
        let silent_now = now_ms.saturating_sub(self.last_seen_ms);
        if self.watched_since_ms.is_none()
            || self.seal_broken
            || self.longest_gap_ms > policy.max_silence_ms
            || silent_now > policy.max_silence_ms
        {
            Condition::Unknown
        } else if self.open_excursions > 0 {
            Condition::Excursion
        } else {
            Condition::Good
        }
    }
}

/// The share (wad) of its value a lot keeps: the whole for a class without a policy or a lot in
/// good condition, `1 − haircut` after an excursion, `None` when unknown (`state` None: never
/// watched).
pub fn factor_wad(
    state: Option<&ConditionState>,
    policy: Option<&ConditionPolicy>,
    now_ms: u64,
) -> Option<u128> {
    let Some(policy) = policy else {
        return Some(WAD);
    };
    match state
        .map(|s| s.condition(policy, now_ms))
        .unwrap_or(Condition::Unknown)
    {
        Condition::Good => Some(WAD),
        Condition::Excursion => WAD.checked_sub(policy.haircut_wad),
        Condition::Unknown => None,
    }
}

/// `value_wad` kept at `factor` (None: unknown, worth 0), rounded down.
pub fn kept_value_wad(value_wad: u128, factor: Option<u128>) -> Result<u128, MathError> {
    match factor {
        Some(f) => mul_div_down(value_wad, f.min(WAD), WAD),
        None => Ok(0),
    }
}

/// An inclusive range of a measurement (thousandths of its unit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub min: i32,
    pub max: i32,
}

impl Range {
    /// Whether a measurement that ran from `min` to `max` left this range.
    pub fn left_by(&self, min: i32, max: i32) -> bool {
        min < self.min || max > self.max
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    const HOUR: u64 = 3_600_000;
    const POLICY: ConditionPolicy = ConditionPolicy {
        haircut_wad: WAD / 5,
        max_silence_ms: 6 * HOUR,
    };

    fn watched(at: u64) -> ConditionState {
        ConditionState {
            watched_since_ms: Some(at),
            last_seen_ms: at,
            ..Default::default()
        }
    }

    #[test]
    fn good_excursion_unknown_give_the_whole_the_haircut_and_nothing() {
        let s = watched(0).after_report(HOUR, HOUR, false, false);
        assert_eq!(factor_wad(Some(&s), Some(&POLICY), HOUR), Some(WAD));
        let bad = s.after_report(2 * HOUR, 2 * HOUR, true, false);
        assert_eq!(
            factor_wad(Some(&bad), Some(&POLICY), 2 * HOUR),
            Some(WAD / 5 * 4)
        );
        let broken = s.after_report(2 * HOUR, 2 * HOUR, false, true);
        assert_eq!(factor_wad(Some(&broken), Some(&POLICY), 2 * HOUR), None);
        // No policy: the class does not price condition.
        assert_eq!(factor_wad(Some(&broken), None, 2 * HOUR), Some(WAD));
        // Never watched, in a class with a policy: unknown.
        assert_eq!(factor_wad(None, Some(&POLICY), 0), None);
        assert_eq!(kept_value_wad(1_000, Some(WAD / 5 * 4)), Ok(800));
        assert_eq!(kept_value_wad(999, Some(WAD / 3)), Ok(332));
        assert_eq!(kept_value_wad(1_000, None), Ok(0));
    }

    #[test]
    fn silence_is_unknown_at_one_ms_past_the_limit_and_stays_so_after_a_good_report() {
        let s = watched(0).after_report(HOUR, HOUR, false, false);
        assert_eq!(s.condition(&POLICY, 7 * HOUR), Condition::Good);
        assert_eq!(s.condition(&POLICY, 7 * HOUR + 1), Condition::Unknown);
        // It reports again, all well, after the silence: still unknown.
        let back = s.after_report(8 * HOUR, 8 * HOUR, false, false);
        assert_eq!(back.longest_gap_ms, 7 * HOUR);
        assert_eq!(back.condition(&POLICY, 8 * HOUR), Condition::Unknown);
        // Until an attester confirms the goods.
        let ok = back.confirmed(9 * HOUR);
        assert_eq!(ok.condition(&POLICY, 9 * HOUR), Condition::Good);
        assert_eq!(ok.condition(&POLICY, 15 * HOUR + 1), Condition::Unknown);
    }

    #[test]
    fn a_report_relayed_late_over_the_silence_restores_nothing() {
        let s = watched(0).after_report(HOUR, HOUR, false, false);
        // At 7 h + 1 ms the lot is unknown (6 h + 1 ms without news); a report then arrives whose
        // window covers the last hour: the gap is to its arrival, so it stays unknown.
        assert_eq!(s.condition(&POLICY, 7 * HOUR + 1), Condition::Unknown);
        let late = s.after_report(7 * HOUR + 1, 7 * HOUR + 1, false, false);
        assert_eq!(late.longest_gap_ms, 6 * HOUR + 1);
        assert_eq!(late.condition(&POLICY, 7 * HOUR + 1), Condition::Unknown);
        // Exactly 6 h of silence is allowed.
        let on_time = s.after_report(7 * HOUR, 7 * HOUR, false, false);
        assert_eq!(on_time.condition(&POLICY, 7 * HOUR), Condition::Good);
    }

    #[test]
    fn good_reports_after_a_bad_one_restore_nothing_until_confirmed() {
        let mut s = watched(0).after_report(HOUR, HOUR, true, false);
        for i in 1..5 {
            s = s.after_report((i + 1) * HOUR, (i + 1) * HOUR, false, false);
        }
        assert_eq!(s.open_excursions, 1);
        assert_eq!(s.condition(&POLICY, 5 * HOUR), Condition::Excursion);
        assert_eq!(
            s.confirmed(5 * HOUR).condition(&POLICY, 5 * HOUR),
            Condition::Good
        );
    }

    #[test]
    fn a_range_is_left_only_beyond_its_ends() {
        let r = Range {
            min: 2_000,
            max: 8_000,
        };
        assert!(!r.left_by(2_000, 8_000));
        assert!(r.left_by(1_999, 5_000));
        assert!(r.left_by(3_000, 8_001));
    }
}
