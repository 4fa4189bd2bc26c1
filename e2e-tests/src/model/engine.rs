//! The liquidation engine (Dog + Clip) and the vault's `Custody` side, from
//! `contracts/liquidation_engine/README.md` and `docs/architecture.md` ("Liquidation engine"):
//! seizure of an unsafe position, Dutch auctions from value × multiplier with a reserve at the
//! cusp and a tail, recovery of NFTs without value, payments in recovery (debt, penalty, then the
//! owner; after the end, the claim), arbiter rulings, write-offs, the keeper reward, and the
//! release that books proceeds (debt burned, penalty kept, losses healing bad debt).
//!
//! Issue 19: an auction starts at max(value × multiplier, what the debtor owes) with its reserve
//! at max(start × cusp, owed), and an invoice's auction holds at its reserve until its time runs
//! out; the debtor never takes its own invoice (`DebtorMustSettle`) but may pay what it owes at
//! auction (`settle`, which ends the auction); `take` charges an invoice at least what its debtor
//! owes now (face × the currency's upper price, as `settle`); a valid ruling refunds no penalty
//! (the dispute never made the position liquidatable); a recovery's write-off date is fixed when
//! it starts; liquidations are bounded by the liquidation limits (MakerDAO's Hole / hole, with
//! each live liquidation's dirt = its debt + penalty remaining). The vault computes a
//! liquidation's shortfall itself.
use super::vault::{Appraised, Purpose};
use super::{Acct, Flaw, Model};
use collateral_vault::{ClassId, Hold, PositionId, VaultError};
use liquidation_engine::{Auction, Claim, EngineError, Liquidation, Recovery};
use scf_interfaces::math::{full_mul, mul_div_down, mul_div_up};
use scf_interfaces::{AssetId, AssetKind, AssetStatus, MathError, RAY, WAD};
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub struct Engine {
    pub admin: Acct,
    pub liquidations: BTreeMap<PositionId, Liquidation>,
    pub liquidation_count: u64,
    pub claims: BTreeMap<u64, Claim>,
    pub auctions: BTreeMap<AssetId, Auction>,
    pub recoveries: BTreeMap<AssetId, Recovery>,
    pub arbiter: Option<Acct>,
    pub cusp: u128,
    pub recovery_period: u64,
    pub tip: u128,
    pub chip: u128,
    /// Debt and penalty of live liquidations (Dirt), bounded by `hole` (Hole); per class.
    pub dirt: u128,
    pub hole: u128,
    pub class_dirt: BTreeMap<ClassId, u128>,
    pub class_holes: BTreeMap<ClassId, u128>,
}

impl Engine {
    pub fn new(admin: Acct) -> Engine {
        Engine {
            admin,
            liquidations: BTreeMap::new(),
            liquidation_count: 0,
            claims: BTreeMap::new(),
            auctions: BTreeMap::new(),
            recoveries: BTreeMap::new(),
            arbiter: None,
            cusp: 400_000_000_000_000_000,
            recovery_period: 7_776_000_000,
            tip: 0,
            chip: 0,
            dirt: 0,
            hole: u128::MAX,
            class_dirt: BTreeMap::new(),
            class_holes: BTreeMap::new(),
        }
    }

    pub fn set_liquidation_limit(&mut self, who: Acct, limit: u128) -> Result<(), EngineError> {
        self.ensure_admin(who)?;
        self.hole = limit;
        Ok(())
    }

    pub fn set_class_liquidation_limit(
        &mut self,
        who: Acct,
        class: ClassId,
        limit: u128,
    ) -> Result<(), EngineError> {
        self.ensure_admin(who)?;
        self.class_holes.insert(class, limit);
        Ok(())
    }

    /// `liquidation_limits(class)`: (hole, dirt, class hole, class dirt).
    pub fn limits(&self, class: ClassId) -> (u128, u128, Option<u128>, u128) {
        (
            self.hole,
            self.dirt,
            self.class_holes.get(&class).copied(),
            self.class_dirt.get(&class).copied().unwrap_or(0),
        )
    }

