/**
 * What the screens do at the edges (server-side rendering, as screens.test.tsx): a failing panel
 * shows an inline error with a retry, irreversible actions ask for a confirmation, figures explain
 * themselves (units, penalty, minimum loan, the limit that binds the max borrow, a liquidated
 * position's debt, what its sales returned to the owner), a split adds up, keepers see the
 * collateral's value, a missing class is said.
 */
import { describe, expect, it } from 'vitest';
import { SupplierScreen } from '../screens/Supplier';
import { DebtorScreen } from '../screens/Debtor';
import { KeeperScreen } from '../screens/Keeper';
import { RiskScreen } from '../screens/Risk';
import { AttesterScreen } from '../screens/Attester';
import { PanelBoundary, PanelError } from '../ErrorBoundary';
import { ConfirmButton, TxLogPanel, TxStatus } from '../ui';
import { armedAfter, runsAction } from '../confirmStep';
import { clearTxLog, logTx, txLog } from '../txLog';
import { MathError } from '../../lib/math';
import { WAD } from '../../lib/units';
import { mergeScans, type Scan } from '../history';
import { BOB, button, DAVE, EVE, manifest, render, salesScan, snap, soldSnap } from './fixture';

const HASH = `0x${'cd'.repeat(32)}`;

const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&');
/** The element with `testid` and what follows it up to its first closing tag's end (enough for these checks). */
function part(html: string, testid: string, length = 2_000): string {
  const i = html.indexOf(`data-testid="${testid}"`);
  if (i < 0) throw new Error(`no ${testid}`);
  return html.slice(i, i + length);
}

describe('nothing blanks the app: a failing panel shows an inline error and a retry', () => {
  it('the boundary catches an error into its state and renders the panel’s error with a retry', () => {
    const error = new MathError('Overflow');
    expect(PanelBoundary.getDerivedStateFromError(error)).toEqual({ error });
    const b = new PanelBoundary({ title: 'Position 1', children: null });
    b.state = { error, attempt: 0 };
    const html = render(b.render());
    expect(html).toContain('data-testid="panel-error"');
    expect(text(html)).toContain('Position 1 could not be shown. MathError: arithmetic overflow');
    expect(html).toContain('data-testid="panel-retry"');
    expect(render(<PanelError title="The Keeper screen" error="lost" onRetry={() => {}} />)).toContain('The Keeper screen could not be shown.');
  });
  it('without an error the panel renders its children', () => {
    expect(render(<PanelBoundary title="x">{<p>fine</p>}</PanelBoundary>)).toBe('<p>fine</p>');
  });
  it('a position with a debt of 10 base units renders (the ratio that overflowed is shown as more than a million %)', () => {
    const at = { ...snap, positions: snap.positions.map((p) => (p.id === 1n ? { ...p, art: 10n } : p)) };
    const html = render(<SupplierScreen />, BOB, at);
    expect(text(part(html, 'position-1', 4_000))).toContain('> 1,000,000 % · safe');
  });
});

describe('irreversible actions ask first (dispute, reject, liquidate, write off, suspend, close)', () => {
  it('the first click arms, only the confirmation runs the action, cancel disarms', () => {
    expect(armedAfter('ask')).toBe(true);
    expect(armedAfter('confirm')).toBe(false);
    expect(armedAfter('cancel')).toBe(false);
    expect(runsAction(false, 'confirm')).toBe(false);
    expect(runsAction(true, 'confirm')).toBe(true);
    expect(runsAction(true, 'cancel')).toBe(false);
    expect(runsAction(true, 'ask')).toBe(false);
  });
  it('renders the action, then "Confirm …" (confirm-<testid>) and "Cancel" (cancel-<testid>)', () => {
    const idle = render(<ConfirmButton testid="dispute" confirmText="Confirm dispute of #4" onConfirm={() => {}}>Dispute</ConfirmButton>);
    expect(idle).toBe('<button data-testid="dispute">Dispute</button>');
    const armed = render(
      <ConfirmButton testid="dispute" confirmText="Confirm dispute of #4" warning="It goes on your record." onConfirm={() => {}} initiallyArmed>
        Dispute
      </ConfirmButton>,
    );
    expect(armed).toContain('<button class="danger" data-testid="confirm-dispute">Confirm dispute of #4</button>');
    expect(armed).toContain('<button class="secondary" data-testid="cancel-dispute">Cancel</button>');
    expect(armed).not.toContain('data-testid="dispute"');
    // Disabled, it never arms.
    expect(render(<ConfirmButton testid="close-submit" confirmText="Confirm" disabled initiallyArmed onConfirm={() => {}}>Close</ConfirmButton>)).toBe(
      '<button disabled="" data-testid="close-submit">Close</button>',
    );
  });
  it('each screen’s irreversible action is a confirm button', () => {
    expect(button(render(<DebtorScreen />, DAVE), 'dispute')).toBeDefined();
    expect(button(render(<DebtorScreen />, DAVE), 'reject')).toBeDefined();
    expect(button(render(<AttesterScreen />, EVE), 'reject')).toBeDefined();
    expect(button(render(<KeeperScreen />), 'liquidate')).toContain('data-source="computed"');
    expect(button(render(<RiskScreen />), 'suspend-debtor')).toBeDefined();
    expect(button(render(<SupplierScreen />), 'close-submit')).toBeDefined();
  });
});

