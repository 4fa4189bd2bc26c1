/**
 * One contract transaction, from the check to finality, as distinct states the UI shows:
 * checking (dry run) → refused (the contract said no: never signed) | signing → cancelled (the
 * wallet declined) | submitted → in block → finalized | failed (the chain or the contract
 * rejected it in the block).
 *
 * No React and no chain here: `runTx` takes the dry run and the submission as functions, so the
 * state machine is unit-tested with fakes, and the app passes dedot's contract calls.
 */
import { describeError, type DecodedError } from './errors';

export type TxState =
  | { phase: 'idle' }
  | { phase: 'checking'; label: string }
  | { phase: 'refused'; label: string; error: DecodedError }
  | { phase: 'signing'; label: string }
  | { phase: 'cancelled'; label: string }
  | { phase: 'submitted'; label: string; txHash?: string }
  | { phase: 'inBlock'; label: string; blockNumber: number; txHash?: string }
  | { phase: 'finalized'; label: string; blockNumber: number; txHash?: string }
  | { phase: 'failed'; label: string; reason: string; txHash?: string };

export type TxPhase = TxState['phase'];

/** Words for each state, for screen readers and tests as much as for people. */
export function phaseText(s: TxState): string {
  switch (s.phase) {
    case 'idle':
      return '';
    case 'checking':
      return `${s.label}: checking with the contract…`;
    case 'refused':
      return `${s.label}: refused before signing. ${s.error.sentence}`;
    case 'signing':
      return `${s.label}: waiting for your signature in the wallet…`;
    case 'cancelled':
      return `${s.label}: cancelled in the wallet. Nothing was sent.`;
    case 'submitted':
      return `${s.label}: sent, waiting for a block…`;
    case 'inBlock':
      return `${s.label}: in block #${s.blockNumber}, waiting for finality…`;
    case 'finalized':
      return `${s.label}: done (finalized in block #${s.blockNumber}).`;
    case 'failed':
      return `${s.label}: failed. ${s.reason}`;
  }
}

export const isBusy = (s: TxState) => s.phase === 'checking' || s.phase === 'signing' || s.phase === 'submitted' || s.phase === 'inBlock';

export interface Weight {
  refTime: bigint;
  proofSize: bigint;
}

/**
 * The dry run's gas_required plus 50 %: the dry run executes on the last block, and the vault
 * accrues fees only when the block time moved, so gas_required alone can run out of gas (the
 * deploy CLI's margin, deploy/src/backend/live.rs). Unused gas is refunded.
 */
export function withMargin(w: Weight): Weight {
  return { refTime: (w.refTime * 3n) / 2n, proofSize: (w.proofSize * 3n) / 2n };
}

/** What a wallet says when the user declines (polkadot-js "Cancelled", SubWallet "Rejected by user", Talisman "Cancelled"). */
export function isUserRejection(e: unknown): boolean {
  const msg = e instanceof Error ? e.message : String(e);
  return /cancel|reject|denied|declin/i.test(msg);
}

export interface DispatchErrorInfo {
  /** `Module` errors: pallet and error name (e.g. Contracts / ContractReverted). */
  pallet?: string;
  name?: string;
  /** Other kinds (BadOrigin, Token, Arithmetic …). */
  type?: string;
  docs?: string;
}

/** A failed extrinsic in words. */
export function describeDispatchError(e: DispatchErrorInfo): string {
  if (e.pallet === 'Contracts') {
    switch (e.name) {
      case 'ContractReverted':
        return 'The contract refused it in the block: something changed since the check (a price, the time, another transaction). Check again and retry.';
      case 'OutOfGas':
        return 'The transaction ran out of gas. Retry; if it persists, report it.';
      case 'StorageDepositLimitExhausted':
      case 'StorageDepositNotEnoughFunds':
        return 'Your account cannot pay the storage deposit this transaction needs.';
      case 'ContractTrapped':
        return 'The contract stopped with an internal error (trap). Report it.';
    }
  }
  if (e.type === 'Token' || e.name === 'InsufficientBalance') return 'Your account cannot pay the transaction fee.';
  if (e.type === 'BadOrigin') return 'The chain refused the signer of this transaction.';
  const what = e.pallet ? `${e.pallet}.${e.name}` : (e.type ?? 'unknown error');
  return `The chain rejected the transaction (${what})${e.docs ? `: ${e.docs}` : ''}.`;
}

export interface DryRun {
  /** The message's decoded return value: `{ isErr, err }` for `Result`s. */
  data: unknown;
  gasRequired: Weight;
}

