/**
 * The one fixture of the unit and browser tests: accounts, a class's risk parameters, a market
 * builder, and two fixed snapshots of the chain with their manifests, rendered server-side.
 *
 * - `snap` / `manifest` (role screens: screens.test.tsx, behaviour.test.tsx, e2e/phone.e2e.ts):
 *   an invoice facility, a coffee position that can be liquidated, an invoice at auction, a
 *   liquidated position; rendered by `render`.
 * - `newSnap` / `newManifest` / `gov` (new screens: newScreens.test.tsx, e2e/screens.e2e.ts):
 *   EUR invoices, one disputed and pledged, one in recovery, an unpledged one to pay on chain;
 *   rendered by `renderNew` (with the address book and the governance).
 * - `logicFixture(now)` (from `risk`, `classState`, `marketAt`, `invoiceTerms`, `coffeeTerms`): what
 *   the logic tests (src/lib/__tests__/risk.test.ts, limits.test.ts) build their positions from.
 * - `salesScan` / `soldSnap` (the past sales on the position card, behaviour.test.tsx): the
 *   engine's events of position 5's liquidation and of position 7's, sold out (195.89 came back
 *   to Bob), decoded; `snap` with position 7, now a plain empty position.
 */
import { createElement, type ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { Ctx, type AppCtx } from '../context';
import { GovernanceCtx, type Governance } from '../governance';
import { NamesProvider } from '../names';
import type { Scan } from '../history';
import type { ClassRow, Snapshot } from '../suite';
import { BUNDLED_HASHES } from '../../contracts';
import type { ClassRisk, Market, PriceQuote } from '../../lib/risk';
import { MS_PER_DAY, RAY, WAD } from '../../lib/units';

export const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
export const DAVE = '5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy';
export const EVE = '5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw';
export const FERDIE = '5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL';
export const ARB = '5GNJqTPyNqANBkUVMN1LPPrxXnFouWXoe2wNSmmEoLctxiZY';
export const NOW = 1_800_000_000_000n;
const DOC = `0x${'07'.repeat(32)}` as const;
/** A 32-byte hash of the byte `b` repeated. */
export const H = (b: string) => '0x' + b.repeat(32);

// ---------------------------------------------------------------------------------------------
// Building blocks (also the logic tests').

/**
 * The network files' classes: 150 %, no fee (rate stays 1.0 so figures are by hand), 100 TUSD
 * minimum loan, 10 %/year discount, 30 days grace (linear decline after due); goods 10 % haircut.
 */
export const risk: ClassRisk = {
  liquidationRatioWad: (3n * WAD) / 2n,
  feePerSecondRay: RAY,
  dustWad: 100n * WAD,
  debtCeilingWad: 1_000_000n * WAD,
  debtorLimitWad: 50_000n * WAD,
  discountRateAnnualWad: WAD / 10n,
  gracePeriodMs: 30n * MS_PER_DAY,
  goodsHaircutWad: WAD / 10n,
};

/** A class's accrual state: no debt, rate 1.0, last accrued at `lastAccrualMs`. */
export const classState = (lastAccrualMs = NOW) => ({ totalArt: 0n, rateRay: RAY, lastAccrualMs });

/** A fresh quote at `updatedAtMs` (upper middle value `upperWad`, the lower by default). */
export const quote = (priceWad: bigint, upperWad = priceWad, updatedAtMs = NOW): PriceQuote => ({ ok: true, priceWad, upperWad, updatedAtMs });

/**
 * The TUSD market at `now`: USD at 1.00, and COFFEE at `coffee` when given (quoted at
 * `updatedAtMs`, upper middle value `coffeeUpper`, the lower by default).
 */
export const marketAt =
  (now: bigint) =>
  (coffee?: bigint, updatedAtMs = now, coffeeUpper?: bigint): Market => ({
    unitKey: 'TUSD',
    maxPriceAgeMs: 3_600_000n,
    prices: {
      USD: quote(WAD, WAD, now),
      ...(coffee !== undefined ? { COFFEE: quote(coffee, coffeeUpper ?? coffee, updatedAtMs) } : {}),
    },
  });

/** An invoice's terms: by default 15 000 USD due 73 days after `now`. */
export const invoiceTerms = (now = NOW, faceValueWad = 15_000n * WAD, dueDateMs = now + 73n * MS_PER_DAY, key = 'USD') => ({
  kind: 'Invoice' as const,
  faceValueWad,
  dueDateMs,
  key,
});
/** A warehouse receipt's terms: `quantityWad` of COFFEE (20 000 by default). */
export const coffeeTerms = (quantityWad = 20_000n * WAD) => ({ kind: 'WarehouseReceipt' as const, quantityWad, key: 'COFFEE' });

/**
 * What the logic tests build positions from at `now`: the class (`risk`), its state (accrued at 0),
 * the market (`marketAt(now)`), a confirmed 15 000 USD invoice due 73 days after `now` (#1) and a
 * confirmed receipt for 10 000 COFFEE (#2).
 */
export const logicFixture = (now: bigint) => ({
  cls: risk,
  state: classState(0n),
  market: marketAt(now),
  invoice: { id: 1n, status: 'Confirmed' as const, terms: invoiceTerms(now) },
  coffee: { id: 2n, status: 'Confirmed' as const, terms: coffeeTerms(10_000n * WAD) },
});

const invoiceRecord = (face: bigint, due: bigint, currency = 'USD', issueDateMs = NOW) => ({
  type: 'Invoice' as const,
  faceValueWad: face,
  currency,
  debtor: DAVE,
  issueDateMs,
  dueDateMs: due,
  documentHash: DOC,
});
const coffeeRecord = { type: 'WarehouseReceipt' as const, commodity: 'COFFEE', quantityWad: 20_000n * WAD, warehouse: EVE, documentHash: DOC };

/** Class 0 (invoices) and class 1 (warehouse receipts, 16 000 lent), with `extra` on each. */
function classes(keys: string[], invoices: Partial<ClassRow> = {}, warehouse: Partial<ClassRow> = {}): ClassRow[] {
  const common = { risk, auctionStartMultiplierWad: (6n * WAD) / 5n, auctionDurationMs: MS_PER_DAY, liquidationPenaltyWad: WAD / 10n, seizedWad: 0n };
  return [
    { id: 0, name: 'invoices', kind: 'Invoice', state: classState(), priceKeys: keys, ...common, ...invoices },
    { id: 1, name: 'warehouse', kind: 'WarehouseReceipt', state: { ...classState(), totalArt: 16_000n * WAD }, priceKeys: ['COFFEE'], ...common, ...warehouse },
  ];
}

/** A manifest of the local network naming `vault`, `engine` and `other` (registry, oracle, coin). */
function manifestOf(vault: string, engine: string, other: string, extra: Record<string, unknown>): AppCtx['manifest'] {
  const at = (address: string) => ({ address, addressHex: '0x', codeHash: '0x' });
  return {
    network: 'local',
    chain: 'Development',
    target: 'ws://127.0.0.1:9944',
    deployer: BOB,
    deployedAtMs: 0,
    contracts: { collateral_vault: at(vault), liquidation_engine: at(engine), receivable_registry: at(other), price_oracle: at(other), stablecoin: at(other) },
    classes: [],
    unitKey: 'TUSD',
    ...extra,
  } as unknown as AppCtx['manifest'];
}

// ---------------------------------------------------------------------------------------------
// The role screens' snapshot.

const usdInvoice = invoiceTerms();
const coffee = coffeeTerms();
const overdueTerms = { ...usdInvoice, faceValueWad: 1_000n * WAD, dueDateMs: NOW - MS_PER_DAY };
const seizedTerms = { ...usdInvoice, faceValueWad: 10_000n * WAD };
const limits = { holeWad: 5_000_000n * WAD, dirtWad: 8_800n * WAD, classHoleWad: 2_000_000n * WAD, classDirtWad: 8_800n * WAD };

export const snap: Snapshot = {
  nowMs: NOW,
  paused: false,
  market: marketAt(NOW)((6n * WAD) / 5n),
  priceInfo: {
    USD: { quote: quote(WAD), quorum: 3, moveQuorum: 3, maxDeviationBps: 2_000, reporters: 3 },
    COFFEE: { quote: quote((6n * WAD) / 5n, (121n * WAD) / 100n), quorum: 3, moveQuorum: 3, maxDeviationBps: 2_000, reporters: 4 },
  },
  classes: classes(['USD', 'TUSD'], { seizedWad: 8_000n * WAD, liquidationLimits: limits }, { liquidationLimits: { ...limits, classHoleWad: undefined, classDirtWad: 0n } }),
  positions: [
    { id: 1n, owner: BOB, classId: 0, art: 0n, assetIds: [1n], debtor: DAVE, priceKey: 'USD', liquidating: false },
    { id: 2n, owner: DAVE, classId: 1, art: 16_000n * WAD, assetIds: [2n], priceKey: 'COFFEE', liquidating: false },
    { id: 5n, owner: BOB, classId: 0, art: 0n, assetIds: [], debtor: DAVE, liquidating: true, liquidationDebtWad: 8_000n * WAD },
  ],
  assets: [
    { id: 1n, kind: 'Invoice', terms: usdInvoice, status: 'Confirmed', owner: undefined, originator: BOB, confirmer: DAVE, debtor: DAVE, issueDateMs: NOW, documentHash: DOC, record: invoiceRecord(15_000n * WAD, usdInvoice.dueDateMs), positionId: 1n },
    { id: 2n, kind: 'WarehouseReceipt', terms: coffee, status: 'Confirmed', owner: undefined, originator: DAVE, confirmer: EVE, warehouse: EVE, documentHash: DOC, record: coffeeRecord, positionId: 2n },
    { id: 3n, kind: 'WarehouseReceipt', terms: coffee, status: 'Pending', owner: DAVE, originator: DAVE, confirmer: EVE, warehouse: EVE, documentHash: DOC, record: coffeeRecord },
    // A pending invoice naming Dave: he confirms it from his own records.
    { id: 4n, kind: 'Invoice', terms: usdInvoice, status: 'Pending', owner: BOB, originator: BOB, confirmer: DAVE, debtor: DAVE, issueDateMs: NOW, documentHash: DOC, record: invoiceRecord(15_000n * WAD, usdInvoice.dueDateMs) },
    // Confirmed, unpledged, a day past due: no dispute any more; Bob (originator) still holds it.
    { id: 6n, kind: 'Invoice', terms: overdueTerms, status: 'Confirmed', owner: BOB, originator: BOB, confirmer: DAVE, debtor: DAVE, issueDateMs: NOW - 60n * MS_PER_DAY, documentHash: DOC, record: invoiceRecord(1_000n * WAD, overdueTerms.dueDateMs) },
    // Seized from position 5 and at auction.
    { id: 9n, kind: 'Invoice', terms: seizedTerms, status: 'Confirmed', owner: undefined, originator: BOB, confirmer: DAVE, debtor: DAVE, issueDateMs: NOW, documentHash: DOC, record: invoiceRecord(10_000n * WAD, seizedTerms.dueDateMs), positionId: 5n },
  ],
  pledged: new Map([
    [1n, { id: 1n, terms: usdInvoice, status: 'Confirmed' as const }],
    [2n, { id: 2n, terms: coffee, status: 'Confirmed' as const }],
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

export const manifest = manifestOf(BOB, EVE, BOB, {
  priceKeys: ['USD', 'COFFEE'],
  underwriters: [],
  debtors: [{ account: DAVE, creditLimitWad: 20_000n * WAD }],
});

/** `node` rendered for `account` against `at` and `m` (the role screens' by default). */
export function render(node: ReactNode, account: string | undefined = BOB, at: Snapshot = snap, m: AppCtx['manifest'] = manifest): string {
  const ctx: AppCtx = { manifest: m, suite: { engine: {} } as unknown as AppCtx['suite'], snap: at, account, refresh: () => {} };
  return renderToString(createElement(Ctx.Provider, { value: ctx }, node)).replace(/<!-- -->/g, '');
}

// ---------------------------------------------------------------------------------------------
// Past sales: the liquidation engine's events (decoded, as lib/history.ts gives them) of blocks #1
// to #200. Position 5 (liquidated, still owing): #9 and #10 put to auction, #10 sold for 2 000, all
// to the debt. Position 7 (Bob's, liquidated for 800 + 50 of penalty): #8 sold for 1 045.89, so
// 195.89 came back to Bob; the liquidation ended and 7 is a plain empty position.

const engineEvent = (blockNumber: number, index: number, event: string, data: Record<string, unknown>) => ({
  blockNumber,
  blockHash: `0xb${blockNumber}`,
  txHash: `0xe${blockNumber}`,
  timestampMs: NOW - BigInt(200 - blockNumber) * 6_000n,
  index,
  contract: 'liquidation_engine',
  event,
  data,
  accounts: [],
});

export const salesScan: Scan = {
  fromBlock: 1,
  toBlock: 200,
  undecodable: 0,
  entries: [
    engineEvent(150, 1, 'AuctionTaken', { assetId: 8n, buyer: FERDIE, priceWad: 1_045_890_000_000_000_000_000n, toDebtWad: 800n * WAD, toPenaltyWad: 50n * WAD, toOwnerWad: 195_890_000_000_000_000_000n }),
    engineEvent(140, 1, 'AuctionTaken', { assetId: 10n, buyer: FERDIE, priceWad: 2_000n * WAD, toDebtWad: 2_000n * WAD, toPenaltyWad: 0n, toOwnerWad: 0n }),
    engineEvent(120, 2, 'Liquidated', { positionId: 7n, liquidationId: 2n, keeper: EVE, debtWad: 800n * WAD, penaltyWad: 50n * WAD, collateralValueWad: 1_100n * WAD, keeperRewardWad: 0n }),
    engineEvent(120, 1, 'AuctionStarted', { assetId: 8n, positionId: 7n, startPriceWad: 1_320n * WAD, floorWad: 528n * WAD, startedAtMs: NOW - 480_000n }),
    engineEvent(90, 3, 'Liquidated', { positionId: 5n, liquidationId: 1n, keeper: EVE, debtWad: 10_000n * WAD, penaltyWad: 800n * WAD, collateralValueWad: 14_000n * WAD, keeperRewardWad: 0n }),
    engineEvent(90, 2, 'AuctionStarted', { assetId: 10n, positionId: 5n, startPriceWad: 4_800n * WAD, floorWad: 1_920n * WAD, startedAtMs: NOW - 660_000n }),
    engineEvent(90, 1, 'AuctionStarted', { assetId: 9n, positionId: 5n, startPriceWad: 1_200n * WAD, floorWad: 480n * WAD, startedAtMs: NOW - 660_000n }),
  ],
};

/** `snap` with Bob's position 7: liquidated, sold out, now plain and empty. */
export const soldSnap: Snapshot = {
  ...snap,
  positions: [...snap.positions, { id: 7n, owner: BOB, classId: 0, art: 0n, assetIds: [], debtor: DAVE, priceKey: 'USD', liquidating: false }],
};

// ---------------------------------------------------------------------------------------------
// The new screens' snapshot: the role one with EUR invoices, disputes and a recovery.

const EUR = 1_080_000_000_000_000_000n;
const EUR_UPPER = 1_083_333_333_333_333_333n;
const eurInvoice = (face: bigint, due: bigint) => invoiceTerms(NOW, face, due, 'EUR');
const eurRecord = (face: bigint, due: bigint) => invoiceRecord(face, due, 'EUR', NOW - 60n * MS_PER_DAY);
const PLEDGED_DUE = NOW + 10n * MS_PER_DAY;
const SEIZED_DUE = NOW - 40n * MS_PER_DAY;

export const newSnap: Snapshot = {
  ...snap,
  market: { unitKey: 'TUSD', maxPriceAgeMs: 3_600_000n, prices: { EUR: quote(EUR, EUR_UPPER), COFFEE: quote((6n * WAD) / 5n) } },
  priceInfo: {
    EUR: { quote: quote(EUR, EUR_UPPER), quorum: 3, moveQuorum: 3, maxDeviationBps: 500, maxAgeMs: 3_600_000n, reporters: 3 },
    COFFEE: { quote: quote((6n * WAD) / 5n), quorum: 3, moveQuorum: 3, maxDeviationBps: 1_500, maxAgeMs: 3_600_000n, reporters: 3, paused: false },
  },
  classes: classes(['EUR', 'TUSD']),
  positions: snap.positions.map((p) => (p.id === 1n ? { ...p, art: 5_000n * WAD, priceKey: 'EUR' } : p)),
  assets: [
    // Pledged in position 1, disputed: the arbiter rules.
    { id: 1n, kind: 'Invoice', terms: eurInvoice(15_000n * WAD, PLEDGED_DUE), status: 'Disputed', originator: BOB, confirmer: DAVE, debtor: DAVE, documentHash: DOC, record: eurRecord(15_000n * WAD, PLEDGED_DUE), positionId: 1n },
    { id: 2n, kind: 'WarehouseReceipt', terms: coffee, status: 'Confirmed', originator: DAVE, confirmer: EVE, warehouse: EVE, documentHash: DOC, record: coffeeRecord, positionId: 2n },
    // Unpledged, Confirmed, held by Bob: Dave pays it on chain.
    { id: 6n, kind: 'Invoice', terms: eurInvoice(15_000n * WAD, NOW + 5n * MS_PER_DAY), status: 'Confirmed', owner: BOB, originator: BOB, confirmer: DAVE, debtor: DAVE, documentHash: DOC, record: eurRecord(15_000n * WAD, NOW + 5n * MS_PER_DAY) },
    // Seized from position 5, disputed, in recovery.
    { id: 9n, kind: 'Invoice', terms: eurInvoice(10_000n * WAD, SEIZED_DUE), status: 'Disputed', originator: BOB, confirmer: DAVE, debtor: DAVE, documentHash: DOC, record: eurRecord(10_000n * WAD, SEIZED_DUE), positionId: 5n },
  ],
  pledged: new Map([
    [1n, { id: 1n, terms: eurInvoice(15_000n * WAD, PLEDGED_DUE), status: 'Disputed' as const }],
    [2n, { id: 2n, terms: coffee, status: 'Confirmed' as const }],
    [9n, { id: 9n, terms: eurInvoice(10_000n * WAD, SEIZED_DUE), status: 'Disputed' as const }],
  ]),
  auctions: [{ assetId: 7n, positionId: 5n, startPriceWad: 1_200n * WAD, floorWad: 480n * WAD, startedAtMs: NOW - 250n, durationMs: 1_000n }],
  recoveries: [{ assetId: 9n, positionId: 5n, owner: BOB, sinceMs: NOW - 87n * MS_PER_DAY, writeOffAtMs: NOW + 3n * MS_PER_DAY, liquidationId: 1n, disputeUpheld: false, writtenOff: false }],
  liquidations: new Map(),
  debtors: [],
  books: { surplusWad: 12n * WAD, auctionDebtWad: 8_000n * WAD, badDebtWad: 30n * WAD, positionCount: 5n },
  balanceWad: 20_000n * WAD,
  isUnderwriter: false,
  isAttester: false,
  keeperReward: { tipWad: 0n, chipWad: WAD / 1000n },
};

export const newManifest = manifestOf(EVE, FERDIE, ARB, {
  priceKeys: ['EUR', 'COFFEE'],
  underwriters: [FERDIE],
  debtors: [],
  names: { [DAVE]: 'Dave Foods' },
  vaultFacets: { lend: H('11'), pledge: H('22') },
  engineFacets: {},
});

export const gov: Governance = {
  vaultAdmin: BOB,
  guardian: FERDIE,
  oracleAdmin: BOB,
  engineAdmin: BOB,
  registryAdmin: BOB,
  coinAdmin: BOB,
  arbiter: ARB,
  auctionCuspWad: (2n * WAD) / 5n,
  recoveryPeriodMs: 90n * MS_PER_DAY,
  keyExtras: { EUR: { anchorIntervalMs: 3_600_000n } },
  chainHashes: { stablecoin: BUNDLED_HASHES.stablecoin, collateral_vault: H('ee'), price_oracle: BUNDLED_HASHES.price_oracle, receivable_registry: BUNDLED_HASHES.receivable_registry, liquidation_engine: BUNDLED_HASHES.liquidation_engine },
  vaultFacets: { lend: H('11'), pledge: H('33') },
};

/** `node` rendered for `account` against `at` (the new screens'), with the address book and the governance. */
export function renderNew(node: ReactNode, account: string | undefined, at: Snapshot = newSnap): string {
  const ctx: AppCtx = { manifest: newManifest, suite: { engine: {} } as unknown as AppCtx['suite'], snap: at, account, refresh: () => {} };
  const governed = createElement(GovernanceCtx.Provider, { value: gov }, createElement(Ctx.Provider, { value: ctx }, node));
  return renderToString(createElement(NamesProvider, { network: 'test', manifestNames: newManifest.names, children: governed }))
    .replace(/<!-- -->/g, '')
    .replace(/&#x27;/g, "'");
}

// ---------------------------------------------------------------------------------------------
// Reading the HTML.

/** The HTML with its tags stripped. */
export const plain = (html: string) => html.replace(/<[^>]+>/g, '');

/** The opening tag of the button with `testid` (attributes in any order). */
export function button(html: string, testid: string): string {
  const tag = [...html.matchAll(/<button[^>]*>/g)].map((m) => m[0]).find((t) => t.includes(`data-testid="${testid}"`));
  if (!tag) throw new Error(`no button ${testid}`);
  return tag;
}
