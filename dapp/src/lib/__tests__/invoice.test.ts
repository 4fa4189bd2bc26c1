import { describe, expect, it } from 'vitest';
import { disputeRefusal, mayMarkPaid, mayTake } from '../invoice';

const DUE = 1_000_000n;
const inv = { status: 'Confirmed' as const, dueDateMs: DUE, pledged: false, atAuction: false };

describe('the dispute deadline (registry and vault: PastDue once now > due)', () => {
  it('open up to and at the due date, refused one millisecond after', () => {
    expect(disputeRefusal(inv, DUE - 1n)).toBeUndefined();
    expect(disputeRefusal(inv, DUE)).toBeUndefined();
    expect(disputeRefusal(inv, DUE + 1n)).toBe('PastDue');
    expect(disputeRefusal({ ...inv, pledged: true }, DUE + 1n)).toBe('PastDue');
  });
  it('a pending invoice may be disputed unpledged; pledged only a confirmed one; never at auction', () => {
    expect(disputeRefusal({ ...inv, status: 'Pending' }, 0n)).toBeUndefined();
    expect(disputeRefusal({ ...inv, status: 'Settled' }, 0n)).toBe('InvalidTransition');
    expect(disputeRefusal({ ...inv, pledged: true, status: 'Disputed' }, 0n)).toBe('InvalidStatus');
    expect(disputeRefusal({ ...inv, pledged: true, atAuction: true }, 0n)).toBe('InAuction');
  });
});

describe('mark_paid on the holder’s word', () => {
  const who = { originator: 'BOB', debtor: 'DAVE' };
  it('the holder, for a Confirmed or Defaulted invoice', () => {
    expect(mayMarkPaid({ ...inv, ...who, owner: 'BOB' }, 'BOB')).toBe(true);
    expect(mayMarkPaid({ ...inv, ...who, owner: 'FERDIE', status: 'Defaulted' }, 'FERDIE')).toBe(true);
    expect(mayMarkPaid({ ...inv, ...who, owner: 'BOB', status: 'Pending' }, 'BOB')).toBe(false);
  });
  it('never on the debtor\'s word: it would settle its supplier\'s receivable paying nothing', () => {
    expect(mayMarkPaid({ ...inv, ...who, owner: 'BOB' }, 'DAVE')).toBe(false);
    expect(mayMarkPaid({ ...inv, ...who, owner: 'FERDIE' }, 'DAVE')).toBe(false); // sold on
    expect(mayMarkPaid({ ...inv, ...who, owner: 'BOB', status: 'Defaulted' }, 'DAVE')).toBe(false); // its default is not cleared by its own word
  });
  it('never while pledged (it settles through the vault), never without an account', () => {
    expect(mayMarkPaid({ ...inv, ...who, owner: 'VAULT', pledged: true }, 'VAULT')).toBe(false);
    expect(mayMarkPaid({ ...inv, ...who, owner: 'BOB' }, undefined)).toBe(false);
  });
});

describe('take: never by the invoice’s own debtor (DebtorMustSettle)', () => {
  it('anyone else may take', () => {
    expect(mayTake('DAVE', 'DAVE')).toBe(false);
    expect(mayTake('DAVE', 'CHARLIE')).toBe(true);
    expect(mayTake(undefined, 'DAVE')).toBe(true); // goods
  });
});
