/**
 * A position's health and the preview of each action before signing: collateral value, debt
 * with accrued fee, collateral ratio and its colour band, liquidation price per price key, max
 * borrow and which NFTs can be withdrawn. Pure functions of what the chain returned, computed
 * the way the vault computes them (valuation.ts, fees.ts), so a preview says exactly what the
 * vault will decide at `nowMs`.
 */
import { debtWad, draw, maxDrawWad, rateAt, wipe, type ClassState } from './fees';
import { mulDivDown, wadDivDown, wadMulUp } from './math';
import { assetValueWad, isSafe, maxDebtWad, type AssetStatus, type AssetTerms, type ValuationParams } from './valuation';
import { WAD } from './units';

export interface ClassRisk extends ValuationParams {
  liquidationRatioWad: bigint;
  feePerSecondRay: bigint;
  dustWad: bigint;
  debtCeilingWad: bigint;
  debtorLimitWad: bigint;
}

export interface PledgedAsset {
  id: bigint;
  terms: AssetTerms;
  status: AssetStatus;
}

export type PriceQuote =
  | { ok: true; priceWad: bigint; updatedAtMs: bigint }
  | { ok: false; reason: string };

export interface Market {
  unitKey: string;
  maxPriceAgeMs: bigint;
  prices: Record<string, PriceQuote | undefined>;
}

/** The price the vault would use for `key` at `nowMs`, or why it would refuse one. */
export function usablePrice(market: Market, key: string, nowMs: bigint): { priceWad: bigint } | { reason: string } {
  if (key === market.unitKey) return { priceWad: WAD };
  const q = market.prices[key];
  if (!q) return { reason: 'NoPrice' };
  if (!q.ok) return { reason: q.reason };
  if (q.updatedAtMs > nowMs || nowMs - q.updatedAtMs > market.maxPriceAgeMs) return { reason: 'StalePrice' };
  return { priceWad: q.priceWad };
}

export type Band = 'none' | 'safe' | 'watch' | 'warning' | 'danger';

/**
 * Colour band of a collateral ratio against the class's liquidation ratio (LR):
 * danger below LR (can be liquidated), warning below LR × 1.1, watch below LR × 1.25, else safe;
 * `none` without debt.
 */
export function band(ratioWad: bigint | undefined, liquidationRatioWad: bigint): Band {
  if (ratioWad === undefined) return 'none';
  if (ratioWad < liquidationRatioWad) return 'danger';
  if (ratioWad < (liquidationRatioWad * 110n) / 100n) return 'warning';
  if (ratioWad < (liquidationRatioWad * 125n) / 100n) return 'watch';
  return 'safe';
}

export interface AssetValue {
  id: bigint;
  key: string;
  valueWad: bigint;
  /** Why it could not be priced (the vault refuses to borrow or withdraw then). */
  unpriced?: string;
}

export interface Health {
  rateRay: bigint;
  debtWad: bigint;
  /** Fee accrued since the class was last touched (debt now − debt at the stored rate). */
  accruedFeeWad: bigint;
  /** Σ asset values, an unpriceable NFT counted as 0 (shown as such; see `unpricedKeys`). */
  valueWad: bigint;
  assets: AssetValue[];
  /** Keys without a usable price: borrowing, withdrawing and liquidating are refused until they are fresh. */
  unpricedKeys: string[];
  /** value ÷ debt (wad), undefined without debt. */
  ratioWad?: bigint;
  band: Band;
  safe: boolean;
  /** The most `borrow` accepts now as far as safety goes (0 if a price is missing). */
  maxBorrowWad: bigint;
  /** Per non-unit key: the price at which the position becomes unsafe (others unchanged). */
  liquidationPriceWad: Record<string, bigint>;
  /** NFTs whose withdrawal keeps the position safe. */
  withdrawable: bigint[];
}

export interface PositionInput {
  art: bigint;
  assets: PledgedAsset[];
}

export function assetValues(assets: PledgedAsset[], cls: ClassRisk, market: Market, nowMs: bigint): AssetValue[] {
  return assets.map((a) => {
    if (a.status !== 'Confirmed') return { id: a.id, key: a.terms.key, valueWad: 0n };
    const p = usablePrice(market, a.terms.key, nowMs);
    if ('reason' in p) return { id: a.id, key: a.terms.key, valueWad: 0n, unpriced: p.reason };
    return { id: a.id, key: a.terms.key, valueWad: assetValueWad(a.terms, a.status, p.priceWad, nowMs, cls) };
  });
}