export type ChainStatus =
  | { type: 'Validated' | 'Broadcasting' | 'NoLongerInBestChain' }
  | { type: 'BestChainBlockIncluded' | 'Finalized'; value: { blockNumber: number; blockHash: string } }
  | { type: 'Invalid' | 'Drop'; value: { error: string } };

export interface ChainProgress {
  status: ChainStatus;
  txHash?: string;
  dispatchError?: DispatchErrorInfo;
}

export interface TxRequest {
  label: string;
  /** The error enum of the contract called (errors.ts), to decode refusals. */
  errorEnum: string;
  dryRun(): Promise<DryRun>;
  /** Signs (the wallet prompts) and submits with `gasLimit`; reports progress until finalized. */
  submit(gasLimit: Weight, onProgress: (p: ChainProgress) => void): Promise<void>;
  /** Decodes an error thrown by the dry run itself (dispatch / lang errors) or returns undefined. */
  describeThrown?(e: unknown): string | undefined;
}

export type TxOutcome = 'finalized' | 'refused' | 'cancelled' | 'failed';

/**
 * Runs one transaction through its states. Resolves with the final phase; never throws.
 * In block counts as done for the caller's next step only when `finalized` arrives.
 */
export async function runTx(req: TxRequest, onState: (s: TxState) => void): Promise<TxOutcome> {
  const { label } = req;
  onState({ phase: 'checking', label });
  let dry: DryRun;
  try {
    dry = await req.dryRun();
  } catch (e) {
    onState({ phase: 'failed', label, reason: req.describeThrown?.(e) ?? errorText(e) });
    return 'failed';
  }
  const data = dry.data as { isErr?: boolean; err?: unknown } | undefined;
  if (data && typeof data === 'object' && data.isErr) {
    onState({ phase: 'refused', label, error: describeError(req.errorEnum, data.err) });
    return 'refused';
  }
  onState({ phase: 'signing', label });
  return new Promise<TxOutcome>((resolve) => {
    let done = false;
    const finish = (s: TxState, o: TxOutcome) => {
      if (done) return;
      done = true;
      onState(s);
      resolve(o);
    };
    let txHash: string | undefined;
    let inBlockFailed: string | undefined;
    req
      .submit(withMargin(dry.gasRequired), (p) => {
        if (done) return;
        txHash = p.txHash ?? txHash;
        const st = p.status;
        switch (st.type) {
          case 'Validated':
          case 'Broadcasting':
            onState({ phase: 'submitted', label, txHash });
            break;
          case 'BestChainBlockIncluded':
            if (p.dispatchError) {
              inBlockFailed = describeDispatchError(p.dispatchError);
              onState({ phase: 'failed', label, reason: inBlockFailed, txHash });
            } else onState({ phase: 'inBlock', label, blockNumber: st.value.blockNumber, txHash });
            break;
          case 'NoLongerInBestChain':
            onState({ phase: 'submitted', label, txHash });
            break;
          case 'Finalized':
            if (p.dispatchError || inBlockFailed) {
              finish({ phase: 'failed', label, reason: inBlockFailed ?? describeDispatchError(p.dispatchError!), txHash }, 'failed');
            } else finish({ phase: 'finalized', label, blockNumber: st.value.blockNumber, txHash }, 'finalized');
            break;
          case 'Invalid':
          case 'Drop':
            finish({ phase: 'failed', label, reason: `The chain dropped the transaction (${st.value.error}).`, txHash }, 'failed');
            break;
        }
      })
      .catch((e) => {
        if (isUserRejection(e)) finish({ phase: 'cancelled', label }, 'cancelled');
        else finish({ phase: 'failed', label, reason: req.describeThrown?.(e) ?? errorText(e) }, 'failed');
      });
  });
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The transaction hash a state carries, once the transaction was sent. */
export function txHashOf(s: TxState): string | undefined {
  return 'txHash' in s ? s.txHash : undefined;
}

/**
 * One transaction at a time per action: `run(f)` calls `f` unless a previous call is still
 * running, in which case it returns undefined at once and `f` is never called. A double click
 * sends one transaction, whatever React has re-rendered in between (the gate is not state).
 */
export interface Gate {
  readonly busy: boolean;
  run<R>(f: () => Promise<R>): Promise<R | undefined>;
}

export function makeGate(): Gate {
  let busy = false;
  return {
    get busy() {
      return busy;
    },
    async run<R>(f: () => Promise<R>): Promise<R | undefined> {
      if (busy) return undefined;
      busy = true;
      try {
        return await f();
      } finally {
        busy = false;
      }
    },
  };
}
