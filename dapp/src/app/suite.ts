/**
 * Reads the suite's state from the chain into one snapshot the screens render. The contracts
 * have no index by owner, debtor or attester, so this scans: positions 1..position_count and
 * registry assets 1..next_id − 1 (the most recent `SCAN_LIMIT` of each).
 */
import type { Contract } from 'dedot/contracts';
import { encodeAddress } from 'dedot/utils';
import type { CollateralVaultContractApi } from '../contracts/types/collateral-vault';
import type { LiquidationEngineContractApi } from '../contracts/types/liquidation-engine';
import type { PriceOracleContractApi } from '../contracts/types/price-oracle';
import type { ReceivableRegistryContractApi } from '../contracts/types/receivable-registry';
import type { StablecoinContractApi } from '../contracts/types/stablecoin';
import { watchedDebtors } from './watched';
import type { ClassState } from '../lib/fees';
import type { Manifest } from '../lib/manifest';
import type { ClassRisk, Market, PledgedAsset, PriceQuote } from '../lib/risk';
import { keySymbol, priceKey } from '../lib/units';
import type { AssetStatus, AssetTerms } from '../lib/valuation';

export const SCAN_LIMIT = 200n;

export interface Suite {
  vault: Contract<CollateralVaultContractApi>;
  engine?: Contract<LiquidationEngineContractApi>;
  registry: Contract<ReceivableRegistryContractApi>;
  oracle: Contract<PriceOracleContractApi>;
  coin: Contract<StablecoinContractApi>;
}

export interface AssetRow {
  id: bigint;
  kind: AssetTerms['kind'];
  terms: AssetTerms;
  status: AssetStatus;
  owner?: string;
  originator: string;
  /** Invoice: debtor; receipt: warehouse; shipment: carrier. */
  confirmer: string;
  debtor?: string;
  warehouse?: string;
  carrier?: string;
  destinationWarehouse?: string;
  issueDateMs?: bigint;
  documentHash: string;
  /** Held by the vault in this position. */
  positionId?: bigint;
}

export interface ClassRow {
  id: number;
  name: string;
  kind: AssetTerms['kind'];
  risk: ClassRisk;
  state: ClassState;
  priceKeys: string[];
  auctionStartMultiplierWad: bigint;
  auctionDurationMs: bigint;
  liquidationPenaltyWad: bigint;
}

export interface PositionRow {
  id: bigint;
  owner: string;
  classId: number;
  art: bigint;
  assetIds: bigint[];
  debtor?: string;
  liquidating: boolean;
}

export interface AuctionRow {
  assetId: bigint;
  positionId: bigint;
  startPriceWad: bigint;
  floorWad: bigint;
  startedAtMs: bigint;
  durationMs: bigint;
  priceWad?: bigint;
}

export interface RecoveryRow {
  assetId: bigint;
  positionId: bigint;
  owner: string;
  sinceMs: bigint;
  disputeUpheld: boolean;
  writtenOff: boolean;
}

export interface DebtorRow {
  account: string;
  line?: { creditLimitWad: bigint; suspended: boolean };
  exposureWad?: bigint;
  record: { settledOnTime: number; settledLate: number; daysLateTotal: bigint; maxDaysLate: number; defaulted: number; unresolvedDefaults: number; disputed: number };
}

export interface Snapshot {
  nowMs: bigint;
  paused: boolean;
  market: Market;
  priceInfo: Record<string, { quote: PriceQuote; suspended?: boolean; paused?: boolean }>;
  classes: ClassRow[];
  positions: PositionRow[];
  assets: AssetRow[];
  pledged: Map<bigint, PledgedAsset>;
  auctions: AuctionRow[];
  recoveries: RecoveryRow[];
  debtors: DebtorRow[];
  books?: { surplusWad: bigint; auctionDebtWad: bigint; badDebtWad: bigint; positionCount: bigint };
  surplusBufferWad?: bigint;
  globalDebtCeilingWad?: bigint;
  /** The account the per-account fields (balance, roles) were read for. */
  account?: string;
  balanceWad?: bigint;
  isUnderwriter: boolean;
  isAttester: boolean;
  keeperReward?: { tipWad: bigint; chipWad: bigint };
}

const addr = (a: { address(): string } | string | undefined) =>
  a === undefined ? undefined : typeof a === 'string' ? encodeAddress(a, 42) : encodeAddress(a.address(), 42);

