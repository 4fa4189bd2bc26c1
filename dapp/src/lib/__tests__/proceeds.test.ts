/**
 * What came back from a liquidated position, from the liquidation engine's events: encoded with
 * the engine's real metadata and decoded back as the history scanner does (field names and u128
 * values exactly as the chain gives them), then summed per position.
 */
import { describe, expect, it } from 'vitest';
import { decodeHistory, type BlockEvents, type EventRecordLike, type HistoryEntry } from '../history';
import { hasTrace, noProceeds, positionProceeds, proceedsByPosition } from '../proceeds';
import { formatExact, formatUnits, U128_MAX, WAD } from '../units';
import { decoderOf, emitted, registryOf } from './fixtures/events';

const ENGINE = '5EmeCFjxwZeWmudu16YVeXNsfmTWvMs5Shd5K4Hh4vEMCpGp';
const VAULT = '5CQ8tYNwUtWkHpzTrPStQeDYQWWVefVjzW9nmYDBMtVkDcAU';
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const DAVE = '5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy';
const FERDIE = '5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL';

const engine = registryOf('liquidation_engine');
const vault = registryOf('collateral_vault');
const decoders = [decoderOf(engine, 'liquidation_engine', ENGINE), decoderOf(vault, 'collateral_vault', VAULT)];

// The engine's events, arguments in the metadata's order (events.rs).
const liquidated = (positionId: bigint, liquidationId: bigint, debtWad: bigint, penaltyWad: bigint) =>
  emitted(engine, ENGINE, 'Liquidated', [positionId, liquidationId, BOB, debtWad, penaltyWad, 2n * debtWad, 0n]);
const started = (assetId: bigint, positionId: bigint) => emitted(engine, ENGINE, 'AuctionStarted', [assetId, positionId, 1_200n * WAD, 480n * WAD, 1_000n]);
const inRecovery = (assetId: bigint, positionId: bigint) => emitted(engine, ENGINE, 'RecoveryStarted', [assetId, positionId]);
const taken = (assetId: bigint, price: bigint, toDebt: bigint, toPenalty: bigint, toOwner: bigint) =>
  emitted(engine, ENGINE, 'AuctionTaken', [assetId, FERDIE, price, toDebt, toPenalty, toOwner]);
const settled = (assetId: bigint, paid: bigint, toDebt: bigint, toPenalty: bigint, toOwner: bigint) =>
  emitted(engine, ENGINE, 'AuctionSettled', [assetId, DAVE, paid, toDebt, toPenalty, toOwner]);
const recoveryPaid = (assetId: bigint, paid: bigint, toDebt: bigint, toPenalty: bigint, toLoss: bigint, toOwner: bigint) =>
  emitted(engine, ENGINE, 'RecoveryPaid', [assetId, paid, toDebt, toPenalty, toLoss, toOwner]);
const cancelled = (assetId: bigint) => emitted(engine, ENGINE, 'AuctionCancelled', [assetId, BOB]);

/** Blocks numbered from 100, one per list of records (in that order within the block). */
function history(...perBlock: EventRecordLike[][]): HistoryEntry[] {
  const blocks: BlockEvents[] = perBlock.map((records, i) => ({
    number: 100 + i,
    hash: `0xb${100 + i}`,
    extrinsicHashes: ['0xe0', `0xe${100 + i}`],
    timestampMs: BigInt(100 + i) * 6_000n,
    records,
  }));
  const { entries, undecodable } = decodeHistory(blocks, decoders);
  expect(undecodable).toBe(0);
  return entries;
}

