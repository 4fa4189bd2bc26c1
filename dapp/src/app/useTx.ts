/**
 * The React side of lib/tx.ts: runs a contract call (dry run with the connected account, then
 * sign and submit through the wallet typink connected) and keeps its state for the screen.
 * Several calls in a row (approve, then deposit) run as steps; a step that does not finalize
 * stops the rest.
 */
import { useCallback, useState } from 'react';
import type { Contract, GenericContractApi } from 'dedot/contracts';
import { runTx, type ChainProgress, type DispatchErrorInfo, type TxOutcome, type TxState } from '../lib/tx';
import { describeDispatchError } from '../lib/tx';

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
  const run = useCallback(
    async (steps: Step[]): Promise<TxOutcome> => {
      if (!caller) {
        setState({ phase: 'failed', label: steps[0]?.label ?? 'Transaction', reason: 'Connect a wallet first.' });
        return 'failed';
      }
      let outcome: TxOutcome = 'finalized';
      for (const [i, s] of steps.entries()) {
        const label = steps.length > 1 ? `${s.label} (step ${i + 1} of ${steps.length})` : s.label;
        const c = s.contract as any;
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
          setState,
        );
        if (outcome !== 'finalized') break;
      }
      onDone?.();
      return outcome;
    },
    [caller, onDone],
  );
  return { state, run, reset: () => setState({ phase: 'idle' }) };
}
