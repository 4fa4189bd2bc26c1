/**
 * The condition and grade panels (server-side rendering, as screens.test.tsx), from the role
 * screens' snapshot with a condition monitor and a credit pricer: a goods NFT's condition and
 * history on the supplier's position card and on the attester's screen (with "Confirm
 * condition"), the debtor's grade and why an invoice lends what it does on the supplier's card
 * and the Debtor screen; nothing new without the contracts. Exact figures.
 */
import { createElement, type ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Ctx, type AppCtx } from '../context';
import { SupplierScreen } from '../screens/Supplier';
import { DebtorScreen } from '../screens/Debtor';
import { AttesterScreen } from '../screens/Attester';
import { KeeperScreen } from '../screens/Keeper';
import { positionInput } from '../appraisal';
import type { Scan } from '../history';
import type { Snapshot } from '../suite';
import type { AssetCondition } from '../../lib/condition';
import { decodeHistory } from '../../lib/history';
import { health } from '../../lib/risk';
import { WAD } from '../../lib/units';
import { decoderOf, emitted, registryOf } from '../../lib/__tests__/fixtures/events';
import { BOB, button, DAVE, EVE, FERDIE, manifest, NOW, render, snap } from './fixture';

const HOUR = 3_600_000n;
const PCT = WAD / 100n;
const MONITOR = '5CQ8tYNwUtWkHpzTrPStQeDYQWWVefVjzW9nmYDBMtVkDcAU';
const GLN = 4_012_345_000_009n;
const DEVICE = '0x' + '11'.repeat(32);

/** Coffee lot #2 (pledged in Dave's position 2, class 1): one open excursion, seen an hour ago. */
const lot2: AssetCondition = {
  limits: { temperature: [2_000, 8_000] },
  watchedSinceMs: NOW - 10n * HOUR,
  lastSeenMs: NOW - HOUR,
  longestGapMs: 2n * HOUR,
  openExcursions: 1,
  sealBroken: false,
  excursionsTotal: 1,
  reports: 3,
  latest: { reportId: '0x' + '03'.repeat(32), device: DEVICE, windowEndMs: NOW - HOUR, measurements: [{ kind: 'Temperature', min: 4_000, max: 9_250, mean: 6_125 }], alarms: 0, locationGln: GLN },
};
const rates = (advanceWad: bigint, discountRateAnnualWad: bigint) => ({ advanceWad, discountRateAnnualWad });

/** `snap` with a monitor (class 1: 20 % haircut, 6 h of silence) and a pricer (class 0's table; Dave grade B). */
const withBoth: Snapshot = {
  ...snap,
  debtors: snap.debtors.map((d) => ({ ...d, record: { ...d.record, settledLate: 1, daysLateTotal: 3n, maxDaysLate: 3 } })),
  condition: { applied: true, policies: new Map([[1, { haircutWad: WAD / 5n, maxSilenceMs: 6n * HOUR }]]), lots: new Map([[2n, lot2]]) },
  credit: {
    applied: true,
    tables: new Map([[0, { a: rates(WAD, 10n * PCT), b: rates(90n * PCT, 12n * PCT), c: rates(60n * PCT, 15n * PCT), d: rates(30n * PCT, 20n * PCT) }]]),
    grades: new Map([[DAVE, 'B' as const]]),
    rates: new Map([[`0:${DAVE}`, { rates: { grade: 'B' as const, ...rates(90n * PCT, 12n * PCT) } }]]),
  },
};

/** Lot #2's history: reports 1 and 2 (an excursion) in block 10, report 3 in block 20; another lot's in 20. */
const monitor = registryOf('condition_monitor');
const temp = (min: number, max: number, mean: number) => ({ kind: 'Temperature', min, max, mean, uom: '0x43454c00' });
const report = (asset: bigint, seq: bigint, start: bigint, end: bigint, ms: unknown[], alarms: number, excursion: boolean) =>
  emitted(monitor, MONITOR, 'ConditionReported', [asset, DEVICE, '0x' + seq.toString(16).padStart(64, '0'), seq, start, end, ms, alarms, GLN, excursion, end, FERDIE]);
