import { z } from 'zod';
import { dateSchema, idNumberSchema, reasonSchema, uuidSchema, pageQuerySchema } from './common.js';
import {
  ASSESSMENT_GRADES,
  EDUCATIONS,
  LEVELS,
  SEXES,
  type AssessmentGrade,
  type Education,
  type Level,
  type Sex,
} from './domain.js';

export const createPersonRequestSchema = z.strictObject({
  idNumber: idNumberSchema,
  name: z
    .string({ error: '请填写姓名' })
    .trim()
    .min(2, { error: '姓名至少 2 个字' })
    .max(64, { error: '姓名不能超过 64 个字' }),
  sex: z.enum(SEXES, { error: '性别应为 M（男）或 F（女）' }),
  birthDate: dateSchema,
  ethnicity: z.string().trim().max(32).optional(),
  education: z.enum(EDUCATIONS, { error: `文化程度应为 ${EDUCATIONS.join('、')} 之一` }),
  politicalStatus: z.string().trim().max(32).optional(),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+\- ]{7,20}$/, { error: '电话号码格式不正确' })
    .optional(),
  organisationId: uuidSchema,
  occupationId: uuidSchema.optional(),
  workStartDate: dateSchema,
  regularizedOn: dateSchema.optional(),
});
export type CreatePersonRequest = z.infer<typeof createPersonRequestSchema>;

export const personListQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(64).optional(),
  organisationId: uuidSchema.optional(),
});

export const revealIdNumberRequestSchema = z.strictObject({ reason: reasonSchema });

export interface PersonSummary {
  id: string;
  name: string;
  /** masked unless the caller asked to reveal it with a reason */
  idNumberMasked: string;
  sex: Sex;
  birthDate: string;
  organisationId: string;
  organisationName: string;
  occupationName: string | null;
  currentLevel: Level | null;
}

export interface PersonDetail extends PersonSummary {
  ethnicity: string | null;
  education: Education;
  politicalStatus: string | null;
  phoneMasked: string | null;
  workStartDate: string;
  regularizedOn: string | null;
  annualAssessments: { year: number; grade: AssessmentGrade; excellentPartyMember: boolean }[];
  grades: {
    level: Level;
    occupationName: string;
    certifiedOn: string;
    appointedOn: string | null;
    certificateNo: string | null;
  }[];
  honours: { kind: string; title: string; grantedBy: string; awardedOn: string }[];
  sanctions: { kind: string; startsOn: string; endsOn: string | null; reason: string }[];
}

export const LEVEL_VALUES = LEVELS;
export const ASSESSMENT_GRADE_VALUES = ASSESSMENT_GRADES;
