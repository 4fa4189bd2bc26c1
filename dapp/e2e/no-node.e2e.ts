/**
 * Runs without a chain: the dApp with a valid manifest whose node is down says so clearly, and
 * bad manifests are refused with their typed error on screen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { injectWallet, launch, ROOT, serve, shot, writeFixture } from './harness';

const sandbox = JSON.parse(readFileSync(join(ROOT, 'src/lib/__tests__/fixtures/sandbox-manifest.json'), 'utf8'));
const hashOf = (c: string) => JSON.parse(readFileSync(join(ROOT, `src/contracts/artifacts/${c}/${c}.json`), 'utf8')).source.hash;
/** The sandbox manifest as if deployed on a node that is not running (port 9 is discard). */
const offline = {
  ...sandbox,
  network: 'local',
  chain: 'Development',
  target: 'ws://127.0.0.1:9',
  contracts: Object.fromEntries(Object.entries(sandbox.contracts).map(([k, v]) => [k, { ...(v as object), code_hash: hashOf(k) }])),
};

let browser: Browser;
let server: PreviewServer;
let url: string;

beforeAll(async () => {
  ({ server, url } = await serve(writeFixture('offline.json', offline), 4174));
  for (const [name, m] of Object.entries({
    incomplete: { ...offline, complete: false, failed_step: 'collateral_vault.add_class(invoices)', error: 'InvalidParams' },
    sandbox,
    missing: { ...offline, contracts: { ...offline.contracts, price_oracle: undefined } },
    stale: { ...offline, contracts: { ...offline.contracts, collateral_vault: { ...offline.contracts.collateral_vault, code_hash: '0x' + '00'.repeat(32) } } },
  }))
    writeFixture(`${name}.json`, m);
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('without a node', () => {
  it('shows a clear "cannot reach the node" state, with the wallet still connectable', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await injectWallet(page, { accounts: [{ uri: '//Bob', name: 'Bob (supplier)' }] });
    await page.goto(url);
    const banner = page.getByTestId('node-unreachable');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.textContent()).toContain('Cannot reach the node at ws://127.0.0.1:9');
    expect(await page.getByTestId('network').textContent()).toContain('unreachable');
    // The injected wallet connects through typink's polkadot-js connector with no chain at all.
    await page.getByTestId('connect-polkadot-js').click();
    await page.getByTestId('account').waitFor();
    expect(await page.getByTestId('account').textContent()).toContain('Bob (supplier)');
    await shot(page, 'no-node');
    await page.close();
  });

  it('at phone width (390 px) the page does not scroll sideways', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await injectWallet(page, { accounts: [{ uri: '//Bob', name: 'Bob (supplier)' }] });
    await page.goto(url);
    await page.getByTestId('node-unreachable').waitFor({ timeout: 30_000 });
    await page.getByTestId('connect-polkadot-js').click();
    await page.getByTestId('account').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.close();
  });

  for (const [fixture, error, text] of [
    ['incomplete', 'IncompleteDeploymentError', 'add_class(invoices)'],
    ['sandbox', 'WrongNetworkError', 'sandbox'],
    ['missing', 'MissingContractError', 'price_oracle'],
    ['stale', 'MetadataMismatchError', 'different collateral_vault code'],
  ] as const) {
    it(`refuses the ${fixture} manifest with ${error}`, async () => {
      const page = await browser.newPage();
      // The fixtures are answered by the test (Playwright routing), not served from disk.
      await page.route(
        (u) => u.pathname.startsWith('/fixtures/'),
        (route) => route.fulfill({ path: join(ROOT, 'e2e/.out', new URL(route.request().url()).pathname.split('/').pop()!) }),
      );
      await page.goto(`${url}?manifest=./fixtures/${fixture}.json`);
      const el = page.getByTestId('manifest-error');
      await el.waitFor({ timeout: 15_000 });
      expect(await el.getAttribute('data-error')).toBe(error);
      expect(await el.textContent()).toContain(text);
      await page.close();
    });
  }
});
