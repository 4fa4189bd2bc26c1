//! The collateral vault, from `docs/architecture.md` ("Collateral vault", "The books",
//! `Custody`) and the doc comment of each message: classes and their fee accumulators (MakerDAO
//! Jug: `rate ← rpow(fee, Δs) × rate` over whole seconds, rounded down; fees to the surplus, whole
//! units minted at the end of the message, the rest pending in rad), positions, pledges and
//! holds, credit lines, valuation, settlement, the books, and the engine-only `Custody` side.
//!
//! Issue 19's rules: valuation has a purpose ([`Purpose`]): lending (borrow, withdraw,
//! `max_borrow`, `position_value`) takes the oracle's lower middle value and counts `Confirmed`
//! NFTs only; the liquidation check (seize, revalue) takes the upper one and also counts a
//! disputed invoice until the arbiter rules it void. What a debtor owes is face × the upper price,
//! rounded up. A position has one price key. Seized debt (with the keeper reward) keeps counting
//! against the class ceiling, the global ceiling, the concentration limit and the debtor's line
//! until proceeds repay it or the liquidation ends (`liquidating`, `class_seized`,
//! `debtor_seized`); the position keeps its debtor while it is liquidated. Overdue value declines
//! linearly over the grace period (at least a day).
use super::{Acct, Call, Model, Ret};
use collateral_vault::{
    Class, ClassId, ClassParams, ClassState, DebtorLine, Hold, Pledge, Position, PositionId,
    VaultError,
};
use primitive_types::U256;
use scf_interfaces::math::{full_mul, mul_div_down, mul_div_up};
use scf_interfaces::{
    AssetId, AssetKind, AssetKindCode, AssetStatus, InvoiceRates, InvoiceTerms, MathError,
    OracleError, PriceData, PriceKey, Ray, RegistryError, Wad, MS_PER_YEAR, RAY, WAD,
};
use std::collections::{BTreeMap, BTreeSet};

pub const MAX_CLASSES: u32 = 16;
pub const MAX_KEYS_PER_CLASS: usize = 8;
pub const MAX_ASSETS: usize = 8;
/// The shortest grace period over which overdue value declines (no cliff).
pub const MIN_GRACE_PERIOD_MS: u64 = 86_400_000;

type R<T> = Result<T, VaultError>;

fn math(e: MathError) -> VaultError {
    VaultError::Math(e)
}
fn overflow() -> VaultError {
    VaultError::Math(MathError::Overflow)
}

#[derive(Debug, Clone)]
pub struct Vault {
    pub admin: Acct,
    /// The admin's two-step transfer: the account that may accept.
    pub pending_admin: Option<Acct>,
    pub guardian: Acct,
    pub paused: bool,
    pub unit_key: PriceKey,
    pub classes: BTreeMap<ClassId, Class>,
    pub class_count: u32,
    pub global_ceiling: u128,
    pub positions: BTreeMap<PositionId, Position>,
    pub position_count: u64,
    pub pledges: BTreeMap<AssetId, Pledge>,
    pub debtor_art: BTreeMap<(ClassId, Acct), u128>,
    /// Positions being liquidated, with the liquidation debt the vault still records for each
    /// (seized debt and keeper reward, less proceeds to the debt); an entry may hold 0 until its
    /// liquidation ends.
    pub liquidating: BTreeMap<PositionId, u128>,
    /// Liquidation debt per class and per (class, debtor): still counted against the ceilings
    /// and the debtor's line.
    pub class_seized: BTreeMap<ClassId, u128>,
    pub debtor_seized: BTreeMap<(ClassId, Acct), u128>,
    /// Debt written off from liquidations of positions financing a debtor (its losses): it
    /// keeps counting against the debtor's line until an underwriter clears it.
    pub debtor_losses: BTreeMap<Acct, u128>,
    pub surplus: u128,
    pub unminted: u128,
    pub pending_rad: u128,
    pub auction_debt: u128,
    pub bad_debt: u128,
    /// Bad debt healed so far (not contract state: the canary "bad debt is never healed" reads it).
    pub healed: u128,
    pub underwriters: BTreeSet<Acct>,
    pub lines: BTreeMap<Acct, DebtorLine>,
    pub restricted: BTreeSet<ClassId>,
    pub suppliers: BTreeSet<(ClassId, Acct)>,
    pub max_price_age: u64,
    pub buffer: u128,
    pub class_keys: BTreeMap<ClassId, Vec<PriceKey>>,
    pub engine: Option<Acct>,
    /// Each debtor's unpaid defaults as the vault counts them (issue 20): one more for each of
    /// its invoices the vault marks defaulted, one fewer for each defaulted one paid through the
    /// vault or its engine; cleared by a borrow once the registry's record shows none unpaid.
    pub defaults: BTreeMap<Acct, u32>,
    /// Every keeper reward minted so far: (keeper, amount, the position's debtor). Not contract
    /// state: the harness reads it (no reward is ever minted to the position's debtor).
    pub rewards: Vec<(Acct, u128, Option<Acct>)>,
}

/// What a valuation is for: lending takes the lower middle price and counts `Confirmed` NFTs
/// only; the liquidation check takes the upper one and also counts a disputed invoice until it
/// is ruled void.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Lend,
    Liquidate,
}

impl Purpose {
    /// The price this purpose takes from an answer (the upper never below the lower).
    pub fn price(self, a: &PriceData) -> u128 {
        match self {
            Purpose::Lend => a.price_wad,
            Purpose::Liquidate => a.upper_wad.max(a.price_wad),
        }
    }
}

/// Whether an NFT in `status` has a value for `purpose`.
pub fn counts(status: AssetStatus, void: bool, purpose: Purpose) -> bool {
    match status {
        AssetStatus::Confirmed => true,
        AssetStatus::Disputed => purpose == Purpose::Liquidate && !void,
        _ => false,
    }
}

/// One pledged NFT valued for a purpose, as the engine must treat it once seized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appraised {
    pub id: AssetId,
    /// Its value for the purpose (a disputed invoice's counts for the liquidation check).
    pub value: u128,
    /// What it may be sold for: its value if `Confirmed`, else 0 (recovery).
    pub sale: u128,
    /// What its debtor owes now (face × the purpose's price, rounded up) for a `Confirmed`
    /// invoice; else 0.
    pub owed: u128,
    pub debtor: Option<Acct>,
    /// The arbiter already ruled the invoice void: its recovery may be written off at once.
    pub void: bool,
}

// ── plain rules (fixed point) ──

