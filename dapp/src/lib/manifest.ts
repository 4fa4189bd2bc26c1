/**
 * The deployment manifest that `scf-deploy` writes (deploy/src/manifest.rs), parsed and checked
 * before anything touches a chain. Each problem is its own error class, so the app can say what
 * is wrong and how to fix it.
 */
import { decodeAddress, encodeAddress } from 'dedot/utils';

export const REQUIRED_CONTRACTS = ['stablecoin', 'receivable_registry', 'price_oracle', 'collateral_vault'] as const;
export const OPTIONAL_CONTRACTS = ['liquidation_engine', 'condition_monitor', 'credit_pricer'] as const;
export type ContractName = (typeof REQUIRED_CONTRACTS)[number] | (typeof OPTIONAL_CONTRACTS)[number];

export interface ContractEntry {
  address: string;
  addressHex: `0x${string}`;
  codeHash: `0x${string}`;
  wasmBytes?: number;
}

export interface ClassEntry {
  id: number;
  name: string;
  kind: 'Invoice' | 'WarehouseReceipt' | 'InTransit';
  priceKeys: string[];
}

export interface Manifest {
  network: string;
  chain: string;
  /** The chain's genesis hash (0x…, lower case) when scf-deploy recorded it: every dev node is
   * called "Development", so only this tells a restarted `--tmp` node from the one deployed on. */
  genesisHash: string | null;
  /** `sandbox` or the node's ws(s):// URL. */
  target: string;
  deployer: string;
  deployedAtMs: number;
  contracts: Partial<Record<ContractName, ContractEntry>> & Record<(typeof REQUIRED_CONTRACTS)[number], ContractEntry>;
  classes: ClassEntry[];
  priceKeys: string[];
  unitKey: string;
  underwriters: string[];
  debtors: { account: string; creditLimitWad: bigint }[];
  /** A block explorer's page for a transaction: an http(s) URL template with `{hash}` (optional). */
  explorer?: string;
  /** The unit each commodity's quantity is counted in (`{"COFFEE": "kg"}`), optional. */
  commodityUnits?: Record<string, string>;
  /** Optional names for accounts (address, prefix 42 → name), shown wherever an address is. */
  names: Record<string, string>;
  /** The routers' facets as scf-deploy uploaded them (group → code hash), empty when not recorded. */
  vaultFacets: Record<string, `0x${string}`>;
  engineFacets: Record<string, `0x${string}`>;
}

export class ManifestError extends Error {
  constructor(
    message: string,
    /** What the user can do about it. */
    public readonly hint: string,
  ) {
    super(message);
    this.name = 'ManifestError';
  }
}
// Each class sets its name explicitly: a production build minifies class names.
/** Not JSON, or not an object with the manifest's fields. */
export class MalformedManifestError extends ManifestError {
  override name = 'MalformedManifestError';
}
/** `complete: false`: a step failed and the suite is half wired. */
export class IncompleteDeploymentError extends ManifestError {
  override name = 'IncompleteDeploymentError';
  constructor(
    public readonly failedStep: string | null,
    public readonly why: string | null,
  ) {
    super(
      `The deployment is incomplete: step "${failedStep ?? '?'}" failed${why ? ` (${why})` : ''}.`,
      'Deploy again (scf-deploy deploy) and reload; a half-wired suite must not be used.',
    );
  }
}
/** A required contract is missing from `contracts`. */
export class MissingContractError extends ManifestError {
  override name = 'MissingContractError';
  constructor(public readonly contract: string) {
    super(`The deployment has no ${contract} contract.`, 'Use the manifest of a complete deployment.');
  }
}
/** An address or hash that does not decode, or whose two spellings disagree. */
export class BadAddressError extends ManifestError {
  override name = 'BadAddressError';
  constructor(
    public readonly contract: string,
    public readonly field: string,
    why: string,
  ) {
    super(`${contract}.${field} is not a valid address: ${why}.`, 'The manifest is damaged: deploy again or fix it.');
  }
}
/** The manifest is for another network/chain than the one asked for or connected to. */
export class WrongNetworkError extends ManifestError {
  override name = 'WrongNetworkError';
}
/** The bundled metadata is not the deployed code (code hash differs). */
export class MetadataMismatchError extends ManifestError {
  override name = 'MetadataMismatchError';
  constructor(
    public readonly contract: string,
    public readonly deployed: string,
    public readonly bundled: string | undefined,
  ) {
    super(
      bundled
        ? `The dApp was built for different ${contract} code (deployed ${short(deployed)}, bundled ${short(bundled)}).`
        : `The dApp has no metadata for ${contract}.`,
      'Rebuild the dApp against this deployment: npm run artifacts && npm run typegen && npm run build.',
    );
  }
}

