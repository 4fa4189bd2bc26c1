/**
 * A position's health and the preview of each action before signing: collateral value, debt
 * with accrued fee, collateral ratio and its colour band, liquidation price per price key, max
 * borrow and which NFTs can be withdrawn. Pure functions of what the chain returned, computed
 * the way the vault computes them (valuation.ts, fees.ts), so a preview says exactly what the
 * vault will decide at `nowMs`.
 *
 * Two valuations, as the vault has them (`valuation::Purpose`): LENDING (borrow, withdraw, max
 * borrow) at the oracle's lower middle price with Confirmed NFTs only, and the LIQUIDATION
 * CHECK (`seize`) at the upper middle price, a disputed invoice counted until ruled void.
 *
 * With a condition monitor, goods keep their condition's share of their value in both (an
 * unknown condition: nothing; condition.ts); with a credit pricer, invoices LEND at their
 * debtor's grade (discounted at max(class, grade) rate, times the grade's advance; grade.ts),
 * while the liquidation check keeps the class's terms.
 */
import { keptValueWad } from './condition';
import { debtWad, draw, maxDrawWad, rateAt, wipe, type ClassState } from './fees';
import { gradedInvoiceValueWad, type Rates } from './grade';
import { MathError, wadMulUp } from './math';
import { U128_MAX, WAD } from './units';
import {
  assetValueWad,
  counts,
  isSafe,
  maxDebtWad,
  purposePrice,
  type AssetStatus,
  type AssetTerms,
  type Purpose,
  type ValuationParams,
} from './valuation';

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
  /** The arbiter ruled its dispute void (`Pledge.void`): worth nothing for any purpose. */
  void?: boolean;
  /**
   * Goods the vault values with a condition monitor: the share of its value the lot keeps
   * (`condition_factor` under the position's class; `factorWad` undefined: unknown, worth 0).
   * Absent: no monitor applies, the lot counts whole.
   */
  condition?: { factorWad?: bigint };
}

/** What the credit pricer answers for a position's class and debtor: the (scored) rates, or its refusal (a stale score). */
export type Grading = Rates | { refused: string };

export type PriceQuote =
  | { ok: true; priceWad: bigint; upperWad: bigint; updatedAtMs: bigint }
  | { ok: false; reason: string };

export interface Market {
  unitKey: string;
  maxPriceAgeMs: bigint;
  prices: Record<string, PriceQuote | undefined>;
}

/**
 * The price the vault would use for `key` at `nowMs` for `purpose` (lending: the lower middle
 * value; the liquidation check and what a debtor pays: the upper), or why it would refuse one.
 */
export function usablePrice(market: Market, key: string, nowMs: bigint, purpose: Purpose = 'Lend'): { priceWad: bigint } | { reason: string } {
  if (key === market.unitKey) return { priceWad: WAD };
  const q = market.prices[key];
  if (!q) return { reason: 'NoPrice' };
  if (!q.ok) return { reason: q.reason };
  if (q.updatedAtMs > nowMs || nowMs - q.updatedAtMs > market.maxPriceAgeMs) return { reason: 'StalePrice' };
  return { priceWad: purposePrice(q, purpose) };
}

export type Band = 'none' | 'safe' | 'watch' | 'warning' | 'danger';

/**
 * Collateral ÷ debt as a wad, rounded down; undefined without debt (∞). A tiny debt against a
 * large value would exceed u128 (a debt of 10 base units against 14 705 TUSD is 1.47 × 10^39):
 * the ratio is capped at u128::MAX instead of overflowing — it is a display and a comparison
 * with the liquidation ratio, never an amount.
 */
export function collateralRatioWad(valueWad: bigint, debtWad: bigint): bigint | undefined {
  if (debtWad === 0n) return undefined;
  const r = (valueWad * WAD) / debtWad;
  return r > U128_MAX ? U128_MAX : r;
}

/** Above this a ratio is shown as "> 1,000,000 %" (10 000 × the debt): the debt is negligible. */
export const RATIO_DISPLAY_CAP_WAD = 10_000n * WAD;

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
  /** Why it could not be priced (the vault refuses the action that needs it then). */
  unpriced?: string;
}

/** One valuation of a position (for lending, or for the liquidation check). */
export interface Valuation {
  /** Σ asset values, an unpriceable NFT counted as 0 (shown as such; see `unpricedKeys`). */
  valueWad: bigint;
  assets: AssetValue[];
  /** Keys without a usable price: the action waits until they are fresh. */
  unpricedKeys: string[];
  /** value ÷ debt (wad), undefined without debt. */
  ratioWad?: bigint;
  band: Band;
}