    /// Brings what `liq` counts against the limits to its debt + penalty remaining (0 once
    /// `ended`).
    fn recount(&mut self, liq: &mut Liquidation, ended: bool) -> Result<(), EngineError> {
        let now = if ended {
            0
        } else {
            liq.debt_remaining_wad
                .checked_add(liq.penalty_remaining_wad)
                .ok_or(EngineError::Math(MathError::Overflow))?
        };
        let cd = self
            .class_dirt
            .get(&liq.class_id)
            .copied()
            .unwrap_or(0)
            .checked_sub(liq.dirt_wad)
            .and_then(|d| d.checked_add(now))
            .ok_or(EngineError::Math(MathError::Overflow))?;
        self.dirt = self
            .dirt
            .checked_sub(liq.dirt_wad)
            .and_then(|d| d.checked_add(now))
            .ok_or(EngineError::Math(MathError::Overflow))?;
        if cd == 0 {
            self.class_dirt.remove(&liq.class_id);
        } else {
            self.class_dirt.insert(liq.class_id, cd);
        }
        liq.dirt_wad = now;
        Ok(())
    }

    fn ensure_admin(&self, who: Acct) -> Result<(), EngineError> {
        if who == self.admin {
            Ok(())
        } else {
            Err(EngineError::NotAdmin)
        }
    }

    pub fn set_arbiter(&mut self, who: Acct, a: Acct) -> Result<(), EngineError> {
        self.ensure_admin(who)?;
        self.arbiter = Some(a);
        Ok(())
    }

    pub fn set_recovery_params(
        &mut self,
        who: Acct,
        cusp: u128,
        period: u64,
    ) -> Result<(), EngineError> {
        self.ensure_admin(who)?;
        if !(50_000_000_000_000_000..=950_000_000_000_000_000).contains(&cusp)
            || !(86_400_000..=63_072_000_000).contains(&period)
        {
            return Err(EngineError::InvalidParams);
        }
        self.cusp = cusp;
        self.recovery_period = period;
        Ok(())
    }

    pub fn set_keeper_reward(
        &mut self,
        who: Acct,
        tip: u128,
        chip: u128,
    ) -> Result<(), EngineError> {
        self.ensure_admin(who)?;
        if tip > 10_000 * WAD || chip > 50_000_000_000_000_000 {
            return Err(EngineError::InvalidParams);
        }
        self.tip = tip;
        self.chip = chip;
        Ok(())
    }
}

/// The auction price now: linear from the start to 0 over the duration, rounded up; an invoice's
/// auction (one with a debtor) holds at its reserve instead of falling below it. None once it
/// would fall below the reserve or the time ran out (the auction must be restarted).
pub fn auction_price(a: &Auction, now: u64) -> Result<Option<u128>, MathError> {
    let elapsed = now.saturating_sub(a.started_at_ms);
    if elapsed >= a.duration_ms {
        return Ok(None);
    }
    let p = mul_div_up(
        a.start_price_wad,
        u128::from(a.duration_ms - elapsed),
        u128::from(a.duration_ms),
    )?;
    let p = if a.debtor.is_some() {
        p.max(a.floor_wad)
    } else {
        p
    };
    Ok((p >= a.floor_wad && p > 0).then_some(p))
}

/// Debt first, then penalty, then the owner.
fn split(paid: u128, debt: u128, penalty: u128) -> (u128, u128, u128) {
    let d = paid.min(debt);
    let rest = paid - d;
    let p = rest.min(penalty);
    (d, p, rest - p)
}

/// One NFT leaving custody (the vault's `Release`).
#[derive(Debug, Clone)]
pub struct Release {
    pub id: AssetId,
    pub to: Acct,
    pub settled: bool,
    pub to_debt: u128,
    pub to_penalty: u128,
    pub to_loss: u128,
}

