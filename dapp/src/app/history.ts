/**
 * Reads the suite's contract events from the chain for the history and the charts: the last
 * `depth` blocks (2 000 by default), newest first; a block with no extrinsic beyond the
 * timestamp is not asked for events. Decoding and filtering are lib/history.ts's.
 */
import { blake2AsHex } from 'dedot/utils';
import type { Contract, GenericContractApi } from 'dedot/contracts';
import { decodeHistory, DEFAULT_DEPTH, scanRange, signerOf, type BlockEvents, type ContractDecoder, type HistoryEntry } from '../lib/history';
import type { Manifest } from '../lib/manifest';
import type { Suite } from './suite';

export interface Scan {
  entries: HistoryEntry[];
  undecodable: number;
  fromBlock: number;
  toBlock: number;
  /**
   * Blocks older than `fromBlock` in the range asked for whose state the node no longer keeps (a
   * pruning node keeps the last 256 blocks' state by default; an archive node keeps all).
   */
  pruned?: number;
}

/** The node no longer has this block's state (pruned): its events cannot be read from it. */
export const isPrunedState = (e: unknown) => /State already discarded|unknown Block|not available/i.test(String((e as Error)?.message ?? e));

export function decodersOf(suite: Suite, m: Manifest): ContractDecoder[] {
  const pairs: [string, Contract<GenericContractApi> | undefined][] = [
    ['collateral_vault', suite.vault as never],
    ['liquidation_engine', suite.engine as never],
    ['receivable_registry', suite.registry as never],
    ['price_oracle', suite.oracle as never],
    ['stablecoin', suite.coin as never],
    ['condition_monitor', suite.monitor as never],
    ['credit_pricer', suite.pricer as never],
  ];
  return pairs.flatMap(([name, c]) => {
    const e = (m.contracts as Record<string, { address: string } | undefined>)[name];
    if (!c || !e) return [];
    return [{ contract: name, address: e.address, decode: (r) => c.decodeEvent(r as never) as never }];
  });
}

/** Reads `depth` blocks back from the head, or only those after block `after` when it is more recent. */
export async function scanHistory(suite: Suite, m: Manifest, depth: number, onProgress?: (done: number, total: number) => void, after?: number): Promise<Scan> {
  const client = suite.vault.client as any;
  const header = await client.rpc.chain_getHeader();
  const head = Number(header.number);
  const numbers = scanRange(head, after !== undefined ? Math.max(0, Math.min(depth, head - after)) : depth);
  const blocks: BlockEvents[] = [];
  const read: number[] = [];
  let pruned = 0;
  let newestPruned = -1;
  let done = 0;
  const work = numbers.slice();
  const worker = async () => {
    for (let n = work.shift(); n !== undefined; n = work.shift()) {
      const hash: string = await client.rpc.chain_getBlockHash(n);
      const block = await client.rpc.chain_getBlock(hash);
      const extrinsics: string[] = block?.block?.extrinsics ?? [];
      if (extrinsics.length > 1) {
        const at = await client.at(hash).catch((e: unknown) => (isPrunedState(e) ? undefined : Promise.reject(e)));
        const records = at && (await at.query.system.events().catch((e: unknown) => (isPrunedState(e) ? undefined : Promise.reject(e))));
        if (!records) {
          // Pruned: this block's events are gone from this node (older ones too, normally).
          pruned++;
          newestPruned = Math.max(newestPruned, n);
          onProgress?.(++done, numbers.length);
          continue;
        }
        const signers = extrinsics.map((x) => {
          try {
            return signerOf(client.registry.$Extrinsic.tryDecode(x));
          } catch {
            return undefined;
          }
        });
        const timestampMs = await at.query.timestamp
          .now()
          .then((t: bigint | number) => BigInt(t))
          .catch(() => undefined);
        blocks.push({ number: n, hash, timestampMs, extrinsicHashes: extrinsics.map((x) => blake2AsHex(x)), signers, records });
      }
      read.push(n);
      onProgress?.(++done, numbers.length);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  const { entries, undecodable } = decodeHistory(blocks, decodersOf(suite, m));
  // Nothing after `after`: an empty range just past it. With pruned blocks, the range is what
  // was read: from the oldest block whose state the node still had.
  const readable = read.filter((n) => n > newestPruned);
  const oldest = pruned > 0 ? (readable.length > 0 ? Math.min(...readable) : head + 1) : numbers.at(-1);
  return { entries, undecodable, fromBlock: oldest ?? (after !== undefined ? head + 1 : head), toBlock: head, ...(pruned > 0 ? { pruned } : {}) };
}

/**
 * Two scans as one: `newer`'s events and `older`'s outside `newer`'s blocks, over both ranges
 * when they touch or overlap; `newer` alone when a gap would lie between them.
 */
export function mergeScans(older: Scan, newer: Scan): Scan {
  if (newer.fromBlock > older.toBlock + 1 || older.fromBlock > newer.toBlock + 1) return newer;
  const outside = older.entries.filter((e) => e.blockNumber < newer.fromBlock || e.blockNumber > newer.toBlock);
  const disjoint = newer.fromBlock > older.toBlock || older.fromBlock > newer.toBlock;
  return {
    entries: [...newer.entries, ...outside].sort((a, b) => b.blockNumber - a.blockNumber || b.index - a.index),
    undecodable: disjoint ? older.undecodable + newer.undecodable : Math.max(older.undecodable, newer.undecodable),
    ...(older.pruned || newer.pruned ? { pruned: Math.max(older.pruned ?? 0, newer.pruned ?? 0) } : {}),
    fromBlock: Math.min(older.fromBlock, newer.fromBlock),
    toBlock: Math.max(older.toBlock, newer.toBlock),
  };
}

/** The session's scan of each deployment (every scan merged in), shared by the screens that read the events. */
const kept = new Map<string, Scan>();
const deploymentOf = (m: Manifest) => `${m.network}:${m.contracts.collateral_vault.address}`;

export function lastScan(m: Manifest): Scan | undefined {
  return kept.get(deploymentOf(m));
}

/** Merges `scan` into the session's scan of the deployment; returns the result. */
export function keepScan(m: Manifest, scan: Scan): Scan {
  const old = kept.get(deploymentOf(m));
  const merged = old ? mergeScans(old, scan) : scan;
  kept.set(deploymentOf(m), merged);
  return merged;
}

/**
 * The session's scan brought up to the head: only the blocks after its last are read (at most
 * `depth`; `depth` back from the head when there is none yet, or a gap would remain).
 */
export async function extendScan(suite: Suite, m: Manifest, depth: number = DEFAULT_DEPTH): Promise<Scan> {
  const newer = await scanHistory(suite, m, depth, undefined, lastScan(m)?.toBlock);
  return keepScan(m, newer);
}
