import { useState } from 'react';
import { auctionEndsAtMs, auctionPriceWad, reserveReachedAtMs } from '../../lib/auction';
import { describeEngineRefusal } from '../../lib/errors';
import { mayTake } from '../../lib/invoice';
import { health, previewLiquidate } from '../../lib/risk';
import { formatDuration, formatUnits } from '../../lib/units';
import { useApp } from '../context';
import type { AuctionRow, PositionRow, Snapshot } from '../suite';
import { Amount, AmountInput, Ratio, Section, short, TxStatus, useAmount } from '../ui';
import { useTx } from '../useTx';
import { KeeperDuties } from './KeeperDuties';

/**
 * Whether `liquidate(position)` would be accepted now, and if not why: the chain's own answer
 * (a dry run of the engine's `liquidate`, read with the snapshot) where there is one, else the
 * same rule computed here (`previewLiquidate`: the vault's seize check at the upper price with
 * disputed invoices counted, then the engine's limits).
 */
export function liquidationVerdict(snap: Snapshot, p: PositionRow): { ok: boolean; reason?: string; source: 'chain' | 'computed' } {
  const chain = snap.liquidateChecks.get(p.id);
  if (chain) return chain.ok ? { ok: true, source: 'chain' } : { ok: false, reason: chain.path, source: 'chain' };
  const cls = snap.classes.find((c) => c.id === p.classId)!;
  const assets = p.assetIds.map((id) => snap.pledged.get(id)).filter((a) => !!a);
  const r = previewLiquidate(
    { art: p.art, assets, priceKey: p.priceKey, debtor: p.debtor },
    cls.risk,
    cls.state,
    snap.market,
    { paused: snap.paused, liquidating: p.liquidating, liquidationPenaltyWad: cls.liquidationPenaltyWad, limits: cls.liquidationLimits },
    snap.nowMs,
  );
  return { ok: !r.refusal, reason: r.refusal, source: 'computed' };
}

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
      return { p, cls, h: health({ art: p.art, assets, priceKey: p.priceKey }, cls.risk, cls.state, snap.market, snap.nowMs), verdict: liquidationVerdict(snap, p) };
    })
    .sort((a, b) => Number((a.h.check.ratioWad ?? 0n) - (b.h.check.ratioWad ?? 0n)));
  const engine = manifest.contracts.liquidation_engine!.address;
  return (
    <>
      <Section title="Positions with debt (riskiest first)" testid="keeper-positions">
        {snap.keeperReward && (
          <p className="muted">
            Keeper reward for a liquidation: <Amount wad={snap.keeperReward.tipWad} unit={unit} /> plus {formatUnits(snap.keeperReward.chipWad * 100n, { fraction: 2 })} % of the debt
            (none when nothing can be sold, and never to the position’s own buyer).
          </p>
        )}
        <p className="muted">
          A position can be liquidated when its debt × minimum ratio exceeds its collateral valued at the oracle’s upper middle price, disputed invoices counted until the
          arbiter rules; every price it needs must be usable, and the engine’s liquidation limit must have room.
        </p>
        <table>
          <thead>
            <tr>
              <th>Position</th>
              <th>Owner</th>
              <th>Debt</th>
              <th>Collateral (liquidation check)</th>
              <th>Ratio</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map(({ p, h, verdict }) => (
              <tr key={String(p.id)} data-testid={`keeper-position-${p.id}`}>
                <td>{String(p.id)}</td>
                <td>{short(p.owner)}</td>
                <td>
                  <Amount wad={h.debtWad} unit={unit} roundUp />
                </td>
                <td>
                  <Amount wad={h.check.valueWad} unit={unit} />
                  {h.check.unpricedKeys.length ? ` (no price: ${h.check.unpricedKeys.join(', ')})` : ''}
                </td>
                <td>
                  <Ratio ratioWad={h.check.ratioWad} band={h.check.band} />
                </td>
                <td>
                  <button
                    disabled={!verdict.ok}
                    data-testid="liquidate"
                    data-source={verdict.source}
                    title={verdict.reason ? describeEngineRefusal(verdict.reason) : ''}
                    onClick={() => tx.run([{ label: `Liquidate position ${p.id}`, contract: suite.engine as never, errorEnum: 'EngineError', fn: 'liquidate', args: [p.id] }])}>
                    {verdict.ok ? 'Liquidate' : verdict.reason === 'Vault.PositionSafe' ? 'safe' : 'cannot now'}
                  </button>
                  {!verdict.ok && verdict.reason !== 'Vault.PositionSafe' && verdict.reason && (
                    <div className="muted" data-testid="liquidate-why">
                      {describeEngineRefusal(verdict.reason)}
                    </div>
                  )}
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
              {!r.writtenOff && !r.disputeUpheld && r.writeOffAtMs > snap.nowMs && ` · may be written off in ${formatDuration(r.writeOffAtMs - snap.nowMs)}`}
              <button
                disabled={r.writtenOff || (!r.disputeUpheld && snap.nowMs < r.writeOffAtMs)}
                onClick={() => tx.run([{ label: `Write off #${r.assetId}`, contract: suite.engine as never, errorEnum: 'EngineError', fn: 'writeOff', args: [r.assetId] }])}>
                Write off
              </button>
            </div>
          ))
        )}
      </Section>
      <KeeperDuties />
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
  const invoice = a.debtor !== undefined;
  const reserveAt = reserveReachedAtMs(a);
  return (
    <div className="invoice" data-testid={`auction-${a.assetId}`}>
      <strong>NFT #{String(a.assetId)}</strong> {row ? `(${row.kind}, ${row.terms.key})` : ''} from position {String(a.positionId)} · price now{' '}
      <span data-testid="auction-price">{price !== undefined ? <Amount wad={price} unit={unit} roundUp /> : 'must be restarted'}</span> · start <Amount wad={a.startPriceWad} unit={unit} />, reserve{' '}
      <Amount wad={a.floorWad} unit={unit} />
      {invoice ? (
        <>
          {' '}
          (what its buyer owes: an invoice is never sold for less) · {reserveAt > snap.nowMs ? `reserve reached in ${formatDuration(reserveAt - snap.nowMs)}, then` : ''} held
          there until it ends in {formatDuration(auctionEndsAtMs(a) - snap.nowMs)}
        </>
      ) : (
        <> · reserve reached in {formatDuration(auctionEndsAtMs(a) - snap.nowMs)}</>
      )}
      {price !== undefined ? (
        mayTake(a.debtor, account) ? (
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
          <p className="muted" data-testid="take-debtor">
            You owe this invoice: you cannot buy it at auction. Pay what you owe from the Debtor tab instead; that ends the auction.
          </p>
        )
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
