/**
 * A fixed snapshot, manifest and governance for the new screens: the unit tests render them
 * (newScreens.test.tsx) and the static browser run screenshots them (e2e/screens.e2e.ts).
 */
import { renderToString } from 'react-dom/server';
import type { ReactNode } from 'react';
import { Ctx, type AppCtx } from '../context';
import { GovernanceCtx, type Governance } from '../governance';
import { NamesProvider } from '../names';
import type { Snapshot } from '../suite';
import { BUNDLED_HASHES } from '../../contracts';
import { MS_PER_DAY, RAY, WAD } from '../../lib/units';

export const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
export const DAVE = '5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy';
export const EVE = '5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw';
export const FERDIE = '5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL';
export const ARB = '5GNJqTPyNqANBkUVMN1LPPrxXnFouWXoe2wNSmmEoLctxiZY';
export const NOW = 1_800_000_000_000n;
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
const inv = (face: bigint, due: bigint, key = 'EUR') => ({ kind: 'Invoice' as const, faceValueWad: face, dueDateMs: due, key });
const rec = (face: bigint, due: bigint, key = 'EUR') => ({ type: 'Invoice' as const, faceValueWad: face, currency: key, debtor: DAVE, issueDateMs: NOW - 60n * MS_PER_DAY, dueDateMs: due, documentHash: DOC });
const coffee = { kind: 'WarehouseReceipt' as const, quantityWad: 20_000n * WAD, key: 'COFFEE' };
const coffeeRecord = { type: 'WarehouseReceipt' as const, commodity: 'COFFEE', quantityWad: 20_000n * WAD, warehouse: EVE, documentHash: DOC };

export const snap: Snapshot = {
  nowMs: NOW,
  paused: false,
  market: {
    unitKey: 'TUSD',
    maxPriceAgeMs: 3_600_000n,
    prices: {
      EUR: { ok: true, priceWad: 1_080_000_000_000_000_000n, upperWad: 1_083_333_333_333_333_333n, updatedAtMs: NOW },
      COFFEE: { ok: true, priceWad: (6n * WAD) / 5n, upperWad: (6n * WAD) / 5n, updatedAtMs: NOW },
    },
  },
  priceInfo: {
    EUR: { quote: { ok: true, priceWad: 1_080_000_000_000_000_000n, upperWad: 1_083_333_333_333_333_333n, updatedAtMs: NOW }, quorum: 3, moveQuorum: 3, maxDeviationBps: 500, maxAgeMs: 3_600_000n, reporters: 3 },
    COFFEE: { quote: { ok: true, priceWad: (6n * WAD) / 5n, upperWad: (6n * WAD) / 5n, updatedAtMs: NOW }, quorum: 3, moveQuorum: 3, maxDeviationBps: 1_500, maxAgeMs: 3_600_000n, reporters: 3, paused: false },
  },
  classes: [
    { id: 0, name: 'invoices', kind: 'Invoice', risk, state, priceKeys: ['EUR', 'TUSD'], auctionStartMultiplierWad: (6n * WAD) / 5n, auctionDurationMs: MS_PER_DAY, liquidationPenaltyWad: WAD / 10n, seizedWad: 0n },
    { id: 1, name: 'warehouse', kind: 'WarehouseReceipt', risk, state: { ...state, totalArt: 16_000n * WAD }, priceKeys: ['COFFEE'], auctionStartMultiplierWad: (6n * WAD) / 5n, auctionDurationMs: MS_PER_DAY, liquidationPenaltyWad: WAD / 10n, seizedWad: 0n },
  ],
  positions: [
    { id: 1n, owner: BOB, classId: 0, art: 5_000n * WAD, assetIds: [1n], debtor: DAVE, priceKey: 'EUR', liquidating: false },
    { id: 2n, owner: DAVE, classId: 1, art: 16_000n * WAD, assetIds: [2n], priceKey: 'COFFEE', liquidating: false },
    { id: 5n, owner: BOB, classId: 0, art: 0n, assetIds: [], debtor: DAVE, liquidating: true, liquidationDebtWad: 8_000n * WAD },
  ],
  assets: [
    // Pledged in position 1, disputed: the arbiter rules.
    { id: 1n, kind: 'Invoice', terms: inv(15_000n * WAD, NOW + 10n * MS_PER_DAY), status: 'Disputed', originator: BOB, confirmer: DAVE, debtor: DAVE, documentHash: DOC, record: rec(15_000n * WAD, NOW + 10n * MS_PER_DAY), positionId: 1n },
    { id: 2n, kind: 'WarehouseReceipt', terms: coffee, status: 'Confirmed', originator: DAVE, confirmer: EVE, warehouse: EVE, documentHash: DOC, record: coffeeRecord, positionId: 2n },
    // Unpledged, Confirmed, held by Bob: Dave pays it on chain.
    { id: 6n, kind: 'Invoice', terms: inv(15_000n * WAD, NOW + 5n * MS_PER_DAY), status: 'Confirmed', owner: BOB, originator: BOB, confirmer: DAVE, debtor: DAVE, documentHash: DOC, record: rec(15_000n * WAD, NOW + 5n * MS_PER_DAY) },
    // Seized from position 5, disputed, in recovery.
    { id: 9n, kind: 'Invoice', terms: inv(10_000n * WAD, NOW - 40n * MS_PER_DAY), status: 'Disputed', originator: BOB, confirmer: DAVE, debtor: DAVE, documentHash: DOC, record: rec(10_000n * WAD, NOW - 40n * MS_PER_DAY), positionId: 5n },
  ],
  pledged: new Map([
    [1n, { id: 1n, terms: inv(15_000n * WAD, NOW + 10n * MS_PER_DAY), status: 'Disputed' as const }],
    [2n, { id: 2n, terms: coffee, status: 'Confirmed' as const }],
    [9n, { id: 9n, terms: inv(10_000n * WAD, NOW - 40n * MS_PER_DAY), status: 'Disputed' as const }],
  ]),
  auctions: [{ assetId: 7n, positionId: 5n, startPriceWad: 1_200n * WAD, floorWad: 480n * WAD, startedAtMs: NOW - 250n, durationMs: 1_000n }],
  recoveries: [{ assetId: 9n, positionId: 5n, owner: BOB, sinceMs: NOW - 87n * MS_PER_DAY, writeOffAtMs: NOW + 3n * MS_PER_DAY, liquidationId: 1n, disputeUpheld: false, writtenOff: false }],
  liquidations: new Map(),
  liquidateChecks: new Map(),
  debtors: [],
  books: { surplusWad: 12n * WAD, auctionDebtWad: 8_000n * WAD, badDebtWad: 30n * WAD, positionCount: 5n },
  surplusBufferWad: 1_000n * WAD,
  globalDebtCeilingWad: 10_000_000n * WAD,
  balanceWad: 20_000n * WAD,
  isUnderwriter: false,
  isAttester: false,
  keeperReward: { tipWad: 0n, chipWad: WAD / 1000n },
};

