import { describe, expect, it } from 'vitest';
import { scanHistory } from '../history';

/**
 * A node that keeps only recent blocks' state (contracts-node's default: 256): reading events
 * older than that fails with "State already discarded". The scan reads what it can and says how
 * many blocks it could not, instead of failing as a whole (which left the history and the charts
 * empty on a dev node after a few hundred blocks).
 */
function node(head: number, oldestWithState: number) {
  const client = {
    rpc: {
      chain_getHeader: async () => ({ number: head }),
      chain_getBlockHash: async (n: number) => `0x${n.toString(16).padStart(64, '0')}`,
      // Every block carries a transaction besides the timestamp: its events are asked for.
      chain_getBlock: async () => ({ block: { extrinsics: ['0x00', '0x01'] } }),
    },
    registry: { $Extrinsic: { tryDecode: () => { throw new Error('not needed'); } } },
    at: async (hash: string) => {
      const n = parseInt(hash.slice(2), 16);
      if (n < oldestWithState) throw new Error(`4003: Client error: Api called for an unknown Block: State already discarded for ${hash}`);
      return { query: { system: { events: async () => [] }, timestamp: { now: async () => 0n } } };
    },
  };
  return { vault: { client } } as never;
}
const manifest = { network: 'local', contracts: {} } as never;

describe('history on a pruning node', () => {
  it('reads the blocks whose state the node keeps and counts the others', async () => {
    const scan = await scanHistory(node(1_000, 745), manifest, 2_000);
    expect(scan).toEqual({ entries: [], undecodable: 0, fromBlock: 745, toBlock: 1_000, pruned: 744 });
  });

  it('an archive node: nothing pruned, the whole range read', async () => {
    const scan = await scanHistory(node(300, 0), manifest, 2_000);
    expect(scan).toEqual({ entries: [], undecodable: 0, fromBlock: 1, toBlock: 300 });
  });

  it('another error still fails the scan (never shown as an empty history)', async () => {
    const broken = node(10, 0) as unknown as { vault: { client: { at: () => Promise<never> } } };
    broken.vault.client.at = async () => {
      throw new Error('connection lost');
    };
    await expect(scanHistory(broken as never, manifest, 20)).rejects.toThrow('connection lost');
  });
});