describe('a transaction’s trace', () => {
  it('its hash after submit, with the explorer’s link when the manifest names one', () => {
    const state = { phase: 'inBlock' as const, label: 'Borrow 100.00 TUSD', blockNumber: 12, txHash: HASH };
    const plain = render(<TxStatus state={state} />);
    expect(plain).toContain(`tx ${HASH}`);
    expect(plain).not.toContain('<a ');
    const linked = render(<TxStatus state={state} />, BOB, snap, { ...manifest, explorer: 'https://explorer.example/tx/{hash}' });
    expect(linked).toContain(`<a href="https://explorer.example/tx/${HASH}" target="_blank" rel="noreferrer" data-testid="tx-link">0xcdcdcdcd…cdcdcd</a>`);
  });
  it('the earlier steps (the approval) keep their hashes; a refusal stays with why and can be dismissed', () => {
    const approve = { phase: 'finalized' as const, label: 'Approve (step 1 of 2)', blockNumber: 3, txHash: HASH };
    const refused = { phase: 'refused' as const, label: 'Register the document', error: { path: 'DuplicateDocument', sentence: 'This document is already registered.' } };
    const html = render(<TxStatus state={refused} trace={[approve]} onDismiss={() => {}} />);
    expect(html).toContain('data-testid="tx-step" data-phase="finalized"');
    expect(html).toContain(`tx ${HASH}`);
    expect(text(html)).toContain('Register the document: refused before signing. This document is already registered.');
    expect(html).toContain('data-testid="tx-dismiss"');
  });
  it('the session’s list keeps every outcome, newest first, whatever happens to the panel that sent it', () => {
    clearTxLog();
    logTx({ phase: 'refused', label: 'Register the document', error: { path: 'InvalidTerms', sentence: 'The terms are invalid.' } }, 1_000);
    logTx({ phase: 'finalized', label: 'Reject registration #4', blockNumber: 9, txHash: HASH }, 2_000);
    logTx({ phase: 'idle' });
    expect(txLog().map((e) => e.state.phase)).toEqual(['finalized', 'refused']);
    const html = render(<TxLogPanel />);
    expect(text(html)).toContain('Recent transactions (2)');
    expect(text(html)).toContain('Register the document: refused before signing. The terms are invalid.');
    clearTxLog();
    expect(render(<TxLogPanel />)).toBe('');
  });
});

