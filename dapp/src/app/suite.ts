/**
 * Reads the suite's state from the chain into one snapshot the screens render. The contracts
 * have no index by owner, debtor or attester, so this scans: positions 1..position_count and
 * registry assets 1..next_id − 1 (the most recent `SCAN_LIMIT` of each).
 */
import type { Contract } from 'dedot/contracts';
import { encodeAddress } from 'dedot/utils';
import type { CollateralVaultContractApi } from '../contracts/types/collateral-vault';
import type { ConditionMonitorContractApi } from '../contracts/types/condition-monitor';
import type { CreditPricerContractApi } from '../contracts/types/credit-pricer';
import type { LiquidationEngineContractApi } from '../contracts/types/liquidation-engine';
import type { PriceOracleContractApi } from '../contracts/types/price-oracle';
import type { ReceivableRegistryContractApi } from '../contracts/types/receivable-registry';
import type { StablecoinContractApi } from '../contracts/types/stablecoin';
import { watchedDebtors } from './watched';
import { conditionFrom, type AssetCondition, type ClassPolicy } from '../lib/condition';
import { describeError } from '../lib/errors';
import { gradeLetter, type Grade, type GradeTable, type InvoiceRates } from '../lib/grade';
import type { ClassState } from '../lib/fees';
import type { Manifest } from '../lib/manifest';
import type { ClassRisk, Market, PledgedAsset, PriceQuote } from '../lib/risk';
import type { AssetKindRecord, Hex } from '../lib/terms';
import { keySymbol, priceKey } from '../lib/units';
import type { AssetStatus, AssetTerms } from '../lib/valuation';

export const SCAN_LIMIT = 200n;

export interface Suite {
  vault: Contract<CollateralVaultContractApi>;
  engine?: Contract<LiquidationEngineContractApi>;
  registry: Contract<ReceivableRegistryContractApi>;
  oracle: Contract<PriceOracleContractApi>;
  coin: Contract<StablecoinContractApi>;
  /** The condition monitor, when the manifest has one. */
  monitor?: Contract<ConditionMonitorContractApi>;
  /** The credit pricer, when the manifest has one. */
  pricer?: Contract<CreditPricerContractApi>;
}

/** What the condition monitor says of the goods (only when the manifest has a monitor). */
export interface ConditionInfo {
  /** The vault values goods with this monitor (`collateral_vault.data_sources().condition_monitor` is it). */
  applied: boolean;
  /** Each goods class's policy (absent: the class does not price condition). */
  policies: Map<number, ClassPolicy>;
  /** Each goods NFT's record (absent: no limits set, never watched). */
  lots: Map<bigint, AssetCondition>;
}

/** The pricer's answer for one class and debtor: the rates, none (the class prices no grade), or its refusal (a stale score). */
export type RatesAnswer = { rates: InvoiceRates } | { none: true } | { refused: string };

/** What the credit pricer says of the debtors (only when the manifest has a pricer). */
export interface CreditInfo {
  /** The vault lends against invoices with this pricer (`collateral_vault.data_sources().credit_pricer` is it). */
  applied: boolean;
  /** Each invoice class's grade table (absent: the class prices no grade). */
  tables: Map<number, GradeTable>;
  /** Each debtor's grade, as the pricer computes it (absent: it could not answer). */
  grades: Map<string, Grade>;
  /** `invoice_rates(class, debtor)` for each invoice class with a table and each debtor; key `${classId}:${debtor}`. */
  rates: Map<string, RatesAnswer>;
}

export const ratesKey = (classId: number, debtor: string) => `${classId}:${debtor}`;

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
  /** The registration's terms in full, as the chain has them (shown beside what a confirmer enters; never sent). */
  record: AssetKindRecord;
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
  /** Seized debt of the class's positions still being liquidated (Σ `liquidation_debt`): it counts against the ceiling. */
  seizedWad: bigint;
  /** The engine's liquidation limits for the class (`liquidation_limits(class)`). */
  liquidationLimits?: LiquidationLimits;
}

/** MakerDAO's Hole/hole: what live liquidations may owe (debt + penalty), overall and per class. */
export interface LiquidationLimits {
  holeWad: bigint;
  dirtWad: bigint;
  classHoleWad?: bigint;
  classDirtWad: bigint;
}

export interface PositionRow {
  id: bigint;
  owner: string;
  classId: number;
  art: bigint;
  assetIds: bigint[];
  debtor?: string;
  /** The one price key of its NFTs (`Position.price_key`), symbol. */
  priceKey?: string;
  liquidating: boolean;
  /** While liquidating: the liquidation debt the vault still records (`liquidation_debt`). */
  liquidationDebtWad?: bigint;
}

