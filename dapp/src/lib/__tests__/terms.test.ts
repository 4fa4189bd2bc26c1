/**
 * The terms hash a confirmer sends (`confirm(id, terms_hash)`), pinned to the contracts' own
 * function. The vectors below were printed by `scf_interfaces::terms_hash` itself (issue 19), from
 * a throwaway program outside the repository — a binary crate with path dependencies on
 * `contracts/interfaces` and `ink` 5.1.1 (the workspace's Cargo.lock), run with
 * `CARGO_TARGET_DIR=/root/.cache/scf/wtcheck cargo +1.91.0 run --offline` — whose main was, per record:
 *
 *     println!("{}", hex(&(originator, kind).encode()));          // the SCALE bytes
 *     println!("{}", hex(&terms_hash(&originator, &kind)));       // BLAKE2b-256 of them
 *
 * with originator / parties the development accounts' public keys (Bob 8eaf…6a48, Dave
 * 3067…cc20, Eve e659…df4e, Charlie 90b5…fe22), `price_key("USD")` etc., and the field values
 * written out in each test. Rerun it after any change to `AssetKind` and update the hex here.
 */
import { describe, expect, it } from 'vitest';
import { checkConfirm, encodeTerms, formatDateMs, parseDateMs, termsHash, toHex, utcDay, type AssetKindRecord, type TermsForm } from '../terms';
import { WAD } from '../units';

const BOB_HEX = '0x8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48';
const DAVE_HEX = '0x306721211d5404bd9da88e0204360a1a9ab8b87c66c1bc2fcdd37f3c2222cc20';
const EVE_HEX = '0xe659a7a1628cdd93febc04a4e0646ea20e9f5f0ce097d9a05290d4a9e054df4e';
const CHARLIE_HEX = '0x90b5ab205c6974c9ea841be688864633dc9ca8a357843eeacf2314649965fe22';
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const DAVE = '5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy';
const EVE = '5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw';

const invoice: AssetKindRecord = {
  type: 'Invoice',
  faceValueWad: 15_000n * WAD,
  currency: 'USD',
  debtor: DAVE_HEX,
  issueDateMs: 1_800_000_000_000n,
  dueDateMs: 1_806_307_200_000n,
  documentHash: `0x${'07'.repeat(32)}`,
};
const receipt: AssetKindRecord = {
  type: 'WarehouseReceipt',
  commodity: 'COFFEE',
  quantityWad: 20_000n * WAD + WAD / 2n,
  warehouse: EVE_HEX,
  documentHash: `0x${'ab'.repeat(32)}`,
};
const transit: AssetKindRecord = {
  type: 'InTransit',
  commodity: 'COCOA',
  quantityWad: 1_234_567_890_123_456_789n,
  carrier: CHARLIE_HEX,
  destinationWarehouse: EVE_HEX,
  expectedArrivalMs: 1_801_234_567_890n,
  documentHash: `0x${'11'.repeat(32)}`,
};

describe('terms hash = blake2b-256(SCALE((originator, kind))), pinned to scf_interfaces::terms_hash', () => {
  it('invoice: the SCALE bytes and the hash the registry computes', () => {
    expect(toHex(encodeTerms(BOB_HEX, invoice))).toBe(
      '0x8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48000000600b982ed1262d030000000000005553440000000000306721211d5404bd9da88e0204360a1a9ab8b87c66c1bc2fcdd37f3c2222cc2000505c18a3010000008c4c90a40100000707070707070707070707070707070707070707070707070707070707070707',
    );
    expect(termsHash(BOB_HEX, invoice)).toBe('0x8d5beb311fb2fdafcd3aeb80e4e368bf877f29a943c985035fef96954f113b50');
  });
  it('warehouse receipt', () => {
    expect(toHex(encodeTerms(DAVE_HEX, receipt))).toBe(
      '0x306721211d5404bd9da88e0204360a1a9ab8b87c66c1bc2fcdd37f3c2222cc2001434f46464545000000003238cfeeb13a3c04000000000000e659a7a1628cdd93febc04a4e0646ea20e9f5f0ce097d9a05290d4a9e054df4eabababababababababababababababababababababababababababababababab',
    );
    expect(termsHash(DAVE_HEX, receipt)).toBe('0x0a4c6c8eaa0446533a920a99f8152967418fc2d3daba8070cb1d253083bd4465');
  });
  it('goods in transit', () => {
    expect(termsHash(BOB_HEX, transit)).toBe('0x5fe026fa8cb4fbf1476b3a80b4b35c1dacbfd48bf437b4c89676be13e8b49918');
  });
  it('an account in SS58 is the same 32 bytes as in hex', () => {
    expect(termsHash(BOB, { ...invoice, debtor: DAVE })).toBe(termsHash(BOB_HEX, invoice));
    expect(termsHash(DAVE, { ...receipt, warehouse: EVE })).toBe(termsHash(DAVE_HEX, receipt));
  });
  it('every term is bound: changing any one changes the hash', () => {
    const h = termsHash(BOB_HEX, invoice);
    const variants: AssetKindRecord[] = [
      { ...invoice, faceValueWad: invoice.faceValueWad + 1n },
      { ...invoice, currency: 'EUR' },
      { ...invoice, debtor: EVE_HEX },
      { ...invoice, issueDateMs: invoice.issueDateMs + 1n },
      { ...invoice, dueDateMs: invoice.dueDateMs + 1n },
      { ...invoice, documentHash: `0x${'08'.repeat(32)}` },
    ];
    for (const v of variants) expect(termsHash(BOB_HEX, v)).not.toBe(h);
    expect(termsHash(EVE_HEX, invoice)).not.toBe(h); // the originator too
  });
  it('refuses what does not encode', () => {
    expect(() => termsHash('not an account', invoice)).toThrow(/originator/);
    expect(() => termsHash(BOB_HEX, { ...invoice, currency: 'TOO-LONG-KEY' })).toThrow(/currency/);
    expect(() => termsHash(BOB_HEX, { ...invoice, documentHash: '0x07' })).toThrow(/document hash/);
    expect(() => termsHash(BOB_HEX, { ...invoice, faceValueWad: 1n << 128n })).toThrow(/u128/);
  });
});