pub struct Seizure {
    pub owner: Acct,
    pub class_id: ClassId,
    pub debt: u128,
    pub penalty: u128,
    pub value: u128,
    pub reward: u128,
    pub assets: Vec<Appraised>,
    pub multiplier: u128,
    pub duration: u64,
}

fn vmath(e: MathError) -> VaultError {
    VaultError::Math(e)
}

impl Model {
    // ── the vault's Custody side (engine only; the caller is checked by the dispatcher) ──

    pub(crate) fn seize(
        &mut self,
        pid: PositionId,
        keeper: Acct,
        tip: u128,
        chip: u128,
    ) -> Result<Seizure, VaultError> {
        if self.vault.paused {
            return Err(VaultError::Paused);
        }
        let mut pos = self
            .vault
            .positions
            .get(&pid)
            .cloned()
            .ok_or(VaultError::PositionNotFound)?;
        if self.vault.liquidating.contains_key(&pid) {
            return Err(VaultError::PositionLiquidating);
        }
        if pos.art == 0 {
            return Err(VaultError::NoDebt);
        }
        let mut class = self.v_accrue(pos.class_id)?;
        let debt = super::vault::debt_of(pos.art, class.state.rate).map_err(vmath)?;
        // Judged at the upper price; a disputed invoice counts until it is ruled void.
        let (value, assets) = self.v_appraise(
            &pos.assets,
            pos.class_id,
            &class.params,
            Purpose::Liquidate,
            None,
        )?;
        if super::vault::is_safe(debt, value, class.params.liquidation_ratio).map_err(vmath)? {
            return Err(VaultError::PositionSafe);
        }
        let penalty = mul_div_up(debt, class.params.liquidation_penalty.0, WAD).map_err(vmath)?;
        let rounding = full_mul(debt, RAY) - full_mul(pos.art, class.state.rate.0);
        self.v_add_surplus_rad(rounding)?;
        let art = pos.art;
        self.v_remove_art(&mut pos, &mut class, art)?;
        for a in &assets {
            let p = self
                .vault
                .pledges
                .get_mut(&a.id)
                .ok_or(VaultError::NotPledged)?;
            p.hold = if a.sale > 0 {
                Hold::Auction
            } else {
                Hold::Recovery
            };
        }
        let sale: u128 = assets
            .iter()
            .try_fold(0u128, |acc, a| acc.checked_add(a.sale))
            .ok_or(VaultError::Math(MathError::Overflow))?;
        // No reward when nothing can be sold, and never to the position's debtor.
        let to_debtor = Some(keeper) == pos.debtor && self.flaw != Some(Flaw::KeeperRewardToDebtor);
        let reward = if sale == 0 || to_debtor {
            0
        } else {
            let c = mul_div_down(debt, chip, WAD).map_err(vmath)?;
            tip.saturating_add(c).min(penalty)
        };
        let liquidation_debt = debt
            .checked_add(reward)
            .ok_or(VaultError::Math(MathError::Overflow))?;
        self.vault.auction_debt = self
            .vault
            .auction_debt
            .checked_add(liquidation_debt)
            .ok_or(VaultError::Math(MathError::Overflow))?;
        self.vault.liquidating.insert(pid, liquidation_debt);
        *self.vault.class_seized.entry(pos.class_id).or_default() += liquidation_debt;
        if let Some(d) = pos.debtor {
            *self
                .vault
                .debtor_seized
                .entry((pos.class_id, d))
                .or_default() += liquidation_debt;
        }
        let debtor = pos.debtor;
        pos.assets.clear();
        pos.price_key = None;
        let (owner, cid) = (pos.owner, pos.class_id);
        self.vault.positions.insert(pid, pos);
        self.vault.classes.insert(cid, class.clone());
        if reward > 0 {
            let v = self.addrs.vault;
            self.token
                .mint(v, keeper, reward)
                .map_err(VaultError::Token)?;
        }
        self.vault.rewards.push((keeper, reward, debtor));
        self.v_flush()?;
        Ok(Seizure {
            owner,
            class_id: cid,
            debt,
            penalty,
            value,
            reward,
            assets,
            multiplier: class.params.auction_start_multiplier.0,
            duration: class.params.auction_duration_ms,
        })
    }

