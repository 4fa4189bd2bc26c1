import { useMemo, useState } from 'react';
import { blake2AsHex } from 'dedot/utils';
import { describeRefusal } from '../../lib/errors';
import { annualFeeWad } from '../../lib/fees';
import { health, previewBorrow, previewDeposit, previewRepay, previewWithdraw, type BorrowLimits, type Preview } from '../../lib/risk';
import { formatPercent, formatUnits, MS_PER_DAY, parseWad, priceKey } from '../../lib/units';
import { useApp } from '../context';
import type { AssetRow, ClassRow, PositionRow, Snapshot } from '../suite';
import { Amount, AmountInput, Dl, formatDate, Ratio, Section, short, TxStatus, useAmount } from '../ui';
import { useTx, type Step } from '../useTx';

export function describeAsset(a: AssetRow, unit: string): string {
  const t = a.terms;
  switch (t.kind) {
    case 'Invoice':
      return `Invoice ${formatUnits(t.faceValueWad)} ${t.key} owed by ${short(a.debtor)}, due ${formatDate(t.dueDateMs)}`;
    case 'WarehouseReceipt':
      return `Warehouse receipt: ${formatUnits(t.quantityWad)} ${t.key} at ${short(a.warehouse)}`;
    case 'InTransit':
      return `Shipment: ${formatUnits(t.quantityWad)} ${t.key} by ${short(a.carrier)} to ${short(a.destinationWarehouse)}, arriving ${formatDate(t.expectedArrivalMs)}${unit ? '' : ''}`;
  }
}