describe('figures that explain themselves', () => {
  it('the position card: penalty, minimum loan, and the limit the max borrow runs into', () => {
    const card = text(part(render(<SupplierScreen />), 'position-1', 6_000));
    expect(card).toContain('Liquidation penalty10.00 % of the debt');
    expect(card).toContain('Minimum loan100.00 TUSD (a debt may be 0 or at least this)');
    expect(card).toContain('Max borrow now9,803.92 TUSD (limited by the minimum collateral ratio)');
  });
  it('max borrow under the buyer’s credit line, and below the minimum loan', () => {
    const lined = { ...snap, debtors: snap.debtors.map((d) => ({ ...d, exposureWad: 15_000n * WAD })) };
    const html = render(<SupplierScreen />, BOB, lined);
    expect(part(html, 'max-borrow', 200)).toContain('data-bound="creditLimit"');
    expect(text(part(html, 'max-borrow', 400))).toContain('5,000.00 TUSD (limited by the buyer’s credit line)');
    const tight = { ...snap, debtors: snap.debtors.map((d) => ({ ...d, exposureWad: 19_950n * WAD })) };
    const t = render(<SupplierScreen />, BOB, tight);
    expect(part(t, 'max-borrow', 200)).toContain('data-below-dust="true"');
    expect(text(part(t, 'max-borrow', 600))).toContain('0.00 TUSD (nothing: the most the limits allow would leave a debt below the class’s minimum loan of 100.00 TUSD (limited by the buyer’s credit line))');
  });
  it('a commodity’s quantity with its unit (the manifest’s, else the map’s, else "units")', () => {
    expect(text(render(<SupplierScreen />, DAVE))).toContain('Warehouse receipt: 20,000.00 kg of COFFEE');
    expect(text(render(<SupplierScreen />, DAVE, snap, { ...manifest, commodityUnits: { COFFEE: 'bags' } }))).toContain('Warehouse receipt: 20,000.00 bags of COFFEE');
  });
  it('the debtor’s payment split adds up: 15,000.00 = 5,000.00 + 10,000.00 against a debt of 5 000 + 1 unit', () => {
    const at = { ...snap, positions: snap.positions.map((p) => (p.id === 1n ? { ...p, art: 5_000n * WAD + 1n } : p)) };
    const row = part(render(<DebtorScreen />, DAVE, at), 'invoice-1', 3_000);
    expect(text(part(row, 'amount-due', 1_500))).toContain('To pay: 15,000.00 TUSD');
    expect(text(part(row, 'split-debt', 200))).toContain('5,000.00 TUSD');
    expect(text(part(row, 'split-owner', 200))).toContain('10,000.00 TUSD');
  });
  it('a liquidated position: what is still owed, the penalty, its auctions — not "no debt"', () => {
    const card = part(render(<SupplierScreen />), 'position-5', 8_000);
    const t = text(card);
    expect(t).toContain('This position was liquidated.');
    expect(text(part(card, 'liquidation-owed', 300))).toContain('8,800.00 TUSD');
    expect(text(part(card, 'liquidation-debt', 300))).toContain('8,000.00 TUSD');
    expect(text(part(card, 'liquidation-penalty', 300))).toContain('800.00 TUSD');
    expect(t).toContain('Liquidation penalty of the class10.00 % of the debt');
    expect(card).toContain('data-testid="liquidation-auctions"');
    expect(t).toContain('#9 Invoice 10,000.00 USD');
    expect(t).not.toContain('no debt');
    expect(t).not.toContain('Debt (fee included)');
    expect(t).not.toContain('Max borrow now');
  });
});

describe('keepers are not misled', () => {
  it('an auction shows the collateral’s oracle value and the price’s discount to it', () => {
    const a = text(part(render(<KeeperScreen />), 'auction-9', 3_000));
    expect(a).toContain('Oracle value of the collateral: 9,803.92 TUSD · price now 90.82 % below it');
  });
  it('without a price the ratio is unknown and Liquidate is off (the vault refuses, it never counts 0)', () => {
    const noCoffee = { ...snap, market: { ...snap.market, prices: { USD: snap.market.prices.USD } } };
    const html = render(<KeeperScreen />, BOB, noCoffee);
    const row = part(html, 'keeper-position-2', 3_000);
    expect(row).toContain('data-testid="ratio-unknown"');
    expect(button(row, 'liquidate')).toContain('disabled=""');
    expect(text(row)).toContain('cannot now');
    // With the price, the browser's own rule enables it (no dry run read here).
    expect(button(part(render(<KeeperScreen />), 'keeper-position-2', 3_000), 'liquidate')).not.toContain('disabled=""');
  });
});

describe('registering where no class accepts the kind', () => {
  it('says so and offers nothing to sign (no throw on an empty key list)', () => {
    const noInvoices = { ...snap, classes: snap.classes.filter((c) => c.kind !== 'Invoice') };
    const html = render(<SupplierScreen />, BOB, noInvoices);
    expect(text(part(html, 'register-no-class', 600))).toContain('No collateral class of this network accepts invoices');
    expect(button(html, 'register-submit')).toContain('disabled=""');
  });
});

