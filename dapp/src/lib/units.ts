/**
 * Units: 18-decimal fixed point (`_wad`) and 27-decimal (`_ray`), exactly, as bigint.
 * Parsing refuses anything not exactly representable (the same rules as deploy/src/units.rs);
 * formatting truncates towards zero unless told otherwise (a display, never a value).
 */
export const WAD = 10n ** 18n;
export const RAY = 10n ** 27n;
export const DECIMALS = 18;
export const U128_MAX = (1n << 128n) - 1n;

export class UnitsError extends Error {
  constructor(
    public readonly text: string,
    public readonly why: string,
  ) {
    super(`"${text}" is not an amount: ${why}`);
    this.name = 'UnitsError';
  }
}

/** `"1.5"`, `"50_000"`, `"1,234.56"`, `".25"` → wad. Refuses signs, exponents, > 18 decimals, > u128. */
export function parseUnits(text: string, decimals = DECIMALS): bigint {
  const clean = text.trim().replace(/[_,\s]/g, '');
  if (clean === '' || clean === '.') throw new UnitsError(text, 'empty');
  if (!/^\d*(\.\d*)?$/.test(clean)) {
    throw new UnitsError(text, "only digits, one '.', and '_' or ',' separators are allowed");
  }
  const [whole = '', frac = ''] = clean.split('.');
  if (frac.length > decimals) throw new UnitsError(text, `more than ${decimals} decimals`);
  const value = BigInt(whole === '' ? '0' : whole) * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, '0') || '0');
  if (value > U128_MAX) throw new UnitsError(text, `too large for ${decimals}-decimal u128`);
  return value;
}

export const parseWad = (text: string) => parseUnits(text, DECIMALS);

function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export interface FormatOptions {
  /** Digits after the point (default 2). */
  fraction?: number;
  /** Keep trailing zeros up to `fraction` (default true). */
  pad?: boolean;
  /** Round up instead of truncating (for amounts a user must pay). */
  roundUp?: boolean;
  decimals?: number;
}

/** `1234567.5e18` → `"1,234,567.50"`. Truncated by default. */
export function formatUnits(value: bigint, opts: FormatOptions = {}): string {
  const { fraction = 2, pad = true, roundUp = false, decimals = DECIMALS } = opts;
  const negative = value < 0n;
  let v = negative ? -value : value;
  const unit = 10n ** BigInt(decimals);
  const step = 10n ** BigInt(Math.max(0, decimals - fraction));
  if (roundUp && v % step !== 0n) v = v - (v % step) + step;
  const whole = v / unit;
  let frac = (v % unit).toString().padStart(decimals, '0').slice(0, fraction);
  if (!pad) frac = frac.replace(/0+$/, '');
  const text = group(whole.toString()) + (frac ? `.${frac}` : '');
  return negative ? `-${text}` : text;
}

/** Full precision, trailing zeros trimmed: `1.5e18` → `"1.5"`. */
export function formatExact(value: bigint, decimals = DECIMALS): string {
  return formatUnits(value, { fraction: decimals, pad: false, decimals });
}

/** A wad fraction as a percentage to two decimals, rounded to nearest: 0.0499…99 → "5.00". */
export function formatPercent(valueWad: bigint, fraction = 2): string {
  const scale = 10n ** BigInt(fraction);
  const hundredths = (valueWad * 100n * scale + WAD / 2n) / WAD;
  const whole = hundredths / scale;
  const frac = (hundredths % scale).toString().padStart(fraction, '0');
  return fraction > 0 ? `${group(whole.toString())}.${frac}` : group(whole.toString());
}

/** Price keys are ASCII symbols zero-padded to 8 bytes (`scf_interfaces::price_key`). */
export function priceKey(symbol: string): `0x${string}` {
  const bytes = new TextEncoder().encode(symbol);
  if (bytes.length === 0 || bytes.length > 8 || [...bytes].some((b) => b < 0x20 || b > 0x7e)) {
    throw new UnitsError(symbol, 'a price key is 1 to 8 printable ASCII characters');
  }
  const out = new Uint8Array(8);
  out.set(bytes);
  return `0x${[...out].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The symbol of an 8-byte key (hex or bytes), zero padding removed. */
export function keySymbol(key: string | Uint8Array): string {
  const bytes =
    typeof key === 'string'
      ? Uint8Array.from((key.startsWith('0x') ? key.slice(2) : key).match(/../g) ?? [], (h) => parseInt(h, 16))
      : key;
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  return new TextDecoder().decode(bytes.slice(0, end));
}

export const MS_PER_SECOND = 1000n;
export const MS_PER_DAY = 86_400_000n;
export const MS_PER_YEAR = 31_536_000_000n;
export const SECONDS_PER_YEAR = 31_536_000n;

/** A duration in ms as "2 h 5 min", "3 days", "40 s". */
export function formatDuration(ms: bigint | number): string {
  let s = Number(ms) / 1000;
  if (s < 0) s = 0;
  if (s < 60) return `${Math.floor(s)} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  return `${Math.floor(h / 24)} days`;
}