/// A class's accumulator brought to `now` over whole seconds, and the fee accrued (rad).
pub fn accrue(s: &ClassState, fee: Ray, now: u64) -> Result<(ClassState, U256), MathError> {
    let dt = now.saturating_sub(s.last_accrual_ms) / 1_000;
    if dt == 0 {
        return Ok((s.clone(), U256::zero()));
    }
    let factor = fee.pow(dt)?;
    let rate = mul_div_down(factor.0, s.rate.0, RAY)?;
    let delta = rate.checked_sub(s.rate.0).ok_or(MathError::Overflow)?;
    Ok((
        ClassState {
            total_art: s.total_art,
            rate: Ray(rate),
            last_accrual_ms: s.last_accrual_ms + dt * 1_000,
        },
        full_mul(s.total_art, delta),
    ))
}

/// Debt of a normalised amount, rounded up.
pub fn debt_of(art: u128, rate: Ray) -> Result<u128, MathError> {
    mul_div_up(art, rate.0, RAY)
}

/// The value of an NFT that counts (see [`counts`]) at `price`: invoice = face × price ÷
/// (1 + r·t) to the due date, then declining linearly to 0 over the grace period; goods =
/// quantity × price × (1 − haircut), in transit past arrival declining the same way. Every step
/// rounds down.
pub fn asset_value(
    kind: &AssetKind,
    price: u128,
    now: u64,
    p: &ClassParams,
) -> Result<u128, MathError> {
    let goods = |q: u128| -> Result<u128, MathError> {
        let gross = mul_div_down(q, price, WAD)?;
        mul_div_down(gross, WAD - p.goods_haircut.0, WAD)
    };
    match kind {
        AssetKind::Invoice(t) => {
            let base = mul_div_down(t.face_value_wad, price, WAD)?;
            if now <= t.due_date_ms {
                let rt = mul_div_up(
                    p.discount_rate_annual.0,
                    u128::from(t.due_date_ms - now),
                    u128::from(MS_PER_YEAR),
                )?;
                mul_div_down(base, WAD, WAD.checked_add(rt).ok_or(MathError::Overflow)?)
            } else {
                late(base, now - t.due_date_ms, p.grace_period_ms)
            }
        }
        AssetKind::WarehouseReceipt(t) => goods(t.quantity_wad),
        AssetKind::InTransit(t) => {
            let v = goods(t.quantity_wad)?;
            if now <= t.expected_arrival_ms {
                Ok(v)
            } else {
                late(v, now - t.expected_arrival_ms, p.grace_period_ms)
            }
        }
    }
}

/// Late by `late_ms` into a grace of `grace_ms`: linear to 0 at its end, rounded down.
fn late(v: u128, late_ms: u64, grace_ms: u64) -> Result<u128, MathError> {
    if late_ms >= grace_ms {
        return Ok(0);
    }
    mul_div_down(v, u128::from(grace_ms - late_ms), u128::from(grace_ms))
}

/// debt × ratio (rounded up) ≤ value.
pub fn is_safe(debt: u128, value: u128, ratio: Wad) -> Result<bool, MathError> {
    Ok(mul_div_up(debt, ratio.0, WAD)? <= value)
}

pub fn valid_params(p: &ClassParams) -> bool {
    (WAD..=10 * WAD).contains(&p.liquidation_ratio.0)
        && (RAY..=1_000_000_021_979_553_151_239_153_027).contains(&p.stability_fee_per_second.0)
        && p.liquidation_penalty.0 <= WAD / 2
        && p.dust_wad <= p.debt_ceiling_wad
        && p.discount_rate_annual.0 <= WAD
        && (MIN_GRACE_PERIOD_MS..=31_536_000_000).contains(&p.grace_period_ms)
        && p.goods_haircut.0 < WAD
        && (WAD..=10 * WAD).contains(&p.auction_start_multiplier.0)
        && (60_000..=2_592_000_000).contains(&p.auction_duration_ms)
}

fn kind_code(k: &AssetKind) -> AssetKindCode {
    match k {
        AssetKind::Invoice(_) => AssetKindCode::Invoice,
        AssetKind::WarehouseReceipt(_) => AssetKindCode::WarehouseReceipt,
        AssetKind::InTransit(_) => AssetKindCode::InTransit,
    }
}

pub fn price_key_of(k: &AssetKind) -> PriceKey {
    match k {
        AssetKind::Invoice(t) => t.currency,
        AssetKind::WarehouseReceipt(t) => t.commodity,
        AssetKind::InTransit(t) => t.commodity,
    }
}

impl Model {
    fn v_ensure_admin(&self, who: Acct) -> R<()> {
        if who == self.vault.admin {
            Ok(())
        } else {
            Err(VaultError::NotAdmin)
        }
    }

    fn v_class(&self, id: ClassId) -> R<Class> {
        self.vault
            .classes
            .get(&id)
            .cloned()
            .ok_or(VaultError::ClassNotFound)
    }

    /// Brings a class's accumulator to now; the fee goes to the surplus. Stores the class.
    pub(crate) fn v_accrue(&mut self, id: ClassId) -> R<Class> {
        let mut c = self.v_class(id)?;
        let (state, fee) =
            accrue(&c.state, c.params.stability_fee_per_second, self.now_ms).map_err(math)?;
        if state != c.state {
            c.state = state;
            self.vault.classes.insert(id, c.clone());
            self.v_add_surplus_rad(fee)?;
        }
        Ok(c)
    }

    pub(crate) fn v_add_surplus_rad(&mut self, rad: U256) -> R<()> {
        let total = U256::from(self.vault.pending_rad)
            .checked_add(rad)
            .ok_or(overflow())?;
        let (whole, rest) = total.div_mod(U256::from(RAY));
        if whole > U256::from(u128::MAX) {
            return Err(overflow());
        }
        self.vault.unminted = self
            .vault
            .unminted
            .checked_add(whole.low_u128())
            .ok_or(overflow())?;
        self.vault.pending_rad = rest.low_u128();
        Ok(())
    }

    /// Mints the whole surplus units accrued during this message to the vault.
    pub(crate) fn v_flush(&mut self) -> R<()> {
        let amount = std::mem::take(&mut self.vault.unminted);
        if amount == 0 {
            return Ok(());
        }
        self.vault.surplus = self.vault.surplus.checked_add(amount).ok_or(overflow())?;
        let v = self.addrs.vault;
        self.token.mint(v, v, amount).map_err(VaultError::Token)
    }

    pub(crate) fn v_burn_from(&mut self, from: Acct, amount: u128) -> R<()> {
        if amount == 0 {
            return Ok(());
        }
        let v = self.addrs.vault;
        self.token
            .burn_from(v, from, amount)
            .map_err(VaultError::Token)
    }

