import { describe, expect, it } from 'vitest';
import { band, health, isLiquidatable, previewBorrow, previewDeposit, previewRepay, previewWithdraw, type ClassRisk, type Market } from '../risk';
import { MS_PER_DAY, RAY, WAD } from '../units';

// The network files' classes: 150 %, no fee here (rate stays 1.0 so figures are by hand),
// 10 %/year discount, 30 days grace, 50 % overdue haircut; goods 10 % haircut.
const INVOICES: ClassRisk = {
  liquidationRatioWad: (3n * WAD) / 2n,
  feePerSecondRay: RAY,
  dustWad: 100n * WAD,
  debtCeilingWad: 1_000_000n * WAD,
  debtorLimitWad: 50_000n * WAD,
  discountRateAnnualWad: WAD / 10n,
  gracePeriodMs: 30n * MS_PER_DAY,
  overdueHaircutWad: WAD / 2n,
  goodsHaircutWad: WAD / 10n,
};
const STATE = { totalArt: 0n, rateRay: RAY, lastAccrualMs: 0n };
const NOW = 1_000_000n;
const market = (coffee?: bigint, updatedAtMs = NOW): Market => ({
  unitKey: 'TUSD',
  maxPriceAgeMs: 3_600_000n,
  prices: {
    USD: { ok: true, priceWad: WAD, updatedAtMs: NOW },
    ...(coffee !== undefined ? { COFFEE: { ok: true as const, priceWad: coffee, updatedAtMs } } : {}),
  },
});
const invoice = { id: 1n, status: 'Confirmed' as const, terms: { kind: 'Invoice' as const, faceValueWad: 15_000n * WAD, dueDateMs: NOW + 73n * MS_PER_DAY, key: 'USD' } };
const coffee = { id: 2n, status: 'Confirmed' as const, terms: { kind: 'WarehouseReceipt' as const, quantityWad: 10_000n * WAD, key: 'COFFEE' } };
const LIMITS = { paused: false, classTotalArt: 0n };

