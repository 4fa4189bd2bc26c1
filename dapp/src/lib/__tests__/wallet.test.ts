import { describe, expect, it } from 'vitest';
import { createTestWallet, payloadBytes, type SignerPayloadJSON } from '../../testing/testWallet';
import { blake2AsU8a, signatureVerify } from '@polkadot/util-crypto';
import { hexToU8a, u8aConcat } from '@polkadot/util';

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const payload = (method = '0x0000'): SignerPayloadJSON => ({
  address: ALICE,
  blockHash: '0x' + '11'.repeat(32),
  blockNumber: '0x00000010',
  era: '0x0501', // mortal
  genesisHash: '0x' + '22'.repeat(32),
  method,
  nonce: '0x00000003',
  specVersion: '0x00000064',
  tip: '0x00000000000000000000000000000000',
  transactionVersion: '0x00000001',
  signedExtensions: ['CheckNonZeroSender', 'CheckSpecVersion', 'CheckTxVersion', 'CheckGenesis', 'CheckMortality', 'CheckNonce', 'CheckWeight', 'ChargeTransactionPayment'],
  version: 4,
});

describe('the injected test wallet', () => {
  it('exposes dev accounts with their SS58 addresses', async () => {
    const w = await createTestWallet({ accounts: [{ uri: '//Alice', name: 'Alice' }, { uri: '//Bob', name: 'Bob' }] });
    expect(w.accounts.map((a) => a.address)).toEqual([ALICE, '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty']);
  });
  it('signs exactly the extrinsic payload (checked against the bytes built by hand)', async () => {
    const w = await createTestWallet({ accounts: [{ uri: '//Alice', name: 'Alice' }] });
    const p = payload('0x0700aabb');
    // method ++ era ++ compact(nonce 3) ++ compact(tip 0) ++ spec u32 LE ++ tx version u32 LE ++ genesis ++ block hash
    const expected = u8aConcat(
      hexToU8a('0x0700aabb'),
      hexToU8a('0x0501'),
      new Uint8Array([3 << 2]),
      new Uint8Array([0]),
      new Uint8Array([0x64, 0, 0, 0]),
      new Uint8Array([1, 0, 0, 0]),
      hexToU8a(p.genesisHash),
      hexToU8a(p.blockHash),
    );
    expect(payloadBytes(p)).toEqual(expected);
    const { signature } = await w.signPayload(p);
    const sig = hexToU8a(signature);
    expect(sig[0]).toBe(1); // MultiSignature::Sr25519
    expect(signatureVerify(expected, sig.slice(1), ALICE).isValid).toBe(true);
    expect(signatureVerify(expected, sig.slice(1), '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty').isValid).toBe(false);
  });
  it('signs the hash of a payload longer than 256 bytes', async () => {
    const w = await createTestWallet({ accounts: [{ uri: '//Alice', name: 'Alice' }] });
    const p = payload('0x' + 'ab'.repeat(300));
    const { signature } = await w.signPayload(p);
    expect(signatureVerify(blake2AsU8a(payloadBytes(p), 256), hexToU8a(signature).slice(1), ALICE).isValid).toBe(true);
  });
  it('declines like a user pressing Cancel, and refuses unknown accounts', async () => {
    const w = await createTestWallet({ accounts: [{ uri: '//Alice', name: 'Alice' }], reject: true });
    await expect(w.signPayload(payload())).rejects.toThrow('Cancelled');
    w.setReject(false);
    await expect(w.signPayload({ ...payload(), address: '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty' })).rejects.toThrow(/no key/);
    expect(w.requests).toBe(2);
  });
});
