/**
 * Plain SVG charts (no chart library): a price key's history, a position's collateral ratio with
 * its liquidation line, an auction's price curve with the price now. The geometry is
 * lib/chart.ts's (exact, tested); these only draw it.
 */
import { auctionPriceWad, type AuctionTerms } from '../lib/auction';
import { auctionCurve, domainOf, fmt100, hLine, linePath, project, stepPath, type Frame, type Pt } from '../lib/chart';
import { formatPercent, formatUnits } from '../lib/units';
import './charts.css';

export const FRAME: Frame = { width: 480, height: 200, pad: 30 };

const time = (ms: bigint) => new Date(Number(ms)).toISOString().slice(5, 16).replace('T', ' ');

function Axes({ f, top, bottom, left, right }: { f: Frame; top: string; bottom: string; left: string; right: string }) {
  return (
    <g className="axes" fontSize="10" fill="#6b7280">
      <rect x={f.pad} y={f.pad} width={f.width - 2 * f.pad} height={f.height - 2 * f.pad} fill="none" stroke="#e5e7eb" />
      <text x={f.pad + 2} y={f.pad - 4}>{top}</text>
      <text x={f.pad + 2} y={f.height - f.pad + 12}>{bottom}</text>
      <text x={f.pad} y={f.height - 4}>{left}</text>
      <text x={f.width - f.pad} y={f.height - 4} textAnchor="end">{right}</text>
    </g>
  );
}

export function PriceChart({ symbol, history, current, unit }: { symbol: string; history: { tMs: bigint; priceWad: bigint }[]; current?: { tMs: bigint; priceWad: bigint }; unit: string }) {
  const pts: Pt[] = history.map((h) => ({ x: h.tMs, y: h.priceWad }));
  if (current && (pts.length === 0 || pts[pts.length - 1].x < current.tMs)) pts.push({ x: current.tMs, y: current.priceWad });
  if (pts.length === 0) return <p className="muted" data-testid={`price-chart-${symbol}`}>No price of {symbol} yet.</p>;
  const d = domainOf(pts);
  return (
    <figure className="chart">
      <svg width={FRAME.width} height={FRAME.height} viewBox={`0 0 ${FRAME.width} ${FRAME.height}`} data-testid={`price-chart-${symbol}`} role="img" aria-label={`${symbol} price history`}>
        <Axes f={FRAME} top={`${formatUnits(d.y1, { fraction: 4 })} ${unit}`} bottom={formatUnits(d.y0, { fraction: 4 })} left={time(d.x0)} right={time(d.x1)} />
        <path d={stepPath(pts, d, FRAME)} fill="none" stroke="#1d4ed8" strokeWidth="2" data-testid="price-line" />
        {pts.map((p, i) => {
          const q = project(p, d, FRAME);
          return <circle key={i} cx={fmt100(q.x)} cy={fmt100(q.y)} r="2.5" fill="#1d4ed8"><title>{`${time(p.x)}: ${formatUnits(p.y, { fraction: 4 })} ${unit}`}</title></circle>;
        })}
      </svg>
      <figcaption className="muted">{symbol} in {unit}: the oracle’s answers in the blocks scanned{current ? ', and now' : ''} ({pts.length} {pts.length === 1 ? 'point' : 'points'}).</figcaption>
    </figure>
  );
}

export function RatioChart({ positionId, points, liquidationRatioWad }: { positionId: bigint; points: Pt[]; liquidationRatioWad: bigint }) {
  if (points.length === 0) return <p className="muted" data-testid={`ratio-chart-${positionId}`}>Position {String(positionId)} has no debt in what this session saw.</p>;
  const d = domainOf(points, [liquidationRatioWad]);
  return (
    <figure className="chart">
      <svg width={FRAME.width} height={FRAME.height} viewBox={`0 0 ${FRAME.width} ${FRAME.height}`} data-testid={`ratio-chart-${positionId}`} role="img" aria-label={`position ${positionId} collateral ratio`}>
        <Axes f={FRAME} top={`${formatPercent(d.y1)} %`} bottom={`${formatPercent(d.y0)} %`} left={time(d.x0)} right={time(d.x1)} />
        <path d={hLine(liquidationRatioWad, d, FRAME)} stroke="#b91c1c" strokeDasharray="4 3" data-testid="liquidation-line" />
        <path d={linePath(points, d, FRAME)} fill="none" stroke="#166534" strokeWidth="2" data-testid="ratio-line" />
        {points.map((p, i) => {
          const q = project(p, d, FRAME);
          return <circle key={i} cx={fmt100(q.x)} cy={fmt100(q.y)} r="2.5" fill="#166534"><title>{`${time(p.x)}: ${formatPercent(p.y)} %`}</title></circle>;
        })}
      </svg>
      <figcaption className="muted">
        Position {String(positionId)}: collateral (liquidation check) ÷ debt, {points.length} {points.length === 1 ? 'point' : 'points'}: from the events scanned (the debt after
        each borrow and repayment, the collateral held now at each price then), what this session saw, and now; dashed: the liquidation line at{' '}
        {formatPercent(liquidationRatioWad)} %.
      </figcaption>
    </figure>
  );
}

export function AuctionChart({ assetId, auction, nowMs, unit }: { assetId: bigint; auction: AuctionTerms; nowMs: bigint; unit: string }) {
  const pts = auctionCurve(auction);
  const d = domainOf(pts, [auction.floorWad]);
  const price = auctionPriceWad(auction, nowMs);
  const now = price !== undefined ? project({ x: nowMs, y: price }, d, FRAME) : undefined;
  return (
    <figure className="chart">
      <svg width={FRAME.width} height={FRAME.height} viewBox={`0 0 ${FRAME.width} ${FRAME.height}`} data-testid={`auction-chart-${assetId}`} role="img" aria-label={`auction of NFT ${assetId}`}>
        <Axes f={FRAME} top={`${formatUnits(d.y1)} ${unit}`} bottom={formatUnits(d.y0)} left={time(d.x0)} right={time(d.x1)} />
        <path d={hLine(auction.floorWad, d, FRAME)} stroke="#9a3412" strokeDasharray="4 3" data-testid="auction-floor" />
        <path d={linePath(pts, d, FRAME)} fill="none" stroke="#1d4ed8" strokeWidth="2" data-testid="auction-curve" />
        {now && <circle cx={fmt100(now.x)} cy={fmt100(now.y)} r="4" fill="#b91c1c" data-testid="auction-now"><title>{`now: ${formatUnits(price!, { roundUp: true })} ${unit}`}</title></circle>}
      </svg>
      <figcaption className="muted">
        NFT #{String(assetId)}: from <span className="amount">{formatUnits(auction.startPriceWad)}</span> to the reserve <span className="amount">{formatUnits(auction.floorWad)}</span> {unit}
        {auction.debtor !== undefined ? ', held there to the end (an invoice is never sold for less)' : ''}; {price !== undefined ? `now ${formatUnits(price, { roundUp: true })} ${unit} (red)` : 'over: it must be restarted'}.
      </figcaption>
    </figure>
  );
}