/** The engine's record of a live liquidation. */
export interface LiquidationRow {
  id: bigint;
  debtRemainingWad: bigint;
  penaltyRemainingWad: bigint;
  dirtWad: bigint;
}

/** The chain's own answer to `liquidate(position)` now (a dry run): ok, or the refusal. */
export type LiquidateCheck = { ok: true } | { ok: false; path: string; sentence: string };

export interface AuctionRow {
  assetId: bigint;
  positionId: bigint;
  startPriceWad: bigint;
  floorWad: bigint;
  startedAtMs: bigint;
  durationMs: bigint;
  /** Invoice auctions: the debtor, who may not buy it (it pays what it owes through `settle`). */
  debtor?: string;
  priceWad?: bigint;
}

export interface RecoveryRow {
  assetId: bigint;
  positionId: bigint;
  owner: string;
  sinceMs: bigint;
  writeOffAtMs: bigint;
  liquidationId: bigint;
  disputeUpheld: boolean;
  writtenOff: boolean;
}

export interface OracleKeyInfo {
  quote: PriceQuote;
  suspended?: boolean;
  paused?: boolean;
  /** Distinct fresh reporters an answer needs, and a move beyond the guard. */
  quorum?: number;
  moveQuorum?: number;
  maxDeviationBps?: number;
  maxAgeMs?: bigint;
  reporters?: number;
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
  priceInfo: Record<string, OracleKeyInfo>;
  classes: ClassRow[];
  positions: PositionRow[];
  assets: AssetRow[];
  pledged: Map<bigint, PledgedAsset>;
  auctions: AuctionRow[];
  recoveries: RecoveryRow[];
  /** Live liquidations by position. */
  liquidations: Map<bigint, LiquidationRow>;
  /** The chain's dry run of `liquidate` for each position with debt (absent if it could not run). */
  liquidateChecks: Map<bigint, LiquidateCheck>;
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
  /** The goods' condition (absent: the deployment has no condition monitor). */
  condition?: ConditionInfo;
  /** The debtors' grades (absent: the deployment has no credit pricer). */
  credit?: CreditInfo;
}

const addr = (a: { address(): string } | string | undefined) =>
  a === undefined ? undefined : typeof a === 'string' ? encodeAddress(a, 42) : encodeAddress(a.address(), 42);