const short = (h: string) => `${h.slice(0, 10)}…`;

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(o: Json, k: string, where = 'manifest'): string {
  const v = o[k];
  if (typeof v !== 'string') throw new MalformedManifestError(`${where}.${k} must be a string.`, 'Use a manifest written by scf-deploy.');
  return v;
}

function hex32(contract: string, field: string, v: unknown): `0x${string}` {
  if (typeof v !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(v)) throw new BadAddressError(contract, field, 'expected 0x and 64 hex digits');
  return v.toLowerCase() as `0x${string}`;
}

function ss58(contract: string, field: string, v: unknown): `0x${string}` {
  if (typeof v !== 'string') throw new BadAddressError(contract, field, 'not a string');
  try {
    const bytes = decodeAddress(v);
    if (bytes.length !== 32) throw new Error('not 32 bytes');
    return `0x${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
  } catch (e) {
    throw new BadAddressError(contract, field, e instanceof Error ? e.message : String(e));
  }
}

export interface ExpectOptions {
  /** The network name the user asked for (`?network=`), if any. */
  network?: string;
}

/** Parses and checks a manifest (the JSON text or the parsed value). */
export function parseManifest(input: string | unknown, expect: ExpectOptions = {}): Manifest {
  let raw: unknown = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input);
    } catch (e) {
      throw new MalformedManifestError(`The manifest is not JSON (${(e as Error).message}).`, 'Point ?manifest= at the deployment JSON written by scf-deploy.');
    }
  }
  if (!isObj(raw)) throw new MalformedManifestError('The manifest is not a JSON object.', 'Use a manifest written by scf-deploy.');
  const network = str(raw, 'network');
  const chain = str(raw, 'chain');
  const target = str(raw, 'target');
  let genesisHash: string | null = null;
  if (raw.genesis_hash !== undefined && raw.genesis_hash !== null) {
    if (typeof raw.genesis_hash !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(raw.genesis_hash)) {
      throw new MalformedManifestError('manifest.genesis_hash must be a 0x-prefixed 32-byte hex hash.', 'Use a manifest written by scf-deploy.');
    }
    genesisHash = raw.genesis_hash.toLowerCase();
  }
  if (typeof raw.complete !== 'boolean') throw new MalformedManifestError('manifest.complete must be true or false.', 'Use a manifest written by scf-deploy.');
  if (!raw.complete) {
    throw new IncompleteDeploymentError(
      typeof raw.failed_step === 'string' ? raw.failed_step : null,
      typeof raw.error === 'string' ? raw.error : null,
    );
  }
  if (expect.network && expect.network !== network) {
    throw new WrongNetworkError(
      `This manifest is for the network "${network}", not "${expect.network}".`,
      'Open the dApp with the manifest of the network you want.',
    );
  }
  if (target !== 'sandbox' && !/^wss?:\/\/[^\s]+$/.test(target)) {
    throw new MalformedManifestError(`manifest.target "${target}" is neither "sandbox" nor a ws:// or wss:// URL.`, 'Use a manifest written by scf-deploy.');
  }
  if (!isObj(raw.contracts)) throw new MalformedManifestError('manifest.contracts must be an object.', 'Use a manifest written by scf-deploy.');
  const contracts: Partial<Record<ContractName, ContractEntry>> = {};
  for (const name of [...REQUIRED_CONTRACTS, ...OPTIONAL_CONTRACTS]) {
    const e = raw.contracts[name];
    if (e === undefined) {
      if ((REQUIRED_CONTRACTS as readonly string[]).includes(name)) throw new MissingContractError(name);
      continue;
    }
    if (!isObj(e)) throw new MalformedManifestError(`manifest.contracts.${name} must be an object.`, 'Use a manifest written by scf-deploy.');
    const fromSs58 = ss58(name, 'address', e.address);
    const addressHex = hex32(name, 'address_hex', e.address_hex);
    if (fromSs58 !== addressHex) throw new BadAddressError(name, 'address', `it is not address_hex ${addressHex}`);
    contracts[name] = {
      address: encodeAddress(fromSs58, 42),
      addressHex,
      codeHash: hex32(name, 'code_hash', e.code_hash),
      wasmBytes: typeof e.wasm_bytes === 'number' ? e.wasm_bytes : undefined,
    };
  }
  const seen = new Map<string, string>();
  for (const [name, e] of Object.entries(contracts)) {
    const other = seen.get(e!.addressHex);
    if (other) throw new BadAddressError(name, 'address', `it is also ${other}'s address`);
    seen.set(e!.addressHex, name);
  }
  const classes: ClassEntry[] = Array.isArray(raw.classes)
    ? raw.classes.map((c, i) => {
        if (!isObj(c) || typeof c.id !== 'number' || typeof c.name !== 'string' || typeof c.kind !== 'string')
          throw new MalformedManifestError(`manifest.classes[${i}] needs id, name and kind.`, 'Use a manifest written by scf-deploy.');
        if (!['Invoice', 'WarehouseReceipt', 'InTransit'].includes(c.kind))
          throw new MalformedManifestError(`manifest.classes[${i}].kind "${c.kind}" is unknown.`, 'Use a manifest written by scf-deploy.');
        return {
          id: c.id,
          name: c.name,
          kind: c.kind as ClassEntry['kind'],
          priceKeys: Array.isArray(c.price_keys) ? c.price_keys.filter((k): k is string => typeof k === 'string') : [],
        };
      })
    : [];
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const debtors = Array.isArray(raw.debtors)
    ? raw.debtors.map((d, i) => {
        if (!isObj(d) || typeof d.account !== 'string' || typeof d.credit_limit_wad !== 'string' || !/^\d+$/.test(d.credit_limit_wad))
          throw new MalformedManifestError(`manifest.debtors[${i}] needs account and credit_limit_wad (a decimal string).`, 'Use a manifest written by scf-deploy.');
        ss58('debtors', `[${i}].account`, d.account);
        return { account: d.account, creditLimitWad: BigInt(d.credit_limit_wad) };
      })
    : [];
  const explorer = parseExplorer(raw.explorer);
  let commodityUnits: Record<string, string> | undefined;
  if (raw.commodity_units !== undefined && raw.commodity_units !== null) {
    if (!isObj(raw.commodity_units)) throw new MalformedManifestError('manifest.commodity_units must be an object of commodity → unit.', 'Write it as {"COFFEE": "kg"}.');
    commodityUnits = {};
    for (const [k, v] of Object.entries(raw.commodity_units)) {
      if (typeof v !== 'string' || !/^[^\s<>"'{}][^<>"'{}]{0,15}$/.test(v))
        throw new MalformedManifestError(`manifest.commodity_units.${k} must be a short unit name (1 to 16 characters, e.g. "kg").`, 'Write it as {"COFFEE": "kg"}.');
      commodityUnits[k] = v;
    }
  }
  const underwriters = strings(raw.underwriters);
  underwriters.forEach((u, i) => ss58('underwriters', `[${i}]`, u));
  return {
    names: parseNames(raw.names),
    vaultFacets: parseFacets('vault_facets', raw.vault_facets),
    engineFacets: parseFacets('engine_facets', raw.engine_facets),
    network,
    chain,
    genesisHash,
    target,
    deployer: typeof raw.deployer === 'string' ? raw.deployer : '',
    deployedAtMs: typeof raw.deployed_at_ms === 'number' ? raw.deployed_at_ms : 0,
    contracts: contracts as Manifest['contracts'],
    classes,
    priceKeys: strings(raw.price_keys),
    unitKey: typeof raw.unit_key === 'string' ? raw.unit_key : '',
    underwriters,
    debtors,
    ...(explorer ? { explorer } : {}),
    ...(commodityUnits ? { commodityUnits } : {}),
  };
}

/**
 * `explorer`: absent, or an http(s) URL template with exactly one `{hash}` where a transaction's
 * hash goes (`https://explorer.example/tx/{hash}`).
 */
function parseExplorer(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  const hint = 'Write it as "https://explorer.example/tx/{hash}", or leave it out.';
  if (typeof v !== 'string') throw new MalformedManifestError('manifest.explorer must be a string.', hint);
  if (v.split('{hash}').length !== 2) throw new MalformedManifestError(`manifest.explorer "${v}" must contain {hash} exactly once.`, hint);
  let url: URL;
  try {
    url = new URL(v.replace('{hash}', '0x00'));
  } catch {
    throw new MalformedManifestError(`manifest.explorer "${v}" is not a URL.`, hint);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new MalformedManifestError(`manifest.explorer "${v}" must be an http(s) URL.`, hint);
  return v;
}

/** The explorer's page for transaction `txHash` (0x + 64 hex digits), when the manifest names an explorer. */
export function explorerTxUrl(m: Pick<Manifest, 'explorer'> | undefined, txHash: string | undefined): string | undefined {
  if (!m?.explorer || !txHash || !/^0x[0-9a-fA-F]{64}$/.test(txHash)) return undefined;
  return m.explorer.replace('{hash}', txHash.toLowerCase());
}

/** The optional `names` map (address → name): every key an address, every name 1–40 printable characters. */
function parseNames(v: unknown): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (!isObj(v)) throw new MalformedManifestError('manifest.names must be an object of address → name.', 'Fix the names map or remove it.');
  const out: Record<string, string> = {};
  for (const [a, n] of Object.entries(v)) {
    const hex = ss58('names', a, a);
    if (typeof n !== 'string' || n.trim() === '' || [...n.trim()].length > 40 || /[\u0000-\u001f\u007f]/.test(n))
      throw new MalformedManifestError(`manifest.names["${a}"] must be a name of 1 to 40 printable characters.`, 'Fix the names map or remove it.');
    out[encodeAddress(hex, 42)] = n.trim();
  }
  return out;
}

/** `vault_facets` / `engine_facets`: group → `{ code_hash, wasm_bytes }` (scf-deploy's FacetEntry). */
function parseFacets(field: string, v: unknown): Record<string, `0x${string}`> {
  if (v === undefined || v === null) return {};
  if (!isObj(v)) throw new MalformedManifestError(`manifest.${field} must be an object.`, 'Use a manifest written by scf-deploy.');
  const out: Record<string, `0x${string}`> = {};
  for (const [g, e] of Object.entries(v)) out[g] = hex32(field, `${g}.code_hash`, isObj(e) ? e.code_hash : undefined);
  return out;
}

/** A sandbox manifest names no node: the dApp needs one (or `?node=`). */
export function nodeUrl(m: Manifest, override?: string | null): string {
  const url = override || m.target;
  if (url === 'sandbox') {
    throw new WrongNetworkError(
      `The manifest "${m.network}" is a deployment on the embedded sandbox chain, which no browser can reach.`,
      'Deploy on a node (scf-deploy --network deploy/networks/local.toml deploy) and use its manifest, or give ?node=ws://….',
    );
  }
  if (!/^wss?:\/\//.test(url)) throw new WrongNetworkError(`"${url}" is not a ws:// or wss:// node URL.`, 'Give ?node=ws://host:port.');
  return url;
}

/** After connecting: the node must be the chain the manifest was deployed on — same name and,
 * when the manifest recorded it, the same genesis block. */
export function checkChain(m: Manifest, nodeChain: string, nodeGenesisHash?: string | null): void {
  if (m.target === 'sandbox') return;
  if (m.chain && nodeChain !== m.chain) {
    throw new WrongNetworkError(
      `The node is the chain "${nodeChain}", but the deployment was made on "${m.chain}".`,
      'Connect to the node the suite was deployed on, or use that node’s manifest.',
    );
  }
  if (m.genesisHash && nodeGenesisHash && nodeGenesisHash.toLowerCase() !== m.genesisHash) {
    throw new WrongNetworkError(
      `The node's chain "${nodeChain}" started from another genesis block than the one the suite was deployed on (a restarted dev node?).`,
      'Deploy the suite again on this node (scf-deploy … deploy) and use the new manifest.',
    );
  }
}

/** The deployed code must be the code the dApp's metadata describes. */
export function checkCodeHashes(m: Manifest, bundled: Partial<Record<ContractName, string | undefined>>): void {
  for (const [name, e] of Object.entries(m.contracts) as [ContractName, ContractEntry][]) {
    const hash = bundled[name]?.toLowerCase();
    if (hash !== e.codeHash) throw new MetadataMismatchError(name, e.codeHash, hash);
  }
}
