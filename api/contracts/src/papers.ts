import { z } from 'zod';
import { blueprintSchema, type Blueprint, type BlueprintShortage } from './blueprint.js';
import { reasonSchema, uuidSchema } from './common.js';
import { LEVELS, type Level } from './domain.js';
import type { ItemType, RubricPoint } from './question-bank.js';

/**
 * 组卷方案 (blueprints) as stored and versioned, 组卷 (assembling a sitting's papers) and 阅卷 (marking short
 * answers), as the office and the panels see them.
 */

// ── subjects: sittings ↔ banks ──

/** The banks' subject codes of the three 人机对话 subjects of seed 003 (五级至二级). */
export const BANK_SUBJECT_CODES: Record<string, string> = {
  职业道德: 'ZD',
  职业能力: 'NL',
  岗位技能: 'JN',
};

/**
 * The blueprint subject of a theory sitting without a subject (one 理论知识 paper: seed 003's 一级, and the
 * theory component of the regions whose policies name no subjects). Its items come from every subject of
 * the occupation's bank.
 */
export const WHOLE_BANK_SUBJECT = 'LL';

export const BLUEPRINT_SUBJECT_NAMES: Record<string, string> = {
  ZD: '职业道德',
  NL: '职业能力',
  JN: '岗位技能',
  [WHOLE_BANK_SUBJECT]: '理论知识',
};

/**
 * The blueprint subject of a sitting: Sitting.subject holds the policy's subject name (职业道德…), mapped
 * to the bank's code (ZD…); a code is taken as it is; an unknown name is used as it is (a bank whose items
 * carry that subject); no subject → WHOLE_BANK_SUBJECT.
 */
export function blueprintSubjectOf(sittingSubject: string | null | undefined): string {
  const subject = sittingSubject?.trim();
  if (!subject) return WHOLE_BANK_SUBJECT;
  return BANK_SUBJECT_CODES[subject] ?? subject;
}

// ── blueprints ──

export const saveBlueprintSchema = z.strictObject({
  spec: blueprintSchema,
  reason: reasonSchema,
});
export type SaveBlueprintRequest = z.input<typeof saveBlueprintSchema>;

export const blueprintListQuerySchema = z.strictObject({
  occupationCode: z.string().trim().min(2).max(16).optional(),
  level: z.enum(LEVELS, { error: '等级应为 L5 至 L1' }).optional(),
  subject: z.string().trim().min(1).max(32).optional(),
});
export type BlueprintListQuery = z.input<typeof blueprintListQuerySchema>;

export interface BlueprintView {
  id: string;
  occupationCode: string;
  level: Level;
  subject: string;
  version: number;
  name: string;
  durationMinutes: number;
  spec: Blueprint;
  specHash: string;
  createdBy: string;
  reason: string;
  createdAt: string;
}

export interface SaveBlueprintResult {
  blueprint: BlueprintView;
  /** false when the spec was identical to the latest version (nothing written) */
  created: boolean;
}

// ── assembling a sitting's papers ──

export const assemblePapersSchema = z.strictObject({ reason: reasonSchema });
export type AssemblePapersRequest = z.input<typeof assemblePapersSchema>;

/** Candidates of one occupation × level × subject, who share a blueprint and a selection of items. */
export interface PaperGroupSummary {
  occupationCode: string;
  level: Level;
  subject: string;
  blueprintId: string;
  blueprintName: string;
  blueprintVersion: number;
  candidates: number;
  items: number;
  totalPointsTenths: number;
  durationMinutes: number;
}

export interface PaperAssemblyReport {
  sittingId: string;
  papers: number;
  /** papers (and their attempts) replaced by this assembly */
  replaced: number;
  groups: PaperGroupSummary[];
  assembledAt: string;
}

export interface SittingPapersSummary {
  sittingId: string;
  count: number;
  groups: PaperGroupSummary[];
  assembledAt: string | null;
  /** attempts that have left 未登录 (re-assembly is refused once there is one) */
  attemptsStarted: number;
}

/** A group the bank or the blueprints cannot serve (in a refused assembly's `issues`). */
export interface PaperGroupShortage {
  occupationCode: string;
  level: Level;
  subject: string;
  shortages: BlueprintShortage[];
}

// ── marking (阅卷) ──

export const MARKING_STATUSES = ['pending', 'marked'] as const;
export type MarkingStatus = (typeof MARKING_STATUSES)[number];

export const markingQuerySchema = z.strictObject({
  sittingId: uuidSchema.optional(),
  status: z.enum(MARKING_STATUSES, { error: '状态应为 pending 或 marked' }).optional(),
});
export type MarkingQuery = z.input<typeof markingQuerySchema>;

/** A short answer to mark, anonymous: no candidate's name, ID or ticket, only the task's id. */
export interface MarkingTaskView {
  id: string;
  sittingId: string;
  sittingName: string;
  type: ItemType;
  stem: string;
  referenceAnswer: string;
  rubric: RubricPoint[];
  /** the candidate's answer text ('' when none was given) */
  response: string;
  maxTenths: number;
  status: MarkingStatus;
  scoreTenths: number | null;
  comment: string | null;
  markedAt: string | null;
}

export const markTaskSchema = z.strictObject({
  scoreTenths: z.int({ error: '得分应为整数（以 0.1 分计）' }).min(0, { error: '得分不能为负' }),
  comment: z.string().trim().max(500, { error: '评语不能超过 500 字' }).optional(),
  /** required to change a task already marked */
  reason: reasonSchema.optional(),
});
export type MarkTaskRequest = z.input<typeof markTaskSchema>;

export interface MarkTaskResult {
  task: MarkingTaskView;
  /** short answers of the attempt still waiting */
  pendingMarking: number;
  /** the attempt's score out of 100 in tenths once nothing waits */
  attemptScoreTenths: number | null;
}