export function SupplierScreen() {
  const { snap, account, manifest } = useApp();
  const mine = snap.assets.filter((a) => a.owner === account || (a.originator === account && a.positionId !== undefined));
  const positions = snap.positions.filter((p) => p.owner === account);
  return (
    <>
      <Register />
      <Section title="My documents (NFTs)" testid="my-assets">
        {mine.length === 0 ? (
          <p className="muted">No documents yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>#</th>
                <th>Document</th>
                <th>Status</th>
                <th>Where</th>
              </tr>
            </thead>
            <tbody>
              {mine.map((a) => (
                <tr key={String(a.id)} data-testid={`asset-${a.id}`}>
                  <td>{String(a.id)}</td>
                  <td>{describeAsset(a, manifest.unitKey)}</td>
                  <td data-testid="asset-status">{a.status}</td>
                  <td>{a.positionId !== undefined ? `pledged in position ${a.positionId}` : 'in your wallet'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <OpenPosition />
      {positions.map((p) => (
        <PositionCard key={String(p.id)} pos={p} />
      ))}
    </>
  );
}

function Register() {
  const { suite, manifest, snap, account, refresh } = useApp();
  const tx = useTx(account, refresh);
  const [kind, setKind] = useState<'Invoice' | 'WarehouseReceipt' | 'InTransit'>('Invoice');
  const [hash, setHash] = useState<`0x${string}`>();
  const [fileName, setFileName] = useState('');
  const [party, setParty] = useState(manifest.debtors[0]?.account ?? '');
  const [destination, setDestination] = useState('');
  const keys = [...new Set(snap.classes.filter((c) => c.kind === kind).flatMap((c) => c.priceKeys))];
  const [key, setKey] = useState('');
  const currency = keys.includes(key) ? key : (keys[0] ?? '');
  const amount = useAmount();
  const [days, setDays] = useState('60');

  const onFile = async (f?: File) => {
    if (!f) return;
    setFileName(f.name);
    setHash(blake2AsHex(new Uint8Array(await f.arrayBuffer()), 256));
  };

  const submit = () => {
    if (!hash || amount.value === undefined || !party) return;
    const now = snap.nowMs;
    const later = now + BigInt(Math.max(1, Number(days) || 0)) * MS_PER_DAY;
    const value =
      kind === 'Invoice'
        ? { type: 'Invoice', value: { faceValueWad: amount.value, currency: priceKey(currency), debtor: party, issueDateMs: now, dueDateMs: later, documentHash: hash } }
        : kind === 'WarehouseReceipt'
          ? { type: 'WarehouseReceipt', value: { commodity: priceKey(currency), quantityWad: amount.value, warehouse: party, documentHash: hash } }
          : {
              type: 'InTransit',
              value: { commodity: priceKey(currency), quantityWad: amount.value, carrier: party, destinationWarehouse: destination || party, expectedArrivalMs: later, documentHash: hash },
            };
    tx.run([{ label: 'Register the document', contract: suite.registry as never, errorEnum: 'RegistryError', fn: 'register', args: [value] }]);
  };

  return (
    <Section title="Register a document" testid="register">
      <div className="row">
        <label className="field">
          <span>Kind</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)} data-testid="register-kind">
            <option value="Invoice">Invoice</option>
            <option value="WarehouseReceipt">Warehouse receipt</option>
            <option value="InTransit">Goods in transit</option>
          </select>
        </label>
        <label className="field">
          <span>Document file (its hash is computed here, in the browser)</span>
          <input type="file" onChange={(e) => onFile(e.target.files?.[0])} data-testid="register-file" />
        </label>
        {hash && (
          <span className="muted" data-testid="register-hash" title={hash}>
            {fileName}: blake2-256 {hash.slice(0, 18)}…
          </span>
        )}
      </div>
      <div className="row">
        <label className="field">
          <span>{kind === 'Invoice' ? 'Buyer (debtor) account' : kind === 'WarehouseReceipt' ? 'Warehouse (attester) account' : 'Carrier (attester) account'}</span>
          <input value={party} onChange={(e) => setParty(e.target.value.trim())} data-testid="register-party" list="known-debtors" size={50} />
          <datalist id="known-debtors">
            {manifest.debtors.map((d) => (
              <option key={d.account} value={d.account} />
            ))}
          </datalist>
        </label>
        {kind === 'InTransit' && (
          <label className="field">
            <span>Destination warehouse</span>
            <input value={destination} onChange={(e) => setDestination(e.target.value.trim())} size={50} />
          </label>
        )}
        <label className="field">
          <span>{kind === 'Invoice' ? 'Currency' : 'Commodity'}</span>
          <select value={currency} onChange={(e) => setKey(e.target.value)} data-testid="register-key">
            {keys.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <AmountInput label={kind === 'Invoice' ? 'Face value' : 'Quantity'} amount={amount} testid="register-amount" unit={currency} />
        {kind !== 'WarehouseReceipt' && (
          <label className="field">
            <span>{kind === 'Invoice' ? 'Due in (days)' : 'Arrives in (days)'}</span>
            <input value={days} onChange={(e) => setDays(e.target.value)} size={5} data-testid="register-days" />
          </label>
        )}
      </div>
      <button disabled={!hash || amount.value === undefined || !party || !account} onClick={submit} data-testid="register-submit">
        Register
      </button>
      <TxStatus state={tx.state} />
    </Section>
  );
}

function OpenPosition() {
  const { suite, snap, account, refresh } = useApp();
  const tx = useTx(account, refresh);
  const [cls, setCls] = useState(snap.classes[0]?.id ?? 0);
  return (
    <Section title="Open a position" testid="open-position">
      <div className="row">
        <label className="field">
          <span>Collateral class</span>
          <select value={cls} onChange={(e) => setCls(Number(e.target.value))} data-testid="open-class">
            {snap.classes.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.kind}, {c.priceKeys.join('/')}): min ratio {formatPercent(c.risk.liquidationRatioWad)} %, fee {formatPercent(annualFeeWad(c.risk.feePerSecondRay))} %/year
              </option>
            ))}
          </select>
        </label>
        <button disabled={!account} data-testid="open-submit" onClick={() => tx.run([{ label: 'Open a position', contract: suite.vault as never, errorEnum: 'VaultError', fn: 'openPosition', args: [cls] }])}>
          Open
        </button>
      </div>
      <TxStatus state={tx.state} />
    </Section>
  );
}

function limitsFor(snap: Snapshot, pos: PositionRow, cls: ClassRow): BorrowLimits {
  const limits: BorrowLimits = { paused: snap.paused, classTotalArt: cls.state.totalArt };
  if (pos.debtor) {
    const d = snap.debtors.find((x) => x.account === pos.debtor);
    // Normalised debt of this class against the debtor is not readable (debtor_debt gives debt at
    // the stored rate): approximate it by this class's debt against the debtor ÷ rate.
    limits.debtor = {
      approved: !!d?.line,
      suspended: !!d?.line?.suspended,
      inDefault: (d?.record.unresolvedDefaults ?? 0) > 0,
      creditLimitWad: d?.line?.creditLimitWad ?? 0n,
      exposureWad: d?.exposureWad ?? 0n,
      classDebtorArt: snap.positions.filter((p) => p.classId === pos.classId && p.debtor === pos.debtor).reduce((s, p) => s + p.art, 0n),
    };
  }
  return limits;
}

function PreviewLine({ p, unit, verb }: { p?: Preview; unit: string; verb: string }) {
  if (!p) return null;
  return (
    <div className={`preview ${p.refusal ? 'preview-refused' : ''}`} data-testid="preview">
      {p.refusal ? (
        <>
          <strong>Would be refused:</strong> {describeRefusal(p.refusal)}
        </>
      ) : (
        <>
          After {verb}: debt <Amount wad={p.debtWad} unit={unit} roundUp /> (fee accrued so far <Amount wad={p.accruedFeeWad} unit={unit} roundUp />), collateral{' '}
          <Amount wad={p.valueWad} unit={unit} />, ratio <Ratio ratioWad={p.ratioWad} band={p.band} />
        </>
      )}
    </div>
  );
}

function PositionCard({ pos }: { pos: PositionRow }) {
  const { snap, suite, manifest, account, refresh } = useApp();
  const unit = manifest.unitKey;
  const cls = snap.classes.find((c) => c.id === pos.classId);
  const tx = useTx(account, refresh);
  const borrow = useAmount();
  const repay = useAmount();
  const [depositId, setDepositId] = useState('');
  const [withdrawId, setWithdrawId] = useState('');
  const assets = pos.assetIds.map((id) => snap.pledged.get(id)).filter((a) => !!a);
  const input = { art: pos.art, assets };
  const h = useMemo(() => (cls ? health(input, cls.risk, cls.state, snap.market, snap.nowMs) : undefined), [cls, snap, pos]);
  if (!cls || !h) return null;
  const depositable = snap.assets.filter((a) => a.owner === account && a.kind === cls.kind && a.positionId === undefined && a.status === 'Confirmed');
  const dep = depositable.find((a) => String(a.id) === depositId);
  const vaultAddr = manifest.contracts.collateral_vault.address;
  const limits = limitsFor(snap, pos, cls);
  const pBorrow = borrow.value !== undefined ? previewBorrow(input, cls.risk, cls.state, snap.market, limits, borrow.value, snap.nowMs) : undefined;
  const pRepay = repay.value !== undefined ? previewRepay(input, cls.risk, cls.state, snap.market, repay.value, snap.nowMs) : undefined;
  const pDeposit = dep ? previewDeposit(input, cls.risk, cls.state, snap.market, { id: dep.id, terms: dep.terms, status: dep.status }, snap.nowMs) : undefined;
  const pWithdraw = withdrawId ? previewWithdraw(input, cls.risk, cls.state, snap.market, BigInt(withdrawId), snap.paused, snap.nowMs) : undefined;
  const vaultStep = (label: string, fn: string, args: unknown[]): Step => ({ label, contract: suite.vault as never, errorEnum: 'VaultError', fn, args });

  return (
    <Section title={`Position ${pos.id} · ${cls.name}${pos.liquidating ? ' · being liquidated' : ''}`} testid={`position-${pos.id}`}>
      <Dl
        rows={[
          ['Collateral value', <Amount wad={h.valueWad} unit={unit} key="v" />],
          ['Debt (fee included)', <span key="d" data-testid="debt"><Amount wad={h.debtWad} unit={unit} roundUp /></span>],
          ['Fee accrued since last update', <Amount wad={h.accruedFeeWad} unit={unit} roundUp key="f" />],
          ['Collateral ratio', <Ratio ratioWad={h.ratioWad} band={h.band} key="r" />],
          ['Minimum ratio', `${formatPercent(cls.risk.liquidationRatioWad)} %`],
          ['Max borrow now', <span key="m" data-testid="max-borrow"><Amount wad={h.maxBorrowWad} unit={unit} /></span>],
          [
            'Liquidation price',
            Object.keys(h.liquidationPriceWad).length
              ? Object.entries(h.liquidationPriceWad)
                  .map(([k, p]) => `${k} at ${formatUnits(p, { fraction: 4, roundUp: true })} ${unit}`)
                  .join(', ')
              : h.debtWad === 0n
                ? 'no debt'
                : `none by price (in ${unit}); only time (overdue) lowers the value`,
          ],
          ['Can withdraw', h.withdrawable.length ? h.withdrawable.map((id) => `#${id}`).join(', ') : 'nothing while the debt needs it'],
        ]}
      />
      {h.unpricedKeys.length > 0 && <p className="error">No usable price for {h.unpricedKeys.join(', ')}: borrowing and withdrawing are refused until it is fresh, and so is liquidation.</p>}
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>Pledged document</th>
            <th>Status</th>
            <th>Value</th>
          </tr>
        </thead>
        <tbody>
          {h.assets.map((v) => {
            const row = snap.assets.find((a) => a.id === v.id);
            return (
              <tr key={String(v.id)}>
                <td>{String(v.id)}</td>
                <td>{row ? describeAsset(row, unit) : '—'}</td>
                <td>{snap.pledged.get(v.id)?.status}</td>
                <td>{v.unpriced ? `no price (${v.unpriced})` : <Amount wad={v.valueWad} unit={unit} />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {!pos.liquidating && (
        <div className="actions">
          <div className="action">
            <label className="field">
              <span>Deposit</span>
              <select value={depositId} onChange={(e) => setDepositId(e.target.value)} data-testid="deposit-asset">
                <option value="">choose a confirmed document</option>
                {depositable.map((a) => (
                  <option key={String(a.id)} value={String(a.id)}>
                    #{String(a.id)} {describeAsset(a, unit)}
                  </option>
                ))}
              </select>
            </label>
            <PreviewLine p={pDeposit} unit={unit} verb="the deposit" />
            <button
              disabled={!dep || !!pDeposit?.refusal}
              data-testid="deposit-submit"
              onClick={() =>
                dep &&
                tx.run([
                  { label: `Approve the vault to take NFT #${dep.id}`, contract: suite.registry as never, errorEnum: 'RegistryError', fn: 'psp34Approve', args: [vaultAddr, { type: 'U128', value: dep.id }, true] },
                  vaultStep(`Deposit NFT #${dep.id}`, 'deposit', [pos.id, dep.id]),
                ])
              }>
              Approve and deposit
            </button>
          </div>
          <div className="action">
            <AmountInput label="Borrow" amount={borrow} testid="borrow-amount" unit={unit} />
            <PreviewLine p={pBorrow} unit={unit} verb="borrowing" />
            <button disabled={borrow.value === undefined} data-testid="borrow-submit" onClick={() => borrow.value !== undefined && tx.run([vaultStep(`Borrow ${formatUnits(borrow.value)} ${unit}`, 'borrow', [pos.id, borrow.value])])}>
              Borrow
            </button>
            <button className="link" onClick={() => borrow.setText(formatUnits(h.maxBorrowWad, { fraction: 18, pad: false }).replace(/,/g, ''))}>
              max
            </button>
          </div>
          <div className="action">
            <AmountInput label="Repay" amount={repay} testid="repay-amount" unit={unit} />
            <PreviewLine p={pRepay} unit={unit} verb="repaying" />
            <button
              disabled={repay.value === undefined}
              data-testid="repay-submit"
              onClick={() => {
                if (repay.value === undefined) return;
                // Approve a little more than the debt now: it grows by the second until the block.
                const pay = pRepay?.amountWad ?? repay.value;
                const approve = repay.value >= h.debtWad ? repay.value + parseWad('1') : pay;
                tx.run([
                  { label: `Approve the vault to take ${formatUnits(approve)} ${unit}`, contract: suite.coin as never, errorEnum: 'PSP22Error', fn: 'psp22Approve', args: [vaultAddr, approve] },
                  vaultStep(`Repay ${formatUnits(pay)} ${unit}`, 'repay', [pos.id, repay.value >= h.debtWad ? approve : repay.value]),
                ]);
              }}>
              Approve and repay
            </button>
            <button className="link" onClick={() => repay.setText(formatUnits(h.debtWad, { fraction: 18, pad: false, roundUp: true }).replace(/,/g, ''))}>
              all
            </button>
          </div>
          <div className="action">
            <label className="field">
              <span>Withdraw</span>
              <select value={withdrawId} onChange={(e) => setWithdrawId(e.target.value)} data-testid="withdraw-asset">
                <option value="">choose a pledged document</option>
                {pos.assetIds.map((id) => (
                  <option key={String(id)} value={String(id)}>
                    #{String(id)}
                  </option>
                ))}
              </select>
            </label>
            <PreviewLine p={pWithdraw} unit={unit} verb="the withdrawal" />
            <button disabled={!withdrawId} data-testid="withdraw-submit" onClick={() => tx.run([vaultStep(`Withdraw NFT #${withdrawId}`, 'withdraw', [pos.id, BigInt(withdrawId)])])}>
              Withdraw
            </button>
          </div>
          <div className="action">
            <span className="muted">Close: returns every NFT; needs no debt.</span>
            <button disabled={pos.art !== 0n} data-testid="close-submit" onClick={() => tx.run([vaultStep(`Close position ${pos.id}`, 'close', [pos.id])])}>
              Close
            </button>
          </div>
        </div>
      )}
      <TxStatus state={tx.state} />
    </Section>
  );
}
