/**
 * Phone width without a chain: every role screen, rendered from a snapshot of the chain (the unit
 * tests' fixture: a facility, a coffee position to liquidate, an invoice at auction, a liquidated
 * position), laid out by Chromium at 390 px with the app's stylesheet. Nothing may scroll the page
 * sideways: tables scroll inside their card, long addresses wrap. (node.e2e.ts checks the same on
 * the live app.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createElement } from 'react';
import type { Browser } from 'playwright-core';
import { launch, ROOT } from './harness';
import { SupplierScreen } from '../src/app/screens/Supplier';
import { DebtorScreen } from '../src/app/screens/Debtor';
import { AttesterScreen } from '../src/app/screens/Attester';
import { KeeperScreen } from '../src/app/screens/Keeper';
import { RiskScreen } from '../src/app/screens/Risk';
import { BOB, DAVE, EVE, render } from '../src/app/__tests__/fixture';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const css = readFileSync(join(ROOT, 'src/styles.css'), 'utf8');

function page(Screen: () => React.JSX.Element | null, account: string): string {
  const body = render(createElement(Screen), account);
  return `<!doctype html><html><head><meta name="viewport" content="width=device-width, initial-scale=1"><style>${css}</style></head><body><div class="app"><header><div><h1>Supply-chain finance</h1><span class="muted">local · Development · ws://127.0.0.1:9944 · connected</span></div><div class="wallet"><select><option>${account}</option></select><span>0.00 TUSD</span><button>Disconnect</button></div></header><nav><button class="active">Supplier</button><button>Debtor</button><button>Warehouse / carrier</button><button>Keeper</button><button>Underwriter &amp; risk desk</button></nav><main>${body}</main></div></body></html>`;
}

describe('phone width (390 px)', () => {
  for (const [name, Screen, who] of [
    ['supplier', SupplierScreen, BOB],
    ['debtor', DebtorScreen, DAVE],
    ['attester', AttesterScreen, EVE],
    ['keeper', KeeperScreen, BOB],
    ['risk', RiskScreen, BOB],
  ] as const) {
    it(`the ${name} screen does not scroll sideways`, async () => {
      const p = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
      await p.setContent(page(Screen, who));
      const widths = await p.evaluate(() => ({ doc: document.documentElement.scrollWidth, body: document.body.scrollWidth }));
      expect(widths.doc).toBeLessThanOrEqual(390);
      expect(widths.body).toBeLessThanOrEqual(390);
      if (process.env.SCF_PHONE_SHOTS) await p.screenshot({ path: join(process.env.SCF_PHONE_SHOTS, `phone-${name}.png`), fullPage: true });
      await p.close();
    });
  }
});
