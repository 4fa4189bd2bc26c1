/**
 * Fixed-point arithmetic with explicit rounding, as `scf_interfaces::math` does it (bigint is
 * exact, so the 256-bit intermediate is free). Every result that must fit the contracts' u128
 * is checked: an overflow is an error, never a wrapped number.
 */
import { RAY, U128_MAX, WAD } from './units';

export class MathError extends Error {
  constructor(public readonly kind: 'Overflow' | 'DivisionByZero') {
    super(kind === 'Overflow' ? 'arithmetic overflow' : 'division by zero');
    this.name = 'MathError';
  }
}

function fit(v: bigint): bigint {
  if (v < 0n || v > U128_MAX) throw new MathError('Overflow');
  return v;
}

export function mulDivDown(a: bigint, b: bigint, d: bigint): bigint {
  if (d === 0n) throw new MathError('DivisionByZero');
  return fit((a * b) / d);
}

export function mulDivUp(a: bigint, b: bigint, d: bigint): bigint {
  if (d === 0n) throw new MathError('DivisionByZero');
  const p = a * b;
  return fit(p / d + (p % d === 0n ? 0n : 1n));
}

export const wadMulDown = (a: bigint, b: bigint) => mulDivDown(a, b, WAD);
export const wadMulUp = (a: bigint, b: bigint) => mulDivUp(a, b, WAD);
export const wadDivDown = (a: bigint, b: bigint) => mulDivDown(a, WAD, b);
export const wadDivUp = (a: bigint, b: bigint) => mulDivUp(a, WAD, b);

/** `1 − x` for a wad fraction; an error above one. */
export function complement(x: bigint): bigint {
  if (x > WAD) throw new MathError('Overflow');
  return WAD - x;
}

/** `x × y` in ray, rounded half up (MakerDAO's rmul inside rpow). */
function rayMulHalfUp(x: bigint, y: bigint): bigint {
  return fit((x * y + RAY / 2n) / RAY);
}

/** `x ^ n` by repeated squaring, half up at each step: MakerDAO's `rpow` (`Ray::pow`). */
export function rpow(x: bigint, n: bigint): bigint {
  let base = x;
  let z = n & 1n ? x : RAY;
  let k = n / 2n;
  while (k > 0n) {
    base = rayMulHalfUp(base, base);
    if (k & 1n) z = rayMulHalfUp(z, base);
    k /= 2n;
  }
  return z;
}
