import { settlementSplit, amountDueWad } from '../../lib/fx';
import { rateAt } from '../../lib/fees';
import { usablePrice } from '../../lib/risk';
import { describeRefusal } from '../../lib/errors';
import { formatUnits, WAD } from '../../lib/units';
import { useApp } from '../context';
import type { AssetRow } from '../suite';
import { Amount, Dl, formatDate, Section, short, TxStatus } from '../ui';
import { useTx, type Step } from '../useTx';

export function DebtorScreen() {
  const { snap, account, manifest } = useApp();
  const mine = snap.assets.filter((a) => a.kind === 'Invoice' && a.debtor === account);
  const me = snap.debtors.find((d) => d.account === account);
  const unit = manifest.unitKey;
  return (
    <>
      <Section title="Invoices that name me" testid="debtor-invoices">
        {mine.length === 0 ? <p className="muted">No invoice names this account as its buyer.</p> : mine.map((a) => <InvoiceRow key={String(a.id)} a={a} />)}
      </Section>
      <Section title="My credit line and payment record" testid="debtor-record">
        <Dl
          rows={[
            ['Credit line', me?.line ? <><Amount wad={me.line.creditLimitWad} unit={unit} />{me.line.suspended ? ' (suspended)' : ''}</> : 'not approved by an underwriter: invoices naming you cannot be financed'],
            ['Financed against my invoices', <Amount wad={me?.exposureWad} unit={unit} roundUp key="e" />],
            ['Paid on time', String(me?.record.settledOnTime ?? 0)],
            ['Paid late', `${me?.record.settledLate ?? 0} (${me?.record.daysLateTotal ?? 0n} days in total, at most ${me?.record.maxDaysLate ?? 0})`],
            ['Defaulted', `${me?.record.defaulted ?? 0} (${me?.record.unresolvedDefaults ?? 0} unpaid)`],
            ['Disputed', String(me?.record.disputed ?? 0)],
          ]}
        />
      </Section>
    </>
  );
}

function InvoiceRow({ a }: { a: AssetRow }) {
  const { snap, suite, account, manifest, refresh } = useApp();
  const tx = useTx(account, refresh);
  const unit = manifest.unitKey;
  if (a.terms.kind !== 'Invoice') return null;
  const t = a.terms;
  const pledged = a.positionId !== undefined;
  const recovery = snap.recoveries.find((r) => r.assetId === a.id);
  const atAuction = snap.auctions.some((x) => x.assetId === a.id);
  const price = usablePrice(snap.market, t.key, snap.nowMs);
  const due = 'priceWad' in price ? amountDueWad(t.faceValueWad, t.key, unit, price.priceWad) : undefined;
  const pos = snap.positions.find((p) => p.id === a.positionId);
  const cls = pos && snap.classes.find((c) => c.id === pos.classId);
  const split = due !== undefined && pos && cls && !recovery ? settlementSplit(due, pos.art, rateAt(cls.state, cls.risk.feePerSecondRay, snap.nowMs)) : undefined;
  const payable = pledged && !atAuction && (a.status === 'Confirmed' || a.status === 'Defaulted');
  const reg = (label: string, fn: string, args: unknown[]): Step => ({ label, contract: suite.registry as never, errorEnum: 'RegistryError', fn, args });

  const pay = () => {
    if (due === undefined) return;
    const engine = manifest.contracts.liquidation_engine;
    const payee = recovery && engine ? engine.address : manifest.contracts.collateral_vault.address;
    tx.run([
      { label: `Approve ${formatUnits(due, { roundUp: true })} ${unit} for the payment`, contract: suite.coin as never, errorEnum: 'PSP22Error', fn: 'psp22Approve', args: [payee, due] },
      recovery && suite.engine
        ? { label: `Pay invoice #${a.id}`, contract: suite.engine as never, errorEnum: 'EngineError', fn: 'settle', args: [a.id] }
        : { label: `Pay invoice #${a.id}`, contract: suite.vault as never, errorEnum: 'VaultError', fn: 'settle', args: [a.id] },
    ]);
  };

  return (
    <div className="invoice" data-testid={`invoice-${a.id}`}>
      <div>
        <strong>#{String(a.id)}</strong> {formatUnits(t.faceValueWad)} {t.key} from {short(a.originator)}, issued {a.issueDateMs ? formatDate(a.issueDateMs) : '—'}, due {formatDate(t.dueDateMs)} ·{' '}
        <span data-testid="invoice-status">{a.status}</span>
        {pledged && ' · financed (pledged in the vault)'}
        {recovery && ' · in recovery after a liquidation'}
        {atAuction && ' · at auction'}
      </div>
      {(a.status === 'Confirmed' || a.status === 'Defaulted') && (
        <div className="muted" data-testid="amount-due">
          To pay:{' '}
          {due !== undefined ? (
            <>
              <Amount wad={due} unit={unit} roundUp />
              {t.key !== unit && ` (${formatUnits(t.faceValueWad)} ${t.key} × ${formatUnits('priceWad' in price ? price.priceWad : WAD, { fraction: 4 })} ${unit}/${t.key}, rounded up)`}
              {split && (
                <>
                  {' '}
                  → <Amount wad={split.toDebtWad} unit={unit} /> repays the supplier’s loan, <Amount wad={split.toSupplierWad} unit={unit} /> goes to the supplier
                </>
              )}
            </>
          ) : (
            describeRefusal(`Oracle.${'reason' in price ? price.reason : 'NoPrice'}`)
          )}
        </div>
      )}
      <div className="actions-inline">
        {a.status === 'Pending' && (
          <>
            <button data-testid="confirm" onClick={() => tx.run([reg(`Confirm invoice #${a.id}`, 'confirm', [a.id, a.originator, t.faceValueWad])])}>
              Confirm: I owe {formatUnits(t.faceValueWad)} {t.key} to {short(a.originator)}
            </button>
            <button data-testid="reject" onClick={() => tx.run([reg(`Reject registration #${a.id}`, 'reject', [a.id])])}>
              Reject (I do not recognise it)
            </button>
          </>
        )}
        {payable && (
          <button data-testid="pay" disabled={due === undefined} onClick={pay}>
            Approve and pay
          </button>
        )}
        {!pledged && (a.status === 'Confirmed' || a.status === 'Defaulted') && (
          <button data-testid="mark-paid" onClick={() => tx.run([reg(`Mark invoice #${a.id} paid outside the vault`, 'markPaid', [a.id])])}>
            Mark paid outside
          </button>
        )}
        {(a.status === 'Pending' || a.status === 'Confirmed') && !atAuction && (
          <button
            data-testid="dispute"
            onClick={() =>
              tx.run([
                pledged
                  ? { label: `Dispute invoice #${a.id}`, contract: suite.vault as never, errorEnum: 'VaultError', fn: 'dispute', args: [a.id] }
                  : reg(`Dispute invoice #${a.id}`, 'dispute', [a.id]),
              ])
            }>
            Dispute
          </button>
        )}
      </div>
      <TxStatus state={tx.state} />
    </div>
  );
}
