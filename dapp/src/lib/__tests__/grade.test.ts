/**
 * A debtor's grade and what an invoice lends for it: the vectors of contracts/rules/src/grade.rs's
 * tests, the vault's `graded_invoice_value_wad` (contracts/collateral_vault/src/valuation.rs) by
 * hand, and the explanation a supplier reads.
 */
import { describe, expect, it } from 'vitest';
import {
  advancedValueWad,
  explainGrade,
  gradedDiscountWad,
  gradedInvoiceValueWad,
  gradeLetter,
  gradeOf,
  gradeReason,
  invoiceRates,
  percentText,
  points,
  pointsBreakdown,
  ratesFor,
  scoredAdvanceWad,
  type GradeTable,
  type PaymentRecord,
} from '../grade';
import { MathError } from '../math';
import { MS_PER_DAY, MS_PER_YEAR, WAD } from '../units';

const U32_MAX = 2 ** 32 - 1;
const U64_MAX = (1n << 64n) - 1n;
const NONE: PaymentRecord = { settledOnTime: 0, settledLate: 0, daysLateTotal: 0n, maxDaysLate: 0, defaulted: 0, unresolvedDefaults: 0, disputed: 0 };
const late = (n: number): PaymentRecord => ({ ...NONE, settledLate: n });
const days = (d: bigint): PaymentRecord => ({ ...NONE, daysLateTotal: d });
const PCT = WAD / 100n;
const rates = (advanceWad: bigint, discountRateAnnualWad: bigint) => ({ advanceWad, discountRateAnnualWad });
/** grade.rs's test table. */
const TABLE: GradeTable = { a: rates(90n * PCT, 5n * PCT), b: rates(80n * PCT, 8n * PCT), c: rates(60n * PCT, 12n * PCT), d: rates(30n * PCT, 20n * PCT) };

describe('points and grade (grade.rs tests)', () => {
  it('points set the grade at 1, 4 and 8', () => {
    expect([0, 1, 3, 4, 7, 8].map((n) => [n, points(late(n)), gradeOf(late(n))])).toEqual([
      [0, 0n, 'A'],
      [1, 1n, 'B'],
      [3, 3n, 'B'],
      [4, 4n, 'C'],
      [7, 7n, 'C'],
      [8, 8n, 'D'],
    ]);
    expect(gradeOf(late(U32_MAX))).toBe('D');
  });
  it('days late cost a point per started 15 days', () => {
    expect([0n, 1n, 15n, 16n, 45n, 46n].map((d) => points(days(d)))).toEqual([0n, 1n, 1n, 2n, 3n, 4n]);
    expect(gradeOf(days(15n))).toBe('B');
    expect(gradeOf(days(46n))).toBe('C');
    // One default is 3 points, a dispute 1.
    const h = { ...NONE, settledLate: 1, daysLateTotal: 16n, defaulted: 1, disputed: 1 };
    expect(points(h)).toBe(1n + 2n + 3n + 1n);
    expect(pointsBreakdown(h)).toEqual({ latePoints: 1n, dayPoints: 2n, defaultPoints: 3n, disputePoints: 1n, total: 7n });
    expect(gradeOf(h)).toBe('C');
    // The largest record fits: 5 × (2³² − 1) + (2⁶⁴ − 1) / 15 (exact: 15 divides 2⁶⁴ − 1).
    const max = { ...NONE, settledLate: U32_MAX, daysLateTotal: U64_MAX, defaulted: U32_MAX, disputed: U32_MAX };
    expect(points(max)).toBe(5n * BigInt(U32_MAX) + U64_MAX / 15n);
    expect(points(max)).toBe(1_229_782_959_722_139_916n);
  });
  it('one settlement more than 30 or 60 days late is enough', () => {
    const max = (d: number) => ({ ...late(1), maxDaysLate: d });
    expect([30, 31, 60, 61].map((d) => gradeOf(max(d)))).toEqual(['B', 'C', 'C', 'D']);
  });
  it('an unpaid default is E whatever else the record says; paid, it still costs its 3 points and the lateness', () => {
    const h = { ...NONE, settledOnTime: 10_000, unresolvedDefaults: 1 };
    expect(gradeOf(h)).toBe('E');
    const paid = { ...h, settledLate: 1, daysLateTotal: 20n, maxDaysLate: 20, defaulted: 1, unresolvedDefaults: 0 };
    expect(points(paid)).toBe(1n + 2n + 3n);
    expect(gradeOf(paid)).toBe('C');
  });
  it('on-time settlements count for nothing', () => {
    expect(gradeOf({ ...late(4), settledOnTime: U32_MAX })).toBe('C');
    expect(gradeOf({ ...NONE, settledOnTime: U32_MAX })).toBe('A');
  });
  it('the pricer’s answer 0 … 4 is A … E', () => {
    expect([0, 1, 2, 3, 4, 5, undefined].map(gradeLetter)).toEqual(['A', 'B', 'C', 'D', 'E', undefined, undefined]);
  });
});