describe('health of a position (figures from e2e-tests/tests/financing.rs)', () => {
  it('15 000 due in 73 days: value 15 000/1.02, max borrow value ÷ 1.5', () => {
    const value = 14_705_882_352_941_176_470_588n;
    const h = health({ art: 0n, assets: [invoice] }, INVOICES, STATE, market(), NOW);
    expect(h.valueWad).toBe(value);
    expect(h.maxBorrowWad).toBe((value * 2n) / 3n);
    expect(h.band).toBe('none');
    expect(h.withdrawable).toEqual([1n]);
  });
  it('borrowing the limit is accepted, one unit more is refused as Unsafe', () => {
    const limit = (14_705_882_352_941_176_470_588n * 2n) / 3n;
    const pos = { art: 0n, assets: [invoice] };
    const ok = previewBorrow(pos, INVOICES, STATE, market(), LIMITS, limit, NOW);
    expect(ok.refusal).toBeUndefined();
    expect(ok.debtWad).toBe(limit);
    expect(ok.band).toBe('warning'); // at 150 % (rounded down just below it the ratio is still ≥ 1.5 − 1 wei)
    expect(previewBorrow(pos, INVOICES, STATE, market(), LIMITS, limit + 1n, NOW).refusal).toBe('Unsafe');
  });
  it('coffee: 10 000 kg at 2.00 less 10 % = 18 000; with 6 000 of debt the liquidation price is 1.00', () => {
    // Required value 6 000 × 1.5 = 9 000 = 10 000 kg × p × 0.9  ⇒  p = 1.00.
    const h = health({ art: 6_000n * WAD, assets: [coffee] }, INVOICES, STATE, market(2n * WAD), NOW);
    expect(h.valueWad).toBe(18_000n * WAD);
    expect(h.ratioWad).toBe(3n * WAD);
    expect(h.band).toBe('safe');
    expect(h.liquidationPriceWad.COFFEE).toBe(WAD);
    expect(h.maxBorrowWad).toBe(6_000n * WAD); // 18 000 / 1.5 − 6 000
    expect(h.withdrawable).toEqual([]);
    expect(isLiquidatable({ art: 6_000n * WAD, assets: [coffee] }, INVOICES, STATE, market(WAD - 1n), NOW)).toBe(true);
    expect(isLiquidatable({ art: 6_000n * WAD, assets: [coffee] }, INVOICES, STATE, market(WAD), NOW)).toBe(false);
  });
  it('a stale price blocks borrowing and withdrawing, never repaying (financing.rs story)', () => {
    const stale = market(2n * WAD, NOW - 3_600_001n);
    const pos = { art: 6_000n * WAD, assets: [coffee] };
    expect(previewBorrow(pos, INVOICES, STATE, stale, LIMITS, 1_000n * WAD, NOW).refusal).toBe('Oracle.StalePrice');
    // Withdrawing the only NFT of an indebted position is unsafe at any price (financing.rs) …
    expect(previewWithdraw(pos, INVOICES, STATE, stale, 2n, false, NOW).refusal).toBe('Unsafe');
    // … and with a stale price left in the position, withdrawing fails closed.
    expect(previewWithdraw({ ...pos, assets: [coffee, invoice] }, INVOICES, STATE, stale, 1n, false, NOW).refusal).toBe('Oracle.StalePrice');
    const r = previewRepay(pos, INVOICES, STATE, stale, 2_000n * WAD, NOW);
    expect(r.refusal).toBeUndefined();
    expect(r.debtWad).toBe(4_000n * WAD);
    // A missing price is not a value of 0: the vault refuses to liquidate until it is fresh.
    expect(isLiquidatable(pos, INVOICES, STATE, stale, NOW)).toBe(false);
  });
  it('repay: capped at the debt, a remainder below dust refused', () => {
    const pos = { art: 6_000n * WAD, assets: [coffee] };
    expect(previewRepay(pos, INVOICES, STATE, market(2n * WAD), 10_000n * WAD, NOW).amountWad).toBe(6_000n * WAD);
    expect(previewRepay(pos, INVOICES, STATE, market(2n * WAD), 5_950n * WAD, NOW).refusal).toBe('Dust');
    expect(previewRepay({ art: 0n, assets: [] }, INVOICES, STATE, market(), WAD, NOW).refusal).toBe('NoDebt');
  });
  it('borrow checks dust, ceilings and the debtor line in the vault’s order', () => {
    const pos = { art: 0n, assets: [invoice] };
    const m = market();
    expect(previewBorrow(pos, INVOICES, STATE, m, LIMITS, 99n * WAD, NOW).refusal).toBe('Dust');
    expect(previewBorrow(pos, INVOICES, STATE, m, { paused: true, classTotalArt: 0n }, WAD * 200n, NOW).refusal).toBe('Paused');
    expect(previewBorrow(pos, INVOICES, STATE, m, { paused: false, classTotalArt: 999_900n * WAD }, 200n * WAD, NOW).refusal).toBe('DebtCeiling');
    const debtor = { approved: true, suspended: false, inDefault: false, creditLimitWad: 1_000n * WAD, exposureWad: 900n * WAD, classDebtorArt: 0n };
    expect(previewBorrow(pos, INVOICES, STATE, m, { ...LIMITS, debtor }, 100n * WAD, NOW).refusal).toBeUndefined(); // exactly at the limit
    expect(previewBorrow(pos, INVOICES, STATE, m, { ...LIMITS, debtor }, 101n * WAD, NOW).refusal).toBe('CreditLimit');
    expect(previewBorrow(pos, INVOICES, STATE, m, { ...LIMITS, debtor: { ...debtor, suspended: true } }, 200n * WAD, NOW).refusal).toBe('DebtorSuspended');
    expect(previewBorrow(pos, INVOICES, STATE, m, { ...LIMITS, debtor: { ...debtor, approved: false } }, 200n * WAD, NOW).refusal).toBe('DebtorNotApproved');
    expect(previewBorrow(pos, INVOICES, STATE, m, { ...LIMITS, debtor: { ...debtor, inDefault: true } }, 200n * WAD, NOW).refusal).toBe('DebtorInDefault');
    expect(
      previewBorrow(pos, INVOICES, STATE, m, { ...LIMITS, debtor: { ...debtor, creditLimitWad: 10n ** 30n, classDebtorArt: 49_950n * WAD } }, 100n * WAD, NOW)
        .refusal,
    ).toBe('DebtorLimit');
  });
  it('deposit and withdraw previews', () => {
    const pos = { art: 6_000n * WAD, assets: [coffee] };
    const d = previewDeposit(pos, INVOICES, STATE, market(2n * WAD), invoice, NOW);
    expect(d.valueWad).toBe(18_000n * WAD + 14_705_882_352_941_176_470_588n);
    expect(previewDeposit(pos, INVOICES, STATE, market(2n * WAD), { ...invoice, status: 'Pending' }, NOW).refusal).toBe('NotConfirmed');
    const both = { art: 6_000n * WAD, assets: [coffee, invoice] };
    expect(previewWithdraw(both, INVOICES, STATE, market(2n * WAD), 1n, false, NOW).refusal).toBeUndefined(); // coffee alone covers 9 000
    expect(previewWithdraw(both, INVOICES, STATE, market(2n * WAD), 2n, false, NOW).refusal).toBeUndefined(); // 14 705 ≥ 9 000
    expect(previewWithdraw(pos, INVOICES, STATE, market(2n * WAD), 2n, false, NOW).refusal).toBe('Unsafe');
    expect(previewWithdraw(both, INVOICES, STATE, market(2n * WAD), 2n, true, NOW).refusal).toBe('Paused');
  });
  it('accrued fee: a year at 5 % on 1 000 is about 50', () => {
    const cls = { ...INVOICES, feePerSecondRay: 1_000_000_001_547_125_957_863_212_448n };
    const h = health({ art: 1_000n * WAD, assets: [] }, cls, STATE, market(), 31_536_000_000n);
    const d = h.accruedFeeWad - 50n * WAD;
    expect(d < 0n ? -d : d).toBeLessThan(10n ** 10n);
  });
});

describe('colour bands', () => {
  const lr = (3n * WAD) / 2n;
  it('danger below the ratio, warning within 10 %, watch within 25 %', () => {
    expect(band(undefined, lr)).toBe('none');
    expect(band(lr - 1n, lr)).toBe('danger');
    expect(band(lr, lr)).toBe('warning');
    expect(band((lr * 110n) / 100n, lr)).toBe('watch');
    expect(band((lr * 125n) / 100n, lr)).toBe('safe');
  });
});
