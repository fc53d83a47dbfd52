import {
  ASSESSMENT_GRADE_LABELS,
  EDUCATION_LABELS,
  type EligibilityInput,
  type Level,
} from '@exam/contracts';
import { toDay } from '../common/iso.js';

/** The person's archive (人事档案) as the applications module reads it. */
export interface ArchiveRecord {
  idNumber: string;
  sex: 'M' | 'F';
  birthDate: Date;
  education: EligibilityInput['person']['education'];
  workStartDate: Date;
  regularizedOn: Date | null;
  retiredOn: Date | null;
  grades: { level: Level; certifiedOn: Date; appointedOn: Date | null; occupation: { name: string } }[];
  annualAssessments: {
    year: number;
    grade: EligibilityInput['annualAssessments'][number]['grade'];
    excellentPartyMember: boolean;
  }[];
  honours: { kind: string; title: string; awardedOn: Date; grantedBy: string }[];
  sanctions: { kind: EligibilityInput['sanctions'][number]['kind']; startsOn: Date; endsOn: Date | null }[];
}

const LEVEL_RANK: Record<Level, number> = { L5: 1, L4: 2, L3: 3, L2: 4, L1: 5 };

/** The highest grade held (the grade that an application builds on). */
export function currentGrade(archive: ArchiveRecord) {
  return [...archive.grades].sort(
    (a, b) => LEVEL_RANK[b.level] - LEVEL_RANK[a.level] || b.certifiedOn.getTime() - a.certifiedOn.getTime(),
  )[0];
}

/** A prefilled application body from the archive: what the applicant then checks and completes. */
export function prefillFromArchive(
  archive: ArchiveRecord,
  target: { occupation: string; level: Level },
): Omit<EligibilityInput, 'applicationType'> & { applicationType: 'normal' } {
  const grade = currentGrade(archive);
  return {
    targetLevel: target.level,
    occupation: target.occupation,
    applicationType: 'normal',
    person: {
      idNumber: archive.idNumber,
      sex: archive.sex,
      birthDate: toDay(archive.birthDate),
      education: archive.education,
      workStartDate: toDay(archive.workStartDate),
      regularizedOn: toDay(archive.regularizedOn),
      retiredOn: toDay(archive.retiredOn),
    },
    currentGrade: grade
      ? {
          level: grade.level,
          occupation: grade.occupation.name,
          certifiedOn: toDay(grade.certifiedOn),
          appointedOn: toDay(grade.appointedOn),
        }
      : null,
    annualAssessments: archive.annualAssessments.map((a) => ({
      year: a.year,
      grade: a.grade,
      excellentPartyMember: a.excellentPartyMember,
    })),
    honours: archive.honours.map((h) => ({
      kind: h.kind,
      title: h.title,
      awardedOn: toDay(h.awardedOn),
      grantedBy: h.grantedBy,
    })),
    professionalTitle: null,
    sanctions: archive.sanctions.map((s) => ({
      kind: s.kind,
      startsOn: toDay(s.startsOn),
      endsOn: toDay(s.endsOn),
    })),
    exceptionalCategory: null,
    exceptionalUsed: [],
    transferIn: null,
    continuingEducationYears: [],
  };
}

export interface Discrepancy {
  field: string;
  declared: string;
  archive: string;
}

const show = (value: string | null | undefined) => value ?? '（空）';

/**
 * Where the declaration differs from the archive: reviewers see these beside the application (seed 001
 * 三（三）: 基本信息与其人事档案保持一致).
 */
export function discrepancies(
  declared: EligibilityInput,
  archive: ArchiveRecord,
  levelName: (level: Level) => string = (l) => l,
): Discrepancy[] {
  const out: Discrepancy[] = [];
  const compare = (field: string, a: string | null | undefined, b: string | null | undefined) => {
    if ((a ?? null) !== (b ?? null)) out.push({ field, declared: show(a), archive: show(b) });
  };
  compare('参加工作时间', declared.person.workStartDate, toDay(archive.workStartDate));
  compare('转正定级时间', declared.person.regularizedOn, toDay(archive.regularizedOn));
  compare(
    '文化程度',
    EDUCATION_LABELS[declared.person.education],
    EDUCATION_LABELS[archive.education as keyof typeof EDUCATION_LABELS],
  );
  const grade = currentGrade(archive);
  const declaredGrade = declared.currentGrade;
  compare(
    '现等级',
    declaredGrade
      ? `${levelName(declaredGrade.level)} ${declaredGrade.occupation} ${declaredGrade.certifiedOn}`
      : null,
    grade ? `${levelName(grade.level)} ${grade.occupation.name} ${toDay(grade.certifiedOn)}` : null,
  );
  const archived = new Map(archive.annualAssessments.map((a) => [a.year, a.grade]));
  for (const a of declared.annualAssessments) {
    const b = archived.get(a.year);
    if (b !== a.grade)
      out.push({
        field: `${a.year}年度考核`,
        declared: ASSESSMENT_GRADE_LABELS[a.grade],
        archive: b ? ASSESSMENT_GRADE_LABELS[b] : '（档案无记录）',
      });
  }
  const declaredSanctions = new Set(declared.sanctions.map((s) => `${s.kind}@${s.startsOn}`));
  for (const s of archive.sanctions) {
    if (!declaredSanctions.has(`${s.kind}@${toDay(s.startsOn)}`))
      out.push({
        field: '处分或审查',
        declared: '（未填报）',
        archive: `${s.kind}，自 ${toDay(s.startsOn)}`,
      });
  }
  return out;
}
