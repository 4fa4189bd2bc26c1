import { useState } from 'react';
import { auctionEndsAtMs, auctionPriceWad } from '../../lib/auction';
import { health } from '../../lib/risk';
import { formatDuration, formatUnits } from '../../lib/units';
import { useApp } from '../context';
import type { AuctionRow } from '../suite';
import { Amount, AmountInput, Ratio, Section, short, TxStatus, useAmount } from '../ui';
import { useTx } from '../useTx';

export function KeeperScreen() {
  const { snap, suite, account, manifest, refresh } = useApp();
  const tx = useTx(account, refresh);
  const unit = manifest.unitKey;
  if (!suite.engine) return <p className="error">This deployment has no liquidation engine: nothing can be liquidated from the dApp.</p>;
  const rows = snap.positions
    .filter((p) => p.art > 0n && !p.liquidating)
    .map((p) => {
      const cls = snap.classes.find((c) => c.id === p.classId)!;
      const assets = p.assetIds.map((id) => snap.pledged.get(id)).filter((a) => !!a);
      return { p, cls, h: health({ art: p.art, assets }, cls.risk, cls.state, snap.market, snap.nowMs) };
    })
    .sort((a, b) => Number((a.h.ratioWad ?? 0n) - (b.h.ratioWad ?? 0n)));
  const engine = manifest.contracts.liquidation_engine!.address;
  return (
    <>
      <Section title="Positions with debt (riskiest first)" testid="keeper-positions">
        {snap.keeperReward && (
          <p className="muted">
            Keeper reward for a liquidation: <Amount wad={snap.keeperReward.tipWad} unit={unit} /> plus {formatUnits(snap.keeperReward.chipWad * 100n, { fraction: 2 })} % of the debt.
          </p>
        )}
        <table>
          <thead>
            <tr>
              <th>Position</th>
              <th>Owner</th>
              <th>Debt</th>
              <th>Collateral</th>
              <th>Ratio</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map(({ p, h }) => (
              <tr key={String(p.id)} data-testid={`keeper-position-${p.id}`}>
                <td>{String(p.id)}</td>
                <td>{short(p.owner)}</td>
                <td>
                  <Amount wad={h.debtWad} unit={unit} roundUp />
                </td>
                <td>
                  <Amount wad={h.valueWad} unit={unit} />
                  {h.unpricedKeys.length ? ` (no price: ${h.unpricedKeys.join(', ')}, counted 0)` : ''}
                </td>
                <td>
                  <Ratio ratioWad={h.ratioWad} band={h.band} />
                </td>
                <td>
                  <button
                    disabled={h.safe}
                    data-testid="liquidate"
                    onClick={() => tx.run([{ label: `Liquidate position ${p.id}`, contract: suite.engine as never, errorEnum: 'EngineError', fn: 'liquidate', args: [p.id] }])}>
                    {h.safe ? 'safe' : 'Liquidate'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <TxStatus state={tx.state} />
      </Section>
      <Section title="Live auctions" testid="keeper-auctions">
        {snap.auctions.length === 0 ? <p className="muted">No auction is running.</p> : snap.auctions.map((a) => <AuctionCard key={String(a.assetId)} a={a} engine={engine} />)}
      </Section>
      <Section title="In recovery (never auctioned at zero)" testid="keeper-recoveries">
        {snap.recoveries.length === 0 ? (
          <p className="muted">Nothing is in recovery.</p>
        ) : (
          snap.recoveries.map((r) => (
            <div key={String(r.assetId)} className="invoice">
              #{String(r.assetId)} of position {String(r.positionId)} since {formatDuration(snap.nowMs - r.sinceMs)} {r.disputeUpheld ? '· dispute upheld' : ''} {r.writtenOff ? '· written off' : ''}
              <button
                disabled={r.writtenOff}
                onClick={() => tx.run([{ label: `Write off #${r.assetId}`, contract: suite.engine as never, errorEnum: 'EngineError', fn: 'writeOff', args: [r.assetId] }])}>
                Write off
              </button>
            </div>
          ))
        )}
      </Section>
    </>
  );
}

function AuctionCard({ a, engine }: { a: AuctionRow; engine: string }) {
  const { snap, suite, account, manifest, refresh } = useApp();
  const unit = manifest.unitKey;
  const tx = useTx(account, refresh);
  const price = auctionPriceWad(a, snap.nowMs);
  // Offer a little above the price now: the next block is a few seconds later (and cheaper).
  const max = useAmount(price !== undefined ? formatUnits(price, { fraction: 2, roundUp: true }).replace(/,/g, '') : '');
  const [, force] = useState(0);
  const row = snap.assets.find((x) => x.id === a.assetId);
  return (
    <div className="invoice" data-testid={`auction-${a.assetId}`}>
      <strong>NFT #{String(a.assetId)}</strong> {row ? `(${row.kind}, ${row.terms.key})` : ''} from position {String(a.positionId)} · price now{' '}
      <span data-testid="auction-price">{price !== undefined ? <Amount wad={price} unit={unit} roundUp /> : 'must be restarted'}</span> · start <Amount wad={a.startPriceWad} unit={unit} />, reserve{' '}
      <Amount wad={a.floorWad} unit={unit} /> · reserve reached in {formatDuration(auctionEndsAtMs(a) - snap.nowMs)}
      {price !== undefined ? (
        <div className="actions-inline">
          <AmountInput label="Most I pay" amount={max} testid="take-max" unit={unit} />
          <button
            disabled={max.value === undefined}
            data-testid="take"
            onClick={() =>
              max.value !== undefined &&
              tx.run([
                { label: `Approve the engine for ${formatUnits(max.value)} ${unit}`, contract: suite.coin as never, errorEnum: 'PSP22Error', fn: 'psp22Approve', args: [engine, max.value] },
                { label: `Buy NFT #${a.assetId}`, contract: suite.engine as never, errorEnum: 'EngineError', fn: 'take', args: [a.assetId, max.value] },
              ])
            }>
            Approve and take
          </button>
        </div>
      ) : (
        <button
          data-testid="restart"
          onClick={() => tx.run([{ label: `Restart the auction of #${a.assetId}`, contract: suite.engine as never, errorEnum: 'EngineError', fn: 'restartAuction', args: [a.assetId] }]).then(() => force((x) => x + 1))}>
          Restart from the current value
        </button>
      )}
      <TxStatus state={tx.state} />
    </div>
  );
}