    /// The seized NFT now (sale value, owed, debtor), with its class's sale terms; re-marks the
    /// hold.
    pub(crate) fn revalue(&mut self, id: AssetId) -> Result<(Appraised, u128, u64), VaultError> {
        if self.vault.paused {
            return Err(VaultError::Paused);
        }
        let pledge = self.seized(id)?;
        let pos = self
            .vault
            .positions
            .get(&pledge.position_id)
            .cloned()
            .ok_or(VaultError::PositionNotFound)?;
        let class = self
            .vault
            .classes
            .get(&pos.class_id)
            .cloned()
            .ok_or(VaultError::ClassNotFound)?;
        let (_, mut assets) =
            self.v_appraise(&[id], pos.class_id, &class.params, Purpose::Liquidate, None)?;
        let a = assets.pop().ok_or(VaultError::NotPledged)?;
        let p = self
            .vault
            .pledges
            .get_mut(&id)
            .ok_or(VaultError::NotPledged)?;
        p.hold = if a.sale > 0 {
            Hold::Auction
        } else {
            Hold::Recovery
        };
        Ok((
            a,
            class.params.auction_start_multiplier.0,
            class.params.auction_duration_ms,
        ))
    }

    fn seized(&self, id: AssetId) -> Result<collateral_vault::Pledge, VaultError> {
        let p = self
            .vault
            .pledges
            .get(&id)
            .cloned()
            .ok_or(VaultError::NotPledged)?;
        if p.hold == Hold::Position {
            return Err(VaultError::NotSeized);
        }
        Ok(p)
    }

    pub(crate) fn custody_amount_due(&self, id: AssetId, payer: Acct) -> Result<u128, VaultError> {
        let p = self.seized(id)?;
        let t = match &p.kind {
            AssetKind::Invoice(t) => t.clone(),
            _ => return Err(VaultError::NotInvoice),
        };
        if payer != t.debtor {
            return Err(VaultError::NotDebtor);
        }
        if !matches!(p.status, AssetStatus::Confirmed | AssetStatus::Defaulted) {
            return Err(VaultError::InvalidStatus);
        }
        self.v_amount_due(&t)
    }

    /// Books `releases` and, with `end`, ends that position's liquidation: the liquidation debt
    /// the vault still records for it becomes bad debt (healed from the surplus as far as it
    /// goes) and stops counting against the ceilings and the line.
    pub(crate) fn custody_release(
        &mut self,
        releases: Vec<Release>,
        end: Option<PositionId>,
    ) -> Result<(), VaultError> {
        if releases.len() > 9 {
            return Err(VaultError::TooManyReleases);
        }
        let received = releases
            .iter()
            .try_fold(0u128, |a, r| {
                a.checked_add(r.to_debt)?
                    .checked_add(r.to_penalty)?
                    .checked_add(r.to_loss)
            })
            .ok_or(VaultError::Math(MathError::Overflow))?;
        let v = self.addrs.vault;
        if received > 0 {
            let need = self
                .vault
                .surplus
                .checked_add(received)
                .ok_or(VaultError::Math(MathError::Overflow))?;
            if self.token.balance(&v) < need {
                return Err(VaultError::ProceedsNotReceived);
            }
        }
        let mut burn: u128 = 0;
        for r in &releases {
            let pledge = self.seized(r.id)?;
            if r.to_debt > 0 {
                self.v_unseize(pledge.position_id, r.to_debt)?;
            }
            self.vault.auction_debt = self
                .vault
                .auction_debt
                .checked_sub(r.to_debt)
                .ok_or(VaultError::Math(MathError::Overflow))?;
            let healed = r.to_loss.min(self.vault.bad_debt);
            self.vault.bad_debt -= healed;
            self.vault.healed += healed;
            self.vault.surplus += r.to_penalty + (r.to_loss - healed);
            burn += r.to_debt + healed;
            self.vault.pledges.remove(&r.id);
            if r.settled {
                self.v_count_default(&pledge, AssetStatus::Settled);
                self.registry
                    .release(v, r.id, r.to, AssetStatus::Settled, self.now_ms)
                    .map_err(VaultError::Registry)?;
            } else {
                self.registry
                    .transfer(v, r.to, r.id)
                    .map_err(VaultError::Nft)?;
            }
        }
        self.v_burn_from(v, burn)?;
        if let Some(pid) = end {
            let shortfall = self
                .vault
                .liquidating
                .get(&pid)
                .copied()
                .ok_or(VaultError::NotSeized)?;
            self.v_unseize(pid, shortfall)?;
            self.vault.liquidating.remove(&pid);
            // A shortfall of a position financing a debtor stays on the debtor's line.
            if let Some(d) = self.vault.positions.get(&pid).and_then(|p| p.debtor) {
                if shortfall > 0 {
                    *self.vault.debtor_losses.entry(d).or_default() += shortfall;
                }
            }
            self.vault.auction_debt = self
                .vault
                .auction_debt
                .checked_sub(shortfall)
                .ok_or(VaultError::Math(MathError::Overflow))?;
            self.vault.bad_debt += shortfall;
            if let Some(mut pos) = self.vault.positions.get(&pid).cloned() {
                Self::v_release_ties(&mut pos);
                self.vault.positions.insert(pid, pos);
            }
            self.v_heal()?;
        }
        Ok(())
    }

