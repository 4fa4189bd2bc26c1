import { useEffect, useState } from 'react';
import { fieldText, involving, priceSeries, ratioHistory, DEFAULT_DEPTH, type HistoryEntry } from '../../lib/history';
import { ratioSeries } from '../../lib/chart';
import { useApp } from '../context';
import { AuctionChart, PriceChart, RatioChart } from '../Charts';
import { keepScan, scanHistory, type Scan } from '../history';
import { observations, observationOf, valueAtPrice } from '../observed';
import { Section, short } from '../ui';

/** The connected account's actions from the suite's events, and the charts. */
export function HistoryScreen({ initial }: { initial?: Scan }) {
  const { suite, manifest, account } = useApp();
  const [depth, setDepth] = useState(String(DEFAULT_DEPTH));
  const [scan, setScan] = useState<Scan | undefined>(initial);
  const [progress, setProgress] = useState<string>();
  const [error, setError] = useState<string>();
  const [signedOnly, setSignedOnly] = useState(false);
  const run = () => {
    const n = Number(depth);
    if (!Number.isInteger(n) || n < 1 || n > 100_000) return setError('Blocks to scan: a whole number from 1 to 100 000.');
    setError(undefined);
    setProgress('reading blocks…');
    scanHistory(suite, manifest, n, (d, t) => d % 50 === 0 && setProgress(`${d} of ${t} blocks read`))
      .then((s) => (setScan(s), keepScan(manifest, s), setProgress(undefined)))
      .catch((e: Error) => (setError(`Could not read the blocks: ${e.message}`), setProgress(undefined)));
  };
  useEffect(() => {
    if (!initial) run();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const mine = involving(scan?.entries ?? [], account, signedOnly);
  return (
    <>
      <Section title="My history" testid="history">
        <div className="row">
          <label className="field">
            <span>Blocks to scan (newest first)</span>
            <input value={depth} onChange={(e) => setDepth(e.target.value)} size={8} data-testid="history-depth" />
          </label>
          <button onClick={run} disabled={!!progress} data-testid="history-scan">
            Scan again
          </button>
          <label className="field">
            <span>Only transactions I signed</span>
            <input type="checkbox" checked={signedOnly} onChange={(e) => setSignedOnly(e.target.checked)} data-testid="history-signed-only" />
          </label>
          {progress && <span className="muted">{progress}</span>}
          {error && <span className="error">{error}</span>}
        </div>
        {scan && (
          <p className="muted" data-testid="history-range">
            Blocks #{scan.fromBlock} to #{scan.toBlock}: {scan.entries.length} events of the suite, {mine.length} {signedOnly ? 'signed by' : 'signed by or naming'} {account ? short(account) : 'no account (connect one)'}
            {scan.undecodable ? `; ${scan.undecodable} could not be decoded with this dApp’s metadata` : ''}.
            {scan.pruned ? (
              <span data-testid="history-pruned">
                {' '}
                {scan.pruned} older blocks could not be read: this node no longer keeps their state (a node started with --state-pruning archive keeps it all).
              </span>
            ) : null}
          </p>
        )}
        <HistoryTable entries={mine} />
      </Section>
      <ChartsSection scan={scan} />
    </>
  );
}

export function HistoryTable({ entries }: { entries: HistoryEntry[] }) {
  if (entries.length === 0) return <p className="muted">Nothing in the blocks scanned.</p>;
  return (
    <table data-testid="history-table">
      <thead>
        <tr>
          <th>Block</th>
          <th>Contract</th>
          <th>Event</th>
          <th>Details</th>
          <th>Signed by</th>
          <th>Transaction</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={`${e.blockNumber}-${e.index}`} data-testid={`history-${e.blockNumber}-${e.index}`}>
            <td>#{e.blockNumber}</td>
            <td>{e.contract}</td>
            <td>{e.event}</td>
            <td className="mono">
              {Object.entries(e.data)
                .map(([k, v]) => `${k}: ${fieldText(k, v, short)}`)
                .join(', ')}
            </td>
            <td>{short(e.signer)}</td>
            <td className="mono" title={e.txHash}>
              {e.txHash ? `${e.txHash.slice(0, 10)}…` : '—'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ChartsSection({ scan }: { scan?: Scan }) {
  const { snap, manifest, account } = useApp();
  const unit = manifest.unitKey;
  const keys = Object.keys(snap.priceInfo).filter((k) => k !== unit);
  const myPositions = snap.positions.filter((p) => p.owner === account && !p.liquidating);
  return (
    <Section title="Charts" testid="charts">
      <h3>Prices</h3>
      <div className="charts">
        {keys.map((k) => {
          const q = snap.priceInfo[k].quote;
          return <PriceChart key={k} symbol={k} unit={unit} history={priceSeries(scan?.entries ?? [], k)} current={q.ok ? { tMs: q.updatedAtMs, priceWad: q.priceWad } : undefined} />;
        })}
      </div>
      <h3>My positions’ collateral ratio</h3>
      <div className="charts">
        {myPositions.length === 0 ? (
          <p className="muted">No open position of this account.</p>
        ) : (
          myPositions.map((p) => {
            const cls = snap.classes.find((c) => c.id === p.classId)!;
            const now = observationOf(snap, p.id);
            const valueAt = valueAtPrice(snap, p.id);
            const past = valueAt ? ratioHistory(scan?.entries ?? [], p.id, p.priceKey === unit ? undefined : p.priceKey, valueAt) : [];
            const pts = ratioSeries([...past, ...observations(p.id), ...(now ? [now] : [])]);
            return <RatioChart key={String(p.id)} positionId={p.id} points={pts} liquidationRatioWad={cls.risk.liquidationRatioWad} />;
          })
        )}
      </div>
      <h3>Live auctions</h3>
      <div className="charts">
        {snap.auctions.length === 0 ? (
          <p className="muted">No auction is running.</p>
        ) : (
          snap.auctions.map((a) => <AuctionChart key={String(a.assetId)} assetId={a.assetId} auction={a} nowMs={snap.nowMs} unit={unit} />)
        )}
      </div>
    </Section>
  );
}
