/**
 * What a person types into a field, checked before anything uses it: one rule per kind of field
 * (amounts, whole days, dates), each answering a value or the sentence the field shows inline.
 * Every amount, day-count and date field of the screens goes through here; nothing is coerced
 * (a comma is never read as a thousands separator nor as a decimal point, "60.5" days is not
 * rounded, "" is not 1).
 */
import { parseDateMs, TermsError } from './terms';
import { DECIMALS, MS_PER_DAY, U128_MAX } from './units';

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string; /** Nothing typed yet. */ empty: boolean };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const bad = <T>(error: string, empty = false): Checked<T> => ({ ok: false, error, empty });

export const COMMA_ERROR = 'Use a dot for decimals (e.g. 1.5); commas are not accepted.';

export interface AmountRule {
  /** Accept 0 (default: an amount must be more than 0). */
  allowZero?: boolean;
  /** Decimals the amount has (default 18, the wad). */
  decimals?: number;
}

/**
 * An amount in the unit's 18 decimals: digits and at most one dot, no sign, no comma, no
 * exponent, at most 18 decimals, at most u128::MAX base units (the contracts' `u128`).
 */
export function checkAmount(text: string, rule: AmountRule = {}): Checked<bigint> {
  const decimals = rule.decimals ?? DECIMALS;
  const t = text.trim();
  if (t === '') return bad('Enter an amount.', true);
  if (t.includes(',')) return bad(COMMA_ERROR);
  if (/^[-−]/.test(t)) return bad('An amount cannot be negative.');
  if (t.startsWith('+')) return bad('Enter the amount without a sign.');
  if (/\d[eE][+-]?\d/.test(t)) return bad('Write the amount in full digits (no exponent).');
  if (!/^\d*\.?\d*$/.test(t) || t === '.') return bad('Only digits and one dot (e.g. 1250.75).');
  const [whole = '', frac = ''] = t.split('.');
  if (frac.length > decimals) return bad(`At most ${decimals} decimals.`);
  const value = BigInt(whole === '' ? '0' : whole) * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, '0') || '0');
  if (value > U128_MAX) return bad('Too large: the contracts hold at most 2^128 − 1 base units (about 3.4 × 10^20 with 18 decimals).');
  if (value === 0n && !rule.allowZero) return bad('Enter an amount greater than zero.');
  return ok(value);
}

/** The longest a document's term may run (due after issue, arrival after today). */
export const MAX_DAYS = 3650;

/** A whole positive number of days (1 to 3 650): "60.5", "abc", "-5", "0" and "" are refused. */
export function checkDays(text: string, max = MAX_DAYS): Checked<bigint> {
  const t = text.trim();
  if (t === '') return bad('Enter a number of days.', true);
  if (t.includes(',')) return bad('A whole number of days, without commas (e.g. 60).');
  if (/^[-−]/.test(t)) return bad('The number of days must be positive.');
  if (/^\d*\.\d*$/.test(t) && t !== '.') return bad('A whole number of days (no fractions): dates are whole days.');
  if (!/^\d+$/.test(t)) return bad('A whole number of days, digits only (e.g. 60).');
  const n = BigInt(t);
  if (n === 0n) return bad('At least 1 day.');
  if (n > BigInt(max)) return bad(`At most ${max} days.`);
  return ok(n);
}

/** A date as the registration records it (YYYY-MM-DD midnight UTC, an ISO time with zone, or ms). */
export function checkDate(text: string, field = 'date'): Checked<bigint> {
  const t = text.trim();
  if (t === '') return bad(`Enter the ${field} (YYYY-MM-DD).`, true);
  try {
    const ms = parseDateMs(t, field);
    // The contracts keep times as u64 milliseconds; years past 9999 are typing mistakes.
    if (ms > 253_402_300_799_999n) return bad(`The ${field} is too far in the future.`);
    return ok(ms);
  } catch (e) {
    return bad(e instanceof TermsError ? e.why : String(e));
  }
}

/** `base` + whole days (midnight stays midnight). */
export const addDays = (baseMs: bigint, days: bigint): bigint => baseMs + days * MS_PER_DAY;
