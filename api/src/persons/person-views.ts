import { maskIdNumber, maskPhone, type PersonDetail, type PersonSummary } from '@exam/contracts';
import { toDay } from '../common/iso.js';
import type { PersonDetailRow, PersonSummaryRow } from './persons.repository.js';

const LEVEL_ORDER = ['L5', 'L4', 'L3', 'L2', 'L1'];

function highestLevel(grades: { level: string }[]) {
  let best: string | null = null;
  for (const g of grades)
    if (best === null || LEVEL_ORDER.indexOf(g.level) > LEVEL_ORDER.indexOf(best)) best = g.level;
  return best as PersonSummary['currentLevel'];
}

export function toPersonSummary(row: PersonSummaryRow | PersonDetailRow): PersonSummary {
  return {
    id: row.id,
    name: row.name,
    idNumberMasked: maskIdNumber(row.idNumber),
    sex: row.sex,
    birthDate: toDay(row.birthDate),
    organisationId: row.organisationId,
    organisationName: row.organisation.name,
    occupationName: row.occupation?.name ?? null,
    currentLevel: highestLevel(row.grades),
  };
}

export function toPersonDetail(row: PersonDetailRow): PersonDetail {
  return {
    ...toPersonSummary(row),
    ethnicity: row.ethnicity,
    education: row.education,
    politicalStatus: row.politicalStatus,
    phoneMasked: maskPhone(row.phone),
    workStartDate: toDay(row.workStartDate),
    regularizedOn: toDay(row.regularizedOn),
    annualAssessments: row.annualAssessments.map((a) => ({
      year: a.year,
      grade: a.grade,
      excellentPartyMember: a.excellentPartyMember,
    })),
    grades: row.grades.map((g) => ({
      level: g.level,
      occupationName: g.occupation.name,
      certifiedOn: toDay(g.certifiedOn),
      appointedOn: toDay(g.appointedOn),
      certificateNo: g.certificateNo,
    })),
    honours: row.honours.map((h) => ({
      kind: h.kind,
      title: h.title,
      grantedBy: h.grantedBy,
      awardedOn: toDay(h.awardedOn),
    })),
    sanctions: row.sanctions.map((s) => ({
      kind: s.kind,
      startsOn: toDay(s.startsOn),
      endsOn: toDay(s.endsOn),
      reason: s.reason,
    })),
  };
}
