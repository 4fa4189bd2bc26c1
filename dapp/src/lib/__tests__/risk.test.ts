import { describe, expect, it } from 'vitest';
import {
  band,
  health,
  isLiquidatable,
  previewBorrow,
  previewDeposit,
  previewLiquidate,
  previewRepay,
  previewWithdraw,
  priceKeyMismatch,
  usablePrice,
} from '../risk';
import { MS_PER_DAY, WAD } from '../units';
import { logicFixture } from '../../app/__tests__/fixture';

// The network files' classes (the fixture's): 150 %, no fee here (rate stays 1.0 so figures are
// by hand), 10 %/year discount, 30 days grace (linear decline after due); goods 10 % haircut.
// `market(coffee?, updatedAtMs = NOW, coffeeUpper?)`: `coffeeUpper` is the upper middle value (an
// even count of fresh reports); the lower by default.
const NOW = 1_000_000n;
const { cls: INVOICES, state: STATE, market, invoice, coffee } = logicFixture(NOW);
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

describe('lower and upper prices (issue 19: lend at the lower, judge liquidations at the upper)', () => {
  // 10 000 kg, 10 % haircut, 6 000 of debt: 9 000 of value needed at 150 %.
  const pos = { art: 6_000n * WAD, assets: [coffee] };
  it('the vault lends at the lower middle price and judges liquidation at the upper', () => {
    // Lower 0.98 → 8 820 (unsafe for borrowing); upper 1.02 → 9 180 (not liquidatable).
    const m = market((98n * WAD) / 100n, NOW, (102n * WAD) / 100n);
    expect(usablePrice(m, 'COFFEE', NOW)).toEqual({ priceWad: (98n * WAD) / 100n });
    expect(usablePrice(m, 'COFFEE', NOW, 'Liquidate')).toEqual({ priceWad: (102n * WAD) / 100n });
    expect(usablePrice(m, 'TUSD', NOW, 'Liquidate')).toEqual({ priceWad: WAD });
    const h = health(pos, INVOICES, STATE, m, NOW);
    expect(h.valueWad).toBe(8_820n * WAD);
    expect(h.safe).toBe(false);
    expect(h.maxBorrowWad).toBe(0n);
    expect(h.check.valueWad).toBe(9_180n * WAD);
    expect(h.check.liquidatable).toBe(false);
    expect(h.check.band).toBe('warning'); // 153 %
    expect(previewBorrow(pos, INVOICES, STATE, m, LIMITS, 100n * WAD, NOW).refusal).toBe('Unsafe');
    // The liquidation price is the UPPER price where the check fails: 9 000 / (10 000 × 0.9) = 1.00.
    expect(h.liquidationPriceWad.COFFEE).toBe(WAD);
    // Both below: liquidatable.
    expect(isLiquidatable(pos, INVOICES, STATE, market((98n * WAD) / 100n, NOW, (99n * WAD) / 100n), NOW)).toBe(true);
  });
  it('a disputed invoice lends nothing but counts for the liquidation check until ruled void', () => {
    const disputed = { ...invoice, status: 'Disputed' as const };
    const p = { art: 6_000n * WAD, assets: [disputed] };
    const h = health(p, INVOICES, STATE, market(), NOW);
    expect(h.valueWad).toBe(0n);
    expect(h.check.valueWad).toBe(14_705_882_352_941_176_470_588n);
    expect(h.check.liquidatable).toBe(false); // a dispute alone never makes a position liquidatable
    expect(previewBorrow(p, INVOICES, STATE, market(), LIMITS, 100n * WAD, NOW).refusal).toBe('Unsafe');
    const ruledVoid = { art: 6_000n * WAD, assets: [{ ...disputed, void: true }] };
    expect(health(ruledVoid, INVOICES, STATE, market(), NOW).check.valueWad).toBe(0n);
    expect(isLiquidatable(ruledVoid, INVOICES, STATE, market(), NOW)).toBe(true);
  });
  it('an overdue invoice declines linearly: 15 days into 30 days of grace it is worth half, no cliff at due', () => {
    const late = { ...invoice, terms: { ...invoice.terms, dueDateMs: NOW - 15n * MS_PER_DAY } };
    expect(health({ art: 0n, assets: [late] }, INVOICES, STATE, market(), NOW).valueWad).toBe(7_500n * WAD);
    const justDue = { ...invoice, terms: { ...invoice.terms, dueDateMs: NOW - 1n } };
    expect(health({ art: 0n, assets: [justDue] }, INVOICES, STATE, market(), NOW).valueWad).toBe(15_000n * WAD - (15_000n * WAD + 30n * MS_PER_DAY - 1n) / (30n * MS_PER_DAY));
  });
});

