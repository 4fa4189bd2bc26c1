/**
 * Dutch auction price, as `contracts/collateral_vault/src/auction.rs` computes it: linear from
 * the start price towards zero over the duration, rounded up; `undefined` once it must be
 * restarted (the duration ran out, or the price would fall below the floor).
 */
import { mulDivUp } from './math';

export interface AuctionTerms {
  startPriceWad: bigint;
  floorWad: bigint;
  startedAtMs: bigint;
  durationMs: bigint;
}

export function auctionPriceWad(a: AuctionTerms, nowMs: bigint): bigint | undefined {
  const elapsed = nowMs > a.startedAtMs ? nowMs - a.startedAtMs : 0n;
  if (elapsed >= a.durationMs) return undefined;
  const price = mulDivUp(a.startPriceWad, a.durationMs - elapsed, a.durationMs);
  return price >= a.floorWad && price > 0n ? price : undefined;
}

/** When the price reaches the floor (ms since epoch): the auction must be restarted after it. */
export function auctionEndsAtMs(a: AuctionTerms): bigint {
  if (a.startPriceWad === 0n) return a.startedAtMs;
  // price(t) = start × (d − e) / d ≥ floor  ⇔  e ≤ d × (start − floor) / start
  const untilFloor = (a.durationMs * (a.startPriceWad - a.floorWad)) / a.startPriceWad;
  return a.startedAtMs + (untilFloor < a.durationMs ? untilFloor : a.durationMs);
}
