import { describe, expect, it } from 'vitest';
import { amountDueWad, settlementSplit } from '../fx';
import { auctionEndsAtMs, auctionPriceWad, proceedsSplit, reserveReachedAtMs } from '../auction';
import { assetValueWad, counts, declining, isSafe, maxDebtWad, purposePrice } from '../valuation';
import { MS_PER_DAY, MS_PER_YEAR, RAY, WAD } from '../units';

// The vault's test params (collateral_vault/src/params.rs `invoice_params`): 10 %/year discount,
// 30 days grace; no overdue haircut any more (the value declines linearly over the grace period).
const P = { discountRateAnnualWad: WAD / 10n, gracePeriodMs: 30n * MS_PER_DAY, goodsHaircutWad: 0n };
const invoice = (face: bigint, due: bigint) => ({ kind: 'Invoice' as const, faceValueWad: face, dueDateMs: due, key: 'USD' });

describe('valuation (valuation.rs vectors and figures by hand)', () => {
  it('an invoice at its due date is face × price', () => {
    expect(assetValueWad(invoice(1_000n * WAD, 1_000n), WAD, 1_000n, P)).toBe(1_000n * WAD);
  });
  it('an invoice a year out at 10 % is worth face / 1.1', () => {
    expect(assetValueWad(invoice(1_100n * WAD, MS_PER_YEAR), WAD, 0n, P)).toBe(1_000n * WAD);
    expect(assetValueWad(invoice(WAD, MS_PER_YEAR), WAD, 0n, P)).toBe(909_090_909_090_909_090n);
    expect(assetValueWad(invoice(1n, MS_PER_YEAR), WAD, 0n, P)).toBe(0n);
  });
  it('15 000 due in 73 days: 15 000 / 1.02 (e2e-tests financing.rs)', () => {
    expect(assetValueWad(invoice(15_000n * WAD, 73n * MS_PER_DAY), WAD, 0n, P)).toBe(14_705_882_352_941_176_470_588n);
  });
  it('an overdue invoice declines linearly to 0 over the grace period: no cliff (valuation.rs vector)', () => {
    const due = MS_PER_DAY;
    const kind = invoice(30_000n * WAD, due);
    const at = (ms: bigint) => assetValueWad(kind, WAD, ms, P);
    const grace = 30n * MS_PER_DAY;
    expect(at(due)).toBe(30_000n * WAD);
    // One millisecond late: a millisecond's share of the 30 days is lost (rounded down), not half.
    const share = 30_000n * WAD;
    expect(at(due + 1n)).toBe(share - (share + grace - 1n) / grace);
    expect(at(due + MS_PER_DAY)).toBe(29_000n * WAD);
    expect(at(due + 15n * MS_PER_DAY)).toBe(15_000n * WAD);
    expect(at(due + grace - 1n)).toBe((30_000n * WAD) / grace);
    expect(at(due + grace)).toBe(0n);
    expect(at(due + 10n * grace)).toBe(0n);
    // Never a step larger than a millisecond's share anywhere in the period.
    const step = (30_000n * WAD) / grace + 1n;
    for (let t = 0n; t < grace; t += 86_399_999n) expect(at(due + t) - at(due + t + 1n)).toBeLessThanOrEqual(step);
  });
  it('declining() by hand: 1 000 a third of the way into grace keeps two thirds, rounded down', () => {
    expect(declining(1_000n, 1n, 3n)).toBe(666n);
    expect(declining(1_000n, 0n, 3n)).toBe(1_000n);
    expect(declining(1_000n, 3n, 3n)).toBe(0n);
  });
  it('which NFTs count: Confirmed always; Disputed only for the liquidation check and until ruled void', () => {
    const table = [
      ['Confirmed', true, true],
      ['Disputed', false, true],
      ['Pending', false, false],
      ['Defaulted', false, false],
      ['Settled', false, false],
    ] as const;
    for (const [status, lend, liquidate] of table) {
      expect(counts(status, false, 'Lend'), status).toBe(lend);
      expect(counts(status, false, 'Liquidate'), status).toBe(liquidate);
    }
    expect(counts('Disputed', true, 'Liquidate')).toBe(false);
    expect(counts('Disputed', true, 'Lend')).toBe(false);
  });
  it('each purpose takes the lender’s side of the answer: lend at the lower, judge at the upper (valuation.rs vector)', () => {
    const answer = { priceWad: 100n, upperWad: 102n };
    expect(purposePrice(answer, 'Lend')).toBe(100n);
    expect(purposePrice(answer, 'Liquidate')).toBe(102n);
    expect(purposePrice({ priceWad: 100n, upperWad: 100n }, 'Liquidate')).toBe(100n);
    // An upper below the lower (never served) is not taken.
    expect(purposePrice({ priceWad: 100n, upperWad: 99n }, 'Liquidate')).toBe(100n);
  });
  it('goods are quantity × price less haircut; shipments decline linearly after arrival', () => {
    const p = { ...P, goodsHaircutWad: WAD / 4n };
    // 10 units at 2.5 = 25, less 25 % = 18.75
    expect(assetValueWad({ kind: 'WarehouseReceipt', quantityWad: 10n * WAD, key: 'COFFEE' }, (5n * WAD) / 2n, 0n, p)).toBe(18_750_000_000_000_000_000n);
    const ship = { kind: 'InTransit' as const, quantityWad: 30n * WAD, expectedArrivalMs: 1_000n, key: 'COCOA' };
    expect(assetValueWad(ship, WAD, 1_000n, P)).toBe(30n * WAD);
    expect(assetValueWad(ship, WAD, 1_000n + 10n * MS_PER_DAY, P)).toBe(20n * WAD);
    expect(assetValueWad(ship, WAD, 1_000n + P.gracePeriodMs, P)).toBe(0n);
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
  it('face × the upper price, rounded up; face alone in the unit', () => {
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
  it('a seized invoice’s payment: debt, then penalty, then owner (auction.rs vectors)', () => {
    expect(proceedsSplit(50n, 100n, 10n)).toEqual({ toDebtWad: 50n, toPenaltyWad: 0n, toOwnerWad: 0n });
    expect(proceedsSplit(105n, 100n, 10n)).toEqual({ toDebtWad: 100n, toPenaltyWad: 5n, toOwnerWad: 0n });
    expect(proceedsSplit(150n, 100n, 10n)).toEqual({ toDebtWad: 100n, toPenaltyWad: 10n, toOwnerWad: 40n });
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
  it('a goods auction never sells below the floor (a 40 % cusp: 480, reached 600 ms in)', () => {
    const f = { ...a, floorWad: 480n };
    expect(auctionPriceWad(f, 1_600n)).toBe(480n);
    expect(auctionPriceWad(f, 1_601n)).toBeUndefined(); // 478.8 → 479 < 480
    expect(auctionEndsAtMs(f)).toBe(1_600n);
  });
  it('an invoice auction holds at its reserve (what the debtor owes) until its time runs out', () => {
    const inv = { ...a, floorWad: 1_000n, debtor: '5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy' };
    expect(auctionPriceWad(inv, 1_000n)).toBe(1_200n);
    expect(auctionPriceWad(inv, 1_100n)).toBe(1_080n);
    expect(auctionPriceWad(inv, 1_500n)).toBe(1_000n);
    expect(auctionPriceWad(inv, 1_999n)).toBe(1_000n);
    expect(auctionPriceWad(inv, 2_000n)).toBeUndefined();
    expect(reserveReachedAtMs(inv)).toBe(1_166n); // 1 000 × 200 / 1 200
    expect(auctionEndsAtMs(inv)).toBe(2_000n);
  });
});
