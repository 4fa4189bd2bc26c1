//! What a coalition of accounts owns, at fixed prices (issue 19's profit invariant).
//!
//! The differential run keeps the model equal to the chain after every step, so the coalition's
//! value can be read from the model. `tests/differential.rs` computes it before and after each
//! step with the same honest price per key and the same clock (a step other than the clock's does
//! not move time), so that neither market moves nor time passing count as profit; whatever else
//! raises it beyond the allowed gains (a keeper reward to a member that is not the position's
//! debtor, a bargain on goods at auction, money put in from outside) is a finding against the
//! rules themselves, even when the model predicted the step.
//!
//! The coalition's value, at honest prices `P` (the unit key at 1):
//! * its members' stablecoin;
//! * the NFTs members hold: goods at quantity × P (`Confirmed`); invoices at face × P if
//!   `Confirmed`, `Defaulted` or `Disputed` not ruled void and owed by an outsider (an invoice a
//!   member owes is worth nothing to the coalition); anything else 0;
//! * each live position of a member, at the better of repaying and walking away (a position is
//!   non-recourse): max(Σ NFTs − debt, max(0, Σ NFTs at their outside value − debt) −
//!   Σ obligations of members on them), where an NFT's outside value counts an invoice a member
//!   owes at face × P (what the vault would recover from its debtor), and the obligation is that
//!   same amount;
//! * each liquidation of a member's position: the NFTs still in it (and those written off while
//!   it runs) count only above what it still owes: max(0, Σ outside values − debt remaining −
//!   penalty remaining); once it has ended, its written-off NFTs above its claim;
//! * less the obligations of member debtors on invoices held outside the coalition (any other
//!   owner, the vault included when the invoice is pledged in an outsider's position, at auction
//!   or in recovery): face × P for `Confirmed`, `Defaulted` or `Disputed` not void.
use super::{Acct, Model};
use collateral_vault::{Hold, PositionId};
use scf_interfaces::math::mul_div_down;
use scf_interfaces::{AssetId, AssetKind, AssetStatus, PriceKey, WAD};
use std::collections::{BTreeMap, BTreeSet};

/// The honest price of each key (stablecoin per unit, 18 decimals).
pub type Prices = BTreeMap<PriceKey, u128>;

/// The coalition's value and its parts (for a finding's report).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Worth {
    pub total: i128,
    pub stablecoin: i128,
    pub held: i128,
    pub positions: i128,
    pub liquidations: i128,
    pub obligations: i128,
}

fn i(x: u128) -> i128 {
    i128::try_from(x).unwrap_or(i128::MAX)
}

/// Face (or quantity) × the honest price of `key`, rounded down.
pub fn at_price(m: &Model, prices: &Prices, key: PriceKey, amount: u128) -> u128 {
    let p = if key == m.vault.unit_key {
        WAD
    } else {
        prices.get(&key).copied().unwrap_or(0)
    };
    mul_div_down(amount, p, WAD).unwrap_or(u128::MAX)
}

fn void(m: &Model, id: AssetId) -> bool {
    m.vault.pledges.get(&id).is_some_and(|p| p.void)
}

/// Whether an invoice in `status` is still owed (and so worth its face to whoever holds it).
fn owed(status: AssetStatus, void: bool) -> bool {
    match status {
        AssetStatus::Confirmed | AssetStatus::Defaulted => true,
        AssetStatus::Disputed => !void,
        _ => false,
    }
}

/// An NFT's value to whoever holds it outside its debtor: invoices at face × P while owed, goods
/// at quantity × P while confirmed.
pub fn outside_value(m: &Model, prices: &Prices, id: AssetId) -> u128 {
    let Some(a) = m.registry.assets.get(&id) else {
        return 0;
    };
    match &a.kind {
        AssetKind::Invoice(t) => {
            if owed(a.status, void(m, id)) {
                at_price(m, prices, t.currency, t.face_value_wad)
            } else {
                0
            }
        }
        AssetKind::WarehouseReceipt(g) if a.status == AssetStatus::Confirmed => {
            at_price(m, prices, g.commodity, g.quantity_wad)
        }
        AssetKind::InTransit(g) if a.status == AssetStatus::Confirmed => {
            at_price(m, prices, g.commodity, g.quantity_wad)
        }
        _ => 0,
    }
}

