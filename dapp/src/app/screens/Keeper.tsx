import { useState } from 'react';
import { auctionDiscountWad, auctionEndsAtMs, auctionPriceWad, reserveReachedAtMs } from '../../lib/auction';
import { balanceRefusal } from '../../lib/balance';
import { describeEngineRefusal } from '../../lib/errors';
import { mayTake } from '../../lib/invoice';
import { assetValues, health, isLiquidatable, previewLiquidate, type LiquidationContext } from '../../lib/risk';
import { formatDuration, formatPercent, formatUnits } from '../../lib/units';
import { useApp } from '../context';
import { PanelBoundary } from '../ErrorBoundary';
import { positionInput, withCondition } from '../appraisal';
import type { AuctionRow, PositionRow, Snapshot } from '../suite';
import { Amount, AmountInput, ConfirmButton, Ratio, Scroll, Section, short, TxStatus, useAmount } from '../ui';
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
  const cls = snap.classes.find((c) => c.id === p.classId);
  if (!cls) return { ok: false, reason: 'Vault.ClassNotFound', source: 'computed' };
  const ctx: LiquidationContext = { paused: snap.paused, liquidating: p.liquidating, liquidationPenaltyWad: cls.liquidationPenaltyWad, limits: cls.liquidationLimits };
  // The vault's own rule: an unpriceable NFT is never a value of 0 there, it refuses; so does this.
  const input = positionInput(snap, p);
  const ok = isLiquidatable(input, cls.risk, cls.state, snap.market, snap.nowMs, ctx);
  return { ok, reason: ok ? undefined : previewLiquidate(input, cls.risk, cls.state, snap.market, ctx, snap.nowMs).refusal, source: 'computed' };
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
      return { p, cls, h: health(positionInput(snap, p), cls.risk, cls.state, snap.market, snap.nowMs), verdict: liquidationVerdict(snap, p) };
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
        <Scroll>
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
                  {/* Without every price the ratio is not known: an unpriced NFT is not worth 0 to the vault, it stops the liquidation. */}
                  {h.check.unpricedKeys.length ? <span className="muted" data-testid="ratio-unknown">unknown (no price)</span> : <Ratio ratioWad={h.check.ratioWad} band={h.check.band} />}
                </td>
                <td>
                  <span data-source={verdict.source} data-testid="liquidate-verdict" data-ok={String(verdict.ok)}>
                    <ConfirmButton
                      attrs={{ 'data-source': verdict.source }}
                      testid="liquidate"
                      disabled={!verdict.ok || tx.busy}
                      title={verdict.reason ? describeEngineRefusal(verdict.reason) : ''}
                      confirmText={`Confirm liquidation of position ${p.id}`}
                      warning="Its documents are seized and auctioned; this cannot be undone."
                      onConfirm={() => tx.run([{ label: `Liquidate position ${p.id}`, contract: suite.engine as never, errorEnum: 'EngineError', fn: 'liquidate', args: [p.id] }])}>
                      {verdict.ok ? 'Liquidate' : verdict.reason === 'Vault.PositionSafe' ? 'safe' : 'cannot now'}
                    </ConfirmButton>
                  </span>
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
        </Scroll>
        <TxStatus state={tx.state} trace={tx.trace} onDismiss={tx.reset} />
      </Section>
      <Section title="Live auctions" testid="keeper-auctions">
        {snap.auctions.length === 0 ? (
          <p className="muted">No auction is running.</p>
        ) : (
          snap.auctions.map((a) => (
            <PanelBoundary key={String(a.assetId)} title={`The auction of #${a.assetId}`}>
              <AuctionCard a={a} engine={engine} />
            </PanelBoundary>
          ))
        )}
      </Section>
      <Section title="In recovery (never auctioned at zero)" testid="keeper-recoveries">
        {snap.recoveries.length === 0 ? (
          <p className="muted">Nothing is in recovery.</p>
        ) : (
          snap.recoveries.map((r) => (
            <div key={String(r.assetId)} className="invoice">
              #{String(r.assetId)} of position {String(r.positionId)} since {formatDuration(snap.nowMs - r.sinceMs)} {r.disputeUpheld ? '· dispute upheld' : ''} {r.writtenOff ? '· written off' : ''}
              {!r.writtenOff && !r.disputeUpheld && r.writeOffAtMs > snap.nowMs && ` · may be written off in ${formatDuration(r.writeOffAtMs - snap.nowMs)}`}
              <ConfirmButton
                testid="write-off"
                disabled={r.writtenOff || (!r.disputeUpheld && snap.nowMs < r.writeOffAtMs) || tx.busy}
                confirmText={`Confirm write-off of #${r.assetId}`}
                warning="The debt it leaves unpaid becomes bad debt."
                onConfirm={() => tx.run([{ label: `Write off #${r.assetId}`, contract: suite.engine as never, errorEnum: 'EngineError', fn: 'writeOff', args: [r.assetId] }])}>
                Write off
              </ConfirmButton>
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
  const [refusedHere, setRefusedHere] = useState<string>();
  const price = auctionPriceWad(a, snap.nowMs);
  // Offer a little above the price now: the next block is a few seconds later (and cheaper).
  const max = useAmount(price !== undefined ? formatUnits(price, { fraction: 2, roundUp: true }).replace(/,/g, '') : '');
  const [, force] = useState(0);
  const row = snap.assets.find((x) => x.id === a.assetId);
  const invoice = a.debtor !== undefined;
  const reserveAt = reserveReachedAtMs(a);
  // The collateral's oracle value now (the liquidation check's: upper price), and the price's discount to it.
  const pos = snap.positions.find((p) => p.id === a.positionId);
  const cls = pos && snap.classes.find((c) => c.id === pos.classId);
  const pledge = snap.pledged.get(a.assetId) ?? (row ? { id: row.id, terms: row.terms, status: row.status } : undefined);
  const value = cls && pledge ? assetValues([withCondition(snap, pledge, cls.id)], cls.risk, snap.market, snap.nowMs, 'Liquidate')[0] : undefined;
  const discount = price !== undefined && value && !value.unpriced ? auctionDiscountWad(price, value.valueWad) : undefined;
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
      <div data-testid="auction-value">
        Oracle value of the collateral:{' '}
        {value === undefined ? '—' : value.unpriced ? `no price (${value.unpriced})` : <Amount wad={value.valueWad} unit={unit} />}
        {discount !== undefined && (
          <span data-testid="auction-discount">
            {' '}
            · price now {discount >= 0n ? `${formatPercent(discount)} % below` : `${formatPercent(-discount)} % above`} it
          </span>
        )}
      </div>
      {price !== undefined ? (
        mayTake(a.debtor, account) ? (
          <div className="actions-inline">
            <AmountInput label="Most I pay" amount={max} testid="take-max" unit={unit} />
            <button
              disabled={max.value === undefined || tx.busy}
              data-testid="take"
              onClick={() => {
                if (max.value === undefined) return;
                // The price now (at most the limit) must be in the balance before the wallet approves anything.
                const need = price < max.value ? price : max.value;
                const why = balanceRefusal(snap.account === account ? snap.balanceWad : undefined, need, unit);
                setRefusedHere(why);
                if (why) return;
                tx.run([
                  { label: `Approve the engine for ${formatUnits(max.value)} ${unit}`, contract: suite.coin as never, errorEnum: 'PSP22Error', fn: 'psp22Approve', args: [engine, max.value] },
                  { label: `Buy NFT #${a.assetId}`, contract: suite.engine as never, errorEnum: 'EngineError', fn: 'take', args: [a.assetId, max.value] },
                ]);
              }}>
              Approve and take
            </button>
            {refusedHere && (
              <div className="error" data-testid="balance-refusal">
                {refusedHere}
              </div>
            )}
          </div>
        ) : (
          <p className="muted" data-testid="take-debtor">
            You owe this invoice: you cannot buy it at auction. Pay what you owe from the Debtor tab instead; that ends the auction.
          </p>
        )
      ) : (
        <button
          data-testid="restart"
          disabled={tx.busy}
          onClick={() => tx.run([{ label: `Restart the auction of #${a.assetId}`, contract: suite.engine as never, errorEnum: 'EngineError', fn: 'restartAuction', args: [a.assetId] }]).then(() => force((x) => x + 1))}>
          Restart from the current value
        </button>
      )}
      <TxStatus state={tx.state} trace={tx.trace} onDismiss={tx.reset} />
    </div>
  );
}
