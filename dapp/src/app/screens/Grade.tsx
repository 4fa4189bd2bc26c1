/**
 * A debtor's credit grade (the credit pricer's, from its payment record: lib/grade.ts) and why
 * an invoice lends what it does: on the supplier's position card and on the Debtor screen ("my
 * grade"). Nothing is shown when the deployment has no pricer.
 */
import type { ReactNode } from 'react';
import { explainGrade, gradedDiscountWad, gradedInvoiceValueWad, percentText, type PaymentRecord, type Rates } from '../../lib/grade';
import { counts, assetValueWad } from '../../lib/valuation';
import { usablePrice } from '../../lib/risk';
import { formatDateMs } from '../../lib/terms';
import { formatUnits } from '../../lib/units';
import { gradingFor } from '../appraisal';
import { useApp } from '../context';
import type { ClassRow, PositionRow, Snapshot } from '../suite';
import { ratesKey } from '../suite';
import { Amount, short } from '../ui';

const ZERO: PaymentRecord = { settledOnTime: 0, settledLate: 0, daysLateTotal: 0n, maxDaysLate: 0, defaulted: 0, unresolvedDefaults: 0, disputed: 0 };

/** The explanation of `debtor`'s grade and of what class `cls` lends for it (undefined without a pricer). */
export function gradeExplanation(snap: Snapshot, debtor: string, cls?: ClassRow, name: (a: string) => string = short) {
  const credit = snap.credit;
  if (!credit) return undefined;
  // A debtor the snapshot did not read has no record yet: no adverse fact.
  const record = snap.debtors.find((x) => x.account === debtor)?.record ?? ZERO;
  const answer = cls ? credit.rates.get(ratesKey(cls.id, debtor)) : undefined;
  const rates: Rates | undefined = answer && 'rates' in answer ? answer.rates : undefined;
  return explainGrade({
    debtor: name(debtor),
    record,
    grade: credit.grades.get(debtor),
    className: cls?.name,
    table: cls ? credit.tables.get(cls.id) : undefined,
    rates,
    classDiscountWad: cls?.risk.discountRateAnnualWad,
  });
}

/** On an invoice position's card: its debtor's grade, and what each invoice lends and why. */
export function PositionGrade({ pos, cls }: { pos: PositionRow; cls: ClassRow }) {
  const { snap, manifest } = useApp();
  const credit = snap.credit;
  if (!credit || cls.kind !== 'Invoice' || !pos.debtor) return null;
  const unit = manifest.unitKey;
  const e = gradeExplanation(snap, pos.debtor, cls);
  const grading = gradingFor(snap, cls.id, pos.debtor);
  const answer = credit.rates.get(ratesKey(cls.id, pos.debtor));
  const refused = answer && 'refused' in answer ? answer.refused : undefined;
  const rates = grading && !('refused' in grading) ? grading : undefined;
  return (
    <div className="grade" data-testid={`grade-${pos.id}`} data-grade={e?.grade}>
      <h3>
        Debtor’s grade: <span data-testid="grade-letter">{e?.grade ?? '—'}</span>
      </h3>
      {e && (
        <p data-testid="grade-why">
          {e.gradeSentence} {e.classSentence}
        </p>
      )}
      {!credit.applied && (
        <p className="muted" data-testid="grade-not-applied">
          The vault does not lend with this credit pricer: invoices lend at their class’s terms.
        </p>
      )}
      {refused && (
        <p className="error" data-testid="grade-refused">
          The pricer cannot answer for this debtor now ({refused}: its risk score is not fresh): the vault refuses to value its invoices for borrowing or withdrawing until it is.
        </p>
      )}
      {pos.assetIds.map((id) => {
        const a = snap.pledged.get(id);
        if (!a || a.terms.kind !== 'Invoice') return null;
        const t = a.terms;
        const row = (text: ReactNode) => (
          <p key={String(id)} className="muted" data-testid={`lends-${id}`}>
            {text}
          </p>
        );
        if (!counts(a.status, !!a.void, 'Lend')) return row(<>#{String(id)} lends nothing while {a.void ? 'ruled void' : a.status.toLowerCase()}.</>);
        const p = usablePrice(snap.market, t.key, snap.nowMs, 'Lend');
        if ('reason' in p) return row(<>#{String(id)}: no usable {t.key} price ({p.reason}) to value it.</>);
        const classValue = assetValueWad(t, p.priceWad, snap.nowMs, cls.risk);
        if (!rates) return row(<>#{String(id)} lends <Amount wad={classValue} unit={unit} />, its value at the class’s terms.</>);
        const discount = gradedDiscountWad(cls.risk.discountRateAnnualWad, rates);
        const discounted = assetValueWad(t, p.priceWad, snap.nowMs, { ...cls.risk, discountRateAnnualWad: discount });
        const lends = gradedInvoiceValueWad(t, p.priceWad, snap.nowMs, cls.risk, rates);
        return row(
          <>
            #{String(id)} lends <strong><Amount wad={lends} unit={unit} /></strong>: {formatUnits(t.faceValueWad)} {t.key} due {formatDateMs(t.dueDateMs)}, discounted at {percentText(discount)} %/year
            {discount !== cls.risk.discountRateAnnualWad ? ` (the class alone: ${percentText(cls.risk.discountRateAnnualWad)} %)` : ''} → <Amount wad={discounted} unit={unit} />, × {percentText(rates.advanceWad)} % advance for
            grade {e?.grade}. The liquidation check keeps the class’s terms: <Amount wad={classValue} unit={unit} />.
          </>,
        );
      })}
    </div>
  );
}

/** On the Debtor screen: "My grade", why, and what each invoice class lends for it. */
export function MyGrade() {
  const { snap, account } = useApp();
  if (!snap.credit || !account) return null;
  const me = snap.debtors.find((d) => d.account === account);
  const record = me?.record ?? ZERO;
  const own = explainGrade({ debtor: 'You', record, grade: snap.credit.grades.get(account) });
  const invoiceClasses = snap.classes.filter((c) => c.kind === 'Invoice');
  return (
    <div className="grade" data-testid="my-grade" data-grade={own.grade}>
      <h3>
        Your grade: <span data-testid="grade-letter">{own.grade}</span>
      </h3>
      <p data-testid="grade-why">{own.gradeSentence.replace(/^Debtor You is/, 'You are')}</p>
      <ul>
        {invoiceClasses.map((c) => {
          const e = gradeExplanation(snap, account, c);
          return (
            <li key={c.id} data-testid={`grade-class-${c.id}`}>
              {e?.classSentence}
            </li>
          );
        })}
      </ul>
      <p className="muted">
        Only adverse facts move a grade: each late payment is a point, every started 15 days late another, a default 3, a dispute 1 (B from 1 point, C from 4 or a payment more than 30
        days late, D from 8 or more than 60, E while a default is unpaid). Paying on time never lowers the points: a supplier and its buyer could manufacture on-time payments.
      </p>
    </div>
  );
}
