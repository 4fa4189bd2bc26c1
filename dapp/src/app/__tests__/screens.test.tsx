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
const DOC = `0x${'07'.repeat(32)}` as const;
const risk = {
  liquidationRatioWad: (3n * WAD) / 2n,
  feePerSecondRay: RAY,
  dustWad: 100n * WAD,
  debtCeilingWad: 1_000_000n * WAD,
  debtorLimitWad: 50_000n * WAD,
  discountRateAnnualWad: WAD / 10n,
  gracePeriodMs: 30n * MS_PER_DAY,
  goodsHaircutWad: WAD / 10n,
};
const state = { totalArt: 0n, rateRay: RAY, lastAccrualMs: NOW };
const invoiceTerms = { kind: 'Invoice' as const, faceValueWad: 15_000n * WAD, dueDateMs: NOW + 73n * MS_PER_DAY, key: 'USD' };
const coffeeTerms = { kind: 'WarehouseReceipt' as const, quantityWad: 20_000n * WAD, key: 'COFFEE' };
const invoiceRecord = (face: bigint, due: bigint) => ({ type: 'Invoice' as const, faceValueWad: face, currency: 'USD', debtor: DAVE, issueDateMs: NOW, dueDateMs: due, documentHash: DOC });
const coffeeRecord = { type: 'WarehouseReceipt' as const, commodity: 'COFFEE', quantityWad: 20_000n * WAD, warehouse: EVE, documentHash: DOC };
const overdueTerms = { ...invoiceTerms, faceValueWad: 1_000n * WAD, dueDateMs: NOW - MS_PER_DAY };
const seizedTerms = { ...invoiceTerms, faceValueWad: 10_000n * WAD };
const limits = { holeWad: 5_000_000n * WAD, dirtWad: 8_800n * WAD, classHoleWad: 2_000_000n * WAD, classDirtWad: 8_800n * WAD };

