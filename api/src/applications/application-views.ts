import {
  levelName,
  maskIdNumber,
  type ApplicationDetail,
  type ApplicationSummary,
  type EligibilityInput,
  type EligibilityResult,
  type FeeOrderView,
  type PolicyDocument,
  type ReviewStageView,
} from '@exam/contracts';
import type { Actor } from '../access/actor.js';
import { toDay, toIso } from '../common/iso.js';
import type { Discrepancy } from './application-input.js';
import type { ApplicationDetailRow, ApplicationSummaryRow } from './applications.repository.js';
import { mayDecideAt, type ResolvedStage } from './review-chain.js';

/** statuses in which a stage of the chain holds the application (deciding, or running its 公示) */
const ACTIVE = new Set(['in_review', 'publicity']);

function stageOf(row: ApplicationSummaryRow, policy: PolicyDocument): ReviewStageView | null {
  if (!ACTIVE.has(row.status) || !row.stageOrganisation) return null;
  const kind = row.stageOrganisation.kind;
  return {
    index: row.stageIndex,
    name: `${policy.reviewChain.find((s) => s.orgKind === kind)?.name ?? kind}${row.status === 'publicity' ? '（公示）' : ''}`,
    orgKind: kind,
    organisationId: row.stageOrganisation.id,
    organisationName: row.stageOrganisation.name,
  };
}

export function toApplicationSummary(
  row: ApplicationSummaryRow,
  policy: PolicyDocument,
  actor: Actor,
): ApplicationSummary {
  const stage = stageOf(row, policy);
  return {
    id: row.id,
    number: row.number,
    batchId: row.batchId,
    batchName: row.batch.name,
    personId: row.personId,
    personName: row.person.name,
    idNumberMasked: maskIdNumber(row.person.idNumber),
    organisationId: row.organisationId,
    organisationName: row.organisation.name,
    occupationName: row.occupation.name,
    targetLevel: row.targetLevel,
    targetLevelName: levelName(policy, row.targetLevel),
    applicationType: row.applicationType,
    status: row.status,
    eligible: row.eligible,
    stage,
    round: row.round,
    locked: row.lockedAt !== null,
    submittedAt: toIso(row.submittedAt),
    updatedAt: row.updatedAt.toISOString(),
    awaitingMe: row.status === 'in_review' && !!stage && mayDecideAt(actor, stage),
  };
}

export function toFeeView(
  fee: ApplicationDetailRow['fees'][number],
  application: { number: string; personName: string },
): FeeOrderView {
  return {
    id: fee.id,
    applicationId: fee.applicationId,
    applicationNumber: application.number,
    personName: application.personName,
    item: fee.item,
    name: fee.name,
    amountFen: fee.amountFen,
    reference: fee.reference,
    status: fee.status,
    paidAt: toIso(fee.paidAt),
    paidAmountFen: fee.paidAmountFen,
    paymentMethod: fee.paymentMethod,
  };
}

export function toApplicationDetail(
  row: ApplicationDetailRow,
  policy: PolicyDocument,
  actor: Actor,
  extra: {
    materials: ApplicationDetail['materials'];
    requiredMaterials: ApplicationDetail['requiredMaterials'];
    chain: ResolvedStage[];
    discrepancies: Discrepancy[];
    actions: ApplicationDetail['actions'];
  },
): ApplicationDetail {
  const summary = toApplicationSummary(row, policy, actor);
  const entry = [...row.publicityEntries].sort((a, b) =>
    b.publicity.startsOn.getTime() === a.publicity.startsOn.getTime()
      ? 0
      : b.publicity.startsOn.getTime() - a.publicity.startsOn.getTime(),
  )[0];
  return {
    ...summary,
    policyId: row.policyVersion.policyId,
    policyVersion: row.policyVersion.version,
    declared: row.declared as unknown as EligibilityInput,
    eligibility: row.eligibility as unknown as EligibilityResult,
    discrepancies: extra.discrepancies,
    chain: extra.chain.map((s) => ({
      index: s.index,
      name: s.name,
      orgKind: s.orgKind,
      organisationId: s.organisationId,
      organisationName: s.organisationName,
    })),
    history: row.reviews.map((r) => ({
      round: r.round,
      stageName: r.stageName,
      decision: r.decision,
      reason: r.reason,
      reviewerName: r.reviewerName,
      eligibleAtDecision: r.eligibleAtDecision,
      at: r.at.toISOString(),
    })),
    deferredMaterials: row.deferredMaterials,
    materials: extra.materials,
    requiredMaterials: extra.requiredMaterials,
    publicity: entry
      ? {
          id: entry.publicity.id,
          startsOn: toDay(entry.publicity.startsOn),
          endsOn: toDay(entry.publicity.endsOn),
          status: entry.publicity.status,
          objection: entry.objection,
        }
      : null,
    fees: row.fees.map((f) => toFeeView(f, { number: row.number, personName: row.person.name })),
    actions: extra.actions,
  };
}