export interface Health extends Valuation {
  rateRay: bigint;
  debtWad: bigint;
  /** Fee accrued since the class was last touched (debt now − debt at the stored rate). */
  accruedFeeWad: bigint;
  /** Safe for lending (`ensure_safe`): what borrowing and withdrawing need. */
  safe: boolean;
  /** The most `borrow` accepts now as far as safety goes (0 if a price is missing). */
  maxBorrowWad: bigint;
  /** Per non-unit key: the (upper) price at which the position becomes liquidatable (others unchanged). */
  liquidationPriceWad: Record<string, bigint>;
  /** NFTs whose withdrawal keeps the position safe. */
  withdrawable: bigint[];
  /** The liquidation check (`seize`): upper price, disputed invoices counted until ruled. */
  check: Valuation & {
    /** debt × LR > value at the upper price, with every needed price usable. */
    liquidatable: boolean;
  };
}

export interface PositionInput {
  art: bigint;
  assets: PledgedAsset[];
  /** The one price key of its NFTs (`Position.price_key`), set by the first deposit. */
  priceKey?: string;
  /** Invoice positions: the one debtor they finance. */
  debtor?: string;
  /**
   * Invoice positions whose class prices its debtor's grade (`invoice_rates`): the rates its
   * invoices LEND at, or the pricer's refusal (the vault then refuses to value them for lending).
   * Absent: the class's terms.
   */
  grading?: Grading;
}

/**
 * One NFT's value at `priceWad` as the vault's `appraise` has it: an invoice for lending at its
 * debtor's grade when `grading` gives rates (`graded_invoice_value_wad`), else at the class's
 * terms; goods kept at their condition (`condition_kept`).
 */
export function pledgedValueWad(a: PledgedAsset, priceWad: bigint, nowMs: bigint, cls: ClassRisk, purpose: Purpose, grading?: Grading): bigint {
  if (a.terms.kind === 'Invoice') {
    if (purpose === 'Lend' && grading && !('refused' in grading)) return gradedInvoiceValueWad(a.terms, priceWad, nowMs, cls, grading);
    return assetValueWad(a.terms, priceWad, nowMs, cls);
  }
  const v = assetValueWad(a.terms, priceWad, nowMs, cls);
  return a.condition ? keptValueWad(v, a.condition.factorWad) : v;
}

export function assetValues(assets: PledgedAsset[], cls: ClassRisk, market: Market, nowMs: bigint, purpose: Purpose = 'Lend', grading?: Grading): AssetValue[] {
  return assets.map((a) => {
    if (!counts(a.status, !!a.void, purpose)) return { id: a.id, key: a.terms.key, valueWad: 0n };
    const p = usablePrice(market, a.terms.key, nowMs, purpose);
    if ('reason' in p) return { id: a.id, key: a.terms.key, valueWad: 0n, unpriced: p.reason };
    // The pricer refused (a debtor's stale score): the vault refuses to value the invoice for lending.
    if (a.terms.kind === 'Invoice' && purpose === 'Lend' && grading && 'refused' in grading) return { id: a.id, key: a.terms.key, valueWad: 0n, unpriced: grading.refused };
    return { id: a.id, key: a.terms.key, valueWad: pledgedValueWad(a, p.priceWad, nowMs, cls, purpose, grading) };
  });
}

function valuation(assets: PledgedAsset[], debt: bigint, cls: ClassRisk, market: Market, nowMs: bigint, purpose: Purpose, grading?: Grading): Valuation {
  const values = assetValues(assets, cls, market, nowMs, purpose, grading);
  const valueWad = values.reduce((s, v) => s + v.valueWad, 0n);
  const ratioWad = collateralRatioWad(valueWad, debt);
  return {
    valueWad,
    assets: values,
    unpricedKeys: [...new Set(values.filter((v) => v.unpriced).map((v) => v.key))],
    ratioWad,
    band: band(ratioWad, cls.liquidationRatioWad),
  };
}

