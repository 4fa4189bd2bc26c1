/**
 * What came back from a liquidated position's documents, from the liquidation engine's events
 * (the engine has no view of past proceeds: `liquidation(position)` holds only what is still to
 * raise, `claim(id)` only an ended liquidation's shortfall). Each sale or payment is split as the
 * engine paid it: to the debt, to the penalty, to an ended liquidation's loss, and the rest to the
 * position's owner —
 * - `AuctionTaken`: a buyer took the document at auction (`price_wad`);
 * - `AuctionSettled`: the invoice's debtor paid it while it was at auction (`paid_wad`);
 * - `RecoveryPaid`: the invoice's debtor paid it in recovery (`paid_wad`), even after its
 *   liquidation ended.
 * These name the document, not the position: a sale is the position's whose `AuctionStarted` /
 * `RecoveryStarted` for that document came last before it, else `known`'s (where the snapshots
 * saw the seized document), else it is counted as unattributed. `Liquidated` gives each
 * liquidation's target, `AuctionCancelled` a document handed back unsold. Exact: bigint sums of the
 * events' u128 fields, never a float. Pure.
 */
import type { HistoryEntry } from './history';

export type SaleKind = 'taken' | 'settledAtAuction' | 'recoveryPaid';

export interface Sale {
  assetId: bigint;
  positionId: bigint;
  kind: SaleKind;
  /** What the buyer (`price_wad`) or the debtor (`paid_wad`) paid. */
  paidWad: bigint;
  toDebtWad: bigint;
  toPenaltyWad: bigint;
  /** Toward an ended liquidation's shortfall (recovery payments only). */
  toLossWad: bigint;
  /** What went to the position's owner. */
  toOwnerWad: bigint;
  blockNumber: number;
  txHash?: string;
  timestampMs?: bigint;
}

export interface LiquidationTrace {
  liquidationId: bigint;
  /** Debt to cover (the keeper's reward included) and penalty to collect, when it started. */
  debtWad: bigint;
  penaltyWad: bigint;
  blockNumber: number;
}

export interface PositionProceeds {
  positionId: bigint;
  /** Oldest first. */
  liquidations: LiquidationTrace[];
  /** Oldest first. */
  sales: Sale[];
  /** Documents handed back unsold (`AuctionCancelled`: the target was met without them). */
  returnedAssetIds: bigint[];
  /** Σ over `sales`. */
  paidWad: bigint;
  toDebtWad: bigint;
  toPenaltyWad: bigint;
  toLossWad: bigint;
  toOwnerWad: bigint;
}

export interface Proceeds {
  byPosition: Map<bigint, PositionProceeds>;
  /** Sales whose document's position neither the events nor `known` tell. */
  unattributed: number;
}

const ENGINE = 'liquidation_engine';

/** A decoded integer field (u64 / u128 as bigint; a small one as number), else undefined. */
function int(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  return undefined;
}

const SALES: Record<string, { kind: SaleKind; paid: string }> = {
  AuctionTaken: { kind: 'taken', paid: 'priceWad' },
  AuctionSettled: { kind: 'settledAtAuction', paid: 'paidWad' },
  RecoveryPaid: { kind: 'recoveryPaid', paid: 'paidWad' },
};

/** An empty record for `positionId`. */
export function noProceeds(positionId: bigint): PositionProceeds {
  return { positionId, liquidations: [], sales: [], returnedAssetIds: [], paidWad: 0n, toDebtWad: 0n, toPenaltyWad: 0n, toLossWad: 0n, toOwnerWad: 0n };
}

/** Whether the events show anything of the position's liquidations (a liquidation, a sale, a document handed back). */
export function hasTrace(p: PositionProceeds | undefined): p is PositionProceeds {
  return !!p && (p.liquidations.length > 0 || p.sales.length > 0 || p.returnedAssetIds.length > 0);
}

/**
 * Every position's proceeds in `entries` (any order; the decoded history's), with `known` the
 * position each seized document came from when its auction or recovery started before the
 * events read (asset id → position id).
 */
export function proceedsByPosition(entries: readonly HistoryEntry[], known: ReadonlyMap<bigint, bigint> = new Map()): Proceeds {
  const byPosition = new Map<bigint, PositionProceeds>();
  const of = (id: bigint) => {
    let p = byPosition.get(id);
    if (!p) byPosition.set(id, (p = noProceeds(id)));
    return p;
  };
  // Where each document is being sold from, as the events go.
  const from = new Map<bigint, bigint>();
  let unattributed = 0;
  const oldestFirst = entries.filter((e) => e.contract === ENGINE).sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
  for (const e of oldestFirst) {
    const d = e.data;
    const assetId = int(d.assetId);
    if (e.event === 'AuctionStarted' || e.event === 'RecoveryStarted') {
      const positionId = int(d.positionId);
      if (assetId !== undefined && positionId !== undefined) from.set(assetId, positionId);
      continue;
    }
    if (e.event === 'Liquidated') {
      const positionId = int(d.positionId);
      const liquidationId = int(d.liquidationId);
      if (positionId === undefined || liquidationId === undefined) continue;
      of(positionId).liquidations.push({ liquidationId, debtWad: int(d.debtWad) ?? 0n, penaltyWad: int(d.penaltyWad) ?? 0n, blockNumber: e.blockNumber });
      continue;
    }
    if (e.event === 'AuctionCancelled') {
      if (assetId === undefined) continue;
      const positionId = from.get(assetId) ?? known.get(assetId);
      if (positionId !== undefined) of(positionId).returnedAssetIds.push(assetId);
      from.delete(assetId);
      continue;
    }
    const sale = SALES[e.event];
    if (!sale || assetId === undefined) continue;
    const positionId = from.get(assetId) ?? known.get(assetId);
    // The document leaves its liquidation: a later sale of it follows a new start.
    from.delete(assetId);
    if (positionId === undefined) {
      unattributed++;
      continue;
    }
    const s: Sale = {
      assetId,
      positionId,
      kind: sale.kind,
      paidWad: int(d[sale.paid]) ?? 0n,
      toDebtWad: int(d.toDebtWad) ?? 0n,
      toPenaltyWad: int(d.toPenaltyWad) ?? 0n,
      toLossWad: int(d.toLossWad) ?? 0n,
      toOwnerWad: int(d.toOwnerWad) ?? 0n,
      blockNumber: e.blockNumber,
      txHash: e.txHash,
      timestampMs: e.timestampMs,
    };
    const p = of(positionId);
    p.sales.push(s);
    p.paidWad += s.paidWad;
    p.toDebtWad += s.toDebtWad;
    p.toPenaltyWad += s.toPenaltyWad;
    p.toLossWad += s.toLossWad;
    p.toOwnerWad += s.toOwnerWad;
  }
  return { byPosition, unattributed };
}

/** One position's proceeds in `entries` (empty when the events show none). */
export function positionProceeds(entries: readonly HistoryEntry[], positionId: bigint, known?: ReadonlyMap<bigint, bigint>): PositionProceeds {
  return proceedsByPosition(entries, known).byPosition.get(positionId) ?? noProceeds(positionId);
}
