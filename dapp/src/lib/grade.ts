/**
 * A debtor's credit grade and what an invoice class lends against it, as the chain has them:
 * the grade from the registry's payment record exactly as `contracts/rules/src/grade.rs`
 * (`points`, `grade_of`), the class's rates for a grade as the credit pricer's table
 * (`GradeTable::rates`, `scored_advance_wad`), and an invoice's value FOR LENDING as the vault's
 * `graded_invoice_value_wad` (contracts/collateral_vault/src/valuation.rs): the invoice value
 * discounted at the larger of the class's and the grade's rate (valuation.ts), times the grade's
 * (scored) advance, every step rounded down.
 *
 * Only adverse facts move a grade: late settlements, days late, defaults and disputes. On-time
 * settlements never improve it (a supplier and its debtor can manufacture those with circular
 * payments). The liquidation check keeps the class's own terms: a grade never makes an existing
 * position liquidatable.
 */
import { MathError, mulDivDown } from './math';
import { WAD } from './units';
import { assetValueWad, type AssetTerms, type ValuationParams } from './valuation';

export const GRADES = ['A', 'B', 'C', 'D', 'E'] as const;
/** A = best … E = a default still unpaid (the pricer's `grade` returns its index, 0 … 4). */
export type Grade = (typeof GRADES)[number];

/** The registry's `PaymentRecord` (as the snapshot reads it). */
export interface PaymentRecord {
  settledOnTime: number;
  settledLate: number;
  daysLateTotal: bigint;
  maxDaysLate: number;
  defaulted: number;
  unresolvedDefaults: number;
  disputed: number;
}

/** Days late that cost one point (a started period counts). */
export const DAYS_PER_POINT = 15n;
/** Points one default costs. */
export const POINTS_PER_DEFAULT = 3n;
const U64_MAX = (1n << 64n) - 1n;

/** What each adverse fact costs (`points`' terms). */
export interface PointsBreakdown {
  /** One per late settlement. */
  latePoints: bigint;
  /** ⌈days_late_total ÷ 15⌉. */
  dayPoints: bigint;
  /** 3 × defaulted. */
  defaultPoints: bigint;
  /** One per dispute. */
  disputePoints: bigint;
  /** Their sum, saturating at u64::MAX as the Rust does. */
  total: bigint;
}

const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;

export function pointsBreakdown(h: PaymentRecord): PointsBreakdown {
  const latePoints = BigInt(h.settledLate);
  const dayPoints = ceilDiv(h.daysLateTotal, DAYS_PER_POINT);
  const defaultPoints = POINTS_PER_DEFAULT * BigInt(h.defaulted);
  const disputePoints = BigInt(h.disputed);
  const sum = latePoints + dayPoints + defaultPoints + disputePoints;
  return { latePoints, dayPoints, defaultPoints, disputePoints, total: sum > U64_MAX ? U64_MAX : sum };
}

/** `settled_late + ⌈days_late_total / 15⌉ + 3 × defaulted + disputed` (grade.rs `points`). */
export function points(h: PaymentRecord): bigint {
  return pointsBreakdown(h).total;
}

/**
 * grade.rs `grade_of`: E while any default is unpaid; then D from 8 points or a settlement more
 * than 60 days late, C from 4 points or more than 30 days late, B from 1 point, else A.
 */
export function gradeOf(h: PaymentRecord): Grade {
  const p = points(h);
  if (h.unresolvedDefaults > 0) return 'E';
  if (p >= 8n || h.maxDaysLate > 60) return 'D';
  if (p >= 4n || h.maxDaysLate > 30) return 'C';
  if (p >= 1n) return 'B';
  return 'A';
}

/** The pricer's answer (`grade(debtor)`, 0 … 4) as a letter; undefined for anything else. */
export function gradeLetter(index: number | undefined): Grade | undefined {
  return index !== undefined && Number.isInteger(index) && index >= 0 && index < GRADES.length ? GRADES[index] : undefined;
}

/** One grade's row of a class's table. */
export interface Rates {
  advanceWad: bigint;
  discountRateAnnualWad: bigint;
}

