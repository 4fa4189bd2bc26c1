/**
 * Figures that explain themselves: parts of a total shown to the cent that add up to the total
 * shown, a collateral ratio that says ∞ or "more than" instead of overflowing, the unit of a
 * commodity's quantity.
 */
import { RATIO_DISPLAY_CAP_WAD } from './risk';
import { DECIMALS, formatPercent } from './units';

/**
 * Parts of `totalWad` at `fraction` decimals (cents by default) that add up EXACTLY to the total
 * as shown (rounded up when `roundUpTotal`, as an amount to pay is; else truncated): each part is
 * truncated, and the cents the truncations lost go, one each, to the parts that lost the most
 * (largest remainder). One rounding, the total's; the parts share its remainder. E.g. 15 000 paid
 * against a debt of 5 000.000…1: 5 000.00 + 10 000.00, not 5 000.00 + 9 999.99.
 */
export function splitForDisplay(totalWad: bigint, parts: bigint[], opts: { roundUpTotal?: boolean; fraction?: number } = {}): bigint[] {
  const step = 10n ** BigInt(DECIMALS - (opts.fraction ?? 2));
  const shownTotal = opts.roundUpTotal ? ((totalWad + step - 1n) / step) * step : (totalWad / step) * step;
  const floors = parts.map((p) => (p / step) * step);
  let left = shownTotal - floors.reduce((s, x) => s + x, 0n);
  const order = parts.map((p, i) => ({ i, rem: p % step })).sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1));
  const out = [...floors];
  for (const { i } of order) {
    if (left < step) break;
    out[i] += step;
    left -= step;
  }
  // The parts summed to less than the total shown by more than a cent each: the rest on the last part.
  if (left > 0n && out.length) out[out.length - 1] += left;
  return out;
}

/** A collateral ratio in words: ∞ without debt, "> 100,000,000 %" past the display cap. */
export function formatRatio(ratioWad: bigint | undefined): string {
  if (ratioWad === undefined) return '∞';
  if (ratioWad > RATIO_DISPLAY_CAP_WAD) return `> ${formatPercent(RATIO_DISPLAY_CAP_WAD, 0)} %`;
  return `${formatPercent(ratioWad)} %`;
}

/** Units of the commodities the bundled networks price (the manifest's `commodity_units` override them). */
export const COMMODITY_UNITS: Record<string, string> = {
  COFFEE: 'kg',
  COCOA: 'kg',
  SUGAR: 'kg',
  WHEAT: 't',
  COTTON: 'kg',
  COPPER: 't',
  GOLD: 'oz',
  OIL: 'bbl',
};

/** The unit a quantity of commodity `key` is counted in: the manifest's, the map's, else "units". */
export function commodityUnit(key: string, fromManifest?: Record<string, string>): string {
  return fromManifest?.[key] ?? COMMODITY_UNITS[key] ?? 'units';
}
