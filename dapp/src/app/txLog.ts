/**
 * Every transaction's end (and its hash once sent), kept for the session in one list the app
 * shows ("Recent transactions"): a panel that disappears after its action (a rejected
 * registration, a paid invoice) does not take the outcome with it.
 */
import { useSyncExternalStore } from 'react';
import type { TxState } from '../lib/tx';

export interface LoggedTx {
  id: number;
  atMs: number;
  state: TxState;
}

const MAX = 30;
let entries: LoggedTx[] = [];
let next = 1;
const listeners = new Set<() => void>();

export function logTx(state: TxState, atMs = Date.now()): void {
  if (state.phase === 'idle') return;
  entries = [{ id: next++, atMs, state }, ...entries].slice(0, MAX);
  listeners.forEach((l) => l());
}

export function txLog(): LoggedTx[] {
  return entries;
}

export function clearTxLog(): void {
  entries = [];
  listeners.forEach((l) => l());
}

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useTxLog(): LoggedTx[] {
  return useSyncExternalStore(subscribe, txLog, txLog);
}
