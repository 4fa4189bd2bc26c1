/**
 * The address book in React: the manifest's names and the user's (localStorage, per network),
 * one context, and the active book `short()` (ui.tsx) reads wherever an address is shown.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { buildBook, setActiveBook, withName, type NameBook } from '../lib/names';

const keyOf = (network: string) => `scf.names.${network}`;

export function loadUserNames(network: string): Record<string, string> {
  try {
    const raw = globalThis.localStorage?.getItem(keyOf(network));
    const v: unknown = raw ? JSON.parse(raw) : {};
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
}

interface NamesCtx {
  book: NameBook;
  user: Record<string, string>;
  /** Names `address` (empty name: forgets it); throws with a sentence on a bad address or name. */
  setName(address: string, name: string): void;
}

const Names = createContext<NamesCtx>({ book: new Map(), user: {}, setName: () => {} });

export function NamesProvider({ network, manifestNames, children }: { network: string; manifestNames: Record<string, string>; children: ReactNode }) {
  const [user, setUser] = useState(() => loadUserNames(network));
  const book = useMemo(() => {
    const b = buildBook(manifestNames, user);
    setActiveBook(b);
    return b;
  }, [manifestNames, user]);
  const setName = useCallback(
    (address: string, name: string) => {
      const next = withName(user, address, name);
      try {
        globalThis.localStorage?.setItem(keyOf(network), JSON.stringify(next));
      } catch {
        // Storage disabled: the name lasts this session.
      }
      setUser(next);
    },
    [user, network],
  );
  return <Names.Provider value={{ book, user, setName }}>{children}</Names.Provider>;
}

export const useNames = () => useContext(Names);
