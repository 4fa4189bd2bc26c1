import { describe, expect, it } from 'vitest';
import { amountDueWad, settlementSplit } from '../fx';
import { auctionEndsAtMs, auctionPriceWad } from '../auction';
import { assetValueWad, isSafe, maxDebtWad } from '../valuation';
import { MS_PER_DAY, MS_PER_YEAR, RAY, WAD } from '../units';

// The invoice class of deploy/networks/*.toml and the vault's test params: 10 %/year discount,
// 30 days grace, 50 % overdue haircut.
const P = { discountRateAnnualWad: WAD / 10n, gracePeriodMs: 30n * MS_PER_DAY, overdueHaircutWad: WAD / 2n, goodsHaircutWad: 0n };
const invoice = (face: bigint, due: bigint) => ({ kind: 'Invoice' as const, faceValueWad: face, dueDateMs: due, key: 'USD' });

describe('valuation (valuation.rs vectors and figures by hand)', () => {
  it('an invoice a year out at 10 % is worth face / 1.1', () => {
    expect(assetValueWad(invoice(1_100n * WAD, MS_PER_YEAR), 'Confirmed', WAD, 0n, P)).toBe(1_000n * WAD);
    expect(assetValueWad(invoice(WAD, MS_PER_YEAR), 'Confirmed', WAD, 0n, P)).toBe(909_090_909_090_909_090n);
    expect(assetValueWad(invoice(1n, MS_PER_YEAR), 'Confirmed', WAD, 0n, P)).toBe(0n);
  });
  it('15 000 due in 73 days: 15 000 / 1.02 (e2e-tests financing.rs)', () => {
    expect(assetValueWad(invoice(15_000n * WAD, 73n * MS_PER_DAY), 'Confirmed', WAD, 0n, P)).toBe(14_705_882_352_941_176_470_588n);
  });
  it('overdue takes the haircut, then drops to zero after grace', () => {
    const kind = invoice(1_000n * WAD, MS_PER_DAY);
    expect(assetValueWad(kind, 'Confirmed', WAD, MS_PER_DAY + 1n, P)).toBe(500n * WAD);
    expect(assetValueWad(kind, 'Confirmed', WAD, 31n * MS_PER_DAY, P)).toBe(500n * WAD);
    expect(assetValueWad(kind, 'Confirmed', WAD, 31n * MS_PER_DAY + 1n, P)).toBe(0n);
  });
  it('only confirmed assets have value', () => {
    for (const s of ['Pending', 'Disputed', 'Defaulted', 'Settled'] as const) {
      expect(assetValueWad(invoice(1_000n * WAD, 1_000n), s, WAD, 0n, P)).toBe(0n);
    }
  });
  it('goods are quantity × price less haircut; shipments lose value past arrival + grace', () => {
    const p = { ...P, goodsHaircutWad: WAD / 4n };
    // 10 units at 2.5 = 25, less 25 % = 18.75
    expect(assetValueWad({ kind: 'WarehouseReceipt', quantityWad: 10n * WAD, key: 'COFFEE' }, 'Confirmed', (5n * WAD) / 2n, 0n, p)).toBe(
      18_750_000_000_000_000_000n,
    );
    const ship = { kind: 'InTransit' as const, quantityWad: WAD, expectedArrivalMs: 1_000n, key: 'COCOA' };
    expect(assetValueWad(ship, 'Confirmed', WAD, 1_000n + P.gracePeriodMs, P)).toBe(WAD);
    expect(assetValueWad(ship, 'Confirmed', WAD, 1_001n + P.gracePeriodMs, P)).toBe(0n);
  });
  it('safety rounds debt up and capacity down', () => {
    const ratio = (WAD / 2n) * 3n;
    expect(maxDebtWad(150n, ratio)).toBe(100n);
    expect(maxDebtWad(149n, ratio)).toBe(99n);
    expect(isSafe(100n, 150n, ratio)).toBe(true);
    expect(isSafe(101n, 150n, ratio)).toBe(false);
    expect(isSafe(0n, 0n, ratio)).toBe(true);
  });
});

describe('FX amount due and the settlement split', () => {
  it('face × price, rounded up; face alone in the unit', () => {
    expect(amountDueWad(10_000n * WAD, 'EUR', 'TUSD', 1_080_000_000_000_000_000n)).toBe(10_800n * WAD); // deploy/README
    expect(amountDueWad(1n, 'EUR', 'TUSD', (3n * WAD) / 2n)).toBe(2n); // 1.5 wei → 2
    expect(amountDueWad(50_000n * WAD, 'TUSD', 'TUSD')).toBe(50_000n * WAD);
    expect(() => amountDueWad(1n, 'EUR', 'TUSD')).toThrow();
  });
  it('pays the debt first, the rest to the supplier', () => {
    // Debt 9 803.92… at rate 1: the 15 000 payment leaves 5 196.07… to the supplier.
    const art = (14_705_882_352_941_176_470_588n * 2n) / 3n;
    const s = settlementSplit(15_000n * WAD, art, RAY);
    expect(s.toDebtWad).toBe(art);
    expect(s.toSupplierWad).toBe(15_000n * WAD - art);
    expect(settlementSplit(100n, 1_000n, RAY)).toEqual({ amountDueWad: 100n, toDebtWad: 100n, toSupplierWad: 0n });
  });
});

describe('Dutch auction price (auction.rs vectors)', () => {
  const a = { startPriceWad: 1_200n, floorWad: 0n, startedAtMs: 1_000n, durationMs: 1_000n };
  it('falls linearly, rounds up and expires', () => {
    expect(auctionPriceWad(a, 1_000n)).toBe(1_200n);
    expect(auctionPriceWad(a, 1_250n)).toBe(900n);
    expect(auctionPriceWad(a, 1_999n)).toBe(2n);
    expect(auctionPriceWad(a, 2_000n)).toBeUndefined();
  });
  it('never sells below the floor (a 40 % cusp: 480, reached 600 ms in)', () => {
    const f = { ...a, floorWad: 480n };
    expect(auctionPriceWad(f, 1_600n)).toBe(480n);
    expect(auctionPriceWad(f, 1_601n)).toBeUndefined(); // 478.8 → 479 < 480
    expect(auctionEndsAtMs(f)).toBe(1_600n);
  });
});
