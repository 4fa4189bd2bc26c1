import { useMemo, useState, type ReactNode } from 'react';
import { blake2AsHex } from 'dedot/utils';
import { describeRefusal } from '../../lib/errors';
import { annualFeeWad, debtWad } from '../../lib/fees';
import { mayMarkPaid } from '../../lib/invoice';
import { health, previewBorrow, previewDeposit, previewRepay, previewWithdraw, type BorrowLimits, type Preview } from '../../lib/risk';
import { formatDateMs, parseDateMs, TermsError, utcDay } from '../../lib/terms';
import { formatPercent, formatUnits, MS_PER_DAY, parseWad, priceKey } from '../../lib/units';
import { useApp } from '../context';
import type { AssetRow, ClassRow, PositionRow, Snapshot } from '../suite';
import { Amount, AmountInput, Dl, Ratio, Section, short, TxStatus, useAmount } from '../ui';
import { useTx, type Step } from '../useTx';

export function describeAsset(a: AssetRow, unit: string): string {
  const t = a.terms;
  switch (t.kind) {
    case 'Invoice':
      return `Invoice ${formatUnits(t.faceValueWad)} ${t.key} owed by ${short(a.debtor)}, issued ${a.issueDateMs !== undefined ? formatDateMs(a.issueDateMs) : '—'}, due ${formatDateMs(t.dueDateMs)}`;
    case 'WarehouseReceipt':
      return `Warehouse receipt: ${formatUnits(t.quantityWad)} ${t.key} at ${short(a.warehouse)}`;
    case 'InTransit':
      return `Shipment: ${formatUnits(t.quantityWad)} ${t.key} by ${short(a.carrier)} to ${short(a.destinationWarehouse)}, arriving ${formatDateMs(t.expectedArrivalMs)}${unit ? '' : ''}`;
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
                <th />
              </tr>
            </thead>
            <tbody>
              {mine.map((a) => (
                <tr key={String(a.id)} data-testid={`asset-${a.id}`}>
                  <td>{String(a.id)}</td>
                  <td>{describeAsset(a, manifest.unitKey)}</td>
                  <td data-testid="asset-status">{a.status}</td>
                  <td>{a.positionId !== undefined ? `pledged in position ${a.positionId}` : 'in your wallet'}</td>
                  <td>{a.kind === 'Invoice' && <MarkPaid a={a} />}</td>
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

/** The holder of an invoice NFT marks it paid outside the chain (`mark_paid` is on the holder's word). */
function MarkPaid({ a }: { a: AssetRow }) {
  const { suite, account, refresh } = useApp();
  const tx = useTx(account, refresh);
  if (a.terms.kind !== 'Invoice') return null;
  const inv = { status: a.status, dueDateMs: a.terms.dueDateMs, pledged: a.positionId !== undefined, atAuction: false };
  if (a.owner !== account || !mayMarkPaid({ ...inv, owner: a.owner, originator: a.originator, debtor: a.debtor }, account)) return null;
  return (
    <>
      <button
        data-testid="holder-mark-paid"
        onClick={() => tx.run([{ label: `Mark invoice #${a.id} paid to me outside the vault`, contract: suite.registry as never, errorEnum: 'RegistryError', fn: 'markPaid', args: [a.id] }])}>
        I was paid outside: mark paid
      </button>
      <TxStatus state={tx.state} />
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
  // Dates are whole days (midnight UTC), as on the paper document: the confirmer enters them from its own copy.
  const [issueText, setIssueText] = useState('');
  let issueMs: bigint | undefined;
  let issueError: string | undefined;
  try {
    issueMs = issueText.trim() === '' ? utcDay(snap.nowMs) : parseDateMs(issueText, 'issue date');
  } catch (e) {
    issueError = e instanceof TermsError ? e.why : String(e);
  }
  const dayCount = /^\d+$/.test(days.trim()) && Number(days) > 0 ? BigInt(days.trim()) : undefined;
  const base = kind === 'Invoice' ? issueMs : utcDay(snap.nowMs);
  const later = base !== undefined && dayCount !== undefined ? base + dayCount * MS_PER_DAY : undefined;

  const onFile = async (f?: File) => {
    if (!f) return;
    setFileName(f.name);
    setHash(blake2AsHex(new Uint8Array(await f.arrayBuffer()), 256));
  };

  const datesOk = kind === 'WarehouseReceipt' || (later !== undefined && issueMs !== undefined);
  const submit = () => {
    if (!hash || amount.value === undefined || !party || !datesOk) return;
    const value =
      kind === 'Invoice'
        ? { type: 'Invoice', value: { faceValueWad: amount.value, currency: priceKey(currency), debtor: party, issueDateMs: issueMs!, dueDateMs: later!, documentHash: hash } }
        : kind === 'WarehouseReceipt'
          ? { type: 'WarehouseReceipt', value: { commodity: priceKey(currency), quantityWad: amount.value, warehouse: party, documentHash: hash } }
          : {
              type: 'InTransit',
              value: { commodity: priceKey(currency), quantityWad: amount.value, carrier: party, destinationWarehouse: destination || party, expectedArrivalMs: later!, documentHash: hash },
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
        {kind === 'Invoice' && (
          <label className="field">
            <span>Issue date (UTC)</span>
            <input value={issueText} onChange={(e) => setIssueText(e.target.value)} placeholder={formatDateMs(utcDay(snap.nowMs))} size={12} data-testid="register-issue" />
            {issueError && <span className="error">{issueError}</span>}
          </label>
        )}
        {kind !== 'WarehouseReceipt' && (
          <label className="field">
            <span>{kind === 'Invoice' ? 'Due (days after issue)' : 'Arrives in (days from today)'}</span>
            <input value={days} onChange={(e) => setDays(e.target.value)} size={5} data-testid="register-days" />
            {later !== undefined ? (
              <span className="muted" data-testid="register-date">
                {kind === 'Invoice' ? 'due' : 'arriving'} {formatDateMs(later)}
              </span>
            ) : (
              <span className="error">a whole number of days</span>
            )}
          </label>
        )}
      </div>
      <p className="muted">
        The buyer (or the warehouse / carrier) confirms by entering these terms from its own records: every one must match, the dates to the day.
      </p>
      <button disabled={!hash || amount.value === undefined || !party || !account || !datesOk} onClick={submit} data-testid="register-submit">
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
  const limits: BorrowLimits = {
    paused: snap.paused,
    classTotalArt: cls.state.totalArt,
    // Seized debt keeps counting against the class ceiling until recovered or written off.
    classSeizedWad: cls.seizedWad,
    // The global ceiling counts the other classes at their stored rates, and the debt at auction.
    otherClassesDebtWad: snap.classes.filter((c) => c.id !== cls.id).reduce((s, c) => s + debtWad(c.state.totalArt, c.state.rateRay), 0n),
    auctionDebtWad: snap.books?.auctionDebtWad,
    globalDebtCeilingWad: snap.globalDebtCeilingWad,
  };
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
      // This class's seized debt against the debtor: its liquidating positions' recorded liquidation debt.
      seizedWad: snap.positions.filter((p) => p.classId === pos.classId && p.debtor === pos.debtor).reduce((s, p) => s + (p.liquidationDebtWad ?? 0n), 0n),
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
          {p.detail && <> {p.detail}</>}
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
  const input = { art: pos.art, assets, priceKey: pos.priceKey, debtor: pos.debtor };
  const h = useMemo(() => (cls ? health(input, cls.risk, cls.state, snap.market, snap.nowMs) : undefined), [cls, snap, pos]);
  if (!cls || !h) return null;
  const depositable = snap.assets.filter((a) => a.owner === account && a.kind === cls.kind && a.positionId === undefined && a.status === 'Confirmed');
  const dep = depositable.find((a) => String(a.id) === depositId);
  const vaultAddr = manifest.contracts.collateral_vault.address;
  const limits = limitsFor(snap, pos, cls);
  const pBorrow = borrow.value !== undefined ? previewBorrow(input, cls.risk, cls.state, snap.market, limits, borrow.value, snap.nowMs) : undefined;
  const pRepay = repay.value !== undefined ? previewRepay(input, cls.risk, cls.state, snap.market, repay.value, snap.nowMs) : undefined;
  const pDeposit = dep
    ? previewDeposit(input, cls.risk, cls.state, snap.market, { id: dep.id, terms: dep.terms, status: dep.status }, snap.nowMs, { classPriceKeys: cls.priceKeys, assetDebtor: dep.debtor })
    : undefined;
  const pWithdraw = withdrawId ? previewWithdraw(input, cls.risk, cls.state, snap.market, BigInt(withdrawId), snap.paused, snap.nowMs) : undefined;
  const vaultStep = (label: string, fn: string, args: unknown[]): Step => ({ label, contract: suite.vault as never, errorEnum: 'VaultError', fn, args });

  return (
    <Section title={`Position ${pos.id} · ${cls.name}${pos.liquidating ? ' · being liquidated' : ''}`} testid={`position-${pos.id}`}>
      <Dl
        rows={[
          ['Price key', pos.priceKey ? `${pos.priceKey} (every document of this position is valued in it)` : 'none yet: the first deposit sets it'],
          ['Collateral value', <Amount wad={h.valueWad} unit={unit} key="v" />],
          ['Debt (fee included)', <span key="d" data-testid="debt"><Amount wad={h.debtWad} unit={unit} roundUp /></span>],
          ['Fee accrued since last update', <Amount wad={h.accruedFeeWad} unit={unit} roundUp key="f" />],
          // The band says how close liquidation is: the vault's liquidation check (upper price, disputed invoices counted until ruled).
          ['Collateral ratio', <Ratio ratioWad={h.check.ratioWad} band={h.check.band} key="r" />],
          ...(h.check.valueWad !== h.valueWad
            ? ([
                [
                  'For borrowing and withdrawing (lower price, confirmed documents only)',
                  <span key="c" data-testid="lend-ratio">
                    <Amount wad={h.valueWad} unit={unit} />, {h.ratioWad === undefined ? '∞' : `${formatPercent(h.ratioWad)} %`}
                  </span>,
                ],
                ['Collateral value for the liquidation check', <Amount wad={h.check.valueWad} unit={unit} key="cv" />],
              ] as [string, ReactNode][])
            : []),
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
                : `none by price (in ${unit}); only time lowers the value (an overdue invoice declines linearly to 0 over the ${Number(cls.risk.gracePeriodMs / MS_PER_DAY)}-day grace period)`,
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
                <td>
                  {snap.pledged.get(v.id)?.status}
                  {snap.pledged.get(v.id)?.void ? ' (ruled void)' : snap.pledged.get(v.id)?.status === 'Disputed' ? ' (lends nothing; counts for the liquidation check until ruled)' : ''}
                </td>
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
