//! Dutch auction pricing and the split of proceeds: the rules crate's (`scf_rules::auction`),
//! applied to the engine's `Auction` record.
use crate::types::Auction;
use scf_interfaces::math::MathError;
use scf_interfaces::TimestampMs;
pub use scf_rules::auction::{floor_wad, split, start_price_wad, Split};

/// Current price (see `scf_rules::auction::price_wad`): an invoice's auction (one with a debtor)
/// holds at its reserve, what its debtor owes, until its time runs out.
pub fn price_wad(a: &Auction, now_ms: TimestampMs) -> Result<Option<u128>, MathError> {
    scf_rules::auction::price_wad(
        a.start_price_wad,
        a.floor_wad,
        a.started_at_ms,
        a.duration_ms,
        a.debtor.is_some(),
        now_ms,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auction() -> Auction {
        Auction {
            position_id: 1,
            start_price_wad: 1_200,
            floor_wad: 0,
            started_at_ms: 1_000,
            duration_ms: 1_000,
            debtor: None,
        }
    }

    #[test]
    fn price_falls_linearly_and_expires() {
        let a = auction();
        assert_eq!(price_wad(&a, 1_000), Ok(Some(1_200)));
        assert_eq!(price_wad(&a, 1_250), Ok(Some(900)));
        assert_eq!(price_wad(&a, 1_999), Ok(Some(2))); // 1.2 rounds up
        assert_eq!(price_wad(&a, 2_000), Ok(None));
        assert_eq!(price_wad(&a, u64::MAX), Ok(None));
    }

    #[test]
    fn the_price_never_falls_below_the_floor() {
        // A 40 % cusp: the floor is 480, reached 600 ms in; from then on the auction must reset.
        let a = Auction {
            floor_wad: floor_wad(1_200, 400_000_000_000_000_000).unwrap(),
            ..auction()
        };
        assert_eq!(a.floor_wad, 480);
        assert_eq!(price_wad(&a, 1_000), Ok(Some(1_200)));
        assert_eq!(price_wad(&a, 1_600), Ok(Some(480)));
        assert_eq!(price_wad(&a, 1_601), Ok(None));
        assert_eq!(price_wad(&a, 1_999), Ok(None));
        // An auction of nothing never sells.
        let zero = Auction {
            start_price_wad: 0,
            ..auction()
        };
        assert_eq!(price_wad(&zero, 1_000), Ok(None));
    }

    #[test]
    fn an_invoice_auction_holds_at_its_reserve_until_its_time_runs_out() {
        // Start 1 200, reserve 1 000 (what the debtor owes).
        let a = Auction {
            floor_wad: 1_000,
            debtor: Some(ink::primitives::AccountId::from([7; 32])),
            ..auction()
        };
        assert_eq!(price_wad(&a, 1_000), Ok(Some(1_200)));
        assert_eq!(price_wad(&a, 1_100), Ok(Some(1_080)));
        assert_eq!(price_wad(&a, 1_500), Ok(Some(1_000)));
        assert_eq!(price_wad(&a, 1_999), Ok(Some(1_000)));
        assert_eq!(price_wad(&a, 2_000), Ok(None));
    }

    #[test]
    fn the_start_price_saturates_instead_of_failing() {
        let wad = scf_interfaces::WAD;
        assert_eq!(
            start_price_wad(15_300 * wad, 1_200_000_000_000_000_000),
            18_360 * wad
        );
        assert_eq!(start_price_wad(3, wad / 2), 1); // rounded down
        assert_eq!(start_price_wad(u128::MAX / 10 * 8, 2 * wad), u128::MAX);
        assert_eq!(start_price_wad(u128::MAX, 10 * wad), u128::MAX);
        // Its reserve still fits: start × cusp (≤ 0.95).
        assert!(floor_wad(u128::MAX, 950_000_000_000_000_000).is_ok());
    }

    #[test]
    fn proceeds_pay_debt_then_penalty_then_owner() {
        assert_eq!(
            split(50, 100, 10),
            Split {
                to_debt_wad: 50,
                to_penalty_wad: 0,
                to_owner_wad: 0
            }
        );
        assert_eq!(
            split(105, 100, 10),
            Split {
                to_debt_wad: 100,
                to_penalty_wad: 5,
                to_owner_wad: 0
            }
        );
        assert_eq!(
            split(150, 100, 10),
            Split {
                to_debt_wad: 100,
                to_penalty_wad: 10,
                to_owner_wad: 40
            }
        );
    }
}
