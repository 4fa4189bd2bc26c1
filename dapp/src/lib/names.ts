/**
 * The address book: names for counterparties, from the manifest's optional `names` map and the
 * user's own entries (kept in localStorage per network; the user's entry wins). Addresses are
 * compared in one spelling (SS58 prefix 42), whatever prefix they were written with. Pure: the
 * React side (app/names.tsx) only loads, saves and installs the book.
 */
import { decodeAddress, encodeAddress } from 'dedot/utils';

export type NameBook = ReadonlyMap<string, string>;

/** An address in the dApp's one spelling (prefix 42), or undefined when it is not an address. */
export function normalAddress(a: string): string | undefined {
  try {
    const bytes = decodeAddress(a.trim());
    if (bytes.length !== 32) return undefined;
    return encodeAddress(bytes, 42);
  } catch {
    return undefined;
  }
}

export const MAX_NAME = 40;

/** Why `name` cannot be a name (empty, too long, control characters), or undefined. */
export function nameRefusal(name: string): string | undefined {
  const n = name.trim();
  if (n === '') return 'Enter a name.';
  if ([...n].length > MAX_NAME) return `A name has at most ${MAX_NAME} characters.`;
  if (/[\u0000-\u001f\u007f]/.test(n)) return 'A name cannot contain control characters.';
  return undefined;
}

/** One book from the manifest's names and the user's (user's win); entries that are not addresses are dropped. */
export function buildBook(manifestNames: Record<string, string> = {}, userNames: Record<string, string> = {}): Map<string, string> {
  const book = new Map<string, string>();
  for (const src of [manifestNames, userNames]) {
    for (const [a, n] of Object.entries(src)) {
      const k = normalAddress(a);
      if (k && typeof n === 'string' && !nameRefusal(n)) book.set(k, n.trim());
    }
  }
  return book;
}

/** The name of `address`, if the book has one. */
export function nameOf(book: NameBook, address: string | undefined): string | undefined {
  if (!address) return undefined;
  const k = normalAddress(address);
  return k ? book.get(k) : undefined;
}

export const shortAddress = (a?: string) => (a ? `${a.slice(0, 6)}…${a.slice(-4)}` : '—');

/** How an address is shown: its name when known, else `5Grw…utQY`. */
export function label(book: NameBook, address: string | undefined): string {
  return nameOf(book, address) ?? shortAddress(address);
}

/** The user's entries with `address` named `name` (or removed when `name` is empty); throws on a bad address or name. */
export function withName(user: Record<string, string>, address: string, name: string): Record<string, string> {
  const k = normalAddress(address);
  if (!k) throw new Error('Not an address (SS58).');
  const next = { ...user };
  for (const a of Object.keys(next)) if (normalAddress(a) === k) delete next[a];
  if (name.trim() === '') return next;
  const why = nameRefusal(name);
  if (why) throw new Error(why);
  next[k] = name.trim();
  return next;
}

/** The active book, for `short` (ui.tsx) everywhere an address is shown; set by the NamesProvider. */
let active: NameBook = new Map();
export function setActiveBook(book: NameBook): void {
  active = book;
}
export function activeBook(): NameBook {
  return active;
}
