import { useState } from 'react';
import { annualFeeWad, debtWad, rateAt } from '../../lib/fees';
import { usablePrice } from '../../lib/risk';
import { formatDuration, formatPercent, formatUnits, priceKey, U128_MAX } from '../../lib/units';
import { useApp } from '../context';
import { Amount, AmountInput, ConfirmButton, Dl, Scroll, Section, short, TxStatus, useAmount } from '../ui';
import { useTx } from '../useTx';
import { watchDebtor } from '../watched';

export function RiskScreen() {
  const { snap, suite, account, manifest, refresh } = useApp();
  const unit = manifest.unitKey;
  const tx = useTx(account, refresh);
  const [debtor, setDebtor] = useState(manifest.debtors[0]?.account ?? '');
  const limit = useAmount();
  // The engine's overall limit is the same in every class's answer.
  const liquidationLimit = snap.classes.find((c) => c.liquidationLimits)?.liquidationLimits;
  return (
    <>
      <Section title="Underwriting: buyers and their credit lines" testid="risk-debtors">
        {account && !snap.isUnderwriter && <p className="muted">This account is not an underwriter: it can read, not approve.</p>}
        <div className="row">
          <label className="field">
            <span>Buyer account</span>
            <input value={debtor} onChange={(e) => setDebtor(e.target.value.trim())} size={50} data-testid="underwrite-debtor" />
          </label>
          <AmountInput label="Credit limit" amount={limit} testid="underwrite-limit" unit={unit} />
          <button
            disabled={!debtor || limit.value === undefined || tx.busy}
            data-testid="approve-debtor"
            onClick={() => {
              if (limit.value === undefined) return;
              watchDebtor(manifest.network, debtor);
              tx.run([{ label: `Approve ${short(debtor)} up to ${formatUnits(limit.value)} ${unit}`, contract: suite.vault as never, errorEnum: 'VaultError', fn: 'approveDebtor', args: [debtor, limit.value] }]).then(
                (o) => o === 'finalized' && limit.clear(),
              );
            }}>
            Approve / set limit
          </button>
          <ConfirmButton
            testid="suspend-debtor"
            disabled={!debtor || tx.busy}
            confirmText={`Confirm suspension of ${short(debtor)}`}
            warning="No new borrowing against its invoices until an underwriter approves it again."
            onConfirm={() => {
              watchDebtor(manifest.network, debtor);
              tx.run([{ label: `Suspend ${short(debtor)}`, contract: suite.vault as never, errorEnum: 'VaultError', fn: 'suspendDebtor', args: [debtor] }]);
            }}>
            Suspend
          </ConfirmButton>
        </div>
        <TxStatus state={tx.state} trace={tx.trace} onDismiss={tx.reset} />
        <Scroll>
        <table>
          <thead>
            <tr>
              <th>Buyer</th>
              <th>Line</th>
              <th title="debtor_exposure: every class's debt against its invoices now, seized debt not yet recovered or written off included">Exposure (seized debt included)</th>
              <th>Used</th>
              <th>On time / late / defaulted (unpaid) / disputed</th>
            </tr>
          </thead>
          <tbody>
            {snap.debtors.map((d) => (
              <tr key={d.account} data-testid={`debtor-${d.account}`}>
                <td title={d.account}>{short(d.account)}</td>
                <td>{d.line ? <><Amount wad={d.line.creditLimitWad} unit={unit} />{d.line.suspended ? ' · suspended' : ''}</> : 'not approved'}</td>
                <td>
                  <Amount wad={d.exposureWad} unit={unit} roundUp />
                </td>
                <td>{d.line && d.line.creditLimitWad > 0n && d.exposureWad !== undefined ? `${formatPercent((d.exposureWad * 10n ** 18n) / d.line.creditLimitWad)} %` : '—'}</td>
                <td>
                  {d.record.settledOnTime} / {d.record.settledLate} (max {d.record.maxDaysLate} days) / {d.record.defaulted} ({d.record.unresolvedDefaults}) / {d.record.disputed}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </Scroll>
      </Section>
      <Section title="Collateral classes" testid="risk-classes">
        <Scroll>
        <table>
          <thead>
            <tr>
              <th>Class</th>
              <th>Keys</th>
              <th>Min ratio</th>
              <th>Fee/year</th>
              <th>Debt</th>
              <th title="Seized debt of positions still being liquidated: it counts against the ceiling until recovered or written off">Seized, still counting</th>
              <th>Ceiling</th>
              <th>Per-buyer limit</th>
              <th>Dust</th>
              <th title="liquidation_limits(class): debt and penalty of live liquidations of the class, and the engine's limit for it">Being liquidated / class limit</th>
            </tr>
          </thead>
          <tbody>
            {snap.classes.map((c) => (
              <tr key={c.id}>
                <td>
                  {c.name} ({c.kind})
                </td>
                <td>{c.priceKeys.join(', ')}</td>
                <td>{formatPercent(c.risk.liquidationRatioWad)} %</td>
                <td>{formatPercent(annualFeeWad(c.risk.feePerSecondRay))} %</td>
                <td>
                  <Amount wad={debtWad(c.state.totalArt, rateAt(c.state, c.risk.feePerSecondRay, snap.nowMs))} unit={unit} roundUp />
                </td>
                <td>
                  <Amount wad={c.seizedWad} unit={unit} roundUp />
                </td>
                <td>
                  <Amount wad={c.risk.debtCeilingWad} unit={unit} />
                </td>
                <td>
                  <Amount wad={c.risk.debtorLimitWad} unit={unit} />
                </td>
                <td>
                  <Amount wad={c.risk.dustWad} unit={unit} />
                </td>
                <td data-testid={`class-liquidation-limit-${c.id}`}>
                  {c.liquidationLimits ? (
                    <>
                      <Amount wad={c.liquidationLimits.classDirtWad} unit={unit} roundUp /> /{' '}
                      {c.liquidationLimits.classHoleWad === undefined ? 'no class limit' : <Amount wad={c.liquidationLimits.classHoleWad} unit={unit} />}
                    </>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </Scroll>
      </Section>
      <Section title="Oracle keys" testid="risk-oracle">
        <ReportPrice />
        <Scroll>
        <table>
          <thead>
            <tr>
              <th>Key</th>
              <th title="Lending takes the lower middle value of the reports; the liquidation check and what a debtor pays take the upper">Price (lower / upper)</th>
              <th>Age</th>
              <th title="Distinct fresh reports an answer needs, and a move beyond the guard">Quorum</th>
              <th>State</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(snap.priceInfo).map(([k, v]) => {
              const u = usablePrice(snap.market, k, snap.nowMs);
              return (
                <tr key={k} data-testid={`oracle-${k}`}>
                  <td>{k}</td>
                  <td>
                    {v.quote.ok
                      ? v.quote.upperWad > v.quote.priceWad
                        ? `${formatUnits(v.quote.priceWad, { fraction: 4 })} / ${formatUnits(v.quote.upperWad, { fraction: 4 })} ${unit}`
                        : `${formatUnits(v.quote.priceWad, { fraction: 4 })} ${unit}`
                      : '—'}
                  </td>
                  <td>{v.quote.ok ? formatDuration(snap.nowMs - v.quote.updatedAtMs) : '—'}</td>
                  <td data-testid={`oracle-quorum-${k}`}>
                    {v.quorum !== undefined
                      ? `${v.quorum} of ${v.reporters ?? '?'} reporters; a move past the ${(v.maxDeviationBps ?? 0) / 100} % guard needs ${v.moveQuorum}`
                      : '—'}
                  </td>
                  <td className={'reason' in u ? 'error' : ''}>{v.suspended ? 'suspended' : v.paused ? 'paused' : 'reason' in u ? u.reason : 'fresh'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        </Scroll>
        <p className="muted">The vault accepts answers up to {formatDuration(snap.market.maxPriceAgeMs)} old.</p>
      </Section>
      <Section title="System books" testid="risk-books">
        <Dl
          rows={[
            ['Surplus (fees, penalties)', <Amount wad={snap.books?.surplusWad} unit={unit} key="s" />],
            ['Surplus buffer (kept back)', <Amount wad={snap.surplusBufferWad} unit={unit} key="b" />],
            ['Bad debt', <Amount wad={snap.books?.badDebtWad} unit={unit} key="bd" />],
            ['Debt at auction', <Amount wad={snap.books?.auctionDebtWad} unit={unit} key="ad" />],
            ['Global debt ceiling', <Amount wad={snap.globalDebtCeilingWad} unit={unit} key="g" />],
            [
              'Being liquidated (debt and penalty) / engine limit',
              liquidationLimit ? (
                <span key="h" data-testid="liquidation-limit">
                  <Amount wad={liquidationLimit.dirtWad} unit={unit} roundUp /> /{' '}
                  {liquidationLimit.holeWad === U128_MAX ? 'no limit' : <Amount wad={liquidationLimit.holeWad} unit={unit} />}
                </span>
              ) : (
                '—'
              ),
            ],
            ['Positions', String(snap.books?.positionCount ?? 0n)],
            ['Vault', snap.paused ? 'paused' : 'running'],
            ['Chain time', new Date(Number(snap.nowMs)).toISOString()],
          ]}
        />
        <p className="muted">Max price age {formatDuration(snap.market.maxPriceAgeMs)}.</p>
      </Section>
    </>
  );
}

/** A reporter posts a price (the oracle accepts it only from the key's reporters). */
function ReportPrice() {
  const { snap, suite, account, manifest, refresh } = useApp();
  const tx = useTx(account, refresh);
  const keys = Object.keys(snap.priceInfo);
  const [key, setKey] = useState(keys[0] ?? '');
  const price = useAmount();
  return (
    <div className="row">
      <label className="field">
        <span>Key</span>
        <select value={key} onChange={(e) => setKey(e.target.value)} data-testid="report-key">
          {keys.map((k) => (
            <option key={k}>{k}</option>
          ))}
        </select>
      </label>
      <AmountInput label={`Price (${manifest.unitKey} per unit)`} amount={price} testid="report-price" />
      <button
        disabled={!key || price.value === undefined || tx.busy}
        data-testid="report-submit"
        onClick={() =>
          price.value !== undefined &&
          tx
            .run([{ label: `Report ${key} at ${formatUnits(price.value, { fraction: 4 })}`, contract: suite.oracle as never, errorEnum: 'OracleError', fn: 'submit', args: [priceKey(key), price.value] }])
            .then((o) => o === 'finalized' && price.clear())
        }>
        Report price (reporters)
      </button>
      {snap.priceInfo[key]?.quorum !== undefined && (
        <span className="muted" data-testid="report-quorum">
          An answer needs {snap.priceInfo[key].quorum} reporters’ fresh reports of {key} (the median of them).
        </span>
      )}
      <TxStatus state={tx.state} trace={tx.trace} onDismiss={tx.reset} />
    </div>
  );
}