    pub(crate) fn custody_resolve(&mut self, id: AssetId, valid: bool) -> Result<(), VaultError> {
        let mut pledge = self
            .vault
            .pledges
            .get(&id)
            .cloned()
            .ok_or(VaultError::NotPledged)?;
        if pledge.status != AssetStatus::Disputed || pledge.void {
            return Err(VaultError::InvalidStatus);
        }
        if valid {
            let v = self.addrs.vault;
            self.registry
                .set_status(v, id, AssetStatus::Confirmed, self.now_ms)
                .map_err(VaultError::Registry)?;
            pledge.status = AssetStatus::Confirmed;
        } else {
            // Void: worth nothing from now on, also for the liquidation check.
            pledge.void = true;
        }
        self.vault.pledges.insert(id, pledge);
        Ok(())
    }

    // ── the engine's messages ──

    /// An auction from value × multiplier (saturating), never starting nor selling below what
    /// the debtor owes: start = max(that, owed), reserve = max(start × cusp, owed).
    fn start_auction(
        &mut self,
        pid: PositionId,
        a: &Appraised,
        multiplier: u128,
        duration: u64,
    ) -> Result<(), EngineError> {
        let raw = mul_div_down(a.sale, multiplier, WAD).unwrap_or(u128::MAX);
        let (start, floor) = if self.flaw == Some(Flaw::InvoiceFloorAtCusp) {
            (raw, mul_div_up(raw, self.engine.cusp, WAD)?)
        } else {
            let start = raw.max(a.owed);
            (start, mul_div_up(start, self.engine.cusp, WAD)?.max(a.owed))
        };
        let debtor = if self.flaw == Some(Flaw::InvoiceFloorAtCusp) {
            None
        } else {
            a.debtor
        };
        self.engine.auctions.insert(
            a.id,
            Auction {
                debtor,
                position_id: pid,
                start_price_wad: start,
                floor_wad: floor,
                started_at_ms: self.now_ms,
                duration_ms: duration,
            },
        );
        Ok(())
    }

    /// A seized NFT of no sale value waits in recovery, its write-off date fixed now (at once
    /// for an invoice already ruled void).
    fn start_recovery(&mut self, a: &Appraised, pid: PositionId, liq: u64, owner: Acct) {
        self.engine.recoveries.insert(
            a.id,
            Recovery {
                write_off_at_ms: self.now_ms.saturating_add(self.engine.recovery_period),
                position_id: pid,
                liquidation_id: liq,
                owner,
                since_ms: self.now_ms,
                dispute_upheld: a.void,
                written_off: false,
            },
        );
    }

