/**
 * A lot's condition as the monitor and the vault have it (contracts/rules/src/condition.rs's
 * rule and vectors), its measurements in words, and its history from the monitor's events
 * SCALE-encoded with the real metadata and decoded back as the scanner does.
 */
import { describe, expect, it } from 'vitest';
import {
  conditionFactorWad,
  conditionFrom,
  conditionHistory,
  conditionOf,
  describeCondition,
  exactDuration,
  formatMilli,
  glnText,
  historyRowText,
  keptValueWad,
  leftLimits,
  limitsText,
  measurementText,
  unknownReasonText,
  type AssetCondition,
  type ClassPolicy,
} from '../condition';
import { decodeHistory, type BlockEvents } from '../history';
import { WAD } from '../units';
import { decoderOf, emitted, registryOf } from './fixtures/events';

const HOUR = 3_600_000n;
/** condition.rs's test policy: 20 % haircut, 6 h of silence at most. */
const POLICY: ClassPolicy = { haircutWad: WAD / 5n, maxSilenceMs: 6n * HOUR };
const LIMITS = { temperature: [2_000, 8_000] as [number, number] };
/** A lot watched since `at`, last seen at `lastSeen`. */
const watched = (at: bigint, extra: Partial<AssetCondition> = {}): AssetCondition => ({
  limits: LIMITS,
  watchedSinceMs: at,
  lastSeenMs: at,
  longestGapMs: 0n,
  openExcursions: 0,
  sealBroken: false,
  excursionsTotal: 0,
  reports: 0,
  ...extra,
});

describe('the rule (condition.rs)', () => {
  it('good, excursion and unknown give the whole, the haircut and nothing; no policy: the whole', () => {
    const good = watched(0n, { lastSeenMs: HOUR, reports: 1 });
    expect(conditionOf(good, POLICY, HOUR)).toEqual({ state: 'good', factorWad: WAD });
    const bad = { ...good, lastSeenMs: 2n * HOUR, openExcursions: 1, excursionsTotal: 1 };
    expect(conditionOf(bad, POLICY, 2n * HOUR)).toEqual({ state: 'excursion', factorWad: (WAD / 5n) * 4n, haircutWad: WAD / 5n, openExcursions: 1 });
    const broken = { ...good, lastSeenMs: 2n * HOUR, sealBroken: true };
    expect(conditionOf(broken, POLICY, 2n * HOUR)).toEqual({ state: 'unknown', factorWad: undefined, reasons: [{ kind: 'sealBroken' }] });
    // No policy: the class does not price condition.
    expect(conditionOf(broken, undefined, 2n * HOUR)).toEqual({ state: 'notPriced', factorWad: WAD });
    // Never watched, in a class with a policy: unknown.
    expect(conditionFactorWad(undefined, POLICY, 0n)).toBeUndefined();
    expect(keptValueWad(1_000n, (WAD / 5n) * 4n)).toBe(800n);
    expect(keptValueWad(999n, WAD / 3n)).toBe(332n);
    expect(keptValueWad(1_000n, undefined)).toBe(0n);
    expect(keptValueWad(1_000n, WAD + 1n)).toBe(1_000n);
  });
  it('silent now: unknown at one ms past the limit (now − last seen > max silence)', () => {
    const s = watched(0n, { lastSeenMs: HOUR });
    expect(conditionOf(s, POLICY, 7n * HOUR).state).toBe('good');
    expect(conditionOf(s, POLICY, 7n * HOUR + 1n)).toEqual({ state: 'unknown', factorWad: undefined, reasons: [{ kind: 'silent', silentMs: 6n * HOUR + 1n, maxSilenceMs: 6n * HOUR }] });
    // A clock behind the last report saturates at 0.
    expect(conditionOf(s, POLICY, 0n).state).toBe('good');
  });
  it('a gap: unknown at one ms past the limit, and it stays so after a good report until confirmed', () => {
    expect(conditionOf(watched(0n, { lastSeenMs: 8n * HOUR, longestGapMs: 6n * HOUR }), POLICY, 8n * HOUR).state).toBe('good');
    const back = watched(0n, { lastSeenMs: 8n * HOUR, longestGapMs: 6n * HOUR + 1n });
    expect(conditionOf(back, POLICY, 8n * HOUR)).toEqual({ state: 'unknown', factorWad: undefined, reasons: [{ kind: 'gap', gapMs: 6n * HOUR + 1n, maxSilenceMs: 6n * HOUR }] });
    // Confirmed at 9 h: the past is cleared, the silence counts from then.
    const ok = { ...back, lastSeenMs: 9n * HOUR, longestGapMs: 0n };
    expect(conditionOf(ok, POLICY, 9n * HOUR).state).toBe('good');
    expect(conditionOf(ok, POLICY, 15n * HOUR).state).toBe('good');
    expect(conditionOf(ok, POLICY, 15n * HOUR + 1n).state).toBe('unknown');
  });
  it('never watched: no record (no limits), or limits and no device; every reason in the rule’s order', () => {
    expect(conditionOf(undefined, POLICY, 0n)).toEqual({ state: 'unknown', factorWad: undefined, reasons: [{ kind: 'neverWatched', noLimits: true }] });
    const unbound = { ...watched(0n), watchedSinceMs: undefined };
    expect(conditionOf(unbound, POLICY, 0n)).toEqual({ state: 'unknown', factorWad: undefined, reasons: [{ kind: 'neverWatched', noLimits: false }] });
    const all = { ...watched(0n), sealBroken: true, longestGapMs: 7n * HOUR, openExcursions: 2 };
    expect((conditionOf(all, POLICY, 13n * HOUR) as { reasons: { kind: string }[] }).reasons.map((r) => r.kind)).toEqual(['sealBroken', 'gap', 'silent']);
  });
  it('bad news sticks: open excursions keep the haircut whatever came after', () => {
    expect(conditionOf(watched(0n, { lastSeenMs: 5n * HOUR, openExcursions: 1, reports: 5 }), POLICY, 5n * HOUR).state).toBe('excursion');
  });
  it('a range is left only beyond its ends (Range::left_by)', () => {
    const t = (min: number, max: number) => ({ kind: 'Temperature' as const, min, max, mean: min });
    expect(leftLimits(LIMITS, t(2_000, 8_000))).toBe(false);
    expect(leftLimits(LIMITS, t(1_999, 5_000))).toBe(true);
    expect(leftLimits(LIMITS, t(3_000, 8_001))).toBe(true);
    // A kind without a limit never leaves it.
    expect(leftLimits(LIMITS, { kind: 'Shock', min: 0, max: 9_000_000, mean: 1 })).toBe(false);
  });
});

