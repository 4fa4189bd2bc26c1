/**
 * A payment in the stablecoin (PSP22 `transfer(to, value, data)`) with a reference: the form's
 * checks, each an inline sentence, and the reference encoded as UTF-8 into PSP22's `data`.
 * Pure: no chain, no React.
 */
import { parseWad, UnitsError } from './units';
import { normalAddress } from './names';

/** The most bytes of reference the dApp puts into `data` (UTF-8). */
export const MAX_REFERENCE_BYTES = 64;

export interface PaymentInput {
  to: string;
  amount: string;
  reference: string;
  /** The payer's balance (wad), when known. */
  balanceWad?: bigint;
  /** The payer's own address: paying oneself is refused. */
  from?: string;
}

export interface PaymentCheck {
  errors: { to?: string; amount?: string; reference?: string };
  /** Set when every field is valid. */
  payment?: { to: string; valueWad: bigint; data: `0x${string}` };
}

/** UTF-8 bytes of the reference as 0x-hex (`0x` for none). */
export function encodeReference(text: string): `0x${string}` {
  const bytes = new TextEncoder().encode(text);
  return `0x${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The reference back from `data` (what a Transfer's recipient reads); undefined when not UTF-8. */
export function decodeReference(hex: string): string | undefined {
  const clean = hex.startsWith('0x') ? hex.slice(2) : hex;
  if (clean.length % 2) return undefined;
  const bytes = Uint8Array.from(clean.match(/../g) ?? [], (h) => parseInt(h, 16));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

export function checkPayment(i: PaymentInput): PaymentCheck {
  const errors: PaymentCheck['errors'] = {};
  let to: string | undefined;
  if (i.to.trim() === '') errors.to = 'Enter the recipient’s address.';
  else {
    to = normalAddress(i.to);
    if (!to) errors.to = 'Not an address: enter the recipient’s SS58 address (e.g. 5F…).';
    else if (i.from && normalAddress(i.from) === to) errors.to = 'This is your own address: choose another recipient.';
  }
  let valueWad: bigint | undefined;
  const text = i.amount.trim();
  if (text === '') errors.amount = 'Enter an amount.';
  else if (text.includes(',')) errors.amount = 'Use a point for decimals and no commas (e.g. 1250.50).';
  else if (text.startsWith('-')) errors.amount = 'The amount cannot be negative.';
  else {
    try {
      valueWad = parseWad(text);
      if (valueWad === 0n) errors.amount = 'Enter an amount greater than zero.';
      else if (i.balanceWad !== undefined && valueWad > i.balanceWad) errors.amount = 'More than your balance.';
    } catch (e) {
      errors.amount = e instanceof UnitsError ? `Not an amount: ${e.why}.` : String(e);
    }
  }
  const data = encodeReference(i.reference);
  const bytes = (data.length - 2) / 2;
  if (bytes > MAX_REFERENCE_BYTES) errors.reference = `The reference is ${bytes} bytes; at most ${MAX_REFERENCE_BYTES} (UTF-8).`;
  if (errors.to || errors.amount || errors.reference || !to || valueWad === undefined) return { errors };
  return { errors, payment: { to, valueWad, data } };
}

/** The Pay button: off without an account, with an invalid field, and while a payment runs (no double send). */
export function payButton(check: PaymentCheck, busy: boolean, account: string | undefined): { disabled: boolean; text: string } {
  if (busy) return { disabled: true, text: 'Paying…' };
  return { disabled: !account || !check.payment, text: 'Pay' };
}
