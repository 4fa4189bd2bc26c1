/**
 * What the snapshot says the vault values a position's NFTs with beyond their terms: the
 * condition monitor's factor for goods (under the position's class's policy) and the credit
 * pricer's rates for invoices (the position's class and debtor), only when the vault uses them
 * (the vault's `data_sources()` name them). lib/risk.ts does the arithmetic.
 */
import { conditionOf, type ConditionVerdict } from '../lib/condition';
import { invoiceRates, type Grade } from '../lib/grade';
import type { Grading, PledgedAsset, PositionInput } from '../lib/risk';
import { ratesKey, type PositionRow, type Snapshot } from './suite';

/** Goods `assetId`'s condition under class `classId`'s policy now (undefined: no monitor in the deployment). */
export function conditionVerdict(snap: Snapshot, assetId: bigint, classId: number): ConditionVerdict | undefined {
  const c = snap.condition;
  if (!c) return undefined;
  return conditionOf(c.lots.get(assetId), c.policies.get(classId), snap.nowMs);
}

/** `asset` with its condition factor under class `classId` when the vault values goods with the monitor. */
export function withCondition(snap: Snapshot, asset: PledgedAsset, classId: number): PledgedAsset {
  if (asset.terms.kind === 'Invoice' || !snap.condition?.applied) return asset;
  return { ...asset, condition: { factorWad: conditionVerdict(snap, asset.id, classId)?.factorWad } };
}

/**
 * What class `classId` lends against `debtor`'s invoices by its grade, when the vault asks the
 * pricer: the pricer's own answer (its score included), else the table's row for the grade read.
 */
export function gradingFor(snap: Snapshot, classId: number, debtor: string | undefined): Grading | undefined {
  const c = snap.credit;
  if (!c?.applied || !debtor) return undefined;
  const answer = c.rates.get(ratesKey(classId, debtor));
  if (answer) return 'rates' in answer ? answer.rates : 'refused' in answer ? { refused: answer.refused } : undefined;
  const table = c.tables.get(classId);
  const grade: Grade | undefined = c.grades.get(debtor);
  return table && grade ? invoiceRates(table, grade) : undefined;
}

/** A position as lib/risk.ts values it: its pledged NFTs (with their condition) and its debtor's grading. */
export function positionInput(snap: Snapshot, pos: PositionRow): PositionInput {
  const assets = pos.assetIds.flatMap((id) => {
    const a = snap.pledged.get(id);
    return a ? [withCondition(snap, a, pos.classId)] : [];
  });
  const grading = gradingFor(snap, pos.classId, pos.debtor);
  return { art: pos.art, assets, priceKey: pos.priceKey, debtor: pos.debtor, ...(grading ? { grading } : {}) };
}
