/**
 * Buyers the risk desk has approved or suspended from this browser. The vault keeps credit lines
 * in a mapping it cannot list, so the desk's table shows the manifest's debtors, every debtor
 * named on an invoice, and these (kept in localStorage, per network).
 */
import { encodeAddress } from 'dedot/utils';

const keyOf = (network: string) => `scf.watchedDebtors.${network}`;

export function watchedDebtors(network: string): string[] {
  try {
    const raw = globalThis.localStorage?.getItem(keyOf(network));
    const list: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(list) ? list.filter((a): a is string => typeof a === 'string') : [];
  } catch {
    return [];
  }
}

/** Adds `account` (any SS58 spelling; ignored if not an address) to the network's list. */
export function watchDebtor(network: string, account: string): void {
  let normal: string;
  try {
    normal = encodeAddress(account, 42);
  } catch {
    return;
  }
  const list = watchedDebtors(network);
  if (list.includes(normal)) return;
  try {
    globalThis.localStorage?.setItem(keyOf(network), JSON.stringify([...list, normal]));
  } catch {
    // Storage full or disabled: the table simply will not remember this buyer.
  }
}