describe('in words', () => {
  it('thousandths with up to 3 decimals; measurements with their units', () => {
    expect([4_500, -1_250, 0, 2_000, 1, -100_000, 200_000, 5_125].map(formatMilli)).toEqual(['4.5', '-1.25', '0', '2', '0.001', '-100', '200', '5.125']);
    expect(measurementText({ kind: 'Temperature', min: 4_000, max: 9_250, mean: 6_125 })).toBe('Temperature 4 to 9.25 °C (mean 6.125 °C)');
    expect(measurementText({ kind: 'Temperature', min: -18_500, max: -17_000, mean: -17_750 })).toBe('Temperature -18.5 to -17 °C (mean -17.75 °C)');
    expect(measurementText({ kind: 'Humidity', min: 55_000, max: 55_000, mean: 55_000 })).toBe('Humidity 55 %');
    expect(measurementText({ kind: 'Shock', min: 0, max: 12_500, mean: 3_000 })).toBe('Shock 0 to 12.5 m/s² (mean 3 m/s²)');
    expect(limitsText({ temperature: [2_000, 8_000], humidity: [0, 60_500] })).toBe('temperature 2 to 8 °C, humidity 0 to 60.5 %');
    expect(limitsText({})).toBe('none');
    expect(glnText(4_012_345_000_009n)).toBe('4012345000009');
    expect(glnText(12n)).toBe('0000000000012');
  });
  it('durations to the millisecond', () => {
    expect([6n * HOUR + 1n, 6n * HOUR, 0n, 90_061_001n, 600_000n].map(exactDuration)).toEqual(['6 h 1 ms', '6 h', '0 ms', '1 d 1 h 1 min 1 s 1 ms', '10 min']);
  });
  it('each state and each reason', () => {
    expect(describeCondition({ state: 'good', factorWad: WAD })).toEqual({
      label: 'Good',
      sentence: 'Watched, sealed and within its limits since an attester last confirmed it: the lot counts at its whole value.',
    });
    expect(describeCondition({ state: 'excursion', factorWad: (WAD * 4n) / 5n, haircutWad: WAD / 5n, openExcursions: 2 })).toEqual({
      label: 'Excursion (−20 %)',
      sentence: "2 reports outside the lot's limits since an attester last confirmed it: the lot counts at 80 % of its value until an attester inspects and confirms it.",
    });
    expect(describeCondition({ state: 'notPriced', factorWad: WAD }).label).toBe('Not priced');
    const silent = conditionOf(watched(0n, { lastSeenMs: HOUR, sealBroken: true }), POLICY, 7n * HOUR + 1n);
    expect(describeCondition(silent)).toEqual({
      label: 'Unknown',
      sentence:
        "seal broken; silent for 6 h 1 ms (longer than the class's 6 h): the lot counts for nothing (no new borrowing against it; its position may be liquidated) until an attester confirms it.",
    });
    expect(unknownReasonText({ kind: 'gap', gapMs: 6n * HOUR + 1n, maxSilenceMs: 6n * HOUR })).toBe("unwatched for 6 h 1 ms between two reports (longer than the class's 6 h)");
    expect(unknownReasonText({ kind: 'neverWatched', noLimits: true })).toBe('never watched (its attester set no limits and bound no device)');
    expect(describeCondition(conditionOf({ ...watched(0n), watchedSinceMs: undefined }, POLICY, 0n)).sentence).toBe(
      'never watched (no device was bound to it): the lot counts for nothing (no new borrowing against it; its position may be liquidated) until an attester confirms it — a lot no device watches stays unknown until one is bound.',
    );
  });
});

