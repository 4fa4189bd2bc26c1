//! PSP34 token bookkeeping (owners, balances, approvals) and the payment-record rule. Pure storage
//! logic with the caller passed in, returning the events to emit (the Cardinal PSP22 crate's
//! pattern), so it is testable alone.
use crate::events::{Approval, Transfer};
use ink::primitives::AccountId;
use ink::storage::Mapping;
use scf_interfaces::{
    unpaid_defaults_after, AssetStatus, Id, PSP34Error, PaymentRecord, TimestampMs, MS_PER_DAY,
};

/// Token ids are `Id::U128`; any other id names no token.
pub fn numeric(id: &Id) -> Option<u128> {
    match id {
        Id::U128(n) => Some(*n),
        _ => None,
    }
}

/// (owner, operator, token — or None for all of the owner's tokens)
type ApprovalKey = (AccountId, AccountId, Option<u128>);

#[ink::storage_item]
#[derive(Debug, Default)]
pub struct Psp34Data {
    owners: Mapping<u128, AccountId>,
    balances: Mapping<AccountId, u32>,
    /// Approval → the token's generation when it was given (0 for an approval for all tokens).
    /// A per-token approval holds only while its generation is the token's current one.
    approvals: Mapping<ApprovalKey, u64>,
    /// Token → how many times it changed hands or was burnt. Bumping it voids every per-token
    /// approval of the token at once, whoever gave it (ERC-721 semantics), with no loop.
    generations: Mapping<u128, u64>,
    total_supply: u128,
}

pub enum Psp34Event {
    Transfer(Transfer),
    Approval(Approval),
}

fn overflow() -> PSP34Error {
    PSP34Error::Custom(ink::prelude::string::String::from("Overflow"))
}

impl Psp34Data {
    pub fn total_supply(&self) -> u128 {
        self.total_supply
    }

    pub fn balance_of(&self, owner: AccountId) -> u32 {
        self.balances.get(owner).unwrap_or(0)
    }

    pub fn owner_of(&self, token: u128) -> Option<AccountId> {
        self.owners.get(token)
    }

    fn generation(&self, token: u128) -> u64 {
        self.generations.get(token).unwrap_or(0)
    }

    pub fn allowance(&self, owner: AccountId, operator: AccountId, token: Option<u128>) -> bool {
        self.approvals.contains((owner, operator, None::<u128>))
            || token.is_some_and(|t| {
                self.approvals.get((owner, operator, Some(t))) == Some(self.generation(t))
            })
    }

    pub fn approve(
        &mut self,
        caller: AccountId,
        operator: AccountId,
        id: Option<Id>,
        approved: bool,
    ) -> Result<Psp34Event, PSP34Error> {
        if operator == caller {
            return Err(PSP34Error::SelfApprove);
        }
        let token = match &id {
            Some(id) => {
                let t = numeric(id).ok_or(PSP34Error::TokenNotExists)?;
                let owner = self.owner_of(t).ok_or(PSP34Error::TokenNotExists)?;
                if owner != caller {
                    return Err(PSP34Error::NotApproved);
                }
                Some(t)
            }
            None => None,
        };
        if approved {
            let generation = token.map_or(0, |t| self.generation(t));
            self.approvals
                .insert((caller, operator, token), &generation);
        } else {
            self.approvals.remove((caller, operator, token));
        }
        Ok(Psp34Event::Approval(Approval {
            owner: caller,
            operator,
            id,
            approved,
        }))
    }

    /// Voids every per-token approval of `token`.
    fn bump_generation(&mut self, token: u128) -> Result<(), PSP34Error> {
        let next = self.generation(token).checked_add(1).ok_or_else(overflow)?;
        self.generations.insert(token, &next);
        Ok(())
    }

    /// Moves `token` to `to` if `caller` owns it or is approved by its owner. Every per-token
    /// approval of the token, by whichever operator, is void afterwards.
    pub fn transfer(
        &mut self,
        caller: AccountId,
        to: AccountId,
        token: u128,
    ) -> Result<Psp34Event, PSP34Error> {
        let owner = self.owner_of(token).ok_or(PSP34Error::TokenNotExists)?;
        if caller != owner && !self.allowance(owner, caller, Some(token)) {
            return Err(PSP34Error::NotApproved);
        }
        self.bump_generation(token)?;
        // The used approval's entry is dead now; drop it rather than leave it stored.
        self.approvals.remove((owner, caller, Some(token)));
        if owner != to {
            self.balances
                .insert(owner, &self.balance_of(owner).saturating_sub(1));
            self.balances
                .insert(to, &self.balance_of(to).saturating_add(1));
            self.owners.insert(token, &to);
        }
        Ok(Psp34Event::Transfer(Transfer {
            from: Some(owner),
            to: Some(to),
            id: Id::U128(token),
        }))
    }

    pub fn mint(&mut self, to: AccountId, token: u128) -> Result<Psp34Event, PSP34Error> {
        if self.owners.contains(token) {
            return Err(PSP34Error::TokenExists);
        }
        self.total_supply = self.total_supply.checked_add(1).ok_or_else(overflow)?;
        self.owners.insert(token, &to);
        self.balances
            .insert(to, &self.balance_of(to).saturating_add(1));
        Ok(Psp34Event::Transfer(Transfer {
            from: None,
            to: Some(to),
            id: Id::U128(token),
        }))
    }