export function health(pos: PositionInput, cls: ClassRisk, state: ClassState, market: Market, nowMs: bigint): Health {
  const rateRay = rateAt(state, cls.feePerSecondRay, nowMs);
  const debt = debtWad(pos.art, rateRay);
  const accruedFeeWad = debt - debtWad(pos.art, state.rateRay);
  const lend = valuation(pos.assets, debt, cls, market, nowMs, 'Lend', pos.grading);
  const check = valuation(pos.assets, debt, cls, market, nowMs, 'Liquidate');
  const safe = isSafe(debt, lend.valueWad, cls.liquidationRatioWad);
  const maxBorrowWad = lend.unpricedKeys.length ? 0n : maxDrawWad(pos.art, rateRay, maxDebtWad(lend.valueWad, cls.liquidationRatioWad));
  return {
    ...lend,
    rateRay,
    debtWad: debt,
    accruedFeeWad,
    safe,
    maxBorrowWad,
    liquidationPriceWad: liquidationPrices(pos, cls, market, nowMs, debt),
    withdrawable: lend.unpricedKeys.length
      ? debt === 0n
        ? lend.assets.map((v) => v.id)
        : []
      : lend.assets.filter((v) => isSafe(debt, lend.valueWad - v.valueWad, cls.liquidationRatioWad)).map((v) => v.id),
    check: {
      ...check,
      liquidatable: debt > 0n && check.unpricedKeys.length === 0 && !isSafe(debt, check.valueWad, cls.liquidationRatioWad),
    },
  };
}

/**
 * For each non-unit key K: the (upper) price p at which value(p) = debt × LR in the liquidation
 * check, the other keys' values unchanged. An asset's value is linear in its price (up to
 * rounding), so p = (debt × LR − value of the others) ÷ (value of K's assets per unit of price).
 */
function liquidationPrices(pos: PositionInput, cls: ClassRisk, market: Market, nowMs: bigint, debt: bigint): Record<string, bigint> {
  const out: Record<string, bigint> = {};
  if (debt === 0n) return out;
  const required = wadMulUp(debt, cls.liquidationRatioWad);
  const keys = [...new Set(pos.assets.map((a) => a.terms.key))].filter((k) => k !== market.unitKey);
  for (const key of keys) {
    const mine = pos.assets.filter((a) => a.terms.key === key && counts(a.status, !!a.void, 'Liquidate'));
    const others = assetValues(
      pos.assets.filter((a) => a.terms.key !== key),
      cls,
      market,
      nowMs,
      'Liquidate',
    ).reduce((s, v) => s + v.valueWad, 0n);
    const perUnit = mine.reduce((s, a) => s + pledgedValueWad(a, WAD, nowMs, cls, 'Liquidate'), 0n);
    if (perUnit === 0n) continue;
    // A price beyond u128 is no price at all: the key cannot rise that far (skipped, not thrown).
    const p = required > others ? ((required - others) * WAD) / perUnit : 0n;
    if (p <= U128_MAX) out[key] = p;
  }
  return out;
}

/** Limits a borrow must also pass besides safety (read from the chain). */
export interface BorrowLimits {
  paused: boolean;
  /** Class total normalised debt (for the class ceiling). */
  classTotalArt: bigint;
  /** The class's seized debt not yet recovered or written off: it still counts against the ceiling. */
  classSeizedWad?: bigint;
  /** Global ceiling: the other classes' debt at their stored rates, and the debt at auction. */
  otherClassesDebtWad?: bigint;
  auctionDebtWad?: bigint;
  globalDebtCeilingWad?: bigint;
  /** Invoice positions: the debtor's line and its current exposure, and debt of this class against it. */
  debtor?: {
    approved: boolean;
    suspended: boolean;
    inDefault: boolean;
    creditLimitWad: bigint;
    /** `debtor_exposure`: every class's debt against it now, seized debt included. */
    exposureWad: bigint;
    classDebtorArt: bigint;
    /** This class's seized debt against the debtor (counts against the concentration limit). */
    seizedWad?: bigint;
  };
}

export interface Preview {
  /** The vault's refusal this action would meet, if any (a VaultError variant name). */
  refusal?: string;
  /** Why, in this case's own words (e.g. which keys differ). */
  detail?: string;
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
  const ratioWad = collateralRatioWad(value, debt);
  return { debtWad: debt, valueWad: value, ratioWad, band: band(ratioWad, cls.liquidationRatioWad) };
}

/**
 * A preview never throws: an amount so large that the vault's own arithmetic would overflow u128
 * is its refusal (`Math.Overflow`), with the position as it is now.
 */