    /// `payer` pays the vault's parts and the owner's rest from its allowance to the engine.
    fn collect(
        &mut self,
        payer: Acct,
        to_vault: u128,
        owner: Acct,
        to_owner: u128,
    ) -> Result<(), EngineError> {
        let (e, v) = (self.addrs.engine, self.addrs.vault);
        for (to, amount) in [(v, to_vault), (owner, to_owner)] {
            if amount > 0 {
                self.token
                    .transfer_from(e, payer, to, amount)
                    .map_err(EngineError::Token)?;
            }
        }
        Ok(())
    }

    pub(crate) fn liquidate(&mut self, keeper: Acct, pid: PositionId) -> Result<(), EngineError> {
        let e = self.addrs.engine;
        self.v_ensure_engine(e)?;
        let (tip, chip) = (self.engine.tip, self.engine.chip);
        let s = self.seize(pid, keeper, tip, chip)?;
        let id = self.engine.liquidation_count + 1;
        self.engine.liquidation_count = id;
        for a in &s.assets {
            if a.sale == 0 {
                self.start_recovery(a, pid, id, s.owner);
            } else {
                self.start_auction(pid, a, s.multiplier, s.duration)?;
            }
        }
        let mut liq = Liquidation {
            dirt_wad: 0,
            id,
            owner: s.owner,
            class_id: s.class_id,
            debt_remaining_wad: s
                .debt
                .checked_add(s.reward)
                .ok_or(EngineError::Math(MathError::Overflow))?,
            penalty_remaining_wad: s.penalty.saturating_sub(s.reward),
            assets: s.assets.iter().map(|a| a.id).collect(),
            written_off: 0,
        };
        // The liquidation limits: overall and per class.
        let tab = liq
            .debt_remaining_wad
            .checked_add(liq.penalty_remaining_wad)
            .ok_or(EngineError::Math(MathError::Overflow))?;
        let class_dirt = self
            .engine
            .class_dirt
            .get(&s.class_id)
            .copied()
            .unwrap_or(0);
        let over_class = self
            .engine
            .class_holes
            .get(&s.class_id)
            .is_some_and(|h| class_dirt.saturating_add(tab) > *h);
        if self.engine.dirt.saturating_add(tab) > self.engine.hole || over_class {
            return Err(EngineError::LiquidationLimit);
        }
        self.engine.recount(&mut liq, false)?;
        let _ = s.value;
        self.leave(pid, liq, None, None)
    }

    pub(crate) fn take(
        &mut self,
        buyer: Acct,
        id: AssetId,
        max_price: u128,
    ) -> Result<(), EngineError> {
        let a = self
            .engine
            .auctions
            .get(&id)
            .cloned()
            .ok_or(EngineError::AuctionNotFound)?;
        // Its debtor never buys its own invoice: it pays what it owes (`settle`).
        if a.debtor == Some(buyer) {
            return Err(EngineError::DebtorMustSettle);
        }
        let price = self
            .take_price(id, &a)?
            .ok_or(EngineError::AuctionExpired)?;
        if price > max_price {
            return Err(EngineError::PriceAboveMax);
        }
        self.pay_in(id, a.position_id, buyer, price, Some(buyer))
    }

    /// `payer` pays `amount` for auction `id` of `pid`'s live liquidation (a sale to `buyer`, or
    /// with `None` its debtor's payment, the NFT back to the owner, settled): its debt, then its
    /// penalty, the rest to the owner.
    fn pay_in(
        &mut self,
        id: AssetId,
        pid: PositionId,
        payer: Acct,
        amount: u128,
        buyer: Option<Acct>,
    ) -> Result<(), EngineError> {
        let mut liq = self
            .engine
            .liquidations
            .get(&pid)
            .cloned()
            .ok_or(EngineError::AuctionNotFound)?;
        let (d, p, o) = split(amount, liq.debt_remaining_wad, liq.penalty_remaining_wad);
        self.collect(payer, d + p, liq.owner, o)?;
        liq.debt_remaining_wad -= d;
        liq.penalty_remaining_wad -= p;
        self.engine.auctions.remove(&id);
        let r = Release {
            id,
            to: buyer.unwrap_or(liq.owner),
            settled: buyer.is_none(),
            to_debt: d,
            to_penalty: p,
            to_loss: 0,
        };
        self.leave(pid, liq, Some(id), Some(r))
    }

