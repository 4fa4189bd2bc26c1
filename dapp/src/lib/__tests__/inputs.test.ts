import { describe, expect, it } from 'vitest';
import { checkAmount, checkDate, checkDays, COMMA_ERROR } from '../inputs';
import { U128_MAX, WAD } from '../units';

const value = (c: ReturnType<typeof checkAmount>) => (c.ok ? c.value : c.error);

describe('amount fields (every amount of the screens)', () => {
  it('accepts exact decimals, down to 1 base unit and up to u128::MAX base units', () => {
    expect(value(checkAmount('1.5'))).toBe((3n * WAD) / 2n);
    expect(value(checkAmount(' 15000 '))).toBe(15_000n * WAD);
    expect(value(checkAmount('.5'))).toBe(WAD / 2n);
    expect(value(checkAmount('5.'))).toBe(5n * WAD);
    expect(value(checkAmount('0.000000000000000001'))).toBe(1n); // 1 unit
    expect(value(checkAmount('0.00000000000000001'))).toBe(10n);
    expect(value(checkAmount('340282366920938463463.374607431768211455'))).toBe(U128_MAX);
  });
  it('refuses one unit above u128::MAX, and more than 18 decimals', () => {
    expect(checkAmount('340282366920938463463.374607431768211456')).toEqual({
      ok: false,
      empty: false,
      error: 'Too large: the contracts hold at most 2^128 − 1 base units (about 3.4 × 10^20 with 18 decimals).',
    });
    expect(checkAmount('1000000000000000000000')).toMatchObject({ ok: false, error: expect.stringMatching(/^Too large/) });
    expect(checkAmount('1.0000000000000000001')).toEqual({ ok: false, empty: false, error: 'At most 18 decimals.' });
  });
  it('refuses a comma with "use a dot" (never 15 for "1,5"), a sign, letters, an exponent', () => {
    expect(checkAmount('1,5')).toEqual({ ok: false, empty: false, error: COMMA_ERROR });
    expect(checkAmount('15,000')).toEqual({ ok: false, empty: false, error: COMMA_ERROR });
    expect(COMMA_ERROR).toBe('Use a dot for decimals (e.g. 1.5); commas are not accepted.');
    expect(checkAmount('-5')).toEqual({ ok: false, empty: false, error: 'An amount cannot be negative.' });
    expect(checkAmount('+5')).toEqual({ ok: false, empty: false, error: 'Enter the amount without a sign.' });
    expect(checkAmount('abc')).toEqual({ ok: false, empty: false, error: 'Only digits and one dot (e.g. 1250.75).' });
    expect(checkAmount('1.2.3')).toEqual({ ok: false, empty: false, error: 'Only digits and one dot (e.g. 1250.75).' });
    expect(checkAmount('.')).toEqual({ ok: false, empty: false, error: 'Only digits and one dot (e.g. 1250.75).' });
    expect(checkAmount('1e3')).toEqual({ ok: false, empty: false, error: 'Write the amount in full digits (no exponent).' });
  });
  it('empty is an error flagged empty (the submit is off, nothing red); zero only where allowed', () => {
    expect(checkAmount('')).toEqual({ ok: false, empty: true, error: 'Enter an amount.' });
    expect(checkAmount('   ')).toEqual({ ok: false, empty: true, error: 'Enter an amount.' });
    expect(checkAmount('0')).toEqual({ ok: false, empty: false, error: 'Enter an amount greater than zero.' });
    expect(checkAmount('0.000', { allowZero: true })).toEqual({ ok: true, value: 0n });
  });
});

describe('day fields (due in, arrives in): a whole positive number of days', () => {
  it('accepts 1 to 3 650', () => {
    expect(checkDays('60')).toEqual({ ok: true, value: 60n });
    expect(checkDays(' 1 ')).toEqual({ ok: true, value: 1n });
    expect(checkDays('3650')).toEqual({ ok: true, value: 3650n });
  });
  it('refuses "60.5", "abc", "-5", "", "0", commas and too many days, each with its sentence (never 1 day)', () => {
    expect(checkDays('60.5')).toEqual({ ok: false, empty: false, error: 'A whole number of days (no fractions): dates are whole days.' });
    expect(checkDays('abc')).toEqual({ ok: false, empty: false, error: 'A whole number of days, digits only (e.g. 60).' });
    expect(checkDays('-5')).toEqual({ ok: false, empty: false, error: 'The number of days must be positive.' });
    expect(checkDays('')).toEqual({ ok: false, empty: true, error: 'Enter a number of days.' });
    expect(checkDays('0')).toEqual({ ok: false, empty: false, error: 'At least 1 day.' });
    expect(checkDays('1,5')).toEqual({ ok: false, empty: false, error: 'A whole number of days, without commas (e.g. 60).' });
    expect(checkDays('3651')).toEqual({ ok: false, empty: false, error: 'At most 3650 days.' });
    expect(checkDays('340282366920938463463374607431768211455')).toEqual({ ok: false, empty: false, error: 'At most 3650 days.' });
    expect(checkDays('1e3')).toEqual({ ok: false, empty: false, error: 'A whole number of days, digits only (e.g. 60).' });
  });
});

describe('date fields', () => {
  it('a day at midnight UTC; no such day, garbage, empty and the far future refused', () => {
    expect(checkDate('2027-02-17')).toEqual({ ok: true, value: BigInt(Date.UTC(2027, 1, 17)) });
    expect(checkDate('2027-02-30', 'issue date')).toEqual({ ok: false, empty: false, error: 'no such day' });
    expect(checkDate('17/02/2027')).toEqual({ ok: false, empty: false, error: 'a date is YYYY-MM-DD (UTC), an ISO time with its zone, or milliseconds' });
    expect(checkDate('', 'issue date')).toEqual({ ok: false, empty: true, error: 'Enter the issue date (YYYY-MM-DD).' });
    expect(checkDate('9999-12-31')).toEqual({ ok: true, value: BigInt(Date.UTC(9999, 11, 31)) });
    expect(checkDate('9999999999999999', 'due date')).toEqual({ ok: false, empty: false, error: 'The due date is too far in the future.' });
  });
});