function guarded(pos: PositionInput, cls: ClassRisk, state: ClassState, market: Market, nowMs: bigint, amountWad: bigint, f: () => Preview): Preview {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof MathError)) throw e;
    let h: Health | undefined;
    try {
      h = health(pos, cls, state, market, nowMs);
    } catch {
      h = undefined;
    }
    return {
      refusal: `Math.${e.kind}`,
      debtWad: h?.debtWad ?? 0n,
      valueWad: h?.valueWad ?? 0n,
      ratioWad: h?.check.ratioWad,
      band: h?.check.band ?? 'none',
      amountWad,
      accruedFeeWad: h?.accruedFeeWad ?? 0n,
    };
  }
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
  return guarded(pos, cls, state, market, nowMs, amountWad, () => previewBorrowExact(pos, cls, state, market, limits, amountWad, nowMs));
}

function previewBorrowExact(
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
  const classDebt = debtWad(limits.classTotalArt + d.art, h.rateRay);
  if (classDebt + (limits.classSeizedWad ?? 0n) > cls.debtCeilingWad) return refuse('DebtCeiling');
  if (limits.globalDebtCeilingWad !== undefined && limits.otherClassesDebtWad !== undefined) {
    if (classDebt + limits.otherClassesDebtWad + (limits.auctionDebtWad ?? 0n) > limits.globalDebtCeilingWad) return refuse('GlobalDebtCeiling');
  }
  if (limits.debtor) {
    const l = limits.debtor;
    if (!l.approved) return refuse('DebtorNotApproved');
    if (l.suspended) return refuse('DebtorSuspended');
    if (l.inDefault) return refuse('DebtorInDefault');
    const classDebtorAfter = debtWad(l.classDebtorArt + d.art, h.rateRay);
    if (classDebtorAfter + (l.seizedWad ?? 0n) > cls.debtorLimitWad) return refuse('DebtorLimit');
    const exposureAfter = l.exposureWad - debtWad(l.classDebtorArt, h.rateRay) + classDebtorAfter;
    if (exposureAfter > l.creditLimitWad) return refuse('CreditLimit');
  }
  const unpriced = h.assets.find((a) => a.unpriced);
  if (unpriced) return refuse(`Oracle.${unpriced.unpriced}`);
  if (!isSafe(debt, h.valueWad, cls.liquidationRatioWad)) return refuse('Unsafe');
  return base;
}

/** What stops a borrow first: the limit the most one can borrow now runs into. */
export type BorrowBound =
  | 'ratio'
  | 'classCeiling'
  | 'globalCeiling'
  | 'debtorLimit'
  | 'creditLimit'
  | 'paused'
  | 'unpriced'
  | 'debtorNotApproved'
  | 'debtorSuspended'
  | 'debtorInDefault';

export interface MaxBorrow {
  /** The most `borrow` accepts now, every limit applied (0 when it accepts nothing). */
  amountWad: bigint;
  /** The limit that binds (the smallest room). */
  boundBy: BorrowBound;
  /** The room each limit leaves, in stablecoin to draw. */
  rooms: Partial<Record<BorrowBound, bigint>>;
  /**
   * The position's debt after borrowing `amountWad` would be below the class's minimum loan:
   * the vault refuses it (`Dust`), and so every smaller amount; nothing can be borrowed.
   */
  belowDust: boolean;
}

const sub = (a: bigint, b: bigint) => (a > b ? a - b : 0n);

/**
 * The most a `borrow` would be accepted for now, as `previewBorrow` checks it: the collateral
 * ratio (lending value), the class and global debt ceilings (seized debt and debt at auction
 * counted), the debtor's concentration limit in the class and its credit line, a paused vault,
 * an unusable price, a debtor not approved, suspended or in default — and the minimum loan.
 * Each limit bounds the debt after the draw; its room is `maxDrawWad` of that bound.
 */
