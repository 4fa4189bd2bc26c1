/**
 * Who governs the suite and how it is set, read from the contracts' views (read-only: changes are
 * the deploy CLI's job), and the code each address runs (pallet-contracts `contractInfoOf`), for
 * the Guardian & settings and Arbiter screens.
 */
import { createContext, useContext, useEffect, useState } from 'react';
import { encodeAddress } from 'dedot/utils';
import { useApp } from './context';
import type { ContractName, Manifest } from '../lib/manifest';
import { priceKey } from '../lib/units';
import type { Suite } from './suite';

export interface Governance {
  vaultAdmin?: string;
  guardian?: string;
  registryAdmin?: string;
  oracleAdmin?: string;
  coinAdmin?: string;
  engineAdmin?: string;
  arbiter?: string;
  auctionCuspWad?: bigint;
  recoveryPeriodMs?: bigint;
  /** Per oracle key: anchor interval and window (the rest is in the snapshot's priceInfo). */
  keyExtras: Record<string, { anchorIntervalMs?: bigint }>;
  /** The code hash each contract's address runs (undefined: no contract there, or unreadable). */
  chainHashes: Partial<Record<ContractName, string>>;
  /** The routers' facet hashes (`facets()`), by group. */
  vaultFacets?: Record<string, string>;
  engineFacets?: Record<string, string>;
}

const a42 = (a: unknown): string | undefined => {
  if (!a) return undefined;
  try {
    return encodeAddress(typeof a === 'string' ? a : (a as { address(): string }).address(), 42);
  } catch {
    return undefined;
  }
};

const safe = <T,>(p: Promise<T>): Promise<T | undefined> => p.catch(() => undefined);

function hashes(f: unknown): Record<string, string> | undefined {
  if (!f || typeof f !== 'object') return undefined;
  return Object.fromEntries(Object.entries(f as Record<string, unknown>).map(([k, v]) => [k, String(v).toLowerCase()]));
}

export async function codeHashOf(suite: Suite, address: string): Promise<string | undefined> {
  const client = suite.vault.client as unknown as { query: { contracts: { contractInfoOf(a: string): Promise<{ codeHash: unknown } | undefined> } } };
  const info = await client.query.contracts.contractInfoOf(address);
  return info ? String(info.codeHash).toLowerCase() : undefined;
}

export async function loadGovernance(suite: Suite, m: Manifest): Promise<Governance> {
  const { vault, registry, oracle, coin, engine } = suite;
  const [vaultAdmin, guardian, registryAdmin, oracleAdmin, coinAdmin, engineAdmin, rp, vf, ef] = await Promise.all([
    safe(vault.query.admin().then((r) => a42(r.data))),
    safe(vault.query.guardian().then((r) => a42(r.data))),
    safe(registry.query.admin().then((r) => a42(r.data))),
    safe(oracle.query.admin().then((r) => a42(r.data))),
    safe(coin.query.admin().then((r) => a42(r.data))),
    engine ? safe(engine.query.admin().then((r) => a42(r.data))) : undefined,
    engine ? safe(engine.query.recoveryParams().then((r) => r.data)) : undefined,
    safe(vault.query.facets().then((r) => hashes(r.data))),
    engine ? safe(engine.query.facets().then((r) => hashes(r.data))) : undefined,
  ]);
  const keyExtras: Governance['keyExtras'] = {};
  await Promise.all(
    m.priceKeys.map(async (k) => {
      const cfg = await safe(oracle.query.keyConfig(priceKey(k)).then((r) => r.data));
      keyExtras[k] = { anchorIntervalMs: cfg?.anchorIntervalMs };
    }),
  );
  const chainHashes: Governance['chainHashes'] = {};
  await Promise.all(
    (Object.entries(m.contracts) as [ContractName, { address: string }][]).map(async ([name, e]) => {
      chainHashes[name] = await safe(codeHashOf(suite, e.address));
    }),
  );
  return {
    vaultAdmin,
    guardian,
    registryAdmin,
    oracleAdmin,
    coinAdmin,
    engineAdmin,
    arbiter: rp ? a42(rp[0]) : undefined,
    auctionCuspWad: rp?.[1],
    recoveryPeriodMs: rp?.[2],
    keyExtras,
    chainHashes,
    vaultFacets: vf,
    engineFacets: ef,
  };
}

/** Set by tests (server rendering runs no effects); the app loads it from the chain. */
export const GovernanceCtx = createContext<Governance | undefined>(undefined);

/** The suite's governance, reloaded with every snapshot. */
export function useGovernance(): Governance | undefined {
  const given = useContext(GovernanceCtx);
  const { suite, manifest, snap } = useApp();
  const [g, setG] = useState<Governance>();
  useEffect(() => {
    if (given) return;
    let live = true;
    loadGovernance(suite, manifest)
      .then((x) => live && setG(x))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [given, suite, manifest, snap]);
  return given ?? g;
}