export function termsOf(kind: { type: string; value: Record<string, unknown> }): {
  terms: AssetTerms;
  confirmer: string;
  extra: Partial<AssetRow>;
  documentHash: string;
  record: AssetKindRecord;
} {
  const v = kind.value as Record<string, any>;
  const key = keySymbol(String(v.currency ?? v.commodity));
  const documentHash = String(v.documentHash).toLowerCase() as Hex;
  switch (kind.type) {
    case 'Invoice':
      return {
        terms: { kind: 'Invoice', faceValueWad: v.faceValueWad, dueDateMs: v.dueDateMs, key },
        confirmer: addr(v.debtor)!,
        extra: { debtor: addr(v.debtor), issueDateMs: v.issueDateMs },
        documentHash,
        record: { type: 'Invoice', faceValueWad: v.faceValueWad, currency: key, debtor: addr(v.debtor)!, issueDateMs: v.issueDateMs, dueDateMs: v.dueDateMs, documentHash },
      };
    case 'WarehouseReceipt':
      return {
        terms: { kind: 'WarehouseReceipt', quantityWad: v.quantityWad, key },
        confirmer: addr(v.warehouse)!,
        extra: { warehouse: addr(v.warehouse) },
        documentHash,
        record: { type: 'WarehouseReceipt', commodity: key, quantityWad: v.quantityWad, warehouse: addr(v.warehouse)!, documentHash },
      };
    default:
      return {
        terms: { kind: 'InTransit', quantityWad: v.quantityWad, expectedArrivalMs: v.expectedArrivalMs, key },
        confirmer: addr(v.carrier)!,
        extra: { carrier: addr(v.carrier), destinationWarehouse: addr(v.destinationWarehouse) },
        documentHash,
        record: {
          type: 'InTransit',
          commodity: key,
          quantityWad: v.quantityWad,
          carrier: addr(v.carrier)!,
          destinationWarehouse: addr(v.destinationWarehouse)!,
          expectedArrivalMs: v.expectedArrivalMs,
          documentHash,
        },
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
      const [p, cfg, st, reporters] = await Promise.all([
        oracle.query.priceFeedPrice(key).then((r) => r.data),
        oracle.query.keyConfig(key).then((r) => r.data).catch(() => undefined),
        oracle.query.keyState(key).then((r) => r.data).catch(() => undefined),
        oracle.query.reporters(key).then((r) => r.data.length).catch(() => undefined),
      ]);
      const quote: PriceQuote = p.isOk
        ? { ok: true, priceWad: p.value.priceWad, upperWad: p.value.upperWad, updatedAtMs: p.value.updatedAtMs }
        : { ok: false, reason: String(p.err) };
      priceInfo[sym] = {
        quote,
        suspended: st?.suspended,
        paused: cfg?.paused,
        quorum: cfg?.quorum,
        moveQuorum: cfg?.moveQuorum,
        maxDeviationBps: cfg?.maxDeviationBps,
        maxAgeMs: cfg?.maxAgeMs,
        reporters,
      };
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
        goodsHaircutWad: p.goodsHaircut,
      },
      state: { totalArt: cls.state.totalArt, rateRay: cls.state.rate, lastAccrualMs: cls.state.lastAccrualMs },
      auctionStartMultiplierWad: p.auctionStartMultiplier,
      auctionDurationMs: p.auctionDurationMs,
      liquidationPenaltyWad: p.liquidationPenalty,
      seizedWad: 0n,
      liquidationLimits: engine
        ? await engine.query
            .liquidationLimits(c.id)
            .then(({ data: [holeWad, dirtWad, classHoleWad, classDirtWad] }) => ({ holeWad, dirtWad, classHoleWad, classDirtWad }))
            .catch(() => undefined)
        : undefined,
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
      const liquidationDebtWad = liq ? await vault.query.liquidationDebt(id).then((r) => r.data) : undefined;
      positions.push({
        id,
        owner: addr(pos.owner)!,
        classId: pos.classId,
        art: pos.art,
        assetIds: pos.assets,
        debtor: addr(pos.debtor),
        priceKey: pos.priceKey ? keySymbol(String(pos.priceKey)) : undefined,
        liquidating: liq,
        liquidationDebtWad,
      });
    }),
  );
  positions.sort((a, b) => Number(a.id - b.id));
  // Seized debt keeps counting against the class ceiling until recovered or written off.
  for (const c of classes) c.seizedWad = positions.filter((p) => p.classId === c.id).reduce((s, p) => s + (p.liquidationDebtWad ?? 0n), 0n);

  // The chain's own liquidation rule: a dry run of `liquidate` for each position with debt.
  const liquidateChecks = new Map<bigint, LiquidateCheck>();
  if (engine) {
    await Promise.all(
      positions
        .filter((p) => p.art > 0n && !p.liquidating)
        .map(async (p) => {
          try {
            const r = (await (account ? engine.query.liquidate(p.id, { caller: account }) : engine.query.liquidate(p.id))).data;
            if (r.isOk) liquidateChecks.set(p.id, { ok: true });
            else liquidateChecks.set(p.id, { ok: false, ...describeError('EngineError', r.err) });
          } catch {
            // A trap or an unreachable node: the keeper screen falls back on its own computation.
          }
        }),
    );
  }

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
        record: t.record,
        positionId: pledge?.positionId,
        ...t.extra,
      });
      if (pledge) pledged.set(id, { id, terms: termsOf(pledge.kind as never).terms, status: pledge.status as AssetStatus, void: pledge.void });
    }),
  );
  assets.sort((a, b) => Number(a.id - b.id));

  // Liquidations: auctions and recoveries of liquidating positions (the engine's view).
  const auctions: AuctionRow[] = [];
  const recoveries: RecoveryRow[] = [];
  const liquidations = new Map<bigint, LiquidationRow>();
  let keeperReward: Snapshot['keeperReward'];
  if (engine) {
    const kr = await engine.query.keeperReward().then((r) => r.data).catch(() => undefined);
    if (kr) keeperReward = { tipWad: kr[0], chipWad: kr[1] };
    for (const p of positions.filter((p) => p.liquidating)) {
      const liq = (await engine.query.liquidation(p.id)).data;
      if (liq) liquidations.set(p.id, { id: liq.id, debtRemainingWad: liq.debtRemainingWad, penaltyRemainingWad: liq.penaltyRemainingWad, dirtWad: liq.dirtWad });
      for (const assetId of liq?.assets ?? p.assetIds) {
        const [a, price, rec] = await Promise.all([
          engine.query.auction(assetId).then((r) => r.data),
          engine.query.auctionPrice(assetId).then((r) => r.data),
          engine.query.recovery(assetId).then((r) => r.data),
        ]);
        if (a) auctions.push({ assetId, ...a, debtor: addr(a.debtor), priceWad: price.isOk ? price.value : undefined });
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

  const [condition, credit] = await Promise.all([
    loadCondition(suite, m, classes, assets),
    loadCredit(suite, m, classes, debtors.map((d) => d.account)),
  ]);

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
    liquidations,
    liquidateChecks,
    debtors,
    books: { surplusWad: books.surplusWad, auctionDebtWad: books.auctionDebtWad, badDebtWad: books.badDebtWad, positionCount: books.positionCount },
    surplusBufferWad: buffer,
    globalDebtCeilingWad: ceiling,
    account,
    balanceWad,
    isUnderwriter,
    isAttester,
    keeperReward,
    ...(condition ? { condition } : {}),
    ...(credit ? { credit } : {}),
  };
}

/** The contract `m` names `name` and whether the vault's `data_sources()` (fixed at its construction) name that address. */
async function vaultUses(m: Manifest, name: 'condition_monitor' | 'credit_pricer', read: () => Promise<unknown>): Promise<boolean> {
  const expected = m.contracts[name]?.address;
  try {
    const at = addr((await read()) as never);
    return at !== undefined && at === expected;
  } catch {
    // A vault without the view (older code) values with neither.
    return false;
  }
}

/** Each goods class's condition policy and each goods NFT's record, when the deployment has a monitor. */
export async function loadCondition(suite: Suite, m: Manifest, classes: ClassRow[], assets: AssetRow[]): Promise<ConditionInfo | undefined> {
  const { monitor, vault } = suite;
  if (!monitor || !m.contracts.condition_monitor) return undefined;
  const policies = new Map<number, ClassPolicy>();
  const lots = new Map<bigint, AssetCondition>();
  const [applied] = await Promise.all([
    vaultUses(m, 'condition_monitor', () => vault.query.dataSources().then((r) => r.data.conditionMonitor)),
    ...classes
      .filter((c) => c.kind !== 'Invoice')
      .map(async (c) => {
        const p = await monitor.query.classPolicy(c.id).then((r) => r.data).catch(() => undefined);
        if (p) policies.set(c.id, { haircutWad: p.haircutWad, maxSilenceMs: p.maxSilenceMs });
      }),
    ...assets
      .filter((a) => a.kind !== 'Invoice')
      .map(async (a) => {
        const c = conditionFrom(await monitor.query.condition(a.id).then((r) => r.data).catch(() => undefined));
        if (c) lots.set(a.id, c);
      }),
  ]);
  return { applied, policies, lots };
}

/** Each invoice class's grade table, each debtor's grade, and what each class lends against each, when the deployment has a pricer. */
export async function loadCredit(suite: Suite, m: Manifest, classes: ClassRow[], debtors: string[]): Promise<CreditInfo | undefined> {
  const { pricer, vault } = suite;
  if (!pricer || !m.contracts.credit_pricer) return undefined;
  const tables = new Map<number, GradeTable>();
  const grades = new Map<string, Grade>();
  const rates = new Map<string, RatesAnswer>();
  const invoiceClasses = classes.filter((c) => c.kind === 'Invoice');
  const [applied] = await Promise.all([
    vaultUses(m, 'credit_pricer', () => vault.query.dataSources().then((r) => r.data.creditPricer)),
    ...invoiceClasses.map(async (c) => {
      const t = await pricer.query.gradeTable(c.id).then((r) => r.data).catch(() => undefined);
      if (t) tables.set(c.id, t);
    }),
    ...debtors.map(async (d) => {
      const g = await pricer.query.grade(d).then((r) => r.data).catch(() => undefined);
      const letter = g?.isOk ? gradeLetter(g.value) : undefined;
      if (letter) grades.set(d, letter);
    }),
  ]);
  await Promise.all(
    invoiceClasses
      .filter((c) => tables.has(c.id))
      .flatMap((c) =>
        debtors.map(async (d) => {
          const r = await pricer.query.creditPricingInvoiceRates(c.id, d).then((x) => x.data).catch(() => undefined);
          if (!r) return;
          if (!r.isOk) return rates.set(ratesKey(c.id, d), { refused: String(r.err) });
          const v = r.value;
          const letter = v ? gradeLetter(v.grade) : undefined;
          rates.set(ratesKey(c.id, d), v && letter ? { rates: { grade: letter, advanceWad: v.advanceWad, discountRateAnnualWad: v.discountRateAnnualWad } } : { none: true });
        }),
      ),
  );
  return { applied, tables, grades, rates };
}
