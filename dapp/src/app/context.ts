import { createContext, useContext } from 'react';
import type { Manifest } from '../lib/manifest';
import type { Snapshot, Suite } from './suite';

export interface AppCtx {
  manifest: Manifest;
  suite: Suite;
  snap: Snapshot;
  account?: string;
  refresh: () => void;
}

export const Ctx = createContext<AppCtx | null>(null);

export function useApp(): AppCtx {
  const c = useContext(Ctx);
  if (!c) throw new Error('useApp outside the app');
  return c;
}
