import { describe, expect, it } from 'vitest';
import { defaultCheck, healAmountWad } from '../duties';
import { MS_PER_DAY, WAD } from '../units';

const NOW = 1_800_000_000_000n;
const inv = { id: 1n, status: 'Confirmed' as const, dueDateMs: NOW - 31n * MS_PER_DAY, gracePeriodMs: 30n * MS_PER_DAY };

describe('housekeeping: mark_defaulted and heal', () => {
  it('a pledged invoice defaults strictly after due + grace; Disputed too unless ruled void', () => {
    expect(defaultCheck(inv, NOW)).toEqual({ ok: true });
    expect(defaultCheck({ ...inv, dueDateMs: NOW - 30n * MS_PER_DAY }, NOW)).toEqual({ ok: false, reason: 'NotOverdue', inMs: 1n });
    expect(defaultCheck({ ...inv, dueDateMs: NOW }, NOW)).toEqual({ ok: false, reason: 'NotOverdue', inMs: 30n * MS_PER_DAY + 1n });
    expect(defaultCheck({ ...inv, status: 'Disputed' }, NOW)).toEqual({ ok: true });
    expect(defaultCheck({ ...inv, status: 'Disputed', void: true }, NOW)).toEqual({ ok: false, reason: 'InvalidStatus' });
    expect(defaultCheck({ ...inv, status: 'Defaulted' }, NOW)).toEqual({ ok: false, reason: 'InvalidStatus' });
  });
  it('heal covers min(surplus, bad debt)', () => {
    expect(healAmountWad(12n * WAD, 30n * WAD)).toBe(12n * WAD);
    expect(healAmountWad(120n * WAD, 30n * WAD)).toBe(30n * WAD);
    expect(healAmountWad(0n, 30n * WAD)).toBe(0n);
  });
});
