/**
 * The connected account's history, from the suite's contract events: pallet-contracts'
 * `ContractEmitted` events of the suite's addresses in a bounded window of recent blocks,
 * decoded with each contract's metadata (dedot's `Contract.decodeEvent`, passed in), newest
 * first, each with its block number and the hash of the extrinsic that emitted it. Pure: the
 * scan (app/history.ts) hands in the blocks it read.
 */
import { encodeAddress } from 'dedot/utils';
import { formatUnits, keySymbol } from './units';
import { normalAddress } from './names';

/** The shape of a system event record as dedot decodes it (only what is read here). */
export interface EventRecordLike {
  phase?: { type: string; value?: number };
  event: { pallet: string; palletEvent: unknown };
  topics?: string[];
}

export interface BlockEvents {
  number: number;
  hash: string;
  /** Blake2-256 of each extrinsic of the block, by index. */
  extrinsicHashes: string[];
  /** The block's time (`timestamp.now`), when read. */
  timestampMs?: bigint;
  /** Each extrinsic's signer (prefix 42), by index; undefined when unsigned or not decoded. */
  signers?: (string | undefined)[];
  records: EventRecordLike[];
}

export interface ContractDecoder {
  /** The manifest's name (`stablecoin`, `collateral_vault`, …). */
  contract: string;
  address: string;
  decode(record: EventRecordLike): { name: string; data: Record<string, unknown> };
}

export interface HistoryEntry {
  blockNumber: number;
  blockHash: string;
  txHash?: string;
  /** Who signed the transaction that emitted it, when known. */
  signer?: string;
  /** Its block's time, when known. */
  timestampMs?: bigint;
  /** Position of the event in its block (orders events of one block). */
  index: number;
  contract: string;
  event: string;
  data: Record<string, unknown>;
  /** Every account the event names (prefix 42). */
  accounts: string[];
}

export const DEFAULT_DEPTH = 2_000;

/** The block numbers to read, newest first: `depth` blocks ending at `head` (not below 1). */
export function scanRange(head: number, depth: number = DEFAULT_DEPTH): number[] {
  const out: number[] = [];
  for (let n = head; n >= 1 && n > head - depth; n--) out.push(n);
  return out;
}