export function maxBorrow(pos: PositionInput, cls: ClassRisk, state: ClassState, market: Market, limits: BorrowLimits, nowMs: bigint): MaxBorrow {
  const h = health(pos, cls, state, market, nowMs);
  const rate = h.rateRay;
  const none = (boundBy: BorrowBound): MaxBorrow => ({ amountWad: 0n, boundBy, rooms: { [boundBy]: 0n }, belowDust: false });
  if (limits.paused) return none('paused');
  if (h.unpricedKeys.length) return none('unpriced');
  const l = limits.debtor;
  if (l && !l.approved) return none('debtorNotApproved');
  if (l && l.suspended) return none('debtorSuspended');
  if (l && l.inDefault) return none('debtorInDefault');
  const rooms: Partial<Record<BorrowBound, bigint>> = {
    ratio: maxDrawWad(pos.art, rate, maxDebtWad(h.valueWad, cls.liquidationRatioWad)),
    classCeiling: maxDrawWad(limits.classTotalArt, rate, sub(cls.debtCeilingWad, limits.classSeizedWad ?? 0n)),
  };
  if (limits.globalDebtCeilingWad !== undefined && limits.otherClassesDebtWad !== undefined) {
    rooms.globalCeiling = maxDrawWad(limits.classTotalArt, rate, sub(limits.globalDebtCeilingWad, limits.otherClassesDebtWad + (limits.auctionDebtWad ?? 0n)));
  }
  if (l) {
    rooms.debtorLimit = maxDrawWad(l.classDebtorArt, rate, sub(cls.debtorLimitWad, l.seizedWad ?? 0n));
    // exposure − this class's debt against the debtor + its debt after the draw ≤ credit limit.
    rooms.creditLimit = maxDrawWad(l.classDebtorArt, rate, sub(l.creditLimitWad + debtWad(l.classDebtorArt, rate), l.exposureWad));
  }
  let boundBy: BorrowBound = 'ratio';
  let amountWad = rooms.ratio!;
  for (const [k, v] of Object.entries(rooms) as [BorrowBound, bigint][]) {
    if (v < amountWad) {
      amountWad = v;
      boundBy = k;
    }
  }
  const debtAfter = amountWad > 0n ? debtWad(pos.art + draw(amountWad, rate).art, rate) : h.debtWad;
  const belowDust = debtAfter < cls.dustWad;
  return { amountWad: belowDust ? 0n : amountWad, boundBy, rooms, belowDust };
}

/** `repay(amount)`: capped at the whole debt; a remainder below dust is refused. */
export function previewRepay(pos: PositionInput, cls: ClassRisk, state: ClassState, market: Market, amountWad: bigint, nowMs: bigint): Preview {
  return guarded(pos, cls, state, market, nowMs, amountWad, () => previewRepayExact(pos, cls, state, market, amountWad, nowMs));
}

function previewRepayExact(pos: PositionInput, cls: ClassRisk, state: ClassState, market: Market, amountWad: bigint, nowMs: bigint): Preview {
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
  const rest = { ...pos, assets: pos.assets.filter((a) => a.id !== assetId) };
  const h = health(rest, cls, state, market, nowMs);
  const base = { ...after(h.debtWad, h.valueWad, cls), amountWad: 0n, accruedFeeWad: h.accruedFeeWad };
  if (paused) return { ...base, refusal: 'Paused' };
  if (rest.assets.length === pos.assets.length) return { ...base, refusal: 'NotPledged' };
  const unpriced = h.assets.find((a) => a.unpriced);
  if (pos.art !== 0n && unpriced) return { ...base, refusal: `Oracle.${unpriced.unpriced}` };
  if (pos.art !== 0n && !h.safe) return { ...base, refusal: 'Unsafe' };
  return base;
}

export interface DepositContext {
  /** The class's accepted price keys (`class_price_keys`). */
  classPriceKeys?: string[];
  /** The invoice's debtor (invoices only). */
  assetDebtor?: string;
}

/**
 * `deposit(asset)`, in the vault's order: confirmed, a key the class accepts, the position's one
 * price key (`PriceKeyMismatch`), a fresh price, not expired, the position's one debtor; then the
 * position's value and ratio with one more NFT.
 */
