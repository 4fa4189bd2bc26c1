/**
 * The history decoder on fixtures built from the contracts' real metadata: events SCALE-encoded
 * with their own codecs and decoded back by dedot's Contract.decodeEvent path (TypinkRegistry),
 * as the scanner does with the chain's records.
 */
import { describe, expect, it } from 'vitest';
import { AccountId32 } from 'dedot/codecs';
import { accountsIn, decodeHistory, fieldText, ratioHistory, signerOf, emitterOf, involving, priceSeries, scanRange, valueText, type BlockEvents, type ContractDecoder } from '../history';
import { priceKey, WAD } from '../units';
import { decoderOf, emitted, registryOf } from './fixtures/events';

const COIN = '5F8McYAAVzf3znKrv4pgMwxEKo5mGeDF3KuUB3orpAP7A34b';
const ORACLE = '5CQ8tYNwUtWkHpzTrPStQeDYQWWVefVjzW9nmYDBMtVkDcAU';
const OTHER = '5EmeCFjxwZeWmudu16YVeXNsfmTWvMs5Shd5K4Hh4vEMCpGp';
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const DAVE = '5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy';

const coin = registryOf('stablecoin');
const oracle = registryOf('price_oracle');

const decoders: ContractDecoder[] = [decoderOf(coin, 'stablecoin', COIN), decoderOf(oracle, 'price_oracle', ORACLE)];

const blocks: BlockEvents[] = [
  {
    number: 101,
    hash: '0xb101',
    extrinsicHashes: ['0xe0', '0xe1', '0xe2'],
    signers: [undefined, BOB, DAVE],
    records: [
      { phase: { type: 'ApplyExtrinsic', value: 0 }, event: { pallet: 'Timestamp', palletEvent: 'Set' } },
      emitted(coin, COIN, 'Transfer', [BOB, DAVE, 1_250n * WAD], 1),
      emitted(oracle, ORACLE, 'AnswerUpdated', [priceKey('COFFEE'), 2n * WAD, 1_000n, 3], 2),
      // Another contract's event: not the suite's, skipped.
      { ...emitted(coin, OTHER, 'Transfer', [BOB, DAVE, 1n], 2) },
      // The suite's address but bytes its metadata cannot decode.
      { phase: { type: 'ApplyExtrinsic', value: 2 }, event: { pallet: 'Contracts', palletEvent: { name: 'ContractEmitted', data: { contract: new AccountId32(COIN), data: '0x00' } } }, topics: ['0x' + '11'.repeat(32)] },
    ],
  },
  {
    number: 100,
    hash: '0xb100',
    extrinsicHashes: ['0xd0', '0xd1'],
    records: [
      emitted(coin, COIN, 'Transfer', [undefined, BOB, 16_000n * WAD], 1),
      emitted(oracle, ORACLE, 'AnswerUpdated', [priceKey('COFFEE'), (6n * WAD) / 5n, 2_000n, 3], 1),
      emitted(oracle, ORACLE, 'AnswerUpdated', [priceKey('USD'), WAD, 500n, 3], 1),
    ],
  },
];

describe('history from contract events', () => {
  it('scans a bounded window, newest first', () => {
    expect(scanRange(2_500, 3)).toEqual([2_500, 2_499, 2_498]);
    expect(scanRange(2, 2_000)).toEqual([2, 1]);
    expect(scanRange(5_000).length).toBe(2_000);
  });
  it('knows a ContractEmitted event and its contract', () => {
    expect(emitterOf(blocks[0].records[1])).toBe(COIN);
    expect(emitterOf(blocks[0].records[0])).toBeUndefined();
  });
  it('decodes the suite’s events with their metadata: newest first, block number and tx hash', () => {
    const { entries, undecodable } = decodeHistory(blocks, decoders);
    expect(undecodable).toBe(1);
    expect(entries.map((e) => [e.blockNumber, e.index, e.contract, e.event, e.txHash])).toEqual([
      [101, 2, 'price_oracle', 'AnswerUpdated', '0xe2'],
      [101, 1, 'stablecoin', 'Transfer', '0xe1'],
      [100, 2, 'price_oracle', 'AnswerUpdated', '0xd1'],
      [100, 1, 'price_oracle', 'AnswerUpdated', '0xd1'],
      [100, 0, 'stablecoin', 'Transfer', '0xd1'],
    ]);
    const pay = entries[1];
    expect(pay.data.value).toBe(1_250n * WAD);
    expect(pay.accounts).toEqual([BOB, DAVE]);
    expect(involving(entries, DAVE).map((e) => e.blockNumber)).toEqual([101, 101]); // signed the answer, received the payment
    expect(involving(entries, BOB).map((e) => e.data.value)).toEqual([1_250n * WAD, 16_000n * WAD]);
    expect(involving(entries, undefined)).toEqual([]);
    expect(valueText(pay.data.to, (a) => (a === DAVE ? 'Dave' : a))).toBe('Dave');
    expect(valueText(entries[0].data.key, String)).toBe('COFFEE');
  });
  it('a key’s price history, oldest first', () => {
    const { entries } = decodeHistory(blocks, decoders);
    expect(priceSeries(entries, 'COFFEE')).toEqual([
      { tMs: 1_000n, priceWad: 2n * WAD },
      { tMs: 2_000n, priceWad: (6n * WAD) / 5n },
    ]);
    expect(priceSeries(entries, 'USD')).toEqual([{ tMs: 500n, priceWad: WAD }]);
  });
  it('finds accounts anywhere in decoded data', () => {
    expect(accountsIn({ a: { type: 'Some', value: new AccountId32(BOB) }, b: [new AccountId32(DAVE)], c: 5n })).toEqual([BOB, DAVE]);
  });
});

