import { useState } from 'react';
import { proceedsSplit } from '../../lib/auction';
import { balanceRefusal } from '../../lib/balance';
import { splitForDisplay } from '../../lib/display';
import { settlementSplit, amountDueWad } from '../../lib/fx';
import { rateAt } from '../../lib/fees';
import { usablePrice } from '../../lib/risk';
import { describeError, describeRefusal } from '../../lib/errors';
import { disputeRefusal, mayMarkPaid } from '../../lib/invoice';
import { formatUnits, WAD } from '../../lib/units';
import { useApp } from '../context';
import type { AssetRow, Snapshot } from '../suite';
import { Amount, ConfirmButton, Dl, formatDate, Section, short, TxStatus } from '../ui';
import { PanelBoundary } from '../ErrorBoundary';
import { useTx, type Step } from '../useTx';
import { ConfirmTerms } from './ConfirmTerms';
import { PayOnChain } from './PayOnChain';
import { MyGrade } from './Grade';

export function DebtorScreen() {
  const { snap, account, manifest } = useApp();
  const mine = snap.assets.filter((a) => a.kind === 'Invoice' && a.debtor === account);
  const me = snap.debtors.find((d) => d.account === account);
  const unit = manifest.unitKey;
  return (
    <>
      <Section title="Invoices that name me" testid="debtor-invoices">
        {mine.length === 0 ? (
          <p className="muted">No invoice names this account as its buyer.</p>
        ) : (
          mine.map((a) => (
            <PanelBoundary key={String(a.id)} title={`Invoice #${a.id}`}>
              <InvoiceRow a={a} />
            </PanelBoundary>
          ))
        )}
      </Section>
      <Section title="My credit line and payment record" testid="debtor-record">
        <Dl
          rows={[
            ['Credit line', me?.line ? <><Amount wad={me.line.creditLimitWad} unit={unit} />{me.line.suspended ? ' (suspended)' : ''}</> : 'not approved by an underwriter: invoices naming you cannot be financed'],
            ['Financed against my invoices (seized debt still being recovered included)', <Amount wad={me?.exposureWad} unit={unit} roundUp key="e" />],
            ['Paid on time', String(me?.record.settledOnTime ?? 0)],
            ['Paid late', `${me?.record.settledLate ?? 0} (${me?.record.daysLateTotal ?? 0n} days in total, at most ${me?.record.maxDaysLate ?? 0})`],
            ['Defaulted', `${me?.record.defaulted ?? 0} (${me?.record.unresolvedDefaults ?? 0} unpaid)`],
            ['Disputed', String(me?.record.disputed ?? 0)],
          ]}
        />
        <MyGrade />
      </Section>
    </>
  );
}

/**
 * Where a payment of `due` for invoice `a` goes: in its position, the loan first and the rest to
 * the supplier; seized (at auction or in recovery), the liquidation's debt, then its penalty, then
 * the supplier. Undefined when it cannot be said from what was read.
 */
function paymentSplit(snap: Snapshot, a: AssetRow, due: bigint, seized: boolean) {
  const pos = snap.positions.find((p) => p.id === a.positionId);
  if (!pos) return undefined;
  if (!seized) {
    const cls = snap.classes.find((c) => c.id === pos.classId);
    if (!cls) return undefined;
    const s = settlementSplit(due, pos.art, rateAt(cls.state, cls.risk.feePerSecondRay, snap.nowMs));
    return { toDebtWad: s.toDebtWad, toPenaltyWad: 0n, toOwnerWad: s.toSupplierWad };
  }
  const liq = snap.liquidations.get(pos.id);
  const rec = snap.recoveries.find((r) => r.assetId === a.id);
  if (!liq || (rec && rec.liquidationId !== liq.id)) return undefined;
  return proceedsSplit(due, liq.debtRemainingWad, liq.penaltyRemainingWad);
}

