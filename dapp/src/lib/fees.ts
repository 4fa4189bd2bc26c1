/**
 * Stability fees, as `contracts/collateral_vault/src/fees.rs` computes them (MakerDAO Jug):
 * a class keeps a rate accumulator (ray) and each position a normalised debt `art`;
 * debt = art × rate, rounded up. Accrual compounds the per-second factor over whole seconds.
 */
import { mulDivDown, mulDivUp, rpow } from './math';
import { RAY, SECONDS_PER_YEAR } from './units';

export interface ClassState {
  totalArt: bigint;
  rateRay: bigint;
  lastAccrualMs: bigint;
}

/** The class state brought up to `nowMs`, and the fee it accrued (rad = wad × ray). */
export function accrue(state: ClassState, feePerSecondRay: bigint, nowMs: bigint): { state: ClassState; feeRad: bigint } {
  const elapsedS = nowMs > state.lastAccrualMs ? (nowMs - state.lastAccrualMs) / 1000n : 0n;
  if (elapsedS === 0n) return { state: { ...state }, feeRad: 0n };
  const factor = rpow(feePerSecondRay, elapsedS);
  const rateRay = mulDivDown(factor, state.rateRay, RAY);
  const feeRad = state.totalArt * (rateRay - state.rateRay);
  return {
    state: { totalArt: state.totalArt, rateRay, lastAccrualMs: state.lastAccrualMs + elapsedS * 1000n },
    feeRad,
  };
}

/** The accumulator at `nowMs` (what the vault will use in a block stamped `nowMs`). */
export function rateAt(state: ClassState, feePerSecondRay: bigint, nowMs: bigint): bigint {
  return accrue(state, feePerSecondRay, nowMs).state.rateRay;
}

/** Debt of a normalised amount, rounded up. */
export function debtWad(art: bigint, rateRay: bigint): bigint {
  return mulDivUp(art, rateRay, RAY);
}

/** Borrowing `amountWad` adds `art` (rounded up). */
export function draw(amountWad: bigint, rateRay: bigint): { art: bigint; excessRad: bigint } {
  const art = mulDivUp(amountWad, RAY, rateRay);
  return { art, excessRad: art * rateRay - amountWad * RAY };
}

/** The most a position with normalised debt `art` can draw and keep its debt ≤ `maxDebtWad`. */
export function maxDrawWad(art: bigint, rateRay: bigint, maxDebtWad: bigint): bigint {
  const maxArt = mulDivDown(maxDebtWad, RAY, rateRay);
  const room = maxArt > art ? maxArt - art : 0n;
  return mulDivDown(room, rateRay, RAY);
}

export interface Wipe {
  /** Normalised debt removed (rounded down). */
  art: bigint;
  /** Stablecoin actually taken: the offer, capped at the whole debt. */
  paidWad: bigint;
}

/** Paying `offeredWad` against normalised debt `art`. */
export function wipe(art: bigint, rateRay: bigint, offeredWad: bigint): Wipe {
  const owed = debtWad(art, rateRay);
  if (offeredWad >= owed) return { art, paidWad: owed };
  return { art: mulDivDown(offeredWad, RAY, rateRay), paidWad: offeredWad };
}

/** The annual fee factor − 1 of a per-second factor, as a wad fraction (5 %/year → 0.05e18). */
export function annualFeeWad(feePerSecondRay: bigint): bigint {
  return (rpow(feePerSecondRay, SECONDS_PER_YEAR) - RAY) / 10n ** 9n;
}

/** How far ahead "repay all" covers the fee: 10 minutes past the snapshot. */
export const REPAY_ALL_MARGIN_MS = 600_000n;

/**
 * What "repay all" approves and offers: the debt of `art` at `nowMs + marginMs` (the class's
 * fee accrued over the margin, debt rounded up). The vault's `repay` takes min(offer, debt at
 * execution), so an offer a margin ahead clears the debt as of the block the call lands in, and
 * never takes more than it.
 */
export function repayAllWad(art: bigint, state: ClassState, feePerSecondRay: bigint, nowMs: bigint, marginMs: bigint = REPAY_ALL_MARGIN_MS): bigint {
  return debtWad(art, rateAt(state, feePerSecondRay, nowMs + marginMs));
}