    /// What `take` charges now (the engine's `auction_price` view): the Dutch price, and for an
    /// invoice at least what its debtor owes now; the vault's error when that cannot be read.
    pub fn take_price(&self, id: AssetId, a: &Auction) -> Result<Option<u128>, EngineError> {
        let Some(price) = auction_price(a, self.now_ms)? else {
            return Ok(None);
        };
        match a.debtor {
            Some(debtor) => Ok(Some(price.max(self.custody_amount_due(id, debtor)?))),
            None => Ok(Some(price)),
        }
    }

    pub(crate) fn restart_auction(&mut self, _who: Acct, id: AssetId) -> Result<(), EngineError> {
        let (pid, from_recovery) = match self.engine.auctions.get(&id) {
            Some(a) => {
                if auction_price(a, self.now_ms)?.is_some() {
                    return Err(EngineError::AuctionNotExpired);
                }
                (a.position_id, false)
            }
            None => match self.engine.recoveries.get(&id) {
                Some(r) if !r.written_off => (r.position_id, true),
                _ => return Err(EngineError::AuctionNotFound),
            },
        };
        let liq = self
            .engine
            .liquidations
            .get(&pid)
            .cloned()
            .ok_or(EngineError::AuctionNotFound)?;
        let e = self.addrs.engine;
        self.v_ensure_engine(e)?;
        let (a, mult, dur) = self.revalue(id)?;
        match (a.sale, from_recovery) {
            (0, true) => Err(EngineError::NoValue),
            (0, false) => {
                self.engine.auctions.remove(&id);
                self.start_recovery(&a, pid, liq.id, liq.owner);
                Ok(())
            }
            _ => {
                self.engine.recoveries.remove(&id);
                self.start_auction(pid, &a, mult, dur)
            }
        }
    }

    /// The debtor pays a seized invoice: at auction (the auction ends) or in recovery.
    pub(crate) fn engine_settle(&mut self, debtor: Acct, id: AssetId) -> Result<(), EngineError> {
        if let Some(a) = self.engine.auctions.get(&id).cloned() {
            return self.settle_at_auction(id, a, debtor);
        }
        let rec = self
            .engine
            .recoveries
            .get(&id)
            .cloned()
            .ok_or(EngineError::NotInRecovery)?;
        let due = self.custody_amount_due(id, debtor)?;
        let live = self
            .engine
            .liquidations
            .get(&rec.position_id)
            .filter(|l| l.id == rec.liquidation_id)
            .cloned();
        let claim = if live.is_some() {
            None
        } else {
            self.engine.claims.get(&rec.liquidation_id).cloned()
        };
        let (debt, penalty) = match (&live, &claim) {
            (Some(l), _) => (l.debt_remaining_wad, l.penalty_remaining_wad),
            (None, Some(c)) => (c.debt_wad, c.penalty_wad),
            (None, None) => (0, 0),
        };
        let (d, p, o) = split(due, debt, penalty);
        let (to_debt, to_loss) = if live.is_some() { (d, 0) } else { (0, d) };
        self.collect(debtor, d + p, rec.owner, o)?;
        self.engine.recoveries.remove(&id);
        let r = Release {
            id,
            to: rec.owner,
            settled: true,
            to_debt,
            to_penalty: p,
            to_loss,
        };
        if let Some(mut liq) = live {
            liq.debt_remaining_wad -= d;
            liq.penalty_remaining_wad -= p;
            return self.leave(rec.position_id, liq, Some(id), Some(r));
        }
        if let Some(mut c) = claim {
            c.debt_wad -= d;
            c.penalty_wad -= p;
            if c.debt_wad == 0 && c.penalty_wad == 0 {
                self.engine.claims.remove(&rec.liquidation_id);
            } else {
                self.engine.claims.insert(rec.liquidation_id, c);
            }
        }
        let e = self.addrs.engine;
        self.v_ensure_engine(e)?;
        self.custody_release(vec![r], None)?;
        Ok(())
    }

