import { describe, expect, it } from 'vitest';
import { arbiterOptions } from '../arbiter';

const ARB = '5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy';
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const NOW = 1_800_000_000_000n;
const DAY = 86_400_000n;

describe('the arbiter’s options on a disputed invoice', () => {
  it('a pledged disputed invoice: the arbiter rules, others are told who may', () => {
    expect(arbiterOptions({ status: 'Disputed', pledged: true }, NOW, ARB, ARB)).toEqual({ canRule: true, ruleNote: undefined, writeOff: undefined });
    expect(arbiterOptions({ status: 'Disputed', pledged: true }, NOW, BOB, ARB).ruleNote).toBe('Only the arbiter may rule; connect the arbiter’s account.');
    expect(arbiterOptions({ status: 'Disputed', pledged: true }, NOW, ARB, undefined).canRule).toBe(false);
    expect(arbiterOptions({ status: 'Disputed', pledged: true, void: true }, NOW, ARB, ARB)).toMatchObject({ canRule: false, ruleNote: 'Ruled void already.' });
    expect(arbiterOptions({ status: 'Disputed', pledged: false }, NOW, ARB, ARB).ruleNote).toMatch(/^Not pledged: the registry has no ruling/);
  });
  it('in recovery: never a dead end — the time left to write-off, at once after a void ruling', () => {
    const rec = { writeOffAtMs: NOW + 3n * DAY + 5n, disputeUpheld: false, writtenOff: false };
    expect(arbiterOptions({ status: 'Disputed', pledged: true, recovery: rec }, NOW, ARB, ARB)).toEqual({
      canRule: true,
      ruleNote: undefined,
      writeOff: { allowed: false, inMs: 3n * DAY + 5n, note: 'The recovery period is not over.' },
    });
    expect(arbiterOptions({ status: 'Disputed', pledged: true, void: true, recovery: { ...rec, disputeUpheld: true } }, NOW, BOB, ARB).writeOff).toEqual({
      allowed: true,
      inMs: 0n,
      note: 'Ruled void: it may be written off now.',
    });
    expect(arbiterOptions({ status: 'Disputed', pledged: true, recovery: { ...rec, writeOffAtMs: NOW } }, NOW, BOB, ARB).writeOff).toEqual({
      allowed: true,
      inMs: 0n,
      note: 'The recovery period is over: it may be written off.',
    });
    expect(arbiterOptions({ status: 'Disputed', pledged: true, recovery: { ...rec, writtenOff: true } }, NOW, BOB, ARB).writeOff?.allowed).toBe(false);
  });
});