/** A class's table (the pricer's `Table`): rows for A, B, C, D; E advances nothing. */
export interface GradeTable {
  a: Rates;
  b: Rates;
  c: Rates;
  d: Rates;
}

/** `GradeTable::rates`: E advances 0 and is discounted at D's rate. */
export function ratesFor(t: GradeTable, g: Grade): Rates {
  switch (g) {
    case 'A':
      return t.a;
    case 'B':
      return t.b;
    case 'C':
      return t.c;
    case 'D':
      return t.d;
    case 'E':
      return { advanceWad: 0n, discountRateAnnualWad: t.d.discountRateAnnualWad };
  }
}

/** `scored_advance_wad`: a score (an advance cap) only lowers the grade's advance. */
export function scoredAdvanceWad(gradeAdvanceWad: bigint, scoreWad?: bigint): bigint {
  return scoreWad !== undefined && scoreWad < gradeAdvanceWad ? scoreWad : gradeAdvanceWad;
}

/** What the pricer answers the vault (`CreditPricing::invoice_rates`): the grade and the (scored) rates. */
export interface InvoiceRates extends Rates {
  grade: Grade;
}

/** The pricer's answer for `grade` under `table`, with an optional score (as `invoice_rates`). */
export function invoiceRates(table: GradeTable, grade: Grade, scoreWad?: bigint): InvoiceRates {
  const r = ratesFor(table, grade);
  return { grade, advanceWad: scoredAdvanceWad(r.advanceWad, scoreWad), discountRateAnnualWad: r.discountRateAnnualWad };
}

/** `advanced_value_wad`: the advanced share of a value, rounded down; an advance above 1 is an overflow. */
export function advancedValueWad(valueWad: bigint, advanceWad: bigint): bigint {
  if (advanceWad > WAD) throw new MathError('Overflow');
  return mulDivDown(valueWad, advanceWad, WAD);
}

/** The discount rate the vault applies: the larger of the class's and the grade's (the grade only tightens). */
export function gradedDiscountWad(classDiscountWad: bigint, rates?: Rates): bigint {
  if (!rates) return classDiscountWad;
  return rates.discountRateAnnualWad > classDiscountWad ? rates.discountRateAnnualWad : classDiscountWad;
}

/**
 * The vault's `graded_invoice_value_wad`: an invoice's value to LEND against when its class prices
 * its debtor's grade (`rates`; undefined: the class's terms, `assetValueWad`): discounted at
 * max(class, grade) rate, then advanced at the grade's (scored) share, each step rounded down.
 */
export function gradedInvoiceValueWad(terms: Extract<AssetTerms, { kind: 'Invoice' }>, priceWad: bigint, nowMs: bigint, p: ValuationParams, rates?: Rates): bigint {
  const value = assetValueWad(terms, priceWad, nowMs, { ...p, discountRateAnnualWad: gradedDiscountWad(p.discountRateAnnualWad, rates) });
  return advancedValueWad(value, rates ? rates.advanceWad : WAD);
}

// ---------------------------------------------------------------------------------------------
// In words.