    pub(crate) fn v_heal(&mut self) -> R<()> {
        let amount = self.vault.surplus.min(self.vault.bad_debt);
        if amount == 0 {
            return Ok(());
        }
        let v = self.addrs.vault;
        self.v_burn_from(v, amount)?;
        self.vault.surplus -= amount;
        self.vault.bad_debt -= amount;
        self.vault.healed += amount;
        Ok(())
    }

    /// The oracle's answer, refused unless within the vault's own max age and not in the future.
    pub(crate) fn v_fresh_price(&self, key: PriceKey) -> R<PriceData> {
        let a = self
            .oracle
            .price(key, self.now_ms)
            .map_err(VaultError::Oracle)?;
        if a.updated_at_ms > self.now_ms || self.now_ms - a.updated_at_ms > self.vault.max_price_age
        {
            return Err(VaultError::Oracle(OracleError::StalePrice));
        }
        Ok(a)
    }

    /// The pledged `assets` valued for `purpose` at fresh prices: (total, each). Only an NFT
    /// that counts needs a price; an unpriceable one is the oracle's error, never 0 (borrowing,
    /// withdrawing, liquidating and revaluing all wait for a price). The unit key needs none.
    pub(crate) fn v_appraise(
        &self,
        assets: &[AssetId],
        class: ClassId,
        p: &ClassParams,
        purpose: Purpose,
        rates: Option<InvoiceRates>,
    ) -> R<(u128, Vec<Appraised>)> {
        let mut total: u128 = 0;
        let mut out = Vec::new();
        for id in assets {
            let pledge = self.vault.pledges.get(id).ok_or(VaultError::NotPledged)?;
            let debtor = match &pledge.kind {
                AssetKind::Invoice(t) => Some(t.debtor),
                _ => None,
            };
            let mut a = Appraised {
                id: *id,
                value: 0,
                sale: 0,
                owed: 0,
                debtor,
                void: pledge.void,
            };
            if counts(pledge.status, pledge.void, purpose) {
                let key = price_key_of(&pledge.kind);
                let price = if key == self.vault.unit_key {
                    WAD
                } else {
                    purpose.price(&self.v_fresh_price(key)?)
                };
                let value = match &pledge.kind {
                    // Graded (issue 22): discounted at the larger of the class's and the grade's
                    // rate, then advanced at the grade's share.
                    AssetKind::Invoice(_) => match rates {
                        Some(r) => {
                            let mut graded = p.clone();
                            graded.discount_rate_annual =
                                Wad(r.discount_rate_annual_wad.max(p.discount_rate_annual.0));
                            let v = asset_value(&pledge.kind, price, self.now_ms, &graded)
                                .map_err(math)?;
                            mul_div_down(v, r.advance_wad, WAD).map_err(math)?
                        }
                        None => asset_value(&pledge.kind, price, self.now_ms, p).map_err(math)?,
                    },
                    // Goods keep their condition's share: all, less the haircut, or nothing.
                    _ => {
                        let v = asset_value(&pledge.kind, price, self.now_ms, p).map_err(math)?;
                        match self.monitor.factor(*id, class, self.now_ms) {
                            Some(f) => mul_div_down(v, f, WAD).map_err(math)?,
                            None => 0,
                        }
                    }
                };
                total = total.checked_add(value).ok_or(overflow())?;
                a.value = value;
                if pledge.status == AssetStatus::Confirmed {
                    a.sale = value;
                    if let AssetKind::Invoice(t) = &pledge.kind {
                        a.owed = mul_div_up(t.face_value_wad, price, WAD).map_err(math)?;
                    }
                }
            }
            out.push(a);
        }
        Ok((total, out))
    }

    /// A pledged goods lot valued to lend against: (with its condition, from its terms alone).
    pub fn lot_values(&self, id: AssetId, class: ClassId, p: &ClassParams) -> R<(u128, u128)> {
        let pledge = self.vault.pledges.get(&id).ok_or(VaultError::NotPledged)?;
        if !counts(pledge.status, pledge.void, Purpose::Lend) {
            return Ok((0, 0));
        }
        let key = price_key_of(&pledge.kind);
        let price = if key == self.vault.unit_key {
            WAD
        } else {
            Purpose::Lend.price(&self.v_fresh_price(key)?)
        };
        let terms = asset_value(&pledge.kind, price, self.now_ms, p).map_err(math)?;
        let with = self.v_appraise(&[id], class, p, Purpose::Lend, None)?.0;
        Ok((with, terms))
    }

    /// `pos` valued for `purpose`: for lending, its invoices at its debtor's grade (the credit
    /// pricer's rates for its class, if the class has a table).
    pub(crate) fn v_value(&self, pos: &Position, p: &ClassParams, purpose: Purpose) -> R<u128> {
        let rates = match (purpose, pos.debtor) {
            (Purpose::Lend, Some(d)) => self.pricer.rates(&self.registry, pos.class_id, &d),
            _ => None,
        };
        Ok(self
            .v_appraise(&pos.assets, pos.class_id, p, purpose, rates)?
            .0)
    }

    fn v_ensure_safe(&self, pos: &Position, c: &Class) -> R<()> {
        if pos.art == 0 {
            return Ok(());
        }
        let debt = debt_of(pos.art, c.state.rate).map_err(math)?;
        let value = self.v_value(pos, &c.params, Purpose::Lend)?;
        if is_safe(debt, value, c.params.liquidation_ratio).map_err(math)? {
            Ok(())
        } else {
            Err(VaultError::Unsafe)
        }
    }

    fn v_owned(&self, id: PositionId, who: Acct) -> R<Position> {
        let pos = self
            .vault
            .positions
            .get(&id)
            .cloned()
            .ok_or(VaultError::PositionNotFound)?;
        if pos.owner != who {
            return Err(VaultError::NotOwner);
        }
        if self.vault.liquidating.contains_key(&id) {
            return Err(VaultError::PositionLiquidating);
        }
        Ok(pos)
    }

    fn v_supplier_allowed(&self, class: ClassId, who: Acct) -> R<()> {
        if self.vault.restricted.contains(&class) && !self.vault.suppliers.contains(&(class, who)) {
            return Err(VaultError::SupplierNotAllowed);
        }
        Ok(())
    }

    fn v_active_line(&self, d: Acct) -> R<DebtorLine> {
        let line = self
            .vault
            .lines
            .get(&d)
            .cloned()
            .ok_or(VaultError::DebtorNotApproved)?;
        if line.suspended {
            return Err(VaultError::DebtorSuspended);
        }
        Ok(line)
    }

