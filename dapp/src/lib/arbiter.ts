/**
 * The arbiter's options on a disputed invoice (contracts/liquidation_engine `resolve_dispute`,
 * `write_off`; the vault's `resolve_dispute` answers the engine only): a pledged invoice its
 * debtor disputed is ruled valid (Confirmed again: valued, payable, in recovery it can be
 * auctioned) or void (worth nothing; in recovery it may be written off at once). An unpledged
 * disputed invoice has no ruling on chain (the registry has none): its parties settle it outside.
 * Write-off: anyone, once the recovery period is over, or at once after a void ruling.
 */
import type { AssetStatus } from './valuation';

export interface DisputeCase {
  status: AssetStatus;
  pledged: boolean;
  /** Ruled void already (the vault's `pledge.void`). */
  void?: boolean;
  recovery?: { writeOffAtMs: bigint; disputeUpheld: boolean; writtenOff: boolean };
}

export interface ArbiterOptions {
  /** `resolve_dispute(id, true|false)` may be sent (by the arbiter). */
  canRule: boolean;
  /** Why not, in words, when there is no ruling to make. */
  ruleNote?: string;
  writeOff?: { allowed: boolean; inMs: bigint; note: string };
}

export function arbiterOptions(c: DisputeCase, nowMs: bigint, caller: string | undefined, arbiter: string | undefined): ArbiterOptions {
  let canRule = false;
  let ruleNote: string | undefined;
  if (!c.pledged) ruleNote = 'Not pledged: the registry has no ruling for it; its supplier and buyer settle the dispute outside the chain.';
  else if (c.status !== 'Disputed') ruleNote = c.void ? 'Ruled void.' : 'Not disputed (ruled, or never disputed).';
  else if (c.void) ruleNote = 'Ruled void already.';
  else if (!arbiter) ruleNote = 'No arbiter is set on the liquidation engine: disputes stay unresolved until its administrator sets one.';
  else if (caller !== arbiter) ruleNote = 'Only the arbiter may rule; connect the arbiter’s account.';
  else canRule = true;
  let writeOff: ArbiterOptions['writeOff'];
  if (c.recovery) {
    const r = c.recovery;
    const inMs = r.writeOffAtMs > nowMs ? r.writeOffAtMs - nowMs : 0n;
    if (r.writtenOff) writeOff = { allowed: false, inMs: 0n, note: 'Written off.' };
    else if (r.disputeUpheld) writeOff = { allowed: true, inMs: 0n, note: 'Ruled void: it may be written off now.' };
    else if (inMs === 0n) writeOff = { allowed: true, inMs: 0n, note: 'The recovery period is over: it may be written off.' };
    else writeOff = { allowed: false, inMs, note: 'The recovery period is not over.' };
  }
  return { canRule, ruleNote, writeOff };
}
