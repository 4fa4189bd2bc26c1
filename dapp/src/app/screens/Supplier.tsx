import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { blake2AsHex } from 'dedot/utils';
import { auctionPriceWad } from '../../lib/auction';
import { balanceRefusal } from '../../lib/balance';
import { commodityUnit, formatRatio } from '../../lib/display';
import { describeRefusal } from '../../lib/errors';
import { annualFeeWad, debtWad, REPAY_ALL_MARGIN_MS, repayAllWad } from '../../lib/fees';
import { addDays, checkDate } from '../../lib/inputs';
import { mayMarkPaid } from '../../lib/invoice';
import { hasTrace, proceedsByPosition, type PositionProceeds, type Proceeds, type SaleKind } from '../../lib/proceeds';
import { health, maxBorrow, previewBorrow, previewDeposit, previewRepay, previewWithdraw, type BorrowBound, type BorrowLimits, type MaxBorrow, type Preview } from '../../lib/risk';
import { formatDateMs, utcDay } from '../../lib/terms';
import { formatDuration, formatPercent, formatUnits, MS_PER_DAY, priceKey } from '../../lib/units';
import { useApp } from '../context';
import { PanelBoundary } from '../ErrorBoundary';
import { extendScan, lastScan, type Scan } from '../history';
import { seizedPositions } from '../observed';
import type { AssetRow, ClassRow, PositionRow, Snapshot } from '../suite';
import { Amount, AmountInput, ConfirmButton, Dl, Ratio, Scroll, Section, short, TxStatus, useAmount, useDays } from '../ui';
import { useTx, type Step } from '../useTx';
import { gradingFor, positionInput, withCondition } from '../appraisal';
import { ConditionPanel } from './Condition';
import { PositionGrade } from './Grade';

/** A document in one line; a commodity's quantity with its unit (the manifest's `commodity_units`, else kg / t / … / "units"). */
export function describeAsset(a: AssetRow, commodityUnits?: Record<string, string> | string): string {
  // (A string — the unit key callers used to pass — names no commodity unit.)
  const units = typeof commodityUnits === 'string' ? undefined : commodityUnits;
  const t = a.terms;
  switch (t.kind) {
    case 'Invoice':
      return `Invoice ${formatUnits(t.faceValueWad)} ${t.key} owed by ${short(a.debtor)}, issued ${a.issueDateMs !== undefined ? formatDateMs(a.issueDateMs) : '—'}, due ${formatDateMs(t.dueDateMs)}`;
    case 'WarehouseReceipt':
      return `Warehouse receipt: ${formatUnits(t.quantityWad)} ${commodityUnit(t.key, units)} of ${t.key} at ${short(a.warehouse)}`;
    case 'InTransit':
      return `Shipment: ${formatUnits(t.quantityWad)} ${commodityUnit(t.key, units)} of ${t.key} by ${short(a.carrier)} to ${short(a.destinationWarehouse)}, arriving ${formatDateMs(t.expectedArrivalMs)}`;
  }
}

const KIND_WORDS: Record<AssetRow['kind'], string> = { Invoice: 'invoices', WarehouseReceipt: 'warehouse receipts', InTransit: 'goods in transit' };