describe('liquidation preview (the vault’s seize rule, then the engine’s limits)', () => {
  const pos = { art: 6_000n * WAD, assets: [coffee] };
  const ctx = { paused: false, liquidating: false, liquidationPenaltyWad: WAD / 10n };
  it('refuses a safe position, a missing price, a pause; accepts an unsafe one', () => {
    expect(previewLiquidate(pos, INVOICES, STATE, market(WAD), ctx, NOW).refusal).toBe('Vault.PositionSafe');
    expect(previewLiquidate(pos, INVOICES, STATE, market(WAD - 1n, NOW - 3_600_001n), ctx, NOW).refusal).toBe('Vault.Oracle.StalePrice');
    expect(previewLiquidate(pos, INVOICES, STATE, market(WAD - 1n), { ...ctx, paused: true }, NOW).refusal).toBe('Vault.Paused');
    expect(previewLiquidate({ art: 0n, assets: [coffee] }, INVOICES, STATE, market(WAD - 1n), ctx, NOW).refusal).toBe('Vault.NoDebt');
    const ok = previewLiquidate(pos, INVOICES, STATE, market(WAD - 1n), ctx, NOW);
    expect(ok.refusal).toBeUndefined();
    expect(ok.tabWad).toBe(6_600n * WAD); // debt + 10 % penalty
  });
  it('refuses past the engine’s limit, overall or for the class (dirt + debt + penalty > hole)', () => {
    const m = market(WAD - 1n);
    const limits = { holeWad: 10_000n * WAD, dirtWad: 3_400n * WAD, classDirtWad: 0n };
    expect(previewLiquidate(pos, INVOICES, STATE, m, { ...ctx, limits }, NOW).refusal).toBeUndefined(); // exactly at the limit
    expect(previewLiquidate(pos, INVOICES, STATE, m, { ...ctx, limits: { ...limits, dirtWad: 3_400n * WAD + 1n } }, NOW).refusal).toBe('LiquidationLimit');
    expect(previewLiquidate(pos, INVOICES, STATE, m, { ...ctx, limits: { ...limits, classHoleWad: 6_599n * WAD } }, NOW).refusal).toBe('LiquidationLimit');
  });
});

