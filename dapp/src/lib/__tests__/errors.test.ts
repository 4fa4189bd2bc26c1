import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describeError, ERROR_TABLES } from '../errors';

const ARTIFACTS = join(__dirname, '../../contracts/artifacts');

interface TypeDef {
  id: number;
  type: { path?: string[]; def: { variant?: { variants?: { name: string; fields?: { type: number }[] }[] } } };
}

/** Every error enum of a contract's metadata: its name and variant names. */
function errorEnums(file: string): Map<string, string[]> {
  const meta = JSON.parse(readFileSync(file, 'utf8')) as { types: TypeDef[] };
  const out = new Map<string, string[]>();
  for (const t of meta.types) {
    const name = t.type.path?.at(-1);
    if (!name || !name.endsWith('Error') || !t.type.def.variant) continue;
    out.set(name, (t.type.def.variant.variants ?? []).map((v) => v.name));
  }
  return out;
}

const contracts = readdirSync(ARTIFACTS).filter((d) => existsSync(join(ARTIFACTS, d, `${d}.json`)));

describe('error sentences cover the real metadata', () => {
  it('has the five suite contracts’ metadata', () => {
    for (const c of ['stablecoin', 'receivable_registry', 'price_oracle', 'collateral_vault', 'liquidation_engine']) expect(contracts).toContain(c);
  });
  for (const c of contracts) {
    it(`every error variant of ${c} has a sentence`, () => {
      const enums = errorEnums(join(ARTIFACTS, c, `${c}.json`));
      expect(enums.size).toBeGreaterThan(0);
      const missing: string[] = [];
      for (const [name, variants] of enums) {
        const table = ERROR_TABLES[name];
        if (!table) {
          missing.push(`${name} (no table)`);
          continue;
        }
        for (const v of variants) if (!table[v]) missing.push(`${name}::${v}`);
      }
      expect(missing).toEqual([]);
    });
  }
});

describe('decoding', () => {
  it('reads dedot’s shapes: plain, wrapped, custom strings', () => {
    expect(describeError('VaultError', { type: 'Unsafe' }).sentence).toMatch(/minimum collateral ratio/);
    expect(describeError('VaultError', { type: 'Oracle', value: 'StalePrice' })).toMatchObject({ path: 'Oracle.StalePrice' });
    expect(describeError('VaultError', { type: 'Oracle', value: 'StalePrice' }).sentence).toMatch(/stale/);
    expect(describeError('VaultError', { type: 'Token', value: { type: 'InsufficientAllowance' } }).sentence).toMatch(/approve/);
    expect(describeError('PSP22Error', { type: 'Custom', value: 'NotMinter' }).sentence).toBe('Only the vault may mint or burn the stablecoin.');
    expect(describeError('PSP22Error', { type: 'Custom', value: '0x4e6f744d696e746572' }).path).toBe('Custom(NotMinter)');
    expect(describeError('RegistryError', 'DuplicateDocument').sentence).toMatch(/already been registered/);
    expect(describeError('RegistryError', { type: 'Token', value: { type: 'NotApproved' } }).path).toBe('Token.NotApproved');
    expect(describeError('EngineError', { type: 'Vault', value: { type: 'PositionSafe' } }).sentence).toMatch(/cannot be liquidated/);
    expect(describeError('VaultError', 'Oracle.KeySuspended').sentence).toMatch(/suspended/);
    expect(describeError('VaultError', { type: 'SomethingNew' }).sentence).toMatch(/SomethingNew/);
  });
});