describe('a class’s rates for a grade', () => {
  it('E advances nothing at D’s discount', () => {
    expect(ratesFor(TABLE, 'A')).toEqual(rates(90n * PCT, 5n * PCT));
    expect(ratesFor(TABLE, 'D')).toEqual(rates(30n * PCT, 20n * PCT));
    expect(ratesFor(TABLE, 'E')).toEqual(rates(0n, 20n * PCT));
  });
  it('a score only lowers the advance', () => {
    expect(scoredAdvanceWad(80n * PCT)).toBe(80n * PCT);
    expect(scoredAdvanceWad(80n * PCT, 70n * PCT)).toBe(70n * PCT);
    expect(scoredAdvanceWad(80n * PCT, 95n * PCT)).toBe(80n * PCT);
    expect(scoredAdvanceWad(0n, WAD)).toBe(0n);
    expect(invoiceRates(TABLE, 'B', 70n * PCT)).toEqual({ grade: 'B', advanceWad: 70n * PCT, discountRateAnnualWad: 8n * PCT });
  });
  it('the advanced value rounds down and never exceeds the value', () => {
    expect(advancedValueWad(1n, WAD / 2n)).toBe(0n);
    expect(advancedValueWad(3n, WAD / 2n)).toBe(1n);
    expect(advancedValueWad(1_000n * WAD, 80n * PCT)).toBe(800n * WAD);
    expect(advancedValueWad((1n << 128n) - 1n, WAD)).toBe((1n << 128n) - 1n);
    expect(advancedValueWad(7n, 0n)).toBe(0n);
    expect(() => advancedValueWad(1n, WAD + 1n)).toThrow(MathError);
  });
  it('the discount is the larger of the class’s and the grade’s', () => {
    expect(gradedDiscountWad(10n * PCT, rates(WAD, 12n * PCT))).toBe(12n * PCT);
    expect(gradedDiscountWad(15n * PCT, rates(WAD, 12n * PCT))).toBe(15n * PCT);
    expect(gradedDiscountWad(15n * PCT)).toBe(15n * PCT);
  });
});

describe('the graded lend value (graded_invoice_value_wad)', () => {
  // The class: 10 %/year, 30 days grace.
  const P = { discountRateAnnualWad: 10n * PCT, gracePeriodMs: 30n * MS_PER_DAY, goodsHaircutWad: 0n };
  const inv = { kind: 'Invoice' as const, faceValueWad: 33_000n * WAD, dueDateMs: MS_PER_YEAR, key: 'USD' };
  it('33 000 due in exactly one year, grade B (90 %, 12 %): 33 000 / 1.12 rounded down, × 0.9 rounded down', () => {
    // 33 000 / 1.12 = 29 464.285714285714285714|28…; × 0.9 = 26 517.857142857142857142|6.
    expect(gradedInvoiceValueWad(inv, WAD, 0n, P, rates(90n * PCT, 12n * PCT))).toBe(26_517_857_142_857_142_857_142n);
  });
  it('grade A at 10 % (100 %): 30 000 exactly; no rates: the class’s terms, the same', () => {
    expect(gradedInvoiceValueWad(inv, WAD, 0n, P, rates(WAD, 10n * PCT))).toBe(30_000n * WAD);
    expect(gradedInvoiceValueWad(inv, WAD, 0n, P)).toBe(30_000n * WAD);
  });
  it('a grade’s lower rate never loosens the class’s: 5 % against the class’s 10 % is discounted at 10 %', () => {
    expect(gradedInvoiceValueWad(inv, WAD, 0n, P, rates(80n * PCT, 5n * PCT))).toBe(24_000n * WAD);
  });
  it('E lends nothing; overdue, the value declines over grace before the advance', () => {
    expect(gradedInvoiceValueWad(inv, WAD, 0n, P, ratesFor(TABLE, 'E'))).toBe(0n);
    // 15 days into 30 of grace: half of 33 000, × 80 %.
    expect(gradedInvoiceValueWad(inv, WAD, MS_PER_YEAR + 15n * MS_PER_DAY, P, rates(80n * PCT, 12n * PCT))).toBe(13_200n * WAD);
  });
});

