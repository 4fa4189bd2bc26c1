import { describe, expect, it } from 'vitest';
import { checkPayment, decodeReference, encodeReference, MAX_REFERENCE_BYTES, payButton } from '../pay';
import { WAD } from '../units';

const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const DAVE = '5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy';
const ok = { to: DAVE, amount: '1250.5', reference: 'PO-2041', balanceWad: 2_000n * WAD, from: BOB };

describe('a stablecoin payment with a reference', () => {
  it('encodes the reference as UTF-8 into data, exactly', () => {
    expect(encodeReference('PO-1')).toBe('0x504f2d31');
    expect(encodeReference('')).toBe('0x');
    expect(encodeReference('café')).toBe('0x636166c3a9');
    expect(decodeReference('0x636166c3a9')).toBe('café');
    expect(decodeReference('0xff')).toBeUndefined();
  });
  it('a valid payment: exact wad, normalised recipient, the reference bytes', () => {
    expect(checkPayment(ok)).toEqual({ errors: {}, payment: { to: DAVE, valueWad: 1_250_500_000_000_000_000_000n, data: '0x504f2d32303431' } });
    expect(checkPayment({ ...ok, amount: '0.000000000000000001' }).payment?.valueWad).toBe(1n);
    expect(checkPayment({ ...ok, amount: '2000' }).payment?.valueWad).toBe(2_000n * WAD);
  });
  it('refuses each bad field with its sentence', () => {
    expect(checkPayment({ ...ok, to: '' }).errors.to).toBe('Enter the recipient’s address.');
    expect(checkPayment({ ...ok, to: '5FHneW46' }).errors.to).toBe('Not an address: enter the recipient’s SS58 address (e.g. 5F…).');
    expect(checkPayment({ ...ok, to: BOB }).errors.to).toBe('This is your own address: choose another recipient.');
    expect(checkPayment({ ...ok, amount: '1.0000000000000000001' }).errors.amount).toBe('Not an amount: more than 18 decimals.');
    expect(checkPayment({ ...ok, amount: '1,250.50' }).errors.amount).toBe('Use a point for decimals and no commas (e.g. 1250.50).');
    expect(checkPayment({ ...ok, amount: '-5' }).errors.amount).toBe('The amount cannot be negative.');
    expect(checkPayment({ ...ok, amount: '0' }).errors.amount).toBe('Enter an amount greater than zero.');
    expect(checkPayment({ ...ok, amount: '2000.000000000000000001' }).errors.amount).toBe('More than your balance.');
    expect(checkPayment({ ...ok, amount: '1e3' }).errors.amount).toBe("Not an amount: only digits, one '.', and '_' or ',' separators are allowed.");
    expect(checkPayment({ ...ok, reference: 'x'.repeat(MAX_REFERENCE_BYTES) }).payment).toBeDefined();
    // 32 two-byte characters are 64 bytes; one more is 66.
    expect(checkPayment({ ...ok, reference: 'é'.repeat(33) }).errors.reference).toBe('The reference is 66 bytes; at most 64 (UTF-8).');
    expect(checkPayment({ ...ok, reference: 'é'.repeat(33) }).payment).toBeUndefined();
  });
});

describe('the Pay button', () => {
  it('is off while a payment runs, without an account, or with an invalid field', () => {
    const good = checkPayment(ok);
    expect(payButton(good, false, BOB)).toEqual({ disabled: false, text: 'Pay' });
    expect(payButton(good, true, BOB)).toEqual({ disabled: true, text: 'Paying…' });
    expect(payButton(good, false, undefined)).toEqual({ disabled: true, text: 'Pay' });
    expect(payButton(checkPayment({ ...ok, amount: '-1' }), false, BOB)).toEqual({ disabled: true, text: 'Pay' });
  });
});
