import { describe, expect, it } from 'vitest';
import { payOnChainPlan, type PayOnChainInput } from '../invoicePay';
import { describeError } from '../errors';
import { WAD } from '../units';
import type { Market } from '../risk';

const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const DAVE = '5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy';
const NOW = 1_800_000_000_000n;
const market: Market = {
  unitKey: 'TUSD',
  maxPriceAgeMs: 3_600_000n,
  prices: {
    // EUR: lower 1.08, upper 1.0833…: the debtor pays at the upper, rounded up.
    EUR: { ok: true, priceWad: 1_080_000_000_000_000_000n, upperWad: 1_083_333_333_333_333_333n, updatedAtMs: NOW },
    USD: { ok: true, priceWad: WAD, upperWad: WAD, updatedAtMs: NOW - 3_600_001n },
  },
};
const inv: PayOnChainInput = { status: 'Confirmed', pledged: false, debtor: DAVE, holder: BOB, faceValueWad: 15_000n * WAD, key: 'EUR' };
const opts = { balanceWad: 20_000n * WAD };

describe('an unpledged invoice paid on chain (pay_invoice)', () => {
  it('the debtor pays face × the upper price, rounded up, to the holder', () => {
    // 15 000 × 1.083333333333333333 = 16 249.999999999999995 exactly: no rounding needed.
    expect(payOnChainPlan(inv, DAVE, market, NOW, opts)).toEqual({ offer: true, amountWad: 16_249_999_999_999_999_995_000n, holder: BOB, refusal: undefined });
    // 7 × 1.083333333333333333 = 7.583333333333333331: exact; 1e-18 face × 1.0833… rounds up to 2e-18.
    expect(payOnChainPlan({ ...inv, faceValueWad: 1n }, DAVE, market, NOW, opts)).toMatchObject({ amountWad: 2n });
    // In the stablecoin's own unit: face, no price needed.
    expect(payOnChainPlan({ ...inv, key: 'TUSD' }, DAVE, market, NOW, opts)).toMatchObject({ amountWad: 15_000n * WAD, refusal: undefined });
    expect(payOnChainPlan({ ...inv, status: 'Defaulted' }, DAVE, market, NOW, opts)).toMatchObject({ offer: true });
  });
  it('is offered only to the debtor of an unpledged Confirmed or Defaulted invoice', () => {
    expect(payOnChainPlan(inv, BOB, market, NOW, opts)).toEqual({ offer: false });
    expect(payOnChainPlan(inv, undefined, market, NOW, opts)).toEqual({ offer: false });
    expect(payOnChainPlan({ ...inv, pledged: true }, DAVE, market, NOW, opts)).toEqual({ offer: false });
    for (const status of ['Pending', 'Settled', 'Disputed'] as const) expect(payOnChainPlan({ ...inv, status }, DAVE, market, NOW, opts)).toEqual({ offer: false });
  });
  it('says why it cannot be paid before signing: balance, price, the debtor holding it', () => {
    expect(payOnChainPlan(inv, DAVE, market, NOW, { ...opts, balanceWad: 16_249n * WAD }).refusal).toBe(describeError('PSP22Error', 'InsufficientBalance').sentence);
    expect(payOnChainPlan({ ...inv, key: 'USD' }, DAVE, market, NOW, opts).refusal).toMatch(/stale/);
    expect(payOnChainPlan({ ...inv, key: 'GBP' }, DAVE, market, NOW, opts).refusal).toMatch(/no price/);
    expect(payOnChainPlan({ ...inv, holder: DAVE }, DAVE, market, NOW, opts)).toEqual({
      offer: true,
      amountWad: 16_249_999_999_999_999_995_000n,
      holder: DAVE,
      refusal: describeError('VaultError', 'PayeeIsDebtor').sentence,
    });
  });
  it('InvoicePledged reads as a sentence', () => {
    expect(describeError('VaultError', 'InvoicePledged').sentence).toBe(
      'This invoice is pledged in the vault: its buyer pays it through the vault’s settlement (Approve and pay), which repays the supplier’s loan first.',
    );
  });
});
