import { describe, expect, it } from 'vitest';
import { activeBook, buildBook, label, nameOf, nameRefusal, normalAddress, setActiveBook, withName } from '../names';

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
// Alice's key with the Polkadot prefix (0): the same account.
const ALICE_DOT = '15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5';
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';

describe('address book', () => {
  it('normalises any SS58 spelling to prefix 42 and refuses what is not an address', () => {
    expect(normalAddress(ALICE_DOT)).toBe(ALICE);
    expect(normalAddress(` ${ALICE} `)).toBe(ALICE);
    expect(normalAddress('5Grw')).toBeUndefined();
    expect(normalAddress('')).toBeUndefined();
  });
  it('merges the manifest’s names and the user’s (the user’s win); drops bad entries', () => {
    const book = buildBook({ [ALICE]: 'Acme Ltd', [BOB]: 'Bob & Co', nope: 'x' }, { [ALICE_DOT]: 'Acme (my name)' });
    expect([...book.entries()]).toEqual([
      [ALICE, 'Acme (my name)'],
      [BOB, 'Bob & Co'],
    ]);
    expect(nameOf(book, ALICE_DOT)).toBe('Acme (my name)');
    expect(label(book, BOB)).toBe('Bob & Co');
    expect(label(book, '5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy')).toBe('5DAAnr…TXFy');
    expect(label(book, undefined)).toBe('—');
  });
  it('names and unnames an address; refuses bad names', () => {
    const one = withName({}, ALICE_DOT, '  Acme  ');
    expect(one).toEqual({ [ALICE]: 'Acme' });
    expect(withName(one, ALICE, '')).toEqual({});
    expect(() => withName({}, 'nope', 'x')).toThrow('Not an address (SS58).');
    expect(() => withName({}, ALICE, 'x'.repeat(41))).toThrow('A name has at most 40 characters.');
    expect(nameRefusal(' ')).toBe('Enter a name.');
    expect(nameRefusal('a\u0007b')).toBe('A name cannot contain control characters.');
    expect(nameRefusal('Café Ñandú')).toBeUndefined();
  });
  it('the active book is what short() reads', () => {
    setActiveBook(buildBook({ [BOB]: 'Bob & Co' }));
    expect(nameOf(activeBook(), BOB)).toBe('Bob & Co');
    setActiveBook(new Map());
  });
});