const snap: Snapshot = {
  nowMs: NOW,
  paused: false,
  market: {
    unitKey: 'TUSD',
    maxPriceAgeMs: 3_600_000n,
    prices: {
      USD: { ok: true, priceWad: WAD, upperWad: WAD, updatedAtMs: NOW },
      COFFEE: { ok: true, priceWad: (6n * WAD) / 5n, upperWad: (6n * WAD) / 5n, updatedAtMs: NOW },
    },
  },
  priceInfo: {
    USD: { quote: { ok: true, priceWad: WAD, upperWad: WAD, updatedAtMs: NOW }, quorum: 3, moveQuorum: 3, maxDeviationBps: 2_000, reporters: 3 },
    COFFEE: { quote: { ok: true, priceWad: (6n * WAD) / 5n, upperWad: (121n * WAD) / 100n, updatedAtMs: NOW }, quorum: 3, moveQuorum: 3, maxDeviationBps: 2_000, reporters: 4 },
  },
  classes: [
    { id: 0, name: 'invoices', kind: 'Invoice', risk, state, priceKeys: ['USD', 'TUSD'], auctionStartMultiplierWad: (6n * WAD) / 5n, auctionDurationMs: 86_400_000n, liquidationPenaltyWad: WAD / 10n, seizedWad: 8_000n * WAD, liquidationLimits: limits },
    { id: 1, name: 'warehouse', kind: 'WarehouseReceipt', risk, state: { ...state, totalArt: 16_000n * WAD }, priceKeys: ['COFFEE'], auctionStartMultiplierWad: (6n * WAD) / 5n, auctionDurationMs: 86_400_000n, liquidationPenaltyWad: WAD / 10n, seizedWad: 0n, liquidationLimits: { ...limits, classHoleWad: undefined, classDirtWad: 0n } },
  ],
  positions: [
    { id: 1n, owner: BOB, classId: 0, art: 0n, assetIds: [1n], debtor: DAVE, priceKey: 'USD', liquidating: false },
    { id: 2n, owner: DAVE, classId: 1, art: 16_000n * WAD, assetIds: [2n], priceKey: 'COFFEE', liquidating: false },
    { id: 5n, owner: BOB, classId: 0, art: 0n, assetIds: [], debtor: DAVE, liquidating: true, liquidationDebtWad: 8_000n * WAD },
  ],
  assets: [
    { id: 1n, kind: 'Invoice', terms: invoiceTerms, status: 'Confirmed', owner: undefined, originator: BOB, confirmer: DAVE, debtor: DAVE, issueDateMs: NOW, documentHash: DOC, record: invoiceRecord(15_000n * WAD, invoiceTerms.dueDateMs), positionId: 1n },
    { id: 2n, kind: 'WarehouseReceipt', terms: coffeeTerms, status: 'Confirmed', owner: undefined, originator: DAVE, confirmer: EVE, warehouse: EVE, documentHash: DOC, record: coffeeRecord, positionId: 2n },
    { id: 3n, kind: 'WarehouseReceipt', terms: coffeeTerms, status: 'Pending', owner: DAVE, originator: DAVE, confirmer: EVE, warehouse: EVE, documentHash: DOC, record: coffeeRecord },
    // A pending invoice naming Dave: he confirms it from his own records.
    { id: 4n, kind: 'Invoice', terms: invoiceTerms, status: 'Pending', owner: BOB, originator: BOB, confirmer: DAVE, debtor: DAVE, issueDateMs: NOW, documentHash: DOC, record: invoiceRecord(15_000n * WAD, invoiceTerms.dueDateMs) },
    // Confirmed, unpledged, a day past due: no dispute any more; Bob (originator) still holds it.
    { id: 6n, kind: 'Invoice', terms: overdueTerms, status: 'Confirmed', owner: BOB, originator: BOB, confirmer: DAVE, debtor: DAVE, issueDateMs: NOW - 60n * MS_PER_DAY, documentHash: DOC, record: invoiceRecord(1_000n * WAD, overdueTerms.dueDateMs) },
    // Seized from position 5 and at auction.
    { id: 9n, kind: 'Invoice', terms: seizedTerms, status: 'Confirmed', owner: undefined, originator: BOB, confirmer: DAVE, debtor: DAVE, issueDateMs: NOW, documentHash: DOC, record: invoiceRecord(10_000n * WAD, seizedTerms.dueDateMs), positionId: 5n },
  ],
  pledged: new Map([
    [1n, { id: 1n, terms: invoiceTerms, status: 'Confirmed' as const }],
    [2n, { id: 2n, terms: coffeeTerms, status: 'Confirmed' as const }],
  ]),
  auctions: [{ assetId: 9n, positionId: 5n, startPriceWad: 1_200n * WAD, floorWad: 480n * WAD, startedAtMs: NOW - 250n, durationMs: 1_000n, debtor: DAVE }],
  recoveries: [],
  liquidations: new Map([[5n, { id: 1n, debtRemainingWad: 8_000n * WAD, penaltyRemainingWad: 800n * WAD, dirtWad: 8_800n * WAD }]]),
  liquidateChecks: new Map(),
  debtors: [
    { account: DAVE, line: { creditLimitWad: 20_000n * WAD, suspended: false }, exposureWad: 8_000n * WAD, record: { settledOnTime: 1, settledLate: 0, daysLateTotal: 0n, maxDaysLate: 0, defaulted: 0, unresolvedDefaults: 0, disputed: 0 } },
  ],
  books: { surplusWad: 12n * WAD, auctionDebtWad: 8_000n * WAD, badDebtWad: 0n, positionCount: 5n },
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

/** The opening tag of the button with `testid` (attributes in any order). */
function button(html: string, testid: string): string {
  const tag = [...html.matchAll(/<button[^>]*>/g)].map((m) => m[0]).find((t) => t.includes(`data-testid="${testid}"`));
  if (!tag) throw new Error(`no button ${testid}`);
  return tag;
}

function render(Screen: () => React.JSX.Element | null, account: string, at: Snapshot = snap) {
  const ctx: AppCtx = { manifest, suite: { engine: {} } as unknown as AppCtx['suite'], snap: at, account, refresh: () => {} };
  return renderToString(
    <Ctx.Provider value={ctx}>
      <Screen />
    </Ctx.Provider>,
  ).replace(/<!-- -->/g, '');
}

describe('role screens', () => {
  it('supplier: value, max borrow and band of the invoice facility; its price key', () => {
    const html = render(SupplierScreen, BOB);
    expect(html).toContain('Position 1 · invoices');
    expect(html).toContain('14,705.88 TUSD'); // 15 000 / 1.02
    expect(html).toContain('9,803.92 TUSD'); // ÷ 1.5
    expect(html).toContain('no debt');
    expect(html).toContain('USD (every document of this position is valued in it)');
  });
  it('supplier: the holder marks its invoice paid outside (mark_paid is on the holder’s word)', () => {
    const html = render(SupplierScreen, BOB);
    expect(html).toContain('I was paid outside: mark paid'); // #6, which Bob holds
  });
  it('debtor: the amount due and where it goes', () => {
    const html = render(DebtorScreen, DAVE);
    expect(html).toContain('15,000.00 TUSD');
    expect(html).toContain('Approve and pay');
    expect(html).toContain('20,000.00 TUSD'); // credit line
  });
  it('debtor: a pending invoice is confirmed from Dave’s own input, never the chain’s copy', () => {
    const html = render(DebtorScreen, DAVE);
    const row = html.slice(html.indexOf('data-testid="invoice-4"'), html.indexOf('data-testid="invoice-6"'));
    expect(row).toContain('Registered by the supplier');
    expect(row).toContain('<td class="mono">15,000</td>'); // the registered face, shown beside an empty input
    expect(row).toContain('enter it from your own records');
    expect(row).toMatch(/data-testid="confirm-amount"[^>]*value=""/);
    expect(row).toMatch(/<button[^>]*data-testid="confirm"[^>]*disabled=""/);
  });
  it('debtor: past due, a dispute is refused (disabled with the reason); only the holder marks an invoice paid', () => {
    const html = render(DebtorScreen, DAVE);
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
    const html = render(DebtorScreen, DAVE);
    const row = html.slice(html.indexOf('data-testid="invoice-9"'));
    expect(row).toContain('at auction');
    expect(row).toContain('10,000.00 TUSD'); // face × upper price
    expect(row).toContain('8,000.00 TUSD'); // the liquidated loan
    expect(row).toContain('800.00 TUSD'); // the penalty
    expect(row).toContain('1,200.00 TUSD'); // to the supplier
    expect(row).toContain('Approve and pay what I owe (ends the auction)');
  });
  it('warehouse: the pending receipt to confirm, from its own records', () => {
    const html = render(AttesterScreen, EVE);
    expect(html).toContain('data-testid="goods-3"');
    expect(html).toContain('Confirm these terms');
    expect(html).toContain('<td class="mono">20,000</td>'); // the registered quantity, shown beside the input
  });
  it('keeper: the coffee position can be liquidated; the auction’s price now', () => {
    // 20 000 × 1.20 × 0.9 = 21 600 < 16 000 × 1.5 = 24 000: 135 %.
    const html = render(KeeperScreen, BOB);
    expect(html).toContain('135.00 %');
    expect(html).toContain('can be liquidated');
    expect(html).toContain('900.00 TUSD'); // 1 200 × 750 / 1 000
    expect(html).toContain('data-testid="take"');
  });
  it('keeper: the invoice’s own debtor is not offered the auction (DebtorMustSettle)', () => {
    const html = render(KeeperScreen, DAVE);
    expect(html).not.toContain('data-testid="take"');
    expect(html).toContain('You owe this invoice: you cannot buy it at auction');
  });
  it('keeper: the chain’s own dry run decides the button (here: the engine’s limit is full)', () => {
    const checks = new Map([[2n, { ok: false as const, path: 'LiquidationLimit', sentence: '' }]]);
    const html = render(KeeperScreen, BOB, { ...snap, liquidateChecks: checks });
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*data-testid="liquidate"[^>]*data-source="chain"/);
    expect(html).toContain('limit on debt being liquidated');
  });
  it('risk desk: lines, classes, oracle quorum and both prices, liquidation limits, books', () => {
    const html = render(RiskScreen, BOB);
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
