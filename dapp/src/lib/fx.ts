/**
 * What a debtor pays to settle an invoice (the vault's `amount_due`, also the engine's `settle`
 * of an invoice at auction or in recovery): face × the currency's UPPER middle price (the
 * lender's side: `upper_wad`, never below `price_wad`), rounded up (the debtor pays the fraction);
 * face alone in the stablecoin's own unit. Then where the payment goes: the position's debt
 * first, the rest to the supplier.
 */
import { mulDivUp } from './math';
import { wipe } from './fees';
import { WAD } from './units';

/** `upperWad`: the oracle's upper middle value for `currency` (see `usablePrice(…, 'Liquidate')`). */
export function amountDueWad(faceValueWad: bigint, currency: string, unitKey: string, upperWad?: bigint): bigint {
  if (currency === unitKey) return faceValueWad;
  if (upperWad === undefined) throw new Error(`no price for ${currency}`);
  return mulDivUp(faceValueWad, upperWad, WAD);
}

export interface SettlementSplit {
  amountDueWad: bigint;
  /** Burned against the position's debt. */
  toDebtWad: bigint;
  /** Paid on to the supplier. */
  toSupplierWad: bigint;
}

/** A settlement of `amountDue` against a position with normalised debt `art` at `rateRay`. */
export function settlementSplit(amountDue: bigint, art: bigint, rateRay: bigint): SettlementSplit {
  const w = wipe(art, rateRay, amountDue);
  return { amountDueWad: amountDue, toDebtWad: w.paidWad, toSupplierWad: amountDue - w.paidWad };
}
