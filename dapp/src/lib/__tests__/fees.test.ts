import { describe, expect, it } from 'vitest';
import { accrue, annualFeeWad, debtWad, draw, maxDrawWad, rateAt, wipe } from '../fees';
import { rpow } from '../math';
import { formatPercent, RAY, WAD } from '../units';

/** 5 %/year per second (the network files' stability_fee_per_second_ray). */
const FIVE_PCT = 1_000_000_001_547_125_957_863_212_448n;

describe('rpow (MakerDAO, half up at each step)', () => {
  it('matches hand-computed powers', () => {
    const x = (RAY * 11n) / 10n; // 1.1
    expect(rpow(x, 0n)).toBe(RAY);
    expect(rpow(x, 1n)).toBe(x);
    expect(rpow(x, 2n)).toBe((RAY * 121n) / 100n); // 1.21
    expect(rpow(x, 3n)).toBe((RAY * 1331n) / 1000n); // 1.331
    // (1 + 1e-27)^2 = 1 + 2e-27 + 1e-54: the last term rounds away.
    expect(rpow(RAY + 1n, 2n)).toBe(RAY + 2n);
  });
  it('compounds 5 %/year to 1.05 over a year', () => {
    const year = rpow(FIVE_PCT, 31_536_000n);
    const diff = year - (RAY * 105n) / 100n;
    expect(diff < 0n ? -diff : diff).toBeLessThan(10n ** 18n); // within 1e-9
    expect(formatPercent(annualFeeWad(FIVE_PCT))).toBe('5.00');
  });
});

describe('accrual and normalised debt (fees.rs)', () => {
  it('no time, no fee; sub-second remainders are kept', () => {
    const s = { totalArt: 1_000n, rateRay: RAY, lastAccrualMs: 5_000n };
    expect(accrue(s, FIVE_PCT, 5_999n)).toEqual({ state: s, feeRad: 0n });
    const next = accrue({ ...s, lastAccrualMs: 1_000n }, FIVE_PCT, 3_500n).state;
    expect(next.lastAccrualMs).toBe(3_000n);
    expect(next.rateRay).toBe(rpow(FIVE_PCT, 2n));
  });
  it('one second of fee on 1000, rounded up (by hand)', () => {
    // 1000e18 × 1.000000001547125957863212448 = 1000000001547125957863.212448 → rounds up.
    const rate = rateAt({ totalArt: 0n, rateRay: RAY, lastAccrualMs: 0n }, FIVE_PCT, 1_000n);
    expect(debtWad(1_000n * WAD, rate)).toBe(1_000_000_001_547_125_957_864n);
  });
  it('a year at 5 % on 1000 is about 50 of fee', () => {
    const art = 1_000n * WAD;
    const { state, feeRad } = accrue({ totalArt: art, rateRay: RAY, lastAccrualMs: 0n }, FIVE_PCT, 31_536_000_000n);
    expect(state.rateRay).toBe(rpow(FIVE_PCT, 31_536_000n));
    const fee = feeRad / RAY;
    const d = fee - 50n * WAD;
    expect(d < 0n ? -d : d).toBeLessThan(10n ** 10n);
  });
  it('repaying more than owed takes only the debt (fees.rs vector)', () => {
    const rate = RAY + RAY / 3n;
    expect(wipe(100n, rate, 1_000n)).toEqual({ art: 100n, paidWad: 134n }); // ceil(100 × 4/3)
    expect(wipe(100n, rate, 50n)).toEqual({ art: 37n, paidWad: 50n }); // floor(50 × 3/4)
  });
  it('max draw is exact: that much succeeds, one unit more does not', () => {
    let seed = 42n;
    const rnd = (max: bigint) => {
      seed = (seed * 6364136223846793005n + 1442695040888963407n) % (1n << 64n);
      return (seed * max) >> 64n;
    };
    for (let i = 0; i < 300; i++) {
      const art = rnd(10n ** 24n);
      const rate = RAY + rnd(2n * RAY);
      const cap = rnd(2n * 10n ** 24n);
      const a = maxDrawWad(art, rate, cap);
      if (a > 0n) expect(debtWad(art + draw(a, rate).art, rate) <= cap).toBe(true);
      if (debtWad(art, rate) <= cap) expect(debtWad(art + draw(a + 1n, rate).art, rate) > cap).toBe(true);
    }
  });
});
