import { useEffect, useState } from 'react';
import { payOnChainPlan } from '../../lib/invoicePay';
import { isBusy } from '../../lib/tx';
import { formatUnits } from '../../lib/units';
import { useApp } from '../context';
import type { AssetRow } from '../suite';
import { Amount, short, TxStatus } from '../ui';
import { useTx } from '../useTx';

/** "Pay on chain" for the debtor's unpledged Confirmed / Defaulted invoice: approve the vault, then pay_invoice. */
export function PayOnChain({ a }: { a: AssetRow }) {
  const { snap, suite, account, manifest, refresh } = useApp();
  const tx = useTx(account, refresh);
  // The vault's own figure (`settlement_amount`, which answers for unpledged invoices too); until
  // it answers, or if it refuses, the same rule computed here.
  const [chainAmount, setChainAmount] = useState<bigint>();
  const offered = a.terms.kind === 'Invoice' && a.debtor === account && a.positionId === undefined && (a.status === 'Confirmed' || a.status === 'Defaulted');
  useEffect(() => {
    if (!offered || !suite.vault?.query) return;
    let live = true;
    suite.vault.query
      .settlementAmount(a.id)
      .then((r) => live && setChainAmount(r.data.isOk ? r.data.value : undefined))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [offered, suite, a.id, snap]);
  if (a.terms.kind !== 'Invoice') return null;
  const unit = manifest.unitKey;
  const plan = payOnChainPlan(
    { status: a.status, pledged: a.positionId !== undefined || a.owner === manifest.contracts.collateral_vault.address, debtor: a.debtor, holder: a.owner, faceValueWad: a.terms.faceValueWad, key: a.terms.key },
    account,
    snap.market,
    snap.nowMs,
    { balanceWad: snap.balanceWad },
  );
  // Paid, the invoice is Settled and no longer offered: its transaction's outcome stays shown.
  if (!plan.offer) return tx.state.phase === 'idle' ? null : <TxStatus state={tx.state} />;
  const amount = plan.amountWad === undefined ? undefined : (chainAmount ?? plan.amountWad);
  return (
    <div className="action" data-testid="pay-on-chain">
      <strong>Pay on chain</strong>{' '}
      {amount !== undefined && (
        <>
          <span data-testid="pay-on-chain-amount" data-source={chainAmount !== undefined ? 'chain' : 'computed'}>
            <Amount wad={amount} unit={unit} roundUp />
          </span>{' '}
          to the invoice’s holder {short(plan.holder)}
          {a.terms.key !== unit && ` (${formatUnits(a.terms.faceValueWad)} ${a.terms.key} × the oracle’s upper middle price, rounded up)`}; the registry records it paid
          {snap.nowMs > a.terms.dueDateMs ? ' late' : ' on time'}.{' '}
        </>
      )}
      {plan.refusal && (
        <span className="error" data-testid="pay-on-chain-why">
          {plan.refusal}
        </span>
      )}
      <div className="actions-inline">
        <button
          data-testid="pay-on-chain-submit"
          disabled={!!plan.refusal || amount === undefined || isBusy(tx.state)}
          onClick={() =>
            amount !== undefined &&
            tx.run([
              { label: `Approve the vault for ${formatUnits(amount, { roundUp: true })} ${unit}`, contract: suite.coin as never, errorEnum: 'PSP22Error', fn: 'psp22Approve', args: [manifest.contracts.collateral_vault.address, amount] },
              { label: `Pay invoice #${a.id} on chain`, contract: suite.vault as never, errorEnum: 'VaultError', fn: 'payInvoice', args: [a.id] },
            ])
          }>
          Approve the vault and pay
        </button>
      </div>
      <TxStatus state={tx.state} />
    </div>
  );
}