/** `scan`: the events to read past sales from (else the session's, read while a position is liquidated or empty). */
export function SupplierScreen({ scan }: { scan?: Scan } = {}) {
  const { snap, account, manifest } = useApp();
  const mine = snap.assets.filter((a) => a.owner === account || (a.originator === account && a.positionId !== undefined));
  const positions = snap.positions.filter((p) => p.owner === account);
  const past = usePastSales(positions, scan);
  // Goods in the wallet (not pledged): their condition, when the deployment has a monitor.
  const goods = snap.condition ? mine.filter((a) => a.kind !== 'Invoice' && a.positionId === undefined) : [];
  return (
    <>
      <Register />
      <Section title="My documents (NFTs)" testid="my-assets">
        {mine.length === 0 ? (
          <p className="muted">No documents yet.</p>
        ) : (
          <Scroll>
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
                  <td>{describeAsset(a, manifest.commodityUnits)}</td>
                  <td data-testid="asset-status">{a.status}</td>
                  <td>{a.positionId !== undefined ? `pledged in position ${a.positionId}` : 'in your wallet'}</td>
                  <td>{a.kind === 'Invoice' && <MarkPaid a={a} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </Scroll>
        )}
      </Section>
      {goods.length > 0 && (
        <Section title="Condition of my goods" testid="my-goods-condition">
          {goods.map((a) => (
            <PanelBoundary key={String(a.id)} title={`Condition of #${a.id}`}>
              <ConditionPanel a={a} scan={scan} />
            </PanelBoundary>
          ))}
        </Section>
      )}
      <OpenPosition />
      {positions.map((p) => (
        <PanelBoundary key={String(p.id)} title={`Position ${p.id}`}>
          <PositionCard pos={p} past={past} scan={scan} />
        </PanelBoundary>
      ))}
    </>
  );
}

/** What the liquidation engine's events tell of the account's positions' past sales, and how far back they were read. */
interface PastSales {
  scan?: Scan;
  reading: boolean;
  error?: string;
  proceeds: Proceeds;
}

/**
 * The session's events (lib/proceeds.ts sums them per position): read, and brought up to the head
 * whenever a sale may have happened (a liquidation's remaining target or documents change, or the
 * balance), while one of `positions` is liquidated or empty (perhaps sold out). `given`: these
 * events, read nothing.
 */
function usePastSales(positions: PositionRow[], given?: Scan): PastSales {
  const { suite, manifest, snap } = useApp();
  const [scan, setScan] = useState<Scan | undefined>(() => given ?? lastScan(manifest));
  const [reading, setReading] = useState(false);
  const [error, setError] = useState<string>();
  const stamp = positions
    .filter((p) => p.liquidating || (p.art === 0n && p.assetIds.length === 0))
    .map((p) => {
      const l = snap.liquidations.get(p.id);
      const docs = [...snap.auctions, ...snap.recoveries].filter((a) => a.positionId === p.id).map((a) => a.assetId);
      return `${p.id}:${p.liquidating}:${l?.debtRemainingWad}:${l?.penaltyRemainingWad}:${docs.join(',')}`;
    })
    .join('|');
  const balance = snap.balanceWad;
  useEffect(() => {
    if (given || stamp === '') return;
    let live = true;
    setReading(true);
    extendScan(suite, manifest)
      .then((s) => live && (setScan(s), setError(undefined)))
      .catch((e: Error) => live && setError(e.message))
      .finally(() => live && setReading(false));
    return () => {
      live = false;
    };
  }, [given, stamp, balance, suite, manifest]);
  const events = given ?? scan;
  const proceeds = useMemo(() => proceedsByPosition(events?.entries ?? [], seizedPositions(snap)), [events, snap]);
  return { scan: events, reading: !given && reading, error, proceeds };
}

const SALE_WORDS: Record<SaleKind, string> = {
  taken: 'sold at auction',
  settledAtAuction: 'paid by its debtor at auction',
  recoveryPaid: 'paid by its debtor in recovery',
};

/** A liquidated position's trace: what each sale paid, to the debt, the penalty, a loss, and what came back to the owner. */
function PastSalesView({ p, past, unit }: { p?: PositionProceeds; past: PastSales; unit: string }) {
  const { snap, manifest } = useApp();
  if (!past.scan)
    return (
      <p className="muted" data-testid="proceeds-reading">
        {past.error ? `The past sales could not be read: ${past.error}` : 'Reading the past sales from the chain’s events…'}
      </p>
    );
  const range = `blocks #${past.scan.fromBlock} to #${past.scan.toBlock}`;
  const unattributed = past.proceeds.unattributed
    ? ` ${past.proceeds.unattributed} sale${past.proceeds.unattributed === 1 ? '' : 's'} in those blocks, of any position, could not be tied to ${past.proceeds.unattributed === 1 ? 'its' : 'their'} position (the auction started before them).`
    : '';
  if (!hasTrace(p))
    return (
      <p className="muted" data-testid="proceeds-none">
        No sale of its documents in the chain’s events of {range}{past.reading ? ' (reading newer blocks…)' : ''}.{unattributed}
      </p>
    );
  const n = p.sales.length;
  const loss = p.toLossWad > 0n;
  return (
    <div data-testid="proceeds">
      <p data-testid="proceeds-returned">
        <strong>
          <Amount wad={p.toOwnerWad} unit={unit} /> returned to you
        </strong>{' '}
        {n > 0
          ? `from ${n} sale${n === 1 ? '' : 's'} of its documents (a buyer’s at auction, or its debtor’s payment), paid to your account as each happened.`
          : 'from a sale: none of its documents was sold in the events read.'}
      </p>
      {n > 0 && (
        <Dl
          rows={[
            ['Sold for (what buyers and debtors paid)', <span key="s" data-testid="proceeds-paid"><Amount wad={p.paidWad} unit={unit} /></span>],
            ['to the liquidated debt', <Amount key="d" wad={p.toDebtWad} unit={unit} />],
            ['to the liquidation penalty', <span key="p" data-testid="proceeds-penalty"><Amount wad={p.toPenaltyWad} unit={unit} /></span>],
            ...(loss ? ([['to the ended liquidation’s loss', <Amount key="l" wad={p.toLossWad} unit={unit} />]] as [string, ReactNode][]) : []),
            ['returned to you', <span key="o" data-testid="proceeds-owner"><Amount wad={p.toOwnerWad} unit={unit} /></span>],
          ]}
        />
      )}
      {n > 0 && (
        <Scroll>
          <table data-testid="proceeds-sales">
            <thead>
              <tr>
                <th>Block</th>
                <th>Document</th>
                <th>Paid</th>
                <th>Debt</th>
                <th>Penalty</th>
                {loss && <th>Loss</th>}
                <th>To you</th>
              </tr>
            </thead>
            <tbody>
              {p.sales.map((x) => {
                const row = snap.assets.find((a) => a.id === x.assetId);
                return (
                  <tr key={`${x.blockNumber}-${x.assetId}`} data-testid={`proceeds-sale-${x.assetId}`}>
                    <td title={x.txHash}>#{x.blockNumber}</td>
                    <td>
                      #{String(x.assetId)} {SALE_WORDS[x.kind]}
                      {row ? ` (${describeAsset(row, manifest.commodityUnits)})` : ''}
                    </td>
                    <td><Amount wad={x.paidWad} unit={unit} /></td>
                    <td><Amount wad={x.toDebtWad} unit={unit} /></td>
                    <td><Amount wad={x.toPenaltyWad} unit={unit} /></td>
                    {loss && <td><Amount wad={x.toLossWad} unit={unit} /></td>}
                    <td><Amount wad={x.toOwnerWad} unit={unit} /></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </Scroll>
      )}
      {p.liquidations.map((l) => (
        <p key={String(l.liquidationId)} className="muted" data-testid="proceeds-liquidation">
          Liquidated in block #{l.blockNumber} (liquidation {String(l.liquidationId)}): <Amount wad={l.debtWad} unit={unit} /> of debt and <Amount wad={l.penaltyWad} unit={unit} /> of penalty to
          raise.
        </p>
      ))}
      {p.returnedAssetIds.length > 0 && (
        <p className="muted" data-testid="proceeds-unsold">
          Handed back to you unsold (the liquidation was covered without {p.returnedAssetIds.length === 1 ? 'it' : 'them'}): {p.returnedAssetIds.map((id) => `#${id}`).join(', ')}.
        </p>
      )}
      <p className="muted">
        From the liquidation engine’s events of {range}
        {past.reading ? ' (reading newer blocks…)' : ''} (the History tab can read further back).{unattributed}
      </p>
    </div>
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
        disabled={tx.busy}
        onClick={() => tx.run([{ label: `Mark invoice #${a.id} paid to me outside the vault`, contract: suite.registry as never, errorEnum: 'RegistryError', fn: 'markPaid', args: [a.id] }])}>
        I was paid outside: mark paid
      </button>
      <TxStatus state={tx.state} trace={tx.trace} onDismiss={tx.reset} />
    </>
  );
}

function Register() {
  const { suite, manifest, snap, account, refresh } = useApp();
  const tx = useTx(account, refresh);
  const [kind, setKind] = useState<'Invoice' | 'WarehouseReceipt' | 'InTransit'>('Invoice');
  const [hash, setHash] = useState<`0x${string}`>();
  const [fileName, setFileName] = useState('');
  const [fileKey, setFileKey] = useState(0);
  const [party, setParty] = useState(manifest.debtors[0]?.account ?? '');
  const [destination, setDestination] = useState('');
  const keys = [...new Set(snap.classes.filter((c) => c.kind === kind).flatMap((c) => c.priceKeys))];
  const [key, setKey] = useState('');
  const currency = keys.includes(key) ? key : (keys[0] ?? '');
  const amount = useAmount();
  const days = useDays('60');
  // Dates are whole days (midnight UTC), as on the paper document: the confirmer enters them from its own copy.
  const [issueText, setIssueText] = useState('');
  const issue = issueText.trim() === '' ? ({ ok: true, value: utcDay(snap.nowMs) } as const) : checkDate(issueText, 'issue date');
  const issueMs = issue.ok ? issue.value : undefined;
  const base = kind === 'Invoice' ? issueMs : utcDay(snap.nowMs);
  const later = base !== undefined && days.value !== undefined ? addDays(base, days.value) : undefined;
  // No class of this kind: nothing registered could ever be pledged, and there is no key to choose.
  const noClass = keys.length === 0;

  const onFile = async (f?: File) => {
    if (!f) return;
    setFileName(f.name);
    setHash(blake2AsHex(new Uint8Array(await f.arrayBuffer()), 256));
  };

  const datesOk = kind === 'WarehouseReceipt' || (later !== undefined && issueMs !== undefined);
  const ready = !!hash && amount.value !== undefined && !!party && !!account && datesOk && !noClass && !tx.busy;
  const submit = () => {
    if (!ready || !hash || amount.value === undefined || later === undefined && kind !== 'WarehouseReceipt') return;
    const value =
      kind === 'Invoice'
        ? { type: 'Invoice', value: { faceValueWad: amount.value, currency: priceKey(currency), debtor: party, issueDateMs: issueMs!, dueDateMs: later!, documentHash: hash } }
        : kind === 'WarehouseReceipt'
          ? { type: 'WarehouseReceipt', value: { commodity: priceKey(currency), quantityWad: amount.value, warehouse: party, documentHash: hash } }
          : {
              type: 'InTransit',
              value: { commodity: priceKey(currency), quantityWad: amount.value, carrier: party, destinationWarehouse: destination || party, expectedArrivalMs: later!, documentHash: hash },
            };
    tx.run([{ label: 'Register the document', contract: suite.registry as never, errorEnum: 'RegistryError', fn: 'register', args: [value] }]).then((o) => {
      if (o !== 'finalized') return; // a refusal stays on screen with the fields as they were
      amount.clear();
      setHash(undefined);
      setFileName('');
      setFileKey((k) => k + 1);
    });
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
          <input key={fileKey} type="file" onChange={(e) => onFile(e.target.files?.[0])} data-testid="register-file" />
        </label>
        {hash && (
          <span className="muted" data-testid="register-hash" title={hash}>
            {fileName}: blake2-256 {hash.slice(0, 18)}…
          </span>
        )}
      </div>
      {noClass && (
        <p className="error" data-testid="register-no-class">
          No collateral class of this network accepts {KIND_WORDS[kind]}: such a document could never be pledged, so it is not offered here. The network’s operator adds one
          (a <code>[[class]]</code> of this kind in its deployment file).
        </p>
      )}
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
            <input value={destination} onChange={(e) => setDestination(e.target.value.trim())} size={50} data-testid="register-destination" />
          </label>
        )}
        <label className="field">
          <span>{kind === 'Invoice' ? 'Currency' : 'Commodity'}</span>
          <select value={currency} onChange={(e) => setKey(e.target.value)} data-testid="register-key" disabled={noClass}>
            {keys.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <AmountInput
          label={kind === 'Invoice' ? 'Face value' : `Quantity (${commodityUnit(currency, manifest.commodityUnits)})`}
          amount={amount}
          testid="register-amount"
          unit={kind === 'Invoice' ? currency : `${commodityUnit(currency, manifest.commodityUnits)} of ${currency}`}
        />
        {kind === 'Invoice' && (
          <label className="field">
            <span>Issue date (UTC)</span>
            <input value={issueText} onChange={(e) => setIssueText(e.target.value)} placeholder={formatDateMs(utcDay(snap.nowMs))} size={12} data-testid="register-issue" />
            {!issue.ok && (
              <span className="error" data-testid="register-issue-error">
                {issue.error}
              </span>
            )}
          </label>
        )}
        {kind !== 'WarehouseReceipt' && (
          <label className="field">
            <span>{kind === 'Invoice' ? 'Due (whole days after issue)' : 'Arrives in (whole days from today)'}</span>
            <input inputMode="numeric" value={days.text} onChange={(e) => days.setText(e.target.value)} size={5} data-testid="register-days" aria-invalid={!!days.error} />
            {later !== undefined ? (
              <span className="muted" data-testid="register-date">
                {kind === 'Invoice' ? 'due' : 'arriving'} {formatDateMs(later)}
              </span>
            ) : (
              days.error && (
                <span className="error" data-testid="register-days-error">
                  {days.error}
                </span>
              )
            )}
          </label>
        )}
      </div>
      <p className="muted">
        The buyer (or the warehouse / carrier) confirms by entering these terms from its own records: every one must match, the dates to the day.
      </p>
      <button disabled={!ready} onClick={submit} data-testid="register-submit">
        Register
      </button>
      <TxStatus state={tx.state} trace={tx.trace} onDismiss={tx.reset} />
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
        <button disabled={!account || tx.busy || snap.classes.length === 0} data-testid="open-submit" onClick={() => tx.run([{ label: 'Open a position', contract: suite.vault as never, errorEnum: 'VaultError', fn: 'openPosition', args: [cls] }])}>
          Open
        </button>
      </div>
      <TxStatus state={tx.state} trace={tx.trace} onDismiss={tx.reset} />
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

const BOUND_TEXT: Record<BorrowBound, string> = {
  ratio: 'the minimum collateral ratio',
  classCeiling: 'the class’s debt ceiling',
  globalCeiling: 'the vault’s global debt ceiling',
  debtorLimit: 'the buyer’s concentration limit in this class',
  creditLimit: 'the buyer’s credit line',
  paused: 'the vault being paused',
  unpriced: 'a missing price',
  debtorNotApproved: 'the buyer not being approved by an underwriter',
  debtorSuspended: 'the buyer’s suspended line',
  debtorInDefault: 'the buyer’s unpaid default',
};

/** "Max borrow now" in words: the amount and the limit that binds it, or why nothing can be borrowed. */
export function maxBorrowText(m: MaxBorrow, dustWad: bigint, unit: string): string {
  if (m.belowDust)
    return `nothing: the most the limits allow would leave a debt below the class’s minimum loan of ${formatUnits(dustWad)} ${unit} (limited by ${BOUND_TEXT[m.boundBy]})`;
  if (m.amountWad === 0n) return `nothing (limited by ${BOUND_TEXT[m.boundBy]})`;
  return `limited by ${BOUND_TEXT[m.boundBy]}`;
}

/** What a liquidated position's card still shows of its figures (the rest is the liquidation's). */
const LIQUIDATED_ROWS = ['Price key', 'Minimum ratio', 'Liquidation penalty', 'Minimum loan'];

function PositionCard({ pos, past, scan }: { pos: PositionRow; past: PastSales; scan?: Scan }) {
  const { snap, suite, manifest, account, refresh } = useApp();
  const unit = manifest.unitKey;
  const cls = snap.classes.find((c) => c.id === pos.classId);
  const tx = useTx(account, refresh);
  const borrow = useAmount();
  const repay = useAmount();
  const [depositId, setDepositId] = useState('');
  const [withdrawId, setWithdrawId] = useState('');
  const [refusedHere, setRefusedHere] = useState<string>();
  const input = positionInput(snap, pos);
  const h = useMemo(() => (cls ? health(input, cls.risk, cls.state, snap.market, snap.nowMs) : undefined), [cls, snap, pos]);
  if (!cls || !h) return null;
  const depositable = snap.assets.filter((a) => a.owner === account && a.kind === cls.kind && a.positionId === undefined && a.status === 'Confirmed');
  const dep = depositable.find((a) => String(a.id) === depositId);
  const vaultAddr = manifest.contracts.collateral_vault.address;
  const limits = limitsFor(snap, pos, cls);
  const max = maxBorrow(input, cls.risk, cls.state, snap.market, limits, snap.nowMs);
  const pBorrow = borrow.value !== undefined ? previewBorrow(input, cls.risk, cls.state, snap.market, limits, borrow.value, snap.nowMs) : undefined;
  const pRepay = repay.value !== undefined ? previewRepay(input, cls.risk, cls.state, snap.market, repay.value, snap.nowMs) : undefined;
  // The first invoice sets the position's debtor: the deposit is previewed at its debtor's grade.
  const depInput = dep && !pos.debtor && dep.debtor ? { ...input, grading: gradingFor(snap, cls.id, dep.debtor) } : input;
  const pDeposit = dep
    ? previewDeposit(depInput, cls.risk, cls.state, snap.market, withCondition(snap, { id: dep.id, terms: dep.terms, status: dep.status }, cls.id), snap.nowMs, { classPriceKeys: cls.priceKeys, assetDebtor: dep.debtor })
    : undefined;
  const pWithdraw = withdrawId ? previewWithdraw(input, cls.risk, cls.state, snap.market, BigInt(withdrawId), snap.paused, snap.nowMs) : undefined;
  const vaultStep = (label: string, fn: string, args: unknown[]): Step => ({ label, contract: suite.vault as never, errorEnum: 'VaultError', fn, args });
  const busy = tx.busy;
  // "Repay all" offers the debt 10 minutes ahead (the vault takes min(offer, debt) in the block it runs in); the balance must hold today's debt.
  const repayAll = repayAllWad(pos.art, cls.state, cls.risk.feePerSecondRay, snap.nowMs);
  const approveRepay = (offerWad: bigint, needWad: bigint, label: string, after: () => void) => {
    const why = balanceRefusal(snap.account === account ? snap.balanceWad : undefined, needWad, unit);
    setRefusedHere(why);
    if (why) return;
    tx.run([
      { label: `Approve the vault to take up to ${formatUnits(offerWad, { roundUp: true })} ${unit}`, contract: suite.coin as never, errorEnum: 'PSP22Error', fn: 'psp22Approve', args: [vaultAddr, offerWad] },
      vaultStep(label, 'repay', [pos.id, offerWad]),
    ]).then((o) => o === 'finalized' && after());
  };
  const liq = snap.liquidations.get(pos.id);
  const auctions = snap.auctions.filter((a) => a.positionId === pos.id);
  const recoveries = snap.recoveries.filter((r) => r.positionId === pos.id);
  const stillOwed = liq ? liq.debtRemainingWad + liq.penaltyRemainingWad : undefined;
  const proceeds = past.proceeds.byPosition.get(pos.id);

  return (
    <Section title={`Position ${pos.id} · ${cls.name}${pos.liquidating ? ' · being liquidated' : ''}`} testid={`position-${pos.id}`}>
      {pos.liquidating && (
        <div className="liquidated" data-testid="liquidated">
          <p>
            <strong>This position was liquidated.</strong> Its documents were seized and are sold at auction (or held in recovery when they have no value); each sale pays
            the liquidated debt first, then the {formatPercent(cls.liquidationPenaltyWad)} % liquidation penalty, and whatever is left comes back to you.
          </p>
          <Dl
            rows={[
              ['Still owed (debt and penalty, the engine’s count)', stillOwed !== undefined ? <span key="o" data-testid="liquidation-owed"><Amount wad={stillOwed} unit={unit} roundUp /></span> : '—'],
              ['of which debt', liq ? <span key="d" data-testid="liquidation-debt"><Amount wad={liq.debtRemainingWad} unit={unit} roundUp /></span> : '—'],
              ['of which penalty', liq ? <span key="p" data-testid="liquidation-penalty"><Amount wad={liq.penaltyRemainingWad} unit={unit} roundUp /></span> : '—'],
              ['Debt the vault still records (counts against the ceilings)', <Amount key="v" wad={pos.liquidationDebtWad} unit={unit} roundUp />],
              ['Liquidation penalty of the class', `${formatPercent(cls.liquidationPenaltyWad)} % of the debt`],
            ]}
          />
          {auctions.length > 0 && (
            <Scroll>
              <table data-testid="liquidation-auctions">
                <thead>
                  <tr>
                    <th>Auctioned</th>
                    <th>Price now</th>
                    <th>Start</th>
                    <th>Reserve</th>
                  </tr>
                </thead>
                <tbody>
                  {auctions.map((a) => {
                    const price = auctionPriceWad(a, snap.nowMs);
                    const row = snap.assets.find((x) => x.id === a.assetId);
                    return (
                      <tr key={String(a.assetId)}>
                        <td>#{String(a.assetId)} {row ? describeAsset(row, manifest.commodityUnits) : ''}</td>
                        <td>{price !== undefined ? <Amount wad={price} unit={unit} roundUp /> : 'waiting for a restart'}</td>
                        <td><Amount wad={a.startPriceWad} unit={unit} /></td>
                        <td><Amount wad={a.floorWad} unit={unit} /></td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </Scroll>
          )}
          {recoveries.map((r) => (
            <p key={String(r.assetId)} className="muted" data-testid="liquidation-recovery">
              #{String(r.assetId)} is in recovery{r.writtenOff ? ' (written off)' : r.writeOffAtMs > snap.nowMs ? `; it may be written off in ${formatDuration(r.writeOffAtMs - snap.nowMs)}` : ''}.
            </p>
          ))}
          {auctions.length === 0 && recoveries.length === 0 && <p className="muted">No seized document is at auction or in recovery any more: the liquidation is ending.</p>}
          <PastSalesView p={proceeds} past={past} unit={unit} />
        </div>
      )}
      {!pos.liquidating && hasTrace(proceeds) && (
        <div className="liquidated" data-testid="sold">
          <p>
            <strong>This position was liquidated.</strong> Its seized documents were sold (or paid by their debtors): each sale paid the liquidated debt first, then the penalty,
            and the rest came back to you.
          </p>
          <PastSalesView p={proceeds} past={past} unit={unit} />
        </div>
      )}
      <Dl
        rows={(
          [
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
                    <Amount wad={h.valueWad} unit={unit} />, {formatRatio(h.ratioWad)}
                  </span>,
                ],
                ['Collateral value for the liquidation check', <Amount wad={h.check.valueWad} unit={unit} key="cv" />],
              ] as [string, ReactNode][])
            : []),
          ['Minimum ratio', `${formatPercent(cls.risk.liquidationRatioWad)} %`],
          ['Liquidation penalty', <span key="lp" data-testid="penalty">{formatPercent(cls.liquidationPenaltyWad)} % of the debt</span>],
          ['Minimum loan', <span key="dust" data-testid="dust"><Amount wad={cls.risk.dustWad} unit={unit} /> (a debt may be 0 or at least this)</span>],
          [
            'Max borrow now',
            <span key="m" data-testid="max-borrow" data-bound={max.boundBy} data-below-dust={String(max.belowDust)}>
              <Amount wad={max.amountWad} unit={unit} /> <span className="muted">({maxBorrowText(max, cls.risk.dustWad, unit)})</span>
            </span>,
          ],
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
          ] as [string, ReactNode][]
        ).filter(([k]) => !pos.liquidating || LIQUIDATED_ROWS.includes(k))}
      />
      {h.unpricedKeys.length > 0 && <p className="error">No usable price for {h.unpricedKeys.join(', ')}: borrowing and withdrawing are refused until it is fresh, and so is liquidation.</p>}
      {h.assets.length > 0 && (
        <Scroll>
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
                    <td>{row ? describeAsset(row, manifest.commodityUnits) : '—'}</td>
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
        </Scroll>
      )}
      <PositionGrade pos={pos} cls={cls} />
      {pos.assetIds.map((id) => {
        const row = snap.assets.find((a) => a.id === id);
        return row && row.kind !== 'Invoice' ? (
          <PanelBoundary key={String(id)} title={`Condition of #${id}`}>
            <ConditionPanel a={row} scan={scan} />
          </PanelBoundary>
        ) : null;
      })}
      {!pos.liquidating && (
        <div className="actions">
          <div className="action">
            <label className="field">
              <span>Deposit</span>
              <select value={depositId} onChange={(e) => setDepositId(e.target.value)} data-testid="deposit-asset">
                <option value="">choose a confirmed document</option>
                {depositable.map((a) => (
                  <option key={String(a.id)} value={String(a.id)}>
                    #{String(a.id)} {describeAsset(a, manifest.commodityUnits)}
                  </option>
                ))}
              </select>
            </label>
            <PreviewLine p={pDeposit} unit={unit} verb="the deposit" />
            <button
              disabled={!dep || !!pDeposit?.refusal || busy}
              data-testid="deposit-submit"
              onClick={() =>
                dep &&
                tx
                  .run([
                    { label: `Approve the vault to take NFT #${dep.id}`, contract: suite.registry as never, errorEnum: 'RegistryError', fn: 'psp34Approve', args: [vaultAddr, { type: 'U128', value: dep.id }, true] },
                    vaultStep(`Deposit NFT #${dep.id}`, 'deposit', [pos.id, dep.id]),
                  ])
                  .then((o) => o === 'finalized' && setDepositId(''))
              }>
              Approve and deposit
            </button>
          </div>
          <div className="action">
            <AmountInput label="Borrow" amount={borrow} testid="borrow-amount" unit={unit} />
            <PreviewLine p={pBorrow} unit={unit} verb="borrowing" />
            <button
              disabled={borrow.value === undefined || busy}
              data-testid="borrow-submit"
              onClick={() => borrow.value !== undefined && tx.run([vaultStep(`Borrow ${formatUnits(borrow.value)} ${unit}`, 'borrow', [pos.id, borrow.value])]).then((o) => o === 'finalized' && borrow.clear())}>
              Borrow
            </button>
            <button className="link" data-testid="borrow-max" disabled={max.amountWad === 0n} onClick={() => borrow.setText(formatUnits(max.amountWad, { fraction: 18, pad: false }).replace(/,/g, ''))}>
              max
            </button>
          </div>
          <div className="action">
            <AmountInput label="Repay" amount={repay} testid="repay-amount" unit={unit} />
            <PreviewLine p={pRepay} unit={unit} verb="repaying" />
            <button
              disabled={repay.value === undefined || !!pRepay?.refusal || busy}
              data-testid="repay-submit"
              onClick={() => {
                if (repay.value === undefined) return;
                // Offering the whole debt or more: repay all (the debt a margin ahead, capped by the vault at the debt then).
                const all = repay.value >= h.debtWad;
                const offer = all ? (repay.value > repayAll ? repay.value : repayAll) : repay.value;
                approveRepay(offer, all ? h.debtWad : repay.value, all ? `Repay all of position ${pos.id}` : `Repay ${formatUnits(repay.value)} ${unit}`, repay.clear);
              }}>
              Approve and repay
            </button>
            <button
              data-testid="repay-all"
              disabled={pos.art === 0n || busy}
              title={`Offers the debt as it will be in ${formatDuration(REPAY_ALL_MARGIN_MS)} (${formatUnits(repayAll, { roundUp: true })} ${unit}); the vault takes only the debt at the block it runs in.`}
              onClick={() => approveRepay(repayAll, h.debtWad, `Repay all of position ${pos.id}`, repay.clear)}>
              Repay all
            </button>
            {pos.art > 0n && (
              <div className="muted" data-testid="repay-all-offer">
                Repay all offers <Amount wad={repayAll} unit={unit} roundUp /> (the debt in {formatDuration(REPAY_ALL_MARGIN_MS)}, fee included); the vault takes only the debt at the block it runs
                in. You need at least <Amount wad={h.debtWad} unit={unit} roundUp />.
              </div>
            )}
            {refusedHere && (
              <div className="error" data-testid="balance-refusal">
                {refusedHere}
              </div>
            )}
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
            <button
              disabled={!withdrawId || busy}
              data-testid="withdraw-submit"
              onClick={() => tx.run([vaultStep(`Withdraw NFT #${withdrawId}`, 'withdraw', [pos.id, BigInt(withdrawId)])]).then((o) => o === 'finalized' && setWithdrawId(''))}>
              Withdraw
            </button>
          </div>
          <div className="action">
            <span className="muted">Close: returns every NFT and ends the position for good; needs no debt.</span>
            <ConfirmButton
              testid="close-submit"
              disabled={pos.art !== 0n || busy}
              confirmText={`Confirm close of position ${pos.id}`}
              warning="The position cannot be reopened."
              onConfirm={() => tx.run([vaultStep(`Close position ${pos.id}`, 'close', [pos.id])])}>
              Close
            </ConfirmButton>
          </div>
        </div>
      )}
      <TxStatus state={tx.state} trace={tx.trace} onDismiss={tx.reset} />
    </Section>
  );
}
