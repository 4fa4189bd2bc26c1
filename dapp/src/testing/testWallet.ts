/**
 * A test wallet for the browser tests: development accounts (//Alice …) that sign for real with
 * @polkadot/keyring, shaped as a polkadot-js extension (`window.injectedWeb3[...]`) so the dApp's
 * wallet connectors (typink) cannot tell it from SubWallet, Talisman or polkadot-js.
 *
 * The keys stay in the test process (Node): the page gets a stub whose `signPayload` calls back
 * into it (Playwright's `exposeFunction`, see e2e/wallet.ts). Nothing here is bundled into the app.
 */
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { TypeRegistry } from '@polkadot/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';

export interface SignerPayloadJSON {
  address: string;
  blockHash: string;
  blockNumber: string;
  era: string;
  genesisHash: string;
  method: string;
  nonce: string;
  specVersion: string;
  tip: string;
  transactionVersion: string;
  signedExtensions: string[];
  version: number;
  mode?: number;
  metadataHash?: string;
  assetId?: string;
}

export interface InjectedAccount {
  address: string;
  name: string;
  type: 'sr25519';
}

export interface TestWalletOptions {
  /** Secret URIs and names, e.g. `{ uri: '//Alice', name: 'Alice (underwriter)' }`. */
  accounts: { uri: string; name: string }[];
  /** Decline every signature request (a user pressing "Cancel"). */
  reject?: boolean;
}

export interface TestWallet {
  accounts: InjectedAccount[];
  signPayload(payload: SignerPayloadJSON): Promise<{ id: number; signature: `0x${string}` }>;
  /** How many signatures were requested (signed or declined). */
  requests: number;
  setReject(reject: boolean): void;
}

/** The bytes a wallet signs for `payload` (blake2-256 of them when longer than 256 bytes). */
export function payloadBytes(payload: SignerPayloadJSON): Uint8Array {
  const registry = new TypeRegistry();
  registry.setSignedExtensions(payload.signedExtensions);
  return registry.createType('ExtrinsicPayload', payload, { version: payload.version }).toU8a({ method: true });
}

export async function createTestWallet(opts: TestWalletOptions): Promise<TestWallet> {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const pairs = new Map<string, KeyringPair>();
  const accounts = opts.accounts.map(({ uri, name }) => {
    const pair = keyring.addFromUri(uri, { name });
    pairs.set(pair.address, pair);
    return { address: pair.address, name, type: 'sr25519' as const };
  });
  let reject = !!opts.reject;
  let id = 0;
  const wallet: TestWallet = {
    accounts,
    requests: 0,
    setReject: (r) => void (reject = r),
    async signPayload(payload) {
      wallet.requests++;
      if (reject) throw new Error('Cancelled');
      const pair = pairs.get(keyring.encodeAddress(keyring.decodeAddress(payload.address), 42));
      if (!pair) throw new Error(`The test wallet has no key for ${payload.address}`);
      const registry = new TypeRegistry();
      registry.setSignedExtensions(payload.signedExtensions);
      const ext = registry.createType('ExtrinsicPayload', payload, { version: payload.version });
      const { signature } = ext.sign(pair);
      return { id: ++id, signature: signature as `0x${string}` };
    },
  };
  return wallet;
}

export { u8aToHex };