describe('one price key per position (Position.price_key)', () => {
  const cocoa = { id: 3n, status: 'Confirmed' as const, terms: { kind: 'WarehouseReceipt' as const, quantityWad: WAD, key: 'COCOA' } };
  it('a deposit of another key is refused before signing, with a sentence', () => {
    const pos = { art: 0n, assets: [coffee], priceKey: 'COFFEE' };
    const m = { ...market(2n * WAD), prices: { ...market(2n * WAD).prices, COCOA: { ok: true as const, priceWad: WAD, upperWad: WAD, updatedAtMs: NOW } } };
    const p = previewDeposit(pos, INVOICES, STATE, m, cocoa, NOW, { classPriceKeys: ['COFFEE', 'COCOA'] });
    expect(p.refusal).toBe('PriceKeyMismatch');
    expect(p.detail).toMatch(/valued in COFFEE, and this one is in COCOA/);
    expect(priceKeyMismatch(pos, coffee)).toBeUndefined();
    // An empty position takes any accepted key; a key the class does not list is refused first.
    expect(previewDeposit({ art: 0n, assets: [] }, INVOICES, STATE, m, cocoa, NOW, { classPriceKeys: ['COFFEE', 'COCOA'] }).refusal).toBeUndefined();
    expect(previewDeposit(pos, INVOICES, STATE, m, cocoa, NOW, { classPriceKeys: ['COFFEE'] }).refusal).toBe('PriceKeyNotAccepted');
  });
  it('the vault’s order: confirmed, accepted key, the position’s key, a fresh price, not expired, one debtor', () => {
    const pos = { art: 0n, assets: [invoice], priceKey: 'USD', debtor: 'DAVE' };
    const late = { ...invoice, id: 9n, terms: { ...invoice.terms, dueDateMs: NOW - 1n } };
    expect(previewDeposit(pos, INVOICES, STATE, market(), late, NOW).refusal).toBe('AssetExpired');
    expect(previewDeposit(pos, INVOICES, STATE, market(), { ...invoice, id: 9n }, NOW, { assetDebtor: 'EVE' }).refusal).toBe('DebtorMismatch');
    expect(previewDeposit(pos, INVOICES, STATE, market(), { ...invoice, id: 9n }, NOW, { assetDebtor: 'DAVE' }).refusal).toBeUndefined();
    const eur = { ...invoice, id: 9n, terms: { ...invoice.terms, key: 'EUR' } };
    expect(previewDeposit(pos, INVOICES, STATE, market(), { ...eur, status: 'Pending' }, NOW).refusal).toBe('NotConfirmed');
    expect(previewDeposit(pos, INVOICES, STATE, market(), eur, NOW).refusal).toBe('PriceKeyMismatch');
    expect(previewDeposit({ art: 0n, assets: [] }, INVOICES, STATE, market(), eur, NOW).refusal).toBe('Oracle.NoPrice');
  });
});

describe('seized debt keeps counting against the ceilings (issue 19)', () => {
  const pos = { art: 0n, assets: [invoice] };
  it('class ceiling: debt + seized; global: every class + debt at auction', () => {
    expect(previewBorrow(pos, INVOICES, STATE, market(), { ...LIMITS, classTotalArt: 990_000n * WAD, classSeizedWad: 9_800n * WAD }, 200n * WAD, NOW).refusal).toBeUndefined();
    expect(previewBorrow(pos, INVOICES, STATE, market(), { ...LIMITS, classTotalArt: 990_000n * WAD, classSeizedWad: 9_801n * WAD }, 200n * WAD, NOW).refusal).toBe('DebtCeiling');
    const global = { ...LIMITS, otherClassesDebtWad: 9_000n * WAD, auctionDebtWad: 800n * WAD, globalDebtCeilingWad: 10_000n * WAD };
    expect(previewBorrow(pos, INVOICES, STATE, market(), global, 200n * WAD, NOW).refusal).toBeUndefined();
    expect(previewBorrow(pos, INVOICES, STATE, market(), { ...global, auctionDebtWad: 801n * WAD }, 200n * WAD, NOW).refusal).toBe('GlobalDebtCeiling');
  });
  it('concentration: the debtor’s class debt + its seized debt', () => {
    const debtor = { approved: true, suspended: false, inDefault: false, creditLimitWad: 10n ** 30n, exposureWad: 0n, classDebtorArt: 0n };
    expect(previewBorrow(pos, INVOICES, STATE, market(), { ...LIMITS, debtor: { ...debtor, seizedWad: 49_800n * WAD } }, 200n * WAD, NOW).refusal).toBeUndefined();
    expect(previewBorrow(pos, INVOICES, STATE, market(), { ...LIMITS, debtor: { ...debtor, seizedWad: 49_801n * WAD } }, 200n * WAD, NOW).refusal).toBe('DebtorLimit');
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
