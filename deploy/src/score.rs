//! `score`: the off-chain risk scorer. Reads each debtor's payment record (the registry) and its
//! concentration (the vault: exposure against its credit line), computes a score with the model
//! below, and posts it as the debtor's score key on the oracle, signed by each of the key's
//! reporters (the usual quorum and staleness apply: the scorer is as many reporters as the key
//! needs, each running this command on its own view of the chain).
//!
//! The score is an **advance cap** (wad, 0.05–1): the credit pricer lends at the smaller of the
//! grade's advance and the score, so the score can lower an advance and never raise it above the
//! grade's (`scf_rules::grade::scored_advance_wad`). That is why the model may use signals a
//! coalition could inflate (on-time payments): inflating them can at most lift the score to the
//! grade's rate, which only adverse facts move.
//!
//! The model (every step rounds down, toward the lower advance):
//! * **history**: with no settlement yet, the cap is 0.90 (a thin file lends less);
//! * **late share**: − 0.30 × late ÷ (late + on time);
//! * **severity**: − 0.002 per average day late of the late settlements, at most − 0.20;
//! * **defaults**: − 0.15 per default ever marked, at most − 0.45;
//! * **concentration**: − 0.5 × (utilisation − 0.80) when the debtor's exposure is above 80 % of
//!   its credit line, at most − 0.25;
//! * the result is at least 0.05 (the oracle refuses a price of 0; a score of 0.05 lends next to
//!   nothing).
use crate::backend::{ss58, Address, Signer};
use crate::client::{ink_id, Client};
use crate::error::Result;
use crate::units::exact;
use scf_interfaces::{PaymentRecord, PriceKey, WAD};

pub const THIN_FILE_CAP_WAD: u128 = WAD / 10 * 9;
pub const MIN_SCORE_WAD: u128 = WAD / 20;

/// What the scorer reads for one debtor.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Inputs {
    pub record: PaymentRecord,
    /// Debt drawn against its invoices now (the vault's `debtor_exposure`).
    pub exposure_wad: u128,
    /// Its credit line (0: none).
    pub credit_limit_wad: u128,
}

/// The score (an advance cap, wad) of the model in the module's doc.
pub fn score_wad(i: &Inputs) -> u128 {
    let r = &i.record;
    let settled = u128::from(r.settled_on_time) + u128::from(r.settled_late);
    let mut score = if settled == 0 { THIN_FILE_CAP_WAD } else { WAD };
    let mut less = 0u128;
    if settled > 0 {
        // 0.30 × late / settled, rounded up (the penalty rounds against the debtor).
        less += (3 * WAD / 10 * u128::from(r.settled_late)).div_ceil(settled);
    }
    if r.settled_late > 0 {
        let avg_days = u128::from(r.days_late_total).div_ceil(u128::from(r.settled_late));
        less += (avg_days * (2 * WAD / 1_000)).min(WAD / 5);
    }
    less += (u128::from(r.defaulted) * (15 * WAD / 100)).min(45 * WAD / 100);
    if i.credit_limit_wad > 0 {
        // 256-bit intermediate; a utilisation too large for u128 is past any cap anyway.
        let utilisation = scf_rules::math::mul_div_up(i.exposure_wad, WAD, i.credit_limit_wad)
            .unwrap_or(u128::MAX);
        let over = utilisation.saturating_sub(8 * WAD / 10);
        less += (over / 2).min(WAD / 4);
    }
    score = score.saturating_sub(less);
    score.max(MIN_SCORE_WAD)
}

/// One debtor's line of the report.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Line {
    pub debtor: String,
    pub grade: u8,
    pub score_wad: u128,
    pub key: Option<String>,
    pub posted_by: Vec<String>,
}

