/**
 * Housekeeping anyone may send (so the keeper's screen offers it): `mark_defaulted(asset)` for a
 * pledged invoice past its due date plus its class's grace period, Confirmed or Disputed and not
 * ruled void (contracts/collateral_vault `mark_defaulted`: `NotOverdue` before, `InvalidStatus`
 * otherwise), and `heal()`, which covers bad debt from the surplus as far as it goes.
 */
import type { AssetStatus } from './valuation';

export interface PledgedInvoice {
  id: bigint;
  status: AssetStatus;
  void?: boolean;
  dueDateMs: bigint;
  gracePeriodMs: bigint;
}

/** Whether `mark_defaulted` would be accepted now, and when it will be if not yet. */
export function defaultCheck(i: PledgedInvoice, nowMs: bigint): { ok: true } | { ok: false; reason: 'NotOverdue'; inMs: bigint } | { ok: false; reason: 'InvalidStatus' } {
  if (!(i.status === 'Confirmed' || (i.status === 'Disputed' && !i.void))) return { ok: false, reason: 'InvalidStatus' };
  const at = i.dueDateMs + i.gracePeriodMs;
  // The vault refuses while block time <= due + grace.
  if (nowMs <= at) return { ok: false, reason: 'NotOverdue', inMs: at - nowMs + 1n };
  return { ok: true };
}

/** What `heal()` would cover now: min(surplus, bad debt). */
export function healAmountWad(surplusWad: bigint, badDebtWad: bigint): bigint {
  return surplusWad < badDebtWad ? surplusWad : badDebtWad;
}
