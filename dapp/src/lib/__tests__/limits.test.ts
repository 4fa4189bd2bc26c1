/**
 * The figures a position card and a keeper rely on at the edges: a ratio against a debt of one
 * base unit (no overflow), previews of 1 unit and of u128::MAX units (never a throw), the most a
 * borrow accepts under each of the vault's limits, and the keeper's verdict with a missing price.
 */
import { describe, expect, it } from 'vitest';
import { formatRatio } from '../display';
import { collateralRatioWad, health, isLiquidatable, maxBorrow, previewBorrow, previewRepay, type BorrowLimits } from '../risk';
import { U128_MAX, WAD } from '../units';
import { logicFixture } from '../../app/__tests__/fixture';

const NOW = 1_000_000n;
const { cls: CLS, state: STATE, market, invoice, coffee } = logicFixture(NOW);
const VALUE = 14_705_882_352_941_176_470_588n; // 15 000 / 1.02
const LIMITS: BorrowLimits = { paused: false, classTotalArt: 0n };
const empty = { art: 0n, assets: [invoice] };

describe('the collateral ratio never overflows (borrowing 0.00000000000000001 blanked the app)', () => {
  it('a debt of 1 or 10 base units against 14 705 TUSD: capped at u128::MAX, shown as "> 1,000,000 %"', () => {
    expect((VALUE * WAD) / 10n > U128_MAX).toBe(true); // what used to throw
    expect(collateralRatioWad(VALUE, 10n)).toBe(U128_MAX);
    expect(collateralRatioWad(VALUE, 1n)).toBe(U128_MAX);
    expect(collateralRatioWad(VALUE, 0n)).toBeUndefined();
    expect(collateralRatioWad(15_000n * WAD, 10_000n * WAD)).toBe((3n * WAD) / 2n);
    expect(formatRatio(U128_MAX)).toBe('> 1,000,000 %');
    expect(formatRatio(undefined)).toBe('∞');
    expect(formatRatio(10_000n * WAD)).toBe('1,000,000.00 %');
    expect(formatRatio((3n * WAD) / 2n)).toBe('150.00 %');
  });
  it('previewing a borrow of 10 units and of 1 unit on a position with no debt: refused as Dust, ratio capped, no throw', () => {
    for (const amount of [10n, 1n]) {
      const p = previewBorrow(empty, CLS, STATE, market(), LIMITS, amount, NOW);
      expect(p).toMatchObject({ refusal: 'Dust', debtWad: amount, ratioWad: U128_MAX, band: 'safe', amountWad: amount });
    }
    // Without a minimum loan the vault accepts it: the ratio is still capped, not thrown.
    const free = previewBorrow(empty, { ...CLS, dustWad: 0n }, STATE, market(), LIMITS, 1n, NOW);
    expect(free.refusal).toBeUndefined();
    expect(free).toMatchObject({ debtWad: 1n, ratioWad: U128_MAX });
  });
  it('a position whose debt is 10 units: health is read, ratio capped', () => {
    const h = health({ art: 10n, assets: [invoice] }, CLS, STATE, market(), NOW);
    expect(h.debtWad).toBe(10n);
    expect(h.ratioWad).toBe(U128_MAX);
    expect(h.check.ratioWad).toBe(U128_MAX);
    expect(h.band).toBe('safe');
  });
  it('u128::MAX units: a borrow is refused by the ceiling, or as an overflow when the debt would pass u128; a repay is capped at the debt', () => {
    expect(previewBorrow(empty, CLS, STATE, market(), LIMITS, U128_MAX, NOW)).toMatchObject({ refusal: 'DebtCeiling', debtWad: U128_MAX });
    const indebted = { art: 6_000n * WAD, assets: [coffee] };
    expect(previewBorrow(indebted, CLS, STATE, market(2n * WAD), LIMITS, U128_MAX, NOW)).toMatchObject({
      refusal: 'Math.Overflow',
      debtWad: 6_000n * WAD,
      valueWad: 18_000n * WAD,
      ratioWad: 3n * WAD,
      amountWad: U128_MAX,
    });
    const all = previewRepay(indebted, CLS, STATE, market(2n * WAD), U128_MAX, NOW);
    expect(all.refusal).toBeUndefined();
    expect(all).toMatchObject({ debtWad: 0n, amountWad: 6_000n * WAD, band: 'none' });
    expect(all.ratioWad).toBeUndefined();
    const one = previewRepay(indebted, CLS, STATE, market(2n * WAD), 1n, NOW);
    expect(one.refusal).toBeUndefined();
    expect(one).toMatchObject({ debtWad: 6_000n * WAD - 1n, amountWad: 1n });
  });
});

