import { useState, type ReactNode } from 'react';
import { phaseText, type TxState } from '../lib/tx';
import { formatPercent, formatUnits, parseWad, UnitsError } from '../lib/units';
import type { Band } from '../lib/risk';
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
      {ratioWad === undefined ? '∞' : `${formatPercent(ratioWad)} %`} · {BAND_TEXT[band]}
    </span>
  );
}

export function TxStatus({ state }: { state: TxState }) {
  if (state.phase === 'idle') return null;
  return (
    <div className={`tx tx-${state.phase}`} data-testid="tx-status" data-phase={state.phase} role="status">
      <strong>{PHASE_LABEL[state.phase]}</strong> {phaseText(state)}
    </div>
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

/** A decimal amount input that parses exactly (18 decimals) and says why it cannot. */
export function useAmount(initial = '') {
  const [text, setText] = useState(initial);
  let value: bigint | undefined;
  let error: string | undefined;
  if (text.trim() !== '') {
    try {
      value = parseWad(text);
    } catch (e) {
      error = e instanceof UnitsError ? e.why : String(e);
    }
  }
  return { text, setText, value, error };
}

export function AmountInput({ label, amount, testid, unit }: { label: string; amount: ReturnType<typeof useAmount>; testid: string; unit?: string }) {
  return (
    <label className="field">
      <span>{label}</span>
      <input inputMode="decimal" value={amount.text} onChange={(e) => amount.setText(e.target.value)} data-testid={testid} placeholder="0.00" />
      {unit && <span className="unit">{unit}</span>}
      {amount.error && <span className="error">{amount.error}</span>}
    </label>
  );
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
