/**
 * The role screens render a snapshot of the chain without crashing and show the figures the
 * logic computes (server-side rendering: no browser, no chain; the browser tests drive them for real).
 */
import { describe, expect, it } from 'vitest';
import { renderToString } from 'react-dom/server';
import { Ctx, type AppCtx } from '../context';
import type { Snapshot } from '../suite';
import { SupplierScreen } from '../screens/Supplier';
import { DebtorScreen } from '../screens/Debtor';
import { AttesterScreen } from '../screens/Attester';
import { KeeperScreen } from '../screens/Keeper';
import { RiskScreen } from '../screens/Risk';
import { MS_PER_DAY, RAY, WAD } from '../../lib/units';

const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const DAVE = '5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy';
const EVE = '5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw';
const NOW = 1_800_000_000_000n;
const risk = {
  liquidationRatioWad: (3n * WAD) / 2n,
  feePerSecondRay: RAY,
  dustWad: 100n * WAD,
  debtCeilingWad: 1_000_000n * WAD,
  debtorLimitWad: 50_000n * WAD,
  discountRateAnnualWad: WAD / 10n,
  gracePeriodMs: 30n * MS_PER_DAY,
  overdueHaircutWad: WAD / 2n,
  goodsHaircutWad: WAD / 10n,
};
const state = { totalArt: 0n, rateRay: RAY, lastAccrualMs: NOW };
const invoiceTerms = { kind: 'Invoice' as const, faceValueWad: 15_000n * WAD, dueDateMs: NOW + 73n * MS_PER_DAY, key: 'USD' };
const coffeeTerms = { kind: 'WarehouseReceipt' as const, quantityWad: 20_000n * WAD, key: 'COFFEE' };

const snap: Snapshot = {
  nowMs: NOW,
  paused: false,
  market: {
    unitKey: 'TUSD',
    maxPriceAgeMs: 3_600_000n,
    prices: { USD: { ok: true, priceWad: WAD, updatedAtMs: NOW }, COFFEE: { ok: true, priceWad: (6n * WAD) / 5n, updatedAtMs: NOW } },
  },
  priceInfo: {
    USD: { quote: { ok: true, priceWad: WAD, updatedAtMs: NOW } },
    COFFEE: { quote: { ok: true, priceWad: (6n * WAD) / 5n, updatedAtMs: NOW } },
  },
  classes: [
    { id: 0, name: 'invoices', kind: 'Invoice', risk, state, priceKeys: ['USD', 'TUSD'], auctionStartMultiplierWad: (6n * WAD) / 5n, auctionDurationMs: 86_400_000n, liquidationPenaltyWad: WAD / 10n },
    { id: 1, name: 'warehouse', kind: 'WarehouseReceipt', risk, state: { ...state, totalArt: 16_000n * WAD }, priceKeys: ['COFFEE'], auctionStartMultiplierWad: (6n * WAD) / 5n, auctionDurationMs: 86_400_000n, liquidationPenaltyWad: WAD / 10n },
  ],
  positions: [
    { id: 1n, owner: BOB, classId: 0, art: 0n, assetIds: [1n], debtor: DAVE, liquidating: false },
    { id: 2n, owner: DAVE, classId: 1, art: 16_000n * WAD, assetIds: [2n], liquidating: false },
  ],
  assets: [
    { id: 1n, kind: 'Invoice', terms: invoiceTerms, status: 'Confirmed', owner: undefined, originator: BOB, confirmer: DAVE, debtor: DAVE, issueDateMs: NOW, documentHash: '0x', positionId: 1n },
    { id: 2n, kind: 'WarehouseReceipt', terms: coffeeTerms, status: 'Confirmed', owner: undefined, originator: DAVE, confirmer: EVE, warehouse: EVE, documentHash: '0x', positionId: 2n },
    { id: 3n, kind: 'WarehouseReceipt', terms: coffeeTerms, status: 'Pending', owner: DAVE, originator: DAVE, confirmer: EVE, warehouse: EVE, documentHash: '0x' },
  ],
  pledged: new Map([
    [1n, { id: 1n, terms: invoiceTerms, status: 'Confirmed' as const }],
    [2n, { id: 2n, terms: coffeeTerms, status: 'Confirmed' as const }],
  ]),
  auctions: [{ assetId: 9n, positionId: 5n, startPriceWad: 1_200n * WAD, floorWad: 480n * WAD, startedAtMs: NOW - 250n, durationMs: 1_000n }],
  recoveries: [],
  debtors: [
    { account: DAVE, line: { creditLimitWad: 20_000n * WAD, suspended: false }, exposureWad: 0n, record: { settledOnTime: 1, settledLate: 0, daysLateTotal: 0n, maxDaysLate: 0, defaulted: 0, unresolvedDefaults: 0, disputed: 0 } },
  ],
  books: { surplusWad: 12n * WAD, auctionDebtWad: 0n, badDebtWad: 0n, positionCount: 2n },
  surplusBufferWad: 1_000n * WAD,
  globalDebtCeilingWad: 10_000_000n * WAD,
  balanceWad: 0n,
  isUnderwriter: true,
  isAttester: true,
  keeperReward: { tipWad: 10n * WAD, chipWad: WAD / 1000n },
};