export const H = (b: string) => '0x' + b.repeat(32);
export const manifest = {
  network: 'local',
  chain: 'Development',
  target: 'ws://127.0.0.1:9944',
  deployer: BOB,
  deployedAtMs: 0,
  contracts: {
    collateral_vault: { address: EVE, addressHex: '0x', codeHash: '0x' },
    liquidation_engine: { address: FERDIE, addressHex: '0x', codeHash: '0x' },
    receivable_registry: { address: ARB, addressHex: '0x', codeHash: '0x' },
    price_oracle: { address: ARB, addressHex: '0x', codeHash: '0x' },
    stablecoin: { address: ARB, addressHex: '0x', codeHash: '0x' },
  },
  classes: [],
  priceKeys: ['EUR', 'COFFEE'],
  unitKey: 'TUSD',
  underwriters: [FERDIE],
  debtors: [],
  names: { [DAVE]: 'Dave Foods' },
  vaultFacets: { lend: H('11'), pledge: H('22') },
  engineFacets: {},
} as unknown as AppCtx['manifest'];

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

export function render(node: ReactNode, account: string | undefined, at: Snapshot = snap) {
  const ctx: AppCtx = { manifest, suite: { engine: {} } as unknown as AppCtx['suite'], snap: at, account, refresh: () => {} };
  return renderToString(
    <NamesProvider network="test" manifestNames={manifest.names}>
      <GovernanceCtx.Provider value={gov}>
        <Ctx.Provider value={ctx}>{node}</Ctx.Provider>
      </GovernanceCtx.Provider>
    </NamesProvider>,
  )
    .replace(/<!-- -->/g, '')
    .replace(/&#x27;/g, "'");
}

export const plain = (html: string) => html.replace(/<[^>]+>/g, '');