describe('from the chain', () => {
  it('the monitor’s record as dedot decodes it', () => {
    const raw = {
      limits: { temperature: [2_000, 8_000], humidity: undefined, shock: undefined },
      watchedSinceMs: 1_000n,
      lastSeenMs: 5_000n,
      longestGapMs: 10n,
      openExcursions: 1,
      sealBroken: false,
      excursionsTotal: 3,
      reports: 7,
      latest: { reportId: '0x' + 'AB'.repeat(32), device: '0x' + '01'.repeat(32), windowEndMs: 5_000n, measurements: [{ kind: 'Temperature', min: 4_000, max: 9_000, mean: 6_000, uom: '0x43454c00' }], alarms: 1, locationGln: 4_012_345_000_009n },
    };
    expect(conditionFrom(raw)).toEqual({
      limits: { temperature: [2_000, 8_000], humidity: undefined, shock: undefined },
      watchedSinceMs: 1_000n,
      lastSeenMs: 5_000n,
      longestGapMs: 10n,
      openExcursions: 1,
      sealBroken: false,
      excursionsTotal: 3,
      reports: 7,
      latest: { reportId: '0x' + 'ab'.repeat(32), device: '0x' + '01'.repeat(32), windowEndMs: 5_000n, measurements: [{ kind: 'Temperature', min: 4_000, max: 9_000, mean: 6_000 }], alarms: 1, locationGln: 4_012_345_000_009n },
    });
    expect(conditionFrom(undefined)).toBeUndefined();
    expect(conditionFrom({ ...raw, watchedSinceMs: undefined, latest: undefined })?.watchedSinceMs).toBeUndefined();
  });
});

