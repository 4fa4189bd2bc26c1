/**
 * The charts' geometry, exact: bigint domains (ms, wad) mapped to SVG coordinates in hundredths
 * of a pixel (rounded half up), written with two decimals. No chart library: the components
 * (app/Charts.tsx) draw what these return.
 */
import { auctionEndsAtMs, auctionPriceWad, reserveReachedAtMs, type AuctionTerms } from './auction';
import { WAD } from './units';

export interface Pt {
  x: bigint;
  y: bigint;
}

export interface Frame {
  width: number;
  height: number;
  /** Inner margin on every side (axis labels). */
  pad: number;
}

export interface Domain {
  x0: bigint;
  x1: bigint;
  y0: bigint;
  y1: bigint;
}

/** `v` in [d0, d1] → [r0, r1] pixels, in hundredths (rounded half up; an empty domain maps to the middle). */
export function scale100(v: bigint, d0: bigint, d1: bigint, r0: number, r1: number): bigint {
  const R0 = BigInt(Math.round(r0 * 100));
  const R1 = BigInt(Math.round(r1 * 100));
  if (d1 === d0) return (R0 + R1) / 2n;
  const num = (v - d0) * (R1 - R0);
  const den = d1 - d0;
  // Round half up, whatever the signs.
  const q = num / den;
  const r = num % den;
  const twice = 2n * (r < 0n ? -r : r);
  const adj = twice >= (den < 0n ? -den : den) ? ((num < 0n) !== (den < 0n) ? -1n : 1n) : 0n;
  return R0 + q + adj;
}

/** Hundredths as `12.34` / `-0.05`. */
export function fmt100(h: bigint): string {
  const neg = h < 0n;
  const a = neg ? -h : h;
  return `${neg ? '-' : ''}${a / 100n}.${(a % 100n).toString().padStart(2, '0')}`;
}

/** The domain of the points, y widened to include `extraY` (a liquidation line, a floor) and padded by 5 % (10 % of |y| when flat). */
export function domainOf(points: Pt[], extraY: bigint[] = []): Domain {
  const xs = points.map((p) => p.x);
  const ys = [...points.map((p) => p.y), ...extraY];
  if (xs.length === 0 || ys.length === 0) return { x0: 0n, x1: 1n, y0: 0n, y1: WAD };
  let x0 = xs.reduce((a, b) => (b < a ? b : a));
  let x1 = xs.reduce((a, b) => (b > a ? b : a));
  let y0 = ys.reduce((a, b) => (b < a ? b : a));
  let y1 = ys.reduce((a, b) => (b > a ? b : a));
  if (x0 === x1) {
    x0 -= 1n;
    x1 += 1n;
  }
  const spread = y1 - y0;
  const m = spread === 0n ? (y1 === 0n ? WAD : (y1 < 0n ? -y1 : y1) / 10n) : spread / 20n;
  y0 -= m;
  y1 += m;
  if (y0 < 0n && ys.every((y) => y >= 0n)) y0 = 0n;
  return { x0, x1, y0, y1 };
}

/** A point's SVG coordinates (y grows downwards), in hundredths. */
export function project(p: Pt, d: Domain, f: Frame): { x: bigint; y: bigint } {
  return {
    x: scale100(p.x, d.x0, d.x1, f.pad, f.width - f.pad),
    y: scale100(p.y, d.y0, d.y1, f.height - f.pad, f.pad),
  };
}

/** `M x y L x y …` through the points. */
export function linePath(points: Pt[], d: Domain, f: Frame): string {
  return points
    .map((p, i) => {
      const q = project(p, d, f);
      return `${i === 0 ? 'M' : 'L'}${fmt100(q.x)} ${fmt100(q.y)}`;
    })
    .join(' ');
}

/** A step path (a price holds until the next update): horizontal then vertical. */
export function stepPath(points: Pt[], d: Domain, f: Frame): string {
  const out: Pt[] = [];
  points.forEach((p, i) => {
    if (i > 0) out.push({ x: p.x, y: points[i - 1].y });
    out.push(p);
  });
  return linePath(out, d, f);
}

/** A horizontal line at `y` across the frame (the liquidation line, a floor). */
export function hLine(y: bigint, d: Domain, f: Frame): string {
  return linePath([{ x: d.x0, y }, { x: d.x1, y }], d, f);
}

/**
 * An auction's price curve, exact from lib/auction.ts: the start, `steps` evenly spaced times to
 * the point its price reaches the reserve (an invoice's holds there to the end of its duration),
 * and that end. Times in ms since epoch, prices in wad.
 */
export function auctionCurve(a: AuctionTerms, steps = 8): Pt[] {
  const reserveAt = reserveReachedAtMs(a);
  const pts: Pt[] = [];
  const span = reserveAt - a.startedAtMs;
  for (let i = 0; i <= steps; i++) {
    const t = a.startedAtMs + (span * BigInt(i)) / BigInt(steps);
    const p = auctionPriceWad(a, t);
    if (p !== undefined && (pts.length === 0 || pts[pts.length - 1].x !== t)) pts.push({ x: t, y: p });
  }
  const end = auctionEndsAtMs(a);
  if (a.debtor !== undefined && end > reserveAt) {
    const last = auctionPriceWad(a, end - 1n);
    if (last !== undefined) pts.push({ x: end - 1n, y: last });
  }
  return pts;
}

export interface RatioObservation {
  tMs: bigint;
  debtWad: bigint;
  /** Collateral value for the liquidation check (upper price). */
  valueWad: bigint;
}

/** Collateral ratio (value / debt, wad) at each observation with debt; oldest first, one per time. */
export function ratioSeries(obs: RatioObservation[]): Pt[] {
  const byT = new Map<bigint, Pt>();
  for (const o of obs) if (o.debtWad > 0n) byT.set(o.tMs, { x: o.tMs, y: (o.valueWad * WAD) / o.debtWad });
  return [...byT.values()].sort((a, b) => (a.x < b.x ? -1 : a.x > b.x ? 1 : 0));
}
