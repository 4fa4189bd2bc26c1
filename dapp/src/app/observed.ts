/**
 * What this session saw of each position: debt and collateral value for the liquidation check at
 * every snapshot (the ratio chart's points, with now), kept in memory, at most 500 per position;
 * and the position each seized document was at auction or in recovery from (for its sale, when
 * the events read no longer reach back to its auction's start).
 */
import { assetValues, health } from '../lib/risk';
import type { RatioObservation } from '../lib/chart';
import { positionInput } from './appraisal';
import type { Snapshot } from './suite';

const seen = new Map<bigint, RatioObservation[]>();
const MAX = 500;

export function observationOf(snap: Snapshot, positionId: bigint): RatioObservation | undefined {
  const p = snap.positions.find((x) => x.id === positionId);
  const cls = p && snap.classes.find((c) => c.id === p.classId);
  if (!p || !cls || p.liquidating) return undefined;
  const h = health(positionInput(snap, p), cls.risk, cls.state, snap.market, snap.nowMs);
  return { tMs: snap.nowMs, debtWad: h.debtWad, valueWad: h.check.valueWad };
}

const seizedFrom = new Map<bigint, bigint>();

export function recordSnapshot(snap: Snapshot): void {
  for (const a of [...snap.auctions, ...snap.recoveries]) seizedFrom.set(a.assetId, a.positionId);
  for (const p of snap.positions) {
    const o = observationOf(snap, p.id);
    if (!o || o.debtWad === 0n) continue;
    const list = seen.get(p.id) ?? [];
    if (list.at(-1)?.tMs !== o.tMs) list.push(o);
    if (list.length > MAX) list.shift();
    seen.set(p.id, list);
  }
}

export function observations(positionId: bigint): RatioObservation[] {
  return seen.get(positionId) ?? [];
}

/**
 * The collateral position `positionId` holds now, valued for the liquidation check at `priceWad`
 * for its key at time `tMs` (for the ratio reconstructed from past prices: lib/history.ts).
 */
export function valueAtPrice(snap: Snapshot, positionId: bigint): ((priceWad: bigint, tMs: bigint) => bigint) | undefined {
  const p = snap.positions.find((x) => x.id === positionId);
  const cls = p && snap.classes.find((c) => c.id === p.classId);
  if (!p || !cls) return undefined;
  // The goods at their condition now (the past condition is not replayed).
  const assets = positionInput(snap, p).assets;
  return (priceWad, tMs) => {
    const prices = { ...snap.market.prices };
    if (p.priceKey && p.priceKey !== snap.market.unitKey) prices[p.priceKey] = { ok: true, priceWad, upperWad: priceWad, updatedAtMs: tMs };
    return assetValues(assets, cls.risk, { ...snap.market, prices }, tMs, 'Liquidate').reduce((s, v) => s + v.valueWad, 0n);
  };
}

/** Seized document → the position it is (or was, this session) sold from: the snapshot's auctions and recoveries, and those seen before. */
export function seizedPositions(snap: Snapshot): Map<bigint, bigint> {
  const out = new Map(seizedFrom);
  for (const a of [...snap.auctions, ...snap.recoveries]) out.set(a.assetId, a.positionId);
  return out;
}