export function previewDeposit(
  pos: PositionInput,
  cls: ClassRisk,
  state: ClassState,
  market: Market,
  asset: PledgedAsset,
  nowMs: bigint,
  ctx: DepositContext = {},
): Preview {
  const h = health({ ...pos, assets: [...pos.assets, asset] }, cls, state, market, nowMs);
  const base = { ...after(h.debtWad, h.valueWad, cls), amountWad: 0n, accruedFeeWad: h.accruedFeeWad };
  const key = asset.terms.key;
  if (asset.status !== 'Confirmed') return { ...base, refusal: 'NotConfirmed' };
  if (ctx.classPriceKeys && !ctx.classPriceKeys.includes(key))
    return { ...base, refusal: 'PriceKeyNotAccepted', detail: `This class accepts ${ctx.classPriceKeys.join(', ')}; this document is in ${key}.` };
  const mismatch = priceKeyMismatch(pos, asset);
  if (mismatch) return { ...base, refusal: 'PriceKeyMismatch', detail: mismatch };
  if (key !== market.unitKey) {
    const p = usablePrice(market, key, nowMs);
    if ('reason' in p) return { ...base, refusal: `Oracle.${p.reason}` };
  }
  if (asset.terms.kind === 'Invoice' && nowMs > asset.terms.dueDateMs) return { ...base, refusal: 'AssetExpired' };
  if (asset.terms.kind === 'InTransit' && nowMs > asset.terms.expectedArrivalMs) return { ...base, refusal: 'AssetExpired' };
  if (asset.terms.kind === 'Invoice' && pos.debtor && ctx.assetDebtor && pos.debtor !== ctx.assetDebtor) return { ...base, refusal: 'DebtorMismatch' };
  return base;
}

/**
 * One price key per position: the sentence why `asset` cannot join `pos` (its key differs from
 * the position's), or undefined when it can.
 */
export function priceKeyMismatch(pos: PositionInput, asset: PledgedAsset): string | undefined {
  if (pos.priceKey === undefined || pos.priceKey === asset.terms.key) return undefined;
  return `This position’s documents are all valued in ${pos.priceKey}, and this one is in ${asset.terms.key}: a position holds one price key. Open another position for it.`;
}

export interface LiquidationContext {
  paused: boolean;
  /** Already being liquidated. */
  liquidating: boolean;
  /** The class's liquidation penalty (wad fraction of the debt). */
  liquidationPenaltyWad: bigint;
  /** The engine's limits (`liquidation_limits(class)`): overall and, if set, for the class. */
  limits?: { holeWad: bigint; dirtWad: bigint; classHoleWad?: bigint; classDirtWad: bigint };
}

export interface LiquidationPreview {
  /** The engine's refusal (an EngineError path: `Vault.PositionSafe`, `LiquidationLimit`, …), if any. */
  refusal?: string;
  /** What the liquidation would add to the engine's count: debt + penalty. */
  tabWad: bigint;
}

/**
 * `liquidate(position)`, in the engine's order (`seize` in the vault, then the limits): not
 * paused, not already liquidating, some debt, every price the liquidation check needs usable
 * (an outage is never a value of 0), unsafe at the upper price with disputed invoices counted,
 * and within the engine's liquidation limits (Hole/hole): dirt + debt + penalty ≤ limit.
 */
export function previewLiquidate(pos: PositionInput, cls: ClassRisk, state: ClassState, market: Market, ctx: LiquidationContext, nowMs: bigint): LiquidationPreview {
  const h = health(pos, cls, state, market, nowMs);
  const penalty = wadMulUp(h.debtWad, ctx.liquidationPenaltyWad);
  const tabWad = h.debtWad + penalty;
  const refuse = (refusal: string): LiquidationPreview => ({ refusal, tabWad });
  if (ctx.paused) return refuse('Vault.Paused');
  if (ctx.liquidating) return refuse('Vault.PositionLiquidating');
  if (pos.art === 0n) return refuse('Vault.NoDebt');
  const unpriced = h.check.assets.find((a) => a.unpriced);
  if (unpriced) return refuse(`Vault.Oracle.${unpriced.unpriced}`);
  if (isSafe(h.debtWad, h.check.valueWad, cls.liquidationRatioWad)) return refuse('Vault.PositionSafe');
  const l = ctx.limits;
  if (l && (l.dirtWad + tabWad > l.holeWad || (l.classHoleWad !== undefined && l.classDirtWad + tabWad > l.classHoleWad))) return refuse('LiquidationLimit');
  return { tabWad };
}

/**
 * Whether a keeper may liquidate: `previewLiquidate` accepts — every price the check needs usable
 * (an unpriced NFT refuses the seizure in the vault, it is never counted as 0 there), unsafe at
 * the upper price, and, with `ctx`, not paused, not already liquidating, within the engine's limits.
 */
export function isLiquidatable(
  pos: PositionInput,
  cls: ClassRisk,
  state: ClassState,
  market: Market,
  nowMs: bigint,
  ctx: LiquidationContext = { paused: false, liquidating: false, liquidationPenaltyWad: 0n },
): boolean {
  return previewLiquidate(pos, cls, state, market, ctx, nowMs).refusal === undefined;
}
