/**
 * Browser-test harness: serves the built dApp (vite preview, in process) with a given manifest,
 * launches Debian's Chromium through playwright-core, and injects the test wallet.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createTestWallet, type TestWallet, type TestWalletOptions } from '../src/testing/testWallet';

export const ROOT = resolve(import.meta.dirname, '..');
export const OUT = join(ROOT, 'e2e/.out');
export const SCREENSHOTS = resolve(ROOT, process.env.SCF_SCREENSHOTS ?? '../docs/screenshots');

export async function serve(manifestPath: string, port = 4173): Promise<{ server: PreviewServer; url: string }> {
  process.env.SCF_MANIFEST = manifestPath;
  const server = await preview({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), preview: { port, host: '127.0.0.1', strictPort: true } });
  return { server, url: `http://127.0.0.1:${port}/` };
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

export function writeFixture(name: string, value: unknown): string {
  mkdirSync(OUT, { recursive: true });
  const path = join(OUT, name);
  writeFileSync(path, JSON.stringify(value, null, 2));
  return path;
}

/**
 * Puts the test wallet in the page as `window.injectedWeb3['polkadot-js']` before any script
 * runs: accounts come from the wallet, and every signature request goes back to the test
 * process, where @polkadot/keyring signs (or declines) it.
 */
export async function injectWallet(page: Page, opts: TestWalletOptions): Promise<TestWallet> {
  const wallet = await createTestWallet(opts);
  await page.exposeFunction('__scfTestWalletSign', (payload: never) => wallet.signPayload(payload));
  await page.addInitScript((accounts) => {
    const w = window as unknown as { injectedWeb3: Record<string, unknown>; __scfTestWalletSign: (p: unknown) => Promise<unknown> };
    w.injectedWeb3 = {
      'polkadot-js': {
        version: '0.0.0-test',
        enable: async () => ({
          accounts: {
            get: async () => accounts,
            subscribe: (cb: (a: unknown) => void) => {
              cb(accounts);
              return () => {};
            },
          },
          signer: { signPayload: (p: unknown) => w.__scfTestWalletSign(p) },
        }),
      },
    };
  }, wallet.accounts);
  return wallet;
}

export async function shot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
