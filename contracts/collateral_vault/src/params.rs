//! Validation of admin-set class parameters: a bad value is refused, never clamped.
use crate::constants::*;
use crate::errors::VaultError;
use crate::types::ClassParams;
use scf_interfaces::WAD;

pub fn validate(p: &ClassParams) -> Result<(), VaultError> {
    let ok = (MIN_LIQUIDATION_RATIO_WAD..=MAX_LIQUIDATION_RATIO_WAD).contains(&p.liquidation_ratio.0)
        && (MIN_STABILITY_FEE_RAY..=MAX_STABILITY_FEE_RAY).contains(&p.stability_fee_per_second.0)
        && p.liquidation_penalty.0 <= MAX_LIQUIDATION_PENALTY_WAD
        && p.dust_wad <= p.debt_ceiling_wad
        && p.discount_rate_annual.0 <= MAX_DISCOUNT_RATE_WAD
        && (MIN_GRACE_PERIOD_MS..=MAX_GRACE_PERIOD_MS).contains(&p.grace_period_ms)
        // A goods haircut of 100 % would make the class worthless.
        && p.goods_haircut.0 < WAD
        && (MIN_AUCTION_MULTIPLIER_WAD..=MAX_AUCTION_MULTIPLIER_WAD)
            .contains(&p.auction_start_multiplier.0)
        && (MIN_AUCTION_DURATION_MS..=MAX_AUCTION_DURATION_MS).contains(&p.auction_duration_ms);
    if ok {
        Ok(())
    } else {
        Err(VaultError::InvalidParams)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use scf_interfaces::{AssetKindCode, Ray, Wad, MS_PER_DAY, RAY};

    pub fn invoice_params() -> ClassParams {
        ClassParams {
            kind: AssetKindCode::Invoice,
            liquidation_ratio: Wad(WAD / 2 * 3),
            stability_fee_per_second: Ray(1_000_000_001_547_125_957_863_212_448),
            liquidation_penalty: Wad(WAD / 10),
            debt_ceiling_wad: 1_000_000 * WAD,
            dust_wad: 100 * WAD,
            debtor_limit_wad: 500_000 * WAD,
            discount_rate_annual: Wad(WAD / 10),
            grace_period_ms: 30 * MS_PER_DAY,
            goods_haircut: Wad(0),
            auction_start_multiplier: Wad(WAD / 5 * 6),
            auction_duration_ms: MS_PER_DAY,
        }
    }

    #[test]
    fn accepts_sane_parameters() {
        assert_eq!(validate(&invoice_params()), Ok(()));
    }

    #[test]
    fn refuses_each_out_of_range_parameter() {
        let cases: [fn(&mut ClassParams); 12] = [
            |p| p.liquidation_ratio = Wad(WAD - 1),
            |p| p.liquidation_ratio = Wad(10 * WAD + 1),
            |p| p.stability_fee_per_second = Ray(RAY - 1),
            |p| p.stability_fee_per_second = Ray(MAX_STABILITY_FEE_RAY + 1),
            |p| p.liquidation_penalty = Wad(WAD / 2 + 1),
            |p| p.dust_wad = p.debt_ceiling_wad + 1,
            |p| p.discount_rate_annual = Wad(WAD + 1),
            |p| p.grace_period_ms = MAX_GRACE_PERIOD_MS + 1,
            |p| p.grace_period_ms = MIN_GRACE_PERIOD_MS - 1,
            |p| p.goods_haircut = Wad(WAD),
            |p| p.auction_start_multiplier = Wad(WAD - 1),
            |p| p.auction_duration_ms = MIN_AUCTION_DURATION_MS - 1,
        ];
        for (i, mutate) in cases.iter().enumerate() {
            let mut p = invoice_params();
            mutate(&mut p);
            assert_eq!(validate(&p), Err(VaultError::InvalidParams), "case {i}");
        }
    }
}
