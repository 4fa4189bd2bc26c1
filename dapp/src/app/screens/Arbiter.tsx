import { arbiterOptions } from '../../lib/arbiter';
import { formatDuration, formatUnits } from '../../lib/units';
import { useApp } from '../context';
import { useGovernance } from '../governance';
import type { AssetRow } from '../suite';
import { formatDate, Section, short, TxStatus } from '../ui';
import { useTx } from '../useTx';

/**
 * The arbiter's rulings on disputed invoices: the liquidation engine's `resolve_dispute` (it
 * relays to the vault, which answers the engine only) for a pledged invoice its debtor disputed,
 * in a position or in recovery after a liquidation; and `write_off` (anyone) for one in recovery,
 * at once after a void ruling, else when the recovery period is over.
 */
export function ArbiterScreen() {
  const { snap, account, suite, refresh } = useApp();
  const gov = useGovernance();
  // One transaction state for the screen: a ruled invoice leaves the list, its outcome stays shown.
  const tx = useTx(account, refresh);
  if (!suite.engine) return <p className="error">This deployment has no liquidation engine: disputes over pledged invoices cannot be ruled on from the dApp.</p>;
  const disputed = snap.assets.filter((a) => a.kind === 'Invoice' && (a.status === 'Disputed' || snap.recoveries.some((r) => r.assetId === a.id && r.disputeUpheld && !r.writtenOff)));
  return (
    <>
      <Section title="Disputed invoices" testid="arbiter-disputes">
        <p className="muted" data-testid="arbiter-account">
          Arbiter: {gov ? (gov.arbiter ? short(gov.arbiter) : 'none set (disputes stay unresolved until the engine’s administrator sets one)') : '…'}
          {gov?.arbiter && account === gov.arbiter ? ' — that is you.' : ''} A ruling “valid” puts the invoice back in play (valued, payable; in recovery it can go to auction);
          “void” makes it worth nothing (in recovery it may be written off at once).
        </p>
        {disputed.length === 0 ? <p className="muted">No invoice is disputed.</p> : disputed.map((a) => <DisputeRow key={String(a.id)} a={a} arbiter={gov?.arbiter} run={tx.run} />)}
        <TxStatus state={tx.state} />
      </Section>
    </>
  );
}

function DisputeRow({ a, arbiter, run }: { a: AssetRow; arbiter?: string; run: ReturnType<typeof useTx>['run'] }) {
  const { snap, suite, account } = useApp();
  if (a.terms.kind !== 'Invoice') return null;
  const pledge = snap.pledged.get(a.id);
  const recovery = snap.recoveries.find((r) => r.assetId === a.id);
  const pledged = a.positionId !== undefined || !!pledge;
  const o = arbiterOptions({ status: a.status, pledged, void: pledge?.void, recovery }, snap.nowMs, account, arbiter);
  const rule = (valid: boolean) =>
    run([{ label: `Rule invoice #${a.id} ${valid ? 'valid' : 'void'}`, contract: suite.engine as never, errorEnum: 'EngineError', fn: 'resolveDispute', args: [a.id, valid] }]);
  return (
    <div className="invoice" data-testid={`dispute-${a.id}`}>
      <div>
        <strong>#{String(a.id)}</strong> {formatUnits(a.terms.faceValueWad)} {a.terms.key} from {short(a.originator)} to {short(a.debtor)}, due {formatDate(a.terms.dueDateMs)} ·{' '}
        <span data-testid="dispute-status">{pledge?.void ? 'ruled void' : a.status}</span>
        {pledged && !recovery && a.positionId !== undefined && ` · pledged in position ${a.positionId}`}
        {recovery && ` · in recovery after a liquidation of position ${recovery.positionId}`}
      </div>
      <div className="actions-inline">
        <button data-testid="rule-valid" disabled={!o.canRule} onClick={() => rule(true)}>
          Ruling for the supplier: valid
        </button>
        <button data-testid="rule-void" disabled={!o.canRule} onClick={() => rule(false)}>
          Ruling for the debtor: void
        </button>
        {o.ruleNote && (
          <span className="muted" data-testid="rule-note">
            {o.ruleNote}
          </span>
        )}
        {o.writeOff && (
          <>
            <button
              data-testid="write-off"
              disabled={!o.writeOff.allowed}
              onClick={() => run([{ label: `Write off #${a.id}`, contract: suite.engine as never, errorEnum: 'EngineError', fn: 'writeOff', args: [a.id] }])}>
              Write off
            </button>
            <span className="muted" data-testid="write-off-when">
              {o.writeOff.note}
              {o.writeOff.inMs > 0n && ` It may be written off in ${formatDuration(o.writeOff.inMs)} (${new Date(Number(recovery!.writeOffAtMs)).toISOString().slice(0, 16).replace('T', ' ')} UTC).`}
            </span>
          </>
        )}
      </div>
    </div>
  );
}