    /// Debt against `debtor`'s invoices in every class, each class's rate brought to now, its
    /// seized debt not yet recovered or written off, and its written-off losses not yet cleared:
    /// what its credit line bounds.
    pub(crate) fn v_exposure(&self, debtor: Acct, updated: Option<(ClassId, &Class)>) -> R<u128> {
        let mut total: u128 = self.vault.debtor_losses.get(&debtor).copied().unwrap_or(0);
        for id in 0..self.vault.class_count {
            let seized = self
                .vault
                .debtor_seized
                .get(&(id, debtor))
                .copied()
                .unwrap_or(0);
            total = total.checked_add(seized).ok_or(overflow())?;
            let art = self
                .vault
                .debtor_art
                .get(&(id, debtor))
                .copied()
                .unwrap_or(0);
            if art == 0 {
                continue;
            }
            let rate = match updated {
                Some((u, c)) if u == id => c.state.rate,
                _ => {
                    let c = self.v_class(id)?;
                    accrue(&c.state, c.params.stability_fee_per_second, self.now_ms)
                        .map_err(math)?
                        .0
                        .rate
                }
            };
            total = total
                .checked_add(debt_of(art, rate).map_err(math)?)
                .ok_or(overflow())?;
        }
        Ok(total)
    }

    /// `debtor_exposure`.
    pub fn debtor_exposure(&self, debtor: Acct) -> R<u128> {
        self.v_exposure(debtor, None)
    }

    /// `debtor_debt(class, debtor)`: at the class's stored rate, seized debt included.
    pub fn debtor_debt(&self, class: ClassId, debtor: Acct) -> R<u128> {
        let c = self.v_class(class)?;
        let art = self
            .vault
            .debtor_art
            .get(&(class, debtor))
            .copied()
            .unwrap_or(0);
        debt_of(art, c.state.rate)
            .map_err(math)?
            .checked_add(
                self.vault
                    .debtor_seized
                    .get(&(class, debtor))
                    .copied()
                    .unwrap_or(0),
            )
            .ok_or(overflow())
    }

    /// What settles an invoice: face × the currency's fresh upper price (the lender's side),
    /// rounded up; face alone in the unit key.
    pub(crate) fn v_amount_due(&self, t: &InvoiceTerms) -> R<u128> {
        if t.currency == self.vault.unit_key {
            return Ok(t.face_value_wad);
        }
        let p = Purpose::Liquidate.price(&self.v_fresh_price(t.currency)?);
        mul_div_up(t.face_value_wad, p, WAD).map_err(math)
    }

    /// A position holding no NFT has no price key; one also free of debt has no debtor.
    pub(crate) fn v_release_ties(pos: &mut Position) {
        if pos.assets.is_empty() {
            pos.price_key = None;
            if pos.art == 0 {
                pos.debtor = None;
            }
        }
    }

    /// `amount` of a liquidating position's liquidation debt was recovered (or is written off at
    /// its end): it stops counting against the class ceiling and the debtor's line.
    pub(crate) fn v_unseize(&mut self, pid: PositionId, amount: u128) -> R<()> {
        let left = self
            .vault
            .liquidating
            .get(&pid)
            .copied()
            .ok_or(VaultError::NotSeized)?
            .checked_sub(amount)
            .ok_or(overflow())?;
        self.vault.liquidating.insert(pid, left);
        let pos = self
            .vault
            .positions
            .get(&pid)
            .cloned()
            .ok_or(VaultError::PositionNotFound)?;
        let class_left = self
            .vault
            .class_seized
            .get(&pos.class_id)
            .copied()
            .unwrap_or(0)
            .checked_sub(amount)
            .ok_or(overflow())?;
        if class_left == 0 {
            self.vault.class_seized.remove(&pos.class_id);
        } else {
            self.vault.class_seized.insert(pos.class_id, class_left);
        }
        if let Some(d) = pos.debtor {
            let k = (pos.class_id, d);
            let left = self
                .vault
                .debtor_seized
                .get(&k)
                .copied()
                .unwrap_or(0)
                .checked_sub(amount)
                .ok_or(overflow())?;
            if left == 0 {
                self.vault.debtor_seized.remove(&k);
            } else {
                self.vault.debtor_seized.insert(k, left);
            }
        }
        Ok(())
    }

    /// Removes normalised debt from a position, its class and its debtor's measure.
    pub(crate) fn v_remove_art(&mut self, pos: &mut Position, c: &mut Class, art: u128) -> R<()> {
        pos.art = pos.art.checked_sub(art).ok_or(overflow())?;
        c.state.total_art = c.state.total_art.checked_sub(art).ok_or(overflow())?;
        if let Some(d) = pos.debtor {
            let k = (pos.class_id, d);
            let left = self
                .vault
                .debtor_art
                .get(&k)
                .copied()
                .unwrap_or(0)
                .checked_sub(art)
                .ok_or(overflow())?;
            if left == 0 {
                self.vault.debtor_art.remove(&k);
            } else {
                self.vault.debtor_art.insert(k, left);
            }
        }
        Ok(())
    }

    fn v_send_nft(&mut self, to: Acct, id: AssetId) -> R<()> {
        let v = self.addrs.vault;
        self.registry.transfer(v, to, id).map_err(VaultError::Nft)
    }

    fn v_change_status(
        &mut self,
        id: AssetId,
        mut pledge: Pledge,
        from: AssetStatus,
        to: AssetStatus,
    ) -> R<()> {
        if pledge.status != from {
            return Err(VaultError::InvalidStatus);
        }
        let v = self.addrs.vault;
        self.registry
            .set_status(v, id, to, self.now_ms)
            .map_err(VaultError::Registry)?;
        self.v_count_default(&pledge, to);
        pledge.status = to;
        self.vault.pledges.insert(id, pledge);
        Ok(())
    }

    /// The vault's count of a pledged invoice's debtor's unpaid defaults, after its status goes
    /// from the pledge's to `to`.
    pub(crate) fn v_count_default(&mut self, pledge: &Pledge, to: AssetStatus) {
        self.v_count_default_of(&pledge.kind, pledge.status, to);
    }

    /// The vault's count of an invoice's debtor's unpaid defaults, after its status goes from
    /// `from` to `to` (a pledged one, or one paid on chain through `pay_invoice`).
    pub(crate) fn v_count_default_of(
        &mut self,
        kind: &AssetKind,
        from: AssetStatus,
        to: AssetStatus,
    ) {
        let AssetKind::Invoice(t) = kind else {
            return;
        };
        let n = self.vault.defaults.entry(t.debtor).or_default();
        match (from, to) {
            (AssetStatus::Defaulted, AssetStatus::Settled) => *n = n.saturating_sub(1),
            (from, AssetStatus::Defaulted) if from != AssetStatus::Defaulted => *n += 1,
            _ => {}
        }
        if *n == 0 {
            self.vault.defaults.remove(&t.debtor);
        }
    }