/// Reads, scores and (with reporters) posts each debtor's score.
pub fn run(
    client: &mut Client,
    debtors: &[Address],
    reporters: &[(String, Signer)],
) -> Result<Vec<Line>> {
    let mut out = Vec::new();
    for d in debtors {
        let id = ink_id(d);
        let record: PaymentRecord = client.query(
            "receivable_registry",
            "ReceivableRegistry::payment_record",
            id,
        )?;
        let exposure: std::result::Result<u128, collateral_vault::VaultError> =
            client.query("collateral_vault", "debtor_exposure", id)?;
        let line: Option<collateral_vault::DebtorLine> =
            client.query("collateral_vault", "debtor_line", id)?;
        let inputs = Inputs {
            record,
            exposure_wad: exposure.unwrap_or(0),
            credit_limit_wad: line.map(|l| l.credit_limit_wad).unwrap_or(0),
        };
        let score = score_wad(&inputs);
        let grade: std::result::Result<u8, credit_pricer::PricerError> =
            client.query("credit_pricer", "grade", id)?;
        let key: Option<PriceKey> = client.query("credit_pricer", "score_key", id)?;
        let mut posted_by = Vec::new();
        if let Some(k) = key {
            for (name, s) in reporters {
                client.exec::<()>(s, "price_oracle", "submit", (k, score))?;
                posted_by.push(name.clone());
            }
        }
        out.push(Line {
            debtor: ss58(d),
            grade: grade.unwrap_or(u8::MAX),
            score_wad: score,
            key: key.map(|k| {
                String::from_utf8_lossy(&k)
                    .trim_end_matches('\0')
                    .to_string()
            }),
            posted_by,
        });
    }
    Ok(out)
}

pub fn render(lines: &[Line]) -> String {
    let mut s = String::from(
        "| debtor | grade | score (advance cap) | key | posted by |\n|---|---|---:|---|---|\n",
    );
    for l in lines {
        s += &format!(
            "| {} | {} | {} | {} | {} |\n",
            l.debtor,
            ["A", "B", "C", "D", "E"]
                .get(usize::from(l.grade))
                .copied()
                .unwrap_or("?"),
            exact(l.score_wad),
            l.key.as_deref().unwrap_or("none: not posted"),
            if l.posted_by.is_empty() {
                "—".to_string()
            } else {
                l.posted_by.join(", ")
            }
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    const PCT: u128 = WAD / 100;

    fn record(on_time: u32, late: u32, days: u64, defaulted: u32) -> PaymentRecord {
        PaymentRecord {
            settled_on_time: on_time,
            settled_late: late,
            days_late_total: days,
            defaulted,
            ..PaymentRecord::default()
        }
    }

    #[test]
    fn a_thin_file_is_capped_at_90_and_a_clean_one_at_100() {
        assert_eq!(score_wad(&Inputs::default()), 90 * PCT);
        let clean = Inputs {
            record: record(10, 0, 0, 0),
            ..Inputs::default()
        };
        assert_eq!(score_wad(&clean), WAD);
    }

    #[test]
    fn each_signal_takes_its_exact_share() {
        // 1 late of 4: − 7.5 %; 10 days late on average: − 2 %.
        let i = Inputs {
            record: record(3, 1, 10, 0),
            ..Inputs::default()
        };
        assert_eq!(score_wad(&i), WAD - 75 * PCT / 10 - 2 * PCT);
        // 1 late of 3: 0.1 exactly; a third of a point rounds against the debtor.
        let i = Inputs {
            record: record(2, 1, 1, 0),
            ..Inputs::default()
        };
        assert_eq!(score_wad(&i), WAD - 10 * PCT - 2 * PCT / 10);
        // Severity is capped at − 20 %: 1 of 1 late (− 30 %) by 200 days.
        let i = Inputs {
            record: record(0, 1, 200, 0),
            ..Inputs::default()
        };
        assert_eq!(score_wad(&i), 50 * PCT);
        // Two defaults: − 30 %; four: capped at − 45 %.
        let i = Inputs {
            record: record(4, 0, 0, 2),
            ..Inputs::default()
        };
        assert_eq!(score_wad(&i), 70 * PCT);
        let i = Inputs {
            record: record(4, 0, 0, 4),
            ..Inputs::default()
        };
        assert_eq!(score_wad(&i), 55 * PCT);
    }

    #[test]
    fn concentration_above_80_percent_of_the_line_costs_half_the_excess() {
        let at = |exposure: u128| Inputs {
            record: record(1, 0, 0, 0),
            exposure_wad: exposure,
            credit_limit_wad: 100_000 * WAD,
        };
        assert_eq!(score_wad(&at(80_000 * WAD)), WAD);
        assert_eq!(score_wad(&at(90_000 * WAD)), 95 * PCT);
        assert_eq!(score_wad(&at(100_000 * WAD)), 90 * PCT);
        // Past the line (seized debt, fees): capped at − 25 %.
        assert_eq!(score_wad(&at(200_000 * WAD)), 75 * PCT);
    }

    #[test]
    fn the_score_never_falls_below_the_floor_the_oracle_accepts() {
        let worst = Inputs {
            record: record(0, u32::MAX, u64::MAX, u32::MAX),
            exposure_wad: u128::MAX,
            credit_limit_wad: 1,
        };
        assert_eq!(score_wad(&worst), MIN_SCORE_WAD);
    }
}
