import { describe, expect, it } from 'vitest';
import { formatExact, formatPercent, formatUnits, keySymbol, parseWad, priceKey, UnitsError, WAD } from '../units';

// Vectors from deploy/src/units.rs (the CLI's exact decimal parsing).
describe('parseWad', () => {
  it('parses exact decimals', () => {
    expect(parseWad('1.5')).toBe(1_500_000_000_000_000_000n);
    expect(parseWad('50_000')).toBe(50_000n * WAD);
    expect(parseWad('0.000000000000000001')).toBe(1n);
    expect(parseWad('.25')).toBe(WAD / 4n);
    expect(parseWad(' 1,234.56 ')).toBe(1_234_560_000_000_000_000_000n);
  });
  it('refuses what is not exact', () => {
    for (const bad of ['', '-1', '1e3', '0.0000000000000000001', '1.2.3', 'abc', '400000000000000000000', '.']) {
      expect(() => parseWad(bad), bad).toThrow(UnitsError);
    }
  });
});

describe('formatting', () => {
  it('formats money truncated, exact and percent', () => {
    expect(formatUnits(1_234_567n * WAD + WAD / 2n)).toBe('1,234,567.50');
    expect(formatUnits(WAD - 1n)).toBe('0.99');
    expect(formatUnits(WAD - 1n, { roundUp: true })).toBe('1.00');
    expect(formatUnits(10_800n * WAD, { fraction: 0 })).toBe('10,800');
    expect(formatExact((WAD / 2n) * 3n)).toBe('1.5');
    expect(formatExact(1_000n * WAD)).toBe('1,000');
    expect(formatPercent(WAD / 20n - 1n)).toBe('5.00');
    expect(formatPercent(WAD / 10n)).toBe('10.00');
    expect(formatPercent((WAD * 3n) / 2n)).toBe('150.00');
  });
  it('round-trips price keys', () => {
    expect(priceKey('EUR')).toBe('0x4555520000000000');
    expect(keySymbol('0x434f464645450000')).toBe('COFFEE');
    expect(keySymbol(priceKey('TUSD'))).toBe('TUSD');
    expect(() => priceKey('TOOLONGKEY')).toThrow(UnitsError);
  });
});