/** A wad fraction as a percentage, up to two decimals, trailing zeros dropped: 0.9 → "90", 0.125 → "12.5". */
export function percentText(wad: bigint): string {
  const hundredths = (wad * 10_000n + WAD / 2n) / WAD;
  const whole = hundredths / 100n;
  const frac = (hundredths % 100n).toString().padStart(2, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : `${whole}`;
}

const plural = (n: bigint | number, one: string, many = `${one}s`) => `${n} ${BigInt(n) === 1n ? one : many}`;

/** What made the record's points, in words: "1 late payment, 3 days late → 1 point". */
export function pointsText(h: PaymentRecord): string {
  const b = pointsBreakdown(h);
  const parts: string[] = [];
  if (h.settledLate > 0) parts.push(plural(h.settledLate, 'late payment'));
  if (h.daysLateTotal > 0n) parts.push(`${plural(h.daysLateTotal, 'day')} late → ${plural(b.dayPoints, 'point')}`);
  if (h.defaulted > 0) parts.push(`${plural(h.defaulted, 'default')} → ${plural(b.defaultPoints, 'point')}`);
  if (h.disputed > 0) parts.push(plural(h.disputed, 'dispute'));
  return parts.join(', ');
}

/**
 * Why the record is its grade: "grade B (2 points: 1 late payment, 3 days late → 1 point)", with
 * what else decided it (a settlement more than 30 or 60 days late, an unpaid default).
 */
export function gradeReason(h: PaymentRecord): string {
  const g = gradeOf(h);
  const b = pointsBreakdown(h);
  const facts = pointsText(h);
  const pts = b.total === 0n ? 'no late payment, default or dispute' : `${plural(b.total, 'point')}: ${facts}`;
  const extra: string[] = [];
  if (g === 'E') extra.push(`${plural(h.unresolvedDefaults, 'default')} still unpaid`);
  else if (g === 'D' && b.total < 8n) extra.push(`one payment ${h.maxDaysLate} days late, more than 60`);
  else if (g === 'C' && b.total < 4n) extra.push(`one payment ${h.maxDaysLate} days late, more than 30`);
  return `grade ${g} (${pts}${extra.length ? `; ${extra.join('; ')}` : ''})`;
}

export interface GradeExplanation {
  grade: Grade;
  /** "Debtor X is grade B (…)." */
  gradeSentence: string;
  /** What the class lends for it, or undefined when the class prices no grade. */
  classSentence?: string;
}

/**
 * The explanation a supplier reads: "Debtor X is grade B (2 points: 1 late payment, 3 days late →
 * 1 point). Class 'invoices' advances 90 % at 12 %/year for grade B (A would be 100 % at 10 %)".
 *
 * `grade`: the pricer's own answer when read (it is the record's grade; the chain decides);
 * `rates`: the pricer's answer for the class (score included), when read; `classDiscountWad`: the
 * class's own rate, which the vault applies when larger.
 */
export function explainGrade(args: {
  debtor: string;
  record: PaymentRecord;
  grade?: Grade;
  className?: string;
  table?: GradeTable;
  rates?: Rates;
  classDiscountWad?: bigint;
}): GradeExplanation {
  const { debtor, record, className, table, classDiscountWad } = args;
  const grade = args.grade ?? gradeOf(record);
  const reason = gradeReason(record);
  // The chain's grade is the record's unless the record read is older than the answer.
  const gradeSentence = grade === gradeOf(record) ? `Debtor ${debtor} is ${reason}.` : `Debtor ${debtor} is grade ${grade} (its record as read here gives ${reason}).`;
  if (!table) {
    return className !== undefined
      ? { grade, gradeSentence, classSentence: `Class '${className}' prices no grade: it lends at its own terms.` }
      : { grade, gradeSentence };
  }
  const own = ratesFor(table, grade);
  const rates = args.rates ?? own;
  const discount = gradedDiscountWad(classDiscountWad ?? 0n, rates);
  const name = `Class '${className ?? '?'}'`;
  let s: string;
  if (rates.advanceWad === 0n) s = `${name} advances nothing for grade ${grade}${grade === 'E' ? ' while a default is unpaid' : ''}`;
  else s = `${name} advances ${percentText(rates.advanceWad)} % at ${percentText(discount)} %/year for grade ${grade}`;
  if (grade !== 'A') s += ` (A would be ${percentText(table.a.advanceWad)} % at ${percentText(gradedDiscountWad(classDiscountWad ?? 0n, table.a))} %)`;
  const notes: string[] = [];
  if (rates.advanceWad < own.advanceWad) notes.push(`the debtor's risk score caps the advance at ${percentText(rates.advanceWad)} % (the grade's is ${percentText(own.advanceWad)} %)`);
  if (classDiscountWad !== undefined && classDiscountWad > rates.discountRateAnnualWad && rates.advanceWad > 0n)
    notes.push(`the class's own ${percentText(classDiscountWad)} %/year is higher than the grade's ${percentText(rates.discountRateAnnualWad)} %, so it applies`);
  if (notes.length) s += `; ${notes.join('; ')}`;
  return { grade, gradeSentence, classSentence: `${s}.` };
}
