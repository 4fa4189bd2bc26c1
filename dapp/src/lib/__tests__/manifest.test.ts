import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BadAddressError,
  checkChain,
  checkCodeHashes,
  IncompleteDeploymentError,
  MalformedManifestError,
  MetadataMismatchError,
  MissingContractError,
  nodeUrl,
  parseManifest,
  WrongNetworkError,
} from '../manifest';

// A manifest scf-deploy wrote for the sandbox (deploy/deployments/sandbox.json, which is not
// committed: run.sh rewrites it), kept here so a fresh clone tests against a real one.
const SANDBOX = JSON.parse(readFileSync(join(__dirname, 'fixtures/sandbox-manifest.json'), 'utf8'));
const live = (patch: Record<string, unknown> = {}) => ({
  ...structuredClone(SANDBOX),
  network: 'local',
  chain: 'Development',
  target: 'ws://127.0.0.1:9944',
  ...patch,
});

describe('manifest parsing', () => {
  it('reads the manifest scf-deploy wrote', () => {
    const m = parseManifest(JSON.stringify(live()));
    expect(m.network).toBe('local');
    expect(m.contracts.collateral_vault.address).toBe(SANDBOX.contracts.collateral_vault.address);
    expect(m.contracts.collateral_vault.addressHex).toBe(SANDBOX.contracts.collateral_vault.address_hex);
    expect(m.classes.map((c) => c.kind)).toEqual(['Invoice', 'WarehouseReceipt']);
    expect(m.unitKey).toBe('TUSD');
    expect(m.debtors[0].creditLimitWad).toBe(100_000n * 10n ** 18n);
    expect(m.contracts.liquidation_engine?.address).toBe(SANDBOX.contracts.liquidation_engine.address);
    expect(m.genesisHash).toBeNull();
    expect(nodeUrl(m)).toBe('ws://127.0.0.1:9944');
    expect(nodeUrl(m, 'wss://node.example:443')).toBe('wss://node.example:443');
  });
  it('refuses an incomplete deployment, naming the failed step', () => {
    const e = (() => {
      try {
        parseManifest(live({ complete: false, failed_step: 'collateral_vault.add_class(invoices)', error: 'InvalidParams' }));
      } catch (e) {
        return e;
      }
    })();
    expect(e).toBeInstanceOf(IncompleteDeploymentError);
    expect((e as Error).message).toMatch(/add_class\(invoices\).*InvalidParams/);
  });
  it('refuses a missing contract', () => {
    const m = live();
    delete m.contracts.price_oracle;
    expect(() => parseManifest(m)).toThrow(MissingContractError);
  });
  it('refuses bad addresses', () => {
    const badChecksum = live();
    badChecksum.contracts.stablecoin.address = badChecksum.contracts.stablecoin.address.slice(0, -1) + 'x';
    expect(() => parseManifest(badChecksum)).toThrow(BadAddressError);
    const mismatch = live();
    mismatch.contracts.stablecoin.address_hex = mismatch.contracts.price_oracle.address_hex;
    expect(() => parseManifest(mismatch)).toThrow(BadAddressError);
    const short = live();
    short.contracts.collateral_vault.code_hash = '0x1234';
    expect(() => parseManifest(short)).toThrow(BadAddressError);
    const twice = live();
    twice.contracts.stablecoin = { ...twice.contracts.price_oracle };
    expect(() => parseManifest(twice)).toThrow(/also/);
  });
  it('refuses the wrong network and chain', () => {
    expect(() => parseManifest(live(), { network: 'paseo' })).toThrow(WrongNetworkError);
    const m = parseManifest(live());
    expect(() => checkChain(m, 'Rococo Contracts')).toThrow(WrongNetworkError);
    expect(() => checkChain(m, 'Development')).not.toThrow();
    // A restarted dev node has the same name but another genesis block.
    const g = { ...m, genesisHash: '0x' + 'ab'.repeat(32) };
    expect(() => checkChain(g, 'Development', '0x' + 'AB'.repeat(32))).not.toThrow();
    expect(() => checkChain(g, 'Development', '0x' + 'cd'.repeat(32))).toThrow(/another genesis block/);
    expect(() => checkChain(g, 'Development', null)).not.toThrow();
    // The sandbox is no network a browser reaches.
    expect(() => nodeUrl(parseManifest(SANDBOX))).toThrow(WrongNetworkError);
  });
  it('refuses what is not a manifest', () => {
    expect(() => parseManifest('{not json')).toThrow(MalformedManifestError);
    expect(() => parseManifest('[]')).toThrow(MalformedManifestError);
    expect(() => parseManifest(live({ complete: 'yes' }))).toThrow(MalformedManifestError);
    expect(() => parseManifest(live({ target: 'http://x' }))).toThrow(MalformedManifestError);
    expect(() => parseManifest(live({ debtors: [{ account: 'x', credit_limit_wad: '1' }] }))).toThrow(BadAddressError);
    expect(() => parseManifest(live({ classes: [{ id: 0, name: 'x', kind: 'Bond' }] }))).toThrow(MalformedManifestError);
  });
  it('checks the deployed code against the bundled metadata', () => {
    const m = parseManifest(live());
    const hashes = Object.fromEntries(Object.entries(m.contracts).map(([k, v]) => [k, v!.codeHash]));
    expect(() => checkCodeHashes(m, hashes)).not.toThrow();
    expect(() => checkCodeHashes(m, { ...hashes, collateral_vault: '0x' + '00'.repeat(32) })).toThrow(MetadataMismatchError);
    expect(() => checkCodeHashes(m, { ...hashes, collateral_vault: undefined })).toThrow(/no metadata/);
  });
});
