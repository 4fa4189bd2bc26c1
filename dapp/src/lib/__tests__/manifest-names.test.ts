import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BadAddressError, MalformedManifestError, parseManifest } from '../manifest';

const SANDBOX = JSON.parse(readFileSync(join(__dirname, 'fixtures/sandbox-manifest.json'), 'utf8'));
const live = (patch: Record<string, unknown> = {}) => ({ ...structuredClone(SANDBOX), network: 'local', chain: 'Development', target: 'ws://127.0.0.1:9944', ...patch });
const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const ALICE_DOT = '15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5';
const H = '0x' + 'AB'.repeat(32);

describe('manifest: optional names and facet lists', () => {
  it('absent: empty', () => {
    const m = parseManifest(live());
    expect(m.names).toEqual({});
    expect(m.vaultFacets).toEqual({});
    expect(m.engineFacets).toEqual({});
  });
  it('names: keys normalised to prefix 42, names trimmed', () => {
    expect(parseManifest(live({ names: { [ALICE_DOT]: ' Acme Ltd ' } })).names).toEqual({ [ALICE]: 'Acme Ltd' });
  });
  it('names: refuses a bad address, an empty or long name, a non-object', () => {
    expect(() => parseManifest(live({ names: { nope: 'x' } }))).toThrow(BadAddressError);
    expect(() => parseManifest(live({ names: { [ALICE]: '' } }))).toThrow(MalformedManifestError);
    expect(() => parseManifest(live({ names: { [ALICE]: 'x'.repeat(41) } }))).toThrow(/1 to 40 printable characters/);
    expect(() => parseManifest(live({ names: { [ALICE]: 5 } }))).toThrow(MalformedManifestError);
    expect(() => parseManifest(live({ names: [ALICE] }))).toThrow('manifest.names must be an object of address → name.');
  });
  it('facets: group → code hash (lower case); a bad hash is refused', () => {
    const m = parseManifest(live({ vault_facets: { lend: { code_hash: H, wasm_bytes: 1 } }, engine_facets: { take: { code_hash: H, wasm_bytes: 2 } } }));
    expect(m.vaultFacets).toEqual({ lend: H.toLowerCase() });
    expect(m.engineFacets).toEqual({ take: H.toLowerCase() });
    expect(() => parseManifest(live({ vault_facets: { lend: { code_hash: '0x12' } } }))).toThrow(BadAddressError);
  });
});
