/**
 * A goods NFT's condition (the condition monitor's record and its class's policy: lib/condition.ts)
 * and its history from the monitor's events; for an attester the goods name, "Confirm condition"
 * (`confirm_condition`). Nothing is shown when the deployment has no monitor.
 */
import { useEffect, useState } from 'react';
import {
  ALARM_SEAL_BROKEN,
  conditionHistory,
  describeCondition,
  exactDuration,
  glnText,
  historyRowText,
  limitsText,
  measurementText,
  type ConditionHistoryRow,
} from '../../lib/condition';
import { percentText as pct } from '../../lib/grade';
import { useApp } from '../context';
import { conditionVerdict } from '../appraisal';
import { extendScan, lastScan, type Scan } from '../history';
import type { AssetRow, Snapshot } from '../suite';
import { ConfirmButton, Dl, Scroll, short, TxStatus } from '../ui';
import { useTx } from '../useTx';
import type { Manifest } from '../../lib/manifest';
import type { Suite } from '../suite';

/** A time as "2027-01-15 08:00:00 UTC". */
export const utcTime = (ms: bigint) => `${new Date(Number(ms)).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

/**
 * The class whose policy a goods NFT's condition is judged under: its position's, else the first
 * class of its kind with a policy, else the first of its kind.
 */
export function conditionClassOf(snap: Snapshot, a: AssetRow): number | undefined {
  const pos = a.positionId !== undefined ? snap.positions.find((p) => p.id === a.positionId) : undefined;
  if (pos) return pos.classId;
  const ofKind = snap.classes.filter((c) => c.kind === a.kind);
  return (ofKind.find((c) => snap.condition?.policies.has(c.id)) ?? ofKind[0])?.id;
}

/** Whether `account` is an attester the goods' terms name (warehouse; carrier or destination). */
export const namesAttester = (a: AssetRow, account?: string) =>
  !!account && a.kind !== 'Invoice' && (a.warehouse === account || a.carrier === account || a.destinationWarehouse === account);

// One scan at a time for every panel: the session's scan brought up to the head.
const inflight = new Map<string, Promise<Scan>>();
function sharedExtend(suite: Suite, m: Manifest): Promise<Scan> {
  const k = `${m.network}:${m.contracts.collateral_vault.address}`;
  let p = inflight.get(k);
  if (!p) {
    p = extendScan(suite, m).finally(() => inflight.delete(k));
    inflight.set(k, p);
  }
  return p;
}

/** The monitor's events, read once and brought up to the head when `stamp` changes (a new report, a confirmation). `given`: these, read nothing. */
function useConditionEvents(enabled: boolean, stamp: string, given?: Scan): { scan?: Scan; reading: boolean; error?: string } {
  const { suite, manifest } = useApp();
  const [scan, setScan] = useState<Scan | undefined>(() => given ?? lastScan(manifest));
  const [reading, setReading] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (given || !enabled) return;
    let live = true;
    setReading(true);
    sharedExtend(suite, manifest)
      .then((s) => live && (setScan(s), setError(undefined)))
      .catch((e: Error) => live && setError(e.message))
      .finally(() => live && setReading(false));
    return () => {
      live = false;
    };
  }, [given, enabled, stamp, suite, manifest]);
  return { scan: given ?? scan, reading: !given && reading, error };
}

/** The goods NFT `a`'s condition panel; `confirm`: offer "Confirm condition" to an attester the goods name. */
export function ConditionPanel({ a, scan, confirm = false }: { a: AssetRow; scan?: Scan; confirm?: boolean }) {
  const { snap, account } = useApp();
  const info = snap.condition;
  const classId = conditionClassOf(snap, a);
  const lot = info?.lots.get(a.id);
  const shown = !!info && a.kind !== 'Invoice' && classId !== undefined;
  const events = useConditionEvents(shown, `${a.id}:${lot?.reports ?? 0}:${lot?.lastSeenMs ?? 0n}:${lot?.openExcursions ?? 0}`, scan);
  if (!shown || !info || classId === undefined) return null;
  const policy = info.policies.get(classId);
  const cls = snap.classes.find((c) => c.id === classId);
  const v = conditionVerdict(snap, a.id, classId)!;
  const d = describeCondition(v);
  const rows = events.scan ? conditionHistory(events.scan.entries, a.id, policy) : [];
  return (
    <div className="condition" data-testid={`condition-${a.id}`} data-state={v.state}>
      <h3>
        Condition of #{String(a.id)}:{' '}
        <span className={`band band-${v.state === 'good' || v.state === 'notPriced' ? 'safe' : v.state === 'excursion' ? 'warning' : 'danger'}`} data-testid="condition-state">
          {d.label}
        </span>
      </h3>
      <p data-testid="condition-why">{d.sentence}</p>
      {!info.applied && (
        <p className="muted" data-testid="condition-not-applied">
          The vault does not value goods with this condition monitor: its reports do not change what the lot lends yet.
        </p>
      )}
      <Dl
        rows={[
          [
            `Class ${cls ? `'${cls.name}'` : String(classId)}${a.positionId === undefined ? ' (its kind’s class)' : ''}`,
            policy ? `condition haircut ${pct(policy.haircutWad)} %, silent at most ${exactDuration(policy.maxSilenceMs)}` : 'does not price condition',
          ],
          ['Limits', lot ? limitsText(lot.limits) : 'none set (its warehouse or carrier sets them)'],
          ['Watched since', lot?.watchedSinceMs !== undefined ? utcTime(lot.watchedSinceMs) : 'never: no device bound'],
          ['Last seen', lot?.watchedSinceMs !== undefined ? `${utcTime(lot.lastSeenMs)} (${exactDuration(snap.nowMs > lot.lastSeenMs ? snap.nowMs - lot.lastSeenMs : 0n)} ago)` : '—'],
          ['Longest silence since confirmed', lot ? exactDuration(lot.longestGapMs) : '—'],
          [
            'Excursions',
            <span key="x" data-testid="condition-excursions">
              {lot ? `${lot.openExcursions} since last confirmed, ${lot.excursionsTotal} in all, in ${lot.reports} report${lot.reports === 1 ? '' : 's'}${lot.sealBroken ? '; seal broken' : ''}` : '—'}
            </span>,
          ],
          [
            'Latest reading',
            <span key="l" data-testid="condition-latest">
              {lot?.latest
                ? `${lot.latest.measurements.map(measurementText).join(', ') || 'no measurement'}${lot.latest.alarms & ALARM_SEAL_BROKEN ? ' — seal broken' : ''}; until ${utcTime(lot.latest.windowEndMs)} at GLN ${glnText(lot.latest.locationGln)}`
                : 'none yet'}
            </span>,
          ],
        ]}
      />
      {confirm && namesAttester(a, account) && <ConfirmCondition a={a} watched={lot?.watchedSinceMs !== undefined} />}
      <ConditionHistory rows={rows} events={events} />
    </div>
  );
}

function ConditionHistory({ rows, events }: { rows: ConditionHistoryRow[]; events: { scan?: Scan; reading: boolean; error?: string } }) {
  if (!events.scan)
    return (
      <p className="muted" data-testid="condition-history-reading">
        {events.error ? `The condition history could not be read: ${events.error}` : 'Reading the condition history from the chain’s events…'}
      </p>
    );
  const range = `blocks #${events.scan.fromBlock} to #${events.scan.toBlock}`;
  if (rows.length === 0)
    return (
      <p className="muted" data-testid="condition-history-none">
        No condition report or confirmation in the events of {range}
        {events.reading ? ' (reading newer blocks…)' : ''}.
      </p>
    );
  return (
    <>
      <Scroll>
        <table data-testid="condition-history">
          <thead>
            <tr>
              <th>Block</th>
              <th>Window</th>
              <th>What was reported</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.blockNumber}-${r.index}`} data-testid={`condition-row-${r.blockNumber}-${r.index}`} data-kind={r.kind} className={r.kind === 'report' && (r.excursion || r.sealBroken || r.gapTooLong) ? 'error' : ''}>
                <td title={r.txHash}>#{r.blockNumber}</td>
                <td>{r.kind === 'report' ? `${utcTime(r.windowStartMs)} – ${utcTime(r.windowEndMs)}` : r.timestampMs !== undefined ? utcTime(r.timestampMs) : '—'}</td>
                <td>{historyRowText(r, short)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
      <p className="muted">
        From the condition monitor’s events of {range}
        {events.reading ? ' (reading newer blocks…)' : ''} (the History tab can read further back).
      </p>
    </>
  );
}

function ConfirmCondition({ a, watched }: { a: AssetRow; watched: boolean }) {
  const { suite, account, refresh, snap } = useApp();
  const tx = useTx(account, refresh);
  if (!suite.monitor) return null;
  return (
    <div className="actions-inline">
      <ConfirmButton
        testid="confirm-condition"
        disabled={!watched || tx.busy || !snap.isAttester}
        title={!watched ? 'no device watches this lot yet' : !snap.isAttester ? 'this account does not hold the attester role' : ''}
        confirmText={`Confirm the condition of #${a.id}`}
        warning="Only after inspecting the goods: earlier excursions, a broken seal and silences stop counting, and the lot counts whole again."
        onConfirm={() => tx.run([{ label: `Confirm the condition of #${a.id}`, contract: suite.monitor as never, errorEnum: 'ConditionError', fn: 'confirmCondition', args: [a.id] }])}>
        Confirm condition
      </ConfirmButton>
      {!watched && (
        <span className="muted" data-testid="confirm-condition-why">
          Nothing to confirm: no device watches this lot yet.
        </span>
      )}
      <TxStatus state={tx.state} trace={tx.trace} onDismiss={tx.reset} />
    </div>
  );
}
