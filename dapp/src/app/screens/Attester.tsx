import { commodityUnit } from '../../lib/display';
import { formatUnits } from '../../lib/units';
import { useApp } from '../context';
import { PanelBoundary } from '../ErrorBoundary';
import type { AssetRow } from '../suite';
import { AmountInput, Section, short, TxStatus, useAmount } from '../ui';
import { useTx } from '../useTx';
import { ConfirmTerms } from './ConfirmTerms';
import { ConditionPanel, namesAttester } from './Condition';
import type { Scan } from '../history';
import { describeAsset } from './Supplier';

/** `scan`: the events to read the goods' condition history from (else the session's). */
export function AttesterScreen({ scan }: { scan?: Scan } = {}) {
  const { snap, account, manifest } = useApp();
  // Goods naming this account, once confirmed: their condition, when the deployment has a monitor.
  const watched = snap.condition ? snap.assets.filter((a) => namesAttester(a, account) && a.status !== 'Pending') : [];
  const toConfirm = snap.assets.filter((a) => a.kind !== 'Invoice' && a.confirmer === account && a.status === 'Pending');
  const arrivals = snap.assets.filter((a) => a.kind === 'InTransit' && a.destinationWarehouse === account && a.status === 'Confirmed');
  return (
    <>
      {!snap.isAttester && account && <p className="error">This account does not hold the attester role: it can confirm and attest nothing.</p>}
      <Section title="Receipts and shipments to confirm" testid="attester-confirm">
        {toConfirm.length === 0 ? (
          <p className="muted">Nothing waits for this account.</p>
        ) : (
          toConfirm.map((a) => (
            <PanelBoundary key={String(a.id)} title={`Document #${a.id}`}>
              <ConfirmRow a={a} />
            </PanelBoundary>
          ))
        )}
      </Section>
      {snap.condition && (
        <Section title="Condition of goods naming me" testid="attester-condition">
          {watched.length === 0 ? (
            <p className="muted">No confirmed goods name this account.</p>
          ) : (
            watched.map((a) => (
              <PanelBoundary key={String(a.id)} title={`Condition of #${a.id}`}>
                <p>
                  #{String(a.id)} {describeAsset(a, manifest.commodityUnits)}
                </p>
                <ConditionPanel a={a} scan={scan} confirm />
              </PanelBoundary>
            ))
          )}
        </Section>
      )}
      <Section title="Arrivals to attest" testid="attester-arrivals">
        {arrivals.length === 0 ? (
          <p className="muted">No shipment is on its way to this warehouse.</p>
        ) : (
          arrivals.map((a) => (
            <PanelBoundary key={String(a.id)} title={`Shipment #${a.id}`}>
              <ArrivalRow a={a} />
            </PanelBoundary>
          ))
        )}
      </Section>
    </>
  );
}

function ConfirmRow({ a }: { a: AssetRow }) {
  const { manifest } = useApp();
  return (
    <div className="invoice" data-testid={`goods-${a.id}`}>
      #{String(a.id)} {describeAsset(a, manifest.commodityUnits)} · registered by {short(a.originator)}
      <ConfirmTerms a={a} />
    </div>
  );
}

function ArrivalRow({ a }: { a: AssetRow }) {
  const { suite, account, manifest, refresh } = useApp();
  const tx = useTx(account, refresh);
  const received = useAmount(a.terms.kind === 'InTransit' ? formatUnits(a.terms.quantityWad, { fraction: 18, pad: false }).replace(/,/g, '') : '');
  const pledged = a.positionId !== undefined;
  // The registry accepts 0 < received ≤ the quantity shipped.
  const tooMuch = a.terms.kind === 'InTransit' && received.value !== undefined && received.value > a.terms.quantityWad;
  return (
    <div className="invoice" data-testid={`arrival-${a.id}`}>
      #{String(a.id)} {describeAsset(a, manifest.commodityUnits)} {pledged ? '· pledged: attested through the vault' : ''}
      <AmountInput label="Quantity received" amount={received} testid="received" unit={`${commodityUnit(a.terms.key, manifest.commodityUnits)} of ${a.terms.key}`} />
      {tooMuch && (
        <span className="error" data-testid="received-error">
          More than was shipped ({formatUnits(a.terms.kind === 'InTransit' ? a.terms.quantityWad : 0n)}): the registry refuses it.
        </span>
      )}
      <button
        disabled={received.value === undefined || tooMuch || tx.busy}
        data-testid="attest"
        onClick={() =>
          received.value !== undefined &&
          tx.run([
            pledged
              ? { label: `Attest arrival of #${a.id}`, contract: suite.vault as never, errorEnum: 'VaultError', fn: 'attestArrival', args: [a.id, received.value] }
              : { label: `Attest arrival of #${a.id}`, contract: suite.registry as never, errorEnum: 'RegistryError', fn: 'attestArrival', args: [a.id, received.value] },
          ])
        }>
        Attest arrival
      </button>
      <TxStatus state={tx.state} trace={tx.trace} onDismiss={tx.reset} />
    </div>
  );
}