describe('what came back to a liquidated position’s owner', () => {
  it('an auction taken at 1,000: 800 to the debt, 50 to the penalty, 150 returned', () => {
    const entries = history([liquidated(7n, 2n, 800n * WAD, 50n * WAD), started(8n, 7n)], [taken(8n, 1_000n * WAD, 800n * WAD, 50n * WAD, 150n * WAD)]);
    const p = positionProceeds(entries, 7n);
    expect(p.toOwnerWad).toBe(150n * WAD);
    expect(formatUnits(p.toOwnerWad)).toBe('150.00');
    expect(p.paidWad).toBe(1_000n * WAD);
    expect(p.toDebtWad).toBe(800n * WAD);
    expect(p.toPenaltyWad).toBe(50n * WAD);
    expect(p.toLossWad).toBe(0n);
    expect(p.sales).toEqual([
      {
        assetId: 8n,
        positionId: 7n,
        kind: 'taken',
        paidWad: 1_000n * WAD,
        toDebtWad: 800n * WAD,
        toPenaltyWad: 50n * WAD,
        toLossWad: 0n,
        toOwnerWad: 150n * WAD,
        blockNumber: 101,
        txHash: '0xe101',
        timestampMs: 606_000n,
      },
    ]);
    expect(p.liquidations).toEqual([{ liquidationId: 2n, debtWad: 800n * WAD, penaltyWad: 50n * WAD, blockNumber: 100 }]);
    expect(hasTrace(p)).toBe(true);
  });

  it('two sales of one position sum exactly: 150.5 + 45.39 = 195.89 returned', () => {
    const entries = history(
      [started(8n, 7n), started(9n, 7n)],
      [taken(8n, 1_000n * WAD, 800n * WAD, 49_500_000_000_000_000_000n, 150_500_000_000_000_000_000n)],
      [settled(9n, 45_390_000_000_000_000_000n + 500_000_000_000_000_000n, 0n, 500_000_000_000_000_000n, 45_390_000_000_000_000_000n)],
    );
    const p = positionProceeds(entries, 7n);
    expect(p.sales.map((s) => [s.assetId, s.kind, s.toOwnerWad])).toEqual([
      [8n, 'taken', 150_500_000_000_000_000_000n],
      [9n, 'settledAtAuction', 45_390_000_000_000_000_000n],
    ]);
    expect(p.toOwnerWad).toBe(195_890_000_000_000_000_000n);
    expect(formatExact(p.toOwnerWad)).toBe('195.89');
    expect(p.toPenaltyWad).toBe(50n * WAD);
    expect(p.paidWad).toBe(1_045_890_000_000_000_000_000n);
    // Every sale's parts add up to what was paid.
    expect(p.toDebtWad + p.toPenaltyWad + p.toLossWad + p.toOwnerWad).toBe(p.paidWad);
  });

  it('an event of another position is ignored; a sale of a document whose start is unknown is unattributed', () => {
    const entries = history(
      [started(8n, 7n), started(11n, 3n)],
      [taken(11n, 900n * WAD, 600n * WAD, 60n * WAD, 240n * WAD), taken(8n, 1_000n * WAD, 800n * WAD, 50n * WAD, 150n * WAD)],
      [taken(12n, 5n * WAD, 0n, 0n, 5n * WAD)],
    );
    expect(positionProceeds(entries, 7n).toOwnerWad).toBe(150n * WAD);
    expect(positionProceeds(entries, 7n).sales.map((s) => s.assetId)).toEqual([8n]);
    expect(positionProceeds(entries, 3n).toOwnerWad).toBe(240n * WAD);
    const all = proceedsByPosition(entries);
    expect([...all.byPosition.keys()].sort()).toEqual([3n, 7n]);
    expect(all.unattributed).toBe(1);
    // A position the events never name: nothing, and no trace.
    expect(positionProceeds(entries, 5n)).toEqual(noProceeds(5n));
    expect(hasTrace(positionProceeds(entries, 5n))).toBe(false);
    // Another contract's events are not the engine's (the vault's own InvoiceSettled pays a pledged invoice, not a sale).
    const vaultOnly = history([emitted(vault, VAULT, 'InvoiceSettled', [8n, 7n, 1_000n * WAD, 800n * WAD, 200n * WAD])]);
    expect(vaultOnly.map((e) => e.event)).toEqual(['InvoiceSettled']);
    expect(proceedsByPosition(vaultOnly).byPosition.size).toBe(0);
  });

  it('a recovery payment’s to_owner_wad counts, its loss part too (even after the liquidation ended)', () => {
    const entries = history(
      [liquidated(7n, 2n, 800n * WAD, 50n * WAD), inRecovery(12n, 7n)],
      [recoveryPaid(12n, 500n * WAD, 0n, 20n * WAD, 300n * WAD, 180n * WAD)],
    );
    const p = positionProceeds(entries, 7n);
    expect(p.sales.map((s) => [s.kind, s.paidWad, s.toLossWad, s.toOwnerWad])).toEqual([['recoveryPaid', 500n * WAD, 300n * WAD, 180n * WAD]]);
    expect(p.toOwnerWad).toBe(180n * WAD);
    expect(p.toLossWad).toBe(300n * WAD);
    expect(p.toPenaltyWad).toBe(20n * WAD);
  });

  it('1 wei and u128::MAX-scale values: no overflow, no lost precision', () => {
    const entries = history(
      [started(8n, 7n), started(9n, 7n), started(10n, 7n)],
      [taken(8n, U128_MAX, 0n, 0n, U128_MAX)],
      [taken(9n, U128_MAX, U128_MAX - 1n, 0n, 1n)],
      [recoveryPaid(10n, U128_MAX, 0n, 0n, 0n, U128_MAX)],
    );
    const p = positionProceeds(entries, 7n);
    expect(p.sales.map((s) => s.toOwnerWad)).toEqual([U128_MAX, 1n, U128_MAX]);
    // 2 × (2¹²⁸ − 1) + 1: past u128, exact.
    expect(p.toOwnerWad).toBe(2n * U128_MAX + 1n);
    expect(p.toOwnerWad).toBe(680564733841876926926749214863536422911n);
    expect(formatExact(p.toOwnerWad)).toBe('680,564,733,841,876,926,926.749214863536422911');
    expect(p.paidWad).toBe(3n * U128_MAX);
    expect(p.toDebtWad).toBe(U128_MAX - 1n);
    // One wei alone.
    const wei = positionProceeds(history([started(8n, 7n)], [taken(8n, 1n, 0n, 0n, 1n)]), 7n);
    expect(wei.toOwnerWad).toBe(1n);
    expect(formatExact(wei.toOwnerWad)).toBe('0.000000000000000001');
  });

  it('a document sold, pledged again elsewhere and sold again: each sale to the position it was sold from', () => {
    const entries = history(
      [started(8n, 7n)],
      [taken(8n, 1_000n * WAD, 800n * WAD, 50n * WAD, 150n * WAD)],
      [started(8n, 4n)],
      [taken(8n, 700n * WAD, 600n * WAD, 60n * WAD, 40n * WAD)],
    );
    expect(positionProceeds(entries, 7n).toOwnerWad).toBe(150n * WAD);
    expect(positionProceeds(entries, 4n).toOwnerWad).toBe(40n * WAD);
    // Newest first (the decoded history's order) or any other: the same result.
    expect(proceedsByPosition([...entries].reverse())).toEqual(proceedsByPosition(entries));
  });

  it('where the start is before the events read: the snapshots’ record of the seized document; the events win', () => {
    const entries = history([taken(8n, 1_000n * WAD, 800n * WAD, 50n * WAD, 150n * WAD)], [started(9n, 7n)], [taken(9n, 10n * WAD, 0n, 0n, 10n * WAD)]);
    const known = new Map([
      [8n, 7n],
      [9n, 3n],
    ]);
    expect(proceedsByPosition(entries).unattributed).toBe(1);
    const p = positionProceeds(entries, 7n, known);
    expect(p.sales.map((s) => s.assetId)).toEqual([8n, 9n]);
    expect(p.toOwnerWad).toBe(160n * WAD);
    expect(proceedsByPosition(entries, known).unattributed).toBe(0);
  });

  it('a document handed back unsold is part of the trace, with nothing paid', () => {
    const p = positionProceeds(history([started(8n, 7n)], [cancelled(8n)]), 7n);
    expect(p.returnedAssetIds).toEqual([8n]);
    expect(p.sales).toEqual([]);
    expect(p.toOwnerWad).toBe(0n);
    expect(hasTrace(p)).toBe(true);
  });
});
