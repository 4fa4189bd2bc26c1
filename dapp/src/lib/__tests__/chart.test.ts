import { describe, expect, it } from 'vitest';
import { auctionCurve, domainOf, fmt100, hLine, linePath, project, ratioSeries, scale100, stepPath } from '../chart';
import { WAD } from '../units';

const F = { width: 400, height: 200, pad: 20 };

describe('chart geometry (exact)', () => {
  it('scales in hundredths of a pixel, rounded half up', () => {
    expect(scale100(5n, 0n, 10n, 20, 380)).toBe(20_000n);
    expect(scale100(1n, 0n, 3n, 0, 100)).toBe(3_333n);
    expect(scale100(2n, 0n, 3n, 0, 100)).toBe(6_667n);
    expect(scale100(1n, 0n, 3n, 180, 20)).toBe(12_667n); // y grows downwards: 180 − 53.33
    expect(scale100(7n, 7n, 7n, 20, 380)).toBe(20_000n);
    expect(fmt100(12_667n)).toBe('126.67');
    expect(fmt100(-5n)).toBe('-0.05');
  });
  it('pads the y domain by 5 % (10 % when flat), never below zero for positive data', () => {
    expect(domainOf([{ x: 0n, y: 100n * WAD }, { x: 10n, y: 200n * WAD }])).toEqual({ x0: 0n, x1: 10n, y0: 95n * WAD, y1: 205n * WAD });
    expect(domainOf([{ x: 5n, y: WAD }])).toEqual({ x0: 4n, x1: 6n, y0: (9n * WAD) / 10n, y1: (11n * WAD) / 10n });
    expect(domainOf([{ x: 0n, y: WAD }], [0n])).toEqual({ x0: -1n, x1: 1n, y0: 0n, y1: WAD + WAD / 20n });
  });
  it('line, step and horizontal paths through fixed points', () => {
    const d = { x0: 0n, x1: 100n, y0: 0n, y1: 2n * WAD };
    const pts = [
      { x: 0n, y: WAD },
      { x: 50n, y: 2n * WAD },
      { x: 100n, y: 0n },
    ];
    expect(project(pts[1], d, F)).toEqual({ x: 20_000n, y: 2_000n });
    expect(linePath(pts, d, F)).toBe('M20.00 100.00 L200.00 20.00 L380.00 180.00');
    expect(stepPath(pts, d, F)).toBe('M20.00 100.00 L200.00 100.00 L200.00 20.00 L380.00 20.00 L380.00 180.00');
    expect(hLine((3n * WAD) / 2n, d, F)).toBe('M20.00 60.00 L380.00 60.00');
  });
  it('an auction’s curve from lib/auction: goods fall to the reserve, an invoice holds there to the end', () => {
    const goods = { startPriceWad: 1_200n * WAD, floorWad: 480n * WAD, startedAtMs: 1_000n, durationMs: 1_000n };
    // Reserve reached at 1 000 × (1 200 − 480) / 1 200 = 600 ms in.
    expect(auctionCurve(goods, 4)).toEqual([
      { x: 1_000n, y: 1_200n * WAD },
      { x: 1_150n, y: 1_020n * WAD },
      { x: 1_300n, y: 840n * WAD },
      { x: 1_450n, y: 660n * WAD },
      { x: 1_600n, y: 480n * WAD },
    ]);
    const invoice = { ...goods, debtor: '5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy' };
    expect(auctionCurve(invoice, 2)).toEqual([
      { x: 1_000n, y: 1_200n * WAD },
      { x: 1_300n, y: 840n * WAD },
      { x: 1_600n, y: 480n * WAD },
      { x: 1_999n, y: 480n * WAD },
    ]);
  });
  it('collateral ratio over time: value / debt, skipping no-debt points, one per time', () => {
    expect(
      ratioSeries([
        { tMs: 30n, debtWad: 16_000n * WAD, valueWad: 21_600n * WAD },
        { tMs: 10n, debtWad: 16_000n * WAD, valueWad: 36_000n * WAD },
        { tMs: 20n, debtWad: 0n, valueWad: 36_000n * WAD },
      ]),
    ).toEqual([
      { x: 10n, y: (9n * WAD) / 4n },
      { x: 30n, y: (27n * WAD) / 20n },
    ]);
  });
});