    fn v_not_paused(&self) -> R<()> {
        if self.vault.paused {
            Err(VaultError::Paused)
        } else {
            Ok(())
        }
    }

    pub(crate) fn exec_vault(&mut self, call: &Call) -> R<Ret> {
        use Call::*;
        let now = self.now_ms;
        match call.clone() {
            Open { who, class } => {
                self.v_class(class)?;
                self.v_supplier_allowed(class, who)?;
                let id = self.vault.position_count.checked_add(1).ok_or(overflow())?;
                self.vault.positions.insert(
                    id,
                    Position {
                        price_key: None,
                        owner: who,
                        class_id: class,
                        art: 0,
                        assets: vec![],
                        debtor: None,
                    },
                );
                self.vault.position_count = id;
                Ok(Ret::Id(u128::from(id)))
            }
            Deposit { who, pos: pid, id } => {
                let mut pos = self.v_owned(pid, who)?;
                if pos.assets.len() >= MAX_ASSETS {
                    return Err(VaultError::PositionFull);
                }
                let class = self.v_class(pos.class_id)?;
                let v = self.addrs.vault;
                let asset = match self.registry.take_custody(v, id, who) {
                    Ok(a) => a,
                    Err(RegistryError::NotOwner) => return Err(VaultError::NotAssetOwner),
                    Err(RegistryError::AssetNotFound) => return Err(VaultError::AssetNotFound),
                    Err(e) => return Err(VaultError::Registry(e)),
                };
                if kind_code(&asset.kind) != class.params.kind {
                    return Err(VaultError::WrongAssetKind);
                }
                if asset.status != AssetStatus::Confirmed {
                    return Err(VaultError::NotConfirmed);
                }
                let key = price_key_of(&asset.kind);
                if !self
                    .vault
                    .class_keys
                    .get(&pos.class_id)
                    .is_some_and(|k| k.contains(&key))
                {
                    return Err(VaultError::PriceKeyNotAccepted);
                }
                // One key per position.
                match pos.price_key {
                    Some(k) if k != key => return Err(VaultError::PriceKeyMismatch),
                    _ => pos.price_key = Some(key),
                }
                if key != self.vault.unit_key {
                    self.v_fresh_price(key)?;
                }
                match &asset.kind {
                    AssetKind::Invoice(t) => {
                        if now > t.due_date_ms {
                            return Err(VaultError::AssetExpired);
                        }
                        match pos.debtor {
                            Some(d) if d != t.debtor => return Err(VaultError::DebtorMismatch),
                            _ => pos.debtor = Some(t.debtor),
                        }
                        self.v_active_line(t.debtor)?;
                    }
                    AssetKind::InTransit(t) if now > t.expected_arrival_ms => {
                        return Err(VaultError::AssetExpired)
                    }
                    _ => {}
                }
                pos.assets.push(id);
                self.vault.positions.insert(pid, pos);
                self.vault.pledges.insert(
                    id,
                    Pledge {
                        void: false,
                        position_id: pid,
                        kind: asset.kind,
                        status: asset.status,
                        hold: Hold::Position,
                    },
                );
                Ok(Ret::Unit)
            }
            Withdraw { who, pos: pid, id } => {
                self.v_not_paused()?;
                let mut pos = self.v_owned(pid, who)?;
                let i = pos
                    .assets
                    .iter()
                    .position(|a| *a == id)
                    .ok_or(VaultError::NotPledged)?;
                pos.assets.swap_remove(i);
                self.vault.pledges.remove(&id);
                let class = self.v_accrue(pos.class_id)?;
                self.v_ensure_safe(&pos, &class)?;
                Self::v_release_ties(&mut pos);
                let owner = pos.owner;
                self.vault.positions.insert(pid, pos);
                self.v_send_nft(owner, id)?;
                self.v_flush()?;
                Ok(Ret::Unit)
            }
            Borrow {
                who,
                pos: pid,
                amount,
            } => {
                self.v_not_paused()?;
                if amount == 0 {
                    return Err(VaultError::ZeroAmount);
                }
                let mut pos = self.v_owned(pid, who)?;
                self.v_supplier_allowed(pos.class_id, who)?;
                let mut class = self.v_accrue(pos.class_id)?;
                let rate = class.state.rate;
                let art_add = mul_div_up(amount, RAY, rate.0).map_err(math)?;
                let excess = full_mul(art_add, rate.0)
                    .checked_sub(full_mul(amount, RAY))
                    .ok_or(overflow())?;
                let art = pos.art.checked_add(art_add).ok_or(overflow())?;
                let debt = debt_of(art, rate).map_err(math)?;
                if debt < class.params.dust_wad {
                    return Err(VaultError::Dust);
                }
                class.state.total_art = class
                    .state
                    .total_art
                    .checked_add(art_add)
                    .ok_or(overflow())?;
                // Seized debt counts against every ceiling until recovered or written off.
                let class_debt = debt_of(class.state.total_art, rate)
                    .map_err(math)?
                    .checked_add(
                        self.vault
                            .class_seized
                            .get(&pos.class_id)
                            .copied()
                            .unwrap_or(0),
                    )
                    .ok_or(overflow())?;
                if class_debt > class.params.debt_ceiling_wad {
                    return Err(VaultError::DebtCeiling);
                }
                // Global: this class at its new state, the others at their stored rate.
                let mut global: u128 = 0;
                for id in 0..self.vault.class_count {
                    let d = if id == pos.class_id {
                        debt_of(class.state.total_art, rate).map_err(math)?
                    } else {
                        match self.vault.classes.get(&id) {
                            Some(c) => debt_of(c.state.total_art, c.state.rate).map_err(math)?,
                            None => 0,
                        }
                    };
                    global = global.checked_add(d).ok_or(overflow())?;
                }
                let global = global
                    .checked_add(self.vault.auction_debt)
                    .ok_or(overflow())?;
                if global > self.vault.global_ceiling {
                    return Err(VaultError::GlobalDebtCeiling);
                }
                if let Some(d) = pos.debtor {
                    let line = self.v_active_line(d)?;
                    // The registry is asked only while the vault counts a default.
                    if self.vault.defaults.contains_key(&d) {
                        if self.registry.record(&d).unresolved_defaults > 0 {
                            return Err(VaultError::DebtorInDefault);
                        }
                        self.vault.defaults.remove(&d);
                    }
                    let dart = self
                        .vault
                        .debtor_art
                        .get(&(pos.class_id, d))
                        .copied()
                        .unwrap_or(0)
                        .checked_add(art_add)
                        .ok_or(overflow())?;
                    let concentration = debt_of(dart, rate)
                        .map_err(math)?
                        .checked_add(
                            self.vault
                                .debtor_seized
                                .get(&(pos.class_id, d))
                                .copied()
                                .unwrap_or(0),
                        )
                        .ok_or(overflow())?;
                    if concentration > class.params.debtor_limit_wad {
                        return Err(VaultError::DebtorLimit);
                    }
                    self.vault.debtor_art.insert((pos.class_id, d), dart);
                    if self.v_exposure(d, Some((pos.class_id, &class)))? > line.credit_limit_wad {
                        return Err(VaultError::CreditLimit);
                    }
                }
                pos.art = art;
                self.v_ensure_safe(&pos, &class)?;
                let (owner, cid) = (pos.owner, pos.class_id);
                self.vault.positions.insert(pid, pos);
                self.vault.classes.insert(cid, class);
                self.v_add_surplus_rad(excess)?;
                let v = self.addrs.vault;
                self.token
                    .mint(v, owner, amount)
                    .map_err(VaultError::Token)?;
                self.v_flush()?;
                Ok(Ret::Unit)
            }
            Repay {
                who,
                pos: pid,
                amount,
            } => {
                if amount == 0 {
                    return Err(VaultError::ZeroAmount);
                }
                let mut pos = self
                    .vault
                    .positions
                    .get(&pid)
                    .cloned()
                    .ok_or(VaultError::PositionNotFound)?;
                if pos.art == 0 {
                    return Err(VaultError::NoDebt);
                }
                let mut class = self.v_accrue(pos.class_id)?;
                let (removed, paid, excess) = wipe(pos.art, class.state.rate, amount)?;
                let left = debt_of(pos.art - removed, class.state.rate).map_err(math)?;
                if left != 0 && left < class.params.dust_wad {
                    return Err(VaultError::Dust);
                }
                self.v_burn_from(who, paid)?;
                self.v_remove_art(&mut pos, &mut class, removed)?;
                let cid = pos.class_id;
                self.vault.positions.insert(pid, pos);
                self.vault.classes.insert(cid, class);
                self.v_add_surplus_rad(excess)?;
                self.v_flush()?;
                Ok(Ret::Unit)
            }
            Close { who, pos: pid } => {
                let pos = self.v_owned(pid, who)?;
                if pos.art != 0 {
                    return Err(VaultError::DebtOutstanding);
                }
                for id in pos.assets.iter() {
                    self.vault.pledges.remove(id);
                    self.v_send_nft(pos.owner, *id)?;
                }
                self.vault.positions.remove(&pid);
                Ok(Ret::Unit)
            }
            Settle { who, id } => {
                let pledge = self
                    .vault
                    .pledges
                    .get(&id)
                    .cloned()
                    .ok_or(VaultError::NotPledged)?;
                let t = match &pledge.kind {
                    AssetKind::Invoice(t) => t.clone(),
                    _ => return Err(VaultError::NotInvoice),
                };
                if who != t.debtor {
                    return Err(VaultError::NotDebtor);
                }
                match pledge.hold {
                    Hold::Position => {}
                    Hold::Auction => return Err(VaultError::InAuction),
                    Hold::Recovery => return Err(VaultError::InRecovery),
                }
                if !matches!(
                    pledge.status,
                    AssetStatus::Confirmed | AssetStatus::Defaulted
                ) {
                    return Err(VaultError::InvalidStatus);
                }
                let pid = pledge.position_id;
                let mut pos = self
                    .vault
                    .positions
                    .get(&pid)
                    .cloned()
                    .ok_or(VaultError::PositionNotFound)?;
                let due = self.v_amount_due(&t)?;
                let mut class = self.v_accrue(pos.class_id)?;
                let (removed, paid, excess) = wipe(pos.art, class.state.rate, due)?;
                let to_owner = due.checked_sub(paid).ok_or(overflow())?;
                self.v_burn_from(who, paid)?;
                if to_owner > 0 {
                    let v = self.addrs.vault;
                    self.token
                        .transfer_from(v, who, pos.owner, to_owner)
                        .map_err(VaultError::Token)?;
                }
                self.v_remove_art(&mut pos, &mut class, removed)?;
                self.v_add_surplus_rad(excess)?;
                self.v_count_default(&pledge, AssetStatus::Settled);
                pos.assets.retain(|a| *a != id);
                self.vault.pledges.remove(&id);
                Self::v_release_ties(&mut pos);
                let (owner, cid) = (pos.owner, pos.class_id);
                self.vault.positions.insert(pid, pos);
                self.vault.classes.insert(cid, class);
                let v = self.addrs.vault;
                self.registry
                    .release(v, id, owner, AssetStatus::Settled, now)
                    .map_err(VaultError::Registry)?;
                self.v_flush()?;
                Ok(Ret::Unit)
            }
            PayInvoice { who, id } => {
                if self.vault.pledges.contains_key(&id) {
                    return Err(VaultError::InvoicePledged);
                }
                let asset = self
                    .registry
                    .assets
                    .get(&id)
                    .cloned()
                    .ok_or(VaultError::AssetNotFound)?;
                let t = match &asset.kind {
                    AssetKind::Invoice(t) => t.clone(),
                    _ => return Err(VaultError::NotInvoice),
                };
                if who != t.debtor {
                    return Err(VaultError::NotDebtor);
                }
                if !matches!(
                    asset.status,
                    AssetStatus::Confirmed | AssetStatus::Defaulted
                ) {
                    return Err(VaultError::InvalidStatus);
                }
                let holder = self
                    .registry
                    .owner_of(id)
                    .ok_or(VaultError::AssetNotFound)?;
                if holder == who {
                    return Err(VaultError::PayeeIsDebtor);
                }
                let due = self.v_amount_due(&t)?;
                let v = self.addrs.vault;
                self.token
                    .transfer_from(v, who, holder, due)
                    .map_err(VaultError::Token)?;
                self.registry
                    .set_status(v, id, AssetStatus::Settled, now)
                    .map_err(VaultError::Registry)?;
                self.v_count_default_of(&asset.kind, asset.status, AssetStatus::Settled);
                Ok(Ret::Unit)
            }
            VaultArrival { who, id, quantity } => {
                let mut pledge = self
                    .vault
                    .pledges
                    .get(&id)
                    .cloned()
                    .ok_or(VaultError::NotPledged)?;
                match &pledge.kind {
                    AssetKind::InTransit(t) if t.destination_warehouse == who => {}
                    AssetKind::InTransit(_) => return Err(VaultError::NotDestinationWarehouse),
                    _ => return Err(VaultError::WrongAssetKind),
                }
                let v = self.addrs.vault;
                let asset = self
                    .registry
                    .arrive(v, id, who, quantity)
                    .map_err(VaultError::Registry)?;
                pledge.kind = asset.kind;
                self.vault.pledges.insert(id, pledge);
                Ok(Ret::Unit)
            }
            VaultDispute { who, id } => {
                let pledge = self
                    .vault
                    .pledges
                    .get(&id)
                    .cloned()
                    .ok_or(VaultError::NotPledged)?;
                if pledge.hold == Hold::Auction {
                    return Err(VaultError::InAuction);
                }
                match &pledge.kind {
                    AssetKind::Invoice(t) if t.debtor == who => {
                        if now > t.due_date_ms {
                            return Err(VaultError::PastDue);
                        }
                    }
                    AssetKind::Invoice(_) => return Err(VaultError::NotDebtor),
                    _ => return Err(VaultError::NotInvoice),
                }
                self.v_change_status(id, pledge, AssetStatus::Confirmed, AssetStatus::Disputed)?;
                Ok(Ret::Unit)
            }
            MarkDefaulted { who: _, id } => {
                let pledge = self
                    .vault
                    .pledges
                    .get(&id)
                    .cloned()
                    .ok_or(VaultError::NotPledged)?;
                let due = match &pledge.kind {
                    AssetKind::Invoice(t) => t.due_date_ms,
                    _ => return Err(VaultError::NotInvoice),
                };
                let pos = self
                    .vault
                    .positions
                    .get(&pledge.position_id)
                    .cloned()
                    .ok_or(VaultError::PositionNotFound)?;
                let class = self.v_class(pos.class_id)?;
                if now <= due.saturating_add(class.params.grace_period_ms) {
                    return Err(VaultError::NotOverdue);
                }
                // A dispute not ruled void by then does not escape default.
                let from = match pledge.status {
                    AssetStatus::Disputed if !pledge.void => AssetStatus::Disputed,
                    _ => AssetStatus::Confirmed,
                };
                self.v_change_status(id, pledge, from, AssetStatus::Defaulted)?;
                Ok(Ret::Unit)
            }
            Heal { .. } => {
                self.v_heal()?;
                Ok(Ret::Unit)
            }
            AddClass { who, params } => {
                self.v_ensure_admin(who)?;
                if !valid_params(&params) {
                    return Err(VaultError::InvalidParams);
                }
                let id = self.vault.class_count;
                if id >= MAX_CLASSES {
                    return Err(VaultError::TooManyClasses);
                }
                self.vault.classes.insert(
                    id,
                    Class {
                        params,
                        state: ClassState {
                            total_art: 0,
                            rate: Ray(RAY),
                            last_accrual_ms: now,
                        },
                    },
                );
                self.vault.class_count = id + 1;
                Ok(Ret::Id(u128::from(id)))
            }
            SetClassParams { who, class, params } => {
                self.v_ensure_admin(who)?;
                if !valid_params(&params) {
                    return Err(VaultError::InvalidParams);
                }
                let mut c = self.v_accrue(class)?;
                if c.params.kind != params.kind {
                    return Err(VaultError::InvalidParams);
                }
                c.params = params;
                self.vault.classes.insert(class, c);
                self.v_flush()?;
                Ok(Ret::Unit)
            }
            SetClassRestricted {
                who,
                class,
                restricted,
            } => {
                self.v_ensure_admin(who)?;
                self.v_class(class)?;
                if restricted {
                    self.vault.restricted.insert(class);
                } else {
                    self.vault.restricted.remove(&class);
                }
                Ok(Ret::Unit)
            }
            SetClassSupplier {
                who,
                class,
                supplier,
                allowed,
            } => {
                self.v_ensure_admin(who)?;
                self.v_class(class)?;
                if allowed {
                    self.vault.suppliers.insert((class, supplier));
                } else {
                    self.vault.suppliers.remove(&(class, supplier));
                }
                Ok(Ret::Unit)
            }
            SetUnderwriter {
                who,
                account,
                granted,
            } => {
                self.v_ensure_admin(who)?;
                if granted && account == self.vault.admin {
                    return Err(VaultError::AdminCannotUnderwrite);
                }
                if granted {
                    self.vault.underwriters.insert(account);
                } else {
                    self.vault.underwriters.remove(&account);
                }
                Ok(Ret::Unit)
            }
            ApproveDebtor { who, debtor, limit } => {
                if !self.vault.underwriters.contains(&who) {
                    return Err(VaultError::NotUnderwriter);
                }
                self.vault.lines.insert(
                    debtor,
                    DebtorLine {
                        credit_limit_wad: limit,
                        suspended: false,
                    },
                );
                Ok(Ret::Unit)
            }
            ClearDebtorLosses { who, debtor } => {
                if !self.vault.underwriters.contains(&who) {
                    return Err(VaultError::NotUnderwriter);
                }
                if self.vault.debtor_losses.remove(&debtor).unwrap_or(0) == 0 {
                    return Err(VaultError::NoLosses);
                }
                Ok(Ret::Unit)
            }
            SuspendDebtor { who, debtor } => {
                if !self.vault.underwriters.contains(&who) {
                    return Err(VaultError::NotUnderwriter);
                }
                let line = self
                    .vault
                    .lines
                    .get_mut(&debtor)
                    .ok_or(VaultError::DebtorNotApproved)?;
                if line.suspended {
                    return Err(VaultError::DebtorSuspended);
                }
                line.suspended = true;
                Ok(Ret::Unit)
            }
            SetMaxPriceAge { who, ms } => {
                self.v_ensure_admin(who)?;
                if !(60_000..=86_400_000).contains(&ms) {
                    return Err(VaultError::InvalidParams);
                }
                self.vault.max_price_age = ms;
                Ok(Ret::Unit)
            }
            SetGlobalCeiling { who, ceiling } => {
                self.v_ensure_admin(who)?;
                self.vault.global_ceiling = ceiling;
                Ok(Ret::Unit)
            }
            VaultTransferAdmin { who, to } => {
                self.v_ensure_admin(who)?;
                self.vault.pending_admin = Some(to);
                Ok(Ret::Unit)
            }
            VaultAcceptAdmin { who } => {
                // The pending admin may not hold the underwriter role.
                if self.vault.underwriters.contains(&who) && self.vault.pending_admin == Some(who) {
                    return Err(VaultError::AdminCannotUnderwrite);
                }
                if self.vault.pending_admin != Some(who) {
                    return Err(VaultError::NotPendingAdmin);
                }
                self.vault.admin = who;
                self.vault.pending_admin = None;
                Ok(Ret::Unit)
            }
            SetGuardian { who, guardian } => {
                self.v_ensure_admin(who)?;
                self.vault.guardian = guardian;
                Ok(Ret::Unit)
            }
            Pause { who } | Unpause { who } => {
                let pausing = matches!(call, Pause { .. });
                let is_admin = who == self.vault.admin;
                if !pausing && !is_admin {
                    return Err(VaultError::NotAdmin);
                }
                if who != self.vault.guardian && !is_admin {
                    return Err(VaultError::NotGuardian);
                }
                self.vault.paused = pausing;
                Ok(Ret::Unit)
            }
            WithdrawSurplus { who, to, amount } => {
                self.v_ensure_admin(who)?;
                if amount == 0 {
                    return Err(VaultError::ZeroAmount);
                }
                if self.vault.auction_debt > 0 {
                    return Err(VaultError::DebtAtAuction);
                }
                self.v_heal()?;
                let available = self.vault.surplus.saturating_sub(self.vault.buffer);
                if self.vault.bad_debt > 0 || amount > available {
                    return Err(VaultError::InsufficientSurplus);
                }
                self.vault.surplus -= amount;
                let v = self.addrs.vault;
                self.token
                    .transfer(v, to, amount)
                    .map_err(VaultError::Token)?;
                Ok(Ret::Unit)
            }
            Skim { .. } => {
                let v = self.addrs.vault;
                let balance = self.token.balance(&v);
                if balance.saturating_sub(self.vault.surplus) == 0 {
                    return Err(VaultError::NothingToSkim);
                }
                self.vault.surplus = balance;
                Ok(Ret::Unit)
            }
            SetSurplusBuffer { who, amount } => {
                self.v_ensure_admin(who)?;
                self.vault.buffer = amount;
                Ok(Ret::Unit)
            }
            SetEngine { who, engine } => {
                self.v_ensure_admin(who)?;
                if self.vault.engine.is_some() {
                    return Err(VaultError::EngineAlreadySet);
                }
                self.vault.engine = Some(engine);
                Ok(Ret::Unit)
            }
            SetClassPriceKeys { who, class, keys } => {
                self.v_ensure_admin(who)?;
                self.v_class(class)?;
                if keys.len() > MAX_KEYS_PER_CLASS {
                    return Err(VaultError::InvalidParams);
                }
                self.vault.class_keys.insert(class, keys);
                Ok(Ret::Unit)
            }
            Seize {
                who,
                pos,
                keeper,
                tip,
                chip,
            } => {
                self.v_ensure_engine(who)?;
                self.seize(pos, keeper, tip, chip).map(|_| Ret::Unit)
            }
            ReleaseOne {
                who,
                id,
                to,
                to_loss,
            } => {
                self.v_ensure_engine(who)?;
                let r = super::engine::Release {
                    id,
                    to,
                    settled: false,
                    to_debt: 0,
                    to_penalty: 0,
                    to_loss,
                };
                self.custody_release(vec![r], None).map(|_| Ret::Unit)
            }
            Revalue { who, id } => {
                self.v_ensure_engine(who)?;
                self.revalue(id).map(|_| Ret::Unit)
            }
            CustodyResolve { who, id, valid } => {
                self.v_ensure_engine(who)?;
                self.custody_resolve(id, valid).map(|_| Ret::Unit)
            }
            other => unreachable!("not a vault call: {other:?}"),
        }
    }