describe('max borrow: every limit the vault applies, and the minimum loan', () => {
  const debtor = { approved: true, suspended: false, inDefault: false, creditLimitWad: 100_000n * WAD, exposureWad: 0n, classDebtorArt: 0n };
  const accepted = (limits: BorrowLimits, amount: bigint) => previewBorrow(empty, CLS, STATE, market(), limits, amount, NOW).refusal;
  it('the collateral ratio: value ÷ 1.5', () => {
    const m = maxBorrow(empty, CLS, STATE, market(), LIMITS, NOW);
    expect(m).toMatchObject({ amountWad: 9_803_921_568_627_450_980_392n, boundBy: 'ratio', belowDust: false });
    expect(accepted(LIMITS, m.amountWad)).toBeUndefined();
    expect(accepted(LIMITS, m.amountWad + 1n)).toBe('Unsafe');
  });
  it('the class ceiling (seized debt counted)', () => {
    const limits = { ...LIMITS, classTotalArt: 998_000n * WAD, classSeizedWad: 1_000n * WAD };
    expect(maxBorrow(empty, CLS, STATE, market(), limits, NOW)).toMatchObject({ amountWad: 1_000n * WAD, boundBy: 'classCeiling' });
    expect(accepted(limits, 1_000n * WAD)).toBeUndefined();
    expect(accepted(limits, 1_000n * WAD + 1n)).toBe('DebtCeiling');
  });
  it('the global ceiling (other classes and debt at auction counted)', () => {
    const limits = { ...LIMITS, otherClassesDebtWad: 9_000n * WAD, auctionDebtWad: 800n * WAD, globalDebtCeilingWad: 10_000n * WAD };
    expect(maxBorrow(empty, CLS, STATE, market(), limits, NOW)).toMatchObject({ amountWad: 200n * WAD, boundBy: 'globalCeiling' });
    expect(accepted(limits, 200n * WAD)).toBeUndefined();
    expect(accepted(limits, 200n * WAD + 1n)).toBe('GlobalDebtCeiling');
  });
  it('the debtor’s concentration limit in the class (its seized debt counted)', () => {
    const limits = { ...LIMITS, debtor: { ...debtor, seizedWad: 49_700n * WAD } };
    expect(maxBorrow(empty, CLS, STATE, market(), limits, NOW)).toMatchObject({ amountWad: 300n * WAD, boundBy: 'debtorLimit' });
    expect(accepted(limits, 300n * WAD)).toBeUndefined();
    expect(accepted(limits, 300n * WAD + 1n)).toBe('DebtorLimit');
  });
  it('the debtor’s credit line (its exposure in every class counted)', () => {
    const limits = { ...LIMITS, debtor: { ...debtor, creditLimitWad: 20_000n * WAD, exposureWad: 19_500n * WAD } };
    const m = maxBorrow(empty, CLS, STATE, market(), limits, NOW);
    expect(m).toMatchObject({ amountWad: 500n * WAD, boundBy: 'creditLimit' });
    expect(m.rooms).toEqual({ ratio: 9_803_921_568_627_450_980_392n, classCeiling: 1_000_000n * WAD, debtorLimit: 50_000n * WAD, creditLimit: 500n * WAD });
    expect(accepted(limits, 500n * WAD)).toBeUndefined();
    expect(accepted(limits, 500n * WAD + 1n)).toBe('CreditLimit');
  });
  it('below the minimum loan: nothing, and it says so', () => {
    const limits = { ...LIMITS, debtor: { ...debtor, creditLimitWad: 50n * WAD } };
    expect(maxBorrow(empty, CLS, STATE, market(), limits, NOW)).toMatchObject({ amountWad: 0n, boundBy: 'creditLimit', belowDust: true });
    expect(accepted(limits, 50n * WAD)).toBe('Dust');
    // With debt already above the minimum, a small room is still a borrow.
    const indebted = { art: 200n * WAD, assets: [invoice] };
    expect(maxBorrow(indebted, CLS, STATE, market(), { ...LIMITS, debtor: { ...debtor, creditLimitWad: 250n * WAD, exposureWad: 200n * WAD, classDebtorArt: 200n * WAD } }, NOW)).toMatchObject({
      amountWad: 50n * WAD,
      boundBy: 'creditLimit',
      belowDust: false,
    });
  });
  it('paused, unpriced, a debtor not approved, suspended or in default: nothing', () => {
    expect(maxBorrow(empty, CLS, STATE, market(), { ...LIMITS, paused: true }, NOW)).toMatchObject({ amountWad: 0n, boundBy: 'paused' });
    expect(maxBorrow({ art: 0n, assets: [coffee] }, CLS, STATE, market(), LIMITS, NOW)).toMatchObject({ amountWad: 0n, boundBy: 'unpriced' });
    expect(maxBorrow(empty, CLS, STATE, market(), { ...LIMITS, debtor: { ...debtor, approved: false } }, NOW).boundBy).toBe('debtorNotApproved');
    expect(maxBorrow(empty, CLS, STATE, market(), { ...LIMITS, debtor: { ...debtor, suspended: true } }, NOW).boundBy).toBe('debtorSuspended');
    expect(maxBorrow(empty, CLS, STATE, market(), { ...LIMITS, debtor: { ...debtor, inDefault: true } }, NOW).boundBy).toBe('debtorInDefault');
  });
});

describe('keepers are not misled', () => {
  it('an unpriced NFT refuses the liquidation (the vault never counts it as 0), though its value shows 0', () => {
    const pos = { art: 6_000n * WAD, assets: [coffee] };
    const h = health(pos, CLS, STATE, market(), NOW);
    expect(h.check.valueWad).toBe(0n);
    expect(h.check.unpricedKeys).toEqual(['COFFEE']);
    expect(isLiquidatable(pos, CLS, STATE, market(), NOW)).toBe(false);
    expect(isLiquidatable(pos, CLS, STATE, market(WAD - 1n), NOW)).toBe(true);
    // The engine's context: paused, already liquidating, its limit.
    const ctx = { paused: false, liquidating: false, liquidationPenaltyWad: WAD / 10n };
    expect(isLiquidatable(pos, CLS, STATE, market(WAD - 1n), NOW, { ...ctx, paused: true })).toBe(false);
    expect(isLiquidatable(pos, CLS, STATE, market(WAD - 1n), NOW, { ...ctx, liquidating: true })).toBe(false);
    expect(isLiquidatable(pos, CLS, STATE, market(WAD - 1n), NOW, { ...ctx, limits: { holeWad: 6_599n * WAD, dirtWad: 0n, classDirtWad: 0n } })).toBe(false);
    expect(isLiquidatable(pos, CLS, STATE, market(WAD - 1n), NOW, { ...ctx, limits: { holeWad: 6_600n * WAD, dirtWad: 0n, classDirtWad: 0n } })).toBe(true);
  });
});
