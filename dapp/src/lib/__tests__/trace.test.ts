/** The trace of a transaction: its hash, the explorer's page for it (the manifest's optional `explorer`), one transaction per click. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { explorerTxUrl, MalformedManifestError, parseManifest } from '../manifest';
import { makeGate, runTx, txHashOf, type TxState } from '../tx';

const SANDBOX = JSON.parse(readFileSync(join(__dirname, 'fixtures/sandbox-manifest.json'), 'utf8'));
const live = (patch: Record<string, unknown> = {}) => ({ ...structuredClone(SANDBOX), network: 'local', chain: 'Development', target: 'ws://127.0.0.1:9944', ...patch });
const HASH = `0x${'ab'.repeat(32)}`;

describe('manifest: explorer and commodity units (optional, validated)', () => {
  it('absent: no link', () => {
    const m = parseManifest(live());
    expect(m.explorer).toBeUndefined();
    expect(m.commodityUnits).toBeUndefined();
    expect(explorerTxUrl(m, HASH)).toBeUndefined();
  });
  it('a URL template with {hash}: the transaction’s page', () => {
    const m = parseManifest(live({ explorer: 'https://explorer.example/tx/{hash}', commodity_units: { COFFEE: 'kg', WHEAT: 't' } }));
    expect(m.explorer).toBe('https://explorer.example/tx/{hash}');
    expect(m.commodityUnits).toEqual({ COFFEE: 'kg', WHEAT: 't' });
    expect(explorerTxUrl(m, HASH)).toBe(`https://explorer.example/tx/${HASH}`);
    expect(explorerTxUrl(m, HASH.toUpperCase().replace('0X', '0x'))).toBe(`https://explorer.example/tx/${HASH}`);
    expect(explorerTxUrl(m, '0x1234')).toBeUndefined(); // not a transaction hash
    expect(explorerTxUrl(m, undefined)).toBeUndefined();
    expect(explorerTxUrl(parseManifest(live({ explorer: 'http://127.0.0.1:8080/#/extrinsics/{hash}?n=1' })), HASH)).toBe(`http://127.0.0.1:8080/#/extrinsics/${HASH}?n=1`);
  });
  it('refuses a template without {hash}, with two, not http(s), not a string, and bad units', () => {
    for (const explorer of ['https://explorer.example/tx/', 'https://x/{hash}/{hash}', 'javascript:alert(1)//{hash}', 'ftp://x/{hash}', 'not a url {hash}', 42]) {
      expect(() => parseManifest(live({ explorer })), String(explorer)).toThrow(MalformedManifestError);
    }
    expect(() => parseManifest(live({ explorer: 'https://x/tx/' }))).toThrow('manifest.explorer "https://x/tx/" must contain {hash} exactly once.');
    expect(() => parseManifest(live({ commodity_units: ['kg'] }))).toThrow(MalformedManifestError);
    expect(() => parseManifest(live({ commodity_units: { COFFEE: '' } }))).toThrow(MalformedManifestError);
    expect(() => parseManifest(live({ commodity_units: { COFFEE: '<script>' } }))).toThrow(MalformedManifestError);
    expect(() => parseManifest(live({ commodity_units: { COFFEE: 'a very long unit name' } }))).toThrow(MalformedManifestError);
  });
});

describe('a transaction keeps its hash, and why it failed', () => {
  it('the hash of a sent transaction stays on its final state, failed in the block included', async () => {
    const states: TxState[] = [];
    const outcome = await runTx(
      {
        label: 'Register the document',
        errorEnum: 'RegistryError',
        dryRun: async () => ({ data: { isErr: false }, gasRequired: { refTime: 1n, proofSize: 1n } }),
        submit: async (_g, on) => {
          on({ status: { type: 'Broadcasting' }, txHash: HASH });
          on({ status: { type: 'BestChainBlockIncluded', value: { blockNumber: 3, blockHash: '0x' } }, txHash: HASH, dispatchError: { pallet: 'Contracts', name: 'ContractReverted' } });
          on({ status: { type: 'Finalized', value: { blockNumber: 3, blockHash: '0x' } }, txHash: HASH });
        },
      },
      (s) => states.push(s),
    );
    expect(outcome).toBe('failed');
    const last = states.at(-1)!;
    expect(last).toMatchObject({ phase: 'failed', txHash: HASH, reason: expect.stringMatching(/refused it in the block/) });
    expect(txHashOf(last)).toBe(HASH);
    expect(states.map(txHashOf)).toEqual([undefined, undefined, HASH, HASH, HASH]);
  });
  it('a refusal before signing has no hash and says why', async () => {
    const states: TxState[] = [];
    await runTx(
      {
        label: 'Register the document',
        errorEnum: 'RegistryError',
        dryRun: async () => ({ data: { isErr: true, err: 'DuplicateDocument' }, gasRequired: { refTime: 1n, proofSize: 1n } }),
        submit: async () => {
          throw new Error('never signed');
        },
      },
      (s) => states.push(s),
    );
    expect(states.at(-1)).toMatchObject({ phase: 'refused', error: { path: 'DuplicateDocument' } });
    expect(txHashOf(states.at(-1)!)).toBeUndefined();
  });
});

describe('one transaction per click', () => {
  it('a double click sends ONE transaction: the second call while the first runs is dropped', async () => {
    const gate = makeGate();
    let calls = 0;
    let release!: () => void;
    const send = () =>
      new Promise<string>((resolve) => {
        calls++;
        release = () => resolve('finalized');
      });
    const first = gate.run(send);
    const second = gate.run(send); // the double click
    expect(gate.busy).toBe(true);
    expect(calls).toBe(1);
    expect(await second).toBeUndefined();
    release();
    expect(await first).toBe('finalized');
    expect(gate.busy).toBe(false);
    // Once it ended, the next click sends again.
    const third = gate.run(send);
    expect(calls).toBe(2);
    release();
    expect(await third).toBe('finalized');
  });
  it('a run that throws frees the gate', async () => {
    const gate = makeGate();
    await expect(gate.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(gate.busy).toBe(false);
    let calls = 0;
    await gate.run(async () => calls++);
    expect(calls).toBe(1);
  });
});
