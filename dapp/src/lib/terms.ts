/**
 * What a confirmer binds (`scf_interfaces::terms_hash`): BLAKE2b-256 of the SCALE encoding of
 * `(originator: AccountId32, kind: AssetKind)`, every term of the registration. The registry's
 * `confirm(id, terms_hash)` refuses (`TermsMismatch`) unless the hash is that of the registered
 * record, so the confirmer's screen computes it from what the CONFIRMER enters (its purchase
 * order, its goods received note, the document file it holds), never from the chain's copy.
 *
 * SCALE, as the contracts' types define it (contracts/interfaces/src/registry.rs):
 *   AccountId32 = 32 raw bytes; u128 / u64 little-endian (16 / 8 bytes); PriceKey = [u8; 8]
 *   (the symbol, zero-padded); DocumentHash = [u8; 32]; AssetKind = one variant index byte, then
 *   its fields in order:
 *   0 Invoice { face_value_wad, currency, debtor, issue_date_ms, due_date_ms, document_hash }
 *   1 WarehouseReceipt { commodity, quantity_wad, warehouse, document_hash }
 *   2 InTransit { commodity, quantity_wad, carrier, destination_warehouse, expected_arrival_ms, document_hash }
 */
import { blake2AsU8a, decodeAddress, encodeAddress } from 'dedot/utils';
import { checkAmount } from './inputs';
import { formatExact, priceKey, U128_MAX, UnitsError } from './units';

export type Hex = `0x${string}`;

/** A registration's terms in full (accounts in any SS58 spelling or 0x hex; keys as symbols). */
export type AssetKindRecord =
  | {
      type: 'Invoice';
      faceValueWad: bigint;
      currency: string;
      debtor: string;
      issueDateMs: bigint;
      dueDateMs: bigint;
      documentHash: Hex;
    }
  | { type: 'WarehouseReceipt'; commodity: string; quantityWad: bigint; warehouse: string; documentHash: Hex }
  | {
      type: 'InTransit';
      commodity: string;
      quantityWad: bigint;
      carrier: string;
      destinationWarehouse: string;
      expectedArrivalMs: bigint;
      documentHash: Hex;
    };

export class TermsError extends Error {
  constructor(
    public readonly field: string,
    public readonly why: string,
  ) {
    super(`${field}: ${why}`);
    this.name = 'TermsError';
  }
}

const U64_MAX = (1n << 64n) - 1n;