const manifest = {
  network: 'local',
  chain: 'Development',
  target: 'ws://127.0.0.1:9944',
  deployer: BOB,
  deployedAtMs: 0,
  contracts: {
    collateral_vault: { address: BOB, addressHex: '0x', codeHash: '0x' },
    liquidation_engine: { address: EVE, addressHex: '0x', codeHash: '0x' },
    receivable_registry: { address: BOB, addressHex: '0x', codeHash: '0x' },
    price_oracle: { address: BOB, addressHex: '0x', codeHash: '0x' },
    stablecoin: { address: BOB, addressHex: '0x', codeHash: '0x' },
  },
  classes: [],
  priceKeys: ['USD', 'COFFEE'],
  unitKey: 'TUSD',
  underwriters: [],
  debtors: [{ account: DAVE, creditLimitWad: 20_000n * WAD }],
} as unknown as AppCtx['manifest'];

function render(Screen: () => React.JSX.Element | null, account: string) {
  const ctx: AppCtx = { manifest, suite: { engine: {} } as unknown as AppCtx['suite'], snap, account, refresh: () => {} };
  return renderToString(
    <Ctx.Provider value={ctx}>
      <Screen />
    </Ctx.Provider>,
  ).replace(/<!-- -->/g, '');
}

describe('role screens', () => {
  it('supplier: value, max borrow and band of the invoice facility', () => {
    const html = render(SupplierScreen, BOB);
    expect(html).toContain('Position 1 · invoices');
    expect(html).toContain('14,705.88 TUSD'); // 15 000 / 1.02
    expect(html).toContain('9,803.92 TUSD'); // ÷ 1.5
    expect(html).toContain('no debt');
  });
  it('debtor: the amount due and where it goes', () => {
    const html = render(DebtorScreen, DAVE);
    expect(html).toContain('15,000.00 TUSD');
    expect(html).toContain('Approve and pay');
    expect(html).toContain('20,000.00 TUSD'); // credit line
  });
  it('warehouse: the pending receipt to confirm', () => {
    const html = render(AttesterScreen, EVE);
    expect(html).toContain('Confirm 20,000.00 COFFEE');
  });
  it('keeper: the coffee position can be liquidated; the auction’s price now', () => {
    // 20 000 × 1.20 × 0.9 = 21 600 < 16 000 × 1.5 = 24 000: 135 %.
    const html = render(KeeperScreen, BOB);
    expect(html).toContain('135.00 %');
    expect(html).toContain('can be liquidated');
    expect(html).toContain('900.00 TUSD'); // 1 200 × 750 / 1 000
  });
  it('risk desk: lines, classes, oracle and books', () => {
    const html = render(RiskScreen, BOB);
    expect(html).toContain('16,000.00 TUSD');
    expect(html).toContain('fresh');
    expect(html).toContain('1,000.00 TUSD');
  });
});
