import { z } from 'zod';
import { ID_NUMBER_PROBLEM_TEXT, parseIdNumber } from './id-number.js';

export const uuidSchema = z.uuid({ error: '应为 UUID 格式的编号' });

/** A reason for a decision: required, trimmed, 2–500 characters. */
export const reasonSchema = z
  .string({ error: '请填写理由' })
  .trim()
  .min(2, { error: '理由至少 2 个字' })
  .max(500, { error: '理由不能超过 500 字' });

export const idNumberSchema = z.string({ error: '请填写身份证号' }).transform((value, ctx) => {
  const parsed = parseIdNumber(value);
  if (typeof parsed === 'string') {
    ctx.addIssue({ code: 'custom', message: ID_NUMBER_PROBLEM_TEXT[parsed] });
    return z.NEVER;
  }
  return parsed.idNumber;
});

/** A calendar day as YYYY-MM-DD. */
export const dateSchema = z.iso.date({ error: '日期格式应为 YYYY-MM-DD' });

export const pageQuerySchema = z.strictObject({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
