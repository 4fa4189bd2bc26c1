/**
 * The role screens render a snapshot of the chain without crashing and show the figures the
 * logic computes (server-side rendering: no browser, no chain; the browser tests drive them for real).
 */
import { describe, expect, it } from 'vitest';
import { SupplierScreen } from '../screens/Supplier';
import { DebtorScreen } from '../screens/Debtor';
import { AttesterScreen } from '../screens/Attester';
import { KeeperScreen } from '../screens/Keeper';
import { RiskScreen } from '../screens/Risk';
import { BOB, button, DAVE, EVE, render, snap } from './fixture';

describe('role screens', () => {
  it('supplier: value, max borrow and band of the invoice facility; its price key', () => {
    const html = render(<SupplierScreen />, BOB);
    expect(html).toContain('Position 1 · invoices');
    expect(html).toContain('14,705.88 TUSD'); // 15 000 / 1.02
    expect(html).toContain('9,803.92 TUSD'); // ÷ 1.5
    expect(html).toContain('no debt');
    expect(html).toContain('USD (every document of this position is valued in it)');
  });
  it('supplier: the holder marks its invoice paid outside (mark_paid is on the holder’s word)', () => {
    const html = render(<SupplierScreen />, BOB);
    expect(html).toContain('I was paid outside: mark paid'); // #6, which Bob holds
  });
  it('debtor: the amount due and where it goes', () => {
    const html = render(<DebtorScreen />, DAVE);
    expect(html).toContain('15,000.00 TUSD');
    expect(html).toContain('Approve and pay');
    expect(html).toContain('20,000.00 TUSD'); // credit line
  });
  it('debtor: a pending invoice is confirmed from Dave’s own input, never the chain’s copy', () => {
    const html = render(<DebtorScreen />, DAVE);
    const row = html.slice(html.indexOf('data-testid="invoice-4"'), html.indexOf('data-testid="invoice-6"'));
    expect(row).toContain('Registered by the supplier');
    expect(row).toContain('<td class="mono">15,000</td>'); // the registered face, shown beside an empty input
    expect(row).toContain('enter it from your own records');
    expect(row).toMatch(/data-testid="confirm-amount"[^>]*value=""/);
    expect(row).toMatch(/<button[^>]*data-testid="confirm"[^>]*disabled=""/);
  });
  it('debtor: past due, a dispute is refused (disabled with the reason); only the holder marks an invoice paid', () => {
    const html = render(<DebtorScreen />, DAVE);
    const row = html.slice(html.indexOf('data-testid="invoice-6"'), html.indexOf('data-testid="invoice-9"'));
    expect(button(row, 'dispute')).toContain('disabled=""');
    expect(row).toContain('Disputes close at the due date');
    expect(row).not.toContain('Mark paid outside');
    expect(row).toContain('Only the holder of the invoice, the party you paid, can mark it paid.');
    // The pending one is before its due date: its dispute is open.
    const pending = html.slice(html.indexOf('data-testid="invoice-4"'), html.indexOf('data-testid="invoice-6"'));
    expect(button(pending, 'dispute')).not.toContain('disabled=""');
  });
  it('debtor: an invoice at auction is paid through the engine, with what it owes and where it goes', () => {
    const html = render(<DebtorScreen />, DAVE);
    const row = html.slice(html.indexOf('data-testid="invoice-9"'));
    expect(row).toContain('at auction');
    expect(row).toContain('10,000.00 TUSD'); // face × upper price
    expect(row).toContain('8,000.00 TUSD'); // the liquidated loan
    expect(row).toContain('800.00 TUSD'); // the penalty
    expect(row).toContain('1,200.00 TUSD'); // to the supplier
    expect(row).toContain('Approve and pay what I owe (ends the auction)');
  });
  it('warehouse: the pending receipt to confirm, from its own records', () => {
    const html = render(<AttesterScreen />, EVE);
    expect(html).toContain('data-testid="goods-3"');
    expect(html).toContain('Confirm these terms');
    expect(html).toContain('<td class="mono">20,000</td>'); // the registered quantity, shown beside the input
  });
  it('keeper: the coffee position can be liquidated; the auction’s price now', () => {
    // 20 000 × 1.20 × 0.9 = 21 600 < 16 000 × 1.5 = 24 000: 135 %.
    const html = render(<KeeperScreen />, BOB);
    expect(html).toContain('135.00 %');
    expect(html).toContain('can be liquidated');
    expect(html).toContain('900.00 TUSD'); // 1 200 × 750 / 1 000
    expect(html).toContain('data-testid="take"');
  });
  it('keeper: the invoice’s own debtor is not offered the auction (DebtorMustSettle)', () => {
    const html = render(<KeeperScreen />, DAVE);
    expect(html).not.toContain('data-testid="take"');
    expect(html).toContain('You owe this invoice: you cannot buy it at auction');
  });
  it('keeper: the chain’s own dry run decides the button (here: the engine’s limit is full)', () => {
    const checks = new Map([[2n, { ok: false as const, path: 'LiquidationLimit', sentence: '' }]]);
    const html = render(<KeeperScreen />, BOB, { ...snap, liquidateChecks: checks });
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*data-testid="liquidate"[^>]*data-source="chain"/);
    expect(html).toContain('limit on debt being liquidated');
  });
  it('risk desk: lines, classes, oracle quorum and both prices, liquidation limits, books', () => {
    const html = render(<RiskScreen />, BOB);
    expect(html).toContain('16,000.00 TUSD');
    expect(html).toContain('fresh');
    expect(html).toContain('1,000.00 TUSD');
    expect(html).toContain('3 of 4 reporters; a move past the 20 % guard needs 3');
    expect(html).toContain('1.2000 / 1.2100 TUSD'); // lower / upper
    expect(html).toContain('Exposure (seized debt included)');
    const plain = html.replace(/<span[^>]*>|<\/span>/g, '');
    expect(plain).toContain('data-testid="class-liquidation-limit-0">8,800.00 TUSD / 2,000,000.00 TUSD');
    expect(plain).toContain('data-testid="class-liquidation-limit-1">0.00 TUSD / no class limit');
    expect(plain).toContain('engine limit</dt><dd>8,800.00 TUSD / 5,000,000.00 TUSD</dd>');
  });
});