export function health(pos: PositionInput, cls: ClassRisk, state: ClassState, market: Market, nowMs: bigint): Health {
  const rateRay = rateAt(state, cls.feePerSecondRay, nowMs);
  const debt = debtWad(pos.art, rateRay);
  const accruedFeeWad = debt - debtWad(pos.art, state.rateRay);
  const values = assetValues(pos.assets, cls, market, nowMs);
  const valueWad = values.reduce((s, v) => s + v.valueWad, 0n);
  const unpricedKeys = [...new Set(values.filter((v) => v.unpriced).map((v) => v.key))];
  const ratioWad = debt === 0n ? undefined : wadDivDown(valueWad, debt);
  const safe = isSafe(debt, valueWad, cls.liquidationRatioWad);
  const maxBorrowWad = unpricedKeys.length ? 0n : maxDrawWad(pos.art, rateRay, maxDebtWad(valueWad, cls.liquidationRatioWad));
  return {
    rateRay,
    debtWad: debt,
    accruedFeeWad,
    valueWad,
    assets: values,
    unpricedKeys,
    ratioWad,
    band: band(ratioWad, cls.liquidationRatioWad),
    safe,
    maxBorrowWad,
    liquidationPriceWad: liquidationPrices(pos, cls, market, nowMs, debt),
    withdrawable: unpricedKeys.length
      ? debt === 0n
        ? values.map((v) => v.id)
        : []
      : values.filter((v) => isSafe(debt, valueWad - v.valueWad, cls.liquidationRatioWad)).map((v) => v.id),
  };
}

/**
 * For each non-unit key K: the price p at which value(p) = debt × LR with the other keys' values
 * unchanged. An asset's value is linear in its price (up to rounding), so
 * p = (debt × LR − value of the others) ÷ (value of K's assets per unit of price).
 */
function liquidationPrices(pos: PositionInput, cls: ClassRisk, market: Market, nowMs: bigint, debt: bigint): Record<string, bigint> {
  const out: Record<string, bigint> = {};
  if (debt === 0n) return out;
  const required = wadMulUp(debt, cls.liquidationRatioWad);
  const keys = [...new Set(pos.assets.map((a) => a.terms.key))].filter((k) => k !== market.unitKey);
  for (const key of keys) {
    const mine = pos.assets.filter((a) => a.terms.key === key && a.status === 'Confirmed');
    const others = assetValues(
      pos.assets.filter((a) => a.terms.key !== key),
      cls,
      market,
      nowMs,
    ).reduce((s, v) => s + v.valueWad, 0n);
    const perUnit = mine.reduce((s, a) => s + assetValueWad(a.terms, a.status, WAD, nowMs, cls), 0n);
    if (perUnit === 0n) continue;
    out[key] = required > others ? mulDivDown(required - others, WAD, perUnit) : 0n;
  }
  return out;
}

/** Limits a borrow must also pass besides safety (read from the chain). */
export interface BorrowLimits {
  paused: boolean;
  /** Class total normalised debt (for the class ceiling). */
  classTotalArt: bigint;
  globalDebtWad?: bigint;
  globalDebtCeilingWad?: bigint;
  /** Invoice positions: the debtor's line and its current exposure, and debt of this class against it. */
  debtor?: {
    approved: boolean;
    suspended: boolean;
    inDefault: boolean;
    creditLimitWad: bigint;
    exposureWad: bigint;
    classDebtorArt: bigint;
  };
}

export interface Preview {
  /** The vault's refusal this action would meet, if any (a VaultError variant name). */
  refusal?: string;
  debtWad: bigint;
  valueWad: bigint;
  ratioWad?: bigint;
  band: Band;
  /** Stablecoin the action moves: received for borrow, paid for repay. */
  amountWad: bigint;
  /** Accrued fee folded into the debt by the action. */
  accruedFeeWad: bigint;
}

function after(debt: bigint, value: bigint, cls: ClassRisk) {
  const ratioWad = debt === 0n ? undefined : wadDivDown(value, debt);
  return { debtWad: debt, valueWad: value, ratioWad, band: band(ratioWad, cls.liquidationRatioWad) };
}