describe('values as text', () => {
  it('addresses through the label, keys as symbols, variants and numbers in full', () => {
    const lab = (a: string) => (a === DAVE ? 'Dave' : 'someone');
    expect(valueText(DAVE, lab)).toBe('Dave');
    expect(valueText(new AccountId32(BOB), lab)).toBe('someone');
    expect(valueText(priceKey('EUR'), lab)).toBe('EUR');
    expect(valueText({ type: 'Defaulted' }, lab)).toBe('Defaulted');
    expect(valueText(10n ** 30n, lab)).toBe('1000000000000000000000000000000');
    expect(valueText('PO-1', lab)).toBe('PO-1');
  });
});

describe('fields as text', () => {
  it('amounts in full precision, times as UTC dates', () => {
    expect(fieldText('value', 1_000_500_000_000_000_000_000n, String)).toBe('1,000.5');
    expect(fieldText('paidWad', 1n, String)).toBe('0.000000000000000001');
    expect(fieldText('updatedAtMs', 1_800_000_000_000n, String)).toBe('2027-01-15 08:00:00 UTC');
    expect(fieldText('positionId', 7n, String)).toBe('7');
  });
});

describe('who signed', () => {
  it('reads the signer of a decoded extrinsic; “signed only” keeps the account’s own transactions', () => {
    expect(signerOf({ signature: { address: { type: 'Id', value: new AccountId32(BOB) } } })).toBe(BOB);
    expect(signerOf({ signature: { address: new AccountId32(DAVE) } })).toBe(DAVE);
    expect(signerOf({})).toBeUndefined();
    const { entries } = decodeHistory(blocks, decoders);
    expect(entries.map((e) => e.signer)).toEqual([DAVE, BOB, undefined, undefined, undefined]);
    // Dave signed the oracle answer at #101 (as a reporter) and received Bob's payment.
    expect(involving(entries, DAVE).map((e) => [e.blockNumber, e.event])).toEqual([
      [101, 'AnswerUpdated'],
      [101, 'Transfer'],
    ]);
    expect(involving(entries, DAVE, true).map((e) => [e.blockNumber, e.event])).toEqual([[101, 'AnswerUpdated']]);
    expect(involving(entries, BOB, true).map((e) => e.data.value)).toEqual([1_250n * WAD]);
  });
});

describe('a position’s ratio from the events', () => {
  const e = (blockNumber: number, contract: string, event: string, data: Record<string, unknown>, timestampMs?: bigint) => ({
    blockNumber,
    blockHash: '0x',
    index: 0,
    contract,
    event,
    data,
    accounts: [],
    timestampMs: timestampMs ?? BigInt(blockNumber) * 1_000n,
  });
  it('debt after each borrow / repay / settlement, the collateral valued at each answer', () => {
    const entries = [
      e(40, 'collateral_vault', 'Repaid', { positionId: 2n, payer: BOB, amountWad: 6_000n * WAD, debtWad: 10_000n * WAD }),
      e(30, 'price_oracle', 'AnswerUpdated', { key: priceKey('COFFEE'), priceWad: (6n * WAD) / 5n, updatedAtMs: 0n, submissions: 3 }),
      e(20, 'collateral_vault', 'Borrowed', { positionId: 2n, amountWad: 16_000n * WAD, debtWad: 16_000n * WAD }),
      e(15, 'collateral_vault', 'Borrowed', { positionId: 3n, amountWad: 1n, debtWad: 1n }),
      e(10, 'price_oracle', 'AnswerUpdated', { key: priceKey('COFFEE'), priceWad: 2n * WAD, updatedAtMs: 0n, submissions: 3 }),
      e(5, 'price_oracle', 'AnswerUpdated', { key: priceKey('USD'), priceWad: WAD, updatedAtMs: 0n, submissions: 3 }),
      e(50, 'collateral_vault', 'InvoiceSettled', { assetId: 1n, positionId: 2n, paidWad: 0n, debtRepaidWad: 4_000n * WAD, toOwnerWad: 0n }, undefined),
    ];
    // 20 000 kg less 10 %: value = 18 000 × price.
    const valueAt = (p: bigint) => (18_000n * p);
    expect(ratioHistory(entries, 2n, 'COFFEE', valueAt)).toEqual([
      { tMs: 20_000n, debtWad: 16_000n * WAD, valueWad: 36_000n * WAD },
      { tMs: 30_000n, debtWad: 16_000n * WAD, valueWad: 21_600n * WAD },
      { tMs: 40_000n, debtWad: 10_000n * WAD, valueWad: 21_600n * WAD },
      { tMs: 50_000n, debtWad: 6_000n * WAD, valueWad: 21_600n * WAD },
    ]);
    expect(ratioHistory(entries.map((x) => ({ ...x, timestampMs: undefined })), 2n, 'COFFEE', valueAt)).toEqual([]);
  });
});
