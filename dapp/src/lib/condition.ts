/**
 * A lot of goods' condition, as the condition monitor and the vault have it: the rule of
 * `contracts/rules/src/condition.rs` (`ConditionState::condition`, `factor_wad`, `kept_value_wad`)
 * mirrored exactly, the monitor's records (`condition(asset_id)`, `class_policy(class_id)`) in
 * plain types, its measurements in words, and the lot's history from its `ConditionReported` /
 * `ConditionConfirmed` events (decoded with the monitor's metadata, lib/history.ts).
 *
 * * **Good**: the whole value.
 * * **Excursion** (a measurement outside the lot's limits since an attester last confirmed the
 *   goods): the class's condition haircut.
 * * **Unknown** (a broken seal, a silence longer than the class allows — now, or between two
 *   reports — or never watched): worth nothing.
 *
 * Bad news sticks: good reports after a bad one restore nothing until an attester confirms the
 * goods (`confirm_condition`). A class without a policy does not price condition: its lots count
 * whole.
 */
import { accountsIn, type HistoryEntry } from './history';
import { mulDivDown } from './math';
import { WAD } from './units';

export type MeasurementKind = 'Temperature' | 'Humidity' | 'Shock';

/** One sensor report of a window (EPCIS `sensorReport`), in thousandths of its unit. */
export interface Measurement {
  kind: MeasurementKind;
  min: number;
  max: number;
  mean: number;
}

/** A lot's limits (inclusive ranges, thousandths of the unit); a kind without one is never an excursion. */
export interface ConditionLimits {
  temperature?: [number, number];
  humidity?: [number, number];
  shock?: [number, number];
}

export interface LatestReport {
  reportId: string;
  device: string;
  windowEndMs: bigint;
  measurements: Measurement[];
  alarms: number;
  locationGln: bigint;
}

/** The monitor's record of a lot (`AssetCondition`). */
export interface AssetCondition {
  limits: ConditionLimits;
  /** When its first device was bound (undefined: never watched). */
  watchedSinceMs?: bigint;
  lastSeenMs: bigint;
  longestGapMs: bigint;
  openExcursions: number;
  sealBroken: boolean;
  /** Excursions over the lot's life (confirmations do not reset it). */
  excursionsTotal: number;
  reports: number;
  latest?: LatestReport;
}

/** A class's condition policy (`ClassPolicy`). */
export interface ClassPolicy {
  haircutWad: bigint;
  maxSilenceMs: bigint;
}

/** Alarm bit: the seal was broken. */
export const ALARM_SEAL_BROKEN = 1;

export type UnknownReason =
  | { kind: 'neverWatched'; noLimits: boolean }
  | { kind: 'sealBroken' }
  | { kind: 'gap'; gapMs: bigint; maxSilenceMs: bigint }
  | { kind: 'silent'; silentMs: bigint; maxSilenceMs: bigint };

export type ConditionVerdict =
  /** The class has no policy: condition is not priced, the lot counts whole. */
  | { state: 'notPriced'; factorWad: bigint }
  | { state: 'good'; factorWad: bigint }
  /** `factorWad` undefined only for a haircut above 1 (the monitor refuses such a policy). */
  | { state: 'excursion'; factorWad: bigint | undefined; haircutWad: bigint; openExcursions: number }
  | { state: 'unknown'; factorWad: undefined; reasons: UnknownReason[] };

const satSub = (a: bigint, b: bigint) => (a > b ? a - b : 0n);

/**
 * What the monitor answers the vault for lot `c` under `policy` at `nowMs`
 * (`ConditionState::condition` then `factor_wad`), with every reason it is unknown, in the rule's
 * order (never watched, seal broken, a gap, silent now).
 */
export function conditionOf(c: AssetCondition | undefined, policy: ClassPolicy | undefined, nowMs: bigint): ConditionVerdict {
  if (!policy) return { state: 'notPriced', factorWad: WAD };
  const reasons: UnknownReason[] = [];
  if (!c || c.watchedSinceMs === undefined) reasons.push({ kind: 'neverWatched', noLimits: !c });
  if (c) {
    if (c.sealBroken) reasons.push({ kind: 'sealBroken' });
    if (c.longestGapMs > policy.maxSilenceMs) reasons.push({ kind: 'gap', gapMs: c.longestGapMs, maxSilenceMs: policy.maxSilenceMs });
    const silentMs = satSub(nowMs, c.lastSeenMs);
    if (silentMs > policy.maxSilenceMs) reasons.push({ kind: 'silent', silentMs, maxSilenceMs: policy.maxSilenceMs });
  }
  if (reasons.length) return { state: 'unknown', factorWad: undefined, reasons };
  if (c!.openExcursions > 0) {
    return { state: 'excursion', factorWad: policy.haircutWad <= WAD ? WAD - policy.haircutWad : undefined, haircutWad: policy.haircutWad, openExcursions: c!.openExcursions };
  }
  return { state: 'good', factorWad: WAD };
}

