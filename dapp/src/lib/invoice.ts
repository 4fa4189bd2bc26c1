/**
 * What a debtor or a holder may do with an invoice now, as the registry and the vault decide it
 * (contracts/receivable_registry/src/lib.rs `dispute`, `mark_paid`; contracts/collateral_vault
 * `dispute`, `settle`; the engine's `take`, `settle`), so a screen offers only what the chain
 * accepts and says why not before signing.
 */
import type { AssetStatus } from './valuation';

export interface InvoiceState {
  status: AssetStatus;
  dueDateMs: bigint;
  /** Held by the vault (pledged, at auction or in recovery). */
  pledged: boolean;
  atAuction: boolean;
}

/**
 * The refusal a dispute by the invoice's debtor would meet (a RegistryError / VaultError variant),
 * or undefined when it is accepted: never at auction (a buyer bids on what it saw), never after
 * the due date (`PastDue`: non-payment runs to default), and only a Pending (unpledged) or
 * Confirmed invoice.
 */
export function disputeRefusal(inv: InvoiceState, nowMs: bigint): string | undefined {
  if (inv.pledged && inv.atAuction) return 'InAuction';
  if (nowMs > inv.dueDateMs) return 'PastDue';
  const from: AssetStatus[] = inv.pledged ? ['Confirmed'] : ['Pending', 'Confirmed'];
  if (!from.includes(inv.status)) return inv.pledged ? 'InvalidStatus' : 'InvalidTransition';
  return undefined;
}

/**
 * Whether `caller` may mark an unpledged invoice paid outside the chain (`mark_paid`): on the
 * HOLDER's word only (the NFT's owner, the party that was paid) when it is Confirmed or Defaulted;
 * never on its debtor's word, which would settle its supplier's receivable paying nothing.
 */
export function mayMarkPaid(
  inv: InvoiceState & { owner?: string; originator: string; debtor?: string },
  caller: string | undefined,
): boolean {
  if (!caller || inv.pledged) return false;
  if (inv.status !== 'Confirmed' && inv.status !== 'Defaulted') return false;
  return inv.owner === caller;
}

/** The debtor of an invoice at auction may not buy it (`DebtorMustSettle`): it pays what it owes through `settle`. */
export function mayTake(auctionDebtor: string | undefined, caller: string | undefined): boolean {
  return !(caller !== undefined && auctionDebtor !== undefined && auctionDebtor === caller);
}
