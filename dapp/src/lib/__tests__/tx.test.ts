import { describe, expect, it } from 'vitest';
import { describeDispatchError, isUserRejection, phaseText, runTx, withMargin, type ChainProgress, type TxRequest, type TxState } from '../tx';

const GAS = { refTime: 1_000n, proofSize: 200n };
const block = (type: 'BestChainBlockIncluded' | 'Finalized', n: number): ChainProgress => ({
  status: { type, value: { blockNumber: n, blockHash: '0x' } },
  txHash: '0xabc',
});

function request(over: Partial<TxRequest>): TxRequest {
  return {
    label: 'Borrow 1,000.00',
    errorEnum: 'VaultError',
    dryRun: async () => ({ data: { isOk: true, isErr: false, value: [] }, gasRequired: GAS }),
    submit: async (_gas, on) => {
      on({ status: { type: 'Broadcasting' } });
      on(block('BestChainBlockIncluded', 7));
      on(block('Finalized', 7));
    },
    ...over,
  };
}

async function run(req: TxRequest) {
  const states: TxState[] = [];
  const outcome = await runTx(req, (s) => states.push(s));
  return { outcome, phases: states.map((s) => s.phase), last: states.at(-1)! };
}

describe('transaction states', () => {
  it('check → signing → submitted → in block → finalized, with a 50 % gas margin', async () => {
    let gas;
    const r = await run(request({ submit: async (g, on) => ((gas = g), on({ status: { type: 'Broadcasting' } }), on(block('BestChainBlockIncluded', 7)), on(block('Finalized', 7))) }));
    expect(r.outcome).toBe('finalized');
    expect(r.phases).toEqual(['checking', 'signing', 'submitted', 'inBlock', 'finalized']);
    expect(gas).toEqual({ refTime: 1_500n, proofSize: 300n });
    expect(phaseText(r.last)).toMatch(/finalized in block #7/);
  });
  it('a contract refusal in the dry run is shown decoded and never signed', async () => {
    let signed = false;
    const r = await run(
      request({
        dryRun: async () => ({ data: { isErr: true, err: { type: 'Unsafe' } }, gasRequired: GAS }),
        submit: async () => void (signed = true),
      }),
    );
    expect(r.outcome).toBe('refused');
    expect(signed).toBe(false);
    expect(phaseText(r.last)).toMatch(/refused before signing.*minimum collateral ratio/);
  });
  it('a wallet that declines is "cancelled", not failed', async () => {
    const r = await run(request({ submit: async () => Promise.reject(new Error('Cancelled')) }));
    expect(r.outcome).toBe('cancelled');
    expect(r.phases).toEqual(['checking', 'signing', 'cancelled']);
    expect(isUserRejection(new Error('Rejected by user'))).toBe(true);
    expect(isUserRejection(new Error('1010: Invalid Transaction'))).toBe(false);
  });
  it('a revert in the block is "failed" with the reason', async () => {
    const r = await run(
      request({
        submit: async (_g, on) => {
          on({ ...block('BestChainBlockIncluded', 9), dispatchError: { pallet: 'Contracts', name: 'ContractReverted' } });
          on({ ...block('Finalized', 9), dispatchError: { pallet: 'Contracts', name: 'ContractReverted' } });
        },
      }),
    );
    expect(r.outcome).toBe('failed');
    expect(r.phases).toEqual(['checking', 'signing', 'failed', 'failed']);
    expect(phaseText(r.last)).toMatch(/something changed since the check/);
  });
  it('a dropped transaction and a failing dry run are "failed"', async () => {
    expect((await run(request({ submit: async (_g, on) => on({ status: { type: 'Invalid', value: { error: 'stale nonce' } } }) }))).outcome).toBe('failed');
    const r = await run(request({ dryRun: async () => Promise.reject(new Error('node unreachable')) }));
    expect(r.phases).toEqual(['checking', 'failed']);
  });
  it('margin and dispatch errors in words', () => {
    expect(withMargin({ refTime: 3n, proofSize: 1n })).toEqual({ refTime: 4n, proofSize: 1n });
    expect(describeDispatchError({ pallet: 'Contracts', name: 'OutOfGas' })).toMatch(/gas/);
    expect(describeDispatchError({ type: 'BadOrigin' })).toMatch(/signer/);
    expect(describeDispatchError({ pallet: 'Balances', name: 'X', docs: 'why' })).toMatch(/Balances.X.*why/);
  });
});
