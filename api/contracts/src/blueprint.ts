import { z } from 'zod';
import { LEVELS } from './domain.js';
import { ITEM_TYPES, ITEM_TYPE_LABELS } from './question-bank.js';

/**
 * 组卷方案 (blueprint): what one paper of an occupation × level × subject holds — per item type, how many
 * items, their points, and how many of each topic and difficulty. The points add up to 100 (every
 * component is out of 100). Points are in tenths, like the items' (1 point = 10).
 */

/** 多选题 scoring: all or nothing, half the points for a correct subset, or points in proportion to it. */
export const PARTIAL_CREDIT_RULES = ['none', 'half_for_subset', 'proportional_subset'] as const;
export type PartialCreditRule = (typeof PARTIAL_CREDIT_RULES)[number];
export const PARTIAL_CREDIT_LABELS: Record<PartialCreditRule, string> = {
  none: '全部选对才得分',
  half_for_subset: '少选得一半分，错选不得分',
  proportional_subset: '少选按选对的比例得分，错选不得分',
};

const quota = z.record(z.string().trim().min(1).max(60), z.int().min(1).max(500));

export const blueprintSectionSchema = z
  .strictObject({
    type: z.enum(ITEM_TYPES, { error: `题型应为 ${ITEM_TYPES.join('、')} 之一` }),
    title: z.string().trim().min(1).max(40).optional(),
    count: z.int({ error: '题数应为整数' }).min(1, { error: '每个题型至少 1 题' }).max(500),
    pointsTenths: z.int({ error: '分值应为整数（以 0.1 分计）' }).min(1).max(500),
    /** items per topic (知识点); the rest of `count` may be of any topic */
    topics: quota.optional(),
    /** items per difficulty "1"…"5"; the rest of `count` may be of any difficulty */
    difficulty: z.partialRecord(z.enum(['1', '2', '3', '4', '5']), z.int().min(1).max(500)).optional(),
    partialCredit: z.enum(PARTIAL_CREDIT_RULES).default('none'),
  })
  .superRefine((s, ctx) => {
    const label = ITEM_TYPE_LABELS[s.type];
    for (const [name, map] of [
      ['topics', s.topics],
      ['difficulty', s.difficulty],
    ] as const) {
      const sum = Object.values(map ?? {}).reduce((a, b) => a + b, 0);
      if (sum > s.count)
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `${label}的${name === 'topics' ? '知识点' : '难度'}分配共 ${sum} 题，超过该题型的 ${s.count} 题`,
        });
    }
    if (s.partialCredit !== 'none' && s.type !== 'multiple')
      ctx.addIssue({ code: 'custom', path: ['partialCredit'], message: '只有多项选择题可以设置少选得分' });
  });
export type BlueprintSection = z.output<typeof blueprintSectionSchema>;

export const blueprintSchema = z
  .strictObject({
    occupation: z.string().trim().min(2).max(16),
    level: z.enum(LEVELS, { error: '等级应为 L5 至 L1' }),
    subject: z.string().trim().min(1).max(32),
    name: z.string().trim().min(1).max(100),
    durationMinutes: z.int().min(5).max(600),
    sections: z.array(blueprintSectionSchema).min(1, { error: '至少一个题型' }),
    shuffleItems: z.boolean().default(true),
    shuffleOptions: z.boolean().default(true),
  })
  .superRefine((b, ctx) => {
    const total = b.sections.reduce((sum, s) => sum + s.count * s.pointsTenths, 0);
    if (total !== 1000)
      ctx.addIssue({
        code: 'custom',
        path: ['sections'],
        message: `各题型分值合计应为 100 分，现为 ${total / 10} 分`,
      });
  });
export type Blueprint = z.output<typeof blueprintSchema>;
export type BlueprintInput = z.input<typeof blueprintSchema>;

/** What a bank lacks to fill a blueprint. */
export interface BlueprintShortage {
  section: number;
  type: string;
  /** 'type', or the topic / difficulty that is short */
  what: string;
  needed: number;
  available: number;
  message: string;
}
