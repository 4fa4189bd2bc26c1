/**
 * Collateral valuation, as `contracts/collateral_vault/src/valuation.rs` does it: every step
 * rounds down (collateral value in the protocol's favour).
 *
 * Invoice = face × FX price ÷ (1 + rate × time to due); once overdue it declines LINEARLY to 0
 * over the grace period (value × (grace − late) ÷ grace, rounded down; 0 from due + grace on):
 * no cliff at the due date. Goods = quantity × price × (1 − goods haircut); goods in transit
 * decline the same way after their expected arrival.
 *
 * Which NFTs count (`counts`) and at which price depends on the purpose:
 * - `Lend` (borrow, withdraw, max borrow): the oracle's LOWER middle value (`price_wad`); only
 *   `Confirmed` NFTs count.
 * - `Liquidate` (whether a position may be liquidated, what a seized NFT is auctioned at): the
 *   UPPER middle value (`upper_wad`, never below `price_wad`); a `Disputed` invoice keeps its
 *   value until the arbiter rules it void (`Pledge.void`).
 */
import { mulDivDown, mulDivUp, complement, wadDivDown, wadMulDown, wadMulUp } from './math';
import { MS_PER_YEAR, WAD } from './units';

export type AssetStatus = 'Pending' | 'Confirmed' | 'Settled' | 'Disputed' | 'Defaulted';

export type Purpose = 'Lend' | 'Liquidate';

export type AssetTerms =
  | { kind: 'Invoice'; faceValueWad: bigint; dueDateMs: bigint; key: string }
  | { kind: 'WarehouseReceipt'; quantityWad: bigint; key: string }
  | { kind: 'InTransit'; quantityWad: bigint; expectedArrivalMs: bigint; key: string };

export interface ValuationParams {
  discountRateAnnualWad: bigint;
  /** Invoices after due, goods in transit after expected arrival: the value declines to 0 over it. */
  gracePeriodMs: bigint;
  goodsHaircutWad: bigint;
}

/** An oracle answer: both middle values of the median (equal for an odd count of reports). */
export interface Answer {
  priceWad: bigint;
  upperWad: bigint;
}

/** The price a purpose takes from an answer (`Purpose::price_wad`). */
export function purposePrice(answer: Answer, purpose: Purpose): bigint {
  if (purpose === 'Lend') return answer.priceWad;
  return answer.upperWad > answer.priceWad ? answer.upperWad : answer.priceWad;
}

/** Whether an NFT in `status` has a value for `purpose` (`isVoid`: its dispute was ruled void). */
export function counts(status: AssetStatus, isVoid: boolean, purpose: Purpose): boolean {
  if (status === 'Confirmed') return true;
  if (status === 'Disputed') return purpose === 'Liquidate' && !isVoid;
  return false;
}

/** `value` late by `lateMs` into a grace period of `graceMs`: linear from the whole value to 0. */
export function declining(valueWad: bigint, lateMs: bigint, graceMs: bigint): bigint {
  if (lateMs >= graceMs) return 0n;
  return mulDivDown(valueWad, graceMs - lateMs, graceMs);
}

/** The value at `priceWad` of an NFT that counts (see `counts`), at `nowMs`. */
export function assetValueWad(terms: AssetTerms, priceWad: bigint, nowMs: bigint, p: ValuationParams): bigint {
  switch (terms.kind) {
    case 'Invoice': {
      const base = mulDivDown(terms.faceValueWad, priceWad, WAD);
      if (nowMs <= terms.dueDateMs) {
        const rt = mulDivUp(p.discountRateAnnualWad, terms.dueDateMs - nowMs, MS_PER_YEAR);
        return mulDivDown(base, WAD, WAD + rt);
      }
      return declining(base, nowMs - terms.dueDateMs, p.gracePeriodMs);
    }
    case 'WarehouseReceipt':
      return goodsValue(terms.quantityWad, priceWad, p);
    case 'InTransit': {
      const value = goodsValue(terms.quantityWad, priceWad, p);
      if (nowMs <= terms.expectedArrivalMs) return value;
      return declining(value, nowMs - terms.expectedArrivalMs, p.gracePeriodMs);
    }
  }
}

function goodsValue(quantityWad: bigint, priceWad: bigint, p: ValuationParams): bigint {
  return wadMulDown(mulDivDown(quantityWad, priceWad, WAD), complement(p.goodsHaircutWad));
}

/** `debt × liquidation ratio ≤ value` (the left side rounds up). */
export function isSafe(debtWad: bigint, valueWad: bigint, liquidationRatioWad: bigint): boolean {
  return wadMulUp(debtWad, liquidationRatioWad) <= valueWad;
}

/** The most debt `valueWad` can carry: value ÷ liquidation ratio, rounded down. */
export function maxDebtWad(valueWad: bigint, liquidationRatioWad: bigint): bigint {
  return wadDivDown(valueWad, liquidationRatioWad);
}