function toAddress(v: unknown): string | undefined {
  if (typeof v === 'string') return /^0x[0-9a-fA-F]{64}$/.test(v) ? encodeAddress(v, 42) : normalAddress(v);
  if (v && typeof v === 'object' && typeof (v as { address?: unknown }).address === 'function') {
    try {
      return normalAddress((v as { address(): string }).address());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The contract that emitted `r`, when it is a pallet-contracts `ContractEmitted`. */
export function emitterOf(r: EventRecordLike): string | undefined {
  if (r.event?.pallet !== 'Contracts') return undefined;
  const pe = r.event.palletEvent as { name?: string; data?: { contract?: unknown } } | undefined;
  if (!pe || typeof pe !== 'object' || pe.name !== 'ContractEmitted') return undefined;
  return toAddress(pe.data?.contract);
}

/** Every account named anywhere in decoded event data (AccountId32 values, options, tuples). */
export function accountsIn(data: unknown, out: Set<string> = new Set()): string[] {
  if (data && typeof data === 'object') {
    const a = typeof (data as { address?: unknown }).address === 'function' ? toAddress(data) : undefined;
    if (a) out.add(a);
    else for (const v of Array.isArray(data) ? data : Object.values(data)) accountsIn(v, out);
  }
  return [...out];
}

/**
 * Decodes the suite's events of `blocks`, newest first (by block, then position in the block).
 * Events of other contracts are skipped; events a metadata cannot decode are counted.
 */
export function decodeHistory(blocks: BlockEvents[], decoders: ContractDecoder[]): { entries: HistoryEntry[]; undecodable: number } {
  const byAddress = new Map<string, ContractDecoder>();
  for (const d of decoders) {
    const a = normalAddress(d.address);
    if (a) byAddress.set(a, d);
  }
  const entries: HistoryEntry[] = [];
  let undecodable = 0;
  for (const b of blocks) {
    b.records.forEach((r, index) => {
      const from = emitterOf(r);
      const dec = from ? byAddress.get(from) : undefined;
      if (!dec) return;
      let ev: { name: string; data: Record<string, unknown> };
      try {
        ev = dec.decode(r);
      } catch {
        undecodable++;
        return;
      }
      const ext = r.phase?.type === 'ApplyExtrinsic' ? r.phase.value : undefined;
      entries.push({
        blockNumber: b.number,
        blockHash: b.hash,
        txHash: ext !== undefined ? b.extrinsicHashes[ext] : undefined,
        signer: ext !== undefined ? b.signers?.[ext] : undefined,
        timestampMs: b.timestampMs,
        index,
        contract: dec.contract,
        event: ev.name,
        data: ev.data ?? {},
        accounts: accountsIn(ev.data ?? {}),
      });
    });
  }
  entries.sort((a, b) => b.blockNumber - a.blockNumber || b.index - a.index);
  return { entries, undecodable };
}

/**
 * The entries of `account` (any spelling): those of transactions it signed, and (unless
 * `signedOnly`) those that name it (a payment it received, a liquidation of its position).
 */
export function involving(entries: HistoryEntry[], account: string | undefined, signedOnly = false): HistoryEntry[] {
  const a = account ? normalAddress(account) : undefined;
  return a ? entries.filter((e) => e.signer === a || (!signedOnly && e.accounts.includes(a))) : [];
}

/** The signer of an extrinsic as dedot decodes it (`signature.address`: a MultiAddress or an AccountId32). */
export function signerOf(decoded: unknown): string | undefined {
  const addr = (decoded as { signature?: { address?: unknown } } | undefined)?.signature?.address;
  if (!addr) return undefined;
  const inner = typeof addr === 'object' && addr !== null && 'type' in addr ? (addr as { type: string; value?: unknown }).value : addr;
  return toAddress(inner);
}

/** A price key's answers (the oracle's `AnswerUpdated`), oldest first, one per update time. */
export function priceSeries(entries: HistoryEntry[], symbol: string): { tMs: bigint; priceWad: bigint }[] {
  const seen = new Map<bigint, bigint>();
  for (const e of entries) {
    if (e.contract !== 'price_oracle' || e.event !== 'AnswerUpdated') continue;
    const key = e.data.key;
    if (typeof key !== 'string' || keySymbol(key) !== symbol) continue;
    const t = BigInt(e.data.updatedAtMs as bigint);
    if (!seen.has(t)) seen.set(t, BigInt(e.data.priceWad as bigint));
  }
  return [...seen.entries()].map(([tMs, priceWad]) => ({ tMs, priceWad })).sort((a, b) => (a.tMs < b.tMs ? -1 : 1));
}

/** A decoded value as short text: accounts through `label`, bigints in full, keys as symbols. */
export function valueText(v: unknown, label: (a: string) => string): string {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'string') {
    if (/^0x[0-9a-f]{16}$/i.test(v)) return keySymbol(v) || v;
    const a = normalAddress(v);
    return a ? label(a) : v;
  }
  if (v === undefined || v === null) return '—';
  const a = toAddress(v);
  if (a) return label(a);
  if (Array.isArray(v)) return `[${v.map((x) => valueText(x, label)).join(', ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.type === 'string') return o.value === undefined ? o.type : `${o.type}(${valueText(o.value, label)})`;
    return `{${Object.entries(o).map(([k, x]) => `${k}: ${valueText(x, label)}`).join(', ')}}`;
  }
  return String(v);
}

/**
 * One field of an event as text: 18-decimal amounts (`…Wad`, PSP22's `value`) in full precision
 * with separators, times (`…AtMs`) as UTC dates, the rest as `valueText`.
 */
export function fieldText(key: string, v: unknown, label: (a: string) => string): string {
  if (typeof v === 'bigint' && (/Wad$/.test(key) || key === 'value')) return formatUnits(v, { fraction: 18, pad: false });
  if (typeof v === 'bigint' && /AtMs$/.test(key)) return `${new Date(Number(v)).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  return valueText(v, label);
}

/**
 * A position's collateral ratio as far as the events tell it, oldest first: its debt after each
 * `Borrowed` / `Repaid` (their `debt_wad`) and `InvoiceSettled` (less `debt_repaid_wad`), and its
 * price key's answers (`AnswerUpdated`); at each such event once both are known, the debt then
 * and `valueAt(price, time)` — the collateral it holds NOW valued at that price (deposits and
 * withdrawals in between are not replayed, nor fees accrued between events). Events without a
 * block time are skipped.
 */
export function ratioHistory(
  entries: HistoryEntry[],
  positionId: bigint,
  key: string | undefined,
  valueAt: (priceWad: bigint, tMs: bigint) => bigint,
): { tMs: bigint; debtWad: bigint; valueWad: bigint }[] {
  const out: { tMs: bigint; debtWad: bigint; valueWad: bigint }[] = [];
  let debt: bigint | undefined;
  let price: bigint | undefined;
  const oldestFirst = [...entries].sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
  for (const e of oldestFirst) {
    let changed = false;
    if (e.contract === 'collateral_vault' && e.data.positionId === positionId) {
      if ((e.event === 'Borrowed' || e.event === 'Repaid') && typeof e.data.debtWad === 'bigint') {
        debt = e.data.debtWad;
        changed = true;
      } else if (e.event === 'InvoiceSettled' && typeof e.data.debtRepaidWad === 'bigint' && debt !== undefined) {
        debt = debt > e.data.debtRepaidWad ? debt - e.data.debtRepaidWad : 0n;
        changed = true;
      }
    }
    if (key && e.contract === 'price_oracle' && e.event === 'AnswerUpdated' && typeof e.data.key === 'string' && keySymbol(e.data.key) === key) {
      price = e.data.priceWad as bigint;
      changed = true;
    }
    if (changed && debt !== undefined && e.timestampMs !== undefined && (price !== undefined || key === undefined))
      out.push({ tMs: e.timestampMs, debtWad: debt, valueWad: valueAt(price ?? 0n, e.timestampMs) });
  }
  return out;
}