/// What a member owes on `id` (an invoice of a member debtor that is still owed), else 0.
pub fn obligation(m: &Model, members: &BTreeSet<Acct>, prices: &Prices, id: AssetId) -> u128 {
    match m.registry.assets.get(&id).map(|a| &a.kind) {
        Some(AssetKind::Invoice(t)) if members.contains(&t.debtor) => outside_value(m, prices, id),
        _ => 0,
    }
}

/// An NFT's value to the coalition holding it: its outside value, unless a member owes it.
pub fn member_value(m: &Model, members: &BTreeSet<Acct>, prices: &Prices, id: AssetId) -> u128 {
    outside_value(m, prices, id) - obligation(m, members, prices, id)
}

/// Whether the NFT is the coalition's own: held by a member, or pledged in a member's position
/// that is not being liquidated.
fn in_coalition(m: &Model, members: &BTreeSet<Acct>, id: AssetId) -> bool {
    match m.registry.owner_of(id) {
        Some(o) if o == m.addrs.vault => m.vault.pledges.get(&id).is_some_and(|p| {
            p.hold == Hold::Position
                && !m.vault.liquidating.contains_key(&p.position_id)
                && m.vault
                    .positions
                    .get(&p.position_id)
                    .is_some_and(|x| members.contains(&x.owner))
        }),
        Some(o) => members.contains(&o),
        None => false,
    }
}

/// The coalition's value at `prices` and the model's clock.
pub fn worth(m: &Model, members: &BTreeSet<Acct>, prices: &Prices) -> Worth {
    let mut w = Worth::default();
    for x in members {
        w.stablecoin += i(m.token.balance(x));
    }
    for (id, o) in &m.registry.owners {
        if members.contains(o) {
            w.held += i(member_value(m, members, prices, *id));
        }
    }
    for (pid, pos) in &m.vault.positions {
        if !members.contains(&pos.owner) || m.vault.liquidating.contains_key(pid) {
            continue;
        }
        let debt = i(m.position_debt(*pid).unwrap_or(0));
        let (mut mine, mut outside, mut owes) = (0i128, 0i128, 0i128);
        for id in &pos.assets {
            mine += i(member_value(m, members, prices, *id));
            outside += i(outside_value(m, prices, *id));
            owes += i(obligation(m, members, prices, *id));
        }
        w.positions += (mine - debt).max((outside - debt).max(0) - owes);
    }
    // Written-off NFTs by liquidation id (they stay in the vault; a late payment still goes to
    // their liquidation, or its claim, and the rest to the owner).
    let mut written: BTreeMap<u64, (Acct, Vec<AssetId>)> = BTreeMap::new();
    for (id, r) in &m.engine.recoveries {
        if r.written_off {
            written
                .entry(r.liquidation_id)
                .or_insert((r.owner, vec![]))
                .1
                .push(*id);
        }
    }
    let mut live: BTreeSet<u64> = BTreeSet::new();
    for liq in m.engine.liquidations.values() {
        live.insert(liq.id);
        if !members.contains(&liq.owner) {
            continue;
        }
        let extra = written
            .get(&liq.id)
            .map(|x| x.1.clone())
            .unwrap_or_default();
        let nfts: i128 = liq
            .assets
            .iter()
            .chain(extra.iter())
            .map(|id| i(outside_value(m, prices, *id)))
            .sum();
        let owes = i(liq.debt_remaining_wad) + i(liq.penalty_remaining_wad);
        w.liquidations += (nfts - owes).max(0);
    }
    for (lid, (owner, ids)) in &written {
        if live.contains(lid) || !members.contains(owner) {
            continue;
        }
        let nfts: i128 = ids.iter().map(|id| i(outside_value(m, prices, *id))).sum();
        let owes = m
            .engine
            .claims
            .get(lid)
            .map_or(0, |c| i(c.debt_wad) + i(c.penalty_wad));
        w.liquidations += (nfts - owes).max(0);
    }
    for id in m.registry.assets.keys() {
        if !in_coalition(m, members, *id) {
            w.obligations -= i(obligation(m, members, prices, *id));
        }
    }
    w.total = w.stablecoin + w.held + w.positions + w.liquidations + w.obligations;
    w
}

/// The member positions (for a report).
pub fn member_positions(m: &Model, members: &BTreeSet<Acct>) -> Vec<PositionId> {
    m.vault
        .positions
        .iter()
        .filter(|(_, p)| members.contains(&p.owner))
        .map(|(id, _)| *id)
        .collect()
}