function le(value: bigint, bytes: number, field: string): Uint8Array {
  const max = bytes === 16 ? U128_MAX : U64_MAX;
  if (value < 0n || value > max) throw new TermsError(field, `does not fit a u${bytes * 8}`);
  const out = new Uint8Array(bytes);
  let v = value;
  for (let i = 0; i < bytes; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** 32 raw bytes of an account (SS58 of any network prefix, or 0x + 64 hex digits). */
export function accountBytes(account: string, field = 'account'): Uint8Array {
  const text = account.trim();
  let bytes: Uint8Array;
  try {
    bytes = decodeAddress(text);
  } catch {
    throw new TermsError(field, 'not an account address (SS58 or 0x + 64 hex digits)');
  }
  if (bytes.length !== 32) throw new TermsError(field, 'not a 32-byte account');
  return bytes;
}

/** The account in the dApp's one spelling (SS58 prefix 42), or undefined if it is not one. */
export function normalAccount(account: string): string | undefined {
  try {
    return encodeAddress(accountBytes(account), 42);
  } catch {
    return undefined;
  }
}

function hexBytes(hex: string, length: number, field: string): Uint8Array {
  const clean = hex.trim().toLowerCase();
  if (!new RegExp(`^0x[0-9a-f]{${length * 2}}$`).test(clean)) throw new TermsError(field, `not 0x + ${length * 2} hex digits`);
  return Uint8Array.from(clean.slice(2).match(/../g)!, (h) => parseInt(h, 16));
}

function keyBytes(symbol: string, field: string): Uint8Array {
  try {
    return hexBytes(priceKey(symbol), 8, field);
  } catch (e) {
    throw new TermsError(field, e instanceof UnitsError ? e.why : String(e));
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** SCALE of `(originator, kind)`. */
export function encodeTerms(originator: string, kind: AssetKindRecord): Uint8Array {
  const who = accountBytes(originator, 'originator');
  switch (kind.type) {
    case 'Invoice':
      return concat([
        who,
        Uint8Array.of(0),
        le(kind.faceValueWad, 16, 'face value'),
        keyBytes(kind.currency, 'currency'),
        accountBytes(kind.debtor, 'debtor'),
        le(kind.issueDateMs, 8, 'issue date'),
        le(kind.dueDateMs, 8, 'due date'),
        hexBytes(kind.documentHash, 32, 'document hash'),
      ]);
    case 'WarehouseReceipt':
      return concat([
        who,
        Uint8Array.of(1),
        keyBytes(kind.commodity, 'commodity'),
        le(kind.quantityWad, 16, 'quantity'),
        accountBytes(kind.warehouse, 'warehouse'),
        hexBytes(kind.documentHash, 32, 'document hash'),
      ]);
    case 'InTransit':
      return concat([
        who,
        Uint8Array.of(2),
        keyBytes(kind.commodity, 'commodity'),
        le(kind.quantityWad, 16, 'quantity'),
        accountBytes(kind.carrier, 'carrier'),
        accountBytes(kind.destinationWarehouse, 'destination warehouse'),
        le(kind.expectedArrivalMs, 8, 'expected arrival'),
        hexBytes(kind.documentHash, 32, 'document hash'),
      ]);
  }
}

export const toHex = (bytes: Uint8Array): Hex => `0x${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;

/** `scf_interfaces::terms_hash(originator, kind)`. */
export function termsHash(originator: string, kind: AssetKindRecord): Hex {
  return toHex(blake2AsU8a(encodeTerms(originator, kind), 256));
}

// ───────────────────────────── dates ─────────────────────────────

const MS_PER_DAY = 86_400_000n;

/** Midnight UTC of the day `ms` falls in. */
export const utcDay = (ms: bigint): bigint => ms - (((ms % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY);

/**
 * A date as a registration records it (ms since the epoch, UTC): `2027-02-17` (midnight UTC),
 * a full ISO time with its zone (`2027-02-17T13:45:00.123Z`), or the milliseconds themselves.
 */
export function parseDateMs(text: string, field = 'date'): bigint {
  const t = text.trim();
  if (/^\d{9,16}$/.test(t)) return BigInt(t);
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (day) {
    const ms = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
    if (new Date(ms).toISOString().slice(0, 10) !== t) throw new TermsError(field, 'no such day');
    return BigInt(ms);
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(t)) {
    const ms = Date.parse(t);
    if (!Number.isNaN(ms)) return BigInt(ms);
  }
  throw new TermsError(field, 'a date is YYYY-MM-DD (UTC), an ISO time with its zone, or milliseconds');
}

/** `2027-02-17` at midnight UTC, else the full ISO time. */
export function formatDateMs(ms: bigint): string {
  const iso = new Date(Number(ms)).toISOString();
  return ms % MS_PER_DAY === 0n ? iso.slice(0, 10) : iso;
}

// ───────────────────────────── the confirm form ─────────────────────────────

/** What the confirmer types (free text, parsed here). Its own part (debtor / warehouse / carrier) is its account. */
export interface TermsForm {
  originator: string;
  /** Face value (invoice) or quantity (goods). */
  amount: string;
  /** Currency (invoice) or commodity (goods). */
  key: string;
  /** Invoice. */
  issueDate?: string;
  /** Invoice: due date; in transit: expected arrival. */
  date?: string;
  /** In transit: destination warehouse. */
  destination?: string;
  /** The document's blake2-256 hash (from the file the confirmer holds, or pasted). */
  documentHash: string;
}

export interface TermRow {
  label: string;
  registered: string;
  entered?: string;
  differs: boolean;
  error?: string;
}

export interface ConfirmCheck {
  rows: TermRow[];
  /** The record the confirmer's input describes (undefined while a field is missing or invalid). */
  entered?: AssetKindRecord;
  /** Its terms hash: what `confirm` sends. */
  hash?: Hex;
  /** The hash of the registered record (display and comparison only: never sent). */
  registeredHash?: Hex;
  /** Every term entered and identical to the registration. */
  matches: boolean;
}

const show = {
  account: (a: string) => normalAccount(a) ?? a,
  amount: (v: bigint) => formatExact(v),
};

/**
 * Checks the confirmer's input (`form`, with `confirmer` its own account) against a registration
 * (`originator`, `registered`): one row per term, each parsed from the input alone; the hash the
 * confirmation would send is computed from the input only.
 */
export function checkConfirm(form: TermsForm, confirmer: string, originator: string, registered: AssetKindRecord): ConfirmCheck {
  const rows: TermRow[] = [];
  let complete = true;
  function row<T>(label: string, reg: T, text: string | undefined, parse: (s: string) => T, fmt: (v: T) => string, eq: (a: T, b: T) => boolean = (a, b) => a === b): T | undefined {
    const registeredText = fmt(reg);
    if (text === undefined || text.trim() === '') {
      complete = false;
      rows.push({ label, registered: registeredText, differs: false, error: 'enter it from your own records' });
      return undefined;
    }
    try {
      const v = parse(text);
      rows.push({ label, registered: registeredText, entered: fmt(v), differs: !eq(v, reg) });
      return v;
    } catch (e) {
      complete = false;
      rows.push({ label, registered: registeredText, entered: text, differs: true, error: e instanceof TermsError ? e.why : e instanceof UnitsError ? e.why : String(e) });
      return undefined;
    }
  }
  const sameAccount = (a: string, b: string) => toHex(accountBytes(a)) === toHex(accountBytes(b));
  const parseAccount = (field: string) => (s: string) => {
    accountBytes(s, field);
    return s.trim();
  };
  const parseHash = (s: string) => toHex(hexBytes(s, 32, 'document hash'));
  const parseKey = (field: string) => (s: string) => {
    keyBytes(s.trim(), field);
    return s.trim();
  };
  const dateEq = (a: bigint, b: bigint) => a === b;
  // The same rule as every amount field (lib/inputs.ts): no comma, no sign, ≤ 18 decimals, ≤ u128.
  const parseAmount = (field: string) => (s: string) => {
    const c = checkAmount(s);
    if (!c.ok) throw new TermsError(field, c.error);
    return c.value;
  };

  const who = row('Supplier (originator)', originator, form.originator, parseAccount('originator'), show.account, sameAccount);
  let entered: AssetKindRecord | undefined;
  switch (registered.type) {
    case 'Invoice': {
      const face = row('Face value', registered.faceValueWad, form.amount, parseAmount('face value'), show.amount);
      const cur = row('Currency', registered.currency, form.key, parseKey('currency'), (s) => s);
      const me = row('Buyer (you)', registered.debtor, confirmer, parseAccount('debtor'), show.account, sameAccount);
      const issue = row('Issue date', registered.issueDateMs, form.issueDate, (s) => parseDateMs(s, 'issue date'), formatDateMs, dateEq);
      const due = row('Due date', registered.dueDateMs, form.date, (s) => parseDateMs(s, 'due date'), formatDateMs, dateEq);
      const doc = row('Document hash', registered.documentHash, form.documentHash, parseHash, (s) => s.toLowerCase());
      if (face !== undefined && cur !== undefined && me !== undefined && issue !== undefined && due !== undefined && doc !== undefined)
        entered = { type: 'Invoice', faceValueWad: face, currency: cur, debtor: me, issueDateMs: issue, dueDateMs: due, documentHash: doc };
      break;
    }
    case 'WarehouseReceipt': {
      const com = row('Commodity', registered.commodity, form.key, parseKey('commodity'), (s) => s);
      const qty = row('Quantity', registered.quantityWad, form.amount, parseAmount('quantity'), show.amount);
      const me = row('Warehouse (you)', registered.warehouse, confirmer, parseAccount('warehouse'), show.account, sameAccount);
      const doc = row('Document hash', registered.documentHash, form.documentHash, parseHash, (s) => s.toLowerCase());
      if (com !== undefined && qty !== undefined && me !== undefined && doc !== undefined)
        entered = { type: 'WarehouseReceipt', commodity: com, quantityWad: qty, warehouse: me, documentHash: doc };
      break;
    }
    case 'InTransit': {
      const com = row('Commodity', registered.commodity, form.key, parseKey('commodity'), (s) => s);
      const qty = row('Quantity', registered.quantityWad, form.amount, parseAmount('quantity'), show.amount);
      const me = row('Carrier (you)', registered.carrier, confirmer, parseAccount('carrier'), show.account, sameAccount);
      const dest = row('Destination warehouse', registered.destinationWarehouse, form.destination, parseAccount('destination warehouse'), show.account, sameAccount);
      const eta = row('Expected arrival', registered.expectedArrivalMs, form.date, (s) => parseDateMs(s, 'expected arrival'), formatDateMs, dateEq);
      const doc = row('Document hash', registered.documentHash, form.documentHash, parseHash, (s) => s.toLowerCase());
      if (com !== undefined && qty !== undefined && me !== undefined && dest !== undefined && eta !== undefined && doc !== undefined)
        entered = { type: 'InTransit', commodity: com, quantityWad: qty, carrier: me, destinationWarehouse: dest, expectedArrivalMs: eta, documentHash: doc };
      break;
    }
  }
  let hash: Hex | undefined;
  if (complete && who !== undefined && entered) {
    try {
      hash = termsHash(who, entered);
    } catch (e) {
      rows.push({ label: 'Terms', registered: '', differs: true, error: e instanceof Error ? e.message : String(e) });
    }
  }
  let registeredHash: Hex | undefined;
  try {
    registeredHash = termsHash(originator, registered);
  } catch {
    registeredHash = undefined;
  }
  return { rows, entered, hash, registeredHash, matches: hash !== undefined && hash === registeredHash && rows.every((r) => !r.differs) };
}
