/**
 * The suite's contracts as the dApp knows them: one id per contract (the manifest's keys), the
 * bundled metadata (src/contracts/artifacts, refreshed by `npm run artifacts`), and typink
 * deployments built from the manifest at run time. The typed APIs are generated
 * (`npm run typegen` → src/contracts/types), never hand-written.
 */
import type { ContractDeployment } from 'typink';
import type { ContractName, Manifest } from '../lib/manifest';

export enum ContractId {
  VAULT = 'collateral_vault',
  ENGINE = 'liquidation_engine',
  REGISTRY = 'receivable_registry',
  ORACLE = 'price_oracle',
  STABLECOIN = 'stablecoin',
  MONITOR = 'condition_monitor',
  PRICER = 'credit_pricer',
}

interface Metadata {
  source: { hash: string };
  [k: string]: unknown;
}

const bundled = import.meta.glob<Metadata>('./artifacts/*/*.json', { eager: true, import: 'default' });

export const METADATA: Partial<Record<ContractName, Metadata>> = Object.fromEntries(
  Object.entries(bundled).map(([path, meta]) => [path.split('/')[2], meta]),
);

/** The code hash each bundled metadata describes (`source.hash`). */
export const BUNDLED_HASHES: Partial<Record<ContractName, string>> = Object.fromEntries(
  Object.entries(METADATA).map(([name, m]) => [name, m!.source.hash]),
);

export function deploymentsOf(m: Manifest): ContractDeployment[] {
  return (Object.entries(m.contracts) as [ContractName, { address: string }][])
    .filter(([name]) => METADATA[name])
    .map(([name, e]) => ({ id: name, metadata: METADATA[name] as never, address: e.address, network: m.network }));
}
