/**
 * Collateral valuation, as `contracts/collateral_vault/src/valuation.rs` does it: every step
 * rounds down (collateral value in the protocol's favour).
 *
 * Invoice = face × FX price ÷ (1 + rate × time to due); overdue within grace = × (1 − overdue
 * haircut); past grace = 0. Goods = quantity × price × (1 − goods haircut); goods in transit past
 * expected arrival + grace = 0. Anything not `Confirmed` is worth 0.
 */
import { complement, mulDivDown, mulDivUp, wadDivDown, wadMulDown, wadMulUp } from './math';
import { MS_PER_YEAR, WAD } from './units';

export type AssetStatus = 'Pending' | 'Confirmed' | 'Settled' | 'Disputed' | 'Defaulted';

export type AssetTerms =
  | { kind: 'Invoice'; faceValueWad: bigint; dueDateMs: bigint; key: string }
  | { kind: 'WarehouseReceipt'; quantityWad: bigint; key: string }
  | { kind: 'InTransit'; quantityWad: bigint; expectedArrivalMs: bigint; key: string };

export interface ValuationParams {
  discountRateAnnualWad: bigint;
  gracePeriodMs: bigint;
  overdueHaircutWad: bigint;
  goodsHaircutWad: bigint;
}

export function assetValueWad(
  terms: AssetTerms,
  status: AssetStatus,
  priceWad: bigint,
  nowMs: bigint,
  p: ValuationParams,
): bigint {
  if (status !== 'Confirmed') return 0n;
  switch (terms.kind) {
    case 'Invoice': {
      const base = mulDivDown(terms.faceValueWad, priceWad, WAD);
      if (nowMs <= terms.dueDateMs) {
        const rt = mulDivUp(p.discountRateAnnualWad, terms.dueDateMs - nowMs, MS_PER_YEAR);
        return mulDivDown(base, WAD, WAD + rt);
      }
      if (nowMs <= terms.dueDateMs + p.gracePeriodMs) return wadMulDown(base, complement(p.overdueHaircutWad));
      return 0n;
    }
    case 'WarehouseReceipt':
      return goodsValue(terms.quantityWad, priceWad, p);
    case 'InTransit':
      if (nowMs > terms.expectedArrivalMs + p.gracePeriodMs) return 0n;
      return goodsValue(terms.quantityWad, priceWad, p);
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