function InvoiceRow({ a }: { a: AssetRow }) {
  const { snap, suite, account, manifest, refresh } = useApp();
  const tx = useTx(account, refresh);
  const [refusedHere, setRefusedHere] = useState<string>();
  const unit = manifest.unitKey;
  if (a.terms.kind !== 'Invoice') return null;
  const t = a.terms;
  const pledged = a.positionId !== undefined;
  const recovery = snap.recoveries.find((r) => r.assetId === a.id);
  const auction = snap.auctions.find((x) => x.assetId === a.id);
  const atAuction = !!auction;
  const seized = !!recovery || atAuction;
  // What a debtor pays is face × the UPPER middle price (the lender's side), rounded up.
  const price = usablePrice(snap.market, t.key, snap.nowMs, 'Liquidate');
  const due = 'priceWad' in price ? amountDueWad(t.faceValueWad, t.key, unit, price.priceWad) : undefined;
  const split = due !== undefined ? paymentSplit(snap, a, due, seized) : undefined;
  // Shown to the cent, the parts add up to the amount shown (rounded up): one rounding, the total's.
  const [toDebt, toPenalty, toOwner] = split && due !== undefined ? splitForDisplay(due, [split.toDebtWad, split.toPenaltyWad, split.toOwnerWad], { roundUpTotal: true }) : [];
  const payable = pledged && (a.status === 'Confirmed' || a.status === 'Defaulted');
  const inv = { status: a.status, dueDateMs: t.dueDateMs, pledged, atAuction };
  const noDispute = disputeRefusal(inv, snap.nowMs);
  // mark_paid is on the holder's word only, never the debtor's (it pays on chain with settle).
  const canMarkPaid = mayMarkPaid({ ...inv, owner: a.owner, originator: a.originator, debtor: a.debtor }, account);
  const reg = (label: string, fn: string, args: unknown[]): Step => ({ label, contract: suite.registry as never, errorEnum: 'RegistryError', fn, args });

  const pay = () => {
    if (due === undefined) return;
    // The balance first: never ask the wallet to approve a payment the balance cannot make.
    const why = balanceRefusal(snap.account === account ? snap.balanceWad : undefined, due, unit);
    setRefusedHere(why);
    if (why) return;
    const engine = manifest.contracts.liquidation_engine;
    const viaEngine = seized && engine && suite.engine;
    const payee = viaEngine ? engine.address : manifest.contracts.collateral_vault.address;
    tx.run([
      { label: `Approve ${formatUnits(due, { roundUp: true })} ${unit} for the payment`, contract: suite.coin as never, errorEnum: 'PSP22Error', fn: 'psp22Approve', args: [payee, due] },
      viaEngine
        ? { label: `Pay invoice #${a.id}${atAuction ? ' at auction' : ' in recovery'}`, contract: suite.engine as never, errorEnum: 'EngineError', fn: 'settle', args: [a.id] }
        : { label: `Pay invoice #${a.id}`, contract: suite.vault as never, errorEnum: 'VaultError', fn: 'settle', args: [a.id] },
    ]);
  };

  return (
    <div className="invoice" data-testid={`invoice-${a.id}`}>
      <div>
        <strong>#{String(a.id)}</strong> {formatUnits(t.faceValueWad)} {t.key} from {short(a.originator)}, issued {a.issueDateMs ? formatDate(a.issueDateMs) : '—'}, due {formatDate(t.dueDateMs)} ·{' '}
        <span data-testid="invoice-status">{a.status}</span>
        {pledged && !seized && ' · financed (pledged in the vault)'}
        {recovery && ' · in recovery after a liquidation'}
        {atAuction && ' · at auction after a liquidation: pay it here (you cannot buy it at auction)'}
      </div>
      {(a.status === 'Confirmed' || a.status === 'Defaulted') && (
        <div className="muted" data-testid="amount-due">
          To pay:{' '}
          {due !== undefined ? (
            <>
              <Amount wad={due} unit={unit} roundUp />
              {t.key !== unit && ` (${formatUnits(t.faceValueWad)} ${t.key} × ${formatUnits('priceWad' in price ? price.priceWad : WAD, { fraction: 4 })} ${unit}/${t.key}, the oracle’s upper middle price, rounded up)`}
              {split &&
                (seized ? (
                  <>
                    {' '}
                    → <span data-testid="split-debt"><Amount wad={toDebt} unit={unit} /></span> repays the liquidated loan, <span data-testid="split-penalty"><Amount wad={toPenalty} unit={unit} /></span> the liquidation penalty,{' '}
                    <span data-testid="split-owner"><Amount wad={toOwner} unit={unit} /></span> goes to the supplier{atAuction ? '; the auction ends' : ''}
                  </>
                ) : (
                  <>
                    {' '}
                    → <span data-testid="split-debt"><Amount wad={toDebt} unit={unit} /></span> repays the supplier’s loan, <span data-testid="split-owner"><Amount wad={toOwner} unit={unit} /></span> goes to the supplier
                  </>
                ))}
            </>
          ) : (
            describeRefusal(`Oracle.${'reason' in price ? price.reason : 'NoPrice'}`)
          )}
        </div>
      )}
      {a.status === 'Pending' && <ConfirmTerms a={a} />}
      <div className="actions-inline">
        {payable && (
          <button data-testid="pay" disabled={due === undefined || tx.busy} onClick={pay}>
            {atAuction ? 'Approve and pay what I owe (ends the auction)' : 'Approve and pay'}
          </button>
        )}
        {canMarkPaid && (
          <button data-testid="mark-paid" disabled={tx.busy} onClick={() => tx.run([reg(`Mark invoice #${a.id} paid outside the vault`, 'markPaid', [a.id])])}>
            Mark paid outside
          </button>
        )}
        {!pledged && (a.status === 'Confirmed' || a.status === 'Defaulted') && !canMarkPaid && (
          <span className="muted" data-testid="mark-paid-holder">
            Paid outside? Only the holder of the invoice, the party you paid, can mark it paid.
          </span>
        )}
        {(a.status === 'Pending' || a.status === 'Confirmed') && !atAuction && (
          <>
            <ConfirmButton
              testid="dispute"
              disabled={noDispute === 'PastDue' || tx.busy}
              title={noDispute === 'PastDue' ? 'past the due date' : ''}
              confirmText={`Confirm dispute of #${a.id}`}
              warning="A dispute goes on your payment record and stays until the arbiter rules."
              onConfirm={() =>
                tx.run([
                  pledged
                    ? { label: `Dispute invoice #${a.id}`, contract: suite.vault as never, errorEnum: 'VaultError', fn: 'dispute', args: [a.id] }
                    : reg(`Dispute invoice #${a.id}`, 'dispute', [a.id]),
                ])
              }>
              Dispute
            </ConfirmButton>
            {noDispute === 'PastDue' && (
              <span className="muted" data-testid="dispute-closed">
                Disputes close at the due date ({formatDate(t.dueDateMs)}). {describeError('RegistryError', 'PastDue').sentence}
              </span>
            )}
          </>
        )}
      </div>
      {refusedHere && (
        <div className="error" data-testid="balance-refusal">
          {refusedHere}
        </div>
      )}
      <PayOnChain a={a} />
      <TxStatus state={tx.state} trace={tx.trace} onDismiss={tx.reset} />
    </div>
  );
}