describe('the lot’s history from the monitor’s events (real metadata)', () => {
  const MONITOR = '5CQ8tYNwUtWkHpzTrPStQeDYQWWVefVjzW9nmYDBMtVkDcAU';
  const EVE = '5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw';
  const FERDIE = '5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL';
  const monitor = registryOf('condition_monitor');
  const DEVICE = '0x' + '11'.repeat(32);
  const GLN = 4_012_345_000_009n;
  const temp = (min: number, max: number, mean: number) => ({ kind: 'Temperature', min, max, mean, uom: '0x43454c00' });
  // asset_id, device, report_id, sequence, window_start_ms, window_end_ms, measurements, alarms, location_gln, excursion,
  // arrived_at_ms (here: as its window ends), relayer
  const report = (asset: bigint, seq: bigint, start: bigint, end: bigint, ms: unknown[], alarms: number, excursion: boolean) =>
    emitted(monitor, MONITOR, 'ConditionReported', [asset, DEVICE, '0x' + seq.toString(16).padStart(64, '0'), seq, start, end, ms, alarms, GLN, excursion, end, FERDIE]);
  const blocks: BlockEvents[] = [
    {
      number: 30,
      hash: '0xb30',
      extrinsicHashes: ['0xe0', '0xe1'],
      timestampMs: 20n * HOUR,
      records: [
        emitted(monitor, MONITOR, 'ConditionConfirmed', [1n, EVE]),
        // Another lot's report: not this one's history.
        report(2n, 9n, 0n, HOUR, [temp(4_000, 5_000, 4_500)], 0, false),
      ],
    },
    {
      number: 20,
      hash: '0xb20',
      extrinsicHashes: ['0xd0', '0xd1'],
      timestampMs: 15n * HOUR,
      records: [
        // Arriving 7 h after the last report ended (its window starts 6 h 1 ms after): too long
        // a silence, counted to the arrival; the seal broken too.
        report(1n, 3n, 8n * HOUR + 1n, 9n * HOUR, [temp(4_000, 6_000, 5_000), { kind: 'Humidity', min: 50_000, max: 55_500, mean: 52_000, uom: '0x50310000' }], 1, false),
      ],
    },
    {
      number: 10,
      hash: '0xb10',
      extrinsicHashes: ['0xc0', '0xc1'],
      timestampMs: 3n * HOUR,
      records: [report(1n, 1n, 0n, HOUR, [temp(4_000, 6_000, 5_000)], 0, false), report(1n, 2n, HOUR, 2n * HOUR, [temp(4_000, 9_250, 6_125)], 0, true)],
    },
  ];
  const { entries, undecodable } = decodeHistory(blocks, [decoderOf(monitor, 'condition_monitor', MONITOR)]);
  it('decodes every event', () => {
    expect(undecodable).toBe(0);
    expect(entries.map((e) => e.event)).toEqual(['ConditionReported', 'ConditionConfirmed', 'ConditionReported', 'ConditionReported', 'ConditionReported']);
  });
  it('the lot’s rows, newest first, with the gap before each report as the rule counts it', () => {
    const rows = conditionHistory(entries, 1n, POLICY);
    expect(rows.map((r) => [r.blockNumber, r.index, r.kind])).toEqual([
      [30, 0, 'confirmed'],
      [20, 0, 'report'],
      [10, 1, 'report'],
      [10, 0, 'report'],
    ]);
    expect(rows[0]).toEqual({ blockNumber: 30, index: 0, txHash: '0xe1', timestampMs: 20n * HOUR, kind: 'confirmed', attester: EVE });
    expect(rows[1]).toEqual({
      blockNumber: 20,
      index: 0,
      txHash: '0xd1',
      timestampMs: 15n * HOUR,
      kind: 'report',
      sequence: 3n,
      windowStartMs: 8n * HOUR + 1n,
      windowEndMs: 9n * HOUR,
      measurements: [
        { kind: 'Temperature', min: 4_000, max: 6_000, mean: 5_000 },
        { kind: 'Humidity', min: 50_000, max: 55_500, mean: 52_000 },
      ],
      alarms: 1,
      sealBroken: true,
      excursion: false,
      locationGln: GLN,
      reportId: '0x' + '3'.padStart(64, '0'),
      device: DEVICE,
      relayer: FERDIE,
      gapBeforeMs: 7n * HOUR,
      gapTooLong: true,
    });
    expect(rows.slice(2).map((r) => r.kind === 'report' && [r.sequence, r.excursion, r.gapBeforeMs, r.gapTooLong])).toEqual([
      [2n, true, HOUR, false],
      [1n, false, undefined, undefined],
    ]);
    // Without a policy the gap is given, not judged.
    expect((conditionHistory(entries, 1n)[1] as { gapTooLong?: boolean }).gapTooLong).toBeUndefined();
    expect(conditionHistory(entries, 2n).map((r) => r.blockNumber)).toEqual([30]);
    expect(conditionHistory(entries, 3n)).toEqual([]);
  });
  it('each row in words', () => {
    const label = (a: string) => (a === EVE ? 'Eve Warehousing' : a);
    expect(conditionHistory(entries, 1n, POLICY).map((r) => historyRowText(r, label))).toEqual([
      'Confirmed by Eve Warehousing: earlier excursions, a broken seal and silences stop counting.',
      'Report 3: Temperature 4 to 6 °C (mean 5 °C), Humidity 50 to 55.5 % (mean 52 %) — seal broken, after 7 h unwatched (too long); at GLN 4012345000009',
      'Report 2: Temperature 4 to 9.25 °C (mean 6.125 °C) — excursion; at GLN 4012345000009',
      'Report 1: Temperature 4 to 6 °C (mean 5 °C); at GLN 4012345000009',
    ]);
  });
  it('a confirmation restarts the silence from its block’s time', () => {
    const after: BlockEvents = {
      number: 40,
      hash: '0xb40',
      extrinsicHashes: ['0xf0', '0xf1'],
      timestampMs: 27n * HOUR,
      records: [report(1n, 4n, 26n * HOUR + 1n, 27n * HOUR, [temp(4_000, 6_000, 5_000)], 0, false)],
    };
    const all = decodeHistory([after, ...blocks], [decoderOf(monitor, 'condition_monitor', MONITOR)]).entries;
    const top = conditionHistory(all, 1n, POLICY)[0];
    // Confirmed at 20 h, the next report arriving at 27 h: 7 h without news.
    expect(top.kind === 'report' && [top.gapBeforeMs, top.gapTooLong]).toEqual([7n * HOUR, true]);
  });
});