function termsOf(kind: { type: string; value: Record<string, unknown> }): {
  terms: AssetTerms;
  confirmer: string;
  extra: Partial<AssetRow>;
  documentHash: string;
} {
  const v = kind.value as Record<string, any>;
  const key = keySymbol(String(v.currency ?? v.commodity));
  switch (kind.type) {
    case 'Invoice':
      return {
        terms: { kind: 'Invoice', faceValueWad: v.faceValueWad, dueDateMs: v.dueDateMs, key },
        confirmer: addr(v.debtor)!,
        extra: { debtor: addr(v.debtor), issueDateMs: v.issueDateMs },
        documentHash: String(v.documentHash),
      };
    case 'WarehouseReceipt':
      return {
        terms: { kind: 'WarehouseReceipt', quantityWad: v.quantityWad, key },
        confirmer: addr(v.warehouse)!,
        extra: { warehouse: addr(v.warehouse) },
        documentHash: String(v.documentHash),
      };
    default:
      return {
        terms: { kind: 'InTransit', quantityWad: v.quantityWad, expectedArrivalMs: v.expectedArrivalMs, key },
        confirmer: addr(v.carrier)!,
        extra: { carrier: addr(v.carrier), destinationWarehouse: addr(v.destinationWarehouse) },
        documentHash: String(v.documentHash),
      };
  }
}

async function chainNow(suite: Suite): Promise<bigint> {
  try {
    const client = suite.vault.client as unknown as { query: { timestamp: { now(): Promise<bigint | number> } } };
    const chain = BigInt(await client.query.timestamp.now());
    const wall = BigInt(Date.now());
    // The next block is stamped about now: previews use the later of the two.
    return wall > chain ? wall : chain;
  } catch {
    return BigInt(Date.now());
  }
}

