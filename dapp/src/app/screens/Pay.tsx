import { useState } from 'react';
import { checkPayment, MAX_REFERENCE_BYTES, payButton } from '../../lib/pay';
import { normalAddress } from '../../lib/names';
import { isBusy } from '../../lib/tx';
import { formatUnits } from '../../lib/units';
import { useApp } from '../context';
import { useNames } from '../names';
import { Amount, Section, short, TxStatus } from '../ui';
import { useTx } from '../useTx';

/** Pay a counterparty in the stablecoin (PSP22 `transfer`), the reference in its `data`; the address book. */
export function PayScreen({ initial }: { initial?: { to?: string; amount?: string; reference?: string } }) {
  return (
    <>
      <PayForm initial={initial} />
      <AddressBook />
    </>
  );
}

export function PayForm({ initial }: { initial?: { to?: string; amount?: string; reference?: string } }) {
  const { snap, suite, account, manifest, refresh } = useApp();
  const { book } = useNames();
  const tx = useTx(account, refresh);
  const [to, setTo] = useState(initial?.to ?? '');
  const [amount, setAmount] = useState(initial?.amount ?? '');
  const [reference, setReference] = useState(initial?.reference ?? '');
  const unit = manifest.unitKey;
  const touched = { to: to !== '', amount: amount !== '', reference: reference !== '' };
  const check = checkPayment({ to, amount, reference, balanceWad: snap.balanceWad, from: account });
  // Who is paid, named as soon as the address is one: before the amount is entered.
  const payee = check.errors.to ? undefined : normalAddress(to);
  const button = payButton(check, isBusy(tx.state), account);
  const named = [...book.entries()].filter(([a]) => a !== account);
  return (
    <Section title={`Pay in ${unit}`} testid="pay">
      <p className="muted">
        Sends {unit} from your account straight to the recipient (the stablecoin’s <code>transfer</code>); the reference goes with it, on chain, in the transfer’s data
        (UTF-8, at most {MAX_REFERENCE_BYTES} bytes). Your balance: <Amount wad={snap.balanceWad} unit={unit} />.
      </p>
      <div className="row">
        <label className="field">
          <span>To (address)</span>
          <input value={to} onChange={(e) => setTo(e.target.value)} size={50} list="pay-names" data-testid="pay-to" placeholder="5F…" />
          <datalist id="pay-names">
            {named.map(([a, n]) => (
              <option key={a} value={a}>
                {n}
              </option>
            ))}
          </datalist>
          {touched.to && check.errors.to ? (
            <span className="error" data-testid="pay-to-error">{check.errors.to}</span>
          ) : payee ? (
            <span className="muted" data-testid="pay-to-name">{short(payee)}</span>
          ) : null}
        </label>
        <label className="field">
          <span>Amount</span>
          <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} data-testid="pay-amount" placeholder="0.00" />
          <span className="unit">{unit}</span>
          {touched.amount && check.errors.amount && <span className="error" data-testid="pay-amount-error">{check.errors.amount}</span>}
        </label>
        <label className="field">
          <span>Reference (invoice, order…)</span>
          <input value={reference} onChange={(e) => setReference(e.target.value)} size={30} data-testid="pay-reference" />
          <span className="unit">{new TextEncoder().encode(reference).length} / {MAX_REFERENCE_BYTES} bytes</span>
          {check.errors.reference && <span className="error" data-testid="pay-reference-error">{check.errors.reference}</span>}
        </label>
        <button
          data-testid="pay-submit"
          disabled={button.disabled}
          onClick={() => {
            const p = check.payment;
            if (!p) return;
            tx.run([
              {
                label: `Pay ${formatUnits(p.valueWad)} ${unit} to ${short(p.to)}${reference ? ` (${reference})` : ''}`,
                contract: suite.coin as never,
                errorEnum: 'PSP22Error',
                fn: 'psp22Transfer',
                args: [p.to, p.valueWad, p.data],
              },
            ]);
          }}>
          {button.text}
        </button>
      </div>
      <TxStatus state={tx.state} />
    </Section>
  );
}

export function AddressBook() {
  const { manifest } = useApp();
  const { book, user, setName } = useNames();
  const [address, setAddress] = useState('');
  const [name, setNameText] = useState('');
  const [error, setError] = useState<string>();
  return (
    <Section title="Address book" testid="address-book">
      <p className="muted">Names shown wherever an address is: the deployment’s ({Object.keys(manifest.names ?? {}).length}) and yours, kept in this browser.</p>
      <div className="row">
        <label className="field">
          <span>Address</span>
          <input value={address} onChange={(e) => setAddress(e.target.value)} size={50} data-testid="book-address" />
        </label>
        <label className="field">
          <span>Name (empty: forget)</span>
          <input value={name} onChange={(e) => setNameText(e.target.value)} size={24} data-testid="book-name" />
        </label>
        <button
          data-testid="book-save"
          disabled={address.trim() === ''}
          onClick={() => {
            try {
              setName(address, name);
              setError(undefined);
              setAddress('');
              setNameText('');
            } catch (e) {
              setError((e as Error).message);
            }
          }}>
          Save
        </button>
        {error && <span className="error" data-testid="book-error">{error}</span>}
      </div>
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Address</th>
            <th>From</th>
          </tr>
        </thead>
        <tbody>
          {[...book.entries()].map(([a, n]) => (
            <tr key={a} data-testid={`book-${a}`}>
              <td>{n}</td>
              <td className="mono">{a}</td>
              <td>{Object.keys(user).includes(a) ? 'you' : 'the deployment'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