/** `factor_wad`: the share (wad) of its value a lot keeps; undefined when unknown (worth 0). */
export function conditionFactorWad(c: AssetCondition | undefined, policy: ClassPolicy | undefined, nowMs: bigint): bigint | undefined {
  return conditionOf(c, policy, nowMs).factorWad;
}

/** `kept_value_wad`: `valueWad` kept at `factorWad` (undefined: unknown, worth 0), rounded down. */
export function keptValueWad(valueWad: bigint, factorWad: bigint | undefined): bigint {
  if (factorWad === undefined) return 0n;
  return mulDivDown(valueWad, factorWad < WAD ? factorWad : WAD, WAD);
}

// ---------------------------------------------------------------------------------------------
// In words.

/** A duration to the millisecond: "6 h 1 ms", "2 d 3 h", "0 ms". */
export function exactDuration(ms: bigint): string {
  if (ms <= 0n) return '0 ms';
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [
    ['d', 86_400_000n],
    ['h', 3_600_000n],
    ['min', 60_000n],
    ['s', 1_000n],
    ['ms', 1n],
  ] as const) {
    const n = rest / size;
    rest %= size;
    if (n > 0n) parts.push(`${n} ${unit}`);
  }
  return parts.join(' ');
}

/** Thousandths as a decimal with up to 3 places, trailing zeros dropped: 4500 → "4.5", -1250 → "-1.25". */
export function formatMilli(v: number): string {
  const neg = v < 0;
  const a = Math.abs(Math.trunc(v));
  const whole = Math.floor(a / 1000);
  const frac = String(a % 1000).padStart(3, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

export const UNIT: Record<MeasurementKind, string> = { Temperature: '°C', Humidity: '%', Shock: 'm/s²' };
const NAME: Record<MeasurementKind, string> = { Temperature: 'Temperature', Humidity: 'Humidity', Shock: 'Shock' };

/** A value of `kind` with its unit: "4.5 °C", "55 %", "12.25 m/s²". */
export function quantityText(kind: MeasurementKind, v: number): string {
  return `${formatMilli(v)} ${UNIT[kind]}`;
}

/** "Temperature 4 to 6 °C (mean 5 °C)"; one value when min = max. */
export function measurementText(m: Measurement): string {
  if (m.min === m.max) return `${NAME[m.kind]} ${quantityText(m.kind, m.min)}`;
  return `${NAME[m.kind]} ${formatMilli(m.min)} to ${quantityText(m.kind, m.max)} (mean ${quantityText(m.kind, m.mean)})`;
}

const LIMIT_OF: Record<MeasurementKind, keyof ConditionLimits> = { Temperature: 'temperature', Humidity: 'humidity', Shock: 'shock' };

/** `Range::left_by`: whether a measurement left its limit (a kind without a limit never does). */
export function leftLimits(limits: ConditionLimits, m: Measurement): boolean {
  const r = limits[LIMIT_OF[m.kind]];
  return !!r && (m.min < r[0] || m.max > r[1]);
}

/** "temperature 2 to 8 °C, humidity 0 to 60 %" (the limits set). */
export function limitsText(limits: ConditionLimits): string {
  const out: string[] = [];
  for (const kind of ['Temperature', 'Humidity', 'Shock'] as const) {
    const r = limits[LIMIT_OF[kind]];
    if (r) out.push(`${NAME[kind].toLowerCase()} ${formatMilli(r[0])} to ${quantityText(kind, r[1])}`);
  }
  return out.length ? out.join(', ') : 'none';
}

/** A GLN (EPCIS `readPoint`) as its 13 digits. */
export const glnText = (gln: bigint) => gln.toString().padStart(13, '0');

/** A wad fraction as a percentage, trailing zeros dropped: 0.2 → "20". */
function pct(wad: bigint): string {
  const hundredths = (wad * 10_000n + WAD / 2n) / WAD;
  const frac = (hundredths % 100n).toString().padStart(2, '0').replace(/0+$/, '');
  return `${hundredths / 100n}${frac ? `.${frac}` : ''}`;
}

/** One reason a lot's condition is unknown, in words. */
export function unknownReasonText(r: UnknownReason): string {
  switch (r.kind) {
    case 'neverWatched':
      return r.noLimits ? 'never watched (its attester set no limits and bound no device)' : 'never watched (no device was bound to it)';
    case 'sealBroken':
      return 'seal broken';
    case 'gap':
      return `unwatched for ${exactDuration(r.gapMs)} between two reports (longer than the class's ${exactDuration(r.maxSilenceMs)})`;
    case 'silent':
      return `silent for ${exactDuration(r.silentMs)} (longer than the class's ${exactDuration(r.maxSilenceMs)})`;
  }
}

/** The state's label ("Good", "Excursion (−20 %)", "Unknown", "Not priced") and a sentence saying why and what it is worth. */
export function describeCondition(v: ConditionVerdict): { label: string; sentence: string } {
  switch (v.state) {
    case 'notPriced':
      return { label: 'Not priced', sentence: 'Its class does not price condition: the lot counts at its whole value.' };
    case 'good':
      return { label: 'Good', sentence: 'Watched, sealed and within its limits since an attester last confirmed it: the lot counts at its whole value.' };
    case 'excursion':
      return {
        label: `Excursion (−${pct(v.haircutWad)} %)`,
        sentence: `${v.openExcursions} report${v.openExcursions === 1 ? '' : 's'} outside the lot's limits since an attester last confirmed it: the lot counts at ${
          v.factorWad !== undefined ? `${pct(v.factorWad)} %` : 'nothing'
        } of its value until an attester inspects and confirms it.`,
      };
    case 'unknown':
      return {
        label: 'Unknown',
        sentence: `${v.reasons.map(unknownReasonText).join('; ')}: the lot counts for nothing (no new borrowing against it; its position may be liquidated) until an attester confirms it${
          v.reasons.some((r) => r.kind === 'neverWatched') ? ' — a lot no device watches stays unknown until one is bound' : ''
        }.`,
      };
  }
}

// ---------------------------------------------------------------------------------------------
// From the chain.

function kindOf(v: unknown): MeasurementKind | undefined {
  const s = typeof v === 'string' ? v : v && typeof v === 'object' && typeof (v as { type?: unknown }).type === 'string' ? (v as { type: string }).type : undefined;
  return s === 'Temperature' || s === 'Humidity' || s === 'Shock' ? s : undefined;
}

/** Measurements as dedot decodes them (`{ kind, min, max, mean, uom }`); unknown kinds dropped. */
export function measurementsFrom(raw: unknown): Measurement[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((m) => {
    const kind = kindOf(m?.kind);
    return kind ? [{ kind, min: Number(m.min), max: Number(m.max), mean: Number(m.mean) }] : [];
  });
}

const pair = (v: unknown): [number, number] | undefined => (Array.isArray(v) && v.length === 2 ? [Number(v[0]), Number(v[1])] : undefined);
const hexOf = (v: unknown): string => (typeof v === 'string' ? v.toLowerCase() : v instanceof Uint8Array ? `0x${[...v].map((b) => b.toString(16).padStart(2, '0')).join('')}` : String(v));

/** The monitor's `condition(asset_id)` answer as dedot decodes it, in plain types. */
export function conditionFrom(raw: any): AssetCondition | undefined {
  if (!raw) return undefined;
  const l = raw.limits ?? {};
  const latest = raw.latest
    ? {
        reportId: hexOf(raw.latest.reportId),
        device: hexOf(raw.latest.device),
        windowEndMs: BigInt(raw.latest.windowEndMs),
        measurements: measurementsFrom(raw.latest.measurements),
        alarms: Number(raw.latest.alarms),
        locationGln: BigInt(raw.latest.locationGln),
      }
    : undefined;
  return {
    limits: { temperature: pair(l.temperature), humidity: pair(l.humidity), shock: pair(l.shock) },
    watchedSinceMs: raw.watchedSinceMs === undefined || raw.watchedSinceMs === null ? undefined : BigInt(raw.watchedSinceMs),
    lastSeenMs: BigInt(raw.lastSeenMs),
    longestGapMs: BigInt(raw.longestGapMs),
    openExcursions: Number(raw.openExcursions),
    sealBroken: !!raw.sealBroken,
    excursionsTotal: Number(raw.excursionsTotal),
    reports: Number(raw.reports),
    latest,
  };
}

// ---------------------------------------------------------------------------------------------
// The lot's history, from the monitor's events.

interface RowBase {
  blockNumber: number;
  index: number;
  txHash?: string;
  /** The block's time, when read. */
  timestampMs?: bigint;
}

export type ConditionHistoryRow =
  | (RowBase & {
      kind: 'report';
      sequence: bigint;
      windowStartMs: bigint;
      windowEndMs: bigint;
      measurements: Measurement[];
      alarms: number;
      sealBroken: boolean;
      excursion: boolean;
      locationGln: bigint;
      reportId: string;
      device: string;
      relayer?: string;
      /**
       * The time the lot went unwatched before this report's window, from the events read (its
       * start − the latest report end or confirmation before it); undefined for the first one read.
       */
      gapBeforeMs?: bigint;
      /** That gap is longer than the class allows (its condition stays unknown until confirmed). */
      gapTooLong?: boolean;
    })
  | (RowBase & { kind: 'confirmed'; attester?: string });

/**
 * Lot `assetId`'s condition history from the suite's decoded events (`decodeHistory`), newest
 * first: each `ConditionReported` and `ConditionConfirmed` of the monitor, with the gap before
 * each report as the rule counts it (`after_report`) and, under `policy`, whether it was too long.
 */
export function conditionHistory(entries: HistoryEntry[], assetId: bigint, policy?: ClassPolicy, contract = 'condition_monitor'): ConditionHistoryRow[] {
  const mine = entries
    .filter((e) => e.contract === contract && (e.event === 'ConditionReported' || e.event === 'ConditionConfirmed') && BigInt(e.data.assetId as bigint) === assetId)
    .sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
  const rows: ConditionHistoryRow[] = [];
  let lastSeen: bigint | undefined;
  for (const e of mine) {
    const base = { blockNumber: e.blockNumber, index: e.index, txHash: e.txHash, timestampMs: e.timestampMs };
    const d = e.data;
    if (e.event === 'ConditionConfirmed') {
      rows.push({ ...base, kind: 'confirmed', attester: accountsIn(d.attester)[0] });
      // A confirmation restarts the silence from its block's time.
      if (e.timestampMs !== undefined) lastSeen = e.timestampMs;
      continue;
    }
    const start = BigInt(d.windowStartMs as bigint);
    const end = BigInt(d.windowEndMs as bigint);
    const alarms = Number(d.alarms);
    // A gap runs to the report's arrival on chain (`arrived_at_ms`), not to its window's start:
    // a report relayed late over a silence restores nothing (scf_rules::condition).
    const arrived = d.arrivedAtMs !== undefined ? BigInt(d.arrivedAtMs as bigint) : end;
    const gapBeforeMs = lastSeen !== undefined ? satSub(arrived, lastSeen) : undefined;
    rows.push({
      ...base,
      kind: 'report',
      sequence: BigInt(d.sequence as bigint),
      windowStartMs: start,
      windowEndMs: end,
      measurements: measurementsFrom(d.measurements),
      alarms,
      sealBroken: (alarms & ALARM_SEAL_BROKEN) !== 0,
      excursion: !!d.excursion,
      locationGln: BigInt(d.locationGln as bigint),
      reportId: hexOf(d.reportId),
      device: hexOf(d.device),
      relayer: accountsIn(d.relayer)[0],
      ...(gapBeforeMs !== undefined ? { gapBeforeMs, ...(policy ? { gapTooLong: gapBeforeMs > policy.maxSilenceMs } : {}) } : {}),
    });
    lastSeen = lastSeen !== undefined && lastSeen > end ? lastSeen : end;
  }
  return rows.reverse();
}

/** One history row in words: "Report 3: Temperature 4 to 9 °C (mean 6 °C) — excursion; at GLN 4012345000009". */
export function historyRowText(r: ConditionHistoryRow, label: (a: string) => string = (a) => a): string {
  if (r.kind === 'confirmed') return `Confirmed by ${r.attester ? label(r.attester) : 'an attester'}: earlier excursions, a broken seal and silences stop counting.`;
  const flags: string[] = [];
  if (r.excursion) flags.push('excursion');
  if (r.sealBroken) flags.push('seal broken');
  if (r.gapTooLong && r.gapBeforeMs !== undefined) flags.push(`after ${exactDuration(r.gapBeforeMs)} unwatched (too long)`);
  const what = r.measurements.length ? r.measurements.map(measurementText).join(', ') : 'no measurement';
  return `Report ${r.sequence}: ${what}${flags.length ? ` — ${flags.join(', ')}` : ''}; at GLN ${glnText(r.locationGln)}`;
}