const { entries } = decodeHistory(
  [
    { number: 20, hash: '0xb20', extrinsicHashes: ['0xd0', '0xd1'], timestampMs: NOW - HOUR, records: [report(2n, 3n, NOW - 2n * HOUR, NOW - HOUR, [temp(5_000, 6_000, 5_500)], 0, false), report(3n, 1n, 0n, 1n, [], 0, false)] },
    {
      number: 10,
      hash: '0xb10',
      extrinsicHashes: ['0xc0', '0xc1'],
      timestampMs: NOW - 3n * HOUR,
      records: [report(2n, 1n, NOW - 6n * HOUR, NOW - 5n * HOUR, [temp(4_000, 6_000, 5_000)], 0, false), report(2n, 2n, NOW - 5n * HOUR, NOW - 4n * HOUR, [temp(4_000, 9_250, 6_125)], 0, true)],
    },
  ],
  [decoderOf(monitor, 'condition_monitor', MONITOR)],
);
const scan: Scan = { entries, undecodable: 0, fromBlock: 1, toBlock: 25 };

/** `node` for `account` against `at`, the suite with a monitor (the confirmation's contract). */
function renderWith(node: ReactNode, account: string, at: Snapshot = withBoth): string {
  const ctx: AppCtx = { manifest, suite: { engine: {}, monitor: {}, pricer: {} } as unknown as AppCtx['suite'], snap: at, account, refresh: () => {} };
  return renderToString(createElement(Ctx.Provider, { value: ctx }, node)).replace(/<!-- -->/g, '');
}
const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&#x27;/g, "'").replace(/&gt;/g, '>').replace(/&amp;/g, '&');
function part(html: string, testid: string, length = 6_000): string {
  const i = html.indexOf(`data-testid="${testid}"`);
  if (i < 0) throw new Error(`no ${testid}`);
  return html.slice(i, i + length);
}

describe('a goods NFT’s condition on the supplier’s position card', () => {
  const html = renderWith(<SupplierScreen scan={scan} />, DAVE);
  it('the state, why, the latest reading and the excursions', () => {
    const panel = part(html, 'condition-2');
    expect(panel).toMatch(/^data-testid="condition-2" data-state="excursion"/);
    expect(text(part(panel, 'condition-state', 200))).toMatch(/^data-testid="condition-state">Excursion \(−20 %\)/);
    expect(text(panel)).toContain(
      "1 report outside the lot's limits since an attester last confirmed it: the lot counts at 80 % of its value until an attester inspects and confirms it.",
    );
    expect(text(panel)).toContain("Class 'warehouse'condition haircut 20 %, silent at most 6 h");
    expect(text(panel)).toContain('Limitstemperature 2 to 8 °C');
    expect(text(panel)).toContain('Last seen2027-01-15 07:00:00 UTC (1 h ago)');
    expect(text(panel)).toContain('Excursions1 since last confirmed, 1 in all, in 3 reports');
    expect(text(panel)).toContain('Latest readingTemperature 4 to 9.25 °C (mean 6.125 °C); until 2027-01-15 07:00:00 UTC at GLN 4012345000009');
    // The supplier may not confirm: only an attester the goods name.
    expect(panel).not.toContain('confirm-condition');
  });
  it('the history from the monitor’s events, newest first; the other lot’s report left out', () => {
    const rows = [...part(part(html, 'condition-2', 30_000), 'condition-history').matchAll(/<tr data-testid="condition-row-(\d+)-(\d+)" data-kind="(\w+)"[^>]*>(.*?)<\/tr>/g)].map((m) => [m[1], m[2], text(m[4])]);
    expect(rows).toEqual([
      ['20', '0', '#202027-01-15 06:00:00 UTC – 2027-01-15 07:00:00 UTC' + 'Report 3: Temperature 5 to 6 °C (mean 5.5 °C); at GLN 4012345000009'],
      ['10', '1', '#102027-01-15 03:00:00 UTC – 2027-01-15 04:00:00 UTC' + 'Report 2: Temperature 4 to 9.25 °C (mean 6.125 °C) — excursion; at GLN 4012345000009'],
      ['10', '0', '#102027-01-15 02:00:00 UTC – 2027-01-15 03:00:00 UTC' + 'Report 1: Temperature 4 to 6 °C (mean 5 °C); at GLN 4012345000009'],
    ]);
    expect(text(html)).toContain('From the condition monitor’s events of blocks #1 to #25');
  });
  it('the position counts 80 % of the coffee: 20 000 × 1.20 × 0.9 × 0.8 = 17 280, for lending and the liquidation check alike', () => {
    const h = health(positionInput(withBoth, withBoth.positions[1]), withBoth.classes[1].risk, withBoth.classes[1].state, withBoth.market, NOW);
    expect(h.valueWad).toBe(17_280n * WAD);
    expect(h.check.valueWad).toBe(17_280n * WAD);
    expect(h.maxBorrowWad).toBe(0n);
    const card = text(part(html, 'position-2', 20_000));
    expect(card).toContain('Collateral value17,280.00 TUSD');
    expect(card).toContain('Collateral ratio108.00 % · can be liquidated');
  });
  it('unpledged goods in the wallet: never watched, worth nothing while unknown', () => {
    const panel = text(part(html, 'my-goods-condition'));
    expect(panel).toContain('Condition of #3: Unknown');
    expect(panel).toContain('never watched (its attester set no limits and bound no device): the lot counts for nothing');
    expect(panel).toContain("Class 'warehouse' (its kind’s class)");
  });
});

