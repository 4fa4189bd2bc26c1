/** Figures that explain themselves: parts that add up, units, the auction's discount, the balance check, "repay all". */
import { describe, expect, it } from 'vitest';
import { auctionDiscountWad, proceedsSplit } from '../auction';
import { balanceRefusal } from '../balance';
import { commodityUnit, splitForDisplay } from '../display';
import { debtWad, REPAY_ALL_MARGIN_MS, repayAllWad } from '../fees';
import { settlementSplit } from '../fx';
import { formatUnits, RAY, U128_MAX, WAD } from '../units';

const CENT = WAD / 100n;

describe('a payment split shown to the cent adds up to the amount shown', () => {
  it('15 000 against a debt of 5 000 + 1 unit: 5,000.00 + 10,000.00 (not 5,000.00 + 9,999.99)', () => {
    const s = settlementSplit(15_000n * WAD, 5_000n * WAD + 1n, RAY);
    expect([s.toDebtWad, s.toSupplierWad]).toEqual([5_000n * WAD + 1n, 10_000n * WAD - 1n]);
    // Each part truncated on its own loses a cent:
    expect(formatUnits(s.toDebtWad)).toBe('5,000.00');
    expect(formatUnits(s.toSupplierWad)).toBe('9,999.99');
    const shown = splitForDisplay(15_000n * WAD, [s.toDebtWad, s.toSupplierWad], { roundUpTotal: true });
    expect(shown).toEqual([5_000n * WAD, 10_000n * WAD]);
    expect(shown.map((x) => formatUnits(x))).toEqual(['5,000.00', '10,000.00']);
  });
  it('a total with fractions of a cent, rounded up as an amount to pay, and three parts (debt, penalty, owner)', () => {
    const due = 10_000n * WAD + 1n; // shown as 10,000.01
    const p = proceedsSplit(due, 8_000n * WAD + CENT / 3n, 800n * WAD + CENT / 3n);
    const shown = splitForDisplay(due, [p.toDebtWad, p.toPenaltyWad, p.toOwnerWad], { roundUpTotal: true });
    expect(shown.reduce((a, b) => a + b, 0n)).toBe(10_000n * WAD + CENT);
    expect(shown).toEqual([8_000n * WAD + CENT, 800n * WAD, 1_199n * WAD + 99n * CENT + CENT]);
    expect(shown.map((x) => formatUnits(x))).toEqual(['8,000.01', '800.00', '1,200.00']);
  });
  it('exact parts stay as they are; 1 unit and u128::MAX units', () => {
    expect(splitForDisplay(15_000n * WAD, [8_000n * WAD, 7_000n * WAD])).toEqual([8_000n * WAD, 7_000n * WAD]);
    expect(splitForDisplay(1n, [1n, 0n], { roundUpTotal: true })).toEqual([CENT, 0n]);
    expect(splitForDisplay(1n, [0n, 1n])).toEqual([0n, 0n]);
    const half = U128_MAX / 2n;
    const shown = splitForDisplay(U128_MAX, [half, U128_MAX - half]);
    expect(shown.reduce((a, b) => a + b, 0n)).toBe(U128_MAX - (U128_MAX % CENT));
  });
});

describe('commodity units', () => {
  it('from the manifest, else the map, else "units"', () => {
    expect(commodityUnit('COFFEE')).toBe('kg');
    expect(commodityUnit('COFFEE', { COFFEE: 'bags' })).toBe('bags');
    expect(commodityUnit('UNOBTAIN')).toBe('units');
    expect(commodityUnit('UNOBTAIN', { COFFEE: 'bags' })).toBe('units');
  });
});

describe('the auction price against the collateral’s oracle value', () => {
  it('discount (value − price) ÷ value, exact, rounded down; a premium is negative', () => {
    expect(auctionDiscountWad(900n * WAD, 9_803_921_568_627_450_980_392n)).toBe(908_199_999_999_999_999n); // 90.82 %
    expect(auctionDiscountWad(750n * WAD, 1_000n * WAD)).toBe(WAD / 4n);
    expect(auctionDiscountWad(1_000n * WAD, 1_000n * WAD)).toBe(0n);
    expect(auctionDiscountWad(1_200n * WAD, 1_000n * WAD)).toBe(-WAD / 5n);
    expect(auctionDiscountWad(1n, 3n)).toBe(666_666_666_666_666_666n);
    expect(auctionDiscountWad(4n, 3n)).toBe(-333_333_333_333_333_334n); // rounded down, away from zero
    expect(auctionDiscountWad(1n, 0n)).toBeUndefined();
    expect(auctionDiscountWad(1n, U128_MAX)).toBe(WAD - 1n);
  });
});

describe('the balance is checked before any approval', () => {
  it('refuses with the figures when short, passes when enough', () => {
    expect(balanceRefusal(15_000n * WAD, 15_000n * WAD, 'TUSD')).toBeUndefined();
    expect(balanceRefusal(15_000n * WAD - 1n, 15_000n * WAD, 'TUSD')).toBe(
      'Your balance is too low: this needs 15,000.00 TUSD, you hold 14,999.99 TUSD (0.01 TUSD short). Nothing was sent to the wallet.',
    );
    expect(balanceRefusal(0n, 1n, 'TUSD')).toBe('Your balance is too low: this needs 0.01 TUSD, you hold 0.00 TUSD (0.01 TUSD short). Nothing was sent to the wallet.');
    expect(balanceRefusal(undefined, 1n, 'TUSD')).toMatch(/not known yet/);
    expect(balanceRefusal(U128_MAX, U128_MAX, 'TUSD')).toBeUndefined();
  });
});

describe('"repay all" offers the debt 10 minutes ahead (the vault takes min(offer, debt) when it runs)', () => {
  const FEE = 1_000_000_001_547_125_957_863_212_448n; // 5 %/year
  const NOW = 1_800_000_000_000n;
  const state = { totalArt: 10_000n * WAD, rateRay: (RAY * 105n) / 100n, lastAccrualMs: NOW };
  it('10 000 of normalised debt at a rate of 1.05: 10 500 now, 10 500.009746898050901394 offered', () => {
    expect(REPAY_ALL_MARGIN_MS).toBe(600_000n);
    expect(debtWad(10_000n * WAD, state.rateRay)).toBe(10_500n * WAD);
    expect(repayAllWad(10_000n * WAD, state, FEE, NOW)).toBe(10_500_009_746_898_050_901_394n);
    // 30 s after the class was last touched: 630 s of fee in all.
    expect(repayAllWad(10_000n * WAD, state, FEE, NOW + 30_000n)).toBe(10_500_010_234_243_190_951_448n);
    // No fee, no margin needed: the offer is the debt.
    expect(repayAllWad(10_000n * WAD, state, RAY, NOW)).toBe(10_500n * WAD);
    expect(repayAllWad(0n, state, FEE, NOW)).toBe(0n);
  });
  it('the balance needs today’s debt, not the offer', () => {
    const offer = repayAllWad(10_000n * WAD, state, FEE, NOW);
    const debtNow = debtWad(10_000n * WAD, state.rateRay);
    expect(offer > debtNow).toBe(true);
    expect(balanceRefusal(debtNow, debtNow, 'TUSD')).toBeUndefined();
    expect(balanceRefusal(debtNow - 1n, debtNow, 'TUSD')).toMatch(/too low/);
  });
});
