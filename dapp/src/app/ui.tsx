import { useContext, useState, type ReactNode } from 'react';
import { formatRatio } from '../lib/display';
import { checkAmount, checkDays, type AmountRule, type Checked } from '../lib/inputs';
import { explorerTxUrl } from '../lib/manifest';
import { phaseText, txHashOf, type TxState } from '../lib/tx';
import { formatUnits } from '../lib/units';
import type { Band } from '../lib/risk';
import { Ctx } from './context';
import { armedAfter } from './confirmStep';
import { clearTxLog, useTxLog } from './txLog';
import { activeBook, label } from '../lib/names';

/** An address as shown: its name in the address book (lib/names.ts) when known, else `5Grwva…utQY`. */
export const short = (a?: string) => label(activeBook(), a);

export function Amount({ wad, unit, roundUp, fraction = 2 }: { wad?: bigint; unit?: string; roundUp?: boolean; fraction?: number }) {
  if (wad === undefined) return <span className="muted">—</span>;
  return (
    <span className="amount" title={`${wad} (18 decimals)`}>
      {formatUnits(wad, { roundUp, fraction })}
      {unit ? ` ${unit}` : ''}
    </span>
  );
}

const BAND_TEXT: Record<Band, string> = {
  none: 'no debt',
  safe: 'safe',
  watch: 'watch',
  warning: 'close to liquidation',
  danger: 'can be liquidated',
};

export function Ratio({ ratioWad, band }: { ratioWad?: bigint; band: Band }) {
  return (
    <span className={`band band-${band}`} data-testid="ratio" data-band={band}>
      {formatRatio(ratioWad)} · {BAND_TEXT[band]}
    </span>
  );
}

/**
 * A transaction's state, its hash once sent (a link to the explorer when the manifest names one),
 * and the earlier steps of the same action (the approval before the call) with theirs. A refusal
 * or a failure stays on screen, with why, until the next action or "dismiss".
 */
export function TxStatus({ state, trace = [], onDismiss }: { state: TxState; trace?: TxState[]; onDismiss?: () => void }) {
  const manifest = useContext(Ctx)?.manifest;
  if (state.phase === 'idle') return null;
  const ended = ['finalized', 'refused', 'cancelled', 'failed'].includes(state.phase);
  return (
    <div className={`tx tx-${state.phase}`} data-testid="tx-status" data-phase={state.phase} role="status">
      {trace.map((t, i) => (
        <div key={i} className="tx-step muted" data-testid="tx-step" data-phase={t.phase}>
          {PHASE_LABEL[t.phase]}: {t.phase !== 'idle' ? t.label : ''} <TxHash hash={txHashOf(t)} explorer={manifest} />
        </div>
      ))}
      <strong>{PHASE_LABEL[state.phase]}</strong> {phaseText(state)} <TxHash hash={txHashOf(state)} explorer={manifest} />
      {ended && onDismiss && (
        <button className="link" data-testid="tx-dismiss" onClick={onDismiss}>
          dismiss
        </button>
      )}
    </div>
  );
}

function TxHash({ hash, explorer }: { hash?: string; explorer?: Parameters<typeof explorerTxUrl>[0] }) {
  if (!hash) return null;
  const url = explorerTxUrl(explorer, hash);
  return (
    <span className="tx-hash mono" data-testid="tx-hash" title={hash}>
      tx {url ? (
        <a href={url} target="_blank" rel="noreferrer" data-testid="tx-link">
          {hash.slice(0, 10)}…{hash.slice(-6)}
        </a>
      ) : (
        hash
      )}
    </span>
  );
}

const PHASE_LABEL: Record<TxState['phase'], string> = {
  idle: '',
  checking: 'Checking',
  refused: 'Refused',
  signing: 'Signing',
  cancelled: 'Cancelled',
  submitted: 'Submitted',
  inBlock: 'In block',
  finalized: 'Finalized',
  failed: 'Failed',
};

/** A text field checked by `check` (lib/inputs.ts): its value, or the sentence shown inline. */
export function useField<T>(check: (text: string) => Checked<T>, initial = '') {
  const [text, setText] = useState(initial);
  const c = check(text);
  return {
    text,
    setText,
    value: c.ok ? c.value : undefined,
    error: c.ok ? undefined : c.error,
    /** Nothing typed: the submit is off, without an error in red. */
    empty: !c.ok && c.empty,
    clear: () => setText(''),
  };
}