describe('the attester confirms the condition of goods naming it', () => {
  it('Eve (the warehouse on #2) sees its condition and “Confirm condition”; the pending #3 is not listed', () => {
    const html = renderWith(<AttesterScreen scan={scan} />, EVE);
    const section = part(html, 'attester-condition', 30_000);
    expect(section).toContain('data-testid="condition-2" data-state="excursion"');
    expect(section).not.toContain('data-testid="condition-3"');
    expect(button(section, 'confirm-condition')).not.toContain('disabled');
    expect(text(section)).toContain('Confirm condition');
  });
  it('a lot no device watches cannot be confirmed (NotWatched), said inline', () => {
    const unwatched = { ...withBoth, condition: { ...withBoth.condition!, lots: new Map([[2n, { ...lot2, watchedSinceMs: undefined }]]) } };
    const html = renderWith(<AttesterScreen scan={scan} />, EVE, unwatched);
    expect(button(html, 'confirm-condition')).toContain('disabled=""');
    expect(text(html)).toContain('Nothing to confirm: no device watches this lot yet.');
  });
  it('silent one ms longer than the class allows: unknown, and the position counts it at nothing', () => {
    const silent = { ...withBoth, condition: { ...withBoth.condition!, lots: new Map([[2n, { ...lot2, lastSeenMs: NOW - 6n * HOUR - 1n, openExcursions: 0 }]]) } };
    const html = renderWith(<AttesterScreen scan={scan} />, EVE, silent);
    expect(part(html, 'condition-2')).toMatch(/^data-testid="condition-2" data-state="unknown"/);
    expect(text(part(html, 'condition-why', 400))).toContain("silent for 6 h 1 ms (longer than the class's 6 h): the lot counts for nothing");
    const h = health(positionInput(silent, silent.positions[1]), silent.classes[1].risk, silent.classes[1].state, silent.market, NOW);
    expect([h.valueWad, h.check.valueWad, h.maxBorrowWad, h.check.liquidatable]).toEqual([0n, 0n, 0n, true]);
    // At exactly 6 h: good.
    const edge = { ...withBoth, condition: { ...withBoth.condition!, lots: new Map([[2n, { ...lot2, lastSeenMs: NOW - 6n * HOUR, openExcursions: 0 }]]) } };
    expect(part(renderWith(<AttesterScreen scan={scan} />, EVE, edge), 'condition-2')).toMatch(/^data-testid="condition-2" data-state="good"/);
  });
  it('the keeper’s view counts the goods at their condition too', () => {
    const html = renderWith(<KeeperScreen />, BOB);
    expect(text(html)).toContain('16,000.00 TUSD17,280.00 TUSD108.00 % · can be liquidated');
  });
});