describe('what came back to the owner of a liquidated position (the engine’s events)', () => {
  it('a position sold out at auction, now plain and empty, keeps its trace: the penalty paid, the sale price, 195.89 returned to you', () => {
    const html = render(<SupplierScreen scan={salesScan} />, BOB, soldSnap);
    const card = part(html, 'position-7', 12_000);
    const t = text(card);
    expect(card).toContain('data-testid="sold"');
    expect(t).toContain('This position was liquidated.');
    expect(text(part(card, 'proceeds-returned', 400))).toContain('195.89 TUSD returned to you from 1 sale of its documents (a buyer’s at auction, or its debtor’s payment), paid to your account as each happened.');
    // The exact amount behind the cents.
    expect(part(card, 'proceeds-returned', 400)).toContain('title="195890000000000000000 (18 decimals)"');
    expect(text(part(card, 'proceeds-paid', 300))).toContain('1,045.89 TUSD');
    expect(text(part(card, 'proceeds-penalty', 300))).toContain('50.00 TUSD');
    expect(text(part(card, 'proceeds-owner', 300))).toContain('195.89 TUSD');
    expect(t).toContain('to the liquidated debt800.00 TUSD');
    const sale = text(part(card, 'proceeds-sale-8', 1_000));
    expect(sale).toContain('#150#8 sold at auction1,045.89 TUSD800.00 TUSD50.00 TUSD195.89 TUSD');
    expect(text(part(card, 'proceeds-liquidation', 400))).toContain('Liquidated in block #120 (liquidation 2): 800.00 TUSD of debt and 50.00 TUSD of penalty to raise.');
    expect(t).toContain('From the liquidation engine’s events of blocks #1 to #200 (the History tab can read further back).');
    // Still a plain position: its figures and actions.
    expect(t).toContain('Debt (fee included)');
    expect(button(card, 'deposit-submit')).toBeDefined();
    // Only position 7 shows a sale outside a liquidation; position 1 (never liquidated) none.
    expect(html.match(/data-testid="sold"/g)).toHaveLength(1);
    expect(html.indexOf('data-testid="sold"')).toBeGreaterThan(html.indexOf('data-testid="position-7"'));
  });
  it('a liquidated position still owing: its sale went to the debt, nothing returned yet', () => {
    const card = part(render(<SupplierScreen scan={salesScan} />, BOB, soldSnap), 'position-5', 12_000);
    expect(text(part(card, 'liquidation-owed', 300))).toContain('8,800.00 TUSD');
    expect(text(part(card, 'proceeds-returned', 400))).toContain('0.00 TUSD returned to you from 1 sale of its documents');
    expect(text(part(card, 'proceeds-paid', 300))).toContain('2,000.00 TUSD');
    expect(text(part(card, 'proceeds-penalty', 300))).toContain('0.00 TUSD');
    expect(text(part(card, 'proceeds-sale-10', 1_000))).toContain('#140#10 sold at auction2,000.00 TUSD2,000.00 TUSD0.00 TUSD0.00 TUSD');
    expect(text(part(card, 'proceeds-liquidation', 400))).toContain('Liquidated in block #90 (liquidation 1): 10,000.00 TUSD of debt and 800.00 TUSD of penalty to raise.');
    expect(text(card)).not.toContain('does not read the past sales');
  });
  it('no sale in the events read, or the events not read yet: said so, and no trace on a plain position', () => {
    const none = render(<SupplierScreen scan={{ ...salesScan, entries: [] }} />, BOB, soldSnap);
    expect(text(part(part(none, 'position-5', 12_000), 'proceeds-none', 400))).toContain('No sale of its documents in the chain’s events of blocks #1 to #200.');
    expect(none).not.toContain('data-testid="sold"');
    const unread = render(<SupplierScreen />, BOB, soldSnap);
    expect(text(part(part(unread, 'position-5', 12_000), 'proceeds-reading', 400))).toContain('Reading the past sales from the chain’s events…');
    expect(unread).not.toContain('data-testid="sold"');
  });
  it('a sale whose auction started before the blocks read: the snapshot’s auction tells its position; one nothing tells is counted apart', () => {
    const taken = salesScan.entries.find((e) => e.event === 'AuctionTaken' && e.data.assetId === 10n)!;
    const sold9: Scan = { ...salesScan, entries: [{ ...taken, data: { ...taken.data, assetId: 9n } }, { ...taken, index: 2, data: { ...taken.data, assetId: 11n } }] };
    const card = part(render(<SupplierScreen scan={sold9} />, BOB, soldSnap), 'position-5', 12_000);
    expect(text(part(card, 'proceeds-sale-9', 1_000))).toContain('#140#9 sold at auction (Invoice 10,000.00 USD');
    expect(text(card)).toContain('1 sale in those blocks, of any position, could not be tied to its position (the auction started before them).');
  });
  it('a debtor’s payment in recovery adds to what came back, to the cent (195.89 + 4.11 = 200.00), its loss part shown; a document handed back unsold is said', () => {
    const at = (blockNumber: number, index: number, event: string, data: Record<string, unknown>) => ({ ...salesScan.entries[0], blockNumber, index, event, data });
    const more: Scan = {
      ...salesScan,
      entries: [
        at(190, 1, 'RecoveryPaid', { assetId: 12n, paidWad: 304_110_000_000_000_000_000n, toDebtWad: 0n, toPenaltyWad: 0n, toLossWad: 300n * WAD, toOwnerWad: 4_110_000_000_000_000_000n }),
        at(170, 1, 'AuctionCancelled', { assetId: 13n, returnedTo: BOB }),
        ...salesScan.entries,
        at(120, 3, 'RecoveryStarted', { assetId: 12n, positionId: 7n }),
        at(120, 4, 'AuctionStarted', { assetId: 13n, positionId: 7n, startPriceWad: WAD, floorWad: WAD / 2n, startedAtMs: 0n }),
      ],
    };
    const card = part(render(<SupplierScreen scan={more} />, BOB, soldSnap), 'position-7', 14_000);
    expect(text(part(card, 'proceeds-returned', 400))).toContain('200.00 TUSD returned to you from 2 sales of its documents');
    expect(part(card, 'proceeds-owner', 300)).toContain('title="200000000000000000000 (18 decimals)"');
    expect(text(part(card, 'proceeds-paid', 300))).toContain('1,350.00 TUSD');
    expect(text(card)).toContain('to the ended liquidation’s loss300.00 TUSD');
    expect(text(part(card, 'proceeds-sale-12', 1_200))).toContain('#190#12 paid by its debtor in recovery304.11 TUSD0.00 TUSD0.00 TUSD300.00 TUSD4.11 TUSD');
    expect(text(part(card, 'proceeds-unsold', 300))).toContain('Handed back to you unsold (the liquidation was covered without it): #13.');
  });
  it('scans merged: the newer blocks’ events added, the range widened; a gap starts over', () => {
    const entry = (blockNumber: number) => ({ ...salesScan.entries[0], blockNumber, index: 0 });
    const older: Scan = { entries: [entry(140), entry(120), entry(101)], undecodable: 1, fromBlock: 101, toBlock: 150 };
    const newer: Scan = { entries: [entry(160)], undecodable: 0, fromBlock: 151, toBlock: 170 };
    expect(mergeScans(older, newer)).toEqual({ entries: [entry(160), entry(140), entry(120), entry(101)], undecodable: 1, fromBlock: 101, toBlock: 170 });
    // Overlapping (blocks #130 to #150 read twice): the newer read of those blocks wins, the older's before them stay.
    const overlap: Scan = { entries: [entry(160), entry(130)], undecodable: 0, fromBlock: 130, toBlock: 170 };
    expect(mergeScans(older, overlap).entries.map((e) => e.blockNumber)).toEqual([160, 130, 120, 101]);
    // Nothing new after block 150: the same events, the same range.
    expect(mergeScans(older, { entries: [], undecodable: 0, fromBlock: 151, toBlock: 150 })).toEqual(older);
    const gap: Scan = { entries: [entry(400)], undecodable: 0, fromBlock: 300, toBlock: 400 };
    expect(mergeScans(older, gap)).toEqual(gap);
  });
});