/** A decimal amount input that parses exactly (18 decimals) and says why it cannot. */
export function useAmount(initial = '', rule: AmountRule = {}) {
  return useField((t) => checkAmount(t, rule), initial);
}

/** A whole positive number of days. */
export function useDays(initial = '') {
  return useField((t) => checkDays(t), initial);
}

type Field = ReturnType<typeof useAmount>;

export function AmountInput({ label, amount, testid, unit }: { label: string; amount: Field; testid: string; unit?: string }) {
  return (
    <label className="field">
      <span>{label}</span>
      <input inputMode="decimal" value={amount.text} onChange={(e) => amount.setText(e.target.value)} data-testid={testid} placeholder="0.00" aria-invalid={!!amount.error && !amount.empty} />
      {unit && <span className="unit">{unit}</span>}
      {amount.error && !amount.empty && (
        <span className="error" data-testid={`${testid}-error`}>
          {amount.error}
        </span>
      )}
    </label>
  );
}

/**
 * An irreversible action in two clicks: the first turns the button into "Confirm …" (testid
 * `confirm-<testid>`) and "Cancel" (`cancel-<testid>`); only the confirmation runs it.
 */
export function ConfirmButton({
  testid,
  children,
  confirmText,
  warning,
  disabled,
  title,
  onConfirm,
  initiallyArmed = false,
  attrs,
}: {
  /** Extra data-* attributes of the button (e.g. where its verdict came from). */
  attrs?: Record<`data-${string}`, string>;
  testid: string;
  children: ReactNode;
  confirmText: string;
  warning?: string;
  disabled?: boolean;
  title?: string;
  onConfirm: () => void;
  /** Server-rendered tests only: start at the confirmation. */
  initiallyArmed?: boolean;
}) {
  const [armed, setArmed] = useState(initiallyArmed);
  // Disabled meanwhile (a transaction running, the state changed): the question is withdrawn.
  if (disabled && armed && !initiallyArmed) setArmed(false);
  if (!armed || disabled)
    return (
      <button disabled={disabled} data-testid={testid} {...attrs} title={title} onClick={() => setArmed(armedAfter('ask'))}>
        {children}
      </button>
    );
  return (
    <span className="confirm-step" data-testid={`confirm-step-${testid}`}>
      {warning && <span className="muted">{warning}</span>}
      <button
        className="danger"
        data-testid={`confirm-${testid}`}
        onClick={() => {
          setArmed(armedAfter('confirm'));
          onConfirm();
        }}>
        {confirmText}
      </button>
      <button className="secondary" data-testid={`cancel-${testid}`} onClick={() => setArmed(armedAfter('cancel'))}>
        Cancel
      </button>
    </span>
  );
}

/** A table that scrolls sideways inside its card on a narrow screen instead of widening the page. */
export function Scroll({ children }: { children: ReactNode }) {
  return <div className="table-scroll">{children}</div>;
}

export function Section({ title, children, testid }: { title: string; children: ReactNode; testid?: string }) {
  return (
    <section className="card" data-testid={testid}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

export function Banner({ kind, children, testid }: { kind: 'warn' | 'error' | 'info'; children: ReactNode; testid?: string }) {
  return (
    <div className={`banner banner-${kind}`} role="alert" data-testid={testid}>
      {children}
    </div>
  );
}

export function Dl({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="dl">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export const formatDate = (ms: bigint) => new Date(Number(ms)).toISOString().slice(0, 10);

/** The session's transactions, newest first: each outcome with its hash, and why when it was refused or failed. */
export function TxLogPanel() {
  const log = useTxLog();
  const manifest = useContext(Ctx)?.manifest;
  if (log.length === 0) return null;
  return (
    <details className="card tx-log" data-testid="tx-log" open>
      <summary>Recent transactions ({log.length})</summary>
      <button className="link" data-testid="tx-log-clear" onClick={clearTxLog}>
        clear
      </button>
      <ul>
        {log.map((e) => (
          <li key={e.id} className={`tx-${e.state.phase}`} data-testid="tx-log-entry" data-phase={e.state.phase}>
            <span className="muted">{new Date(e.atMs).toISOString().slice(11, 19)}</span> <strong>{PHASE_LABEL[e.state.phase]}</strong> {phaseText(e.state)}{' '}
            <TxHash hash={txHashOf(e.state)} explorer={manifest} />
          </li>
        ))}
      </ul>
    </details>
  );
}
