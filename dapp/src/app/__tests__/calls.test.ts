/**
 * Every contract message the screens call exists in the contracts' metadata. dedot's typed
 * bindings accept any method name (their query and tx maps have an index signature), so a
 * message renamed or removed in a contract would type-check and fail only in a browser: this
 * caught `vault.query.custodyBadDebt`, a message the vault no longer has.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const CONTRACTS: Record<string, string> = {
  vault: 'collateral-vault',
  registry: 'receivable-registry',
  oracle: 'price-oracle',
  coin: 'stablecoin',
  engine: 'liquidation-engine',
  monitor: 'condition-monitor',
  pricer: 'credit-pricer',
};

/** The message names the generated bindings declare for `kind` ('query' or 'tx'). */
function declared(contract: string, kind: 'query' | 'tx'): Set<string> {
  const text = readFileSync(join(root, 'contracts', 'types', contract, `${kind}.d.ts`), 'utf8');
  const re = kind === 'query' ? /^ {2}(\w+): GenericContractQueryCall</gm : /^ {2}(\w+): GenericContractTxCall</gm;
  return new Set([...text.matchAll(re)].map((m) => m[1]));
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return f === '__tests__' ? [] : sources(p);
    return /\.tsx?$/.test(f) ? [p] : [];
  });
}

describe('contract calls of the screens', () => {
  const files = sources(join(root, 'app')).map((p) => ({ p, text: readFileSync(p, 'utf8') }));
  const calls: { file: string; contract: string; kind: 'query' | 'tx'; name: string }[] = [];
  for (const { p, text } of files) {
    for (const m of text.matchAll(/\b(vault|registry|oracle|coin|engine|monitor|pricer)\.(query|tx)\.(\w+)/g)) {
      calls.push({ file: p, contract: m[1], kind: m[2] as 'query' | 'tx', name: m[3] });
    }
    // Transactions run through useTx name their message as a string.
    for (const m of text.matchAll(/contract: suite\.(\w+)[^}]*?\bfn: '(\w+)'/g)) {
      calls.push({ file: p, contract: m[1], kind: 'tx', name: m[2] });
    }
  }

  it('finds the calls (the patterns still match the code)', () => {
    expect(calls.filter((c) => c.kind === 'query').length).toBeGreaterThan(20);
    expect(calls.filter((c) => c.kind === 'tx').length).toBeGreaterThan(15);
  });

  it('calls only messages the metadata has', () => {
    const missing = calls.filter((c) => !declared(CONTRACTS[c.contract], c.kind).has(c.name));
    expect(missing.map((c) => `${c.contract}.${c.kind}.${c.name} (${c.file.slice(root.length + 1)})`)).toEqual([]);
  });
});
