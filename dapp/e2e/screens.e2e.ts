/**
 * The new screens drawn in Chromium from the unit tests' fixed snapshot (src/app/__tests__/
 * fixture.ts: newSnap), no chain needed: what Pay, Arbiter, Guardian & settings and History & charts look
 * like, screenshots to docs/screenshots/fixture-*.png. The run against a node (node.e2e.ts) takes
 * the same screens with a real deployment.
 */
import { createElement as h } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launch, ROOT, shot } from './harness';
import { ARB, BOB, DAVE, FERDIE, NOW, renderNew } from '../src/app/__tests__/fixture';
import { PayScreen } from '../src/app/screens/Pay';
import { ArbiterScreen } from '../src/app/screens/Arbiter';
import { AdminScreen } from '../src/app/screens/Admin';
import { HistoryScreen } from '../src/app/screens/History';
import { DebtorScreen } from '../src/app/screens/Debtor';
import { KeeperDuties } from '../src/app/screens/KeeperDuties';
import { priceKey, WAD } from '../src/lib/units';

const CSS = ['src/styles.css', 'src/app/charts.css'].map((f) => readFileSync(join(ROOT, f), 'utf8')).join('\n');

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
});

async function show(html: string) {
  await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>${CSS}</style></head><body><div class="app"><main>${html}</main></div></body></html>`);
}

const scan = {
  entries: [
    { blockNumber: 212, blockHash: '0xb', txHash: '0x' + 'ab'.repeat(32), index: 3, contract: 'stablecoin', event: 'Transfer', data: { from: BOB, to: DAVE, value: 1_250n * WAD }, accounts: [BOB, DAVE] },
    { blockNumber: 120, blockHash: '0xa', txHash: '0x' + 'cd'.repeat(32), index: 1, contract: 'price_oracle', event: 'AnswerUpdated', data: { key: priceKey('COFFEE'), priceWad: 2n * WAD, updatedAtMs: NOW - 3_600_000n, submissions: 3 }, accounts: [] },
    { blockNumber: 90, blockHash: '0x9', txHash: '0x' + 'ef'.repeat(32), index: 1, contract: 'price_oracle', event: 'AnswerUpdated', data: { key: priceKey('COFFEE'), priceWad: (19n * WAD) / 10n, updatedAtMs: NOW - 7_200_000n, submissions: 3 }, accounts: [] },
  ],
  undecodable: 0,
  fromBlock: 1,
  toBlock: 212,
};

describe('the new screens, drawn from the fixture', () => {
  it('Pay, with an inline error and the address book', async () => {
    await show(renderNew(h(PayScreen, { initial: { to: DAVE, amount: '1,250.50', reference: 'PO-2041' } }), BOB));
    expect(await page.getByTestId('pay-amount-error').textContent()).toBe('Use a point for decimals and no commas (e.g. 1250.50).');
    await shot(page, 'fixture-pay');
  });
  it('Debtor: pay an unpledged invoice on chain', async () => {
    await show(renderNew(h(DebtorScreen), DAVE));
    expect(await page.getByTestId('pay-on-chain-amount').textContent()).toBe('16,250.00 TUSD');
    await shot(page, 'fixture-debtor-pay-on-chain');
  });
  it('Arbiter', async () => {
    await show(renderNew(h(ArbiterScreen), ARB));
    expect(await page.getByTestId('dispute-9').getByTestId('write-off').isDisabled()).toBe(true);
    await shot(page, 'fixture-arbiter');
  });
  it('Guardian & settings, with the verification', async () => {
    await show(renderNew(h(AdminScreen), FERDIE));
    expect(await page.getByTestId('verified-stablecoin').getAttribute('data-verified')).toBe('true');
    expect(await page.getByTestId('verified-collateral_vault').getAttribute('data-verified')).toBe('false');
    await shot(page, 'fixture-guardian-settings');
  });
  it('Keeper housekeeping', async () => {
    await show(renderNew(h(KeeperDuties), BOB));
    await shot(page, 'fixture-keeper-housekeeping');
  });
  it('History & charts', async () => {
    await show(renderNew(h(HistoryScreen, { initial: scan }), DAVE));
    expect(await page.getByTestId('price-chart-COFFEE').locator('circle').count()).toBe(3);
    expect(await page.getByTestId('auction-chart-7').getByTestId('auction-now').getAttribute('cx')).toBe('205.00');
    await shot(page, 'fixture-history-charts');
  });
});