    fn settle_at_auction(
        &mut self,
        id: AssetId,
        a: Auction,
        debtor: Acct,
    ) -> Result<(), EngineError> {
        let due = self.custody_amount_due(id, debtor)?;
        self.pay_in(id, a.position_id, debtor, due, None)
    }

    pub(crate) fn resolve_dispute(
        &mut self,
        who: Acct,
        id: AssetId,
        valid: bool,
    ) -> Result<(), EngineError> {
        if self.engine.arbiter != Some(who) {
            return Err(EngineError::NotArbiter);
        }
        let e = self.addrs.engine;
        self.v_ensure_engine(e)?;
        self.custody_resolve(id, valid)?;
        if let Some(mut rec) = self.engine.recoveries.get(&id).cloned() {
            if !valid {
                rec.dispute_upheld = true;
                self.engine.recoveries.insert(id, rec);
            }
        }
        Ok(())
    }

    pub(crate) fn write_off(&mut self, _who: Acct, id: AssetId) -> Result<(), EngineError> {
        let mut rec = self
            .engine
            .recoveries
            .get(&id)
            .cloned()
            .ok_or(EngineError::NotInRecovery)?;
        if rec.written_off {
            return Err(EngineError::NotInRecovery);
        }
        // The date fixed when the recovery started.
        if !rec.dispute_upheld && self.now_ms < rec.write_off_at_ms {
            return Err(EngineError::RecoveryNotOver);
        }
        let mut liq = self
            .engine
            .liquidations
            .get(&rec.position_id)
            .cloned()
            .ok_or(EngineError::NotInRecovery)?;
        rec.written_off = true;
        self.engine.recoveries.insert(id, rec.clone());
        liq.written_off = liq.written_off.saturating_add(1);
        self.leave(rec.position_id, liq, Some(id), None)
    }

    /// An NFT leaves its liquidation; the liquidation ends once its target is met or nothing is
    /// left in it (the rest goes back to the owner, the vault books the shortfall as bad debt,
    /// and written-off NFTs leave a claim). One release call into the vault.
    fn leave(
        &mut self,
        pid: PositionId,
        mut liq: Liquidation,
        left: Option<AssetId>,
        release: Option<Release>,
    ) -> Result<(), EngineError> {
        if let Some(id) = left {
            liq.assets.retain(|a| *a != id);
        }
        let mut releases: Vec<Release> = release.into_iter().collect();
        let target_met = liq.debt_remaining_wad == 0 && liq.penalty_remaining_wad == 0;
        let end = if target_met || liq.assets.is_empty() {
            for id in liq.assets.clone() {
                self.engine.auctions.remove(&id);
                self.engine.recoveries.remove(&id);
                releases.push(Release {
                    id,
                    to: liq.owner,
                    settled: false,
                    to_debt: 0,
                    to_penalty: 0,
                    to_loss: 0,
                });
            }
            if liq.written_off > 0 && !target_met {
                self.engine.claims.insert(
                    liq.id,
                    Claim {
                        debt_wad: liq.debt_remaining_wad,
                        penalty_wad: liq.penalty_remaining_wad,
                    },
                );
            }
            self.engine.recount(&mut liq, true)?;
            self.engine.liquidations.remove(&pid);
            Some(pid)
        } else {
            self.engine.recount(&mut liq, false)?;
            self.engine.liquidations.insert(pid, liq);
            None
        };
        if releases.is_empty() && end.is_none() {
            return Ok(());
        }
        let e = self.addrs.engine;
        self.v_ensure_engine(e)?;
        self.custody_release(releases, end)?;
        Ok(())
    }
}