describe('dates as a registration records them', () => {
  it('YYYY-MM-DD is midnight UTC; an ISO time needs its zone; plain digits are milliseconds', () => {
    expect(parseDateMs('2027-02-17')).toBe(BigInt(Date.UTC(2027, 1, 17)));
    expect(parseDateMs('2027-01-15T08:00:00Z')).toBe(1_800_000_000_000n);
    expect(parseDateMs('2027-01-15T10:00:00+02:00')).toBe(1_800_000_000_000n);
    expect(parseDateMs('1800000000000')).toBe(1_800_000_000_000n);
    expect(() => parseDateMs('2027-02-30')).toThrow(/no such day/);
    expect(() => parseDateMs('17/02/2027')).toThrow();
    expect(() => parseDateMs('2027-01-15T08:00:00')).toThrow(); // no zone: ambiguous
    expect(formatDateMs(BigInt(Date.UTC(2027, 1, 17)))).toBe('2027-02-17');
    expect(formatDateMs(1_800_000_000_000n)).toBe('2027-01-15T08:00:00.000Z');
    expect(utcDay(1_800_000_000_000n)).toBe(BigInt(Date.UTC(2027, 0, 15)));
  });
});

describe('the confirm form: the hash comes from the confirmer’s input, the registration only shown beside it', () => {
  const day = (s: string) => BigInt(Date.parse(`${s}T00:00:00Z`));
  const registered: AssetKindRecord = { ...invoice, debtor: DAVE, issueDateMs: day('2027-01-15'), dueDateMs: day('2027-03-29') };
  const good: TermsForm = {
    originator: BOB,
    amount: '15000',
    key: 'USD',
    issueDate: '2027-01-15',
    date: '2027-03-29',
    documentHash: `0x${'07'.repeat(32)}`,
  };
  it('matching input: the hash is the registration’s, and it is the input’s own', () => {
    const c = checkConfirm(good, DAVE, BOB, registered);
    expect(c.matches).toBe(true);
    expect(c.hash).toBe(termsHash(BOB, registered));
    expect(c.rows.every((r) => !r.differs)).toBe(true);
    // Computed from the input: another originator typed gives another hash, whatever the chain says.
    const other = checkConfirm({ ...good, originator: EVE }, DAVE, BOB, registered);
    expect(other.hash).toBe(termsHash(EVE, registered));
    expect(other.matches).toBe(false);
    expect(other.rows.find((r) => r.label.startsWith('Supplier'))!.differs).toBe(true);
  });
  it('a registration that differs in one term (the currency, the due date) is flagged, row by row', () => {
    const c = checkConfirm(good, DAVE, BOB, { ...registered, currency: 'EUR', dueDateMs: day('2027-04-29') });
    expect(c.matches).toBe(false);
    expect(c.rows.filter((r) => r.differs).map((r) => r.label)).toEqual(['Currency', 'Due date']);
    expect(c.rows.find((r) => r.label === 'Due date')).toMatchObject({ registered: '2027-04-29', entered: '2027-03-29' });
    expect(c.hash).toBeDefined(); // what the input says; the registry would refuse it (TermsMismatch)
    expect(c.hash).not.toBe(c.registeredHash);
  });
  it('missing or malformed input: no hash, and the rows say what to enter', () => {
    const c = checkConfirm({ ...good, amount: '', documentHash: '0x12' }, DAVE, BOB, registered);
    expect(c.hash).toBeUndefined();
    expect(c.matches).toBe(false);
    expect(c.rows.find((r) => r.label === 'Face value')!.error).toMatch(/own records/);
    expect(c.rows.find((r) => r.label === 'Document hash')!.error).toMatch(/hex/);
  });
  it('the amount follows the amount fields’ rule: "15,000" and "1,5" are refused (use a dot), never read as 15 000 or 15', () => {
    for (const amount of ['15,000', '1,5']) {
      const c = checkConfirm({ ...good, amount }, DAVE, BOB, registered);
      expect(c.hash).toBeUndefined();
      expect(c.rows.find((r) => r.label === 'Face value')!.error).toBe('Use a dot for decimals (e.g. 1.5); commas are not accepted.');
    }
  });
  it('goods in transit: the carrier enters commodity, quantity, destination, arrival and document', () => {
    const reg: AssetKindRecord = { ...transit, carrier: CHARLIE_HEX, destinationWarehouse: EVE, expectedArrivalMs: day('2027-02-01') };
    const form: TermsForm = { originator: BOB, amount: '1.234567890123456789', key: 'COCOA', date: '2027-02-01', destination: EVE_HEX, documentHash: `0x${'11'.repeat(32)}` };
    const c = checkConfirm(form, CHARLIE_HEX, BOB, reg);
    expect(c.matches).toBe(true);
    expect(checkConfirm({ ...form, destination: DAVE }, CHARLIE_HEX, BOB, reg).rows.filter((r) => r.differs).map((r) => r.label)).toEqual(['Destination warehouse']);
  });
});