describe('the debtor’s grade and why an invoice lends what it does', () => {
  it('on the supplier’s card: grade B, its points, the class’s rates, and the invoice’s lend value step by step', () => {
    const html = renderWith(<SupplierScreen scan={scan} />, BOB);
    const g = part(html, 'grade-1', 4_000);
    expect(g).toMatch(/^data-testid="grade-1" data-grade="B"/);
    expect(text(g)).toContain('is grade B (2 points: 1 late payment, 3 days late → 1 point).');
    expect(text(g)).toContain("Class 'invoices' advances 90 % at 12 %/year for grade B (A would be 100 % at 10 %).");
    // 15 000 due in 73 days at 12 %: 15 000 / 1.024 = 14 648.4375, × 90 % = 13 183.59375; at the class's 10 %: 14 705.88.
    expect(text(part(g, 'lends-1', 2_000))).toMatch(
      /^data-testid="lends-1">#1 lends 13,183.59 TUSD: 15,000.00 USD due 2027-03-29T08:00:00.000Z, discounted at 12 %\/year \(the class alone: 10 %\) → 14,648.43 TUSD, × 90 % advance for grade B. The liquidation check keeps the class’s terms: 14,705.88 TUSD./,
    );
    // The card's figures follow: max borrow 13 183.59375 / 1.5 = 8 789.0625.
    const card = text(part(html, 'position-1', 20_000));
    expect(card).toContain('Collateral value13,183.59 TUSD');
    expect(card).toContain('Max borrow now8,789.06 TUSD');
    expect(card).toContain('Collateral value for the liquidation check14,705.88 TUSD');
  });
  it('a stale score: the pricer refuses, and so does borrowing', () => {
    const stale = { ...withBoth, credit: { ...withBoth.credit!, rates: new Map([[`0:${DAVE}`, { refused: 'StalePrice' }]]) } };
    const html = renderWith(<SupplierScreen scan={scan} />, BOB, stale);
    expect(text(html)).toContain('The pricer cannot answer for this debtor now (StalePrice: its risk score is not fresh)');
    expect(text(part(html, 'max-borrow', 600))).toContain('0.00 TUSD (nothing (limited by a missing price))');
  });
  it('on the Debtor screen: “your grade”, why, and what each class lends for it', () => {
    const html = renderWith(<DebtorScreen />, DAVE);
    const g = part(html, 'my-grade');
    expect(g).toMatch(/^data-testid="my-grade" data-grade="B"/);
    expect(text(g)).toContain('Your grade: B');
    expect(text(g)).toContain('You are grade B (2 points: 1 late payment, 3 days late → 1 point).');
    expect(text(part(g, 'grade-class-0', 400))).toContain("Class 'invoices' advances 90 % at 12 %/year for grade B (A would be 100 % at 10 %).");
  });
});

describe('nothing new without the contracts', () => {
  it('no condition panel, no grade, the class’s terms', () => {
    const screens = [render(<SupplierScreen />, BOB), render(<SupplierScreen />, DAVE), render(<AttesterScreen />, EVE), render(<DebtorScreen />, DAVE)];
    for (const html of screens) {
      expect(html).not.toContain('data-testid="condition-');
      expect(html).not.toContain('data-testid="grade-');
      expect(html).not.toContain('data-testid="my-grade"');
      expect(html).not.toContain('attester-condition');
      expect(html).not.toContain('my-goods-condition');
    }
    expect(text(part(screens[0], 'position-1', 20_000))).toContain('Max borrow now9,803.92 TUSD');
  });
  it('a monitor and a pricer the vault does not use: shown, but the values keep the terms', () => {
    const unused = { ...withBoth, condition: { ...withBoth.condition!, applied: false }, credit: { ...withBoth.credit!, applied: false } };
    const html = renderWith(<SupplierScreen scan={scan} />, BOB, unused);
    expect(html).toContain('data-testid="grade-not-applied"');
    expect(text(part(html, 'position-1', 20_000))).toContain('Max borrow now9,803.92 TUSD');
    const dave = renderWith(<SupplierScreen scan={scan} />, DAVE, unused);
    expect(dave).toContain('data-testid="condition-not-applied"');
    expect(text(part(dave, 'position-2', 20_000))).toContain('Collateral value21,600.00 TUSD');
  });
});
