import { defaultCheck, healAmountWad } from '../../lib/duties';
import { describeRefusal } from '../../lib/errors';
import { formatDuration, formatUnits } from '../../lib/units';
import { useApp } from '../context';
import { Amount, formatDate, Section, short, TxStatus } from '../ui';
import { useTx } from '../useTx';

/**
 * Housekeeping anyone may send, so it sits with the keeper: `mark_defaulted` for pledged invoices
 * past due plus grace (which lets the liquidation check and the buyer's record see the default)
 * and `heal` (bad debt covered from the surplus).
 */
export function KeeperDuties() {
  const { snap, suite, account, manifest, refresh } = useApp();
  const tx = useTx(account, refresh);
  const unit = manifest.unitKey;
  const rows = snap.assets.flatMap((a) => {
    if (a.terms.kind !== 'Invoice' || a.positionId === undefined) return [];
    const pos = snap.positions.find((p) => p.id === a.positionId);
    const cls = pos && snap.classes.find((c) => c.id === pos.classId);
    if (!cls) return [];
    const pledge = snap.pledged.get(a.id);
    const check = defaultCheck({ id: a.id, status: a.status, void: pledge?.void, dueDateMs: a.terms.dueDateMs, gracePeriodMs: cls.risk.gracePeriodMs }, snap.nowMs);
    if (!check.ok && check.reason === 'InvalidStatus') return [];
    return [{ a, check, due: a.terms.dueDateMs, grace: cls.risk.gracePeriodMs }];
  });
  const heal = healAmountWad(snap.books?.surplusWad ?? 0n, snap.books?.badDebtWad ?? 0n);
  return (
    <Section title="Housekeeping: defaults and bad debt (anyone may send)" testid="keeper-duties">
      {rows.length === 0 ? (
        <p className="muted">No pledged invoice is open: nothing to mark defaulted.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Invoice</th>
              <th>Buyer</th>
              <th>Due + grace</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map(({ a, check, due, grace }) => (
              <tr key={String(a.id)} data-testid={`default-${a.id}`}>
                <td>
                  #{String(a.id)} ({a.status}) in position {String(a.positionId)}
                </td>
                <td>{short(a.debtor)}</td>
                <td>
                  {formatDate(due)} + {formatDuration(grace)}
                </td>
                <td>
                  <button
                    data-testid="mark-defaulted"
                    disabled={!check.ok}
                    title={!check.ok ? describeRefusal(check.reason) : ''}
                    onClick={() => tx.run([{ label: `Mark invoice #${a.id} defaulted`, contract: suite.vault as never, errorEnum: 'VaultError', fn: 'markDefaulted', args: [a.id] }])}>
                    Mark defaulted
                  </button>
                  {!check.ok && check.reason === 'NotOverdue' && <span className="muted"> in {formatDuration(check.inMs)}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="actions-inline">
        <span>
          Bad debt <Amount wad={snap.books?.badDebtWad} unit={unit} />, surplus <Amount wad={snap.books?.surplusWad} unit={unit} />
        </span>
        <button
          data-testid="heal"
          disabled={heal === 0n}
          onClick={() => tx.run([{ label: `Cover ${formatUnits(heal)} ${unit} of bad debt from the surplus`, contract: suite.vault as never, errorEnum: 'VaultError', fn: 'heal', args: [] }])}>
          Heal: cover <Amount wad={heal} unit={unit} /> of bad debt
        </button>
      </div>
      <TxStatus state={tx.state} />
    </Section>
  );
}