export async function loadSnapshot(suite: Suite, m: Manifest, account?: string): Promise<Snapshot> {
  const { vault, registry, oracle, coin, engine } = suite;
  const [nowMs, paused, maxAge, books, unitKeyRaw, buffer, ceiling] = await Promise.all([
    chainNow(suite),
    vault.query.isPaused().then((r) => r.data),
    vault.query.maxPriceAge().then((r) => r.data),
    vault.query.books().then((r) => r.data),
    vault.query.unitKey().then((r) => r.data),
    vault.query.surplusBuffer().then((r) => r.data),
    vault.query.globalDebtCeiling().then((r) => r.data),
  ]);
  const unitKey = keySymbol(String(unitKeyRaw)) || m.unitKey;

  // Prices and their feeds' state.
  const priceInfo: Snapshot['priceInfo'] = {};
  await Promise.all(
    m.priceKeys.map(async (sym) => {
      const key = priceKey(sym);
      const [p, cfg, st] = await Promise.all([
        oracle.query.priceFeedPrice(key).then((r) => r.data),
        oracle.query.keyConfig(key).then((r) => r.data).catch(() => undefined),
        oracle.query.keyState(key).then((r) => r.data).catch(() => undefined),
      ]);
      const quote: PriceQuote = p.isOk
        ? { ok: true, priceWad: p.value.priceWad, updatedAtMs: p.value.updatedAtMs }
        : { ok: false, reason: String(p.err) };
      priceInfo[sym] = { quote, suspended: st?.suspended, paused: cfg?.paused };
    }),
  );
  const market: Market = {
    unitKey,
    maxPriceAgeMs: maxAge,
    prices: Object.fromEntries(Object.entries(priceInfo).map(([k, v]) => [k, v.quote])),
  };

  // Classes.
  const classes: ClassRow[] = [];
  for (const c of m.classes) {
    const cls = (await vault.query.class(c.id)).data;
    if (!cls) continue;
    const keys = (await vault.query.classPriceKeys(c.id)).data.map((k) => keySymbol(String(k)));
    const p = cls.params;
    classes.push({
      id: c.id,
      name: c.name,
      kind: p.kind as AssetTerms['kind'],
      priceKeys: keys,
      risk: {
        liquidationRatioWad: p.liquidationRatio,
        feePerSecondRay: p.stabilityFeePerSecond,
        dustWad: p.dustWad,
        debtCeilingWad: p.debtCeilingWad,
        debtorLimitWad: p.debtorLimitWad,
        discountRateAnnualWad: p.discountRateAnnual,
        gracePeriodMs: p.gracePeriodMs,
        overdueHaircutWad: p.overdueHaircut,
        goodsHaircutWad: p.goodsHaircut,
      },
      state: { totalArt: cls.state.totalArt, rateRay: cls.state.rate, lastAccrualMs: cls.state.lastAccrualMs },
      auctionStartMultiplierWad: p.auctionStartMultiplier,
      auctionDurationMs: p.auctionDurationMs,
      liquidationPenaltyWad: p.liquidationPenalty,
    });
  }

  // Positions (scanned: no index by owner).
  const positions: PositionRow[] = [];
  const count = books.positionCount;
  const first = count > SCAN_LIMIT ? count - SCAN_LIMIT + 1n : 1n;
  const ids: bigint[] = [];
  for (let id = first; id <= count; id++) ids.push(id);
  await Promise.all(
    ids.map(async (id) => {
      const [pos, liq] = await Promise.all([
        vault.query.position(id).then((r) => r.data),
        vault.query.isLiquidating(id).then((r) => r.data),
      ]);
      if (!pos) return;
      positions.push({ id, owner: addr(pos.owner)!, classId: pos.classId, art: pos.art, assetIds: pos.assets, debtor: addr(pos.debtor), liquidating: liq });
    }),
  );
  positions.sort((a, b) => Number(a.id - b.id));

  // Registry assets (scanned: no index by owner / debtor / attester).
  const next = (await registry.query.nextId()).data;
  const assetIds: bigint[] = [];
  for (let id = next > SCAN_LIMIT ? next - SCAN_LIMIT : 1n; id < next; id++) assetIds.push(id);
  const assets: AssetRow[] = [];
  const pledged = new Map<bigint, PledgedAsset>();
  await Promise.all(
    assetIds.map(async (id) => {
      const [a, owner, pledge] = await Promise.all([
        registry.query.receivableRegistryAsset(id).then((r) => r.data),
        registry.query.psp34OwnerOf({ type: 'U128', value: id }).then((r) => r.data),
        vault.query.pledge(id).then((r) => r.data),
      ]);
      if (!a) return; // rejected (burned)
      const t = termsOf(a.kind as never);
      const status = (pledge?.status ?? a.status) as AssetStatus;
      assets.push({
        id,
        kind: t.terms.kind,
        terms: t.terms,
        status,
        owner: addr(owner),
        originator: addr(a.originator)!,
        confirmer: t.confirmer,
        documentHash: t.documentHash,
        positionId: pledge?.positionId,
        ...t.extra,
      });
      if (pledge) pledged.set(id, { id, terms: termsOf(pledge.kind as never).terms, status: pledge.status as AssetStatus });
    }),
  );
  assets.sort((a, b) => Number(a.id - b.id));

  // Liquidations: auctions and recoveries of liquidating positions (the engine's view).
  const auctions: AuctionRow[] = [];
  const recoveries: RecoveryRow[] = [];
  let keeperReward: Snapshot['keeperReward'];
  if (engine) {
    const kr = await engine.query.keeperReward().then((r) => r.data).catch(() => undefined);
    if (kr) keeperReward = { tipWad: kr[0], chipWad: kr[1] };
    for (const p of positions.filter((p) => p.liquidating)) {
      const liq = (await engine.query.liquidation(p.id)).data;
      for (const assetId of liq?.assets ?? p.assetIds) {
        const [a, price, rec] = await Promise.all([
          engine.query.auction(assetId).then((r) => r.data),
          engine.query.auctionPrice(assetId).then((r) => r.data),
          engine.query.recovery(assetId).then((r) => r.data),
        ]);
        if (a) auctions.push({ assetId, ...a, priceWad: price.isOk ? price.value : undefined });
        if (rec) recoveries.push({ assetId, ...rec, owner: addr(rec.owner)! });
      }
    }
  }

  // Debtors: the manifest's, any named on an invoice, and those the desk approved from here.
  const debtorAccounts = [
    ...new Set([...m.debtors.map((d) => encodeAddress(d.account, 42)), ...assets.flatMap((a) => (a.debtor ? [a.debtor] : [])), ...watchedDebtors(m.network)]),
  ];
  const debtors: DebtorRow[] = await Promise.all(
    debtorAccounts.map(async (account) => {
      const [line, exposure, record] = await Promise.all([
        vault.query.debtorLine(account).then((r) => r.data),
        vault.query.debtorExposure(account).then((r) => r.data),
        registry.query.receivableRegistryPaymentRecord(account).then((r) => r.data),
      ]);
      return { account, line, exposureWad: exposure.isOk ? exposure.value : undefined, record };
    }),
  );

  let balanceWad: bigint | undefined;
  let isUnderwriter = false;
  let isAttester = false;
  if (account) {
    [balanceWad, isUnderwriter, isAttester] = await Promise.all([
      coin.query.psp22BalanceOf(account).then((r) => r.data),
      vault.query.isUnderwriter(account).then((r) => r.data),
      registry.query.isAttester(account).then((r) => r.data),
    ]);
  }

  return {
    nowMs,
    paused,
    market,
    priceInfo,
    classes,
    positions,
    assets,
    pledged,
    auctions,
    recoveries,
    debtors,
    books: { surplusWad: books.surplusWad, auctionDebtWad: books.auctionDebtWad, badDebtWad: books.badDebtWad, positionCount: books.positionCount },
    surplusBufferWad: buffer,
    globalDebtCeilingWad: ceiling,
    account,
    balanceWad,
    isUnderwriter,
    isAttester,
    keeperReward,
  };
}
