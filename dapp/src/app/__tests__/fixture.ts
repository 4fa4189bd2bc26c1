/**
 * A snapshot of the chain for the behaviour tests (the same figures as screens.test.tsx: an
 * invoice facility, a coffee position that can be liquidated, an invoice at auction).
 */
import type { AppCtx } from '../context';
import type { Snapshot } from '../suite';
import { MS_PER_DAY, RAY, WAD } from '../../lib/units';

export const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
export const DAVE = '5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy';
export const EVE = '5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw';
export const NOW = 1_800_000_000_000n;
const DOC = `0x${'07'.repeat(32)}` as const;
export const risk = {
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

export const snap: Snapshot = {
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

export const manifest = {
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