    /// Destroys `token` (no permission check: the caller decides who may). Its per-token
    /// approvals are void; the generation stays, so a token id can never revive them.
    pub fn burn(&mut self, token: u128) -> Result<Psp34Event, PSP34Error> {
        let owner = self.owner_of(token).ok_or(PSP34Error::TokenNotExists)?;
        let total_supply = self.total_supply.checked_sub(1).ok_or_else(overflow)?;
        self.bump_generation(token)?;
        self.total_supply = total_supply;
        self.owners.remove(token);
        let balance = self.balance_of(owner).saturating_sub(1);
        if balance == 0 {
            self.balances.remove(owner);
        } else {
            self.balances.insert(owner, &balance);
        }
        Ok(Psp34Event::Transfer(Transfer {
            from: Some(owner),
            to: None,
            id: Id::U128(token),
        }))
    }
}

/// Whole days from `due_ms` to `now_ms`, a started day counting as one (0 if not past due).
pub fn days_late(due_ms: TimestampMs, now_ms: TimestampMs) -> u64 {
    now_ms.saturating_sub(due_ms).div_ceil(MS_PER_DAY)
}

/// The debtor's payment record after one of its invoices went `from` → `to` at `now_ms`, or
/// `None` if that change is not recorded. Counters saturate: a record never blocks a payment.
pub fn recorded(
    mut record: PaymentRecord,
    from: AssetStatus,
    to: AssetStatus,
    due_ms: TimestampMs,
    now_ms: TimestampMs,
) -> Option<PaymentRecord> {
    use AssetStatus::*;
    match (from, to) {
        (Confirmed | Defaulted, Settled) => {
            record.unresolved_defaults =
                unpaid_defaults_after(record.unresolved_defaults, from, to);
            if from == Confirmed && now_ms <= due_ms {
                record.settled_on_time = record.settled_on_time.saturating_add(1);
            } else {
                let days = days_late(due_ms, now_ms);
                record.settled_late = record.settled_late.saturating_add(1);
                record.days_late_total = record.days_late_total.saturating_add(days);
                let days = u32::try_from(days).unwrap_or(u32::MAX);
                record.max_days_late = record.max_days_late.max(days);
            }
        }
        (_, Defaulted) => {
            record.defaulted = record.defaulted.saturating_add(1);
            record.unresolved_defaults =
                unpaid_defaults_after(record.unresolved_defaults, from, to);
        }
        (_, Disputed) => record.disputed = record.disputed.saturating_add(1),
        _ => return None,
    }
    Some(record)
}

#[cfg(test)]
mod tests {
    use super::*;
    use AssetStatus::*;

    const DUE: u64 = 10 * MS_PER_DAY;

    #[test]
    fn days_late_counts_a_started_day() {
        assert_eq!(days_late(DUE, DUE), 0);
        assert_eq!(days_late(DUE, DUE - 1), 0);
        assert_eq!(days_late(DUE, DUE + 1), 1);
        assert_eq!(days_late(DUE, DUE + MS_PER_DAY), 1);
        assert_eq!(days_late(DUE, DUE + MS_PER_DAY + 1), 2);
    }

    /// The vault counts a debtor's unpaid defaults with `unpaid_defaults_after` for the changes
    /// it makes: for every change the lifecycle allows, from any count, that is exactly what the
    /// registry's record does to `unresolved_defaults`.
    #[test]
    fn the_vaults_default_count_follows_the_records_rule() {
        let all = [Pending, Confirmed, Settled, Disputed, Defaulted];
        for from in all {
            for to in all {
                if !from.can_become(to) {
                    continue;
                }
                for count in [0, 1, 2, u32::MAX] {
                    let record = PaymentRecord {
                        unresolved_defaults: count,
                        ..PaymentRecord::default()
                    };
                    let after = recorded(record, from, to, DUE, DUE)
                        .map_or(count, |r| r.unresolved_defaults);
                    assert_eq!(
                        unpaid_defaults_after(count, from, to),
                        after,
                        "{from:?} -> {to:?} from {count}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_record_follows_each_change() {
        let zero = PaymentRecord::default();
        let on_time = recorded(zero, Confirmed, Settled, DUE, DUE).unwrap();
        assert_eq!(on_time.settled_on_time, 1);
        assert_eq!(on_time.settled_late, 0);
        let late = recorded(zero, Confirmed, Settled, DUE, DUE + 3 * MS_PER_DAY).unwrap();
        assert_eq!(
            (late.settled_late, late.days_late_total, late.max_days_late),
            (1, 3, 3)
        );
        let defaulted = recorded(zero, Confirmed, Defaulted, DUE, DUE).unwrap();
        assert_eq!((defaulted.defaulted, defaulted.unresolved_defaults), (1, 1));
        // A defaulted invoice paid is late even if the clock says otherwise.
        let paid = recorded(defaulted, Defaulted, Settled, DUE, DUE).unwrap();
        assert_eq!(
            (paid.defaulted, paid.unresolved_defaults, paid.settled_late),
            (1, 0, 1)
        );
        assert_eq!(
            recorded(zero, Pending, Disputed, DUE, 0).unwrap().disputed,
            1
        );
        assert_eq!(
            recorded(zero, Confirmed, Disputed, DUE, 0)
                .unwrap()
                .disputed,
            1
        );
        assert_eq!(recorded(zero, Pending, Confirmed, DUE, 0), None);
    }

    #[test]
    fn counters_saturate() {
        let full = PaymentRecord {
            settled_late: u32::MAX,
            days_late_total: u64::MAX,
            ..Default::default()
        };
        let r = recorded(full, Confirmed, Settled, 0, u64::MAX).unwrap();
        assert_eq!((r.settled_late, r.days_late_total), (u32::MAX, u64::MAX));
        assert_eq!(r.max_days_late, u32::MAX);
    }
}
