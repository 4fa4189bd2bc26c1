/**
 * An unpledged invoice paid on chain (the vault's `pay_invoice(asset_id)`): its debtor pays
 * face × the oracle's upper middle price for the invoice's currency (rounded up, wad; face alone in
 * the stablecoin's own unit) from its balance to whoever holds the invoice NFT, through the
 * stablecoin's `transfer_from` — so it first approves the VAULT for that amount — and the registry
 * marks the invoice Settled, on time or late. Only for an invoice the vault does NOT hold (a
 * pledged one is paid through `settle`: `InvoicePledged`), Confirmed or Defaulted, by its debtor.
 *
 * Pure: what the Debtor screen offers and why not, before anything is signed.
 */
import { amountDueWad } from './fx';
import { describeError, describeRefusal } from './errors';
import { usablePrice, type Market } from './risk';
import type { AssetStatus } from './valuation';

export interface PayOnChainInput {
  status: AssetStatus;
  /** Held by the vault (pledged, at auction or in recovery). */
  pledged: boolean;
  debtor?: string;
  /** The NFT's holder, who is paid. */
  holder?: string;
  faceValueWad: bigint;
  key: string;
}

export type PayOnChainPlan =
  | { offer: false; amountWad?: undefined; holder?: undefined; refusal?: undefined }
  | { offer: true; amountWad?: bigint; holder?: string; refusal?: string };

/**
 * What the debtor `caller` is offered for an invoice: nothing unless it is the debtor of an
 * unpledged Confirmed/Defaulted invoice; else the amount, to whom, and the refusal it would meet
 * (no usable price, a balance too low, the debtor holding the invoice itself).
 */
export function payOnChainPlan(
  inv: PayOnChainInput,
  caller: string | undefined,
  market: Market,
  nowMs: bigint,
  opts: { balanceWad?: bigint },
): PayOnChainPlan {
  if (!caller || inv.debtor !== caller) return { offer: false };
  if (inv.pledged) return { offer: false };
  if (inv.status !== 'Confirmed' && inv.status !== 'Defaulted') return { offer: false };
  let amountWad: bigint | undefined;
  let refusal: string | undefined;
  if (inv.key === market.unitKey) amountWad = inv.faceValueWad;
  else {
    const p = usablePrice(market, inv.key, nowMs, 'Liquidate');
    if ('priceWad' in p) amountWad = amountDueWad(inv.faceValueWad, inv.key, market.unitKey, p.priceWad);
    else refusal = describeRefusal(`Oracle.${p.reason}`);
  }
  if (!refusal && amountWad !== undefined && opts.balanceWad !== undefined && opts.balanceWad < amountWad)
    refusal = describeError('PSP22Error', 'InsufficientBalance').sentence;
  if (!refusal && inv.holder === caller) refusal = describeError('VaultError', 'PayeeIsDebtor').sentence;
  return { offer: true, amountWad, holder: inv.holder, refusal };
}