    pub(crate) fn v_ensure_engine(&self, who: Acct) -> R<()> {
        if self.vault.engine != Some(who) {
            return Err(VaultError::NotEngine);
        }
        Ok(())
    }

    /// `max_borrow`: how much more the owner may draw now, safety-wise (exact under rounding).
    pub fn max_borrow(&self, pid: PositionId) -> R<u128> {
        let pos = self
            .vault
            .positions
            .get(&pid)
            .ok_or(VaultError::PositionNotFound)?;
        let c = self.v_class(pos.class_id)?;
        let value = self.v_value(pos, &c.params, Purpose::Lend)?;
        let cap = mul_div_down(value, WAD, c.params.liquidation_ratio.0).map_err(math)?;
        let (st, _) =
            accrue(&c.state, c.params.stability_fee_per_second, self.now_ms).map_err(math)?;
        let max_art = mul_div_down(cap, RAY, st.rate.0).map_err(math)?;
        mul_div_down(max_art.saturating_sub(pos.art), st.rate.0, RAY).map_err(math)
    }

    /// `position_debt`: the debt now, fees included, rounded up.
    pub fn position_debt(&self, pid: PositionId) -> R<u128> {
        let pos = self
            .vault
            .positions
            .get(&pid)
            .ok_or(VaultError::PositionNotFound)?;
        let c = self.v_class(pos.class_id)?;
        let (st, _) =
            accrue(&c.state, c.params.stability_fee_per_second, self.now_ms).map_err(math)?;
        debt_of(pos.art, st.rate).map_err(math)
    }

