//! Pure oracle logic: median with quorum over fresh submissions, and the deviation guard.
use ink::prelude::vec::Vec;
use scf_interfaces::math::mul_div_down;
use scf_interfaces::{OracleError, PriceData, TimestampMs};

/// Per-key configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct KeyConfig {
    /// An answer (and a submission) older than this is stale.
    pub max_age_ms: u64,
    /// Fresh submissions needed to form an answer.
    pub quorum: u8,
    /// Largest move of the answer in one update, in basis points of the previous answer.
    pub max_deviation_bps: u32,
    pub paused: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Submission {
    pub price_wad: u128,
    pub submitted_at_ms: TimestampMs,
}

pub fn is_fresh(at_ms: TimestampMs, now_ms: TimestampMs, max_age_ms: u64) -> bool {
    now_ms.saturating_sub(at_ms) <= max_age_ms
}

/// The answer formed by `fresh` submissions, if they reach the quorum: their median (the mean of
/// the two middle values, rounded down, for an even count), as old as the oldest of them.
pub fn answer(mut fresh: Vec<Submission>, quorum: u8) -> Option<PriceData> {
    if fresh.is_empty() || fresh.len() < usize::from(quorum) {
        return None;
    }
    fresh.sort_unstable_by_key(|s| s.price_wad);
    let n = fresh.len();
    let mid = n.checked_div(2)?;
    let upper = fresh.get(mid)?.price_wad;
    let price_wad = if n & 1 == 1 {
        upper
    } else {
        let lower = fresh.get(mid.checked_sub(1)?)?.price_wad;
        // (a + b) / 2 without overflow: a/2 + b/2 + (both odd).
        lower
            .checked_div(2)?
            .checked_add(upper.checked_div(2)?)?
            .checked_add(lower & upper & 1)?
    };
    let updated_at_ms = fresh.iter().map(|s| s.submitted_at_ms).min()?;
    Some(PriceData {
        price_wad,
        updated_at_ms,
    })
}

/// Whether `new` moves more than `max_deviation_bps` away from `old`.
pub fn deviates(old_wad: u128, new_wad: u128, max_deviation_bps: u32) -> Result<bool, OracleError> {
    let allowed = mul_div_down(old_wad, u128::from(max_deviation_bps), 10_000)
        .map_err(|_| OracleError::Overflow)?;
    Ok(old_wad.abs_diff(new_wad) > allowed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ink::prelude::vec;

    fn s(p: u128, t: u64) -> Submission {
        Submission {
            price_wad: p,
            submitted_at_ms: t,
        }
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(
            answer(vec![s(5, 10)], 1),
            Some(PriceData {
                price_wad: 5,
                updated_at_ms: 10
            })
        );
        assert_eq!(
            answer(vec![s(7, 10), s(4, 20)], 2),
            Some(PriceData {
                price_wad: 5,
                updated_at_ms: 10
            })
        );
        assert_eq!(
            answer(vec![s(9, 30), s(1, 10), s(5, 20)], 2),
            Some(PriceData {
                price_wad: 5,
                updated_at_ms: 10
            })
        );
        assert_eq!(
            answer(vec![s(1, 1), s(2, 2), s(3, 3), s(100, 4)], 3).map(|a| a.price_wad),
            Some(2)
        );
    }

    #[test]
    fn below_quorum_there_is_no_answer() {
        assert_eq!(answer(vec![s(5, 10)], 2), None);
        assert_eq!(answer(vec![], 1), None);
    }

    #[test]
    fn extreme_prices_do_not_overflow() {
        let max = u128::MAX;
        assert_eq!(
            answer(vec![s(max, 1), s(max, 1)], 2).map(|a| a.price_wad),
            Some(max)
        );
        assert_eq!(
            answer(vec![s(max, 1), s(max - 2, 1)], 2).map(|a| a.price_wad),
            Some(max - 1)
        );
        assert_eq!(deviates(max, 1, 10_000), Ok(false));
        assert_eq!(deviates(max, 1, 5_000), Ok(true));
    }

    #[test]
    fn deviation_guard_is_inclusive_of_the_limit() {
        assert_eq!(deviates(1_000, 1_100, 1_000), Ok(false));
        assert_eq!(deviates(1_000, 1_101, 1_000), Ok(true));
        assert_eq!(deviates(1_000, 900, 1_000), Ok(false));
        assert_eq!(deviates(1_000, 899, 1_000), Ok(true));
    }

    #[test]
    fn freshness_is_inclusive_and_saturating() {
        assert!(is_fresh(100, 200, 100));
        assert!(!is_fresh(100, 201, 100));
        assert!(is_fresh(300, 200, 100)); // a future timestamp is not stale
    }
}