/** `borrow(amount)` at `nowMs`: the checks in the vault's order, then the position after it. */
export function previewBorrow(
  pos: PositionInput,
  cls: ClassRisk,
  state: ClassState,
  market: Market,
  limits: BorrowLimits,
  amountWad: bigint,
  nowMs: bigint,
): Preview {
  const h = health(pos, cls, state, market, nowMs);
  const d = amountWad > 0n ? draw(amountWad, h.rateRay) : { art: 0n };
  const art = pos.art + d.art;
  const debt = debtWad(art, h.rateRay);
  const base = { ...after(debt, h.valueWad, cls), amountWad, accruedFeeWad: h.accruedFeeWad };
  const refuse = (refusal: string): Preview => ({ ...base, refusal });
  if (limits.paused) return refuse('Paused');
  if (amountWad === 0n) return refuse('ZeroAmount');
  if (debt < cls.dustWad) return refuse('Dust');
  if (debtWad(limits.classTotalArt + d.art, h.rateRay) > cls.debtCeilingWad) return refuse('DebtCeiling');
  if (
    limits.globalDebtWad !== undefined &&
    limits.globalDebtCeilingWad !== undefined &&
    limits.globalDebtWad + amountWad > limits.globalDebtCeilingWad
  )
    return refuse('GlobalDebtCeiling');
  if (limits.debtor) {
    const l = limits.debtor;
    if (!l.approved) return refuse('DebtorNotApproved');
    if (l.suspended) return refuse('DebtorSuspended');
    if (l.inDefault) return refuse('DebtorInDefault');
    const classDebtorAfter = debtWad(l.classDebtorArt + d.art, h.rateRay);
    if (classDebtorAfter > cls.debtorLimitWad) return refuse('DebtorLimit');
    const exposureAfter = l.exposureWad - debtWad(l.classDebtorArt, h.rateRay) + classDebtorAfter;
    if (exposureAfter > l.creditLimitWad) return refuse('CreditLimit');
  }
  const unpriced = h.assets.find((a) => a.unpriced);
  if (unpriced) return refuse(`Oracle.${unpriced.unpriced}`);
  if (!isSafe(debt, h.valueWad, cls.liquidationRatioWad)) return refuse('Unsafe');
  return base;
}

/** `repay(amount)`: capped at the whole debt; a remainder below dust is refused. */
export function previewRepay(pos: PositionInput, cls: ClassRisk, state: ClassState, market: Market, amountWad: bigint, nowMs: bigint): Preview {
  const h = health(pos, cls, state, market, nowMs);
  const w = wipe(pos.art, h.rateRay, amountWad);
  const debt = debtWad(pos.art - w.art, h.rateRay);
  const base = { ...after(debt, h.valueWad, cls), amountWad: w.paidWad, accruedFeeWad: h.accruedFeeWad };
  if (amountWad === 0n) return { ...base, refusal: 'ZeroAmount' };
  if (pos.art === 0n) return { ...base, refusal: 'NoDebt' };
  if (debt !== 0n && debt < cls.dustWad) return { ...base, refusal: 'Dust' };
  return base;
}

/** `withdraw(asset)`: refused if it leaves the position unsafe (or a price is missing while in debt). */
export function previewWithdraw(pos: PositionInput, cls: ClassRisk, state: ClassState, market: Market, assetId: bigint, paused: boolean, nowMs: bigint): Preview {
  const rest = { art: pos.art, assets: pos.assets.filter((a) => a.id !== assetId) };
  const h = health(rest, cls, state, market, nowMs);
  const base = { ...after(h.debtWad, h.valueWad, cls), amountWad: 0n, accruedFeeWad: h.accruedFeeWad };
  if (paused) return { ...base, refusal: 'Paused' };
  if (rest.assets.length === pos.assets.length) return { ...base, refusal: 'NotPledged' };
  const unpriced = h.assets.find((a) => a.unpriced);
  if (pos.art !== 0n && unpriced) return { ...base, refusal: `Oracle.${unpriced.unpriced}` };
  if (pos.art !== 0n && !h.safe) return { ...base, refusal: 'Unsafe' };
  return base;
}

/** `deposit(asset)`: the position's value and ratio with one more NFT. */
export function previewDeposit(pos: PositionInput, cls: ClassRisk, state: ClassState, market: Market, asset: PledgedAsset, nowMs: bigint): Preview {
  const h = health({ art: pos.art, assets: [...pos.assets, asset] }, cls, state, market, nowMs);
  const base = { ...after(h.debtWad, h.valueWad, cls), amountWad: 0n, accruedFeeWad: h.accruedFeeWad };
  if (asset.status !== 'Confirmed') return { ...base, refusal: 'NotConfirmed' };
  if (asset.terms.kind === 'Invoice' && nowMs > asset.terms.dueDateMs) return { ...base, refusal: 'AssetExpired' };
  if (asset.terms.kind === 'InTransit' && nowMs > asset.terms.expectedArrivalMs) return { ...base, refusal: 'AssetExpired' };
  const p = usablePrice(market, asset.terms.key, nowMs);
  if ('reason' in p) return { ...base, refusal: `Oracle.${p.reason}` };
  return base;
}

/**
 * Whether a keeper may liquidate: debt × LR > value, and every NFT that needs a price has a usable
 * one (the vault refuses a liquidation while a price it needs is stale, suspended or unknown: a
 * missing price is never a value of 0).
 */
export function isLiquidatable(pos: PositionInput, cls: ClassRisk, state: ClassState, market: Market, nowMs: bigint): boolean {
  const h = health(pos, cls, state, market, nowMs);
  return h.debtWad > 0n && !h.safe && h.unpricedKeys.length === 0;
}
