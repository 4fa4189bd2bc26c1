/**
 * The React side of lib/tx.ts: runs a contract call (dry run with the connected account, then
 * sign and submit through the wallet typink connected) and keeps its state for the screen.
 * Several calls in a row (approve, then deposit) run as steps; a step that does not finalize
 * stops the rest.
 */
import { useCallback, useRef, useState } from 'react';
import type { Contract, GenericContractApi } from 'dedot/contracts';
import { isBusy, makeGate, runTx, type ChainProgress, type DispatchErrorInfo, type TxOutcome, type TxState } from '../lib/tx';
import { describeDispatchError } from '../lib/tx';
import { logTx } from './txLog';

export interface Step {
  label: string;
  contract: Contract<GenericContractApi>;
  /** The error enum of `contract` (lib/errors.ts). */
  errorEnum: string;
  fn: string;
  args: unknown[];
}

function dispatchInfo(client: any, dispatchError: any): DispatchErrorInfo {
  try {
    const meta = client.registry.findErrorMeta(dispatchError);
    if (meta) return { pallet: meta.pallet, name: meta.name, docs: (meta.docs ?? []).join(' ') };
  } catch {
    /* not a module error */
  }
  return { type: dispatchError?.type ?? String(dispatchError) };
}

function describeThrown(e: any): string | undefined {
  if (e?.moduleError?.name) return describeDispatchError({ pallet: 'Contracts', name: e.moduleError.name, docs: (e.moduleError.docs ?? []).join(' ') });
  if (e?.dispatchError) return describeDispatchError({ type: e.dispatchError.type });
  if (e?.name === 'ContractLangError') return 'The contract could not read the call: the dApp and the deployed contract disagree on its interface.';
  return undefined;
}

export function useTx(caller: string | undefined, onDone?: () => void) {
  const [state, setState] = useState<TxState>({ phase: 'idle' });
  // The steps of the last run that ended before the current one (an approval, then its call): their hashes stay visible.
  const [trace, setTrace] = useState<TxState[]>([]);
  const gate = useRef(makeGate());
  const [running, setRunning] = useState(false);
  const run = useCallback(
    async (steps: Step[]): Promise<TxOutcome | undefined> =>
      // A second click while a transaction runs sends nothing (the button is disabled as well).
      gate.current.run(async () => {
        setRunning(true);
        setTrace([]);
        try {
          return await runSteps(steps);
        } finally {
          setRunning(false);
        }
      }),
    [caller, onDone],
  );
  async function runSteps(steps: Step[]): Promise<TxOutcome> {
    if (!caller) {
      const s: TxState = { phase: 'failed', label: steps[0]?.label ?? 'Transaction', reason: 'Connect a wallet first.' };
      setState(s);
      logTx(s);
      return 'failed';
    }
    let outcome: TxOutcome = 'finalized';
    let last: TxState = { phase: 'idle' };
    const record = (s: TxState) => {
      last = s;
      setState(s);
      // The end of each step, kept in the session's list whatever happens to this panel.
      if (['finalized', 'refused', 'cancelled', 'failed'].includes(s.phase)) logTx(s);
    };
    for (const [i, s] of steps.entries()) {
      const label = steps.length > 1 ? `${s.label} (step ${i + 1} of ${steps.length})` : s.label;
      const c = s.contract as any;
      if (i > 0) {
        const done = last;
        setTrace((t) => [...t, done]);
      }
      outcome = await runTx(
        {
          label,
          errorEnum: s.errorEnum,
          describeThrown,
          dryRun: async () => {
            const r = await c.query[s.fn](...s.args, { caller });
            return { data: r.data, gasRequired: r.raw.gasRequired };
          },
          submit: (gasLimit, onProgress) =>
            new Promise<void>((resolve, reject) => {
              try {
                const unsub = c.tx[s.fn](...s.args, { gasLimit }).signAndSend(caller, (r: any) => {
                  const p: ChainProgress = {
                    status: r.status,
                    txHash: r.txHash,
                    dispatchError: r.dispatchError ? dispatchInfo(c.client, r.dispatchError) : undefined,
                  };
                  onProgress(p);
                  if (['Finalized', 'Invalid', 'Drop'].includes(r.status.type)) resolve();
                });
                Promise.resolve(unsub).catch(reject);
              } catch (e) {
                reject(e);
              }
            }),
        },
        record,
      );
      if (outcome !== 'finalized') break;
    }
    onDone?.();
    return outcome;
  }
  const busy = running || isBusy(state);
  return {
    state,
    trace,
    busy,
    run,
    reset: () => {
      setState({ phase: 'idle' });
      setTrace([]);
    },
  };
}
