/**
 * The confirmer's side of `confirm(id, terms_hash)`: the buyer (invoice) or the warehouse /
 * carrier (goods) enters the terms from ITS OWN records — the supplier, the amount, the currency
 * or commodity, the dates, the destination, the document file it holds — and the browser hashes
 * them (`lib/terms.ts`). The registered terms are shown beside the input with every difference
 * highlighted; the hash sent is the input's, never the chain's, so a registration that differs
 * in any term cannot be confirmed.
 */
import { useState } from 'react';
import { blake2AsHex } from 'dedot/utils';
import { checkConfirm, type TermsForm } from '../../lib/terms';
import { useApp } from '../context';
import type { AssetRow } from '../suite';
import { ConfirmButton, TxStatus } from '../ui';
import { useTx } from '../useTx';

const WHAT: Record<AssetRow['kind'], { amount: string; key: string; date?: string }> = {
  Invoice: { amount: 'Face value', key: 'Currency', date: 'Due date' },
  WarehouseReceipt: { amount: 'Quantity', key: 'Commodity' },
  InTransit: { amount: 'Quantity', key: 'Commodity', date: 'Expected arrival' },
};

export function ConfirmTerms({ a }: { a: AssetRow }) {
  const { suite, account, manifest, refresh } = useApp();
  const tx = useTx(account, refresh);
  const [form, setForm] = useState<TermsForm>({ originator: '', amount: '', key: '', issueDate: '', date: '', destination: '', documentHash: '' });
  const [fileName, setFileName] = useState('');
  const set = (k: keyof TermsForm) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const keys = [...new Set([...manifest.priceKeys, manifest.unitKey])];
  const what = WHAT[a.kind];
  const check = account ? checkConfirm(form, account, a.originator, a.record) : undefined;
  const differing = check?.rows.filter((r) => r.differs && !r.error) ?? [];
  const missing = check?.rows.filter((r) => r.error) ?? [];

  const onFile = async (f?: File) => {
    if (!f) return;
    setFileName(f.name);
    const hash = blake2AsHex(new Uint8Array(await f.arrayBuffer()), 256);
    setForm((x) => ({ ...x, documentHash: hash }));
  };

  return (
    <div className="confirm-terms" data-testid="confirm-terms">
      <p className="muted">
        Confirm exactly what you agreed: enter the terms from your own records (not from this page). Your browser hashes them; the registry accepts the
        confirmation only if every term is the registration’s.
      </p>
      <div className="row">
        <label className="field">
          <span>Supplier account</span>
          <input value={form.originator} onChange={set('originator')} size={50} data-testid="confirm-originator" />
        </label>
        <label className="field">
          <span>{what.amount}</span>
          <input inputMode="decimal" value={form.amount} onChange={set('amount')} data-testid="confirm-amount" placeholder="0.00" />
        </label>
        <label className="field">
          <span>{what.key}</span>
          <select value={form.key} onChange={set('key')} data-testid="confirm-key">
            <option value="">choose</option>
            {keys.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        {a.kind === 'Invoice' && (
          <label className="field">
            <span>Issue date (UTC)</span>
            <input value={form.issueDate} onChange={set('issueDate')} placeholder="YYYY-MM-DD" size={12} data-testid="confirm-issue" />
          </label>
        )}
        {what.date && (
          <label className="field">
            <span>{what.date} (UTC)</span>
            <input value={form.date} onChange={set('date')} placeholder="YYYY-MM-DD" size={12} data-testid="confirm-date" />
          </label>
        )}
        {a.kind === 'InTransit' && (
          <label className="field">
            <span>Destination warehouse</span>
            <input value={form.destination} onChange={set('destination')} size={50} data-testid="confirm-destination" />
          </label>
        )}
      </div>
      <div className="row">
        <label className="field">
          <span>Your copy of the document (hashed here, in the browser)</span>
          <input type="file" onChange={(e) => onFile(e.target.files?.[0])} data-testid="confirm-file" />
        </label>
        <label className="field">
          <span>or its blake2-256 hash</span>
          <input value={form.documentHash} onChange={set('documentHash')} size={70} placeholder="0x…" data-testid="confirm-doc-hash" />
        </label>
        {fileName && <span className="muted">{fileName}</span>}
      </div>
      {check && (
        <table className="terms" data-testid="terms-table">
          <thead>
            <tr>
              <th>Term</th>
              <th>Registered by the supplier</th>
              <th>You entered</th>
            </tr>
          </thead>
          <tbody>
            {check.rows.map((r) => (
              <tr key={r.label} className={r.differs ? 'term-diff' : r.entered !== undefined ? 'term-same' : ''} data-testid="term-row" data-differs={String(r.differs)}>
                <td>{r.label}</td>
                <td className="mono">{r.registered}</td>
                <td className="mono">
                  {r.entered ?? ''}
                  {r.error && <span className="error"> {r.error}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {check && (
        <p className={check.matches ? 'muted' : differing.length ? 'error' : 'muted'} data-testid="terms-verdict">
          {check.matches
            ? `Every term matches the registration. Terms hash ${check.hash}.`
            : differing.length
              ? `Differs from the registration in: ${differing.map((r) => r.label.toLowerCase()).join(', ')}. The registry would refuse this confirmation (the terms are not the ones you agreed): reject the registration, or ask the supplier to register it again with the right terms.`
              : missing.length
                ? `Still to enter: ${missing.map((r) => r.label.toLowerCase()).join(', ')}.`
                : 'The terms you entered do not hash to the registration’s.'}
        </p>
      )}
      <div className="actions-inline">
        <button
          data-testid="confirm"
          disabled={!check?.hash || !check.matches || tx.busy}
          onClick={() =>
            check?.hash &&
            tx.run([{ label: `Confirm #${a.id} with terms hash ${check.hash.slice(0, 10)}…`, contract: suite.registry as never, errorEnum: 'RegistryError', fn: 'confirm', args: [a.id, check.hash] }])
          }>
          Confirm these terms
        </button>
        <ConfirmButton
          testid="reject"
          disabled={tx.busy}
          confirmText={`Confirm rejection of #${a.id}`}
          warning="Rejecting burns the registration for good."
          onConfirm={() => tx.run([{ label: `Reject registration #${a.id}`, contract: suite.registry as never, errorEnum: 'RegistryError', fn: 'reject', args: [a.id] }])}>
          Reject (I do not recognise it)
        </ConfirmButton>
      </div>
      <TxStatus state={tx.state} trace={tx.trace} onDismiss={tx.reset} />
    </div>
  );
}
