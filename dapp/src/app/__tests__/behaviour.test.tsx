/**
 * What the screens do at the edges (server-side rendering, as screens.test.tsx): a failing panel
 * shows an inline error with a retry, irreversible actions ask for a confirmation, figures explain
 * themselves (units, penalty, minimum loan, the limit that binds the max borrow, a liquidated
 * position's debt), a split adds up, keepers see the collateral's value, a missing class is said.
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
import { BOB, button, DAVE, EVE, manifest, render, snap } from './fixture';

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
