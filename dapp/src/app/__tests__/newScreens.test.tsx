/**
 * The new screens (Pay, pay on chain, Arbiter, Guardian & settings, History & charts) rendered
 * from a fixed snapshot (server-side rendering: no browser, no chain), with the exact figures.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PayScreen } from '../screens/Pay';
import { PayOnChain } from '../screens/PayOnChain';
import { DebtorScreen } from '../screens/Debtor';
import { ArbiterScreen } from '../screens/Arbiter';
import { AdminScreen } from '../screens/Admin';
import { HistoryScreen } from '../screens/History';
import { KeeperDuties } from '../screens/KeeperDuties';
import { BUNDLED_HASHES } from '../../contracts';
import { priceKey, WAD } from '../../lib/units';
import { ARB, BOB, DAVE, FERDIE, H, newSnap, NOW, plain, renderNew } from './fixture';

describe('Pay', () => {
  it('inline errors for each bad field; the button is off', () => {
    const html = renderNew(<PayScreen initial={{ to: '5FHneW', amount: '1,000', reference: 'é'.repeat(33) }} />, BOB);
    expect(html).toContain('data-testid="pay-to-error">Not an address: enter the recipient’s SS58 address (e.g. 5F…).</span>');
    expect(html).toContain('data-testid="pay-amount-error">Use a point for decimals and no commas (e.g. 1250.50).</span>');
    expect(html).toContain('data-testid="pay-reference-error">The reference is 66 bytes; at most 64 (UTF-8).</span>');
    expect(html).toMatch(/<button[^>]*data-testid="pay-submit"[^>]*disabled=""/);
  });
  it('over the balance is refused; a valid payment names the recipient from the address book', () => {
    expect(renderNew(<PayScreen initial={{ to: DAVE, amount: '20000.000000000000000001' }} />, BOB)).toContain('data-testid="pay-amount-error">More than your balance.</span>');
    const html = renderNew(<PayScreen initial={{ to: DAVE, amount: '1250.50', reference: 'PO-2041' }} />, BOB);
    expect(html).toContain('data-testid="pay-to-name">Dave Foods</span>');
    expect(html).toMatch(/<button data-testid="pay-submit">Pay<\/button>/);
    expect(html).toContain('7 / 64 bytes');
    // The address book lists the deployment's name.
    expect(plain(html)).toContain(`Dave Foods${DAVE}the deployment`);
  });
});

describe('Debtor: pay an unpledged invoice on chain', () => {
  it('face × upper EUR price, rounded up, to the holder; offered on #6 only', () => {
    const html = renderNew(<DebtorScreen />, DAVE);
    const row = html.slice(html.indexOf('data-testid="invoice-6"'), html.indexOf('data-testid="invoice-9"'));
    // 15 000 × 1.083333333333333333 = 16 249.999999999999995 → 16,250.00 shown rounded up.
    expect(plain(row)).toContain('Pay on chain 16,250.00 TUSD to the invoice’s holder 5FHneW…694ty'.replace('694ty', '94ty'));
    expect(row).toContain('on time');
    expect(html.slice(html.indexOf('data-testid="invoice-1"'), html.indexOf('data-testid="invoice-6"'))).not.toContain('pay-on-chain');
    expect(row).toMatch(/<button data-testid="pay-on-chain-submit">Approve the vault and pay<\/button>/);
    expect(row).not.toContain('pay-on-chain-why');
  });
  it('the two steps are offered; a low balance is refused first', () => {
    const a = newSnap.assets.find((x) => x.id === 6n)!;
    expect(renderNew(<PayOnChain a={a} />, DAVE)).toMatch(/<button data-testid="pay-on-chain-submit">Approve the vault and pay<\/button>/);
    const poor = renderNew(<PayOnChain a={a} />, DAVE, { ...newSnap, balanceWad: 16_000n * WAD });
    expect(poor).toContain('Your stablecoin balance is too low for this.');
    expect(renderNew(<PayOnChain a={a} />, BOB)).toBe('');
  });
  it('the vault’s metadata and generated bindings have pay_invoice (the step’s fn: payInvoice)', () => {
    const meta = JSON.parse(readFileSync(join(__dirname, '../../contracts/artifacts/collateral_vault/collateral_vault.json'), 'utf8'));
    expect(meta.spec.messages.some((m: { label: string }) => m.label === 'pay_invoice')).toBe(true);
    const tx = readFileSync(join(__dirname, '../../contracts/types/collateral-vault/tx.d.ts'), 'utf8');
    expect(tx).toContain('  payInvoice: GenericContractTxCall<');
    const query = readFileSync(join(__dirname, '../../contracts/types/collateral-vault/query.d.ts'), 'utf8');
    expect(query).toContain('  payInvoice: GenericContractQueryCall<');
  });
});

describe('Arbiter', () => {
  it('the arbiter rules on a pledged disputed invoice, and one in recovery shows its write-off date', () => {
    const html = renderNew(<ArbiterScreen />, ARB);
    expect(html).toContain('that is you');
    const one = html.slice(html.indexOf('data-testid="dispute-1"'), html.indexOf('data-testid="dispute-9"'));
    expect(one).toMatch(/<button data-testid="rule-valid">Ruling for the supplier: valid<\/button>/);
    expect(one).toContain('pledged in position 1');
    const nine = html.slice(html.indexOf('data-testid="dispute-9"'));
    expect(nine).toContain('in recovery after a liquidation of position 5');
    expect(nine).toMatch(/<button data-testid="rule-void">/);
    expect(nine).toMatch(/<button data-testid="write-off" disabled="">/);
    expect(plain(nine)).toContain('The recovery period is not over. It may be written off in 3 days (2027-01-18 08:00 UTC).');
  });
  it('anyone else sees who may rule', () => {
    const html = renderNew(<ArbiterScreen />, BOB);
    expect(html).toMatch(/<button data-testid="rule-valid" disabled="">/);
    expect(html).toContain('Only the arbiter may rule; connect the arbiter’s account.');
  });
});

describe('Guardian & settings', () => {
  it('verified per contract and facet, with both hashes when not', () => {
    const html = renderNew(<AdminScreen />, FERDIE);
    expect(html).toContain('data-testid="verified-stablecoin" data-verified="true"><td>stablecoin</td><td class="">verified: runs the code this source builds to</td>');
    expect(html).toContain(
      `data-testid="verified-collateral_vault" data-verified="false"><td>collateral_vault</td><td class="error">NOT verified: chain runs ${H('ee')}, this source builds ${BUNDLED_HASHES.collateral_vault}</td>`,
    );
    expect(html).toMatch(/data-testid="verified-collateral_vault-facet-lend" data-verified="true"/);
    expect(html).toMatch(/data-testid="verified-collateral_vault-facet-pledge" data-verified="false"/);
  });
  it('the guardian may pause; others may not; settings are read-only', () => {
    expect(renderNew(<AdminScreen />, FERDIE)).toMatch(/<button data-testid="pause-vault">Pause the vault<\/button>/);
    const bob = renderNew(<AdminScreen />, DAVE);
    expect(bob).toMatch(/<button data-testid="pause-vault" disabled="">/);
    expect(bob).toContain('This account is not the guardian');
    expect(bob).toContain('Read-only: these are changed by the contracts’ administrators with the deploy CLI');
    const plainBob = plain(bob);
    expect(plainBob).toContain('Recovery period (until write-off)90 days');
    expect(plainBob).toContain('Auction reserve (of start price)40.00 %');
    expect(plainBob).toContain('EUR3 / 3 / 35 %1 h1 hno');
    expect(plainBob).toContain('Arbiter (disputes)5GNJqT…xiZY');
  });
});

describe('Keeper housekeeping', () => {
  it('mark_defaulted when overdue past grace; heal covers min(surplus, bad debt)', () => {
    const html = renderNew(<KeeperDuties />, BOB);
    // #9 was due 40 days ago, grace 30: it can be marked defaulted; #1 not yet (due in 10 days).
    expect(html.slice(html.indexOf('data-testid="default-9"'))).toMatch(/^[^]*?<button data-testid="mark-defaulted" title="">Mark defaulted/);
    expect(html.slice(html.indexOf('data-testid="default-1"'), html.indexOf('data-testid="default-9"'))).toMatch(/disabled=""/);
    expect(plain(html)).toContain('Heal: cover 12.00 TUSD of bad debt');
  });
});

describe('History & charts', () => {
  const entries = [
    { blockNumber: 120, blockHash: '0xb', txHash: '0x' + 'ab'.repeat(32), signer: BOB, index: 3, contract: 'stablecoin', event: 'Transfer', data: { from: BOB, to: DAVE, value: 1_250n * WAD }, accounts: [BOB, DAVE] },
    { blockNumber: 110, blockHash: '0xa', txHash: '0x' + 'cd'.repeat(32), index: 1, contract: 'price_oracle', event: 'AnswerUpdated', data: { key: priceKey('COFFEE'), priceWad: 2n * WAD, updatedAtMs: NOW - 3_600_000n, submissions: 3 }, accounts: [] },
  ];
  const scan = { entries, undecodable: 0, fromBlock: 1, toBlock: 120 };
  it('the account’s events, newest first, with block and transaction; names for addresses', () => {
    const html = renderNew(<HistoryScreen initial={scan} />, BOB);
    expect(plain(html)).toContain('Blocks #1 to #120: 2 events of the suite, 1 signed by or naming 5FHneW…94ty.');
    // Block, contract, event, details, signer, transaction (cells run together once tags are stripped).
    expect(plain(html)).toContain('#120stablecoinTransferfrom: 5FHneW…94ty, to: Dave Foods, value: 1,2505FHneW…94ty0xabababab…');
    expect(html).toContain('0xabababab…');
  });
  it('the price chart: the answer found and now, exact path', () => {
    const html = renderNew(<HistoryScreen initial={scan} />, BOB);
    // 2.00 an hour ago, 1.20 now: y from 1.16 to 2.04 (5 % padding), x over the hour: 2.00 at
    // 170 − 140 × 0.84 / 0.88 = 36.36, 1.20 at 170 − 140 × 0.04 / 0.88 = 163.64.
    expect(html).toContain('data-testid="price-chart-COFFEE"');
    expect(html).toContain('d="M30.00 36.36 L450.00 36.36 L450.00 163.64" fill="none" stroke="#1d4ed8" stroke-width="2" data-testid="price-line"');
  });
  it('the ratio chart with its liquidation line; the auction curve with the price now', () => {
    const html = renderNew(<HistoryScreen initial={scan} />, DAVE);
    // Dave's coffee position: 20 000 × 1.2 × 0.9 = 21 600 over 16 000 = 135 %, line at 150 %.
    expect(html).toContain('data-testid="ratio-chart-2"');
    expect(plain(html)).toContain('dashed: the liquidation line at 150.00 %');
    expect(html).toContain('data-testid="auction-chart-7"');
    // 1 200 → 480 over 600 ms from NOW − 250: now (750 × 1 200 / 1 000 = 900) at x = 30 + 420 × 250/600.
    expect(html).toMatch(/<circle cx="205.00" cy="[\d.]+" r="4" fill="#b91c1c" data-testid="auction-now">/);
    expect(plain(html)).toContain('now 900.00 TUSD (red)');
  });
  it('the ratio chart reconstructed from the events: the debt after the borrow, the collateral at the price then, and now', () => {
    const withBorrow = {
      ...scan,
      entries: [
        { blockNumber: 115, blockHash: '0xc', index: 1, contract: 'collateral_vault', event: 'Borrowed', data: { positionId: 2n, amountWad: 16_000n * WAD, debtWad: 16_000n * WAD }, accounts: [], timestampMs: NOW - 3_000_000n },
        ...scan.entries.map((e) => ({ ...e, timestampMs: NOW - 3_600_000n })),
      ],
    };
    const html = renderNew(<HistoryScreen initial={withBorrow} />, DAVE);
    const chart = html.slice(html.indexOf('data-testid="ratio-chart-2"'), html.indexOf('</svg>', html.indexOf('data-testid="ratio-chart-2"')));
    // 20 000 kg × 2.00 less 10 % = 36 000 over 16 000 = 225 % then; at 1.20, 135 % now.
    expect([...chart.matchAll(/<title>[^<]*: ([\d.,]+ %)<\/title>/g)].map((m) => m[1])).toEqual(['225.00 %', '135.00 %']);
  });
});
