/**
 * Dutch auction price, as `contracts/liquidation_engine/src/auction.rs` computes it: linear from
 * the start price towards zero over the duration, rounded up; `undefined` once it must be
 * restarted. A goods auction must be restarted once the price would fall below its reserve (the
 * floor) or the duration runs out; an invoice auction (one with a debtor) HOLDS at its reserve —
 * what its debtor owes — until the duration runs out: an invoice is never sold for less.
 */
import { mulDivUp } from './math';

export interface AuctionTerms {
  startPriceWad: bigint;
  floorWad: bigint;
  startedAtMs: bigint;
  durationMs: bigint;
  /** The invoice's debtor (invoice auctions only). */
  debtor?: string;
}

export function auctionPriceWad(a: AuctionTerms, nowMs: bigint): bigint | undefined {
  const elapsed = nowMs > a.startedAtMs ? nowMs - a.startedAtMs : 0n;
  if (elapsed >= a.durationMs) return undefined;
  let price = mulDivUp(a.startPriceWad, a.durationMs - elapsed, a.durationMs);
  if (a.debtor !== undefined && price < a.floorWad) price = a.floorWad;
  return price >= a.floorWad && price > 0n ? price : undefined;
}

/** When the decaying price reaches the reserve (ms since epoch), at the latest the end of the duration. */
export function reserveReachedAtMs(a: AuctionTerms): bigint {
  if (a.startPriceWad === 0n) return a.startedAtMs;
  // price(t) = start × (d − e) / d ≥ floor  ⇔  e ≤ d × (start − floor) / start
  const untilFloor = a.startPriceWad > a.floorWad ? (a.durationMs * (a.startPriceWad - a.floorWad)) / a.startPriceWad : 0n;
  return a.startedAtMs + (untilFloor < a.durationMs ? untilFloor : a.durationMs);
}

/** When the auction must be restarted: at the reserve for goods, at the end of its duration for an invoice. */
export function auctionEndsAtMs(a: AuctionTerms): bigint {
  if (a.debtor !== undefined && a.startPriceWad > 0n) return a.startedAtMs + a.durationMs;
  return reserveReachedAtMs(a);
}

export interface ProceedsSplit {
  toDebtWad: bigint;
  toPenaltyWad: bigint;
  toOwnerWad: bigint;
}

/** Where a sale's or a debtor's payment goes (`auction::split`): the debt, then the penalty, then the owner. */
export function proceedsSplit(paidWad: bigint, debtWad: bigint, penaltyWad: bigint): ProceedsSplit {
  const toDebtWad = paidWad < debtWad ? paidWad : debtWad;
  const rest = paidWad - toDebtWad;
  const toPenaltyWad = rest < penaltyWad ? rest : penaltyWad;
  return { toDebtWad, toPenaltyWad, toOwnerWad: rest - toPenaltyWad };
}

/**
 * How far the auction price is below the collateral's oracle value, as a wad fraction
 * ((value − price) ÷ value, rounded down; negative when the price is above the value, a
 * premium); undefined when the collateral has no value to compare with.
 */
export function auctionDiscountWad(priceWad: bigint, valueWad: bigint): bigint | undefined {
  if (valueWad <= 0n) return undefined;
  const diff = valueWad - priceWad;
  // Round towards −∞ for a premium too, so the sign is never lost.
  const q = (diff * 10n ** 18n) / valueWad;
  return diff < 0n && (diff * 10n ** 18n) % valueWad !== 0n ? q - 1n : q;
}