describe('why an invoice lends what it does, in words', () => {
  const TABLE2: GradeTable = { a: rates(WAD, 10n * PCT), b: rates(90n * PCT, 12n * PCT), c: rates(60n * PCT, 15n * PCT), d: rates(30n * PCT, 20n * PCT) };
  it('grade B: its points and the class’s rates, with A’s beside', () => {
    const record = { ...NONE, settledOnTime: 4, settledLate: 1, daysLateTotal: 3n, maxDaysLate: 3 };
    const e = explainGrade({ debtor: 'Dave Foods', record, className: 'invoices', table: TABLE2, classDiscountWad: 10n * PCT });
    expect(e.grade).toBe('B');
    expect(e.gradeSentence).toBe('Debtor Dave Foods is grade B (2 points: 1 late payment, 3 days late → 1 point).');
    expect(e.classSentence).toBe("Class 'invoices' advances 90 % at 12 %/year for grade B (A would be 100 % at 10 %).");
  });
  it('A, C by days late, D, E, a score and a class rate above the grade’s', () => {
    expect(gradeReason(NONE)).toBe('grade A (no late payment, default or dispute)');
    expect(gradeReason({ ...late(1), daysLateTotal: 31n, maxDaysLate: 31 })).toBe('grade C (4 points: 1 late payment, 31 days late → 3 points)');
    expect(gradeReason({ ...late(1), daysLateTotal: 31n, maxDaysLate: 31, settledLate: 0 })).toBe('grade C (3 points: 31 days late → 3 points; one payment 31 days late, more than 30)');
    expect(gradeReason({ ...NONE, settledLate: 1, daysLateTotal: 61n, maxDaysLate: 61 })).toBe('grade D (6 points: 1 late payment, 61 days late → 5 points; one payment 61 days late, more than 60)');
    expect(gradeReason({ ...NONE, defaulted: 2, unresolvedDefaults: 1, disputed: 1 })).toBe('grade E (7 points: 2 defaults → 6 points, 1 dispute; 1 default still unpaid)');
    const e = explainGrade({ debtor: 'X', record: { ...NONE, defaulted: 1, unresolvedDefaults: 1 }, className: 'invoices', table: TABLE2, classDiscountWad: 10n * PCT });
    expect(e.classSentence).toBe("Class 'invoices' advances nothing for grade E while a default is unpaid (A would be 100 % at 10 %).");
    const scored = explainGrade({ debtor: 'X', record: NONE, className: 'invoices', table: TABLE2, rates: rates(85n * PCT, 10n * PCT), classDiscountWad: 10n * PCT });
    expect(scored.classSentence).toBe("Class 'invoices' advances 85 % at 10 %/year for grade A; the debtor's risk score caps the advance at 85 % (the grade's is 100 %).");
    const tight = explainGrade({ debtor: 'X', record: late(1), className: 'invoices', table: TABLE2, classDiscountWad: 125n * PCT / 10n });
    expect(tight.classSentence).toBe(
      "Class 'invoices' advances 90 % at 12.5 %/year for grade B (A would be 100 % at 12.5 %); the class's own 12.5 %/year is higher than the grade's 12 %, so it applies.",
    );
    expect(explainGrade({ debtor: 'X', record: NONE, className: 'invoices' }).classSentence).toBe("Class 'invoices' prices no grade: it lends at its own terms.");
  });
  it('the pricer’s grade when the record read disagrees', () => {
    expect(explainGrade({ debtor: 'X', record: NONE, grade: 'B' }).gradeSentence).toBe('Debtor X is grade B (its record as read here gives grade A (no late payment, default or dispute)).');
  });
  it('percentages to two decimals, trailing zeros dropped', () => {
    expect([WAD, 90n * PCT, 125n * PCT / 10n, WAD / 3n, 0n].map(percentText)).toEqual(['100', '90', '12.5', '33.33', '0']);
  });
});
