/**
 * Reads the suite's contract events from the chain for the history and the charts: the last
 * `depth` blocks (2 000 by default), newest first; a block with no extrinsic beyond the
 * timestamp is not asked for events. Decoding and filtering are lib/history.ts's.
 */
import { blake2AsHex } from 'dedot/utils';
import type { Contract, GenericContractApi } from 'dedot/contracts';
import { decodeHistory, scanRange, signerOf, type BlockEvents, type ContractDecoder, type HistoryEntry } from '../lib/history';
import type { Manifest } from '../lib/manifest';
import type { Suite } from './suite';

export interface Scan {
  entries: HistoryEntry[];
  undecodable: number;
  fromBlock: number;
  toBlock: number;
}

export function decodersOf(suite: Suite, m: Manifest): ContractDecoder[] {
  const pairs: [string, Contract<GenericContractApi> | undefined][] = [
    ['collateral_vault', suite.vault as never],
    ['liquidation_engine', suite.engine as never],
    ['receivable_registry', suite.registry as never],
    ['price_oracle', suite.oracle as never],
    ['stablecoin', suite.coin as never],
  ];
  return pairs.flatMap(([name, c]) => {
    const e = (m.contracts as Record<string, { address: string } | undefined>)[name];
    if (!c || !e) return [];
    return [{ contract: name, address: e.address, decode: (r) => c.decodeEvent(r as never) as never }];
  });
}

export async function scanHistory(suite: Suite, m: Manifest, depth: number, onProgress?: (done: number, total: number) => void): Promise<Scan> {
  const client = suite.vault.client as any;
  const header = await client.rpc.chain_getHeader();
  const head = Number(header.number);
  const numbers = scanRange(head, depth);
  const blocks: BlockEvents[] = [];
  let done = 0;
  const work = numbers.slice();
  const worker = async () => {
    for (let n = work.shift(); n !== undefined; n = work.shift()) {
      const hash: string = await client.rpc.chain_getBlockHash(n);
      const block = await client.rpc.chain_getBlock(hash);
      const extrinsics: string[] = block?.block?.extrinsics ?? [];
      if (extrinsics.length > 1) {
        const at = await client.at(hash);
        const records = await at.query.system.events();
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
      onProgress?.(++done, numbers.length);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  const { entries, undecodable } = decodeHistory(blocks, decodersOf(suite, m));
  return { entries, undecodable, fromBlock: numbers.at(-1) ?? head, toBlock: head };
}