    /// `settlement_amount`.
    pub fn settlement_amount(&self, id: AssetId) -> R<u128> {
        let kind = match self.vault.pledges.get(&id) {
            Some(p) => &p.kind,
            None => {
                &self
                    .registry
                    .assets
                    .get(&id)
                    .ok_or(VaultError::AssetNotFound)?
                    .kind
            }
        };
        match kind {
            AssetKind::Invoice(t) => self.v_amount_due(t),
            _ => Err(VaultError::NotInvoice),
        }
    }

    /// `position_value` (fresh prices needed): the value lent against (lower price, confirmed
    /// NFTs only).
    pub fn position_value(&self, pid: PositionId) -> R<u128> {
        self.position_value_for(pid, Purpose::Lend)
    }

    /// The position's value for `purpose`: [`Purpose::Liquidate`] is what `seize` judges.
    pub fn position_value_for(&self, pid: PositionId, purpose: Purpose) -> R<u128> {
        let pos = self
            .vault
            .positions
            .get(&pid)
            .ok_or(VaultError::PositionNotFound)?;
        let c = self.v_class(pos.class_id)?;
        self.v_value(pos, &c.params, purpose)
    }
}

/// Paying `offered` against normalised debt `art`: (art removed rounded down, paid — capped at
/// the debt —, the excess kept as surplus in rad).
pub fn wipe(art: u128, rate: Ray, offered: u128) -> R<(u128, u128, U256)> {
    let owed = debt_of(art, rate).map_err(math)?;
    let (removed, paid) = if offered >= owed {
        (art, owed)
    } else {
        (mul_div_down(offered, RAY, rate.0).map_err(math)?, offered)
    };
    let excess = full_mul(paid, RAY)
        .checked_sub(full_mul(removed, rate.0))
        .ok_or(overflow())?;
    Ok((removed, paid, excess))
}
